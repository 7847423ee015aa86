//! Ids as their own types, from the window to the SQL: a role id cannot be passed where
//! a membership id is expected. On the wire and in the database each is its plain text.
//!
//! With the `sql` feature (the core turns it on) each id is also a SQLite value, so the
//! core binds and reads ids without converting them.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)+) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_string())
            }
        }

        impl From<&$name> for $name {
            fn from(id: &$name) -> Self {
                id.clone()
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        #[cfg(feature = "sql")]
        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }

        #[cfg(feature = "sql")]
        impl From<$name> for rusqlite::types::Value {
            fn from(id: $name) -> Self {
                rusqlite::types::Value::Text(id.0)
            }
        }

        #[cfg(feature = "sql")]
        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                String::column_result(value).map(Self)
            }
        }
    )+};
}

ids! {
    /// An account: a person who signs in or is modelled by an admin (R1).
    AccountId;
    /// An organization (a company).
    OrgId;
    /// One account's membership of one organization.
    MembershipId;
    /// A role of an organization (R27).
    RoleId;
    /// A pending, accepted or revoked invitation (R20).
    InvitationId;
    /// A workspace of an organization (R15).
    WorkspaceId;
    /// An agent (R35).
    AgentId;
    /// An API key's record; its secret lives in the OS keyring (R37, R38).
    KeyId;
    /// An access review campaign (R53).
    CampaignId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_travels_as_its_plain_text() {
        let id = RoleId::new("role-1");
        assert_eq!(
            serde_json::to_string(&id).ok().as_deref(),
            Some("\"role-1\"")
        );
        let back: Option<RoleId> = serde_json::from_str("\"role-1\"").ok();
        assert_eq!(back, Some(id.clone()));
        assert_eq!(id, "role-1");
        assert_eq!(id.to_string(), "role-1");
    }
}
