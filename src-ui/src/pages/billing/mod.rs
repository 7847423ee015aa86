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

use crate::api;
use crate::components::{Loaded, or_empty};
use crate::format::{money, time};
use crate::state::{Ctx, Route};
use balance::BalanceCard;
use charge::ChargeCard;
use leptos::html;
use leptos::prelude::*;
use plan::PlanCard;
use rolecall_types::cmd;
use rolecall_types::model::Context;
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
        <section class="card list-card bl-card-wide" id="purchases" aria-labelledby="purchases-title">
            <div class="bl-card-head">
                <h2 id="purchases-title">"Purchase history"</h2>
                <span class="muted small">"Every top-up, newest first"</span>
            </div>
            <Loaded data=purchases let:list>
                {if list.is_empty() {
                    view! {
                        <div class="empty-state" id="purchases-empty">
                            <p>"No purchases yet."</p>
                            <Show when=move || can_manage.get()>
                                <button class="btn btn-primary" id="purchases-empty-topup" on:click=focus_topup>"Top up"</button>
                            </Show>
                        </div>
                    }.into_any()
                } else {
                    let cur = currency.get_untracked();
                    view! {
                        <table class="bl-table" id="purchase-list">
                            <thead><tr>
                                <th scope="col">"Date"</th>
                                <th scope="col">"Description"</th>
                                <th scope="col">"By"</th>
                                <th scope="col" class="num">"Amount"</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|e| view! {
                                    <tr class="purchase-row">
                                        <td class="muted">{time(Some(e.at))}</td>
                                        <td>{e.description.clone()}</td>
                                        <td>{e.actor_name.clone()}</td>
                                        <td class="num bl-plus">{format!("+{}", money(e.amount, &cur))}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            </Loaded>
        </section>
        <section class="card list-card bl-card-wide" id="monthly" aria-labelledby="monthly-title">
            <div class="bl-card-head">
                <h2 id="monthly-title">"Monthly aggregates"</h2>
                <span class="muted small">"Months in UTC"</span>
            </div>
            <Loaded data=months let:list>
                {if list.is_empty() {
                    view! {
                        <div class="empty-state" id="monthly-empty">
                            <p>"No top-ups or charges yet."</p>
                            <Show when=move || can_manage.get()>
                                <button class="btn" on:click=focus_topup>"Top up"</button>
                            </Show>
                        </div>
                    }.into_any()
                } else {
                    let cur = currency.get_untracked();
                    view! {
                        <table class="bl-table" id="monthly-list">
                            <thead><tr>
                                <th scope="col">"Month"</th>
                                <th scope="col" class="num">"Top-ups"</th>
                                <th scope="col" class="num">"Charges"</th>
                                <th scope="col" class="num">"Net"</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|m| {
                                    let net = m.top_ups - m.charges;
                                    view! {
                                        <tr class="month-row" data-month=m.month.clone()>
                                            <td>{month_name(&m.month)}</td>
                                            <td class="num month-topups">{money(m.top_ups, &cur)}</td>
                                            <td class="num month-charges">{money(m.charges, &cur)}</td>
                                            <td class="num" class:bl-minus=net < 0>{money(net, &cur)}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            </Loaded>
        </section>
    }
}
