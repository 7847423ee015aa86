//! Billing of the current context (R22, R32–R34): the balance (the sum of the ledger),
//! the plan and its seats, plan changes under the seat limit, top-ups, recorded
//! charges, the purchase history and monthly aggregates. The personal context also
//! has its charge history at `/billing/words/history`; organizations have none.

use super::chosen_id;
use crate::api;
use crate::components::{Confirm, ConfirmDialog};
use crate::state::{Ctx, Route, currency_decimals, format_money, format_time};
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::ids::AgentId;
use rolecall_types::model::{
    ALL_PLANS, Agent, BillingSummary, ChargeRequest, Context, LedgerEntry, MonthlyAggregate, Plan,
};
use rolecall_types::permissions::Permission;
use rolecall_types::validate::TOP_UP_MAX;
use std::sync::Arc;

/// The largest single charge the core accepts, in minor units.
const CHARGE_MAX: i64 = 1_000_000_000_000;

/// The context the page was opened in (the page is drawn again when it changes).
fn current_context(ctx: Ctx) -> Context {
    ctx.session
        .with_untracked(|s| s.as_ref().map(|s| s.context.clone()))
        .unwrap_or(Context::Personal)
}

/// Reads an amount typed in major units ("25", "12.50") as minor units of a currency
/// with `decimals` decimals. Amounts too large for any ledger come back as `i64::MAX`,
/// so the caller's upper limit names them.
fn parse_amount(text: &str, currency: &str, decimals: u32) -> Result<i64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Enter an amount.".into());
    }
    if text.starts_with('-') {
        return Err("The amount must be more than zero.".into());
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        let example = match decimals {
            0 => "25".to_string(),
            d => format!("25.{}", "0".repeat(d as usize)),
        };
        return Err(format!(
            "Type the amount in {currency} with digits only, such as {example}."
        ));
    }
    if fraction.len() > decimals as usize {
        return Err(match decimals {
            0 => format!("{currency} amounts have no decimals."),
            1 => format!("{currency} amounts have at most 1 decimal."),
            d => format!("{currency} amounts have at most {d} decimals."),
        });
    }
    let scale = 10i64.pow(decimals);
    let fraction = format!("{fraction:0<width$}", width = decimals as usize);
    let whole = if whole.is_empty() { "0" } else { whole };
    let minor = whole
        .parse::<i64>()
        .ok()
        .and_then(|w| w.checked_mul(scale))
        .and_then(|w| w.checked_add(fraction.parse::<i64>().unwrap_or(0)))
        .unwrap_or(i64::MAX);
    Ok(minor)
}

/// Checks a typed amount against 1..=`max` minor units; `what` names it ("A top-up").
fn checked_amount(text: &str, currency: &str, max: i64, what: &str) -> Result<i64, String> {
    let minor = parse_amount(text, currency, currency_decimals(currency))?;
    if minor < 1 {
        Err("The amount must be more than zero.".into())
    } else if minor > max {
        Err(format!(
            "{what} is at most {}.",
            format_money(max, currency)
        ))
    } else {
        Ok(minor)
    }
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

/// "3 seats", "Unlimited seats".
fn seats_words(plan: Plan) -> String {
    match plan.seats() {
        Some(n) => format!("{n} seats"),
        None => "Unlimited seats".into(),
    }
}

fn rank(plan: Plan) -> usize {
    ALL_PLANS.iter().position(|p| *p == plan).unwrap_or(0)
}

/// The name of the current context ("Lee Company", "your personal account").
fn context_name(ctx: Ctx) -> String {
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
    let summary = RwSignal::new(None::<Result<BillingSummary, String>>);
    let purchases = RwSignal::new(None::<Result<Vec<LedgerEntry>, String>>);
    let months = RwSignal::new(None::<Result<Vec<MonthlyAggregate>, String>>);
    let agents = RwSignal::new(Vec::<Agent>::new());
    let confirm = RwSignal::new(None::<Confirm>);
    let topup_ref = NodeRef::<html::Input>::new();

    let load = context.clone();
    Effect::new(move |_| {
        let _ = ctx.version.get();
        let context = load.clone();
        spawn_local(async move {
            let s = api::call(cmd::BillingSummary {
                context: context.clone(),
            })
            .await
            .map_err(|e| e.message);
            summary.try_set(Some(s));
            let p = api::call(cmd::Purchases {
                context: context.clone(),
            })
            .await
            .map_err(|e| e.message);
            purchases.try_set(Some(p));
            let m = api::call(cmd::MonthlyAggregates { context })
                .await
                .map_err(|e| e.message);
            months.try_set(Some(m));
        });
    });
    let load = context.clone();
    Effect::new(move |_| {
        if !can_manage.get() {
            return;
        }
        let context = load.clone();
        spawn_local(async move {
            // Without Agents·view the charge simply has no agent to pick.
            agents.try_set(
                api::call(cmd::ListAgents { context })
                    .await
                    .unwrap_or_default(),
            );
        });
    });
    let currency = Memo::new(move |_| {
        summary.with(|s| match s {
            Some(Ok(s)) => s.currency.clone(),
            _ => "USD".to_string(),
        })
    });
    let charge_context = context.clone();
    let focus_topup = move || {
        if let Some(input) = topup_ref.get_untracked() {
            let _ = input.focus();
        }
    };

    view! {
        {move || match summary.get() {
            None => view! { <p class="muted">"Loading…"</p> }.into_any(),
            Some(Err(message)) => view! { <p class="form-error" role="alert">{message}</p> }.into_any(),
            Some(Ok(_)) => ().into_any(),
        }}
        <div class="bl-grid">
            <div class="bl-col">
                <BalanceCard context=context.clone() summary currency can_manage topup_ref />
                <Show when=move || can_manage.get()>
                    <ChargeCard context=charge_context.clone() summary currency agents />
                </Show>
            </div>
            <PlanCard context=context.clone() summary can_manage confirm />
        </div>
        <section class="card list-card bl-card-wide" id="purchases" aria-labelledby="purchases-title">
            <div class="bl-card-head">
                <h2 id="purchases-title">"Purchase history"</h2>
                <span class="muted small">"Every top-up, newest first"</span>
            </div>
            {move || match purchases.get() {
                None => view! { <p class="muted pad">"Loading…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="form-error pad" role="alert">{message}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <div class="empty-state" id="purchases-empty">
                        <p>"No purchases yet."</p>
                        <Show when=move || can_manage.get()>
                            <button class="btn btn-primary" id="purchases-empty-topup" on:click=move |_| focus_topup()>"Top up"</button>
                        </Show>
                    </div>
                }.into_any(),
                Some(Ok(list)) => {
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
                                        <td class="muted">{format_time(Some(e.at))}</td>
                                        <td>{e.description.clone()}</td>
                                        <td>{e.actor_name.clone()}</td>
                                        <td class="num bl-plus">{format!("+{}", format_money(e.amount, &cur))}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }
            }}
        </section>
        <section class="card list-card bl-card-wide" id="monthly" aria-labelledby="monthly-title">
            <div class="bl-card-head">
                <h2 id="monthly-title">"Monthly aggregates"</h2>
                <span class="muted small">"Months in UTC"</span>
            </div>
            {move || match months.get() {
                None => view! { <p class="muted pad">"Loading…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="form-error pad" role="alert">{message}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <div class="empty-state" id="monthly-empty">
                        <p>"No top-ups or charges yet."</p>
                        <Show when=move || can_manage.get()>
                            <button class="btn" on:click=move |_| focus_topup()>"Top up"</button>
                        </Show>
                    </div>
                }.into_any(),
                Some(Ok(list)) => {
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
                                            <td class="num month-topups">{format_money(m.top_ups, &cur)}</td>
                                            <td class="num month-charges">{format_money(m.charges, &cur)}</td>
                                            <td class="num" class:bl-minus=net < 0>{format_money(net, &cur)}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }
            }}
        </section>
        <ConfirmDialog request=confirm />
    }
}

/// An amount typed in major units, with the currency in front and its error under it.
#[component]
fn AmountField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    error: RwSignal<Option<String>>,
    currency: Memo<String>,
    #[prop(optional)] input_ref: Option<NodeRef<html::Input>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    let placeholder = move || match currency_decimals(&currency.get()) {
        0 => "0".to_string(),
        d => format!("0.{}", "0".repeat(d as usize)),
    };
    view! {
        <div class="field bl-amount-field" class:has-error=move || error.get().is_some()>
            <label for=id>{label}</label>
            <div class="bl-amount">
                <span class="bl-currency" aria-hidden="true">{move || currency.get()}</span>
                <input
                    id=id
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    placeholder=placeholder
                    node_ref=input_ref.unwrap_or_default()
                    prop:value=move || value.get()
                    on:input=move |ev| {
                        value.set(event_target_value(&ev));
                        error.set(None);
                    }
                    aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                    aria-describedby=described
                />
            </div>
            <span class="field-error" id=error_id role="alert">{move || error.get().unwrap_or_default()}</span>
        </div>
    }
}

#[component]
fn BalanceCard(
    context: Context,
    summary: RwSignal<Option<Result<BillingSummary, String>>>,
    currency: Memo<String>,
    can_manage: Memo<bool>,
    topup_ref: NodeRef<html::Input>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let amount = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let top_up = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let cur = currency.get_untracked();
        let minor = match checked_amount(&amount.get_untracked(), &cur, TOP_UP_MAX, "A top-up") {
            Ok(minor) => minor,
            Err(message) => {
                error.set(Some(message));
                return;
            }
        };
        busy.set(true);
        let request = cmd::TopUp {
            context: context.clone(),
            amount: minor,
        };
        spawn_local(async move {
            match api::call(request).await {
                Ok(balance) => {
                    amount.try_set(String::new());
                    error.try_set(None);
                    ctx.toast(format!(
                        "Added {}. The balance is now {}.",
                        format_money(minor, &cur),
                        format_money(balance, &cur)
                    ));
                    ctx.changed();
                }
                Err(e) => {
                    error.try_set(Some(e.message));
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <section class="card bl-card" id="balance-card" aria-labelledby="balance-title">
            <h2 id="balance-title" class="bl-label">"Balance"</h2>
            <p class="bl-figure" id="billing-balance">{move || summary.with(|s| match s {
                Some(Ok(s)) => format_money(s.balance, &s.currency),
                _ => "—".to_string(),
            })}</p>
            <p class="muted small bl-note">{move || format!("Held in {}. Top-ups add to it; charges take from it and never below zero.", currency.get())}</p>
            <Show when=move || can_manage.get()>
                <form class="bl-inline-form" id="topup-form" on:submit=top_up.clone() novalidate=true>
                    <AmountField id="topup-amount" label="Top up" value=amount error currency input_ref=topup_ref />
                    <button class="btn btn-primary" id="topup-submit" type="submit" disabled=move || busy.get()>
                        {move || if busy.get() { "Adding…" } else { "Top up" }}
                    </button>
                </form>
            </Show>
        </section>
    }
}

#[component]
fn PlanCard(
    context: Context,
    summary: RwSignal<Option<Result<BillingSummary, String>>>,
    can_manage: Memo<bool>,
    confirm: RwSignal<Option<Confirm>>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let personal = context == Context::Personal;
    let chosen = RwSignal::new(None::<Plan>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let current = Memo::new(move |_| {
        summary.with(|s| match s {
            Some(Ok(s)) => Some((s.plan, s.seats)),
            _ => None,
        })
    });
    let selected = move || chosen.get().or_else(|| current.get().map(|c| c.0));
    let apply = {
        let context = context.clone();
        Arc::new(move |plan: Plan| {
            busy.set(true);
            let request = cmd::ChangePlan {
                context: context.clone(),
                plan,
            };
            spawn_local(async move {
                match api::call(request).await {
                    Ok(s) => {
                        summary.try_set(Some(Ok(s)));
                        chosen.try_set(None);
                        error.try_set(None);
                        ctx.toast(format!("The plan is now {}.", plan.label()));
                        ctx.changed();
                    }
                    Err(e) => {
                        error.try_set(Some(e.message));
                    }
                }
                busy.try_set(false);
            });
        })
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (Some(plan), Some((now, seats))) = (chosen.get_untracked(), current.get_untracked())
        else {
            return;
        };
        if plan == now || busy.get_untracked() {
            return;
        }
        // A smaller plan that still holds everyone is confirmed; one that does not is
        // sent as is, so the core's refusal (naming the limit) shows next to the control.
        let fits = match (seats, plan.seats()) {
            (Some(s), Some(limit)) => s.used() <= u64::from(limit),
            _ => true,
        };
        if rank(plan) < rank(now) && fits {
            let apply = apply.clone();
            let message = match (seats, plan.seats()) {
                (Some(s), Some(limit)) => format!(
                    "The {} plan has {limit} seats; {} uses {} now. Adding members or invitations beyond {limit} will be refused. You can change the plan again at any time.",
                    plan.label(),
                    context_name(ctx),
                    s.used()
                ),
                _ => format!(
                    "You move from the {} plan to the {} plan. You can change it again at any time.",
                    now.label(),
                    plan.label()
                ),
            };
            confirm.set(Some(Confirm {
                title: format!("Move down to the {} plan?", plan.label()),
                message,
                confirm: format!("Move to {}", plan.label()),
                cancel: format!("Keep {}", now.label()),
                danger: false,
                action: Arc::new(move || apply(plan)),
            }));
        } else {
            apply(plan);
        }
    };
    let seat_line = move || {
        current.get().and_then(|(_, seats)| seats).map(|s| {
            let used = s.used();
            let (text, share) = match s.limit {
                Some(limit) => (
                    format!("{used} of {limit} seats"),
                    (used as f64 / f64::from(limit.max(1)) * 100.0).min(100.0),
                ),
                None => (format!("{used} seats in use · unlimited"), 0.0),
            };
            let full = s.limit.is_some_and(|l| used >= u64::from(l));
            let detail = format!(
                "{} {} and {} pending {}",
                s.members,
                if s.members == 1 { "member" } else { "members" },
                s.pending_invitations,
                if s.pending_invitations == 1 {
                    "invitation"
                } else {
                    "invitations"
                }
            );
            view! {
                <div class="bl-seats">
                    <div class="bl-seats-line">
                        <strong id="billing-seats">{text}</strong>
                        <span class="muted small">{detail}</span>
                    </div>
                    {s.limit.map(|limit| view! {
                        <div
                            class="bl-meter"
                            class:full=full
                            role="progressbar"
                            aria-label="Seats in use"
                            aria-valuemin="0"
                            aria-valuemax=limit.to_string()
                            aria-valuenow=used.to_string()
                        >
                            <div class="bl-meter-fill" style:width=format!("{share:.1}%")></div>
                        </div>
                    })}
                </div>
            }
        })
    };
    view! {
        <section class="card bl-card" id="plan-card" aria-labelledby="plan-title">
            <h2 id="plan-title" class="bl-label">"Plan"</h2>
            <p class="bl-figure" id="billing-plan">{move || current.get().map(|c| c.0.label()).unwrap_or("—")}</p>
            {move || if personal {
                view! { <p class="muted small bl-note" id="billing-no-seats">"A personal account has no seats: it is yours alone."</p> }.into_any()
            } else {
                seat_line().into_any()
            }}
            <Show when=move || can_manage.get()>
                <form class="bl-plan-form" id="plan-form" on:submit=submit.clone() novalidate=true>
                    <fieldset class="plain">
                        <legend class="label bl-legend">"Change plan"</legend>
                        <div class="bl-plans" role="radiogroup" aria-describedby="plan-error">
                            {ALL_PLANS.iter().copied().map(|p| {
                                let id = format!("plan-option-{}", p.code());
                                let too_small = move || current.get().and_then(|(_, s)| s).is_some_and(|s| {
                                    p.seats().is_some_and(|l| s.used() > u64::from(l))
                                });
                                view! {
                                    <label class="bl-plan" class:selected=move || selected() == Some(p) for=id.clone()>
                                        <input
                                            type="radio"
                                            name="plan"
                                            id=id.clone()
                                            value=p.code()
                                            prop:checked=move || selected() == Some(p)
                                            on:change=move |_| {
                                                chosen.set(Some(p));
                                                error.set(None);
                                            }
                                        />
                                        <span class="bl-plan-text">
                                            <span class="bl-plan-name">
                                                {p.label()}
                                                {move || (current.get().map(|c| c.0) == Some(p)).then(|| view! { <span class="badge">"Current"</span> })}
                                            </span>
                                            {(!personal).then(|| view! { <span class="muted small">{seats_words(p)}</span> })}
                                            {move || (!personal && too_small()).then(|| view! {
                                                <span class="bl-plan-warn small">"Fewer seats than in use"</span>
                                            })}
                                        </span>
                                    </label>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                    <p class="form-error bl-plan-error" id="plan-error" role="alert">{move || error.get().unwrap_or_default()}</p>
                    <div class="bl-plan-actions">
                        <button
                            class="btn btn-primary"
                            id="plan-submit"
                            type="submit"
                            disabled=move || busy.get() || chosen.get().is_none() || chosen.get() == current.get().map(|c| c.0)
                            title=move || (chosen.get().is_none() || chosen.get() == current.get().map(|c| c.0)).then_some("Pick a plan other than the current one.")
                        >
                            "Change plan"
                        </button>
                    </div>
                </form>
            </Show>
        </section>
    }
}

#[component]
fn ChargeCard(
    context: Context,
    summary: RwSignal<Option<Result<BillingSummary, String>>>,
    currency: Memo<String>,
    agents: RwSignal<Vec<Agent>>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let description = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    // `None`: no agent.
    let agent = RwSignal::new(None::<AgentId>);
    let description_error = RwSignal::new(None::<String>);
    let amount_error = RwSignal::new(None::<String>);
    let general = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let cur = currency.get_untracked();
        general.set(None);
        let text = description.get_untracked();
        if text.trim().is_empty() {
            description_error.set(Some("Say what the charge is for.".into()));
        }
        let minor = match checked_amount(&amount.get_untracked(), &cur, CHARGE_MAX, "A charge") {
            Ok(minor) => minor,
            Err(message) => {
                amount_error.set(Some(message));
                return;
            }
        };
        if text.trim().is_empty() {
            return;
        }
        let balance = summary.with_untracked(|s| match s {
            Some(Ok(s)) => Some(s.balance),
            _ => None,
        });
        if let Some(balance) = balance
            && balance < minor
        {
            amount_error.set(Some(format!(
                "The balance ({}) does not cover a charge of {}. Top up first.",
                format_money(balance, &cur),
                format_money(minor, &cur)
            )));
            return;
        }
        let charge = ChargeRequest {
            description: text.trim().to_string(),
            amount: minor,
            agent_id: agent.get_untracked(),
        };
        let charged = charge.amount;
        let request = cmd::RecordCharge {
            context: context.clone(),
            charge,
        };
        busy.set(true);
        spawn_local(async move {
            match api::call(request).await {
                Ok(balance) => {
                    description.try_set(String::new());
                    amount.try_set(String::new());
                    agent.try_set(None);
                    ctx.toast(format!(
                        "Charged {}. The balance is now {}.",
                        format_money(charged, &cur),
                        format_money(balance, &cur)
                    ));
                    ctx.changed();
                }
                Err(e) => match e.field.as_deref() {
                    Some("description") => {
                        description_error.try_set(Some(e.message));
                    }
                    Some("amount") => {
                        amount_error.try_set(Some(e.message));
                    }
                    _ => {
                        general.try_set(Some(e.message));
                    }
                },
            }
            busy.try_set(false);
        });
    };
    view! {
        <section class="card bl-card" id="charge-card" aria-labelledby="charge-title">
            <h2 id="charge-title">"Record charge"</h2>
            <p class="muted small bl-note">"Records usage against the balance, for example an agent's monthly cost."</p>
            <form class="form" id="charge-form" on:submit=submit novalidate=true>
                <div class="field" class:has-error=move || description_error.get().is_some()>
                    <label for="charge-description">"Description"</label>
                    <input
                        id="charge-description"
                        type="text"
                        maxlength="200"
                        autocomplete="off"
                        prop:value=move || description.get()
                        on:input=move |ev| {
                            description.set(event_target_value(&ev));
                            description_error.set(None);
                        }
                        aria-invalid=move || if description_error.get().is_some() { "true" } else { "false" }
                        aria-describedby="charge-description-error"
                    />
                    <span class="field-error" id="charge-description-error" role="alert">{move || description_error.get().unwrap_or_default()}</span>
                </div>
                <div class="form-row">
                    <AmountField id="charge-amount" label="Amount" value=amount error=amount_error currency />
                    <div class="field">
                        <label for="charge-agent">"Agent (optional)"</label>
                        <select
                            id="charge-agent"
                            prop:value=move || agent.with(|a| a.as_ref().map(AgentId::to_string).unwrap_or_default())
                            on:change=move |ev| agent.set(chosen_id(event_target_value(&ev)))
                        >
                            <option value="">"No agent"</option>
                            {move || agents.get().into_iter().map(|a| view! {
                                <option value=a.id.to_string()>{a.name.clone()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </div>
                <p class="form-error" id="charge-error" role="alert">{move || general.get().unwrap_or_default()}</p>
                <div class="form-actions">
                    <button class="btn btn-primary" id="charge-submit" type="submit" disabled=move || busy.get()>
                        "Record charge"
                    </button>
                </div>
            </form>
        </section>
    }
}

/// R34: the personal context's charges, newest first.
#[component]
pub fn ChargeHistoryPage() -> impl IntoView {
    let ctx = Ctx::get();
    let charges = RwSignal::new(None::<Result<Vec<LedgerEntry>, String>>);
    let currency = RwSignal::new("USD".to_string());
    let agents = RwSignal::new(Vec::<Agent>::new());
    Effect::new(move |_| {
        let _ = ctx.version.get();
        spawn_local(async move {
            if let Ok(s) = api::call(cmd::BillingSummary {
                context: Context::Personal,
            })
            .await
            {
                currency.try_set(s.currency);
            }
            agents.try_set(
                api::call(cmd::ListAgents {
                    context: Context::Personal,
                })
                .await
                .unwrap_or_default(),
            );
            let list = api::call(cmd::ChargeHistory {
                context: Context::Personal,
            })
            .await
            .map_err(|e| e.message);
            charges.try_set(Some(list));
        });
    });
    let agent_name = move |id: &Option<AgentId>| match id {
        None => "—".to_string(),
        Some(id) => agents.with_untracked(|list| {
            list.iter()
                .find(|a| &a.id == id)
                .map(|a| a.name.clone())
                .unwrap_or_else(|| "Deleted agent".into())
        }),
    };
    view! {
        <header class="page-header row bl-header">
            <div>
                <h1>"Charge history"</h1>
                <p class="muted">"Every charge to your personal balance, newest first. Organizations show monthly aggregates on their Billing page instead."</p>
            </div>
            <button class="btn" id="back-to-billing" on:click=move |_| ctx.route.set(Route::Billing)>"Back to billing"</button>
        </header>
        <section class="card list-card bl-card-wide" id="charge-history" aria-label="Charges">
            {move || match charges.get() {
                None => view! { <p class="muted pad">"Loading…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="form-error pad" role="alert">{message}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <div class="empty-state" id="charges-empty">
                        <p>"No charges yet."</p>
                        <button class="btn btn-primary" id="charges-empty-record" on:click=move |_| ctx.route.set(Route::Billing)>
                            "Record a charge"
                        </button>
                    </div>
                }.into_any(),
                Some(Ok(list)) => {
                    let cur = currency.get_untracked();
                    let total: i64 = list.iter().map(|e| -e.amount).sum();
                    let count = list.len();
                    view! {
                        <table class="bl-table" id="charge-list">
                            <thead><tr>
                                <th scope="col">"Date"</th>
                                <th scope="col">"Description"</th>
                                <th scope="col">"Agent"</th>
                                <th scope="col">"By"</th>
                                <th scope="col" class="num">"Amount"</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|e| view! {
                                    <tr class="charge-row">
                                        <td class="muted">{format_time(Some(e.at))}</td>
                                        <td>{e.description.clone()}</td>
                                        <td>{agent_name(&e.agent_id)}</td>
                                        <td>{e.actor_name.clone()}</td>
                                        <td class="num bl-minus">{format!("−{}", format_money(-e.amount, &cur))}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                            <tfoot><tr>
                                <td colspan="4" class="muted">{format!("{count} {}", if count == 1 { "charge" } else { "charges" })}</td>
                                <td class="num" id="charges-total">{format!("−{}", format_money(total, &cur))}</td>
                            </tr></tfoot>
                        </table>
                    }.into_any()
                }
            }}
        </section>
    }
}
