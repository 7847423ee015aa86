//! Reading the audit log (R42–R43): filtered pages for an organization, a member's
//! recent actions, the account's own activity. Writing happens in `service::Tx::audit`.

use crate::Result;
use crate::access;
use crate::service::Rolecall;
use rolecall_types::model::{AuditEntry, AuditPage, AuditQuery};
use rolecall_types::permissions::Permission;
use rusqlite::types::Value;
use rusqlite::{Connection, Row, params, params_from_iter};

/// The largest page of audit entries.
pub const MAX_AUDIT_PAGE: u32 = 1000;

const AUDIT_COLUMNS: &str = "id, at, actor_id, actor_name, org_id, org_name, action, target_type, target_id, target_name, details";

fn entry_from_row(r: &Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        actor_id: r.get(2)?,
        actor_name: r.get(3)?,
        org_id: r.get(4)?,
        org_name: r.get(5)?,
        action: r.get(6)?,
        target_type: r.get(7)?,
        target_id: r.get(8)?,
        target_name: r.get(9)?,
        details: r.get(10)?,
    })
}

pub(crate) fn query_org(conn: &Connection, org_id: &str, query: &AuditQuery) -> Result<AuditPage> {
    let limit = query.limit.clamp(1, MAX_AUDIT_PAGE);
    let mut sql = format!("SELECT {AUDIT_COLUMNS} FROM audit_log WHERE org_id = ?");
    let mut args: Vec<Value> = vec![org_id.to_string().into()];
    if let Some(actor) = &query.actor_id {
        sql.push_str(" AND actor_id = ?");
        args.push(actor.clone().into());
    }
    if let Some(action) = query.action.as_ref().filter(|a| !a.is_empty()) {
        sql.push_str(" AND action = ?");
        args.push(action.clone().into());
    }
    if let Some(from) = query.from {
        sql.push_str(" AND at >= ?");
        args.push(from.into());
    }
    if let Some(to) = query.to {
        sql.push_str(" AND at < ?");
        args.push(to.into());
    }
    if let Some(before) = query.before_id {
        sql.push_str(" AND id < ?");
        args.push(before.into());
    }
    sql.push_str(" ORDER BY id DESC LIMIT ?");
    args.push(i64::from(limit).into());
    let mut stmt = conn.prepare_cached(&sql)?;
    let entries: Vec<AuditEntry> = stmt
        .query_map(params_from_iter(args.iter()), entry_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let next_before_id = (entries.len() == limit as usize)
        .then(|| entries.last().map(|e| e.id))
        .flatten();
    Ok(AuditPage {
        entries,
        next_before_id,
    })
}

pub(crate) fn recent_for_member(
    conn: &Connection,
    org_id: &str,
    account_id: &str,
    limit: u32,
) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {AUDIT_COLUMNS} FROM audit_log WHERE org_id = ?1 AND actor_id = ?2 ORDER BY id DESC LIMIT ?3"
    ))?;
    let rows = stmt
        .query_map(params![org_id, account_id, limit], entry_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

impl Rolecall {
    /// R43: the organization's audit log, newest first, filtered (Audit log·view).
    pub fn audit_log(&self, actor: &str, org_id: &str, query: &AuditQuery) -> Result<AuditPage> {
        self.read(actor, |conn| {
            access::acting(conn, org_id, actor)?.require(Permission::AuditView)?;
            query_org(conn, org_id, query)
        })
    }

    /// R43: Account → Activity: the account's own actions everywhere, newest first.
    pub fn account_activity(
        &self,
        actor: &str,
        before_id: Option<i64>,
        limit: u32,
    ) -> Result<AuditPage> {
        self.read(actor, |conn| {
            let limit = limit.clamp(1, MAX_AUDIT_PAGE);
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {AUDIT_COLUMNS} FROM audit_log WHERE actor_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3"
            ))?;
            let entries: Vec<AuditEntry> = stmt
                .query_map(params![actor, before_id.unwrap_or(i64::MAX), limit], entry_from_row)?
                .collect::<rusqlite::Result<_>>()?;
            let next_before_id = (entries.len() == limit as usize).then(|| entries.last().map(|e| e.id)).flatten();
            Ok(AuditPage { entries, next_before_id })
        })
    }
}
