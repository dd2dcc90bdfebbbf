//! Reports against a known day at the counter and the depot, on a real desk file: every figure
//! is checked against what the data set says it must be (fares, refunds, weights, seats), not
//! against another query. Edge cases: a refund recorded the day after the sale, a cancelled
//! departure, a guest, a till short of cash, a carrier's scope, bad periods.

use billettigue_tests::counter::{passenger, PRICE};
use billettigue_tests::desk::{code, text, ADMIN_EMAIL};
use billettigue_tests::parcels::{platform_price, Depot};
use chrono::Duration;
use serde_json::{json, Value};

/// Monday 2 March 2026, the test clock's first day, and the day after.
const DAY0: &str = "2026-03-02";
const DAY1: &str = "2026-03-03";

fn period(from: &str, to: &str) -> Value {
    json!({ "from": from, "to": to })
}

fn figures(table: &Value, key: &str) -> Vec<i64> {
    table["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|row| row["key"] == key))
        .map(|row| serde_json::from_value(row["figures"].clone()).unwrap_or_default())
        .unwrap_or_else(|| panic!("no line {key} in {table}"))
}

fn totals(table: &Value) -> Vec<i64> {
    serde_json::from_value(table["totals"].clone()).unwrap_or_default()
}

/// The data set: what happened on day 0 and day 1, and the amounts it implies.
struct Day {
    d: Depot,
    /// Refunded on day 1 for the refundable ticket sold on day 0.
    refund: i64,
    /// The shipping cost of the envoi taken on day 0 (2 kg and 3.5 kg).
    parcel_cost: i64,
    agency_uid: String,
    saint_louis: String,
    thies: String,
}

async fn a_day_at_the_counter() -> Day {
    let mut d = Depot::new().await;
    let saint_louis = d
        .publish_parcels("Saint-Louis", d.c.day_at(3, 8), None)
        .await;
    let thies = d.c.publish("Dakar", "Thiès", d.c.day_at(3, 14), 10).await;
    let mbour = d.c.publish("Dakar", "Mbour", d.c.day_at(3, 10), 10).await;
    // Day 0: two tickets to Saint-Louis (one of two seats, one refundable), one to Thiès, a parcel.
    d.c.sell(&saint_louis, &[1, 2]).await;
    let refundable = d
        .c
        .sell_with(json!({ "trajet_uid": saint_louis, "refundable": true, "passengers": [passenger("Awa", "Ba", &[3])] }))
        .await
        .remove(0);
    d.c.sell(&thies, &[1]).await;
    d.paid_envoi("Saint-Louis", &[2000, 3500]).await;
    // A departure cancelled before anyone bought a seat: it offers nothing.
    d.c.desk
        .ok(
            "trajets.set_status",
            json!({ "uid": mbour, "status": "cancelled" }),
            Some(&d.c.carrier_token),
        )
        .await;

    // Day 1: the refundable ticket is cancelled (refund recorded today), two seats sold to Thiès.
    d.c.advance(Duration::days(1)).await;
    let cancelled =
        d.c.desk
            .ok(
                "reservations.cancel",
                json!({ "booking_reference": refundable, "reason": "Voyage reporté" }),
                Some(&d.c.agent_token),
            )
            .await;
    let refund = cancelled["cancellation"]["refund_amount"]
        .as_i64()
        .unwrap_or(-1);
    assert!(
        refund > 0,
        "a refundable ticket gives money back: {cancelled}"
    );
    d.c.sell(&thies, &[2, 3]).await;
    let agency_uid = d.agency_uid.clone();
    Day {
        d,
        refund,
        parcel_cost: platform_price(2000) + platform_price(3500),
        agency_uid,
        saint_louis,
        thies,
    }
}

impl Day {
    async fn report(&self, name: &str, args: Value) -> Value {
        self.d
            .c
            .desk
            .ok(name, args, Some(&self.d.c.admin_token))
            .await
    }

    async fn sales(&self, filter: Value, by: &str) -> Value {
        self.report("reports.sales", json!({ "filter": filter, "by": by }))
            .await
    }
}

#[tokio::test]
async fn sales_count_money_on_the_day_it_moved_and_refunds_on_the_day_they_were_recorded() {
    let day = a_day_at_the_counter().await;
    let refundable_fare = PRICE + PRICE / 10;
    let day0_collected = 3 * PRICE + refundable_fare;

    let by_day = day.sales(period(DAY0, DAY1), "day").await;
    // tickets, seats, collected, refunded, net
    assert_eq!(
        figures(&by_day, DAY0),
        vec![3, 4, day0_collected, 0, day0_collected]
    );
    assert_eq!(
        figures(&by_day, DAY1),
        vec![1, 2, 2 * PRICE, day.refund, 2 * PRICE - day.refund]
    );
    let two_days = day0_collected + 2 * PRICE;
    assert_eq!(
        totals(&by_day),
        vec![4, 6, two_days, day.refund, two_days - day.refund]
    );
    assert_eq!(by_day["truncated"], json!(false));

    // The refund belongs to day 1 even though the ticket was sold on day 0.
    let day0 = day.sales(period(DAY0, DAY0), "day").await;
    assert_eq!(totals(&day0), vec![3, 4, day0_collected, 0, day0_collected]);
    let day1 = day.sales(period(DAY1, DAY1), "method").await;
    assert_eq!(
        figures(&day1, "cash"),
        vec![1, 2, 2 * PRICE, day.refund, 2 * PRICE - day.refund]
    );

    let by_route = day.sales(period(DAY0, DAY1), "route").await;
    assert_eq!(
        figures(&by_route, "Dakar → Saint-Louis"),
        vec![
            2,
            3,
            2 * PRICE + refundable_fare,
            day.refund,
            2 * PRICE + refundable_fare - day.refund
        ]
    );
    assert_eq!(
        figures(&by_route, "Dakar → Thiès"),
        vec![2, 3, 3 * PRICE, 0, 3 * PRICE]
    );
    assert_eq!(
        by_route["rows"][0]["key"], "Dakar → Saint-Louis",
        "the biggest line first"
    );

    let by_agency = day.sales(period(DAY0, DAY1), "agency").await;
    assert_eq!(figures(&by_agency, &day.agency_uid)[2], two_days);
    assert_eq!(
        by_agency["rows"][0]["label"],
        "Gare routière des Baux Maraîchers"
    );
    let by_clerk = day.sales(period(DAY0, DAY1), "clerk").await;
    assert_eq!(by_clerk["rows"][0]["label"], "guichet@billettigue.sn");
    let by_carrier = day.sales(period(DAY0, DAY1), "carrier").await;
    assert_eq!(
        figures(&by_carrier, day.d.carrier_uid())[..3],
        [4, 6, two_days]
    );

    // Filters narrow every figure the same way.
    let thies_only = day
        .sales(
            json!({ "from": DAY0, "to": DAY1, "departure_city": "dakar", "arrival_city": "Thiès" }),
            "day",
        )
        .await;
    assert_eq!(totals(&thies_only), vec![2, 3, 3 * PRICE, 0, 3 * PRICE]);
    let elsewhere = day
        .sales(
            json!({ "from": DAY0, "to": DAY1, "arrival_city": "Kaolack" }),
            "day",
        )
        .await;
    assert_eq!(
        (elsewhere["rows"].clone(), totals(&elsewhere)),
        (json!([]), vec![0, 0, 0, 0, 0])
    );

    // Drill-down: the reservations behind the Thiès line, with what each paid.
    let rows = day
        .report(
            "reports.sales_rows",
            json!({ "filter": period(DAY0, DAY1), "by": "route", "key": "Dakar → Thiès" }),
        )
        .await;
    let paid: Vec<(i64, i64)> = rows
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    (
                        r["seats"].as_i64().unwrap_or(0),
                        r["collected"].as_i64().unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        paid,
        vec![(2, 2 * PRICE), (1, PRICE)],
        "newest payment first"
    );
    let newest = day
        .report(
            "reports.sales_rows",
            json!({ "filter": period(DAY0, DAY1), "by": "route", "key": "Dakar → Thiès", "limit": 1 }),
        )
        .await;
    assert_eq!(
        (newest.as_array().map(Vec::len), newest[0]["seats"].clone()),
        (Some(1), json!(2)),
        "the limit keeps the newest"
    );
    day.d.c.desk.assert_report_summaries_current().await;
}

#[tokio::test]
async fn the_dashboard_compares_with_the_period_before_and_counts_parcels_seats_and_cancellations()
{
    let day = a_day_at_the_counter().await;
    let dashboard = day.report("reports.dashboard", period(DAY1, DAY1)).await;
    assert_eq!(
        (
            dashboard["previous_from"].clone(),
            dashboard["previous_to"].clone()
        ),
        (json!(DAY0), json!(DAY0))
    );
    let previous = &dashboard["previous"];
    assert_eq!(previous["tickets_sold"], json!(3));
    assert_eq!(
        previous["ticket_revenue"],
        json!(3 * PRICE + PRICE + PRICE / 10)
    );
    assert_eq!(previous["parcel_revenue"], json!(day.parcel_cost));
    assert_eq!(previous["parcels_taken"], json!(1));
    assert_eq!(previous["parcel_weight"], json!(5500));
    assert_eq!(previous["refunds"], json!(0));
    let current = &dashboard["current"];
    assert_eq!(current["tickets_sold"], json!(1));
    assert_eq!(current["refunds"], json!(day.refund));
    assert_eq!(current["net_revenue"], json!(2 * PRICE - day.refund));
    assert_eq!(current["cancellations"], json!(1));
    assert_eq!(current["parcels_taken"], json!(0));

    // Occupancy: the departures of day 3, the cancelled one left out. Saint-Louis has 30 seats,
    // two taken (the refunded seat went back); Thiès 10 seats, three taken.
    let on_sale = period("2026-03-05", "2026-03-05");
    let departures = day.report("reports.dashboard", on_sale.clone()).await;
    let current = &departures["current"];
    assert_eq!(
        [
            &current["departures"],
            &current["seats_offered"],
            &current["seats_taken"],
            &current["occupancy_permille"]
        ],
        [&json!(2), &json!(40), &json!(5), &json!(125)]
    );
    let by_trajet = day
        .report(
            "reports.occupancy",
            json!({ "filter": on_sale, "by": "trajet" }),
        )
        .await;
    assert_eq!(figures(&by_trajet, &day.saint_louis), vec![1, 30, 2, 66]);
    assert_eq!(figures(&by_trajet, &day.thies), vec![1, 10, 3, 300]);
    assert_eq!(
        by_trajet["rows"][0]["key"],
        json!(day.saint_louis),
        "in order of departure"
    );
    let heat = day
        .report("reports.occupancy_heatmap", on_sale.clone())
        .await;
    // 5 March 2026 is a Thursday (weekday 3 from Monday).
    assert_eq!(
        heat,
        json!([
            { "weekday": 3, "hour": 8, "departures": 1, "seats_offered": 30, "seats_taken": 2 },
            { "weekday": 3, "hour": 14, "departures": 1, "seats_offered": 10, "seats_taken": 3 },
        ])
    );

    let parcels = day
        .report(
            "reports.parcels",
            json!({ "filter": period(DAY0, DAY1), "by": "status" }),
        )
        .await;
    // envois, pieces, grams, billed, delivered
    assert_eq!(totals(&parcels), vec![1, 2, 5500, day.parcel_cost, 0]);
    let by_route = day
        .report(
            "reports.parcels",
            json!({ "filter": period(DAY0, DAY1), "by": "route" }),
        )
        .await;
    assert_eq!(
        figures(&by_route, "Dakar → Saint-Louis"),
        vec![1, 2, 5500, day.parcel_cost, 0]
    );
    let envois = day
        .report(
            "reports.parcel_rows",
            json!({ "filter": period(DAY0, DAY1), "by": "route", "key": "Dakar → Saint-Louis" }),
        )
        .await;
    assert_eq!(
        (envois[0]["pieces"].clone(), envois[0]["weight"].clone()),
        (json!(2), json!(5500))
    );

    let cancellations = day
        .report("reports.cancellations", period(DAY0, DAY1))
        .await;
    assert_eq!(
        figures(&cancellations["by_reason"], "Voyage reporté"),
        vec![1, day.refund]
    );
    assert_eq!(
        cancellations["lines"][0]["cancelled_by"],
        "guichet@billettigue.sn"
    );
    day.d.c.desk.assert_report_summaries_current().await;
}

#[tokio::test]
async fn cash_ups_show_the_difference_and_sign_ins_show_failures_and_lockouts() {
    let day = a_day_at_the_counter().await;
    let desk = &day.d.c.desk;
    let report = desk
        .ok("till.current", json!({}), Some(&day.d.c.agent_token))
        .await;
    let expected = report["expected_cash"].as_i64().unwrap_or(-1);
    desk.ok(
        "till.close",
        json!({ "counted_cash": expected - 50_000, "notes": "Billet déchiré" }),
        Some(&day.d.c.agent_token),
    )
    .await;
    let cash_ups = day.report("reports.cash_ups", period(DAY0, DAY1)).await;
    // The agent's till, opened on day 0, is closed on day 1 short of 500 FCFA.
    assert_eq!(cash_ups["sessions"], json!(1));
    assert_eq!(cash_ups["difference"], json!(-50_000));
    assert_eq!(
        (
            cash_ups["short_sessions"].clone(),
            cash_ups["over_sessions"].clone()
        ),
        (json!(1), json!(0))
    );
    assert_eq!(cash_ups["lines"][0]["notes"], "Billet déchiré");

    for _ in 0..2 {
        assert!(desk
            .login("guichet@billettigue.sn", "wrong password")
            .await
            .is_err());
    }
    for _ in 0..5 {
        assert!(desk
            .login(&day.d.c.carrier.account.email, "wrong password")
            .await
            .is_err());
    }
    let sign_ins = day.report("reports.sign_ins", period(DAY1, DAY1)).await;
    assert_eq!(sign_ins["lockouts_in_period"], json!(1));
    assert_eq!(
        sign_ins["locked_now"][0]["email"],
        json!(day.d.c.carrier.account.email)
    );
    let agent = sign_ins["failures"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["email"] == "guichet@billettigue.sn"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (
            agent["consecutive_failures"].clone(),
            agent["locked"].clone()
        ),
        (json!(2), json!(false))
    );
    let earlier = day.report("reports.sign_ins", period(DAY0, DAY0)).await;
    assert_eq!(
        (
            earlier["lockouts_in_period"].clone(),
            earlier["failures"].clone()
        ),
        (json!(0), json!([]))
    );
}

#[tokio::test]
async fn a_carrier_reads_only_its_own_figures_and_never_other_accounts() {
    let day = a_day_at_the_counter().await;
    let c = &day.d.c;
    let other = c
        .desk
        .create_transporteur(&c.admin_token, "bureau@sahel-express.sn", "Sahel Express")
        .await;
    let other_token = c.desk.sign_in(&other.account).await;
    let own = c
        .desk
        .ok(
            "reports.sales",
            json!({ "filter": period(DAY0, DAY1), "by": "day" }),
            Some(&c.carrier_token),
        )
        .await;
    assert_eq!(totals(&own)[..2], [4, 6]);
    let none = c
        .desk
        .ok(
            "reports.sales",
            json!({ "filter": period(DAY0, DAY1), "by": "day" }),
            Some(&other_token),
        )
        .await;
    assert_eq!(
        totals(&none),
        vec![0, 0, 0, 0, 0],
        "another carrier's sales are not its own"
    );
    let named = c
        .desk
        .err(
            "reports.dashboard",
            json!({ "from": DAY0, "to": DAY1, "carrier_uid": day.d.carrier_uid() }),
            Some(&other_token),
        )
        .await;
    assert_eq!(
        (code(&named), named.field.as_deref()),
        ("forbidden", Some("carrier_uid"))
    );
    let sign_ins = c
        .desk
        .err(
            "reports.sign_ins",
            period(DAY0, DAY1),
            Some(&c.carrier_token),
        )
        .await;
    assert_eq!(code(&sign_ins), "forbidden");
    let agent = c
        .desk
        .err(
            "reports.dashboard",
            period(DAY0, DAY1),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(code(&agent), "forbidden");
}

#[tokio::test]
async fn exports_write_the_same_figures_and_are_logged() {
    let day = a_day_at_the_counter().await;
    let table = day.sales(period(DAY0, DAY1), "route").await;
    let csv_file = day
        .report(
            "reports.export_csv",
            json!({ "filter": period(DAY0, DAY1), "table": "sales_by_route" }),
        )
        .await;
    let path = text(&csv_file, "path");
    assert!(
        path.ends_with("sales-by-route-2026-03-02-2026-03-03.csv"),
        "{path}"
    );
    let bytes = std::fs::read(&path).unwrap_or_default();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a byte-order mark for spreadsheets"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader
        .headers()
        .map(|h| h.iter().map(str::to_owned).collect::<Vec<_>>())
        .unwrap_or_default();
    assert_eq!(
        headers,
        ["Ligne", "Billets", "Places", "Encaissé", "Remboursé", "Net"]
    );
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|r| {
            r.map(|r| r.iter().map(str::to_owned).collect())
                .unwrap_or_default()
        })
        .collect();
    let total = records.last().cloned().unwrap_or_default();
    let money = |minor: i64| format!("{}.{:02}", minor / 100, minor % 100);
    let t = totals(&table);
    assert_eq!(
        total,
        vec![
            "Total".to_owned(),
            t[0].to_string(),
            t[1].to_string(),
            money(t[2]),
            money(t[3]),
            money(t[4])
        ]
    );
    assert_eq!(records.len(), 3, "two routes and the total");

    let cash_ups = day
        .report(
            "reports.export_csv",
            json!({ "filter": period(DAY0, DAY1), "table": "cash_ups" }),
        )
        .await;
    assert!(std::path::Path::new(&text(&cash_ups, "path")).exists());

    let pdf = day
        .report(
            "reports.export_pdf",
            json!({ "filter": period(DAY0, DAY1) }),
        )
        .await;
    let bytes = std::fs::read(text(&pdf, "path")).unwrap_or_default();
    assert!(
        bytes.starts_with(b"%PDF-") && bytes.len() > 10_000,
        "a PDF with its fonts"
    );

    let log = day
        .report(
            "audit.list",
            json!({ "action": "report.", "actor_email": ADMIN_EMAIL }),
        )
        .await;
    assert_eq!(
        log.as_array().map(Vec::len),
        Some(3),
        "each export is logged: {log}"
    );
    let searched = day
        .report(
            "audit.list",
            json!({ "text": "SALES-BY-ROUTE", "from": DAY1, "to": DAY1 }),
        )
        .await;
    assert_eq!(searched.as_array().map(Vec::len), Some(1));
    let before = day
        .report("audit.list", json!({ "action": "report.", "to": DAY0 }))
        .await;
    assert_eq!(before, json!([]), "the exports were made on day 1");
}

#[tokio::test]
async fn bad_periods_are_refused_with_the_field_at_fault() {
    let day = a_day_at_the_counter().await;
    for (filter, field) in [
        (period(DAY1, DAY0), "to"),
        (period("2026-01-01", "2028-01-02"), "to"),
        (period("1999-12-31", "2000-01-02"), "from"),
        (
            json!({ "from": DAY0, "to": DAY1, "agency_uid": "0190a000-0000-7000-8000-00000000dead" }),
            "agency_uid",
        ),
        (
            json!({ "from": DAY0, "to": DAY1, "carrier_uid": "nope" }),
            "carrier_uid",
        ),
        (
            json!({ "from": DAY0, "to": DAY1, "arrival_city": "x".repeat(101) }),
            "arrival_city",
        ),
        (json!({ "from": "02/03/2026", "to": DAY1 }), "from"),
    ] {
        let error = day
            .d
            .c
            .desk
            .err(
                "reports.dashboard",
                filter.clone(),
                Some(&day.d.c.admin_token),
            )
            .await;
        assert_eq!(
            (code(&error), error.field.as_deref()),
            ("validation", Some(field)),
            "{filter}"
        );
    }
}

#[tokio::test]
async fn a_ticket_paid_in_two_parts_on_two_days_is_one_ticket_in_the_totals() {
    let mut c = billettigue_tests::counter::Counter::new().await;
    let first = c.publish("Dakar", "Mbour", c.day_at(3, 7), 10).await;
    let dearer = c.publish("Dakar", "Mbour", c.day_at(4, 7), 10).await;
    c.desk
        .ok(
            "trajets.update",
            json!({ "uid": dearer, "price": PRICE + 50_000 }),
            Some(&c.carrier_token),
        )
        .await;
    let reference = c.sell(&first, &[1]).await;
    // The next day the passenger moves to the dearer departure and pays the difference: a new
    // ticket, to which the first payment moves, plus a second payment.
    c.advance(Duration::days(1)).await;
    let changed = c
        .desk
        .ok(
            "reservations.change",
            json!({ "booking_reference": reference, "trajet_uid": dearer, "seats": [1] }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(changed["amount_due"], json!(50_000));
    let new_reference = text(&changed["reservation"], "booking_reference");

    let by_day = c
        .desk
        .ok(
            "reports.sales",
            json!({ "filter": period(DAY0, DAY1), "by": "day" }),
            Some(&c.admin_token),
        )
        .await;
    // The ticket counts on the day of its first payment; the money on the day it came in.
    assert_eq!(figures(&by_day, DAY0), vec![1, 1, PRICE, 0, PRICE]);
    assert_eq!(figures(&by_day, DAY1), vec![0, 0, 50_000, 0, 50_000]);
    assert_eq!(
        totals(&by_day),
        vec![1, 1, PRICE + 50_000, 0, PRICE + 50_000],
        "one ticket, paid twice"
    );
    let by_method = c
        .desk
        .ok(
            "reports.sales",
            json!({ "filter": period(DAY1, DAY1), "by": "method" }),
            Some(&c.admin_token),
        )
        .await;
    assert_eq!(
        totals(&by_method),
        vec![0, 0, 50_000, 0, 50_000],
        "a day that saw only the difference paid sold no ticket"
    );
    let rows = c
        .desk
        .ok(
            "reports.sales_rows",
            json!({ "filter": period(DAY0, DAY1), "by": "route", "key": "Dakar → Mbour" }),
            Some(&c.admin_token),
        )
        .await;
    assert_eq!(rows.as_array().map(Vec::len), Some(1));
    assert_eq!(
        (
            rows[0]["booking_reference"].clone(),
            rows[0]["collected"].clone()
        ),
        (json!(new_reference), json!(PRICE + 50_000))
    );
    // The payment moved to the new ticket: the summaries of both days followed it.
    c.desk.assert_report_summaries_current().await;
}

#[tokio::test]
async fn the_sync_backlog_counts_each_row_waiting_once_and_leaves_demo_data_out() {
    let mut c = billettigue_tests::counter::Counter::new().await;
    let before = sync_backlog(&c).await;
    assert_eq!(before["last_contact_at"], Value::Null, "never synced");
    let rows_before = before["rows_waiting"].as_i64().unwrap_or(-1);
    assert!(rows_before > 0, "setting the desk up wrote rows: {before}");

    let trajet = c.publish("Dakar", "Mbour", c.day_at(3, 7), 10).await;
    c.advance(Duration::hours(1)).await;
    c.sell(&trajet, &[1, 2]).await;
    let after = sync_backlog(&c).await;
    let table = |name: &str| -> (i64, i64) {
        after["tables"]
            .as_array()
            .and_then(|tables| tables.iter().find(|t| t["table"] == name))
            .map(|t| {
                (
                    t["rows"].as_i64().unwrap_or(-1),
                    t["changes"].as_i64().unwrap_or(-1),
                )
            })
            .unwrap_or((0, 0))
    };
    // One trajet, written when published and again by each sale (its seats left): one row.
    let (trajet_rows, trajet_changes) = table("trajets");
    assert_eq!(trajet_rows, 1);
    assert!(trajet_changes >= 2, "{after}");
    assert_eq!(table("reservation_seats").0, 2);
    assert!(table("reservations").0 >= 1 && table("paiements").0 >= 1);
    let tables_sum: i64 = after["tables"]
        .as_array()
        .map(|t| t.iter().filter_map(|t| t["rows"].as_i64()).sum())
        .unwrap_or(-1);
    assert_eq!(after["rows_waiting"].as_i64(), Some(tables_sum));
    assert_eq!(
        after["waiting_since"], before["waiting_since"],
        "the oldest write still waits"
    );

    // Demo data never goes to head office.
    billettigue_core::demo::fill(&c.desk.desk, 200)
        .await
        .expect("demo data");
    let with_demo = sync_backlog(&c).await;
    assert_eq!(with_demo["rows_waiting"], after["rows_waiting"]);

    // The backlog is the desk's, not a carrier's.
    let refused = c
        .desk
        .err("reports.sync_backlog", json!({}), Some(&c.carrier_token))
        .await;
    assert_eq!(code(&refused), "forbidden");
}

async fn sync_backlog(c: &billettigue_tests::counter::Counter) -> Value {
    c.desk
        .ok("reports.sync_backlog", json!({}), Some(&c.admin_token))
        .await
}
