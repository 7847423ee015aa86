//! Account settings (seed 003, R1, R5, R7, R43): tabs Personal data (with the main
//! company, editable only by its Owner, and Leave company), Account (change password
//! with its three messages, theme, delete account listing the organizations that go
//! with it), Activity and Billing.

use crate::api;
use crate::components::{Confirm, ConfirmDialog, Field};
use crate::state::{Ctx, format_time};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::model::{
    AuditEntry, Organization, OrganizationUpdate, ProfileUpdate, SwitcherEntry, Theme,
};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Personal,
    Account,
    Activity,
    Billing,
}

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
    let tab = RwSignal::new(Tab::Personal);
    let company = RwSignal::new(None::<(SwitcherEntry, Option<Organization>)>);
    let company_name = RwSignal::new(String::new());
    let company_error = RwSignal::new(None::<String>);
    let activity = RwSignal::new(Vec::<AuditEntry>::new());
    let logins = RwSignal::new(Vec::<i64>::new());
    // The main company, its name (editable by its Owner only) and the account's role there.
    Effect::new(move |_| {
        let _ = ctx.version.get();
        let main = account().and_then(|a| a.main_company_id);
        spawn_local(async move {
            let entries = api::call(cmd::Switcher {}).await.unwrap_or_default();
            let found = main.and_then(|id| {
                entries
                    .into_iter()
                    .find(|e| e.org_id == id && e.invitation_id.is_none())
            });
            match found {
                Some(entry) => {
                    let org = if entry.role_name == "Owner" {
                        api::call(cmd::Organization {
                            org_id: entry.org_id.clone(),
                        })
                        .await
                        .ok()
                    } else {
                        None
                    };
                    company_name.set(entry.name.clone());
                    company.set(Some((entry, org)));
                }
                None => company.set(None),
            }
        });
    });
    Effect::new(move |_| {
        if tab.get() == Tab::Activity {
            spawn_local(async move {
                activity.set(
                    api::call(cmd::AccountActivity { before_id: None })
                        .await
                        .map(|p| p.entries)
                        .unwrap_or_default(),
                );
                logins.set(api::call(cmd::LoginHistory {}).await.unwrap_or_default());
            });
        }
    });
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
            match api::call(cmd::UpdateProfile { update }).await {
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
    let save_company = move |_| {
        let Some((_, Some(org))) = company.get_untracked() else {
            return;
        };
        let update = OrganizationUpdate {
            name: company_name.get_untracked(),
            slug: org.slug.clone(),
            description: org.description.clone(),
            notifications: org.notifications,
        };
        spawn_local(async move {
            let request = cmd::UpdateOrganization {
                org_id: org.id,
                update,
            };
            match api::call(request).await {
                Ok(saved) => {
                    company_error.set(None);
                    ctx.toast(format!("Company renamed to {}.", saved.name));
                    ctx.changed();
                }
                Err(e) => company_error.set(Some(e.message)),
            }
        });
    };
    let leave_company = move |_| {
        let Some((entry, _)) = company.get_untracked() else {
            return;
        };
        confirm.set(Some(Confirm {
            title: format!("Leave {}?", entry.name),
            message: "You lose access to this company. Its data stays with it; an admin can invite you again.".into(),
            confirm: "Yes, leave it".into(),
            cancel: "No, it's a mistake".into(),
            danger: true,
            action: Arc::new(move || {
                let (org_id, name) = (entry.org_id.clone(), entry.name.clone());
                spawn_local(async move {
                    match api::call(cmd::LeaveOrganization { org_id }).await {
                        Ok(()) => {
                            ctx.toast(format!("You left {name}."));
                            ctx.changed();
                        }
                        Err(e) => ctx.toast_error(e.message),
                    }
                });
            }),
        }));
    };
    let set_theme = move |ev: leptos::ev::Event| {
        let theme = match event_target_value(&ev).as_str() {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        };
        spawn_local(async move {
            match api::call(cmd::SetTheme { theme }).await {
                Ok(_) => ctx.changed(),
                Err(e) => ctx.toast_error(e.message),
            }
        });
    };
    let theme_now = move || account().map(|a| a.theme).unwrap_or(Theme::System);
    let change_password = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = cmd::ChangePassword {
            current: current.get_untracked(),
            new_password: new_password.get_untracked(),
            confirmation: confirmation.get_untracked(),
        };
        spawn_local(async move {
            match api::call(request).await {
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
            let owned = api::call(cmd::OwnedOrganizations {})
                .await
                .unwrap_or_default();
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
                        // R7: the core asks for the password; until the dialog has a
                        // field of its own, it is the "Current password" above.
                        let password = current.get_untracked();
                        match api::call(cmd::DeleteAccount { password }).await {
                            Ok(()) => ctx.session.set(None),
                            Err(e) => ctx.toast_error(e.message),
                        }
                    });
                }),
            }));
        });
    };
    let tab_button = move |t: Tab, label: &'static str, id: &'static str| {
        view! {
            <button role="tab" class="tab" id=id aria-selected=move || (tab.get() == t).to_string() on:click=move |_| tab.set(t)>
                {label}
            </button>
        }
    };
    view! {
        <header class="page-header">
            <h1>"Account settings"</h1>
            <p class="muted">{move || account().map(|a| a.email).unwrap_or_default()}</p>
        </header>
        <div class="tabs" role="tablist">
            {tab_button(Tab::Personal, "Personal data", "account-tab-personal")}
            {tab_button(Tab::Account, "Account", "account-tab-account")}
            {tab_button(Tab::Activity, "Activity", "account-tab-activity")}
            {tab_button(Tab::Billing, "Billing", "account-tab-billing")}
        </div>
        <Show when=move || tab.get() == Tab::Personal>
            <form class="card form narrow" id="profile-form" on:submit=save_profile novalidate=true>
                <h2>"Personal data"</h2>
                <div class="form-row">
                    <Field id="profile-first" label="First name" value=first error=err(profile_errors, "first_name") />
                    <Field id="profile-last" label="Last name" value=last error=err(profile_errors, "last_name") />
                </div>
                <Field id="profile-phone" label="Phone (optional)" value=phone error=err(profile_errors, "phone") kind="tel" />
                <div class="form-actions"><button class="btn btn-primary" id="profile-save" type="submit">"Save"</button></div>
            </form>
            <section class="card form narrow" id="company-card">
                <h2>"Company"</h2>
                {move || match company.get() {
                    None => view! { <p class="muted" id="no-company">"You have no main company. Create an organization from the switcher."</p> }.into_any(),
                    Some((entry, org)) => {
                        let is_owner = org.is_some();
                        view! {
                            <div class="field">
                                <label for="company-name">"Company name"</label>
                                <input id="company-name" disabled=!is_owner prop:value=move || company_name.get()
                                    on:input=move |ev| company_name.set(event_target_value(&ev)) />
                                <span class="field-hint">{if is_owner { "You own this company, so you can rename it." } else { "Only the company's Owner can rename it." }}</span>
                                <span class="field-error" role="alert" id="company-name-error">{move || company_error.get().unwrap_or_default()}</span>
                            </div>
                            <dl class="facts"><dt>"Your role"</dt><dd id="company-role">{entry.role_name.clone()}</dd></dl>
                            <div class="form-actions">
                                {(!is_owner).then(|| view! { <button type="button" class="btn btn-danger-ghost" id="leave-company" on:click=leave_company>"Leave company"</button> })}
                                {is_owner.then(|| view! { <button type="button" class="btn btn-primary" id="company-save" on:click=save_company>"Save company"</button> })}
                            </div>
                        }.into_any()
                    }
                }}
            </section>
        </Show>
        <Show when=move || tab.get() == Tab::Account>
            <form class="card form narrow" id="password-form" on:submit=change_password novalidate=true>
                <h2>"Change password"</h2>
                <Field id="current-password" label="Current password" value=current error=err(password_errors, "current_password") kind="password" autocomplete="current-password" />
                <Field id="new-password" label="New password" value=new_password error=err(password_errors, "new_password") kind="password" autocomplete="new-password" hint="At least 8 characters." />
                <Field id="new-password-confirmation" label="Confirm new password" value=confirmation error=err(password_errors, "password_confirmation") kind="password" autocomplete="new-password" />
                <div class="form-actions"><button class="btn btn-primary" id="password-save" type="submit">"Change password"</button></div>
            </form>
            <section class="card form narrow">
                <h2>"Appearance"</h2>
                <div class="field">
                    <label for="theme-select">"Theme"</label>
                    <select id="theme-select" on:change=set_theme>
                        <option value="system" selected=move || theme_now() == Theme::System>"System (follows your OS)"</option>
                        <option value="light" selected=move || theme_now() == Theme::Light>"Light"</option>
                        <option value="dark" selected=move || theme_now() == Theme::Dark>"Dark"</option>
                    </select>
                </div>
            </section>
            <section class="card danger-zone narrow">
                <h2>"Delete account"</h2>
                <div class="danger-row">
                    <p class="muted">"Deletes your account and every organization you own. This cannot be undone."</p>
                    <button class="btn btn-danger" id="delete-account" on:click=delete>"Delete account"</button>
                </div>
            </section>
        </Show>
        <Show when=move || tab.get() == Tab::Activity>
            <section class="card narrow">
                <h2>"Your recent actions"</h2>
                <ul class="plain-list" id="account-activity">
                    {move || activity.get().into_iter().map(|e| view! {
                        <li>
                            <span class="mono small">{e.action.clone()}</span>" · "{e.target_name.clone()}
                            {e.org_name.clone().map(|o| format!(" · {o}"))}
                            <span class="muted">" · "{format_time(Some(e.at))}</span>
                        </li>
                    }).collect_view()}
                </ul>
                <h3>"Sign-ins"</h3>
                <ul class="plain-list" id="account-logins">
                    {move || logins.get().into_iter().map(|at| view! { <li>{format_time(Some(at))}</li> }).collect_view()}
                </ul>
            </section>
        </Show>
        <Show when=move || tab.get() == Tab::Billing>
            <section class="card narrow" id="account-billing">
                <h2>"Billing"</h2>
                <dl class="facts">
                    <dt>"Current context"</dt>
                    <dd>{move || ctx.session.with(|s| s.as_ref().map(|s| s.organization.as_ref().map(|o| o.name.clone()).unwrap_or_else(|| "Personal account".into())).unwrap_or_default())}</dd>
                    <dt>"Plan"</dt>
                    <dd id="account-plan-name">{move || ctx.session.with(|s| s.as_ref().map(|s| s.plan.label()).unwrap_or_default())}</dd>
                    <dt>"Personal plan"</dt>
                    <dd>{move || account().map(|a| a.plan.label()).unwrap_or_default()}</dd>
                </dl>
            </section>
        </Show>
        <ConfirmDialog request=confirm />
    }
}
