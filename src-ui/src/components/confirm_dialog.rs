//! The confirmation dialog before a change (see `Ctx::ask`): says what will happen (and
//! when it cannot be undone), focuses the safe choice, Escape cancels.

use crate::components::{Dialog, Sentence};
use leptos::html;
use leptos::prelude::*;

/// What to ask.
#[derive(Clone)]
pub struct Confirm {
    pub title: String,
    pub message: String,
    pub confirm: String,
    pub cancel: String,
    pub danger: bool,
    /// Runs when confirmed.
    pub action: std::sync::Arc<dyn Fn() + Send + Sync>,
}

impl Confirm {
    /// A question whose "yes" (in red) changes something for good.
    pub fn danger(title: String, message: String, yes: &str, no: &str) -> Confirm {
        Confirm {
            title,
            message,
            confirm: yes.into(),
            cancel: no.into(),
            danger: true,
            action: std::sync::Arc::new(|| ()),
        }
    }
}

#[component]
pub fn ConfirmDialog(request: RwSignal<Option<Confirm>>) -> impl IntoView {
    let cancel_ref = NodeRef::<html::Button>::new();
    Effect::new(move |_| {
        if request.with(Option::is_some)
            && let Some(b) = cancel_ref.get()
        {
            let _ = b.focus();
        }
    });
    move || {
        request.get().map(|c| {
            let action = c.action.clone();
            view! {
                <Dialog
                    id="confirm-dialog"
                    labelled_by="confirm-title"
                    described_by="confirm-message"
                    role="alertdialog"
                    on_close=Callback::new(move |_| request.set(None))
                >
                        <h2 id="confirm-title"><Sentence text=c.title.clone() /></h2>
                        <p id="confirm-message"><Sentence text=c.message.clone() /></p>
                        <div class="dialog-actions">
                            <button class="btn" id="confirm-no" node_ref=cancel_ref on:click=move |_| request.set(None)>
                                {c.cancel.clone()}
                            </button>
                            <button
                                class=if c.danger { "btn btn-danger" } else { "btn btn-primary" }
                                id="confirm-yes"
                                on:click=move |_| {
                                    request.set(None);
                                    action();
                                }
                            >
                                {c.confirm.clone()}
                            </button>
                        </div>
                </Dialog>
            }
        })
    }
}
