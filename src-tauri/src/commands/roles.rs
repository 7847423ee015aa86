//! Roles (R27, R29) and workspaces (R15, R16).

use crate::state::AppState;
use rolecall_types::IpcError;
use rolecall_types::model::{Role, RoleInput, Workspace, WorkspaceMember};
use tauri::State;

#[tauri::command(rename_all = "snake_case")]
pub async fn add_role_template(
    state: State<'_, AppState>,
    org_id: String,
    template: String,
) -> Result<Role, IpcError> {
    state
        .act(move |core, me| core.add_role_template(me, &org_id, &template))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn create_role(
    state: State<'_, AppState>,
    org_id: String,
    role: RoleInput,
) -> Result<Role, IpcError> {
    state
        .act(move |core, me| core.create_role(me, &org_id, &role))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn update_role(
    state: State<'_, AppState>,
    org_id: String,
    role_id: String,
    role: RoleInput,
) -> Result<Role, IpcError> {
    state
        .act(move |core, me| core.update_role(me, &org_id, &role_id, &role))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn delete_role(
    state: State<'_, AppState>,
    org_id: String,
    role_id: String,
) -> Result<(), IpcError> {
    state
        .act(move |core, me| core.delete_role(me, &org_id, &role_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_workspaces(
    state: State<'_, AppState>,
    org_id: String,
) -> Result<Vec<Workspace>, IpcError> {
    state
        .act(move |core, me| core.list_workspaces(me, &org_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn create_workspace(
    state: State<'_, AppState>,
    org_id: String,
    name: String,
) -> Result<Workspace, IpcError> {
    state
        .act(move |core, me| core.create_workspace(me, &org_id, &name))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn rename_workspace(
    state: State<'_, AppState>,
    org_id: String,
    workspace_id: String,
    name: String,
) -> Result<Workspace, IpcError> {
    state
        .act(move |core, me| core.rename_workspace(me, &org_id, &workspace_id, &name))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn delete_workspace(
    state: State<'_, AppState>,
    org_id: String,
    workspace_id: String,
) -> Result<(), IpcError> {
    state
        .act(move |core, me| core.delete_workspace(me, &org_id, &workspace_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn workspace_members(
    state: State<'_, AppState>,
    org_id: String,
    workspace_id: String,
) -> Result<Vec<WorkspaceMember>, IpcError> {
    state
        .act(move |core, me| core.workspace_members(me, &org_id, &workspace_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn grant_workspace_role(
    state: State<'_, AppState>,
    org_id: String,
    workspace_id: String,
    membership_id: String,
    role_id: String,
) -> Result<(), IpcError> {
    state
        .act(move |core, me| {
            core.grant_workspace_role(me, &org_id, &workspace_id, &membership_id, &role_id)
        })
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn revoke_workspace_role(
    state: State<'_, AppState>,
    org_id: String,
    workspace_id: String,
    membership_id: String,
) -> Result<(), IpcError> {
    state
        .act(move |core, me| core.revoke_workspace_role(me, &org_id, &workspace_id, &membership_id))
        .await
}
