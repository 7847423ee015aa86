//! Overview (§2): the organization's figures (members, seats, invitations, workspaces,
//! agents, API keys), a role distribution chart, activity over the last 30 days, the
//! newest audit entries and quick actions, each shown only with its permission.

mod charts;

use crate::api;
use crate::components::{Loaded, Meter};
use crate::format::{action_words, count, group, time};
use crate::state::{Ctx, Intent, Route};
use charts::{ActivityChart, RoleChart, activity_total};
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::model::{AuditEntry, Overview, Seats};
use rolecall_types::permissions::Permission;

#[component]
pub fn OverviewPage() -> impl IntoView {
    let ctx = Ctx::get();
    let data = ctx.read(move || api::call(cmd::Overview { org_id: ctx.org() }));

    view! {
        <header class="page-header row">
            <div>
                <h1>"Overview"</h1>
                <p class="muted" id="overview-subtitle">{move || data.with(|d| match d {
                    Some(Ok(o)) => format!("{} · {} plan", o.organization.name, o.organization.plan.label()),
                    _ => String::new(),
                })}</p>
            </div>
        </header>
        <Loaded data let:overview>
            <OverviewBody overview />
        </Loaded>
    }
}

#[component]
fn OverviewBody(overview: Overview) -> impl IntoView {
    let ctx = Ctx::get();
    let seats = overview.seats;
    let active = seats.members.saturating_sub(overview.deactivated_members);
    let has_roles = !overview.roles.is_empty();
    let quick_invite = ctx.can(Permission::MembersInvite);
    let quick_key = ctx.can(Permission::ApiKeysManage);
    let quick_workspace = ctx.can(Permission::WorkspacesManage);
    let any_quick = quick_invite || quick_key || quick_workspace;
    let pending = seats.pending_invitations;

    view! {
        <div class="ov-stats" id="overview-stats">
            <Stat id="stat-members" label="Active members" value=group(active)
                detail=Some(if active == 1 { "member can sign in" } else { "members can sign in" }.to_string()) />
            <SeatsStat seats />
            <Stat id="stat-pending" label="Pending invitations" value=group(pending)
                detail=Some(if pending == 0 { "none waiting".to_string() } else { "hold a seat until accepted".to_string() }) />
            <Stat id="stat-deactivated" label="Deactivated" value=group(overview.deactivated_members)
                detail=Some("keep their seat".to_string()) />
            <Stat id="stat-workspaces" label="Workspaces" value=group(overview.workspaces) detail=None />
            <Stat id="stat-agents" label="Agents" value=group(overview.agents) detail=None />
            {overview.api_keys.map(|n| view! {
                <Stat id="stat-api-keys" label="API keys" value=group(n) detail=Some("active".to_string()) />
            })}
        </div>
        <div class="ov-columns">
            <div class="ov-column">
                {has_roles.then(|| view! {
                    <section class="card ov-card" id="role-distribution" aria-labelledby="role-distribution-title">
                        <div class="ov-card-head">
                            <h2 id="role-distribution-title">"Role distribution"</h2>
                            <span class="muted small">"Active members per role"</span>
                        </div>
                        <RoleChart roles=overview.roles.clone() />
                    </section>
                })}
                {overview.recent.clone().map(|entries| view! { <RecentActivity entries /> })}
            </div>
            <div class="ov-column">
                {overview.activity.clone().map(|days| view! {
                    <section class="card ov-card" id="activity" aria-labelledby="activity-title">
                        <div class="ov-card-head">
                            <h2 id="activity-title">"Activity"</h2>
                            <span class="muted small" id="activity-total">{activity_total(&days)}</span>
                        </div>
                        <ActivityChart days />
                    </section>
                })}
                {any_quick.then(|| view! {
                    <section class="card ov-card" id="quick-actions" aria-labelledby="quick-actions-title">
                        <div class="ov-card-head"><h2 id="quick-actions-title">"Quick actions"</h2></div>
                        <div class="ov-actions">
                            {quick_invite.then(|| view! {
                                <QuickAction id="quick-invite" title="Invite member"
                                    detail="Send an invitation with a role; it holds a seat until accepted."
                                    route=Route::Members open=Intent::InviteMember />
                            })}
                            {quick_key.then(|| view! {
                                <QuickAction id="quick-create-key" title="Create API key"
                                    detail="A Standard or AI_AGENT key; the secret is shown once."
                                    route=Route::Keys open=Intent::CreateApiKey />
                            })}
                            {quick_workspace.then(|| view! {
                                <QuickAction id="quick-create-workspace" title="Create workspace"
                                    detail="Group members and agents with their own roles."
                                    route=Route::Workspaces />
                            })}
                        </div>
                    </section>
                })}
            </div>
        </div>
    }
}

/// One figure.
#[component]
fn Stat(
    id: &'static str,
    label: &'static str,
    value: String,
    detail: Option<String>,
) -> impl IntoView {
    view! {
        <div class="card ov-stat" id=id>
            <span class="ov-stat-label">{label}</span>
            <span class="ov-stat-value">{value}</span>
            {detail.map(|d| view! { <span class="ov-stat-detail muted">{d}</span> })}
        </div>
    }
}

/// Seats in use against the plan's limit, with a meter.
#[component]
fn SeatsStat(seats: Seats) -> impl IntoView {
    let used = seats.used();
    let breakdown = format!(
        "{} + {}",
        count(seats.members, "member", "members"),
        count(seats.pending_invitations, "invitation", "invitations")
    );
    view! {
        <div class="card ov-stat" id="stat-seats">
            <span class="ov-stat-label">"Seats in use"</span>
            {match seats.limit.map(u64::from) {
                Some(limit) => view! {
                    <span class="ov-stat-value">{format!("{} of {}", group(used), group(limit))}</span>
                    <Meter label="Seats in use" now=used max=limit />
                    <span class="ov-stat-detail muted">
                        {if used >= limit { format!("{breakdown} · full") } else { breakdown }}
                    </span>
                }.into_any(),
                None => view! {
                    <span class="ov-stat-value">{group(used)}" "<span class="ov-stat-unit">"of unlimited"</span></span>
                    <span class="ov-stat-detail muted">{breakdown}</span>
                }.into_any(),
            }}
        </div>
    }
}

#[component]
fn RecentActivity(entries: Vec<AuditEntry>) -> impl IntoView {
    let ctx = Ctx::get();
    view! {
        <section class="card ov-card" id="recent-activity" aria-labelledby="recent-activity-title">
            <div class="ov-card-head">
                <h2 id="recent-activity-title">"Recent activity"</h2>
                <button class="link" id="open-audit-log" on:click=move |_| ctx.route.set(Route::Audit)>
                    "Open audit log"
                </button>
            </div>
            {if entries.is_empty() {
                view! { <p class="muted ov-empty" id="recent-empty">"No changes recorded yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="ov-recent" id="recent-list">
                        {entries.into_iter().map(|e| {
                            let target = (!e.target_name.is_empty()).then(|| e.target_name.clone());
                            view! {
                                <li class="ov-recent-item" data-action=e.action.clone()>
                                    <div class="ov-recent-text">
                                        <span class="ov-recent-actor">{e.actor_name.clone()}</span>
                                        <span class="ov-recent-action" title=e.action.clone()>{action_words(&e.action)}</span>
                                        {target.map(|t| view! { <span class="ov-recent-target">{t}</span> })}
                                    </div>
                                    <time class="muted small ov-recent-time">{time(Some(e.at))}</time>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// A shortcut to another page; `open` is the dialog that page opens on arrival, through
/// its own rules (see [`Intent`]).
#[component]
fn QuickAction(
    id: &'static str,
    title: &'static str,
    detail: &'static str,
    route: Route,
    #[prop(optional)] open: Option<Intent>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let go = move |_| ctx.go_and_open(route.clone(), open);
    view! {
        <button class="ov-action" id=id on:click=go>
            <span class="ov-action-title">{title}</span>
            <span class="ov-action-detail muted">{detail}</span>
        </button>
    }
}
