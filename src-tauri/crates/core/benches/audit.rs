//! Audit-log benchmark: one organization with 1,000,000 audit entries over two years
//! by 50 actors and 20 actions, then the median time of what the Audit log and
//! Overview screens ask for, and of exporting a filtered selection.
//!
//! `cargo bench -p rolecall-core --bench audit` (`-- --quick` for 100,000 entries).

#[allow(dead_code)] // this benchmark uses part of what the benchmarks share
mod support;

use rolecall_types::model::*;
use std::time::{Duration, Instant};
use support::{measure, ms};

const DAY: i64 = 24 * 60 * 60 * 1000;

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (entries, runs): (i64, usize) = if quick {
        (100_000, 11)
    } else {
        (1_000_000, 31)
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let (core, admin) = support::core_with_admin(dir.path());
    let org = admin.main_company.expect("company").id;
    let admin = admin.account.id;

    // Seed through a second connection: entries as the app writes them, spread over two
    // years up to now, newest last.
    let started = Instant::now();
    let mut conn = rusqlite::Connection::open(dir.path().join("rolecall.db")).expect("open");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    let span = 730 * DAY;
    {
        let tx = conn.transaction().expect("tx");
        {
            let mut insert = tx
                .prepare(
                    "INSERT INTO audit_log (at, actor_id, actor_name, org_id, org_name, action, target_type, target_id, target_name, details)
                     VALUES (?1, ?2, ?3, ?4, 'Admin Company', ?5, 'member', ?6, ?7, ?8)",
                )
                .expect("prepare");
            for i in 0..entries {
                let at = now - span + span * i / entries;
                let actor = i % 50;
                let action = format!("bench.action_{:02}", (i * 7) % 20);
                insert
                    .execute(rusqlite::params![
                        at,
                        format!("actor-{actor:02}"),
                        format!("Actor {actor:02}"),
                        org,
                        action,
                        format!("target-{}", i % 1000),
                        format!("Target {}", i % 1000),
                        r#"{"before":{"role":"Member"},"after":{"role":"Viewer"}}"#,
                    ])
                    .expect("insert");
            }
        }
        tx.commit().expect("commit");
    }
    drop(conn);
    let seeded = started.elapsed();

    let mut rows: Vec<(String, String)> = vec![(
        format!("seed {entries} entries (one transaction)"),
        ms(seeded),
    )];
    let page = |q: AuditQuery| AuditQuery { limit: 100, ..q };
    let mut add = |name: &str, d: Duration| rows.push((name.to_string(), ms(d)));

    let first = core
        .audit_log(&admin, &org, &page(AuditQuery::default()))
        .expect("page");
    add(
        "first page of 100, newest first",
        measure(runs, || {
            core.audit_log(&admin, &org, &page(AuditQuery::default()))
                .expect("audit page")
        }),
    );
    let deep = AuditQuery {
        before_id: Some(first.entries[0].id - entries / 2),
        ..page(AuditQuery::default())
    };
    add(
        "page of 100 in the middle (keyset)",
        measure(runs, || {
            core.audit_log(&admin, &org, &deep).expect("audit page")
        }),
    );
    let by_action = page(AuditQuery {
        action: Some("bench.action_13".into()),
        ..AuditQuery::default()
    });
    add(
        "filter by action (1 of 20)",
        measure(runs, || {
            core.audit_log(&admin, &org, &by_action)
                .expect("audit page")
        }),
    );
    let by_actor = page(AuditQuery {
        actor_id: Some("actor-07".into()),
        ..AuditQuery::default()
    });
    add(
        "filter by actor (1 of 50)",
        measure(runs, || {
            core.audit_log(&admin, &org, &by_actor).expect("audit page")
        }),
    );
    let by_date = page(AuditQuery {
        from: Some(now - 400 * DAY),
        to: Some(now - 399 * DAY),
        ..AuditQuery::default()
    });
    add(
        "filter by a one-day range a year ago",
        measure(runs, || {
            core.audit_log(&admin, &org, &by_date).expect("audit page")
        }),
    );
    let all_three = page(AuditQuery {
        actor_id: Some("actor-07".into()),
        action: Some("bench.action_13".into()),
        from: Some(now - 400 * DAY),
        to: Some(now - 100 * DAY),
        ..AuditQuery::default()
    });
    add(
        "actor + action + 300-day range",
        measure(runs, || {
            core.audit_log(&admin, &org, &all_three)
                .expect("audit page")
        }),
    );
    add(
        "filter values (actors, actions)",
        measure(runs, || core.audit_facets(&admin, &org).expect("facets")),
    );
    add(
        "overview (counts, 30-day chart, recent)",
        measure(runs, || core.overview(&admin, &org).expect("overview")),
    );
    let export_query = AuditQuery {
        action: Some("bench.action_13".into()),
        from: Some(now - 365 * DAY),
        ..AuditQuery::default()
    };
    let mut exported = 0;
    let export_csv = measure(3, || {
        let mut out = std::io::sink();
        exported = core
            .export(
                &admin,
                &org,
                &ExportRequest {
                    kind: ExportKind::AuditCsv,
                    members: None,
                    audit: Some(export_query.clone()),
                },
                &mut out,
                &mut |_| {},
            )
            .expect("export");
    });
    add(
        &format!("export {exported} filtered entries as CSV"),
        export_csv,
    );
    let export_all = measure(1, || {
        let mut out = std::io::sink();
        core.export(
            &admin,
            &org,
            &ExportRequest {
                kind: ExportKind::AuditJson,
                members: None,
                audit: None,
            },
            &mut out,
            &mut |_| {},
        )
        .expect("export")
    });
    add(&format!("export all {entries} entries as JSON"), export_all);

    support::print_table("Rolecall audit-log benchmark", runs, dir.path(), &rows);
}
