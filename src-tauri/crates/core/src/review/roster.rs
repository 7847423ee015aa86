//! HR rosters (R52): the HR system's list of employees — e-mail, status, termination
//! date — read through the import crate's CSV reader with the columns the user
//! confirmed in the mapping step (first shown as remembered for the header set, else
//! guessed from the names), kept per organization (the last one imported), so that
//! findings can name members who left the company but still have access here.

use crate::access;
use crate::import::{ChosenFile, ImportControl, file_error, unreadable};
use crate::service::{Rolecall, Target};
use crate::tables::mappings;
use crate::{Error, Result};
use rolecall_import as reader;
use rolecall_types::ids::{AccountId, OrgId};
use rolecall_types::import::{Choice, ColumnMapping};
use rolecall_types::permissions::Permission;
use rolecall_types::review::{RosterInfo, RosterPreview};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;
use std::collections::HashMap;
use std::sync::atomic::AtomicBool;

/// How many of a refused roster's problems its message quotes.
const QUOTED: usize = 3;

/// One person of a roster: whether HR says they left, and when.
pub(crate) struct RosterEntry {
    pub left: bool,
    pub terminated_at: Option<i64>,
}

/// The organization's roster, by lower-cased e-mail (empty when none was imported).
pub(crate) fn entries(conn: &Connection, org_id: &str) -> Result<HashMap<String, RosterEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT email, terminated, terminated_at FROM hr_roster_people WHERE org_id = ?1",
    )?;
    let rows = stmt
        .query_map([org_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                RosterEntry {
                    left: r.get(1)?,
                    terminated_at: r.get(2)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<HashMap<_, _>>>()?;
    Ok(rows)
}

/// What the organization's roster is, when there is one.
pub(crate) fn info(conn: &Connection, org_id: &str) -> Result<Option<RosterInfo>> {
    Ok(conn
        .prepare_cached(
            "SELECT file_name, imported_at, imported_by, people, terminated FROM hr_rosters WHERE org_id = ?1",
        )?
        .query_row([org_id], |r| {
                Ok(RosterInfo {
                    file_name: r.get(0)?,
                    imported_at: r.get(1)?,
                    imported_by: r.get(2)?,
                    people: r.get(3)?,
                    terminated: r.get(4)?,
                })
            },
        )
        .optional()?)
}

/// Where a roster's mapping is remembered: beside the import's mappings, under a key of
/// its own, so that a roster and an import of the same columns never share one.
fn remembered_key(header: &reader::Header) -> String {
    format!("roster:{}", header.key())
}

/// The roster's fields of `mapping` whose column this header has (by its text here).
fn roster_fields(mapping: reader::Mapping, header: &reader::Header) -> reader::Mapping {
    let columns = mapping
        .columns
        .into_iter()
        .filter(|(field, _)| reader::Field::ROSTER.contains(field))
        .filter_map(|(field, column)| {
            let wanted = column.trim();
            header
                .columns
                .iter()
                .find(|c| c.trim() == wanted)
                .or_else(|| {
                    header
                        .columns
                        .iter()
                        .find(|c| c.trim().eq_ignore_ascii_case(wanted))
                })
                .map(|c| (field, c.clone()))
        })
        .collect();
    reader::Mapping { columns }
}

/// The mapping remembered for rosters with these columns, if any.
fn remembered(conn: &Connection, header: &reader::Header) -> Result<Option<reader::Mapping>> {
    Ok(mappings::remembered(conn, &remembered_key(header))?
        .map(|m| roster_fields(m, header))
        .filter(|m| !m.columns.is_empty()))
}

/// The mapping to show first: the one remembered for these columns, else the first
/// guess from their names; and whether it was remembered.
fn proposed(conn: &Connection, header: &reader::Header) -> Result<(reader::Mapping, bool)> {
    Ok(match remembered(conn, header)? {
        Some(mapping) => (mapping, true),
        None => (
            roster_fields(reader::Mapping::suggest(header), header),
            false,
        ),
    })
}

/// The mapping the user confirmed, in the reader's terms; only the roster's fields.
fn confirmed(requested: &[ColumnMapping]) -> Result<reader::Mapping> {
    let mut columns = Vec::with_capacity(requested.len());
    for m in requested {
        let field = reader::Field::from_code(&m.field)
            .filter(|f| reader::Field::ROSTER.contains(f))
            .ok_or_else(|| {
                Error::invalid(
                    "mapping",
                    format!(
                        "An HR roster has no field \"{}\" to map a column to.",
                        m.field
                    ),
                )
            })?;
        if !m.column.trim().is_empty() {
            columns.push((field, m.column.clone()));
        }
    }
    Ok(reader::Mapping { columns })
}

/// Refuses a mapping that leaves out what a roster needs: the e-mail (members are found
/// by it) and a status or termination date (who left).
fn check(mapping: &reader::Mapping, header: &reader::Header) -> Result<()> {
    let has = |f: reader::Field| mapping.columns.iter().any(|(g, _)| *g == f);
    if !has(reader::Field::Email) {
        return Err(Error::invalid(
            "mapping",
            format!(
                "An HR roster needs an e-mail column: choose the column that holds each person's work e-mail, which Rolecall matches to its members. This file's columns are: {}.",
                header.columns.join(", ")
            ),
        ));
    }
    if !(has(reader::Field::Status) || has(reader::Field::TerminationDate)) {
        return Err(Error::invalid(
            "mapping",
            format!(
                "An HR roster needs a status or a termination date column to tell who left: choose one (for example \"Status\" or \"Termination Date\"). This file's columns are: {}.",
                header.columns.join(", ")
            ),
        ));
    }
    Ok(())
}

/// The roster's header row; a JSON file is refused.
fn roster_header(file: &ChosenFile) -> Result<reader::Header> {
    reader::header(&file.head)
        .map_err(file_error)?
        .ok_or_else(|| {
            Error::invalid(
                "file",
                "An HR roster is a CSV file (e-mail, status, termination date); this one is JSON.",
            )
        })
}

/// Opens the chosen file (size and SHA-256 first), nothing to cancel or report.
fn open(path: &str) -> Result<ChosenFile> {
    let cancel = AtomicBool::new(false);
    let mut progress = |_| {};
    let control = ImportControl {
        cancel: &cancel,
        progress: &mut progress,
    };
    ChosenFile::open(path, &control)
}

/// R52: reading and keeping rosters needs Review·run and Members·view here.
fn allowed(conn: &Connection, org_id: &OrgId, actor: &AccountId) -> Result<access::Acting> {
    let acting = access::acting(conn, org_id, actor)?;
    acting.require(Permission::ReviewRun)?;
    acting.require(Permission::MembersView)?;
    Ok(acting)
}

impl Rolecall {
    /// R52: the columns of the HR roster at `path` and the mapping to confirm: the one
    /// remembered for this header set, else the first guess from the columns' names.
    /// Nothing is read past the header, nothing is written.
    pub fn preview_roster(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        path: &str,
    ) -> Result<RosterPreview> {
        self.read(actor, |conn| allowed(conn, org_id, actor).map(drop))?;
        let file = open(path)?;
        let header = roster_header(&file)?;
        let (mapping, remembered) = self.read(actor, |conn| proposed(conn, &header))?;
        Ok(RosterPreview {
            file_name: file.name,
            fields: reader::Field::ROSTER
                .iter()
                .map(|f| Choice {
                    code: f.code().to_string(),
                    label: f.label().to_string(),
                })
                .collect(),
            mapping: mapping
                .columns
                .into_iter()
                .map(|(field, column)| ColumnMapping {
                    field: field.code().to_string(),
                    column,
                })
                .collect(),
            columns: header.columns,
            remembered,
        })
    }

    /// R52: reads the HR roster at `path` for the organization with the columns
    /// `mapping` gives (empty: remembered for these columns, else guessed), replacing
    /// the roster before, and remembers the mapping for files with the same columns. A
    /// mapping without the e-mail, or without a status or termination date, is refused
    /// with what to choose; a roster with a row Rolecall cannot read is refused whole
    /// (the message names the lines and columns) and nothing changes.
    pub fn import_roster(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        path: &str,
        mapping: &[ColumnMapping],
    ) -> Result<RosterInfo> {
        let now = self.now();
        // Refused before the file is read; checked again where it is stored.
        self.read(actor, |conn| allowed(conn, org_id, actor).map(drop))?;
        // The file is read before the write transaction, which then only stores it.
        let file = open(path)?;
        let header = roster_header(&file)?;
        let mapping = if mapping.is_empty() {
            self.read(actor, |conn| proposed(conn, &header))?.0
        } else {
            confirmed(mapping)?
        };
        check(&mapping, &header)?;
        let options = reader::Options {
            source: Some(reader::Source::Mapped),
            mapping: Some(mapping.clone()),
            file_name: Some(file.name.clone()),
        };
        let mut people: HashMap<String, RosterEntry> = HashMap::new();
        let mut problems: Vec<String> = Vec::new();
        let mut problem_count = 0_u64;
        let input = std::fs::File::open(&file.path).map_err(|e| unreadable(&file.path, e))?;
        reader::read(std::io::BufReader::new(input), &options, &mut |row| {
            match row {
                reader::Row::Person(p) => {
                    // Left: HR's status says so; a termination date may also be ahead.
                    people.insert(
                        p.email.trim().to_lowercase(),
                        RosterEntry {
                            left: p.status == reader::SourceStatus::Deactivated,
                            terminated_at: p.terminated.map(|secs| secs.saturating_mul(1000)),
                        },
                    );
                }
                reader::Row::Problem(p) => {
                    problem_count += 1;
                    if problems.len() < QUOTED {
                        problems.push(p.message);
                    }
                }
            }
            Ok(())
        })
        .map_err(file_error)?;
        if problem_count > 0 {
            return Err(Error::invalid(
                "file",
                format!(
                    "{} of the roster cannot be read, so nothing was imported: {}{} Correct the file and import it again.",
                    if problem_count == 1 {
                        "1 row".to_string()
                    } else {
                        format!("{problem_count} rows")
                    },
                    problems.join(" "),
                    if problem_count as usize > problems.len() {
                        " …"
                    } else {
                        ""
                    }
                ),
            ));
        }
        if people.is_empty() {
            return Err(Error::invalid(
                "file",
                "The roster lists nobody: it has a header row and no people.",
            ));
        }
        let terminated = people
            .values()
            .filter(|e| e.left || e.terminated_at.is_some_and(|at| at <= now))
            .count() as u64;
        self.write(Some(actor), |tx| {
            let acting = allowed(&tx.db, org_id, actor)?;
            let by = tx.actor()?.name.clone();
            tx.db
                .execute("DELETE FROM hr_rosters WHERE org_id = ?1", [org_id])?;
            tx.db.execute(
                "INSERT INTO hr_rosters (org_id, file_name, sha256, imported_at, imported_by, people, terminated)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![org_id, file.name, file.sha256, tx.now, by, people.len() as u64, terminated],
            )?;
            let mut insert = tx.db.prepare_cached(
                "INSERT INTO hr_roster_people (org_id, email, terminated, terminated_at) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (email, entry) in &people {
                insert.execute(params![org_id, email, entry.left, entry.terminated_at])?;
            }
            drop(insert);
            mappings::remember(&tx.db, &remembered_key(&header), &mapping, tx.now)?;
            tx.audit(
                Some(acting.org()),
                "review.roster_imported",
                Target {
                    kind: "organization",
                    id: Some(org_id),
                    name: &acting.org_name,
                },
                json!({ "file": file.name, "sha256": file.sha256, "people": people.len(), "terminated": terminated }),
            )?;
            info(&tx.db, org_id)?
                .ok_or_else(|| Error::Storage("The roster was not stored.".into()))
        })
    }
}
