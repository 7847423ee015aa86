//! Create organization (R11, R12): name (required), slug (optional) with a live preview
//! of the generated slug — suggested by the core, so it is exactly the one that will be
//! used — and the `/o/<slug>/` route.

use crate::api;
use crate::components::Field;
use crate::state::{Ctx, Route};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::model::{self, Context};
use rolecall_types::validate;

#[component]
pub fn CreateOrganizationPage() -> impl IntoView {
    let ctx = Ctx::get();
    let name = RwSignal::new(String::new());
    let slug = RwSignal::new(String::new());
    let suggested = RwSignal::new(String::new());
    let name_error = RwSignal::new(None::<String>);
    let slug_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    // The core's suggestion for a blank slug, refreshed as the name changes.
    Effect::new(move |_| {
        let typed = name.get();
        spawn_local(async move {
            if let Ok(s) = api::call(cmd::SuggestSlug {
                name: typed.clone(),
            })
            .await
                && name.get_untracked() == typed
            {
                suggested.set(s);
            }
        });
    });
    // Inline checks of a typed slug with the shared rule.
    Effect::new(move |_| {
        let typed = slug.get();
        slug_error.set(if typed.trim().is_empty() {
            None
        } else {
            validate::slug(&typed).err().map(|e| e.message)
        });
    });
    let preview = move || {
        let typed = slug.get();
        if typed.trim().is_empty() {
            suggested.get()
        } else {
            typed.trim().to_ascii_lowercase()
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Err(e) = validate::org_name(&name.get_untracked()) {
            name_error.set(Some(e.message));
            return;
        }
        name_error.set(None);
        if slug_error.get_untracked().is_some() {
            return;
        }
        busy.set(true);
        let organization = model::CreateOrganization {
            name: name.get_untracked(),
            slug: slug.get_untracked(),
        };
        spawn_local(async move {
            match api::call(cmd::CreateOrganization { organization }).await {
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
                            ctx.toast(format!("{} is ready at /o/{}/.", org.name, org.slug));
                            ctx.version.update(|v| *v += 1);
                        }
                        Err(e) => ctx.toast_error(e.message),
                    }
                }
                Err(e) => match e.field.as_deref() {
                    Some("name") => name_error.set(Some(e.message)),
                    _ => slug_error.set(Some(e.message)),
                },
            }
            busy.set(false);
        });
    };
    view! {
        <header class="page-header">
            <h1>"Create organization"</h1>
            <p class="muted">"You become its Owner. It starts on the Free plan with one workspace."</p>
        </header>
        <form class="card form narrow" id="create-org-form" on:submit=submit novalidate=true>
            <Field id="create-org-name" label="Organization name" value=name error=name_error autofocus=true />
            <Field id="create-org-slug" label="Slug (optional)" value=slug error=slug_error
                hint="Latin letters, digits and hyphens. Leave it blank to generate one from the name." />
            <p class="slug-preview">
                "Address: "
                <code id="slug-preview">{move || format!("/o/{}/", preview())}</code>
            </p>
            <div class="form-actions">
                <button type="button" class="btn" on:click=move |_| ctx.route.set(Route::Members)>"Cancel"</button>
                <button class="btn btn-primary" id="create-org-submit" type="submit" disabled=move || busy.get()>
                    {move || if busy.get() { "Creating…" } else { "Create organization" }}
                </button>
            </div>
        </form>
    }
}
