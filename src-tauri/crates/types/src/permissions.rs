//! The permission catalogue (R26), the system roles and the role templates (R27).
//!
//! Deleting an organization and transferring ownership are the Owner's alone and are
//! deliberately not in the catalogue.

use serde::{Deserialize, Serialize};

/// One catalogue permission. Stored and sent as its stable code (`"members.invite"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Permission {
    #[serde(rename = "organization.view")]
    OrganizationView,
    #[serde(rename = "organization.edit")]
    OrganizationEdit,
    #[serde(rename = "members.view")]
    MembersView,
    #[serde(rename = "members.invite")]
    MembersInvite,
    #[serde(rename = "members.change_roles")]
    MembersChangeRoles,
    #[serde(rename = "members.deactivate")]
    MembersDeactivate,
    #[serde(rename = "members.remove")]
    MembersRemove,
    #[serde(rename = "roles.manage")]
    RolesManage,
    #[serde(rename = "workspaces.manage")]
    WorkspacesManage,
    #[serde(rename = "billing.view")]
    BillingView,
    #[serde(rename = "billing.manage")]
    BillingManage,
    #[serde(rename = "api_keys.view")]
    ApiKeysView,
    #[serde(rename = "api_keys.manage")]
    ApiKeysManage,
    #[serde(rename = "agents.view")]
    AgentsView,
    #[serde(rename = "agents.manage")]
    AgentsManage,
    #[serde(rename = "audit.view")]
    AuditView,
    #[serde(rename = "data.export")]
    DataExport,
    #[serde(rename = "review.run")]
    ReviewRun,
}

use Permission::*;

/// Every permission, in catalogue order.
pub const ALL_PERMISSIONS: &[Permission] = &[
    OrganizationView,
    OrganizationEdit,
    MembersView,
    MembersInvite,
    MembersChangeRoles,
    MembersDeactivate,
    MembersRemove,
    RolesManage,
    WorkspacesManage,
    BillingView,
    BillingManage,
    ApiKeysView,
    ApiKeysManage,
    AgentsView,
    AgentsManage,
    AuditView,
    DataExport,
    ReviewRun,
];

/// The catalogue's groups, for grouped checkboxes: (group name, permissions).
pub const PERMISSION_GROUPS: &[(&str, &[Permission])] = &[
    ("Organization", &[OrganizationView, OrganizationEdit]),
    (
        "Members",
        &[
            MembersView,
            MembersInvite,
            MembersChangeRoles,
            MembersDeactivate,
            MembersRemove,
        ],
    ),
    ("Roles", &[RolesManage]),
    ("Workspaces", &[WorkspacesManage]),
    ("Billing", &[BillingView, BillingManage]),
    ("API keys", &[ApiKeysView, ApiKeysManage]),
    ("Agents", &[AgentsView, AgentsManage]),
    ("Audit log", &[AuditView]),
    ("Data", &[DataExport]),
    ("Review", &[ReviewRun]),
];

impl Permission {
    /// The stable code stored in the database and sent over IPC.
    pub fn code(self) -> &'static str {
        match self {
            OrganizationView => "organization.view",
            OrganizationEdit => "organization.edit",
            MembersView => "members.view",
            MembersInvite => "members.invite",
            MembersChangeRoles => "members.change_roles",
            MembersDeactivate => "members.deactivate",
            MembersRemove => "members.remove",
            RolesManage => "roles.manage",
            WorkspacesManage => "workspaces.manage",
            BillingView => "billing.view",
            BillingManage => "billing.manage",
            ApiKeysView => "api_keys.view",
            ApiKeysManage => "api_keys.manage",
            AgentsView => "agents.view",
            AgentsManage => "agents.manage",
            AuditView => "audit.view",
            DataExport => "data.export",
            ReviewRun => "review.run",
        }
    }

    /// The permission with this code.
    pub fn from_code(code: &str) -> Option<Permission> {
        ALL_PERMISSIONS.iter().copied().find(|p| p.code() == code)
    }

    /// A short label for checkboxes ("Change roles").
    pub fn label(self) -> &'static str {
        match self {
            OrganizationView | MembersView | BillingView | ApiKeysView | AgentsView | AuditView => {
                "View"
            }
            OrganizationEdit => "Edit settings",
            MembersInvite => "Invite",
            MembersChangeRoles => "Change roles",
            MembersDeactivate => "Deactivate",
            MembersRemove => "Remove",
            RolesManage | WorkspacesManage | BillingManage | ApiKeysManage | AgentsManage => {
                "Manage"
            }
            DataExport => "Export",
            ReviewRun => "Run reviews",
        }
    }

    /// Group and label, for messages ("Members · Invite").
    pub fn describe(self) -> String {
        let group = PERMISSION_GROUPS
            .iter()
            .find(|(_, perms)| perms.contains(&self))
            .map(|(name, _)| *name)
            .unwrap_or("Organization");
        format!("{group} · {}", self.label())
    }
}

/// A set of permissions as a bit set (catalogue order), cheap to copy and compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(from = "Vec<Permission>", into = "Vec<Permission>")]
pub struct PermissionSet(u32);

impl PermissionSet {
    pub const EMPTY: PermissionSet = PermissionSet(0);

    pub fn all() -> PermissionSet {
        PermissionSet::of(ALL_PERMISSIONS)
    }

    pub fn of(perms: &[Permission]) -> PermissionSet {
        let mut set = PermissionSet::EMPTY;
        for p in perms {
            set.insert(*p);
        }
        set
    }

    fn bit(p: Permission) -> u32 {
        let index = ALL_PERMISSIONS.iter().position(|q| *q == p).unwrap_or(0);
        1 << index
    }

    pub fn insert(&mut self, p: Permission) {
        self.0 |= Self::bit(p);
    }

    pub fn contains(self, p: Permission) -> bool {
        self.0 & Self::bit(p) != 0
    }

    /// True when every permission of `other` is in `self`.
    pub fn is_superset(self, other: PermissionSet) -> bool {
        other.0 & !self.0 == 0
    }

    pub fn union(self, other: PermissionSet) -> PermissionSet {
        PermissionSet(self.0 | other.0)
    }

    /// Permissions of `self` missing from `other`.
    pub fn missing_from(self, other: PermissionSet) -> Vec<Permission> {
        self.iter().filter(|p| !other.contains(*p)).collect()
    }

    pub fn iter(self) -> impl Iterator<Item = Permission> {
        ALL_PERMISSIONS
            .iter()
            .copied()
            .filter(move |p| self.contains(*p))
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Codes joined by commas, as stored in the database.
    pub fn to_codes(self) -> String {
        self.iter()
            .map(Permission::code)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Parses stored codes; unknown codes are reported.
    pub fn from_codes(codes: &str) -> Result<PermissionSet, String> {
        let mut set = PermissionSet::EMPTY;
        for code in codes.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            set.insert(
                Permission::from_code(code)
                    .ok_or_else(|| format!("unknown permission '{code}'"))?,
            );
        }
        Ok(set)
    }
}

impl From<Vec<Permission>> for PermissionSet {
    fn from(v: Vec<Permission>) -> Self {
        PermissionSet::of(&v)
    }
}

impl From<PermissionSet> for Vec<Permission> {
    fn from(s: PermissionSet) -> Self {
        s.iter().collect()
    }
}

/// What kind of role a role row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RoleKind {
    /// The one Owner role (level 100, everything; read-only).
    Owner,
    /// The Admin system role (level 80, the whole catalogue; read-only).
    Admin,
    /// The Member system role (level 10; the default role; read-only).
    Member,
    /// Added from a template, editable.
    Template,
    /// Made by an admin, editable.
    Custom,
}

impl RoleKind {
    pub fn code(self) -> &'static str {
        match self {
            RoleKind::Owner => "owner",
            RoleKind::Admin => "admin",
            RoleKind::Member => "member",
            RoleKind::Template => "template",
            RoleKind::Custom => "custom",
        }
    }

    pub fn from_code(code: &str) -> Option<RoleKind> {
        [
            RoleKind::Owner,
            RoleKind::Admin,
            RoleKind::Member,
            RoleKind::Template,
            RoleKind::Custom,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }

    /// System roles cannot be edited or deleted.
    pub fn is_system(self) -> bool {
        matches!(self, RoleKind::Owner | RoleKind::Admin | RoleKind::Member)
    }
}

pub const OWNER_LEVEL: u8 = 100;
pub const ADMIN_LEVEL: u8 = 80;
pub const MEMBER_LEVEL: u8 = 10;

/// A role definition: system roles and templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleDefinition {
    pub name: &'static str,
    pub kind: RoleKind,
    pub level: u8,
    pub permissions: &'static [Permission],
}

/// Owner, Admin, Member: every organization has them.
pub const SYSTEM_ROLES: &[RoleDefinition] = &[
    RoleDefinition {
        name: "Owner",
        kind: RoleKind::Owner,
        level: OWNER_LEVEL,
        permissions: ALL_PERMISSIONS,
    },
    RoleDefinition {
        name: "Admin",
        kind: RoleKind::Admin,
        level: ADMIN_LEVEL,
        permissions: ALL_PERMISSIONS,
    },
    RoleDefinition {
        name: "Member",
        kind: RoleKind::Member,
        level: MEMBER_LEVEL,
        permissions: &[OrganizationView, MembersView, AgentsView, AgentsManage],
    },
];

/// Templates an admin may add to an organization (R27).
pub const ROLE_TEMPLATES: &[RoleDefinition] = &[
    RoleDefinition {
        name: "Co-Admin",
        kind: RoleKind::Template,
        level: 70,
        permissions: &[
            OrganizationView,
            MembersView,
            MembersInvite,
            MembersChangeRoles,
            MembersDeactivate,
            MembersRemove,
            WorkspacesManage,
            AgentsView,
            AgentsManage,
            AuditView,
            ApiKeysView,
        ],
    },
    RoleDefinition {
        name: "Manager",
        kind: RoleKind::Template,
        level: 50,
        permissions: &[
            OrganizationView,
            MembersView,
            MembersInvite,
            AgentsView,
            AgentsManage,
        ],
    },
    RoleDefinition {
        name: "Developer",
        kind: RoleKind::Template,
        level: 40,
        permissions: &[
            OrganizationView,
            MembersView,
            AgentsView,
            AgentsManage,
            ApiKeysView,
        ],
    },
    RoleDefinition {
        name: "Billing",
        kind: RoleKind::Template,
        level: 30,
        permissions: &[OrganizationView, BillingView, BillingManage],
    },
    RoleDefinition {
        name: "Viewer",
        kind: RoleKind::Template,
        level: 20,
        permissions: &[OrganizationView, MembersView, AgentsView],
    },
];

/// The template with this name (case-insensitive).
pub fn role_template(name: &str) -> Option<&'static RoleDefinition> {
    ROLE_TEMPLATES
        .iter()
        .find(|t| t.name.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r26_catalogue_codes_round_trip_and_are_unique() {
        for p in ALL_PERMISSIONS {
            assert_eq!(Permission::from_code(p.code()), Some(*p));
            let json = serde_json::to_string(p).expect("serialize");
            assert_eq!(json, format!("\"{}\"", p.code()));
        }
        let grouped: usize = PERMISSION_GROUPS.iter().map(|(_, ps)| ps.len()).sum();
        assert_eq!(
            grouped,
            ALL_PERMISSIONS.len(),
            "every permission is in exactly one group"
        );
        let set = PermissionSet::all();
        assert_eq!(PermissionSet::from_codes(&set.to_codes()), Ok(set));
        assert!(PermissionSet::from_codes("members.view,nope").is_err());
    }

    #[test]
    fn r27_templates_sit_below_admin_and_match_the_table() {
        let levels: Vec<(&str, u8)> = ROLE_TEMPLATES.iter().map(|t| (t.name, t.level)).collect();
        assert_eq!(
            levels,
            vec![
                ("Co-Admin", 70),
                ("Manager", 50),
                ("Developer", 40),
                ("Billing", 30),
                ("Viewer", 20)
            ]
        );
        let co_admin = PermissionSet::of(role_template("co-admin").expect("template").permissions);
        assert!(co_admin.contains(MembersRemove) && co_admin.contains(ApiKeysView));
        assert!(!co_admin.contains(ApiKeysManage) && !co_admin.contains(BillingView));
        // The no-escalation example of R29: a Co-Admin lacks Billing's permissions.
        let billing = PermissionSet::of(role_template("Billing").expect("template").permissions);
        assert!(!co_admin.is_superset(billing));
    }
}
