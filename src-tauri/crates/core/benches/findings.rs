//! Findings benchmark (R52): all findings of one 100,000-member organization, and
//! across 1,000 organizations of 100 members each (the demo generator's people).
//!
//! `cargo bench -p rolecall-core --bench findings` (`-- --quick` for a tenth).

mod support;

use support::{measure, ms};

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (large, orgs, runs) = if quick {
        (10_000, 100, 5)
    } else {
        (100_000, 1_000, 11)
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let (core, admin) = support::core_with_admin(dir.path());
    let me = admin.account.id;
    let big = core
        .load_demo_organization(&me, "Large", large)
        .expect("demo")
        .id;
    let one = measure(runs, || core.findings(&me, &big).expect("findings"));
    let found = core.findings(&me, &big).expect("findings");
    for i in 0..orgs {
        core.load_demo_organization(&me, &format!("Small {i}"), 100)
            .expect("demo");
    }
    let all = measure(runs, || core.all_findings(&me).expect("all findings"));
    let rows = vec![
        (
            format!(
                "findings of one {large}-member organization ({} findings)",
                found.findings.len()
            ),
            ms(one),
        ),
        (
            format!(
                "findings across {} organizations (+{orgs} of 100 members)",
                orgs + 2
            ),
            ms(all),
        ),
    ];
    support::print_table("Findings", runs, dir.path(), &rows);
}
