//! Findings (R52): what is wrong in an organization, computed from what Rolecall keeps
//! and what the imports said (the source's last sign-in and two-factor), in one read
//! of its members, invitations, keys and roles. Each finding names its subjects and the
//! remedies that fix it through the usual commands (and so the usual rules and audit).

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
use rusqlite::{Connection, params};
use serde_json::json;
use std::collections::HashMap;
use std::rc::Rc;

const DAY: i64 = 24 * 60 * 60 * 1000;

/// One member as the findings read them.
struct Row {
    membership_id: String,
    name: String,
    email: String,
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
    source_status: Option<String>,
    guest: bool,
    billable: Option<bool>,
    imported: bool,
    /// The name transliterated and lower-cased (the members table's sort key).
    folded_name: String,
}

impl Row {
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
            id: self.membership_id.clone(),
            name: self.name.clone(),
            detail,
        }
    }
}

/// Subjects already worded (few of them: invitations, keys, roles, duplicates).
fn ready(subjects: Vec<Subject>) -> Vec<impl FnOnce() -> Subject> {
    subjects.into_iter().map(|s| move || s).collect()
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
            compute(conn, &acting, now)
        })
    }

    /// R52: the findings of every organization where the account may read them,
    /// organizations by name.
    pub fn all_findings(&self, actor: &AccountId) -> Result<Vec<Findings>> {
        let now = self.now();
        self.read(actor, |conn| {
            let mut stmt = conn.prepare(
                "SELECT o.id FROM memberships m JOIN organizations o ON o.id = m.org_id
                 WHERE m.account_id = ?1 AND m.status = 'active' ORDER BY o.name COLLATE NOCASE, o.id",
            )?;
            let orgs = stmt
                .query_map([actor], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut out = Vec::new();
            for org_id in orgs {
                let acting = access::acting(conn, &org_id, actor)?;
                if require_findings(&acting).is_ok() {
                    out.push(compute(conn, &acting, now)?);
                }
            }
            Ok(out)
        })
    }
}

/// The organization's thresholds (the defaults until someone changes them).
pub(crate) fn settings(conn: &Connection, org_id: &str) -> Result<ReviewSettings> {
    let stored: Option<String> = conn
        .query_row(
            "SELECT settings FROM review_settings WHERE org_id = ?1",
            [org_id],
            |r| r.get(0),
        )
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

fn members(conn: &Connection, org_id: &str) -> Result<Vec<Row>> {
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
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, a.first_name || ' ' || a.last_name, a.email, m.is_owner, m.status = 'active', m.joined_at,
                a.password_hash IS NOT NULL, a.last_login_at, m.role_id, NULL, NULL,
                s.last_sign_in, s.never_signed_in, s.two_factor, s.status, s.account_type, s.billable, s.source IS NOT NULL, m.sort_name
         FROM memberships m JOIN accounts a ON a.id = m.account_id
         LEFT JOIN member_sources s ON s.membership_id = m.id
         WHERE m.org_id = ?1",
    )?;
    let rows = stmt
        .query_map([org_id], |r| {
            let role_id: String = r.get(8)?;
            let (role_name, role_kind, permissions) =
                roles.get(&role_id).unwrap_or(&unknown).clone();
            Ok(Row {
                membership_id: r.get(0)?,
                name: r.get(1)?,
                email: r.get(2)?,
                owner: r.get(3)?,
                active: r.get(4)?,
                joined_at: r.get(5)?,
                can_sign_in: r.get(6)?,
                last_login: r.get(7)?,
                role_name,
                role_kind,
                permissions,
                source_sign_in: r.get(11)?,
                source_never: r.get::<_, Option<bool>>(12)?.unwrap_or(false),
                two_factor: r.get(13)?,
                source_status: r.get(14)?,
                guest: r.get::<_, Option<String>>(15)?.as_deref() == Some("guest"),
                billable: r.get(16)?,
                imported: r.get(17)?,
                folded_name: r.get(18)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<Row>>>()?;
    // In name order (sorting here is cheaper than asking SQLite to sort across both
    // statuses' index ranges).
    let mut rows = rows;
    rows.sort_unstable_by(|a, b| {
        a.folded_name
            .cmp(&b.folded_name)
            .then_with(|| a.membership_id.cmp(&b.membership_id))
    });
    Ok(rows)
}

/// Collects findings: a kind, its severity, words, remedies and subjects.
struct Collector {
    findings: Vec<Finding>,
    /// How many subjects each finding lists.
    shown: usize,
}

impl Collector {
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

fn compute(conn: &Connection, acting: &Acting, now: i64) -> Result<Findings> {
    compute_listing(conn, acting, now, Finding::SHOWN)
}

/// The findings with every subject listed (a campaign tags each person with theirs).
pub(crate) fn compute_all_subjects(
    conn: &Connection,
    acting: &Acting,
    now: i64,
) -> Result<Findings> {
    compute_listing(conn, acting, now, usize::MAX)
}

fn compute_listing(conn: &Connection, acting: &Acting, now: i64, shown: usize) -> Result<Findings> {
    let org_id = acting.org_id.as_str();
    let settings = settings(conn, org_id)?;
    let rows = members(conn, org_id)?;
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
    let owners: Vec<_> = active
        .iter()
        .filter(|r| r.owner && dormant(r))
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
    let subjects: Vec<_> = active
        .iter()
        .filter(|r| !r.owner && dormant(r))
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
    let subjects: Vec<_> = active
        .iter()
        .filter(|r| !r.owner && r.sign_ins_known() && r.last_seen().is_none())
        .filter(|r| {
            (r.source_never || !r.imported)
                && r.joined_at < now - i64::from(settings.never_signed_in_days) * DAY
        })
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
    let privileged: Vec<&&Row> = active.iter().filter(|r| r.privileged()).collect();
    let subjects: Vec<_> = privileged
        .iter()
        .filter(|r| r.two_factor == Some(false))
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
        let subjects = privileged
            .iter()
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
    let subjects: Vec<_> = active
        .iter()
        .filter(|r| {
            !r.owner
                && matches!(
                    r.source_status.as_deref(),
                    Some("suspended" | "deactivated")
                )
        })
        .map(|r| {
            move || {
                r.subject(format!(
                    "{} at the source, active here",
                    r.source_status.as_deref().unwrap_or_default()
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
            roster
                .get(&r.email.to_lowercase())
                .filter(|e| e.left || e.terminated_at.is_some_and(|at| at <= now))
                .map(|e| e.terminated_at)
        };
        let subjects: Vec<_> = active
            .iter()
            .filter_map(|r| left(r).map(|at| (r, at)))
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
    let subjects: Vec<_> = rows
        .iter()
        .filter(|r| !r.active)
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
    for r in &rows {
        if let Some((_, domain)) = r.email.rsplit_once('@') {
            *domains.entry(domain).or_default() += 1;
        }
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
        let subjects: Vec<_> = active
            .iter()
            .filter(|r| {
                r.email
                    .rsplit_once('@')
                    .is_some_and(|(_, d)| !own.iter().any(|o| o.eq_ignore_ascii_case(d)))
            })
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
    let subjects: Vec<_> = active
        .iter()
        .filter(|r| r.guest)
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
    let mut by_name: HashMap<String, Vec<&Row>> = HashMap::new();
    for r in active.iter() {
        by_name
            .entry(
                r.folded_name
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            )
            .or_default()
            .push(r);
    }
    // Each person of a shared name, in name order; the words (up to three other
    // e-mails) are written for the listed ones only — a common name can be shared by
    // hundreds.
    let mut shared: Vec<(&Row, &Vec<&Row>)> = by_name
        .values()
        .filter(|same| same.len() > 1)
        .flat_map(|same| same.iter().map(move |r| (*r, same)))
        .collect();
    shared.sort_by(|a, b| {
        a.0.name
            .cmp(&b.0.name)
            .then_with(|| a.0.membership_id.cmp(&b.0.membership_id))
    });
    let subjects: Vec<_> = shared
        .into_iter()
        .map(|(r, same)| {
            move || {
                let others: Vec<&str> = same
                    .iter()
                    .filter(|o| o.membership_id != r.membership_id)
                    .map(|o| o.email.as_str())
                    .collect();
                let listed = others
                    .iter()
                    .take(3)
                    .copied()
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

    invitations_and_roles(conn, org_id, now, &settings, &mut c)?;
    if acting.can(Permission::ApiKeysView) {
        api_keys(conn, org_id, now, &settings, &mut c)?;
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
    conn: &Connection,
    org_id: &str,
    now: i64,
    settings: &ReviewSettings,
    c: &mut Collector,
) -> Result<()> {
    let stale_days = i64::from(settings.stale_invitation_days);
    let mut stmt = conn.prepare_cached(
        "SELECT id, first_name || ' ' || last_name, email, sent_at, expires_at FROM invitations
         WHERE org_id = ?1 AND status = 'pending' AND sent_at < ?2 ORDER BY sent_at",
    )?;
    let subjects = stmt
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
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.name FROM roles r WHERE r.org_id = ?1 AND r.kind IN ('custom', 'template')
         AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.role_id = r.id)
         AND NOT EXISTS (SELECT 1 FROM workspace_roles g WHERE g.role_id = r.id) ORDER BY r.name",
    )?;
    let subjects = stmt
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
    conn: &Connection,
    org_id: &str,
    now: i64,
    settings: &ReviewSettings,
    c: &mut Collector,
) -> Result<()> {
    let (unused_days, old_days) = (
        i64::from(settings.unused_key_days),
        i64::from(settings.old_key_days),
    );
    let mut stmt = conn.prepare_cached(
        "SELECT k.id, k.name, k.created_at, k.last_used_at, k.created_by_name,
                k.created_by IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM memberships m WHERE m.org_id = k.org_id AND m.account_id = k.created_by AND m.status = 'active')
         FROM api_keys k WHERE k.org_id = ?1 AND k.revoked_at IS NULL ORDER BY k.name",
    )?;
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
