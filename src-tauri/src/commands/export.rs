//! export: the whole organization or its members to a file (R45). The app asks where
//! to save through the system's save dialog (or, when `ROLECALL_EXPORT_DIR` names a
//! folder, for tests and scripted use, saves there under the suggested name); the core
//! writes the file, which appears under its name only once complete, and reports
//! progress over a channel.

use super::Answer;
use crate::state::AppState;
use rolecall_core::Rolecall;
use rolecall_types::cmd;
use rolecall_types::ids::AccountId;
use rolecall_types::model::{ExportOutcome, ExportProgress};
use rolecall_types::{ErrorKind, IpcError};
use std::path::{Path, PathBuf};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

/// Folder that exports go to without a dialog.
const EXPORT_DIR_ENV: &str = "ROLECALL_EXPORT_DIR";

/// Exports as the request says. `Ok(None)`: the save dialog was cancelled.
#[tauri::command]
pub async fn export_data(
    app: AppHandle,
    state: State<'_, AppState>,
    request: cmd::ExportData,
    on_progress: Channel<ExportProgress>,
) -> Answer<cmd::ExportData> {
    let cmd::ExportData { org_id, export } = request;
    let (id, kind) = (org_id.clone(), export.kind);
    let filter = match kind.extension() {
        "csv" => ("CSV", "csv"),
        _ => ("JSON", "json"),
    };
    save_chosen(
        &app,
        &state,
        filter,
        move |core, me| core.export_file_name(me, &id, kind),
        move |core, me, target| {
            core.export_to_file(me, &org_id, &export, target, &mut |p| {
                let _ = on_progress.send(p);
            })
        },
    )
    .await
}

/// Saves a file the core writes: asks `file_name` for the name to offer, where to save
/// it ([`choose_target`]), then has `write` write it there. `Ok(None)`: cancelled.
pub(super) async fn save_chosen<N, W>(
    app: &AppHandle,
    state: &AppState,
    filter: (&str, &str),
    file_name: N,
    write: W,
) -> Result<Option<ExportOutcome>, IpcError>
where
    N: FnOnce(&Rolecall, &AccountId) -> rolecall_core::Result<String> + Send + 'static,
    W: FnOnce(&Rolecall, &AccountId, &Path) -> rolecall_core::Result<ExportOutcome>
        + Send
        + 'static,
{
    let name = state.act(file_name).await?;
    let Some(target) = choose_target(app, filter, name).await? else {
        return Ok(None);
    };
    state
        .act(move |core, me| write(core, me, &target).map(Some))
        .await
}

/// Where to save a file of the type `(filter name, extension)`: the export folder when
/// set, else the user's choice (`None`: cancelled).
pub(super) async fn choose_target(
    app: &AppHandle,
    (filter, extension): (&str, &str),
    file_name: String,
) -> Result<Option<PathBuf>, IpcError> {
    if let Some(dir) = std::env::var_os(EXPORT_DIR_ENV) {
        return Ok(Some(PathBuf::from(dir).join(file_name)));
    }
    let dialog = app
        .dialog()
        .file()
        .set_title("Export")
        .set_file_name(file_name)
        .add_filter(filter, &[extension]);
    let picked = tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file())
        .await
        .map_err(|e| IpcError::new(ErrorKind::Internal, format!("The save dialog failed: {e}")))?;
    match picked {
        None => Ok(None),
        Some(path) => path.into_path().map(Some).map_err(|e| {
            IpcError::new(
                ErrorKind::Invalid,
                format!("Rolecall cannot save to that place: {e}"),
            )
        }),
    }
}
