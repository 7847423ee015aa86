//! The `sign_in_attempts` table (R2, R6): each attempt by e-mail, and the back-off that
//! failures earn. Five failures in a row are free; from the sixth on, each one makes
//! the e-mail wait 30 seconds, doubling up to 15 minutes, before the next attempt —
//! on the core's clock, so tests move time instead of sleeping.

use crate::Result;
use rolecall_types::model::Millis;
use rusqlite::{Connection, params};

/// Failures in a row that cost nothing.
pub(crate) const FREE_FAILURES: i64 = 5;
/// The wait after the first failure beyond the free ones.
pub(crate) const FIRST_WAIT_MS: Millis = 30_000;
/// The longest wait.
pub(crate) const MAX_WAIT_MS: Millis = 15 * 60_000;
/// Failures older than this no longer count.
const WINDOW_MS: Millis = 24 * 60 * 60_000;
/// Attempts are kept this long.
const KEEP_MS: Millis = 90 * 24 * 60 * 60_000;

/// The e-mail as the table keeps it: an over-long one is cut, it matches no account.
fn key(email: &str) -> String {
    email.chars().take(254).collect()
}

/// Until when `email` must wait before the next attempt, if it must.
pub(crate) fn locked_until(conn: &Connection, email: &str, now: Millis) -> Result<Option<Millis>> {
    let (failures, last): (i64, Option<Millis>) = conn.query_row(
        "SELECT count(*), max(at) FROM sign_in_attempts
         WHERE email = ?1 AND succeeded = 0 AND at > ?2
           AND at > COALESCE((SELECT max(at) FROM sign_in_attempts WHERE email = ?1 AND succeeded = 1), -1)",
        params![key(email), now - WINDOW_MS],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let Some(last) = last.filter(|_| failures > FREE_FAILURES) else {
        return Ok(None);
    };
    let doublings = u32::try_from((failures - FREE_FAILURES - 1).min(10)).unwrap_or(10);
    let wait = (FIRST_WAIT_MS << doublings).min(MAX_WAIT_MS);
    Ok(Some(last + wait))
}

/// Records one attempt, and forgets attempts older than the keeping period.
pub(crate) fn record(
    conn: &Connection,
    email: &str,
    account_id: Option<&str>,
    at: Millis,
    succeeded: bool,
) -> Result<()> {
    conn.execute(
        "INSERT INTO sign_in_attempts (email, account_id, at, succeeded) VALUES (?1, ?2, ?3, ?4)",
        params![key(email), account_id, at, succeeded],
    )?;
    conn.execute("DELETE FROM sign_in_attempts WHERE at < ?1", [at - KEEP_MS])?;
    Ok(())
}

/// Forgets the attempts of a deleted account's e-mail.
pub(crate) fn forget(conn: &Connection, email: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM sign_in_attempts WHERE email = ?1",
        [key(email)],
    )?;
    Ok(())
}

/// "30 seconds", "1 minute": how long to wait, rounded up.
pub(crate) fn wait_words(ms: Millis) -> String {
    let seconds = (ms.max(1) + 999) / 1000;
    if seconds < 60 {
        plural(seconds, "second")
    } else {
        plural((seconds + 59) / 60, "minute")
    }
}

fn plural(n: i64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}
