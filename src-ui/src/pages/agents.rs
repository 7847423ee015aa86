//! Agents.

use leptos::prelude::*;

#[component]
pub fn AgentsPage() -> impl IntoView {
    view! { <section class="page"><h1>"Agents"</h1></section> }
}
