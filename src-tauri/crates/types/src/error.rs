//! The error shape that crosses the IPC boundary.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Stable error kinds. The UI branches on these, never on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ErrorKind {
    /// The thing named does not exist (or is not visible to the acting account).
    NotFound,
    /// The acting account lacks the permission or the hierarchy level.
    Forbidden,
    /// The input breaks a validation rule.
    Invalid,
    /// The change collides with existing data (duplicate slug, pending invitation…).
    Conflict,
    /// A plan or seat limit would be exceeded.
    LimitReached,
    /// No account is signed in.
    Unauthenticated,
    /// The OS keyring is missing, locked or failed.
    Keyring,
    /// The database could not be read or written.
    Storage,
    /// The user stopped the operation; nothing was written.
    Cancelled,
    /// Anything else; a bug if it is ever seen.
    Internal,
}

impl ErrorKind {
    /// The kind's name as it appears in the serialized error.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::NotFound => "NotFound",
            ErrorKind::Forbidden => "Forbidden",
            ErrorKind::Invalid => "Invalid",
            ErrorKind::Conflict => "Conflict",
            ErrorKind::LimitReached => "LimitReached",
            ErrorKind::Unauthenticated => "Unauthenticated",
            ErrorKind::Keyring => "Keyring",
            ErrorKind::Storage => "Storage",
            ErrorKind::Cancelled => "Cancelled",
            ErrorKind::Internal => "Internal",
        }
    }
}

/// A failed command as the UI receives it: `{kind, message}`; the message is written for
/// an admin (what is wrong, what to do) and is shown as is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpcError {
    pub kind: ErrorKind,
    pub message: String,
    /// The input field the error is about, when there is one, so the UI can show the
    /// message next to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl IpcError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            field: None,
        }
    }
}

impl fmt::Display for IpcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for IpcError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_serializes_as_kind_and_message() {
        let e = IpcError::new(ErrorKind::Conflict, "Slug 'acme' is taken — try 'acme-2'.");
        let json = serde_json::to_string(&e).expect("serializes");
        assert_eq!(
            json,
            r#"{"kind":"Conflict","message":"Slug 'acme' is taken — try 'acme-2'."}"#
        );
        let back: IpcError = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, e);
    }
}
