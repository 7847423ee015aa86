//! Importing people (R46–R51) in the real window: Google Workspace's users into a new
//! organization (preview, apply, the source's columns on Members), the same file again
//! (no changes), a later file (exactly its joins, changes and the person who left), a
//! file with bad rows (line and column, Apply blocked until they are skipped), any other
//! CSV mapped by hand (and the mapping remembered), a large import cancelled (nothing
//! written), files refused outright, and the switcher's way to the Import page.

use crate::flows::{register, row, switch_to};
use anyhow::{Context, Result, ensure};
use rolecall_e2e::{App, with_app};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

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

/// Chooses the option `column` for the field `field` in the mapping step and waits for
/// the preview that answers it (it draws the step anew, with that column chosen).
async fn map_column(app: &App, field: &str, column: &str) -> Result<()> {
    let select = format!("#import-map-{field}");
    app.js(
        "document.querySelector(arguments[0]).dataset.answered = 'no';",
        vec![select.clone().into()],
    )
    .await?;
    app.select(&select, column).await?;
    let (select_js, column_js) = (
        serde_json::Value::from(select.as_str()),
        serde_json::Value::from(column),
    );
    app.wait_until(&format!(
        "(() => {{ const s = document.querySelector({select_js});
                  return s && !s.dataset.answered && s.value === {column_js}
                      && document.querySelector('#import-preview').getAttribute('aria-busy') === 'false'; }})()"
    ))
    .await
    .with_context(|| format!("the preview with {column} as {field}"))
}

/// The text of the option chosen in the `<select>` matching `css`.
async fn chosen(app: &App, css: &str) -> Result<String> {
    app.wait(css).await?;
    let text = app
        .js(
            "const s = document.querySelector(arguments[0]);
             return s.selectedIndex < 0 ? '' : s.options[s.selectedIndex].textContent.trim();",
            vec![css.into()],
        )
        .await?;
    Ok(text.as_str().unwrap_or_default().to_string())
}

/// The columns of `mapped/staff-list.csv` (none of which Rolecall can guess), by field.
const STAFF_MAPPING: &[(&str, &str)] = &[
    ("first_name", "Given"),
    ("last_name", "Family"),
    ("email", "Contact"),
    ("role", "Access"),
    ("department", "Unit"),
    ("title", "Job"),
    ("employee_id", "Ref"),
];

#[tokio::test(flavor = "multi_thread")]
async fn r46_r47_any_csv_is_mapped_by_hand_and_the_mapping_is_remembered() -> Result<()> {
    let app = App::launch().await?;
    with_app("import-mapping", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            app.click("#nav-import").await?;
            app.click("#import-into-new").await?;
            app.fill("#import-new-name", "Northwind").await?;
            // Columns no vendor has and no name suggests: the mapping step, and a
            // preview that waits for the e-mail column.
            choose(app, "mapped/staff-list.csv", "Map the columns first").await?;
            app.wait_text("#import-source-label", "CSV with mapped columns")
                .await?;
            app.wait_text("#import-blocked", "e-mail address").await?;
            ensure!(
                app.is_disabled("#import-apply").await?,
                "Apply waits for the mapping"
            );
            ensure!(
                app.count("#import-map-email option").await? == 8,
                "every column of the file (and \"not in the file\") to choose from"
            );
            for (field, column) in STAFF_MAPPING {
                map_column(app, field, column).await?;
            }
            let title = app.wait_text("#import-title", "3 join").await?;
            ensure!(title == "3 join", "preview title {title:?}");
            app.wait_gone("#import-blocked").await?;
            let nora = app
                .text(&preview_row("import-joins", "nora.quinn@example.com"))
                .await?;
            ensure!(
                nora.contains("Nora Quinn") && nora.contains("Admin"),
                "Nora joins as Admin (Access = Admin): {nora}"
            );
            let omar = app
                .text(&preview_row("import-joins", "omar.farouk@example.com"))
                .await?;
            ensure!(
                omar.contains("Member"),
                "Staff gives the default role: {omar}"
            );
            ensure!(
                chosen(app, "#import-roles tr[data-label='Admin'] select").await? == "Admin",
                "the Admin label is suggested as Admin"
            );
            wait_apply_enabled(app).await?;
            app.js(
                "document.querySelector('#import-mapping').scrollIntoView({ block: 'start' });",
                vec![],
            )
            .await?;
            app.settled_screenshot("import-mapping").await?;

            app.click("#import-apply").await?;
            app.wait_text("#confirm-title", "Apply 3 joins?").await?;
            app.click("#confirm-yes").await?;
            app.wait_text("#switcher-name", "Northwind").await?;
            app.wait_text("#route-path", "/members").await?;
            let nora_row = row("nora.quinn@example.com");
            app.wait(&nora_row).await?;
            app.wait(&row("omar.farouk@example.com")).await?;
            app.wait(&row("pia.lund@example.com")).await?;
            ensure!(
                chosen(app, &format!("{nora_row} .role-select")).await? == "Admin",
                "Nora is an Admin"
            );
            app.wait_text(&format!("{nora_row} .cell-title"), "Head of Operations")
                .await?;
            app.wait_text(&format!("{nora_row} .cell-department"), "Operations")
                .await?;
            app.wait_text("#members-count", "4 members").await?;

            // A later file with the same columns in another order: the mapping is
            // filled in as chosen, and only the two new people join.
            app.click("#nav-import").await?;
            app.wait_text("#import-org-name", "Northwind").await?;
            let title = choose(app, "mapped/staff-list-later.csv", "2 join").await?;
            ensure!(title == "2 join", "preview title {title:?}");
            app.wait_text("#import-notes", "mapped as last time")
                .await?;
            for (field, column) in STAFF_MAPPING {
                let got = app.value(&format!("#import-map-{field}")).await?;
                ensure!(
                    got == *column,
                    "{field} is read from {got:?}, not {column:?}"
                );
            }
            app.wait_text("#import-count-unchanged", "3").await?;
            for email in ["quentin.roy@example.com", "rosa.silva@example.com"] {
                app.wait(&preview_row("import-joins", email)).await?;
            }
            app.settled_screenshot("import-mapping-remembered").await?;
            wait_apply_enabled(app).await?;
            app.click("#import-apply").await?;
            app.wait_text("#confirm-title", "Apply 2 joins?").await?;
            app.click("#confirm-yes").await?;
            app.wait_text("#route-path", "/members").await?;
            app.wait(&row("rosa.silva@example.com")).await?;
            app.wait_text("#members-count", "6 members").await?;
            Ok(())
        })
    })
    .await
}

/// A Google Workspace "Download users" file of `rows` people in `folder`: the header row
/// of the fixture (its 34 columns, with the byte-order mark), then generated people.
fn large_google_file(folder: &Path, rows: usize) -> Result<PathBuf> {
    let sample = std::fs::read_to_string(fixture("google/users.csv"))?;
    let header = sample.lines().next().context("the fixture's header")?;
    let columns = header.split(',').count();
    let path = folder.join(format!("users-{rows}.csv"));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
    write!(out, "{header}\r\n")?;
    let firsts = ["Ada", "Ben", "Cleo", "Dara", "Emil", "Fay", "Gus", "Hedda"];
    for i in 0..rows {
        let first = firsts[i % firsts.len()];
        let cells = [
            first.to_string(),
            format!("Person{i:06}"),
            format!("{}.{i:06}@big.example.com", first.to_lowercase()),
            "****".into(),
            String::new(),
            format!("/Staff/Team {}", i % 40),
            String::new(),
            if i % 50 == 0 { "Suspended" } else { "Active" }.into(),
            if i % 7 == 0 {
                "Never logged in".into()
            } else {
                format!("2024/05/{:02} 08:15:02", 1 + i % 28)
            },
        ];
        // Recovery Email … Home Address, empty as most exports have them.
        let contact = std::iter::repeat_n(String::new(), 9);
        let line: Vec<String> = cells
            .into_iter()
            .chain(contact)
            .chain([
                format!("E-{i:06}"),
                "Employee".to_string(),
                "Engineer".to_string(),
                String::new(),
                "Engineering".to_string(),
                String::new(),
                if i % 3 == 0 { "True" } else { "False" }.to_string(),
                "False".to_string(),
                String::new(),
                String::new(),
                String::new(),
                "0.12GB".to_string(),
                "1.03GB".to_string(),
                "1.15GB".to_string(),
                "False".to_string(),
                String::new(),
            ])
            .collect();
        ensure!(
            line.len() == columns,
            "a generated row has {} cells for {columns} columns",
            line.len()
        );
        write!(out, "{}\r\n", line.join(","))?;
    }
    out.flush()?;
    Ok(path)
}

/// Waits until the running preview or apply (`doing`: its progress words) has read
/// part of the file ("Applying… 12%").
async fn wait_underway(app: &App, doing: &str) -> Result<()> {
    let doing = serde_json::Value::from(doing);
    app.wait_until(&format!(
        "(() => {{ const t = document.querySelector('#import-progress-text').textContent;
                  const m = /(\\d+)%/.exec(t);
                  return t.startsWith({doing}) && m !== null && Number(m[1]) >= 1; }})()"
    ))
    .await
    .with_context(|| format!("{doing} part of the file"))
}

/// The organizations the switcher lists (not its actions), by element id.
async fn switcher_orgs(app: &App) -> Result<Vec<String>> {
    app.click("#switcher-button").await?;
    app.wait("#switch-lee-company").await?;
    let ids = app
        .js(
            "return [...document.querySelectorAll('#switcher-menu li[role=menuitem]:not(.action)')].map(e => e.id);",
            vec![],
        )
        .await?;
    app.press("\u{E00C}").await?;
    app.wait_gone("#switcher-menu").await?;
    Ok(serde_json::from_value(ids)?)
}

#[tokio::test(flavor = "multi_thread")]
async fn r49_cancelling_a_large_import_writes_nothing() -> Result<()> {
    let folder = tempfile::tempdir()?;
    let big = large_google_file(folder.path(), 200_000)?;
    let app = App::launch().await?;
    with_app("import-cancel", app, |app| {
        Box::pin(async move {
            let long = Duration::from_secs(120);
            register(app, "Ann", "Lee", "ann@example.com").await?;
            app.wait_text("#switcher-name", "Lee Company").await?;
            let orgs_before = switcher_orgs(app).await?;
            app.click("#nav-import").await?;
            app.click("#import-into-new").await?;
            app.fill("#import-new-name", "Big Inc").await?;
            app.pick_for_import(&big)?;

            // Cancel while the dry run reads the file: it stops, nothing to apply.
            app.click("#import-choose").await?;
            wait_underway(app, "Reading the file").await?;
            app.click("#import-cancel").await?;
            app.wait_text("#import-stopped", "Preview stopped.").await?;
            app.wait_gone("#import-progress").await?;
            ensure!(
                app.count("#import-preview").await? == 0,
                "a stopped first preview shows no preview"
            );

            // The whole dry run, then Cancel while the apply runs.
            app.click("#import-choose").await?;
            app.wait_text_for("#import-title", "join", long).await?;
            app.wait("#import-count-join[data-count='200000']").await?;
            app.wait_gone("#import-stopped").await?;
            wait_apply_enabled(app).await?;
            app.click("#import-apply").await?;
            app.wait_text("#confirm-title", "Apply 200,000 joins?")
                .await?;
            app.click("#confirm-yes").await?;
            wait_underway(app, "Applying").await?;
            app.click("#import-cancel").await?;
            app.wait_text_for(
                "#import-stopped",
                "Import cancelled: nothing was written.",
                long,
            )
            .await?;
            app.wait_gone("#import-progress").await?;
            ensure!(
                app.count("#import-error").await? == 0,
                "a cancel is no error"
            );
            // Still in Lee Company, on the preview, which can be applied again.
            app.wait_text("#switcher-name", "Lee Company").await?;
            app.wait("#import-count-join[data-count='200000']").await?;
            wait_apply_enabled(app).await?;
            app.settled_screenshot("import-cancelled").await?;

            // Nothing written: no new organization, Lee Company as it was.
            let orgs_after = switcher_orgs(app).await?;
            ensure!(
                orgs_after == orgs_before,
                "the organizations were {orgs_before:?}, now {orgs_after:?}"
            );
            app.click("#nav-members").await?;
            app.wait(&row("ann@example.com")).await?;
            app.wait_text("#members-count", "1 member").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn r51_a_refused_file_says_what_is_wrong_and_writes_nothing() -> Result<()> {
    let folder = tempfile::tempdir()?;
    // A picture renamed to .csv.
    let png = folder.path().join("people.csv");
    std::fs::copy(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../icons/128x128.png"),
        &png,
    )?;
    let app = App::launch().await?;
    with_app("import-refused", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            app.click("#nav-import").await?;
            app.wait_text("#import-org-name", "Lee Company").await?;

            app.pick_for_import(&png)?;
            app.click("#import-choose").await?;
            app.wait_text("#import-error", "This file cannot be imported.")
                .await?;
            app.wait_text("#import-error-message", "This is not a text file")
                .await?;
            app.wait_text("#import-file", "people.csv").await?;
            ensure!(
                app.count("#import-preview").await? == 0 && app.count("#import-apply").await? == 0,
                "a refused file has no preview and nothing to apply"
            );
            app.settled_screenshot("import-refused-binary").await?;

            // An empty file; an archive renamed .csv (the readers' fixture).
            choose_refused(app, "other/empty.csv", "The file is empty").await?;
            choose_refused(app, "other/binary-renamed.csv", "This is not a text file").await?;

            // A CSV with no e-mail column: the mapping step says what is missing and
            // nothing can be applied.
            choose(app, "other/unknown-columns.csv", "Map the columns first").await?;
            app.wait_gone("#import-error").await?;
            app.wait_text("#import-blocked", "e-mail address").await?;
            ensure!(
                app.value("#import-map-email").await?.is_empty(),
                "no column holds the e-mail"
            );
            ensure!(
                app.is_disabled("#import-apply").await?,
                "nothing to apply without e-mail addresses"
            );
            app.settled_screenshot("import-refused-no-email").await?;

            // Nothing was written.
            app.click("#nav-members").await?;
            app.wait(&row("ann@example.com")).await?;
            app.wait_text("#members-count", "1 member").await?;
            Ok(())
        })
    })
    .await
}

/// Chooses a fixture the readers refuse and waits for the window to say `words`.
async fn choose_refused(app: &App, file: &str, words: &str) -> Result<()> {
    app.pick_for_import(&fixture(file))?;
    app.click("#import-choose").await?;
    app.wait_text("#import-error-message", words)
        .await
        .with_context(|| format!("the refusal of {file}"))?;
    ensure!(
        app.count("#import-preview").await? == 0,
        "{file}: no preview"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn r46_the_switcher_opens_the_import_from_the_keyboard() -> Result<()> {
    let app = App::launch().await?;
    with_app("import-switcher", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            app.wait_text("#switcher-name", "Lee Company").await?;
            app.wait(&row("ann@example.com")).await?;
            // Ctrl+K opens the menu with the filter focused.
            app.press("\u{E009}k").await?;
            app.wait("#switch-import").await?;
            app.wait_until(
                "document.activeElement && document.activeElement.id === 'switcher-filter'",
            )
            .await?;
            ensure!(
                app.attribute("#switcher-menu", "role").await? == "menu"
                    && app.attribute("#switch-import", "role").await? == "menuitem"
                    && app.attribute("#switch-create", "role").await? == "menuitem",
                "the entries are menu items of a menu"
            );
            let label = app.text("#switch-import .switcher-item-name").await?;
            ensure!(label == "Import from a file…", "label {label:?}");
            // The last line, beside Create organization: Up from the first line.
            let last = app
                .js(
                    "const items = document.querySelectorAll('#switcher-menu li[role=menuitem]');
                     return items[items.length - 1].id;",
                    vec![],
                )
                .await?;
            ensure!(last == "switch-import", "the last line is {last}");
            app.press("\u{E013}").await?;
            app.wait("#switch-import.active").await?;
            ensure!(
                app.attribute("#switcher-filter", "aria-activedescendant")
                    .await?
                    == "switch-import",
                "the filter names the active line"
            );
            app.settled_screenshot("switcher-import").await?;
            // Up again reaches Create organization; Down comes back.
            app.press("\u{E013}").await?;
            app.wait("#switch-create.active").await?;
            app.press("\u{E015}").await?;
            app.wait("#switch-import.active").await?;
            app.press("\u{E007}").await?;
            app.wait_gone("#switcher-menu").await?;
            app.wait_text("#route-path", "/o/lee-company/import")
                .await?;
            // Set up for a new organization from the file, its name to type first.
            app.wait_until("document.querySelector('#import-into-new').checked")
                .await?;
            app.wait("#import-new-name").await?;
            app.wait_text("#import-choose", "Choose file…").await?;
            // A click works as well, from any page.
            app.click("#nav-members").await?;
            switch_to(app, "#switch-import").await?;
            app.wait_text("#route-path", "/o/lee-company/import")
                .await?;
            Ok(())
        })
    })
    .await
}
