//! What the identity provider said of a member at the last import (R50): the member
//! drawer's "From <source>" section, and the words the members table shows.

use crate::format::{capitalized, dash_if_empty, time};
use leptos::prelude::*;
use rolecall_types::import::MemberSource;

/// "Yes", "No", or a dash when the source does not say.
pub fn yes_no(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "—",
    }
}

/// The last sign-in at the source: a time, "Never signed in", or a dash.
pub fn source_sign_in(source: &MemberSource) -> String {
    match source.last_sign_in {
        Some(at) => time(Some(at)),
        None if source.never_signed_in => "Never signed in".to_string(),
        None => "—".to_string(),
    }
}

/// A text the source may not have, as shown.
pub fn or_dash(value: &Option<String>) -> String {
    dash_if_empty(value.as_deref().unwrap_or_default())
}

/// A status or account type code in words ("suspended" → "Suspended").
fn words(code: &Option<String>) -> String {
    or_dash(&code.as_deref().map(capitalized))
}

/// The drawer's section: every field the source knows.
#[component]
pub fn SourceFacts(source: MemberSource) -> impl IntoView {
    let title = format!("From {}", source.source);
    view! {
        <section class="drawer-section" id="drawer-source">
            <h3>{title}</h3>
            <dl class="facts">
                <dt>"Id at the source"</dt><dd id="drawer-source-id">{or_dash(&source.source_id)}</dd>
                <dt>"Status there"</dt><dd id="drawer-source-status">{words(&source.status)}</dd>
                <dt>"Last sign-in there"</dt><dd id="drawer-source-sign-in">{source_sign_in(&source)}</dd>
                <dt>"2-step verification"</dt><dd id="drawer-source-two-factor">{yes_no(source.two_factor)}</dd>
                <dt>"Account type"</dt><dd id="drawer-source-account-type">{words(&source.account_type)}</dd>
                <dt>"Billable"</dt><dd id="drawer-source-billable">{yes_no(source.billable)}</dd>
                <dt>"Title"</dt><dd id="drawer-source-title">{or_dash(&source.title)}</dd>
                <dt>"Department"</dt><dd id="drawer-source-department">{or_dash(&source.department)}</dd>
                <dt>"Manager"</dt><dd id="drawer-source-manager">{or_dash(&source.manager)}</dd>
                <dt>"Employee id"</dt><dd id="drawer-source-employee-id">{or_dash(&source.employee_id)}</dd>
                <dt>"Imported"</dt><dd id="drawer-source-imported">{time(Some(source.imported_at))}</dd>
            </dl>
        </section>
    }
}
