//! Rolecall's developer commands, run as `cargo xtask <command>`:
//!
//! - `run [-- app args]`: set up what is missing, build the UI and the optimized app,
//!   open it;
//! - `dev [-- app args]`: the same with a debug build (the fast loop for developers);
//! - `test`: set up what is missing, build the UI, run formatting and lint checks, the
//!   unit and integration tests, then build the optimized app and its Debian package
//!   once and run the end-to-end tests against them — inside a private D-Bus session
//!   with its own Secret Service and an Xvfb display;
//! - `bundle`: build the Debian package of the optimized app;
//! - `setup`: only the set-up (apt packages, wasm target, pinned cargo tools);
//! - `ui`: only build the UI into `src-ui/dist`;
//! - `bench [args]`: the core's benchmarks; `bench window`: the in-window benchmark on
//!   the optimized app (neither is part of `test`);
//! - `crash-drill [kills]`: kill the core mid-write again and again, check nothing is lost;
//! - `icons`: regenerate `icons/` from `icons/icon.svg`.
//!
//! Every step is idempotent and skipped when already done, so warm runs are quick.

mod bundle;
mod crash;
mod icons;
mod setup;

use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

pub type Result<T = ()> = std::result::Result<T, String>;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const UI_PROFILE: &str = "wasm-release";
/// Set inside the private session so the command knows it is already inside it.
const IN_SESSION_ENV: &str = "ROLECALL_XTASK_IN_SESSION";

fn main() -> ExitCode {
    let mut args = env::args().skip(1);
    let command = args.next().unwrap_or_else(|| "help".to_string());
    let rest: Vec<String> = args.collect();
    let result = match command.as_str() {
        "run" => run(&rest, Build::Release),
        "dev" => run(&rest, Build::Debug),
        "test" => test(&rest),
        "bundle" => bundle(),
        "crash-drill" => crash::drill(&Paths::new().root, &rest),
        "setup" => setup::ensure_all(&Paths::new()).map(|_| ()),
        "ui" => setup::ensure_all(&Paths::new()).and_then(|tools| build_ui(&Paths::new(), &tools)),
        "bench" => bench(&rest),
        "icons" => icons::generate(&Paths::new()),
        "help" | "--help" | "-h" => {
            println!("{}", HELP);
            Ok(())
        }
        other => Err(format!("unknown command '{other}'\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}

const HELP: &str = "usage: cargo xtask <command>
  run [-- args]   set up, build the UI and the optimized app, open Rolecall
                  (args go to the app, e.g. --data-dir DIR)
  dev [-- args]   the same with a debug build: quicker to rebuild, slower to use
  test            set up and run every test: checks, unit, integration, end-to-end, package
  bundle          build the Debian package (target/release/bundle/deb/)
  setup           only install what is missing (apt packages, wasm target, pinned tools)
  ui              only build the UI into src-ui/dist
  bench [args]    run the core's benchmarks (args go to the bench binaries)
  bench window [--runs N] [--members N]
                  the in-window benchmark: the optimized app with the demo (100,000
                  members unless --members says otherwise)
  crash-drill [N] kill the core N times (default 1000) in the middle of long writes and
                  check that nothing is lost
  icons           regenerate icons/ from icons/icon.svg";

/// Which build of the app.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Build {
    /// The `release` profile with the embedded UI: what users run.
    Release,
    /// The `dev` profile: quick to rebuild.
    Debug,
}

/// Where things are: the repository, the cargo target folder and the pinned tools.
pub struct Paths {
    pub root: PathBuf,
    pub target: PathBuf,
    pub tools: PathBuf,
}

impl Paths {
    fn new() -> Paths {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .nth(3)
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let target = match env::var_os("CARGO_TARGET_DIR") {
            Some(dir) if Path::new(&dir).is_absolute() => PathBuf::from(dir),
            Some(dir) => root.join(dir),
            None => root.join("target"),
        };
        let tools = target.join("tools");
        Paths {
            root,
            target,
            tools,
        }
    }

    fn dist(&self) -> PathBuf {
        self.root.join("src-ui").join("dist")
    }
}

/// `cargo`, as the one that started us.
fn cargo() -> Command {
    let mut cmd = Command::new(env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo")));
    // Variables cargo set for this xtask must not leak into the builds it starts.
    for var in [
        "CARGO_MANIFEST_DIR",
        "CARGO_PKG_NAME",
        "CARGO_PRIMARY_PACKAGE",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// Runs a command to completion, failing with its description when it fails.
pub fn status(cmd: &mut Command, what: &str) -> Result {
    let started = Instant::now();
    println!("==> {what}");
    let status = cmd
        .status()
        .map_err(|e| format!("{what}: could not start {:?}: {e}", cmd.get_program()))?;
    if status.success() {
        println!(
            "    {what}: done in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

/// Runs a command and returns its standard output, or `None` if it cannot run or fails.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn have_display() -> bool {
    env::var_os("DISPLAY").is_some_and(|v| !v.is_empty())
        || env::var_os("WAYLAND_DISPLAY").is_some_and(|v| !v.is_empty())
}

/// Builds the Leptos UI to wasm and assembles `src-ui/dist` (the folder Tauri embeds).
fn build_ui(paths: &Paths, tools: &setup::Tools) -> Result {
    status(
        cargo().current_dir(&paths.root).args([
            "build",
            "--package",
            "rolecall-ui",
            "--target",
            WASM_TARGET,
            "--profile",
            UI_PROFILE,
        ]),
        "build the UI (wasm)",
    )?;
    let wasm = paths
        .target
        .join(WASM_TARGET)
        .join(UI_PROFILE)
        .join("rolecall-ui.wasm");
    let dist = paths.dist();
    // The bindings are generated in the target folder, then copied into the folder
    // Tauri embeds file by file, only where the bytes changed: the app's build watches
    // that folder, and fresh files there would rebuild it for nothing.
    let generated = paths.target.join("ui-bindings");
    let pkg = dist.join("pkg");
    for folder in [&generated, &pkg] {
        std::fs::create_dir_all(folder).map_err(|e| format!("create {}: {e}", folder.display()))?;
    }
    status(
        Command::new(&tools.wasm_bindgen)
            .arg(&wasm)
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--remove-name-section",
                "--remove-producers-section",
                "--out-name",
                "rolecall_ui",
                "--out-dir",
            ])
            .arg(&generated),
        "generate the UI's JavaScript bindings (wasm-bindgen)",
    )?;
    copy_dir(&generated, &pkg)?;
    copy_dir(&paths.root.join("src-ui").join("static"), &dist)?;
    let bundled = pkg.join("rolecall_ui_bg.wasm");
    let raw = std::fs::metadata(&bundled).map(|m| m.len()).unwrap_or(0);
    let gzipped = output(
        Command::new("sh")
            .arg("-c")
            .arg(format!("gzip -9 -c '{}' | wc -c", bundled.display())),
    )
    .and_then(|s| s.trim().parse::<u64>().ok())
    .unwrap_or(0);
    println!(
        "    UI wasm: {} KiB raw, {} KiB gzipped",
        raw / 1024,
        gzipped / 1024
    );
    Ok(())
}

/// Copies every file of `from` into `to`, writing only files whose bytes changed so that
/// the app is not rebuilt for nothing.
fn copy_dir(from: &Path, to: &Path) -> Result {
    let entries = std::fs::read_dir(from).map_err(|e| format!("read {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("read {}: {e}", from.display()))?;
        let source = entry.path();
        let target = to.join(entry.file_name());
        if source.is_dir() {
            std::fs::create_dir_all(&target)
                .map_err(|e| format!("create {}: {e}", target.display()))?;
            copy_dir(&source, &target)?;
            continue;
        }
        let bytes =
            std::fs::read(&source).map_err(|e| format!("read {}: {e}", source.display()))?;
        if std::fs::read(&target).ok().as_deref() != Some(bytes.as_slice()) {
            std::fs::write(&target, &bytes)
                .map_err(|e| format!("write {}: {e}", target.display()))?;
        }
    }
    Ok(())
}

/// Builds the app and returns the path of its binary.
fn build_app(paths: &Paths, build: Build) -> Result<PathBuf> {
    let mut cmd = cargo();
    cmd.current_dir(&paths.root)
        .args(["build", "--package", "rolecall"]);
    let folder = match build {
        Build::Release => {
            // The custom protocol serves the embedded UI, as an installed app does.
            cmd.args(["--release", "--features", "custom-protocol"]);
            "release"
        }
        Build::Debug => "debug",
    };
    status(&mut cmd, &format!("build the app ({folder})"))?;
    Ok(paths.target.join(folder).join("rolecall"))
}

/// Sets up what is missing, builds the UI and then the app; returns the tools and the
/// app binary.
fn prepare_app(paths: &Paths, build: Build) -> Result<(setup::Tools, PathBuf)> {
    let tools = setup::ensure_all(paths)?;
    build_ui(paths, &tools)?;
    let app = build_app(paths, build)?;
    Ok((tools, app))
}

fn run(args: &[String], build: Build) -> Result {
    let paths = Paths::new();
    let (_, app) = prepare_app(&paths, build)?;
    let app_args = args.iter().skip_while(|a| a.as_str() == "--");
    let mut cmd = if have_display() {
        if env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
            Command::new(&app)
        } else {
            let mut c = Command::new("dbus-run-session");
            c.arg("--").arg(&app);
            c
        }
    } else {
        println!("    No display found: Rolecall runs on a virtual display (Xvfb) you cannot see.");
        let mut c = Command::new("dbus-run-session");
        c.args(["--", "xvfb-run", "-a", "-s", "-screen 0 1280x800x24"])
            .arg(&app);
        c.env("NO_AT_BRIDGE", "1");
        c
    };
    cmd.args(app_args);
    status(&mut cmd, "Rolecall")
}

fn bundle() -> Result {
    let paths = Paths::new();
    let (_, app) = prepare_app(&paths, Build::Release)?;
    bundle::deb(&paths, &app).map(drop)
}

/// Runs `cargo xtask <command> <args>` again inside a private session bus with its own
/// Secret Service and a private X display, so nothing touches the desktop's keyring or
/// windows and nothing is left running; `XDG_DATA_HOME` points into the target folder.
fn in_private_session(
    paths: &Paths,
    command: &str,
    args: &[String],
    tools: &setup::Tools,
) -> Result {
    let session_home = paths.target.join(format!("{command}-session"));
    let _ = std::fs::remove_dir_all(&session_home);
    for sub in ["data", "config", "cache"] {
        std::fs::create_dir_all(session_home.join(sub))
            .map_err(|e| format!("create {}: {e}", session_home.display()))?;
    }
    let exe = env::current_exe().map_err(|e| format!("cannot find the xtask binary: {e}"))?;
    status(
        Command::new("dbus-run-session")
            .args(["--", "xvfb-run", "-a", "-s", "-screen 0 1280x800x24"])
            .arg(exe)
            .arg(command)
            .args(args)
            .env(IN_SESSION_ENV, command)
            .env("NO_AT_BRIDGE", "1")
            .env("XDG_DATA_HOME", session_home.join("data"))
            .env("XDG_CONFIG_HOME", session_home.join("config"))
            .env("XDG_CACHE_HOME", session_home.join("cache"))
            .env("ROLECALL_TAURI_DRIVER", &tools.tauri_driver),
        &format!("{command} in a private D-Bus session and X display"),
    )
}

fn test(args: &[String]) -> Result {
    let paths = Paths::new();
    if env::var_os(IN_SESSION_ENV).is_some() {
        return test_in_session(&paths, args);
    }
    let started = Instant::now();
    let tools = setup::ensure_all(&paths)?;
    build_ui(&paths, &tools)?;
    status(
        cargo()
            .current_dir(&paths.root)
            .args(["fmt", "--all", "--check"]),
        "check formatting (cargo fmt)",
    )?;
    let result = in_private_session(&paths, "test", args, &tools);
    println!(
        "\nxtask test: {} after {:.0} s",
        if result.is_ok() {
            "all passed"
        } else {
            "FAILED"
        },
        started.elapsed().as_secs_f64()
    );
    result
}

fn test_in_session(paths: &Paths, args: &[String]) -> Result {
    start_secret_service()?;
    let root = &paths.root;
    check_core_is_headless(root)?;
    status(
        cargo().current_dir(root).args([
            "clippy",
            "--workspace",
            "--exclude",
            "rolecall-ui",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
        "lint the native crates (cargo clippy)",
    )?;
    status(
        cargo().current_dir(root).args([
            "clippy",
            "--package",
            "rolecall-ui",
            "--target",
            WASM_TARGET,
            "--",
            "-D",
            "warnings",
        ]),
        "lint the UI crate (cargo clippy, wasm)",
    )?;
    status(
        cargo()
            .current_dir(root)
            .args([
                "test",
                "--workspace",
                "--exclude",
                "rolecall-ui",
                "--exclude",
                "rolecall-e2e",
            ])
            .args(args),
        "unit and integration tests",
    )?;
    // The end-to-end tests drive what users run: the optimized app and its package.
    let app = build_app(paths, Build::Release)?;
    let deb = bundle::deb(paths, &app)?;
    let screenshots = paths.target.join("e2e-screenshots");
    status(
        cargo()
            .current_dir(root)
            .args([
                "test",
                "--package",
                "rolecall-e2e",
                "--",
                "--test-threads=1",
            ])
            .env("ROLECALL_BIN", &app)
            .env("ROLECALL_DEB", &deb)
            .env("ROLECALL_SCREENSHOTS", &screenshots),
        "end-to-end tests in the real window",
    )?;
    println!("    screenshots: {}", screenshots.display());
    Ok(())
}

/// The core must not depend on Tauri or Leptos (ARCHITECTURE.md): checked on the
/// resolved dependency tree, not on the manifest alone.
fn check_core_is_headless(root: &Path) -> Result {
    let tree = output(cargo().current_dir(root).args([
        "tree",
        "--package",
        "rolecall-core",
        "--edges",
        "normal",
        "--prefix",
        "none",
    ]))
    .ok_or("cargo tree failed for rolecall-core")?;
    let offending: Vec<&str> = tree
        .lines()
        .filter(|l| l.starts_with("tauri") || l.starts_with("leptos") || l.starts_with("wry"))
        .collect();
    if !offending.is_empty() {
        return Err(format!(
            "rolecall-core must not depend on Tauri or Leptos, but it pulls in: {offending:?}"
        ));
    }
    println!("==> rolecall-core depends on neither Tauri nor Leptos");
    Ok(())
}

/// Starts gnome-keyring's Secret Service on the private session bus, unlocked, so the
/// keyring tests go through a real OS keyring.
fn start_secret_service() -> Result {
    let out = Command::new("sh")
        .arg("-c")
        .arg("printf '%s' rolecall-test | gnome-keyring-daemon --unlock --components=secrets")
        .output()
        .map_err(|e| format!("could not start gnome-keyring-daemon: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "gnome-keyring-daemon failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    println!("==> Secret Service (gnome-keyring) running on the private session bus");
    Ok(())
}

fn bench(args: &[String]) -> Result {
    let paths = Paths::new();
    if args.first().map(String::as_str) == Some("window") {
        return bench_window(&paths, &args[1..]);
    }
    status(
        cargo()
            .current_dir(&paths.root)
            .args([
                "bench",
                "--package",
                "rolecall-core",
                "--bench",
                "scale",
                "--bench",
                "audit",
                "--bench",
                "import",
                "--bench",
                "findings",
                "--",
            ])
            .args(args),
        "core benchmarks",
    )
}

/// The in-window benchmark: the optimized app, the 100,000-member demo, and the members
/// table's first page, search, sort and jump to the end timed in the page itself.
fn bench_window(paths: &Paths, args: &[String]) -> Result {
    if env::var_os(IN_SESSION_ENV).is_none() {
        let (tools, _) = prepare_app(paths, Build::Release)?;
        let mut forwarded = vec!["window".to_string()];
        forwarded.extend_from_slice(args);
        return in_private_session(paths, "bench", &forwarded, &tools);
    }
    start_secret_service()?;
    status(
        cargo()
            .current_dir(&paths.root)
            .args([
                "bench",
                "--package",
                "rolecall-e2e",
                "--bench",
                "window",
                "--",
            ])
            .args(args)
            .env(
                "ROLECALL_BIN",
                paths.target.join("release").join("rolecall"),
            ),
        "in-window benchmark",
    )
}
