//! Cell values: times, yes/no, statuses, names.

use crate::SourceStatus;
use chrono::DateTime;
use chrono::format::{Item, Parsed, StrftimeItems, parse};
use std::sync::LazyLock;

/// A time read from a cell: unix seconds, and whether the cell had no offset (so UTC
/// was assumed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Time {
    pub secs: i64,
    pub assumed_utc: bool,
}

const WITH_OFFSET: &[&str] = &[
    "%Y-%m-%d %H:%M:%S%.f %z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y/%m/%d %H:%M:%S %z",
    "%a, %d %b %Y %H:%M:%S %z",
];

const NAIVE: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%d %b %Y %H:%M:%S",
    "%b %d, %Y %I:%M:%S %p",
    "%b %d, %Y %I:%M %p",
    "%b %d, %Y %H:%M",
    "%a %b %d %H:%M:%S %Y",
];

const DATES: &[&str] = &["%Y-%m-%d", "%Y/%m/%d", "%m/%d/%Y", "%b %d, %Y", "%d %b %Y"];

/// The layouts above, each parsed once (a file has a time in most rows).
struct Layouts {
    with_offset: Vec<Vec<Item<'static>>>,
    naive: Vec<Vec<Item<'static>>>,
    dates: Vec<Vec<Item<'static>>>,
}

static LAYOUTS: LazyLock<Layouts> = LazyLock::new(|| {
    let items = |formats: &[&'static str]| -> Vec<Vec<Item<'static>>> {
        formats
            .iter()
            .map(|f| StrftimeItems::new(f).collect())
            .collect()
    };
    Layouts {
        with_offset: items(WITH_OFFSET),
        naive: items(NAIVE),
        dates: items(DATES),
    }
});

/// `s` read with one layout's items (as chrono's `parse_from_str` reads it).
fn fields(s: &str, layout: &[Item<'static>]) -> Option<Parsed> {
    let mut parsed = Parsed::new();
    parse(&mut parsed, s, layout.iter()).ok()?;
    Some(parsed)
}

/// Reads a time: RFC 3339 and common export layouts, with an offset when there is one
/// (`Z`, `UTC`, `GMT`, `+02:00`), else as UTC; unix seconds or milliseconds.
pub fn parse_time(raw: &str) -> Option<Time> {
    let s = raw.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = s.parse().ok()?;
        let secs = match s.len() {
            9 | 10 => n,
            12 | 13 => n / 1000,
            _ => return None,
        };
        return Some(Time {
            secs,
            assumed_utc: false,
        });
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(Time {
            secs: t.timestamp(),
            assumed_utc: false,
        });
    }
    let layouts = &*LAYOUTS;
    if let Some(t) = layouts
        .with_offset
        .iter()
        .find_map(|l| fields(s, l)?.to_datetime().ok())
    {
        return Some(Time {
            secs: t.timestamp(),
            assumed_utc: false,
        });
    }
    // A zone named UTC/GMT/Z at the end is an explicit offset of zero.
    let (body, utc) = ["UTC", "GMT", "Z", "(UTC)"]
        .iter()
        .find_map(|z| s.strip_suffix(z).map(|b| (b.trim_end(), true)))
        .unwrap_or((s, false));
    let naive = layouts
        .naive
        .iter()
        .find_map(|l| fields(body, l)?.to_naive_datetime_with_offset(0).ok())
        .or_else(|| {
            layouts
                .dates
                .iter()
                .find_map(|l| fields(body, l)?.to_naive_date().ok())
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })?;
    Some(Time {
        secs: naive.and_utc().timestamp(),
        assumed_utc: !utc,
    })
}

/// Yes/no in the words exports use; None for anything else.
pub fn parse_bool(raw: &str) -> Option<bool> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "on" | "enabled" | "enrolled" | "active" | "x" => Some(true),
        "false" | "no" | "n" | "0" | "off" | "disabled" | "not enrolled" | "notenrolled"
        | "inactive" | "-" => Some(false),
        _ => None,
    }
}

/// A status in the words of Google, Okta (API codes and console labels), Entra and
/// common spreadsheets.
pub fn parse_status(raw: &str) -> Option<SourceStatus> {
    let key: String = raw
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    Some(match key.as_str() {
        "ACTIVE" | "ENABLED" | "TRUE" | "YES" | "1" | "RECOVERY" | "PASSWORD_EXPIRED"
        | "PASSWORD_RESET" | "MEMBER" => SourceStatus::Active,
        "SUSPENDED" | "LOCKED_OUT" | "LOCKED" | "BLOCKED" | "DISABLED" => SourceStatus::Suspended,
        "DEPROVISIONED" | "DEACTIVATED" | "DELETED" | "REMOVED" | "INACTIVE" | "ARCHIVED"
        | "FALSE" | "NO" | "0" | "TERMINATED" | "LEFT" | "SEPARATED" | "FORMER" | "EXITED" => {
            SourceStatus::Deactivated
        }
        "STAGED"
        | "PROVISIONED"
        | "PENDING"
        | "PENDING_USER_ACTION"
        | "INVITED"
        | "PENDINGACCEPTANCE"
        | "PENDING_ACCEPTANCE" => SourceStatus::Pending,
        _ => return None,
    })
}

/// "Ann Lee" → ("Ann", "Lee"); "Mary Ann van Dyke" → ("Mary Ann van", "Dyke") — the
/// last word is the last name; one word is a first name.
pub fn split_name(full: &str) -> (String, String) {
    let full = full.trim();
    match full.rsplit_once(char::is_whitespace) {
        Some((first, last)) => (first.trim().to_string(), last.trim().to_string()),
        None => (full.to_string(), String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        let t = |s| parse_time(s).map(|t| (t.secs, t.assumed_utc));
        assert_eq!(t("2024-05-14T09:12:33Z"), Some((1_715_677_953, false)));
        assert_eq!(t("2024-05-14T11:12:33+02:00"), Some((1_715_677_953, false)));
        assert_eq!(t("2024/05/14 09:12:33"), Some((1_715_677_953, true)));
        assert_eq!(t("2024-05-14 09:12:33.0"), Some((1_715_677_953, true)));
        assert_eq!(t("2024-05-14 09:12:33 UTC"), Some((1_715_677_953, false)));
        assert_eq!(t("05/14/2024 09:12:33 AM"), Some((1_715_677_953, true)));
        assert_eq!(t("1715677953"), Some((1_715_677_953, false)));
        assert_eq!(t("1715677953000"), Some((1_715_677_953, false)));
        assert_eq!(t("yesterday"), None);
        assert_eq!(t("2024-13-45"), None);
    }
}
