//! The Overview screen of an organization: counts, seat use, the role distribution,
//! activity over time and the newest audit entries, in one read.

use crate::service::Rolecall;
use crate::{Result, access, audit, members, orgs};
use rolecall_types::model::{AuditQuery, OVERVIEW_DAYS, Overview, RoleCount};
use rolecall_types::permissions::Permission;
use rusqlite::Connection;

/// Entries listed under "Recent activity".
const RECENT_ENTRIES: u32 = 8;

fn count(conn: &Connection, sql: &str, org_id: &str) -> Result<u64> {
    Ok(conn.query_row(sql, [org_id], |r| r.get(0))?)
}

/// Active members per role, highest level first; roles nobody holds are left out.
fn active_per_role(conn: &Connection, org_id: &str) -> Result<Vec<RoleCount>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.name, r.level, count(m.id) AS n
         FROM roles r JOIN memberships m ON m.role_id = r.id AND m.status = 'active'
         WHERE r.org_id = ?1 GROUP BY r.id HAVING n > 0 ORDER BY r.level DESC, r.name",
    )?;
    let rows = stmt
        .query_map([org_id], |r| {
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

impl Rolecall {
    /// The Overview (Organization·view). The role distribution needs Members·view; the
    /// activity chart and recent entries need Audit log·view; the key count API keys·view.
    pub fn overview(&self, actor: &str, org_id: &str) -> Result<Overview> {
        let now = self.now();
        self.read(actor, |conn| {
            let acting = access::acting(conn, org_id, actor)?;
            acting.require(Permission::OrganizationView)?;
            let auditor = acting.can(Permission::AuditView);
            Ok(Overview {
                organization: orgs::load_org(conn, org_id)?,
                seats: members::seats(conn, org_id, now)?,
                deactivated_members: count(
                    conn,
                    "SELECT count(*) FROM memberships WHERE org_id = ?1 AND status = 'deactivated'",
                    org_id,
                )?,
                workspaces: count(
                    conn,
                    "SELECT count(*) FROM workspaces WHERE org_id = ?1",
                    org_id,
                )?,
                agents: count(
                    conn,
                    "SELECT count(*) FROM agents WHERE org_id = ?1",
                    org_id,
                )?,
                api_keys: match acting.can(Permission::ApiKeysView) {
                    true => Some(count(
                        conn,
                        "SELECT count(*) FROM api_keys WHERE org_id = ?1 AND revoked_at IS NULL",
                        org_id,
                    )?),
                    false => None,
                },
                roles: match acting.can(Permission::MembersView) {
                    true => active_per_role(conn, org_id)?,
                    false => Vec::new(),
                },
                activity: match auditor {
                    true => Some(audit::per_day(conn, org_id, now, OVERVIEW_DAYS)?),
                    false => None,
                },
                recent: match auditor {
                    true => Some(audit::filtered(
                        conn,
                        org_id,
                        &AuditQuery::default(),
                        RECENT_ENTRIES,
                    )?),
                    false => None,
                },
            })
        })
    }
}
