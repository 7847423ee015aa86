//! The shapes that cross the IPC boundary: what the core returns and what the UI sends.
//! Times are UTC milliseconds since the Unix epoch; amounts are integer minor units.

use crate::ids::{
    AccountId, AgentId, InvitationId, KeyId, MembershipId, OrgId, RoleId, WorkspaceId,
};
use crate::permissions::{Permission, PermissionSet, RoleKind};
use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch, UTC.
pub type Millis = i64;

/// Invitations expire this long after they were (re)sent (R20).
pub const INVITATION_TTL_MS: Millis = 7 * 24 * 60 * 60 * 1000;

/// A signed-in or modelled person (R1). Never carries the password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: AccountId,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    /// False for people modelled by an admin ("Never signed in" until they register).
    pub can_sign_in: bool,
    pub main_company_id: Option<OrgId>,
    pub plan: Plan,
    pub theme: Theme,
    pub created_at: Millis,
    pub last_login_at: Option<Millis>,
}

impl Account {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// Its `Debug` leaves the passwords out.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterRequest {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub password: String,
    pub password_confirmation: String,
}

impl std::fmt::Debug for RegisterRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegisterRequest")
            .field("first_name", &self.first_name)
            .field("last_name", &self.last_name)
            .field("email", &self.email)
            .field("password", &crate::Redacted(&self.password))
            .field(
                "password_confirmation",
                &crate::Redacted(&self.password_confirmation),
            )
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileUpdate {
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn code(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
    pub fn from_code(code: &str) -> Option<Theme> {
        [Theme::System, Theme::Light, Theme::Dark]
            .into_iter()
            .find(|t| t.code() == code)
    }
}

/// Plans and their seats (R22).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Plan {
    Free,
    Team,
    Business,
    Enterprise,
}

pub const ALL_PLANS: &[Plan] = &[Plan::Free, Plan::Team, Plan::Business, Plan::Enterprise];

impl Plan {
    pub fn code(self) -> &'static str {
        match self {
            Plan::Free => "free",
            Plan::Team => "team",
            Plan::Business => "business",
            Plan::Enterprise => "enterprise",
        }
    }
    pub fn from_code(code: &str) -> Option<Plan> {
        ALL_PLANS.iter().copied().find(|p| p.code() == code)
    }
    pub fn label(self) -> &'static str {
        match self {
            Plan::Free => "Free",
            Plan::Team => "Team",
            Plan::Business => "Business",
            Plan::Enterprise => "Enterprise",
        }
    }
    /// Seats of an organization on this plan; `None` is unlimited.
    pub fn seats(self) -> Option<u32> {
        match self {
            Plan::Free => Some(3),
            Plan::Team => Some(25),
            Plan::Business => Some(250),
            Plan::Enterprise => None,
        }
    }
}

/// Where the signed-in account works (R8).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Context {
    Personal,
    Organization(OrgId),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    pub id: OrgId,
    pub name: String,
    pub slug: String,
    pub description: String,
    pub has_avatar: bool,
    pub notifications: Notifications,
    pub plan: Plan,
    pub currency: String,
    pub created_at: Millis,
}

/// The four notification toggles (R10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notifications {
    pub member_joined: bool,
    pub member_left: bool,
    pub api_keys: bool,
    pub low_balance: bool,
    pub low_balance_threshold: i64,
}

impl Default for Notifications {
    fn default() -> Self {
        Notifications {
            member_joined: true,
            member_left: true,
            api_keys: true,
            low_balance: false,
            low_balance_threshold: 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateOrganization {
    pub name: String,
    /// Blank: generated from the name (R11).
    pub slug: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationUpdate {
    pub name: String,
    pub slug: String,
    pub description: String,
    pub notifications: Notifications,
}

/// One line of the context switcher (R21).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SwitcherEntry {
    pub org_id: OrgId,
    pub name: String,
    pub slug: String,
    pub role_name: String,
    pub plan: Plan,
    /// `Some`: a pending invitation (shown greyed; switching accepts it).
    pub invitation_id: Option<InvitationId>,
    /// The account's membership is deactivated: listed but not switchable.
    pub deactivated: bool,
    pub is_main_company: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    Active,
    Deactivated,
}

impl MemberStatus {
    pub fn code(self) -> &'static str {
        match self {
            MemberStatus::Active => "active",
            MemberStatus::Deactivated => "deactivated",
        }
    }
    pub fn from_code(code: &str) -> Option<MemberStatus> {
        match code {
            "active" => Some(MemberStatus::Active),
            "deactivated" => Some(MemberStatus::Deactivated),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    pub id: RoleId,
    pub name: String,
    pub kind: RoleKind,
    pub level: u8,
    pub permissions: PermissionSet,
    /// Memberships, workspace grants and pending invitations holding it.
    pub holders: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleInput {
    pub name: String,
    pub level: i64,
    pub permissions: PermissionSet,
}

/// One row of the members table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub membership_id: MembershipId,
    pub account_id: AccountId,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub role_id: RoleId,
    pub role_name: String,
    pub role_level: u8,
    pub is_owner: bool,
    pub status: MemberStatus,
    pub can_sign_in: bool,
    pub joined_at: Millis,
    pub last_login_at: Option<Millis>,
    pub last_active_at: Option<Millis>,
    /// What the identity provider said of them at the last import (R50).
    #[serde(default)]
    pub source: Option<crate::import::MemberSource>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MemberSort {
    #[default]
    Name,
    Email,
    LastLogin,
}

/// A page request for the members table. Either `offset` (jumps, e.g. a scrollbar
/// dragged to the end) or `after` (the next page after a row) positions it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberQuery {
    pub status: MemberStatus,
    pub search: String,
    pub role_id: Option<RoleId>,
    pub sort: MemberSort,
    pub descending: bool,
    pub offset: u64,
    pub after: Option<MemberCursor>,
    pub limit: u32,
}

impl Default for MemberQuery {
    fn default() -> Self {
        MemberQuery {
            status: MemberStatus::Active,
            search: String::new(),
            role_id: None,
            sort: MemberSort::Name,
            descending: false,
            offset: 0,
            after: None,
            limit: 50,
        }
    }
}

/// The sort key and id of the last row of a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberCursor {
    pub key: CursorKey,
    pub id: MembershipId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CursorKey {
    Text(String),
    Number(i64),
}

/// How many matches past a page's offset a member search counts before it says
/// "more than": counting every match of a common fragment among a million members reads
/// most of them, and nobody reads a thousand matches before narrowing the search.
pub const SEARCH_COUNT_CAP: u64 = 1_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberPage {
    pub rows: Vec<Member>,
    /// Rows matching the query in all; when `more` is set, a lower bound.
    pub total: u64,
    /// A search matched more rows than it counts ([`SEARCH_COUNT_CAP`] past the page's
    /// offset): there are more than `total` matches.
    #[serde(default)]
    pub more: bool,
    /// Where the next page starts, if there is one.
    pub next: Option<MemberCursor>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMember {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// `None`: the default role (Member).
    pub role_id: Option<RoleId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    Pending,
    Expired,
    Accepted,
    Revoked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub id: InvitationId,
    pub org_id: OrgId,
    pub org_name: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub role_id: Option<RoleId>,
    pub role_name: String,
    pub status: InvitationStatus,
    pub invited_by_name: Option<String>,
    pub sent_at: Millis,
    pub expires_at: Millis,
}

/// Counts per role, for the overview and the role filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleCount {
    pub role_id: RoleId,
    pub role_name: String,
    pub level: u8,
    pub members: u64,
}

/// Seat use of an organization (R22).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seats {
    pub members: u64,
    pub pending_invitations: u64,
    /// `None`: unlimited.
    pub limit: Option<u32>,
}

impl Seats {
    pub fn used(self) -> u64 {
        self.members + self.pending_invitations
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workspace {
    pub id: WorkspaceId,
    pub name: String,
    pub is_default: bool,
    pub members_with_roles: u64,
    pub agents: u64,
    pub created_at: Millis,
}

/// A member's role in one workspace (R16).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceGrant {
    pub workspace_id: WorkspaceId,
    pub workspace_name: String,
    pub role_id: RoleId,
    pub role_name: String,
    pub permissions: PermissionSet,
}

/// The member detail view (R31): organization role plus workspace roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberDetail {
    pub member: Member,
    pub phone: String,
    pub organization_permissions: PermissionSet,
    pub workspaces: Vec<WorkspaceGrant>,
    pub recent_activity: Vec<AuditEntry>,
    pub login_history: Vec<Millis>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agent {
    pub id: AgentId,
    pub context: Context,
    pub workspace_id: Option<WorkspaceId>,
    pub workspace_name: Option<String>,
    pub owner_id: AccountId,
    pub owner_name: String,
    pub name: String,
    pub persona: String,
    pub knowledge: String,
    pub created_at: Millis,
    /// Organization context: the level of the owner's organization role (R36), so the
    /// UI can tell which agents are out of the viewer's reach.
    pub owner_level: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentInput {
    pub name: String,
    pub persona: String,
    pub knowledge: String,
    /// Organization context: the workspace (default workspace when `None`).
    pub workspace_id: Option<WorkspaceId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingSummary {
    pub context: Context,
    pub balance: i64,
    pub currency: String,
    pub plan: Plan,
    /// Organizations only.
    pub seats: Option<Seats>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerKind {
    TopUp,
    Charge,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub id: i64,
    pub kind: LedgerKind,
    /// Positive for top-ups, negative for charges.
    pub amount: i64,
    pub description: String,
    pub agent_id: Option<AgentId>,
    pub actor_name: String,
    pub at: Millis,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyAggregate {
    /// `YYYY-MM`.
    pub month: String,
    pub top_ups: i64,
    pub charges: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargeRequest {
    pub description: String,
    /// Positive: the amount charged.
    pub amount: i64,
    pub agent_id: Option<AgentId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: Millis,
    pub actor_id: Option<AccountId>,
    pub actor_name: String,
    pub org_id: Option<OrgId>,
    pub org_name: Option<String>,
    pub action: String,
    pub target_type: String,
    pub target_id: Option<String>,
    pub target_name: String,
    /// JSON text: `{"before": …, "after": …}` or other facts; never a secret.
    pub details: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AuditQuery {
    pub actor_id: Option<AccountId>,
    pub action: Option<String>,
    pub from: Option<Millis>,
    pub to: Option<Millis>,
    /// Entries older than this id (the next page).
    pub before_id: Option<i64>,
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub next_before_id: Option<i64>,
}

/// The acting account's place in an organization: what the UI may show (R30).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyRole {
    pub membership_id: MembershipId,
    pub role_id: RoleId,
    pub role_name: String,
    pub level: u8,
    pub is_owner: bool,
    pub is_admin: bool,
    /// Everything for the Owner.
    pub permissions: PermissionSet,
}

/// The signed-in account and the context it works in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub account: Account,
    pub context: Context,
    /// The current organization, in organization context.
    pub organization: Option<Organization>,
    /// The account's role there.
    pub role: Option<MyRole>,
    /// The plan of the current context.
    pub plan: Plan,
    /// Pending invitations for this account (the switcher's badge).
    pub pending_invitations: u32,
    /// R3: right after registering with the e-mail of a modelled person, the
    /// memberships the account came with (empty otherwise), for the window to show.
    #[serde(default)]
    pub inherited: Vec<InheritedMembership>,
}

/// R3: a membership an account came with when its e-mail was claimed by registering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InheritedMembership {
    pub org_id: OrgId,
    pub org_name: String,
    pub role_name: String,
}

/// What the window needs at start: about the app, whether anyone can sign in yet,
/// and the session if one is open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartInfo {
    pub app: crate::AppInfo,
    /// False on the first run: the window shows Register instead of Sign in.
    pub has_accounts: bool,
    pub session: Option<SessionInfo>,
}

/// The two kinds of API key (R37).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiKeyKind {
    Standard,
    AiAgent,
}

impl ApiKeyKind {
    pub fn code(self) -> &'static str {
        match self {
            ApiKeyKind::Standard => "standard",
            ApiKeyKind::AiAgent => "ai_agent",
        }
    }
    pub fn from_code(code: &str) -> Option<ApiKeyKind> {
        match code {
            "standard" => Some(ApiKeyKind::Standard),
            "ai_agent" => Some(ApiKeyKind::AiAgent),
            _ => None,
        }
    }
    /// The start of every secret of this kind.
    pub fn secret_prefix(self) -> &'static str {
        match self {
            ApiKeyKind::Standard => "rck_std_",
            ApiKeyKind::AiAgent => "rck_agent_",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            ApiKeyKind::Standard => "Standard",
            ApiKeyKind::AiAgent => "AI_AGENT",
        }
    }
}

/// Default rate limit of AI_AGENT keys, requests per minute.
pub const DEFAULT_AGENT_RATE_LIMIT: u32 = 60;

/// An API key as listed: never its secret (R37).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKey {
    pub id: KeyId,
    pub org_id: OrgId,
    pub name: String,
    pub kind: ApiKeyKind,
    /// AI_AGENT keys only, requests per minute.
    pub rate_limit: Option<u32>,
    /// The first characters of the secret, to recognise it.
    pub prefix: String,
    pub created_at: Millis,
    pub created_by_name: String,
    pub last_used_at: Option<Millis>,
    pub revoked_at: Option<Millis>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewApiKey {
    pub name: String,
    pub kind: ApiKeyKind,
    /// AI_AGENT only; `None` means the default of 60.
    pub rate_limit: Option<u32>,
}

/// What verifying a pasted key found (R40).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyVerification {
    pub valid: bool,
    /// The key it matched, if any (also when revoked).
    pub key: Option<ApiKey>,
    pub org_name: Option<String>,
    /// Why it is not valid, in words.
    pub reason: Option<String>,
}

/// The state of the OS keyring as the API keys screen reports it (R41, R44).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyringStatus {
    pub available: bool,
    /// What is wrong and what to do, when not available.
    pub message: Option<String>,
}

/// A key just created, with its secret: shown once, never again (R38). Its `Debug`
/// leaves the secret out.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedApiKey {
    pub key: ApiKey,
    pub secret: String,
}

impl std::fmt::Debug for CreatedApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreatedApiKey")
            .field("key", &self.key)
            .field("secret", &crate::Redacted(&self.secret))
            .finish()
    }
}

/// A member holding a role in one workspace (R16), for the Workspaces screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceMember {
    pub workspace_id: WorkspaceId,
    pub membership_id: MembershipId,
    pub account_id: AccountId,
    pub name: String,
    pub email: String,
    pub role_id: RoleId,
    pub role_name: String,
    pub role_level: u8,
    pub granted_at: Millis,
    /// The member's organization role and standing, for the hierarchy checks (R28).
    pub org_role_id: RoleId,
    pub org_role_name: String,
    pub org_role_level: u8,
    pub is_owner: bool,
}

/// The values the audit log's filters offer: everyone who acted and every action
/// recorded in the organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFacets {
    pub actors: Vec<AuditActor>,
    pub actions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditActor {
    pub id: AccountId,
    pub name: String,
}

/// Audit entries on one UTC day, for the activity chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    /// Midnight UTC of the day.
    pub day: Millis,
    pub entries: u64,
}

/// The Overview screen of an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub organization: Organization,
    pub seats: Seats,
    pub deactivated_members: u64,
    pub workspaces: u64,
    pub agents: u64,
    /// Active API keys; `None` without API keys·view.
    pub api_keys: Option<u64>,
    /// Active members per role, highest level first.
    pub roles: Vec<RoleCount>,
    /// Entries per day over the last `OVERVIEW_DAYS` days, oldest first; `None`
    /// without Audit log·view.
    pub activity: Option<Vec<DayCount>>,
    /// The newest audit entries; `None` without Audit log·view.
    pub recent: Option<Vec<AuditEntry>>,
}

/// Days the Overview's activity chart covers.
pub const OVERVIEW_DAYS: u32 = 30;

/// What to export (R43, R45).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    /// The whole organization as one JSON document.
    OrganizationJson,
    /// Members as CSV, honouring the table's filters.
    MembersCsv,
    /// The filtered audit entries as CSV.
    AuditCsv,
    /// The filtered audit entries as JSON.
    AuditJson,
}

impl ExportKind {
    pub fn extension(self) -> &'static str {
        match self {
            ExportKind::OrganizationJson | ExportKind::AuditJson => "json",
            ExportKind::MembersCsv | ExportKind::AuditCsv => "csv",
        }
    }

    /// The file name offered in the save dialog.
    pub fn file_name(self, slug: &str, date: &str) -> String {
        let what = match self {
            ExportKind::OrganizationJson => "organization",
            ExportKind::MembersCsv => "members",
            ExportKind::AuditCsv | ExportKind::AuditJson => "audit-log",
        };
        format!("{slug}-{what}-{date}.{}", self.extension())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRequest {
    pub kind: ExportKind,
    /// Filters of the members table (MembersCsv); paging fields are ignored.
    pub members: Option<MemberQuery>,
    /// Filters of the audit log (AuditCsv, AuditJson); paging fields are ignored.
    pub audit: Option<AuditQuery>,
}

/// Progress of a running export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportProgress {
    pub done: u64,
    pub total: u64,
}

/// A finished export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportOutcome {
    pub path: String,
    pub rows: u64,
    pub bytes: u64,
}

/// Version of the organization export document; bumped when its shape changes.
/// 2: `billing` may be absent and `omitted` names the sections the exporter may not view.
pub const EXPORT_SCHEMA_VERSION: u32 = 2;

/// R30, R45: the sections of the organization document that need a permission beyond
/// Data·export; one the exporter lacks is left out and named in `omitted`
/// ([`omitted_section`]).
pub const EXPORT_GUARDED_SECTIONS: [(Permission, &str); 4] = [
    (
        Permission::MembersView,
        "Members, invitations and workspace roles",
    ),
    (Permission::AgentsView, "Agents"),
    (Permission::ApiKeysView, "API keys"),
    (Permission::BillingView, "Billing and ledger"),
];

/// How the organization document's `omitted` names a section left out.
pub fn omitted_section(permission: Permission, section: &str) -> String {
    format!("{section} (needs {})", permission.describe())
}

/// R45: the whole organization in one document. Secrets are not part of any type here:
/// API keys carry their display prefix only. A section the exporter may not view
/// (R30: members, invitations and workspace roles need Members·view, agents
/// Agents·view, keys API keys·view, billing and ledger Billing·view) is left empty and
/// named in `omitted`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationExport {
    pub schema_version: u32,
    pub exported_at: Millis,
    pub exported_by: String,
    pub organization: Organization,
    pub roles: Vec<Role>,
    pub workspaces: Vec<Workspace>,
    pub workspace_members: Vec<WorkspaceMember>,
    pub members: Vec<Member>,
    pub invitations: Vec<Invitation>,
    pub agents: Vec<Agent>,
    pub api_keys: Vec<ApiKey>,
    #[serde(default)]
    pub billing: Option<BillingSummary>,
    pub ledger: Vec<LedgerEntry>,
    /// The sections left out, each with the permission it needs.
    #[serde(default)]
    pub omitted: Vec<String>,
}
