//! App-wide state shared through context: the session, the current page, toasts, and a
//! version counter that lists watch to refetch after a change.

use crate::api;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::ids::OrgId;
use rolecall_types::model::{Context, SessionInfo};
use rolecall_types::permissions::Permission;

/// The pages of the window. Organization pages live at `/o/<slug>/<page>` (R13).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Overview,
    Members,
    Roles,
    Workspaces,
    Agents,
    ApiKeys,
    Billing,
    /// The personal context's charge history (R34); organizations have none.
    ChargeHistory,
    AuditLog,
    DataExport,
    OrgSettings,
    CreateOrganization,
    Account,
    Personal,
}

impl Route {
    /// The route shown in the header, as the seeds name it.
    pub fn path(&self, slug: Option<&str>) -> String {
        match (self, slug) {
            (Route::Overview, Some(slug)) => format!("/o/{slug}/overview"),
            (Route::Members, Some(slug)) => format!("/o/{slug}/members"),
            (Route::Roles, Some(slug)) => format!("/o/{slug}/roles"),
            (Route::Workspaces, Some(slug)) => format!("/o/{slug}/workspaces"),
            (Route::Agents, Some(slug)) => format!("/o/{slug}/agents"),
            (Route::Agents, None) => "/agents".to_string(),
            (Route::ApiKeys, Some(slug)) => format!("/o/{slug}/api-keys"),
            (Route::Billing, Some(slug)) => format!("/o/{slug}/billing"),
            (Route::Billing, None) => "/billing".to_string(),
            (Route::ChargeHistory, None) => "/billing/words/history".to_string(),
            (Route::AuditLog, Some(slug)) => format!("/o/{slug}/audit-log"),
            (Route::DataExport, Some(slug)) => format!("/o/{slug}/export"),
            (Route::OrgSettings, Some(_)) => "/organization?tab=general".to_string(),
            (Route::CreateOrganization, _) => "/organizations/new".to_string(),
            (Route::Account, _) => "/account".to_string(),
            _ => "/personal".to_string(),
        }
    }
}

/// A dialog that a shortcut elsewhere (the Overview's quick actions) asks the next page
/// to open. The page opens it once it can — when its data and checks are in — through
/// its own button's rules, and clears the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    InviteMember,
    CreateApiKey,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub id: u32,
    pub text: String,
    pub error: bool,
}

#[derive(Clone, Copy)]
pub struct Ctx {
    pub session: RwSignal<Option<SessionInfo>>,
    pub route: RwSignal<Route>,
    pub toasts: RwSignal<Vec<Toast>>,
    /// Bumped after every change so lists refetch.
    pub version: RwSignal<u32>,
    /// A dialog the current page should open (see [`Intent`]).
    pub intent: RwSignal<Option<Intent>>,
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

    /// Marks data as changed (lists refetch) and refreshes the session.
    pub fn changed(&self) {
        self.version.update(|v| *v += 1);
        let session = self.session;
        spawn_local(async move {
            if let Ok(info) = api::call(cmd::Session {}).await {
                session.set(Some(info));
            }
        });
    }

    /// The current organization's id, in organization context.
    pub fn org_id(&self) -> Option<OrgId> {
        self.session.with(|s| match s.as_ref().map(|s| &s.context) {
            Some(Context::Organization(id)) => Some(id.clone()),
            _ => None,
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

/// Waits `ms` milliseconds.
pub async fn gloo_sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Initials for an avatar ("Lee Company" → "LC").
pub fn initials(name: &str) -> String {
    let letters: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphanumeric())
        .take(2)
        .collect();
    if letters.is_empty() {
        "?".into()
    } else {
        letters.to_uppercase()
    }
}

/// A date and time for tables, in the local time zone ("Never" for none).
pub fn format_time(ms: Option<i64>) -> String {
    match ms {
        None => "Never".to_string(),
        Some(ms) => {
            let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
            let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
            date.to_locale_string("en-GB", &options)
                .as_string()
                .unwrap_or_default()
        }
    }
}

/// An amount in minor units as money in its currency ("$1,234.50", "€12.00"), with the
/// currency's own number of decimals.
pub fn format_money(minor: i64, currency: &str) -> String {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"style".into(), &"currency".into());
    let _ = js_sys::Reflect::set(&options, &"currency".into(), &currency.into());
    let format = js_sys::Intl::NumberFormat::new(&js_sys::Array::of1(&"en-US".into()), &options);
    let digits = js_sys::Reflect::get(&format.resolved_options(), &"maximumFractionDigits".into())
        .ok()
        .and_then(|d| d.as_f64())
        .unwrap_or(2.0);
    let value = minor as f64 / 10f64.powi(digits as i32);
    format
        .format()
        .call1(&format, &value.into())
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| format!("{value:.2} {currency}"))
}

/// The number of decimals of a currency (2 for USD, 0 for JPY): how many minor units
/// make one major unit, as a power of ten.
pub fn currency_decimals(currency: &str) -> u32 {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"style".into(), &"currency".into());
    let _ = js_sys::Reflect::set(&options, &"currency".into(), &currency.into());
    let format = js_sys::Intl::NumberFormat::new(&js_sys::Array::of1(&"en-US".into()), &options);
    js_sys::Reflect::get(&format.resolved_options(), &"maximumFractionDigits".into())
        .ok()
        .and_then(|d| d.as_f64())
        .map_or(2, |d| d as u32)
}

/// A count with thousands separators ("100,001").
pub fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
