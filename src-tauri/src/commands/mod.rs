//! Tauri commands, grouped by area. Each is a short adapter: take the state, call the
//! core off the main thread, return its result or its `{kind, message}` error.

pub mod app;
