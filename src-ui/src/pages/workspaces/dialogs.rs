//! The workspace dialogs: create or rename one, and grant a member a role in one.

use crate::api;
use crate::components::{Dialog, DialogButtons, Field, MemberPicker, show_in, user};
use crate::pages::chosen_id;
use crate::rules::{givable, refusal_on};
use crate::state::Ctx;
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::ids::{MembershipId, RoleId, WorkspaceId};
use rolecall_types::model::{Member, Role, Workspace};
use rolecall_types::permissions::RoleKind;
use rolecall_types::validate;
use std::collections::HashMap;
use std::sync::Arc;

/// Create a workspace, or rename `renaming` (R15: 1–100 characters, unique).
#[component]
pub(super) fn NameDialog(
    renaming: Option<Workspace>,
    /// The workspace shown: the new or renamed one once saved.
    chosen: RwSignal<Option<WorkspaceId>>,
    on_close: Callback<()>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let (title, action) = match &renaming {
        None => ("Create workspace".to_string(), "Create workspace"),
        Some(ws) => (format!("Rename {}", ws.name), "Save name"),
    };
    let name = RwSignal::new(
        renaming
            .as_ref()
            .map(|w| w.name.clone())
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    let save = Action::new_local(move |name: &String| {
        let (org_id, name, renaming) = (ctx.org(), name.clone(), renaming.clone());
        async move {
            let saved = match renaming {
                None => {
                    let done = |ws: &Workspace| format!("{} was created.", user(&ws.name));
                    ctx.save(cmd::CreateWorkspace { org_id, name }, done, show_in(error))
                        .await
                }
                Some(before) => {
                    let request = cmd::RenameWorkspace {
                        org_id,
                        workspace_id: before.id.clone(),
                        name,
                    };
                    let done = move |ws: &Workspace| {
                        format!("{} is now called {}.", user(&before.name), user(&ws.name))
                    };
                    ctx.save(request, done, show_in(error)).await
                }
            };
            if let Some(ws) = saved {
                chosen.set(Some(ws.id));
                on_close.run(());
            }
        }
    });
    let busy = save.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match validate::required_text(
            "name",
            "Workspace name",
            &name.get_untracked(),
            validate::WORKSPACE_NAME_MAX,
        ) {
            Ok(value) => {
                save.dispatch(value);
            }
            Err(e) => error.set(Some(e.message)),
        }
    };
    view! {
        <Dialog id="workspace-dialog" labelled_by="workspace-dialog-title" on_close>
            <form class="form" on:submit=submit novalidate=true>
                <h2 id="workspace-dialog-title">{title}</h2>
                <Field id="workspace-name" label="Name" value=name error autofocus=true hint="1–100 characters, unique in this organization." />
                <DialogButtons submit="workspace-submit" label=action disabled=busy on_cancel=on_close />
            </form>
        </Dialog>
    }
}

/// R16, R28–R29: choose a member (search) and a role below your own.
#[component]
pub(super) fn GrantDialog(
    workspace_id: WorkspaceId,
    workspace_name: String,
    roles: Memo<Vec<Role>>,
    on_close: Callback<()>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let chosen = RwSignal::new(None::<Member>);
    let role = RwSignal::new(None::<RoleId>);
    let error = RwSignal::new(None::<String>);
    let me = ctx.session.with_untracked(|s| {
        s.as_ref()
            .and_then(|s| s.role.clone().map(|r| (r, s.account.id.clone())))
    });
    let options = {
        let me = me.clone();
        Memo::new(move |_| {
            me.as_ref()
                .map(|(me, _)| givable(me, &roles.get()))
                .unwrap_or_default()
        })
    };
    // Start with the default role, or the lowest one offered.
    Effect::new(move |_| {
        let list = options.get();
        if !role.with_untracked(|r| {
            r.as_ref()
                .is_some_and(|id| list.iter().any(|r| &r.id == id))
        }) {
            let pick = list
                .iter()
                .find(|r| r.kind == RoleKind::Member)
                .or_else(|| list.iter().min_by_key(|r| r.level));
            role.set(pick.map(|r| r.id.clone()));
        }
    });
    // Roles already held here, so the list can say "replaces".
    let held = {
        let request = cmd::WorkspaceMembers {
            org_id: ctx.org(),
            workspace_id: workspace_id.clone(),
        };
        let read = LocalResource::new(move || api::call(request.clone()));
        Memo::new(move |_| -> HashMap<MembershipId, String> {
            read.get()
                .and_then(Result::ok)
                .unwrap_or_default()
                .into_iter()
                .map(|p| (p.membership_id, p.role_name))
                .collect()
        })
    };
    let role_name = move || {
        role.with(|c| {
            options.with(|o| {
                o.iter()
                    .find(|r| Some(&r.id) == c.as_ref())
                    .map(|r| r.name.clone())
                    .unwrap_or_default()
            })
        })
    };
    let grant = {
        let workspace_name = workspace_name.clone();
        Action::new_local(move |(member, role_id): &(Member, RoleId)| {
            let request = cmd::GrantWorkspaceRole {
                org_id: ctx.org(),
                workspace_id: workspace_id.clone(),
                membership_id: member.membership_id.clone(),
                role_id: role_id.clone(),
            };
            let done = format!(
                "{} is now {} in {}.",
                user(&format!("{} {}", member.first_name, member.last_name)),
                user(&role_name()),
                user(&workspace_name)
            );
            async move {
                if ctx.save(request, |_| done, show_in(error)).await.is_some() {
                    on_close.run(());
                }
            }
        })
    };
    let busy = grant.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match (chosen.get_untracked(), role.get_untracked()) {
            (None, _) => error.set(Some("Choose the member who gets the role.".into())),
            (_, None) => error.set(Some("Choose a role.".into())),
            (Some(member), Some(role_id)) => {
                grant.dispatch((member, role_id));
            }
        }
    };
    let org_name = ctx.org_name();
    let summary = {
        let workspace_name = workspace_name.clone();
        move || match chosen.get() {
            Some(m) => {
                let replaces = held.with(|h| {
                    h.get(&m.membership_id)
                        .map(|before| format!(", replacing {before}"))
                });
                format!(
                    "{} {} gets {} in {workspace_name}{}.",
                    m.first_name,
                    m.last_name,
                    role_name(),
                    replaces.unwrap_or_default()
                )
            }
            None => "Choose a member above.".to_string(),
        }
    };
    view! {
        <Dialog id="grant-dialog" labelled_by="grant-title" on_close>
            <form class="form" on:submit=submit novalidate=true>
                <h2 id="grant-title">"Grant a role in " <bdi>{workspace_name.clone()}</bdi></h2>
                <MemberPicker
                    id="grant"
                    label="Member"
                    chosen
                    on_pick=Callback::new(move |_| error.set(None))
                    block=Arc::new(move |m: &Member| {
                        me.as_ref().and_then(|(me, account)| refusal_on(me, &org_name, account, &m.into(), &roles.get()))
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
                <p class="notice grant-summary" id="grant-summary">{summary}</p>
                <p class="form-error" role="alert" id="grant-error">{move || error.get().unwrap_or_default()}</p>
                <DialogButtons submit="grant-submit" label="Grant role" disabled=busy on_cancel=on_close />
            </form>
        </Dialog>
    }
}
