//! Importing people (R46–R51) in the real window: Google Workspace's users into a new
//! organization (preview, apply, the source's columns on Members), the same file again
//! (no changes), a later file (exactly its joins, changes and the person who left) and
//! a file with bad rows (line and column, Apply blocked until they are skipped).

use crate::flows::{register, row, switch_to};
use anyhow::{Result, ensure};
use rolecall_e2e::{App, with_app};
use std::path::PathBuf;

/// A file of the readers' fixtures (`src-tauri/crates/import/tests/fixtures/<path>`).
fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../import/tests/fixtures")
        .join(path)
}

/// The row of `email` in the preview's table `table` (`import-joins`, …).
fn preview_row(table: &str, email: &str) -> String {
    format!("#{table} tr[data-email='{email}']")
}

/// Chooses `file` on the open Import page and waits for its preview's title to
/// contain `title`.
async fn choose(app: &App, file: &str, title: &str) -> Result<String> {
    app.pick_for_import(&fixture(file))?;
    app.click("#import-choose").await?;
    app.wait_text("#import-title", title).await
}

/// Scrolls the preview's people and problems into view (for a screenshot).
async fn show_people(app: &App) -> Result<()> {
    app.js(
        "document.querySelector('.imp-people').scrollIntoView({ block: 'start' });",
        vec![],
    )
    .await?;
    Ok(())
}

/// Waits until the Apply button can be pressed.
async fn wait_apply_enabled(app: &App) -> Result<()> {
    app.wait_until("document.querySelector('#import-apply') && !document.querySelector('#import-apply').disabled")
        .await
}

/// Registers Ann and imports Google Workspace's users into the new organization
/// "Example Inc", ending on its members.
async fn google_into_new_org(app: &App) -> Result<()> {
    register(app, "Ann", "Lee", "ann@example.com").await?;
    app.wait_text("#switcher-name", "Lee Company").await?;
    app.click("#nav-import").await?;
    app.wait_text("#route-path", "/o/lee-company/import")
        .await?;
    app.click("#import-into-new").await?;
    app.fill("#import-new-name", "Example Inc").await?;
    choose(app, "google/users.csv", "8 join").await?;
    wait_apply_enabled(app).await?;
    app.click("#import-apply").await?;
    app.wait_text("#confirm-title", "Apply 8 joins?").await?;
    app.click("#confirm-yes").await?;
    app.wait_text("#switcher-name", "Example Inc").await?;
    app.wait_text("#route-path", "/members").await?;
    app.wait(&row("eve.martin@example.com")).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn r46_r47_import_google_into_new_org_preview_apply() -> Result<()> {
    let app = App::launch().await?;
    with_app("import-google", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            app.wait_text("#switcher-name", "Lee Company").await?;
            app.click("#nav-import").await?;
            app.wait_text("#route-path", "/o/lee-company/import")
                .await?;
            app.wait_text("#import-org-name", "Lee Company").await?;
            app.click("#import-into-new").await?;
            // A new organization needs its name before the file.
            app.click("#import-choose").await?;
            app.wait_text("#import-new-name-error", "required").await?;
            app.fill("#import-new-name", "Example Inc").await?;

            // The dry run: the source detected, every person of the file joins.
            let title = choose(app, "google/users.csv", "8 join").await?;
            ensure!(title == "8 join", "preview title {title:?}");
            app.wait_text("#import-source-line", "Detected: Google Workspace")
                .await?;
            app.wait_text("#import-file", "users.csv").await?;
            let eve = app
                .text(&preview_row("import-joins", "eve.martin@example.com"))
                .await?;
            ensure!(eve.contains("Eve Martin"), "Eve's join row: {eve}");
            let carla = app
                .text(&preview_row("import-joins", "carla.diaz@example.com"))
                .await?;
            ensure!(
                carla.contains("Deactivated"),
                "a suspended user joins deactivated: {carla}"
            );
            ensure!(
                app.count("#import-joins tbody tr").await? == 8,
                "eight join rows"
            );
            wait_apply_enabled(app).await?;
            app.settled_screenshot("import-preview").await?;
            show_people(app).await?;
            app.settled_screenshot("import-preview-joins").await?;
            // Nothing is written by the preview.
            ensure!(
                app.count("#import-error").await? == 0,
                "no error on a good file"
            );

            // Apply: asked first, then the new organization's members.
            app.click("#import-apply").await?;
            app.wait_text("#confirm-title", "Apply 8 joins?").await?;
            app.click("#confirm-yes").await?;
            app.wait_text("#switcher-name", "Example Inc").await?;
            app.wait_text("#route-path", "/members").await?;
            let eve_row = row("eve.martin@example.com");
            app.wait(&eve_row).await?;
            app.wait("#col-department").await?;
            app.wait_text(&format!("{eve_row} .cell-source"), "Google Workspace")
                .await?;
            app.wait_text(
                &format!("{eve_row} .cell-title"),
                "Site Reliability Engineer",
            )
            .await?;
            app.wait_text(&format!("{eve_row} .cell-two-factor"), "Yes")
                .await?;
            let bob_row = row("bob.stone@example.com");
            app.wait_text(&format!("{bob_row} .cell-department"), "Sales")
                .await?;
            app.wait_text(&format!("{bob_row} .cell-two-factor"), "No")
                .await?;
            let dev_row = row("dev.patel@example.com");
            app.wait_text(
                &format!("{dev_row} .cell-source-sign-in"),
                "Never signed in",
            )
            .await?;
            // Ann, who imported, has no source: dashes.
            app.wait_text(&format!("{} .cell-source", row("ann@example.com")), "—")
                .await?;
            // Ann and the seven active people; Carla, suspended at the source, joined
            // deactivated.
            app.wait_text("#members-count", "8 members").await?;
            app.settled_screenshot("import-members-source").await?;
            // The source's columns make the rows wider than the table: they scroll
            // sideways and the header follows them.
            app.js(
                "document.querySelector('#members-body').scrollLeft = 100000;",
                vec![],
            )
            .await?;
            app.wait_until("document.querySelector('.members-table .table-head').style.transform !== ''")
                .await?;
            let offset = app
                .js(
                    "const head = document.querySelector('#col-title').getBoundingClientRect().left;
                     const cell = document.querySelector(arguments[0] + ' .cell-title').getBoundingClientRect().left;
                     return Math.abs(head - cell);",
                    vec![eve_row.clone().into()],
                )
                .await?;
            ensure!(
                offset.as_f64().is_some_and(|d| d < 2.0),
                "the Title header stays above its column when scrolled: {offset} px apart"
            );
            app.settled_screenshot("import-members-source-scrolled").await?;

            // The drawer shows everything the source said.
            app.click(&format!("{eve_row} .member-open")).await?;
            app.wait_text("#drawer-source h3", "From Google Workspace")
                .await?;
            app.wait_text("#drawer-source-title", "Site Reliability Engineer")
                .await?;
            app.wait_text("#drawer-source-employee-id", "E-1005")
                .await?;
            app.wait_text("#drawer-source-manager", "zoe.muller@example.com")
                .await?;
            app.settled_screenshot("import-member-drawer").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn r47_reimport_same_file_shows_no_changes() -> Result<()> {
    let app = App::launch().await?;
    with_app("import-again", app, |app| {
        Box::pin(async move {
            google_into_new_org(app).await?;
            app.click("#nav-import").await?;
            app.wait_text("#import-org-name", "Example Inc").await?;
            choose(app, "google/users.csv", "No changes").await?;
            app.wait_text(
                "#import-no-changes",
                "Nothing to apply: the file matches the organization",
            )
            .await?;
            ensure!(
                app.is_disabled("#import-apply").await?,
                "Apply is disabled when nothing would change"
            );
            app.wait_text("#import-count-unchanged", "8").await?;
            app.wait("#import-joins-empty").await?;
            app.settled_screenshot("import-no-changes").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn r47_later_file_shows_exactly_its_changes() -> Result<()> {
    let app = App::launch().await?;
    with_app("import-later", app, |app| {
        Box::pin(async move {
            google_into_new_org(app).await?;
            app.click("#nav-import").await?;
            app.wait_text("#import-org-name", "Example Inc").await?;
            let title = choose(app, "google/users-later.csv", "2 join · 3 change").await?;
            ensure!(
                title == "2 join · 3 change · 1 not in the file (kept)",
                "title with Gina kept: {title:?}"
            );
            // Who joins.
            for email in ["hana.kim@example.com", "ivan.petrov@example.com"] {
                app.wait(&preview_row("import-joins", email)).await?;
            }
            ensure!(app.count("#import-joins tbody tr").await? == 2, "two join");
            // Who changes, field by field.
            app.click("#import-tab-changes").await?;
            for email in [
                "bob.stone@example.com",
                "carla.diaz@example.com",
                "dev.patel@example.com",
            ] {
                app.wait(&preview_row("import-changes", email)).await?;
            }
            ensure!(
                app.count("#import-changes tbody tr").await? == 3,
                "three change"
            );
            let bob = app
                .text(&preview_row("import-changes", "bob.stone@example.com"))
                .await?;
            ensure!(
                bob.contains("Account Executive") && bob.contains("Senior Account Executive"),
                "Bob's title before and after: {bob}"
            );
            show_people(app).await?;
            app.settled_screenshot("import-later-changes").await?;
            // Gina left: deactivated with this import.
            app.click("#import-absent-deactivate").await?;
            app.wait_text("#import-title", "2 join · 3 change · 1 leave")
                .await?;
            app.click("#import-tab-absent").await?;
            let gina = app
                .text(&preview_row("import-absent-list", "gina.rossi@example.com"))
                .await?;
            ensure!(gina.contains("Deactivated"), "Gina's row: {gina}");
            ensure!(
                app.count("#import-absent-list tbody tr").await? == 1,
                "only Gina is not in the file"
            );
            show_people(app).await?;
            app.settled_screenshot("import-later-absent").await?;
            wait_apply_enabled(app).await?;
            app.click("#import-apply").await?;
            app.wait_text(
                "#confirm-title",
                "Apply 2 joins, 3 changes and 1 deactivation?",
            )
            .await?;
            app.click("#confirm-yes").await?;
            app.wait_text("#route-path", "/members").await?;
            app.wait(&row("hana.kim@example.com")).await?;
            app.wait_gone(&row("gina.rossi@example.com")).await?;
            app.wait_text(
                &format!("{} .cell-title", row("bob.stone@example.com")),
                "Senior Account Executive",
            )
            .await?;
            app.click("#tab-deactivated").await?;
            app.wait(&row("gina.rossi@example.com")).await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn r51_bad_file_shows_line_and_column() -> Result<()> {
    let app = App::launch().await?;
    with_app("import-problems", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            // Create organization offers the import, set up for a new organization.
            switch_to(app, "#switch-create").await?;
            app.click("#create-org-import").await?;
            app.wait_text("#route-path", "/import").await?;
            app.wait_until("document.querySelector('#import-into-new').checked")
                .await?;
            app.fill("#import-new-name", "Problems Inc").await?;
            choose(app, "google/users-problems.csv", "with problems").await?;
            app.wait_text("#import-blocked", "problems").await?;
            ensure!(
                app.is_disabled("#import-apply").await?,
                "Apply is blocked while rows with problems are not skipped"
            );
            app.click("#import-tab-problems").await?;
            app.wait("#import-problems").await?;
            let rows = app.count("#import-problems tbody tr").await?;
            ensure!(rows >= 5, "at least five problems, found {rows}");
            // The same person twice: the second line, the e-mail column, both lines named.
            let twice = app
                .js(
                    "const r = [...document.querySelectorAll('#import-problems tbody tr')]
                        .find(r => r.textContent.includes('same person'));
                     return r ? [r.querySelector('.imp-line').textContent.trim(),
                                 r.querySelector('.imp-column').textContent.trim(),
                                 r.querySelector('.imp-message').textContent.trim()] : null;",
                    vec![],
                )
                .await?;
            ensure!(
                twice[0] == "7" && twice[1] == "Email Address [Required]",
                "the same person twice at line 7, e-mail column: {twice}"
            );
            ensure!(
                twice[2].as_str().is_some_and(|m| m.contains("line 2")),
                "the message names the first line: {twice}"
            );
            // Every problem has its line.
            let lines = app
                .js(
                    "return [...document.querySelectorAll('#import-problems tbody tr .imp-line')]
                        .every(c => /^\\d+$/.test(c.textContent.trim()));",
                    vec![],
                )
                .await?;
            ensure!(lines == true, "every problem names its line");
            show_people(app).await?;
            app.settled_screenshot("import-problems").await?;

            // Skipping the rows lets the rest be applied.
            app.click("#import-skip").await?;
            app.wait_text("#import-title", "skipped").await?;
            app.wait_gone("#import-blocked").await?;
            wait_apply_enabled(app).await?;
            Ok(())
        })
    })
    .await
}
