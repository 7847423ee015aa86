//! The Members page in the real window where the core guards what it shows: a member's
//! detail without the permissions for their phone and activity (R43), and a search the
//! core would refuse.

use crate::flows::{join_as_member, register, row};
use anyhow::{Result, ensure};
use rolecall_e2e::{App, with_app};

#[tokio::test(flavor = "multi_thread")]
async fn r43_member_detail_says_which_permission_shows_activity() -> Result<()> {
    let app = App::launch().await?;
    with_app("member-detail-permissions", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            join_as_member(app, "Bob", "Ray", "bob@example.com").await?;
            app.click("#nav-members").await?;
            // Bob, a Member, opens the Owner's detail.
            app.click(&format!("{} .member-open", row("ann@example.com")))
                .await?;
            app.wait_text("#drawer-activity-hidden", "Audit log · View")
                .await?;
            ensure!(app.count("#drawer-phone").await? == 0, "no phone row");
            ensure!(
                app.count("#drawer-activity").await? == 0,
                "no activity list that would look empty"
            );
            app.settled_screenshot("member-detail-as-member").await?;
            app.click("#drawer-close").await?;
            app.wait_gone("#member-drawer").await?;
            // His own detail is whole.
            app.click(&format!("{} .member-open", row("bob@example.com")))
                .await?;
            app.wait("#drawer-phone").await?;
            ensure!(
                app.count("#drawer-activity-hidden").await? == 0,
                "everyone sees their own activity"
            );
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_search_with_a_control_character_is_refused_under_the_search_box() -> Result<()> {
    let app = App::launch().await?;
    with_app("members-search-refused", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            app.wait(&row("ann@example.com")).await?;
            // A pasted tab survives in a search field; typing one would move the focus.
            app.js(
                "const box = document.querySelector('#member-search'); \
                 box.value = 'ann\\tlee'; box.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![],
            )
            .await?;
            app.wait_text("#member-search-error", "cannot contain control characters")
                .await?;
            app.wait(&row("ann@example.com")).await?;
            app.settled_screenshot("members-search-refused").await?;
            app.fill("#member-search", "ann").await?;
            app.wait_until("document.querySelector('#member-search-error').textContent === ''")
                .await?;
            Ok(())
        })
    })
    .await
}
