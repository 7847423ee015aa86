//! Review in the real window: a finding is shown with its remedy, the remedy (asked
//! first) fixes it and the finding disappears (R52); a snapshot compared with now shows
//! the person who joined since (R56).

use crate::flows::{add_member, join_as_member, register};
use anyhow::{Result, ensure};
use rolecall_e2e::{App, with_app};

/// The card of the finding of this kind (`FindingKind` as the code names it).
fn finding(kind: &str) -> String {
    format!(".rv-finding[data-kind='{kind}']")
}

/// Waits until one of the toasts on screen says `text` (an earlier one may still show).
async fn toast(app: &App, text: &str) -> Result<()> {
    let condition = format!(
        "[...document.querySelectorAll('.toast')].some(t => t.textContent.includes({}))",
        serde_json::Value::from(text)
    );
    app.wait_until(&condition).await
}

#[tokio::test(flavor = "multi_thread")]
async fn r52_findings_show_and_a_remedy_clears_one() -> Result<()> {
    let app = App::launch().await?;
    with_app("review-findings", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            // A custom role nobody holds: the Developer template.
            app.click("#nav-roles").await?;
            app.click("#add-template-button").await?;
            app.wait("#template-dialog").await?;
            app.click("#template-add-developer").await?;
            app.wait_gone("#template-dialog").await?;
            app.wait(".role-row[data-role='Developer']").await?;

            app.click("#nav-review").await?;
            app.wait_text("#route-path", "/review").await?;
            ensure!(
                app.attribute("#review-tab-findings", "aria-selected")
                    .await?
                    == "true",
                "Findings is the first tab"
            );
            let card = finding("UnusedCustomRole");
            app.wait_text(
                &format!("{card} .rv-finding-title"),
                "custom role nobody holds",
            )
            .await?;
            app.wait_text(&format!("{card} .rv-sev"), "Low").await?;
            app.wait_text("#review-counts [data-severity='low']", "Low 1")
                .await?;
            let subject = format!("{card} .rv-subject[data-name='Developer']");
            app.wait_text(&subject, "Nobody holds it").await?;
            ensure!(
                app.text(&format!("{subject} .remedy-delete-role")).await? == "Delete role",
                "the finding offers its remedy"
            );
            app.settled_screenshot("review-findings").await?;

            // Cancelling changes nothing.
            app.click(&format!("{subject} .remedy-delete-role")).await?;
            app.wait_text("#confirm-title", "Delete the role Developer?")
                .await?;
            app.click("#confirm-no").await?;
            app.wait_gone("#confirm-dialog").await?;
            app.wait(&subject).await?;

            // Confirmed, the role goes and so does the finding.
            app.click(&format!("{subject} .remedy-delete-role")).await?;
            app.wait_text("#confirm-yes", "Delete role").await?;
            app.click("#confirm-yes").await?;
            toast(app, "Developer was deleted.").await?;
            app.wait_gone(&card).await?;
            app.wait_text(
                "#review-empty",
                "No findings. Nothing here needs attention.",
            )
            .await?;
            app.wait_text(
                "#review-import-hint",
                "Import your identity provider's export",
            )
            .await?;
            app.wait_text("#review-counts [data-severity='low']", "Low 0")
                .await?;

            // The role is gone from Roles as well.
            app.click("#nav-roles").await?;
            app.wait(".role-row[data-role='Owner']").await?;
            ensure!(
                app.count(".role-row[data-role='Developer']").await? == 0,
                "the remedy deleted the role"
            );

            // All organizations lists this one with its counts.
            app.click("#nav-review").await?;
            app.click("#review-tab-all").await?;
            app.wait_text("#review-all .rv-org", "Lee Company").await?;
            app.wait_text("#review-all .rv-org", "0 findings").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn r56_take_snapshot_and_compare_with_now() -> Result<()> {
    let app = App::launch().await?;
    with_app("review-changes", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            app.click("#nav-review").await?;
            app.click("#review-tab-changes").await?;
            app.wait_text("#snapshots-empty", "Take one now to compare later")
                .await?;
            ensure!(
                app.count("#diff-from").await? == 0,
                "nothing to compare before the first snapshot"
            );

            app.click("#snapshot-take").await?;
            toast(app, "Snapshot taken:").await?;
            app.wait_text("#snapshot-list .rv-snapshot", "Taken on demand")
                .await?;
            app.wait_gone("#snapshots-empty").await?;
            // The newest snapshot against now: nothing changed yet.
            app.wait_text("#diff-empty", "Nothing changed").await?;
            ensure!(
                app.value("#diff-to").await? == "now",
                "the comparison runs to now"
            );

            // Someone joins.
            add_member(app, "Cy", "Moe", "cy@example.com").await?;

            app.click("#nav-review").await?;
            app.click("#review-tab-changes").await?;
            app.wait(".rv-snapshot").await?;
            app.select("#diff-to", "Now").await?;
            let joined = ".rv-diff-row[data-kind='joined'][data-email='cy@example.com']";
            app.wait_text(joined, "Cy Moe").await?;
            app.wait_text(joined, "Joined").await?;
            app.wait_text("#diff-chip-joined", "1").await?;
            ensure!(
                app.is_disabled("#diff-chip-left").await?,
                "nobody left, so the Left chip filters nothing"
            );
            // The Joined chip filters the table to the people who joined.
            app.click("#diff-chip-joined").await?;
            app.wait("#diff-chip-joined[aria-pressed='true']").await?;
            app.wait(joined).await?;
            ensure!(
                app.count(".rv-diff-row:not([data-kind='joined'])").await? == 0,
                "the chip shows joins only"
            );
            app.settled_screenshot("review-changes").await?;

            // The comparison as CSV: one row per change, the joiner's among them.
            app.click("#diff-export").await?;
            toast(app, "Saved 1 change to").await?;
            let file = std::fs::read_dir(app.export_dir())?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .find(|p| p.to_string_lossy().contains("-changes-"))
                .ok_or_else(|| anyhow::anyhow!("no comparison file was saved"))?;
            let text = std::fs::read_to_string(&file)?;
            let lines: Vec<&str> = text.lines().collect();
            ensure!(
                lines
                    .first()
                    .is_some_and(|h| h.starts_with("Change,Name,E-mail,Before,After")),
                "the CSV has its header: {text}"
            );
            ensure!(
                lines.len() == 2 && lines[1].starts_with("Joined,Cy Moe,cy@example.com"),
                "one row for Cy's join: {text}"
            );
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn r52_member_without_audit_permission_sees_no_review() -> Result<()> {
    let app = App::launch().await?;
    with_app("review-member", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            app.wait("#nav-review").await?;
            join_as_member(app, "Bob", "Ray", "bob@example.com").await?;
            app.wait("#nav-members").await?;
            ensure!(
                app.count("#nav-review").await? == 0,
                "a Member (no Audit log · view) has no Review menu item"
            );
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn r52_thresholds_are_set_per_organization() -> Result<()> {
    let app = App::launch().await?;
    with_app("review-thresholds", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            app.click("#nav-review").await?;
            app.wait_text("#review-thresholds", "Dormant after 90 days")
                .await?;
            app.wait_text("#review-thresholds", "own domain example.com (proposed)")
                .await?;
            app.click("#review-thresholds-open").await?;
            app.wait("#review-settings-dialog").await?;
            ensure!(
                app.value("#review-setting-dormant-days").await? == "90",
                "the dialog opens with the current thresholds"
            );
            // Bad values are refused under their field, and nothing is saved.
            app.fill("#review-setting-dormant-days", "0").await?;
            app.click("#review-settings-save").await?;
            app.wait_text(
                "#review-setting-dormant-days-error",
                "between 1 and 3,650 days",
            )
            .await?;
            app.fill("#review-setting-dormant-days", "30").await?;
            app.fill("#review-setting-domains", "example.com, not a domain")
                .await?;
            app.click("#review-settings-save").await?;
            app.wait_text("#review-setting-domains-error", "is not an e-mail domain")
                .await?;
            app.settled_screenshot("review-thresholds").await?;
            app.fill("#review-setting-domains", "example.com, partner.example")
                .await?;
            app.click("#review-settings-save").await?;
            toast(app, "The thresholds were saved").await?;
            app.wait_gone("#review-settings-dialog").await?;
            app.wait_text("#review-thresholds", "Dormant after 30 days")
                .await?;
            app.wait_text(
                "#review-thresholds",
                "own domains example.com, partner.example",
            )
            .await?;
            // Escape closes the dialog without saving.
            app.click("#review-thresholds-open").await?;
            app.wait("#review-settings-dialog").await?;
            ensure!(
                app.value("#review-setting-dormant-days").await? == "30",
                "the saved thresholds come back"
            );
            app.fill("#review-setting-dormant-days", "45").await?;
            app.press("\u{E00C}").await?;
            app.wait_gone("#review-settings-dialog").await?;
            app.wait_text("#review-thresholds", "Dormant after 30 days")
                .await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn r52_an_hr_roster_finds_who_left_and_the_remedy_deactivates_them() -> Result<()> {
    let app = App::launch().await?;
    with_app("review-roster", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Owner", "ann@example.com").await?;
            // Cleo is a member here; the HR roster says she left in October 2025.
            add_member(app, "Cleo", "Member", "cleo@example.com").await?;

            app.click("#nav-review").await?;
            app.wait("#review-roster-open").await?;
            ensure!(app.count("#review-roster").await? == 0, "no roster yet");
            let file = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../import/tests/fixtures/hr/bamboohr_employees.csv");
            app.pick_for_import(&file)?;
            app.click("#review-roster-open").await?;
            // The mapping step: BambooHR's columns are recognised, so confirming is
            // all it takes.
            app.wait("#roster-dialog").await?;
            ensure!(
                app.value("#roster-map-email").await? == "Work Email"
                    && app.value("#roster-map-status").await? == "Status"
                    && app.value("#roster-map-termination_date").await? == "Termination Date",
                "the recognised columns are pre-filled"
            );
            ensure!(
                app.count("#roster-needs-email").await? == 0,
                "the e-mail is mapped"
            );
            app.click("#roster-submit").await?;
            app.wait_gone("#roster-dialog").await?;
            toast(app, "HR roster read: 6 people").await?;
            app.wait_text("#review-roster", "bamboohr_employees.csv")
                .await?;
            let card = finding("LeftCompany");
            app.wait_text(
                &format!("{card} .rv-finding-title"),
                "1 member left the company but still has access",
            )
            .await?;
            let subject = format!("{card} .rv-subject[data-name='Cleo Member']");
            app.wait_text(&subject, "Left the company on 2025-10-01")
                .await?;
            app.settled_screenshot("review-roster").await?;

            // The remedy deactivates her, asked first; the finding goes.
            app.click(&format!("{subject} .remedy-deactivate")).await?;
            app.wait_text("#confirm-title", "Deactivate Cleo Member?")
                .await?;
            app.click("#confirm-yes").await?;
            toast(app, "Cleo Member is deactivated.").await?;
            app.wait_gone(&card).await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn r52_a_roster_goes_through_the_mapping_step_which_is_remembered() -> Result<()> {
    let app = App::launch().await?;
    with_app("review-roster-mapping", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Owner", "ann@example.com").await?;
            add_member(app, "Cleo", "Member", "cleo@example.com").await?;
            app.click("#nav-review").await?;
            app.wait("#review-roster-open").await?;
            // A roster whose columns Rolecall does not know, but the separation date.
            let fixtures = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../import/tests/fixtures/hr");
            app.pick_for_import(&fixtures.join("workday_workers.csv"))?;
            app.click("#review-roster-open").await?;
            app.wait("#roster-dialog").await?;
            app.wait_text("#roster-file", "workday_workers.csv").await?;
            ensure!(
                app.value("#roster-map-termination_date").await? == "Separation Date",
                "the recognised column is pre-filled"
            );
            ensure!(
                app.value("#roster-map-email").await?.is_empty()
                    && app.value("#roster-map-status").await?.is_empty(),
                "the others wait for the user"
            );
            ensure!(
                app.count("#roster-remembered").await? == 0,
                "nothing remembered yet"
            );
            app.wait_text(
                "#roster-needs-email",
                "Choose the column that holds the e-mail",
            )
            .await?;
            app.settled_screenshot("review-roster-mapping").await?;
            // Read as it is: the core says what is missing, the dialog stays.
            app.click("#roster-submit").await?;
            app.wait_text("#roster-error", "needs an e-mail column")
                .await?;
            ensure!(
                app.count("#roster-dialog").await? == 1,
                "the mapping step stays open"
            );

            // The user maps the e-mail and the status, and confirms.
            app.select("#roster-map-email", "Corporate Login").await?;
            app.wait_gone("#roster-needs-email").await?;
            app.wait_gone("#roster-error").await?;
            app.select("#roster-map-status", "Worker State").await?;
            app.click("#roster-submit").await?;
            app.wait_gone("#roster-dialog").await?;
            toast(app, "HR roster read: 5 people, 2 left the company.").await?;
            app.wait_text("#review-roster", "workday_workers.csv")
                .await?;
            let card = finding("LeftCompany");
            let subject = format!("{card} .rv-subject[data-name='Cleo Member']");
            app.wait_text(&subject, "Left the company on 2025-10-01")
                .await?;

            // The next roster with the same columns (in another order) opens mapped as
            // confirmed.
            app.pick_for_import(&fixtures.join("workday_workers_later.csv"))?;
            app.click("#review-roster-open").await?;
            app.wait("#roster-remembered").await?;
            ensure!(
                app.value("#roster-map-email").await? == "Corporate Login"
                    && app.value("#roster-map-status").await? == "Worker State"
                    && app.value("#roster-map-termination_date").await? == "Separation Date",
                "the mapping is remembered for these columns"
            );
            app.click("#roster-cancel").await?;
            app.wait_gone("#roster-dialog").await?;
            app.wait_text("#review-roster", "workday_workers.csv")
                .await?;
            Ok(())
        })
    })
    .await
}
