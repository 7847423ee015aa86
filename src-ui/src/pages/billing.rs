//! Billing.

use leptos::prelude::*;

#[component]
pub fn BillingPage() -> impl IntoView {
    view! { <section class="page"><h1>"Billing"</h1></section> }
}

#[component]
pub fn ChargeHistoryPage() -> impl IntoView {
    view! { <section class="page"><h1>"Charge history"</h1></section> }
}
