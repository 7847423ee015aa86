//! `import_mappings`: the column mappings users confirmed, remembered per header set
//! (an import's under the header's key, a roster's under `roster:` and the key).

use crate::{Error, Result};
use rolecall_import as reader;
use rusqlite::{Connection, OptionalExtension, params};

/// The mapping remembered under `key`, if any (one that no longer reads is forgotten).
pub(crate) fn remembered(conn: &Connection, key: &str) -> Result<Option<reader::Mapping>> {
    let stored: Option<String> = conn
        .prepare_cached("SELECT mapping FROM import_mappings WHERE header_key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?;
    Ok(stored.and_then(|m| serde_json::from_str(&m).ok()))
}

/// Remembers `mapping` under `key`, replacing what was there.
pub(crate) fn remember(
    conn: &Connection,
    key: &str,
    mapping: &reader::Mapping,
    now: i64,
) -> Result<()> {
    let json = serde_json::to_string(mapping).map_err(|e| Error::Storage(e.to_string()))?;
    conn.prepare_cached(
        "INSERT OR REPLACE INTO import_mappings (header_key, mapping, updated_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![key, json, now])?;
    Ok(())
}
