//! Snapshots of an organization (R50, R56): who is in it, with which role and status and
//! what their source says, as of one moment. One row per snapshot holding a deflated
//! JSON array ordered by account id, so 100,000 members take a few megabytes and two
//! snapshots diff in one merge pass.

use crate::access::{self, Acting};
use crate::service::{Rolecall, Target, Tx, new_id};
use crate::{Error, Result};
use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use rolecall_types::ids::{AccountId, OrgId};
use rolecall_types::permissions::Permission;
use rolecall_types::review::{
    DiffCounts, DiffKind, DiffRow, Privilege, SnapshotDiff, SnapshotInfo, SnapshotRef,
};
use rusqlite::OptionalExtension;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use serde_json::json;
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
    /// The role's level (R27): a higher one is more privilege.
    #[serde(default)]
    pub level: u8,
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

/// Records the organization as it is now in this transaction; gives the snapshot's id
/// and how many members it holds.
/// Members stream from the query through the JSON writer into the compressor, so
/// memory holds the compressed snapshot only.
pub(crate) fn take(tx: &Tx<'_>, org_id: &str, import_id: Option<&str>) -> Result<(String, u64)> {
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
    Ok((id, count as u64))
}

/// The members of a stored snapshot.
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
                r.level, s.source, s.source_id, s.status, s.last_sign_in, s.two_factor, s.account_type, s.department, s.title, s.manager
         FROM memberships m JOIN accounts a ON a.id = m.account_id JOIN roles r ON r.id = m.role_id
         LEFT JOIN member_sources s ON s.membership_id = m.id
         WHERE m.org_id = ?1 ORDER BY m.account_id",
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
            level: r.get::<_, i64>(6)?.clamp(0, 100) as u8,
            source: r.get(7)?,
            source_id: r.get(8)?,
            source_status: r.get(9)?,
            last_sign_in: r.get(10)?,
            two_factor: r.get(11)?,
            account_type: r.get(12)?,
            department: r.get(13)?,
            title: r.get(14)?,
            manager: r.get(15)?,
        })?;
    }
    Ok(())
}

impl Rolecall {
    /// R56: the organization's snapshots, newest first.
    pub fn list_snapshots(&self, actor: &AccountId, org_id: &OrgId) -> Result<Vec<SnapshotInfo>> {
        self.read(actor, |conn| {
            require_review(conn, org_id, actor)?;
            let mut stmt = conn.prepare(
                "SELECT s.id, s.taken_at, s.members, i.file_name FROM snapshots s LEFT JOIN imports i ON i.id = s.import_id
                 WHERE s.org_id = ?1 ORDER BY s.taken_at DESC, s.id DESC",
            )?;
            let rows = stmt
                .query_map([org_id], |r| {
                    let file: Option<String> = r.get(3)?;
                    Ok(SnapshotInfo {
                        id: r.get(0)?,
                        taken_at: r.get(1)?,
                        members: r.get(2)?,
                        reason: match file {
                            Some(file) => format!("Import of {file}"),
                            None => "Taken on demand".to_string(),
                        },
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// R56: records the organization as it is now.
    pub fn take_snapshot(&self, actor: &AccountId, org_id: &OrgId) -> Result<SnapshotInfo> {
        self.write(Some(actor), |tx| {
            let acting = require_review(&tx.db, org_id, actor)?;
            let (id, members) = take(tx, org_id, None)?;
            tx.audit(
                Some(acting.org()),
                "snapshot.taken",
                Target {
                    kind: "organization",
                    id: Some(org_id),
                    name: &acting.org_name,
                },
                json!({ "snapshot": id, "members": members }),
            )?;
            Ok(SnapshotInfo {
                id,
                taken_at: tx.now,
                members,
                reason: "Taken on demand".into(),
            })
        })
    }

    /// R56: what changed from `from` to `to` (either a snapshot of this organization or
    /// now).
    pub fn diff_snapshots(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        from: &SnapshotRef,
        to: &SnapshotRef,
    ) -> Result<SnapshotDiff> {
        self.read(actor, |conn| {
            require_review(conn, org_id, actor)?;
            let (before, from_label) = side(conn, org_id, from)?;
            let (after, to_label) = side(conn, org_id, to)?;
            Ok(diff(&before, &after, from_label, to_label))
        })
    }
}

/// The diff CSV's columns.
const DIFF_CSV_HEADER: &[&str] = &[
    "Change",
    "Name",
    "E-mail",
    "Before",
    "After",
    "Privilege",
    "From",
    "To",
];

impl Rolecall {
    /// R56: the comparison as CSV, one row per person and change; gives the rows.
    pub fn export_diff(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        from: &SnapshotRef,
        to: &SnapshotRef,
        out: &mut dyn Write,
    ) -> Result<u64> {
        let diff = self.diff_snapshots(actor, org_id, from, to)?;
        crate::export::csv_row(out, DIFF_CSV_HEADER)?;
        for row in &diff.rows {
            crate::export::csv_row(
                out,
                &[
                    row.kind.label(),
                    &row.name,
                    &row.email,
                    &row.before,
                    &row.after,
                    match row.privilege {
                        Some(Privilege::Gained) => "Gained",
                        Some(Privilege::Lost) => "Lost",
                        None => "",
                    },
                    &diff.from,
                    &diff.to,
                ],
            )?;
        }
        out.flush()
            .map_err(|e| Error::io("Could not write the comparison", e))?;
        Ok(diff.rows.len() as u64)
    }

    /// The name a comparison is offered under: "acme-changes-2026-11-29.csv".
    pub fn diff_file_name(&self, actor: &AccountId, org_id: &OrgId) -> Result<String> {
        let slug = self.organization(actor, org_id)?.slug;
        Ok(format!(
            "{slug}-changes-{}.csv",
            crate::iso_date(self.now())
        ))
    }

    /// R56: writes the comparison to `target`, which appears only once complete.
    pub fn export_diff_to_file(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        from: &SnapshotRef,
        to: &SnapshotRef,
        target: &std::path::Path,
    ) -> Result<rolecall_types::model::ExportOutcome> {
        let mut file = crate::files::AtomicFile::create(target)?;
        let rows = self.export_diff(actor, org_id, from, to, &mut file)?;
        let bytes = file.commit()?;
        Ok(rolecall_types::model::ExportOutcome {
            path: target.display().to_string(),
            rows,
            bytes,
        })
    }
}

/// Snapshots show every member and their source fields: Members·view and Audit
/// log·view.
fn require_review(conn: &Connection, org_id: &str, actor: &str) -> Result<Acting> {
    let acting = access::acting(conn, org_id, actor)?;
    acting.require(Permission::MembersView)?;
    acting.require(Permission::AuditView)?;
    Ok(acting)
}

/// One side of a comparison and its label.
fn side(
    conn: &Connection,
    org_id: &str,
    which: &SnapshotRef,
) -> Result<(Vec<SnapshotMember>, String)> {
    match which {
        SnapshotRef::Now => Ok((members_now(conn, org_id)?, "Now".to_string())),
        SnapshotRef::Snapshot { id } => {
            let taken: Option<i64> = conn
                .query_row(
                    "SELECT taken_at FROM snapshots WHERE id = ?1 AND org_id = ?2",
                    [id, org_id],
                    |r| r.get(0),
                )
                .optional()?;
            let taken = taken.ok_or_else(|| {
                Error::NotFound("That snapshot is not one of this organization's (it may have been deleted with it).".into())
            })?;
            Ok((
                load(conn, id)?,
                format!("Snapshot of {}", crate::iso_time(taken)),
            ))
        }
    }
}

fn yes_no(v: Option<bool>) -> String {
    match v {
        Some(true) => "Yes".into(),
        Some(false) => "No".into(),
        None => String::new(),
    }
}

/// A membership's status in words.
pub(crate) fn status(active: bool) -> &'static str {
    if active { "Active" } else { "Deactivated" }
}

/// What the source says that a reviewer compares (not the last sign-in, which moves
/// with every export).
fn source_line(m: &SnapshotMember) -> String {
    [
        &m.source_status,
        &m.account_type,
        &m.department,
        &m.title,
        &m.manager,
    ]
    .iter()
    .map(|v| v.as_deref().unwrap_or(""))
    .collect::<Vec<_>>()
    .join(" · ")
}

/// Both sides are ordered by account id: one merge pass.
pub(crate) fn diff(
    before: &[SnapshotMember],
    after: &[SnapshotMember],
    from: String,
    to: String,
) -> SnapshotDiff {
    let mut rows = Vec::new();
    let mut counts = DiffCounts::default();
    let row = |kind, m: &SnapshotMember, before: String, after: String, privilege| DiffRow {
        kind,
        account_id: m.account_id.clone(),
        email: m.email.clone(),
        name: m.name.clone(),
        before,
        after,
        privilege,
    };
    let (mut i, mut j) = (0, 0);
    while i < before.len() || j < after.len() {
        let order = match (before.get(i), after.get(j)) {
            (Some(b), Some(a)) => b.account_id.cmp(&a.account_id),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        match order {
            std::cmp::Ordering::Less => {
                let b = &before[i];
                counts.left += 1;
                rows.push(row(DiffKind::Left, b, b.role.clone(), String::new(), None));
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                let a = &after[j];
                counts.joined += 1;
                rows.push(row(
                    DiffKind::Joined,
                    a,
                    String::new(),
                    a.role.clone(),
                    None,
                ));
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                let (b, a) = (&before[i], &after[j]);
                if b.role != a.role || b.owner != a.owner {
                    counts.role_changed += 1;
                    let rank = |m: &SnapshotMember| (m.owner, m.level);
                    let privilege = match rank(a).cmp(&rank(b)) {
                        std::cmp::Ordering::Greater => Some(Privilege::Gained),
                        std::cmp::Ordering::Less => Some(Privilege::Lost),
                        std::cmp::Ordering::Equal => None,
                    };
                    rows.push(row(
                        DiffKind::RoleChanged,
                        a,
                        b.role.clone(),
                        a.role.clone(),
                        privilege,
                    ));
                }
                if b.active != a.active {
                    counts.status_changed += 1;
                    rows.push(row(
                        DiffKind::StatusChanged,
                        a,
                        status(b.active).into(),
                        status(a.active).into(),
                        None,
                    ));
                }
                if b.two_factor != a.two_factor {
                    counts.two_factor_changed += 1;
                    rows.push(row(
                        DiffKind::TwoFactorChanged,
                        a,
                        yes_no(b.two_factor),
                        yes_no(a.two_factor),
                        None,
                    ));
                }
                let (sb, sa) = (source_line(b), source_line(a));
                if sb != sa {
                    counts.source_changed += 1;
                    rows.push(row(DiffKind::SourceChanged, a, sb, sa, None));
                }
                i += 1;
                j += 1;
            }
        }
    }
    rows.sort_by(|x, y| {
        x.name
            .to_lowercase()
            .cmp(&y.name.to_lowercase())
            .then(x.email.cmp(&y.email))
    });
    SnapshotDiff {
        from,
        to,
        counts,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, role: &str, level: u8, owner: bool) -> SnapshotMember {
        SnapshotMember {
            account_id: id.into(),
            email: format!("{id}@example.com"),
            name: id.into(),
            role: role.into(),
            level,
            owner,
            active: true,
            source: None,
            source_id: None,
            source_status: None,
            last_sign_in: None,
            two_factor: None,
            account_type: None,
            department: None,
            title: None,
            manager: None,
        }
    }

    #[test]
    fn r56_a_diff_marks_privilege_gained_and_lost() {
        let before = vec![
            member("a", "Owner", 100, true),
            member("b", "Admin", 90, false),
            member("c", "Member", 10, false),
            member("d", "Member", 10, false),
        ];
        let mut after = vec![
            member("a", "Admin", 90, false),
            member("b", "Owner", 100, true),
            member("d", "Member", 10, false),
            member("e", "Member", 10, false),
        ];
        after[2].active = false;
        after[2].two_factor = Some(true);
        let d = diff(&before, &after, "before".into(), "after".into());
        let kinds: Vec<(String, DiffKind, Option<Privilege>)> = d
            .rows
            .iter()
            .map(|r| (r.account_id.clone(), r.kind, r.privilege))
            .collect();
        assert_eq!(
            kinds,
            [
                ("a".into(), DiffKind::RoleChanged, Some(Privilege::Lost)),
                ("b".into(), DiffKind::RoleChanged, Some(Privilege::Gained)),
                ("c".into(), DiffKind::Left, None),
                ("d".into(), DiffKind::StatusChanged, None),
                ("d".into(), DiffKind::TwoFactorChanged, None),
                ("e".into(), DiffKind::Joined, None),
            ]
        );
        assert_eq!(d.counts.role_changed, 2);
        assert!(
            diff(&before, &before, String::new(), String::new())
                .rows
                .is_empty()
        );
    }

    #[test]
    fn r50_a_snapshot_reads_back_as_the_members_it_recorded() {
        let dir = tempfile::tempdir().expect("dir");
        let (core, ann) = crate::test_support::core_with_ann(dir.path());
        let org = ann.main_company.expect("company").id;
        let members = core
            .read(&ann.account.id, |conn| members_now(conn, &org))
            .expect("members");
        let (id, _) = core
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
