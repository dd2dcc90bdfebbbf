//! The dashboard: the period's headline figures beside those of the period just before it.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{cancellations, occupancy, parcels, sales, scope_for, summary, ReportFilter, Scope};
use crate::auth::Session;
use crate::desk::Desk;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Dashboard {
    pub current: Headline,
    pub previous: Headline,
    /// The period compared with: as long as the chosen one, ending the day before it starts.
    pub previous_from: NaiveDate,
    pub previous_to: NaiveDate,
}

/// Headline figures of one period. Money in hundredths of the currency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Headline {
    /// Tickets (reservations) paid for in the period, and their seats.
    pub tickets_sold: i64,
    pub seats_sold: i64,
    /// Collected in the period for tickets and for parcels.
    pub ticket_revenue: i64,
    pub parcel_revenue: i64,
    /// Refunds recorded in the period, tickets and parcels together.
    pub refunds: i64,
    /// Everything collected minus refunds.
    pub net_revenue: i64,
    /// Departures of the period (not cancelled), seats they offered and seats taken on them.
    pub departures: i64,
    pub seats_offered: i64,
    pub seats_taken: i64,
    pub occupancy_permille: i64,
    /// Envois taken in, and envois delivered, in the period.
    pub parcels_taken: i64,
    pub parcels_delivered: i64,
    /// Grams taken in.
    pub parcel_weight: i64,
    /// Reservations cancelled in the period.
    pub cancellations: i64,
}

pub async fn dashboard(desk: &Desk, session: &Session, filter: ReportFilter) -> Result<Dashboard> {
    let scope = scope_for(desk, session, &filter).await?;
    summary::refresh(desk).await?;
    let previous = scope.previous();
    Ok(Dashboard {
        current: headline(desk, &scope).await?,
        previous: headline(desk, &previous).await?,
        previous_from: previous.start.date_naive(),
        previous_to: (previous.end - Duration::days(1)).date_naive(),
    })
}

pub(crate) async fn headline(desk: &Desk, scope: &Scope) -> Result<Headline> {
    let tickets = sales::totals(desk, scope).await?;
    let (departures, seats_offered, seats_taken) = occupancy::totals(desk, scope).await?;
    let [parcels_taken, _pieces, parcel_weight, _billed, _delivered_since] =
        parcels::totals(desk, scope).await?;
    let (parcel_revenue, parcel_refunds, parcels_delivered) =
        parcels::movements(desk, scope).await?;
    let (cancellations, _granted) = cancellations::totals(desk, scope).await?;
    let refunds = tickets.refunded + parcel_refunds;
    Ok(Headline {
        tickets_sold: tickets.tickets,
        seats_sold: tickets.seats,
        ticket_revenue: tickets.collected,
        parcel_revenue,
        refunds,
        net_revenue: tickets.collected + parcel_revenue - refunds,
        departures,
        seats_offered,
        seats_taken,
        occupancy_permille: occupancy::permille(seats_taken, seats_offered),
        parcels_taken,
        parcels_delivered,
        parcel_weight,
        cancellations,
    })
}
