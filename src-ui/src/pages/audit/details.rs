//! One audit entry read for people: its details' before → after, what else it
//! records, and the raw JSON, in a drawer.

use crate::components::Drawer;
use crate::format::{action_words, iso_utc, time};
use leptos::prelude::*;
use rolecall_types::model::AuditEntry;
use serde_json::Value;

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
pub(super) fn AuditDrawer(entry: AuditEntry, on_close: Callback<()>) -> impl IntoView {
    let e = entry;
    let Reading {
        changes,
        unchanged,
        facts,
        raw,
    } = read_details(&e.details);
    let has_changes = !changes.is_empty() || !unchanged.is_empty();
    view! {
        <Drawer id="audit-drawer" close_id="audit-drawer-close" class="au-drawer" title=action_words(&e.action) on_close>
            <section class="drawer-section">
                <dl class="facts">
                    <dt>"When"</dt><dd>{time(Some(e.at))}<span class="muted small au-utc">{iso_utc(e.at)}</span></dd>
                    <dt>"Actor"</dt><dd id="audit-drawer-actor">{e.actor_name.clone()}</dd>
                    <dt>"Action"</dt><dd><code>{e.action.clone()}</code></dd>
                    <dt>"Target"</dt><dd><bdi>{e.target_name.clone()}</bdi>{format!(" ({})", e.target_type.replace('_', " "))}</dd>
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
        </Drawer>
    }
}
