//! API keys: list, create (the secret crosses to the UI once), revoke, verify, and the
//! keyring's status.

use crate::state::AppState;
use rolecall_types::IpcError;
use rolecall_types::model::{ApiKey, CreatedApiKey, KeyVerification, KeyringStatus, NewApiKey};
use tauri::State;

#[tauri::command(rename_all = "snake_case")]
pub async fn list_api_keys(
    state: State<'_, AppState>,
    org_id: String,
    include_revoked: bool,
) -> Result<Vec<ApiKey>, IpcError> {
    state
        .act(move |core, me| core.list_api_keys(me, &org_id, include_revoked))
        .await
}

/// The only place a secret leaves the core: in the answer to the create command.
#[tauri::command(rename_all = "snake_case")]
pub async fn create_api_key(
    state: State<'_, AppState>,
    org_id: String,
    key: NewApiKey,
) -> Result<CreatedApiKey, IpcError> {
    let created = state
        .act(move |core, me| core.create_api_key(me, &org_id, &key))
        .await?;
    Ok(CreatedApiKey {
        key: created.key,
        secret: created.secret.expose().to_string(),
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn revoke_api_key(
    state: State<'_, AppState>,
    org_id: String,
    key_id: String,
) -> Result<ApiKey, IpcError> {
    state
        .act(move |core, me| core.revoke_api_key(me, &org_id, &key_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn verify_api_key(
    state: State<'_, AppState>,
    org_id: String,
    pasted: String,
) -> Result<KeyVerification, IpcError> {
    state
        .act(move |core, me| core.verify_api_key(me, &org_id, &pasted))
        .await
}

#[tauri::command]
pub async fn keyring_status(state: State<'_, AppState>) -> Result<KeyringStatus, IpcError> {
    state.run(|core| Ok(core.keyring_status())).await
}

/// R44: ids of active keys whose secret is missing from the keyring.
#[tauri::command(rename_all = "snake_case")]
pub async fn keys_without_secret(
    state: State<'_, AppState>,
    org_id: String,
) -> Result<Vec<String>, IpcError> {
    state
        .act(move |core, me| core.keys_without_secret(me, &org_id))
        .await
}
