//! Workspaces (R15–R16): list, create, rename, delete (never the last; agents move to
//! the default workspace), and per-workspace roles granted under R28–R29.

use crate::access;
use crate::service::{Rolecall, Target, new_id};
use crate::{Error, Result};
use rolecall_types::ids::{AccountId, MembershipId, OrgId, RoleId, WorkspaceId};
use rolecall_types::model::{Workspace, WorkspaceMember};
use rolecall_types::permissions::Permission;
use rolecall_types::validate;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

fn load(conn: &Connection, org_id: &str, workspace_id: &str) -> Result<Workspace> {
    conn.query_row(
        "SELECT w.id, w.name, w.is_default,
                (SELECT count(*) FROM workspace_roles g WHERE g.workspace_id = w.id),
                (SELECT count(*) FROM agents a WHERE a.workspace_id = w.id), w.created_at
         FROM workspaces w WHERE w.id = ?1 AND w.org_id = ?2",
        [workspace_id, org_id],
        |r| {
            Ok(Workspace {
                id: r.get(0)?,
                name: r.get(1)?,
                is_default: r.get(2)?,
                members_with_roles: r.get(3)?,
                agents: r.get(4)?,
                created_at: r.get(5)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::NotFound("That workspace does not exist in this organization.".into()))
}

/// The organization's workspaces, default first.
pub(crate) fn workspaces_of(conn: &Connection, org_id: &str) -> Result<Vec<Workspace>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM workspaces WHERE org_id = ?1 ORDER BY is_default DESC, name COLLATE NOCASE",
    )?;
    let ids: Vec<String> = stmt
        .query_map([org_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.iter().map(|id| load(conn, org_id, id)).collect()
}

/// Workspace roles held in the organization (or in one workspace), by member name.
pub(crate) fn workspace_members_of(
    conn: &Connection,
    org_id: &str,
    workspace_id: Option<&str>,
) -> Result<Vec<WorkspaceMember>> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.workspace_id, m.id, a.id, a.first_name || ' ' || a.last_name, a.email, r.id, r.name, r.level, g.granted_at,
                mr.id, mr.name, mr.level, m.is_owner
         FROM workspace_roles g
         JOIN workspaces w ON w.id = g.workspace_id
         JOIN memberships m ON m.id = g.membership_id
         JOIN accounts a ON a.id = m.account_id
         JOIN roles r ON r.id = g.role_id
         JOIN roles mr ON mr.id = m.role_id
         WHERE w.org_id = ?1 AND (?2 IS NULL OR g.workspace_id = ?2)
         ORDER BY w.is_default DESC, w.name COLLATE NOCASE, m.sort_name, m.id",
    )?;
    let rows = stmt
        .query_map(params![org_id, workspace_id], |r| {
            Ok(WorkspaceMember {
                workspace_id: r.get(0)?,
                membership_id: r.get(1)?,
                account_id: r.get(2)?,
                name: r.get(3)?,
                email: r.get(4)?,
                role_id: r.get(5)?,
                role_name: r.get(6)?,
                role_level: r.get::<_, i64>(7)?.clamp(0, 100) as u8,
                granted_at: r.get(8)?,
                org_role_id: r.get(9)?,
                org_role_name: r.get(10)?,
                org_role_level: r.get::<_, i64>(11)?.clamp(0, 100) as u8,
                is_owner: r.get(12)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn name_taken(conn: &Connection, org_id: &str, name: &str, except: Option<&str>) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM workspaces WHERE org_id = ?1 AND name = ?2 COLLATE NOCASE AND id IS NOT ?3",
            params![org_id, name, except],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// The (id, name) of the role a member holds in a workspace, if any.
fn granted_role(
    conn: &Connection,
    workspace_id: &str,
    membership_id: &str,
) -> Result<Option<(String, String)>> {
    Ok(conn
        .query_row(
            "SELECT r.id, r.name FROM workspace_roles g JOIN roles r ON r.id = g.role_id
             WHERE g.workspace_id = ?1 AND g.membership_id = ?2",
            [workspace_id, membership_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// R16, R28: who grants, in which workspace, to whom — after the permission and
/// hierarchy checks that granting and revoking share.
fn workspace_grant_parties(
    conn: &Connection,
    actor: &str,
    org_id: &str,
    workspace_id: &str,
    membership_id: &str,
) -> Result<(access::Acting, Workspace, access::TargetMember)> {
    let acting = access::acting(conn, org_id, actor)?;
    acting.require(Permission::MembersChangeRoles)?;
    let ws = load(conn, org_id, workspace_id)?;
    let target = access::target_member(conn, org_id, membership_id)?;
    acting.check_target(&target)?;
    Ok((acting, ws, target))
}

fn workspace_name(value: &str) -> Result<String> {
    Ok(validate::required_text(
        "name",
        "Workspace name",
        value,
        validate::WORKSPACE_NAME_MAX,
    )?)
}

impl Rolecall {
    /// The organization's workspaces, default first (Organization·view).
    pub fn list_workspaces(&self, actor: &AccountId, org_id: &OrgId) -> Result<Vec<Workspace>> {
        self.read(actor, |conn| {
            access::acting(conn, org_id, actor)?.require(Permission::OrganizationView)?;
            workspaces_of(conn, org_id)
        })
    }

    /// R16: the members holding a role in a workspace (Members·view).
    pub fn workspace_members(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        workspace_id: &WorkspaceId,
    ) -> Result<Vec<WorkspaceMember>> {
        self.read(actor, |conn| {
            access::acting(conn, org_id, actor)?.require(Permission::MembersView)?;
            load(conn, org_id, workspace_id)?;
            workspace_members_of(conn, org_id, Some(workspace_id))
        })
    }

    /// R15: a new workspace with a unique name (Workspaces·manage).
    pub fn create_workspace(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        name: &str,
    ) -> Result<Workspace> {
        let name = workspace_name(name)?;
        self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            acting.require(Permission::WorkspacesManage)?;
            if name_taken(&tx.db, org_id, &name, None)? {
                return Err(Error::Conflict(format!("{} already has a workspace called {name}.", acting.org_name)));
            }
            let id = new_id();
            tx.db.execute(
                "INSERT INTO workspaces (id, org_id, name, is_default, created_at) VALUES (?1, ?2, ?3, 0, ?4)",
                params![id, org_id, name, tx.now],
            )?;
            tx.audit(
                Some(acting.org()),
                "workspace.created",
                Target { kind: "workspace", id: Some(&id), name: &name },
                json!({ "after": { "name": name } }),
            )?;
            load(&tx.db, org_id, &id)
        })
    }

    pub fn rename_workspace(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        workspace_id: &WorkspaceId,
        name: &str,
    ) -> Result<Workspace> {
        let name = workspace_name(name)?;
        self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            acting.require(Permission::WorkspacesManage)?;
            let before = load(&tx.db, org_id, workspace_id)?;
            if name_taken(&tx.db, org_id, &name, Some(workspace_id))? {
                return Err(Error::Conflict(format!(
                    "{} already has a workspace called {name}.",
                    acting.org_name
                )));
            }
            tx.db.execute(
                "UPDATE workspaces SET name = ?1 WHERE id = ?2",
                params![name, workspace_id],
            )?;
            tx.audit(
                Some(acting.org()),
                "workspace.renamed",
                Target {
                    kind: "workspace",
                    id: Some(workspace_id),
                    name: &name,
                },
                json!({ "before": { "name": before.name }, "after": { "name": name } }),
            )?;
            load(&tx.db, org_id, workspace_id)
        })
    }

    /// R15: deletes a workspace (never the last); its agents move to the default
    /// workspace (a new default is chosen if the default itself is deleted).
    pub fn delete_workspace(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        workspace_id: &WorkspaceId,
    ) -> Result<()> {
        self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            acting.require(Permission::WorkspacesManage)?;
            let ws = load(&tx.db, org_id, workspace_id)?;
            let count: i64 = tx.db.query_row("SELECT count(*) FROM workspaces WHERE org_id = ?1", [org_id], |r| r.get(0))?;
            if count <= 1 {
                return Err(Error::Conflict(format!(
                    "{} is the last workspace of {}; an organization always keeps one.",
                    ws.name, acting.org_name
                )));
            }
            if ws.is_default {
                tx.db.execute("UPDATE workspaces SET is_default = 0 WHERE id = ?1", [workspace_id])?;
                tx.db.execute(
                    "UPDATE workspaces SET is_default = 1 WHERE id =
                        (SELECT id FROM workspaces WHERE org_id = ?1 AND id <> ?2 ORDER BY created_at, id LIMIT 1)",
                    params![org_id, workspace_id],
                )?;
            }
            let default: String = tx.db.query_row(
                "SELECT id FROM workspaces WHERE org_id = ?1 AND is_default = 1",
                [org_id],
                |r| r.get(0),
            )?;
            let moved = tx.db.execute(
                "UPDATE agents SET workspace_id = ?1 WHERE workspace_id = ?2",
                params![default, workspace_id],
            )?;
            tx.db.execute("DELETE FROM workspaces WHERE id = ?1", [workspace_id])?;
            tx.audit(
                Some(acting.org()),
                "workspace.deleted",
                Target { kind: "workspace", id: Some(workspace_id), name: &ws.name },
                json!({ "before": { "name": ws.name }, "agents_moved_to": default, "agents_moved": moved }),
            )
        })
    }

    /// R16, R28: gives a member a role in one workspace (replacing any earlier one).
    pub fn grant_workspace_role(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        workspace_id: &WorkspaceId,
        membership_id: &MembershipId,
        role_id: &RoleId,
    ) -> Result<()> {
        self.write(Some(actor), |tx| {
            let (acting, ws, target) = workspace_grant_parties(&tx.db, actor, org_id, workspace_id, membership_id)?;
            let role = access::role(&tx.db, org_id, role_id)?;
            acting.check_giving(&role)?;
            let before = granted_role(&tx.db, workspace_id, membership_id)?.map(|(_, name)| name);
            tx.db.execute(
                "INSERT INTO workspace_roles (workspace_id, membership_id, role_id, granted_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (workspace_id, membership_id) DO UPDATE SET role_id = excluded.role_id, granted_at = excluded.granted_at",
                params![workspace_id, membership_id, role.id, tx.now],
            )?;
            tx.audit(
                Some(acting.org()),
                "workspace.role_granted",
                Target { kind: "member", id: Some(&target.account_id), name: &target.name },
                json!({ "workspace": ws.name, "before": { "role": before }, "after": { "role": role.name } }),
            )
        })
    }

    /// R16: takes a member's workspace role away.
    pub fn revoke_workspace_role(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        workspace_id: &WorkspaceId,
        membership_id: &MembershipId,
    ) -> Result<()> {
        self.write(Some(actor), |tx| {
            let (acting, ws, target) = workspace_grant_parties(&tx.db, actor, org_id, workspace_id, membership_id)?;
            let before = granted_role(&tx.db, workspace_id, membership_id)?;
            let Some((role_id, role_name)) = before else {
                return Err(Error::NotFound(format!("{} has no role in {}.", target.name, ws.name)));
            };
            acting.check_giving(&access::role(&tx.db, org_id, &role_id)?)?;
            tx.db.execute(
                "DELETE FROM workspace_roles WHERE workspace_id = ?1 AND membership_id = ?2",
                params![workspace_id, membership_id],
            )?;
            tx.audit(
                Some(acting.org()),
                "workspace.role_revoked",
                Target { kind: "member", id: Some(&target.account_id), name: &target.name },
                json!({ "workspace": ws.name, "before": { "role": role_name }, "after": { "role": null } }),
            )
        })
    }
}
