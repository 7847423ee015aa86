//! Accounts and sign-in (R1–R7): register (claiming modelled people), sign in, login
//! history, profile, password change, delete account.

use crate::service::{PasswordHashing, Rolecall, Target, Tx, new_id};
use crate::tables::{logins, memberships};
use crate::{Error, Result, orgs};
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use rolecall_types::ids::{AccountId, OrgId};
use rolecall_types::model::{
    Account, Millis, Organization, Plan, ProfileUpdate, RegisterRequest, Theme,
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

    fn password_matches(hash: &str, password: &str) -> bool {
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
            let main_company = orgs::create_in_tx(tx, &format!("{last} Company"), None)?;
            tx.db.execute("UPDATE accounts SET main_company_id = ?1 WHERE id = ?2", params![main_company.id, id])?;
            record_sign_in(tx, &id)?;
            Ok(Registered { account: load_account(&tx.db, &id)?, main_company: Some(main_company) })
        })
    }

    /// R2, R6: signs in with e-mail and password; records the sign-in.
    pub fn sign_in(&self, email: &str, password: &str) -> Result<Account> {
        let email = email.trim().to_lowercase();
        let wrong = || {
            Error::Unauthenticated(
                "That e-mail and password do not match an account. Check both and try again."
                    .into(),
            )
        };
        self.write(None, |tx| {
            let found: Option<(String, Option<String>, String)> = tx
                .db
                .query_row(
                    "SELECT id, password_hash, first_name || ' ' || last_name FROM accounts WHERE email = ?1",
                    [&email],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let Some((id, Some(hash), name)) = found else {
                return Err(wrong());
            };
            if !Self::password_matches(&hash, password) {
                return Err(wrong());
            }
            tx.actor = Some(crate::service::ActorInfo { id: id.clone(), name: name.clone() });
            record_sign_in(tx, &id)?;
            tx.audit(None, "account.signed_in", Target { kind: "account", id: Some(&id), name: &name }, json!({}))?;
            load_account(&tx.db, &id)
        })
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
        let hash = self.hash_password(new)?;
        self.write(Some(actor), |tx| {
            let stored: Option<String> = tx.db.query_row(
                "SELECT password_hash FROM accounts WHERE id = ?1",
                [actor],
                |r| r.get(0),
            )?;
            if !stored.is_some_and(|h| Self::password_matches(&h, current)) {
                return Err(Error::invalid(
                    "current_password",
                    "The current password is not correct.",
                ));
            }
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
    pub fn delete_account(&self, actor: &AccountId) -> Result<()> {
        self.write(Some(actor), |tx| {
            let name = tx.actor()?.name.clone();
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
