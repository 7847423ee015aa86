//! The main flows of Rolecall, clicked through in the real window.

use anyhow::{Result, ensure};
use rolecall_e2e::{App, with_app};

pub const PASSWORD: &str = "correct horse battery";

/// Fills and submits the Register form.
pub async fn register(app: &App, first: &str, last: &str, email: &str) -> Result<()> {
    app.fill("#first-name", first).await?;
    app.fill("#last-name", last).await?;
    app.fill("#email", email).await?;
    app.fill("#password", PASSWORD).await?;
    app.fill("#password-confirmation", PASSWORD).await?;
    app.click("#register-submit").await?;
    app.wait(".shell").await?;
    Ok(())
}

pub async fn sign_in(app: &App, email: &str) -> Result<()> {
    app.fill("#signin-email", email).await?;
    app.fill("#signin-password", PASSWORD).await?;
    app.click("#signin-submit").await?;
    app.wait(".shell").await?;
    Ok(())
}

pub async fn log_out(app: &App) -> Result<()> {
    app.click("#logout-button").await?;
    app.wait("#signin-form").await?;
    Ok(())
}

/// Adds `first last <email>`, who does not sign in (R19), to the organization on screen.
pub async fn add_member(app: &App, first: &str, last: &str, email: &str) -> Result<()> {
    app.click("#nav-members").await?;
    app.click("#add-member-button").await?;
    app.fill("#invite-first", first).await?;
    app.fill("#invite-last", last).await?;
    app.fill("#invite-email", email).await?;
    app.click("#invite-submit").await?;
    app.wait_gone("#invite-dialog").await?;
    app.wait(&row(email)).await?;
    Ok(())
}

/// Opens the switcher and picks the entry with this element id.
pub async fn switch_to(app: &App, entry: &str) -> Result<()> {
    app.click("#switcher-button").await?;
    app.click(entry).await?;
    app.wait_gone("#switcher-menu").await
}

/// The member row of `email` (waits for it).
pub fn row(email: &str) -> String {
    format!(".member-row[data-email='{email}']")
}

#[tokio::test(flavor = "multi_thread")]
async fn register_shows_main_company_and_owner_row() -> Result<()> {
    let app = App::launch().await?;
    with_app("register", app, |app| {
        Box::pin(async move {
            app.wait("#register-form").await?;
            app.screenshot("register").await?;
            register(app, "Ann", "Lee", "ann@example.com").await?;
            app.wait_text("#switcher-name", "Lee Company").await?;
            app.wait_text("#switcher-role", "Owner").await?;
            app.wait(&row("ann@example.com")).await?;
            app.wait_text("#route-path", "/o/lee-company/members")
                .await?;
            app.wait_text("#account-plan", "Free plan · Lee Company")
                .await?;
            app.screenshot("members").await?;
            ensure!(
                app.count("#invite-button").await? == 1,
                "the Owner sees the invite button"
            );
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_inputs_show_their_messages_next_to_the_fields() -> Result<()> {
    let app = App::launch().await?;
    with_app("bad-inputs", app, |app| {
        Box::pin(async move {
            app.click("#register-submit").await?;
            app.wait_text("#first-name-error", "First name is required")
                .await?;
            app.fill("#first-name", "Ann").await?;
            app.fill("#last-name", "Lee").await?;
            app.fill("#email", "ann@localhost").await?;
            app.fill("#password", "short").await?;
            app.fill("#password-confirmation", "shorter").await?;
            app.wait_text("#email-error", "needs a dot").await?;
            app.wait_text("#password-error", "at least 8 characters")
                .await?;
            app.wait_text("#password-confirmation-error", "do not match")
                .await?;
            app.screenshot("register-errors").await?;
            ensure!(app.count(".shell").await? == 0, "nothing was created");
            app.fill("#email", "ann@example.com").await?;
            app.fill("#password", PASSWORD).await?;
            app.fill("#password-confirmation", PASSWORD).await?;
            app.click("#register-submit").await?;
            app.wait(".shell").await?;
            // Create organization: a slug with a space and one already taken.
            switch_to(app, "#switch-create").await?;
            app.fill("#create-org-name", "Acme").await?;
            app.fill("#create-org-slug", "acme corp").await?;
            app.wait_text("#create-org-slug-error", "not spaces")
                .await?;
            app.fill("#create-org-slug", "lee-company").await?;
            app.click("#create-org-submit").await?;
            app.wait_text(
                "#create-org-slug-error",
                "Slug 'lee-company' is taken — try 'lee-company-2'",
            )
            .await?;
            app.screenshot("create-organization-error").await?;
            // Wrong current password when changing it.
            app.click("#account-settings-button").await?;
            app.click("#account-tab-account").await?;
            app.fill("#current-password", "wrong password").await?;
            app.fill("#new-password", "another good one").await?;
            app.fill("#new-password-confirmation", "another good one")
                .await?;
            app.click("#password-save").await?;
            app.wait_text("#current-password-error", "current password is not correct")
                .await?;
            app.screenshot("account-settings-password").await?;
            Ok(())
        })
    })
    .await
}

/// The whole life of an organization: create, invite, accept, change, transfer, leave, delete.
#[tokio::test(flavor = "multi_thread")]
async fn organization_lifecycle_from_register_to_delete() -> Result<()> {
    let app = App::launch().await?;
    with_app("lifecycle", app, |app| {
        Box::pin(async move {
            let bob_row = row("bob@example.com");
            register(app, "Ann", "Lee", "ann@example.com").await?;
            app.wait_text("#switcher-name", "Lee Company").await?;

            // Create an organization with a blank slug: the generated one is shown.
            app.click("#switcher-button").await?;
            app.wait("#switcher-menu").await?;
            app.screenshot("switcher").await?;
            app.click("#switch-create").await?;
            app.fill("#create-org-name", "Acme Labs").await?;
            app.wait_text("#slug-preview", "/o/acme-labs/").await?;
            app.screenshot("create-organization").await?;
            app.click("#create-org-submit").await?;
            app.wait_text("#switcher-name", "Acme Labs").await?;
            app.wait_text("#route-path", "/o/acme-labs/members").await?;

            // Switch contexts with the keyboard: Ctrl+K, filter, Enter.
            app.press("\u{E009}k").await?;
            app.wait("#switcher-filter").await?;
            app.fill("#switcher-filter", "lee").await?;
            app.press("\u{E007}").await?;
            app.wait_text("#switcher-name", "Lee Company").await?;
            switch_to(app, "#switch-acme-labs").await?;
            app.wait_text("#switcher-name", "Acme Labs").await?;

            // Invite Bob; no e-mail is sent, the text can be copied.
            app.click("#invite-button").await?;
            app.fill("#invite-first", "Bob").await?;
            app.fill("#invite-last", "Ray").await?;
            app.fill("#invite-email", "bob@example.com").await?;
            app.screenshot("invite-dialog").await?;
            app.click("#invite-submit").await?;
            app.wait_text("#invite-created", "bob@example.com can join as Member")
                .await?;
            let text = app.text("#invitation-text").await?;
            ensure!(
                text.contains("Acme Labs") && text.contains("bob@example.com"),
                "invitation text: {text}"
            );
            app.click("#invite-done").await?;
            app.click("#tab-invited").await?;
            app.wait(".invitation[data-email='bob@example.com']")
                .await?;
            app.screenshot("members-invited").await?;
            log_out(app).await?;

            // Bob registers: the organization is greyed with a badge; switching accepts.
            app.click("#show-register").await?;
            register(app, "Bob", "Ray", "bob@example.com").await?;
            app.wait_text("#pending-badge", "1").await?;
            app.click("#switcher-button").await?;
            let class = app
                .js(
                    "return document.querySelector('#switch-acme-labs').className",
                    vec![],
                )
                .await?;
            ensure!(
                class.as_str().unwrap_or_default().contains("pending"),
                "the invitation is greyed: {class}"
            );
            app.screenshot("switcher-pending-invitation").await?;
            app.click("#switch-acme-labs").await?;
            app.wait_text("#switcher-name", "Acme Labs").await?;
            app.wait_text("#switcher-role", "Member").await?;
            app.wait(&row("ann@example.com")).await?;
            // A Member sees no invite button and no role dropdowns.
            ensure!(
                app.count("#invite-button").await? == 0,
                "a Member must not see Invite"
            );
            ensure!(
                app.count(".role-select").await? == 0,
                "a Member must not see role dropdowns"
            );
            ensure!(
                app.count(".row-remove").await? == 0,
                "a Member must not see Remove"
            );
            app.screenshot("members-as-member").await?;
            log_out(app).await?;

            // The Owner opens Bob's details, changes his role, deactivates and activates him.
            app.screenshot("sign-in").await?;
            sign_in(app, "ann@example.com").await?;
            switch_to(app, "#switch-acme-labs").await?;
            app.click(&format!("{bob_row} .member-open")).await?;
            app.wait_text("#drawer-role", "Member (level 10)").await?;
            app.wait_text("#drawer-permissions", "Agents").await?;
            app.screenshot("member-detail").await?;
            app.click("#drawer-close").await?;
            app.wait_gone("#member-drawer").await?;
            app.wait(&bob_row).await?;
            app.select(&format!("{bob_row} .role-select"), "Admin")
                .await?;
            app.wait(".toast").await?;
            app.wait_text(".toast", "Bob Ray is now Admin").await?;
            app.click(&format!("{bob_row} .row-deactivate")).await?;
            app.wait_text("#confirm-title", "Deactivate Bob Ray?")
                .await?;
            app.screenshot("confirm-deactivate").await?;
            app.click("#confirm-yes").await?;
            app.wait_gone(&bob_row).await?;
            app.click("#tab-deactivated").await?;
            app.click(&format!("{bob_row} .row-activate")).await?;
            app.wait_gone(&bob_row).await?;
            app.click("#tab-active").await?;
            app.wait(&bob_row).await?;

            // Transfer ownership from the danger zone: Ann becomes Admin.
            app.click("#nav-settings").await?;
            app.fill("#transfer-email", "nobody@example.com").await?;
            app.click("#transfer-button").await?;
            app.wait_text("#transfer-email-error", "is not an active member")
                .await?;
            app.fill("#transfer-email", "bob@example.com").await?;
            app.click("#transfer-button").await?;
            app.wait_text("#confirm-title", "Make Bob Ray the Owner of Acme Labs?")
                .await?;
            app.click("#confirm-yes").await?;
            app.wait_text("#switcher-role", "Admin").await?;

            // The former Owner leaves.
            app.screenshot("organization-settings").await?;
            app.click("#leave-org").await?;
            app.wait_text("#confirm-yes", "Yes, leave it").await?;
            app.wait_text("#confirm-no", "No, it's a mistake").await?;
            app.click("#confirm-yes").await?;
            app.wait_text("#switcher-name", "Lee Company").await?;
            app.click("#switcher-button").await?;
            ensure!(
                app.count("#switch-acme-labs").await? == 0,
                "Ann no longer sees Acme Labs"
            );
            app.press("\u{E00C}").await?;
            log_out(app).await?;

            // The new Owner deletes it after typing the slug.
            sign_in(app, "bob@example.com").await?;
            switch_to(app, "#switch-acme-labs").await?;
            app.click("#nav-settings").await?;
            app.fill("#delete-org-slug", "acme").await?;
            app.click("#delete-org-button").await?;
            app.wait_text(
                "#delete-org-slug-error",
                "Type the slug 'acme-labs' exactly",
            )
            .await?;
            app.fill("#delete-org-slug", "acme-labs").await?;
            app.click("#delete-org-button").await?;
            app.wait_text("#confirm-message", "cannot be undone")
                .await?;
            app.click("#confirm-yes").await?;
            app.wait_text(".toast", "Acme Labs was deleted").await?;
            app.click("#switcher-button").await?;
            ensure!(
                app.count("#switch-acme-labs").await? == 0,
                "Acme Labs is gone"
            );
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn account_settings_company_theme_activity_and_billing() -> Result<()> {
    let app = App::launch().await?;
    with_app("account", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            app.click("#account-settings-button").await?;
            app.wait_text("#company-role", "Owner").await?;
            app.fill("#profile-phone", "+44 20 7946 0000").await?;
            app.click("#profile-save").await?;
            app.wait_text(".toast", "Personal data saved").await?;
            // The Owner renames the main company here.
            app.fill("#company-name", "Lee & Partners").await?;
            app.click("#company-save").await?;
            app.wait_text("#switcher-name", "Lee & Partners").await?;
            app.screenshot("account-settings").await?;
            app.click("#account-tab-activity").await?;
            app.wait_text("#account-activity", "organization.updated")
                .await?;
            app.wait("#account-logins li").await?;
            app.screenshot("account-activity").await?;
            app.click("#account-panel-toggle").await?;
            app.wait_text("#account-companies", "Lee & Partners")
                .await?;
            app.click("#account-panel-toggle").await?;
            app.click("#account-tab-billing").await?;
            app.wait_text("#account-plan-name", "Free").await?;
            // Dark theme, then the main screens in it.
            app.click("#account-tab-account").await?;
            app.select("#theme-select", "Dark").await?;
            app.wait("html[data-theme='dark']").await?;
            app.screenshot("account-settings-dark").await?;
            app.click("#nav-members").await?;
            app.wait(&row("ann@example.com")).await?;
            app.screenshot("members-dark").await?;
            app.click("#switcher-button").await?;
            app.wait("#switcher-menu").await?;
            app.screenshot("switcher-dark").await?;
            app.press("\u{E00C}").await?;
            app.click("#account-settings-button").await?;
            app.click("#account-tab-account").await?;
            app.select("#theme-select", "System (follows your OS)")
                .await?;
            app.wait_gone("html[data-theme]").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn organization_avatar_upload_is_checked_and_shown() -> Result<()> {
    let app = App::launch().await?;
    with_app("avatar", app, |app| {
        Box::pin(async move {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..");
            let png = root.join("icons/128x128@2x.png").canonicalize()?;
            let not_an_image = root.join("Cargo.toml").canonicalize()?;
            register(app, "Ann", "Lee", "ann@example.com").await?;
            app.click("#nav-settings").await?;
            app.type_into("#org-avatar-input", &not_an_image.display().to_string())
                .await?;
            app.wait_text("#org-avatar-error", "Only PNG, JPEG or WebP images")
                .await?;
            ensure!(
                app.count("#org-avatar-image").await? == 0,
                "a refused file sets no avatar"
            );
            app.type_into("#org-avatar-input", &png.display().to_string())
                .await?;
            app.wait("#org-avatar-image").await?;
            let src = app
                .js(
                    "return document.querySelector('#org-avatar-image').getAttribute('src')",
                    vec![],
                )
                .await?;
            ensure!(
                src.as_str()
                    .unwrap_or_default()
                    .starts_with("data:image/png;base64,"),
                "avatar src: {src}"
            );
            let width = app
                .js(
                    "return document.querySelector('#org-avatar-image').naturalWidth",
                    vec![],
                )
                .await?;
            ensure!(
                width.as_u64() == Some(256),
                "stored at most 256 wide, got {width}"
            );
            // The switcher shows the organization's picture instead of its initials.
            app.wait("#switcher-avatar").await?;
            app.screenshot("organization-settings-avatar").await?;
            app.click("#org-avatar-remove").await?;
            app.wait_gone("#org-avatar-image").await?;
            app.wait_gone("#switcher-avatar").await?;
            Ok(())
        })
    })
    .await
}

/// R10: a file over the avatar limit is refused from its size alone: the window never
/// reads it (nor sends it), and says so under the control.
#[tokio::test(flavor = "multi_thread")]
async fn r10_avatar_too_large_is_refused_before_reading() -> Result<()> {
    let app = App::launch().await?;
    with_app("avatar-too-large", app, |app| {
        Box::pin(async move {
            let folder = tempfile::tempdir()?;
            let huge = folder.path().join("huge.png");
            std::fs::File::create(&huge)?.set_len(6 * 1024 * 1024)?;
            let png = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../../icons/128x128@2x.png")
                .canonicalize()?;
            register(app, "Ann", "Lee", "ann@example.com").await?;
            app.click("#nav-settings").await?;
            app.wait("#org-avatar-input").await?;
            // Count the files the page reads.
            app.js(
                "window.__reads = 0; const read = Blob.prototype.arrayBuffer; \
                 Blob.prototype.arrayBuffer = function () { window.__reads += 1; return read.call(this); };",
                vec![],
            )
            .await?;
            app.type_into("#org-avatar-input", &huge.display().to_string())
                .await?;
            app.wait_text("#org-avatar-error", "The image is 6.0 MB; avatars can be at most 5 MB")
                .await?;
            let reads = app.js("return window.__reads", vec![]).await?;
            ensure!(reads.as_u64() == Some(0), "the file was read: {reads}");
            ensure!(
                app.count("#org-avatar-image").await? == 0,
                "a refused file sets no avatar"
            );
            app.settled_screenshot("organization-settings-avatar-too-large").await?;
            // A file within the limit is read once, sent, and clears the message.
            app.type_into("#org-avatar-input", &png.display().to_string())
                .await?;
            app.wait("#org-avatar-image").await?;
            app.wait_until("document.querySelector('#org-avatar-error').textContent.trim() === ''")
                .await?;
            let reads = app.js("return window.__reads", vec![]).await?;
            ensure!(reads.as_u64() == Some(1), "reads: {reads}");
            Ok(())
        })
    })
    .await
}

/// Invites `first last <email>` into the current organization with the default role,
/// from the Members page, and closes the dialog.
pub async fn invite(app: &App, first: &str, last: &str, email: &str) -> Result<()> {
    app.click("#nav-members").await?;
    app.click("#invite-button").await?;
    app.fill("#invite-first", first).await?;
    app.fill("#invite-last", last).await?;
    app.fill("#invite-email", email).await?;
    app.click("#invite-submit").await?;
    app.wait_text("#invite-created", email).await?;
    app.click("#invite-done").await?;
    app.wait_gone("#invite-dialog").await
}

/// The signed-in Owner of "Lee Company" invites `first last <email>` with the default
/// role (Member); the invitee registers and switches into the organization. Leaves the
/// invitee signed in, in the organization.
pub async fn join_as_member(app: &App, first: &str, last: &str, email: &str) -> Result<()> {
    invite(app, first, last, email).await?;
    log_out(app).await?;
    app.click("#show-register").await?;
    register(app, first, last, email).await?;
    switch_to(app, "#switch-lee-company").await?;
    app.wait_text("#switcher-role", "Member").await?;
    Ok(())
}

/// Sets the theme in Account settings ("Light", "Dark" or "System (follows your OS)")
/// and comes back to `back` (a menu item selector such as "#nav-roles").
pub async fn set_theme(app: &App, theme: &str, back: &str) -> Result<()> {
    app.click("#account-settings-button").await?;
    app.click("#account-tab-account").await?;
    app.select("#theme-select", theme).await?;
    match theme {
        "Dark" => app.wait("html[data-theme='dark']").await.map(drop)?,
        "Light" => app.wait("html[data-theme='light']").await.map(drop)?,
        _ => app.wait_gone("html[data-theme]").await?,
    }
    app.click(back).await
}

#[tokio::test(flavor = "multi_thread")]
async fn r19_add_member_at_once_and_r23_leave_from_the_members_page() -> Result<()> {
    let app = App::launch().await?;
    with_app("add-member-leave", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            ensure!(
                app.count("#members-leave").await? == 0,
                "the Owner has no Leave button"
            );
            // R19: someone who does not sign in becomes an active member at once.
            app.click("#add-member-button").await?;
            app.wait_text("#invite-notice", "active member at once")
                .await?;
            app.fill("#invite-first", "Cy").await?;
            app.fill("#invite-last", "Moe").await?;
            app.fill("#invite-email", "cy@example.com").await?;
            app.settled_screenshot("add-member-dialog").await?;
            app.click("#invite-submit").await?;
            app.wait_gone("#invite-dialog").await?;
            app.wait(&row("cy@example.com")).await?;
            // An account that can sign in must be invited instead.
            app.click("#add-member-button").await?;
            app.fill("#invite-first", "Ann").await?;
            app.fill("#invite-last", "Again").await?;
            app.fill("#invite-email", "ann@example.com").await?;
            app.click("#invite-submit").await?;
            app.wait_text("#invite-error", "invite them instead")
                .await?;
            // Escape closes the dialog even when the focus has left it.
            app.js(
                "document.activeElement && document.activeElement.blur()",
                vec![],
            )
            .await?;
            app.press("\u{E00C}").await?;
            app.wait_gone("#invite-dialog").await?;

            // R23: a Member leaves from the Members page after confirming.
            join_as_member(app, "Bob", "Ray", "bob@example.com").await?;
            app.click("#nav-members").await?;
            ensure!(
                app.count("#add-member-button").await? == 0,
                "a Member cannot add members"
            );
            app.click("#members-leave").await?;
            app.wait_text("#confirm-yes", "Yes, leave it").await?;
            app.wait_text("#confirm-no", "No, it's a mistake").await?;
            app.click("#confirm-yes").await?;
            // Back in Bob's own company; Lee Company is no longer his.
            app.wait_text("#switcher-name", "Ray Company").await?;
            app.click("#switcher-button").await?;
            app.wait("#switcher-menu").await?;
            ensure!(
                app.count("#switch-lee-company").await? == 0,
                "Lee Company is gone from the switcher"
            );
            app.press("\u{E00C}").await?;
            Ok(())
        })
    })
    .await
}
