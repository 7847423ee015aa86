//! One person of a campaign: as frozen at its start (role, status, last sign-in,
//! two-factor, findings), the decision with its reviewer, time and comment, and what
//! applying it did.

use crate::format::{count, day, time};
use leptos::html;
use leptos::prelude::*;
use rolecall_types::review::{CampaignItem, Decision, Outcome};
use std::collections::BTreeSet;

/// The class suffix of a decision ("keep", "change_role", …).
fn decision_key(decision: Decision) -> &'static str {
    decision.code()
}

#[component]
pub(super) fn CampaignRow(
    item: CampaignItem,
    index: usize,
    editable: bool,
    several: bool,
    applied: bool,
    selected: RwSignal<BTreeSet<u64>>,
    cursor: RwSignal<usize>,
    /// The table's keyboard surface, focused again after a click.
    table: NodeRef<html::Div>,
) -> impl IntoView {
    let num = item.num;
    let is_selected = move || selected.with(|s| s.contains(&num));
    let focus_table = move || {
        if let Some(el) = table.get_untracked() {
            let _ = el.focus();
        }
    };
    // Active is the rule: only a deactivated person says so, under the role.
    let status = (!item.active)
        .then(|| view! { <div><span class="status status-off cp-off">"Deactivated"</span></div> });
    let two_factor = match item.two_factor {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "unknown",
    };
    let sign_in = item.last_sign_in.map_or("Never".to_string(), day);
    let sign_in_title = time(item.last_sign_in);
    let decision = item.decision.clone().map(|d| {
        let label = match (&d.decision, &d.role_name) {
            (Decision::ChangeRole, Some(role)) => format!("Change role → {role}"),
            _ => d.decision.label().to_string(),
        };
        let when = time(Some(d.at));
        let title = if d.comment.is_empty() {
            format!("{label}, by {} · {when}", d.reviewer)
        } else {
            format!("{label}, by {} · {when}: {}", d.reviewer, d.comment)
        };
        view! {
            <div class="cp-decided" title=title>
                <span class=format!("cp-decision cp-decision-{}", decision_key(d.decision))>{label}</span>
                <div class="muted small cp-decided-by"><bdi>{d.reviewer.clone()}</bdi>" · "{when}</div>
                {(!d.comment.is_empty()).then(|| view! { <div class="small cp-comment-text">{d.comment.clone()}</div> })}
            </div>
        }
        .into_any()
    });
    let outcome = item.outcome.clone().map(|o| {
        let (class, word) = match o.outcome {
            Outcome::Applied => ("cp-outcome cp-outcome-applied", "Applied"),
            Outcome::Unchanged => ("cp-outcome cp-outcome-unchanged", "No change"),
            Outcome::Refused => ("cp-outcome cp-outcome-refused", "Refused"),
        };
        let audit = (!o.audit_ids.is_empty()).then(|| {
            let ids: Vec<String> = o.audit_ids.iter().map(|id| format!("#{id}")).collect();
            format!("Audit {}", ids.join(" "))
        });
        view! {
            <span class=class data-outcome=o.outcome.code() title=o.reason.clone().unwrap_or_default()>{word}</span>
            {o.reason.map(|r| view! { <div class="small cp-reason">{r}</div> })}
            {audit.map(|a| view! { <div class="muted small">{a}</div> })}
        }
    });
    let findings = item
        .findings
        .iter()
        .map(|k| view! { <span class="cp-finding">{k.label()}</span> })
        .collect_view();
    let row_id = format!("campaign-row-{num}");
    view! {
        <tr class="cp-row" id=row_id data-num=num.to_string() data-email=item.email.clone()
            data-decision=item.decision.as_ref().map(|d| d.decision.code()).unwrap_or("")
            class:cp-focused=move || cursor.get() == index
            class:cp-selected=is_selected
            aria-selected=move || is_selected().to_string()
            on:click=move |_| { cursor.set(index); focus_table(); }>
            {editable.then(|| view! {
                <td class="cp-check">
                    <input type="checkbox" tabindex="-1" class="cp-select" aria-label=format!("Select {}", item.name)
                        prop:checked=is_selected
                        on:click=move |ev| {
                            ev.stop_propagation();
                            let on = event_target_checked(&ev);
                            selected.update(|s| { if on { s.insert(num); } else { s.remove(&num); } });
                            cursor.set(index);
                            focus_table();
                        } />
                </td>
            })}
            <td class="cp-person">
                <div class="cp-name">
                    <bdi>{item.name.clone()}</bdi>
                    {item.owner.then(|| view! { <span class="badge owner-badge">"Owner"</span> })}
                </div>
                <div class="muted small cp-email"><bdi>{item.email.clone()}</bdi></div>
            </td>
            {several.then(|| view! { <td class="cp-org-col"><bdi>{item.org_name.clone()}</bdi></td> })}
            <td class="cp-role"><bdi>{item.role.clone()}</bdi>{status}</td>
            <td class="cp-signin">
                <div title=sign_in_title>{sign_in}</div>
                <div class="muted small cp-2fa" data-two-factor=two_factor>{format!("2FA: {two_factor}")}</div>
            </td>
            <td class="cp-findings"><div class="cp-chips">{findings}</div></td>
            <td class="cp-decision-col">
                {decision.unwrap_or_else(|| view! {
                    <div class="cp-decided"><span class="cp-decision cp-undecided">"Undecided"</span></div>
                }.into_any())}
            </td>
            {applied.then(|| view! { <td class="cp-outcome-col">{outcome}</td> })}
        </tr>
    }
}

/// The words of a decision's toast ("Keep: 3 people.").
pub(super) fn decided_words(decision: Option<Decision>, n: usize) -> String {
    let people = count(n as u64, "person", "people");
    match decision {
        Some(d) => format!("{}: {people}.", d.label()),
        None => format!("Decision cleared: {people}."),
    }
}

/// Scrolls the focused row into view (the page scrolls, not the table).
pub(super) fn reveal(index: usize) {
    let Some(row) = web_sys::window().and_then(|w| w.document()).and_then(|d| {
        d.query_selector(&format!(
            "#campaign-table tbody tr:nth-child({})",
            index + 1
        ))
        .ok()
        .flatten()
    }) else {
        return;
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"block".into(), &"nearest".into());
    if let Ok(f) = js_sys::Reflect::get(&row, &"scrollIntoView".into())
        && let Ok(f) = wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f)
    {
        let _ = f.call1(&row, &options);
    }
}
