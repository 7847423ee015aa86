//! Numbered schema migrations. Each entry is applied once, in order, in its own
//! transaction that also sets `PRAGMA user_version`. Never edit a shipped migration:
//! add the next number instead.

use super::APPLICATION_ID;
use crate::Result;
use rusqlite::Connection;

/// Migration `n` (1-based) is `MIGRATIONS[n - 1]`.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_app_meta.sql"),
    include_str!("migrations/0002_domain.sql"),
    include_str!("migrations/0003_api_keys.sql"),
    include_str!("migrations/0004_audit_filters.sql"),
];

/// The schema version this build writes.
pub const LATEST_VERSION: u32 = MIGRATIONS.len() as u32;

/// Applies every migration after `from`.
pub(super) fn apply(conn: &Connection, from: u32) -> Result<()> {
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        let version = index + 1;
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", version as i64)?;
        tx.commit()?;
        tracing::info!(version, "applied database migration");
    }
    Ok(())
}
