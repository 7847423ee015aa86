//! The `login_history` table: one row per sign-in (R6).

use crate::Result;
use rolecall_types::model::Millis;
use rusqlite::{Connection, params};

/// The account's sign-ins, newest first, at most `limit`.
pub(crate) fn history(conn: &Connection, account_id: &str, limit: u32) -> Result<Vec<Millis>> {
    let mut stmt = conn.prepare(
        "SELECT at FROM login_history WHERE account_id = ?1 ORDER BY at DESC, id DESC LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(params![account_id, limit], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The account's sign-ins at or after `since`, newest first, at most `limit`.
pub(crate) fn history_since(
    conn: &Connection,
    account_id: &str,
    since: Millis,
    limit: u32,
) -> Result<Vec<Millis>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at FROM login_history WHERE account_id = ?1 AND at >= ?2 ORDER BY at DESC, id DESC LIMIT ?3",
    )?;
    let rows = stmt
        .query_map(params![account_id, since, limit], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
