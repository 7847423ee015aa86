//! One pass over a file inside the import's transaction: each person is matched,
//! compared, checked as the acting account and — in an apply — changed; then the people
//! absent from the file, the seats and the problems.

use super::{ChosenFile, ImportControl, file_error, source_choice};
use crate::access::{self, Acting, ROLE_COLUMNS, RoleRow, TargetMember};
use crate::export::iso_time;
use crate::members::remove_in_tx;
use crate::orgs;
use crate::review::snapshots as snapshot;
use crate::service::{Target, Tx, new_id};
use crate::tables::{mappings, memberships};
use crate::{Error, Result};
use rolecall_import::{self as reader, Person, Row, SignIn, SourceStatus};
use rolecall_types::import::{
    AbsentAction, Choice, FieldChange, ImportApplied, ImportChange, ImportCounts, ImportPerson,
    ImportPreview, ImportProblem, ImportProgress, ImportRequest, ImportTarget,
    RoleRow as ShownRole,
};
use rolecall_types::model::{MemberStatus, Plan as Billing};
use rolecall_types::permissions::{Permission, RoleKind};
use rolecall_types::thousands;
use rolecall_types::validate;
use rusqlite::{OptionalExtension, params};
use serde_json::json;
use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};
use std::io::{BufReader, Read};
use std::rc::Rc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Checks everything and writes nothing that is kept.
    Preview,
    Apply,
}

/// Labels an admin would read as "administers the organization" (GitHub owner, Slack
/// admins and owners, Google super admins…): suggested as Admin.
const ADMIN_LABELS: &[&str] = &[
    "owner",
    "primary owner",
    "workspace owner",
    "admin",
    "administrator",
    "workspace admin",
    "org admin",
    "super admin",
    "global administrator",
];

/// Where an apply stages the people who join (a temporary table: this connection only,
/// gone with it).
const STAGING: &str = "CREATE TEMP TABLE IF NOT EXISTS import_joins (
    n INTEGER PRIMARY KEY, account_id TEXT NOT NULL, new_account INTEGER NOT NULL, email TEXT NOT NULL,
    first_name TEXT NOT NULL, last_name TEXT NOT NULL, sort_name TEXT NOT NULL, sort_login INTEGER NOT NULL, membership_id TEXT NOT NULL,
    role_id TEXT NOT NULL, status TEXT NOT NULL, source TEXT NOT NULL, source_id TEXT, src_status TEXT,
    last_sign_in INTEGER, never_signed_in INTEGER NOT NULL, two_factor INTEGER, account_type TEXT, billable INTEGER,
    title TEXT, department TEXT, manager TEXT, employee_id TEXT);
    DELETE FROM temp.import_joins;";

/// Why a mapped CSV without an e-mail column cannot be previewed yet.
const MAP_EMAIL: &str = "Choose the column that holds each person's e-mail address under Columns: Rolecall matches people by it. Then the file is read.";

/// Rows between two progress reports.
const PROGRESS_EVERY: u64 = 2_000;

/// What the source says of a member (R50), as stored in `member_sources`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct SourceFields {
    pub source: String,
    pub source_id: Option<String>,
    pub status: Option<String>,
    pub last_sign_in: Option<i64>,
    pub never_signed_in: bool,
    pub two_factor: Option<bool>,
    pub account_type: Option<String>,
    pub billable: Option<bool>,
    pub title: Option<String>,
    pub department: Option<String>,
    pub manager: Option<String>,
    pub employee_id: Option<String>,
}

impl SourceFields {
    fn of(person: &Person, source: reader::Source) -> SourceFields {
        let (last_sign_in, never_signed_in) = match person.last_sign_in {
            SignIn::Unknown => (None, false),
            SignIn::Never => (None, true),
            SignIn::At(secs) => (Some(secs.saturating_mul(1000)), false),
        };
        SourceFields {
            source: source.code().to_string(),
            source_id: person.source_id.clone().filter(|s| !s.is_empty()),
            status: Some(status_code(person.status).to_string()),
            last_sign_in,
            never_signed_in,
            two_factor: person.two_factor,
            account_type: person
                .account_type
                .map(|t| account_type_code(t).to_string()),
            billable: person.billable,
            title: person.title.clone().filter(|s| !s.is_empty()),
            department: person.department.clone().filter(|s| !s.is_empty()),
            manager: person.manager.clone().filter(|s| !s.is_empty()),
            employee_id: person.employee_id.clone().filter(|s| !s.is_empty()),
        }
    }

    const COLUMNS: &'static str = "source, source_id, status, last_sign_in, never_signed_in, two_factor, \
         account_type, billable, title, department, manager, employee_id";

    pub fn load(tx: &Tx<'_>, membership_id: &str) -> Result<Option<SourceFields>> {
        Ok(tx
            .db
            .prepare_cached(&format!(
                "SELECT {} FROM member_sources WHERE membership_id = ?1",
                Self::COLUMNS
            ))?
            .query_row([membership_id], |r| {
                Ok(SourceFields {
                    source: r.get(0)?,
                    source_id: r.get(1)?,
                    status: r.get(2)?,
                    last_sign_in: r.get(3)?,
                    never_signed_in: r.get(4)?,
                    two_factor: r.get(5)?,
                    account_type: r.get(6)?,
                    billable: r.get(7)?,
                    title: r.get(8)?,
                    department: r.get(9)?,
                    manager: r.get(10)?,
                    employee_id: r.get(11)?,
                })
            })
            .optional()?)
    }

    fn save(&self, tx: &Tx<'_>, org_id: &str, membership_id: &str, import_id: &str) -> Result<()> {
        tx.db
            .prepare_cached(&format!(
                "INSERT OR REPLACE INTO member_sources (membership_id, org_id, import_id, {})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                Self::COLUMNS
            ))?
            .execute(params![
                membership_id,
                org_id,
                import_id,
                self.source,
                self.source_id,
                self.status,
                self.last_sign_in,
                self.never_signed_in,
                self.two_factor,
                self.account_type,
                self.billable,
                self.title,
                self.department,
                self.manager,
                self.employee_id
            ])?;
        Ok(())
    }

    /// Field by field, what differs from `before` (nothing recorded yet: every field the
    /// source fills).
    fn differences(&self, before: Option<&SourceFields>) -> Vec<FieldChange> {
        let empty = SourceFields::default();
        let old = before.unwrap_or(&empty);
        let mut out = Vec::new();
        let mut diff = |label: &str, a: String, b: String| {
            if a != b {
                out.push(FieldChange {
                    field: label.to_string(),
                    before: a,
                    after: b,
                });
            }
        };
        let source_label = |code: &str| {
            reader::Source::from_code(code)
                .map(|s| s.label().to_string())
                .unwrap_or_default()
        };
        if before.is_some() {
            diff(
                "Source",
                source_label(&old.source),
                source_label(&self.source),
            );
        }
        diff("Source ID", text(&old.source_id), text(&self.source_id));
        diff(
            "Status at the source",
            word(&old.status),
            word(&self.status),
        );
        diff("Last sign-in at the source", sign_in(old), sign_in(self));
        diff(
            "Two-step verification",
            yes_no(old.two_factor),
            yes_no(self.two_factor),
        );
        diff(
            "Account type",
            word(&old.account_type),
            word(&self.account_type),
        );
        diff("Billable", yes_no(old.billable), yes_no(self.billable));
        diff("Title", text(&old.title), text(&self.title));
        diff("Department", text(&old.department), text(&self.department));
        diff("Manager", text(&old.manager), text(&self.manager));
        diff(
            "Employee ID",
            text(&old.employee_id),
            text(&self.employee_id),
        );
        out
    }
}

fn status_code(status: SourceStatus) -> &'static str {
    match status {
        SourceStatus::Active => "active",
        SourceStatus::Suspended => "suspended",
        SourceStatus::Deactivated => "deactivated",
        SourceStatus::Pending => "pending",
    }
}

fn account_type_code(kind: reader::AccountType) -> &'static str {
    match kind {
        reader::AccountType::Member => "member",
        reader::AccountType::Guest => "guest",
    }
}

const NONE: &str = "—";

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| NONE.to_string())
}

fn yes_no(v: Option<bool>) -> String {
    match v {
        Some(true) => "Yes".into(),
        Some(false) => "No".into(),
        None => NONE.into(),
    }
}

/// A stored code as a word: "suspended" → "Suspended".
fn word(v: &Option<String>) -> String {
    match v.as_deref() {
        Some(code) => {
            let mut chars = code.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
        None => NONE.to_string(),
    }
}

/// "2024-06-27 09:45 UTC".
fn sign_in(s: &SourceFields) -> String {
    match (s.last_sign_in, s.never_signed_in) {
        (Some(ms), _) => {
            let iso = iso_time(ms);
            format!("{} UTC", iso.get(..16).unwrap_or(&iso).replace('T', " "))
        }
        (None, true) => "Never".into(),
        (None, false) => NONE.into(),
    }
}

fn status_text(active: bool) -> String {
    if active { "Active" } else { "Deactivated" }.to_string()
}

/// A reader input that counts the bytes read, for progress.
struct Counted<R> {
    inner: R,
    read: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

/// The import as it goes: what it found and, at the end, what it did.
pub(super) struct Plan<'r> {
    mode: Mode,
    request: &'r ImportRequest,
    file_name: String,
    bytes: u64,
    sha256: String,
    source: reader::Source,
    notes: Vec<String>,
    header: Option<reader::Header>,
    mapping: Option<reader::Mapping>,
    acting: Acting,
    import_id: String,
    roles: Vec<RoleRow>,
    default_role: usize,
    /// Lower-cased label → the role it gives (index into `roles`), or none.
    role_of: HashMap<String, Option<usize>>,
    /// Lower-cased label → (label as first written, people).
    labels: BTreeMap<String, (String, u64)>,
    counts: ImportCounts,
    joins: Vec<ImportPerson>,
    changes: Vec<ImportChange>,
    absent: Vec<ImportPerson>,
    problems: Vec<ImportProblem>,
    /// Membership id → the line that matched it.
    matched: HashMap<String, u64>,
    blocked: Vec<String>,
    /// Any other CSV whose mapping gives no column for the e-mail: the file is not read
    /// until one is chosen, and the preview shows the mapping step.
    unmapped: bool,
    index: OrgIndex,
}

/// A person of the file as checked: e-mail and names under the shared rules, the role
/// their labels give, what the source says.
struct Incoming {
    email: String,
    first: String,
    last: String,
    role: Option<usize>,
    fields: SourceFields,
}

/// The organization's members by e-mail and by this source's ids, and the e-mails with a
/// pending invitation, read once before the file.
#[derive(Default)]
struct OrgIndex {
    by_email: HashMap<String, String>,
    by_source_id: HashMap<String, String>,
    invited: std::collections::HashSet<String>,
}

impl OrgIndex {
    fn read(tx: &Tx<'_>, org_id: &str, source: &str) -> Result<OrgIndex> {
        let mut index = OrgIndex::default();
        let mut stmt = tx.db.prepare(
            "SELECT a.email, m.id, s.source_id FROM memberships m JOIN accounts a ON a.id = m.account_id
             LEFT JOIN member_sources s ON s.membership_id = m.id AND s.source = ?2 WHERE m.org_id = ?1",
        )?;
        let mut rows = stmt.query(params![org_id, source])?;
        while let Some(row) = rows.next()? {
            let (email, id, source_id): (String, String, Option<String>) =
                (row.get(0)?, row.get(1)?, row.get(2)?);
            if let Some(source_id) = source_id {
                index.by_source_id.insert(source_id, id.clone());
            }
            index.by_email.insert(email, id);
        }
        let mut stmt = tx.db.prepare(
            "SELECT email FROM invitations WHERE org_id = ?1 AND status = 'pending' AND expires_at > ?2",
        )?;
        index.invited = stmt
            .query_map(params![org_id, tx.now], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(index)
    }
}

impl<'r> Plan<'r> {
    pub fn run(
        tx: &mut Tx<'_>,
        request: &'r ImportRequest,
        file: &ChosenFile,
        mode: Mode,
        control: &mut ImportControl<'_>,
    ) -> Result<Plan<'r>> {
        let actor = tx.actor()?.id.clone();
        let org_id = match &request.target {
            ImportTarget::Existing { org_id } => org_id.to_string(),
            ImportTarget::New { name } => orgs::create_in_tx(tx, name, None)?.id.to_string(),
        };
        let acting = access::acting(&tx.db, &org_id, &actor)?;
        acting.require(Permission::MembersInvite)?;
        let Resolved {
            source,
            mapping,
            header,
            note: detected_note,
        } = resolve_source(tx, request, file)?;
        let unmapped = source == reader::Source::Mapped
            && mapping
                .as_ref()
                .is_none_or(|m| !m.columns.iter().any(|(f, _)| *f == reader::Field::Email));
        let roles: Vec<RoleRow> = tx
            .db
            .prepare(&format!(
                "SELECT {ROLE_COLUMNS} FROM roles r WHERE r.org_id = ?1 ORDER BY r.level DESC, r.name"
            ))?
            .query_map([&org_id], |r| RoleRow::from_row(r, 0))?
            .collect::<rusqlite::Result<_>>()?;
        let default_role = roles
            .iter()
            .position(|r| r.kind == RoleKind::Member)
            .ok_or_else(|| {
                Error::Storage(
                    "This organization has no default role; the database needs repair.".into(),
                )
            })?;
        let import_id = new_id();
        tx.db.execute(
            "INSERT INTO imports (id, org_id, source, file_name, sha256, joined, changed, absent, skipped, absent_action, actor_id, applied_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 0, 0, 0, 0, ?6, ?7, ?8)",
            params![import_id, org_id, source.code(), file.name, file.sha256, absent_code(request.absent), actor, tx.now],
        )?;
        let mut plan = Plan {
            mode,
            request,
            file_name: file.name.clone(),
            bytes: file.bytes,
            sha256: file.sha256.clone(),
            source,
            notes: detected_note.into_iter().collect(),
            header,
            mapping,
            acting,
            import_id,
            roles,
            default_role,
            role_of: HashMap::new(),
            labels: BTreeMap::new(),
            counts: ImportCounts::default(),
            joins: Vec::new(),
            changes: Vec::new(),
            absent: Vec::new(),
            problems: Vec::new(),
            matched: HashMap::new(),
            blocked: Vec::new(),
            unmapped,
            index: OrgIndex::default(),
        };
        plan.index = OrgIndex::read(tx, &plan.acting.org_id, source.code())?;
        plan.choose_roles()?;
        if plan.unmapped {
            plan.blocked.push(MAP_EMAIL.to_string());
        } else {
            tx.db.execute_batch(STAGING)?;
            plan.read(tx, file, control)?;
            plan.write_joins(tx)?;
            plan.absent_people(tx)?;
            tx.db.execute("DELETE FROM temp.import_joins", [])?;
            plan.seats(tx)?;
        }
        if plan.counts.problems > 0 && !request.skip_problems {
            plan.blocked.push(format!(
                "{} {} problems. Fix them in the file and choose it again, or skip {} to import the rest.",
                thousands(plan.counts.problems),
                if plan.counts.problems == 1 { "row has" } else { "rows have" },
                if plan.counts.problems == 1 { "it" } else { "them" },
            ));
        }
        if mode == Mode::Apply
            && let Some(why) = plan.blocked.first()
        {
            return Err(Error::Invalid {
                field: Some("file"),
                message: why.clone(),
            });
        }
        Ok(plan)
    }

    /// The role mapping: the user's choices, else a suggestion per label.
    fn choose_roles(&mut self) -> Result<()> {
        for choice in &self.request.roles {
            let role = match &choice.role {
                None => None,
                Some(name) => {
                    let wanted = name.trim().to_lowercase();
                    let found = self
                        .roles
                        .iter()
                        .position(|r| r.name.to_lowercase() == wanted);
                    match found {
                        Some(i) => Some(i),
                        None => {
                            return Err(Error::invalid(
                                "roles",
                                format!(
                                    "{} has no role named {name}. Choose one of its roles for {}.",
                                    self.acting.org_name, choice.label
                                ),
                            ));
                        }
                    }
                }
            };
            self.role_of
                .insert(choice.label.trim().to_lowercase(), role);
        }
        Ok(())
    }

    /// The role a label gives: the user's choice, else a suggestion (a role of the same
    /// name, Admin for administrators) the acting account may give.
    fn role_for_label(&mut self, label: &str) -> Option<usize> {
        let key = label.trim().to_lowercase();
        if let Some(choice) = self.role_of.get(&key) {
            return *choice;
        }
        let by_name = self
            .roles
            .iter()
            .position(|r| r.kind != RoleKind::Owner && r.name.to_lowercase() == key);
        let suggestion = by_name
            .or_else(|| {
                ADMIN_LABELS
                    .contains(&key.as_str())
                    .then(|| self.roles.iter().position(|r| r.kind == RoleKind::Admin))
                    .flatten()
            })
            .filter(|&i| self.may_give(i));
        self.role_of.insert(key, suggestion);
        suggestion
    }

    fn may_give(&self, i: usize) -> bool {
        let role = &self.roles[i];
        role.kind != RoleKind::Owner
            && self.acting.check_giving(role).is_ok()
            && (i == self.default_role || self.acting.can(Permission::MembersChangeRoles))
    }

    /// The highest role a person's labels give, if any does.
    fn role_for(&mut self, labels: &[String]) -> Option<usize> {
        let mut best: Option<usize> = None;
        for label in labels {
            let key = label.trim().to_lowercase();
            if key.is_empty() {
                continue;
            }
            self.labels
                .entry(key)
                .or_insert_with(|| (label.trim().to_string(), 0))
                .1 += 1;
            if let Some(i) = self.role_for_label(label)
                && best.is_none_or(|b| self.roles[i].level > self.roles[b].level)
            {
                best = Some(i);
            }
        }
        best
    }

    fn read(
        &mut self,
        tx: &Tx<'_>,
        file: &ChosenFile,
        control: &mut ImportControl<'_>,
    ) -> Result<()> {
        let read = Rc::new(Cell::new(0));
        let input = Counted {
            inner: BufReader::with_capacity(
                1 << 16,
                std::fs::File::open(&file.path).map_err(|e| super::unreadable(&file.path, e))?,
            ),
            read: Rc::clone(&read),
        };
        let options = reader::Options {
            source: Some(self.source),
            mapping: self.mapping.clone(),
            file_name: Some(file.name.clone()),
        };
        let total = file.bytes;
        let mut seen = 0_u64;
        (control.progress)(ImportProgress { done: 0, total });
        // The core's errors go through the reader as `SinkError`s of their own type (not
        // a box in a box), so the downcast below gives them back with their kind: a
        // cancel stays a cancel.
        let result = reader::read(input, &options, &mut |row| {
            seen += 1;
            if seen.is_multiple_of(PROGRESS_EVERY) {
                control.check().map_err(reader::SinkError::from)?;
                (control.progress)(ImportProgress {
                    done: read.get(),
                    total,
                });
            }
            self.counts.rows += 1;
            match row {
                Row::Problem(p) => self.problem(p.line, p.column, p.message),
                Row::Person(p) => self.person(tx, p).map_err(reader::SinkError::from)?,
            }
            Ok(())
        });
        match result {
            Ok(summary) => {
                self.notes.extend(summary.notes);
                (control.progress)(ImportProgress { done: total, total });
                Ok(())
            }
            Err(reader::Error::Sink(e)) => match e.downcast::<Error>() {
                Ok(e) => Err(*e),
                Err(e) => Err(Error::Storage(e.to_string())),
            },
            Err(e) => Err(file_error(e)),
        }
    }

    fn problem(&mut self, line: u64, column: Option<String>, message: String) {
        self.counts.problems += 1;
        if self.problems.len() < ImportPreview::SHOWN {
            self.problems.push(ImportProblem {
                line,
                column,
                message,
            });
        }
    }

    fn person(&mut self, tx: &Tx<'_>, p: Person) -> Result<()> {
        let email = match validate::email(&p.email) {
            Ok(email) => email,
            Err(e) => {
                self.problem(
                    p.line,
                    Some("E-mail".into()),
                    format!("Line {}: {}", p.line, e.message),
                );
                return Ok(());
            }
        };
        let (first, last) = match names(&p, &email) {
            Ok(names) => names,
            Err(e) => {
                self.problem(
                    p.line,
                    Some(e.field_label.into()),
                    format!("Line {}: {}", p.line, e.message),
                );
                return Ok(());
            }
        };
        let role = self.role_for(&p.roles);
        let fields = SourceFields::of(&p, self.source);
        let existing = self.find(&fields, &email);
        match existing {
            None => self.join(
                tx,
                &p,
                Incoming {
                    email,
                    first,
                    last,
                    role,
                    fields,
                },
            ),
            Some(membership_id) => {
                if let Some(earlier) = self.matched.insert(membership_id.clone(), p.line) {
                    self.problem(
                        p.line,
                        Some("E-mail".into()),
                        format!("Line {}: this is the member line {earlier} already matched (by the source's id or e-mail). Remove one of the two rows, or skip this one.", p.line),
                    );
                    return Ok(());
                }
                self.compare(
                    tx,
                    &p,
                    &membership_id,
                    Incoming {
                        email,
                        first,
                        last,
                        role,
                        fields,
                    },
                )
            }
        }
    }

    /// R48: by the source's id, else by e-mail (from the organization's index).
    fn find(&self, fields: &SourceFields, email: &str) -> Option<String> {
        fields
            .source_id
            .as_ref()
            .and_then(|id| self.index.by_source_id.get(id))
            .or_else(|| self.index.by_email.get(email))
            .cloned()
    }

    fn join(&mut self, tx: &Tx<'_>, p: &Person, incoming: Incoming) -> Result<()> {
        let Incoming {
            email,
            first,
            last,
            role,
            fields,
        } = incoming;
        let role = role.unwrap_or(self.default_role);
        if !self.may_give(role) {
            let why = self
                .acting
                .check_giving(&self.roles[role])
                .err()
                .map(|e| e.to_string())
                .unwrap_or_else(|| {
                    format!(
                        "giving {} needs the Members · Change roles permission",
                        self.roles[role].name
                    )
                });
            self.problem(
                p.line,
                Some("Role".into()),
                format!(
                    "Line {}: {email} cannot join as {}: {why}",
                    p.line, self.roles[role].name
                ),
            );
            return Ok(());
        }
        let known: Option<(String, bool, String, String, Option<i64>)> = tx
            .db
            .prepare_cached("SELECT id, password_hash IS NOT NULL, first_name, last_name, last_login_at FROM accounts WHERE email = ?1")?
            .query_row([&email], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .optional()?;
        // The last-login sort key, as every membership has it: the account's last
        // sign-in (a modelled account may have one, e.g. the demo's), else -1.
        let mut last_login = None;
        let account_id = match known {
            Some((_, true, _, _, _)) => {
                self.problem(p.line, Some("E-mail".into()), format!(
                    "Line {}: {email} has a Rolecall account that can sign in. Invite them instead, so they join by accepting; or skip this row.",
                    p.line
                ));
                return Ok(());
            }
            Some((id, false, known_first, known_last, login)) => {
                let same = |a: &str, b: &str| a.to_lowercase() == b.to_lowercase();
                if !(same(&known_first, &first) && same(&known_last, &last)) {
                    self.problem(p.line, Some("E-mail".into()), format!(
                        "Line {}: {email} is already known to Rolecall under other names. Write the names this person is known by in the file, or skip this row.",
                        p.line
                    ));
                    return Ok(());
                }
                last_login = login;
                Some(id)
            }
            None => None,
        };
        if self.index.invited.contains(&email) {
            self.problem(
                p.line,
                Some("E-mail".into()),
                format!("Line {}: {email} already has a pending invitation; resend or revoke it instead, or skip this row.", p.line),
            );
            return Ok(());
        }
        let active = is_active(p.status);
        self.counts.join += 1;
        if self.joins.len() < ImportPreview::SHOWN {
            self.joins.push(ImportPerson {
                line: Some(p.line),
                name: format!("{first} {last}"),
                email: email.clone(),
                role: self.roles[role].name.clone(),
                status: status_text(active),
            });
        }
        if self.mode == Mode::Preview {
            return Ok(());
        }
        // Staged, then written in a few set-wide statements at the end (see
        // `write_joins`): per-row inserts would flush the search index every row.
        let new_account = account_id.is_none();
        let account_id = account_id.unwrap_or_else(new_id);
        let membership_id = new_id();
        tx.db
            .prepare_cached(
                "INSERT INTO temp.import_joins (account_id, new_account, email, first_name, last_name, sort_name, sort_login, membership_id, role_id, status,
                     source, source_id, src_status, last_sign_in, never_signed_in, two_factor, account_type, billable, title, department, manager, employee_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
            )?
            .execute(params![
                account_id,
                new_account,
                email,
                first,
                last,
                memberships::sort_name(&first, &last),
                last_login.unwrap_or(-1),
                membership_id,
                self.roles[role].id,
                if active { "active" } else { "deactivated" },
                fields.source,
                fields.source_id,
                fields.status,
                fields.last_sign_in,
                fields.never_signed_in,
                fields.two_factor,
                fields.account_type,
                fields.billable,
                fields.title,
                fields.department,
                fields.manager,
                fields.employee_id
            ])?;
        Ok(())
    }

    /// Writes the staged joins: accounts, memberships (and so the search index), source
    /// fields and their `member.added` entries, one statement each.
    fn write_joins(&self, tx: &Tx<'_>) -> Result<()> {
        if self.mode == Mode::Preview {
            return Ok(());
        }
        let actor = tx.actor()?.clone();
        let org = &self.acting.org_id;
        tx.db.execute(
            "INSERT INTO accounts (id, email, first_name, last_name, created_at)
             SELECT account_id, email, first_name, last_name, ?1 FROM temp.import_joins WHERE new_account = 1 ORDER BY n",
            [tx.now],
        )?;
        memberships::insert_staged(&tx.db, tx.now, org)?;
        tx.db.execute(
            "INSERT INTO member_sources (membership_id, org_id, import_id, source, source_id, status, last_sign_in, never_signed_in,
                 two_factor, account_type, billable, title, department, manager, employee_id)
             SELECT membership_id, ?1, ?2, source, source_id, src_status, last_sign_in, never_signed_in,
                 two_factor, account_type, billable, title, department, manager, employee_id FROM temp.import_joins ORDER BY n",
            params![org, self.import_id],
        )?;
        tx.db.execute(
            "INSERT INTO audit_log (at, actor_id, actor_name, org_id, org_name, action, target_type, target_id, target_name, details)
             SELECT ?1, ?2, ?3, ?4, ?5, 'member.added', 'member', j.account_id, j.first_name || ' ' || j.last_name,
                 json_object('after', json_object('email', j.email, 'role', r.name, 'status', j.status), 'import', j.source)
             FROM temp.import_joins j JOIN roles r ON r.id = j.role_id ORDER BY j.n",
            params![tx.now, actor.id, actor.name, org, self.acting.org_name],
        )?;
        Ok(())
    }

    fn compare(
        &mut self,
        tx: &Tx<'_>,
        p: &Person,
        membership_id: &str,
        incoming: Incoming,
    ) -> Result<()> {
        let Incoming {
            email,
            first,
            last,
            role,
            fields,
        } = incoming;
        let org_id = self.acting.org_id.clone();
        let target = access::target_member(&tx.db, &org_id, membership_id)?;
        let (known_first, known_last): (String, String) = tx
            .db
            .prepare_cached("SELECT first_name, last_name FROM accounts WHERE id = ?1")?
            .query_row([&target.account_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        // R18: the Owner and the acting account are never changed by an import.
        let protected = target.is_owner || target.account_id == self.acting.account_id;
        let mut changes = Vec::new();
        let mut refused: Option<(String, String)> = None;
        // Names and e-mail belong to the account; an import changes them only for a
        // person modelled in this organization alone.
        let own_account = !protected && !target.can_sign_in && only_here(tx, &target.account_id)?;
        let mut new_email = None;
        if own_account {
            if first != known_first {
                changes.push(FieldChange {
                    field: "First name".into(),
                    before: known_first.clone(),
                    after: first.clone(),
                });
            }
            if last != known_last {
                changes.push(FieldChange {
                    field: "Last name".into(),
                    before: known_last.clone(),
                    after: last.clone(),
                });
            }
            if email != target.email {
                let taken: bool = tx
                    .db
                    .prepare_cached("SELECT EXISTS (SELECT 1 FROM accounts WHERE email = ?1)")?
                    .query_row([&email], |r| r.get(0))?;
                if taken {
                    refused = Some((
                        "E-mail".into(),
                        format!(
                            "{email} belongs to another person Rolecall knows, so {} cannot take it. Correct the e-mail in the file, or skip this row.",
                            target.name
                        ),
                    ));
                } else {
                    changes.push(FieldChange {
                        field: "E-mail".into(),
                        before: target.email.clone(),
                        after: email.clone(),
                    });
                    new_email = Some(email.clone());
                }
            }
        }
        let mut new_role = None;
        if let Some(i) = role
            && !protected
            && self.roles[i].id != target.role.id
        {
            match self.check_role_change(&target, i) {
                Ok(()) => {
                    changes.push(FieldChange {
                        field: "Role".into(),
                        before: target.role.name.clone(),
                        after: self.roles[i].name.clone(),
                    });
                    new_role = Some(i);
                }
                Err(why) => refused = Some(("Role".into(), why)),
            }
        }
        let active = is_active(p.status);
        let mut new_status = None;
        if !protected && active != target.active {
            match self.check_on(&target, Permission::MembersDeactivate) {
                Ok(()) => {
                    changes.push(FieldChange {
                        field: "Status".into(),
                        before: status_text(target.active),
                        after: status_text(active),
                    });
                    new_status = Some(active);
                }
                Err(why) => refused = Some(("Status".into(), why)),
            }
        }
        let stored = SourceFields::load(tx, membership_id)?;
        let source_changes = fields.differences(stored.as_ref());
        if let Some((column, why)) = refused {
            self.problem(p.line, Some(column), format!("Line {}: {why}", p.line));
            return Ok(());
        }
        let changed_source = !source_changes.is_empty();
        changes.extend(source_changes);
        if changes.is_empty() {
            self.counts.unchanged += 1;
            return Ok(());
        }
        self.counts.change += 1;
        if self.changes.len() < ImportPreview::SHOWN {
            self.changes.push(ImportChange {
                person: ImportPerson {
                    line: Some(p.line),
                    name: target.name.clone(),
                    email: target.email.clone(),
                    role: target.role.name.clone(),
                    status: status_text(target.active),
                },
                fields: changes.clone(),
            });
        }
        if self.mode == Mode::Preview {
            return Ok(());
        }
        if own_account && (first != known_first || last != known_last || new_email.is_some()) {
            let email_now = new_email.as_deref().unwrap_or(&target.email);
            tx.db.execute(
                "UPDATE accounts SET first_name = ?1, last_name = ?2, email = ?3 WHERE id = ?4",
                params![first, last, email_now, target.account_id],
            )?;
            memberships::set_sort_keys(&tx.db, &target.account_id, &first, &last, email_now)?;
        }
        let who = Target {
            kind: "member",
            id: Some(&target.account_id),
            name: &target.name,
        };
        if let Some(i) = new_role {
            memberships::set_role(&tx.db, membership_id, &self.roles[i].id)?;
            tx.audit(
                Some(self.acting.org()),
                "member.role_changed",
                Target { ..who },
                json!({ "before": { "role": target.role.name }, "after": { "role": self.roles[i].name }, "import": self.source.code() }),
            )?;
        }
        if let Some(active) = new_status {
            let status = if active {
                MemberStatus::Active
            } else {
                MemberStatus::Deactivated
            };
            memberships::set_status(&tx.db, membership_id, status)?;
            tx.audit(
                Some(self.acting.org()),
                if active { "member.activated" } else { "member.deactivated" },
                Target { kind: "member", id: Some(&target.account_id), name: &target.name },
                json!({ "before": { "status": if target.active { "active" } else { "deactivated" } }, "after": { "status": status.code() }, "import": self.source.code() }),
            )?;
        }
        if changed_source || stored.is_none() {
            fields.save(tx, &org_id, membership_id, &self.import_id)?;
        }
        Ok(())
    }

    /// R28–R30 for a role change, as by hand.
    fn check_role_change(
        &self,
        target: &TargetMember,
        role: usize,
    ) -> std::result::Result<(), String> {
        self.check_on(target, Permission::MembersChangeRoles)?;
        self.acting.check_giving(&self.roles[role]).map_err(|e| {
            format!(
                "{}'s role cannot become {}: {e}",
                target.name, self.roles[role].name
            )
        })
    }

    /// `permission` and R28 on `target`, as by hand.
    fn check_on(
        &self,
        target: &TargetMember,
        permission: Permission,
    ) -> std::result::Result<(), String> {
        self.acting
            .require(permission)
            .and_then(|()| self.acting.check_target(target))
            .map_err(|e| format!("{} cannot be changed by this import: {e}", target.name))
    }

    /// People in the organization and not in the file; the Owner and the acting account
    /// are left alone.
    fn absent_people(&mut self, tx: &Tx<'_>) -> Result<()> {
        // Only members from before the file can be absent: when each of them matched or
        // is the acting account (always so in a new organization), nobody is, and the
        // organization's rows need not be read.
        let index = &self.index.by_email;
        if index
            .values()
            .all(|id| self.matched.contains_key(id) || *id == self.acting.membership_id)
        {
            return Ok(());
        }
        let org_id = self.acting.org_id.clone();
        let ids: Vec<String> = tx
            .db
            .prepare("SELECT m.id FROM memberships m WHERE m.org_id = ?1 AND m.is_owner = 0 AND m.account_id <> ?2
                 AND m.id NOT IN (SELECT membership_id FROM temp.import_joins) ORDER BY m.sort_name")?
            .query_map(params![org_id, self.acting.account_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let action = self.request.absent;
        for id in ids {
            if self.matched.contains_key(&id) {
                continue;
            }
            let target = access::target_member(&tx.db, &org_id, &id)?;
            self.counts.absent += 1;
            if self.absent.len() < ImportPreview::SHOWN {
                self.absent.push(ImportPerson {
                    line: None,
                    name: target.name.clone(),
                    email: target.email.clone(),
                    role: target.role.name.clone(),
                    status: status_text(target.active),
                });
            }
            let permission = match action {
                AbsentAction::Keep => continue,
                AbsentAction::Deactivate if !target.active => continue,
                AbsentAction::Deactivate => Permission::MembersDeactivate,
                AbsentAction::Remove => Permission::MembersRemove,
            };
            if let Err(why) = self.check_on(&target, permission) {
                self.problem(
                    0,
                    None,
                    format!("{} is not in the file: {why}", target.name),
                );
                continue;
            }
            if self.mode == Mode::Preview {
                continue;
            }
            match action {
                AbsentAction::Keep => {}
                AbsentAction::Deactivate => {
                    memberships::set_status(&tx.db, &id, MemberStatus::Deactivated)?;
                    tx.audit(
                        Some(self.acting.org()),
                        "member.deactivated",
                        Target { kind: "member", id: Some(&target.account_id), name: &target.name },
                        json!({ "before": { "status": "active" }, "after": { "status": "deactivated" }, "import": self.source.code(), "reason": "not in the file" }),
                    )?;
                }
                AbsentAction::Remove => remove_in_tx(tx, &self.acting, &target)?,
            }
        }
        Ok(())
    }

    /// R22: the seats the organization holds after the import. A new organization gets
    /// the smallest plan that holds the file; an existing one is refused, naming the
    /// limit.
    fn seats(&mut self, tx: &Tx<'_>) -> Result<()> {
        let seats = memberships::seats(&tx.db, &self.acting.org_id, tx.now)?;
        let mut used = seats.used();
        if self.mode == Mode::Preview {
            used += self.counts.join;
            if self.request.absent == AbsentAction::Remove {
                used = used.saturating_sub(self.counts.absent);
            }
        }
        let Some(limit) = seats.limit else {
            return Ok(());
        };
        if used <= u64::from(limit) {
            return Ok(());
        }
        let plan_now: String = tx.db.query_row(
            "SELECT plan FROM organizations WHERE id = ?1",
            [&self.acting.org_id],
            |r| r.get(0),
        )?;
        let plan_now = Billing::from_code(&plan_now).unwrap_or(Billing::Free);
        let fits = [Billing::Team, Billing::Business, Billing::Enterprise]
            .into_iter()
            .find(|p| p.seats().is_none_or(|s| u64::from(s) >= used))
            .unwrap_or(Billing::Enterprise);
        if matches!(self.request.target, ImportTarget::New { .. }) {
            tx.db.execute(
                "UPDATE organizations SET plan = ?1 WHERE id = ?2",
                params![fits.code(), self.acting.org_id],
            )?;
            self.notes.push(format!(
                "The new organization is on the {} plan: its {} seats are more than the {} plan's {limit}.",
                fits.label(),
                thousands(used),
                plan_now.label()
            ));
            return Ok(());
        }
        self.blocked.push(format!(
            "{} would need {} seats; the {} plan has {limit}. Change the plan to {} in Billing, or import fewer people, then preview again.",
            self.acting.org_name,
            thousands(used),
            plan_now.label(),
            fits.label()
        ));
        Ok(())
    }

    fn title(&self) -> String {
        let c = &self.counts;
        let mut parts = Vec::new();
        if c.join > 0 {
            parts.push(format!("{} join", thousands(c.join)));
        }
        if c.change > 0 {
            parts.push(format!("{} change", thousands(c.change)));
        }
        if c.absent > 0 {
            parts.push(match self.request.absent {
                AbsentAction::Keep => format!("{} not in the file (kept)", thousands(c.absent)),
                AbsentAction::Deactivate | AbsentAction::Remove => {
                    format!("{} leave", thousands(c.absent))
                }
            });
        }
        if c.problems > 0 {
            let rows = if c.problems == 1 { "row" } else { "rows" };
            parts.push(if self.request.skip_problems {
                format!("{} {rows} skipped", thousands(c.problems))
            } else {
                format!("{} {rows} with problems", thousands(c.problems))
            });
        }
        if self.unmapped {
            return "Map the columns first".into();
        }
        if self.no_changes() {
            return "No changes".into();
        }
        parts.join(" · ")
    }

    fn no_changes(&self) -> bool {
        let c = &self.counts;
        !self.unmapped
            && c.join == 0
            && c.change == 0
            && c.problems == 0
            && (c.absent == 0 || self.request.absent == AbsentAction::Keep)
    }

    pub fn into_preview(self) -> ImportPreview {
        let title = self.title();
        let no_changes = self.no_changes();
        let role_names = (0..self.roles.len())
            .filter(|&i| self.may_give(i))
            .map(|i| self.roles[i].name.clone())
            .collect();
        let mut roles: Vec<ShownRole> = self
            .labels
            .iter()
            .map(|(key, (label, people))| ShownRole {
                label: label.clone(),
                people: *people,
                role: self
                    .role_of
                    .get(key)
                    .copied()
                    .flatten()
                    .map(|i| self.roles[i].name.clone()),
            })
            .collect();
        roles.sort_by(|a, b| b.people.cmp(&a.people).then_with(|| a.label.cmp(&b.label)));
        ImportPreview {
            file_name: self.file_name,
            bytes: self.bytes,
            sha256: self.sha256,
            source: source_choice(self.source),
            detected: self.request.source.is_none(),
            sources: reader::Source::all()
                .iter()
                .map(|s| source_choice(*s))
                .collect(),
            notes: self.notes,
            columns: self.header.map(|h| h.columns).unwrap_or_default(),
            mapping: self
                .mapping
                .map(|m| {
                    m.columns
                        .into_iter()
                        .map(|(field, column)| rolecall_types::import::ColumnMapping {
                            field: field.code().to_string(),
                            column,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            fields: reader::Field::all()
                .iter()
                .map(|f| Choice {
                    code: f.code().to_string(),
                    label: f.label().to_string(),
                })
                .collect(),
            roles,
            role_names,
            counts: self.counts,
            title,
            joins: self.joins,
            changes: self.changes,
            absent: self.absent,
            problems: self.problems,
            blocked: if no_changes {
                None
            } else {
                self.blocked.into_iter().next()
            },
            no_changes,
        }
    }

    /// R49: the apply's own entry, the snapshot and the remembered mapping.
    pub fn finish(self, tx: &Tx<'_>) -> Result<ImportApplied> {
        let c = self.counts;
        tx.db.execute(
            "UPDATE imports SET joined = ?1, changed = ?2, absent = ?3, skipped = ?4 WHERE id = ?5",
            params![c.join, c.change, c.absent, c.problems, self.import_id],
        )?;
        tx.audit(
            Some(self.acting.org()),
            "import.applied",
            Target { kind: "organization", id: Some(&self.acting.org_id), name: &self.acting.org_name },
            json!({
                "source": self.source.code(),
                "file_name": self.file_name,
                "sha256": self.sha256,
                "counts": { "rows": c.rows, "joined": c.join, "changed": c.change, "absent": c.absent, "unchanged": c.unchanged, "skipped": c.problems },
                "absent_action": absent_code(self.request.absent),
            }),
        )?;
        snapshot::take(tx, &self.acting.org_id, Some(&self.import_id))?;
        if let (Some(header), Some(mapping)) = (&self.header, &self.mapping)
            && self.source == reader::Source::Mapped
        {
            mappings::remember(&tx.db, &header.key(), mapping, tx.now)?;
        }
        let title = self.title();
        Ok(ImportApplied {
            org_id: self.acting.org_id.clone().into(),
            org_name: self.acting.org_name.clone(),
            counts: c,
            title,
        })
    }
}

fn absent_code(action: AbsentAction) -> &'static str {
    match action {
        AbsentAction::Keep => "keep",
        AbsentAction::Deactivate => "deactivate",
        AbsentAction::Remove => "remove",
    }
}

/// Active at the source, or provisioned and not yet signed up: an active member.
fn is_active(status: SourceStatus) -> bool {
    matches!(status, SourceStatus::Active | SourceStatus::Pending)
}

/// Whether the account is a member of no other organization.
fn only_here(tx: &Tx<'_>, account_id: &str) -> Result<bool> {
    Ok(memberships::orgs_of(&tx.db, account_id)?.len() <= 1)
}

/// A name the shared rules refuse, with the column it is in.
struct BadName {
    field_label: &'static str,
    message: String,
}

/// The person's names under the shared rules. A missing first name is the e-mail's
/// local part; a missing last name is shown as "—" (Rolecall keeps both).
fn names(p: &Person, email: &str) -> std::result::Result<(String, String), BadName> {
    let mut first = p.first_name.trim().to_string();
    let mut last = p.last_name.trim().to_string();
    if first.is_empty() && last.is_empty() {
        first = email.split('@').next().unwrap_or(email).to_string();
    }
    if first.is_empty() {
        std::mem::swap(&mut first, &mut last);
    }
    if last.is_empty() {
        last = NONE.to_string();
    }
    let first = validate::person_name("first_name", "First name", &first).map_err(|e| BadName {
        field_label: "First name",
        message: e.message,
    })?;
    let last = validate::person_name("last_name", "Last name", &last).map_err(|e| BadName {
        field_label: "Last name",
        message: e.message,
    })?;
    Ok((first, last))
}

/// How to read the file: as which source, with which column mapping, and what was
/// assumed.
struct Resolved {
    source: reader::Source,
    mapping: Option<reader::Mapping>,
    header: Option<reader::Header>,
    note: Option<String>,
}

/// The source to read the file as, its column mapping and header, and a note when the
/// columns were not recognised.
fn resolve_source(tx: &Tx<'_>, request: &ImportRequest, file: &ChosenFile) -> Result<Resolved> {
    let head = &file.head;
    let header = reader::header(head).ok().flatten();
    let mut note = None;
    let source = match request
        .source
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(code) => reader::Source::from_code(code).ok_or_else(|| {
            Error::invalid(
                "source",
                format!("Rolecall does not know the format \"{code}\". Choose one from the list."),
            )
        })?,
        None => match reader::detect(head, Some(&file.name)) {
            Ok(source) => source,
            Err(reader::Error::Unrecognised { .. }) if header.is_some() => {
                note = Some(
                    "Rolecall did not recognise the columns: check which column holds what."
                        .to_string(),
                );
                reader::Source::Mapped
            }
            Err(e) => return Err(file_error(e)),
        },
    };
    if source != reader::Source::Mapped {
        return Ok(Resolved {
            source,
            mapping: None,
            header,
            note,
        });
    }
    let Some(header) = header else {
        return Err(Error::invalid(
            "source",
            "Only a CSV file's columns can be mapped; this file is JSON. Choose its format instead.",
        ));
    };
    let mapping = if !request.mapping.is_empty() {
        let mut columns = Vec::new();
        for m in &request.mapping {
            let field = reader::Field::from_code(&m.field).ok_or_else(|| {
                Error::invalid(
                    "mapping",
                    format!("Rolecall has no field \"{}\" to map a column to.", m.field),
                )
            })?;
            columns.push((field, m.column.clone()));
        }
        reader::Mapping { columns }
    } else {
        match mappings::remembered(&tx.db, &header.key())? {
            Some(mapping) => {
                note = Some("The columns are mapped as last time for these columns.".into());
                mapping
            }
            None => reader::Mapping::suggest(&header),
        }
    };
    Ok(Resolved {
        source,
        mapping: Some(mapping),
        header: Some(header),
        note,
    })
}
