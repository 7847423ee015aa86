//! Data export.

use leptos::prelude::*;

#[component]
pub fn DataExportPage() -> impl IntoView {
    view! { <section class="page"><h1>"Data export"</h1></section> }
}
