//! `cargo xtask crash-drill [kills] [--seed N]`: the crash drill at length. Runs the
//! core's `crash_drill_long` test in release mode — the core on a real data folder,
//! killed with SIGKILL at random moments of a demo load, an export to a file or a run of
//! member changes, then reopened and checked — with `kills` kills (1000 unless given),
//! and prints the kills of each kind, the failures and the time taken. `--seed` replays
//! the kill schedule of an earlier run (each run prints its seed).

use crate::Result;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::time::Instant;

/// The kills a drill makes unless told otherwise.
const DEFAULT_KILLS: u64 = 1000;
/// Read by the drill test: how many kills.
const KILLS_ENV: &str = "ROLECALL_CRASH_KILLS";
/// Read by the drill test: the seed of the kill schedule.
const SEED_ENV: &str = "ROLECALL_CRASH_SEED";
/// The line the drill test ends with.
const SUMMARY: &str = "crash drill summary:";

pub fn drill(root: &Path, args: &[String]) -> Result {
    let (kills, seed) = parse_args(args)?;
    let started = Instant::now();
    println!("==> crash drill: {kills} kills, release build");
    let mut cmd = crate::cargo();
    cmd.current_dir(root)
        .args([
            "test",
            "--release",
            "--package",
            "rolecall-core",
            "--test",
            "core",
            "crash::crash_drill_long",
            "--",
            "--exact",
            "--ignored",
            "--nocapture",
        ])
        .env(KILLS_ENV, kills.to_string())
        .stdout(Stdio::piped());
    match seed {
        Some(seed) => cmd.env(SEED_ENV, seed.to_string()),
        None => cmd.env_remove(SEED_ENV),
    };
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("crash drill: could not start cargo: {e}"))?;
    // Pass the drill's lines through as they come and keep its summary.
    let mut summary = None;
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line.map_err(|e| format!("crash drill: reading its output: {e}"))?;
            println!("{line}");
            if let Some(rest) = line.strip_prefix(SUMMARY) {
                summary = Some(rest.trim().to_string());
            }
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("crash drill: waiting for cargo: {e}"))?;
    let minutes = started.elapsed().as_secs_f64() / 60.0;
    let Some(summary) = summary else {
        return Err(format!(
            "crash drill ended ({status}) after {minutes:.1} min without its summary (did the build fail?)"
        ));
    };
    let figure = |key: &str| {
        summary
            .split_whitespace()
            .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
            .unwrap_or("?")
            .to_string()
    };
    println!(
        "==> crash drill: {} kills (demo load {}, export {}, member changes {}), {} failures, \
         {minutes:.1} min, seed {}",
        figure("kills"),
        figure("demo"),
        figure("export"),
        figure("batch"),
        figure("failures"),
        figure("seed"),
    );
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "crash drill failed ({status}); replay its kill schedule with --seed {}",
            figure("seed")
        ))
    }
}

/// `[kills] [--seed N]`, also `--kills N`.
fn parse_args(args: &[String]) -> Result<(u64, Option<u64>)> {
    let number = |what: &str, value: Option<&String>| -> Result<u64> {
        let value = value.ok_or_else(|| format!("crash-drill: {what} needs a number"))?;
        value
            .parse()
            .map_err(|_| format!("crash-drill: {what} is a number, not '{value}'"))
    };
    let mut kills = DEFAULT_KILLS;
    let mut seed = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--seed" => seed = Some(number("--seed", rest.next())?),
            "--kills" => kills = number("--kills", rest.next())?,
            other => kills = number("the kill count", Some(&other.to_string()))?,
        }
    }
    if kills == 0 {
        return Err("crash-drill: the kill count must be at least 1".into());
    }
    Ok((kills, seed))
}
