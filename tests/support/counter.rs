//! A ticket counter on a fresh desk: an administrator, a carrier publishing departures and an
//! agent selling them, with helpers that go through the commands as the window does.

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use crate::desk::{text, Account, Carrier, TestDesk, ADMIN_EMAIL, ADMIN_PASSWORD};

pub struct Counter {
    pub desk: TestDesk,
    pub admin_token: String,
    pub carrier: Carrier,
    pub carrier_token: String,
    pub agent: Account,
    pub agent_token: String,
}

/// The price every [`Counter::publish`] departure has: 2 500 FCFA, in hundredths.
pub const PRICE: i64 = 250_000;

impl Counter {
    pub async fn new() -> Self {
        Self::on(TestDesk::new().await).await
    }

    /// The counter's people on an existing desk.
    pub async fn on(desk: TestDesk) -> Self {
        let admin_token = desk.setup_admin().await;
        let carrier = desk
            .create_transporteur(
                &admin_token,
                "depot@ndiaga-ndiaye.sn",
                "Ndiaga Ndiaye Transports",
            )
            .await;
        let carrier_token = desk.sign_in(&carrier.account).await;
        let agent = desk
            .create_agent(&admin_token, "guichet@billettigue.sn")
            .await;
        let agent_token = desk.sign_in(&agent).await;
        open_till(&desk, &agent_token).await;
        Self {
            desk,
            admin_token,
            carrier,
            carrier_token,
            agent,
            agent_token,
        }
    }

    /// Moves the clock on; everyone signs in again, as after a night (sessions expire).
    pub async fn advance(&mut self, by: Duration) {
        self.desk.advance(by);
        self.admin_token = self
            .desk
            .login(ADMIN_EMAIL, ADMIN_PASSWORD)
            .await
            .unwrap_or_else(|e| panic!("the administrator signs in again: {e:?}"));
        self.carrier_token = self.desk.sign_in(&self.carrier.account).await;
        self.agent_token = self.desk.sign_in(&self.agent).await;
    }

    /// Tomorrow (by the test clock) at `hour`:00 GMT.
    pub fn tomorrow_at(&self, hour: u32) -> DateTime<Utc> {
        self.day_at(1, hour)
    }

    /// `days` days from now (by the test clock) at `hour`:00 GMT.
    pub fn day_at(&self, days: i64, hour: u32) -> DateTime<Utc> {
        let day = (self.desk.now() + Duration::days(days)).date_naive();
        day.and_hms_opt(hour, 0, 0)
            .map(|t| t.and_utc())
            .unwrap_or_default()
    }

    /// Publishes a departure at [`PRICE`]; returns its uid.
    pub async fn publish(
        &self,
        from: &str,
        to: &str,
        departure: DateTime<Utc>,
        seats: i64,
    ) -> String {
        let template = json!({ "departure_city": from, "arrival_city": to, "price": PRICE, "seats_count": seats, "accepts_packages": false });
        let trajet = self
            .desk
            .ok(
                "trajets.create",
                json!({ "template": template, "departure_time": departure }),
                Some(&self.carrier_token),
            )
            .await;
        text(&trajet, "uid")
    }

    /// Sells `seats` of a departure to one passenger (non-refundable, exact cash); returns the
    /// booking reference.
    pub async fn sell(&self, trajet_uid: &str, seats: &[i64]) -> String {
        self.sell_with(json!({ "trajet_uid": trajet_uid, "passengers": [passenger("Aïssatou", "Ndiaye", seats)] }))
            .await
            .remove(0)
    }

    /// Sells `sale` (the `sale` argument of `sales.sell`); returns the references made.
    pub async fn sell_with(&self, sale: Value) -> Vec<String> {
        let receipt = self
            .desk
            .ok(
                "sales.sell",
                json!({ "sale": sale }),
                Some(&self.agent_token),
            )
            .await;
        references(&receipt["reservations"])
    }

    /// A trajet's `available_seats` as stored.
    pub async fn available_seats(&self, trajet_uid: &str) -> i64 {
        sqlx::query_scalar("SELECT available_seats FROM trajets WHERE uid = ?")
            .bind(trajet_uid)
            .fetch_one(self.desk.pool())
            .await
            .expect("trajet")
    }

    /// The reservation as the counter shows it.
    pub async fn reservation(&self, reference: &str) -> Value {
        self.desk
            .ok(
                "reservations.get",
                json!({ "booking_reference": reference }),
                Some(&self.agent_token),
            )
            .await
    }
}

/// One passenger of a sale.
pub fn passenger(first_name: &str, last_name: &str, seats: &[i64]) -> Value {
    json!({ "first_name": first_name, "last_name": last_name, "phone": "77 123 45 67", "seats": seats })
}

/// The booking references of a list of reservations.
pub fn references(reservations: &Value) -> Vec<String> {
    reservations
        .as_array()
        .map(|all| all.iter().map(|r| text(r, "booking_reference")).collect())
        .unwrap_or_default()
}

/// Live seats of a trajet counted from `reservation_seats`, beside its `available_seats`:
/// the invariant every sale, cancellation and change keeps.
pub async fn seats_accounted(pool: &sqlx::SqlitePool, trajet_uid: &str) -> (i64, i64, i64) {
    sqlx::query_as(
        "SELECT t.seats_count, t.available_seats, \
         (SELECT count(*) FROM reservation_seats s WHERE s.trajet_id = t.id AND s.active = 1) \
         FROM trajets t WHERE t.uid = ?",
    )
    .bind(trajet_uid)
    .fetch_one(pool)
    .await
    .expect("trajet")
}

/// The float every clerk's till opens with in the tests: 10 000 FCFA, in hundredths.
pub const FLOAT: i64 = 1_000_000;

/// Opens the till of the clerk signed in with `token` (cash sales need one open).
pub async fn open_till(desk: &TestDesk, token: &str) {
    desk.ok("till.open", json!({ "opening_float": FLOAT }), Some(token))
        .await;
}
