//! Rolecall's core: everything the app knows and enforces, with no UI or Tauri in sight.
//!
//! Principal types: [`Store`] (the SQLite database with its migrations) and [`Error`]
//! (the one error enum of this crate, convertible to the IPC shape). The Tauri app,
//! the tests and the benches all drive the product through this crate.

pub mod error;
pub mod store;

pub use error::{Error, Result};
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
    })
}
