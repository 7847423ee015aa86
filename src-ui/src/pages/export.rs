//! Data export (R45): the whole organization as one schema-versioned JSON document
//! (never a secret) and members as CSV. Each export asks where to save, shows its
//! progress and then the saved file, its rows and its size. `ExportJob` and
//! `ExportStatus` also serve the Members page's "Export CSV" button and the Audit log's
//! CSV and JSON exports.

use crate::api;
use crate::components::Meter;
use crate::format::{bytes, count, group};
use crate::state::Ctx;
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::model::{
    AuditQuery, EXPORT_GUARDED_SECTIONS, EXPORT_SCHEMA_VERSION, ExportKind, ExportOutcome,
    ExportProgress, ExportRequest, MemberQuery, MemberStatus, omitted_section,
};
use rolecall_types::permissions::Permission;

/// What an export ends with: the saved file, `None` when the save dialog was cancelled,
/// or why it failed.
type Outcome = Result<Option<ExportOutcome>, String>;

/// One export that can be started, watched and read back.
#[derive(Clone, Copy)]
pub(super) struct ExportJob {
    run: Action<ExportRequest, Outcome>,
    running: Memo<bool>,
    progress: RwSignal<Option<ExportProgress>>,
}

impl ExportJob {
    pub(super) fn new() -> ExportJob {
        let ctx = Ctx::get();
        let progress = RwSignal::new(None);
        let run = Action::new_local(move |export: &ExportRequest| {
            progress.set(None);
            let request = cmd::ExportData {
                org_id: ctx.org(),
                export: export.clone(),
            };
            // The page may be closed while the file is written: `try_set` then does nothing.
            let report = move |p| {
                progress.try_set(Some(p));
            };
            async move { api::export(request, report).await.map_err(|e| e.message) }
        });
        let running = run.pending();
        ExportJob {
            run,
            running,
            progress,
        }
    }

    pub(super) fn running(self) -> bool {
        self.running.get()
    }

    /// Starts an export of `kind`; `members` carries the members table's filters,
    /// `audit` the audit log's.
    pub(super) fn start(
        self,
        kind: ExportKind,
        members: Option<MemberQuery>,
        audit: Option<AuditQuery>,
    ) {
        if !self.running.get_untracked() {
            self.run.dispatch(ExportRequest {
                kind,
                members,
                audit,
            });
        }
    }
}

/// Progress while an export runs, then where it was saved — or why it was not.
/// Element ids start with `id`: `<id>-progress`, `<id>-result`, `<id>-path`,
/// `<id>-error`, `<id>-cancelled`.
#[component]
pub(super) fn ExportStatus(
    job: ExportJob,
    id: &'static str,
    /// What one row and several rows are: ("member", "members").
    rows: (&'static str, &'static str),
) -> impl IntoView {
    let ctx = Ctx::get();
    let result = job.run.value();
    view! {
        <div class="ex-status" aria-live="polite">
            {move || job.running().then(|| {
                let p = job.progress.get();
                let (done, total) = p.map_or((0, 0), |p| (p.done, p.total.max(p.done)));
                let text = match p {
                    Some(_) => format!("{} of {}", group(done), count(total, rows.0, rows.1)),
                    None => "Preparing…".to_string(),
                };
                view! {
                    <div class="ex-progress-wrap" id=format!("{id}-progress")>
                        <Meter label="Export progress" now=done max=total progress=true waiting=p.is_none() />
                        <span class="ex-progress-text muted small">{text}</span>
                    </div>
                }
            })}
            {move || (!job.running()).then(|| result.get()).flatten().map(|result| match result {
                Ok(Some(outcome)) => {
                    let path = outcome.path.clone();
                    view! {
                        <div class="ex-result" id=format!("{id}-result") role="status">
                            <div class="ex-result-line">
                                <span class="ex-ok" aria-hidden="true">"✓"</span>
                                <span class="ex-result-text">
                                    "Saved "<strong id=format!("{id}-rows") data-rows=outcome.rows.to_string()>
                                        {count(outcome.rows, rows.0, rows.1)}
                                    </strong>
                                    {format!(" · {}", bytes(outcome.bytes))}
                                </span>
                                <button class="btn btn-small ex-copy" type="button" on:click=move |_| {
                                    ctx.copy(&path, "Path copied to the clipboard.");
                                }>"Copy path"</button>
                                <button class="btn btn-small btn-ghost ex-dismiss" type="button" id=format!("{id}-dismiss")
                                    on:click=move |_| job.run.clear()>"Dismiss"</button>
                            </div>
                            <code class="ex-path" id=format!("{id}-path")>{outcome.path.clone()}</code>
                        </div>
                    }.into_any()
                }
                Ok(None) => view! {
                    <p class="muted small ex-cancelled" id=format!("{id}-cancelled") role="status">
                        "Export cancelled: nothing was saved."
                    </p>
                }.into_any(),
                Err(message) => view! {
                    <p class="form-error ex-error" id=format!("{id}-error") role="alert">
                        {format!("The export failed: {message}")}
                    </p>
                }.into_any(),
            })}
        </div>
    }
}

#[component]
pub fn ExportPage() -> impl IntoView {
    let ctx = Ctx::get();
    let organization = ExportJob::new();
    let members = ExportJob::new();
    let member_status = RwSignal::new(MemberStatus::Active);
    let busy = move || organization.running() || members.running();
    let org_name = move || ctx.org_name();
    let busy_title = move || busy().then_some("An export is running; wait for it to finish.");

    view! {
        <header class="page-header">
            <h1>"Data export"</h1>
            <p class="muted">
                "Save what Rolecall holds about "<bdi id="export-org-name">{org_name}</bdi>
                " to a file on this computer. You choose where each file goes."
            </p>
        </header>
        <Show
            when=move || ctx.can(Permission::DataExport)
            fallback=|| view! {
                <p class="notice" id="export-not-allowed">
                    "Exporting needs the Data · export permission. Ask an Owner or Admin of this organization."
                </p>
            }
        >
            <div class="ex-grid">
                <section class="card ex-card" id="export-organization-card" aria-labelledby="export-organization-title">
                    <div class="ex-card-head">
                        <h2 id="export-organization-title">"Whole organization (JSON)"</h2>
                        <span class="badge">{format!("Schema version {EXPORT_SCHEMA_VERSION}")}</span>
                    </div>
                    <p class="ex-lead">
                        "One document with everything about the organization. It carries a schema version, so other tools and later versions of Rolecall can read it back."
                    </p>
                    <ul class="ex-contents" aria-label="Contents">
                        {["Organization and settings", "Roles and permissions", "Workspaces"]
                            .into_iter()
                            .map(|item| view! { <li>{item}</li> })
                            .collect_view()}
                        {move || EXPORT_GUARDED_SECTIONS
                            .into_iter()
                            .filter(|(permission, _)| ctx.can(*permission))
                            .map(|(_, section)| view! { <li>{section}</li> })
                            .collect_view()}
                    </ul>
                    {move || {
                        let left_out: Vec<String> = EXPORT_GUARDED_SECTIONS
                            .into_iter()
                            .filter(|(permission, _)| !ctx.can(*permission))
                            .map(|(permission, section)| omitted_section(permission, section))
                            .collect();
                        (!left_out.is_empty()).then(|| view! {
                            <div class="notice ex-omitted" id="export-omitted">
                                <p>"Left out, because your role may not view them here; the document names them in its omitted list:"</p>
                                <ul>{left_out.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
                            </div>
                        })
                    }}
                    <p class="notice ex-secret-note" id="export-no-secrets">
                        <strong>"API key secrets are never included."</strong>
                        " Keys appear by name and prefix only; their secrets stay in your system keyring."
                    </p>
                    <div class="ex-actions">
                        <button
                            class="btn btn-primary"
                            id="export-organization"
                            disabled=busy
                            title=busy_title
                            on:click=move |_| organization.start(ExportKind::OrganizationJson, None, None)
                        >
                            {move || if organization.running() { "Exporting…" } else { "Export JSON" }}
                        </button>
                    </div>
                    <ExportStatus job=organization id="export-organization" rows=("member", "members") />
                </section>
                <section class="card ex-card" id="export-members-card" aria-labelledby="export-members-title">
                    <div class="ex-card-head">
                        <h2 id="export-members-title">"Members (CSV)"</h2>
                        <span class="badge">"Spreadsheet"</span>
                    </div>
                    <p class="ex-lead">
                        "One line per member with first and last name, e-mail, role, Owner, status, joined, last login and last active (times in UTC). Opens in any spreadsheet."
                    </p>
                    <div class="field ex-field">
                        <label for="export-members-status">"Members"</label>
                        <select
                            id="export-members-status"
                            on:change=move |ev| member_status.set(match event_target_value(&ev).as_str() {
                                "deactivated" => MemberStatus::Deactivated,
                                _ => MemberStatus::Active,
                            })
                        >
                            <option value="active" selected=true>"Active members"</option>
                            <option value="deactivated">"Deactivated members"</option>
                        </select>
                    </div>
                    <p class="muted small ex-hint">
                        "To export only some members, filter the table on the Members page and use its Export CSV button."
                    </p>
                    <div class="ex-actions">
                        <button
                            class="btn btn-primary"
                            id="export-members"
                            disabled=busy
                            title=busy_title
                            on:click=move |_| members.start(
                                ExportKind::MembersCsv,
                                Some(MemberQuery { status: member_status.get_untracked(), ..MemberQuery::default() }),
                                None,
                            )
                        >
                            {move || if members.running() { "Exporting…" } else { "Export CSV" }}
                        </button>
                    </div>
                    <ExportStatus job=members id="export-members" rows=("member", "members") />
                </section>
            </div>
        </Show>
    }
}
