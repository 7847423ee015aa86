//! Words and numbers as the window shows them: counts, money, dates and times, sizes,
//! audit actions.

use wasm_bindgen::JsValue;

/// Initials for an avatar ("Lee Company" → "LC").
pub fn initials(name: &str) -> String {
    let letters: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphanumeric())
        .take(2)
        .collect();
    if letters.is_empty() {
        "?".into()
    } else {
        letters.to_uppercase()
    }
}

/// A count with thousands separators ("100,001").
pub use rolecall_types::thousands as group;

/// A count and its noun ("1 member", "2,300 members").
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", group(n), if n == 1 { one } else { many })
}

/// `text` with its first letter capitalised ("active" → "Active").
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A value as shown: an empty one reads as a dash.
pub fn dash_if_empty(value: &str) -> String {
    if value.is_empty() {
        "—".to_string()
    } else {
        value.to_string()
    }
}

/// "member.role_changed" → "Member role changed".
pub fn action_words(action: &str) -> String {
    capitalized(&action.replace(['.', '_'], " "))
}

/// "532 B", "12.4 KB", "3.1 MB".
pub fn bytes(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} B")
    } else if b < KB * KB {
        format!("{:.1} KB", b / KB)
    } else if b < KB * KB * KB {
        format!("{:.1} MB", b / KB / KB)
    } else {
        format!("{:.2} GB", b / KB / KB / KB)
    }
}

fn date(ms: i64) -> js_sys::Date {
    js_sys::Date::new(&JsValue::from_f64(ms as f64))
}

fn options(pairs: &[(&str, &str)]) -> js_sys::Object {
    let options = js_sys::Object::new();
    for (key, value) in pairs {
        let _ = js_sys::Reflect::set(&options, &(*key).into(), &(*value).into());
    }
    options
}

/// A date and time for tables, in the local time zone ("Never" for none).
pub fn time(ms: Option<i64>) -> String {
    match ms {
        None => "Never".to_string(),
        Some(ms) => date(ms)
            .to_locale_string(
                "en-GB",
                &options(&[("dateStyle", "medium"), ("timeStyle", "short")]),
            )
            .as_string()
            .unwrap_or_default(),
    }
}

/// A date without the time ("23 Nov 2026").
pub fn day(ms: i64) -> String {
    date(ms)
        .to_locale_date_string("en-GB", &options(&[("dateStyle", "medium")]))
        .as_string()
        .unwrap_or_default()
}

/// "12 Mar" for midnight UTC of a day.
pub fn utc_day(ms: i64) -> String {
    let short = [("day", "numeric"), ("month", "short"), ("timeZone", "UTC")];
    date(ms)
        .to_locale_date_string("en-GB", &options(&short))
        .as_string()
        .unwrap_or_default()
}

/// A time in UTC, ISO 8601 ("2025-03-12T14:05:09.000Z").
pub fn iso_utc(ms: i64) -> String {
    date(ms).to_iso_string().as_string().unwrap_or_default()
}

/// The currency's number format and its number of decimals (2 for USD, 0 for JPY).
fn currency_format(currency: &str) -> (js_sys::Intl::NumberFormat, u32) {
    let options = options(&[("style", "currency"), ("currency", currency)]);
    let format = js_sys::Intl::NumberFormat::new(&js_sys::Array::of1(&"en-US".into()), &options);
    let digits = js_sys::Reflect::get(&format.resolved_options(), &"maximumFractionDigits".into())
        .ok()
        .and_then(|d| d.as_f64())
        .map_or(2, |d| d as u32);
    (format, digits)
}

/// An amount in minor units as money in its currency ("$1,234.50", "€12.00"), with the
/// currency's own number of decimals.
pub fn money(minor: i64, currency: &str) -> String {
    let (format, digits) = currency_format(currency);
    let value = minor as f64 / 10f64.powi(digits as i32);
    format
        .format()
        .call1(&format, &value.into())
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| format!("{value:.2} {currency}"))
}

/// The number of decimals of a currency: how many minor units make one major unit, as a
/// power of ten.
pub fn currency_decimals(currency: &str) -> u32 {
    currency_format(currency).1
}
