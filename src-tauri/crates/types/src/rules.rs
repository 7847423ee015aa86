//! The hierarchy and no-escalation rules (R28, R29, R36), written once.
//!
//! The core runs these before every operation and turns a [`Refusal`] into a
//! `Forbidden` error; the UI runs the same functions to disable a control and shows the
//! refusal's words in its tooltip (R30). Nothing else in either crate compares levels.

use crate::permissions::{Permission, PermissionSet, RoleKind};
use std::fmt;

/// A role as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleRef<'a> {
    pub name: &'a str,
    pub kind: RoleKind,
    pub level: u8,
    pub permissions: PermissionSet,
}

impl RoleRef<'_> {
    fn describe(&self) -> String {
        format!("{} (level {})", self.name, self.level)
    }
}

/// The acting account inside one organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor<'a> {
    pub org_name: &'a str,
    pub is_owner: bool,
    pub role: RoleRef<'a>,
}

/// A member being acted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject<'a> {
    /// The member is the acting account itself.
    pub is_self: bool,
    pub is_owner: bool,
    /// How to call them in a message.
    pub name: &'a str,
    pub role: RoleRef<'a>,
}

/// Why the rules refuse an action; its `Display` is the message both the core's error
/// and the UI's tooltip show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// R29: nobody changes their own membership.
    OwnMembership,
    /// R28: nobody acts on the Owner.
    TheOwner { name: String, org: String },
    /// R28: the member's role is not below the actor's.
    MemberNotBelow {
        name: String,
        theirs: String,
        mine: String,
    },
    /// R28: the Owner role is transferred, never given.
    OwnerRoleNeverGiven,
    /// R29: the role's level is not below the actor's.
    RoleNotBelow {
        role: String,
        level: u8,
        mine: String,
    },
    /// R29: the role holds permissions the actor lacks.
    RoleHoldsMore {
        role: String,
        mine: String,
        missing: Vec<Permission>,
    },
    /// R27: system roles are read-only.
    SystemRole { role: String, deleting: bool },
    /// R29: nobody edits their own role.
    OwnRole,
    /// R36: another member's agent needs a level above theirs.
    AgentOwnerNotBelow { agent: String, owner: String },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::OwnMembership => {
                write!(f, "This is you: you cannot change your own membership.")
            }
            Refusal::TheOwner { name, org } => write!(
                f,
                "{name} is the Owner of {org}; nobody can change, deactivate or remove the Owner. \
                 The Owner can transfer ownership first."
            ),
            Refusal::MemberNotBelow { name, theirs, mine } => write!(
                f,
                "{name}'s role {theirs} is not below yours ({mine}); only a higher role can act on them."
            ),
            Refusal::OwnerRoleNeverGiven => write!(
                f,
                "The Owner role is never given; the Owner transfers ownership instead."
            ),
            Refusal::RoleNotBelow { role, level, mine } => write!(
                f,
                "{role} has level {level}, not below your role {mine}; you can only work with roles below your own."
            ),
            Refusal::RoleHoldsMore {
                role,
                mine,
                missing,
            } => {
                let list: Vec<String> = missing.iter().map(|p| p.describe()).collect();
                write!(
                    f,
                    "{role} holds permissions your role {mine} lacks: {}. Nobody can give more than they have.",
                    list.join(", ")
                )
            }
            Refusal::SystemRole { role, deleting } => write!(
                f,
                "{role} is a system role and cannot be {}.",
                if *deleting { "deleted" } else { "edited" }
            ),
            Refusal::OwnRole => write!(f, "This is your own role: nobody edits their own role."),
            Refusal::AgentOwnerNotBelow { agent, owner } => write!(
                f,
                "{agent} belongs to {owner}, whose role is not below yours; only a higher role can change it."
            ),
        }
    }
}

/// The outcome of a rule: allowed, or refused with the reason.
pub type Verdict = Result<(), Refusal>;

impl Actor<'_> {
    fn is_admin(&self) -> bool {
        self.role.kind == RoleKind::Admin
    }

    /// R28: the actor may act on `subject` — never themselves, never the Owner, and only
    /// below their own level; the Owner acts on anyone else, and Owner and Admin also on
    /// Admins.
    pub fn act_on(&self, subject: &Subject<'_>) -> Verdict {
        if subject.is_self {
            return Err(Refusal::OwnMembership);
        }
        if subject.is_owner {
            return Err(Refusal::TheOwner {
                name: subject.name.to_string(),
                org: self.org_name.to_string(),
            });
        }
        if self.is_owner
            || (self.is_admin() && subject.role.kind == RoleKind::Admin)
            || subject.role.level < self.role.level
        {
            return Ok(());
        }
        Err(Refusal::MemberNotBelow {
            name: subject.name.to_string(),
            theirs: subject.role.describe(),
            mine: self.role.describe(),
        })
    }

    /// R28, R29: the actor may give `role` — never Owner; the Owner any other, an Admin
    /// also Admin; everyone else only roles below their level and within their
    /// permissions.
    pub fn give(&self, role: &RoleRef<'_>) -> Verdict {
        if role.kind == RoleKind::Owner {
            return Err(Refusal::OwnerRoleNeverGiven);
        }
        if self.is_owner || (self.is_admin() && role.kind == RoleKind::Admin) {
            return Ok(());
        }
        self.within_own(role)
    }

    /// R29: a role with this level and these permissions is below the actor and within
    /// their permissions (giving a role, creating, editing or deleting one). The Owner
    /// always passes.
    pub fn within_own(&self, role: &RoleRef<'_>) -> Verdict {
        if self.is_owner {
            return Ok(());
        }
        if role.level >= self.role.level {
            return Err(Refusal::RoleNotBelow {
                role: role.name.to_string(),
                level: role.level,
                mine: self.role.describe(),
            });
        }
        let missing = role.permissions.missing_from(self.role.permissions);
        if missing.is_empty() {
            Ok(())
        } else {
            Err(Refusal::RoleHoldsMore {
                role: role.name.to_string(),
                mine: self.role.name.to_string(),
                missing,
            })
        }
    }

    /// R27, R29: the actor may edit `role` as it is now (`is_own`: it is the actor's own
    /// role). Where the edit leads is checked with [`Actor::within_own`] too.
    pub fn edit_role(&self, role: &RoleRef<'_>, is_own: bool) -> Verdict {
        if role.kind.is_system() {
            return Err(Refusal::SystemRole {
                role: role.name.to_string(),
                deleting: false,
            });
        }
        if is_own && !self.is_owner {
            return Err(Refusal::OwnRole);
        }
        self.within_own(role)
    }

    /// R27, R29: the actor may delete `role` (whether anyone holds it is the store's
    /// question, asked after this).
    pub fn delete_role(&self, role: &RoleRef<'_>) -> Verdict {
        if role.kind.is_system() {
            return Err(Refusal::SystemRole {
                role: role.name.to_string(),
                deleting: true,
            });
        }
        self.within_own(role)
    }

    /// R36: the actor (who holds Agents·manage) may edit, delete or transfer an agent
    /// owned by `owner`: their own, or another member's whose level is below theirs (an
    /// owner no longer in the organization has no level); the Owner any.
    pub fn change_agent(&self, agent: &str, owner: &Owner<'_>) -> Verdict {
        if owner.is_self || self.is_owner {
            return Ok(());
        }
        match owner.level {
            Some(level) if level >= self.role.level => Err(Refusal::AgentOwnerNotBelow {
                agent: agent.to_string(),
                owner: owner.name.to_string(),
            }),
            _ => Ok(()),
        }
    }
}

/// The owner of an agent, for [`Actor::change_agent`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner<'a> {
    pub is_self: bool,
    pub name: &'a str,
    /// Their role's level in the agent's organization, if they are still a member.
    pub level: Option<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::permissions::{ROLE_TEMPLATES, RoleDefinition, SYSTEM_ROLES};

    fn role(def: &RoleDefinition) -> RoleRef<'_> {
        RoleRef {
            name: def.name,
            kind: def.kind,
            level: def.level,
            permissions: PermissionSet::of(def.permissions),
        }
    }

    fn every_role() -> Vec<RoleRef<'static>> {
        SYSTEM_ROLES
            .iter()
            .chain(ROLE_TEMPLATES)
            .map(role)
            .collect()
    }

    fn find(name: &str) -> RoleRef<'static> {
        every_role()
            .into_iter()
            .find(|r| r.name == name)
            .expect("a system role or template")
    }

    fn actor(name: &str) -> Actor<'static> {
        let role = find(name);
        Actor {
            org_name: "Lee Company",
            is_owner: role.kind == RoleKind::Owner,
            role,
        }
    }

    fn subject(name: &str) -> Subject<'static> {
        let role = find(name);
        Subject {
            is_self: false,
            is_owner: role.kind == RoleKind::Owner,
            name: "Bob",
            role,
        }
    }

    const ROLES: &[&str] = &[
        "Owner",
        "Admin",
        "Co-Admin",
        "Manager",
        "Developer",
        "Billing",
        "Viewer",
        "Member",
    ];

    /// Acting on members (R28), row: actor; column: target, in `ROLES` order.
    const ACT_ON: &[(&str, &str)] = &[
        ("Owner", "-YYYYYYY"),
        ("Admin", "-YYYYYYY"),
        ("Co-Admin", "-nnYYYYY"),
        ("Manager", "-nnnYYYY"),
        ("Developer", "-nnnnYYY"),
        ("Billing", "-nnnnnYY"),
        ("Viewer", "-nnnnnnY"),
        ("Member", "-nnnnnnn"),
    ];

    /// Giving roles (R28, R29), same layout; '-': Owner or not below, 'n': holds more.
    /// So a Co-Admin cannot give Billing, and a Manager cannot give Developer (API
    /// keys·view).
    const GIVE: &[(&str, &str)] = &[
        ("Owner", "-YYYYYYY"),
        ("Admin", "-YYYYYYY"),
        ("Co-Admin", "---YYnYY"),
        ("Manager", "----nnYY"),
        ("Developer", "-----nYY"),
        ("Billing", "------nn"),
        ("Viewer", "-------n"),
        ("Member", "--------"),
    ];

    fn expected(table: &[(&str, &str)], actor: &str, target: usize) -> char {
        let (_, row) = table
            .iter()
            .find(|(a, _)| *a == actor)
            .expect("a row per role");
        row.chars().nth(target).expect("a column per role")
    }

    #[test]
    fn r28_every_actor_and_target_role_combination() {
        for a in ROLES {
            for (i, t) in ROLES.iter().enumerate() {
                let verdict = actor(a).act_on(&subject(t));
                match expected(ACT_ON, a, i) {
                    'Y' => assert_eq!(verdict, Ok(()), "{a} acting on {t}"),
                    '-' => assert!(
                        matches!(verdict, Err(Refusal::TheOwner { .. })),
                        "{a} acting on {t}: {verdict:?}"
                    ),
                    'n' => assert!(
                        matches!(verdict, Err(Refusal::MemberNotBelow { .. })),
                        "{a} acting on {t}: {verdict:?}"
                    ),
                    other => panic!("bad table cell {other}"),
                }
            }
        }
        // Nobody acts on themselves, whatever their role.
        for a in ROLES {
            let me = Subject {
                is_self: true,
                ..subject(a)
            };
            assert_eq!(actor(a).act_on(&me), Err(Refusal::OwnMembership), "{a}");
        }
    }

    #[test]
    fn r29_every_actor_and_given_role_combination() {
        for a in ROLES {
            for (i, t) in ROLES.iter().enumerate() {
                let verdict = actor(a).give(&find(t));
                match expected(GIVE, a, i) {
                    'Y' => assert_eq!(verdict, Ok(()), "{a} giving {t}"),
                    '-' => assert!(
                        matches!(
                            verdict,
                            Err(Refusal::OwnerRoleNeverGiven | Refusal::RoleNotBelow { .. })
                        ),
                        "{a} giving {t}: {verdict:?}"
                    ),
                    'n' => assert!(
                        matches!(verdict, Err(Refusal::RoleHoldsMore { .. })),
                        "{a} giving {t}: {verdict:?}"
                    ),
                    other => panic!("bad table cell {other}"),
                }
            }
        }
    }

    #[test]
    fn r29_creating_or_editing_a_role_follows_level_and_permissions() {
        let co_admin = actor("Co-Admin");
        let billing = find("Billing");
        let refused = co_admin.within_own(&billing);
        assert!(
            refused
                .as_ref()
                .is_err_and(|r| r.to_string().contains("lacks: Billing · View")),
            "{refused:?}"
        );
        let high = RoleRef {
            name: "Lead",
            kind: RoleKind::Custom,
            level: 70,
            permissions: PermissionSet::EMPTY,
        };
        let refused = co_admin.within_own(&high);
        assert!(refused.is_err_and(|r| r.to_string().contains("not below your role")));
        assert_eq!(actor("Owner").within_own(&high), Ok(()));
        // System roles are read-only; nobody but the Owner edits their own role.
        for name in ["Owner", "Admin", "Member"] {
            let sys = find(name);
            assert!(matches!(
                actor("Owner").edit_role(&sys, false),
                Err(Refusal::SystemRole {
                    deleting: false,
                    ..
                })
            ));
            assert!(matches!(
                actor("Owner").delete_role(&sys),
                Err(Refusal::SystemRole { deleting: true, .. })
            ));
        }
        let manager = find("Manager");
        assert_eq!(co_admin.edit_role(&manager, false), Ok(()));
        assert_eq!(
            actor("Manager").edit_role(&manager, true),
            Err(Refusal::OwnRole)
        );
    }

    #[test]
    fn r36_another_members_agent_needs_a_higher_level() {
        let dev = actor("Developer");
        let theirs = |level| Owner {
            is_self: false,
            name: "Ann Lee",
            level,
        };
        assert_eq!(dev.change_agent("Scout", &theirs(Some(20))), Ok(()));
        let refused = dev.change_agent("Scout", &theirs(Some(40)));
        assert!(refused.is_err_and(|r| {
            r.to_string()
                .contains("belongs to Ann Lee, whose role is not below yours")
        }));
        assert_eq!(dev.change_agent("Scout", &theirs(None)), Ok(()));
        let mine = Owner {
            is_self: true,
            name: "Dev",
            level: Some(40),
        };
        assert_eq!(dev.change_agent("Scout", &mine), Ok(()));
        assert_eq!(
            actor("Owner").change_agent("Scout", &theirs(Some(80))),
            Ok(())
        );
    }
}
