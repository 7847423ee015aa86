//! One tab of a row of tabs (`role="tablist"`): selected while `current` holds `value`;
//! what follows the label (a count) is its children.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

#[component]
pub fn TabButton<T>(
    current: RwSignal<T>,
    value: T,
    id: &'static str,
    label: &'static str,
    /// The tab panel it shows, if there is one.
    #[prop(optional)]
    controls: Option<&'static str>,
    /// Arrow keys: only the selected tab takes the Tab key's focus, the handler moves
    /// between them.
    #[prop(optional)]
    on_key: Option<Callback<KeyboardEvent>>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let selected = move || current.get() == value;
    view! {
        <button
            role="tab"
            class="tab"
            id=id
            aria-controls=controls
            aria-selected=move || selected().to_string()
            tabindex=move || on_key.map(|_| if selected() { "0" } else { "-1" })
            on:click=move |_| current.set(value)
            on:keydown=move |ev| if let Some(keys) = on_key { keys.run(ev) }
        >
            {label}
            {children.map(|c| c())}
        </button>
    }
}
