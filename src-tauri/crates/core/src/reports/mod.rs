//! Reports for head office and carriers: figures computed in SQL over a period, narrowed by
//! agency, carrier and route, the same in the window, in the exports and headless.
//!
//! Money is counted the way the till counts it: collected payments on the day they were
//! collected, refunds on the day they were paid out (see docs/reports.md).

pub mod cancellations;
pub mod cash_ups;
pub mod dashboard;
pub mod export;
pub mod occupancy;
pub mod parcels;
pub mod sales;
pub mod sign_ins;
pub mod summary;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteArguments;
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::auth::{Role, Session};
use crate::desk::Desk;
use crate::error::{Error, Result};
use crate::i18n::Message;

/// The longest period one report covers: two years, so that a year compares with the one before.
pub const MAX_PERIOD_DAYS: i64 = 731;

/// What a report covers: a period of whole days (UTC, the station clock) and optional filters.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReportFilter {
    // The optional members come first: serde also reads a struct from a list, and a list
    // (`["…"]`) then fails on its length, blamed on the filter, not on one of its members.
    #[serde(default)]
    pub agency_uid: Option<String>,
    /// A carrier's own reports are always limited to itself.
    #[serde(default)]
    pub carrier_uid: Option<String>,
    #[serde(default)]
    pub departure_city: Option<String>,
    #[serde(default)]
    pub arrival_city: Option<String>,
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day of the period, included.
    pub to: NaiveDate,
}

/// One line of a breakdown: what it is about (`key`, empty for "none") and its figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReportRow {
    /// What identifies the line (a day, a uid, a route, a method); the drill-down asks for it.
    pub key: String,
    /// What a person reads.
    pub label: String,
    pub figures: Vec<i64>,
}

/// A table of figures: named columns, lines, and the totals of the whole period (not the sum of
/// the lines where a line may count one thing twice, such as a ticket paid in two methods).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReportTable {
    pub columns: Vec<Column>,
    pub rows: Vec<ReportRow>,
    pub totals: Vec<i64>,
    /// Lines left out because the table reached its limit.
    pub truncated: bool,
}

/// A column of a report table and how its figures read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Tickets,
    Seats,
    /// Collected, in hundredths of the currency.
    Collected,
    /// Refunded, in hundredths.
    Refunded,
    /// Collected minus refunded, in hundredths.
    Net,
    Departures,
    SeatsOffered,
    SeatsTaken,
    /// Seats taken per thousand seats offered.
    OccupancyPermille,
    Envois,
    Pieces,
    /// Grams.
    Weight,
    /// Shipping cost billed, in hundredths.
    Billed,
    Delivered,
    Cancellations,
}

/// A filter checked and resolved to ids: the bounds are `[start, end)` instants.
#[derive(Debug, Clone)]
pub(crate) struct Scope {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub agency: Option<i64>,
    pub carrier: Option<i64>,
    pub departure_city: Option<String>,
    pub arrival_city: Option<String>,
}

/// The SQL every report shares for its filters, with `?1`..`?6` bound by [`Scope::bind`]:
/// the period, then agency, carrier, departure and arrival city. Each report names the columns.
pub(crate) fn filter_sql(
    instant: &str,
    agency: &str,
    carrier: &str,
    from: &str,
    to: &str,
) -> String {
    format!(
        "{instant} >= ?1 AND {instant} < ?2 AND (?3 IS NULL OR {agency} = ?3) AND (?4 IS NULL OR {carrier} = ?4) \
         AND (?5 IS NULL OR {from} = ?5) AND (?6 IS NULL OR {to} = ?6)"
    )
}

type Query<'q, O> = sqlx::query::QueryAs<'q, sqlx::Sqlite, O, SqliteArguments<'q>>;

impl Scope {
    /// Binds `?1`..`?6` in the order [`filter_sql`] uses them.
    pub fn bind<'q, O>(&'q self, query: Query<'q, O>) -> Query<'q, O> {
        self.bind_filters(query.bind(self.start).bind(self.end))
    }

    /// Binds `?1`..`?6` for a summary table, whose period column is a day (`YYYY-MM-DD`).
    pub fn bind_days<'q, O>(&'q self, query: Query<'q, O>) -> Query<'q, O> {
        let (first, after) = (self.start.date_naive(), self.end.date_naive());
        self.bind_filters(query.bind(first.to_string()).bind(after.to_string()))
    }

    /// `?3`..`?6`: agency, carrier, departure and arrival city.
    fn bind_filters<'q, O>(&'q self, query: Query<'q, O>) -> Query<'q, O> {
        query
            .bind(self.agency)
            .bind(self.carrier)
            .bind(self.departure_city.as_deref())
            .bind(self.arrival_city.as_deref())
    }

    /// The same filters over the period of the same length just before this one.
    pub fn previous(&self) -> Self {
        let length = self.end - self.start;
        Self {
            start: self.start - length,
            end: self.start,
            ..self.clone()
        }
    }
}

/// [`resolve`] on a connection of the desk's pool. Reports that read the day summaries then
/// bring them up to date with [`summary::refresh`]; those reading raw rows need not.
pub(crate) async fn scope_for(
    desk: &Desk,
    session: &Session,
    filter: &ReportFilter,
) -> Result<Scope> {
    let mut conn = desk.pool().acquire().await?;
    resolve(&mut conn, session, filter).await
}

/// [`scope_for`] of a filter given as the `filter` member of a command's arguments: the field
/// at fault is named by its path (`filter.to`).
pub(crate) async fn nested_scope_for(
    desk: &Desk,
    session: &Session,
    filter: &ReportFilter,
) -> Result<Scope> {
    scope_for(desk, session, filter)
        .await
        .map_err(|error| error.within("filter"))
}

/// Checks a filter and resolves it for `session`: a carrier sees only its own figures.
pub(crate) async fn resolve(
    conn: &mut SqliteConnection,
    session: &Session,
    filter: &ReportFilter,
) -> Result<Scope> {
    if filter.to < filter.from {
        return Err(Error::invalid("to", Message::PeriodReversed));
    }
    if (filter.to - filter.from).num_days() >= MAX_PERIOD_DAYS {
        return Err(Error::invalid(
            "to",
            Message::PeriodTooLong(MAX_PERIOD_DAYS),
        ));
    }
    let start = day_start(filter.from, "from")?;
    let end = day_start(filter.to, "to")? + Duration::days(1);
    let agency = match named(&filter.agency_uid) {
        Some(uid) => Some(
            sqlx::query_scalar("SELECT id FROM agences WHERE uid = ? AND deleted_at IS NULL")
                .bind(uid)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or_else(|| Error::invalid("agency_uid", Message::AgencyNotFound))?,
        ),
        None => None,
    };
    let carrier = match (session.role, named(&filter.carrier_uid)) {
        (Role::Transporteur, named) => Some(
            crate::trajets::carrier_for(conn, session, named)
                .await
                .map_err(|error| match error.field {
                    Some(_) => error.at("carrier_uid"),
                    None => error,
                })?,
        ),
        (_, Some(uid)) => Some(
            sqlx::query_scalar("SELECT id FROM transporteurs WHERE uid = ? AND deleted_at IS NULL")
                .bind(uid)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or_else(|| Error::invalid("carrier_uid", Message::CarrierNotFound))?,
        ),
        (_, None) => None,
    };
    Ok(Scope {
        start,
        end,
        agency,
        carrier,
        departure_city: city(&filter.departure_city, "departure_city")?,
        arrival_city: city(&filter.arrival_city, "arrival_city")?,
    })
}

fn named(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn city(value: &Option<String>, field: &'static str) -> Result<Option<String>> {
    match named(value) {
        Some(city) if city.chars().count() > 100 => {
            Err(Error::invalid(field, Message::TextTooLong(100)))
        }
        Some(city) if city.chars().any(char::is_control) => {
            Err(Error::invalid(field, Message::TextHasControlCharacters))
        }
        other => Ok(other.map(str::to_owned)),
    }
}

/// Midnight UTC of `day`; days outside 2000–2199 are refused (a typo, not a period).
fn day_start(day: NaiveDate, field: &'static str) -> Result<DateTime<Utc>> {
    use chrono::Datelike;
    if !(2000..2200).contains(&day.year()) {
        return Err(Error::invalid(field, Message::DateInvalid));
    }
    Ok(day.and_time(chrono::NaiveTime::MIN).and_utc())
}

/// Checks a drill-down's line key and row limit (default 200, at most 1000).
pub(crate) fn drill_limits(key: &str, limit: Option<u32>) -> Result<i64> {
    if key.chars().count() > 255 {
        return Err(Error::invalid("key", Message::TextTooLong(255)));
    }
    match limit {
        Some(0) | Some(1001..) => Err(Error::invalid(
            "limit",
            Message::NumberOutOfRange { min: 1, max: 1000 },
        )),
        other => Ok(i64::from(other.unwrap_or(200))),
    }
}

/// Cuts `rows` to [`MAX_ROWS`]; true when some were left out.
pub(crate) fn cap(rows: &mut Vec<ReportRow>) -> bool {
    let truncated = rows.len() > MAX_ROWS;
    rows.truncate(MAX_ROWS);
    truncated
}

/// Lines of a table beyond this many are left out (and the table says so).
pub const MAX_ROWS: usize = 500;

/// A carrier may not read reports about other accounts (sign-in failures, for instance).
pub(crate) fn admin_only(session: &Session) -> Result<()> {
    if session.role == Role::Admin {
        Ok(())
    } else {
        Err(Error::forbidden())
    }
}
