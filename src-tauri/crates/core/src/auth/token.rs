//! Session tokens: a signed, expiring claim `bt1.<payload>.<mac>` (HMAC-SHA256, key in the keyring).
//!
//! Revocation is the `revoked_tokens` table, keyed by the SHA-256 of the token, so that a
//! bearer token is never stored at rest.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

const PREFIX: &str = "bt1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Session id.
    pub sid: String,
    /// The compte's global id.
    pub sub: String,
    /// Issued at, milliseconds since the Unix epoch.
    pub iat: i64,
    /// Expires at, milliseconds since the Unix epoch.
    pub exp: i64,
}

pub fn sign(claims: &Claims, key: &[u8]) -> String {
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).unwrap_or_default());
    let signing_input = format!("{PREFIX}.{payload}");
    format!(
        "{signing_input}.{}",
        URL_SAFE_NO_PAD.encode(mac(key, &signing_input))
    )
}

/// The claims of a token signed with `key`, or `None` for anything forged, altered or garbled.
/// Expiry is the caller's check: it needs the clock.
pub fn verify(token: &str, key: &[u8]) -> Option<Claims> {
    let (signing_input, signature) = token.rsplit_once('.')?;
    let payload = signing_input.strip_prefix(PREFIX)?.strip_prefix('.')?;
    let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
    let mut verifier = HmacSha256::new_from_slice(key).ok()?;
    verifier.update(signing_input.as_bytes());
    verifier.verify_slice(&signature).ok()?;
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()
}

fn mac(key: &[u8], input: &str) -> Vec<u8> {
    match HmacSha256::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(input.as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

/// What `revoked_tokens.token` holds for a token.
pub fn fingerprint(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> Claims {
        Claims {
            sid: "s".into(),
            sub: "u".into(),
            iat: 1,
            exp: 2,
        }
    }

    #[test]
    fn a_signed_token_verifies_with_its_key_only() {
        let token = sign(&claims(), b"key-one-key-one-key-one-key-one!");
        assert_eq!(
            verify(&token, b"key-one-key-one-key-one-key-one!"),
            Some(claims())
        );
        assert_eq!(verify(&token, b"key-two-key-two-key-two-key-two!"), None);
    }

    #[test]
    fn an_altered_or_garbled_token_is_refused() {
        let key = b"key-one-key-one-key-one-key-one!";
        let token = sign(&claims(), key);
        let forged_payload =
            URL_SAFE_NO_PAD.encode(br#"{"sid":"s","sub":"admin","iat":1,"exp":9999999999999}"#);
        let parts: Vec<&str> = token.split('.').collect();
        let forged = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
        for bad in [
            forged.as_str(),
            "",
            "bt1",
            "bt1..",
            "not.a.token",
            &token[..token.len() - 2],
        ] {
            assert_eq!(verify(bad, key), None, "{bad:?}");
        }
    }

    #[test]
    fn the_fingerprint_is_the_sha256_hex_of_the_token() {
        assert_eq!(
            fingerprint("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
