//! Audit log (R42–R43): an organization's entries newest first, filtered by actor,
//! action and date range, read in keyset pages ("Load more" asks for the entries
//! older than the last one shown), so only what was loaded is ever held — as fast at a
//! million entries as at ten. A drawer shows one entry's before → after and its raw
//! details; the filtered entries export as CSV or JSON with a progress bar.

use super::chosen_id;
use super::data_export::{ExportJob, ExportStatus};
use crate::api;
use crate::state::{Ctx, format_time, group};
use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::ids::AccountId;
use rolecall_types::model::{AuditEntry, AuditFacets, AuditQuery, ExportKind};
use rolecall_types::permissions::Permission;
use serde_json::Value;

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

/// A time in UTC, ISO 8601 ("2025-03-12T14:05:09.000Z").
fn iso_utc(ms: i64) -> String {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64))
        .to_iso_string()
        .as_string()
        .unwrap_or_default()
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

/// "notify_member_joined" → "Notify member joined"; nested keys joined with " › ".
fn field_words(key: &str) -> String {
    key.split('.')
        .map(action_words)
        .collect::<Vec<_>>()
        .join(" › ")
}

/// One value as a reader sees it.
fn value_words(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "—".into(),
        Some(Value::String(s)) if s.is_empty() => "(empty)".into(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => if *b { "yes" } else { "no" }.into(),
        Some(other) => other.to_string(),
    }
}

/// Leaves of a JSON value with dotted paths; an empty object or array is one leaf.
fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(map) if !map.is_empty() => {
            for (k, x) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&path, x, out);
            }
        }
        _ => out.push((prefix.to_string(), v.clone())),
    }
}

/// What an entry's details say, read for people.
struct Reading {
    /// Fields that changed: (field, before, after).
    changes: Vec<(String, String, String)>,
    /// Fields present before and after with the same value.
    unchanged: Vec<String>,
    /// Everything else the entry records.
    facts: Vec<(String, String)>,
    /// The details pretty-printed (or as stored when they are not JSON).
    raw: String,
}

fn read_details(details: &str) -> Reading {
    let Ok(value) = serde_json::from_str::<Value>(details) else {
        return Reading {
            changes: Vec::new(),
            unchanged: Vec::new(),
            facts: Vec::new(),
            raw: details.to_string(),
        };
    };
    let raw = serde_json::to_string_pretty(&value).unwrap_or_else(|_| details.to_string());
    let mut before = Vec::new();
    let mut after = Vec::new();
    let mut facts = Vec::new();
    match &value {
        Value::Object(map) => {
            for (k, v) in map {
                match k.as_str() {
                    "before" => flatten("", v, &mut before),
                    "after" => flatten("", v, &mut after),
                    _ => {
                        let mut leaves = Vec::new();
                        flatten(k, v, &mut leaves);
                        facts.extend(
                            leaves
                                .into_iter()
                                .map(|(p, v)| (field_words(&p), value_words(Some(&v)))),
                        );
                    }
                }
            }
        }
        other => facts.push(("Details".into(), value_words(Some(other)))),
    }
    let mut keys: Vec<String> = before.iter().map(|(k, _)| k.clone()).collect();
    for (k, _) in &after {
        if !keys.contains(k) {
            keys.push(k.clone());
        }
    }
    let find = |list: &[(String, Value)], key: &str| {
        list.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    };
    let mut changes = Vec::new();
    let mut unchanged = Vec::new();
    for key in keys {
        let (b, a) = (find(&before, &key), find(&after, &key));
        let name = if key.is_empty() {
            "Value".to_string()
        } else {
            field_words(&key)
        };
        if b == a {
            unchanged.push(name);
        } else {
            changes.push((name, value_words(b.as_ref()), value_words(a.as_ref())));
        }
    }
    Reading {
        changes,
        unchanged,
        facts,
        raw,
    }
}

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let ctx = Ctx::get();
    let allowed = Memo::new(move |_| ctx.can(Permission::AuditView));
    move || {
        if allowed.get() {
            view! { <AuditLog /> }.into_any()
        } else {
            view! {
                <header class="page-header"><h1>"Audit log"</h1></header>
                <p class="notice" id="audit-not-allowed">
                    "The audit log needs the Audit log · view permission. Ask an Owner or Admin of this organization."
                </p>
            }
            .into_any()
        }
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let ctx = Ctx::get();
    let filters = RwSignal::new(Filters::default());
    let facets = RwSignal::new(None::<AuditFacets>);
    let entries = RwSignal::new(Vec::<AuditEntry>::new());
    let next_before = RwSignal::new(None::<i64>);
    let loading = RwSignal::new(false);
    let loaded = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let date_error = RwSignal::new(None::<String>);
    let selected = RwSignal::new(None::<AuditEntry>);
    // Answers to an older query (the filters changed meanwhile) are dropped.
    let generation = StoredValue::new(0u32);
    let zone = zone_label();

    Effect::new(move |_| {
        let _ = ctx.version.get();
        let Some(org_id) = ctx.org_id() else { return };
        spawn_local(async move {
            if let Ok(f) = api::call(cmd::AuditFacets { org_id }).await {
                facets.try_set(Some(f));
            }
        });
    });
    Effect::new(move |_| {
        let _ = ctx.version.get();
        let f = filters.get();
        let Some(org_id) = ctx.org_id() else { return };
        let query = match f.query() {
            Ok(q) => {
                date_error.set(None);
                q
            }
            Err(message) => {
                date_error.set(Some(message));
                return;
            }
        };
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        loading.set(true);
        spawn_local(async move {
            let page = api::call(cmd::AuditLog { org_id, query }).await;
            if generation.try_get_value() != Some(mine) {
                return;
            }
            match page {
                Ok(page) => {
                    entries.try_set(page.entries);
                    next_before.try_set(page.next_before_id);
                    error.try_set(None);
                }
                Err(e) => {
                    entries.try_set(Vec::new());
                    next_before.try_set(None);
                    error.try_set(Some(e.message));
                }
            }
            loaded.try_set(true);
            loading.try_set(false);
        });
    });
    let load_more = move |_| {
        let (Some(org_id), Some(before)) = (ctx.org_id(), next_before.get_untracked()) else {
            return;
        };
        if loading.get_untracked() {
            return;
        }
        let Ok(mut query) = filters.get_untracked().query() else {
            return;
        };
        query.before_id = Some(before);
        let mine = generation.get_value();
        loading.set(true);
        spawn_local(async move {
            let page = api::call(cmd::AuditLog { org_id, query }).await;
            if generation.try_get_value() != Some(mine) {
                return;
            }
            match page {
                Ok(page) => {
                    entries.try_update(|list| list.extend(page.entries));
                    next_before.try_set(page.next_before_id);
                }
                Err(e) => {
                    error.try_set(Some(e.message));
                }
            }
            loading.try_set(false);
        });
    };
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
        let Ok(query) = filters.get_untracked().query() else {
            return;
        };
        export.start_audit(kind, query);
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
                    {move || facets.get().map(|f| f.actors.into_iter().map(|a| view! {
                        <option value=a.id.to_string() selected=filters.with_untracked(|f| f.actor.as_ref() == Some(&a.id))>{a.name.clone()}</option>
                    }).collect_view())}
                </select>
            </div>
            <div class="field">
                <label for="audit-filter-action">"Action"</label>
                <select id="audit-filter-action" prop:value=move || filters.with(|f| f.action.clone())
                    on:change=set(|f, v| f.action = v)>
                    <option value="">"All actions"</option>
                    {move || facets.get().map(|f| f.actions.into_iter().map(|a| view! {
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
                    class:au-invalid=move || date_error.get().is_some()
                    on:change=set(|f, v| f.to = v) />
            </div>
            <div class="au-clear">
                <button class="btn btn-ghost" id="audit-clear" disabled=move || !filtered()
                    title=move || (!filtered()).then_some("No filter is set.")
                    on:click=clear>"Clear filters"</button>
            </div>
            <p class="field-error au-date-error" id="audit-date-error" role="alert">{move || date_error.get().unwrap_or_default()}</p>
        </section>
        <div class="card list-card au-table">
            <div class="au-grid table-head" role="row">
                <span>"Time"</span><span>"Actor"</span><span>"Action"</span><span>"Target"</span><span class="sr-only">"Details"</span>
            </div>
            {move || error.get().map(|message| view! { <p class="form-error pad" role="alert" id="audit-error">{message}</p> })}
            <Show when=move || loaded.get() && entries.with(Vec::is_empty) && error.get().is_none()>
                {move || if filtered() {
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
                }}
            </Show>
            <ul class="au-list" id="audit-list">
                <For each=move || entries.get() key=|e| e.id let:entry>
                    <AuditRow entry selected />
                </For>
            </ul>
            {move || (!loaded.get()).then(|| view! { <p class="muted pad">"Loading…"</p> })}
        </div>
        <div class="au-foot">
            <span class="muted small" id="audit-count" aria-live="polite">{move || {
                let n = entries.with(Vec::len) as u64;
                let noun = if n == 1 { "entry" } else { "entries" };
                match next_before.get() {
                    Some(_) => format!("{} {noun} shown · older entries follow", group(n)),
                    None if n == 0 => String::new(),
                    None if filtered() => format!("{} {noun} {} the filters", group(n), if n == 1 { "matches" } else { "match" }),
                    None => format!("{} {noun}", group(n)),
                }
            }}</span>
            <Show when=move || next_before.get().is_some()>
                <button class="btn" id="audit-load-more" disabled=move || loading.get() on:click=load_more>
                    {move || if loading.get() { "Loading…" } else { "Load more" }}
                </button>
            </Show>
        </div>
        <AuditDrawer selected />
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
            <span class="au-time" title=iso_utc(entry.at)>{format_time(Some(entry.at))}</span>
            <span class="au-actor">{entry.actor_name.clone()}</span>
            <span class="au-action" title=entry.action.clone()>{action_words(&entry.action)}</span>
            <span class="au-target" title=target.clone()>{target.clone()}</span>
            <span class="row-actions">
                <button class="btn btn-small au-details" aria-label=format!("Details of {} at {}", action_words(&entry.action), format_time(Some(entry.at)))
                    on:click=move |ev| {
                        ev.stop_propagation();
                        selected.set(Some(open_button.clone()));
                    }>"Details"</button>
            </span>
        </li>
    }
}

#[component]
fn AuditDrawer(selected: RwSignal<Option<AuditEntry>>) -> impl IntoView {
    let close_ref = NodeRef::<html::Button>::new();
    Effect::new(move |_| {
        if selected.with(Option::is_some)
            && let Some(b) = close_ref.get()
        {
            let _ = b.focus();
        }
    });
    let close = move || selected.set(None);
    move || {
        selected.get().map(|e| {
            let reading = read_details(&e.details);
            let Reading { changes, unchanged, facts, raw } = reading;
            let has_changes = !changes.is_empty() || !unchanged.is_empty();
            view! {
                <div class="drawer-backdrop" on:click=move |_| close()></div>
                <aside
                    class="drawer au-drawer"
                    id="audit-drawer"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="audit-drawer-title"
                    on:keydown=move |ev: KeyboardEvent| if ev.key() == "Escape" { close() }
                >
                    <div class="drawer-head">
                        <h2 id="audit-drawer-title">{action_words(&e.action)}</h2>
                        <button class="btn btn-ghost" id="audit-drawer-close" node_ref=close_ref aria-label="Close" on:click=move |_| close()>"✕"</button>
                    </div>
                    <section class="drawer-section">
                        <dl class="facts">
                            <dt>"When"</dt><dd>{format_time(Some(e.at))}<span class="muted small au-utc">{iso_utc(e.at)}</span></dd>
                            <dt>"Actor"</dt><dd id="audit-drawer-actor">{e.actor_name.clone()}</dd>
                            <dt>"Action"</dt><dd><code>{e.action.clone()}</code></dd>
                            <dt>"Target"</dt><dd>{format!("{} ({})", e.target_name, e.target_type.replace('_', " "))}</dd>
                            <dt>"Entry"</dt><dd class="muted">{format!("#{}", e.id)}</dd>
                        </dl>
                    </section>
                    {has_changes.then(|| view! {
                        <section class="drawer-section">
                            <h3>"Changes"</h3>
                            {changes.is_empty().then(|| view! { <p class="muted small">"Nothing changed."</p> })}
                            <ul class="au-changes" id="audit-changes">
                                {changes.into_iter().map(|(field, before, after)| view! {
                                    <li class="au-change">
                                        <span class="au-field">{field}</span>
                                        <span class="au-values">
                                            <span class="au-before">{before}</span>
                                            <span class="au-arrow" aria-label="changed to">"→"</span>
                                            <span class="au-after">{after}</span>
                                        </span>
                                    </li>
                                }).collect_view()}
                            </ul>
                            {(!unchanged.is_empty()).then(|| view! {
                                <p class="muted small au-unchanged">{format!("Unchanged: {}", unchanged.join(", "))}</p>
                            })}
                        </section>
                    })}
                    {(!facts.is_empty()).then(|| view! {
                        <section class="drawer-section">
                            <h3>{if has_changes { "Also recorded" } else { "Recorded" }}</h3>
                            <dl class="facts" id="audit-facts">
                                {facts.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                            </dl>
                        </section>
                    })}
                    <section class="drawer-section">
                        <h3>"Raw details"</h3>
                        <pre class="au-raw" id="audit-raw" tabindex="0">{raw}</pre>
                    </section>
                </aside>
            }
        })
    }
}
