//! Installs whatever is missing, idempotently: Debian packages, the wasm target, and the
//! cargo tools pinned to exact versions (installed from the cargo registry into
//! `<target>/tools`, never downloaded from elsewhere).

use crate::{Paths, Result, WASM_TARGET, output, status};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Debian/Ubuntu packages: WebKitGTK 4.1 and friends for Tauri, Xvfb, WebKit's
/// WebDriver and xwd (the tests' screenshots) for end-to-end tests, D-Bus and gnome-keyring for a real Secret Service,
/// fonts for a readable UI.
const APT_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "libssl-dev",
    "libwebkit2gtk-4.1-dev",
    "libgtk-3-dev",
    "libsoup-3.0-dev",
    "librsvg2-dev",
    "libayatana-appindicator3-dev",
    "libxdo-dev",
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "x11-apps",
    "dbus",
    "dbus-x11",
    "gnome-keyring",
    "libsecret-tools",
    "fonts-inter",
    "fonts-dejavu-core",
];

/// tauri-driver, pinned; installed with `--locked`.
const TAURI_DRIVER_VERSION: &str = "2.1.0";

/// Paths of the pinned tools.
pub struct Tools {
    pub wasm_bindgen: PathBuf,
    pub tauri_driver: PathBuf,
}

pub fn ensure_all(paths: &Paths) -> Result<Tools> {
    ensure_apt_packages()?;
    ensure_wasm_target()?;
    let wasm_bindgen_version = locked_version(&paths.root, "wasm-bindgen")?;
    // wasm-bindgen-cli's own lockfile pins crates the registry may lack: no --locked.
    let wasm_bindgen = ensure_cargo_tool(
        paths,
        "wasm-bindgen-cli",
        "wasm-bindgen",
        &wasm_bindgen_version,
        false,
    )?;
    let tauri_driver = ensure_cargo_tool(
        paths,
        "tauri-driver",
        "tauri-driver",
        TAURI_DRIVER_VERSION,
        true,
    )?;
    Ok(Tools {
        wasm_bindgen,
        tauri_driver,
    })
}

fn ensure_apt_packages() -> Result {
    if !Path::new("/usr/bin/dpkg-query").exists() {
        println!(
            "==> not a Debian/Ubuntu system: install WebKitGTK 4.1, Xvfb, WebKitWebDriver, D-Bus and \
             gnome-keyring with your package manager (see README.md)"
        );
        return Ok(());
    }
    let missing: Vec<&str> = APT_PACKAGES
        .iter()
        .copied()
        .filter(|p| !apt_installed(p))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let root = output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    let apt = |args: &[&str]| {
        let mut cmd = if root {
            Command::new("apt-get")
        } else {
            Command::new("sudo")
        };
        if !root {
            cmd.arg("apt-get");
        }
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    status(&mut apt(&["update", "-qq"]), "apt-get update")?;
    let mut install = apt(&["install", "-y", "-qq"]);
    install.args(&missing);
    status(
        &mut install,
        &format!("install system packages: {}", missing.join(" ")),
    )
}

fn apt_installed(package: &str) -> bool {
    output(Command::new("dpkg-query").args(["-W", "-f=${Status}", package]))
        .is_some_and(|s| s.contains("install ok installed"))
}

fn ensure_wasm_target() -> Result {
    let installed =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        return Ok(());
    }
    status(
        Command::new("rustup").args(["target", "add", WASM_TARGET]),
        "add the wasm target",
    )
}

/// The version of `crate_name` recorded in Cargo.lock.
fn locked_version(root: &Path, crate_name: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|e| format!("read Cargo.lock: {e}"))?;
    let needle = format!("name = \"{crate_name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == needle
            && let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
        {
            return Ok(version.trim_matches('"').to_string());
        }
    }
    Err(format!("Cargo.lock does not list {crate_name}"))
}

/// Installs `crate_name` at exactly `version` into `<target>/tools` unless cargo's
/// install record there already lists that version.
fn ensure_cargo_tool(
    paths: &Paths,
    crate_name: &str,
    bin: &str,
    version: &str,
    locked: bool,
) -> Result<PathBuf> {
    let path = paths.tools.join("bin").join(bin);
    // cargo install records what it installed, as `"<crate> <version> (<source>)"`.
    let record = std::fs::read_to_string(paths.tools.join(".crates.toml")).unwrap_or_default();
    if path.exists() && record.contains(&format!("\"{crate_name} {version} ")) {
        return Ok(path);
    }
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.args([
        "install",
        crate_name,
        "--version",
        &format!("={version}"),
        "--root",
    ])
    .arg(&paths.tools)
    .arg("--force");
    if locked {
        cmd.arg("--locked");
    }
    // Build the tool in its own folder so it neither waits for nor invalidates ours.
    cmd.env("CARGO_TARGET_DIR", paths.tools.join("build"));
    status(&mut cmd, &format!("install {crate_name} {version}"))?;
    Ok(path)
}
