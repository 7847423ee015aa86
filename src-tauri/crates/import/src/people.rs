//! From a row's cells to a [`Person`] (per source), and the pipeline every reader feeds:
//! the same person twice, counts, notes, the sink.

use crate::columns::{Col, Resolved};
use crate::values::{parse_bool, parse_status, parse_time, split_name};
use crate::{
    AccountType, Error, Header, Person, Problem, Row, SignIn, SinkError, Source, SourceStatus,
    Summary,
};
use std::collections::{BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};

/// A 128-bit key for "seen before" (two SipHashes): small per person, and a false
/// match is out of reach for any file size.
fn key(kind: u8, value: &str) -> u128 {
    let half = |salt: u8| {
        let mut h = DefaultHasher::new();
        (kind, salt, value).hash(&mut h);
        h.finish()
    };
    (u128::from(half(0)) << 64) | u128::from(half(1))
}

/// Where a row's person and problems go.
pub struct Pipeline<'s> {
    sink: &'s mut dyn FnMut(Row) -> Result<(), SinkError>,
    by_email: HashMap<u128, u64>,
    by_id: HashMap<u128, u64>,
    pub rows: u64,
    pub people: u64,
    pub problems: u64,
    /// Columns whose times had no offset (read as UTC).
    pub assumed_utc: BTreeSet<String>,
    /// Counted remarks, reported once each ("2 bots skipped").
    pub counts: std::collections::BTreeMap<&'static str, u64>,
    pub notes: Vec<String>,
}

impl<'s> Pipeline<'s> {
    pub fn new(sink: &'s mut dyn FnMut(Row) -> Result<(), SinkError>) -> Pipeline<'s> {
        Pipeline {
            sink,
            by_email: HashMap::new(),
            by_id: HashMap::new(),
            rows: 0,
            people: 0,
            problems: 0,
            assumed_utc: BTreeSet::new(),
            counts: Default::default(),
            notes: Vec::new(),
        }
    }

    pub fn problem(&mut self, p: Problem) -> Result<(), Error> {
        self.problems += 1;
        (self.sink)(Row::Problem(p)).map_err(Error::Sink)
    }

    /// A person, unless the same one came before (same source id, or same e-mail
    /// ignoring case): then a problem naming both lines.
    pub fn person(&mut self, p: Person, email_col: &str, id_col: &str) -> Result<(), Error> {
        let email_key = key(0, &p.email.to_lowercase());
        let id_key = p.source_id.as_deref().map(|id| key(1, id));
        let earlier = id_key
            .and_then(|k| self.by_id.get(&k).map(|l| (*l, id_col)))
            .or_else(|| self.by_email.get(&email_key).map(|l| (*l, email_col)));
        if let Some((first, column)) = earlier {
            let message = format!(
                "Line {}, column \"{column}\": same person as line {first} ({}). Remove one of the two rows, or skip this one.",
                p.line, p.email
            );
            return self.problem(Problem {
                line: p.line,
                column: Some(column.to_string()),
                message,
            });
        }
        self.by_email.insert(email_key, p.line);
        if let Some(k) = id_key {
            self.by_id.insert(k, p.line);
        }
        self.people += 1;
        (self.sink)(Row::Person(p)).map_err(Error::Sink)
    }

    pub fn count(&mut self, what: &'static str) {
        *self.counts.entry(what).or_insert(0) += 1;
    }

    pub fn finish(self, source: Source, header: Option<Header>) -> Summary {
        let mut notes = self.notes;
        for column in &self.assumed_utc {
            notes.push(format!("{column} read as UTC (no offset in the file)."));
        }
        for (what, n) in &self.counts {
            notes.push(what.replace("{n}", &n.to_string()));
        }
        Summary {
            source,
            rows: self.rows,
            people: self.people,
            problems: self.problems,
            notes,
            header,
        }
    }
}

/// What one row gives.
pub enum Built {
    Person {
        person: Box<Person>,
        email_col: String,
        id_col: String,
    },
    Problems(Vec<Problem>),
    /// Not a person (a Slack bot): counted in the notes.
    Skip(&'static str),
}

/// Reads one row's cells as `source` has them.
pub struct RowReader<'r> {
    pub source: Source,
    pub res: &'r Resolved,
    pub line: u64,
    pub cells: &'r [&'r str],
    pub problems: Vec<Problem>,
    pub assumed_utc: Vec<String>,
}

impl<'r> RowReader<'r> {
    fn get(&self, col: Col) -> Option<&'r str> {
        self.res.get(col, self.cells)
    }

    fn name(&self, col: Col) -> String {
        self.res.name(col).unwrap_or("?").to_string()
    }

    fn bad(&mut self, col: Col, message: String) {
        let column = self.name(col);
        self.problems.push(Problem {
            line: self.line,
            message: format!("Line {}, column \"{column}\": {message}", self.line),
            column: Some(column),
        });
    }

    fn text(&self, col: Col) -> Option<String> {
        self.get(col).map(str::to_string)
    }

    fn email(&mut self) -> (String, Col) {
        let (value, col) = match self.source {
            Source::OktaUsers | Source::EntraId => match self.get(Col::Email) {
                Some(v) => (Some(v), Col::Email),
                None => (self.get(Col::Login), Col::Login),
            },
            Source::OktaPasswordHealth => (self.get(Col::Login), Col::Login),
            Source::GitHubCsv | Source::GitHubJson => match self.get(Col::Email) {
                Some(v) => (Some(v), Col::Email),
                None => (
                    self.get(Col::Saml).filter(|s| s.contains('@')),
                    if self.res.has(Col::Email) {
                        Col::Email
                    } else {
                        Col::Saml
                    },
                ),
            },
            _ => (self.get(Col::Email), Col::Email),
        };
        let col = if self.res.has(col) { col } else { Col::Login };
        match value {
            None => {
                let who = self
                    .get(Col::Login)
                    .map(|l| format!(" for {l}"))
                    .unwrap_or_default();
                let hint = match self.source {
                    Source::GitHubCsv | Source::GitHubJson => {
                        " GitHub exports e-mail addresses only with SAML single sign-on: add an e-mail column, or import from your identity provider instead."
                    }
                    _ => " Add the address in the file, or skip this row.",
                };
                self.bad(col, format!("no e-mail address{who}.{hint}"));
                (String::new(), col)
            }
            Some(v) => {
                if let Err(e) = rolecall_types::validate::email(v) {
                    self.bad(
                        col,
                        format!("{} Correct it in the file, or skip this row.", e.message),
                    );
                }
                (v.to_string(), col)
            }
        }
    }

    fn names(&self) -> (String, String) {
        let first = self.get(Col::FirstName).unwrap_or("");
        let last = self.get(Col::LastName).unwrap_or("");
        if !first.is_empty() || !last.is_empty() {
            return (first.to_string(), last.to_string());
        }
        match self
            .get(Col::FullName)
            .or_else(|| self.get(Col::DisplayName))
        {
            Some(full) => split_name(full),
            None => (String::new(), String::new()),
        }
    }

    fn sign_in(&mut self) -> SignIn {
        if !self.res.has(Col::LastSignIn) {
            return SignIn::Unknown;
        }
        let Some(raw) = self.get(Col::LastSignIn) else {
            // Okta and GitHub leave the cell empty for someone who never signed in.
            return match self.source {
                Source::OktaUsers | Source::OktaPasswordHealth => SignIn::Never,
                _ => SignIn::Unknown,
            };
        };
        let lower = raw.to_ascii_lowercase();
        if lower.starts_with("never") || lower == "n/a" || lower == "none" {
            return SignIn::Never;
        }
        match parse_time(raw) {
            Some(t) => {
                if t.assumed_utc {
                    self.assumed_utc.push(self.name(Col::LastSignIn));
                }
                SignIn::At(t.secs)
            }
            None => {
                self.bad(
                    Col::LastSignIn,
                    format!(
                        "\"{}\" is not a date Rolecall can read. Write it as 2024-05-14 09:12:33 (or 2024-05-14T09:12:33Z), leave it empty, or skip this row.",
                        clip(raw)
                    ),
                );
                SignIn::Unknown
            }
        }
    }

    /// A date column: empty is none; one that does not parse is a problem.
    fn date(&mut self, col: Col) -> Option<i64> {
        let raw = self.get(col)?;
        match parse_time(raw) {
            Some(t) => Some(t.secs),
            None => {
                self.bad(
                    col,
                    format!(
                        "\"{}\" is not a date Rolecall can read. Write it as 2024-05-14, leave it empty, or skip this row.",
                        clip(raw)
                    ),
                );
                None
            }
        }
    }

    fn flag(&mut self, col: Col) -> Option<bool> {
        let raw = self.get(col)?;
        let v = parse_bool(raw);
        if v.is_none() {
            self.bad(
                col,
                format!(
                    "\"{}\" is neither yes nor no. Write true or false, or skip this row.",
                    clip(raw)
                ),
            );
        }
        v
    }

    fn status(&mut self) -> SourceStatus {
        match self.source {
            Source::EntraId => {
                if self
                    .get(Col::Invitation)
                    .is_some_and(|s| s.eq_ignore_ascii_case("PendingAcceptance"))
                {
                    return SourceStatus::Pending;
                }
                match self.flag(Col::Enabled) {
                    Some(false) => SourceStatus::Suspended,
                    _ => SourceStatus::Active,
                }
            }
            Source::GitHubCsv | Source::GitHubJson => SourceStatus::Active,
            _ => match self.get(Col::Status) {
                None => SourceStatus::Active,
                Some(raw) => parse_status(raw).unwrap_or_else(|| {
                    self.bad(
                        Col::Status,
                        format!(
                            "\"{}\" is not a status Rolecall knows. Use Active, Suspended, Deactivated or Pending, or skip this row.",
                            clip(raw)
                        ),
                    );
                    SourceStatus::Active
                }),
            },
        }
    }

    /// Reads the row.
    pub fn build(mut self) -> (Built, Vec<String>) {
        let built = self.build_row();
        (built, self.assumed_utc)
    }

    fn build_row(&mut self) -> Built {
        let mut roles = Vec::new();
        let mut account_type = None;
        let status;
        if self.source == Source::Slack {
            let label = self.get(Col::Status).unwrap_or("");
            let lower = label.to_ascii_lowercase();
            if lower.contains("bot") || lower == "app" || lower.contains("workflow") {
                return Built::Skip("{n} bots and apps skipped.");
            }
            status = if lower.contains("deactivated") {
                SourceStatus::Deactivated
            } else if lower.contains("invited") {
                SourceStatus::Pending
            } else {
                SourceStatus::Active
            };
            if !label.is_empty() && status == SourceStatus::Active {
                roles.push(label.to_string());
            }
            account_type = Some(if lower.contains("guest") {
                AccountType::Guest
            } else {
                AccountType::Member
            });
        } else {
            status = self.status();
        }
        let (email, email_col) = self.email();
        let (first_name, last_name) = self.names();
        let last_sign_in = self.sign_in();
        let two_factor = self.flag(Col::TwoFactor);
        let billable = self.flag(Col::Billable);
        let terminated = self.date(Col::TerminationDate);
        match self.source {
            Source::EntraId => {
                account_type =
                    self.get(Col::UserType)
                        .and_then(|t| match t.to_ascii_lowercase().as_str() {
                            "guest" => Some(AccountType::Guest),
                            "member" => Some(AccountType::Member),
                            _ => None,
                        });
            }
            Source::GitHubCsv | Source::GitHubJson => {
                if let Some(role) = self.get(Col::Role) {
                    let role = role.to_lowercase();
                    account_type = Some(if role.contains("collaborator") {
                        AccountType::Guest
                    } else {
                        AccountType::Member
                    });
                    roles.push(role);
                }
            }
            _ => {
                if let Some(role) = self.get(Col::Role) {
                    roles.push(role.to_string());
                }
            }
        }
        let source_id = self.text(Col::SourceId).or_else(|| match self.source {
            Source::GitHubCsv | Source::GitHubJson => self.text(Col::Login),
            _ => None,
        });
        let email_col = self.name(email_col);
        let id_col = self.name(if self.res.has(Col::SourceId) {
            Col::SourceId
        } else {
            Col::Login
        });
        if !self.problems.is_empty() {
            return Built::Problems(std::mem::take(&mut self.problems));
        }
        let person = Person {
            line: self.line,
            source_id,
            email,
            first_name,
            last_name,
            status,
            last_sign_in,
            two_factor,
            account_type,
            billable,
            title: self.text(Col::Title),
            department: self.text(Col::Department),
            manager: self.text(Col::Manager),
            employee_id: self.text(Col::EmployeeId),
            terminated,
            roles,
        };
        Built::Person {
            person: Box::new(person),
            email_col,
            id_col,
        }
    }
}

/// A value quoted in a message, cut to a readable length.
pub fn clip(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// Feeds one built row into the pipeline.
pub fn feed(pipe: &mut Pipeline<'_>, built: (Built, Vec<String>)) -> Result<(), Error> {
    match built {
        (
            Built::Person {
                person,
                email_col,
                id_col,
            },
            cols,
        ) => {
            pipe.assumed_utc.extend(cols);
            pipe.person(*person, &email_col, &id_col)
        }
        (Built::Problems(problems), cols) => {
            pipe.assumed_utc.extend(cols);
            for p in problems {
                pipe.problem(p)?;
            }
            Ok(())
        }
        (Built::Skip(what), _) => {
            pipe.count(what);
            Ok(())
        }
    }
}
