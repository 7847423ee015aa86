//! Reading the audit log (R42–R43): filtered pages for an organization, a member's
//! recent actions, the account's own activity. Writing happens in `service::Tx::audit`.

use crate::Result;
use crate::access;
use crate::service::Rolecall;
use rolecall_types::ids::{AccountId, OrgId};
use rolecall_types::model::{AuditActor, AuditEntry, AuditFacets, AuditPage, AuditQuery, DayCount};
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
    let entries = filtered(conn, org_id, query, limit)?;
    let next_before_id = (entries.len() == limit as usize)
        .then(|| entries.last().map(|e| e.id))
        .flatten();
    Ok(AuditPage {
        entries,
        next_before_id,
    })
}

/// The WHERE clause of the query's filters (actor, action, date range) and its values.
fn conditions(org_id: &str, query: &AuditQuery) -> (String, Vec<Value>) {
    let mut sql = "org_id = ?".to_string();
    let mut args: Vec<Value> = vec![org_id.to_string().into()];
    if let Some(actor) = query.actor_id.as_ref().filter(|a| !a.is_empty()) {
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
    (sql, args)
}

/// Entries matching the query's filters, newest first, older than `before_id`, at most
/// `limit` (any size: exports read in batches through this).
pub(crate) fn filtered(
    conn: &Connection,
    org_id: &str,
    query: &AuditQuery,
    limit: u32,
) -> Result<Vec<AuditEntry>> {
    let (filters, mut args) = conditions(org_id, query);
    let mut sql = format!("SELECT {AUDIT_COLUMNS} FROM audit_log WHERE {filters}");
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
    Ok(entries)
}

/// How many entries match the query's filters (paging fields ignored).
pub(crate) fn count_filtered(conn: &Connection, org_id: &str, query: &AuditQuery) -> Result<u64> {
    let (filters, args) = conditions(org_id, query);
    let sql = format!("SELECT count(*) FROM audit_log WHERE {filters}");
    Ok(conn.query_row(&sql, params_from_iter(args.iter()), |r| r.get(0))?)
}

/// The distinct actions and actors of an organization's log, each found by index seeks
/// (a skip scan), so the filters load as fast at a million entries as at ten.
fn facets(conn: &Connection, org_id: &str) -> Result<AuditFacets> {
    let mut stmt = conn.prepare_cached(
        "WITH RECURSIVE a(action) AS (
             SELECT min(action) FROM audit_log WHERE org_id = ?1
             UNION ALL
             SELECT (SELECT min(action) FROM audit_log WHERE org_id = ?1 AND action > a.action)
             FROM a WHERE a.action IS NOT NULL)
         SELECT action FROM a WHERE action IS NOT NULL",
    )?;
    let actions = stmt
        .query_map([org_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    let mut stmt = conn.prepare_cached(
        "WITH RECURSIVE p(actor) AS (
             SELECT min(actor_id) FROM audit_log WHERE org_id = ?1 AND actor_id IS NOT NULL
             UNION ALL
             SELECT (SELECT min(actor_id) FROM audit_log WHERE org_id = ?1 AND actor_id > p.actor)
             FROM p WHERE p.actor IS NOT NULL)
         SELECT p.actor,
                (SELECT actor_name FROM audit_log WHERE org_id = ?1 AND actor_id = p.actor ORDER BY id DESC LIMIT 1)
         FROM p WHERE p.actor IS NOT NULL",
    )?;
    let mut actors = stmt
        .query_map([org_id], |r| {
            Ok(AuditActor {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    actors.sort_by_cached_key(|a| a.name.to_lowercase());
    Ok(AuditFacets { actions, actors })
}

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Entries per UTC day for the `days` days up to and including `now`'s, oldest first,
/// days without entries included as zero.
pub(crate) fn per_day(
    conn: &Connection,
    org_id: &str,
    now: i64,
    days: u32,
) -> Result<Vec<DayCount>> {
    let today = now.div_euclid(DAY_MS) * DAY_MS;
    let first = today - i64::from(days.saturating_sub(1)) * DAY_MS;
    let mut stmt = conn.prepare_cached(
        "SELECT (at / ?3) * ?3 AS day, count(*) FROM audit_log
         WHERE org_id = ?1 AND at >= ?2 GROUP BY day",
    )?;
    let found: std::collections::HashMap<i64, u64> = stmt
        .query_map(params![org_id, first, DAY_MS], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok((0..i64::from(days))
        .map(|i| {
            let day = first + i * DAY_MS;
            DayCount {
                day,
                entries: found.get(&day).copied().unwrap_or(0),
            }
        })
        .collect())
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
    pub fn audit_log(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        query: &AuditQuery,
    ) -> Result<AuditPage> {
        self.read(actor, |conn| {
            access::acting(conn, org_id, actor)?.require(Permission::AuditView)?;
            query_org(conn, org_id, query)
        })
    }

    /// R43: what the audit log's actor and action filters offer (Audit log·view).
    pub fn audit_facets(&self, actor: &AccountId, org_id: &OrgId) -> Result<AuditFacets> {
        self.read(actor, |conn| {
            access::acting(conn, org_id, actor)?.require(Permission::AuditView)?;
            facets(conn, org_id)
        })
    }

    /// R43: Account → Activity: the account's own actions everywhere, newest first.
    pub fn account_activity(
        &self,
        actor: &AccountId,
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
