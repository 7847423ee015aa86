//! R41: the keyring's status is known before anything is tried — a Secret Service that
//! cannot be reached, one without a default keyring, or a locked keyring — and creating
//! is refused in the same words, while listing and verifying keep working.
//!
//! The keyring's D-Bus connection is made once per process, and locking the keyring of
//! the test session would disturb the tests running beside these: every case runs in a
//! child process of this test binary, on a session bus of its own (or on none).
#![cfg(target_os = "linux")]

use crate::world::*;
use rolecall_types::ErrorKind;
use rolecall_types::model::*;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use zbus::zvariant::OwnedObjectPath;

/// Set in the child process: run the test's body instead of starting a child.
const CHILD: &str = "ROLECALL_KEYRING_STATUS_CHILD";
/// The most a child may take before it counts as hung (a bound, not a measurement).
const CHILD_LIMIT: Duration = Duration::from_secs(120);

fn standard(name: &str) -> NewApiKey {
    NewApiKey {
        name: name.into(),
        kind: ApiKeyKind::Standard,
        rate_limit: None,
    }
}

fn in_child() -> bool {
    std::env::var_os(CHILD).is_some()
}

/// Where the child's session bus comes from.
enum Bus {
    /// An address where no bus listens.
    Missing,
    /// A private session bus on which D-Bus activation may start a Secret Service,
    /// with no keyring unlocked.
    PrivateWithoutKeyring,
    /// A private session bus with gnome-keyring's Secret Service, unlocked.
    PrivateWithKeyring,
}

/// Runs the test `name` (module path included) again in a child process on `bus`,
/// with its keyring files in a temporary folder, and fails if the child fails.
fn run_child(name: &str, bus: Bus) {
    let exe = std::env::current_exe().expect("test binary");
    let home = tempfile::tempdir().expect("temporary folder");
    let dirs = ["data", "config", "cache", "runtime"].map(|d| home.path().join(d));
    for dir in &dirs {
        std::fs::create_dir_all(dir).expect("create a folder");
    }
    std::fs::set_permissions(&dirs[3], std::fs::Permissions::from_mode(0o700))
        .expect("a private runtime folder");
    let test_args = [name, "--exact", "--nocapture", "--test-threads=1"];
    let mut cmd = match bus {
        Bus::Missing => {
            let mut c = Command::new(&exe);
            c.args(test_args).env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/rolecall-test-bus",
            );
            c
        }
        Bus::PrivateWithoutKeyring | Bus::PrivateWithKeyring => {
            let start = match bus {
                Bus::PrivateWithKeyring => {
                    "printf '%s' rolecall-child | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 1; "
                }
                _ => "",
            };
            let mut c = Command::new("dbus-run-session");
            c.args(["--", "sh", "-c"])
                .arg(format!("{start}exec \"$0\" \"$@\""))
                .arg(&exe)
                .args(test_args);
            c
        }
    };
    let out = home.path().join("output");
    let log = std::fs::File::create(&out).expect("output file");
    let mut child = cmd
        .env(CHILD, "1")
        .env("XDG_DATA_HOME", &dirs[0])
        .env("XDG_CONFIG_HOME", &dirs[1])
        .env("XDG_CACHE_HOME", &dirs[2])
        .env("XDG_RUNTIME_DIR", &dirs[3])
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("output file"))
        .stderr(log)
        .process_group(0)
        .spawn()
        .expect("start the child");
    let deadline = Instant::now() + CHILD_LIMIT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the child") {
            break Some(status);
        }
        if Instant::now() > deadline {
            // The child, its bus and its keyring daemon go together.
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let text = read(&out);
    match status {
        Some(s) if s.success() => {}
        Some(_) => panic!("the child failed:\n{text}"),
        None => panic!("the child did not finish:\n{text}"),
    }
    assert!(text.contains("1 passed"), "the child ran the test:\n{text}");
}

fn read(path: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default()).into_owned()
}

/// Checks, in the child, that listing and verifying work and creating is refused with
/// the status's own words.
fn creating_is_refused_with(w: &World, ann: &Person, status: &KeyringStatus, needle: &str) {
    assert!(!status.available, "{status:?}");
    let message = status.message.clone().unwrap_or_default();
    assert!(message.contains(needle), "{status:?}");
    assert!(
        message.contains("Listing and verifying keys still work"),
        "{status:?}"
    );
    let refused = w
        .core
        .create_api_key(&ann.id, &ann.company, &standard("K"))
        .expect_err("creating is refused");
    assert_eq!(refused.kind(), ErrorKind::Keyring);
    assert_eq!(refused.to_string(), message, "the same words as the status");
    w.core
        .list_api_keys(&ann.id, &ann.company, true)
        .expect("listing still works");
    assert!(
        !w.core
            .verify_api_key(&ann.id, &ann.company, "rck_std_00")
            .expect("verifying still works")
            .valid
    );
}

#[test]
fn r41_status_reports_missing_secret_service() {
    if !in_child() {
        return run_child(
            "keyring_status::r41_status_reports_missing_secret_service",
            Bus::Missing,
        );
    }
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let status = w.core.keyring_status();
    // The keyring crate connects once per process: only a new start reaches it.
    creating_is_refused_with(&w, &ann, &status, "restart Rolecall");
    assert!(
        status
            .message
            .unwrap_or_default()
            .contains("cannot reach your system keyring")
    );
    assert_eq!(w.count("api_keys", "1"), 0, "nothing was written");
}

#[test]
fn r41_status_reports_a_secret_service_without_a_default_keyring() {
    if !in_child() {
        return run_child(
            "keyring_status::r41_status_reports_a_secret_service_without_a_default_keyring",
            Bus::PrivateWithoutKeyring,
        );
    }
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let status = w.core.keyring_status();
    creating_is_refused_with(&w, &ann, &status, "no default keyring");
    assert_eq!(w.count("api_keys", "1"), 0, "nothing was written");
}

/// Locks the keyring new secrets go to, as the desktop does after a while.
fn lock_default_keyring() {
    let conn = zbus::blocking::Connection::session().expect("the child's session bus");
    let service = "org.freedesktop.secrets";
    let root = "/org/freedesktop/secrets";
    let iface = "org.freedesktop.Secret.Service";
    let default: OwnedObjectPath = conn
        .call_method(Some(service), root, Some(iface), "ReadAlias", &("default",))
        .and_then(|reply| reply.body().deserialize())
        .expect("the default keyring");
    conn.call_method(Some(service), root, Some(iface), "Lock", &(vec![default],))
        .expect("lock it");
}

#[test]
fn r41_status_reports_a_locked_keyring() {
    if !in_child() {
        return run_child(
            "keyring_status::r41_status_reports_a_locked_keyring",
            Bus::PrivateWithKeyring,
        );
    }
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    assert_eq!(
        w.core.keyring_status(),
        KeyringStatus {
            available: true,
            message: None
        },
        "the unlocked keyring is usable"
    );
    let kept = w
        .core
        .create_api_key(&ann.id, &ann.company, &standard("Kept"))
        .expect("create while unlocked");

    lock_default_keyring();
    let status = w.core.keyring_status();
    creating_is_refused_with(&w, &ann, &status, "locked");
    assert!(
        w.core
            .verify_api_key(&ann.id, &ann.company, kept.secret.expose())
            .expect("verify")
            .valid,
        "a key made before still verifies"
    );
    assert_eq!(w.count("api_keys", "1"), 1, "nothing more was written");
    // Revoking holds; the secret's removal waits for the keyring (R44).
    w.core
        .revoke_api_key(&ann.id, &ann.company, &kept.key.id)
        .expect("revoke while locked");
    assert_eq!(w.count("keyring_cleanup", "1"), 1);
}
