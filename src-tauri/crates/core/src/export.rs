//! Exports (R43, R45): the whole organization as one schema-versioned JSON document,
//! members as CSV honouring the table's filters, and the filtered audit log as CSV or
//! JSON. Secrets are never part of any exported type (API keys carry their prefix only).
//!
//! Exports write to any `io::Write` (or, through [`AtomicFile`], to a file that appears
//! only once complete) and report progress as they go. The organization document is
//! read in one go (a consistent snapshot); members and audit entries are read in
//! batches, so other work is not held up for the length of a large export.

use crate::files::AtomicFile;
use crate::service::Rolecall;
use crate::tables::memberships;
use crate::{
    Error, Result, access, agents, audit, billing, invitations, keys, orgs, roles, workspaces,
};
use rolecall_types::ids::{AccountId, OrgId};
use rolecall_types::model::{
    AuditEntry, AuditQuery, BillingSummary, Context, EXPORT_GUARDED_SECTIONS,
    EXPORT_SCHEMA_VERSION, ExportKind, ExportOutcome, ExportProgress, ExportRequest, Member,
    MemberQuery, MemberStatus, OrganizationExport, omitted_section,
};
use rolecall_types::permissions::Permission;
use std::io::Write;
use std::path::Path;

/// Rows read per batch.
const BATCH: u32 = 1000;

/// Every member row of the organization, any status, by name.
const ALL_STATUSES: [MemberStatus; 2] = [MemberStatus::Active, MemberStatus::Deactivated];

/// Days since 1970-01-01 to a civil date (proleptic Gregorian).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// Milliseconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn iso_time(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rest = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

/// Milliseconds since the epoch as `YYYY-MM-DD` (UTC).
pub fn iso_date(ms: i64) -> String {
    let (y, m, d) = civil_from_days(ms.div_euclid(86_400_000));
    format!("{y:04}-{m:02}-{d:02}")
}

/// One CSV field (RFC 4180). A field a spreadsheet would run as a formula gets a
/// leading apostrophe (R51, [`rolecall_import::neutralise_cell`]).
fn csv_field(value: &str) -> String {
    let value = rolecall_import::neutralise_cell(value).into_owned();
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

pub(crate) fn csv_row(out: &mut dyn Write, fields: &[&str]) -> Result<()> {
    let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    out.write_all(line.join(",").as_bytes())
        .map_err(write_error)?;
    out.write_all(b"\r\n").map_err(write_error)?;
    Ok(())
}

pub(crate) fn optional_time(ms: Option<i64>) -> String {
    ms.map(iso_time).unwrap_or_default()
}

fn member_csv(out: &mut dyn Write, m: &Member) -> Result<()> {
    let source = m.source.as_ref();
    csv_row(
        out,
        &[
            &m.first_name,
            &m.last_name,
            &m.email,
            &m.role_name,
            if m.is_owner { "yes" } else { "no" },
            m.status.code(),
            &iso_time(m.joined_at),
            &optional_time(m.last_login_at),
            &optional_time(m.last_active_at),
            source.map_or("", |s| s.source.as_str()),
            source
                .and_then(|s| s.source_id.as_deref())
                .unwrap_or_default(),
            source.and_then(|s| s.status.as_deref()).unwrap_or_default(),
            &match source {
                Some(s) if s.never_signed_in => "never".to_string(),
                Some(s) => optional_time(s.last_sign_in),
                None => String::new(),
            },
            yes_no(source.and_then(|s| s.two_factor)),
            source
                .and_then(|s| s.account_type.as_deref())
                .unwrap_or_default(),
            yes_no(source.and_then(|s| s.billable)),
            source.and_then(|s| s.title.as_deref()).unwrap_or_default(),
            source
                .and_then(|s| s.department.as_deref())
                .unwrap_or_default(),
            source
                .and_then(|s| s.manager.as_deref())
                .unwrap_or_default(),
            source
                .and_then(|s| s.employee_id.as_deref())
                .unwrap_or_default(),
        ],
    )
}

fn yes_no(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => "",
    }
}

fn audit_csv(out: &mut dyn Write, e: &AuditEntry) -> Result<()> {
    csv_row(
        out,
        &[
            &e.id.to_string(),
            &iso_time(e.at),
            &e.actor_name,
            &e.action,
            &e.target_type,
            &e.target_name,
            &e.details,
        ],
    )
}

fn write_error(e: std::io::Error) -> Error {
    Error::io("Could not write the export", e)
}

fn json_error(e: serde_json::Error) -> Error {
    Error::Storage(format!("Could not write the export: {e}"))
}

impl Rolecall {
    /// Writes one export to `out`, calling `progress` as rows are written. Returns the
    /// number of rows (members or entries; for the organization document, members).
    pub fn export(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        request: &ExportRequest,
        out: &mut dyn Write,
        progress: &mut dyn FnMut(ExportProgress),
    ) -> Result<u64> {
        let rows = match request.kind {
            ExportKind::OrganizationJson => {
                self.export_organization(actor, org_id, out, progress)?
            }
            ExportKind::MembersCsv => {
                let query = request.members.clone().unwrap_or_default();
                self.export_members(actor, org_id, &query, out, progress)?
            }
            ExportKind::AuditCsv | ExportKind::AuditJson => {
                let query = request.audit.clone().unwrap_or_default();
                self.export_audit(actor, org_id, request.kind, &query, out, progress)?
            }
        };
        out.flush().map_err(write_error)?;
        Ok(rows)
    }

    /// The name an export of `kind` is offered under: the organization's slug and
    /// today's date (the organization is read as `actor`, who must be able to see it).
    pub fn export_file_name(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        kind: ExportKind,
    ) -> Result<String> {
        let slug = self.organization(actor, org_id)?.slug;
        Ok(kind.file_name(&slug, &iso_date(self.now())))
    }

    /// Writes one export to the file `target`, as [`Rolecall::export`] does to a writer.
    /// The file appears under its name only once complete and on disk; until then, and
    /// after a failure, `target` keeps what it held before ([`AtomicFile`]).
    pub fn export_to_file(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        request: &ExportRequest,
        target: &Path,
        progress: &mut dyn FnMut(ExportProgress),
    ) -> Result<ExportOutcome> {
        let mut file = AtomicFile::create(target)?;
        let rows = self.export(actor, org_id, request, &mut file, progress)?;
        let bytes = file.commit()?;
        tracing::info!(path = %target.display(), rows, bytes, "export written");
        Ok(ExportOutcome {
            path: target.display().to_string(),
            rows,
            bytes,
        })
    }

    /// R45: the organization as one document (Data·export).
    pub fn organization_export(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
    ) -> Result<OrganizationExport> {
        self.export_document(actor, org_id, &mut |_| {})
    }

    fn export_document(
        &self,
        actor: &str,
        org_id: &str,
        progress: &mut dyn FnMut(ExportProgress),
    ) -> Result<OrganizationExport> {
        let now = self.now();
        self.read(actor, |conn| {
            let acting = access::acting(conn, org_id, actor)?;
            acting.require(Permission::DataExport)?;
            let seats = memberships::seats(conn, org_id, now)?;
            let total = seats.members;
            progress(ExportProgress { done: 0, total });
            let mut all = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
            let statuses = if acting.can(Permission::MembersView) {
                &ALL_STATUSES[..]
            } else {
                &[]
            };
            for &status in statuses {
                let mut query = MemberQuery {
                    status,
                    limit: BATCH,
                    ..MemberQuery::default()
                };
                loop {
                    let page = memberships::page(conn, org_id, &query)?;
                    all.extend(page.rows);
                    progress(ExportProgress {
                        done: all.len() as u64,
                        total,
                    });
                    match page.next {
                        Some(next) => query.after = Some(next),
                        None => break,
                    }
                }
            }
            let context = Context::Organization(org_id.into());
            // R30: the document holds only what the exporter may view elsewhere.
            let mut omitted = Vec::new();
            let [members_ok, agents_ok, keys_ok, billing_ok] =
                EXPORT_GUARDED_SECTIONS.map(|(permission, section)| {
                    let can = acting.can(permission);
                    if !can {
                        omitted.push(omitted_section(permission, section));
                    }
                    can
                });
            let billing = if billing_ok {
                let (plan, currency) = billing::context_plan(conn, &context, actor)?;
                Some(BillingSummary {
                    balance: billing::balance(conn, &context, actor)?,
                    context: context.clone(),
                    currency,
                    plan,
                    seats: Some(seats),
                })
            } else {
                None
            };
            Ok(OrganizationExport {
                schema_version: EXPORT_SCHEMA_VERSION,
                exported_at: now,
                exported_by: conn.query_row(
                    "SELECT first_name || ' ' || last_name FROM accounts WHERE id = ?1",
                    [actor],
                    |r| r.get(0),
                )?,
                organization: orgs::load_org(conn, org_id)?,
                roles: roles::roles_of(conn, org_id)?,
                workspaces: workspaces::workspaces_of(conn, org_id)?,
                workspace_members: if members_ok {
                    workspaces::workspace_members_of(conn, org_id, None)?
                } else {
                    Vec::new()
                },
                members: if members_ok { all } else { Vec::new() },
                invitations: if members_ok {
                    invitations::invitations_of(conn, org_id, now)?
                } else {
                    Vec::new()
                },
                agents: if agents_ok {
                    agents::agents_of(conn, &context, actor)?
                } else {
                    Vec::new()
                },
                api_keys: if keys_ok {
                    keys::keys_of(conn, org_id, true)?
                } else {
                    Vec::new()
                },
                billing,
                ledger: if billing_ok {
                    billing::ledger_rows(conn, &context, actor, None, u32::MAX)?
                } else {
                    Vec::new()
                },
                omitted,
            })
        })
    }

    fn export_organization(
        &self,
        actor: &str,
        org_id: &str,
        out: &mut dyn Write,
        progress: &mut dyn FnMut(ExportProgress),
    ) -> Result<u64> {
        let document = self.export_document(actor, org_id, progress)?;
        serde_json::to_writer_pretty(&mut *out, &document).map_err(json_error)?;
        out.write_all(b"\n").map_err(write_error)?;
        Ok(document.members.len() as u64)
    }

    /// R45: members as CSV with the table's filters (status, search, role, sort).
    fn export_members(
        &self,
        actor: &str,
        org_id: &str,
        filters: &MemberQuery,
        out: &mut dyn Write,
        progress: &mut dyn FnMut(ExportProgress),
    ) -> Result<u64> {
        rolecall_types::validate::search(&filters.search)?;
        let mut query = MemberQuery {
            offset: 0,
            after: None,
            limit: BATCH,
            ..filters.clone()
        };
        csv_row(
            out,
            &[
                "First name",
                "Last name",
                "E-mail",
                "Role",
                "Owner",
                "Status",
                "Joined",
                "Last login",
                "Last active",
                "Source",
                "Source ID",
                "Status at the source",
                "Last sign-in at the source",
                "Two-step verification",
                "Account type",
                "Billable",
                "Title",
                "Department",
                "Manager",
                "Employee ID",
            ],
        )?;
        let mut done = 0u64;
        loop {
            let page = self.read(actor, |conn| {
                let acting = access::acting(conn, org_id, actor)?;
                acting.require(Permission::DataExport)?;
                acting.require(Permission::MembersView)?;
                memberships::page(conn, org_id, &query)
            })?;
            for member in &page.rows {
                member_csv(out, member)?;
            }
            done += page.rows.len() as u64;
            progress(ExportProgress {
                done,
                total: page.total.max(done),
            });
            match page.next {
                Some(next) => query.after = Some(next),
                None => return Ok(done),
            }
        }
    }

    /// R43: the filtered audit entries, newest first (Audit log·view).
    fn export_audit(
        &self,
        actor: &str,
        org_id: &str,
        kind: ExportKind,
        filters: &AuditQuery,
        out: &mut dyn Write,
        progress: &mut dyn FnMut(ExportProgress),
    ) -> Result<u64> {
        let (total, org_name) = self.read(actor, |conn| {
            access::acting(conn, org_id, actor)?.require(Permission::AuditView)?;
            Ok((
                audit::count_filtered(conn, org_id, filters)?,
                access::org_name(conn, org_id)?,
            ))
        })?;
        progress(ExportProgress { done: 0, total });
        let json = kind == ExportKind::AuditJson;
        if json {
            let head = serde_json::json!({
                "schema_version": EXPORT_SCHEMA_VERSION,
                "exported_at": self.now(),
                "organization": { "id": org_id, "name": org_name },
                "filters": { "actor_id": filters.actor_id, "action": filters.action, "from": filters.from, "to": filters.to },
            })
            .to_string();
            // The header object, opened again to append the entries array.
            out.write_all(head.trim_end_matches('}').as_bytes())
                .map_err(write_error)?;
            out.write_all(b",\"entries\":[\n").map_err(write_error)?;
        } else {
            csv_row(
                out,
                &[
                    "Id",
                    "Time (UTC)",
                    "Actor",
                    "Action",
                    "Target type",
                    "Target",
                    "Details",
                ],
            )?;
        }
        let mut query = AuditQuery {
            before_id: None,
            ..filters.clone()
        };
        let mut done = 0u64;
        loop {
            let batch = self.read(actor, |conn| {
                access::acting(conn, org_id, actor)?.require(Permission::AuditView)?;
                audit::filtered(conn, org_id, &query, BATCH)
            })?;
            for entry in &batch {
                if json {
                    if done > 0 {
                        out.write_all(b",\n").map_err(write_error)?;
                    }
                    serde_json::to_writer(&mut *out, entry).map_err(json_error)?;
                } else {
                    audit_csv(out, entry)?;
                }
                done += 1;
            }
            progress(ExportProgress {
                done,
                total: total.max(done),
            });
            match batch.last() {
                Some(last) if batch.len() == BATCH as usize => query.before_id = Some(last.id),
                _ => break,
            }
        }
        if json {
            out.write_all(b"\n]}\n").map_err(write_error)?;
        }
        Ok(done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_time_formats_utc() {
        assert_eq!(iso_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_time(951_782_400_000), "2000-02-29T00:00:00Z");
        assert_eq!(iso_time(1_795_435_199_000), "2026-11-23T11:59:59Z");
        assert_eq!(iso_date(1_795_435_199_000), "2026-11-23");
    }

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_field("line\nbreak"), "\"line\nbreak\"");
    }
}
