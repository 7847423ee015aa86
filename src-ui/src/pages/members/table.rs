//! The members table's rows: only those in view are in the page. A spacer as tall as
//! all rows, a window of rows moved with a CSS transform, pages of 100 rows fetched by
//! offset as they scroll into view and cached until the query changes.
//!
//! Browsers cap an element's height (WebKit near 33 million pixels), so a million rows
//! cannot have a spacer as tall as they are. Past [`MAX_SPACER`] the spacer stays at
//! that height and the scroll position is scaled: the top of the view at `scroll_top`
//! shows the rows from `scroll_top × scale`, where the scale maps the spacer's scroll
//! range onto the rows' full height. The window is drawn at the scroll position, so the
//! row under the pointer is the row the position names, and the scrollbar still
//! reaches the last row.

use super::row::MemberRow;
use crate::api;
use crate::format::count;
use crate::state::Ctx;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::ids::MembershipId;
use rolecall_types::model::{Member, MemberQuery, Role};
use rolecall_types::permissions::Permission;
use std::collections::{HashMap, HashSet};

/// Height of one table row in pixels (kept in sync with `.member-row` in style.css).
const ROW: f64 = 52.0;
/// Rows fetched per request.
pub(super) const PAGE: u64 = 100;
/// The tallest spacer drawn, in pixels; taller row sets scale the scroll position.
const MAX_SPACER: f64 = 4_000_000.0;

/// The spacer's height and the scale from its scroll position to the rows' (1 when
/// all rows fit under [`MAX_SPACER`]).
fn geometry(total: u64, viewport: f64) -> (f64, f64) {
    let full = total as f64 * ROW;
    if full <= MAX_SPACER {
        return (full, 1.0);
    }
    let range = (full - viewport).max(1.0);
    let spacer_range = (MAX_SPACER - viewport).max(1.0);
    (MAX_SPACER, range / spacer_range)
}

/// The rows of the active or deactivated tab: only the visible ones are in the DOM.
#[component]
pub(super) fn VirtualRows(
    query: Memo<MemberQuery>,
    roles: Memo<Vec<Role>>,
    detail: RwSignal<Option<MembershipId>>,
    /// Opens the invite dialog from the empty state.
    invite: RwSignal<Option<bool>>,
    /// Set once a row read has a source (R50): the table adds the source's columns.
    sourced: RwSignal<bool>,
    /// Requests sent and not yet answered (whatever query they were for).
    in_flight: RwSignal<u32>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let total = RwSignal::new(None::<u64>);
    // A common search counts up to a cap past each page ("more than"): the total is then
    // the largest lower bound seen, and grows as deeper pages count on, until a page
    // knows the exact number.
    let exact = RwSignal::new(true);
    // No page of the current query has answered yet: the next answer replaces the total.
    let fresh = RwSignal::new(true);
    let pages = RwSignal::new(HashMap::<u64, Vec<Member>>::new());
    let loading = RwSignal::new(HashSet::<u64>::new());
    let generation = RwSignal::new(0u32);
    let scroll_top = RwSignal::new(0.0f64);
    let viewport = RwSignal::new(600.0f64);
    let body = NodeRef::<html::Div>::new();
    let error = RwSignal::new(None::<String>);

    let fetch = move |page: u64| {
        if loading.with_untracked(|l| l.contains(&page))
            || pages.with_untracked(|p| p.contains_key(&page))
        {
            return;
        }
        loading.update(|l| {
            l.insert(page);
        });
        let generation_at_start = generation.get_untracked();
        let mut q = query.get_untracked();
        q.offset = page * PAGE;
        let org_id = ctx.org();
        in_flight.update(|n| *n += 1);
        spawn_local(async move {
            let started = js_sys::Date::now();
            let result = api::call(cmd::ListMembers { org_id, query: q }).await;
            in_flight.try_update(|n| *n = n.saturating_sub(1));
            if generation.try_get_untracked() != Some(generation_at_start) {
                return;
            }
            loading.update(|l| {
                l.remove(&page);
            });
            match result {
                Ok(p) => {
                    if fresh.get_untracked() {
                        fresh.set(false);
                        total.set(Some(p.total));
                        exact.set(!p.more);
                    } else {
                        total.update(|t| *t = Some(t.map_or(p.total, |t| t.max(p.total))));
                        if !p.more {
                            exact.set(true);
                        }
                    }
                    if !sourced.get_untracked() && p.rows.iter().any(|m| m.source.is_some()) {
                        sourced.set(true);
                    }
                    pages.update(|all| {
                        all.insert(page, p.rows);
                    });
                    error.set(None);
                    record_timing(js_sys::Date::now() - started);
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };

    // A new query (tab, search, filter, sort) or a change elsewhere starts over.
    Effect::new(move |_| {
        let _ = query.get();
        let _ = ctx.version.get();
        generation.update(|g| *g += 1);
        pages.set(HashMap::new());
        loading.set(HashSet::new());
        fresh.set(true);
        if let Some(el) = body.get_untracked() {
            el.set_scroll_top(0);
        }
        scroll_top.set(0.0);
        fetch(0);
    });

    // Where the view's top is among all the rows, in pixels (scaled past MAX_SPACER).
    let scale = move || geometry(total.get().unwrap_or(0), viewport.get()).1;
    let virtual_top = move || {
        let full = total.get().unwrap_or(0) as f64 * ROW;
        (scroll_top.get() * scale()).min((full - viewport.get()).max(0.0))
    };
    let first = move || (virtual_top() / ROW).floor().max(0.0) as u64;
    let last = move || {
        let n = total.get().unwrap_or(0);
        (((virtual_top() + viewport.get()) / ROW).ceil() as u64 + 1).min(n)
    };
    // The window is drawn where the view is, less the part of its first row above it.
    // (Never past the spacer's end, which would lengthen what there is to scroll.)
    let window_top = move || {
        let spacer = geometry(total.get().unwrap_or(0), viewport.get()).0;
        let drawn = (last().saturating_sub(first())) as f64 * ROW;
        (scroll_top.get() + (first() as f64 * ROW - virtual_top())).min((spacer - drawn).max(0.0))
    };
    // Fetch the pages the visible rows need.
    Effect::new(move |_| {
        let (a, b) = (first(), last());
        if b == 0 {
            return;
        }
        for page in (a / PAGE)..=((b.saturating_sub(1)) / PAGE) {
            fetch(page);
        }
    });

    let on_scroll = move |_| {
        if let Some(el) = body.get_untracked() {
            scroll_top.set(f64::from(el.scroll_top()));
            viewport.set(f64::from(el.client_height()));
            follow_sideways(&el);
        }
    };
    Effect::new(move |_| {
        if let Some(el) = body.get() {
            viewport.set(f64::from(el.client_height()).max(200.0));
        }
    });

    let rows = move || {
        let (a, b) = (first(), last());
        let me = ctx
            .session
            .with(|s| s.as_ref().and_then(|s| s.role.clone()));
        let my_account = ctx
            .session
            .with(|s| s.as_ref().map(|s| s.account.id.clone()).unwrap_or_default());
        let roles_now = roles.get();
        let with_source = sourced.get();
        pages.with(|all| {
            (a..b)
                .map(|i| {
                    let member = all.get(&(i / PAGE)).and_then(|p| p.get((i % PAGE) as usize)).cloned();
                    match (member, &me) {
                        (Some(m), Some(me)) => view! {
                            <MemberRow member=m me=me.clone() my_account=my_account.clone() roles=roles_now.clone() detail index=i with_source />
                        }
                        .into_any(),
                        _ => view! { <div class="member-row member-grid placeholder" role="row"><span>"Loading…"</span></div> }.into_any(),
                    }
                })
                .collect_view()
        })
    };
    let empty = move || total.get() == Some(0);
    view! {
        <div class="table-body" node_ref=body on:scroll=on_scroll id="members-body" tabindex="0" aria-label="Member rows">
            <div class="table-spacer" style:height=move || format!("{}px", geometry(total.get().unwrap_or(0), viewport.get()).0)>
                <div class="table-window" style:transform=move || format!("translateY({}px)", window_top())>
                    {rows}
                </div>
            </div>
            <Show when=empty>
                <div class="empty-state" id="members-empty">
                    <p>{move || if query.with(|q| q.search.is_empty() && q.role_id.is_none()) {
                        "Nobody here yet."
                    } else {
                        "No member matches this search or filter."
                    }}</p>
                    <Show when=move || ctx.can(Permission::MembersInvite)>
                        <button class="btn btn-primary" on:click=move |_| invite.set(Some(false))>"Invite member"</button>
                    </Show>
                </div>
            </Show>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </div>
        <div class="table-foot muted" id="members-count">
            {move || total.get().map(|n| if exact.get() {
                count(n, "member", "members")
            } else {
                format!("More than {} — type more to narrow the search", count(n, "member", "members"))
            })}
        </div>
    }
}

/// With the source's columns the rows are wider than the table and scroll sideways:
/// the header (the element before the rows) moves with them.
fn follow_sideways(body: &web_sys::HtmlDivElement) {
    use wasm_bindgen::JsCast;
    if let Some(head) = body
        .previous_element_sibling()
        .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let left = body.scroll_left();
        let shift = if left == 0 {
            String::new()
        } else {
            format!("translateX({}px)", -left)
        };
        let _ = head.style().set_property("transform", &shift);
    }
}

/// Keeps the last page-fetch time on `window.__rolecallTimings` for tests that measure
/// the table in the page itself.
fn record_timing(ms: f64) {
    if let Some(window) = web_sys::window() {
        let key = wasm_bindgen::JsValue::from_str("__rolecallLastFetchMs");
        let _ = js_sys::Reflect::set(&window, &key, &wasm_bindgen::JsValue::from_f64(ms));
    }
}
