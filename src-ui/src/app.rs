//! The app: the start-up error screen, Register / Sign in, or the shell (sidebar and the
//! current page).

use crate::api;
use crate::components::{
    AboutDialog, AuthScreen, ConfirmDialog, InheritedNotice, Sidebar, StartupError, Toasts,
};
use crate::pages::{
    AccountPage, AgentsPage, AuditPage, BillingPage, ChargeHistoryPage, CreatePage, ExportPage,
    ImportPage, KeysPage, MembersPage, OverviewPage, PersonalPage, ReviewPage, RolesPage,
    SettingsPage, WorkspacesPage,
};
use crate::state::{Ctx, Route};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::model::{Context, Theme};

#[component]
pub fn App() -> impl IntoView {
    let ctx = Ctx::new();
    provide_context(ctx);
    let about_open = RwSignal::new(false);
    // The account's theme: System follows the OS (no attribute), Light or Dark override it.
    Effect::new(move |_| {
        let theme = ctx.session.with(|s| s.as_ref().map(|s| s.account.theme));
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = match theme {
                Some(Theme::Light) => root.set_attribute("data-theme", "light"),
                Some(Theme::Dark) => root.set_attribute("data-theme", "dark"),
                _ => root.remove_attribute("data-theme"),
            };
        }
    });
    // What the app knows at start-up; a session it brings is signed in at once.
    let start = LocalResource::new(move || async move {
        let info = api::call(cmd::StartInfo {}).await;
        if let Ok(info) = &info {
            ctx.session.set(info.session.clone());
        }
        info
    });

    move || match start.get() {
        None => view! {
            <div class="splash" role="status" aria-live="polite">"Opening your data…"</div>
        }
        .into_any(),
        Some(Err(error)) => view! { <StartupError error /> }.into_any(),
        Some(Ok(info)) => {
            let app = info.app.clone();
            let data_dir = app.data_dir.clone();
            // R2, R6: whether any account can sign in, as the core knows it; `None` while
            // the core is asked again after a log-out (an account may have been
            // registered or deleted meanwhile).
            let can_sign_in = RwSignal::new(Some(info.has_accounts));
            // Re-render the shell only when signing in or out, and pages only when the
            // route or the context changes — not on every session refresh.
            let signed_in = Memo::new(move |_| ctx.session.with(Option::is_some));
            Effect::new(move |was_signed_in: Option<bool>| {
                let now = signed_in.get();
                if now {
                    can_sign_in.set(None);
                } else if was_signed_in == Some(true) {
                    spawn_local(async move {
                        // If the core cannot say, Sign in (with its link to Register) is
                        // the screen that leaves every way open.
                        let answer = api::call(cmd::StartInfo {}).await.map(|i| i.has_accounts);
                        can_sign_in.set(Some(answer.unwrap_or(true)));
                    });
                }
                now
            });
            let page_key = Memo::new(move |_| {
                (
                    ctx.route.get(),
                    ctx.session.with(|s| s.as_ref().map(|s| s.context.clone())),
                )
            });
            view! {
                {move || if !signed_in.get() {
                    let data_dir = data_dir.clone();
                    (move || match can_sign_in.get() {
                        Some(has_accounts) => view! { <AuthScreen has_accounts data_dir=data_dir.clone() /> }.into_any(),
                        None => view! {
                            <div class="splash" role="status" aria-live="polite">"Signing out…"</div>
                        }.into_any(),
                    }).into_any()
                } else {
                    view! {
                        <div class="shell">
                            <Sidebar on_about=move || about_open.set(true) />
                            <main class="main" id="main">
                                <div class="route-line muted" id="route-path">{move || {
                                    let slug = ctx.session.with(|s| s.as_ref().and_then(|s| s.organization.as_ref()).map(|o| o.slug.clone()));
                                    ctx.route.get().path(slug.as_deref())
                                }}</div>
                                <InheritedNotice />
                                {move || {
                                    let _ = page_key.get();
                                    // A question asked on the page goes with it.
                                    ctx.confirm.set(None);
                                    untrack(|| page(ctx))
                                }}
                                <ConfirmDialog request=ctx.confirm />
                            </main>
                        </div>
                    }.into_any()
                }}
                <Show when=move || about_open.get()>
                    <AboutDialog info=app.clone() on_close=move || about_open.set(false) />
                </Show>
                <Toasts />
            }
            .into_any()
        }
    }
}

/// The page for the current route and context.
fn page(ctx: Ctx) -> AnyView {
    let in_org = ctx.session.with(|s| {
        matches!(
            s.as_ref().map(|s| &s.context),
            Some(Context::Organization(_))
        )
    });
    match ctx.route.get() {
        Route::CreateOrganization => view! { <CreatePage /> }.into_any(),
        Route::Account => view! { <AccountPage /> }.into_any(),
        Route::OrgSettings if in_org => view! { <SettingsPage /> }.into_any(),
        Route::Members if in_org => view! { <MembersPage /> }.into_any(),
        Route::Keys if in_org => view! { <KeysPage /> }.into_any(),
        Route::Overview if in_org => view! { <OverviewPage /> }.into_any(),
        Route::Roles if in_org => view! { <RolesPage /> }.into_any(),
        Route::Workspaces if in_org => view! { <WorkspacesPage /> }.into_any(),
        Route::Audit if in_org => view! { <AuditPage /> }.into_any(),
        Route::Review if in_org => view! { <ReviewPage /> }.into_any(),
        Route::Export if in_org => view! { <ExportPage /> }.into_any(),
        Route::Import => view! { <ImportPage /> }.into_any(),
        Route::Agents => view! { <AgentsPage /> }.into_any(),
        Route::Billing => view! { <BillingPage /> }.into_any(),
        Route::ChargeHistory if !in_org => view! { <ChargeHistoryPage /> }.into_any(),
        _ => view! { <PersonalPage /> }.into_any(),
    }
}
