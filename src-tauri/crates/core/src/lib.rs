//! Rolecall's core: everything the app knows and enforces, with no UI or Tauri in sight.
//!
//! Principal types: [`Rolecall`] (every operation of the product, each taking the acting
//! account, checking its permissions, and running in one SQLite transaction with its
//! audit entry), [`Store`] (the database with its migrations), [`Error`] (this crate's
//! one error enum, convertible to the IPC shape) and [`clock::Clock`] (the one source of
//! time, which tests move by hand).

mod access;
mod accounts;
mod agents;
mod audit;
mod avatar;
mod billing;
pub mod clock;
mod demo;
pub mod error;
mod export;
mod files;
mod import;
mod invitations;
mod keys;
mod members;
mod orgs;
mod overview;
mod review;
mod roles;
pub mod secrets;
mod service;
mod session;
pub mod store;
mod tables;
#[cfg(test)]
mod test_support;
mod workspaces;

pub use accounts::Registered;
pub use avatar::{AVATAR_MAX_BYTES, normalise_avatar};
pub use demo::MAX_DEMO_MEMBERS;
pub use error::{Error, Result};
pub use export::{iso_date, iso_time};
pub use import::ImportControl;
pub use invitations::invitation_text;
pub use keys::{CreatedKey, KeyringRepair, keyring_user};
pub use service::{PasswordCheckHook, PasswordHashing, Rolecall};
pub use store::Store;

use rolecall_types::AppInfo;

/// The version of the core, which is the version of the app.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What the app reports about itself and its data.
pub fn app_info(store: &Store) -> Result<AppInfo> {
    Ok(AppInfo {
        version: VERSION.to_string(),
        data_dir: store.data_dir().display().to_string(),
        database_path: store.path().display().to_string(),
        schema_version: store.schema_version()?,
        log_dir: None,
    })
}
