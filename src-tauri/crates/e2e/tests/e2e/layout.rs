//! Layout at the default 1280×800 window (§2 quality bar): the members table gives its
//! columns the width their text needs and shows cut text in full on hover; user text
//! that cannot break (a 100-character organization name without spaces) wraps or ends
//! in an ellipsis instead of pushing the page, the sidebar or the switcher wider.

use crate::flows::{invite, log_out, register, row, sign_in, switch_to};
use anyhow::{Result, ensure};
use rolecall_e2e::{App, with_app};

/// Checks every rendered member row and returns what is wrong, one line each: the
/// last login, status, role and actions cells show all of their content; the name and
/// e-mail cells carry their full text as a title; the cells line up under the header.
const MEMBER_ROW_PROBLEMS: &str = r#"
const problems = [];
const fits = (e) => e.scrollWidth <= e.clientWidth;
const head = [...document.querySelectorAll('.table-head [role=columnheader]')];
const rows = [...document.querySelectorAll('.member-row:not(.placeholder)')];
if (rows.length === 0) problems.push('no member rows are shown');
for (const r of rows) {
  const who = r.dataset.email;
  const cells = [...r.querySelectorAll(':scope > [role=cell]')];
  if (cells.length !== head.length) { problems.push(`${who}: ${cells.length} cells under ${head.length} headers`); continue; }
  cells.forEach((c, i) => {
    if (head[i].classList.contains('sr-only')) return;
    const dx = Math.abs(c.getBoundingClientRect().left - head[i].getBoundingClientRect().left);
    if (dx > 1) problems.push(`${who}: cell ${i} is ${dx}px off its header`);
  });
  const [name, email, role, login, status, actions] = cells;
  const button = name.querySelector('.member-open');
  const full = button ? button.textContent.trim() : '';
  if (name.title !== full || !button || button.title !== full) problems.push(`${who}: the name's title is ${JSON.stringify(button && button.title)}, not ${JSON.stringify(full)}`);
  if (email.title !== who) problems.push(`${who}: the e-mail's title is ${JSON.stringify(email.title)}`);
  const when = login.textContent.trim();
  if (!fits(login)) problems.push(`${who}: last login ${JSON.stringify(when)} is cut (${login.scrollWidth} > ${login.clientWidth})`);
  if (login.title !== when) problems.push(`${who}: the last login's title is ${JSON.stringify(login.title)}`);
  if (!fits(status)) problems.push(`${who}: status ${JSON.stringify(status.textContent.trim())} is cut`);
  if (!fits(role)) problems.push(`${who}: role is cut (${role.scrollWidth} > ${role.clientWidth})`);
  if (!fits(actions)) problems.push(`${who}: row actions are cut (${actions.scrollWidth} > ${actions.clientWidth})`);
}
return problems;
"#;

/// Whether the name (with its badge) and the e-mail of the member row `arguments[0]`
/// are shown in full.
const ROW_TEXT_FITS: &str = r#"
const r = document.querySelector(`.member-row[data-email='${arguments[0]}']`);
const [name, email] = r.querySelectorAll(':scope > [role=cell]');
const button = name.querySelector('.member-open');
const badge = name.querySelector('.badge');
const inside = !badge || badge.getBoundingClientRect().right <= name.getBoundingClientRect().right + 0.5;
return button.scrollWidth <= button.clientWidth && inside && email.scrollWidth <= email.clientWidth;
"#;

/// How many pixels of the actions cell of row `arguments[0]` are left empty after its
/// last button, and how far its first button starts from the cell's left edge.
const ACTION_GAPS: &str = r#"
const r = document.querySelector(`.member-row[data-email='${arguments[0]}']`);
const cell = r.querySelector('.row-actions');
const buttons = cell.querySelectorAll('button');
const box = cell.getBoundingClientRect();
return [box.right - buttons[buttons.length - 1].getBoundingClientRect().right,
        buttons[0].getBoundingClientRect().left - box.left, buttons.length];
"#;

/// Elements under `arguments[0]` that scroll sideways, whose content spills out of
/// their box, or that reach past the box clipping them (the root or an ancestor with
/// hidden overflow) and so are cut without an ellipsis; one line each. Text cut with an
/// ellipsis is fine: it carries its full text as a title.
const SPILLS: &str = r#"
const root = document.querySelector(arguments[0]);
if (!root) return [`${arguments[0]} is missing`];
const clip = (e) => {
  for (let a = e.parentElement; a; a = a.parentElement) {
    if (a === root || getComputedStyle(a).overflowX !== 'visible') return a;
  }
  return root;
};
const found = [];
for (const e of [root, ...root.querySelectorAll('*')]) {
  if (['INPUT', 'SELECT', 'TEXTAREA', 'OPTION'].includes(e.tagName)) continue;
  const style = getComputedStyle(e);
  const box = e.getBoundingClientRect();
  if (style.display === 'none' || style.position === 'fixed' || box.width <= 1) continue;
  const label = `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')} "${e.textContent.trim().slice(0, 24)}"`;
  if (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1) {
    if (style.overflowX === 'visible') found.push(`${label} spills ${e.scrollWidth - e.clientWidth}px out of its box`);
    else if (style.textOverflow !== 'ellipsis' && style.overflowX !== 'hidden' && style.overflowX !== 'clip') found.push(`${label} scrolls sideways by ${e.scrollWidth - e.clientWidth}px`);
  }
  if (e === root) continue;
  const a = clip(e);
  if (getComputedStyle(a).textOverflow === 'ellipsis') continue;
  const edge = a.getBoundingClientRect();
  if (box.right > edge.right + 1 || box.left < edge.left - 1) {
    found.push(`${label} reaches outside ${a === root ? arguments[0] : a.className} (${Math.round(box.left)}..${Math.round(box.right)} of ${Math.round(edge.left)}..${Math.round(edge.right)})`);
  }
}
return found;
"#;

/// Runs one of the checks above and fails with the lines it returned.
async fn problems(app: &App, script: &str, arg: &str, what: &str) -> Result<()> {
    let found = app.js(script, vec![arg.into()]).await?;
    let lines: Vec<String> = found
        .as_array()
        .map(|a| {
            a.iter()
                .map(|l| l.as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_else(|| vec![format!("unexpected answer {found}")]);
    ensure!(lines.is_empty(), "{what}:\n  {}", lines.join("\n  "));
    Ok(())
}

const ADA: &str = "ada.lovelace@example.com";
const GRACE: &str = "grace.hopper@example.com";
const LONG_EMAIL: &str = "bartholomew.featherstonehaugh-montgomery@example.com";
const LONGEST_EMAIL: &str =
    "wolfeschlegelsteinhausenbergerdorff.featherstonehaugh-montgomery@example.com";

#[tokio::test(flavor = "multi_thread")]
async fn members_table_columns_show_their_text_at_1280() -> Result<()> {
    let app = App::launch().await?;
    with_app("members-columns", app, |app| {
        Box::pin(async move {
            // The Owner, a member who signs in (so "Make Owner" shows) and a modelled
            // person with a long name and e-mail: the Free plan's three seats.
            register(app, "Ada", "Lovelace", ADA).await?;
            invite(app, "Grace", "Hopper", GRACE).await?;
            log_out(app).await?;
            app.click("#show-register").await?;
            register(app, "Grace", "Hopper", GRACE).await?;
            switch_to(app, "#switch-lovelace-company").await?;
            app.wait_text("#switcher-role", "Member").await?;
            log_out(app).await?;
            sign_in(app, ADA).await?;
            app.wait_text("#switcher-name", "Lovelace Company").await?;
            app.click("#nav-members").await?;
            app.click("#add-member-button").await?;
            app.fill("#invite-first", "Bartholomew").await?;
            app.fill("#invite-last", "Featherstonehaugh-Montgomery")
                .await?;
            app.fill("#invite-email", LONG_EMAIL).await?;
            app.click("#invite-submit").await?;
            app.wait_gone("#invite-dialog").await?;
            for email in [ADA, GRACE, LONG_EMAIL] {
                app.wait(&format!("{}:not(.placeholder)", row(email)))
                    .await?;
            }

            problems(app, MEMBER_ROW_PROBLEMS, "", "member rows at 1280×800").await?;
            for email in [ADA, GRACE] {
                let fits = app.js(ROW_TEXT_FITS, vec![email.into()]).await?;
                ensure!(
                    fits.as_bool() == Some(true),
                    "the name and e-mail of {email} are cut at 1280×800"
                );
            }
            // The long ones are cut with an ellipsis; their titles hold the full text.
            let title = app
                .attribute(&format!("{} .member-open", row(LONG_EMAIL)), "title")
                .await?;
            ensure!(
                title == "Bartholomew Featherstonehaugh-Montgomery",
                "the long name's title is {title:?}"
            );
            // The actions column is as wide as the Owner's three buttons, no wider,
            // and they start where the column starts.
            let gaps = app.js(ACTION_GAPS, vec![GRACE.into()]).await?;
            let (after, before, count) = (
                gaps[0].as_f64().unwrap_or(f64::MAX),
                gaps[1].as_f64().unwrap_or(f64::MAX),
                gaps[2].as_u64().unwrap_or(0),
            );
            ensure!(count == 3, "Grace's row has {count} buttons, expected 3");
            ensure!(
                (0.0..=16.0).contains(&after) && (0.0..=1.0).contains(&before),
                "the actions cell leaves {after}px after and {before}px before its buttons"
            );
            app.assert_no_horizontal_scroll().await?;
            problems(app, SPILLS, "#main", "the Members page").await?;
            app.settled_screenshot("members-wide-columns").await?;

            // Sorting by last login: the newest sign-in first, who never signed in last.
            app.click("#sort-login").await?;
            let order = format!(
                "[...document.querySelectorAll('.member-row:not(.placeholder)')].map(r => r.dataset.email).join(' ') === '{ADA} {GRACE} {LONG_EMAIL}'"
            );
            app.wait_until(&order).await?;
            app.wait_text(&format!("{} .cell-login", row(LONG_EMAIL)), "Never signed in")
                .await?;
            problems(app, MEMBER_ROW_PROBLEMS, "", "member rows sorted by last login").await?;

            // The Deactivated tab: the longest status and the Activate button fit too.
            app.click(&format!("{} .row-deactivate", row(GRACE))).await?;
            app.click("#confirm-yes").await?;
            app.wait_gone(&row(GRACE)).await?;
            app.click("#tab-deactivated").await?;
            app.wait(&format!("{}:not(.placeholder)", row(GRACE))).await?;
            app.wait_text(&format!("{} .cell-status", row(GRACE)), "Deactivated")
                .await?;
            problems(app, MEMBER_ROW_PROBLEMS, "", "deactivated member rows").await?;
            app.assert_no_horizontal_scroll().await?;
            app.settled_screenshot("members-deactivated-columns").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn long_unbroken_organization_name_wraps_or_ends_in_an_ellipsis() -> Result<()> {
    let app = App::launch().await?;
    with_app("long-organization-name", app, |app| {
        Box::pin(async move {
            // R10 allows 100 characters; these have no space to break at.
            let long: String = "Wolfeschlegelsteinhausenbergerdorff"
                .repeat(3)
                .chars()
                .take(100)
                .collect();
            let slug: String = long.to_lowercase().chars().take(45).collect();
            let head: String = long.chars().take(40).collect();
            register(app, "Ada", "Lovelace", ADA).await?;
            switch_to(app, "#switch-create").await?;
            app.fill("#create-org-name", &long).await?;
            app.click("#create-org-submit").await?;
            app.wait_text("#route-path", &format!("/o/{slug}/members"))
                .await?;
            app.wait_text("#switcher-name", &long).await?;
            app.wait(&format!("{}:not(.placeholder)", row(ADA))).await?;

            // Members: the header wraps the name and keeps its buttons in view.
            app.wait_text("#members-org-name", &long).await?;
            app.assert_no_horizontal_scroll().await?;
            problems(app, SPILLS, "#main", "the Members page").await?;
            // The sidebar: the switcher button and the plan line end in an ellipsis
            // inside the sidebar and carry the full name as their title.
            problems(app, SPILLS, ".sidebar", "the sidebar").await?;
            let name_title = app.attribute("#switcher-name", "title").await?;
            ensure!(name_title == long, "the switcher's title is {name_title:?}");
            let plan_title = app.attribute("#account-plan", "title").await?;
            ensure!(
                plan_title == format!("Free plan · {long}"),
                "the plan line's title is {plan_title:?}"
            );
            app.click("#account-panel-toggle").await?;
            app.wait_text("#account-companies", &head).await?;
            problems(app, SPILLS, ".sidebar", "the sidebar with its companies").await?;
            app.settled_screenshot("members-long-organization-name")
                .await?;
            app.click("#account-panel-toggle").await?;
            app.wait_gone("#account-companies").await?;

            // An invitation with a long e-mail wraps it inside its line.
            invite(
                app,
                "Bartholomew",
                "Featherstonehaugh-Montgomery",
                LONGEST_EMAIL,
            )
            .await?;
            app.click("#tab-invited").await?;
            app.wait_text("#invitation-list", LONGEST_EMAIL).await?;
            problems(app, SPILLS, "#main", "the Invited tab").await?;
            app.settled_screenshot("members-invited-long-email").await?;

            // The switcher menu wraps the name inside its items.
            app.click("#switcher-button").await?;
            app.wait(&format!("#switch-{slug}")).await?;
            app.wait_text(&format!("#switch-{slug} .switcher-item-name"), &long)
                .await?;
            problems(app, SPILLS, "#switcher-menu", "the switcher menu").await?;
            problems(app, SPILLS, ".switcher-items", "the switcher's list").await?;
            app.settled_screenshot("switcher-long-organization-name")
                .await?;
            app.press("\u{E00C}").await?;
            app.wait_gone("#switcher-menu").await?;

            // Every page of the organization that shows its name stays in the window.
            for (nav, path, loaded, shot) in [
                ("#nav-overview", "/overview", "#recent-list", "overview"),
                ("#nav-roles", "/roles", "#roles-org-name", "roles"),
                (
                    "#nav-workspaces",
                    "/workspaces",
                    "#workspace-roles-empty",
                    "workspaces",
                ),
                ("#nav-billing", "/billing", "#billing-seats", "billing"),
                ("#nav-audit", "/audit-log", "#audit-list", "audit-log"),
                (
                    "#nav-settings",
                    "/organization",
                    "#org-settings-form",
                    "organization-settings",
                ),
            ] {
                app.click(nav).await?;
                app.wait_text("#route-path", path).await?;
                app.wait(loaded).await?;
                app.wait_until(&format!(
                    "document.querySelector('#main').textContent.includes('{head}')"
                ))
                .await?;
                app.assert_no_horizontal_scroll()
                    .await
                    .map_err(|e| e.context(format!("on {path}")))?;
                problems(app, SPILLS, "#main", &format!("the page {path}")).await?;
                problems(app, SPILLS, ".sidebar", &format!("the sidebar on {path}")).await?;
                app.settled_screenshot(&format!("{shot}-long-organization-name"))
                    .await?;
            }
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn r25_owner_danger_zone_points_to_the_transfer_form_below_it() -> Result<()> {
    let app = App::launch().await?;
    with_app("owner-danger-zone", app, |app| {
        Box::pin(async move {
            register(app, "Ada", "Lovelace", ADA).await?;
            app.click("#nav-settings").await?;
            let text = app
                .wait_text("#owner-cannot-leave", "“Transfer ownership” below")
                .await?;
            ensure!(
                !text.contains("Make Owner"),
                "the danger zone sends the Owner elsewhere: {text:?}"
            );
            // The form it names follows it in the same section.
            let below = app
                .js(
                    "const t = document.querySelector('#owner-cannot-leave');
                     const f = document.querySelector('#transfer-button');
                     return !!f && t.closest('.danger-zone') === f.closest('.danger-zone')
                        && !!(t.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING)
                        && f.closest('.danger-row').textContent.includes('Transfer ownership');",
                    vec![],
                )
                .await?;
            ensure!(
                below.as_bool() == Some(true),
                "the Transfer ownership form follows the text"
            );
            app.js(
                "document.querySelector('.danger-zone').scrollIntoView({ block: 'end' })",
                vec![],
            )
            .await?;
            app.settled_screenshot("organization-settings-owner-danger-zone")
                .await?;
            Ok(())
        })
    })
    .await
}
