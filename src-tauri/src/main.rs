// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

//! The Rolecall desktop app: resolves the data folder, keeps one window per data
//! folder, opens the core's store, and registers the commands the UI calls.

mod commands;
mod desktop;
mod memory;
mod state;

use state::AppState;
use std::path::PathBuf;
use tauri::Manager;

/// Environment variable that overrides the data folder (the `--data-dir` flag wins).
const DATA_DIR_ENV: &str = "ROLECALL_DATA_DIR";

fn main() {
    memory::set_up();
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
            desktop::draw_without_compositing(app);
            desktop::save_window_state_on_change(app);
            let state = AppState::open(data_dir, log_dir);
            state.start_keyring_repair();
            app.manage(state);
            Ok(())
        })
        .invoke_handler(commands::handler())
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
