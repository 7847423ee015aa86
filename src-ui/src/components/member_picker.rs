//! Choosing one member of the organization in a dialog: a search field (searched as you
//! type, in SQLite) and the matching members as toggle buttons. Rows the caller rules
//! out are disabled with the reason in their tooltip and for screen readers.

use crate::api;
use crate::state::{Ctx, gloo_sleep};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::model::{Member, MemberQuery};
use std::sync::Arc;

/// Members shown at most; typing narrows the list.
const SHOWN: u32 = 20;

/// Why a member cannot be chosen, if so.
pub type PickBlock = Arc<dyn Fn(&Member) -> Option<String> + Send + Sync>;
/// A short note shown next to a member's role, if any.
pub type PickNote = Arc<dyn Fn(&Member) -> Option<String> + Send + Sync>;

#[component]
pub fn MemberPicker(
    /// Element ids start with it: `<id>-search`, `<id>-results`, `<id>-no-match`;
    /// candidates carry the class `<id>-candidate`.
    id: &'static str,
    label: &'static str,
    chosen: RwSignal<Option<Member>>,
    /// Runs when a member is chosen (e.g. to clear an error).
    on_pick: Callback<()>,
    block: PickBlock,
    note: PickNote,
) -> impl IntoView {
    let ctx = Ctx::get();
    let search = RwSignal::new(String::new());
    let results = RwSignal::new(None::<Result<Vec<Member>, String>>);
    let total = RwSignal::new(0u64);
    Effect::new(move |_| {
        let typed = search.get();
        spawn_local(async move {
            gloo_sleep(150).await;
            if search.get_untracked() != typed {
                return;
            }
            let Some(org_id) = ctx.org_id() else { return };
            let query = MemberQuery {
                search: typed,
                limit: SHOWN,
                ..MemberQuery::default()
            };
            match api::call(cmd::ListMembers { org_id, query }).await {
                Ok(page) => {
                    total.set(page.total);
                    results.set(Some(Ok(page.rows)));
                }
                Err(e) => results.set(Some(Err(e.message))),
            }
        });
    });
    let candidate_class = format!("grant-candidate {id}-candidate");
    view! {
        <div class="field">
            <label for=format!("{id}-search")>{label}</label>
            <input
                id=format!("{id}-search")
                type="search"
                autocomplete="off"
                data-autofocus=true
                placeholder="Search name or e-mail…"
                aria-controls=format!("{id}-results")
                prop:value=move || search.get()
                on:input=move |ev| search.set(event_target_value(&ev))
            />
        </div>
        <div class="grant-results" id=format!("{id}-results") role="group" aria-label="Members">
            {move || match results.get() {
                None => view! { <p class="muted pad">"Loading…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="form-error pad" role="alert">{message}</p> }.into_any(),
                Some(Ok(rows)) if rows.is_empty() => view! {
                    <p class="muted pad" id=format!("{id}-no-match")>"No active member matches this search."</p>
                }.into_any(),
                Some(Ok(rows)) => rows.into_iter().map(|m| {
                    let reason = block(&m);
                    let blocked = reason.is_some();
                    let title = reason.clone().unwrap_or_else(|| format!("Choose {} {}", m.first_name, m.last_name));
                    let remark = note(&m);
                    let member_id = m.membership_id.clone();
                    let is_chosen = move || chosen.with(|c| c.as_ref().is_some_and(|c| c.membership_id == member_id));
                    let pressed = is_chosen.clone();
                    let pick = m.clone();
                    let name = format!("{} {}", m.first_name, m.last_name);
                    view! {
                        <button
                            type="button"
                            class=candidate_class.clone()
                            aria-pressed=move || pressed().to_string()
                            class:chosen=is_chosen
                            data-email=m.email.clone()
                            disabled=blocked
                            title=title
                            on:click=move |_| {
                                on_pick.run(());
                                chosen.set(Some(pick.clone()));
                            }
                        >
                            <span class="grant-candidate-text">
                                <span class="member-name">{name.clone()}</span>
                                <span class="muted small">{m.email.clone()}</span>
                            </span>
                            <span class="grant-candidate-meta">
                                <span class="badge role-badge">{m.role_name.clone()}</span>
                                {remark.map(|r| view! { <span class="muted small">{r}</span> })}
                                {reason.map(|r| view! { <span class="sr-only">{r}</span> })}
                            </span>
                        </button>
                    }
                }).collect_view().into_any(),
            }}
        </div>
        {move || {
            let shown = results.with(|r| r.as_ref().and_then(|r| r.as_ref().ok()).map_or(0, Vec::len)) as u64;
            (total.get() > shown).then(|| view! {
                <p class="muted small grant-more">{format!("Showing {shown} of {}; type to narrow the list.", total.get())}</p>
            })
        }}
    }
}
