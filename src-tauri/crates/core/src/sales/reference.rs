//! Booking references: 12 symbols of Crockford's base32 (no I, L, O, U), shown in groups of four.
//!
//! Desks issue them offline, so they are random (60 bits), not counted: at ten million tickets a
//! year the chance that any two desks ever issued the same one in that year is about 4 in 100 000,
//! and each desk's unique index retries the rare local clash. Reading is forgiving: case,
//! spaces and dashes are ignored and the look-alikes O, I and L read as 0, 1 and 1.

use rand::Rng;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const SYMBOLS: usize = 12;

/// A new random reference, e.g. `K7QM-4XR9-PT2C`.
pub fn generate() -> String {
    let mut rng = rand::thread_rng();
    let symbols: Vec<u8> = (0..SYMBOLS)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())])
        .collect();
    group(&symbols)
}

/// The reference a clerk typed or a scanner read, in its canonical form, or `None` when it
/// cannot be one.
pub fn normalize(text: &str) -> Option<String> {
    let mut symbols = Vec::with_capacity(SYMBOLS);
    for c in text.chars() {
        let c = match c.to_ascii_uppercase() {
            ' ' | '-' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) {
            return None;
        }
        symbols.push(c as u8);
    }
    (symbols.len() == SYMBOLS).then(|| group(&symbols))
}

fn group(symbols: &[u8]) -> String {
    symbols
        .chunks(4)
        .map(|chunk| chunk.iter().map(|&b| char::from(b)).collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_references_are_canonical() {
        for _ in 0..1000 {
            let reference = generate();
            assert_eq!(reference.len(), 14);
            assert_eq!(normalize(&reference).as_deref(), Some(reference.as_str()));
        }
    }

    #[test]
    fn typing_is_forgiving_but_not_careless() {
        assert_eq!(
            normalize(" k7qm 4xr9-pt2c ").as_deref(),
            Some("K7QM-4XR9-PT2C")
        );
        assert_eq!(
            normalize("OILO-0000-0000").as_deref(),
            Some("0110-0000-0000")
        );
        assert_eq!(normalize("K7QM-4XR9-PT2"), None);
        assert_eq!(normalize("K7QM-4XR9-PT2U"), None);
        assert_eq!(normalize("K7QM-4XR9-PT2É"), None);
    }
}
