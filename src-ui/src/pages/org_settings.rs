//! Organization settings, General tab (R10, R11, R13, R14, R23, R25): name, slug,
//! description and notification toggles (read-only without Organization·edit
//! settings), and the danger zone: leave, delete after typing the slug.

use crate::api;
use crate::components::{Confirm, ConfirmDialog, Field};
use crate::state::{Ctx, Route};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::model::{Notifications, OrganizationUpdate};
use rolecall_types::permissions::Permission;
use std::sync::Arc;

#[component]
pub fn OrgSettingsPage() -> impl IntoView {
    let ctx = Ctx::get();
    let org = move || {
        ctx.session
            .with(|s| s.as_ref().and_then(|s| s.organization.clone()))
    };
    let name = RwSignal::new(String::new());
    let slug = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let notifications = RwSignal::new(Notifications::default());
    let name_error = RwSignal::new(None::<String>);
    let slug_error = RwSignal::new(None::<String>);
    let description_error = RwSignal::new(None::<String>);
    let typed_slug = RwSignal::new(String::new());
    let delete_error = RwSignal::new(None::<String>);
    let confirm = RwSignal::new(None::<Confirm>);
    Effect::new(move |_| {
        if let Some(o) = org() {
            name.set(o.name);
            slug.set(o.slug);
            description.set(o.description);
            notifications.set(o.notifications);
        }
    });
    let editable = move || ctx.can(Permission::OrganizationEdit);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(o) = org() else { return };
        let update = OrganizationUpdate {
            name: name.get_untracked(),
            slug: slug.get_untracked(),
            description: description.get_untracked(),
            notifications: notifications.get_untracked(),
        };
        name_error.set(None);
        slug_error.set(None);
        description_error.set(None);
        spawn_local(async move {
            match api::update_organization(&o.id, &update).await {
                Ok(saved) => {
                    ctx.toast(format!(
                        "Saved. {} lives at /o/{}/.",
                        saved.name, saved.slug
                    ));
                    ctx.changed();
                }
                Err(e) => match e.field.as_deref() {
                    Some("name") => name_error.set(Some(e.message)),
                    Some("description") => description_error.set(Some(e.message)),
                    _ => slug_error.set(Some(e.message)),
                },
            }
        });
    };
    let toggle = move |label: &'static str,
                       id: &'static str,
                       get: fn(&Notifications) -> bool,
                       set: fn(&mut Notifications, bool)| {
        view! {
            <label class="toggle">
                <input
                    type="checkbox"
                    id=id
                    disabled=move || !editable()
                    prop:checked=move || notifications.with(get)
                    on:change=move |ev| notifications.update(|n| set(n, event_target_checked(&ev)))
                />
                <span>{label}</span>
            </label>
        }
    };
    let leave = move |_| {
        let Some(o) = org() else { return };
        confirm.set(Some(Confirm {
            title: format!("Leave {}?", o.name),
            message: "You lose access to this organization. Its data stays with it; an admin can invite you again.".into(),
            confirm: "Yes, leave it".into(),
            cancel: "No, it's a mistake".into(),
            danger: true,
            action: Arc::new(move || {
                let id = o.id.clone();
                let name = o.name.clone();
                spawn_local(async move {
                    match api::leave_organization(&id).await {
                        Ok(()) => {
                            ctx.toast(format!("You left {name}."));
                            ctx.route.set(Route::Members);
                            ctx.changed();
                        }
                        Err(e) => ctx.toast_error(e.message),
                    }
                });
            }),
        }));
    };
    let delete = move |_| {
        let Some(o) = org() else { return };
        if typed_slug.get_untracked().trim() != o.slug {
            delete_error.set(Some(format!(
                "Type the slug '{}' exactly to confirm.",
                o.slug
            )));
            return;
        }
        delete_error.set(None);
        confirm.set(Some(Confirm {
            title: format!("Delete {} for good?", o.name),
            message: "Its workspaces, members, invitations, roles, agents, billing and API keys are deleted. This cannot be undone.".into(),
            confirm: "Yes, delete it".into(),
            cancel: "No, it's a mistake".into(),
            danger: true,
            action: Arc::new(move || {
                let (id, slug, name) = (o.id.clone(), o.slug.clone(), o.name.clone());
                spawn_local(async move {
                    match api::delete_organization(&id, &slug).await {
                        Ok(()) => {
                            ctx.toast(format!("{name} was deleted."));
                            ctx.route.set(Route::Members);
                            ctx.changed();
                        }
                        Err(e) => delete_error.set(Some(e.message)),
                    }
                });
            }),
        }));
    };
    view! {
        <header class="page-header">
            <h1>"Organization settings"</h1>
            <p class="muted">{move || org().map(|o| format!("{} · {} plan", o.name, o.plan.label())).unwrap_or_default()}</p>
        </header>
        <form class="card form narrow" id="org-settings-form" on:submit=save novalidate=true>
            <h2>"General"</h2>
            <Show when=move || !editable()>
                <p class="notice" id="settings-read-only">"You can view these settings; changing them needs the Organization · Edit settings permission."</p>
            </Show>
            <fieldset disabled=move || !editable() class="plain">
                <Field id="org-name" label="Name" value=name error=name_error />
                <Field id="org-slug" label="Slug" value=slug error=slug_error hint="Changing it moves the organization's address at once." />
                <div class="field">
                    <label for="org-description">"Description"</label>
                    <textarea id="org-description" rows="3" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                    <span class="field-error" role="alert">{move || description_error.get().unwrap_or_default()}</span>
                </div>
                <div class="field">
                    <span class="label">"Notifications"</span>
                    {toggle("A member joined", "notify-joined", |n| n.member_joined, |n, v| n.member_joined = v)}
                    {toggle("A member left or was removed", "notify-left", |n| n.member_left, |n, v| n.member_left = v)}
                    {toggle("An API key was created or revoked", "notify-keys", |n| n.api_keys, |n, v| n.api_keys = v)}
                    {toggle("The balance fell below its threshold", "notify-balance", |n| n.low_balance, |n, v| n.low_balance = v)}
                </div>
            </fieldset>
            <Show when=editable>
                <div class="form-actions"><button class="btn btn-primary" id="org-save" type="submit">"Save changes"</button></div>
            </Show>
        </form>
        <section class="card danger-zone narrow" aria-labelledby="danger-title">
            <h2 id="danger-title">"Danger zone"</h2>
            <Show when=move || !ctx.is_owner() fallback=|| view! {
                <p class="muted">"As the Owner you cannot leave. To hand the organization over, use “Make Owner” on a member in Members."</p>
            }>
                <div class="danger-row">
                    <div><strong>"Leave organization"</strong><p class="muted">"You can be invited again later."</p></div>
                    <button class="btn btn-danger" id="leave-org" on:click=leave>"Leave"</button>
                </div>
            </Show>
            <Show when=move || ctx.is_owner()>
                <div class="danger-row">
                    <div>
                        <strong>"Delete organization"</strong>
                        <p class="muted">{move || format!("Type {} to confirm. This cannot be undone.", org().map(|o| o.slug).unwrap_or_default())}</p>
                        <Field id="delete-org-slug" label="Slug" value=typed_slug error=delete_error />
                    </div>
                    <button class="btn btn-danger" id="delete-org-button" on:click=delete>"Delete"</button>
                </div>
            </Show>
        </section>
        <ConfirmDialog request=confirm />
    }
}
