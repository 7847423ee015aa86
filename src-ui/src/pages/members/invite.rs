//! Invite (R20) or Add (R19): first name, last name, e-mail and a role limited by the
//! hierarchy (R28). Adding makes an active member at once and is only for people who
//! cannot sign in; anyone with an account must be invited.

use crate::api;
use crate::components::{Dialog, DialogButtons, Errors, Field};
use crate::pages::chosen_id;
use crate::rules::givable;
use crate::state::Ctx;
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::ids::RoleId;
use rolecall_types::model::{Member, NewMember, Role};
use rolecall_types::permissions::{Permission, RoleKind};
use rolecall_types::validate;

#[component]
pub(super) fn InviteDialog(
    roles: Memo<Vec<Role>>,
    /// Add member (R19) instead of Invite (R20).
    adding: bool,
    on_close: Callback<()>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let [first, last, email] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let role = RwSignal::new(None::<RoleId>);
    let errors = Errors::new();
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
    let send = Action::new_local(move |member: &NewMember| {
        let (org_id, member) = (ctx.org(), member.clone());
        let refused = move |e| errors.show(e, "");
        async move {
            if adding {
                let done = |m: &Member| {
                    format!("{} {} added as {}.", m.first_name, m.last_name, m.role_name)
                };
                if ctx
                    .save(cmd::AddMember { org_id, member }, done, refused)
                    .await
                    .is_some()
                {
                    on_close.run(());
                }
                return None;
            }
            // No toast: the dialog shows the invitation and its text to send.
            let inv = api::call(cmd::Invite {
                org_id: org_id.clone(),
                member,
            })
            .await
            .map_err(refused)
            .ok()?;
            let request = cmd::InvitationText {
                org_id,
                invitation_id: inv.id.clone(),
            };
            let text = api::call(request).await.unwrap_or_default();
            ctx.changed();
            Some((inv, text))
        }
    });
    let busy = send.pending();
    let answer = send.value();
    let created = move || answer.get().flatten();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let checked = errors.check([
            validate::person_name("first_name", "First name", &first.get_untracked()).err(),
            validate::person_name("last_name", "Last name", &last.get_untracked()).err(),
            validate::email(&email.get_untracked()).err(),
        ]);
        if checked {
            send.dispatch(NewMember {
                first_name: first.get_untracked(),
                last_name: last.get_untracked(),
                email: email.get_untracked(),
                role_id: role.get_untracked(),
            });
        }
    };
    view! {
        <Dialog id="invite-dialog" labelled_by="invite-title" on_close>
                {move || match created() {
                    Some((inv, text)) => {
                        let t = text.clone();
                        view! {
                            <h2 id="invite-title">"Invitation created"</h2>
                            <p id="invite-created"><bdi>{inv.email.clone()}</bdi>" can join as "<bdi>{inv.role_name.clone()}</bdi>" within 7 days."</p>
                            <p class="notice">"Rolecall works offline and sends no e-mail. Copy the invitation text and send it yourself."</p>
                            <textarea class="invitation-text" id="invitation-text" readonly=true rows="6">{text}</textarea>
                            <div class="dialog-actions">
                                <button class="btn" id="copy-invitation" on:click=move |_| { ctx.copy(&t, "Invitation text copied."); }>"Copy invitation text"</button>
                                <button class="btn btn-primary" id="invite-done" on:click=move |_| on_close.run(())>"Done"</button>
                            </div>
                        }.into_any()
                    }
                    None => {
                        view! {
                            <form on:submit=submit novalidate=true class="form">
                                <h2 id="invite-title">{if adding { "Add member" } else { "Invite member" }}</h2>
                                <div class="form-row">
                                    <Field id="invite-first" label="First name" value=first error=errors.of("first_name") autofocus=true />
                                    <Field id="invite-last" label="Last name" value=last error=errors.of("last_name") />
                                </div>
                                <Field id="invite-email" label="E-mail" value=email error=errors.of("email") kind="email" />
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
                                <p class="form-error" role="alert" id="invite-error">{move || errors.of("").get().unwrap_or_default()}</p>
                                <DialogButtons submit="invite-submit" label=if adding { "Add member" } else { "Send invitation" } disabled=busy on_cancel=on_close />
                            </form>
                        }.into_any()
                    }
                }}
        </Dialog>
    }
}
