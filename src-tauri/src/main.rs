// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

//! The Rolecall desktop app: resolves the data folder, keeps one window per data
//! folder, opens the core's store, and registers the commands the UI calls.

mod commands;
mod desktop;
mod state;

use state::AppState;
use std::path::PathBuf;
use tauri::Manager;

/// Environment variable that overrides the data folder (the `--data-dir` flag wins).
const DATA_DIR_ENV: &str = "ROLECALL_DATA_DIR";

fn main() {
    let data_dir_override = match data_dir_from_args(std::env::args().skip(1)) {
        Ok(flag) => flag.or_else(|| std::env::var_os(DATA_DIR_ENV).map(PathBuf::from)),
        Err(message) => {
            eprintln!("rolecall: {message}");
            std::process::exit(2);
        }
    };
    let context = tauri::generate_context!("../tauri.conf.json");
    let identifier = context.config().identifier.clone();
    let Some(data_dir) = data_dir_override.or_else(|| desktop::default_data_dir(&identifier))
    else {
        eprintln!(
            "rolecall: no data folder could be found for this user; start Rolecall with \
             --data-dir <folder>"
        );
        std::process::exit(2);
    };
    let log_dir = desktop::start_logging(&identifier);
    let folder = data_dir.clone();

    let result = tauri::Builder::default()
        // First: a second start on the same data folder hands over to the running
        // window and exits before anything else opens the database.
        .plugin(desktop::single_instance(&identifier, &data_dir))
        .plugin(desktop::window_state(&data_dir))
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            tracing::info!(
                version = env!("CARGO_PKG_VERSION"),
                data_dir = %data_dir.display(),
                "Rolecall started"
            );
            desktop::save_window_state_on_change(app);
            let state = AppState::open(data_dir, log_dir);
            state.start_keyring_repair();
            app.manage(state);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::session::start_info,
            commands::session::register,
            commands::session::sign_in,
            commands::session::sign_out,
            commands::session::switch_context,
            commands::session::session,
            commands::orgs::switcher,
            commands::orgs::organization,
            commands::orgs::suggest_slug,
            commands::orgs::create_organization,
            commands::orgs::update_organization,
            commands::orgs::set_org_avatar,
            commands::orgs::org_avatar,
            commands::orgs::leave_organization,
            commands::orgs::transfer_ownership,
            commands::orgs::delete_organization,
            commands::orgs::load_demo,
            commands::members::list_members,
            commands::members::role_counts,
            commands::members::list_roles,
            commands::members::seats,
            commands::members::add_member,
            commands::members::invite,
            commands::members::list_invitations,
            commands::members::resend_invitation,
            commands::members::revoke_invitation,
            commands::members::invitation_text,
            commands::members::change_role,
            commands::members::set_member_status,
            commands::members::remove_member,
            commands::members::member_detail,
            commands::account::update_profile,
            commands::account::set_theme,
            commands::account::change_password,
            commands::account::login_history,
            commands::account::account_activity,
            commands::account::owned_organizations,
            commands::account::delete_account,
            commands::keys::list_api_keys,
            commands::keys::create_api_key,
            commands::keys::revoke_api_key,
            commands::keys::verify_api_key,
            commands::keys::keyring_status,
            commands::keys::keys_without_secret,
            commands::roles::add_role_template,
            commands::roles::create_role,
            commands::roles::update_role,
            commands::roles::delete_role,
            commands::roles::list_workspaces,
            commands::roles::create_workspace,
            commands::roles::rename_workspace,
            commands::roles::delete_workspace,
            commands::roles::workspace_members,
            commands::roles::grant_workspace_role,
            commands::roles::revoke_workspace_role,
            commands::agents::list_agents,
            commands::agents::create_agent,
            commands::agents::update_agent,
            commands::agents::delete_agent,
            commands::agents::copy_agent,
            commands::agents::transfer_agent,
            commands::agents::billing_summary,
            commands::agents::top_up,
            commands::agents::record_charge,
            commands::agents::change_plan,
            commands::agents::purchases,
            commands::agents::charge_history,
            commands::agents::monthly_aggregates,
            commands::audit::overview,
            commands::audit::audit_log,
            commands::audit::audit_facets,
            commands::audit::export_data,
        ])
        .run(context);
    if let Err(error) = result {
        if desktop::handover_failed(&error) {
            // The window of this data folder was closing; start over once it is gone.
            let message = desktop::restart_after_closing_window(&identifier, &folder);
            eprintln!("rolecall: {message}");
            std::process::exit(1);
        }
        eprintln!("rolecall: the window could not be started: {error}");
        std::process::exit(1);
    }
}

/// Reads `--data-dir <path>` / `--data-dir=<path>`; other arguments are left to the
/// platform (WebDriver, for instance, passes its own).
fn data_dir_from_args(args: impl Iterator<Item = String>) -> Result<Option<PathBuf>, String> {
    let mut args = args.peekable();
    let mut found = None;
    while let Some(arg) = args.next() {
        if arg == "--data-dir" {
            match args.next() {
                Some(value) if !value.is_empty() => found = Some(PathBuf::from(value)),
                _ => {
                    return Err("--data-dir needs a folder, e.g. --data-dir ~/rolecall-test".into());
                }
            }
        } else if let Some(value) = arg.strip_prefix("--data-dir=") {
            if value.is_empty() {
                return Err("--data-dir needs a folder, e.g. --data-dir=~/rolecall-test".into());
            }
            found = Some(PathBuf::from(value));
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Option<PathBuf>, String> {
        data_dir_from_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn data_dir_flag_forms() {
        assert_eq!(parse(&[]), Ok(None));
        assert_eq!(
            parse(&["--data-dir", "/tmp/a"]),
            Ok(Some(PathBuf::from("/tmp/a")))
        );
        assert_eq!(
            parse(&["--data-dir=/tmp/b"]),
            Ok(Some(PathBuf::from("/tmp/b")))
        );
        assert_eq!(
            parse(&["--other", "--data-dir=/tmp/c"]),
            Ok(Some(PathBuf::from("/tmp/c")))
        );
        assert!(parse(&["--data-dir"]).is_err());
        assert!(parse(&["--data-dir="]).is_err());
    }
}
