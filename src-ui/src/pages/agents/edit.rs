//! Create or edit an agent (R35): name 1–100, persona and knowledge ≤ 20,000 each, and
//! in an organization its workspace.

use crate::components::{Dialog, DialogButtons, Errors, Field};
use crate::format::group;
use crate::pages::chosen_id;
use crate::state::{Ctx, Upsert};
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use rolecall_types::IpcError;
use rolecall_types::cmd;
use rolecall_types::model::{Agent, AgentInput, Context, Workspace};
use rolecall_types::validate;

#[component]
pub(super) fn AgentDialog(
    /// The agent to edit; `None` creates one.
    agent: Option<Agent>,
    context: Context,
    workspaces: Memo<Vec<Workspace>>,
    on_close: Callback<()>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let in_org = matches!(context, Context::Organization(_));
    let text = |f: fn(&Agent) -> &String| {
        RwSignal::new(agent.as_ref().map(|a| f(a).clone()).unwrap_or_default())
    };
    let (name, persona, knowledge) = (
        text(|a| &a.name),
        text(|a| &a.persona),
        text(|a| &a.knowledge),
    );
    let default_ws =
        workspaces.with_untracked(|w| w.iter().find(|w| w.is_default).map(|w| w.id.clone()));
    let workspace = RwSignal::new(
        agent
            .as_ref()
            .and_then(|a| a.workspace_id.clone())
            .or(default_ws),
    );
    let errors = Errors::new();
    let editing = agent.as_ref().map(|a| a.id.clone());
    let (title, action) = match &agent {
        Some(a) => (format!("Edit {}", a.name), "Save agent"),
        None => ("Create agent".to_string(), "Create agent"),
    };
    let save = Action::new_local(move |input: &AgentInput| {
        let (agent, context) = (input.clone(), context.clone());
        let (editing, verb) = (
            editing.clone(),
            if editing.is_some() {
                "saved"
            } else {
                "created"
            },
        );
        let done = move |a: &Agent| format!("{} was {verb}.", a.name);
        let refused = move |e: IpcError| match e.field.as_deref() {
            None | Some("name" | "persona" | "knowledge") => errors.show(e, ""),
            Some(_) => errors.set("", e.message),
        };
        let request = match editing {
            Some(agent_id) => Upsert::Update(cmd::UpdateAgent { agent_id, agent }),
            None => Upsert::Create(cmd::CreateAgent { context, agent }),
        };
        ctx.save_and_close(request, done, refused, on_close)
    });
    let busy = save.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = |field, label, value: RwSignal<String>| {
            validate::optional_text(
                field,
                label,
                &value.get_untracked(),
                validate::AGENT_TEXT_MAX,
            )
            .err()
        };
        let name_max = validate::AGENT_NAME_MAX;
        let checked = errors.check([
            validate::required_text("name", "Agent name", &name.get_untracked(), name_max).err(),
            text("persona", "Persona", persona),
            text("knowledge", "Knowledge notes", knowledge),
        ]);
        if checked {
            save.dispatch(AgentInput {
                name: name.get_untracked(),
                persona: persona.get_untracked(),
                knowledge: knowledge.get_untracked(),
                workspace_id: in_org.then(|| workspace.get_untracked()).flatten(),
            });
        }
    };
    // Enter in a note adds a line; Ctrl+Enter saves from anywhere in the dialog.
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Enter"
            && (ev.ctrl_key() || ev.meta_key())
            && let Some(form) = form_ref.get()
        {
            ev.prevent_default();
            let _ = form.request_submit();
        }
    };
    view! {
        <Dialog id="agent-dialog" labelled_by="agent-dialog-title" on_close close_outside=false>
            <form class="form" node_ref=form_ref on:submit=submit on:keydown=on_keydown novalidate=true>
                <h2 id="agent-dialog-title">{title}</h2>
                <div class="agent-dialog-top" class:with-ws=in_org>
                    <Field id="agent-name" label="Name" value=name error=errors.of("name") autofocus=true />
                    {in_org.then(|| view! {
                        <div class="field">
                            <label for="agent-workspace">"Workspace"</label>
                            <select id="agent-workspace" on:change=move |ev| workspace.set(chosen_id(event_target_value(&ev)))>
                                {move || workspaces.get().into_iter().map(|w| {
                                    let id = w.id.clone();
                                    let label = if w.is_default { format!("{} (default)", w.name) } else { w.name.clone() };
                                    view! { <option value=w.id.to_string() selected=move || workspace.with(|w| w.as_ref() == Some(&id))>{label}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                    })}
                </div>
                <NoteField id="agent-persona" label="Persona" hint="Who the agent is and how it speaks." value=persona error=errors.of("persona") />
                <NoteField id="agent-knowledge" label="Knowledge notes" hint="Facts, answers and sources the agent works from." value=knowledge error=errors.of("knowledge") />
                <p class="form-error" role="alert" id="agent-error">{move || errors.of("").get().unwrap_or_default()}</p>
                <DialogButtons submit="agent-submit" label=action disabled=busy on_cancel=on_close>
                    <span class="muted small dialog-hint">"Ctrl+Enter saves"</span>
                </DialogButtons>
            </form>
        </Dialog>
    }
}

/// A textarea with a live character count against its limit.
#[component]
fn NoteField(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let count = move || value.with(|v| v.chars().count());
    let over = move || count() > validate::AGENT_TEXT_MAX;
    let count_id = format!("{id}-count");
    let error_id = format!("{id}-error");
    let described = format!("{count_id} {error_id}");
    view! {
        <div class="field note-field" class:has-error=move || error.get().is_some() || over()>
            <div class="note-head">
                <label for=id>{label}</label>
                <span class="note-count" class:over=over id=count_id aria-live="polite">
                    {move || format!("{} / {}", group(count() as u64), group(validate::AGENT_TEXT_MAX as u64))}
                </span>
            </div>
            <textarea
                id=id
                rows="5"
                placeholder=hint
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || if error.get().is_some() || over() { "true" } else { "false" }
                aria-describedby=described
            ></textarea>
            <span class="field-error" id=error_id role="alert">{move || {
                error.get().or_else(|| over().then(|| format!(
                    "{label} can be at most {} characters; remove {}.",
                    group(validate::AGENT_TEXT_MAX as u64),
                    group((count() - validate::AGENT_TEXT_MAX) as u64)
                ))).unwrap_or_default()
            }}</span>
        </div>
    }
}
