//! A new password as typed by a person, checked against the configured minimum length.

use crate::error::{Error, Result};
use crate::i18n::Message;

/// A candidate password. Never logged: `Debug` hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

impl Password {
    /// Long passphrases are welcome; beyond this, hashing cost is the only thing gained.
    pub const MAX_LEN: usize = 256;

    pub fn parse(field: &'static str, raw: &str, min_len: usize) -> Result<Self> {
        let length = raw.chars().count();
        if length < min_len {
            return Err(Error::invalid(field, Message::PasswordTooShort(min_len)));
        }
        if length > Self::MAX_LEN {
            return Err(Error::invalid(
                field,
                Message::PasswordTooLong(Self::MAX_LEN),
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_shorter_than_the_minimum_is_refused() {
        assert!(Password::parse("password", "court", 10).is_err());
        assert!(Password::parse("password", "assez-long-1", 10).is_ok());
    }

    #[test]
    fn a_huge_password_is_refused_and_debug_never_shows_it() {
        assert!(Password::parse("password", &"x".repeat(10_000), 10).is_err());
        let secret = Password::parse("password", "tres-secret-123", 10).ok();
        assert!(!format!("{secret:?}").contains("secret-123"));
    }
}
