//! The mapping step of a CSV whose columns Rolecall does not know (R46, R52): one menu
//! per field, listing the file's columns, pre-filled with what the core remembered for
//! this header set or guessed from the columns' names. Shared by the Import page (any
//! other CSV) and the HR roster of Review.

use leptos::prelude::*;
use rolecall_types::import::{Choice, ColumnMapping};

/// `mapping` with `field` read from `column` (`None`: from no column).
pub fn remap(
    mapping: Vec<ColumnMapping>,
    field: &str,
    column: Option<String>,
) -> Vec<ColumnMapping> {
    let mut next: Vec<ColumnMapping> = mapping.into_iter().filter(|m| m.field != field).collect();
    if let Some(column) = column {
        next.push(ColumnMapping {
            field: field.to_string(),
            column,
        });
    }
    next
}

/// Which column of the file holds each field. `on_change` gets the field's code and
/// its new column (`None`: not in the file); the owner keeps the mapping.
#[component]
pub fn ColumnMap(
    /// The block's id; each menu's is `<prefix>-<field code>`.
    id: &'static str,
    prefix: &'static str,
    /// The fields a column can be mapped to, in the order shown.
    fields: Vec<Choice>,
    /// The file's columns.
    columns: Vec<String>,
    /// The mapping the menus show first.
    mapping: Vec<ColumnMapping>,
    on_change: Callback<(String, Option<String>)>,
) -> impl IntoView {
    view! {
        <div class="imp-block" id=id>
            <h3>"Columns"</h3>
            <p class="muted small">"Which column of the file holds each field. Rolecall remembers this for files with the same columns."</p>
            <div class="imp-mapping">
                {fields.into_iter().map(|field| {
                    let used = mapping.iter().find(|m| m.field == field.code).map(|m| m.column.clone());
                    let id = format!("{prefix}-{}", field.code);
                    let code = field.code.clone();
                    let change = move |ev| {
                        let column = event_target_value(&ev);
                        on_change.run((code.clone(), (!column.is_empty()).then_some(column)));
                    };
                    view! {
                        <label for=id.clone() class="imp-map-field">{field.label.clone()}</label>
                        <select id=id on:change=change>
                            <option value="" selected=used.is_none()>"— not in the file —"</option>
                            {columns.iter().map(|c| {
                                let selected = used.as_deref() == Some(c.as_str());
                                view! { <option value=c.clone() selected=selected>{c.clone()}</option> }
                            }).collect_view()}
                        </select>
                    }
                }).collect_view()}
            </div>
        </div>
    }
}
