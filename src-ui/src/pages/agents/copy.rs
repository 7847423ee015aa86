//! R35 "Copy to…": a new agent with the same persona and knowledge in another context
//! (and, in an organization, a workspace); the core refuses where the account may not
//! create agents.

use crate::api;
use crate::components::{Dialog, DialogButtons, Loaded, show_in, user};
use crate::pages::chosen_id;
use crate::state::Ctx;
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::ids::{OrgId, WorkspaceId};
use rolecall_types::model::{Agent, Context, SwitcherEntry};

/// The element id of a copy target ("copy-target-personal", "copy-target-<slug>").
fn target_id(entry: Option<&SwitcherEntry>) -> String {
    match entry {
        None => "copy-target-personal".into(),
        Some(e) => format!("copy-target-{}", e.slug),
    }
}

#[component]
pub(super) fn CopyDialog(agent: Agent, from: Context, on_close: Callback<()>) -> impl IntoView {
    let ctx = Ctx::get();
    let entries = LocalResource::new(|| api::call(cmd::Switcher {}));
    // `None`: personal; `Some(org id)`: that organization.
    let target = RwSignal::new(None::<Option<OrgId>>);
    // The chosen organization's workspaces; `None`: its default one.
    let workspaces = LocalResource::new(move || async move {
        match target.get() {
            Some(Some(org_id)) => api::call(cmd::ListWorkspaces { org_id }).await,
            _ => Ok(Vec::new()),
        }
    });
    let workspace = RwSignal::new(None::<WorkspaceId>);
    Effect::new(move |_| {
        target.track();
        workspace.set(None);
    });
    let error = RwSignal::new(None::<String>);
    let from_org = match &from {
        Context::Organization(id) => Some(id.clone()),
        Context::Personal => None,
    };
    let from_personal = from_org.is_none();
    let copy = {
        let agent = agent.clone();
        Action::new_local(move |chosen: &Option<OrgId>| {
            let to = match chosen {
                Some(org) => Context::Organization(org.clone()),
                None => Context::Personal,
            };
            let where_to = match chosen {
                None => "your personal account".to_string(),
                Some(org) => entries
                    .with_untracked(|e| {
                        e.as_ref()
                            .and_then(|e| e.as_ref().ok())
                            .and_then(|e| e.iter().find(|e| &e.org_id == org))
                            .map(|e| e.name.clone())
                    })
                    .unwrap_or_default(),
            };
            let workspace_id = workspace.get_untracked().filter(|_| chosen.is_some());
            let request = cmd::CopyAgent {
                agent_id: agent.id.clone(),
                to,
                workspace_id,
            };
            let name = agent.name.clone();
            let done = move |copy: &Agent| {
                let place = copy
                    .workspace_name
                    .as_ref()
                    .map(|w| format!("{where_to} ({w})"));
                format!(
                    "{} was copied to {}.",
                    user(&name),
                    user(&place.unwrap_or(where_to))
                )
            };
            async move {
                if ctx.save(request, done, show_in(error)).await.is_some() {
                    on_close.run(());
                }
            }
        })
    };
    let busy = copy.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        match target.get_untracked() {
            Some(chosen) => {
                copy.dispatch(chosen);
            }
            None => error.set(Some("Choose where the copy goes.".into())),
        }
    };
    view! {
        <Dialog id="copy-dialog" labelled_by="copy-title" on_close>
            <form class="form" on:submit=submit novalidate=true>
                <h2 id="copy-title">"Copy " <bdi>{agent.name.clone()}</bdi> " to…"</h2>
                <p class="muted copy-note">
                    {format!("The copy gets the same name, persona and knowledge notes and belongs to you. {} stays where it is: agents never move.", agent.name)}
                </p>
                <fieldset class="plain">
                    <legend class="label copy-legend">"Copy to"</legend>
                    <div class="copy-targets" id="copy-targets">
                        <Loaded data=entries let:list>
                            {
                                let mut options: Vec<(Option<SwitcherEntry>, String, String)> = Vec::new();
                                if !from_personal {
                                    options.push((None, "Personal account".into(), "Your own agents".into()));
                                }
                                for e in list.into_iter().filter(|e| e.invitation_id.is_none() && !e.deactivated && from_org.as_ref() != Some(&e.org_id)) {
                                    let detail = format!("{} · {} plan", e.role_name, e.plan.label());
                                    let label = e.name.clone();
                                    options.push((Some(e), label, detail));
                                }
                                if options.is_empty() {
                                    view! {
                                        <p class="muted" id="copy-no-targets">"You have no other context to copy to. Create an organization from the switcher first."</p>
                                    }.into_any()
                                } else {
                                    options.into_iter().map(|(entry, label, detail)| {
                                    let id = target_id(entry.as_ref());
                                    let value = entry.as_ref().map(|e| e.org_id.clone());
                                    let (checked, chosen) = (value.clone(), value.clone());
                                    view! {
                                        <label class="copy-target" class:chosen=move || target.get().as_ref() == Some(&chosen)>
                                            <input
                                                type="radio"
                                                name="copy-target"
                                                id=id
                                                prop:checked=move || target.get().as_ref() == Some(&checked)
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
                            }
                        </Loaded>
                    </div>
                </fieldset>
                <Show when=move || matches!(target.get(), Some(Some(_)))>
                    <div class="field">
                        <label for="copy-workspace">"Workspace"</label>
                        <select id="copy-workspace" on:change=move |ev| workspace.set(chosen_id(event_target_value(&ev)))>
                            {move || {
                                let list = workspaces.get().and_then(Result::ok).unwrap_or_default();
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
                <DialogButtons submit="copy-submit" label="Copy agent" on_cancel=on_close
                    disabled=Signal::derive(move || busy.get() || target.with(Option::is_none)) />
            </form>
        </Dialog>
    }
}
