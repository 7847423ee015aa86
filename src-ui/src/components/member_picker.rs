//! Choosing one member of the organization in a dialog: a search field (searched as you
//! type, in SQLite) and the matching members as toggle buttons. Rows the caller rules
//! out are disabled with the reason in their tooltip and for screen readers.

use crate::api;
use crate::components::Loaded;
use crate::state::{Ctx, searched, settled};
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::model::{Member, MemberQuery};
use std::sync::Arc;

/// Members shown at most; typing narrows the list.
const SHOWN: u32 = 20;

/// Why a member cannot be chosen, if so.
pub type PickBlock = Arc<dyn Fn(&Member) -> Option<String> + Send + Sync>;
/// A short note shown next to a member's role, if any.
pub type PickNote = Arc<dyn Fn(&Member) -> Option<String> + Send + Sync>;

#[component]
pub fn MemberPicker(
    /// Element ids start with it: `<id>-search`, `<id>-results`, `<id>-no-match`;
    /// candidates carry the class `<id>-candidate`.
    id: &'static str,
    label: &'static str,
    chosen: RwSignal<Option<Member>>,
    /// Runs when a member is chosen (e.g. to clear an error).
    on_pick: Callback<()>,
    block: PickBlock,
    note: PickNote,
) -> impl IntoView {
    let ctx = Ctx::get();
    let search = RwSignal::new(String::new());
    let (typed, search_refused) = searched(search, settled(search, 150));
    let results = LocalResource::new(move || {
        let query = MemberQuery {
            search: typed.get(),
            limit: SHOWN,
            ..MemberQuery::default()
        };
        api::call(cmd::ListMembers {
            org_id: ctx.org(),
            query,
        })
    });
    let candidate_class = format!("grant-candidate {id}-candidate");
    view! {
        <div class="field">
            <label for=format!("{id}-search")>{label}</label>
            <input
                id=format!("{id}-search")
                type="search"
                autocomplete="off"
                data-autofocus=true
                placeholder="Search name or e-mail…"
                aria-controls=format!("{id}-results")
                prop:value=move || search.get()
                on:input=move |ev| search.set(event_target_value(&ev))
            />
            <span class="field-error" role="alert" id=format!("{id}-search-error")>{move || search_refused.get()}</span>
        </div>
        <div class="grant-results" id=format!("{id}-results") role="group" aria-label="Members">
            <Loaded data=results let:page>
                {page.rows.is_empty().then(|| view! {
                    <p class="muted pad" id=format!("{id}-no-match")>"No active member matches this search."</p>
                })}
                {page.rows.into_iter().map(|m| {
                    let reason = block(&m);
                    let blocked = reason.is_some();
                    let title = reason.clone().unwrap_or_else(|| format!("Choose {} {}", m.first_name, m.last_name));
                    let member_id = m.membership_id.clone();
                    let is_chosen = move || chosen.with(|c| c.as_ref().is_some_and(|c| c.membership_id == member_id));
                    let pressed = is_chosen.clone();
                    let (remark, pick) = (note(&m), m.clone());
                    view! {
                        <button
                            type="button"
                            class=candidate_class.clone()
                            aria-pressed=move || pressed().to_string()
                            class:chosen=is_chosen
                            data-email=m.email.clone()
                            disabled=blocked
                            title=title
                            on:click=move |_| {
                                on_pick.run(());
                                chosen.set(Some(pick.clone()));
                            }
                        >
                            <span class="grant-candidate-text">
                                <span class="member-name">{format!("{} {}", m.first_name, m.last_name)}</span>
                                <bdi class="muted small">{m.email.clone()}</bdi>
                            </span>
                            <span class="grant-candidate-meta">
                                <span class="badge role-badge">{m.role_name.clone()}</span>
                                {remark.map(|r| view! { <span class="muted small">{r}</span> })}
                                {reason.map(|r| view! { <span class="sr-only">{r}</span> })}
                            </span>
                        </button>
                    }
                }).collect_view()}
            </Loaded>
        </div>
        {move || results.get().and_then(Result::ok).filter(|p| p.total > p.rows.len() as u64).map(|p| view! {
            <p class="muted small grant-more">{format!("Showing {} of {}; type to narrow the list.", p.rows.len(), p.total)}</p>
        })}
    }
}
