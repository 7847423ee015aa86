//! The HR roster (R52) of the Findings tab: "HR roster…" chooses a file, the core
//! answers its columns with the mapping remembered for them or guessed from their
//! names, and the import's mapping step (`ColumnMap`) shows it to confirm or change;
//! the roster is then read with that mapping, which the core remembers for files with
//! the same columns. The findings are read again afterwards.

use crate::api;
use crate::components::{ColumnMap, Dialog, DialogButtons, Errors, remap};
use crate::format::{count, group};
use crate::state::Ctx;
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::import::ColumnMapping;
use rolecall_types::review::{RosterInfo, RosterPreview};

/// The field a roster cannot be read without.
const EMAIL: &str = "email";

/// "HR roster…": choose the file, then its mapping step.
#[component]
pub(super) fn RosterButton() -> impl IntoView {
    let ctx = Ctx::get();
    // The chosen file and its columns, while the mapping step is open.
    let chosen = RwSignal::new(None::<(String, RosterPreview)>);
    let choose = Action::new_local(move |_: &()| {
        let org_id = ctx.org();
        async move {
            let path = match api::call(cmd::PickImportFile {}).await {
                Ok(Some(path)) => path,
                Ok(None) => return,
                Err(e) => return ctx.toast_error(e.message),
            };
            match api::call(cmd::PreviewRoster {
                org_id,
                path: path.clone(),
            })
            .await
            {
                Ok(preview) => {
                    chosen.try_set(Some((path, preview)));
                }
                Err(e) => ctx.toast_error(e.message),
            }
        }
    });
    let opening = choose.pending();
    view! {
        <button type="button" class="btn" id="review-roster-open" disabled=opening
            title="Read your HR system's employee list (CSV with e-mail, status and termination date) to find people who left but still have access"
            on:click=move |_| { choose.dispatch(()); }>
            {move || if opening.get() { "Opening roster…" } else { "HR roster…" }}
        </button>
        {move || chosen.get().map(|(path, preview)| view! {
            <RosterDialog path preview on_close=Callback::new(move |_| { chosen.try_set(None); }) />
        })}
    }
}

/// The roster's mapping step: its columns for each field, then "Read roster".
#[component]
fn RosterDialog(path: String, preview: RosterPreview, on_close: Callback<()>) -> impl IntoView {
    let ctx = Ctx::get();
    let mapping = RwSignal::new(preview.mapping.clone());
    let errors = Errors::new();
    let on_change = Callback::new(move |(field, column): (String, Option<String>)| {
        mapping.update(|m| *m = remap(std::mem::take(m), &field, column));
        errors.clear();
    });
    let no_email = move || mapping.with(|m| !m.iter().any(|c| c.field == EMAIL));
    let read = Action::new_local(move |mapping: &Vec<ColumnMapping>| {
        let request = cmd::ImportRoster {
            org_id: ctx.org(),
            path: path.clone(),
            mapping: mapping.clone(),
        };
        async move {
            let done = |r: &RosterInfo| {
                format!(
                    "HR roster read: {}, {} left the company.",
                    count(r.people, "person", "people"),
                    group(r.terminated)
                )
            };
            if ctx
                .save(request, done, move |e| errors.show(e, "mapping"))
                .await
                .is_some()
            {
                on_close.run(());
            }
        }
    });
    let busy = read.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        read.dispatch(mapping.get_untracked());
    };
    let message = move || {
        errors
            .of("mapping")
            .get()
            .or_else(|| errors.of("file").get())
    };
    view! {
        <Dialog id="roster-dialog" labelled_by="roster-title" on_close
            close_outside=Signal::derive(move || !busy.get())>
            <form class="form rv-roster-form" on:submit=submit novalidate=true>
                <h2 id="roster-title">"Read an HR roster"</h2>
                <p class="muted small" id="roster-file">
                    <bdi>{preview.file_name.clone()}</bdi>
                    ": Rolecall finds each person's membership by e-mail and who left by the status or the termination date."
                </p>
                {preview.remembered.then(|| view! {
                    <p class="muted small" id="roster-remembered">"The columns are mapped as last time for these columns."</p>
                })}
                <ColumnMap id="roster-mapping" prefix="roster-map" fields=preview.fields
                    columns=preview.columns mapping=preview.mapping on_change />
                <Show when=no_email>
                    <p class="imp-warning" id="roster-needs-email" role="status">
                        "Choose the column that holds the e-mail: without it Rolecall cannot tell whose access this roster is about."
                    </p>
                </Show>
                {move || message().map(|m| view! { <p class="form-error" role="alert" id="roster-error">{m}</p> })}
                <DialogButtons submit="roster-submit" on_cancel=on_close cancel_id="roster-cancel"
                    disabled=Signal::derive(move || busy.get())
                    label=move || if busy.get() { "Reading roster…" } else { "Read roster" } />
            </form>
        </Dialog>
    }
}
