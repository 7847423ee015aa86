//! Import people (R46–R51): into this organization or a new one, from an identity
//! provider's export or any CSV. Choosing a file runs the dry run (R47) at once; every
//! setting of the preview (source, column mapping, role mapping, people not in the
//! file, skipping rows with problems) runs it again; Apply asks first, shows its
//! progress, and opens the target's members. Nothing is written before Apply.
//!
//! [`Import`] holds the set-up and what the core last answered; `setup.rs` draws the
//! first step, `summary.rs` the preview's head (title, banners, Apply), `settings.rs`
//! the settings that run the preview again, `people.rs` the people and problems.

mod people;
mod settings;
mod setup;
mod summary;

use crate::api;
use crate::components::{Confirm, Meter};
use crate::format::count;
use crate::state::{Ctx, Intent, Route};
use leptos::prelude::*;
use leptos::task::spawn_local;
use people::People;
use rolecall_types::cmd;
use rolecall_types::import::{
    AbsentAction, ColumnMapping, ImportApplied, ImportPreview, ImportProgress, ImportRequest,
    ImportTarget, RoleChoice,
};
use rolecall_types::model::Context;
use rolecall_types::permissions::Permission;
use rolecall_types::validate;
use rolecall_types::{ErrorKind, IpcError};
use settings::Settings;
use setup::Setup;
use summary::Summary;

/// Where the people go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Destination {
    /// The organization the window is in.
    This,
    New,
}

/// What is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Running {
    Preview,
    Apply,
}

/// The import as set up on the page, and what the core last answered.
#[derive(Clone, Copy)]
struct Import {
    /// Kept here: the page's tasks go on after an await, outside any reactive owner.
    ctx: Ctx,
    destination: RwSignal<Destination>,
    new_name: RwSignal<String>,
    name_error: RwSignal<Option<String>>,
    /// The chosen file.
    path: RwSignal<Option<String>>,
    /// A source chosen instead of the detected one.
    source: RwSignal<Option<String>>,
    mapping: RwSignal<Vec<ColumnMapping>>,
    roles: RwSignal<Vec<RoleChoice>>,
    absent: RwSignal<AbsentAction>,
    skip: RwSignal<bool>,
    preview: RwSignal<Option<ImportPreview>>,
    /// The preview on screen no longer matches the settings (its re-run failed or was
    /// stopped): Apply waits for a new one.
    stale: RwSignal<bool>,
    /// The core's refusal of the last run, and which run it was.
    error: RwSignal<Option<(Running, IpcError)>>,
    running: RwSignal<Option<Running>>,
    progress: RwSignal<Option<ImportProgress>>,
    /// The user pressed Cancel on what is running.
    cancelling: RwSignal<bool>,
    /// What the last Cancel stopped, said until the next run.
    stopped: RwSignal<Option<Running>>,
    /// Bumped per run: an answer to an older run is dropped.
    generation: RwSignal<u32>,
}

impl Import {
    fn new(destination: Destination) -> Import {
        Import {
            ctx: Ctx::get(),
            destination: RwSignal::new(destination),
            new_name: RwSignal::new(String::new()),
            name_error: RwSignal::new(None),
            path: RwSignal::new(None),
            source: RwSignal::new(None),
            mapping: RwSignal::new(Vec::new()),
            roles: RwSignal::new(Vec::new()),
            absent: RwSignal::new(AbsentAction::Keep),
            skip: RwSignal::new(false),
            preview: RwSignal::new(None),
            stale: RwSignal::new(false),
            error: RwSignal::new(None),
            running: RwSignal::new(None),
            progress: RwSignal::new(None),
            cancelling: RwSignal::new(false),
            stopped: RwSignal::new(None),
            generation: RwSignal::new(0),
        }
    }

    fn busy(self) -> bool {
        self.running.get().is_some()
    }

    /// The request as set up now (`None` before a file is chosen).
    fn request(self) -> Option<ImportRequest> {
        let path = self.path.get_untracked()?;
        let target = match self.destination.get_untracked() {
            Destination::This => ImportTarget::Existing {
                org_id: self.ctx.org(),
            },
            Destination::New => ImportTarget::New {
                name: self.new_name.get_untracked().trim().to_string(),
            },
        };
        Some(ImportRequest {
            target,
            path,
            source: self.source.get_untracked(),
            mapping: self.mapping.get_untracked(),
            roles: self.roles.get_untracked(),
            absent: self.absent.get_untracked(),
            skip_problems: self.skip.get_untracked(),
        })
    }

    /// Checks the new organization's name with the shared rule; true when it is fine
    /// (or no new organization is asked for).
    fn name_ok(self) -> bool {
        if self.destination.get_untracked() != Destination::New {
            return true;
        }
        let error = validate::org_name(&self.new_name.get_untracked())
            .err()
            .map(|e| e.message);
        let ok = error.is_none();
        self.name_error.set(error);
        ok
    }

    /// Starts a run: a new generation, progress cleared, messages gone.
    fn begin(self, what: Running) -> u32 {
        self.generation.update(|g| *g += 1);
        self.running.set(Some(what));
        self.progress.set(None);
        self.cancelling.set(false);
        self.stopped.set(None);
        self.error.set(None);
        self.generation.get_untracked()
    }

    /// Whether `generation` is still the latest run (and the page still open).
    fn current(self, generation: u32) -> bool {
        self.generation.try_get_untracked() == Some(generation)
    }

    /// Asks for a file, then previews it with the settings the file suggests.
    fn choose_file(self) {
        if !self.name_ok() {
            return;
        }
        spawn_local(async move {
            match api::call(cmd::PickImportFile {}).await {
                Ok(Some(path)) => {
                    if self.path.try_set(Some(path)).is_some() {
                        return;
                    }
                    self.source.set(None);
                    self.mapping.set(Vec::new());
                    self.roles.set(Vec::new());
                    self.skip.set(false);
                    self.preview.set(None);
                    self.preview_again();
                }
                // The dialog was closed: nothing changes.
                Ok(None) => {}
                Err(e) => {
                    self.error.try_set(Some((Running::Preview, e)));
                }
            }
        });
    }

    /// Runs the dry run with the settings as they are now.
    fn preview_again(self) {
        if self.path.with_untracked(Option::is_none) {
            return;
        }
        // A new organization's preview needs its name; the one on screen no longer
        // matches meanwhile.
        if !self.name_ok() {
            if self.preview.with_untracked(Option::is_some) {
                self.stale.set(true);
            }
            return;
        }
        let Some(request) = self.request() else {
            return;
        };
        let generation = self.begin(Running::Preview);
        let progress = self.progress;
        spawn_local(async move {
            let report = move |p: ImportProgress| {
                progress.try_set(Some(p));
            };
            let answer = api::with_progress(cmd::PreviewImport { import: request }, report).await;
            if !self.current(generation) {
                return;
            }
            self.finish();
            match answer {
                Ok(preview) => {
                    self.stale.set(false);
                    self.preview.set(Some(preview));
                }
                Err(e) => self.failed(Running::Preview, e),
            }
        });
    }

    /// Applies what the preview on screen shows, once confirmed.
    fn apply(self) {
        let Some(preview) = self.preview.get_untracked() else {
            return;
        };
        if !self.name_ok() {
            return;
        }
        let Some(request) = self.request() else {
            return;
        };
        let ctx = self.ctx;
        let into = match self.destination.get_untracked() {
            Destination::This => ctx.org_name(),
            Destination::New => format!(
                "the new organization {}",
                self.new_name.get_untracked().trim()
            ),
        };
        let absent = self.absent.get_untracked();
        let question = Confirm {
            title: format!("Apply {}?", what_applies(&preview, absent)),
            message: format!(
                "The people from {} go into {into} in one change, recorded in the audit log.{}",
                preview.file_name,
                if absent == AbsentAction::Remove && preview.counts.absent > 0 {
                    " People not in the file are removed from the organization; they can be invited again."
                } else {
                    ""
                }
            ),
            confirm: "Apply".into(),
            cancel: "Not yet".into(),
            danger: absent == AbsentAction::Remove && preview.counts.absent > 0,
            action: std::sync::Arc::new(|| ()),
        };
        let sha256 = preview.sha256;
        ctx.ask(question, move || {
            self.run_apply(request.clone(), sha256.clone())
        });
    }

    fn run_apply(self, request: ImportRequest, sha256: String) {
        let generation = self.begin(Running::Apply);
        let progress = self.progress;
        spawn_local(async move {
            let report = move |p: ImportProgress| {
                progress.try_set(Some(p));
            };
            let answer = api::with_progress(
                cmd::ApplyImport {
                    import: request,
                    sha256,
                },
                report,
            )
            .await;
            if !self.current(generation) {
                return;
            }
            self.finish();
            match answer {
                Ok(applied) => open_members(self.ctx, applied).await,
                Err(e) => self.failed(Running::Apply, e),
            }
        });
    }

    /// Asks the core to stop what is running; its answer ends the run.
    fn cancel(self) {
        self.cancelling.set(true);
        spawn_local(async move {
            if let Err(e) = api::call(cmd::CancelImport {}).await {
                self.cancelling.try_set(false);
                self.ctx.toast_error(e.message);
            }
        });
    }

    fn finish(self) {
        self.running.set(None);
        self.cancelling.set(false);
    }

    /// A failed or stopped run (`what`): the preview on screen (if any) stays, marked
    /// as not matching the settings when a preview was stopped or refused; the core's
    /// words go on the page, or that Cancel stopped it.
    fn failed(self, what: Running, e: IpcError) {
        if what == Running::Preview && self.preview.with_untracked(Option::is_some) {
            self.stale.set(true);
        }
        if e.kind == ErrorKind::Cancelled {
            self.stopped.set(Some(what));
        } else if e.field.as_deref() == Some("name")
            && self.destination.get_untracked() == Destination::New
        {
            self.name_error.set(Some(e.message));
        } else {
            self.error.set(Some((what, e)));
        }
    }
}

/// "3 joins, 2 changes and 1 deactivation", as the confirmation asks it.
fn what_applies(preview: &ImportPreview, absent: AbsentAction) -> String {
    let c = preview.counts;
    let mut parts = Vec::new();
    if c.join > 0 {
        parts.push(count(c.join, "join", "joins"));
    }
    if c.change > 0 {
        parts.push(count(c.change, "change", "changes"));
    }
    match absent {
        AbsentAction::Keep => {}
        AbsentAction::Deactivate if c.absent > 0 => {
            parts.push(count(c.absent, "deactivation", "deactivations"));
        }
        AbsentAction::Remove if c.absent > 0 => parts.push(count(c.absent, "removal", "removals")),
        _ => {}
    }
    match parts.len() {
        0 => "this import".to_string(),
        1 => parts.remove(0),
        n => {
            let last = parts.remove(n - 1);
            format!("{} and {last}", parts.join(", "))
        }
    }
}

/// After an apply: says what happened and opens the members of the organization the
/// people went into (switching to it when it is another one, as creating one does).
async fn open_members(ctx: Ctx, applied: ImportApplied) {
    let done = format!("Imported into {}: {}.", applied.org_name, applied.title);
    if applied.org_id == ctx.org() {
        ctx.changed();
        ctx.route.set(Route::Members);
        ctx.toast(done);
    } else if ctx
        .switch(Context::Organization(applied.org_id), None, Route::Members)
        .await
        .is_some()
    {
        ctx.toast(done);
    }
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let ctx = Ctx::get();
    let in_org = ctx.session.with_untracked(|s| {
        matches!(
            s.as_ref().map(|s| &s.context),
            Some(Context::Organization(_))
        )
    });
    // Into this organization needs the right to add people to it; anyone may import
    // into a new organization of their own.
    let can_here = in_org && ctx.can(Permission::MembersInvite);
    let asked_new = ctx.take_intent(Intent::ImportIntoNew);
    let import = Import::new(if can_here && !asked_new {
        Destination::This
    } else {
        Destination::New
    });
    view! {
        <header class="page-header">
            <h1>"Import people"</h1>
            <p class="muted">
                "From Google Workspace, Okta, Entra ID, Slack, GitHub, a SCIM 2.0 or Rolecall export, or any CSV. "
                "You see every join, change and problem first; nothing is written until you apply."
            </p>
        </header>
        <div class="imp-page">
            <Setup import can_here />
            <Progress import />
            {move || import.error.get().map(|(what, e)| view! {
                <div class="imp-error" id="import-error" role="alert">
                    <strong>{match what {
                        Running::Apply => "Nothing was imported.",
                        Running::Preview if import.preview.with(Option::is_some) => "The preview could not run again.",
                        Running::Preview => "This file cannot be imported.",
                    }}</strong>
                    " "<span id="import-error-message">{e.message}</span>
                </div>
            })}
            {move || import.stopped.get().map(|what| view! {
                <p class="notice imp-stopped" id="import-stopped" role="status">
                    {match what {
                        Running::Preview => "Preview stopped.",
                        Running::Apply => "Import cancelled: nothing was written.",
                    }}
                </p>
            })}
            {move || import.preview.with(Option::is_some).then(|| view! {
                <div class="imp-preview" id="import-preview" class:stale=move || import.stale.get() aria-busy=move || import.busy().to_string()>
                    <Summary import />
                    <Settings import />
                    <People import />
                </div>
            })}
        </div>
    }
}

/// The running preview or apply: a bar, rows so far, and Cancel.
#[component]
fn Progress(import: Import) -> impl IntoView {
    move || {
        import.running.get().map(|what| {
            let p = import.progress.get();
            let (done, total) = p.map_or((0, 0), |p| (p.done, p.total.max(p.done)));
            let doing = match what {
                Running::Preview => "Reading the file",
                Running::Apply => "Applying",
            };
            // The core counts what it has read of the file; a share reads the same
            // whatever the unit.
            let text = match total {
                0 => format!("{doing}…"),
                total => format!("{doing}… {}%", (done.saturating_mul(100) / total).min(100)),
            };
            let cancelling = import.cancelling.get();
            view! {
                <div class="imp-progress" id="import-progress" role="status" aria-live="polite">
                    <Meter label="Import progress" now=done max=total progress=true waiting=total == 0 />
                    <span class="imp-progress-text muted small" id="import-progress-text">{text}</span>
                    <button class="btn btn-small" id="import-cancel" type="button" disabled=cancelling
                        on:click=move |_| import.cancel()>
                        {if cancelling { "Cancelling…" } else { "Cancel" }}
                    </button>
                </div>
            }
        })
    }
}
