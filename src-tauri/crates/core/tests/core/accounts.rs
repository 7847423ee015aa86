//! R1–R7: accounts, sign-in, password, deleting an account.

use crate::world::*;
use rolecall_types::ErrorKind;
use rolecall_types::model::*;

fn request(first: &str, last: &str, email: &str, password: &str) -> RegisterRequest {
    RegisterRequest {
        first_name: first.into(),
        last_name: last.into(),
        email: email.into(),
        password: password.into(),
        password_confirmation: password.into(),
    }
}

#[test]
fn r1_email_is_unique_ignoring_case_and_stored_lower_cased() {
    let w = World::new();
    let done = w
        .core
        .register(&request(
            " Ann ",
            " Lee ",
            "  Ann.Lee@Example.COM ",
            PASSWORD,
        ))
        .expect("register");
    assert_eq!(done.account.email, "ann.lee@example.com");
    assert_eq!(
        (
            done.account.first_name.as_str(),
            done.account.last_name.as_str()
        ),
        ("Ann", "Lee")
    );
    assert_err(
        w.core
            .register(&request("A", "B", "ANN.LEE@example.com", PASSWORD)),
        ErrorKind::Conflict,
        "already exists",
    );
}

#[test]
fn r2_only_accounts_with_a_password_sign_in() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    // A modelled person (added by an admin) has no password and cannot sign in.
    w.model_person(&ann, &ann.company, "Bob", "Ray", "bob@example.com");
    assert_err(
        w.core.sign_in("bob@example.com", PASSWORD),
        ErrorKind::Unauthenticated,
        "do not match",
    );
    assert_err(
        w.core.sign_in("ann@example.com", "wrong password"),
        ErrorKind::Unauthenticated,
        "do not match",
    );
    assert_eq!(
        w.core
            .sign_in("ANN@example.com", PASSWORD)
            .expect("sign in")
            .id,
        ann.id
    );
    let bob = w.member_by_email(&ann, &ann.company, "bob@example.com");
    assert!(!bob.can_sign_in);
    assert_eq!(bob.last_login_at, None);
}

#[test]
fn r3_registering_a_modelled_person_claims_the_account_and_keeps_memberships() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let added = w.model_person(&ann, &ann.company, "Bob", "Ray", "bob@example.com");
    let bob = w.register("Bob", "Ray");
    assert_eq!(bob.id, added.account_id, "the same account was claimed");
    let switcher = w.core.switcher(&bob.id).expect("switcher");
    assert!(
        switcher
            .iter()
            .any(|e| e.org_id == ann.company && e.invitation_id.is_none()),
        "membership kept"
    );
    assert_err(
        w.core
            .register(&request("Bob", "Ray", "bob@example.com", PASSWORD)),
        ErrorKind::Conflict,
        "already exists",
    );
}

#[test]
fn r4_register_creates_last_name_company_with_default_workspace() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let org = w
        .core
        .organization(&ann.id, &ann.company)
        .expect("main company");
    assert_eq!(org.name, "Lee Company");
    assert_eq!(org.slug, "lee-company");
    assert_eq!(org.plan, Plan::Free);
    let account = w.core.account(&ann.id).expect("account");
    assert_eq!(
        account.main_company_id.as_deref(),
        Some(ann.company.as_str())
    );
    let workspaces = w
        .core
        .list_workspaces(&ann.id, &ann.company)
        .expect("workspaces");
    assert_eq!(workspaces.len(), 1);
    assert_eq!(workspaces[0].name, "Lee Company Workspace");
    assert!(workspaces[0].is_default);
    let me = w.membership(&ann, &ann.company, &ann);
    assert!(me.is_owner);
    assert_eq!(me.role_name, "Owner");
}

#[test]
fn r5_change_password_messages_in_order_and_nothing_changes_on_error() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    // All three wrong: the length message comes first.
    assert_err(
        w.core.change_password(&ann.id, "wrong", "short", "other"),
        ErrorKind::Invalid,
        "at least 8 characters",
    );
    // Length fine, confirmation differs: the confirmation message, even with a wrong current password.
    assert_err(
        w.core
            .change_password(&ann.id, "wrong", "long enough 1", "long enough 2"),
        ErrorKind::Invalid,
        "do not match",
    );
    // Only the current password is wrong.
    assert_err(
        w.core
            .change_password(&ann.id, "wrong", "long enough 1", "long enough 1"),
        ErrorKind::Invalid,
        "current password is not correct",
    );
    assert!(
        w.core.sign_in(&ann.email, PASSWORD).is_ok(),
        "the old password still works"
    );
    w.core
        .change_password(
            &ann.id,
            PASSWORD,
            "a new secret phrase",
            "a new secret phrase",
        )
        .expect("change");
    assert!(w.core.sign_in(&ann.email, PASSWORD).is_err());
    assert!(w.core.sign_in(&ann.email, "a new secret phrase").is_ok());
}

#[test]
fn r6_every_sign_in_is_recorded() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    w.clock.advance(DAY);
    w.core.sign_in(&ann.email, PASSWORD).expect("sign in");
    w.clock.advance(DAY);
    let account = w.core.sign_in(&ann.email, PASSWORD).expect("sign in");
    assert_eq!(account.last_login_at, Some(START + 2 * DAY));
    assert_eq!(
        w.core.login_history(&ann.id, 10).expect("history"),
        vec![START + 2 * DAY, START + DAY, START]
    );
    assert_eq!(
        w.membership(&ann, &ann.company, &ann).last_login_at,
        Some(START + 2 * DAY)
    );
}

#[test]
fn r7_deleting_an_account_deletes_its_organizations_and_leaves_the_others() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let bob = w.register("Bob", "Ray");
    let side = w.org(&ann, "Side Project");
    w.join(&bob, &bob.company, &ann, None);
    let agent = w
        .core
        .create_agent(
            &ann.id,
            &Context::Organization(bob.company.clone()),
            &AgentInput {
                name: "Helper".into(),
                persona: String::new(),
                knowledge: String::new(),
                workspace_id: None,
            },
        )
        .expect("agent");
    let owned: Vec<String> = w
        .core
        .owned_organizations(&ann.id)
        .expect("owned")
        .into_iter()
        .map(|o| o.1)
        .collect();
    assert_eq!(
        owned,
        vec!["Lee Company".to_string(), "Side Project".to_string()]
    );
    w.core
        .delete_account(&ann.id, PASSWORD)
        .expect("delete account");
    assert_eq!(
        w.count(
            "organizations",
            &format!("id IN ('{}', '{}')", ann.company, side.id)
        ),
        0
    );
    assert_eq!(w.count("accounts", &format!("id = '{}'", ann.id)), 0);
    // Bob's organization keeps the agent, now Bob's (as if Ann had left).
    let agents = w
        .core
        .list_agents(&bob.id, &Context::Organization(bob.company.clone()))
        .expect("agents");
    assert_eq!(
        agents
            .iter()
            .find(|a| a.id == agent.id)
            .map(|a| a.owner_id.as_str()),
        Some(bob.id.as_str())
    );
    // Her name is gone from the audit log.
    assert_eq!(
        w.count(
            "audit_log",
            &format!("actor_id = '{}' OR actor_name = 'Ann Lee'", ann.id)
        ),
        0
    );
    assert!(w.count("audit_log", "actor_name = 'Deleted account'") > 0);
    assert_err(
        w.core.account(&ann.id),
        ErrorKind::Unauthenticated,
        "Sign in again",
    );
}

/// A core with the given password hashing on a fresh folder, and its manual clock.
fn core_with(
    hashing: rolecall_core::PasswordHashing,
) -> (
    rolecall_core::Rolecall,
    rolecall_core::clock::ManualClock,
    tempfile::TempDir,
) {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = rolecall_core::clock::ManualClock::new(START);
    let store = rolecall_core::Store::open(dir.path()).expect("open");
    let core = rolecall_core::Rolecall::new(store, std::sync::Arc::new(clock.clone()), hashing);
    (core, clock, dir)
}

#[test]
fn r2_production_passwords_are_argon2id_with_the_recommended_parameters() {
    let (core, _clock, _dir) = core_with(rolecall_core::PasswordHashing::Standard);
    let done = core
        .register(&request("Ann", "Lee", "ann@example.com", PASSWORD))
        .expect("register");
    let hash: String = core
        .store()
        .conn()
        .query_row(
            "SELECT password_hash FROM accounts WHERE id = ?1",
            [&done.account.id],
            |r| r.get(0),
        )
        .expect("hash");
    // OWASP's argon2id minimum: 19 MiB, 2 passes, 1 lane; a 16-byte salt, 32-byte hash.
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    let parts: Vec<&str> = hash.split('$').collect();
    assert_eq!(parts.len(), 6, "{hash}");
    assert_eq!(parts[4].len(), 22, "salt of 16 bytes: {hash}");
    assert_eq!(parts[5].len(), 43, "hash of 32 bytes: {hash}");
    assert!(!hash.contains(PASSWORD));
    assert_eq!(
        core.sign_in("ann@example.com", PASSWORD)
            .expect("sign in")
            .id,
        done.account.id
    );
}

/// Records, at each password check, whether other commands could use the database.
fn recording_hook(
    core: rolecall_core::Rolecall,
) -> (
    rolecall_core::Rolecall,
    std::sync::Arc<std::sync::Mutex<Vec<bool>>>,
) {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    let core =
        core.with_password_check_hook(std::sync::Arc::new(move |store: &rolecall_core::Store| {
            // The connection is free, and nothing holds SQLite's write lock.
            let free = store
                .try_conn()
                .is_some_and(|conn| conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK").is_ok());
            log.lock().expect("log").push(free);
        }));
    (core, seen)
}

#[test]
fn r2_passwords_are_checked_without_holding_the_database() {
    let (core, _clock, _dir) = core_with(rolecall_core::PasswordHashing::Fast);
    let (core, seen) = recording_hook(core);
    let ann = core
        .register(&request("Ann", "Lee", "ann@example.com", PASSWORD))
        .expect("register")
        .account;
    core.sign_in("ann@example.com", PASSWORD).expect("sign in");
    core.sign_in("ann@example.com", "wrong password")
        .expect_err("wrong password");
    core.change_password(
        &ann.id,
        "wrong password",
        "a new secret phrase",
        "a new secret phrase",
    )
    .expect_err("wrong current password");
    core.change_password(
        &ann.id,
        PASSWORD,
        "a new secret phrase",
        "a new secret phrase",
    )
    .expect("change password");
    core.delete_account(&ann.id, "wrong password")
        .expect_err("wrong password");
    core.delete_account(&ann.id, "a new secret phrase")
        .expect("delete account");
    let seen = seen.lock().expect("log").clone();
    assert_eq!(seen.len(), 6, "one check per attempt: {seen:?}");
    assert!(
        seen.iter().all(|free| *free),
        "a password was checked while the database was held: {seen:?}"
    );
}

#[test]
fn r2_an_unknown_email_costs_a_password_check_like_a_known_one() {
    let (core, _clock, _dir) = core_with(rolecall_core::PasswordHashing::Fast);
    let (core, seen) = recording_hook(core);
    let ann = core
        .register(&request("Ann", "Lee", "ann@example.com", PASSWORD))
        .expect("register");
    core.add_member(
        &ann.account.id,
        ann.main_company.as_ref().map(|o| &o.id).expect("company"),
        &NewMember {
            first_name: "Bob".into(),
            last_name: "Ray".into(),
            email: "bob@example.com".into(),
            role_id: None,
        },
    )
    .expect("model Bob");
    let mut messages = Vec::new();
    for email in ["nobody@example.com", "bob@example.com", "ann@example.com"] {
        let before = seen.lock().expect("log").len();
        let e = core.sign_in(email, "wrong password").expect_err("refused");
        assert_eq!(e.kind(), ErrorKind::Unauthenticated);
        messages.push(e.to_string());
        assert_eq!(
            seen.lock().expect("log").len(),
            before + 1,
            "{email}: a password was checked"
        );
    }
    assert!(messages.iter().all(|m| *m == messages[0]), "{messages:?}");
}

#[test]
fn r2_r6_failed_sign_ins_are_recorded_and_back_off_by_the_clock() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    for _ in 0..5 {
        assert_err(
            w.core.sign_in(&ann.email, "wrong password"),
            ErrorKind::Unauthenticated,
            "do not match",
        );
    }
    assert_eq!(
        w.count(
            "sign_in_attempts",
            &format!("email = '{}' AND succeeded = 0", ann.email)
        ),
        5,
        "each failure leaves a trace"
    );
    // From the sixth failure on, even the right password waits for the back-off.
    assert_err(
        w.core.sign_in(&ann.email, "wrong password"),
        ErrorKind::Unauthenticated,
        "do not match",
    );
    assert_err(
        w.core.sign_in(&ann.email, PASSWORD),
        ErrorKind::Unauthenticated,
        "Too many failed sign-ins",
    );
    w.clock.advance(29_000);
    assert_err(
        w.core.sign_in(&ann.email, PASSWORD),
        ErrorKind::Unauthenticated,
        "Try again in 1 second",
    );
    w.clock.advance(1_000);
    w.core.sign_in(&ann.email, PASSWORD).expect("back-off over");
    // A success starts the count again.
    for _ in 0..5 {
        assert_err(
            w.core.sign_in(&ann.email, "wrong password"),
            ErrorKind::Unauthenticated,
            "do not match",
        );
    }
    w.core
        .sign_in(&ann.email, PASSWORD)
        .expect("five failures are free");
    // An unknown e-mail backs off the same way, so the answer tells nothing.
    for _ in 0..6 {
        assert_err(
            w.core.sign_in("nobody@example.com", "wrong password"),
            ErrorKind::Unauthenticated,
            "do not match",
        );
    }
    assert_err(
        w.core.sign_in("Nobody@Example.com", "wrong password"),
        ErrorKind::Unauthenticated,
        "Too many failed sign-ins",
    );
    // Each further failure doubles the wait.
    w.clock.advance(30_000);
    assert_err(
        w.core.sign_in("nobody@example.com", "wrong password"),
        ErrorKind::Unauthenticated,
        "do not match",
    );
    assert_err(
        w.core.sign_in("nobody@example.com", "wrong password"),
        ErrorKind::Unauthenticated,
        "Try again in 1 minute",
    );
}

#[test]
fn r7_deleting_an_account_needs_its_password() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    assert_err(
        w.core.delete_account(&ann.id, "wrong password"),
        ErrorKind::Invalid,
        "password is not correct",
    );
    assert_eq!(w.count("accounts", &format!("id = '{}'", ann.id)), 1);
    assert_eq!(
        w.count("organizations", &format!("id = '{}'", ann.company)),
        1
    );
    w.core.delete_account(&ann.id, PASSWORD).expect("delete");
    assert_eq!(w.count("accounts", &format!("id = '{}'", ann.id)), 0);
}

#[test]
fn r3_claiming_a_modelled_person_shows_what_is_inherited_and_tells_each_organization() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let admin = w.role_id(&ann, &ann.company, "Admin");
    w.core
        .add_member(
            &ann.id,
            &ann.company,
            &NewMember {
                first_name: "Bob".into(),
                last_name: "Ray".into(),
                email: "bob@example.com".into(),
                role_id: Some(admin),
            },
        )
        .expect("model Bob as Admin");
    let done = w
        .core
        .register(&request("Bob", "Ray", "bob@example.com", PASSWORD))
        .expect("claim");
    assert_eq!(
        done.inherited,
        vec![InheritedMembership {
            org_id: ann.company.clone(),
            org_name: "Lee Company".into(),
            role_name: "Admin".into(),
        }]
    );
    // Ann's organization learns who claimed the membership.
    assert_eq!(
        w.count(
            "audit_log",
            &format!("org_id = '{}' AND action = 'member.claimed'", ann.company)
        ),
        1
    );
    // A new e-mail inherits nothing.
    let cy = w
        .core
        .register(&request("Cy", "Dee", "cy@example.com", PASSWORD))
        .expect("register");
    assert!(cy.inherited.is_empty());
}
