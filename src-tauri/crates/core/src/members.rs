//! Memberships (R17–R25, R28, R31): the members table, add member, role changes,
//! deactivate/activate, remove, leave, transfer ownership, the member detail view.

use crate::access::{self, Acting, RoleRow, TargetMember};
use crate::audit;
use crate::service::{Rolecall, Target, Tx, new_id};
use crate::tables::memberships;
use crate::{Error, Result};
use rolecall_types::ids::{AccountId, MembershipId, OrgId, RoleId};
use rolecall_types::model::{
    Member, MemberDetail, MemberPage, MemberQuery, MemberStatus, NewMember, Plan, RoleCount, Seats,
    WorkspaceGrant,
};
use rolecall_types::permissions::{Permission, RoleKind};
use rolecall_types::validate;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

/// "3 members and 1 pending invitation": what fills the seats (R22 messages).
pub(crate) fn seat_usage(seats: &Seats) -> String {
    format!(
        "{} and {}",
        count_of(seats.members, "member", "members"),
        count_of(
            seats.pending_invitations,
            "pending invitation",
            "pending invitations"
        )
    )
}

/// "1 member", "3 members".
fn count_of(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// R22: refuses when one more seat would exceed the plan.
pub(crate) fn require_free_seat(
    conn: &Connection,
    org_id: &str,
    org_name: &str,
    now: i64,
) -> Result<()> {
    let seats = memberships::seats(conn, org_id, now)?;
    if let Some(limit) = seats.limit
        && seats.used() + 1 > u64::from(limit)
    {
        let plan: String = conn.query_row(
            "SELECT plan FROM organizations WHERE id = ?1",
            [org_id],
            |r| r.get(0),
        )?;
        let plan = Plan::from_code(&plan).unwrap_or(Plan::Free);
        return Err(Error::LimitReached(format!(
            "{org_name} uses all {limit} seats of the {} plan ({}). \
             Change the plan, or remove members or revoke invitations first.",
            plan.label(),
            seat_usage(&seats)
        )));
    }
    Ok(())
}

/// The role an invitation or a new member gets: the default role unless one is named;
/// any other role needs Members·change roles and must be givable (R28).
pub(crate) fn role_to_give(
    conn: &Connection,
    acting: &Acting,
    role_id: Option<&str>,
) -> Result<RoleRow> {
    let default = access::system_role(conn, &acting.org_id, RoleKind::Member)?;
    let role = match role_id {
        None => default.clone(),
        Some(id) => access::role(conn, &acting.org_id, id)?,
    };
    if role.id != default.id {
        acting.require(Permission::MembersChangeRoles).map_err(|_| {
            Error::Forbidden(format!(
                "You can invite or add people with the default role ({}) only: giving {} needs the Members · Change roles permission.",
                default.name, role.name
            ))
        })?;
    }
    acting.check_giving(&role)?;
    Ok(role)
}

/// Hands the member's agents in the organization to its Owner and deletes the
/// membership (R23, R24). Used by leave, remove and account deletion.
pub(crate) fn leave_in_tx(tx: &Tx<'_>, org_id: &str, account_id: &str) -> Result<()> {
    let Some(owner) = memberships::owner(&tx.db, org_id)? else {
        return Err(Error::Storage(
            "This organization has no Owner; the database needs repair.".into(),
        ));
    };
    if owner == account_id {
        return Err(Error::Forbidden(
            "The Owner cannot leave. Transfer ownership to another member first, or delete the organization.".into(),
        ));
    }
    let org_name = access::org_name(&tx.db, org_id)?;
    let (membership_id, name) = memberships::of_account(&tx.db, org_id, account_id)?;
    let moved = tx.db.execute(
        "UPDATE agents SET owner_id = ?1 WHERE org_id = ?2 AND owner_id = ?3",
        params![owner, org_id, account_id],
    )?;
    memberships::delete(&tx.db, &membership_id)?;
    tx.audit(
        Some((org_id, &org_name)),
        "member.left",
        Target {
            kind: "member",
            id: Some(account_id),
            name: &name,
        },
        json!({ "agents_passed_to_owner": moved }),
    )
}

impl Rolecall {
    /// A page of the members table (Members·view).
    pub fn list_members(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        query: &MemberQuery,
    ) -> Result<MemberPage> {
        validate::search(&query.search)?;
        self.read(actor, |conn| {
            access::acting(conn, org_id, actor)?.require(Permission::MembersView)?;
            memberships::page(conn, org_id, query)
        })
    }

    /// Members per role (all statuses), highest level first.
    pub fn role_counts(&self, actor: &AccountId, org_id: &OrgId) -> Result<Vec<RoleCount>> {
        self.read(actor, |conn| {
            access::acting(conn, org_id, actor)?.require(Permission::MembersView)?;
            memberships::counts_per_role(conn, org_id, false)
        })
    }

    /// R22: seats in use (Organization·view).
    pub fn seats(&self, actor: &AccountId, org_id: &OrgId) -> Result<Seats> {
        let now = self.now();
        self.read(actor, |conn| {
            access::acting(conn, org_id, actor)?.require(Permission::OrganizationView)?;
            memberships::seats(conn, org_id, now)
        })
    }

    /// R19: adds a person who cannot sign in as an active member at once.
    pub fn add_member(&self, actor: &AccountId, org_id: &OrgId, new: &NewMember) -> Result<Member> {
        let first = validate::person_name("first_name", "First name", &new.first_name)?;
        let last = validate::person_name("last_name", "Last name", &new.last_name)?;
        let email = validate::email(&new.email)?;
        self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            acting.require(Permission::MembersInvite)?;
            let role = role_to_give(&tx.db, &acting, new.role_id.as_deref())?;
            let existing: Option<(String, bool)> = tx
                .db
                .query_row("SELECT id, password_hash IS NOT NULL FROM accounts WHERE email = ?1", [&email], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            let account_id = match existing {
                Some((_, true)) => {
                    return Err(Error::Conflict(format!(
                        "{email} has an account that can sign in: invite them instead, so they join by accepting."
                    )));
                }
                Some((id, false)) => {
                    if memberships::exists(&tx.db, org_id, &id)? {
                        return Err(Error::Conflict(format!("{email} is already a member of {}.", acting.org_name)));
                    }
                    // The person is modelled elsewhere under the names someone typed
                    // there. Adding them under other names would show this organization
                    // those names; refuse without saying them.
                    let (known_first, known_last): (String, String) = tx.db.query_row(
                        "SELECT first_name, last_name FROM accounts WHERE id = ?1",
                        [&id],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )?;
                    let same = |a: &str, b: &str| a.to_lowercase() == b.to_lowercase();
                    if !(same(&known_first, &first) && same(&known_last, &last)) {
                        return Err(Error::Conflict(format!(
                            "{email} is already known to Rolecall under other names. Type the names \
                             this person is known by, or invite them so they join by accepting."
                        )));
                    }
                    id
                }
                None => {
                    let id = new_id();
                    tx.db.execute(
                        "INSERT INTO accounts (id, email, first_name, last_name, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![id, email, first, last, tx.now],
                    )?;
                    id
                }
            };
            require_no_pending_invitation(&tx.db, org_id, &email, tx.now)?;
            require_free_seat(&tx.db, org_id, &acting.org_name, tx.now)?;
            let membership_id = memberships::insert(&tx.db, tx.now, org_id, &account_id, &role.id, false)?;
            let member = memberships::load(&tx.db, org_id, &membership_id)?;
            tx.audit(
                Some(acting.org()),
                "member.added",
                Target { kind: "member", id: Some(&account_id), name: &format!("{} {}", member.first_name, member.last_name) },
                json!({ "after": { "email": email, "role": role.name } }),
            )?;
            Ok(member)
        })
    }

    /// R28: changes a member's role.
    pub fn change_role(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        membership_id: &MembershipId,
        role_id: &RoleId,
    ) -> Result<Member> {
        self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            let target = access::target_member(&tx.db, org_id, membership_id)?;
            change_role_in_tx(tx, &acting, &target, role_id)?;
            memberships::load(&tx.db, org_id, membership_id)
        })
    }

    /// R17, R28: deactivates or activates a member.
    pub fn set_member_status(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        membership_id: &MembershipId,
        status: MemberStatus,
    ) -> Result<Member> {
        self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            let target = access::target_member(&tx.db, org_id, membership_id)?;
            set_status_in_tx(tx, &acting, &target, status)?;
            memberships::load(&tx.db, org_id, membership_id)
        })
    }

    /// R24: removes a member permanently; their agents pass to the Owner.
    pub fn remove_member(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        membership_id: &MembershipId,
    ) -> Result<()> {
        self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            acting.require(Permission::MembersRemove)?;
            let target = access::target_member(&tx.db, org_id, membership_id)?;
            acting.check_target(&target)?;
            remove_in_tx(tx, &acting, &target)
        })
    }

    /// R23: the actor leaves (never the Owner).
    pub fn leave_organization(&self, actor: &AccountId, org_id: &OrgId) -> Result<()> {
        self.write(Some(actor), |tx| {
            access::org_name(&tx.db, org_id)?;
            if !memberships::exists(&tx.db, org_id, actor)? {
                return Err(Error::NotFound(
                    "You are not a member of this organization.".into(),
                ));
            }
            leave_in_tx(tx, org_id, actor)
        })
    }

    /// R25: the Owner hands ownership to an active member and becomes Admin.
    pub fn transfer_ownership(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        membership_id: &MembershipId,
    ) -> Result<()> {
        self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            acting.require_owner("transfer ownership")?;
            let target = access::target_member(&tx.db, org_id, membership_id)?;
            if *actor == target.account_id {
                return Err(Error::Invalid { field: None, message: "You already own this organization.".into() });
            }
            if !target.active {
                return Err(Error::Invalid {
                    field: None,
                    message: format!("{} is deactivated; activate them before making them Owner.", target.name),
                });
            }
            if !target.can_sign_in {
                return Err(Error::Invalid {
                    field: None,
                    message: format!("{} has never signed in; only someone who can sign in can own an organization.", target.name),
                });
            }
            let owner_role = access::system_role(&tx.db, org_id, RoleKind::Owner)?;
            let admin_role = access::system_role(&tx.db, org_id, RoleKind::Admin)?;
            memberships::move_ownership(&tx.db, &acting.membership_id, &admin_role.id, membership_id, &owner_role.id)?;
            // R4: a transferred main company is no longer the former Owner's.
            tx.db.execute(
                "UPDATE accounts SET main_company_id = NULL WHERE id = ?1 AND main_company_id = ?2",
                params![actor, org_id],
            )?;
            tx.audit(
                Some(acting.org()),
                "organization.ownership_transferred",
                Target { kind: "member", id: Some(&target.account_id), name: &target.name },
                json!({ "before": { "owner": tx.actor()?.name, "role": target.role.name },
                        "after": { "owner": target.name, "former_owner_role": admin_role.name } }),
            )
        })
    }

    /// R31: profile, effective permissions, workspace roles, activity, login history.
    pub fn member_detail(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        membership_id: &MembershipId,
    ) -> Result<MemberDetail> {
        self.read(actor, |conn| {
            let acting = access::acting(conn, org_id, actor)?;
            acting.require(Permission::MembersView)?;
            let member = memberships::load(conn, org_id, membership_id)?;
            let target = access::target_member(conn, org_id, membership_id)?;
            // R43: what a member did and when they signed in is the audit trail's
            // (Audit log·view); their phone is for those who administer members.
            // Everyone sees their own detail in full.
            let own = member.account_id == *actor;
            let sees_activity = own || acting.can(Permission::AuditView);
            let sees_phone = own || acting.can(Permission::MembersChangeRoles);
            let phone: String = if sees_phone {
                conn.query_row(
                    "SELECT phone FROM accounts WHERE id = ?1",
                    [&member.account_id],
                    |r| r.get(0),
                )?
            } else {
                String::new()
            };
            let mut stmt = conn.prepare_cached(
                "SELECT w.id, w.name, r.id, r.name, r.permissions FROM workspace_roles g
                 JOIN workspaces w ON w.id = g.workspace_id JOIN roles r ON r.id = g.role_id
                 WHERE g.membership_id = ?1 ORDER BY w.name",
            )?;
            let workspaces = stmt
                .query_map([membership_id], |r| {
                    Ok(WorkspaceGrant {
                        workspace_id: r.get(0)?,
                        workspace_name: r.get(1)?,
                        role_id: r.get(2)?,
                        role_name: r.get(3)?,
                        permissions: rolecall_types::permissions::PermissionSet::from_codes(
                            &r.get::<_, String>(4)?,
                        )
                        .unwrap_or_default(),
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let organization_permissions = if target.is_owner {
                rolecall_types::permissions::PermissionSet::all()
            } else {
                target.role.permissions
            };
            let (recent_activity, login_history) = if own {
                (
                    audit::recent_for_member(conn, org_id, &member.account_id, 20)?,
                    crate::tables::logins::history(conn, &member.account_id, 20)?,
                )
            } else if sees_activity {
                // Sign-ins are the account's, across organizations: this organization
                // sees only those since the member joined it.
                (
                    audit::recent_for_member(conn, org_id, &member.account_id, 20)?,
                    crate::tables::logins::history_since(
                        conn,
                        &member.account_id,
                        member.joined_at,
                        20,
                    )?,
                )
            } else {
                (Vec::new(), Vec::new())
            };
            Ok(MemberDetail {
                member,
                phone,
                organization_permissions,
                workspaces,
                recent_activity,
                login_history,
            })
        })
    }
}

/// R28: gives `target` the role `role_id` as `acting`; false when they already hold it.
pub(crate) fn change_role_in_tx(
    tx: &Tx<'_>,
    acting: &Acting,
    target: &TargetMember,
    role_id: &str,
) -> Result<bool> {
    acting.require(Permission::MembersChangeRoles)?;
    acting.check_target(target)?;
    let role = access::role(&tx.db, &acting.org_id, role_id)?;
    acting.check_giving(&role)?;
    if role.id == target.role.id {
        return Ok(false);
    }
    memberships::set_role(&tx.db, &target.membership_id, &role.id)?;
    tx.audit(
        Some(acting.org()),
        "member.role_changed",
        Target {
            kind: "member",
            id: Some(&target.account_id),
            name: &target.name,
        },
        json!({ "before": { "role": target.role.name }, "after": { "role": role.name } }),
    )?;
    Ok(true)
}

/// R17, R28: deactivates or activates `target` as `acting`; false when they already are.
pub(crate) fn set_status_in_tx(
    tx: &Tx<'_>,
    acting: &Acting,
    target: &TargetMember,
    status: MemberStatus,
) -> Result<bool> {
    acting.require(Permission::MembersDeactivate)?;
    acting.check_target(target)?;
    let active = status == MemberStatus::Active;
    if target.active == active {
        return Ok(false);
    }
    memberships::set_status(&tx.db, &target.membership_id, status)?;
    tx.audit(
        Some(acting.org()),
        if active {
            "member.activated"
        } else {
            "member.deactivated"
        },
        Target {
            kind: "member",
            id: Some(&target.account_id),
            name: &target.name,
        },
        json!({
            "before": { "status": if target.active { "active" } else { "deactivated" } },
            "after": { "status": status.code() },
        }),
    )?;
    Ok(true)
}

pub(crate) fn remove_in_tx(tx: &Tx<'_>, acting: &Acting, target: &TargetMember) -> Result<()> {
    let owner = memberships::owner(&tx.db, &acting.org_id)?.ok_or_else(|| {
        Error::Storage("This organization has no Owner; the database needs repair.".into())
    })?;
    let moved = tx.db.execute(
        "UPDATE agents SET owner_id = ?1 WHERE org_id = ?2 AND owner_id = ?3",
        params![owner, acting.org_id, target.account_id],
    )?;
    memberships::delete(&tx.db, &target.membership_id)?;
    tx.audit(
        Some(acting.org()),
        "member.removed",
        Target { kind: "member", id: Some(&target.account_id), name: &target.name },
        json!({ "before": { "email": target.email, "role": target.role.name }, "agents_passed_to_owner": moved }),
    )
}

pub(crate) fn require_no_pending_invitation(
    conn: &Connection,
    org_id: &str,
    email: &str,
    now: i64,
) -> Result<()> {
    let pending: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM invitations WHERE org_id = ?1 AND email = ?2 AND status = 'pending' AND expires_at > ?3)",
        )?
        .query_row(params![org_id, email, now], |r| r.get(0))?;
    if pending {
        return Err(Error::Conflict(format!(
            "{email} already has a pending invitation; resend or revoke it instead."
        )));
    }
    Ok(())
}
