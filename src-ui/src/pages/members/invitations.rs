//! The Invited tab: pending and expired invitations with resend, revoke and copy text.

use crate::api::{self, ApiResult};
use crate::components::{Confirm, Loaded, user};
use crate::format::time;
use crate::state::Ctx;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::model::{Invitation, InvitationStatus};
use rolecall_types::permissions::Permission;

#[component]
pub(super) fn InvitationsList(
    invitations: LocalResource<ApiResult<Vec<Invitation>>>,
    /// Opens the invite dialog from the empty state.
    invite: RwSignal<Option<bool>>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let may_manage = move || ctx.can(Permission::MembersInvite);
    view! {
        <div class="card list-card">
            <Loaded data=invitations let:list>
                {list.is_empty().then(|| view! {
                    <div class="empty-state" id="invitations-empty">
                        <p>"No pending invitations."</p>
                        <Show when=may_manage>
                            <button class="btn btn-primary" on:click=move |_| invite.set(Some(false))>"Invite member"</button>
                        </Show>
                    </div>
                })}
                <ul class="invitation-list" id="invitation-list">
                    {list.into_iter().map(|inv| view! { <InvitationRow inv /> }).collect_view()}
                </ul>
            </Loaded>
        </div>
    }
}

#[component]
fn InvitationRow(inv: Invitation) -> impl IntoView {
    let ctx = Ctx::get();
    let expired = inv.status == InvitationStatus::Expired;
    let (org_id, invitation_id) = (inv.org_id.clone(), inv.id.clone());
    let text = cmd::InvitationText {
        org_id: org_id.clone(),
        invitation_id: invitation_id.clone(),
    };
    let copy = move |_| {
        let request = text.clone();
        spawn_local(async move {
            match api::call(request).await {
                Ok(text) => {
                    ctx.copy(&text, "Invitation text copied.");
                }
                Err(e) => ctx.toast_error(e.message),
            }
        });
    };
    let resend = cmd::ResendInvitation {
        org_id: org_id.clone(),
        invitation_id: invitation_id.clone(),
    };
    let revoke = cmd::RevokeInvitation {
        org_id,
        invitation_id,
    };
    let question = Confirm::danger(
        "Revoke this invitation?".into(),
        format!(
            "{} will no longer be able to join with it.",
            user(&inv.email)
        ),
        "Revoke",
        "Keep it",
    );
    view! {
        <li class="invitation" data-email=inv.email.clone()>
            <div>
                <div class="member-name">{format!("{} {}", inv.first_name, inv.last_name)}</div>
                <div class="muted"><bdi>{inv.email.clone()}</bdi> " · " <bdi>{inv.role_name.clone()}</bdi></div>
            </div>
            <span class=if expired { "status status-off" } else { "status status-pending" }>
                {if expired { "Expired".to_string() } else { format!("Expires {}", time(Some(inv.expires_at))) }}
            </span>
            <span class="row-actions">
                <button class="btn btn-small inv-copy" on:click=copy>"Copy invitation text"</button>
                <Show when=move || ctx.can(Permission::MembersInvite)>
                    <button class="btn btn-small inv-resend" on:click={
                        let resend = resend.clone();
                        move |_| ctx.run(resend.clone(), |_| "Invitation renewed for 7 days.".into())
                    }>"Resend"</button>
                    <button class="btn btn-small btn-danger-ghost inv-revoke" on:click={
                        let (question, revoke) = (question.clone(), revoke.clone());
                        move |_| ctx.confirm_run(question.clone(), revoke.clone(), "Invitation revoked.".into())
                    }>"Revoke"</button>
                </Show>
            </span>
        </li>
    }
}
