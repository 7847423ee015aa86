//! Bad input gets a clear error and loses nothing; hostile text is stored verbatim.

use crate::world::*;
use rolecall_types::ErrorKind;
use rolecall_types::ids::*;
use rolecall_types::model::*;

const HOSTILE: &[&str] = &[
    "Robert'); DROP TABLE accounts;--",
    "😀 Émoji \"quoted\" %_\\ wildcards",
    "<script>alert(1)</script>",
    "Ω≈ç√ 北京 👩\u{200D}💻",
];

#[test]
fn r10_r11_bad_organization_input_is_refused_with_its_message() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let before = w.count("organizations", "1");
    let cases = [
        ("", "", ErrorKind::Invalid, "Organization name is required"),
        (
            &"n".repeat(101) as &str,
            "",
            ErrorKind::Invalid,
            "at most 100",
        ),
        ("Acme", "acme corp", ErrorKind::Invalid, "not spaces"),
        ("Acme", "café", ErrorKind::Invalid, "not 'é'"),
        (
            "Acme",
            "-acme",
            ErrorKind::Invalid,
            "start or end with a hyphen",
        ),
        ("Acme", "ac--me", ErrorKind::Invalid, "two hyphens"),
        ("Acme", "a", ErrorKind::Invalid, "2 to 48"),
        (
            "Acme",
            "lee-company",
            ErrorKind::Conflict,
            "taken — try 'lee-company-2'",
        ),
    ];
    for (name, slug, kind, needle) in cases {
        let request = CreateOrganization {
            name: name.into(),
            slug: slug.into(),
        };
        assert_err(w.core.create_organization(&ann.id, &request), kind, needle);
    }
    assert_eq!(w.count("organizations", "1"), before, "nothing was created");
}

#[test]
fn r1_bad_people_input_is_refused() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let cases = [
        ("", "Lee", "a@example.com", "First name is required"),
        (
            "Ann",
            &"l".repeat(61) as &str,
            "a@example.com",
            "at most 60",
        ),
        ("Ann", "Lee", "not-an-email", "needs an @"),
        ("Ann", "Lee", "ann@localhost", "needs a dot"),
        ("Ann", "Lee", "ann@@example.com", "not a valid e-mail"),
    ];
    for (first, last, email, needle) in cases {
        let member = NewMember {
            first_name: first.into(),
            last_name: last.into(),
            email: email.into(),
            role_id: None,
        };
        assert_err(
            w.core.add_member(&ann.id, &ann.company, &member),
            ErrorKind::Invalid,
            needle,
        );
        assert_err(
            w.core.invite(&ann.id, &ann.company, &member),
            ErrorKind::Invalid,
            needle,
        );
    }
    let short = RegisterRequest {
        first_name: "Bo".into(),
        last_name: "Ray".into(),
        email: "bo@example.com".into(),
        password: "short".into(),
        password_confirmation: "short".into(),
    };
    assert_err(
        w.core.register(&short),
        ErrorKind::Invalid,
        "at least 8 characters",
    );
    let mismatch = RegisterRequest {
        password: "long enough".into(),
        password_confirmation: "long enougH".into(),
        ..short
    };
    assert_err(
        w.core.register(&mismatch),
        ErrorKind::Invalid,
        "do not match",
    );
    assert_eq!(w.count("accounts", "1"), 1);
}

#[test]
fn r20_duplicate_invitations_negative_top_ups_and_unknown_ids_are_refused() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let member = NewMember {
        first_name: "Cy".into(),
        last_name: "Dee".into(),
        email: "cy@example.com".into(),
        role_id: None,
    };
    w.core
        .invite(&ann.id, &ann.company, &member)
        .expect("invite");
    assert_err(
        w.core.invite(&ann.id, &ann.company, &member),
        ErrorKind::Conflict,
        "already has a pending invitation",
    );
    assert_err(
        w.core
            .top_up(&ann.id, &Context::Organization(ann.company.clone()), -100),
        ErrorKind::Invalid,
        "top-up",
    );
    let unknown = "00000000-0000-7000-8000-000000000000";
    assert_err(
        w.core.organization(&ann.id, &OrgId::from(unknown)),
        ErrorKind::NotFound,
        "does not exist",
    );
    assert_err(
        w.core.change_role(
            &ann.id,
            &ann.company,
            &MembershipId::from(unknown),
            &RoleId::from(unknown),
        ),
        ErrorKind::NotFound,
        "not in this organization",
    );
    assert_err(
        w.core.delete_agent(&ann.id, &AgentId::from(unknown)),
        ErrorKind::NotFound,
        "agent",
    );
    assert_err(
        w.core
            .revoke_invitation(&ann.id, &ann.company, &InvitationId::from(unknown)),
        ErrorKind::NotFound,
        "invitation",
    );
    assert_err(
        w.core
            .delete_workspace(&ann.id, &ann.company, &WorkspaceId::from(unknown)),
        ErrorKind::NotFound,
        "workspace",
    );
    assert_err(
        w.core.account(&AccountId::from(unknown)),
        ErrorKind::Unauthenticated,
        "Sign in again",
    );
}

#[test]
fn r1_r10_hostile_text_is_stored_and_returned_verbatim() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    w.set_plan(&ann, &ann.company, Plan::Team);
    for (i, text) in HOSTILE.iter().enumerate() {
        let org = w.org(&ann, text);
        assert_eq!(org.name, *text);
        let update = OrganizationUpdate {
            name: text.to_string(),
            slug: org.slug.clone(),
            description: text.to_string(),
            notifications: Notifications::default(),
        };
        assert_eq!(
            w.core
                .update_organization(&ann.id, &org.id, &update)
                .expect("update")
                .description,
            *text
        );
        let ws = w
            .core
            .create_workspace(&ann.id, &org.id, text)
            .expect("workspace");
        assert_eq!(ws.name, *text);
        let agent = w
            .core
            .create_agent(
                &ann.id,
                &Context::Organization(org.id.clone()),
                &AgentInput {
                    name: text.to_string(),
                    persona: text.to_string(),
                    knowledge: text.to_string(),
                    workspace_id: Some(ws.id.clone()),
                },
            )
            .expect("agent");
        assert_eq!(
            (agent.name.as_str(), agent.persona.as_str()),
            (*text, *text)
        );
        let member = w
            .core
            .add_member(
                &ann.id,
                &ann.company,
                &NewMember {
                    first_name: text.chars().take(60).collect(),
                    last_name: "Doe".into(),
                    email: format!("hostile{i}@example.com"),
                    role_id: None,
                },
            )
            .expect("member");
        assert_eq!(
            member.first_name,
            text.chars().take(60).collect::<String>().trim()
        );
        // Searching for the hostile text finds exactly that member and breaks nothing.
        let query = MemberQuery {
            search: member.first_name.clone(),
            ..MemberQuery::default()
        };
        let found = w
            .core
            .list_members(&ann.id, &ann.company, &query)
            .expect("search");
        assert!(
            found
                .rows
                .iter()
                .any(|m| m.membership_id == member.membership_id),
            "search for {text:?}"
        );
    }
    assert_eq!(
        w.count("accounts", "1"),
        1 + HOSTILE.len() as i64,
        "the accounts table survived"
    );
    // LIKE wildcards in short searches are literal.
    let query = MemberQuery {
        search: "%_".into(),
        ..MemberQuery::default()
    };
    let found = w
        .core
        .list_members(&ann.id, &ann.company, &query)
        .expect("search");
    assert_eq!(found.rows.len(), 1);
}

#[test]
fn r1_names_sort_and_search_ignoring_case_and_accents() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    w.set_plan(&ann, &ann.company, Plan::Team);
    for (first, email) in [
        ("Élodie", "elodie@example.com"),
        ("Zoe", "zoe@example.com"),
        ("Émile", "emile@example.com"),
    ] {
        let person = NewMember {
            first_name: first.into(),
            last_name: "Ärger".into(),
            email: email.into(),
            role_id: None,
        };
        w.core
            .add_member(&ann.id, &ann.company, &person)
            .expect("add");
    }
    let names = |search: &str| -> Vec<String> {
        let query = MemberQuery {
            search: search.into(),
            ..MemberQuery::default()
        };
        w.core
            .list_members(&ann.id, &ann.company, &query)
            .expect("page")
            .rows
            .into_iter()
            .map(|m| m.first_name)
            .collect()
    };
    // Folded to ASCII lower case: É sorts and matches like e, with or without the accent.
    assert_eq!(names(""), vec!["Ann", "Élodie", "Émile", "Zoe"]);
    assert_eq!(names("él"), vec!["Élodie"], "two letters: the LIKE path");
    assert_eq!(
        names("ÉMIL"),
        vec!["Émile"],
        "three or more: the trigram index"
    );
    assert_eq!(names("emil"), vec!["Émile"], "accents are optional");
    assert_eq!(names("ärg").len(), 3);
}

/// Text that would pass for something it is not: invisible characters, bidi overrides,
/// control characters, and letters of two alphabets in one word.
const IMPERSONATING: &[(&str, &str)] = &[
    ("Owner\u{200B}", "invisible"),
    ("\u{200D}Owner", "invisible"),
    ("Ow\u{200C}ner", "invisible"),
    ("Owner\u{FEFF}", "invisible"),
    ("Ad\u{00AD}min", "invisible"),
    ("\u{202E}renwO", "direction"),
    ("Admin\u{2066}", "direction"),
    ("Own\u{0}er", "control"),
    ("Owner\u{7}", "control"),
    ("Two\nlines", "control"),
    ("\u{041E}wner", "Cyrillic"),
    ("Adm\u{0456}n", "Cyrillic"),
    ("\u{039F}wner", "Greek"),
];

#[test]
fn r1_r10_r27_invisible_bidi_control_and_mixed_alphabet_text_is_refused_with_a_message() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let accounts = w.count("accounts", "1");
    let orgs = w.count("organizations", "1");
    let roles = w.count("roles", "1");
    for (text, why) in IMPERSONATING {
        let what = format!("{text:?}");
        let check = |result: Result<String, rolecall_core::Error>, field: &str| match result {
            Ok(v) => panic!("{field} {what} was accepted as {v:?}"),
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::Invalid, "{field} {what}: {e}");
                assert!(e.to_string().contains(why), "{field} {what}: {e}");
            }
        };
        check(
            w.core
                .create_organization(
                    &ann.id,
                    &CreateOrganization {
                        name: text.to_string(),
                        slug: String::new(),
                    },
                )
                .map(|o| o.name),
            "organization name",
        );
        check(
            w.core
                .create_role(
                    &ann.id,
                    &ann.company,
                    &RoleInput {
                        name: text.to_string(),
                        level: 5,
                        permissions: Default::default(),
                    },
                )
                .map(|r| r.name),
            "role name",
        );
        check(
            w.core
                .add_member(
                    &ann.id,
                    &ann.company,
                    &NewMember {
                        first_name: text.to_string(),
                        last_name: "Doe".into(),
                        email: "imp@example.com".into(),
                        role_id: None,
                    },
                )
                .map(|m| m.first_name),
            "first name",
        );
        check(
            w.core
                .update_profile(
                    &ann.id,
                    &ProfileUpdate {
                        first_name: "Ann".into(),
                        last_name: text.to_string(),
                        phone: String::new(),
                    },
                )
                .map(|a| a.last_name),
            "last name",
        );
        check(
            w.core
                .create_workspace(&ann.id, &ann.company, text)
                .map(|ws| ws.name),
            "workspace name",
        );
    }
    // A NUL in a long text is refused as input, not failed as storage.
    let update = OrganizationUpdate {
        name: "Lee Company".into(),
        slug: w
            .core
            .organization(&ann.id, &ann.company)
            .expect("org")
            .slug,
        description: "line one\nline two\u{0}".into(),
        notifications: Notifications::default(),
    };
    assert_err(
        w.core.update_organization(&ann.id, &ann.company, &update),
        ErrorKind::Invalid,
        "control",
    );
    assert_eq!(w.count("accounts", "1"), accounts);
    assert_eq!(w.count("organizations", "1"), orgs);
    assert_eq!(w.count("roles", "1"), roles);
    // Line breaks and tabs stay welcome in long texts; a whole word in one alphabet,
    // emoji sequences and scripts that need joiners are names like any other.
    let update = OrganizationUpdate {
        description: "line one\n\tline two".into(),
        ..update
    };
    w.core
        .update_organization(&ann.id, &ann.company, &update)
        .expect("multi-line description");
    for name in [
        "\u{041E}льга",
        "Zoë 👩\u{200D}💻",
        "Ἀθηνᾶ",
        "می\u{200C}خواهم",
        "Иван Smith",
    ] {
        w.org(&ann, name);
    }
}

#[test]
fn r1_a_search_with_a_nul_or_control_character_is_refused_as_input_not_a_storage_error() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    for search in ["ab\u{0}cd", "\u{0}\u{0}\u{0}", "a\u{0}"] {
        let query = MemberQuery {
            search: search.into(),
            ..MemberQuery::default()
        };
        assert_err(
            w.core.list_members(&ann.id, &ann.company, &query),
            ErrorKind::Invalid,
            "control",
        );
    }
}
