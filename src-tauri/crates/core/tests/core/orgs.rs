//! R8–R14: contexts, organizations, slugs, routes, deletion.

use crate::world::*;
use rolecall_types::ErrorKind;
use rolecall_types::model::*;

#[test]
fn r8_only_active_memberships_are_switchable_contexts() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let bob = w.register("Bob", "Ray");
    let m = w.join(&ann, &ann.company, &bob, None);
    w.core
        .set_member_status(&ann.id, &ann.company, &m, MemberStatus::Deactivated)
        .expect("deactivate");
    let entry = w
        .core
        .switcher(&bob.id)
        .expect("switcher")
        .into_iter()
        .find(|e| e.org_id == ann.company)
        .expect("listed");
    assert!(entry.deactivated);
    assert_err(
        w.core.organization(&bob.id, &ann.company),
        ErrorKind::Forbidden,
        "deactivated",
    );
}

#[test]
fn r9_personal_context_has_its_own_balance_plan_and_agents() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    w.core
        .top_up(&ann.id, &Context::Personal, 500)
        .expect("personal top-up");
    let personal = w
        .core
        .billing_summary(&ann.id, &Context::Personal)
        .expect("personal");
    let company = w
        .core
        .billing_summary(&ann.id, &Context::Organization(ann.company.clone()))
        .expect("company");
    assert_eq!((personal.balance, company.balance), (500, 0));
    assert!(personal.seats.is_none() && company.seats.is_some());
    w.core
        .create_agent(
            &ann.id,
            &Context::Personal,
            &AgentInput {
                name: "Mine".into(),
                persona: String::new(),
                knowledge: String::new(),
                workspace_id: None,
            },
        )
        .expect("personal agent");
    assert_eq!(
        w.core
            .list_agents(&ann.id, &Context::Personal)
            .expect("agents")
            .len(),
        1
    );
    assert!(
        w.core
            .list_agents(&ann.id, &Context::Organization(ann.company.clone()))
            .expect("agents")
            .is_empty()
    );
}

#[test]
fn r10_organization_name_and_description_bounds() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let bad = [String::new(), "   ".into(), "x".repeat(101)];
    for name in bad {
        assert_err(
            w.core.create_organization(
                &ann.id,
                &CreateOrganization {
                    name,
                    slug: String::new(),
                },
            ),
            ErrorKind::Invalid,
            "Organization name",
        );
    }
    let org = w.org(&ann, &"é".repeat(100));
    let mut update = OrganizationUpdate {
        name: "  Acme  ".into(),
        slug: org.slug.clone(),
        description: "d".repeat(501),
        notifications: Notifications::default(),
    };
    assert_err(
        w.core.update_organization(&ann.id, &org.id, &update),
        ErrorKind::Invalid,
        "at most 500",
    );
    update.description = "Makes anvils".into();
    update.notifications.low_balance = true;
    update.notifications.low_balance_threshold = 1000;
    let saved = w
        .core
        .update_organization(&ann.id, &org.id, &update)
        .expect("update");
    assert_eq!(saved.name, "Acme");
    assert_eq!(saved.description, "Makes anvils");
    assert!(saved.notifications.low_balance && saved.notifications.member_joined);
}

#[test]
fn r11_slug_generated_from_cafe_unicode_and_deduplicated() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    assert_eq!(
        w.core
            .suggest_slug(&ann.id, "Café Ünïcode Ltd.")
            .expect("suggest"),
        "cafe-unicode-ltd"
    );
    assert_eq!(w.org(&ann, "Café Ünïcode Ltd.").slug, "cafe-unicode-ltd");
    assert_eq!(w.org(&ann, "Cafe Unicode, Ltd").slug, "cafe-unicode-ltd-2");
    assert_eq!(w.org(&ann, "CAFÉ ÜNÏCODE LTD").slug, "cafe-unicode-ltd-3");
    assert_eq!(w.org(&ann, "!!!").slug, "org");
    assert_eq!(w.org(&ann, "北京").slug, "bei-jing");
    let long = w.org(&ann, &"word ".repeat(20));
    assert!(long.slug.len() <= 45, "{}", long.slug);
    let again = w.org(&ann, &"word ".repeat(20));
    assert!(
        again.slug.ends_with("-2") && again.slug.len() <= 48,
        "{}",
        again.slug
    );
    // A typed slug that is taken gets a suggestion.
    assert_err(
        w.core.create_organization(
            &ann.id,
            &CreateOrganization {
                name: "Other".into(),
                slug: "Cafe-Unicode-Ltd".into(),
            },
        ),
        ErrorKind::Conflict,
        "Slug 'cafe-unicode-ltd' is taken — try 'cafe-unicode-ltd-4'",
    );
}

#[test]
fn r12_any_account_creates_organizations_as_owner_on_free_with_a_workspace() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    for i in 0..5 {
        let org = w.org(&ann, &format!("Org {i}"));
        assert_eq!(org.plan, Plan::Free);
        assert!(w.membership(&ann, &org.id, &ann).is_owner);
        assert_eq!(
            w.core.list_workspaces(&ann.id, &org.id).expect("ws").len(),
            1
        );
    }
    assert_eq!(w.core.switcher(&ann.id).expect("switcher").len(), 6);
}

#[test]
fn r13_renaming_the_slug_moves_the_route_at_once() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let org = w.org(&ann, "Acme");
    assert_eq!(
        w.core
            .organization_by_slug(&ann.id, "acme")
            .expect("route")
            .id,
        org.id
    );
    let update = OrganizationUpdate {
        name: org.name.clone(),
        slug: "acme-labs".into(),
        description: String::new(),
        notifications: Notifications::default(),
    };
    w.core
        .update_organization(&ann.id, &org.id, &update)
        .expect("rename slug");
    assert_eq!(
        w.core
            .organization_by_slug(&ann.id, "acme-labs")
            .expect("new route")
            .id,
        org.id
    );
    assert_err(
        w.core.organization_by_slug(&ann.id, "acme"),
        ErrorKind::NotFound,
        "/o/acme/",
    );
}

#[test]
fn r14_delete_organization_cascades_and_keeps_one_audit_entry() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let bob = w.register("Bob", "Ray");
    let org = w.org(&ann, "Acme");
    w.join(&ann, &org.id, &bob, None);
    w.core
        .create_workspace(&ann.id, &org.id, "Second")
        .expect("workspace");
    w.core
        .add_role_template(&ann.id, &org.id, "Viewer")
        .expect("role");
    w.core
        .top_up(&ann.id, &Context::Organization(org.id.clone()), 100)
        .expect("top up");
    w.core
        .create_agent(
            &bob.id,
            &Context::Organization(org.id.clone()),
            &AgentInput {
                name: "Bot".into(),
                persona: String::new(),
                knowledge: String::new(),
                workspace_id: None,
            },
        )
        .expect("agent");
    w.core
        .invite(
            &ann.id,
            &org.id,
            &NewMember {
                first_name: "Cy".into(),
                last_name: "Dee".into(),
                email: "cy@example.com".into(),
                role_id: None,
            },
        )
        .expect("invite");
    assert_err(
        w.core.delete_organization(&bob.id, &org.id, "acme"),
        ErrorKind::Forbidden,
        "Only the Owner",
    );
    assert_err(
        w.core.delete_organization(&ann.id, &org.id, "acme-typo"),
        ErrorKind::Invalid,
        "Type the slug 'acme'",
    );
    w.core
        .delete_organization(&ann.id, &org.id, "acme")
        .expect("delete");
    let filter = format!("org_id = '{}'", org.id);
    for table in [
        "roles",
        "memberships",
        "invitations",
        "workspaces",
        "agents",
        "ledger",
    ] {
        assert_eq!(w.count(table, &filter), 0, "{table} left behind");
    }
    assert_eq!(w.count("organizations", &format!("id = '{}'", org.id)), 0);
    assert_eq!(
        w.count("audit_log", &filter),
        1,
        "exactly the deletion entry is kept"
    );
    let activity = w.core.account_activity(&ann.id, None, 5).expect("activity");
    let entry = &activity.entries[0];
    assert_eq!(entry.action, "organization.deleted");
    assert_eq!(entry.org_name.as_deref(), Some("Acme"));
    assert!(
        entry.details.contains("\"slug\":\"acme\""),
        "{}",
        entry.details
    );
    assert!(
        w.core
            .switcher(&bob.id)
            .expect("switcher")
            .iter()
            .all(|e| e.org_id != org.id)
    );
}

fn encoded(width: u32, height: u32, format: image::ImageFormat) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(width, height, |x, y| {
        image::Rgba([(x % 256) as u8, (y % 256) as u8, 128, 255])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgba8(img)
        .to_rgb8()
        .write_to(&mut out, format)
        .expect("encode");
    out.into_inner()
}

#[test]
fn r10_avatar_is_checked_and_stored_as_png_of_at_most_256() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    for format in [
        image::ImageFormat::Png,
        image::ImageFormat::Jpeg,
        image::ImageFormat::WebP,
    ] {
        let org = w
            .core
            .set_org_avatar(&ann.id, &ann.company, Some(&encoded(1024, 512, format)))
            .expect("avatar");
        assert!(org.has_avatar);
        let stored = w
            .core
            .org_avatar(&ann.id, &ann.company)
            .expect("read")
            .expect("present");
        let decoded = image::load_from_memory_with_format(&stored, image::ImageFormat::Png)
            .expect("stored as PNG");
        assert_eq!(
            (decoded.width(), decoded.height()),
            (256, 128),
            "{format:?} resized keeping its shape"
        );
    }
    let small = encoded(40, 40, image::ImageFormat::Png);
    w.core
        .set_org_avatar(&ann.id, &ann.company, Some(&small))
        .expect("small avatar");
    let stored = w
        .core
        .org_avatar(&ann.id, &ann.company)
        .expect("read")
        .expect("present");
    assert_eq!(
        image::load_from_memory(&stored).expect("png").width(),
        40,
        "small images are not enlarged"
    );
    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
    assert_err(
        w.core.set_org_avatar(&ann.id, &ann.company, Some(&gif)),
        ErrorKind::Invalid,
        "PNG, JPEG or WebP",
    );
    let mut broken = encoded(64, 64, image::ImageFormat::Png);
    broken.truncate(80);
    assert_err(
        w.core.set_org_avatar(&ann.id, &ann.company, Some(&broken)),
        ErrorKind::Invalid,
        "could not be read",
    );
    let huge = vec![0u8; 5 * 1024 * 1024 + 1];
    assert_err(
        w.core.set_org_avatar(&ann.id, &ann.company, Some(&huge)),
        ErrorKind::Invalid,
        "at most 5 MB",
    );
    assert_eq!(
        w.core.org_avatar(&ann.id, &ann.company).expect("read"),
        Some(stored),
        "refused uploads keep the old avatar"
    );
    assert!(
        !w.core
            .set_org_avatar(&ann.id, &ann.company, None)
            .expect("remove")
            .has_avatar
    );
}

#[test]
fn r10_an_avatar_over_the_limit_is_refused_even_when_it_decodes() {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    // A real PNG with bytes after its end decodes, so only the size can refuse it.
    let mut padded = encoded(64, 64, image::ImageFormat::Png);
    padded.resize(rolecall_core::AVATAR_MAX_BYTES as usize + 1, 0);
    assert_err(
        w.core.set_org_avatar(&ann.id, &ann.company, Some(&padded)),
        ErrorKind::Invalid,
        "avatars can be at most 5 MB",
    );
    padded.truncate(rolecall_core::AVATAR_MAX_BYTES as usize);
    w.core
        .set_org_avatar(&ann.id, &ann.company, Some(&padded))
        .expect("exactly 5 MB is accepted");
}
