//! Workspaces in the real window: create, rename and delete (never the last one, R15);
//! grant, change and revoke a member's role in a workspace under the hierarchy (R16,
//! R28); a Member sees the workspaces without any management control (R30).

use crate::flows::{join_as_member, log_out, register, set_theme, sign_in};
use anyhow::{Result, ensure};
use rolecall_e2e::{App, with_app};

/// The table row of the workspace called `name`.
fn ws(name: &str) -> String {
    format!(".ws-row[data-name='{name}']")
}

/// The row of `email` in the selected workspace's role holders.
fn holder(email: &str) -> String {
    format!(".ws-grant-row[data-email='{email}']")
}

/// The member `email` in the grant dialog's list.
fn candidate(email: &str) -> String {
    format!(".grant-candidate[data-email='{email}']")
}

/// The label of the option chosen in the `<select>` matching `css`.
async fn chosen(app: &App, css: &str) -> Result<String> {
    app.wait(css).await?;
    let value = app
        .js(
            "const s = document.querySelector(arguments[0]); return s.options[s.selectedIndex].textContent.trim()",
            vec![css.into()],
        )
        .await?;
    Ok(value.as_str().unwrap_or_default().to_string())
}

/// Waits until the option chosen in `css` is `label`.
async fn wait_chosen(app: &App, css: &str, label: &str) -> Result<()> {
    for _ in 0..100 {
        if chosen(app, css).await.unwrap_or_default() == label {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let now = chosen(app, css).await?;
    anyhow::bail!("'{css}' shows {now:?}, expected {label:?}")
}

#[tokio::test(flavor = "multi_thread")]
async fn r15_r16_owner_creates_renames_grants_revokes_and_deletes_workspaces() -> Result<()> {
    let app = App::launch().await?;
    with_app("workspaces", app, |app| {
        Box::pin(async move {
            let default = ws("Lee Company Workspace");
            register(app, "Ann", "Lee", "ann@example.com").await?;
            join_as_member(app, "Bob", "Ray", "bob@example.com").await?;
            log_out(app).await?;
            sign_in(app, "ann@example.com").await?;
            app.wait_text("#switcher-name", "Lee Company").await?;
            app.click("#nav-workspaces").await?;

            // R15: the only workspace is the default one and cannot be deleted.
            app.wait_text(&default, "Default").await?;
            let delete = format!("{default} .ws-delete");
            ensure!(
                app.is_disabled(&delete).await?,
                "the last workspace's Delete is disabled"
            );
            let why = app.attribute(&delete, "title").await?;
            ensure!(
                why.contains("last workspace of Lee Company"),
                "the disabled Delete says why: {why:?}"
            );
            app.wait("#workspace-roles-empty").await?;

            // Create "Research"; a second one with the same name is refused in the dialog.
            app.click("#create-workspace-button").await?;
            app.fill("#workspace-name", "Research").await?;
            app.click("#workspace-submit").await?;
            app.wait_gone("#workspace-dialog").await?;
            app.wait(&ws("Research")).await?;
            app.wait_text("#workspace-panel-title", "Roles in Research")
                .await?;
            app.click("#create-workspace-button").await?;
            app.fill("#workspace-name", "research").await?;
            app.press("\u{E007}").await?;
            app.wait_text(
                "#workspace-name-error",
                "Lee Company already has a workspace called research",
            )
            .await?;
            app.press("\u{E00C}").await?;
            app.wait_gone("#workspace-dialog").await?;
            ensure!(
                !app.is_disabled(&delete).await?,
                "two workspaces: either may go"
            );

            // Rename it.
            app.click(&format!("{} .ws-rename", ws("Research"))).await?;
            app.fill("#workspace-name", "Research Lab").await?;
            app.click("#workspace-submit").await?;
            app.wait(&ws("Research Lab")).await?;
            app.wait_gone(&ws("Research")).await?;
            app.wait_text("#workspace-panel-title", "Roles in Research Lab")
                .await?;

            // Grant Bob a role there. The Owner's own row is disabled with the reason.
            app.click("#grant-button").await?;
            app.wait(&candidate("bob@example.com")).await?;
            ensure!(
                app.is_disabled(&candidate("ann@example.com")).await?,
                "nobody gives themselves a role"
            );
            let why = app
                .attribute(&candidate("ann@example.com"), "title")
                .await?;
            ensure!(why.contains("This is you"), "reason: {why:?}");
            app.fill("#grant-search", "bob").await?;
            app.wait_gone(&candidate("ann@example.com")).await?;
            app.click(&candidate("bob@example.com")).await?;
            app.select("#grant-role", "Admin").await?;
            app.wait_text("#grant-summary", "Bob Ray gets Admin in Research Lab")
                .await?;
            app.settled_screenshot("workspaces-grant").await?;
            app.click("#grant-submit").await?;
            app.wait_gone("#grant-dialog").await?;
            app.wait_text(".toast", "Bob Ray is now Admin in Research Lab")
                .await?;
            let select = format!("{} .ws-role-select", holder("bob@example.com"));
            wait_chosen(app, &select, "Admin").await?;
            app.wait_text(&format!("{} .ws-members", ws("Research Lab")), "1")
                .await?;
            app.assert_no_horizontal_scroll().await?;
            app.settled_screenshot("workspaces").await?;

            // Change it inline.
            app.select(&select, "Member").await?;
            app.wait_text(".toast", "Bob Ray's role in Research Lab was changed")
                .await?;
            wait_chosen(app, &select, "Member").await?;

            // Dark theme.
            set_theme(app, "Dark", "#nav-workspaces").await?;
            app.click(&format!("{} .ws-open", ws("Research Lab")))
                .await?;
            app.wait(&holder("bob@example.com")).await?;
            app.settled_screenshot("workspaces-dark").await?;
            set_theme(app, "Light", "#nav-workspaces").await?;
            app.click(&format!("{} .ws-open", ws("Research Lab")))
                .await?;

            // Revoke it after confirming.
            app.click(&format!("{} .ws-revoke", holder("bob@example.com")))
                .await?;
            app.wait_text("#confirm-title", "Revoke Bob Ray's role in Research Lab?")
                .await?;
            app.click("#confirm-yes").await?;
            app.wait_gone(&holder("bob@example.com")).await?;
            app.wait("#workspace-roles-empty").await?;
            app.wait_text(&format!("{} .ws-members", ws("Research Lab")), "0")
                .await?;

            // An agent in Research Lab, to see it move.
            app.click("#nav-agents").await?;
            app.click("#create-agent-button").await?;
            app.fill("#agent-name", "Lab assistant").await?;
            app.select("#agent-workspace", "Research Lab").await?;
            app.click("#agent-submit").await?;
            app.wait_text(".agent-row[data-name='Lab assistant']", "Research Lab")
                .await?;
            app.click("#nav-workspaces").await?;
            app.wait_text(&format!("{} .ws-agents", ws("Research Lab")), "1")
                .await?;

            // Delete it: the confirmation says where its agents go.
            app.click(&format!("{} .ws-delete", ws("Research Lab")))
                .await?;
            app.wait_text(
                "#confirm-message",
                "Its agents (1 agent) move to the default workspace, Lee Company Workspace.",
            )
            .await?;
            app.wait_text("#confirm-message", "cannot be undone")
                .await?;
            app.click("#confirm-no").await?;
            app.wait_gone("#confirm-dialog").await?;
            app.wait(&ws("Research Lab")).await?;
            app.click(&format!("{} .ws-delete", ws("Research Lab")))
                .await?;
            app.click("#confirm-yes").await?;
            app.wait_gone(&ws("Research Lab")).await?;
            app.wait_text(".toast", "Research Lab was deleted").await?;
            app.wait_text(&format!("{default} .ws-agents"), "1").await?;
            ensure!(
                app.is_disabled(&delete).await?,
                "the last workspace's Delete is disabled again"
            );
            app.click("#nav-agents").await?;
            app.wait_text(
                ".agent-row[data-name='Lab assistant']",
                "Lee Company Workspace",
            )
            .await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn r30_member_sees_workspaces_without_management_controls() -> Result<()> {
    let app = App::launch().await?;
    with_app("workspaces-member", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            join_as_member(app, "Bob", "Ray", "bob@example.com").await?;
            app.click("#nav-workspaces").await?;
            app.wait_text(&ws("Lee Company Workspace"), "Default")
                .await?;
            app.wait("#workspace-roles-empty").await?;
            for control in [
                "#create-workspace-button",
                ".ws-rename",
                ".ws-delete",
                "#grant-button",
                "#workspace-roles-empty button",
            ] {
                ensure!(
                    app.count(control).await? == 0,
                    "a Member must not see {control}"
                );
            }
            app.assert_no_horizontal_scroll().await?;
            app.settled_screenshot("workspaces-member").await?;
            Ok(())
        })
    })
    .await
}
