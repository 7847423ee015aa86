//! The pages of the main area, one module per area, named as the core and the app's
//! commands name it; a larger page is a folder with a file per part.

mod accounts;
mod agents;
mod audit;
mod billing;
mod export;
mod import;
mod keys;
mod members;
mod orgs;
mod overview;
mod personal;
mod review;
mod roles;
mod workspaces;

pub use accounts::AccountPage;
pub use agents::AgentsPage;
pub use audit::AuditPage;
pub use billing::{BillingPage, ChargeHistoryPage};
pub use export::ExportPage;
pub use import::ImportPage;
pub use keys::KeysPage;
pub use members::MembersPage;
pub use orgs::{CreatePage, SettingsPage};
pub use overview::OverviewPage;
pub use personal::PersonalPage;
pub use review::ReviewPage;
pub use roles::RolesPage;
pub use workspaces::WorkspacesPage;

/// The id a `<select>`'s value names; the empty value (an "All …" or "None" option, or
/// no choice yet) names none.
fn chosen_id<T: From<String>>(value: String) -> Option<T> {
    (!value.is_empty()).then(|| T::from(value))
}
