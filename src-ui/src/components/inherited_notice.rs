//! R3, R21: right after registering with an e-mail that organizations had already
//! added or invited, the account holds those memberships; this says which, with the
//! role in each, until the person closes it.

use crate::state::Ctx;
use leptos::prelude::*;

#[component]
pub fn InheritedNotice() -> impl IntoView {
    let ctx = Ctx::get();
    move || {
        let held = ctx.inherited.get();
        (!held.is_empty()).then(|| {
            view! {
                <section class="notice inherited-notice" id="inherited-notice" role="status">
                    <p>
                        "Your e-mail was already a member of these organizations, so your new account holds these roles:"
                    </p>
                    <ul class="plain-list" id="inherited-list">
                        {held.into_iter().map(|m| view! {
                            <li class="inherited-item" data-org=m.org_id.to_string()>
                                <bdi class="member-name">{m.org_name}</bdi>" · "<bdi>{m.role_name}</bdi>
                            </li>
                        }).collect_view()}
                    </ul>
                    <p class="muted small">"Each organization's audit log records that you joined this way. Switch to one from the menu at the top left."</p>
                    <button class="btn btn-small" id="inherited-dismiss" on:click=move |_| ctx.inherited.set(Vec::new())>"Got it"</button>
                </section>
            }
        })
    }
}
