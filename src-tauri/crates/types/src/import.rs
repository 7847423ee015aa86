//! Importing people from an identity provider's or tool's own export (R46–R51): what the
//! window asks for and what it is shown. Sources, mapped fields and statuses travel as
//! codes (`google_workspace`, `email`, …) with their labels beside them, so this crate
//! does not depend on the readers.

use crate::ids::OrgId;
use crate::model::Millis;
use serde::{Deserialize, Serialize};

/// A code and the label people know it by (a source, a mappable field).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub code: String,
    pub label: String,
}

/// Where the people go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ImportTarget {
    /// An organization the acting account belongs to.
    Existing { org_id: OrgId },
    /// A new organization, created by the apply and owned by the acting account.
    New { name: String },
}

/// What happens to people in the organization who are not in the file (R47).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AbsentAction {
    #[default]
    Keep,
    Deactivate,
    /// Removed as by hand (R24).
    Remove,
}

/// One column of a CSV given to a field (a mapped import).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMapping {
    /// The field's code (`email`, `first_name`, …).
    pub field: String,
    /// The column's header, as in the file.
    pub column: String,
}

/// A role label at the source and the organization's role it becomes (R48).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleChoice {
    pub label: String,
    /// A role name of the organization; `None`: the label gives no role (people who
    /// join get the default role, people already in keep theirs).
    pub role: Option<String>,
}

/// An import as the user has set it up; the preview and the apply take the same one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRequest {
    pub target: ImportTarget,
    /// The file, as the open dialog gave it.
    pub path: String,
    /// A source code; `None`: detected from the file.
    #[serde(default)]
    pub source: Option<String>,
    /// For any other CSV; empty: the remembered or suggested mapping.
    #[serde(default)]
    pub mapping: Vec<ColumnMapping>,
    /// Empty: the suggested role mapping.
    #[serde(default)]
    pub roles: Vec<RoleChoice>,
    #[serde(default)]
    pub absent: AbsentAction,
    /// Rows with problems are left out instead of blocking the apply.
    #[serde(default)]
    pub skip_problems: bool,
}

/// How many of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ImportCounts {
    /// Rows read (people and problems).
    pub rows: u64,
    pub join: u64,
    pub change: u64,
    /// People in the organization and not in the file (Owner and the acting account
    /// aside: an import never acts on them).
    pub absent: u64,
    pub unchanged: u64,
    pub problems: u64,
}

/// A person as the preview lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPerson {
    /// The line in the file (`None`: only in the organization).
    pub line: Option<u64>,
    pub name: String,
    pub email: String,
    pub role: String,
    /// `active` or `deactivated`.
    pub status: String,
}

/// One field that changes: its label and both values as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportChange {
    pub person: ImportPerson,
    pub fields: Vec<FieldChange>,
}

/// A row that cannot be imported as it is: where, what is wrong, what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblem {
    pub line: u64,
    pub column: Option<String>,
    pub message: String,
}

/// A role label found in the file, how many people carry it and the role it maps to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleRow {
    pub label: String,
    pub people: u64,
    pub role: Option<String>,
}

/// The dry run (R47): everything the apply would do, nothing written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub file_name: String,
    pub bytes: u64,
    /// Of the file's bytes: the apply refuses a file that changed since.
    pub sha256: String,
    pub source: Choice,
    /// Whether the source was detected (else the user chose it).
    pub detected: bool,
    /// Every source, for choosing another.
    pub sources: Vec<Choice>,
    /// What the reader assumed (a time zone, a delimiter, an encoding).
    pub notes: Vec<String>,
    /// The file's columns (CSV).
    pub columns: Vec<String>,
    /// The columns used for each field (a mapped CSV).
    pub mapping: Vec<ColumnMapping>,
    /// The fields a column can be mapped to.
    pub fields: Vec<Choice>,
    pub roles: Vec<RoleRow>,
    /// The roles the acting account may give, for the role mapping.
    pub role_names: Vec<String>,
    pub counts: ImportCounts,
    /// "1,204 join · 37 change · 5 leave · 2 rows skipped", or "No changes".
    pub title: String,
    /// The first people of each kind (at most [`ImportPreview::SHOWN`] each).
    pub joins: Vec<ImportPerson>,
    pub changes: Vec<ImportChange>,
    pub absent: Vec<ImportPerson>,
    pub problems: Vec<ImportProblem>,
    /// Why the apply cannot run as set up (seats, problems not skipped), if so.
    pub blocked: Option<String>,
    /// Nothing would change.
    pub no_changes: bool,
}

impl ImportPreview {
    /// How many people of each kind a preview lists (the counts are complete).
    pub const SHOWN: usize = 500;
}

/// A finished apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportApplied {
    pub org_id: OrgId,
    pub org_name: String,
    pub counts: ImportCounts,
    pub title: String,
}

/// Progress of a preview or an apply: rows read of the rows the file holds (`total` is 0
/// while unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProgress {
    pub done: u64,
    pub total: u64,
}

/// What the source knows of a member (R50), shown in the members table and drawer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MemberSource {
    /// The source's label ("Google Workspace").
    pub source: String,
    pub source_id: Option<String>,
    /// `active`, `suspended`, `deactivated`, `pending`.
    pub status: Option<String>,
    pub last_sign_in: Option<Millis>,
    /// The source says the person never signed in.
    pub never_signed_in: bool,
    pub two_factor: Option<bool>,
    /// `member` or `guest`.
    pub account_type: Option<String>,
    pub billable: Option<bool>,
    pub title: Option<String>,
    pub department: Option<String>,
    pub manager: Option<String>,
    pub employee_id: Option<String>,
    /// When the import that last touched the member was applied.
    pub imported_at: Millis,
}
