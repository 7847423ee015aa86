//! The contract between the window and the app: one request type per command, named
//! after it, with the type of its answer.
//!
//! The window sends `{"request": <the request>}` to the command [`Command::NAME`] and
//! gets [`Command::Response`] back, or an [`IpcError`](crate::IpcError). No command name
//! or argument key is written anywhere else: the UI calls `api::call(request)`, the app's
//! handler takes the same type, and [`NAMES`] is the one list of commands that the app's
//! handler list, its build script and its capability file are checked against.
//!
//! Commands are grouped by area; each area has the same name in the core, the app's
//! `commands` modules and the UI's pages.

use crate::ids::{
    AccountId, AgentId, CampaignId, InvitationId, KeyId, MembershipId, OrgId, RoleId, WorkspaceId,
};
use crate::import;
use crate::model::{self, Context, Millis};
use crate::review;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A request the window sends, and the answer it gets.
pub trait Command: Serialize + DeserializeOwned {
    /// The command's name, as the app registers it.
    const NAME: &'static str;
    /// What the command answers.
    type Response: Serialize + DeserializeOwned;
}

macro_rules! commands {
    ($(
        $(#[$doc:meta])*
        $name:ident => $ty:ident { $($(#[$fdoc:meta])* $field:ident : $fty:ty),* $(,)? }
            $(secret { $($(#[$sdoc:meta])* $secret:ident : $sty:ty),* $(,)? })?
            -> $resp:ty;
    )+) => {
        $(
            $(#[$doc])*
            #[derive(Clone, Serialize, Deserialize)]
            pub struct $ty {
                $($(#[$fdoc])* pub $field: $fty,)*
                $($($(#[$sdoc])* pub $secret: $sty,)*)?
            }

            /// Shows every field but the secret ones (passwords, pasted keys), which
            /// print as `<redacted>` so that no log or panic message holds them.
            impl std::fmt::Debug for $ty {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.debug_struct(stringify!($ty))
                        $(.field(stringify!($field), &self.$field))*
                        $($(.field(stringify!($secret), &crate::Redacted(&self.$secret)))*)?
                        .finish()
                }
            }

            impl Command for $ty {
                const NAME: &'static str = stringify!($name);
                type Response = $resp;
            }
        )+

        /// Every command the window may call, once.
        pub const NAMES: &[&str] = &[$(stringify!($name)),+];
    };
}

commands! {
    // ---- session: start, register, sign in and out, switch context ----
    /// What the window needs to draw its first screen.
    start_info => StartInfo {} -> model::StartInfo;
    /// R1: creates an account and signs it in.
    register => Register { account: model::RegisterRequest } -> model::SessionInfo;
    /// R2: signs in.
    sign_in => SignIn { email: String } secret { password: String } -> model::SessionInfo;
    sign_out => SignOut {} -> ();
    /// The current session, refreshed after changes to the account or organization.
    session => Session {} -> model::SessionInfo;
    /// R8, R21: switches context; a pending invitation is accepted first.
    switch_context => SwitchContext { context: Context, invitation_id: Option<InvitationId> } -> model::SessionInfo;
    /// R21: the context switcher's entries.
    switcher => Switcher {} -> Vec<model::SwitcherEntry>;

    // ---- orgs: organizations ----
    organization => Organization { org_id: OrgId } -> model::Organization;
    /// R11: the slug a name would get.
    suggest_slug => SuggestSlug { name: String } -> String;
    create_organization => CreateOrganization { organization: model::CreateOrganization } -> model::Organization;
    update_organization => UpdateOrganization { org_id: OrgId, update: model::OrganizationUpdate } -> model::Organization;
    /// Sets the organization's picture from an image file's bytes ([`Upload`]).
    set_org_avatar => SetOrgAvatar { org_id: OrgId } -> model::Organization;
    /// Removes the organization's picture.
    remove_org_avatar => RemoveOrgAvatar { org_id: OrgId } -> model::Organization;
    /// The organization's picture as a data URL.
    org_avatar => OrgAvatar { org_id: OrgId } -> Option<String>;
    /// R23: the signed-in account leaves.
    leave_organization => LeaveOrganization { org_id: OrgId } -> ();
    transfer_ownership => TransferOwnership { org_id: OrgId, membership_id: MembershipId } -> ();
    /// R14: deletes an organization once its slug is typed.
    delete_organization => DeleteOrganization { org_id: OrgId, typed_slug: String } -> ();
    /// Loads a demo organization with this many members.
    load_demo => LoadDemo { members: u32 } -> model::Organization;

    // ---- members: the members table, invitations ----
    list_members => ListMembers { org_id: OrgId, query: model::MemberQuery } -> model::MemberPage;
    seats => Seats { org_id: OrgId } -> model::Seats;
    add_member => AddMember { org_id: OrgId, member: model::NewMember } -> model::Member;
    invite => Invite { org_id: OrgId, member: model::NewMember } -> model::Invitation;
    list_invitations => ListInvitations { org_id: OrgId } -> Vec<model::Invitation>;
    resend_invitation => ResendInvitation { org_id: OrgId, invitation_id: InvitationId } -> model::Invitation;
    revoke_invitation => RevokeInvitation { org_id: OrgId, invitation_id: InvitationId } -> ();
    /// The invitation as text to send by hand.
    invitation_text => InvitationText { org_id: OrgId, invitation_id: InvitationId } -> String;
    change_role => ChangeRole { org_id: OrgId, membership_id: MembershipId, role_id: RoleId } -> model::Member;
    set_member_status => SetMemberStatus { org_id: OrgId, membership_id: MembershipId, status: model::MemberStatus } -> model::Member;
    remove_member => RemoveMember { org_id: OrgId, membership_id: MembershipId } -> ();
    member_detail => MemberDetail { org_id: OrgId, membership_id: MembershipId } -> model::MemberDetail;

    // ---- account: the signed-in person ----
    update_profile => UpdateProfile { update: model::ProfileUpdate } -> model::Account;
    set_theme => SetTheme { theme: model::Theme } -> model::Account;
    change_password => ChangePassword {} secret { current: String, new_password: String, confirmation: String } -> ();
    login_history => LoginHistory {} -> Vec<Millis>;
    /// The account's own audit entries, newest first, a page before `before_id`.
    account_activity => AccountActivity { before_id: Option<i64> } -> model::AuditPage;
    /// Names of the organizations the account owns (they block deleting it).
    owned_organizations => OwnedOrganizations {} -> Vec<String>;
    /// R7: asks for the account's password.
    delete_account => DeleteAccount {} secret { password: String } -> ();

    // ---- keys: API keys ----
    list_api_keys => ListApiKeys { org_id: OrgId, include_revoked: bool } -> Vec<model::ApiKey>;
    create_api_key => CreateApiKey { org_id: OrgId, key: model::NewApiKey } -> model::CreatedApiKey;
    revoke_api_key => RevokeApiKey { org_id: OrgId, key_id: KeyId } -> model::ApiKey;
    verify_api_key => VerifyApiKey { org_id: OrgId } secret { pasted: String } -> model::KeyVerification;
    /// R41: whether the Secret Service can hold new secrets.
    keyring_status => KeyringStatus {} -> model::KeyringStatus;
    /// R44: the active keys whose secret is missing from the keyring.
    keys_without_secret => KeysWithoutSecret { org_id: OrgId } -> Vec<KeyId>;

    // ---- roles ----
    list_roles => ListRoles { org_id: OrgId } -> Vec<model::Role>;
    add_role_template => AddRoleTemplate { org_id: OrgId, template: String } -> model::Role;
    create_role => CreateRole { org_id: OrgId, role: model::RoleInput } -> model::Role;
    update_role => UpdateRole { org_id: OrgId, role_id: RoleId, role: model::RoleInput } -> model::Role;
    delete_role => DeleteRole { org_id: OrgId, role_id: RoleId } -> ();

    // ---- workspaces ----
    list_workspaces => ListWorkspaces { org_id: OrgId } -> Vec<model::Workspace>;
    create_workspace => CreateWorkspace { org_id: OrgId, name: String } -> model::Workspace;
    rename_workspace => RenameWorkspace { org_id: OrgId, workspace_id: WorkspaceId, name: String } -> model::Workspace;
    delete_workspace => DeleteWorkspace { org_id: OrgId, workspace_id: WorkspaceId } -> ();
    workspace_members => WorkspaceMembers { org_id: OrgId, workspace_id: WorkspaceId } -> Vec<model::WorkspaceMember>;
    grant_workspace_role => GrantWorkspaceRole { org_id: OrgId, workspace_id: WorkspaceId, membership_id: MembershipId, role_id: RoleId } -> ();
    revoke_workspace_role => RevokeWorkspaceRole { org_id: OrgId, workspace_id: WorkspaceId, membership_id: MembershipId } -> ();

    // ---- agents ----
    list_agents => ListAgents { context: Context } -> Vec<model::Agent>;
    create_agent => CreateAgent { context: Context, agent: model::AgentInput } -> model::Agent;
    update_agent => UpdateAgent { agent_id: AgentId, agent: model::AgentInput } -> model::Agent;
    delete_agent => DeleteAgent { agent_id: AgentId } -> ();
    /// R35: copies an agent to another context (and workspace).
    copy_agent => CopyAgent { agent_id: AgentId, to: Context, workspace_id: Option<WorkspaceId> } -> model::Agent;
    transfer_agent => TransferAgent { agent_id: AgentId, new_owner: AccountId } -> model::Agent;

    // ---- billing ----
    billing_summary => BillingSummary { context: Context } -> model::BillingSummary;
    /// Adds credit; answers the new balance.
    top_up => TopUp { context: Context, amount: i64 } -> i64;
    /// Records a charge; answers the new balance.
    record_charge => RecordCharge { context: Context, charge: model::ChargeRequest } -> i64;
    change_plan => ChangePlan { context: Context, plan: model::Plan } -> model::BillingSummary;
    purchases => Purchases { context: Context } -> Vec<model::LedgerEntry>;
    charge_history => ChargeHistory { context: Context } -> Vec<model::LedgerEntry>;
    monthly_aggregates => MonthlyAggregates { context: Context } -> Vec<model::MonthlyAggregate>;

    // ---- overview ----
    overview => Overview { org_id: OrgId } -> model::Overview;

    // ---- audit: the audit log ----
    audit_log => AuditLog { org_id: OrgId, query: model::AuditQuery } -> model::AuditPage;
    audit_facets => AuditFacets { org_id: OrgId } -> model::AuditFacets;

    // ---- export ----
    /// R45: asks where to save and writes the export there, reporting progress on the
    /// channel the window passes beside the request. `None`: the save dialog was
    /// cancelled.
    export_data => ExportData { org_id: OrgId, export: model::ExportRequest } -> Option<model::ExportOutcome>;

    // ---- import: people from an identity provider's export (R46–R51) ----
    /// Asks for a file through the system's open dialog; `None`: cancelled.
    pick_import_file => PickImportFile {} -> Option<String>;
    /// R47: the dry run; nothing is written. Progress goes to the channel passed beside.
    preview_import => PreviewImport { import: import::ImportRequest } -> import::ImportPreview;
    /// R49: applies what the preview of the same file (`sha256`) showed, in one
    /// transaction. Progress goes to the channel passed beside.
    apply_import => ApplyImport { import: import::ImportRequest, sha256: String } -> import::ImportApplied;
    /// Stops the running preview or apply; an apply leaves nothing written.
    cancel_import => CancelImport {} -> ();

    // ---- review: snapshots and their differences (R56) ----
    list_snapshots => ListSnapshots { org_id: OrgId } -> Vec<review::SnapshotInfo>;
    take_snapshot => TakeSnapshot { org_id: OrgId } -> review::SnapshotInfo;
    /// R52: what is wrong in one organization.
    findings => Findings { org_id: OrgId } -> review::Findings;
    /// R52: the findings of every organization the account may review.
    all_findings => AllFindings {} -> Vec<review::Findings>;
    /// R52: an HR roster's columns and the mapping to confirm (remembered for its
    /// header set, else guessed); nothing is read or written yet.
    preview_roster => PreviewRoster { org_id: OrgId, path: String } -> review::RosterPreview;
    /// R52: reads an HR roster (CSV: e-mail, status, termination date) with the mapping
    /// confirmed (empty: remembered or guessed) for the organization's "left the
    /// company" finding; replaces the previous one and remembers the mapping.
    import_roster => ImportRoster { org_id: OrgId, path: String, mapping: Vec<import::ColumnMapping> } -> review::RosterInfo;
    /// R52: the thresholds of the organization's findings.
    review_settings => ReviewSettings { org_id: OrgId } -> review::ReviewSettings;
    update_review_settings => UpdateReviewSettings { org_id: OrgId, settings: review::ReviewSettings } -> review::ReviewSettings;
    diff_snapshots => DiffSnapshots { org_id: OrgId, from: review::SnapshotRef, to: review::SnapshotRef } -> review::SnapshotDiff;
    /// R56: asks where to save and writes the comparison there as CSV. `None`: cancelled.
    export_diff => ExportDiff { org_id: OrgId, from: review::SnapshotRef, to: review::SnapshotRef } -> Option<model::ExportOutcome>;

    // ---- review: campaigns (R53–R55, R57) ----
    /// The campaigns of the organizations where the account runs reviews, newest first.
    list_campaigns => ListCampaigns {} -> Vec<review::Campaign>;
    /// R53: freezes the organizations' members in snapshots and opens a campaign.
    /// Progress (`review::StartProgress`) goes to the channel passed beside.
    start_campaign => StartCampaign { name: String, org_ids: Vec<OrgId> } -> review::Campaign;
    campaign => GetCampaign { campaign_id: CampaignId } -> review::Campaign;
    campaign_items => CampaignItems { campaign_id: CampaignId, query: review::CampaignQuery } -> review::CampaignItems;
    /// The numbers of the people matching the query (for "select all that match").
    campaign_select => CampaignSelect { campaign_id: CampaignId, query: review::CampaignQuery } -> Vec<u64>;
    /// R53: records one decision for several people.
    decide => Decide { campaign_id: CampaignId, decide: review::DecideRequest } -> review::Campaign;
    /// R54: completes the campaign; every person must have a decision.
    sign_off_campaign => SignOffCampaign { campaign_id: CampaignId, statement: String } -> review::Campaign;
    /// R54: applies the signed-off decisions through the rules; refusals are listed.
    apply_campaign => ApplyCampaign { campaign_id: CampaignId } -> review::ApplyReport;
    /// Discards a campaign still in progress.
    discard_campaign => DiscardCampaign { campaign_id: CampaignId } -> ();
    /// R57: asks where to save and writes the evidence there. `None`: cancelled.
    export_evidence => ExportEvidence { campaign_id: CampaignId, format: review::EvidenceFormat } -> Option<model::ExportOutcome>;
}

/// A command that comes with a file's bytes. The bytes are the raw body of the call
/// (no JSON array of numbers, no base64), and the request travels as JSON in the
/// [`REQUEST_HEADER`] header; a request of an upload therefore holds ids and other
/// ASCII text only, as header values must.
pub trait Upload: Command {}

/// The header that carries an [`Upload`]'s request.
pub const REQUEST_HEADER: &str = "rolecall-request";

impl Upload for SetOrgAvatar {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_is_named_once() {
        let mut names = NAMES.to_vec();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "a command name appears twice");
    }

    #[test]
    fn r2_r38_debug_of_requests_never_shows_a_password_or_secret() {
        let secret = "correct horse battery";
        let shown = [
            format!(
                "{:?}",
                SignIn {
                    email: "ann@example.com".into(),
                    password: secret.into()
                }
            ),
            format!(
                "{:?}",
                ChangePassword {
                    current: secret.into(),
                    new_password: secret.into(),
                    confirmation: secret.into()
                }
            ),
            format!(
                "{:?}",
                DeleteAccount {
                    password: secret.into()
                }
            ),
            format!(
                "{:?}",
                VerifyApiKey {
                    org_id: OrgId::from("o"),
                    pasted: secret.into()
                }
            ),
            format!(
                "{:?}",
                Register {
                    account: model::RegisterRequest {
                        first_name: "Ann".into(),
                        last_name: "Lee".into(),
                        email: "ann@example.com".into(),
                        password: secret.into(),
                        password_confirmation: secret.into(),
                    }
                }
            ),
            format!(
                "{:?}",
                model::CreatedApiKey {
                    key: model::ApiKey {
                        id: KeyId::from("k"),
                        org_id: OrgId::from("o"),
                        name: "CI".into(),
                        kind: model::ApiKeyKind::Standard,
                        rate_limit: None,
                        prefix: "rk_live_".into(),
                        created_at: 0,
                        created_by_name: "Ann Lee".into(),
                        last_used_at: None,
                        revoked_at: None,
                    },
                    secret: secret.into()
                }
            ),
        ];
        for text in &shown {
            assert!(!text.contains(secret), "{text}");
            assert!(text.contains("<redacted>"), "{text}");
        }
        assert!(
            shown[0].contains("ann@example.com"),
            "other fields still show"
        );
    }

    #[test]
    fn a_request_names_its_command() {
        assert_eq!(ListMembers::NAME, "list_members");
        assert_eq!(GrantWorkspaceRole::NAME, "grant_workspace_role");
    }
}
