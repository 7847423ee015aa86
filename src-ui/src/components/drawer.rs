//! A panel at the right edge over the dimmed page (a member's or an audit entry's
//! details): its close button takes the focus when it opens; Escape or a click outside
//! closes it.

use crate::components::Sentence;
use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;

#[component]
pub fn Drawer(
    /// The panel's id; its title's is `<id>-title`.
    id: &'static str,
    /// The close button's id.
    close_id: &'static str,
    #[prop(optional)] class: &'static str,
    #[prop(into)] title: Signal<String>,
    on_close: Callback<()>,
    children: Children,
) -> impl IntoView {
    let close = NodeRef::<html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = close.get() {
            let _ = button.focus();
        }
    });
    let title_id = format!("{id}-title");
    view! {
        <div class="drawer-backdrop" on:click=move |_| on_close.run(())></div>
        <aside
            class=format!("drawer {class}")
            id=id
            role="dialog"
            aria-modal="true"
            aria-labelledby=title_id.clone()
            on:keydown=move |ev: KeyboardEvent| if ev.key() == "Escape" { on_close.run(()) }
        >
            <div class="drawer-head">
                <h2 id=title_id.clone()><Sentence text=title /></h2>
                <button class="btn btn-ghost" id=close_id node_ref=close aria-label="Close" on:click=move |_| on_close.run(())>"✕"</button>
            </div>
            {children()}
        </aside>
    }
}
