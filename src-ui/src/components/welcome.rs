//! The main area before any organization exists.

use leptos::prelude::*;
use rolecall_types::AppInfo;

#[component]
pub fn Welcome(info: AppInfo) -> impl IntoView {
    view! {
        <header class="page-header">
            <h1>"Welcome to Rolecall"</h1>
            <p class="muted">
                "Review and change your organizations' workspaces, members, roles and keys — offline, on this machine."
            </p>
        </header>
        <section class="card" aria-labelledby="local-data-title">
            <h2 id="local-data-title">"Your data stays here"</h2>
            <dl class="facts">
                <dt>"Data folder"</dt>
                <dd class="mono" id="welcome-data-dir">{info.data_dir}</dd>
                <dt>"Database schema"</dt>
                <dd>{format!("version {}", info.schema_version)}</dd>
            </dl>
        </section>
    }
}
