//! Reviewing access (R52–R57): snapshots of an organization and what changed between
//! two of them.

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
    pub counts: SeverityCounts,
    pub findings: Vec<Finding>,
}
