//! The plan and its seats (R22): plan changes are refused by the core under the seats
//! in use (its words next to the control), and a smaller plan is confirmed first.

use super::context_name;
use crate::components::{Confirm, Meter, show_in};
use crate::format::count;
use crate::state::Ctx;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::model::{ALL_PLANS, BillingSummary, Context, Plan};

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

#[component]
pub(super) fn PlanCard(
    context: Context,
    summary: Memo<Option<BillingSummary>>,
    can_manage: Memo<bool>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let personal = context == Context::Personal;
    let chosen = RwSignal::new(None::<Plan>);
    let error = RwSignal::new(None::<String>);
    let current = Memo::new(move |_| summary.with(|s| s.as_ref().map(|s| (s.plan, s.seats))));
    let selected = move || chosen.get().or_else(|| current.get().map(|c| c.0));
    let change = Action::new_local(move |plan: &Plan| {
        let (plan, request) = (
            *plan,
            cmd::ChangePlan {
                context: context.clone(),
                plan: *plan,
            },
        );
        async move {
            let done = |_: &BillingSummary| format!("The plan is now {}.", plan.label());
            if ctx.save(request, done, show_in(error)).await.is_some() {
                chosen.set(None);
                error.set(None);
            }
        }
    });
    let busy = change.pending();
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
        if rank(plan) >= rank(now) || !fits {
            change.dispatch(plan);
            return;
        }
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
        let question = Confirm {
            danger: false,
            ..Confirm::danger(
                format!("Move down to the {} plan?", plan.label()),
                message,
                &format!("Move to {}", plan.label()),
                &format!("Keep {}", now.label()),
            )
        };
        ctx.ask(question, move || {
            change.dispatch(plan);
        });
    };
    let seat_line = move || {
        current.get().and_then(|(_, seats)| seats).map(|s| {
            let used = s.used();
            let text = match s.limit {
                Some(limit) => format!("{used} of {limit} seats"),
                None => format!("{used} seats in use · unlimited"),
            };
            let detail = format!(
                "{} and {}",
                count(s.members, "member", "members"),
                count(s.pending_invitations, "pending invitation", "pending invitations")
            );
            view! {
                <div class="bl-seats">
                    <div class="bl-seats-line">
                        <strong id="billing-seats">{text}</strong>
                        <span class="muted small">{detail}</span>
                    </div>
                    {s.limit.map(|limit| view! { <Meter label="Seats in use" now=used max=u64::from(limit) /> })}
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
                <form class="bl-plan-form" id="plan-form" on:submit=submit novalidate=true>
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
