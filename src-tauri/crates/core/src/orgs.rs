//! Organizations (R10–R14): create with a generated or chosen slug, settings, delete
//! with everything in it, and the context switcher's list (R8, R21).

use crate::access;
use crate::service::{Rolecall, Target, Tx, new_id};
use crate::tables::memberships;
use crate::{Error, Result};
use rolecall_types::ids::{AccountId, OrgId};
use rolecall_types::model::{
    CreateOrganization, Notifications, Organization, OrganizationUpdate, Plan, SwitcherEntry,
};
use rolecall_types::permissions::{Permission, RoleKind, SYSTEM_ROLES};
use rolecall_types::validate;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::json;

const ORG_COLUMNS: &str = "o.id, o.name, o.slug, o.description, o.avatar IS NOT NULL, o.notify_member_joined, \
     o.notify_member_left, o.notify_api_keys, o.notify_low_balance, o.low_balance_threshold, o.plan, o.currency, o.created_at";

fn org_from_row(r: &Row<'_>) -> rusqlite::Result<Organization> {
    Ok(Organization {
        id: r.get(0)?,
        name: r.get(1)?,
        slug: r.get(2)?,
        description: r.get(3)?,
        has_avatar: r.get(4)?,
        notifications: Notifications {
            member_joined: r.get(5)?,
            member_left: r.get(6)?,
            api_keys: r.get(7)?,
            low_balance: r.get(8)?,
            low_balance_threshold: r.get(9)?,
        },
        plan: Plan::from_code(&r.get::<_, String>(10)?).unwrap_or(Plan::Free),
        currency: r.get(11)?,
        created_at: r.get(12)?,
    })
}

pub(crate) fn load_org(conn: &Connection, org_id: &str) -> Result<Organization> {
    conn.query_row(
        &format!("SELECT {ORG_COLUMNS} FROM organizations o WHERE o.id = ?1"),
        [org_id],
        org_from_row,
    )
    .optional()?
    .ok_or_else(|| {
        Error::NotFound("This organization does not exist (it may have been deleted).".into())
    })
}

fn slug_taken(conn: &Connection, slug: &str, except_org: Option<&str>) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM organizations WHERE slug = ?1 AND id IS NOT ?2",
            params![slug, except_org],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// R11: the slug generated from `name`: transliterated, hyphenated, cut to 45
/// characters, `org` when empty, and `-2`, `-3`, … appended while taken.
pub(crate) fn generate_slug(conn: &Connection, name: &str) -> Result<String> {
    let base = validate::slug_base_from_ascii(&deunicode::deunicode(name));
    if !slug_taken(conn, &base, None)? {
        return Ok(base);
    }
    for n in 2u64.. {
        let suffix = format!("-{n}");
        let mut stem: String = base
            .chars()
            .take(validate::SLUG_MAX - suffix.len())
            .collect();
        while stem.ends_with('-') {
            stem.pop();
        }
        let candidate = format!("{stem}{suffix}");
        if !slug_taken(conn, &candidate, None)? {
            return Ok(candidate);
        }
    }
    Err(Error::Conflict(
        "No free slug could be generated; type one.".into(),
    ))
}

/// A slug the admin typed: valid (R11) and free, or a message suggesting a free one.
fn chosen_slug(conn: &Connection, typed: &str, except_org: Option<&str>) -> Result<String> {
    let slug = validate::slug(typed)?;
    if slug_taken(conn, &slug, except_org)? {
        let suggestion = generate_slug(conn, &slug)?;
        return Err(Error::Conflict(format!(
            "Slug '{slug}' is taken — try '{suggestion}'."
        )));
    }
    Ok(slug)
}

/// R12: creates an organization owned by the transaction's actor, with the system
/// roles, the Owner membership and a default workspace.
pub(crate) fn create_in_tx(
    tx: &Tx<'_>,
    name: &str,
    typed_slug: Option<&str>,
) -> Result<Organization> {
    let name = validate::org_name(name)?;
    let slug = match typed_slug.map(str::trim).filter(|s| !s.is_empty()) {
        Some(typed) => chosen_slug(&tx.db, typed, None)?,
        None => generate_slug(&tx.db, &name)?,
    };
    let actor = tx.actor()?.clone();
    let org_id = new_id();
    tx.db.execute(
        "INSERT INTO organizations (id, name, slug, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![org_id, name, slug, tx.now],
    )?;
    let mut owner_role = String::new();
    for def in SYSTEM_ROLES {
        let role_id = new_id();
        if def.kind == RoleKind::Owner {
            owner_role = role_id.clone();
        }
        tx.db.execute(
            "INSERT INTO roles (id, org_id, name, kind, level, permissions, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                role_id,
                org_id,
                def.name,
                def.kind.code(),
                def.level,
                rolecall_types::permissions::PermissionSet::of(def.permissions).to_codes(),
                tx.now
            ],
        )?;
    }
    memberships::insert(&tx.db, tx.now, &org_id, &actor.id, &owner_role, true)?;
    let workspace_name: String = format!("{name} Workspace")
        .chars()
        .take(validate::WORKSPACE_NAME_MAX)
        .collect();
    tx.db.execute(
        "INSERT INTO workspaces (id, org_id, name, is_default, created_at) VALUES (?1, ?2, ?3, 1, ?4)",
        params![new_id(), org_id, workspace_name.trim_end(), tx.now],
    )?;
    tx.audit(
        Some((&org_id, &name)),
        "organization.created",
        Target {
            kind: "organization",
            id: Some(&org_id),
            name: &name,
        },
        json!({ "after": { "name": name, "slug": slug, "plan": "free" } }),
    )?;
    load_org(&tx.db, &org_id)
}

/// R14: removes the organization and everything in it; keeps one audit entry of the
/// deletion with a snapshot of its name and slug.
pub(crate) fn delete_in_tx(tx: &Tx<'_>, org_id: &str) -> Result<()> {
    let org = load_org(&tx.db, org_id)?;
    let counts: (u64, u64) = (
        memberships::count_in(&tx.db, org_id)?,
        tx.db.query_row(
            "SELECT count(*) FROM agents WHERE org_id = ?1",
            [org_id],
            |r| r.get(0),
        )?,
    );
    // R44: its keys' secrets leave the keyring after the commit; recorded here so a
    // keyring failure is retried at the next start.
    tx.db.execute(
        "INSERT OR REPLACE INTO keyring_cleanup (keyring_user, reason, recorded_at)
         SELECT org_id || '/' || id, 'organization deleted', ?2 FROM api_keys WHERE org_id = ?1 AND revoked_at IS NULL",
        params![org_id, tx.now],
    )?;
    tx.db
        .execute("DELETE FROM audit_log WHERE org_id = ?1", [org_id])?;
    tx.db
        .execute("DELETE FROM organizations WHERE id = ?1", [org_id])?;
    tx.audit(
        Some((org_id, &org.name)),
        "organization.deleted",
        Target { kind: "organization", id: Some(org_id), name: &org.name },
        json!({ "before": { "name": org.name, "slug": org.slug, "members": counts.0, "agents": counts.1 } }),
    )?;
    Ok(())
}

impl Rolecall {
    /// R11: the slug that a blank slug field would produce now (exact: it is free).
    pub fn suggest_slug(&self, actor: &AccountId, name: &str) -> Result<String> {
        self.read(actor, |conn| generate_slug(conn, name))
    }

    /// R12: any signed-in account creates organizations and becomes their Owner.
    pub fn create_organization(
        &self,
        actor: &AccountId,
        request: &CreateOrganization,
    ) -> Result<Organization> {
        self.write(Some(actor), |tx| {
            create_in_tx(tx, &request.name, Some(&request.slug))
        })
    }

    /// An organization the actor is an active member of.
    pub fn organization(&self, actor: &AccountId, org_id: &OrgId) -> Result<Organization> {
        self.read(actor, |conn| {
            access::acting(conn, org_id, actor)?.require(Permission::OrganizationView)?;
            load_org(conn, org_id)
        })
    }

    /// The organization with this slug (R13 routes), if the actor is a member.
    pub fn organization_by_slug(&self, actor: &AccountId, slug: &str) -> Result<Organization> {
        self.read(actor, |conn| {
            let id: String = conn
                .query_row(
                    "SELECT id FROM organizations WHERE slug = ?1",
                    [slug.trim().to_ascii_lowercase()],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| {
                    Error::NotFound(format!("There is no organization at /o/{slug}/."))
                })?;
            access::acting(conn, &id, actor)?.require(Permission::OrganizationView)?;
            load_org(conn, &id)
        })
    }

    /// R10, R11, R13: name, slug, description and notification toggles.
    pub fn update_organization(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        update: &OrganizationUpdate,
    ) -> Result<Organization> {
        let name = validate::org_name(&update.name)?;
        let description = validate::optional_text(
            "description",
            "Description",
            &update.description,
            validate::DESCRIPTION_MAX,
        )?;
        if update.notifications.low_balance_threshold < 0 {
            return Err(Error::invalid(
                "low_balance_threshold",
                "The balance threshold cannot be negative.",
            ));
        }
        self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            acting.require(Permission::OrganizationEdit)?;
            let before = load_org(&tx.db, org_id)?;
            let slug = if update.slug.trim().eq_ignore_ascii_case(&before.slug) {
                before.slug.clone()
            } else {
                chosen_slug(&tx.db, &update.slug, Some(org_id))?
            };
            let n = update.notifications;
            tx.db.execute(
                "UPDATE organizations SET name = ?1, slug = ?2, description = ?3, notify_member_joined = ?4,
                    notify_member_left = ?5, notify_api_keys = ?6, notify_low_balance = ?7, low_balance_threshold = ?8
                 WHERE id = ?9",
                params![name, slug, description, n.member_joined, n.member_left, n.api_keys, n.low_balance, n.low_balance_threshold, org_id],
            )?;
            let after = load_org(&tx.db, org_id)?;
            tx.audit(
                Some((org_id, &after.name)),
                "organization.updated",
                Target { kind: "organization", id: Some(org_id), name: &after.name },
                json!({ "before": org_facts(&before), "after": org_facts(&after) }),
            )?;
            Ok(after)
        })
    }

    /// R14: Owner only, after typing the slug.
    pub fn delete_organization(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        typed_slug: &str,
    ) -> Result<()> {
        self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            acting.require_owner("delete it")?;
            let org = load_org(&tx.db, org_id)?;
            if typed_slug.trim() != org.slug {
                return Err(Error::invalid(
                    "confirm_slug",
                    format!(
                        "Type the slug '{}' exactly to confirm the deletion.",
                        org.slug
                    ),
                ));
            }
            delete_in_tx(tx, org_id)
        })?;
        self.flush_keyring_cleanup();
        Ok(())
    }

    /// R8, R21: the organizations in the switcher: memberships with the role, and
    /// pending (unexpired) invitations for the account's e-mail, greyed.
    pub fn switcher(&self, actor: &AccountId) -> Result<Vec<SwitcherEntry>> {
        let now = self.now();
        self.read(actor, |conn| switcher_entries(conn, actor, now))
    }
}

fn org_facts(o: &Organization) -> serde_json::Value {
    json!({ "name": o.name, "slug": o.slug, "description": o.description, "notifications": o.notifications })
}

fn switcher_entries(conn: &Connection, actor: &str, now: i64) -> Result<Vec<SwitcherEntry>> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT o.id, o.name, o.slug, r.name, o.plan, m.status, a.main_company_id IS o.id
         FROM memberships m JOIN organizations o ON o.id = m.org_id JOIN roles r ON r.id = m.role_id
         JOIN accounts a ON a.id = m.account_id
         WHERE m.account_id = ?1 ORDER BY o.name COLLATE NOCASE, o.id",
    )?;
    let rows = stmt.query_map([actor], |r| {
        Ok(SwitcherEntry {
            org_id: r.get(0)?,
            name: r.get(1)?,
            slug: r.get(2)?,
            role_name: r.get(3)?,
            plan: Plan::from_code(&r.get::<_, String>(4)?).unwrap_or(Plan::Free),
            invitation_id: None,
            deactivated: r.get::<_, String>(5)? != "active",
            is_main_company: r.get(6)?,
        })
    })?;
    for row in rows {
        out.push(row?);
    }
    let mut stmt = conn.prepare(
        "SELECT o.id, o.name, o.slug, i.role_name, o.plan, i.id
         FROM invitations i JOIN organizations o ON o.id = i.org_id JOIN accounts a ON a.email = i.email
         WHERE a.id = ?1 AND i.status = 'pending' AND i.expires_at > ?2
           AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.org_id = i.org_id AND m.account_id = a.id)
         ORDER BY o.name COLLATE NOCASE, o.id",
    )?;
    let rows = stmt.query_map(params![actor, now], |r| {
        Ok(SwitcherEntry {
            org_id: r.get(0)?,
            name: r.get(1)?,
            slug: r.get(2)?,
            role_name: r.get(3)?,
            plan: Plan::from_code(&r.get::<_, String>(4)?).unwrap_or(Plan::Free),
            invitation_id: Some(r.get(5)?),
            deactivated: false,
            is_main_company: false,
        })
    })?;
    for row in rows {
        out.push(row?);
    }
    Ok(out)
}
