//! The audit log in the real window (R42–R43): changes appear newest first, filters by
//! action, actor and date range, an entry's details show before → after, and the
//! filtered entries export as CSV and JSON with exactly the rows the table shows. A
//! Member has no audit log.

use crate::flows::{invite, join_as_member, log_out, register, set_theme, sign_in, switch_to};
use anyhow::{Context, Result, bail, ensure};
use rolecall_e2e::{App, with_app};
use std::path::PathBuf;

/// Every row shown has `attribute` equal to `value` (and there is at least one row).
fn all_rows(attribute: &str, value: &str) -> String {
    format!(
        "(() => {{ const r = [...document.querySelectorAll('.au-row')]; \
         return r.length > 0 && r.every(e => e.getAttribute('{attribute}') === '{value}'); }})()"
    )
}

/// Sets a date input the way a picker does (value, then a change event).
async fn set_date(app: &App, css: &str, date: &str) -> Result<()> {
    app.js(
        "const e = document.querySelector(arguments[0]); e.value = arguments[1];
         e.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![css.into(), date.into()],
    )
    .await?;
    Ok(())
}

/// A local date `days` from today as `YYYY-MM-DD`.
async fn local_date(app: &App, days: i64) -> Result<String> {
    let v = app
        .js(
            "const d = new Date(); d.setDate(d.getDate() + arguments[0]);
             return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');",
            vec![days.into()],
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

/// The one exported file with this extension.
fn exported(app: &App, extension: &str) -> Result<PathBuf> {
    let dir = app.export_dir();
    let found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == extension))
        .collect();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        other => bail!("expected one .{extension} export, found {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn r43_audit_log_filters_details_and_exports_the_filtered_entries() -> Result<()> {
    let app = App::launch().await?;
    with_app("audit", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            // Bob joins (his acceptance is his own entry), then Ann invites Cy and
            // changes the plan.
            join_as_member(app, "Bob", "Ray", "bob@example.com").await?;
            log_out(app).await?;
            sign_in(app, "ann@example.com").await?;
            switch_to(app, "#switch-lee-company").await?;
            invite(app, "Cy", "Moss", "cy@example.com").await?;
            app.click("#nav-billing").await?;
            app.click("#plan-option-team").await?;
            app.click("#plan-submit").await?;
            app.wait_text("#billing-plan", "Team").await?;

            // Newest first: the plan change leads.
            app.click("#nav-audit").await?;
            app.wait_text("#route-path", "/o/lee-company/audit-log")
                .await?;
            app.wait(".au-row").await?;
            app.wait_text(".au-row", "Billing plan changed").await?;
            let all = app.count(".au-row").await?;
            ensure!(all >= 4, "several entries are listed, got {all}");
            ensure!(
                app.count("#audit-load-more").await? == 0,
                "everything fits in one page"
            );
            app.settled_screenshot("audit-log").await?;

            // Filter by action; the details show before → after.
            ensure!(
                app.text("#audit-filter-action option[value='billing.plan_changed']")
                    .await?
                    == "Billing plan changed",
                "actions are offered in words"
            );
            app.js(
                "const s = document.querySelector('#audit-filter-action'); \
                 s.value = 'billing.plan_changed'; \
                 s.dispatchEvent(new Event('change', { bubbles: true }))",
                vec![],
            )
            .await?;
            app.wait_until("document.querySelectorAll('.au-row').length === 1")
                .await?;
            app.wait_until(&all_rows("data-action", "billing.plan_changed"))
                .await?;
            ensure!(app.count(".au-row").await? == 1, "one plan change");
            app.wait_text("#audit-count", "1 entry matches the filters")
                .await?;
            app.click(".au-row .au-details").await?;
            app.wait("#audit-drawer").await?;
            app.wait_text("#audit-changes .au-change", "Plan").await?;
            app.wait_text("#audit-changes .au-before", "free").await?;
            app.wait_text("#audit-changes .au-after", "team").await?;
            app.wait_text("#audit-raw", "\"before\"").await?;
            app.wait_text("#audit-drawer-actor", "Ann Lee").await?;
            app.settled_screenshot("audit-log-details").await?;
            app.press("\u{E00C}").await?;
            app.wait_gone("#audit-drawer").await?;

            // Export the filtered entries as JSON: the same rows, parseable.
            app.click("#audit-export-json").await?;
            app.wait("#audit-export-result").await?;
            app.wait_text("#audit-export-rows", "1 entry").await?;
            let path = exported(app, "json")?;
            ensure!(
                app.text("#audit-export-path").await? == path.display().to_string(),
                "the saved path is shown"
            );
            let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path)?)
                .context("the JSON export parses")?;
            let entries = doc["entries"].as_array().context("entries array")?;
            ensure!(entries.len() == 1, "JSON has {} entries", entries.len());
            ensure!(
                entries[0]["action"] == "billing.plan_changed",
                "JSON entry: {}",
                entries[0]
            );
            ensure!(
                doc["filters"]["action"] == "billing.plan_changed",
                "the filters are recorded: {}",
                doc["filters"]
            );

            // Filter by actor: only Bob's entries; export them as CSV.
            app.click("#audit-clear").await?;
            app.wait_until(&format!(
                "document.querySelectorAll('.au-row').length === {all}"
            ))
            .await?;
            app.select("#audit-filter-actor", "Bob Ray").await?;
            app.wait_until(
                "(() => { const r = [...document.querySelectorAll('.au-row .au-actor')]; \
                 return r.length > 0 && r.every(e => e.textContent === 'Bob Ray'); })()",
            )
            .await?;
            let bobs = app.count(".au-row").await?;
            ensure!(bobs < all, "the actor filter narrows the list");
            app.click("#audit-export-csv").await?;
            app.wait_text("#audit-export-rows", &format!("{bobs} "))
                .await?;
            app.settled_screenshot("audit-log-export").await?;
            let csv = std::fs::read_to_string(exported(app, "csv")?)?;
            let mut lines = csv.lines();
            ensure!(
                lines.next() == Some("Id,Time (UTC),Actor,Action,Target type,Target,Details"),
                "CSV header: {csv}"
            );
            let rows: Vec<&str> = lines.collect();
            ensure!(
                rows.len() == bobs,
                "CSV has {} rows, the table {bobs}",
                rows.len()
            );
            ensure!(
                rows.iter().all(|r| r.contains(",Bob Ray,")),
                "every CSV row is Bob's: {csv}"
            );

            // Date range: tomorrow onwards is empty; an end before the start is refused.
            app.click("#audit-clear").await?;
            set_date(app, "#audit-filter-from", &local_date(app, 1).await?).await?;
            app.wait_text("#audit-empty", "No entries match these filters")
                .await?;
            app.settled_screenshot("audit-log-empty").await?;
            set_date(app, "#audit-filter-to", &local_date(app, -1).await?).await?;
            app.wait_text("#audit-date-error", "end date is before the start date")
                .await?;
            set_date(app, "#audit-filter-from", &local_date(app, 0).await?).await?;
            set_date(app, "#audit-filter-to", &local_date(app, 0).await?).await?;
            app.wait_until(&format!(
                "document.querySelectorAll('.au-row').length === {all}"
            ))
            .await?;
            ensure!(
                app.text("#audit-date-error").await?.is_empty(),
                "today to today is a good range"
            );
            app.click("#audit-empty-clear, #audit-clear").await?;

            set_theme(app, "Dark", "#nav-audit").await?;
            app.wait(".au-row").await?;
            app.click(".au-row").await?;
            app.wait("#audit-drawer").await?;
            app.settled_screenshot("audit-log-details-dark").await?;
            app.click("#audit-drawer-close").await?;
            app.wait_gone("#audit-drawer").await?;
            app.settled_screenshot("audit-log-dark").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn r43_member_without_audit_permission_sees_no_audit_log() -> Result<()> {
    let app = App::launch().await?;
    with_app("audit-member", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            join_as_member(app, "Bob", "Ray", "bob@example.com").await?;
            app.wait("#nav-members").await?;
            ensure!(
                app.count("#nav-audit").await? == 0,
                "a Member has no Audit log menu item"
            );
            ensure!(app.count("#nav-export").await? == 0, "nor data export");
            Ok(())
        })
    })
    .await
}
