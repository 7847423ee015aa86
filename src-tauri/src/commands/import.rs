//! import: people from an identity provider's export (R46–R51). The app asks for the
//! file through the system's open dialog (or, when `ROLECALL_IMPORT_PICK` names a file,
//! for tests and scripted use, takes the path written in it); the core previews and
//! applies, reporting progress over a channel; a cancel flag stops either.

use super::Answer;
use crate::state::AppState;
use rolecall_core::{ImportControl, Rolecall};
use rolecall_types::cmd;
use rolecall_types::ids::AccountId;
use rolecall_types::import::ImportProgress;
use rolecall_types::{ErrorKind, IpcError};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

/// A file whose contents name the file to "choose" without a dialog.
const PICK_ENV: &str = "ROLECALL_IMPORT_PICK";

/// Asks for the file to import. `Ok(None)`: the dialog was cancelled.
#[tauri::command]
pub async fn pick_import_file(
    app: AppHandle,
    _request: cmd::PickImportFile,
) -> Answer<cmd::PickImportFile> {
    if let Some(seam) = std::env::var_os(PICK_ENV) {
        let path = std::fs::read_to_string(&seam).map_err(|e| {
            IpcError::new(
                ErrorKind::Internal,
                format!("{PICK_ENV} cannot be read: {e}"),
            )
        })?;
        return Ok(Some(path.trim().to_string()).filter(|p| !p.is_empty()));
    }
    let dialog = app
        .dialog()
        .file()
        .set_title("Import people")
        .add_filter("Exports (CSV, JSON)", &["csv", "json", "txt", "tsv"])
        .add_filter("All files", &["*"]);
    let picked = tauri::async_runtime::spawn_blocking(move || dialog.blocking_pick_file())
        .await
        .map_err(|e| IpcError::new(ErrorKind::Internal, format!("The open dialog failed: {e}")))?;
    match picked {
        None => Ok(None),
        Some(path) => path
            .into_path()
            .map(|p| Some(p.display().to_string()))
            .map_err(|e| {
                IpcError::new(
                    ErrorKind::Invalid,
                    format!("Rolecall cannot open that file: {e}"),
                )
            }),
    }
}

/// R47: the dry run.
#[tauri::command]
pub async fn preview_import(
    state: State<'_, AppState>,
    request: cmd::PreviewImport,
    on_progress: Channel<ImportProgress>,
) -> Answer<cmd::PreviewImport> {
    controlled(&state, on_progress, move |core, me, control| {
        core.preview_import(me, &request.import, control)
    })
    .await
}

/// R49: the apply.
#[tauri::command]
pub async fn apply_import(
    state: State<'_, AppState>,
    request: cmd::ApplyImport,
    on_progress: Channel<ImportProgress>,
) -> Answer<cmd::ApplyImport> {
    controlled(&state, on_progress, move |core, me, control| {
        core.apply_import(me, &request.import, &request.sha256, control)
    })
    .await
}

/// Runs `work` as the signed-in account with a fresh cancel flag and progress sent to
/// the window's channel.
async fn controlled<T, F>(
    state: &AppState,
    on_progress: Channel<ImportProgress>,
    work: F,
) -> Result<T, IpcError>
where
    T: Send + 'static,
    F: FnOnce(&Rolecall, &AccountId, &mut ImportControl<'_>) -> rolecall_core::Result<T>
        + Send
        + 'static,
{
    let cancel = state.import_cancel();
    state
        .act(move |core, me| {
            let mut report = |p| {
                let _ = on_progress.send(p);
            };
            let mut control = ImportControl {
                cancel: &cancel,
                progress: &mut report,
            };
            let outcome = work(core, me, &mut control);
            crate::memory::give_back();
            outcome
        })
        .await
}

/// Stops the running preview or apply.
#[tauri::command]
pub async fn cancel_import(
    state: State<'_, AppState>,
    _request: cmd::CancelImport,
) -> Answer<cmd::CancelImport> {
    state.cancel_import();
    Ok(())
}
