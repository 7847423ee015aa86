//! Add template (R27): the templates not yet in the organization, each with its level
//! and permissions; those beyond the account's own rights are disabled with the reason.

use super::{beyond_own, described, focus, remaining_templates, summary};
use crate::components::{Dialog, show_in};
use crate::state::Ctx;
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::model::{MyRole, Role};
use rolecall_types::permissions::{PermissionSet, RoleKind};

#[component]
pub(super) fn TemplateDialog(
    roles: Vec<Role>,
    me: MyRole,
    on_close: Callback<()>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let error = RwSignal::new(None::<String>);
    let add = Action::new_local(move |name: &&'static str| {
        let request = cmd::AddRoleTemplate {
            org_id: ctx.org(),
            template: name.to_string(),
        };
        let done = |r: &Role| format!("{} (level {}) was added.", r.name, r.level);
        async move {
            if ctx.save(request, done, show_in(error)).await.is_some() {
                on_close.run(());
            }
        }
    });
    let busy = add.pending();
    let remaining = remaining_templates(&roles);
    let first_enabled = remaining
        .iter()
        .find(|t| beyond_own(&me, t.name, t.level, PermissionSet::of(t.permissions)).is_none())
        .map(|t| format!("#template-add-{}", t.name.to_lowercase()));
    Effect::new(move |_| focus(first_enabled.as_deref().unwrap_or("#template-close")));
    let items = remaining
        .iter()
        .map(|t| {
            let permissions = PermissionSet::of(t.permissions);
            let reason = beyond_own(&me, t.name, t.level, permissions);
            let blocked = reason.is_some();
            let name = t.name;
            view! {
                <li class="template-option" data-template=name>
                    <div class="template-text">
                        <div class="template-title">
                            <span class="member-name">{name}</span>
                            <span class="badge">{format!("Level {}", t.level)}</span>
                        </div>
                        <div class="muted small" title=described(permissions)>{summary(RoleKind::Template, permissions)}</div>
                    </div>
                    <button
                        class="btn btn-small template-add"
                        id=format!("template-add-{}", name.to_lowercase())
                        disabled=move || blocked || busy.get()
                        title=reason.clone().unwrap_or_else(|| format!("Add {name} to this organization"))
                        aria-label=format!("Add {name}")
                        on:click=move |_| {
                            add.dispatch(name);
                        }
                    >
                        "Add"
                    </button>
                </li>
            }
        })
        .collect_view();
    let none_left = remaining.is_empty();
    view! {
        <Dialog id="template-dialog" labelled_by="template-title" described_by="template-intro" on_close>
            <h2 id="template-title">"Add a role template"</h2>
            <p class="muted" id="template-intro">
                "Predefined roles you can edit once added. Templates already in this organization are not listed."
            </p>
            {if none_left {
                view! { <p class="empty-state" id="templates-empty">"Every template is already in this organization."</p> }.into_any()
            } else {
                view! { <ul class="template-list" id="template-list">{items}</ul> }.into_any()
            }}
            <p class="form-error" role="alert" id="template-error">{move || error.get().unwrap_or_default()}</p>
            <div class="dialog-actions">
                <button class="btn" id="template-close" on:click=move |_| on_close.run(())>"Close"</button>
            </div>
        </Dialog>
    }
}
