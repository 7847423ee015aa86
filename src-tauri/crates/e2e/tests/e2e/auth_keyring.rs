//! Sign in after a log-out (R2, R6) and the keyring's state on the API keys screen
//! (R41), in the real window: the app asks the core which screen to show, and the API
//! keys screen knows the keyring's state before it offers to create a key.

use crate::flows::{log_out, register, sign_in};
use anyhow::{Context, Result, bail, ensure};
use rolecall_e2e::{App, with_app};
use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::process::{Child, Command, Stdio};

#[tokio::test(flavor = "multi_thread")]
async fn r2_r6_log_out_right_after_registering_shows_sign_in() -> Result<()> {
    let app = App::launch().await?;
    with_app("auth-log-out-after-register", app, |app| {
        Box::pin(async move {
            // First run: Register, and no account that could sign in yet.
            app.wait("#register-form").await?;
            ensure!(
                app.count("#show-signin").await? == 0,
                "nobody can sign in on the first run"
            );
            register(app, "Ann", "Lee", "ann@example.com").await?;

            // Log out at once: Sign in, with its way to Register.
            log_out(app).await?;
            ensure!(
                app.count("#register-form").await? == 0,
                "Sign in, not Create your account"
            );
            app.settled_screenshot("auth-sign-in-after-log-out").await?;
            app.click("#show-register").await?;
            app.wait("#register-form").await?;
            app.click("#show-signin").await?;
            app.wait("#signin-form").await?;

            sign_in(app, "ann@example.com").await?;
            app.wait_text("#account-name", "Ann Lee").await?;
            Ok(())
        })
    })
    .await
}

/// Registers, opens the API keys screen and checks that it names the keyring's
/// problem (`needle`) and offers no way to create a key, while verifying still works.
async fn keys_screen_refuses_creating(app: &App, needle: &str, screenshot: &str) -> Result<()> {
    register(app, "Ann", "Lee", "ann@example.com").await?;
    app.click("#nav-api-keys").await?;
    // The list shows only once the keyring's state is known.
    app.wait("#keys-empty").await?;
    ensure!(
        app.count("#keyring-unavailable").await? == 1,
        "the notice is there with the list"
    );
    app.wait_text("#keyring-message", needle).await?;
    app.wait_text("#keyring-message", "Listing and verifying keys still work")
        .await?;
    ensure!(
        app.is_disabled("#create-key-button").await?,
        "Create key is disabled"
    );
    ensure!(
        app.is_disabled("#create-key-empty").await?,
        "the empty state's Create key is disabled"
    );
    app.settled_screenshot(screenshot).await?;

    // Checking again gives the same answer; verifying works without a keyring.
    app.click("#keyring-recheck").await?;
    app.wait_text("#keyring-message", needle).await?;
    app.fill("#verify-input", "rck_std_00").await?;
    app.click("#verify-submit").await?;
    app.wait_text("#verify-result", "Not valid").await?;
    ensure!(
        app.is_disabled("#create-key-button").await?,
        "Create key stays disabled"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn r41_without_a_secret_service_the_keys_screen_says_so_and_create_is_disabled() -> Result<()>
{
    let app = App::launch_with_env(&[(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/rolecall-bus",
    )])
    .await?;
    with_app("api-keys-no-keyring", app, |app| {
        Box::pin(async move {
            keys_screen_refuses_creating(
                app,
                "cannot reach your system keyring",
                "api-keys-no-keyring",
            )
            .await
        })
    })
    .await
}

/// A session bus of the test's own, without any keyring: D-Bus activation starts a
/// Secret Service on it that has no default keyring. Stopped when dropped.
struct BusWithoutKeyring {
    daemon: Child,
    address: String,
    _home: tempfile::TempDir,
}

impl BusWithoutKeyring {
    fn start() -> Result<BusWithoutKeyring> {
        let home = tempfile::tempdir().context("create a folder for the bus")?;
        let dirs = ["data", "cache", "runtime"].map(|d| home.path().join(d));
        for dir in &dirs {
            std::fs::create_dir_all(dir).context("create a folder for the bus")?;
        }
        std::fs::set_permissions(&dirs[2], std::fs::Permissions::from_mode(0o700))
            .context("a private runtime folder")?;
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            // What activation starts keeps its files here, apart from the test session's.
            .env("XDG_DATA_HOME", &dirs[0])
            .env("XDG_CACHE_HOME", &dirs[1])
            .env("XDG_RUNTIME_DIR", &dirs[2])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("start dbus-daemon")?;
        let mut address = String::new();
        if let Some(out) = daemon.stdout.take() {
            BufReader::new(out)
                .read_line(&mut address)
                .context("read the bus address")?;
        }
        let address = address.trim().to_string();
        let bus = BusWithoutKeyring {
            daemon,
            address,
            _home: home,
        };
        if bus.address.is_empty() {
            bail!("dbus-daemon printed no address");
        }
        Ok(bus)
    }
}

impl Drop for BusWithoutKeyring {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn r41_a_secret_service_without_a_keyring_is_reported_before_creating() -> Result<()> {
    let bus = BusWithoutKeyring::start()?;
    let app = App::launch_with_env(&[("DBUS_SESSION_BUS_ADDRESS", bus.address.as_str())]).await?;
    let result = with_app("api-keys-no-default-keyring", app, |app| {
        Box::pin(async move {
            keys_screen_refuses_creating(app, "no default keyring", "api-keys-no-default-keyring")
                .await
        })
    })
    .await;
    drop(bus);
    result
}

#[tokio::test(flavor = "multi_thread")]
async fn r41_with_the_keyring_create_is_enabled_and_hidden_revoked_keys_are_named() -> Result<()> {
    let app = App::launch().await?;
    with_app("api-keys-revoked-hidden", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            app.click("#nav-api-keys").await?;
            app.wait_text("#keys-empty", "No API keys yet.").await?;
            ensure!(
                app.count("#keyring-unavailable").await? == 0,
                "the test session has a keyring"
            );
            ensure!(
                !app.is_disabled("#create-key-button").await?,
                "Create key is enabled"
            );

            app.click("#create-key-button").await?;
            app.fill("#key-name", "Old deploy").await?;
            app.click("#create-key-submit").await?;
            app.wait("#created-secret").await?;
            app.click("#close-secret").await?;
            app.wait_gone("#create-key-dialog").await?;
            app.click(".key-row[data-name='Old deploy'] .key-revoke")
                .await?;
            app.click("#confirm-yes").await?;
            app.wait_gone(".key-row[data-name='Old deploy']").await?;

            // The empty list says the revoked key is hidden and how to show it.
            app.wait_text("#keys-revoked-hidden", "1 revoked key is hidden")
                .await?;
            app.wait_text("#keys-revoked-hidden", "Show revoked keys")
                .await?;
            ensure!(
                !app.text("#keys-empty").await?.contains("No API keys yet"),
                "not “No API keys yet” while a revoked key exists"
            );
            app.settled_screenshot("api-keys-revoked-hidden").await?;
            app.click("#show-revoked-keys").await?;
            app.wait_text(".key-row[data-name='Old deploy']", "Revoked")
                .await?;
            ensure!(
                app.js(
                    "return document.querySelector('#show-revoked').checked",
                    vec![]
                )
                .await?
                    == serde_json::Value::Bool(true),
                "the toggle shows that revoked keys are shown"
            );
            Ok(())
        })
    })
    .await
}
