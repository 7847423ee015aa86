//! Agents in the real window: create with persona and knowledge, edit, "Copy to…" the
//! personal context, delete (R35); a Member creates their own agents but cannot change
//! the Owner's, and loses their own after transferring it to a higher role (R36).

use crate::flows::{join_as_member, log_out, register, set_theme, sign_in, switch_to};
use anyhow::{Result, ensure};
use rolecall_e2e::{App, with_app};

/// The table row of the agent called `name`.
fn agent(name: &str) -> String {
    format!(".agent-row[data-name='{name}']")
}

/// Waits until `css` is disabled.
async fn wait_disabled(app: &App, css: &str) -> Result<()> {
    for _ in 0..100 {
        if app.is_disabled(css).await? {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    anyhow::bail!("'{css}' is still enabled")
}

/// Creates an agent through the dialog.
async fn create(app: &App, name: &str, persona: &str, knowledge: &str) -> Result<()> {
    app.click("#create-agent-button").await?;
    app.fill("#agent-name", name).await?;
    app.fill("#agent-persona", persona).await?;
    app.fill("#agent-knowledge", knowledge).await?;
    app.click("#agent-submit").await?;
    app.wait_gone("#agent-dialog").await?;
    app.wait(&agent(name)).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn r35_owner_creates_edits_copies_to_personal_and_deletes_agents() -> Result<()> {
    let app = App::launch().await?;
    with_app("agents", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            app.click("#nav-agents").await?;
            app.wait("#agents-empty").await?;

            // Create: the name is required; the notes count their characters.
            app.click("#create-agent-button").await?;
            app.click("#agent-submit").await?;
            app.wait_text("#agent-name-error", "Agent name is required")
                .await?;
            app.fill("#agent-name", "Support bot").await?;
            app.fill(
                "#agent-persona",
                "A patient support agent who answers in short, friendly sentences.",
            )
            .await?;
            app.wait_text("#agent-persona-count", "65 / 20,000").await?;
            app.fill(
                "#agent-knowledge",
                "Opening hours: 9–17 on weekdays. Refunds within 30 days.",
            )
            .await?;
            ensure!(
                !app.value("#agent-workspace").await?.is_empty(),
                "an organization agent goes to a workspace"
            );
            app.click("#agent-submit").await?;
            app.wait_gone("#agent-dialog").await?;
            app.wait_text(&agent("Support bot"), "Lee Company Workspace")
                .await?;
            app.wait_text(&agent("Support bot"), "A patient support agent")
                .await?;
            create(app, "Sales helper", "Upbeat and brief.", "Price list 2024.").await?;

            // Edit: the dialog opens with the saved text; over 20,000 characters is refused.
            app.click(&format!("{} .agent-edit", agent("Support bot")))
                .await?;
            ensure!(
                app.value("#agent-persona")
                    .await?
                    .starts_with("A patient support agent"),
                "the persona is loaded"
            );
            app.js(
                "const t = document.querySelector('#agent-knowledge');
                 t.value = 'x'.repeat(20001);
                 t.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![],
            )
            .await?;
            app.wait_text("#agent-knowledge-error", "at most 20,000 characters")
                .await?;
            app.click("#agent-submit").await?;
            app.wait_text(
                "#agent-knowledge-error",
                "at most 20000 characters (this one has 20001)",
            )
            .await?;
            app.fill(
                "#agent-knowledge",
                "Opening hours: 8–18 on weekdays. Refunds within 60 days.",
            )
            .await?;
            app.fill("#agent-name", "Support desk").await?;
            app.settled_screenshot("agents-edit-dialog").await?;
            app.click("#agent-submit").await?;
            app.wait_gone("#agent-dialog").await?;
            app.wait(&agent("Support desk")).await?;
            app.wait_gone(&agent("Support bot")).await?;
            app.wait_text(".toast", "Support desk was saved").await?;

            // Copy to… the personal context.
            app.click(&format!("{} .agent-copy", agent("Support desk")))
                .await?;
            app.wait("#copy-target-personal").await?;
            ensure!(
                app.count("#copy-target-lee-company").await? == 0,
                "the current context is not offered"
            );
            app.click("#copy-target-personal").await?;
            app.settled_screenshot("agents-copy-dialog").await?;
            app.click("#copy-submit").await?;
            app.wait_gone("#copy-dialog").await?;
            app.wait_text(".toast", "Support desk was copied to your personal account")
                .await?;

            // Delete, after a confirmation that says it cannot be undone.
            app.click(&format!("{} .agent-delete", agent("Sales helper")))
                .await?;
            app.wait_text("#confirm-message", "cannot be undone")
                .await?;
            app.click("#confirm-yes").await?;
            app.wait_gone(&agent("Sales helper")).await?;
            app.wait(&agent("Support desk")).await?;
            app.assert_no_horizontal_scroll().await?;
            app.settled_screenshot("agents").await?;

            // The copy lives in the personal context, with the same knowledge.
            switch_to(app, "#switch-personal").await?;
            app.click("#nav-agents").await?;
            app.wait(&agent("Support desk")).await?;
            ensure!(
                app.count(".agent-row").await? == 1,
                "only the copy is personal"
            );
            app.click(&format!("{} .agent-edit", agent("Support desk")))
                .await?;
            ensure!(
                app.value("#agent-knowledge")
                    .await?
                    .contains("Refunds within 60 days"),
                "the copy keeps the knowledge notes"
            );
            ensure!(
                app.count("#agent-workspace").await? == 0,
                "personal agents have no workspace"
            );
            app.press("\u{E00C}").await?;
            app.wait_gone("#agent-dialog").await?;
            app.assert_no_horizontal_scroll().await?;
            app.settled_screenshot("agents-personal").await?;

            // Back in the organization, in the dark theme.
            switch_to(app, "#switch-lee-company").await?;
            set_theme(app, "Dark", "#nav-agents").await?;
            app.wait(&agent("Support desk")).await?;
            app.settled_screenshot("agents-dark").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn r36_member_manages_own_agents_but_not_the_owners() -> Result<()> {
    let app = App::launch().await?;
    with_app("agents-member", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            app.click("#nav-agents").await?;
            create(app, "Owner bot", "Formal.", "Board minutes.").await?;
            join_as_member(app, "Bob", "Ray", "bob@example.com").await?;

            // The Member creates agents (Agents·manage) and sees the Owner's read-only.
            app.click("#nav-agents").await?;
            app.wait(&agent("Owner bot")).await?;
            create(app, "Bob bot", "Casual.", "Team wiki.").await?;
            for action in [".agent-edit", ".agent-delete", ".agent-transfer"] {
                let css = format!("{} {action}", agent("Owner bot"));
                wait_disabled(app, &css).await?;
                let why = app.attribute(&css, "title").await?;
                ensure!(
                    why.contains("belongs to Ann Lee, whose role is not below yours"),
                    "{action} says why: {why:?}"
                );
            }
            ensure!(
                !app.is_disabled(&format!("{} .agent-edit", agent("Bob bot")))
                    .await?,
                "a Member edits their own agent"
            );
            ensure!(
                !app.is_disabled(&format!("{} .agent-copy", agent("Owner bot")))
                    .await?,
                "anyone who sees an agent may copy it"
            );
            app.assert_no_horizontal_scroll().await?;
            app.settled_screenshot("agents-member").await?;

            // Transfer: Bob gives his agent to Ann and can no longer change it.
            app.click(&format!("{} .agent-transfer", agent("Bob bot")))
                .await?;
            app.wait(".transfer-candidate[data-email='ann@example.com']")
                .await?;
            ensure!(
                app.is_disabled(".transfer-candidate[data-email='bob@example.com']")
                    .await?,
                "the current owner is not offered"
            );
            app.fill("#transfer-search", "ann").await?;
            app.click(".transfer-candidate[data-email='ann@example.com']")
                .await?;
            app.wait_text("#transfer-submit", "Give it to Ann Lee")
                .await?;
            app.settled_screenshot("agents-transfer-dialog").await?;
            app.click("#transfer-submit").await?;
            app.wait_gone("#transfer-dialog").await?;
            app.wait_text(".toast", "Bob bot now belongs to Ann Lee")
                .await?;
            app.wait_text(&agent("Bob bot"), "Ann Lee").await?;
            wait_disabled(app, &format!("{} .agent-edit", agent("Bob bot"))).await?;

            // The Owner may still change everything.
            log_out(app).await?;
            sign_in(app, "ann@example.com").await?;
            app.click("#nav-agents").await?;
            app.wait(&agent("Bob bot")).await?;
            for name in ["Owner bot", "Bob bot"] {
                ensure!(
                    !app.is_disabled(&format!("{} .agent-edit", agent(name)))
                        .await?,
                    "the Owner edits {name}"
                );
            }
            Ok(())
        })
    })
    .await
}
