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
