//! R52: each finding, with the smallest world that triggers it and one that does not.

use crate::import::{apply, request};
use crate::world::*;
use rolecall_types::ErrorKind;
use rolecall_types::ids::OrgId;
use rolecall_types::import::*;
use rolecall_types::model::*;
use rolecall_types::review::{FindingKind, Findings, ReviewSettings, Severity};

/// Imports `file` into `target` as `actor`, with `roles` as the role mapping.
fn import(
    w: &World,
    actor: &Person,
    target: ImportTarget,
    file: &str,
    roles: Vec<RoleChoice>,
) -> OrgId {
    let r = ImportRequest {
        roles,
        ..request(target, file)
    };
    apply(w, actor, &r).expect("import").org_id
}

fn names(f: &Findings, kind: FindingKind) -> Vec<String> {
    let mut out: Vec<String> = f
        .findings
        .iter()
        .filter(|x| x.kind == kind)
        .flat_map(|x| x.subjects.iter().map(|s| s.name.clone()))
        .collect();
    out.sort();
    out
}

fn has(f: &Findings, kind: FindingKind) -> bool {
    f.findings.iter().any(|x| x.kind == kind)
}

#[test]
fn r52_a_fresh_organization_has_no_findings() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let f = w.core.findings(&ann.id, &ann.company).expect("findings");
    assert!(f.findings.is_empty(), "{:#?}", f.findings);
    assert!(!f.imported);
}

#[test]
fn r52_dormant_and_never_signed_in_go_by_the_sources_sign_ins() {
    let w = World::new();
    let ann = w.register("Ann", "Admin");
    let org = import(
        &w,
        &ann,
        ImportTarget::New {
            name: "Example".into(),
        },
        "google/users.csv",
        Vec::new(),
    );
    // The file's sign-ins are from 2024; "now" is 2026.
    let f = w.core.findings(&ann.id, &org).expect("findings");
    assert!(f.imported);
    assert_eq!(f.domain.as_deref(), Some("example.com"));
    let dormant = names(&f, FindingKind::Dormant);
    assert!(dormant.contains(&"Bob Stone".to_string()), "{dormant:?}");
    assert!(
        !dormant.contains(&"Carla Díaz".to_string()),
        "deactivated members are not dormant"
    );
    assert!(
        !dormant.contains(&"Ann Admin".to_string()),
        "Ann signed in to Rolecall today"
    );
    // Dev never signed in: flagged only 30 days after joining.
    assert!(!has(&f, FindingKind::NeverSignedIn));
    w.clock.advance(31 * DAY);
    let later = w.core.findings(&ann.id, &org).expect("findings");
    assert_eq!(names(&later, FindingKind::NeverSignedIn), ["Dev Patel"]);
}

#[test]
fn r52_privileged_members_without_two_factor_are_high() {
    let w = World::new();
    let ann = w.register("Ann", "Admin");
    // Sales become Admins: Bob has no two-step verification, Carla is suspended.
    let roles = vec![RoleChoice {
        label: "/Sales".into(),
        role: Some("Admin".into()),
    }];
    let org = import(
        &w,
        &ann,
        ImportTarget::New {
            name: "Example".into(),
        },
        "google/users.csv",
        roles,
    );
    let f = w.core.findings(&ann.id, &org).expect("findings");
    assert_eq!(
        names(&f, FindingKind::PrivilegedWithoutTwoFactor),
        ["Bob Stone"]
    );
    assert_eq!(f.findings[0].severity, Severity::High, "most severe first");
    // Without the mapping, nobody privileged lacks it.
    let plain = import(
        &w,
        &ann,
        ImportTarget::New {
            name: "Plain".into(),
        },
        "google/users.csv",
        Vec::new(),
    );
    assert!(!has(
        &w.core.findings(&ann.id, &plain).expect("findings"),
        FindingKind::PrivilegedWithoutTwoFactor
    ));
}

#[test]
fn r52_suspended_at_the_source_but_active_here() {
    let w = World::new();
    let ann = w.register("Ann", "Admin");
    let org = import(
        &w,
        &ann,
        ImportTarget::New {
            name: "Example".into(),
        },
        "google/users.csv",
        Vec::new(),
    );
    let f = w.core.findings(&ann.id, &org).expect("findings");
    assert!(
        !has(&f, FindingKind::SuspendedAtSourceActiveHere),
        "the import deactivated Carla"
    );
    assert_eq!(
        names(&f, FindingKind::DeactivatedButBillable),
        ["Carla Díaz"]
    );
    let carla = w.member_by_email(&ann, &org, "carla.diaz@example.com");
    w.core
        .set_member_status(&ann.id, &org, &carla.membership_id, MemberStatus::Active)
        .expect("activate by hand");
    let f = w.core.findings(&ann.id, &org).expect("findings");
    assert_eq!(
        names(&f, FindingKind::SuspendedAtSourceActiveHere),
        ["Carla Díaz"]
    );
}

#[test]
fn r52_too_many_privileged_external_accounts_and_duplicates() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let org = w.org(&ann, "Acme");
    w.set_plan(&ann, &org.id, Plan::Team);
    let admin = w.role_id(&ann, &org.id, "Admin");
    for i in 0..4 {
        let m = w.model_person(
            &ann,
            &org.id,
            "Admin",
            &format!("Number{i}"),
            &format!("admin{i}@example.com"),
        );
        w.core
            .change_role(&ann.id, &org.id, &m.membership_id, &admin)
            .expect("role");
    }
    let f = w.core.findings(&ann.id, &org.id).expect("findings");
    assert!(
        !has(&f, FindingKind::TooManyPrivileged),
        "Ann and 4 admins: 5"
    );
    let m = w.model_person(&ann, &org.id, "Admin", "Number4", "admin4@example.com");
    w.core
        .change_role(&ann.id, &org.id, &m.membership_id, &admin)
        .expect("role");
    w.model_person(&ann, &org.id, "Zed", "Outsider", "zed@contractor.example");
    w.model_person(&ann, &org.id, "Zed", "Outsider", "zed.outsider@example.com");
    let f = w.core.findings(&ann.id, &org.id).expect("findings");
    assert!(has(&f, FindingKind::TooManyPrivileged), "six privileged");
    assert_eq!(names(&f, FindingKind::ExternalAccount), ["Zed Outsider"]);
    assert_eq!(
        names(&f, FindingKind::PossibleDuplicate),
        ["Zed Outsider", "Zed Outsider"]
    );
}

#[test]
fn r52_stale_invitations_and_roles_nobody_holds() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let org = &ann.company;
    w.core
        .invite(
            &ann.id,
            org,
            &NewMember {
                first_name: "Ivy".into(),
                last_name: "Invited".into(),
                email: "ivy@example.com".into(),
                role_id: None,
            },
        )
        .expect("invite");
    w.template(&ann, org, "Viewer");
    let f = w.core.findings(&ann.id, org).expect("findings");
    assert!(!has(&f, FindingKind::StaleInvitation), "sent today");
    assert_eq!(names(&f, FindingKind::UnusedCustomRole), ["Viewer"]);
    w.clock.advance(8 * DAY);
    let f = w.core.findings(&ann.id, org).expect("findings");
    assert_eq!(names(&f, FindingKind::StaleInvitation), ["Ivy Invited"]);
}

#[test]
fn r52_api_keys_unused_old_and_left_behind() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let org = &ann.company;
    let bob = w.register("Bob", "Stone");
    let admin = w.role_id(&ann, org, "Admin");
    let bob_membership = w.join(&ann, org, &bob, Some(&admin));
    let key = |who: &Person, name: &str| {
        w.core
            .create_api_key(
                &who.id,
                org,
                &NewApiKey {
                    name: name.into(),
                    kind: ApiKeyKind::Standard,
                    rate_limit: None,
                },
            )
            .expect("key")
    };
    let _ann_key = key(&ann, "Deploy");
    let _bob_key = key(&bob, "Bob's script");
    let f = w.core.findings(&ann.id, org).expect("findings");
    assert!(!has(&f, FindingKind::UnusedApiKey) && !has(&f, FindingKind::OldApiKey));
    w.core
        .set_member_status(&ann.id, org, &bob_membership, MemberStatus::Deactivated)
        .expect("deactivate Bob");
    w.clock.advance(91 * DAY);
    let f = w.core.findings(&ann.id, org).expect("findings");
    assert_eq!(
        names(&f, FindingKind::UnusedApiKey),
        ["Bob's script", "Deploy"]
    );
    assert_eq!(
        names(&f, FindingKind::OldApiKey),
        ["Bob's script", "Deploy"]
    );
    assert_eq!(names(&f, FindingKind::KeyOfFormerMember), ["Bob's script"]);
}

#[test]
fn r52_findings_need_members_and_audit_log_view_and_span_every_organization() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let second = w.org(&ann, "Second");
    let bea = w.register("Bea", "Member");
    w.join(&ann, &ann.company, &bea, None);
    let refused = w
        .core
        .findings(&bea.id, &ann.company)
        .expect_err("a Member may not");
    assert_eq!(refused.kind(), ErrorKind::Forbidden);
    let all = w.core.all_findings(&ann.id).expect("all");
    let mut orgs: Vec<&OrgId> = all.iter().map(|f| &f.org_id).collect();
    orgs.sort();
    let mut expected = vec![&ann.company, &second.id];
    expected.sort();
    assert_eq!(orgs, expected);
    // Bea's own company only: she may not read Ann's.
    let beas = w.core.all_findings(&bea.id).expect("all");
    assert!(beas.iter().all(|f| f.org_id != ann.company));
}

#[test]
fn r52_thresholds_are_settings_of_each_organization() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let org = w.org(&ann, "Acme");
    w.set_plan(&ann, &org.id, Plan::Team);
    w.model_person(&ann, &org.id, "Zed", "Outsider", "zed@contractor.example");
    w.model_person(&ann, &org.id, "Pat", "Partner", "pat@partner.example");
    w.core
        .invite(
            &ann.id,
            &org.id,
            &NewMember {
                first_name: "Ivy".into(),
                last_name: "Invited".into(),
                email: "ivy@example.com".into(),
                role_id: None,
            },
        )
        .expect("invite");
    w.clock.advance(3 * DAY);
    let defaults = w.core.review_settings(&ann.id, &org.id).expect("settings");
    assert_eq!(defaults, ReviewSettings::default());
    assert_eq!(defaults.stale_invitation_days, 7);
    let f = w.core.findings(&ann.id, &org.id).expect("findings");
    assert!(!has(&f, FindingKind::StaleInvitation));
    assert_eq!(f.settings, defaults);

    // Two days make an invitation stale here; the partner's domain is the org's own.
    let changed = w
        .core
        .update_review_settings(
            &ann.id,
            &org.id,
            &ReviewSettings {
                stale_invitation_days: 2,
                domains: vec![" Example.com ".into(), "@partner.example".into(), "".into()],
                ..ReviewSettings::default()
            },
        )
        .expect("update");
    assert_eq!(changed.domains, ["example.com", "partner.example"]);
    assert_eq!(w.last_audit_action(), "review.settings_changed");
    let f = w.core.findings(&ann.id, &org.id).expect("findings");
    assert_eq!(names(&f, FindingKind::StaleInvitation), ["Ivy Invited"]);
    assert_eq!(names(&f, FindingKind::ExternalAccount), ["Zed Outsider"]);
    let external = f
        .findings
        .iter()
        .find(|x| x.kind == FindingKind::ExternalAccount)
        .expect("external");
    assert!(
        external
            .title
            .contains("outside example.com and partner.example"),
        "{}",
        external.title
    );
    // Another organization keeps the defaults.
    let other = w
        .core
        .review_settings(&ann.id, &ann.company)
        .expect("other");
    assert_eq!(other, ReviewSettings::default());

    // Bad values are refused and change nothing.
    for (bad, needle) in [
        (
            ReviewSettings {
                dormant_days: 0,
                ..ReviewSettings::default()
            },
            "between 1 and 3,650 days",
        ),
        (
            ReviewSettings {
                max_privileged_percent: 101,
                ..ReviewSettings::default()
            },
            "between 1 and 100 %",
        ),
        (
            ReviewSettings {
                domains: vec!["not a domain".into()],
                ..ReviewSettings::default()
            },
            "is not an e-mail domain",
        ),
    ] {
        assert_err(
            w.core.update_review_settings(&ann.id, &org.id, &bad),
            ErrorKind::Invalid,
            needle,
        );
    }
    assert_eq!(
        w.core.review_settings(&ann.id, &org.id).expect("settings"),
        changed
    );
    // Changing them needs Review·run: a Member's view is refused outright.
    let bob = w.register("Bob", "Ray");
    w.join(&ann, &org.id, &bob, None);
    assert_err(
        w.core
            .update_review_settings(&bob.id, &org.id, &ReviewSettings::default()),
        ErrorKind::Forbidden,
        "",
    );
}
