//! Audit log (R42–R43): an organization's entries newest first, filtered by actor,
//! action and date range, read in keyset pages ("Load more" asks for the entries
//! older than the last one shown), so only what was loaded is ever held — as fast at a
//! million entries as at ten. A drawer shows one entry's before → after and its raw
//! details; the filtered entries export as CSV or JSON with a progress bar.

mod details;

use super::chosen_id;
use super::export::{ExportJob, ExportStatus};
use crate::api;
use crate::components::{Gate, Loaded};
use crate::format::{action_words, count, iso_utc, time};
use crate::state::Ctx;
use details::AuditDrawer;
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::ids::AccountId;
use rolecall_types::model::{AuditEntry, AuditPage, AuditQuery, ExportKind};
use rolecall_types::permissions::Permission;

/// Entries fetched per page.
const PAGE: u32 = 100;

/// The filters as the controls hold them; dates are `YYYY-MM-DD` or empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Filters {
    /// `None`: all actors.
    actor: Option<AccountId>,
    action: String,
    from: String,
    to: String,
}

impl Filters {
    fn is_empty(&self) -> bool {
        *self == Filters::default()
    }

    /// The query for these filters: `from` is the start of that day and `to` the start
    /// of the day after it, both in the local time zone.
    fn query(&self) -> Result<AuditQuery, String> {
        let from = local_day_start(&self.from, 0);
        let to = local_day_start(&self.to, 1);
        if let (Some(f), Some(t)) = (from, to)
            && t <= f
        {
            return Err("The end date is before the start date.".into());
        }
        Ok(AuditQuery {
            actor_id: self.actor.clone(),
            action: Some(self.action.clone()).filter(|a| !a.is_empty()),
            from,
            to,
            before_id: None,
            limit: PAGE,
        })
    }
}

/// Local midnight of `YYYY-MM-DD` plus `days` days, in milliseconds since the epoch.
fn local_day_start(date: &str, days: i32) -> Option<i64> {
    let mut parts = date.trim().splitn(3, '-');
    let year: u32 = parts.next()?.parse().ok()?;
    let month: i32 = parts.next()?.parse().ok()?;
    let day: i32 = parts.next()?.parse().ok()?;
    let date = js_sys::Date::new_with_year_month_day(year, month - 1, day + days);
    let ms = date.get_time();
    ms.is_finite().then_some(ms as i64)
}

/// The local time zone as an offset from UTC ("UTC+02:00", "UTC").
fn zone_label() -> String {
    let minutes = -(js_sys::Date::new_0().get_timezone_offset() as i64);
    if minutes == 0 {
        return "UTC".into();
    }
    let sign = if minutes < 0 { '−' } else { '+' };
    let m = minutes.abs();
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let ctx = Ctx::get();
    let allowed = Memo::new(move |_| ctx.can(Permission::AuditView));
    view! {
        <Gate allowed title="Audit log" notice=(
            "audit-not-allowed",
            "The audit log needs the Audit log · view permission. Ask an Owner or Admin of this organization.",
        )>
            <AuditLog />
        </Gate>
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let ctx = Ctx::get();
    let filters = RwSignal::new(Filters::default());
    let facets = ctx.read(move || api::call(cmd::AuditFacets { org_id: ctx.org() }));
    let date_error = move || filters.with(Filters::query).err();
    // The last good query: an end before the start keeps the entries shown.
    let query = Memo::new(move |last: Option<&AuditQuery>| {
        filters
            .with(Filters::query)
            .ok()
            .or_else(|| last.cloned())
            .unwrap_or_default()
    });
    let first = ctx.read(move || {
        api::call(cmd::AuditLog {
            org_id: ctx.org(),
            query: query.get(),
        })
    });
    // The pages read with "Load more", dropped when the first page is read again.
    let older = RwSignal::new(Vec::<AuditPage>::new());
    Effect::new(move |_| {
        first.track();
        older.set(Vec::new());
    });
    let entries = move || {
        let mut all = first
            .with(|f| {
                f.as_ref()
                    .and_then(|f| f.as_ref().ok())
                    .map(|p| p.entries.clone())
            })
            .unwrap_or_default();
        older.with(|pages| all.extend(pages.iter().flat_map(|p| p.entries.iter().cloned())));
        all
    };
    let next_before = move || match older.with(|p| p.last().map(|p| p.next_before_id)) {
        Some(next) => next,
        None => first.with(|f| {
            f.as_ref()
                .and_then(|f| f.as_ref().ok())
                .and_then(|p| p.next_before_id)
        }),
    };
    let load_more = Action::new_local(move |before: &i64| {
        let asked = query.get_untracked();
        let older_page = AuditQuery {
            before_id: Some(*before),
            ..asked.clone()
        };
        let request = cmd::AuditLog {
            org_id: ctx.org(),
            query: older_page,
        };
        async move {
            match api::call(request).await {
                // The answer for filters that have changed meanwhile is dropped.
                Ok(page) if query.try_get_untracked() == Some(asked) => {
                    older.update(|p| p.push(page))
                }
                Ok(_) => {}
                Err(e) => ctx.toast_error(e.message),
            }
        }
    });
    let loading = load_more.pending();
    let selected = RwSignal::new(None::<AuditEntry>);
    let zone = zone_label();
    let set = move |change: fn(&mut Filters, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            filters.update(|f| change(f, value));
        }
    };
    let clear = move |_| filters.set(Filters::default());
    let filtered = move || filters.with(|f| !f.is_empty());

    let export = ExportJob::new();
    let start_export = move |kind: ExportKind| {
        if let Ok(query) = filters.with_untracked(Filters::query) {
            export.start(kind, None, Some(query));
        }
    };

    view! {
        <header class="page-header row au-header">
            <div>
                <h1>"Audit log"</h1>
                <p class="muted">"Every change in this organization, newest first. Entries are never edited."</p>
            </div>
            <div class="au-export-buttons">
                <button class="btn" id="audit-export-csv" disabled=move || export.running()
                    title=move || if export.running() { "An export is running; wait for it to finish." } else { "Save the filtered entries as CSV" }
                    on:click=move |_| start_export(ExportKind::AuditCsv)>"Export CSV"</button>
                <button class="btn" id="audit-export-json" disabled=move || export.running()
                    title=move || if export.running() { "An export is running; wait for it to finish." } else { "Save the filtered entries as JSON" }
                    on:click=move |_| start_export(ExportKind::AuditJson)>"Export JSON"</button>
            </div>
        </header>
        <ExportStatus job=export id="audit-export" rows=("entry", "entries") />
        <section class="card au-filters" aria-label="Filters">
            <div class="field">
                <label for="audit-filter-actor">"Actor"</label>
                <select id="audit-filter-actor" prop:value=move || filters.with(|f| f.actor.as_ref().map(AccountId::to_string).unwrap_or_default())
                    on:change=set(|f, v| f.actor = chosen_id(v))>
                    <option value="">"All actors"</option>
                    {move || facets.get().and_then(Result::ok).map(|f| f.actors.into_iter().map(|a| view! {
                        <option value=a.id.to_string() selected=filters.with_untracked(|f| f.actor.as_ref() == Some(&a.id))>{a.name.clone()}</option>
                    }).collect_view())}
                </select>
            </div>
            <div class="field">
                <label for="audit-filter-action">"Action"</label>
                <select id="audit-filter-action" prop:value=move || filters.with(|f| f.action.clone())
                    on:change=set(|f, v| f.action = v)>
                    <option value="">"All actions"</option>
                    {move || facets.get().and_then(Result::ok).map(|f| f.actions.into_iter().map(|a| view! {
                        <option value=a.clone() selected=filters.with_untracked(|f| f.action == a)>{action_words(&a)}</option>
                    }).collect_view())}
                </select>
            </div>
            <div class="field">
                <label for="audit-filter-from">{format!("From (local time, {zone})")}</label>
                <input type="date" id="audit-filter-from" prop:value=move || filters.with(|f| f.from.clone())
                    aria-describedby="audit-date-error"
                    on:change=set(|f, v| f.from = v) />
            </div>
            <div class="field">
                <label for="audit-filter-to">"To (including that day)"</label>
                <input type="date" id="audit-filter-to" prop:value=move || filters.with(|f| f.to.clone())
                    aria-describedby="audit-date-error"
                    class:au-invalid=move || date_error().is_some()
                    on:change=set(|f, v| f.to = v) />
            </div>
            <div class="au-clear">
                <button class="btn btn-ghost" id="audit-clear" disabled=move || !filtered()
                    title=move || (!filtered()).then_some("No filter is set.")
                    on:click=clear>"Clear filters"</button>
            </div>
            <p class="field-error au-date-error" id="audit-date-error" role="alert">{move || date_error().unwrap_or_default()}</p>
        </section>
        <div class="card list-card au-table">
            <div class="au-grid table-head" role="row">
                <span>"Time"</span><span>"Actor"</span><span>"Action"</span><span>"Target"</span><span class="sr-only">"Details"</span>
            </div>
            <Loaded data=first let:page>
                {move || page.entries.is_empty().then(|| if filtered() {
                    view! {
                        <div class="empty-state" id="audit-empty">
                            <p>"No entries match these filters."</p>
                            <button class="btn btn-primary" id="audit-empty-clear" on:click=clear>"Clear filters"</button>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <div class="empty-state" id="audit-empty">
                            <p>"No changes recorded yet. Invitations, role changes, billing and every other change will appear here."</p>
                        </div>
                    }.into_any()
                })}
                <ul class="au-list" id="audit-list">
                    <For each=entries key=|e| e.id let:entry>
                        <AuditRow entry selected />
                    </For>
                </ul>
            </Loaded>
        </div>
        <div class="au-foot">
            <span class="muted small" id="audit-count" aria-live="polite">{move || {
                let n = entries().len() as u64;
                let shown = count(n, "entry", "entries");
                match next_before() {
                    Some(_) => format!("{shown} shown · older entries follow"),
                    None if n == 0 => String::new(),
                    None if filtered() => format!("{shown} {} the filters", if n == 1 { "matches" } else { "match" }),
                    None => shown,
                }
            }}</span>
            <Show when=move || next_before().is_some()>
                <button class="btn" id="audit-load-more" disabled=loading on:click=move |_| if let Some(before) = next_before() {
                    load_more.dispatch(before);
                }>
                    {move || if loading.get() { "Loading…" } else { "Load more" }}
                </button>
            </Show>
        </div>
        {move || selected.get().map(|entry| view! {
            <AuditDrawer entry on_close=Callback::new(move |_| selected.set(None)) />
        })}
    }
}

#[component]
fn AuditRow(entry: AuditEntry, selected: RwSignal<Option<AuditEntry>>) -> impl IntoView {
    let open = entry.clone();
    let open_button = entry.clone();
    let target = if entry.target_type.is_empty() {
        entry.target_name.clone()
    } else {
        format!(
            "{} · {}",
            entry.target_type.replace('_', " "),
            entry.target_name
        )
    };
    view! {
        <li
            class="au-grid au-row"
            data-id=entry.id.to_string()
            data-action=entry.action.clone()
            class:active=move || selected.with(|s| s.as_ref().is_some_and(|s| s.id == entry.id))
            on:click=move |_| selected.set(Some(open.clone()))
        >
            <span class="au-time" title=iso_utc(entry.at)>{time(Some(entry.at))}</span>
            <span class="au-actor">{entry.actor_name.clone()}</span>
            <span class="au-action" title=entry.action.clone()>{action_words(&entry.action)}</span>
            <span class="au-target" title=target.clone()>{target.clone()}</span>
            <span class="row-actions">
                <button class="btn btn-small au-details" aria-label=format!("Details of {} at {}", action_words(&entry.action), time(Some(entry.at)))
                    on:click=move |ev| {
                        ev.stop_propagation();
                        selected.set(Some(open_button.clone()));
                    }>"Details"</button>
            </span>
        </li>
    }
}
