//! API keys of an organization (R37–R41): the list (active, or all with revoked),
//! create with the secret shown exactly once, revoke with a confirmation that says it
//! is permanent, verify a pasted key, and plain words when the keyring is unavailable:
//! the keyring is checked before the list is shown, and Create stays disabled until
//! the check says the keyring can take a secret (R41).

use crate::api;
use crate::components::{Confirm, ConfirmDialog, Dialog, Field};
use crate::state::{Ctx, Intent, format_time};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::ids::KeyId;
use rolecall_types::model::{
    ApiKey, ApiKeyKind, CreatedApiKey, KeyVerification, KeyringStatus, NewApiKey,
};
use rolecall_types::permissions::Permission;
use std::sync::Arc;

#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let ctx = Ctx::get();
    let show_revoked = RwSignal::new(false);
    // Every key of the organization, revoked ones included; the toggle only filters.
    let keys = RwSignal::new(None::<Result<Vec<ApiKey>, String>>);
    // R41: `None` until the core has checked the keyring.
    let keyring = RwSignal::new(None::<KeyringStatus>);
    let recheck = RwSignal::new(0u32);
    // R44: active keys whose secret has gone from the keyring.
    let missing = RwSignal::new(Vec::<KeyId>::new());
    let create_open = RwSignal::new(false);
    let confirm = RwSignal::new(None::<Confirm>);
    let pasted = RwSignal::new(String::new());
    let verification = RwSignal::new(None::<KeyVerification>);
    let verify_error = RwSignal::new(None::<String>);
    let can_manage = move || ctx.can(Permission::ApiKeysManage);
    let can_create = move || keyring.with(|k| k.as_ref().is_some_and(|k| k.available));

    Effect::new(move |_| {
        let _ = (ctx.version.get(), recheck.get());
        let Some(org_id) = ctx.org_id() else { return };
        spawn_local(async move {
            // The keyring first, so the screen never offers Create before it is known.
            let status = match api::call(cmd::KeyringStatus {}).await {
                Ok(status) => status,
                Err(e) => KeyringStatus {
                    available: false,
                    message: Some(e.message),
                },
            };
            let reachable = status.available;
            keyring.set(Some(status));
            // The Overview's "Create API key" shortcut, once Create is known to work.
            if ctx.take_intent(Intent::CreateApiKey) && reachable && can_manage() {
                create_open.set(true);
            }
            keys.set(Some(
                api::call(cmd::ListApiKeys {
                    org_id: org_id.clone(),
                    include_revoked: true,
                })
                .await
                .map_err(|e| e.message),
            ));
            missing.set(match reachable {
                true => api::call(cmd::KeysWithoutSecret { org_id })
                    .await
                    .unwrap_or_default(),
                false => Vec::new(),
            });
        });
    });
    // Revoked keys that the list hides while the toggle is off.
    let hidden_revoked = move || match (show_revoked.get(), keys.get()) {
        (false, Some(Ok(list))) => list.iter().filter(|k| k.revoked_at.is_some()).count(),
        _ => 0,
    };
    let verify = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(org_id) = ctx.org_id() else { return };
        let text = pasted.get_untracked();
        if text.trim().is_empty() {
            verify_error.set(Some("Paste a key to verify.".into()));
            return;
        }
        spawn_local(async move {
            match api::call(cmd::VerifyApiKey {
                org_id,
                pasted: text,
            })
            .await
            {
                Ok(v) => {
                    verify_error.set(None);
                    verification.set(Some(v));
                    ctx.version.update(|n| *n += 1);
                }
                Err(e) => verify_error.set(Some(e.message)),
            }
        });
    };
    let revoke = move |key: ApiKey| {
        let Some(org) = ctx.org_id() else { return };
        confirm.set(Some(Confirm {
            title: format!("Revoke {}?", key.name),
            message: format!(
                "Programs using {}… stop working at once. Revoking is permanent: the key can never be used again.",
                key.prefix
            ),
            confirm: "Revoke key".into(),
            cancel: "Keep it".into(),
            danger: true,
            action: Arc::new(move || {
                let request = cmd::RevokeApiKey {
                    org_id: org.clone(),
                    key_id: key.id.clone(),
                };
                let name = key.name.clone();
                spawn_local(async move {
                    match api::call(request).await {
                        Ok(_) => {
                            ctx.toast(format!("{name} was revoked."));
                            ctx.changed();
                        }
                        Err(e) => ctx.toast_error(e.message),
                    }
                });
            }),
        }));
    };

    view! {
        <header class="page-header row">
            <div>
                <h1>"API keys"</h1>
                <p class="muted">"Secrets live in your system keyring; Rolecall keeps only a fingerprint."</p>
            </div>
            <Show when=can_manage>
                <button
                    class="btn btn-primary"
                    id="create-key-button"
                    disabled=move || !can_create()
                    on:click=move |_| create_open.set(true)
                >
                    "Create key"
                </button>
            </Show>
        </header>
        {move || keyring.get().filter(|k| !k.available).map(|k| view! {
            <p class="notice notice-warning" id="keyring-unavailable" role="alert">
                <span id="keyring-message">{k.message.unwrap_or_default()}</span>
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
            {move || match keys.get().map(|r| r.map(|list| {
                let all = show_revoked.get();
                list.into_iter().filter(|k| all || k.revoked_at.is_none()).collect::<Vec<_>>()
            })) {
                None => view! { <p class="muted pad">"Loading…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="form-error pad" role="alert">{message}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    let hidden = hidden_revoked();
                    view! {
                        <div class="empty-state" id="keys-empty">
                            {if hidden == 0 {
                                view! { <p>"No API keys yet."</p> }.into_any()
                            } else {
                                view! {
                                    <p id="keys-revoked-hidden">{match hidden {
                                        1 => "No active API keys. 1 revoked key is hidden; turn on “Show revoked keys” to see it.".to_string(),
                                        n => format!("No active API keys. {n} revoked keys are hidden; turn on “Show revoked keys” to see them."),
                                    }}</p>
                                    <button class="btn" id="show-revoked-keys" on:click=move |_| show_revoked.set(true)>"Show revoked keys"</button>
                                    " "
                                }.into_any()
                            }}
                            <Show when=can_manage>
                                <button class="btn btn-primary" id="create-key-empty" disabled=move || !can_create() on:click=move |_| create_open.set(true)>"Create key"</button>
                            </Show>
                        </div>
                    }.into_any()
                }
                Some(Ok(list)) => view! {
                    <div class="key-grid table-head">
                        <span>"Name"</span><span>"Key"</span><span>"Type"</span><span>"Created"</span><span>"Last used"</span><span>"Status"</span><span></span>
                    </div>
                    <ul class="key-list" id="key-list">
                        {list.into_iter().map(|k| {
                            let active = k.revoked_at.is_none();
                            let lost = active && missing.with(|m| m.contains(&k.id));
                            let for_revoke = k.clone();
                            view! {
                                <li class="key-grid key-row" data-name=k.name.clone()>
                                    <span class="member-name">{k.name.clone()}</span>
                                    <code>{format!("{}…", k.prefix)}</code>
                                    <span class="key-type">{match k.rate_limit {
                                        Some(r) => format!("{} · {r}/min", k.kind.label()),
                                        None => k.kind.label().to_string(),
                                    }}</span>
                                    <span class="muted">{format!("{} by {}", format_time(Some(k.created_at)), k.created_by_name)}</span>
                                    <span class="muted">{format_time(k.last_used_at)}</span>
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
                                        {(active && can_manage()).then(|| view! {
                                            <button class="btn btn-small btn-danger-ghost key-revoke" on:click=move |_| revoke(for_revoke.clone())>"Revoke"</button>
                                        })}
                                    </span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </div>
        <form class="card form narrow verify-card" id="verify-form" on:submit=verify novalidate=true>
            <h2>"Verify a key"</h2>
            <p class="muted">"Paste a key to learn which key of this organization it is and whether it still works."</p>
            <Field id="verify-input" label="Key" value=pasted error=verify_error />
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
        <Show when=move || create_open.get()>
            <CreateKeyDialog on_close=move || create_open.set(false) />
        </Show>
        <ConfirmDialog request=confirm />
    }
}

#[component]
fn CreateKeyDialog(on_close: impl Fn() + Clone + Send + Sync + 'static) -> impl IntoView {
    let ctx = Ctx::get();
    let name = RwSignal::new(String::new());
    let agent = RwSignal::new(false);
    let rate = RwSignal::new("60".to_string());
    let name_error = RwSignal::new(None::<String>);
    let rate_error = RwSignal::new(None::<String>);
    let general = RwSignal::new(None::<String>);
    let created = RwSignal::new(None::<CreatedApiKey>);
    let copied = RwSignal::new(false);
    let close = on_close.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let rate_limit = if agent.get_untracked() {
            match rate.get_untracked().trim().parse::<u32>() {
                Ok(r) => Some(r),
                Err(_) => {
                    rate_error.set(Some(
                        "The rate limit is a whole number of requests per minute, 1 to 10,000."
                            .into(),
                    ));
                    return;
                }
            }
        } else {
            None
        };
        let key = NewApiKey {
            name: name.get_untracked(),
            kind: if agent.get_untracked() {
                ApiKeyKind::AiAgent
            } else {
                ApiKeyKind::Standard
            },
            rate_limit,
        };
        let Some(org_id) = ctx.org_id() else { return };
        spawn_local(async move {
            match api::call(cmd::CreateApiKey { org_id, key }).await {
                Ok(c) => {
                    created.set(Some(c));
                    ctx.changed();
                }
                Err(e) => match e.field.as_deref() {
                    Some("name") => name_error.set(Some(e.message)),
                    Some("rate_limit") => rate_error.set(Some(e.message)),
                    _ => general.set(Some(e.message)),
                },
            }
        });
    };
    let copy = move |_| {
        let Some(secret) = created.with_untracked(|c| c.as_ref().map(|c| c.secret.clone())) else {
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
            on_close=Callback::new(move |_| close())
            close_outside=Signal::derive(move || created.with(Option::is_none))
        >
                {move || match created.get() {
                    Some(c) => {
                        let done = on_close.clone();
                        view! {
                            <h2 id="create-key-title">{format!("{} is ready", c.key.name)}</h2>
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
                                <button class="btn btn-primary" id="close-secret" on:click=move |_| done()>"I have stored it"</button>
                            </div>
                        }.into_any()
                    }
                    None => {
                        let cancel = on_close.clone();
                        view! {
                            <form class="form" on:submit=submit novalidate=true>
                                <h2 id="create-key-title">"Create API key"</h2>
                                <Field id="key-name" label="Name" value=name error=name_error autofocus=true />
                                <div class="field">
                                    <span class="label">"Type"</span>
                                    <label class="toggle"><input type="radio" name="key-type" id="key-type-standard" prop:checked=move || !agent.get() on:change=move |_| agent.set(false) /><span>"Standard"</span></label>
                                    <label class="toggle"><input type="radio" name="key-type" id="key-type-agent" prop:checked=move || agent.get() on:change=move |_| agent.set(true) /><span>"AI_AGENT (rate limited)"</span></label>
                                </div>
                                <Show when=move || agent.get()>
                                    <Field id="key-rate" label="Rate limit (requests per minute)" value=rate error=rate_error kind="number" />
                                </Show>
                                <p class="form-error" role="alert" id="create-key-error">{move || general.get().unwrap_or_default()}</p>
                                <div class="dialog-actions">
                                    <button type="button" class="btn" on:click=move |_| cancel()>"Cancel"</button>
                                    <button class="btn btn-primary" id="create-key-submit" type="submit">"Create key"</button>
                                </div>
                            </form>
                        }.into_any()
                    }
                }}
        </Dialog>
    }
}
