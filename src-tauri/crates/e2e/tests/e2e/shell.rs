//! The app shell and the first round trip to the core.

use crate::flows::register;
use anyhow::{Result, ensure};
use rolecall_e2e::{App, with_app};

#[tokio::test(flavor = "multi_thread")]
async fn first_run_shows_register_and_about_shows_version_and_data_folder() -> Result<()> {
    let app = App::launch().await?;
    let expected_dir = app.data_dir().display().to_string();
    with_app("shell", app, |app| {
        Box::pin(async move {
            app.wait("#register-form").await?;
            app.wait_text(".auth-footnote", &expected_dir).await?;
            ensure!(
                app.data_dir().join("rolecall.db").exists(),
                "the database file was not created"
            );
            register(app, "Ann", "Lee", "ann@example.com").await?;

            app.click("#about-button").await?;
            let version = app.text("#about-version").await?;
            ensure!(
                version == env!("CARGO_PKG_VERSION"),
                "About shows version {version:?}"
            );
            app.wait_text("#about-data-dir", &expected_dir).await?;
            let schema = app.text("#about-schema").await?;
            ensure!(
                schema.parse::<u32>().is_ok_and(|v| v >= 2),
                "schema shown as {schema:?}"
            );
            app.screenshot("about-dialog").await?;

            // Escape closes the dialog (focus moved into it when it opened).
            app.press("\u{E00C}").await?;
            app.wait_gone("#about-dialog").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn damaged_database_shows_a_clear_error_and_is_left_untouched() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("rolecall.db");
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 13 % 251) as u8).collect();
    std::fs::write(&db, &garbage)?;
    let app = App::launch_in(dir).await?;
    with_app("startup-error", app, |app| {
        Box::pin(async move {
            let message = app.text("#startup-error-message").await?;
            ensure!(
                message.contains("not a database file"),
                "message was {message:?}"
            );
            ensure!(
                message.contains("Nothing was changed"),
                "message was {message:?}"
            );
            app.screenshot("startup-error").await?;
            ensure!(
                std::fs::read(app.data_dir().join("rolecall.db"))? == garbage,
                "the file was changed"
            );
            Ok(())
        })
    })
    .await
}
