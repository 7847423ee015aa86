//! Checkpoints after bulk writes, off the caller's path.
//!
//! A demo load or an import commits hundreds of megabytes to the write-ahead log; the
//! automatic checkpoint would then copy them into the database file before the call
//! returns (0.4 s of a 100,000-row import). Bulk writes turn the automatic checkpoint
//! off for their commit and hand the copy to this thread, which runs a passive
//! checkpoint on its own connection: readers and writers on the main connection carry
//! on meanwhile (WAL), and a crash before it finishes loses nothing (the log is
//! replayed at the next open).

use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::Duration;

/// The background checkpoint thread of one database.
pub(super) struct Checkpointer {
    nudge: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    pub(super) fn start(path: &Path) -> Checkpointer {
        let (nudge, nudges) = channel();
        let path = path.to_path_buf();
        let thread = std::thread::Builder::new()
            .name("rolecall-checkpoint".into())
            .spawn(move || run(&path, &nudges))
            .map_err(
                |e| tracing::warn!(error = %e, "no checkpoint thread; checkpoints stay automatic"),
            )
            .ok();
        Checkpointer {
            nudge: thread.as_ref().map(|_| nudge),
            thread,
        }
    }

    /// Asks for a checkpoint; `false` when there is no thread to run it.
    pub(super) fn request(&self) -> bool {
        self.nudge.as_ref().is_some_and(|n| n.send(()).is_ok())
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        // Closing the channel ends the thread after the checkpoint it may be running.
        self.nudge.take();
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::warn!("the checkpoint thread panicked");
        }
    }
}

fn run(path: &Path, nudges: &Receiver<()>) {
    let mut conn: Option<Connection> = None;
    while nudges.recv().is_ok() {
        // Requests that came in meanwhile are served by this one checkpoint.
        while nudges.try_recv().is_ok() {}
        if conn.is_none() {
            conn = open(path)
                .map_err(|e| tracing::warn!(error = %e, "cannot open the database to checkpoint"))
                .ok();
        }
        if let Some(db) = &conn {
            match db.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                Ok((r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
            }) {
                Ok((log, done)) => tracing::debug!(log, done, "checkpoint"),
                Err(e) => tracing::warn!(error = %e, "checkpoint failed; the next one retries"),
            }
        }
    }
}

fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use crate::Store;
    use rusqlite::{Connection, OpenFlags};

    /// The rows of `t` in the database file itself, the log left aside.
    fn rows_in_file(store: &Store) -> Option<i64> {
        let uri = format!("file:{}?immutable=1", store.path().display());
        let conn = Connection::open_with_flags(
            uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
        )
        .ok()?;
        conn.query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .ok()
    }

    fn autocheckpoint(store: &Store) -> i64 {
        store
            .conn()
            .pragma_query_value(None, "wal_autocheckpoint", |r| r.get(0))
            .expect("pragma")
    }

    #[test]
    fn a_bulk_write_reaches_the_database_file_through_the_checkpoint_thread() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("store");
        store
            .bulk(|| {
                store.conn().execute_batch(
                    "CREATE TABLE t (x TEXT);
                     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
                     INSERT INTO t SELECT printf('row %d', i) FROM n;",
                )?;
                Ok(())
            })
            .expect("bulk write");
        // The commit left its pages in the log; the thread copies them (a state to
        // wait for, whatever the machine's speed; the bound only turns a missing
        // checkpoint into a failure instead of a hang).
        let give_up = std::time::Instant::now() + std::time::Duration::from_secs(300);
        while rows_in_file(&store) != Some(20_000) {
            assert!(
                std::time::Instant::now() < give_up,
                "the log never reached the database file"
            );
            std::thread::yield_now();
        }
        assert_eq!(autocheckpoint(&store), super::super::WAL_AUTOCHECKPOINT);
    }

    #[test]
    fn a_failed_bulk_write_turns_automatic_checkpoints_back_on() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("store");
        let failed: crate::Result<()> = store.bulk(|| {
            store.conn().execute_batch("SELECT * FROM no_such_table")?;
            Ok(())
        });
        assert!(failed.is_err());
        assert_eq!(autocheckpoint(&store), super::super::WAL_AUTOCHECKPOINT);
    }
}
