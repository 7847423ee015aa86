//! What makes Rolecall behave as a desktop app beyond its window's content: one
//! instance per data folder, the window's size and position remembered, and a log file.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tauri::plugin::TauriPlugin;
use tauri::{App, Manager, Runtime, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// The file, in the data folder, that remembers the window's size and position.
pub const WINDOW_STATE_FILE: &str = "window-state.json";
/// Daily log files kept in the log folder; older ones are deleted.
const LOG_FILES_KEPT: usize = 14;
/// How long the window must rest after a move or resize before its state is saved.
const SAVE_DELAY: Duration = Duration::from_millis(400);
const WINDOW_FLAGS: StateFlags = StateFlags::SIZE
    .union(StateFlags::POSITION)
    .union(StateFlags::MAXIMIZED);

/// The OS app-data folder (on Linux `~/.local/share/<identifier>`), as Tauri resolves it.
pub fn default_data_dir(identifier: &str) -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join(identifier))
}

/// The OS log folder, as Tauri resolves it: on Linux and Windows
/// `<local app data>/<identifier>/logs`, on macOS `~/Library/Logs/<identifier>`.
fn log_dir(identifier: &str) -> Option<PathBuf> {
    if cfg!(target_os = "macos") {
        dirs::home_dir().map(|home| home.join("Library/Logs").join(identifier))
    } else {
        dirs::data_local_dir().map(|dir| dir.join(identifier).join("logs"))
    }
}

/// Logs to standard error and to a daily file `rolecall.<date>.log` in the OS log
/// folder (the last [`LOG_FILES_KEPT`] are kept). `ROLECALL_LOG` sets the filter
/// (default `info`). Returns the log folder, or `None` when no file could be opened
/// (the app then logs to standard error only, and says why there).
pub fn start_logging(identifier: &str) -> Option<PathBuf> {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    use tracing_subscriber::{EnvFilter, fmt};

    let filter = EnvFilter::try_from_env("ROLECALL_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let stderr = fmt::layer()
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    let file = log_dir(identifier).map(|dir| {
        let appender = std::fs::create_dir_all(&dir)
            .map_err(|e| e.to_string())
            .and_then(|()| {
                tracing_appender::rolling::Builder::new()
                    .rotation(tracing_appender::rolling::Rotation::DAILY)
                    .filename_prefix("rolecall")
                    .filename_suffix("log")
                    .max_log_files(LOG_FILES_KEPT)
                    .build(&dir)
                    .map_err(|e| e.to_string())
            });
        (dir, appender)
    });
    match file {
        Some((dir, Ok(appender))) => {
            let _ = tracing_subscriber::registry()
                .with(filter)
                .with(stderr)
                .with(fmt::layer().with_ansi(false).with_writer(appender))
                .try_init();
            Some(dir)
        }
        other => {
            let _ = tracing_subscriber::registry()
                .with(filter)
                .with(stderr)
                .try_init();
            match other {
                Some((dir, Err(error))) => tracing::warn!(
                    "no log file: the log folder {} cannot be used: {error}",
                    dir.display()
                ),
                _ => tracing::warn!("no log file: this user has no log folder"),
            }
            None
        }
    }
}

/// One window per data folder: a second start on the same folder hands its arguments to
/// the running window, which comes to the front, and exits; another data folder opens
/// its own window. The instance is found on the session bus under a name derived from
/// the identifier and the data folder.
pub fn single_instance<R: Runtime>(identifier: &str, data_dir: &Path) -> TauriPlugin<R> {
    tauri_plugin_single_instance::Builder::new()
        .dbus_id(instance_name(identifier, data_dir))
        .callback(|app, _args, _cwd| {
            tracing::info!("a second start was handed to this window");
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        })
        .build()
}

/// The session-bus name of the instance that owns `data_dir`: the identifier and a
/// stable hash of the folder's absolute path (FNV-1a, so every build agrees).
pub fn instance_name(identifier: &str, data_dir: &Path) -> String {
    let path = data_dir
        .canonicalize()
        .or_else(|_| std::path::absolute(data_dir))
        .unwrap_or_else(|_| data_dir.to_path_buf());
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in path.as_os_str().as_encoded_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{identifier}.data{hash:016x}")
}

/// How long a start waits for a window of the same data folder that is closing to let
/// go of the folder before it gives up with a message.
const HANDOVER_PATIENCE: Duration = Duration::from_secs(60);
/// How often a start re-executes itself after waiting for a closing window.
const RESTARTS_ALLOWED: u32 = 3;
const RESTARTS_ENV: &str = "ROLECALL_HANDOVER_RESTARTS";

/// True when the start failed because the window it tried to hand over to did not
/// answer — typically one that was closing at that very moment.
pub fn handover_failed(error: &tauri::Error) -> bool {
    let text = error.to_string();
    text.contains("single-instance") && text.contains("forward arguments")
}

/// A start met a window of the same data folder that did not take the hand-over (it was
/// closing): wait until that window has released the folder's bus name, then start
/// again from the top, as the user would. Returns only when that is not possible, with
/// the message to show.
pub fn restart_after_closing_window(identifier: &str, data_dir: &Path) -> String {
    let restarts: u32 = std::env::var(RESTARTS_ENV)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if restarts >= RESTARTS_ALLOWED {
        return "another Rolecall window on this data folder keeps refusing to take over; \
                close it and start Rolecall again"
            .into();
    }
    let name = format!("{}.SingleInstance", instance_name(identifier, data_dir));
    tracing::info!(%name, "waiting for the closing window of this data folder to exit");
    if let Err(message) = wait_until_released(&name) {
        return message;
    }
    let program = match std::env::current_exe() {
        Ok(path) => path,
        Err(error) => return format!("cannot find the Rolecall program to start again: {error}"),
    };
    let mut command = std::process::Command::new(program);
    command
        .args(std::env::args_os().skip(1))
        .env(RESTARTS_ENV, (restarts + 1).to_string());
    restart(command)
}

#[cfg(unix)]
fn restart(mut command: std::process::Command) -> String {
    use std::os::unix::process::CommandExt;
    // Replaces this process (same pid, so whoever started it keeps watching it).
    let error = command.exec();
    format!("cannot start Rolecall again: {error}")
}

#[cfg(not(unix))]
fn restart(mut command: std::process::Command) -> String {
    match command.status() {
        Ok(status) => std::process::exit(status.code().unwrap_or(1)),
        Err(error) => format!("cannot start Rolecall again: {error}"),
    }
}

/// Waits until nobody owns `name` on the session bus.
#[cfg(target_os = "linux")]
fn wait_until_released(name: &str) -> Result<(), String> {
    let unreachable = |error: zbus::Error| format!("cannot reach the session bus: {error}");
    let connection = zbus::blocking::Connection::session().map_err(unreachable)?;
    let bus = zbus::blocking::fdo::DBusProxy::new(&connection)
        .map_err(|e| format!("cannot reach the session bus: {e}"))?;
    let bus_name = zbus::names::BusName::try_from(name)
        .map_err(|e| format!("invalid instance name {name}: {e}"))?;
    let deadline = std::time::Instant::now() + HANDOVER_PATIENCE;
    loop {
        match bus.name_has_owner(bus_name.clone()) {
            Ok(false) => return Ok(()),
            Ok(true) if std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Ok(true) => {
                return Err(
                    "another Rolecall window on this data folder is not responding; close it \
                     and start Rolecall again"
                        .into(),
                );
            }
            Err(error) => return Err(format!("cannot reach the session bus: {error}")),
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn wait_until_released(_name: &str) -> Result<(), String> {
    Ok(())
}

/// Remembers the window's size, position and maximized state in the data folder, and
/// restores them at the next start.
pub fn window_state<R: Runtime>(data_dir: &Path) -> TauriPlugin<R> {
    tauri_plugin_window_state::Builder::new()
        .with_state_flags(WINDOW_FLAGS)
        // An absolute file name: the state belongs to the data folder, not to the user.
        .with_filename(data_dir.join(WINDOW_STATE_FILE).to_string_lossy())
        .build()
}

/// Saves the window state shortly after the window stops moving or resizing, so it is
/// remembered even when the app does not get to exit normally.
pub fn save_window_state_on_change<R: Runtime>(app: &App<R>) {
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    let handle = app.handle().clone();
    let pending = Arc::new(AtomicBool::new(false));
    window.on_window_event(move |event| {
        if !matches!(event, WindowEvent::Moved(_) | WindowEvent::Resized(_)) {
            return;
        }
        if pending.swap(true, Ordering::AcqRel) {
            return; // a save is already on its way and will see this change
        }
        let handle = handle.clone();
        let pending = pending.clone();
        std::thread::spawn(move || {
            std::thread::sleep(SAVE_DELAY);
            pending.store(false, Ordering::Release);
            if let Err(error) = handle.save_window_state(WINDOW_FLAGS) {
                tracing::warn!("the window's size and position could not be saved: {error}");
            }
        });
    });
}

/// Setting that keeps WebKit's own choice of GPU compositing (`1`); without it the
/// window is drawn without compositing.
const HARDWARE_ACCELERATION_ENV: &str = "ROLECALL_HARDWARE_ACCELERATION";

/// WebKitGTK composites the page through OpenGL when it can, and without a GPU (a
/// virtual display, many VMs) that is Mesa's software renderer: measured side by side
/// under Xvfb it costs about 150 MB more (339 vs 189 MB for the window and its WebKit
/// processes) and 150–300 ms per frame that changes, where drawing without
/// compositing takes one 16 ms frame. A table of text gains nothing from the GPU, so
/// the window is drawn without it unless [`HARDWARE_ACCELERATION_ENV`] is `1`.
#[cfg(target_os = "linux")]
pub fn draw_without_compositing<R: Runtime>(app: &App<R>) {
    use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
    if std::env::var(HARDWARE_ACCELERATION_ENV).is_ok_and(|v| v == "1") {
        return;
    }
    for window in app.webview_windows().values() {
        let applied = window.with_webview(|webview| {
            if let Some(settings) = WebViewExt::settings(&webview.inner()) {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
        if let Err(error) = applied {
            tracing::warn!(%error, "the window keeps WebKit's compositing");
        }
    }
}

#[cfg(not(target_os = "linux"))]
pub fn draw_without_compositing<R: Runtime>(_app: &App<R>) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_names_are_valid_bus_names_one_per_data_folder() {
        let a = instance_name("io.rolecall.desktop", Path::new("/tmp/rolecall-a"));
        let b = instance_name("io.rolecall.desktop", Path::new("/tmp/rolecall-b"));
        assert_ne!(a, b);
        assert_eq!(
            a,
            instance_name("io.rolecall.desktop", Path::new("/tmp/rolecall-a"))
        );
        // D-Bus: elements of letters, digits, '_' or '-', none starting with a digit.
        for element in a.split('.') {
            assert!(!element.is_empty());
            assert!(!element.starts_with(|c: char| c.is_ascii_digit()));
            assert!(
                element
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            );
        }
    }
}
