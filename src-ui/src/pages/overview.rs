//! Overview (§2): the organization's figures (members, seats, invitations, workspaces,
//! agents, API keys), a role distribution chart, activity over the last 30 days, the
//! newest audit entries and quick actions, each shown only with its permission.

use crate::api;
use crate::state::{Ctx, Intent, Route, format_time, group};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::model::{AuditEntry, DayCount, OVERVIEW_DAYS, Overview, RoleCount, Seats};
use rolecall_types::permissions::Permission;

/// Role chart geometry (SVG user units; the chart scales with its card).
const ROLE_W: f64 = 440.0;
const ROLE_LABEL_W: f64 = 132.0;
const ROLE_COUNT_W: f64 = 48.0;
const ROLE_ROW: f64 = 30.0;
const ROLE_BAR: f64 = 18.0;
/// Colours the role bars cycle through (`--chart-1` … in overview.css).
const ROLE_COLOURS: usize = 6;
/// Longest role name drawn in full; longer ones are cut and have their name as a tooltip.
const ROLE_NAME_CHARS: usize = 17;

/// Activity chart geometry.
const ACT_W: f64 = 440.0;
const ACT_H: f64 = 180.0;
const ACT_LEFT: f64 = 34.0;
const ACT_RIGHT: f64 = 8.0;
const ACT_TOP: f64 = 10.0;
const ACT_BOTTOM: f64 = 26.0;

#[component]
pub fn OverviewPage() -> impl IntoView {
    let ctx = Ctx::get();
    let data = RwSignal::new(None::<Result<Overview, String>>);

    Effect::new(move |_| {
        let _ = ctx.version.get();
        let Some(org_id) = ctx.org_id() else { return };
        spawn_local(async move {
            let result = api::call(cmd::Overview { org_id })
                .await
                .map_err(|e| e.message);
            data.try_set(Some(result));
        });
    });

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
        {move || match data.get() {
            None => view! { <p class="muted" role="status">"Loading…"</p> }.into_any(),
            Some(Err(message)) => view! {
                <p class="form-error" role="alert" id="overview-error">{message}</p>
            }.into_any(),
            Some(Ok(o)) => view! { <OverviewBody overview=o /> }.into_any(),
        }}
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
                detail=Some(if active == 1 { "member can sign in".to_string() } else { "members can sign in".to_string() }) />
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
                                    route=Route::ApiKeys open=Intent::CreateApiKey />
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
        "{} {} + {} {}",
        group(seats.members),
        if seats.members == 1 {
            "member"
        } else {
            "members"
        },
        group(seats.pending_invitations),
        if seats.pending_invitations == 1 {
            "invitation"
        } else {
            "invitations"
        },
    );
    match seats.limit {
        Some(limit) => {
            let limit = u64::from(limit);
            let share = if limit == 0 {
                100.0
            } else {
                (used as f64 / limit as f64 * 100.0).min(100.0)
            };
            let full = used >= limit;
            view! {
                <div class="card ov-stat" id="stat-seats">
                    <span class="ov-stat-label">"Seats in use"</span>
                    <span class="ov-stat-value">{format!("{} of {}", group(used), group(limit))}</span>
                    <div
                        class="ov-meter"
                        class:full=full
                        role="meter"
                        aria-label="Seats in use"
                        aria-valuemin="0"
                        aria-valuemax=limit.to_string()
                        aria-valuenow=used.to_string()
                    >
                        <div class="ov-meter-fill" style:width=format!("{share:.1}%")></div>
                    </div>
                    <span class="ov-stat-detail muted">
                        {if full { format!("{breakdown} · full") } else { breakdown }}
                    </span>
                </div>
            }
            .into_any()
        }
        None => view! {
            <div class="card ov-stat" id="stat-seats">
                <span class="ov-stat-label">"Seats in use"</span>
                <span class="ov-stat-value">{group(used)}" "<span class="ov-stat-unit">"of unlimited"</span></span>
                <span class="ov-stat-detail muted">{breakdown}</span>
            </div>
        }
        .into_any(),
    }
}

/// "Alexandria Administrators" → "Alexandria Admini…".
fn short_name(name: &str) -> String {
    if name.chars().count() <= ROLE_NAME_CHARS {
        name.to_string()
    } else {
        let cut: String = name.chars().take(ROLE_NAME_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Horizontal bars, one per role held by an active member, highest level first.
#[component]
fn RoleChart(roles: Vec<RoleCount>) -> impl IntoView {
    let max = roles.iter().map(|r| r.members).max().unwrap_or(1).max(1);
    let total: u64 = roles.iter().map(|r| r.members).sum();
    let height = roles.len() as f64 * ROLE_ROW + 4.0;
    let bar_space = ROLE_W - ROLE_LABEL_W - ROLE_COUNT_W;
    let summary = format!(
        "Active members per role: {}.",
        roles
            .iter()
            .map(|r| format!("{} {}", r.role_name, r.members))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let bars = roles
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let y = i as f64 * ROLE_ROW + 2.0;
            let width = (r.members as f64 / max as f64 * bar_space).max(3.0);
            let share = r.members as f64 / total.max(1) as f64 * 100.0;
            let tip = format!(
                "{}: {} active {} ({share:.0}%)",
                r.role_name,
                group(r.members),
                if r.members == 1 { "member" } else { "members" }
            );
            let class = format!("ov-bar ov-fill-{}", i % ROLE_COLOURS + 1);
            view! {
                <g class="ov-role" data-role=r.role_name.clone()>
                    <title>{tip}</title>
                    <text class="ov-axis-label ov-role-name" x="0" y=y + ROLE_BAR / 2.0 dominant-baseline="central">
                        {short_name(&r.role_name)}
                    </text>
                    <rect class="ov-track" x=ROLE_LABEL_W y=y width=bar_space height=ROLE_BAR rx="4" />
                    <rect class=class x=ROLE_LABEL_W y=y width=width height=ROLE_BAR rx="4" />
                    <text class="ov-axis-label ov-role-count" x=ROLE_W y=y + ROLE_BAR / 2.0 text-anchor="end" dominant-baseline="central">
                        {group(r.members)}
                    </text>
                </g>
            }
        })
        .collect_view();
    let label = summary.clone();
    view! {
        <svg
            class="ov-chart"
            id="role-chart"
            role="img"
            aria-label=label
            viewBox=format!("0 0 {ROLE_W} {height}")
            preserveAspectRatio="xMinYMin meet"
        >
            <desc>{summary}</desc>
            {bars}
        </svg>
    }
}

/// "12 Mar" for midnight UTC of a day.
fn day_label(ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"day".into(), &"numeric".into());
    let _ = js_sys::Reflect::set(&options, &"month".into(), &"short".into());
    let _ = js_sys::Reflect::set(&options, &"timeZone".into(), &"UTC".into());
    date.to_locale_date_string("en-GB", &options)
        .as_string()
        .unwrap_or_default()
}

fn changes(n: u64) -> String {
    format!("{} {}", group(n), if n == 1 { "change" } else { "changes" })
}

fn activity_total(days: &[DayCount]) -> String {
    let total: u64 = days.iter().map(|d| d.entries).sum();
    format!("{} in the last {OVERVIEW_DAYS} days", changes(total))
}

/// A round upper bound for the axis whose half is a whole number too: 1, 2, 4, 6, 8,
/// 10, 20, 40, …
fn axis_max(max: u64) -> u64 {
    if max <= 1 {
        return 1;
    }
    let mut step = 1u64;
    loop {
        for m in [2, 4, 6, 8, 10] {
            if step * m >= max {
                return step * m;
            }
        }
        step = step.saturating_mul(10);
    }
}

/// Audit entries per day, oldest on the left, with the scale on the left and dates below.
#[component]
fn ActivityChart(days: Vec<DayCount>) -> impl IntoView {
    let n = days.len().max(1);
    let peak = days.iter().map(|d| d.entries).max().unwrap_or(0);
    let top = axis_max(peak.max(1));
    let plot_w = ACT_W - ACT_LEFT - ACT_RIGHT;
    let plot_h = ACT_H - ACT_TOP - ACT_BOTTOM;
    let base = ACT_TOP + plot_h;
    let slot = plot_w / n as f64;
    let bar_w = (slot * 0.7).max(2.0);
    let busiest = days
        .iter()
        .filter(|d| d.entries > 0)
        .max_by_key(|d| (d.entries, d.day));
    let summary = match busiest {
        Some(d) => format!(
            "Audit entries per day over the last {OVERVIEW_DAYS} days: {} in all, the most on {} ({}).",
            changes(days.iter().map(|d| d.entries).sum()),
            day_label(d.day),
            group(d.entries)
        ),
        None => format!("No changes in the last {OVERVIEW_DAYS} days."),
    };
    let bars = days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let h = d.entries as f64 / top as f64 * plot_h;
            let x = ACT_LEFT + i as f64 * slot + (slot - bar_w) / 2.0;
            let tip = format!("{}: {}", day_label(d.day), changes(d.entries));
            view! {
                <g class="ov-day">
                    <title>{tip}</title>
                    // A full-height hit area so empty days still show their tooltip.
                    <rect class="ov-hit" x=ACT_LEFT + i as f64 * slot y=ACT_TOP width=slot height=plot_h />
                    {(d.entries > 0).then(|| view! {
                        <rect class="ov-bar ov-activity-bar" x=x y=base - h.max(2.0) width=bar_w height=h.max(2.0) rx="2" />
                    })}
                </g>
            }
        })
        .collect_view();
    // Dates under the first, middle and last day.
    let ticks = [0, n / 2, n - 1]
        .into_iter()
        .filter_map(|i| days.get(i).map(|d| (i, d.day)))
        .map(|(i, day)| {
            let x = ACT_LEFT + i as f64 * slot + slot / 2.0;
            let anchor = match i {
                0 => "start",
                i if i == n - 1 => "end",
                _ => "middle",
            };
            let x = match anchor {
                "start" => ACT_LEFT,
                "end" => ACT_W - ACT_RIGHT,
                _ => x,
            };
            let label = if i == n - 1 {
                "Today".to_string()
            } else {
                day_label(day)
            };
            view! { <text class="ov-axis-label ov-date" x=x y=ACT_H - 6.0 text-anchor=anchor>{label}</text> }
        })
        .collect_view();
    let mid = ACT_TOP + plot_h / 2.0;
    let label = summary.clone();
    view! {
        <svg
            class="ov-chart"
            id="activity-chart"
            role="img"
            aria-label=label
            viewBox=format!("0 0 {ACT_W} {ACT_H}")
            preserveAspectRatio="xMinYMin meet"
        >
            <desc>{summary}</desc>
            <line class="ov-grid-line" x1=ACT_LEFT x2=ACT_W - ACT_RIGHT y1=ACT_TOP y2=ACT_TOP />
            <line class="ov-grid-line" x1=ACT_LEFT x2=ACT_W - ACT_RIGHT y1=mid y2=mid />
            <line class="ov-axis-line" x1=ACT_LEFT x2=ACT_W - ACT_RIGHT y1=base y2=base />
            <text class="ov-axis-label" id="activity-max" x=ACT_LEFT - 6.0 y=ACT_TOP text-anchor="end" dominant-baseline="central">{group(top)}</text>
            {(top >= 2).then(|| view! {
                <text class="ov-axis-label" x=ACT_LEFT - 6.0 y=mid text-anchor="end" dominant-baseline="central">{group(top / 2)}</text>
            })}
            <text class="ov-axis-label" x=ACT_LEFT - 6.0 y=base text-anchor="end" dominant-baseline="central">"0"</text>
            {bars}
            {ticks}
        </svg>
    }
}

/// "member.role_changed" → "Member role changed".
fn action_words(action: &str) -> String {
    let words = action.replace(['.', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[component]
fn RecentActivity(entries: Vec<AuditEntry>) -> impl IntoView {
    let ctx = Ctx::get();
    view! {
        <section class="card ov-card" id="recent-activity" aria-labelledby="recent-activity-title">
            <div class="ov-card-head">
                <h2 id="recent-activity-title">"Recent activity"</h2>
                <button class="link" id="open-audit-log" on:click=move |_| ctx.route.set(Route::AuditLog)>
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
                                    <time class="muted small ov-recent-time">{format_time(Some(e.at))}</time>
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
