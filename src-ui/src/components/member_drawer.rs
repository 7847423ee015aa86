//! The member detail drawer (R31, R43): profile, effective permissions (organization
//! role plus workspace roles), recent activity and login history.

use crate::api;
use crate::state::{Ctx, format_time};
use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::ids::MembershipId;
use rolecall_types::model::MemberDetail;
use rolecall_types::permissions::PERMISSION_GROUPS;

#[component]
pub fn MemberDrawer(membership: RwSignal<Option<MembershipId>>) -> impl IntoView {
    let ctx = Ctx::get();
    let detail = RwSignal::new(None::<Result<MemberDetail, String>>);
    let close_ref = NodeRef::<html::Button>::new();
    Effect::new(move |_| {
        let Some(membership_id) = membership.get() else {
            detail.set(None);
            return;
        };
        let org_id = ctx.org_id().unwrap_or_default();
        spawn_local(async move {
            detail.set(Some(
                api::call(cmd::MemberDetail {
                    org_id,
                    membership_id,
                })
                .await
                .map_err(|e| e.message),
            ));
            if let Some(b) = close_ref.get_untracked() {
                let _ = b.focus();
            }
        });
    });
    let close = move || membership.set(None);
    move || {
        membership.get().map(|_| {
            view! {
                <div class="drawer-backdrop" on:click=move |_| close()></div>
                <aside
                    class="drawer"
                    id="member-drawer"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="drawer-title"
                    on:keydown=move |ev: KeyboardEvent| if ev.key() == "Escape" { close() }
                >
                    <div class="drawer-head">
                        <h2 id="drawer-title">{move || detail.with(|d| match d {
                            Some(Ok(d)) => format!("{} {}", d.member.first_name, d.member.last_name),
                            Some(Err(_)) => "Member".to_string(),
                            None => "Loading…".to_string(),
                        })}</h2>
                        <button class="btn btn-ghost" id="drawer-close" node_ref=close_ref aria-label="Close" on:click=move |_| close()>"✕"</button>
                    </div>
                    {move || detail.get().map(|d| match d {
                        Err(message) => view! { <p class="form-error" role="alert">{message}</p> }.into_any(),
                        Ok(d) => view! { <DetailBody detail=d /> }.into_any(),
                    })}
                </aside>
            }
        })
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
                <dt>"Status"</dt><dd>{if m.status == rolecall_types::model::MemberStatus::Active { "Active" } else { "Deactivated" }}</dd>
                <dt>"Joined"</dt><dd>{format_time(Some(m.joined_at))}</dd>
                <dt>"Last login"</dt><dd>{format_time(m.last_login_at)}</dd>
            </dl>
        </section>
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
                            <li><span class="mono small">{e.action.clone()}</span>" · "{e.target_name.clone()}<span class="muted">" · "{format_time(Some(e.at))}</span></li>
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
                        {detail.login_history.iter().map(|at| view! { <li>{format_time(Some(*at))}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
