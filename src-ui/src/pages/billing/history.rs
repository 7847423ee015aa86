//! R34: the personal context's charges, newest first.

use crate::components::{Loaded, or_empty};
use crate::format::{count, money, time};
use crate::state::{Ctx, Route};
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::ids::AgentId;
use rolecall_types::model::Context;

#[component]
pub fn ChargeHistoryPage() -> impl IntoView {
    let ctx = Ctx::get();
    let summary = ctx.read_in(&Context::Personal, |context| cmd::BillingSummary {
        context,
    });
    let currency = Memo::new(move |_| {
        summary
            .get()
            .and_then(Result::ok)
            .map_or("USD".into(), |s| s.currency)
    });
    let agents = or_empty(ctx.read_in(&Context::Personal, |context| cmd::ListAgents { context }));
    let charges = ctx.read_in(&Context::Personal, |context| cmd::ChargeHistory { context });
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
            <Loaded data=charges let:list>
                {if list.is_empty() {
                    view! {
                        <div class="empty-state" id="charges-empty">
                            <p>"No charges yet."</p>
                            <button class="btn btn-primary" id="charges-empty-record" on:click=move |_| ctx.route.set(Route::Billing)>
                                "Record a charge"
                            </button>
                        </div>
                    }.into_any()
                } else {
                    let cur = currency.get_untracked();
                    let total: i64 = list.iter().map(|e| -e.amount).sum();
                    let charges = count(list.len() as u64, "charge", "charges");
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
                                        <td class="muted">{time(Some(e.at))}</td>
                                        <td>{e.description.clone()}</td>
                                        <td>{agent_name(&e.agent_id)}</td>
                                        <td>{e.actor_name.clone()}</td>
                                        <td class="num bl-minus">{format!("−{}", money(-e.amount, &cur))}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                            <tfoot><tr>
                                <td colspan="4" class="muted">{charges}</td>
                                <td class="num" id="charges-total">{format!("−{}", money(total, &cur))}</td>
                            </tr></tfoot>
                        </table>
                    }.into_any()
                }}
            </Loaded>
        </section>
    }
}
