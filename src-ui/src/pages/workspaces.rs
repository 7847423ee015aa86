//! Workspaces.

use leptos::prelude::*;

#[component]
pub fn WorkspacesPage() -> impl IntoView {
    view! { <section class="page"><h1>"Workspaces"</h1></section> }
}
