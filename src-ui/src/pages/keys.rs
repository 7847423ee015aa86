//! API keys of an organization (R37–R41): the list (active, or all with revoked),
//! create with the secret shown exactly once, revoke with a confirmation that says it
//! is permanent, verify a pasted key, and plain words when the keyring is unavailable:
//! the keyring is checked before the list is shown, and Create stays disabled until
//! the check says the keyring can take a secret (R41).

use crate::api;
use crate::components::{Confirm, Dialog, DialogButtons, Errors, Field, Loaded, user};
use crate::format::time;
use crate::state::{Ctx, Intent};
use leptos::prelude::*;
use rolecall_types::IpcError;
use rolecall_types::cmd;
use rolecall_types::ids::KeyId;
use rolecall_types::model::{
    ApiKey, ApiKeyKind, CreatedApiKey, KeyVerification, KeyringStatus, NewApiKey,
};
use rolecall_types::permissions::Permission;

/// What the page shows, read together, the keyring first.
#[derive(Clone)]
struct Keys {
    /// R41: whether the keyring can take a new secret.
    keyring: KeyringStatus,
    /// Every key of the organization, revoked ones included; the toggle only filters.
    list: Vec<ApiKey>,
    /// R44: active keys whose secret has gone from the keyring.
    missing: Vec<KeyId>,
}

#[component]
pub fn KeysPage() -> impl IntoView {
    let ctx = Ctx::get();
    let show_revoked = RwSignal::new(false);
    let recheck = RwSignal::new(0u32);
    let create_open = RwSignal::new(false);
    let data = ctx.read(move || {
        recheck.track();
        let org_id = ctx.org();
        async move {
            let keyring = api::call(cmd::KeyringStatus {}).await;
            let keyring = keyring.unwrap_or_else(|e| KeyringStatus {
                available: false,
                message: Some(e.message),
            });
            let list = api::call(cmd::ListApiKeys {
                org_id: org_id.clone(),
                include_revoked: true,
            })
            .await?;
            let missing = match keyring.available {
                true => api::call(cmd::KeysWithoutSecret { org_id })
                    .await
                    .unwrap_or_default(),
                false => Vec::new(),
            };
            Ok::<_, IpcError>(Keys {
                keyring,
                list,
                missing,
            })
        }
    });
    let can_manage = move || ctx.can(Permission::ApiKeysManage);
    let can_create = move || data.with(|d| matches!(d, Some(Ok(k)) if k.keyring.available));
    // The Overview's "Create API key" shortcut, once Create is known to work.
    Effect::new(move |_| {
        if data.with(Option::is_some)
            && ctx.take_intent(Intent::CreateApiKey)
            && can_create()
            && can_manage()
        {
            create_open.set(true);
        }
    });
    let create_button = move |id: &'static str, class: &'static str| {
        view! {
            <Show when=can_manage>
                <button class=class id=id disabled=move || !can_create() on:click=move |_| create_open.set(true)>"Create key"</button>
            </Show>
        }
    };

    view! {
        <header class="page-header row">
            <div>
                <h1>"API keys"</h1>
                <p class="muted">"Secrets live in your system keyring; Rolecall keeps only a fingerprint."</p>
            </div>
            {create_button("create-key-button", "btn btn-primary")}
        </header>
        {move || data.get().and_then(Result::ok).filter(|k| !k.keyring.available).map(|k| view! {
            <p class="notice notice-warning" id="keyring-unavailable" role="alert">
                <span id="keyring-message">{k.keyring.message.unwrap_or_default()}</span>
                " "
                <button type="button" class="link" id="keyring-recheck" on:click=move |_| recheck.update(|n| *n += 1)>
                    "Check again"
                </button>
            </p>
        })}
        <div class="toolbar">
            <label class="toggle">
                <input type="checkbox" id="show-revoked" prop:checked=move || show_revoked.get()
                    on:change=move |ev| show_revoked.set(event_target_checked(&ev)) />
                <span>"Show revoked keys"</span>
            </label>
        </div>
        <div class="card list-card">
            <Loaded data let:keys>
                {move || {
                    let all = show_revoked.get();
                    let list: Vec<ApiKey> = keys.list.iter().filter(|k| all || k.revoked_at.is_none()).cloned().collect();
                    let hidden = keys.list.len() - list.len();
                    if list.is_empty() {
                        view! {
                            <div class="empty-state" id="keys-empty">
                                {match hidden {
                                    0 => view! { <p>"No API keys yet."</p> }.into_any(),
                                    n => view! {
                                        <p id="keys-revoked-hidden">{match n {
                                            1 => "No active API keys. 1 revoked key is hidden; turn on “Show revoked keys” to see it.".to_string(),
                                            n => format!("No active API keys. {n} revoked keys are hidden; turn on “Show revoked keys” to see them."),
                                        }}</p>
                                        <button class="btn" id="show-revoked-keys" on:click=move |_| show_revoked.set(true)>"Show revoked keys"</button>
                                        " "
                                    }.into_any(),
                                }}
                                {create_button("create-key-empty", "btn btn-primary")}
                            </div>
                        }.into_any()
                    } else {
                        view! { <KeyList list missing=keys.missing.clone() /> }.into_any()
                    }
                }}
            </Loaded>
        </div>
        <Verify />
        <Show when=move || create_open.get()>
            <CreateKeyDialog on_close=Callback::new(move |_| create_open.set(false)) />
        </Show>
    }
}

#[component]
fn KeyList(list: Vec<ApiKey>, missing: Vec<KeyId>) -> impl IntoView {
    let ctx = Ctx::get();
    let revoke = move |key: &ApiKey| {
        let question = Confirm::danger(
            format!("Revoke {}?", user(&key.name)),
            format!(
                "Programs using {}… stop working at once. Revoking is permanent: the key can never be used again.",
                key.prefix
            ),
            "Revoke key",
            "Keep it",
        );
        let request = cmd::RevokeApiKey {
            org_id: ctx.org(),
            key_id: key.id.clone(),
        };
        ctx.confirm_run(question, request, format!("{} was revoked.", key.name));
    };
    view! {
        <div class="key-grid table-head">
            <span>"Name"</span><span>"Key"</span><span>"Type"</span><span>"Created"</span><span>"Last used"</span><span>"Status"</span><span></span>
        </div>
        <ul class="key-list" id="key-list">
            {list.into_iter().map(|k| {
                let active = k.revoked_at.is_none();
                let lost = active && missing.contains(&k.id);
                let for_revoke = k.clone();
                view! {
                    <li class="key-grid key-row" data-name=k.name.clone()>
                        <span class="member-name">{k.name.clone()}</span>
                        <code>{format!("{}…", k.prefix)}</code>
                        <span class="key-type">{match k.rate_limit {
                            Some(r) => format!("{} · {r}/min", k.kind.label()),
                            None => k.kind.label().to_string(),
                        }}</span>
                        <span class="muted">{time(Some(k.created_at))} " by " <bdi>{k.created_by_name.clone()}</bdi></span>
                        <span class="muted">{time(k.last_used_at)}</span>
                        <span class="status-cell">
                            <span class=if active { "status status-active" } else { "status status-off" }>
                                {if active { "Active" } else { "Revoked" }}
                            </span>
                            {lost.then(|| view! {
                                <span
                                    class="status status-warn key-secret-missing"
                                    title="The key still verifies, but its secret is no longer in your system keyring. Revoke it and create a new key if anything needs to read the secret from there."
                                >
                                    "Secret missing"
                                </span>
                            })}
                        </span>
                        <span class="row-actions">
                            {(active && ctx.can(Permission::ApiKeysManage)).then(|| view! {
                                <button class="btn btn-small btn-danger-ghost key-revoke" on:click=move |_| revoke(&for_revoke)>"Revoke"</button>
                            })}
                        </span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// Which key of this organization a pasted key is, and whether it still works.
#[component]
fn Verify() -> impl IntoView {
    let ctx = Ctx::get();
    let pasted = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let verification = RwSignal::new(None::<KeyVerification>);
    let verify = Action::new_local(move |pasted: &String| {
        let request = cmd::VerifyApiKey {
            org_id: ctx.org(),
            pasted: pasted.clone(),
        };
        async move {
            match api::call(request).await {
                Ok(answer) => {
                    error.set(None);
                    verification.set(Some(answer));
                    // Verifying records the key's use.
                    ctx.version.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e.message)),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match pasted.get_untracked() {
            text if text.trim().is_empty() => error.set(Some("Paste a key to verify.".into())),
            text => {
                verify.dispatch(text);
            }
        }
    };
    view! {
        <form class="card form narrow verify-card" id="verify-form" on:submit=submit novalidate=true>
            <h2>"Verify a key"</h2>
            <p class="muted">"Paste a key to learn which key of this organization it is and whether it still works."</p>
            <Field id="verify-input" label="Key" value=pasted error />
            <div class="form-actions"><button class="btn" id="verify-submit" type="submit">"Verify"</button></div>
            {move || verification.get().map(|v| {
                let text = match (&v.key, v.valid) {
                    (Some(k), true) => format!(
                        "Valid: {} of {} — {}{}.",
                        k.name,
                        v.org_name.clone().unwrap_or_default(),
                        k.kind.label(),
                        k.rate_limit.map(|r| format!(", {r} requests/minute")).unwrap_or_default()
                    ),
                    _ => format!("Not valid. {}", v.reason.clone().unwrap_or_default()),
                };
                view! { <p class=if v.valid { "verify-result ok" } else { "verify-result bad" } id="verify-result" role="status">{text}</p> }
            })}
        </form>
    }
}

#[component]
fn CreateKeyDialog(on_close: Callback<()>) -> impl IntoView {
    let ctx = Ctx::get();
    let name = RwSignal::new(String::new());
    let agent = RwSignal::new(false);
    let rate = RwSignal::new("60".to_string());
    let errors = Errors::new();
    let create = Action::new_local(move |key: &NewApiKey| {
        let request = cmd::CreateApiKey {
            org_id: ctx.org(),
            key: key.clone(),
        };
        async move {
            let created = api::call(request).await;
            match &created {
                Ok(_) => ctx.changed(),
                Err(e) => errors.show(e.clone(), ""),
            }
            created.ok()
        }
    });
    let answer = create.value();
    let created = Signal::derive(move || answer.get().flatten());
    let copied = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let rate_limit = match (
            agent.get_untracked(),
            rate.get_untracked().trim().parse::<u32>(),
        ) {
            (false, _) => None,
            (true, Ok(r)) => Some(r),
            (true, Err(_)) => {
                let message =
                    "The rate limit is a whole number of requests per minute, 1 to 10,000.";
                return errors.set("rate_limit", message);
            }
        };
        let kind = if agent.get_untracked() {
            ApiKeyKind::AiAgent
        } else {
            ApiKeyKind::Standard
        };
        create.dispatch(NewApiKey {
            name: name.get_untracked(),
            kind,
            rate_limit,
        });
    };
    let copy = move |_| {
        let Some(secret) =
            created.with_untracked(|c| c.as_ref().map(|c: &CreatedApiKey| c.secret.clone()))
        else {
            return;
        };
        if ctx.copy(&secret, "Key copied to the clipboard.") {
            copied.set(true);
        }
    };
    view! {
        // A click outside must not lose a secret that is on screen.
        <Dialog
            id="create-key-dialog"
            labelled_by="create-key-title"
            on_close
            close_outside=Signal::derive(move || created.with(Option::is_none))
        >
                {move || match created.get() {
                    Some(c) => {
                        view! {
                            <h2 id="create-key-title"><bdi>{c.key.name.clone()}</bdi> " is ready"</h2>
                            <p class="notice notice-warning" id="secret-warning">
                                "Copy this key now. It is shown only once: Rolecall cannot show it again after you close this dialog."
                            </p>
                            <input class="secret" id="created-secret" readonly=true prop:value=c.secret.clone() aria-label="The new key" />
                            <p class="muted small">{match c.key.rate_limit {
                                Some(r) => format!("{} key · {r} requests per minute", c.key.kind.label()),
                                None => format!("{} key", c.key.kind.label()),
                            }}</p>
                            <div class="dialog-actions">
                                <button class="btn" id="copy-secret" on:click=copy>{move || if copied.get() { "Copied" } else { "Copy key" }}</button>
                                <button class="btn btn-primary" id="close-secret" on:click=move |_| on_close.run(())>"I have stored it"</button>
                            </div>
                        }.into_any()
                    }
                    None => {
                        view! {
                            <form class="form" on:submit=submit novalidate=true>
                                <h2 id="create-key-title">"Create API key"</h2>
                                <Field id="key-name" label="Name" value=name error=errors.of("name") autofocus=true />
                                <div class="field">
                                    <span class="label">"Type"</span>
                                    <label class="toggle"><input type="radio" name="key-type" id="key-type-standard" prop:checked=move || !agent.get() on:change=move |_| agent.set(false) /><span>"Standard"</span></label>
                                    <label class="toggle"><input type="radio" name="key-type" id="key-type-agent" prop:checked=move || agent.get() on:change=move |_| agent.set(true) /><span>"AI_AGENT (rate limited)"</span></label>
                                </div>
                                <Show when=move || agent.get()>
                                    <Field id="key-rate" label="Rate limit (requests per minute)" value=rate error=errors.of("rate_limit") kind="number" />
                                </Show>
                                <p class="form-error" role="alert" id="create-key-error">{move || errors.of("").get().unwrap_or_default()}</p>
                                <DialogButtons submit="create-key-submit" label="Create key" on_cancel=on_close />
                            </form>
                        }.into_any()
                    }
                }}
        </Dialog>
    }
}
