//! The context switcher (R8, R21, §2 Sidebar): a button with the current context, your
//! role and a badge for pending invitations; Ctrl+K or a click opens "Select
//! organization" with a filter, arrow keys, Enter and Escape, and ARIA menu roles. Its
//! last lines create an organization by hand or from an identity provider's export.

use crate::api;
use crate::components::or_empty;
use crate::format::initials;
use crate::state::{Ctx, Intent, Route};
use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::ids::InvitationId;
use rolecall_types::model::{Context, SwitcherEntry};

/// One line of the menu.
#[derive(Debug, Clone, PartialEq)]
enum Item {
    Personal,
    Org(SwitcherEntry),
    Settings,
    Create,
    /// An organization from an identity provider's export (R46): the Import page, set
    /// up for a new organization.
    Import,
}

#[component]
pub fn Switcher() -> impl IntoView {
    let ctx = Ctx::get();
    let open = RwSignal::new(false);
    let filter = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    let filter_ref = NodeRef::<html::Input>::new();
    let button_ref = NodeRef::<html::Button>::new();

    // Kept fresh in the background so the menu opens complete, without lines moving
    // under the pointer.
    let context = Memo::new(move |_| {
        ctx.session.with(|s| {
            s.as_ref()
                .map(|s| (s.context.clone(), s.pending_invitations))
        })
    });
    let read = ctx.read(move || {
        context.track();
        api::call(cmd::Switcher {})
    });
    let entries = or_empty(read);
    let open_menu = move || {
        filter.set(String::new());
        active.set(0);
        open.set(true);
    };
    // Ctrl+K opens the menu with the filter focused.
    let handle = window_event_listener(leptos::ev::keydown, move |ev: KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key().eq_ignore_ascii_case("k") {
            ev.prevent_default();
            open_menu();
        }
    });
    on_cleanup(move || handle.remove());
    Effect::new(move |_| {
        if open.get()
            && let Some(input) = filter_ref.get()
        {
            let _ = input.focus();
        }
    });

    let current = move || ctx.session.with(|s| s.as_ref().map(|s| s.context.clone()));
    // The filtered lines: the current context first, then Personal, then organizations.
    let items = Memo::new(move |_| {
        let needle = filter.get().to_lowercase();
        let current = current();
        let mut list = Vec::new();
        let personal_matches = "personal account".contains(&needle);
        let orgs: Vec<SwitcherEntry> = entries
            .get()
            .into_iter()
            .filter(|e| {
                needle.is_empty()
                    || e.name.to_lowercase().contains(&needle)
                    || e.slug.contains(&needle)
            })
            .collect();
        if let Some(Context::Organization(id)) = &current
            && let Some(e) = orgs
                .iter()
                .find(|e| &e.org_id == id && e.invitation_id.is_none())
        {
            list.push(Item::Org(e.clone()));
        }
        if personal_matches {
            if current == Some(Context::Personal) {
                list.insert(0, Item::Personal);
            } else {
                list.push(Item::Personal);
            }
        }
        for e in orgs {
            let is_current = matches!(&current, Some(Context::Organization(id)) if *id == e.org_id && e.invitation_id.is_none());
            if !is_current {
                list.push(Item::Org(e));
            }
        }
        if matches!(current, Some(Context::Organization(_))) {
            list.push(Item::Settings);
        }
        list.push(Item::Create);
        list.push(Item::Import);
        list
    });

    let close = move || {
        open.set(false);
        if let Some(button) = button_ref.get() {
            let _ = button.focus();
        }
    };
    let choose = move |item: Item| {
        open.set(false);
        match item {
            Item::Settings => ctx.route.set(Route::OrgSettings),
            Item::Create => ctx.route.set(Route::CreateOrganization),
            // On the Import page already: it stays as set up.
            Item::Import if ctx.route.get_untracked() == Route::Import => {}
            Item::Import => ctx.go_and_open(Route::Import, Some(Intent::ImportIntoNew)),
            Item::Personal => switch(ctx, Context::Personal, None, Route::Personal),
            Item::Org(e) if e.deactivated => {
                ctx.toast_error(format!(
                    "Your membership in {} is deactivated. Ask one of its admins to activate it.",
                    e.name
                ));
            }
            Item::Org(e) => {
                let invitation = e.invitation_id.clone();
                switch(
                    ctx,
                    Context::Organization(e.org_id.clone()),
                    invitation,
                    Route::Members,
                );
            }
        }
    };
    let on_key = move |ev: KeyboardEvent| {
        let count = items.with(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                active.update(|a| *a = (*a + 1) % count.max(1));
            }
            "ArrowUp" => {
                ev.prevent_default();
                active.update(|a| *a = (*a + count.max(1) - 1) % count.max(1));
            }
            "Enter" => {
                ev.prevent_default();
                if let Some(item) = items.with(|list| list.get(active.get_untracked()).cloned()) {
                    choose(item);
                }
            }
            "Escape" => {
                ev.prevent_default();
                close();
            }
            _ => {}
        }
    };

    let name = move || {
        ctx.session.with(|s| match s {
            Some(s) => s
                .organization
                .as_ref()
                .map(|o| o.name.clone())
                .unwrap_or_else(|| "Personal account".into()),
            None => String::new(),
        })
    };
    let role = move || {
        ctx.session.with(|s| {
            s.as_ref()
                .and_then(|s| s.role.as_ref())
                .map(|r| r.role_name.clone())
        })
    };
    // The organization's avatar (R10), fetched when the context or its picture changes.
    let pictured = Memo::new(move |_| {
        ctx.session.with(|s| {
            let org = s.as_ref().and_then(|s| s.organization.as_ref());
            org.filter(|o| o.has_avatar).map(|o| o.id.clone())
        })
    });
    let avatar = ctx.read(move || {
        let org = pictured.get();
        async move {
            let org_id = org?;
            api::call(cmd::OrgAvatar { org_id }).await.ok().flatten()
        }
    });
    let pending = move || {
        ctx.session
            .with(|s| s.as_ref().map(|s| s.pending_invitations).unwrap_or(0))
    };

    view! {
        <div class="switcher-wrap">
            <button
                class="switcher"
                id="switcher-button"
                node_ref=button_ref
                aria-haspopup="menu"
                aria-expanded=move || open.get().to_string()
                aria-controls="switcher-menu"
                title="Switch organization (Ctrl+K)"
                on:click=move |_| if open.get_untracked() { close() } else { open_menu() }
            >
                {move || match avatar.get().flatten() {
                    Some(url) => view! { <img class="avatar avatar-img" id="switcher-avatar" src=url alt="" /> }.into_any(),
                    None => view! { <span class="avatar avatar-brand" aria-hidden="true">{initials(&name())}</span> }.into_any(),
                }}
                <span class="switcher-text">
                    <span class="switcher-name" id="switcher-name" title=name>{name}</span>
                    <span class="switcher-sub">
                        {move || role().map(|r| view! { <span class="badge" id="switcher-role" title=r.clone()>{r.clone()}</span> })}
                        {move || role().is_none().then_some("Personal")}
                    </span>
                </span>
                {move || (pending() > 0).then(|| view! {
                    <span class="count-badge" id="pending-badge" title="Pending invitations">{pending()}</span>
                })}
                <span class="chevron" aria-hidden="true">"⌄"</span>
            </button>
            <Show when=move || open.get()>
                <div class="menu-backdrop" on:click=move |_| close()></div>
                <div class="switcher-menu" id="switcher-menu" role="menu" aria-label="Select organization" on:keydown=on_key>
                    <div class="switcher-menu-title">"Select organization"</div>
                    <input
                        class="switcher-filter"
                        id="switcher-filter"
                        node_ref=filter_ref
                        placeholder="Filter organizations…"
                        aria-label="Filter organizations"
                        aria-controls="switcher-menu"
                        aria-activedescendant=move || items.with(|list| list.get(active.get()).map(|item| describe(item, None).3))
                        prop:value=move || filter.get()
                        on:input=move |ev| {
                            filter.set(event_target_value(&ev));
                            active.set(0);
                        }
                    />
                    <Show when=move || read.with(Option::is_some) fallback=|| view! { <p class="muted switcher-loading">"Loading…"</p> }>
                    <ul class="switcher-items" role="none">
                        {move || {
                            let current = current();
                            items
                                .get()
                                .into_iter()
                                .enumerate()
                                .map(|(i, item)| {
                                    let is_active = move || active.get() == i;
                                    let chosen = item.clone();
                                    let (label, detail, class, id, is_current) = describe(&item, current.as_ref());
                                    view! {
                                        <li
                                            role="menuitem"
                                            tabindex="-1"
                                            id=id
                                            class=class
                                            class:active=is_active
                                            class:current=is_current
                                            aria-disabled=matches!(&item, Item::Org(e) if e.deactivated).to_string()
                                            on:mouseenter=move |_| active.set(i)
                                            on:click=move |_| choose(chosen.clone())
                                        >
                                            <span class="switcher-item-name">{label}</span>
                                            <span class="switcher-item-detail">{detail}</span>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                    </Show>
                    <div class="switcher-hint muted">"↑↓ to move · Enter to open · Esc to close"</div>
                </div>
            </Show>
        </div>
    }
}

/// Label, detail, class, element id and whether it is the current context.
fn describe(
    item: &Item,
    current: Option<&Context>,
) -> (String, String, &'static str, String, bool) {
    match item {
        Item::Personal => (
            "Personal account".into(),
            "Your own balance and agents".into(),
            "switcher-item",
            "switch-personal".into(),
            current == Some(&Context::Personal),
        ),
        Item::Org(e) => {
            let detail = if e.invitation_id.is_some() {
                format!("Invited as {} · select to accept", e.role_name)
            } else if e.deactivated {
                format!("{} · deactivated", e.role_name)
            } else {
                e.role_name.clone()
            };
            let class = if e.invitation_id.is_some() || e.deactivated {
                "switcher-item pending"
            } else {
                "switcher-item"
            };
            let is_current = e.invitation_id.is_none()
                && current == Some(&Context::Organization(e.org_id.clone()));
            (
                e.name.clone(),
                detail,
                class,
                format!("switch-{}", e.slug),
                is_current,
            )
        }
        Item::Settings => (
            "Organization settings".into(),
            String::new(),
            "switcher-item action",
            "switch-settings".into(),
            false,
        ),
        Item::Create => (
            "Create organization".into(),
            String::new(),
            "switcher-item action",
            "switch-create".into(),
            false,
        ),
        Item::Import => (
            "Import from a file…".into(),
            "A new organization from Google Workspace, Okta, Slack… or any CSV".into(),
            "switcher-item action",
            "switch-import".into(),
            false,
        ),
    }
}

/// Switches to `context` (accepting an invitation first) and opens `route`.
fn switch(ctx: Ctx, context: Context, invitation: Option<InvitationId>, route: Route) {
    let accepting = invitation.is_some();
    spawn_local(async move {
        if let Some(info) = ctx.switch(context, invitation, route).await
            && accepting
            && let Some(org) = &info.organization
        {
            ctx.toast(format!("You joined {}.", org.name));
        }
    });
}
