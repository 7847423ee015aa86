//! Billing of the current context (R22, R32–R34): the balance (the sum of the ledger),
//! the plan and its seats, plan changes under the seat limit, top-ups, recorded
//! charges, the purchase history and monthly aggregates. The personal context also
//! has its charge history at `/billing/words/history`; organizations have none.

mod amount;
mod balance;
mod charge;
mod history;
mod plan;

pub use history::ChargeHistoryPage;

use crate::api::{self, ApiResult};
use crate::components::{Column, Loaded, Table, col, or_empty};
use crate::format::{money, time};
use crate::state::{Ctx, Route};
use balance::BalanceCard;
use charge::ChargeCard;
use leptos::html;
use leptos::prelude::*;
use plan::PlanCard;
use rolecall_types::cmd;
use rolecall_types::model::{Context, LedgerEntry, MonthlyAggregate};
use rolecall_types::permissions::Permission;

/// The context the page was opened in (the page is drawn again when it changes).
fn current_context(ctx: Ctx) -> Context {
    ctx.session
        .with_untracked(|s| s.as_ref().map(|s| s.context.clone()))
        .unwrap_or(Context::Personal)
}

/// "2025-03" → "March 2025".
fn month_name(month: &str) -> String {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match month.split_once('-') {
        Some((year, m)) => match m.parse::<usize>() {
            Ok(m @ 1..=12) => format!("{} {year}", NAMES[m - 1]),
            _ => month.to_string(),
        },
        None => month.to_string(),
    }
}

/// The name of the current context ("Lee Company", "your personal account").
pub(super) fn context_name(ctx: Ctx) -> String {
    ctx.session.with_untracked(|s| {
        s.as_ref()
            .and_then(|s| s.organization.as_ref())
            .map(|o| o.name.clone())
            .unwrap_or_else(|| "your personal account".into())
    })
}

#[component]
pub fn BillingPage() -> impl IntoView {
    let ctx = Ctx::get();
    let context = current_context(ctx);
    let personal = context == Context::Personal;
    // Memos: the session refreshes after every change, the page body must not.
    let allowed = Memo::new(move |_| personal || ctx.can(Permission::BillingView));
    let subtitle = if personal {
        "Your personal balance and plan. Organizations you belong to are billed on their own."
            .to_string()
    } else {
        format!(
            "The balance and plan of {}. The balance is the sum of every top-up and charge.",
            context_name(ctx)
        )
    };
    view! {
        <header class="page-header row bl-header">
            <div>
                <h1>"Billing"</h1>
                <p class="muted">{subtitle}</p>
            </div>
            {personal.then(|| view! {
                <button class="btn" id="open-charge-history" on:click=move |_| ctx.route.set(Route::ChargeHistory)>
                    "Charge history"
                </button>
            })}
        </header>
        {move || if allowed.get() {
            view! { <BillingBody context=context.clone() /> }.into_any()
        } else {
            view! {
                <p class="notice" id="billing-not-allowed">
                    "Billing needs the Billing · view permission. Ask an Owner or Admin of this organization."
                </p>
            }.into_any()
        }}
    }
}

#[component]
fn BillingBody(context: Context) -> impl IntoView {
    let ctx = Ctx::get();
    let personal = context == Context::Personal;
    let can_manage = Memo::new(move |_| personal || ctx.can(Permission::BillingManage));
    let summary = ctx.read_in(&context, |context| cmd::BillingSummary { context });
    let purchases = ctx.read_in(&context, |context| cmd::Purchases { context });
    let months = ctx.read_in(&context, |context| cmd::MonthlyAggregates { context });
    // Without Agents·view the charge simply has no agent to pick.
    let agents = or_empty({
        let context = context.clone();
        ctx.read(move || {
            let (manage, context) = (can_manage.get(), context.clone());
            async move {
                match manage {
                    true => api::call(cmd::ListAgents { context }).await,
                    false => Ok(Vec::new()),
                }
            }
        })
    });
    let current = Memo::new(move |_| summary.get().and_then(Result::ok));
    let currency = Memo::new(move |_| {
        current.with(|s| s.as_ref().map_or("USD".into(), |s| s.currency.clone()))
    });
    let topup_ref = NodeRef::<html::Input>::new();
    let focus_topup = move |_| {
        if let Some(input) = topup_ref.get_untracked() {
            let _ = input.focus();
        }
    };
    let charge_context = context.clone();
    view! {
        <Loaded data=summary children=|_| () />
        <div class="bl-grid">
            <div class="bl-col">
                <BalanceCard context=context.clone() summary=current currency can_manage topup_ref />
                <Show when=move || can_manage.get()>
                    <ChargeCard context=charge_context.clone() summary=current currency agents />
                </Show>
            </div>
            <PlanCard context summary=current can_manage />
        </div>
        <HistoryCard
            id="purchases"
            title="Purchase history"
            note="Every top-up, newest first"
            data=purchases
            empty="No purchases yet."
            topup=("btn btn-primary", Some("purchases-empty-topup"))
            list_id="purchase-list"
            columns=[col("Date"), col("Description"), col("By"), col("Amount").class("num")]
            can_manage
            on_topup=Callback::new(focus_topup)
            row=|e: LedgerEntry, cur: &str| view! {
                <tr class="purchase-row">
                    <td class="muted">{time(Some(e.at))}</td>
                    <td>{e.description.clone()}</td>
                    <td>{e.actor_name.clone()}</td>
                    <td class="num bl-plus">{format!("+{}", money(e.amount, cur))}</td>
                </tr>
            }
            currency
        />
        <HistoryCard
            id="monthly"
            title="Monthly aggregates"
            note="Months in UTC"
            data=months
            empty="No top-ups or charges yet."
            topup=("btn", None)
            list_id="monthly-list"
            columns=[col("Month"), col("Top-ups").class("num"), col("Charges").class("num"), col("Net").class("num")]
            can_manage
            on_topup=Callback::new(focus_topup)
            row=|m: MonthlyAggregate, cur: &str| {
                let net = m.top_ups - m.charges;
                view! {
                    <tr class="month-row" data-month=m.month.clone()>
                        <td>{month_name(&m.month)}</td>
                        <td class="num month-topups">{money(m.top_ups, cur)}</td>
                        <td class="num month-charges">{money(m.charges, cur)}</td>
                        <td class="num" class:bl-minus=net < 0>{money(net, cur)}</td>
                    </tr>
                }
            }
            currency
        />
    }
}

/// A wide card of the billing history: its title and note, then a table with a row per
/// entry, or the empty state with a Top up button for those who may top up.
#[component]
fn HistoryCard<T, V>(
    /// The section's id; its title's is `<id>-title`, the empty state's `<id>-empty`.
    id: &'static str,
    title: &'static str,
    note: &'static str,
    data: LocalResource<ApiResult<Vec<T>>>,
    empty: &'static str,
    /// The empty state's Top up button: its class and id.
    topup: (&'static str, Option<&'static str>),
    list_id: &'static str,
    /// The column heads.
    #[prop(into)]
    columns: Vec<Column>,
    can_manage: Memo<bool>,
    on_topup: Callback<()>,
    /// One entry's row, in the context's currency.
    row: fn(T, &str) -> V,
    currency: Memo<String>,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let (title_id, labelled_by) = (format!("{id}-title"), format!("{id}-title"));
    view! {
        <section class="card list-card bl-card-wide" id=id aria-labelledby=labelled_by>
            <div class="bl-card-head">
                <h2 id=title_id>{title}</h2>
                <span class="muted small">{note}</span>
            </div>
            <Loaded data let:list>
                {if list.is_empty() {
                    view! {
                        <div class="empty-state" id=format!("{id}-empty")>
                            <p>{empty}</p>
                            <Show when=move || can_manage.get()>
                                <button class=topup.0 id=topup.1 on:click=move |_| on_topup.run(())>"Top up"</button>
                            </Show>
                        </div>
                    }.into_any()
                } else {
                    let cur = currency.get_untracked();
                    view! {
                        <Table class="bl-table" id=list_id columns=columns.clone()>
                            {list.into_iter().map(|e| row(e, &cur)).collect_view()}
                        </Table>
                    }.into_any()
                }}
            </Loaded>
        </section>
    }
}
