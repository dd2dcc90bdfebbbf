//! `available_seats` stays exact: two clerks on one desk file never sell the same seat nor push
//! a departure below zero, and any sequence of sales, cancellations and changes keeps it equal to
//! `seats_count` minus the seats live reservations hold.

use std::sync::Arc;

use billettigue_core::commands::dispatch;
use billettigue_core::{Desk, Locale};
use billettigue_tests::counter::{passenger, seats_accounted, Counter};
use billettigue_tests::desk::{code, open_desk, text};
use proptest::prelude::*;
use serde_json::{json, Value};

/// One clerk's attempts, in order: each seat of `seats` alone; returns the seats it sold.
async fn clerk(desk: Arc<Desk>, token: String, trajet: String, seats: Vec<i64>) -> Vec<i64> {
    let mut sold = Vec::new();
    for seat in seats {
        let args = json!({ "sale": { "trajet_uid": trajet, "passengers": [passenger("Awa", "Diop", &[seat])] } });
        match dispatch(&desk, "sales.sell", args, Some(&token), Locale::Fr).await {
            Ok(_) => sold.push(seat),
            Err(error) => assert_eq!(code(&error), "conflict", "{error:?}"),
        }
    }
    sold
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_clerks_on_one_desk_file_never_sell_the_same_seat_nor_below_zero() {
    let c = Counter::new().await;
    let trajet = c.publish("Dakar", "Thiès", c.tomorrow_at(7), 12).await;
    let second_agent = c
        .desk
        .create_agent(&c.admin_token, "guichet2@billettigue.sn")
        .await;
    let second_token = c.desk.sign_in(&second_agent).await;
    billettigue_tests::counter::open_till(&c.desk, &second_token).await;
    // The second clerk's own connection pool on the same file, as a second window would have.
    let first = Arc::new(open_desk(c.desk.dir.path(), c.desk.clock.clone()).await);
    let second = Arc::new(open_desk(c.desk.dir.path(), c.desk.clock.clone()).await);
    let forward: Vec<i64> = (1..=12).collect();
    let backward: Vec<i64> = (1..=12).rev().collect();
    let mut clerks = Vec::new();
    for round in 0..2 {
        let (a, b) = if round == 0 {
            (&forward, &backward)
        } else {
            (&backward, &forward)
        };
        clerks.push(tokio::spawn(clerk(
            first.clone(),
            c.agent_token.clone(),
            trajet.clone(),
            a.clone(),
        )));
        clerks.push(tokio::spawn(clerk(
            second.clone(),
            second_token.clone(),
            trajet.clone(),
            b.clone(),
        )));
    }
    let mut sold: Vec<i64> = Vec::new();
    for handle in clerks {
        sold.extend(handle.await.expect("clerk task"));
    }
    sold.sort_unstable();
    assert_eq!(sold, forward, "every seat sold exactly once");
    assert_eq!(seats_accounted(c.desk.pool(), &trajet).await, (12, 0, 12));

    // Whole groups racing for the last seats: one group wins, the other is refused entirely.
    let small = c.publish("Dakar", "Mbour", c.tomorrow_at(8), 5).await;
    let group = |seats: &[i64]| json!({ "sale": { "trajet_uid": small, "passengers": [passenger("A", "B", &seats[..1]), passenger("C", "D", &seats[1..])] } });
    let (one, two) = tokio::join!(
        dispatch(
            &first,
            "sales.sell",
            group(&[1, 2, 3]),
            Some(&c.agent_token),
            Locale::Fr
        ),
        dispatch(
            &second,
            "sales.sell",
            group(&[3, 4, 5]),
            Some(&second_token),
            Locale::Fr
        ),
    );
    assert!(
        one.is_ok() != two.is_ok(),
        "exactly one group gets seat 3: {one:?} {two:?}"
    );
    assert_eq!(seats_accounted(c.desk.pool(), &small).await, (5, 2, 3));
}

#[derive(Debug, Clone)]
enum Step {
    Sell {
        seats: Vec<i64>,
        refundable: bool,
        later: bool,
    },
    Cancel {
        pick: usize,
    },
    ChangeSeat {
        pick: usize,
        seat: i64,
    },
    ChangeDate {
        pick: usize,
        seat: i64,
    },
}

const SEATS: i64 = 6;

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (prop::collection::vec(1..=SEATS, 1..=3), any::<bool>(), any::<bool>())
            .prop_map(|(seats, refundable, later)| Step::Sell { seats, refundable, later }),
        2 => any::<usize>().prop_map(|pick| Step::Cancel { pick }),
        1 => (any::<usize>(), 1..=SEATS).prop_map(|(pick, seat)| Step::ChangeSeat { pick, seat }),
        1 => (any::<usize>(), 1..=SEATS).prop_map(|(pick, seat)| Step::ChangeDate { pick, seat }),
    ]
}

async fn run(steps: Vec<Step>) {
    let c = Counter::new().await;
    let trajets = [
        c.publish("Dakar", "Thiès", c.day_at(2, 7), SEATS).await,
        c.publish("Dakar", "Thiès", c.day_at(3, 7), SEATS).await,
    ];
    let mut references: Vec<String> = Vec::new();
    for step in steps {
        let pick = |i: usize| {
            references
                .get(i % references.len().max(1))
                .cloned()
                .unwrap_or_default()
        };
        let (name, args): (&str, Value) = match &step {
            Step::Sell {
                seats,
                refundable,
                later,
            } => (
                "sales.sell",
                json!({ "sale": { "trajet_uid": trajets[usize::from(*later)], "refundable": refundable, "passengers": [passenger("Awa", "Diop", seats)] } }),
            ),
            Step::Cancel { pick: i } => (
                "reservations.cancel",
                json!({ "booking_reference": pick(*i), "reason": "Test" }),
            ),
            Step::ChangeSeat { pick: i, seat } => (
                "reservations.change",
                json!({ "booking_reference": pick(*i), "seats": [seat] }),
            ),
            Step::ChangeDate { pick: i, seat } => (
                "reservations.change",
                json!({ "booking_reference": pick(*i), "trajet_uid": trajets[1], "seats": [seat] }),
            ),
        };
        if let Ok(reply) = c.desk.call(name, args, Some(&c.agent_token)).await {
            let made = reply
                .get("reservations")
                .cloned()
                .unwrap_or_else(|| json!([reply.get("reservation")]));
            references.extend(
                made.as_array()
                    .into_iter()
                    .flatten()
                    .filter(|r| r.is_object())
                    .map(|r| text(r, "booking_reference")),
            );
        }
        for trajet in &trajets {
            let (total, available, held) = seats_accounted(c.desk.pool(), trajet).await;
            assert_eq!(available, total - held, "after {step:?}");
            let live: i64 = sqlx::query_scalar(
                "SELECT COALESCE(SUM(r.seats_reserved), 0) FROM reservations r JOIN trajets t ON t.id = r.trajet_id \
                 WHERE t.uid = ? AND r.status IN ('pending', 'confirmed', 'completed')",
            )
            .bind(trajet)
            .fetch_one(c.desk.pool())
            .await
            .expect("live seats");
            assert_eq!(
                held, live,
                "seats held are those of live reservations, after {step:?}"
            );
        }
        // What the reports read followed this very step (all steps happen on one day, so one
        // comparison at the end would prove little).
        c.desk.assert_report_summaries_current().await;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_sequence_of_sales_cancellations_and_changes_keeps_available_seats_exact(
        steps in prop::collection::vec(step(), 1..25)
    ) {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
            .block_on(run(steps));
    }
}
