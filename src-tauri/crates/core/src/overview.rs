//! The Overview screen of an organization: counts, seat use, the role distribution,
//! activity over time and the newest audit entries, in one read.

use crate::service::Rolecall;
use crate::tables::memberships;
use crate::{Result, access, audit, orgs};
use rolecall_types::ids::{AccountId, OrgId};
use rolecall_types::model::{AuditQuery, OVERVIEW_DAYS, Overview};
use rolecall_types::permissions::Permission;
use rusqlite::Connection;

/// Entries listed under "Recent activity".
const RECENT_ENTRIES: u32 = 8;

fn count(conn: &Connection, sql: &str, org_id: &str) -> Result<u64> {
    Ok(conn.query_row(sql, [org_id], |r| r.get(0))?)
}

impl Rolecall {
    /// The Overview (Organization·view). The role distribution needs Members·view; the
    /// activity chart and recent entries need Audit log·view; the key count API keys·view.
    pub fn overview(&self, actor: &AccountId, org_id: &OrgId) -> Result<Overview> {
        let now = self.now();
        self.read(actor, |conn| {
            let acting = access::acting(conn, org_id, actor)?;
            acting.require(Permission::OrganizationView)?;
            let auditor = acting.can(Permission::AuditView);
            Ok(Overview {
                organization: orgs::load_org(conn, org_id)?,
                seats: memberships::seats(conn, org_id, now)?,
                deactivated_members: memberships::count_deactivated(conn, org_id)?,
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
                    true => {
                        let mut held = memberships::counts_per_role(conn, org_id, true)?;
                        held.retain(|r| r.members > 0);
                        held
                    }
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
