//! R43, R45 and the Overview: exports of the organization, its members and its audit
//! log (filters honoured, no secret anywhere, the document parses back into the shared
//! types field for field), the audit log's filter values, and the Overview's figures
//! and permission gates. API-key secrets go to the real OS keyring of the test session.

use crate::world::*;
use rolecall_core::Rolecall;
use rolecall_types::ErrorKind;
use rolecall_types::ids::*;
use rolecall_types::model::*;

fn org_ctx(org: &OrgId) -> Context {
    Context::Organization(org.clone())
}

/// Runs an export into memory; returns the bytes and the rows written.
fn export(
    core: &Rolecall,
    actor: &AccountId,
    org: &OrgId,
    request: ExportRequest,
) -> Result<(Vec<u8>, u64, Vec<ExportProgress>), rolecall_core::Error> {
    let mut out = Vec::new();
    let mut progress = Vec::new();
    let rows = core.export(actor, org, &request, &mut out, &mut |p| progress.push(p))?;
    Ok((out, rows, progress))
}

fn request(kind: ExportKind) -> ExportRequest {
    ExportRequest {
        kind,
        members: None,
        audit: None,
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// An organization with something in every part the export covers.
struct Furnished {
    w: World,
    ann: Person,
    bob: Person,
    secret: String,
    key_hash_prefix: String,
}

fn furnished() -> Furnished {
    let w = World::new();
    let ann = w.register("Ann", "Lee");
    let bob = w.register("Bob", "Ray");
    let cid = w.register("Cid", "Moe");
    let org = ann.company.clone();
    w.set_plan(&ann, &org, Plan::Business);
    let dev = w.template(&ann, &org, "Developer");
    w.core
        .create_role(
            &ann.id,
            &org,
            &RoleInput {
                name: "Auditor".into(),
                level: 25,
                permissions: rolecall_types::permissions::PermissionSet::of(&[
                    rolecall_types::permissions::Permission::OrganizationView,
                    rolecall_types::permissions::Permission::AuditView,
                ]),
            },
        )
        .expect("custom role");
    let bob_m = w.join(&ann, &org, &bob, Some(&dev));
    let cid_m = w.join(&ann, &org, &cid, None);
    w.core
        .set_member_status(&ann.id, &org, &cid_m, MemberStatus::Deactivated)
        .expect("deactivate");
    w.core
        .invite(
            &ann.id,
            &org,
            &NewMember {
                first_name: "Dee".into(),
                last_name: "Poe, \"Jr\"".into(),
                email: "dee@example.com".into(),
                role_id: None,
            },
        )
        .expect("invite");
    w.core
        .add_member(
            &ann.id,
            &org,
            &NewMember {
                first_name: "=Eve".into(),
                last_name: "Kim".into(),
                email: "eve@example.com".into(),
                role_id: None,
            },
        )
        .expect("add member");
    let ws = w
        .core
        .create_workspace(&ann.id, &org, "Research")
        .expect("workspace");
    w.core
        .grant_workspace_role(&ann.id, &org, &ws.id, &bob_m, &dev)
        .expect("grant");
    w.core
        .create_agent(
            &bob.id,
            &org_ctx(&org),
            &AgentInput {
                name: "Helper".into(),
                persona: "Kind,\nshort \"answers\"".into(),
                knowledge: "FAQ".into(),
                workspace_id: Some(ws.id.clone()),
            },
        )
        .expect("agent");
    w.core
        .top_up(&ann.id, &org_ctx(&org), 5_000)
        .expect("top up");
    w.core
        .record_charge(
            &ann.id,
            &org_ctx(&org),
            &ChargeRequest {
                description: "Tokens".into(),
                amount: 1_250,
                agent_id: None,
            },
        )
        .expect("charge");
    let created = w
        .core
        .create_api_key(
            &ann.id,
            &org,
            &NewApiKey {
                name: "CI".into(),
                kind: ApiKeyKind::Standard,
                rate_limit: None,
            },
        )
        .expect("key");
    let revoked = w
        .core
        .create_api_key(
            &ann.id,
            &org,
            &NewApiKey {
                name: "Old".into(),
                kind: ApiKeyKind::AiAgent,
                rate_limit: Some(90),
            },
        )
        .expect("key");
    w.core
        .revoke_api_key(&ann.id, &org, &revoked.key.id)
        .expect("revoke");
    let secret = created.secret.expose().to_string();
    // What SQLite keeps of the key besides its prefix: the start of its hash.
    let key_hash_prefix: String = {
        let conn = rusqlite::Connection::open(w.data_dir().join("rolecall.db")).expect("open");
        conn.query_row(
            "SELECT secret_hash FROM api_keys WHERE id = ?1",
            [&created.key.id],
            |r| r.get::<_, String>(0),
        )
        .expect("hash")[..16]
            .to_string()
    };
    Furnished {
        w,
        ann,
        bob,
        secret,
        key_hash_prefix,
    }
}

#[test]
fn r45_organization_export_round_trips_every_field_and_holds_no_secret() {
    let f = furnished();
    let (w, ann, org) = (&f.w, &f.ann, &f.ann.company);
    let (bytes, rows, progress) =
        export(&w.core, &ann.id, org, request(ExportKind::OrganizationJson)).expect("export");

    // It parses back into the shared type, and writing that again gives the same JSON.
    let doc: OrganizationExport =
        serde_json::from_slice(&bytes).expect("parses into OrganizationExport");
    let again: serde_json::Value = serde_json::to_value(&doc).expect("serialise");
    let original: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
    assert_eq!(again, original, "every field survives the round trip");

    // Every part equals what the screens list.
    assert_eq!(doc.schema_version, EXPORT_SCHEMA_VERSION);
    assert_eq!(doc.exported_by, "Ann Lee");
    assert_eq!(
        doc.organization,
        w.core.organization(&ann.id, org).expect("org")
    );
    assert_eq!(doc.roles, w.core.list_roles(&ann.id, org).expect("roles"));
    assert_eq!(
        doc.workspaces,
        w.core.list_workspaces(&ann.id, org).expect("workspaces")
    );
    assert_eq!(
        doc.invitations,
        w.core.list_invitations(&ann.id, org).expect("invitations")
    );
    assert_eq!(
        doc.agents,
        w.core.list_agents(&ann.id, &org_ctx(org)).expect("agents")
    );
    assert_eq!(
        doc.api_keys,
        w.core.list_api_keys(&ann.id, org, true).expect("keys")
    );
    assert_eq!(
        doc.billing,
        Some(
            w.core
                .billing_summary(&ann.id, &org_ctx(org))
                .expect("billing")
        )
    );
    let mut members = w.all_members(ann, org);
    let mut exported = doc.members.clone();
    members.sort_by(|a, b| a.membership_id.cmp(&b.membership_id));
    exported.sort_by(|a, b| a.membership_id.cmp(&b.membership_id));
    assert_eq!(
        exported, members,
        "active and deactivated members, every field"
    );
    assert_eq!(rows, 4, "Ann, Bob, Cid (deactivated), Eve");
    assert!(
        doc.members
            .iter()
            .any(|m| m.status == MemberStatus::Deactivated)
    );
    assert_eq!(doc.workspace_members.len(), 1);
    assert_eq!(doc.workspace_members[0].name, "Bob Ray");
    assert_eq!(doc.workspace_members[0].role_name, "Developer");
    assert_eq!(doc.ledger.len(), 2, "the top-up and the charge");
    assert_eq!(
        doc.ledger.iter().map(|e| e.amount).sum::<i64>(),
        doc.billing.as_ref().expect("billing").balance
    );
    assert_eq!(doc.api_keys.len(), 2, "revoked keys are part of the record");

    // R38: no secret, and not the hash either.
    assert!(
        !contains(&bytes, &f.secret),
        "the secret is not in the export"
    );
    assert!(
        !contains(&bytes, &f.key_hash_prefix),
        "the key hash is not in the export"
    );
    assert!(
        contains(&bytes, &doc.api_keys[0].prefix),
        "keys are recognisable by prefix"
    );

    // Progress ends at the total.
    let last = progress.last().expect("progress reported");
    assert_eq!((last.done, last.total), (4, 4));
    assert_eq!(
        w.core
            .organization_export(&ann.id, org)
            .expect("document")
            .members
            .len(),
        4
    );
}

#[test]
fn r45_members_csv_honours_the_filters_and_defuses_formulas() {
    let f = furnished();
    let (w, ann, org) = (&f.w, &f.ann, &f.ann.company);
    let (bytes, rows, _) =
        export(&w.core, &ann.id, org, request(ExportKind::MembersCsv)).expect("export");
    let text = String::from_utf8(bytes.clone()).expect("utf-8");
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "First name,Last name,E-mail,Role,Owner,Status,Joined,Last login,Last active,Source,Source ID,\
         Status at the source,Last sign-in at the source,Two-step verification,Account type,Billable,\
         Title,Department,Manager,Employee ID"
    );
    assert_eq!(rows, 3, "active members by default: Ann, Bob, Eve");
    assert_eq!(lines.len(), 4);
    assert!(
        lines.iter().any(|l| l.starts_with("Ann,Lee,ann@example.com,Owner,yes,active,2026-01-15T10:00:00Z")),
        "{text}"
    );
    assert!(
        text.contains("'=Eve,Kim"),
        "a formula-looking name is defused: {text}"
    );
    assert!(!contains(&bytes, &f.secret));

    // The table's filters: status, search, role.
    let filtered = |query: MemberQuery| {
        let (bytes, rows, _) = export(
            &w.core,
            &ann.id,
            org,
            ExportRequest {
                kind: ExportKind::MembersCsv,
                members: Some(query),
                audit: None,
            },
        )
        .expect("export");
        (String::from_utf8(bytes).expect("utf-8"), rows)
    };
    let (text, rows) = filtered(MemberQuery {
        status: MemberStatus::Deactivated,
        ..MemberQuery::default()
    });
    assert_eq!(rows, 1);
    assert!(
        text.contains("Cid,Moe,cid@example.com,Member,no,deactivated"),
        "{text}"
    );
    let (text, rows) = filtered(MemberQuery {
        search: "bob".into(),
        ..MemberQuery::default()
    });
    assert_eq!(rows, 1);
    assert!(text.contains("bob@example.com") && !text.contains("ann@example.com"));
    let dev = w.role_id(ann, org, "Developer");
    let (_, rows) = filtered(MemberQuery {
        role_id: Some(dev),
        ..MemberQuery::default()
    });
    assert_eq!(rows, 1);
    // Paging fields of the table do not cut the export short.
    let (_, rows) = filtered(MemberQuery {
        offset: 2,
        limit: 1,
        ..MemberQuery::default()
    });
    assert_eq!(rows, 3);
}

#[test]
fn r45_exports_need_the_data_export_permission() {
    let f = furnished();
    let (w, org) = (&f.w, &f.ann.company);
    // Bob is a Developer: no Data·export, no Audit log·view.
    for kind in [
        ExportKind::OrganizationJson,
        ExportKind::MembersCsv,
        ExportKind::AuditCsv,
        ExportKind::AuditJson,
    ] {
        let result = export(&w.core, &f.bob.id, org, request(kind)).map(|_| ());
        assert_err(result, ErrorKind::Forbidden, "permission");
    }
    // An outsider is not a member at all.
    let zed = w.register("Zed", "Out");
    assert!(export(&w.core, &zed.id, org, request(ExportKind::OrganizationJson)).is_err());
}

#[test]
fn r43_audit_export_has_exactly_the_filtered_entries_newest_first() {
    let f = furnished();
    let (w, ann, org) = (&f.w, &f.ann, &f.ann.company);
    let all = w
        .core
        .audit_log(
            &ann.id,
            org,
            &AuditQuery {
                limit: 1000,
                ..AuditQuery::default()
            },
        )
        .expect("audit")
        .entries;
    assert!(all.len() > 10, "the furnished organization has a history");

    // Unfiltered CSV: a header and one row per entry, newest first.
    let (bytes, rows, _) =
        export(&w.core, &ann.id, org, request(ExportKind::AuditCsv)).expect("csv");
    let text = String::from_utf8(bytes.clone()).expect("utf-8");
    assert_eq!(rows as usize, all.len());
    assert!(text.starts_with("Id,Time (UTC),Actor,Action,Target type,Target,Details\r\n"));
    let first_row = text.split("\r\n").nth(1).expect("a row");
    assert!(
        first_row.starts_with(&format!("{},", all[0].id)),
        "newest first: {first_row}"
    );
    assert!(!contains(&bytes, &f.secret));

    // JSON with an action filter: parses, holds the filters and only those entries.
    let query = AuditQuery {
        action: Some("invitation.sent".into()),
        ..AuditQuery::default()
    };
    let (bytes, rows, progress) = export(
        &w.core,
        &ann.id,
        org,
        ExportRequest {
            kind: ExportKind::AuditJson,
            members: None,
            audit: Some(query.clone()),
        },
    )
    .expect("json");
    let doc: serde_json::Value = serde_json::from_slice(&bytes).expect("valid JSON");
    let entries: Vec<AuditEntry> =
        serde_json::from_value(doc["entries"].clone()).expect("entries parse");
    let expected: Vec<AuditEntry> = all
        .iter()
        .filter(|e| e.action == "invitation.sent")
        .cloned()
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(entries, expected);
    assert_eq!(rows as usize, expected.len());
    assert_eq!(doc["filters"]["action"], "invitation.sent");
    assert_eq!(doc["schema_version"], EXPORT_SCHEMA_VERSION);
    assert_eq!(
        progress.last().map(|p| (p.done, p.total)),
        Some((rows, rows))
    );

    // A date range that holds nothing exports an empty, valid document.
    let (bytes, rows, _) = export(
        &w.core,
        &ann.id,
        org,
        ExportRequest {
            kind: ExportKind::AuditJson,
            members: None,
            audit: Some(AuditQuery {
                to: Some(START - DAY),
                ..AuditQuery::default()
            }),
        },
    )
    .expect("json");
    let doc: serde_json::Value = serde_json::from_slice(&bytes).expect("valid JSON");
    assert_eq!(rows, 0);
    assert_eq!(doc["entries"], serde_json::json!([]));
}

#[test]
fn r43_audit_filters_offer_every_actor_and_action_once() {
    let f = furnished();
    let (w, ann, org) = (&f.w, &f.ann, &f.ann.company);
    let facets = w.core.audit_facets(&ann.id, org).expect("facets");
    let names: Vec<&str> = facets.actors.iter().map(|a| a.name.as_str()).collect();
    assert!(
        names.contains(&"Ann Lee") && names.contains(&"Bob Ray"),
        "{names:?}"
    );
    let mut sorted = facets.actions.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, facets.actions, "sorted and unique");
    for action in [
        "invitation.sent",
        "role.created",
        "workspace.created",
        "agent.created",
        "api_key.created",
    ] {
        assert!(
            facets.actions.iter().any(|a| a == action),
            "{action} in {:?}",
            facets.actions
        );
    }
    // Only auditors see them.
    assert_err(
        w.core.audit_facets(&f.bob.id, org),
        ErrorKind::Forbidden,
        "Audit log",
    );
}

#[test]
fn overview_counts_seats_roles_and_activity_and_hides_what_the_role_may_not_see() {
    let f = furnished();
    let (w, ann, org) = (&f.w, &f.ann, &f.ann.company);
    w.clock.advance(2 * DAY);
    w.core
        .create_workspace(&ann.id, org, "Later")
        .expect("workspace");
    let o = w.core.overview(&ann.id, org).expect("overview");
    assert_eq!(&o.organization.id, org);
    assert_eq!(o.seats.members, 4);
    assert_eq!(o.seats.pending_invitations, 1);
    assert_eq!(o.seats.limit, Plan::Business.seats());
    assert_eq!(o.deactivated_members, 1);
    assert_eq!(o.workspaces, 3);
    assert_eq!(o.agents, 1);
    assert_eq!(o.api_keys, Some(1), "active keys only");
    let roles: Vec<(&str, u64)> = o
        .roles
        .iter()
        .map(|r| (r.role_name.as_str(), r.members))
        .collect();
    assert_eq!(
        roles,
        vec![("Owner", 1), ("Developer", 1), ("Member", 1)],
        "active members per role"
    );
    let activity = o.activity.expect("the Owner sees activity");
    assert_eq!(activity.len() as u32, OVERVIEW_DAYS);
    let total: u64 = activity.iter().map(|d| d.entries).sum();
    let all = w
        .core
        .audit_log(
            &ann.id,
            org,
            &AuditQuery {
                limit: 1000,
                ..AuditQuery::default()
            },
        )
        .expect("audit")
        .entries;
    assert_eq!(
        total as usize,
        all.len(),
        "every entry falls on a day of the chart"
    );
    assert_eq!(
        activity.last().map(|d| d.entries),
        Some(1),
        "today: the workspace"
    );
    assert!(
        activity.windows(2).all(|p| p[1].day - p[0].day == DAY),
        "consecutive days"
    );
    let recent = o.recent.expect("recent entries");
    assert_eq!(recent[0].action, "workspace.created");
    assert!(recent.len() <= 8);

    // A Developer: counts and roles, no activity, no recent entries; API keys·view yes.
    let b = w.core.overview(&f.bob.id, org).expect("overview");
    assert!(b.activity.is_none() && b.recent.is_none());
    assert_eq!(b.api_keys, Some(1));
    assert_eq!(b.seats, o.seats);
    // An outsider sees nothing.
    let zed = w.register("Zed", "Out");
    assert!(w.core.overview(&zed.id, org).is_err());
}

#[test]
fn r45_the_organization_export_leaves_out_what_the_exporter_may_not_view() {
    use rolecall_types::permissions::{Permission, PermissionSet};
    let f = furnished();
    let (w, org) = (&f.w, &f.ann.company);
    let exporter = w
        .core
        .create_role(
            &f.ann.id,
            org,
            &RoleInput {
                name: "Exporter".into(),
                level: 50,
                permissions: PermissionSet::of(&[
                    Permission::OrganizationView,
                    Permission::DataExport,
                ]),
            },
        )
        .expect("role");
    let bob_m = w.membership(&f.ann, org, &f.bob).membership_id;
    w.core
        .change_role(&f.ann.id, org, &bob_m, &exporter.id)
        .expect("Bob exports");
    let (bytes, _, _) = export(
        &w.core,
        &f.bob.id,
        org,
        request(ExportKind::OrganizationJson),
    )
    .expect("export");
    let doc: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
    for section in [
        "members",
        "invitations",
        "workspace_members",
        "agents",
        "api_keys",
        "ledger",
    ] {
        assert_eq!(doc[section], serde_json::json!([]), "{section} is left out");
    }
    assert!(doc["billing"].is_null(), "billing is left out");
    let omitted = doc["omitted"].to_string();
    for what in ["Members", "Agents", "API keys", "Billing"] {
        assert!(
            omitted.contains(what),
            "{what} named as left out: {omitted}"
        );
    }
    assert!(!contains(&bytes, &f.key_hash_prefix));
    assert!(!contains(&bytes, "bob@example.com"), "no member's e-mail");
    // The document still parses back into the shared type.
    let parsed: OrganizationExport = serde_json::from_slice(&bytes).expect("parses");
    assert_eq!(parsed.organization.id, *org);
    // The members CSV is the members table: Members·view.
    assert_err(
        export(&w.core, &f.bob.id, org, request(ExportKind::MembersCsv)).map(|_| ()),
        ErrorKind::Forbidden,
        "permission",
    );
    // The Owner's export holds everything and names nothing as left out.
    let (bytes, _, _) = export(
        &w.core,
        &f.ann.id,
        org,
        request(ExportKind::OrganizationJson),
    )
    .expect("export");
    let doc: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
    assert_eq!(doc["omitted"], serde_json::json!([]));
    assert!(doc["billing"].is_object());
}
