//! Readers of identity-provider exports (R46, R51): each turns one exported file into a
//! stream of [`Row`]s — a [`Person`] in one shape whatever the source, or a [`Problem`]
//! naming the line, the column, what is wrong and what to do — and ends with a
//! [`Summary`].
//!
//! - [`Source`] names the formats: Google Workspace, Okta (users and Password Health),
//!   Entra ID, Slack, GitHub (CSV and JSON), SCIM 2.0, Rolecall's own organization JSON
//!   export, and any CSV through a [`Mapping`] of its columns ([`Field`]s).
//! - [`detect`] names the format from the first kilobytes; [`read`] streams a file to a
//!   sink (cancel by returning [`Cancelled`]); [`read_all`] collects one in memory.
//! - [`Person`] carries what the source knows: [`SourceStatus`], [`SignIn`],
//!   [`AccountType`], two-factor, billable, title, department, manager, role labels.
//! - [`Error`] is the one error type: a file that cannot be read at all (empty, binary,
//!   unrecognised columns with the columns looked for, invalid JSON, …).
//! - [`neutralise_cell`] is for every CSV Rolecall writes: a cell a spreadsheet would run
//!   as a formula gets a leading apostrophe.
//!
//! Text is decoded from UTF-8 (with or without a byte-order mark), UTF-16 LE/BE (Excel's
//! "Unicode text") or Windows-1252; the delimiter (`,` `;` tab `|`) is sniffed from the
//! header. CSV streams (memory does not grow with the file, bar one small entry per
//! person to find the same person twice); JSON is read whole, up to [`JSON_LIMIT`]
//! bytes. Nothing in here panics on any input.

mod columns;
mod csv_read;
mod error;
mod json_read;
mod people;
mod text;
mod values;

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::io::Read;

pub use error::{Cancelled, Error, SinkError};

/// The largest JSON file read (JSON is parsed whole): 512 MiB.
pub const JSON_LIMIT: u64 = 512 * 1024 * 1024;

/// How many bytes [`detect`] wants to see (it works with fewer).
pub const HEAD_LEN: usize = 64 * 1024;

/// Where a file comes from: decides how its columns and values are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    GoogleWorkspace,
    OktaUsers,
    OktaPasswordHealth,
    EntraId,
    Slack,
    #[serde(rename = "github_csv")]
    GitHubCsv,
    #[serde(rename = "github_json")]
    GitHubJson,
    Scim,
    Rolecall,
    Mapped,
}

impl Source {
    /// Every source, in the order the UI lists them.
    pub fn all() -> &'static [Source] {
        &[
            Source::GoogleWorkspace,
            Source::OktaUsers,
            Source::OktaPasswordHealth,
            Source::EntraId,
            Source::Slack,
            Source::GitHubCsv,
            Source::GitHubJson,
            Source::Scim,
            Source::Rolecall,
            Source::Mapped,
        ]
    }

    /// The name people know it by.
    pub fn label(&self) -> &'static str {
        match self {
            Source::GoogleWorkspace => "Google Workspace",
            Source::OktaUsers => "Okta users",
            Source::OktaPasswordHealth => "Okta Password Health",
            Source::EntraId => "Microsoft Entra ID",
            Source::Slack => "Slack",
            Source::GitHubCsv => "GitHub (CSV)",
            Source::GitHubJson => "GitHub (JSON)",
            Source::Scim => "SCIM 2.0",
            Source::Rolecall => "Rolecall",
            Source::Mapped => "CSV with mapped columns",
        }
    }

    /// The snake_case code used in serde and on the command line.
    pub fn code(&self) -> &'static str {
        match self {
            Source::GoogleWorkspace => "google_workspace",
            Source::OktaUsers => "okta_users",
            Source::OktaPasswordHealth => "okta_password_health",
            Source::EntraId => "entra_id",
            Source::Slack => "slack",
            Source::GitHubCsv => "github_csv",
            Source::GitHubJson => "github_json",
            Source::Scim => "scim",
            Source::Rolecall => "rolecall",
            Source::Mapped => "mapped",
        }
    }

    /// The source with this [`Source::code`].
    pub fn from_code(code: &str) -> Option<Source> {
        Source::all().iter().copied().find(|s| s.code() == code)
    }

    /// Whether the file is JSON (else CSV).
    pub fn is_json(&self) -> bool {
        matches!(self, Source::GitHubJson | Source::Scim | Source::Rolecall)
    }
}

/// A person's state at the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceStatus {
    /// Can sign in (Okta ACTIVE, RECOVERY, PASSWORD_EXPIRED; Google Active; …).
    Active,
    /// Blocked for now (Google Suspended, Okta SUSPENDED and LOCKED_OUT, Entra
    /// accountEnabled false).
    Suspended,
    /// Gone (Okta DEPROVISIONED, Slack Deactivated, SCIM active false, Rolecall
    /// deactivated).
    Deactivated,
    /// Not yet signed up (Okta STAGED and PROVISIONED, Slack invited, Entra pending
    /// acceptance).
    Pending,
}

/// The last sign-in the source knows of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignIn {
    /// The source does not say.
    Unknown,
    /// The source says the person never signed in.
    Never,
    /// Unix seconds, UTC.
    At(i64),
}

/// Member or guest at the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountType {
    Member,
    Guest,
}

/// One person read from a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// 1-based line where the row starts (JSON: the line of the object's opening brace).
    pub line: u64,
    /// The source's stable id, when it has one (Okta id, Entra objectId, Slack userid,
    /// SCIM id or else externalId, GitHub id or else login, Rolecall account id).
    pub source_id: Option<String>,
    /// Trimmed, as written (compare lower-cased).
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub status: SourceStatus,
    pub last_sign_in: SignIn,
    pub two_factor: Option<bool>,
    pub account_type: Option<AccountType>,
    pub billable: Option<bool>,
    pub title: Option<String>,
    pub department: Option<String>,
    pub manager: Option<String>,
    pub employee_id: Option<String>,
    /// When an HR roster says the person left the company (seconds since the epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminated: Option<i64>,
    /// Role labels at the source, for the role mapping: GitHub `owner`/`member`; Slack
    /// `Admin`, `Owner`, `Primary Owner`, `Member`, guest kinds; Google's org unit path;
    /// SCIM `roles[].value` and `groups[].display`; a Rolecall role name; a mapped
    /// column's value.
    pub roles: Vec<String>,
}

/// A row that cannot be imported as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// 1-based line where the row starts.
    pub line: u64,
    /// The column's header (JSON: the attribute), when the problem is in one.
    pub column: Option<String>,
    /// What is wrong and what to do, naming the line and column.
    pub message: String,
}

/// A column of a mapped CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    FirstName,
    LastName,
    FullName,
    Email,
    Role,
    Status,
    LastSignIn,
    TwoFactor,
    Department,
    Title,
    Manager,
    EmployeeId,
    SourceId,
    /// When the person left the company (an HR roster's column).
    TerminationDate,
}

impl Field {
    /// The fields of an HR roster, in the order its mapping shows them: what findings
    /// use of it (members are found by e-mail; HR's names and ids are not kept, so the
    /// mapping does not ask for them and a cell there never refuses a roster).
    pub const ROSTER: &'static [Field] = &[Field::Email, Field::Status, Field::TerminationDate];

    /// Every field, in the order the mapping step shows them.
    pub fn all() -> &'static [Field] {
        &[
            Field::FirstName,
            Field::LastName,
            Field::FullName,
            Field::Email,
            Field::Role,
            Field::Status,
            Field::LastSignIn,
            Field::TwoFactor,
            Field::Department,
            Field::Title,
            Field::Manager,
            Field::EmployeeId,
            Field::SourceId,
        ]
    }

    /// The field's name in requests and remembered mappings.
    pub fn code(&self) -> &'static str {
        match self {
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::FullName => "full_name",
            Field::Email => "email",
            Field::Role => "role",
            Field::Status => "status",
            Field::LastSignIn => "last_sign_in",
            Field::TwoFactor => "two_factor",
            Field::Department => "department",
            Field::Title => "title",
            Field::Manager => "manager",
            Field::EmployeeId => "employee_id",
            Field::SourceId => "source_id",
            Field::TerminationDate => "termination_date",
        }
    }

    /// The field with this [`Field::code`].
    pub fn from_code(code: &str) -> Option<Field> {
        Field::all()
            .iter()
            .chain(Field::ROSTER)
            .copied()
            .find(|f| f.code() == code)
    }

    pub fn label(&self) -> &'static str {
        match self {
            Field::FirstName => "First name",
            Field::LastName => "Last name",
            Field::FullName => "Full name",
            Field::Email => "E-mail",
            Field::Role => "Role",
            Field::Status => "Status",
            Field::LastSignIn => "Last sign-in",
            Field::TwoFactor => "Two-factor",
            Field::Department => "Department",
            Field::Title => "Title",
            Field::Manager => "Manager",
            Field::EmployeeId => "Employee ID",
            Field::SourceId => "Source ID",
            Field::TerminationDate => "Termination date",
        }
    }
}

/// Which header column holds which field (the mapping step's answer).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Mapping {
    pub columns: Vec<(Field, String)>,
}

impl Mapping {
    /// A first guess from the header's names (the mapping step starts from it).
    pub fn suggest(header: &Header) -> Mapping {
        columns::suggest(header)
    }
}

/// A CSV file's header row.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Header {
    pub columns: Vec<String>,
}

impl Header {
    /// A stable key of the header set (names normalised, order ignored), under which a
    /// mapping can be remembered.
    pub fn key(&self) -> String {
        let mut names: Vec<String> = self
            .columns
            .iter()
            .map(|c| columns::normalise(c))
            .filter(|c| !c.is_empty())
            .collect();
        names.sort();
        names.dedup();
        format!("v1:{}", names.join("|"))
    }
}

/// What a read found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub source: Source,
    /// Data rows (CSV) or resources (JSON) read.
    pub rows: u64,
    pub people: u64,
    pub problems: u64,
    /// What the reader assumed, in words ("Last Login read as UTC (no offset in the
    /// file)", "Read as Windows-1252", …).
    pub notes: Vec<String>,
    /// The CSV header (None for JSON).
    pub header: Option<Header>,
}

/// One item of a read. Rows are handed to the sink one at a time and never stored as
/// rows, so the person's size costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Row {
    Person(Person),
    Problem(Problem),
}

/// How to read a file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Options {
    /// Read as this source instead of detecting it.
    pub source: Option<Source>,
    /// Column mapping for [`Source::Mapped`] (implies it when `source` is None).
    pub mapping: Option<Mapping>,
    /// The file's name, a hint for detection (`.json`).
    pub file_name: Option<String>,
}

/// Names the source of a file from its first bytes ([`HEAD_LEN`] or fewer). Detection
/// goes by the content alone (JSON when it starts with `{` or `[`, else the CSV header);
/// `file_name` is accepted for callers that have it and is not needed today.
pub fn detect(head: &[u8], file_name: Option<&str>) -> Result<Source, Error> {
    let _ = file_name;
    let text = text::Head::analyse(head)?;
    match text.json_start() {
        Some(_) => json_read::detect(&text.text),
        None => csv_read::detect(&text),
    }
}

/// The header row of a CSV file from its first bytes ([`HEAD_LEN`] or fewer); `None`
/// for JSON. For the mapping step of a file whose format is chosen by hand.
pub fn header(head: &[u8]) -> Result<Option<Header>, Error> {
    let text = text::Head::analyse(head)?;
    match text.json_start() {
        Some(_) => Ok(None),
        None => csv_read::header(&text).map(Some),
    }
}

/// Reads a file, calling `sink` with each row as it goes. The sink stops the read by
/// returning an error ([`Cancelled`] for a cancel), which comes back as [`Error::Sink`].
pub fn read(
    input: impl Read,
    options: &Options,
    sink: &mut dyn FnMut(Row) -> Result<(), SinkError>,
) -> Result<Summary, Error> {
    let mut input = input;
    let head = text::read_head(&mut input)?;
    let analysed = text::Head::analyse(&head)?;
    let source = match (options.source, &options.mapping) {
        (Some(source), _) => source,
        (None, Some(_)) if analysed.json_start().is_none() => Source::Mapped,
        (None, _) => detect(&head, options.file_name.as_deref())?,
    };
    let rest = std::io::Cursor::new(head).chain(input);
    if source.is_json() {
        json_read::read(rest, &analysed, source, sink)
    } else {
        csv_read::read(rest, &analysed, source, options.mapping.as_ref(), sink)
    }
}

/// Reads a whole file in memory: the summary, the people and the problems.
pub fn read_all(
    bytes: &[u8],
    options: &Options,
) -> Result<(Summary, Vec<Person>, Vec<Problem>), Error> {
    let mut people = Vec::new();
    let mut problems = Vec::new();
    let summary = read(bytes, options, &mut |row| {
        match row {
            Row::Person(p) => people.push(p),
            Row::Problem(p) => problems.push(p),
        }
        Ok(())
    })?;
    Ok((summary, people, problems))
}

/// R51: a cell for a CSV that Rolecall writes. One that a spreadsheet would run as a
/// formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) gets a leading
/// apostrophe, so it shows as text.
pub fn neutralise_cell(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}
