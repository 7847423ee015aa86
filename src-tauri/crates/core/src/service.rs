//! [`Rolecall`]: the store plus the clock and password-hashing settings, and the
//! transaction helper every operation goes through.
//!
//! Every change runs in one immediate SQLite transaction that also appends its audit
//! entry; an error anywhere rolls the whole transaction back, so a refused operation
//! changes nothing.

use crate::clock::{Clock, SystemClock};
use crate::secrets::{OsKeyring, SecretStore};
use crate::{Error, Result, Store};
use rolecall_types::model::Millis;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use std::path::Path;
use std::sync::Arc;

/// How expensive password hashes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordHashing {
    /// argon2id with the crate's recommended parameters (19 MiB, 2 passes).
    Standard,
    /// argon2id with minimal cost: for tests and benches only.
    Fast,
}

/// The core's entry point: every operation of the product is a method on it.
pub struct Rolecall {
    store: Store,
    clock: Arc<dyn Clock>,
    pub(crate) hashing: PasswordHashing,
    /// Where API-key secrets live: the OS keyring unless told otherwise.
    pub(crate) secrets: Arc<dyn SecretStore>,
    /// Called right before each password check (tests watch what is held then).
    pub(crate) password_check_hook: Option<PasswordCheckHook>,
    /// See `Rolecall::stand_in_hash`.
    pub(crate) stand_in_hash: std::sync::OnceLock<String>,
}

/// See [`Rolecall::with_password_check_hook`].
pub type PasswordCheckHook = Arc<dyn Fn(&Store) + Send + Sync>;

impl std::fmt::Debug for Rolecall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rolecall")
            .field("store", &self.store)
            .finish_non_exhaustive()
    }
}

/// Who performs a change, as the audit log remembers them.
#[derive(Debug, Clone)]
pub(crate) struct ActorInfo {
    pub id: String,
    pub name: String,
}

/// A write transaction with its time and actor.
pub(crate) struct Tx<'c> {
    pub db: rusqlite::Transaction<'c>,
    pub now: Millis,
    pub actor: Option<ActorInfo>,
}

/// What an audit entry is about.
pub(crate) struct Target<'a> {
    pub kind: &'a str,
    pub id: Option<&'a str>,
    pub name: &'a str,
}

impl Rolecall {
    /// Opens the data folder with the system clock and standard password hashing.
    pub fn open(data_dir: impl AsRef<Path>) -> Result<Rolecall> {
        Ok(Rolecall::new(
            Store::open(data_dir)?,
            Arc::new(SystemClock),
            PasswordHashing::Standard,
        ))
    }

    pub fn new(store: Store, clock: Arc<dyn Clock>, hashing: PasswordHashing) -> Rolecall {
        Rolecall {
            store,
            clock,
            hashing,
            secrets: Arc::new(OsKeyring),
            password_check_hook: None,
            stand_in_hash: std::sync::OnceLock::new(),
        }
    }

    /// Uses another secret store (the OS keyring is the default).
    pub fn with_secret_store(mut self, secrets: Arc<dyn SecretStore>) -> Rolecall {
        self.secrets = secrets;
        self
    }

    /// Calls `hook` right before each password check, with the store: for tests that
    /// check what the check holds (nothing) and that every sign-in costs one.
    #[doc(hidden)]
    pub fn with_password_check_hook(mut self, hook: PasswordCheckHook) -> Rolecall {
        self.password_check_hook = Some(hook);
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn now(&self) -> Millis {
        self.clock.now()
    }

    /// Runs `work` in one immediate transaction acting as `actor` (an account id), or
    /// as nobody for sign-up and sign-in. Commits only when `work` succeeds.
    pub(crate) fn write<T>(
        &self,
        actor: Option<&str>,
        work: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        self.transaction(actor, true, work)
    }

    /// Runs `work` as [`Rolecall::write`] does, then rolls everything back: a dry run
    /// that sees and checks exactly what the real change would, and keeps nothing.
    pub(crate) fn dry_run<T>(
        &self,
        actor: Option<&str>,
        work: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        self.transaction(actor, false, work)
    }

    fn transaction<T>(
        &self,
        actor: Option<&str>,
        keep: bool,
        work: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut conn = self.store.conn();
        let db = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let actor = match actor {
            Some(id) => Some(actor_info(&db, id)?),
            None => None,
        };
        let mut tx = Tx {
            db,
            now: self.clock.now(),
            actor,
        };
        let out = work(&mut tx)?;
        if keep {
            tx.db.commit()?;
        } else {
            tx.db.rollback()?;
        }
        Ok(out)
    }

    /// Runs read-only `work` on the connection; `actor` must exist.
    pub(crate) fn read<T>(
        &self,
        actor: &str,
        work: impl FnOnce(&Connection) -> Result<T>,
    ) -> Result<T> {
        let conn = self.store.conn();
        actor_info(&conn, actor)?;
        work(&conn)
    }
}

fn actor_info(conn: &Connection, id: &str) -> Result<ActorInfo> {
    conn.query_row(
        "SELECT first_name || ' ' || last_name FROM accounts WHERE id = ?1 AND password_hash IS NOT NULL",
        [id],
        |r| r.get::<_, String>(0),
    )
    .optional()?
    .map(|name| ActorInfo { id: id.to_string(), name })
    .ok_or_else(|| Error::Unauthenticated("Your session has ended (the account no longer exists). Sign in again.".into()))
}

impl Tx<'_> {
    pub fn actor(&self) -> Result<&ActorInfo> {
        self.actor
            .as_ref()
            .ok_or_else(|| Error::Unauthenticated("Sign in first.".into()))
    }

    /// Appends an audit entry (R42) in this transaction and, in an organization, marks
    /// the actor's membership as active now.
    pub fn audit(
        &self,
        org: Option<(&str, &str)>,
        action: &str,
        target: Target<'_>,
        details: serde_json::Value,
    ) -> Result<()> {
        let (actor_id, actor_name) = match &self.actor {
            Some(a) => (Some(a.id.as_str()), a.name.as_str()),
            None => (None, "Rolecall"),
        };
        self.db.execute(
            "INSERT INTO audit_log (at, actor_id, actor_name, org_id, org_name, action, target_type, target_id, target_name, details)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                self.now,
                actor_id,
                actor_name,
                org.map(|o| o.0),
                org.map(|o| o.1),
                action,
                target.kind,
                target.id,
                target.name,
                details.to_string()
            ],
        )?;
        if let (Some((org_id, _)), Some(actor_id)) = (org, actor_id) {
            crate::tables::memberships::touch(&self.db, org_id, actor_id, self.now)?;
        }
        Ok(())
    }
}

pub(crate) use crate::tables::new_id;
