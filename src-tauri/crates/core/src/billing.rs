//! Billing per context (R32–R34): balance as the sum of an integer ledger, top-ups,
//! charges, plan changes under the seat limit, purchases, monthly aggregates, and the
//! charge history that only the personal context has.

use crate::access::{self, Acting};
use crate::members;
use crate::service::{Rolecall, Target, Tx};
use crate::tables::memberships;
use crate::{Error, Result};
use rolecall_types::ids::AccountId;
use rolecall_types::model::{
    BillingSummary, ChargeRequest, Context, LedgerEntry, LedgerKind, MonthlyAggregate, Plan,
};
use rolecall_types::permissions::Permission;
use rolecall_types::validate;
use rusqlite::{Connection, params};
use serde_json::json;

/// Which ledger rows belong to a context: (column, id).
fn owner_column<'a>(context: &'a Context, actor: &'a str) -> (&'static str, &'a str) {
    match context {
        Context::Personal => ("account_id", actor),
        Context::Organization(org) => ("org_id", org.as_str()),
    }
}

pub(crate) fn balance(conn: &Connection, context: &Context, actor: &str) -> Result<i64> {
    let (column, id) = owner_column(context, actor);
    Ok(conn.query_row(
        &format!("SELECT COALESCE(sum(amount), 0) FROM ledger WHERE {column} = ?1"),
        [id],
        |r| r.get(0),
    )?)
}

/// Minor units of `currency` as an amount a person reads ("USD 12.50", "JPY 1,250").
pub(crate) fn money(minor: i64, currency: &str) -> String {
    let decimals: u32 = match currency {
        "JPY" | "KRW" | "VND" | "CLP" | "ISK" | "UGX" | "XAF" | "XOF" => 0,
        "BHD" | "KWD" | "OMR" | "JOD" | "TND" | "LYD" | "IQD" => 3,
        _ => 2,
    };
    let scale = 10i64.pow(decimals);
    let (sign, abs) = if minor < 0 {
        ("-", minor.unsigned_abs())
    } else {
        ("", minor.unsigned_abs())
    };
    let whole = (abs / scale as u64).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match decimals {
        0 => format!("{sign}{currency} {grouped}"),
        d => format!(
            "{sign}{currency} {grouped}.{:0width$}",
            abs % scale as u64,
            width = d as usize
        ),
    }
}

/// The acting membership when the context is an organization, after checking `permission`.
fn check(
    conn: &Connection,
    context: &Context,
    actor: &str,
    permission: Permission,
) -> Result<Option<Acting>> {
    match context {
        Context::Personal => Ok(None),
        Context::Organization(org) => {
            let acting = access::acting(conn, org, actor)?;
            acting.require(permission)?;
            Ok(Some(acting))
        }
    }
}

pub(crate) fn context_plan(
    conn: &Connection,
    context: &Context,
    actor: &str,
) -> Result<(Plan, String)> {
    let (table, id) = match context {
        Context::Personal => ("accounts", actor),
        Context::Organization(org) => ("organizations", org.as_str()),
    };
    let (plan, currency): (String, String) = conn.query_row(
        &format!("SELECT plan, currency FROM {table} WHERE id = ?1"),
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((Plan::from_code(&plan).unwrap_or(Plan::Free), currency))
}

/// Ledger rows of a context, newest first: one kind or both, at most `limit`.
pub(crate) fn ledger_rows(
    conn: &Connection,
    context: &Context,
    actor: &str,
    kind: Option<LedgerKind>,
    limit: u32,
) -> Result<Vec<LedgerEntry>> {
    let (column, id) = owner_column(context, actor);
    let kind_code = kind.map(|k| match k {
        LedgerKind::TopUp => "top_up",
        LedgerKind::Charge => "charge",
    });
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, kind, amount, description, agent_id, actor_name, at FROM ledger
         WHERE {column} = ?1 AND (?2 IS NULL OR kind = ?2) ORDER BY at DESC, id DESC LIMIT ?3"
    ))?;
    let rows = stmt
        .query_map(params![id, kind_code, limit], |r| {
            let kind = if r.get::<_, String>(1)? == "top_up" {
                LedgerKind::TopUp
            } else {
                LedgerKind::Charge
            };
            Ok(LedgerEntry {
                id: r.get(0)?,
                kind,
                amount: r.get(2)?,
                description: r.get(3)?,
                agent_id: r.get(4)?,
                actor_name: r.get(5)?,
                at: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The most ledger rows a history screen lists.
const HISTORY_ROWS: u32 = 1000;

fn audit_org(acting: &Option<Acting>) -> Option<(&str, &str)> {
    acting
        .as_ref()
        .map(|a| (a.org_id.as_str(), a.org_name.as_str()))
}

fn context_name(tx: &Tx<'_>, acting: &Option<Acting>) -> Result<String> {
    Ok(match acting {
        Some(a) => a.org_name.clone(),
        None => format!("{} (personal)", tx.actor()?.name),
    })
}

impl Rolecall {
    /// R32: balance, plan and (organizations) seats (Billing·view).
    pub fn billing_summary(&self, actor: &AccountId, context: &Context) -> Result<BillingSummary> {
        let now = self.now();
        self.read(actor, |conn| {
            check(conn, context, actor, Permission::BillingView)?;
            let (plan, currency) = context_plan(conn, context, actor)?;
            let seats = match context {
                Context::Organization(org) => Some(memberships::seats(conn, org, now)?),
                Context::Personal => None,
            };
            Ok(BillingSummary {
                context: context.clone(),
                balance: balance(conn, context, actor)?,
                currency,
                plan,
                seats,
            })
        })
    }

    /// R33: adds 1 to 1,000,000,000 minor units, recorded as a purchase.
    pub fn top_up(&self, actor: &AccountId, context: &Context, amount: i64) -> Result<i64> {
        let amount = validate::top_up_amount(amount)?;
        self.write(Some(actor), |tx| {
            let acting = check(&tx.db, context, actor, Permission::BillingManage)?;
            let before = balance(&tx.db, context, actor)?;
            let (column, id) = owner_column(context, actor);
            let actor_name = tx.actor()?.name.clone();
            tx.db.execute(
                &format!(
                    "INSERT INTO ledger ({column}, kind, amount, description, actor_id, actor_name, at)
                     VALUES (?1, 'top_up', ?2, 'Top-up', ?3, ?4, ?5)"
                ),
                params![id, amount, actor, actor_name, tx.now],
            )?;
            let after = balance(&tx.db, context, actor)?;
            let name = context_name(tx, &acting)?;
            tx.audit(
                audit_org(&acting),
                "billing.top_up",
                Target { kind: "billing", id: Some(id), name: &name },
                json!({ "amount": amount, "before": { "balance": before }, "after": { "balance": after } }),
            )?;
            Ok(after)
        })
    }

    /// R33: records a charge; refused when it would make the balance negative.
    pub fn record_charge(
        &self,
        actor: &AccountId,
        context: &Context,
        charge: &ChargeRequest,
    ) -> Result<i64> {
        let description =
            validate::required_text("description", "Description", &charge.description, 200)?;
        if charge.amount < 1 || charge.amount > 1_000_000_000_000 {
            return Err(Error::invalid(
                "amount",
                "A charge is a positive amount of at most 1,000,000,000,000 minor units.",
            ));
        }
        self.write(Some(actor), |tx| {
            let acting = check(&tx.db, context, actor, Permission::BillingManage)?;
            let before = balance(&tx.db, context, actor)?;
            if before < charge.amount {
                let (_, currency) = context_plan(&tx.db, context, actor)?;
                return Err(Error::LimitReached(format!(
                    "The balance ({}) does not cover this charge of {}. Top up first.",
                    money(before, &currency),
                    money(charge.amount, &currency)
                )));
            }
            if let Some(agent) = &charge.agent_id {
                let (column, id) = owner_column(context, actor);
                let ok: bool = tx.db.query_row(
                    &format!("SELECT EXISTS (SELECT 1 FROM agents WHERE id = ?1 AND {column} = ?2)"),
                    [agent.as_str(), id],
                    |r| r.get(0),
                )?;
                if !ok {
                    return Err(Error::NotFound("That agent does not belong to this context.".into()));
                }
            }
            let (column, id) = owner_column(context, actor);
            let actor_name = tx.actor()?.name.clone();
            tx.db.execute(
                &format!(
                    "INSERT INTO ledger ({column}, kind, amount, description, agent_id, actor_id, actor_name, at)
                     VALUES (?1, 'charge', ?2, ?3, ?4, ?5, ?6, ?7)"
                ),
                params![id, -charge.amount, description, charge.agent_id, actor, actor_name, tx.now],
            )?;
            let after = before - charge.amount;
            let name = context_name(tx, &acting)?;
            tx.audit(
                audit_org(&acting),
                "billing.charge",
                Target { kind: "billing", id: Some(id), name: &name },
                json!({ "amount": charge.amount, "description": description,
                        "before": { "balance": before }, "after": { "balance": after } }),
            )?;
            Ok(after)
        })
    }

    /// R22, R33: changes the plan; a plan with fewer seats than members plus pending
    /// invitations is refused.
    pub fn change_plan(
        &self,
        actor: &AccountId,
        context: &Context,
        plan: Plan,
    ) -> Result<BillingSummary> {
        self.write(Some(actor), |tx| {
            let acting = check(&tx.db, context, actor, Permission::BillingManage)?;
            let (before, _) = context_plan(&tx.db, context, actor)?;
            if let Context::Organization(org) = context {
                let seats = memberships::seats(&tx.db, org, tx.now)?;
                if let Some(limit) = plan.seats()
                    && seats.used() > u64::from(limit)
                {
                    return Err(Error::LimitReached(format!(
                        "The {} plan has {limit} seats, but {} uses {} ({}). \
                         Remove members or revoke invitations first, or choose a larger plan.",
                        plan.label(),
                        acting
                            .as_ref()
                            .map(|a| a.org_name.as_str())
                            .unwrap_or("this organization"),
                        seats.used(),
                        members::seat_usage(&seats)
                    )));
                }
                tx.db.execute(
                    "UPDATE organizations SET plan = ?1 WHERE id = ?2",
                    params![plan.code(), org],
                )?;
            } else {
                tx.db.execute(
                    "UPDATE accounts SET plan = ?1 WHERE id = ?2",
                    params![plan.code(), actor],
                )?;
            }
            let (column_id, name) = (
                owner_column(context, actor).1.to_string(),
                context_name(tx, &acting)?,
            );
            tx.audit(
                audit_org(&acting),
                "billing.plan_changed",
                Target {
                    kind: "billing",
                    id: Some(&column_id),
                    name: &name,
                },
                json!({ "before": { "plan": before }, "after": { "plan": plan } }),
            )?;
            let (plan, currency) = context_plan(&tx.db, context, actor)?;
            let seats = match context {
                Context::Organization(org) => Some(memberships::seats(&tx.db, org, tx.now)?),
                Context::Personal => None,
            };
            Ok(BillingSummary {
                context: context.clone(),
                balance: balance(&tx.db, context, actor)?,
                currency,
                plan,
                seats,
            })
        })
    }

    /// R33: the purchase (top-up) history (Billing·view).
    pub fn purchases(&self, actor: &AccountId, context: &Context) -> Result<Vec<LedgerEntry>> {
        self.read(actor, |conn| {
            check(conn, context, actor, Permission::BillingView)?;
            ledger_rows(conn, context, actor, Some(LedgerKind::TopUp), HISTORY_ROWS)
        })
    }

    /// R34: the charge history exists only in the personal context.
    pub fn charge_history(&self, actor: &AccountId, context: &Context) -> Result<Vec<LedgerEntry>> {
        if let Context::Organization(_) = context {
            return Err(Error::NotFound(
                "Organizations have no charge history; see the monthly aggregates on the Billing page instead.".into(),
            ));
        }
        self.read(actor, |conn| {
            ledger_rows(conn, context, actor, Some(LedgerKind::Charge), HISTORY_ROWS)
        })
    }

    /// R9, R33: top-ups and charges per month, newest first (Billing·view).
    pub fn monthly_aggregates(
        &self,
        actor: &AccountId,
        context: &Context,
    ) -> Result<Vec<MonthlyAggregate>> {
        self.read(actor, |conn| {
            check(conn, context, actor, Permission::BillingView)?;
            let (column, id) = owner_column(context, actor);
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT strftime('%Y-%m', at / 1000, 'unixepoch') AS month,
                        COALESCE(sum(CASE WHEN kind = 'top_up' THEN amount END), 0),
                        COALESCE(-sum(CASE WHEN kind = 'charge' THEN amount END), 0)
                 FROM ledger WHERE {column} = ?1 GROUP BY month ORDER BY month DESC"
            ))?;
            let rows = stmt
                .query_map([id], |r| {
                    Ok(MonthlyAggregate {
                        month: r.get(0)?,
                        top_ups: r.get(1)?,
                        charges: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::money;

    #[test]
    fn money_reads_in_the_currency() {
        assert_eq!(money(125_050, "USD"), "USD 1,250.50");
        assert_eq!(money(5, "EUR"), "EUR 0.05");
        assert_eq!(money(1_250, "JPY"), "JPY 1,250");
        assert_eq!(money(-1_500, "KWD"), "-KWD 1.500");
    }
}
