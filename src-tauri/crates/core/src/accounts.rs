//! Accounts and sign-in (R1–R7): register (claiming modelled people), sign in, login
//! history, profile, password change, delete account.

use crate::service::{PasswordHashing, Rolecall, Target, Tx, new_id};
use crate::tables::{logins, memberships, sign_ins};
use crate::{Error, Result, orgs};
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use rolecall_types::ids::{AccountId, OrgId};
use rolecall_types::model::{
    Account, InheritedMembership, Millis, Organization, Plan, ProfileUpdate, RegisterRequest, Theme,
};
use rolecall_types::validate;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::json;

pub(crate) const ACCOUNT_COLUMNS: &str = "a.id, a.email, a.first_name, a.last_name, a.phone, a.password_hash IS NOT NULL, \
     a.main_company_id, a.plan, a.theme, a.created_at, a.last_login_at";

pub(crate) fn account_from_row(r: &Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        id: r.get(0)?,
        email: r.get(1)?,
        first_name: r.get(2)?,
        last_name: r.get(3)?,
        phone: r.get(4)?,
        can_sign_in: r.get(5)?,
        main_company_id: r.get(6)?,
        plan: Plan::from_code(&r.get::<_, String>(7)?).unwrap_or(Plan::Free),
        theme: Theme::from_code(&r.get::<_, String>(8)?).unwrap_or(Theme::System),
        created_at: r.get(9)?,
        last_login_at: r.get(10)?,
    })
}

pub(crate) fn load_account(conn: &Connection, id: &str) -> Result<Account> {
    conn.query_row(
        &format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = ?1"),
        [id],
        account_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound("That account does not exist.".into()))
}

/// The result of registering: the account (signed in) and its main company.
#[derive(Debug, Clone)]
pub struct Registered {
    pub account: Account,
    pub main_company: Option<Organization>,
    /// R3: the memberships a claimed account came with.
    pub inherited: Vec<InheritedMembership>,
}

impl Rolecall {
    fn hash_password(&self, password: &str) -> Result<String> {
        let argon = match self.hashing {
            PasswordHashing::Standard => argon2::Argon2::default(),
            PasswordHashing::Fast => argon2::Argon2::new(
                argon2::Algorithm::Argon2id,
                argon2::Version::V0x13,
                argon2::Params::new(8, 1, 1, None)
                    .map_err(|e| Error::Storage(format!("password hashing: {e}")))?,
            ),
        };
        let salt = SaltString::generate(&mut OsRng);
        argon
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| Error::Storage(format!("Could not hash the password: {e}")))
    }

    fn password_matches(&self, hash: &str, password: &str) -> bool {
        if let Some(hook) = &self.password_check_hook {
            hook(self.store());
        }
        PasswordHash::new(hash)
            .map(|parsed| {
                argon2::Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    }

    /// R2–R4, R6: creates (or claims) the account, its main company, and signs it in.
    pub fn register(&self, request: &RegisterRequest) -> Result<Registered> {
        let first = validate::person_name("first_name", "First name", &request.first_name)?;
        let last = validate::person_name("last_name", "Last name", &request.last_name)?;
        let email = validate::email(&request.email)?;
        validate::password("password", &request.password)?;
        if request.password != request.password_confirmation {
            return Err(Error::invalid(
                "password_confirmation",
                "The password and its confirmation do not match.",
            ));
        }
        let hash = self.hash_password(&request.password)?;
        self.write(None, |tx| {
            let mut inherited: Vec<InheritedMembership> = Vec::new();
            let existing: Option<(String, bool)> = tx
                .db
                .query_row("SELECT id, password_hash IS NOT NULL FROM accounts WHERE email = ?1", [&email], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            let id = match existing {
                Some((_, true)) => {
                    return Err(Error::Conflict(format!(
                        "An account with {email} already exists. Sign in instead, or register with another e-mail."
                    )));
                }
                Some((id, false)) => {
                    // R3: a modelled person claims their account and keeps their memberships.
                    let mut stmt = tx.db.prepare(
                        "SELECT o.id, o.name, r.name FROM memberships m
                         JOIN organizations o ON o.id = m.org_id JOIN roles r ON r.id = m.role_id
                         WHERE m.account_id = ?1 ORDER BY o.name, o.id",
                    )?;
                    inherited = stmt
                        .query_map([&id], |r| {
                            Ok(InheritedMembership { org_id: r.get(0)?, org_name: r.get(1)?, role_name: r.get(2)? })
                        })?
                        .collect::<rusqlite::Result<_>>()?;
                    drop(stmt);
                    tx.db.execute(
                        "UPDATE accounts SET password_hash = ?1, first_name = ?2, last_name = ?3 WHERE id = ?4",
                        params![hash, first, last, id],
                    )?;
                    memberships::sync_sort_keys(&tx.db, &id)?;
                    id
                }
                None => {
                    let id = new_id();
                    tx.db.execute(
                        "INSERT INTO accounts (id, email, first_name, last_name, password_hash, created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![id, email, first, last, hash, tx.now],
                    )?;
                    id
                }
            };
            tx.actor = Some(crate::service::ActorInfo { id: id.clone(), name: format!("{first} {last}") });
            tx.audit(
                None,
                "account.registered",
                Target { kind: "account", id: Some(&id), name: &format!("{first} {last}") },
                json!({ "email": email }),
            )?;
            // Each organization sees who claimed the membership it modelled, and with
            // which role.
            for m in &inherited {
                tx.audit(
                    Some((&m.org_id, &m.org_name)),
                    "member.claimed",
                    Target { kind: "member", id: Some(&id), name: &format!("{first} {last}") },
                    json!({ "email": email, "role": m.role_name }),
                )?;
            }
            let main_company = orgs::create_in_tx(tx, &format!("{last} Company"), None)?;
            tx.db.execute("UPDATE accounts SET main_company_id = ?1 WHERE id = ?2", params![main_company.id, id])?;
            record_sign_in(tx, &id)?;
            Ok(Registered { account: load_account(&tx.db, &id)?, main_company: Some(main_company), inherited })
        })
    }

    /// R2, R6: signs in with e-mail and password; records the attempt, and the sign-in
    /// when it succeeds. After five failures in a row an e-mail backs off
    /// ([`sign_ins`]), known to Rolecall or not. The password is checked holding
    /// nothing (argon2 takes a while; other commands go on meanwhile), and an e-mail
    /// without a password costs the same check against a stand-in hash, so the time
    /// of the answer does not tell which accounts exist.
    pub fn sign_in(&self, email: &str, password: &str) -> Result<Account> {
        let email = email.trim().to_lowercase();
        let wrong = || {
            Error::Unauthenticated(
                "That e-mail and password do not match an account. Check both and try again."
                    .into(),
            )
        };
        let now = self.now();
        let (found, until) = {
            let conn = self.store().conn();
            let found: Option<(String, Option<String>)> = conn
                .query_row(
                    "SELECT id, password_hash FROM accounts WHERE email = ?1",
                    [&email],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            (found, sign_ins::locked_until(&conn, &email, now)?)
        };
        if let Some(until) = until.filter(|until| now < *until) {
            return Err(Error::Unauthenticated(format!(
                "Too many failed sign-ins with this e-mail. Try again in {}.",
                sign_ins::wait_words(until - now)
            )));
        }
        let (account_id, hash) = match found {
            Some((id, Some(hash))) => (Some(id), Some(hash)),
            Some((id, None)) => (Some(id), None),
            None => (None, None),
        };
        let matched = match &hash {
            Some(hash) => self.password_matches(hash, password),
            None => {
                let stand_in = self.stand_in_hash()?;
                self.password_matches(stand_in, password);
                false
            }
        };
        let signed_in = self.write(None, |tx| {
            // The hash checked must still be the account's (a password change may have
            // landed while it was being checked).
            let current: Option<String> = match &account_id {
                Some(id) => tx
                    .db
                    .query_row(
                        "SELECT password_hash FROM accounts WHERE id = ?1",
                        [id],
                        |r| r.get(0),
                    )
                    .optional()?
                    .flatten(),
                None => None,
            };
            let id = match (&account_id, matched && current.is_some() && current == hash) {
                (Some(id), true) => id,
                _ => {
                    sign_ins::record(&tx.db, &email, account_id.as_deref(), tx.now, false)?;
                    return Ok(None);
                }
            };
            let name: String = tx.db.query_row(
                "SELECT first_name || ' ' || last_name FROM accounts WHERE id = ?1",
                [id],
                |r| r.get(0),
            )?;
            sign_ins::record(&tx.db, &email, Some(id), tx.now, true)?;
            tx.actor = Some(crate::service::ActorInfo {
                id: id.clone(),
                name: name.clone(),
            });
            record_sign_in(tx, id)?;
            tx.audit(
                None,
                "account.signed_in",
                Target {
                    kind: "account",
                    id: Some(id),
                    name: &name,
                },
                json!({}),
            )?;
            load_account(&tx.db, id).map(Some)
        })?;
        signed_in.ok_or_else(|| {
            tracing::info!("a sign-in failed: the e-mail and password do not match an account");
            wrong()
        })
    }

    /// A hash to check passwords against when the e-mail has none, made once with the
    /// same parameters as real ones so that the check takes as long.
    fn stand_in_hash(&self) -> Result<&str> {
        if let Some(hash) = self.stand_in_hash.get() {
            return Ok(hash);
        }
        let hash = self.hash_password("a stand-in for an account without a password")?;
        Ok(self.stand_in_hash.get_or_init(|| hash))
    }

    /// The account's password hash, read briefly, to check a password holding nothing.
    fn stored_hash(&self, actor: &AccountId) -> Result<Option<String>> {
        self.read(actor, |conn| {
            Ok(conn.query_row(
                "SELECT password_hash FROM accounts WHERE id = ?1",
                [actor],
                |r| r.get(0),
            )?)
        })
    }

    /// Checks the signed-in account's password outside any transaction; the returned
    /// hash is what [`unchanged_hash`] compares inside the write.
    fn check_own_password(
        &self,
        actor: &AccountId,
        password: &str,
        field: &'static str,
        message: &str,
    ) -> Result<String> {
        match self.stored_hash(actor)? {
            Some(hash) if self.password_matches(&hash, password) => Ok(hash),
            _ => Err(Error::invalid(field, message.to_string())),
        }
    }

    /// The signed-in account.
    pub fn account(&self, actor: &AccountId) -> Result<Account> {
        self.read(actor, |conn| load_account(conn, actor))
    }

    /// R6: the account's sign-ins, newest first.
    pub fn login_history(&self, actor: &AccountId, limit: u32) -> Result<Vec<Millis>> {
        self.read(actor, |conn| logins::history(conn, actor, limit))
    }

    /// R1: first name, last name, phone.
    pub fn update_profile(&self, actor: &AccountId, update: &ProfileUpdate) -> Result<Account> {
        let first = validate::person_name("first_name", "First name", &update.first_name)?;
        let last = validate::person_name("last_name", "Last name", &update.last_name)?;
        let phone = validate::phone(&update.phone)?;
        self.write(Some(actor), |tx| {
            let before = load_account(&tx.db, actor)?;
            tx.db.execute(
                "UPDATE accounts SET first_name = ?1, last_name = ?2, phone = ?3 WHERE id = ?4",
                params![first, last, phone, actor],
            )?;
            memberships::sync_sort_keys(&tx.db, actor)?;
            tx.audit(
                None,
                "account.profile_updated",
                Target { kind: "account", id: Some(actor), name: &format!("{first} {last}") },
                json!({
                    "before": { "first_name": before.first_name, "last_name": before.last_name, "phone": before.phone },
                    "after": { "first_name": first, "last_name": last, "phone": phone },
                }),
            )?;
            load_account(&tx.db, actor)
        })
    }

    pub fn set_theme(&self, actor: &AccountId, theme: Theme) -> Result<Account> {
        self.write(Some(actor), |tx| {
            let before = load_account(&tx.db, actor)?;
            tx.db.execute(
                "UPDATE accounts SET theme = ?1 WHERE id = ?2",
                params![theme.code(), actor],
            )?;
            tx.audit(
                None,
                "account.theme_changed",
                Target {
                    kind: "account",
                    id: Some(actor),
                    name: &before.full_name(),
                },
                json!({ "before": before.theme, "after": theme }),
            )?;
            load_account(&tx.db, actor)
        })
    }

    /// R5: checks, in this order, new password length, confirmation, current password.
    pub fn change_password(
        &self,
        actor: &AccountId,
        current: &str,
        new: &str,
        confirmation: &str,
    ) -> Result<()> {
        if new.chars().count() < validate::PASSWORD_MIN {
            return Err(Error::invalid(
                "new_password",
                format!(
                    "The new password must have at least {} characters.",
                    validate::PASSWORD_MIN
                ),
            ));
        }
        validate::password("new_password", new)?;
        if new != confirmation {
            return Err(Error::invalid(
                "password_confirmation",
                "The new password and its confirmation do not match.",
            ));
        }
        // argon2 runs outside the write transaction: checking the current password,
        // then hashing the new one.
        let checked = self.check_own_password(
            actor,
            current,
            "current_password",
            "The current password is not correct.",
        )?;
        let hash = self.hash_password(new)?;
        self.write(Some(actor), |tx| {
            unchanged_hash(tx, actor, &checked, "current_password")?;
            tx.db.execute(
                "UPDATE accounts SET password_hash = ?1 WHERE id = ?2",
                params![hash, actor],
            )?;
            let name = tx.actor()?.name.clone();
            tx.audit(
                None,
                "account.password_changed",
                Target {
                    kind: "account",
                    id: Some(actor),
                    name: &name,
                },
                json!({}),
            )
        })
    }

    /// R7: the organizations the account owns (listed in the confirmation dialog).
    pub fn owned_organizations(&self, actor: &AccountId) -> Result<Vec<(OrgId, String)>> {
        self.read(actor, |conn| memberships::owned_by(conn, actor))
    }

    /// R7: the names of the organizations deleting the account would delete.
    pub fn owned_organization_names(&self, actor: &AccountId) -> Result<Vec<String>> {
        Ok(self
            .owned_organizations(actor)?
            .into_iter()
            .map(|(_, name)| name)
            .collect())
    }

    /// R7: deletes the account and every organization it owns; its other memberships
    /// go as if it had left; its name in the audit log becomes "Deleted account".
    /// Asks for the account's password first, checked outside the transaction.
    pub fn delete_account(&self, actor: &AccountId, password: &str) -> Result<()> {
        let checked = self.check_own_password(
            actor,
            password,
            "password",
            "The password is not correct. Type your password to delete your account.",
        )?;
        self.write(Some(actor), |tx| {
            unchanged_hash(tx, actor, &checked, "password")?;
            let name = tx.actor()?.name.clone();
            let email: String =
                tx.db.query_row("SELECT email FROM accounts WHERE id = ?1", [actor], |r| r.get(0))?;
            sign_ins::forget(&tx.db, &email)?;
            for (org_id, _) in memberships::owned_by(&tx.db, actor)? {
                orgs::delete_in_tx(tx, &org_id)?;
            }
            for org_id in memberships::orgs_of(&tx.db, actor)? {
                crate::members::leave_in_tx(tx, &org_id, actor)?;
            }
            tx.audit(None, "account.deleted", Target { kind: "account", id: Some(actor), name: &name }, json!({}))?;
            tx.db.execute(
                "UPDATE audit_log SET actor_id = NULL, actor_name = 'Deleted account' WHERE actor_id = ?1",
                [actor],
            )?;
            tx.db.execute(
                "UPDATE audit_log SET target_id = NULL, target_name = 'Deleted account' WHERE target_id = ?1",
                [actor],
            )?;
            tx.db.execute("DELETE FROM accounts WHERE id = ?1", [actor])?;
            Ok(())
        })?;
        self.flush_keyring_cleanup();
        Ok(())
    }
}

/// Inside the write: the password hash is still the one checked before it began.
fn unchanged_hash(tx: &Tx<'_>, actor: &str, checked: &str, field: &'static str) -> Result<()> {
    let now: Option<String> = tx.db.query_row(
        "SELECT password_hash FROM accounts WHERE id = ?1",
        [actor],
        |r| r.get(0),
    )?;
    if now.as_deref() == Some(checked) {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            "Your password was changed meanwhile. Type the new one and try again.",
        ))
    }
}

fn record_sign_in(tx: &Tx<'_>, account: &str) -> Result<()> {
    tx.db.execute(
        "INSERT INTO login_history (account_id, at) VALUES (?1, ?2)",
        params![account, tx.now],
    )?;
    tx.db.execute(
        "UPDATE accounts SET last_login_at = ?1 WHERE id = ?2",
        params![tx.now, account],
    )?;
    memberships::set_sort_login(&tx.db, account, tx.now)
}
