//! A labelled text input with its error shown right under it.

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
    #[prop(optional)] autofocus: bool,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id>{label}</label>
            <input
                id=id
                type=kind
                autocomplete=autocomplete
                autofocus=autofocus
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
