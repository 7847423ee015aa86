//! The rulebook of DESIGN.md §1 as tests, each named after the rule it checks, against
//! real SQLite files in temporary folders.

mod world;

mod accounts;
mod api_keys;
mod bad_input;
mod billing_agents;
mod campaigns;
#[cfg(unix)]
mod crash;
mod export_overview;
mod findings;
mod import;
mod keyring_status;
mod members;
mod orgs;
mod properties;
mod roles;
