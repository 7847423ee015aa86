//! The permission matrix (R26): roles in rows, the catalogue's permissions in columns
//! grouped as the catalogue groups them.

use super::kind_label;
use leptos::prelude::*;
use rolecall_types::ids::RoleId;
use rolecall_types::model::Role;
use rolecall_types::permissions::{ALL_PERMISSIONS, PERMISSION_GROUPS, Permission};

/// Roles × permissions, with the catalogue's groups as column headers (R26).
#[component]
pub(super) fn Matrix(roles: Vec<Role>, me_role: RoleId) -> impl IntoView {
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
