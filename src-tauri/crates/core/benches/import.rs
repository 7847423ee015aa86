//! Import benchmark (R46–R49): a generated Google Workspace "Download users" CSV (the
//! 34 columns of the fixture's header) previewed and imported into a new organization,
//! side by side with the `sqlite3` command-line tool's `.import` of the same file into a
//! table with the same columns and the indexes Rolecall keeps of each imported person:
//! a unique e-mail, the members table's four sort orders (name, e-mail and last sign-in
//! by status; name by role, here the org unit), an index on the org unit and a trigram
//! search of name and e-mail (FTS5, as `members_search`), each built after the rows as
//! Rolecall builds them. The comparison the benchmark made before (the same table with
//! an e-mail and an org-unit index only) is printed beside it. Also reports the
//! process's peak resident memory.
//!
//! `cargo bench -p rolecall-core --bench import` (100,000 rows; `-- --rows N` for
//! another size, e.g. 1000000 for the streaming check).

#[allow(dead_code)] // this benchmark uses part of what the benchmarks share
mod support;

use rolecall_core::ImportControl;
use rolecall_types::import::{AbsentAction, ImportRequest, ImportTarget};
use std::io::Write;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Instant;
use support::ms;

const FIRST: &[&str] = &[
    "Ann", "Bob", "Carla", "Dev", "Eve", "Zoë", "Frank", "Gina", "Hana", "Ivan",
];
const LAST: &[&str] = &[
    "Lee", "Stone", "Díaz", "Patel", "Martin", "Müller", "O'Neil", "Rossi", "Kim",
];
const UNITS: &[&str] = &[
    "/",
    "/Sales",
    "/Sales/EMEA",
    "/Engineering",
    "/Engineering/Platform",
    "/Support",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rows: u64 = args
        .iter()
        .position(|a| a == "--rows")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("users.csv");
    let header = write_file(&file, rows);
    let bytes = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);

    let (core, admin) = support::core_with_admin(dir.path());
    let request = ImportRequest {
        target: ImportTarget::New {
            name: "Imported".into(),
        },
        path: file.display().to_string(),
        source: None,
        mapping: Vec::new(),
        roles: Vec::new(),
        absent: AbsentAction::Keep,
        skip_problems: false,
    };
    let cancel = AtomicBool::new(false);
    let mut progress = |_| {};
    let started = Instant::now();
    let preview = core
        .preview_import(
            &admin.account.id,
            &request,
            &mut ImportControl {
                cancel: &cancel,
                progress: &mut progress,
            },
        )
        .expect("preview");
    let preview_time = started.elapsed();
    assert_eq!(preview.counts.join, rows, "{:?}", preview.problems);
    let started = Instant::now();
    let applied = core
        .apply_import(
            &admin.account.id,
            &request,
            &preview.sha256,
            &mut ImportControl {
                cancel: &cancel,
                progress: &mut progress,
            },
        )
        .expect("apply");
    let apply_time = started.elapsed();
    assert_eq!(applied.counts.join, rows);

    let cli = sqlite_cli_import(dir.path(), "cli-same.db", &file, &header, Indexes::Same);
    let cli_two = sqlite_cli_import(dir.path(), "cli-two.db", &file, &header, Indexes::Two);
    let peak = peak_rss_mib();
    println!(
        "\nImport of a {rows}-row Google Workspace CSV ({} MiB) into a new organization\n",
        bytes / (1024 * 1024)
    );
    println!("| step | ms |");
    println!("|---|---:|");
    println!("| Rolecall preview (dry run) | {} |", ms(preview_time));
    println!(
        "| Rolecall apply (one transaction, audit entries, snapshot) | {} |",
        ms(apply_time)
    );
    match (cli, cli_two) {
        (Some(cli), Some(cli_two)) => {
            println!(
                "| sqlite3 CLI `.import`, the same indexes and search | {} |",
                ms(cli)
            );
            println!(
                "| sqlite3 CLI `.import`, e-mail and org-unit indexes only | {} |",
                ms(cli_two)
            );
            println!(
                "\napply / sqlite3 .import with the same indexes and search = {:.2}×",
                apply_time.as_secs_f64() / cli.as_secs_f64().max(1e-9)
            );
            println!(
                "apply / sqlite3 .import with two indexes = {:.2}×",
                apply_time.as_secs_f64() / cli_two.as_secs_f64().max(1e-9)
            );
        }
        _ => println!("| sqlite3 CLI | not installed, or its import failed |"),
    }
    println!("peak resident memory of this process: {peak} MiB");
}

/// Writes `rows` people under the fixture's header; gives the header's columns.
fn write_file(path: &Path, rows: u64) -> Vec<String> {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../import/tests/fixtures/google/users.csv");
    let text = std::fs::read_to_string(fixture).expect("fixture");
    let header_line = text
        .lines()
        .next()
        .expect("header")
        .trim_start_matches('\u{feff}')
        .to_string();
    let columns: Vec<String> = header_line.split(',').map(str::to_string).collect();
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    write!(out, "{header_line}\r\n").expect("write");
    for n in 0..rows {
        let first = FIRST[(n % FIRST.len() as u64) as usize];
        let last = LAST[(n / 7 % LAST.len() as u64) as usize];
        let unit = UNITS[(n / 3 % UNITS.len() as u64) as usize];
        let status = if n % 17 == 0 { "Suspended" } else { "Active" };
        let sign_in = if n % 11 == 0 {
            "Never logged in".to_string()
        } else {
            format!("2024/05/{:02} {:02}:{:02}:00", 1 + n % 28, n % 24, n % 60)
        };
        let mut cells = vec![String::new(); columns.len()];
        cells[0] = first.into();
        cells[1] = last.into();
        cells[2] = format!("person{n}@example.com");
        cells[3] = "****".into();
        cells[5] = unit.into();
        cells[7] = status.into();
        cells[8] = sign_in;
        cells[18] = format!("E-{n}");
        cells[19] = "Employee".into();
        cells[20] = "Engineer".into();
        cells[22] = "Engineering".into();
        cells[24] = if n % 3 == 0 { "False" } else { "True" }.into();
        cells[25] = "False".into();
        write!(out, "{}\r\n", cells.join(",")).expect("write");
    }
    out.flush().expect("flush");
    columns
}

/// Which indexes the `sqlite3` CLI's table gets.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Indexes {
    /// What Rolecall keeps of each person: a unique e-mail, the four sort orders, the
    /// org unit and a trigram search of name and e-mail, built after the rows.
    Same,
    /// The unique e-mail and the org unit only, created before the rows.
    Two,
}

/// The `sqlite3` CLI importing the same file into a table with the same columns and
/// `indexes`, in database `name`; `None` without the CLI. Columns: c0 first name, c1
/// last name, c2 e-mail, c5 org unit, c7 status, c8 last sign-in.
fn sqlite_cli_import(
    dir: &Path,
    name: &str,
    file: &Path,
    header: &[String],
    indexes: Indexes,
) -> Option<std::time::Duration> {
    let db = dir.join(name);
    let columns: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(i, _)| format!("c{i} TEXT"))
        .collect();
    let table = format!("CREATE TABLE users ({});", columns.join(", "));
    let two = "CREATE UNIQUE INDEX users_email ON users (c2 COLLATE NOCASE);\nCREATE INDEX users_unit ON users (c5);";
    let import = format!(".import --csv --skip 1 {} users", file.display());
    let script = match indexes {
        Indexes::Two => format!("{table}\n{two}\n{import}\n"),
        // `content = ''`: contentless, as `members_search` (whose `contentless_delete`
        // older CLIs do not know).
        Indexes::Same => format!(
            "{table}\nCREATE VIRTUAL TABLE users_search USING fts5 (text, content = '', tokenize = 'trigram');\n{import}\n\
             BEGIN;\n{two}\n\
             CREATE INDEX users_by_name ON users (c7, c0, c1);\n\
             CREATE INDEX users_by_email ON users (c7, c2);\n\
             CREATE INDEX users_by_login ON users (c7, c8);\n\
             CREATE INDEX users_by_unit_name ON users (c5, c0, c1);\n\
             INSERT INTO users_search (rowid, text) SELECT rowid, c0 || ' ' || c1 || ' ' || c2 FROM users;\n\
             COMMIT;\n"
        ),
    };
    let started = Instant::now();
    let mut child = std::process::Command::new("sqlite3")
        .arg(&db)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(script.as_bytes()).ok()?;
    let status = child.wait().ok()?;
    status.success().then(|| started.elapsed())
}

/// VmHWM of this process, in MiB (Linux).
fn peak_rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}
