//! Who may do what (R26–R30): the acting account's membership and role in an
//! organization, and the checks every operation runs before it changes anything. The
//! rules themselves live in `rolecall_types::rules`, shared with the UI.

use crate::{Error, Result};
use rolecall_types::permissions::{Permission, PermissionSet, RoleKind};
use rolecall_types::rules::{Actor, RoleRef, Subject};
use rusqlite::{Connection, OptionalExtension, Row};

/// A role as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RoleRow {
    pub id: String,
    pub org_id: String,
    pub name: String,
    pub kind: RoleKind,
    pub level: u8,
    pub permissions: PermissionSet,
}

pub(crate) const ROLE_COLUMNS: &str = "r.id, r.org_id, r.name, r.kind, r.level, r.permissions";

impl RoleRow {
    /// Reads `ROLE_COLUMNS` starting at column `at`.
    pub fn from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<RoleRow> {
        let kind: String = row.get(at + 3)?;
        let codes: String = row.get(at + 5)?;
        Ok(RoleRow {
            id: row.get(at)?,
            org_id: row.get(at + 1)?,
            name: row.get(at + 2)?,
            kind: RoleKind::from_code(&kind).unwrap_or(RoleKind::Custom),
            level: row.get::<_, i64>(at + 4)?.clamp(0, 100) as u8,
            // Stored codes come from the catalogue; an unknown one grants nothing.
            permissions: PermissionSet::from_codes(&codes).unwrap_or_default(),
        })
    }

    /// The role as the shared rules see it.
    pub fn as_rule(&self) -> RoleRef<'_> {
        RoleRef {
            name: &self.name,
            kind: self.kind,
            level: self.level,
            permissions: self.permissions,
        }
    }
}

/// A role of `org_id` by id.
pub(crate) fn role(conn: &Connection, org_id: &str, role_id: &str) -> Result<RoleRow> {
    conn.query_row(
        &format!("SELECT {ROLE_COLUMNS} FROM roles r WHERE r.id = ?1 AND r.org_id = ?2"),
        [role_id, org_id],
        |r| RoleRow::from_row(r, 0),
    )
    .optional()?
    .ok_or_else(|| {
        Error::NotFound(
            "That role does not exist in this organization (it may have been deleted).".into(),
        )
    })
}

/// The system role of `kind` in `org_id`.
pub(crate) fn system_role(conn: &Connection, org_id: &str, kind: RoleKind) -> Result<RoleRow> {
    conn.query_row(
        &format!("SELECT {ROLE_COLUMNS} FROM roles r WHERE r.org_id = ?1 AND r.kind = ?2"),
        [org_id, kind.code()],
        |r| RoleRow::from_row(r, 0),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("This organization has no {} role.", kind.code())))
}

/// The acting account inside one organization.
#[derive(Debug, Clone)]
pub(crate) struct Acting {
    pub account_id: String,
    pub membership_id: String,
    pub org_id: String,
    pub org_name: String,
    pub is_owner: bool,
    pub role: RoleRow,
}

/// A member being acted on.
#[derive(Debug, Clone)]
pub(crate) struct TargetMember {
    pub membership_id: String,
    pub account_id: String,
    pub name: String,
    pub email: String,
    pub is_owner: bool,
    pub active: bool,
    pub can_sign_in: bool,
    pub role: RoleRow,
}

/// The organization's name, or NotFound.
pub(crate) fn org_name(conn: &Connection, org_id: &str) -> Result<String> {
    conn.query_row(
        "SELECT name FROM organizations WHERE id = ?1",
        [org_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| {
        Error::NotFound("This organization does not exist (it may have been deleted).".into())
    })
}

/// The actor's active membership in `org_id`.
pub(crate) fn acting(conn: &Connection, org_id: &str, account_id: &str) -> Result<Acting> {
    let org = org_name(conn, org_id)?;
    let found = conn
        .query_row(
            &format!(
                "SELECT m.id, m.is_owner, m.status, {ROLE_COLUMNS}
                 FROM memberships m JOIN roles r ON r.id = m.role_id
                 WHERE m.org_id = ?1 AND m.account_id = ?2"
            ),
            [org_id, account_id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, bool>(1)?,
                    r.get::<_, String>(2)?,
                    RoleRow::from_row(r, 3)?,
                ))
            },
        )
        .optional()?;
    match found {
        None => Err(Error::Forbidden(format!("You are not a member of {org}."))),
        Some((_, _, status, _)) if status != "active" => Err(Error::Forbidden(format!(
            "Your membership in {org} is deactivated. Ask one of its admins to activate it."
        ))),
        Some((membership_id, is_owner, _, role)) => Ok(Acting {
            account_id: account_id.to_string(),
            membership_id,
            org_id: org_id.to_string(),
            org_name: org,
            is_owner,
            role,
        }),
    }
}

/// The account as it acts in each organization where its membership is active (what
/// [`acting`] gives for each), organizations by name: one read for all of them.
pub(crate) fn acting_everywhere(conn: &Connection, account_id: &str) -> Result<Vec<Acting>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT o.id, o.name, m.id, m.is_owner, {ROLE_COLUMNS}
         FROM memberships m JOIN organizations o ON o.id = m.org_id JOIN roles r ON r.id = m.role_id
         WHERE m.account_id = ?1 AND m.status = 'active' ORDER BY o.name COLLATE NOCASE, o.id"
    ))?;
    let found = stmt
        .query_map([account_id], |r| {
            Ok(Acting {
                account_id: account_id.to_string(),
                org_id: r.get(0)?,
                org_name: r.get(1)?,
                membership_id: r.get(2)?,
                is_owner: r.get(3)?,
                role: RoleRow::from_row(r, 4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(found)
}

/// A member of `org_id` by membership id.
pub(crate) fn target_member(
    conn: &Connection,
    org_id: &str,
    membership_id: &str,
) -> Result<TargetMember> {
    conn.query_row(
        &format!(
            "SELECT m.id, a.id, a.first_name || ' ' || a.last_name, a.email, m.is_owner, m.status = 'active',
                    a.password_hash IS NOT NULL, {ROLE_COLUMNS}
             FROM memberships m JOIN accounts a ON a.id = m.account_id JOIN roles r ON r.id = m.role_id
             WHERE m.id = ?1 AND m.org_id = ?2"
        ),
        [membership_id, org_id],
        |r| {
            Ok(TargetMember {
                membership_id: r.get(0)?,
                account_id: r.get(1)?,
                name: r.get(2)?,
                email: r.get(3)?,
                is_owner: r.get(4)?,
                active: r.get(5)?,
                can_sign_in: r.get(6)?,
                role: RoleRow::from_row(r, 7)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::NotFound("That member is not in this organization (they may have left or been removed).".into()))
}

impl Acting {
    pub fn org(&self) -> (&str, &str) {
        (&self.org_id, &self.org_name)
    }

    /// The actor's role holds `permission` (the Owner holds everything).
    pub fn can(&self, permission: Permission) -> bool {
        self.is_owner || self.role.permissions.contains(permission)
    }

    pub fn require(&self, permission: Permission) -> Result<()> {
        if self.can(permission) {
            Ok(())
        } else {
            Err(Error::Forbidden(format!(
                "You need the {} permission for this in {}; your role {} does not have it.",
                permission.describe(),
                self.org_name,
                self.role.name
            )))
        }
    }

    /// Deleting the organization and transferring ownership are the Owner's alone.
    pub fn require_owner(&self, what: &str) -> Result<()> {
        if self.is_owner {
            Ok(())
        } else {
            Err(Error::Forbidden(format!(
                "Only the Owner of {} can {what}.",
                self.org_name
            )))
        }
    }

    /// The actor as the shared rules see it.
    pub fn actor(&self) -> Actor<'_> {
        Actor {
            org_name: &self.org_name,
            is_owner: self.is_owner,
            role: self.role.as_rule(),
        }
    }

    /// R28: the actor may act on `target` ([`Actor::act_on`]).
    pub fn check_target(&self, target: &TargetMember) -> Result<()> {
        Ok(self.actor().act_on(&Subject {
            is_self: target.account_id == self.account_id,
            is_owner: target.is_owner,
            name: &target.name,
            role: target.role.as_rule(),
        })?)
    }

    /// R28–R29: the actor may give `role` ([`Actor::give`]).
    pub fn check_giving(&self, role: &RoleRow) -> Result<()> {
        Ok(self.actor().give(&role.as_rule())?)
    }

    /// R29: a role with this level and permissions is below the actor and within their
    /// own permissions ([`Actor::within_own`]).
    pub fn check_role_within_own(
        &self,
        level: u8,
        permissions: PermissionSet,
        name: &str,
    ) -> Result<()> {
        Ok(self.actor().within_own(&RoleRef {
            name,
            kind: RoleKind::Custom,
            level,
            permissions,
        })?)
    }
}
