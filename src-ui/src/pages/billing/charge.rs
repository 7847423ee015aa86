//! Recording a charge against the balance (R33), for example an agent's monthly cost.

use super::amount::{AmountField, checked_amount};
use crate::format::money;
use crate::pages::chosen_id;
use crate::state::Ctx;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use rolecall_types::IpcError;
use rolecall_types::cmd;
use rolecall_types::ids::AgentId;
use rolecall_types::model::{Agent, BillingSummary, ChargeRequest, Context};

/// The largest single charge the core accepts, in minor units.
const CHARGE_MAX: i64 = 1_000_000_000_000;

#[component]
pub(super) fn ChargeCard(
    context: Context,
    summary: Memo<Option<BillingSummary>>,
    currency: Memo<String>,
    agents: Memo<Vec<Agent>>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let [description, amount] = std::array::from_fn(|_| RwSignal::new(String::new()));
    // `None`: no agent.
    let agent = RwSignal::new(None::<AgentId>);
    let [description_error, amount_error, general] =
        std::array::from_fn(|_| RwSignal::new(None::<String>));
    let record = Action::new_local(move |charge: &ChargeRequest| {
        let (charged, cur) = (charge.amount, currency.get_untracked());
        let request = cmd::RecordCharge {
            context: context.clone(),
            charge: charge.clone(),
        };
        let done = move |balance: &i64| {
            let (charged, balance) = (money(charged, &cur), money(*balance, &cur));
            format!("Charged {charged}. The balance is now {balance}.")
        };
        let refused = move |e: IpcError| match e.field.as_deref() {
            Some("description") => description_error.set(Some(e.message)),
            Some("amount") => amount_error.set(Some(e.message)),
            _ => general.set(Some(e.message)),
        };
        async move {
            if ctx.save(request, done, refused).await.is_some() {
                description.set(String::new());
                amount.set(String::new());
                agent.set(None);
            }
        }
    });
    let busy = record.pending();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let cur = currency.get_untracked();
        general.set(None);
        let text = description.get_untracked().trim().to_string();
        if text.is_empty() {
            description_error.set(Some("Say what the charge is for.".into()));
        }
        let minor = match checked_amount(&amount.get_untracked(), &cur, CHARGE_MAX, "A charge") {
            Ok(minor) => minor,
            Err(message) => return amount_error.set(Some(message)),
        };
        if text.is_empty() {
            return;
        }
        if let Some(balance) = summary.with_untracked(|s| s.as_ref().map(|s| s.balance))
            && balance < minor
        {
            let (balance, minor) = (money(balance, &cur), money(minor, &cur));
            return amount_error.set(Some(format!(
                "The balance ({balance}) does not cover a charge of {minor}. Top up first."
            )));
        }
        record.dispatch(ChargeRequest {
            description: text,
            amount: minor,
            agent_id: agent.get_untracked(),
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
                    <button class="btn btn-primary" id="charge-submit" type="submit" disabled=busy>
                        "Record charge"
                    </button>
                </div>
            </form>
        </section>
    }
}
