//! One campaign (R53–R55, R57): its head (name, state, as of, progress, counts per
//! decision), the actions its state allows — sign off while it is open and everyone is
//! decided, apply once signed off, export the evidence at any time, discard while open —
//! then the table of its people. After applying, what the rules refused is listed.

use super::campaign_dialogs::SignOffDialog;
use super::campaign_table::CampaignTable;
use super::campaigns::{org_names, state_badge};
use crate::api;
use crate::components::{Confirm, Loaded, Meter, Table, col, user};
use crate::format::{capitalized, count, group, time};
use crate::state::Ctx;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::ids::CampaignId;
use rolecall_types::permissions::Permission;
use rolecall_types::review::{
    ApplyReport, Campaign, CampaignState, DecisionCounts, EvidenceFormat,
};

/// The permissions applying uses: without any of them it could change nobody.
const APPLY_NEEDS: [Permission; 3] = [
    Permission::MembersChangeRoles,
    Permission::MembersDeactivate,
    Permission::MembersRemove,
];

/// What applying will do, in words, without a full stop: "Change 3 roles, deactivate
/// 12 and remove 2".
pub(super) fn apply_words(c: &DecisionCounts) -> String {
    let mut parts = Vec::new();
    if c.change_role > 0 {
        parts.push(format!("change {}", count(c.change_role, "role", "roles")));
    }
    if c.deactivate > 0 {
        parts.push(format!("deactivate {}", group(c.deactivate)));
    }
    if c.remove > 0 {
        parts.push(format!("remove {}", group(c.remove)));
    }
    let text = match parts.len() {
        0 => return "Nothing changes: every decision is Keep".to_string(),
        1 => parts.remove(0),
        _ => {
            let last = parts.pop().unwrap_or_default();
            format!("{} and {last}", parts.join(", "))
        }
    };
    capitalized(&text)
}

#[component]
pub(super) fn CampaignView(id: CampaignId, on_back: Callback<()>) -> impl IntoView {
    let ctx = Ctx::get();
    let campaign = {
        let id = id.clone();
        ctx.read(move || {
            api::call(cmd::GetCampaign {
                campaign_id: id.clone(),
            })
        })
    };
    // The last answer, kept while it is read again: the table below keeps its filters,
    // selection and focused row across every decision.
    let current = Memo::new(move |before: Option<&Option<Campaign>>| {
        campaign
            .get()
            .and_then(Result::ok)
            .or_else(|| before.cloned().flatten())
    });
    let loaded = Memo::new(move |_| current.with(Option::is_some));
    // What the last apply did, shown until the campaign is left.
    let report = RwSignal::new(None::<ApplyReport>);
    let signing = RwSignal::new(false);
    view! {
        <div class="cp-page">
            <button class="link cp-back" id="campaign-back" on:click=move |_| on_back.run(())>"← All campaigns"</button>
            <Loaded data=campaign let:c>
                <CampaignHead campaign=c report signing on_back />
            </Loaded>
            {move || report.get().map(|r| view! { <ApplyReportCard report=r /> })}
            {move || loaded.get().then(|| view! { <CampaignTable campaign=current /> })}
        </div>
        {move || signing.get().then(|| view! {
            <SignOffDialog campaign_id=id.clone() on_close=Callback::new(move |_| signing.set(false)) />
        })}
    }
}

#[component]
fn CampaignHead(
    campaign: Campaign,
    report: RwSignal<Option<ApplyReport>>,
    signing: RwSignal<bool>,
    on_back: Callback<()>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let c = campaign.counts;
    let undecided = campaign.population.saturating_sub(c.decided());
    let open = campaign.state == CampaignState::Open;
    let may_run = ctx.can(Permission::ReviewRun);
    // Applying changes roles, deactivates and removes through the usual rules, which
    // the core checks per decision. The window knows the account's permissions in the
    // current organization only, so those stand for every organization of the campaign.
    let may_apply = APPLY_NEEDS.iter().any(|p| ctx.can(*p));
    let id = StoredValue::new(campaign.id.clone());
    let name = StoredValue::new(campaign.name.clone());
    let exporting = RwSignal::new(false);
    let export = move |format: EvidenceFormat| {
        exporting.set(true);
        let campaign_id = id.get_value();
        spawn_local(async move {
            match api::call(cmd::ExportEvidence {
                campaign_id,
                format,
            })
            .await
            {
                Ok(Some(saved)) => ctx.toast(format!("Evidence saved to {}", saved.path)),
                Ok(None) => {}
                Err(e) => ctx.toast_error(e.message),
            }
            exporting.try_set(false);
        });
    };
    let apply = move |_| {
        let words = apply_words(&c);
        ctx.ask(
            Confirm::danger(
                "Apply the decisions?".into(),
                format!(
                    "{words}. Each change goes through the usual rules and the audit log; what the rules refuse is listed and changes nothing. Applying runs once."
                ),
                "Apply decisions",
                "Not now",
            ),
            move || {
                let campaign_id = id.get_value();
                spawn_local(async move {
                    let done = |r: &ApplyReport| {
                        format!(
                            "Decisions applied: {} changed, {} refused.",
                            group(r.applied),
                            group(r.refused.len() as u64)
                        )
                    };
                    if let Some(r) = ctx.send(cmd::ApplyCampaign { campaign_id }, done).await {
                        report.try_set(Some(r));
                    }
                });
            },
        );
    };
    let discard = move |_| {
        ctx.ask(
            Confirm::danger(
                format!("Discard {}?", user(&name.get_value())),
                "The campaign and its decisions are deleted. Nobody's access changes. This cannot be undone.".into(),
                "Discard campaign",
                "Keep it",
            ),
            move || {
                let campaign_id = id.get_value();
                let said = user(&name.get_value());
                spawn_local(async move {
                    let done = move |_: &()| format!("{said} was discarded.");
                    if ctx.send(cmd::DiscardCampaign { campaign_id }, done).await.is_some() {
                        on_back.run(());
                    }
                });
            },
        );
    };
    let sign_title = match undecided {
        0 => "Sign off: the campaign becomes read-only".to_string(),
        1 => "1 person still has no decision".to_string(),
        n => format!("{} people still have no decision", group(n)),
    };
    let blocked = undecided > 0;
    let signed = campaign.sign_off.clone();
    let chip = |key: &'static str, label: &'static str, n: u64| {
        view! {
            <span class="cp-count" data-decision=key class:zero=n == 0>
                {label}" "<strong>{group(n)}</strong>
            </span>
        }
    };
    view! {
        <section class="card cp-head" aria-labelledby="campaign-name">
            <div class="cp-head-top">
                <div class="cp-head-text">
                    <h2 id="campaign-name"><bdi>{campaign.name.clone()}</bdi></h2>
                    <p class="muted small cp-facts">
                        {state_badge(campaign.state, Some("campaign-state"))}
                        <span id="campaign-as-of">{format!("As of {}", time(Some(campaign.as_of)))}</span>
                        <span>"Started by "<bdi>{campaign.started_by.clone()}</bdi></span>
                        <span id="campaign-orgs-line"><bdi>{org_names(&campaign)}</bdi></span>
                    </p>
                </div>
                <div class="header-actions cp-actions">
                    <div class="cp-export" role="group" aria-label="Export evidence">
                        <span class="muted small">"Export evidence"</span>
                        <button class="btn btn-small" id="evidence-csv" disabled=exporting
                            on:click=move |_| export(EvidenceFormat::Csv)>"CSV"</button>
                        <button class="btn btn-small" id="evidence-html" disabled=exporting
                            on:click=move |_| export(EvidenceFormat::Html)>"Report (HTML)"</button>
                    </div>
                    {(open && may_run).then(|| view! {
                        <button class="btn btn-danger-ghost" id="campaign-discard" on:click=discard>"Discard"</button>
                        <button class="btn btn-primary" id="campaign-sign-off" disabled=blocked
                            title=sign_title.clone() on:click=move |_| signing.set(true)>"Sign off…"</button>
                    })}
                    {(campaign.state == CampaignState::Completed && may_run).then(|| if may_apply {
                        view! {
                            <button class="btn btn-primary" id="campaign-apply" on:click=apply>"Apply decisions"</button>
                        }.into_any()
                    } else {
                        view! {
                            <span class="muted small cp-apply-note" id="campaign-apply-not-allowed">
                                "Applying decisions needs the Members permissions to change roles, deactivate and remove."
                            </span>
                        }.into_any()
                    })}
                </div>
            </div>
            <div class="cp-progress">
                <Meter label="Reviewed" now=c.decided() max=campaign.population progress=true />
                <span class="cp-progress-text" id="campaign-progress">{campaign.progress()}</span>
                {(open && undecided > 0).then(|| view! {
                    <span class="muted small" id="campaign-remaining">{sign_title.clone()}</span>
                })}
            </div>
            <div class="cp-counts" id="campaign-counts">
                {chip("keep", "Keep", c.keep)}
                {chip("change_role", "Change role", c.change_role)}
                {chip("deactivate", "Deactivate", c.deactivate)}
                {chip("remove", "Remove", c.remove)}
                {chip("undecided", "Undecided", undecided)}
                {(campaign.state == CampaignState::Applied).then(|| view! {
                    <span class="cp-count cp-applied" id="campaign-applied-counts">
                        {format!("Applied {} · refused {}", group(c.applied), group(c.refused))}
                    </span>
                })}
            </div>
            {signed.map(|s| view! {
                <div class="cp-signed" id="campaign-signed">
                    <p class="small">
                        <strong>"Signed off by "<bdi>{s.reviewer.clone()}</bdi></strong>
                        {format!(" · {}", time(Some(s.at)))}
                        {campaign.applied_at.map(|at| format!(" · applied {}", time(Some(at))))}
                    </p>
                    <blockquote class="cp-statement" id="campaign-statement">{s.statement.clone()}</blockquote>
                </div>
            })}
        </section>
    }
}

/// What applying did: the counts and every refusal with its reason.
#[component]
fn ApplyReportCard(report: ApplyReport) -> impl IntoView {
    let refused = report.refused.len() as u64;
    view! {
        <section class="card cp-report" id="apply-report" aria-labelledby="apply-report-title" role="status">
            <h3 id="apply-report-title">"Decisions applied"</h3>
            <p id="apply-report-counts">
                {format!(
                    "{} · {} · {}",
                    count(report.applied, "change made", "changes made"),
                    count(report.unchanged, "person unchanged", "people unchanged"),
                    count(refused, "refused", "refused"),
                )}
            </p>
            {(refused > 0).then(|| view! {
                <Table class="rv-table cp-refused" id="apply-refused"
                    columns=[col("Person"), col("Decision"), col("Why it was refused")]>
                    {report.refused.into_iter().map(|r| view! {
                        <tr class="cp-refusal" data-email=r.email.clone()>
                            <td><bdi>{r.name.clone()}</bdi><div class="muted small"><bdi>{r.email.clone()}</bdi></div></td>
                            <td>{r.decision.label()}</td>
                            <td class="cp-reason">{r.reason.clone()}</td>
                        </tr>
                    }).collect_view()}
                </Table>
            })}
        </section>
    }
}
