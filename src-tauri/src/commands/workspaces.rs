//! workspaces: workspaces and their role grants (R15, R16, R31).

use super::acting;

acting! {
    list_workspaces(ListWorkspaces) => |core, me, r| core.list_workspaces(me, &r.org_id);
    create_workspace(CreateWorkspace) => |core, me, r| core.create_workspace(me, &r.org_id, &r.name);
    rename_workspace(RenameWorkspace) => |core, me, r| core.rename_workspace(me, &r.org_id, &r.workspace_id, &r.name);
    delete_workspace(DeleteWorkspace) => |core, me, r| core.delete_workspace(me, &r.org_id, &r.workspace_id);
    workspace_members(WorkspaceMembers) => |core, me, r| core.workspace_members(me, &r.org_id, &r.workspace_id);
    grant_workspace_role(GrantWorkspaceRole) => |core, me, r| core.grant_workspace_role(me, &r.org_id, &r.workspace_id, &r.membership_id, &r.role_id);
    revoke_workspace_role(RevokeWorkspaceRole) => |core, me, r| core.revoke_workspace_role(me, &r.org_id, &r.workspace_id, &r.membership_id);
}
