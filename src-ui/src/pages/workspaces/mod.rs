//! Workspaces (R15, R16): the organization's workspaces with their default, role
//! holders and agents; create, rename and delete (never the last one; its agents move
//! to the default workspace); and per workspace the members who hold a role there, with
//! grant, change and revoke under the hierarchy (R28–R30).

mod dialogs;
mod holders;

use crate::api;
use crate::components::{Confirm, ListPage, Table, col, or_empty, user};
use crate::format::{count, time};
use crate::state::Ctx;
use dialogs::{GrantDialog, NameDialog};
use holders::WorkspaceRoles;
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::ids::WorkspaceId;
use rolecall_types::model::Workspace;
use rolecall_types::permissions::Permission;

#[component]
pub fn WorkspacesPage() -> impl IntoView {
    let ctx = Ctx::get();
    let workspaces = ctx.read(move || api::call(cmd::ListWorkspaces { org_id: ctx.org() }));
    let roles = or_empty(ctx.read(move || api::call(cmd::ListRoles { org_id: ctx.org() })));
    let chosen = RwSignal::new(None::<WorkspaceId>);
    let naming = RwSignal::new(None::<Option<Workspace>>);
    let grant_open = RwSignal::new(false);
    let can_manage = move || ctx.can(Permission::WorkspacesManage);
    // The chosen workspace while it exists, else the default; the panel is drawn again
    // only when another one is shown or it is renamed.
    let current = Memo::new(move |_| {
        let id = chosen.get();
        workspaces.with(|w| {
            let list = w.as_ref()?.as_ref().ok()?;
            let shown = list
                .iter()
                .find(|w| Some(&w.id) == id.as_ref())
                .or(list.first());
            shown.map(|w| (w.id.clone(), w.name.clone()))
        })
    });
    view! {
        <ListPage
            title="Workspaces"
            create=("create-workspace-button", "Create workspace")
            can_create=Signal::derive(can_manage)
            on_create=Callback::new(move |_| naming.set(Some(None)))
            card="ws-card"
            data=workspaces
            empty=("workspaces-empty", "This organization has no workspaces yet.")
            list=move |list| view! { <WorkspaceTable list current chosen naming /> }
        >
            <p class="muted">
                "Workspaces of " <bdi id="workspaces-org-name">{move || ctx.org_name()}</bdi>
                ". A role in a workspace governs only its agents; everything else follows the organization role."
            </p>
        </ListPage>
        {move || current.get().map(|(id, name)| view! {
            <WorkspaceRoles workspace_id=id workspace_name=name roles grant_open />
        })}
        {move || naming.get().map(|renaming| view! {
            <NameDialog renaming chosen on_close=Callback::new(move |_| naming.set(None)) />
        })}
        {move || grant_open.get().then(|| current.get().map(|(id, name)| view! {
            <GrantDialog workspace_id=id workspace_name=name roles on_close=Callback::new(move |_| grant_open.set(false)) />
        }))}
    }
}

#[component]
fn WorkspaceTable(
    list: Vec<Workspace>,
    current: Memo<Option<(WorkspaceId, String)>>,
    chosen: RwSignal<Option<WorkspaceId>>,
    /// Opens the name dialog: `Some(None)` creates, `Some(Some(w))` renames `w`.
    naming: RwSignal<Option<Option<Workspace>>>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let can_manage = move || ctx.can(Permission::WorkspacesManage);
    let last = list.len() == 1;
    let org = ctx.org_name();
    let rows = list.iter().map(|ws| {
        let is_current = {
            let id = ws.id.clone();
            move || current.with(|c| c.as_ref().is_some_and(|(c, _)| *c == id))
        };
        let (id, open_id) = (ws.id.clone(), ws.id.clone());
        let (for_rename, question) = (ws.clone(), delete_question(ws, &list));
        let request = cmd::DeleteWorkspace { org_id: ctx.org(), workspace_id: ws.id.clone() };
        let done = format!("{} was deleted.", user(&ws.name));
        let delete_title = if last {
            format!("{} is the last workspace of {org}; an organization always keeps one.", ws.name)
        } else {
            format!("Delete {}", ws.name)
        };
        view! {
            <tr class="ws-row" class:selected=is_current.clone() data-name=ws.name.clone() on:click=move |_| chosen.set(Some(id.clone()))>
                <td class="ws-name-cell">
                    <button
                        class="ws-open"
                        aria-pressed={
                            let is_current = is_current.clone();
                            move || is_current().to_string()
                        }
                        title="Show who holds a role here"
                        on:click=move |ev| {
                            ev.stop_propagation();
                            chosen.set(Some(open_id.clone()));
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
                <td class="muted">{time(Some(ws.created_at))}</td>
                <td>
                    <Show when=can_manage>
                        <span class="row-actions" on:click=|ev| ev.stop_propagation()>
                            <button class="btn btn-small ws-rename" on:click={
                                let ws = for_rename.clone();
                                move |_| naming.set(Some(Some(ws.clone())))
                            }>"Rename"</button>
                            <button class="btn btn-small btn-danger-ghost ws-delete" disabled=last title=delete_title.clone() on:click={
                                let (question, request, done) = (question.clone(), request.clone(), done.clone());
                                move |_| ctx.confirm_run(question.clone(), request.clone(), done.clone())
                            }>"Delete"</button>
                        </span>
                    </Show>
                </td>
            </tr>
        }
    }).collect_view();
    view! {
        <Table class="ws-table" id="workspace-table" columns=[
            col("Name").class("col-name"),
            col("Members with a role").class("col-num num"),
            col("Agents").class("col-num num"),
            col("Created").class("col-created"),
            col("Actions").class("col-actions").unseen(),
        ]>
            {rows}
        </Table>
    }
}

/// What deleting `ws` does, as the core does it: its agents move to the default
/// workspace; deleting the default makes the oldest other one the default.
fn delete_question(ws: &Workspace, list: &[Workspace]) -> Confirm {
    let agents = count(ws.agents, "agent", "agents");
    let message = if ws.is_default {
        let next = list
            .iter()
            .filter(|w| w.id != ws.id)
            .min_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)))
            .map(|w| user(&w.name))
            .unwrap_or_default();
        format!(
            "{} is the default workspace: {next} becomes the default, and its agents ({agents}) move to it. Roles members hold in {} are removed. This cannot be undone.",
            user(&ws.name),
            user(&ws.name)
        )
    } else {
        let default = list
            .iter()
            .find(|w| w.is_default)
            .map(|w| user(&w.name))
            .unwrap_or_default();
        format!(
            "Its agents ({agents}) move to the default workspace, {default}. Roles members hold in {} are removed. This cannot be undone.",
            user(&ws.name)
        )
    };
    Confirm::danger(
        format!("Delete {}?", user(&ws.name)),
        message,
        "Delete workspace",
        "Keep it",
    )
}
