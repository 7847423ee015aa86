//! Audit log.

use leptos::prelude::*;

#[component]
pub fn AuditLogPage() -> impl IntoView {
    view! { <section class="page"><h1>"Audit log"</h1></section> }
}
