//! Agents (R35, R36) of the current context, personal or organization: the list, create
//! and edit (name, persona, knowledge notes, workspace), delete, "Copy to…" another
//! context, and in an organization "Transfer" to another member. Rows the signed-in
//! account may not change (another member's agent whose role is not below its own)
//! show their actions disabled with the reason.

use super::chosen_id;
use crate::api;
use crate::components::{Confirm, ConfirmDialog, Dialog, Field, MemberPicker};
use crate::rules;
use crate::state::{Ctx, format_time, group};
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::ids::{AccountId, OrgId, WorkspaceId};
use rolecall_types::model::{Agent, AgentInput, Context, Member, MyRole, SwitcherEntry, Workspace};
use rolecall_types::permissions::Permission;
use rolecall_types::rules::Owner;
use rolecall_types::validate;
use std::sync::Arc;

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

/// A date without the time ("23 Nov 2026"), for a narrow column; the full time goes
/// into the cell's tooltip.
fn format_date(ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    date.to_locale_date_string("en-GB", &options)
        .as_string()
        .unwrap_or_default()
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

#[derive(Clone)]
enum AgentDialogMode {
    Create,
    Edit(Agent),
}

#[component]
pub fn AgentsPage() -> impl IntoView {
    let ctx = Ctx::get();
    let context = ctx
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.context.clone()))
        .unwrap_or(Context::Personal);
    let in_org = matches!(context, Context::Organization(_));
    let agents = RwSignal::new(None::<Result<Vec<Agent>, String>>);
    let workspaces = RwSignal::new(Vec::<Workspace>::new());
    let editing = RwSignal::new(None::<AgentDialogMode>);
    let copying = RwSignal::new(None::<Agent>);
    let transferring = RwSignal::new(None::<Agent>);
    let confirm = RwSignal::new(None::<Confirm>);
    let can_manage = move || !in_org || ctx.can(Permission::AgentsManage);
    let context_name = move || {
        ctx.session.with(|s| {
            s.as_ref()
                .and_then(|s| s.organization.as_ref())
                .map(|o| o.name.clone())
                .unwrap_or_default()
        })
    };

    let list_context = context.clone();
    Effect::new(move |_| {
        let _ = ctx.version.get();
        let context = list_context.clone();
        spawn_local(async move {
            let list = api::call(cmd::ListAgents {
                context: context.clone(),
            })
            .await
            .map_err(|e| e.message);
            if let (Context::Organization(org_id), Ok(_)) = (context, &list)
                && let Ok(ws) = api::call(cmd::ListWorkspaces { org_id }).await
            {
                workspaces.set(ws);
            }
            agents.set(Some(list));
        });
    });

    let delete = move |agent: Agent| {
        confirm.set(Some(Confirm {
            title: format!("Delete {}?", agent.name),
            message: format!(
                "{} and its persona and knowledge notes are deleted. This cannot be undone; copies made earlier elsewhere stay.",
                agent.name
            ),
            confirm: "Delete agent".into(),
            cancel: "Keep it".into(),
            danger: true,
            action: Arc::new(move || {
                let (agent_id, name) = (agent.id.clone(), agent.name.clone());
                spawn_local(async move {
                    match api::call(cmd::DeleteAgent { agent_id }).await {
                        Ok(()) => {
                            ctx.toast(format!("{name} was deleted."));
                            ctx.changed();
                        }
                        Err(e) => ctx.toast_error(e.message),
                    }
                });
            }),
        }));
    };

    view! {
        <header class="page-header row">
            <div>
                <h1>{if in_org { "Agents" } else { "Personal agents" }}</h1>
                <p class="muted" id="agents-context">
                    {move || if in_org {
                        format!("Agents of {}. Each lives in one workspace; use Copy to… to put the same persona and knowledge elsewhere.", context_name())
                    } else {
                        "Your own agents, outside any organization. Use Copy to… to put one into an organization.".to_string()
                    }}
                </p>
            </div>
            <Show when=can_manage>
                <button class="btn btn-primary" id="create-agent-button" on:click=move |_| editing.set(Some(AgentDialogMode::Create))>
                    "Create agent"
                </button>
            </Show>
        </header>
        <div class="card list-card agents-card">
            {move || match agents.get() {
                None => view! { <p class="muted pad">"Loading…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="form-error pad" role="alert">{message}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <div class="empty-state" id="agents-empty">
                        <p>{if in_org {
                            "No agents in this organization yet."
                        } else {
                            "You have no personal agents yet."
                        }}</p>
                        <Show
                            when=can_manage
                            fallback=|| view! { <p class="muted small">"Your role cannot create agents here."</p> }
                        >
                            <button class="btn btn-primary" on:click=move |_| editing.set(Some(AgentDialogMode::Create))>"Create agent"</button>
                        </Show>
                    </div>
                }.into_any(),
                Some(Ok(list)) => {
                    let (me, my_account) = ctx.session.with_untracked(|s| {
                        s.as_ref()
                            .map(|s| (s.role.clone(), s.account.id.clone()))
                            .unwrap_or_default()
                    });
                    let manage = can_manage();
                    view! {
                        <table class="agents-table" class:personal=!in_org id="agent-table">
                            <thead>
                                <tr>
                                    <th scope="col" class="col-name">"Name"</th>
                                    {in_org.then(|| view! { <th scope="col" class="col-ws">"Workspace"</th> })}
                                    {in_org.then(|| view! { <th scope="col" class="col-owner">"Owner"</th> })}
                                    <th scope="col" class="col-created">"Created"</th>
                                    <th scope="col" class="col-actions"><span class="sr-only">"Actions"</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {list.into_iter().map(|agent| {
                                    let block = agent_block(me.as_ref(), &my_account, &agent);
                                    let mine = agent.owner_id == my_account;
                                    let blocked = block.is_some();
                                    let reason = block.unwrap_or_default();
                                    let summary = match (agent.persona.trim().is_empty(), agent.knowledge.trim().is_empty()) {
                                        (true, true) => "No persona or knowledge notes yet.".to_string(),
                                        (true, false) => format!("Knowledge: {}", excerpt(&agent.knowledge, 90)),
                                        _ => excerpt(&agent.persona, 90),
                                    };
                                    let (for_edit, for_copy, for_transfer, for_delete) =
                                        (agent.clone(), agent.clone(), agent.clone(), agent.clone());
                                    let (r1, r2, r3) = (reason.clone(), reason.clone(), reason.clone());
                                    view! {
                                        <tr class="agent-row" data-name=agent.name.clone()>
                                            <td class="agent-name-cell">
                                                <div class="agent-name" title=agent.name.clone()>{agent.name.clone()}</div>
                                                <div class="muted small agent-summary">{summary}</div>
                                            </td>
                                            {in_org.then(|| view! {
                                                <td class="agent-ws" title=agent.workspace_name.clone().unwrap_or_default()>{agent.workspace_name.clone().unwrap_or_default()}</td>
                                            })}
                                            {in_org.then(|| view! {
                                                <td class="agent-owner">
                                                    {agent.owner_name.clone()}
                                                    {mine.then(|| view! { <span class="badge agent-you">"You"</span> })}
                                                </td>
                                            })}
                                            <td class="muted agent-created" title=format_time(Some(agent.created_at))>{format_date(agent.created_at)}</td>
                                            <td>
                                                <span class="row-actions">
                                                    {manage.then(|| view! {
                                                        <button
                                                            class="btn btn-small agent-edit"
                                                            disabled=blocked
                                                            title=if blocked { r1.clone() } else { format!("Edit {}", for_edit.name) }
                                                            on:click=move |_| editing.set(Some(AgentDialogMode::Edit(for_edit.clone())))
                                                        >"Edit"</button>
                                                    })}
                                                    <button
                                                        class="btn btn-small agent-copy"
                                                        title="Create a copy with the same persona and knowledge in another context"
                                                        on:click=move |_| copying.set(Some(for_copy.clone()))
                                                    >"Copy to…"</button>
                                                    {(manage && in_org).then(|| view! {
                                                        <button
                                                            class="btn btn-small agent-transfer"
                                                            disabled=blocked
                                                            title=if blocked { r2.clone() } else { "Give this agent to another member".to_string() }
                                                            on:click=move |_| transferring.set(Some(for_transfer.clone()))
                                                        >"Transfer"</button>
                                                    })}
                                                    {manage.then(|| view! {
                                                        <button
                                                            class="btn btn-small btn-danger-ghost agent-delete"
                                                            disabled=blocked
                                                            title=if blocked { r3.clone() } else { format!("Delete {}", for_delete.name) }
                                                            on:click=move |_| delete(for_delete.clone())
                                                        >"Delete"</button>
                                                    })}
                                                </span>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }
            }}
        </div>
        {
            let context = context.clone();
            move || editing.get().map(|mode| view! {
                <AgentDialog mode context=context.clone() workspaces on_close=move || editing.set(None) />
            })
        }
        {
            let context = context.clone();
            move || copying.get().map(|agent| view! {
                <CopyDialog agent from=context.clone() on_close=move || copying.set(None) />
            })
        }
        {move || transferring.get().map(|agent| view! {
            <TransferDialog agent on_close=move || transferring.set(None) />
        })}
        <ConfirmDialog request=confirm />
    }
}

/// A textarea with a live character count against its limit.
#[component]
fn NoteField(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let count = move || value.with(|v| v.chars().count());
    let over = move || count() > validate::AGENT_TEXT_MAX;
    let count_id = format!("{id}-count");
    let error_id = format!("{id}-error");
    let described = format!("{count_id} {error_id}");
    view! {
        <div class="field note-field" class:has-error=move || error.get().is_some() || over()>
            <div class="note-head">
                <label for=id>{label}</label>
                <span class="note-count" class:over=over id=count_id aria-live="polite">
                    {move || format!("{} / {}", group(count() as u64), group(validate::AGENT_TEXT_MAX as u64))}
                </span>
            </div>
            <textarea
                id=id
                rows="5"
                placeholder=hint
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || if error.get().is_some() || over() { "true" } else { "false" }
                aria-describedby=described
            ></textarea>
            <span class="field-error" id=error_id role="alert">{move || {
                error.get().or_else(|| over().then(|| format!(
                    "{label} can be at most {} characters; remove {}.",
                    group(validate::AGENT_TEXT_MAX as u64),
                    group((count() - validate::AGENT_TEXT_MAX) as u64)
                ))).unwrap_or_default()
            }}</span>
        </div>
    }
}

/// Create or edit an agent (R35): name 1–100, persona and knowledge ≤ 20,000 each,
/// and in an organization its workspace.
#[component]
fn AgentDialog(
    mode: AgentDialogMode,
    context: Context,
    workspaces: RwSignal<Vec<Workspace>>,
    on_close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = Ctx::get();
    let in_org = matches!(context, Context::Organization(_));
    let editing = match &mode {
        AgentDialogMode::Edit(a) => Some(a.clone()),
        AgentDialogMode::Create => None,
    };
    let name = RwSignal::new(editing.as_ref().map(|a| a.name.clone()).unwrap_or_default());
    let persona = RwSignal::new(
        editing
            .as_ref()
            .map(|a| a.persona.clone())
            .unwrap_or_default(),
    );
    let knowledge = RwSignal::new(
        editing
            .as_ref()
            .map(|a| a.knowledge.clone())
            .unwrap_or_default(),
    );
    let default_ws =
        workspaces.with_untracked(|w| w.iter().find(|w| w.is_default).map(|w| w.id.clone()));
    let workspace = RwSignal::new(
        editing
            .as_ref()
            .and_then(|a| a.workspace_id.clone())
            .or(default_ws),
    );
    let errors = RwSignal::new(Vec::<(String, String)>::new());
    let general = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let err = move |f: &'static str| {
        Signal::derive(move || {
            errors.with(|e| e.iter().find(|(k, _)| k == f).map(|(_, m)| m.clone()))
        })
    };
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let done = on_close.clone();
    let edit_for_submit = editing.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut found = Vec::new();
        if let Err(e) = validate::required_text(
            "name",
            "Agent name",
            &name.get_untracked(),
            validate::AGENT_NAME_MAX,
        ) {
            found.push((e.field.to_string(), e.message));
        }
        for (field, label, value) in [
            ("persona", "Persona", persona.get_untracked()),
            ("knowledge", "Knowledge notes", knowledge.get_untracked()),
        ] {
            if let Err(e) = validate::optional_text(field, label, &value, validate::AGENT_TEXT_MAX)
            {
                found.push((e.field.to_string(), e.message));
            }
        }
        errors.set(found.clone());
        if !found.is_empty() {
            return;
        }
        let input = AgentInput {
            name: name.get_untracked(),
            persona: persona.get_untracked(),
            knowledge: knowledge.get_untracked(),
            workspace_id: in_org.then(|| workspace.get_untracked()).flatten(),
        };
        let (context, edit, done) = (context.clone(), edit_for_submit.clone(), done.clone());
        busy.set(true);
        spawn_local(async move {
            let result = match &edit {
                Some(a) => {
                    api::call(cmd::UpdateAgent {
                        agent_id: a.id.clone(),
                        agent: input,
                    })
                    .await
                }
                None => {
                    api::call(cmd::CreateAgent {
                        context,
                        agent: input,
                    })
                    .await
                }
            };
            busy.set(false);
            match result {
                Ok(agent) => {
                    ctx.toast(match edit {
                        Some(_) => format!("{} was saved.", agent.name),
                        None => format!("{} was created.", agent.name),
                    });
                    ctx.changed();
                    done();
                }
                Err(e) => match e.field.clone() {
                    Some(f) if ["name", "persona", "knowledge"].contains(&f.as_str()) => {
                        errors.set(vec![(f, e.message)])
                    }
                    _ => general.set(Some(e.message)),
                },
            }
        });
    };
    // Enter in a note adds a line; Ctrl+Enter saves from anywhere in the dialog.
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Enter"
            && (ev.ctrl_key() || ev.meta_key())
            && let Some(form) = form_ref.get()
        {
            ev.prevent_default();
            let _ = form.request_submit();
        }
    };
    let close = on_close.clone();
    let title = match &editing {
        Some(a) => format!("Edit {}", a.name),
        None => "Create agent".to_string(),
    };
    let action = if editing.is_some() {
        "Save agent"
    } else {
        "Create agent"
    };
    view! {
        <Dialog id="agent-dialog" labelled_by="agent-dialog-title" on_close=Callback::new(move |_| close()) close_outside=false>
            <form class="form" node_ref=form_ref on:submit=submit on:keydown=on_keydown novalidate=true>
                <h2 id="agent-dialog-title">{title}</h2>
                <div class="agent-dialog-top" class:with-ws=in_org>
                    <Field id="agent-name" label="Name" value=name error=err("name") autofocus=true />
                    {in_org.then(|| view! {
                        <div class="field">
                            <label for="agent-workspace">"Workspace"</label>
                            <select id="agent-workspace" on:change=move |ev| workspace.set(chosen_id(event_target_value(&ev)))>
                                {move || workspaces.get().into_iter().map(|w| {
                                    let id = w.id.clone();
                                    let label = if w.is_default { format!("{} (default)", w.name) } else { w.name.clone() };
                                    view! { <option value=w.id.to_string() selected=move || workspace.with(|w| w.as_ref() == Some(&id))>{label}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                    })}
                </div>
                <NoteField id="agent-persona" label="Persona" hint="Who the agent is and how it speaks." value=persona error=err("persona") />
                <NoteField id="agent-knowledge" label="Knowledge notes" hint="Facts, answers and sources the agent works from." value=knowledge error=err("knowledge") />
                <p class="form-error" role="alert" id="agent-error">{move || general.get().unwrap_or_default()}</p>
                <div class="dialog-actions">
                    <span class="muted small dialog-hint">"Ctrl+Enter saves"</span>
                    <button type="button" class="btn" on:click=move |_| on_close()>"Cancel"</button>
                    <button class="btn btn-primary" id="agent-submit" type="submit" disabled=move || busy.get()>{action}</button>
                </div>
            </form>
        </Dialog>
    }
}

/// The element id of a copy target ("copy-target-personal", "copy-target-<slug>").
fn target_id(entry: Option<&SwitcherEntry>) -> String {
    match entry {
        None => "copy-target-personal".into(),
        Some(e) => format!("copy-target-{}", e.slug),
    }
}

/// R35 "Copy to…": a new agent with the same persona and knowledge in another context
/// (and, in an organization, a workspace); the core refuses where the account may not
/// create agents.
#[component]
fn CopyDialog(
    agent: Agent,
    from: Context,
    on_close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = Ctx::get();
    let entries = RwSignal::new(None::<Vec<SwitcherEntry>>);
    // `None`: personal; `Some(org id)`: that organization.
    let target = RwSignal::new(None::<Option<OrgId>>);
    let workspaces = RwSignal::new(Vec::<Workspace>::new());
    // `None`: the default workspace.
    let workspace = RwSignal::new(None::<WorkspaceId>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let from_org = match &from {
        Context::Organization(id) => Some(id.clone()),
        Context::Personal => None,
    };
    {
        let from_org = from_org.clone();
        spawn_local(async move {
            match api::call(cmd::Switcher {}).await {
                Ok(list) => entries.set(Some(
                    list.into_iter()
                        .filter(|e| e.invitation_id.is_none() && !e.deactivated)
                        .filter(|e| from_org.as_ref() != Some(&e.org_id))
                        .collect(),
                )),
                Err(e) => {
                    error.set(Some(e.message));
                    entries.set(Some(Vec::new()));
                }
            }
        });
    }
    // The chosen organization's workspaces.
    Effect::new(move |_| {
        workspace.set(None);
        workspaces.set(Vec::new());
        if let Some(Some(org_id)) = target.get() {
            spawn_local(async move {
                match api::call(cmd::ListWorkspaces { org_id }).await {
                    Ok(list) => workspaces.set(list),
                    Err(e) => error.set(Some(e.message)),
                }
            });
        }
    });
    let from_personal = from_org.is_none();
    let done = on_close.clone();
    let source = agent.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(chosen) = target.get_untracked() else {
            error.set(Some("Choose where the copy goes.".into()));
            return;
        };
        let to = match &chosen {
            Some(org) => Context::Organization(org.clone()),
            None => Context::Personal,
        };
        let workspace_id = workspace.get_untracked().filter(|_| chosen.is_some());
        let where_to = match &chosen {
            None => "your personal account".to_string(),
            Some(org) => entries.with_untracked(|e| {
                e.iter()
                    .flatten()
                    .find(|e| &e.org_id == org)
                    .map(|e| e.name.clone())
                    .unwrap_or_default()
            }),
        };
        let request = cmd::CopyAgent {
            agent_id: source.id.clone(),
            to,
            workspace_id,
        };
        let (name, done) = (source.name.clone(), done.clone());
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api::call(request).await;
            busy.set(false);
            match result {
                Ok(copy) => {
                    let place = copy
                        .workspace_name
                        .map(|w| format!("{where_to} ({w})"))
                        .unwrap_or(where_to);
                    ctx.toast(format!("{name} was copied to {place}."));
                    ctx.changed();
                    done();
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let close = on_close.clone();
    let title = format!("Copy {} to…", agent.name);
    view! {
        <Dialog id="copy-dialog" labelled_by="copy-title" on_close=Callback::new(move |_| close())>
            <form class="form" on:submit=submit novalidate=true>
                <h2 id="copy-title">{title}</h2>
                <p class="muted copy-note">
                    {format!("The copy gets the same name, persona and knowledge notes and belongs to you. {} stays where it is: agents never move.", agent.name)}
                </p>
                <fieldset class="plain">
                    <legend class="label copy-legend">"Copy to"</legend>
                    <div class="copy-targets" id="copy-targets">
                        {move || match entries.get() {
                            None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                            Some(list) => {
                                let mut options: Vec<(Option<SwitcherEntry>, String, String)> = Vec::new();
                                if !from_personal {
                                    options.push((None, "Personal account".into(), "Your own agents".into()));
                                }
                                for e in list {
                                    let detail = format!("{} · {} plan", e.role_name, e.plan.label());
                                    let label = e.name.clone();
                                    options.push((Some(e), label, detail));
                                }
                                if options.is_empty() {
                                    return view! {
                                        <p class="muted" id="copy-no-targets">"You have no other context to copy to. Create an organization from the switcher first."</p>
                                    }.into_any();
                                }
                                options.into_iter().map(|(entry, label, detail)| {
                                    let id = target_id(entry.as_ref());
                                    let value = entry.as_ref().map(|e| e.org_id.clone());
                                    let value2 = value.clone();
                                    view! {
                                        <label class="copy-target" class:chosen=move || target.get().as_ref() == Some(&value2)>
                                            <input
                                                type="radio"
                                                name="copy-target"
                                                id=id
                                                prop:checked={
                                                    let v = value.clone();
                                                    move || target.get().as_ref() == Some(&v)
                                                }
                                                on:change=move |_| {
                                                    error.set(None);
                                                    target.set(Some(value.clone()));
                                                }
                                            />
                                            <span class="copy-target-text">
                                                <span class="copy-target-name">{label}</span>
                                                <span class="muted small">{detail}</span>
                                            </span>
                                        </label>
                                    }
                                }).collect_view().into_any()
                            }
                        }}
                    </div>
                </fieldset>
                <Show when=move || matches!(target.get(), Some(Some(_)))>
                    <div class="field">
                        <label for="copy-workspace">"Workspace"</label>
                        <select id="copy-workspace" on:change=move |ev| workspace.set(chosen_id(event_target_value(&ev)))>
                            {move || {
                                let list = workspaces.get();
                                let default = list.iter().find(|w| w.is_default).map(|w| w.name.clone());
                                let first = match default {
                                    Some(d) => format!("Default workspace ({d})"),
                                    None => "Default workspace".to_string(),
                                };
                                let others = list.into_iter().filter(|w| !w.is_default).map(|w| {
                                    view! { <option value=w.id.to_string()>{w.name.clone()}</option> }
                                }).collect_view();
                                view! { <option value="">{first}</option> {others} }
                            }}
                        </select>
                    </div>
                </Show>
                <p class="form-error" role="alert" id="copy-error">{move || error.get().unwrap_or_default()}</p>
                <div class="dialog-actions">
                    <button type="button" class="btn" on:click=move |_| on_close()>"Cancel"</button>
                    <button class="btn btn-primary" id="copy-submit" type="submit" disabled=move || busy.get() || target.with(Option::is_none)>"Copy agent"</button>
                </div>
            </form>
        </Dialog>
    }
}

/// R36 "Transfer agent": another active member of the organization becomes its owner.
#[component]
fn TransferDialog(
    agent: Agent,
    on_close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = Ctx::get();
    let chosen = RwSignal::new(None::<Member>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let done = on_close.clone();
    let source = agent.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(member) = chosen.get_untracked() else {
            error.set(Some("Choose the member who becomes the owner.".into()));
            return;
        };
        let request = cmd::TransferAgent {
            agent_id: source.id.clone(),
            new_owner: member.account_id,
        };
        let (name, done) = (source.name.clone(), done.clone());
        busy.set(true);
        spawn_local(async move {
            let result = api::call(request).await;
            busy.set(false);
            match result {
                Ok(a) => {
                    ctx.toast(format!("{name} now belongs to {}.", a.owner_name));
                    ctx.changed();
                    done();
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let close = on_close.clone();
    let owner = agent.owner_id.clone();
    let owner_for_note = owner.clone();
    let title = format!("Transfer {}", agent.name);
    view! {
        <Dialog id="transfer-dialog" labelled_by="transfer-title" on_close=Callback::new(move |_| close())>
            <form class="form" on:submit=submit novalidate=true>
                <h2 id="transfer-title">{title}</h2>
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
                <div class="dialog-actions">
                    <button type="button" class="btn" on:click=move |_| on_close()>"Cancel"</button>
                    <button class="btn btn-primary" id="transfer-submit" type="submit" disabled=move || busy.get() || chosen.with(Option::is_none)>
                        {move || match chosen.get() {
                            Some(m) => format!("Give it to {} {}", m.first_name, m.last_name),
                            None => "Transfer".to_string(),
                        }}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
