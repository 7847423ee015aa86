//! The campaign's dialogs: the role a "Change role" decision changes to (with its
//! comment), and the sign-off (R54) with the reviewer's name and statement.

use crate::api;
use crate::components::{Dialog, DialogButtons, Errors, or_empty};
use crate::format::count;
use crate::rules::givable;
use crate::state::Ctx;
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::ids::{CampaignId, OrgId, RoleId};
use rolecall_types::permissions::RoleKind;
use rolecall_types::review::{Campaign, DecideRequest, Decision};
use rolecall_types::validate::{REVIEW_COMMENT_MAX, SIGN_OFF_STATEMENT_MAX};

/// A field's message of the core, in the page only while there is one: an empty line
/// hidden by `:empty` is not re-styled by WebKit until the next focus change, and the
/// dialog would then shrink under the pointer mid-click.
pub(super) fn error_line(id: &'static str, message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message
            .get()
            .map(|m| view! { <span class="field-error" id=id role="alert">{m}</span> })
    }
}

/// "Change role" for `items`: the organization (when the campaign has several), one of
/// its roles, and an optional comment.
#[component]
pub(super) fn RoleDecisionDialog(
    campaign: Memo<Option<Campaign>>,
    items: Vec<u64>,
    /// The organization of the people chosen, when the rows on screen tell it.
    org_hint: Option<OrgId>,
    /// The comment typed beside the table, as a start.
    comment: RwSignal<String>,
    on_done: Callback<()>,
    on_close: Callback<()>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let orgs = campaign
        .with_untracked(|c| {
            c.as_ref().map(|c| {
                c.orgs
                    .iter()
                    .map(|o| (o.org_id.clone(), o.org_name.clone()))
                    .collect::<Vec<_>>()
            })
        })
        .unwrap_or_default();
    let campaign_id = campaign
        .with_untracked(|c| c.as_ref().map(|c| c.id.clone()))
        .unwrap_or_default();
    let first = org_hint
        .filter(|o| orgs.iter().any(|(id, _)| id == o))
        .or_else(|| orgs.first().map(|(id, _)| id.clone()))
        .unwrap_or_default();
    let org = RwSignal::new(first);
    let several = orgs.len() > 1;
    let roles = or_empty(ctx.read(move || api::call(cmd::ListRoles { org_id: org.get() })));
    // The roles the reviewer may give where the session knows their role; the Owner's
    // role never (ownership is transferred, not decided).
    let choices = Memo::new(move |_| {
        let all = roles.get();
        let me = ctx
            .session
            .with(|s| s.as_ref().and_then(|s| s.role.clone()));
        match me {
            Some(me) if org.get() == ctx.org() => givable(&me, &all),
            _ => all
                .into_iter()
                .filter(|r| r.kind != RoleKind::Owner)
                .collect(),
        }
    });
    let role = RwSignal::new(String::new());
    let text = RwSignal::new(comment.get_untracked());
    let errors = Errors::new();
    let n = items.len() as u64;
    let save = Action::new_local(move |request: &DecideRequest| {
        let request = cmd::Decide {
            campaign_id: campaign_id.clone(),
            decide: request.clone(),
        };
        async move {
            let done =
                move |_: &Campaign| format!("Change role: {}.", count(n, "person", "people"));
            if ctx
                .save(request, done, move |e| errors.show(e, ""))
                .await
                .is_some()
            {
                on_done.run(());
                on_close.run(());
            }
        }
    });
    let busy = save.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = role.get_untracked();
        if chosen.is_empty() {
            errors.set("role", "Choose the role to change to.");
            return;
        }
        errors.clear();
        save.dispatch(DecideRequest {
            items: items.clone(),
            decision: Some(Decision::ChangeRole),
            role_id: Some(RoleId::from(chosen)),
            comment: text.get_untracked(),
        });
    };
    view! {
        <Dialog id="role-decision-dialog" labelled_by="role-decision-title" on_close>
            <form class="form" on:submit=submit novalidate=true>
                <h2 id="role-decision-title">{format!("Change the role of {}", count(n, "person", "people"))}</h2>
                <p class="muted small cp-intro">"The role changes when the signed-off campaign is applied, through the usual rules."</p>
                {several.then(|| view! {
                    <div class="field">
                        <label for="role-decision-org">"Organization"</label>
                        <select id="role-decision-org" prop:value=move || org.get().to_string()
                            on:change=move |ev| { org.set(OrgId::from(event_target_value(&ev))); role.set(String::new()); }>
                            {orgs.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                })}
                <div class="field" class:has-error=move || errors.of("role").get().is_some()>
                    <label for="role-decision-role">"New role"</label>
                    <select id="role-decision-role" data-autofocus=true prop:value=move || role.get()
                        on:change=move |ev| { role.set(event_target_value(&ev)); errors.clear(); }>
                        <option value="">"Choose a role…"</option>
                        {move || choices.get().into_iter().map(|r| view! {
                            <option value=r.id.to_string()>{r.name.clone()}</option>
                        }).collect_view()}
                    </select>
                    {error_line("role-decision-role-error", errors.of("role"))}
                </div>
                <div class="field" class:has-error=move || errors.of("comment").get().is_some()>
                    <label for="role-decision-comment">"Comment (optional)"</label>
                    <textarea id="role-decision-comment" rows="2" maxlength=REVIEW_COMMENT_MAX.to_string()
                        prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                    {error_line("role-decision-comment-error", errors.of("comment"))}
                </div>
                {move || {
                    errors.of("").get().or_else(|| errors.of("decision").get()).or_else(|| errors.of("items").get())
                        .map(|m| view! { <p class="form-error" role="alert" id="role-decision-error">{m}</p> })
                }}
                <DialogButtons submit="role-decision-submit" on_cancel=on_close
                    disabled=Signal::derive(move || busy.get()) label="Decide" />
            </form>
        </Dialog>
    }
}

/// R54: the reviewer (the signed-in account) signs the campaign off with a statement;
/// from then on it is read-only.
#[component]
pub(super) fn SignOffDialog(campaign_id: CampaignId, on_close: Callback<()>) -> impl IntoView {
    let ctx = Ctx::get();
    let reviewer = ctx
        .session
        .with_untracked(|s| {
            s.as_ref()
                .map(|s| format!("{} {}", s.account.first_name, s.account.last_name))
        })
        .unwrap_or_default();
    let statement = RwSignal::new(
        "I reviewed the access of every person in this campaign and recorded a decision for each."
            .to_string(),
    );
    let errors = Errors::new();
    let sign = Action::new_local(move |text: &String| {
        let request = cmd::SignOffCampaign {
            campaign_id: campaign_id.clone(),
            statement: text.clone(),
        };
        async move {
            let done = |_: &Campaign| "Campaign signed off. It is now read-only.".to_string();
            if ctx
                .save(request, done, move |e| errors.show(e, "statement"))
                .await
                .is_some()
            {
                on_close.run(());
            }
        }
    });
    let busy = sign.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        sign.dispatch(statement.get_untracked());
    };
    view! {
        <Dialog id="sign-off-dialog" labelled_by="sign-off-title" described_by="sign-off-warning" on_close
            close_outside=Signal::derive(move || !busy.get())>
            <form class="form" on:submit=submit novalidate=true>
                <h2 id="sign-off-title">"Sign off the campaign"</h2>
                <p class="notice notice-warning" id="sign-off-warning">
                    <strong>"Signing off makes the campaign read-only."</strong>
                    " Its decisions can no longer change; you can then apply them and export the evidence."
                </p>
                <div class="field">
                    <label for="sign-off-reviewer">"Reviewer"</label>
                    <input id="sign-off-reviewer" type="text" readonly=true prop:value=reviewer />
                    <span class="field-hint">"The signed-in account signs, with today's date and time."</span>
                </div>
                <div class="field" class:has-error=move || errors.of("statement").get().is_some()>
                    <label for="sign-off-statement">"Statement"</label>
                    <textarea id="sign-off-statement" rows="4" data-autofocus=true
                        maxlength=SIGN_OFF_STATEMENT_MAX.to_string()
                        prop:value=move || statement.get() on:input=move |ev| { statement.set(event_target_value(&ev)); errors.clear(); }></textarea>
                    {error_line("sign-off-statement-error", errors.of("statement"))}
                </div>
                <DialogButtons submit="sign-off-submit" on_cancel=on_close
                    disabled=Signal::derive(move || busy.get())
                    label=move || if busy.get() { "Signing off…" } else { "Sign off" } />
            </form>
        </Dialog>
    }
}
