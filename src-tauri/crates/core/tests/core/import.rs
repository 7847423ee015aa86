//! R46–R51: imports from the vendors' own export files (the reader crate's fixtures),
//! previewed, applied, re-imported and refused.

use crate::world::*;
use rolecall_core::ImportControl;
use rolecall_types::ErrorKind;
use rolecall_types::ids::OrgId;
use rolecall_types::import::*;
use rolecall_types::model::*;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

pub fn fixture(path: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../import/tests/fixtures")
        .join(path)
        .display()
        .to_string()
}

pub fn request(target: ImportTarget, path: &str) -> ImportRequest {
    ImportRequest {
        target,
        path: fixture(path),
        source: None,
        mapping: Vec::new(),
        roles: Vec::new(),
        absent: AbsentAction::Keep,
        skip_problems: false,
    }
}

fn new_org(name: &str, path: &str) -> ImportRequest {
    request(ImportTarget::New { name: name.into() }, path)
}

fn into(org: &OrgId, path: &str) -> ImportRequest {
    request(
        ImportTarget::Existing {
            org_id: org.clone(),
        },
        path,
    )
}

pub fn preview(
    w: &World,
    actor: &Person,
    r: &ImportRequest,
) -> Result<ImportPreview, rolecall_core::Error> {
    let cancel = AtomicBool::new(false);
    let mut progress = |_| {};
    let mut control = ImportControl {
        cancel: &cancel,
        progress: &mut progress,
    };
    w.core.preview_import(&actor.id, r, &mut control)
}

/// Applies `r` as previewed with checksum `sha`, cancelled from the start if `cancelled`.
fn apply_previewed(
    w: &World,
    actor: &Person,
    r: &ImportRequest,
    sha: &str,
    cancelled: bool,
) -> Result<ImportApplied, rolecall_core::Error> {
    let cancel = AtomicBool::new(cancelled);
    let mut progress = |_| {};
    let mut control = ImportControl {
        cancel: &cancel,
        progress: &mut progress,
    };
    w.core.apply_import(&actor.id, r, sha, &mut control)
}

/// Previews `r`, then applies what the preview showed.
pub fn apply(
    w: &World,
    actor: &Person,
    r: &ImportRequest,
) -> Result<ImportApplied, rolecall_core::Error> {
    let sha = preview(w, actor, r)?.sha256;
    apply_previewed(w, actor, r, &sha, false)
}

fn names(people: &[ImportPerson]) -> Vec<String> {
    let mut out: Vec<String> = people.iter().map(|p| p.name.clone()).collect();
    out.sort();
    out
}

/// Ann registers and imports Google Workspace's users into a new organization.
fn google_org(w: &World) -> (Person, OrgId) {
    let ann = w.register("Ann", "Admin");
    let applied = apply(w, &ann, &new_org("Example Inc", "google/users.csv")).expect("apply");
    (ann, applied.org_id)
}

#[test]
fn r47_preview_lists_joins_and_writes_nothing() {
    let w = World::new();
    let ann = w.register("Ann", "Admin");
    let orgs_before = w.count("organizations", "1");
    let accounts_before = w.count("accounts", "1");
    let p = preview(&w, &ann, &new_org("Example Inc", "google/users.csv")).expect("preview");
    assert_eq!(p.source.code, "google_workspace");
    assert!(p.detected);
    assert_eq!(p.counts.join, 8, "{:?}", p.joins);
    assert_eq!(p.counts.problems, 0, "{:?}", p.problems);
    assert_eq!(p.title, "8 join");
    assert!(
        p.joins
            .iter()
            .any(|j| j.email == "carla.diaz@example.com" && j.status == "Deactivated")
    );
    assert!(p.blocked.is_none(), "{:?}", p.blocked);
    assert!(
        p.notes.iter().any(|n| n.contains("Team plan")),
        "{:?}",
        p.notes
    );
    assert_eq!(p.sha256.len(), 64);
    assert_eq!(w.count("organizations", "1"), orgs_before);
    assert_eq!(w.count("accounts", "1"), accounts_before);
    assert_eq!(w.count("imports", "1"), 0);
    assert_eq!(w.count("audit_log", "action = 'import.applied'"), 0);
}

#[test]
fn r49_r50_apply_keeps_source_fields_one_entry_and_a_snapshot() {
    let w = World::new();
    let (ann, org) = google_org(&w);
    let members = w.all_members(&ann, &org);
    assert_eq!(members.len(), 9, "Ann and the 8 people of the file");
    let eve = w.member_by_email(&ann, &org, "eve.martin@example.com");
    let source = eve.source.expect("source fields");
    assert_eq!(source.source, "Google Workspace");
    assert_eq!(source.title.as_deref(), Some("Site Reliability Engineer"));
    // A formula-looking cell is kept as text.
    assert!(
        source
            .department
            .as_deref()
            .is_some_and(|d| d.starts_with("=HYPERLINK"))
    );
    assert_eq!(source.two_factor, Some(true));
    let dev = w
        .member_by_email(&ann, &org, "dev.patel@example.com")
        .source
        .expect("source");
    assert!(dev.never_signed_in);
    assert_eq!(dev.last_sign_in, None);
    let carla = w.member_by_email(&ann, &org, "carla.diaz@example.com");
    assert_eq!(
        carla.status,
        MemberStatus::Deactivated,
        "Suspended at Google"
    );
    assert!(!carla.can_sign_in);
    // The Owner is the importer, untouched and without source fields.
    let owner = w.membership(&ann, &org, &ann);
    assert!(owner.is_owner && owner.source.is_none());
    assert_eq!(
        w.count(
            "audit_log",
            &format!("action = 'import.applied' AND org_id = '{org}'")
        ),
        1
    );
    assert_eq!(
        w.count(
            "audit_log",
            &format!("action = 'member.added' AND org_id = '{org}'")
        ),
        8
    );
    let details: String = w
        .core
        .store()
        .conn()
        .query_row(
            "SELECT details FROM audit_log WHERE action = 'import.applied'",
            [],
            |r| r.get(0),
        )
        .expect("entry");
    let details: serde_json::Value = serde_json::from_str(&details).expect("json");
    assert_eq!(details["source"], "google_workspace");
    assert_eq!(details["file_name"], "users.csv");
    assert_eq!(details["sha256"].as_str().map(str::len), Some(64));
    assert_eq!(details["counts"]["joined"], 8);
    assert_eq!(
        w.count("snapshots", &format!("org_id = '{org}' AND members = 9")),
        1
    );
    let plan = w.core.organization(&ann.id, &org).expect("org").plan;
    assert_eq!(plan, Plan::Team, "the smallest plan that holds 9 people");
}

#[test]
fn r47_reimporting_the_same_file_shows_no_changes() {
    let w = World::new();
    let (ann, org) = google_org(&w);
    let p = preview(&w, &ann, &into(&org, "google/users.csv")).expect("preview");
    assert!(p.no_changes, "{:?} {:?}", p.title, p.changes);
    assert_eq!(p.title, "No changes");
    assert_eq!(p.counts.unchanged, 8);
    assert!(p.blocked.is_none());
}

#[test]
fn r47_a_later_export_shows_exactly_its_changes() {
    let w = World::new();
    let (ann, org) = google_org(&w);
    let mut later = into(&org, "google/users-later.csv");
    later.absent = AbsentAction::Deactivate;
    let p = preview(&w, &ann, &later).expect("preview");
    assert_eq!(names(&p.joins), ["Hana Kim", "Ivan Petrov"]);
    assert_eq!(names(&p.absent), ["Gina Rossi"]);
    assert_eq!(p.counts.change, 3, "{:#?}", p.changes);
    assert_eq!(p.title, "2 join · 3 change · 1 leave");
    let fields = |name: &str| -> Vec<String> {
        p.changes
            .iter()
            .find(|c| c.person.name == name)
            .unwrap_or_else(|| panic!("{name} does not change"))
            .fields
            .iter()
            .map(|f| f.field.clone())
            .collect()
    };
    assert_eq!(fields("Bob Stone"), ["Title"]);
    assert_eq!(
        fields("Carla Díaz"),
        [
            "Status",
            "Status at the source",
            "Last sign-in at the source"
        ]
    );
    assert_eq!(
        fields("Dev Patel"),
        ["Last sign-in at the source", "Two-step verification"]
    );
    let bob = p
        .changes
        .iter()
        .find(|c| c.person.name == "Bob Stone")
        .expect("bob");
    assert_eq!(bob.fields[0].before, "Account Executive");
    assert_eq!(bob.fields[0].after, "Senior Account Executive");

    apply_previewed(&w, &ann, &later, &p.sha256, false).expect("apply");
    assert_eq!(
        w.member_by_email(&ann, &org, "gina.rossi@example.com")
            .status,
        MemberStatus::Deactivated
    );
    assert_eq!(
        w.member_by_email(&ann, &org, "carla.diaz@example.com")
            .status,
        MemberStatus::Active
    );
    assert_eq!(w.all_members(&ann, &org).len(), 11);
    // …and importing the later file again changes nothing more.
    let again = preview(&w, &ann, &later).expect("preview");
    assert_eq!(
        again.counts.join + again.counts.change,
        0,
        "{:#?}",
        again.changes
    );
    assert_eq!(w.count("snapshots", &format!("org_id = '{org}'")), 2);
}

#[test]
fn r47_r24_absent_people_can_be_removed() {
    let w = World::new();
    let (ann, org) = google_org(&w);
    let mut later = into(&org, "google/users-later.csv");
    later.absent = AbsentAction::Remove;
    apply(&w, &ann, &later).expect("apply");
    assert!(
        w.all_members(&ann, &org)
            .iter()
            .all(|m| m.email != "gina.rossi@example.com")
    );
    assert_eq!(
        w.count(
            "audit_log",
            &format!("action = 'member.removed' AND org_id = '{org}'")
        ),
        1
    );
}

#[test]
fn r51_rows_with_problems_block_the_apply_until_skipped() {
    let w = World::new();
    let ann = w.register("Ann", "Admin");
    let r = new_org("Problems Inc", "google/users-problems.csv");
    let p = preview(&w, &ann, &r).expect("preview");
    assert!(p.counts.problems >= 5, "{:#?}", p.problems);
    assert!(
        p.blocked.as_deref().is_some_and(|b| b.contains("problems")),
        "{:?}",
        p.blocked
    );
    let twice = p
        .problems
        .iter()
        .find(|x| x.message.contains("same person"))
        .expect("the same person twice");
    assert_eq!(twice.column.as_deref(), Some("Email Address [Required]"));
    assert!(twice.message.contains("line 2"), "{}", twice.message);
    assert!(
        p.problems
            .iter()
            .all(|x| x.line > 1 && x.message.starts_with(&format!("Line {}", x.line)))
    );
    let orgs_before = w.count("organizations", "1");
    let refused = apply(&w, &ann, &r).expect_err("blocked");
    assert_eq!(refused.kind(), ErrorKind::Invalid);
    assert_eq!(
        w.count("organizations", "1"),
        orgs_before,
        "a refused apply writes nothing"
    );
    let mut skip = r.clone();
    skip.skip_problems = true;
    let p = preview(&w, &ann, &skip).expect("preview");
    assert!(p.blocked.is_none());
    assert!(p.title.contains("skipped"), "{}", p.title);
    let applied = apply(&w, &ann, &skip).expect("apply with the problems skipped");
    assert_eq!(applied.counts.join, p.counts.join);
}

#[test]
fn r51_a_bad_file_is_refused_with_a_clear_message() {
    let w = World::new();
    let ann = w.register("Ann", "Admin");
    for (file, words) in [
        ("other/empty.csv", "empty"),
        ("other/binary-renamed.csv", "not a text file"),
        ("google/header-only.csv", "no people"),
        ("other/not-scim.json", ""),
    ] {
        let e = preview(&w, &ann, &new_org("Bad", file)).expect_err(file);
        assert_eq!(e.kind(), ErrorKind::Invalid, "{file}: {e}");
        assert!(e.to_string().contains(words), "{file}: {e}");
    }
    let missing = preview(&w, &ann, &new_org("Bad", "nowhere/users.csv")).expect_err("missing");
    assert!(missing.to_string().contains("cannot read"), "{missing}");
    assert_eq!(w.count("organizations", "name = 'Bad'"), 0);
}

#[test]
fn r46_unknown_columns_go_through_the_mapping_step() {
    let w = World::new();
    let ann = w.register("Ann", "Admin");
    let p = preview(&w, &ann, &new_org("HR", "mapped/hr-staff.csv")).expect("preview");
    assert_eq!(p.source.code, "mapped");
    assert!(
        p.mapping.iter().any(|m| m.field == "email"),
        "{:?}",
        p.mapping
    );
    assert!(!p.columns.is_empty());
    assert!(p.counts.join > 0, "{:?}", p.problems);
}

/// The mapping the user chose for `mapped/staff-list.csv`, whose columns suggest nothing.
fn staff_mapping() -> Vec<ColumnMapping> {
    [
        ("first_name", "Given"),
        ("last_name", "Family"),
        ("email", "Contact"),
        ("role", "Access"),
        ("department", "Unit"),
        ("title", "Job"),
        ("employee_id", "Ref"),
    ]
    .into_iter()
    .map(|(field, column)| ColumnMapping {
        field: field.into(),
        column: column.into(),
    })
    .collect()
}

#[test]
fn r46_a_csv_without_a_known_e_mail_column_shows_the_mapping_step() {
    let w = World::new();
    let ann = w.register("Ann", "Admin");
    let r = new_org("Staff Inc", "mapped/staff-list.csv");
    // Not a refusal of the file: the mapping step, with every column to choose from.
    let p = preview(&w, &ann, &r).expect("the mapping step");
    assert_eq!(p.source.code, "mapped");
    assert_eq!(
        p.columns,
        ["Ref", "Given", "Family", "Contact", "Access", "Unit", "Job"]
    );
    assert!(p.mapping.is_empty(), "nothing to suggest: {:?}", p.mapping);
    assert!(!p.no_changes, "an unread file is not \"no changes\"");
    assert_eq!(p.title, "Map the columns first");
    assert_eq!(p.counts, ImportCounts::default());
    assert!(
        p.blocked.as_deref().is_some_and(|b| b.contains("e-mail")),
        "{:?}",
        p.blocked
    );
    let e = apply(&w, &ann, &r).expect_err("blocked until mapped");
    assert_eq!(e.kind(), ErrorKind::Invalid, "{e}");
    assert_eq!(w.count("organizations", "name = 'Staff Inc'"), 0);
    // Mapped by hand, the file reads.
    let mut mapped = r.clone();
    mapped.mapping = staff_mapping();
    let p = preview(&w, &ann, &mapped).expect("preview");
    assert_eq!(p.counts.join, 3, "{:?}", p.problems);
    assert!(p.blocked.is_none(), "{:?}", p.blocked);
}

#[test]
fn r46_a_mapping_is_remembered_for_the_same_columns() {
    let w = World::new();
    let ann = w.register("Ann", "Admin");
    let mut r = new_org("Staff Inc", "mapped/staff-list.csv");
    r.mapping = staff_mapping();
    let applied = apply(&w, &ann, &r).expect("apply");
    let admins: Vec<String> = w
        .all_members(&ann, &applied.org_id)
        .into_iter()
        .filter(|m| m.role_name == "Admin")
        .map(|m| m.email)
        .collect();
    assert_eq!(
        admins,
        ["nora.quinn@example.com"],
        "Access = Admin gives Admin"
    );
    // The same columns in another order: the mapping comes back, and only the two new
    // people join.
    let p = preview(
        &w,
        &ann,
        &into(&applied.org_id, "mapped/staff-list-later.csv"),
    )
    .expect("preview");
    let mut remembered = p.mapping.clone();
    remembered.sort_by(|a, b| a.field.cmp(&b.field));
    let mut chosen = staff_mapping();
    chosen.sort_by(|a, b| a.field.cmp(&b.field));
    assert_eq!(remembered, chosen);
    assert!(
        p.notes.iter().any(|n| n.contains("as last time")),
        "{:?}",
        p.notes
    );
    assert_eq!(
        (p.counts.join, p.counts.change, p.counts.unchanged),
        (2, 0, 3)
    );
}

#[test]
fn r48_roles_come_from_the_source_through_the_mapping() {
    let w = World::new();
    let ann = w.register("Ann", "Admin");
    let mut r = new_org("Octo", "github/people.csv");
    // One person has no SAML identity, so no e-mail: a problem to skip.
    r.skip_problems = true;
    let p = preview(&w, &ann, &r).expect("preview");
    assert_eq!(p.counts.problems, 1, "{:?}", p.problems);
    let owner = p
        .roles
        .iter()
        .find(|x| x.label.eq_ignore_ascii_case("owner"))
        .expect("owner label");
    assert_eq!(
        owner.role.as_deref(),
        Some("Admin"),
        "GitHub owners are suggested as Admin"
    );
    assert!(
        p.role_names.iter().all(|n| n != "Owner"),
        "an import never gives Owner"
    );
    let mut mapped = r.clone();
    mapped.roles = vec![RoleChoice {
        label: owner.label.clone(),
        role: None,
    }];
    let p2 = preview(&w, &ann, &mapped).expect("preview");
    assert!(
        p2.joins.iter().all(|j| j.role == "Member"),
        "{:?}",
        p2.joins
    );
    let applied = apply(&w, &ann, &r).expect("apply");
    let admins = w
        .all_members(&ann, &applied.org_id)
        .into_iter()
        .filter(|m| m.role_name == "Admin")
        .count();
    assert_eq!(admins as u64, owner.people);
}

/// People who join with an account Rolecall already knows (modelled, here from the demo
/// organization, with a last sign-in) sort by that sign-in, as members added any other
/// way do: the members table's "last login" order holds for them too.
#[test]
fn r49_joining_with_a_known_account_sorts_by_its_last_sign_in() {
    let w = World::new();
    let ann = w.register("Ann", "Admin");
    let demo = w
        .core
        .load_demo_organization(&ann.id, "Demo", 40)
        .expect("demo");
    let known: Vec<(String, String, String, i64)> = {
        let conn = w.core.store().conn();
        let mut stmt = conn
            .prepare(
                "SELECT a.first_name, a.last_name, a.email, a.last_login_at FROM memberships m JOIN accounts a ON a.id = m.account_id
                 WHERE m.org_id = ?1 AND m.is_owner = 0 AND m.status = 'active' AND a.last_login_at IS NOT NULL ORDER BY a.email LIMIT 5",
            )
            .expect("prepare");
        stmt.query_map([demo.id.as_str()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
    };
    assert_eq!(known.len(), 5, "the demo has members who signed in");
    let sample = std::fs::read_to_string(fixture("google/users.csv")).expect("fixture");
    let mut lines = sample.lines();
    let header = lines.next().expect("header");
    let rest = lines
        .next()
        .expect("a row")
        .splitn(4, ',')
        .nth(3)
        .expect("columns after the e-mail");
    let mut text = format!("{header}\r\n");
    for (first, last, email, _) in &known {
        text.push_str(&format!("{first},{last},{email},{rest}\r\n"));
    }
    text.push_str(&format!(
        "Nova,Newcomer,nova.newcomer@example.com,{rest}\r\n"
    ));
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("known.csv");
    std::fs::write(&path, text).expect("write");
    let mut r = new_org("Known Inc", "google/users.csv");
    r.path = path.display().to_string();
    let applied = apply(&w, &ann, &r).expect("apply");
    assert_eq!(applied.counts.join, 6);
    assert_eq!(
        w.count(
            "memberships m JOIN accounts a ON a.id = m.account_id",
            &format!(
                "m.org_id = '{}' AND m.sort_login <> coalesce(a.last_login_at, -1)",
                applied.org_id.as_str()
            )
        ),
        0,
        "every member's last-login sort key is their account's last sign-in"
    );
    let latest = known.iter().map(|k| k.3).max().expect("a sign-in");
    let page = w
        .core
        .list_members(
            &ann.id,
            &applied.org_id,
            &MemberQuery {
                sort: MemberSort::LastLogin,
                descending: true,
                ..MemberQuery::default()
            },
        )
        .expect("page");
    let logins: Vec<Option<i64>> = page.rows.iter().map(|m| m.last_login_at).collect();
    let mut sorted = logins.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(logins, sorted, "newest sign-in first");
    assert!(logins.contains(&Some(latest)));
}

#[test]
fn r48_the_stable_id_match_survives_an_e_mail_change() {
    let w = World::new();
    let ann = w.register("Ann", "Admin");
    let applied = apply(&w, &ann, &new_org("Okta Co", "okta/users.csv")).expect("apply");
    let org = applied.org_id;
    let before = w.all_members(&ann, &org).len();
    let original = std::fs::read_to_string(fixture("okta/users.csv")).expect("fixture");
    let someone = w
        .all_members(&ann, &org)
        .into_iter()
        .find(|m| m.source.as_ref().is_some_and(|s| s.source_id.is_some()) && !m.is_owner)
        .expect("a member with an Okta id");
    let renamed_email = someone.email.replace('@', ".renamed@");
    let changed = original.replace(&someone.email, &renamed_email);
    assert_ne!(changed, original);
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("users.csv");
    std::fs::write(&path, changed).expect("write");
    let mut r = into(&org, "okta/users.csv");
    r.path = path.display().to_string();
    let p = preview(&w, &ann, &r).expect("preview");
    assert_eq!(p.counts.join, 0, "{:?}", p.joins);
    assert_eq!(p.counts.absent, 0, "{:?}", p.absent);
    let change = p
        .changes
        .iter()
        .find(|c| c.person.email == someone.email)
        .expect("the change");
    assert!(
        change
            .fields
            .iter()
            .any(|f| f.field == "E-mail" && f.after == renamed_email)
    );
    apply(&w, &ann, &r).expect("apply");
    assert_eq!(w.all_members(&ann, &org).len(), before);
    w.member_by_email(&ann, &org, &renamed_email);
}

#[test]
fn r18_an_import_never_changes_the_owner() {
    let w = World::new();
    // Ann's own e-mail is in the file, suspended and as a plain member.
    let ann_lee = w.register("Ann.lee", "Lee");
    let org = w.org(&ann_lee, "Example");
    w.set_plan(&ann_lee, &org.id, Plan::Team);
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("users.csv");
    let text = std::fs::read_to_string(fixture("google/users.csv"))
        .expect("fixture")
        .replace(
            "ann.lee@example.com,****,,/,,Active",
            "ann.lee@example.com,****,,/,,Suspended",
        );
    std::fs::write(&path, text).expect("write");
    let mut r = into(&org.id, "google/users.csv");
    r.path = path.display().to_string();
    apply(&w, &ann_lee, &r).expect("apply");
    let owner = w.membership(&ann_lee, &org.id, &ann_lee);
    assert!(owner.is_owner);
    assert_eq!(owner.status, MemberStatus::Active);
    assert_eq!(owner.role_name, "Owner");
}

#[test]
fn r22_an_existing_organization_over_its_seats_is_refused_in_the_preview() {
    let w = World::new();
    let ann = w.register("Ann", "Admin");
    let org = w.org(&ann, "Small");
    let p = preview(&w, &ann, &into(&org.id, "google/users.csv")).expect("preview");
    let blocked = p.blocked.expect("blocked by seats");
    assert!(
        blocked.contains("Free plan has 3") && blocked.contains("Team"),
        "{blocked}"
    );
    let e = apply(&w, &ann, &into(&org.id, "google/users.csv")).expect_err("refused");
    assert_eq!(e.kind(), ErrorKind::Invalid);
    assert_eq!(w.all_members(&ann, &org.id).len(), 1);
}

#[test]
fn r28_importing_without_members_invite_is_refused() {
    let w = World::new();
    let (ann, org) = google_org(&w);
    let bea = w.register("Bea", "Member");
    w.join(&ann, &org, &bea, None);
    let e = preview(&w, &bea, &into(&org, "google/users-later.csv")).expect_err("refused");
    assert_eq!(e.kind(), ErrorKind::Forbidden, "{e}");
}

#[test]
fn r49_a_cancelled_apply_writes_nothing() {
    let w = World::new();
    let ann = w.register("Ann", "Admin");
    let r = new_org("Example Inc", "google/users.csv");
    let sha = preview(&w, &ann, &r).expect("preview").sha256;
    let e = apply_previewed(&w, &ann, &r, &sha, true).expect_err("cancelled");
    assert_eq!(e.kind(), ErrorKind::Cancelled);
    assert_eq!(w.count("organizations", "name = 'Example Inc'"), 0);
}

/// A Google Workspace file of `rows` people, written into `dir`: the fixture's header,
/// then its first person's row with the names and e-mail changed.
fn many_google_rows(dir: &std::path::Path, rows: usize) -> String {
    let sample = std::fs::read_to_string(fixture("google/users.csv")).expect("fixture");
    let mut lines = sample.lines();
    let header = lines.next().expect("header");
    let first = lines.next().expect("a row");
    let rest = first
        .splitn(4, ',')
        .nth(3)
        .expect("columns after the e-mail");
    let mut text = format!("{header}\r\n");
    for i in 0..rows {
        text.push_str(&format!("Ada,Person{i},ada.{i}@big.example.com,{rest}\r\n"));
    }
    let path = dir.join("many.csv");
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

#[test]
fn r49_a_cancel_while_the_file_is_read_is_a_cancel() {
    let w = World::new();
    let ann = w.register("Ann", "Admin");
    let dir = tempfile::tempdir().expect("tempdir");
    let mut r = new_org("Big Inc", "google/users.csv");
    r.path = many_google_rows(dir.path(), 5_000);
    let sha = preview(&w, &ann, &r).expect("preview").sha256;
    // Cancelled once the read has begun (its first progress report), so the reader's
    // own check stops it, in the preview and in the apply.
    for apply in [false, true] {
        let cancel = AtomicBool::new(false);
        let mut progress = |_| cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        let mut control = ImportControl {
            cancel: &cancel,
            progress: &mut progress,
        };
        let e = if apply {
            w.core
                .apply_import(&ann.id, &r, &sha, &mut control)
                .expect_err("cancelled apply")
        } else {
            w.core
                .preview_import(&ann.id, &r, &mut control)
                .map(|p| p.title)
                .expect_err("cancelled preview")
        };
        assert_eq!(e.kind(), ErrorKind::Cancelled, "apply {apply}: {e}");
    }
    assert_eq!(w.count("organizations", "name = 'Big Inc'"), 0);
}

#[test]
fn r49_a_file_changed_since_the_preview_is_refused() {
    let w = World::new();
    let ann = w.register("Ann", "Admin");
    let r = new_org("Example Inc", "google/users.csv");
    let e = apply_previewed(&w, &ann, &r, &"0".repeat(64), false).expect_err("refused");
    assert_eq!(e.kind(), ErrorKind::Conflict);
    assert_eq!(w.count("organizations", "name = 'Example Inc'"), 0);
}

#[test]
fn r46_every_vendor_fixture_previews() {
    let w = World::new();
    let ann = w.register("Ann", "Admin");
    for (file, source) in [
        ("okta/users.csv", "okta_users"),
        ("okta/password-health.csv", "okta_password_health"),
        ("entra/users.csv", "entra_id"),
        ("slack/members.csv", "slack"),
        ("github/people.csv", "github_csv"),
        ("github/people.json", "github_json"),
        ("scim/list-response.json", "scim"),
        ("scim/bundle.json", "scim"),
        ("rolecall/organization.json", "rolecall"),
        ("google/users-windows-1252.csv", "google_workspace"),
        ("google/users-unicode-text.txt", "google_workspace"),
    ] {
        let p =
            preview(&w, &ann, &new_org("Vendor", file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(p.source.code, source, "{file}");
        assert!(p.counts.join > 0, "{file}: {:?}", p.problems);
    }
}

#[test]
fn r46_export_then_import_into_a_new_organization_gives_the_same_members() {
    let w = World::new();
    let ann = w.register("Ann", "Admin");
    let org = w.org(&ann, "Original");
    w.set_plan(&ann, &org.id, Plan::Team);
    let admin = w.role_id(&ann, &org.id, "Admin");
    let bo = w.model_person(&ann, &org.id, "Bo", "Berg", "bo@example.com");
    w.core
        .change_role(&ann.id, &org.id, &bo.membership_id, &admin)
        .expect("role");
    let cy = w.model_person(&ann, &org.id, "Cy", "Chen", "cy@example.com");
    w.core
        .set_member_status(
            &ann.id,
            &org.id,
            &cy.membership_id,
            MemberStatus::Deactivated,
        )
        .expect("deactivate");
    w.model_person(&ann, &org.id, "Di", "Dahl", "di@example.com");
    let dir = tempfile::tempdir().expect("dir");
    let export = |org: &OrgId, name: &str| -> Vec<(String, String, String, String, String)> {
        let path = dir.path().join(name);
        w.core
            .export_to_file(
                &ann.id,
                org,
                &ExportRequest {
                    kind: ExportKind::OrganizationJson,
                    members: None,
                    audit: None,
                },
                &path,
                &mut |_| {},
            )
            .expect("export");
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        let mut members: Vec<_> = doc["members"]
            .as_array()
            .expect("members")
            .iter()
            .map(|m| {
                let s = |k: &str| m[k].as_str().unwrap_or_default().to_string();
                (
                    s("email"),
                    s("first_name"),
                    s("last_name"),
                    s("role_name"),
                    s("status"),
                )
            })
            .collect();
        members.sort();
        members
    };
    let first = export(&org.id, "original.json");
    let mut r = new_org("Copy", "unused");
    r.path = dir.path().join("original.json").display().to_string();
    let applied = apply(&w, &ann, &r).expect("import the export");
    let second = export(&applied.org_id, "copy.json");
    assert_eq!(first, second);
}

#[test]
fn r50_r51_the_members_csv_carries_the_source_fields_and_defuses_formulas() {
    let w = World::new();
    let (ann, org) = google_org(&w);
    let mut csv = Vec::new();
    w.core
        .export(
            &ann.id,
            &org,
            &ExportRequest {
                kind: ExportKind::MembersCsv,
                members: None,
                audit: None,
            },
            &mut csv,
            &mut |_| {},
        )
        .expect("export");
    let text = String::from_utf8(csv).expect("utf-8");
    let eve = text
        .lines()
        .find(|l| l.contains("eve.martin@example.com"))
        .expect("Eve's row");
    assert!(eve.contains("Google Workspace"), "{eve}");
    assert!(eve.contains("Site Reliability Engineer"), "{eve}");
    assert!(
        eve.contains("\"'=HYPERLINK("),
        "the formula is written as text: {eve}"
    );
    let dev = text
        .lines()
        .find(|l| l.contains("dev.patel@example.com"))
        .expect("Dev's row");
    assert!(dev.contains(",never,"), "{dev}");
}

#[test]
fn r56_snapshots_of_two_imports_diff_into_exactly_what_moved() {
    use rolecall_types::review::{DiffKind, Privilege, SnapshotRef};
    let w = World::new();
    let (ann, org) = google_org(&w);
    let mut later = into(&org, "google/users-later.csv");
    later.absent = AbsentAction::Remove;
    apply(&w, &ann, &later).expect("apply the later file");
    let snapshots = w.core.list_snapshots(&ann.id, &org).expect("snapshots");
    assert_eq!(snapshots.len(), 2);
    assert!(
        snapshots
            .iter()
            .all(|s| s.reason.starts_with("Import of users"))
    );
    let (newer, older) = (&snapshots[0], &snapshots[1]);
    let d = w
        .core
        .diff_snapshots(
            &ann.id,
            &org,
            &SnapshotRef::Snapshot {
                id: older.id.clone(),
            },
            &SnapshotRef::Snapshot {
                id: newer.id.clone(),
            },
        )
        .expect("diff");
    let of = |kind: DiffKind| -> Vec<String> {
        d.rows
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| r.name.clone())
            .collect()
    };
    assert_eq!(of(DiffKind::Joined), ["Hana Kim", "Ivan Petrov"]);
    assert_eq!(of(DiffKind::Left), ["Gina Rossi"]);
    assert_eq!(of(DiffKind::StatusChanged), ["Carla Díaz"]);
    assert_eq!(of(DiffKind::TwoFactorChanged), ["Dev Patel"]);
    assert_eq!(of(DiffKind::SourceChanged), ["Bob Stone", "Carla Díaz"]);
    assert_eq!(d.counts.role_changed, 0);

    // A role change by hand shows against "now", marked as privilege gained.
    let admin = w.role_id(&ann, &org, "Admin");
    let bob = w.member_by_email(&ann, &org, "bob.stone@example.com");
    w.core
        .change_role(&ann.id, &org, &bob.membership_id, &admin)
        .expect("role");
    let now = w
        .core
        .diff_snapshots(
            &ann.id,
            &org,
            &SnapshotRef::Snapshot {
                id: newer.id.clone(),
            },
            &SnapshotRef::Now,
        )
        .expect("diff");
    assert_eq!(now.rows.len(), 1, "{:?}", now.rows);
    assert_eq!(now.rows[0].kind, DiffKind::RoleChanged);
    assert_eq!(now.rows[0].privilege, Some(Privilege::Gained));
    assert_eq!(
        (now.rows[0].before.as_str(), now.rows[0].after.as_str()),
        ("Member", "Admin")
    );

    // On demand, audited; a member without Audit log·view may not read snapshots.
    let taken = w.core.take_snapshot(&ann.id, &org).expect("take");
    assert_eq!(taken.members, 10);
    assert_eq!(w.count("audit_log", "action = 'snapshot.taken'"), 1);
    let bea = w.register("Bea", "Member");
    w.join(&ann, &org, &bea, None);
    let refused = w.core.list_snapshots(&bea.id, &org).expect_err("refused");
    assert_eq!(refused.kind(), ErrorKind::Forbidden);
}
