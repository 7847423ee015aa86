//! Account settings: profile, theme, password, activity, delete account.

use crate::state::AppState;
use rolecall_types::IpcError;
use rolecall_types::model::{Account, AuditPage, Millis, ProfileUpdate, Theme};
use tauri::State;

#[tauri::command]
pub async fn update_profile(
    state: State<'_, AppState>,
    update: ProfileUpdate,
) -> Result<Account, IpcError> {
    state
        .act(move |core, me| core.update_profile(me, &update))
        .await
}

#[tauri::command]
pub async fn set_theme(state: State<'_, AppState>, theme: Theme) -> Result<Account, IpcError> {
    state.act(move |core, me| core.set_theme(me, theme)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn change_password(
    state: State<'_, AppState>,
    current: String,
    new_password: String,
    confirmation: String,
) -> Result<(), IpcError> {
    state
        .act(move |core, me| core.change_password(me, &current, &new_password, &confirmation))
        .await
}

#[tauri::command]
pub async fn login_history(state: State<'_, AppState>) -> Result<Vec<Millis>, IpcError> {
    state.act(|core, me| core.login_history(me, 50)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn account_activity(
    state: State<'_, AppState>,
    before_id: Option<i64>,
) -> Result<AuditPage, IpcError> {
    state
        .act(move |core, me| core.account_activity(me, before_id, 50))
        .await
}

/// R7: the organizations deleting the account would delete.
#[tauri::command]
pub async fn owned_organizations(state: State<'_, AppState>) -> Result<Vec<String>, IpcError> {
    state
        .act(|core, me| {
            Ok(core
                .owned_organizations(me)?
                .into_iter()
                .map(|(_, name)| name)
                .collect())
        })
        .await
}

#[tauri::command]
pub async fn delete_account(state: State<'_, AppState>) -> Result<(), IpcError> {
    state.act(|core, me| core.delete_account(me)).await?;
    state.set_session(None);
    Ok(())
}
