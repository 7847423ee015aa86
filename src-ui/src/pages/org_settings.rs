//! Organization settings, General tab (R10, R11, R13, R14, R23, R25): name, slug,
//! description and notification toggles (read-only without Organization·edit
//! settings), and the danger zone: leave, transfer ownership, delete after typing the
//! slug.

use crate::api;
use crate::components::{Confirm, ConfirmDialog, Field};
use crate::state::{Ctx, Route};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::ids::OrgId;
use rolecall_types::model::{MemberQuery, Notifications, OrganizationUpdate};
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
    let avatar = RwSignal::new(None::<String>);
    let avatar_error = RwSignal::new(None::<String>);
    let avatar_busy = RwSignal::new(false);
    // The stored avatar, as a data: URL (allowed by the CSP's img-src).
    Effect::new(move |_| {
        let _ = ctx.version.get();
        let Some(org_id) = ctx.org_id() else { return };
        spawn_local(async move {
            avatar.set(api::call(cmd::OrgAvatar { org_id }).await.ok().flatten());
        });
    });
    let upload = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        let Some(org_id) = ctx.org_id() else { return };
        input.set_value("");
        avatar_busy.set(true);
        spawn_local(async move {
            let bytes = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
                Err(_) => {
                    avatar_error.set(Some("The file could not be read. Choose it again.".into()));
                    avatar_busy.set(false);
                    return;
                }
            };
            let request = cmd::SetOrgAvatar {
                org_id,
                bytes: Some(bytes),
            };
            match api::call(request).await {
                Ok(_) => {
                    avatar_error.set(None);
                    ctx.toast("Avatar updated.");
                    ctx.changed();
                }
                Err(e) => avatar_error.set(Some(e.message)),
            }
            avatar_busy.set(false);
        });
    };
    let remove_avatar = move |_| {
        let Some(org_id) = ctx.org_id() else { return };
        spawn_local(async move {
            match api::call(cmd::SetOrgAvatar {
                org_id,
                bytes: None,
            })
            .await
            {
                Ok(_) => {
                    ctx.toast("Avatar removed.");
                    ctx.changed();
                }
                Err(e) => avatar_error.set(Some(e.message)),
            }
        });
    };
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
            match api::call(cmd::UpdateOrganization {
                org_id: o.id,
                update,
            })
            .await
            {
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
        confirm.set(Some(leave_confirmation(ctx, o.id.clone(), o.name.clone())));
    };
    let transfer_email = RwSignal::new(String::new());
    let transfer_error = RwSignal::new(None::<String>);
    let transfer = move |_| {
        let Some(o) = org() else { return };
        let email = transfer_email.get_untracked().trim().to_lowercase();
        if email.is_empty() {
            transfer_error.set(Some(
                "Type the e-mail of the member who becomes Owner.".into(),
            ));
            return;
        }
        spawn_local(async move {
            let query = MemberQuery {
                search: email.clone(),
                limit: 20,
                ..MemberQuery::default()
            };
            let found = api::call(cmd::ListMembers {
                org_id: o.id.clone(),
                query,
            })
            .await
            .map(|p| p.rows.into_iter().find(|m| m.email == email));
            let member = match found {
                Ok(Some(m)) => m,
                Ok(None) => {
                    transfer_error.set(Some(format!(
                        "{email} is not an active member of {}.",
                        o.name
                    )));
                    return;
                }
                Err(e) => {
                    transfer_error.set(Some(e.message));
                    return;
                }
            };
            transfer_error.set(None);
            let who = format!("{} {}", member.first_name, member.last_name);
            confirm.set(Some(Confirm {
                title: format!("Make {who} the Owner of {}?", o.name),
                message: format!("{who} becomes the Owner and you become an Admin. Only the new Owner can give ownership back."),
                confirm: "Transfer ownership".into(),
                cancel: "Cancel".into(),
                danger: true,
                action: Arc::new(move || {
                    let request = cmd::TransferOwnership {
                        org_id: o.id.clone(),
                        membership_id: member.membership_id.clone(),
                    };
                    let who = who.clone();
                    spawn_local(async move {
                        match api::call(request).await {
                            Ok(()) => {
                                ctx.toast(format!("{who} is now the Owner."));
                                ctx.changed();
                            }
                            Err(e) => transfer_error.set(Some(e.message)),
                        }
                    });
                }),
            }));
        });
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
                let request = cmd::DeleteOrganization {
                    org_id: o.id.clone(),
                    typed_slug: o.slug.clone(),
                };
                let name = o.name.clone();
                spawn_local(async move {
                    match api::call(request).await {
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
        <div class="tabs" role="tablist">
            <button role="tab" class="tab" id="settings-tab-general" aria-selected="true">"General"</button>
            <button role="tab" class="tab" id="settings-tab-members" aria-selected="false" on:click=move |_| ctx.route.set(Route::Members)>
                "Members"
            </button>
        </div>
        <form class="card form narrow" id="org-settings-form" on:submit=save novalidate=true>
            <h2>"General"</h2>
            <Show when=move || !editable()>
                <p class="notice" id="settings-read-only">"You can view these settings; changing them needs the Organization · Edit settings permission."</p>
            </Show>
            <fieldset disabled=move || !editable() class="plain">
                <div class="avatar-row">
                    {move || match avatar.get() {
                        Some(url) => view! { <img class="org-avatar" id="org-avatar-image" src=url alt="Organization avatar" /> }.into_any(),
                        None => view! {
                            <span class="org-avatar org-avatar-empty" aria-hidden="true">
                                {move || org().map(|o| crate::state::initials(&o.name)).unwrap_or_default()}
                            </span>
                        }.into_any(),
                    }}
                    <div class="field">
                        <label for="org-avatar-input">"Avatar"</label>
                        <input type="file" id="org-avatar-input" accept="image/png,image/jpeg,image/webp" on:change=upload />
                        <span class="field-hint">{move || if avatar_busy.get() { "Uploading…" } else { "PNG, JPEG or WebP up to 5 MB; stored at most 256 × 256." }}</span>
                        <span class="field-error" role="alert" id="org-avatar-error">{move || avatar_error.get().unwrap_or_default()}</span>
                    </div>
                    <Show when=move || avatar.with(Option::is_some)>
                        <button type="button" class="btn btn-small" id="org-avatar-remove" on:click=remove_avatar>"Remove"</button>
                    </Show>
                </div>
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
                <p class="muted" id="owner-cannot-leave">"As the Owner you cannot leave. Hand the organization over with “Transfer ownership” below first; you can then leave as an Admin."</p>
            }>
                <div class="danger-row">
                    <div><strong>"Leave organization"</strong><p class="muted">"You can be invited again later."</p></div>
                    <button class="btn btn-danger" id="leave-org" on:click=leave>"Leave"</button>
                </div>
            </Show>
            <Show when=move || ctx.is_owner()>
                <div class="danger-row">
                    <div>
                        <strong>"Transfer ownership"</strong>
                        <p class="muted">"The new Owner must be an active member who can sign in. You become an Admin."</p>
                        <Field id="transfer-email" label="New Owner's e-mail" value=transfer_email error=transfer_error kind="email" />
                    </div>
                    <button class="btn btn-danger" id="transfer-button" on:click=transfer>"Transfer"</button>
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

/// R23: the confirmation to leave an organization ("Yes, leave it" / "No, it's a
/// mistake"); leaving goes back to the Personal account.
pub(crate) fn leave_confirmation(ctx: Ctx, org_id: OrgId, name: String) -> Confirm {
    Confirm {
        title: format!("Leave {name}?"),
        message: "You lose access to this organization. Its data stays with it; an admin can invite you again.".into(),
        confirm: "Yes, leave it".into(),
        cancel: "No, it's a mistake".into(),
        danger: true,
        action: Arc::new(move || {
            let org_id = org_id.clone();
            let name = name.clone();
            spawn_local(async move {
                match api::call(cmd::LeaveOrganization { org_id }).await {
                    Ok(()) => {
                        ctx.toast(format!("You left {name}."));
                        ctx.route.set(Route::Members);
                        ctx.changed();
                    }
                    Err(e) => ctx.toast_error(e.message),
                }
            });
        }),
    }
}
