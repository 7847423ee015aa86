//! New role / Edit role (R27, R29): name, level and the grouped permission catalogue,
//! checked with the shared rules as you type once submitted; the core's refusals stay
//! next to the value they were about until it changes.

use super::{focus, permission_id};
use crate::components::{Dialog, DialogButtons, Field};
use crate::state::{Ctx, Upsert};
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::model::{MyRole, Role, RoleInput};
use rolecall_types::permissions::{ALL_PERMISSIONS, PERMISSION_GROUPS, Permission, PermissionSet};
use rolecall_types::validate;
use rolecall_types::{ErrorKind, IpcError};

#[component]
pub(super) fn RoleDialog(
    /// The role to edit; `None` creates one.
    role: Option<Role>,
    me: MyRole,
    on_close: Callback<()>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let editing = role.is_some();
    let name = RwSignal::new(role.as_ref().map(|r| r.name.clone()).unwrap_or_default());
    let level = RwSignal::new(
        role.as_ref()
            .map(|r| r.level.to_string())
            .unwrap_or_default(),
    );
    // A new role starts with Organization·view, which every role needs to see anything.
    let start = match me.is_owner || me.permissions.contains(Permission::OrganizationView) {
        true => PermissionSet::of(&[Permission::OrganizationView]),
        false => PermissionSet::EMPTY,
    };
    let permissions = RwSignal::new(role.as_ref().map_or(start, |r| r.permissions));
    let submitted = RwSignal::new(false);
    // Refusals of the core, with the value they were about: editing the value clears them.
    let name_refused = RwSignal::new(None::<(String, String)>);
    let level_refused = RwSignal::new(None::<(String, String)>);
    let general = RwSignal::new(None::<String>);
    let (my_level, owner) = (me.level, me.is_owner);
    let check_level = move |text: &str| -> Result<u8, String> {
        let n: i64 = text
            .trim()
            .parse()
            .map_err(|_| "Level is a whole number from 1 to 99.".to_string())?;
        let n = validate::role_level(n).map_err(|e| e.message)?;
        if !owner && n >= my_level {
            return Err(format!(
                "Choose a level from 1 to {}, below your own ({my_level}).",
                my_level.saturating_sub(1)
            ));
        }
        Ok(n)
    };
    let name_error = Signal::derive(move || {
        let value = name.get();
        match name_refused.get() {
            Some((v, message)) if v == value => Some(message),
            _ => submitted
                .get()
                .then(|| validate::role_name(&value).err().map(|e| e.message))
                .flatten(),
        }
    });
    let level_error = Signal::derive(move || {
        let value = level.get();
        match level_refused.get() {
            Some((v, message)) if v == value => Some(message),
            _ => submitted.get().then(|| check_level(&value).err()).flatten(),
        }
    });
    let level_hint = match owner {
        true => "1 to 99. Roles act only on lower levels: Admin is 80, Member 10, the Owner 100."
            .to_string(),
        false => format!(
            "1 to {}: below your own level ({my_level}, {}).",
            my_level.saturating_sub(1),
            me.role_name
        ),
    };
    let max_level = if owner {
        99
    } else {
        my_level.saturating_sub(1).max(1)
    };
    let title = match &role {
        Some(r) => format!("Edit {}", r.name),
        None => "New role".to_string(),
    };
    let role_id = role.as_ref().map(|r| r.id.clone());
    let save = Action::new_local(
        move |(role, name_now, level_now): &(RoleInput, String, String)| {
            let (org_id, role, role_id) = (ctx.org(), role.clone(), role_id.clone());
            let (name_now, level_now) = (name_now.clone(), level_now.clone());
            let done = move |r: &Role| {
                format!(
                    "{} was {}.",
                    r.name,
                    if editing { "saved" } else { "created" }
                )
            };
            let refused = move |e: IpcError| match (e.field.as_deref(), e.kind) {
                (Some("name"), _) | (None, ErrorKind::Conflict) => {
                    name_refused.set(Some((name_now, e.message)));
                    focus("#role-name");
                }
                (Some("level"), _) => {
                    level_refused.set(Some((level_now, e.message)));
                    focus("#role-level");
                }
                _ => general.set(Some(e.message)),
            };
            let request = match role_id {
                Some(role_id) => Upsert::Update(cmd::UpdateRole {
                    org_id,
                    role_id,
                    role,
                }),
                None => Upsert::Create(cmd::CreateRole { org_id, role }),
            };
            ctx.save_and_close(request, done, refused, on_close)
        },
    );
    let busy = save.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        submitted.set(true);
        general.set(None);
        let (name_now, level_now) = (name.get_untracked(), level.get_untracked());
        match (validate::role_name(&name_now), check_level(&level_now)) {
            (Ok(name), Ok(level)) => {
                let input = RoleInput {
                    name,
                    level: i64::from(level),
                    permissions: permissions.get_untracked(),
                };
                save.dispatch((input, name_now, level_now));
            }
            (Err(_), _) => focus("#role-name"),
            (_, Err(_)) => focus("#role-level"),
        }
    };
    let groups = PERMISSION_GROUPS
        .iter()
        .map(|(group_name, perms)| {
            let options = perms
                .iter()
                .copied()
                .map(|p| {
                    let lacking = !owner && !me.permissions.contains(p);
                    let reason = lacking.then(|| {
                        format!(
                            "You do not hold {} yourself, so you cannot put it in a role.",
                            p.describe()
                        )
                    });
                    let id = permission_id(p);
                    let label_for = id.clone();
                    let label_title = reason.clone();
                    view! {
                        <label class="toggle perm-option" class:locked=lacking for=label_for title=label_title>
                            <input
                                type="checkbox"
                                id=id
                                data-permission=p.code()
                                disabled=lacking
                                title=reason
                                prop:checked=move || permissions.get().contains(p)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    permissions.update(|set| {
                                        let mut next: Vec<Permission> = set.iter().filter(|q| *q != p).collect();
                                        if on {
                                            next.push(p);
                                        }
                                        *set = PermissionSet::of(&next);
                                    });
                                }
                            />
                            <span>{p.label()}</span>
                            {lacking.then(|| view! { <span class="sr-only">" (you do not hold it)"</span> })}
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="perm-fieldset">
                    <legend>{*group_name}</legend>
                    {options}
                </fieldset>
            }
        })
        .collect_view();
    let lacks_any = !owner && !me.permissions.is_superset(PermissionSet::all());
    let count = move || {
        let n = permissions.with(|p| p.iter().count());
        format!("{n} of {} selected", ALL_PERMISSIONS.len())
    };

    view! {
        <Dialog id="role-dialog" labelled_by="role-dialog-title" on_close>
            <form class="form" id="role-form" on:submit=submit novalidate=true>
                <h2 id="role-dialog-title">{title}</h2>
                <div class="role-fields">
                    <Field id="role-name" label="Name" value=name error=name_error autofocus=true hint="1 to 40 characters, unique in this organization." />
                    <div class="field role-level-field" class:has-error=move || level_error.get().is_some()>
                        <label for="role-level">"Level"</label>
                        <input
                            id="role-level"
                            type="number"
                            inputmode="numeric"
                            min="1"
                            max=max_level.to_string()
                            prop:value=move || level.get()
                            on:input=move |ev| level.set(event_target_value(&ev))
                            aria-invalid=move || if level_error.get().is_some() { "true" } else { "false" }
                            aria-describedby="role-level-hint role-level-error"
                        />
                        <span class="field-hint" id="role-level-hint">{level_hint}</span>
                        <span class="field-error" id="role-level-error" role="alert">{move || level_error.get().unwrap_or_default()}</span>
                    </div>
                </div>
                <div class="perm-head">
                    <span class="label" id="role-permissions-label">"Permissions"</span>
                    <span class="muted small" id="role-permission-count">{count}</span>
                </div>
                {lacks_any.then(|| view! {
                    <p class="field-hint perm-note" id="role-permissions-note">
                        "Permissions you do not hold yourself are greyed out: nobody gives more than they have."
                    </p>
                })}
                <div class="perm-grid" role="group" aria-labelledby="role-permissions-label">{groups}</div>
                <p class="form-error" role="alert" id="role-form-error">{move || general.get().unwrap_or_default()}</p>
                <DialogButtons submit="role-submit" cancel_id="role-cancel" disabled=busy on_cancel=on_close
                    label=move || match (busy.get(), editing) {
                        (true, _) => "Saving…",
                        (false, true) => "Save changes",
                        (false, false) => "Create role",
                    } />
            </form>
        </Dialog>
    }
}
