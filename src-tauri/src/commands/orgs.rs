//! Organizations: the switcher, create, settings, avatar, leave, transfer, delete.

use crate::state::AppState;
use rolecall_types::IpcError;
use rolecall_types::model::{CreateOrganization, Organization, OrganizationUpdate, SwitcherEntry};
use tauri::State;

#[tauri::command]
pub async fn switcher(state: State<'_, AppState>) -> Result<Vec<SwitcherEntry>, IpcError> {
    state.act(|core, me| core.switcher(me)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn organization(
    state: State<'_, AppState>,
    org_id: String,
) -> Result<Organization, IpcError> {
    state
        .act(move |core, me| core.organization(me, &org_id))
        .await
}

#[tauri::command]
pub async fn suggest_slug(state: State<'_, AppState>, name: String) -> Result<String, IpcError> {
    state
        .act(move |core, me| core.suggest_slug(me, &name))
        .await
}

#[tauri::command]
pub async fn create_organization(
    state: State<'_, AppState>,
    request: CreateOrganization,
) -> Result<Organization, IpcError> {
    state
        .act(move |core, me| core.create_organization(me, &request))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn update_organization(
    state: State<'_, AppState>,
    org_id: String,
    update: OrganizationUpdate,
) -> Result<Organization, IpcError> {
    state
        .act(move |core, me| core.update_organization(me, &org_id, &update))
        .await
}

/// Sets the avatar from the bytes of an uploaded file, or removes it (`None`).
#[tauri::command(rename_all = "snake_case")]
pub async fn set_org_avatar(
    state: State<'_, AppState>,
    org_id: String,
    bytes: Option<Vec<u8>>,
) -> Result<Organization, IpcError> {
    state
        .act(move |core, me| core.set_org_avatar(me, &org_id, bytes.as_deref()))
        .await
}

/// The avatar as a `data:` URL (allowed by the CSP's `img-src`), if there is one.
#[tauri::command(rename_all = "snake_case")]
pub async fn org_avatar(
    state: State<'_, AppState>,
    org_id: String,
) -> Result<Option<String>, IpcError> {
    let png = state
        .act(move |core, me| core.org_avatar(me, &org_id))
        .await?;
    Ok(png.map(|bytes| format!("data:image/png;base64,{}", base64_encode(&bytes))))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn leave_organization(
    state: State<'_, AppState>,
    org_id: String,
) -> Result<(), IpcError> {
    state
        .act(move |core, me| core.leave_organization(me, &org_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn transfer_ownership(
    state: State<'_, AppState>,
    org_id: String,
    membership_id: String,
) -> Result<(), IpcError> {
    state
        .act(move |core, me| core.transfer_ownership(me, &org_id, &membership_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn delete_organization(
    state: State<'_, AppState>,
    org_id: String,
    typed_slug: String,
) -> Result<(), IpcError> {
    state
        .act(move |core, me| core.delete_organization(me, &org_id, &typed_slug))
        .await
}

/// Loads a large generated organization to try Rolecall at scale.
#[tauri::command]
pub async fn load_demo(state: State<'_, AppState>, members: u32) -> Result<Organization, IpcError> {
    state
        .act(move |core, me| {
            core.load_demo_organization(me, &format!("Demo {members} members"), members)
        })
        .await
}

/// Standard base64 (RFC 4648) without a dependency for this one use.
fn base64_encode(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(super::base64_encode(input.as_bytes()), expected);
        }
    }
}
