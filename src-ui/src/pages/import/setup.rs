//! The first step: where the people go (this organization or a new one with its name)
//! and the file, chosen with the system's open dialog.

use super::{Destination, Import};
use crate::components::Field;
use crate::format::bytes;
use crate::state::Ctx;
use leptos::prelude::*;

#[component]
pub(super) fn Setup(
    import: Import,
    /// Whether importing into the current organization is allowed.
    can_here: bool,
) -> impl IntoView {
    let ctx = Ctx::get();
    let destination = import.destination;
    // The name field takes the focus when the page opens on it, not when a radio
    // button (moved with the arrow keys) shows it.
    let name_first = destination.get_untracked() == Destination::New;
    let choose = move |into: Destination| {
        if destination.get_untracked() == into {
            return;
        }
        destination.set(into);
        // Another organization: other people to compare with, other roles to give.
        import.roles.set(Vec::new());
        import.preview_again();
    };
    let file = move || {
        import.preview.with(|p| match p {
            Some(p) => Some(format!("{} · {}", p.file_name, bytes(p.bytes))),
            None => import.path.get(),
        })
    };
    view! {
        <section class="card imp-setup" aria-labelledby="import-setup-title">
            <h2 id="import-setup-title">"What to import, and where"</h2>
            <fieldset class="plain imp-into" disabled=move || import.busy()>
                <legend class="label">"Import into"</legend>
                {if can_here {
                    view! {
                        <div class="imp-choices" role="radiogroup" aria-label="Import into">
                            <label class="toggle">
                                <input type="radio" name="import-into" id="import-into-this"
                                    prop:checked=move || destination.get() == Destination::This
                                    on:change=move |_| choose(Destination::This) />
                                <span>"This organization: "<strong id="import-org-name">{move || ctx.org_name()}</strong></span>
                            </label>
                            <label class="toggle">
                                <input type="radio" name="import-into" id="import-into-new"
                                    prop:checked=move || destination.get() == Destination::New
                                    on:change=move |_| choose(Destination::New) />
                                <span>"A new organization, with you as its Owner"</span>
                            </label>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <p class="muted imp-new-only" id="import-new-only">
                            "A new organization, with you as its Owner. It is created when you apply the import."
                        </p>
                    }.into_any()
                }}
                <Show when=move || destination.get() == Destination::New>
                    <div class="imp-name">
                        <Field id="import-new-name" label="Name of the new organization" value=import.new_name
                            error=import.name_error autofocus=name_first />
                    </div>
                </Show>
            </fieldset>
            <div class="imp-file">
                <button class="btn btn-primary" id="import-choose" type="button" disabled=move || import.busy()
                    on:click=move |_| import.choose_file()>
                    {move || if import.path.with(Option::is_some) { "Choose another file…" } else { "Choose file…" }}
                </button>
                {move || match file() {
                    Some(name) => view! { <span class="imp-file-name" id="import-file" title=name.clone()>{name.clone()}</span> }.into_any(),
                    None => view! {
                        <span class="muted small">"CSV or JSON, as the identity provider or tool exports it. The format is detected from the file."</span>
                    }.into_any(),
                }}
            </div>
        </section>
    }
}
