//! What the benchmarks share: a core on a fresh SQLite file with one registered
//! account, the median of timed runs, and the printed table of figures.

use rolecall_core::clock::SystemClock;
use rolecall_core::{PasswordHashing, Registered, Rolecall, Store};
use rolecall_types::model::RegisterRequest;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A core on a new database in `dir`, and the account "Bench Admin" with its company.
pub fn core_with_admin(dir: &Path) -> (Rolecall, Registered) {
    let store = Store::open(dir).expect("store");
    let core = Rolecall::new(store, Arc::new(SystemClock), PasswordHashing::Fast);
    let admin = core
        .register(&RegisterRequest {
            first_name: "Bench".into(),
            last_name: "Admin".into(),
            email: "bench@example.com".into(),
            password: "benchmark password".into(),
            password_confirmation: "benchmark password".into(),
        })
        .expect("register");
    (core, admin)
}

/// The median time of `runs` calls of `f`.
pub fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    samples.sort();
    samples[samples.len() / 2]
}

/// Milliseconds with three decimals.
pub fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1000.0)
}

/// Prints the figures as a Markdown table under a title naming the database size.
pub fn print_table(title: &str, runs: usize, dir: &Path, rows: &[(String, String)]) {
    let size = std::fs::metadata(dir.join("rolecall.db"))
        .map(|m| m.len())
        .unwrap_or(0);
    println!(
        "\n{title} — median of {runs} runs, SQLite file {} MiB\n",
        size / (1024 * 1024)
    );
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(10);
    println!("| {:width$} | {:>10} |", "operation", "ms");
    println!("|{}|{}|", "-".repeat(width + 2), "-".repeat(12));
    for (name, value) in rows {
        println!("| {name:width$} | {value:>10} |");
    }
}

/// Waits until the log of the last bulk write is copied into the database (the store's
/// checkpoint thread does it after the call returns): figures measured meanwhile would
/// share the disk and a core with that copy.
pub fn settle(core: &Rolecall) {
    loop {
        // (busy, frames in the log, frames copied): busy while the thread still copies.
        let busy: i64 = core
            .store()
            .conn()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
            .expect("checkpoint");
        if busy == 0 {
            return;
        }
        // Asked again a little later, not in a loop that would take a core from the copy.
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
