//! The Findings tab (R52): the severity counts, then one card per finding, most severe
//! first, each with the subjects it concerns and the remedies it offers. A remedy runs
//! the same command as the page that owns it (asking first when it changes something),
//! and the findings are read again afterwards, so a fixed one disappears.

use super::roster::RosterButton;
use super::settings::ThresholdsDialog;
use crate::api;
use crate::components::{Confirm, Loaded, MemberDrawer, Table, col};
use crate::format::{count, group, time};
use crate::state::Ctx;
use leptos::prelude::*;
use rolecall_types::cmd;
use rolecall_types::ids::{InvitationId, KeyId, MembershipId, RoleId};
use rolecall_types::model::MemberStatus;
use rolecall_types::permissions::Permission;
use rolecall_types::review::{
    Finding, Remedy, ReviewSettings, Severity, SeverityCounts, Subject, SubjectKind,
};

/// "Dormant after 90 days · own domain example.com".
fn thresholds_line(settings: &ReviewSettings, proposed: Option<&str>) -> String {
    let domains = match (settings.domains.as_slice(), proposed) {
        ([], Some(d)) => format!("own domain {d} (proposed)"),
        ([], None) => "no own domain yet".to_string(),
        (list, _) => format!("own domains {}", list.join(", ")),
    };
    format!(
        "Dormant after {} days · invitations stale after {} · {domains}",
        settings.dormant_days, settings.stale_invitation_days
    )
}

/// The class and word of a severity badge.
pub(super) fn severity_words(severity: Severity) -> (&'static str, &'static str) {
    match severity {
        Severity::High => ("rv-sev rv-sev-high", "High"),
        Severity::Medium => ("rv-sev rv-sev-medium", "Medium"),
        Severity::Low => ("rv-sev rv-sev-low", "Low"),
    }
}

/// High / Medium / Low counts as coloured badges; `id` names the row.
#[component]
pub(super) fn SeverityRow(counts: SeverityCounts, id: String) -> impl IntoView {
    let badge = |severity: Severity, n: u64| {
        let (class, word) = severity_words(severity);
        view! {
            <span class=class data-severity=word.to_lowercase() class:rv-zero=n == 0>
                {format!("{word} {n}")}
            </span>
        }
    };
    view! {
        <div class="rv-counts" id=id aria-label="Findings by severity">
            {badge(Severity::High, counts.high)}
            {badge(Severity::Medium, counts.medium)}
            {badge(Severity::Low, counts.low)}
        </div>
    }
}

#[component]
pub(super) fn FindingsTab() -> impl IntoView {
    let ctx = Ctx::get();
    let findings = ctx.read(move || api::call(cmd::Findings { org_id: ctx.org() }));
    // The member whose details are open (the "Open" remedy).
    let detail = RwSignal::new(None::<MembershipId>);
    // The thresholds dialog, with the settings and proposed domain it opens with.
    let thresholds = RwSignal::new(None::<(ReviewSettings, Option<String>)>);
    let may_change = move || ctx.can(Permission::ReviewRun);
    view! {
        <Loaded data=findings let:found>
            <div class="rv-summary">
                <SeverityRow counts=found.counts id="review-counts".to_string() />
                <span class="muted small" id="review-computed">{format!("Checked {}", time(Some(found.computed_at)))}</span>
                <span class="muted small" id="review-thresholds">{thresholds_line(&found.settings, found.domain.as_deref())}</span>
                {may_change().then(|| {
                    let opens = (found.settings.clone(), found.domain.clone());
                    view! {
                        <div class="header-actions">
                            <RosterButton />
                            <button type="button" class="btn" id="review-thresholds-open"
                                on:click=move |_| thresholds.set(Some(opens.clone()))>
                                "Thresholds…"
                            </button>
                        </div>
                    }
                })}
            </div>
            {found.roster.clone().map(|r| view! {
                <p class="muted small rv-roster" id="review-roster">
                    {format!(
                        "HR roster: {} ({}, {} left), read {} by {}.",
                        r.file_name,
                        count(r.people, "person", "people"),
                        group(r.terminated),
                        time(Some(r.imported_at)),
                        r.imported_by
                    )}
                </p>
            })}
            {if found.findings.is_empty() {
                view! {
                    <div class="card empty-state rv-empty" id="review-empty">
                        <p>"No findings. Nothing here needs attention."</p>
                        {(!found.imported).then(|| view! {
                            <p class="small" id="review-import-hint">
                                "Import your identity provider's export to see findings about sign-ins and two-step verification."
                            </p>
                        })}
                    </div>
                }.into_any()
            } else {
                view! {
                    <ul class="rv-findings" id="review-findings">
                        {found.findings.iter().cloned().map(|finding| view! { <FindingCard finding detail /> }).collect_view()}
                    </ul>
                    {(!found.imported).then(|| view! {
                        <p class="muted small" id="review-import-hint">
                            "Import your identity provider's export to see findings about sign-ins and two-step verification."
                        </p>
                    })}
                }.into_any()
            }}
        </Loaded>
        {move || thresholds.get().map(|(settings, proposed)| view! {
            <ThresholdsDialog settings proposed on_close=Callback::new(move |_| thresholds.set(None)) />
        })}
        {move || detail.get().map(|membership_id| view! {
            <MemberDrawer membership_id on_close=Callback::new(move |_| detail.set(None)) />
        })}
    }
}

#[component]
fn FindingCard(finding: Finding, detail: RwSignal<Option<MembershipId>>) -> impl IntoView {
    let (class, word) = severity_words(finding.severity);
    let kind = format!("{:?}", finding.kind);
    let heading = format!("finding-{kind}");
    let labelled_by = heading.clone();
    let remedies = finding.remedies.clone();
    let more = (finding.total as usize)
        .checked_sub(finding.subjects.len())
        .filter(|n| *n > 0)
        .map(|n| {
            format!(
                "and {} more, not listed here",
                crate::format::group(n as u64)
            )
        });
    view! {
        <li class="card rv-finding" data-kind=kind aria-labelledby=labelled_by>
            <div class="rv-finding-head">
                <span class=class>{word}</span>
                <h2 class="rv-finding-title" id=heading>{finding.title.clone()}</h2>
            </div>
            <p class="muted rv-why">{finding.why.clone()}</p>
            <Table class="rv-table rv-subjects"
                columns=[col("Name"), col("Detail"), col("Remedies").class("rv-actions-col").unseen()]>
                {finding.subjects.into_iter().map(|subject| {
                    let remedies = remedies.clone();
                    view! { <SubjectRow subject remedies detail /> }
                }).collect_view()}
            </Table>
            {more.map(|text| view! { <p class="muted rv-more">{text}</p> })}
        </li>
    }
}

/// Which remedies fit a subject: member remedies for members, and so on. "Change
/// role" opens the member like "Open" (the role is changed where members are), so the
/// two make one button.
fn remedies_for(kind: SubjectKind, remedies: &[Remedy]) -> Vec<Remedy> {
    let mut fit: Vec<Remedy> = Vec::new();
    for remedy in remedies {
        let remedy = match (kind, remedy) {
            (SubjectKind::Member, Remedy::OpenMember | Remedy::ChangeRole) => Remedy::OpenMember,
            (SubjectKind::Member, Remedy::Deactivate) => Remedy::Deactivate,
            (SubjectKind::Invitation, Remedy::RevokeInvitation) => Remedy::RevokeInvitation,
            (SubjectKind::ApiKey, Remedy::RevokeKey) => Remedy::RevokeKey,
            (SubjectKind::Role, Remedy::DeleteRole) => Remedy::DeleteRole,
            _ => continue,
        };
        if !fit.contains(&remedy) {
            fit.push(remedy);
        }
    }
    // The harmless one first, the changes after it.
    fit.sort_by_key(|r| *r != Remedy::OpenMember);
    fit
}

#[component]
fn SubjectRow(
    subject: Subject,
    remedies: Vec<Remedy>,
    detail: RwSignal<Option<MembershipId>>,
) -> impl IntoView {
    let buttons = remedies_for(subject.kind, &remedies)
        .into_iter()
        .map(|remedy| remedy_button(remedy, &subject, detail))
        .collect_view();
    view! {
        <tr class="rv-subject" data-id=subject.id.clone() data-name=subject.name.clone()>
            <td class="rv-subject-name">{subject.name.clone()}</td>
            <td class="rv-subject-detail">{subject.detail.clone()}</td>
            <td class="rv-remedies">{buttons}</td>
        </tr>
    }
}

/// One remedy's button for `subject`; disabled, saying why, without the permission it
/// needs (the core checks it again).
fn remedy_button(
    remedy: Remedy,
    subject: &Subject,
    detail: RwSignal<Option<MembershipId>>,
) -> AnyView {
    let ctx = Ctx::get();
    let name = subject.name.clone();
    let id = subject.id.clone();
    let (class, label, needs, why) = match remedy {
        Remedy::OpenMember | Remedy::ChangeRole => {
            let membership_id = MembershipId::from(id);
            return view! {
                <button class="btn btn-small rv-remedy remedy-open" aria-label=format!("Open {name}")
                    on:click=move |_| detail.set(Some(membership_id.clone()))>"Open"</button>
            }
            .into_any();
        }
        Remedy::Deactivate => (
            "btn btn-small btn-danger-ghost rv-remedy remedy-deactivate",
            "Deactivate",
            Permission::MembersDeactivate,
            "Deactivating members needs the Members · deactivate permission.",
        ),
        Remedy::RevokeInvitation => (
            "btn btn-small btn-danger-ghost rv-remedy remedy-revoke",
            "Revoke",
            Permission::MembersInvite,
            "Revoking invitations needs the Members · invite permission.",
        ),
        Remedy::RevokeKey => (
            "btn btn-small btn-danger-ghost rv-remedy remedy-revoke",
            "Revoke",
            Permission::ApiKeysManage,
            "Revoking API keys needs the API keys · manage permission.",
        ),
        Remedy::DeleteRole => (
            "btn btn-small btn-danger-ghost rv-remedy remedy-delete-role",
            "Delete role",
            Permission::RolesManage,
            "Deleting roles needs the Roles · manage permission.",
        ),
    };
    let allowed = move || ctx.can(needs);
    let aria = format!("{label} {name}");
    let run = move |_| run_remedy(ctx, remedy, &id, &name);
    view! {
        <button class=class aria-label=aria disabled=move || !allowed()
            title=move || (!allowed()).then_some(why) on:click=run>{label}</button>
    }
    .into_any()
}

/// Asks first, then runs the command that fixes `id`; the findings are read again.
fn run_remedy(ctx: Ctx, remedy: Remedy, id: &str, name: &str) {
    let org_id = ctx.org();
    let id = id.to_string();
    match remedy {
        Remedy::Deactivate => ctx.confirm_run(
            Confirm::danger(
                format!("Deactivate {name}?"),
                format!("{name} keeps their membership but cannot switch into this organization until activated again."),
                "Deactivate",
                "Cancel",
            ),
            cmd::SetMemberStatus {
                org_id,
                membership_id: MembershipId::from(id),
                status: MemberStatus::Deactivated,
            },
            format!("{name} is deactivated."),
        ),
        Remedy::RevokeInvitation => ctx.confirm_run(
            Confirm::danger(
                "Revoke this invitation?".into(),
                format!("{name} will no longer be able to join with it."),
                "Revoke",
                "Keep it",
            ),
            cmd::RevokeInvitation {
                org_id,
                invitation_id: InvitationId::from(id),
            },
            "The invitation was revoked.".to_string(),
        ),
        Remedy::RevokeKey => ctx.confirm_run(
            Confirm::danger(
                format!("Revoke {name}?"),
                "Programs using this key stop working at once. Revoking is permanent: the key can never be used again.".into(),
                "Revoke key",
                "Keep it",
            ),
            cmd::RevokeApiKey {
                org_id,
                key_id: KeyId::from(id),
            },
            format!("{name} was revoked."),
        ),
        Remedy::DeleteRole => ctx.confirm_run(
            Confirm::danger(
                format!("Delete the role {name}?"),
                format!("{name} will be removed from {}. This cannot be undone; you can create a role with the same permissions again later.", ctx.org_name()),
                "Delete role",
                "Keep it",
            ),
            cmd::DeleteRole {
                org_id,
                role_id: RoleId::from(id),
            },
            format!("{name} was deleted."),
        ),
        Remedy::OpenMember | Remedy::ChangeRole => {}
    }
}
