//! The signed QR payload of a ticket: what it carries, how a desk signs it (Ed25519, key in the
//! secret store) and how any desk verifies it offline with the issuing desk's public key.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use chrono::{DateTime, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

use crate::error::Result;
use crate::secrets::SecretStore;

/// Version tag of the payload layout; a new layout gets a new tag, old tickets stay readable.
const TAG: &str = "BLT1";

/// What a ticket's QR code asserts, signed by the desk that issued it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketClaim {
    pub booking_reference: String,
    pub trajet_uid: String,
    pub seats: Vec<i64>,
    pub departure_time: DateTime<Utc>,
    pub desk_uid: String,
}

impl TicketClaim {
    /// The signed part: fields joined by `|`, none of which can contain one.
    fn message(&self) -> String {
        let seats: Vec<String> = self.seats.iter().map(i64::to_string).collect();
        format!(
            "{TAG}|{}|{}|{}|{}|{}",
            self.booking_reference,
            self.trajet_uid,
            seats.join(","),
            self.departure_time.timestamp(),
            self.desk_uid
        )
    }

    /// The text to put in the QR code: the claim and its signature.
    pub fn sign(&self, key: &SigningKey) -> String {
        let message = self.message();
        let signature = key.sign(message.as_bytes());
        format!("{message}|{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
    }

    /// Reads a scanned payload without checking it: who signed it must be looked up first.
    pub fn parse(payload: &str) -> Option<(Self, Signature)> {
        let parts: Vec<&str> = payload.trim().split('|').collect();
        let [tag, reference, trajet_uid, seats, departure, desk_uid, signature] = parts[..] else {
            return None;
        };
        if tag != TAG {
            return None;
        }
        let seats = seats
            .split(',')
            .map(|seat| seat.parse().ok())
            .collect::<Option<Vec<i64>>>()?;
        let departure_time = DateTime::from_timestamp(departure.parse().ok()?, 0)?;
        let signature_bytes: [u8; 64] = URL_SAFE_NO_PAD.decode(signature).ok()?.try_into().ok()?;
        Some((
            Self {
                booking_reference: reference.to_owned(),
                trajet_uid: trajet_uid.to_owned(),
                seats,
                departure_time,
                desk_uid: desk_uid.to_owned(),
            },
            Signature::from_bytes(&signature_bytes),
        ))
    }

    /// Whether `signature` is this claim's, made with the key behind `public_key` (base64).
    pub fn verify(&self, signature: &Signature, public_key: &str) -> bool {
        let Some(key) = decode_public_key(public_key) else {
            return false;
        };
        key.verify(self.message().as_bytes(), signature).is_ok()
    }
}

fn decode_public_key(encoded: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = STANDARD.decode(encoded.trim()).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

pub fn encode_public_key(key: &SigningKey) -> String {
    STANDARD.encode(key.verifying_key().to_bytes())
}

/// This desk's ticket-signing key, created on first use and kept in the secret store.
pub fn load_or_create_key(secrets: &dyn SecretStore, desk_uid: &str) -> Result<SigningKey> {
    let name = format!("ticket-signing-key:{desk_uid}");
    if let Some(encoded) = secrets.get(&name)? {
        if let Ok(bytes) = <[u8; 32]>::try_from(STANDARD.decode(encoded.trim()).unwrap_or_default())
        {
            return Ok(SigningKey::from_bytes(&bytes));
        }
    }
    let key = SigningKey::generate(&mut rand::rngs::OsRng);
    secrets.set(&name, &STANDARD.encode(key.to_bytes()))?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim() -> TicketClaim {
        TicketClaim {
            booking_reference: "K7QM-4XR9-PT2C".into(),
            trajet_uid: "0190a000-0000-7000-8000-00000000abcd".into(),
            seats: vec![3, 4],
            departure_time: DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default(),
            desk_uid: "0190a000-0000-7000-8000-00000000dddd".into(),
        }
    }

    #[test]
    fn a_signed_ticket_verifies_and_an_altered_one_does_not() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let public = encode_public_key(&key);
        let payload = claim().sign(&key);
        let (read, signature) = TicketClaim::parse(&payload).expect("payload parses");
        assert_eq!(read, claim());
        assert!(read.verify(&signature, &public));

        let altered = payload.replace("|3,4|", "|3,5|");
        let (read, signature) = TicketClaim::parse(&altered).expect("still parses");
        assert!(!read.verify(&signature, &public));

        let other = encode_public_key(&SigningKey::from_bytes(&[8; 32]));
        let (read, signature) = TicketClaim::parse(&payload).expect("payload parses");
        assert!(!read.verify(&signature, &other));
    }

    #[test]
    fn garbage_is_not_a_ticket() {
        for text in ["", "BLT1", "BLT2|a|b|1|0|d|sig", "K7QM-4XR9-PT2C"] {
            assert!(TicketClaim::parse(text).is_none(), "{text}");
        }
    }
}
