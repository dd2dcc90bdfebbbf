//! A staff email address, lower-cased, checked for a plausible shape.

use crate::error::{Error, Result};
use crate::i18n::Message;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(field: &'static str, raw: &str) -> Result<Self> {
        let value = raw.trim().to_lowercase();
        if value.is_empty() {
            return Err(Error::invalid(field, Message::EmailRequired));
        }
        let valid = value.len() <= Self::MAX_LEN
            && value.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && local.len() <= 64
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
                    && !domain.contains('@')
            })
            && value
                .chars()
                .all(|c| c.is_alphanumeric() || "@.-_+'".contains(c));
        if !valid {
            return Err(Error::invalid(field, Message::EmailInvalid));
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_is_trimmed_and_lower_cased() {
        let email = Email::parse("email", "  Awa.Diop@Billettigue.SN ").map(|e| e.0);
        assert_eq!(email.ok().as_deref(), Some("awa.diop@billettigue.sn"));
    }

    #[test]
    fn malformed_or_hostile_emails_are_refused() {
        for bad in [
            "",
            "   ",
            "awa",
            "awa@",
            "@sn.com",
            "awa@sn",
            "a@b..com",
            "x'; DROP TABLE comptes;--@a.com",
            "a b@c.com",
        ] {
            assert!(
                Email::parse("email", bad).is_err(),
                "{bad:?} should be refused"
            );
        }
        let huge = format!("{}@example.com", "a".repeat(300));
        assert!(Email::parse("email", &huge).is_err());
    }
}
