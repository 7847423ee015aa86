//! A labelled text input with its error shown right under it, and a form's messages
//! ([`Errors`]).

use leptos::html;
use leptos::prelude::*;
use rolecall_types::IpcError;
use rolecall_types::validate::Invalid;

/// A form's messages by field name ("" for the form's own line): the shared rules'
/// findings, or the core's refusal under the field it names.
#[derive(Clone, Copy)]
pub struct Errors(RwSignal<Vec<(String, String)>>);

impl Errors {
    pub fn new() -> Errors {
        Errors(RwSignal::new(Vec::new()))
    }

    /// The message shown for `field`.
    pub fn of(self, field: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.0
                .with(|e| e.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()))
        })
    }

    /// Shows what the shared rules found; true when they found nothing.
    pub fn check(self, found: impl IntoIterator<Item = Option<Invalid>>) -> bool {
        let found: Vec<_> = found
            .into_iter()
            .flatten()
            .map(|e| (e.field.to_string(), e.message))
            .collect();
        let clean = found.is_empty();
        self.0.set(found);
        clean
    }

    /// Shows one message under `field`.
    pub fn set(self, field: &str, message: impl Into<String>) {
        self.0.set(vec![(field.to_string(), message.into())]);
    }

    /// Shows a refusal of the core under the field it names, else under `otherwise`.
    pub fn show(self, e: IpcError, otherwise: &str) {
        self.set(e.field.as_deref().unwrap_or(otherwise), e.message);
    }

    pub fn clear(self) {
        self.0.set(Vec::new());
    }
}

/// Puts a refusal of the core into a form's one line of error (see `Ctx::save`).
pub fn show_in(line: RwSignal<Option<String>>) -> impl FnOnce(IpcError) {
    move |e| line.set(Some(e.message))
}

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
