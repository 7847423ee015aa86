//! Members (§2): tabs Active / Invited / Deactivated, search as you type, role filter,
//! sortable columns, a virtual table that renders only the visible rows and fetches
//! pages from SQLite as they scroll into view, the invite dialog, inline role changes
//! and row actions under the hierarchy (R28, R30).

mod invitations;
mod invite;
mod row;
mod table;

use super::chosen_id;
use super::export::{ExportJob, ExportStatus};
use super::orgs::ask_to_leave;
use crate::api;
use crate::components::{MemberDrawer, TabButton, or_empty};
use crate::format::group;
use crate::state::{Ctx, Intent, paced, searched};
use invitations::InvitationsList;
use invite::InviteDialog;
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::ids::{MembershipId, RoleId};
use rolecall_types::model::{ExportKind, MemberQuery, MemberSort, MemberStatus};
use rolecall_types::permissions::Permission;
use table::{PAGE, VirtualRows};

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
    // ListMembers requests the table is waiting for: a new search waits for them.
    let in_flight = RwSignal::new(0u32);
    let (typed, search_refused) = searched(
        search,
        paced(search, Signal::derive(move || in_flight.get() > 0)),
    );
    let role_filter = RwSignal::new(None::<RoleId>);
    let sort = RwSignal::new(MemberSort::Name);
    let descending = RwSignal::new(false);
    let roles = or_empty(ctx.read(move || api::call(cmd::ListRoles { org_id: ctx.org() })));
    let seats = ctx.read(move || api::call(cmd::Seats { org_id: ctx.org() }));
    let invitations = ctx.read(move || api::call(cmd::ListInvitations { org_id: ctx.org() }));
    // The invite dialog: `Some(true)` adds a member instead (R19).
    let invite = RwSignal::new(None::<bool>);
    let detail = RwSignal::new(None::<MembershipId>);
    // R50: the source's columns, once a member with a source is among the rows read.
    let sourced = RwSignal::new(false);
    // R45: "Export CSV" saves the rows this table shows (tab, search, role, sort).
    let export = ExportJob::new();
    let org_name = move || ctx.org_name();
    let query = Memo::new(move |_| MemberQuery {
        status: if tab.get() == Tab::Deactivated {
            MemberStatus::Deactivated
        } else {
            MemberStatus::Active
        },
        search: typed.get(),
        role_id: role_filter.get(),
        sort: sort.get(),
        descending: descending.get(),
        offset: 0,
        after: None,
        limit: PAGE as u32,
    });
    let pending =
        move || invitations.with(|i| i.as_ref().and_then(|i| i.as_ref().ok()).map_or(0, Vec::len));
    let can_invite = move || ctx.can(Permission::MembersInvite);
    // The Overview's "Invite member" shortcut.
    Effect::new(move |_| {
        if ctx.take_intent(Intent::InviteMember) && can_invite() {
            invite.set(Some(false));
        }
    });
    let seat_line = move || {
        seats.get().and_then(Result::ok).map(|s| match s.limit {
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
                    <bdi id="members-org-name">{org_name}</bdi>
                    {move || seat_line().map(|l| view! { " · " <span id="seats-line">{l}</span> })}
                </p>
            </div>
            <div class="header-actions">
                <Show when=move || !ctx.is_owner()>
                    <button
                        class="btn btn-danger-ghost"
                        id="members-leave"
                        title="Leave this organization (R23)"
                        on:click=move |_| ask_to_leave(ctx, ctx.org(), ctx.org_name(), "organization")
                    >
                        "Leave"
                    </button>
                </Show>
                <Show when=can_invite>
                    <button
                        class="btn"
                        id="add-member-button"
                        title="Add someone who does not sign in to Rolecall; people with an account must be invited"
                        on:click=move |_| invite.set(Some(true))
                    >
                        "Add member"
                    </button>
                    <button class="btn btn-primary" id="invite-button" on:click=move |_| invite.set(Some(false))>"Invite member"</button>
                </Show>
            </div>
        </header>
        <div class="tabs" role="tablist">
            <TabButton current=tab value=Tab::Active id="tab-active" label="Active" />
            <TabButton current=tab value=Tab::Invited id="tab-invited" label="Invited">
                {move || (pending() > 0).then(|| view! { <span class="count-badge small">{pending()}</span> })}
            </TabButton>
            <TabButton current=tab value=Tab::Deactivated id="tab-deactivated" label="Deactivated" />
        </div>
        {move || if tab.get() == Tab::Invited {
            view! { <InvitationsList invitations invite /> }.into_any()
        } else {
            view! {
                <div class="toolbar">
                    <input
                        class="search"
                        id="member-search"
                        type="search"
                        placeholder="Search name or e-mail…"
                        title="Two or more characters find names and e-mails holding them; one letter finds names starting with it"
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
                            on:click=move |_| export.start(ExportKind::MembersCsv, Some(query.get_untracked()), None)
                        >
                            {move || if export.running() { "Exporting…" } else { "Export CSV" }}
                        </button>
                    </Show>
                </div>
                <p class="form-error" role="alert" id="member-search-error">{move || search_refused.get()}</p>
                <ExportStatus job=export id="members-export" rows=("member", "members") />
                <div
                    class="table members-table"
                    role="table"
                    aria-label="Members"
                    class:can-deactivate=move || ctx.can(Permission::MembersDeactivate)
                    class:can-remove=move || ctx.can(Permission::MembersRemove)
                    class:can-transfer=move || ctx.is_owner() && tab.get() == Tab::Active
                    class:deactivated-tab=move || tab.get() == Tab::Deactivated
                    class:with-source=move || sourced.get()
                >
                    <div class="table-head member-grid" role="row">
                        <span role="columnheader">{sort_header("Name", MemberSort::Name, "sort-name")}</span>
                        <span role="columnheader">{sort_header("E-mail", MemberSort::Email, "sort-email")}</span>
                        <span role="columnheader">"Role"</span>
                        <span role="columnheader">{sort_header("Last login", MemberSort::LastLogin, "sort-login")}</span>
                        <span role="columnheader">"Status"</span>
                        <Show when=move || sourced.get()>
                            <span role="columnheader" id="col-source">"Source"</span>
                            <span role="columnheader" id="col-source-sign-in" title="Last sign-in at the source">"Last sign-in (source)"</span>
                            <span role="columnheader" id="col-two-factor" title="2-step verification at the source">"2-step"</span>
                            <span role="columnheader" id="col-department">"Department"</span>
                            <span role="columnheader" id="col-title">"Title"</span>
                        </Show>
                        <span role="columnheader" class="sr-only">"Actions"</span>
                    </div>
                    <VirtualRows query roles detail invite sourced in_flight />
                </div>
            }.into_any()
        }}
        {move || invite.get().map(|adding| view! {
            <InviteDialog roles adding on_close=Callback::new(move |_| invite.set(None)) />
        })}
        {move || detail.get().map(|membership_id| view! {
            <MemberDrawer membership_id on_close=Callback::new(move |_| detail.set(None)) />
        })}
    }
}
