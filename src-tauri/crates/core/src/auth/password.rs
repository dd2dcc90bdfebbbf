//! Password hashing with argon2id at OWASP's minimum parameters (19 MiB, 2 passes, 1 lane).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::{Error, Result};

/// OWASP Password Storage Cheat Sheet: argon2id, m = 19 MiB, t = 2, p = 1.
pub const MEMORY_KIB: u32 = 19 * 1024;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

fn argon2() -> Result<Argon2<'static>> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
        .map_err(|e| Error::internal(HashError(e.to_string())))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
struct HashError(String);

/// Hashes on a blocking thread: a hash takes tens of milliseconds of CPU.
pub async fn hash(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        argon2()?
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| Error::internal(HashError(e.to_string())))
    })
    .await
    .map_err(Error::internal)?
}

/// True when `password` matches the stored PHC string. A missing or unreadable hash never matches.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool> {
    tokio::task::spawn_blocking(move || {
        let Some(stored) = stored else {
            // Spend the same time as a real check, so that timing does not reveal unknown accounts.
            let _ = argon2()?.hash_password(
                password.as_bytes(),
                &SaltString::generate(&mut rand::rngs::OsRng),
            );
            return Ok(false);
        };
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return Ok(false);
        };
        Ok(argon2()?
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    })
    .await
    .map_err(Error::internal)?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_is_argon2id_with_owasp_parameters_and_verifies_only_the_right_password(
    ) -> Result<()> {
        let stored = hash("correct horse battery".into()).await?;
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        assert!(verify("correct horse battery".into(), Some(stored.clone())).await?);
        assert!(!verify("wrong horse battery".into(), Some(stored)).await?);
        assert!(!verify("anything".into(), None).await?);
        Ok(())
    }
}
