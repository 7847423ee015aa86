//! The Debian package (`cargo xtask bundle`): it installs with apt, the installed
//! `rolecall` opens its first screen on the user's own data folder, and uninstalling
//! it leaves that folder — the user's organizations — in place.

use crate::flows::register;
use anyhow::{Context, Result, bail, ensure};
use rolecall_e2e::{App, with_app};
use std::path::{Path, PathBuf};
use std::process::Command;

const INSTALLED: &str = "/usr/bin/rolecall";

/// Runs a command as root: directly when the tests run as root, else through `sudo -n`.
fn as_root(args: &[&str]) -> Result<()> {
    let uid = Command::new("id").arg("-u").output().context("run id -u")?;
    let mut cmd = if String::from_utf8_lossy(&uid.stdout).trim() == "0" {
        let mut c = Command::new(args[0]);
        c.args(&args[1..]);
        c
    } else {
        let mut c = Command::new("sudo");
        c.arg("-n").args(args);
        c
    };
    let status = cmd
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()
        .with_context(|| format!("run {args:?}"))?;
    if !status.success() {
        bail!("{args:?} failed ({status}); installing a package needs root or password-less sudo");
    }
    Ok(())
}

/// Purges the package when dropped, so a failing test leaves nothing installed.
struct Installed;

impl Drop for Installed {
    fn drop(&mut self) {
        if Path::new(INSTALLED).exists() {
            let _ = as_root(&["apt-get", "purge", "-y", "-q", "rolecall"]);
        }
    }
}

/// The data folder an installed Rolecall uses when started without `--data-dir`.
fn default_data_dir() -> Result<PathBuf> {
    let base = match std::env::var_os("XDG_DATA_HOME") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => {
            PathBuf::from(std::env::var_os("HOME").context("HOME is not set")?).join(".local/share")
        }
    };
    Ok(base.join("io.rolecall.desktop"))
}

#[tokio::test(flavor = "multi_thread")]
async fn package_installs_opens_and_uninstalls_keeping_the_users_data() -> Result<()> {
    let deb = std::env::var("ROLECALL_DEB")
        .context("ROLECALL_DEB is not set: run the end-to-end tests with `cargo xtask test`")?;
    ensure!(Path::new(&deb).is_file(), "no package at {deb}");
    // `cargo xtask test` gives the tests a private, empty XDG_DATA_HOME; a user's real
    // data folder is never touched.
    let data_dir = default_data_dir()?;
    ensure!(
        std::env::var_os("XDG_DATA_HOME").is_some() && !data_dir.join("rolecall.db").exists(),
        "the package test needs a private, empty data folder: run it with `cargo xtask test`"
    );

    as_root(&[
        "apt-get",
        "install",
        "-y",
        "-q",
        "--no-install-recommends",
        &deb,
    ])?;
    let installed = Installed;
    ensure!(
        Path::new(INSTALLED).is_file(),
        "{INSTALLED} was not installed"
    );
    let entry = std::fs::read_to_string("/usr/share/applications/rolecall.desktop")
        .context("the package has no desktop entry")?;
    ensure!(
        entry.contains("Name=Rolecall")
            && entry.contains("Exec=rolecall")
            && entry.contains("Icon=rolecall"),
        "desktop entry: {entry}"
    );
    for size in [16, 24, 32, 48, 64, 128, 256, 512] {
        let icon = format!("/usr/share/icons/hicolor/{size}x{size}/apps/rolecall.png");
        ensure!(Path::new(&icon).is_file(), "no {size}px icon at {icon}");
    }

    // The installed app, started as a user starts it: no arguments, its own data folder.
    let app = App::launch_installed(Path::new(INSTALLED)).await?;
    with_app("package", app, |app| {
        Box::pin(async move {
            app.wait("#register-form").await?;
            app.settled_screenshot("package-register").await?;
            register(app, "Ann", "Lee", "ann@example.com").await?;
            app.wait_text("#switcher-name", "Lee Company").await?;
            Ok(())
        })
    })
    .await?;
    let database = data_dir.join("rolecall.db");
    ensure!(
        database.is_file(),
        "the installed app kept no data in {}",
        data_dir.display()
    );

    as_root(&["apt-get", "purge", "-y", "-q", "rolecall"])?;
    drop(installed);
    ensure!(
        !Path::new(INSTALLED).exists(),
        "{INSTALLED} is still there after purge"
    );
    let size = std::fs::metadata(&database).map(|m| m.len()).unwrap_or(0);
    ensure!(
        size > 0,
        "the user's database did not survive the uninstall"
    );
    Ok(())
}
