//! Findings (R52): what is wrong in an organization, computed from what Rolecall keeps
//! and what the imports said (the source's last sign-in and two-factor), from its
//! members, invitations, keys and roles. Each finding names its subjects and the
//! remedies that fix it through the usual commands (and so the usual rules and audit).
//!
//! The members are read in the order they are stored, with their accounts (and what
//! the sources said, when the organization has anything imported), their text in one
//! buffer; their name order comes from a walk of the members table's name index alone.
//! Each finding gathers its subjects in one pass, and only the ones it lists (the
//! first [`Finding::SHOWN`]) are put in name order and worded.

use crate::access::{self, Acting};
use crate::service::Rolecall;
use crate::{Result, iso_date};
use rolecall_types::ids::{AccountId, OrgId};
use rolecall_types::permissions::{Permission, PermissionSet, RoleKind};
use rolecall_types::review::{
    Finding, FindingKind, Findings, Remedy, ReviewSettings, Severity, SeverityCounts, Subject,
    SubjectKind,
};
use rusqlite::OptionalExtension;
use rusqlite::types::ValueRef;
use rusqlite::{CachedStatement, Connection, Statement, params};
use serde_json::json;
use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::rc::Rc;

const DAY: i64 = 24 * 60 * 60 * 1000;

/// One member as the findings read them. Its text lies in the one buffer of the read
/// ([`Members`]): a large organization has a hundred thousand members, and a string
/// each would be as many allocations.
struct Row<'a> {
    membership_id: &'a str,
    name: &'a str,
    email: &'a str,
    owner: bool,
    active: bool,
    joined_at: i64,
    can_sign_in: bool,
    last_login: Option<i64>,
    role_name: Rc<str>,
    role_kind: RoleKind,
    permissions: PermissionSet,
    source_sign_in: Option<i64>,
    source_never: bool,
    two_factor: Option<bool>,
    source_status: Option<&'a str>,
    guest: bool,
    billable: Option<bool>,
    imported: bool,
    /// The name transliterated and lower-cased (the members table's sort key).
    folded_name: &'a str,
    /// The member's place in name order (folded name, then id) among the members of
    /// the same status: every list of subjects holds members of one status, and is put
    /// in order by these numbers.
    rank: u32,
}

impl Row<'_> {
    /// Owner, Admin, or a role that can change roles, manage roles or manage API keys.
    fn privileged(&self) -> bool {
        self.owner
            || self.role_kind == RoleKind::Admin
            || [
                Permission::MembersChangeRoles,
                Permission::RolesManage,
                Permission::ApiKeysManage,
            ]
            .iter()
            .any(|p| self.permissions.contains(*p))
    }

    /// The latest sign-in known: the source's or Rolecall's own.
    fn last_seen(&self) -> Option<i64> {
        match (self.source_sign_in, self.last_login) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }

    /// Whether sign-ins can be known at all: the source says, or the account can sign
    /// in to Rolecall (a modelled person never does).
    fn sign_ins_known(&self) -> bool {
        self.imported || self.can_sign_in
    }

    fn subject(&self, detail: String) -> Subject {
        Subject {
            kind: SubjectKind::Member,
            id: self.membership_id.to_string(),
            name: self.name.to_string(),
            detail,
        }
    }
}

/// Subjects already worded (few of them: invitations, keys, roles, duplicates).
fn ready(subjects: Vec<Subject>) -> Vec<impl FnOnce() -> Subject> {
    subjects.into_iter().map(|s| move || s).collect()
}

/// Puts the first `n` of `items` (by `order`) in front, in that order. The rest keep
/// no particular order: findings only count them.
fn first_in_order<T>(items: &mut [T], n: usize, mut order: impl FnMut(&T, &T) -> Ordering) {
    if items.len() > n {
        items.select_nth_unstable_by(n, &mut order);
        items[..n].sort_unstable_by(order);
    } else {
        items.sort_unstable_by(order);
    }
}

/// `text`'s words joined by single spaces, borrowed when that is `text` already.
fn words(text: &str) -> Cow<'_, str> {
    let mut after_space = true;
    let single = text.chars().all(|ch| {
        let space = ch.is_whitespace();
        let fine = !space || (ch == ' ' && !after_space);
        after_space = space;
        fine
    }) && !after_space;
    if single {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

impl Rolecall {
    /// R52: the findings of one organization.
    pub fn findings(&self, actor: &AccountId, org_id: &OrgId) -> Result<Findings> {
        let now = self.now();
        self.read(actor, |conn| {
            let acting = access::acting(conn, org_id, actor)?;
            require_findings(&acting)?;
            in_snapshot(conn, || compute(&mut Reads::new(conn)?, &acting, now))
        })
    }

    /// R52: the findings of every organization where the account may read them,
    /// organizations by name.
    pub fn all_findings(&self, actor: &AccountId) -> Result<Vec<Findings>> {
        let now = self.now();
        self.read(actor, |conn| {
            in_snapshot(conn, || {
                let mut reads = Reads::new(conn)?;
                let mut out = Vec::new();
                for acting in access::acting_everywhere(conn, actor)? {
                    if require_findings(&acting).is_ok() {
                        out.push(compute(&mut reads, &acting, now)?);
                    }
                }
                Ok(out)
            })
        })
    }
}

/// Runs `work` in one read transaction: every statement sees the database as it was
/// at the first (a member's row and its place in name order agree), and SQLite takes
/// its locks once instead of for each statement (a thousand organizations run a
/// dozen statements each).
fn in_snapshot<T>(conn: &Connection, work: impl FnOnce() -> Result<T>) -> Result<T> {
    let snapshot = conn.unchecked_transaction()?;
    let out = work()?;
    snapshot.commit()?;
    Ok(out)
}

/// The statements findings run for each organization, prepared once for all of them:
/// SQLite plans these again once their parameters are cleared (their plans may depend
/// on the values bound), and the connection's statement cache clears them each time a
/// statement goes back to it. Across a thousand organizations, planning them for each
/// would cost more than running them.
struct Reads<'c> {
    conn: &'c Connection,
    /// The members of an organization never imported ([`members_sql`]).
    members: CachedStatement<'c>,
    /// The members of an organization with imported members, and their sources.
    members_sourced: CachedStatement<'c>,
    ranks: CachedStatement<'c>,
    invitations: CachedStatement<'c>,
    unused_roles: CachedStatement<'c>,
    api_keys: CachedStatement<'c>,
}

impl<'c> Reads<'c> {
    fn new(conn: &'c Connection) -> Result<Reads<'c>> {
        Ok(Reads {
            conn,
            members: conn.prepare_cached(&members_sql(false))?,
            members_sourced: conn.prepare_cached(&members_sql(true))?,
            ranks: conn.prepare_cached(
                "SELECT m.num, m.status = 'active' FROM memberships m WHERE m.org_id = ?1
                 ORDER BY m.status, m.sort_name, m.id",
            )?,
            invitations: conn.prepare_cached(
                "SELECT id, first_name || ' ' || last_name, email, sent_at, expires_at FROM invitations
                 WHERE org_id = ?1 AND status = 'pending' AND sent_at < ?2 ORDER BY sent_at",
            )?,
            unused_roles: conn.prepare_cached(
                "SELECT r.id, r.name FROM roles r WHERE r.org_id = ?1 AND r.kind IN ('custom', 'template')
                 AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.role_id = r.id)
                 AND NOT EXISTS (SELECT 1 FROM workspace_roles g WHERE g.role_id = r.id) ORDER BY r.name",
            )?,
            api_keys: conn.prepare_cached(
                "SELECT k.id, k.name, k.created_at, k.last_used_at, k.created_by_name,
                        k.created_by IS NOT NULL AND NOT EXISTS (
                            SELECT 1 FROM memberships m WHERE m.org_id = k.org_id AND m.account_id = k.created_by AND m.status = 'active')
                 FROM api_keys k WHERE k.org_id = ?1 AND k.revoked_at IS NULL ORDER BY k.name",
            )?,
        })
    }
}

/// The read of an organization's members, with what the sources said or without.
///
/// The rows come in the order they are stored (the narrow status index gives each
/// status's rows by position, and their accounts were mostly created in the same
/// order), so pages are read one after another; walking a name index instead visits
/// rows and accounts at random, several times slower for a large organization. The
/// name order comes from the name index alone ([`ranks_from_index`]).
fn members_sql(sourced: bool) -> String {
    let (columns, join) = if sourced {
        (
            ", s.last_sign_in, s.never_signed_in, s.two_factor, s.status, s.account_type, s.billable,
             s.source IS NOT NULL",
            "LEFT JOIN member_sources s ON s.membership_id = m.id",
        )
    } else {
        ("", "")
    };
    format!(
        "SELECT m.id, a.first_name, a.last_name, a.email, m.sort_name, m.num, m.is_owner,
                m.status = 'active', m.joined_at, a.password_hash IS NOT NULL, a.last_login_at, m.role_id{columns}
         FROM memberships m INDEXED BY memberships_status JOIN accounts a ON a.id = m.account_id {join}
         WHERE m.org_id = ?1"
    )
}

/// The organization's thresholds (the defaults until someone changes them).
pub(crate) fn settings(conn: &Connection, org_id: &str) -> Result<ReviewSettings> {
    let stored: Option<String> = conn
        .prepare_cached("SELECT settings FROM review_settings WHERE org_id = ?1")?
        .query_row([org_id], |r| r.get(0))
        .optional()?;
    Ok(stored
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default())
}

impl Rolecall {
    /// R52: the thresholds of the organization's findings.
    pub fn review_settings(&self, actor: &AccountId, org_id: &OrgId) -> Result<ReviewSettings> {
        self.read(actor, |conn| {
            let acting = access::acting(conn, org_id, actor)?;
            require_findings(&acting)?;
            settings(conn, org_id)
        })
    }

    /// R52: changes the thresholds (Review·run).
    pub fn update_review_settings(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        update: &ReviewSettings,
    ) -> Result<ReviewSettings> {
        let update = update.checked()?;
        self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            require_findings(&acting)?;
            acting.require(Permission::ReviewRun)?;
            let before = settings(&tx.db, org_id)?;
            if before == update {
                return Ok(update);
            }
            let text = serde_json::to_string(&update)
                .map_err(|e| crate::Error::Storage(format!("The settings could not be written: {e}")))?;
            tx.db.execute(
                "INSERT INTO review_settings (org_id, settings, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (org_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at",
                params![org_id, text, tx.now],
            )?;
            tx.audit(
                Some(acting.org()),
                "review.settings_changed",
                crate::service::Target {
                    kind: "organization",
                    id: Some(org_id),
                    name: &acting.org_name,
                },
                json!({ "before": before, "after": update }),
            )?;
            Ok(update)
        })
    }
}

/// Findings show every member's standing and sign-ins: Members·view and Audit log·view.
fn require_findings(acting: &Acting) -> Result<()> {
    acting.require(Permission::MembersView)?;
    acting.require(Permission::AuditView)
}

/// The organization's members, in the order they are stored, each with its place in
/// name order.
fn members(reads: &mut Reads<'_>, org_id: &str) -> Result<Members> {
    let conn = reads.conn;
    // The organization's roles once: a member row carries its role's id only.
    let mut roles: HashMap<String, (Rc<str>, RoleKind, PermissionSet)> = HashMap::new();
    let mut stmt =
        conn.prepare_cached("SELECT id, name, kind, permissions FROM roles WHERE org_id = ?1")?;
    let mut found = stmt.query([org_id])?;
    while let Some(r) = found.next()? {
        let (kind, codes): (String, String) = (r.get(2)?, r.get(3)?);
        roles.insert(
            r.get(0)?,
            (
                Rc::from(r.get::<_, String>(1)?),
                RoleKind::from_code(&kind).unwrap_or(RoleKind::Custom),
                PermissionSet::from_codes(&codes).unwrap_or_default(),
            ),
        );
    }
    let unknown = (Rc::from(""), RoleKind::Custom, PermissionSet::default());
    // Most organizations were never imported: then no member has a source row, and the
    // lookup per member is left out (one probe of `member_sources_org` tells).
    let imported: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM member_sources WHERE org_id = ?1)")?
        .query_row([org_id], |r| r.get(0))?;
    let stmt = if imported {
        &mut reads.members_sourced
    } else {
        &mut reads.members
    };
    // Room for them all at once: their count is kept per organization, status and role
    // (a hint only, so a large one is not believed beyond a million).
    let count: i64 = conn
        .prepare_cached("SELECT coalesce(sum(n), 0) FROM member_counts WHERE org_id = ?1")?
        .query_row([org_id], |r| r.get(0))?;
    let count = usize::try_from(count).unwrap_or(0).min(1_000_000);
    let mut text = String::with_capacity(count * 96);
    let mut rows = Vec::with_capacity(count);
    let mut places = Vec::with_capacity(count);
    let mut found = stmt.query([org_id])?;
    while let Some(r) = found.next()? {
        let (role_name, role_kind, permissions) = roles
            .get(r.get_ref(11)?.as_str().map_err(rusqlite::Error::from)?)
            .unwrap_or(&unknown)
            .clone();
        let active: bool = r.get(7)?;
        places.push((r.get(5)?, active));
        let id = append(&mut text, r.get_ref(0)?)?;
        // The name as the accounts table would join it: first, a space, last.
        let first = append(&mut text, r.get_ref(1)?)?;
        text.push(' ');
        let name = first.start..append(&mut text, r.get_ref(2)?)?.end;
        let email = append(&mut text, r.get_ref(3)?)?;
        let folded = append(&mut text, r.get_ref(4)?)?;
        let mut stored = Stored {
            text: [id, name, email, folded],
            source_status: None,
            row: Row {
                membership_id: "",
                name: "",
                email: "",
                folded_name: "",
                source_status: None,
                owner: r.get(6)?,
                active,
                joined_at: r.get(8)?,
                can_sign_in: r.get(9)?,
                last_login: r.get(10)?,
                role_name,
                role_kind,
                permissions,
                source_sign_in: None,
                source_never: false,
                two_factor: None,
                guest: false,
                billable: None,
                imported: false,
                rank: 0,
            },
        };
        if imported {
            let row = &mut stored.row;
            row.source_sign_in = r.get(12)?;
            row.source_never = r.get::<_, Option<bool>>(13)?.unwrap_or(false);
            row.two_factor = r.get(14)?;
            stored.source_status = match r.get_ref(15)? {
                ValueRef::Null => None,
                value => Some(append(&mut text, value)?),
            };
            row.guest = r.get_ref(16)? == ValueRef::Text(b"guest");
            row.billable = r.get(17)?;
            row.imported = r.get(18)?;
        }
        rows.push(stored);
    }
    drop(found);
    let mut members = Members { text, rows };
    let ranks = match ranks_from_index(&mut reads.ranks, org_id, &places)? {
        Some(ranks) => ranks,
        None => members.ranks_by_sorting(),
    };
    for (stored, rank) in members.rows.iter_mut().zip(ranks) {
        stored.row.rank = rank;
    }
    Ok(members)
}

/// A piece of [`Members::text`].
type Span = std::ops::Range<usize>;

/// Appends `value` (text) to `text`; gives where it lies there.
fn append(text: &mut String, value: ValueRef<'_>) -> rusqlite::Result<Span> {
    let start = text.len();
    text.push_str(value.as_str()?);
    Ok(start..text.len())
}

/// An organization's members as read: their text in one buffer (a large organization
/// has a hundred thousand members, and a string each would be as many allocations)
/// and their rows.
struct Members {
    text: String,
    rows: Vec<Stored>,
}

/// A member as read: where its id, name, e-mail and folded name, and its source's
/// status, lie in [`Members::text`], and the rest of its row (whose text is empty).
struct Stored {
    text: [Span; 4],
    source_status: Option<Span>,
    row: Row<'static>,
}

impl Members {
    /// The rows with their text, in the stored order.
    fn rows(&self) -> Vec<Row<'_>> {
        let text = self.text.as_str();
        self.rows
            .iter()
            .map(|stored| {
                let [id, name, email, folded] = &stored.text;
                Row {
                    membership_id: &text[id.clone()],
                    name: &text[name.clone()],
                    email: &text[email.clone()],
                    folded_name: &text[folded.clone()],
                    source_status: stored.source_status.clone().map(|s| &text[s]),
                    role_name: stored.row.role_name.clone(),
                    ..stored.row
                }
            })
            .collect()
    }

    /// [`Row::rank`] of each row by sorting the names read.
    fn ranks_by_sorting(&self) -> Vec<u32> {
        let text = self.text.as_str();
        let key = |i: usize| {
            let stored = &self.rows[i];
            let [id, _, _, folded] = &stored.text;
            (stored.row.active, &text[folded.clone()], &text[id.clone()])
        };
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        order.sort_unstable_by(|a, b| key(*a).cmp(&key(*b)));
        let mut ranks = vec![0; self.rows.len()];
        let mut next = [0, 0];
        for i in order {
            let place = &mut next[usize::from(self.rows[i].row.active)];
            ranks[i] = *place;
            *place += 1;
        }
        ranks
    }
}

/// [`Row::rank`] of each member from the members table's name index (organization,
/// status, folded name, id), a walk of that index alone: several times faster than
/// sorting a hundred thousand names. `places` gives each row's table position and
/// status; `None` when the index and the rows disagree, which only a change between
/// the two reads could cause (every caller reads in one transaction; should one not,
/// the names are sorted instead).
fn ranks_from_index(
    stmt: &mut Statement<'_>,
    org_id: &str,
    places: &[(i64, bool)],
) -> Result<Option<Vec<u32>>> {
    // From table position to row: a table over the positions' range when the rows
    // lie close together (they mostly do: large organizations are loaded in bulk),
    // else a map.
    let Ok(count) = u32::try_from(places.len()) else {
        return Ok(None);
    };
    let (low, high) = places
        .iter()
        .fold((i64::MAX, i64::MIN), |(l, h), p| (l.min(p.0), h.max(p.0)));
    let range = usize::try_from(high.saturating_sub(low)).unwrap_or(usize::MAX);
    let dense = range < 4 * places.len() + 1024;
    let mut slots = vec![u32::MAX; if dense { range + 1 } else { 0 }];
    let mut map = HashMap::new();
    for (i, &(num, _)) in (0..count).zip(places) {
        let slot = num
            .checked_sub(low)
            .and_then(|at| usize::try_from(at).ok())
            .and_then(|at| slots.get_mut(at));
        match slot {
            Some(slot) => *slot = i,
            None => {
                map.insert(num, i);
            }
        }
    }
    let row_at = |num: i64| {
        usize::try_from(num.checked_sub(low)?)
            .ok()
            .and_then(|at| slots.get(at))
            .filter(|i| **i != u32::MAX)
            .or_else(|| map.get(&num))
            .map(|i| *i as usize)
    };
    let mut ranks = vec![u32::MAX; places.len()];
    let (mut ranked, mut next) = (0, [0, 0]);
    let mut found = stmt.query([org_id])?;
    while let Some(r) = found.next()? {
        let (num, active): (i64, bool) = (r.get(0)?, r.get(1)?);
        let Some(i) = row_at(num) else {
            return Ok(None);
        };
        if places[i].1 != active || ranks[i] != u32::MAX {
            return Ok(None);
        }
        let place = &mut next[usize::from(active)];
        ranks[i] = *place;
        *place += 1;
        ranked += 1;
    }
    Ok((ranked == places.len()).then_some(ranks))
}

/// Collects findings: a kind, its severity, words, remedies and subjects.
struct Collector {
    findings: Vec<Finding>,
    /// How many subjects each finding lists.
    shown: usize,
}

impl Collector {
    /// `subjects` with the ones listed in name order (of `rank`) in front.
    fn ordered<T>(&self, mut subjects: Vec<T>, rank: impl Fn(&T) -> u32) -> Vec<T> {
        first_in_order(&mut subjects, self.shown, |a, b| rank(a).cmp(&rank(b)));
        subjects
    }

    fn add(
        &mut self,
        kind: FindingKind,
        severity: Severity,
        (title, why): (String, &str),
        remedies: &[Remedy],
        subjects: Vec<impl FnOnce() -> Subject>,
    ) {
        if !subjects.is_empty() {
            self.findings.push(Finding {
                kind,
                severity,
                title,
                why: why.to_string(),
                total: subjects.len() as u64,
                // Words for the first ones only: a large organization can have tens
                // of thousands of dormant members.
                subjects: subjects.into_iter().take(self.shown).map(|f| f()).collect(),
                remedies: remedies.to_vec(),
            });
        }
    }
}

fn compute(reads: &mut Reads<'_>, acting: &Acting, now: i64) -> Result<Findings> {
    compute_listing(reads, acting, now, Finding::SHOWN)
}

/// The findings with every subject listed (a campaign tags each person with theirs).
pub(crate) fn compute_all_subjects(
    conn: &Connection,
    acting: &Acting,
    now: i64,
) -> Result<Findings> {
    compute_listing(&mut Reads::new(conn)?, acting, now, usize::MAX)
}

fn compute_listing(
    reads: &mut Reads<'_>,
    acting: &Acting,
    now: i64,
    shown: usize,
) -> Result<Findings> {
    let conn = reads.conn;
    let org_id = acting.org_id.as_str();
    let settings = settings(conn, org_id)?;
    let members = members(reads, org_id)?;
    // The members as stored: each list below is gathered in one pass over them, then
    // put in name order (by rank) as far as it is shown.
    let rows = members.rows();
    let by_rank = |r: &&Row| r.rank;
    let mut c = Collector {
        findings: Vec::new(),
        shown,
    };
    let active: Vec<&Row> = rows.iter().filter(|r| r.active).collect();
    let days_since = |at: i64| (now - at).div_euclid(DAY);

    // Dormant, never signed in, dormant Owner.
    let dormant = |r: &Row| {
        r.sign_ins_known()
            && r.last_seen()
                .is_some_and(|at| at < now - i64::from(settings.dormant_days) * DAY)
    };
    let dormant_detail = |r: &Row| {
        let at = r.last_seen().unwrap_or(now);
        format!(
            "No sign-in for {} days (last {})",
            days_since(at),
            iso_date(at)
        )
    };
    let owners = active
        .iter()
        .copied()
        .filter(|r| r.owner && dormant(r))
        .collect();
    let owners: Vec<_> = c
        .ordered(owners, by_rank)
        .into_iter()
        .map(|r| move || r.subject(dormant_detail(r)))
        .collect();
    c.add(
        FindingKind::DormantOwner,
        Severity::High,
        (format!("The Owner has not signed in for {} days", settings.dormant_days),
         "An Owner who is gone cannot be reached when something goes wrong, and their account is a target nobody watches. Transfer ownership to someone active."),
        &[Remedy::OpenMember],
        owners,
    );
    let subjects = active
        .iter()
        .copied()
        .filter(|r| !r.owner && dormant(r))
        .collect();
    let subjects: Vec<_> = c
        .ordered(subjects, by_rank)
        .into_iter()
        .map(|r| move || r.subject(dormant_detail(r)))
        .collect();
    c.add(
        FindingKind::Dormant,
        Severity::Medium,
        (format!("{} not signed in for {} days", plural(subjects.len(), "member has", "members have"), settings.dormant_days),
         "Access nobody uses is access nobody notices when it is misused. Deactivate it, or confirm it is still needed."),
        &[Remedy::Deactivate, Remedy::OpenMember],
        subjects,
    );
    let subjects = active
        .iter()
        .copied()
        .filter(|r| !r.owner && r.sign_ins_known() && r.last_seen().is_none())
        .filter(|r| {
            (r.source_never || !r.imported)
                && r.joined_at < now - i64::from(settings.never_signed_in_days) * DAY
        })
        .collect();
    let subjects: Vec<_> = c
        .ordered(subjects, by_rank)
        .into_iter()
        .map(|r| {
            move || {
                r.subject(format!(
                    "Joined {} days ago, never signed in",
                    days_since(r.joined_at)
                ))
            }
        })
        .collect();
    c.add(
        FindingKind::NeverSignedIn,
        Severity::Medium,
        (format!("{} never signed in", plural(subjects.len(), "member has", "members have")),
         "An account nobody has used for a month after joining is likely not needed, or was set up for someone who never started."),
        &[Remedy::Deactivate, Remedy::OpenMember],
        subjects,
    );

    // Privilege.
    let privileged: Vec<&Row> = active.iter().copied().filter(|r| r.privileged()).collect();
    let subjects = privileged
        .iter()
        .copied()
        .filter(|r| r.two_factor == Some(false))
        .collect();
    let subjects: Vec<_> = c
        .ordered(subjects, by_rank)
        .into_iter()
        .map(|r| {
            move || {
                r.subject(format!(
                    "{}, no two-step verification at the source",
                    r.role_name
                ))
            }
        })
        .collect();
    c.add(
        FindingKind::PrivilegedWithoutTwoFactor,
        Severity::High,
        (format!("{} without two-step verification", plural(subjects.len(), "privileged member", "privileged members")),
         "Accounts that can change roles, roles or API keys are the ones attackers want; a password alone does not protect them."),
        &[Remedy::ChangeRole, Remedy::OpenMember],
        subjects,
    );
    if privileged.len() > settings.max_privileged as usize
        || (active.len() >= 20
            && privileged.len() * 100 > active.len() * settings.max_privileged_percent as usize)
    {
        let subjects = c
            .ordered(privileged.clone(), by_rank)
            .into_iter()
            .map(|r| move || r.subject(r.role_name.to_string()))
            .collect();
        c.add(
            FindingKind::TooManyPrivileged,
            Severity::Medium,
            (format!("{} of {} active members are privileged", privileged.len(), active.len()),
             "Every privileged account widens what one stolen password can do. Keep administrators to the few who need it."),
            &[Remedy::ChangeRole],
            subjects,
        );
    }

    // What the source says against what Rolecall has.
    let subjects = active
        .iter()
        .copied()
        .filter(|r| !r.owner && matches!(r.source_status, Some("suspended" | "deactivated")))
        .collect();
    let subjects: Vec<_> = c
        .ordered(subjects, by_rank)
        .into_iter()
        .map(|r| {
            move || {
                r.subject(format!(
                    "{} at the source, active here",
                    r.source_status.unwrap_or_default()
                ))
            }
        })
        .collect();
    c.add(
        FindingKind::SuspendedAtSourceActiveHere,
        Severity::High,
        (format!("{} suspended or deactivated at the source but active here", plural(subjects.len(), "member is", "members are")),
         "Someone the identity provider has locked out still has access through this organization."),
        &[Remedy::Deactivate, Remedy::OpenMember],
        subjects,
    );
    // What HR says: people who left the company.
    let roster = super::roster::entries(conn, org_id)?;
    if !roster.is_empty() {
        let left = |r: &Row| {
            // E-mails are kept lower-cased already (the check only knows ASCII).
            let email = if r
                .email
                .bytes()
                .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
            {
                Cow::Borrowed(r.email)
            } else {
                Cow::Owned(r.email.to_lowercase())
            };
            roster
                .get(email.as_ref())
                .filter(|e| e.left || e.terminated_at.is_some_and(|at| at <= now))
                .map(|e| e.terminated_at)
        };
        let subjects = active
            .iter()
            .filter_map(|r| left(r).map(|at| (*r, at)))
            .collect();
        let subjects: Vec<_> = c
            .ordered(subjects, |(r, _)| r.rank)
            .into_iter()
            .map(|(r, at)| {
                move || {
                    r.subject(match at {
                        Some(at) => format!(
                            "Left the company on {} ({} days ago), still active here",
                            iso_date(at),
                            days_since(at)
                        ),
                        None => "Terminated in the HR roster, still active here".into(),
                    })
                }
            })
            .collect();
        c.add(
            FindingKind::LeftCompany,
            Severity::High,
            (format!("{} left the company but still {} access", plural(subjects.len(), "member", "members"), if subjects.len() == 1 { "has" } else { "have" }),
             "The HR roster says these people no longer work here, yet their access is active. Deactivate it the day they leave."),
            &[Remedy::Deactivate, Remedy::OpenMember],
            subjects,
        );
    }
    let subjects = rows.iter().filter(|r| !r.active).collect();
    let subjects: Vec<_> = c
        .ordered(subjects, by_rank)
        .into_iter()
        .map(|r| {
            move || {
                r.subject(if r.billable == Some(true) {
                    "Deactivated, still billable at the source".into()
                } else {
                    "Deactivated, still counted in seats".into()
                })
            }
        })
        .collect();
    c.add(
        FindingKind::DeactivatedButBillable,
        Severity::Low,
        (format!("{} deactivated but still counted", plural(subjects.len(), "member is", "members are")),
         "Deactivated members still take a seat here (and may still be billed at the source). Remove those who are not coming back."),
        &[Remedy::OpenMember],
        subjects,
    );

    // Accounts from elsewhere.
    let mut domains: HashMap<&str, usize> = HashMap::new();
    // Neighbours mostly share a domain: each run of one is counted before it is hashed.
    let mut run: Option<(&str, usize)> = None;
    for r in &rows {
        if let Some((_, domain)) = r.email.rsplit_once('@') {
            match &mut run {
                Some((same, n)) if *same == domain => *n += 1,
                _ => {
                    if let Some((other, n)) = run.replace((domain, 1)) {
                        *domains.entry(other).or_default() += n;
                    }
                }
            }
        }
    }
    if let Some((other, n)) = run {
        *domains.entry(other).or_default() += n;
    }
    let domain = domains
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(d, _)| d.to_string());
    // The organization's own domains: its setting, else the most common one.
    let own: Vec<String> = if settings.domains.is_empty() {
        domain.iter().cloned().collect()
    } else {
        settings.domains.clone()
    };
    if !own.is_empty() {
        let words = match own.as_slice() {
            [one] => one.clone(),
            many => format!(
                "{} and {}",
                many[..many.len() - 1].join(", "),
                many[many.len() - 1]
            ),
        };
        let words = &words;
        let subjects = active
            .iter()
            .copied()
            .filter(|r| {
                r.email
                    .rsplit_once('@')
                    .is_some_and(|(_, d)| !own.iter().any(|o| o.eq_ignore_ascii_case(d)))
            })
            .collect();
        let subjects: Vec<_> = c
            .ordered(subjects, by_rank)
            .into_iter()
            .map(|r| move || r.subject(format!("{} is outside {words}", r.email)))
            .collect();
        c.add(
            FindingKind::ExternalAccount,
            Severity::Low,
            (format!("{} with an e-mail outside {words}", plural(subjects.len(), "member", "members")),
             "Accounts outside the organization's own domain leave with their owners' other employers, not with yours. Check each is still wanted."),
            &[Remedy::OpenMember, Remedy::Deactivate],
            subjects,
        );
    }
    let subjects = active.iter().copied().filter(|r| r.guest).collect();
    let subjects: Vec<_> = c
        .ordered(subjects, by_rank)
        .into_iter()
        .map(|r| move || r.subject("Guest at the source".into()))
        .collect();
    c.add(
        FindingKind::GuestAccount,
        Severity::Low,
        (plural(subjects.len(), "guest account", "guest accounts"),
         "Guests are people from outside the organization; their access should end when the work does."),
        &[Remedy::OpenMember, Remedy::Deactivate],
        subjects,
    );
    let mut by_name: HashMap<Cow<str>, Vec<&Row>> = HashMap::new();
    for r in active.iter().copied() {
        by_name.entry(words(r.folded_name)).or_default().push(r);
    }
    // Each person of a shared name, in name order; the words (up to three other
    // e-mails) are written for the listed ones only — a common name can be shared by
    // hundreds.
    let mut shared: Vec<(&Row, &Vec<&Row>)> = by_name
        .values()
        .filter(|same| same.len() > 1)
        .flat_map(|same| same.iter().map(move |r| (*r, same)))
        .collect();
    // By name as written, then id (unique, so the first ones are the same as if all
    // were sorted).
    first_in_order(&mut shared, shown, |a, b| {
        a.0.name
            .cmp(b.0.name)
            .then_with(|| a.0.membership_id.cmp(b.0.membership_id))
    });
    let subjects: Vec<_> = shared
        .into_iter()
        .map(|(r, same)| {
            move || {
                let mut others: Vec<&Row> = same
                    .iter()
                    .copied()
                    .filter(|o| o.membership_id != r.membership_id)
                    .collect();
                first_in_order(&mut others, 3, |a, b| a.rank.cmp(&b.rank));
                let listed = others
                    .iter()
                    .take(3)
                    .map(|o| o.email)
                    .collect::<Vec<_>>()
                    .join(", ");
                r.subject(match others.len() {
                    0..=3 => format!("Same name as {listed}"),
                    n => format!("Same name as {listed} and {} more", n - 3),
                })
            }
        })
        .collect();
    c.add(
        FindingKind::PossibleDuplicate,
        Severity::Low,
        (format!("{} share a name with another member", plural(subjects.len(), "member", "members")),
         "One person under several e-mails holds access twice and is easy to miss when they leave."),
        &[Remedy::OpenMember, Remedy::Deactivate],
        subjects,
    );

    invitations_and_roles(reads, org_id, now, &settings, &mut c)?;
    if acting.can(Permission::ApiKeysView) {
        api_keys(&mut reads.api_keys, org_id, now, &settings, &mut c)?;
    }

    let mut findings = c.findings;
    findings.sort_by_key(|f| f.severity);
    let mut counts = SeverityCounts::default();
    for f in &findings {
        match f.severity {
            Severity::High => counts.high += 1,
            Severity::Medium => counts.medium += 1,
            Severity::Low => counts.low += 1,
        }
    }
    Ok(Findings {
        org_id: acting.org_id.clone().into(),
        org_name: acting.org_name.clone(),
        computed_at: now,
        imported: rows.iter().any(|r| r.imported),
        domain,
        settings,
        roster: super::roster::info(conn, org_id)?,
        counts,
        findings,
    })
}

fn invitations_and_roles(
    reads: &mut Reads<'_>,
    org_id: &str,
    now: i64,
    settings: &ReviewSettings,
    c: &mut Collector,
) -> Result<()> {
    let stale_days = i64::from(settings.stale_invitation_days);
    let subjects = reads
        .invitations
        .query_map(params![org_id, now - stale_days * DAY], |r| {
            let (sent, expires): (i64, i64) = (r.get(3)?, r.get(4)?);
            let email: String = r.get(2)?;
            Ok(Subject {
                kind: SubjectKind::Invitation,
                id: r.get(0)?,
                name: r.get(1)?,
                detail: if expires <= now {
                    format!(
                        "{email}: expired {} days ago, still listed",
                        (now - expires).div_euclid(DAY)
                    )
                } else {
                    format!("{email}: sent {} days ago", (now - sent).div_euclid(DAY))
                },
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    c.add(
        FindingKind::StaleInvitation,
        Severity::Low,
        (format!("{} pending for more than {stale_days} days", plural(subjects.len(), "invitation", "invitations")),
         "An invitation nobody accepted holds a seat and can still be accepted by whoever reads it. Revoke it, or send it again."),
        &[Remedy::RevokeInvitation],
        ready(subjects),
    );
    let subjects = reads
        .unused_roles
        .query_map([org_id], |r| {
            Ok(Subject {
                kind: SubjectKind::Role,
                id: r.get(0)?,
                name: r.get(1)?,
                detail: "Nobody holds it".into(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    c.add(
        FindingKind::UnusedCustomRole,
        Severity::Low,
        (format!("{} nobody holds", plural(subjects.len(), "custom role", "custom roles")),
         "Unused roles are permissions waiting to be given by mistake. Delete the ones you no longer need."),
        &[Remedy::DeleteRole],
        ready(subjects),
    );
    Ok(())
}

fn api_keys(
    stmt: &mut Statement<'_>,
    org_id: &str,
    now: i64,
    settings: &ReviewSettings,
    c: &mut Collector,
) -> Result<()> {
    let (unused_days, old_days) = (
        i64::from(settings.unused_key_days),
        i64::from(settings.old_key_days),
    );
    let keys = stmt
        .query_map([org_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, bool>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let key = |id: &str, name: &str, detail: String| Subject {
        kind: SubjectKind::ApiKey,
        id: id.to_string(),
        name: name.to_string(),
        detail,
    };
    let days = |at: i64| (now - at).div_euclid(DAY);
    let unused = keys
        .iter()
        .filter(|k| k.3.unwrap_or(k.2) < now - unused_days * DAY)
        .map(|k| {
            key(
                &k.0,
                &k.1,
                match k.3 {
                    Some(used) => format!("Last used {} days ago", days(used)),
                    None => format!("Never used, created {} days ago", days(k.2)),
                },
            )
        })
        .collect();
    c.add(
        FindingKind::UnusedApiKey,
        Severity::Medium,
        (
            format!("API keys not used for {unused_days} days"),
            "A key nobody uses still opens the door for whoever holds a copy. Revoke it.",
        ),
        &[Remedy::RevokeKey],
        ready(unused),
    );
    let old = keys
        .iter()
        .filter(|k| k.2 < now - old_days * DAY)
        .map(|k| key(&k.0, &k.1, format!("Created {} days ago", days(k.2))))
        .collect();
    c.add(
        FindingKind::OldApiKey,
        Severity::Low,
        (format!("API keys older than {old_days} days"),
         "Long-lived keys end up in old scripts, laptops and logs. Rotate them: create a new key, move to it, revoke the old one."),
        &[Remedy::RevokeKey],
        ready(old),
    );
    let orphaned = keys
        .iter()
        .filter(|k| k.5)
        .map(|k| {
            key(
                &k.0,
                &k.1,
                format!("Created by {}, who is no longer an active member", k.4),
            )
        })
        .collect();
    c.add(
        FindingKind::KeyOfFormerMember,
        Severity::Medium,
        ("API keys created by people who left or were deactivated".into(),
         "The person who made the key may still have its secret. Revoke it and give the work a key of its own."),
        &[Remedy::RevokeKey],
        ready(orphaned),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::memberships;

    /// The places read from the name index are those of the names sorted, for an
    /// organization loaded in bulk and for one whose rows lie far apart in the table.
    #[test]
    fn ranks_from_the_name_index_are_the_names_sorted() {
        let dir = tempfile::tempdir().expect("dir");
        let (core, ann) = crate::test_support::core_with_ann(dir.path());
        let me = ann.account.id;
        let company = ann.main_company.expect("company").id;
        let large = core
            .load_demo_organization(&me, "Large", 2_000)
            .expect("demo")
            .id;
        core.write(Some(&me), |tx| {
            for (id, first) in [("late-1", "Zed"), ("late-2", "Abe")] {
                tx.db.execute(
                    "INSERT INTO accounts (id, email, first_name, last_name, created_at)
                     VALUES (?1, ?1 || '@example.com', ?2, 'Late', 0)",
                    params![id, first],
                )?;
                let role = access::system_role(&tx.db, &company, RoleKind::Member)?.id;
                memberships::insert(&tx.db, tx.now, &company, id, &role, false)?;
            }
            Ok(())
        })
        .expect("late members");
        for org in [company.as_str(), large.as_str()] {
            core.read(&me, |conn| {
                let mut reads = Reads::new(conn)?;
                let members = members(&mut reads, org)?;
                let ranks: Vec<u32> = members.rows.iter().map(|s| s.row.rank).collect();
                assert_eq!(ranks, members.ranks_by_sorting(), "{org}");
                // Rows the index does not match (another instance wrote in between)
                // are noticed.
                let places: Vec<(i64, bool)> = conn
                    .prepare(
                        "SELECT m.num, m.status = 'active' FROM memberships m WHERE m.org_id = ?1",
                    )?
                    .query_map([org], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                assert!(ranks_from_index(&mut reads.ranks, org, &places)?.is_some());
                assert_eq!(ranks_from_index(&mut reads.ranks, org, &places[1..])?, None);
                let flipped: Vec<(i64, bool)> = places.iter().map(|p| (p.0, !p.1)).collect();
                assert_eq!(ranks_from_index(&mut reads.ranks, org, &flipped)?, None);
                Ok(())
            })
            .expect("ranks");
        }
    }
}
