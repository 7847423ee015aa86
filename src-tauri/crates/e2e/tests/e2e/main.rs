//! End-to-end tests in the real Rolecall window. Run them with `cargo xtask test`.

mod accounts;
mod agents;
mod audit;
mod auth_keyring;
mod billing;
mod campaigns;
mod campaigns_orgs;
mod desktop;
mod export;
mod flows;
mod import;
mod keys;
mod layout;
mod members;
mod overview;
mod package;
mod review;
mod roles;
mod scale;
mod shell;
mod workspaces;
