//! Invariants under random sequences of operations by random actors, valid and invalid
//! (R18, R22, R32, R42): after every step there is exactly one Owner per organization,
//! every balance equals its ledger and is never negative, seats stay within the plan,
//! a refused operation left every table unchanged, an accepted change wrote its
//! audit entry, and every accepted operation was one its actor was allowed (R28–R30:
//! an oracle reads the actor's standing from the database before the operation and
//! checks the permission, Owner-only and "nobody acts on the Owner" rules on its own). At the end SQLite's own integrity and foreign-key checks are clean.
//!
//! `ROLECALL_PROPTEST_CASES` (default 1) and `ROLECALL_PROPTEST_OPS` (default 10,000)
//! scale the run.

use crate::world::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use rolecall_types::ids::*;
use rolecall_types::model::*;
use rolecall_types::permissions::{ALL_PERMISSIONS, Permission, PermissionSet, ROLE_TEMPLATES};
use rusqlite::Connection;
use rusqlite::types::FromSql;

const PEOPLE: usize = 6;
const EMAILS: usize = 10;

#[derive(Debug, Clone)]
enum Op {
    CreateOrg {
        actor: usize,
    },
    Invite {
        actor: usize,
        org: usize,
        email: usize,
        role: Option<usize>,
    },
    Accept {
        actor: usize,
        pick: usize,
    },
    AddMember {
        actor: usize,
        org: usize,
        email: usize,
    },
    ChangeRole {
        actor: usize,
        org: usize,
        member: usize,
        role: usize,
    },
    SetStatus {
        actor: usize,
        org: usize,
        member: usize,
        active: bool,
    },
    Remove {
        actor: usize,
        org: usize,
        member: usize,
    },
    Leave {
        actor: usize,
        org: usize,
    },
    Transfer {
        actor: usize,
        org: usize,
        member: usize,
    },
    Revoke {
        actor: usize,
        org: usize,
        pick: usize,
    },
    TopUp {
        actor: usize,
        org: usize,
        amount: i64,
    },
    Charge {
        actor: usize,
        org: usize,
        amount: i64,
    },
    ChangePlan {
        actor: usize,
        org: usize,
        plan: usize,
    },
    AddTemplate {
        actor: usize,
        org: usize,
        template: usize,
    },
    CustomRole {
        actor: usize,
        org: usize,
        level: i64,
        perms: u32,
    },
    DeleteRole {
        actor: usize,
        org: usize,
        role: usize,
    },
    CreateWorkspace {
        actor: usize,
        org: usize,
        name: usize,
    },
    DeleteWorkspace {
        actor: usize,
        org: usize,
        pick: usize,
    },
    CreateAgent {
        actor: usize,
        org: usize,
    },
    DeleteAgent {
        actor: usize,
        org: usize,
        pick: usize,
    },
    GrantWorkspaceRole {
        actor: usize,
        org: usize,
        pick: usize,
        member: usize,
        role: usize,
    },
    DeleteOrg {
        actor: usize,
        org: usize,
        typo: bool,
    },
    Advance {
        hours: u16,
    },
    /// R46–R49: a Google Workspace file naming some of the e-mails, some suspended,
    /// some in an org unit named like the Admin role.
    Import {
        actor: usize,
        org: usize,
        who: u16,
        suspended: u16,
        admins: u16,
        absent: usize,
        skip: bool,
    },
    /// R53: a review campaign of one organization.
    StartReview {
        actor: usize,
        org: usize,
    },
    /// R53: a decision (4: none, clearing it) for the people `who` picks.
    Decide {
        actor: usize,
        pick: usize,
        decision: usize,
        who: u16,
    },
    /// R54.
    SignOff {
        actor: usize,
        pick: usize,
    },
    /// R54, R55.
    ApplyReview {
        actor: usize,
        pick: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let a = 0..PEOPLE;
    let i = 0..64usize;
    prop_oneof![
        1 => a.clone().prop_map(|actor| Op::CreateOrg { actor }),
        8 => (a.clone(), i.clone(), 0..EMAILS, proptest::option::of(i.clone()))
            .prop_map(|(actor, org, email, role)| Op::Invite { actor, org, email, role }),
        6 => (a.clone(), i.clone()).prop_map(|(actor, pick)| Op::Accept { actor, pick }),
        3 => (a.clone(), i.clone(), 0..EMAILS).prop_map(|(actor, org, email)| Op::AddMember { actor, org, email }),
        6 => (a.clone(), i.clone(), i.clone(), i.clone()).prop_map(|(actor, org, member, role)| Op::ChangeRole { actor, org, member, role }),
        4 => (a.clone(), i.clone(), i.clone(), any::<bool>()).prop_map(|(actor, org, member, active)| Op::SetStatus { actor, org, member, active }),
        2 => (a.clone(), i.clone(), i.clone()).prop_map(|(actor, org, member)| Op::Remove { actor, org, member }),
        2 => (a.clone(), i.clone()).prop_map(|(actor, org)| Op::Leave { actor, org }),
        2 => (a.clone(), i.clone(), i.clone()).prop_map(|(actor, org, member)| Op::Transfer { actor, org, member }),
        2 => (a.clone(), i.clone(), i.clone()).prop_map(|(actor, org, pick)| Op::Revoke { actor, org, pick }),
        4 => (a.clone(), i.clone(), -1_000i64..2_000_000).prop_map(|(actor, org, amount)| Op::TopUp { actor, org, amount }),
        4 => (a.clone(), i.clone(), -10i64..3_000_000).prop_map(|(actor, org, amount)| Op::Charge { actor, org, amount }),
        3 => (a.clone(), i.clone(), 0..4usize).prop_map(|(actor, org, plan)| Op::ChangePlan { actor, org, plan }),
        3 => (a.clone(), i.clone(), 0..ROLE_TEMPLATES.len()).prop_map(|(actor, org, template)| Op::AddTemplate { actor, org, template }),
        2 => (a.clone(), i.clone(), -5i64..105, any::<u32>()).prop_map(|(actor, org, level, perms)| Op::CustomRole { actor, org, level, perms }),
        2 => (a.clone(), i.clone(), i.clone()).prop_map(|(actor, org, role)| Op::DeleteRole { actor, org, role }),
        2 => (a.clone(), i.clone(), 0..4usize).prop_map(|(actor, org, name)| Op::CreateWorkspace { actor, org, name }),
        1 => (a.clone(), i.clone(), i.clone()).prop_map(|(actor, org, pick)| Op::DeleteWorkspace { actor, org, pick }),
        3 => (a.clone(), i.clone()).prop_map(|(actor, org)| Op::CreateAgent { actor, org }),
        1 => (a.clone(), i.clone(), i.clone()).prop_map(|(actor, org, pick)| Op::DeleteAgent { actor, org, pick }),
        2 => (a.clone(), i.clone(), i.clone(), i.clone(), i.clone())
            .prop_map(|(actor, org, pick, member, role)| Op::GrantWorkspaceRole { actor, org, pick, member, role }),
        1 => (a.clone(), i.clone(), any::<bool>()).prop_map(|(actor, org, typo)| Op::DeleteOrg { actor, org, typo }),
        2 => (0u16..200).prop_map(|hours| Op::Advance { hours }),
        2 => (a.clone(), i.clone(), any::<u16>(), any::<u16>(), any::<u16>(), 0..3usize, any::<bool>())
            .prop_map(|(actor, org, who, suspended, admins, absent, skip)| Op::Import { actor, org, who, suspended, admins, absent, skip }),
        1 => (a.clone(), i.clone()).prop_map(|(actor, org)| Op::StartReview { actor, org }),
        4 => (a.clone(), i.clone(), 0..5usize, any::<u16>())
            .prop_map(|(actor, pick, decision, who)| Op::Decide { actor, pick, decision, who }),
        1 => (a.clone(), i.clone()).prop_map(|(actor, pick)| Op::SignOff { actor, pick }),
        1 => (a.clone(), i.clone()).prop_map(|(actor, pick)| Op::ApplyReview { actor, pick }),
    ]
}

fn ids<T: FromSql>(conn: &Connection, sql: &str, arg: &str) -> Vec<T> {
    let mut stmt = conn.prepare_cached(sql).expect("prepare");
    stmt.query_map([arg], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

fn pick<T: Clone + From<&'static str>>(list: &[T], index: usize) -> T {
    if list.is_empty() {
        T::from("00000000-0000-7000-8000-000000000000")
    } else {
        list[index % list.len()].clone()
    }
}

/// Everything in the database, cheaply: full contents of the small tables, and
/// count/max/sums of the append-only ones (ledger rows and audit entries are never
/// updated, only added or deleted with their organization).
fn fingerprint(conn: &Connection) -> String {
    let mut out = String::new();
    for (table, order) in [
        ("accounts", "id"),
        ("organizations", "id"),
        ("roles", "id"),
        ("memberships", "id"),
        ("invitations", "id"),
        ("workspaces", "id"),
        ("workspace_roles", "workspace_id, membership_id"),
        ("agents", "id"),
        ("login_history", "id"),
        ("imports", "id"),
        ("member_sources", "membership_id"),
        ("snapshots", "id"),
        ("campaigns", "id"),
        ("campaign_orgs", "campaign_id, org_id"),
        ("campaign_items", "campaign_id, num"),
        ("member_counts", "org_id, status, role_id"),
    ] {
        let mut stmt = conn
            .prepare_cached(&format!("SELECT * FROM {table} ORDER BY {order}"))
            .expect("prepare");
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).expect("query");
        while let Some(row) = rows.next().expect("row") {
            for c in 0..columns {
                let v: rusqlite::types::Value = row.get(c).expect("value");
                out.push_str(&format!("{v:?}|"));
            }
            out.push('\n');
        }
    }
    for sql in [
        "SELECT count(*), COALESCE(max(id), 0), COALESCE(sum(id), 0), COALESCE(sum(amount), 0) FROM ledger",
        "SELECT count(*), COALESCE(max(id), 0), COALESCE(sum(id), 0),
                COALESCE(sum(length(details) + length(actor_name) + length(target_name)), 0) FROM audit_log",
    ] {
        let v: (i64, i64, i64, i64) =
            conn.query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).expect("summary");
        out.push_str(&format!("{v:?}\n"));
    }
    out
}

fn max_audit_id(conn: &Connection) -> i64 {
    conn.query_row("SELECT COALESCE(max(id), 0) FROM audit_log", [], |r| {
        r.get(0)
    })
    .expect("max id")
}

/// The actor's standing in an organization, read straight from the tables.
struct Standing {
    owner: bool,
    active: bool,
    permissions: PermissionSet,
    /// Workspace roles' permissions, joined.
    workspace_permissions: PermissionSet,
}

impl Standing {
    fn can(&self, p: Permission) -> bool {
        self.active && (self.owner || self.permissions.contains(p))
    }
}

fn standing(conn: &Connection, org: &str, account: &str) -> Option<Standing> {
    let row: Option<(bool, String, String, String)> = conn
        .query_row(
            "SELECT m.is_owner, m.status, r.permissions, m.id FROM memberships m JOIN roles r ON r.id = m.role_id
             WHERE m.org_id = ?1 AND m.account_id = ?2",
            [org, account],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .ok();
    let (owner, status, codes, membership) = row?;
    let mut workspace_permissions = PermissionSet::default();
    for codes in ids::<String>(
        conn,
        "SELECT r.permissions FROM workspace_roles g JOIN roles r ON r.id = g.role_id WHERE g.membership_id = ?1",
        &membership,
    ) {
        let set = PermissionSet::from_codes(&codes).unwrap_or_default();
        for p in ALL_PERMISSIONS {
            if set.contains(*p) {
                workspace_permissions.insert(*p);
            }
        }
    }
    Some(Standing {
        owner,
        active: status == "active",
        permissions: PermissionSet::from_codes(&codes).unwrap_or_default(),
        workspace_permissions,
    })
}

/// Whether `op` may be accepted for its actor, from the database as it is before the
/// operation: the permission it needs, the Owner's own actions, and the Owner (and
/// one's own role) out of everyone's reach. `Err` says what the actor lacked.
fn allowed(w: &World, people: &[Person], op: &Op) -> Result<(), String> {
    let conn = w.core.store().conn();
    let orgs: Vec<OrgId> = ids(
        &conn,
        "SELECT id FROM organizations WHERE ?1 = ?1 ORDER BY created_at, id",
        "",
    );
    let member_at = |org: &OrgId, i: usize| -> Option<(String, bool)> {
        let list: Vec<MembershipId> = ids(
            &conn,
            "SELECT id FROM memberships WHERE org_id = ?1 ORDER BY id",
            org,
        );
        if list.is_empty() {
            return None;
        }
        conn.query_row(
            "SELECT account_id, is_owner FROM memberships WHERE id = ?1",
            [&list[i % list.len()]],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ok()
    };
    let need = |actor: usize, org: &OrgId, p: Permission| -> Result<Standing, String> {
        let s = standing(&conn, org, &people[actor].id)
            .ok_or_else(|| format!("{} is not a member", people[actor].name))?;
        if s.can(p) {
            Ok(s)
        } else {
            Err(format!(
                "{} lacks {p:?} (or is deactivated)",
                people[actor].name
            ))
        }
    };
    let owner = |actor: usize, org: &OrgId| -> Result<(), String> {
        match standing(&conn, org, &people[actor].id) {
            Some(s) if s.owner => Ok(()),
            _ => Err(format!("{} is not the Owner", people[actor].name)),
        }
    };
    let on_member = |actor: usize, org: &OrgId, member: usize| -> Result<(), String> {
        match member_at(org, member) {
            Some((_, true)) => Err("the target is the Owner".into()),
            Some((account, _)) if account == people[actor].id.as_str() => {
                Err("the target is the actor".into())
            }
            _ => Ok(()),
        }
    };
    // Billing and agents act in the personal context when the index says so (run_more).
    let personal = |org: usize| org.is_multiple_of(5);
    match op.clone() {
        Op::CreateOrg { .. } | Op::Accept { .. } | Op::Advance { .. } => Ok(()),
        Op::Invite { actor, org, .. }
        | Op::AddMember { actor, org, .. }
        | Op::Import { actor, org, .. }
        | Op::Revoke { actor, org, .. } => {
            need(actor, &pick(&orgs, org), Permission::MembersInvite).map(|_| ())
        }
        Op::ChangeRole {
            actor, org, member, ..
        } => {
            let org = pick(&orgs, org);
            need(actor, &org, Permission::MembersChangeRoles)?;
            on_member(actor, &org, member)
        }
        Op::SetStatus {
            actor, org, member, ..
        } => {
            let org = pick(&orgs, org);
            need(actor, &org, Permission::MembersDeactivate)?;
            on_member(actor, &org, member)
        }
        Op::Remove { actor, org, member } => {
            let org = pick(&orgs, org);
            need(actor, &org, Permission::MembersRemove)?;
            on_member(actor, &org, member)
        }
        Op::Leave { actor, org } => match standing(&conn, &pick(&orgs, org), &people[actor].id) {
            Some(s) if !s.owner => Ok(()),
            Some(_) => Err("the Owner cannot leave".into()),
            None => Err("not a member".into()),
        },
        Op::Transfer { actor, org, .. } | Op::DeleteOrg { actor, org, .. } => {
            owner(actor, &pick(&orgs, org))
        }
        Op::TopUp { actor, org, .. }
        | Op::Charge { actor, org, .. }
        | Op::ChangePlan { actor, org, .. } => {
            if personal(org) {
                Ok(())
            } else {
                need(actor, &pick(&orgs, org), Permission::BillingManage).map(|_| ())
            }
        }
        Op::AddTemplate { actor, org, .. }
        | Op::CustomRole { actor, org, .. }
        | Op::DeleteRole { actor, org, .. } => {
            need(actor, &pick(&orgs, org), Permission::RolesManage).map(|_| ())
        }
        Op::CreateWorkspace { actor, org, .. } | Op::DeleteWorkspace { actor, org, .. } => {
            need(actor, &pick(&orgs, org), Permission::WorkspacesManage).map(|_| ())
        }
        Op::CreateAgent { org, .. } if personal(org) => Ok(()),
        Op::CreateAgent { actor, org } | Op::DeleteAgent { actor, org, .. } => {
            let s = standing(&conn, &pick(&orgs, org), &people[actor].id)
                .ok_or_else(|| format!("{} is not a member", people[actor].name))?;
            if s.can(Permission::AgentsManage)
                || (s.active && s.workspace_permissions.contains(Permission::AgentsManage))
            {
                Ok(())
            } else {
                Err(format!("{} lacks AgentsManage", people[actor].name))
            }
        }
        Op::GrantWorkspaceRole { actor, org, .. } => {
            need(actor, &pick(&orgs, org), Permission::MembersChangeRoles).map(|_| ())
        }
        Op::StartReview { actor, org } => {
            let org = pick(&orgs, org);
            need(actor, &org, Permission::ReviewRun)?;
            need(actor, &org, Permission::MembersView).map(|_| ())
        }
        Op::Decide {
            actor, pick: at, ..
        }
        | Op::SignOff { actor, pick: at }
        | Op::ApplyReview { actor, pick: at } => {
            let campaigns: Vec<CampaignId> = ids(
                &conn,
                "SELECT id FROM campaigns WHERE ?1 = ?1 ORDER BY as_of, id",
                "",
            );
            let campaign = pick(&campaigns, at);
            let in_orgs: Vec<OrgId> = ids(
                &conn,
                "SELECT org_id FROM campaign_orgs WHERE campaign_id = ?1",
                &campaign,
            );
            for org in &in_orgs {
                need(actor, org, Permission::ReviewRun)?;
                need(actor, org, Permission::MembersView)?;
            }
            Ok(())
        }
    }
}

/// Each campaign past its sign-off: (id, what the sign-off froze, and once applied,
/// everything including each decision's outcome).
fn signed_off_campaigns(conn: &Connection) -> Vec<(String, String, Option<String>)> {
    let dump = |sql: &str, id: &str| -> String {
        let mut stmt = conn.prepare_cached(sql).expect("prepare");
        let columns = stmt.column_count();
        let mut rows = stmt.query([id]).expect("query");
        let mut out = String::new();
        while let Some(row) = rows.next().expect("row") {
            for c in 0..columns {
                let v: rusqlite::types::Value = row.get(c).expect("value");
                out.push_str(&format!("{v:?}|"));
            }
            out.push('\n');
        }
        out
    };
    let done: Vec<(String, String)> = {
        let mut stmt = conn
            .prepare("SELECT id, state FROM campaigns WHERE state <> 'open' ORDER BY id")
            .expect("campaigns");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("campaigns")
            .collect::<rusqlite::Result<_>>()
            .expect("campaigns")
    };
    done.into_iter()
        .map(|(id, state)| {
            let frozen = [
                dump("SELECT id, name, as_of, started_by, started_by_name, signed_by, signed_by_name, signed_at, statement FROM campaigns WHERE id = ?1", &id),
                dump("SELECT * FROM campaign_orgs WHERE campaign_id = ?1 ORDER BY org_id", &id),
                dump("SELECT num, org_id, org_name, membership_id, account_id, email, name, sort_name, role, owner, active, last_sign_in,
                             two_factor, findings, decision, role_id, role_name, reviewer_id, reviewer_name, decided_at, comment
                      FROM campaign_items WHERE campaign_id = ?1 ORDER BY num", &id),
            ]
            .concat();
            let applied = (state == "applied").then(|| {
                [
                    dump("SELECT * FROM campaigns WHERE id = ?1", &id),
                    dump("SELECT * FROM campaign_items WHERE campaign_id = ?1 ORDER BY num", &id),
                ]
                .concat()
            });
            (id, frozen, applied)
        })
        .collect()
}

fn check_invariants(w: &World, people: &[Person], step: usize, op: &Op) {
    let conn = w.core.store().conn();
    let bad_owner: Vec<String> = ids(
        &conn,
        "SELECT o.id FROM organizations o WHERE ?1 = ?1 AND
            (SELECT count(*) FROM memberships m WHERE m.org_id = o.id AND m.is_owner = 1) <> 1",
        "",
    );
    assert!(
        bad_owner.is_empty(),
        "step {step} ({op:?}): organizations without exactly one Owner: {bad_owner:?}"
    );
    let negative: i64 = conn
        .query_row(
            "SELECT count(*) FROM (SELECT COALESCE(org_id, account_id) c, sum(amount) s FROM ledger GROUP BY c HAVING s < 0)",
            [],
            |r| r.get(0),
        )
        .expect("balances");
    assert_eq!(negative, 0, "step {step} ({op:?}): a balance went negative");
    let over: i64 = conn
        .query_row(
            "SELECT count(*) FROM organizations o WHERE o.plan <> 'enterprise' AND
               (SELECT count(*) FROM memberships m WHERE m.org_id = o.id)
             + (SELECT count(*) FROM invitations i WHERE i.org_id = o.id AND i.status = 'pending' AND i.expires_at > ?1)
             > CASE o.plan WHEN 'free' THEN 3 WHEN 'team' THEN 25 ELSE 250 END",
            [w.core.now()],
            |r| r.get(0),
        )
        .expect("seats");
    // The kept member counts are the true counts.
    let drift: i64 = conn
        .query_row(
            "SELECT count(*) FROM (
                 SELECT * FROM (SELECT org_id, status, role_id, count(*) FROM memberships GROUP BY 1, 2, 3
                                EXCEPT SELECT org_id, status, role_id, n FROM member_counts)
                 UNION ALL
                 SELECT * FROM (SELECT org_id, status, role_id, n FROM member_counts
                                EXCEPT SELECT org_id, status, role_id, count(*) FROM memberships GROUP BY 1, 2, 3))",
            [],
            |r| r.get(0),
        )
        .expect("member counts");
    assert_eq!(
        drift, 0,
        "step {step} ({op:?}): the kept member counts drifted"
    );
    // Expiry can only lower the count, so a plan never ends up over its seats.
    assert_eq!(
        over, 0,
        "step {step} ({op:?}): an organization is over its seats"
    );
    drop(conn);
    // The balance the API reports is the ledger sum, for every context an owner sees.
    if step.is_multiple_of(50) {
        for p in people {
            let summary = w
                .core
                .billing_summary(&p.id, &Context::Personal)
                .expect("personal billing");
            let conn = w.core.store().conn();
            let sum: i64 = conn
                .query_row(
                    "SELECT COALESCE(sum(amount), 0) FROM ledger WHERE account_id = ?1",
                    [&p.id],
                    |r| r.get(0),
                )
                .expect("sum");
            assert_eq!(summary.balance, sum);
        }
    }
}

fn run(w: &World, people: &[Person], op: &Op) -> rolecall_core::Result<()> {
    let conn = w.core.store().conn();
    let orgs: Vec<OrgId> = ids(
        &conn,
        "SELECT id FROM organizations WHERE ?1 = ?1 ORDER BY created_at, id",
        "",
    );
    let org_at = |i: usize| pick(&orgs, i);
    let members = |org: &OrgId| -> Vec<MembershipId> {
        ids(
            &conn,
            "SELECT id FROM memberships WHERE org_id = ?1 ORDER BY id",
            org,
        )
    };
    let roles = |org: &OrgId| -> Vec<RoleId> {
        ids(
            &conn,
            "SELECT id FROM roles WHERE org_id = ?1 ORDER BY level, id",
            org,
        )
    };
    let invitations = |org: &OrgId| -> Vec<InvitationId> {
        ids(
            &conn,
            "SELECT id FROM invitations WHERE org_id = ?1 ORDER BY id",
            org,
        )
    };
    let email = |i: usize| {
        if i < PEOPLE {
            people[i].email.clone()
        } else {
            format!("guest{i}@example.com")
        }
    };
    let c = &w.core;
    // Resolve every index before calling the core, which takes the connection itself.
    match op.clone() {
        Op::CreateOrg { actor } => {
            let id = people[actor].id.clone();
            let name = format!("Org {}", orgs.len());
            drop(conn);
            c.create_organization(
                &id,
                &CreateOrganization {
                    name,
                    slug: String::new(),
                },
            )
            .map(|_| ())
        }
        Op::Invite {
            actor,
            org,
            email: e,
            role,
        } => {
            let org = org_at(org);
            let role = role.map(|r| pick(&roles(&org), r));
            let (actor, email) = (people[actor].id.clone(), email(e));
            drop(conn);
            let req = NewMember {
                first_name: "Guest".into(),
                last_name: "Person".into(),
                email,
                role_id: role,
            };
            c.invite(&actor, &org, &req).map(|_| ())
        }
        Op::Accept { actor, pick: p } => {
            let mine: Vec<InvitationId> = ids(
                &conn,
                "SELECT i.id FROM invitations i JOIN accounts a ON a.email = i.email WHERE a.id = ?1 ORDER BY i.id",
                &people[actor].id,
            );
            let (actor, inv) = (people[actor].id.clone(), pick(&mine, p));
            drop(conn);
            c.accept_invitation(&actor, &inv).map(|_| ())
        }
        Op::AddMember {
            actor,
            org,
            email: e,
        } => {
            let (actor, org, email) = (people[actor].id.clone(), org_at(org), email(e));
            drop(conn);
            let req = NewMember {
                first_name: "Added".into(),
                last_name: "Person".into(),
                email,
                role_id: None,
            };
            c.add_member(&actor, &org, &req).map(|_| ())
        }
        Op::ChangeRole {
            actor,
            org,
            member,
            role,
        } => {
            let org = org_at(org);
            let (m, r) = (pick(&members(&org), member), pick(&roles(&org), role));
            let actor = people[actor].id.clone();
            drop(conn);
            c.change_role(&actor, &org, &m, &r).map(|_| ())
        }
        Op::SetStatus {
            actor,
            org,
            member,
            active,
        } => {
            let org = org_at(org);
            let m = pick(&members(&org), member);
            let actor = people[actor].id.clone();
            drop(conn);
            let status = if active {
                MemberStatus::Active
            } else {
                MemberStatus::Deactivated
            };
            c.set_member_status(&actor, &org, &m, status).map(|_| ())
        }
        Op::Remove { actor, org, member } => {
            let org = org_at(org);
            let m = pick(&members(&org), member);
            let actor = people[actor].id.clone();
            drop(conn);
            c.remove_member(&actor, &org, &m)
        }
        Op::Leave { actor, org } => {
            let (actor, org) = (people[actor].id.clone(), org_at(org));
            drop(conn);
            c.leave_organization(&actor, &org)
        }
        Op::Transfer { actor, org, member } => {
            let org = org_at(org);
            let m = pick(&members(&org), member);
            let actor = people[actor].id.clone();
            drop(conn);
            c.transfer_ownership(&actor, &org, &m)
        }
        Op::Revoke {
            actor,
            org,
            pick: p,
        } => {
            let org = org_at(org);
            let inv = pick(&invitations(&org), p);
            let actor = people[actor].id.clone();
            drop(conn);
            c.revoke_invitation(&actor, &org, &inv)
        }
        Op::TopUp { .. }
        | Op::Charge { .. }
        | Op::ChangePlan { .. }
        | Op::AddTemplate { .. }
        | Op::CustomRole { .. }
        | Op::DeleteRole { .. }
        | Op::CreateWorkspace { .. }
        | Op::DeleteWorkspace { .. }
        | Op::CreateAgent { .. }
        | Op::DeleteAgent { .. }
        | Op::GrantWorkspaceRole { .. }
        | Op::DeleteOrg { .. }
        | Op::Advance { .. } => {
            drop(conn);
            run_more(w, people, op, &orgs)
        }
        Op::StartReview { actor, org } => {
            let org = org_at(org);
            drop(conn);
            c.start_campaign(&people[actor].id, "", &[org]).map(|_| ())
        }
        Op::Decide {
            actor,
            pick: at,
            decision,
            who,
        } => {
            let campaigns: Vec<CampaignId> = ids(
                &conn,
                "SELECT id FROM campaigns WHERE ?1 = ?1 ORDER BY as_of, id",
                "",
            );
            let campaign = pick(&campaigns, at);
            let nums: Vec<i64> = ids(
                &conn,
                "SELECT num FROM campaign_items WHERE campaign_id = ?1 ORDER BY num",
                &campaign,
            );
            let chosen: Vec<u64> = nums
                .iter()
                .enumerate()
                .filter(|(i, _)| who & (1 << (i % 16)) != 0)
                .map(|(_, n)| *n as u64)
                .collect();
            let org: Option<OrgId> = ids(
                &conn,
                "SELECT org_id FROM campaign_orgs WHERE campaign_id = ?1",
                &campaign,
            )
            .into_iter()
            .next();
            let role = org.as_ref().map(|o| pick(&roles(o), usize::from(who)));
            drop(conn);
            use rolecall_types::review::{DecideRequest, Decision};
            let decision = [
                Some(Decision::Keep),
                Some(Decision::Deactivate),
                Some(Decision::Remove),
                Some(Decision::ChangeRole),
                None,
            ][decision];
            c.decide(
                &people[actor].id,
                &campaign,
                &DecideRequest {
                    items: chosen,
                    decision,
                    role_id: if decision == Some(Decision::ChangeRole) {
                        role
                    } else {
                        None
                    },
                    comment: String::new(),
                },
            )
            .map(|_| ())
        }
        Op::SignOff { actor, pick: at } | Op::ApplyReview { actor, pick: at } => {
            let campaigns: Vec<CampaignId> = ids(
                &conn,
                "SELECT id FROM campaigns WHERE ?1 = ?1 ORDER BY as_of, id",
                "",
            );
            let campaign = pick(&campaigns, at);
            drop(conn);
            if matches!(op, Op::SignOff { .. }) {
                // Whoever signs off decides Keep for the rest first, half of the time.
                if at % 2 == 0 {
                    let rest = c.campaign_select(
                        &people[actor].id,
                        &campaign,
                        &rolecall_types::review::CampaignQuery {
                            decided: Some(false),
                            ..Default::default()
                        },
                    );
                    if let Ok(rest) = rest
                        && !rest.is_empty()
                    {
                        let _ = c.decide(
                            &people[actor].id,
                            &campaign,
                            &rolecall_types::review::DecideRequest {
                                items: rest,
                                decision: Some(rolecall_types::review::Decision::Keep),
                                role_id: None,
                                comment: String::new(),
                            },
                        );
                    }
                }
                c.sign_off_campaign(&people[actor].id, &campaign, "Reviewed.")
                    .map(|_| ())
            } else {
                c.apply_campaign(&people[actor].id, &campaign).map(|_| ())
            }
        }
        Op::Import {
            actor,
            org,
            who,
            suspended,
            admins,
            absent,
            skip,
        } => {
            let (actor, org) = (people[actor].id.clone(), org_at(org));
            let emails: Vec<String> = (0..EMAILS).map(email).collect();
            drop(conn);
            import(
                w,
                &actor,
                &org,
                &emails,
                (who, suspended, admins),
                absent,
                skip,
            )
        }
    }
}

/// Writes a Google Workspace users file for the chosen e-mails and imports it (preview,
/// then apply with the preview's checksum).
fn import(
    w: &World,
    actor: &AccountId,
    org: &OrgId,
    emails: &[String],
    (who, suspended, admins): (u16, u16, u16),
    absent: usize,
    skip: bool,
) -> rolecall_core::Result<()> {
    use rolecall_core::ImportControl;
    use rolecall_types::import::{AbsentAction, ImportRequest, ImportTarget};
    const HEADER: &str = "First Name [Required],Last Name [Required],Email Address [Required],Org Unit Path [Required],Status [READ ONLY],Last Sign In [READ ONLY],2sv Enrolled [READ ONLY]";
    let mut text = format!("{HEADER}\r\n");
    for (i, email) in emails.iter().enumerate() {
        if who & (1 << i) == 0 {
            continue;
        }
        let unit = if admins & (1 << i) != 0 { "Admin" } else { "/" };
        let status = if suspended & (1 << i) != 0 {
            "Suspended"
        } else {
            "Active"
        };
        text.push_str(&format!(
            "Added,Person,{email},{unit},{status},Never logged in,False\r\n"
        ));
    }
    let path = w.data_dir().join("import.csv");
    std::fs::write(&path, text).expect("write the file");
    let request = ImportRequest {
        target: ImportTarget::Existing {
            org_id: org.clone(),
        },
        path: path.display().to_string(),
        source: Some("google_workspace".into()),
        mapping: Vec::new(),
        roles: Vec::new(),
        absent: [
            AbsentAction::Keep,
            AbsentAction::Deactivate,
            AbsentAction::Remove,
        ][absent],
        skip_problems: skip,
    };
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let mut progress = |_| {};
    let mut control = ImportControl {
        cancel: &cancel,
        progress: &mut progress,
    };
    let preview = w.core.preview_import(actor, &request, &mut control)?;
    w.core
        .apply_import(actor, &request, &preview.sha256, &mut control)
        .map(|_| ())
}

/// The ids (or other values) `sql` selects for `arg`, on a connection of its own.
fn list<T: FromSql>(w: &World, sql: &str, arg: &str) -> Vec<T> {
    let conn = w.core.store().conn();
    ids(&conn, sql, arg)
}

fn run_more(w: &World, people: &[Person], op: &Op, orgs: &[OrgId]) -> rolecall_core::Result<()> {
    let c = &w.core;
    let ctx_of = |org: usize| {
        if org.is_multiple_of(5) {
            Context::Personal
        } else {
            Context::Organization(pick(orgs, org))
        }
    };
    match op.clone() {
        Op::TopUp { actor, org, amount } => c
            .top_up(&people[actor].id, &ctx_of(org), amount)
            .map(|_| ()),
        Op::Charge { actor, org, amount } => c
            .record_charge(
                &people[actor].id,
                &ctx_of(org),
                &ChargeRequest {
                    description: "Usage".into(),
                    amount,
                    agent_id: None,
                },
            )
            .map(|_| ()),
        Op::ChangePlan { actor, org, plan } => {
            let plan = [Plan::Free, Plan::Team, Plan::Business, Plan::Enterprise][plan];
            c.change_plan(&people[actor].id, &ctx_of(org), plan)
                .map(|_| ())
        }
        Op::AddTemplate {
            actor,
            org,
            template,
        } => c
            .add_role_template(
                &people[actor].id,
                &pick(orgs, org),
                ROLE_TEMPLATES[template].name,
            )
            .map(|_| ()),
        Op::CustomRole {
            actor,
            org,
            level,
            perms,
        } => {
            let set: Vec<_> = ALL_PERMISSIONS
                .iter()
                .enumerate()
                .filter(|(i, _)| perms & (1 << i) != 0)
                .map(|(_, p)| *p)
                .collect();
            let input = RoleInput {
                name: format!("Custom {}", perms % 7),
                level,
                permissions: PermissionSet::of(&set),
            };
            c.create_role(&people[actor].id, &pick(orgs, org), &input)
                .map(|_| ())
        }
        Op::DeleteRole { actor, org, role } => {
            let org = pick(orgs, org);
            let roles = list(
                w,
                "SELECT id FROM roles WHERE org_id = ?1 ORDER BY level, id",
                &org,
            );
            c.delete_role(&people[actor].id, &org, &pick(&roles, role))
        }
        Op::CreateWorkspace { actor, org, name } => c
            .create_workspace(
                &people[actor].id,
                &pick(orgs, org),
                &format!("Space {name}"),
            )
            .map(|_| ()),
        Op::DeleteWorkspace {
            actor,
            org,
            pick: p,
        } => {
            let org = pick(orgs, org);
            let ws = list(
                w,
                "SELECT id FROM workspaces WHERE org_id = ?1 ORDER BY id",
                &org,
            );
            c.delete_workspace(&people[actor].id, &org, &pick(&ws, p))
        }
        Op::CreateAgent { actor, org } => {
            let input = AgentInput {
                name: "Agent".into(),
                persona: String::new(),
                knowledge: String::new(),
                workspace_id: None,
            };
            c.create_agent(&people[actor].id, &ctx_of(org), &input)
                .map(|_| ())
        }
        Op::DeleteAgent {
            actor,
            org,
            pick: p,
        } => {
            let org = pick(orgs, org);
            let agents = list(
                w,
                "SELECT id FROM agents WHERE org_id = ?1 ORDER BY id",
                &org,
            );
            c.delete_agent(&people[actor].id, &pick(&agents, p))
        }
        Op::GrantWorkspaceRole {
            actor,
            org,
            pick: p,
            member,
            role,
        } => {
            let org = pick(orgs, org);
            let ws = pick(
                &list(
                    w,
                    "SELECT id FROM workspaces WHERE org_id = ?1 ORDER BY id",
                    &org,
                ),
                p,
            );
            let m = pick(
                &list(
                    w,
                    "SELECT id FROM memberships WHERE org_id = ?1 ORDER BY id",
                    &org,
                ),
                member,
            );
            let r = pick(
                &list(
                    w,
                    "SELECT id FROM roles WHERE org_id = ?1 ORDER BY level, id",
                    &org,
                ),
                role,
            );
            c.grant_workspace_role(&people[actor].id, &org, &ws, &m, &r)
        }
        Op::DeleteOrg { actor, org, typo } => {
            let org = pick(orgs, org);
            let slug = list(w, "SELECT slug FROM organizations WHERE id = ?1", &org)
                .pop()
                .unwrap_or_default();
            let typed = if typo { format!("{slug}x") } else { slug };
            c.delete_organization(&people[actor].id, &org, &typed)
        }
        Op::Advance { hours } => {
            w.clock.advance(i64::from(hours) * 60 * 60 * 1000);
            Ok(())
        }
        _ => Ok(()),
    }
}

#[test]
fn r18_r22_r32_r42_invariants_hold_under_random_operations() {
    let cases: u32 = std::env::var("ROLECALL_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let ops: usize = std::env::var("ROLECALL_PROPTEST_OPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let mut runner = TestRunner::new(Config {
        cases,
        max_shrink_iters: 64,
        ..Config::default()
    });
    let strategy = proptest::collection::vec(op(), ops);
    let outcome = runner.run(&strategy, |sequence| {
        let w = World::new();
        let names = ["Ann Lee", "Bob Ray", "Cy Dee", "Di Fox", "Ed Gee", "Flo Hu"];
        let people: Vec<Person> = names
            .iter()
            .map(|n| {
                let (first, last) = n.split_once(' ').expect("name");
                w.register(first, last)
            })
            .collect();
        let (mut accepted, mut refused) = (0usize, 0usize);
        let mut imports_accepted = 0usize;
        let mut reviews = (0usize, 0usize);
        // What each campaign held when first seen signed off, and when first seen applied.
        let mut frozen: std::collections::HashMap<String, (String, Option<String>)> =
            std::collections::HashMap::new();
        for (step, op) in sequence.iter().enumerate() {
            let (before, audit_before) = {
                let conn = w.core.store().conn();
                (fingerprint(&conn), max_audit_id(&conn))
            };
            let verdict = allowed(&w, &people, op);
            let result = run(&w, &people, op);
            let (after, audit_after) = {
                let conn = w.core.store().conn();
                (fingerprint(&conn), max_audit_id(&conn))
            };
            match &result {
                Err(e) => {
                    refused += 1;
                    prop_assert!(
                        !matches!(
                            e.kind(),
                            rolecall_types::ErrorKind::Storage
                                | rolecall_types::ErrorKind::Internal
                        ),
                        "step {step} ({op:?}): unexpected storage error: {e}"
                    );
                    prop_assert_eq!(
                        &before,
                        &after,
                        "step {} ({:?}) was refused ({}) but changed the database",
                        step,
                        op,
                        e
                    );
                }
                Ok(()) => {
                    accepted += 1;
                    if matches!(op, Op::Import { .. }) {
                        imports_accepted += 1;
                    }
                    if let Err(why) = &verdict {
                        prop_assert!(false, "step {} ({:?}) was accepted, yet {}", step, op, why);
                    }
                    if before != after && !matches!(op, Op::Advance { .. }) {
                        prop_assert!(
                            audit_after > audit_before,
                            "step {} ({:?}) changed data without an audit entry",
                            step,
                            op
                        );
                    }
                }
            }
            check_invariants(&w, &people, step, op);
            // R54: a campaign, once signed off, never changes but for its outcomes,
            // recorded once when applied.
            let signed = signed_off_campaigns(&w.core.store().conn());
            for (id, now_frozen, now_applied) in signed {
                match frozen.get_mut(&id) {
                    None => {
                        reviews.0 += 1;
                        reviews.1 += usize::from(now_applied.is_some());
                        frozen.insert(id, (now_frozen, now_applied));
                    }
                    Some((was, was_applied)) => {
                        prop_assert_eq!(&*was, &now_frozen, "step {} ({:?}) changed a signed-off campaign", step, op);
                        match (&*was_applied, now_applied) {
                            (Some(a), Some(b)) => prop_assert_eq!(a, &b, "step {} ({:?}) changed an applied campaign", step, op),
                            (None, Some(b)) => {
                                reviews.1 += 1;
                                *was_applied = Some(b);
                            }
                            (Some(_), None) => prop_assert!(false, "step {} ({:?}): an applied campaign went back", step, op),
                            (None, None) => {}
                        }
                    }
                }
            }
        }
        // R45 after any history: every organization's export document parses back
        // into the shared type unchanged, and its ledger sums to its balance.
        let owners: Vec<(OrgId, AccountId)> = {
            let conn = w.core.store().conn();
            let mut stmt = conn
                .prepare("SELECT org_id, account_id FROM memberships WHERE is_owner = 1")
                .expect("owners");
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .expect("owners")
                .collect::<rusqlite::Result<_>>()
                .expect("owners")
        };
        for (org, owner) in owners {
            let mut bytes = Vec::new();
            let request = ExportRequest {
                kind: ExportKind::OrganizationJson,
                members: None,
                audit: None,
            };
            w.core
                .export(&owner, &org, &request, &mut bytes, &mut |_| {})
                .expect("export");
            let doc: OrganizationExport =
                serde_json::from_slice(&bytes).expect("the export parses");
            prop_assert_eq!(
                serde_json::to_value(&doc).expect("json"),
                serde_json::from_slice::<serde_json::Value>(&bytes).expect("json")
            );
            prop_assert_eq!(
                doc.ledger.iter().map(|e| e.amount).sum::<i64>(),
                doc.billing.as_ref().expect("billing").balance
            );
            prop_assert_eq!(doc.members.iter().filter(|m| m.is_owner).count(), 1);
        }
        let conn = w.core.store().conn();
        let integrity: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("integrity");
        prop_assert_eq!(integrity, "ok");
        let fk_problems: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .expect("fk check");
        prop_assert_eq!(fk_problems, 0);
        eprintln!(
            "random operations: {accepted} accepted ({imports_accepted} imports), {refused} refused; {} campaigns signed off, {} applied",
            reviews.0, reviews.1
        );
        prop_assert!(
            ops < 1_000 || imports_accepted > 0,
            "no import was accepted: the imports' invariants were not exercised"
        );
        prop_assert!(
            accepted > ops / 20,
            "too few operations were accepted ({accepted}) to mean anything"
        );
        Ok(())
    });
    if let Err(e) = outcome {
        panic!("{e}");
    }
}
