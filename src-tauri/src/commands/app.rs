//! Commands about the app itself.

use crate::state::AppState;
use rolecall_types::{AppInfo, IpcError};
use tauri::State;

/// Version, data folder and schema version; fails with the start-up error when the
/// database could not be opened.
#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, IpcError> {
    let log_dir = state.log_dir();
    state
        .run(move |core| {
            let mut info = rolecall_core::app_info(core.store())?;
            info.log_dir = log_dir;
            Ok(info)
        })
        .await
}
