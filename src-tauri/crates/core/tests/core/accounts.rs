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
    w.core.delete_account(&ann.id).expect("delete account");
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
