//! Create organization (R11, R12): name (required), slug (optional) with a live preview
//! of the generated slug — suggested by the core, so it is exactly the one that will be
//! used — and the `/o/<slug>/` route.

use crate::api;
use crate::components::Field;
use crate::state::{Ctx, Intent, Route};
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::model::{self, Context};
use rolecall_types::validate;

#[component]
pub fn CreatePage() -> impl IntoView {
    let ctx = Ctx::get();
    let [name, slug] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let name_error = RwSignal::new(None::<String>);
    let slug_error = RwSignal::new(None::<String>);
    // The core's suggestion for a blank slug, asked again as the name changes.
    let suggested = LocalResource::new(move || api::call(cmd::SuggestSlug { name: name.get() }));
    // Inline checks of a typed slug with the shared rule.
    Effect::new(move |_| {
        let typed = slug.get();
        slug_error.set(
            validate::slug(&typed)
                .err()
                .filter(|_| !typed.trim().is_empty())
                .map(|e| e.message),
        );
    });
    let preview = move || match slug.get().trim() {
        "" => suggested.get().and_then(Result::ok).unwrap_or_default(),
        typed => typed.to_ascii_lowercase(),
    };
    let create = Action::new_local(move |organization: &model::CreateOrganization| {
        let organization = organization.clone();
        async move {
            match api::call(cmd::CreateOrganization { organization }).await {
                Ok(org) => {
                    let context = Context::Organization(org.id.clone());
                    if ctx.switch(context, None, Route::Members).await.is_some() {
                        ctx.toast(format!("{} is ready at /o/{}/.", org.name, org.slug));
                    }
                }
                Err(e) if e.field.as_deref() == Some("name") => name_error.set(Some(e.message)),
                Err(e) => slug_error.set(Some(e.message)),
            }
        }
    });
    let busy = create.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        name_error.set(
            validate::org_name(&name.get_untracked())
                .err()
                .map(|e| e.message),
        );
        if name_error.get_untracked().is_none() && slug_error.get_untracked().is_none() {
            create.dispatch(model::CreateOrganization {
                name: name.get_untracked(),
                slug: slug.get_untracked(),
            });
        }
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
                <button type="button" class="btn btn-ghost create-org-import" id="create-org-import"
                    title="Create the organization with the people of an identity provider's export or a CSV"
                    on:click=move |_| ctx.go_and_open(Route::Import, Some(Intent::ImportIntoNew))>
                    "Import from a file instead"
                </button>
                <button type="button" class="btn" on:click=move |_| ctx.route.set(Route::Members)>"Cancel"</button>
                <button class="btn btn-primary" id="create-org-submit" type="submit" disabled=busy>
                    {move || if busy.get() { "Creating…" } else { "Create organization" }}
                </button>
            </div>
        </form>
    }
}
