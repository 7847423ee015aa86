//! Access review campaigns in the real window: Google Workspace's users imported (dormant
//! people, an Admin without two-factor), a campaign started, decisions taken from the
//! keyboard on filtered rows and for "all matching" at once (R53), sign-off refused
//! while people are undecided, then signed off, read-only and applied through the rules
//! (R54), and the evidence exported as CSV and as a report (R57). Also the empty list,
//! the start dialog's refusal and discarding a campaign.

use crate::flows::{register, row, set_theme};
use anyhow::{Context, Result, bail, ensure};
use rolecall_e2e::{App, with_app};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A file of the readers' fixtures (`src-tauri/crates/import/tests/fixtures/<path>`).
pub(crate) fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../import/tests/fixtures")
        .join(path)
}

/// The campaign table's row of `email`.
pub(crate) fn person(email: &str) -> String {
    format!("#campaign-table tr.cp-row[data-email='{email}']")
}

/// Everyone of Example Inc after the import: Ann (the Owner, who imported) and the
/// file's eight people.
const PEOPLE: [&str; 9] = [
    "ann@example.com",
    "ann.lee@example.com",
    "bob.stone@example.com",
    "carla.diaz@example.com",
    "dev.patel@example.com",
    "eve.martin@example.com",
    "frank.oneil@example.com",
    "gina.rossi@example.com",
    "zoe.muller@example.com",
];

const STATEMENT: &str = "I reviewed the access of everyone in Example Inc for the fourth quarter.";

/// Waits until one of the toasts on screen says `text` (an earlier one may still show).
pub(crate) async fn toast(app: &App, text: &str) -> Result<()> {
    let condition = format!(
        "[...document.querySelectorAll('.toast')].some(t => t.textContent.includes({}))",
        serde_json::Value::from(text)
    );
    app.wait_until(&condition).await
}

/// Registers Ann, imports Google Workspace's users into the new organization "Example
/// Inc" and makes Bob (no two-step verification at the source) an Admin.
async fn example_inc(app: &App) -> Result<()> {
    register(app, "Ann", "Lee", "ann@example.com").await?;
    app.wait_text("#switcher-name", "Lee Company").await?;
    import_example_inc(app).await
}

/// Ann (signed in) imports Google Workspace's users into the new organization "Example
/// Inc", which the window switches to, and makes Bob an Admin.
pub(crate) async fn import_example_inc(app: &App) -> Result<()> {
    app.click("#nav-import").await?;
    app.click("#import-into-new").await?;
    app.fill("#import-new-name", "Example Inc").await?;
    app.pick_for_import(&fixture("google/users.csv"))?;
    app.click("#import-choose").await?;
    app.wait_text("#import-title", "8 join").await?;
    app.wait_until("document.querySelector('#import-apply') && !document.querySelector('#import-apply').disabled")
        .await?;
    app.click("#import-apply").await?;
    app.click("#confirm-yes").await?;
    app.wait_text("#switcher-name", "Example Inc").await?;
    let bob = row("bob.stone@example.com");
    app.select(&format!("{bob} .role-select"), "Admin").await?;
    toast(app, "is now Admin").await?;
    Ok(())
}

/// Decides Keep, with the comment "Access confirmed", for all `count` people still
/// undecided (the filter hides `decided`, someone decided), the whole selection at
/// once, until the campaign says all `total` are reviewed.
pub(crate) async fn keep_the_undecided(
    app: &App,
    decided: &str,
    count: usize,
    total: usize,
) -> Result<()> {
    app.select("#campaign-filter-decided", "Undecided").await?;
    app.wait_gone(decided).await?;
    app.wait_text(
        "#campaign-select-all",
        &format!("Select all {count} matching"),
    )
    .await?;
    app.click("#campaign-select-all").await?;
    app.wait_text("#campaign-selected", &format!("{count} selected"))
        .await?;
    app.fill("#campaign-comment", "Access confirmed").await?;
    app.click("#decide-keep").await?;
    toast(app, &format!("Keep: {count} people.")).await?;
    app.wait("#campaign-rows-empty").await?;
    app.wait_text(
        "#campaign-progress",
        &format!("{total} of {total} reviewed"),
    )
    .await?;
    Ok(())
}

/// Opens Review → Campaigns.
pub(crate) async fn campaigns_tab(app: &App) -> Result<()> {
    app.click("#nav-review").await?;
    app.click("#review-tab-campaigns").await?;
    app.wait(".cp-list-card").await?;
    Ok(())
}

/// Scrolls the element `css` to the top of the window (for a screenshot).
pub(crate) async fn show(app: &App, css: &str) -> Result<()> {
    app.js(
        "document.querySelector(arguments[0]).scrollIntoView({ block: 'start' });",
        vec![css.into()],
    )
    .await?;
    Ok(())
}

/// The one file in the export folder whose name ends with `extension`.
pub(crate) fn exported(dir: &Path, extension: &str) -> Result<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("read {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().and_then(|e| e.to_str()) == Some(extension) {
            found.push(path);
        }
    }
    match found.as_slice() {
        [one] => Ok(one.clone()),
        _ => bail!(
            "expected one .{extension} file in {}, found {found:?}",
            dir.display()
        ),
    }
}

/// Exports the campaign on screen as CSV evidence and reads the file's rows (the
/// header first).
pub(crate) async fn evidence_csv(app: &App) -> Result<Vec<Vec<String>>> {
    app.click("#evidence-csv").await?;
    toast(app, "Evidence saved to").await?;
    let csv = exported(&app.export_dir(), "csv")?;
    parse_csv(&std::fs::read_to_string(&csv)?)
}

/// The index of the column headed `name` in CSV `rows` (the header first).
pub(crate) fn column(rows: &[Vec<String>], name: &str) -> Result<usize> {
    let header = rows.first().context("the CSV has a header")?;
    header
        .iter()
        .position(|h| h == name)
        .with_context(|| format!("no column {name:?} in {header:?}"))
}

/// Reads CSV as RFC 4180 writes it: quoted fields with doubled quotes and line breaks.
pub(crate) fn parse_csv(text: &str) -> Result<Vec<Vec<String>>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    ensure!(!quoted, "the CSV ends inside a quoted field");
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

#[tokio::test(flavor = "multi_thread")]
async fn r53_r54_r57_campaign_decided_by_keyboard_signed_off_applied_and_exported() -> Result<()> {
    let app = App::launch().await?;
    with_app("campaign-flow", app, |app| {
        Box::pin(async move {
            example_inc(app).await?;
            campaigns_tab(app).await?;
            app.wait_text("#campaigns-empty", "A campaign freezes who has access")
                .await?;

            // R53: the population frozen as of now; the name made by the core.
            app.click("#campaign-start").await?;
            app.wait("#start-campaign-dialog").await?;
            let placeholder = app.attribute("#campaign-name", "placeholder").await?;
            ensure!(
                placeholder.starts_with("Access review — Example Inc, "),
                "the made name is the placeholder: {placeholder:?}"
            );
            ensure!(
                app.js(
                    "return [...document.querySelectorAll('#campaign-orgs .cp-org')]
                        .filter(l => l.querySelector('input').checked).map(l => l.textContent.trim())",
                    vec![],
                )
                .await?
                    == serde_json::json!(["Example Inc"]),
                "only the current organization is checked"
            );
            app.click("#campaign-start-submit").await?;
            toast(app, "Review started: 9 people to decide on.").await?;
            app.wait_gone("#start-campaign-dialog").await?;
            app.wait_text("#campaign-name", "Access review — Example Inc, ")
                .await?;
            app.wait_text("#campaign-state", "In progress").await?;
            app.wait_text("#campaign-progress", "0 of 9 reviewed").await?;
            app.wait(&person("gina.rossi@example.com")).await?;
            ensure!(app.count("#campaign-table tr.cp-row").await? == 9, "nine people");

            // Dormant people: select two from the keyboard and keep them.
            app.select("#campaign-filter-finding", "Dormant").await?;
            app.wait_gone(&person("dev.patel@example.com")).await?;
            ensure!(
                app.count("#campaign-table tr.cp-row").await? == 6,
                "six dormant people"
            );
            app.click(&format!("{} .cp-person", person("eve.martin@example.com")))
                .await?;
            app.wait(&format!("{}.cp-focused", person("eve.martin@example.com")))
                .await?;
            app.press(" ").await?;
            app.press("\u{E015}").await?; // Arrow down
            app.wait(&format!("{}.cp-focused", person("frank.oneil@example.com")))
                .await?;
            app.press(" ").await?;
            app.wait_text("#campaign-selected", "2 selected").await?;
            app.press("k").await?;
            toast(app, "Keep: 2 people.").await?;
            for email in ["eve.martin@example.com", "frank.oneil@example.com"] {
                app.wait(&format!("{}[data-decision='keep']", person(email)))
                    .await?;
            }
            app.wait_text("#campaign-selected", "Nothing selected").await?;

            // Another selection: deactivate Gina.
            app.press("\u{E015}").await?;
            app.wait(&format!("{}.cp-focused", person("gina.rossi@example.com")))
                .await?;
            app.press(" ").await?;
            app.wait_text("#campaign-selected", "1 selected").await?;
            app.press("d").await?;
            toast(app, "Deactivate: 1 person.").await?;
            app.wait(&format!(
                "{}[data-decision='deactivate']",
                person("gina.rossi@example.com")
            ))
            .await?;

            // The Admin without two-factor: C on the focused row asks for the role.
            app.select("#campaign-filter-finding", "Privileged without two-factor")
                .await?;
            app.wait_gone(&person("eve.martin@example.com")).await?;
            let bob = person("bob.stone@example.com");
            app.click(&format!("{bob} .cp-person")).await?;
            app.press("c").await?;
            app.wait_text("#role-decision-title", "Change the role of 1 person")
                .await?;
            ensure!(
                app.count("#role-decision-role option[value]:not([value=''])").await? >= 2,
                "the organization's roles are offered"
            );
            app.click("#role-decision-submit").await?;
            app.wait_text("#role-decision-role-error", "Choose the role")
                .await?;
            app.select("#role-decision-role", "Member").await?;
            app.fill("#role-decision-comment", "Admin rights not needed")
                .await?;
            app.click("#role-decision-submit").await?;
            toast(app, "Change role: 1 person.").await?;
            app.wait_gone("#role-decision-dialog").await?;
            app.wait_text(&bob, "Change role → Member").await?;
            app.wait_text(&bob, "Admin rights not needed").await?;
            app.wait_text("#campaign-progress", "4 of 9 reviewed").await?;

            // R54: no sign-off while people are undecided; the button says how many.
            ensure!(
                app.is_disabled("#campaign-sign-off").await?,
                "sign-off waits for every decision"
            );
            let title = app.attribute("#campaign-sign-off", "title").await?;
            ensure!(
                title == "5 people still have no decision",
                "sign-off's tooltip: {title:?}"
            );
            app.wait_text("#campaign-remaining", "5 people still have no decision")
                .await?;

            // The rest at once: every undecided person, kept with a comment.
            app.select("#campaign-filter-finding", "All findings").await?;
            keep_the_undecided(app, &bob, 5, 9).await?;
            app.select("#campaign-filter-decided", "Decided or not")
                .await?;
            app.wait(&person("ann@example.com")).await?;
            app.wait_text(&person("dev.patel@example.com"), "Access confirmed")
                .await?;
            app.wait_text("#campaign-counts [data-decision='keep']", "7")
                .await?;
            show(app, ".cp-table-card").await?;
            app.settled_screenshot("campaign-table").await?;

            // Sign-off: the signed-in reviewer, the statement, read-only afterwards.
            app.wait_until("!document.querySelector('#campaign-sign-off').disabled")
                .await?;
            app.click("#campaign-sign-off").await?;
            app.wait("#sign-off-dialog").await?;
            ensure!(
                app.value("#sign-off-reviewer").await? == "Ann Lee",
                "the reviewer is the signed-in account"
            );
            app.wait_text("#sign-off-warning", "read-only").await?;
            app.fill("#sign-off-statement", "  ").await?;
            app.click("#sign-off-submit").await?;
            app.wait_text("#sign-off-statement-error", "Write the statement")
                .await?;
            app.fill("#sign-off-statement", STATEMENT).await?;
            app.settled_screenshot("campaign-sign-off").await?;
            app.click("#sign-off-submit").await?;
            toast(app, "Campaign signed off").await?;
            app.wait_gone("#sign-off-dialog").await?;
            app.wait_text("#campaign-state", "Signed off").await?;
            app.wait_text("#campaign-statement", STATEMENT).await?;
            app.wait_text("#campaign-hint", "read-only").await?;
            ensure!(
                app.count(".cp-select").await? == 0 && app.count("#campaign-bulk").await? == 0,
                "no selection once signed off"
            );
            ensure!(
                app.count("#campaign-sign-off").await? == 0
                    && app.count("#campaign-discard").await? == 0,
                "neither sign-off nor discard once signed off"
            );
            // Keys decide nothing any more.
            app.click(&format!("{} .cp-person", person("gina.rossi@example.com")))
                .await?;
            app.press("k").await?;
            app.wait(&format!(
                "{}[data-decision='deactivate']",
                person("gina.rossi@example.com")
            ))
            .await?;

            // Apply: asked first, naming what changes; the report after.
            app.click("#campaign-apply").await?;
            app.wait_text("#confirm-message", "Change 1 role and deactivate 1.")
                .await?;
            app.click("#confirm-yes").await?;
            app.wait_text(
                "#apply-report-counts",
                "2 changes made · 7 people unchanged · 0 refused",
            )
            .await?;
            app.wait_text("#campaign-state", "Applied").await?;
            app.wait_text("#campaign-applied-counts", "Applied 2 · refused 0")
                .await?;
            app.wait(&format!(
                "{} .cp-outcome[data-outcome='applied']",
                person("gina.rossi@example.com")
            ))
            .await?;
            app.wait(&format!("{bob} .cp-outcome[data-outcome='applied']"))
                .await?;
            show(app, ".cp-page").await?;
            app.settled_screenshot("campaign-applied").await?;

            // R57: the evidence as CSV, one row per person with the decisions.
            let rows = evidence_csv(app).await?;
            let col = |name: &str| column(&rows, name);
            let (email, decision, new_role, outcome, signer) = (
                col("E-mail")?,
                col("Decision")?,
                col("New role")?,
                col("Outcome")?,
                col("Signed off by")?,
            );
            let people = &rows[1..];
            let emails: BTreeSet<&str> = people.iter().map(|r| r[email].as_str()).collect();
            ensure!(
                people.len() == PEOPLE.len() && emails == PEOPLE.into_iter().collect(),
                "one row per person: {emails:?}"
            );
            let of = |who: &str| people.iter().find(|r| r[email] == who);
            let gina = of("gina.rossi@example.com").context("Gina's row")?;
            ensure!(
                gina[decision] == "Deactivate" && gina[outcome] == "Applied",
                "Gina's row: {gina:?}"
            );
            let bob_row = of("bob.stone@example.com").context("Bob's row")?;
            ensure!(
                bob_row[decision] == "Change role" && bob_row[new_role] == "Member",
                "Bob's row: {bob_row:?}"
            );
            ensure!(
                people.iter().all(|r| !r[decision].is_empty() && r[signer] == "Ann Lee"),
                "every person decided and signed off by Ann"
            );

            // The printable report: every person and the sign-off statement.
            app.click("#evidence-html").await?;
            // The toast of the CSV may still show: wait for the file itself.
            let html_path = {
                let deadline = std::time::Instant::now() + rolecall_e2e::WAIT;
                loop {
                    if let Ok(path) = exported(&app.export_dir(), "html") {
                        break path;
                    }
                    ensure!(std::time::Instant::now() < deadline, "no report was saved");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
            };
            let html = std::fs::read_to_string(&html_path)?;
            for email in PEOPLE {
                ensure!(html.contains(email), "the report names {email}");
            }
            ensure!(html.contains(STATEMENT), "the report holds the statement");

            // The list: applied, everyone reviewed.
            app.click("#campaign-back").await?;
            let line = "#campaign-list .cp-line";
            app.wait_text(line, "Applied").await?;
            app.wait_text(line, "9 of 9 reviewed").await?;
            app.settled_screenshot("campaigns-list").await?;

            // The decisions were applied through the rules: Gina is deactivated.
            app.click("#nav-members").await?;
            app.wait(&row("eve.martin@example.com")).await?;
            app.wait_gone(&row("gina.rossi@example.com")).await?;

            // The applied campaign in the dark theme.
            set_theme(app, "Dark", "#nav-review").await?;
            app.click("#review-tab-campaigns").await?;
            app.click("#campaign-list .cp-open").await?;
            app.wait_text("#campaign-state", "Applied").await?;
            app.wait(&format!("{bob} .cp-outcome")).await?;
            app.settled_screenshot("campaign-applied-dark").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn r53_start_needs_an_organization_and_an_open_campaign_can_be_discarded() -> Result<()> {
    let app = App::launch().await?;
    with_app("campaign-discard", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            campaigns_tab(app).await?;
            app.wait_text("#campaigns-empty", "No access review yet.")
                .await?;
            app.settled_screenshot("campaigns-empty").await?;
            app.click("#campaigns-empty-start").await?;
            let checkbox = "#campaign-orgs .cp-org input";
            app.wait_until(&format!("document.querySelector('{checkbox}').checked"))
                .await?;
            app.settled_screenshot("campaign-start-dialog").await?;
            app.click(checkbox).await?;
            app.wait_until(&format!("!document.querySelector('{checkbox}').checked"))
                .await?;
            app.click("#campaign-start-submit").await?;
            app.wait_text("#campaign-orgs-error", "Choose at least one organization")
                .await?;
            app.click(checkbox).await?;
            app.wait_until(&format!("document.querySelector('{checkbox}').checked"))
                .await?;
            app.fill("#campaign-name", "Quarterly check").await?;
            app.click("#campaign-start-submit").await?;
            app.wait_text("#campaign-name", "Quarterly check").await?;
            app.wait_text("#campaign-progress", "0 of 1 reviewed")
                .await?;

            app.click("#campaign-discard").await?;
            app.wait_text("#confirm-title", "Discard Quarterly check?")
                .await?;
            app.click("#confirm-yes").await?;
            toast(app, "was discarded").await?;
            app.wait("#campaigns-empty").await?;
            Ok(())
        })
    })
    .await
}
