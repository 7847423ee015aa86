//! A large demo organization, generated in one transaction: for trying the members
//! table at scale and for the benchmarks. The people it adds are modelled (they cannot
//! sign in); names, roles, statuses and last logins vary so search, filters and sorting
//! have something to work on.

use crate::access;
use crate::orgs;
use crate::service::{Rolecall, Target, new_id};
use crate::tables::memberships;
use crate::{Error, Result};
use rolecall_types::ids::AccountId;
use rolecall_types::model::{MemberStatus, Organization, Plan};
use rolecall_types::permissions::{PermissionSet, ROLE_TEMPLATES, RoleKind};
use rusqlite::params;
use serde_json::json;

/// The most members one demo organization may have.
pub const MAX_DEMO_MEMBERS: u32 = 1_000_000;

const FIRST: &[&str] = &[
    "Ann", "Anna", "Joanne", "Hannah", "Ben", "Carla", "Dmitri", "Elif", "Femi", "Grace", "Hiro",
    "Ines", "Jonas", "Kofi", "Lena", "Marta", "Nikhil", "Olga", "Pablo", "Qing", "Rosa", "Sven",
    "Tariq", "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zoë", "Amélie", "Björn", "Chiara",
    "Diego", "Esther", "Farid", "Gita", "Hugo", "Ivy", "Jamal",
];
const LAST: &[&str] = &[
    "Lee",
    "Müller",
    "Okafor",
    "Nakamura",
    "García",
    "Svensson",
    "Rossi",
    "Kowalski",
    "Haddad",
    "Nguyen",
    "Petrov",
    "Silva",
    "Johansson",
    "Mensah",
    "Dubois",
    "Kaya",
    "Brennan",
    "Fischer",
    "Santos",
    "Lindqvist",
    "Cohen",
    "Park",
    "Moreau",
    "Novak",
    "Ahmed",
    "Schmidt",
    "Ivanova",
    "Tanaka",
    "O'Brien",
    "Van Dijk",
    "Kim",
    "Hansen",
    "Costa",
];

/// A small deterministic generator (xorshift), so every demo looks the same.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

impl Rolecall {
    /// Creates an organization named `name` owned by the actor, on the Enterprise plan,
    /// with the role templates and `members` generated members, in one transaction.
    pub fn load_demo_organization(
        &self,
        actor: &AccountId,
        name: &str,
        members: u32,
    ) -> Result<Organization> {
        if members > MAX_DEMO_MEMBERS {
            return Err(Error::invalid(
                "members",
                format!("A demo organization has at most {MAX_DEMO_MEMBERS} members."),
            ));
        }
        let org = self.store().bulk(|| self.write(Some(actor), |tx| {
            let org = orgs::create_in_tx(tx, name, None)?;
            tx.db.execute("UPDATE organizations SET plan = ?1 WHERE id = ?2", params![Plan::Enterprise.code(), org.id])?;
            let mut role_ids = vec![
                access::system_role(&tx.db, &org.id, RoleKind::Member)?.id,
                access::system_role(&tx.db, &org.id, RoleKind::Admin)?.id,
            ];
            for template in ROLE_TEMPLATES {
                let id = new_id();
                tx.db.execute(
                    "INSERT INTO roles (id, org_id, name, kind, level, permissions, created_at) VALUES (?1, ?2, ?3, 'template', ?4, ?5, ?6)",
                    params![id, org.id, template.name, template.level, PermissionSet::of(template.permissions).to_codes(), tx.now],
                )?;
                role_ids.push(id);
            }
            let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ u64::from(members));
            // Rows are staged in a temporary table (no indexes, no triggers) and written
            // set-wide: a statement per row would make SQLite write the search index out
            // after every row.
            tx.db.execute_batch(
                "CREATE TEMP TABLE IF NOT EXISTS demo_people (
                     n INTEGER PRIMARY KEY, account_id TEXT NOT NULL, membership_id TEXT NOT NULL, email TEXT NOT NULL,
                     first_name TEXT NOT NULL, last_name TEXT NOT NULL, sort_name TEXT NOT NULL, role_id TEXT NOT NULL,
                     status TEXT NOT NULL, joined_at INTEGER NOT NULL, last_login_at INTEGER);
                 DELETE FROM temp.demo_people;",
            )?;
            let mut stage = tx.db.prepare_cached(
                "INSERT INTO temp.demo_people (account_id, membership_id, email, first_name, last_name, sort_name, role_id, status, joined_at, last_login_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            let year = 365 * 24 * 60 * 60 * 1000_i64;
            for n in 0..members {
                let first = FIRST[rng.below(FIRST.len() as u64) as usize];
                let last = LAST[rng.below(LAST.len() as u64) as usize];
                let email = format!(
                    "{}.{}.{n}@{}.example",
                    deunicode::deunicode(first).to_lowercase(),
                    deunicode::deunicode(last).to_lowercase().replace(['\'', ' '], ""),
                    org.slug
                );
                // One member in ten never signed in; the rest within the last year.
                let login = (rng.below(10) != 0).then(|| tx.now - rng.below(year as u64) as i64);
                // Mostly Members, some of every other role.
                let role = match rng.below(100) {
                    0..=69 => &role_ids[0],
                    70..=71 => &role_ids[1],
                    r => &role_ids[2 + (r as usize) % (role_ids.len() - 2)],
                };
                let status = if rng.below(20) == 0 { MemberStatus::Deactivated } else { MemberStatus::Active };
                let joined = tx.now - rng.below(2 * year as u64) as i64;
                stage.execute(params![
                    new_id(),
                    new_id(),
                    email,
                    first,
                    last,
                    memberships::sort_name(first, last),
                    role,
                    status.code(),
                    joined,
                    login
                ])?;
            }
            drop(stage);
            tx.db.execute(
                "INSERT INTO accounts (id, email, first_name, last_name, created_at, last_login_at)
                 SELECT account_id, email, first_name, last_name, joined_at, last_login_at FROM temp.demo_people ORDER BY n",
                [],
            )?;
            memberships::insert_demo(&tx.db, &org.id, u64::from(members))?;
            tx.db.execute("DELETE FROM temp.demo_people", [])?;
            tx.audit(
                Some((&org.id, &org.name)),
                "organization.demo_loaded",
                Target { kind: "organization", id: Some(&org.id), name: &org.name },
                json!({ "members": members }),
            )?;
            orgs::load_org(&tx.db, &org.id)
        }))?;
        Ok(org)
    }
}
