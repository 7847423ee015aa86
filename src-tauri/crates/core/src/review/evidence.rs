//! Evidence of a campaign (R57), for an auditor who does not have Rolecall: a CSV with
//! one row per person and decision, and a printable, self-contained HTML report with
//! the organizations, the "as of" moment, the population, every decision, the changes
//! applied with their audit entries, the findings at the start and at the sign-off,
//! the difference since the previous campaign and the sign-off. Nothing secret is in
//! a campaign, so nothing secret can be in its evidence.

use super::campaigns::{self, FindingSummary};
use super::snapshots::{self, status};
use crate::export::{csv_row, optional_time as time};
use crate::files::AtomicFile;
use crate::{Error, Result, iso_date, iso_time};
use rolecall_types::ids::{AccountId, CampaignId};
use rolecall_types::model::ExportOutcome;
use rolecall_types::review::{
    Campaign, CampaignItem, CampaignState, EvidenceFormat, Outcome, SnapshotDiff,
};
use rolecall_types::validate::slug_base_from_ascii;
use rusqlite::Connection;
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use crate::service::Rolecall;

fn write_error(e: std::io::Error) -> Error {
    Error::io("Could not write the evidence", e)
}

fn yes_no(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "Unknown",
    }
}

fn findings_list(item: &CampaignItem) -> String {
    item.findings
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join("; ")
}

fn outcome_label(item: &CampaignItem) -> &'static str {
    match item.outcome.as_ref().map(|o| o.outcome) {
        Some(Outcome::Applied) => "Applied",
        Some(Outcome::Unchanged) => "No change needed",
        Some(Outcome::Refused) => "Refused",
        None => "",
    }
}

fn audit_ids(item: &CampaignItem) -> String {
    item.outcome
        .as_ref()
        .map(|o| {
            o.audit_ids
                .iter()
                .map(|id| format!("#{id}"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

/// The CSV's columns.
const CSV_HEADER: &[&str] = &[
    "Campaign",
    "Campaign state",
    "As of (UTC)",
    "Organization",
    "Name",
    "E-mail",
    "Role",
    "Owner",
    "Status",
    "Last sign-in (UTC)",
    "Two-factor",
    "Findings at start",
    "Decision",
    "New role",
    "Reviewer",
    "Decided at (UTC)",
    "Comment",
    "Outcome",
    "Reason refused",
    "Audit entries",
    "Signed off by",
    "Signed off at (UTC)",
];

fn write_csv(out: &mut dyn Write, campaign: &Campaign, items: &[CampaignItem]) -> Result<()> {
    csv_row(out, CSV_HEADER)?;
    let as_of = iso_time(campaign.as_of);
    let (signer, signed_at) = match &campaign.sign_off {
        Some(s) => (s.reviewer.clone(), iso_time(s.at)),
        None => (String::new(), String::new()),
    };
    for item in items {
        let decision = item.decision.as_ref();
        csv_row(
            out,
            &[
                &campaign.name,
                campaign.state.label(),
                &as_of,
                &item.org_name,
                &item.name,
                &item.email,
                &item.role,
                if item.owner { "Yes" } else { "No" },
                status(item.active),
                &time(item.last_sign_in),
                yes_no(item.two_factor),
                &findings_list(item),
                decision.map(|d| d.decision.label()).unwrap_or(""),
                decision.and_then(|d| d.role_name.as_deref()).unwrap_or(""),
                decision.map(|d| d.reviewer.as_str()).unwrap_or(""),
                &time(decision.map(|d| d.at)),
                decision.map(|d| d.comment.as_str()).unwrap_or(""),
                outcome_label(item),
                item.outcome
                    .as_ref()
                    .and_then(|o| o.reason.as_deref())
                    .unwrap_or(""),
                &audit_ids(item),
                &signer,
                &signed_at,
            ],
        )?;
    }
    Ok(())
}

/// Text for HTML: `& < > " '` escaped.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
body{font:13px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1d21;margin:24px;max-width:1400px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid #d5d8de;padding-bottom:4px}
h3{font-size:14px;margin:18px 0 6px}
.meta{color:#4a4f59;margin:0 0 16px}
.state{display:inline-block;padding:2px 8px;border-radius:10px;font-size:12px;font-weight:600;background:#e8ebf0}
.signed{border:2px solid #1d7a46;border-radius:6px;padding:12px 16px;margin:16px 0;background:#f2faf5}
.unsigned{border:2px solid #b54708;border-radius:6px;padding:12px 16px;margin:16px 0;background:#fff8f0}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}
th,td{border:1px solid #d5d8de;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f1f3f6;font-weight:600}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.gained{color:#b42318;font-weight:600}.lost{color:#1d7a46}
.refused{color:#b42318}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0}dt{font-weight:600}dd{margin:0}
@page{size:A4 landscape;margin:12mm}
@media print{body{margin:0;font-size:10px}thead{display:table-header-group}tr{break-inside:avoid}h2{break-after:avoid}}
";

fn write_html(
    out: &mut String,
    campaign: &Campaign,
    items: &[CampaignItem],
    findings: &OrgFindings,
    diffs: &OrgDiffs,
    generated: i64,
) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>",
        esc(&campaign.name)
    );
    let orgs: Vec<String> = campaign.orgs.iter().map(|o| esc(&o.org_name)).collect();
    let _ = write!(
        out,
        "<h1>{}</h1><p class=\"meta\"><span class=\"state\">{}</span> · Organizations: {} · Population as of {} UTC · Started by {} · Report generated {} UTC by Rolecall</p>",
        esc(&campaign.name),
        campaign.state.label(),
        orgs.join(", "),
        iso_time(campaign.as_of),
        esc(&campaign.started_by),
        iso_time(generated),
    );
    match &campaign.sign_off {
        Some(s) => {
            let _ = write!(
                out,
                "<section class=\"signed\"><h2 style=\"margin-top:0;border:0\">Sign-off</h2><dl><dt>Reviewer</dt><dd>{}</dd><dt>Signed at</dt><dd>{} UTC</dd><dt>Statement</dt><dd>{}</dd>{}</dl></section>",
                esc(&s.reviewer),
                iso_time(s.at),
                esc(&s.statement),
                campaign
                    .applied_at
                    .map(|at| format!("<dt>Decisions applied</dt><dd>{} UTC</dd>", iso_time(at)))
                    .unwrap_or_default()
            );
        }
        None => out.push_str(
            "<section class=\"unsigned\"><strong>Not signed off.</strong> This campaign is still in progress; its decisions may change.</section>",
        ),
    }
    let c = &campaign.counts;
    let _ = write!(
        out,
        "<h2>Summary</h2><table><thead><tr><th>People</th><th>Reviewed</th><th>Keep</th><th>Change role</th><th>Deactivate</th><th>Remove</th><th>Applied</th><th>Refused</th></tr></thead><tbody><tr><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr></tbody></table>",
        campaign.population,
        c.decided(),
        c.keep,
        c.change_role,
        c.deactivate,
        c.remove,
        c.applied,
        c.refused
    );

    out.push_str("<h2>Findings at the start and at the sign-off</h2>");
    for (org, start, end) in findings {
        let _ = write!(out, "<h3>{}</h3>", esc(org));
        if start.is_empty() && end.as_ref().is_none_or(|e| e.is_empty()) {
            out.push_str("<p>No findings.</p>");
            continue;
        }
        out.push_str("<table><thead><tr><th>Finding</th><th>Severity</th><th>At the start</th><th>At the sign-off</th></tr></thead><tbody>");
        let mut kinds: Vec<&FindingSummary> = start.iter().collect();
        if let Some(end) = end {
            kinds.extend(
                end.iter()
                    .filter(|e| !start.iter().any(|s| s.kind == e.kind)),
            );
        }
        for f in kinds {
            let count = |list: &[FindingSummary]| {
                list.iter()
                    .find(|x| x.kind == f.kind)
                    .map(|x| x.total)
                    .unwrap_or(0)
            };
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(f.kind.label()),
                f.severity.label(),
                count(start),
                end.as_deref()
                    .map(|e| count(e).to_string())
                    .unwrap_or_else(|| "—".into())
            );
        }
        out.push_str("</tbody></table>");
    }

    out.push_str("<h2>Changes applied</h2>");
    let changed: Vec<&CampaignItem> = items
        .iter()
        .filter(|i| {
            i.outcome
                .as_ref()
                .is_some_and(|o| o.outcome != Outcome::Unchanged)
        })
        .collect();
    if campaign.state != CampaignState::Applied {
        out.push_str("<p>The decisions have not been applied yet.</p>");
    } else if changed.is_empty() {
        out.push_str("<p>No decision needed a change.</p>");
    } else {
        out.push_str("<table><thead><tr><th>Organization</th><th>Person</th><th>Decision</th><th>Result</th><th>Audit entries</th></tr></thead><tbody>");
        for i in changed {
            let decision = i.decision.as_ref();
            let result = match i.outcome.as_ref() {
                Some(o) if o.outcome == Outcome::Refused => format!(
                    "<span class=\"refused\">Refused: {}</span>",
                    esc(o.reason.as_deref().unwrap_or(""))
                ),
                _ => "Applied".into(),
            };
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{} &lt;{}&gt;</td><td>{}{}</td><td>{result}</td><td>{}</td></tr>",
                esc(&i.org_name),
                esc(&i.name),
                esc(&i.email),
                decision.map(|d| d.decision.label()).unwrap_or(""),
                decision
                    .and_then(|d| d.role_name.as_deref())
                    .map(|r| format!(" → {}", esc(r)))
                    .unwrap_or_default(),
                audit_ids(i),
            );
        }
        out.push_str("</tbody></table>");
    }

    out.push_str("<h2>Changes since the previous campaign</h2>");
    for (org, diff) in diffs {
        let _ = write!(out, "<h3>{}</h3>", esc(org));
        let Some((name, as_of, diff)) = diff else {
            out.push_str("<p>This is the first campaign for this organization.</p>");
            continue;
        };
        let d = &diff.counts;
        let _ = write!(
            out,
            "<p>Compared with “{}” (as of {} UTC): {} joined · {} left · {} role changed · {} status changed · {} two-factor changed · {} source changed.</p>",
            esc(name),
            iso_time(*as_of),
            d.joined,
            d.left,
            d.role_changed,
            d.status_changed,
            d.two_factor_changed,
            d.source_changed
        );
        if !diff.rows.is_empty() {
            out.push_str("<table><thead><tr><th>Change</th><th>Person</th><th>Before</th><th>After</th><th>Privilege</th></tr></thead><tbody>");
            for r in &diff.rows {
                let privilege = match r.privilege {
                    Some(rolecall_types::review::Privilege::Gained) => {
                        "<span class=\"gained\">Gained</span>"
                    }
                    Some(rolecall_types::review::Privilege::Lost) => {
                        "<span class=\"lost\">Lost</span>"
                    }
                    None => "",
                };
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td>{} &lt;{}&gt;</td><td>{}</td><td>{}</td><td>{privilege}</td></tr>",
                    r.kind.label(),
                    esc(&r.name),
                    esc(&r.email),
                    esc(&r.before),
                    esc(&r.after)
                );
            }
            out.push_str("</tbody></table>");
        }
    }

    let _ = write!(
        out,
        "<h2>Population and decisions ({} people)</h2><table><thead><tr><th>Organization</th><th>Name</th><th>E-mail</th><th>Role</th><th>Status</th><th>Last sign-in</th><th>Two-factor</th><th>Findings</th><th>Decision</th><th>Reviewer</th><th>Decided at</th><th>Comment</th><th>Outcome</th></tr></thead><tbody>",
        items.len()
    );
    for i in items {
        let d = i.decision.as_ref();
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&i.org_name),
            esc(&i.name),
            if i.owner { " (Owner)" } else { "" },
            esc(&i.email),
            esc(&i.role),
            status(i.active),
            i.last_sign_in
                .map(iso_date)
                .unwrap_or_else(|| "Never / unknown".into()),
            yes_no(i.two_factor),
            esc(&findings_list(i)),
            d.map(|d| d.decision.label()).unwrap_or("Undecided"),
            d.and_then(|d| d.role_name.as_deref())
                .map(|r| format!(" → {}", esc(r)))
                .unwrap_or_default(),
            esc(d.map(|d| d.reviewer.as_str()).unwrap_or("")),
            d.map(|d| iso_time(d.at)).unwrap_or_default(),
            esc(d.map(|d| d.comment.as_str()).unwrap_or("")),
            outcome_label(i),
        );
    }
    out.push_str("</tbody></table></body></html>\n");
}

/// Each organization's findings at the start and the sign-off.
type OrgFindings = Vec<(String, Vec<FindingSummary>, Option<Vec<FindingSummary>>)>;
/// Each organization's difference since its previous campaign.
type OrgDiffs = Vec<(String, Option<(String, i64, SnapshotDiff)>)>;

fn report_parts(conn: &Connection, campaign: &Campaign) -> Result<(OrgFindings, OrgDiffs)> {
    let mut findings = Vec::new();
    let mut diffs = Vec::new();
    for org in &campaign.orgs {
        let (start, end) = campaigns::findings_at(conn, &campaign.id, &org.org_id)?;
        findings.push((org.org_name.clone(), start, end));
        let diff = match (
            &org.snapshot_id,
            campaigns::previous(conn, campaign, &org.org_id)?,
        ) {
            (Some(now), Some((name, as_of, before))) => {
                let d = snapshots::diff(
                    &snapshots::load(conn, &before)?,
                    &snapshots::load(conn, now)?,
                    name.clone(),
                    campaign.name.clone(),
                );
                Some((name, as_of, d))
            }
            _ => None,
        };
        diffs.push((org.org_name.clone(), diff));
    }
    Ok((findings, diffs))
}

impl Rolecall {
    /// The name evidence is offered under: "access-review-2026-11-29.csv".
    pub fn evidence_file_name(
        &self,
        actor: &AccountId,
        campaign_id: &CampaignId,
        format: EvidenceFormat,
    ) -> Result<String> {
        let campaign = self.campaign(actor, campaign_id)?;
        let names: Vec<&str> = campaign.orgs.iter().map(|o| o.org_name.as_str()).collect();
        let slug = slug_base_from_ascii(&deunicode::deunicode(&names.join(" ")));
        Ok(format!(
            "access-review-{slug}-{}.{}",
            iso_date(campaign.as_of),
            format.extension()
        ))
    }

    /// R57: writes the campaign's evidence to `out`; gives the number of people in it.
    pub fn export_evidence(
        &self,
        actor: &AccountId,
        campaign_id: &CampaignId,
        format: EvidenceFormat,
        out: &mut dyn Write,
    ) -> Result<u64> {
        let generated = self.now();
        let (campaign, items, parts) = self.read(actor, |conn| {
            campaigns::require_campaign(conn, campaign_id, actor)?;
            let campaign = campaigns::load(conn, campaign_id)?;
            let items = campaigns::all_items(conn, campaign_id)?;
            let parts = match format {
                EvidenceFormat::Html => Some(report_parts(conn, &campaign)?),
                EvidenceFormat::Csv => None,
            };
            Ok((campaign, items, parts))
        })?;
        match parts {
            None => write_csv(out, &campaign, &items)?,
            Some((findings, diffs)) => {
                let mut html = String::new();
                write_html(&mut html, &campaign, &items, &findings, &diffs, generated);
                out.write_all(html.as_bytes()).map_err(write_error)?;
            }
        }
        out.flush().map_err(write_error)?;
        Ok(items.len() as u64)
    }

    /// R57: writes the evidence to the file `target`, which appears only once complete.
    pub fn export_evidence_to_file(
        &self,
        actor: &AccountId,
        campaign_id: &CampaignId,
        format: EvidenceFormat,
        target: &Path,
    ) -> Result<ExportOutcome> {
        let mut file = AtomicFile::create(target)?;
        let rows = self.export_evidence(actor, campaign_id, format, &mut file)?;
        let bytes = file.commit()?;
        Ok(ExportOutcome {
            path: target.display().to_string(),
            rows,
            bytes,
        })
    }
}
