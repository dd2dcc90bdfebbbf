//! End-to-end tests of the real desktop window: the built `billettigue-desk` binary, opened under
//! Xvfb and driven over WebDriver (tauri-driver → WebKitWebDriver), on a fresh SQLite file.
//!
//! Needs, beside the test: `target/debug/billettigue-desk` (`cargo build -p billettigue-desk`, with
//! `ui/dist` built first), `tools/bin/tauri-driver` (`cargo install tauri-driver@^2 --locked --root
//! tools`), and the Debian packages `xvfb` and `webkit2gtk-driver`. `bash .ci/run` (the README's test
//! command) provides all of them. The test starts Xvfb and tauri-driver itself and kills them (and
//! the app they started) when it ends, passed or failed.
//!
//! With `BILLETTIGUE_SCREENSHOTS=1` it also refreshes the README's pictures in `docs/screenshots/`:
//! `sign-in.png`, `accounts.png`, `sale.png` (the seat map), `manifest.png`, `sale-mobile-money.png`
//! (waiting for the customer's approval), `till.png` (the Z report) and `parcel-intake.png` (a parcel's
//! tracking and delivery codes), `backups.png` and `reports.png` (a year of demo sales by day,
//! charted) (off by default, so that a test run leaves the work tree clean). The
//! till test also starts the payment provider stand-in (`billettigue-standin`) in the test process;
//! the app reaches it on loopback. The app writes its PDFs to the run's temporary folder
//! (`BILLETTIGUE_DOCUMENTS`), where the sale test reads the printed ticket back with `pdftotext`; the
//! parcels test reads the envoi back from the app's SQLite file (`BILLETTIGUE_DB`).

use std::cell::RefCell;
use std::fs::File;
use std::future::Future;
use std::io::{BufRead, BufReader, Read};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, ensure, Context, Result};
use billettigue_standin::{Approval, Method, StandIn, Status};
use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

/// How long an element or a state may take to appear after an action.
const WAIT: Duration = Duration::from_secs(10);
/// How long Xvfb, tauri-driver and the first page load may take (a cold start on a busy machine).
const START_WAIT: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(100);

const ADMIN_EMAIL: &str = "awa.diop@billettigue.sn";
const ADMIN_PASSWORD: &str = "Teranga-Admin-2026";
const AGENCY_NAME: &str = "Gare des Baux Maraîchers";
const AGENT_EMAIL: &str = "moussa.ndiaye@billettigue.sn";
const AGENT_PASSWORD: &str = "Guichet-Moussa-42";
const WRONG_PASSWORD: &str = "pas-le-bon-mot-de-passe";
const CARRIER_NAME: &str = "Dem Dikk Express";

/// An account the administrator creates through the "Nouveau compte" form.
struct NewAccount {
    role: &'static str,
    first_name: &'static str,
    last_name: &'static str,
    email: &'static str,
    phone: &'static str,
    password: &'static str,
    /// The agency of an agent (by name), the company of a transporteur.
    agency: Option<&'static str>,
    company: Option<&'static str>,
}

const AGENT: NewAccount = NewAccount {
    role: "agent",
    first_name: "Moussa",
    last_name: "Ndiaye",
    email: AGENT_EMAIL,
    phone: "77 123 45 67",
    password: AGENT_PASSWORD,
    agency: Some(AGENCY_NAME),
    company: None,
};

const CARRIER: NewAccount = NewAccount {
    role: "transporteur",
    first_name: "Ibrahima",
    last_name: "Sarr",
    email: "ibrahima.sarr@demdikk.sn",
    phone: "77 555 10 20",
    password: "Depot-Colobane-2026",
    agency: None,
    company: Some(CARRIER_NAME),
};

// ------------------------------------------------------------------------------------------------
// The tests
// ------------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_out_agent_is_unlocked_by_the_admin_and_a_signed_out_token_is_refused() {
    let desk = Desk::start().await;
    desk.run(|ui| async move {
        let ui = &ui;
        step("first-run setup creates the administrator and opens the admin shell");
        ui.create_first_admin().await?;

        step("the administrator adds an agency");
        ui.add_agency().await?;

        step("the administrator creates an agent account at that agency");
        let agent_row = ui.create_account(&AGENT).await?;
        ui.attribute_becomes(&agent_row, "data-locked", "false")
            .await?;
        let row_text = ui.find_css(&agent_row).await?.text().await?;
        ensure!(
            row_text.contains(AGENCY_NAME),
            "the agent's row should name the agency, shows {row_text:?}"
        );

        step("the administrator signs out");
        ui.sign_out().await?;
        let submit = ui.visible("login-submit").await?.text().await?;
        ensure!(
            submit == "Se connecter",
            "the window should speak French first, the button says {submit:?}"
        );
        ui.screenshot("sign-in.png").await?;

        step("four wrong passwords are refused, the fifth locks the account");
        for attempt in 1..=5 {
            let expected = if attempt < 5 {
                "invalid_credentials"
            } else {
                "account_locked"
            };
            match ui.sign_in(AGENT_EMAIL, WRONG_PASSWORD).await? {
                SignIn::Refused { code, .. } if code == expected => {}
                other => bail!("wrong password #{attempt}: expected {expected}, got {other:?}"),
            }
        }

        step("the right password is refused too while the account is locked");
        match ui.sign_in(AGENT_EMAIL, AGENT_PASSWORD).await? {
            SignIn::Refused { code, message } if code == "account_locked" => {
                ensure!(!message.is_empty(), "the locked message should be shown");
            }
            other => {
                bail!("right password on a locked account: expected account_locked, got {other:?}")
            }
        }

        step("the administrator sees the locked agent and unlocks it");
        match ui.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await? {
            SignIn::Shell(role) if role == "admin" => {}
            other => bail!("the administrator should sign in, got {other:?}"),
        }
        // Head office lands on its reports; the accounts are one click away.
        ui.visible("reports-view").await?;
        ui.click("nav-accounts").await?;
        ui.visible("accounts-view").await?;
        ui.attribute_becomes(&agent_row, "data-locked", "true")
            .await?;
        ui.screenshot("accounts.png").await?;
        ui.click_css(&format!("{agent_row} [data-testid=\"account-unlock\"]"))
            .await?;
        ui.attribute_becomes(&agent_row, "data-locked", "false")
            .await?;
        ui.visible("notice").await?;

        step("the audit log shows the lock and the unlock");
        ui.click("nav-audit").await?;
        ui.visible("audit-view").await?;
        ui.find_css(&css_attr("audit-row", "data-action", "account.unlock"))
            .await?;
        ui.find_css(&css_attr("audit-row", "data-action", "account.locked"))
            .await?;
        ui.sign_out().await?;

        step("the agent signs in with the right password and lands in the agent shell");
        match ui.sign_in(AGENT_EMAIL, AGENT_PASSWORD).await? {
            SignIn::Shell(role) if role == "agent" => {}
            other => bail!("the unlocked agent should sign in, got {other:?}"),
        }

        step("after signing out, the token the window used is refused as expired");
        let token = ui.capture_token_of(|| ui.click("nav-me")).await?;
        ui.visible("me-view").await?;
        let me = ui.invoke_call("auth.me", json!({}), &token).await?;
        let email = me.pointer("/ok/account/email").and_then(Value::as_str);
        ensure!(
            email == Some(AGENT_EMAIL),
            "before sign-out the captured token should be the agent's: {me}"
        );
        ui.sign_out().await?;
        let after = ui.invoke_call("auth.me", json!({}), &token).await?;
        let code = after.pointer("/err/code").and_then(Value::as_str);
        ensure!(
            code == Some("session_expired"),
            "a signed-out token should be refused as session_expired: {after}"
        );
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clerk_sells_two_seats_prints_the_ticket_and_cancels_one() {
    let desk = Desk::start().await;
    desk.run(|ui| async move {
        let ui = &ui;
        let tomorrow = chrono::Utc::now().date_naive() + chrono::Duration::days(1);
        let day = tomorrow.format("%d/%m/%Y").to_string();

        step("the administrator sets up the desk: an agency, an agent and a carrier");
        ui.create_first_admin().await?;
        ui.add_agency().await?;
        ui.create_account(&AGENT).await?;
        ui.create_account(&CARRIER).await?;

        step("a departure tomorrow Dakar → Thiès is published for the carrier (through the app's own call)");
        let trajet_uid = ui.publish_departure(tomorrow).await?;
        ui.sign_out().await?;

        step("the agent signs in and lands on the sale");
        match ui.sign_in(AGENT_EMAIL, AGENT_PASSWORD).await? {
            SignIn::Shell(role) if role == "agent" => {}
            other => bail!("the agent should sign in, got {other:?}"),
        }
        ui.visible("sale-view").await?;

        step("the agent opens the till: cash sales need it");
        ui.open_till("10000").await?;
        ui.click("nav-sale").await?;

        step("the agent searches Dakar → thies (lowercase) and picks the departure");
        ui.search_departure("Dakar", "thies", &day, "2").await?;
        ui.choose_departure(&trajet_uid).await?;

        step("two free seats are picked on the seat map, and two passengers typed");
        for seat in [3, 4] {
            ui.pick_seat(seat).await?;
        }
        ui.fill_passenger(0, "Awa", "Diop", "77 123 45 67").await?;
        ui.fill_passenger(1, "Fatou", "Sow", "76 222 33 44").await?;
        ui.find_css(&css_attr("quote", "data-ready", "true")).await?;
        let total = ui.visible("quote-total").await?.attr("data-amount").await?;
        ensure!(total.as_deref() == Some("500000"), "two seats at 2 500 FCFA should cost 5 000 FCFA, quoted {total:?}");

        step("the agent sells, cash 10 000 FCFA, and sees two booking references");
        ui.fill("sale-cash", "10000").await?;
        ui.click("sale-submit").await?;
        ui.visible("receipt").await?;
        let references = ui
            .until("two booking references on the receipt", || async {
                let found = ui
                    .js_value(
                        "return [...document.querySelectorAll('[data-testid=\"receipt-reservation\"]')].map(e => e.dataset.reference)",
                        json!([]),
                    )
                    .await?;
                let references: Vec<String> = found
                    .as_array()
                    .map(|items| items.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
                    .unwrap_or_default();
                Ok((references.len() == 2).then_some(references))
            })
            .await?;
        let first = references[0].clone();
        let second = references[1].clone();
        let change = ui.visible("receipt-change").await?.text().await?;
        ensure!(plain(&change).contains("5 000"), "the change should be 5 000 FCFA, shows {change:?}");

        step("the first ticket is printed on A4: the PDF is saved and carries the reference");
        let first_ticket = css_attr("receipt-reservation", "data-reference", &first);
        ui.click_css(&format!("{first_ticket} {}", testid("print-a4"))).await?;
        let path = ui
            .find_css(&format!("{first_ticket} {}", testid("printed-path")))
            .await?
            .attr("data-path")
            .await?
            .ok_or_else(|| anyhow!("the printed path is not shown"))?;
        let pdf = PathBuf::from(&path);
        ensure!(pdf.is_file(), "the ticket PDF {path} should exist");
        ensure!(pdf.starts_with(&ui.documents), "the ticket {path} should be under BILLETTIGUE_DOCUMENTS");
        let text = pdf_text(&pdf)?;
        ensure!(text.contains(&first), "the ticket PDF should carry the reference {first}:\n{text}");

        step("on the manifest, the second passenger boards by reference");
        ui.click("nav-manifests").await?;
        ui.fill("manifests-day", &day).await?;
        let departure = css_attr("departure-row", "data-uid", &trajet_uid);
        ui.click_css(&format!("{departure} {}", testid("departure-open"))).await?;
        ui.find_css(&css_attr("manifest-row", "data-seat", "4")).await?;
        ui.fill("board-code", &second).await?;
        ui.click("board-submit").await?;
        ui.visible("board-success").await?;
        ui.attribute_becomes(&testid("manifest-counts"), "data-boarded", "1").await?;
        ui.attribute_becomes(&css_attr("manifest-row", "data-reference", &second), "data-boarded", "true").await?;
        ui.screenshot("manifest.png").await?;

        step("in Réservations, the first reservation is found by its reference and cancelled with a reason");
        ui.click("nav-sale").await?;
        ui.click("sale-tab-reservations").await?;
        ui.fill("reservation-query", &first).await?;
        ui.click("reservation-find").await?;
        let detail = css_attr("reservation-detail", "data-reference", &first);
        ui.attribute_becomes(&detail, "data-status", "confirmed").await?;
        ui.click_css(&format!("{detail} {}", testid("reservation-cancel-open"))).await?;
        ui.visible("refund-quote").await?;
        ui.fill("cancel-reason", "Le passager ne voyage plus").await?;
        ui.click("cancel-confirm").await?;
        ui.attribute_becomes(&detail, "data-status", "cancelled").await?;
        ui.attribute_becomes(&testid("reservation-status"), "data-status", "cancelled").await?;

        step("the seat map shows the cancelled seat free again, the other one still sold");
        ui.click("sale-tab-sell").await?;
        ui.search_departure("Dakar", "thies", &day, "1").await?;
        ui.choose_departure(&trajet_uid).await?;
        ui.attribute_becomes(&seat_css(3), "data-state", "free").await?;
        ui.attribute_becomes(&seat_css(4), "data-state", "sold").await?;

        step("the freed seat is picked again for a new sale (the picture of the sale screen)");
        for seat in [3, 5] {
            ui.pick_seat(seat).await?;
        }
        ui.fill_passenger(0, "Mamadou", "Ba", "70 111 22 33").await?;
        ui.fill_passenger(1, "Aminata", "Ba", "70 111 22 34").await?;
        ui.find_css(&css_attr("quote", "data-ready", "true")).await?;
        ui.js_value("document.querySelector('main').scrollTo(0, 0); return null;", json!([])).await?;
        ui.screenshot("sale.png").await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clerk_opens_the_till_sells_in_cash_and_mobile_money_refunds_one_and_closes() {
    let standin = match StandIn::start().await {
        Ok(standin) => standin,
        Err(error) => panic!("the payment provider stand-in does not start: {error}"),
    };
    // The customer approves on the phone a moment after the sale (on the provider's first poll):
    // the window shows its waiting panel, then the receipt.
    standin.set_approval(Approval::AfterPolls(1));
    let standin = &standin;
    let desk = Desk::start().await;
    desk.run(|ui| async move {
        let ui = &ui;
        // Three days ahead: a refundable ticket is refunded up to 24 hours before departure.
        let departure_day = chrono::Utc::now().date_naive() + chrono::Duration::days(3);
        let day = departure_day.format("%d/%m/%Y").to_string();

        step("the administrator sets up the desk: an agency, an agent and a carrier");
        ui.create_first_admin().await?;
        ui.add_agency().await?;
        ui.create_account(&AGENT).await?;
        ui.create_account(&CARRIER).await?;

        step("the administrator configures the payment provider (the stand-in) in Configuration");
        ui.click("nav-config").await?;
        let provider = testid("provider-settings");
        ui.attribute_becomes(&provider, "data-configured", "false").await?;
        ui.fill("provider-base-url", &standin.base_url()).await?;
        ui.fill("provider-merchant-id", standin.merchant_id()).await?;
        ui.fill("provider-api-key", standin.api_key()).await?;
        ui.click("provider-save").await?;
        ui.attribute_becomes(&provider, "data-configured", "true").await?;
        ui.visible("provider-key-saved").await?;
        let key_field = ui.visible("provider-api-key").await?.prop("value").await?;
        ensure!(
            key_field.as_deref() == Some(""),
            "the API key must never be shown back, its field holds {key_field:?}"
        );

        step("a departure Dakar → Thiès in three days is published for the carrier");
        let trajet_uid = ui.publish_departure(departure_day).await?;
        ui.sign_out().await?;

        step("the agent signs in and opens the till with a 10 000 FCFA float");
        match ui.sign_in(AGENT_EMAIL, AGENT_PASSWORD).await? {
            SignIn::Shell(role) if role == "agent" => {}
            other => bail!("the agent should sign in, got {other:?}"),
        }
        ui.open_till("10000").await?;

        step("a cash ticket on seat 3: 5 000 FCFA handed over, 2 500 FCFA given back");
        ui.click("nav-sale").await?;
        ui.search_departure("Dakar", "Thiès", &day, "1").await?;
        ui.choose_departure(&trajet_uid).await?;
        ui.pick_seat(3).await?;
        ui.fill_passenger(0, "Awa", "Diop", "77 123 45 67").await?;
        ui.find_css(&css_attr("quote", "data-ready", "true")).await?;
        ui.attribute_becomes(&testid("sale-payment-choice"), "data-method", "cash").await?;
        ui.fill("sale-cash", "5000").await?;
        ui.click("sale-submit").await?;
        ui.attribute_becomes(&testid("receipt"), "data-method", "cash").await?;
        let change = ui.visible("receipt-change").await?.text().await?;
        ensure!(plain(&change).contains("2 500"), "the change should be 2 500 FCFA, shows {change:?}");

        step("a refundable mobile money ticket on seat 4: the payer's phone is the passenger's");
        ui.click("sale-new").await?;
        ui.search_departure("Dakar", "Thiès", &day, "1").await?;
        ui.choose_departure(&trajet_uid).await?;
        ui.pick_seat(4).await?;
        ui.fill_passenger(0, "Fatou", "Sow", "76 222 33 44").await?;
        ui.click("sale-refundable").await?;
        ui.attribute_becomes(&testid("sale-method-mobile_money"), "data-open", "true").await?;
        ui.click("sale-method-mobile_money").await?;
        ui.attribute_becomes(&testid("sale-payment-choice"), "data-method", "mobile_money").await?;
        let payer = ui.visible("sale-payer-phone").await?.prop("value").await?;
        ensure!(payer.as_deref() == Some("76 222 33 44"), "the payer's phone should be the passenger's, holds {payer:?}");
        ui.find_css(&css_attr("quote", "data-ready", "true")).await?;
        let total = ui.visible("quote-total").await?.attr("data-amount").await?;
        ensure!(total.as_deref() == Some("275000"), "2 500 FCFA and the 10 % refundable supplement make 2 750 FCFA, quoted {total:?}");
        ui.click("sale-submit").await?;

        step("the window waits for the customer's approval on the phone, then shows the receipt");
        ui.attribute_becomes(&testid("sale-payment"), "data-stage", "waiting").await?;
        let waiting = ui.visible("payment-waiting").await?.text().await?;
        ensure!(
            waiting.contains("En attente de la confirmation du client sur son téléphone"),
            "the waiting panel should say what it waits for, shows {waiting:?}"
        );
        ui.screenshot("sale-mobile-money.png").await?;
        ui.attribute_becomes(&testid("receipt"), "data-method", "mobile_money").await?;
        let mobile_reference = ui.visible("receipt-reference").await?.text().await?;
        let charges = standin.payments();
        ensure!(
            charges.len() == 1
                && charges[0].status == Status::Succeeded
                && charges[0].method == Method::MobileMoney
                && charges[0].amount == 275_000,
            "the provider should hold one succeeded mobile money charge of 2 750 FCFA: {charges:?}"
        );

        step("in Réservations, the mobile money ticket is cancelled: 2 250 FCFA go back by mobile money");
        ui.click("sale-tab-reservations").await?;
        ui.fill("reservation-query", &mobile_reference).await?;
        ui.click("reservation-find").await?;
        let detail = css_attr("reservation-detail", "data-reference", &mobile_reference);
        ui.attribute_becomes(&detail, "data-status", "confirmed").await?;
        ui.attribute_becomes(&testid("reservation-payment"), "data-status", "completed").await?;
        ui.click_css(&format!("{detail} {}", testid("reservation-cancel-open"))).await?;
        ui.attribute_becomes(&testid("refund-quote"), "data-amount", "225000").await?;
        ui.fill("cancel-reason", "Le passager reporte son voyage").await?;
        ui.click("cancel-confirm").await?;
        ui.attribute_becomes(&detail, "data-status", "refunded").await?;
        ui.attribute_becomes(&testid("cancellation-refund-method"), "data-method", "mobile_money").await?;
        let still_pending = ui
            .js_value("return document.querySelector('[data-testid=\"cancellation-refund-pending\"]') !== null", json!([]))
            .await?;
        ensure!(still_pending == json!(false), "the provider refunded at once: no refund should be pending");

        step("the X report shows the day so far; the agent counts 12 500 FCFA and closes the till");
        ui.click("nav-till").await?;
        ui.attribute_becomes(&testid("till-view"), "data-state", "open").await?;
        ui.attribute_becomes(&format!("{} {}", testid("till-report"), testid("till-expected")), "data-amount", "1250000")
            .await?;
        ui.fill("till-counted-cash", "12500").await?;
        ui.attribute_becomes(&testid("till-close-preview"), "data-balance", "balanced").await?;
        ui.fill("till-notes-input", "RAS").await?;
        ui.click("till-close-submit").await?;

        step("the Z report in the window: cash and mobile money sales, the refund, expected = counted, no difference");
        let z = testid("till-z-report");
        ui.attribute_becomes(&z, "data-kind", "z").await?;
        for (method, sales_count, sales_amount, refunds_count, refunds_amount, net) in [
            ("cash", "1", "250000", "0", "0", "250000"),
            ("mobile_money", "1", "275000", "1", "225000", "50000"),
            ("card", "0", "0", "0", "0", "0"),
        ] {
            let line = format!("{z} {}", css_attr("till-method", "data-method", method));
            for (attribute, expected) in [
                ("data-sales-count", sales_count),
                ("data-sales-amount", sales_amount),
                ("data-refunds-count", refunds_count),
                ("data-refunds-amount", refunds_amount),
                ("data-net", net),
            ] {
                ui.attribute_becomes(&line, attribute, expected).await?;
            }
        }
        let figure = |id: &str| format!("{z} {}", testid(id));
        ui.attribute_becomes(&figure("till-expected"), "data-amount", "1250000").await?;
        ui.attribute_becomes(&figure("till-counted"), "data-amount", "1250000").await?;
        ui.attribute_becomes(&figure("till-difference"), "data-amount", "0").await?;
        ui.attribute_becomes(&figure("till-difference"), "data-balance", "balanced").await?;
        ui.attribute_becomes(&figure("till-cancellations"), "data-count", "1").await?;
        let expected_text = ui.find_css(&figure("till-expected")).await?.text().await?;
        ensure!(plain(&expected_text).contains("12 500"), "the expected cash should read 12 500 FCFA, shows {expected_text:?}");
        let difference_text = ui.find_css(&figure("till-difference")).await?.text().await?;
        ensure!(difference_text.contains("aucun écart"), "the difference should be worded as none, shows {difference_text:?}");
        ui.js_value("document.querySelector('main').scrollTo(0, 0); return null;", json!([])).await?;
        ui.screenshot("till.png").await?;

        step("the Z report is printed on 80 mm paper: the PDF names the clerk");
        ui.click_css(&figure("till-print-80mm")).await?;
        let path = ui
            .find_css(&figure("till-printed-path"))
            .await?
            .attr("data-path")
            .await?
            .ok_or_else(|| anyhow!("the printed report's path is not shown"))?;
        let pdf = PathBuf::from(&path);
        ensure!(pdf.is_file() && pdf.starts_with(&ui.documents), "the report {path} should be a file under BILLETTIGUE_DOCUMENTS");
        let text = pdf_text(&pdf)?;
        ensure!(text.contains("Ndiaye"), "the Z report PDF should name the clerk:\n{text}");

        step("the provider charged exactly once, and refunded that charge");
        let charges = standin.payments();
        ensure!(charges.len() == 1, "exactly one charge should reach the provider: {charges:?}");
        ensure!(standin.charged_total() == 275_000, "the provider should have charged 2 750 FCFA: {charges:?}");
        let refunds = standin.refunds();
        ensure!(
            refunds.len() == 1 && standin.refunded_total() == 225_000 && refunds[0].payment_id == charges[0].id,
            "the provider should have refunded 2 250 FCFA of that charge: {refunds:?}"
        );
        ui.sign_out().await?;

        step("the administrator finds the clerk's till and the payment's log");
        match ui.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await? {
            SignIn::Shell(role) if role == "admin" => {}
            other => bail!("the administrator should sign in, got {other:?}"),
        }
        ui.click("nav-till").await?;
        let clerk = ui.find_css(&format!("{} {}", css_attr("till-session", "data-status", "closed"), testid("till-session-clerk"))).await?;
        let clerk_name = clerk.text().await?;
        ensure!(clerk_name.contains("Moussa Ndiaye"), "the administrator should see the clerk's name, shows {clerk_name:?}");
        ui.click("nav-payments").await?;
        ui.select("payments-method", "mobile_money").await?;
        let row = css_attr("payment-row", "data-method", "mobile_money");
        ui.click_css(&format!("{row} {}", testid("payment-log-open"))).await?;
        let events = ui
            .until("the payment's log", || async {
                let found = ui
                    .js_value(
                        "return [...document.querySelectorAll('[data-testid=\"payment-log-entry\"]')].map(e => e.dataset.event)",
                        json!([]),
                    )
                    .await?;
                let events: Vec<String> = found
                    .as_array()
                    .map(|items| items.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
                    .unwrap_or_default();
                Ok(events.iter().any(|e| e == "refund").then_some(events))
            })
            .await?;
        ensure!(
            events.first().map(String::as_str) == Some("attempt") && events.iter().any(|e| e == "reconciliation"),
            "the log should show the attempt, the answer found on checking, and the refund: {events:?}"
        );
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_depot_clerk_takes_in_two_parcels_loads_them_dispatches_and_hands_them_over() {
    let desk = Desk::start().await;
    desk.run(|ui| async move {
        let ui = &ui;
        let tomorrow = chrono::Utc::now().date_naive() + chrono::Duration::days(1);
        let day = tomorrow.format("%d/%m/%Y").to_string();

        step("the administrator sets up the desk: an agency that takes parcels, an agent and a carrier");
        ui.create_first_admin().await?;
        ui.add_agency().await?;
        let agency = css_attr("agency-row", "data-name", AGENCY_NAME);
        ui.attribute_becomes(&agency, "data-accepts-parcels", "false").await?;
        ui.click_css(&format!("{agency} {}", testid("agency-parcels-toggle"))).await?;
        ui.attribute_becomes(&agency, "data-accepts-parcels", "true").await?;
        ui.create_account(&AGENT).await?;
        ui.create_account(&CARRIER).await?;

        step("a departure tomorrow Dakar → Thiès that takes parcels is published for the carrier");
        let trajet_uid = ui.publish_departure(tomorrow).await?;

        step("the administrator adds a tariff row Dakar → Thiès in Colis › Tarifs");
        ui.click("nav-parcels").await?;
        ui.click("parcels-tab-tariffs").await?;
        ui.visible("tariffs-empty").await?;
        ui.click("tariff-new").await?;
        ui.visible("tariff-dialog").await?;
        for (field, value) in [
            ("tariff-from", "Dakar"),
            ("tariff-to", "Thiès"),
            ("tariff-min-kg", "0"),
            ("tariff-base", "1000"),
            ("tariff-per-kg", "200"),
            ("tariff-min-charge", "1500"),
            ("tariff-fragile", "500"),
        ] {
            ui.fill(field, value).await?;
        }
        ui.click("tariff-save").await?;
        ui.find_css(&css_attr("tariff-row", "data-active", "true")).await?;
        ui.sign_out().await?;

        step("the agent signs in and opens the till: parcels paid in cash go into it");
        match ui.sign_in(AGENT_EMAIL, AGENT_PASSWORD).await? {
            SignIn::Shell(role) if role == "agent" => {}
            other => bail!("the agent should sign in, got {other:?}"),
        }
        ui.open_till("10000").await?;

        step("intake: a new sender, the recipient, the carrier and Thiès, two pieces (one fragile)");
        ui.click("nav-parcels").await?;
        ui.visible("intake-form").await?;
        ui.fill("sender-phone", "78 100 20 30").await?;
        ui.fill("sender-first-name", "Aminata").await?;
        ui.fill("sender-last-name", "Fall").await?;
        ui.fill("recipient-name", "Ousmane Diallo").await?;
        ui.fill("recipient-phone", "70 555 66 77").await?;
        ui.select_first_choice("intake-carrier").await?;
        ui.select("intake-destination", "Thiès").await?;
        ui.fill("piece-0-description", "Sac de mil").await?;
        ui.fill("piece-0-weight", "5").await?;
        ui.click("piece-add").await?;
        ui.fill("piece-1-description", "Carton de vaisselle").await?;
        ui.fill("piece-1-weight", "2,5").await?;
        ui.click("piece-1-fragile").await?;

        step("the price comes from the grid: 2 000 + (1 500 + 500 fragile) = 4 000 FCFA");
        ui.find_css(&css_attr("parcel-quote", "data-ready", "true")).await?;
        ui.attribute_becomes(&testid("piece-0-price"), "data-amount", "200000").await?;
        ui.attribute_becomes(&testid("piece-1-price"), "data-amount", "200000").await?;
        ui.attribute_becomes(&testid("parcel-quote-total"), "data-amount", "400000").await?;

        step("paid in cash at intake: 5 000 FCFA handed over, 1 000 FCFA given back");
        ui.attribute_becomes(&testid("parcel-payment-choice"), "data-method", "cash").await?;
        ui.fill("parcel-cash", "5000").await?;
        ui.click("intake-submit").await?;
        let receipt = testid("parcel-receipt");
        ui.attribute_becomes(&receipt, "data-status", "accepted").await?;
        ui.attribute_becomes(&testid("parcel-receipt-change"), "data-amount", "100000").await?;

        step("the tracking code and the delivery code are read from the screen");
        let tracking = ui.visible("parcel-tracking-code").await?.text().await?.trim().to_owned();
        ensure!(
            tracking.len() == 15 && tracking.matches('-').count() == 3,
            "the tracking code should read like K7Q-M4X-R9P-T2C, shows {tracking:?}"
        );
        let shown_code = ui.visible("parcel-delivery-code").await?.text().await?;
        let delivery_code: String = shown_code.chars().filter(char::is_ascii_digit).collect();
        ensure!(delivery_code.len() == 6, "the delivery code should be six digits, shows {shown_code:?}");
        let warning = ui.visible("parcel-delivery-code-warning").await?.text().await?;
        ensure!(
            warning.to_lowercase().contains("à remettre à l’expéditeur seulement"),
            "the delivery code should be for the sender only, says {warning:?}"
        );
        ui.screenshot("parcel-intake.png").await?;

        step("the labels are printed for the label printer: the PDF is in the documents folder");
        ui.click("parcel-print-labels-label").await?;
        let path = ui
            .find_css(&testid("parcel-printed-path"))
            .await?
            .attr("data-path")
            .await?
            .ok_or_else(|| anyhow!("the labels' path is not shown"))?;
        let labels = PathBuf::from(&path);
        ensure!(
            labels.is_file() && labels.starts_with(&ui.documents),
            "the labels PDF {path} should be a file under BILLETTIGUE_DOCUMENTS"
        );
        ensure!(std::fs::read(&labels)?.starts_with(b"%PDF"), "the labels file {path} should be a PDF");

        step("in Suivi, the envoi is opened from the receipt and its pieces packaged");
        ui.click("intake-track").await?;
        let detail = css_attr("envoi-detail", "data-tracking", &tracking);
        ui.attribute_becomes(&detail, "data-status", "accepted").await?;
        ui.attribute_becomes(&detail, "data-balance", "0").await?;
        ui.click("envoi-package").await?;
        for piece in 1..=2 {
            ui.attribute_becomes(&css_attr("colis-row", "data-code", &format!("{tracking}/{piece}")), "data-status", "packaged")
                .await?;
        }

        step("in Chargement, both pieces are loaded on tomorrow's departure by their codes");
        ui.click("parcels-tab-loading").await?;
        ui.fill("loading-day", &day).await?;
        let departure = css_attr("departure-row", "data-uid", &trajet_uid);
        ui.click_css(&format!("{departure} {}", testid("departure-open"))).await?;
        let manifest = css_attr("parcel-manifest", "data-uid", &trajet_uid);
        ui.attribute_becomes(&manifest, "data-pieces", "0").await?;
        for (piece, loaded) in [(1, "1"), (2, "2")] {
            ui.fill("load-code", &format!("{}/{piece}", tracking.to_lowercase())).await?;
            ui.click("load-submit").await?;
            ui.attribute_becomes(&manifest, "data-pieces", loaded).await?;
        }
        ui.attribute_becomes(&manifest, "data-total-weight", "7500").await?;

        step("the coach leaves: the pieces are dispatched with it");
        ui.click("parcel-dispatch").await?;
        ui.click("parcel-dispatch-confirm").await?;
        ui.attribute_becomes(&manifest, "data-waiting", "0").await?;
        for piece in 1..=2 {
            ui.attribute_becomes(&css_attr("parcel-manifest-row", "data-code", &format!("{tracking}/{piece}")), "data-status", "shipped")
                .await?;
        }

        step("at the hand-over, a wrong delivery code is refused with the tries left");
        ui.click("parcels-tab-search").await?;
        ui.fill("parcel-query", &tracking).await?;
        ui.click("parcel-find").await?;
        ui.attribute_becomes(&detail, "data-status", "in_transit").await?;
        ui.click("envoi-deliver-open").await?;
        ui.fill("deliver-phone", "70 555 66 77").await?;
        let wrong = if delivery_code == "000000" { "111111" } else { "000000" };
        ui.fill("deliver-code", wrong).await?;
        ui.click("deliver-submit").await?;
        let refusal = css_attr("deliver-error", "data-field", "delivery_code");
        let words = ui.find_css(&refusal).await?.text().await?;
        ensure!(words.contains("essai"), "a wrong code should say how many tries are left, says {words:?}");

        step("the recipient's phone and the right code hand both pieces over");
        ui.fill("deliver-code", &delivery_code).await?;
        ui.click("deliver-submit").await?;
        ui.attribute_becomes(&detail, "data-status", "delivered").await?;
        ui.attribute_becomes(&testid("envoi-status"), "data-status", "delivered").await?;
        for piece in 1..=2 {
            ui.attribute_becomes(&css_attr("colis-row", "data-code", &format!("{tracking}/{piece}")), "data-status", "delivered")
                .await?;
        }

        step("the database holds the envoi delivered, both pieces delivered, and its cash payment");
        let (status, pieces, delivered, paid) = envoi_in_database(&ui.database, &tracking).await?;
        ensure!(status == "delivered", "the envoi should be delivered in the database, is {status:?}");
        ensure!(pieces == 2 && delivered == 2, "both pieces should be delivered: {delivered} of {pieces}");
        ensure!(paid == 400_000, "the envoi should be paid 4 000 FCFA in cash, paid {paid}");
        Ok(())
    })
    .await;
}

/// The envoi `tracking` as the desk's SQLite file holds it: (status, pieces, pieces delivered, cash paid).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_backs_up_from_the_window_and_restores_the_backup() {
    let desk = Desk::start().await;
    desk.run(|ui| async move {
        let ui = &ui;
        step("first-run setup creates the administrator");
        ui.create_first_admin().await?;

        step("the administrator backs the database up from the Backups section");
        ui.click("nav-backups").await?;
        ui.visible("backups-view").await?;
        ui.click("backup-now").await?;
        let notice = ui.visible("notice").await?.text().await?;
        // The notice comes before the list is read again, and the list already holds the backup
        // taken at start-up: wait for the row of the archive the notice names.
        let rows = testid("backup-row");
        let archive = ui
            .until("a row for the archive the notice names", || async {
                for element in ui.client.find_all(Locator::Css(&rows)).await? {
                    if let Some(path) = element.attr("data-path").await? {
                        if notice.contains(&path) {
                            return Ok(Some(path));
                        }
                    }
                }
                Ok(None)
            })
            .await?;
        let row = format!("{rows}[data-path=\"{archive}\"]");
        let archive = PathBuf::from(archive);
        let folder = ui.database.with_file_name("backups");
        ensure!(
            archive.is_file() && archive.starts_with(&folder),
            "the archive {} should be in {}",
            archive.display(),
            folder.display()
        );
        ensure!(
            PathBuf::from(format!("{}.json", archive.display())).is_file(),
            "the archive's record should sit beside it"
        );

        step("an agency added after the backup is gone once the backup is restored");
        ui.add_agency().await?;
        ensure!(
            agencies_in_database(&ui.database).await? == 1,
            "the agency should be stored"
        );
        ui.click("nav-backups").await?;
        ui.click_css(&format!("{row} {}", testid("backup-restore")))
            .await?;
        ui.visible("restore-checked").await?;
        ui.click("restore-confirm").await?;
        let notice = ui
            .until("the restore's notice", || async {
                let text = ui.visible("notice").await?.text().await?;
                Ok(text.contains("restaurée").then_some(text))
            })
            .await?;
        ensure!(
            agencies_in_database(&ui.database).await? == 0,
            "the restored database is the backup's: {notice}"
        );
        step("the list shows the safety backup taken before the restore");
        ui.find_css(&format!("{rows}[data-path$=\"-safety.db.gz\"]"))
            .await?;
        ui.screenshot("backups.png").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn an_administrator_reads_the_reports_changes_the_period_and_exports_them() {
    let desk = Desk::start().await;
    desk.run(|ui| async move {
        let ui = &ui;
        step("first-run setup: the administrator lands on the reports");
        ui.create_first_admin().await?;
        ui.find_css(&css_attr("reports-view", "data-state", "ready")).await?;

        step("a year of sales is written into the desk's file by `billettigue-cli demo-data`");
        let secrets = ui.database.with_file_name("secrets.json");
        let output = Command::new(billettigue_tests::binaries::debug_binary("billettigue-cli"))
            .arg("--db")
            .arg(&ui.database)
            .arg("--secret-store")
            .arg(format!("file:{}", secrets.display()))
            .args(["demo-data", "--reservations", "400"])
            .output()?;
        ensure!(output.status.success(), "demo-data failed: {}", String::from_utf8_lossy(&output.stderr));

        step("the dashboard over the last 30 days, then over the year: more tickets on the year");
        let today = chrono::Utc::now().date_naive();
        let tickets = || async {
            let value = ui.visible("kpi-tickets_sold").await?.attr("data-value").await?;
            value
                .and_then(|v| v.parse::<i64>().ok())
                .ok_or_else(|| anyhow!("no ticket count"))
        };
        ui.fill("reports-from", &(today - chrono::Duration::days(29)).format("%Y-%m-%d").to_string()).await?;
        ui.fill("reports-to", &today.format("%Y-%m-%d").to_string()).await?;
        ui.click("reports-apply").await?;
        ui.find_css(&css_attr("reports-view", "data-state", "ready")).await?;
        let month = tickets().await?;
        ui.fill("reports-from", &(today - chrono::Duration::days(364)).format("%Y-%m-%d").to_string()).await?;
        ui.click("reports-apply").await?;
        let year = ui
            .until("the year's ticket count", || async {
                let year = tickets().await?;
                Ok((year > month).then_some(year))
            })
            .await?;
        ensure!(year <= 400, "at most the 400 demo reservations, shows {year}");

        step("the sales by day, charted; then by route: the CSV's totals are the screen's");
        ui.click("reports-tab-sales").await?;
        ui.find_css(&css_attr("report-table", "data-by", "day")).await?;
        ui.visible("sales-chart").await?;
        ui.screenshot("reports.png").await?;
        ui.select("sales-by", "route").await?;
        ui.find_css(&css_attr("report-table", "data-by", "route")).await?;
        let screen_total = |column: &'static str| async move {
            ui.find_css(&format!("{} {}", testid("report-totals"), css_attr("report-total", "data-column", column)))
                .await?
                .attr("data-value")
                .await?
                .and_then(|v| v.parse::<i64>().ok())
                .ok_or_else(|| anyhow!("no {column} total on screen"))
        };
        let (screen_tickets, screen_collected) = (screen_total("tickets").await?, screen_total("collected").await?);
        ensure!(screen_tickets == year, "the sales table counts the dashboard's {year} tickets, shows {screen_tickets}");
        ui.click("reports-export-csv").await?;
        let csv_path = ui.find_css(&css_attr("reports-export-path", "data-format", "csv")).await?.attr("data-path").await?;
        let csv_path = PathBuf::from(csv_path.ok_or_else(|| anyhow!("no CSV path"))?);
        ensure!(csv_path.is_file() && csv_path.starts_with(&ui.documents), "the CSV {} should be under BILLETTIGUE_DOCUMENTS", csv_path.display());
        let csv = std::fs::read_to_string(&csv_path)?;
        let total = csv.lines().last().unwrap_or_default().to_owned();
        let cells: Vec<&str> = total.split(',').collect();
        let money = format!("{}.{:02}", screen_collected / 100, screen_collected % 100);
        ensure!(
            cells.first() == Some(&"Total") && cells.get(1) == Some(&screen_tickets.to_string().as_str()) && cells.get(3) == Some(&money.as_str()),
            "the CSV's total line {total:?} should read {screen_tickets} tickets and {money} collected"
        );

        step("the activity report as a PDF, with its charts' titles");
        ui.click("reports-export-pdf").await?;
        let pdf = ui.find_css(&css_attr("reports-export-path", "data-format", "pdf")).await?.attr("data-path").await?;
        let pdf = PathBuf::from(pdf.ok_or_else(|| anyhow!("no PDF path"))?);
        let text = plain(&pdf_text(&pdf)?);
        ensure!(
            text.contains("Rapport d'activité") && text.contains("Encaissé billets par jour") && text.contains("Ventes par ligne"),
            "the PDF should hold the report's sections: {text}"
        );

        step("the desk's sync backlog: what the setup wrote waits, the demo data does not");
        ui.click("reports-tab-sync").await?;
        let waiting = ui
            .find_css(&testid("sync-rows-waiting"))
            .await?
            .attr("data-value")
            .await?
            .and_then(|v| v.parse::<i64>().ok())
            .ok_or_else(|| anyhow!("no rows waiting on screen"))?;
        ensure!(
            waiting > 0 && waiting < year,
            "the first administrator's rows wait to go up, not the {year} demo tickets: {waiting} rows"
        );
        ui.find_css(&css_attr("sync-tables-row", "data-key", "comptes")).await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn an_administrator_connects_the_desk_to_head_office_and_syncs_from_the_window() {
    let (name, central) = billettigue_tests::db::create_mysql_database().await;
    let _dropped_after = DropDatabase(name.clone());
    let url = billettigue_tests::central::database_url(&name);
    let desk = Desk::start().await;
    desk.run(|ui| {
        let url = url.clone();
        let central = central.clone();
        async move {
            let ui = &ui;
            ui.create_first_admin().await?;
            ui.add_agency().await?;
            ui.create_account(&CARRIER).await?;
            let tomorrow = chrono::Utc::now().date_naive() + chrono::Duration::days(1);
            let trajet_uid = ui.publish_departure(tomorrow).await?;
            step("the desk works alone until head office's address is set");
            ui.attribute_becomes(&testid("sync-indicator"), "data-state", "alone")
                .await?;
            ui.click("nav-sync").await?;
            ui.visible("sync-view").await?;
            ui.attribute_becomes(&testid("sync-status"), "data-state", "alone")
                .await?;

            step(
                "the address is checked, kept in the keyring, and head office's database prepared",
            );
            ui.fill("sync-url", &url).await?;
            ui.click_until_notice("sync-url-save", "trousseau").await?;
            ui.click_until_notice("sync-migrate-central", "prête").await?;

            step("sync now: the setup's rows go up, the window says online and nothing waits");
            ui.click_until_notice("sync-now", "Synchronisation faite").await?;
            ui.attribute_becomes(&testid("sync-status"), "data-state", "online")
                .await?;
            ui.attribute_becomes(&testid("sync-status-waiting"), "data-value", "0")
                .await?;
            ui.attribute_becomes(&testid("sync-indicator"), "data-state", "online")
                .await?;
            ui.find_css(&css_attr("sync-node", "data-this-desk", "true"))
                .await?;
            let admins: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM comptes WHERE email = ?")
                .bind(ADMIN_EMAIL)
                .fetch_one(&central)
                .await?;
            ensure!(
                admins == 1,
                "the administrator's account reached head office"
            );
            let contacts: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM desk_nodes WHERE last_contact_at IS NOT NULL",
            )
            .fetch_one(&central)
            .await?;
            ensure!(contacts == 1, "the desk registered with its last contact");

            step("the administrator chooses the agency this desk serves among head office's");
            ui.fill("sync-url", &url).await?;
            ui.click("sync-list-agencies").await?;
            let agency_uid: String = sqlx::query_scalar("SELECT CAST(uid AS CHAR) FROM agences WHERE name = ?")
                .bind(AGENCY_NAME)
                .fetch_one(&central)
                .await?;
            ui.select("sync-agency", &agency_uid).await?;
            ui.click("sync-url-save").await?;
            ui.until("the scope the desk serves", || async {
                let text = ui.visible("sync-scope").await?.text().await?;
                Ok(text.contains(AGENCY_NAME).then_some(()))
            })
            .await?;
            ui.click_until_notice("sync-now", "Synchronisation faite").await?;
            let served: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM desk_nodes n JOIN agences a ON a.id = n.agence_id WHERE a.uid = ?",
            )
            .bind(&agency_uid)
            .fetch_one(&central)
            .await?;
            ensure!(served == 1, "head office knows the agency the desk serves");

            step("head office allotted the desk a block of 4 seats on tomorrow's departure");
            let row = ui.find_css(&testid("sync-seats-row")).await?.text().await?;
            ensure!(
                row.contains("Dakar → Thiès") && row.contains('4'),
                "the seats row: {row:?}"
            );
            let held: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM seat_allotments a JOIN trajets t ON t.id = a.trajet_id \
                 WHERE t.uid = ? AND a.status = 'held'",
            )
            .bind(&trajet_uid)
            .fetch_one(&central)
            .await?;
            ensure!(
                held == 4,
                "head office holds the block for the desk: {held}"
            );
            ui.screenshot("sync.png").await?;

            step("at the counter, the seat map tells the desk's seats from those sold online only");
            ui.create_account(&AGENT).await?;
            ui.sign_out().await?;
            match ui.sign_in(AGENT_EMAIL, AGENT_PASSWORD).await? {
                SignIn::Shell(role) if role == "agent" => {}
                other => bail!("the agent should sign in, got {other:?}"),
            }
            ui.click("nav-sale").await?;
            let day = tomorrow.format("%d/%m/%Y").to_string();
            ui.search_departure("Dakar", "Thiès", &day, "1").await?;
            ui.choose_departure(&trajet_uid).await?;
            ui.attribute_becomes(&testid("seat-1"), "data-here", "true")
                .await?;
            ui.attribute_becomes(&testid("seat-5"), "data-here", "false")
                .await?;
            ui.screenshot("seat-map-sync.png").await?;
            central.close().await;
            Ok(())
        }
    })
    .await;
}

/// Drops a test database when the test ends, passed or failed (a panic unwinds through it).
struct DropDatabase(String);

impl Drop for DropDatabase {
    fn drop(&mut self) {
        let name = self.0.clone();
        let dropped = std::thread::spawn(move || {
            if let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                runtime.block_on(billettigue_tests::db::drop_mysql_database(&name));
            }
        })
        .join();
        if dropped.is_err() {
            eprintln!("e2e: the test database {} could not be dropped", self.0);
        }
    }
}

/// How many agencies the desk's file holds.
async fn agencies_in_database(database: &std::path::Path) -> Result<i64> {
    use sqlx::sqlite::SqliteConnectOptions;
    use sqlx::ConnectOptions;
    let mut conn = SqliteConnectOptions::new()
        .filename(database)
        .read_only(true)
        .connect()
        .await
        .with_context(|| format!("opening {}", database.display()))?;
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM agences")
        .fetch_one(&mut conn)
        .await?)
}

async fn envoi_in_database(
    database: &std::path::Path,
    tracking: &str,
) -> Result<(String, i64, i64, i64)> {
    use sqlx::sqlite::SqliteConnectOptions;
    use sqlx::{ConnectOptions, Row};
    let mut conn = SqliteConnectOptions::new()
        .filename(database)
        .read_only(true)
        .connect()
        .await
        .with_context(|| format!("opening {}", database.display()))?;
    let row = sqlx::query(
        "SELECT e.status, \
         (SELECT COUNT(*) FROM colis k WHERE k.envoi_id = e.id), \
         (SELECT COUNT(*) FROM colis k WHERE k.envoi_id = e.id AND k.status = 'delivered'), \
         (SELECT COALESCE(SUM(p.amount), 0) FROM paiements p WHERE p.envoi_id = e.id AND p.status = 'completed' AND p.method = 'cash') \
         FROM envois e WHERE e.tracking_code = ?",
    )
    .bind(tracking)
    .fetch_one(&mut conn)
    .await
    .with_context(|| format!("the envoi {tracking} in the database"))?;
    Ok((
        row.try_get(0)?,
        row.try_get(1)?,
        row.try_get(2)?,
        row.try_get(3)?,
    ))
}

/// A text shown by the window with its no-break spaces (French number formatting) made plain.
fn plain(text: &str) -> String {
    text.replace(['\u{a0}', '\u{202f}'], " ")
}

/// The text of a PDF, as `pdftotext` (poppler-utils) reads it.
fn pdf_text(pdf: &std::path::Path) -> Result<String> {
    let output = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .context("cannot run pdftotext: apt-get install poppler-utils")?;
    ensure!(
        output.status.success(),
        "pdftotext failed on {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// A seat of the sale's seat map.
fn seat_css(number: u32) -> String {
    format!(
        "{} {}",
        testid("seat-map"),
        testid(&format!("seat-{number}"))
    )
}

// ------------------------------------------------------------------------------------------------
// Driving the window
// ------------------------------------------------------------------------------------------------

fn step(what: &str) {
    eprintln!("e2e: {what}");
}

fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

fn css_attr(id: &str, attribute: &str, value: &str) -> String {
    format!("[data-testid=\"{id}\"][{attribute}=\"{value}\"]")
}

/// An error worth retrying: the element is not there yet, or Svelte replaced it meanwhile.
fn transient(error: &CmdError) -> bool {
    error.is_no_such_element()
        || error.is_stale_element_reference()
        || error.is_element_not_interactable()
}

#[derive(Debug)]
enum SignIn {
    Shell(String),
    Refused { code: String, message: String },
}

struct Ui {
    client: Client,
    screenshots: PathBuf,
    /// Where the app writes its PDFs (`BILLETTIGUE_DOCUMENTS`).
    documents: PathBuf,
    /// The app's SQLite file (`BILLETTIGUE_DB`), read back by the parcels test.
    database: PathBuf,
}

impl Ui {
    /// Clicks `id`, then waits for the notice that says `expected`.
    async fn click_until_notice(&self, id: &str, expected: &str) -> Result<()> {
        self.click(id).await?;
        self.until(&format!("the notice after {id}: {expected}"), || async {
            let text = self.visible("notice").await?.text().await?;
            Ok(text.contains(expected).then_some(()))
        })
        .await
    }

    /// Polls `probe` until it gives a value, for up to `WAIT`.
    async fn until<T, F, Fut>(&self, what: &str, probe: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<Option<T>>>,
    {
        poll(what, WAIT, probe).await
    }

    async fn find_css(&self, css: &str) -> Result<Element> {
        self.until(&format!("element {css}"), || async {
            match self.client.find(Locator::Css(css)).await {
                Ok(element) => Ok(Some(element)),
                Err(error) if transient(&error) => Ok(None),
                Err(error) => Err(error.into()),
            }
        })
        .await
    }

    async fn visible(&self, id: &str) -> Result<Element> {
        let css = testid(id);
        self.until(&format!("{css} displayed"), || async {
            match self.client.find(Locator::Css(&css)).await {
                Ok(element) => match element.is_displayed().await {
                    Ok(true) => Ok(Some(element)),
                    Ok(false) => Ok(None),
                    Err(error) if transient(&error) => Ok(None),
                    Err(error) => Err(error.into()),
                },
                Err(error) if transient(&error) => Ok(None),
                Err(error) => Err(error.into()),
            }
        })
        .await
    }

    /// Clicks the element once it is there and enabled (re-finding it if Svelte re-rendered it).
    async fn click_css(&self, css: &str) -> Result<()> {
        self.until(&format!("{css} enabled and clicked"), || async {
            let element = match self.client.find(Locator::Css(css)).await {
                Ok(element) => element,
                Err(error) if transient(&error) => return Ok(None),
                Err(error) => return Err(error.into()),
            };
            match element.is_enabled().await {
                Ok(true) => {}
                Ok(false) => return Ok(None),
                Err(error) if transient(&error) => return Ok(None),
                Err(error) => return Err(error.into()),
            }
            match element.click().await {
                Ok(()) => Ok(Some(())),
                Err(error) if transient(&error) => Ok(None),
                Err(error) => Err(error.into()),
            }
        })
        .await
    }

    async fn click(&self, id: &str) -> Result<()> {
        self.click_css(&testid(id)).await
    }

    /// Types `text` into an input as a person would (after clearing it), and checks it took.
    async fn fill(&self, id: &str, text: &str) -> Result<()> {
        let css = testid(id);
        self.until(&format!("{css} filled"), || async {
            let element = match self.client.find(Locator::Css(&css)).await {
                Ok(element) => element,
                Err(error) if transient(&error) => return Ok(None),
                Err(error) => return Err(error.into()),
            };
            let typed = async {
                element.clear().await?;
                element.send_keys(text).await?;
                element.prop("value").await
            };
            match typed.await {
                Ok(value) if value.as_deref() == Some(text) => Ok(Some(())),
                Ok(_) => Ok(None),
                Err(error) if transient(&error) => Ok(None),
                Err(error) => Err(error.into()),
            }
        })
        .await
    }

    async fn select(&self, id: &str, value: &str) -> Result<()> {
        let css = testid(id);
        self.until(&format!("{css} set to {value}"), || async {
            let element = match self.client.find(Locator::Css(&css)).await {
                Ok(element) => element,
                Err(error) if transient(&error) => return Ok(None),
                Err(error) => return Err(error.into()),
            };
            let chosen = async {
                element.select_by_value(value).await?;
                element.prop("value").await
            };
            match chosen.await {
                Ok(current) if current.as_deref() == Some(value) => Ok(Some(())),
                Ok(_) => Ok(None),
                Err(error) if transient(&error) => Ok(None),
                Err(error) => Err(error.into()),
            }
        })
        .await
    }

    /// Chooses the first real option of a select (the one after its "— Choisir… —" prompt).
    async fn select_first_choice(&self, id: &str) -> Result<()> {
        let css = testid(id);
        let value = self
            .until(&format!("a choice in {css}"), || async {
                let value = self
                    .js_value(
                        "const select = document.querySelector(arguments[0]);
                         const option = select && [...select.options].find(o => o.value);
                         return option ? option.value : null;",
                        json!([css]),
                    )
                    .await?;
                Ok(value.as_str().map(str::to_owned))
            })
            .await?;
        self.select(id, &value).await
    }

    async fn attribute_becomes(&self, css: &str, attribute: &str, expected: &str) -> Result<()> {
        let last = RefCell::new(None::<String>);
        let outcome = self
            .until(&format!("{css} with {attribute}={expected:?}"), || async {
                match self.client.find(Locator::Css(css)).await {
                    Ok(element) => match element.attr(attribute).await {
                        Ok(value) => {
                            let done = value.as_deref() == Some(expected);
                            *last.borrow_mut() = value;
                            Ok(done.then_some(()))
                        }
                        Err(error) if transient(&error) => Ok(None),
                        Err(error) => Err(error.into()),
                    },
                    Err(error) if transient(&error) => Ok(None),
                    Err(error) => Err(error.into()),
                }
            })
            .await;
        outcome.with_context(|| format!("last {attribute} seen: {:?}", last.borrow()))
    }

    async fn js_value(&self, script: &str, args: Value) -> Result<Value> {
        let args = match args {
            Value::Array(items) => items,
            other => vec![other],
        };
        Ok(self.client.execute(script, args).await?)
    }

    /// The role of the signed-in shell, once it is shown.
    async fn shell_role(&self) -> Result<String> {
        let shell = self.visible("shell").await?;
        shell
            .attr("data-role")
            .await?
            .ok_or_else(|| anyhow!("the shell has no data-role"))
    }

    async fn sign_out(&self) -> Result<()> {
        self.click("logout").await?;
        self.visible("login-form").await?;
        Ok(())
    }

    /// Signs in through the form and reports what the window answered: the shell it opened, or the
    /// error under the form. An error already on screen is marked first, so that only the answer to
    /// this attempt counts.
    async fn sign_in(&self, email: &str, password: &str) -> Result<SignIn> {
        self.visible("login-form").await?;
        self.client
            .execute(
                "document.querySelectorAll('[data-testid=\"login-error\"]').forEach(e => e.dataset.e2eStale = '1')",
                vec![],
            )
            .await?;
        self.fill("login-email", email).await?;
        self.fill("login-password", password).await?;
        self.click("login-submit").await?;
        let answer = self
            .until("the answer to the sign-in", || async {
                let answer = self
                    .js_value(
                        "const shell = document.querySelector('[data-testid=\"shell\"]');
                         if (shell) return { shell: shell.dataset.role };
                         const error = document.querySelector('[data-testid=\"login-error\"]:not([data-e2e-stale])');
                         const submit = document.querySelector('[data-testid=\"login-submit\"]');
                         if (error && submit && !submit.disabled) {
                           return { code: error.dataset.code, message: error.textContent.trim() };
                         }
                         return null;",
                        json!([]),
                    )
                    .await?;
                Ok((!answer.is_null()).then_some(answer))
            })
            .await?;
        let text = |key: &str| answer.get(key).and_then(Value::as_str).map(str::to_owned);
        Ok(match text("shell") {
            Some(role) => SignIn::Shell(role),
            None => SignIn::Refused {
                code: text("code").unwrap_or_default(),
                message: text("message").unwrap_or_default(),
            },
        })
    }

    /// Runs `action` in the window and returns the session token the window's own IPC sent meanwhile.
    ///
    /// `window.__TAURI_INTERNALS__.invoke` (what `invoke` of @tauri-apps/api calls) cannot be wrapped:
    /// Tauri defines it, and `__TAURI_INTERNALS__` itself, with `Object.defineProperty` as
    /// non-writable, non-configurable. Underneath, that `invoke` posts each call with `fetch` to the
    /// `ipc:` custom protocol (its JSON body holds `command`, `args`, `token`, `locale`), and `fetch`
    /// is an ordinary writable global: the test records the token from there. If Tauri ever fell back
    /// to its `postMessage` transport, no token would be seen and this fails loudly.
    async fn capture_token_of<F, Fut>(&self, action: F) -> Result<String>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<()>>,
    {
        self.client
            .execute(
                "if (!window.__e2eFetch) {
                   window.__e2eFetch = window.fetch;
                   window.fetch = function (input, init) {
                     try {
                       const url = typeof input === 'string' ? input : String(input && input.url);
                       if (url.startsWith('ipc:') || url.startsWith('http://ipc.localhost')) {
                         const body = init && typeof init.body === 'string' ? JSON.parse(init.body) : null;
                         if (body && body.token) window.__e2eLastToken = body.token;
                       }
                     } catch (_) { /* not a JSON call: nothing to record */ }
                     return window.__e2eFetch.apply(this, arguments);
                   };
                 }
                 window.__e2eLastToken = null;",
                vec![],
            )
            .await?;
        action().await?;
        self.until("a token sent by the window's IPC", || async {
            let token = self
                .js_value("return window.__e2eLastToken", json!([]))
                .await?;
            Ok(token.as_str().map(str::to_owned))
        })
        .await
    }

    /// Sends one `call` command straight through Tauri's IPC with the given token; returns
    /// `{"ok": result}` or `{"err": rejection}`.
    async fn invoke_call(&self, command: &str, args: Value, token: &str) -> Result<Value> {
        let script = "const [command, args, token, done] = arguments;
             window.__TAURI_INTERNALS__
               .invoke('call', { command, args, token, locale: 'fr' })
               .then(ok => done({ ok }), err => done({ err }));";
        Ok(self
            .client
            .execute_async(script, vec![json!(command), args, json!(token)])
            .await?)
    }

    /// Like `invoke_call`, for a call that must succeed: its result.
    async fn invoke_ok(&self, command: &str, args: Value, token: &str) -> Result<Value> {
        let answer = self.invoke_call(command, args, token).await?;
        answer
            .get("ok")
            .cloned()
            .ok_or_else(|| anyhow!("{command} was refused: {answer}"))
    }

    /// First-run setup: the administrator's account through the setup form, then the admin shell.
    async fn create_first_admin(&self) -> Result<()> {
        self.visible("setup-first-name").await?;
        self.fill("setup-first-name", "Awa").await?;
        self.fill("setup-last-name", "Diop").await?;
        self.fill("setup-email", ADMIN_EMAIL).await?;
        self.fill("setup-password", ADMIN_PASSWORD).await?;
        self.fill("setup-password-confirm", ADMIN_PASSWORD).await?;
        self.click("setup-submit").await?;
        ensure!(
            self.shell_role().await? == "admin",
            "the first account should land in the admin shell"
        );
        let who = self.visible("current-user").await?.text().await?;
        ensure!(
            who.contains("Awa Diop"),
            "the header should name the administrator, shows {who:?}"
        );
        Ok(())
    }

    /// The administrator adds the agency `AGENCY_NAME` in Dakar.
    async fn add_agency(&self) -> Result<()> {
        self.click("nav-agencies").await?;
        self.visible("agencies-view").await?;
        self.fill("agency-create-name", AGENCY_NAME).await?;
        self.fill("agency-create-city", "Dakar").await?;
        self.fill("agency-create-address", "Route de Rufisque")
            .await?;
        self.fill("agency-create-phone", "+221 33 800 00 00")
            .await?;
        self.click("agency-create-submit").await?;
        self.find_css(&css_attr("agency-row", "data-name", AGENCY_NAME))
            .await?;
        Ok(())
    }

    /// The administrator creates `account` through "Nouveau compte"; returns the CSS of its row,
    /// once the row shows it active.
    async fn create_account(&self, account: &NewAccount) -> Result<String> {
        self.click("nav-accounts").await?;
        self.visible("accounts-view").await?;
        self.click("account-create-open").await?;
        self.select("account-create-role", account.role).await?;
        if let Some(agency) = account.agency {
            let agency_uid = self
                .until("the agency among the choices of the agent's agency", || async {
                    let uid = self
                        .js_value(
                            "const select = document.querySelector('[data-testid=\"account-create-agency\"]');
                             if (!select) return null;
                             const option = [...select.options].find(o => o.value && o.textContent.includes(arguments[0]));
                             return option ? option.value : null;",
                            json!([agency]),
                        )
                        .await?;
                    Ok(uid.as_str().map(str::to_owned))
                })
                .await?;
            self.select("account-create-agency", &agency_uid).await?;
        }
        if let Some(company) = account.company {
            self.fill("account-create-company", company).await?;
        }
        self.fill("account-create-first-name", account.first_name)
            .await?;
        self.fill("account-create-last-name", account.last_name)
            .await?;
        self.fill("account-create-email", account.email).await?;
        self.fill("account-create-phone", account.phone).await?;
        self.fill("account-create-password", account.password)
            .await?;
        self.click("account-create-submit").await?;
        self.visible("notice").await?;
        let row = css_attr("account-row", "data-email", account.email);
        self.attribute_becomes(&row, "data-status", "active")
            .await?;
        Ok(row)
    }

    /// Publishes a departure Dakar → Thiès at 10:00 GMT on `day` for the only carrier, through the
    /// app's own call with the administrator's token (the Trajets form is tested elsewhere); returns its uid.
    async fn publish_departure(&self, day: chrono::NaiveDate) -> Result<String> {
        let token = self.capture_token_of(|| self.click("nav-trajets")).await?;
        let carriers = self
            .invoke_ok(
                "accounts.list",
                json!({ "role": "transporteur", "query": null }),
                &token,
            )
            .await?;
        let carrier_uid = carriers
            .pointer("/0/transporteur_uid")
            .and_then(Value::as_str)
            .ok_or_else(|| anyhow!("no carrier behind the transporteur account: {carriers}"))?;
        let trajet = self
            .invoke_ok(
                "trajets.create",
                json!({
                    "template": {
                        "transporteur_uid": carrier_uid,
                        "departure_city": "Dakar",
                        "arrival_city": "Thiès",
                        "price": 250_000,
                        "seats_count": 30,
                        "accepts_packages": true,
                        "max_package_weight_g": null,
                        "departure_point": "Gare des Baux Maraîchers",
                        "arrival_point": "Gare routière de Thiès"
                    },
                    "departure_time": format!("{}T10:00:00Z", day.format("%Y-%m-%d")),
                }),
                &token,
            )
            .await?;
        Ok(trajet
            .get("uid")
            .and_then(Value::as_str)
            .ok_or_else(|| anyhow!("trajets.create gave no uid: {trajet}"))?
            .to_owned())
    }

    /// Opens the signed-in clerk's till with `float` FCFA in the drawer, through the Till section.
    async fn open_till(&self, float: &str) -> Result<()> {
        self.click("nav-till").await?;
        self.visible("till-closed").await?;
        self.fill("till-opening-float", float).await?;
        self.click("till-open-submit").await?;
        self.attribute_becomes(&testid("till-view"), "data-state", "open")
            .await
    }

    /// Fills the sale's search line and runs it.
    async fn search_departure(&self, from: &str, to: &str, day: &str, seats: &str) -> Result<()> {
        self.fill("search-from", from).await?;
        self.fill("search-to", to).await?;
        self.fill("search-date", day).await?;
        self.fill("search-seats", seats).await?;
        self.click("search-submit").await
    }

    /// Chooses a departure among the search results, and waits for its seat map.
    async fn choose_departure(&self, trajet_uid: &str) -> Result<()> {
        let hit = css_attr("search-hit", "data-uid", trajet_uid);
        self.click_css(&format!("{hit} {}", testid("search-choose")))
            .await?;
        self.find_css(&css_attr("sale-departure", "data-uid", trajet_uid))
            .await?;
        self.find_css(&seat_css(1)).await?;
        Ok(())
    }

    /// Picks a seat that the map shows free, and checks it is picked.
    async fn pick_seat(&self, number: u32) -> Result<()> {
        let seat = seat_css(number);
        self.attribute_becomes(&seat, "data-state", "free").await?;
        self.click_css(&seat).await?;
        self.attribute_becomes(&seat, "data-picked", "true").await
    }

    /// Types the `index`-th passenger of the sale (0 for the first seat picked).
    async fn fill_passenger(
        &self,
        index: usize,
        first_name: &str,
        last_name: &str,
        phone: &str,
    ) -> Result<()> {
        self.fill(&format!("passenger-{index}-first-name"), first_name)
            .await?;
        self.fill(&format!("passenger-{index}-last-name"), last_name)
            .await?;
        self.fill(&format!("passenger-{index}-phone"), phone).await
    }

    async fn screenshot(&self, name: &str) -> Result<()> {
        if std::env::var_os("BILLETTIGUE_SCREENSHOTS").is_none() {
            return Ok(());
        }
        // Let fonts and the last paint settle; the picture is for people, not an assertion.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let png = self.client.screenshot().await?;
        std::fs::create_dir_all(&self.screenshots)?;
        let path = self.screenshots.join(name);
        std::fs::write(&path, png).with_context(|| format!("writing {}", path.display()))?;
        step(&format!("saved {}", path.display()));
        Ok(())
    }
}

async fn poll<T, F, Fut>(what: &str, limit: Duration, mut probe: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>>>,
{
    let started = Instant::now();
    loop {
        if let Some(value) = probe()
            .await
            .with_context(|| format!("while waiting for {what}"))?
        {
            return Ok(value);
        }
        if started.elapsed() > limit {
            bail!("timed out after {limit:?} waiting for {what}");
        }
        tokio::time::sleep(POLL).await;
    }
}

// ------------------------------------------------------------------------------------------------
// Xvfb, tauri-driver and the app, started here and always stopped
// ------------------------------------------------------------------------------------------------

/// A child started in its own process group; dropping it kills the whole group (tauri-driver's
/// group holds WebKitWebDriver, the app and WebKit's helper processes).
struct Group {
    name: &'static str,
    child: Child,
}

impl Group {
    fn spawn(name: &'static str, command: &mut Command) -> Result<Self> {
        let child = command
            .process_group(0)
            .spawn()
            .with_context(|| format!("cannot start {name} ({:?})", command.get_program()))?;
        Ok(Self { name, child })
    }

    fn signal_group(&self, signal: &str) {
        let _ = Command::new("kill")
            .args([signal, "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
    }

    fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        self.signal_group("-TERM");
        let deadline = Instant::now() + Duration::from_secs(3);
        while self.running() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        // Whatever is left of the group (the leader or its children) goes now.
        self.signal_group("-KILL");
        let _ = self.child.kill();
        let _ = self.child.wait();
        eprintln!("e2e: stopped {}", self.name);
    }
}

/// Everything one test needs. Field order is drop order: the driver (and the app) before the X
/// server, the temporary folder last.
struct Desk {
    _driver: Group,
    driver_port: u16,
    _xvfb: Group,
    app: PathBuf,
    workspace: PathBuf,
    screenshots: PathBuf,
    logs: Vec<PathBuf>,
    dir: tempfile::TempDir,
}

impl Desk {
    async fn start() -> Self {
        match Self::try_start().await {
            Ok(desk) => desk,
            Err(error) => panic!("cannot start the window test: {error:#}"),
        }
    }

    async fn try_start() -> Result<Self> {
        let workspace = billettigue_tests::binaries::workspace();
        let app = billettigue_tests::binaries::debug_path("billettigue-desk");
        let tauri_driver = workspace.join("tools/bin/tauri-driver");
        let how = "run the README's test command (`bash .ci/run`), or at least `npm --prefix ui run build && \
                   cargo build -p billettigue-desk && cargo install tauri-driver@^2 --locked --root tools`";
        ensure!(
            app.is_file(),
            "the app binary {} is missing: {how}",
            app.display()
        );
        ensure!(
            tauri_driver.is_file(),
            "tauri-driver {} is missing: {how}",
            tauri_driver.display()
        );
        for (program, package) in [("Xvfb", "xvfb"), ("WebKitWebDriver", "webkit2gtk-driver")] {
            ensure!(
                on_path(program),
                "{program} is not installed: apt-get install {package} (or run `.ci/setup`)"
            );
        }

        let dir = tempfile::Builder::new()
            .prefix("billettigue-e2e-")
            .tempdir()?;
        let xvfb_log = dir.path().join("xvfb.log");
        let driver_log = dir.path().join("tauri-driver.log");

        // Xvfb picks a free display itself and writes its number to stdout (-displayfd 1) once it
        // accepts connections: no guessing, no race with another test or a desktop session.
        let mut xvfb_command = Command::new("Xvfb");
        xvfb_command
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(File::create(&xvfb_log)?);
        let mut xvfb = Group::spawn("Xvfb", &mut xvfb_command)?;
        let display = read_display(&mut xvfb)
            .with_context(|| format!("Xvfb did not start; see {}", xvfb_log.display()))?;

        let driver_port = free_port()?;
        let native_port = free_port()?;
        let log = File::create(&driver_log)?;
        let mut driver_command = Command::new(&tauri_driver);
        driver_command
            .args([
                "--port",
                &driver_port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", format!(":{display}"))
            .env("BILLETTIGUE_DB", dir.path().join("desk.db"))
            // Tickets and manifests go to the run's own folder, where the test reads them back.
            .env("BILLETTIGUE_DOCUMENTS", dir.path().join("documents"))
            // The webview keeps its storage (the chosen language…) in the user's data and cache
            // folders: give each run its own, so that a window starts as a new user's would.
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("XDG_CACHE_HOME", dir.path().join("cache"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env(
                "BILLETTIGUE_SECRET_STORE",
                format!("file:{}", dir.path().join("secrets.json").display()),
            )
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        let driver = Group::spawn("tauri-driver", &mut driver_command)?;
        let desk = Self {
            _driver: driver,
            driver_port,
            _xvfb: xvfb,
            app,
            screenshots: workspace.join("docs/screenshots"),
            workspace,
            logs: vec![driver_log, xvfb_log],
            dir,
        };
        poll("tauri-driver to listen", START_WAIT, || async {
            Ok(TcpStream::connect(("127.0.0.1", driver_port))
                .is_ok()
                .then_some(()))
        })
        .await?;
        step(&format!(
            "Xvfb on :{display}, tauri-driver on {driver_port}, data in {}",
            desk.dir.path().display()
        ));
        Ok(desk)
    }

    /// Opens the window, runs `scenario`, and closes the window, whatever happened; on failure
    /// saves a screenshot to target/ and shows the drivers' logs.
    async fn run<F, Fut>(self, scenario: F)
    where
        F: FnOnce(Ui) -> Fut,
        Fut: Future<Output = Result<()>>,
    {
        let client = match self.connect().await {
            Ok(client) => client,
            Err(error) => {
                self.show_logs();
                panic!("cannot open the app's window over WebDriver: {error:#}");
            }
        };
        let ui = Ui {
            client: client.clone(),
            screenshots: self.screenshots.clone(),
            documents: self.documents(),
            database: self.dir.path().join("desk.db"),
        };
        let outcome = scenario(ui).await;
        if let Err(error) = &outcome {
            let shot = self.workspace.join("target/e2e-window-failure.png");
            if let Ok(png) = client.screenshot().await {
                if std::fs::write(&shot, png).is_ok() {
                    eprintln!("e2e: screenshot of the failure: {}", shot.display());
                }
            }
            eprintln!("e2e: failed: {error:#}");
        }
        let _ = client.close().await;
        if let Err(error) = outcome {
            self.show_logs();
            panic!("{error:#}");
        }
    }

    /// The folder the app writes its tickets and manifests to (`BILLETTIGUE_DOCUMENTS`).
    fn documents(&self) -> PathBuf {
        self.dir.path().join("documents")
    }

    async fn connect(&self) -> Result<Client> {
        let mut capabilities = serde_json::Map::new();
        // No browserName: WebKitWebDriver refuses a session that names one ("wry").
        capabilities.insert("tauri:options".into(), json!({ "application": self.app }));
        let url = format!("http://127.0.0.1:{}", self.driver_port);
        let client = tokio::time::timeout(
            START_WAIT,
            ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities)
                .connect(&url),
        )
        .await
        .context("no WebDriver session in time")??;
        Ok(client)
    }

    fn show_logs(&self) {
        for log in &self.logs {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            let tail: Vec<&str> = text.lines().rev().take(40).collect();
            eprintln!("---- {} (last lines)", log.display());
            for line in tail.iter().rev() {
                eprintln!("{line}");
            }
        }
    }
}

/// The display number Xvfb writes on its stdout when ready (`-displayfd 1`).
fn read_display(xvfb: &mut Group) -> Result<u32> {
    let stdout = xvfb.child.stdout.take().context("Xvfb's stdout")?;
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let _ = sender.send(reader.read_line(&mut line).map(|_| line));
        // Keep the pipe open (and drained) for as long as Xvfb lives.
        let _ = reader.read_to_end(&mut Vec::new());
    });
    let line = receiver
        .recv_timeout(START_WAIT)
        .context("Xvfb gave no display number in time")??;
    line.trim()
        .parse()
        .with_context(|| format!("Xvfb wrote {line:?} instead of a display number"))
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind(("127.0.0.1", 0))?.local_addr()?.port())
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}
