//! First run and sign-in (R2): Register (first name, last name, e-mail, password and
//! confirmation, checked as you type with the shared rules) or Sign in.

use crate::api;
use crate::components::{Errors, Field};
use crate::state::{Ctx, Route};
use leptos::prelude::*;
use rolecall_types::cmd::{self, Command};
use rolecall_types::model::{RegisterRequest, SessionInfo};
use rolecall_types::validate::{self, Invalid};

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

/// Sends a Register or Sign in request; the shell then opens on Members, or the core's
/// refusal shows under the form (next to its field when `by_field`).
fn enter<C>(errors: Errors, by_field: bool) -> Action<C, ()>
where
    C: Command<Response = SessionInfo> + Clone + Send + Sync + 'static,
{
    let ctx = Ctx::get();
    Action::new_local(move |request: &C| {
        let request = request.clone();
        async move {
            match api::call(request).await {
                Ok(info) => {
                    ctx.inherited.set(info.inherited.clone());
                    ctx.session.set(Some(info));
                    ctx.route.set(Route::Members);
                }
                Err(e) if by_field => errors.show(e, ""),
                Err(e) => errors.set("", e.message),
            }
        }
    })
}

#[component]
fn RegisterForm(on_sign_in: impl Fn() + Send + Sync + 'static, show_switch: bool) -> impl IntoView {
    let [first, last, email, password, confirmation] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    let errors = Errors::new();
    let touched = RwSignal::new(false);
    let register = enter::<cmd::Register>(errors, true);
    let busy = register.pending();
    // The same rules the core enforces, as you type once the form was submitted.
    let found = move || {
        let mismatch = (password.get() != confirmation.get()).then(|| {
            Invalid::new(
                "password_confirmation",
                "The password and its confirmation do not match.",
            )
        });
        [
            validate::person_name("first_name", "First name", &first.get()).err(),
            validate::person_name("last_name", "Last name", &last.get()).err(),
            validate::email(&email.get()).err(),
            validate::password("password", &password.get()).err(),
            mismatch,
        ]
    };
    Effect::new(move |_| {
        if touched.get() {
            errors.check(found());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        touched.set(true);
        if errors.check(untrack(found)) {
            register.dispatch(cmd::Register {
                account: RegisterRequest {
                    first_name: first.get_untracked(),
                    last_name: last.get_untracked(),
                    email: email.get_untracked(),
                    password: password.get_untracked(),
                    password_confirmation: confirmation.get_untracked(),
                },
            });
        }
    };
    view! {
        <form id="register-form" class="form" on:submit=submit novalidate=true>
            <h1>"Create your account"</h1>
            <p class="muted">"Rolecall creates your personal account and your company, “<Last name> Company”."</p>
            <div class="form-row">
                <Field id="first-name" label="First name" value=first error=errors.of("first_name") autocomplete="given-name" autofocus=true />
                <Field id="last-name" label="Last name" value=last error=errors.of("last_name") autocomplete="family-name" />
            </div>
            <Field id="email" label="E-mail" value=email error=errors.of("email") kind="email" autocomplete="email" />
            <Field id="password" label="Password" value=password error=errors.of("password") kind="password" autocomplete="new-password" hint="At least 8 characters." />
            <Field id="password-confirmation" label="Confirm password" value=confirmation error=errors.of("password_confirmation") kind="password" autocomplete="new-password" />
            <p class="form-error" role="alert" id="register-error">{move || errors.of("").get().unwrap_or_default()}</p>
            <button class="btn btn-primary btn-wide" id="register-submit" type="submit" disabled=busy>
                {move || if busy.get() { "Creating your account…" } else { "Create account" }}
            </button>
            {show_switch.then(|| view! {
                <p class="auth-switch">
                    "Already have an account? "
                    <button type="button" class="link" id="show-signin" on:click=move |_| on_sign_in()>"Sign in"</button>
                </p>
            })}
        </form>
    }
}

#[component]
fn SignInForm(on_register: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let [email, password] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let errors = Errors::new();
    let sign_in = enter::<cmd::SignIn>(errors, false);
    let busy = sign_in.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (email, password) = (email.get_untracked(), password.get_untracked());
        if email.trim().is_empty() || password.is_empty() {
            errors.set("", "Enter your e-mail and password.");
        } else {
            errors.clear();
            sign_in.dispatch(cmd::SignIn { email, password });
        }
    };
    let no_error = Signal::derive(|| None::<String>);
    view! {
        <form id="signin-form" class="form" on:submit=submit novalidate=true>
            <h1>"Sign in"</h1>
            <Field id="signin-email" label="E-mail" value=email error=no_error kind="email" autocomplete="email" autofocus=true />
            <Field id="signin-password" label="Password" value=password error=no_error kind="password" autocomplete="current-password" />
            <p class="form-error" role="alert" id="signin-error">{move || errors.of("").get().unwrap_or_default()}</p>
            <button class="btn btn-primary btn-wide" id="signin-submit" type="submit" disabled=busy>
                {move || if busy.get() { "Signing in…" } else { "Sign in" }}
            </button>
            <p class="auth-switch">
                "New here? "
                <button type="button" class="link" id="show-register" on:click=move |_| on_register()>"Register another account"</button>
            </p>
        </form>
    }
}
