//! The findings' thresholds (R52): how many days make a member dormant, an invitation
//! stale or an API key unused or old, how many privileged members are too many, and
//! which e-mail domains are the organization's own. Checked with the shared rule as
//! you save; the core's refusal stays under the field it is about.

use crate::components::{Dialog, DialogButtons};
use crate::state::Ctx;
use leptos::prelude::*;
use rolecall_types::IpcError;
use rolecall_types::cmd;
use rolecall_types::review::ReviewSettings;

/// One whole-number setting: its input id (also the core's field name), its label,
/// its unit, and how to read and write it in the settings.
struct Number {
    field: &'static str,
    label: &'static str,
    unit: &'static str,
    get: fn(&ReviewSettings) -> u32,
    set: fn(&mut ReviewSettings, u32),
}

const NUMBERS: &[Number] = &[
    Number {
        field: "dormant_days",
        label: "Dormant after",
        unit: "days without a sign-in",
        get: |s| s.dormant_days,
        set: |s, v| s.dormant_days = v,
    },
    Number {
        field: "never_signed_in_days",
        label: "Never signed in after",
        unit: "days since joining",
        get: |s| s.never_signed_in_days,
        set: |s, v| s.never_signed_in_days = v,
    },
    Number {
        field: "stale_invitation_days",
        label: "Invitation stale after",
        unit: "days pending",
        get: |s| s.stale_invitation_days,
        set: |s, v| s.stale_invitation_days = v,
    },
    Number {
        field: "unused_key_days",
        label: "API key unused after",
        unit: "days",
        get: |s| s.unused_key_days,
        set: |s, v| s.unused_key_days = v,
    },
    Number {
        field: "old_key_days",
        label: "API key old after",
        unit: "days",
        get: |s| s.old_key_days,
        set: |s, v| s.old_key_days = v,
    },
    Number {
        field: "max_privileged",
        label: "Too many privileged above",
        unit: "members",
        get: |s| s.max_privileged,
        set: |s, v| s.max_privileged = v,
    },
    Number {
        field: "max_privileged_percent",
        label: "…or above",
        unit: "% of 20 or more members",
        get: |s| s.max_privileged_percent,
        set: |s, v| s.max_privileged_percent = v,
    },
];

fn input_id(field: &str) -> String {
    format!("review-setting-{}", field.replace('_', "-"))
}

#[component]
pub(super) fn ThresholdsDialog(
    settings: ReviewSettings,
    /// The domain proposed from the members, shown when none is set.
    proposed: Option<String>,
    on_close: Callback<()>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let values: Vec<RwSignal<String>> = NUMBERS
        .iter()
        .map(|n| RwSignal::new((n.get)(&settings).to_string()))
        .collect();
    let domains = RwSignal::new(settings.domains.join("\n"));
    // The refusal and the field it is about ("" for the form as a whole).
    let refused = RwSignal::new(None::<(String, String)>);
    let error_for = move |field: &'static str| {
        Signal::derive(move || {
            refused
                .get()
                .filter(|(f, _)| f == field)
                .map(|(_, message)| message)
        })
    };
    let save = Action::new_local(move |update: &ReviewSettings| {
        let request = cmd::UpdateReviewSettings {
            org_id: ctx.org(),
            settings: update.clone(),
        };
        async move {
            let saved = ctx
                .save(
                    request,
                    |_| "The thresholds were saved; the findings use them now.".to_string(),
                    |e: IpcError| refused.set(Some((e.field.unwrap_or_default(), e.message))),
                )
                .await;
            if saved.is_some() {
                on_close.run(());
            }
        }
    });
    let busy = save.pending();
    let numbers = values.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        refused.set(None);
        let mut update = ReviewSettings {
            domains: domains
                .get_untracked()
                .split([',', '\n', ' ', ';'])
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_string)
                .collect(),
            ..ReviewSettings::default()
        };
        for (n, value) in NUMBERS.iter().zip(&numbers) {
            match value.get_untracked().trim().parse::<u32>() {
                Ok(v) => (n.set)(&mut update, v),
                Err(_) => {
                    refused.set(Some((
                        n.field.to_string(),
                        format!("{} is a whole number.", n.label),
                    )));
                    return;
                }
            }
        }
        match update.checked() {
            Ok(update) => {
                save.dispatch(update);
            }
            Err(e) => refused.set(Some((e.field.to_string(), e.message))),
        }
    };
    let reset = values.clone();
    let rows = NUMBERS
        .iter()
        .zip(values)
        .map(|(n, value)| {
            let id = input_id(n.field);
            let error = error_for(n.field);
            let error_id = format!("{id}-error");
            let described = error_id.clone();
            view! {
                <div class="field rv-setting" class:has-error=move || error.get().is_some()>
                    <label for=id.clone()>{n.label}</label>
                    <div class="rv-setting-input">
                        <input
                            id=id
                            type="number"
                            inputmode="numeric"
                            min="1"
                            prop:value=move || value.get()
                            on:input=move |ev| value.set(event_target_value(&ev))
                            aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                            aria-describedby=described
                        />
                        <span class="muted small">{n.unit}</span>
                    </div>
                    <span class="field-error" id=error_id role="alert">{move || error.get().unwrap_or_default()}</span>
                </div>
            }
        })
        .collect_view();
    let domains_error = error_for("domains");
    let general = Signal::derive(move || {
        refused
            .get()
            .filter(|(f, _)| f != "domains" && !NUMBERS.iter().any(|n| n.field == f))
            .map(|(_, m)| m)
    });
    let placeholder = match proposed {
        Some(d) => format!("{d} (proposed from the members)"),
        None => "example.com".to_string(),
    };
    view! {
        <Dialog id="review-settings-dialog" labelled_by="review-settings-title" on_close>
            <form class="form" id="review-settings-form" on:submit=submit novalidate=true>
                <h2 id="review-settings-title">"Finding thresholds"</h2>
                <p class="muted small">"For this organization only. Findings are checked again with them at once."</p>
                <div class="rv-settings-grid">{rows}</div>
                <div class="field" class:has-error=move || domains_error.get().is_some()>
                    <label for="review-setting-domains">"The organization's own e-mail domains"</label>
                    <textarea
                        id="review-setting-domains"
                        rows="2"
                        placeholder=placeholder
                        prop:value=move || domains.get()
                        on:input=move |ev| domains.set(event_target_value(&ev))
                        aria-describedby="review-setting-domains-hint review-setting-domains-error"
                    ></textarea>
                    <span class="field-hint" id="review-setting-domains-hint">
                        "One per line or separated by commas. Members outside them are listed as external accounts; leave empty to use the most common domain."
                    </span>
                    <span class="field-error" id="review-setting-domains-error" role="alert">{move || domains_error.get().unwrap_or_default()}</span>
                </div>
                <p class="form-error" role="alert" id="review-settings-error">{move || general.get().unwrap_or_default()}</p>
                <DialogButtons submit="review-settings-save" cancel_id="review-settings-cancel" disabled=busy on_cancel=on_close
                    label=move || if busy.get() { "Saving…" } else { "Save thresholds" }>
                    <button type="button" class="btn btn-ghost" id="review-settings-defaults"
                        on:click=move |_| {
                            let defaults = ReviewSettings::default();
                            for (n, value) in NUMBERS.iter().zip(reset.iter()) {
                                value.set((n.get)(&defaults).to_string());
                            }
                            domains.set(String::new());
                            refused.set(None);
                        }>
                        "Defaults"
                    </button>
                </DialogButtons>
            </form>
        </Dialog>
    }
}
