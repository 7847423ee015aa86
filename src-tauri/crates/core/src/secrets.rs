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

const LOCKED: &str = "Your system keyring is locked, so Rolecall cannot store or remove API-key secrets. \
     Unlock it (for example by signing in to your desktop session, or with your keyring app) and try again. \
     Listing and verifying keys still work.";

const UNREACHABLE: &str = "Rolecall cannot reach your system keyring (on Linux, the Secret Service of GNOME Keyring or KWallet). \
     Start and unlock your desktop's keyring, then try again. Listing and verifying keys still work.";

/// Turns a keyring error into words an admin can act on.
fn keyring_error(e: keyring::Error) -> Error {
    match e {
        keyring::Error::NoStorageAccess(_) => Error::Keyring(LOCKED.into()),
        // The keyring crate connects once per process: without a store at start-up,
        // only a new start of Rolecall reaches the keyring.
        keyring::Error::NoDefaultStore => Error::Keyring(
            "Rolecall cannot reach your system keyring (on Linux, the Secret Service of GNOME Keyring or KWallet). \
             Start and unlock your desktop's keyring, then restart Rolecall. Listing and verifying keys still work."
                .into(),
        ),
        keyring::Error::PlatformFailure(_) => Error::Keyring(UNREACHABLE.into()),
        other => Error::Keyring(format!("The system keyring refused the operation: {other}. Try again.")),
    }
}

fn entry(user: &str) -> Result<keyring::Entry> {
    keyring::Entry::new(KEYRING_SERVICE, user).map_err(keyring_error)
}

/// R41: asks the Secret Service, without unlocking anything (so no password prompt
/// appears), whether the keyring new secrets go to — the one with the alias
/// `default` — exists and is unlocked. Reading a missing entry does not tell: a locked
/// keyring, or none at all, answers "no such entry" like a usable one.
#[cfg(all(
    unix,
    not(any(target_os = "macos", target_os = "ios", target_os = "android"))
))]
mod secret_service {
    use super::{LOCKED, UNREACHABLE};
    use crate::{Error, Result};
    use std::time::Duration;
    use zbus::zvariant::{OwnedObjectPath, OwnedValue};

    const SERVICE: &str = "org.freedesktop.secrets";
    const SERVICE_PATH: &str = "/org/freedesktop/secrets";

    /// An unresponsive service must not hold the check for long.
    const CALL_LIMIT: Duration = Duration::from_secs(10);

    const NO_DEFAULT: &str = "The Secret Service on this computer has no default keyring to keep API-key secrets in. \
         Create one and unlock it (for example in GNOME's Passwords and Keys, or by signing in to your desktop session), then try again. \
         Listing and verifying keys still work.";

    fn unreachable(e: zbus::Error) -> Error {
        tracing::debug!("Secret Service check: {e}");
        Error::Keyring(UNREACHABLE.into())
    }

    /// `Ok` when the default keyring exists and is unlocked; else what to do.
    pub(super) fn check_default_keyring() -> Result<()> {
        let conn = zbus::blocking::connection::Builder::session()
            .map(|b| b.method_timeout(CALL_LIMIT))
            .and_then(|b| b.build())
            .map_err(unreachable)?;
        let path: OwnedObjectPath = conn
            .call_method(
                Some(SERVICE),
                SERVICE_PATH,
                Some("org.freedesktop.Secret.Service"),
                "ReadAlias",
                &("default",),
            )
            .and_then(|reply| reply.body().deserialize())
            .map_err(unreachable)?;
        if path.as_str() == "/" {
            return Err(Error::Keyring(NO_DEFAULT.into()));
        }
        let locked: OwnedValue = conn
            .call_method(
                Some(SERVICE),
                path.as_str(),
                Some("org.freedesktop.DBus.Properties"),
                "Get",
                &("org.freedesktop.Secret.Collection", "Locked"),
            )
            .and_then(|reply| reply.body().deserialize())
            .map_err(unreachable)?;
        match bool::try_from(locked) {
            Ok(false) => Ok(()),
            Ok(true) => Err(Error::Keyring(LOCKED.into())),
            Err(e) => Err(unreachable(e.into())),
        }
    }
}

/// Refuses, in words, a keyring that would fail or ask for its password on a change.
fn check_unlocked() -> Result<()> {
    #[cfg(all(
        unix,
        not(any(target_os = "macos", target_os = "ios", target_os = "android"))
    ))]
    secret_service::check_default_keyring()?;
    Ok(())
}

impl SecretStore for OsKeyring {
    fn status(&self) -> Result<()> {
        if keyring::Entry::store_status().is_err() {
            return Err(keyring_error(keyring::Error::NoDefaultStore));
        }
        // The store answers: a known-absent entry reads as "no entry".
        match entry("rolecall/status-check")?.get_password() {
            Ok(_) | Err(keyring::Error::NoEntry) => {}
            Err(e) => return Err(keyring_error(e)),
        }
        // And it can take a new secret without asking for a password.
        check_unlocked()
    }

    fn set(&self, user: &str, secret: &Sensitive) -> Result<()> {
        let entry = entry(user)?;
        // A locked keyring would ask for its password (or hang without a display):
        // refuse with words instead.
        check_unlocked()?;
        entry.set_password(secret.expose()).map_err(keyring_error)
    }

    fn delete(&self, user: &str) -> Result<()> {
        let entry = entry(user)?;
        check_unlocked()?;
        match entry.delete_credential() {
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
