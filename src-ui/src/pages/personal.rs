//! The personal context's home.

use crate::api;
use crate::format::group;
use crate::state::{Ctx, Route};
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::model::Context;

#[component]
pub fn PersonalPage() -> impl IntoView {
    let ctx = Ctx::get();
    let size = RwSignal::new(100_000u32);
    let load_demo = Action::new_local(move |members: &u32| {
        let members = *members;
        async move {
            match api::call(cmd::LoadDemo { members }).await {
                Ok(org) => {
                    let context = Context::Organization(org.id.clone());
                    if ctx.switch(context, None, Route::Members).await.is_some() {
                        ctx.toast(format!("{} is ready.", org.name));
                    }
                }
                Err(e) => ctx.toast_error(e.message),
            }
        }
    });
    let loading = load_demo.pending();
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
            <p class="muted">"Pick one in the switcher (Ctrl+K), create a new one, or start one from an identity provider's export."</p>
            <div class="empty-state-actions">
                <button class="btn btn-primary" id="personal-create-org" on:click=move |_| ctx.route.set(Route::CreateOrganization)>
                    "Create organization"
                </button>
                <button class="btn" id="personal-import" on:click=move |_| ctx.route.set(Route::Import)>
                    "Import from a file"
                </button>
            </div>
        </section>
        <section class="card empty-state">
            <h2>"Try Rolecall at scale"</h2>
            <p class="muted">"Generates an organization of members you own, to try the members table, search and filters."</p>
            <div class="empty-state-actions">
                <label for="demo-size">"Members"</label>
                <select id="demo-size" disabled=loading on:change=move |ev| size.set(event_target_value(&ev).parse().unwrap_or(100_000))>
                    <option value="100000" selected>"100,000"</option>
                    <option value="1000000">"1,000,000 (takes about a minute)"</option>
                </select>
                <button class="btn" id="load-demo" disabled=loading on:click=move |_| { load_demo.dispatch(size.get_untracked()); }>
                    {move || if loading.get() { format!("Generating {} members…", group(u64::from(size.get()))) } else { "Load demo organization".to_string() }}
                </button>
            </div>
        </section>
    }
}
