//! The in-window benchmark: the optimized Rolecall window with the demo organization
//! (100,000 members, or `--members 1000000`), timed in the page itself
//! (`performance.now()`: until the DOM holds the result, and until the next animation
//! frame sees it). Prints the time to load the demo, the memory, and the medians over
//! `--runs N` (default 5) of the members table's first page, searches, a sort and a jump
//! to the end.
//!
//! Run it with `cargo xtask bench window [--runs N] [--members N]`: it builds the release
//! app and runs this inside a private D-Bus session and X display. Figures, not
//! pass/fail.

use anyhow::{Context, Result, bail};
use rolecall_e2e::{App, Measured};
use std::time::{Duration, Instant};

const PASSWORD: &str = "correct horse battery";

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<()> {
    let runs = number_from_args("--runs", 5)?;
    let members = number_from_args("--members", 100_000)?;
    let app = App::launch().await?;
    let outcome = bench(&app, runs, members).await;
    app.close().await;
    outcome
}

/// The number after `flag`, or `default`.
fn number_from_args(flag: &str, default: usize) -> Result<usize> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().position(|a| a == flag) {
        Some(i) => args
            .get(i + 1)
            .and_then(|n| n.parse().ok())
            .filter(|n| *n > 0)
            .with_context(|| format!("{flag} needs a positive number")),
        None => Ok(default),
    }
}

async fn bench(app: &App, runs: usize, members: usize) -> Result<()> {
    // Counts of active members above this mean "the whole demo is listed".
    let whole = members as u64 * 9 / 10;
    app.fill("#first-name", "Ann").await?;
    app.fill("#last-name", "Lee").await?;
    app.fill("#email", "ann@example.com").await?;
    app.fill("#password", PASSWORD).await?;
    app.fill("#password-confirmation", PASSWORD).await?;
    app.click("#register-submit").await?;
    app.wait(".shell").await?;
    app.click("#switcher-button").await?;
    app.click("#switch-personal").await?;
    app.wait_gone("#switcher-menu").await?;

    app.js(
        // A size the page does not offer (100, to compare memory) is added to its list.
        "const s = document.querySelector('#demo-size'); \
         if (![...s.options].some(o => o.value === arguments[0])) s.add(new Option(arguments[0], arguments[0])); \
         s.value = arguments[0]; s.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![serde_json::Value::from(members.to_string())],
    )
    .await?;
    let started = Instant::now();
    app.click("#load-demo").await?;
    app.wait_text_for(
        "#switcher-name",
        &format!("Demo {members} members"),
        Duration::from_secs(1800),
    )
    .await?;
    app.wait_until(&format!("{COUNT} > {whole}")).await?;
    let load = started.elapsed();
    let total = app
        .js(&format!("return {COUNT};"), vec![])
        .await?
        .as_u64()
        .unwrap_or(0);
    println!(
        "in-window benchmark, {total} active members, {runs} runs; loading the demo took {:.1} s",
        load.as_secs_f64()
    );
    // Memory with the organization open on the members screen, settled as the shared
    // start-up tool settles it (3 s), and again after the timed runs.
    tokio::time::sleep(Duration::from_secs(3)).await;
    println!("PSS with the members screen open: {:.0} MB", app_pss_mb()?);

    let mut first_page = Vec::new();
    let mut search_ann = Vec::new();
    let mut search_zz = Vec::new();
    let mut search_zoe = Vec::new();
    let mut sort = Vec::new();
    let mut jump = Vec::new();
    for run in 0..runs {
        app.click("#nav-settings").await?;
        app.wait("#org-settings-form").await?;
        first_page.push(
            timed(
                app,
                "document.querySelector('#nav-members').click()",
                &format!("{ROWS} >= 10"),
            )
            .await?,
        );
        search_ann.push(
            timed(
                app,
                &search("ann"),
                &format!("{COUNT} > 0 && {COUNT} < {whole} && {ROWS} > 0"),
            )
            .await?,
        );
        app.measure(&search(""), &format!("{COUNT} > {whole} && {ROWS} > 0"))
            .await?;
        search_zz.push(timed(app, &search("zz"), &format!("{COUNT} < {whole}")).await?);
        app.measure(&search(""), &format!("{COUNT} > {whole} && {ROWS} > 0"))
            .await?;
        // A common first name that sorts after everyone else by name.
        search_zoe.push(
            timed(
                app,
                &search("zoe"),
                &format!("{COUNT} > 0 && {COUNT} < {whole} && {ROWS} > 0"),
            )
            .await?,
        );
        app.measure(&search(""), &format!("{COUNT} > {whole} && {ROWS} > 0"))
            .await?;
        // Sort by last login (each click turns the order round): the first row changes.
        let before = app.js(&format!("return {FIRST};"), vec![]).await?;
        sort.push(
            timed(
                app,
                "document.querySelector('#sort-login').click()",
                &format!("{FIRST} !== null && {FIRST} !== {before}"),
            )
            .await?,
        );
        let last = total.saturating_sub(1);
        jump.push(
            timed(app,
                "const b = document.querySelector('#members-body'); b.scrollTop = b.scrollHeight",
                &format!("document.querySelector(\".member-row[data-index='{last}']:not(.placeholder)\") !== null"),
            )
            .await?,
        );
        let rows = app.count(".member-row").await?;
        if rows >= 200 {
            bail!("run {run}: the DOM holds {rows} rows");
        }
    }
    println!(
        "{:<26} {:>10} {:>8} {:>8} {:>11} {:>9}",
        "members table (medians)", "in the DOM", "min", "max", "next frame", "the call"
    );
    for (name, values) in [
        ("first page", first_page),
        ("search \"ann\"", search_ann),
        ("search \"zz\" (no match)", search_zz),
        ("search \"zoe\" (sorts last)", search_zoe),
        ("sort by last login", sort),
        ("jump to the end", jump),
    ] {
        let median = |pick: fn(&(Measured, f64)) -> f64| {
            let mut v: Vec<f64> = values.iter().map(pick).collect();
            v.sort_by(f64::total_cmp);
            (v[v.len() / 2], v[0], v[v.len() - 1])
        };
        let (dom, least, most) = median(|(m, _)| m.dom);
        let (frame, _, _) = median(|(m, _)| m.frame);
        let (call, _, _) = median(|(_, c)| *c);
        println!(
            "{name:<26} {dom:>7.0} ms {least:>5.0} ms {most:>5.0} ms {frame:>8.0} ms {call:>6.0} ms"
        );
    }
    println!(
        "(in the DOM: the action until the page held the result; next frame: until an \
         animation frame saw it, the frame that paints it is drawn after; the call: the last \
         members request, sent to answered, as the page saw it)"
    );
    tokio::time::sleep(Duration::from_secs(3)).await;
    println!("PSS after the runs: {:.0} MB", app_pss_mb()?);
    Ok(())
}

/// The proportional set size of the app and every process under it (its WebKit
/// processes), in MB: what the shared start-up tool reports for a bare window.
fn app_pss_mb() -> Result<f64> {
    let bin = std::fs::canonicalize(std::env::var("ROLECALL_BIN").context("ROLECALL_BIN")?)?;
    let mut parent_of = Vec::new();
    let mut roots = Vec::new();
    for entry in std::fs::read_dir("/proc")?.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        let ppid = stat
            .rfind(')')
            .and_then(|at| stat[at + 2..].split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(0);
        parent_of.push((pid, ppid));
        if std::fs::read_link(format!("/proc/{pid}/exe"))
            .ok()
            .as_deref()
            == Some(bin.as_path())
        {
            roots.push(pid);
        }
    }
    if roots.is_empty() {
        bail!("no running {}", bin.display());
    }
    let mut kb = 0u64;
    let mut parts = Vec::new();
    let mut stack = roots;
    while let Some(pid) = stack.pop() {
        stack.extend(parent_of.iter().filter(|(_, p)| *p == pid).map(|(c, _)| *c));
        if let Ok(rollup) = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")) {
            let pss = rollup
                .lines()
                .find_map(|l| l.strip_prefix("Pss:"))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0);
            let name = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
            parts.push(format!("{} {} MB", name.trim(), pss / 1024));
            kb += pss;
        }
    }
    println!("  ({})", parts.join(", "));
    Ok(kb as f64 / 1024.0)
}

/// The active-member count the table shows (its lower bound for "More than …").
const COUNT: &str = "parseInt(document.querySelector('#members-count').textContent.replace(/,/g, '').replace(/^\\D+/, ''))";
/// Rows with data on screen.
const ROWS: &str = "document.querySelectorAll('.member-row:not(.placeholder)').length";
/// The e-mail of the first row on screen.
const FIRST: &str = "(document.querySelector('.member-row:not(.placeholder)') || {dataset: {}}).dataset.email || null";

/// Times `action` until `condition` holds, in the page ([`App::measure`]), with the time the last members
/// request took (sent to answered, as the page saw it; 0 when none was sent).
async fn timed(app: &App, action: &str, condition: &str) -> Result<(Measured, f64)> {
    app.js("window.__rolecallLastFetchMs = 0;", vec![]).await?;
    let whole = app.measure(action, condition).await?;
    let call = app
        .js("return window.__rolecallLastFetchMs || 0;", vec![])
        .await?
        .as_f64()
        .unwrap_or(0.0);
    Ok((whole, call))
}

/// Types `text` into the search box as one input event.
fn search(text: &str) -> String {
    format!(
        "const s = document.querySelector('#member-search'); s.value = {}; s.dispatchEvent(new Event('input', {{ bubbles: true }}))",
        serde_json::Value::from(text)
    )
}
