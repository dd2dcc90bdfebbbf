//! The trajet lifecycle: its statuses and the one table of allowed transitions.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TrajetStatus {
    Active,
    Suspended,
    Cancelled,
    Completed,
}

/// Every allowed move. Cancelled and completed are final.
const TRANSITIONS: &[(TrajetStatus, TrajetStatus)] = &[
    (TrajetStatus::Active, TrajetStatus::Suspended),
    (TrajetStatus::Active, TrajetStatus::Cancelled),
    (TrajetStatus::Active, TrajetStatus::Completed),
    (TrajetStatus::Suspended, TrajetStatus::Active),
    (TrajetStatus::Suspended, TrajetStatus::Cancelled),
];

impl TrajetStatus {
    pub const ALL: [Self; 4] = [
        Self::Active,
        Self::Suspended,
        Self::Cancelled,
        Self::Completed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Suspended => "suspended",
            Self::Cancelled => "cancelled",
            Self::Completed => "completed",
        }
    }

    pub fn from_db(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }

    pub fn can_become(self, next: Self) -> bool {
        TRANSITIONS.contains(&(self, next))
    }
}

#[cfg(test)]
mod tests {
    use super::TrajetStatus::*;
    use super::*;

    #[test]
    fn a_finished_trajet_never_comes_back() {
        for next in TrajetStatus::ALL {
            assert!(!Cancelled.can_become(next));
            assert!(!Completed.can_become(next));
        }
    }

    #[test]
    fn a_suspended_trajet_can_resume_but_not_complete() {
        assert!(Suspended.can_become(Active));
        assert!(!Suspended.can_become(Completed));
        assert!(!Active.can_become(Active));
    }
}
