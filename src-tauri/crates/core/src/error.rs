//! The core's error enum. Every variant maps to one stable [`ErrorKind`]; messages are
//! written for an admin: what is wrong and what to do.

use rolecall_types::{ErrorKind, IpcError};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The thing named does not exist (or the acting account may not see it).
    #[error("{0}")]
    NotFound(String),
    /// The acting account lacks a permission or the hierarchy level.
    #[error("{0}")]
    Forbidden(String),
    /// Input breaks a validation rule; `field` names the input when there is one.
    #[error("{message}")]
    Invalid {
        field: Option<&'static str>,
        message: String,
    },
    /// The change collides with existing data.
    #[error("{0}")]
    Conflict(String),
    /// A plan or seat limit would be exceeded.
    #[error("{0}")]
    LimitReached(String),
    /// No account is signed in.
    #[error("{0}")]
    Unauthenticated(String),
    /// The OS keyring is missing, locked or failed.
    #[error("{0}")]
    Keyring(String),
    /// The database file cannot be used: corrupt, from a newer version, locked.
    #[error("{0}")]
    Storage(String),

    /// The user stopped a long operation; nothing was written.
    #[error("{0}")]
    Cancelled(String),
    /// An SQLite error that no rule anticipated.
    #[error("Database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// File-system error around the database (creating the folder, the backup copy).
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

impl From<rolecall_types::rules::Refusal> for Error {
    fn from(refusal: rolecall_types::rules::Refusal) -> Self {
        Error::Forbidden(refusal.to_string())
    }
}

impl Error {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Error::Invalid {
            field: Some(field),
            message: message.into(),
        }
    }

    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }

    /// The stable kind the UI branches on.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::Forbidden(_) => ErrorKind::Forbidden,
            Error::Invalid { .. } => ErrorKind::Invalid,
            Error::Conflict(_) => ErrorKind::Conflict,
            Error::LimitReached(_) => ErrorKind::LimitReached,
            Error::Unauthenticated(_) => ErrorKind::Unauthenticated,
            Error::Keyring(_) => ErrorKind::Keyring,
            Error::Storage(_) | Error::Sqlite(_) | Error::Io { .. } => ErrorKind::Storage,
            Error::Cancelled(_) => ErrorKind::Cancelled,
        }
    }
}

/// A broken shared validation rule is an `Invalid` error about its field.
impl From<rolecall_types::validate::Invalid> for Error {
    fn from(e: rolecall_types::validate::Invalid) -> Self {
        Error::Invalid {
            field: Some(e.field),
            message: e.message,
        }
    }
}

impl From<Error> for IpcError {
    fn from(e: Error) -> Self {
        let field = match &e {
            Error::Invalid { field, .. } => field.map(str::to_string),
            _ => None,
        };
        IpcError {
            kind: e.kind(),
            message: e.to_string(),
            field,
        }
    }
}
