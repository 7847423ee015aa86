//! Reviewing access (R52–R57): snapshots of an organization and what changed between
//! two of them.

use crate::ids::{CampaignId, MembershipId, OrgId, RoleId};
use crate::model::Millis;
use serde::{Deserialize, Serialize};

/// A recorded snapshot of an organization (R50, R56).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotInfo {
    pub id: String,
    pub taken_at: Millis,
    pub members: u64,
    /// Why it was taken: "Import of users.csv", "Taken on demand".
    pub reason: String,
}

/// One side of a comparison: a recorded snapshot, or the organization as it is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SnapshotRef {
    Snapshot { id: String },
    Now,
}

/// What changed for one person between two snapshots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    Joined,
    Left,
    RoleChanged,
    StatusChanged,
    TwoFactorChanged,
    /// Status, account type, department, title or manager at the source.
    SourceChanged,
}

/// A role change that gives or takes away privilege (a higher or lower role level,
/// or the Owner).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Privilege {
    Gained,
    Lost,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffRow {
    pub kind: DiffKind,
    pub account_id: String,
    pub email: String,
    pub name: String,
    /// The value before and after, as shown ("Admin", "Active", "Yes", …); empty for
    /// what did not exist.
    pub before: String,
    pub after: String,
    pub privilege: Option<Privilege>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DiffCounts {
    pub joined: u64,
    pub left: u64,
    pub role_changed: u64,
    pub status_changed: u64,
    pub two_factor_changed: u64,
    pub source_changed: u64,
}

/// Two snapshots compared (R56): one row per person and kind of change, people in
/// name order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotDiff {
    pub from: String,
    pub to: String,
    pub counts: DiffCounts,
    pub rows: Vec<DiffRow>,
}

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    High,
    Medium,
    Low,
}

/// What is wrong (R52).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    Dormant,
    NeverSignedIn,
    DormantOwner,
    PrivilegedWithoutTwoFactor,
    TooManyPrivileged,
    SuspendedAtSourceActiveHere,
    DeactivatedButBillable,
    StaleInvitation,
    UnusedApiKey,
    OldApiKey,
    KeyOfFormerMember,
    ExternalAccount,
    GuestAccount,
    PossibleDuplicate,
    UnusedCustomRole,
    /// An HR roster says the person left the company; they are active here.
    LeftCompany,
}

impl FindingKind {
    /// Whether its subjects are members (not invitations, API keys or roles).
    pub fn is_about_members(self) -> bool {
        !matches!(
            self,
            FindingKind::StaleInvitation
                | FindingKind::UnusedApiKey
                | FindingKind::OldApiKey
                | FindingKind::KeyOfFormerMember
                | FindingKind::UnusedCustomRole
        )
    }

    /// A short name, for filters and reports ("Dormant").
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::Dormant => "Dormant",
            FindingKind::NeverSignedIn => "Never signed in",
            FindingKind::DormantOwner => "Dormant Owner",
            FindingKind::PrivilegedWithoutTwoFactor => "Privileged without two-factor",
            FindingKind::TooManyPrivileged => "Too many privileged",
            FindingKind::SuspendedAtSourceActiveHere => "Suspended at the source",
            FindingKind::DeactivatedButBillable => "Deactivated but billable",
            FindingKind::StaleInvitation => "Stale invitation",
            FindingKind::UnusedApiKey => "Unused API key",
            FindingKind::OldApiKey => "Old API key",
            FindingKind::KeyOfFormerMember => "Key of a former member",
            FindingKind::ExternalAccount => "External account",
            FindingKind::GuestAccount => "Guest account",
            FindingKind::PossibleDuplicate => "Possible duplicate",
            FindingKind::UnusedCustomRole => "Unused custom role",
            FindingKind::LeftCompany => "Left the company",
        }
    }
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::High => "High",
            Severity::Medium => "Medium",
            Severity::Low => "Low",
        }
    }
}

impl DiffKind {
    pub fn label(self) -> &'static str {
        match self {
            DiffKind::Joined => "Joined",
            DiffKind::Left => "Left",
            DiffKind::RoleChanged => "Role changed",
            DiffKind::StatusChanged => "Status changed",
            DiffKind::TwoFactorChanged => "Two-factor changed",
            DiffKind::SourceChanged => "Source changed",
        }
    }
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    Member,
    Invitation,
    ApiKey,
    Role,
}

/// One person, invitation, key or role a finding concerns, with what makes it so
/// ("No sign-in for 143 days").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub kind: SubjectKind,
    /// A membership, invitation, key or role id.
    pub id: String,
    pub name: String,
    pub detail: String,
}

/// A fix that runs through the same rules and audit as by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Remedy {
    OpenMember,
    Deactivate,
    ChangeRole,
    RevokeInvitation,
    RevokeKey,
    DeleteRole,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub severity: Severity,
    /// "3 members have not signed in for 90 days".
    pub title: String,
    pub why: String,
    /// The first [`Finding::SHOWN`] subjects.
    pub subjects: Vec<Subject>,
    /// How many subjects in all.
    pub total: u64,
    pub remedies: Vec<Remedy>,
}

impl Finding {
    /// How many subjects a finding lists (`total` counts them all).
    pub const SHOWN: usize = 500;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SeverityCounts {
    pub high: u64,
    pub medium: u64,
    pub low: u64,
}

/// The thresholds of an organization's findings (R52), a setting per organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewSettings {
    /// No sign-in for this many days is dormant.
    pub dormant_days: u32,
    /// Never signed in this many days after joining.
    pub never_signed_in_days: u32,
    /// A pending invitation older than this is stale.
    pub stale_invitation_days: u32,
    /// An API key unused this long.
    pub unused_key_days: u32,
    /// An API key older than this is due for rotation.
    pub old_key_days: u32,
    /// More privileged members than this is too many…
    pub max_privileged: u32,
    /// …or more than this share (percent) of an organization of 20 or more.
    pub max_privileged_percent: u32,
    /// The organization's own e-mail domains; empty: the most common one among its
    /// members.
    pub domains: Vec<String>,
}

impl Default for ReviewSettings {
    fn default() -> Self {
        ReviewSettings {
            dormant_days: 90,
            never_signed_in_days: 30,
            stale_invitation_days: 7,
            unused_key_days: 45,
            old_key_days: 90,
            max_privileged: 5,
            max_privileged_percent: 10,
            domains: Vec::new(),
        }
    }
}

impl ReviewSettings {
    /// The most domains an organization lists as its own.
    pub const DOMAINS_MAX: usize = 20;

    /// The settings with domains trimmed, lower-cased and deduplicated, or what is
    /// wrong with them.
    pub fn checked(&self) -> crate::validate::Checked<ReviewSettings> {
        use crate::validate::Invalid;
        let days = [
            ("dormant_days", "Dormant after", self.dormant_days),
            (
                "never_signed_in_days",
                "Never signed in after",
                self.never_signed_in_days,
            ),
            (
                "stale_invitation_days",
                "Stale invitation after",
                self.stale_invitation_days,
            ),
            (
                "unused_key_days",
                "Unused API key after",
                self.unused_key_days,
            ),
            ("old_key_days", "Old API key after", self.old_key_days),
        ];
        for (field, label, value) in days {
            if !(1..=3650).contains(&value) {
                return Err(Invalid::new(
                    field,
                    format!("{label} must be between 1 and 3,650 days."),
                ));
            }
        }
        if !(1..=100_000).contains(&self.max_privileged) {
            return Err(Invalid::new(
                "max_privileged",
                "The number of privileged members must be between 1 and 100,000.",
            ));
        }
        if !(1..=100).contains(&self.max_privileged_percent) {
            return Err(Invalid::new(
                "max_privileged_percent",
                "The share of privileged members must be between 1 and 100 %.",
            ));
        }
        let mut domains: Vec<String> = Vec::new();
        for domain in &self.domains {
            let domain = domain.trim().trim_start_matches('@').to_lowercase();
            if domain.is_empty() {
                continue;
            }
            let valid = domain.len() <= 253
                && domain.contains('.')
                && domain.split('.').all(|label| {
                    !label.is_empty()
                        && label.len() <= 63
                        && !label.starts_with('-')
                        && !label.ends_with('-')
                        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                });
            if !valid {
                return Err(Invalid::new(
                    "domains",
                    format!("'{domain}' is not an e-mail domain (for example, example.com)."),
                ));
            }
            if !domains.contains(&domain) {
                domains.push(domain);
            }
        }
        if domains.len() > Self::DOMAINS_MAX {
            return Err(Invalid::new(
                "domains",
                format!("List at most {} domains.", Self::DOMAINS_MAX),
            ));
        }
        Ok(ReviewSettings {
            domains,
            ..self.clone()
        })
    }
}

/// An organization's HR roster: who the company employs and who left (R52).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterInfo {
    pub file_name: String,
    pub imported_at: Millis,
    pub imported_by: String,
    /// People in the roster.
    pub people: u64,
    /// Of them, terminated (by status, or a termination date that has passed).
    pub terminated: u64,
}

/// An HR roster's columns before it is read (R52): the mapping step, as for "any other
/// CSV" in an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterPreview {
    pub file_name: String,
    /// The file's columns, as in its header.
    pub columns: Vec<String>,
    /// The fields a roster's column can be mapped to, e-mail first.
    pub fields: Vec<crate::import::Choice>,
    /// The columns used for each field: remembered for this header set, else guessed
    /// from the columns' names.
    pub mapping: Vec<crate::import::ColumnMapping>,
    /// Whether `mapping` is the one remembered for files with these columns.
    pub remembered: bool,
}

/// An organization's findings, most severe first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Findings {
    pub org_id: crate::ids::OrgId,
    pub org_name: String,
    pub computed_at: Millis,
    /// Whether an import ever told Rolecall about sign-ins and two-factor.
    pub imported: bool,
    /// The organization's own e-mail domain, as proposed from its members.
    pub domain: Option<String>,
    /// The thresholds the findings were computed with.
    pub settings: ReviewSettings,
    /// The HR roster the "left the company" finding reads, when one was imported.
    pub roster: Option<RosterInfo>,
    pub counts: SeverityCounts,
    pub findings: Vec<Finding>,
}

// ---- campaigns (R53–R55, R57) ----

/// Where a campaign stands (R54): decisions are taken while it is open; sign-off
/// completes it and freezes them; applying records what became of each, once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CampaignState {
    Open,
    Completed,
    Applied,
}

impl CampaignState {
    pub fn code(self) -> &'static str {
        match self {
            CampaignState::Open => "open",
            CampaignState::Completed => "completed",
            CampaignState::Applied => "applied",
        }
    }

    pub fn from_code(code: &str) -> Option<CampaignState> {
        [
            CampaignState::Open,
            CampaignState::Completed,
            CampaignState::Applied,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    /// "In progress", "Signed off", "Applied".
    pub fn label(self) -> &'static str {
        match self {
            CampaignState::Open => "In progress",
            CampaignState::Completed => "Signed off",
            CampaignState::Applied => "Applied",
        }
    }
}

/// What the reviewer decided for one person (R53).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Keep,
    ChangeRole,
    Deactivate,
    Remove,
}

impl Decision {
    pub const ALL: [Decision; 4] = [
        Decision::Keep,
        Decision::ChangeRole,
        Decision::Deactivate,
        Decision::Remove,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Decision::Keep => "keep",
            Decision::ChangeRole => "change_role",
            Decision::Deactivate => "deactivate",
            Decision::Remove => "remove",
        }
    }

    pub fn from_code(code: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|d| d.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Decision::Keep => "Keep",
            Decision::ChangeRole => "Change role",
            Decision::Deactivate => "Deactivate",
            Decision::Remove => "Remove",
        }
    }
}

/// One organization of a campaign, with the snapshot that froze its population.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignOrg {
    pub org_id: OrgId,
    pub org_name: String,
    pub snapshot_id: Option<String>,
    pub members: u64,
}

/// The reviewer's signature that completes a campaign (R54).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOff {
    pub reviewer: String,
    pub at: Millis,
    pub statement: String,
}

/// How many people have each decision, and what applying did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DecisionCounts {
    pub keep: u64,
    pub change_role: u64,
    pub deactivate: u64,
    pub remove: u64,
    pub applied: u64,
    pub refused: u64,
}

impl DecisionCounts {
    pub fn decided(&self) -> u64 {
        self.keep + self.change_role + self.deactivate + self.remove
    }
}

/// A step of starting a campaign (R53), per organization and then once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StartStep {
    /// The organization's members frozen in a snapshot.
    Snapshot,
    /// Its findings, which tag its people.
    Findings,
    /// Its people copied into the campaign, one row each.
    People,
    /// The campaign written to disk.
    Save,
}

/// Progress of starting a campaign: the step about to run, and how many of all the
/// steps (three per organization, then saving) are done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartProgress {
    pub done: u64,
    pub total: u64,
    pub step: StartStep,
    /// The organization the step works on (empty while saving).
    pub org_name: String,
    /// Its members, whatever their status.
    pub members: u64,
}

impl StartProgress {
    /// The steps of starting a campaign over `orgs` organizations.
    pub fn steps(orgs: usize) -> u64 {
        orgs as u64 * 3 + 1
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    pub id: CampaignId,
    /// "Access review — Acme, Q4 2026".
    pub name: String,
    pub state: CampaignState,
    /// The moment the population was frozen.
    pub as_of: Millis,
    pub started_by: String,
    pub orgs: Vec<CampaignOrg>,
    /// People in the campaign.
    pub population: u64,
    pub counts: DecisionCounts,
    pub sign_off: Option<SignOff>,
    pub applied_at: Option<Millis>,
}

impl Campaign {
    /// "812 of 1,204 reviewed".
    pub fn progress(&self) -> String {
        format!(
            "{} of {} reviewed",
            crate::thousands(self.counts.decided()),
            crate::thousands(self.population)
        )
    }
}

/// A decision as recorded: what, by whom, when, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRecord {
    pub decision: Decision,
    /// The new role of a "Change role".
    pub role_id: Option<RoleId>,
    pub role_name: Option<String>,
    pub reviewer: String,
    pub at: Millis,
    pub comment: String,
}

/// What applying a decision did (R54).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Changed, with its audit entries.
    Applied,
    /// Nothing to change: a "Keep", or the person was already so.
    Unchanged,
    /// The rules refused it; nothing changed.
    Refused,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::Unchanged => "unchanged",
            Outcome::Refused => "refused",
        }
    }

    pub fn from_code(code: &str) -> Option<Outcome> {
        [Outcome::Applied, Outcome::Unchanged, Outcome::Refused]
            .into_iter()
            .find(|o| o.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeRecord {
    pub outcome: Outcome,
    /// Why it was refused.
    pub reason: Option<String>,
    /// The audit log entries the change wrote.
    pub audit_ids: Vec<i64>,
}

/// One person of a campaign as frozen at its start, with the decision about them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignItem {
    /// The person's number in the campaign (1, 2, …): what decisions name.
    pub num: u64,
    pub org_id: OrgId,
    pub org_name: String,
    pub membership_id: MembershipId,
    pub email: String,
    pub name: String,
    pub role: String,
    pub owner: bool,
    pub active: bool,
    /// The latest sign-in known at the start (the source's or Rolecall's).
    pub last_sign_in: Option<Millis>,
    pub two_factor: Option<bool>,
    /// What was wrong with them at the start.
    pub findings: Vec<FindingKind>,
    pub decision: Option<DecisionRecord>,
    pub outcome: Option<OutcomeRecord>,
}

/// Which people of a campaign to list.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CampaignQuery {
    pub finding: Option<FindingKind>,
    /// A role name.
    pub role: Option<String>,
    /// Active (`true`) or deactivated (`false`) at the start.
    pub active: Option<bool>,
    /// Decided (`true`) or still to decide (`false`).
    pub decided: Option<bool>,
    /// Part of a name or e-mail.
    pub search: String,
    pub offset: u64,
    pub limit: u64,
}

/// A page of a campaign's people, and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignItems {
    pub total: u64,
    pub items: Vec<CampaignItem>,
    /// The role names and finding kinds present, for the filters.
    pub roles: Vec<String>,
    pub findings: Vec<FindingKind>,
}

/// A decision to record for several people at once (R53). `decision: None` clears it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecideRequest {
    pub items: Vec<u64>,
    pub decision: Option<Decision>,
    /// The new role of a "Change role" (one organization's role).
    pub role_id: Option<RoleId>,
    pub comment: String,
}

/// A decision the rules refused when it was applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub num: u64,
    pub name: String,
    pub email: String,
    pub org_name: String,
    pub decision: Decision,
    pub reason: String,
}

/// What applying a signed-off campaign did (R54).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyReport {
    pub applied: u64,
    pub unchanged: u64,
    pub refused: Vec<Refusal>,
}

/// The evidence file's format (R57).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceFormat {
    /// One row per person and decision.
    Csv,
    /// A printable, self-contained report.
    Html,
}

impl EvidenceFormat {
    pub fn extension(self) -> &'static str {
        match self {
            EvidenceFormat::Csv => "csv",
            EvidenceFormat::Html => "html",
        }
    }
}
