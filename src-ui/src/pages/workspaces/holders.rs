//! R16: the members holding a role in one workspace, with change and revoke under the
//! hierarchy (R28–R30).

use crate::api;
use crate::components::{Confirm, Loaded, Table, col, user};
use crate::format::time;
use crate::rules::{self, givable, refusal_on};
use crate::state::Ctx;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::ids::{RoleId, WorkspaceId};
use rolecall_types::model::{Role, WorkspaceMember};
use rolecall_types::permissions::{Permission, RoleKind};

#[component]
pub(super) fn WorkspaceRoles(
    workspace_id: WorkspaceId,
    workspace_name: String,
    roles: Memo<Vec<Role>>,
    grant_open: RwSignal<bool>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let can_grant = move || ctx.can(Permission::MembersChangeRoles);
    let people = ctx.read(move || {
        let request = cmd::WorkspaceMembers {
            org_id: ctx.org(),
            workspace_id: workspace_id.clone(),
        };
        api::call(request)
    });
    view! {
        <section class="card list-card ws-panel" id="workspace-panel" aria-labelledby="workspace-panel-title">
            <div class="ws-panel-head">
                <div>
                    <h2 id="workspace-panel-title">"Roles in " <bdi>{workspace_name.clone()}</bdi></h2>
                    <p class="muted small">"A workspace role adds to the organization role for this workspace's agents."</p>
                </div>
                <Show when=can_grant>
                    <button class="btn btn-primary" id="grant-button" on:click=move |_| grant_open.set(true)>"Grant a role"</button>
                </Show>
            </div>
            <Loaded data=people let:list>
                {if list.is_empty() {
                    view! {
                        <div class="empty-state" id="workspace-roles-empty">
                            <p>"Nobody holds a role in " <bdi>{workspace_name.clone()}</bdi> " yet; members work here with their organization role."</p>
                            <Show when=can_grant>
                                <button class="btn btn-primary" on:click=move |_| grant_open.set(true)>"Grant a role"</button>
                            </Show>
                        </div>
                    }.into_any()
                } else {
                    let rows = list.into_iter().map(|p| view! {
                        <GrantRow person=p workspace_name=workspace_name.clone() roles />
                    }).collect_view();
                    view! {
                        <Table class="ws-table ws-roles-table" id="workspace-roles" columns=[
                            col("Member"),
                            col("Workspace role").class("col-role"),
                            col("Granted").class("col-created"),
                            col("Actions").class("col-revoke").unseen(),
                        ]>
                            {rows}
                        </Table>
                    }.into_any()
                }}
            </Loaded>
        </section>
    }
}

#[component]
fn GrantRow(
    person: WorkspaceMember,
    workspace_name: String,
    roles: Memo<Vec<Role>>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let me = ctx.session.with_untracked(|s| {
        s.as_ref()
            .and_then(|s| s.role.clone().map(|r| (r, s.account.id.clone())))
    });
    // Why this row is read-only for the signed-in account (R28–R30), if it is.
    let block = {
        let (person, me) = (person.clone(), me.clone());
        Signal::derive(move || -> Option<String> {
            let (me, my_account) = me.clone()?;
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
        })
    };
    let (who, ws_name) = (person.name.clone(), workspace_name.clone());
    let grant = cmd::GrantWorkspaceRole {
        org_id: ctx.org(),
        workspace_id: person.workspace_id.clone(),
        membership_id: person.membership_id.clone(),
        role_id: person.role_id.clone(),
    };
    let may_act = ctx.can(Permission::MembersChangeRoles);
    let role_cell = if may_act {
        let (current, current_name) = (person.role_id.clone(), person.role_name.clone());
        let change = {
            let (who, ws_name, grant) = (who.clone(), ws_name.clone(), grant.clone());
            move |ev| {
                let request = cmd::GrantWorkspaceRole {
                    role_id: RoleId::from(event_target_value(&ev)),
                    ..grant.clone()
                };
                let done = format!("{}'s role in {} was changed.", user(&who), user(&ws_name));
                spawn_local(async move {
                    // A refused change puts the menu back.
                    if ctx.send(request, move |_| done).await.is_none() {
                        ctx.changed();
                    }
                });
            }
        };
        view! {
            <select
                class="role-select ws-role-select"
                aria-label=format!("Workspace role of {}", person.name)
                title=move || block.get().unwrap_or_else(|| "Change the workspace role".into())
                disabled=move || block.get().is_some()
                on:change=change
            >
                {move || {
                    let mut options = me.clone().map(|(me, _)| givable(&me, &roles.get())).unwrap_or_default();
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
        let question = Confirm::danger(
            format!("Revoke {}'s role in {}?", user(&who), user(&ws_name)),
            format!(
                "{} no longer holds {} in {} and works there with their organization role alone. You can grant a role again at any time.",
                user(&who),
                user(&person.role_name),
                user(&ws_name)
            ),
            "Revoke role",
            "Keep it",
        );
        let request = cmd::RevokeWorkspaceRole {
            org_id: grant.org_id.clone(),
            workspace_id: grant.workspace_id.clone(),
            membership_id: grant.membership_id.clone(),
        };
        let done = format!("{}'s workspace role was revoked.", user(&who));
        let title = format!("Take {who}'s role in {ws_name} away");
        view! {
            <button
                class="btn btn-small btn-danger-ghost ws-revoke"
                disabled=move || block.get().is_some()
                title=move || block.get().unwrap_or_else(|| title.clone())
                on:click=move |_| ctx.confirm_run(question.clone(), request.clone(), done.clone())
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
            <td class="muted">{time(Some(person.granted_at))}</td>
            <td><span class="row-actions">{revoke}</span></td>
        </tr>
    }
}
