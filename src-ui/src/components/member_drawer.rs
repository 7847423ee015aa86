//! The member detail drawer (R31, R43): profile, effective permissions (organization
//! role plus workspace roles), recent activity and login history.

use crate::api;
use crate::components::{Drawer, Loaded, SourceFacts};
use crate::format::time;
use crate::state::Ctx;
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::ids::MembershipId;
use rolecall_types::model::{MemberDetail, MemberStatus};
use rolecall_types::permissions::PERMISSION_GROUPS;

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
        Some(Ok(d)) => format!("{} {}", d.member.first_name, d.member.last_name),
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
    let m = detail.member.clone();
    let org_perms = detail.organization_permissions;
    view! {
        <section class="drawer-section">
            <dl class="facts">
                <dt>"E-mail"</dt><dd id="drawer-email">{m.email.clone()}</dd>
                <dt>"Phone"</dt><dd>{if detail.phone.is_empty() { "—".to_string() } else { detail.phone.clone() }}</dd>
                <dt>"Role"</dt><dd id="drawer-role">{format!("{} (level {})", m.role_name, m.role_level)}</dd>
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
                        <li>{format!("{}: {}", w.workspace_name, w.role_name)}</li>
                    }).collect_view()}
                </ul>
            })}
        </section>
        <section class="drawer-section">
            <h3>"Recent activity"</h3>
            {if detail.recent_activity.is_empty() {
                view! { <p class="muted">"No recorded actions in this organization yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list" id="drawer-activity">
                        {detail.recent_activity.iter().map(|e| view! {
                            <li><span class="mono small">{e.action.clone()}</span>" · "{e.target_name.clone()}<span class="muted">" · "{time(Some(e.at))}</span></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="drawer-section">
            <h3>"Login history"</h3>
            {if detail.login_history.is_empty() {
                view! { <p class="muted">"Never signed in."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {detail.login_history.iter().map(|at| view! { <li>{time(Some(*at))}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
