//! Account settings (seed 003, R1, R5, R7, R43): tabs Personal data (with the main
//! company, editable only by its Owner, and Leave company), Account (change password
//! with its three messages, theme, delete account listing the organizations that go
//! with it), Activity and Billing.

use super::orgs::ask_to_leave;
use crate::api;
use crate::components::{Dialog, Errors, Field, Loaded, Sentence, TabButton, show_in, user};
use crate::format::time;
use crate::state::Ctx;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::IpcError;
use rolecall_types::cmd;
use rolecall_types::model::{
    Organization, OrganizationUpdate, ProfileUpdate, SwitcherEntry, Theme,
};

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
    let tab = RwSignal::new(Tab::Personal);
    view! {
        <header class="page-header">
            <h1>"Account settings"</h1>
            <p class="muted">{move || account().map(|a| a.email).unwrap_or_default()}</p>
        </header>
        <div class="tabs" role="tablist">
            <TabButton current=tab value=Tab::Personal id="account-tab-personal" label="Personal data" />
            <TabButton current=tab value=Tab::Account id="account-tab-account" label="Account" />
            <TabButton current=tab value=Tab::Activity id="account-tab-activity" label="Activity" />
            <TabButton current=tab value=Tab::Billing id="account-tab-billing" label="Billing" />
        </div>
        <Show when=move || tab.get() == Tab::Personal>
            <Profile />
            <section class="card form narrow" id="company-card">
                <h2>"Company"</h2>
                <Company />
            </section>
        </Show>
        <Show when=move || tab.get() == Tab::Account>
            <Security />
        </Show>
        <Show when=move || tab.get() == Tab::Activity>
            <Activity />
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
    }
}

/// Name and phone.
#[component]
fn Profile() -> impl IntoView {
    let ctx = Ctx::get();
    let [first, last, phone] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let errors = Errors::new();
    Effect::new(move |_| {
        if let Some(a) = ctx.session.with(|s| s.as_ref().map(|s| s.account.clone())) {
            first.set(a.first_name);
            last.set(a.last_name);
            phone.set(a.phone);
        }
    });
    let save = Action::new_local(move |update: &ProfileUpdate| {
        let request = cmd::UpdateProfile {
            update: update.clone(),
        };
        async move {
            let refused = |e| errors.show(e, "first_name");
            if ctx
                .save(request, |_| "Personal data saved.".into(), refused)
                .await
                .is_some()
            {
                errors.clear();
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(ProfileUpdate {
            first_name: first.get_untracked(),
            last_name: last.get_untracked(),
            phone: phone.get_untracked(),
        });
    };
    view! {
        <form class="card form narrow" id="profile-form" on:submit=submit novalidate=true>
            <h2>"Personal data"</h2>
            <div class="form-row">
                <Field id="profile-first" label="First name" value=first error=errors.of("first_name") />
                <Field id="profile-last" label="Last name" value=last error=errors.of("last_name") />
            </div>
            <Field id="profile-phone" label="Phone (optional)" value=phone error=errors.of("phone") kind="tel" />
            <div class="form-actions"><button class="btn btn-primary" id="profile-save" type="submit">"Save"</button></div>
        </form>
    }
}

/// The main company, its name (editable by its Owner only) and the account's role there.
#[component]
fn Company() -> impl IntoView {
    let ctx = Ctx::get();
    let main = Memo::new(move |_| {
        ctx.session
            .with(|s| s.as_ref().and_then(|s| s.account.main_company_id.clone()))
    });
    let company = ctx.read(move || {
        let main = main.get();
        async move {
            let entries = api::call(cmd::Switcher {}).await?;
            let entry = entries
                .into_iter()
                .find(|e| Some(&e.org_id) == main.as_ref() && e.invitation_id.is_none());
            Ok::<_, IpcError>(match entry {
                Some(e) if e.role_name == "Owner" => {
                    let org = api::call(cmd::Organization {
                        org_id: e.org_id.clone(),
                    })
                    .await
                    .ok();
                    Some((e, org))
                }
                other => other.map(|e| (e, None)),
            })
        }
    });
    view! {
        <Loaded data=company let:company>
            {match company {
                None => view! { <p class="muted" id="no-company">"You have no main company. Create an organization from the switcher."</p> }.into_any(),
                Some((entry, org)) => view! { <CompanyForm entry org /> }.into_any(),
            }}
        </Loaded>
    }
}

#[component]
fn CompanyForm(entry: SwitcherEntry, org: Option<Organization>) -> impl IntoView {
    let ctx = Ctx::get();
    let name = RwSignal::new(entry.name.clone());
    let error = RwSignal::new(None::<String>);
    let is_owner = org.is_some();
    let save = Action::new_local(move |org: &Organization| {
        let update = OrganizationUpdate {
            name: name.get_untracked(),
            slug: org.slug.clone(),
            description: org.description.clone(),
            notifications: org.notifications,
        };
        let request = cmd::UpdateOrganization {
            org_id: org.id.clone(),
            update,
        };
        let done = |o: &Organization| format!("Company renamed to {}.", o.name);
        async move {
            if ctx.save(request, done, show_in(error)).await.is_some() {
                error.set(None);
            }
        }
    });
    let (org_id, company) = (entry.org_id.clone(), entry.name.clone());
    let leave = move |_| ask_to_leave(ctx, org_id.clone(), company.clone(), "company");
    view! {
        <div class="field">
            <label for="company-name">"Company name"</label>
            <input id="company-name" disabled=!is_owner prop:value=move || name.get()
                on:input=move |ev| name.set(event_target_value(&ev)) />
            <span class="field-hint">{if is_owner { "You own this company, so you can rename it." } else { "Only the company's Owner can rename it." }}</span>
            <span class="field-error" role="alert" id="company-name-error">{move || error.get().unwrap_or_default()}</span>
        </div>
        <dl class="facts"><dt>"Your role"</dt><dd id="company-role">{entry.role_name.clone()}</dd></dl>
        <div class="form-actions">
            {match org {
                None => view! { <button type="button" class="btn btn-danger-ghost" id="leave-company" on:click=leave>"Leave company"</button> }.into_any(),
                Some(org) => view! { <button type="button" class="btn btn-primary" id="company-save" on:click=move |_| { save.dispatch(org.clone()); }>"Save company"</button> }.into_any(),
            }}
        </div>
    }
}

/// Password, theme and deleting the account.
#[component]
fn Security() -> impl IntoView {
    let ctx = Ctx::get();
    let [current, new_password, confirmation] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    let errors = Errors::new();
    let deleting = RwSignal::new(false);
    let change = Action::new_local(move |request: &cmd::ChangePassword| {
        let request = request.clone();
        async move {
            let (done, refused) = (
                |_: &()| "Your password was changed.".into(),
                |e| errors.show(e, "current_password"),
            );
            if ctx.save(request, done, refused).await.is_some() {
                errors.clear();
                for field in [current, new_password, confirmation] {
                    field.set(String::new());
                }
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        change.dispatch(cmd::ChangePassword {
            current: current.get_untracked(),
            new_password: new_password.get_untracked(),
            confirmation: confirmation.get_untracked(),
        });
    };
    let theme_now = move || {
        ctx.session
            .with(|s| s.as_ref().map(|s| s.account.theme))
            .unwrap_or(Theme::System)
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
    view! {
        <form class="card form narrow" id="password-form" on:submit=submit novalidate=true>
            <h2>"Change password"</h2>
            <Field id="current-password" label="Current password" value=current error=errors.of("current_password") kind="password" autocomplete="current-password" />
            <Field id="new-password" label="New password" value=new_password error=errors.of("new_password") kind="password" autocomplete="new-password" hint="At least 8 characters." />
            <Field id="new-password-confirmation" label="Confirm new password" value=confirmation error=errors.of("password_confirmation") kind="password" autocomplete="new-password" />
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
                <button class="btn btn-danger" id="delete-account" on:click=move |_| deleting.set(true)>"Delete account"</button>
            </div>
        </section>
        <Show when=move || deleting.get()>
            <DeleteAccountDialog on_close=Callback::new(move |_| deleting.set(false)) />
        </Show>
    }
}

/// R7: deleting the account names the organizations that go with it and asks for the
/// password (the core checks it; a wrong one is shown under the field).
#[component]
fn DeleteAccountDialog(on_close: Callback<()>) -> impl IntoView {
    let ctx = Ctx::get();
    let owned = LocalResource::new(|| api::call(cmd::OwnedOrganizations {}));
    let message = move || {
        match owned.get() {
        None => String::new(),
        Some(Ok(owned)) if !owned.is_empty() => format!(
            "Your account is deleted together with the organizations you own: {}. You leave every other organization. This cannot be undone.",
            owned.iter().map(|o| user(o)).collect::<Vec<_>>().join(", ")
        ),
        Some(_) => "Your account is deleted. You leave every organization you are a member of. This cannot be undone.".to_string(),
    }
    };
    let password = RwSignal::new(String::new());
    let errors = Errors::new();
    let delete = Action::new_local(move |password: &String| {
        let password = password.clone();
        async move {
            match api::call(cmd::DeleteAccount { password }).await {
                Ok(()) => ctx.session.set(None),
                Err(e) => errors.show(e, "password"),
            }
        }
    });
    let busy = delete.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = password.get_untracked();
        if typed.is_empty() {
            errors.set("password", "Type your password to delete your account.");
        } else {
            delete.dispatch(typed);
        }
    };
    view! {
        <Dialog id="delete-account-dialog" labelled_by="delete-account-title" described_by="delete-account-message" role="alertdialog" on_close close_outside=false>
            <form class="form" on:submit=submit novalidate=true>
                <h2 id="delete-account-title">"Delete your account?"</h2>
                <p id="delete-account-message"><Sentence text=Signal::derive(message) /></p>
                <Field id="delete-account-password" label="Your password" value=password error=errors.of("password") kind="password" autocomplete="current-password" />
                <div class="dialog-actions">
                    <button type="button" class="btn" id="delete-account-cancel" on:click=move |_| on_close.run(())>"No, it's a mistake"</button>
                    <button class="btn btn-danger" id="delete-account-submit" type="submit" disabled=busy>"Yes, delete it"</button>
                </div>
            </form>
        </Dialog>
    }
}

/// The account's recent actions and sign-ins, read when the tab opens.
#[component]
fn Activity() -> impl IntoView {
    let data = LocalResource::new(|| async {
        let activity = api::call(cmd::AccountActivity { before_id: None })
            .await?
            .entries;
        Ok::<_, IpcError>((activity, api::call(cmd::LoginHistory {}).await?))
    });
    view! {
        <section class="card narrow">
            <h2>"Your recent actions"</h2>
            <Loaded data let:found>
                <ul class="plain-list" id="account-activity">
                    {found.0.into_iter().map(|e| view! {
                        <li>
                            <span class="mono small">{e.action.clone()}</span>" · "<bdi>{e.target_name.clone()}</bdi>
                            {e.org_name.clone().map(|o| view! { " · "<bdi>{o}</bdi> })}
                            <span class="muted">" · "{time(Some(e.at))}</span>
                        </li>
                    }).collect_view()}
                </ul>
                <h3>"Sign-ins"</h3>
                <ul class="plain-list" id="account-logins">
                    {found.1.into_iter().map(|at| view! { <li>{time(Some(at))}</li> }).collect_view()}
                </ul>
            </Loaded>
        </section>
    }
}
