//! Workspaces (R15, R16): the organization's workspaces with their default, role
//! holders and agents; create, rename and delete (never the last one; its agents move
//! to the default workspace); and per workspace the members who hold a role there, with
//! grant, change and revoke under the hierarchy (R28–R30).

use super::chosen_id;
use crate::api;
use crate::components::{Confirm, ConfirmDialog, Dialog, Field, MemberPicker};
use crate::rules::{self, givable, refusal_on};
use crate::state::{Ctx, format_time};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::ids::{MembershipId, RoleId, WorkspaceId};
use rolecall_types::model::{Member, Role, Workspace, WorkspaceMember};
use rolecall_types::permissions::{Permission, RoleKind};
use rolecall_types::validate;
use std::collections::HashMap;
use std::sync::Arc;

fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// What the name dialog does.
#[derive(Clone, PartialEq)]
enum NameDialog {
    Create,
    Rename(Workspace),
}

#[component]
pub fn WorkspacesPage() -> impl IntoView {
    let ctx = Ctx::get();
    let workspaces = RwSignal::new(None::<Result<Vec<Workspace>, String>>);
    let roles = RwSignal::new(Vec::<Role>::new());
    let selected = RwSignal::new(None::<WorkspaceId>);
    let name_dialog = RwSignal::new(None::<NameDialog>);
    let grant_open = RwSignal::new(false);
    let confirm = RwSignal::new(None::<Confirm>);
    let can_manage = move || ctx.can(Permission::WorkspacesManage);
    let org_name = move || ctx.org_name();

    Effect::new(move |_| {
        let _ = ctx.version.get();
        let Some(org_id) = ctx.org_id() else { return };
        spawn_local(async move {
            let list = api::call(cmd::ListWorkspaces {
                org_id: org_id.clone(),
            })
            .await
            .map_err(|e| e.message);
            if let Ok(list) = &list {
                // Keep the selection while it exists; otherwise show the default.
                let keep = selected
                    .get_untracked()
                    .is_some_and(|id| list.iter().any(|w| w.id == id));
                if !keep {
                    selected.set(list.first().map(|w| w.id.clone()));
                }
            }
            workspaces.set(Some(list));
            if let Ok(r) = api::call(cmd::ListRoles { org_id }).await {
                roles.set(r);
            }
        });
    });

    // The panel is re-created only when another workspace is chosen or it is renamed.
    let current = Memo::new(move |_| {
        let id = selected.get()?;
        workspaces.with(|w| {
            w.as_ref()?
                .as_ref()
                .ok()?
                .iter()
                .find(|w| w.id == id)
                .map(|w| (w.id.clone(), w.name.clone()))
        })
    });

    let delete = move |ws: Workspace| {
        let Some(org) = ctx.org_id() else { return };
        let list = workspaces.with_untracked(|w| {
            w.as_ref()
                .and_then(|w| w.as_ref().ok())
                .cloned()
                .unwrap_or_default()
        });
        let agents = plural(ws.agents, "agent", "agents");
        // Mirrors the core: deleting the default makes the oldest other one the default.
        let message = if ws.is_default {
            let next = list
                .iter()
                .filter(|w| w.id != ws.id)
                .min_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)))
                .map(|w| w.name.clone())
                .unwrap_or_default();
            format!(
                "{} is the default workspace: {next} becomes the default, and its agents ({agents}) move to it. Roles members hold in {} are removed. This cannot be undone.",
                ws.name, ws.name
            )
        } else {
            let default = list
                .iter()
                .find(|w| w.is_default)
                .map(|w| w.name.clone())
                .unwrap_or_default();
            format!(
                "Its agents ({agents}) move to the default workspace, {default}. Roles members hold in {} are removed. This cannot be undone.",
                ws.name
            )
        };
        confirm.set(Some(Confirm {
            title: format!("Delete {}?", ws.name),
            message,
            confirm: "Delete workspace".into(),
            cancel: "Keep it".into(),
            danger: true,
            action: Arc::new(move || {
                let request = cmd::DeleteWorkspace {
                    org_id: org.clone(),
                    workspace_id: ws.id.clone(),
                };
                let name = ws.name.clone();
                spawn_local(async move {
                    match api::call(request).await {
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
                <h1>"Workspaces"</h1>
                <p class="muted">
                    "Workspaces of " <span id="workspaces-org-name">{org_name}</span>
                    ". A role in a workspace governs only its agents; everything else follows the organization role."
                </p>
            </div>
            <Show when=can_manage>
                <button class="btn btn-primary" id="create-workspace-button" on:click=move |_| name_dialog.set(Some(NameDialog::Create))>
                    "Create workspace"
                </button>
            </Show>
        </header>
        <div class="card list-card ws-card">
            {move || match workspaces.get() {
                None => view! { <p class="muted pad">"Loading…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="form-error pad" role="alert">{message}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <div class="empty-state" id="workspaces-empty">
                        <p>"This organization has no workspaces yet."</p>
                        <Show when=can_manage>
                            <button class="btn btn-primary" on:click=move |_| name_dialog.set(Some(NameDialog::Create))>"Create workspace"</button>
                        </Show>
                    </div>
                }.into_any(),
                Some(Ok(list)) => {
                    let last = list.len() == 1;
                    let org = org_name();
                    view! {
                        <table class="ws-table" id="workspace-table">
                            <thead>
                                <tr>
                                    <th scope="col" class="col-name">"Name"</th>
                                    <th scope="col" class="col-num num">"Members with a role"</th>
                                    <th scope="col" class="col-num num">"Agents"</th>
                                    <th scope="col" class="col-created">"Created"</th>
                                    <th scope="col" class="col-actions"><span class="sr-only">"Actions"</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {list.into_iter().map(|ws| {
                                    let id = ws.id.clone();
                                    let id_for_class = ws.id.clone();
                                    let id_for_open = ws.id.clone();
                                    let is_selected = move || selected.with(|s| s.as_ref() == Some(&id_for_class));
                                    let is_selected2 = is_selected.clone();
                                    let for_rename = ws.clone();
                                    let for_delete = ws.clone();
                                    let last_reason = format!(
                                        "{} is the last workspace of {org}; an organization always keeps one.",
                                        ws.name
                                    );
                                    view! {
                                        <tr
                                            class="ws-row"
                                            class:selected=is_selected2
                                            data-name=ws.name.clone()
                                            on:click=move |_| selected.set(Some(id.clone()))
                                        >
                                            <td class="ws-name-cell">
                                                <button
                                                    class="ws-open"
                                                    aria-pressed=move || is_selected().to_string()
                                                    title="Show who holds a role here"
                                                    on:click=move |ev| {
                                                        ev.stop_propagation();
                                                        selected.set(Some(id_for_open.clone()));
                                                    }
                                                >
                                                    {ws.name.clone()}
                                                </button>
                                                {ws.is_default.then(|| view! {
                                                    <span class="badge ws-default-badge" title="New agents go here, and agents of deleted workspaces move here.">"Default"</span>
                                                })}
                                            </td>
                                            <td class="num ws-members">{ws.members_with_roles}</td>
                                            <td class="num ws-agents">{ws.agents}</td>
                                            <td class="muted">{format_time(Some(ws.created_at))}</td>
                                            <td>
                                                <Show when=can_manage>
                                                    {
                                                        let r = for_rename.clone();
                                                        let d = for_delete.clone();
                                                        let reason = last_reason.clone();
                                                        view! {
                                                            <span class="row-actions" on:click=|ev| ev.stop_propagation()>
                                                                <button class="btn btn-small ws-rename" on:click=move |_| name_dialog.set(Some(NameDialog::Rename(r.clone())))>"Rename"</button>
                                                                <button
                                                                    class="btn btn-small btn-danger-ghost ws-delete"
                                                                    disabled=last
                                                                    title=if last { reason } else { format!("Delete {}", d.name) }
                                                                    on:click=move |_| delete(d.clone())
                                                                >
                                                                    "Delete"
                                                                </button>
                                                            </span>
                                                        }
                                                    }
                                                </Show>
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
        {move || current.get().map(|(id, name)| view! {
            <WorkspaceRoles workspace_id=id workspace_name=name roles confirm grant_open />
        })}
        {move || name_dialog.get().map(|mode| view! {
            <WorkspaceNameDialog mode selected on_close=move || name_dialog.set(None) />
        })}
        {move || (grant_open.get()).then(|| current.get().map(|(id, name)| view! {
            <GrantDialog workspace_id=id workspace_name=name roles on_close=move || grant_open.set(false) />
        }))}
        <ConfirmDialog request=confirm />
    }
}

/// R16: the members holding a role in one workspace, with change and revoke.
#[component]
fn WorkspaceRoles(
    workspace_id: WorkspaceId,
    workspace_name: String,
    roles: RwSignal<Vec<Role>>,
    confirm: RwSignal<Option<Confirm>>,
    grant_open: RwSignal<bool>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let people = RwSignal::new(None::<Result<Vec<WorkspaceMember>, String>>);
    let can_grant = move || ctx.can(Permission::MembersChangeRoles);
    let ws_id = workspace_id.clone();
    Effect::new(move |_| {
        let _ = ctx.version.get();
        let Some(org_id) = ctx.org_id() else { return };
        let workspace_id = ws_id.clone();
        spawn_local(async move {
            let list = api::call(cmd::WorkspaceMembers {
                org_id,
                workspace_id,
            })
            .await
            .map_err(|e| e.message);
            people.set(Some(list));
        });
    });
    let title = format!("Roles in {workspace_name}");
    let name_for_empty = workspace_name.clone();
    let name_for_rows = workspace_name.clone();
    view! {
        <section class="card list-card ws-panel" id="workspace-panel" aria-labelledby="workspace-panel-title">
            <div class="ws-panel-head">
                <div>
                    <h2 id="workspace-panel-title">{title}</h2>
                    <p class="muted small">"A workspace role adds to the organization role for this workspace's agents."</p>
                </div>
                <Show when=can_grant>
                    <button class="btn btn-primary" id="grant-button" on:click=move |_| grant_open.set(true)>"Grant a role"</button>
                </Show>
            </div>
            {move || match people.get() {
                None => view! { <p class="muted pad">"Loading…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="form-error pad" role="alert">{message}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    let name = name_for_empty.clone();
                    view! {
                        <div class="empty-state" id="workspace-roles-empty">
                            <p>{format!("Nobody holds a role in {name} yet; members work here with their organization role.")}</p>
                            <Show when=can_grant>
                                <button class="btn btn-primary" on:click=move |_| grant_open.set(true)>"Grant a role"</button>
                            </Show>
                        </div>
                    }.into_any()
                }
                Some(Ok(list)) => {
                    let ws_name = name_for_rows.clone();
                    view! {
                        <table class="ws-table ws-roles-table" id="workspace-roles">
                            <thead>
                                <tr>
                                    <th scope="col">"Member"</th>
                                    <th scope="col" class="col-role">"Workspace role"</th>
                                    <th scope="col" class="col-created">"Granted"</th>
                                    <th scope="col" class="col-revoke"><span class="sr-only">"Actions"</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {list.into_iter().map(|p| view! {
                                    <GrantRow person=p workspace_name=ws_name.clone() roles confirm />
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn GrantRow(
    person: WorkspaceMember,
    workspace_name: String,
    roles: RwSignal<Vec<Role>>,
    confirm: RwSignal<Option<Confirm>>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let me = ctx.session.with_untracked(|s| {
        s.as_ref()
            .and_then(|s| s.role.clone().map(|r| (r, s.account.id.clone())))
    });
    let may_act = ctx.can(Permission::MembersChangeRoles);
    let org = ctx.org_id().unwrap_or_default();
    // Why this row is read-only for the signed-in account (R28–R30), if it is.
    let me_for_block = me.clone();
    let block = {
        let person = person.clone();
        move || -> Option<String> {
            let (me, my_account) = me_for_block.clone()?;
            let all = roles.get();
            if let Some(reason) =
                refusal_on(&me, &ctx.org_name(), &my_account, &(&person).into(), &all)
            {
                return Some(reason);
            }
            // Changing or revoking the role they hold here is giving it (R28, R29).
            let held = all.iter().find(|r| r.id == person.role_id)?;
            rules::actor(&me, "")
                .give(&rules::role_ref(held))
                .err()
                .map(|refusal| refusal.to_string())
        }
    };
    let role_cell = if may_act {
        let block = block.clone();
        let block2 = block.clone();
        let current = person.role_id.clone();
        let current_name = person.role_name.clone();
        let (org, ws, m, who) = (
            org.clone(),
            person.workspace_id.clone(),
            person.membership_id.clone(),
            person.name.clone(),
        );
        let ws_name = workspace_name.clone();
        view! {
            <select
                class="role-select ws-role-select"
                aria-label=format!("Workspace role of {}", person.name)
                title=move || block.clone()().unwrap_or_else(|| "Change the workspace role".into())
                disabled=move || block2.clone()().is_some()
                on:change=move |ev| {
                    let request = cmd::GrantWorkspaceRole {
                        org_id: org.clone(),
                        workspace_id: ws.clone(),
                        membership_id: m.clone(),
                        role_id: RoleId::from(event_target_value(&ev)),
                    };
                    let (who, ws_name) = (who.clone(), ws_name.clone());
                    spawn_local(async move {
                        match api::call(request).await {
                            Ok(()) => {
                                ctx.toast(format!("{who}'s role in {ws_name} was changed."));
                                ctx.changed();
                            }
                            Err(e) => {
                                ctx.toast_error(e.message);
                                ctx.changed();
                            }
                        }
                    });
                }
            >
                {move || {
                    let mut options = me
                        .clone()
                        .map(|(me, _)| givable(&me, &roles.get()))
                        .unwrap_or_default();
                    if !options.iter().any(|r| r.id == current) {
                        options.insert(0, Role {
                            id: current.clone(),
                            name: current_name.clone(),
                            kind: RoleKind::Custom,
                            level: 0,
                            permissions: Default::default(),
                            holders: 0,
                        });
                    }
                    options.into_iter().map(|r| {
                        let selected = r.id == current;
                        view! { <option value=r.id.to_string() selected=selected>{r.name.clone()}</option> }
                    }).collect_view()
                }}
            </select>
        }
        .into_any()
    } else {
        view! { <span class="badge role-badge">{person.role_name.clone()}</span> }.into_any()
    };
    let revoke = may_act.then(|| {
        let block = block.clone();
        let block2 = block.clone();
        let (ws, m, who, role_name) = (
            person.workspace_id.clone(),
            person.membership_id.clone(),
            person.name.clone(),
            person.role_name.clone(),
        );
        let ws_name = workspace_name.clone();
        view! {
            <button
                class="btn btn-small btn-danger-ghost ws-revoke"
                disabled=move || block.clone()().is_some()
                title=move || block2.clone()().unwrap_or_else(|| format!("Take {who}'s role in {ws_name} away"))
                on:click={
                    let (org, ws, m, who, ws_name) = (org.clone(), ws.clone(), m.clone(), person.name.clone(), workspace_name.clone());
                    move |_| {
                        let (org, ws, m, who2) = (org.clone(), ws.clone(), m.clone(), who.clone());
                        confirm.set(Some(Confirm {
                            title: format!("Revoke {who}'s role in {ws_name}?"),
                            message: format!(
                                "{who} no longer holds {role_name} in {ws_name} and works there with their organization role alone. You can grant a role again at any time."
                            ),
                            confirm: "Revoke role".into(),
                            cancel: "Keep it".into(),
                            danger: true,
                            action: Arc::new(move || {
                                let request = cmd::RevokeWorkspaceRole {
                                    org_id: org.clone(),
                                    workspace_id: ws.clone(),
                                    membership_id: m.clone(),
                                };
                                let who = who2.clone();
                                spawn_local(async move {
                                    match api::call(request).await {
                                        Ok(()) => {
                                            ctx.toast(format!("{who}'s workspace role was revoked."));
                                            ctx.changed();
                                        }
                                        Err(e) => ctx.toast_error(e.message),
                                    }
                                });
                            }),
                        }));
                    }
                }
            >
                "Revoke"
            </button>
        }
    });
    view! {
        <tr class="ws-grant-row" data-email=person.email.clone()>
            <td>
                <div class="member-name">{person.name.clone()}</div>
                <div class="muted small ws-email">{person.email.clone()}</div>
            </td>
            <td>{role_cell}</td>
            <td class="muted">{format_time(Some(person.granted_at))}</td>
            <td><span class="row-actions">{revoke}</span></td>
        </tr>
    }
}

/// Create a workspace, or rename one (R15: 1–100 characters, unique).
#[component]
fn WorkspaceNameDialog(
    mode: NameDialog,
    selected: RwSignal<Option<WorkspaceId>>,
    on_close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = Ctx::get();
    let (title, action, start) = match &mode {
        NameDialog::Create => (
            "Create workspace".to_string(),
            "Create workspace",
            String::new(),
        ),
        NameDialog::Rename(ws) => (format!("Rename {}", ws.name), "Save name", ws.name.clone()),
    };
    let name = RwSignal::new(start);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let close = on_close.clone();
    let done = on_close.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = match validate::required_text(
            "name",
            "Workspace name",
            &name.get_untracked(),
            validate::WORKSPACE_NAME_MAX,
        ) {
            Ok(v) => v,
            Err(e) => {
                error.set(Some(e.message));
                return;
            }
        };
        let Some(org_id) = ctx.org_id() else { return };
        let mode = mode.clone();
        let done = done.clone();
        busy.set(true);
        spawn_local(async move {
            let result = match &mode {
                NameDialog::Create => {
                    api::call(cmd::CreateWorkspace {
                        org_id,
                        name: value,
                    })
                    .await
                }
                NameDialog::Rename(ws) => {
                    api::call(cmd::RenameWorkspace {
                        org_id,
                        workspace_id: ws.id.clone(),
                        name: value,
                    })
                    .await
                }
            };
            busy.set(false);
            match result {
                Ok(ws) => {
                    ctx.toast(match &mode {
                        NameDialog::Create => format!("{} was created.", ws.name),
                        NameDialog::Rename(before) => {
                            format!("{} is now called {}.", before.name, ws.name)
                        }
                    });
                    selected.set(Some(ws.id));
                    ctx.changed();
                    done();
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <Dialog id="workspace-dialog" labelled_by="workspace-dialog-title" on_close=Callback::new(move |_| close())>
            <form class="form" on:submit=submit novalidate=true>
                <h2 id="workspace-dialog-title">{title}</h2>
                <Field id="workspace-name" label="Name" value=name error=error autofocus=true hint="1–100 characters, unique in this organization." />
                <div class="dialog-actions">
                    <button type="button" class="btn" on:click=move |_| on_close()>"Cancel"</button>
                    <button class="btn btn-primary" id="workspace-submit" type="submit" disabled=move || busy.get()>{action}</button>
                </div>
            </form>
        </Dialog>
    }
}

/// R16, R28–R29: choose a member (search) and a role below your own.
#[component]
fn GrantDialog(
    workspace_id: WorkspaceId,
    workspace_name: String,
    roles: RwSignal<Vec<Role>>,
    on_close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = Ctx::get();
    let chosen = RwSignal::new(None::<Member>);
    let role = RwSignal::new(None::<RoleId>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let held = RwSignal::new(HashMap::<MembershipId, String>::new());
    let me = ctx.session.with_untracked(|s| {
        s.as_ref()
            .and_then(|s| s.role.clone().map(|r| (r, s.account.id.clone())))
    });
    let me_for_options = me.clone();
    let me_for_pick = me.clone();
    let org_name = ctx.org_name();
    let options = Memo::new(move |_| {
        me_for_options
            .as_ref()
            .map(|(me, _)| givable(me, &roles.get()))
            .unwrap_or_default()
    });
    // Start with the default role, or the lowest one offered.
    Effect::new(move |_| {
        let list = options.get();
        let offered = role.with_untracked(|chosen| {
            chosen
                .as_ref()
                .is_some_and(|id| list.iter().any(|r| &r.id == id))
        });
        if !offered {
            let pick = list
                .iter()
                .find(|r| r.kind == RoleKind::Member)
                .or_else(|| list.iter().min_by_key(|r| r.level));
            role.set(pick.map(|r| r.id.clone()));
        }
    });
    // Roles already held here, so the list can say "replaces".
    {
        let workspace_id = workspace_id.clone();
        spawn_local(async move {
            let Some(org_id) = ctx.org_id() else { return };
            if let Ok(list) = api::call(cmd::WorkspaceMembers {
                org_id,
                workspace_id,
            })
            .await
            {
                held.set(
                    list.into_iter()
                        .map(|p| (p.membership_id, p.role_name))
                        .collect(),
                );
            }
        });
    }
    // Search as you type, without a request per keystroke.
    let ws_for_submit = workspace_id.clone();
    let name_for_submit = workspace_name.clone();
    let done = on_close.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(member) = chosen.get_untracked() else {
            error.set(Some("Choose the member who gets the role.".into()));
            return;
        };
        let Some(role_id) = role.get_untracked() else {
            error.set(Some("Choose a role.".into()));
            return;
        };
        let Some(org_id) = ctx.org_id() else { return };
        let (ws_name, done) = (name_for_submit.clone(), done.clone());
        let role_name = options.with_untracked(|o| {
            o.iter()
                .find(|r| r.id == role_id)
                .map(|r| r.name.clone())
                .unwrap_or_default()
        });
        let request = cmd::GrantWorkspaceRole {
            org_id,
            workspace_id: ws_for_submit.clone(),
            membership_id: member.membership_id.clone(),
            role_id,
        };
        busy.set(true);
        spawn_local(async move {
            let result = api::call(request).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    ctx.toast(format!(
                        "{} {} is now {role_name} in {ws_name}.",
                        member.first_name, member.last_name
                    ));
                    ctx.changed();
                    done();
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let close = on_close.clone();
    let title = format!("Grant a role in {workspace_name}");
    view! {
        <Dialog id="grant-dialog" labelled_by="grant-title" on_close=Callback::new(move |_| close())>
            <form class="form" on:submit=submit novalidate=true>
                <h2 id="grant-title">{title}</h2>
                <MemberPicker
                    id="grant"
                    label="Member"
                    chosen
                    on_pick=Callback::new(move |_| error.set(None))
                    block=Arc::new(move |m: &Member| {
                        let all = roles.get();
                        me_for_pick.as_ref().and_then(|(me, account)| refusal_on(me, &org_name, account, &m.into(), &all))
                    })
                    note=Arc::new(move |m: &Member| held.with(|h| h.get(&m.membership_id).map(|r| format!("{r} here"))))
                />
                <div class="field">
                    <label for="grant-role">"Workspace role"</label>
                    <select id="grant-role" on:change=move |ev| role.set(chosen_id(event_target_value(&ev)))>
                        {move || options.get().into_iter().map(|r| {
                            let id = r.id.clone();
                            view! { <option value=r.id.to_string() selected=move || role.with(|c| c.as_ref() == Some(&id))>{r.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                    <span class="field-hint">"Only roles below your own, holding permissions you hold, are offered."</span>
                </div>
                <p class="notice grant-summary" id="grant-summary">{move || match chosen.get() {
                    Some(m) => {
                        let role_name = role.with(|c| options.with(|o| o.iter().find(|r| Some(&r.id) == c.as_ref()).map(|r| r.name.clone()).unwrap_or_default()));
                        let replaces = held.with(|h| h.get(&m.membership_id).cloned());
                        match replaces {
                            Some(before) => format!("{} {} gets {role_name} in {}, replacing {before}.", m.first_name, m.last_name, workspace_name),
                            None => format!("{} {} gets {role_name} in {}.", m.first_name, m.last_name, workspace_name),
                        }
                    }
                    None => "Choose a member above.".to_string(),
                }}</p>
                <p class="form-error" role="alert" id="grant-error">{move || error.get().unwrap_or_default()}</p>
                <div class="dialog-actions">
                    <button type="button" class="btn" on:click=move |_| on_close()>"Cancel"</button>
                    <button class="btn btn-primary" id="grant-submit" type="submit" disabled=move || busy.get()>"Grant role"</button>
                </div>
            </form>
        </Dialog>
    }
}
