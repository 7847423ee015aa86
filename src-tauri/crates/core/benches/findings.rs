//! Review benchmark (R52–R56): all findings of one 100,000-member organization and
//! across 1,000 organizations of 100 members each (the demo generator's people); a
//! campaign over the large organization — starting it, deciding 10,000 selected people
//! at once — and the diff of two 100,000-member snapshots.
//!
//! `cargo bench -p rolecall-core --bench findings` (`-- --quick` for a tenth).

mod support;

use rolecall_types::review::{CampaignQuery, DecideRequest, Decision, SnapshotRef};
use std::time::Instant;
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
    support::settle(&core);
    let one = measure(runs, || core.findings(&me, &big).expect("findings"));
    let found = core.findings(&me, &big).expect("findings");

    // A campaign over the large organization.
    let started = Instant::now();
    let campaign = core
        .start_campaign(&me, "", std::slice::from_ref(&big))
        .expect("start");
    let start = started.elapsed();
    let selection = core
        .campaign_select(
            &me,
            &campaign.id,
            &CampaignQuery {
                role: Some("Member".into()),
                ..CampaignQuery::default()
            },
        )
        .expect("select");
    let chosen: Vec<u64> = selection.into_iter().take(large as usize / 10).collect();
    let mut flip = false;
    let decide = measure(runs, || {
        flip = !flip;
        core.decide(
            &me,
            &campaign.id,
            &DecideRequest {
                items: chosen.clone(),
                decision: Some(if flip {
                    Decision::Keep
                } else {
                    Decision::Deactivate
                }),
                role_id: None,
                comment: "Reviewed in bulk".into(),
            },
        )
        .expect("decide")
    });
    let page = measure(runs, || {
        core.campaign_items(
            &me,
            &campaign.id,
            &CampaignQuery {
                decided: Some(false),
                limit: 100,
                ..CampaignQuery::default()
            },
        )
        .expect("page")
    });
    let snapshot = campaign.orgs[0].snapshot_id.clone().expect("snapshot");
    let later = core.take_snapshot(&me, &big).expect("snapshot").id;
    let diff = measure(runs, || {
        core.diff_snapshots(
            &me,
            &big,
            &SnapshotRef::Snapshot {
                id: snapshot.clone(),
            },
            &SnapshotRef::Snapshot { id: later.clone() },
        )
        .expect("diff")
    });

    for i in 0..orgs {
        core.load_demo_organization(&me, &format!("Small {i}"), 100)
            .expect("demo");
    }
    support::settle(&core);
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
        (
            format!("start a campaign over {large} members (one run)"),
            ms(start),
        ),
        (
            format!("decide {} selected people at once", chosen.len()),
            ms(decide),
        ),
        ("a page of 100 undecided people".into(), ms(page)),
        (format!("diff of two {large}-member snapshots"), ms(diff)),
    ];
    support::print_table("Review", runs, dir.path(), &rows);
}
