//! R15–R25: workspaces, memberships, invitations, seats, leave/remove/transfer.

use crate::world::*;
use rolecall_types::ErrorKind;
use rolecall_types::model::*;

fn agent(w: &World, who: &Person, org: &str, name: &str) -> Agent {
    w.core
        .create_agent(
            &who.id,
            &Context::Organization(org.into()),
            &AgentInput {
                name: name.into(),
                persona: "p".into(),
                knowledge: "k".into(),
                workspace_id: None,
            },
        )
        .expect("agent")
}

fn new_member(first: &str, email: &str) -> NewMember {
    NewMember {
        first_name: first.into(),
        last_name: "Test".into(),
        email: email.into(),
        role_id: None,
    }
}

#[test]
fn r15_last_workspace_is_kept_and_deleting_moves_agents_to_default() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let default = w
        .core
        .list_workspaces(&ann.id, &ann.company)
        .expect("ws")
        .remove(0);
    assert_err(
        w.core.delete_workspace(&ann.id, &ann.company, &default.id),
        ErrorKind::Conflict,
        "last workspace",
    );
    let second = w
        .core
        .create_workspace(&ann.id, &ann.company, "Second")
        .expect("create");
    assert_err(
        w.core.create_workspace(&ann.id, &ann.company, "second"),
        ErrorKind::Conflict,
        "already has a workspace",
    );
    let bot = w
        .core
        .create_agent(
            &ann.id,
            &Context::Organization(ann.company.clone()),
            &AgentInput {
                name: "Bot".into(),
                persona: String::new(),
                knowledge: String::new(),
                workspace_id: Some(second.id.clone()),
            },
        )
        .expect("agent");
    assert_eq!(bot.workspace_id.as_deref(), Some(second.id.as_str()));
    w.core
        .delete_workspace(&ann.id, &ann.company, &second.id)
        .expect("delete");
    let moved = w
        .core
        .list_agents(&ann.id, &Context::Organization(ann.company.clone()))
        .expect("agents")
        .remove(0);
    assert_eq!(moved.workspace_id.as_deref(), Some(default.id.as_str()));
}

#[test]
fn r16_workspace_roles_follow_the_hierarchy_and_show_in_effective_permissions() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let bob = w.register("Bob", "Ray");
    let m = w.join(&ann, &ann.company, &bob, None);
    let ws = w
        .core
        .create_workspace(&ann.id, &ann.company, "Labs")
        .expect("ws");
    let dev = w.template(&ann, &ann.company, "Developer");
    w.core
        .grant_workspace_role(&ann.id, &ann.company, &ws.id, &m, &dev)
        .expect("grant");
    let detail = w
        .core
        .member_detail(&ann.id, &ann.company, &m)
        .expect("detail");
    assert_eq!(detail.workspaces.len(), 1);
    assert_eq!(detail.workspaces[0].role_name, "Developer");
    assert!(
        detail.workspaces[0]
            .permissions
            .contains(rolecall_types::permissions::Permission::ApiKeysView)
    );
    assert!(
        !detail
            .organization_permissions
            .contains(rolecall_types::permissions::Permission::ApiKeysView)
    );
    // Bob (Member) cannot grant anything.
    let ann_m = w.membership(&ann, &ann.company, &ann).membership_id;
    assert_err(
        w.core
            .grant_workspace_role(&bob.id, &ann.company, &ws.id, &ann_m, &dev),
        ErrorKind::Forbidden,
        "Change roles",
    );
    w.core
        .revoke_workspace_role(&ann.id, &ann.company, &ws.id, &m)
        .expect("revoke");
    assert!(
        w.core
            .member_detail(&ann.id, &ann.company, &m)
            .expect("detail")
            .workspaces
            .is_empty()
    );
}

#[test]
fn r17_deactivated_member_keeps_the_row_but_cannot_switch_in() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let bob = w.register("Bob", "Ray");
    let m = w.join(&ann, &ann.company, &bob, None);
    let row = w
        .core
        .set_member_status(&ann.id, &ann.company, &m, MemberStatus::Deactivated)
        .expect("deactivate");
    assert_eq!(row.status, MemberStatus::Deactivated);
    assert_err(
        w.core
            .list_members(&bob.id, &ann.company, &MemberQuery::default()),
        ErrorKind::Forbidden,
        "deactivated",
    );
    let page = w
        .core
        .list_members(
            &ann.id,
            &ann.company,
            &MemberQuery {
                status: MemberStatus::Deactivated,
                ..MemberQuery::default()
            },
        )
        .expect("page");
    assert_eq!(page.rows.len(), 1);
    w.core
        .set_member_status(&ann.id, &ann.company, &m, MemberStatus::Active)
        .expect("activate");
    assert!(
        w.core
            .list_members(&bob.id, &ann.company, &MemberQuery::default())
            .is_ok()
    );
}

#[test]
fn r18_the_owner_is_never_deactivated_demoted_or_removed_and_the_schema_allows_one() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let bob = w.register("Bob", "Ray");
    let admin = w.role_id(&ann, &ann.company, "Admin");
    w.join(&ann, &ann.company, &bob, Some(&admin));
    let owner_m = w.membership(&ann, &ann.company, &ann).membership_id;
    assert_err(
        w.core
            .set_member_status(&bob.id, &ann.company, &owner_m, MemberStatus::Deactivated),
        ErrorKind::Forbidden,
        "Owner",
    );
    assert_err(
        w.core.change_role(&bob.id, &ann.company, &owner_m, &admin),
        ErrorKind::Forbidden,
        "Owner",
    );
    assert_err(
        w.core.remove_member(&bob.id, &ann.company, &owner_m),
        ErrorKind::Forbidden,
        "Owner",
    );
    // The schema itself refuses a second Owner.
    let conn = w.core.store().conn();
    let second = conn.execute(
        "UPDATE memberships SET is_owner = 1, role_id = (SELECT id FROM roles WHERE org_id = ?1 AND kind = 'owner')
         WHERE org_id = ?1 AND account_id = ?2",
        [ann.company.as_str(), bob.id.as_str()],
    );
    assert!(
        second.is_err(),
        "a second Owner must violate the unique index"
    );
}

#[test]
fn r19_add_member_only_for_people_who_cannot_sign_in() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let bob = w.register("Bob", "Ray");
    let added = w
        .core
        .add_member(&ann.id, &ann.company, &new_member("Cy", "cy@example.com"))
        .expect("add");
    assert_eq!(added.status, MemberStatus::Active);
    assert!(!added.can_sign_in);
    assert_err(
        w.core
            .add_member(&ann.id, &ann.company, &new_member("Bob", &bob.email)),
        ErrorKind::Conflict,
        "invite them instead",
    );
    assert_err(
        w.core
            .add_member(&ann.id, &ann.company, &new_member("Cy", "CY@example.com")),
        ErrorKind::Conflict,
        "already a member",
    );
}

#[test]
fn r20_invitations_expire_after_seven_days_resend_renews_revoke_cancels() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let inv = w
        .core
        .invite(&ann.id, &ann.company, &new_member("Cy", "cy@example.com"))
        .expect("invite");
    assert_eq!(inv.expires_at, START + 7 * DAY);
    assert_err(
        w.core
            .invite(&ann.id, &ann.company, &new_member("Cy", "cy@example.com")),
        ErrorKind::Conflict,
        "pending invitation",
    );
    assert!(
        w.core
            .invitation_text(&ann.id, &ann.company, &inv.id)
            .expect("text")
            .contains("cy@example.com")
    );
    w.clock.advance(7 * DAY);
    let listed = w
        .core
        .list_invitations(&ann.id, &ann.company)
        .expect("list");
    assert_eq!(listed[0].status, InvitationStatus::Expired);
    let renewed = w
        .core
        .resend_invitation(&ann.id, &ann.company, &inv.id)
        .expect("resend");
    assert_eq!(
        (renewed.status, renewed.expires_at),
        (InvitationStatus::Pending, START + 14 * DAY)
    );
    w.core
        .revoke_invitation(&ann.id, &ann.company, &inv.id)
        .expect("revoke");
    assert!(
        w.core
            .list_invitations(&ann.id, &ann.company)
            .expect("list")
            .is_empty()
    );
    let cy = w.register("Cy", "Test");
    assert_err(
        w.core.accept_invitation(&cy.id, &inv.id),
        ErrorKind::Conflict,
        "already revoked",
    );
}

#[test]
fn r21_pending_invitation_is_greyed_in_the_switcher_and_switching_accepts_it() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    w.core
        .invite(&ann.id, &ann.company, &new_member("Bob", "bob@example.com"))
        .expect("invite");
    let bob = w.register("Bob", "Test");
    let entries = w.core.switcher(&bob.id).expect("switcher");
    let greyed = entries
        .iter()
        .find(|e| e.org_id == ann.company)
        .expect("greyed entry");
    let invitation = greyed.invitation_id.clone().expect("pending invitation");
    assert_err(
        w.core.organization(&bob.id, &ann.company),
        ErrorKind::Forbidden,
        "not a member",
    );
    let member = w
        .core
        .accept_invitation(&bob.id, &invitation)
        .expect("accept");
    assert_eq!(member.role_name, "Member");
    assert!(
        w.core
            .switcher(&bob.id)
            .expect("switcher")
            .iter()
            .any(|e| e.org_id == ann.company && e.invitation_id.is_none())
    );
    assert!(w.core.organization(&bob.id, &ann.company).is_ok());
}

#[test]
fn r22_seat_limit_counts_pending_invitations() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    // Free: 3 seats. Ann + one added member + one pending invitation = 3.
    w.core
        .add_member(&ann.id, &ann.company, &new_member("Bob", "bob@example.com"))
        .expect("add");
    w.core
        .invite(&ann.id, &ann.company, &new_member("Cy", "cy@example.com"))
        .expect("invite");
    assert_err(
        w.core
            .invite(&ann.id, &ann.company, &new_member("Di", "di@example.com")),
        ErrorKind::LimitReached,
        "all 3 seats of the Free plan",
    );
    assert_err(
        w.core
            .add_member(&ann.id, &ann.company, &new_member("Di", "di@example.com")),
        ErrorKind::LimitReached,
        "3 seats",
    );
    let seats = w.core.seats(&ann.id, &ann.company).expect("seats");
    assert_eq!(
        (seats.members, seats.pending_invitations, seats.limit),
        (2, 1, Some(3))
    );
    // An expired invitation no longer holds a seat.
    w.clock.advance(8 * DAY);
    w.core
        .invite(&ann.id, &ann.company, &new_member("Di", "di@example.com"))
        .expect("invite after expiry");
}

#[test]
fn r22_seat_limit_message_counts_in_singular_and_plural() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    // Free: 3 seats. Ann alone + two pending invitations.
    w.core
        .invite(&ann.id, &ann.company, &new_member("Bob", "bob@example.com"))
        .expect("invite Bob");
    w.core
        .invite(&ann.id, &ann.company, &new_member("Cy", "cy@example.com"))
        .expect("invite Cy");
    assert_err(
        w.core
            .invite(&ann.id, &ann.company, &new_member("Di", "di@example.com")),
        ErrorKind::LimitReached,
        "(1 member and 2 pending invitations)",
    );
    // Both invitations expire; then two members and one pending invitation.
    w.clock.advance(8 * DAY);
    w.core
        .add_member(&ann.id, &ann.company, &new_member("Ed", "ed@example.com"))
        .expect("add Ed");
    w.core
        .invite(&ann.id, &ann.company, &new_member("Flo", "flo@example.com"))
        .expect("invite Flo");
    assert_err(
        w.core
            .add_member(&ann.id, &ann.company, &new_member("Di", "di@example.com")),
        ErrorKind::LimitReached,
        "(2 members and 1 pending invitation)",
    );
}

#[test]
fn r23_owner_cannot_leave() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    assert_err(
        w.core.leave_organization(&ann.id, &ann.company),
        ErrorKind::Forbidden,
        "Transfer ownership",
    );
    assert!(w.membership(&ann, &ann.company, &ann).is_owner);
}

#[test]
fn r23_leave_then_reinvite_restores_access() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let bob = w.register("Bob", "Ray");
    w.join(&ann, &ann.company, &bob, None);
    w.core
        .leave_organization(&bob.id, &ann.company)
        .expect("leave");
    assert_err(
        w.core.organization(&bob.id, &ann.company),
        ErrorKind::Forbidden,
        "not a member",
    );
    assert_eq!(w.last_audit_action(), "member.left");
    w.join(&ann, &ann.company, &bob, None);
    assert!(w.core.organization(&bob.id, &ann.company).is_ok());
}

#[test]
fn r24_remove_reassigns_agents_to_the_owner() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let bob = w.register("Bob", "Ray");
    let m = w.join(&ann, &ann.company, &bob, None);
    let bots = [
        agent(&w, &bob, &ann.company, "One"),
        agent(&w, &bob, &ann.company, "Two"),
    ];
    w.core
        .remove_member(&ann.id, &ann.company, &m)
        .expect("remove");
    let agents = w
        .core
        .list_agents(&ann.id, &Context::Organization(ann.company.clone()))
        .expect("agents");
    for bot in bots {
        let now = agents.iter().find(|a| a.id == bot.id).expect("agent kept");
        assert_eq!(now.owner_id, ann.id);
    }
    assert_eq!(w.last_audit_action(), "member.removed");
}

#[test]
fn r25_transfer_leaves_exactly_one_owner_and_makes_the_old_one_admin() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let bob = w.register("Bob", "Ray");
    let m = w.join(&ann, &ann.company, &bob, None);
    assert_err(
        w.core.transfer_ownership(&bob.id, &ann.company, &m),
        ErrorKind::Forbidden,
        "Only the Owner",
    );
    w.core
        .transfer_ownership(&ann.id, &ann.company, &m)
        .expect("transfer");
    let members = w.all_members(&bob, &ann.company);
    let owners: Vec<&Member> = members.iter().filter(|m| m.is_owner).collect();
    assert_eq!(owners.len(), 1);
    assert_eq!(owners[0].account_id, bob.id);
    assert_eq!(w.membership(&bob, &ann.company, &ann).role_name, "Admin");
    // R4: the transferred main company is no longer Ann's.
    assert_eq!(
        w.core.account(&ann.id).expect("account").main_company_id,
        None
    );
    // Now Ann may leave.
    w.core
        .leave_organization(&ann.id, &ann.company)
        .expect("former owner leaves");
}

#[test]
fn r43_member_without_audit_view_gets_no_activity_login_history_or_phone_in_member_detail() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let bob = w.register("Bob", "Ray");
    let carl = w.register("Carl", "Moe");
    w.core
        .update_profile(
            &carl.id,
            &ProfileUpdate {
                first_name: "Carl".into(),
                last_name: "Moe".into(),
                phone: "+1 555 0100".into(),
            },
        )
        .expect("phone");
    // Carl signed in (registered) before joining; those sign-ins are not Ann's business.
    w.clock.advance(DAY);
    w.join(&ann, &ann.company, &bob, None);
    let carl_m = w.join(&ann, &ann.company, &carl, None);
    w.clock.advance(DAY);
    w.core.sign_in(&carl.email, PASSWORD).expect("sign in");
    agent(&w, &carl, &ann.company, "Carl's bot");

    // Bob holds the default Member role: Members·view, no Audit log·view.
    let seen_by_bob = w
        .core
        .member_detail(&bob.id, &ann.company, &carl_m)
        .expect("detail");
    assert_eq!(seen_by_bob.member.account_id, carl.id);
    assert!(
        seen_by_bob.recent_activity.is_empty(),
        "{:?}",
        seen_by_bob.recent_activity
    );
    assert!(seen_by_bob.login_history.is_empty());
    assert_eq!(seen_by_bob.phone, "");

    // Ann (Owner) sees the activity in her organization and the sign-ins since Carl
    // joined it, not the ones before.
    let seen_by_ann = w
        .core
        .member_detail(&ann.id, &ann.company, &carl_m)
        .expect("detail");
    assert!(!seen_by_ann.recent_activity.is_empty());
    assert!(
        seen_by_ann
            .recent_activity
            .iter()
            .all(|e| e.org_id.as_ref() == Some(&ann.company))
    );
    assert_eq!(seen_by_ann.login_history, vec![START + 2 * DAY]);
    assert_eq!(seen_by_ann.phone, "+1 555 0100");

    // Carl sees his own detail in full.
    let own = w
        .core
        .member_detail(&carl.id, &ann.company, &carl_m)
        .expect("detail");
    assert_eq!(own.phone, "+1 555 0100");
    assert_eq!(own.login_history.len(), 2);
}

#[test]
fn r19_add_member_never_shows_names_typed_in_another_organization() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let cy = w.register("Cy", "Dee");
    w.model_person(&ann, &ann.company, "Bob", "Ray", "bob@example.com");
    // Cy types other names for the same e-mail: he must not learn Ann's.
    let typed = NewMember {
        first_name: "Robert".into(),
        last_name: "Roe".into(),
        email: "bob@example.com".into(),
        role_id: None,
    };
    match w.core.add_member(&cy.id, &cy.company, &typed) {
        Ok(m) => panic!(
            "added as {} {}, names typed in another organization",
            m.first_name, m.last_name
        ),
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::Conflict, "{e}");
            let message = e.to_string();
            assert!(
                !message.contains("Bob") && !message.contains("Ray") && !message.contains("Lee"),
                "{message}"
            );
            assert!(message.contains("invite"), "{message}");
        }
    }
    assert!(
        w.all_members(&cy, &cy.company)
            .iter()
            .all(|m| m.email != "bob@example.com")
    );
    // The same names as the person already has are no news: they are added.
    let added = w
        .core
        .add_member(
            &cy.id,
            &cy.company,
            &NewMember {
                first_name: "bob".into(),
                last_name: "RAY".into(),
                ..typed
            },
        )
        .expect("same person, same names");
    assert_eq!(added.email, "bob@example.com");
}

/// R17, §2 Members: any page — reached by offset from either end, by keyset, sorted by
/// each column either way, filtered by role — holds exactly the rows of the full list
/// at that position, and the totals (kept by triggers) match the rows.
#[test]
fn r17_every_page_is_the_slice_of_the_full_list_at_its_offset() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let org = w.org(&ann, "Acme");
    w.set_plan(&ann, &org.id, Plan::Business);
    let dev = w.template(&ann, &org.id, "Developer");
    for i in 0..37 {
        let m = w.model_person(
            &ann,
            &org.id,
            &format!("Person{:02}", (i * 7) % 37),
            "Sample",
            &format!("p{i}@example.com"),
        );
        if i % 3 == 0 {
            w.core
                .change_role(&ann.id, &org.id, &m.membership_id, &dev)
                .expect("role");
        }
        if i % 5 == 0 {
            w.core
                .set_member_status(
                    &ann.id,
                    &org.id,
                    &m.membership_id,
                    MemberStatus::Deactivated,
                )
                .expect("status");
        }
    }
    let list = |q: &MemberQuery| w.core.list_members(&ann.id, &org.id, q).expect("page");
    for sort in [MemberSort::Name, MemberSort::Email, MemberSort::LastLogin] {
        for descending in [false, true] {
            for role_id in [None, Some(dev.clone())] {
                for status in [MemberStatus::Active, MemberStatus::Deactivated] {
                    let base = MemberQuery {
                        status,
                        sort,
                        descending,
                        role_id: role_id.clone(),
                        ..MemberQuery::default()
                    };
                    let all = list(&MemberQuery {
                        limit: 500,
                        ..base.clone()
                    });
                    let ids: Vec<_> = all.rows.iter().map(|m| m.membership_id.clone()).collect();
                    assert_eq!(all.total as usize, ids.len());
                    for offset in 0..=ids.len() as u64 + 1 {
                        let page = list(&MemberQuery {
                            offset,
                            limit: 4,
                            ..base.clone()
                        });
                        let got: Vec<_> =
                            page.rows.iter().map(|m| m.membership_id.clone()).collect();
                        let from = (offset as usize).min(ids.len());
                        let to = (from + 4).min(ids.len());
                        assert_eq!(
                            got,
                            ids[from..to],
                            "{sort:?} desc={descending} role={role_id:?} {status:?} offset {offset}"
                        );
                        assert_eq!(page.total, all.total);
                        // The keyset cursor continues where the page ends.
                        if let Some(next) = page.next {
                            let after = list(&MemberQuery {
                                after: Some(next),
                                limit: 4,
                                ..base.clone()
                            });
                            let got: Vec<_> =
                                after.rows.iter().map(|m| m.membership_id.clone()).collect();
                            assert_eq!(got, ids[to..(to + 4).min(ids.len())]);
                        }
                    }
                }
            }
        }
    }
    // Removing members keeps the kept counts true.
    let some = w.member_by_email(&ann, &org.id, "p3@example.com");
    w.core
        .remove_member(&ann.id, &org.id, &some.membership_id)
        .expect("remove");
    let seats = w.core.seats(&ann.id, &org.id).expect("seats");
    assert_eq!(seats.members, 37);
    let counts = w.core.role_counts(&ann.id, &org.id).expect("counts");
    let developers = counts
        .iter()
        .find(|c| c.role_id == dev)
        .expect("dev")
        .members;
    assert_eq!(
        developers as usize,
        w.all_members(&ann, &org.id)
            .iter()
            .filter(|m| m.role_id == dev)
            .count(),
        "every Developer, whatever their status"
    );
}

/// R17, §2 Members: a search finds every member whose name or e-mail holds the typed
/// fragment (two, three or more characters), or whose name starts with one letter. Fewer than the counting cap of
/// matches are counted exactly; more are counted up to the cap and marked `more`, and
/// walking the pages still reaches every match, each once.
#[test]
fn r17_search_counts_exactly_below_the_cap_and_says_more_above_it() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let members = SEARCH_COUNT_CAP as u32 + 2_000;
    let org = w
        .core
        .load_demo_organization(&ann.id, "Quarry", members)
        .expect("demo");
    let walk = |search: &str| -> (MemberPage, Vec<Member>) {
        let base = MemberQuery {
            search: search.into(),
            limit: 500,
            ..MemberQuery::default()
        };
        let first = w.core.list_members(&ann.id, &org.id, &base).expect("page");
        let mut all = first.rows.clone();
        let mut next = first.next.clone();
        while let Some(after) = next {
            let page = w
                .core
                .list_members(
                    &ann.id,
                    &org.id,
                    &MemberQuery {
                        after: Some(after),
                        ..base.clone()
                    },
                )
                .expect("next page");
            all.extend(page.rows);
            next = page.next;
        }
        (first, all)
    };
    let (_, everyone) = walk("");
    let text = |m: &Member| {
        format!(
            "{} {}",
            deunicode::deunicode(&format!("{} {}", m.first_name, m.last_name)).to_lowercase(),
            m.email
        )
    };
    for search in [
        "quarry", "q", "ann", "an", "zz", "o'b", "Zoë", "lee ann", "x",
    ] {
        let folded = deunicode::deunicode(search).to_lowercase();
        // One letter: the names starting with it; more: any part of name or e-mail.
        let one = folded.chars().count() == 1;
        let expected: Vec<_> = everyone
            .iter()
            .filter(|m| {
                let text = text(m);
                if one {
                    text.starts_with(&folded)
                } else {
                    text.contains(&folded)
                }
            })
            .map(|m| m.membership_id.clone())
            .collect();
        let (first, all) = walk(search);
        let found: Vec<_> = all.iter().map(|m| m.membership_id.clone()).collect();
        assert_eq!(
            found, expected,
            "{search:?}: every match once, in name order"
        );
        if expected.len() as u64 > SEARCH_COUNT_CAP {
            assert!(first.more, "{search:?}");
            assert_eq!(first.total, SEARCH_COUNT_CAP, "{search:?}");
        } else {
            assert!(!first.more, "{search:?}");
            assert_eq!(first.total, expected.len() as u64, "{search:?}");
        }
        // A page near the end counts on from its own offset, up to the exact number.
        if expected.len() as u64 > SEARCH_COUNT_CAP {
            let offset = expected.len() as u64 - 50;
            let deep = w
                .core
                .list_members(
                    &ann.id,
                    &org.id,
                    &MemberQuery {
                        search: search.into(),
                        offset,
                        limit: 100,
                        ..MemberQuery::default()
                    },
                )
                .expect("deep page");
            assert!(!deep.more);
            assert_eq!(deep.total, expected.len() as u64);
            let ids: Vec<_> = deep.rows.iter().map(|m| m.membership_id.clone()).collect();
            assert_eq!(ids, expected[offset as usize..]);
        }
    }
}
