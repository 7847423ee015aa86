//! The `memberships` table: one row per account in an organization, with its role, its
//! status, whether it is the Owner (R17, R18) and copies of the account's name, e-mail and
//! last login that the members table sorts and searches by.
//!
//! Every statement that writes the table is here, and so are the reads whose subject is
//! memberships. Joins that only filter another table by membership (a workspace's grants,
//! pending invitations of non-members) stay with that table's service.

use super::new_id;
use crate::{Error, Result};
use rolecall_types::ids::{AccountId, MembershipId, OrgId};
use rolecall_types::import::MemberSource;
use rolecall_types::model::{
    CursorKey, Member, MemberCursor, MemberPage, MemberQuery, MemberSort, MemberStatus, Plan,
    RoleCount, SEARCH_COUNT_CAP, Seats,
};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

/// The largest page the members table may ask for.
pub const MAX_PAGE: u32 = 500;

const MEMBER_COLUMNS: &str = "m.id, a.id, a.first_name, a.last_name, a.email, r.id, r.name, r.level, m.is_owner, m.status, \
     a.password_hash IS NOT NULL, m.joined_at, a.last_login_at, m.last_active_at, m.sort_name, m.sort_email, m.sort_login, \
     s.source, s.source_id, s.status, s.last_sign_in, s.never_signed_in, s.two_factor, s.account_type, s.billable, \
     s.title, s.department, s.manager, s.employee_id, (SELECT applied_at FROM imports WHERE id = s.import_id)";

/// The tables [`MEMBER_COLUMNS`] reads.
const MEMBER_TABLES: &str = "memberships m JOIN accounts a ON a.id = m.account_id JOIN roles r ON r.id = m.role_id \
     LEFT JOIN member_sources s ON s.membership_id = m.id";

fn member_from_row(r: &Row<'_>) -> rusqlite::Result<Member> {
    Ok(Member {
        membership_id: r.get(0)?,
        account_id: r.get(1)?,
        first_name: r.get(2)?,
        last_name: r.get(3)?,
        email: r.get(4)?,
        role_id: r.get(5)?,
        role_name: r.get(6)?,
        role_level: r.get::<_, i64>(7)?.clamp(0, 100) as u8,
        is_owner: r.get(8)?,
        status: MemberStatus::from_code(&r.get::<_, String>(9)?).unwrap_or(MemberStatus::Active),
        can_sign_in: r.get(10)?,
        joined_at: r.get(11)?,
        last_login_at: r.get(12)?,
        last_active_at: r.get(13)?,
        source: source_from_row(r, 17)?,
    })
}

/// What the source said of the member (R50), from [`MEMBER_COLUMNS`] at `at`.
fn source_from_row(r: &Row<'_>, at: usize) -> rusqlite::Result<Option<MemberSource>> {
    let Some(code) = r.get::<_, Option<String>>(at)? else {
        return Ok(None);
    };
    Ok(Some(MemberSource {
        source: rolecall_import::Source::from_code(&code)
            .map(|s| s.label().to_string())
            .unwrap_or(code),
        source_id: r.get(at + 1)?,
        status: r.get(at + 2)?,
        last_sign_in: r.get(at + 3)?,
        never_signed_in: r.get(at + 4)?,
        two_factor: r.get(at + 5)?,
        account_type: r.get(at + 6)?,
        billable: r.get(at + 7)?,
        title: r.get(at + 8)?,
        department: r.get(at + 9)?,
        manager: r.get(at + 10)?,
        employee_id: r.get(at + 11)?,
        imported_at: r.get::<_, Option<i64>>(at + 12)?.unwrap_or_default(),
    }))
}

/// One member of `org_id` as the members table shows it.
pub(crate) fn load(conn: &Connection, org_id: &str, membership_id: &str) -> Result<Member> {
    conn.query_row(
        &format!("SELECT {MEMBER_COLUMNS} FROM {MEMBER_TABLES} WHERE m.id = ?1 AND m.org_id = ?2"),
        [membership_id, org_id],
        member_from_row,
    )
    .optional()?
    .ok_or_else(|| {
        Error::NotFound(
            "That member is not in this organization (they may have left or been removed).".into(),
        )
    })
}

/// The name sort key of a member: transliterated to ASCII and lower-cased, so
/// "Élodie" sorts with "elodie" and a search for "elo" finds her.
pub(crate) fn sort_name(first: &str, last: &str) -> String {
    fold(&format!("{first} {last}"))
}

/// The folding applied to sort keys and to searches alike.
pub(crate) fn fold(text: &str) -> String {
    deunicode::deunicode(text).to_lowercase()
}

/// Inserts an active membership with the account's sort keys; returns its id.
pub(crate) fn insert(
    conn: &Connection,
    now: i64,
    org_id: &str,
    account_id: &str,
    role_id: &str,
    is_owner: bool,
) -> Result<MembershipId> {
    let (first, last, email, login): (String, String, String, Option<i64>) = conn
        .prepare_cached(
            "SELECT first_name, last_name, email, last_login_at FROM accounts WHERE id = ?1",
        )?
        .query_row([account_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
    let id = MembershipId::new(new_id());
    conn.prepare_cached(
        "INSERT INTO memberships (id, org_id, account_id, role_id, is_owner, status, joined_at, sort_name, sort_email, sort_login)
         VALUES (?1, ?2, ?3, ?4, ?5, 'active', ?6, ?7, ?8, ?9)",
    )?
    .execute(params![id, org_id, account_id, role_id, is_owner, now, sort_name(&first, &last), email, login.unwrap_or(-1)])?;
    Ok(id)
}

/// Inserts the people an import stages in `temp.import_joins` (see
/// `import::plan`), in one statement: the search index is then written once for all.
pub(crate) fn insert_staged(conn: &Connection, now: i64, org_id: &str) -> Result<()> {
    let rows: u64 = conn.query_row("SELECT count(*) FROM temp.import_joins", [], |r| r.get(0))?;
    bulk_insert(conn, rows, |conn| {
        conn.execute(
            "INSERT INTO memberships (id, org_id, account_id, role_id, is_owner, status, joined_at, sort_name, sort_email, sort_login)
             SELECT membership_id, ?1, account_id, role_id, 0, status, ?2, sort_name, email, sort_login FROM temp.import_joins ORDER BY n",
            params![org_id, now],
        )?;
        Ok(())
    })
}

/// From how many new rows an insert builds the sort indexes and the search index
/// after the rows rather than row by row.
const BULK_ROWS: u64 = 50_000;

/// The indexes whose keys arrive in no useful order when many members are added at
/// once: each row would update a random page of each. [`bulk_insert`] builds them after
/// the rows instead (one sort each).
const BULK_INDEXES: &[&str] = &[
    "memberships_by_name",
    "memberships_by_email",
    "memberships_by_login",
    "memberships_by_role_name",
];

/// The search index's in-memory buffer while [`bulk_insert`] fills it (FTS5's `hashsize`),
/// and FTS5's default, which every other write uses.
const BULK_SEARCH_HASH_BYTES: i64 = 16 << 20;
const SEARCH_HASH_BYTES: i64 = 1 << 20;

/// The row triggers on inserts that [`bulk_insert`] replaces with set-wide statements:
/// the search index, the member counts and the Owner check.
const BULK_TRIGGERS: &[&str] = &[
    "members_search_insert",
    "member_counts_insert",
    "memberships_owner_role_insert",
];

/// Runs `insert`, which adds `rows` memberships in one statement, inside the caller's
/// transaction. For many rows the sort indexes are dropped and built again after the
/// rows, the search index is written in one pass instead of by the row trigger
/// (1,000,000 members: 137 s row by row, see ARCHITECTURE.md), and the member counts
/// and the Owner check are done once for the new rows instead of by their row triggers.
/// The definitions are read back from the schema, so what is rebuilt is exactly what
/// the migrations created; a failure rolls back with the caller's transaction, schema
/// changes included.
fn bulk_insert(
    conn: &Connection,
    rows: u64,
    insert: impl FnOnce(&Connection) -> Result<()>,
) -> Result<()> {
    if rows < BULK_ROWS {
        return insert(conn);
    }
    let mut saved: Vec<(String, String, String)> = Vec::new();
    for name in BULK_INDEXES.iter().chain(BULK_TRIGGERS) {
        let (kind, sql): (String, String) = conn.query_row(
            "SELECT type, sql FROM sqlite_schema WHERE name = ?1",
            [name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        saved.push((kind, name.to_string(), sql));
    }
    for (kind, name, _) in &saved {
        let verb = if kind == "trigger" {
            "TRIGGER"
        } else {
            "INDEX"
        };
        conn.execute_batch(&format!("DROP {verb} {name}"))?;
    }
    let first: i64 = conn.query_row("SELECT coalesce(max(num), 0) FROM memberships", [], |r| {
        r.get(0)
    })?;
    insert(conn)?;
    for (_, _, sql) in &saved {
        conn.execute_batch(sql)?;
    }
    // The search index gathers what it writes in memory and writes a segment whenever
    // that passes `hashsize` (1 MiB by default), merging segments as they pile up. A
    // larger buffer for this one statement writes few, large segments and merges less;
    // the default returns after.
    let hashsize = |bytes: i64| {
        conn.execute(
            "INSERT INTO members_search (members_search, rank) VALUES ('hashsize', ?1)",
            [bytes],
        )
    };
    hashsize(BULK_SEARCH_HASH_BYTES)?;
    conn.execute(
        "INSERT INTO members_search (rowid, text) SELECT num, sort_name || ' ' || sort_email FROM memberships WHERE num > ?1",
        [first],
    )?;
    hashsize(SEARCH_HASH_BYTES)?;
    added_counts(conn, first)?;
    Ok(())
}

/// What the row triggers [`bulk_insert`] drops would have done for the memberships after
/// `first`: add them to `member_counts` (0008) and refuse an Owner flag without the
/// Owner role or the other way round (0002). One pass over the new rows, counted per
/// organization, status and role (a handful of groups).
fn added_counts(conn: &Connection, first: i64) -> Result<()> {
    // (org, status, role, members, of them flagged Owner)
    let mut groups: Vec<(String, String, String, i64, i64)> = Vec::new();
    let mut stmt =
        conn.prepare("SELECT org_id, status, role_id, is_owner FROM memberships WHERE num > ?1")?;
    let mut rows = stmt.query([first])?;
    while let Some(row) = rows.next()? {
        let text = |i: usize| -> Result<&str> {
            row.get_ref(i)?
                .as_str()
                .map_err(|e| Error::Storage(e.to_string()))
        };
        let (org, status, role) = (text(0)?, text(1)?, text(2)?);
        let owner = row.get::<_, bool>(3)?;
        let at = match groups
            .iter()
            .position(|g| g.2 == role && g.1 == status && g.0 == org)
        {
            Some(at) => at,
            None => {
                groups.push((org.into(), status.into(), role.into(), 0, 0));
                groups.len() - 1
            }
        };
        groups[at].3 += 1;
        groups[at].4 += i64::from(owner);
    }
    for (org, status, role, n, owners) in &groups {
        let owner_role: bool = conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM roles WHERE id = ?1 AND kind = 'owner')")?
            .query_row([role], |r| r.get(0))?;
        if *owners != if owner_role { *n } else { 0 } {
            return Err(Error::Storage(
                "the Owner flag and the Owner role must go together".into(),
            ));
        }
        conn.prepare_cached(
            "INSERT INTO member_counts (org_id, status, role_id, n) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (org_id, status, role_id) DO UPDATE SET n = n + excluded.n",
        )?
        .execute(params![org, status, role, n])?;
    }
    Ok(())
}

/// Copies an account's new names and e-mail into its memberships' sort keys.
pub(crate) fn set_sort_keys(
    conn: &Connection,
    account_id: &str,
    first: &str,
    last: &str,
    email: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE memberships SET sort_name = ?1, sort_email = ?2 WHERE account_id = ?3",
        params![sort_name(first, last), email, account_id],
    )?;
    Ok(())
}

/// Inserts the demo organization's generated people staged in `temp.demo_people`
/// (see `demo.rs`), in one statement.
pub(crate) fn insert_demo(conn: &Connection, org_id: &str, rows: u64) -> Result<()> {
    bulk_insert(conn, rows, |conn| {
        conn.execute(
            "INSERT INTO memberships (id, org_id, account_id, role_id, status, joined_at, last_active_at, sort_name, sort_email, sort_login)
             SELECT membership_id, ?1, account_id, role_id, status, joined_at, last_login_at, sort_name, email, COALESCE(last_login_at, -1)
             FROM temp.demo_people ORDER BY n",
            [org_id],
        )?;
        Ok(())
    })
}

/// R22: seats in use (members and unexpired pending invitations) and the plan's limit.
pub(crate) fn seats(conn: &Connection, org_id: &str, now: i64) -> Result<Seats> {
    let (members, pending, plan): (u64, u64, String) = conn.query_row(
        "SELECT (SELECT coalesce(sum(n), 0) FROM member_counts WHERE org_id = ?1),
                (SELECT count(*) FROM invitations WHERE org_id = ?1 AND status = 'pending' AND expires_at > ?2),
                (SELECT plan FROM organizations WHERE id = ?1)",
        params![org_id, now],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let limit = Plan::from_code(&plan).unwrap_or(Plan::Free).seats();
    Ok(Seats {
        members,
        pending_invitations: pending,
        limit,
    })
}

/// Members per role (every role, active members only when `active_only`), highest
/// level first.
pub(crate) fn counts_per_role(
    conn: &Connection,
    org_id: &str,
    active_only: bool,
) -> Result<Vec<RoleCount>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.name, r.level,
                (SELECT coalesce(sum(c.n), 0) FROM member_counts c
                 WHERE c.org_id = ?1 AND c.role_id = r.id AND (?2 = 0 OR c.status = 'active'))
         FROM roles r WHERE r.org_id = ?1 ORDER BY r.level DESC, r.name",
    )?;
    let rows = stmt
        .query_map(params![org_id, active_only], |r| {
            Ok(RoleCount {
                role_id: r.get(0)?,
                role_name: r.get(1)?,
                level: r.get::<_, i64>(2)?.clamp(0, 100) as u8,
                members: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Memberships in `org_id`, whatever their status.
pub(crate) fn count_in(conn: &Connection, org_id: &str) -> Result<u64> {
    Ok(conn.query_row(
        "SELECT coalesce(sum(n), 0) FROM member_counts WHERE org_id = ?1",
        [org_id],
        |r| r.get(0),
    )?)
}

/// Deactivated memberships in `org_id`.
pub(crate) fn count_deactivated(conn: &Connection, org_id: &str) -> Result<u64> {
    Ok(conn.query_row(
        "SELECT coalesce(sum(n), 0) FROM member_counts WHERE org_id = ?1 AND status = 'deactivated'",
        [org_id],
        |r| r.get(0),
    )?)
}

/// Memberships that hold `role_id` as their organization role.
pub(crate) fn count_with_role(conn: &Connection, role_id: &str) -> Result<u64> {
    Ok(conn.query_row(
        "SELECT coalesce(sum(n), 0) FROM member_counts WHERE role_id = ?1",
        [role_id],
        |r| r.get(0),
    )?)
}

/// Whether `account_id` is a member of `org_id` (any status).
pub(crate) fn exists(conn: &Connection, org_id: &str, account_id: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM memberships WHERE org_id = ?1 AND account_id = ?2)",
        params![org_id, account_id],
        |r| r.get(0),
    )?)
}

/// Whether the account with `email` is a member of `org_id` (any status).
pub(crate) fn exists_with_email(conn: &Connection, org_id: &str, email: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM memberships m JOIN accounts a ON a.id = m.account_id
                        WHERE m.org_id = ?1 AND a.email = ?2)",
        params![org_id, email],
        |r| r.get(0),
    )?)
}

/// The account that owns `org_id`, if the organization has an Owner.
pub(crate) fn owner(conn: &Connection, org_id: &str) -> Result<Option<AccountId>> {
    Ok(conn
        .query_row(
            "SELECT account_id FROM memberships WHERE org_id = ?1 AND is_owner = 1",
            [org_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// The membership of `account_id` in `org_id` and the member's full name.
pub(crate) fn of_account(
    conn: &Connection,
    org_id: &str,
    account_id: &str,
) -> Result<(MembershipId, String)> {
    Ok(conn.query_row(
        "SELECT m.id, a.first_name || ' ' || a.last_name FROM memberships m JOIN accounts a ON a.id = m.account_id
         WHERE m.org_id = ?1 AND m.account_id = ?2",
        [org_id, account_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// The full name of `account_id` when it is an active member of `org_id`.
pub(crate) fn active_member_name(
    conn: &Connection,
    org_id: &str,
    account_id: &str,
) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT a.first_name || ' ' || a.last_name FROM memberships m JOIN accounts a ON a.id = m.account_id
             WHERE m.org_id = ?1 AND m.account_id = ?2 AND m.status = 'active'",
            [org_id, account_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// The level of the organization role of `account_id` in `org_id`, if it is a member.
pub(crate) fn role_level(conn: &Connection, org_id: &str, account_id: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT r.level FROM memberships m JOIN roles r ON r.id = m.role_id
             WHERE m.org_id = ?1 AND m.account_id = ?2",
            [org_id, account_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// The organizations `account_id` is a member of.
pub(crate) fn orgs_of(conn: &Connection, account_id: &str) -> Result<Vec<OrgId>> {
    let mut stmt = conn.prepare("SELECT org_id FROM memberships WHERE account_id = ?1")?;
    let rows = stmt
        .query_map([account_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The organizations `account_id` owns, with their names, by name.
pub(crate) fn owned_by(conn: &Connection, account_id: &str) -> Result<Vec<(OrgId, String)>> {
    let mut stmt = conn.prepare(
        "SELECT o.id, o.name FROM memberships m JOIN organizations o ON o.id = m.org_id
         WHERE m.account_id = ?1 AND m.is_owner = 1 ORDER BY o.name",
    )?;
    let rows = stmt
        .query_map([account_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub(crate) fn set_role(conn: &Connection, membership_id: &str, role_id: &str) -> Result<()> {
    conn.execute(
        "UPDATE memberships SET role_id = ?1 WHERE id = ?2",
        params![role_id, membership_id],
    )?;
    Ok(())
}

pub(crate) fn set_status(
    conn: &Connection,
    membership_id: &str,
    status: MemberStatus,
) -> Result<()> {
    conn.execute(
        "UPDATE memberships SET status = ?1 WHERE id = ?2",
        params![status.code(), membership_id],
    )?;
    Ok(())
}

/// R18, R25: makes `to` the Owner with `owner_role` and `from` a non-owner with
/// `former_owner_role`, in this order so the one-Owner index never sees two.
pub(crate) fn move_ownership(
    conn: &Connection,
    from: &str,
    former_owner_role: &str,
    to: &str,
    owner_role: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE memberships SET is_owner = 0, role_id = ?1 WHERE id = ?2",
        params![former_owner_role, from],
    )?;
    conn.execute(
        "UPDATE memberships SET is_owner = 1, role_id = ?1 WHERE id = ?2",
        params![owner_role, to],
    )?;
    Ok(())
}

pub(crate) fn delete(conn: &Connection, membership_id: &str) -> Result<()> {
    conn.execute("DELETE FROM memberships WHERE id = ?1", [membership_id])?;
    Ok(())
}

/// Marks the membership of `account_id` in `org_id` active now (its last activity).
pub(crate) fn touch(conn: &Connection, org_id: &str, account_id: &str, now: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE memberships SET last_active_at = ?1 WHERE org_id = ?2 AND account_id = ?3",
    )?
    .execute(params![now, org_id, account_id])?;
    Ok(())
}

/// Copies a sign-in time into the account's memberships' last-login sort key.
pub(crate) fn set_sort_login(conn: &Connection, account_id: &str, at: i64) -> Result<()> {
    conn.execute(
        "UPDATE memberships SET sort_login = ?1 WHERE account_id = ?2",
        params![at, account_id],
    )?;
    Ok(())
}

/// Copies the account's name and e-mail into its memberships' sort keys.
pub(crate) fn sync_sort_keys(conn: &Connection, account_id: &str) -> Result<()> {
    let (first, last, email): (String, String, String) = conn.query_row(
        "SELECT first_name, last_name, email FROM accounts WHERE id = ?1",
        [account_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    conn.execute(
        "UPDATE memberships SET sort_name = ?1, sort_email = ?2 WHERE account_id = ?3",
        params![sort_name(&first, &last), email, account_id],
    )?;
    Ok(())
}

fn sort_column(sort: MemberSort) -> &'static str {
    match sort {
        MemberSort::Name => "m.sort_name",
        MemberSort::Email => "m.sort_email",
        MemberSort::LastLogin => "m.sort_login",
    }
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
pub(crate) fn like_pattern(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// An FTS5 query matching `text` as one literal substring.
fn fts_phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// How a folded search finds its rows.
enum Finder {
    /// The search index's query. Three or more characters are a phrase of trigrams. Two
    /// characters are every trigram that holds them: the pair followed or preceded by
    /// any printable ASCII character (the folded names are ASCII, and an indexed text is
    /// never shorter than three characters, so a text holding the pair holds one).
    Search(String),
    /// One character: the names that start with it, a range of the name index (a
    /// letter inside names matches nearly everyone and tells nothing).
    NameStart(String, String),
}

impl Finder {
    fn of(search: &str) -> Finder {
        match search.chars().count() {
            1 => Finder::NameStart(search.to_string(), format!("{search}\u{10FFFF}")),
            2 => {
                let mut terms = Vec::with_capacity(190);
                for c in ' '..='~' {
                    terms.push(fts_phrase(&format!("{search}{c}")));
                    terms.push(fts_phrase(&format!("{c}{search}")));
                }
                Finder::Search(terms.join(" OR "))
            }
            _ => Finder::Search(fts_phrase(search)),
        }
    }
}

/// The page query: the ids of one page come from `source` (the sort index alone, or the
/// search index's matches), then only those rows are joined with their accounts and
/// roles.
fn page_sql(source: &str, column: &str, dir: &str, page_filter: &str) -> String {
    format!(
        "SELECT {MEMBER_COLUMNS} FROM {MEMBER_TABLES}
         WHERE m.id IN (SELECT m.id FROM {source} WHERE {page_filter} ORDER BY {column} {dir}, m.id {dir} LIMIT ? OFFSET ?)
         ORDER BY {column} {dir}, m.id {dir}"
    )
}

/// The page query of a common search's first try: the matches among the first
/// `budget` rows of the sort index (from the cursor, if any), tested inside the index.
fn budgeted_page_sql(column: &str, dir: &str, page_filter: &str, budget: u64) -> String {
    let key = column.trim_start_matches("m.");
    format!(
        "SELECT {MEMBER_COLUMNS} FROM {MEMBER_TABLES}
         WHERE m.id IN (SELECT w.id FROM (SELECT m.id, {column}, m.sort_name, m.sort_email FROM memberships m
                 WHERE {page_filter} ORDER BY {column} {dir}, m.id {dir} LIMIT {budget}) w
             WHERE (w.sort_name || ' ' || w.sort_email) LIKE ? ESCAPE '\\'
             ORDER BY w.{key} {dir}, w.id {dir} LIMIT ? OFFSET ?)
         ORDER BY {column} {dir}, m.id {dir}"
    )
}

/// How a common search (more matches than it counts) finds its page. Its matches may
/// lie anywhere in the sort order: a fragment in many names is met within a few rows of
/// the sort index, but a common first name late in the alphabet ("zoe" among a million
/// members sorted by name) only after most of them (130 ms walking). So a fragment of
/// three or more characters that the search index holds at most `sort_cap` times (in
/// all organizations, counted in about 2 ms) is looked for among the first
/// `walk_budget` rows of the sort index (about 3 ms) and, if they hold too few, its
/// matches are sorted (1.7 µs each). Every other common search walks the sort index
/// as far as it takes, which for so many matches is not far.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CommonSearch {
    pub walk_budget: u64,
    pub sort_cap: u64,
}

impl Default for CommonSearch {
    fn default() -> Self {
        CommonSearch {
            walk_budget: 20_000,
            sort_cap: 30_000,
        }
    }
}

/// Rows read from the sort index.
const BY_INDEX: &str = "memberships m";
/// Rows read from the search index's matches, then looked up (a search's few matches).
const BY_SEARCH: &str = "members_search s CROSS JOIN memberships m ON m.num = s.rowid";
/// Rows read from a range of the name index, then sorted (a one-letter search's few).
const BY_NAME: &str = "memberships m INDEXED BY memberships_by_name";
/// The names starting with a one-letter search.
const NAME_RANGE: &str = "m.sort_name >= ? AND m.sort_name < ?";

/// R17, §2 Members: one page of members, filtered, searched and sorted in SQLite.
///
/// A search of two or more characters finds the names and e-mails holding it, one
/// character the names starting with it. It counts its matches up to
/// [`SEARCH_COUNT_CAP`] past the page's offset. When they are fewer, the count is exact
/// and the page sorts those matches. When there are more, the fragment is common: the
/// page walks the sort index and tests each row, which meets a page of matches quickly,
/// and the total is a lower bound (`more`).
pub(crate) fn page(conn: &Connection, org_id: &str, query: &MemberQuery) -> Result<MemberPage> {
    page_with(conn, org_id, query, CommonSearch::default())
}

/// [`page`], with a common search found as `common` says.
pub(crate) fn page_with(
    conn: &Connection,
    org_id: &str,
    query: &MemberQuery,
    common: CommonSearch,
) -> Result<MemberPage> {
    let limit = query.limit.clamp(1, MAX_PAGE);
    let mut filter = String::from("m.org_id = ? AND m.status = ?");
    let mut args: Vec<Value> = vec![
        org_id.to_string().into(),
        query.status.code().to_string().into(),
    ];
    if let Some(role) = &query.role_id {
        filter.push_str(" AND m.role_id = ?");
        args.push(role.clone().into());
    }
    let search = fold(query.search.trim()).trim().to_string();
    let like = "(m.sort_name || ' ' || m.sort_email) LIKE ? ESCAPE '\\'";
    let mut more = false;
    let mut source = BY_INDEX;
    // A common search's query for the search index and LIKE pattern (see `CommonSearch`).
    let mut common_search: Option<(String, String)> = None;
    // Without a search the total is the kept count (0008_member_counts.sql).
    let total: u64 = if search.is_empty() {
        let (sql, n) = match &query.role_id {
            Some(_) => (
                "SELECT coalesce(sum(n), 0) FROM member_counts WHERE org_id = ?1 AND status = ?2 AND role_id = ?3",
                3,
            ),
            None => (
                "SELECT coalesce(sum(n), 0) FROM member_counts WHERE org_id = ?1 AND status = ?2",
                2,
            ),
        };
        conn.prepare_cached(sql)?
            .query_row(params_from_iter(args.iter().take(n)), |r| r.get(0))?
    } else {
        let counted = query.offset.saturating_add(SEARCH_COUNT_CAP);
        let limit_arg: Value = (counted.saturating_add(1).min(i64::MAX as u64) as i64).into();
        let finder = Finder::of(&search);
        let (sql, count_args): (String, Vec<Value>) = match &finder {
            Finder::Search(expr) => (
                format!(
                    "SELECT count(*) FROM (SELECT 1 FROM {BY_SEARCH} WHERE s.members_search MATCH ? AND {filter} LIMIT ?)"
                ),
                std::iter::once(expr.clone().into())
                    .chain(args.iter().cloned())
                    .chain([limit_arg])
                    .collect(),
            ),
            Finder::NameStart(from, to) => (
                format!(
                    "SELECT count(*) FROM (SELECT 1 FROM {BY_NAME} WHERE {filter} AND {NAME_RANGE} LIMIT ?)"
                ),
                args.iter()
                    .cloned()
                    .chain([from.clone().into(), to.clone().into(), limit_arg])
                    .collect(),
            ),
        };
        let found: u64 = conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(count_args.iter()), |r| r.get(0))?;
        let exact = found <= counted;
        match finder {
            Finder::Search(expr) if exact => {
                source = BY_SEARCH;
                filter.insert_str(0, "s.members_search MATCH ? AND ");
                args.insert(0, expr.into());
            }
            Finder::Search(expr) => {
                common_search = Some((expr, like_pattern(&search)));
            }
            Finder::NameStart(from, to) => {
                if exact {
                    source = BY_NAME;
                }
                filter.push_str(&format!(" AND {NAME_RANGE}"));
                args.extend([from.into(), to.into()]);
            }
        }
        more = found > counted;
        found.min(counted)
    };

    let column = sort_column(query.sort);
    let (cmp, dir) = if query.descending {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };
    let mut page_filter = filter.clone();
    let mut page_args = args.clone();
    let mut offset = query.offset;
    if let Some(after) = &query.after {
        page_filter.push_str(&format!(" AND ({column}, m.id) {cmp} (?, ?)"));
        page_args.push(match &after.key {
            CursorKey::Text(t) => t.clone().into(),
            CursorKey::Number(n) => (*n).into(),
        });
        page_args.push(after.id.clone().into());
        offset = 0;
    }
    // A jump into the far half walks the index from the other end: the last page of a
    // million rows skips a few rows, not a million. (Not past a lower bound: the end
    // is not known.)
    let from_end = !more && query.after.is_none() && offset < total && offset > total / 2;
    let (dir, take, skip) = if from_end {
        let take = u64::from(limit).min(total - offset);
        let reversed = if query.descending { "ASC" } else { "DESC" };
        (reversed, take, total - offset - take)
    } else {
        (dir, u64::from(limit), offset)
    };
    let window: [Value; 2] = [
        (take.min(i64::MAX as u64) as i64).into(),
        (skip.min(i64::MAX as u64) as i64).into(),
    ];
    let read = |sql: &str, args: Vec<Value>| -> Result<Vec<(Member, CursorKey)>> {
        let mut stmt = conn.prepare_cached(sql)?;
        let mut found = Vec::with_capacity(limit as usize);
        let mut result = stmt.query(params_from_iter(args.iter()))?;
        while let Some(row) = result.next()? {
            let key = match query.sort {
                MemberSort::Name => CursorKey::Text(row.get(14)?),
                MemberSort::Email => CursorKey::Text(row.get(15)?),
                MemberSort::LastLogin => CursorKey::Number(row.get(16)?),
            };
            found.push((member_from_row(row)?, key));
        }
        Ok(found)
    };
    let with = |first: Option<&str>, last: Option<&str>| -> Vec<Value> {
        first
            .map(|v| Value::from(v.to_string()))
            .into_iter()
            .chain(page_args.iter().cloned())
            .chain(last.map(|v| Value::from(v.to_string())))
            .chain(window.iter().cloned())
            .collect()
    };
    let mut found = match &common_search {
        None => read(
            &page_sql(source, column, dir, &page_filter),
            with(None, None),
        )?,
        Some((expr, pattern)) => {
            // A fragment of three or more characters is one list in the search index,
            // counted in a few milliseconds; two characters are 190 of them.
            let few = search.chars().count() >= 3
                && search_matches(conn, expr, common.sort_cap)? <= common.sort_cap;
            if !few {
                let walk = format!("{page_filter} AND {like}");
                read(
                    &page_sql(BY_INDEX, column, dir, &walk),
                    with(None, Some(pattern)),
                )?
            } else {
                let walked = read(
                    &budgeted_page_sql(column, dir, &page_filter, common.walk_budget),
                    with(None, Some(pattern)),
                )?;
                if walked.len() as u64 == take {
                    walked
                } else {
                    let sorted = format!("s.members_search MATCH ? AND {page_filter}");
                    read(
                        &page_sql(BY_SEARCH, column, dir, &sorted),
                        with(Some(expr), None),
                    )?
                }
            }
        }
    };
    if from_end {
        found.reverse();
    }
    let last_key = found.last().map(|(_, key)| key.clone());
    let rows: Vec<Member> = found.into_iter().map(|(m, _)| m).collect();
    let consumed = offset + rows.len() as u64;
    let next = match (rows.last(), last_key) {
        (Some(last), Some(key))
            if rows.len() == limit as usize
                && (query.after.is_some() || more || consumed < total) =>
        {
            Some(MemberCursor {
                key,
                id: last.membership_id.clone(),
            })
        }
        _ => None,
    };
    Ok(MemberPage {
        rows,
        total,
        more,
        next,
    })
}

/// How many rows of every organization the search index matches, counted up to
/// `cap + 1`.
fn search_matches(conn: &Connection, expr: &str, cap: u64) -> Result<u64> {
    let limit = cap.saturating_add(1).min(i64::MAX as u64) as i64;
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM (SELECT 1 FROM members_search WHERE members_search MATCH ?1 LIMIT ?2)",
        )?
        .query_row(params![expr, limit], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The id of the organization's Member role.
    fn member_role(conn: &Connection, org_id: &str) -> String {
        crate::access::system_role(conn, org_id, rolecall_types::permissions::RoleKind::Member)
            .expect("member role")
            .id
    }

    /// Pages must walk a sort index, never sort the organization's members.
    #[test]
    fn member_pages_use_the_sort_indexes_without_sorting() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = crate::Store::open(dir.path()).expect("store");
        let conn = store.conn();
        for (sort, index) in [
            (MemberSort::Name, "memberships_by_name"),
            (MemberSort::Email, "memberships_by_email"),
            (MemberSort::LastLogin, "memberships_by_login"),
        ] {
            for dir in ["ASC", "DESC"] {
                let sql = format!(
                    "EXPLAIN QUERY PLAN {}",
                    page_sql(
                        BY_INDEX,
                        sort_column(sort),
                        dir,
                        "m.org_id = 'o' AND m.status = 'active'"
                    )
                );
                let mut stmt = conn.prepare(&sql).expect("plan");
                let plan: Vec<String> = stmt
                    .query_map(params![50, 0], |r| r.get::<_, String>(3))
                    .expect("rows")
                    .collect::<rusqlite::Result<_>>()
                    .expect("plan rows");
                let plan = plan.join(" / ");
                assert!(plan.contains(index), "{sort:?} {dir}: {plan}");
                assert!(
                    !plan.contains("TEMP B-TREE FOR ORDER BY")
                        || plan.matches("TEMP B-TREE").count() == 1,
                    "{sort:?} {dir}: {plan}"
                );
            }
        }
    }

    /// A bulk insert leaves the schema exactly as it found it, indexes every new row for
    /// search, and later rows are indexed by the trigger again.
    #[test]
    fn bulk_inserts_rebuild_the_same_indexes_and_search_every_new_row() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (core, admin) = crate::test_support::core_with_ann(dir.path());
        let org = admin.main_company.expect("main company").id;
        let mut conn = core.store().conn();
        let schema = |conn: &Connection| -> Vec<(String, String)> {
            let mut stmt = conn
                .prepare("SELECT name, sql FROM sqlite_schema WHERE tbl_name = 'memberships' ORDER BY name")
                .expect("schema");
            stmt.query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                ))
            })
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("schema rows")
        };
        let before = schema(&conn);
        let member = member_role(&conn, org.as_str());
        let tx = conn.transaction().expect("transaction");
        for n in 0..3 {
            tx.execute(
                "INSERT INTO accounts (id, email, first_name, last_name, created_at) VALUES (?1, ?2, 'Zygmunt', ?3, 0)",
                params![new_id(), format!("zygmunt.{n}@bulk.example"), format!("Quark{n}")],
            )
            .expect("account");
        }
        bulk_insert(&tx, BULK_ROWS, |c| {
            c.execute(
                "INSERT INTO memberships (id, org_id, account_id, role_id, status, joined_at, sort_name, sort_email)
                 SELECT id || '-m', ?1, id, ?2, 'active', 0, lower(first_name || ' ' || last_name), email
                 FROM accounts WHERE email LIKE '%@bulk.example'",
                params![org.as_str(), member],
            )?;
            Ok(())
        })
        .expect("bulk insert");
        tx.execute_batch(
            "SAVEPOINT owner_flag;
             INSERT INTO accounts (id, email, first_name, last_name, created_at) VALUES ('not-owner', 'not.owner@bulk.example', 'Not', 'Owner', 0);",
        )
        .expect("account");
        let refused = bulk_insert(&tx, BULK_ROWS, |c| {
            c.execute(
                "INSERT INTO memberships (id, org_id, account_id, role_id, is_owner, status, joined_at, sort_name, sort_email)
                 VALUES ('not-owner-m', ?1, 'not-owner', ?2, 1, 'active', 0, 'not owner', 'not.owner@bulk.example')",
                params![org.as_str(), member],
            )?;
            Ok(())
        });
        assert!(
            refused.is_err(),
            "an Owner flag without the Owner role is refused as by the row trigger"
        );
        tx.execute_batch("ROLLBACK TO owner_flag; RELEASE owner_flag;")
            .expect("roll back the refused rows");
        tx.commit().expect("commit");
        assert_eq!(
            schema(&conn),
            before,
            "the same indexes and triggers, defined alike"
        );
        let wrong_counts: i64 = conn
            .query_row(
                "SELECT count(*) FROM (SELECT org_id, status, role_id, count(*) AS n FROM memberships GROUP BY 1, 2, 3) m
                 FULL JOIN member_counts c USING (org_id, status, role_id) WHERE m.n IS NOT c.n",
                [],
                |r| r.get(0),
            )
            .expect("counts");
        assert_eq!(wrong_counts, 0, "the counts hold the new members");

        let search = |conn: &Connection, text: &str| {
            let query = MemberQuery {
                search: text.into(),
                ..MemberQuery::default()
            };
            page(conn, org.as_str(), &query).expect("search").total
        };
        assert_eq!(search(&conn, "zygmunt"), 3);
        assert_eq!(search(&conn, "quark1"), 1);
        let account = new_id();
        conn.execute(
            "INSERT INTO accounts (id, email, first_name, last_name, created_at) VALUES (?1, 'later@example.com', 'Zygmunt', 'Later', 0)",
            [&account],
        )
        .expect("account");
        insert(&conn, 0, org.as_str(), &account, &member, false).expect("one more");
        assert_eq!(
            search(&conn, "zygmunt"),
            4,
            "the trigger indexes rows again"
        );
    }

    /// A common search finds the same pages whichever way it goes (`CommonSearch`):
    /// the first rows of the index, its matches sorted, or the whole walk. 1,500
    /// "Zulu"s after 1,500 "Able"s in every sort order: more matches than a search
    /// counts, all past a short walk.
    #[test]
    fn r17_a_common_search_late_in_the_order_finds_the_same_pages_every_way() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (core, admin) = crate::test_support::core_with_ann(dir.path());
        let org = admin.main_company.expect("main company").id;
        let mut conn = core.store().conn();
        let member = member_role(&conn, org.as_str());
        let tx = conn.transaction().expect("transaction");
        for n in 0..3_000 {
            let (first, last) = if n % 2 == 0 {
                ("Abe", "Able")
            } else {
                ("Zed", "Zulu")
            };
            let account = new_id();
            tx.execute(
                "INSERT INTO accounts (id, email, first_name, last_name, created_at, last_login_at) VALUES (?1, ?2, ?3, ?4, 0, ?5)",
                params![
                    account,
                    format!("{}.{n}@example.com", last.to_lowercase()),
                    first,
                    format!("{last} {n}"),
                    if first == "Abe" { 1_000 + n } else { 100_000 + n }
                ],
            )
            .expect("account");
            insert(&tx, 0, org.as_str(), &account, &member, false).expect("member");
        }
        tx.execute(
            "UPDATE memberships SET sort_login = (SELECT last_login_at FROM accounts WHERE id = account_id) WHERE org_id = ?1",
            [org.as_str()],
        )
        .expect("logins");
        tx.commit().expect("commit");

        let ways = [
            ("default", CommonSearch::default()),
            (
                "sorted",
                CommonSearch {
                    walk_budget: 100,
                    sort_cap: u64::MAX,
                },
            ),
            (
                "walked",
                CommonSearch {
                    walk_budget: 100,
                    sort_cap: 0,
                },
            ),
        ];
        for sort in [MemberSort::Name, MemberSort::Email, MemberSort::LastLogin] {
            for descending in [false, true] {
                // Every member holding "zulu", in the order asked for, by brute force.
                let mut expected: Vec<(String, i64, String)> = conn
                    .prepare("SELECT id, sort_name, sort_email, sort_login FROM memberships WHERE org_id = ?1 AND status = 'active'")
                    .expect("all")
                    .query_map([org.as_str()], |r| {
                        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, i64>(3)?))
                    })
                    .expect("rows")
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .expect("members")
                    .into_iter()
                    .filter(|(_, name, email, _)| format!("{name} {email}").contains("zulu"))
                    .map(|(id, name, email, login)| match sort {
                        MemberSort::Name => (name, 0, id),
                        MemberSort::Email => (email, 0, id),
                        MemberSort::LastLogin => (String::new(), login, id),
                    })
                    .collect();
                expected.sort();
                if descending {
                    expected.reverse();
                }
                let expected: Vec<String> = expected.into_iter().map(|(_, _, id)| id).collect();
                assert_eq!(expected.len(), 1_500);
                for (way, common) in ways {
                    let query = MemberQuery {
                        search: "Zulu".into(),
                        sort,
                        descending,
                        limit: 50,
                        ..MemberQuery::default()
                    };
                    // Page by page from the cursor...
                    let mut seen = Vec::new();
                    let mut next = query.clone();
                    loop {
                        let page = page_with(&conn, org.as_str(), &next, common).expect("page");
                        assert!(
                            page.more || page.total as usize == expected.len(),
                            "{way} {sort:?}"
                        );
                        seen.extend(page.rows.iter().map(|m| m.membership_id.to_string()));
                        match page.next {
                            Some(cursor) => next.after = Some(cursor),
                            None => break,
                        }
                    }
                    assert_eq!(seen, expected, "{way}, {sort:?}, descending {descending}");
                    // ...and a jump to an offset.
                    let jump = MemberQuery {
                        offset: 700,
                        ..query
                    };
                    let page = page_with(&conn, org.as_str(), &jump, common).expect("jump");
                    let ids: Vec<String> = page
                        .rows
                        .iter()
                        .map(|m| m.membership_id.to_string())
                        .collect();
                    assert_eq!(
                        ids,
                        expected[700..750],
                        "{way}, {sort:?}, descending {descending}: offset 700"
                    );
                }
            }
        }
    }
}
