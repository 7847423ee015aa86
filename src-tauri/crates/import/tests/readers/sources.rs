use crate::common::{FIXTURES, by_email, fixture, read, read_as};
use rolecall_import::{
    AccountType, Field, Header, Mapping, Options, SignIn, Source, SourceStatus, detect, read_all,
};
use rolecall_types::model::OrganizationExport;

#[test]
fn r46_every_fixture_is_detected_as_its_source() {
    for (path, want) in FIXTURES {
        let bytes = fixture(path);
        let head = &bytes[..bytes.len().min(rolecall_import::HEAD_LEN)];
        let got = detect(head, Some(path)).ok();
        assert_eq!(got, *want, "{path}");
    }
}

#[test]
fn r46_okta_users_read_statuses_ids_and_offsets() {
    let (summary, people, problems) = read("okta/users.csv");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(summary.people, 8);
    let table = [
        ("ann.lee@example.com", SourceStatus::Active),
        ("carla.diaz@example.com", SourceStatus::Suspended),
        ("old.timer@example.com", SourceStatus::Deactivated),
        ("bob.stone@example.com", SourceStatus::Suspended),
        ("new.hire@example.com", SourceStatus::Pending),
        ("dev.patel@example.com", SourceStatus::Pending),
        ("zoe.muller@example.com", SourceStatus::Active),
        ("frank.oneil@example.com", SourceStatus::Active),
    ];
    for (email, status) in table {
        assert_eq!(by_email(&people, email).status, status, "{email}");
    }
    let ann = by_email(&people, "ann.lee@example.com");
    assert_eq!(ann.source_id.as_deref(), Some("00u1a2b3c4D5e6F7g8h9"));
    assert_eq!(ann.last_sign_in, SignIn::At(1_717_056_902));
    assert_eq!(ann.employee_id.as_deref(), Some("E-1001"));
    // +02:00 is read as written.
    assert_eq!(
        by_email(&people, "zoe.muller@example.com").last_sign_in,
        SignIn::At(1_716_892_200)
    );
    assert_eq!(
        by_email(&people, "new.hire@example.com").last_sign_in,
        SignIn::Never
    );
    // No e-mail: the login is the address.
    assert_eq!(
        by_email(&people, "frank.oneil@example.com").first_name,
        "Frank"
    );
    assert!(summary.notes.iter().all(|n| !n.contains("read as UTC")));
}

#[test]
fn r46_okta_password_health_assumes_utc_and_says_so() {
    let (summary, people, problems) = read("okta/password-health.csv");
    assert_eq!(summary.source, Source::OktaPasswordHealth);
    assert_eq!(people.len(), 5);
    let ann = by_email(&people, "ann.lee@example.com");
    assert_eq!(
        (ann.first_name.as_str(), ann.last_name.as_str()),
        ("Ann", "Lee")
    );
    assert_eq!(ann.last_sign_in, SignIn::At(1_717_056_902));
    assert_eq!(
        by_email(&people, "dev.patel@example.com").last_sign_in,
        SignIn::Never
    );
    assert_eq!(
        by_email(&people, "bob.stone@example.com").status,
        SourceStatus::Suspended
    );
    assert!(
        summary
            .notes
            .iter()
            .any(|n| n == "Last Login read as UTC (no offset in the file)."),
        "{:?}",
        summary.notes
    );
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, 7);
    assert_eq!(problems[0].column.as_deref(), Some("Last Login"));
    assert!(
        problems[0]
            .message
            .starts_with("Line 7, column \"Last Login\": \"yesterday\"")
    );
}

#[test]
fn r46_entra_id_reads_guests_disabled_and_pending() {
    let (_, people, problems) = read("entra/users.csv");
    // The service account has neither mail nor a valid address as its UPN? It has a UPN.
    assert!(problems.is_empty(), "{problems:?}");
    let carla = by_email(&people, "carla.diaz@example.com");
    assert_eq!(carla.status, SourceStatus::Suspended);
    assert_eq!(
        carla.source_id.as_deref(),
        Some("3f2504e0-4f89-11d3-9a0c-0305e82c3303")
    );
    assert_eq!(carla.title.as_deref(), Some("Sales Manager"));
    let pat = by_email(&people, "pat.partner@partner.example");
    assert_eq!(pat.account_type, Some(AccountType::Guest));
    assert_eq!(
        (pat.first_name.as_str(), pat.last_name.as_str()),
        ("Pat", "Partner")
    );
    let quinn = by_email(&people, "quinn.q@vendor.example");
    assert_eq!(quinn.status, SourceStatus::Pending);
    let svc = by_email(&people, "svc.noreply@example.com");
    assert_eq!(svc.account_type, Some(AccountType::Member));
    assert_eq!(svc.last_sign_in, SignIn::Unknown);
}

#[test]
fn r46_slack_reads_roles_guests_billing_and_skips_bots() {
    let (summary, people, problems) = read("slack/members.csv");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(people.len(), 7);
    type Want = (
        &'static str,
        &'static [&'static str],
        SourceStatus,
        AccountType,
        Option<bool>,
        Option<bool>,
    );
    let table: [Want; 4] = [
        (
            "ann.lee@example.com",
            &["Primary Owner"],
            SourceStatus::Active,
            AccountType::Member,
            Some(true),
            Some(true),
        ),
        (
            "bob.stone@example.com",
            &["Admin"],
            SourceStatus::Active,
            AccountType::Member,
            Some(false),
            Some(true),
        ),
        (
            "quinn.q@vendor.example",
            &["Single-Channel Guest"],
            SourceStatus::Active,
            AccountType::Guest,
            Some(false),
            Some(false),
        ),
        (
            "gina.rossi@example.com",
            &[],
            SourceStatus::Deactivated,
            AccountType::Member,
            Some(false),
            Some(false),
        ),
    ];
    for (email, roles, status, kind, two_factor, billable) in table {
        let p = by_email(&people, email);
        assert_eq!(p.roles, roles, "{email}");
        assert_eq!(p.status, status, "{email}");
        assert_eq!(p.account_type, Some(kind), "{email}");
        assert_eq!(p.two_factor, two_factor, "{email}");
        assert_eq!(p.billable, billable, "{email}");
    }
    assert_eq!(
        by_email(&people, "ann.lee@example.com")
            .source_id
            .as_deref(),
        Some("U01ANNLEE1")
    );
    assert!(
        summary
            .notes
            .iter()
            .any(|n| n == "1 bots and apps skipped."),
        "{:?}",
        summary.notes
    );
}

#[test]
fn r46_github_csv_and_json_read_roles_two_factor_and_saml() {
    let (_, people, problems) = read("github/people.csv");
    let octo = by_email(&people, "mona@example.com");
    assert_eq!(octo.roles, ["owner"]);
    assert_eq!(octo.two_factor, Some(true));
    assert_eq!(octo.source_id.as_deref(), Some("octocat"));
    assert_eq!(octo.last_sign_in, SignIn::At(1_717_056_902));
    assert_eq!(
        (octo.first_name.as_str(), octo.last_name.as_str()),
        ("Mona Lisa", "Octocat")
    );
    assert_eq!(
        by_email(&people, "hubot@example.com").two_factor,
        Some(false)
    );
    assert_eq!(
        by_email(&people, "x@contractor.example").account_type,
        Some(AccountType::Guest)
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, 6);
    assert!(problems[0].message.contains("no e-mail address for nosaml"));

    let (summary, people, problems) = read("github/people.json");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(summary.source, Source::GitHubJson);
    let octo = by_email(&people, "mona@example.com");
    assert_eq!(octo.line, 2);
    assert_eq!(octo.source_id.as_deref(), Some("583231"));
    assert_eq!(octo.roles, ["owner"]);
    assert_eq!(by_email(&people, "ann.lee@example.com").line, 4);
}

#[test]
fn r46_github_csv_column_names_match_loosely() {
    let table = [
        "login,name,email,role,2fa_enabled,last_active",
        "Username,Full Name,E-mail,Org Role,Two Factor Enabled,Last Activity At",
        "LOGIN;NAME;EMAIL ADDRESS;PERMISSION;MFA;LAST SEEN",
        "GitHub Login\tDisplay Name\tPrimary Email\tMembership\t2FA\tLast Active",
    ];
    for header in table {
        let sep = if header.contains(';') {
            ";"
        } else if header.contains('\t') {
            "\t"
        } else {
            ","
        };
        let row = [
            "octocat",
            "Mona Octocat",
            "mona@example.com",
            "Owner",
            "true",
            "2024-05-30T08:15:02Z",
        ]
        .join(sep);
        let file = format!("{header}\n{row}\n");
        let (summary, people, problems) = read_all(file.as_bytes(), &Options::default())
            .unwrap_or_else(|e| panic!("{header}: {e}"));
        assert_eq!(summary.source, Source::GitHubCsv, "{header}");
        assert!(problems.is_empty(), "{header}: {problems:?}");
        let p = &people[0];
        assert_eq!(p.email, "mona@example.com", "{header}");
        assert_eq!(p.roles, ["owner"], "{header}");
        assert_eq!(p.two_factor, Some(true), "{header}");
        assert_eq!(p.last_sign_in, SignIn::At(1_717_056_902), "{header}");
    }
}

#[test]
fn r46_scim_list_response_and_bundle_read_users_groups_and_enterprise_fields() {
    for file in ["scim/list-response.json", "scim/bundle.json"] {
        let (summary, people, problems) = read(file);
        assert!(problems.is_empty(), "{file}: {problems:?}");
        assert_eq!(summary.source, Source::Scim);
        assert_eq!(people.len(), 4, "{file}");
        let bob = by_email(&people, "bob.stone@example.com");
        assert_eq!(
            bob.source_id.as_deref(),
            Some("2819c223-7f76-453a-919d-413861904647")
        );
        assert_eq!(bob.department.as_deref(), Some("Sales"));
        assert_eq!(bob.employee_id.as_deref(), Some("E-1002"));
        assert_eq!(bob.manager.as_deref(), Some("Ann Lee"));
        assert_eq!(bob.title.as_deref(), Some("Account Executive"));
        let carla = by_email(&people, "carla.diaz@example.com");
        assert_eq!(carla.status, SourceStatus::Deactivated);
        let pat = by_email(&people, "pat.partner@partner.example");
        assert_eq!(pat.account_type, Some(AccountType::Guest));
        let ann = by_email(&people, "ann.lee@example.com");
        assert!(ann.roles.contains(&"admin".to_string()), "{:?}", ann.roles);
        assert!(ann.roles.contains(&"Leadership".to_string()));
        if file == "scim/bundle.json" {
            // Groups listed beside the users count as the users' groups.
            assert!(ann.roles.contains(&"Rolecall Admins".to_string()));
            assert!(bob.roles.contains(&"Engineering".to_string()));
            assert!(bob.roles.contains(&"Rolecall Admins".to_string()));
        }
    }
    let (_, people, _) = read("scim/list-response.json");
    let lines: Vec<u64> = people.iter().map(|p| p.line).collect();
    let text = String::from_utf8(fixture("scim/list-response.json")).unwrap_or_default();
    // Each person's line is the line of the opening brace of its resource.
    for line in lines {
        let at = text.lines().nth((line - 1) as usize).unwrap_or("");
        assert_eq!(at.trim(), "{", "line {line}");
    }
}

#[test]
fn r46_rolecall_export_reads_back_with_the_shared_types() {
    let bytes = fixture("rolecall/organization.json");
    let doc: OrganizationExport = serde_json::from_slice(&bytes).expect("a real export");
    let (summary, people, problems) = read("rolecall/organization.json");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(summary.source, Source::Rolecall);
    assert_eq!(people.len(), doc.members.len());
    for (p, m) in people.iter().zip(&doc.members) {
        assert_eq!(p.email, m.email);
        assert_eq!(p.first_name, m.first_name);
        assert_eq!(p.roles.as_slice(), std::slice::from_ref(&m.role_name));
        assert_eq!(p.source_id.as_deref(), Some(m.account_id.as_str()));
    }
    assert_eq!(people[0].last_sign_in, SignIn::At(1_717_056_902));
    assert_eq!(people[2].last_sign_in, SignIn::Never);
    assert_eq!(people[2].status, SourceStatus::Deactivated);

    let newer = String::from_utf8(bytes)
        .unwrap_or_default()
        .replace("\"schema_version\": 1", "\"schema_version\": 99");
    let err = read_all(newer.as_bytes(), &Options::default()).expect_err("too new");
    assert!(err.to_string().contains("schema version 99"), "{err}");
}

#[test]
fn r46_any_csv_reads_through_a_remembered_mapping() {
    let bytes = fixture("mapped/hr-staff.csv");
    let err = read_all(&bytes, &Options::default()).expect_err("unknown columns");
    let rolecall_import::Error::Unrecognised { header, looked_for } = &err else {
        panic!("{err}");
    };
    assert!(
        err.to_string().contains("Email Address [Required]"),
        "{err}"
    );
    assert!(!looked_for.is_empty());
    let header = Header {
        columns: header.clone(),
    };
    let suggested = Mapping::suggest(&header);
    assert!(
        suggested
            .columns
            .contains(&(Field::Email, "Work e-mail".into())),
        "{suggested:?}"
    );
    let mapping = Mapping {
        columns: vec![
            (Field::SourceId, "Staff No".into()),
            (Field::FirstName, "Given name".into()),
            (Field::LastName, "Family name".into()),
            (Field::Email, "Work e-mail".into()),
            (Field::Role, "Team".into()),
            (Field::Title, "Job".into()),
            (Field::Manager, "Reports to".into()),
            (Field::Status, "Active?".into()),
            (Field::LastSignIn, "Last seen".into()),
        ],
    };
    let options = Options {
        mapping: Some(mapping.clone()),
        ..Options::default()
    };
    let (summary, people, problems) = read_all(&bytes, &options).expect("mapped");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(summary.source, Source::Mapped);
    assert_eq!(people.len(), 3);
    let carla = by_email(&people, "carla.diaz@example.com");
    assert_eq!(carla.status, SourceStatus::Deactivated);
    assert_eq!(carla.roles, ["Sales"]);
    assert_eq!(carla.source_id.as_deref(), Some("S-03"));
    assert_eq!(carla.last_sign_in, SignIn::Unknown);
    assert_eq!(
        by_email(&people, "ann.lee@example.com").last_sign_in,
        SignIn::At(1_717_027_200)
    );

    // The key ignores order, case, spacing and bracket suffixes.
    let same = Header {
        columns: header
            .columns
            .iter()
            .rev()
            .map(|c| c.to_uppercase())
            .collect(),
    };
    assert_eq!(header.key(), same.key());
    assert_ne!(
        header.key(),
        Header {
            columns: vec!["Email".into()]
        }
        .key()
    );

    let wrong = Mapping {
        columns: vec![(Field::Email, "Mail".into())],
    };
    let err = read_all(
        &bytes,
        &Options {
            mapping: Some(wrong),
            ..Options::default()
        },
    )
    .expect_err("no such column");
    assert!(err.to_string().contains("\"Mail\""), "{err}");
}

#[test]
fn r46_the_source_can_be_overridden() {
    // Google's file read as a mapped CSV, and Okta's user file read as Password Health.
    let (_, people, _) = read_as("okta/users.csv", Source::OktaPasswordHealth);
    assert_eq!(people.len(), 8);
    let err = read_all(
        &fixture("slack/members.csv"),
        &Options {
            source: Some(Source::GoogleWorkspace),
            ..Options::default()
        },
    )
    .expect_err("no Google columns");
    assert!(
        err.to_string().contains("Email Address [Required]"),
        "{err}"
    );
    assert!(err.to_string().starts_with("Line 1"), "{err}");
}

#[test]
fn r46_sources_have_labels_and_codes() {
    for s in Source::all() {
        assert!(!s.label().is_empty());
        assert_eq!(Source::from_code(s.code()), Some(*s));
        let json = serde_json::to_string(s).unwrap_or_default();
        assert_eq!(json, format!("\"{}\"", s.code()));
    }
}
