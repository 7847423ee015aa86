//! Billing in the real window (R22, R32–R34): top-ups checked next to the field, the
//! balance as money, purchases and monthly aggregates, plan changes refused below the
//! seats in use and confirmed when going down, recorded charges; the personal context's
//! charge history, which organizations do not have; a Member sees no Billing at all.

use crate::flows::{invite, join_as_member, register, set_theme, switch_to};
use anyhow::{Result, ensure};
use rolecall_e2e::{App, with_app};

/// Types `amount` into the top-up field and submits it.
async fn top_up(app: &App, amount: &str) -> Result<()> {
    app.fill("#topup-amount", amount).await?;
    app.click("#topup-submit").await
}

#[tokio::test(flavor = "multi_thread")]
async fn r33_r22_owner_tops_up_changes_plan_within_seats_and_records_a_charge() -> Result<()> {
    let app = App::launch().await?;
    with_app("billing", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            app.click("#nav-billing").await?;
            app.wait_text("#billing-balance", "$0.00").await?;
            app.wait_text("#billing-plan", "Free").await?;
            app.wait_text("#billing-seats", "1 of 3 seats").await?;
            app.wait("#purchases-empty").await?;
            ensure!(
                app.count("#nav-charge-history").await? == 0,
                "an organization has no charge history (R34)"
            );

            // Bad amounts are refused next to the field and record nothing.
            top_up(app, "12.345").await?;
            app.wait_text("#topup-amount-error", "at most 2 decimals")
                .await?;
            top_up(app, "twelve").await?;
            app.wait_text("#topup-amount-error", "digits only").await?;
            top_up(app, "0").await?;
            app.wait_text("#topup-amount-error", "more than zero")
                .await?;
            top_up(app, "10000000.01").await?;
            app.wait_text("#topup-amount-error", "at most $10,000,000.00")
                .await?;
            ensure!(
                app.count(".purchase-row").await? == 0,
                "a refused top-up is not a purchase"
            );
            app.settled_screenshot("billing-topup-error").await?;

            // A good one: the balance as money, the purchase and the month listed.
            top_up(app, "1250.50").await?;
            app.wait_text("#billing-balance", "$1,250.50").await?;
            app.wait_text(".purchase-row", "+$1,250.50").await?;
            app.wait_text(".purchase-row", "Ann Lee").await?;
            app.wait_text("#monthly-list .month-topups", "$1,250.50")
                .await?;
            ensure!(
                app.text("#topup-amount-error").await?.is_empty(),
                "the error is gone after a good top-up"
            );

            // Up to Team, then three invitations: 4 seats in use.
            app.click("#plan-option-team").await?;
            app.click("#plan-submit").await?;
            app.wait_text("#billing-plan", "Team").await?;
            app.wait_text("#billing-seats", "1 of 25 seats").await?;
            for (first, email) in [
                ("Bob", "bob@example.com"),
                ("Cy", "cy@example.com"),
                ("Di", "di@example.com"),
            ] {
                invite(app, first, "Ray", email).await?;
            }
            app.click("#nav-billing").await?;
            app.wait_text("#billing-seats", "4 of 25 seats").await?;

            // Free holds 3 seats: the core refuses, naming the limit, next to the control.
            app.click("#plan-option-free").await?;
            app.wait_text("label[for='plan-option-free']", "Fewer seats than in use")
                .await?;
            app.click("#plan-submit").await?;
            app.wait_text(
                "#plan-error",
                "The Free plan has 3 seats, but Lee Company uses 4",
            )
            .await?;
            app.settled_screenshot("billing-plan-refused").await?;
            ensure!(
                app.text("#billing-plan").await? == "Team",
                "a refused change keeps the plan"
            );

            // Up to Business at once; down to Team after a confirmation.
            app.click("#plan-option-business").await?;
            app.wait_gone("#plan-error:not(:empty)").await?;
            app.click("#plan-submit").await?;
            app.wait_text("#billing-plan", "Business").await?;
            app.wait_text("#billing-seats", "4 of 250 seats").await?;
            app.click("#plan-option-team").await?;
            app.click("#plan-submit").await?;
            app.wait_text("#confirm-title", "Move down to the Team plan?")
                .await?;
            app.wait_text("#confirm-message", "The Team plan has 25 seats")
                .await?;
            app.click("#confirm-yes").await?;
            app.wait_text("#billing-plan", "Team").await?;
            app.wait_text("#account-plan", "Team plan").await?;

            // Charges: more than the balance is refused; a good one lowers it.
            app.fill("#charge-description", "Support bot, March")
                .await?;
            app.fill("#charge-amount", "5000").await?;
            // Enter submits the form.
            app.press("\u{E007}").await?;
            app.wait_text("#charge-amount-error", "does not cover")
                .await?;
            app.fill("#charge-amount", "250").await?;
            app.press("\u{E007}").await?;
            app.wait_text("#billing-balance", "$1,000.50").await?;
            app.wait_text("#monthly-list .month-charges", "$250.00")
                .await?;
            ensure!(
                app.count(".purchase-row").await? == 1,
                "a charge is not a purchase"
            );
            app.settled_screenshot("billing").await?;

            // Personal context: its own balance, no seats, and the charge history.
            switch_to(app, "#switch-personal").await?;
            app.wait("#nav-charge-history").await?;
            app.click("#nav-billing").await?;
            app.wait_text("#route-path", "/billing").await?;
            app.wait_text("#billing-balance", "$0.00").await?;
            app.wait("#billing-no-seats").await?;
            ensure!(
                app.count("#billing-seats").await? == 0,
                "a personal account has no seats"
            );
            top_up(app, "40").await?;
            app.wait_text("#billing-balance", "$40.00").await?;
            app.fill("#charge-description", "Personal agent hosting")
                .await?;
            app.fill("#charge-amount", "12.5").await?;
            app.press("\u{E007}").await?;
            app.wait_text("#billing-balance", "$27.50").await?;
            app.settled_screenshot("billing-personal").await?;
            app.click("#open-charge-history").await?;
            app.wait_text("#route-path", "/billing/words/history")
                .await?;
            app.wait_text(".charge-row", "Personal agent hosting")
                .await?;
            app.wait_text(".charge-row", "−$12.50").await?;
            ensure!(
                app.count(".charge-row").await? == 1,
                "only the personal charge is listed, not the organization's"
            );
            app.settled_screenshot("billing-charge-history").await?;
            app.click("#back-to-billing").await?;
            app.wait_text("#billing-balance", "$27.50").await?;

            // Back in the organization: still no charge history; the dark theme.
            switch_to(app, "#switch-lee-company").await?;
            ensure!(
                app.count("#nav-charge-history").await? == 0,
                "organizations have no charge-history menu item"
            );
            set_theme(app, "Dark", "#nav-billing").await?;
            app.wait_text("#billing-balance", "$1,000.50").await?;
            app.wait(".purchase-row").await?;
            app.settled_screenshot("billing-dark").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn r33_member_without_billing_permission_sees_no_billing() -> Result<()> {
    let app = App::launch().await?;
    with_app("billing-member", app, |app| {
        Box::pin(async move {
            register(app, "Ann", "Lee", "ann@example.com").await?;
            join_as_member(app, "Bob", "Ray", "bob@example.com").await?;
            app.wait("#nav-members").await?;
            ensure!(
                app.count("#nav-billing").await? == 0,
                "a Member has no Billing menu item"
            );
            ensure!(
                app.count("#nav-charge-history").await? == 0,
                "nor a charge history in the organization"
            );
            // In his personal context Bob manages his own billing.
            switch_to(app, "#switch-personal").await?;
            app.click("#nav-billing").await?;
            app.wait_text("#billing-balance", "$0.00").await?;
            app.wait("#topup-form").await?;
            Ok(())
        })
    })
    .await
}
