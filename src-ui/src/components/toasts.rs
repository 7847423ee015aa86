//! Short messages after an action: success in green, errors in red, read by screen readers.

use crate::components::Sentence;
use crate::state::Ctx;
use leptos::prelude::*;

#[component]
pub fn Toasts() -> impl IntoView {
    let ctx = Ctx::get();
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For each=move || ctx.toasts.get() key=|t| t.id let:toast>
                <div class="toast" class:toast-error=toast.error><Sentence text=toast.text.clone() /></div>
            </For>
        </div>
    }
}
