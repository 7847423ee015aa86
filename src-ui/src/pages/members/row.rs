//! One member in the table: name (opens the details), e-mail, role (a menu for those
//! who may change it), last login, status and the row's actions, each disabled with the
//! reason where the hierarchy rules it out (R28, R30).

use crate::components::{Confirm, or_dash, source_sign_in, user, yes_no};
use crate::format::time;
use crate::rules::{givable, refusal_on};
use crate::state::Ctx;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::ids::{AccountId, MembershipId, RoleId};
use rolecall_types::model::{Member, MemberStatus, MyRole, Role};
use rolecall_types::permissions::{Permission, RoleKind};

#[component]
pub(super) fn MemberRow(
    member: Member,
    me: MyRole,
    my_account: AccountId,
    roles: Vec<Role>,
    detail: RwSignal<Option<MembershipId>>,
    index: u64,
    /// Show the source's columns (R50).
    with_source: bool,
) -> impl IntoView {
    let ctx = Ctx::get();
    let block = refusal_on(&me, &ctx.org_name(), &my_account, &(&member).into(), &roles);
    let name = format!("{} {}", member.first_name, member.last_name);
    // The name as it goes into sentences (confirmations, toasts).
    let said = user(&name);
    let active = member.status == MemberStatus::Active;
    let (org_id, membership_id) = (ctx.org(), member.membership_id.clone());
    let role_cell = if me.permissions.contains(Permission::MembersChangeRoles) {
        // The role's full name first: a long custom role is cut in the narrow column.
        let title = format!(
            "{}. {}",
            member.role_name,
            block.as_deref().unwrap_or("Change role")
        );
        let current = member.role_id.clone();
        let mut options = givable(&me, &roles);
        if !options.iter().any(|r| r.id == current) {
            options.insert(
                0,
                Role {
                    id: current.clone(),
                    name: member.role_name.clone(),
                    kind: RoleKind::Custom,
                    level: member.role_level,
                    permissions: Default::default(),
                    holders: 0,
                },
            );
        }
        let (org_id, membership_id, who) = (org_id.clone(), membership_id.clone(), said.clone());
        let change = move |ev| {
            let role_id = RoleId::from(event_target_value(&ev));
            let request = cmd::ChangeRole {
                org_id: org_id.clone(),
                membership_id: membership_id.clone(),
                role_id,
            };
            let who = who.clone();
            spawn_local(async move {
                // A refused change puts the menu back.
                if ctx
                    .send(request, move |m| {
                        format!("{who} is now {}.", user(&m.role_name))
                    })
                    .await
                    .is_none()
                {
                    ctx.changed();
                }
            });
        };
        view! {
            <select class="role-select" aria-label=format!("Role of {name}") title=title disabled=block.is_some() on:change=change>
                {options.into_iter().map(|r| {
                    let selected = r.id == current;
                    view! { <option value=r.id.to_string() selected=selected>{r.name.clone()}</option> }
                }).collect_view()}
            </select>
        }
        .into_any()
    } else {
        view! { <span class="badge role-badge" title=member.role_name.clone()>{member.role_name.clone()}</span> }.into_any()
    };
    let status_action = me.permissions.contains(Permission::MembersDeactivate).then(|| {
        let request = cmd::SetMemberStatus {
            org_id: org_id.clone(),
            membership_id: membership_id.clone(),
            status: if active { MemberStatus::Deactivated } else { MemberStatus::Active },
        };
        let question = Confirm::danger(
            format!("Deactivate {said}?"),
            format!("{said} keeps their membership but cannot switch into this organization until activated again."),
            "Deactivate",
            "Cancel",
        );
        let done = if active { format!("{said} is deactivated.") } else { format!("{said} is active again.") };
        let (class, label) = if active { ("btn btn-small row-deactivate", "Deactivate") } else { ("btn btn-small row-activate", "Activate") };
        view! {
            <button class=class disabled=block.is_some() title=block.clone().unwrap_or_default() on:click=move |_| {
                let done = done.clone();
                match active {
                    true => ctx.confirm_run(question.clone(), request.clone(), done),
                    false => ctx.run(request.clone(), move |_| done),
                }
            }>{label}</button>
        }
    });
    let remove_action = me.permissions.contains(Permission::MembersRemove).then(|| {
        let request = cmd::RemoveMember { org_id: org_id.clone(), membership_id: membership_id.clone() };
        let question = Confirm::danger(
            format!("Remove {said}?"),
            format!("{said} loses access to this organization. Their agents pass to the Owner. This cannot be undone; they can be invited again."),
            "Remove",
            "Cancel",
        );
        let done = format!("{said} was removed.");
        view! {
            <button class="btn btn-small btn-danger-ghost row-remove" disabled=block.is_some() title=block.clone().unwrap_or_default()
                on:click=move |_| ctx.confirm_run(question.clone(), request.clone(), done.clone())>"Remove"</button>
        }
    });
    let transfer_action = (me.is_owner && member.account_id != my_account && active && member.can_sign_in).then(|| {
        let request = cmd::TransferOwnership { org_id: org_id.clone(), membership_id: membership_id.clone() };
        let question = Confirm::danger(
            format!("Make {said} the Owner?"),
            format!("{said} becomes the Owner and you become an Admin. Only the new Owner can give ownership back."),
            "Transfer ownership",
            "Cancel",
        );
        let done = format!("{said} is now the Owner.");
        view! {
            <button class="btn btn-small row-transfer" on:click=move |_| ctx.confirm_run(question.clone(), request.clone(), done.clone())>"Make Owner"</button>
        }
    });
    let last_login = match (member.last_login_at, member.can_sign_in) {
        (Some(at), _) => time(Some(at)),
        (None, true) => "Never".to_string(),
        (None, false) => "Never signed in".to_string(),
    };
    view! {
        <div class="member-row member-grid" role="row" data-email=member.email.clone() data-index=index.to_string()>
            <span class="cell-name" role="cell" title=name.clone()>
                <button class="member-name member-open" title=name.clone() on:click=move |_| detail.set(Some(membership_id.clone()))>
                    {name.clone()}
                </button>
                {member.is_owner.then(|| view! { <span class="badge owner-badge">"Owner"</span> })}
            </span>
            <span class="cell-email" role="cell" title=member.email.clone()>{member.email.clone()}</span>
            <span role="cell" class="cell-role">{role_cell}</span>
            <span role="cell" class="muted cell-login" title=last_login.clone()>{last_login.clone()}</span>
            <span role="cell" class="cell-status">
                <span class=if active { "status status-active" } else { "status status-off" }>
                    {if active { "Active" } else { "Deactivated" }}
                </span>
            </span>
            {with_source.then(|| source_cells(&member))}
            <span role="cell" class="row-actions">{status_action}{remove_action}{transfer_action}</span>
        </div>
    }
}

/// The source's columns: its label, the last sign-in there, 2-step, department, title.
fn source_cells(member: &Member) -> impl IntoView + use<> {
    let (label, sign_in, two_factor, department, title) = match &member.source {
        Some(s) => (
            s.source.clone(),
            source_sign_in(s),
            yes_no(s.two_factor),
            or_dash(&s.department),
            or_dash(&s.title),
        ),
        None => (
            "—".to_string(),
            "—".to_string(),
            "—",
            "—".to_string(),
            "—".to_string(),
        ),
    };
    view! {
        <span role="cell" class="cell-source" title=label.clone()>{label.clone()}</span>
        <span role="cell" class="muted cell-source-sign-in" title=sign_in.clone()>{sign_in.clone()}</span>
        <span role="cell" class="cell-two-factor">{two_factor}</span>
        <span role="cell" class="cell-department" title=department.clone()>{department.clone()}</span>
        <span role="cell" class="cell-title" title=title.clone()>{title.clone()}</span>
    }
}
