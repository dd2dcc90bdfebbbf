//! The clerk's day at the counter on a real desk file: selling (one transaction), the refundable
//! option, returns, known customers, cancellations and changes, a carrier cancelling a departure,
//! tickets and their signed QR codes, manifests and boarding.

use billettigue_tests::counter::{passenger, references, seats_accounted, Counter, PRICE};
use billettigue_tests::desk::{code, count, text};
use chrono::Duration;
use serde_json::{json, Value};

async fn config(c: &Counter, key: &str, value: &str) {
    c.desk
        .ok(
            "config.set",
            json!({ "key": key, "value": value }),
            Some(&c.admin_token),
        )
        .await;
}

async fn seat_states(c: &Counter, trajet_uid: &str) -> Vec<String> {
    let map = c
        .desk
        .ok(
            "sales.seat_map",
            json!({ "trajet_uid": trajet_uid }),
            Some(&c.agent_token),
        )
        .await;
    map["seats"]
        .as_array()
        .map(|seats| seats.iter().map(|s| text(s, "state")).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_sale_for_two_passengers_writes_reservations_seats_payments_and_audit_together() {
    let c = Counter::new().await;
    let trajet = c.publish("Dakar", "Thiès", c.tomorrow_at(7), 10).await;
    let sale = json!({ "trajet_uid": trajet, "passengers": [
        passenger("Aïssatou", "Ndiaye", &[3]),
        { "first_name": "Ibrahima", "last_name": "Fall", "phone": "00221 76 000 11 22", "seats": [4] },
    ]});
    let receipt = c
        .desk
        .ok(
            "sales.sell",
            json!({ "sale": sale, "cash_tendered": 600_000 }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(receipt["total"], json!(2 * PRICE));
    assert_eq!(receipt["change_due"], json!(600_000 - 2 * PRICE));
    let sold = &receipt["reservations"];
    assert_eq!(sold[0]["status"], "confirmed");
    assert_eq!(sold[0]["seats"], json!([3]));
    assert_eq!(sold[1]["phone_number"], "+221760001122", "phone normalised");
    assert_eq!(sold[0]["customer_uid"], Value::Null, "a guest");
    let refs = references(sold);
    assert_ne!(refs[0], refs[1]);
    assert!(refs
        .iter()
        .all(|r| r.len() == 14 && r.chars().filter(|&ch| ch == '-').count() == 2));

    assert_eq!(c.available_seats(&trajet).await, 8);
    let states = seat_states(&c, &trajet).await;
    assert_eq!(
        (states[2].as_str(), states[3].as_str(), states[4].as_str()),
        ("sold", "sold", "free")
    );
    let pool = c.desk.pool();
    assert_eq!(
        count(
            pool,
            "paiements WHERE method = 'cash' AND status = 'completed' AND amount = 250000"
        )
        .await,
        2
    );
    assert_eq!(count(pool, "payment_logs WHERE event = 'success'").await, 2);
    assert_eq!(count(pool, "admin_logs WHERE action = 'sale'").await, 1);
    assert_eq!(count(pool, "reservations WHERE compte_id IS NULL AND sold_by IS NOT NULL AND agence_id IS NOT NULL").await, 2);
}

#[tokio::test]
async fn the_refundable_supplement_follows_the_configured_rule_and_the_core_computes_the_total() {
    let c = Counter::new().await;
    let trajet = c.publish("Dakar", "Touba", c.tomorrow_at(7), 10).await;
    let sale = json!({ "trajet_uid": trajet, "refundable": true, "passengers": [passenger("Awa", "Sow", &[1, 2])] });
    let quote = c
        .desk
        .ok("sales.quote", sale.clone(), Some(&c.agent_token))
        .await;
    assert_eq!(quote["lines"][0]["supplement"], json!(2 * PRICE / 10));
    assert_eq!(quote["total"], json!(2 * PRICE + 2 * PRICE / 10));
    config(&c, "sales.refund_supplement_percent", "20").await;
    let quote = c
        .desk
        .ok("sales.quote", sale.clone(), Some(&c.agent_token))
        .await;
    assert_eq!(quote["total"], json!(2 * PRICE + 2 * PRICE / 5));

    // A total sent by the window is not an argument at all.
    let mut forged = sale.clone();
    forged["total_amount"] = json!(1);
    let error = c
        .desk
        .err(
            "sales.sell",
            json!({ "sale": forged }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(code(&error), "validation");
    assert_eq!(error.field.as_deref(), Some("sale.total_amount"));

    let receipt = c
        .desk
        .ok("sales.sell", json!({ "sale": sale }), Some(&c.agent_token))
        .await;
    assert_eq!(
        receipt["reservations"][0]["total_amount"],
        json!(2 * PRICE + 2 * PRICE / 5)
    );
    assert_eq!(
        receipt["reservations"][0]["refund_supplement"],
        json!(2 * PRICE / 5)
    );
}

#[tokio::test]
async fn a_return_trip_is_sold_with_its_outbound_in_one_sale() {
    let c = Counter::new().await;
    let outbound = c
        .publish("Dakar", "Saint-Louis", c.tomorrow_at(7), 10)
        .await;
    let back = c.publish("Saint-Louis", "Dakar", c.day_at(3, 16), 10).await;
    let wrong_way = c.publish("Dakar", "Saint-Louis", c.day_at(3, 16), 10).await;
    let mut traveller = passenger("Moussa", "Diallo", &[5]);
    traveller["return_seats"] = json!([6]);
    let sale =
        json!({ "trajet_uid": outbound, "return_trajet_uid": back, "passengers": [traveller] });
    let refs = c.sell_with(sale.clone()).await;
    assert_eq!(refs.len(), 2);
    let return_leg = c.reservation(&refs[1]).await;
    assert_eq!(return_leg["return_of_reference"], json!(refs[0]));
    assert_eq!(return_leg["trajet"]["uid"], json!(back));
    assert_eq!(return_leg["seats"], json!([6]));
    assert_eq!(
        (
            c.available_seats(&outbound).await,
            c.available_seats(&back).await
        ),
        (9, 9)
    );

    let before = c.desk.snapshot().await;
    let mut bad = sale.clone();
    bad["return_trajet_uid"] = json!(wrong_way);
    let error = c
        .desk
        .err("sales.sell", json!({ "sale": bad }), Some(&c.agent_token))
        .await;
    assert_eq!(error.field.as_deref(), Some("sale.return_trajet_uid"));
    let mut bad = sale;
    bad["passengers"][0]["return_seats"] = json!([7, 8]);
    bad["passengers"][0]["seats"] = json!([1]);
    let error = c
        .desk
        .err("sales.sell", json!({ "sale": bad }), Some(&c.agent_token))
        .await;
    assert_eq!(
        error.field.as_deref(),
        Some("sale.passengers[0].return_seats")
    );
    assert_eq!(before.diff(&c.desk.snapshot().await), "");
}

#[tokio::test]
async fn a_known_customer_is_found_by_phone_and_linked_to_the_sale() {
    let c = Counter::new().await;
    let trajet = c
        .publish("Abidjan", "Yamoussoukro", c.tomorrow_at(7), 10)
        .await;
    let none = c
        .desk
        .ok(
            "customers.find",
            json!({ "phone": "+225 07 08 09 10 11" }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(none, Value::Null);
    let customer = c
        .desk
        .ok("customers.register", json!({ "first_name": "Koffi", "last_name": "Kouassi", "phone": "+225 07 08 09 10 11" }), Some(&c.agent_token))
        .await;
    let found = c
        .desk
        .ok(
            "customers.find",
            json!({ "phone": "+2250708091011" }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(found["uid"], customer["uid"]);
    let again = c
        .desk
        .err(
            "customers.register",
            json!({ "first_name": "K", "last_name": "K", "phone": "+225 0708091011" }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(code(&again), "conflict");

    let refs = c
        .sell_with(json!({ "trajet_uid": trajet, "customer_uid": customer["uid"], "passengers": [passenger("Koffi", "Kouassi", &[1])] }))
        .await;
    assert_eq!(
        c.reservation(&refs[0]).await["customer_uid"],
        customer["uid"]
    );
    let error = c
        .desk
        .err("sales.sell", json!({ "sale": { "trajet_uid": trajet, "customer_uid": c.carrier.account.uid, "passengers": [passenger("A", "B", &[2])] } }), Some(&c.agent_token))
        .await;
    assert_eq!(
        error.field.as_deref(),
        Some("sale.customer_uid"),
        "a staff account is not a customer"
    );
}

#[tokio::test]
async fn a_refused_sale_says_why_names_the_field_and_writes_nothing() {
    let mut c = Counter::new().await;
    let trajet = c.publish("Dakar", "Kaolack", c.tomorrow_at(7), 4).await;
    let suspended = c.publish("Dakar", "Kaolack", c.tomorrow_at(9), 4).await;
    c.desk
        .ok(
            "trajets.set_status",
            json!({ "uid": suspended, "status": "suspended" }),
            Some(&c.carrier_token),
        )
        .await;
    c.sell(&trajet, &[1]).await;
    let before = c.desk.snapshot().await;
    let sale =
        |passengers: Value| json!({ "sale": { "trajet_uid": trajet, "passengers": passengers } });
    let cases = [
        (
            sale(json!([passenger("A", "B", &[1])])),
            "conflict",
            "sale.passengers[0].seats",
        ),
        (
            sale(json!([passenger("A", "B", &[5])])),
            "validation",
            "sale.passengers[0].seats",
        ),
        (
            sale(json!([
                passenger("A", "B", &[2]),
                passenger("C", "D", &[2])
            ])),
            "validation",
            "sale.passengers[1].seats",
        ),
        (
            sale(json!([passenger("A", "B", &[])])),
            "validation",
            "sale.passengers[0].seats",
        ),
        (sale(json!([])), "validation", "sale.passengers"),
        (
            sale(json!([{ "first_name": "A", "last_name": "B", "phone": "77 12", "seats": [2] }])),
            "validation",
            "sale.passengers[0].phone",
        ),
        (
            sale(
                json!([{ "first_name": " ", "last_name": "B", "phone": "771234567", "seats": [2] }]),
            ),
            "validation",
            "sale.passengers[0].first_name",
        ),
        (
            json!({ "sale": { "trajet_uid": suspended, "passengers": [passenger("A", "B", &[1])] } }),
            "conflict",
            "sale.trajet_uid",
        ),
        (
            json!({ "sale": { "trajet_uid": "0190a000-0000-7000-8000-00000000dead", "passengers": [passenger("A", "B", &[1])] } }),
            "validation",
            "sale.trajet_uid",
        ),
        (
            json!({ "sale": { "trajet_uid": trajet, "passengers": [passenger("A", "B", &[2])] }, "cash_tendered": 100 }),
            "validation",
            "cash_tendered",
        ),
    ];
    for (args, expected, field) in cases {
        let error = c
            .desk
            .err("sales.sell", args.clone(), Some(&c.agent_token))
            .await;
        assert_eq!(
            (code(&error), error.field.as_deref()),
            (expected, Some(field)),
            "{args}: {error:?}"
        );
        assert!(!error.message.is_empty());
    }
    assert_eq!(before.diff(&c.desk.snapshot().await), "");
    c.advance(Duration::days(2)).await;
    let before = c.desk.snapshot().await;
    let error = c
        .desk
        .err(
            "sales.sell",
            sale(json!([passenger("A", "B", &[2])])),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(code(&error), "conflict", "a departure gone is not sold");
    assert_eq!(before.diff(&c.desk.snapshot().await), "");
    let carrier = c
        .desk
        .err(
            "sales.sell",
            sale(json!([passenger("A", "B", &[2])])),
            Some(&c.carrier_token),
        )
        .await;
    assert_eq!(code(&carrier), "forbidden");
}

#[tokio::test]
async fn cancelling_refunds_per_the_option_and_the_deadline_and_gives_the_seats_back() {
    let mut c = Counter::new().await;
    let trajet = c.publish("Dakar", "Ziguinchor", c.day_at(3, 7), 10).await;
    let refundable = c
        .sell_with(json!({ "trajet_uid": trajet, "refundable": true, "passengers": [passenger("Awa", "Ba", &[1])] }))
        .await
        .remove(0);
    let plain = c.sell(&trajet, &[2]).await;
    let late = c
        .sell_with(json!({ "trajet_uid": trajet, "refundable": true, "passengers": [passenger("Ali", "Ba", &[3])] }))
        .await
        .remove(0);
    assert_eq!(c.available_seats(&trajet).await, 7);

    let quote = c
        .desk
        .ok(
            "reservations.refund_quote",
            json!({ "booking_reference": refundable.to_lowercase() }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(
        (quote["refund_amount"].clone(), text(&quote, "basis")),
        (json!(PRICE - PRICE / 10), "refundable".into())
    );
    let before = c.desk.snapshot().await;
    let error = c
        .desk
        .err(
            "reservations.cancel",
            json!({ "booking_reference": refundable, "reason": "  " }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(error.field.as_deref(), Some("reason"));
    assert_eq!(before.diff(&c.desk.snapshot().await), "");

    let cancelled = c
        .desk
        .ok(
            "reservations.cancel",
            json!({ "booking_reference": refundable, "reason": "Voyage reporté" }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(cancelled["status"], "refunded");
    assert_eq!(
        cancelled["cancellation"]["refund_amount"],
        json!(PRICE - PRICE / 10)
    );
    assert_eq!(cancelled["seats"], json!([]));
    let plain = c
        .desk
        .ok(
            "reservations.cancel",
            json!({ "booking_reference": plain, "reason": "Malade" }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(
        (
            plain["status"].clone(),
            plain["cancellation"]["refund_amount"].clone()
        ),
        (json!("cancelled"), json!(0))
    );
    c.advance(Duration::days(2) + Duration::hours(12)).await;
    let late = c
        .desk
        .ok(
            "reservations.cancel",
            json!({ "booking_reference": late, "reason": "Trop tard" }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(
        late["status"], "cancelled",
        "refundable, but after the deadline"
    );

    assert_eq!(c.available_seats(&trajet).await, 10);
    assert_eq!(seats_accounted(c.desk.pool(), &trajet).await, (10, 10, 0));
    let pool = c.desk.pool();
    assert_eq!(count(pool, "annulations").await, 3);
    assert_eq!(count(pool, "annulations WHERE refund_amount > 0 AND refund_method = 'cash' AND cancelled_by IS NOT NULL").await, 1);
    assert_eq!(count(pool, "payment_logs WHERE event = 'refund'").await, 1);
    let twice = c
        .desk
        .err(
            "reservations.cancel",
            json!({ "booking_reference": refundable, "reason": "Encore" }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(code(&twice), "conflict");
    let unknown = c
        .desk
        .err(
            "reservations.cancel",
            json!({ "booking_reference": "ZZZZ-ZZZZ-ZZZZ", "reason": "x" }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(code(&unknown), "not_found");
}

#[tokio::test]
async fn a_reservation_changes_seat_or_date_within_the_rules() {
    let mut c = Counter::new().await;
    let trajet = c.publish("Dakar", "Mbour", c.day_at(2, 7), 10).await;
    let later = c.publish("Dakar", "Mbour", c.day_at(3, 7), 10).await;
    let elsewhere = c.publish("Dakar", "Touba", c.day_at(3, 7), 10).await;
    c.desk
        .ok(
            "trajets.update",
            json!({ "uid": later, "price": PRICE + 50_000 }),
            Some(&c.carrier_token),
        )
        .await;
    let reference = c.sell(&trajet, &[1]).await;
    c.sell(&trajet, &[2]).await;

    let taken = c
        .desk
        .err(
            "reservations.change",
            json!({ "booking_reference": reference, "seats": [2] }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(code(&taken), "conflict");
    let moved = c
        .desk
        .ok(
            "reservations.change",
            json!({ "booking_reference": reference, "seats": [7] }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(
        moved["reservation"]["booking_reference"],
        json!(reference),
        "a seat change keeps the ticket"
    );
    assert_eq!(moved["reservation"]["seats"], json!([7]));
    assert_eq!(seat_states(&c, &trajet).await[0], "free");

    let other_route = c
        .desk
        .err(
            "reservations.change",
            json!({ "booking_reference": reference, "trajet_uid": elsewhere, "seats": [1] }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(other_route.field.as_deref(), Some("trajet_uid"));
    let short = c.desk.err("reservations.change", json!({ "booking_reference": reference, "trajet_uid": later, "seats": [1], "cash_tendered": 100 }), Some(&c.agent_token)).await;
    assert_eq!(short.field.as_deref(), Some("cash_tendered"));
    let changed = c
        .desk
        .ok(
            "reservations.change",
            json!({ "booking_reference": reference, "trajet_uid": later, "seats": [1] }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(changed["amount_due"], json!(50_000));
    let new_reference = text(&changed["reservation"], "booking_reference");
    assert_ne!(new_reference, reference, "a new date is a new ticket");
    assert_eq!(
        changed["reservation"]["total_amount"],
        json!(PRICE + 50_000)
    );
    let old = c.reservation(&reference).await;
    assert_eq!(old["status"], "cancelled");
    assert!(text(&old["cancellation"], "reason").contains(&new_reference));
    assert_eq!(seats_accounted(c.desk.pool(), &trajet).await, (10, 9, 1));
    assert_eq!(seats_accounted(c.desk.pool(), &later).await, (10, 9, 1));
    assert_eq!(
        count(c.desk.pool(), "paiements WHERE amount = 50000").await,
        1
    );

    c.advance(Duration::days(3) - Duration::hours(2)).await;
    let too_late = c
        .desk
        .err(
            "reservations.change",
            json!({ "booking_reference": new_reference, "seats": [2] }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(code(&too_late), "conflict");
}

#[tokio::test]
async fn a_departure_with_passengers_is_cancelled_only_with_a_decision_for_each() {
    let c = Counter::new().await;
    let trajet = c.publish("Dakar", "Tambacounda", c.day_at(2, 6), 10).await;
    let next = c.publish("Dakar", "Tambacounda", c.day_at(3, 6), 10).await;
    c.sell(&next, &[1]).await;
    let stay_home = c
        .sell_with(json!({ "trajet_uid": trajet, "refundable": true, "passengers": [passenger("Awa", "Ba", &[1])] }))
        .await
        .remove(0);
    let travel = c.sell(&trajet, &[2, 3]).await;

    let plain = c
        .desk
        .err(
            "trajets.set_status",
            json!({ "uid": trajet, "status": "cancelled" }),
            Some(&c.carrier_token),
        )
        .await;
    assert_eq!(code(&plain), "conflict");
    let before = c.desk.snapshot().await;
    let partial = c
        .desk
        .err("trajets.cancel", json!({ "uid": trajet, "reason": "Panne du car", "decisions": [{ "booking_reference": stay_home, "action": "refund" }] }), Some(&c.carrier_token))
        .await;
    assert_eq!(
        (code(&partial), partial.field.as_deref()),
        ("conflict", Some("decisions"))
    );
    assert!(partial.message.contains(&travel));
    assert_eq!(before.diff(&c.desk.snapshot().await), "");
    let agent = c
        .desk
        .err(
            "trajets.cancel",
            json!({ "uid": trajet, "reason": "x" }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(code(&agent), "forbidden");

    let done = c
        .desk
        .ok(
            "trajets.cancel",
            json!({ "uid": trajet, "reason": "Panne du car", "decisions": [
                { "booking_reference": stay_home, "action": "refund" },
                { "booking_reference": travel, "action": "move", "to_trajet_uid": next },
            ]}),
            Some(&c.carrier_token),
        )
        .await;
    assert_eq!(done["trajet"]["status"], "cancelled");
    assert_eq!(
        done["refunded"][0]["cancellation"]["refund_amount"],
        json!(PRICE + PRICE / 10),
        "everything back, supplement included"
    );
    assert_eq!(
        done["moved"][0]["seats"],
        json!([2, 3]),
        "the first free seats"
    );
    assert_eq!(done["moved"][0]["trajet"]["uid"], json!(next));
    assert_eq!(seats_accounted(c.desk.pool(), &trajet).await, (10, 10, 0));
    assert_eq!(seats_accounted(c.desk.pool(), &next).await, (10, 7, 3));
}

#[tokio::test]
async fn tickets_print_as_pdf_with_a_signed_qr_that_rejects_forgeries_and_reprints_are_logged() {
    let c = Counter::new().await;
    let trajet = c.publish("Dakar", "Thiès", c.tomorrow_at(7), 10).await;
    let reference = c.sell(&trajet, &[3, 4]).await;
    let first = c
        .desk
        .ok(
            "tickets.print",
            json!({ "booking_reference": reference, "format": "receipt80mm" }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(first["duplicate"], json!(false));
    let bytes = std::fs::read(text(&first, "path")).expect("the ticket file exists");
    assert!(bytes.starts_with(b"%PDF"));
    let again = c
        .desk
        .ok(
            "tickets.print",
            json!({ "booking_reference": reference, "format": "a4" }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(again["duplicate"], json!(true));
    let pool = c.desk.pool();
    assert_eq!(
        count(pool, "admin_logs WHERE action = 'ticket.print'").await,
        1
    );
    assert_eq!(
        count(pool, "admin_logs WHERE action = 'ticket.reprint'").await,
        1
    );

    let qr = text(&first, "qr_code");
    let check = c
        .desk
        .ok(
            "tickets.verify",
            json!({ "code": qr }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(check["verdict"], "genuine");
    assert_eq!(check["reservation"]["booking_reference"], json!(reference));
    let altered = qr.replace("|3,4|", "|3,5|");
    let check = c
        .desk
        .ok(
            "tickets.verify",
            json!({ "code": altered }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(check["verdict"], "forged");
    assert_eq!(check["reservation"], Value::Null);
    let parts: Vec<&str> = qr.split('|').collect();
    let foreign = qr.replace(parts[5], "0190a000-0000-7000-8000-00000000f00d");
    let check = c
        .desk
        .ok(
            "tickets.verify",
            json!({ "code": foreign }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(check["verdict"], "unknown_desk");
    let garbage = c
        .desk
        .err(
            "tickets.verify",
            json!({ "code": "hello" }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(garbage.field.as_deref(), Some("code"));

    // The same ticket read from another desk that knows this one's key (as sync will spread it).
    let found = c
        .desk
        .ok(
            "reservations.find",
            json!({ "query": qr }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(references(&found), vec![reference.clone()]);
    let by_phone = c
        .desk
        .ok(
            "reservations.find",
            json!({ "query": "77 123 45 67" }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(references(&by_phone), vec![reference.clone()]);

    c.desk
        .ok(
            "reservations.cancel",
            json!({ "booking_reference": reference, "reason": "Annulé" }),
            Some(&c.agent_token),
        )
        .await;
    let cancelled = c
        .desk
        .err(
            "tickets.print",
            json!({ "booking_reference": reference, "format": "a4" }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(code(&cancelled), "conflict");
}

#[tokio::test]
async fn boarding_takes_each_ticket_once_and_only_for_its_departure() {
    let mut c = Counter::new().await;
    let trajet = c.publish("Dakar", "Thiès", c.tomorrow_at(7), 10).await;
    let other = c.publish("Dakar", "Thiès", c.tomorrow_at(9), 10).await;
    let scanned = c.sell(&trajet, &[1]).await;
    let typed = c.sell(&trajet, &[2]).await;
    let cancelled = c.sell(&trajet, &[3]).await;
    let elsewhere = c.sell(&other, &[1]).await;
    let changed = c.sell(&trajet, &[4]).await;
    c.desk
        .ok(
            "reservations.cancel",
            json!({ "booking_reference": cancelled, "reason": "x" }),
            Some(&c.agent_token),
        )
        .await;
    let ticket = |reference: &str| json!({ "booking_reference": reference, "format": "a4" });
    let qr = text(
        &c.desk
            .ok("tickets.print", ticket(&scanned), Some(&c.agent_token))
            .await,
        "qr_code",
    );
    let old_qr = text(
        &c.desk
            .ok("tickets.print", ticket(&changed), Some(&c.agent_token))
            .await,
        "qr_code",
    );
    c.desk
        .ok(
            "reservations.change",
            json!({ "booking_reference": changed, "seats": [5] }),
            Some(&c.agent_token),
        )
        .await;

    let early = c
        .desk
        .err(
            "departures.complete",
            json!({ "trajet_uid": trajet }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(code(&early), "conflict");
    c.advance(Duration::hours(23) - Duration::minutes(30)).await;
    let board = |code: &str| json!({ "trajet_uid": trajet, "code": code });
    let boarded = c
        .desk
        .ok("departures.board", board(&qr), Some(&c.agent_token))
        .await;
    assert_eq!(boarded["status"], "completed");
    c.desk
        .ok(
            "departures.board",
            board(&typed.to_lowercase().replace('-', " ")),
            Some(&c.agent_token),
        )
        .await;
    let before = c.desk.snapshot().await;
    for (code_text, why) in [
        (qr.clone(), "boarded twice"),
        (cancelled.clone(), "cancelled"),
        (elsewhere.clone(), "another departure"),
        (qr.replace("|1|", "|9|"), "forged"),
        (old_qr, "seats changed since printing"),
    ] {
        let error = c
            .desk
            .err("departures.board", board(&code_text), Some(&c.agent_token))
            .await;
        assert_eq!(
            (code(&error), error.field.as_deref()),
            ("conflict", Some("code")),
            "{why}: {error:?}"
        );
    }
    let unknown = c
        .desk
        .err(
            "departures.board",
            board("ABCD-EFGH-JKMN"),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(code(&unknown), "not_found");
    assert_eq!(before.diff(&c.desk.snapshot().await), "");

    let manifest = c
        .desk
        .ok(
            "departures.manifest",
            json!({ "trajet_uid": trajet }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(
        (manifest["expected"].clone(), manifest["boarded"].clone()),
        (json!(3), json!(2))
    );
    let pdf = c
        .desk
        .ok(
            "departures.manifest_pdf",
            json!({ "trajet_uid": trajet }),
            Some(&c.carrier_token),
        )
        .await;
    assert!(std::fs::read(text(&pdf, "path"))
        .expect("manifest file")
        .starts_with(b"%PDF"));
    // The clock is now on the departure's morning.
    let day = c.desk.now().format("%Y-%m-%d").to_string();
    let listed = c
        .desk
        .ok(
            "departures.list",
            json!({ "date": day }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(listed.as_array().map(Vec::len), Some(2));

    let completed = c
        .desk
        .ok(
            "departures.complete",
            json!({ "trajet_uid": trajet }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(completed["status"], "completed");
    let after = c
        .desk
        .err("departures.board", board(&changed), Some(&c.agent_token))
        .await;
    assert_eq!(
        code(&after),
        "conflict",
        "a completed departure boards no one"
    );
}

#[tokio::test]
async fn a_carrier_reads_only_its_own_manifests() {
    let c = Counter::new().await;
    let other = c
        .desk
        .create_transporteur(
            &c.admin_token,
            "depot@senegal-express.sn",
            "Sénégal Express",
        )
        .await;
    let other_token = c.desk.sign_in(&other.account).await;
    let trajet = c.publish("Dakar", "Thiès", c.tomorrow_at(7), 10).await;
    let error = c
        .desk
        .err(
            "departures.manifest",
            json!({ "trajet_uid": trajet }),
            Some(&other_token),
        )
        .await;
    assert_eq!(code(&error), "not_found");
    c.desk
        .ok(
            "departures.manifest",
            json!({ "trajet_uid": trajet }),
            Some(&c.carrier_token),
        )
        .await;
}
