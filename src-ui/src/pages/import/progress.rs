//! The running preview or apply, and its Cancel.

use super::{Import, Running};
use crate::api;
use crate::components::Meter;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;

impl Import {
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
}

/// The running preview or apply: a bar, rows so far, and Cancel.
#[component]
pub(super) fn Progress(import: Import) -> impl IntoView {
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
