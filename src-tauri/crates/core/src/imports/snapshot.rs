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
use std::io::{BufWriter, Read, Write};

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
/// Members stream from the query through the JSON writer into the compressor, so
/// memory holds the compressed snapshot only.
pub(crate) fn take(tx: &Tx<'_>, org_id: &str, import_id: Option<&str>) -> Result<String> {
    let failed = |e: &dyn std::fmt::Display| {
        Error::Storage(format!("The snapshot could not be written: {e}"))
    };
    let encoder = DeflateEncoder::new(Vec::new(), Compression::fast());
    // Whole blocks for the compressor: it handles each write in one go.
    let mut out = BufWriter::with_capacity(1 << 16, encoder);
    let mut count = 0_i64;
    out.write_all(b"[").map_err(|e| failed(&e))?;
    for_each_member(&tx.db, org_id, &mut |member| {
        if count > 0 {
            out.write_all(b",").map_err(|e| failed(&e))?;
        }
        serde_json::to_writer(&mut out, &member).map_err(|e| failed(&e))?;
        count += 1;
        Ok(())
    })?;
    out.write_all(b"]").map_err(|e| failed(&e))?;
    let data = out
        .into_inner()
        .map_err(|e| failed(&e.error().to_string()))?
        .finish()
        .map_err(|e| failed(&e))?;
    let id = new_id();
    tx.db.execute(
        "INSERT INTO snapshots (id, org_id, import_id, taken_at, members, format, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, org_id, import_id, tx.now, count, FORMAT, data],
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
#[allow(dead_code)] // read by the access review
pub(crate) fn members_now(conn: &Connection, org_id: &str) -> Result<Vec<SnapshotMember>> {
    let mut members = Vec::new();
    for_each_member(conn, org_id, &mut |m| {
        members.push(m);
        Ok(())
    })?;
    Ok(members)
}

/// Calls `each` with every member of the organization now, ordered by account id.
fn for_each_member(
    conn: &Connection,
    org_id: &str,
    each: &mut dyn FnMut(SnapshotMember) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT a.id, a.email, a.first_name || ' ' || a.last_name, r.name, m.is_owner, m.status = 'active',
                s.source, s.source_id, s.status, s.last_sign_in, s.two_factor, s.account_type, s.department, s.title, s.manager
         FROM memberships m JOIN accounts a ON a.id = m.account_id JOIN roles r ON r.id = m.role_id
         LEFT JOIN member_sources s ON s.membership_id = m.id
         WHERE m.org_id = ?1 ORDER BY a.id",
    )?;
    let mut rows = stmt.query([org_id])?;
    while let Some(r) = rows.next()? {
        each(SnapshotMember {
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
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use crate::{PasswordHashing, Rolecall, Store};
    use rolecall_types::model::RegisterRequest;
    use std::sync::Arc;

    #[test]
    fn r50_a_snapshot_reads_back_as_the_members_it_recorded() {
        let dir = tempfile::tempdir().expect("dir");
        let core = Rolecall::new(
            Store::open(dir.path()).expect("store"),
            Arc::new(ManualClock::new(1_768_471_200_000)),
            PasswordHashing::Fast,
        );
        let ann = core
            .register(&RegisterRequest {
                first_name: "Ann".into(),
                last_name: "Lee".into(),
                email: "ann@example.com".into(),
                password: "correct horse battery".into(),
                password_confirmation: "correct horse battery".into(),
            })
            .expect("register");
        let org = ann.main_company.expect("company").id;
        let members = core
            .read(&ann.account.id, |conn| members_now(conn, &org))
            .expect("members");
        let id = core
            .write(Some(&ann.account.id), |tx| take(tx, &org, None))
            .expect("take");
        let stored = core
            .read(&ann.account.id, |conn| load(conn, &id))
            .expect("load");
        assert_eq!(stored, members);
        assert_eq!(stored.len(), 1);
        assert!(stored[0].owner && stored[0].email == "ann@example.com");
    }
}
