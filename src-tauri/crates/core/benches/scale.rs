//! Scale benchmark: seeds one organization with 100,000 members and 1,000
//! organizations of 100 members on a real SQLite file, then prints the median time of
//! the members-table queries, the switcher, and a write round trip.
//!
//! `cargo bench -p rolecall-core --bench scale` (`-- --quick` for a smaller run,
//! `-- --members 1000000` for a larger large organization, `-- --seed-only` to time the
//! seeding alone, `-- --keep DIR` to leave the database in DIR).

mod support;

use rolecall_types::ids::RoleId;
use rolecall_types::model::*;
use std::time::Instant;
use support::{measure, ms};

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (mut big, orgs, per_org, runs) = if quick {
        (10_000, 50, 100, 11)
    } else {
        (100_000, 1_000, 100, 31)
    };
    let args: Vec<String> = std::env::args().collect();
    if let Some(n) = args
        .iter()
        .position(|a| a == "--members")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
    {
        big = n;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    // `-- --keep DIR`: seed into DIR and leave the database there (to explore it).
    let keep = args
        .iter()
        .position(|a| a == "--keep")
        .and_then(|i| args.get(i + 1))
        .map(std::path::PathBuf::from);
    let data = keep.as_deref().unwrap_or(dir.path());
    let (core, admin) = support::core_with_admin(data);
    let admin = admin.account.id;

    let mut rows: Vec<(String, String)> = Vec::new();
    let started = Instant::now();
    let org = core
        .load_demo_organization(&admin, "Big Org", big)
        .expect("seed big organization");
    let seed_big = started.elapsed();
    rows.push((
        format!("seed {big} members (one transaction)"),
        ms(seed_big),
    ));
    // The call answers once the rows are in the log; the copy into the database file
    // follows in the background (`Store::bulk`).
    let started = Instant::now();
    support::settle(&core);
    rows.push((
        "then, in the background: the log copied into the database".into(),
        ms(started.elapsed()),
    ));
    if std::env::args().any(|a| a == "--seed-only") {
        support::print_table("Rolecall scale benchmark (seed only)", 1, data, &rows);
        return;
    }
    let started = Instant::now();
    for i in 0..orgs {
        core.load_demo_organization(&admin, &format!("Org {i}"), per_org)
            .expect("seed organization");
    }
    rows.push((
        format!("seed {orgs} organizations of {per_org} members"),
        ms(started.elapsed()),
    ));
    support::settle(&core);

    let page =
        |sort: MemberSort, search: &str, role: Option<RoleId>, status: MemberStatus| MemberQuery {
            status,
            search: search.into(),
            role_id: role,
            sort,
            descending: false,
            offset: 0,
            after: None,
            limit: 50,
        };
    let roles = core.list_roles(&admin, &org.id).expect("roles");
    let developer = roles
        .iter()
        .find(|r| r.name == "Developer")
        .map(|r| r.id.clone());

    let q = page(MemberSort::Name, "", None, MemberStatus::Active);
    rows.push((
        "page of 50 by name (first page + total)".into(),
        ms(measure(runs, || core.list_members(&admin, &org.id, &q))),
    ));
    let first = core.list_members(&admin, &org.id, &q).expect("page");
    let next = MemberQuery {
        after: first.next.clone(),
        ..q.clone()
    };
    rows.push((
        "next page of 50 by name (keyset)".into(),
        ms(measure(runs, || core.list_members(&admin, &org.id, &next))),
    ));
    let deep = MemberQuery {
        offset: first.total.saturating_sub(50),
        ..q.clone()
    };
    rows.push((
        "last page of 50 by name (offset jump)".into(),
        ms(measure(runs, || core.list_members(&admin, &org.id, &deep))),
    ));
    let q = page(MemberSort::LastLogin, "", None, MemberStatus::Active);
    rows.push((
        "page of 50 by last login".into(),
        ms(measure(runs, || core.list_members(&admin, &org.id, &q))),
    ));
    let q = MemberQuery {
        descending: true,
        ..q
    };
    rows.push((
        "page of 50 by last login, newest first".into(),
        ms(measure(runs, || core.list_members(&admin, &org.id, &q))),
    ));
    for (search, what) in [
        ("ann", "in name and e-mail"),
        ("anna lee", "a phrase"),
        ("zoe", "the last names in name order"),
        ("zzq", "three letters, no match"),
        ("an", "two letters"),
        ("zz", "two letters, no match"),
        ("q", "one letter"),
    ] {
        let q = page(MemberSort::Name, search, None, MemberStatus::Active);
        let first = core.list_members(&admin, &org.id, &q).expect("search");
        let counted = if first.more {
            format!("more than {}", first.total)
        } else {
            first.total.to_string()
        };
        rows.push((
            format!("search \"{search}\" ({what}, {counted} matches)"),
            ms(measure(runs, || core.list_members(&admin, &org.id, &q))),
        ));
    }
    let q = page(MemberSort::Name, "", developer, MemberStatus::Deactivated);
    rows.push((
        "filter role Developer + status deactivated".into(),
        ms(measure(runs, || core.list_members(&admin, &org.id, &q))),
    ));
    rows.push((
        "member counts by role".into(),
        ms(measure(runs, || core.role_counts(&admin, &org.id))),
    ));
    let entries = core.switcher(&admin).expect("switcher").len();
    rows.push((
        format!("switcher list ({entries} organizations)"),
        ms(measure(runs, || core.switcher(&admin))),
    ));

    let member_role = roles
        .iter()
        .find(|r| r.name == "Member")
        .map(|r| r.id.clone())
        .expect("member role");
    let viewer_role = roles
        .iter()
        .find(|r| r.name == "Viewer")
        .map(|r| r.id.clone())
        .expect("viewer role");
    let mut n = 0;
    let round_trip = measure(runs, || {
        n += 1;
        let person = NewMember {
            first_name: "Round".into(),
            last_name: format!("Trip{n}"),
            email: format!("round.trip.{n}@example.com"),
            role_id: Some(member_role.clone()),
        };
        let invitation = core.invite(&admin, &org.id, &person).expect("invite");
        let added = core
            .add_member(
                &admin,
                &org.id,
                &NewMember {
                    email: format!("added.{n}@example.com"),
                    ..person
                },
            )
            .expect("add");
        core.change_role(&admin, &org.id, &added.membership_id, &viewer_role)
            .expect("role change");
        core.remove_member(&admin, &org.id, &added.membership_id)
            .expect("remove");
        core.revoke_invitation(&admin, &org.id, &invitation.id)
            .expect("revoke");
    });
    rows.push((
        "invite + add + role change + remove + revoke".into(),
        ms(round_trip),
    ));

    support::print_table("Rolecall scale benchmark", runs, data, &rows);
}
