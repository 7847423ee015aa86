//! Roles (R27, R29): list with holders, add a template, create and edit custom roles,
//! delete a role nobody holds.

use crate::access::{self, ROLE_COLUMNS, RoleRow};
use crate::service::{Rolecall, Target, new_id};
use crate::tables::memberships;
use crate::{Error, Result};
use rolecall_types::ids::{AccountId, OrgId, RoleId};
use rolecall_types::model::{Role, RoleInput};
use rolecall_types::permissions::{Permission, PermissionSet, role_template};
use rolecall_types::validate;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

/// Memberships, workspace grants and pending invitations holding the role.
fn holders(conn: &Connection, role_id: &str) -> Result<u64> {
    let others: u64 = conn.query_row(
        "SELECT (SELECT count(*) FROM workspace_roles WHERE role_id = ?1)
              + (SELECT count(*) FROM invitations WHERE role_id = ?1 AND status = 'pending')",
        [role_id],
        |r| r.get(0),
    )?;
    Ok(memberships::count_with_role(conn, role_id)? + others)
}

fn to_role(conn: &Connection, row: RoleRow) -> Result<Role> {
    Ok(Role {
        holders: holders(conn, &row.id)?,
        id: row.id.into(),
        name: row.name,
        kind: row.kind,
        level: row.level,
        permissions: row.permissions,
    })
}

/// Every role of the organization, highest level first.
pub(crate) fn roles_of(conn: &Connection, org_id: &str) -> Result<Vec<Role>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ROLE_COLUMNS} FROM roles r WHERE r.org_id = ?1 ORDER BY r.level DESC, r.name COLLATE NOCASE"
    ))?;
    let rows: Vec<RoleRow> = stmt
        .query_map([org_id], |r| RoleRow::from_row(r, 0))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(|row| to_role(conn, row)).collect()
}

fn name_taken(conn: &Connection, org_id: &str, name: &str, except: Option<&str>) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM roles WHERE org_id = ?1 AND name = ?2 COLLATE NOCASE AND id IS NOT ?3",
            params![org_id, name, except],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

fn role_facts(name: &str, level: u8, permissions: PermissionSet) -> serde_json::Value {
    json!({ "name": name, "level": level, "permissions": permissions })
}

impl Rolecall {
    /// Every role of the organization, highest level first (Organization·view).
    pub fn list_roles(&self, actor: &AccountId, org_id: &OrgId) -> Result<Vec<Role>> {
        self.read(actor, |conn| {
            access::acting(conn, org_id, actor)?.require(Permission::OrganizationView)?;
            roles_of(conn, org_id)
        })
    }

    /// R27: adds one of the templates (Co-Admin, Manager, Developer, Billing, Viewer).
    pub fn add_role_template(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        template: &str,
    ) -> Result<Role> {
        let def = role_template(template).ok_or_else(|| {
            Error::invalid(
                "template",
                format!("There is no role template called '{template}'."),
            )
        })?;
        self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            acting.require(Permission::RolesManage)?;
            let permissions = PermissionSet::of(def.permissions);
            acting.check_role_within_own(def.level, permissions, def.name)?;
            if name_taken(&tx.db, org_id, def.name, None)? {
                return Err(Error::Conflict(format!("{} already has a role called {}.", acting.org_name, def.name)));
            }
            let id = new_id();
            tx.db.execute(
                "INSERT INTO roles (id, org_id, name, kind, level, permissions, created_at) VALUES (?1, ?2, ?3, 'template', ?4, ?5, ?6)",
                params![id, org_id, def.name, def.level, permissions.to_codes(), tx.now],
            )?;
            tx.audit(
                Some(acting.org()),
                "role.created",
                Target { kind: "role", id: Some(&id), name: def.name },
                json!({ "template": def.name, "after": role_facts(def.name, def.level, permissions) }),
            )?;
            to_role(&tx.db, access::role(&tx.db, org_id, &id)?)
        })
    }

    /// R27, R29: a custom role (name unique, level 1–99, within the actor's own rights).
    pub fn create_role(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        input: &RoleInput,
    ) -> Result<Role> {
        let name = validate::role_name(&input.name)?;
        let level = validate::role_level(input.level)?;
        self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            acting.require(Permission::RolesManage)?;
            acting.check_role_within_own(level, input.permissions, &name)?;
            if name_taken(&tx.db, org_id, &name, None)? {
                return Err(Error::Conflict(format!("{} already has a role called {name}.", acting.org_name)));
            }
            let id = new_id();
            tx.db.execute(
                "INSERT INTO roles (id, org_id, name, kind, level, permissions, created_at) VALUES (?1, ?2, ?3, 'custom', ?4, ?5, ?6)",
                params![id, org_id, name, level, input.permissions.to_codes(), tx.now],
            )?;
            tx.audit(
                Some(acting.org()),
                "role.created",
                Target { kind: "role", id: Some(&id), name: &name },
                json!({ "after": role_facts(&name, level, input.permissions) }),
            )?;
            to_role(&tx.db, access::role(&tx.db, org_id, &id)?)
        })
    }

    /// R27, R29: edits a template or custom role; system roles are read-only.
    pub fn update_role(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        role_id: &RoleId,
        input: &RoleInput,
    ) -> Result<Role> {
        let name = validate::role_name(&input.name)?;
        let level = validate::role_level(input.level)?;
        self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            acting.require(Permission::RolesManage)?;
            let before = access::role(&tx.db, org_id, role_id)?;
            acting
                .actor()
                .edit_role(&before.as_rule(), acting.role.id == before.id)?;
            acting.check_role_within_own(level, input.permissions, &name)?;
            if name_taken(&tx.db, org_id, &name, Some(role_id))? {
                return Err(Error::Conflict(format!(
                    "{} already has a role called {name}.",
                    acting.org_name
                )));
            }
            tx.db.execute(
                "UPDATE roles SET name = ?1, level = ?2, permissions = ?3 WHERE id = ?4",
                params![name, level, input.permissions.to_codes(), role_id],
            )?;
            tx.db.execute(
                "UPDATE invitations SET role_name = ?1 WHERE role_id = ?2 AND status = 'pending'",
                params![name, role_id],
            )?;
            tx.audit(
                Some(acting.org()),
                "role.updated",
                Target {
                    kind: "role",
                    id: Some(role_id),
                    name: &name,
                },
                json!({
                    "before": role_facts(&before.name, before.level, before.permissions),
                    "after": role_facts(&name, level, input.permissions),
                }),
            )?;
            to_role(&tx.db, access::role(&tx.db, org_id, role_id)?)
        })
    }

    /// R27: deletes a role nobody holds.
    pub fn delete_role(&self, actor: &AccountId, org_id: &OrgId, role_id: &RoleId) -> Result<()> {
        self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            acting.require(Permission::RolesManage)?;
            let role = access::role(&tx.db, org_id, role_id)?;
            acting.actor().delete_role(&role.as_rule())?;
            let held = holders(&tx.db, role_id)?;
            if held > 0 {
                return Err(Error::Conflict(format!(
                    "{} is held by {held} {} (members, workspace roles or pending invitations). \
                     Give them another role first.",
                    role.name,
                    if held == 1 { "holder" } else { "holders" }
                )));
            }
            tx.db
                .execute("DELETE FROM roles WHERE id = ?1", [role_id])?;
            tx.audit(
                Some(acting.org()),
                "role.deleted",
                Target {
                    kind: "role",
                    id: Some(role_id),
                    name: &role.name,
                },
                json!({ "before": role_facts(&role.name, role.level, role.permissions) }),
            )
        })
    }
}
