//! Memberships (R17–R25, R28, R31): the members table, add member, role changes,
//! deactivate/activate, remove, leave, transfer ownership, the member detail view.

use crate::access::{self, Acting, RoleRow, TargetMember};
use crate::accounts;
use crate::audit;
use crate::billing::count_of;
use crate::service::{Rolecall, Target, Tx, new_id};
use crate::{Error, Result};
use rolecall_types::model::{
    CursorKey, Member, MemberCursor, MemberDetail, MemberPage, MemberQuery, MemberSort,
    MemberStatus, NewMember, Plan, RoleCount, Seats, WorkspaceGrant,
};
use rolecall_types::permissions::{Permission, RoleKind};
use rolecall_types::validate;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};
use serde_json::json;

/// The largest page the members table may ask for.
pub const MAX_PAGE: u32 = 500;

const MEMBER_COLUMNS: &str = "m.id, a.id, a.first_name, a.last_name, a.email, r.id, r.name, r.level, m.is_owner, m.status, \
     a.password_hash IS NOT NULL, m.joined_at, a.last_login_at, m.last_active_at, m.sort_name, m.sort_email, m.sort_login";

fn member_from_row(r: &Row<'_>) -> rusqlite::Result<Member> {
    Ok(Member {
        membership_id: r.get(0)?,
        account_id: r.get(1)?,
        first_name: r.get(2)?,
        last_name: r.get(3)?,
        email: r.get(4)?,
        role_id: r.get(5)?,
        role_name: r.get(6)?,
        role_level: r.get::<_, i64>(7)?.clamp(0, 100) as u8,
        is_owner: r.get(8)?,
        status: MemberStatus::from_code(&r.get::<_, String>(9)?).unwrap_or(MemberStatus::Active),
        can_sign_in: r.get(10)?,
        joined_at: r.get(11)?,
        last_login_at: r.get(12)?,
        last_active_at: r.get(13)?,
    })
}

pub(crate) fn load_member(conn: &Connection, org_id: &str, membership_id: &str) -> Result<Member> {
    conn.query_row(
        &format!(
            "SELECT {MEMBER_COLUMNS} FROM memberships m JOIN accounts a ON a.id = m.account_id
             JOIN roles r ON r.id = m.role_id WHERE m.id = ?1 AND m.org_id = ?2"
        ),
        [membership_id, org_id],
        member_from_row,
    )
    .optional()?
    .ok_or_else(|| {
        Error::NotFound(
            "That member is not in this organization (they may have left or been removed).".into(),
        )
    })
}

/// The name sort key of a member: transliterated to ASCII and lower-cased, so
/// "Élodie" sorts with "elodie" and a search for "elo" finds her.
pub(crate) fn sort_name(first: &str, last: &str) -> String {
    fold(&format!("{first} {last}"))
}

/// The folding applied to sort keys and to searches alike.
fn fold(text: &str) -> String {
    deunicode::deunicode(text).to_lowercase()
}

/// Inserts an active membership with the account's sort keys; returns its id.
pub(crate) fn insert_membership(
    tx: &Tx<'_>,
    org_id: &str,
    account_id: &str,
    role_id: &str,
    is_owner: bool,
) -> Result<String> {
    let (first, last, email, login): (String, String, String, Option<i64>) = tx.db.query_row(
        "SELECT first_name, last_name, email, last_login_at FROM accounts WHERE id = ?1",
        [account_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let id = new_id();
    tx.db.execute(
        "INSERT INTO memberships (id, org_id, account_id, role_id, is_owner, status, joined_at, sort_name, sort_email, sort_login)
         VALUES (?1, ?2, ?3, ?4, ?5, 'active', ?6, ?7, ?8, ?9)",
        params![id, org_id, account_id, role_id, is_owner, tx.now, sort_name(&first, &last), email, login.unwrap_or(-1)],
    )?;
    Ok(id)
}

/// R22: seats in use and the plan's limit.
pub(crate) fn seats(conn: &Connection, org_id: &str, now: i64) -> Result<Seats> {
    let (members, pending, plan): (u64, u64, String) = conn.query_row(
        "SELECT (SELECT count(*) FROM memberships WHERE org_id = ?1),
                (SELECT count(*) FROM invitations WHERE org_id = ?1 AND status = 'pending' AND expires_at > ?2),
                (SELECT plan FROM organizations WHERE id = ?1)",
        params![org_id, now],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let limit = Plan::from_code(&plan).unwrap_or(Plan::Free).seats();
    Ok(Seats {
        members,
        pending_invitations: pending,
        limit,
    })
}

/// Members per role (every role, active members only when `active_only`), highest
/// level first.
pub(crate) fn counts_per_role(
    conn: &Connection,
    org_id: &str,
    active_only: bool,
) -> Result<Vec<RoleCount>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.name, r.level,
                (SELECT count(*) FROM memberships m WHERE m.role_id = r.id AND (?2 = 0 OR m.status = 'active'))
         FROM roles r WHERE r.org_id = ?1 ORDER BY r.level DESC, r.name",
    )?;
    let rows = stmt
        .query_map(params![org_id, active_only], |r| {
            Ok(RoleCount {
                role_id: r.get(0)?,
                role_name: r.get(1)?,
                level: r.get::<_, i64>(2)?.clamp(0, 100) as u8,
                members: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// R22: refuses when one more seat would exceed the plan.
pub(crate) fn require_free_seat(
    conn: &Connection,
    org_id: &str,
    org_name: &str,
    now: i64,
) -> Result<()> {
    let seats = seats(conn, org_id, now)?;
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
            "{org_name} uses all {limit} seats of the {} plan ({} and {}). \
             Change the plan, or remove members or revoke invitations first.",
            plan.label(),
            count_of(seats.members, "member", "members"),
            count_of(
                seats.pending_invitations,
                "pending invitation",
                "pending invitations"
            )
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
    let owner: Option<String> = tx
        .db
        .query_row(
            "SELECT account_id FROM memberships WHERE org_id = ?1 AND is_owner = 1",
            [org_id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(owner) = owner else {
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
    let (name, membership_id): (String, String) = tx.db.query_row(
        "SELECT a.first_name || ' ' || a.last_name, m.id FROM memberships m JOIN accounts a ON a.id = m.account_id
         WHERE m.org_id = ?1 AND m.account_id = ?2",
        [org_id, account_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let moved = tx.db.execute(
        "UPDATE agents SET owner_id = ?1 WHERE org_id = ?2 AND owner_id = ?3",
        params![owner, org_id, account_id],
    )?;
    tx.db
        .execute("DELETE FROM memberships WHERE id = ?1", [&membership_id])?;
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

fn sort_column(sort: MemberSort) -> &'static str {
    match sort {
        MemberSort::Name => "m.sort_name",
        MemberSort::Email => "m.sort_email",
        MemberSort::LastLogin => "m.sort_login",
    }
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
fn like_pattern(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// An FTS5 query matching `text` as one literal substring.
fn fts_phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The page query: the ids of one page come from the sort index alone, then only
/// those rows are joined with their accounts and roles.
fn page_sql(column: &str, dir: &str, page_filter: &str) -> String {
    format!(
        "SELECT {MEMBER_COLUMNS} FROM memberships m JOIN accounts a ON a.id = m.account_id JOIN roles r ON r.id = m.role_id
         WHERE m.id IN (SELECT m.id FROM memberships m WHERE {page_filter} ORDER BY {column} {dir}, m.id {dir} LIMIT ? OFFSET ?)
         ORDER BY {column} {dir}, m.id {dir}"
    )
}

/// R17, §2 Members: one page of members, filtered, searched and sorted in SQLite.
pub(crate) fn list_members(
    conn: &Connection,
    org_id: &str,
    query: &MemberQuery,
) -> Result<MemberPage> {
    let limit = query.limit.clamp(1, MAX_PAGE);
    let mut filter = String::from("m.org_id = ? AND m.status = ?");
    let mut args: Vec<Value> = vec![
        org_id.to_string().into(),
        query.status.code().to_string().into(),
    ];
    if let Some(role) = &query.role_id {
        filter.push_str(" AND m.role_id = ?");
        args.push(role.clone().into());
    }
    let search = fold(query.search.trim()).trim().to_string();
    if !search.is_empty() {
        if search.chars().count() >= 3 {
            // Trigram index: any substring of three or more characters.
            filter.push_str(
                " AND m.num IN (SELECT rowid FROM members_search WHERE members_search MATCH ?)",
            );
            args.push(fts_phrase(&search).into());
        } else {
            filter.push_str(
                " AND (m.sort_name LIKE ? ESCAPE '\\' OR m.sort_email LIKE ? ESCAPE '\\')",
            );
            let pattern = like_pattern(&search);
            args.push(pattern.clone().into());
            args.push(pattern.into());
        }
    }
    let total: u64 = conn.query_row(
        &format!("SELECT count(*) FROM memberships m WHERE {filter}"),
        params_from_iter(args.iter()),
        |r| r.get(0),
    )?;

    let column = sort_column(query.sort);
    let (cmp, dir) = if query.descending {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };
    let mut page_filter = filter.clone();
    let mut page_args = args.clone();
    let mut offset = query.offset;
    if let Some(after) = &query.after {
        page_filter.push_str(&format!(" AND ({column}, m.id) {cmp} (?, ?)"));
        page_args.push(match &after.key {
            CursorKey::Text(t) => t.clone().into(),
            CursorKey::Number(n) => (*n).into(),
        });
        page_args.push(after.id.clone().into());
        offset = 0;
    }
    page_args.push(i64::from(limit).into());
    page_args.push((offset.min(i64::MAX as u64) as i64).into());
    let sql = page_sql(column, dir, &page_filter);
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = Vec::with_capacity(limit as usize);
    let mut last_key = None;
    let mut result = stmt.query(params_from_iter(page_args.iter()))?;
    while let Some(row) = result.next()? {
        rows.push(member_from_row(row)?);
        last_key = Some(match query.sort {
            MemberSort::Name => CursorKey::Text(row.get(14)?),
            MemberSort::Email => CursorKey::Text(row.get(15)?),
            MemberSort::LastLogin => CursorKey::Number(row.get(16)?),
        });
    }
    let consumed = offset + rows.len() as u64;
    let next = match (rows.last(), last_key) {
        (Some(last), Some(key))
            if rows.len() == limit as usize && (query.after.is_some() || consumed < total) =>
        {
            Some(MemberCursor {
                key,
                id: last.membership_id.clone(),
            })
        }
        _ => None,
    };
    Ok(MemberPage { rows, total, next })
}

impl Rolecall {
    /// A page of the members table (Members·view).
    pub fn list_members(
        &self,
        actor: &str,
        org_id: &str,
        query: &MemberQuery,
    ) -> Result<MemberPage> {
        self.read(actor, |conn| {
            access::acting(conn, org_id, actor)?.require(Permission::MembersView)?;
            list_members(conn, org_id, query)
        })
    }

    /// Members per role (all statuses), highest level first.
    pub fn role_counts(&self, actor: &str, org_id: &str) -> Result<Vec<RoleCount>> {
        self.read(actor, |conn| {
            access::acting(conn, org_id, actor)?.require(Permission::MembersView)?;
            counts_per_role(conn, org_id, false)
        })
    }

    /// R22: seats in use (Organization·view).
    pub fn seats(&self, actor: &str, org_id: &str) -> Result<Seats> {
        let now = self.now();
        self.read(actor, |conn| {
            access::acting(conn, org_id, actor)?.require(Permission::OrganizationView)?;
            seats(conn, org_id, now)
        })
    }

    /// R19: adds a person who cannot sign in as an active member at once.
    pub fn add_member(&self, actor: &str, org_id: &str, new: &NewMember) -> Result<Member> {
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
                    let member: bool = tx.db.query_row(
                        "SELECT EXISTS (SELECT 1 FROM memberships WHERE org_id = ?1 AND account_id = ?2)",
                        [org_id, &id],
                        |r| r.get(0),
                    )?;
                    if member {
                        return Err(Error::Conflict(format!("{email} is already a member of {}.", acting.org_name)));
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
            let membership_id = insert_membership(tx, org_id, &account_id, &role.id, false)?;
            let member = load_member(&tx.db, org_id, &membership_id)?;
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
        actor: &str,
        org_id: &str,
        membership_id: &str,
        role_id: &str,
    ) -> Result<Member> {
        self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            acting.require(Permission::MembersChangeRoles)?;
            let target = access::target_member(&tx.db, org_id, membership_id)?;
            acting.check_target(&target)?;
            let role = access::role(&tx.db, org_id, role_id)?;
            acting.check_giving(&role)?;
            if role.id == target.role.id {
                return load_member(&tx.db, org_id, membership_id);
            }
            tx.db.execute(
                "UPDATE memberships SET role_id = ?1 WHERE id = ?2",
                params![role.id, membership_id],
            )?;
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
            load_member(&tx.db, org_id, membership_id)
        })
    }

    /// R17, R28: deactivates or activates a member.
    pub fn set_member_status(
        &self,
        actor: &str,
        org_id: &str,
        membership_id: &str,
        status: MemberStatus,
    ) -> Result<Member> {
        self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            acting.require(Permission::MembersDeactivate)?;
            let target = access::target_member(&tx.db, org_id, membership_id)?;
            acting.check_target(&target)?;
            let active = status == MemberStatus::Active;
            if target.active == active {
                return load_member(&tx.db, org_id, membership_id);
            }
            tx.db.execute(
                "UPDATE memberships SET status = ?1 WHERE id = ?2",
                params![status.code(), membership_id],
            )?;
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
            load_member(&tx.db, org_id, membership_id)
        })
    }

    /// R24: removes a member permanently; their agents pass to the Owner.
    pub fn remove_member(&self, actor: &str, org_id: &str, membership_id: &str) -> Result<()> {
        self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            acting.require(Permission::MembersRemove)?;
            let target = access::target_member(&tx.db, org_id, membership_id)?;
            acting.check_target(&target)?;
            remove_in_tx(tx, &acting, &target)
        })
    }

    /// R23: the actor leaves (never the Owner).
    pub fn leave_organization(&self, actor: &str, org_id: &str) -> Result<()> {
        self.write(Some(actor), |tx| {
            access::org_name(&tx.db, org_id)?;
            let member: bool = tx.db.query_row(
                "SELECT EXISTS (SELECT 1 FROM memberships WHERE org_id = ?1 AND account_id = ?2)",
                [org_id, actor],
                |r| r.get(0),
            )?;
            if !member {
                return Err(Error::NotFound(
                    "You are not a member of this organization.".into(),
                ));
            }
            leave_in_tx(tx, org_id, actor)
        })
    }

    /// R25: the Owner hands ownership to an active member and becomes Admin.
    pub fn transfer_ownership(&self, actor: &str, org_id: &str, membership_id: &str) -> Result<()> {
        self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            acting.require_owner("transfer ownership")?;
            let target = access::target_member(&tx.db, org_id, membership_id)?;
            if target.account_id == actor {
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
            tx.db.execute(
                "UPDATE memberships SET is_owner = 0, role_id = ?1 WHERE id = ?2",
                params![admin_role.id, acting.membership_id],
            )?;
            tx.db.execute(
                "UPDATE memberships SET is_owner = 1, role_id = ?1 WHERE id = ?2",
                params![owner_role.id, membership_id],
            )?;
            // R4: a transferred main company is no longer the former Owner's.
            tx.db.execute(
                "UPDATE accounts SET main_company_id = NULL WHERE id = ?1 AND main_company_id = ?2",
                [actor, org_id],
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
        actor: &str,
        org_id: &str,
        membership_id: &str,
    ) -> Result<MemberDetail> {
        self.read(actor, |conn| {
            let acting = access::acting(conn, org_id, actor)?;
            acting.require(Permission::MembersView)?;
            let member = load_member(conn, org_id, membership_id)?;
            let target = access::target_member(conn, org_id, membership_id)?;
            let phone: String = conn.query_row(
                "SELECT phone FROM accounts WHERE id = ?1",
                [&member.account_id],
                |r| r.get(0),
            )?;
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
            let recent_activity = audit::recent_for_member(conn, org_id, &member.account_id, 20)?;
            let login_history = accounts::login_history(conn, &member.account_id, 20)?;
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

fn remove_in_tx(tx: &Tx<'_>, acting: &Acting, target: &TargetMember) -> Result<()> {
    let owner: String = tx.db.query_row(
        "SELECT account_id FROM memberships WHERE org_id = ?1 AND is_owner = 1",
        [&acting.org_id],
        |r| r.get(0),
    )?;
    let moved = tx.db.execute(
        "UPDATE agents SET owner_id = ?1 WHERE org_id = ?2 AND owner_id = ?3",
        params![owner, acting.org_id, target.account_id],
    )?;
    tx.db.execute(
        "DELETE FROM memberships WHERE id = ?1",
        [&target.membership_id],
    )?;
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
    let pending: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM invitations WHERE org_id = ?1 AND email = ?2 AND status = 'pending' AND expires_at > ?3)",
        params![org_id, email, now],
        |r| r.get(0),
    )?;
    if pending {
        return Err(Error::Conflict(format!(
            "{email} already has a pending invitation; resend or revoke it instead."
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages must walk a sort index, never sort the organization's members.
    #[test]
    fn member_pages_use_the_sort_indexes_without_sorting() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = crate::Store::open(dir.path()).expect("store");
        let conn = store.conn();
        for (sort, index) in [
            (MemberSort::Name, "memberships_by_name"),
            (MemberSort::Email, "memberships_by_email"),
            (MemberSort::LastLogin, "memberships_by_login"),
        ] {
            for dir in ["ASC", "DESC"] {
                let sql = format!(
                    "EXPLAIN QUERY PLAN {}",
                    page_sql(
                        sort_column(sort),
                        dir,
                        "m.org_id = 'o' AND m.status = 'active'"
                    )
                );
                let mut stmt = conn.prepare(&sql).expect("plan");
                let plan: Vec<String> = stmt
                    .query_map(params![50, 0], |r| r.get::<_, String>(3))
                    .expect("rows")
                    .collect::<rusqlite::Result<_>>()
                    .expect("plan rows");
                let plan = plan.join(" / ");
                assert!(plan.contains(index), "{sort:?} {dir}: {plan}");
                assert!(
                    !plan.contains("TEMP B-TREE FOR ORDER BY")
                        || plan.matches("TEMP B-TREE").count() == 1,
                    "{sort:?} {dir}: {plan}"
                );
            }
        }
    }
}
