//! Snapshots of an organization (R50): who is in it, with which role and status and
//! what their source says, as of one moment. One row per snapshot holding a deflated
//! JSON array ordered by account id, so 100,000 members take a few megabytes and two
//! snapshots diff in one merge pass.

use crate::service::{Tx, new_id};
use crate::{Error, Result};
use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};

/// The layout of `snapshots.data` this build writes.
const FORMAT: i64 = 1;

/// One member as a snapshot keeps them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SnapshotMember {
    pub account_id: String,
    pub email: String,
    pub name: String,
    pub role: String,
    pub owner: bool,
    pub active: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sign_in: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub two_factor: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<String>,
}

/// Records the organization as it is now in this transaction; gives the snapshot's id.
pub(crate) fn take(tx: &Tx<'_>, org_id: &str, import_id: Option<&str>) -> Result<String> {
    let members = members_now(&tx.db, org_id)?;
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::fast());
    serde_json::to_writer(&mut encoder, &members)
        .map_err(|e| Error::Storage(format!("The snapshot could not be written: {e}")))?;
    let data = encoder
        .finish()
        .and_then(|mut w| w.flush().map(|()| w))
        .map_err(|e| Error::Storage(format!("The snapshot could not be written: {e}")))?;
    let id = new_id();
    tx.db.execute(
        "INSERT INTO snapshots (id, org_id, import_id, taken_at, members, format, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, org_id, import_id, tx.now, members.len() as i64, FORMAT, data],
    )?;
    Ok(id)
}

/// The members of a stored snapshot.
#[allow(dead_code)] // read by the access review
pub(crate) fn load(conn: &Connection, snapshot_id: &str) -> Result<Vec<SnapshotMember>> {
    let (format, data): (i64, Vec<u8>) = conn.query_row(
        "SELECT format, data FROM snapshots WHERE id = ?1",
        [snapshot_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if format != FORMAT {
        return Err(Error::Storage(format!(
            "This snapshot was written by a newer Rolecall (format {format}); update Rolecall to read it."
        )));
    }
    let mut json = Vec::new();
    DeflateDecoder::new(data.as_slice())
        .read_to_end(&mut json)
        .map_err(|e| Error::Storage(format!("The snapshot is damaged: {e}")))?;
    serde_json::from_slice(&json)
        .map_err(|e| Error::Storage(format!("The snapshot is damaged: {e}")))
}

/// The organization's members now, ordered by account id.
pub(crate) fn members_now(conn: &Connection, org_id: &str) -> Result<Vec<SnapshotMember>> {
    let mut stmt = conn.prepare(
        "SELECT a.id, a.email, a.first_name || ' ' || a.last_name, r.name, m.is_owner, m.status = 'active',
                s.source, s.source_id, s.status, s.last_sign_in, s.two_factor, s.account_type, s.department, s.title, s.manager
         FROM memberships m JOIN accounts a ON a.id = m.account_id JOIN roles r ON r.id = m.role_id
         LEFT JOIN member_sources s ON s.membership_id = m.id
         WHERE m.org_id = ?1 ORDER BY a.id",
    )?;
    let rows = stmt
        .query_map([org_id], |r| {
            Ok(SnapshotMember {
                account_id: r.get(0)?,
                email: r.get(1)?,
                name: r.get(2)?,
                role: r.get(3)?,
                owner: r.get(4)?,
                active: r.get(5)?,
                source: r.get(6)?,
                source_id: r.get(7)?,
                source_status: r.get(8)?,
                last_sign_in: r.get(9)?,
                two_factor: r.get(10)?,
                account_type: r.get(11)?,
                department: r.get(12)?,
                title: r.get(13)?,
                manager: r.get(14)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
