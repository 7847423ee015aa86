//! Numbered schema migrations. Each entry is applied once, in order, in the one write
//! transaction of the upgrade, which also sets `PRAGMA user_version`. Never edit a shipped migration:
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
    include_str!("migrations/0005_sign_in_attempts.sql"),
    include_str!("migrations/0006_imports.sql"),
    include_str!("migrations/0007_reviews.sql"),
    include_str!("migrations/0008_member_counts.sql"),
    include_str!("migrations/0009_search_covering_indexes.sql"),
    include_str!("migrations/0010_member_sources_by_org.sql"),
];

/// The schema version this build writes.
pub const LATEST_VERSION: u32 = MIGRATIONS.len() as u32;

/// Applies every migration after `from`, inside the caller's write transaction (which
/// holds SQLite's write lock, so no other instance migrates at the same time).
pub(super) fn apply(conn: &Connection, from: u32) -> Result<()> {
    debug_assert!(
        !conn.is_autocommit(),
        "migrations run inside the caller's transaction"
    );
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        let version = index + 1;
        conn.execute_batch(sql)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        conn.pragma_update(None, "user_version", version as i64)?;
        tracing::info!(version, "applied database migration");
    }
    Ok(())
}
