//! The modal surface every dialog shares: a backdrop, the dialog box with its ARIA
//! roles, Escape to close, and a click outside to close (unless the dialog says not).

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

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
    view! {
        <div class="backdrop" on:click=move |_| if close_outside.get_untracked() { on_close.run(()) }>
            <div
                class="dialog"
                role=role
                aria-modal="true"
                aria-labelledby=labelled_by
                aria-describedby=described_by
                id=id
                on:click=|ev| ev.stop_propagation()
                on:keydown=move |ev: KeyboardEvent| {
                    if ev.key() == "Escape" {
                        on_close.run(());
                    }
                }
            >
                {children()}
            </div>
        </div>
    }
}
