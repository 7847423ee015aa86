//! keys: API keys (R37–R41, R44); secrets live in the OS keyring only.

use super::{Answer, acting};
use crate::state::AppState;
use rolecall_types::cmd;
use rolecall_types::model::CreatedApiKey;
use tauri::State;

acting! {
    list_api_keys(ListApiKeys) => |core, me, r| core.list_api_keys(me, &r.org_id, r.include_revoked);
    revoke_api_key(RevokeApiKey) => |core, me, r| core.revoke_api_key(me, &r.org_id, &r.key_id);
    verify_api_key(VerifyApiKey) => |core, me, r| core.verify_api_key(me, &r.org_id, &r.pasted);
    /// R44: the active keys whose secret is missing from the keyring.
    keys_without_secret(KeysWithoutSecret) => |core, me, r| core.keys_without_secret(me, &r.org_id);
}

/// R41: whether the Secret Service can hold new secrets (asked before sign-in too).
#[tauri::command]
pub async fn keyring_status(
    state: State<'_, AppState>,
    request: cmd::KeyringStatus,
) -> Answer<cmd::KeyringStatus> {
    let cmd::KeyringStatus {} = request;
    state.run(|core| Ok(core.keyring_status())).await
}

/// The only place a secret leaves the core: in the answer to the create command.
#[tauri::command]
pub async fn create_api_key(
    state: State<'_, AppState>,
    request: cmd::CreateApiKey,
) -> Answer<cmd::CreateApiKey> {
    let created = state
        .act(move |core, me| core.create_api_key(me, &request.org_id, &request.key))
        .await?;
    Ok(CreatedApiKey {
        key: created.key,
        secret: created.secret.expose().to_string(),
    })
}
