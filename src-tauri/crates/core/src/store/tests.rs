use super::*;

fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read database file")
}

#[test]
fn open_creates_database_at_latest_schema_with_wal_and_foreign_keys() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path().join("nested")).expect("open");
    assert_eq!(store.schema_version().expect("version"), LATEST_VERSION);
    let conn = store.conn();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "wal");
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .expect("fk");
    assert_eq!(fk, 1);
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .expect("id");
    assert_eq!(app_id, APPLICATION_ID);
    let created: String = conn
        .query_row(
            "SELECT value FROM app_meta WHERE key = 'created_at'",
            [],
            |r| r.get(0),
        )
        .expect("created_at");
    assert!(created.ends_with('Z'), "{created}");
}

#[test]
fn reopening_keeps_data_and_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let store = Store::open(dir.path()).expect("open");
        store
            .conn()
            .execute(
                "INSERT INTO app_meta (key, value) VALUES ('probe', 'kept')",
                [],
            )
            .expect("insert");
    }
    let store = Store::open(dir.path()).expect("reopen");
    let value: String = store
        .conn()
        .query_row("SELECT value FROM app_meta WHERE key = 'probe'", [], |r| {
            r.get(0)
        })
        .expect("probe");
    assert_eq!(value, "kept");
    assert_eq!(store.schema_version().expect("version"), LATEST_VERSION);
}

#[test]
fn database_from_newer_version_is_refused_and_not_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    drop(Store::open(dir.path()).expect("open"));
    let path = dir.path().join(DATABASE_FILE);
    {
        let conn = Connection::open(&path).expect("raw open");
        conn.pragma_update(None, "user_version", LATEST_VERSION as i64 + 1)
            .expect("bump");
        conn.pragma_update(None, "journal_mode", "DELETE")
            .expect("leave wal");
    }
    let before = file_bytes(&path);
    let err = Store::open(dir.path()).expect_err("newer schema must be refused");
    assert_eq!(err.kind(), rolecall_types::ErrorKind::Storage);
    assert!(
        err.to_string().contains("newer version of Rolecall"),
        "{err}"
    );
    assert_eq!(
        file_bytes(&path),
        before,
        "the refused file must not change"
    );
}

#[test]
fn file_that_is_not_a_database_is_refused_and_not_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(DATABASE_FILE);
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&path, &garbage).expect("write garbage");
    let err = Store::open(dir.path()).expect_err("garbage must be refused");
    assert_eq!(err.kind(), rolecall_types::ErrorKind::Storage);
    assert!(err.to_string().contains("not a database file"), "{err}");
    assert_eq!(file_bytes(&path), garbage);
}

#[test]
fn sqlite_file_of_another_application_is_refused_and_not_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(DATABASE_FILE);
    {
        let conn = Connection::open(&path).expect("raw open");
        conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x');")
            .expect("foreign schema");
    }
    let before = file_bytes(&path);
    let err = Store::open(dir.path()).expect_err("foreign database must be refused");
    assert!(err.to_string().contains("another application"), "{err}");
    assert_eq!(file_bytes(&path), before);
}

#[test]
fn upgrading_an_older_database_keeps_a_backup_copy_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(DATABASE_FILE);
    {
        let conn = Connection::open(&path).expect("raw open");
        conn.execute_batch(include_str!("migrations/0001_app_meta.sql"))
            .expect("migration 1");
        conn.execute(
            "INSERT INTO app_meta (key, value) VALUES ('probe', 'from v1')",
            [],
        )
        .expect("probe");
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .expect("id");
        conn.pragma_update(None, "user_version", 1)
            .expect("version");
    }
    let store = Store::open(dir.path()).expect("upgrade");
    assert_eq!(store.schema_version().expect("version"), LATEST_VERSION);
    let backup = dir.path().join(format!("{DATABASE_FILE}.bak-v1"));
    let old = Connection::open(&backup).expect("backup opens");
    let version: i64 = old
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(
        version, 1,
        "the backup is the database as it was before the upgrade"
    );
    let probe: String = old
        .query_row("SELECT value FROM app_meta WHERE key = 'probe'", [], |r| {
            r.get(0)
        })
        .expect("probe");
    assert_eq!(probe, "from v1");
}

#[cfg(unix)]
fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// The database holds password hashes and every member's personal data: other local
/// users must not read it, its journal or its backups.
#[cfg(unix)]
#[test]
fn database_folder_and_files_are_private_to_the_user() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let store = Store::open(&data).expect("open");
    store
        .conn()
        .execute(
            "INSERT INTO app_meta (key, value) VALUES ('probe', 'x')",
            [],
        )
        .expect("write");
    assert_eq!(mode_of(&data), 0o700, "data folder");
    for name in [DATABASE_FILE, "rolecall.db-wal", "rolecall.db-shm"] {
        assert_eq!(mode_of(&data.join(name)), 0o600, "{name}");
    }
}

#[cfg(unix)]
#[test]
fn database_files_left_readable_by_others_are_made_private_at_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let path = data.join(DATABASE_FILE);
    {
        // An older database at schema 1, as earlier versions left it: 0755 / 0644.
        std::fs::create_dir(&data).expect("mkdir");
        let conn = Connection::open(&path).expect("raw open");
        conn.execute_batch(include_str!("migrations/0001_app_meta.sql"))
            .expect("migration 1");
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .expect("id");
        conn.pragma_update(None, "user_version", 1)
            .expect("version");
        set_mode(&data, 0o755);
        set_mode(&path, 0o644);
    }
    {
        let _store = Store::open(&data).expect("open");
        assert_eq!(mode_of(&data), 0o700, "data folder");
        assert_eq!(mode_of(&path), 0o600, "database");
        let backup = data.join(format!("{DATABASE_FILE}.bak-v1"));
        assert_eq!(mode_of(&backup), 0o600, "backup before migrating");
        for name in ["rolecall.db-wal", "rolecall.db-shm"] {
            assert_eq!(mode_of(&data.join(name)), 0o600, "{name}");
        }
        set_mode(&backup, 0o644);
    }
    let _store = Store::open(&data).expect("reopen");
    assert_eq!(
        mode_of(&data.join(format!("{DATABASE_FILE}.bak-v1"))),
        0o600,
        "an old backup is fixed too"
    );
}

/// A version read before another instance migrated is stale: migrating re-reads it
/// under the write lock and does nothing when the work is done.
#[test]
fn a_stale_version_does_not_migrate_twice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(DATABASE_FILE);
    let stale = {
        let conn = Connection::open(&path).expect("raw open");
        conn.execute_batch(include_str!("migrations/0001_app_meta.sql"))
            .expect("migration 1");
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .expect("id");
        conn.pragma_update(None, "user_version", 1)
            .expect("version");
        conn
    };
    let seen = read_user_version(&stale).expect("version");
    assert_eq!(seen, 1);
    // Another instance opens the folder and migrates it meanwhile.
    let other = Store::open(dir.path()).expect("other instance");
    other
        .conn()
        .execute(
            "INSERT INTO app_meta (key, value) VALUES ('probe', 'kept')",
            [],
        )
        .expect("write");
    drop(other);
    // This instance goes on with what it read.
    stale.busy_timeout(Duration::from_secs(5)).expect("timeout");
    migrate(&stale, &path).expect("nothing left to migrate");
    assert_eq!(read_user_version(&stale).expect("version"), LATEST_VERSION);
    let probe: String = stale
        .query_row("SELECT value FROM app_meta WHERE key = 'probe'", [], |r| {
            r.get(0)
        })
        .expect("probe");
    assert_eq!(probe, "kept");
}

#[test]
fn two_instances_opening_an_old_database_at_once_both_start() {
    for _ in 0..4 {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(DATABASE_FILE);
        {
            let conn = Connection::open(&path).expect("raw open");
            conn.execute_batch(include_str!("migrations/0001_app_meta.sql"))
                .expect("migration 1");
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .expect("id");
            conn.pragma_update(None, "user_version", 1)
                .expect("version");
        }
        let barrier = std::sync::Barrier::new(2);
        std::thread::scope(|s| {
            let opens: Vec<_> = (0..2)
                .map(|_| {
                    s.spawn(|| {
                        barrier.wait();
                        Store::open(dir.path()).map(|store| store.schema_version())
                    })
                })
                .collect();
            for open in opens {
                let version = open
                    .join()
                    .expect("thread")
                    .expect("open")
                    .expect("version");
                assert_eq!(version, LATEST_VERSION);
            }
        });
    }
}

/// Set in the child that opens a read-only database as an unprivileged user.
#[cfg(unix)]
const READ_ONLY_PROBE: &str = "ROLECALL_READ_ONLY_PROBE";

/// What opening the folder answers, as text ("ok" or the error).
#[cfg(unix)]
fn open_outcome(data: &Path) -> String {
    match Store::open(data) {
        Ok(_) => "ok".to_string(),
        Err(e) => format!("{:?}: {e}", e.kind()),
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_database_is_refused_at_start_with_a_plain_message_and_not_written() {
    if let Some(data) = std::env::var_os(READ_ONLY_PROBE) {
        println!("OUTCOME {}", open_outcome(Path::new(&data)));
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    {
        let store = Store::open(&data).expect("open");
        store
            .conn()
            .execute(
                "INSERT INTO app_meta (key, value) VALUES ('probe', 'x')",
                [],
            )
            .expect("write");
    }
    // The folder and the file are read-only, as on a read-only mount or a copy from one.
    let path = data.join(DATABASE_FILE);
    for entry in std::fs::read_dir(&data).expect("list") {
        set_mode(&entry.expect("entry").path(), 0o444);
    }
    set_mode(&data, 0o555);
    let before: Vec<(String, Vec<u8>)> = std::fs::read_dir(&data)
        .expect("list")
        .map(|e| {
            let p = e.expect("entry").path();
            (p.display().to_string(), std::fs::read(&p).expect("read"))
        })
        .collect();
    let root = std::fs::metadata("/proc/self").map(|m| {
        use std::os::unix::fs::MetadataExt;
        m.uid() == 0
    });
    let outcome = if root.unwrap_or(false) {
        // Root writes through permissions: ask an unprivileged user to open it.
        set_mode(dir.path(), 0o755);
        let exe = std::env::current_exe().expect("test binary");
        let out = std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(exe)
            .args([
                "--exact",
                "store::tests::a_read_only_database_is_refused_at_start_with_a_plain_message_and_not_written",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(READ_ONLY_PROBE, &data)
            .output()
            .expect("run setpriv");
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        stdout
            .lines()
            .find_map(|l| l.split_once("OUTCOME ").map(|(_, o)| o.to_string()))
            .unwrap_or_else(|| {
                panic!(
                    "no outcome from the unprivileged child: {stdout}\n{}",
                    String::from_utf8_lossy(&out.stderr)
                )
            })
    } else {
        open_outcome(&data)
    };
    set_mode(&data, 0o700);
    assert!(outcome.starts_with("Storage: "), "{outcome}");
    assert!(outcome.contains("read-only"), "{outcome}");
    assert!(outcome.contains(&path.display().to_string()), "{outcome}");
    assert!(outcome.contains("Nothing was changed"), "{outcome}");
    let after: Vec<(String, Vec<u8>)> = std::fs::read_dir(&data)
        .expect("list")
        .map(|e| {
            let p = e.expect("entry").path();
            (p.display().to_string(), std::fs::read(&p).expect("read"))
        })
        .collect();
    assert_eq!(before, after, "nothing was written");
}

/// R55: a database from before Review·run existed gives it to its Owner and Admin roles
/// (which hold the whole catalogue) and to no other role.
#[test]
fn r55_upgrading_gives_review_run_to_stored_owner_and_admin_roles() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(DATABASE_FILE);
    {
        let conn = Connection::open(&path).expect("raw open");
        for sql in [
            include_str!("migrations/0001_app_meta.sql"),
            include_str!("migrations/0002_domain.sql"),
            include_str!("migrations/0003_api_keys.sql"),
            include_str!("migrations/0004_audit_filters.sql"),
            include_str!("migrations/0005_sign_in_attempts.sql"),
            include_str!("migrations/0006_imports.sql"),
        ] {
            conn.execute_batch(sql).expect("older migration");
        }
        conn.execute_batch(
            "INSERT INTO organizations (id, name, slug, created_at) VALUES ('o1', 'Acme', 'acme', 0);
             INSERT INTO roles (id, org_id, name, kind, level, permissions, created_at) VALUES
                 ('r1', 'o1', 'Owner', 'owner', 100, 'organization.view,data.export', 0),
                 ('r2', 'o1', 'Admin', 'admin', 80, 'organization.view,data.export', 0),
                 ('r3', 'o1', 'Member', 'member', 10, 'organization.view', 0),
                 ('r4', 'o1', 'Auditor', 'custom', 30, '', 0);",
        )
        .expect("roles");
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .expect("id");
        conn.pragma_update(None, "user_version", 6)
            .expect("version");
    }
    let store = Store::open(dir.path()).expect("upgrade");
    let conn = store.conn();
    let perms = |id: &str| -> String {
        conn.query_row("SELECT permissions FROM roles WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .expect("role")
    };
    assert_eq!(perms("r1"), "organization.view,data.export,review.run");
    assert_eq!(perms("r2"), "organization.view,data.export,review.run");
    assert_eq!(perms("r3"), "organization.view");
    assert_eq!(perms("r4"), "");
}
