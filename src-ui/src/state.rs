//! App-wide state shared through context: the session, the current page, toasts, the
//! question on screen, and a version counter that reads watch to fetch again after a
//! change; with the one way pages read ([`Ctx::read`]) and write ([`Ctx::send`]).
//! The pages themselves ([`Route`]) and the dialogs one page asks the next to open
//! ([`Intent`]) are in `route.rs`.

mod route;

pub use route::{Intent, Route};

use crate::api;
use crate::components::Confirm;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::IpcError;
use rolecall_types::cmd::{self, Command};
use rolecall_types::ids::{InvitationId, OrgId};
use rolecall_types::model::{Context, InheritedMembership, SessionInfo};
use rolecall_types::permissions::Permission;
use rolecall_types::validate;
use std::future::Future;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub id: u32,
    pub text: String,
    pub error: bool,
}

/// What a dialog that edits or creates sends (see [`Ctx::save_and_close`]).
pub enum Upsert<U, C> {
    Update(U),
    Create(C),
}

#[derive(Clone, Copy)]
pub struct Ctx {
    pub session: RwSignal<Option<SessionInfo>>,
    pub route: RwSignal<Route>,
    pub toasts: RwSignal<Vec<Toast>>,
    /// Bumped after every change so reads fetch again.
    pub version: RwSignal<u32>,
    /// A dialog the current page should open (see [`Intent`]).
    pub intent: RwSignal<Option<Intent>>,
    /// The question on screen before a change (see [`Ctx::ask`]).
    pub confirm: RwSignal<Option<Confirm>>,
    /// R3: the memberships an account came with when it registered, shown until read.
    pub inherited: RwSignal<Vec<InheritedMembership>>,
    next_toast: RwSignal<u32>,
}

impl Ctx {
    pub fn new() -> Ctx {
        Ctx {
            session: RwSignal::new(None),
            route: RwSignal::new(Route::Members),
            toasts: RwSignal::new(Vec::new()),
            version: RwSignal::new(0),
            intent: RwSignal::new(None),
            confirm: RwSignal::new(None),
            inherited: RwSignal::new(Vec::new()),
            next_toast: RwSignal::new(0),
        }
    }

    pub fn get() -> Ctx {
        expect_context::<Ctx>()
    }

    /// A short confirmation that disappears by itself.
    pub fn toast(&self, text: impl Into<String>) {
        self.push_toast(text.into(), false);
    }

    pub fn toast_error(&self, text: impl Into<String>) {
        self.push_toast(text.into(), true);
    }

    fn push_toast(&self, text: String, error: bool) {
        let id = self.next_toast.get_untracked() + 1;
        self.next_toast.set(id);
        self.toasts.update(|t| t.push(Toast { id, text, error }));
        let toasts = self.toasts;
        spawn_local(async move {
            gloo_sleep(if error { 6000 } else { 3500 }).await;
            toasts.update(|t| t.retain(|x| x.id != id));
        });
    }

    /// Opens `route`, asking it to open the dialog `intent` names.
    pub fn go_and_open(&self, route: Route, intent: Option<Intent>) {
        self.intent.set(intent);
        self.route.set(route);
    }

    /// Whether `intent` was asked for; clears it (so it is acted on once).
    pub fn take_intent(&self, intent: Intent) -> bool {
        let asked = self.intent.get_untracked() == Some(intent);
        if asked {
            self.intent.set(None);
        }
        asked
    }

    /// Copies `text` to the clipboard and says so (`done`), or says how to copy by
    /// hand; returns whether it was copied.
    pub fn copy(&self, text: &str, done: &str) -> bool {
        use wasm_bindgen::JsCast;
        let Some(window) = web_sys::window() else {
            return false;
        };
        let clipboard = js_sys::Reflect::get(&window.navigator(), &"clipboard".into()).ok();
        let write = clipboard
            .as_ref()
            .and_then(|c| js_sys::Reflect::get(c, &"writeText".into()).ok())
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        match (clipboard, write) {
            (Some(c), Some(f)) if f.call1(&c, &text.into()).is_ok() => {
                self.toast(done);
                true
            }
            _ => {
                self.toast_error(
                    "The clipboard is not available; select the text and copy it by hand.",
                );
                false
            }
        }
    }

    /// Marks data as changed (reads fetch again) and refreshes the session.
    pub fn changed(&self) {
        self.version.update(|v| *v += 1);
        let session = self.session;
        spawn_local(async move {
            if let Ok(info) = api::call(cmd::Session {}).await {
                session.set(Some(info));
            }
        });
    }

    /// Data a page shows: `fetch` runs when the page opens, again after every change
    /// ([`Ctx::changed`]), and whenever a signal it reads changes.
    pub fn read<T: 'static, F>(self, fetch: impl Fn() -> F + 'static) -> LocalResource<T>
    where
        F: Future<Output = T> + 'static,
    {
        LocalResource::new(move || {
            self.version.track();
            fetch()
        })
    }

    /// [`Ctx::read`] of what a command answers about `context`.
    pub fn read_in<C: Command + 'static>(
        self,
        context: &Context,
        ask: fn(Context) -> C,
    ) -> LocalResource<api::ApiResult<C::Response>> {
        let context = context.clone();
        self.read(move || api::call(ask(context.clone())))
    }

    /// Sends a change: on success says `done` (made from the answer) and refreshes what
    /// is on screen, on failure shows the core's words; gives the answer back.
    pub async fn send<C: Command>(
        self,
        request: C,
        done: impl FnOnce(&C::Response) -> String,
    ) -> Option<C::Response> {
        self.save(request, done, |e| self.toast_error(e.message))
            .await
    }

    /// [`Ctx::send`] from a form: a refusal goes where `refused` puts it (next to the
    /// field or control it is about) instead of a toast.
    pub async fn save<C: Command>(
        self,
        request: C,
        done: impl FnOnce(&C::Response) -> String,
        refused: impl FnOnce(IpcError),
    ) -> Option<C::Response> {
        self.settle(api::call(request).await, done, refused)
    }

    /// [`Ctx::save`] from a dialog that edits something or creates it; closes the
    /// dialog once saved.
    pub async fn save_and_close<U, C, T>(
        self,
        request: Upsert<U, C>,
        done: impl FnOnce(&T) -> String,
        refused: impl FnOnce(IpcError),
        on_close: Callback<()>,
    ) where
        U: Command<Response = T>,
        C: Command<Response = T>,
    {
        let saved = match request {
            Upsert::Update(update) => self.save(update, done, refused).await,
            Upsert::Create(create) => self.save(create, done, refused).await,
        };
        if saved.is_some() {
            on_close.run(());
        }
    }

    /// What [`Ctx::save`] does with an answer, for a change sent otherwise (an upload).
    pub fn settle<T>(
        self,
        answer: api::ApiResult<T>,
        done: impl FnOnce(&T) -> String,
        refused: impl FnOnce(IpcError),
    ) -> Option<T> {
        match answer {
            Ok(answer) => {
                self.toast(done(&answer));
                self.changed();
                Some(answer)
            }
            Err(e) => {
                refused(e);
                None
            }
        }
    }

    /// [`Ctx::send`] in the background.
    pub fn run<C: Command + 'static>(
        self,
        request: C,
        done: impl FnOnce(&C::Response) -> String + 'static,
    ) {
        spawn_local(async move {
            self.send(request, done).await;
        });
    }

    /// Asks `question`; `action` runs when it is confirmed.
    pub fn ask(self, question: Confirm, action: impl Fn() + Send + Sync + 'static) {
        let action = Arc::new(action);
        self.confirm.set(Some(Confirm { action, ..question }));
    }

    /// Confirm, call, toast and refresh: asks `question`; once it is confirmed, sends
    /// `request` and says `done`.
    pub fn confirm_run<C>(self, question: Confirm, request: C, done: String)
    where
        C: Command + Clone + Send + Sync + 'static,
    {
        self.ask(question, move || {
            let done = done.clone();
            self.run(request.clone(), move |_| done);
        });
    }

    /// Switches to `context` (accepting `invitation_id` first) and opens `route`; gives
    /// the new session.
    pub async fn switch(
        self,
        context: Context,
        invitation_id: Option<InvitationId>,
        route: Route,
    ) -> Option<SessionInfo> {
        match api::call(cmd::SwitchContext {
            context,
            invitation_id,
        })
        .await
        {
            Ok(info) => {
                self.session.set(Some(info.clone()));
                self.route.set(route);
                self.version.update(|v| *v += 1);
                Some(info)
            }
            Err(e) => {
                self.toast_error(e.message);
                None
            }
        }
    }

    /// The current organization (its pages are drawn in its context only).
    pub fn org(&self) -> OrgId {
        self.session
            .with_untracked(|s| match s.as_ref().map(|s| &s.context) {
                Some(Context::Organization(id)) => id.clone(),
                _ => OrgId::default(),
            })
    }

    /// The current organization's name ("" in the personal context).
    pub fn org_name(&self) -> String {
        self.session.with(|s| {
            s.as_ref()
                .and_then(|s| s.organization.as_ref())
                .map(|o| o.name.clone())
                .unwrap_or_default()
        })
    }

    /// Whether the signed-in account holds `permission` in the current organization.
    pub fn can(&self, permission: Permission) -> bool {
        self.session.with(|s| {
            s.as_ref()
                .and_then(|s| s.role.as_ref())
                .is_some_and(|r| r.permissions.contains(permission))
        })
    }

    pub fn is_owner(&self) -> bool {
        self.session.with(|s| {
            s.as_ref()
                .and_then(|s| s.role.as_ref())
                .is_some_and(|r| r.is_owner)
        })
    }
}

/// What is typed into `field`, once it has stayed the same for `ms` milliseconds: a
/// search as you type without a request per keystroke.
pub fn settled(field: RwSignal<String>, ms: i32) -> ReadSignal<String> {
    let (value, set_value) = signal(field.get_untracked());
    Effect::new(move |_| {
        let typed = field.get();
        spawn_local(async move {
            gloo_sleep(ms).await;
            if field.try_get_untracked().as_ref() == Some(&typed) {
                set_value.set(typed);
            }
        });
    });
    value
}

/// What is typed into `field`, passed on at once while `busy` is false; typed while an
/// earlier text is being answered, only the latest text follows, when that answer is in.
/// A search as you type with no pause after the last key and at most one request
/// waiting, however fast the typing and however slow a search.
pub fn paced(field: RwSignal<String>, busy: Signal<bool>) -> ReadSignal<String> {
    let (value, set_value) = signal(field.get_untracked());
    Effect::new(move |_| {
        let typed = field.get();
        if !busy.get() && value.with_untracked(|v| *v != typed) {
            set_value.set(typed);
        }
    });
    value
}

/// A search box as searched: what is `typed` (see [`settled`] and [`paced`]) passed on
/// only while the shared rule accepts it (no control characters, which the core refuses
/// as `Invalid` on the field `search`), with the rule's message meanwhile for under the
/// box.
pub fn searched(
    field: RwSignal<String>,
    typed: ReadSignal<String>,
) -> (Memo<String>, Memo<Option<String>>) {
    let refusal = Memo::new(move |_| validate::search(&field.get()).err().map(|e| e.message));
    let accepted = Memo::new(move |before: Option<&String>| {
        let text = typed.get();
        match validate::search(&text) {
            Ok(()) => text,
            Err(_) => before.cloned().unwrap_or_default(),
        }
    });
    (accepted, refusal)
}

/// Waits `ms` milliseconds.
pub async fn gloo_sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
