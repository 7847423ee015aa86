//! Per-organization API keys (R37–R41, R44). The secret — 32 bytes from the OS random
//! generator, hex-encoded behind a prefix that tells the type — goes to the OS keyring
//! and is returned once; SQLite keeps metadata, a display prefix and a SHA-256 hash.
//! Keyring entries made obsolete (revocation, organization deletion) are recorded in
//! `keyring_cleanup` in the same transaction and removed once the keyring confirms;
//! whatever is left is retried by [`Rolecall::repair_keyring`] at start-up.

use crate::access;
use crate::secrets::Sensitive;
use crate::service::{Rolecall, Target, new_id};
use crate::{Error, Result};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use rolecall_types::ids::KeyId;
use rolecall_types::ids::{AccountId, OrgId};
use rolecall_types::model::{
    ApiKey, ApiKeyKind, DEFAULT_AGENT_RATE_LIMIT, KeyVerification, KeyringStatus, NewApiKey,
};
use rolecall_types::permissions::Permission;
use rolecall_types::validate;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::json;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Hex characters of the secret shown after the type prefix in lists.
const SHOWN_HEX: usize = 6;

const KEY_COLUMNS: &str = "id, org_id, name, kind, rate_limit, prefix, created_at, created_by_name, last_used_at, revoked_at";

fn key_from_row(r: &Row<'_>) -> rusqlite::Result<ApiKey> {
    Ok(ApiKey {
        id: r.get(0)?,
        org_id: r.get(1)?,
        name: r.get(2)?,
        kind: ApiKeyKind::from_code(&r.get::<_, String>(3)?).unwrap_or(ApiKeyKind::Standard),
        rate_limit: r.get(4)?,
        prefix: r.get(5)?,
        created_at: r.get(6)?,
        created_by_name: r.get(7)?,
        last_used_at: r.get(8)?,
        revoked_at: r.get(9)?,
    })
}

/// The organization's keys, newest first.
pub(crate) fn keys_of(
    conn: &Connection,
    org_id: &str,
    include_revoked: bool,
) -> Result<Vec<ApiKey>> {
    let filter = if include_revoked {
        ""
    } else {
        " AND revoked_at IS NULL"
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {KEY_COLUMNS} FROM api_keys WHERE org_id = ?1{filter} ORDER BY created_at DESC, id DESC"
    ))?;
    let rows = stmt
        .query_map([org_id], key_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn load_key(conn: &Connection, org_id: &str, key_id: &str) -> Result<ApiKey> {
    conn.query_row(
        &format!("SELECT {KEY_COLUMNS} FROM api_keys WHERE id = ?1 AND org_id = ?2"),
        [key_id, org_id],
        key_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound("That API key does not exist in this organization.".into()))
}

/// The keyring user of a key: `<organization id>/<key id>`.
pub fn keyring_user(org_id: &str, key_id: &str) -> String {
    format!("{org_id}/{key_id}")
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A fresh secret of `kind`: its prefix, then 32 random bytes as hex.
fn new_secret(kind: ApiKeyKind) -> Sensitive {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Sensitive::new(format!("{}{hex}", kind.secret_prefix()))
}

/// The part of a secret shown in lists.
fn display_prefix(secret: &str, kind: ApiKeyKind) -> String {
    secret
        .chars()
        .take(kind.secret_prefix().len() + SHOWN_HEX)
        .collect()
}

/// The checked name and rate limit of a new key.
fn check_new(new: &NewApiKey) -> Result<(String, Option<u32>)> {
    let name = validate::required_text("name", "Key name", &new.name, 60)?;
    let rate = match (new.kind, new.rate_limit) {
        (ApiKeyKind::Standard, None) => None,
        (ApiKeyKind::Standard, Some(_)) => {
            return Err(Error::invalid(
                "rate_limit",
                "Only AI_AGENT keys have a rate limit.",
            ));
        }
        (ApiKeyKind::AiAgent, None) => Some(DEFAULT_AGENT_RATE_LIMIT),
        (ApiKeyKind::AiAgent, Some(r)) if (1..=10_000).contains(&r) => Some(r),
        (ApiKeyKind::AiAgent, Some(r)) => {
            return Err(Error::invalid(
                "rate_limit",
                format!("The rate limit is 1 to 10,000 requests per minute; {r} is outside."),
            ));
        }
    };
    Ok((name, rate))
}

fn name_taken(conn: &Connection, org_id: &str, name: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM api_keys WHERE org_id = ?1 AND name = ?2 COLLATE NOCASE AND revoked_at IS NULL",
            [org_id, name],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// A key just created: its metadata and its secret, shown once.
#[derive(Debug, Clone)]
pub struct CreatedKey {
    pub key: ApiKey,
    pub secret: Sensitive,
}

/// What [`Rolecall::repair_keyring`] did and found (R44).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyringRepair {
    /// Obsolete keyring entries removed now.
    pub cleaned: u32,
    /// Obsolete entries that still could not be removed.
    pub still_pending: u32,
    /// Active keys whose secret is missing from the keyring: (organization, key name).
    pub missing_secrets: Vec<(String, String)>,
    /// Why nothing could be checked, when the keyring is unavailable.
    pub unavailable: Option<String>,
}

impl Rolecall {
    /// R41: whether the OS keyring can be used, and what to do if not.
    pub fn keyring_status(&self) -> KeyringStatus {
        match self.secrets.status() {
            Ok(()) => KeyringStatus {
                available: true,
                message: None,
            },
            Err(e) => KeyringStatus {
                available: false,
                message: Some(e.to_string()),
            },
        }
    }

    /// R37: the organization's keys, newest first; revoked ones on request (API keys·view).
    pub fn list_api_keys(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        include_revoked: bool,
    ) -> Result<Vec<ApiKey>> {
        self.read(actor, |conn| {
            access::acting(conn, org_id, actor)?.require(Permission::ApiKeysView)?;
            keys_of(conn, org_id, include_revoked)
        })
    }

    /// R38: creates a key; the secret goes to the OS keyring and is returned once.
    pub fn create_api_key(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        new: &NewApiKey,
    ) -> Result<CreatedKey> {
        let (name, rate) = check_new(new)?;
        // Refuse early, before touching the keyring, what the transaction would refuse.
        self.read(actor, |conn| {
            access::acting(conn, org_id, actor)?.require(Permission::ApiKeysManage)?;
            if name_taken(conn, org_id, &name)? {
                return Err(Error::Conflict(format!(
                    "An active key is already called {name}; choose another name."
                )));
            }
            Ok(())
        })?;
        let key_id = new_id();
        let user = keyring_user(org_id, &key_id);
        let secret = new_secret(new.kind);
        self.secrets.set(&user, &secret)?;
        let hash = sha256_hex(secret.expose());
        let prefix = display_prefix(secret.expose(), new.kind);
        let result = self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            acting.require(Permission::ApiKeysManage)?;
            if name_taken(&tx.db, org_id, &name)? {
                return Err(Error::Conflict(format!("An active key is already called {name}; choose another name.")));
            }
            let creator = tx.actor()?.name.clone();
            tx.db.execute(
                "INSERT INTO api_keys (id, org_id, name, kind, rate_limit, prefix, secret_hash, created_at, created_by, created_by_name)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![key_id, org_id, name, new.kind.code(), rate, prefix, hash, tx.now, actor, creator],
            )?;
            tx.audit(
                Some(acting.org()),
                "api_key.created",
                Target { kind: "api_key", id: Some(&key_id), name: &name },
                json!({ "after": { "name": name, "type": new.kind.label(), "rate_limit": rate, "prefix": prefix } }),
            )?;
            load_key(&tx.db, org_id, &key_id)
        });
        match result {
            Ok(key) => Ok(CreatedKey { key, secret }),
            Err(e) => {
                // No row: the secret must not stay behind in the keyring.
                if self.secrets.delete(&user).is_err() {
                    self.record_cleanup(&user, "creation failed")?;
                }
                Err(e)
            }
        }
    }

    /// R39: revokes a key for good and deletes its keyring entry.
    pub fn revoke_api_key(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        key_id: &KeyId,
    ) -> Result<ApiKey> {
        let key = self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            acting.require(Permission::ApiKeysManage)?;
            let key = load_key(&tx.db, org_id, key_id)?;
            if key.revoked_at.is_some() {
                return Err(Error::Conflict(format!("{} was already revoked.", key.name)));
            }
            tx.db.execute("UPDATE api_keys SET revoked_at = ?1 WHERE id = ?2", params![tx.now, key_id])?;
            tx.db.execute(
                "INSERT OR REPLACE INTO keyring_cleanup (keyring_user, reason, recorded_at) VALUES (?1, 'revoked', ?2)",
                params![keyring_user(org_id, key_id), tx.now],
            )?;
            tx.audit(
                Some(acting.org()),
                "api_key.revoked",
                Target { kind: "api_key", id: Some(key_id), name: &key.name },
                json!({ "before": { "status": "active" }, "after": { "status": "revoked" }, "prefix": key.prefix }),
            )?;
            load_key(&tx.db, org_id, key_id)
        })?;
        self.flush_keyring_cleanup();
        Ok(key)
    }

    /// R40: which organization and key a pasted key is, its type and whether it is
    /// valid; hashes are compared in constant time; success updates last used.
    pub fn verify_api_key(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        pasted: &str,
    ) -> Result<KeyVerification> {
        let pasted = pasted.trim();
        let kind = [ApiKeyKind::Standard, ApiKeyKind::AiAgent]
            .into_iter()
            .find(|k| pasted.starts_with(k.secret_prefix()));
        let hash = sha256_hex(pasted);
        self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            acting.require(Permission::ApiKeysView)?;
            let invalid = |reason: String, key: Option<ApiKey>| KeyVerification {
                valid: false,
                org_name: key.as_ref().map(|_| acting.org_name.clone()),
                key,
                reason: Some(reason),
            };
            let Some(kind) = kind else {
                return Ok(invalid(
                    "This is not a Rolecall key: keys start with rck_std_ or rck_agent_.".into(),
                    None,
                ));
            };
            let prefix = display_prefix(pasted, kind);
            let mut stmt = tx.db.prepare_cached(&format!(
                "SELECT {KEY_COLUMNS}, secret_hash FROM api_keys WHERE org_id = ?1 AND prefix = ?2"
            ))?;
            let candidates: Vec<(ApiKey, String)> = stmt
                .query_map([org_id, prefix.as_str()], |r| {
                    Ok((key_from_row(r)?, r.get::<_, String>(10)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            drop(stmt);
            let matched = candidates
                .into_iter()
                .find(|(_, stored)| bool::from(stored.as_bytes().ct_eq(hash.as_bytes())))
                .map(|(key, _)| key);
            let outcome = match matched {
                None => invalid(
                    format!("No key of {} matches what you pasted.", acting.org_name),
                    None,
                ),
                Some(key) if key.revoked_at.is_some() => invalid(
                    format!("{} was revoked; a revoked key never works again.", key.name),
                    Some(key),
                ),
                Some(key) => {
                    tx.db.execute(
                        "UPDATE api_keys SET last_used_at = ?1 WHERE id = ?2",
                        params![tx.now, key.id],
                    )?;
                    let key = load_key(&tx.db, org_id, &key.id)?;
                    KeyVerification {
                        valid: true,
                        org_name: Some(acting.org_name.clone()),
                        key: Some(key),
                        reason: None,
                    }
                }
            };
            let target_name = outcome
                .key
                .as_ref()
                .map(|k| k.name.clone())
                .unwrap_or_else(|| "unknown key".into());
            tx.audit(
                Some(acting.org()),
                "api_key.verified",
                Target {
                    kind: "api_key",
                    id: outcome.key.as_ref().map(|k| k.id.as_str()),
                    name: &target_name,
                },
                json!({ "valid": outcome.valid, "prefix": prefix }),
            )?;
            Ok(outcome)
        })
    }

    /// Records a keyring entry to delete later (outside any other transaction).
    fn record_cleanup(&self, user: &str, reason: &str) -> Result<()> {
        self.write(None, |tx| {
            tx.db.execute(
                "INSERT OR REPLACE INTO keyring_cleanup (keyring_user, reason, recorded_at) VALUES (?1, ?2, ?3)",
                params![user, reason, tx.now],
            )?;
            Ok(())
        })
    }

    /// Deletes the recorded obsolete keyring entries the keyring lets us delete now;
    /// returns (deleted, still pending).
    pub(crate) fn flush_keyring_cleanup(&self) -> (u32, u32) {
        let pending: Vec<String> = {
            let conn = self.store().conn();
            let Ok(mut stmt) =
                conn.prepare("SELECT keyring_user FROM keyring_cleanup ORDER BY recorded_at")
            else {
                return (0, 0);
            };
            stmt.query_map([], |r| r.get(0))
                .map(|rows| rows.filter_map(|r| r.ok()).collect())
                .unwrap_or_default()
        };
        let (mut done, mut left) = (0, 0);
        for user in pending {
            if self.secrets.delete(&user).is_ok() {
                let conn = self.store().conn();
                if conn
                    .execute(
                        "DELETE FROM keyring_cleanup WHERE keyring_user = ?1",
                        [&user],
                    )
                    .is_ok()
                {
                    done += 1;
                    continue;
                }
            }
            left += 1;
        }
        (done, left)
    }

    /// R44: the organization's active keys whose secret is missing from the keyring, so
    /// the API keys screen can flag them (API keys·view). Fails with the keyring's
    /// message when it cannot be reached.
    pub fn keys_without_secret(&self, actor: &AccountId, org_id: &OrgId) -> Result<Vec<KeyId>> {
        let active = self.read(actor, |conn| {
            access::acting(conn, org_id, actor)?.require(Permission::ApiKeysView)?;
            keys_of(conn, org_id, false)
        })?;
        let mut missing = Vec::new();
        for key in active {
            if !self.secrets.exists(&keyring_user(org_id, &key.id))? {
                missing.push(key.id);
            }
        }
        Ok(missing)
    }

    /// R44, at start-up: retries the keyring clean-ups left over and reports active keys
    /// whose secret is missing from the keyring.
    pub fn repair_keyring(&self) -> Result<KeyringRepair> {
        if let Err(e) = self.secrets.status() {
            let pending: u32 =
                self.store()
                    .conn()
                    .query_row("SELECT count(*) FROM keyring_cleanup", [], |r| r.get(0))?;
            return Ok(KeyringRepair {
                still_pending: pending,
                unavailable: Some(e.to_string()),
                ..KeyringRepair::default()
            });
        }
        let (cleaned, still_pending) = self.flush_keyring_cleanup();
        let active: Vec<(String, String, String, String)> = {
            let conn = self.store().conn();
            let mut stmt = conn.prepare(
                "SELECT k.org_id, k.id, o.name, k.name FROM api_keys k JOIN organizations o ON o.id = k.org_id
                 WHERE k.revoked_at IS NULL ORDER BY o.name, k.name",
            )?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        let mut missing = Vec::new();
        for (org_id, key_id, org_name, key_name) in active {
            if !self.secrets.exists(&keyring_user(&org_id, &key_id))? {
                missing.push((org_name, key_name));
            }
        }
        if !missing.is_empty() {
            tracing::warn!(
                count = missing.len(),
                "active API keys have no secret in the keyring"
            );
        }
        Ok(KeyringRepair {
            cleaned,
            still_pending,
            missing_secrets: missing,
            unavailable: None,
        })
    }
}
