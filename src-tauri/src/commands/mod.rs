//! Tauri commands, grouped by area. Each is a short adapter: take the state, call the
//! core off the main thread as the signed-in account, return its result or its
//! `{kind, message}` error.

pub mod account;
pub mod agents;
pub mod app;
pub mod audit;
pub mod keys;
pub mod members;
pub mod orgs;
pub mod roles;
pub mod session;
