//! The balance (the sum of the ledger, R32) and top-ups.

use super::amount::{AmountField, checked_amount};
use crate::components::show_in;
use crate::format::money;
use crate::state::Ctx;
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::model::{BillingSummary, Context};
use rolecall_types::validate::TOP_UP_MAX;

#[component]
pub(super) fn BalanceCard(
    context: Context,
    summary: Memo<Option<BillingSummary>>,
    currency: Memo<String>,
    can_manage: Memo<bool>,
    topup_ref: NodeRef<html::Input>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let amount = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let top_up = Action::new_local(move |minor: &i64| {
        let (minor, cur) = (*minor, currency.get_untracked());
        let request = cmd::TopUp {
            context: context.clone(),
            amount: minor,
        };
        let done = move |balance: &i64| {
            let (added, balance) = (money(minor, &cur), money(*balance, &cur));
            format!("Added {added}. The balance is now {balance}.")
        };
        async move {
            if ctx.save(request, done, show_in(error)).await.is_some() {
                amount.set(String::new());
                error.set(None);
            }
        }
    });
    let busy = top_up.pending();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        match checked_amount(
            &amount.get_untracked(),
            &currency.get_untracked(),
            TOP_UP_MAX,
            "A top-up",
        ) {
            Ok(minor) => {
                top_up.dispatch(minor);
            }
            Err(message) => error.set(Some(message)),
        }
    };
    view! {
        <section class="card bl-card" id="balance-card" aria-labelledby="balance-title">
            <h2 id="balance-title" class="bl-label">"Balance"</h2>
            <p class="bl-figure" id="billing-balance">{move || summary.with(|s| match s {
                Some(s) => money(s.balance, &s.currency),
                None => "—".to_string(),
            })}</p>
            <p class="muted small bl-note">{move || format!("Held in {}. Top-ups add to it; charges take from it and never below zero.", currency.get())}</p>
            <Show when=move || can_manage.get()>
                <form class="bl-inline-form" id="topup-form" on:submit=submit novalidate=true>
                    <AmountField id="topup-amount" label="Top up" value=amount error currency input_ref=topup_ref />
                    <button class="btn btn-primary" id="topup-submit" type="submit" disabled=busy>
                        {move || if busy.get() { "Adding…" } else { "Top up" }}
                    </button>
                </form>
            </Show>
        </section>
    }
}
