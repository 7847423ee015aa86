//! Roles & permissions.

use leptos::prelude::*;

#[component]
pub fn RolesPage() -> impl IntoView {
    view! { <section class="page"><h1>"Roles & permissions"</h1></section> }
}
