use rolecall_import::{Options, Person, Problem, Source, Summary, read_all};
use std::path::PathBuf;

pub fn fixture(path: &str) -> Vec<u8> {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

pub fn read(path: &str) -> (Summary, Vec<Person>, Vec<Problem>) {
    let bytes = fixture(path);
    read_all(&bytes, &Options::default()).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn read_as(path: &str, source: Source) -> (Summary, Vec<Person>, Vec<Problem>) {
    let bytes = fixture(path);
    let options = Options {
        source: Some(source),
        ..Options::default()
    };
    read_all(&bytes, &options).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn by_email<'a>(people: &'a [Person], email: &str) -> &'a Person {
    people
        .iter()
        .find(|p| p.email.eq_ignore_ascii_case(email))
        .unwrap_or_else(|| panic!("{email} not read"))
}

/// Every fixture, with the source it is detected as (None: an error).
pub const FIXTURES: &[(&str, Option<Source>)] = &[
    ("google/users.csv", Some(Source::GoogleWorkspace)),
    ("google/users-later.csv", Some(Source::GoogleWorkspace)),
    ("google/users-problems.csv", Some(Source::GoogleWorkspace)),
    (
        "google/users-windows-1252.csv",
        Some(Source::GoogleWorkspace),
    ),
    (
        "google/users-unicode-text.txt",
        Some(Source::GoogleWorkspace),
    ),
    (
        "google/users-utf16be-no-bom.csv",
        Some(Source::GoogleWorkspace),
    ),
    ("google/header-only.csv", Some(Source::GoogleWorkspace)),
    ("okta/users.csv", Some(Source::OktaUsers)),
    ("okta/password-health.csv", Some(Source::OktaPasswordHealth)),
    ("entra/users.csv", Some(Source::EntraId)),
    ("slack/members.csv", Some(Source::Slack)),
    ("github/people.csv", Some(Source::GitHubCsv)),
    ("github/people.json", Some(Source::GitHubJson)),
    ("scim/list-response.json", Some(Source::Scim)),
    ("scim/bundle.json", Some(Source::Scim)),
    ("rolecall/organization.json", Some(Source::Rolecall)),
    ("mapped/hr-staff.csv", None),
    ("mapped/staff-list.csv", None),
    ("mapped/staff-list-later.csv", None),
    ("other/empty.csv", None),
    ("other/binary-renamed.csv", None),
    ("other/unknown-columns.csv", None),
    ("other/not-scim.json", None),
];
