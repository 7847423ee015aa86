//! API keys in the real window: create, see once, copy, verify, revoke; AI_AGENT rate
//! limits; a Developer sees the list but no create button. The secrets go to the real
//! Secret Service of the test session.

use crate::flows::{join_as_member, register};
use anyhow::{Result, ensure};
use rolecall_e2e::{App, with_app};

#[tokio::test(flavor = "multi_thread")]
async fn api_keys_create_copy_verify_revoke() -> Result<()> {
    let app = App::launch().await?;
    with_app("api-keys", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            app.click("#nav-api-keys").await?;
            app.wait("#keys-empty").await?;
            ensure!(
                app.count("#keyring-unavailable").await? == 0,
                "the test session has a keyring"
            );
            app.screenshot("api-keys-empty").await?;

            // A Standard key: shown once with a warning and a copy button.
            app.click("#create-key-button").await?;
            app.fill("#key-name", "CI deploy").await?;
            app.screenshot("api-keys-create").await?;
            app.click("#create-key-submit").await?;
            app.wait_text("#secret-warning", "shown only once").await?;
            let secret = app.value("#created-secret").await?;
            ensure!(
                secret.starts_with("rck_std_") && secret.len() == 72,
                "secret {secret:?}"
            );
            app.click("#copy-secret").await?;
            app.wait_text("#copy-secret", "Copied").await?;
            app.screenshot("api-keys-secret-once").await?;
            app.click("#close-secret").await?;
            app.wait_gone("#create-key-dialog").await?;
            ensure!(
                app.count("#created-secret").await? == 0,
                "the secret is gone from the window"
            );
            app.wait(".key-row[data-name='CI deploy']").await?;

            // Prove the copy: paste into the verify field of the same window.
            app.click("#verify-input").await?;
            app.press("\u{E009}v").await?;
            let pasted = app.value("#verify-input").await?;
            ensure!(pasted == secret, "pasted {pasted:?}");
            app.click("#verify-submit").await?;
            app.wait_text(
                "#verify-result",
                "Valid: CI deploy of Lee Company — Standard",
            )
            .await?;
            app.screenshot("api-keys-verified").await?;

            // Revoke: permanent, and the key never verifies again.
            app.click(".key-row[data-name='CI deploy'] .key-revoke")
                .await?;
            app.wait_text("#confirm-message", "permanent").await?;
            app.click("#confirm-yes").await?;
            app.wait_gone(".key-row[data-name='CI deploy']").await?;
            app.click("#verify-submit").await?;
            app.wait_text("#verify-result", "revoked").await?;
            app.click("#show-revoked").await?;
            app.wait_text(".key-row[data-name='CI deploy']", "Revoked")
                .await?;

            // An AI_AGENT key shows its rate limit.
            app.click("#create-key-button").await?;
            app.fill("#key-name", "Support bot").await?;
            app.click("#key-type-agent").await?;
            app.fill("#key-rate", "120").await?;
            app.click("#create-key-submit").await?;
            app.wait_text("#created-secret-kind, .dialog", "AI_AGENT")
                .await?;
            app.click("#close-secret").await?;
            app.wait_text(".key-row[data-name='Support bot']", "AI_AGENT · 120/min")
                .await?;
            app.screenshot("api-keys").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn api_keys_member_sees_no_keys_screen_and_no_create_button() -> Result<()> {
    let app = App::launch().await?;
    with_app("api-keys-roles", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            // Bob joins with the default role, which holds no API-key permission.
            join_as_member(app, "Bob", "Ray", "bob@example.com").await?;
            ensure!(
                app.count("#nav-api-keys").await? == 0,
                "a Member has no API keys screen"
            );
            Ok(())
        })
    })
    .await
}
