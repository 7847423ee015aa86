//! R37–R41, R44: API keys against the real OS keyring (gnome-keyring's Secret Service,
//! started by `cargo xtask test` in a private D-Bus session).

use crate::world::*;
use rolecall_core::secrets::{OsKeyring, SecretStore, Sensitive};
use rolecall_core::{Error, keyring_user};
use rolecall_types::ErrorKind;
use rolecall_types::ids::KeyId;
use rolecall_types::model::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

fn standard(name: &str) -> NewApiKey {
    NewApiKey {
        name: name.into(),
        kind: ApiKeyKind::Standard,
        rate_limit: None,
    }
}

fn keyring_has(org: &str, key: &str) -> bool {
    OsKeyring
        .exists(&keyring_user(org, key))
        .expect("keyring reachable")
}

#[test]
fn r38_create_stores_the_secret_in_the_os_keyring_and_only_a_hash_in_sqlite() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let created = w
        .core
        .create_api_key(&ann.id, &ann.company, &standard("CI deploy"))
        .expect("create");
    let secret = created.secret.expose().to_string();
    assert!(
        secret.starts_with("rck_std_") && secret.len() == 8 + 64,
        "{secret}"
    );
    assert_eq!(format!("{:?}", created.secret), "[redacted]");
    assert!(created.key.prefix.starts_with("rck_std_") && secret.starts_with(&created.key.prefix));
    let entry = keyring::Entry::new("rolecall", &keyring_user(&ann.company, &created.key.id))
        .expect("entry");
    assert_eq!(entry.get_password().expect("secret in the keyring"), secret);
    // SQLite: metadata and a hash, never the secret — not in any table, not in the file.
    drop(
        w.core
            .store()
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)"),
    );
    for file in ["rolecall.db", "rolecall.db-wal"] {
        let bytes = std::fs::read(w.data_dir().join(file)).unwrap_or_default();
        assert!(
            !contains(&bytes, secret.as_bytes()),
            "{file} holds the secret"
        );
        assert!(
            !contains(&bytes, &secret.as_bytes()[8..]),
            "{file} holds the secret's random part"
        );
    }
    let page = w
        .core
        .audit_log(
            &ann.id,
            &ann.company,
            &AuditQuery {
                limit: 100,
                ..AuditQuery::default()
            },
        )
        .expect("audit");
    assert!(page.entries.iter().any(|e| e.action == "api_key.created"));
    assert!(
        page.entries
            .iter()
            .all(|e| !e.details.contains(&secret[8..])),
        "the audit log holds the secret"
    );
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn r38_no_secret_in_logs() {
    use std::io::Write;
    #[derive(Clone, Default)]
    struct Buffer(Arc<std::sync::Mutex<Vec<u8>>>);
    impl Write for Buffer {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("buffer").extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let secret = tracing::subscriber::with_default(subscriber, || {
        let w = World::new();
        let ann = w.register("Ann", "Lee");
        let created = w
            .core
            .create_api_key(&ann.id, &ann.company, &standard("Logged"))
            .expect("create");
        tracing::info!(key = ?created.secret, "created a key");
        let secret = created.secret.expose().to_string();
        w.core
            .verify_api_key(&ann.id, &ann.company, &secret)
            .expect("verify");
        w.core
            .revoke_api_key(&ann.id, &ann.company, &created.key.id)
            .expect("revoke");
        secret
    });
    let logs = String::from_utf8_lossy(&buffer.0.lock().expect("buffer")).to_string();
    assert!(
        logs.contains("[redacted]"),
        "the log line was written: {logs}"
    );
    assert!(!logs.contains(&secret[8..]), "the logs hold the secret");
}

#[test]
fn r37_names_are_unique_among_active_keys_and_agent_keys_carry_a_rate_limit() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let first = w
        .core
        .create_api_key(&ann.id, &ann.company, &standard("Deploy"))
        .expect("create");
    match w
        .core
        .create_api_key(&ann.id, &ann.company, &standard("deploy"))
    {
        Err(e) => assert_eq!(e.kind(), ErrorKind::Conflict, "{e}"),
        Ok(_) => panic!("a second active key called deploy"),
    }
    w.core
        .revoke_api_key(&ann.id, &ann.company, &first.key.id)
        .expect("revoke");
    w.core
        .create_api_key(&ann.id, &ann.company, &standard("Deploy"))
        .expect("the name is free again");
    let agent = NewApiKey {
        name: "Bot".into(),
        kind: ApiKeyKind::AiAgent,
        rate_limit: None,
    };
    let created = w
        .core
        .create_api_key(&ann.id, &ann.company, &agent)
        .expect("agent key");
    assert_eq!(created.key.rate_limit, Some(60));
    assert!(created.secret.expose().starts_with("rck_agent_"));
    for (kind, rate, needle) in [
        (ApiKeyKind::AiAgent, Some(0), "1 to 10,000"),
        (ApiKeyKind::AiAgent, Some(10_001), "1 to 10,000"),
        (ApiKeyKind::Standard, Some(5), "Only AI_AGENT keys"),
    ] {
        let bad = NewApiKey {
            name: "X".into(),
            kind,
            rate_limit: rate,
        };
        assert_err(
            w.core.create_api_key(&ann.id, &ann.company, &bad),
            ErrorKind::Invalid,
            needle,
        );
    }
    assert_err(
        w.core.create_api_key(&ann.id, &ann.company, &standard("")),
        ErrorKind::Invalid,
        "Key name is required",
    );
    assert_err(
        w.core
            .create_api_key(&ann.id, &ann.company, &standard(&"k".repeat(61))),
        ErrorKind::Invalid,
        "at most 60",
    );
    let listed = w
        .core
        .list_api_keys(&ann.id, &ann.company, false)
        .expect("list");
    assert_eq!(listed.len(), 2);
    assert_eq!(
        w.core
            .list_api_keys(&ann.id, &ann.company, true)
            .expect("all")
            .len(),
        3
    );
}

#[test]
fn r39_revoke_deletes_the_keyring_entry_and_the_key_never_verifies_again() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let created = w
        .core
        .create_api_key(&ann.id, &ann.company, &standard("Old"))
        .expect("create");
    assert!(keyring_has(&ann.company, &created.key.id));
    let revoked = w
        .core
        .revoke_api_key(&ann.id, &ann.company, &created.key.id)
        .expect("revoke");
    assert!(revoked.revoked_at.is_some());
    assert!(
        !keyring_has(&ann.company, &created.key.id),
        "the secret left the keyring"
    );
    assert_eq!(w.count("keyring_cleanup", "1"), 0);
    let check = w
        .core
        .verify_api_key(&ann.id, &ann.company, created.secret.expose())
        .expect("verify");
    assert!(!check.valid);
    assert!(check.reason.unwrap_or_default().contains("revoked"));
    assert_err(
        w.core
            .revoke_api_key(&ann.id, &ann.company, &created.key.id),
        ErrorKind::Conflict,
        "already revoked",
    );
}

#[test]
fn r40_verify_tells_organization_key_and_type_and_updates_last_used() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let agent = NewApiKey {
        name: "Bot".into(),
        kind: ApiKeyKind::AiAgent,
        rate_limit: Some(120),
    };
    let created = w
        .core
        .create_api_key(&ann.id, &ann.company, &agent)
        .expect("create");
    w.clock.advance(DAY);
    let check = w
        .core
        .verify_api_key(
            &ann.id,
            &ann.company,
            &format!("  {}\n", created.secret.expose()),
        )
        .expect("verify");
    assert!(check.valid);
    assert_eq!(check.org_name.as_deref(), Some("Lee Company"));
    let key = check.key.expect("key");
    assert_eq!(
        (key.name.as_str(), key.kind, key.rate_limit),
        ("Bot", ApiKeyKind::AiAgent, Some(120))
    );
    assert_eq!(key.last_used_at, Some(START + DAY));
    // One character off, another prefix, or garbage: not valid, and said so.
    let mut wrong = created.secret.expose().to_string();
    let last = if wrong.ends_with('0') { "1" } else { "0" };
    wrong.replace_range(wrong.len() - 1.., last);
    assert!(
        !w.core
            .verify_api_key(&ann.id, &ann.company, &wrong)
            .expect("verify")
            .valid
    );
    let garbage = w
        .core
        .verify_api_key(&ann.id, &ann.company, "hello")
        .expect("verify");
    assert!(
        garbage
            .reason
            .unwrap_or_default()
            .contains("not a Rolecall key")
    );
    // Another organization does not know this key.
    let other = w.org(&ann, "Other");
    assert!(
        !w.core
            .verify_api_key(&ann.id, &other.id, created.secret.expose())
            .expect("verify")
            .valid
    );
}

#[test]
fn r37_members_without_the_permission_cannot_create_and_developers_can_view() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    w.set_plan(&ann, &ann.company, Plan::Team);
    let dev = w.template(&ann, &ann.company, "Developer");
    let bob = w.register("Bob", "Ray");
    let cy = w.register("Cy", "Dee");
    w.join(&ann, &ann.company, &bob, Some(&dev));
    w.join(&ann, &ann.company, &cy, None);
    let created = w
        .core
        .create_api_key(&ann.id, &ann.company, &standard("Shared"))
        .expect("create");
    assert_err(
        w.core
            .create_api_key(&bob.id, &ann.company, &standard("Mine")),
        ErrorKind::Forbidden,
        "API keys · Manage",
    );
    assert_err(
        w.core
            .revoke_api_key(&bob.id, &ann.company, &created.key.id),
        ErrorKind::Forbidden,
        "API keys · Manage",
    );
    assert_eq!(
        w.core
            .list_api_keys(&bob.id, &ann.company, false)
            .expect("developer lists")
            .len(),
        1
    );
    assert!(
        w.core
            .verify_api_key(&bob.id, &ann.company, created.secret.expose())
            .expect("developer verifies")
            .valid
    );
    assert_err(
        w.core.list_api_keys(&cy.id, &ann.company, false),
        ErrorKind::Forbidden,
        "API keys · View",
    );
}

#[test]
fn r44_deleting_an_organization_deletes_its_keyring_entries() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let org = w.org(&ann, "Doomed");
    let keys: Vec<KeyId> = (0..3)
        .map(|i| {
            w.core
                .create_api_key(&ann.id, &org.id, &standard(&format!("K{i}")))
                .expect("create")
                .key
                .id
        })
        .collect();
    assert!(keys.iter().all(|k| keyring_has(&org.id, k)));
    w.core
        .delete_organization(&ann.id, &org.id, &org.slug)
        .expect("delete");
    assert!(
        keys.iter().all(|k| !keyring_has(&org.id, k)),
        "no secret left behind"
    );
    assert_eq!(w.count("keyring_cleanup", "1"), 0);
    assert_eq!(w.count("api_keys", "1"), 0);
}

/// The real keyring, with deletions that fail while `failing` is set.
struct FlakyKeyring {
    failing: AtomicBool,
}

impl SecretStore for FlakyKeyring {
    fn status(&self) -> rolecall_core::Result<()> {
        OsKeyring.status()
    }
    fn set(&self, user: &str, secret: &Sensitive) -> rolecall_core::Result<()> {
        OsKeyring.set(user, secret)
    }
    fn delete(&self, user: &str) -> rolecall_core::Result<()> {
        if self.failing.load(Ordering::SeqCst) {
            return Err(Error::Keyring("the keyring went away".into()));
        }
        OsKeyring.delete(user)
    }
    fn exists(&self, user: &str) -> rolecall_core::Result<bool> {
        OsKeyring.exists(user)
    }
}

#[test]
fn r44_a_keyring_failure_halfway_is_recorded_and_repaired_at_the_next_start() {
    let flaky = Arc::new(FlakyKeyring {
        failing: AtomicBool::new(false),
    });
    let w = World::with_secret_store(flaky.clone());
    let ann = w.register("Ann", "Lee");
    let org = w.org(&ann, "Flaky");
    let kept = w
        .core
        .create_api_key(&ann.id, &org.id, &standard("Kept"))
        .expect("create");
    let gone = w
        .core
        .create_api_key(&ann.id, &org.id, &standard("Gone"))
        .expect("create");
    flaky.failing.store(true, Ordering::SeqCst);
    w.core
        .revoke_api_key(&ann.id, &org.id, &gone.key.id)
        .expect("revocation holds without the keyring");
    assert!(
        keyring_has(&org.id, &gone.key.id),
        "the keyring could not delete it yet"
    );
    assert_eq!(
        w.count("keyring_cleanup", "1"),
        1,
        "the clean-up is recorded"
    );
    assert!(
        !w.core
            .verify_api_key(&ann.id, &org.id, gone.secret.expose())
            .expect("verify")
            .valid
    );
    // A secret missing from the keyring is reported by the start-up check.
    OsKeyring
        .delete(&keyring_user(&org.id, &kept.key.id))
        .expect("remove behind Rolecall's back");
    flaky.failing.store(false, Ordering::SeqCst);
    assert_eq!(
        w.core.keys_without_secret(&ann.id, &org.id).expect("check"),
        vec![kept.key.id.clone()],
        "the API keys screen can flag it"
    );
    let repair = w.core.repair_keyring().expect("repair");
    assert_eq!((repair.cleaned, repair.still_pending), (1, 0));
    assert_eq!(
        repair.missing_secrets,
        vec![("Flaky".to_string(), "Kept".to_string())]
    );
    assert!(!keyring_has(&org.id, &gone.key.id));
    assert_eq!(w.count("keyring_cleanup", "1"), 0);
}

/// R41 runs in a child process started without a session bus: the keyring's D-Bus
/// connection is made once per process.
#[test]
fn r41_without_a_secret_service_creating_is_refused_in_plain_words() {
    if std::env::var_os("ROLECALL_NO_KEYRING_CHILD").is_some() {
        let w = World::new();
        let ann = w.register("Ann", "Lee");
        let status = w.core.keyring_status();
        assert!(!status.available);
        assert!(
            status
                .message
                .clone()
                .unwrap_or_default()
                .contains("cannot reach your system keyring"),
            "{status:?}"
        );
        assert_err(
            w.core.create_api_key(&ann.id, &ann.company, &standard("K")),
            ErrorKind::Keyring,
            "Start and unlock",
        );
        assert!(
            w.core
                .list_api_keys(&ann.id, &ann.company, true)
                .expect("listing still works")
                .is_empty()
        );
        assert!(
            !w.core
                .verify_api_key(&ann.id, &ann.company, "rck_std_00")
                .expect("verifying still works")
                .valid
        );
        assert_eq!(w.count("api_keys", "1"), 0, "nothing was written");
        return;
    }
    let exe = std::env::current_exe().expect("test binary");
    let out = std::process::Command::new(exe)
        .args([
            "--exact",
            "api_keys::r41_without_a_secret_service_creating_is_refused_in_plain_words",
            "--nocapture",
        ])
        .env("ROLECALL_NO_KEYRING_CHILD", "1")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/rolecall-test-bus",
        )
        .output()
        .expect("run the child");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "child failed:\n{text}");
    assert!(text.contains("1 passed"), "the child ran the test:\n{text}");
}
