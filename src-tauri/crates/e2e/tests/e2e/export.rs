//! Data export (R45) in the real window: the whole organization as schema-versioned JSON
//! without any secret, members as CSV, and the Members page's export honouring the
//! table's search; a Member sees no export at all.

use crate::flows::{join_as_member, log_out, register, row, set_theme, sign_in};
use anyhow::{Context, Result, ensure};
use rolecall_e2e::{App, with_app};
use std::path::PathBuf;

/// The one exported file whose name starts with `prefix` and ends with `suffix`.
fn exported(app: &App, prefix: &str, suffix: &str) -> Result<PathBuf> {
    let found: Vec<PathBuf> = std::fs::read_dir(app.export_dir())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(suffix))
        })
        .collect();
    ensure!(
        found.len() == 1,
        "expected one {prefix}…{suffix} in the export folder, found {found:?}"
    );
    Ok(found[0].clone())
}

/// Watches the page for an export's progress bar and "n of m" text; read it back with
/// [`progress_seen`].
async fn watch_progress(app: &App, id: &str) -> Result<()> {
    app.js(
        "window.__exportSeen = { bar: false, count: false };
         const id = arguments[0];
         if (window.__exportWatch) window.__exportWatch.disconnect();
         window.__exportWatch = new MutationObserver(() => {
             const bar = document.querySelector('#' + id + '-progress');
             if (bar) {
                 window.__exportSeen.bar = true;
                 if (/\\d+ of \\d+ members?/.test(bar.textContent)) window.__exportSeen.count = true;
             }
         });
         window.__exportWatch.observe(document.body, { subtree: true, childList: true, characterData: true });",
        vec![id.into()],
    )
    .await?;
    Ok(())
}

async fn progress_seen(app: &App) -> Result<(bool, bool)> {
    let seen = app.js("return window.__exportSeen;", vec![]).await?;
    Ok((seen["bar"] == true, seen["count"] == true))
}

#[tokio::test(flavor = "multi_thread")]
async fn r45_export_organization_json_and_members_csv() -> Result<()> {
    let app = App::launch().await?;
    with_app("export-owner", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            // An API key whose secret must not appear in any export.
            app.click("#nav-api-keys").await?;
            app.click("#create-key-button").await?;
            app.fill("#key-name", "Export check").await?;
            app.click("#create-key-submit").await?;
            app.wait("#created-secret").await?;
            let secret = app.value("#created-secret").await?;
            ensure!(secret.starts_with("rck_"), "secret {secret:?}");
            app.click("#close-secret").await?;
            join_as_member(app, "Bob", "Ray", "bob@example.com").await?;
            log_out(app).await?;
            sign_in(app, "ann@example.com").await?;
            app.wait_text("#switcher-name", "Lee Company").await?;

            // The Data export page: two cards, the JSON one saying secrets stay out.
            app.click("#nav-export").await?;
            app.wait_text("#route-path", "/o/lee-company/export")
                .await?;
            app.wait_text("#export-no-secrets", "API key secrets are never included")
                .await?;
            app.settled_screenshot("export").await?;

            // The whole organization as JSON.
            watch_progress(app, "export-organization").await?;
            app.click("#export-organization").await?;
            app.wait_text("#export-organization-result", "2 members")
                .await?;
            let (bar, count) = progress_seen(app).await?;
            ensure!(
                bar && count,
                "progress was shown as 'n of m members': bar {bar}, count {count}"
            );
            let path = exported(app, "lee-company-organization-", ".json")?;
            app.wait_text("#export-organization-path", &path.display().to_string())
                .await?;
            let text = std::fs::read_to_string(&path)?;
            let size = app.text("#export-organization-result").await?;
            ensure!(
                size.contains(" B") || size.contains(" KB"),
                "the size is shown: {size}"
            );
            let doc: serde_json::Value =
                serde_json::from_str(&text).context("the organization export parses")?;
            ensure!(
                doc["schema_version"] == 2,
                "schema_version {}",
                doc["schema_version"]
            );
            ensure!(
                doc["omitted"].as_array().is_some_and(Vec::is_empty),
                "the Owner's document leaves nothing out: {}",
                doc["omitted"]
            );
            let members = doc["members"].as_array().context("members array")?;
            ensure!(
                members.len() == 2,
                "members in the document: {}",
                members.len()
            );
            // The key appears by name and display prefix only: every "rck_" in the file
            // starts that prefix, and the rest of the secret is nowhere.
            let keys = doc["api_keys"].as_array().context("api_keys array")?;
            ensure!(
                keys.len() == 1 && keys[0]["name"] == "Export check",
                "the key is listed by name: {keys:?}"
            );
            let prefix = keys[0]["prefix"].as_str().context("key prefix")?;
            ensure!(
                secret.starts_with(prefix) && prefix.len() < secret.len() / 2,
                "the prefix {prefix:?} is a short start of the secret"
            );
            ensure!(!text.contains(&secret), "the key's secret is in the export");
            ensure!(
                !text.contains(&secret[prefix.len()..]),
                "the hidden part of the secret is in the export"
            );
            ensure!(
                text.matches("rck_").count() == text.matches(prefix).count(),
                "a secret-looking string other than the prefix is in the export"
            );

            // Members as CSV: a header and one line per member.
            watch_progress(app, "export-members").await?;
            app.click("#export-members").await?;
            app.wait_text("#export-members-result", "2 members").await?;
            let (bar, _) = progress_seen(app).await?;
            ensure!(bar, "the members export showed its progress");
            let csv = std::fs::read_to_string(exported(app, "lee-company-members-", ".csv")?)?;
            let lines: Vec<&str> = csv.lines().collect();
            ensure!(lines.len() == 3, "header and two members: {csv}");
            ensure!(
                lines[0].starts_with("First name,Last name,E-mail,Role"),
                "header {}",
                lines[0]
            );
            ensure!(
                csv.contains("ann@example.com") && csv.contains("bob@example.com"),
                "both members: {csv}"
            );
            ensure!(!csv.contains("rck_"), "no key material in the members CSV");
            app.settled_screenshot("export-done").await?;

            // The Members page exports what its table shows: here, a search for Bob.
            app.click("#nav-members").await?;
            app.wait(&row("ann@example.com")).await?;
            app.fill("#member-search", "bob").await?;
            app.wait_gone(&row("ann@example.com")).await?;
            app.wait(&row("bob@example.com")).await?;
            app.click("#members-export").await?;
            app.wait_text("#members-export-result", "1 member").await?;
            let csv = std::fs::read_to_string(exported(app, "lee-company-members-", ".csv")?)?;
            let lines: Vec<&str> = csv.lines().collect();
            ensure!(
                lines.len() == 2 && lines[1].contains("bob@example.com"),
                "only the matching member: {csv}"
            );
            app.settled_screenshot("members-export").await?;
            app.click("#members-export-dismiss").await?;
            app.wait_gone("#members-export-result").await?;

            // A failed export says why on its card and leaves the buttons usable.
            app.click("#nav-export").await?;
            let folder = app.export_dir();
            std::fs::remove_dir_all(&folder)?;
            app.click("#export-members").await?;
            let error = app
                .wait_text("#export-members-error", "Could not create")
                .await?;
            ensure!(
                error.contains("The export failed"),
                "error in words: {error}"
            );
            ensure!(
                app.count("#export-organization:disabled, #export-members:disabled")
                    .await?
                    == 0,
                "the buttons work again after a failure"
            );
            app.settled_screenshot("export-error").await?;
            std::fs::create_dir_all(&folder)?;

            // Dark theme.
            set_theme(app, "Dark", "#nav-export").await?;
            app.click("#export-organization").await?;
            app.wait("#export-organization-result").await?;
            app.settled_screenshot("export-dark").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn r45_member_cannot_export() -> Result<()> {
    let app = App::launch().await?;
    with_app("export-member", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            join_as_member(app, "Bob", "Ray", "bob@example.com").await?;
            app.click("#nav-members").await?;
            app.wait(&row("ann@example.com")).await?;
            ensure!(
                app.count("#nav-export").await? == 0,
                "a Member must not see Data export"
            );
            ensure!(
                app.count("#members-export").await? == 0,
                "a Member must not see Export CSV"
            );
            Ok(())
        })
    })
    .await
}
