//! Amounts typed in major units ("25", "12.50") in the context's currency: read and
//! checked against a limit, in a field with the currency in front.

use crate::format::{currency_decimals, money};
use leptos::html;
use leptos::prelude::*;

/// Reads an amount typed in major units ("25", "12.50") as minor units of a currency
/// with `decimals` decimals. Amounts too large for any ledger come back as `i64::MAX`,
/// so the caller's upper limit names them.
fn parse_amount(text: &str, currency: &str, decimals: u32) -> Result<i64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Enter an amount.".into());
    }
    if text.starts_with('-') {
        return Err("The amount must be more than zero.".into());
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        let example = match decimals {
            0 => "25".to_string(),
            d => format!("25.{}", "0".repeat(d as usize)),
        };
        return Err(format!(
            "Type the amount in {currency} with digits only, such as {example}."
        ));
    }
    if fraction.len() > decimals as usize {
        return Err(match decimals {
            0 => format!("{currency} amounts have no decimals."),
            1 => format!("{currency} amounts have at most 1 decimal."),
            d => format!("{currency} amounts have at most {d} decimals."),
        });
    }
    let scale = 10i64.pow(decimals);
    let fraction = format!("{fraction:0<width$}", width = decimals as usize);
    let whole = if whole.is_empty() { "0" } else { whole };
    let minor = whole
        .parse::<i64>()
        .ok()
        .and_then(|w| w.checked_mul(scale))
        .and_then(|w| w.checked_add(fraction.parse::<i64>().unwrap_or(0)))
        .unwrap_or(i64::MAX);
    Ok(minor)
}

/// Checks a typed amount against 1..=`max` minor units; `what` names it ("A top-up").
pub(super) fn checked_amount(
    text: &str,
    currency: &str,
    max: i64,
    what: &str,
) -> Result<i64, String> {
    let minor = parse_amount(text, currency, currency_decimals(currency))?;
    if minor < 1 {
        Err("The amount must be more than zero.".into())
    } else if minor > max {
        Err(format!("{what} is at most {}.", money(max, currency)))
    } else {
        Ok(minor)
    }
}

/// An amount typed in major units, with the currency in front and its error under it.
#[component]
pub(super) fn AmountField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    error: RwSignal<Option<String>>,
    currency: Memo<String>,
    #[prop(optional)] input_ref: Option<NodeRef<html::Input>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    let placeholder = move || match currency_decimals(&currency.get()) {
        0 => "0".to_string(),
        d => format!("0.{}", "0".repeat(d as usize)),
    };
    view! {
        <div class="field bl-amount-field" class:has-error=move || error.get().is_some()>
            <label for=id>{label}</label>
            <div class="bl-amount">
                <span class="bl-currency" aria-hidden="true">{move || currency.get()}</span>
                <input
                    id=id
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    placeholder=placeholder
                    node_ref=input_ref.unwrap_or_default()
                    prop:value=move || value.get()
                    on:input=move |ev| {
                        value.set(event_target_value(&ev));
                        error.set(None);
                    }
                    aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                    aria-describedby=described
                />
            </div>
            <span class="field-error" id=error_id role="alert">{move || error.get().unwrap_or_default()}</span>
        </div>
    }
}
