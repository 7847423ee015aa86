//! Applying what the preview shows (R49): asked first, run with its progress, then the
//! members of the organization the people went into.

use super::{Destination, Import, Running};
use crate::api;
use crate::components::Confirm;
use crate::format::count;
use crate::state::{Ctx, Route};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::import::{
    AbsentAction, ImportApplied, ImportPreview, ImportProgress, ImportRequest,
};
use rolecall_types::model::Context;

impl Import {
    /// Applies what the preview on screen shows, once confirmed.
    pub(super) fn apply(self) {
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
