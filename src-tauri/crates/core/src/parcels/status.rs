//! The lifecycles of an envoi and of its colis: the statuses, the moves allowed between them,
//! and their names in French and English.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::i18n::Locale;

/// An envoi: `pending → accepted → in_transit → delivered`, or `cancelled` before it leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EnvoiStatus {
    /// Registered, waiting for its payment at intake.
    Pending,
    /// Paid (or payable on delivery) and in the depot's care.
    Accepted,
    /// At least one piece has left on a departure.
    InTransit,
    /// Every piece handed to the recipient.
    Delivered,
    Cancelled,
}

/// A colis: `pending → packaged → shipped → delivered`, or `lost` from any but delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ColisStatus {
    /// Taken in, not yet labelled and packed.
    Pending,
    /// Labelled and ready; may be loaded on a departure (loading does not change the status).
    Packaged,
    /// On its way: the departure it was loaded on has left.
    Shipped,
    Delivered,
    Lost,
}

impl EnvoiStatus {
    pub const ALL: [Self; 5] = [
        Self::Pending,
        Self::Accepted,
        Self::InTransit,
        Self::Delivered,
        Self::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::InTransit => "in_transit",
            Self::Delivered => "delivered",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn from_db(text: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| unknown("envoi", text))
    }

    /// Whether the lifecycle allows going from `self` straight to `next`.
    pub fn can_become(self, next: Self) -> bool {
        use EnvoiStatus::*;
        matches!(
            (self, next),
            (Pending, Accepted)
                | (Pending, Cancelled)
                | (Accepted, InTransit)
                | (Accepted, Cancelled)
                | (InTransit, Delivered)
        )
    }

    pub fn label(self, locale: Locale) -> &'static str {
        match (self, locale) {
            (Self::Pending, Locale::Fr) => "en attente de paiement",
            (Self::Pending, Locale::En) => "awaiting payment",
            (Self::Accepted, Locale::Fr) => "accepté",
            (Self::Accepted, Locale::En) => "accepted",
            (Self::InTransit, Locale::Fr) => "en transit",
            (Self::InTransit, Locale::En) => "in transit",
            (Self::Delivered, Locale::Fr) => "livré",
            (Self::Delivered, Locale::En) => "delivered",
            (Self::Cancelled, Locale::Fr) => "annulé",
            (Self::Cancelled, Locale::En) => "cancelled",
        }
    }
}

impl ColisStatus {
    pub const ALL: [Self; 5] = [
        Self::Pending,
        Self::Packaged,
        Self::Shipped,
        Self::Delivered,
        Self::Lost,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Packaged => "packaged",
            Self::Shipped => "shipped",
            Self::Delivered => "delivered",
            Self::Lost => "lost",
        }
    }

    pub fn from_db(text: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| unknown("colis", text))
    }

    /// Whether the lifecycle allows going from `self` straight to `next`.
    pub fn can_become(self, next: Self) -> bool {
        use ColisStatus::*;
        matches!(
            (self, next),
            (Pending, Packaged)
                | (Packaged, Shipped)
                | (Shipped, Delivered)
                | (Pending | Packaged | Shipped, Lost)
        )
    }

    pub fn label(self, locale: Locale) -> &'static str {
        match (self, locale) {
            (Self::Pending, Locale::Fr) => "reçu",
            (Self::Pending, Locale::En) => "received",
            (Self::Packaged, Locale::Fr) => "emballé",
            (Self::Packaged, Locale::En) => "packaged",
            (Self::Shipped, Locale::Fr) => "expédié",
            (Self::Shipped, Locale::En) => "shipped",
            (Self::Delivered, Locale::Fr) => "livré",
            (Self::Delivered, Locale::En) => "delivered",
            (Self::Lost, Locale::Fr) => "perdu",
            (Self::Lost, Locale::En) => "lost",
        }
    }
}

/// When the sender's shipping cost is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMode {
    AtIntake,
    /// Cash-on-delivery: the recipient pays at the destination's till before the hand-over.
    OnDelivery,
}

impl PaymentMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AtIntake => "at_intake",
            Self::OnDelivery => "on_delivery",
        }
    }

    pub fn from_db(text: &str) -> Result<Self> {
        match text {
            "at_intake" => Ok(Self::AtIntake),
            "on_delivery" => Ok(Self::OnDelivery),
            other => Err(unknown("payment_mode", other)),
        }
    }
}

fn unknown(what: &str, text: &str) -> Error {
    Error::internal(std::io::Error::other(format!(
        "unknown {what} status in the database: {text}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_reads_back_from_its_database_name() {
        for status in EnvoiStatus::ALL {
            assert_eq!(EnvoiStatus::from_db(status.as_str()).ok(), Some(status));
        }
        for status in ColisStatus::ALL {
            assert_eq!(ColisStatus::from_db(status.as_str()).ok(), Some(status));
        }
        assert!(ColisStatus::from_db("arrived").is_err());
    }

    #[test]
    fn final_states_go_nowhere() {
        for next in EnvoiStatus::ALL {
            assert!(!EnvoiStatus::Delivered.can_become(next));
            assert!(!EnvoiStatus::Cancelled.can_become(next));
        }
        for next in ColisStatus::ALL {
            assert!(!ColisStatus::Delivered.can_become(next));
            assert!(!ColisStatus::Lost.can_become(next));
        }
    }
}
