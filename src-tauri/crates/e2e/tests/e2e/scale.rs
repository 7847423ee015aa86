//! The members table with 100,000 members: the first page, search and a jump to the end
//! show the right rows while the DOM holds only the visible ones. How fast each is, is
//! the in-window benchmark's business (`cargo xtask bench window`), not a test's.

use crate::flows::{register, switch_to};
use anyhow::{Result, ensure};
use rolecall_e2e::{App, with_app};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
async fn members_table_stays_fluid_with_100000_members() -> Result<()> {
    let app = App::launch().await?;
    with_app("scale", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            switch_to(app, "#switch-personal").await?;
            app.click("#load-demo").await?;
            app.wait_text_for("#switcher-name", "Demo 100000 members", Duration::from_secs(200)).await?;
            app.wait_text_for("#members-count", "members", Duration::from_secs(30)).await?;
            let total: u64 = app.text("#members-count").await?.split_whitespace().next().unwrap_or("0").replace(',', "").parse()?;
            ensure!(total > 90_000, "the demo has {total} active members");

            // First page: from another page back to Members, rows are on screen.
            app.click("#nav-settings").await?;
            app.wait("#org-settings-form").await?;
            app.click("#nav-members").await?;
            app.wait_until("document.querySelectorAll('.member-row:not(.placeholder)').length >= 10")
                .await?;
            let rendered = app.count(".member-row").await?;
            ensure!(rendered < 200, "only visible rows are in the DOM, found {rendered}");
            app.screenshot("members-100k").await?;

            // Search narrows the list to matching names. A common fragment counts up to
            // the cap and says "More than"; a narrower one is counted exactly.
            app.fill("#member-search", "ann").await?;
            app.wait_until(
                "(() => { const text = document.querySelector('#members-count').textContent; \
                  const rows = [...document.querySelectorAll('.member-row:not(.placeholder)')]; \
                  return text.startsWith('More than 1,000 members') && rows.length > 0 && rows.every(r => (r.dataset.email + ' ' + r.textContent).toLowerCase().includes('ann')); })()",
            )
            .await?;
            app.screenshot("members-100k-search").await?;
            app.fill("#member-search", "anna lee").await?;
            app.wait_until(
                "(() => { const text = document.querySelector('#members-count').textContent; \
                  const n = parseInt(text.replace(/,/g, '')); \
                  const rows = [...document.querySelectorAll('.member-row:not(.placeholder)')]; \
                  return n > 0 && n < 1000 && / members?$/.test(text) && rows.length > 0 && rows.every(r => r.textContent.toLowerCase().includes('anna lee')); })()",
            )
            .await?;

            // Clear the search, then jump to the end: the last members appear.
            app.js(
                "const s = document.querySelector('#member-search'); s.value = ''; s.dispatchEvent(new Event('input', { bubbles: true })); return true;",
                vec![],
            )
            .await?;
            app.wait_until(
                "parseInt(document.querySelector('#members-count').textContent.replace(/,/g, '')) > 90000 && document.querySelectorAll('.member-row:not(.placeholder)').length > 0",
            )
            .await?;
            let last = total - 1;
            app.js(
                "const b = document.querySelector('#members-body'); b.scrollTop = b.scrollHeight; return true;",
                vec![],
            )
            .await?;
            app.wait_until(&format!(
                "document.querySelector(\".member-row[data-index='{last}']:not(.placeholder)\") !== null"
            ))
            .await?;
            let rendered = app.count(".member-row").await?;
            ensure!(rendered < 200, "after the jump only visible rows are in the DOM, found {rendered}");
            // The rows are taller than a spacer may be: the scroll position is scaled, yet
            // the last row is in view and the row under the pointer is the one that opens.
            let spacer: f64 = app
                .js("return document.querySelector('#members-body .table-spacer').getBoundingClientRect().height;", vec![])
                .await?
                .as_f64()
                .unwrap_or(0.0);
            ensure!(
                spacer <= 4_000_000.0 && (total as f64) * 52.0 > spacer,
                "the spacer is capped ({spacer}px for {total} rows)"
            );
            let under_pointer = app
                .js(
                    &format!(
                        "const body = document.querySelector('#members-body').getBoundingClientRect(); \
                         const row = document.querySelector(\".member-row[data-index='{last}']\").getBoundingClientRect(); \
                         if (row.top < body.top - 1 || row.bottom > body.bottom + 1) return 'out of view'; \
                         const hit = document.elementFromPoint(row.left + 40, row.top + row.height / 2); \
                         const found = hit && hit.closest('.member-row'); \
                         return found ? found.dataset.index + ' ' + found.dataset.email : 'nothing';"
                    ),
                    vec![],
                )
                .await?;
            let under_pointer = under_pointer.as_str().unwrap_or_default().to_string();
            let email = under_pointer.split(' ').nth(1).unwrap_or_default().to_string();
            ensure!(
                under_pointer.starts_with(&format!("{last} ")),
                "the last row is under the pointer where it is drawn: {under_pointer}"
            );
            app.click(&format!(".member-row[data-index='{last}'] .member-open")).await?;
            app.wait_text("#drawer-email", &email).await?;
            app.screenshot("members-100k-end").await?;
            Ok(())
        })
    })
    .await
}
