//! The Changes tab (R56): the organization's snapshots (taken at every import or on
//! demand), "Take snapshot now", and two of them — or one and now — compared: counts
//! per kind of change as chips that filter, then one row per person and change.

use crate::api;
use crate::components::{Loaded, Table, col};
use crate::format::{count, dash_if_empty, group, time};
use crate::state::Ctx;
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::review::{
    DiffKind, DiffRow, Privilege, SnapshotDiff, SnapshotInfo, SnapshotRef,
};

/// The value of the "Now" option.
const NOW: &str = "now";

/// What a `<select>` value names.
fn to_ref(value: &str) -> SnapshotRef {
    if value == NOW {
        SnapshotRef::Now
    } else {
        SnapshotRef::Snapshot {
            id: value.to_string(),
        }
    }
}

/// The kinds of change in chip order, with their words.
const KINDS: [(DiffKind, &str, &str); 6] = [
    (DiffKind::Joined, "joined", "Joined"),
    (DiffKind::Left, "left", "Left"),
    (DiffKind::RoleChanged, "role_changed", "Role changed"),
    (DiffKind::StatusChanged, "status_changed", "Status changed"),
    (
        DiffKind::TwoFactorChanged,
        "two_factor_changed",
        "Two-step changed",
    ),
    (DiffKind::SourceChanged, "source_changed", "Source changed"),
];

fn kind_words(kind: DiffKind) -> (&'static str, &'static str) {
    KINDS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map_or(("", ""), |(_, key, words)| (*key, *words))
}

#[component]
pub(super) fn Changes() -> impl IntoView {
    let ctx = Ctx::get();
    let snapshots = ctx.read(move || api::call(cmd::ListSnapshots { org_id: ctx.org() }));
    // Newest first, whatever order they come in.
    let list = Memo::new(move |_| {
        let mut list: Vec<SnapshotInfo> = snapshots.get().and_then(Result::ok).unwrap_or_default();
        list.sort_by_key(|s| std::cmp::Reverse(s.taken_at));
        list
    });
    // What the selects hold; empty: the default (the newest snapshot → now).
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let chosen = Memo::new(move |_| {
        let newest = list.with(|l| l.first().map(|s| s.id.clone()))?;
        // A choice whose snapshot is gone falls back to the default.
        let known = |v: &String| v == NOW || list.with(|l| l.iter().any(|s| &s.id == v));
        let f = Some(from.get()).filter(|v| known(v)).unwrap_or(newest);
        let t = Some(to.get())
            .filter(|v| known(v))
            .unwrap_or_else(|| NOW.to_string());
        Some((f, t))
    });
    let diff = ctx.read(move || {
        let pair = chosen.get();
        let org_id = ctx.org();
        async move {
            match pair {
                Some((f, t)) => api::call(cmd::DiffSnapshots {
                    org_id,
                    from: to_ref(&f),
                    to: to_ref(&t),
                })
                .await
                .map(Some),
                None => Ok(None),
            }
        }
    });
    let take = Action::new_local(move |_: &()| {
        let org_id = ctx.org();
        async move {
            let taken = ctx
                .send(cmd::TakeSnapshot { org_id }, |s| {
                    format!("Snapshot taken: {}.", count(s.members, "member", "members"))
                })
                .await;
            if taken.is_some() {
                // Compare the new snapshot with now.
                from.set(String::new());
                to.set(String::new());
            }
        }
    });
    let taking = take.pending();
    let options = move |selected: Memo<String>| {
        let mut opts = vec![
            view! {
                <option value=NOW selected=selected.get_untracked() == NOW>"Now"</option>
            }
            .into_any(),
        ];
        opts.extend(list.get().into_iter().map(|s| {
            let label = format!("{} · {}", time(Some(s.taken_at)), s.reason);
            let is = selected.get_untracked() == s.id;
            view! { <option value=s.id.clone() selected=is>{label}</option> }.into_any()
        }));
        opts
    };
    // The comparison on screen, as CSV (the save dialog, or the export folder).
    let export = Action::new_local(move |_: &()| {
        let (pair, org_id) = (chosen.get_untracked(), ctx.org());
        async move {
            let Some((f, t)) = pair else { return };
            let request = cmd::ExportDiff {
                org_id,
                from: to_ref(&f),
                to: to_ref(&t),
            };
            match api::call(request).await {
                Ok(Some(done)) => ctx.toast(format!(
                    "Saved {} to {}.",
                    count(done.rows, "change", "changes"),
                    done.path
                )),
                Ok(None) => {}
                Err(e) => ctx.toast_error(e.message),
            }
        }
    });
    let exporting = export.pending();
    let from_value = Memo::new(move |_| chosen.get().map(|(f, _)| f).unwrap_or_default());
    let to_value = Memo::new(move |_| chosen.get().map(|(_, t)| t).unwrap_or_default());

    view! {
        <section class="card rv-snapshots" aria-labelledby="snapshots-title">
            <div class="rv-section-head">
                <h2 id="snapshots-title">"Snapshots"</h2>
                <button class="btn btn-primary" id="snapshot-take" disabled=taking
                    on:click=move |_| { take.dispatch(()); }>
                    {move || if taking.get() { "Taking snapshot…" } else { "Take snapshot now" }}
                </button>
            </div>
            <Loaded data=snapshots let:all>
                {if all.is_empty() {
                    view! {
                        <div class="empty-state" id="snapshots-empty">
                            <p>"Snapshots are taken at every import. Take one now to compare later."</p>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <Table class="rv-table" id="snapshot-list"
                            columns=[col("Taken"), col("Reason"), col("Members").class("num")]>
                            {move || list.get().into_iter().map(|s| view! {
                                <tr class="rv-snapshot" data-id=s.id.clone()>
                                    <td>{time(Some(s.taken_at))}</td>
                                    <td>{s.reason.clone()}</td>
                                    <td class="num">{group(s.members)}</td>
                                </tr>
                            }).collect_view()}
                        </Table>
                    }.into_any()
                }}
            </Loaded>
        </section>
        <Show when=move || !list.with(Vec::is_empty)>
            <section class="card rv-compare" aria-labelledby="compare-title">
                <div class="rv-section-head">
                    <h2 id="compare-title">"Compare"</h2>
                    <button class="btn" id="diff-export" disabled=exporting
                        title="Save this comparison as a CSV file"
                        on:click=move |_| { export.dispatch(()); }>
                        {move || if exporting.get() { "Exporting…" } else { "Export CSV" }}
                    </button>
                </div>
                <div class="rv-selects">
                    <div class="field">
                        <label for="diff-from">"From"</label>
                        <select id="diff-from" prop:value=move || from_value.get()
                            on:change=move |ev| from.set(event_target_value(&ev))>
                            {move || options(from_value)}
                        </select>
                    </div>
                    <span class="rv-arrow" aria-hidden="true">"→"</span>
                    <div class="field">
                        <label for="diff-to">"To"</label>
                        <select id="diff-to" prop:value=move || to_value.get()
                            on:change=move |ev| to.set(event_target_value(&ev))>
                            {move || options(to_value)}
                        </select>
                    </div>
                </div>
                <Loaded data=diff let:answer>
                    {answer.map(|d| view! { <Diff diff=d /> })}
                </Loaded>
            </section>
        </Show>
    }
}

#[component]
fn Diff(diff: SnapshotDiff) -> impl IntoView {
    let filter = RwSignal::new(None::<DiffKind>);
    let c = diff.counts;
    let n = |kind: DiffKind| match kind {
        DiffKind::Joined => c.joined,
        DiffKind::Left => c.left,
        DiffKind::RoleChanged => c.role_changed,
        DiffKind::StatusChanged => c.status_changed,
        DiffKind::TwoFactorChanged => c.two_factor_changed,
        DiffKind::SourceChanged => c.source_changed,
    };
    let rows = StoredValue::new(diff.rows);
    let shown = move || {
        rows.with_value(|r| {
            r.iter()
                .filter(|row| filter.get().is_none_or(|k| k == row.kind))
                .cloned()
                .collect::<Vec<DiffRow>>()
        })
    };
    let empty = rows.with_value(Vec::is_empty);
    view! {
        <div class="rv-chips" id="diff-counts" role="group" aria-label="Filter by kind of change">
            {KINDS.iter().map(|&(kind, key, words)| {
                let count = n(kind);
                view! {
                    <button class="rv-chip" data-kind=key id=format!("diff-chip-{key}")
                        aria-pressed=move || (filter.get() == Some(kind)).to_string()
                        disabled=count == 0
                        on:click=move |_| filter.update(|f| *f = if *f == Some(kind) { None } else { Some(kind) })>
                        {words}<span class="rv-chip-count">{group(count)}</span>
                    </button>
                }
            }).collect_view()}
        </div>
        {if empty {
            view! {
                <div class="empty-state" id="diff-empty"><p>"Nothing changed between these two."</p></div>
            }.into_any()
        } else {
            view! {
                <Table class="rv-table" id="diff-table"
                    columns=[col("Name"), col("E-mail"), col("Change"), col("Before → after")]>
                    {move || shown().into_iter().map(|row| view! { <DiffLine row /> }).collect_view()}
                </Table>
            }.into_any()
        }}
    }
}

#[component]
fn DiffLine(row: DiffRow) -> impl IntoView {
    let (key, words) = kind_words(row.kind);
    let privilege = row.privilege.map(|p| match p {
        Privilege::Gained => view! { <span class="badge rv-gained">"privilege gained"</span> },
        Privilege::Lost => view! { <span class="badge rv-lost">"privilege lost"</span> },
    });
    view! {
        <tr class="rv-diff-row" data-kind=key data-email=row.email.clone()>
            <td>{row.name.clone()}</td>
            <td class="rv-email">{row.email.clone()}</td>
            <td>{words}</td>
            <td>
                <span class="rv-before">{dash_if_empty(&row.before)}</span>
                " → "
                <span class="rv-after">{dash_if_empty(&row.after)}</span>
                {privilege}
            </td>
        </tr>
    }
}
