//! Review (R52–R57): what needs attention in an organization, what changed, and the
//! access reviews that decide on everyone. Four tabs: **Findings** (severity counts, one card per finding with the people,
//! invitations, keys or roles it concerns and the remedies it offers, each run through
//! the same commands, rules and audit as by hand), **Changes** (snapshots, taken on
//! demand or at every import, compared with each other or with now) and **All
//! organizations** (each organization's counts; choosing one opens its Review) and
//! **Campaigns** (access reviews: the list, one campaign's table of people with their
//! decisions, sign-off, apply and evidence; shown to those who hold Review · run).

mod all;
mod campaign;
mod campaign_dialogs;
mod campaign_row;
mod campaign_table;
mod campaigns;
mod changes;
mod findings;
mod roster;
mod settings;

use crate::components::{Gate, TabButton};
use crate::state::Ctx;
use all::AllOrganizations;
use campaigns::CampaignsTab;
use changes::Changes;
use findings::FindingsTab;
use leptos::prelude::*;
use rolecall_types::permissions::Permission;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Findings,
    Changes,
    All,
    Campaigns,
}

/// Whether the signed-in account may read findings and snapshots here: the core asks
/// for both Members · view and Audit log · view.
fn can_review(ctx: Ctx) -> bool {
    ctx.can(Permission::MembersView) && ctx.can(Permission::AuditView)
}

/// Whether the signed-in account may run access reviews here (R55): Review · run and
/// Members · view, as the core asks.
fn can_run_reviews(ctx: Ctx) -> bool {
    ctx.can(Permission::MembersView) && ctx.can(Permission::ReviewRun)
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let ctx = Ctx::get();
    let allowed = Memo::new(move |_| can_review(ctx) || can_run_reviews(ctx));
    view! {
        <Gate allowed title="Review" notice=(
            "review-not-allowed",
            "Reviewing access needs the Members · view permission with Audit log · view (findings and changes) or Review · run reviews (campaigns). Ask an Owner or Admin of this organization.",
        )>
            <Review />
        </Gate>
    }
}

#[component]
fn Review() -> impl IntoView {
    let ctx = Ctx::get();
    // Someone who runs reviews without reading the audit log starts on Campaigns.
    let reads = move || can_review(ctx);
    let tab = RwSignal::new(if reads() {
        Tab::Findings
    } else {
        Tab::Campaigns
    });
    view! {
        <header class="page-header">
            <h1>"Review"</h1>
            <p class="muted">
                "What needs attention in "
                <span id="review-org-name">{move || ctx.org_name()}</span>
                ", what changed between snapshots, and access reviews."
            </p>
        </header>
        <div class="tabs" role="tablist" aria-label="Review">
            <Show when=reads>
                <TabButton current=tab value=Tab::Findings id="review-tab-findings" label="Findings" controls="review-panel" />
                <TabButton current=tab value=Tab::Changes id="review-tab-changes" label="Changes" controls="review-panel" />
                <TabButton current=tab value=Tab::All id="review-tab-all" label="All organizations" controls="review-panel" />
            </Show>
            <Show when=move || can_run_reviews(ctx)>
                <TabButton current=tab value=Tab::Campaigns id="review-tab-campaigns" label="Campaigns" controls="review-panel" />
            </Show>
        </div>
        <div id="review-panel" role="tabpanel">
            {move || match tab.get() {
                Tab::Findings => view! { <FindingsTab /> }.into_any(),
                Tab::Changes => view! { <Changes /> }.into_any(),
                Tab::All => view! { <AllOrganizations /> }.into_any(),
                Tab::Campaigns => view! { <CampaignsTab /> }.into_any(),
            }}
        </div>
    }
}
