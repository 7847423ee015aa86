//! A campaign over two organizations in the real window (R53–R57): Lee Company (Ann
//! with two members added by hand) and Example Inc (Google Workspace's users imported),
//! started at once, decided person by person and in bulk across both, signed off,
//! applied through the rules, and the evidence exported with both organizations'
//! decisions. And a start over 100,000 members, which shows its steps while it runs.

use crate::campaigns::{
    campaigns_tab, column, evidence_csv, import_example_inc, keep_the_undecided, person, show,
    toast,
};
use crate::flows::{add_member, register, row, switch_to};
use anyhow::{Context, Result, ensure};
use rolecall_e2e::{App, with_app};
use std::collections::BTreeSet;
use std::time::Duration;

const LEE: &str = "Lee Company";
const EXAMPLE: &str = "Example Inc";

/// Lee Company's two members besides Ann.
const CLEO: &str = "cleo.member@leecompany.com";
const DAN: &str = "dan.member@leecompany.com";

/// Whether the start dialog's checkbox of the organization named `name` is checked.
fn org_checked(name: &str) -> String {
    format!(
        "[...document.querySelectorAll('#campaign-orgs .cp-org')].some(l => l.textContent.trim() === {} && l.querySelector('input').checked)",
        serde_json::Value::from(name)
    )
}

/// The campaign table's row of `email` in the organization named `org`.
fn person_in(email: &str, org: &str) -> String {
    format!(
        "[...document.querySelectorAll({})].find(r => r.querySelector('.cp-org-col')?.textContent.trim() === {})",
        serde_json::Value::from(person(email)),
        serde_json::Value::from(org)
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn r53_r57_one_campaign_over_two_organizations_decided_applied_and_exported() -> Result<()> {
    let app = App::launch().await?;
    with_app("campaign-two-orgs", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            app.wait_text("#switcher-name", LEE).await?;
            add_member(app, "Cleo", "Member", CLEO).await?;
            add_member(app, "Dan", "Member", DAN).await?;
            import_example_inc(app).await?;

            // Both organizations in one campaign: Ann (in each), Cleo, Dan and Example
            // Inc's eight.
            campaigns_tab(app).await?;
            app.click("#campaign-start").await?;
            app.wait("#start-campaign-dialog").await?;
            app.wait_until(&org_checked(EXAMPLE)).await?;
            app.js(
                "[...document.querySelectorAll('#campaign-orgs .cp-org')]
                    .find(l => l.textContent.trim() === arguments[0]).querySelector('input').click();
                 return true;",
                vec![LEE.into()],
            )
            .await?;
            app.wait_until(&org_checked(LEE)).await?;
            app.click("#campaign-start-submit").await?;
            toast(app, "Review started: 12 people to decide on.").await?;
            app.wait_gone("#start-campaign-dialog").await?;
            let name = app.wait_text("#campaign-name", "Access review — ").await?;
            ensure!(
                name.contains(LEE) && name.contains(EXAMPLE),
                "the made name names both organizations: {name:?}"
            );
            app.wait_text("#campaign-progress", "0 of 12 reviewed").await?;
            app.wait(&person("gina.rossi@example.com")).await?;
            ensure!(app.count("#campaign-table tr.cp-row").await? == 12, "twelve people");
            ensure!(
                app.count("#campaign-table th.cp-org-col").await? == 1,
                "an Organization column for a campaign of several"
            );
            ensure!(
                app.js(
                    &format!("return {}?.id ?? null", person_in("ann@example.com", LEE)),
                    vec![]
                )
                .await?
                    != serde_json::Value::Null
                    && app
                        .js(
                            &format!("return {}?.id ?? null", person_in("ann@example.com", EXAMPLE)),
                            vec![]
                        )
                        .await?
                        != serde_json::Value::Null,
                "Ann is listed once in each organization"
            );

            // Person by person, from the keyboard: Cleo (Lee Company) removed, Gina
            // (Example Inc) deactivated.
            app.click(&format!("{} .cp-person", person(CLEO))).await?;
            app.wait(&format!("{}.cp-focused", person(CLEO))).await?;
            app.press("r").await?;
            toast(app, "Remove: 1 person.").await?;
            app.wait(&format!("{}[data-decision='remove']", person(CLEO)))
                .await?;
            let gina = person("gina.rossi@example.com");
            app.click(&format!("{gina} .cp-person")).await?;
            app.wait(&format!("{gina}.cp-focused")).await?;
            app.press("d").await?;
            toast(app, "Deactivate: 1 person.").await?;
            app.wait(&format!("{gina}[data-decision='deactivate']"))
                .await?;
            app.wait_text("#campaign-progress", "2 of 12 reviewed").await?;

            // In bulk: everyone still undecided, in both organizations, kept.
            keep_the_undecided(app, &gina, 10, 12).await?;
            app.select("#campaign-filter-decided", "Decided or not")
                .await?;
            app.wait_text(&person(DAN), "Access confirmed").await?;
            app.wait_text(&person("dev.patel@example.com"), "Access confirmed")
                .await?;
            show(app, ".cp-table-card").await?;
            app.settled_screenshot("campaign-two-orgs-table").await?;

            // Sign-off, then apply through the rules.
            app.wait_until("!document.querySelector('#campaign-sign-off').disabled")
                .await?;
            app.click("#campaign-sign-off").await?;
            app.wait("#sign-off-dialog").await?;
            app.click("#sign-off-submit").await?;
            toast(app, "Campaign signed off").await?;
            app.wait_gone("#sign-off-dialog").await?;
            app.wait_text("#campaign-state", "Signed off").await?;
            app.click("#campaign-apply").await?;
            app.wait_text("#confirm-message", "Deactivate 1 and remove 1.")
                .await?;
            app.click("#confirm-yes").await?;
            app.wait_text(
                "#apply-report-counts",
                "2 changes made · 10 people unchanged · 0 refused",
            )
            .await?;
            app.wait_text("#campaign-state", "Applied").await?;
            app.wait(&format!(
                "{} .cp-outcome[data-outcome='applied']",
                person(CLEO)
            ))
            .await?;
            app.wait(&format!("{gina} .cp-outcome[data-outcome='applied']"))
                .await?;
            show(app, ".cp-page").await?;
            app.settled_screenshot("campaign-two-orgs-applied").await?;

            // R57: the evidence holds both organizations' people and decisions.
            let rows = evidence_csv(app).await?;
            let col = |name: &str| column(&rows, name);
            let (org, email, decision, comment, outcome, reviewer) = (
                col("Organization")?,
                col("E-mail")?,
                col("Decision")?,
                col("Comment")?,
                col("Outcome")?,
                col("Reviewer")?,
            );
            let people = &rows[1..];
            ensure!(people.len() == 12, "one row per person: {}", people.len());
            let orgs: BTreeSet<&str> = people.iter().map(|r| r[org].as_str()).collect();
            ensure!(
                orgs == BTreeSet::from([EXAMPLE, LEE]),
                "both organizations: {orgs:?}"
            );
            let of = |who: &str, at: &str| {
                people
                    .iter()
                    .find(|r| r[email] == who && r[org] == at)
                    .with_context(|| format!("{who}'s row in {at}"))
            };
            let cleo = of(CLEO, LEE)?;
            ensure!(
                cleo[decision] == "Remove" && cleo[outcome] == "Applied",
                "Cleo's row: {cleo:?}"
            );
            let gina_row = of("gina.rossi@example.com", EXAMPLE)?;
            ensure!(
                gina_row[decision] == "Deactivate" && gina_row[outcome] == "Applied",
                "Gina's row: {gina_row:?}"
            );
            for (who, at) in [
                (DAN, LEE),
                ("ann@example.com", LEE),
                ("ann@example.com", EXAMPLE),
                ("dev.patel@example.com", EXAMPLE),
            ] {
                let r = of(who, at)?;
                ensure!(
                    r[decision] == "Keep" && r[comment] == "Access confirmed",
                    "{who} in {at} kept in bulk: {r:?}"
                );
            }
            ensure!(
                people
                    .iter()
                    .all(|r| !r[decision].is_empty() && r[reviewer] == "Ann Lee"),
                "everyone decided by Ann"
            );

            // Applied through the rules: Gina is no longer an active member here.
            app.click("#nav-members").await?;
            app.wait(&row("eve.martin@example.com")).await?;
            app.wait_gone(&row("gina.rossi@example.com")).await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn r53_starting_a_review_of_100000_members_shows_its_steps() -> Result<()> {
    let app = App::launch().await?;
    with_app("campaign-start-progress", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            switch_to(app, "#switch-personal").await?;
            app.click("#load-demo").await?;
            app.wait_text_for(
                "#switcher-name",
                "Demo 100000 members",
                Duration::from_secs(200),
            )
            .await?;
            campaigns_tab(app).await?;
            app.click("#campaign-start").await?;
            app.wait("#start-campaign-dialog").await?;
            app.wait_until(&org_checked("Demo 100000 members")).await?;
            // While it runs: the step in words, nothing to press twice, no way out. Seen
            // by the page at each change of its DOM, so a start faster than any polling
            // is still checked.
            app.js(
                "window.__startSeen = [];
                 const seen = () => {
                   const text = document.querySelector('#campaign-start-progress-text');
                   const off = id => document.querySelector(id)?.disabled === true;
                   if (text && /^Step \\d+ of 4: /.test(text.textContent)) {
                     window.__startSeen.push(off('#campaign-start-submit') && off('#campaign-start-cancel') && off('#campaign-name'));
                   }
                 };
                 new MutationObserver(seen).observe(document.body, { childList: true, subtree: true, characterData: true });",
                vec![],
            )
            .await?;
            app.click("#campaign-start-submit").await?;
            if app
                .js(
                    "return !!document.querySelector('#campaign-start-progress-text');",
                    vec![],
                )
                .await?
                .as_bool()
                == Some(true)
            {
                app.screenshot("campaign-start-progress").await?;
            }
            app.wait_text_for("#campaign-progress", "0 of 100,", Duration::from_secs(60))
                .await?;
            app.wait_gone("#start-campaign-dialog").await?;
            let seen = app.js("return window.__startSeen;", vec![]).await?;
            let seen = seen.as_array().cloned().unwrap_or_default();
            ensure!(!seen.is_empty(), "the start never said its step");
            ensure!(
                seen.iter().all(|disabled| disabled.as_bool() == Some(true)),
                "the dialog's controls stayed usable while the start ran: {seen:?}"
            );
            Ok(())
        })
    })
    .await
}
