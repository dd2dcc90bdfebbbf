//! Crash safety, proven: `billettigue-cli batch` selling a stream of tickets is killed with
//! SIGKILL at random instants, many times over, on one desk file. After every kill the file
//! passes `integrity_check` and `foreign_key_check`, every sale acknowledged before the kill is
//! there whole (reservations, seats, payment, allocation, audit row), and no sale is there in part.
//!
//! `BILLETTIGUE_KILL_CYCLES` sets how many kills (default 25); `BILLETTIGUE_KILL_SEED` replays a
//! run's sales and kill delays (printed at the start). The machine's timing still varies, so a
//! replay kills at the same delays, not necessarily inside the same SQL statement.
//!
//! The binary is `target/debug/billettigue-cli`; build it first with `cargo build -p billettigue-cli`.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use billettigue_core::clock::{Clock, ManualClock};
use billettigue_core::commands::dispatch;
use billettigue_core::{Desk, Locale};
use billettigue_tests::binaries::debug_binary;
use billettigue_tests::counter::{passenger, Counter, PRICE};
use billettigue_tests::crash::{run_and_kill, seed_from_env, KillAt, KilledRun, SeededRng};
use billettigue_tests::desk::{open_desk, text, TestDesk};
use serde_json::{json, Value};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::SqlitePool;

const DEFAULT_CYCLES: usize = 25;
/// Commands written ahead of the replies: the process always has the next sale waiting, so a
/// kill lands inside a sale rather than between two, and the stream stays short.
const WINDOW: usize = 2;
/// Most seats a trajet has (the schema's limit).
const SEATS_PER_TRAJET: i64 = 50;
/// Free seats wanted before each run: more than the longest run sells (a debug build sold
/// about 120 sales of 4 seats on average in 400 ms on a 2-core machine), so the stream never
/// runs dry before the kill.
const FREE_SEATS_WANTED: usize = 1200;
const PHONE: &str = "77 123 45 67";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sales_acknowledged_before_a_sigkill_are_all_there_whole_and_no_sale_is_ever_half_written()
{
    let started = Instant::now();
    let cycles = std::env::var("BILLETTIGUE_KILL_CYCLES")
        .ok()
        .and_then(|raw| raw.trim().parse().ok())
        .unwrap_or(DEFAULT_CYCLES);
    let seed = seed_from_env("BILLETTIGUE_KILL_SEED");
    eprintln!("crash_safety: {cycles} kills, seed {seed} (replay: BILLETTIGUE_KILL_SEED={seed})");
    let mut rng = SeededRng::new(seed);
    let binary = debug_binary("billettigue-cli");
    let mut desk = StreamDesk::set_up().await;

    let mut ledger: Vec<SentSale> = Vec::new();
    let mut stats = Stats::default();
    let (mut book, _) = desk.inspect(&ledger).await;
    for cycle in 0..cycles {
        if book.free_seats() < FREE_SEATS_WANTED {
            desk.publish_more(book.free_seats()).await;
            (book, _) = desk.inspect(&ledger).await;
        }
        let kill_at = if rng.one_in(5) {
            // A debug build starts in about 50 ms here: some of these land while it opens the
            // file and replays the last crash's write-ahead log.
            KillAt::AfterStart(Duration::from_millis(rng.between(0, 80)))
        } else {
            KillAt::AfterFirstReply(Duration::from_millis(rng.between(0, 400)))
        };
        let mut stream = SaleStream::new(&mut rng, cycle, &desk, book);
        let run = tokio::task::block_in_place(|| {
            run_and_kill(
                &binary,
                &desk.db(),
                &desk.secret_store(),
                &desk.dir.path().join(format!("cycle-{cycle}.stderr")),
                WINDOW,
                kill_at,
                &mut || stream.next_command(),
            )
        });
        let sent = stream.into_sales(&run);
        stats.count(&run, &sent);
        ledger.extend(sent);
        let in_flight_committed;
        (book, in_flight_committed) = desk.inspect(&ledger).await;
        // The count covers every kill so far; this kill's sale in flight is the difference.
        let committed_in_flight = in_flight_committed - stats.in_flight_committed;
        stats.in_flight_committed = in_flight_committed;
        if run
            .torn_reply
            .as_deref()
            .is_some_and(|torn| torn.starts_with(r#"{"ok""#))
        {
            assert_eq!(
                committed_in_flight, 1,
                "a sale whose receipt was being printed is in the file"
            );
        }
        eprintln!(
            "cycle {cycle}: {kill_at:?}: {} sent, {} answered{}, sale in flight committed: {}",
            run.sent,
            run.replies.len(),
            if run.torn_reply.is_some() {
                " (+1 torn)"
            } else {
                ""
            },
            committed_in_flight == 1,
        );
    }

    desk.sells_again_after_the_last_crash(&book).await;
    eprintln!(
        "crash_safety: {cycles} kills ({} mid-stream, {} before any reply), {} sales sent, {} acknowledged, \
         {} refused as expected, {} committed in flight without acknowledgement, {} torn replies, {:?}",
        stats.kills_mid_stream,
        stats.kills_before_any_reply,
        stats.sent,
        stats.acknowledged,
        stats.refused,
        stats.in_flight_committed,
        stats.torn_replies,
        started.elapsed(),
    );
    assert!(stats.acknowledged > 0, "no sale was ever acknowledged");
    assert!(
        stats.kills_mid_stream > 0,
        "no kill landed while sales were waiting: the test proved nothing"
    );
}

/// The desk file the processes share, and what the test needs to drive it.
struct StreamDesk {
    dir: tempfile::TempDir,
    clock: Arc<ManualClock>,
    carrier_token: String,
    agent_token: String,
    /// Outbound trajet uid → its return trajet uid.
    pairs: Vec<(String, String)>,
}

impl StreamDesk {
    /// An administrator, a carrier and an agent whose till is open, set up in-process on the
    /// real clock's time (the child process sells on the system clock), then closed so that
    /// the child processes own the file.
    async fn set_up() -> Self {
        let test_desk = TestDesk::new().await;
        set_to_real_time(&test_desk.clock);
        let counter = Counter::on(test_desk).await;
        let Counter {
            desk: TestDesk { dir, desk, clock },
            carrier_token,
            agent_token,
            ..
        } = counter;
        desk.close().await;
        Self {
            dir,
            clock,
            carrier_token,
            agent_token,
            pairs: Vec::new(),
        }
    }

    fn db(&self) -> std::path::PathBuf {
        self.dir.path().join("desk.db")
    }

    fn secret_store(&self) -> String {
        format!("file:{}", self.dir.path().join("secrets.json").display())
    }

    /// The desk reopened in this process, as the window reopens it after a crash.
    async fn reopen(&self) -> Desk {
        set_to_real_time(&self.clock);
        open_desk(self.dir.path(), self.clock.clone()).await
    }

    /// Publishes Dakar → Thiès departures with a Thiès → Dakar return the next day until the
    /// desk has [`FREE_SEATS_WANTED`] free seats again.
    async fn publish_more(&mut self, free_seats: usize) {
        let desk = self.reopen().await;
        let per_pair = usize::try_from(2 * SEATS_PER_TRAJET).unwrap_or(100);
        let pairs = FREE_SEATS_WANTED
            .saturating_sub(free_seats)
            .div_ceil(per_pair);
        for _ in 0..pairs {
            let k = i64::try_from(self.pairs.len()).unwrap_or(0);
            let day = (self.clock.now() + chrono::Duration::days(2 + k / 6)).date_naive();
            let at = |hour| day.and_hms_opt(hour, 0, 0).map(|t| t.and_utc());
            let hour = 6 + u32::try_from(k % 6).unwrap_or(0) * 2;
            let going = at(hour).expect("a departure time");
            let back = going + chrono::Duration::days(1);
            let outbound = self.publish(&desk, "Dakar", "Thiès", going).await;
            let inbound = self.publish(&desk, "Thiès", "Dakar", back).await;
            self.pairs.push((outbound, inbound));
        }
        desk.close().await;
        eprintln!("published {pairs} more pairs of departures");
    }

    async fn publish(
        &self,
        desk: &Desk,
        from: &str,
        to: &str,
        departure: chrono::DateTime<chrono::Utc>,
    ) -> String {
        let template = json!({ "departure_city": from, "arrival_city": to, "price": PRICE,
            "seats_count": SEATS_PER_TRAJET, "accepts_packages": false });
        let args = json!({ "template": template, "departure_time": departure });
        let trajet = dispatch(
            desk,
            "trajets.create",
            args,
            Some(&self.carrier_token),
            Locale::Fr,
        )
        .await
        .unwrap_or_else(|e| panic!("publish {from} → {to}: {e:?}"));
        text(&trajet, "uid")
    }

    /// Opens the file as any program would after the crash and checks it whole; returns the
    /// seats free and sold for the next stream, and how many sales in flight at a kill were
    /// found committed.
    async fn inspect(&self, ledger: &[SentSale]) -> (SeatBook, usize) {
        let options = SqliteConnectOptions::new().filename(self.db());
        let pool = SqlitePool::connect_with(options)
            .await
            .expect("the desk file opens after the kill");
        check_the_file_is_whole(&pool).await;
        let in_flight_committed = check_every_sale_is_all_or_nothing(&pool, ledger).await;
        check_seat_counts(&pool).await;
        let book = SeatBook::read(&pool).await;
        pool.close().await;
        (book, in_flight_committed)
    }

    /// After the last kill the desk opens in-process (migrations, keys) and sells again.
    async fn sells_again_after_the_last_crash(&self, book: &SeatBook) {
        let desk = self.reopen().await;
        let (trajet, seat) = book
            .free
            .iter()
            .find_map(|(uid, free)| free.first().map(|seat| (uid.clone(), *seat)))
            .expect("a free seat is left");
        let sale = json!({ "sale": { "trajet_uid": trajet, "passengers": [passenger("Après", "Panne", &[seat])] } });
        let sold = dispatch(
            &desk,
            "sales.sell",
            sale,
            Some(&self.agent_token),
            Locale::Fr,
        )
        .await;
        assert!(sold.is_ok(), "the desk sells after the crash: {sold:?}");
        desk.close().await;
    }
}

/// The child sells on the system clock; the in-process desk must agree with it.
fn set_to_real_time(clock: &ManualClock) {
    clock.advance(chrono::Utc::now() - clock.now());
}

/// One leg of one passenger of a sale: one reservation once the sale commits.
#[derive(Debug, Clone)]
struct PlannedLeg {
    first_name: String,
    trajet_uid: String,
    seats: Vec<i64>,
    /// For a return leg: the index (in the sale's legs) of the same passenger's outbound leg.
    return_of: Option<usize>,
}

/// What became of a sale the test wrote to the process.
#[derive(Debug, Clone, PartialEq)]
enum Fate {
    /// Its `ok` line came back: these booking references must survive any later crash.
    Acknowledged(Vec<String>),
    /// Refused as planned (a seat already sold): nothing of it may be in the file.
    Refused,
    /// The command the process was on when it died: in the file whole, or not at all.
    InFlight,
    /// Written but never reached: not in the file.
    Unread,
}

#[derive(Debug, Clone)]
struct SentSale {
    /// Every passenger's last name: finds the sale's reservations in the file.
    tag: String,
    legs: Vec<PlannedLeg>,
    /// Asks for a seat already sold, so the whole sale must be refused.
    doomed: bool,
    fate: Fate,
}

/// Seats of every trajet as the file has them after a kill.
struct SeatBook {
    free: HashMap<String, Vec<i64>>,
    sold: HashMap<String, Vec<i64>>,
}

impl SeatBook {
    async fn read(pool: &SqlitePool) -> Self {
        let trajets: Vec<(String, i64)> = sqlx::query_as("SELECT uid, seats_count FROM trajets")
            .fetch_all(pool)
            .await
            .expect("read trajets");
        let active: Vec<(String, i64)> = sqlx::query_as(
            "SELECT t.uid, s.seat_number FROM reservation_seats s JOIN trajets t ON t.id = s.trajet_id WHERE s.active = 1",
        )
        .fetch_all(pool)
        .await
        .expect("read seats");
        let mut sold: HashMap<String, Vec<i64>> = HashMap::new();
        for (uid, seat) in active {
            sold.entry(uid).or_default().push(seat);
        }
        let free = trajets
            .into_iter()
            .map(|(uid, count)| {
                let taken = sold.get(&uid).cloned().unwrap_or_default();
                let free = (1..=count).filter(|seat| !taken.contains(seat)).collect();
                (uid, free)
            })
            .collect();
        Self { free, sold }
    }

    fn free_seats(&self) -> usize {
        self.free.values().map(Vec::len).sum()
    }
}

/// The sales of one run, made up as the process asks for them: one to three passengers of one
/// or two seats, a return on the paired trajet one time in three, the refundable option at
/// random, and one time in eight a sale with a seat already sold, which must be refused whole.
struct SaleStream<'a> {
    rng: &'a mut SeededRng,
    cycle: usize,
    token: String,
    pairs: Vec<(String, String)>,
    book: SeatBook,
    sent: Vec<SentSale>,
}

impl<'a> SaleStream<'a> {
    fn new(rng: &'a mut SeededRng, cycle: usize, desk: &StreamDesk, book: SeatBook) -> Self {
        Self {
            rng,
            cycle,
            token: desk.agent_token.clone(),
            pairs: desk.pairs.clone(),
            book,
            sent: Vec::new(),
        }
    }

    fn free(&self, uid: &str) -> usize {
        self.book.free.get(uid).map_or(0, Vec::len)
    }

    /// A free seat of `uid`, taken out of the book (it may come back after the run, if the
    /// sale that asked for it did not commit).
    fn take_free(&mut self, uid: &str) -> i64 {
        let free = self.book.free.entry(uid.to_owned()).or_default();
        free.swap_remove(self.rng.index(free.len()))
    }

    /// A random departure with `need` free seats, and with `with_return` its paired return
    /// with as many. One-way sales go either way, so that both directions fill up.
    fn pick_trip(&mut self, need: usize, with_return: bool) -> Option<(String, Option<String>)> {
        let fitting: Vec<(String, Option<String>)> = if with_return {
            self.pairs
                .iter()
                .filter(|(out, back)| self.free(out) >= need && self.free(back) >= need)
                .map(|(out, back)| (out.clone(), Some(back.clone())))
                .collect()
        } else {
            self.pairs
                .iter()
                .flat_map(|(out, back)| [out, back])
                .filter(|uid| self.free(uid) >= need)
                .map(|uid| (uid.clone(), None))
                .collect()
        };
        (!fitting.is_empty()).then(|| fitting[self.rng.index(fitting.len())].clone())
    }

    /// The next `sales.sell` command, or `None` once the seats run out.
    fn next_command(&mut self) -> Option<Value> {
        let mut seats_each: Vec<usize> = (0..self.rng.between(1, 3))
            .map(|_| usize::try_from(self.rng.between(1, 2)).unwrap_or(1))
            .collect();
        let need: usize = seats_each.iter().sum();
        let with_return = self.rng.one_in(3);
        let (outbound, inbound) = match self.pick_trip(need, with_return) {
            Some(trip) => trip,
            None => {
                seats_each = vec![1];
                self.pick_trip(1, false)?
            }
        };
        let already_sold = self.book.sold.get(&outbound).cloned().unwrap_or_default();
        let doomed = seats_each.len() > 1 && !already_sold.is_empty() && self.rng.one_in(8);
        let tag = format!("Vente c{}-{}", self.cycle, self.sent.len());
        let mut passengers = Vec::new();
        let mut legs = Vec::new();
        for (index, count) in seats_each.iter().enumerate() {
            let first_name = format!("Passager {}", index + 1);
            let mut seats: Vec<i64> = Vec::new();
            if doomed && index + 1 == seats_each.len() {
                seats.push(already_sold[self.rng.index(already_sold.len())]);
            }
            while seats.len() < *count {
                seats.push(self.take_free(&outbound));
            }
            let return_seats: Vec<i64> = match &inbound {
                Some(back) => (0..*count).map(|_| self.take_free(back)).collect(),
                None => Vec::new(),
            };
            passengers.push(
                json!({ "first_name": first_name, "last_name": tag, "phone": PHONE,
                "seats": seats.clone(), "return_seats": return_seats.clone() }),
            );
            legs.push(PlannedLeg {
                first_name: first_name.clone(),
                trajet_uid: outbound.clone(),
                seats: sorted(seats),
                return_of: None,
            });
            if let Some(back) = &inbound {
                legs.push(PlannedLeg {
                    first_name,
                    trajet_uid: back.clone(),
                    seats: sorted(return_seats),
                    return_of: Some(legs.len() - 1),
                });
            }
        }
        let mut sale = json!({ "trajet_uid": outbound, "passengers": passengers,
            "refundable": self.rng.one_in(2) });
        if let Some(back) = &inbound {
            sale["return_trajet_uid"] = json!(back);
        }
        if !doomed {
            // Sold once the process gets to it: a later doomed sale may ask for these again.
            for leg in &legs {
                let sold = self.book.sold.entry(leg.trajet_uid.clone()).or_default();
                sold.extend(&leg.seats);
            }
        }
        self.sent.push(SentSale {
            tag,
            legs,
            doomed,
            fate: Fate::Unread,
        });
        Some(json!({ "command": "sales.sell", "args": { "sale": sale }, "token": self.token }))
    }

    /// The sales written, each with its fate read from the replies.
    fn into_sales(self, run: &KilledRun) -> Vec<SentSale> {
        let answered = run.replies.len();
        let mut sales = self.sent;
        assert!(sales.len() >= run.sent && run.sent >= answered);
        sales.truncate(run.sent);
        for (index, sale) in sales.iter_mut().enumerate() {
            sale.fate = match run.replies.get(index) {
                Some(reply) => fate_of(sale, reply),
                None if index == answered => Fate::InFlight,
                None => Fate::Unread,
            };
        }
        sales
    }
}

/// Reads one reply: a planned sale must be acknowledged with its seats, a doomed one refused.
fn fate_of(sale: &SentSale, reply: &Value) -> Fate {
    if let Some(receipt) = reply.get("ok") {
        assert!(
            !sale.doomed,
            "{} sold a seat already sold: {reply}",
            sale.tag
        );
        let reservations = receipt["reservations"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(reservations.len(), sale.legs.len(), "{}: {reply}", sale.tag);
        for (reservation, leg) in reservations.iter().zip(&sale.legs) {
            assert_eq!(reservation["passenger_first_name"], json!(leg.first_name));
            assert_eq!(reservation["trajet"]["uid"], json!(leg.trajet_uid));
            assert_eq!(reservation["seats"], json!(leg.seats), "{}", sale.tag);
        }
        return Fate::Acknowledged(
            reservations
                .iter()
                .map(|r| text(r, "booking_reference"))
                .collect(),
        );
    }
    assert!(
        sale.doomed && reply["error"]["code"] == json!("conflict"),
        "{} should have sold, got {reply}",
        sale.tag
    );
    Fate::Refused
}

fn sorted(mut seats: Vec<i64>) -> Vec<i64> {
    seats.sort_unstable();
    seats
}

/// `integrity_check` says "ok" and no foreign key points nowhere.
async fn check_the_file_is_whole(pool: &SqlitePool) {
    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(pool)
        .await
        .expect("integrity_check");
    assert_eq!(integrity, ["ok"], "the file is damaged");
    let broken: Vec<(String, Option<i64>, String, i64)> =
        sqlx::query_as("PRAGMA foreign_key_check")
            .fetch_all(pool)
            .await
            .expect("foreign_key_check");
    assert!(broken.is_empty(), "foreign keys point nowhere: {broken:?}");
}

/// One reservation row with what hangs from it.
#[derive(Debug)]
struct StoredReservation {
    id: i64,
    reference: String,
    first_name: String,
    trajet_uid: String,
    status: String,
    seats_reserved: i64,
    total_amount: i64,
    return_of: Option<i64>,
    seats: Vec<i64>,
    payments: Vec<Payment>,
}

/// A payment: amount, status, method, allocations matching it, `success` log lines.
type Payment = (i64, String, String, i64, i64);

/// Every sale in the file is one the test sent and the desk did not refuse, with every
/// reservation, seat, payment, allocation and its one audit row; every acknowledged sale is in
/// the file. Returns how many sales in flight at a kill were found committed (at most one per
/// kill: the process answers each sale before it reads the next).
async fn check_every_sale_is_all_or_nothing(pool: &SqlitePool, ledger: &[SentSale]) -> usize {
    let mut sales = stored_sales(pool).await;
    let audits = sale_audit_rows(pool).await;
    let orphans: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM reservation_seats s LEFT JOIN reservations r ON r.id = s.reservation_id WHERE r.id IS NULL) \
         + (SELECT COUNT(*) FROM payment_allocations a LEFT JOIN paiements p ON p.id = a.paiement_id \
            WHERE p.id IS NULL OR p.reservation_id IS NOT a.reservation_id)",
    )
    .fetch_one(pool)
    .await
    .expect("count orphans");
    assert_eq!(orphans, 0, "seats or allocations without their sale");
    let sales_in_file = sales.len();

    let mut in_flight_committed = 0;
    for sale in ledger {
        let Some(stored) = sales.remove(&sale.tag) else {
            assert!(
                !matches!(sale.fate, Fate::Acknowledged(_)),
                "{} was acknowledged, then lost in a crash",
                sale.tag
            );
            continue;
        };
        match &sale.fate {
            Fate::Acknowledged(_) => {}
            Fate::InFlight => in_flight_committed += 1,
            fate => panic!("{} is in the file but was {fate:?}", sale.tag),
        }
        check_sale_is_whole(sale, &stored, &audits);
    }
    let strangers: Vec<&String> = sales.keys().collect();
    assert!(
        strangers.is_empty(),
        "reservations of no sale: {strangers:?}"
    );
    // Each sale found its own row above; any other row is the audit of a sale not in the file.
    let audit_rows: usize = audits.values().sum();
    assert_eq!(
        audit_rows, sales_in_file,
        "sale audit rows beside {sales_in_file} sales in the file"
    );
    in_flight_committed
}

fn check_sale_is_whole(
    sale: &SentSale,
    stored: &[StoredReservation],
    audits: &HashMap<Vec<String>, usize>,
) {
    let tag = &sale.tag;
    assert_eq!(
        stored.len(),
        sale.legs.len(),
        "{tag}: a part of the sale: {stored:?}"
    );
    let mut ids = Vec::new();
    for leg in &sale.legs {
        let row = stored
            .iter()
            .find(|r| r.first_name == leg.first_name && r.trajet_uid == leg.trajet_uid)
            .unwrap_or_else(|| panic!("{tag}: no reservation for {leg:?}: {stored:?}"));
        assert_eq!(row.seats, leg.seats, "{tag}: seats of {row:?}");
        assert_eq!(
            row.seats_reserved,
            i64::try_from(leg.seats.len()).unwrap_or(0)
        );
        assert_eq!(row.status, "confirmed", "{tag}: {row:?}");
        let paid: Payment = (row.total_amount, "completed".into(), "cash".into(), 1, 1);
        assert_eq!(row.payments, [paid], "{tag}: payment of {row:?}");
        assert_eq!(
            row.return_of,
            leg.return_of.map(|i| ids[i]),
            "{tag}: {row:?}"
        );
        ids.push(row.id);
    }
    let references = sorted_refs(stored.iter().map(|r| r.reference.clone()));
    if let Fate::Acknowledged(acknowledged) = &sale.fate {
        assert_eq!(
            sorted_refs(acknowledged.iter().cloned()),
            references,
            "{tag}"
        );
    }
    let logged = audits.get(&references).copied().unwrap_or(0);
    assert_eq!(logged, 1, "{tag}: one audit row naming {references:?}");
}

fn sorted_refs(references: impl Iterator<Item = String>) -> Vec<String> {
    let mut all: Vec<String> = references.map(|r| r.to_uppercase()).collect();
    all.sort();
    all
}

/// Reservations grouped by sale (the passengers' last name), with seats and payments.
async fn stored_sales(pool: &SqlitePool) -> HashMap<String, Vec<StoredReservation>> {
    type Row = (
        i64,
        String,
        String,
        String,
        String,
        String,
        i64,
        i64,
        Option<i64>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.id, r.booking_reference, r.passenger_first_name, r.passenger_last_name, t.uid, r.status, \
         r.seats_reserved, r.total_amount, r.return_of_reservation_id \
         FROM reservations r JOIN trajets t ON t.id = r.trajet_id",
    )
    .fetch_all(pool)
    .await
    .expect("read reservations");
    let seat_rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT reservation_id, seat_number FROM reservation_seats WHERE active = 1 ORDER BY seat_number",
    )
    .fetch_all(pool)
    .await
    .expect("read seats");
    let payment_rows: Vec<(i64, i64, String, String, i64, i64)> = sqlx::query_as(
        "SELECT p.reservation_id, p.amount, p.status, p.method, \
         (SELECT COUNT(*) FROM payment_allocations a WHERE a.paiement_id = p.id AND a.reservation_id = p.reservation_id AND a.amount = p.amount), \
         (SELECT COUNT(*) FROM payment_logs l WHERE l.paiement_id = p.id AND l.event = 'success') \
         FROM paiements p WHERE p.reservation_id IS NOT NULL",
    )
    .fetch_all(pool)
    .await
    .expect("read payments");
    let ids: HashSet<i64> = rows.iter().map(|row| row.0).collect();
    let mut seats: HashMap<i64, Vec<i64>> = HashMap::new();
    for (reservation_id, seat) in seat_rows {
        seats.entry(reservation_id).or_default().push(seat);
    }
    let mut payments: HashMap<i64, Vec<Payment>> = HashMap::new();
    for (reservation_id, amount, status, method, allocations, logged) in payment_rows {
        assert!(ids.contains(&reservation_id), "a payment of no reservation");
        let payment = (amount, status, method, allocations, logged);
        payments.entry(reservation_id).or_default().push(payment);
    }
    let mut sales: HashMap<String, Vec<StoredReservation>> = HashMap::new();
    for (
        id,
        reference,
        first_name,
        tag,
        trajet_uid,
        status,
        seats_reserved,
        total_amount,
        return_of,
    ) in rows
    {
        sales.entry(tag).or_default().push(StoredReservation {
            id,
            reference,
            first_name,
            trajet_uid,
            status,
            seats_reserved,
            total_amount,
            return_of,
            seats: seats.remove(&id).unwrap_or_default(),
            payments: payments.remove(&id).unwrap_or_default(),
        });
    }
    sales
}

/// How many `sale` audit rows name each set of booking references (sorted).
async fn sale_audit_rows(pool: &SqlitePool) -> HashMap<Vec<String>, usize> {
    let details: Vec<String> =
        sqlx::query_scalar("SELECT details FROM admin_logs WHERE action = 'sale'")
            .fetch_all(pool)
            .await
            .expect("read the audit log");
    let mut rows = HashMap::new();
    for raw in details {
        let details: Value = serde_json::from_str(&raw).expect("audit details are JSON");
        let references = details["references"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let references = sorted_refs(
            references
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned),
        );
        *rows.entry(references).or_default() += 1;
    }
    rows
}

/// No seat is sold twice, and each trajet's `available_seats` is its seats minus the seats
/// live reservations hold.
async fn check_seat_counts(pool: &SqlitePool) {
    let twice: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT 1 FROM reservation_seats WHERE active = 1 \
         GROUP BY trajet_id, seat_number HAVING COUNT(*) > 1)",
    )
    .fetch_one(pool)
    .await
    .expect("count seats sold twice");
    assert_eq!(twice, 0, "a seat is sold twice");
    let trajets: Vec<(String, i64, i64, i64)> = sqlx::query_as(
        "SELECT t.uid, t.seats_count, t.available_seats, \
         (SELECT COUNT(*) FROM reservation_seats s WHERE s.trajet_id = t.id AND s.active = 1) FROM trajets t",
    )
    .fetch_all(pool)
    .await
    .expect("read seat counts");
    for (uid, seats_count, available, held) in trajets {
        assert!(
            held <= seats_count,
            "{uid}: {held} seats held of {seats_count}"
        );
        assert_eq!(
            seats_count - available,
            held,
            "{uid}: available_seats {available} of {seats_count} with {held} held"
        );
    }
}

#[derive(Debug, Default)]
struct Stats {
    sent: usize,
    acknowledged: usize,
    refused: usize,
    torn_replies: usize,
    in_flight_committed: usize,
    /// Kills that found the process with sales written and not yet answered.
    kills_mid_stream: usize,
    kills_before_any_reply: usize,
}

impl Stats {
    fn count(&mut self, run: &KilledRun, sales: &[SentSale]) {
        self.sent += sales.len();
        self.acknowledged += sales
            .iter()
            .filter(|s| matches!(s.fate, Fate::Acknowledged(_)))
            .count();
        self.refused += sales.iter().filter(|s| s.fate == Fate::Refused).count();
        self.torn_replies += usize::from(run.torn_reply.is_some());
        self.kills_before_any_reply += usize::from(run.replies.is_empty());
        self.kills_mid_stream +=
            usize::from(!run.replies.is_empty() && run.sent > run.replies.len());
    }
}
