//! Short free text typed at the counter (names, cities, company names): trimmed, bounded, printable.

use crate::error::{Error, Result};
use crate::i18n::Message;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(String);

impl Text {
    /// A required text of at most `max` characters.
    pub fn parse(field: &'static str, raw: &str, max: usize) -> Result<Self> {
        let value = raw.trim();
        if value.is_empty() {
            return Err(Error::invalid(field, Message::TextRequired));
        }
        if value.chars().count() > max {
            return Err(Error::invalid(field, Message::TextTooLong(max)));
        }
        if value.chars().any(char::is_control) {
            return Err(Error::invalid(field, Message::TextHasControlCharacters));
        }
        Ok(Self(value.to_owned()))
    }

    /// An optional text: absent or blank gives `None`.
    pub fn parse_optional(
        field: &'static str,
        raw: Option<&str>,
        max: usize,
    ) -> Result<Option<Self>> {
        match raw.map(str::trim) {
            None | Some("") => Ok(None),
            Some(value) => Self::parse(field, value, max).map(Some),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_accents_are_kept() {
        assert_eq!(
            Text::parse("first_name", "  Aïssatou ", 80)
                .map(Text::into_string)
                .ok()
                .as_deref(),
            Some("Aïssatou")
        );
    }

    #[test]
    fn empty_too_long_or_control_character_texts_are_refused() {
        assert!(Text::parse("first_name", "   ", 80).is_err());
        assert!(Text::parse("first_name", &"é".repeat(81), 80).is_err());
        assert!(Text::parse("first_name", "Awa\u{0}Diop", 80).is_err());
        assert_eq!(
            Text::parse_optional("company_name", Some("  "), 80).ok(),
            Some(None)
        );
    }
}
