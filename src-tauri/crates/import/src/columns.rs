//! Column names: normalising a header, which columns each source has (with aliases for
//! the loosely documented ones), and resolving a header to column positions.

use crate::{Error, Field, Header, Mapping, Source};

/// What a column holds, across all sources (a superset of [`Field`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Col {
    FirstName,
    LastName,
    FullName,
    DisplayName,
    Email,
    Login,
    Role,
    Status,
    LastSignIn,
    TwoFactor,
    Department,
    Title,
    Manager,
    EmployeeId,
    SourceId,
    UserType,
    Enabled,
    Billable,
    Invitation,
    Saml,
    TerminationDate,
}

pub const COLS: usize = 21;

impl Col {
    pub fn index(self) -> usize {
        self as usize
    }
}

impl From<Field> for Col {
    fn from(f: Field) -> Col {
        match f {
            Field::FirstName => Col::FirstName,
            Field::LastName => Col::LastName,
            Field::FullName => Col::FullName,
            Field::Email => Col::Email,
            Field::Role => Col::Role,
            Field::Status => Col::Status,
            Field::LastSignIn => Col::LastSignIn,
            Field::TwoFactor => Col::TwoFactor,
            Field::Department => Col::Department,
            Field::Title => Col::Title,
            Field::Manager => Col::Manager,
            Field::EmployeeId => Col::EmployeeId,
            Field::SourceId => Col::SourceId,
            Field::TerminationDate => Col::TerminationDate,
        }
    }
}

/// Lower case, `[…]` suffixes dropped, letters and digits only: `Email Address
/// [Required]` → `emailaddress`, `billing-active` → `billingactive`.
pub fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut depth = 0u32;
    for c in name.chars() {
        match c {
            '[' => depth = depth.saturating_add(1),
            ']' => depth = depth.saturating_sub(1),
            c if depth == 0 && c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    out
}

type Spec = &'static [(Col, &'static [&'static str])];

const GOOGLE: Spec = &[
    (Col::FirstName, &["firstname"]),
    (Col::LastName, &["lastname"]),
    (Col::Email, &["emailaddress"]),
    (Col::Role, &["orgunitpath"]),
    (Col::Status, &["status"]),
    (Col::LastSignIn, &["lastsignin"]),
    (Col::TwoFactor, &["2svenrolled"]),
    (Col::Title, &["employeetitle"]),
    (Col::Manager, &["manageremail"]),
    (Col::Department, &["department"]),
    (Col::EmployeeId, &["employeeid"]),
];

const OKTA: Spec = &[
    (Col::SourceId, &["id", "oktaid", "userid"]),
    (Col::Login, &["login", "username"]),
    (Col::FirstName, &["firstname"]),
    (Col::LastName, &["lastname"]),
    (Col::DisplayName, &["displayname"]),
    (Col::Email, &["email", "primaryemail"]),
    (Col::Status, &["status", "userstatus"]),
    (Col::LastSignIn, &["lastlogin"]),
    (Col::Title, &["title"]),
    (Col::Department, &["department"]),
    (Col::Manager, &["manager"]),
    (Col::EmployeeId, &["employeenumber"]),
];

const OKTA_PASSWORD_HEALTH: Spec = &[
    (Col::FullName, &["user", "name"]),
    (Col::Login, &["login"]),
    (Col::Status, &["status"]),
    (Col::LastSignIn, &["lastlogin"]),
];

const ENTRA: Spec = &[
    (Col::Login, &["userprincipalname"]),
    (Col::DisplayName, &["displayname"]),
    (Col::LastName, &["surname"]),
    (Col::FirstName, &["givenname"]),
    (Col::Email, &["mail"]),
    (Col::SourceId, &["objectid", "id"]),
    (Col::UserType, &["usertype"]),
    (Col::Title, &["jobtitle"]),
    (Col::Department, &["department"]),
    (Col::Enabled, &["accountenabled"]),
    (Col::Invitation, &["invitationstate", "externaluserstate"]),
    (Col::EmployeeId, &["employeeid"]),
    (Col::Manager, &["manager"]),
];

const SLACK: Spec = &[
    (Col::Login, &["username"]),
    (Col::Email, &["email"]),
    (Col::Status, &["status"]),
    (Col::Billable, &["billingactive"]),
    (Col::TwoFactor, &["has2fa"]),
    (Col::SourceId, &["userid"]),
    (Col::FullName, &["fullname"]),
    (Col::DisplayName, &["displayname"]),
];

/// GitHub documents no header row: names seen in organization exports and tools.
pub const GITHUB: Spec = &[
    (
        Col::Login,
        &[
            "login",
            "username",
            "user",
            "githublogin",
            "githubusername",
            "handle",
            "member",
        ],
    ),
    (Col::SourceId, &["id", "userid", "githubid", "databaseid"]),
    (
        Col::FullName,
        &["name", "fullname", "displayname", "realname"],
    ),
    (
        Col::Email,
        &[
            "email",
            "emailaddress",
            "emails",
            "publicemail",
            "verifiedemail",
            "organizationverifiedemail",
            "primaryemail",
        ],
    ),
    (
        Col::Saml,
        &[
            "samlidentity",
            "samlnameid",
            "samlnameidentifier",
            "ssoidentity",
            "samlid",
            "linkedidentity",
            "samlemail",
        ],
    ),
    (
        Col::Role,
        &[
            "role",
            "orgrole",
            "organizationrole",
            "permission",
            "membership",
            "membershiprole",
            "type",
        ],
    ),
    (
        Col::TwoFactor,
        &[
            "2fa",
            "2faenabled",
            "2fastatus",
            "twofactor",
            "twofactorauth",
            "twofactorauthentication",
            "twofactorenabled",
            "twofactorstatus",
            "twofactorsecurity",
            "mfa",
            "mfaenabled",
            "has2fa",
        ],
    ),
    (
        Col::LastSignIn,
        &[
            "lastactivity",
            "lastactive",
            "lastactiveat",
            "lastactivityat",
            "lastseen",
            "lastlogin",
        ],
    ),
];

/// Words for the mapping step's first guess.
const GENERIC: &[(Field, &[&str])] = &[
    (
        Field::FirstName,
        &["firstname", "givenname", "forename", "first"],
    ),
    (
        Field::LastName,
        &["lastname", "surname", "familyname", "last"],
    ),
    (
        Field::FullName,
        &["name", "fullname", "displayname", "user"],
    ),
    (
        Field::Email,
        &[
            "email",
            "emailaddress",
            "mail",
            "workemail",
            "primaryemail",
            "login",
        ],
    ),
    (
        Field::Role,
        &["role", "group", "orgunit", "orgunitpath", "team"],
    ),
    (
        Field::Status,
        &["status", "state", "active", "accountstatus"],
    ),
    (
        Field::LastSignIn,
        &[
            "lastsignin",
            "lastlogin",
            "lastactive",
            "lastactivity",
            "lastseen",
        ],
    ),
    (
        Field::TwoFactor,
        &["2fa", "mfa", "twofactor", "2sv", "2svenrolled", "has2fa"],
    ),
    (Field::Department, &["department", "dept", "division"]),
    (
        Field::Title,
        &["title", "jobtitle", "position", "employeetitle"],
    ),
    (Field::Manager, &["manager", "manageremail", "reportsto"]),
    (
        Field::EmployeeId,
        &["employeeid", "employeenumber", "staffid", "personnelnumber"],
    ),
    (
        Field::SourceId,
        &["id", "userid", "uid", "objectid", "externalid"],
    ),
    (
        Field::TerminationDate,
        &[
            "terminationdate",
            "terminated",
            "terminatedon",
            "enddate",
            "lastday",
            "lastworkingday",
            "separationdate",
            "leavedate",
            "exitdate",
        ],
    ),
];

fn spec(source: Source) -> Spec {
    match source {
        Source::GoogleWorkspace => GOOGLE,
        Source::OktaUsers => OKTA,
        Source::OktaPasswordHealth => OKTA_PASSWORD_HEALTH,
        Source::EntraId => ENTRA,
        Source::Slack => SLACK,
        Source::GitHubCsv | Source::GitHubJson => GITHUB,
        Source::Scim | Source::Rolecall | Source::Mapped => &[],
    }
}

/// The columns a source must have, in words (as written in its export).
fn required(source: Source) -> &'static [(&'static [Col], &'static str)] {
    match source {
        Source::GoogleWorkspace => &[(&[Col::Email], "Email Address [Required]")],
        Source::OktaUsers => &[(&[Col::Email, Col::Login], "login or email")],
        Source::OktaPasswordHealth => &[(&[Col::Login], "Login")],
        Source::EntraId => &[(&[Col::Email, Col::Login], "userPrincipalName or mail")],
        Source::Slack => &[(&[Col::Email], "email")],
        Source::GitHubCsv | Source::GitHubJson => &[(&[Col::Login], "login")],
        Source::Scim | Source::Rolecall | Source::Mapped => &[],
    }
}

/// What detection looks for, per CSV source: every name in one of the sets.
const SIGNATURES: &[(Source, &[&[&str]], &str)] = &[
    (
        Source::GoogleWorkspace,
        &[
            &["emailaddress", "orgunitpath"],
            &["emailaddress", "2svenrolled"],
        ],
        "Google Workspace (First Name [Required], Last Name [Required], Email Address [Required], Org Unit Path [Required])",
    ),
    (
        Source::OktaPasswordHealth,
        &[
            &["login", "lastpasswordchange"],
            &["login", "authenticationsource"],
        ],
        "Okta Password Health (User, Login, Status, Last Login, Last Password Change)",
    ),
    (
        Source::OktaUsers,
        &[&["login", "firstname", "lastname"]],
        "Okta users (login, firstName, lastName, email)",
    ),
    (
        Source::EntraId,
        &[
            &["userprincipalname", "objectid"],
            &["userprincipalname", "displayname"],
        ],
        "Microsoft Entra ID (userPrincipalName, displayName, objectId, mail)",
    ),
    (
        Source::Slack,
        &[
            &["userid", "billingactive"],
            &["userid", "has2fa", "username"],
        ],
        "Slack (username, email, status, billing-active, has-2fa, userid)",
    ),
];

/// Names the CSV source of a header, or says what was looked for.
pub fn detect(header: &[String]) -> Result<Source, Error> {
    let names: Vec<String> = header.iter().map(|h| normalise(h)).collect();
    let has = |n: &str| names.iter().any(|h| h == n);
    for (source, sets, _) in SIGNATURES {
        if sets.iter().any(|set| set.iter().all(|n| has(n))) {
            return Ok(*source);
        }
    }
    // GitHub: a login column and one more that only GitHub's export has.
    let github = |col: Col| {
        GITHUB
            .iter()
            .filter(|(c, _)| *c == col)
            .flat_map(|(_, aliases)| aliases.iter())
            .any(|a| has(a))
    };
    if github(Col::Login) && (github(Col::TwoFactor) || github(Col::Role) || github(Col::Saml)) {
        return Ok(Source::GitHubCsv);
    }
    let mut looked_for: Vec<String> = SIGNATURES.iter().map(|(_, _, w)| w.to_string()).collect();
    looked_for.push("GitHub (login with role, two-factor or SAML identity)".into());
    Err(Error::Unrecognised {
        header: header.to_vec(),
        looked_for,
    })
}

/// Where each [`Col`] is in a row, with its header as written.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub at: [Option<usize>; COLS],
    pub header: Vec<String>,
}

impl Resolved {
    pub fn get<'a>(&self, col: Col, cells: &'a [&'a str]) -> Option<&'a str> {
        self.at[col.index()]
            .and_then(|i| cells.get(i).copied())
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    pub fn name(&self, col: Col) -> Option<&str> {
        self.at[col.index()]
            .and_then(|i| self.header.get(i))
            .map(String::as_str)
    }

    pub fn has(&self, col: Col) -> bool {
        self.at[col.index()].is_some()
    }
}

/// Resolves a header for a source (or a mapping), checking the required columns.
pub fn resolve(
    source: Source,
    header: &[String],
    mapping: Option<&Mapping>,
) -> Result<Resolved, Error> {
    let names: Vec<String> = header.iter().map(|h| normalise(h)).collect();
    let mut at = [None; COLS];
    if source == Source::Mapped {
        let Some(mapping) = mapping else {
            return Err(Error::Mapping(
                "Line 1: map the columns first: this file has no format Rolecall knows.".into(),
            ));
        };
        for (field, name) in &mapping.columns {
            let wanted = normalise(name);
            let i = header
                .iter()
                .position(|h| h.trim() == name.trim())
                .or_else(|| {
                    names
                        .iter()
                        .position(|h| !wanted.is_empty() && *h == wanted)
                });
            match i {
                Some(i) => at[Col::from(*field).index()] = Some(i),
                None => {
                    return Err(Error::Mapping(format!(
                        "Line 1: the mapping names the column \"{name}\" for {}, but the file has no such column (it has: {}). Map the columns again.",
                        field.label(),
                        header.join(", ")
                    )));
                }
            }
        }
        if at[Col::Email.index()].is_none() {
            return Err(Error::Mapping(
                "Map a column to E-mail: every person needs an e-mail address.".into(),
            ));
        }
        return Ok(Resolved {
            at,
            header: header.to_vec(),
        });
    }
    for (col, aliases) in spec(source) {
        if at[col.index()].is_some() {
            continue;
        }
        // The first alias that any column has wins (aliases are in order of preference).
        if let Some(i) = aliases
            .iter()
            .find_map(|a| names.iter().position(|n| n == a))
        {
            at[col.index()] = Some(i);
        }
    }
    let missing: Vec<String> = required(source)
        .iter()
        .filter(|(cols, _)| cols.iter().all(|c| at[c.index()].is_none()))
        .map(|(_, words)| words.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(Error::MissingColumns {
            format: source,
            missing,
            header: header.to_vec(),
        });
    }
    Ok(Resolved {
        at,
        header: header.to_vec(),
    })
}

/// A first guess at a mapping from the header's names.
pub fn suggest(header: &Header) -> Mapping {
    let mut columns: Vec<(Field, String)> = Vec::new();
    for (field, aliases) in GENERIC {
        let found = aliases.iter().find_map(|a| {
            header
                .columns
                .iter()
                .find(|h| normalise(h) == *a && !columns.iter().any(|(_, c)| c == *h))
        });
        if let Some(h) = found {
            columns.push((*field, h.clone()));
        }
    }
    Mapping { columns }
}
