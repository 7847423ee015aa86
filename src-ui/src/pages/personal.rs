//! The personal context's home.

use crate::api;
use crate::state::{Ctx, Route};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::model::Context;

#[component]
pub fn PersonalPage() -> impl IntoView {
    let ctx = Ctx::get();
    let loading = RwSignal::new(false);
    let load_demo = move |_| {
        loading.set(true);
        spawn_local(async move {
            match api::call(cmd::LoadDemo { members: 100_000 }).await {
                Ok(org) => {
                    match api::call(cmd::SwitchContext {
                        context: Context::Organization(org.id.clone()),
                        invitation_id: None,
                    })
                    .await
                    {
                        Ok(info) => {
                            ctx.session.set(Some(info));
                            ctx.route.set(Route::Members);
                            ctx.toast(format!("{} is ready.", org.name));
                            ctx.version.update(|v| *v += 1);
                        }
                        Err(e) => ctx.toast_error(e.message),
                    }
                }
                Err(e) => ctx.toast_error(e.message),
            }
            loading.set(false);
        });
    };
    let name = move || {
        ctx.session.with(|s| {
            s.as_ref()
                .map(|s| s.account.first_name.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <header class="page-header">
            <h1 id="personal-title">"Personal account"</h1>
            <p class="muted">{move || format!("Hello {}. Your personal balance, plan and agents live here; organizations have their own.", name())}</p>
        </header>
        <section class="card empty-state">
            <h2>"Work in an organization"</h2>
            <p class="muted">"Pick one in the switcher (Ctrl+K), or create a new one."</p>
            <button class="btn btn-primary" id="personal-create-org" on:click=move |_| ctx.route.set(Route::CreateOrganization)>
                "Create organization"
            </button>
        </section>
        <section class="card empty-state">
            <h2>"Try Rolecall at scale"</h2>
            <p class="muted">"Generates an organization with 100,000 members you own, to try the members table, search and filters."</p>
            <button class="btn" id="load-demo" disabled=move || loading.get() on:click=load_demo>
                {move || if loading.get() { "Generating 100,000 members…" } else { "Load demo organization" }}
            </button>
        </section>
    }
}
