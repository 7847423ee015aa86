//! Agents (R35, R36) of the current context, personal or organization: the list, create
//! and edit (name, persona, knowledge notes, workspace), delete, "Copy to…" another
//! context, and in an organization "Transfer" to another member. Rows the signed-in
//! account may not change (another member's agent whose role is not below its own)
//! show their actions disabled with the reason.

mod copy;
mod edit;
mod transfer;

use crate::api;
use crate::components::{Column, Confirm, ListPage, Table, col, or_empty, user};
use crate::format::{day, time};
use crate::rules;
use crate::state::Ctx;
use copy::CopyDialog;
use edit::AgentDialog;
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::ids::AccountId;
use rolecall_types::model::{Agent, Context, MyRole};
use rolecall_types::permissions::Permission;
use rolecall_types::rules::Owner;
use transfer::TransferDialog;

/// Why the signed-in account may not edit, delete or transfer `agent`, in the core's
/// words, or `None` if it may (R36: your own agents, or another member's whose role is
/// below yours; the Owner any).
fn agent_block(me: Option<&MyRole>, my_account: &AccountId, agent: &Agent) -> Option<String> {
    let Context::Organization(_) = agent.context else {
        return None;
    };
    let owner = Owner {
        is_self: &agent.owner_id == my_account,
        name: &agent.owner_name,
        level: agent.owner_level,
    };
    rules::actor(me?, "")
        .change_agent(&agent.name, &owner)
        .err()
        .map(|r| r.to_string())
}

/// A short single-line excerpt of a long note.
fn excerpt(text: &str, max: usize) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max {
        line
    } else {
        let cut: String = line.chars().take(max).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The dialogs of the page.
#[derive(Clone)]
enum Open {
    /// Create (`None`) or edit an agent.
    Edit(Option<Agent>),
    Copy(Agent),
    Transfer(Agent),
}

#[component]
pub fn AgentsPage() -> impl IntoView {
    let ctx = Ctx::get();
    let context = ctx
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.context.clone()))
        .unwrap_or(Context::Personal);
    let in_org = matches!(context, Context::Organization(_));
    let agents = ctx.read_in(&context, |context| cmd::ListAgents { context });
    let workspaces = or_empty(ctx.read(move || async move {
        match in_org {
            true => api::call(cmd::ListWorkspaces { org_id: ctx.org() }).await,
            false => Ok(Vec::new()),
        }
    }));
    let open = RwSignal::new(None::<Open>);
    let can_manage = move || !in_org || ctx.can(Permission::AgentsManage);
    view! {
        <ListPage
            title=if in_org { "Agents" } else { "Personal agents" }
            create=("create-agent-button", "Create agent")
            can_create=Signal::derive(can_manage)
            on_create=Callback::new(move |_| open.set(Some(Open::Edit(None))))
            card="agents-card"
            data=agents
            empty=("agents-empty", if in_org { "No agents in this organization yet." } else { "You have no personal agents yet." })
            cannot_create="Your role cannot create agents here."
            list=move |list| view! { <AgentTable list in_org manage=can_manage() open /> }
        >
            <p class="muted" id="agents-context">
                {move || if in_org {
                    format!("Agents of {}. Each lives in one workspace; use Copy to… to put the same persona and knowledge elsewhere.", ctx.org_name())
                } else {
                    "Your own agents, outside any organization. Use Copy to… to put one into an organization.".to_string()
                }}
            </p>
        </ListPage>
        {move || open.get().map(|dialog| {
            let on_close = Callback::new(move |_| open.set(None));
            match dialog {
                Open::Edit(agent) => view! { <AgentDialog agent context=context.clone() workspaces on_close /> }.into_any(),
                Open::Copy(agent) => view! { <CopyDialog agent from=context.clone() on_close /> }.into_any(),
                Open::Transfer(agent) => view! { <TransferDialog agent on_close /> }.into_any(),
            }
        })}
    }
}

#[component]
fn AgentTable(
    list: Vec<Agent>,
    in_org: bool,
    manage: bool,
    open: RwSignal<Option<Open>>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let (me, my_account) = ctx.session.with_untracked(|s| {
        s.as_ref()
            .map(|s| (s.role.clone(), s.account.id.clone()))
            .unwrap_or_default()
    });
    let rows = list.into_iter().map(|agent| {
        let block = agent_block(me.as_ref(), &my_account, &agent);
        let mine = agent.owner_id == my_account;
        let blocked = block.is_some();
        let why = move |otherwise: String| block.clone().unwrap_or(otherwise);
        let summary = match (agent.persona.trim().is_empty(), agent.knowledge.trim().is_empty()) {
            (true, true) => "No persona or knowledge notes yet.".to_string(),
            (true, false) => format!("Knowledge: {}", excerpt(&agent.knowledge, 90)),
            _ => excerpt(&agent.persona, 90),
        };
        let question = Confirm::danger(
            format!("Delete {}?", user(&agent.name)),
            format!("{} and its persona and knowledge notes are deleted. This cannot be undone; copies made earlier elsewhere stay.", user(&agent.name)),
            "Delete agent",
            "Keep it",
        );
        let delete = cmd::DeleteAgent { agent_id: agent.id.clone() };
        let deleted = format!("{} was deleted.", user(&agent.name));
        let show = move |dialog: Open| move |_| open.set(Some(dialog.clone()));
        view! {
            <tr class="agent-row" data-name=agent.name.clone()>
                <td class="agent-name-cell">
                    <div class="agent-name" title=agent.name.clone()>{agent.name.clone()}</div>
                    <div class="muted small agent-summary">{summary}</div>
                </td>
                {in_org.then(|| view! {
                    <td class="agent-ws" title=agent.workspace_name.clone().unwrap_or_default()>{agent.workspace_name.clone().unwrap_or_default()}</td>
                    <td class="agent-owner">
                        {agent.owner_name.clone()}
                        {mine.then(|| view! { <span class="badge agent-you">"You"</span> })}
                    </td>
                })}
                <td class="muted agent-created" title=time(Some(agent.created_at))>{day(agent.created_at)}</td>
                <td>
                    <span class="row-actions">
                        {manage.then(|| view! {
                            <button class="btn btn-small agent-edit" disabled=blocked title=why(format!("Edit {}", agent.name))
                                on:click=show(Open::Edit(Some(agent.clone())))>"Edit"</button>
                        })}
                        <button
                            class="btn btn-small agent-copy"
                            title="Create a copy with the same persona and knowledge in another context"
                            on:click=show(Open::Copy(agent.clone()))
                        >"Copy to…"</button>
                        {(manage && in_org).then(|| view! {
                            <button class="btn btn-small agent-transfer" disabled=blocked title=why("Give this agent to another member".into())
                                on:click=show(Open::Transfer(agent.clone()))>"Transfer"</button>
                        })}
                        {manage.then(|| view! {
                            <button class="btn btn-small btn-danger-ghost agent-delete" disabled=blocked title=why(format!("Delete {}", agent.name))
                                on:click=move |_| ctx.confirm_run(question.clone(), delete.clone(), deleted.clone())>"Delete"</button>
                        })}
                    </span>
                </td>
            </tr>
        }
    }).collect_view();
    // The workspace and the owner only in an organization.
    let columns: Vec<Column> = [
        Some(col("Name").class("col-name")),
        in_org.then_some(col("Workspace").class("col-ws")),
        in_org.then_some(col("Owner").class("col-owner")),
        Some(col("Created").class("col-created")),
        Some(col("Actions").class("col-actions").unseen()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let class = if in_org {
        "agents-table"
    } else {
        "agents-table personal"
    };
    view! {
        <Table class id="agent-table" columns>
            {rows}
        </Table>
    }
}
