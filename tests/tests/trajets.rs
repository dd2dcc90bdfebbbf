//! Carriers publish, edit, suspend, cancel and complete their departures, alone or as a
//! recurring schedule: each check runs through the command layer on a real desk file, with a
//! clock the test holds.

use billettigue_core::ErrorCode;
use billettigue_tests::desk::{count, text, Carrier, TestDesk};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc, Weekday};
use serde_json::{json, Value};

/// A desk with its administrator and one carrier, signed in.
struct Depot {
    desk: TestDesk,
    admin: String,
    carrier: Carrier,
    carrier_token: String,
}

async fn depot() -> Depot {
    let desk = TestDesk::new().await;
    let admin = desk.setup_admin().await;
    let carrier = desk
        .create_transporteur(&admin, "depot@ndiaga-ndiaye.sn", "Ndiaga Ndiaye Transports")
        .await;
    let carrier_token = desk.sign_in(&carrier.account).await;
    Depot {
        desk,
        admin,
        carrier,
        carrier_token,
    }
}

/// Dakar → Saint-Louis, 5 000 FCFA, 50 seats, parcels accepted; `changes` overrides members.
fn route(changes: Value) -> Value {
    let mut template = json!({
        "departure_city": "Dakar",
        "arrival_city": "Saint-Louis",
        "price": 500_000,
        "seats_count": 50,
        "accepts_packages": true,
        "max_package_weight_g": 30_000,
        "departure_point": "Gare routière des Baux Maraîchers",
        "arrival_point": "Gare routière de Saint-Louis",
    });
    if let (Some(template), Some(changes)) = (template.as_object_mut(), changes.as_object()) {
        for (key, value) in changes {
            template.insert(key.clone(), value.clone());
        }
    }
    template
}

/// RFC 3339 text for `days` after the desk's clock, at `hour`:00 UTC.
fn in_days(desk: &TestDesk, days: i64, hour: u32) -> String {
    let day = (desk.now() + Duration::days(days)).date_naive();
    day.and_hms_opt(hour, 0, 0)
        .map(|t| t.and_utc().to_rfc3339())
        .unwrap_or_default()
}

fn time_of(trajet: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&text(trajet, "departure_time"))
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|e| panic!("departure_time of {trajet}: {e}"))
}

fn number(value: &Value, key: &str) -> i64 {
    value
        .get(key)
        .and_then(Value::as_i64)
        .unwrap_or_else(|| panic!("no integer {key:?} in {value}"))
}

impl Depot {
    /// Publishes one trajet as the carrier, `days` from now at 07:00.
    async fn publish(&self, changes: Value, days: i64) -> Value {
        let args =
            json!({ "template": route(changes), "departure_time": in_days(&self.desk, days, 7) });
        self.desk
            .ok("trajets.create", args, Some(&self.carrier_token))
            .await
    }

    async fn set_status(
        &self,
        uid: &str,
        status: &str,
    ) -> Result<Value, billettigue_core::ErrorPayload> {
        self.desk
            .call(
                "trajets.set_status",
                json!({ "uid": uid, "status": status }),
                Some(&self.carrier_token),
            )
            .await
    }

    /// The uids of the trajets `token` lists.
    async fn listed(&self, token: &str) -> Vec<String> {
        let list = self.desk.ok("trajets.list", json!({}), Some(token)).await;
        list.as_array()
            .map(|all| all.iter().map(|t| text(t, "uid")).collect())
            .unwrap_or_default()
    }

    /// Asserts that the call is refused with `code`, blaming `field`, in French, and that the
    /// desk file did not change.
    async fn refused(
        &self,
        name: &str,
        args: Value,
        token: &str,
        code: ErrorCode,
        field: Option<&str>,
    ) {
        let before = self.desk.snapshot().await;
        let error = self.desk.err(name, args.clone(), Some(token)).await;
        assert_eq!(error.code, code, "{name} {args}: {error:?}");
        assert_eq!(error.field.as_deref(), field, "{name} {args}: {error:?}");
        assert!(
            !error.message.trim().is_empty(),
            "{name} {args}: no message"
        );
        let after = self.desk.snapshot().await;
        assert!(
            after == before,
            "{name} {args} was refused but wrote:\n{}",
            before.diff(&after)
        );
    }
}

/// (price, seats_count, available_seats, status) as stored.
async fn stored(desk: &TestDesk, uid: &str) -> (i64, i64, i64, String) {
    sqlx::query_as("SELECT price, seats_count, available_seats, status FROM trajets WHERE uid = ?")
        .bind(uid)
        .fetch_one(desk.pool())
        .await
        .expect("the trajet is stored")
}

/// Pretends `sold` seats were sold: sales come later, the seat count is what they will change.
async fn sell_seats(desk: &TestDesk, uid: &str, sold: i64) {
    sqlx::query("UPDATE trajets SET available_seats = seats_count - ? WHERE uid = ?")
        .bind(sold)
        .bind(uid)
        .execute(desk.pool())
        .await
        .expect("lower the available seats");
}

async fn log_rows(desk: &TestDesk, action: &str) -> Vec<(Option<i64>, Option<String>)> {
    sqlx::query_as(
        "SELECT actor_compte_id, entity_uid FROM admin_logs WHERE action = ? ORDER BY id",
    )
    .bind(action)
    .fetch_all(desk.pool())
    .await
    .expect("read admin_logs")
}

#[tokio::test]
async fn a_transporteur_publishes_a_trajet_with_every_seat_available_and_its_price_stored_exactly()
{
    let d = depot().await;
    let departure = in_days(&d.desk, 3, 7);
    let trajet = d
        .desk
        .ok(
            "trajets.create",
            json!({ "template": route(json!({ "seats_count": 42 })), "departure_time": departure }),
            Some(&d.carrier_token),
        )
        .await;

    assert_eq!(
        number(&trajet, "price"),
        500_000,
        "5 000 FCFA in hundredths"
    );
    assert_eq!(number(&trajet, "seats_count"), 42);
    assert_eq!(number(&trajet, "available_seats"), 42);
    assert_eq!(text(&trajet, "status"), "active");
    assert_eq!(
        text(&trajet, "transporteur_uid"),
        d.carrier.transporteur_uid
    );
    assert_eq!(text(&trajet, "company_name"), "Ndiaga Ndiaye Transports");
    assert_eq!(text(&trajet, "departure_city"), "Dakar");
    assert_eq!(text(&trajet, "arrival_city"), "Saint-Louis");
    assert_eq!(trajet["accepts_packages"], json!(true));
    assert_eq!(number(&trajet, "max_package_weight_g"), 30_000);
    assert_eq!(
        time_of(&trajet),
        in_days(&d.desk, 3, 7)
            .parse::<DateTime<Utc>>()
            .unwrap_or_default()
    );

    let uid = text(&trajet, "uid");
    assert_eq!(
        stored(&d.desk, &uid).await,
        (500_000, 42, 42, "active".to_owned())
    );
    assert_eq!(d.listed(&d.carrier_token).await, vec![uid]);
}

#[tokio::test]
async fn an_administrator_must_name_the_carrier_and_then_publishes_for_it() {
    let d = depot().await;
    let departure = in_days(&d.desk, 2, 7);

    d.refused(
        "trajets.create",
        json!({ "template": route(json!({})), "departure_time": departure }),
        &d.admin,
        ErrorCode::Validation,
        Some("template.transporteur_uid"),
    )
    .await;
    d.refused(
        "trajets.create",
        json!({ "template": route(json!({ "transporteur_uid": "0190a000-0000-7000-8000-00000000dead" })), "departure_time": departure }),
        &d.admin,
        ErrorCode::Validation,
        Some("template.transporteur_uid"),
    )
    .await;

    let trajet = d
        .desk
        .ok(
            "trajets.create",
            json!({ "template": route(json!({ "transporteur_uid": d.carrier.transporteur_uid })), "departure_time": departure }),
            Some(&d.admin),
        )
        .await;
    assert_eq!(
        text(&trajet, "transporteur_uid"),
        d.carrier.transporteur_uid
    );
    assert_eq!(
        d.listed(&d.carrier_token).await,
        vec![text(&trajet, "uid")],
        "the carrier sees the trajet published for it"
    );
}

#[tokio::test]
async fn a_transporteur_never_sees_nor_changes_another_carriers_trajets() {
    let d = depot().await;
    let rival = d
        .desk
        .create_transporteur(&d.admin, "bureau@dem-dikk.sn", "Dem Dikk Express")
        .await;
    let rival_token = d.desk.sign_in(&rival.account).await;
    let theirs = text(&d.publish(json!({}), 2).await, "uid");
    let own = d
        .desk
        .ok(
            "trajets.create",
            json!({ "template": route(json!({ "arrival_city": "Touba" })), "departure_time": in_days(&d.desk, 2, 9) }),
            Some(&rival_token),
        )
        .await;

    assert_eq!(d.listed(&rival_token).await, vec![text(&own, "uid")]);
    assert_eq!(d.listed(&d.carrier_token).await, vec![theirs.clone()]);
    assert_eq!(
        d.listed(&d.admin).await.len(),
        2,
        "the administrator sees both"
    );

    d.refused(
        "trajets.update",
        json!({ "uid": theirs, "price": 1 }),
        &rival_token,
        ErrorCode::NotFound,
        None,
    )
    .await;
    for status in ["suspended", "cancelled", "completed"] {
        d.refused(
            "trajets.set_status",
            json!({ "uid": theirs, "status": status }),
            &rival_token,
            ErrorCode::NotFound,
            None,
        )
        .await;
    }

    // Naming the other carrier in a template never publishes for it.
    let attempt = d
        .desk
        .call(
            "trajets.create",
            json!({ "template": route(json!({ "transporteur_uid": d.carrier.transporteur_uid })), "departure_time": in_days(&d.desk, 4, 7) }),
            Some(&rival_token),
        )
        .await;
    if let Ok(trajet) = attempt {
        assert_eq!(text(&trajet, "transporteur_uid"), rival.transporteur_uid);
    }
    assert_eq!(d.listed(&d.carrier_token).await, vec![theirs]);
}

#[tokio::test]
async fn an_agent_is_forbidden_to_manage_trajets_and_nothing_is_written() {
    let d = depot().await;
    let agent = d
        .desk
        .create_agent(&d.admin, "fatou.ndiaye@billettigue.sn")
        .await;
    let agent_token = d.desk.sign_in(&agent).await;
    let uid = text(&d.publish(json!({}), 2).await, "uid");
    let with_carrier = route(json!({ "transporteur_uid": d.carrier.transporteur_uid }));

    let calls = [
        ("trajets.list", json!({})),
        (
            "trajets.create",
            json!({ "template": with_carrier, "departure_time": in_days(&d.desk, 3, 7) }),
        ),
        (
            "trajets.schedule",
            json!({ "template": with_carrier, "first_day": "2026-03-10", "time": "07:00", "days": 3 }),
        ),
        ("trajets.update", json!({ "uid": uid, "price": 1 })),
        (
            "trajets.set_status",
            json!({ "uid": uid, "status": "cancelled" }),
        ),
    ];
    for (name, args) in calls {
        d.refused(name, args, &agent_token, ErrorCode::Forbidden, None)
            .await;
    }
}

#[tokio::test]
async fn impossible_trajet_values_are_refused_naming_the_field_and_nothing_is_written() {
    let d = depot().await;
    let token = d.carrier_token.clone();
    let later = in_days(&d.desk, 2, 7);
    let create = |changes: Value, departure: &str| json!({ "template": route(changes), "departure_time": departure });

    let cases = [
        (
            create(json!({ "seats_count": 0 }), &later),
            "template.seats_count",
        ),
        (
            create(json!({ "seats_count": 51 }), &later),
            "template.seats_count",
        ),
        (create(json!({ "price": -1 }), &later), "template.price"),
        (
            create(json!({ "arrival_city": "dakar" }), &later),
            "template.arrival_city",
        ),
        (
            create(
                json!({ "departure_city": "Thiès", "arrival_city": " THIÈS " }),
                &later,
            ),
            "template.arrival_city",
        ),
        (
            create(json!({}), &d.desk.now().to_rfc3339()),
            "departure_time",
        ),
        (
            create(
                json!({}),
                &(d.desk.now() - Duration::minutes(1)).to_rfc3339(),
            ),
            "departure_time",
        ),
    ];
    for (args, field) in cases {
        d.refused(
            "trajets.create",
            args,
            &token,
            ErrorCode::Validation,
            Some(field),
        )
        .await;
    }

    // A trajet published for tomorrow morning has left once the clock passes it.
    let uid = text(&d.publish(json!({}), 1).await, "uid");
    d.desk.advance(Duration::days(2));
    let token = d.desk.sign_in(&d.carrier.account).await;
    let past = in_days(&d.desk, -1, 7);
    let updates = [
        (json!({ "uid": uid, "seats_count": 0 }), "seats_count"),
        (json!({ "uid": uid, "seats_count": 51 }), "seats_count"),
        (json!({ "uid": uid, "price": -1 }), "price"),
        (
            json!({ "uid": uid, "departure_time": past }),
            "departure_time",
        ),
    ];
    for (args, field) in updates {
        d.refused(
            "trajets.update",
            args,
            &token,
            ErrorCode::Validation,
            Some(field),
        )
        .await;
    }
    d.refused(
        "trajets.set_status",
        json!({ "uid": uid, "status": "archived" }),
        &token,
        ErrorCode::Validation,
        Some("status"),
    )
    .await;
    d.refused(
        "trajets.list",
        json!({ "status": "archived" }),
        &token,
        ErrorCode::Validation,
        Some("status"),
    )
    .await;
}

#[tokio::test]
async fn a_trajet_is_suspended_resumed_then_completed_and_a_completed_trajet_never_changes_again() {
    let d = depot().await;
    let uid = text(&d.publish(json!({}), 2).await, "uid");

    for status in ["suspended", "active", "completed"] {
        let trajet = d
            .set_status(&uid, status)
            .await
            .unwrap_or_else(|e| panic!("{status}: {e:?}"));
        assert_eq!(text(&trajet, "status"), status);
        assert_eq!(stored(&d.desk, &uid).await.3, status);
    }

    for status in ["active", "suspended", "cancelled", "completed"] {
        d.refused(
            "trajets.set_status",
            json!({ "uid": uid, "status": status }),
            &d.carrier_token,
            ErrorCode::Conflict,
            Some("status"),
        )
        .await;
    }
    d.refused(
        "trajets.update",
        json!({ "uid": uid, "price": 450_000 }),
        &d.carrier_token,
        ErrorCode::Conflict,
        None,
    )
    .await;
}

#[tokio::test]
async fn a_suspended_trajet_cannot_be_completed_before_it_resumes() {
    let d = depot().await;
    let uid = text(&d.publish(json!({}), 2).await, "uid");
    let suspended = d.set_status(&uid, "suspended").await;
    assert!(suspended.is_ok(), "{suspended:?}");
    d.refused(
        "trajets.set_status",
        json!({ "uid": uid, "status": "completed" }),
        &d.carrier_token,
        ErrorCode::Conflict,
        Some("status"),
    )
    .await;
}

#[tokio::test]
async fn a_cancelled_trajet_is_final_and_can_no_longer_be_edited() {
    let d = depot().await;
    let uid = text(&d.publish(json!({}), 2).await, "uid");
    let cancelled = d
        .set_status(&uid, "cancelled")
        .await
        .unwrap_or_else(|e| panic!("cancel: {e:?}"));
    assert_eq!(text(&cancelled, "status"), "cancelled");

    for status in ["active", "suspended", "cancelled", "completed"] {
        d.refused(
            "trajets.set_status",
            json!({ "uid": uid, "status": status }),
            &d.carrier_token,
            ErrorCode::Conflict,
            Some("status"),
        )
        .await;
    }
    for change in [
        json!({ "uid": uid, "seats_count": 30 }),
        json!({ "uid": uid, "departure_time": in_days(&d.desk, 5, 7) }),
        json!({ "uid": uid }),
    ] {
        d.refused(
            "trajets.update",
            change,
            &d.carrier_token,
            ErrorCode::Conflict,
            None,
        )
        .await;
    }
}

#[tokio::test]
async fn a_trajet_with_sold_seats_cannot_be_cancelled_nor_shrunk_below_the_seats_sold() {
    let d = depot().await;
    let uid = text(&d.publish(json!({ "seats_count": 30 }), 2).await, "uid");
    sell_seats(&d.desk, &uid, 12).await;

    d.refused(
        "trajets.set_status",
        json!({ "uid": uid, "status": "cancelled" }),
        &d.carrier_token,
        ErrorCode::Conflict,
        None,
    )
    .await;
    d.refused(
        "trajets.update",
        json!({ "uid": uid, "seats_count": 11 }),
        &d.carrier_token,
        ErrorCode::Validation,
        Some("seats_count"),
    )
    .await;

    let full = d
        .desk
        .ok(
            "trajets.update",
            json!({ "uid": uid, "seats_count": 12 }),
            Some(&d.carrier_token),
        )
        .await;
    assert_eq!(
        (
            number(&full, "seats_count"),
            number(&full, "available_seats")
        ),
        (12, 0),
        "down to exactly the seats sold: full"
    );
    let bigger = d
        .desk
        .ok(
            "trajets.update",
            json!({ "uid": uid, "seats_count": 20, "price": 475_050 }),
            Some(&d.carrier_token),
        )
        .await;
    assert_eq!(
        (
            number(&bigger, "seats_count"),
            number(&bigger, "available_seats")
        ),
        (20, 8),
        "the twelve sold seats stay sold"
    );
    assert_eq!(
        stored(&d.desk, &uid).await,
        (475_050, 20, 8, "active".to_owned())
    );
    assert_eq!(text(&bigger, "status"), "active", "still not cancelled");
}

#[tokio::test]
async fn every_day_at_seven_for_the_next_sixty_days_creates_sixty_trajets_at_seven_utc() {
    let d = depot().await;
    // The clock reads Monday 2 March 2026, 08:00: tomorrow is the first day.
    let result = d
        .desk
        .ok(
            "trajets.schedule",
            json!({ "template": route(json!({})), "first_day": "2026-03-03", "time": "07:00", "days": 60 }),
            Some(&d.carrier_token),
        )
        .await;
    assert_eq!(number(&result, "created"), 60);
    let mut uids: Vec<String> = result["uids"]
        .as_array()
        .map(|all| {
            all.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), 60, "sixty distinct trajets");

    let list = d
        .desk
        .ok("trajets.list", json!({}), Some(&d.carrier_token))
        .await;
    let trajets = list.as_array().cloned().unwrap_or_default();
    assert_eq!(trajets.len(), 60);
    let first = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap_or_default();
    for (offset, trajet) in trajets.iter().enumerate() {
        let time = time_of(trajet);
        assert_eq!(
            (time.date_naive(), time.hour(), time.minute(), time.second()),
            (first + Duration::days(offset as i64), 7, 0, 0),
            "departure {offset}: {trajet}"
        );
        assert_eq!(number(trajet, "available_seats"), 50);
        assert_eq!(text(trajet, "status"), "active");
    }
    assert_eq!(
        time_of(&trajets[59]).date_naive(),
        NaiveDate::from_ymd_opt(2026, 5, 1).unwrap_or_default()
    );
    assert_eq!(count(d.desk.pool(), "trajets").await, 60);
}

#[tokio::test]
async fn a_schedule_that_fails_halfway_leaves_no_trajet_behind() {
    let d = depot().await;
    // The disk "fills up" at the thirtieth departure: the first twenty-nine must not remain.
    sqlx::query(
        "CREATE TRIGGER disk_full BEFORE INSERT ON trajets WHEN (SELECT COUNT(*) FROM trajets) >= 29 \
         BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
    )
    .execute(d.desk.pool())
    .await
    .expect("create the trigger");
    let before = d.desk.snapshot().await;

    let error = d
        .desk
        .err(
            "trajets.schedule",
            json!({ "template": route(json!({})), "first_day": "2026-03-03", "time": "07:00", "days": 60 }),
            Some(&d.carrier_token),
        )
        .await;
    assert_eq!(error.code, ErrorCode::Internal, "{error:?}");
    assert_eq!(count(d.desk.pool(), "trajets").await, 0);
    assert!(
        d.desk.snapshot().await == before,
        "nothing written, not even the log"
    );
}

#[tokio::test]
async fn a_schedule_with_one_bad_field_creates_no_trajet() {
    let d = depot().await;
    let schedule = |template: Value, first_day: &str, time: &str, days: i64, weekdays: Value| {
        let mut args =
            json!({ "template": template, "first_day": first_day, "time": time, "days": days });
        if !weekdays.is_null() {
            args["weekdays"] = weekdays;
        }
        args
    };
    let good = || route(json!({}));
    let cases = [
        (
            schedule(
                route(json!({ "seats_count": 51 })),
                "2026-03-03",
                "07:00",
                60,
                Value::Null,
            ),
            ErrorCode::Validation,
            "template.seats_count",
        ),
        (
            schedule(
                route(json!({ "price": -500 })),
                "2026-03-03",
                "07:00",
                60,
                Value::Null,
            ),
            ErrorCode::Validation,
            "template.price",
        ),
        (
            schedule(
                route(json!({ "arrival_city": "DAKAR" })),
                "2026-03-03",
                "07:00",
                60,
                Value::Null,
            ),
            ErrorCode::Validation,
            "template.arrival_city",
        ),
        (
            schedule(good(), "2026-03-03", "7h", 60, Value::Null),
            ErrorCode::Validation,
            "time",
        ),
        (
            schedule(good(), "2026-03-03", "24:00", 60, Value::Null),
            ErrorCode::Validation,
            "time",
        ),
        (
            schedule(good(), "2026-03-03", "07:00", 0, Value::Null),
            ErrorCode::Validation,
            "days",
        ),
        (
            schedule(good(), "2026-03-03", "07:00", 367, Value::Null),
            ErrorCode::Validation,
            "days",
        ),
        (
            schedule(good(), "2026-03-03", "07:00", 60, json!([1, 8])),
            ErrorCode::Validation,
            "weekdays",
        ),
        (
            schedule(good(), "2026-03-03", "07:00", 60, json!([])),
            ErrorCode::Validation,
            "weekdays",
        ),
        // Today at 07:00 has already left (the clock reads 08:00).
        (
            schedule(good(), "2026-03-02", "07:00", 60, Value::Null),
            ErrorCode::Validation,
            "first_day",
        ),
        (
            schedule(good(), "2026-03-01", "09:00", 60, Value::Null),
            ErrorCode::Validation,
            "first_day",
        ),
    ];
    for (args, code, field) in cases {
        d.refused(
            "trajets.schedule",
            args,
            &d.carrier_token,
            code,
            Some(field),
        )
        .await;
    }
    assert_eq!(count(d.desk.pool(), "trajets").await, 0);
}

#[tokio::test]
async fn a_schedule_on_chosen_weekdays_runs_only_on_those_days() {
    let d = depot().await;
    // Four weeks from Monday 2 March, Mondays and Fridays at 18:30.
    let result = d
        .desk
        .ok(
            "trajets.schedule",
            json!({ "template": route(json!({})), "first_day": "2026-03-02", "time": "18:30", "days": 28, "weekdays": [1, 5] }),
            Some(&d.carrier_token),
        )
        .await;
    assert_eq!(number(&result, "created"), 8);
    let list = d
        .desk
        .ok("trajets.list", json!({}), Some(&d.carrier_token))
        .await;
    let days: Vec<(Weekday, u32, u32)> = list
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|t| {
            let time = time_of(t);
            (time.weekday(), time.hour(), time.minute())
        })
        .collect();
    assert_eq!(days.len(), 8);
    assert!(
        days.iter()
            .all(|(day, h, m)| matches!(day, Weekday::Mon | Weekday::Fri) && (*h, *m) == (18, 30)),
        "{days:?}"
    );
    assert_eq!(
        time_of(&list[7]).date_naive(),
        NaiveDate::from_ymd_opt(2026, 3, 27).unwrap_or_default(),
        "the last is Friday 27 March"
    );
}

#[tokio::test]
async fn each_trajet_action_writes_who_did_it_to_the_administration_log() {
    let d = depot().await;
    let actor = Some(d.desk.compte_id(&d.carrier.account.email).await);

    let uid = text(&d.publish(json!({}), 2).await, "uid");
    assert_eq!(
        log_rows(&d.desk, "trajet.create").await,
        vec![(actor, Some(uid.clone()))]
    );

    d.desk
        .ok(
            "trajets.update",
            json!({ "uid": uid, "price": 550_000 }),
            Some(&d.carrier_token),
        )
        .await;
    assert_eq!(
        log_rows(&d.desk, "trajet.update").await,
        vec![(actor, Some(uid.clone()))]
    );

    let suspended = d.set_status(&uid, "suspended").await;
    assert!(suspended.is_ok(), "{suspended:?}");
    assert_eq!(
        log_rows(&d.desk, "trajet.status").await,
        vec![(actor, Some(uid.clone()))]
    );

    let result = d
        .desk
        .ok(
            "trajets.schedule",
            json!({ "template": route(json!({})), "first_day": "2026-03-05", "time": "06:15", "days": 3 }),
            Some(&d.carrier_token),
        )
        .await;
    let first = result["uids"][0].as_str().map(str::to_owned);
    assert_eq!(
        log_rows(&d.desk, "trajet.schedule").await,
        vec![(actor, first)],
        "one log row for the whole schedule"
    );

    let admin_actor = Some(d.desk.compte_id(billettigue_tests::desk::ADMIN_EMAIL).await);
    let published = d
        .desk
        .ok(
            "trajets.create",
            json!({ "template": route(json!({ "transporteur_uid": d.carrier.transporteur_uid })), "departure_time": in_days(&d.desk, 6, 7) }),
            Some(&d.admin),
        )
        .await;
    assert_eq!(
        log_rows(&d.desk, "trajet.create").await.last().cloned(),
        Some((admin_actor, Some(text(&published, "uid")))),
        "the administrator is the one logged"
    );
}

fn city_names(zones: &Value) -> Vec<String> {
    zones
        .as_array()
        .map(|all| all.iter().map(|z| text(z, "city_name")).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_carrier_serves_each_city_once_and_setting_it_again_updates_it() {
    let d = depot().await;
    let token = d.carrier_token.as_str();
    let zone = json!({ "city_name": "Mbour", "zone_type": "both", "service_frequency": "daily", "max_weight_capacity_g": 500_000 });
    d.desk.ok("zones.set", zone, Some(token)).await;
    d.desk
        .ok(
            "zones.set",
            json!({ "city_name": "Thiès", "zone_type": "pickup_only" }),
            Some(token),
        )
        .await;
    let again = json!({ "city_name": "Mbour", "zone_type": "delivery_only", "max_weight_capacity_g": 800_000 });
    let updated = d.desk.ok("zones.set", again, Some(token)).await;
    assert_eq!(text(&updated, "zone_type"), "delivery_only");
    assert_eq!(number(&updated, "max_weight_capacity_g"), 800_000);
    let zones = d.desk.ok("zones.list", json!({}), Some(token)).await;
    assert_eq!(city_names(&zones), vec!["Mbour", "Thiès"]);
}

#[tokio::test]
async fn a_removed_zone_disappears_and_comes_back_when_set_again() {
    let d = depot().await;
    let token = d.carrier_token.as_str();
    let zone = d
        .desk
        .ok(
            "zones.set",
            json!({ "city_name": "Touba", "zone_type": "both" }),
            Some(token),
        )
        .await;
    d.desk
        .ok(
            "zones.remove",
            json!({ "uid": text(&zone, "uid") }),
            Some(token),
        )
        .await;
    assert!(city_names(&d.desk.ok("zones.list", json!({}), Some(token)).await).is_empty());
    let revived = d
        .desk
        .ok(
            "zones.set",
            json!({ "city_name": "Touba", "zone_type": "both" }),
            Some(token),
        )
        .await;
    assert_eq!(
        text(&revived, "uid"),
        text(&zone, "uid"),
        "the same row is revived, not duplicated"
    );
    let logged: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM admin_logs WHERE action IN ('zone.set', 'zone.remove')",
    )
    .fetch_one(d.desk.pool())
    .await
    .expect("log rows");
    assert_eq!(logged, 3);
}

#[tokio::test]
async fn a_carrier_never_sees_nor_removes_another_carriers_zones() {
    let d = depot().await;
    let rival = d
        .desk
        .create_transporteur(
            &d.admin,
            "bureau@senegal-express.sn",
            "Sénégal Express Voyages",
        )
        .await;
    let rival_token = d.desk.sign_in(&rival.account).await;
    let theirs = d
        .desk
        .ok(
            "zones.set",
            json!({ "city_name": "Kaolack", "zone_type": "both" }),
            Some(&rival_token),
        )
        .await;
    assert!(city_names(
        &d.desk
            .ok("zones.list", json!({}), Some(&d.carrier_token))
            .await
    )
    .is_empty());
    let before = d.desk.snapshot().await;
    let refused = d
        .desk
        .err(
            "zones.remove",
            json!({ "uid": text(&theirs, "uid") }),
            Some(&d.carrier_token),
        )
        .await;
    assert_eq!(refused.code, ErrorCode::NotFound);
    assert!(before == d.desk.snapshot().await, "nothing may change");
    // An administrator names the carrier to see its zones.
    let by_admin = d
        .desk
        .ok(
            "zones.list",
            json!({ "transporteur_uid": rival.transporteur_uid }),
            Some(&d.admin),
        )
        .await;
    assert_eq!(city_names(&by_admin), vec!["Kaolack"]);
}
