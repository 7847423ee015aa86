//! Pages of the main area, one per file.

mod account;
mod agents;
mod api_keys;
mod audit_log;
mod billing;
mod create_org;
mod data_export;
mod members;
mod org_settings;
mod overview;
mod personal;
mod roles;
mod workspaces;

pub use account::AccountPage;
pub use agents::AgentsPage;
pub use api_keys::ApiKeysPage;
pub use audit_log::AuditLogPage;
pub use billing::{BillingPage, ChargeHistoryPage};
pub use create_org::CreateOrganizationPage;
pub use data_export::DataExportPage;
pub use members::MembersPage;
pub use org_settings::OrgSettingsPage;
pub use overview::OverviewPage;
pub use personal::PersonalPage;
pub use roles::RolesPage;
pub use workspaces::WorkspacesPage;

/// The id a `<select>`'s value names; the empty value (an "All …" or "None" option, or
/// no choice yet) names none.
fn chosen_id<T: From<String>>(value: String) -> Option<T> {
    (!value.is_empty()).then(|| T::from(value))
}
