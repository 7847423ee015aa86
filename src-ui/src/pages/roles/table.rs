//! The roles table: name, kind, level, holders, permissions and, for managers, actions
//! disabled with the core's reason where the rules forbid them (R27, R29).

use super::{described, holders_text, kind_label, summary};
use crate::rules;
use leptos::prelude::*;
use rolecall_types::model::{MyRole, Role};
use rolecall_types::permissions::RoleKind;

/// Why the account may not edit this role (R27, R29), as the core decides it.
fn edit_block(me: &MyRole, role: &Role) -> Option<String> {
    let mine = role.id == me.role_id;
    rules::actor(me, "")
        .edit_role(&rules::role_ref(role), mine)
        .err()
        .map(|r| r.to_string())
}

/// Why the account may not delete this role (R27, R29), as the core decides it.
fn delete_block(me: &MyRole, role: &Role) -> Option<String> {
    if let Err(refusal) = rules::actor(me, "").delete_role(&rules::role_ref(role)) {
        return Some(refusal.to_string());
    }
    (role.holders > 0).then(|| {
        format!(
            "{} is held by {} (members, workspace roles or pending invitations). Give them another role first.",
            role.name,
            holders_text(role.holders).to_lowercase()
        )
    })
}

#[component]
pub(super) fn RolesTable(
    roles: Vec<Role>,
    me: MyRole,
    /// Whether the account holds Roles·manage (R30: otherwise no controls at all).
    manage: bool,
    /// Opens the role dialog: `Some(None)` for a new role.
    editing: RwSignal<Option<Option<Role>>>,
    templates_open: RwSignal<bool>,
    delete: Callback<Role>,
) -> impl IntoView {
    let only_system = roles.iter().all(|r| r.kind.is_system());
    let rows = roles
        .into_iter()
        .map(|role| {
            let mine = role.id == me.role_id;
            let actions = manage.then(|| {
                let edit_reason = edit_block(&me, &role);
                let delete_reason = delete_block(&me, &role);
                let (for_edit, for_delete) = (role.clone(), role.clone());
                view! {
                    <td class="row-actions-cell">
                        <span class="row-actions">
                            <button
                                class="btn btn-small role-edit"
                                disabled=edit_reason.is_some()
                                title=edit_reason.clone().unwrap_or_else(|| format!("Edit {}", role.name))
                                aria-label=format!("Edit {}", role.name)
                                on:click=move |_| editing.set(Some(Some(for_edit.clone())))
                            >
                                "Edit"
                            </button>
                            <button
                                class="btn btn-small btn-danger-ghost role-delete"
                                disabled=delete_reason.is_some()
                                title=delete_reason.clone().unwrap_or_else(|| format!("Delete {}", role.name))
                                aria-label=format!("Delete {}", role.name)
                                on:click=move |_| delete.run(for_delete.clone())
                            >
                                "Delete"
                            </button>
                        </span>
                    </td>
                }
            });
            let kind_class = match role.kind {
                RoleKind::Template => "badge kind-badge kind-template",
                RoleKind::Custom => "badge kind-badge kind-custom",
                _ => "badge kind-badge kind-system",
            };
            view! {
                <tr
                    class="role-row"
                    data-role=role.name.clone()
                    data-role-id=role.id.to_string()
                    data-kind=role.kind.code()
                >
                    <th scope="row" class="role-name-cell">
                        <span class="role-name">{role.name.clone()}</span>
                        {mine.then(|| view! { <span class="badge your-role">"Your role"</span> })}
                    </th>
                    <td><span class=kind_class>{kind_label(role.kind)}</span></td>
                    <td class="role-level num">{role.level}</td>
                    <td class="role-holders" class:muted=role.holders == 0>{holders_text(role.holders)}</td>
                    <td class="role-summary" title=described(role.permissions)>
                        {summary(role.kind, role.permissions)}
                    </td>
                    {actions}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="card list-card roles-card">
            <table class="roles-table" id="roles-table">
                <caption class="sr-only">"Roles of this organization, highest level first"</caption>
                <thead>
                    <tr class="table-head">
                        <th scope="col" class="col-name">"Role"</th>
                        <th scope="col" class="col-kind">"Kind"</th>
                        <th scope="col" class="col-level num">"Level"</th>
                        <th scope="col" class="col-holders" title="Members, workspace roles and pending invitations holding the role">"Held by"</th>
                        <th scope="col">"Permissions"</th>
                        {manage.then(|| view! { <th scope="col" class="col-actions"><span class="sr-only">"Actions"</span></th> })}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            {only_system.then(|| view! {
                <div class="empty-state roles-only-system" id="roles-only-system">
                    {if manage {
                        view! {
                            <p>"Only the system roles so far. Add one of the predefined templates or create a role of your own."</p>
                            <div class="roles-empty-actions">
                                <button class="btn" on:click=move |_| templates_open.set(true)>"Add template"</button>
                                <button class="btn btn-primary" on:click=move |_| editing.set(Some(None))>"New role"</button>
                            </div>
                        }.into_any()
                    } else {
                        view! { <p>"Only the system roles so far. Someone with Roles · Manage can add more."</p> }.into_any()
                    }}
                </div>
            })}
        </div>
        <p class="table-foot muted roles-legend">
            "Held by counts members, workspace roles and pending invitations. A role that anyone holds cannot be deleted."
        </p>
    }
}
