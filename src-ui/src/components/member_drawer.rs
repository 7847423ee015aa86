//! The member detail drawer (R31, R43): profile, effective permissions (organization
//! role plus workspace roles), recent activity and login history.

use crate::api;
use crate::components::{Drawer, Loaded, SourceFacts, user};
use crate::format::{dash_if_empty, time};
use crate::state::Ctx;
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::ids::MembershipId;
use rolecall_types::model::{MemberDetail, MemberStatus};
use rolecall_types::permissions::{PERMISSION_GROUPS, Permission};

#[component]
pub fn MemberDrawer(membership_id: MembershipId, on_close: Callback<()>) -> impl IntoView {
    let ctx = Ctx::get();
    let detail = LocalResource::new(move || {
        let (org_id, membership_id) = (ctx.org(), membership_id.clone());
        api::call(cmd::MemberDetail {
            org_id,
            membership_id,
        })
    });
    let title = Signal::derive(move || match detail.get() {
        Some(Ok(d)) => user(&format!("{} {}", d.member.first_name, d.member.last_name)),
        Some(Err(_)) => "Member".to_string(),
        None => "Loading…".to_string(),
    });
    view! {
        <Drawer id="member-drawer" close_id="drawer-close" title on_close>
            <Loaded data=detail let:detail>
                <DetailBody detail />
            </Loaded>
        </Drawer>
    }
}

#[component]
fn DetailBody(detail: MemberDetail) -> impl IntoView {
    let ctx = Ctx::get();
    let m = detail.member.clone();
    let org_perms = detail.organization_permissions;
    // R43: the core leaves out a member's phone, activity and sign-ins when the viewer
    // may not see them (everyone sees their own), so an empty list would say nothing.
    let own = ctx
        .session
        .with_untracked(|s| s.as_ref().is_some_and(|s| s.account.id == m.account_id));
    let sees_phone = own || ctx.can(Permission::MembersChangeRoles);
    let sees_activity = own || ctx.can(Permission::AuditView);
    view! {
        <section class="drawer-section">
            <dl class="facts">
                <dt>"E-mail"</dt><dd id="drawer-email">{m.email.clone()}</dd>
                {sees_phone.then(|| view! {
                    <dt>"Phone"</dt><dd id="drawer-phone">{dash_if_empty(&detail.phone)}</dd>
                })}
                <dt>"Role"</dt><dd id="drawer-role"><bdi>{m.role_name.clone()}</bdi>{format!(" (level {})", m.role_level)}</dd>
                <dt>"Status"</dt><dd>{if m.status == MemberStatus::Active { "Active" } else { "Deactivated" }}</dd>
                <dt>"Joined"</dt><dd>{time(Some(m.joined_at))}</dd>
                <dt>"Last login"</dt><dd>{time(m.last_login_at)}</dd>
            </dl>
        </section>
        {m.source.clone().map(|source| view! { <SourceFacts source /> })}
        <section class="drawer-section">
            <h3>"Effective permissions"</h3>
            <ul class="perm-groups" id="drawer-permissions">
                {PERMISSION_GROUPS.iter().map(|(group, perms)| {
                    let held: Vec<&str> = perms.iter().filter(|p| org_perms.contains(**p)).map(|p| p.label()).collect();
                    view! {
                        <li class:none=held.is_empty()>
                            <span class="perm-group">{*group}</span>
                            <span class="perm-list">{if held.is_empty() { "—".to_string() } else { held.join(", ") }}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(!detail.workspaces.is_empty()).then(|| view! {
                <h4>"Workspace roles"</h4>
                <ul class="plain-list">
                    {detail.workspaces.iter().map(|w| view! {
                        <li><bdi>{w.workspace_name.clone()}</bdi>": "<bdi>{w.role_name.clone()}</bdi></li>
                    }).collect_view()}
                </ul>
            })}
        </section>
        {(!sees_activity).then(|| view! {
            <section class="drawer-section">
                <p class="notice" id="drawer-activity-hidden">
                    {format!("Recent activity and sign-ins are shown with the {} permission.", Permission::AuditView.describe())}
                </p>
            </section>
        })}
        {sees_activity.then(|| view! {
        <section class="drawer-section">
            <h3>"Recent activity"</h3>
            {if detail.recent_activity.is_empty() {
                view! { <p class="muted">"No recorded actions in this organization yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list" id="drawer-activity">
                        {detail.recent_activity.iter().map(|e| view! {
                            <li><span class="mono small">{e.action.clone()}</span>" · "<bdi>{e.target_name.clone()}</bdi><span class="muted">" · "{time(Some(e.at))}</span></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="drawer-section">
            <h3>"Login history"</h3>
            {if detail.login_history.is_empty() {
                let none = if own || !m.can_sign_in { "Never signed in." } else { "No sign-ins since joining this organization." };
                view! { <p class="muted">{none}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {detail.login_history.iter().map(|at| view! { <li>{time(Some(*at))}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        })}
    }
}
