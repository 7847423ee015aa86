//! End-to-end tests in the real Rolecall window. Run them with `cargo xtask test`.

mod agents;
mod audit;
mod billing;
mod export;
mod flows;
mod keys;
mod overview;
mod roles;
mod scale;
mod shell;
mod workspaces;
