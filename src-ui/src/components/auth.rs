//! First run and sign-in (R2): Register (first name, last name, e-mail, password and
//! confirmation, checked as you type with the shared rules) or Sign in.

use crate::api;
use crate::components::Field;
use crate::state::Ctx;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::IpcError;
use rolecall_types::cmd;
use rolecall_types::model::RegisterRequest;
use rolecall_types::validate;

/// Field errors keyed by field name, from the shared rules or from the core.
type Errors = RwSignal<Vec<(String, String)>>;

fn error_of(errors: Errors, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.with(|e| e.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()))
    })
}

/// Puts a core error next to its field, or in the form's general message.
fn show_error(errors: Errors, general: RwSignal<Option<String>>, e: IpcError) {
    match e.field {
        Some(field) => errors.set(vec![(field, e.message)]),
        None => general.set(Some(e.message)),
    }
}

#[component]
pub fn AuthScreen(has_accounts: bool, data_dir: String) -> impl IntoView {
    let register = RwSignal::new(!has_accounts);
    view! {
        <div class="auth">
            <div class="auth-card card">
                <div class="auth-brand">
                    <span class="avatar avatar-brand" aria-hidden="true">"R"</span>
                    <span class="auth-title">"Rolecall"</span>
                </div>
                {move || if register.get() {
                    view! { <RegisterForm on_sign_in=move || register.set(false) show_switch=has_accounts /> }.into_any()
                } else {
                    view! { <SignInForm on_register=move || register.set(true) /> }.into_any()
                }}
                <p class="auth-footnote muted">"Your data stays on this computer: " <span class="mono">{data_dir}</span></p>
            </div>
        </div>
    }
}

#[component]
fn RegisterForm(
    on_sign_in: impl Fn() + Clone + Send + Sync + 'static,
    show_switch: bool,
) -> impl IntoView {
    let ctx = Ctx::get();
    let first = RwSignal::new(String::new());
    let last = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let errors: Errors = RwSignal::new(Vec::new());
    let general = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let touched = RwSignal::new(false);

    // Inline validation with the same rules the core enforces, once the form was submitted.
    let check = move || {
        let mut found = Vec::new();
        let mut push = |r: Result<(), validate::Invalid>| {
            if let Err(e) = r {
                found.push((e.field.to_string(), e.message));
            }
        };
        push(validate::person_name("first_name", "First name", &first.get()).map(|_| ()));
        push(validate::person_name("last_name", "Last name", &last.get()).map(|_| ()));
        push(validate::email(&email.get()).map(|_| ()));
        push(validate::password("password", &password.get()));
        if password.get() != confirmation.get() {
            found.push((
                "password_confirmation".into(),
                "The password and its confirmation do not match.".into(),
            ));
        }
        found
    };
    Effect::new(move |_| {
        if touched.get() {
            errors.set(check());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        touched.set(true);
        general.set(None);
        let found = check();
        if !found.is_empty() {
            errors.set(found);
            return;
        }
        let request = RegisterRequest {
            first_name: first.get_untracked(),
            last_name: last.get_untracked(),
            email: email.get_untracked(),
            password: password.get_untracked(),
            password_confirmation: confirmation.get_untracked(),
        };
        busy.set(true);
        spawn_local(async move {
            match api::call(cmd::Register { account: request }).await {
                Ok(info) => {
                    ctx.session.set(Some(info));
                    ctx.route.set(crate::state::Route::Members);
                }
                Err(e) => show_error(errors, general, e),
            }
            busy.set(false);
        });
    };
    view! {
        <form id="register-form" class="form" on:submit=submit novalidate=true>
            <h1>"Create your account"</h1>
            <p class="muted">"Rolecall creates your personal account and your company, “<Last name> Company”."</p>
            <div class="form-row">
                <Field id="first-name" label="First name" value=first error=error_of(errors, "first_name") autocomplete="given-name" autofocus=true />
                <Field id="last-name" label="Last name" value=last error=error_of(errors, "last_name") autocomplete="family-name" />
            </div>
            <Field id="email" label="E-mail" value=email error=error_of(errors, "email") kind="email" autocomplete="email" />
            <Field id="password" label="Password" value=password error=error_of(errors, "password") kind="password" autocomplete="new-password" hint="At least 8 characters." />
            <Field id="password-confirmation" label="Confirm password" value=confirmation error=error_of(errors, "password_confirmation") kind="password" autocomplete="new-password" />
            <p class="form-error" role="alert" id="register-error">{move || general.get().unwrap_or_default()}</p>
            <button class="btn btn-primary btn-wide" id="register-submit" type="submit" disabled=move || busy.get()>
                {move || if busy.get() { "Creating your account…" } else { "Create account" }}
            </button>
            {show_switch.then(|| {
                let on_sign_in = on_sign_in.clone();
                view! {
                    <p class="auth-switch">
                        "Already have an account? "
                        <button type="button" class="link" id="show-signin" on:click=move |_| on_sign_in()>"Sign in"</button>
                    </p>
                }
            })}
        </form>
    }
}

#[component]
fn SignInForm(on_register: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let ctx = Ctx::get();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (e, p) = (email.get_untracked(), password.get_untracked());
        if e.trim().is_empty() || p.is_empty() {
            error.set(Some("Enter your e-mail and password.".into()));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match api::call(cmd::SignIn {
                email: e,
                password: p,
            })
            .await
            {
                Ok(info) => {
                    error.set(None);
                    ctx.session.set(Some(info));
                    ctx.route.set(crate::state::Route::Members);
                }
                Err(err) => error.set(Some(err.message)),
            }
            busy.set(false);
        });
    };
    view! {
        <form id="signin-form" class="form" on:submit=submit novalidate=true>
            <h1>"Sign in"</h1>
            <Field id="signin-email" label="E-mail" value=email error=Signal::derive(|| None::<String>) kind="email" autocomplete="email" autofocus=true />
            <Field id="signin-password" label="Password" value=password error=Signal::derive(|| None::<String>) kind="password" autocomplete="current-password" />
            <p class="form-error" role="alert" id="signin-error">{move || error.get().unwrap_or_default()}</p>
            <button class="btn btn-primary btn-wide" id="signin-submit" type="submit" disabled=move || busy.get()>
                {move || if busy.get() { "Signing in…" } else { "Sign in" }}
            </button>
            <p class="auth-switch">
                "New here? "
                <button type="button" class="link" id="show-register" on:click=move |_| on_register()>"Register another account"</button>
            </p>
        </form>
    }
}
