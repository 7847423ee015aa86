//! The shared hierarchy rules (`rolecall_types::rules`, R28–R30, R36) fed with what the
//! window knows, to disable controls with the core's own words. The core checks the
//! same functions for every operation; these only decide what to show.

use rolecall_types::ids::{AccountId, RoleId};
use rolecall_types::model::{Member, MyRole, Role, WorkspaceMember};
use rolecall_types::permissions::{PermissionSet, RoleKind};
use rolecall_types::rules::{Actor, RoleRef, Subject};

/// The signed-in account as the rules see it, in the organization called `org_name`.
pub fn actor<'a>(me: &'a MyRole, org_name: &'a str) -> Actor<'a> {
    Actor {
        org_name,
        is_owner: me.is_owner,
        role: RoleRef {
            name: &me.role_name,
            kind: if me.is_owner {
                RoleKind::Owner
            } else if me.is_admin {
                RoleKind::Admin
            } else {
                RoleKind::Custom
            },
            level: me.level,
            permissions: me.permissions,
        },
    }
}

/// A role of the organization as the rules see it.
pub fn role_ref(role: &Role) -> RoleRef<'_> {
    RoleRef {
        name: &role.name,
        kind: role.kind,
        level: role.level,
        permissions: role.permissions,
    }
}

/// What the rules need to know about a member's place in the organization.
pub struct Standing<'a> {
    pub account_id: &'a AccountId,
    pub is_owner: bool,
    pub role_id: &'a RoleId,
    pub role_name: &'a str,
    pub role_level: u8,
    /// How to call them in a message.
    pub name: String,
}

impl<'a> From<&'a Member> for Standing<'a> {
    fn from(m: &'a Member) -> Self {
        Standing {
            account_id: &m.account_id,
            is_owner: m.is_owner,
            role_id: &m.role_id,
            role_name: &m.role_name,
            role_level: m.role_level,
            name: format!("{} {}", m.first_name, m.last_name),
        }
    }
}

impl<'a> From<&'a WorkspaceMember> for Standing<'a> {
    fn from(m: &'a WorkspaceMember) -> Self {
        Standing {
            account_id: &m.account_id,
            is_owner: m.is_owner,
            role_id: &m.org_role_id,
            role_name: &m.org_role_name,
            role_level: m.org_role_level,
            name: m.name.clone(),
        }
    }
}

/// R28: why the signed-in account may not act on `target`, in the core's words, or
/// `None` if it may.
pub fn refusal_on(
    me: &MyRole,
    org_name: &str,
    my_account: &AccountId,
    target: &Standing<'_>,
    roles: &[Role],
) -> Option<String> {
    let kind = roles
        .iter()
        .find(|r| &r.id == target.role_id)
        .map_or(RoleKind::Custom, |r| r.kind);
    actor(me, org_name)
        .act_on(&Subject {
            is_self: target.account_id == my_account,
            is_owner: target.is_owner,
            name: &target.name,
            role: RoleRef {
                name: target.role_name,
                kind,
                level: target.role_level,
                permissions: PermissionSet::EMPTY,
            },
        })
        .err()
        .map(|refusal| refusal.to_string())
}

/// R28, R29: the roles the signed-in account may give.
pub fn givable(me: &MyRole, roles: &[Role]) -> Vec<Role> {
    let actor = actor(me, "");
    roles
        .iter()
        .filter(|r| actor.give(&role_ref(r)).is_ok())
        .cloned()
        .collect()
}
