//! The money rules of a ticket: the refundable option's supplement and the refund a cancellation
//! gives back, both read from the system configuration. Pure arithmetic on minor units.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::config;
use crate::error::Result;
use crate::i18n::{Locale, Message};

/// The rules in force, read once per operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub supplement_percent: i64,
    pub cancellation_fee_percent: i64,
    pub cancellation_deadline_hours: i64,
    pub changes_deadline_hours: i64,
}

impl Rules {
    pub async fn load(conn: &mut SqliteConnection) -> Result<Self> {
        Ok(Self {
            supplement_percent: config::integer(conn, config::REFUND_SUPPLEMENT_PERCENT, 10)
                .await?,
            cancellation_fee_percent: config::integer(conn, config::CANCELLATION_FEE_PERCENT, 10)
                .await?,
            cancellation_deadline_hours: config::integer(
                conn,
                config::CANCELLATION_DEADLINE_HOURS,
                24,
            )
            .await?,
            changes_deadline_hours: config::integer(conn, config::CHANGES_DEADLINE_HOURS, 2)
                .await?,
        })
    }

    /// The refundable option's price for one seat at `fare`.
    pub fn supplement(&self, fare: i64) -> i64 {
        percent_of(fare, self.supplement_percent)
    }

    /// What cancelling gives back, and why.
    pub fn refund(&self, ticket: &PaidTicket, now: DateTime<Utc>) -> Refund {
        let fares = ticket.total_amount - ticket.supplement;
        if !ticket.refundable {
            return Refund {
                amount: 0,
                basis: RefundBasis::NonRefundable,
            };
        }
        if now > ticket.departure_time - Duration::hours(self.cancellation_deadline_hours) {
            return Refund {
                amount: 0,
                basis: RefundBasis::TooLate,
            };
        }
        Refund {
            amount: fares - percent_of(fares, self.cancellation_fee_percent),
            basis: RefundBasis::Refundable,
        }
    }

    /// The last moment a ticket for `departure_time` may change date or seat.
    pub fn change_deadline(&self, departure_time: DateTime<Utc>) -> DateTime<Utc> {
        departure_time - Duration::hours(self.changes_deadline_hours)
    }

    /// The terms printed on a ticket.
    pub fn terms(&self, refundable: bool, locale: Locale) -> String {
        let message = if refundable {
            Message::TermsRefundable {
                fee_percent: self.cancellation_fee_percent,
                hours: self.cancellation_deadline_hours,
                change_hours: self.changes_deadline_hours,
            }
        } else {
            Message::TermsNonRefundable {
                change_hours: self.changes_deadline_hours,
            }
        };
        message.text(locale)
    }
}

/// `percent` % of `amount`, rounded to the nearest whole currency unit (100 minor units): FCFA
/// has no coins below one franc.
fn percent_of(amount: i64, percent: i64) -> i64 {
    (amount * percent + 5_000) / 10_000 * 100
}

/// What a reservation paid, as the refund rule needs it.
pub struct PaidTicket {
    pub refundable: bool,
    pub total_amount: i64,
    pub supplement: i64,
    pub departure_time: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RefundBasis {
    /// The option was not bought: nothing is given back.
    NonRefundable,
    /// Refundable, but cancelled after the deadline.
    TooLate,
    /// Refundable in time: the fares minus the fee (the supplement is kept).
    Refundable,
    /// The carrier cancelled the departure: everything is given back.
    CarrierCancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refund {
    pub amount: i64,
    pub basis: RefundBasis,
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: Rules = Rules {
        supplement_percent: 10,
        cancellation_fee_percent: 10,
        cancellation_deadline_hours: 24,
        changes_deadline_hours: 2,
    };

    fn ticket(refundable: bool, departure_in_hours: i64) -> (PaidTicket, DateTime<Utc>) {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        (
            PaidTicket {
                refundable,
                total_amount: 1_100_000,
                supplement: if refundable { 100_000 } else { 0 },
                departure_time: now + Duration::hours(departure_in_hours),
            },
            now,
        )
    }

    #[test]
    fn the_supplement_is_a_whole_number_of_francs() {
        assert_eq!(RULES.supplement(500_000), 50_000);
        assert_eq!(RULES.supplement(333_300), 33_300);
        assert_eq!(RULES.supplement(333_500), 33_400);
        assert_eq!(RULES.supplement(0), 0);
    }

    #[test]
    fn refunds_follow_the_option_and_the_deadline() {
        let (paid, now) = ticket(true, 48);
        assert_eq!(
            RULES.refund(&paid, now),
            Refund {
                amount: 900_000,
                basis: RefundBasis::Refundable
            }
        );
        let (paid, now) = ticket(true, 23);
        assert_eq!(RULES.refund(&paid, now).basis, RefundBasis::TooLate);
        assert_eq!(RULES.refund(&paid, now).amount, 0);
        let (paid, now) = ticket(false, 48);
        assert_eq!(RULES.refund(&paid, now).basis, RefundBasis::NonRefundable);
        assert_eq!(RULES.refund(&paid, now).amount, 0);
    }
}
