//! Rolecall's UI: a Leptos app rendered in the browser engine of the Tauri window.
//!
//! It talks to the app only through [`api`]; shared state lives in [`state`];
//! components are one per file under [`components`], pages under [`pages`]; the
//! hierarchy rules the UI applies to its controls in [`rules`];
//! [`app::App`] composes them.

mod api;
mod app;
mod components;
mod format;
mod pages;
mod rules;
mod state;

fn main() {
    console_error_panic_hook::set_once();
    // The page's own splash (painted before the wasm ran) gives way to the UI's, in the
    // same task: no frame shows neither.
    if let Some(splash) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot-splash"))
    {
        splash.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
