//! Sync between desks (their own SQLite files) and head office (a fresh MariaDB database per
//! test, prepared by `central migrate`): sales from several desks reach head office once and
//! every desk converges; a batch sent again is applied once; changes written by another
//! program come down; out-of-order commits are not skipped; refused rows are set aside.

use std::path::Path;

use billettigue_core::sync::pull::PullOptions;
use billettigue_core::sync::RoundOptions;
use billettigue_tests::central::{with_central, TestCentral};
use billettigue_tests::counter::{open_till, passenger, Counter, PRICE};
use billettigue_tests::desk::{code, count, text, TestDesk, ADMIN_EMAIL, ADMIN_PASSWORD};
use billettigue_tests::parcels::{Depot, RECIPIENT_PHONE, SENDER_PHONE};
use serde_json::json;
use sqlx::{Connection, MySqlConnection};

/// Booking references with their seat numbers, as a desk holds them.
async fn seats_sold(pool: &sqlx::SqlitePool, trajet_uid: &str) -> Vec<(String, i64)> {
    sqlx::query_as(
        "SELECT r.uid, s.seat_number FROM reservation_seats s JOIN reservations r ON r.id = s.reservation_id \
         JOIN trajets t ON t.id = s.trajet_id WHERE t.uid = ? AND s.active = 1 ORDER BY s.seat_number",
    )
    .bind(trajet_uid)
    .fetch_all(pool)
    .await
    .expect("seats")
}

async fn central_seats_sold(central: &TestCentral, trajet_uid: &str) -> Vec<(String, i64)> {
    sqlx::query_as(
        "SELECT r.uid, CAST(s.seat_number AS SIGNED) FROM reservation_seats s JOIN reservations r ON r.id = s.reservation_id \
         JOIN trajets t ON t.id = s.trajet_id WHERE t.uid = ? AND s.active = 1 ORDER BY s.seat_number",
    )
    .bind(trajet_uid)
    .fetch_all(&central.pool)
    .await
    .expect("seats")
}

async fn available(pool: &sqlx::SqlitePool, trajet_uid: &str) -> i64 {
    sqlx::query_scalar("SELECT available_seats FROM trajets WHERE uid = ?")
        .bind(trajet_uid)
        .fetch_one(pool)
        .await
        .expect("trajet")
}

async fn central_available(central: &TestCentral, trajet_uid: &str) -> i64 {
    sqlx::query_scalar("SELECT CAST(available_seats AS SIGNED) FROM trajets WHERE uid = ?")
        .bind(trajet_uid)
        .fetch_one(&central.pool)
        .await
        .expect("trajet")
}

async fn outbox_rows(pool: &sqlx::SqlitePool) -> i64 {
    count(pool, "sync_outbox").await
}

/// A second desk that downloads everything from head office, where the agent signs in and
/// opens a till.
async fn second_desk(central: &TestCentral, counter: &Counter) -> (TestDesk, String) {
    let desk = TestDesk::new().await;
    let first = central.sync(&desk.desk).await;
    assert!(
        first.pulled > 0,
        "the first round downloads head office's rows: {first:?}"
    );
    let token = desk.sign_in(&counter.agent).await;
    open_till(&desk, &token).await;
    (desk, token)
}

/// The seats this desk holds on a trajet (sold or not).
async fn held_here(pool: &sqlx::SqlitePool, trajet_uid: &str) -> Vec<i64> {
    sqlx::query_scalar(
        "SELECT a.seat_number FROM seat_allotments a JOIN trajets t ON t.id = a.trajet_id \
         JOIN desk_nodes n ON n.id = a.desk_node_id \
         WHERE t.uid = ? AND n.is_local = 1 AND a.status = 'held' ORDER BY a.seat_number",
    )
    .bind(trajet_uid)
    .fetch_all(pool)
    .await
    .expect("allotments")
}

/// Seats held at head office on a trajet, by desk uid.
async fn central_held(central: &TestCentral, trajet_uid: &str) -> Vec<(String, i64)> {
    sqlx::query_as(
        "SELECT n.uid, CAST(a.seat_number AS SIGNED) FROM seat_allotments a JOIN trajets t ON t.id = a.trajet_id \
         JOIN desk_nodes n ON n.id = a.desk_node_id WHERE t.uid = ? AND a.status = 'held' ORDER BY a.seat_number",
    )
    .bind(trajet_uid)
    .fetch_all(&central.pool)
    .await
    .expect("allotments")
}

/// Sets head office's address on a desk, as its administrator does in the Sync section: from
/// then on its sales claim their seats at head office while it answers.
async fn connect_desk(desk: &TestDesk, url: &str) -> String {
    let admin = desk
        .login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .expect("the administrator signs in");
    desk.ok("sync.configure", json!({ "url": url }), Some(&admin))
        .await;
    admin
}

async fn sell_at(desk: &TestDesk, token: &str, trajet_uid: &str, seats: &[i64]) {
    desk.ok(
        "sales.sell",
        json!({ "sale": { "trajet_uid": trajet_uid, "passengers": [passenger("Fatou", "Sarr", seats)] } }),
        Some(token),
    )
    .await;
}

#[tokio::test]
async fn sales_of_two_desks_reach_head_office_once_and_both_desks_converge() {
    with_central(|central| async move {
        let counter = Counter::new().await;
        let trajet = counter
            .publish("Dakar", "Thiès", counter.tomorrow_at(8), 20)
            .await;
        counter.sell(&trajet, &[1, 2]).await;
        let round = central.sync(&counter.desk.desk).await;
        assert!(
            round.pushed > 10,
            "accounts, agency, trajet, sale: {round:?}"
        );
        assert_eq!(round.set_aside, 0, "{round:?}");
        assert_eq!(outbox_rows(counter.desk.pool()).await, 0);

        assert_eq!(round.seats_granted, 4, "A's block: {round:?}");
        assert_eq!(held_here(counter.desk.pool(), &trajet).await, vec![3, 4, 5, 6]);

        let (desk_b, token_b) = second_desk(&central, &counter).await;
        assert_eq!(
            available(desk_b.pool(), &trajet).await,
            18,
            "desk B sees the seats sold at A"
        );
        assert_eq!(held_here(desk_b.pool(), &trajet).await, vec![7, 8, 9, 10]);
        // Both desks sell offline, each from its own block: A's seat is refused at B.
        let refused = desk_b
            .err(
                "sales.sell",
                json!({ "sale": { "trajet_uid": &trajet, "passengers": [passenger("Fatou", "Sarr", &[3])] } }),
                Some(&token_b),
            )
            .await;
        assert_eq!(code(&refused), "conflict");
        assert!(refused.message.contains("pas attribuée"), "{refused:?}");
        assert_eq!(count(desk_b.pool(), "reservations").await, 1, "nothing written");
        sell_at(&desk_b, &token_b, &trajet, &[7, 8]).await;
        counter.sell(&trajet, &[5]).await;
        central.sync(&desk_b.desk).await;
        central.sync(&counter.desk.desk).await;
        central.sync(&desk_b.desk).await;

        let at_head_office = central_seats_sold(&central, &trajet).await;
        let seat_numbers: Vec<i64> = at_head_office.iter().map(|(_, s)| *s).collect();
        assert_eq!(seat_numbers, vec![1, 2, 5, 7, 8], "every sale once");
        assert_eq!(
            seats_sold(counter.desk.pool(), &trajet).await,
            at_head_office
        );
        assert_eq!(seats_sold(desk_b.pool(), &trajet).await, at_head_office);
        assert_eq!(central_available(&central, &trajet).await, 15);
        assert_eq!(available(counter.desk.pool(), &trajet).await, 15);
        assert_eq!(available(desk_b.pool(), &trajet).await, 15);
        let reservations = central.count("SELECT COUNT(*) FROM reservations").await;
        assert_eq!(reservations, 3);
        assert_eq!(outbox_rows(counter.desk.pool()).await, 0);
        assert_eq!(outbox_rows(desk_b.pool()).await, 0);
        // Both desks registered as sync nodes, with their last contact.
        let nodes = central
            .count("SELECT COUNT(*) FROM desk_nodes WHERE last_contact_at IS NOT NULL")
            .await;
        assert_eq!(nodes, 2);
        let known_at_b = count(
            desk_b.pool(),
            "desk_nodes WHERE last_contact_at IS NOT NULL",
        )
        .await;
        assert_eq!(known_at_b, 2, "each desk knows the other's last contact");
        let others_seats = count(
            desk_b.pool(),
            "seat_allotments a JOIN desk_nodes n ON n.id = a.desk_node_id WHERE n.is_local = 0",
        )
        .await;
        assert_eq!(others_seats, 0, "the seats allotted to A do not come down to B");
    })
    .await;
}

/// Copies a closed desk's files, as they were on disk at that moment.
fn copy_desk(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("desk directory") {
        let entry = entry.expect("entry");
        if entry.file_type().expect("type").is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
        }
    }
}

#[tokio::test]
async fn a_batch_sent_again_after_the_acknowledgement_was_lost_is_applied_once() {
    with_central(|central| async move {
        let counter = Counter::new().await;
        let trajet = counter
            .publish("Dakar", "Mbour", counter.tomorrow_at(9), 30)
            .await;
        counter.sell(&trajet, &[7, 8]).await;
        let waiting = outbox_rows(counter.desk.pool()).await;
        // The desk as it is on disk before the round: what a kill between head office's commit
        // and the desk's acknowledgement leaves behind.
        let Counter { desk, .. } = counter;
        let TestDesk {
            dir, desk: opened, ..
        } = desk;
        opened.close().await;
        let before_round = tempfile::tempdir().expect("dir");
        copy_desk(dir.path(), before_round.path());
        let desk = TestDesk::open_in(dir).await;
        let first = central.sync(&desk.desk).await;
        assert_eq!(first.set_aside, 0, "{first:?}");
        let rows_after_first = central.count("SELECT COUNT(*) FROM reservations").await
            + central
                .count("SELECT COUNT(*) FROM reservation_seats")
                .await
            + central.count("SELECT COUNT(*) FROM paiements").await;
        let log_after_first = central.count("SELECT COUNT(*) FROM sync_changes").await;
        desk.desk.close().await;
        drop(desk.dir);

        let replayed = TestDesk::open_in(before_round).await;
        assert_eq!(
            outbox_rows(replayed.pool()).await,
            waiting,
            "the acknowledgement was lost"
        );
        let again = central.sync(&replayed.desk).await;
        assert_eq!(again.pushed, 0, "nothing written twice: {again:?}");
        assert_eq!(again.already_there as i64, waiting, "{again:?}");
        assert_eq!(
            outbox_rows(replayed.pool()).await,
            0,
            "acknowledged this time"
        );
        let rows_after_again = central.count("SELECT COUNT(*) FROM reservations").await
            + central
                .count("SELECT COUNT(*) FROM reservation_seats")
                .await
            + central.count("SELECT COUNT(*) FROM paiements").await;
        assert_eq!(rows_after_again, rows_after_first);
        // Only the desk's contact was logged again, no row of the batch.
        let log_after_again = central.count("SELECT COUNT(*) FROM sync_changes").await;
        assert_eq!(log_after_again, log_after_first + 1);
        assert_eq!(central_seats_sold(&central, &trajet).await.len(), 2);
    })
    .await;
}

#[tokio::test]
async fn a_change_written_at_head_office_by_another_program_reaches_every_desk() {
    with_central(|central| async move {
        let counter = Counter::new().await;
        let trajet = counter.publish("Abidjan", "Yamoussoukro", counter.tomorrow_at(7), 40).await;
        central.sync(&counter.desk.desk).await;
        let (desk_b, _) = second_desk(&central, &counter).await;

        // The web platform: a plain connection, no desk session variable.
        let mut web = MySqlConnection::connect(&central.url).await.expect("connect");
        sqlx::query("UPDATE trajets SET price = 3750.00 WHERE uid = ?")
            .bind(&trajet)
            .execute(&mut web)
            .await
            .expect("update the fare");
        sqlx::query(
            "INSERT INTO agences (name, city, address, phone_number, created_at, updated_at) \
             VALUES ('Agence du Plateau', 'Abidjan', 'Avenue Chardy', '+225 27 20 00 00 00', NOW(6), NOW(6))",
        )
        .execute(&mut web)
        .await
        .expect("a new agency");
        web.close().await.ok();

        for desk in [&counter.desk, &desk_b] {
            let round = central.sync(&desk.desk).await;
            assert!(round.pulled >= 2, "{round:?}");
            let price: i64 = sqlx::query_scalar("SELECT price FROM trajets WHERE uid = ?")
                .bind(&trajet)
                .fetch_one(desk.pool())
                .await
                .expect("trajet");
            assert_eq!(price, 375_000, "3 750 FCFA in hundredths");
            let agencies = count(desk.pool(), "agences WHERE name = 'Agence du Plateau'").await;
            assert_eq!(agencies, 1);
            // Pulled rows are not sent back up.
            assert_eq!(outbox_rows(desk.pool()).await, 0);
        }
    })
    .await;
}

#[tokio::test]
async fn a_change_committed_after_a_later_one_is_not_skipped() {
    with_central(|central| async move {
        let counter = Counter::new().await;
        let trajet = counter
            .publish("Dakar", "Saint-Louis", counter.tomorrow_at(6), 50)
            .await;
        central.sync(&counter.desk.desk).await;

        // Transaction `slow` writes first (its change-log line takes the lower number) but
        // commits after `fast`.
        let mut slow = MySqlConnection::connect(&central.url)
            .await
            .expect("connect");
        let mut fast = MySqlConnection::connect(&central.url)
            .await
            .expect("connect");
        sqlx::query("BEGIN")
            .execute(&mut slow)
            .await
            .expect("begin");
        sqlx::query("UPDATE trajets SET departure_point = 'Gare de Pompiers' WHERE uid = ?")
            .bind(&trajet)
            .execute(&mut slow)
            .await
            .expect("slow update");
        let slow_seq: i64 = sqlx::query_scalar("SELECT MAX(seq) FROM sync_changes")
            .fetch_one(&mut slow)
            .await
            .expect("seq");
        sqlx::query("UPDATE agences SET address = 'Route de Rufisque' ORDER BY id LIMIT 1")
            .execute(&mut fast)
            .await
            .expect("fast update");
        let fast_seq: i64 = sqlx::query_scalar("SELECT MAX(seq) FROM sync_changes")
            .fetch_one(&mut fast)
            .await
            .expect("seq");
        assert!(fast_seq > slow_seq, "committed out of order on purpose");

        let first = central.sync(&counter.desk.desk).await;
        assert!(
            first.gaps_waiting >= 1,
            "the slow line is awaited: {first:?}"
        );
        let high_water: i64 = sqlx::query_scalar("SELECT high_water FROM sync_pull_state")
            .fetch_one(counter.desk.pool())
            .await
            .expect("cursor");
        assert!(
            high_water >= fast_seq,
            "the cursor moved past the slow line"
        );
        let point: Option<String> =
            sqlx::query_scalar("SELECT departure_point FROM trajets WHERE uid = ?")
                .bind(&trajet)
                .fetch_one(counter.desk.pool())
                .await
                .expect("trajet");
        assert_ne!(
            point.as_deref(),
            Some("Gare de Pompiers"),
            "not committed yet"
        );

        sqlx::query("COMMIT")
            .execute(&mut slow)
            .await
            .expect("commit");
        central.sync(&counter.desk.desk).await;
        let point: Option<String> =
            sqlx::query_scalar("SELECT departure_point FROM trajets WHERE uid = ?")
                .bind(&trajet)
                .fetch_one(counter.desk.pool())
                .await
                .expect("trajet");
        assert_eq!(
            point.as_deref(),
            Some("Gare de Pompiers"),
            "the late commit came down"
        );
        let gap_left: i64 = count(
            counter.desk.pool(),
            &format!("sync_pull_gaps WHERE seq = {slow_seq}"),
        )
        .await;
        assert_eq!(gap_left, 0);
        slow.close().await.ok();
        fast.close().await.ok();
    })
    .await;
}

#[tokio::test]
async fn a_row_head_office_refuses_is_set_aside_with_its_reason_and_tried_again() {
    with_central(|central| async move {
        let first = TestDesk::new().await;
        first.setup_admin().await;
        central.sync(&first.desk).await;
        // A second desk set up on its own, with the same administrator's email: head office
        // already has that email for another account.
        let second = TestDesk::new().await;
        second.setup_admin().await;
        let round = central.sync(&second.desk).await;
        assert!(round.set_aside >= 1, "{round:?}");
        let (reason, attempts): (String, i64) = sqlx::query_as(
            "SELECT reason, attempts FROM sync_set_aside WHERE direction = 'push' AND table_name = 'comptes'",
        )
        .fetch_one(second.pool())
        .await
        .expect("the refused account is set aside");
        assert!(reason.to_lowercase().contains("unique") || reason.contains("Duplicate"), "{reason}");
        // Tried once, and once more by the round's second sweep (rows went up in the first).
        assert!((1..=2).contains(&attempts), "{attempts}");
        let first_round = attempts;
        assert!(outbox_rows(second.pool()).await >= 1, "never dropped: still waiting");
        central.sync(&second.desk).await;
        let attempts: i64 = sqlx::query_scalar(
            "SELECT attempts FROM sync_set_aside WHERE direction = 'push' AND table_name = 'comptes'",
        )
        .fetch_one(second.pool())
        .await
        .expect("still set aside");
        assert!(attempts > first_round, "tried again at the next round: {attempts}");
        let accounts = central
            .count(&format!("SELECT COUNT(*) FROM comptes WHERE email = '{ADMIN_EMAIL}'"))
            .await;
        assert_eq!(accounts, 1);
    })
    .await;
}

#[tokio::test]
async fn a_suspended_account_and_a_setting_reach_a_desk_that_has_synced_since() {
    with_central(|central| async move {
        let counter = Counter::new().await;
        central.sync(&counter.desk.desk).await;
        let (desk_b, _) = second_desk(&central, &counter).await;
        counter
            .desk
            .ok(
                "accounts.suspend",
                json!({ "uid": counter.agent.uid }),
                Some(&counter.admin_token),
            )
            .await;
        // Settings travel, except those naming this machine's folders.
        let admin = Some(counter.admin_token.as_str());
        let config = json!({ "key": "auth.max_failed_logins", "value": "7" });
        counter.desk.ok("config.set", config, admin).await;
        let folder = counter.desk.dir.path().join("sauvegardes");
        std::fs::create_dir_all(&folder).expect("folder");
        let config = json!({ "key": "backup.folder", "value": folder.display().to_string() });
        counter.desk.ok("config.set", config, admin).await;
        central.sync(&counter.desk.desk).await;
        central.sync(&desk_b.desk).await;
        let limit: String = sqlx::query_scalar(
            "SELECT value FROM system_config WHERE `key` = 'auth.max_failed_logins'",
        )
        .fetch_one(desk_b.pool())
        .await
        .expect("the setting came down");
        assert_eq!(limit, "7");
        let folders = central
            .count("SELECT COUNT(*) FROM system_config WHERE `key` = 'backup.folder'")
            .await;
        assert_eq!(folders, 0, "a desk's backup folder stays on that desk");
        let refused = desk_b
            .login(&counter.agent.email, &counter.agent.password)
            .await
            .expect_err("suspended at head office");
        assert_eq!(billettigue_tests::desk::code(&refused), "account_disabled");
        // The administrator, untouched, still signs in there.
        desk_b
            .login(ADMIN_EMAIL, ADMIN_PASSWORD)
            .await
            .expect("admin");
    })
    .await;
}

#[tokio::test]
async fn a_cancelled_reservation_stays_cancelled_whatever_clock_a_later_write_carries() {
    with_central(|central| async move {
        let counter = Counter::new().await;
        let trajet = counter.publish("Dakar", "Kaolack", counter.tomorrow_at(10), 20).await;
        let reference = counter.sell(&trajet, &[1]).await;
        central.sync(&counter.desk.desk).await;
        counter
            .desk
            .ok(
                "reservations.cancel",
                json!({ "booking_reference": reference, "reason": "Voyage reporté" }),
                Some(&counter.agent_token),
            )
            .await;
        // Meanwhile the web platform writes the reservation back to confirmed, later by the
        // clock; the desk's cancellation has not gone up yet.
        let mut web = MySqlConnection::connect(&central.url).await.expect("connect");
        sqlx::query("UPDATE reservations SET status = 'confirmed', passenger_first_name = 'Awa' WHERE booking_reference = ?")
            .bind(&reference)
            .execute(&mut web)
            .await
            .expect("update");
        web.close().await.ok();
        central.sync(&counter.desk.desk).await;
        central.sync(&counter.desk.desk).await;
        let (status, name): (String, String) = sqlx::query_as(
            "SELECT status, passenger_first_name FROM reservations WHERE booking_reference = ?",
        )
        .bind(&reference)
        .fetch_one(&central.pool)
        .await
        .expect("reservation");
        assert_eq!(status, "cancelled", "a later lifecycle state wins over a later clock");
        assert_eq!(name, "Awa", "the other fields follow the later clock");
        let local: (String, String) = sqlx::query_as(
            "SELECT status, passenger_first_name FROM reservations WHERE booking_reference = ?",
        )
        .bind(&reference)
        .fetch_one(counter.desk.pool())
        .await
        .expect("reservation");
        assert_eq!(local, (status, name), "the desk converged");
    })
    .await;
}

#[tokio::test]
async fn a_desk_offline_with_thousands_of_changes_drains_its_backlog() {
    with_central(|central| async move {
        let counter = Counter::new().await;
        let trajets: Vec<String> = {
            let mut all = Vec::new();
            for day in 1..=10 {
                all.push(
                    counter
                        .publish("Dakar", "Touba", counter.day_at(day, 7), 50)
                        .await,
                );
            }
            all
        };
        for trajet in &trajets {
            for seat in (1..=40).step_by(2) {
                counter.sell(trajet, &[seat, seat + 1]).await;
            }
        }
        let waiting = outbox_rows(counter.desk.pool()).await;
        assert!(waiting >= 1_000, "{waiting} rows waiting");
        let options = RoundOptions {
            push_batch: 250,
            pull: PullOptions::default(),
        };
        let round = central
            .try_sync(&counter.desk.desk, &options)
            .await
            .expect("drain");
        assert_eq!(round.set_aside, 0, "{round:?}");
        assert_eq!(round.rows_waiting, 0, "{round:?}");
        assert!(round.batches as i64 >= waiting / 250, "{round:?}");
        assert_eq!(
            central.count("SELECT COUNT(*) FROM reservations").await,
            200
        );
        assert_eq!(
            central
                .count("SELECT COUNT(*) FROM reservation_seats WHERE active = 1")
                .await,
            400
        );
        for trajet in &trajets {
            assert_eq!(central_available(&central, trajet).await, 10);
        }
        let _ = text;
    })
    .await;
}

#[tokio::test]
async fn an_interrupted_first_download_shows_its_progress_and_resumes_where_it_stopped() {
    with_central(|central| async move {
        let counter = Counter::new().await;
        let trajet = counter
            .publish("Dakar", "Ziguinchor", counter.tomorrow_at(18), 50)
            .await;
        for seat in 1..=30 {
            counter.sell(&trajet, &[seat]).await;
        }
        central.sync(&counter.desk.desk).await;

        // A new desk downloads 20 change-log lines per page and is stopped after its first page,
        // as a closed window or a cut connection would stop it.
        let TestDesk { dir, desk, .. } = TestDesk::new().await;
        let options = RoundOptions {
            push_batch: 500,
            pull: PullOptions {
                page: 20,
                ..PullOptions::default()
            },
        };
        let (pages, mut progress) = tokio::sync::mpsc::unbounded_channel();
        let head_office = central.central.clone();
        let round = tokio::spawn(async move {
            let report = move |p: billettigue_core::sync::pull::Progress| {
                pages.send(p).ok();
            };
            billettigue_core::sync::run_round(&desk, &head_office, &options, &report).await
        });
        let first = progress.recv().await.expect("a first page");
        round.abort();
        let _ = round.await;
        assert!(first.done > 0 && first.done < first.total, "{first:?}");

        let desk = TestDesk::open_in(dir).await;
        let (high_water, done, target): (i64, i64, Option<i64>) = sqlx::query_as(
            "SELECT high_water, bootstrap_done, bootstrap_target FROM sync_pull_state",
        )
        .fetch_one(desk.pool())
        .await
        .expect("cursor");
        assert!(high_water >= first.done, "the pages read are kept");
        assert_eq!(done, 0, "not finished");
        assert_eq!(target, Some(first.total), "the same total when it resumes");
        central.sync(&desk.desk).await;
        let done: i64 = sqlx::query_scalar("SELECT bootstrap_done FROM sync_pull_state")
            .fetch_one(desk.pool())
            .await
            .expect("cursor");
        assert_eq!(done, 1);
        assert_eq!(
            seats_sold(desk.pool(), &trajet).await,
            central_seats_sold(&central, &trajet).await
        );
        assert_eq!(available(desk.pool(), &trajet).await, 20);
    })
    .await;
}

#[tokio::test]
async fn an_online_sale_claims_its_seats_at_head_office_and_offline_a_desk_sells_only_its_own() {
    with_central(|central| async move {
        let counter = Counter::new().await;
        let trajet = counter
            .publish("Dakar", "Saint-Louis", counter.tomorrow_at(7), 20)
            .await;
        central.sync(&counter.desk.desk).await;
        let (desk_b, token_b) = second_desk(&central, &counter).await;
        assert_eq!(
            central_held(&central, &trajet).await.len(),
            8,
            "a block of 4 for each desk"
        );
        let seat_map = desk_b
            .ok("sales.seat_map", json!({ "trajet_uid": &trajet }), Some(&token_b))
            .await;
        assert_eq!(seat_map["held_here"], json!([5, 6, 7, 8]));

        // Desk B reaches head office: a seat of A's block is refused there, a free seat is
        // claimed for B in the same step as the sale.
        let admin_b = connect_desk(&desk_b, &central.url).await;
        let sale = |seat: i64| json!({ "sale": { "trajet_uid": &trajet, "passengers": [passenger("Moussa", "Diop", &[seat])] } });
        let refused = desk_b.err("sales.sell", sale(2), Some(&token_b)).await;
        assert_eq!(code(&refused), "conflict", "{refused:?}");
        assert!(refused.message.contains("vient d'être prise"), "{refused:?}");
        desk_b.ok("sales.sell", sale(15), Some(&token_b)).await;
        let b_uid = desk_b.desk.desk_uid().to_owned();
        assert!(
            central_held(&central, &trajet)
                .await
                .contains(&(b_uid.clone(), 15)),
            "seat 15 is B's at head office before B even pushes"
        );

        // A, offline, cannot sell the seat B claimed nor any outside its block.
        let refused = counter
            .desk
            .err("sales.sell", sale(15), Some(&counter.agent_token))
            .await;
        assert!(refused.message.contains("pas attribuée"), "{refused:?}");
        counter.sell(&trajet, &[2]).await;

        central.sync(&desk_b.desk).await;
        central.sync(&counter.desk.desk).await;
        central.sync(&desk_b.desk).await;
        let seats: Vec<i64> = central_seats_sold(&central, &trajet)
            .await
            .into_iter()
            .map(|(_, seat)| seat)
            .collect();
        assert_eq!(seats, vec![2, 15]);
        assert_eq!(count(counter.desk.pool(), "sync_set_aside").await, 0);
        assert_eq!(count(desk_b.pool(), "sync_set_aside").await, 0);
        // An administrator sees both desks with their version and backlog.
        let nodes = desk_b
            .ok("sync.nodes", json!({}), Some(&admin_b))
            .await;
        let nodes = nodes.as_array().expect("nodes");
        assert_eq!(nodes.len(), 2, "{nodes:?}");
        for node in nodes {
            assert_eq!(node["backlog_rows"], json!(0), "{node}");
            assert!(node["app_version"].is_string(), "{node}");
        }
    })
    .await;
}

#[tokio::test]
async fn unsold_seats_go_back_at_the_cutoff_and_another_desk_can_then_sell_them() {
    with_central(|central| async move {
        let mut counter = Counter::new().await;
        let departure = counter.tomorrow_at(8);
        let trajet = counter.publish("Dakar", "Fatick", departure, 10).await;
        let block = json!({ "key": "sync.allotment_seats", "value": "6" });
        let admin = Some(counter.admin_token.as_str());
        counter.desk.ok("config.set", block, admin).await;
        central.sync(&counter.desk.desk).await;
        assert_eq!(held_here(counter.desk.pool(), &trajet).await, (1..=6).collect::<Vec<_>>());
        let (desk_b, token_b) = second_desk(&central, &counter).await;
        assert_eq!(held_here(desk_b.pool(), &trajet).await, vec![7, 8, 9, 10], "what is left");
        sell_at(&desk_b, &token_b, &trajet, &[7]).await;
        counter.sell(&trajet, &[1]).await;

        // Before the cutoff, seat 3 is A's: B cannot claim it even online.
        connect_desk(&desk_b, &central.url).await;
        let sale = json!({ "sale": { "trajet_uid": &trajet, "passengers": [passenger("Awa", "Fall", &[3])] } });
        let refused = desk_b.err("sales.sell", sale.clone(), Some(&token_b)).await;
        assert_eq!(code(&refused), "conflict");

        // An hour before departure (the default cutoff) A gives its unsold seats back.
        let to_cutoff = departure - chrono::Duration::minutes(60) - counter.desk.now();
        counter.advance(to_cutoff).await;
        desk_b.advance(to_cutoff);
        let round = central.sync(&counter.desk.desk).await;
        assert_eq!(round.seats_returned, 5, "{round:?}");
        assert_eq!(round.seats_granted, 0, "no new block past the cutoff: {round:?}");
        let a_uid = counter.desk.desk.desk_uid().to_owned();
        let held_by_a: Vec<i64> = central_held(&central, &trajet)
            .await
            .into_iter()
            .filter(|(desk, _)| *desk == a_uid)
            .map(|(_, seat)| seat)
            .collect();
        assert_eq!(held_by_a, vec![1], "A keeps only the seat it sold");

        let token_b = desk_b.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.expect("admin");
        open_till(&desk_b, &token_b).await;
        desk_b.ok("sales.sell", sale, Some(&token_b)).await;
        let lines = desk_b.ok("sync.allotments", json!({}), Some(&token_b)).await;
        assert_eq!(lines[0]["held"], json!(5), "7-10 and 3: {lines}");
        assert_eq!(lines[0]["sold"], json!(2), "{lines}");
        // B gives its unsold seats back by hand; they go up with the next round.
        let line = desk_b
            .ok("sync.give_back", json!({ "trajet_uid": &trajet }), Some(&token_b))
            .await;
        assert_eq!(line["held"], json!(2), "{line}");
        central.sync(&desk_b.desk).await;
        let held: Vec<i64> = central_held(&central, &trajet)
            .await
            .into_iter()
            .map(|(_, seat)| seat)
            .collect();
        assert_eq!(held, vec![1, 3, 7]);
    })
    .await;
}

#[tokio::test]
async fn another_program_cannot_sell_a_seat_a_desk_holds_but_may_sell_a_free_one() {
    with_central(|central| async move {
        let counter = Counter::new().await;
        let trajet = counter
            .publish("Dakar", "Kaffrine", counter.tomorrow_at(9), 40)
            .await;
        counter.sell(&trajet, &[1]).await;
        central.sync(&counter.desk.desk).await;
        assert_eq!(held_here(counter.desk.pool(), &trajet).await, vec![2, 3, 4, 5]);
        let (reservation_id, trajet_id): (i64, i64) = sqlx::query_as(
            "SELECT CAST(r.id AS SIGNED), CAST(r.trajet_id AS SIGNED) FROM reservations r \
             JOIN trajets t ON t.id = r.trajet_id WHERE t.uid = ?",
        )
        .bind(&trajet)
        .fetch_one(&central.pool)
        .await
        .expect("the sale at head office");
        // The web platform: a plain connection, no desk session variable.
        let mut web = MySqlConnection::connect(&central.url).await.expect("connect");
        let take = |seat: i64| {
            sqlx::query(
                "INSERT INTO reservation_seats (uid, reservation_id, trajet_id, seat_number, active, created_at, updated_at) \
                 VALUES (UUID(), ?, ?, ?, 1, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))",
            )
            .bind(reservation_id)
            .bind(trajet_id)
            .bind(seat)
        };
        let refused = take(2)
            .execute(&mut web)
            .await
            .expect_err("seat 2 is the desk's");
        assert!(refused.to_string().contains("seat held by a desk"), "{refused}");
        take(30).execute(&mut web).await.expect("seat 30 is free");
        web.close().await.ok();
        let seats: Vec<i64> = central_seats_sold(&central, &trajet)
            .await
            .into_iter()
            .map(|(_, seat)| seat)
            .collect();
        assert_eq!(seats, vec![1, 30]);
        // The desk's own sale of its seat still goes up.
        counter.sell(&trajet, &[2]).await;
        let round = central.sync(&counter.desk.desk).await;
        assert_eq!(round.set_aside, 0, "{round:?}");
        assert_eq!(central_seats_sold(&central, &trajet).await.len(), 3);
    })
    .await;
}

/// A new desk serving `agency` (head office's uid), chosen before its first round, which it then
/// runs; head office's administrator signs in there afterwards (their account came down).
async fn desk_serving(central: &TestCentral, agency: &str) -> (TestDesk, String) {
    let desk = TestDesk::new().await;
    billettigue_core::sync::scope::choose(&desk.desk, &central.central, Some(agency))
        .await
        .expect("the desk serves the agency");
    let round = central.sync(&desk.desk).await;
    assert_eq!(round.set_aside, 0, "{round:?}");
    let admin = desk
        .login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .expect("head office's administrator signs in");
    (desk, admin)
}

/// Departures a desk holds, by route.
async fn routes(pool: &sqlx::SqlitePool) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT departure_city || ' → ' || arrival_city FROM trajets ORDER BY departure_city, arrival_city",
    )
    .fetch_all(pool)
    .await
    .expect("trajets")
}

async fn violated_references(pool: &sqlx::SqlitePool) -> Vec<(String, i64, String)> {
    sqlx::query_as(r#"SELECT "table", rowid, parent FROM pragma_foreign_key_check"#)
        .fetch_all(pool)
        .await
        .expect("foreign key check")
}

#[tokio::test]
async fn a_desk_downloads_only_what_its_agency_needs_and_every_row_it_keeps_is_whole() {
    with_central(|central| async move {
        // Head office's network, written by the Dakar depot's desk: one carrier from Dakar to
        // Thiès and to Saint-Louis, a second carrier to Thiès, tickets and parcels.
        let depot = Depot::new().await;
        let c = &depot.c;
        let to_thies = c.publish("Dakar", "Thiès", c.tomorrow_at(8), 20).await;
        let to_saint_louis = c.publish("Dakar", "Saint-Louis", c.tomorrow_at(9), 20).await;
        let other = c
            .desk
            .create_transporteur(&c.admin_token, "bus@mouride-express.sn", "Mouride Express")
            .await;
        let other_token = c.desk.sign_in(&other.account).await;
        let template = json!({ "departure_city": "Dakar", "arrival_city": "Thiès", "price": PRICE, "seats_count": 20, "accepts_packages": false });
        let other_trajet = text(
            &c.desk
                .ok(
                    "trajets.create",
                    json!({ "template": template, "departure_time": c.tomorrow_at(10) }),
                    Some(&other_token),
                )
                .await,
            "uid",
        );
        c.sell(&to_thies, &[1, 2]).await;
        let customer = c
            .desk
            .ok(
                "customers.register",
                json!({ "first_name": "Ousmane", "last_name": "Diop", "phone": "77 555 44 33" }),
                Some(&c.agent_token),
            )
            .await;
        let customer_uid = text(&customer, "uid");
        c.sell_with(json!({ "trajet_uid": to_saint_louis, "passengers": [passenger("Ousmane", "Diop", &[1])],
                            "customer_uid": customer_uid }))
            .await;
        let (to_thies_parcel, _) = depot.paid_envoi("Thiès", &[2_000]).await;
        let (to_saint_louis_parcel, _) = depot.paid_envoi("Saint-Louis", &[3_000]).await;
        let round = central.sync(&c.desk.desk).await;
        assert_eq!(round.set_aside, 0, "{round:?}");

        // Two places at head office: an agency in Thiès, and the first carrier's own depot.
        sqlx::query(
            "INSERT INTO agences (name, city, created_at, updated_at) VALUES ('Gare routière de Thiès', 'Thiès', NOW(6), NOW(6))",
        )
        .execute(&central.pool)
        .await
        .expect("the Thiès agency");
        sqlx::query(
            "INSERT INTO agences (name, city, transporteur_id, created_at, updated_at) \
             SELECT 'Dépôt Ndiaga Ndiaye', 'Dakar', id, NOW(6), NOW(6) FROM transporteurs WHERE uid = ?",
        )
        .bind(depot.carrier_uid())
        .execute(&central.pool)
        .await
        .expect("the carrier's depot");
        let thies = central_agency_uid(&central, "Gare routière de Thiès").await;
        let carrier_depot = central_agency_uid(&central, "Dépôt Ndiaga Ndiaye").await;

        let (desk_thies, admin) = desk_serving(&central, &thies).await;
        // In the window, the administrator chooses among head office's agencies; an unknown
        // one is refused and changes nothing.
        let listed = desk_thies
            .ok("sync.central_agencies", json!({ "url": central.url }), Some(&admin))
            .await;
        assert!(
            listed.as_array().is_some_and(|a| a.iter().any(|x| x["uid"] == json!(thies) && x["city"] == "Thiès")),
            "{listed}"
        );
        let refused = desk_thies
            .call(
                "sync.configure",
                json!({ "url": central.url, "agency": "0190a000-0000-7000-8000-00000000dead" }),
                Some(&admin),
            )
            .await
            .expect_err("an agency head office does not know");
        assert_eq!(code(&refused), "validation");
        assert_eq!(refused.field.as_deref(), Some("agency"));
        desk_thies
            .ok("sync.configure", json!({ "url": central.url, "agency": thies }), Some(&admin))
            .await;
        let status = desk_thies.ok("sync.status", json!({}), Some(&admin)).await;
        assert_eq!(status["scope"]["label"], "Gare routière de Thiès (Thiès)", "{status}");
        assert_eq!(status["set_aside"], json!([]), "{status}");

        let pool = desk_thies.pool();
        // Departures to or from Thiès, whoever the carrier; not Dakar → Saint-Louis.
        assert_eq!(routes(pool).await, vec!["Dakar → Thiès", "Dakar → Thiès"]);
        assert_eq!(seats_sold(pool, &to_thies).await.len(), 2);
        assert_eq!(seats_sold(pool, &to_saint_louis).await.len(), 0);
        assert_eq!(count(pool, "reservations").await, 1, "only the Thiès ticket");
        assert_eq!(
            count(pool, &format!("comptes WHERE uid = '{customer_uid}'")).await,
            0,
            "the Saint-Louis passenger's account stays at head office"
        );
        assert_eq!(count(pool, &format!("envois WHERE tracking_code = '{to_thies_parcel}'")).await, 1);
        assert_eq!(count(pool, &format!("envois WHERE tracking_code = '{to_saint_louis_parcel}'")).await, 0);
        assert_eq!(
            count(pool, "paiements").await,
            2,
            "the Thiès ticket's and the Thiès parcel's payments"
        );
        // What they reference came down with them (the Dakar till, its clerk, the sender).
        assert_eq!(violated_references(pool).await, vec![]);
        assert_eq!(available(pool, &to_thies).await, central_available(&central, &to_thies).await);
        // Head office knows which agency the desk serves.
        let served: String = sqlx::query_scalar(
            "SELECT CAST(a.uid AS CHAR) FROM desk_nodes n JOIN agences a ON a.id = n.agence_id WHERE n.uid = ?",
        )
        .bind(desk_thies.desk.desk_uid())
        .fetch_one(&central.pool)
        .await
        .expect("the desk's agency at head office");
        assert_eq!(served, thies);

        // A departure it holds keeps receiving its changes, even once it no longer touches
        // Thiès; a new sale on a departure it never held does not come down.
        sqlx::query("UPDATE trajets SET arrival_city = 'Mbour', price = 3000.00 WHERE uid = ?")
            .bind(&to_thies)
            .execute(&central.pool)
            .await
            .expect("the route changes");
        c.sell(&to_saint_louis, &[2]).await;
        central.sync(&c.desk.desk).await;
        central.sync(&desk_thies.desk).await;
        let price: i64 = sqlx::query_scalar("SELECT price FROM trajets WHERE uid = ?")
            .bind(&to_thies)
            .fetch_one(pool)
            .await
            .expect("trajet");
        assert_eq!(price, 300_000);
        assert_eq!(count(pool, "reservations").await, 1);

        // The carrier's depot sees its carrier's departures only, both of them, and its
        // carrier's parcels.
        let (desk_depot, _) = desk_serving(&central, &carrier_depot).await;
        let pool = desk_depot.pool();
        assert_eq!(routes(pool).await, vec!["Dakar → Mbour", "Dakar → Saint-Louis"]);
        assert_eq!(count(pool, &format!("trajets WHERE uid = '{other_trajet}'")).await, 0);
        assert_eq!(count(pool, "envois").await, 2);
        assert_eq!(seats_sold(pool, &to_saint_louis).await.len(), 2);
        assert_eq!(violated_references(pool).await, vec![]);

        // Serving the whole network from now on reads the change log again: what the agency's
        // scope left at head office comes down.
        desk_thies
            .ok("sync.configure", json!({ "url": central.url }), Some(&admin))
            .await;
        let round = central.sync(&desk_thies.desk).await;
        assert_eq!(round.set_aside, 0, "{round:?}");
        let pool = desk_thies.pool();
        assert_eq!(routes(pool).await.len(), 3);
        assert_eq!(seats_sold(pool, &to_saint_louis).await, central_seats_sold(&central, &to_saint_louis).await);
        assert_eq!(count(pool, "envois").await, 2);
        assert_eq!(violated_references(pool).await, vec![]);
    })
    .await;
}

#[tokio::test]
async fn a_parcel_delivered_at_one_desk_stays_delivered_when_a_later_write_of_another_arrives() {
    with_central(|central| async move {
        // The Dakar depot takes a parcel in and sends it off to Thiès; every desk learns it.
        let depot = Depot::new().await;
        let c = &depot.c;
        let trajet = depot.publish_parcels("Thiès", c.tomorrow_at(8), None).await;
        let (code, delivery_code) = depot.paid_envoi("Thiès", &[2_000]).await;
        let agent = Some(c.agent_token.as_str());
        c.desk.ok("parcels.package", json!({ "code": code }), agent).await;
        c.desk
            .ok("parcels.load", json!({ "trajet_uid": trajet, "codes": [code] }), agent)
            .await;
        c.desk.ok("parcels.dispatch", json!({ "trajet_uid": trajet }), agent).await;
        central.sync(&c.desk.desk).await;
        let (arrival, clerk) = second_desk(&central, c).await;

        // At the arrival desk, offline, the recipient collects it. Meanwhile, at the depot, the
        // sender asks for a new delivery code: a later write of the same row, still in transit
        // there.
        let delivered = arrival
            .ok(
                "parcels.deliver",
                json!({ "code": code, "recipient_phone": RECIPIENT_PHONE, "delivery_code": delivery_code }),
                Some(&clerk),
            )
            .await;
        assert_eq!(delivered["status"], "delivered", "{delivered}");
        c.desk
            .ok(
                "parcels.new_delivery_code",
                json!({ "code": code, "sender_phone": SENDER_PHONE }),
                agent,
            )
            .await;

        // The delivery reaches head office first, the depot's later write second; then both
        // desks sync again. Delivered it stays, everywhere.
        central.sync(&arrival.desk).await;
        central.sync(&c.desk.desk).await;
        central.sync(&arrival.desk).await;
        let central_status: String =
            sqlx::query_scalar("SELECT status FROM envois WHERE tracking_code = ?")
                .bind(&code)
                .fetch_one(&central.pool)
                .await
                .expect("envoi at head office");
        assert_eq!(central_status, "delivered");
        assert_eq!(envoi_status(c.desk.pool(), &code).await, "delivered");
        assert_eq!(envoi_status(arrival.pool(), &code).await, "delivered");
        for desk in [&c.desk, &arrival] {
            assert_eq!(outbox_rows(desk.pool()).await, 0);
            assert_eq!(
                count(desk.pool(), "sync_set_aside").await,
                0,
                "nothing set aside"
            );
        }
    })
    .await;
}

async fn envoi_status(pool: &sqlx::SqlitePool, tracking_code: &str) -> String {
    sqlx::query_scalar("SELECT status FROM envois WHERE tracking_code = ?")
        .bind(tracking_code)
        .fetch_one(pool)
        .await
        .expect("envoi")
}

/// An agency's uid at head office, by name.
async fn central_agency_uid(central: &TestCentral, name: &str) -> String {
    sqlx::query_scalar("SELECT CAST(uid AS CHAR) FROM agences WHERE name = ?")
        .bind(name)
        .fetch_one(&central.pool)
        .await
        .expect("agency")
}
