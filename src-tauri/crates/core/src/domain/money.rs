//! An amount of money in minor units (hundredths of the currency), never a float.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::i18n::Message;

/// Hundredths of the configured currency (FCFA by default). In MySQL: `DECIMAL(10,2)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(type = "number")]
pub struct Money(i64);

impl Money {
    /// The largest amount `DECIMAL(10,2)` holds: 99 999 999.99.
    pub const MAX_MINOR: i64 = 9_999_999_999;

    /// A non-negative amount within the central database's range.
    pub fn parse(field: &'static str, minor_units: i64) -> Result<Self> {
        if !(0..=Self::MAX_MINOR).contains(&minor_units) {
            return Err(Error::invalid(
                field,
                Message::NumberOutOfRange {
                    min: 0,
                    max: Self::MAX_MINOR,
                },
            ));
        }
        Ok(Self(minor_units))
    }

    pub fn minor_units(self) -> i64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_or_oversized_amounts_are_refused() {
        assert!(Money::parse("price", -1).is_err());
        assert!(Money::parse("price", Money::MAX_MINOR + 1).is_err());
        assert_eq!(
            Money::parse("price", 500_000).map(Money::minor_units).ok(),
            Some(500_000)
        );
    }
}
