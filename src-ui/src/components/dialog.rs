//! The modal surface every dialog shares: a backdrop, the dialog box with its ARIA
//! roles, focus moved into it when it opens (its `data-autofocus` field, else the first
//! control), Escape (anywhere) to close the topmost dialog, and a click outside to close (unless the dialog says not).

use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Controls focus may land on when a dialog opens.
const FOCUSABLE: &str = "input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])";

#[component]
pub fn Dialog(
    /// The dialog element's id.
    id: &'static str,
    /// The id of the element that names the dialog.
    labelled_by: &'static str,
    /// Closes the dialog (Escape, and a click outside when allowed).
    on_close: Callback<()>,
    /// `alertdialog` for confirmations.
    #[prop(default = "dialog")]
    role: &'static str,
    /// The id of the element that describes the dialog, if any.
    #[prop(optional)]
    described_by: Option<&'static str>,
    /// Whether a click outside closes it (off while something must not be lost).
    #[prop(into, default = Signal::stored(true))]
    close_outside: Signal<bool>,
    children: Children,
) -> impl IntoView {
    // Focus by hand as soon as the dialog is in the page (never with the `autofocus`
    // attribute, whose late focus can land mid-typing): typing, Enter and Escape then
    // work at once.
    let surface = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        let Some(dialog) = surface.get() else { return };
        let target = dialog
            .query_selector("[data-autofocus]")
            .ok()
            .flatten()
            .or_else(|| dialog.query_selector(FOCUSABLE).ok().flatten());
        match target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
            Some(element) => {
                let _ = element.focus();
            }
            None => {
                let _ = dialog.focus();
            }
        }
    });
    // Escape closes the topmost dialog wherever the focus is: a button that disables
    // itself while it works drops the focus to the page, outside the dialog.
    let escape = window_event_listener(leptos::ev::keydown, move |ev: KeyboardEvent| {
        if ev.key() != "Escape" || ev.default_prevented() {
            return;
        }
        let Some(dialog) = surface.get_untracked() else {
            return;
        };
        let topmost = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector_all(".dialog").ok())
            .and_then(|all| all.item(all.length().saturating_sub(1)))
            .is_some_and(|last| last.is_same_node(Some(&dialog)));
        if topmost {
            ev.prevent_default();
            on_close.run(());
        }
    });
    on_cleanup(move || escape.remove());
    view! {
        <div class="backdrop" on:click=move |_| if close_outside.get_untracked() { on_close.run(()) }>
            <div
                class="dialog"
                role=role
                aria-modal="true"
                aria-labelledby=labelled_by
                aria-describedby=described_by
                id=id
                tabindex="-1"
                node_ref=surface
                on:click=|ev| ev.stop_propagation()
            >
                {children()}
            </div>
        </div>
    }
}

/// A dialog form's Cancel and submit buttons, after what `children` puts first (a hint).
#[component]
pub fn DialogButtons(
    /// The submit button's id.
    submit: &'static str,
    #[prop(into)] label: TextProp,
    #[prop(into, optional)] disabled: Signal<bool>,
    on_cancel: Callback<()>,
    #[prop(optional)] cancel_id: Option<&'static str>,
    /// Off while what was submitted cannot be stopped.
    #[prop(into, optional)]
    cancel_disabled: Signal<bool>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="dialog-actions">
            {children.map(|c| c())}
            <button type="button" class="btn" id=cancel_id disabled=cancel_disabled on:click=move |_| on_cancel.run(())>"Cancel"</button>
            <button class="btn btn-primary" id=submit type="submit" disabled=disabled>{move || label.get()}</button>
        </div>
    }
}
