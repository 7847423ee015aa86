//! Points Tauri at the root `tauri.conf.json` and opts the app's commands into the
//! permission system; `capabilities/main.json` grants them to the main window only.

/// Every command the UI may call. A command missing here cannot be granted, so the
/// window cannot call it.
const COMMANDS: &[&str] = &[
    "app_info",
    "start_info",
    "register",
    "sign_in",
    "sign_out",
    "switch_context",
    "session",
    "switcher",
    "organization",
    "suggest_slug",
    "create_organization",
    "update_organization",
    "set_org_avatar",
    "org_avatar",
    "leave_organization",
    "transfer_ownership",
    "delete_organization",
    "load_demo",
    "list_members",
    "role_counts",
    "list_roles",
    "seats",
    "add_member",
    "invite",
    "list_invitations",
    "resend_invitation",
    "revoke_invitation",
    "invitation_text",
    "change_role",
    "set_member_status",
    "remove_member",
    "member_detail",
    "update_profile",
    "set_theme",
    "change_password",
    "login_history",
    "account_activity",
    "owned_organizations",
    "delete_account",
    "list_api_keys",
    "create_api_key",
    "revoke_api_key",
    "verify_api_key",
    "keyring_status",
    "add_role_template",
    "create_role",
    "update_role",
    "delete_role",
    "list_workspaces",
    "create_workspace",
    "rename_workspace",
    "delete_workspace",
    "workspace_members",
    "grant_workspace_role",
    "revoke_workspace_role",
    "list_agents",
    "create_agent",
    "update_agent",
    "delete_agent",
    "copy_agent",
    "transfer_agent",
    "billing_summary",
    "top_up",
    "record_charge",
    "change_plan",
    "purchases",
    "charge_history",
    "monthly_aggregates",
    "overview",
    "audit_log",
    "audit_facets",
    "export_data",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        eprintln!("tauri build step failed: {error:#}");
        std::process::exit(1);
    }
}
