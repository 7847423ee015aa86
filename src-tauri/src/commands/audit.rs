//! The Overview, the audit log (R42–R43) and exports (R43, R45). An export asks where
//! to save through the system's save dialog — or, when `ROLECALL_EXPORT_DIR` names a
//! folder (tests, scripted use), saves there under the suggested name — and has the core
//! write the file (it appears under its name only once complete), reporting progress
//! over a channel.

use crate::state::AppState;
use rolecall_core::iso_date;
use rolecall_types::model::{
    AuditFacets, AuditPage, AuditQuery, ExportKind, ExportOutcome, ExportProgress, ExportRequest,
    Overview,
};
use rolecall_types::{ErrorKind, IpcError};
use std::path::PathBuf;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

/// Folder that exports go to without a dialog.
const EXPORT_DIR_ENV: &str = "ROLECALL_EXPORT_DIR";

#[tauri::command(rename_all = "snake_case")]
pub async fn overview(state: State<'_, AppState>, org_id: String) -> Result<Overview, IpcError> {
    state.act(move |core, me| core.overview(me, &org_id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn audit_log(
    state: State<'_, AppState>,
    org_id: String,
    query: AuditQuery,
) -> Result<AuditPage, IpcError> {
    state
        .act(move |core, me| core.audit_log(me, &org_id, &query))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn audit_facets(
    state: State<'_, AppState>,
    org_id: String,
) -> Result<AuditFacets, IpcError> {
    state
        .act(move |core, me| core.audit_facets(me, &org_id))
        .await
}

/// Where to save: the export folder when set, else the user's choice (`None`: cancelled).
async fn choose_target(
    app: &AppHandle,
    kind: ExportKind,
    file_name: String,
) -> Result<Option<PathBuf>, IpcError> {
    if let Some(dir) = std::env::var_os(EXPORT_DIR_ENV) {
        return Ok(Some(PathBuf::from(dir).join(file_name)));
    }
    let (filter, extension) = match kind.extension() {
        "csv" => ("CSV", "csv"),
        _ => ("JSON", "json"),
    };
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

/// Exports as the request says. `Ok(None)`: the save dialog was cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_data(
    app: AppHandle,
    state: State<'_, AppState>,
    org_id: String,
    request: ExportRequest,
    on_progress: Channel<ExportProgress>,
) -> Result<Option<ExportOutcome>, IpcError> {
    let id = org_id.clone();
    let (slug, now) = state
        .act(move |core, me| Ok((core.organization(me, &id)?.slug, core.now())))
        .await?;
    let file_name = request.kind.file_name(&slug, &iso_date(now));
    let Some(target) = choose_target(&app, request.kind, file_name).await? else {
        return Ok(None);
    };
    state
        .act(move |core, me| {
            core.export_to_file(me, &org_id, &request, &target, &mut |p| {
                let _ = on_progress.send(p);
            })
            .map(Some)
        })
        .await
}
