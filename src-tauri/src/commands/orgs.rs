//! orgs: one organization — create, settings, avatar, leave, transfer, delete, demo.

use super::{Answer, acting, upload};
use crate::state::AppState;
use rolecall_types::cmd;
use tauri::State;
use tauri::ipc::Request;

acting! {
    organization(Organization) => |core, me, r| core.organization(me, &r.org_id);
    /// R11: the slug a name would get.
    suggest_slug(SuggestSlug) => |core, me, r| core.suggest_slug(me, &r.name);
    create_organization(CreateOrganization) => |core, me, r| core.create_organization(me, &r.organization);
    update_organization(UpdateOrganization) => |core, me, r| core.update_organization(me, &r.org_id, &r.update);
    remove_org_avatar(RemoveOrgAvatar) => |core, me, r| core.set_org_avatar(me, &r.org_id, None);
    /// R23: the signed-in account leaves.
    leave_organization(LeaveOrganization) => |core, me, r| core.leave_organization(me, &r.org_id);
    transfer_ownership(TransferOwnership) => |core, me, r| core.transfer_ownership(me, &r.org_id, &r.membership_id);
    /// R14: deletes once the slug is typed.
    delete_organization(DeleteOrganization) => |core, me, r| core.delete_organization(me, &r.org_id, &r.typed_slug);
    /// Loads a large generated organization to try Rolecall at scale.
    load_demo(LoadDemo) => |core, me, r| {
        let loaded = core.load_demo_organization(me, &format!("Demo {} members", r.members), r.members);
        crate::memory::give_back();
        loaded
    };
}

/// Sets the avatar from an image file's bytes, sent as the raw body of the call
/// (`cmd::Upload`); the core checks them (size, format, decoding).
#[tauri::command]
pub async fn set_org_avatar(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Answer<cmd::SetOrgAvatar> {
    let (request, bytes) = upload::<cmd::SetOrgAvatar>(request.body(), request.headers())?;
    state
        .act(move |core, me| core.set_org_avatar(me, &request.org_id, Some(&bytes)))
        .await
}

/// The avatar as a `data:` URL (allowed by the CSP's `img-src`), if there is one.
#[tauri::command]
pub async fn org_avatar(
    state: State<'_, AppState>,
    request: cmd::OrgAvatar,
) -> Answer<cmd::OrgAvatar> {
    let png = state
        .act(move |core, me| core.org_avatar(me, &request.org_id))
        .await?;
    Ok(png.map(|bytes| format!("data:image/png;base64,{}", base64_encode(&bytes))))
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
