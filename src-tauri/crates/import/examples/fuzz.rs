//! The long fuzz run of the readers (stable toolchain; no cargo-fuzz):
//!
//! ```text
//! cargo run -p rolecall-import --release --example fuzz -- --minutes 30 --reader google_workspace
//! ```
//!
//! `--reader` takes a source code (`google_workspace`, `okta_users`, `okta_password_health`,
//! `entra_id`, `slack`, `github_csv`, `github_json`, `scim`, `rolecall`, `mapped`),
//! `detect` (no override) or `all` (each in turn, `--minutes` each); `--seed N` repeats a
//! run. Prints iterations and panics per reader; an input that panics or breaks a promise
//! is saved as `fuzz-failure-<reader>-<n>.bin` and the exit code is 1.

#[path = "../tests/readers/mutate.rs"]
mod mutate;

use rolecall_import::Source;
use std::time::{Duration, Instant};

fn main() {
    let mut minutes = 1.0f64;
    let mut names = vec!["all".to_string()];
    let mut seed = 0x5eed_u64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--minutes" => minutes = args.next().and_then(|v| v.parse().ok()).unwrap_or(minutes),
            "--reader" => {
                names = args
                    .next()
                    .map(|v| v.split(',').map(str::to_string).collect())
                    .unwrap_or(names)
            }
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).unwrap_or(seed),
            other => {
                eprintln!(
                    "unknown argument {other}: use --minutes N --reader NAME[,NAME] --seed N"
                );
                std::process::exit(2);
            }
        }
    }
    let mut readers: Vec<Option<Source>> = Vec::new();
    for name in &names {
        match name.as_str() {
            "all" => readers.extend(mutate::readers()),
            "detect" => readers.push(None),
            code => match Source::from_code(code) {
                Some(s) => readers.push(Some(s)),
                None => {
                    eprintln!("unknown reader {code}");
                    std::process::exit(2);
                }
            },
        }
    }
    // Panics are counted, not printed one by one.
    std::panic::set_hook(Box::new(|_| {}));
    let mut failed = false;
    println!(
        "{:<22} {:>12} {:>8} {:>8} {:>10}",
        "reader", "iterations", "panics", "broken", "seconds"
    );
    for reader in readers {
        let name = reader.map_or("detect", |s| s.code());
        let start = Instant::now();
        let until = start + Duration::from_secs_f64(minutes * 60.0);
        let mut saved = 0;
        let figures = mutate::run(reader, seed, until, u64::MAX, |why, data| {
            if saved < 20 {
                saved += 1;
                let file = format!("fuzz-failure-{name}-{saved}.bin");
                let _ = std::fs::write(&file, data);
                eprintln!("{name}: {why} (input saved as {file})");
            }
        });
        println!(
            "{:<22} {:>12} {:>8} {:>8} {:>10.0}",
            name,
            figures.iterations,
            figures.panics,
            figures.broken,
            start.elapsed().as_secs_f64()
        );
        failed |= figures.panics > 0 || figures.broken > 0;
    }
    if failed {
        std::process::exit(1);
    }
}
