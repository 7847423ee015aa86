//! The SQLite store: opening the file safely, numbered migrations, and the connection
//! every service works through.
//!
//! Opening never writes to a file it cannot vouch for: a file that is not a SQLite
//! database, a SQLite database of another application, or a Rolecall database from a
//! newer version is refused with a clear error before any pragma that writes.

mod checkpoint;
mod migrations;
mod private;

use crate::{Error, Result};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

pub use migrations::LATEST_VERSION;

/// The database file's name inside the data folder.
pub const DATABASE_FILE: &str = "rolecall.db";

/// The connection's page cache, in KiB (negative: a size, as SQLite's pragma takes it).
pub(crate) const CACHE_KIB: i64 = -65_536;

/// How long an operation waits for another connection's lock before it says "busy".
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// SQLite's default: a commit checkpoints once the log holds this many pages.
const WAL_AUTOCHECKPOINT: i64 = 1000;

/// `PRAGMA application_id` of every Rolecall database ("RCAL").
pub const APPLICATION_ID: i32 = 0x5243_414C;

/// The SQLite database of one data folder.
pub struct Store {
    data_dir: PathBuf,
    path: PathBuf,
    conn: Mutex<Connection>,
    checkpointer: checkpoint::Checkpointer,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir` and brings it to the latest
    /// schema, keeping a backup copy of the file before any migration of existing data.
    pub fn open(data_dir: impl AsRef<Path>) -> Result<Store> {
        let data_dir = data_dir.as_ref().to_path_buf();
        private::create_folder(&data_dir).map_err(|e| {
            Error::io(
                format!("Cannot create the data folder {}", data_dir.display()),
                e,
            )
        })?;
        let path = data_dir.join(DATABASE_FILE);
        // The file holds password hashes and people's personal data: it, its journal
        // (which SQLite creates with the database's permissions) and its backups are
        // the user's alone, and files earlier versions left readable are fixed.
        private::create_file(&path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::PermissionDenied
                || e.raw_os_error() == Some(private::EROFS)
            {
                read_only(&path)
            } else {
                Error::io(format!("Cannot create {}", path.display()), e)
            }
        })?;
        private::restrict_folder(&data_dir);
        private::restrict_files(&data_dir);
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(|e| unusable(&path, e))?;
        // SQLite quietly opens a file it cannot write read-only; every change would
        // then fail halfway through the session. Say so now, before anything writes.
        if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            return Err(read_only(&path));
        }
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| unusable(&path, e))?;

        let version = check_identity(&conn, &path)?;
        configure(&conn).map_err(|e| unusable(&path, e))?;
        if version < LATEST_VERSION {
            migrate(&conn, &path)?;
        }
        private::restrict_files(&data_dir);
        let checkpointer = checkpoint::Checkpointer::start(&path);
        Ok(Store {
            data_dir,
            path,
            conn: Mutex::new(conn),
            checkpointer,
        })
    }

    /// The folder that holds the database.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<u32> {
        let conn = self.conn();
        Ok(read_user_version(&conn)?)
    }

    /// The connection if no operation is using it now (for checks that must not wait).
    #[doc(hidden)]
    pub fn try_conn(&self) -> Option<MutexGuard<'_, Connection>> {
        match self.conn.try_lock() {
            Ok(guard) => Some(guard),
            Err(std::sync::TryLockError::Poisoned(p)) => Some(p.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => None,
        }
    }

    /// Hands the page cache back after an operation that read or wrote a large share
    /// of the file (a demo or an import of many members): the window then holds what
    /// it shows, not what the last bulk operation touched (a million-member demo load
    /// otherwise leaves the whole cache, and the memory of its index builds, behind).
    pub(crate) fn release_memory(&self) -> Result<()> {
        self.conn().execute_batch("PRAGMA shrink_memory")?;
        Ok(())
    }

    /// Runs `write` (which commits a bulk change on this store's connection) with the
    /// automatic checkpoint off, then has the checkpoint thread copy the log into the
    /// database (`checkpoint.rs`) and hands the page cache back: the caller gets its
    /// answer once the commit is in the log.
    pub(crate) fn bulk<T>(&self, write: impl FnOnce() -> Result<T>) -> Result<T> {
        self.conn().pragma_update(None, "wal_autocheckpoint", 0)?;
        let out = write();
        self.conn()
            .pragma_update(None, "wal_autocheckpoint", WAL_AUTOCHECKPOINT)?;
        if !self.checkpointer.request() {
            // No thread: the next commit checkpoints, as SQLite does by default.
            tracing::debug!("checkpoint left to the next commit");
        }
        let out = out?;
        self.release_memory()?;
        Ok(out)
    }

    /// The connection, for one operation at a time. Operations that change data run in
    /// one transaction on it.
    pub fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite half-written (the
        // transaction rolls back on drop), so a poisoned lock is safe to reuse.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Brings the database to the latest schema under SQLite's write lock, keeping a
/// backup copy of existing data first. The version is read again inside the lock: the
/// one read before it may be stale when another instance opened the folder at the
/// same moment and migrated it meanwhile, and then there is nothing left to do.
fn migrate(conn: &Connection, path: &Path) -> Result<()> {
    conn.execute_batch("BEGIN IMMEDIATE")
        .map_err(|e| unusable(path, e))?;
    let outcome = (|| {
        let version = check_identity(conn, path)?;
        if version >= LATEST_VERSION {
            return Ok(());
        }
        if version > 0 {
            quick_check(conn, path)?;
            backup(path, version)?;
        }
        migrations::apply(conn, version)
    })();
    match outcome {
        Ok(()) => conn.execute_batch("COMMIT").map_err(|e| unusable(path, e)),
        Err(e) => {
            if let Err(rollback) = conn.execute_batch("ROLLBACK") {
                tracing::warn!(error = %rollback, "could not roll back a failed migration");
            }
            Err(e)
        }
    }
}

fn read_user_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
        .map(|v| u32::try_from(v).unwrap_or(u32::MAX))
}

/// Reads the schema version and refuses files that are not Rolecall databases we can
/// use. Runs before anything writes to the file.
fn check_identity(conn: &Connection, path: &Path) -> Result<u32> {
    let version = read_user_version(conn).map_err(|e| unusable(path, e))?;
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| unusable(path, e))?;
    let has_tables: bool = conn
        .query_row("SELECT 1 FROM sqlite_schema LIMIT 1", [], |_| Ok(true))
        .optional()
        .map_err(|e| unusable(path, e))?
        .unwrap_or(false);
    if (version > 0 || has_tables) && app_id != APPLICATION_ID {
        return Err(Error::Storage(format!(
            "{} is a SQLite database of another application, not a Rolecall database. \
             Nothing was changed. Choose another data folder.",
            path.display()
        )));
    }
    if version > LATEST_VERSION {
        return Err(Error::Storage(format!(
            "{} was written by a newer version of Rolecall (schema {version}; this version \
             knows schema {LATEST_VERSION} at most). Nothing was changed. Update Rolecall to \
             open it, or choose another data folder.",
            path.display()
        )));
    }
    Ok(version)
}

/// Connection settings. `synchronous = NORMAL` in WAL mode: a crash of the app or the
/// OS never corrupts the file; a power cut may lose the last commits (ARCHITECTURE.md).
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    enter_wal(conn)?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // 64 MiB of page cache: large organizations' indexes stay in memory.
    conn.pragma_update(None, "cache_size", CACHE_KIB)?;
    Ok(())
}

/// Switches a database still in rollback-journal mode (one of an old version) to WAL.
/// The switch needs the file alone for an instant; when a second instance switches the
/// same file at the same moment, SQLite answers "busy" at once to one of them instead
/// of waiting (waiting could deadlock), so that one tries again until the other is done
/// (then the file is in WAL mode already), for as long as the busy timeout allows.
fn enter_wal(conn: &Connection) -> rusqlite::Result<()> {
    let give_up = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::DatabaseBusy
                    && std::time::Instant::now() < give_up =>
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            done => return done,
        }
    }
}

fn quick_check(conn: &Connection, path: &Path) -> Result<()> {
    let result: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| unusable(path, e))?;
    if result != "ok" {
        return Err(Error::Storage(format!(
            "{} is damaged ({result}). Nothing was changed. Restore a backup copy \
             (files named {DATABASE_FILE}.bak-…) or choose another data folder.",
            path.display()
        )));
    }
    Ok(())
}

/// Copies the database next to itself before a migration changes it. Runs while the
/// migrating connection holds the write lock but has written nothing yet: a second,
/// read-only connection copies the committed database (WAL lets it read meanwhile).
fn backup(path: &Path, version: u32) -> Result<()> {
    let target = path.with_file_name(format!("{DATABASE_FILE}.bak-v{version}"));
    if let Err(e) = private::create_file(&target) {
        tracing::warn!(path = %target.display(), error = %e, "could not create the backup copy privately");
    }
    Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .and_then(|reader| {
        reader.backup(
            rusqlite::MAIN_DB,
            &target,
            None::<fn(rusqlite::backup::Progress)>,
        )
    })
    .map_err(|e| {
        Error::Storage(format!(
            "Could not write the backup copy {} before upgrading the database: {e}. \
             Nothing was changed. Free some disk space and start Rolecall again.",
            target.display()
        ))
    })
}

/// The plain words for a database Rolecall may read but not write.
fn read_only(path: &Path) -> Error {
    Error::Storage(format!(
        "{} is read-only: Rolecall cannot write to the file, its folder or the disk it \
         is on. Nothing was changed. Make the folder and the file writable for your user, \
         or copy the folder somewhere writable and choose that copy as the data folder.",
        path.display()
    ))
}

fn unusable(path: &Path, e: rusqlite::Error) -> Error {
    if let rusqlite::Error::SqliteFailure(f, _) = &e
        && f.code == rusqlite::ErrorCode::ReadOnly
    {
        return read_only(path);
    }
    let detail = match &e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            "it is not a database file, or it is damaged".to_string()
        }
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DatabaseBusy => {
            "another program (or another Rolecall window) holds it locked".to_string()
        }
        other => other.to_string(),
    };
    Error::Storage(format!(
        "Cannot open {}: {detail}. Nothing was changed. Close other programs using it, \
         restore a backup copy, or choose another data folder.",
        path.display()
    ))
}

#[cfg(test)]
mod tests;
