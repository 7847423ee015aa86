//! The sidebar: the context switcher at the top, the context's main menu, the account
//! panel at the bottom. Until sign-in exists it shows the product and its sections.

use leptos::prelude::*;

/// Sections of an organization, in menu order.
const SECTIONS: &[&str] = &[
    "Overview",
    "Members",
    "Roles",
    "Workspaces",
    "Agents",
    "API keys",
    "Billing",
    "Audit log",
];

#[component]
pub fn Sidebar(
    /// Opens the About dialog.
    on_about: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <nav class="sidebar" aria-label="Main">
            <div class="switcher" aria-label="Current context">
                <span class="avatar avatar-brand" aria-hidden="true">"R"</span>
                <span class="switcher-text">
                    <span class="switcher-name">"Rolecall"</span>
                    <span class="switcher-sub">"No organization yet"</span>
                </span>
            </div>
            <ul class="menu">
                {SECTIONS
                    .iter()
                    .map(|name| {
                        view! {
                            <li>
                                <span class="menu-item" aria-disabled="true">{*name}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <div class="sidebar-footer">
                <button class="btn btn-ghost btn-block" id="about-button" on:click=move |_| on_about()>
                    "About Rolecall"
                </button>
            </div>
        </nav>
    }
}
