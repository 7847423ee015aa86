//! Members (§2): tabs Active / Invited / Deactivated, search as you type, role filter,
//! sortable columns, a virtual table that renders only the visible rows and fetches
//! pages from SQLite as they scroll into view, the invite dialog, inline role changes
//! and row actions under the hierarchy (R28, R30).

use super::chosen_id;
use super::data_export::{ExportJob, ExportStatus};
use crate::api;
use crate::components::{Confirm, ConfirmDialog, Dialog, Field, MemberDrawer};
use crate::rules::{givable, refusal_on};
use crate::state::{Ctx, Intent, format_time, gloo_sleep, group};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::ids::{AccountId, MembershipId, RoleId};
use rolecall_types::model::*;
use rolecall_types::permissions::{Permission, RoleKind};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Height of one table row in pixels (kept in sync with `.member-row` in style.css).
const ROW: f64 = 52.0;
/// Rows fetched per request.
const PAGE: u64 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Active,
    Invited,
    Deactivated,
}

#[component]
pub fn MembersPage() -> impl IntoView {
    let ctx = Ctx::get();
    let tab = RwSignal::new(Tab::Active);
    let search = RwSignal::new(String::new());
    let debounced = RwSignal::new(String::new());
    let role_filter = RwSignal::new(None::<RoleId>);
    let sort = RwSignal::new(MemberSort::Name);
    let descending = RwSignal::new(false);
    let roles = RwSignal::new(Vec::<Role>::new());
    let seats = RwSignal::new(None::<Seats>);
    let invitations = RwSignal::new(Vec::<Invitation>::new());
    let invite_open = RwSignal::new(false);
    let add_open = RwSignal::new(false);
    let confirm = RwSignal::new(None::<Confirm>);
    let detail = RwSignal::new(None::<MembershipId>);
    // R45: "Export CSV" saves the rows this table shows (tab, search, role, sort).
    let export = ExportJob::new();
    let org_id = move || ctx.org_id().unwrap_or_default();
    let org_name = move || ctx.org_name();

    // Search as you type, without a request per keystroke.
    Effect::new(move |_| {
        let typed = search.get();
        spawn_local(async move {
            gloo_sleep(120).await;
            if search.get_untracked() == typed {
                debounced.set(typed);
            }
        });
    });

    // Roles, seats and invitations, refreshed after every change.
    Effect::new(move |_| {
        ctx.version.get();
        let org_id = org_id();
        if org_id.is_empty() {
            return;
        }
        spawn_local(async move {
            if let Ok(r) = api::call(cmd::ListRoles {
                org_id: org_id.clone(),
            })
            .await
            {
                roles.set(r);
            }
            seats.set(
                api::call(cmd::Seats {
                    org_id: org_id.clone(),
                })
                .await
                .ok(),
            );
            if let Ok(i) = api::call(cmd::ListInvitations { org_id }).await {
                invitations.set(i);
            }
        });
    });

    let query = Memo::new(move |_| MemberQuery {
        status: if tab.get() == Tab::Deactivated {
            MemberStatus::Deactivated
        } else {
            MemberStatus::Active
        },
        search: debounced.get(),
        role_id: role_filter.get(),
        sort: sort.get(),
        descending: descending.get(),
        offset: 0,
        after: None,
        limit: PAGE as u32,
    });

    let can_invite = move || ctx.can(Permission::MembersInvite);
    // The Overview's "Invite member" shortcut.
    Effect::new(move |_| {
        if ctx.take_intent(Intent::InviteMember) && can_invite() {
            invite_open.set(true);
        }
    });
    let seat_line = move || {
        seats.get().map(|s| match s.limit {
            Some(limit) => format!(
                "{} of {} seats used",
                group(s.used()),
                group(u64::from(limit))
            ),
            None => format!("{} seats used · unlimited", group(s.used())),
        })
    };
    let sort_header = move |label: &'static str, key: MemberSort, id: &'static str| {
        view! {
            <button
                class="th-sort"
                id=id
                aria-sort=move || if sort.get() == key { if descending.get() { "descending" } else { "ascending" } } else { "none" }
                on:click=move |_| {
                    if sort.get_untracked() == key {
                        descending.update(|d| *d = !*d);
                    } else {
                        sort.set(key);
                        descending.set(key == MemberSort::LastLogin);
                    }
                }
            >
                {label}
                <span class="sort-mark" aria-hidden="true">
                    {move || if sort.get() == key { if descending.get() { "↓" } else { "↑" } } else { "" }}
                </span>
            </button>
        }
    };

    view! {
        <header class="page-header row">
            <div>
                <h1>"Members"</h1>
                <p class="muted">
                    <span id="members-org-name">{org_name}</span>
                    {move || seat_line().map(|l| view! { " · " <span id="seats-line">{l}</span> })}
                </p>
            </div>
            <div class="header-actions">
                <Show when=move || !ctx.is_owner()>
                    <button
                        class="btn btn-danger-ghost"
                        id="members-leave"
                        title="Leave this organization (R23)"
                        on:click=move |_| {
                            let id = org_id();
                            confirm.set(Some(super::org_settings::leave_confirmation(ctx, id, org_name())));
                        }
                    >
                        "Leave"
                    </button>
                </Show>
                <Show when=can_invite>
                    <button
                        class="btn"
                        id="add-member-button"
                        title="Add someone who does not sign in to Rolecall; people with an account must be invited"
                        on:click=move |_| add_open.set(true)
                    >
                        "Add member"
                    </button>
                    <button class="btn btn-primary" id="invite-button" on:click=move |_| invite_open.set(true)>"Invite member"</button>
                </Show>
            </div>
        </header>
        <div class="tabs" role="tablist">
            {[(Tab::Active, "Active", "tab-active"), (Tab::Invited, "Invited", "tab-invited"), (Tab::Deactivated, "Deactivated", "tab-deactivated")]
                .into_iter()
                .map(|(t, label, id)| {
                    view! {
                        <button
                            role="tab"
                            class="tab"
                            id=id
                            aria-selected=move || (tab.get() == t).to_string()
                            on:click=move |_| tab.set(t)
                        >
                            {label}
                            {move || (t == Tab::Invited).then(|| {
                                let n = invitations.with(Vec::len);
                                (n > 0).then(|| view! { <span class="count-badge small">{n}</span> })
                            })}
                        </button>
                    }
                })
                .collect_view()}
        </div>
        {move || if tab.get() == Tab::Invited {
            view! { <InvitationsList invitations confirm invite_open /> }.into_any()
        } else {
            view! {
                <div class="toolbar">
                    <input
                        class="search"
                        id="member-search"
                        type="search"
                        placeholder="Search name or e-mail…"
                        aria-label="Search members"
                        prop:value=move || search.get()
                        on:input=move |ev| search.set(event_target_value(&ev))
                    />
                    <select id="role-filter" aria-label="Filter by role" on:change=move |ev| role_filter.set(chosen_id(event_target_value(&ev)))>
                        <option value="">"All roles"</option>
                        {move || roles.get().into_iter().map(|r| view! { <option value=r.id.to_string()>{r.name.clone()}</option> }).collect_view()}
                    </select>
                    <Show when=move || ctx.can(Permission::DataExport)>
                        <button
                            class="btn members-export"
                            id="members-export"
                            title="Save the members this table shows, with its search, role filter and sort, as CSV"
                            disabled=move || export.running()
                            on:click=move |_| export.start(ExportKind::MembersCsv, Some(query.get_untracked()))
                        >
                            {move || if export.running() { "Exporting…" } else { "Export CSV" }}
                        </button>
                    </Show>
                </div>
                <ExportStatus job=export id="members-export" rows=("member", "members") />
                <div
                    class="table members-table"
                    role="table"
                    aria-label="Members"
                    class:can-deactivate=move || ctx.can(Permission::MembersDeactivate)
                    class:can-remove=move || ctx.can(Permission::MembersRemove)
                    class:can-transfer=move || ctx.is_owner() && tab.get() == Tab::Active
                    class:deactivated-tab=move || tab.get() == Tab::Deactivated
                >
                    <div class="table-head member-grid" role="row">
                        <span role="columnheader">{sort_header("Name", MemberSort::Name, "sort-name")}</span>
                        <span role="columnheader">{sort_header("E-mail", MemberSort::Email, "sort-email")}</span>
                        <span role="columnheader">"Role"</span>
                        <span role="columnheader">{sort_header("Last login", MemberSort::LastLogin, "sort-login")}</span>
                        <span role="columnheader">"Status"</span>
                        <span role="columnheader" class="sr-only">"Actions"</span>
                    </div>
                    <VirtualRows query roles confirm detail invite_open />
                </div>
            }.into_any()
        }}
        <Show when=move || invite_open.get()>
            <InviteDialog roles adding=false on_close=move || invite_open.set(false) />
        </Show>
        <Show when=move || add_open.get()>
            <InviteDialog roles adding=true on_close=move || add_open.set(false) />
        </Show>
        <ConfirmDialog request=confirm />
        <MemberDrawer membership=detail />
    }
}

/// The rows of the active or deactivated tab: only the visible ones are in the DOM.
#[component]
fn VirtualRows(
    query: Memo<MemberQuery>,
    roles: RwSignal<Vec<Role>>,
    confirm: RwSignal<Option<Confirm>>,
    detail: RwSignal<Option<MembershipId>>,
    /// Opens the invite dialog from the empty state.
    invite_open: RwSignal<bool>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let total = RwSignal::new(None::<u64>);
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
        let org_id = ctx.org_id().unwrap_or_default();
        spawn_local(async move {
            let started = js_sys::Date::now();
            let result = api::call(cmd::ListMembers { org_id, query: q }).await;
            if generation.get_untracked() != generation_at_start {
                return;
            }
            loading.update(|l| {
                l.remove(&page);
            });
            match result {
                Ok(p) => {
                    total.set(Some(p.total));
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
        if let Some(el) = body.get_untracked() {
            el.set_scroll_top(0);
        }
        scroll_top.set(0.0);
        fetch(0);
    });

    let first = move || (scroll_top.get() / ROW).floor().max(0.0) as u64;
    let last = move || {
        let n = total.get().unwrap_or(0);
        (((scroll_top.get() + viewport.get()) / ROW).ceil() as u64 + 1).min(n)
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
        pages.with(|all| {
            (a..b)
                .map(|i| {
                    let member = all.get(&(i / PAGE)).and_then(|p| p.get((i % PAGE) as usize)).cloned();
                    match (member, &me) {
                        (Some(m), Some(me)) => view! {
                            <MemberRow member=m me=me.clone() my_account=my_account.clone() roles=roles_now.clone() confirm detail index=i />
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
            <div class="table-spacer" style:height=move || format!("{}px", total.get().unwrap_or(0) as f64 * ROW)>
                <div class="table-window" style:transform=move || format!("translateY({}px)", first() as f64 * ROW)>
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
                        <button class="btn btn-primary" on:click=move |_| invite_open.set(true)>"Invite member"</button>
                    </Show>
                </div>
            </Show>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </div>
        <div class="table-foot muted" id="members-count">
            {move || total.get().map(|n| format!("{} {}", group(n), if n == 1 { "member" } else { "members" }))}
        </div>
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

#[component]
fn MemberRow(
    member: Member,
    me: MyRole,
    my_account: AccountId,
    roles: Vec<Role>,
    confirm: RwSignal<Option<Confirm>>,
    detail: RwSignal<Option<MembershipId>>,
    index: u64,
) -> impl IntoView {
    let ctx = Ctx::get();
    let block = refusal_on(&me, &ctx.org_name(), &my_account, &(&member).into(), &roles);
    let may_change_roles = me.permissions.contains(Permission::MembersChangeRoles);
    let may_deactivate = me.permissions.contains(Permission::MembersDeactivate);
    let may_remove = me.permissions.contains(Permission::MembersRemove);
    let options = givable(&me, &roles);
    let name = format!("{} {}", member.first_name, member.last_name);
    let org = ctx.org_id().unwrap_or_default();
    let membership = member.membership_id.clone();
    let role_cell = if may_change_roles {
        let disabled = block.is_some();
        // The role's full name first: a long custom role is cut in the narrow column.
        let title = match &block {
            Some(why) => format!("{}. {why}", member.role_name),
            None => format!("{}. Change role", member.role_name),
        };
        let current = member.role_id.clone();
        let (org2, m2, name2) = (org.clone(), membership.clone(), name.clone());
        let mut opts = options.clone();
        if !opts.iter().any(|r| r.id == current) {
            opts.insert(
                0,
                Role {
                    id: current.clone(),
                    name: member.role_name.clone(),
                    kind: RoleKind::Custom,
                    level: member.role_level,
                    permissions: Default::default(),
                    holders: 0,
                },
            );
        }
        view! {
            <select
                class="role-select"
                aria-label=format!("Role of {name}")
                title=title
                disabled=disabled
                on:change=move |ev| {
                    let request = cmd::ChangeRole {
                        org_id: org2.clone(),
                        membership_id: m2.clone(),
                        role_id: RoleId::from(event_target_value(&ev)),
                    };
                    let who = name2.clone();
                    spawn_local(async move {
                        match api::call(request).await {
                            Ok(updated) => {
                                ctx.toast(format!("{who} is now {}.", updated.role_name));
                                ctx.changed();
                            }
                            Err(e) => {
                                ctx.toast_error(e.message);
                                ctx.changed();
                            }
                        }
                    });
                }
            >
                {opts.into_iter().map(|r| {
                    let selected = r.id == current;
                    view! { <option value=r.id.to_string() selected=selected>{r.name.clone()}</option> }
                }).collect_view()}
            </select>
        }
        .into_any()
    } else {
        view! { <span class="badge role-badge" title=member.role_name.clone()>{member.role_name.clone()}</span> }.into_any()
    };

    let status_action = (may_deactivate).then(|| {
        let active = member.status == MemberStatus::Active;
        let (org, m, who) = (org.clone(), membership.clone(), name.clone());
        let title = block.clone().unwrap_or_default();
        let label = if active { "Deactivate" } else { "Activate" };
        let class = if active { "btn btn-small row-deactivate" } else { "btn btn-small row-activate" };
        view! {
            <button class=class disabled=block.is_some() title=title on:click=move |_| {
                let (org, m, who) = (org.clone(), m.clone(), who.clone());
                let status = if active { MemberStatus::Deactivated } else { MemberStatus::Active };
                let who_for_run = who.clone();
                let run = move || {
                    let request = cmd::SetMemberStatus {
                        org_id: org.clone(),
                        membership_id: m.clone(),
                        status,
                    };
                    let who = who_for_run.clone();
                    spawn_local(async move {
                        match api::call(request).await {
                            Ok(_) => {
                                ctx.toast(if active { format!("{who} is deactivated.") } else { format!("{who} is active again.") });
                                ctx.changed();
                            }
                            Err(e) => ctx.toast_error(e.message),
                        }
                    });
                };
                if active {
                    confirm.set(Some(Confirm {
                        title: format!("Deactivate {who}?"),
                        message: format!("{who} keeps their membership but cannot switch into this organization until activated again."),
                        confirm: "Deactivate".into(),
                        cancel: "Cancel".into(),
                        danger: true,
                        action: Arc::new(run),
                    }));
                } else {
                    run();
                }
            }>{label}</button>
        }
    });
    let remove_action = may_remove.then(|| {
        let (org, m, who) = (org.clone(), membership.clone(), name.clone());
        let title = block.clone().unwrap_or_default();
        view! {
            <button class="btn btn-small btn-danger-ghost row-remove" disabled=block.is_some() title=title on:click=move |_| {
                let (org, m, who2) = (org.clone(), m.clone(), who.clone());
                confirm.set(Some(Confirm {
                    title: format!("Remove {who}?"),
                    message: format!("{who} loses access to this organization. Their agents pass to the Owner. This cannot be undone; they can be invited again."),
                    confirm: "Remove".into(),
                    cancel: "Cancel".into(),
                    danger: true,
                    action: Arc::new(move || {
                        let request = cmd::RemoveMember {
                            org_id: org.clone(),
                            membership_id: m.clone(),
                        };
                        let who = who2.clone();
                        spawn_local(async move {
                            match api::call(request).await {
                                Ok(()) => {
                                    ctx.toast(format!("{who} was removed."));
                                    ctx.changed();
                                }
                                Err(e) => ctx.toast_error(e.message),
                            }
                        });
                    }),
                }));
            }>"Remove"</button>
        }
    });
    let transfer_action = (me.is_owner && member.account_id != my_account && member.status == MemberStatus::Active && member.can_sign_in).then(|| {
        let (org, m, who) = (org.clone(), membership.clone(), name.clone());
        view! {
            <button class="btn btn-small row-transfer" on:click=move |_| {
                let (org, m, who2) = (org.clone(), m.clone(), who.clone());
                confirm.set(Some(Confirm {
                    title: format!("Make {who} the Owner?"),
                    message: format!("{who} becomes the Owner and you become an Admin. Only the new Owner can give ownership back."),
                    confirm: "Transfer ownership".into(),
                    cancel: "Cancel".into(),
                    danger: true,
                    action: Arc::new(move || {
                        let request = cmd::TransferOwnership {
                            org_id: org.clone(),
                            membership_id: m.clone(),
                        };
                        let who = who2.clone();
                        spawn_local(async move {
                            match api::call(request).await {
                                Ok(()) => {
                                    ctx.toast(format!("{who} is now the Owner."));
                                    ctx.changed();
                                }
                                Err(e) => ctx.toast_error(e.message),
                            }
                        });
                    }),
                }));
            }>"Make Owner"</button>
        }
    });

    let last_login = match (member.last_login_at, member.can_sign_in) {
        (Some(at), _) => format_time(Some(at)),
        (None, true) => "Never".to_string(),
        (None, false) => "Never signed in".to_string(),
    };

    view! {
        <div class="member-row member-grid" role="row" data-email=member.email.clone() data-index=index.to_string()>
            <span class="cell-name" role="cell" title=name.clone()>
                {
                    let id = membership.clone();
                    view! {
                        <button class="member-name member-open" title=name.clone() on:click=move |_| detail.set(Some(id.clone()))>
                            {name.clone()}
                        </button>
                    }
                }
                {member.is_owner.then(|| view! { <span class="badge owner-badge">"Owner"</span> })}
            </span>
            <span class="cell-email" role="cell" title=member.email.clone()>{member.email.clone()}</span>
            <span role="cell" class="cell-role">{role_cell}</span>
            <span role="cell" class="muted cell-login" title=last_login.clone()>{last_login.clone()}</span>
            <span role="cell" class="cell-status">
                <span class=if member.status == MemberStatus::Active { "status status-active" } else { "status status-off" }>
                    {if member.status == MemberStatus::Active { "Active" } else { "Deactivated" }}
                </span>
            </span>
            <span role="cell" class="row-actions">{status_action}{remove_action}{transfer_action}</span>
        </div>
    }
}

/// The Invited tab: pending and expired invitations with resend, revoke and copy text.
#[component]
fn InvitationsList(
    invitations: RwSignal<Vec<Invitation>>,
    confirm: RwSignal<Option<Confirm>>,
    invite_open: RwSignal<bool>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let may_manage = move || ctx.can(Permission::MembersInvite);
    view! {
        <div class="card list-card">
            <Show when=move || invitations.with(|i| !i.is_empty()) fallback=move || view! {
                <div class="empty-state" id="invitations-empty">
                    <p>"No pending invitations."</p>
                    <Show when=may_manage>
                        <button class="btn btn-primary" on:click=move |_| invite_open.set(true)>"Invite member"</button>
                    </Show>
                </div>
            }>
                <ul class="invitation-list" id="invitation-list">
                    <For each=move || invitations.get() key=|i| (i.id.clone(), i.expires_at) let:inv>
                        {
                            let expired = inv.status == InvitationStatus::Expired;
                            let (org, id1, id2, id3) = (inv.org_id.clone(), inv.id.clone(), inv.id.clone(), inv.id.clone());
                            let (org2, org3) = (org.clone(), org.clone());
                            let email = inv.email.clone();
                            view! {
                                <li class="invitation" data-email=inv.email.clone()>
                                    <div>
                                        <div class="member-name">{format!("{} {}", inv.first_name, inv.last_name)}</div>
                                        <div class="muted">{inv.email.clone()} " · " {inv.role_name.clone()}</div>
                                    </div>
                                    <span class=if expired { "status status-off" } else { "status status-pending" }>
                                        {if expired { "Expired".to_string() } else { format!("Expires {}", format_time(Some(inv.expires_at))) }}
                                    </span>
                                    <span class="row-actions">
                                        <button class="btn btn-small inv-copy" on:click=move |_| {
                                            let request = cmd::InvitationText { org_id: org.clone(), invitation_id: id1.clone() };
                                            spawn_local(async move {
                                                match api::call(request).await {
                                                    Ok(text) => { ctx.copy(&text, "Invitation text copied."); }
                                                    Err(e) => ctx.toast_error(e.message),
                                                }
                                            });
                                        }>"Copy invitation text"</button>
                                        <Show when=may_manage>
                                            {
                                                let (org, id) = (org2.clone(), id2.clone());
                                                view! {
                                                    <button class="btn btn-small inv-resend" on:click=move |_| {
                                                        let request = cmd::ResendInvitation { org_id: org.clone(), invitation_id: id.clone() };
                                                        spawn_local(async move {
                                                            match api::call(request).await {
                                                                Ok(_) => { ctx.toast("Invitation renewed for 7 days."); ctx.changed(); }
                                                                Err(e) => ctx.toast_error(e.message),
                                                            }
                                                        });
                                                    }>"Resend"</button>
                                                }
                                            }
                                            {
                                                let (org, id, email) = (org3.clone(), id3.clone(), email.clone());
                                                view! {
                                                    <button class="btn btn-small btn-danger-ghost inv-revoke" on:click=move |_| {
                                                        let (org, id) = (org.clone(), id.clone());
                                                        confirm.set(Some(Confirm {
                                                            title: "Revoke this invitation?".into(),
                                                            message: format!("{email} will no longer be able to join with it."),
                                                            confirm: "Revoke".into(),
                                                            cancel: "Keep it".into(),
                                                            danger: true,
                                                            action: Arc::new(move || {
                                                                let request = cmd::RevokeInvitation { org_id: org.clone(), invitation_id: id.clone() };
                                                                spawn_local(async move {
                                                                    match api::call(request).await {
                                                                        Ok(()) => { ctx.toast("Invitation revoked."); ctx.changed(); }
                                                                        Err(e) => ctx.toast_error(e.message),
                                                                    }
                                                                });
                                                            }),
                                                        }));
                                                    }>"Revoke"</button>
                                                }
                                            }
                                        </Show>
                                    </span>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
        </div>
    }
}

/// Invite (R20) or Add (R19): first name, last name, e-mail and a role limited by the
/// hierarchy (R28). Adding makes an active member at once and is only for people who
/// cannot sign in; anyone with an account must be invited.
#[component]
fn InviteDialog(
    roles: RwSignal<Vec<Role>>,
    /// Add member (R19) instead of Invite (R20).
    adding: bool,
    on_close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = Ctx::get();
    let first = RwSignal::new(String::new());
    let last = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(None::<RoleId>);
    let errors = RwSignal::new(Vec::<(String, String)>::new());
    let general = RwSignal::new(None::<String>);
    let created = RwSignal::new(None::<(Invitation, String)>);
    let busy = RwSignal::new(false);
    let err = move |f: &'static str| {
        Signal::derive(move || {
            errors.with(|e| e.iter().find(|(k, _)| k == f).map(|(_, m)| m.clone()))
        })
    };
    let may_choose = ctx.can(Permission::MembersChangeRoles);
    let options = move || {
        let me = ctx
            .session
            .with(|s| s.as_ref().and_then(|s| s.role.clone()));
        match me {
            Some(me) if may_choose => givable(&me, &roles.get()),
            _ => roles
                .get()
                .into_iter()
                .filter(|r| r.kind == RoleKind::Member)
                .collect(),
        }
    };
    let close = on_close.clone();
    let on_close_body = on_close.clone();
    let on_close_add = on_close.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut found = Vec::new();
        use rolecall_types::validate;
        if let Err(e) = validate::person_name("first_name", "First name", &first.get_untracked()) {
            found.push((e.field.to_string(), e.message));
        }
        if let Err(e) = validate::person_name("last_name", "Last name", &last.get_untracked()) {
            found.push((e.field.to_string(), e.message));
        }
        if let Err(e) = validate::email(&email.get_untracked()) {
            found.push((e.field.to_string(), e.message));
        }
        errors.set(found.clone());
        if !found.is_empty() {
            return;
        }
        let request = NewMember {
            first_name: first.get_untracked(),
            last_name: last.get_untracked(),
            email: email.get_untracked(),
            role_id: role.get_untracked(),
        };
        let org_id = ctx.org_id().unwrap_or_default();
        busy.set(true);
        let closing = on_close_add.clone();
        spawn_local(async move {
            if adding {
                match api::call(cmd::AddMember {
                    org_id,
                    member: request,
                })
                .await
                {
                    Ok(member) => {
                        ctx.toast(format!(
                            "{} {} added as {}.",
                            member.first_name, member.last_name, member.role_name
                        ));
                        ctx.changed();
                        closing();
                    }
                    Err(e) => match e.field.clone() {
                        Some(f) => errors.set(vec![(f, e.message)]),
                        None => general.set(Some(e.message)),
                    },
                }
                busy.set(false);
                return;
            }
            let invite = cmd::Invite {
                org_id: org_id.clone(),
                member: request,
            };
            match api::call(invite).await {
                Ok(inv) => {
                    let text = api::call(cmd::InvitationText {
                        org_id,
                        invitation_id: inv.id.clone(),
                    })
                    .await
                    .unwrap_or_default();
                    created.set(Some((inv, text)));
                    ctx.changed();
                }
                Err(e) => match e.field.clone() {
                    Some(f) => errors.set(vec![(f, e.message)]),
                    None => general.set(Some(e.message)),
                },
            }
            busy.set(false);
        });
    };
    view! {
        <Dialog id="invite-dialog" labelled_by="invite-title" on_close=Callback::new(move |_| close())>
                {move || match created.get() {
                    Some((inv, text)) => {
                        let c = on_close_body.clone();
                        let t = text.clone();
                        view! {
                            <h2 id="invite-title">"Invitation created"</h2>
                            <p id="invite-created">{format!("{} can join as {} within 7 days.", inv.email, inv.role_name)}</p>
                            <p class="notice">"Rolecall works offline and sends no e-mail. Copy the invitation text and send it yourself."</p>
                            <textarea class="invitation-text" id="invitation-text" readonly=true rows="6">{text}</textarea>
                            <div class="dialog-actions">
                                <button class="btn" id="copy-invitation" on:click=move |_| { ctx.copy(&t, "Invitation text copied."); }>"Copy invitation text"</button>
                                <button class="btn btn-primary" id="invite-done" on:click=move |_| c()>"Done"</button>
                            </div>
                        }.into_any()
                    }
                    None => {
                        let c = on_close_body.clone();
                        let submit = submit.clone();
                        view! {
                            <form on:submit=submit novalidate=true class="form">
                                <h2 id="invite-title">{if adding { "Add member" } else { "Invite member" }}</h2>
                                <div class="form-row">
                                    <Field id="invite-first" label="First name" value=first error=err("first_name") autofocus=true />
                                    <Field id="invite-last" label="Last name" value=last error=err("last_name") />
                                </div>
                                <Field id="invite-email" label="E-mail" value=email error=err("email") kind="email" />
                                <div class="field">
                                    <label for="invite-role">"Role"</label>
                                    <select id="invite-role" disabled=!may_choose on:change=move |ev| role.set(chosen_id(event_target_value(&ev)))>
                                        {move || options().into_iter().map(|r| {
                                            let selected = r.kind == RoleKind::Member;
                                            view! { <option value=r.id.to_string() selected=selected>{r.name.clone()}</option> }
                                        }).collect_view()}
                                    </select>
                                    {(!may_choose).then(|| view! {
                                        <span class="field-hint">{if adding { "You can add with the default role only." } else { "You can invite with the default role only." }}</span>
                                    })}
                                </div>
                                <p class="notice" id="invite-notice">{if adding {
                                    "Adding makes them an active member at once. It is for people who do not sign in to Rolecall; anyone with an account must be invited and accept."
                                } else {
                                    "No e-mail is sent: after inviting you can copy the invitation text."
                                }}</p>
                                <p class="form-error" role="alert" id="invite-error">{move || general.get().unwrap_or_default()}</p>
                                <div class="dialog-actions">
                                    <button type="button" class="btn" on:click=move |_| c()>"Cancel"</button>
                                    <button class="btn btn-primary" id="invite-submit" type="submit" disabled=move || busy.get()>{if adding { "Add member" } else { "Send invitation" }}</button>
                                </div>
                            </form>
                        }.into_any()
                    }
                }}
        </Dialog>
    }
}
