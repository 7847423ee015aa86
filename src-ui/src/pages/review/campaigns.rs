//! The Campaigns tab (R53): the access reviews of the organizations where the account
//! runs reviews, newest first, with their state and progress; "Start a review" freezes
//! the chosen organizations' members into a new campaign and opens it.

use super::campaign::CampaignView;
use super::campaign_dialogs::error_line;
use crate::api;
use crate::components::{Dialog, DialogButtons, Errors, Loaded, Meter, Table, col, or_empty};
use crate::format::{count, iso_utc, time};
use crate::state::Ctx;
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::ids::{CampaignId, OrgId};
use rolecall_types::permissions::Permission;
use rolecall_types::review::{Campaign, CampaignState, StartProgress, StartStep};
use rolecall_types::validate::CAMPAIGN_NAME_MAX;

/// A campaign's state as a badge ("In progress", "Signed off", "Applied").
pub(super) fn state_badge(state: CampaignState, id: Option<&'static str>) -> impl IntoView {
    view! {
        <span class=format!("cp-state cp-state-{}", state.code()) id=id data-state=state.code()>
            {state.label()}
        </span>
    }
}

/// The organizations of a campaign, by name ("Acme, Example Inc").
pub(super) fn org_names(campaign: &Campaign) -> String {
    campaign
        .orgs
        .iter()
        .map(|o| o.org_name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
pub(super) fn CampaignsTab() -> impl IntoView {
    // The campaign on screen; `None`: the list.
    let open = RwSignal::new(None::<CampaignId>);
    move || match open.get() {
        Some(id) => {
            view! { <CampaignView id on_back=Callback::new(move |_| open.set(None)) /> }.into_any()
        }
        None => view! { <CampaignList open /> }.into_any(),
    }
}

#[component]
fn CampaignList(open: RwSignal<Option<CampaignId>>) -> impl IntoView {
    let ctx = Ctx::get();
    let campaigns = ctx.read(|| api::call(cmd::ListCampaigns {}));
    let starting = RwSignal::new(false);
    let can_start = move || ctx.can(Permission::ReviewRun);
    view! {
        <section class="card list-card cp-list-card" aria-labelledby="campaigns-title">
            <div class="rv-section-head cp-list-head">
                <h2 id="campaigns-title">"Access reviews"</h2>
                <Show when=can_start>
                    <button class="btn btn-primary" id="campaign-start" on:click=move |_| starting.set(true)>
                        "Start a review"
                    </button>
                </Show>
            </div>
            <Loaded data=campaigns let:all>
                {if all.is_empty() {
                    view! {
                        <div class="empty-state cp-empty" id="campaigns-empty">
                            <p class="cp-empty-title">"No access review yet."</p>
                            <p>
                                "A campaign freezes who has access to one or several organizations as of now. "
                                "You decide for every person — keep, change role, deactivate or remove — sign off, "
                                "apply the decisions through the usual rules, and export the evidence for your auditor."
                            </p>
                            {can_start().then(|| view! {
                                <button class="btn btn-primary" id="campaigns-empty-start" on:click=move |_| starting.set(true)>
                                    "Start a review"
                                </button>
                            })}
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <Table class="rv-table cp-list" id="campaign-list" columns=[
                            col("Campaign"),
                            col("State"),
                            col("As of"),
                            col("Progress").class("cp-progress-col"),
                        ]>
                            {all.into_iter().map(|c| view! { <CampaignLine campaign=c open /> }).collect_view()}
                        </Table>
                    }.into_any()
                }}
            </Loaded>
        </section>
        {move || starting.get().then(|| view! {
            <StartDialog
                on_close=Callback::new(move |_| starting.set(false))
                on_started=Callback::new(move |id| { starting.set(false); open.set(Some(id)); })
            />
        })}
    }
}

#[component]
fn CampaignLine(campaign: Campaign, open: RwSignal<Option<CampaignId>>) -> impl IntoView {
    let id = campaign.id.clone();
    let orgs = org_names(&campaign);
    let decided = campaign.counts.decided();
    view! {
        <tr class="cp-line" data-id=campaign.id.to_string() data-name=campaign.name.clone()>
            <td class="cp-line-name">
                <button class="link cp-open" on:click=move |_| open.set(Some(id.clone()))>
                    <bdi>{campaign.name.clone()}</bdi>
                </button>
                <div class="muted small cp-line-orgs"><bdi>{orgs}</bdi></div>
            </td>
            <td>{state_badge(campaign.state, None)}</td>
            <td class="cp-nowrap">{time(Some(campaign.as_of))}</td>
            <td class="cp-progress-col">
                <Meter label="Reviewed" now=decided max=campaign.population progress=true />
                <span class="muted small cp-line-progress">{campaign.progress()}</span>
            </td>
        </tr>
    }
}

/// "Start a review": the name (made by the core when left empty) and the organizations
/// to include, the current one checked.
#[component]
fn StartDialog(on_close: Callback<()>, on_started: Callback<CampaignId>) -> impl IntoView {
    let ctx = Ctx::get();
    let name = RwSignal::new(String::new());
    let errors = Errors::new();
    let entries = or_empty(ctx.read(|| api::call(cmd::Switcher {})));
    // The organizations the account is an active member of.
    let orgs = Memo::new(move |_| {
        entries
            .get()
            .into_iter()
            .filter(|e| e.invitation_id.is_none() && !e.deactivated)
            .map(|e| (e.org_id, e.name))
            .collect::<Vec<_>>()
    });
    let chosen = RwSignal::new(vec![ctx.org()]);
    // The name the core makes when none is typed.
    let made = move || {
        let names: Vec<String> = orgs.with(|all| {
            all.iter()
                .filter(|(id, _)| chosen.with(|c| c.contains(id)))
                .map(|(_, n)| n.clone())
                .collect()
        });
        let today: String = iso_utc(js_sys::Date::now() as i64)
            .chars()
            .take(10)
            .collect();
        let made = format!("Access review — {}, {today}", names.join(", "));
        if names.len() > 1 && made.chars().count() > CAMPAIGN_NAME_MAX {
            format!("Access review — {} organizations, {today}", names.len())
        } else {
            made
        }
    };
    // The step running, as the core tells it.
    let progress = RwSignal::new(None::<StartProgress>);
    let start = Action::new_local(move |(name, org_ids): &(String, Vec<OrgId>)| {
        let request = cmd::StartCampaign {
            name: name.clone(),
            org_ids: org_ids.clone(),
        };
        progress.set(None);
        async move {
            let done = |c: &Campaign| {
                format!(
                    "Review started: {}.",
                    count(c.population, "person to decide on", "people to decide on")
                )
            };
            let answer = api::with_progress(request, move |p: StartProgress| {
                progress.try_set(Some(p));
            })
            .await;
            if let Some(c) = ctx.settle(answer, done, move |e| errors.show(e, "orgs")) {
                on_started.run(c.id);
            }
        }
    });
    let busy = start.pending();
    // Nothing stops a start once sent: the dialog stays until it is done.
    let close = Callback::new(move |_| {
        if !busy.get_untracked() {
            on_close.run(());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        // In the order the list shows them.
        let picked: Vec<OrgId> = orgs.with_untracked(|all| {
            all.iter()
                .filter(|(id, _)| chosen.with_untracked(|c| c.contains(id)))
                .map(|(id, _)| id.clone())
                .collect()
        });
        start.dispatch((name.get_untracked(), picked));
    };
    let toggle = move |id: OrgId, on: bool| {
        chosen.update(|c| {
            c.retain(|x| *x != id);
            if on {
                c.push(id);
            }
        });
    };
    view! {
        <Dialog id="start-campaign-dialog" labelled_by="start-campaign-title" on_close=close
            close_outside=Signal::derive(move || !busy.get())>
            <form class="form" on:submit=submit novalidate=true>
                <h2 id="start-campaign-title">"Start an access review"</h2>
                <p class="muted small cp-intro">
                    "The members of the organizations you choose are frozen as of now. Decisions change nothing until the campaign is signed off and applied."
                </p>
                <div class="field" class:has-error=move || errors.of("name").get().is_some()>
                    <label for="campaign-name">"Name"</label>
                    <input id="campaign-name" type="text" data-autofocus=true placeholder=made disabled=busy
                        maxlength=CAMPAIGN_NAME_MAX.to_string()
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                    <span class="field-hint">"Optional: left empty, the name above is used."</span>
                    {error_line("campaign-name-error", errors.of("name"))}
                </div>
                // A group rather than a fieldset: WebKit lays a flex fieldset out again
                // at the first focus change, and the dialog jumped under the pointer.
                <div class="field cp-orgs" role="group" aria-labelledby="campaign-orgs-label">
                    <span class="label" id="campaign-orgs-label">"Organizations to include"</span>
                    <div class="cp-org-list" id="campaign-orgs">
                        {move || orgs.get().into_iter().map(|(id, org_name)| {
                            let (key, data) = (id.clone(), id.to_string());
                            let checked = move || chosen.with(|c| c.contains(&id));
                            view! {
                                <label class="toggle cp-org" data-org=data>
                                    <input type="checkbox" prop:checked=checked disabled=busy
                                        on:change=move |ev| toggle(key.clone(), event_target_checked(&ev)) />
                                    <bdi>{org_name}</bdi>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                    {error_line("campaign-orgs-error", errors.of("orgs"))}
                </div>
                <Show when=move || busy.get()>
                    <StartProgressLine progress />
                </Show>
                <DialogButtons submit="campaign-start-submit" on_cancel=close cancel_id="campaign-start-cancel"
                    disabled=Signal::derive(move || busy.get())
                    cancel_disabled=Signal::derive(move || busy.get())
                    label=move || if busy.get() { "Starting…" } else { "Start" } />
            </form>
        </Dialog>
    }
}

/// The step of the start now running, in words.
fn step_words(p: &StartProgress) -> String {
    match p.step {
        StartStep::Snapshot => format!(
            "Freezing {} as of now ({})",
            p.org_name,
            count(p.members, "member", "members")
        ),
        StartStep::Findings => format!("Checking {} for findings", p.org_name),
        StartStep::People => format!(
            "Listing {} of {} for decisions",
            count(p.members, "person", "people"),
            p.org_name
        ),
        StartStep::Save => "Saving the campaign".to_string(),
    }
}

/// A start under way: a bar of the steps done and the one running ("Step 2 of 4:
/// Checking Acme for findings…").
#[component]
fn StartProgressLine(progress: RwSignal<Option<StartProgress>>) -> impl IntoView {
    move || {
        let p = progress.get();
        let (done, total) = p.as_ref().map_or((0, 0), |p| (p.done, p.total));
        let text = match &p {
            None => "Starting…".to_string(),
            Some(p) => format!(
                "Step {} of {}: {}…",
                (p.done + 1).min(p.total),
                p.total,
                step_words(p)
            ),
        };
        view! {
            <div class="cp-start-progress" id="campaign-start-progress" role="status" aria-live="polite">
                <Meter label="Starting the review" now=done max=total progress=true waiting=p.is_none() />
                <span class="muted small" id="campaign-start-progress-text"><bdi>{text}</bdi></span>
            </div>
        }
    }
}
