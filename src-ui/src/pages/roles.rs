//! Roles & permissions (R26–R30): the organization's roles, highest level first, with
//! the templates an admin may add, custom roles to create and edit, delete for roles
//! nobody holds, and a permission matrix (roles × permissions) for review.
//!
//! The page applies the core's rules before asking it: system roles are read-only,
//! nobody but the Owner edits their own role or works with a role at or above their
//! level or holding a permission they lack (R29). The core checks again and its
//! message is shown when it refuses.

use crate::api;
use crate::components::{Confirm, ConfirmDialog, Dialog, Field};
use crate::rules;
use crate::state::{Ctx, group};
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::ErrorKind;
use rolecall_types::cmd;
use rolecall_types::ids::RoleId;
use rolecall_types::model::{MyRole, Role, RoleInput};
use rolecall_types::permissions::{
    ALL_PERMISSIONS, PERMISSION_GROUPS, Permission, PermissionSet, ROLE_TEMPLATES, RoleDefinition,
    RoleKind,
};
use rolecall_types::rules::RoleRef;
use rolecall_types::validate;
use std::sync::Arc;
use wasm_bindgen::JsCast;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Table,
    Matrix,
}

/// What the role dialog works on: a new role, or an existing one to edit.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Editing {
    New,
    Existing(Role),
}

/// "Nobody", "1 holder", "12 holders".
fn holders_text(n: u64) -> String {
    match n {
        0 => "Nobody".into(),
        1 => "1 holder".into(),
        n => format!("{} holders", group(n)),
    }
}

fn kind_label(kind: RoleKind) -> &'static str {
    match kind {
        RoleKind::Owner | RoleKind::Admin | RoleKind::Member => "System",
        RoleKind::Template => "Template",
        RoleKind::Custom => "Custom",
    }
}

/// A short summary of a permission set by group ("Members: view, invite · Agents: all").
fn summary(kind: RoleKind, permissions: PermissionSet) -> String {
    if kind == RoleKind::Owner {
        return "Everything, plus deleting the organization and transferring ownership".into();
    }
    if permissions == PermissionSet::all() {
        return "Every permission in the catalogue".into();
    }
    if permissions.is_empty() {
        return "No permissions".into();
    }
    PERMISSION_GROUPS
        .iter()
        .filter_map(|(name, perms)| {
            let held: Vec<Permission> = perms
                .iter()
                .copied()
                .filter(|p| permissions.contains(*p))
                .collect();
            match held.len() {
                0 => None,
                n if n == perms.len() && n > 1 => Some(format!("{name}: all")),
                _ => Some(format!(
                    "{name}: {}",
                    held.iter()
                        .map(|p| p.label().to_lowercase())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Every permission of the set in words, for tooltips.
fn described(permissions: PermissionSet) -> String {
    let all: Vec<String> = permissions.iter().map(Permission::describe).collect();
    if all.is_empty() {
        "No permissions".into()
    } else {
        all.join(", ")
    }
}

/// R29: why the account may not work with a role of this level and these permissions,
/// in the core's words, or `None` if it may (the Owner always may).
fn beyond_own(me: &MyRole, name: &str, level: u8, permissions: PermissionSet) -> Option<String> {
    let role = RoleRef {
        name,
        kind: RoleKind::Custom,
        level,
        permissions,
    };
    rules::actor(me, "")
        .within_own(&role)
        .err()
        .map(|r| r.to_string())
}

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

/// Templates not yet in the organization (a role of the same name counts as added).
fn remaining_templates(roles: &[Role]) -> Vec<&'static RoleDefinition> {
    ROLE_TEMPLATES
        .iter()
        .filter(|t| !roles.iter().any(|r| r.name.eq_ignore_ascii_case(t.name)))
        .collect()
}

/// A stable element id for a permission's checkbox ("perm-members-change-roles").
fn permission_id(p: Permission) -> String {
    format!("perm-{}", p.code().replace(['.', '_'], "-"))
}

/// Moves the keyboard focus to the element matching `selector`, if it is there.
fn focus(selector: &str) {
    if let Some(el) = document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[component]
pub fn RolesPage() -> impl IntoView {
    let ctx = Ctx::get();
    let roles = RwSignal::new(None::<Result<Vec<Role>, String>>);
    let tab = RwSignal::new(Tab::Table);
    let editing = RwSignal::new(None::<Editing>);
    let templates_open = RwSignal::new(false);
    let confirm = RwSignal::new(None::<Confirm>);
    let retry = RwSignal::new(0u32);
    let can_manage = move || ctx.can(Permission::RolesManage);
    let org_name = move || ctx.org_name();

    Effect::new(move |_| {
        let _ = ctx.version.get();
        let _ = retry.get();
        let Some(org_id) = ctx.org_id() else { return };
        spawn_local(async move {
            let result = api::call(cmd::ListRoles { org_id }).await.map(|mut list| {
                list.sort_by(|a, b| {
                    b.level
                        .cmp(&a.level)
                        .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
                });
                list
            });
            roles.set(Some(result.map_err(|e| e.message)));
        });
    });

    let templates_left = move || {
        roles.with(|r| match r {
            Some(Ok(list)) => remaining_templates(list).len(),
            _ => 0,
        })
    };
    let delete = move |role: Role| {
        let Some(org) = ctx.org_id() else { return };
        confirm.set(Some(Confirm {
            title: format!("Delete the role {}?", role.name),
            message: format!(
                "{} (level {}) will be removed from {}. This cannot be undone; you can create a role with the same permissions again later.",
                role.name,
                role.level,
                org_name()
            ),
            confirm: "Delete role".into(),
            cancel: "Keep it".into(),
            danger: true,
            action: Arc::new(move || {
                let request = cmd::DeleteRole {
                    org_id: org.clone(),
                    role_id: role.id.clone(),
                };
                let name = role.name.clone();
                spawn_local(async move {
                    match api::call(request).await {
                        Ok(()) => {
                            ctx.toast(format!("{name} was deleted."));
                            focus("#new-role-button");
                        }
                        Err(e) => ctx.toast_error(e.message),
                    }
                    ctx.changed();
                });
            }),
        }));
    };
    let select_tab = move |t: Tab| {
        tab.set(t);
        focus(match t {
            Tab::Table => "#roles-tab-table",
            Tab::Matrix => "#roles-tab-matrix",
        });
    };
    let tab_keys = move |ev: KeyboardEvent| match ev.key().as_str() {
        "ArrowLeft" | "ArrowRight" | "Home" | "End" => {
            ev.prevent_default();
            select_tab(if tab.get_untracked() == Tab::Table {
                Tab::Matrix
            } else {
                Tab::Table
            });
        }
        _ => {}
    };

    view! {
        <header class="page-header row roles-header">
            <div>
                <h1>"Roles & permissions"</h1>
                <p class="muted">
                    "What each role of " <span id="roles-org-name">{org_name}</span>
                    " may do. Higher levels act on lower ones; system roles are read-only."
                </p>
            </div>
            <Show when=can_manage>
                <div class="roles-actions">
                    <button
                        class="btn"
                        id="add-template-button"
                        aria-haspopup="dialog"
                        disabled=move || templates_left() == 0
                        title=move || if templates_left() == 0 {
                            "Every template is already in this organization.".to_string()
                        } else {
                            "Add one of the predefined roles: Co-Admin, Manager, Developer, Billing, Viewer".to_string()
                        }
                        on:click=move |_| templates_open.set(true)
                    >
                        "Add template"
                    </button>
                    <button
                        class="btn btn-primary"
                        id="new-role-button"
                        aria-haspopup="dialog"
                        on:click=move |_| editing.set(Some(Editing::New))
                    >
                        "New role"
                    </button>
                </div>
            </Show>
        </header>
        <Show when=move || !can_manage()>
            <p class="notice roles-read-only" id="roles-read-only">
                "You can review roles here. Changing them needs the Roles · Manage permission."
            </p>
        </Show>
        <div class="tabs" role="tablist" aria-label="Roles view">
            <button
                role="tab"
                class="tab"
                id="roles-tab-table"
                aria-controls="roles-panel"
                aria-selected=move || (tab.get() == Tab::Table).to_string()
                tabindex=move || if tab.get() == Tab::Table { "0" } else { "-1" }
                on:click=move |_| tab.set(Tab::Table)
                on:keydown=tab_keys
            >
                "Roles"
                <span class="count-badge small" aria-label="roles">
                    {move || roles.with(|r| match r {
                        Some(Ok(list)) => list.len().to_string(),
                        _ => "…".to_string(),
                    })}
                </span>
            </button>
            <button
                role="tab"
                class="tab"
                id="roles-tab-matrix"
                aria-controls="roles-panel"
                aria-selected=move || (tab.get() == Tab::Matrix).to_string()
                tabindex=move || if tab.get() == Tab::Matrix { "0" } else { "-1" }
                on:click=move |_| tab.set(Tab::Matrix)
                on:keydown=tab_keys
            >
                "Permission matrix"
            </button>
        </div>
        <div
            role="tabpanel"
            id="roles-panel"
            aria-labelledby=move || if tab.get() == Tab::Table { "roles-tab-table" } else { "roles-tab-matrix" }
        >
            {move || {
                let me = ctx.session.with(|s| s.as_ref().and_then(|s| s.role.clone()));
                match (roles.get(), me) {
                    (None, _) | (_, None) => view! {
                        <div class="card list-card"><p class="muted pad" id="roles-loading" role="status">"Loading roles…"</p></div>
                    }.into_any(),
                    (Some(Err(message)), _) => view! {
                        <div class="card list-card pad roles-error">
                            <p class="form-error" role="alert" id="roles-error">{message}</p>
                            <button class="btn btn-small" id="roles-retry" on:click=move |_| retry.update(|n| *n += 1)>"Try again"</button>
                        </div>
                    }.into_any(),
                    (Some(Ok(list)), _) if list.is_empty() => view! {
                        <div class="card list-card">
                            <div class="empty-state" id="roles-empty">
                                <p>"This organization has no roles to show."</p>
                                <Show when=can_manage>
                                    <button class="btn btn-primary" on:click=move |_| editing.set(Some(Editing::New))>"New role"</button>
                                </Show>
                            </div>
                        </div>
                    }.into_any(),
                    (Some(Ok(list)), Some(me)) => match tab.get() {
                        Tab::Table => view! {
                            <RolesTable roles=list me manage=can_manage() editing templates_open delete=Callback::new(delete) />
                        }.into_any(),
                        Tab::Matrix => view! { <Matrix roles=list me_role=me.role_id /> }.into_any(),
                    },
                }
            }}
        </div>
        {move || editing.get().map(|e| untrack(|| {
            let me = ctx.session.with_untracked(|s| s.as_ref().and_then(|s| s.role.clone()));
            let back = match &e {
                Editing::New => "#new-role-button".to_string(),
                Editing::Existing(r) => format!(".role-row[data-role-id='{}'] .role-edit", r.id),
            };
            me.map(|me| view! {
                <RoleDialog
                    editing=e
                    me
                    on_close=move || {
                        editing.set(None);
                        focus(&back);
                    }
                />
            })
        }))}
        {move || templates_open.get().then(|| untrack(|| {
            let me = ctx.session.with_untracked(|s| s.as_ref().and_then(|s| s.role.clone()));
            let list = roles.with_untracked(|r| match r {
                Some(Ok(list)) => list.clone(),
                _ => Vec::new(),
            });
            me.map(|me| view! {
                <TemplateDialog
                    roles=list
                    me
                    on_close=move || {
                        templates_open.set(false);
                        focus("#add-template-button");
                    }
                />
            })
        }))}
        <ConfirmDialog request=confirm />
    }
}

/// The roles table: name, kind, level, holders, permissions and, for managers, actions.
#[component]
fn RolesTable(
    roles: Vec<Role>,
    me: MyRole,
    /// Whether the account holds Roles·manage (R30: otherwise no controls at all).
    manage: bool,
    editing: RwSignal<Option<Editing>>,
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
                                on:click=move |_| editing.set(Some(Editing::Existing(for_edit.clone())))
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
                                <button class="btn btn-primary" on:click=move |_| editing.set(Some(Editing::New))>"New role"</button>
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

/// Roles × permissions, with the catalogue's groups as column headers (R26).
#[component]
fn Matrix(roles: Vec<Role>, me_role: RoleId) -> impl IntoView {
    let single = |perms: &[Permission]| perms.len() == 1;
    let colgroups = PERMISSION_GROUPS
        .iter()
        .enumerate()
        .map(|(i, (_, perms))| {
            view! { <colgroup span=perms.len().to_string() class=if i % 2 == 1 { "band" } else { "" }></colgroup> }
        })
        .collect_view();
    let group_row = PERMISSION_GROUPS
        .iter()
        .map(|(name, perms)| {
            if single(perms) {
                let p = perms[0];
                view! {
                    <th scope="col" rowspan="2" class="matrix-perm matrix-single" title=p.describe()>
                        <span class="vertical">{p.describe()}</span>
                    </th>
                }
                .into_any()
            } else {
                view! {
                    <th scope="colgroup" colspan=perms.len().to_string() class="matrix-group">{*name}</th>
                }
                .into_any()
            }
        })
        .collect_view();
    let perm_row = PERMISSION_GROUPS
        .iter()
        .filter(|(_, perms)| !single(perms))
        .flat_map(|(name, perms)| perms.iter().map(move |p| (*name, *p)))
        .map(|(name, p)| {
            view! {
                <th scope="col" class="matrix-perm" title=p.describe()>
                    <span class="vertical"><span class="sr-only">{format!("{name} · ")}</span>{p.label()}</span>
                </th>
            }
        })
        .collect_view();
    let order: Vec<Permission> = PERMISSION_GROUPS
        .iter()
        .flat_map(|(_, perms)| perms.iter().copied())
        .collect();
    debug_assert_eq!(order.len(), ALL_PERMISSIONS.len());
    let body = roles
        .into_iter()
        .map(|role| {
            let cells = order
                .iter()
                .map(|p| {
                    let yes = role.permissions.contains(*p);
                    let title = format!(
                        "{}: {} — {}",
                        role.name,
                        p.describe(),
                        if yes { "yes" } else { "no" }
                    );
                    view! {
                        <td class=if yes { "mark yes" } else { "mark no" } title=title data-permission=p.code()>
                            {if yes {
                                view! { <span aria-hidden="true">"✓"</span><span class="sr-only">"Yes"</span> }.into_any()
                            } else {
                                view! { <span aria-hidden="true" class="dash">"·"</span><span class="sr-only">"No"</span> }.into_any()
                            }}
                        </td>
                    }
                })
                .collect_view();
            let mine = role.id == me_role;
            view! {
                <tr class="matrix-row" class:mine=mine data-role=role.name.clone()>
                    <th scope="row" class="matrix-role">
                        <span class="matrix-role-name">
                            {role.name.clone()}
                            {mine.then(|| view! { <span class="sr-only">" (your role)"</span> })}
                        </span>
                        <span class="matrix-role-sub">
                            {format!("Level {} · {}", role.level, kind_label(role.kind))}
                        </span>
                    </th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="card list-card matrix-card">
            <table class="matrix" id="roles-matrix">
                <caption class="sr-only">"Permissions of each role: roles in rows, permissions in columns, grouped"</caption>
                <colgroup><col class="matrix-role-col" /></colgroup>
                {colgroups}
                <thead>
                    <tr>
                        <th scope="col" rowspan="2" class="matrix-corner">"Role"</th>
                        {group_row}
                    </tr>
                    <tr>{perm_row}</tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
        <p class="table-foot muted">"✓ the role holds the permission; a bar marks your own role. The Owner alone may also delete the organization and transfer ownership."</p>
    }
}

/// New role / Edit role (R27, R29): name, level and the grouped permission catalogue.
#[component]
fn RoleDialog(
    editing: Editing,
    me: MyRole,
    on_close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = Ctx::get();
    let existing = match &editing {
        Editing::New => None,
        Editing::Existing(r) => Some(r.clone()),
    };
    let name = RwSignal::new(
        existing
            .as_ref()
            .map(|r| r.name.clone())
            .unwrap_or_default(),
    );
    let level = RwSignal::new(
        existing
            .as_ref()
            .map(|r| r.level.to_string())
            .unwrap_or_default(),
    );
    // A new role starts with Organization·view, which every role needs to see anything.
    let start = if me.is_owner || me.permissions.contains(Permission::OrganizationView) {
        PermissionSet::of(&[Permission::OrganizationView])
    } else {
        PermissionSet::EMPTY
    };
    let permissions = RwSignal::new(existing.as_ref().map_or(start, |r| r.permissions));
    let submitted = RwSignal::new(false);
    let busy = RwSignal::new(false);
    // Errors from the core, with the value they were about: editing the value clears them.
    let name_refused = RwSignal::new(None::<(String, String)>);
    let level_refused = RwSignal::new(None::<(String, String)>);
    let general = RwSignal::new(None::<String>);
    let my_level = me.level;
    let owner = me.is_owner;

    let check_level = move |text: &str| -> Result<u8, String> {
        let n: i64 = text
            .trim()
            .parse()
            .map_err(|_| "Level is a whole number from 1 to 99.".to_string())?;
        let n = validate::role_level(n).map_err(|e| e.message)?;
        if !owner && n >= my_level {
            return Err(format!(
                "Choose a level from 1 to {}, below your own ({my_level}).",
                my_level.saturating_sub(1)
            ));
        }
        Ok(n)
    };
    let name_error = Signal::derive(move || {
        let value = name.get();
        if let Some((v, m)) = name_refused.get()
            && v == value
        {
            return Some(m);
        }
        submitted
            .get()
            .then(|| validate::role_name(&value).err().map(|e| e.message))
            .flatten()
    });
    let level_error = Signal::derive(move || {
        let value = level.get();
        if let Some((v, m)) = level_refused.get()
            && v == value
        {
            return Some(m);
        }
        submitted.get().then(|| check_level(&value).err()).flatten()
    });
    let level_hint = if owner {
        "1 to 99. Roles act only on lower levels: Admin is 80, Member 10, the Owner 100."
            .to_string()
    } else {
        format!(
            "1 to {}: below your own level ({my_level}, {}).",
            my_level.saturating_sub(1),
            me.role_name
        )
    };
    let max_level = if owner {
        99
    } else {
        my_level.saturating_sub(1).max(1)
    };

    let role_id = existing.as_ref().map(|r| r.id.clone());
    let title = match &existing {
        Some(r) => format!("Edit {}", r.name),
        None => "New role".to_string(),
    };
    let done = on_close.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        submitted.set(true);
        general.set(None);
        let name_now = name.get_untracked();
        let level_now = level.get_untracked();
        let checked_name = validate::role_name(&name_now);
        let checked_level = check_level(&level_now);
        let (Ok(clean_name), Ok(clean_level)) = (checked_name, checked_level) else {
            let first = if validate::role_name(&name_now).is_err() {
                "#role-name"
            } else {
                "#role-level"
            };
            focus(first);
            return;
        };
        let input = RoleInput {
            name: clean_name,
            level: i64::from(clean_level),
            permissions: permissions.get_untracked(),
        };
        let Some(org_id) = ctx.org_id() else { return };
        let role_id = role_id.clone();
        let editing = role_id.is_some();
        let done = done.clone();
        busy.set(true);
        spawn_local(async move {
            let result = match role_id {
                Some(role_id) => {
                    api::call(cmd::UpdateRole {
                        org_id,
                        role_id,
                        role: input,
                    })
                    .await
                }
                None => {
                    api::call(cmd::CreateRole {
                        org_id,
                        role: input,
                    })
                    .await
                }
            };
            busy.set(false);
            match result {
                Ok(role) => {
                    ctx.toast(if editing {
                        format!("{} was saved.", role.name)
                    } else {
                        format!("{} was created.", role.name)
                    });
                    ctx.changed();
                    done();
                }
                Err(e) => match (e.field.as_deref(), e.kind) {
                    (Some("name"), _) | (None, ErrorKind::Conflict) => {
                        name_refused.set(Some((name_now, e.message)));
                        focus("#role-name");
                    }
                    (Some("level"), _) => {
                        level_refused.set(Some((level_now, e.message)));
                        focus("#role-level");
                    }
                    _ => general.set(Some(e.message)),
                },
            }
        });
    };

    let groups = PERMISSION_GROUPS
        .iter()
        .map(|(group_name, perms)| {
            let options = perms
                .iter()
                .copied()
                .map(|p| {
                    let lacking = !owner && !me.permissions.contains(p);
                    let reason = lacking.then(|| {
                        format!(
                            "You do not hold {} yourself, so you cannot put it in a role.",
                            p.describe()
                        )
                    });
                    let id = permission_id(p);
                    let label_for = id.clone();
                    let label_title = reason.clone();
                    view! {
                        <label class="toggle perm-option" class:locked=lacking for=label_for title=label_title>
                            <input
                                type="checkbox"
                                id=id
                                data-permission=p.code()
                                disabled=lacking
                                title=reason
                                prop:checked=move || permissions.get().contains(p)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    permissions.update(|set| {
                                        let mut next: Vec<Permission> = set.iter().filter(|q| *q != p).collect();
                                        if on {
                                            next.push(p);
                                        }
                                        *set = PermissionSet::of(&next);
                                    });
                                }
                            />
                            <span>{p.label()}</span>
                            {lacking.then(|| view! { <span class="sr-only">" (you do not hold it)"</span> })}
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="perm-fieldset">
                    <legend>{*group_name}</legend>
                    {options}
                </fieldset>
            }
        })
        .collect_view();
    let lacks_any = !owner && !me.permissions.is_superset(PermissionSet::all());
    let count = move || {
        let n = permissions.with(|p| p.iter().count());
        format!("{n} of {} selected", ALL_PERMISSIONS.len())
    };
    let close = on_close.clone();
    let cancel = on_close.clone();

    view! {
        <Dialog id="role-dialog" labelled_by="role-dialog-title" on_close=Callback::new(move |_| close())>
            <form class="form" id="role-form" on:submit=submit novalidate=true>
                <h2 id="role-dialog-title">{title}</h2>
                <div class="role-fields">
                    <Field id="role-name" label="Name" value=name error=name_error autofocus=true hint="1 to 40 characters, unique in this organization." />
                    <div class="field role-level-field" class:has-error=move || level_error.get().is_some()>
                        <label for="role-level">"Level"</label>
                        <input
                            id="role-level"
                            type="number"
                            inputmode="numeric"
                            min="1"
                            max=max_level.to_string()
                            prop:value=move || level.get()
                            on:input=move |ev| level.set(event_target_value(&ev))
                            aria-invalid=move || if level_error.get().is_some() { "true" } else { "false" }
                            aria-describedby="role-level-hint role-level-error"
                        />
                        <span class="field-hint" id="role-level-hint">{level_hint}</span>
                        <span class="field-error" id="role-level-error" role="alert">{move || level_error.get().unwrap_or_default()}</span>
                    </div>
                </div>
                <div class="perm-head">
                    <span class="label" id="role-permissions-label">"Permissions"</span>
                    <span class="muted small" id="role-permission-count">{count}</span>
                </div>
                {lacks_any.then(|| view! {
                    <p class="field-hint perm-note" id="role-permissions-note">
                        "Permissions you do not hold yourself are greyed out: nobody gives more than they have."
                    </p>
                })}
                <div class="perm-grid" role="group" aria-labelledby="role-permissions-label">{groups}</div>
                <p class="form-error" role="alert" id="role-form-error">{move || general.get().unwrap_or_default()}</p>
                <div class="dialog-actions">
                    <button type="button" class="btn" id="role-cancel" on:click=move |_| cancel()>"Cancel"</button>
                    <button class="btn btn-primary" id="role-submit" type="submit" disabled=move || busy.get()>
                        {move || match (busy.get(), existing.is_some()) {
                            (true, _) => "Saving…",
                            (false, true) => "Save changes",
                            (false, false) => "Create role",
                        }}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}

/// Add template (R27): the templates not yet in the organization, each with its level
/// and permissions; those beyond the account's own rights are disabled with the reason.
#[component]
fn TemplateDialog(
    roles: Vec<Role>,
    me: MyRole,
    on_close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = Ctx::get();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let remaining = remaining_templates(&roles);
    let first_enabled = remaining
        .iter()
        .find(|t| beyond_own(&me, t.name, t.level, PermissionSet::of(t.permissions)).is_none())
        .map(|t| format!("#template-add-{}", t.name.to_lowercase()));
    Effect::new(move |_| {
        if let Some(selector) = &first_enabled {
            focus(selector);
        } else {
            focus("#template-close");
        }
    });
    let items = remaining
        .iter()
        .map(|t| {
            let permissions = PermissionSet::of(t.permissions);
            let reason = beyond_own(&me, t.name, t.level, permissions);
            let blocked = reason.is_some();
            let name = t.name;
            let done = on_close.clone();
            let add = move |_| {
                let Some(org_id) = ctx.org_id() else { return };
                let done = done.clone();
                busy.set(true);
                spawn_local(async move {
                    let request = cmd::AddRoleTemplate {
                        org_id,
                        template: name.to_string(),
                    };
                    match api::call(request).await {
                        Ok(role) => {
                            ctx.toast(format!("{} (level {}) was added.", role.name, role.level));
                            ctx.changed();
                            done();
                        }
                        Err(e) => error.set(Some(e.message)),
                    }
                    busy.set(false);
                });
            };
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
                        on:click=add
                    >
                        "Add"
                    </button>
                </li>
            }
        })
        .collect_view();
    let none_left = remaining.is_empty();
    let close = on_close.clone();
    let cancel = on_close.clone();
    view! {
        <Dialog id="template-dialog" labelled_by="template-title" described_by="template-intro" on_close=Callback::new(move |_| close())>
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
                <button class="btn" id="template-close" on:click=move |_| cancel()>"Close"</button>
            </div>
        </Dialog>
    }
}
