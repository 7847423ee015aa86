//! A labelled text input with its error shown right under it.

use leptos::html;
use leptos::prelude::*;

#[component]
pub fn Field(
    /// The input's id (also used by tests and the label).
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    /// The message to show under the input, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] hint: &'static str,
    /// Takes the keyboard focus when it appears (see [`focus_on_mount`]).
    #[prop(optional)]
    autofocus: bool,
) -> impl IntoView {
    let input = NodeRef::<html::Input>::new();
    if autofocus {
        focus_on_mount(input);
    }
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id>{label}</label>
            <input
                id=id
                type=kind
                autocomplete=autocomplete
                data-autofocus=autofocus
                node_ref=input
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described
            />
            {(!hint.is_empty()).then(|| view! { <span class="field-hint">{hint}</span> })}
            <span class="field-error" id=error_id role="alert">{move || error.get().unwrap_or_default()}</span>
        </div>
    }
}

/// Focuses `input` once, right after it is put in the page: in the same turn of the
/// event loop as the render, so nothing the user (or a test) types can come first.
///
/// The HTML `autofocus` attribute is not used anywhere: WebKit honours it for elements
/// added after the page loaded, but only at its next rendering update, which on a busy
/// machine comes after the user has already moved on, and then it pulls the focus
/// back mid-word. Dialogs find their first field by `data-autofocus`.
fn focus_on_mount(input: NodeRef<html::Input>) {
    Effect::new(move |_| {
        if let Some(input) = input.get() {
            let _ = input.focus();
        }
    });
}
