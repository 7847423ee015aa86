//! Secrets and the OS keyring (R38, R41): [`Sensitive`] keeps a secret out of logs and
//! serialized output; [`SecretStore`] is where secrets live — the OS keyring
//! ([`OsKeyring`]: Secret Service, Keychain or Credential Manager), service `rolecall`,
//! user `<organization id>/<key id>`.

use crate::{Error, Result};
use std::fmt;

/// The keyring service every Rolecall secret is stored under.
pub const KEYRING_SERVICE: &str = "rolecall";

/// A secret: `Debug` prints `[redacted]`, it has no `Serialize`, and it is only read
/// through [`Sensitive::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Sensitive(String);

impl Sensitive {
    pub fn new(secret: String) -> Sensitive {
        Sensitive(secret)
    }

    /// The secret itself, for the one place that must show or store it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Sensitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Where secrets are kept.
pub trait SecretStore: Send + Sync {
    /// Whether the store can be used now; the error says what to do if not.
    fn status(&self) -> Result<()>;
    fn set(&self, user: &str, secret: &Sensitive) -> Result<()>;
    /// Deletes the entry; an entry that is already gone is not an error.
    fn delete(&self, user: &str) -> Result<()>;
    fn exists(&self, user: &str) -> Result<bool>;
}

/// The OS keyring through the `keyring` crate.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsKeyring;

/// Turns a keyring error into words an admin can act on.
fn keyring_error(e: keyring::Error) -> Error {
    match e {
        keyring::Error::NoStorageAccess(_) => Error::Keyring(
            "Your system keyring is locked, so Rolecall cannot store or remove API-key secrets. \
             Unlock it (for example by signing in to your desktop session, or with your keyring app) and try again. \
             Listing and verifying keys still work."
                .into(),
        ),
        keyring::Error::NoDefaultStore | keyring::Error::PlatformFailure(_) => Error::Keyring(
            "Rolecall cannot reach your system keyring (on Linux, the Secret Service of GNOME Keyring or KWallet). \
             Start and unlock your desktop's keyring, then try again. Listing and verifying keys still work."
                .into(),
        ),
        other => Error::Keyring(format!("The system keyring refused the operation: {other}. Try again.")),
    }
}

fn entry(user: &str) -> Result<keyring::Entry> {
    keyring::Entry::new(KEYRING_SERVICE, user).map_err(keyring_error)
}

impl SecretStore for OsKeyring {
    fn status(&self) -> Result<()> {
        match keyring::Entry::store_status() {
            Ok(()) => {
                // Reaching the store is not enough: a locked collection refuses reads.
                match entry("rolecall/status-check")?.get_password() {
                    Ok(_) | Err(keyring::Error::NoEntry) => Ok(()),
                    Err(e) => Err(keyring_error(e)),
                }
            }
            Err(_) => Err(keyring_error(keyring::Error::NoDefaultStore)),
        }
    }

    fn set(&self, user: &str, secret: &Sensitive) -> Result<()> {
        entry(user)?
            .set_password(secret.expose())
            .map_err(keyring_error)
    }

    fn delete(&self, user: &str) -> Result<()> {
        match entry(user)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error(e)),
        }
    }

    fn exists(&self, user: &str) -> Result<bool> {
        match entry(user)?.get_password() {
            Ok(_) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(keyring_error(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r38_sensitive_never_shows_itself_in_debug() {
        let s = Sensitive::new("rck_std_0123456789abcdef".into());
        assert_eq!(format!("{s:?}"), "[redacted]");
        assert_eq!(format!("{:?}", Some(s.clone())), "Some([redacted])");
        assert_eq!(s.expose(), "rck_std_0123456789abcdef");
    }
}
