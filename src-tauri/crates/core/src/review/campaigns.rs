//! Access review campaigns (R53–R55): the population of one or several organizations
//! frozen as of a moment, a decision per person, a sign-off that freezes the decisions,
//! and one step that applies them through the same rules and audit as by hand.
//!
//! The database holds the lifecycle too: triggers (migration 0007) refuse any change
//! to a signed-off campaign except recording each decision's outcome, once.

use super::findings::compute_all_subjects;
use super::snapshots;
use crate::access::{self, Acting};
use crate::members::{change_role_in_tx, remove_in_tx, set_status_in_tx};
use crate::service::{Rolecall, Target, Tx, new_id};
use crate::tables::memberships::{count_in, fold, like_pattern};
use crate::{Error, Result, iso_date};
use rolecall_types::ids::{AccountId, CampaignId, OrgId};
use rolecall_types::model::MemberStatus;
use rolecall_types::permissions::Permission;
use rolecall_types::review::{
    ApplyReport, Campaign, CampaignItem, CampaignItems, CampaignOrg, CampaignQuery, CampaignState,
    DecideRequest, Decision, DecisionCounts, DecisionRecord, FindingKind, Findings, Outcome,
    OutcomeRecord, Refusal, Severity, SignOff, StartProgress, StartStep, SubjectKind,
};
use rolecall_types::validate::{
    self, CAMPAIGN_NAME_MAX, REVIEW_COMMENT_MAX, SIGN_OFF_STATEMENT_MAX,
};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{BTreeSet, HashMap};

/// The most people one page of a campaign lists.
const PAGE_MAX: u64 = 500;

/// A finding as a campaign records it at its start and at its sign-off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FindingSummary {
    pub kind: FindingKind,
    pub severity: Severity,
    pub title: String,
    pub total: u64,
}

fn summarise(findings: &Findings) -> Vec<FindingSummary> {
    findings
        .findings
        .iter()
        .map(|f| FindingSummary {
            kind: f.kind,
            severity: f.severity,
            title: f.title.clone(),
            total: f.total,
        })
        .collect()
}

/// The stable code of a finding kind, as JSON text (`"dormant"`).
fn finding_code(kind: FindingKind) -> String {
    serde_json::to_string(&kind).unwrap_or_default()
}

/// Reviews show every member and change them: Review·run and Members·view.
fn require_run(conn: &Connection, org_id: &str, actor: &str) -> Result<Acting> {
    let acting = access::acting(conn, org_id, actor)?;
    acting.require(Permission::ReviewRun)?;
    acting.require(Permission::MembersView)?;
    Ok(acting)
}

fn not_found() -> Error {
    Error::NotFound(
        "That review campaign does not exist (it may have been discarded, or its organizations deleted).".into(),
    )
}

/// The campaign's state, once the actor may run reviews in each of its organizations.
pub(crate) fn require_campaign(
    conn: &Connection,
    campaign_id: &str,
    actor: &str,
) -> Result<(CampaignState, Vec<Acting>)> {
    let state: String = conn
        .query_row(
            "SELECT state FROM campaigns WHERE id = ?1",
            [campaign_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(not_found)?;
    let mut stmt = conn.prepare_cached(
        "SELECT org_id FROM campaign_orgs WHERE campaign_id = ?1 ORDER BY org_name, org_id",
    )?;
    let orgs = stmt
        .query_map([campaign_id], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if orgs.is_empty() {
        return Err(not_found());
    }
    let acting = orgs
        .iter()
        .map(|org| require_run(conn, org, actor))
        .collect::<Result<Vec<_>>>()?;
    let state = CampaignState::from_code(&state)
        .ok_or_else(|| Error::Storage(format!("Unknown campaign state '{state}'.")))?;
    Ok((state, acting))
}

fn require_state(state: CampaignState, wanted: CampaignState, what: &str) -> Result<()> {
    if state == wanted {
        return Ok(());
    }
    Err(Error::Conflict(match state {
        CampaignState::Open => {
            format!("This campaign is still in progress: sign it off before you {what}.")
        }
        CampaignState::Completed => {
            format!("This campaign is signed off and read-only: you cannot {what}.")
        }
        CampaignState::Applied => format!(
            "This campaign is signed off and its decisions were applied: you cannot {what}."
        ),
    }))
}

/// A campaign as the window shows it.
pub(crate) fn load(conn: &Connection, campaign_id: &str) -> Result<Campaign> {
    let mut campaign = conn
        .query_row(
            "SELECT id, name, state, as_of, started_by_name, signed_by_name, signed_at, statement, applied_at
             FROM campaigns WHERE id = ?1",
            [campaign_id],
            |r| {
                let state: String = r.get(2)?;
                let signed_at: Option<i64> = r.get(6)?;
                Ok(Campaign {
                    id: r.get::<_, String>(0)?.into(),
                    name: r.get(1)?,
                    state: CampaignState::from_code(&state).unwrap_or(CampaignState::Open),
                    as_of: r.get(3)?,
                    started_by: r.get(4)?,
                    orgs: Vec::new(),
                    population: 0,
                    counts: DecisionCounts::default(),
                    sign_off: match signed_at {
                        Some(at) => Some(SignOff {
                            reviewer: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                            at,
                            statement: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                        }),
                        None => None,
                    },
                    applied_at: r.get(8)?,
                })
            },
        )
        .optional()?
        .ok_or_else(not_found)?;
    let mut stmt = conn.prepare_cached(
        "SELECT org_id, org_name, snapshot_id, members FROM campaign_orgs WHERE campaign_id = ?1
         ORDER BY org_name, org_id",
    )?;
    campaign.orgs = stmt
        .query_map([campaign_id], |r| {
            Ok(CampaignOrg {
                org_id: r.get::<_, String>(0)?.into(),
                org_name: r.get(1)?,
                snapshot_id: r.get(2)?,
                members: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let (population, counts) = conn.query_row(
        "SELECT count(*), total(decision = 'keep'), total(decision = 'change_role'), total(decision = 'deactivate'),
                total(decision = 'remove'), total(outcome = 'applied'), total(outcome = 'refused')
         FROM campaign_items WHERE campaign_id = ?1",
        [campaign_id],
        |r| {
            let n = |i| r.get::<_, f64>(i).map(|v| v as u64);
            Ok((
                r.get::<_, u64>(0)?,
                DecisionCounts {
                    keep: n(1)?,
                    change_role: n(2)?,
                    deactivate: n(3)?,
                    remove: n(4)?,
                    applied: n(5)?,
                    refused: n(6)?,
                },
            ))
        },
    )?;
    campaign.population = population;
    campaign.counts = counts;
    Ok(campaign)
}

/// The columns of [`item_from_row`], in order.
const ITEM_COLUMNS: &str = "num, org_id, org_name, membership_id, email, name, role, owner, active, last_sign_in, two_factor, findings,
     decision, role_id, role_name, reviewer_name, decided_at, comment, outcome, outcome_reason, audit_ids";

fn item_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CampaignItem> {
    let findings: String = r.get(11)?;
    let decision: Option<String> = r.get(12)?;
    let outcome: Option<String> = r.get(18)?;
    let audit_ids: String = r.get(20)?;
    Ok(CampaignItem {
        num: r.get(0)?,
        org_id: r.get::<_, String>(1)?.into(),
        org_name: r.get(2)?,
        membership_id: r.get::<_, String>(3)?.into(),
        email: r.get(4)?,
        name: r.get(5)?,
        role: r.get(6)?,
        owner: r.get(7)?,
        active: r.get(8)?,
        last_sign_in: r.get(9)?,
        two_factor: r.get(10)?,
        findings: serde_json::from_str(&findings).unwrap_or_default(),
        decision: match decision.as_deref().and_then(Decision::from_code) {
            Some(decision) => Some(DecisionRecord {
                decision,
                role_id: r.get::<_, Option<String>>(13)?.map(Into::into),
                role_name: r.get(14)?,
                reviewer: r.get::<_, Option<String>>(15)?.unwrap_or_default(),
                at: r.get::<_, Option<i64>>(16)?.unwrap_or_default(),
                comment: r.get(17)?,
            }),
            None => None,
        },
        outcome: match outcome.as_deref().and_then(Outcome::from_code) {
            Some(outcome) => Some(OutcomeRecord {
                outcome,
                reason: r.get(19)?,
                audit_ids: serde_json::from_str(&audit_ids).unwrap_or_default(),
            }),
            None => None,
        },
    })
}

/// The WHERE clause (after `campaign_id = ?1`) and its arguments for a query.
fn filter(query: &CampaignQuery) -> Result<(String, Vec<Value>)> {
    let mut sql = String::new();
    let mut args: Vec<Value> = Vec::new();
    if let Some(kind) = query.finding {
        sql.push_str(" AND instr(findings, ?) > 0");
        args.push(Value::Text(finding_code(kind)));
    }
    if let Some(role) = &query.role {
        sql.push_str(" AND role = ?");
        args.push(Value::Text(role.clone()));
    }
    if let Some(active) = query.active {
        sql.push_str(" AND active = ?");
        args.push(Value::Integer(active.into()));
    }
    match query.decided {
        Some(true) => sql.push_str(" AND decision IS NOT NULL"),
        Some(false) => sql.push_str(" AND decision IS NULL"),
        None => {}
    }
    validate::search(&query.search)?;
    let search = fold(query.search.trim());
    let search = search.trim();
    if !search.is_empty() {
        sql.push_str(" AND (sort_name LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\')");
        let pattern = like_pattern(search);
        args.push(Value::Text(pattern.clone()));
        args.push(Value::Text(pattern));
    }
    Ok((sql, args))
}

fn with_campaign(campaign_id: &str, args: Vec<Value>) -> Vec<Value> {
    let mut all = vec![Value::Text(campaign_id.to_string())];
    all.extend(args);
    all
}

/// Every person of the campaign, in name order (evidence).
pub(crate) fn all_items(conn: &Connection, campaign_id: &str) -> Result<Vec<CampaignItem>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ITEM_COLUMNS} FROM campaign_items WHERE campaign_id = ?1 ORDER BY sort_name, num"
    ))?;
    let items = stmt
        .query_map([campaign_id], item_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(items)
}

/// The findings an organization of the campaign had at its start and at its sign-off.
pub(crate) fn findings_at(
    conn: &Connection,
    campaign_id: &str,
    org_id: &str,
) -> Result<(Vec<FindingSummary>, Option<Vec<FindingSummary>>)> {
    let (start, end): (String, Option<String>) = conn.query_row(
        "SELECT findings_start, findings_end FROM campaign_orgs WHERE campaign_id = ?1 AND org_id = ?2",
        [campaign_id, org_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let parse = |text: &str| {
        serde_json::from_str::<Vec<FindingSummary>>(text)
            .map_err(|e| Error::Storage(format!("A campaign's findings are damaged: {e}")))
    };
    Ok((parse(&start)?, end.as_deref().map(parse).transpose()?))
}

/// The campaign before this one that covered `org_id`, with its snapshot of it.
pub(crate) fn previous(
    conn: &Connection,
    campaign: &Campaign,
    org_id: &str,
) -> Result<Option<(String, i64, String)>> {
    Ok(conn
        .query_row(
            "SELECT c.name, c.as_of, o.snapshot_id FROM campaigns c JOIN campaign_orgs o ON o.campaign_id = c.id
             WHERE o.org_id = ?1 AND o.snapshot_id IS NOT NULL AND c.id <> ?2
               AND (c.as_of < ?3 OR (c.as_of = ?3 AND c.id < ?2))
             ORDER BY c.as_of DESC, c.id DESC LIMIT 1",
            params![org_id, campaign.id, campaign.as_of],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

impl Rolecall {
    /// The campaigns of the organizations where the account runs reviews, newest first.
    pub fn list_campaigns(&self, actor: &AccountId) -> Result<Vec<Campaign>> {
        self.read(actor, |conn| {
            let mut stmt = conn.prepare(
                "SELECT c.id, group_concat(o.org_id, char(31)) FROM campaigns c JOIN campaign_orgs o ON o.campaign_id = c.id
                 GROUP BY c.id ORDER BY c.as_of DESC, c.id DESC",
            )?;
            let rows = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut allowed: HashMap<String, bool> = HashMap::new();
            let mut out = Vec::new();
            for (id, orgs) in rows {
                let mut visible = true;
                for org in orgs.split('\u{1f}') {
                    let ok = match allowed.get(org) {
                        Some(ok) => *ok,
                        None => {
                            let ok = require_run(conn, org, actor).is_ok();
                            allowed.insert(org.to_string(), ok);
                            ok
                        }
                    };
                    visible &= ok;
                }
                if visible {
                    out.push(load(conn, &id)?);
                }
            }
            Ok(out)
        })
    }

    /// R53: freezes the members of `org_ids` in snapshots and opens a campaign where
    /// each of them waits for a decision. An empty name gets one made of the
    /// organizations' names and the date.
    pub fn start_campaign(
        &self,
        actor: &AccountId,
        name: &str,
        org_ids: &[OrgId],
    ) -> Result<Campaign> {
        self.start_campaign_reporting(actor, name, org_ids, &mut |_| {})
    }

    /// [`Rolecall::start_campaign`], telling `progress` each step as it begins: per
    /// organization its snapshot, its findings and copying its people, then saving.
    pub fn start_campaign_reporting(
        &self,
        actor: &AccountId,
        name: &str,
        org_ids: &[OrgId],
        progress: &mut dyn FnMut(StartProgress),
    ) -> Result<Campaign> {
        let orgs: Vec<&OrgId> = {
            let mut seen = BTreeSet::new();
            org_ids.iter().filter(|o| seen.insert(o.as_str())).collect()
        };
        if orgs.is_empty() {
            return Err(Error::invalid(
                "orgs",
                "Choose at least one organization to review.",
            ));
        }
        self.write(Some(actor), |tx| {
            let acting = orgs
                .iter()
                .map(|org| require_run(&tx.db, org, actor))
                .collect::<Result<Vec<_>>>()?;
            let name = if name.trim().is_empty() {
                let names: Vec<&str> = acting.iter().map(|a| a.org_name.as_str()).collect();
                let mut made = format!("Access review — {}, {}", names.join(", "), iso_date(tx.now));
                if made.chars().count() > CAMPAIGN_NAME_MAX {
                    made = format!("Access review — {} organizations, {}", names.len(), iso_date(tx.now));
                }
                made
            } else {
                validate::required_text("name", "The campaign's name", name, CAMPAIGN_NAME_MAX)?
            };
            let id = new_id();
            let started_by = tx.actor()?.name.clone();
            tx.db.execute(
                "INSERT INTO campaigns (id, name, state, as_of, started_by, started_by_name) VALUES (?1, ?2, 'open', ?3, ?4, ?5)",
                params![id, name, tx.now, actor, started_by],
            )?;
            let mut steps = Steps {
                done: 0,
                total: StartProgress::steps(acting.len()),
                progress,
            };
            let mut next = 1_i64;
            for acting in &acting {
                next += freeze(tx, &id, acting, next, &mut steps)?;
            }
            for acting in &acting {
                audit_campaign(tx, acting, "review.started", &id, &name, json!({ "people": next - 1 }))?;
            }
            let campaign = load(&tx.db, &id)?;
            steps.begin(StartStep::Save, "", 0);
            Ok(campaign)
        })
    }

    pub fn campaign(&self, actor: &AccountId, campaign_id: &CampaignId) -> Result<Campaign> {
        self.read(actor, |conn| {
            require_campaign(conn, campaign_id, actor)?;
            load(conn, campaign_id)
        })
    }

    /// A page of the campaign's people, in name order.
    pub fn campaign_items(
        &self,
        actor: &AccountId,
        campaign_id: &CampaignId,
        query: &CampaignQuery,
    ) -> Result<CampaignItems> {
        self.read(actor, |conn| {
            require_campaign(conn, campaign_id, actor)?;
            let (sql, args) = filter(query)?;
            let args = with_campaign(campaign_id, args);
            let total: u64 = conn.query_row(
                &format!("SELECT count(*) FROM campaign_items WHERE campaign_id = ?{sql}"),
                params_from_iter(args.iter()),
                |r| r.get(0),
            )?;
            let limit = query.limit.clamp(1, PAGE_MAX);
            let mut stmt = conn.prepare(&format!(
                "SELECT {ITEM_COLUMNS} FROM campaign_items WHERE campaign_id = ?{sql}
                 ORDER BY sort_name, num LIMIT {limit} OFFSET {}",
                query.offset.min(i64::MAX as u64)
            ))?;
            let items = stmt
                .query_map(params_from_iter(args.iter()), item_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut stmt = conn.prepare_cached(
                "SELECT DISTINCT role FROM campaign_items WHERE campaign_id = ?1 ORDER BY role",
            )?;
            let roles = stmt
                .query_map([campaign_id], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            // The kinds the people were tagged with: the member findings at the start.
            let mut findings: Vec<FindingKind> = Vec::new();
            let mut stmt = conn.prepare_cached(
                "SELECT findings_start FROM campaign_orgs WHERE campaign_id = ?1",
            )?;
            for start in stmt.query_map([campaign_id], |r| r.get::<_, String>(0))? {
                let start: Vec<FindingSummary> = serde_json::from_str(&start?).unwrap_or_default();
                for kind in start.into_iter().map(|f| f.kind) {
                    if kind.is_about_members() && !findings.contains(&kind) {
                        findings.push(kind);
                    }
                }
            }
            findings.sort_by_key(|k| finding_code(*k));
            Ok(CampaignItems {
                total,
                items,
                roles,
                findings,
            })
        })
    }

    /// The numbers of every person matching `query` (to decide all of them at once).
    pub fn campaign_select(
        &self,
        actor: &AccountId,
        campaign_id: &CampaignId,
        query: &CampaignQuery,
    ) -> Result<Vec<u64>> {
        self.read(actor, |conn| {
            require_campaign(conn, campaign_id, actor)?;
            let (sql, args) = filter(query)?;
            let mut stmt = conn.prepare(&format!(
                "SELECT num FROM campaign_items WHERE campaign_id = ?{sql} ORDER BY sort_name, num"
            ))?;
            let nums = stmt
                .query_map(
                    params_from_iter(with_campaign(campaign_id, args).iter()),
                    |r| r.get(0),
                )?
                .collect::<rusqlite::Result<Vec<u64>>>()?;
            Ok(nums)
        })
    }

    /// R53: records one decision (or clears it) for the people numbered in the request,
    /// with the reviewer, the time and the comment.
    pub fn decide(
        &self,
        actor: &AccountId,
        campaign_id: &CampaignId,
        request: &DecideRequest,
    ) -> Result<Campaign> {
        let comment = validate::optional_text(
            "comment",
            "The comment",
            request.comment.trim(),
            REVIEW_COMMENT_MAX,
        )?;
        let nums: BTreeSet<u64> = request.items.iter().copied().collect();
        if nums.is_empty() {
            return Err(Error::invalid(
                "items",
                "Select the people to decide on first.",
            ));
        }
        self.write(Some(actor), |tx| {
            let (state, acting) = require_campaign(&tx.db, campaign_id, actor)?;
            require_state(state, CampaignState::Open, "change its decisions")?;
            let list = serde_json::to_string(&nums).unwrap_or_else(|_| "[]".into());
            // The people named: all of them must be in the campaign.
            let mut stmt = tx.db.prepare(
                "SELECT i.num, i.org_id, i.name, i.owner FROM campaign_items i
                 WHERE i.campaign_id = ?1 AND i.num IN (SELECT value FROM json_each(?2))",
            )?;
            let people = stmt
                .query_map(params![campaign_id, list], |r| {
                    Ok((
                        r.get::<_, u64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, bool>(3)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            drop(stmt);
            if people.len() != nums.len() {
                return Err(Error::NotFound(format!(
                    "{} of the selected people are not in this campaign; reload it and select again.",
                    nums.len() - people.len()
                )));
            }
            let (role_id, role_name) = match (request.decision, &request.role_id) {
                (Some(Decision::ChangeRole), None) => {
                    return Err(Error::invalid("role", "Choose the role to change to."));
                }
                (Some(Decision::ChangeRole), Some(role_id)) => {
                    let orgs: BTreeSet<&str> = people.iter().map(|p| p.1.as_str()).collect();
                    if orgs.len() > 1 {
                        return Err(Error::invalid(
                            "role",
                            "Roles belong to one organization: change the role of one organization's people at a time.",
                        ));
                    }
                    let org = orgs.into_iter().next().unwrap_or_default();
                    let role = access::role(&tx.db, org, role_id)?;
                    (Some(role.id), Some(role.name))
                }
                _ => (None, None),
            };
            if matches!(
                request.decision,
                Some(Decision::ChangeRole | Decision::Deactivate | Decision::Remove)
            ) && let Some(owner) = people.iter().find(|p| p.3)
            {
                let org = acting
                    .iter()
                    .find(|a| a.org_id == owner.1)
                    .map(|a| a.org_name.as_str())
                    .unwrap_or("the organization");
                return Err(Error::invalid(
                    "decision",
                    format!(
                        "{} is the Owner of {org}: the Owner keeps their access until ownership is transferred. Leave them out of this decision.",
                        owner.2
                    ),
                ));
            }
            let reviewer = tx.actor()?.name.clone();
            match request.decision {
                Some(decision) => tx.db.execute(
                    "UPDATE campaign_items SET decision = ?3, role_id = ?4, role_name = ?5, reviewer_id = ?6,
                            reviewer_name = ?7, decided_at = ?8, comment = ?9
                     WHERE campaign_id = ?1 AND num IN (SELECT value FROM json_each(?2))",
                    params![campaign_id, list, decision.code(), role_id, role_name, actor, reviewer, tx.now, comment],
                )?,
                None => tx.db.execute(
                    "UPDATE campaign_items SET decision = NULL, role_id = NULL, role_name = NULL, reviewer_id = NULL,
                            reviewer_name = NULL, decided_at = NULL, comment = ''
                     WHERE campaign_id = ?1 AND num IN (SELECT value FROM json_each(?2))",
                    params![campaign_id, list],
                )?,
            };
            let campaign = load(&tx.db, campaign_id)?;
            // One entry per organization touched, not one per person.
            for acting in &acting {
                let people = people.iter().filter(|p| p.1 == acting.org_id).count();
                if people == 0 {
                    continue;
                }
                audit_campaign(tx, acting, "review.decided", campaign_id, &campaign.name, json!({
                        "decision": request.decision.map(Decision::code),
                        "role": role_name,
                        "people": people,
                        "comment": comment,
                    }))?;
            }
            Ok(campaign)
        })
    }

    /// R54: completes the campaign with the reviewer's statement. Every person needs a
    /// decision first; the findings as they stand now are recorded beside the ones at
    /// the start. From then on the campaign is read-only.
    pub fn sign_off_campaign(
        &self,
        actor: &AccountId,
        campaign_id: &CampaignId,
        statement: &str,
    ) -> Result<Campaign> {
        let statement = validate::optional_text(
            "statement",
            "The sign-off statement",
            statement.trim(),
            SIGN_OFF_STATEMENT_MAX,
        )?;
        if statement.is_empty() {
            return Err(Error::invalid(
                "statement",
                "Write the statement you sign off with (for example, that you reviewed every person's access).",
            ));
        }
        let now = self.now();
        self.write(Some(actor), |tx| {
            let (state, acting) = require_campaign(&tx.db, campaign_id, actor)?;
            require_state(state, CampaignState::Open, "sign it off again")?;
            let undecided: u64 = tx.db.query_row(
                "SELECT count(*) FROM campaign_items WHERE campaign_id = ?1 AND decision IS NULL",
                [campaign_id],
                |r| r.get(0),
            )?;
            if undecided > 0 {
                return Err(Error::invalid(
                    "statement",
                    format!(
                        "{} still {} no decision. Decide on everyone before you sign off.",
                        match undecided {
                            1 => "1 person".to_string(),
                            n => format!("{} people", rolecall_types::thousands(n)),
                        },
                        if undecided == 1 { "has" } else { "have" }
                    ),
                ));
            }
            for acting in &acting {
                let findings = summarise(&compute_all_subjects(&tx.db, acting, now)?);
                tx.db.execute(
                    "UPDATE campaign_orgs SET findings_end = ?3 WHERE campaign_id = ?1 AND org_id = ?2",
                    params![campaign_id, acting.org_id, serde_json::to_string(&findings).unwrap_or_else(|_| "[]".into())],
                )?;
            }
            let reviewer = tx.actor()?.name.clone();
            tx.db.execute(
                "UPDATE campaigns SET state = 'completed', signed_by = ?2, signed_by_name = ?3, signed_at = ?4, statement = ?5
                 WHERE id = ?1",
                params![campaign_id, actor, reviewer, tx.now, statement],
            )?;
            let campaign = load(&tx.db, campaign_id)?;
            for acting in &acting {
                audit_campaign(tx, acting, "review.signed_off", campaign_id, &campaign.name, json!({ "people": campaign.population, "statement": statement }))?;
            }
            Ok(campaign)
        })
    }

    /// R54: applies a signed-off campaign's decisions, each through the same rules and
    /// audit as by hand and each on its own: a decision the rules refuse changes
    /// nothing and is listed with its reason. Runs once.
    pub fn apply_campaign(
        &self,
        actor: &AccountId,
        campaign_id: &CampaignId,
    ) -> Result<ApplyReport> {
        self.write(Some(actor), |tx| {
            let (state, acting) = require_campaign(&tx.db, campaign_id, actor)?;
            require_state(state, CampaignState::Completed, "apply it again")?;
            let acting: HashMap<&str, &Acting> =
                acting.iter().map(|a| (a.org_id.as_str(), a)).collect();
            let mut stmt = tx.db.prepare(
                "SELECT num, org_id, org_name, membership_id, name, email, decision, role_id FROM campaign_items
                 WHERE campaign_id = ?1 ORDER BY num",
            )?;
            let items = stmt
                .query_map([campaign_id], |r| {
                    Ok((
                        r.get::<_, u64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, Option<String>>(7)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            drop(stmt);
            let mut report = ApplyReport {
                applied: 0,
                unchanged: 0,
                refused: Vec::new(),
            };
            let mut per_org: HashMap<String, (u64, u64, u64)> = HashMap::new();
            for (num, org_id, org_name, membership_id, name, email, decision, role_id) in items {
                let decision = Decision::from_code(&decision).ok_or_else(|| {
                    Error::Storage(format!("Unknown decision '{decision}' in a campaign."))
                })?;
                let counts = per_org.entry(org_id.clone()).or_default();
                let outcome = match acting.get(org_id.as_str()) {
                    // The organization was deleted since the start.
                    None => Err(Error::NotFound(format!("{org_name} no longer exists."))),
                    Some(acting) => apply_one(tx, acting, &membership_id, decision, role_id.as_deref()),
                };
                let (outcome, reason, audit_ids) = match outcome {
                    Ok((true, ids)) => {
                        report.applied += 1;
                        counts.0 += 1;
                        (Outcome::Applied, None, ids)
                    }
                    Ok((false, _)) => {
                        report.unchanged += 1;
                        counts.1 += 1;
                        (Outcome::Unchanged, None, Vec::new())
                    }
                    Err(e @ (Error::Forbidden(_) | Error::NotFound(_) | Error::Invalid { .. } | Error::Conflict(_) | Error::LimitReached(_))) => {
                        counts.2 += 1;
                        let reason = e.to_string();
                        report.refused.push(Refusal {
                            num,
                            name,
                            email,
                            org_name,
                            decision,
                            reason: reason.clone(),
                        });
                        (Outcome::Refused, Some(reason), Vec::new())
                    }
                    Err(e) => return Err(e),
                };
                tx.db.execute(
                    "UPDATE campaign_items SET outcome = ?3, outcome_reason = ?4, audit_ids = ?5 WHERE campaign_id = ?1 AND num = ?2",
                    params![campaign_id, num, outcome.code(), reason, serde_json::to_string(&audit_ids).unwrap_or_else(|_| "[]".into())],
                )?;
            }
            let applier = tx.actor()?.name.clone();
            tx.db.execute(
                "UPDATE campaigns SET state = 'applied', applied_at = ?2, applied_by_name = ?3 WHERE id = ?1",
                params![campaign_id, tx.now, applier],
            )?;
            let name: String = tx.db.query_row(
                "SELECT name FROM campaigns WHERE id = ?1",
                [campaign_id],
                |r| r.get(0),
            )?;
            for acting in acting.values() {
                let (applied, unchanged, refused) =
                    per_org.get(&acting.org_id).copied().unwrap_or_default();
                audit_campaign(tx, acting, "review.applied", campaign_id, &name, json!({ "applied": applied, "unchanged": unchanged, "refused": refused }))?;
            }
            Ok(report)
        })
    }

    /// Discards a campaign still in progress, with its decisions (a signed-off one is
    /// kept for good).
    pub fn discard_campaign(&self, actor: &AccountId, campaign_id: &CampaignId) -> Result<()> {
        self.write(Some(actor), |tx| {
            let (state, acting) = require_campaign(&tx.db, campaign_id, actor)?;
            require_state(state, CampaignState::Open, "discard it")?;
            let campaign = load(&tx.db, campaign_id)?;
            tx.db
                .execute("DELETE FROM campaigns WHERE id = ?1", [campaign_id])?;
            for acting in &acting {
                audit_campaign(
                    tx,
                    acting,
                    "review.discarded",
                    campaign_id,
                    &campaign.name,
                    json!({ "decided": campaign.counts.decided(), "people": campaign.population }),
                )?;
            }
            Ok(())
        })
    }
}

/// The audit entry of a campaign's step in one of its organizations (R42).
fn audit_campaign(
    tx: &Tx<'_>,
    acting: &Acting,
    action: &str,
    campaign_id: &str,
    name: &str,
    details: serde_json::Value,
) -> Result<()> {
    tx.audit(
        Some(acting.org()),
        action,
        Target {
            kind: "campaign",
            id: Some(campaign_id),
            name,
        },
        details,
    )
}

/// Freezes one organization into the campaign: a snapshot, its findings, and one item
/// per member numbered from `first`. Gives how many people it added.
fn freeze(
    tx: &Tx<'_>,
    campaign_id: &str,
    acting: &Acting,
    first: i64,
    steps: &mut Steps<'_>,
) -> Result<i64> {
    let org_id = acting.org_id.as_str();
    let people = count_in(&tx.db, org_id)?;
    steps.begin(StartStep::Snapshot, &acting.org_name, people);
    let (snapshot_id, members) = snapshots::take(tx, org_id, None)?;
    steps.begin(StartStep::Findings, &acting.org_name, people);
    let findings = compute_all_subjects(&tx.db, acting, tx.now)?;
    steps.begin(StartStep::People, &acting.org_name, people);
    // Each member's findings, staged for the set-wide insert below.
    let mut tags: HashMap<&str, Vec<FindingKind>> = HashMap::new();
    for finding in &findings.findings {
        for subject in finding
            .subjects
            .iter()
            .filter(|s| s.kind == SubjectKind::Member)
        {
            tags.entry(subject.id.as_str())
                .or_default()
                .push(finding.kind);
        }
    }
    tx.db.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS campaign_tags (membership_id TEXT PRIMARY KEY, findings TEXT NOT NULL) WITHOUT ROWID;
         DELETE FROM temp.campaign_tags;",
    )?;
    {
        let mut insert = tx.db.prepare_cached(
            "INSERT INTO temp.campaign_tags (membership_id, findings) VALUES (?1, ?2)",
        )?;
        for (membership, kinds) in &tags {
            insert.execute(params![
                membership,
                serde_json::to_string(kinds).unwrap_or_else(|_| "[]".into())
            ])?;
        }
    }
    let added = tx.db.execute(
        "INSERT INTO campaign_items (campaign_id, num, org_id, org_name, membership_id, account_id, email, name, sort_name,
                                     role, owner, active, last_sign_in, two_factor, findings)
         SELECT ?1, ?3 - 1 + row_number() OVER (ORDER BY m.sort_name, m.id), m.org_id, ?4, m.id, a.id, a.email,
                a.first_name || ' ' || a.last_name, m.sort_name, r.name, m.is_owner, m.status = 'active',
                CASE WHEN s.last_sign_in IS NULL THEN a.last_login_at
                     WHEN a.last_login_at IS NULL THEN s.last_sign_in
                     ELSE max(s.last_sign_in, a.last_login_at) END,
                s.two_factor, coalesce(t.findings, '[]')
         FROM memberships m JOIN accounts a ON a.id = m.account_id JOIN roles r ON r.id = m.role_id
         LEFT JOIN member_sources s ON s.membership_id = m.id
         LEFT JOIN temp.campaign_tags t ON t.membership_id = m.id
         WHERE m.org_id = ?2",
        params![campaign_id, org_id, first, acting.org_name],
    )?;
    tx.db.execute_batch("DELETE FROM temp.campaign_tags;")?;
    tx.db.execute(
        "INSERT INTO campaign_orgs (campaign_id, org_id, org_name, snapshot_id, members, findings_start)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            campaign_id,
            org_id,
            acting.org_name,
            snapshot_id,
            members,
            serde_json::to_string(&summarise(&findings)).unwrap_or_else(|_| "[]".into())
        ],
    )?;
    Ok(added as i64)
}

/// The steps of a campaign's start, told as each begins.
struct Steps<'a> {
    done: u64,
    total: u64,
    progress: &'a mut dyn FnMut(StartProgress),
}

impl Steps<'_> {
    /// Tells that `step` begins (for `org_name` and its `members`): the steps before it
    /// are done.
    fn begin(&mut self, step: StartStep, org_name: &str, members: u64) {
        (self.progress)(StartProgress {
            done: self.done,
            total: self.total,
            step,
            org_name: org_name.to_string(),
            members,
        });
        self.done = (self.done + 1).min(self.total);
    }
}

/// Applies one decision in a savepoint: all of it, or (refused) nothing. Gives whether
/// it changed anything and the audit entries it wrote.
fn apply_one(
    tx: &Tx<'_>,
    acting: &Acting,
    membership_id: &str,
    decision: Decision,
    role_id: Option<&str>,
) -> Result<(bool, Vec<i64>)> {
    if decision == Decision::Keep {
        return Ok((false, Vec::new()));
    }
    let last_audit = |db: &Connection| -> Result<i64> {
        Ok(
            db.query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| {
                r.get(0)
            })?,
        )
    };
    let before = last_audit(&tx.db)?;
    tx.db.execute_batch("SAVEPOINT review_decision")?;
    let done = (|| {
        let target = access::target_member(&tx.db, &acting.org_id, membership_id)?;
        match decision {
            Decision::Keep => Ok(false),
            Decision::ChangeRole => {
                let role_id = role_id.ok_or_else(|| {
                    Error::Storage("A role change without its role in a campaign.".into())
                })?;
                change_role_in_tx(tx, acting, &target, role_id)
            }
            Decision::Deactivate => {
                set_status_in_tx(tx, acting, &target, MemberStatus::Deactivated)
            }
            Decision::Remove => {
                acting.require(Permission::MembersRemove)?;
                acting.check_target(&target)?;
                remove_in_tx(tx, acting, &target).map(|()| true)
            }
        }
    })();
    match done {
        Ok(changed) => {
            tx.db.execute_batch("RELEASE review_decision")?;
            let mut stmt = tx
                .db
                .prepare_cached("SELECT id FROM audit_log WHERE id > ?1 ORDER BY id")?;
            let ids = stmt
                .query_map([before], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            Ok((changed, ids))
        }
        Err(e) => {
            tx.db
                .execute_batch("ROLLBACK TO review_decision; RELEASE review_decision")?;
            Err(e)
        }
    }
}
