//! The preview's head: what the import would do as a heading, the counts, why Apply
//! cannot run (or that there is nothing to apply), skipping the rows with problems,
//! and Apply.

use super::{Destination, Import};
use crate::format::{count, group};
use leptos::prelude::*;
use rolecall_types::import::ImportPreview;

#[component]
pub(super) fn Summary(import: Import) -> impl IntoView {
    let preview = move || import.preview.get();
    let blocked_reason = move |p: &ImportPreview| -> Option<&'static str> {
        if import.busy() {
            Some("Wait for the preview to finish.")
        } else if import.stale.get() {
            Some("The settings changed since this preview: run it again first.")
        } else if p.no_changes {
            Some("Nothing to apply: the file matches the organization.")
        } else if p.blocked.is_some() {
            Some("The import cannot be applied as it is set up; see the message above.")
        } else {
            None
        }
    };
    move || {
        preview().map(|p| {
            let c = p.counts;
            let apply_off = blocked_reason(&p);
            let into_new = import.destination.get() == Destination::New;
            let facts = format!(
                "{} · {} read · {}",
                p.file_name,
                count(c.rows, "row", "rows"),
                crate::format::bytes(p.bytes)
            );
            view! {
                <section class="card imp-summary" aria-labelledby="import-title">
                    <div class="imp-summary-head">
                        <div class="imp-summary-text">
                            <h2 id="import-title" class:imp-none=p.no_changes>{p.title.clone()}</h2>
                            <p class="muted small imp-facts" id="import-facts">{facts}</p>
                        </div>
                        <button class="btn btn-primary" id="import-apply" type="button"
                            disabled=apply_off.is_some() title=apply_off.unwrap_or("Apply what this preview shows")
                            on:click=move |_| import.apply()>
                            "Apply…"
                        </button>
                    </div>
                    <ul class="imp-counts" aria-label="Counts">
                        <Count id="import-count-join" n=c.join label="join" />
                        <Count id="import-count-change" n=c.change label="change" />
                        {(!into_new).then(|| view! { <Count id="import-count-absent" n=c.absent label="not in the file" /> })}
                        {(!into_new).then(|| view! { <Count id="import-count-unchanged" n=c.unchanged label="unchanged" /> })}
                        <Count id="import-count-problems" n=c.problems label=if c.problems == 1 { "row with a problem" } else { "rows with problems" } />
                    </ul>
                    {p.no_changes.then(|| view! {
                        <p class="notice imp-no-changes" id="import-no-changes" role="status">
                            <strong>"No changes. "</strong>"Nothing to apply: the file matches the organization."
                        </p>
                    })}
                    {p.blocked.clone().map(|why| view! {
                        <p class="imp-blocked" id="import-blocked" role="alert">{why}</p>
                    })}
                    {(c.problems > 0).then(|| view! {
                        <label class="toggle imp-skip">
                            <input type="checkbox" id="import-skip"
                                prop:checked=move || import.skip.get()
                                disabled=move || import.busy()
                                on:change=move |ev| {
                                    import.skip.set(event_target_checked(&ev));
                                    import.preview_again();
                                } />
                            <span>{format!("Skip the {} with problems", count(c.problems, "row", "rows"))}</span>
                        </label>
                    })}
                    {move || import.stale.get().then(|| view! {
                        <div class="imp-stale" id="import-stale">
                            <span>"This preview does not match the settings any more."</span>
                            <button class="btn btn-small" id="import-rerun" type="button" disabled=move || import.busy()
                                on:click=move |_| import.preview_again()>"Preview again"</button>
                        </div>
                    })}
                </section>
            }
        })
    }
}

#[component]
fn Count(id: &'static str, n: u64, label: &'static str) -> impl IntoView {
    view! {
        <li class="imp-count" class:zero=n == 0 id=id data-count=n.to_string()>
            <strong>{group(n)}</strong>" "{label}
        </li>
    }
}
