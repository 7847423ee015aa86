//! R32–R36 (billing, agents) and R42–R43 (audit log, activity).

use crate::world::*;
use rolecall_types::ErrorKind;
use rolecall_types::model::*;

fn ledger_sum(w: &World, column: &str, id: &str) -> i64 {
    let conn = w.core.store().conn();
    conn.query_row(
        &format!("SELECT COALESCE(sum(amount), 0) FROM ledger WHERE {column} = ?1"),
        [id],
        |r| r.get(0),
    )
    .expect("sum")
}

fn agent_input(name: &str) -> AgentInput {
    AgentInput {
        name: name.into(),
        persona: "Helpful".into(),
        knowledge: "Notes".into(),
        workspace_id: None,
    }
}

#[test]
fn r32_balance_equals_the_ledger() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let ctx = Context::Organization(ann.company.clone());
    assert_eq!(w.core.top_up(&ann.id, &ctx, 1_000).expect("top up"), 1_000);
    w.core.top_up(&ann.id, &ctx, 250).expect("top up");
    let after = w
        .core
        .record_charge(
            &ann.id,
            &ctx,
            &ChargeRequest {
                description: "Usage".into(),
                amount: 400,
                agent_id: None,
            },
        )
        .expect("charge");
    assert_eq!(after, 850);
    let summary = w.core.billing_summary(&ann.id, &ctx).expect("summary");
    assert_eq!(summary.balance, 850);
    assert_eq!(summary.balance, ledger_sum(&w, "org_id", &ann.company));
    assert_eq!(summary.currency, "USD");
}

#[test]
fn r33_top_ups_are_purchases_charges_never_make_the_balance_negative() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let ctx = Context::Organization(ann.company.clone());
    for bad in [0, -5, 1_000_000_001] {
        assert_err(
            w.core.top_up(&ann.id, &ctx, bad),
            ErrorKind::Invalid,
            "between 1 and 1000000000",
        );
    }
    w.core
        .top_up(&ann.id, &ctx, 1_000_000_000)
        .expect("largest top-up");
    let purchases = w.core.purchases(&ann.id, &ctx).expect("purchases");
    assert_eq!(purchases.len(), 1);
    assert_eq!(purchases[0].amount, 1_000_000_000);
    let too_much = ChargeRequest {
        description: "Big".into(),
        amount: 1_000_000_001,
        agent_id: None,
    };
    assert_err(
        w.core.record_charge(&ann.id, &ctx, &too_much),
        ErrorKind::LimitReached,
        "does not cover",
    );
    let months = w.core.monthly_aggregates(&ann.id, &ctx).expect("months");
    assert_eq!(
        months,
        vec![MonthlyAggregate {
            month: "2026-01".into(),
            top_ups: 1_000_000_000,
            charges: 0
        }]
    );
    // Plan change refused over the seat limit (R22).
    w.core
        .change_plan(&ann.id, &ctx, Plan::Team)
        .expect("upgrade");
    for i in 0..4 {
        w.core
            .add_member(
                &ann.id,
                &ann.company,
                &NewMember {
                    first_name: format!("P{i}"),
                    last_name: "X".into(),
                    email: format!("p{i}@example.com"),
                    role_id: None,
                },
            )
            .expect("add");
    }
    assert_err(
        w.core.change_plan(&ann.id, &ctx, Plan::Free),
        ErrorKind::LimitReached,
        "The Free plan has 3 seats",
    );
    assert_eq!(
        w.core.billing_summary(&ann.id, &ctx).expect("summary").plan,
        Plan::Team
    );
}

#[test]
fn r34_charge_history_is_refused_in_organization_context() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    assert_err(
        w.core
            .charge_history(&ann.id, &Context::Organization(ann.company.clone())),
        ErrorKind::NotFound,
        "Organizations have no charge history",
    );
    w.core
        .top_up(&ann.id, &Context::Personal, 100)
        .expect("top up");
    w.core
        .record_charge(
            &ann.id,
            &Context::Personal,
            &ChargeRequest {
                description: "Words".into(),
                amount: 30,
                agent_id: None,
            },
        )
        .expect("charge");
    let history = w
        .core
        .charge_history(&ann.id, &Context::Personal)
        .expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].amount, -30);
    assert_eq!(ledger_sum(&w, "account_id", &ann.id), 70);
}

#[test]
fn r35_agents_belong_to_one_context_and_copy_creates_a_new_one() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let other = w.org(&ann, "Other");
    let ctx = Context::Organization(ann.company.clone());
    let bot = w
        .core
        .create_agent(&ann.id, &ctx, &agent_input("Bot"))
        .expect("create");
    assert_eq!(bot.owner_id, ann.id);
    assert!(bot.workspace_id.is_some());
    let copy = w
        .core
        .copy_agent(
            &ann.id,
            &bot.id,
            &Context::Organization(other.id.clone()),
            None,
        )
        .expect("copy");
    assert_ne!(copy.id, bot.id);
    assert_eq!(
        (copy.persona.as_str(), copy.knowledge.as_str()),
        ("Helpful", "Notes")
    );
    assert_eq!(copy.context, Context::Organization(other.id.clone()));
    let personal = w
        .core
        .copy_agent(&ann.id, &bot.id, &Context::Personal, None)
        .expect("copy to personal");
    assert_eq!(personal.workspace_id, None);
    // The original never moved.
    let originals = w.core.list_agents(&ann.id, &ctx).expect("agents");
    assert_eq!(originals.len(), 1);
    // Copying into an organization where the actor lacks Agents·manage is refused.
    let bob = w.register("Bob", "Ray");
    let viewer = w.template(&bob, &bob.company, "Viewer");
    w.join(&bob, &bob.company, &ann, Some(&viewer));
    assert_err(
        w.core.copy_agent(
            &ann.id,
            &bot.id,
            &Context::Organization(bob.company.clone()),
            None,
        ),
        ErrorKind::Forbidden,
        "Agents · Manage",
    );
    let long = AgentInput {
        name: "x".into(),
        persona: "p".repeat(20_001),
        knowledge: String::new(),
        workspace_id: None,
    };
    assert_err(
        w.core.create_agent(&ann.id, &ctx, &long),
        ErrorKind::Invalid,
        "at most 20000",
    );
}

#[test]
fn r36_agents_of_higher_members_are_out_of_reach_transfer_changes_owner() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let org = ann.company.clone();
    w.set_plan(&ann, &org, Plan::Team);
    let manager = w.template(&ann, &org, "Manager");
    let bob = w.register("Bob", "Ray");
    let cy = w.register("Cy", "Dee");
    w.join(&ann, &org, &bob, Some(&manager));
    w.join(&ann, &org, &cy, None);
    let ctx = Context::Organization(org.clone());
    let cy_bot = w
        .core
        .create_agent(&cy.id, &ctx, &agent_input("Cy bot"))
        .expect("cy creates");
    let bob_bot = w
        .core
        .create_agent(&bob.id, &ctx, &agent_input("Bob bot"))
        .expect("bob creates");
    // Manager (50) may edit the agent of a Member (10); the Member may not edit the Manager's.
    w.core
        .update_agent(&bob.id, &cy_bot.id, &agent_input("Renamed"))
        .expect("manager edits member's agent");
    assert_err(
        w.core
            .update_agent(&cy.id, &bob_bot.id, &agent_input("Mine now")),
        ErrorKind::Forbidden,
        "not below yours",
    );
    assert_err(
        w.core.delete_agent(&cy.id, &bob_bot.id),
        ErrorKind::Forbidden,
        "not below yours",
    );
    let moved = w
        .core
        .transfer_agent(&ann.id, &bob_bot.id, &cy.id)
        .expect("owner transfers");
    assert_eq!(moved.owner_id, cy.id);
    w.core
        .delete_agent(&cy.id, &bob_bot.id)
        .expect("now Cy's own");
}

#[test]
fn r42_every_change_is_audited_with_before_and_after_and_entries_are_never_edited() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let bob = w.register("Bob", "Ray");
    let m = w.join(&ann, &ann.company, &bob, None);
    let viewer = w.template(&ann, &ann.company, "Viewer");
    w.core
        .change_role(&ann.id, &ann.company, &m, &viewer)
        .expect("change");
    let page = w
        .core
        .audit_log(
            &ann.id,
            &ann.company,
            &AuditQuery {
                limit: 1,
                ..AuditQuery::default()
            },
        )
        .expect("audit");
    let entry = &page.entries[0];
    assert_eq!(entry.action, "member.role_changed");
    assert_eq!(entry.actor_name, "Ann Lee");
    assert_eq!(entry.org_name.as_deref(), Some("Lee Company"));
    assert_eq!(entry.target_name, "Bob Ray");
    let details: serde_json::Value = serde_json::from_str(&entry.details).expect("json");
    assert_eq!(details["before"]["role"], "Member");
    assert_eq!(details["after"]["role"], "Viewer");
    let conn = w.core.store().conn();
    let edit = conn.execute(
        "UPDATE audit_log SET action = 'forged' WHERE id = ?1",
        [entry.id],
    );
    assert!(edit.is_err(), "the schema refuses edits");
}

#[test]
fn r43_audit_log_filters_by_actor_action_and_date_newest_first() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let bob = w.register("Bob", "Ray");
    w.set_plan(&ann, &ann.company, Plan::Team);
    let admin = w.role_id(&ann, &ann.company, "Admin");
    w.join(&ann, &ann.company, &bob, Some(&admin));
    w.clock.advance(DAY);
    w.core
        .create_workspace(&bob.id, &ann.company, "Bob's")
        .expect("ws");
    w.clock.advance(DAY);
    w.core
        .create_workspace(&ann.id, &ann.company, "Ann's")
        .expect("ws");
    let q = |actor: Option<&Person>, action: Option<&str>, from: Option<i64>| AuditQuery {
        actor_id: actor.map(|p| p.id.clone()),
        action: action.map(str::to_string),
        from,
        to: None,
        before_id: None,
        limit: 100,
    };
    let all = w
        .core
        .audit_log(
            &ann.id,
            &ann.company,
            &q(None, Some("workspace.created"), None),
        )
        .expect("audit");
    let names: Vec<&str> = all.entries.iter().map(|e| e.target_name.as_str()).collect();
    assert_eq!(names, vec!["Ann's", "Bob's"], "newest first");
    let bobs = w
        .core
        .audit_log(&ann.id, &ann.company, &q(Some(&bob), None, None))
        .expect("audit");
    assert!(
        bobs.entries
            .iter()
            .all(|e| e.actor_id.as_deref() == Some(bob.id.as_str()))
    );
    let later = w
        .core
        .audit_log(&ann.id, &ann.company, &q(None, None, Some(START + 2 * DAY)))
        .expect("audit");
    assert_eq!(later.entries.len(), 1);
    // Paging: one entry at a time walks the whole log.
    let mut seen = 0;
    let mut before = None;
    loop {
        let page = w
            .core
            .audit_log(
                &ann.id,
                &ann.company,
                &AuditQuery {
                    before_id: before,
                    limit: 1,
                    ..AuditQuery::default()
                },
            )
            .expect("page");
        seen += page.entries.len();
        match page.next_before_id {
            Some(id) => before = Some(id),
            None => break,
        }
    }
    assert_eq!(
        seen as i64,
        w.count("audit_log", &format!("org_id = '{}'", ann.company))
    );
    let activity = w
        .core
        .account_activity(&bob.id, None, 10)
        .expect("activity");
    assert_eq!(activity.entries[0].action, "workspace.created");
}
