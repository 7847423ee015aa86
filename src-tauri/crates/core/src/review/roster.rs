//! HR rosters (R52): the HR system's list of employees — e-mail, status, termination
//! date — read through the import crate's CSV reader with its columns matched by name
//! (the mapping step's first guess), kept per organization (the last one imported), so
//! that findings can name members who left the company but still have access here.

use crate::access;
use crate::imports::{ChosenFile, ImportControl, file_error, unreadable};
use crate::service::{Rolecall, Target};
use crate::{Error, Result};
use rolecall_import as reader;
use rolecall_types::ids::{AccountId, OrgId};
use rolecall_types::permissions::Permission;
use rolecall_types::review::RosterInfo;
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

/// The roster's columns: the first guess from their names, the roster's fields only.
fn mapping(header: &reader::Header) -> Result<reader::Mapping> {
    let guess = reader::Mapping::suggest(header);
    let columns: Vec<(reader::Field, String)> = guess
        .columns
        .into_iter()
        .filter(|(field, _)| reader::Field::ROSTER.contains(field))
        .collect();
    let has = |f: reader::Field| columns.iter().any(|(g, _)| *g == f);
    if !has(reader::Field::Email)
        || !(has(reader::Field::Status) || has(reader::Field::TerminationDate))
    {
        return Err(Error::invalid(
            "file",
            format!(
                "An HR roster needs an e-mail column and a status or termination date column (for example \"Email\", \"Status\", \"Termination Date\"). This file's columns are: {}.",
                header.columns.join(", ")
            ),
        ));
    }
    Ok(reader::Mapping { columns })
}

impl Rolecall {
    /// R52: reads the HR roster at `path` for the organization, replacing the one
    /// before. A roster with a row Rolecall cannot read is refused whole (the message
    /// names the lines and columns) and nothing changes.
    pub fn import_roster(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        path: &str,
    ) -> Result<RosterInfo> {
        let now = self.now();
        // The file is read before the write transaction, which then only stores it.
        let cancel = AtomicBool::new(false);
        let mut progress = |_| {};
        let control = ImportControl {
            cancel: &cancel,
            progress: &mut progress,
        };
        let file = ChosenFile::open(path, &control)?;
        let header = reader::header(&file.head)
            .map_err(file_error)?
            .ok_or_else(|| {
                Error::invalid(
                    "file",
                    "An HR roster is a CSV file (e-mail, status, termination date); this one is JSON.",
                )
            })?;
        let options = reader::Options {
            source: Some(reader::Source::Mapped),
            mapping: Some(mapping(&header)?),
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
            let acting = access::acting(&tx.db, org_id, actor)?;
            acting.require(Permission::ReviewRun)?;
            acting.require(Permission::MembersView)?;
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
