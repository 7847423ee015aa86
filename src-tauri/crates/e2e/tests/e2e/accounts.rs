//! The account's own screens in the real window, where the core guards it: the
//! memberships an e-mail came with (R3, R21), sign-in back-off (R2) and deleting the
//! account with its password (R7).

use crate::flows::{PASSWORD, log_out, register, row, sign_in};
use anyhow::{Result, ensure};
use rolecall_e2e::{App, with_app};

#[tokio::test(flavor = "multi_thread")]
async fn r3_registering_a_modelled_email_shows_the_memberships_it_came_with() -> Result<()> {
    let app = App::launch().await?;
    with_app("inherited-memberships", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            ensure!(
                app.count("#inherited-notice").await? == 0,
                "a new e-mail comes with nothing"
            );
            // Ann adds Cy, who does not sign in (R19), to Lee Company.
            app.click("#add-member-button").await?;
            app.fill("#invite-first", "Cy").await?;
            app.fill("#invite-last", "Moe").await?;
            app.fill("#invite-email", "cy@example.com").await?;
            app.click("#invite-submit").await?;
            app.wait(&row("cy@example.com")).await?;
            log_out(app).await?;
            // Cy registers with that e-mail and is told what the account holds.
            app.click("#show-register").await?;
            register(app, "Cy", "Moe", "cy@example.com").await?;
            app.wait_text("#inherited-list", "Lee Company · Member")
                .await?;
            app.settled_screenshot("inherited-memberships").await?;
            app.click("#inherited-dismiss").await?;
            app.wait_gone("#inherited-notice").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn r2_repeated_failed_sign_ins_back_off_with_the_message_on_the_form() -> Result<()> {
    let app = App::launch().await?;
    with_app("sign-in-back-off", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            log_out(app).await?;
            app.fill("#signin-email", "ann@example.com").await?;
            // Six failures are answered as such; the seventh attempt waits.
            for _ in 0..6 {
                app.fill("#signin-password", "not the password").await?;
                app.click("#signin-submit").await?;
                app.wait_text("#signin-error", "do not match").await?;
            }
            app.fill("#signin-password", PASSWORD).await?;
            app.click("#signin-submit").await?;
            app.wait_text(
                "#signin-error",
                "Too many failed sign-ins with this e-mail. Try again in",
            )
            .await?;
            ensure!(app.count(".shell").await? == 0, "still signed out");
            app.settled_screenshot("sign-in-back-off").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn r7_delete_account_asks_for_the_password() -> Result<()> {
    let app = App::launch().await?;
    with_app("delete-account", app, |app| {
        Box::pin(async move {
            // Two accounts, so that Sign in stays the first screen afterwards.
            register(app, "Ann", "Lee", "ann@example.com").await?;
            log_out(app).await?;
            app.click("#show-register").await?;
            register(app, "Bob", "Ray", "bob@example.com").await?;
            app.click("#account-settings-button").await?;
            app.click("#account-tab-account").await?;
            app.click("#delete-account").await?;
            app.wait_text("#delete-account-message", "Ray Company")
                .await?;
            // A wrong password: the error under the field, nothing deleted.
            app.fill("#delete-account-password", "not the password")
                .await?;
            app.click("#delete-account-submit").await?;
            app.wait_text(
                "#delete-account-password-error",
                "The password is not correct",
            )
            .await?;
            app.settled_screenshot("delete-account-wrong-password")
                .await?;
            ensure!(
                app.count(".shell").await? == 1,
                "still signed in after a wrong password"
            );
            app.click("#delete-account-cancel").await?;
            app.wait_gone("#delete-account-dialog").await?;
            app.wait_text("#switcher-name", "Ray Company").await?;
            // The right password deletes the account and returns to Sign in.
            app.click("#delete-account").await?;
            app.fill("#delete-account-password", PASSWORD).await?;
            app.click("#delete-account-submit").await?;
            app.wait("#signin-form").await?;
            app.fill("#signin-email", "bob@example.com").await?;
            app.fill("#signin-password", PASSWORD).await?;
            app.click("#signin-submit").await?;
            app.wait_text("#signin-error", "do not match").await?;
            // Ann's account is untouched.
            sign_in(app, "ann@example.com").await?;
            app.wait_text("#switcher-name", "Lee Company").await?;
            Ok(())
        })
    })
    .await
}
