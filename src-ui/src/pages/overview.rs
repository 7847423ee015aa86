//! Overview.

use leptos::prelude::*;

#[component]
pub fn OverviewPage() -> impl IntoView {
    view! { <section class="page"><h1>"Overview"</h1></section> }
}
