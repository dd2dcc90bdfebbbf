//! A phone number normalised to E.164 (`+221771234567`); local numbers default to Senegal's prefix.

use crate::error::{Error, Result};
use crate::i18n::Message;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Country prefix assumed for a number typed without one.
    pub const DEFAULT_COUNTRY_CODE: &'static str = "221";

    pub fn parse(field: &'static str, raw: &str) -> Result<Self> {
        let trimmed = raw.trim();
        if trimmed
            .chars()
            .any(|c| !(c.is_ascii_digit() || " .-()+".contains(c)))
        {
            return Err(Error::invalid(field, Message::PhoneInvalid));
        }
        let international = trimmed.starts_with('+') || trimmed.starts_with("00");
        let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
        let full = if trimmed.starts_with("00") {
            digits[2..].to_owned()
        } else if international {
            digits
        } else {
            format!("{}{}", Self::DEFAULT_COUNTRY_CODE, digits)
        };
        // E.164: at most 15 digits; West African numbers are 11 to 13 with their prefix.
        if !(8..=15).contains(&full.len()) || trimmed.matches('+').count() > 1 {
            return Err(Error::invalid(field, Message::PhoneInvalid));
        }
        Ok(Self(format!("+{full}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalised(raw: &str) -> Option<String> {
        PhoneNumber::parse("phone_number", raw).ok().map(|p| p.0)
    }

    #[test]
    fn senegalese_and_ivorian_numbers_are_normalised() {
        assert_eq!(normalised("77 123 45 67").as_deref(), Some("+221771234567"));
        assert_eq!(
            normalised("+225 07 08 09 10 11").as_deref(),
            Some("+2250708091011")
        );
        assert_eq!(
            normalised("00221-77-123-45-67").as_deref(),
            Some("+221771234567")
        );
    }

    #[test]
    fn letters_short_or_overlong_numbers_are_refused() {
        for bad in [
            "",
            "abc",
            "77 12",
            "+221 77 123 45 67 89 01 23",
            "1' OR '1'='1",
            "++22177",
        ] {
            assert_eq!(normalised(bad), None, "{bad:?} should be refused");
        }
    }
}
