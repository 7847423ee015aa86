//! Roles & permissions in the real window: templates, custom roles created and edited
//! with inline validation, the permission matrix, delete only for roles nobody holds
//! (R27); no escalation for a non-Owner who manages roles (R29); a Member reviews roles
//! without any management control (R30).

use crate::flows::{join_as_member, log_out, register, row, set_theme, sign_in, switch_to};
use anyhow::{Result, ensure};
use rolecall_e2e::{App, with_app};

const ESCAPE: &str = "\u{E00C}";
const ENTER: &str = "\u{E007}";

/// The table row of the role called `name`.
fn role(name: &str) -> String {
    format!(".role-row[data-role='{name}']")
}

/// The role names in table order.
async fn order(app: &App) -> Result<Vec<String>> {
    let value = app
        .js(
            "return [...document.querySelectorAll('.role-row')].map(r => r.dataset.role)",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(value)?)
}

#[tokio::test(flavor = "multi_thread")]
async fn r27_owner_adds_template_creates_edits_and_deletes_roles() -> Result<()> {
    let app = App::launch().await?;
    with_app("roles-owner", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            app.click("#nav-roles").await?;
            app.wait(&role("Owner")).await?;
            ensure!(
                order(app).await? == ["Owner", "Admin", "Member"],
                "system roles, highest level first"
            );
            app.wait("#roles-only-system").await?;
            app.wait_text(&format!("{} .role-holders", role("Owner")), "1 holder")
                .await?;
            // System roles are read-only (R27).
            let owner_edit = format!("{} .role-edit", role("Owner"));
            ensure!(
                app.is_disabled(&owner_edit).await?,
                "the Owner role is read-only"
            );
            ensure!(
                app.attribute(&owner_edit, "title")
                    .await?
                    .contains("system role and cannot be edited"),
                "the disabled Edit says why"
            );
            ensure!(
                app.is_disabled(&format!("{} .role-delete", role("Member")))
                    .await?,
                "the Member role cannot be deleted"
            );
            app.settled_screenshot("roles-system-only").await?;

            // Add the Developer template; it is then no longer offered.
            app.click("#add-template-button").await?;
            app.wait("#template-dialog").await?;
            ensure!(
                app.count(".template-option").await? == 5,
                "five templates on offer"
            );
            app.settled_screenshot("roles-templates").await?;
            app.click("#template-add-developer").await?;
            app.wait_gone("#template-dialog").await?;
            app.wait_text(".toast", "Developer (level 40) was added")
                .await?;
            app.wait_text(
                &format!("{} .role-summary", role("Developer")),
                "API keys: view",
            )
            .await?;
            app.click("#add-template-button").await?;
            app.wait("#template-dialog").await?;
            ensure!(
                app.count(".template-option").await? == 4
                    && app
                        .count(".template-option[data-template='Developer']")
                        .await?
                        == 0,
                "Developer is no longer offered"
            );
            app.press(ESCAPE).await?;
            app.wait_gone("#template-dialog").await?;

            // New role: inline validation, then a valid role.
            app.click("#new-role-button").await?;
            app.wait("#role-dialog").await?;
            app.click("#role-submit").await?;
            app.wait_text("#role-name-error", "Role name is required")
                .await?;
            app.wait_text("#role-level-error", "whole number from 1 to 99")
                .await?;
            app.fill("#role-name", "Support lead").await?;
            app.fill("#role-level", "120").await?;
            app.wait_text("#role-level-error", "1 to 99").await?;
            ensure!(
                app.text("#role-name-error").await?.is_empty(),
                "the name error goes once the name is valid"
            );
            app.fill("#role-level", "45").await?;
            app.click("#perm-members-view").await?;
            app.click("#perm-members-invite").await?;
            app.click("#perm-agents-view").await?;
            app.wait_text("#role-permission-count", "4 of 18").await?;
            app.click("#role-submit").await?;
            app.wait_gone("#role-dialog").await?;
            app.wait_text(
                &format!("{} .role-summary", role("Support lead")),
                "Organization: view · Members: view, invite · Agents: view",
            )
            .await?;
            ensure!(
                order(app).await? == ["Owner", "Admin", "Support lead", "Developer", "Member"],
                "custom role sorted by level: {:?}",
                order(app).await?
            );
            ensure!(
                app.count("#roles-only-system").await? == 0,
                "the empty state is gone"
            );

            // A duplicate name is refused by the core, next to the name.
            app.click("#new-role-button").await?;
            app.fill("#role-name", "developer").await?;
            app.fill("#role-level", "30").await?;
            app.click("#role-submit").await?;
            app.wait_text("#role-name-error", "already has a role called")
                .await?;
            app.click("#role-cancel").await?;
            app.wait_gone("#role-dialog").await?;

            // Edit it and save with Enter.
            app.click(&format!("{} .role-edit", role("Support lead")))
                .await?;
            app.wait_text("#role-dialog-title", "Edit Support lead")
                .await?;
            app.click("#perm-members-invite").await?;
            app.click("#perm-billing-view").await?;
            app.fill("#role-level", "55").await?;
            app.fill("#role-name", "Support leads").await?;
            app.settled_screenshot("roles-edit-dialog").await?;
            app.press(ENTER).await?;
            app.wait_gone("#role-dialog").await?;
            app.wait_text(&format!("{} .role-level", role("Support leads")), "55")
                .await?;
            app.wait_text(
                &format!("{} .role-summary", role("Support leads")),
                "Billing: view",
            )
            .await?;
            app.assert_no_horizontal_scroll().await?;
            app.settled_screenshot("roles").await?;

            // The matrix: roles × permissions with grouped headers.
            app.click("#roles-tab-matrix").await?;
            app.wait("#roles-matrix").await?;
            ensure!(
                app.count(".matrix-row").await? == 5,
                "one matrix row per role"
            );
            ensure!(
                app.count(".matrix-group").await? == 5,
                "five groups span several columns"
            );
            let leads = ".matrix-row[data-role='Support leads']";
            app.wait(&format!("{leads} td.yes[data-permission='billing.view']"))
                .await?;
            app.wait(&format!("{leads} td.no[data-permission='members.invite']"))
                .await?;
            app.wait_text(
                &format!("{leads} td[data-permission='billing.view']"),
                "Yes",
            )
            .await?;
            app.assert_no_horizontal_scroll().await?;
            app.settled_screenshot("roles-matrix").await?;
            // Arrow keys move between the tabs.
            app.js(
                "document.querySelector('#roles-tab-matrix').focus()",
                vec![],
            )
            .await?;
            app.press("\u{E012}").await?;
            app.wait("#roles-table").await?;

            // A role held by a pending invitation cannot be deleted.
            app.click("#nav-members").await?;
            app.click("#invite-button").await?;
            app.fill("#invite-first", "Bob").await?;
            app.fill("#invite-last", "Ray").await?;
            app.fill("#invite-email", "bob@example.com").await?;
            app.select("#invite-role", "Developer").await?;
            app.click("#invite-submit").await?;
            app.wait_text("#invite-created", "can join as Developer")
                .await?;
            app.click("#invite-done").await?;
            app.click("#nav-roles").await?;
            let dev_delete = format!("{} .role-delete", role("Developer"));
            app.wait_text(&format!("{} .role-holders", role("Developer")), "1 holder")
                .await?;
            ensure!(
                app.is_disabled(&dev_delete).await?,
                "a held role cannot be deleted"
            );
            let why = app.attribute(&dev_delete, "title").await?;
            ensure!(
                why.contains("held by 1 holder"),
                "the reason names the count: {why}"
            );

            // Delete the unheld one: cancel first, then confirm.
            let leads_delete = format!("{} .role-delete", role("Support leads"));
            ensure!(
                !app.is_disabled(&leads_delete).await?,
                "nobody holds Support leads"
            );
            app.click(&leads_delete).await?;
            app.wait_text("#confirm-message", "cannot be undone")
                .await?;
            app.settled_screenshot("roles-delete-confirm").await?;
            app.click("#confirm-no").await?;
            app.wait_gone("#confirm-dialog").await?;
            app.wait(&role("Support leads")).await?;
            app.click(&leads_delete).await?;
            app.click("#confirm-yes").await?;
            app.wait_gone(&role("Support leads")).await?;
            app.wait_text(".toast", "Support leads was deleted").await?;

            // Dark theme.
            set_theme(app, "Dark", "#nav-roles").await?;
            app.wait(&role("Developer")).await?;
            app.settled_screenshot("roles-dark").await?;
            app.click("#roles-tab-matrix").await?;
            app.wait("#roles-matrix").await?;
            app.settled_screenshot("roles-matrix-dark").await?;
            app.click("#roles-tab-table").await?;
            app.click(&format!("{} .role-edit", role("Developer")))
                .await?;
            app.wait("#role-dialog").await?;
            app.settled_screenshot("roles-edit-dialog-dark").await?;
            app.press(ESCAPE).await?;
            app.wait_gone("#role-dialog").await?;
            set_theme(app, "System (follows your OS)", "#nav-roles").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn r30_member_sees_roles_but_no_management_controls() -> Result<()> {
    let app = App::launch().await?;
    with_app("roles-member", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            app.click("#nav-roles").await?;
            app.click("#add-template-button").await?;
            app.click("#template-add-viewer").await?;
            app.wait(&role("Viewer")).await?;
            join_as_member(app, "Bob", "Ray", "bob@example.com").await?;
            app.click("#nav-roles").await?;
            app.wait(&role("Viewer")).await?;
            ensure!(
                order(app).await? == ["Owner", "Admin", "Viewer", "Member"],
                "the Member sees every role"
            );
            app.wait_text(&format!("{} .role-holders", role("Member")), "1 holder")
                .await?;
            app.wait("#roles-read-only").await?;
            for control in [
                "#add-template-button",
                "#new-role-button",
                ".role-edit",
                ".role-delete",
                "#role-dialog",
            ] {
                ensure!(
                    app.count(control).await? == 0,
                    "a Member must not see {control}"
                );
            }
            app.settled_screenshot("roles-as-member").await?;
            app.click("#roles-tab-matrix").await?;
            app.wait("#roles-matrix").await?;
            ensure!(
                app.count(".matrix-row").await? == 4,
                "the matrix shows every role"
            );
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn r29_role_manager_cannot_give_what_they_lack() -> Result<()> {
    let app = App::launch().await?;
    with_app("roles-no-escalation", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            app.click("#nav-roles").await?;
            app.click("#new-role-button").await?;
            app.fill("#role-name", "Role keeper").await?;
            app.fill("#role-level", "60").await?;
            app.click("#perm-members-view").await?;
            app.click("#perm-roles-manage").await?;
            app.click("#role-submit").await?;
            app.wait(&role("Role keeper")).await?;

            // Bob joins as Member; the Owner gives him the role in the Members table.
            join_as_member(app, "Bob", "Ray", "bob@example.com").await?;
            log_out(app).await?;
            sign_in(app, "ann@example.com").await?;
            switch_to(app, "#switch-lee-company").await?;
            app.click("#nav-members").await?;
            let bob = row("bob@example.com");
            app.wait(&bob).await?;
            app.select(&format!("{bob} .role-select"), "Role keeper")
                .await?;
            app.wait_text(".toast", "Bob Ray is now Role keeper")
                .await?;
            app.click("#nav-roles").await?;
            app.wait_text(
                &format!("{} .role-holders", role("Role keeper")),
                "1 holder",
            )
            .await?;
            log_out(app).await?;

            // Bob manages roles, but only below his level and within his permissions.
            sign_in(app, "bob@example.com").await?;
            switch_to(app, "#switch-lee-company").await?;
            app.wait_text("#switcher-role", "Role keeper").await?;
            app.click("#nav-roles").await?;
            app.wait(&role("Role keeper")).await?;
            let own_edit = format!("{} .role-edit", role("Role keeper"));
            ensure!(
                app.is_disabled(&own_edit).await?,
                "nobody edits their own role"
            );
            ensure!(
                app.attribute(&own_edit, "title")
                    .await?
                    .contains("your own role"),
                "the reason is given"
            );
            let admin_edit = format!("{} .role-edit", role("Admin"));
            ensure!(app.is_disabled(&admin_edit).await?, "Admin is read-only");
            app.click("#add-template-button").await?;
            let viewer = "#template-add-viewer";
            ensure!(
                app.is_disabled(viewer).await?,
                "Viewer holds Agents · View, which Bob lacks"
            );
            let why = app.attribute(viewer, "title").await?;
            ensure!(why.contains("Agents · View"), "the reason names it: {why}");
            app.press(ESCAPE).await?;
            app.wait_gone("#template-dialog").await?;

            app.click("#new-role-button").await?;
            app.wait("#role-dialog").await?;
            app.wait_text("#role-level-hint", "below your own level (60")
                .await?;
            ensure!(
                app.is_disabled("#perm-billing-view").await?,
                "Bob lacks Billing · View"
            );
            let why = app.attribute("#perm-billing-view", "title").await?;
            ensure!(
                why.contains("You do not hold Billing · View yourself"),
                "the checkbox says why: {why}"
            );
            ensure!(
                !app.is_disabled("#perm-members-view").await?,
                "Bob may give Members · View"
            );
            ensure!(
                app.count(".perm-option.locked").await? == 15,
                "every permission Bob lacks is locked"
            );
            app.fill("#role-name", "Helper").await?;
            app.fill("#role-level", "60").await?;
            app.click("#perm-members-view").await?;
            app.click("#role-submit").await?;
            app.wait_text("#role-level-error", "below your own (60)")
                .await?;
            app.settled_screenshot("roles-no-escalation").await?;
            app.fill("#role-level", "30").await?;
            app.click("#role-submit").await?;
            app.wait_gone("#role-dialog").await?;
            app.wait_text(
                &format!("{} .role-summary", role("Helper")),
                "Members: view",
            )
            .await?;
            ensure!(
                !app.is_disabled(&format!("{} .role-edit", role("Helper")))
                    .await?,
                "Bob may edit a role below his own"
            );
            Ok(())
        })
    })
    .await
}
