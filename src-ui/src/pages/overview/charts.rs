//! The Overview's two charts, drawn as SVG that scales with its card: active members
//! per role, and audit entries per day.

use crate::format::{count, group, utc_day};
use leptos::prelude::*;
use rolecall_types::model::{DayCount, OVERVIEW_DAYS, RoleCount};

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
pub(super) fn RoleChart(roles: Vec<RoleCount>) -> impl IntoView {
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
                "{}: {} ({share:.0}%)",
                r.role_name,
                count(r.members, "active member", "active members")
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
    view! { <Chart id="role-chart" summary width=ROLE_W height>{bars}</Chart> }
}

/// A chart's SVG: `summary` is what it says to those who do not see it.
#[component]
fn Chart(
    id: &'static str,
    summary: String,
    width: f64,
    height: f64,
    children: Children,
) -> impl IntoView {
    let label = summary.clone();
    view! {
        <svg
            class="ov-chart"
            id=id
            role="img"
            aria-label=label
            viewBox=format!("0 0 {width} {height}")
            preserveAspectRatio="xMinYMin meet"
        >
            <desc>{summary}</desc>
            {children()}
        </svg>
    }
}

fn changes(n: u64) -> String {
    count(n, "change", "changes")
}

pub(super) fn activity_total(days: &[DayCount]) -> String {
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
pub(super) fn ActivityChart(days: Vec<DayCount>) -> impl IntoView {
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
            utc_day(d.day),
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
            let tip = format!("{}: {}", utc_day(d.day), changes(d.entries));
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
                utc_day(day)
            };
            view! { <text class="ov-axis-label ov-date" x=x y=ACT_H - 6.0 text-anchor=anchor>{label}</text> }
        })
        .collect_view();
    let mid = ACT_TOP + plot_h / 2.0;
    // A figure of the scale, left of the plot at height `y`.
    let scale = |y: f64, figure: String, id: Option<&'static str>| {
        view! {
            <text class="ov-axis-label" id=id x=ACT_LEFT - 6.0 y=y text-anchor="end" dominant-baseline="central">{figure}</text>
        }
    };
    view! {
        <Chart id="activity-chart" summary width=ACT_W height=ACT_H>
            {[ACT_TOP, mid].map(|y| view! { <line class="ov-grid-line" x1=ACT_LEFT x2=ACT_W - ACT_RIGHT y1=y y2=y /> })}
            <line class="ov-axis-line" x1=ACT_LEFT x2=ACT_W - ACT_RIGHT y1=base y2=base />
            {scale(ACT_TOP, group(top), Some("activity-max"))}
            {(top >= 2).then(|| scale(mid, group(top / 2), None))}
            {scale(base, "0".into(), None)}
            {bars}
            {ticks}
        </Chart>
    }
}
