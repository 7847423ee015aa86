//! Loading and errors, written once for every read: "Loading…" until its first answer,
//! the core's words and "Try again" when it fails, and a read again after a change
//! keeps the current view until its new answer is in (a `Transition`).

use crate::api::ApiResult;
use leptos::prelude::*;

#[component]
pub fn Loaded<T, V, F>(
    /// The read (see `Ctx::read`).
    data: LocalResource<ApiResult<T>>,
    /// Draws the answer.
    children: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=|| view! { <p class="muted pad" role="status">"Loading…"</p> }>
            <ErrorBoundary fallback=move |errors| view! {
                <div class="load-error pad" role="alert">
                    <p class="form-error">{move || errors.with(|e| e.iter().next().map(|(_, e)| e.to_string()).unwrap_or_default())}</p>
                    <button class="btn btn-small" on:click=move |_| data.refetch()>"Try again"</button>
                </div>
            }>
                {move || data.get().map(|answer| answer.map(&children))}
            </ErrorBoundary>
        </Transition>
    }
}

/// A read's answer that is always there: empty until it is in, and when it failed (for
/// lists that fill a menu or inform a check, whose page shows its own errors).
pub fn or_empty<T>(data: LocalResource<ApiResult<T>>) -> Memo<T>
where
    T: Clone + Default + PartialEq + Send + Sync + 'static,
{
    Memo::new(move |_| data.get().and_then(Result::ok).unwrap_or_default())
}
