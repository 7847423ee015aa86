//! R26–R31: roles, the hierarchy, no escalation, checks in the core for the actor.

use crate::world::*;
use rolecall_types::ErrorKind;
use rolecall_types::ids::*;
use rolecall_types::model::*;
use rolecall_types::permissions::{Permission, PermissionSet, RoleKind};

fn invite(
    w: &World,
    actor: &Person,
    org: &OrgId,
    email: &str,
    role: Option<&RoleId>,
) -> rolecall_core::Result<Invitation> {
    w.core.invite(
        &actor.id,
        org,
        &NewMember {
            first_name: "New".into(),
            last_name: "Person".into(),
            email: email.into(),
            role_id: role.cloned(),
        },
    )
}

/// Ann owns an organization on the Business plan; returns (world, ann, org).
fn big_org() -> (World, Person, OrgId) {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let org = ann.company.clone();
    w.set_plan(&ann, &org, Plan::Business);
    (w, ann, org)
}

#[test]
fn r27_system_roles_are_read_only_templates_editable_custom_roles_validated() {
    let (w, ann, org) = big_org();
    let roles = w.core.list_roles(&ann.id, &org).expect("roles");
    let kinds: Vec<(String, RoleKind, u8)> = roles
        .iter()
        .map(|r| (r.name.clone(), r.kind, r.level))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("Owner".into(), RoleKind::Owner, 100),
            ("Admin".into(), RoleKind::Admin, 80),
            ("Member".into(), RoleKind::Member, 10)
        ]
    );
    let admin = &roles[1];
    let input = RoleInput {
        name: "Admin+".into(),
        level: 80,
        permissions: PermissionSet::all(),
    };
    assert_err(
        w.core.update_role(&ann.id, &org, &admin.id, &input),
        ErrorKind::Forbidden,
        "system role",
    );
    assert_err(
        w.core.delete_role(&ann.id, &org, &admin.id),
        ErrorKind::Forbidden,
        "system role",
    );
    let viewer = w.template(&ann, &org, "Viewer");
    assert_err(
        w.core.add_role_template(&ann.id, &org, "viewer"),
        ErrorKind::Conflict,
        "already has a role called Viewer",
    );
    let edited = w
        .core
        .update_role(
            &ann.id,
            &org,
            &viewer,
            &RoleInput {
                name: "Auditor".into(),
                level: 25,
                permissions: PermissionSet::of(&[
                    Permission::OrganizationView,
                    Permission::AuditView,
                ]),
            },
        )
        .expect("edit template");
    assert_eq!((edited.name.as_str(), edited.level), ("Auditor", 25));
    for (name, level, needle) in [
        ("", 5, "required"),
        (&"r".repeat(41) as &str, 5, "at most 40"),
        ("Ok", 0, "1 to 99"),
        ("Ok", 100, "1 to 99"),
    ] {
        let input = RoleInput {
            name: name.into(),
            level,
            permissions: PermissionSet::EMPTY,
        };
        assert_err(
            w.core.create_role(&ann.id, &org, &input),
            ErrorKind::Invalid,
            needle,
        );
    }
    assert_err(
        w.core.create_role(
            &ann.id,
            &org,
            &RoleInput {
                name: "auditor".into(),
                level: 5,
                permissions: PermissionSet::EMPTY,
            },
        ),
        ErrorKind::Conflict,
        "already has a role",
    );
}

#[test]
fn r27_a_role_held_by_anyone_cannot_be_deleted_and_says_how_many() {
    let (w, ann, org) = big_org();
    let viewer = w.template(&ann, &org, "Viewer");
    let bob = w.register("Bob", "Ray");
    let cy = w.register("Cy", "Dee");
    w.join(&ann, &org, &bob, Some(&viewer));
    w.join(&ann, &org, &cy, Some(&viewer));
    assert_err(
        w.core.delete_role(&ann.id, &org, &viewer),
        ErrorKind::Conflict,
        "held by 2 holders",
    );
    let member = w.role_id(&ann, &org, "Member");
    for p in [&bob, &cy] {
        let m = w.membership(&ann, &org, p).membership_id;
        w.core
            .change_role(&ann.id, &org, &m, &member)
            .expect("change");
    }
    w.core
        .delete_role(&ann.id, &org, &viewer)
        .expect("delete unheld role");
}

#[test]
fn r28_member_cannot_invite() {
    let (w, ann, org) = big_org();
    let bob = w.register("Bob", "Ray");
    w.join(&ann, &org, &bob, None);
    assert_err(
        invite(&w, &bob, &org, "x@example.com", None),
        ErrorKind::Forbidden,
        "Members · Invite",
    );
}

#[test]
fn r28_admin_cannot_touch_the_owner_but_manages_other_admins() {
    let (w, ann, org) = big_org();
    let admin = w.role_id(&ann, &org, "Admin");
    let bob = w.register("Bob", "Ray");
    let cy = w.register("Cy", "Dee");
    w.join(&ann, &org, &bob, Some(&admin));
    let cy_m = w.join(&ann, &org, &cy, Some(&admin));
    let owner_m = w.membership(&ann, &org, &ann).membership_id;
    let member = w.role_id(&ann, &org, "Member");
    assert_err(
        w.core.change_role(&bob.id, &org, &owner_m, &member),
        ErrorKind::Forbidden,
        "Owner",
    );
    assert_err(
        w.core.remove_member(&bob.id, &org, &owner_m),
        ErrorKind::Forbidden,
        "Owner",
    );
    w.core
        .change_role(&bob.id, &org, &cy_m, &member)
        .expect("admin demotes another admin");
    w.core
        .change_role(&bob.id, &org, &cy_m, &admin)
        .expect("admin gives the Admin role");
}

#[test]
fn r28_co_admin_can_assign_manager_but_not_admin() {
    let (w, ann, org) = big_org();
    let co_admin = w.template(&ann, &org, "Co-Admin");
    let manager = w.template(&ann, &org, "Manager");
    let admin = w.role_id(&ann, &org, "Admin");
    let bob = w.register("Bob", "Ray");
    let cy = w.register("Cy", "Dee");
    w.join(&ann, &org, &bob, Some(&co_admin));
    let cy_m = w.join(&ann, &org, &cy, None);
    w.core
        .change_role(&bob.id, &org, &cy_m, &manager)
        .expect("co-admin gives Manager");
    assert_err(
        w.core.change_role(&bob.id, &org, &cy_m, &admin),
        ErrorKind::Forbidden,
        "not below your role",
    );
    assert_err(
        w.core.change_role(&bob.id, &org, &cy_m, &co_admin),
        ErrorKind::Forbidden,
        "not below your role",
    );
}

#[test]
fn r28_manager_invites_only_with_the_default_role() {
    let (w, ann, org) = big_org();
    let manager = w.template(&ann, &org, "Manager");
    let viewer = w.template(&ann, &org, "Viewer");
    let bob = w.register("Bob", "Ray");
    w.join(&ann, &org, &bob, Some(&manager));
    let inv = invite(&w, &bob, &org, "x@example.com", None).expect("default role invite");
    assert_eq!(inv.role_name, "Member");
    assert_err(
        invite(&w, &bob, &org, "y@example.com", Some(&viewer)),
        ErrorKind::Forbidden,
        "default role (Member) only",
    );
}

#[test]
fn r29_no_escalation_through_custom_roles() {
    let (w, ann, org) = big_org();
    let co_admin = w.template(&ann, &org, "Co-Admin");
    let billing = w.template(&ann, &org, "Billing");
    let bob = w.register("Bob", "Ray");
    let cy = w.register("Cy", "Dee");
    w.join(&ann, &org, &bob, Some(&co_admin));
    let cy_m = w.join(&ann, &org, &cy, None);
    // Co-Admin cannot give Billing: it holds permissions Co-Admin lacks.
    assert_err(
        w.core.change_role(&bob.id, &org, &cy_m, &billing),
        ErrorKind::Forbidden,
        "Billing · View",
    );
    // Give Co-Admin Roles·manage so the custom-role paths are reachable.
    let mut perms = PermissionSet::of(
        rolecall_types::permissions::role_template("Co-Admin")
            .expect("t")
            .permissions,
    );
    perms.insert(Permission::RolesManage);
    w.core
        .update_role(
            &ann.id,
            &org,
            &co_admin,
            &RoleInput {
                name: "Co-Admin".into(),
                level: 70,
                permissions: perms,
            },
        )
        .expect("owner edits");
    let sneaky = RoleInput {
        name: "Sneaky".into(),
        level: 60,
        permissions: PermissionSet::of(&[Permission::BillingManage]),
    };
    assert_err(
        w.core.create_role(&bob.id, &org, &sneaky),
        ErrorKind::Forbidden,
        "lacks",
    );
    let high = RoleInput {
        name: "High".into(),
        level: 70,
        permissions: PermissionSet::EMPTY,
    };
    assert_err(
        w.core.create_role(&bob.id, &org, &high),
        ErrorKind::Forbidden,
        "not below your role",
    );
    let fine = w
        .core
        .create_role(
            &bob.id,
            &org,
            &RoleInput {
                name: "Helper".into(),
                level: 30,
                permissions: PermissionSet::of(&[Permission::MembersView]),
            },
        )
        .expect("allowed custom role");
    // Nor can the Co-Admin edit a role into something they could not create.
    let grow = RoleInput {
        name: "Helper".into(),
        level: 30,
        permissions: PermissionSet::of(&[Permission::DataExport]),
    };
    assert_err(
        w.core.update_role(&bob.id, &org, &fine.id, &grow),
        ErrorKind::Forbidden,
        "Data · Export",
    );
    // Nobody changes their own role, nor edits it.
    let bob_m = w.membership(&ann, &org, &bob).membership_id;
    assert_err(
        w.core.change_role(&bob.id, &org, &bob_m, &fine.id),
        ErrorKind::Forbidden,
        "your own membership",
    );
    assert_err(
        w.core.update_role(
            &bob.id,
            &org,
            &co_admin,
            &RoleInput {
                name: "Co-Admin".into(),
                level: 69,
                permissions: perms,
            },
        ),
        ErrorKind::Forbidden,
        "own role",
    );
}

#[test]
fn r30_the_core_refuses_for_the_actor_whatever_the_ui_shows() {
    let (w, ann, org) = big_org();
    let bob = w.register("Bob", "Ray");
    let cy = w.register("Cy", "Dee");
    w.join(&ann, &org, &bob, None);
    let cy_m = w.join(&ann, &org, &cy, None);
    let admin = w.role_id(&ann, &org, "Admin");
    let eve = w.register("Eve", "Out");
    let before = w.count("audit_log", "1");
    assert_err(
        w.core.change_role(&bob.id, &org, &cy_m, &admin),
        ErrorKind::Forbidden,
        "Change roles",
    );
    assert_err(
        w.core
            .set_member_status(&bob.id, &org, &cy_m, MemberStatus::Deactivated),
        ErrorKind::Forbidden,
        "Deactivate",
    );
    assert_err(
        w.core.remove_member(&bob.id, &org, &cy_m),
        ErrorKind::Forbidden,
        "Remove",
    );
    assert_err(
        w.core
            .top_up(&bob.id, &Context::Organization(org.clone()), 10),
        ErrorKind::Forbidden,
        "Billing · Manage",
    );
    assert_err(
        w.core.audit_log(
            &bob.id,
            &org,
            &AuditQuery {
                limit: 10,
                ..AuditQuery::default()
            },
        ),
        ErrorKind::Forbidden,
        "Audit log · View",
    );
    assert_err(
        w.core.create_workspace(&bob.id, &org, "Mine"),
        ErrorKind::Forbidden,
        "Workspaces · Manage",
    );
    assert_err(
        w.core.add_role_template(&bob.id, &org, "Viewer"),
        ErrorKind::Forbidden,
        "Roles · Manage",
    );
    // An outsider sees nothing.
    assert_err(
        w.core.list_members(&eve.id, &org, &MemberQuery::default()),
        ErrorKind::Forbidden,
        "not a member",
    );
    assert_eq!(w.count("audit_log", "1"), before, "refusals write nothing");
}

#[test]
fn r31_effective_permissions_of_the_owner_are_everything() {
    let (w, ann, org) = big_org();
    let m = w.membership(&ann, &org, &ann).membership_id;
    let detail = w.core.member_detail(&ann.id, &org, &m).expect("detail");
    assert_eq!(detail.organization_permissions, PermissionSet::all());
    assert!(!detail.login_history.is_empty());
    assert!(
        detail
            .recent_activity
            .iter()
            .any(|e| e.action == "billing.plan_changed")
    );
}
