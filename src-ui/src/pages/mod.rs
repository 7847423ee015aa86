//! Pages of the main area, one per file.

mod account;
mod api_keys;
mod create_org;
mod members;
mod org_settings;
mod personal;

pub use account::AccountPage;
pub use api_keys::ApiKeysPage;
pub use create_org::CreateOrganizationPage;
pub use members::MembersPage;
pub use org_settings::OrgSettingsPage;
pub use personal::PersonalPage;
