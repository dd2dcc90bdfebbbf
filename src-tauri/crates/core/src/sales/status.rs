//! The reservation lifecycle (the seed's statuses) and the one table of allowed transitions.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReservationStatus {
    /// Seats held, not yet paid (online payments; the counter sells paid).
    Pending,
    /// Paid: the ticket is valid.
    Confirmed,
    /// Cancelled with nothing refunded.
    Cancelled,
    /// The passenger boarded.
    Completed,
    /// Cancelled and (part of) the money given back.
    Refunded,
}

const TRANSITIONS: &[(ReservationStatus, ReservationStatus)] = &[
    (ReservationStatus::Pending, ReservationStatus::Confirmed),
    (ReservationStatus::Pending, ReservationStatus::Cancelled),
    (ReservationStatus::Confirmed, ReservationStatus::Cancelled),
    (ReservationStatus::Confirmed, ReservationStatus::Refunded),
    (ReservationStatus::Confirmed, ReservationStatus::Completed),
];

impl ReservationStatus {
    pub const ALL: [Self; 5] = [
        Self::Pending,
        Self::Confirmed,
        Self::Cancelled,
        Self::Completed,
        Self::Refunded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Confirmed => "confirmed",
            Self::Cancelled => "cancelled",
            Self::Completed => "completed",
            Self::Refunded => "refunded",
        }
    }

    pub fn from_db(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }

    pub fn can_become(self, next: Self) -> bool {
        TRANSITIONS.contains(&(self, next))
    }

    /// Whether the reservation still holds its seats.
    pub fn is_live(self) -> bool {
        matches!(self, Self::Pending | Self::Confirmed | Self::Completed)
    }
}

#[cfg(test)]
mod tests {
    use super::ReservationStatus::*;

    #[test]
    fn only_a_paid_ticket_boards_or_is_refunded() {
        assert!(Confirmed.can_become(Completed));
        assert!(!Pending.can_become(Completed));
        assert!(!Pending.can_become(Refunded));
        for finished in [Cancelled, Completed, Refunded] {
            for next in super::ReservationStatus::ALL {
                assert!(!finished.can_become(next), "{finished:?} -> {next:?}");
            }
        }
    }
}
