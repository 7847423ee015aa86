//! R36 "Transfer agent": another active member of the organization becomes its owner.

use crate::components::{Dialog, DialogButtons, MemberPicker, show_in};
use crate::state::Ctx;
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::model::{Agent, Member};
use std::sync::Arc;

#[component]
pub(super) fn TransferDialog(agent: Agent, on_close: Callback<()>) -> impl IntoView {
    let ctx = Ctx::get();
    let chosen = RwSignal::new(None::<Member>);
    let error = RwSignal::new(None::<String>);
    let transfer = {
        let (agent_id, name) = (agent.id.clone(), agent.name.clone());
        Action::new_local(move |member: &Member| {
            let request = cmd::TransferAgent {
                agent_id: agent_id.clone(),
                new_owner: member.account_id.clone(),
            };
            let name = name.clone();
            let done = move |a: &Agent| format!("{name} now belongs to {}.", a.owner_name);
            async move {
                if ctx.save(request, done, show_in(error)).await.is_some() {
                    on_close.run(());
                }
            }
        })
    };
    let busy = transfer.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match chosen.get_untracked() {
            Some(member) => {
                transfer.dispatch(member);
            }
            None => error.set(Some("Choose the member who becomes the owner.".into())),
        }
    };
    let owner = agent.owner_id.clone();
    let owner_for_note = owner.clone();
    view! {
        <Dialog id="transfer-dialog" labelled_by="transfer-title" on_close>
            <form class="form" on:submit=submit novalidate=true>
                <h2 id="transfer-title">"Transfer " <bdi>{agent.name.clone()}</bdi></h2>
                <p class="muted">{format!(
                    "{} belongs to {}. The new owner can edit and delete it; if their role is not below yours, you no longer can.",
                    agent.name, agent.owner_name
                )}</p>
                <MemberPicker
                    id="transfer"
                    label="New owner"
                    chosen
                    on_pick=Callback::new(move |_| error.set(None))
                    block=Arc::new(move |m: &Member| (m.account_id == owner).then(|| format!("{} {} already owns it", m.first_name, m.last_name)))
                    note=Arc::new(move |m: &Member| (m.account_id == owner_for_note).then(|| "Owner of this agent".to_string()))
                />
                <p class="form-error" role="alert" id="transfer-error">{move || error.get().unwrap_or_default()}</p>
                <DialogButtons submit="transfer-submit" on_cancel=on_close
                    disabled=Signal::derive(move || busy.get() || chosen.with(Option::is_none))
                    label=move || chosen.with(|m| match m {
                        Some(m) => format!("Give it to {} {}", m.first_name, m.last_name),
                        None => "Transfer".to_string(),
                    }) />
            </form>
        </Dialog>
    }
}
