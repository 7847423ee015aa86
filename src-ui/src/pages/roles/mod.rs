//! Roles & permissions (R26–R30): the organization's roles, highest level first, with
//! the templates an admin may add, custom roles to create and edit, delete for roles
//! nobody holds, and a permission matrix (roles × permissions) for review.
//!
//! The page applies the core's rules before asking it: system roles are read-only,
//! nobody but the Owner edits their own role or works with a role at or above their
//! level or holding a permission they lack (R29). The core checks again and its
//! message is shown when it refuses.

mod dialog;
mod matrix;
mod table;
mod templates;

use crate::api;
use crate::components::{Confirm, Loaded, TabButton, user};
use crate::format::group;
use crate::rules;
use crate::state::Ctx;
use dialog::RoleDialog;
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use matrix::Matrix;
use rolecall_types::cmd;
use rolecall_types::model::{MyRole, Role};
use rolecall_types::permissions::{
    PERMISSION_GROUPS, Permission, PermissionSet, ROLE_TEMPLATES, RoleDefinition, RoleKind,
};
use rolecall_types::rules::RoleRef;
use table::RolesTable;
use templates::TemplateDialog;
use wasm_bindgen::JsCast;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Table,
    Matrix,
}

/// "Nobody", "1 holder", "12 holders".
pub(super) fn holders_text(n: u64) -> String {
    match n {
        0 => "Nobody".into(),
        1 => "1 holder".into(),
        n => format!("{} holders", group(n)),
    }
}

pub(super) fn kind_label(kind: RoleKind) -> &'static str {
    match kind {
        RoleKind::Owner | RoleKind::Admin | RoleKind::Member => "System",
        RoleKind::Template => "Template",
        RoleKind::Custom => "Custom",
    }
}

/// A short summary of a permission set by group ("Members: view, invite · Agents: all").
pub(super) fn summary(kind: RoleKind, permissions: PermissionSet) -> String {
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
pub(super) fn described(permissions: PermissionSet) -> String {
    let all: Vec<String> = permissions.iter().map(Permission::describe).collect();
    if all.is_empty() {
        "No permissions".into()
    } else {
        all.join(", ")
    }
}

/// R29: why the account may not work with a role of this level and these permissions,
/// in the core's words, or `None` if it may (the Owner always may).
pub(super) fn beyond_own(
    me: &MyRole,
    name: &str,
    level: u8,
    permissions: PermissionSet,
) -> Option<String> {
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

/// Templates not yet in the organization (a role of the same name counts as added).
pub(super) fn remaining_templates(roles: &[Role]) -> Vec<&'static RoleDefinition> {
    ROLE_TEMPLATES
        .iter()
        .filter(|t| !roles.iter().any(|r| r.name.eq_ignore_ascii_case(t.name)))
        .collect()
}

/// A stable element id for a permission's checkbox ("perm-members-change-roles").
pub(super) fn permission_id(p: Permission) -> String {
    format!("perm-{}", p.code().replace(['.', '_'], "-"))
}

/// Moves the keyboard focus to the element matching `selector`, if it is there.
pub(super) fn focus(selector: &str) {
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
    let roles = ctx.read(move || async move {
        let mut list = api::call(cmd::ListRoles { org_id: ctx.org() }).await?;
        list.sort_by(|a, b| {
            b.level
                .cmp(&a.level)
                .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
        });
        Ok::<_, rolecall_types::IpcError>(list)
    });
    let tab = RwSignal::new(Tab::Table);
    // The role dialog: `Some(None)` for a new role.
    let editing = RwSignal::new(None::<Option<Role>>);
    let templates_open = RwSignal::new(false);
    let can_manage = move || ctx.can(Permission::RolesManage);
    let org_name = move || ctx.org_name();
    let me = move || {
        ctx.session
            .with_untracked(|s| s.as_ref().and_then(|s| s.role.clone()))
    };
    let templates_left = move || {
        roles.with(|r| {
            r.as_ref()
                .and_then(|r| r.as_ref().ok())
                .map_or(0, |list| remaining_templates(list).len())
        })
    };
    let delete = move |role: Role| {
        let question = Confirm::danger(
            format!("Delete the role {}?", user(&role.name)),
            format!(
                "{} (level {}) will be removed from {}. This cannot be undone; you can create a role with the same permissions again later.",
                user(&role.name),
                role.level,
                user(&org_name())
            ),
            "Delete role",
            "Keep it",
        );
        ctx.ask(question, move || {
            let request = cmd::DeleteRole {
                org_id: ctx.org(),
                role_id: role.id.clone(),
            };
            let name = role.name.clone();
            spawn_local(async move {
                match ctx
                    .send(request, |_| format!("{} was deleted.", user(&name)))
                    .await
                {
                    Some(()) => focus("#new-role-button"),
                    None => ctx.changed(),
                }
            });
        });
    };
    // Arrow keys, Home and End move between the two tabs.
    let on_key = Callback::new(move |ev: KeyboardEvent| {
        if matches!(
            ev.key().as_str(),
            "ArrowLeft" | "ArrowRight" | "Home" | "End"
        ) {
            ev.prevent_default();
            let next = if tab.get_untracked() == Tab::Table {
                Tab::Matrix
            } else {
                Tab::Table
            };
            tab.set(next);
            focus(if next == Tab::Table {
                "#roles-tab-table"
            } else {
                "#roles-tab-matrix"
            });
        }
    });

    view! {
        <header class="page-header row roles-header">
            <div>
                <h1>"Roles & permissions"</h1>
                <p class="muted">
                    "What each role of " <bdi id="roles-org-name">{org_name}</bdi>
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
                        on:click=move |_| editing.set(Some(None))
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
            <TabButton current=tab value=Tab::Table id="roles-tab-table" label="Roles" controls="roles-panel" on_key>
                <span class="count-badge small" aria-label="roles">
                    {move || roles.with(|r| match r {
                        Some(Ok(list)) => list.len().to_string(),
                        _ => "…".to_string(),
                    })}
                </span>
            </TabButton>
            <TabButton current=tab value=Tab::Matrix id="roles-tab-matrix" label="Permission matrix" controls="roles-panel" on_key />
        </div>
        <div
            role="tabpanel"
            id="roles-panel"
            aria-labelledby=move || if tab.get() == Tab::Table { "roles-tab-table" } else { "roles-tab-matrix" }
        >
            <Loaded data=roles let:list>
                {match ctx.session.with(|s| s.as_ref().and_then(|s| s.role.clone())) {
                    _ if list.is_empty() => view! {
                        <div class="card list-card">
                            <div class="empty-state" id="roles-empty">
                                <p>"This organization has no roles to show."</p>
                                <Show when=can_manage>
                                    <button class="btn btn-primary" on:click=move |_| editing.set(Some(None))>"New role"</button>
                                </Show>
                            </div>
                        </div>
                    }.into_any(),
                    None => ().into_any(),
                    Some(me) => match tab.get() {
                        Tab::Table => view! {
                            <RolesTable roles=list me manage=can_manage() editing templates_open delete=Callback::new(delete) />
                        }.into_any(),
                        Tab::Matrix => view! { <Matrix roles=list me_role=me.role_id /> }.into_any(),
                    },
                }}
            </Loaded>
        </div>
        {move || editing.get().map(|role| untrack(|| {
            let back = match &role {
                None => "#new-role-button".to_string(),
                Some(r) => format!(".role-row[data-role-id='{}'] .role-edit", r.id),
            };
            let on_close = Callback::new(move |_| {
                editing.set(None);
                focus(&back);
            });
            me().map(|me| view! { <RoleDialog role me on_close /> })
        }))}
        {move || templates_open.get().then(|| untrack(|| {
            let list = roles.with(|r| r.as_ref().and_then(|r| r.as_ref().ok()).cloned()).unwrap_or_default();
            let on_close = Callback::new(move |_| {
                templates_open.set(false);
                focus("#add-template-button");
            });
            me().map(|me| view! { <TemplateDialog roles=list me on_close /> })
        }))}
    }
}
