//! Payments and the till against real parts: the desk's SQLite file and the payment provider
//! played by the stand-in HTTP server on loopback, which answers slowly, declines, drops the
//! connection after charging and answers differently on retry. No fault may charge twice or
//! lose a payment.

use std::time::Duration as StdDuration;

use billettigue_core::commands::dispatch;
use billettigue_core::{ErrorCode, Locale};
use billettigue_standin::{Approval, Fault, StandIn, Status};
use billettigue_tests::counter::{passenger, Counter, FLOAT, PRICE};
use billettigue_tests::desk::{count, open_desk, text};
use chrono::Duration;
use serde_json::{json, Value};

/// A counter whose administrator configured the stand-in as the provider, answering within
/// `timeout_seconds`.
async fn counter_with_provider(timeout_seconds: u32) -> (Counter, StandIn) {
    let c = Counter::new().await;
    let standin = StandIn::start().await.expect("the stand-in starts");
    c.desk
        .ok(
            "payments.configure_provider",
            json!({ "base_url": standin.base_url(), "merchant_id": standin.merchant_id(), "api_key": standin.api_key() }),
            Some(&c.admin_token),
        )
        .await;
    c.desk
        .ok(
            "config.set",
            json!({ "key": "payments.provider_timeout_seconds", "value": timeout_seconds.to_string() }),
            Some(&c.admin_token),
        )
        .await;
    (c, standin)
}

/// Sells one seat of `trajet` paid by `method`; returns the receipt.
async fn sell_by(c: &Counter, trajet: &str, seat: i64, method: &str, refundable: bool) -> Value {
    let phone = (method == "mobile_money").then_some("+221 77 000 00 00");
    c.desk
        .ok(
            "sales.sell",
            json!({
                "sale": { "trajet_uid": trajet, "passengers": [passenger("Aïssatou", "Ndiaye", &[seat])], "refundable": refundable },
                "payment_method": method,
                "payer_phone": phone,
            }),
            Some(&c.agent_token),
        )
        .await
}

fn reference(receipt: &Value) -> String {
    text(&receipt["reservations"][0], "booking_reference")
}

fn payment_uid(receipt: &Value) -> String {
    text(&receipt["payment"], "uid")
}

async fn events(c: &Counter, payment: &str) -> Vec<String> {
    let log = c
        .desk
        .ok(
            "payments.log",
            json!({ "payment_uid": payment }),
            Some(&c.admin_token),
        )
        .await;
    log.as_array()
        .map(|lines| lines.iter().map(|l| text(l, "event")).collect())
        .unwrap_or_default()
}

async fn reconcile(c: &Counter) -> Value {
    c.desk
        .ok("payments.reconcile", json!({}), Some(&c.agent_token))
        .await
}

#[tokio::test]
async fn mobile_money_waits_for_the_customer_then_confirms_the_ticket_with_one_charge() {
    let (c, standin) = counter_with_provider(5).await;
    let trajet = c.publish("Dakar", "Thiès", c.tomorrow_at(7), 12).await;
    let receipt = sell_by(&c, &trajet, 3, "mobile_money", false).await;
    assert_eq!(receipt["payment"]["status"], "pending", "{receipt}");
    assert_eq!(receipt["reservations"][0]["status"], "pending");
    assert_eq!(
        c.available_seats(&trajet).await,
        11,
        "the seat is held meanwhile"
    );
    let printed = c
        .desk
        .err(
            "tickets.print",
            json!({ "booking_reference": reference(&receipt), "format": "a4" }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(
        printed.code,
        ErrorCode::Conflict,
        "no ticket before payment"
    );

    let checked = c
        .desk
        .ok(
            "payments.check",
            json!({ "payment_uid": payment_uid(&receipt) }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(checked["status"], "completed", "{checked}");
    assert_eq!(
        c.reservation(&reference(&receipt)).await["status"],
        "confirmed"
    );
    assert_eq!(standin.payments().len(), 1);
    assert_eq!(standin.charged_total(), PRICE);
    assert_eq!(
        standin.payments()[0].payer_phone.as_deref(),
        Some("+221770000000")
    );
    assert_eq!(
        checked["provider_reference"].as_str(),
        Some(standin.payments()[0].id.as_str())
    );
}

#[tokio::test]
async fn a_card_is_paid_at_once_and_no_card_data_ever_reaches_the_desk() {
    let (c, standin) = counter_with_provider(5).await;
    let trajet = c.publish("Dakar", "Thiès", c.tomorrow_at(7), 12).await;
    let receipt = sell_by(&c, &trajet, 1, "card", false).await;
    assert_eq!(receipt["payment"]["status"], "completed", "{receipt}");
    assert_eq!(receipt["reservations"][0]["status"], "confirmed");
    assert_eq!(standin.charged_total(), PRICE);
    let stored: Vec<(String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT method, provider_reference, payer_phone FROM paiements")
            .fetch_all(c.desk.pool())
            .await
            .expect("payments");
    assert_eq!(
        stored,
        vec![("card".into(), Some(standin.payments()[0].id.clone()), None)]
    );
}

#[tokio::test]
async fn connection_dropped_after_the_provider_charged_gives_exactly_one_charge_and_one_paid_reservation(
) {
    let (c, standin) = counter_with_provider(5).await;
    standin.set_approval(Approval::Immediate);
    standin.script_payments([Fault::DropAfterCharge]);
    let trajet = c.publish("Dakar", "Thiès", c.tomorrow_at(7), 12).await;
    let receipt = sell_by(&c, &trajet, 2, "mobile_money", false).await;
    assert_eq!(
        receipt["payment"]["status"], "pending",
        "no answer: neither paid nor failed, {receipt}"
    );
    assert_eq!(standin.payments().len(), 1, "the provider did charge");

    let summary = reconcile(&c).await;
    assert_eq!(summary["completed"], 1, "{summary}");
    assert_eq!(standin.create_requests(), 2, "asked once more...");
    assert_eq!(
        standin.payments().len(),
        1,
        "...with the same key: one charge"
    );
    assert_eq!(standin.charged_total(), PRICE);
    assert_eq!(
        c.reservation(&reference(&receipt)).await["status"],
        "confirmed"
    );
    let paid = count(c.desk.pool(), "paiements WHERE status = 'completed'").await;
    assert_eq!(paid, 1);
    assert_eq!(
        events(&c, &payment_uid(&receipt)).await,
        ["attempt", "timeout", "reconciliation"]
    );
    // Asking again changes nothing.
    reconcile(&c).await;
    assert_eq!(standin.payments().len(), 1);
    assert_eq!(
        count(c.desk.pool(), "payment_logs WHERE event = 'reconciliation'").await,
        1
    );
}

#[tokio::test]
async fn a_slow_provider_leaves_the_payment_pending_and_it_is_reconciled_after_the_app_reopens() {
    let (c, standin) = counter_with_provider(1).await;
    standin.set_approval(Approval::Immediate);
    standin.script_payments([Fault::Slow(StdDuration::from_secs(3))]);
    let trajet = c.publish("Dakar", "Thiès", c.tomorrow_at(7), 12).await;
    let receipt = sell_by(&c, &trajet, 5, "card", false).await;
    assert_eq!(receipt["payment"]["status"], "pending", "{receipt}");
    let message = receipt["payment"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("temps"), "{message}");

    // The application closes and opens again on the same file.
    let reopened = open_desk(c.desk.dir.path(), c.desk.clock.clone()).await;
    let summary = dispatch(
        &reopened,
        "payments.reconcile",
        json!({}),
        Some(&c.agent_token),
        Locale::Fr,
    )
    .await
    .expect("reconcile");
    assert_eq!(summary["completed"], 1, "{summary}");
    assert_eq!(standin.payments().len(), 1);
    assert_eq!(standin.charged_total(), PRICE);
    assert_eq!(
        c.reservation(&reference(&receipt)).await["status"],
        "confirmed"
    );
}

#[tokio::test]
async fn a_server_error_charges_nothing_and_the_retry_with_the_same_key_charges_once() {
    let (c, standin) = counter_with_provider(5).await;
    standin.set_approval(Approval::Immediate);
    standin.script_payments([Fault::ServerError]);
    let trajet = c.publish("Dakar", "Thiès", c.tomorrow_at(7), 12).await;
    let receipt = sell_by(&c, &trajet, 4, "card", false).await;
    assert_eq!(receipt["payment"]["status"], "pending");
    assert!(standin.payments().is_empty());
    let checked = c
        .desk
        .ok(
            "payments.check",
            json!({ "payment_uid": payment_uid(&receipt) }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(checked["status"], "completed");
    let payments = standin.payments();
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0].idempotency_key, payment_uid(&receipt));
}

#[tokio::test]
async fn a_declined_payment_leaves_the_ticket_unpaid_and_frees_its_seat_after_the_hold_time() {
    let (c, standin) = counter_with_provider(5).await;
    standin.set_approval(Approval::Immediate);
    let trajet = c.publish("Dakar", "Thiès", c.tomorrow_at(7), 12).await;
    let receipt = c
        .desk
        .ok(
            "sales.sell",
            json!({ "sale": { "trajet_uid": trajet, "passengers": [passenger("Moussa", "Sow", &[6])] },
                    "payment_method": "mobile_money", "payer_phone": "+221 77 000 00 99" }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(receipt["payment"]["status"], "failed", "{receipt}");
    assert_eq!(receipt["payment"]["message"], "Solde insuffisant");
    assert_eq!(receipt["reservations"][0]["status"], "pending");
    assert_eq!(standin.charged_total(), 0);
    assert_eq!(c.available_seats(&trajet).await, 11, "held for another try");

    // Before the hold ends nothing moves; after it, the seat is back on sale.
    c.desk.advance(Duration::minutes(14));
    assert_eq!(reconcile(&c).await["holds_released"], 0);
    c.desk.advance(Duration::minutes(2));
    assert_eq!(reconcile(&c).await["holds_released"], 1);
    assert_eq!(c.available_seats(&trajet).await, 12);
    let reservation = c.reservation(&reference(&receipt)).await;
    assert_eq!(reservation["status"], "cancelled");
    assert_eq!(
        c.desk
            .err(
                "payments.retry",
                json!({ "payment_uid": payment_uid(&receipt), "method": "cash" }),
                Some(&c.agent_token),
            )
            .await
            .code,
        ErrorCode::Conflict,
        "too late to pay"
    );
    assert_eq!(
        events(&c, &payment_uid(&receipt)).await,
        ["attempt", "failure"]
    );
}

#[tokio::test]
async fn a_failed_payment_is_taken_again_in_cash_while_the_seats_are_held() {
    let (c, standin) = counter_with_provider(5).await;
    standin.set_approval(Approval::Immediate);
    standin.script_payments([Fault::Decline("Transaction refusée par l'opérateur".into())]);
    let trajet = c.publish("Dakar", "Thiès", c.tomorrow_at(7), 12).await;
    let receipt = sell_by(&c, &trajet, 8, "mobile_money", false).await;
    assert_eq!(receipt["payment"]["status"], "failed");
    let retried = c
        .desk
        .ok(
            "payments.retry",
            json!({ "payment_uid": payment_uid(&receipt), "method": "cash", "cash_tendered": PRICE + 50_000 }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(retried["payment"]["method"], "cash");
    assert_eq!(retried["change_due"], 50_000);
    assert_eq!(retried["reservations"][0]["status"], "confirmed");
    assert_eq!(standin.charged_total(), 0);
    let report = c
        .desk
        .ok("till.current", json!({}), Some(&c.agent_token))
        .await;
    assert_eq!(report["methods"][0]["sales_amount"], PRICE);
    assert_eq!(report["expected_cash"], FLOAT + PRICE);
}

#[tokio::test]
async fn a_refusal_by_the_provider_fails_the_payment_without_charging() {
    let (c, standin) = counter_with_provider(5).await;
    standin.script_payments([Fault::Refuse(422, "Numéro non abonné".into())]);
    let trajet = c.publish("Dakar", "Thiès", c.tomorrow_at(7), 12).await;
    let receipt = sell_by(&c, &trajet, 9, "mobile_money", false).await;
    assert_eq!(receipt["payment"]["status"], "failed");
    let message = receipt["payment"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("Numéro non abonné"), "{message}");
    assert!(standin.payments().is_empty());
}

#[tokio::test]
async fn refunds_go_back_through_the_method_that_paid_and_never_exceed_it() {
    let (c, standin) = counter_with_provider(5).await;
    standin.set_approval(Approval::Immediate);
    let trajet = c.publish("Dakar", "Thiès", c.day_at(5, 7), 12).await;
    // Two passengers, one mobile money charge for both; refundable (10 % supplement, 10 % fee).
    let receipt = c
        .desk
        .ok(
            "sales.sell",
            json!({ "sale": { "trajet_uid": trajet, "refundable": true,
                              "passengers": [passenger("Awa", "Diop", &[1]), passenger("Ibou", "Diop", &[2])] },
                    "payment_method": "mobile_money", "payer_phone": "+221 77 000 00 00" }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(receipt["payment"]["status"], "completed", "{receipt}");
    let each = PRICE + PRICE / 10;
    assert_eq!(standin.charged_total(), 2 * each, "one charge for the sale");
    assert_eq!(standin.payments().len(), 1);

    let first = text(&receipt["reservations"][0], "booking_reference");
    let cancelled = c
        .desk
        .ok(
            "reservations.cancel",
            json!({ "booking_reference": first, "reason": "Voyage reporté" }),
            Some(&c.agent_token),
        )
        .await;
    let refund = PRICE - PRICE / 10;
    assert_eq!(cancelled["cancellation"]["refund_amount"], refund);
    assert_eq!(cancelled["cancellation"]["refund_method"], "mobile_money");
    assert_eq!(cancelled["cancellation"]["refund_pending"], false);
    let refunds = standin.refunds();
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].amount, refund);
    assert_eq!(refunds[0].payment_id, standin.payments()[0].id);
    let payment = c
        .desk
        .ok(
            "payments.get",
            json!({ "payment_uid": payment_uid(&receipt) }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(payment["refunded"], refund);
    assert_eq!(payment["status"], "completed", "only part given back");
    // Cancelling twice refunds nothing more.
    let again = c
        .desk
        .err(
            "reservations.cancel",
            json!({ "booking_reference": first, "reason": "Encore" }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(again.code, ErrorCode::Conflict);
    assert_eq!(standin.refunds().len(), 1);
    let given: i64 = sqlx::query_scalar("SELECT COALESCE(SUM(amount), 0) FROM payment_refunds")
        .fetch_one(c.desk.pool())
        .await
        .expect("refunds");
    assert!(given <= 2 * each);
}

#[tokio::test]
async fn a_provider_refund_whose_answer_is_lost_is_reconciled_without_refunding_twice() {
    let (c, standin) = counter_with_provider(5).await;
    standin.set_approval(Approval::Immediate);
    standin.script_refunds([Fault::DropAfterCharge]);
    let trajet = c.publish("Dakar", "Thiès", c.day_at(5, 7), 12).await;
    let receipt = sell_by(&c, &trajet, 3, "card", true).await;
    let cancelled = c
        .desk
        .ok(
            "reservations.cancel",
            json!({ "booking_reference": reference(&receipt), "reason": "Malade" }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(cancelled["cancellation"]["refund_pending"], true);
    assert_eq!(standin.refunds().len(), 1, "the provider did refund");
    let summary = reconcile(&c).await;
    assert_eq!(summary["refunds_settled"], 1, "{summary}");
    assert_eq!(standin.refunds().len(), 1, "same key: one refund");
    let after = c.reservation(&reference(&receipt)).await;
    assert_eq!(after["cancellation"]["refund_pending"], false);
}

#[tokio::test]
async fn a_refused_provider_refund_becomes_cash_owed_and_paid_out_at_a_till() {
    let (c, standin) = counter_with_provider(5).await;
    standin.set_approval(Approval::Immediate);
    standin.script_refunds([Fault::Refuse(409, "Compte du client fermé".into())]);
    let trajet = c.publish("Dakar", "Thiès", c.day_at(5, 7), 12).await;
    let receipt = sell_by(&c, &trajet, 3, "mobile_money", true).await;
    c.desk
        .ok(
            "reservations.cancel",
            json!({ "booking_reference": reference(&receipt), "reason": "Malade" }),
            Some(&c.agent_token),
        )
        .await;
    let due = c
        .desk
        .ok("payments.refunds_due", json!({}), Some(&c.agent_token))
        .await;
    assert_eq!(due.as_array().map(Vec::len), Some(1), "{due}");
    let refund = PRICE - PRICE / 10;
    assert_eq!(due[0]["amount"], refund);
    c.desk
        .ok(
            "payments.pay_refund",
            json!({ "refund_uid": text(&due[0], "refund_uid") }),
            Some(&c.agent_token),
        )
        .await;
    let report = c
        .desk
        .ok("till.current", json!({}), Some(&c.agent_token))
        .await;
    assert_eq!(report["methods"][0]["refunds_amount"], refund, "{report}");
    assert_eq!(report["expected_cash"], FLOAT - refund);
    let again = c
        .desk
        .err(
            "payments.pay_refund",
            json!({ "refund_uid": text(&due[0], "refund_uid") }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(again.code, ErrorCode::NotFound, "paid once only");
}

#[tokio::test]
async fn cash_moves_only_through_an_open_till() {
    let (c, _standin) = counter_with_provider(5).await;
    let trajet = c.publish("Dakar", "Thiès", c.day_at(5, 7), 12).await;
    let clerk = c
        .desk
        .create_agent(&c.admin_token, "guichet2@billettigue.sn")
        .await;
    let token = c.desk.sign_in(&clerk).await;
    let before = c.desk.snapshot().await;
    let refused = c
        .desk
        .err(
            "sales.sell",
            json!({ "sale": { "trajet_uid": trajet, "passengers": [passenger("Awa", "Diop", &[1])] } }),
            Some(&token),
        )
        .await;
    assert_eq!(refused.code, ErrorCode::Conflict);
    assert!(refused.message.contains("caisse"), "{}", refused.message);
    assert_eq!(c.desk.snapshot().await, before, "nothing written");
    // A cash refund needs the drawer too.
    let reference = c
        .sell_with(json!({ "trajet_uid": trajet, "refundable": true, "passengers": [passenger("Awa", "Diop", &[1])] }))
        .await
        .remove(0);
    let before = c.desk.snapshot().await;
    let refused = c
        .desk
        .err(
            "reservations.cancel",
            json!({ "booking_reference": reference, "reason": "Malade" }),
            Some(&token),
        )
        .await;
    assert_eq!(refused.code, ErrorCode::Conflict);
    assert_eq!(c.desk.snapshot().await, before);
}

#[tokio::test]
async fn the_till_closes_on_a_z_report_that_never_changes_afterwards() {
    let (c, standin) = counter_with_provider(5).await;
    standin.set_approval(Approval::AfterPolls(1));
    let trajet = c.publish("Dakar", "Thiès", c.day_at(5, 7), 20).await;
    sell_by(&c, &trajet, 1, "cash", false).await;
    let refundable = sell_by(&c, &trajet, 2, "cash", true).await;
    let card = sell_by(&c, &trajet, 3, "card", false).await;
    let waiting = sell_by(&c, &trajet, 4, "mobile_money", false).await;
    assert_eq!(card["payment"]["status"], "completed");
    assert_eq!(waiting["payment"]["status"], "pending");
    c.desk
        .ok(
            "reservations.cancel",
            json!({ "booking_reference": reference(&refundable), "reason": "Change d'avis" }),
            Some(&c.agent_token),
        )
        .await;
    let refund = PRICE - PRICE / 10;
    let expected = FLOAT + PRICE + (PRICE + PRICE / 10) - refund;

    let z = c
        .desk
        .ok(
            "till.close",
            json!({ "counted_cash": expected - 100_000, "notes": "Un billet de 1 000 manquant" }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(z["session"]["status"], "closed");
    assert_eq!(z["expected_cash"], expected);
    assert_eq!(z["session"]["counted_cash"], expected - 100_000);
    assert_eq!(z["session"]["difference"], -100_000);
    assert_eq!(z["methods"][0]["method"], "cash");
    assert_eq!(z["methods"][0]["sales_count"], 2);
    assert_eq!(z["methods"][0]["refunds_amount"], refund);
    assert_eq!(z["methods"][2]["method"], "card");
    assert_eq!(z["methods"][2]["sales_amount"], PRICE);
    assert_eq!(
        z["methods"][1]["sales_count"], 0,
        "still waiting at closing"
    );
    assert_eq!(z["pending_payments"], 1);
    assert_eq!(z["cancellations_count"], 1);

    // The waiting payment completes after closing: the Z report stays as it was.
    reconcile(&c).await;
    assert_eq!(standin.payments()[1].status, Status::Succeeded);
    let uid = text(&z["session"], "uid");
    let later = c
        .desk
        .ok(
            "till.report",
            json!({ "session_uid": uid }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(later, z);
    let closed_again = c
        .desk
        .err(
            "till.close",
            json!({ "counted_cash": 0 }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(closed_again.code, ErrorCode::Conflict);
    let tampered = sqlx::query("UPDATE cash_sessions SET counted_cash = 0 WHERE uid = ?")
        .bind(&uid)
        .execute(c.desk.pool())
        .await;
    assert!(tampered.is_err(), "a closed till is never changed");

    let pdf = c
        .desk
        .ok(
            "till.report_pdf",
            json!({ "session_uid": uid, "paper": "a4" }),
            Some(&c.agent_token),
        )
        .await;
    let path = text(&pdf, "path");
    let printed = std::process::Command::new("pdftotext")
        .args([path.as_str(), "-"])
        .output()
        .expect("pdftotext runs");
    let printed = String::from_utf8_lossy(&printed.stdout);
    assert!(printed.contains("(Z)"), "{printed}");
    assert!(printed.contains("Manque"), "{printed}");
}

#[tokio::test]
async fn an_administrator_sees_every_clerks_tills_and_a_clerk_only_their_own() {
    let c = Counter::new().await;
    let clerk = c
        .desk
        .create_agent(&c.admin_token, "guichet2@billettigue.sn")
        .await;
    let token = c.desk.sign_in(&clerk).await;
    c.desk
        .ok("till.open", json!({ "opening_float": 0 }), Some(&token))
        .await;
    let twice = c
        .desk
        .err("till.open", json!({ "opening_float": 0 }), Some(&token))
        .await;
    assert_eq!(twice.code, ErrorCode::Conflict);
    let all = c
        .desk
        .ok("till.sessions", json!({}), Some(&c.admin_token))
        .await;
    assert_eq!(all.as_array().map(Vec::len), Some(2), "{all}");
    let own = c.desk.ok("till.sessions", json!({}), Some(&token)).await;
    assert_eq!(own.as_array().map(Vec::len), Some(1));
    assert_eq!(own[0]["clerk_email"], "guichet2@billettigue.sn");
    let others = all
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|s| s["clerk_email"] != "guichet2@billettigue.sn")
        })
        .map(|s| text(s, "uid"))
        .unwrap_or_default();
    let hidden = c
        .desk
        .err(
            "till.report",
            json!({ "session_uid": others }),
            Some(&token),
        )
        .await;
    assert_eq!(hidden.code, ErrorCode::NotFound);
    c.desk
        .ok(
            "till.report",
            json!({ "session_uid": others }),
            Some(&c.admin_token),
        )
        .await;
}

#[tokio::test]
async fn without_a_configured_provider_mobile_money_is_refused_and_nothing_is_written() {
    let c = Counter::new().await;
    let trajet = c.publish("Dakar", "Thiès", c.tomorrow_at(7), 12).await;
    let before = c.desk.snapshot().await;
    let refused = c
        .desk
        .err(
            "sales.sell",
            json!({ "sale": { "trajet_uid": trajet, "passengers": [passenger("Awa", "Diop", &[1])] },
                    "payment_method": "mobile_money", "payer_phone": "+221 77 000 00 00" }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(refused.code, ErrorCode::Unavailable);
    assert_eq!(c.desk.snapshot().await, before);
    let provider = c
        .desk
        .ok("payments.provider", json!({}), Some(&c.agent_token))
        .await;
    assert_eq!(provider["configured"], false);
    // The key never comes back out.
    let standin = StandIn::start().await.expect("the stand-in starts");
    let view = c
        .desk
        .ok(
            "payments.configure_provider",
            json!({ "base_url": standin.base_url(), "merchant_id": standin.merchant_id(), "api_key": standin.api_key() }),
            Some(&c.admin_token),
        )
        .await;
    assert_eq!(view["configured"], true);
    assert!(!view.to_string().contains(standin.api_key()));
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM system_config WHERE value LIKE ?")
        .bind(format!("%{}%", standin.api_key()))
        .fetch_one(c.desk.pool())
        .await
        .expect("config");
    assert_eq!(stored, 0, "the API key is in the keyring, not the database");
}
