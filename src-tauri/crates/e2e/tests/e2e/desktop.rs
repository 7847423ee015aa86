//! Rolecall as a desktop app: one window per data folder (a second start hands over to
//! the running window), the window's size and position remembered, and a log file in
//! the folder About names.

use crate::flows::register;
use anyhow::{Context, Result, bail, ensure};
use rolecall_e2e::{App, WAIT, with_app};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Waits until some file in `dir` contains `line`, and returns that file.
async fn wait_for_log_line(dir: &Path, line: &str) -> Result<PathBuf> {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Ok(entries) = std::fs::read_dir(dir) {
            for entry in entries.flatten() {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                if text.contains(line) {
                    return Ok(entry.path());
                }
            }
        }
        if Instant::now() > deadline {
            bail!("no log file in {} says {line:?}", dir.display());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The log folder the About dialog names.
async fn log_dir_from_about(app: &App) -> Result<PathBuf> {
    app.click("#about-button").await?;
    let dir = app.text("#about-log-dir").await?;
    app.click("#about-dialog .btn-primary").await?;
    app.wait_gone("#about-dialog").await?;
    ensure!(dir.starts_with('/'), "About names no log folder: {dir:?}");
    Ok(PathBuf::from(dir))
}

#[tokio::test(flavor = "multi_thread")]
async fn log_file_is_written_in_the_folder_about_names() -> Result<()> {
    let app = App::launch().await?;
    with_app("log-file", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            let dir = log_dir_from_about(app).await?;
            let file = wait_for_log_line(&dir, "Rolecall started").await?;
            let name = file
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            ensure!(
                name.starts_with("rolecall.") && name.ends_with(".log"),
                "a daily log file, found {name}"
            );
            let text = std::fs::read_to_string(&file)?;
            ensure!(
                text.contains(&app.data_dir().display().to_string()),
                "the log names the data folder"
            );
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn second_start_on_the_same_data_folder_hands_over_to_the_running_window() -> Result<()> {
    let app = App::launch().await?;
    with_app("single-instance", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            let binary = std::env::var_os("ROLECALL_BIN").context("ROLECALL_BIN is not set")?;
            let mut second = Command::new(binary)
                .arg("--data-dir")
                .arg(app.data_dir())
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .context("start a second Rolecall")?;
            // The second start exits by itself once the running window took over.
            let deadline = Instant::now() + Duration::from_secs(60);
            let status = loop {
                if let Some(status) = second.try_wait()? {
                    break status;
                }
                if Instant::now() > deadline {
                    let _ = second.kill();
                    bail!("the second start opened its own window instead of handing over");
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            };
            ensure!(status.success(), "the second start ended with {status}");
            let dir = log_dir_from_about(app).await?;
            wait_for_log_line(&dir, "a second start was handed to this window").await?;
            // The first window goes on as before.
            app.wait_text("#switcher-name", "Lee Company").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn window_size_and_position_are_remembered_for_the_next_start() -> Result<()> {
    let app = App::launch().await?;
    let state_file = app.data_dir().join("window-state.json");
    app.client
        .set_window_rect(40, 30, 1100, 720)
        .await
        .context("resize the window")?;
    // Saved shortly after the window stops changing: wait for the file to say so.
    let deadline = Instant::now() + WAIT;
    loop {
        let text = std::fs::read_to_string(&state_file).unwrap_or_default();
        let state: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        if state["main"]["width"] == 1100 && state["main"]["height"] == 720 {
            break;
        }
        if Instant::now() > deadline {
            bail!("the window state was not saved: {text:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let app = app.relaunch().await?;
    with_app("window-state", app, |app| {
        Box::pin(async move {
            let (x, y, width, height) = app.client.get_window_rect().await?;
            ensure!(
                (width, height) == (1100, 720),
                "the window opened at {width}×{height}, not the remembered 1100×720"
            );
            ensure!(
                (x, y) == (40, 30),
                "the window opened at ({x}, {y}), not (40, 30)"
            );
            Ok(())
        })
    })
    .await
}

/// The session-bus name under which the window of `data_dir` takes over second starts:
/// the identifier from `tauri.conf.json` and an FNV-1a hash of the folder's path, as
/// the app derives it.
fn instance_bus_name(data_dir: &Path) -> Result<String> {
    let conf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tauri.conf.json");
    let conf: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&conf)?)?;
    let identifier = conf["identifier"]
        .as_str()
        .context("tauri.conf.json names no identifier")?;
    let path = data_dir.canonicalize()?;
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in path.as_os_str().as_encoded_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    Ok(format!("{identifier}.data{hash:016x}.SingleInstance"))
}

/// Stands in for a window that is closing: it still owns the folder's bus name, and
/// refuses the hand-over it is offered.
struct ClosingWindow {
    offered: tokio::sync::mpsc::UnboundedSender<()>,
}

#[zbus::interface(name = "org.SingleInstance.DBus")]
impl ClosingWindow {
    async fn execute_callback(&self, _argv: Vec<String>, _cwd: String) -> zbus::fdo::Result<()> {
        let _ = self.offered.send(());
        Err(zbus::fdo::Error::Failed("the window is closing".into()))
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_start_while_the_folders_window_is_closing_opens_once_it_has_gone() -> Result<()> {
    let data_dir = tempfile::tempdir()?;
    let name = instance_bus_name(data_dir.path())?;
    let object = format!("/{}", name.replace('.', "/").replace('-', "_"));
    let (offered, mut hand_over) = tokio::sync::mpsc::unbounded_channel();
    let closing = zbus::connection::Builder::session()?
        .name(name.as_str())?
        .serve_at(object.as_str(), ClosingWindow { offered })?
        .build()
        .await
        .context("own the folder's bus name")?;
    let start = tokio::spawn(App::launch_in(data_dir));
    // The new start offers the hand-over to the closing window, which refuses it ...
    tokio::time::timeout(WAIT, hand_over.recv())
        .await
        .context("the new start never offered the hand-over")?;
    // ... then the closing window is gone, and the new start opens its own window.
    drop(closing);
    let app = start.await??;
    with_app("closing-window", app, |app| {
        Box::pin(async move {
            app.wait("#register-form").await?;
            register(app, "Ann", "Lee", "ann@example.com").await?;
            let dir = log_dir_from_about(app).await?;
            wait_for_log_line(&dir, "waiting for the closing window of this data folder").await?;
            Ok(())
        })
    })
    .await
}
