//! A sale at the counter: one or several passengers on one departure (and its return), priced
//! by the core, written with seats, payment and audit row in one transaction — or not at all.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::pricing::Rules;
use super::reservation::{self, Reservation};
use super::{reference, seats};
use crate::audit;
use crate::auth::Session;
use crate::desk::Desk;
use crate::domain::{city_key, Money, PhoneNumber, Text};
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;
use crate::payments::{self, Payee, PaymentMethod, PaymentStart, PaymentView};
use crate::sales::status::ReservationStatus;
use crate::sync::allotments;
use crate::till;
use crate::trajets::{self, Trajet, TrajetStatus};

pub const NAME_MAX: usize = 100;
/// Most passengers one sale takes: a full coach.
pub const PASSENGERS_MAX: usize = 50;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PassengerArgs {
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    /// Seat numbers on the outbound departure.
    pub seats: Vec<u8>,
    /// Seat numbers on the return departure, as many as outbound; empty without a return.
    #[serde(default)]
    pub return_seats: Vec<u8>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SaleArgs {
    pub trajet_uid: String,
    /// A departure back, booked in the same sale.
    #[serde(default)]
    pub return_trajet_uid: Option<String>,
    pub passengers: Vec<PassengerArgs>,
    /// The refundable option, for every ticket of the sale.
    #[serde(default)]
    pub refundable: bool,
    /// A known customer (found by phone); none for a guest.
    #[serde(default)]
    pub customer_uid: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SellArgs {
    pub sale: SaleArgs,
    /// How the sale is paid (cash by default; cash needs the clerk's till open).
    #[serde(default)]
    pub payment_method: PaymentMethod,
    /// The mobile money payer's phone (who approves the payment); only for mobile money.
    #[serde(default)]
    pub payer_phone: Option<String>,
    /// Cash the passenger handed over, to compute the change; none when exact. Cash only.
    #[serde(default)]
    pub cash_tendered: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Leg {
    Outbound,
    Return,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct QuoteLine {
    pub passenger: String,
    pub leg: Leg,
    pub seats: Vec<i64>,
    pub fare: Money,
    pub supplement: Money,
    pub amount: Money,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaleQuote {
    pub lines: Vec<QuoteLine>,
    pub total: Money,
    pub currency: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaleReceipt {
    /// Confirmed when paid; `pending` (seats held) while a provider payment is not completed.
    pub reservations: Vec<Reservation>,
    pub total: Money,
    pub payment_method: PaymentMethod,
    /// The provider payment (mobile money, card): completed, pending or failed. None for cash.
    pub payment: Option<PaymentView>,
    pub cash_tendered: Option<Money>,
    pub change_due: Option<Money>,
}

struct Passenger {
    first_name: Text,
    last_name: Text,
    phone: PhoneNumber,
    seats: Vec<i64>,
    return_seats: Vec<i64>,
}

/// A sale checked against the database: every line priced, every seat free.
struct CheckedSale {
    outbound: (i64, Trajet),
    inbound: Option<(i64, Trajet)>,
    passengers: Vec<Passenger>,
    refundable: bool,
    customer_id: Option<i64>,
    quote: SaleQuote,
}

fn parse_passenger(index: usize, raw: &PassengerArgs) -> Result<Passenger> {
    let within = |e: Error| e.within(&format!("passengers[{index}]"));
    Ok(Passenger {
        first_name: Text::parse("first_name", &raw.first_name, NAME_MAX).map_err(within)?,
        last_name: Text::parse("last_name", &raw.last_name, NAME_MAX).map_err(within)?,
        phone: PhoneNumber::parse("phone", &raw.phone).map_err(within)?,
        seats: raw.seats.iter().map(|&seat| i64::from(seat)).collect(),
        return_seats: raw
            .return_seats
            .iter()
            .map(|&seat| i64::from(seat))
            .collect(),
    })
}

/// A trajet the counter may sell now.
async fn sellable(
    conn: &mut SqliteConnection,
    field: &'static str,
    uid: &str,
    now: DateTime<Utc>,
) -> Result<(i64, Trajet)> {
    let (id, trajet) = trajets::by_uid(conn, uid).await.map_err(|e| e.at(field))?;
    if trajet.status != TrajetStatus::Active {
        return Err(Error::new(ErrorCode::Conflict, Message::TrajetNotOnSale).at(field));
    }
    if trajet.departure_time <= now {
        return Err(Error::new(ErrorCode::Conflict, Message::DepartureGone).at(field));
    }
    Ok((id, trajet))
}

/// Checks that each seat exists, is asked once and is free; `pick` chooses outbound or return.
async fn check_seats(
    conn: &mut SqliteConnection,
    (trajet_id, trajet): &(i64, Trajet),
    passengers: &[Passenger],
    leg: &'static str,
    pick: fn(&Passenger) -> &Vec<i64>,
) -> Result<()> {
    let taken = seats::taken(conn, *trajet_id).await?;
    let mut asked: Vec<i64> = Vec::new();
    for (index, passenger) in passengers.iter().enumerate() {
        let field = || format!("passengers[{index}].{leg}");
        let chosen = pick(passenger);
        if chosen.is_empty() || chosen.len() > 50 {
            return Err(Error::invalid(field(), Message::SeatsRequired));
        }
        seats::check_choice(chosen, trajet.seats_count, &taken, &[], &mut asked)
            .map_err(|e| e.at(field()))?;
    }
    Ok(())
}

async fn customer_id(conn: &mut SqliteConnection, uid: Option<&str>) -> Result<Option<i64>> {
    let Some(uid) = uid.map(str::trim).filter(|u| !u.is_empty()) else {
        return Ok(None);
    };
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT c.id FROM comptes c JOIN roles ro ON ro.id = c.role_id \
         WHERE c.uid = ? AND ro.name = 'user' AND c.status = 'active' AND c.deleted_at IS NULL",
    )
    .bind(uid)
    .fetch_optional(conn)
    .await?;
    id.map(Some)
        .ok_or_else(|| Error::invalid("customer_uid", Message::CustomerNotFound))
}

async fn check(
    conn: &mut SqliteConnection,
    args: &SaleArgs,
    now: DateTime<Utc>,
) -> Result<CheckedSale> {
    if args.passengers.is_empty() || args.passengers.len() > PASSENGERS_MAX {
        return Err(Error::invalid(
            "passengers",
            Message::NumberOutOfRange { min: 1, max: 50 },
        ));
    }
    let passengers = args
        .passengers
        .iter()
        .enumerate()
        .map(|(index, raw)| parse_passenger(index, raw))
        .collect::<Result<Vec<_>>>()?;
    let outbound = sellable(conn, "trajet_uid", &args.trajet_uid, now).await?;
    let inbound = match args.return_trajet_uid.as_deref() {
        Some(uid) => {
            let inbound = sellable(conn, "return_trajet_uid", uid, now).await?;
            let (going, back) = (&outbound.1, &inbound.1);
            let reversed = city_key(&back.departure_city) == city_key(&going.arrival_city)
                && city_key(&back.arrival_city) == city_key(&going.departure_city);
            if !reversed || back.departure_time <= going.departure_time {
                return Err(Error::invalid("return_trajet_uid", Message::ReturnNotBack));
            }
            Some(inbound)
        }
        None => None,
    };
    check_seats(conn, &outbound, &passengers, "seats", |p| &p.seats).await?;
    match &inbound {
        Some(inbound) => {
            for (index, passenger) in passengers.iter().enumerate() {
                if passenger.return_seats.len() != passenger.seats.len() {
                    return Err(Error::invalid(
                        format!("passengers[{index}].return_seats"),
                        Message::ReturnSeatsCount(passenger.seats.len()),
                    ));
                }
            }
            check_seats(conn, inbound, &passengers, "return_seats", |p| {
                &p.return_seats
            })
            .await?;
        }
        None => {
            if let Some(index) = passengers.iter().position(|p| !p.return_seats.is_empty()) {
                return Err(Error::invalid(
                    format!("passengers[{index}].return_seats"),
                    Message::ReturnSeatsWithoutReturn,
                ));
            }
        }
    }
    let customer_id = customer_id(conn, args.customer_uid.as_deref()).await?;
    let rules = Rules::load(conn).await?;
    let mut lines = Vec::new();
    for passenger in &passengers {
        let name = format!(
            "{} {}",
            passenger.first_name.as_str(),
            passenger.last_name.as_str()
        );
        let legs = std::iter::once((Leg::Outbound, &outbound.1, &passenger.seats)).chain(
            inbound
                .as_ref()
                .map(|(_, trajet)| (Leg::Return, trajet, &passenger.return_seats)),
        );
        for (leg, trajet, seats) in legs {
            let count = i64::try_from(seats.len()).unwrap_or(i64::MAX);
            let price = trajet.price.minor_units();
            let supplement = if args.refundable {
                rules.supplement(price) * count
            } else {
                0
            };
            let fare = price * count;
            lines.push(QuoteLine {
                passenger: name.clone(),
                leg,
                seats: seats.clone(),
                fare: Money::parse("fare", fare)?,
                supplement: Money::parse("supplement", supplement)?,
                amount: Money::parse("amount", fare + supplement)?,
            });
        }
    }
    let total = lines.iter().map(|line| line.amount.minor_units()).sum();
    let quote = SaleQuote {
        lines,
        total: Money::parse("total", total)?,
        currency: crate::config::text(conn, "currency", "XOF").await?,
    };
    Ok(CheckedSale {
        outbound,
        inbound,
        passengers,
        refundable: args.refundable,
        customer_id,
        quote,
    })
}

/// What a sale would cost, line by line, without writing anything.
pub async fn quote(desk: &Desk, args: SaleArgs) -> Result<SaleQuote> {
    let mut conn = desk.pool().acquire().await?;
    Ok(check(&mut conn, &args, desk.clock().now()).await?.quote)
}

/// Sells: reservations, seats, payment and the audit row, in one transaction. Cash is taken
/// into the clerk's open till and the tickets are confirmed at once. Mobile money and card
/// hold the seats (`pending`), commit the pending payment, then ask the provider: its answer
/// confirms the tickets, or leaves them unpaid (held for `payments.hold_minutes`).
pub async fn sell(desk: &Desk, session: &Session, args: SellArgs) -> Result<SaleReceipt> {
    let method = args.payment_method;
    let payer_phone = payments::payer_phone(method, args.payer_phone.as_deref())?;
    if method.through_provider() && args.cash_tendered.is_some() {
        return Err(Error::invalid("cash_tendered", Message::CashOnlyField));
    }
    claim_online(desk, &args.sale).await?;
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let sale = check(&mut tx, &args.sale, now)
        .await
        .map_err(|e| e.within("sale"))?;
    let total = sale.quote.total.minor_units();
    let change_due = change_due(args.cash_tendered, total)?;
    let till = till::open_session_id(&mut tx, session.compte_id).await?;
    let provider = if method.through_provider() {
        Some(payments::settings::provider(desk, &mut tx).await?)
    } else {
        till.ok_or_else(till::not_open)?;
        None
    };
    let status = if provider.is_some() {
        ReservationStatus::Pending
    } else {
        ReservationStatus::Confirmed
    };
    let mut lines = sale.quote.lines.iter();
    let mut ids = Vec::new();
    let mut shares = Vec::new();
    for passenger in &sale.passengers {
        let mut outbound_id = None;
        let legs = std::iter::once((&sale.outbound, &passenger.seats)).chain(
            sale.inbound
                .as_ref()
                .map(|inbound| (inbound, &passenger.return_seats)),
        );
        for ((trajet_id, _), seat_numbers) in legs {
            let line = lines
                .next()
                .ok_or_else(|| Error::internal(std::io::Error::other("quote lines")))?;
            let new = NewReservation {
                first_name: passenger.first_name.as_str(),
                last_name: passenger.last_name.as_str(),
                phone: passenger.phone.as_str(),
                seats: seat_numbers,
                refundable: sale.refundable,
                supplement: line.supplement.minor_units(),
                total_amount: line.amount.minor_units(),
                trajet_id: *trajet_id,
                customer_id: sale.customer_id,
                return_of: outbound_id,
                status,
            };
            let id = new.insert(&mut tx, session, now).await?;
            if let (None, Some(till)) = (&provider, till) {
                let share = [(id, line.amount.minor_units())];
                payments::record_cash(&mut tx, session, Payee::Reservations(&share), till, now)
                    .await?;
            }
            shares.push((id, line.amount.minor_units()));
            outbound_id.get_or_insert(id);
            ids.push(id);
        }
    }
    let pending_payment = match &provider {
        Some(provider) => Some(
            payments::start_provider_payment(
                &mut tx,
                session,
                provider.as_ref(),
                PaymentStart {
                    method,
                    payer_phone: payer_phone.as_ref(),
                    payee: Payee::Reservations(&shares),
                    till,
                },
                now,
            )
            .await?,
        ),
        None => None,
    };
    let reservations = reservation::views(&mut tx, ids.clone()).await?;
    let references: Vec<&str> = reservations
        .iter()
        .map(|r| r.booking_reference.as_str())
        .collect();
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "sale",
        Some("trajets"),
        Some(&sale.outbound.1.uid),
        serde_json::json!({ "references": references, "total": total, "refundable": sale.refundable, "method": method.as_str() }),
        now,
    )
    .await?;
    tx.commit().await?;
    let (payment, reservations) = match (provider, pending_payment) {
        (Some(provider), Some(payment_id)) => {
            let payment =
                payments::charge(desk, provider.as_ref(), payment_id, Some(session.compte_id))
                    .await?;
            let mut conn = desk.pool().acquire().await?;
            (Some(payment), reservation::views(&mut conn, ids).await?)
        }
        _ => (None, reservations),
    };
    Ok(SaleReceipt {
        reservations,
        total: sale.quote.total,
        payment_method: method,
        payment,
        change_due,
        cash_tendered: args
            .cash_tendered
            .map(|cash| Money::parse("cash_tendered", cash))
            .transpose()?,
    })
}

/// Online, a desk that syncs claims the sale's seats at head office before writing it
/// (docs/sync.md, "Seats"); offline it sells only the seats it holds.
async fn claim_online(desk: &Desk, sale: &SaleArgs) -> Result<()> {
    let seats = |pick: fn(&PassengerArgs) -> &Vec<u8>| -> Vec<i64> {
        sale.passengers
            .iter()
            .flat_map(|p| pick(p).iter().map(|&seat| i64::from(seat)))
            .collect()
    };
    allotments::claim_for_sale(desk, &sale.trajet_uid, &seats(|p| &p.seats))
        .await
        .map_err(|e| e.at("passengers").within("sale"))?;
    if let Some(uid) = &sale.return_trajet_uid {
        allotments::claim_for_sale(desk, uid, &seats(|p| &p.return_seats))
            .await
            .map_err(|e| e.at("passengers").within("sale"))?;
    }
    Ok(())
}

/// The change to give back for `cash` handed over against `due`; too little cash is refused.
pub(crate) fn change_due(cash: Option<i64>, due: i64) -> Result<Option<Money>> {
    let Some(cash) = cash else {
        return Ok(None);
    };
    let cash = Money::parse("cash_tendered", cash)?.minor_units();
    if cash < due {
        return Err(Error::invalid("cash_tendered", Message::CashShort));
    }
    Money::parse("change_due", cash - due).map(Some)
}

/// One reservation to write, already checked and priced.
pub(crate) struct NewReservation<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub phone: &'a str,
    pub seats: &'a [i64],
    pub refundable: bool,
    pub supplement: i64,
    pub total_amount: i64,
    pub trajet_id: i64,
    pub customer_id: Option<i64>,
    pub return_of: Option<i64>,
    /// `confirmed` when paid, `pending` while a provider payment is under way.
    pub status: ReservationStatus,
}

impl NewReservation<'_> {
    /// Writes the reservation and takes its seats; returns its id.
    pub(crate) async fn insert(
        &self,
        conn: &mut SqliteConnection,
        session: &Session,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let booking_reference = unused_reference(conn).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO reservations (uid, booking_reference, reservation_date, passenger_first_name, passenger_last_name, \
             phone_number, status, seats_reserved, refundable_option, refund_supplement_amount, total_amount, trajet_id, \
             compte_id, agence_id, sold_by, return_of_reservation_id, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(crate::new_uid())
        .bind(&booking_reference)
        .bind(now)
        .bind(self.first_name)
        .bind(self.last_name)
        .bind(self.phone)
        .bind(self.status.as_str())
        .bind(i64::try_from(self.seats.len()).unwrap_or(i64::MAX))
        .bind(self.refundable)
        .bind(self.supplement)
        .bind(self.total_amount)
        .bind(self.trajet_id)
        .bind(self.customer_id)
        .bind(session.agence_id)
        .bind(session.compte_id)
        .bind(self.return_of)
        .bind(now)
        .bind(now)
        .fetch_one(&mut *conn)
        .await?;
        seats::claim(conn, id, self.trajet_id, self.seats, now).await?;
        Ok(id)
    }
}

/// A reference no reservation of this desk uses yet.
async fn unused_reference(conn: &mut SqliteConnection) -> Result<String> {
    loop {
        let candidate = reference::generate();
        let used: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM reservations WHERE booking_reference = ?")
                .bind(&candidate)
                .fetch_optional(&mut *conn)
                .await?;
        if used.is_none() {
            return Ok(candidate);
        }
    }
}
