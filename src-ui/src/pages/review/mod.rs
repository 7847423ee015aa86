//! Review (R52, R56): what needs attention in an organization and what changed.
//! Three tabs: **Findings** (severity counts, one card per finding with the people,
//! invitations, keys or roles it concerns and the remedies it offers, each run through
//! the same commands, rules and audit as by hand), **Changes** (snapshots, taken on
//! demand or at every import, compared with each other or with now) and **All
//! organizations** (each organization's counts; choosing one opens its Review).

mod all;
mod changes;
mod findings;
mod settings;

use crate::components::TabButton;
use crate::state::Ctx;
use all::AllOrganizations;
use changes::Changes;
use findings::FindingsTab;
use leptos::prelude::*;
use rolecall_types::permissions::Permission;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Findings,
    Changes,
    All,
}

/// Whether the signed-in account may review the current organization: the core asks
/// for both Members · view and Audit log · view.
fn can_review(ctx: Ctx) -> bool {
    ctx.can(Permission::MembersView) && ctx.can(Permission::AuditView)
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let ctx = Ctx::get();
    let allowed = Memo::new(move |_| can_review(ctx));
    move || {
        if allowed.get() {
            view! { <Review /> }.into_any()
        } else {
            view! {
                <header class="page-header"><h1>"Review"</h1></header>
                <p class="notice" id="review-not-allowed">
                    "Reviewing access needs the Members · view and Audit log · view permissions. Ask an Owner or Admin of this organization."
                </p>
            }
            .into_any()
        }
    }
}

#[component]
fn Review() -> impl IntoView {
    let ctx = Ctx::get();
    let tab = RwSignal::new(Tab::Findings);
    view! {
        <header class="page-header">
            <h1>"Review"</h1>
            <p class="muted">
                "What needs attention in "
                <span id="review-org-name">{move || ctx.org_name()}</span>
                ", and what changed between snapshots."
            </p>
        </header>
        <div class="tabs" role="tablist" aria-label="Review">
            <TabButton current=tab value=Tab::Findings id="review-tab-findings" label="Findings" controls="review-panel" />
            <TabButton current=tab value=Tab::Changes id="review-tab-changes" label="Changes" controls="review-panel" />
            <TabButton current=tab value=Tab::All id="review-tab-all" label="All organizations" controls="review-panel" />
        </div>
        <div id="review-panel" role="tabpanel">
            {move || match tab.get() {
                Tab::Findings => view! { <FindingsTab /> }.into_any(),
                Tab::Changes => view! { <Changes /> }.into_any(),
                Tab::All => view! { <AllOrganizations /> }.into_any(),
            }}
        </div>
    }
}
