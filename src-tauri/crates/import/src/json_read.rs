//! JSON files: SCIM 2.0 (a ListResponse, a bundle of Users and Groups, a bulk request or
//! one User), GitHub's organization export, and Rolecall's organization export.
//!
//! The file is read whole (at most [`JSON_LIMIT`] bytes) and parsed with `serde_json`
//! through a reader that counts bytes, so each element of the principal array is handed
//! over with the line of its opening brace, one at a time.

use crate::columns::{self, Resolved};
use crate::people::{Pipeline, RowReader, clip, feed};
use crate::text::Head;
use crate::{
    AccountType, Error, JSON_LIMIT, Person, Problem, Row, SignIn, SinkError, Source, SourceStatus,
    Summary,
};
use rolecall_types::model::{EXPORT_SCHEMA_VERSION, Member, MemberStatus};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::cell::Cell;
use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::rc::Rc;

const SCIM_USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const SCIM_GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const SCIM_ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// Top-level keys whose arrays hold the resources.
const ARRAY_KEYS: &[&str] = &["Resources", "Users", "Groups", "Operations", "members"];

fn not_known() -> Error {
    Error::Shape(
        "Line 1: this JSON is not a SCIM 2.0 list of users (\"schemas\": [\"urn:ietf:params:scim:…\"] with \"Resources\"), a GitHub organization export (objects with \"login\") or a Rolecall organization export (\"schema_version\" and \"members\"). Choose one of those files, or a CSV."
            .into(),
    )
}

/// Names the source of a JSON file from its head.
pub fn detect(text: &str) -> Result<Source, Error> {
    if text.contains("urn:ietf:params:scim") || text.contains("\"Resources\"") {
        Ok(Source::Scim)
    } else if text.contains("\"schema_version\"")
        && (text.contains("\"members\"") || text.contains("\"organization\""))
    {
        Ok(Source::Rolecall)
    } else if text.trim_start().starts_with('[') && text.contains("\"login\"") {
        Ok(Source::GitHubJson)
    } else {
        Err(not_known())
    }
}

/// A reader that counts the bytes it has handed out.
struct Counting<'a> {
    bytes: &'a [u8],
    pos: Rc<Cell<usize>>,
}

impl Read for Counting<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.bytes.read(buf)?;
        self.pos.set(self.pos.get() + n);
        Ok(n)
    }
}

type Handler<'h> =
    dyn FnMut(u64, Option<&str>, Value, &Map<String, Value>) -> Result<(), Error> + 'h;

/// Walks the document, handing each element of the principal array to the handler.
struct Walker<'h> {
    pos: Rc<Cell<usize>>,
    bytes: &'h [u8],
    line_off: usize,
    line_no: u64,
    handler: &'h mut Handler<'h>,
    stopped: Option<Error>,
    top: Map<String, Value>,
    top_line: u64,
    arrays: u64,
}

impl Walker<'_> {
    /// The line of the byte just handed out (the one the parser peeked).
    fn line_here(&mut self) -> u64 {
        let off = self.pos.get().saturating_sub(1).min(self.bytes.len());
        if off >= self.line_off {
            let more = self
                .bytes
                .get(self.line_off..off)
                .map(|s| s.iter().filter(|b| **b == b'\n').count())
                .unwrap_or(0);
            self.line_no += more as u64;
            self.line_off = off;
        }
        self.line_no
    }
}

struct TopSeed<'w, 'h>(&'w mut Walker<'h>);

impl<'de> DeserializeSeed<'de> for TopSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.0.top_line = self.0.line_here();
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object or array")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if ARRAY_KEYS.contains(&key.as_str()) {
                self.0.arrays += 1;
                map.next_value_seed(ArraySeed {
                    w: &mut *self.0,
                    key: &key,
                })?;
            } else {
                let value: Value = map.next_value()?;
                self.0.top.insert(key, value);
            }
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.0.arrays += 1;
        while seq
            .next_element_seed(ElementSeed {
                w: &mut *self.0,
                key: None,
            })?
            .is_some()
        {}
        Ok(())
    }
}

struct ArraySeed<'w, 'h, 'k> {
    w: &'w mut Walker<'h>,
    key: &'k str,
}

impl<'de> DeserializeSeed<'de> for ArraySeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ArraySeed<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an array under \"{}\"", self.key)
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(ElementSeed {
                w: &mut *self.w,
                key: Some(self.key),
            })?
            .is_some()
        {}
        Ok(())
    }
}

struct ElementSeed<'w, 'h, 'k> {
    w: &'w mut Walker<'h>,
    key: Option<&'k str>,
}

impl<'de> DeserializeSeed<'de> for ElementSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let line = self.w.line_here();
        let value = <Value as serde::Deserialize>::deserialize(d)?;
        let w = self.w;
        if w.stopped.is_some() {
            return Err(de::Error::custom("stopped"));
        }
        match (w.handler)(line, self.key, value, &w.top) {
            Ok(()) => Ok(()),
            Err(e) => {
                w.stopped = Some(e);
                Err(de::Error::custom("stopped"))
            }
        }
    }
}

/// What a walk saw besides the elements.
struct Walked {
    top: Map<String, Value>,
    top_line: u64,
    arrays: u64,
}

fn walk(bytes: &[u8], handler: &mut Handler<'_>) -> Result<Walked, Error> {
    let pos = Rc::new(Cell::new(0));
    let mut w = Walker {
        pos: Rc::clone(&pos),
        bytes,
        line_off: 0,
        line_no: 1,
        handler,
        stopped: None,
        top: Map::new(),
        top_line: 1,
        arrays: 0,
    };
    let mut de = serde_json::Deserializer::from_reader(Counting { bytes, pos });
    let result = TopSeed(&mut w).deserialize(&mut de).and_then(|()| de.end());
    if let Some(stopped) = w.stopped.take() {
        return Err(stopped);
    }
    if let Err(e) = result {
        let message = e.to_string();
        let message = match message.find(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        return Err(Error::Json {
            line: e.line() as u64,
            column: e.column() as u64,
            message,
        });
    }
    Ok(Walked {
        top: w.top,
        top_line: w.top_line,
        arrays: w.arrays,
    })
}

/// Reads a JSON file.
pub fn read(
    input: impl Read,
    head: &Head,
    source: Source,
    sink: &mut dyn FnMut(Row) -> Result<(), SinkError>,
) -> Result<Summary, Error> {
    let mut bytes = Vec::new();
    head.decoder(input)
        .take(JSON_LIMIT + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > JSON_LIMIT {
        return Err(Error::TooLarge {
            limit_mb: JSON_LIMIT / (1024 * 1024),
        });
    }
    let mut pipe = Pipeline::new(sink);
    if let Some(note) = head.note() {
        pipe.notes.push(note);
    }
    match source {
        Source::Scim => scim(&bytes, &mut pipe)?,
        Source::Rolecall => rolecall(&bytes, &mut pipe)?,
        _ => github(&bytes, &mut pipe)?,
    }
    if pipe.rows == 0 {
        return Err(Error::NoPeople {
            what: "an empty list".into(),
        });
    }
    Ok(pipe.finish(source, None))
}

fn problem(
    pipe: &mut Pipeline<'_>,
    line: u64,
    column: Option<&str>,
    what: String,
) -> Result<(), Error> {
    let message = match column {
        Some(c) => format!("Line {line}, \"{c}\": {what}"),
        None => format!("Line {line}: {what}"),
    };
    pipe.problem(Problem {
        line,
        column: column.map(str::to_string),
        message,
    })
}

fn str_of<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn has_schema(v: &Value, schema: &str) -> bool {
    v.get("schemas")
        .and_then(Value::as_array)
        .is_some_and(|a| a.iter().any(|s| s.as_str() == Some(schema)))
}

fn is_group(v: &Value, key: Option<&str>) -> bool {
    has_schema(v, SCIM_GROUP)
        || key == Some("Groups")
        || (v.get("userName").is_none() && v.get("members").is_some_and(Value::is_array))
}

/// A bulk request's operation carries its resource in `data`.
fn resource(value: Value, key: Option<&str>) -> Value {
    if key == Some("Operations") {
        if let Value::Object(mut op) = value {
            return op.remove("data").unwrap_or(Value::Null);
        }
        return Value::Null;
    }
    value
}

fn scim(bytes: &[u8], pipe: &mut Pipeline<'_>) -> Result<(), Error> {
    // First pass: which groups each user is in, from Group resources.
    let mut groups: HashMap<String, Vec<String>> = HashMap::new();
    let text_has_groups = bytes
        .windows(SCIM_GROUP.len())
        .any(|w| w == SCIM_GROUP.as_bytes())
        || bytes.windows(8).any(|w| w == b"\"Groups\"");
    if text_has_groups {
        walk(bytes, &mut |_, key, value, _| {
            let value = resource(value, key);
            if is_group(&value, key) {
                let name = str_of(&value, "displayName").unwrap_or("").to_string();
                if let Some(members) = value.get("members").and_then(Value::as_array) {
                    for m in members {
                        if let Some(id) = str_of(m, "value") {
                            groups.entry(id.to_string()).or_default().push(name.clone());
                        }
                    }
                }
            }
            Ok(())
        })?;
    }
    let walked = walk(bytes, &mut |line, key, value, _| {
        let value = resource(value, key);
        if is_group(&value, key) {
            return Ok(());
        }
        pipe.rows += 1;
        scim_user(pipe, line, &value, &groups)
    })?;
    if walked.arrays == 0 {
        // One resource on its own.
        let top = Value::Object(walked.top);
        if top.get("userName").is_some() || has_schema(&top, SCIM_USER) {
            pipe.rows += 1;
            return scim_user(pipe, walked.top_line, &top, &groups);
        }
        return Err(not_known());
    }
    Ok(())
}

fn scim_user(
    pipe: &mut Pipeline<'_>,
    line: u64,
    v: &Value,
    groups: &HashMap<String, Vec<String>>,
) -> Result<(), Error> {
    if !v.is_object() {
        return problem(
            pipe,
            line,
            None,
            "this entry is not a SCIM resource (an object). Export the users again, or skip it."
                .into(),
        );
    }
    if !(has_schema(v, SCIM_USER) || v.get("userName").is_some()) {
        let schemas = v.get("schemas").map(Value::to_string).unwrap_or_default();
        return problem(
            pipe,
            line,
            Some("schemas"),
            format!(
                "this resource is neither a SCIM User nor a Group (schemas: {}). Skip it, or export the users again.",
                clip(&schemas)
            ),
        );
    }
    let id = str_of(v, "id").or_else(|| str_of(v, "externalId"));
    let emails = v.get("emails").and_then(Value::as_array);
    let email = emails
        .and_then(|list| {
            list.iter()
                .find(|e| e.get("primary").and_then(Value::as_bool) == Some(true))
                .or_else(|| list.iter().find(|e| str_of(e, "type") == Some("work")))
                .or_else(|| list.first())
        })
        .and_then(|e| str_of(e, "value"))
        .or_else(|| str_of(v, "userName").filter(|u| u.contains('@')));
    let Some(email) = email else {
        return problem(
            pipe,
            line,
            Some("emails"),
            "no e-mail address (no \"emails\" value and a \"userName\" that is not an address). Add one at the identity provider, or skip this user.".into(),
        );
    };
    if let Err(e) = rolecall_types::validate::email(email) {
        return problem(
            pipe,
            line,
            Some("emails"),
            format!(
                "{} Correct it at the identity provider, or skip this user.",
                e.message
            ),
        );
    }
    let name = v.get("name");
    let given = name.and_then(|n| str_of(n, "givenName"));
    let family = name.and_then(|n| str_of(n, "familyName"));
    let (first_name, last_name) = match (given, family) {
        (None, None) => name
            .and_then(|n| str_of(n, "formatted"))
            .or_else(|| str_of(v, "displayName"))
            .map(crate::values::split_name)
            .unwrap_or_default(),
        (g, f) => (g.unwrap_or("").to_string(), f.unwrap_or("").to_string()),
    };
    let status = match v.get("active") {
        None | Some(Value::Null) => SourceStatus::Active,
        Some(Value::Bool(true)) => SourceStatus::Active,
        Some(Value::Bool(false)) => SourceStatus::Deactivated,
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => SourceStatus::Active,
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => SourceStatus::Deactivated,
        Some(other) => {
            return problem(
                pipe,
                line,
                Some("active"),
                format!(
                    "{} is neither true nor false. Correct it at the identity provider, or skip this user.",
                    clip(&other.to_string())
                ),
            );
        }
    };
    let mut roles: Vec<String> = Vec::new();
    for entry in v
        .get("roles")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(r) = str_of(entry, "value").or_else(|| str_of(entry, "display")) {
            roles.push(r.to_string());
        } else if let Some(r) = entry.as_str() {
            roles.push(r.to_string());
        }
    }
    for entry in v
        .get("groups")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(g) = str_of(entry, "display").or_else(|| str_of(entry, "value")) {
            roles.push(g.to_string());
        }
    }
    if let Some(ids) = str_of(v, "id").and_then(|id| groups.get(id)) {
        roles.extend(ids.iter().filter(|g| !g.is_empty()).cloned());
    }
    let mut seen = std::collections::HashSet::new();
    roles.retain(|r| seen.insert(r.clone()));
    let enterprise = v.get(SCIM_ENTERPRISE);
    let ent = |k: &str| enterprise.and_then(|e| str_of(e, k)).map(str::to_string);
    let manager = enterprise.and_then(|e| e.get("manager")).and_then(|m| {
        str_of(m, "displayName")
            .or_else(|| str_of(m, "value"))
            .or_else(|| m.as_str())
            .map(str::to_string)
    });
    let account_type = str_of(v, "userType").and_then(|t| {
        let t = t.to_ascii_lowercase();
        if t.contains("guest") {
            Some(AccountType::Guest)
        } else if t == "member" || t == "employee" {
            Some(AccountType::Member)
        } else {
            None
        }
    });
    let person = Person {
        line,
        terminated: None,
        source_id: id.map(str::to_string),
        email: email.to_string(),
        first_name,
        last_name,
        status,
        last_sign_in: SignIn::Unknown,
        two_factor: None,
        account_type,
        billable: None,
        title: str_of(v, "title").map(str::to_string),
        department: ent("department"),
        manager,
        employee_id: ent("employeeNumber"),
        roles,
    };
    pipe.person(person, "emails", "id")
}

fn rolecall(bytes: &[u8], pipe: &mut Pipeline<'_>) -> Result<(), Error> {
    let walked = walk(bytes, &mut |line, key, value, top| {
        if key != Some("members") {
            return Ok(());
        }
        let version = top.get("schema_version").and_then(Value::as_u64);
        match version {
            None => return Err(not_known()),
            Some(v) if v > u64::from(EXPORT_SCHEMA_VERSION) => {
                return Err(Error::Shape(format!(
                    "This Rolecall export has schema version {v}; this version of Rolecall reads up to {EXPORT_SCHEMA_VERSION}. Update Rolecall to import it."
                )));
            }
            Some(_) => {}
        }
        pipe.rows += 1;
        match serde_json::from_value::<Member>(value) {
            Err(e) => problem(
                pipe,
                line,
                None,
                format!(
                    "this member is not in the shape of a Rolecall export ({e}). Export the organization again, or skip this member."
                ),
            ),
            Ok(m) => {
                if let Err(e) = rolecall_types::validate::email(&m.email) {
                    return problem(
                        pipe,
                        line,
                        Some("email"),
                        format!("{} Correct it, or skip this member.", e.message),
                    );
                }
                let person = Person {
                    line,
                    terminated: None,
                    source_id: Some(m.account_id.to_string()),
                    email: m.email,
                    first_name: m.first_name,
                    last_name: m.last_name,
                    status: match m.status {
                        MemberStatus::Active => SourceStatus::Active,
                        MemberStatus::Deactivated => SourceStatus::Deactivated,
                    },
                    last_sign_in: m
                        .last_login_at
                        .map_or(SignIn::Never, |ms| SignIn::At(ms.div_euclid(1000))),
                    two_factor: None,
                    account_type: Some(AccountType::Member),
                    billable: None,
                    title: None,
                    department: None,
                    manager: None,
                    employee_id: None,
                    roles: vec![m.role_name],
                };
                pipe.person(person, "email", "account_id")
            }
        }
    })?;
    if walked.top.get("schema_version").is_none() {
        return Err(not_known());
    }
    Ok(())
}

/// GitHub's JSON export: objects whose keys match the CSV's loose column names.
fn github(bytes: &[u8], pipe: &mut Pipeline<'_>) -> Result<(), Error> {
    let walked = walk(bytes, &mut |line, key, value, _| {
        if key.is_some() && key != Some("members") {
            return Ok(());
        }
        pipe.rows += 1;
        let Value::Object(map) = value else {
            return problem(
                pipe,
                line,
                None,
                "this entry is not an object with a \"login\". Export the people again, or skip it.".into(),
            );
        };
        let mut header = Vec::with_capacity(map.len());
        let mut values = Vec::with_capacity(map.len());
        for (k, v) in map {
            let text = match v {
                Value::Null => String::new(),
                Value::String(s) => s,
                Value::Bool(b) => b.to_string(),
                Value::Number(n) => n.to_string(),
                Value::Object(o) => o
                    .get("login")
                    .or_else(|| o.get("email"))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                Value::Array(a) => a
                    .iter()
                    .filter_map(|x| x.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            header.push(k);
            values.push(text);
        }
        let res: Resolved = match columns::resolve(Source::GitHubJson, &header, None) {
            Ok(r) => r,
            Err(_) => {
                return problem(
                    pipe,
                    line,
                    Some("login"),
                    "this entry has no \"login\". Export the people again, or skip it.".into(),
                );
            }
        };
        let cells: Vec<&str> = values.iter().map(String::as_str).collect();
        let built = RowReader {
            source: Source::GitHubJson,
            res: &res,
            line,
            cells: &cells,
            problems: Vec::new(),
            assumed_utc: Vec::new(),
        }
        .build();
        feed(pipe, built)
    })?;
    if walked.arrays == 0 {
        return Err(not_known());
    }
    Ok(())
}
