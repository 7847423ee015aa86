//! A campaign's people (R53): filters (finding, role, status, decided, search), pages
//! of 100 read by offset, and decisions from the keyboard — arrows move the focused
//! row, Space selects it, K / C / D / R decide Keep / Change role / Deactivate / Remove
//! for the selection (or the focused row when nothing is selected). "Select all N
//! matching" asks the core for every person the filters match. Once signed off the
//! table is read-only: no checkboxes, no keys.

use super::campaign_dialogs::RoleDecisionDialog;
use super::campaign_row::{CampaignRow, decided_words, reveal};
use crate::api;
use crate::format::{count, group};
use crate::state::{Ctx, searched, settled};
use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::ids::OrgId;
use rolecall_types::permissions::Permission;
use rolecall_types::review::{
    Campaign, CampaignItems, CampaignQuery, CampaignState, DecideRequest, Decision, FindingKind,
};
use std::collections::BTreeSet;

/// People per page.
const PAGE: u64 = 100;

/// The people a decision is for: the selection, else the focused row.
#[derive(Clone, Copy)]
pub(super) struct Targets {
    pub selected: RwSignal<BTreeSet<u64>>,
    pub cursor: RwSignal<usize>,
    pub rows: Memo<Vec<rolecall_types::review::CampaignItem>>,
}

impl Targets {
    pub(super) fn get(self) -> Vec<u64> {
        let selected = self.selected.get_untracked();
        if !selected.is_empty() {
            return selected.into_iter().collect();
        }
        let at = self.cursor.get_untracked();
        self.rows
            .with_untracked(|r| r.get(at).map(|i| vec![i.num]))
            .unwrap_or_default()
    }
}

#[component]
pub(super) fn CampaignTable(campaign: Memo<Option<Campaign>>) -> impl IntoView {
    let ctx = Ctx::get();
    let id = campaign
        .with_untracked(|c| c.as_ref().map(|c| c.id.clone()))
        .unwrap_or_default();
    let editable = Memo::new(move |_| {
        campaign.with(|c| c.as_ref().is_some_and(|c| c.state == CampaignState::Open))
            && ctx.can(Permission::ReviewRun)
    });
    let several =
        Memo::new(move |_| campaign.with(|c| c.as_ref().is_some_and(|c| c.orgs.len() > 1)));
    let applied = Memo::new(move |_| {
        campaign.with(|c| {
            c.as_ref()
                .is_some_and(|c| c.state == CampaignState::Applied)
        })
    });
    let finding = RwSignal::new(None::<FindingKind>);
    let role = RwSignal::new(None::<String>);
    let active = RwSignal::new(None::<bool>);
    let decided = RwSignal::new(None::<bool>);
    let search = RwSignal::new(String::new());
    let (typed, search_refused) = searched(search, settled(search, 150));
    let page = RwSignal::new(0u64);
    let selected = RwSignal::new(BTreeSet::<u64>::new());
    let cursor = RwSignal::new(0usize);
    let comment = RwSignal::new(String::new());
    let role_for = RwSignal::new(None::<(Vec<u64>, Option<OrgId>)>);
    let filter = Memo::new(move |_| CampaignQuery {
        finding: finding.get(),
        role: role.get(),
        active: active.get(),
        decided: decided.get(),
        search: typed.get(),
        offset: 0,
        limit: PAGE,
    });
    // Other filters start over: first page, nothing selected.
    Effect::new(move |_| {
        filter.track();
        page.set(0);
        cursor.set(0);
        selected.set(BTreeSet::new());
    });
    let items = {
        let id = id.clone();
        ctx.read(move || {
            let mut query = filter.get();
            query.offset = page.get() * PAGE;
            api::call(cmd::CampaignItems {
                campaign_id: id.clone(),
                query,
            })
        })
    };
    // The last answer, kept while the next one is read.
    let shown = Memo::new(move |before: Option<&Option<CampaignItems>>| {
        items
            .get()
            .and_then(Result::ok)
            .or_else(|| before.cloned().flatten())
    });
    let failed = Memo::new(move |_| items.get().and_then(Result::err).map(|e| e.message));
    let rows =
        Memo::new(move |_| shown.with(|s| s.as_ref().map(|s| s.items.clone()).unwrap_or_default()));
    let total = Memo::new(move |_| shown.with(|s| s.as_ref().map_or(0, |s| s.total)));
    let findings = Memo::new(move |_| {
        shown.with(|s| s.as_ref().map(|s| s.findings.clone()).unwrap_or_default())
    });
    let roles =
        Memo::new(move |_| shown.with(|s| s.as_ref().map(|s| s.roles.clone()).unwrap_or_default()));
    // A shorter page (after a decision under the Undecided filter) keeps the cursor in it.
    Effect::new(move |_| {
        let n = rows.with(Vec::len);
        if cursor.get_untracked() >= n {
            cursor.set(n.saturating_sub(1));
        }
    });
    let targets = Targets {
        selected,
        cursor,
        rows,
    };
    let decide = {
        let id = id.clone();
        Action::new_local(move |request: &DecideRequest| {
            let n = request.items.len();
            let decision = request.decision;
            let request = cmd::Decide {
                campaign_id: id.clone(),
                decide: request.clone(),
            };
            async move {
                if ctx
                    .send(request, move |_| decided_words(decision, n))
                    .await
                    .is_some()
                {
                    selected.try_set(BTreeSet::new());
                    comment.try_set(String::new());
                }
            }
        })
    };
    let run = move |decision: Option<Decision>| {
        let items = targets.get();
        if items.is_empty() || !editable.get_untracked() {
            return;
        }
        if decision == Some(Decision::ChangeRole) {
            // The organization of the people chosen, as far as this page shows them.
            let hint = rows.with_untracked(|r| {
                let mut orgs: Vec<OrgId> = r
                    .iter()
                    .filter(|i| items.contains(&i.num))
                    .map(|i| i.org_id.clone())
                    .collect();
                orgs.dedup();
                (orgs.len() == 1).then(|| orgs.remove(0))
            });
            role_for.set(Some((items, hint)));
            return;
        }
        decide.dispatch(DecideRequest {
            items,
            decision,
            role_id: None,
            comment: comment.get_untracked(),
        });
    };
    let select_all = {
        let id = StoredValue::new(id.clone());
        move |_| {
            let request = cmd::CampaignSelect {
                campaign_id: id.get_value(),
                query: filter.get_untracked(),
            };
            spawn_local(async move {
                match api::call(request).await {
                    Ok(nums) => {
                        selected.try_set(nums.into_iter().collect());
                    }
                    Err(e) => ctx.toast_error(e.message),
                }
            });
        }
    };
    let body = NodeRef::<html::Div>::new();
    let on_key = move |ev: KeyboardEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let n = rows.with_untracked(Vec::len);
        let mut moved = true;
        match ev.key().as_str() {
            "ArrowDown" => cursor.update(|c| *c = (*c + 1).min(n.saturating_sub(1))),
            "ArrowUp" => cursor.update(|c| *c = c.saturating_sub(1)),
            "Home" => cursor.set(0),
            "End" => cursor.set(n.saturating_sub(1)),
            key if editable.get_untracked() => {
                moved = false;
                let decision = match key {
                    " " => {
                        let at = cursor.get_untracked();
                        if let Some(num) = rows.with_untracked(|r| r.get(at).map(|i| i.num)) {
                            selected.update(|s| {
                                if !s.remove(&num) {
                                    s.insert(num);
                                }
                            });
                        }
                        ev.prevent_default();
                        return;
                    }
                    "k" | "K" => Decision::Keep,
                    "c" | "C" => Decision::ChangeRole,
                    "d" | "D" => Decision::Deactivate,
                    "r" | "R" => Decision::Remove,
                    _ => return,
                };
                ev.prevent_default();
                run(Some(decision));
            }
            _ => return,
        }
        if moved {
            ev.prevent_default();
            reveal(cursor.get_untracked());
        }
    };
    let more_to_select = move || {
        let t = total.get();
        t > 0 && (selected.with(BTreeSet::len) as u64) < t
    };
    let first = move || page.get() * PAGE;
    let last_page = move || first() + PAGE >= total.get();
    let pages_line = move || {
        let (t, f) = (total.get(), first());
        if t == 0 {
            "Nobody".to_string()
        } else {
            format!(
                "{}–{} of {}",
                group(f + 1),
                group((f + PAGE).min(t)),
                count(t, "person", "people")
            )
        }
    };
    let select_value = |v: Option<bool>| match v {
        None => String::new(),
        Some(true) => "yes".into(),
        Some(false) => "no".into(),
    };
    let parse = |v: String| match v.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    view! {
        <section class="card list-card cp-table-card" aria-label="People in this campaign">
            <div class="cp-filters">
                <input class="search" id="campaign-search" type="search" placeholder="Search name or e-mail…"
                    aria-label="Search people" prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev)) />
                <select id="campaign-filter-finding" aria-label="Filter by finding"
                    on:change=move |ev| finding.set(serde_json::from_value(serde_json::Value::String(event_target_value(&ev))).ok())>
                    <option value="">"All findings"</option>
                    {move || findings.get().into_iter().map(|k| {
                        let code = serde_json::to_value(k).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
                        view! { <option value=code selected=finding.get_untracked() == Some(k)>{k.label()}</option> }
                    }).collect_view()}
                </select>
                <select id="campaign-filter-role" aria-label="Filter by role"
                    on:change=move |ev| role.set(Some(event_target_value(&ev)).filter(|v| !v.is_empty()))>
                    <option value="">"All roles"</option>
                    {move || roles.get().into_iter().map(|r| {
                        let is = role.get_untracked().as_deref() == Some(r.as_str());
                        view! { <option value=r.clone() selected=is>{r.clone()}</option> }
                    }).collect_view()}
                </select>
                <select id="campaign-filter-status" aria-label="Filter by status" prop:value=move || select_value(active.get())
                    on:change=move |ev| active.set(parse(event_target_value(&ev)))>
                    <option value="">"Any status"</option>
                    <option value="yes">"Active"</option>
                    <option value="no">"Deactivated"</option>
                </select>
                <select id="campaign-filter-decided" aria-label="Filter by decision" prop:value=move || select_value(decided.get())
                    on:change=move |ev| decided.set(parse(event_target_value(&ev)))>
                    <option value="">"Decided or not"</option>
                    <option value="no">"Undecided"</option>
                    <option value="yes">"Decided"</option>
                </select>
            </div>
            {move || search_refused.get().map(|m| view! { <p class="form-error cp-pad" role="alert" id="campaign-search-error">{m}</p> })}
            <Show when=move || editable.get()>
                <div class="cp-bulk" id="campaign-bulk">
                    <span class="cp-selected" id="campaign-selected">
                        {move || match selected.with(BTreeSet::len) {
                            0 => "Nothing selected: decisions apply to the focused row".to_string(),
                            n => format!("{} selected", group(n as u64)),
                        }}
                    </span>
                    <Show when=more_to_select>
                        <button class="link" id="campaign-select-all" on:click=select_all>
                            {move || format!("Select all {} matching", group(total.get()))}
                        </button>
                    </Show>
                    <Show when=move || !selected.with(BTreeSet::is_empty)>
                        <button class="link" id="campaign-select-none" on:click=move |_| selected.set(BTreeSet::new())>"Clear selection"</button>
                    </Show>
                    <input class="cp-comment" id="campaign-comment" type="text" placeholder="Comment (optional)"
                        aria-label="Comment for the next decision" prop:value=move || comment.get()
                        on:input=move |ev| comment.set(event_target_value(&ev)) />
                    <div class="cp-decide" role="group" aria-label="Decide">
                        <button class="btn btn-small" id="decide-keep" disabled=decide.pending() on:click=move |_| run(Some(Decision::Keep))>"Keep"</button>
                        <button class="btn btn-small" id="decide-change-role" disabled=decide.pending() on:click=move |_| run(Some(Decision::ChangeRole))>"Change role…"</button>
                        <button class="btn btn-small" id="decide-deactivate" disabled=decide.pending() on:click=move |_| run(Some(Decision::Deactivate))>"Deactivate"</button>
                        <button class="btn btn-small" id="decide-remove" disabled=decide.pending() on:click=move |_| run(Some(Decision::Remove))>"Remove"</button>
                        <button class="btn btn-small btn-ghost" id="decide-clear" disabled=decide.pending() on:click=move |_| run(None)>"Clear decision"</button>
                    </div>
                </div>
            </Show>
            <p class="muted small cp-hint" id="campaign-hint">
                {move || if editable.get() {
                    view! {
                        <kbd>"↑"</kbd><kbd>"↓"</kbd>" move · "<kbd>"Space"</kbd>" select · "
                        <kbd>"K"</kbd>" keep · "<kbd>"C"</kbd>" change role · "<kbd>"D"</kbd>" deactivate · "
                        <kbd>"R"</kbd>" remove — for the selection, or the focused row"
                    }.into_any()
                } else {
                    view! { <span>"Signed off: this campaign is read-only."</span> }.into_any()
                }}
            </p>
            <div class="cp-table-wrap" id="campaign-table" tabindex="0" node_ref=body
                role="grid" aria-multiselectable=move || editable.get().to_string()
                aria-label="People: arrows move, Space selects, K, C, D and R decide"
                aria-activedescendant=move || rows.with(|r| r.get(cursor.get()).map(|i| format!("campaign-row-{}", i.num)))
                on:keydown=on_key>
                <table class="rv-table cp-table" class:cp-editable=move || editable.get() class:cp-several=move || several.get()>
                    <thead>
                        <tr>
                            <Show when=move || editable.get()>
                                <th scope="col" class="cp-check"><span class="sr-only">"Selected"</span></th>
                            </Show>
                            <th scope="col" class="cp-person">"Person"</th>
                            <Show when=move || several.get()><th scope="col" class="cp-org-col">"Organization"</th></Show>
                            <th scope="col" class="cp-role">"Role"</th>
                            <th scope="col" class="cp-signin" title="The latest sign-in known at the start, and two-factor at the source">"Last sign-in"</th>
                            <th scope="col" class="cp-findings">"Findings"</th>
                            <th scope="col" class="cp-decision-col">"Decision"</th>
                            <Show when=move || applied.get()><th scope="col" class="cp-outcome-col">"Outcome"</th></Show>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let (ed, sev, ap) = (editable.get(), several.get(), applied.get());
                            rows.get().into_iter().enumerate().map(|(index, item)| view! {
                                <CampaignRow item index editable=ed several=sev applied=ap selected cursor table=body />
                            }).collect_view()
                        }}
                    </tbody>
                </table>
                <Show when=move || total.get() == 0 && shown.with(Option::is_some)>
                    <div class="empty-state" id="campaign-rows-empty"><p>"Nobody matches these filters."</p></div>
                </Show>
                {move || failed.get().map(|e| view! { <p class="form-error cp-pad" role="alert">{e}</p> })}
            </div>
            <div class="cp-pages">
                <span class="muted small" id="campaign-count">{pages_line}</span>
                <button class="btn btn-small" id="campaign-prev" disabled=move || page.get() == 0
                    on:click=move |_| { page.update(|p| *p = p.saturating_sub(1)); cursor.set(0); }>"Previous"</button>
                <button class="btn btn-small" id="campaign-next" disabled=last_page
                    on:click=move |_| { page.update(|p| *p += 1); cursor.set(0); }>"Next"</button>
            </div>
        </section>
        {move || role_for.get().map(|(items, org_hint)| view! {
            <RoleDecisionDialog campaign items org_hint comment
                on_done=Callback::new(move |_| { selected.set(BTreeSet::new()); comment.set(String::new()); })
                on_close=Callback::new(move |_| {
                    role_for.set(None);
                    if let Some(el) = body.get_untracked() { let _ = el.focus(); }
                }) />
        })}
    }
}
