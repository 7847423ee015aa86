//! Tauri commands, one module per area (named as in the core, `rolecall_types::cmd` and
//! the UI's pages). Each command takes its request type from `rolecall_types::cmd`,
//! calls the core off the main thread as the signed-in account and returns the request's
//! response type or the `{kind, message}` error. Commands hold no rules.
//!
//! [`handler!`] is the one list of handlers; it checks at compile time that each handler
//! is named as its request type says, and [`HANDLED`] lets a test hold it against
//! `cmd::NAMES`, the build script and the capability file.

pub mod accounts;
pub mod agents;
pub mod audit;
pub mod billing;
pub mod export;
pub mod import;
pub mod invitations;
pub mod keys;
pub mod members;
pub mod orgs;
pub mod overview;
pub mod review;
pub mod roles;
pub mod session;
pub mod workspaces;

use rolecall_types::cmd::{Command, REQUEST_HEADER, Upload};
use rolecall_types::{ErrorKind, IpcError};
use tauri::http::HeaderMap;
use tauri::ipc::InvokeBody;

/// What a command answers: its request's response type, or the error the window shows.
pub type Answer<C> = Result<<C as Command>::Response, IpcError>;

/// Commands the core answers as the signed-in account, in one line each:
/// `name(Request) => |core, me, request| core.call(me, …);`
macro_rules! acting {
    ($(
        $(#[$doc:meta])*
        $name:ident($req:ident) => |$core:ident, $me:ident, $r:ident| $body:expr;
    )+) => {$(
        $(#[$doc])*
        #[tauri::command]
        pub async fn $name(
            state: tauri::State<'_, crate::state::AppState>,
            request: rolecall_types::cmd::$req,
        ) -> crate::commands::Answer<rolecall_types::cmd::$req> {
            state
                .act(move |$core, $me| {
                    let $r = request;
                    $body
                })
                .await
        }
    )+};
}
pub(crate) use acting;

/// An [`Upload`]'s request (JSON in the [`REQUEST_HEADER`] header) and its bytes (the
/// raw body). A JSON array of numbers is taken too: it is what the window sends when the
/// webview falls back from the IPC protocol to `postMessage`.
pub fn upload<C: Upload>(body: &InvokeBody, headers: &HeaderMap) -> Result<(C, Vec<u8>), IpcError> {
    let unreadable = |what: String| {
        IpcError::new(
            ErrorKind::Internal,
            format!("The upload could not be read: {what}."),
        )
    };
    let request = headers
        .get(REQUEST_HEADER)
        .ok_or_else(|| unreadable(format!("the {REQUEST_HEADER} header is missing")))?;
    let request: C = serde_json::from_slice(request.as_bytes())
        .map_err(|e| unreadable(format!("the request is not a {}: {e}", C::NAME)))?;
    let bytes = match body {
        InvokeBody::Raw(bytes) => bytes.clone(),
        InvokeBody::Json(json) => serde_json::from_value(json.clone())
            .map_err(|e| unreadable(format!("the body is not bytes: {e}")))?,
    };
    Ok((request, bytes))
}

/// Whether two names are equal, at compile time.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

macro_rules! handlers {
    ($($area:ident::$name:ident: $req:ident,)+) => {
        $(
            const _: () = assert!(
                same(<rolecall_types::cmd::$req as Command>::NAME, stringify!($name)),
                concat!("the handler ", stringify!($name), " is not named as its request type says")
            );
        )+

        /// The names of the commands the app handles (held against the contract in a test).
        #[cfg_attr(not(test), allow(dead_code))]
        pub const HANDLED: &[&str] = &[$(stringify!($name)),+];

        /// The app's command handler.
        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($area::$name),+]
        }
    };
}

handlers! {
    session::start_info: StartInfo,
    session::register: Register,
    session::sign_in: SignIn,
    session::sign_out: SignOut,
    session::session: Session,
    session::switch_context: SwitchContext,
    session::switcher: Switcher,
    orgs::organization: Organization,
    orgs::suggest_slug: SuggestSlug,
    orgs::create_organization: CreateOrganization,
    orgs::update_organization: UpdateOrganization,
    orgs::set_org_avatar: SetOrgAvatar,
    orgs::remove_org_avatar: RemoveOrgAvatar,
    orgs::org_avatar: OrgAvatar,
    orgs::leave_organization: LeaveOrganization,
    orgs::transfer_ownership: TransferOwnership,
    orgs::delete_organization: DeleteOrganization,
    orgs::load_demo: LoadDemo,
    members::list_members: ListMembers,
    members::seats: Seats,
    members::add_member: AddMember,
    members::change_role: ChangeRole,
    members::set_member_status: SetMemberStatus,
    members::remove_member: RemoveMember,
    members::member_detail: MemberDetail,
    invitations::invite: Invite,
    invitations::list_invitations: ListInvitations,
    invitations::resend_invitation: ResendInvitation,
    invitations::revoke_invitation: RevokeInvitation,
    invitations::invitation_text: InvitationText,
    accounts::update_profile: UpdateProfile,
    accounts::set_theme: SetTheme,
    accounts::change_password: ChangePassword,
    accounts::login_history: LoginHistory,
    accounts::account_activity: AccountActivity,
    accounts::owned_organizations: OwnedOrganizations,
    accounts::delete_account: DeleteAccount,
    keys::list_api_keys: ListApiKeys,
    keys::create_api_key: CreateApiKey,
    keys::revoke_api_key: RevokeApiKey,
    keys::verify_api_key: VerifyApiKey,
    keys::keyring_status: KeyringStatus,
    keys::keys_without_secret: KeysWithoutSecret,
    roles::list_roles: ListRoles,
    roles::add_role_template: AddRoleTemplate,
    roles::create_role: CreateRole,
    roles::update_role: UpdateRole,
    roles::delete_role: DeleteRole,
    workspaces::list_workspaces: ListWorkspaces,
    workspaces::create_workspace: CreateWorkspace,
    workspaces::rename_workspace: RenameWorkspace,
    workspaces::delete_workspace: DeleteWorkspace,
    workspaces::workspace_members: WorkspaceMembers,
    workspaces::grant_workspace_role: GrantWorkspaceRole,
    workspaces::revoke_workspace_role: RevokeWorkspaceRole,
    agents::list_agents: ListAgents,
    agents::create_agent: CreateAgent,
    agents::update_agent: UpdateAgent,
    agents::delete_agent: DeleteAgent,
    agents::copy_agent: CopyAgent,
    agents::transfer_agent: TransferAgent,
    billing::billing_summary: BillingSummary,
    billing::top_up: TopUp,
    billing::record_charge: RecordCharge,
    billing::change_plan: ChangePlan,
    billing::purchases: Purchases,
    billing::charge_history: ChargeHistory,
    billing::monthly_aggregates: MonthlyAggregates,
    overview::overview: Overview,
    audit::audit_log: AuditLog,
    audit::audit_facets: AuditFacets,
    export::export_data: ExportData,
    import::pick_import_file: PickImportFile,
    import::preview_import: PreviewImport,
    import::apply_import: ApplyImport,
    import::cancel_import: CancelImport,
    review::list_snapshots: ListSnapshots,
    review::take_snapshot: TakeSnapshot,
    review::findings: Findings,
    review::all_findings: AllFindings,
    review::preview_roster: PreviewRoster,
    review::import_roster: ImportRoster,
    review::review_settings: ReviewSettings,
    review::update_review_settings: UpdateReviewSettings,
    review::diff_snapshots: DiffSnapshots,
    review::export_diff: ExportDiff,
    review::list_campaigns: ListCampaigns,
    review::start_campaign: StartCampaign,
    review::campaign: GetCampaign,
    review::campaign_items: CampaignItems,
    review::campaign_select: CampaignSelect,
    review::decide: Decide,
    review::sign_off_campaign: SignOffCampaign,
    review::apply_campaign: ApplyCampaign,
    review::discard_campaign: DiscardCampaign,
    review::export_evidence: ExportEvidence,
}

#[cfg(test)]
mod tests {
    use super::HANDLED;
    use rolecall_types::cmd::NAMES;
    use std::collections::BTreeSet;

    fn set(names: impl IntoIterator<Item = String>) -> BTreeSet<String> {
        names.into_iter().collect()
    }

    fn contract() -> BTreeSet<String> {
        set(NAMES.iter().map(|n| n.to_string()))
    }

    #[test]
    fn every_command_of_the_contract_has_a_handler_and_no_other() {
        assert_eq!(set(HANDLED.iter().map(|n| n.to_string())), contract());
        assert_eq!(HANDLED.len(), NAMES.len(), "a handler is listed twice");
    }

    #[test]
    fn the_capability_file_grants_exactly_the_contracts_commands() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/capabilities/main.json");
        let text = std::fs::read_to_string(path).expect("the capability file is readable");
        let file: serde_json::Value = serde_json::from_str(&text).expect("it is JSON");
        let granted = file["permissions"]
            .as_array()
            .expect("it lists permissions")
            .iter()
            .filter_map(|p| p.as_str())
            .filter_map(|p| p.strip_prefix("allow-"))
            .map(|p| p.replace('-', "_"));
        assert_eq!(set(granted), contract());
    }

    #[test]
    fn an_upload_reads_its_request_from_the_header_and_its_bytes_from_the_body() {
        use super::{InvokeBody, upload};
        use rolecall_types::cmd::{REQUEST_HEADER, SetOrgAvatar};
        use tauri::http::{HeaderMap, HeaderValue};

        let mut headers = HeaderMap::new();
        headers.insert(
            REQUEST_HEADER,
            HeaderValue::from_static(r#"{"org_id":"o1"}"#),
        );
        let (request, bytes) =
            upload::<SetOrgAvatar>(&InvokeBody::Raw(vec![1, 2, 3]), &headers).expect("raw body");
        assert_eq!(
            (request.org_id.to_string(), bytes),
            ("o1".into(), vec![1, 2, 3])
        );
        let (_, bytes) =
            upload::<SetOrgAvatar>(&InvokeBody::Json(serde_json::json!([7, 8])), &headers)
                .expect("postMessage fallback");
        assert_eq!(bytes, vec![7, 8]);
        let not_bytes = upload::<SetOrgAvatar>(&InvokeBody::Json(serde_json::json!({})), &headers);
        assert!(not_bytes.is_err());
        let missing = upload::<SetOrgAvatar>(&InvokeBody::Raw(vec![1]), &HeaderMap::new());
        assert!(
            missing
                .expect_err("no header")
                .message
                .contains(REQUEST_HEADER)
        );
    }
}
