//! Trajets: carriers publish, edit, suspend, cancel and complete their departures, one at a time
//! or as a recurring schedule. A transporteur sees and changes only its own; an administrator
//! names the carrier.

mod schedule;
mod status;
pub mod zones;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::audit;
use crate::auth::{Role, Session};
use crate::desk::Desk;
use crate::domain::{Money, Text};
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;

pub use schedule::{schedule, ScheduleArgs, ScheduleResult};
pub use status::TrajetStatus;

pub const CITY_MAX: usize = 100;
pub const POINT_MAX: usize = 200;
/// Heaviest parcel limit a trajet may set: 10 tonnes, in grams.
pub const PACKAGE_WEIGHT_MAX_G: i64 = 10_000_000;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Trajet {
    pub uid: String,
    pub transporteur_uid: String,
    pub company_name: Option<String>,
    pub departure_city: String,
    pub arrival_city: String,
    pub departure_time: DateTime<Utc>,
    pub price: Money,
    pub seats_count: i64,
    pub available_seats: i64,
    pub status: TrajetStatus,
    pub accepts_packages: bool,
    pub max_package_weight_g: Option<i64>,
    pub departure_point: Option<String>,
    pub arrival_point: Option<String>,
}

/// What a departure is: everything but its time, shared by one trajet and a schedule.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TrajetTemplate {
    /// The carrier, named by an administrator; a transporteur's own is implied.
    #[serde(default)]
    pub transporteur_uid: Option<String>,
    pub departure_city: String,
    pub arrival_city: String,
    pub price: i64,
    pub seats_count: i64,
    pub accepts_packages: bool,
    #[serde(default)]
    pub max_package_weight_g: Option<i64>,
    #[serde(default)]
    pub departure_point: Option<String>,
    #[serde(default)]
    pub arrival_point: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CreateTrajetArgs {
    /// What the departure is; the time is given beside it.
    pub template: TrajetTemplate,
    pub departure_time: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct UpdateTrajetArgs {
    pub uid: String,
    #[serde(default)]
    pub departure_time: Option<DateTime<Utc>>,
    #[serde(default)]
    pub price: Option<i64>,
    #[serde(default)]
    pub seats_count: Option<i64>,
    #[serde(default)]
    pub accepts_packages: Option<bool>,
    #[serde(default)]
    pub max_package_weight_g: Option<i64>,
    #[serde(default)]
    pub departure_point: Option<String>,
    #[serde(default)]
    pub arrival_point: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SetTrajetStatusArgs {
    pub uid: String,
    pub status: TrajetStatus,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ListTrajetsArgs {
    #[serde(default)]
    pub from: Option<DateTime<Utc>>,
    #[serde(default)]
    pub to: Option<DateTime<Utc>>,
    #[serde(default)]
    pub status: Option<TrajetStatus>,
}

/// A template checked once, ready to insert any number of times.
pub(crate) struct ValidTemplate {
    transporteur_id: i64,
    departure_city: Text,
    arrival_city: Text,
    price: Money,
    seats_count: i64,
    accepts_packages: bool,
    max_package_weight_g: Option<i64>,
    departure_point: Option<Text>,
    arrival_point: Option<Text>,
}

fn seats(field: &'static str, value: i64) -> Result<i64> {
    if !(1..=50).contains(&value) {
        return Err(Error::invalid(
            field,
            Message::NumberOutOfRange { min: 1, max: 50 },
        ));
    }
    Ok(value)
}

fn package_weight(value: Option<i64>) -> Result<Option<i64>> {
    match value {
        Some(grams) if !(0..=PACKAGE_WEIGHT_MAX_G).contains(&grams) => Err(Error::invalid(
            "max_package_weight_g",
            Message::NumberOutOfRange {
                min: 0,
                max: PACKAGE_WEIGHT_MAX_G,
            },
        )),
        other => Ok(other),
    }
}

fn future(field: &'static str, time: DateTime<Utc>, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    if time <= now {
        return Err(Error::invalid(field, Message::DepartureInPast));
    }
    Ok(time)
}

impl ValidTemplate {
    pub(crate) async fn parse(
        conn: &mut SqliteConnection,
        session: &Session,
        template: &TrajetTemplate,
    ) -> Result<Self> {
        let departure_city = Text::parse("departure_city", &template.departure_city, CITY_MAX)?;
        let arrival_city = Text::parse("arrival_city", &template.arrival_city, CITY_MAX)?;
        if departure_city.as_str().to_lowercase() == arrival_city.as_str().to_lowercase() {
            return Err(Error::invalid("arrival_city", Message::SameCities));
        }
        Ok(Self {
            transporteur_id: carrier_for(conn, session, template.transporteur_uid.as_deref())
                .await?,
            departure_city,
            arrival_city,
            price: Money::parse("price", template.price)?,
            seats_count: seats("seats_count", template.seats_count)?,
            accepts_packages: template.accepts_packages,
            max_package_weight_g: package_weight(template.max_package_weight_g)?,
            departure_point: Text::parse_optional(
                "departure_point",
                template.departure_point.as_deref(),
                POINT_MAX,
            )?,
            arrival_point: Text::parse_optional(
                "arrival_point",
                template.arrival_point.as_deref(),
                POINT_MAX,
            )?,
        })
    }

    /// Inserts one trajet departing at `departure_time`; returns its uid.
    pub(crate) async fn insert(
        &self,
        conn: &mut SqliteConnection,
        departure_time: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<String> {
        let uid = crate::new_uid();
        sqlx::query(
            "INSERT INTO trajets (uid, departure_city, arrival_city, departure_time, price, seats_count, available_seats, status, \
             accepts_packages, max_package_weight, departure_point, arrival_point, transporteur_id, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&uid)
        .bind(self.departure_city.as_str())
        .bind(self.arrival_city.as_str())
        .bind(departure_time)
        .bind(self.price.minor_units())
        .bind(self.seats_count)
        .bind(self.seats_count)
        .bind(self.accepts_packages)
        .bind(self.max_package_weight_g)
        .bind(self.departure_point.as_ref().map(Text::as_str))
        .bind(self.arrival_point.as_ref().map(Text::as_str))
        .bind(self.transporteur_id)
        .bind(now)
        .bind(now)
        .execute(conn)
        .await?;
        Ok(uid)
    }
}

/// The carrier the caller acts for: a transporteur's own, or the one an administrator names.
pub(crate) async fn carrier_for(
    conn: &mut SqliteConnection,
    session: &Session,
    named: Option<&str>,
) -> Result<i64> {
    let found: Option<i64> = match (session.role, named.map(str::trim).filter(|u| !u.is_empty())) {
        (Role::Transporteur, named) => {
            let own: Option<(i64, String)> = sqlx::query_as(
                "SELECT id, uid FROM transporteurs WHERE compte_id = ? AND deleted_at IS NULL",
            )
            .bind(session.compte_id)
            .fetch_optional(conn)
            .await?;
            // A carrier acts for itself only: naming another one is refused, not ignored.
            if let (Some((_, own_uid)), Some(named)) = (&own, named) {
                if own_uid != named {
                    return Err(Error::forbidden().at("transporteur_uid"));
                }
            }
            own.map(|(id, _)| id)
        }
        (Role::Admin, Some(uid)) => {
            sqlx::query_scalar("SELECT id FROM transporteurs WHERE uid = ? AND deleted_at IS NULL")
                .bind(uid)
                .fetch_optional(conn)
                .await?
        }
        (Role::Admin, None) => {
            return Err(Error::invalid("transporteur_uid", Message::CarrierRequired))
        }
        _ => return Err(Error::forbidden()),
    };
    found.ok_or_else(|| Error::invalid("transporteur_uid", Message::CarrierNotFound))
}

const SELECT_TRAJET: &str = "SELECT t.id, t.uid, tr.uid AS transporteur_uid, tr.company_name, t.departure_city, t.arrival_city, \
       t.departure_time, t.price, t.seats_count, t.available_seats, t.status, t.accepts_packages, t.max_package_weight, \
       t.departure_point, t.arrival_point, t.transporteur_id \
  FROM trajets t JOIN transporteurs tr ON tr.id = t.transporteur_id WHERE t.deleted_at IS NULL";

#[derive(sqlx::FromRow)]
struct TrajetRow {
    id: i64,
    uid: String,
    transporteur_uid: String,
    company_name: Option<String>,
    departure_city: String,
    arrival_city: String,
    departure_time: DateTime<Utc>,
    price: i64,
    seats_count: i64,
    available_seats: i64,
    status: String,
    accepts_packages: bool,
    max_package_weight: Option<i64>,
    departure_point: Option<String>,
    arrival_point: Option<String>,
    transporteur_id: i64,
}

impl TrajetRow {
    fn status(&self) -> TrajetStatus {
        TrajetStatus::from_db(&self.status).unwrap_or(TrajetStatus::Suspended)
    }

    fn into_trajet(self) -> Result<Trajet> {
        Ok(Trajet {
            status: self.status(),
            price: Money::parse("price", self.price)?,
            uid: self.uid,
            transporteur_uid: self.transporteur_uid,
            company_name: self.company_name,
            departure_city: self.departure_city,
            arrival_city: self.arrival_city,
            departure_time: self.departure_time,
            seats_count: self.seats_count,
            available_seats: self.available_seats,
            accepts_packages: self.accepts_packages,
            max_package_weight_g: self.max_package_weight,
            departure_point: self.departure_point,
            arrival_point: self.arrival_point,
        })
    }
}

/// A trajet the caller may manage; another carrier's trajet is "not found", not "forbidden",
/// so that a transporteur learns nothing about its competitors.
async fn managed(conn: &mut SqliteConnection, session: &Session, uid: &str) -> Result<TrajetRow> {
    let row: Option<TrajetRow> = sqlx::query_as(&format!("{SELECT_TRAJET} AND t.uid = ?"))
        .bind(uid)
        .fetch_optional(&mut *conn)
        .await?;
    let row = row.ok_or_else(|| Error::not_found(Message::TrajetNotFound))?;
    if session.role != Role::Admin
        && row.transporteur_id != carrier_for(conn, session, None).await?
    {
        return Err(Error::not_found(Message::TrajetNotFound));
    }
    Ok(row)
}

/// A trajet the caller may manage, with its id.
pub(crate) async fn managed_trajet(
    conn: &mut SqliteConnection,
    session: &Session,
    uid: &str,
) -> Result<(i64, Trajet)> {
    let row = managed(conn, session, uid).await?;
    Ok((row.id, row.into_trajet()?))
}

pub async fn create(desk: &Desk, session: &Session, args: CreateTrajetArgs) -> Result<Trajet> {
    let now = desk.clock().now();
    let departure_time = future("departure_time", args.departure_time, now)?;
    let mut tx = desk.begin_write().await?;
    let template = ValidTemplate::parse(&mut tx, session, &args.template)
        .await
        .map_err(|e| e.within("template"))?;
    let uid = template.insert(&mut tx, departure_time, now).await?;
    let details = serde_json::json!({ "from": template.departure_city.as_str(), "to": template.arrival_city.as_str(), "departure_time": departure_time });
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "trajet.create",
        Some("trajets"),
        Some(&uid),
        details,
        now,
    )
    .await?;
    let trajet = by_uid(&mut tx, &uid).await?.1;
    tx.commit().await?;
    Ok(trajet)
}

pub async fn update(desk: &Desk, session: &Session, args: UpdateTrajetArgs) -> Result<Trajet> {
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let current = managed(&mut tx, session, &args.uid).await?;
    if matches!(
        current.status(),
        TrajetStatus::Cancelled | TrajetStatus::Completed
    ) {
        return Err(Error::new(ErrorCode::Conflict, Message::TrajetFinished));
    }
    let departure_time = match args.departure_time {
        Some(time) => future("departure_time", time, now)?,
        None => current.departure_time,
    };
    let price = match args.price {
        Some(price) => Money::parse("price", price)?.minor_units(),
        None => current.price,
    };
    let sold = current.seats_count - current.available_seats;
    let seats_count = match args.seats_count {
        Some(count) => seats("seats_count", count)?,
        None => current.seats_count,
    };
    if seats_count < sold {
        return Err(Error::invalid("seats_count", Message::SeatsBelowSold(sold)));
    }
    let max_package_weight = match args.max_package_weight_g {
        Some(grams) => package_weight(Some(grams))?,
        None => current.max_package_weight,
    };
    let departure_point = match args.departure_point.as_deref() {
        Some(text) => {
            Text::parse_optional("departure_point", Some(text), POINT_MAX)?.map(Text::into_string)
        }
        None => current.departure_point.clone(),
    };
    let arrival_point = match args.arrival_point.as_deref() {
        Some(text) => {
            Text::parse_optional("arrival_point", Some(text), POINT_MAX)?.map(Text::into_string)
        }
        None => current.arrival_point.clone(),
    };
    sqlx::query(
        "UPDATE trajets SET departure_time = ?, price = ?, seats_count = ?, available_seats = ?, accepts_packages = ?, \
         max_package_weight = ?, departure_point = ?, arrival_point = ?, updated_at = ?, version = version + 1 WHERE id = ?",
    )
    .bind(departure_time)
    .bind(price)
    .bind(seats_count)
    .bind(seats_count - sold)
    .bind(args.accepts_packages.unwrap_or(current.accepts_packages))
    .bind(max_package_weight)
    .bind(departure_point)
    .bind(arrival_point)
    .bind(now)
    .bind(current.id)
    .execute(&mut *tx)
    .await?;
    let details = serde_json::json!({ "price": price, "seats_count": seats_count, "departure_time": departure_time });
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "trajet.update",
        Some("trajets"),
        Some(&args.uid),
        details,
        now,
    )
    .await?;
    let trajet = by_uid(&mut tx, &args.uid).await?.1;
    tx.commit().await?;
    Ok(trajet)
}

/// Moves a trajet along its lifecycle. A trajet with passengers cannot be cancelled here: each
/// reservation first needs a decision (refund or move), so no passenger is silently left behind.
pub async fn set_status(
    desk: &Desk,
    session: &Session,
    args: SetTrajetStatusArgs,
) -> Result<Trajet> {
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let current = managed(&mut tx, session, &args.uid).await?;
    let from = current.status();
    if !from.can_become(args.status) {
        return Err(Error::new(
            ErrorCode::Conflict,
            Message::TrajetTransition(from.as_str(), args.status.as_str()),
        )
        .at("status"));
    }
    let passengers = current.seats_count - current.available_seats;
    if args.status == TrajetStatus::Cancelled && passengers > 0 {
        return Err(Error::new(
            ErrorCode::Conflict,
            Message::TrajetHasPassengers(passengers),
        ));
    }
    sqlx::query(
        "UPDATE trajets SET status = ?, updated_at = ?, version = version + 1 WHERE id = ?",
    )
    .bind(args.status.as_str())
    .bind(now)
    .bind(current.id)
    .execute(&mut *tx)
    .await?;
    let details = serde_json::json!({ "from": from.as_str(), "to": args.status.as_str() });
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "trajet.status",
        Some("trajets"),
        Some(&args.uid),
        details,
        now,
    )
    .await?;
    let trajet = by_uid(&mut tx, &args.uid).await?.1;
    tx.commit().await?;
    Ok(trajet)
}

/// The caller's trajets (all carriers' for an administrator), soonest first.
pub async fn list(desk: &Desk, session: &Session, args: ListTrajetsArgs) -> Result<Vec<Trajet>> {
    let mut conn = desk.pool().acquire().await?;
    let carrier = match session.role {
        Role::Admin => None,
        _ => Some(carrier_for(&mut conn, session, None).await?),
    };
    let rows: Vec<TrajetRow> = sqlx::query_as(&format!(
        "{SELECT_TRAJET} AND (? IS NULL OR t.transporteur_id = ?) AND (? IS NULL OR t.departure_time >= ?) \
         AND (? IS NULL OR t.departure_time < ?) AND (? IS NULL OR t.status = ?) ORDER BY t.departure_time LIMIT 2000"
    ))
    .bind(carrier)
    .bind(carrier)
    .bind(args.from)
    .bind(args.from)
    .bind(args.to)
    .bind(args.to)
    .bind(args.status.map(TrajetStatus::as_str))
    .bind(args.status.map(TrajetStatus::as_str))
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(TrajetRow::into_trajet).collect()
}

/// Active departures of every carrier between two moments with at least `seats` seats left,
/// soonest first: what a counter can sell.
pub(crate) async fn on_sale(
    conn: &mut SqliteConnection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    seats: i64,
) -> Result<Vec<Trajet>> {
    let rows: Vec<TrajetRow> = sqlx::query_as(&format!(
        "{SELECT_TRAJET} AND t.status = 'active' AND t.departure_time >= ? AND t.departure_time < ? \
         AND t.available_seats >= ? ORDER BY t.departure_time"
    ))
    .bind(from)
    .bind(to)
    .bind(seats)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(TrajetRow::into_trajet).collect()
}

/// Departures between two moments that are not cancelled, of one carrier or all, soonest first.
pub(crate) async fn departing_between(
    conn: &mut SqliteConnection,
    carrier: Option<i64>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Trajet>> {
    let rows: Vec<TrajetRow> = sqlx::query_as(&format!(
        "{SELECT_TRAJET} AND t.status <> 'cancelled' AND t.departure_time >= ? AND t.departure_time < ? \
         AND (? IS NULL OR t.transporteur_id = ?) ORDER BY t.departure_time"
    ))
    .bind(from)
    .bind(to)
    .bind(carrier)
    .bind(carrier)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(TrajetRow::into_trajet).collect()
}

/// Any carrier's trajet, for the counter (which sells every carrier's seats).
pub(crate) async fn by_uid(conn: &mut SqliteConnection, uid: &str) -> Result<(i64, Trajet)> {
    let row: Option<TrajetRow> = sqlx::query_as(&format!("{SELECT_TRAJET} AND t.uid = ?"))
        .bind(uid)
        .fetch_optional(conn)
        .await?;
    let row = row.ok_or_else(|| Error::invalid("trajet_uid", Message::TrajetNotFound))?;
    Ok((row.id, row.into_trajet()?))
}
