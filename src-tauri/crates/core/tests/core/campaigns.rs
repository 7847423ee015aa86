//! R53–R55, R57: access review campaigns — the frozen population, decisions, sign-off,
//! applying through the rules, and the evidence an auditor gets.

use crate::import::{apply, request};
use crate::world::*;
use rolecall_types::ErrorKind;
use rolecall_types::ids::{CampaignId, OrgId};
use rolecall_types::import::{ColumnMapping, ImportTarget};
use rolecall_types::model::*;
use rolecall_types::permissions::{Permission, PermissionSet};
use rolecall_types::review::*;

/// Ann owns "Acme" with Bob (Admin), Cleo and Dan (Members).
struct Team {
    w: World,
    ann: Person,
    bob: Person,
    cleo: Person,
    dan: Person,
    org: OrgId,
}

fn team() -> Team {
    let w = World::new();
    let ann = w.register("Ann", "Owner");
    let bob = w.register("Bob", "Admin");
    let cleo = w.register("Cleo", "Member");
    let dan = w.register("Dan", "Member");
    let org = w.org(&ann, "Acme").id;
    w.set_plan(&ann, &org, Plan::Team);
    let admin = w.role_id(&ann, &org, "Admin");
    w.join(&ann, &org, &bob, Some(&admin));
    w.join(&ann, &org, &cleo, None);
    w.join(&ann, &org, &dan, None);
    Team {
        w,
        ann,
        bob,
        cleo,
        dan,
        org,
    }
}

fn start(t: &Team, actor: &Person) -> Campaign {
    t.w.core
        .start_campaign(&actor.id, "Q4 review", std::slice::from_ref(&t.org))
        .expect("start")
}

/// The campaign's people matching `query` (500 at most).
fn matching(
    core: &rolecall_core::Rolecall,
    actor: &Person,
    id: &CampaignId,
    query: CampaignQuery,
) -> CampaignItems {
    core.campaign_items(
        &actor.id,
        id,
        &CampaignQuery {
            limit: 500,
            ..query
        },
    )
    .expect("items")
}

fn items(t: &Team, actor: &Person, id: &CampaignId) -> Vec<CampaignItem> {
    matching(&t.w.core, actor, id, CampaignQuery::default()).items
}

fn num(items: &[CampaignItem], email: &str) -> u64 {
    items
        .iter()
        .find(|i| i.email == email)
        .unwrap_or_else(|| panic!("{email} is not in the campaign"))
        .num
}

fn decide(
    t: &Team,
    actor: &Person,
    id: &CampaignId,
    nums: Vec<u64>,
    decision: Decision,
) -> Result<Campaign, rolecall_core::Error> {
    t.w.core.decide(
        &actor.id,
        id,
        &DecideRequest {
            items: nums,
            decision: Some(decision),
            role_id: None,
            comment: String::new(),
        },
    )
}

/// Gives Cleo a custom "Reviewer" role at `level`: Review·run and Members·view, no
/// Members permission that changes anyone.
fn make_cleo_reviewer(t: &Team, level: i64) {
    let reviewer =
        t.w.core
            .create_role(
                &t.ann.id,
                &t.org,
                &RoleInput {
                    name: "Reviewer".into(),
                    level,
                    permissions: PermissionSet::of(&[
                        Permission::OrganizationView,
                        Permission::MembersView,
                        Permission::ReviewRun,
                    ]),
                },
            )
            .expect("role");
    let cleo = t.w.membership(&t.ann, &t.org, &t.cleo).membership_id;
    t.w.core
        .change_role(&t.ann.id, &t.org, &cleo, &reviewer.id)
        .expect("grant");
}

/// Decides Keep for everyone still undecided.
fn keep_the_rest(t: &Team, actor: &Person, id: &CampaignId) {
    let rest =
        t.w.core
            .campaign_select(
                &actor.id,
                id,
                &CampaignQuery {
                    decided: Some(false),
                    ..CampaignQuery::default()
                },
            )
            .expect("select");
    if !rest.is_empty() {
        decide(t, actor, id, rest, Decision::Keep).expect("keep");
    }
}

#[test]
fn r55_review_run_is_held_by_owner_and_admin_and_grantable() {
    let t = team();
    let roles = t.w.core.list_roles(&t.ann.id, &t.org).expect("roles");
    for role in &roles {
        let holds = role.permissions.contains(Permission::ReviewRun);
        assert_eq!(holds, role.name != "Member", "{}", role.name);
    }
    // A Member cannot start a review, see one or decide in one.
    assert_err(
        t.w.core
            .start_campaign(&t.cleo.id, "", std::slice::from_ref(&t.org)),
        ErrorKind::Forbidden,
        "Review · Run reviews",
    );
    let c = start(&t, &t.bob);
    assert_err(
        t.w.core.campaign(&t.cleo.id, &c.id),
        ErrorKind::Forbidden,
        "Review · Run reviews",
    );
    assert!(
        t.w.core
            .list_campaigns(&t.cleo.id)
            .expect("list")
            .is_empty()
    );
    // Granted to a custom role, it is enough to run reviews.
    make_cleo_reviewer(&t, 30);
    assert_eq!(t.w.core.list_campaigns(&t.cleo.id).expect("list").len(), 1);
}

#[test]
fn r53_a_campaign_freezes_its_population_with_their_findings() {
    let w = World::new();
    let ann = w.register("Ann", "Admin");
    let org = apply(
        &w,
        &ann,
        &request(
            ImportTarget::New {
                name: "Example".into(),
            },
            "google/users.csv",
        ),
    )
    .expect("import")
    .org_id;
    let members = w.all_members(&ann, &org).len() as u64;
    let c = w
        .core
        .start_campaign(&ann.id, "", std::slice::from_ref(&org))
        .expect("start");
    assert!(
        c.name.starts_with("Access review — Example, "),
        "{}",
        c.name
    );
    assert_eq!(c.state, CampaignState::Open);
    assert_eq!(c.population, members);
    assert_eq!(c.orgs[0].members, members);
    assert!(c.orgs[0].snapshot_id.is_some());
    assert_eq!(c.progress(), format!("0 of {members} reviewed"));
    assert_eq!(w.last_audit_action(), "review.started");

    let query = |finding| CampaignQuery {
        finding,
        limit: 500,
        ..CampaignQuery::default()
    };
    let all = w
        .core
        .campaign_items(&ann.id, &c.id, &query(None))
        .expect("items");
    assert!(
        all.findings.contains(&FindingKind::Dormant),
        "{:?}",
        all.findings
    );
    let dormant = w
        .core
        .campaign_items(&ann.id, &c.id, &query(Some(FindingKind::Dormant)))
        .expect("dormant");
    assert!(dormant.total > 0 && dormant.total < all.total);
    assert!(
        dormant
            .items
            .iter()
            .all(|i| i.findings.contains(&FindingKind::Dormant))
    );
    assert!(dormant.items.iter().any(|i| i.name == "Bob Stone"));

    // Someone who joins later is not in it.
    w.model_person(&ann, &org, "Late", "Comer", "late@example.com");
    let again = w.core.campaign(&ann.id, &c.id).expect("campaign");
    assert_eq!(again.population, members);
    let search = matching(
        &w.core,
        &ann,
        &c.id,
        CampaignQuery {
            search: "late".into(),
            ..CampaignQuery::default()
        },
    );
    assert_eq!(search.total, 0);
}

#[test]
fn r53_decisions_record_the_reviewer_time_and_comment() {
    let t = team();
    let c = start(&t, &t.bob);
    let list = items(&t, &t.bob, &c.id);
    let (cleo, dan, ann) = (
        num(&list, &t.cleo.email),
        num(&list, &t.dan.email),
        num(&list, &t.ann.email),
    );
    t.w.clock.advance(DAY);
    let after =
        t.w.core
            .decide(
                &t.bob.id,
                &c.id,
                &DecideRequest {
                    items: vec![cleo, dan],
                    decision: Some(Decision::Deactivate),
                    role_id: None,
                    comment: "  Left in October  ".into(),
                },
            )
            .expect("decide");
    assert_eq!(after.counts.deactivate, 2);
    assert_eq!(after.progress(), "2 of 4 reviewed");
    let list = items(&t, &t.bob, &c.id);
    let d = list
        .iter()
        .find(|i| i.num == cleo)
        .and_then(|i| i.decision.clone())
        .expect("decided");
    assert_eq!(d.reviewer, "Bob Admin");
    assert_eq!(d.at, START + DAY);
    assert_eq!(d.comment, "Left in October");

    // Change role needs a role of the organization.
    assert_err(
        decide(&t, &t.bob, &c.id, vec![dan], Decision::ChangeRole),
        ErrorKind::Invalid,
        "Choose the role",
    );
    // The Owner keeps their access: no deactivation in a review.
    assert_err(
        decide(&t, &t.bob, &c.id, vec![ann, dan], Decision::Remove),
        ErrorKind::Invalid,
        "Ann Owner is the Owner of Acme",
    );
    // A number not in the campaign changes nothing.
    assert_err(
        decide(&t, &t.bob, &c.id, vec![dan, 99], Decision::Keep),
        ErrorKind::NotFound,
        "1 of the selected people",
    );
    assert_eq!(
        t.w.core
            .campaign(&t.bob.id, &c.id)
            .expect("c")
            .counts
            .deactivate,
        2
    );
    // Clearing a decision.
    let cleared =
        t.w.core
            .decide(
                &t.bob.id,
                &c.id,
                &DecideRequest {
                    items: vec![dan],
                    decision: None,
                    role_id: None,
                    comment: String::new(),
                },
            )
            .expect("clear");
    assert_eq!(cleared.counts.decided(), 1);
    let undecided = matching(
        &t.w.core,
        &t.bob,
        &c.id,
        CampaignQuery {
            decided: Some(false),
            ..CampaignQuery::default()
        },
    );
    assert_eq!(undecided.total, 3);
}

#[test]
fn r54_sign_off_needs_every_decision_then_the_campaign_never_changes() {
    let t = team();
    let c = start(&t, &t.bob);
    let list = items(&t, &t.bob, &c.id);
    decide(
        &t,
        &t.bob,
        &c.id,
        vec![num(&list, &t.dan.email)],
        Decision::Keep,
    )
    .expect("keep");
    assert_err(
        t.w.core
            .sign_off_campaign(&t.bob.id, &c.id, "I reviewed everyone."),
        ErrorKind::Invalid,
        "3 people still have no decision",
    );
    keep_the_rest(&t, &t.bob, &c.id);
    assert_err(
        t.w.core.sign_off_campaign(&t.bob.id, &c.id, "   "),
        ErrorKind::Invalid,
        "Write the statement",
    );
    t.w.clock.advance(DAY);
    let signed =
        t.w.core
            .sign_off_campaign(&t.bob.id, &c.id, "I reviewed everyone's access.")
            .expect("sign off");
    assert_eq!(signed.state, CampaignState::Completed);
    let s = signed.sign_off.expect("signed");
    assert_eq!(
        (s.reviewer.as_str(), s.at, s.statement.as_str()),
        ("Bob Admin", START + DAY, "I reviewed everyone's access.")
    );
    assert_eq!(t.w.last_audit_action(), "review.signed_off");
    // Read-only from now on, through the core and in the database itself.
    assert_err(
        decide(&t, &t.bob, &c.id, vec![1], Decision::Remove),
        ErrorKind::Conflict,
        "signed off and read-only",
    );
    assert_err(
        t.w.core.sign_off_campaign(&t.bob.id, &c.id, "Again"),
        ErrorKind::Conflict,
        "signed off",
    );
    assert_err(
        t.w.core.discard_campaign(&t.bob.id, &c.id),
        ErrorKind::Conflict,
        "signed off",
    );
    let conn = t.w.core.store().conn();
    for sql in [
        "UPDATE campaign_items SET comment = 'edited' WHERE num = 1",
        "UPDATE campaigns SET statement = 'edited'",
        "UPDATE campaign_orgs SET findings_end = '[]'",
        "DELETE FROM campaign_items WHERE num = 1",
        "DELETE FROM campaigns",
    ] {
        let e = conn.execute(sql, []).expect_err(sql);
        assert!(
            e.to_string().contains("signed-off review campaign"),
            "{sql}: {e}"
        );
    }
}

#[test]
fn r54_applying_goes_through_the_rules_and_lists_what_they_refuse() {
    let t = team();
    // Bob decides to deactivate himself, which R28 refuses to anyone.
    let eve = t.bob.clone();
    let c = start(&t, &t.bob);
    let list = items(&t, &t.bob, &c.id);
    let (cleo, dan, eve_n) = (
        num(&list, &t.cleo.email),
        num(&list, &t.dan.email),
        num(&list, &eve.email),
    );
    decide(&t, &t.bob, &c.id, vec![cleo], Decision::Deactivate).expect("d");
    decide(&t, &t.bob, &c.id, vec![dan], Decision::Remove).expect("r");
    decide(&t, &t.bob, &c.id, vec![eve_n], Decision::Deactivate).expect("e");
    keep_the_rest(&t, &t.bob, &c.id);
    t.w.core
        .sign_off_campaign(&t.bob.id, &c.id, "Reviewed.")
        .expect("sign off");
    // Applying before the sign-off is refused; after it, once.
    let report = t.w.core.apply_campaign(&t.bob.id, &c.id).expect("apply");
    assert_eq!(report.applied, 2, "{report:?}");
    assert_eq!(report.unchanged, 1, "Ann's Keep");
    assert_eq!(report.refused.len(), 1);
    assert_eq!(report.refused[0].email, eve.email);
    assert!(
        report.refused[0].reason.contains("your own"),
        "{}",
        report.refused[0].reason
    );
    // What was applied changed, with its audit entries; the refusal changed nothing.
    let members = t.w.all_members(&t.ann, &t.org);
    let status = |email: &str| members.iter().find(|m| m.email == email).map(|m| m.status);
    assert_eq!(status(&t.cleo.email), Some(MemberStatus::Deactivated));
    assert_eq!(status(&t.dan.email), None, "Dan was removed");
    assert_eq!(status(&eve.email), Some(MemberStatus::Active));
    let after = items(&t, &t.bob, &c.id);
    let outcome = |n: u64| {
        after
            .iter()
            .find(|i| i.num == n)
            .and_then(|i| i.outcome.clone())
            .expect("outcome")
    };
    assert_eq!(outcome(cleo).outcome, Outcome::Applied);
    assert_eq!(outcome(cleo).audit_ids.len(), 1);
    assert_eq!(outcome(eve_n).outcome, Outcome::Refused);
    assert!(outcome(eve_n).audit_ids.is_empty());
    let applied = t.w.core.campaign(&t.bob.id, &c.id).expect("campaign");
    assert_eq!(applied.state, CampaignState::Applied);
    assert_eq!((applied.counts.applied, applied.counts.refused), (2, 1));
    assert_eq!(t.w.last_audit_action(), "review.applied");
    assert_err(
        t.w.core.apply_campaign(&t.bob.id, &c.id),
        ErrorKind::Conflict,
        "were applied",
    );
}

#[test]
fn r55_applying_needs_the_matching_members_permissions() {
    let t = team();
    make_cleo_reviewer(&t, 50);
    let c = start(&t, &t.cleo);
    let list = items(&t, &t.cleo, &c.id);
    decide(
        &t,
        &t.cleo,
        &c.id,
        vec![num(&list, &t.dan.email)],
        Decision::Deactivate,
    )
    .expect("decide");
    keep_the_rest(&t, &t.cleo, &c.id);
    t.w.core
        .sign_off_campaign(&t.cleo.id, &c.id, "Reviewed.")
        .expect("sign off");
    let report = t.w.core.apply_campaign(&t.cleo.id, &c.id).expect("apply");
    assert_eq!(report.applied, 0);
    assert_eq!(report.refused.len(), 1);
    assert!(
        report.refused[0].reason.contains("Members · Deactivate"),
        "{}",
        report.refused[0].reason
    );
    assert_eq!(
        t.w.membership(&t.ann, &t.org, &t.dan).status,
        MemberStatus::Active
    );
}

#[test]
fn r54_a_person_gone_since_the_start_is_refused_not_half_applied() {
    let t = team();
    let c = start(&t, &t.bob);
    let list = items(&t, &t.bob, &c.id);
    let role = t.w.template(&t.ann, &t.org, "Co-Admin");
    t.w.core
        .decide(
            &t.bob.id,
            &c.id,
            &DecideRequest {
                items: vec![num(&list, &t.dan.email)],
                decision: Some(Decision::ChangeRole),
                role_id: Some(role.clone()),
                comment: "Runs support".into(),
            },
        )
        .expect("change role");
    decide(
        &t,
        &t.bob,
        &c.id,
        vec![num(&list, &t.cleo.email)],
        Decision::Deactivate,
    )
    .expect("deactivate");
    keep_the_rest(&t, &t.bob, &c.id);
    t.w.core
        .sign_off_campaign(&t.bob.id, &c.id, "Reviewed.")
        .expect("sign off");
    // Cleo leaves before the decisions are applied.
    t.w.core
        .leave_organization(&t.cleo.id, &t.org)
        .expect("leave");
    let report = t.w.core.apply_campaign(&t.bob.id, &c.id).expect("apply");
    assert_eq!(report.applied, 1);
    assert_eq!(report.refused.len(), 1);
    assert!(
        report.refused[0]
            .reason
            .contains("not in this organization")
    );
    let dan = t.w.membership(&t.ann, &t.org, &t.dan);
    assert_eq!(dan.role_name, "Co-Admin");
}

#[test]
fn r57_evidence_holds_the_population_every_decision_and_the_sign_off() {
    let t = team();
    let first = start(&t, &t.bob);
    keep_the_rest(&t, &t.bob, &first.id);
    t.w.core
        .sign_off_campaign(&t.bob.id, &first.id, "First quarter.")
        .expect("sign off");
    // Next quarter: Eve joined, Cleo's decision is to deactivate her.
    t.w.clock.advance(90 * DAY);
    let eve = t.w.register("Eve", "New");
    t.w.join(&t.ann, &t.org, &eve, None);
    let c = start(&t, &t.bob);
    let list = items(&t, &t.bob, &c.id);
    t.w.core
        .decide(
            &t.bob.id,
            &c.id,
            &DecideRequest {
                items: vec![num(&list, &t.cleo.email)],
                decision: Some(Decision::Deactivate),
                role_id: None,
                comment: "=HYPERLINK(\"x\") moved to a partner".into(),
            },
        )
        .expect("decide");
    keep_the_rest(&t, &t.bob, &c.id);
    t.w.core
        .sign_off_campaign(&t.bob.id, &c.id, "I, Bob, reviewed <all> access.")
        .expect("sign off");
    t.w.core.apply_campaign(&t.bob.id, &c.id).expect("apply");

    let mut csv = Vec::new();
    let rows =
        t.w.core
            .export_evidence(&t.bob.id, &c.id, EvidenceFormat::Csv, &mut csv)
            .expect("csv");
    assert_eq!(rows, 5);
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let header = reader.headers().expect("header").clone();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(records.len(), 5);
    let cleo = records
        .iter()
        .find(|r| &r[col("E-mail")] == t.cleo.email.as_str())
        .expect("cleo");
    assert_eq!(&cleo[col("Decision")], "Deactivate");
    assert_eq!(&cleo[col("Reviewer")], "Bob Admin");
    assert_eq!(&cleo[col("Outcome")], "Applied");
    assert!(cleo[col("Audit entries")].starts_with('#'));
    assert!(
        cleo[col("Comment")].starts_with("'="),
        "a formula is neutralised: {}",
        &cleo[col("Comment")]
    );
    assert!(
        records
            .iter()
            .all(|r| &r[col("Signed off by")] == "Bob Admin")
    );

    let mut html = Vec::new();
    t.w.core
        .export_evidence(&t.bob.id, &c.id, EvidenceFormat::Html, &mut html)
        .expect("html");
    let html = String::from_utf8(html).expect("utf-8");
    for person in [&t.ann, &t.bob, &t.cleo, &t.dan, &eve] {
        assert!(html.contains(&person.email), "{} missing", person.email);
    }
    assert!(html.contains("I, Bob, reviewed &lt;all&gt; access."));
    assert!(!html.contains("<all>"), "text is escaped");
    assert!(html.contains("Changes since the previous campaign"));
    assert!(
        html.contains("Compared with “Q4 review”"),
        "the diff names the first campaign"
    );
    assert!(html.contains("1 joined"));
    assert!(html.contains("Findings at the start and at the sign-off"));
    assert!(!html.contains("<script"), "self-contained and inert");
    let name =
        t.w.core
            .evidence_file_name(&t.bob.id, &c.id, EvidenceFormat::Html)
            .expect("name");
    assert!(
        name.starts_with("access-review-acme-") && name.ends_with(".html"),
        "{name}"
    );
}

#[test]
fn r53_discarding_an_open_campaign_and_deleting_its_organization() {
    let t = team();
    let c = start(&t, &t.bob);
    t.w.core
        .discard_campaign(&t.bob.id, &c.id)
        .expect("discard");
    assert_err(
        t.w.core.campaign(&t.bob.id, &c.id),
        ErrorKind::NotFound,
        "does not exist",
    );
    assert_eq!(t.w.last_audit_action(), "review.discarded");
    // A signed-off campaign goes only with its organization.
    let c = start(&t, &t.bob);
    keep_the_rest(&t, &t.bob, &c.id);
    t.w.core
        .sign_off_campaign(&t.bob.id, &c.id, "Reviewed.")
        .expect("sign off");
    let slug = t.w.core.organization(&t.ann.id, &t.org).expect("org").slug;
    t.w.core
        .delete_organization(&t.ann.id, &t.org, &slug)
        .expect("delete");
    assert_eq!(t.w.count("campaigns", "1"), 0);
    assert_eq!(t.w.count("campaign_items", "1"), 0);
}

#[test]
fn r53_a_campaign_spans_several_organizations() {
    let t = team();
    let other = t.w.org(&t.bob, "Beta").id;
    t.w.model_person(&t.bob, &other, "Fay", "Far", "fay@example.com");
    let c =
        t.w.core
            .start_campaign(&t.bob.id, "Both", &[t.org.clone(), other.clone()])
            .expect("start");
    assert_eq!(c.orgs.len(), 2);
    assert_eq!(c.population, 6);
    // Roles belong to one organization.
    let list = items(&t, &t.bob, &c.id);
    let role = t.w.role_id(&t.bob, &other, "Member");
    let everyone: Vec<u64> = list.iter().filter(|i| !i.owner).map(|i| i.num).collect();
    assert_err(
        t.w.core.decide(
            &t.bob.id,
            &c.id,
            &DecideRequest {
                items: everyone,
                decision: Some(Decision::ChangeRole),
                role_id: Some(role),
                comment: String::new(),
            },
        ),
        ErrorKind::Invalid,
        "one organization's people at a time",
    );
    // Ann does not belong to Beta: she cannot see the campaign.
    assert_err(
        t.w.core.campaign(&t.ann.id, &c.id),
        ErrorKind::Forbidden,
        "not a member of Beta",
    );
    let _ = &t.dan;
}

#[test]
fn r56_a_comparison_exports_as_csv() {
    let t = team();
    let before = t.w.core.take_snapshot(&t.ann.id, &t.org).expect("snapshot");
    let eve = t.w.register("Eve", "New");
    t.w.join(&t.ann, &t.org, &eve, None);
    let admin = t.w.role_id(&t.ann, &t.org, "Admin");
    let dan = t.w.membership(&t.ann, &t.org, &t.dan).membership_id;
    t.w.core
        .change_role(&t.ann.id, &t.org, &dan, &admin)
        .expect("promote");
    let mut out = Vec::new();
    let rows =
        t.w.core
            .export_diff(
                &t.ann.id,
                &t.org,
                &SnapshotRef::Snapshot { id: before.id },
                &SnapshotRef::Now,
                &mut out,
            )
            .expect("csv");
    assert_eq!(rows, 2);
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header[..6],
        ["Change", "Name", "E-mail", "Before", "After", "Privilege"]
    );
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("row").iter().map(str::to_string).collect())
        .collect();
    let joined = records.iter().find(|r| r[0] == "Joined").expect("joined");
    assert_eq!(
        (joined[1].as_str(), joined[2].as_str()),
        ("Eve New", eve.email.as_str())
    );
    let promoted = records
        .iter()
        .find(|r| r[0] == "Role changed")
        .expect("role");
    assert_eq!(
        (
            promoted[3].as_str(),
            promoted[4].as_str(),
            promoted[5].as_str()
        ),
        ("Member", "Admin", "Gained")
    );
    assert_eq!(promoted[7], "Now");
    // A Member may not read it.
    assert_err(
        t.w.core.export_diff(
            &t.cleo.id,
            &t.org,
            &SnapshotRef::Now,
            &SnapshotRef::Now,
            &mut Vec::new(),
        ),
        ErrorKind::Forbidden,
        "",
    );
}

/// The HR roster fixtures.
fn roster(name: &str) -> String {
    crate::import::fixture(&format!("hr/{name}"))
}

#[test]
fn r52_an_hr_roster_names_members_who_left_but_still_have_access() {
    let t = team();
    // No roster: no such finding.
    let f = t.w.core.findings(&t.ann.id, &t.org).expect("findings");
    assert!(f.roster.is_none());
    assert!(
        !f.findings
            .iter()
            .any(|x| x.kind == FindingKind::LeftCompany)
    );

    let info =
        t.w.core
            .import_roster(&t.bob.id, &t.org, &roster("bamboohr_employees.csv"), &[])
            .expect("roster");
    assert_eq!(info.file_name, "bamboohr_employees.csv");
    assert_eq!((info.people, info.terminated), (6, 2), "Cleo and Fay left");
    assert_eq!(info.imported_by, "Bob Admin");
    assert_eq!(t.w.last_audit_action(), "review.roster_imported");
    let left = |f: &Findings| -> Vec<(String, String)> {
        f.findings
            .iter()
            .filter(|x| x.kind == FindingKind::LeftCompany)
            .flat_map(|x| {
                x.subjects
                    .iter()
                    .map(|s| (s.name.clone(), s.detail.clone()))
            })
            .collect()
    };
    let f = t.w.core.findings(&t.ann.id, &t.org).expect("findings");
    assert_eq!(f.roster.as_ref().map(|r| r.people), Some(6));
    assert_eq!(
        left(&f),
        [(
            "Cleo Member".to_string(),
            "Left the company on 2025-10-01 (106 days ago), still active here".to_string()
        )]
    );
    let finding = f
        .findings
        .iter()
        .find(|x| x.kind == FindingKind::LeftCompany)
        .expect("finding");
    assert_eq!(finding.severity, Severity::High);
    assert!(finding.remedies.contains(&Remedy::Deactivate));
    // Dan's last day comes; Cleo's remedy is applied.
    t.w.clock.advance(80 * DAY);
    let cleo = t.w.membership(&t.ann, &t.org, &t.cleo).membership_id;
    t.w.core
        .set_member_status(&t.ann.id, &t.org, &cleo, MemberStatus::Deactivated)
        .expect("deactivate");
    let f = t.w.core.findings(&t.ann.id, &t.org).expect("findings");
    let names: Vec<String> = left(&f).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["Dan Member"]);
}

#[test]
fn r52_a_roster_rolecall_cannot_read_is_refused_whole() {
    let t = team();
    t.w.core
        .import_roster(&t.bob.id, &t.org, &roster("bamboohr_employees.csv"), &[])
        .expect("roster");
    assert_err(
        t.w.core
            .import_roster(&t.bob.id, &t.org, &roster("bad_date.csv"), &[]),
        ErrorKind::Invalid,
        "is not a date Rolecall can read",
    );
    assert_err(
        t.w.core
            .import_roster(&t.bob.id, &t.org, &roster("no_email.csv"), &[]),
        ErrorKind::Invalid,
        "needs an e-mail column",
    );
    assert_err(
        t.w.core.import_roster(
            &t.bob.id,
            &t.org,
            &crate::import::fixture("scim/list-response.json"),
            &[],
        ),
        ErrorKind::Invalid,
        "is a CSV file",
    );
    // The roster before is kept.
    let f = t.w.core.findings(&t.ann.id, &t.org).expect("findings");
    assert_eq!(
        f.roster.map(|r| r.file_name).as_deref(),
        Some("bamboohr_employees.csv")
    );
    // A Member may not import one.
    assert_err(
        t.w.core
            .import_roster(&t.cleo.id, &t.org, &roster("bamboohr_employees.csv"), &[]),
        ErrorKind::Forbidden,
        "Review · Run reviews",
    );
}

/// A roster's field and the column it is read from.
fn map(field: &str, column: &str) -> ColumnMapping {
    ColumnMapping {
        field: field.to_string(),
        column: column.to_string(),
    }
}

#[test]
fn r52_a_roster_is_read_with_the_mapping_confirmed_and_remembered_per_header_set() {
    let t = team();
    let file = roster("workday_workers.csv");
    // The mapping step: the file's columns, the roster's fields (e-mail first) and
    // what the names suggest: only the separation date is recognised.
    let p =
        t.w.core
            .preview_roster(&t.bob.id, &t.org, &file)
            .expect("preview");
    assert_eq!(p.file_name, "workday_workers.csv");
    assert_eq!(
        p.columns,
        [
            "Worker ID",
            "Legal Name",
            "Corporate Login",
            "Worker State",
            "Separation Date"
        ]
    );
    // What findings use of a roster, e-mail first; names and HR ids are not asked for.
    assert_eq!(
        p.fields.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(),
        ["email", "status", "termination_date"]
    );
    assert_eq!(p.mapping, [map("termination_date", "Separation Date")]);
    assert!(!p.remembered);
    // Read as guessed, or with the e-mail left out: refused, saying what to choose.
    assert_err(
        t.w.core.import_roster(&t.bob.id, &t.org, &file, &[]),
        ErrorKind::Invalid,
        "needs an e-mail column: choose the column",
    );
    assert_err(
        t.w.core
            .import_roster(&t.bob.id, &t.org, &file, &[map("status", "Worker State")]),
        ErrorKind::Invalid,
        "Corporate Login",
    );
    // An e-mail alone tells nobody who left.
    assert_err(
        t.w.core
            .import_roster(&t.bob.id, &t.org, &file, &[map("email", "Corporate Login")]),
        ErrorKind::Invalid,
        "needs a status or a termination date column",
    );
    // A field a roster has not, and a column the file has not.
    assert_err(
        t.w.core.import_roster(
            &t.bob.id,
            &t.org,
            &file,
            &[map("email", "Corporate Login"), map("role", "Worker State")],
        ),
        ErrorKind::Invalid,
        "no field \"role\"",
    );
    assert_err(
        t.w.core.import_roster(
            &t.bob.id,
            &t.org,
            &file,
            &[map("email", "Work Email"), map("status", "Worker State")],
        ),
        ErrorKind::Invalid,
        "Work Email",
    );
    assert!(
        t.w.core
            .findings(&t.ann.id, &t.org)
            .expect("findings")
            .roster
            .is_none(),
        "nothing refused is kept"
    );

    // Confirmed: read with the columns chosen.
    let chosen = [
        map("email", "Corporate Login"),
        map("status", "Worker State"),
        map("termination_date", "Separation Date"),
    ];
    let info =
        t.w.core
            .import_roster(&t.bob.id, &t.org, &file, &chosen)
            .expect("roster");
    assert_eq!((info.people, info.terminated), (5, 2), "Cleo and Gus left");
    let f = t.w.core.findings(&t.ann.id, &t.org).expect("findings");
    let left: Vec<String> = f
        .findings
        .iter()
        .filter(|x| x.kind == FindingKind::LeftCompany)
        .flat_map(|x| x.subjects.iter().map(|s| s.detail.clone()))
        .collect();
    assert_eq!(
        left,
        ["Left the company on 2025-10-01 (106 days ago), still active here"]
    );

    // Remembered for files with the same columns, in any order.
    let later = roster("workday_workers_later.csv");
    let p =
        t.w.core
            .preview_roster(&t.bob.id, &t.org, &later)
            .expect("preview");
    assert!(p.remembered);
    assert_eq!(p.mapping, chosen);
    let info =
        t.w.core
            .import_roster(&t.bob.id, &t.org, &later, &[])
            .expect("later roster");
    assert_eq!((info.people, info.terminated), (4, 2), "Cleo and Dan left");
    // Other columns have nothing remembered.
    let p =
        t.w.core
            .preview_roster(&t.bob.id, &t.org, &roster("bamboohr_employees.csv"))
            .expect("preview");
    assert!(!p.remembered);
    // The import's mapping step of the same columns does not take the roster's.
    let mut read_as_csv = request(
        ImportTarget::Existing {
            org_id: t.org.clone(),
        },
        "hr/workday_workers.csv",
    );
    read_as_csv.source = Some("mapped".to_string());
    let p = crate::import::preview(&t.w, &t.bob, &read_as_csv).expect("import preview");
    assert!(
        !p.mapping.iter().any(|m| m.field == "email"),
        "{:?}",
        p.mapping
    );

    // A Member may not even see the columns.
    assert_err(
        t.w.core.preview_roster(&t.cleo.id, &t.org, &file),
        ErrorKind::Forbidden,
        "Review · Run reviews",
    );
}

#[test]
fn r53_starting_a_campaign_tells_each_step_as_it_begins() {
    let t = team();
    let beta = t.w.org(&t.ann, "Beta").id;
    let mut told: Vec<StartProgress> = Vec::new();
    let campaign =
        t.w.core
            .start_campaign_reporting(&t.ann.id, "", &[t.org.clone(), beta], &mut |p| told.push(p))
            .expect("start");
    assert_eq!(campaign.population, 5);
    let steps: Vec<(u64, u64, StartStep, &str, u64)> = told
        .iter()
        .map(|p| (p.done, p.total, p.step, p.org_name.as_str(), p.members))
        .collect();
    assert_eq!(
        steps,
        [
            (0, 7, StartStep::Snapshot, "Acme", 4),
            (1, 7, StartStep::Findings, "Acme", 4),
            (2, 7, StartStep::People, "Acme", 4),
            (3, 7, StartStep::Snapshot, "Beta", 1),
            (4, 7, StartStep::Findings, "Beta", 1),
            (5, 7, StartStep::People, "Beta", 1),
            (6, 7, StartStep::Save, "", 0),
        ]
    );
    // A start the rules refuse tells no step.
    let mut told = 0;
    assert_err(
        t.w.core.start_campaign_reporting(
            &t.cleo.id,
            "",
            std::slice::from_ref(&t.org),
            &mut |_| told += 1,
        ),
        ErrorKind::Forbidden,
        "",
    );
    assert_eq!(told, 0);
}
