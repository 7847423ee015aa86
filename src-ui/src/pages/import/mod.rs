//! Import people (R46–R51): into this organization or a new one, from an identity
//! provider's export or any CSV. Choosing a file runs the dry run (R47) at once; every
//! setting of the preview (source, column mapping, role mapping, people not in the
//! file, skipping rows with problems) runs it again; Apply asks first, shows its
//! progress, and opens the target's members. Nothing is written before Apply.
//!
//! [`Import`] holds the set-up and what the core last answered; `preview.rs` chooses
//! the file and runs the dry run, `apply.rs` applies it, `progress.rs` shows what is
//! running with its Cancel. `setup.rs` draws the first step, `summary.rs` the
//! preview's head (title, banners, Apply), `settings.rs` the settings that run the
//! preview again, `people.rs` the people and problems.

mod apply;
mod people;
mod preview;
mod progress;
mod settings;
mod setup;
mod summary;

use crate::state::{Ctx, Intent};
use leptos::prelude::*;
use people::People;
use progress::Progress;
use rolecall_types::import::{
    AbsentAction, ColumnMapping, ImportPreview, ImportProgress, ImportRequest, ImportTarget,
    RoleChoice,
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
