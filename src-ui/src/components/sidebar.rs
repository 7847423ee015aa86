//! The sidebar: the context switcher at the very top, the context's main menu, and the
//! account panel at the bottom (name, plan of the current context, Account settings,
//! Log out).

use crate::api;
use crate::components::{Switcher, or_empty};
use crate::state::{Ctx, Route};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::model::Context;
use rolecall_types::permissions::Permission::{
    self, AgentsView, ApiKeysView, AuditView, BillingView, DataExport, MembersInvite, MembersView,
    ReviewRun,
};

/// A menu entry: its page, label, id, and the sets of permissions that each open it
/// (any one set, with all of its permissions; no sets: always shown).
type MenuEntry = (
    Route,
    &'static str,
    &'static str,
    &'static [&'static [Permission]],
);

/// An organization's main menu; a page the role may not view is left out.
const ORGANIZATION_MENU: &[MenuEntry] = &[
    (Route::Overview, "Overview", "nav-overview", &[]),
    (Route::Members, "Members", "nav-members", &[]),
    (Route::Roles, "Roles & permissions", "nav-roles", &[]),
    (Route::Workspaces, "Workspaces", "nav-workspaces", &[]),
    (Route::Agents, "Agents", "nav-agents", &[&[AgentsView]]),
    (Route::Keys, "API keys", "nav-api-keys", &[&[ApiKeysView]]),
    (Route::Billing, "Billing", "nav-billing", &[&[BillingView]]),
    (Route::Audit, "Audit log", "nav-audit", &[&[AuditView]]),
    (
        Route::Review,
        "Review",
        "nav-review",
        // Findings and changes, or campaigns (R55).
        &[&[MembersView, AuditView], &[MembersView, ReviewRun]],
    ),
    (Route::Export, "Data export", "nav-export", &[&[DataExport]]),
    (
        Route::Import,
        "Import people",
        "nav-import",
        &[&[MembersInvite]],
    ),
    (
        Route::OrgSettings,
        "Organization settings",
        "nav-settings",
        &[],
    ),
];

/// The personal context's main menu.
const PERSONAL_MENU: &[MenuEntry] = &[
    (Route::Personal, "Personal account", "nav-personal", &[]),
    (Route::Agents, "Agents", "nav-agents", &[]),
    (Route::Billing, "Billing", "nav-billing", &[]),
    (
        Route::ChargeHistory,
        "Charge history",
        "nav-charge-history",
        &[],
    ),
];

#[component]
fn MenuLink(route: Route, label: &'static str, id: &'static str) -> impl IntoView {
    let ctx = Ctx::get();
    let target = route.clone();
    let current = Memo::new(move |_| ctx.route.get() == route);
    view! {
        <li>
            <button
                class="menu-item"
                id=id
                class:selected=move || current.get()
                aria-current=move || if current.get() { "page" } else { "false" }
                on:click=move |_| ctx.go_and_open(target.clone(), None)
            >
                {label}
            </button>
        </li>
    }
}

#[component]
pub fn Sidebar(
    /// Opens the About dialog.
    on_about: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = Ctx::get();
    // A memo: the menu is rebuilt when the kind of context changes, not on every session
    // refresh (a rebuilt button under the pointer would swallow the click).
    let in_org = Memo::new(move |_| {
        ctx.session.with(|s| {
            matches!(
                s.as_ref().map(|s| &s.context),
                Some(Context::Organization(_))
            )
        })
    });
    let name = move || {
        ctx.session.with(|s| {
            s.as_ref()
                .map(|s| s.account.full_name())
                .unwrap_or_default()
        })
    };
    let plan_line = move || {
        ctx.session.with(|s| match s {
            Some(s) => format!(
                "{} plan · {}",
                s.plan.label(),
                s.organization
                    .as_ref()
                    .map(|o| o.name.clone())
                    .unwrap_or_else(|| "Personal".into())
            ),
            None => String::new(),
        })
    };
    let expanded = RwSignal::new(false);
    let log_out = move |_| {
        spawn_local(async move {
            let _ = api::call(cmd::SignOut {}).await;
            ctx.session.set(None);
        });
    };
    view! {
        <nav class="sidebar" aria-label="Main">
            <Switcher />
            <ul class="menu">
                {move || {
                    let menu = if in_org.get() { ORGANIZATION_MENU } else { PERSONAL_MENU };
                    menu.iter()
                        .map(|(route, label, id, needs)| {
                            let needs = *needs;
                            view! {
                                <Show when=move || needs.is_empty()
                                    || needs.iter().any(|set| set.iter().all(|p| ctx.can(*p)))>
                                    <MenuLink route=route.clone() label=*label id=*id />
                                </Show>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <div class="account-panel">
                <button
                    class="account-panel-text"
                    id="account-panel-toggle"
                    aria-expanded=move || expanded.get().to_string()
                    aria-controls="account-companies"
                    title="Your companies"
                    on:click=move |_| expanded.update(|e| *e = !*e)
                >
                    <span class="account-name" id="account-name" title=name>{name}</span>
                    <span class="account-plan muted" id="account-plan" title=plan_line>{plan_line}</span>
                </button>
                <Show when=move || expanded.get()>
                    <Companies />
                </Show>
                <div class="account-panel-actions">
                    <button class="btn btn-ghost" id="account-settings-button" on:click=move |_| ctx.route.set(Route::Account)>
                        "Account settings"
                    </button>
                    <button class="btn btn-ghost" id="logout-button" on:click=log_out>"Log out"</button>
                </div>
                <button class="link small" id="about-button" on:click=move |_| on_about()>"About Rolecall"</button>
            </div>
        </nav>
    }
}

/// The companies the account belongs to, read when the panel is expanded (seed 003).
#[component]
fn Companies() -> impl IntoView {
    let ctx = Ctx::get();
    let companies = or_empty(LocalResource::new(|| api::call(cmd::Switcher {})));
    view! {
        <ul class="account-companies" id="account-companies" aria-label="Your companies">
            {move || companies.get().into_iter().filter(|e| e.invitation_id.is_none() && !e.deactivated).map(|c| {
                let id = c.org_id.clone();
                let title = format!("{} · {}", c.name, c.role_name);
                view! {
                    <li>
                        <button class="menu-item" title=title on:click=move |_| {
                            let context = Context::Organization(id.clone());
                            spawn_local(async move {
                                ctx.switch(context, None, Route::Members).await;
                            });
                        }>
                            <bdi>{c.name.clone()}</bdi>
                            <span class="muted small">" · "<bdi>{c.role_name.clone()}</bdi></span>
                        </button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
