//! The hierarchy rules as the UI applies them (R28–R30) to hide or disable controls.
//! The core checks the same rules for every operation; these only decide what to show.

use rolecall_types::model::{Member, MyRole, Role, WorkspaceMember};
use rolecall_types::permissions::RoleKind;

/// What the hierarchy checks need to know about a member's place in the organization.
pub struct Standing<'a> {
    pub account_id: &'a str,
    pub is_owner: bool,
    pub role_id: &'a str,
    pub role_name: &'a str,
    pub role_level: u8,
    /// How to call them in a message (their first name).
    pub name: &'a str,
}

impl<'a> From<&'a Member> for Standing<'a> {
    fn from(m: &'a Member) -> Self {
        Standing {
            account_id: &m.account_id,
            is_owner: m.is_owner,
            role_id: &m.role_id,
            role_name: &m.role_name,
            role_level: m.role_level,
            name: &m.first_name,
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
            name: m.name.split_whitespace().next().unwrap_or(&m.name),
        }
    }
}

/// Why the signed-in account may not act on a member (R28).
pub enum Block {
    Yourself,
    Owner,
    /// Their role is not below the actor's: (their name, their role, the actor's role).
    NotBelow(String, String, String),
}

/// R28: never yourself, never the Owner, only below your level — the Owner acts on
/// anyone else, and Owner and Admin also act on Admins.
pub fn acting_block(
    me: &MyRole,
    my_account: &str,
    target: &Standing<'_>,
    roles: &[Role],
) -> Option<Block> {
    if target.account_id == my_account {
        return Some(Block::Yourself);
    }
    if target.is_owner {
        return Some(Block::Owner);
    }
    let target_is_admin = roles
        .iter()
        .any(|r| r.id == target.role_id && r.kind == RoleKind::Admin);
    if me.is_owner || (me.is_admin && target_is_admin) || target.role_level < me.level {
        None
    } else {
        Some(Block::NotBelow(
            target.name.to_string(),
            target.role_name.to_string(),
            me.role_name.clone(),
        ))
    }
}

/// Roles the signed-in account may give (R28, R29): never Owner; below the actor's
/// level and within their permissions, except that the Owner gives any and an Admin
/// also gives Admin.
pub fn givable(me: &MyRole, roles: &[Role]) -> Vec<Role> {
    roles
        .iter()
        .filter(|r| r.kind != RoleKind::Owner)
        .filter(|r| {
            me.is_owner
                || (me.is_admin && r.kind == RoleKind::Admin)
                || (r.level < me.level && me.permissions.is_superset(r.permissions))
        })
        .cloned()
        .collect()
}
