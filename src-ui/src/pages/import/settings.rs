//! The settings a preview suggests and the user may change, each running the preview
//! again: the source (detected, or chosen), the columns of any other CSV, the role each
//! label at the source becomes, and what happens to people not in the file.

use super::{Destination, Import};
use crate::components::{ColumnMap, Table, col, remap};
use crate::format::{count, group};
use leptos::prelude::*;
use rolecall_types::import::{AbsentAction, ImportPreview, RoleChoice};

/// The source code of "any other CSV", whose columns are mapped by hand.
const MAPPED: &str = "mapped";
/// The field every mapping needs.
const EMAIL: &str = "email";

#[component]
pub(super) fn Settings(import: Import) -> impl IntoView {
    move || {
        import.preview.get().map(|p| {
            let mapped = p.source.code == MAPPED;
            // Any other CSV is read once a column gives the e-mail: until then there are
            // no roles and no people to show.
            let unread = mapped && !p.mapping.iter().any(|m| m.field == EMAIL);
            let into_new = import.destination.get() == Destination::New;
            view! {
                <section class="card imp-settings" aria-labelledby="import-settings-title">
                    <h2 id="import-settings-title">"How to read it"</h2>
                    <fieldset class="plain" disabled=move || import.busy()>
                        <SourceLine import preview=p.clone() />
                        {(!p.notes.is_empty()).then(|| view! {
                            <ul class="imp-notes" id="import-notes" aria-label="Assumptions">
                                {p.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}
                            </ul>
                        })}
                        {mapped.then(|| view! { <ColumnMapStep import preview=p.clone() /> })}
                        {(!unread).then(|| view! { <RoleMap import preview=p.clone() /> })}
                        {(!into_new && !unread).then(|| view! { <AbsentChoice import absent=p.counts.absent /> })}
                    </fieldset>
                </section>
            }
        })
    }
}

/// "Detected: Google Workspace", and a menu to read the file as another source.
#[component]
fn SourceLine(import: Import, preview: ImportPreview) -> impl IntoView {
    let chosen = import.source.get_untracked();
    let change = move |ev| {
        let code = event_target_value(&ev);
        import.source.set((!code.is_empty()).then_some(code));
        // Another source reads other columns and other role labels.
        import.mapping.set(Vec::new());
        import.roles.set(Vec::new());
        import.preview_again();
    };
    view! {
        <div class="imp-source">
            <p class="imp-source-line" id="import-source-line">
                {if preview.detected { "Detected: " } else { "Read as: " }}
                <strong id="import-source-label">{preview.source.label.clone()}</strong>
            </p>
            <div class="field imp-source-field">
                <label for="import-source">"Read the file as"</label>
                <select id="import-source" on:change=change>
                    <option value="" selected=chosen.is_none()>"Detect from the file"</option>
                    {preview.sources.iter().map(|s| {
                        let selected = chosen.as_deref() == Some(s.code.as_str());
                        view! { <option value=s.code.clone() selected=selected>{s.label.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
        </div>
    }
}

/// Any other CSV: the column each field is read from (the shared mapping step).
#[component]
fn ColumnMapStep(import: Import, preview: ImportPreview) -> impl IntoView {
    let shown = preview.mapping.clone();
    let on_change = Callback::new(move |(field, column): (String, Option<String>)| {
        // The mapping as last set (a preview that failed still shows the one before),
        // else the one this preview suggested or remembered.
        let base = import.mapping.get_untracked();
        let base = if base.is_empty() { shown.clone() } else { base };
        import.mapping.set(remap(base, &field, column));
        import.preview_again();
    });
    view! {
        <ColumnMap id="import-mapping" prefix="import-map" fields=preview.fields
            columns=preview.columns mapping=preview.mapping on_change />
    }
}

/// R48: each role label of the source, how many people carry it, and the role it gives.
#[component]
fn RoleMap(import: Import, preview: ImportPreview) -> impl IntoView {
    if preview.roles.is_empty() {
        return view! {
            <div class="imp-block" id="import-roles">
                <h3>"Roles"</h3>
                <p class="muted small" id="import-roles-none">
                    "The file names no roles: people who join get the default role, people already here keep theirs."
                </p>
            </div>
        }
        .into_any();
    }
    let choices = preview.roles.clone();
    let rows = preview.roles.iter().enumerate().map(|(i, row)| {
        let label = row.label.clone();
        let choices = choices.clone();
        let change = move |ev| {
            let role = event_target_value(&ev);
            let role = (!role.is_empty()).then_some(role);
            let next = choices.iter().map(|r| RoleChoice {
                label: r.label.clone(),
                role: if r.label == label { role.clone() } else { r.role.clone() },
            }).collect();
            import.roles.set(next);
            import.preview_again();
        };
        let id = format!("import-role-{i}");
        view! {
            <tr data-label=row.label.clone()>
                <td><label for=id.clone()>{row.label.clone()}</label></td>
                <td class="num">{group(row.people)}</td>
                <td>
                    <select id=id class="imp-role-select" on:change=change>
                        <option value="" selected=row.role.is_none()>"— no role —"</option>
                        {preview.role_names.iter().map(|name| {
                            let selected = row.role.as_deref() == Some(name.as_str());
                            view! { <option value=name.clone() selected=selected>{name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </td>
            </tr>
        }
    }).collect_view();
    view! {
        <div class="imp-block" id="import-roles">
            <h3>"Roles"</h3>
            <p class="muted small">"The role each label in the file gives. The Owner never changes by import."</p>
            <Table class="imp-table imp-roles-table"
                columns=[col("In the file"), col("People").class("num"), col("Role here")]>
                {rows}
            </Table>
        </div>
    }
    .into_any()
}

/// R47: keep, deactivate or remove the people of the organization the file leaves out.
#[component]
fn AbsentChoice(import: Import, absent: u64) -> impl IntoView {
    let choice = import.absent;
    let option = move |value: AbsentAction, id: &'static str, label: &'static str| {
        view! {
            <label class="toggle">
                <input type="radio" name="import-absent" id=id
                    prop:checked=move || choice.get() == value
                    on:change=move |_| {
                        choice.set(value);
                        import.preview_again();
                    } />
                <span>{label}</span>
            </label>
        }
    };
    let removing = move || choice.get() == AbsentAction::Remove && absent != 0;
    view! {
        <div class="imp-block" id="import-absent">
            <h3>{format!("People not in the file ({})", group(absent))}</h3>
            <p class="muted small">"Members of the organization the file does not list. You and the Owner are never changed by an import."</p>
            <div class="imp-choices" role="radiogroup" aria-label="People not in the file">
                {option(AbsentAction::Keep, "import-absent-keep", "Keep them as they are")}
                {option(AbsentAction::Deactivate, "import-absent-deactivate", "Deactivate them")}
                {option(AbsentAction::Remove, "import-absent-remove", "Remove them from the organization")}
            </div>
            <Show when=removing>
                <p class="imp-warning" id="import-absent-warning" role="alert">
                    {format!(
                        "Removing takes {} out of the organization: they lose access, their agents pass to the Owner. They can be invited again, but their roles are not kept.",
                        count(absent, "person", "people")
                    )}
                </p>
            </Show>
        </div>
    }
}
