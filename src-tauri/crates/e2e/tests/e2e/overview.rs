//! The Overview (§2): figures, seats, pending invitations, the role distribution and
//! activity charts, recent activity and quick actions as the Owner; a Member sees the
//! figures but neither the audit-based parts nor actions it may not use.

use crate::flows::{invite, join_as_member, log_out, set_theme, sign_in};
use anyhow::{Result, ensure};
use rolecall_e2e::{App, with_app};

#[tokio::test(flavor = "multi_thread")]
async fn overview_owner_sees_figures_charts_activity_and_quick_actions() -> Result<()> {
    let app = App::launch().await?;
    with_app("overview-owner", app, |app| {
        Box::pin(async move {
            crate::flows::register(app, "Ann", "Lee", "ann@example.com").await?;
            join_as_member(app, "Bob", "Ray", "bob@example.com").await?;
            log_out(app).await?;
            sign_in(app, "ann@example.com").await?;
            app.wait_text("#switcher-name", "Lee Company").await?;
            // A pending invitation takes the last of the Free plan's 3 seats.
            invite(app, "Cy", "Dunn", "cy@example.com").await?;

            app.click("#nav-overview").await?;
            app.wait_text("#route-path", "/o/lee-company/overview")
                .await?;
            app.wait_text("#stat-members", "2").await?;
            app.wait_text("#stat-seats", "3 of 3").await?;
            app.wait_text("#stat-seats", "· full").await?;
            app.wait_text("#stat-pending", "1").await?;
            app.wait_text("#stat-deactivated", "0").await?;
            app.wait_text("#stat-workspaces", "1").await?;
            app.wait_text("#stat-api-keys", "0").await?;

            // The role chart: one bar per role, with names and counts, and a text alternative.
            let roles = app.text("#role-chart").await?;
            ensure!(
                roles.contains("Owner") && roles.contains("Member"),
                "role chart text: {roles}"
            );
            ensure!(
                app.count("#role-chart .ov-role").await? == 2,
                "two roles are held by active members"
            );
            let label = app
                .js(
                    "const c = document.querySelector('#role-chart'); return [c.getAttribute('role'), c.getAttribute('aria-label')];",
                    vec![],
                )
                .await?;
            ensure!(
                label[0] == "img"
                    && label[1]
                        .as_str()
                        .is_some_and(|l| l.contains("Owner 1") && l.contains("Member 1")),
                "role chart accessibility: {label}"
            );

            // Activity over the last 30 days: 30 days, today's changes, a scale.
            ensure!(
                app.count("#activity-chart .ov-day").await? == 30,
                "the activity chart covers 30 days"
            );
            ensure!(
                app.count("#activity-chart .ov-activity-bar").await? >= 1,
                "today's changes are drawn"
            );
            let axis = app.text("#activity-chart").await?;
            ensure!(axis.contains("Today"), "activity axis: {axis}");
            let max: u64 = app.text("#activity-max").await?.replace(',', "").parse()?;
            ensure!(max >= 1, "the scale has a maximum: {max}");
            app.wait_text("#activity-total", "in the last 30 days")
                .await?;

            // Recent activity, newest first, with a way to the audit log.
            app.wait_text("#recent-list", "Ann Lee").await?;
            app.wait_text("#recent-list .ov-recent-item:first-child", "Invitation sent")
                .await?;
            app.wait_text("#recent-list .ov-recent-item:first-child", "cy@example.com")
                .await?;
            app.assert_no_horizontal_scroll().await?;
            app.settled_screenshot("overview").await?;
            app.js("document.querySelector('#main').scrollTop = 1e6;", vec![])
                .await?;
            app.settled_screenshot("overview-recent").await?;

            // Quick actions open the right page and, where there is one, its dialog.
            app.click("#quick-invite").await?;
            app.wait_text("#route-path", "/o/lee-company/members")
                .await?;
            app.wait(".dialog #invite-first:focus").await?;
            app.press("\u{E00C}").await?;
            app.wait_gone("#invite-first").await?;
            app.click("#nav-overview").await?;
            app.click("#quick-create-key").await?;
            app.wait_text("#route-path", "/o/lee-company/api-keys")
                .await?;
            app.wait(".dialog #key-name:focus").await?;
            app.press("\u{E00C}").await?;
            app.wait_gone("#key-name").await?;
            app.click("#nav-overview").await?;
            app.click("#quick-create-workspace").await?;
            app.wait_text("#route-path", "/o/lee-company/workspaces")
                .await?;
            app.click("#nav-overview").await?;
            app.click("#open-audit-log").await?;
            app.wait_text("#route-path", "/o/lee-company/audit-log")
                .await?;

            // Dark theme: the same screen, with the charts drawn in the dark palette.
            set_theme(app, "Dark", "#nav-overview").await?;
            app.wait("#role-chart").await?;
            app.wait("#activity-chart").await?;
            let fills = app
                .js(
                    "return [...document.querySelectorAll('#role-chart .ov-bar')].map(b => getComputedStyle(b).fill);",
                    vec![],
                )
                .await?;
            ensure!(
                fills.as_array().is_some_and(|f| f.len() == 2 && f[0] != f[1]),
                "each role has its own colour: {fills}"
            );
            app.assert_no_horizontal_scroll().await?;
            app.settled_screenshot("overview-dark").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn overview_member_sees_figures_without_audit_or_actions() -> Result<()> {
    let app = App::launch().await?;
    with_app("overview-member", app, |app| {
        Box::pin(async move {
            crate::flows::register(app, "Ann", "Lee", "ann@example.com").await?;
            join_as_member(app, "Bob", "Ray", "bob@example.com").await?;
            app.click("#nav-overview").await?;
            app.wait_text("#stat-members", "2").await?;
            app.wait_text("#stat-seats", "2 of 3").await?;
            app.wait_text("#stat-pending", "0").await?;
            // Members·view: the role distribution is there.
            let roles = app.text("#role-chart").await?;
            ensure!(
                roles.contains("Owner") && roles.contains("Member"),
                "role chart text: {roles}"
            );
            // No Audit log·view, API keys·view or management permissions.
            for hidden in [
                "#activity-chart",
                "#recent-activity",
                "#open-audit-log",
                "#stat-api-keys",
                "#quick-actions",
                "#quick-invite",
                "#quick-create-key",
                "#quick-create-workspace",
            ] {
                ensure!(
                    app.count(hidden).await? == 0,
                    "a Member must not see {hidden}"
                );
            }
            app.assert_no_horizontal_scroll().await?;
            app.settled_screenshot("overview-member").await?;
            Ok(())
        })
    })
    .await
}
