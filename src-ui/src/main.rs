//! Rolecall's UI: a Leptos app rendered in the browser engine of the Tauri window.
//!
//! It talks to the app only through [`api`]; components live one per file under
//! [`components`]; [`app::App`] composes them.

mod api;
mod app;
mod components;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
