//! Account settings (seed 003, R1, R5, R7): personal data, change password with its
//! three messages, delete account listing the organizations that go with it.

use crate::api;
use crate::components::{Confirm, ConfirmDialog, Field};
use crate::state::Ctx;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::model::ProfileUpdate;
use std::sync::Arc;

#[component]
pub fn AccountPage() -> impl IntoView {
    let ctx = Ctx::get();
    let account = move || ctx.session.with(|s| s.as_ref().map(|s| s.account.clone()));
    let first = RwSignal::new(String::new());
    let last = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let profile_errors = RwSignal::new(Vec::<(String, String)>::new());
    let current = RwSignal::new(String::new());
    let new_password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let password_errors = RwSignal::new(Vec::<(String, String)>::new());
    let confirm = RwSignal::new(None::<Confirm>);
    Effect::new(move |_| {
        if let Some(a) = account() {
            first.set(a.first_name);
            last.set(a.last_name);
            phone.set(a.phone);
        }
    });
    let err = |errors: RwSignal<Vec<(String, String)>>, f: &'static str| {
        Signal::derive(move || {
            errors.with(|e| e.iter().find(|(k, _)| k == f).map(|(_, m)| m.clone()))
        })
    };
    let save_profile = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let update = ProfileUpdate {
            first_name: first.get_untracked(),
            last_name: last.get_untracked(),
            phone: phone.get_untracked(),
        };
        spawn_local(async move {
            match api::update_profile(&update).await {
                Ok(_) => {
                    profile_errors.set(Vec::new());
                    ctx.toast("Personal data saved.");
                    ctx.changed();
                }
                Err(e) => profile_errors.set(vec![(
                    e.field.unwrap_or_else(|| "first_name".into()),
                    e.message,
                )]),
            }
        });
    };
    let change_password = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (c, n, k) = (
            current.get_untracked(),
            new_password.get_untracked(),
            confirmation.get_untracked(),
        );
        spawn_local(async move {
            match api::change_password(&c, &n, &k).await {
                Ok(()) => {
                    password_errors.set(Vec::new());
                    current.set(String::new());
                    new_password.set(String::new());
                    confirmation.set(String::new());
                    ctx.toast("Your password was changed.");
                }
                Err(e) => password_errors.set(vec![(
                    e.field.unwrap_or_else(|| "current_password".into()),
                    e.message,
                )]),
            }
        });
    };
    let delete = move |_| {
        spawn_local(async move {
            let owned = api::owned_organizations().await.unwrap_or_default();
            let message = if owned.is_empty() {
                "Your account is deleted. You leave every organization you are a member of. This cannot be undone.".to_string()
            } else {
                format!(
                    "Your account is deleted together with the organizations you own: {}. You leave every other organization. This cannot be undone.",
                    owned.join(", ")
                )
            };
            confirm.set(Some(Confirm {
                title: "Delete your account?".into(),
                message,
                confirm: "Yes, delete it".into(),
                cancel: "No, it's a mistake".into(),
                danger: true,
                action: Arc::new(move || {
                    spawn_local(async move {
                        match api::delete_account().await {
                            Ok(()) => ctx.session.set(None),
                            Err(e) => ctx.toast_error(e.message),
                        }
                    });
                }),
            }));
        });
    };
    view! {
        <header class="page-header">
            <h1>"Account settings"</h1>
            <p class="muted">{move || account().map(|a| a.email).unwrap_or_default()}</p>
        </header>
        <form class="card form narrow" id="profile-form" on:submit=save_profile novalidate=true>
            <h2>"Personal data"</h2>
            <div class="form-row">
                <Field id="profile-first" label="First name" value=first error=err(profile_errors, "first_name") />
                <Field id="profile-last" label="Last name" value=last error=err(profile_errors, "last_name") />
            </div>
            <Field id="profile-phone" label="Phone (optional)" value=phone error=err(profile_errors, "phone") kind="tel" />
            <div class="form-actions"><button class="btn btn-primary" id="profile-save" type="submit">"Save"</button></div>
        </form>
        <form class="card form narrow" id="password-form" on:submit=change_password novalidate=true>
            <h2>"Change password"</h2>
            <Field id="current-password" label="Current password" value=current error=err(password_errors, "current_password") kind="password" autocomplete="current-password" />
            <Field id="new-password" label="New password" value=new_password error=err(password_errors, "new_password") kind="password" autocomplete="new-password" hint="At least 8 characters." />
            <Field id="new-password-confirmation" label="Confirm new password" value=confirmation error=err(password_errors, "password_confirmation") kind="password" autocomplete="new-password" />
            <div class="form-actions"><button class="btn btn-primary" id="password-save" type="submit">"Change password"</button></div>
        </form>
        <section class="card danger-zone narrow">
            <h2>"Delete account"</h2>
            <div class="danger-row">
                <p class="muted">"Deletes your account and every organization you own."</p>
                <button class="btn btn-danger" id="delete-account" on:click=delete>"Delete account"</button>
            </div>
        </section>
        <ConfirmDialog request=confirm />
    }
}
