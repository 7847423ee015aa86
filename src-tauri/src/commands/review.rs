//! review: findings (R52), snapshots of an organization and what changed between two
//! (R56), and access review campaigns with their evidence (R53–R55, R57).

use super::export::save_chosen;
use super::{Answer, acting};
use crate::state::AppState;
use rolecall_types::cmd;
use rolecall_types::review::{EvidenceFormat, StartProgress};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

acting! {
    list_snapshots(ListSnapshots) => |core, me, r| core.list_snapshots(me, &r.org_id);
    take_snapshot(TakeSnapshot) => |core, me, r| core.take_snapshot(me, &r.org_id);
    findings(Findings) => |core, me, r| core.findings(me, &r.org_id);
    all_findings(AllFindings) => |core, me, _r| core.all_findings(me);
    preview_roster(PreviewRoster) => |core, me, r| core.preview_roster(me, &r.org_id, &r.path);
    import_roster(ImportRoster) => |core, me, r| core.import_roster(me, &r.org_id, &r.path, &r.mapping);
    review_settings(ReviewSettings) => |core, me, r| core.review_settings(me, &r.org_id);
    update_review_settings(UpdateReviewSettings) => |core, me, r| core.update_review_settings(me, &r.org_id, &r.settings);
    diff_snapshots(DiffSnapshots) => |core, me, r| core.diff_snapshots(me, &r.org_id, &r.from, &r.to);
    list_campaigns(ListCampaigns) => |core, me, _r| core.list_campaigns(me);
    campaign(GetCampaign) => |core, me, r| core.campaign(me, &r.campaign_id);
    campaign_items(CampaignItems) => |core, me, r| core.campaign_items(me, &r.campaign_id, &r.query);
    campaign_select(CampaignSelect) => |core, me, r| core.campaign_select(me, &r.campaign_id, &r.query);
    decide(Decide) => |core, me, r| core.decide(me, &r.campaign_id, &r.decide);
    sign_off_campaign(SignOffCampaign) => |core, me, r| core.sign_off_campaign(me, &r.campaign_id, &r.statement);
    apply_campaign(ApplyCampaign) => |core, me, r| core.apply_campaign(me, &r.campaign_id);
    discard_campaign(DiscardCampaign) => |core, me, r| core.discard_campaign(me, &r.campaign_id);
}

/// R53: starts a campaign, telling the window each step as it begins.
#[tauri::command]
pub async fn start_campaign(
    state: State<'_, AppState>,
    request: cmd::StartCampaign,
    on_progress: Channel<StartProgress>,
) -> Answer<cmd::StartCampaign> {
    state
        .act(move |core, me| {
            core.start_campaign_reporting(me, &request.name, &request.org_ids, &mut |p| {
                let _ = on_progress.send(p);
            })
        })
        .await
}

/// R57: asks where to save (or uses the export folder) and writes the evidence there.
/// `Ok(None)`: the save dialog was cancelled.
#[tauri::command]
pub async fn export_evidence(
    app: AppHandle,
    state: State<'_, AppState>,
    request: cmd::ExportEvidence,
) -> Answer<cmd::ExportEvidence> {
    let cmd::ExportEvidence {
        campaign_id,
        format,
    } = request;
    let filter = match format {
        EvidenceFormat::Csv => ("CSV", "csv"),
        EvidenceFormat::Html => ("Report (HTML)", "html"),
    };
    let id = campaign_id.clone();
    save_chosen(
        &app,
        &state,
        filter,
        move |core, me| core.evidence_file_name(me, &id, format),
        move |core, me, target| core.export_evidence_to_file(me, &campaign_id, format, target),
    )
    .await
}

/// R56: asks where to save and writes the comparison there as CSV.
#[tauri::command]
pub async fn export_diff(
    app: AppHandle,
    state: State<'_, AppState>,
    request: cmd::ExportDiff,
) -> Answer<cmd::ExportDiff> {
    let cmd::ExportDiff { org_id, from, to } = request;
    let id = org_id.clone();
    save_chosen(
        &app,
        &state,
        ("CSV", "csv"),
        move |core, me| core.diff_file_name(me, &id),
        move |core, me, target| core.export_diff_to_file(me, &org_id, &from, &to, target),
    )
    .await
}
