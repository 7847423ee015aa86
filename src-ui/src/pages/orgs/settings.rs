//! Organization settings, General tab (R10, R11, R13, R14, R23, R25): name, slug,
//! description and notification toggles (read-only without Organization·edit
//! settings), and the danger zone: leave, transfer ownership, delete after typing the
//! slug.

use super::ask_to_leave;
use crate::api;
use crate::components::{Confirm, Errors, Field, show_in, user};
use crate::format::initials;
use crate::state::{Ctx, Route};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::model::{MemberQuery, Notifications, Organization, OrganizationUpdate};
use rolecall_types::permissions::Permission;
use rolecall_types::validate;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let ctx = Ctx::get();
    let org = move || {
        ctx.session
            .with(|s| s.as_ref().and_then(|s| s.organization.clone()))
    };
    let [name, slug, description] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let notifications = RwSignal::new(Notifications::default());
    let errors = Errors::new();
    Effect::new(move |_| {
        if let Some(o) = org() {
            name.set(o.name);
            slug.set(o.slug);
            description.set(o.description);
            notifications.set(o.notifications);
        }
    });
    let editable = move || ctx.can(Permission::OrganizationEdit);
    let save = Action::new_local(move |update: &OrganizationUpdate| {
        let request = cmd::UpdateOrganization {
            org_id: ctx.org(),
            update: update.clone(),
        };
        let done = |o: &Organization| format!("Saved. {} lives at /o/{}/.", o.name, o.slug);
        async move {
            ctx.save(request, done, |e| errors.show(e, "slug")).await;
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        save.dispatch(OrganizationUpdate {
            name: name.get_untracked(),
            slug: slug.get_untracked(),
            description: description.get_untracked(),
            notifications: notifications.get_untracked(),
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
    let [transfer_email, typed_slug] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let [transfer_error, delete_error] = std::array::from_fn(|_| RwSignal::new(None::<String>));
    view! {
        <header class="page-header">
            <h1>"Organization settings"</h1>
            <p class="muted">{move || org().map(|o| view! { <bdi>{o.name.clone()}</bdi>{format!(" · {} plan", o.plan.label())} })}</p>
        </header>
        <div class="tabs" role="tablist">
            <button role="tab" class="tab" id="settings-tab-general" aria-selected="true">"General"</button>
            <button role="tab" class="tab" id="settings-tab-members" aria-selected="false" on:click=move |_| ctx.route.set(Route::Members)>
                "Members"
            </button>
        </div>
        <form class="card form narrow" id="org-settings-form" on:submit=submit novalidate=true>
            <h2>"General"</h2>
            <Show when=move || !editable()>
                <p class="notice" id="settings-read-only">"You can view these settings; changing them needs the Organization · Edit settings permission."</p>
            </Show>
            <fieldset disabled=move || !editable() class="plain">
                <Avatar />
                <Field id="org-name" label="Name" value=name error=errors.of("name") />
                <Field id="org-slug" label="Slug" value=slug error=errors.of("slug") hint="Changing it moves the organization's address at once." />
                <div class="field">
                    <label for="org-description">"Description"</label>
                    <textarea id="org-description" rows="3" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                    <span class="field-error" role="alert">{move || errors.of("description").get().unwrap_or_default()}</span>
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
                <p class="muted" id="owner-cannot-leave">"As the Owner you cannot leave. Hand the organization over with “Transfer ownership” below first; you can then leave as an Admin."</p>
            }>
                <div class="danger-row">
                    <div><strong>"Leave organization"</strong><p class="muted">"You can be invited again later."</p></div>
                    <button class="btn btn-danger" id="leave-org" on:click=move |_| ask_to_leave(ctx, ctx.org(), ctx.org_name(), "organization")>"Leave"</button>
                </div>
            </Show>
            <Show when=move || ctx.is_owner()>
                <div class="danger-row">
                    <div>
                        <strong>"Transfer ownership"</strong>
                        <p class="muted">"The new Owner must be an active member who can sign in. You become an Admin."</p>
                        <Field id="transfer-email" label="New Owner's e-mail" value=transfer_email error=transfer_error kind="email" />
                    </div>
                    <button class="btn btn-danger" id="transfer-button" on:click=move |_| transfer(ctx, transfer_email.get_untracked(), transfer_error)>"Transfer"</button>
                </div>
                <div class="danger-row">
                    <div>
                        <strong>"Delete organization"</strong>
                        <p class="muted">{move || format!("Type {} to confirm. This cannot be undone.", org().map(|o| o.slug).unwrap_or_default())}</p>
                        <Field id="delete-org-slug" label="Slug" value=typed_slug error=delete_error />
                    </div>
                    <button class="btn btn-danger" id="delete-org-button" on:click=move |_| delete(ctx, typed_slug.get_untracked(), delete_error)>"Delete"</button>
                </div>
            </Show>
        </section>
    }
}

/// The organization's picture (R10): shown as a data: URL (allowed by the CSP's
/// img-src), uploaded from a file or removed.
#[component]
fn Avatar() -> impl IntoView {
    let ctx = Ctx::get();
    let stored = ctx.read(move || api::call(cmd::OrgAvatar { org_id: ctx.org() }));
    let avatar = move || stored.get().and_then(Result::ok).flatten();
    let error = RwSignal::new(None::<String>);
    // `None` removes the picture. The size is checked before the file is read, so a
    // huge file is never loaded into the window.
    let set = Action::new_local(move |file: &Option<web_sys::File>| {
        let file = file.clone();
        async move {
            let org_id = ctx.org();
            let saved = match file {
                None => {
                    let request = cmd::RemoveOrgAvatar { org_id };
                    ctx.save(request, |_| "Avatar removed.".into(), show_in(error))
                        .await
                }
                Some(file) => {
                    if let Err(e) = validate::avatar_size(file.size() as u64) {
                        return error.set(Some(e.message));
                    }
                    let Ok(buffer) = JsFuture::from(file.array_buffer()).await else {
                        return error
                            .set(Some("The file could not be read. Choose it again.".into()));
                    };
                    let bytes = js_sys::Uint8Array::new(&buffer);
                    let request = cmd::SetOrgAvatar { org_id };
                    let answer = api::upload(request, bytes).await;
                    ctx.settle(answer, |_| "Avatar updated.".into(), show_in(error))
                }
            };
            if saved.is_some() {
                error.set(None);
            }
        }
    });
    let busy = set.pending();
    let upload = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            input.set_value("");
            set.dispatch_local(Some(file));
        }
    };
    view! {
        <div class="avatar-row">
            {move || match avatar() {
                Some(url) => view! { <img class="org-avatar" id="org-avatar-image" src=url alt="Organization avatar" /> }.into_any(),
                None => view! {
                    <span class="org-avatar org-avatar-empty" aria-hidden="true">{move || initials(&ctx.org_name())}</span>
                }.into_any(),
            }}
            <div class="field">
                <label for="org-avatar-input">"Avatar"</label>
                <input type="file" id="org-avatar-input" accept="image/png,image/jpeg,image/webp" on:change=upload />
                <span class="field-hint">{move || if busy.get() { "Uploading…" } else { "PNG, JPEG or WebP up to 5 MB; stored at most 256 × 256." }}</span>
                <span class="field-error" role="alert" id="org-avatar-error">{move || error.get().unwrap_or_default()}</span>
            </div>
            <Show when=move || avatar().is_some()>
                <button type="button" class="btn btn-small" id="org-avatar-remove" on:click=move |_| { set.dispatch_local(None); }>"Remove"</button>
            </Show>
        </div>
    }
}

/// R25: finds the active member with this e-mail, then asks to make them the Owner.
fn transfer(ctx: Ctx, email: String, error: RwSignal<Option<String>>) {
    let email = email.trim().to_lowercase();
    if email.is_empty() {
        error.set(Some(
            "Type the e-mail of the member who becomes Owner.".into(),
        ));
        return;
    }
    let (org_id, org_name) = (ctx.org(), ctx.org_name());
    spawn_local(async move {
        let query = MemberQuery {
            search: email.clone(),
            limit: 20,
            ..MemberQuery::default()
        };
        let found = api::call(cmd::ListMembers {
            org_id: org_id.clone(),
            query,
        })
        .await;
        let member = match found.map(|p| p.rows.into_iter().find(|m| m.email == email)) {
            Ok(Some(m)) => m,
            Ok(None) => {
                return error.set(Some(format!(
                    "{email} is not an active member of {org_name}."
                )));
            }
            Err(e) => return error.set(Some(e.message)),
        };
        error.set(None);
        let who = format!("{} {}", member.first_name, member.last_name);
        let question = Confirm::danger(
            format!("Make {} the Owner of {}?", user(&who), user(&org_name)),
            format!(
                "{} becomes the Owner and you become an Admin. Only the new Owner can give ownership back.",
                user(&who)
            ),
            "Transfer ownership",
            "Cancel",
        );
        ctx.ask(question, move || {
            let request = cmd::TransferOwnership {
                org_id: org_id.clone(),
                membership_id: member.membership_id.clone(),
            };
            let done = format!("{} is now the Owner.", user(&who));
            spawn_local(async move {
                ctx.save(request, |_| done, show_in(error)).await;
            });
        });
    });
}

/// R14: once the slug is typed exactly, asks to delete the organization for good.
fn delete(ctx: Ctx, typed: String, error: RwSignal<Option<String>>) {
    let Some(org) = ctx
        .session
        .with_untracked(|s| s.as_ref().and_then(|s| s.organization.clone()))
    else {
        return;
    };
    if typed.trim() != org.slug {
        error.set(Some(format!(
            "Type the slug '{}' exactly to confirm.",
            org.slug
        )));
        return;
    }
    error.set(None);
    let question = Confirm::danger(
        format!("Delete {} for good?", user(&org.name)),
        "Its workspaces, members, invitations, roles, agents, billing and API keys are deleted. This cannot be undone.".into(),
        "Yes, delete it",
        "No, it's a mistake",
    );
    ctx.ask(question, move || {
        let request = cmd::DeleteOrganization {
            org_id: org.id.clone(),
            typed_slug: org.slug.clone(),
        };
        let done = format!("{} was deleted.", user(&org.name));
        spawn_local(async move {
            if ctx.save(request, |_| done, show_in(error)).await.is_some() {
                ctx.route.set(Route::Members);
            }
        });
    });
}
