//! The members table and everything done to members and invitations.

use crate::state::AppState;
use rolecall_types::IpcError;
use rolecall_types::model::{
    Invitation, Member, MemberDetail, MemberPage, MemberQuery, MemberStatus, NewMember, Role,
    RoleCount, Seats,
};
use tauri::State;

#[tauri::command(rename_all = "snake_case")]
pub async fn list_members(
    state: State<'_, AppState>,
    org_id: String,
    query: MemberQuery,
) -> Result<MemberPage, IpcError> {
    state
        .act(move |core, me| core.list_members(me, &org_id, &query))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn role_counts(
    state: State<'_, AppState>,
    org_id: String,
) -> Result<Vec<RoleCount>, IpcError> {
    state
        .act(move |core, me| core.role_counts(me, &org_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_roles(state: State<'_, AppState>, org_id: String) -> Result<Vec<Role>, IpcError> {
    state
        .act(move |core, me| core.list_roles(me, &org_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn seats(state: State<'_, AppState>, org_id: String) -> Result<Seats, IpcError> {
    state.act(move |core, me| core.seats(me, &org_id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_member(
    state: State<'_, AppState>,
    org_id: String,
    member: NewMember,
) -> Result<Member, IpcError> {
    state
        .act(move |core, me| core.add_member(me, &org_id, &member))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn invite(
    state: State<'_, AppState>,
    org_id: String,
    member: NewMember,
) -> Result<Invitation, IpcError> {
    state
        .act(move |core, me| core.invite(me, &org_id, &member))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_invitations(
    state: State<'_, AppState>,
    org_id: String,
) -> Result<Vec<Invitation>, IpcError> {
    state
        .act(move |core, me| core.list_invitations(me, &org_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn resend_invitation(
    state: State<'_, AppState>,
    org_id: String,
    invitation_id: String,
) -> Result<Invitation, IpcError> {
    state
        .act(move |core, me| core.resend_invitation(me, &org_id, &invitation_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn revoke_invitation(
    state: State<'_, AppState>,
    org_id: String,
    invitation_id: String,
) -> Result<(), IpcError> {
    state
        .act(move |core, me| core.revoke_invitation(me, &org_id, &invitation_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn invitation_text(
    state: State<'_, AppState>,
    org_id: String,
    invitation_id: String,
) -> Result<String, IpcError> {
    state
        .act(move |core, me| core.invitation_text(me, &org_id, &invitation_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn change_role(
    state: State<'_, AppState>,
    org_id: String,
    membership_id: String,
    role_id: String,
) -> Result<Member, IpcError> {
    state
        .act(move |core, me| core.change_role(me, &org_id, &membership_id, &role_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_member_status(
    state: State<'_, AppState>,
    org_id: String,
    membership_id: String,
    status: MemberStatus,
) -> Result<Member, IpcError> {
    state
        .act(move |core, me| core.set_member_status(me, &org_id, &membership_id, status))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn remove_member(
    state: State<'_, AppState>,
    org_id: String,
    membership_id: String,
) -> Result<(), IpcError> {
    state
        .act(move |core, me| core.remove_member(me, &org_id, &membership_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn member_detail(
    state: State<'_, AppState>,
    org_id: String,
    membership_id: String,
) -> Result<MemberDetail, IpcError> {
    state
        .act(move |core, me| core.member_detail(me, &org_id, &membership_id))
        .await
}
