//! Types shared by Rolecall's core and its UI.
//!
//! This crate depends on `serde` alone so that it compiles for `wasm32-unknown-unknown`
//! and the UI applies exactly the rules the core enforces. Principal types:
//! [`AppInfo`] (the first round trip) and [`IpcError`] (the `{kind, message}` shape every
//! failed command returns).

pub mod cmd;
pub mod error;
pub mod ids;
pub mod import;
pub mod model;
pub mod permissions;
pub mod review;
pub mod rules;
pub mod validate;

pub use error::{ErrorKind, IpcError};

use serde::{Deserialize, Serialize};

/// What the app reports about itself: shown in the shell and used by tests to learn
/// where the data lives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppInfo {
    /// The app's version (`CARGO_PKG_VERSION` of the core).
    pub version: String,
    /// The folder that holds the database file.
    pub data_dir: String,
    /// The database file itself.
    pub database_path: String,
    /// The schema version the database is at after start-up migrations.
    pub schema_version: u32,
    /// The folder of the app's log files, when it writes any (the core leaves this to
    /// the app).
    #[serde(default)]
    pub log_dir: Option<String>,
}

/// A count with thousands separators ("1,204"), as the window and the core's messages
/// write counts.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A secret in a `Debug` output: shown as `<redacted>`, whatever it holds.
pub struct Redacted<'a, T: ?Sized>(pub &'a T);

impl<T: ?Sized> std::fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}
