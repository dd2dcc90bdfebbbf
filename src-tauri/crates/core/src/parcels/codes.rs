//! Tracking codes and delivery codes.
//!
//! A tracking code is 11 random symbols of Crockford's base32 (no I, L, O, U: nothing to confuse
//! when read aloud) and a check symbol, shown in groups of three: `K7Q-M4X-R9P-T2C`. 55 random
//! bits make it hard to guess and let desks issue codes offline without colliding; the check
//! symbol catches a mistyped or swapped symbol before any lookup. A piece's code is the envoi's
//! with its number: `K7Q-M4X-R9P-T2C/2`. The delivery code is six digits given to the sender only.

use rand::Rng;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RANDOM_SYMBOLS: usize = 11;
const DELIVERY_DIGITS: usize = 6;

/// A new random tracking code, e.g. `K7Q-M4X-R9P-T2C`.
pub fn new_tracking_code() -> String {
    let mut rng = rand::thread_rng();
    let mut values: Vec<u8> = (0..RANDOM_SYMBOLS)
        .map(|_| rng.gen_range(0..ALPHABET.len() as u8))
        .collect();
    values.push(check_value(&values));
    group(&values)
}

/// Weighted sum modulo 31 (a prime): any single wrong symbol, and any two neighbours swapped,
/// change it (except the pair 0 and Z, 31 apart).
fn check_value(values: &[u8]) -> u8 {
    let sum: u32 = values
        .iter()
        .enumerate()
        .map(|(i, &v)| (i as u32 + 1) * u32::from(v))
        .sum();
    (sum % 31) as u8
}

fn group(values: &[u8]) -> String {
    values
        .chunks(3)
        .map(|chunk| {
            chunk
                .iter()
                .map(|&v| char::from(ALPHABET[usize::from(v)]))
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// A tracking code as typed or scanned, in its canonical form; `None` when it cannot be one
/// (wrong length, foreign symbol, check symbol wrong). Case, spaces and dashes are ignored and
/// O, I, L read as 0, 1, 1.
pub fn normalize_tracking(text: &str) -> Option<String> {
    let mut values = Vec::with_capacity(RANDOM_SYMBOLS + 1);
    for c in text.chars() {
        let c = match c.to_ascii_uppercase() {
            ' ' | '-' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        let value = ALPHABET.iter().position(|&a| char::from(a) == c)?;
        values.push(value as u8);
    }
    if values.len() != RANDOM_SYMBOLS + 1 {
        return None;
    }
    let (random, check) = values.split_at(RANDOM_SYMBOLS);
    (check[0] == check_value(random)).then(|| group(&values))
}

/// The code printed on piece `number` of an envoi.
pub fn colis_code(tracking_code: &str, number: i64) -> String {
    format!("{tracking_code}/{number}")
}

/// What a clerk typed or scanned: an envoi's code, or one piece's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParcelCode {
    Envoi(String),
    Colis(String, i64),
}

impl ParcelCode {
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().split_once('/') {
            None => normalize_tracking(text).map(Self::Envoi),
            Some((envoi, piece)) => {
                let number: i64 = piece.trim().parse().ok().filter(|n| *n >= 1)?;
                normalize_tracking(envoi).map(|code| Self::Colis(code, number))
            }
        }
    }

    pub fn tracking_code(&self) -> &str {
        match self {
            Self::Envoi(code) | Self::Colis(code, _) => code,
        }
    }
}

/// A new delivery code: six random digits.
pub fn new_delivery_code() -> String {
    let mut rng = rand::thread_rng();
    (0..DELIVERY_DIGITS)
        .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
        .collect()
}

/// The six digits of a delivery code as typed (spaces and dashes ignored), or `None`.
pub fn normalize_delivery_code(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    (digits.len() == DELIVERY_DIGITS && digits.chars().all(|c| c.is_ascii_digit()))
        .then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_are_canonical_and_distinct() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..2000 {
            let code = new_tracking_code();
            assert_eq!(code.len(), 15, "{code}");
            assert_eq!(normalize_tracking(&code).as_deref(), Some(code.as_str()));
            assert!(seen.insert(code));
        }
    }

    #[test]
    fn every_single_typo_and_neighbour_swap_is_caught() {
        let code = new_tracking_code();
        let symbols: Vec<char> = code.chars().filter(|c| *c != '-').collect();
        for i in 0..symbols.len() {
            for &replacement in ALPHABET {
                let replacement = char::from(replacement);
                if replacement == symbols[i]
                    || matches!((symbols[i], replacement), ('0', 'Z') | ('Z', '0'))
                {
                    continue;
                }
                let mut typo = symbols.clone();
                typo[i] = replacement;
                let typo: String = typo.into_iter().collect();
                assert_eq!(normalize_tracking(&typo), None, "{code} → {typo}");
            }
            if i + 1 < symbols.len()
                && symbols[i] != symbols[i + 1]
                && !matches!((symbols[i], symbols[i + 1]), ('0', 'Z') | ('Z', '0'))
            {
                let mut swapped = symbols.clone();
                swapped.swap(i, i + 1);
                let swapped: String = swapped.into_iter().collect();
                assert_eq!(normalize_tracking(&swapped), None, "{code} → {swapped}");
            }
        }
    }

    #[test]
    fn reading_is_forgiving_about_case_spaces_and_look_alikes() {
        let code = new_tracking_code();
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(normalize_tracking(&typed).as_deref(), Some(code.as_str()));
        let piece = ParcelCode::parse(&format!(" {typed} / 2 "));
        assert_eq!(piece, Some(ParcelCode::Colis(code.clone(), 2)));
        assert_eq!(ParcelCode::parse(&format!("{code}/0")), None);
        assert_eq!(ParcelCode::parse("K7QM-4XR9-PT2C"), None);
    }

    #[test]
    fn delivery_codes_are_six_digits() {
        for _ in 0..100 {
            let code = new_delivery_code();
            assert_eq!(
                normalize_delivery_code(&code).as_deref(),
                Some(code.as_str())
            );
        }
        assert_eq!(
            normalize_delivery_code("482 917").as_deref(),
            Some("482917")
        );
        assert_eq!(normalize_delivery_code("48291"), None);
        assert_eq!(normalize_delivery_code("48291a"), None);
    }
}
