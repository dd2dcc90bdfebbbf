//! Taking an envoi in at the depot: the sender (a known customer, or a walk-in registered on the
//! spot by phone), the recipient, the carrier and destination, the pieces priced from the grid,
//! and the payment — cash at the till or mobile money / card now, or cash on delivery.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::codes::{new_delivery_code, new_tracking_code};
use super::ensure_takes_parcels;
use super::lifecycle::{colis_history, envoi_history, move_envoi, Actor};
use super::status::{ColisStatus, EnvoiStatus, PaymentMode};
use super::tariffs::{self, Piece, Route, SIDE_MAX_CM, WEIGHT_MAX_G};
use super::view::{self, Envoi};
use crate::audit;
use crate::auth::{password, Role, Session};
use crate::customers;
use crate::desk::Desk;
use crate::domain::{city_key, Money, PhoneNumber, Text};
use crate::error::{Error, Result};
use crate::i18n::Message;
use crate::payments::{self, Payee, PaymentMethod, PaymentStart};
use crate::{till, trajets};

/// Most pieces in one envoi.
pub const MAX_COLIS: usize = 50;
const NAME_MAX: usize = 100;
const DESCRIPTION_MAX: usize = 255;

/// One piece as the clerk describes it; its price is computed, never typed.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ColisInput {
    pub description: String,
    pub weight_g: i64,
    #[serde(default)]
    pub length_cm: Option<i64>,
    #[serde(default)]
    pub width_cm: Option<i64>,
    #[serde(default)]
    pub height_cm: Option<i64>,
    /// In minor units.
    #[serde(default)]
    pub declared_value: Option<i64>,
    #[serde(default)]
    pub fragile: bool,
    #[serde(default)]
    pub express: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct NewSender {
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct QuoteArgs {
    /// The carrier; implied for a transporteur.
    #[serde(default)]
    pub transporteur_uid: Option<String>,
    /// Defaults to the clerk's agency's city.
    #[serde(default)]
    pub origin_city: Option<String>,
    pub destination_city: String,
    pub colis: Vec<ColisInput>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RegisterEnvoiArgs {
    /// A known customer (from `customers.find`)…
    #[serde(default)]
    pub sender_uid: Option<String>,
    /// …or a walk-in sender: found by phone if known, else registered (no email needed).
    #[serde(default)]
    pub new_sender: Option<NewSender>,
    pub recipient_name: String,
    pub recipient_phone: String,
    #[serde(default)]
    pub transporteur_uid: Option<String>,
    #[serde(default)]
    pub origin_city: Option<String>,
    pub destination_city: String,
    /// What the envoi is, in a few words; the pieces' descriptions when absent.
    #[serde(default)]
    pub description: Option<String>,
    pub colis: Vec<ColisInput>,
    pub payment_mode: PaymentMode,
    /// Required when paying at intake.
    #[serde(default)]
    pub payment_method: Option<PaymentMethod>,
    #[serde(default)]
    pub payer_phone: Option<String>,
    #[serde(default)]
    pub cash_tendered: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PieceQuote {
    pub chargeable_weight_g: i64,
    pub volumetric_weight_g: Option<i64>,
    pub carriage: Money,
    pub supplements: Money,
    pub price: Money,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ParcelQuote {
    pub origin_city: String,
    pub destination_city: String,
    pub pieces: Vec<PieceQuote>,
    pub total: Money,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct IntakeReceipt {
    pub envoi: Envoi,
    /// Shown once, for the sender to pass to the recipient; only its hash is kept.
    pub delivery_code: String,
    pub change_due: Option<Money>,
}

/// A piece checked and priced.
struct PlannedPiece {
    description: Text,
    piece: Piece,
    declared_value: Option<i64>,
    priced: tariffs::Priced,
}

/// The route and the pieces, checked and priced.
struct Plan {
    carrier_id: i64,
    origin_city: Text,
    destination_city: Text,
    pieces: Vec<PlannedPiece>,
}

impl Plan {
    fn total(&self) -> i64 {
        self.pieces.iter().map(|p| p.priced.price).sum()
    }

    fn quote(&self) -> Result<ParcelQuote> {
        let pieces = self
            .pieces
            .iter()
            .map(|p| {
                Ok(PieceQuote {
                    chargeable_weight_g: p.priced.chargeable_weight_g,
                    volumetric_weight_g: p.priced.volumetric_weight_g,
                    carriage: Money::parse("carriage", p.priced.carriage)?,
                    supplements: Money::parse("supplements", p.priced.supplements)?,
                    price: Money::parse("price", p.priced.price)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(ParcelQuote {
            origin_city: self.origin_city.as_str().to_owned(),
            destination_city: self.destination_city.as_str().to_owned(),
            pieces,
            total: Money::parse("total", self.total())?,
        })
    }
}

/// The carrier named (an agent or administrator names it; a transporteur's own is implied).
async fn carrier_of(
    conn: &mut SqliteConnection,
    session: &Session,
    named: Option<&str>,
) -> Result<i64> {
    if session.role == Role::Transporteur {
        return trajets::carrier_for(conn, session, named).await;
    }
    let named = named
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .ok_or_else(|| Error::invalid("transporteur_uid", Message::CarrierRequired))?;
    sqlx::query_scalar("SELECT id FROM transporteurs WHERE uid = ? AND deleted_at IS NULL")
        .bind(named)
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| Error::invalid("transporteur_uid", Message::CarrierNotFound))
}

fn in_range(field: &'static str, value: i64, min: i64, max: i64) -> Result<i64> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(Error::invalid(
            field,
            Message::NumberOutOfRange { min, max },
        ))
    }
}

fn check_piece(input: &ColisInput) -> Result<(Text, Piece, Option<i64>)> {
    let description = Text::parse("description", &input.description, DESCRIPTION_MAX)?;
    let weight_g = in_range("weight_g", input.weight_g, 0, WEIGHT_MAX_G)?;
    let dimensions_cm = match (input.length_cm, input.width_cm, input.height_cm) {
        (None, None, None) => None,
        (Some(l), Some(w), Some(h)) => Some((
            in_range("length_cm", l, 1, SIDE_MAX_CM)?,
            in_range("width_cm", w, 1, SIDE_MAX_CM)?,
            in_range("height_cm", h, 1, SIDE_MAX_CM)?,
        )),
        (length, width, _) => {
            let missing = if length.is_none() {
                "length_cm"
            } else if width.is_none() {
                "width_cm"
            } else {
                "height_cm"
            };
            return Err(Error::invalid(missing, Message::DimensionsIncomplete));
        }
    };
    let declared_value = input
        .declared_value
        .map(|v| Money::parse("declared_value", v).map(Money::minor_units))
        .transpose()?;
    Ok((
        description,
        Piece {
            weight_g,
            dimensions_cm,
            fragile: input.fragile,
            express: input.express,
        },
        declared_value,
    ))
}

async fn plan(
    conn: &mut SqliteConnection,
    session: &Session,
    transporteur_uid: Option<&str>,
    origin_city: Option<&str>,
    destination_city: &str,
    colis: &[ColisInput],
) -> Result<Plan> {
    if colis.is_empty() {
        return Err(Error::invalid("colis", Message::ColisRequired));
    }
    if colis.len() > MAX_COLIS {
        return Err(Error::invalid("colis", Message::TooManyColis(MAX_COLIS)));
    }
    let mut checked = Vec::with_capacity(colis.len());
    for (index, input) in colis.iter().enumerate() {
        checked.push(check_piece(input).map_err(|e| e.within(&format!("colis[{index}]")))?);
    }
    let destination_city = Text::parse("destination_city", destination_city, NAME_MAX)?;
    let origin_city = match Text::parse_optional("origin_city", origin_city, NAME_MAX)? {
        Some(city) => city,
        None => {
            let agency_city: Option<String> = match session.agence_id {
                Some(agence) => {
                    sqlx::query_scalar("SELECT city FROM agences WHERE id = ?")
                        .bind(agence)
                        .fetch_optional(&mut *conn)
                        .await?
                }
                None => None,
            };
            Text::parse(
                "origin_city",
                agency_city.as_deref().unwrap_or(""),
                NAME_MAX,
            )?
        }
    };
    let carrier_id = carrier_of(conn, session, transporteur_uid).await?;
    let to_key = city_key(destination_city.as_str());
    // The carrier serves the destination: one of its zones (not pickup only) or a departure's arrival.
    let zones: Vec<(String, Option<String>, String)> = sqlx::query_as(
        "SELECT city_name, region, zone_type FROM zones_desservies WHERE transporteur_id = ? AND deleted_at IS NULL",
    )
    .bind(carrier_id)
    .fetch_all(&mut *conn)
    .await?;
    let zone = zones
        .iter()
        .find(|(city, _, kind)| city_key(city) == to_key && kind != "pickup_only");
    if zone.is_none() {
        let arrivals: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT arrival_city FROM trajets WHERE transporteur_id = ? AND deleted_at IS NULL",
        )
        .bind(carrier_id)
        .fetch_all(&mut *conn)
        .await?;
        if !arrivals.iter().any(|city| city_key(city) == to_key) {
            return Err(Error::invalid(
                "destination_city",
                Message::DestinationNotServed(destination_city.as_str().to_owned()),
            ));
        }
    }
    let route = Route {
        carrier_id,
        from_key: city_key(origin_city.as_str()),
        to_key,
        zone_key: zone.and_then(|(_, region, _)| region.as_deref().map(city_key)),
    };
    let rules = tariffs::rules_for(conn, carrier_id).await?;
    let mut pieces = Vec::with_capacity(checked.len());
    for (index, (description, piece, declared_value)) in checked.into_iter().enumerate() {
        let priced = tariffs::price(&rules, &route, &piece).ok_or_else(|| {
            Error::invalid(
                format!("colis[{index}].weight_g"),
                Message::NoTariff {
                    to: destination_city.as_str().to_owned(),
                    weight_g: piece.weight_g,
                },
            )
        })?;
        // A price no amount can hold (an absurd grid row) is refused before anything is written.
        Money::parse("weight_g", priced.price).map_err(|e| e.within(&format!("colis[{index}]")))?;
        pieces.push(PlannedPiece {
            description,
            piece,
            declared_value,
            priced,
        });
    }
    let total = pieces
        .iter()
        .fold(0i64, |sum, p| sum.saturating_add(p.priced.price));
    Money::parse("colis", total)?;
    Ok(Plan {
        carrier_id,
        origin_city,
        destination_city,
        pieces,
    })
}

/// Prices pieces on a route without taking anything in.
pub async fn quote(desk: &Desk, session: &Session, args: QuoteArgs) -> Result<ParcelQuote> {
    let mut conn = desk.pool().acquire().await?;
    ensure_takes_parcels(&mut conn, session).await?;
    plan(
        &mut conn,
        session,
        args.transporteur_uid.as_deref(),
        args.origin_city.as_deref(),
        &args.destination_city,
        &args.colis,
    )
    .await?
    .quote()
}

/// A tracking code no envoi of this desk has (a clash is astronomically rare; retry anyway).
async fn unused_tracking_code(conn: &mut SqliteConnection) -> Result<String> {
    loop {
        let code = new_tracking_code();
        let taken: Option<i64> =
            sqlx::query_scalar("SELECT id FROM envois WHERE tracking_code = ?")
                .bind(&code)
                .fetch_optional(&mut *conn)
                .await?;
        if taken.is_none() {
            return Ok(code);
        }
    }
}

/// Registers an envoi with its pieces, priced from the grid, and takes its payment: cash into
/// the open till, or mobile money / card through the provider (the envoi waits for the
/// answer), or nothing now for cash on delivery. Returns the delivery code, shown once.
pub async fn register(
    desk: &Desk,
    session: &Session,
    args: RegisterEnvoiArgs,
) -> Result<IntakeReceipt> {
    let recipient_name = Text::parse("recipient_name", &args.recipient_name, NAME_MAX * 2)?;
    let recipient_phone = PhoneNumber::parse("recipient_phone", &args.recipient_phone)?;
    let description =
        Text::parse_optional("description", args.description.as_deref(), DESCRIPTION_MAX)?;
    let new_sender = match (&args.sender_uid, &args.new_sender) {
        (None, None) => return Err(Error::invalid("sender_uid", Message::SenderRequired)),
        (Some(_), Some(_)) => return Err(Error::invalid("new_sender", Message::SenderTwice)),
        (Some(_), None) => None,
        (None, Some(sender)) => Some((
            Text::parse("first_name", &sender.first_name, NAME_MAX)
                .map_err(|e| e.within("new_sender"))?,
            Text::parse("last_name", &sender.last_name, NAME_MAX)
                .map_err(|e| e.within("new_sender"))?,
            PhoneNumber::parse("phone", &sender.phone).map_err(|e| e.within("new_sender"))?,
        )),
    };
    let method = match (args.payment_mode, args.payment_method) {
        (PaymentMode::AtIntake, None) => {
            return Err(Error::invalid(
                "payment_method",
                Message::MissingField("payment_method".into()),
            ))
        }
        (PaymentMode::AtIntake, Some(method)) => Some(method),
        (PaymentMode::OnDelivery, None) => None,
        (PaymentMode::OnDelivery, Some(_)) => {
            return Err(Error::invalid(
                "payment_method",
                Message::CollectOnDeliveryCashOnly,
            ))
        }
    };
    let payer_phone = match method {
        Some(method) => payments::payer_phone(method, args.payer_phone.as_deref())?,
        None if args.payer_phone.is_some() => {
            return Err(Error::invalid("payer_phone", Message::PayerPhoneOnlyMobile))
        }
        None => None,
    };
    if args.cash_tendered.is_some() && method != Some(PaymentMethod::Cash) {
        return Err(Error::invalid("cash_tendered", Message::CashOnlyField));
    }
    // Hashing is deliberately slow: done before the write lock is taken.
    let delivery_code = new_delivery_code();
    let delivery_code_hash = password::hash(delivery_code.clone()).await?;
    let now = desk.clock().now();
    let actor = Actor::of(session);
    let mut tx = desk.begin_write().await?;
    ensure_takes_parcels(&mut tx, session).await?;
    let plan = plan(
        &mut tx,
        session,
        args.transporteur_uid.as_deref(),
        args.origin_city.as_deref(),
        &args.destination_city,
        &args.colis,
    )
    .await?;
    let total = plan.total();
    let till = till::open_session_id(&mut tx, session.compte_id).await?;
    let change_due = match method {
        Some(PaymentMethod::Cash) => {
            till.ok_or_else(till::not_open)?;
            crate::sales::change_due(args.cash_tendered, total)?
        }
        _ => None,
    };
    let provider = match method {
        Some(m) if m.through_provider() => Some(payments::settings::provider(desk, &mut tx).await?),
        _ => None,
    };
    let sender_id = match (&args.sender_uid, &new_sender) {
        (Some(uid), _) => customers::profile_id(&mut tx, uid)
            .await?
            .ok_or_else(|| Error::invalid("sender_uid", Message::CustomerNotFound))?,
        (None, Some((first, last, phone))) => {
            customers::find_or_register(&mut tx, session, first, last, phone, now).await?
        }
        (None, None) => return Err(Error::invalid("sender_uid", Message::SenderRequired)),
    };
    let sender_compte: i64 = sqlx::query_scalar("SELECT compte_id FROM utilisateurs WHERE id = ?")
        .bind(sender_id)
        .fetch_one(&mut *tx)
        .await?;
    let description = description.map(Text::into_string).unwrap_or_else(|| {
        let joined = plan
            .pieces
            .iter()
            .map(|p| p.description.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        joined.chars().take(DESCRIPTION_MAX).collect()
    });
    let tracking_code = unused_tracking_code(&mut tx).await?;
    let uid = crate::new_uid();
    let envoi_id: i64 = sqlx::query_scalar(
        "INSERT INTO envois (uid, tracking_code, description, status, expediteur_id, recipient_name, recipient_phone, \
         destination_city, origin_city, delivery_code_hash, payment_mode, transporteur_id, compte_id, agence_id, created_by, \
         created_at, updated_at) VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&uid)
    .bind(&tracking_code)
    .bind(&description)
    .bind(sender_id)
    .bind(recipient_name.as_str())
    .bind(recipient_phone.as_str())
    .bind(plan.destination_city.as_str())
    .bind(plan.origin_city.as_str())
    .bind(&delivery_code_hash)
    .bind(args.payment_mode.as_str())
    .bind(plan.carrier_id)
    .bind(sender_compte)
    .bind(session.agence_id)
    .bind(session.compte_id)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    envoi_history(
        &mut tx,
        envoi_id,
        None,
        EnvoiStatus::Pending,
        actor,
        None,
        now,
    )
    .await?;
    for (index, planned) in plan.pieces.iter().enumerate() {
        let number = index as i64 + 1;
        let dims = planned.piece.dimensions_cm;
        let colis_id: i64 = sqlx::query_scalar(
            "INSERT INTO colis (uid, tracking_code, description, weight, dimensions, length_cm, width_cm, height_cm, shipping_cost, \
             declared_value, fragile, express, status, envoi_id, piece_number, chargeable_weight, tariff_id, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(crate::new_uid())
        .bind(super::colis_code(&tracking_code, number))
        .bind(planned.description.as_str())
        .bind(planned.piece.weight_g)
        .bind(dims.map(|(l, w, h)| format!("{l}x{w}x{h}")))
        .bind(dims.map(|d| d.0))
        .bind(dims.map(|d| d.1))
        .bind(dims.map(|d| d.2))
        .bind(planned.priced.price)
        .bind(planned.declared_value)
        .bind(planned.piece.fragile)
        .bind(planned.piece.express)
        .bind(envoi_id)
        .bind(number)
        .bind(planned.priced.chargeable_weight_g)
        .bind(planned.priced.tariff_id)
        .bind(now)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        colis_history(
            &mut tx,
            colis_id,
            None,
            ColisStatus::Pending,
            actor,
            None,
            None,
            now,
        )
        .await?;
    }
    let pending_payment = match (method, &provider) {
        (None, _) => {
            move_envoi(
                &mut tx,
                envoi_id,
                EnvoiStatus::Accepted,
                actor,
                Some("paiement à la livraison"),
                now,
            )
            .await?;
            None
        }
        (Some(PaymentMethod::Cash), _) => {
            let till = till.ok_or_else(till::not_open)?;
            let payment = payments::record_cash(
                &mut tx,
                session,
                Payee::Envoi {
                    id: envoi_id,
                    amount: total,
                },
                till,
                now,
            )
            .await?;
            super::accept_paid_envoi(&mut tx, payment, Some(session.compte_id), now).await?;
            None
        }
        (Some(method), Some(provider)) => Some(
            payments::start_provider_payment(
                &mut tx,
                session,
                provider.as_ref(),
                PaymentStart {
                    method,
                    payer_phone: payer_phone.as_ref(),
                    payee: Payee::Envoi {
                        id: envoi_id,
                        amount: total,
                    },
                    till,
                },
                now,
            )
            .await?,
        ),
        (Some(_), None) => {
            return Err(Error::internal(std::io::Error::other(
                "provider method without provider",
            )))
        }
    };
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "parcel.intake",
        Some("envois"),
        Some(&uid),
        serde_json::json!({ "tracking_code": tracking_code, "pieces": plan.pieces.len(), "total": total, "payment_mode": args.payment_mode.as_str() }),
        now,
    )
    .await?;
    tx.commit().await?;
    // A provider payment is on record before the provider is asked; its answer settles it (and
    // accepts the envoi), or leaves it pending for the reconciliation.
    if let (Some(payment_id), Some(provider)) = (pending_payment, &provider) {
        payments::charge(desk, provider.as_ref(), payment_id, Some(session.compte_id)).await?;
    }
    let mut conn = desk.pool().acquire().await?;
    Ok(IntakeReceipt {
        envoi: view::by_id(&mut conn, envoi_id).await?,
        delivery_code,
        change_due,
    })
}

/// A carrier parcels can be sent with, and the cities it delivers to.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ParcelCarrier {
    pub uid: String,
    pub company_name: Option<String>,
    /// Its served zones (not pickup only) and its departures' arrival cities, sorted.
    pub destinations: Vec<String>,
}

/// The carriers the caller may take parcels for (a transporteur: itself), with their destinations.
pub async fn carriers(desk: &Desk, session: &Session) -> Result<Vec<ParcelCarrier>> {
    let mut conn = desk.pool().acquire().await?;
    ensure_takes_parcels(&mut conn, session).await?;
    let own = super::own_carrier(&mut conn, session).await?;
    let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(
        "SELECT id, uid, company_name FROM transporteurs WHERE deleted_at IS NULL AND company_type <> 'passagers' \
         AND (?1 IS NULL OR id = ?1) ORDER BY company_name",
    )
    .bind(own)
    .fetch_all(&mut *conn)
    .await?;
    let mut carriers = Vec::with_capacity(rows.len());
    for (id, uid, company_name) in rows {
        let mut destinations: Vec<String> = sqlx::query_scalar(
            "SELECT city_name FROM zones_desservies WHERE transporteur_id = ?1 AND zone_type <> 'pickup_only' AND deleted_at IS NULL \
             UNION SELECT DISTINCT arrival_city FROM trajets WHERE transporteur_id = ?1 AND deleted_at IS NULL",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        destinations.sort_by_key(|city| city_key(city));
        destinations.dedup_by_key(|city| city_key(city));
        carriers.push(ParcelCarrier {
            uid,
            company_name,
            destinations,
        });
    }
    Ok(carriers)
}
