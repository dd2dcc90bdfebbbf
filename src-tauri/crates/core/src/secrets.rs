//! Where the desk keeps its secrets: the OS keyring, or an explicitly chosen fallback.
//!
//! Choice, by `BILLETTIGUE_SECRET_STORE` (or the CLI's `--secret-store`):
//! - `os` (default): Secret Service on Linux desktops, Keychain on macOS, Credential Manager
//!   on Windows. If it cannot be reached the desk refuses to start and says how to choose.
//! - `keyutils`: the Linux kernel keyring (headless machines, CI): the session keyring, linked
//!   to the user's persistent keyring so that later sessions find it. Lost at reboot, which for
//!   the session-signing key only means signing in again.
//! - `file:PATH`: a file readable by its owner only (mode 0600). Never chosen silently: only
//!   when asked for by name, and the desk logs a warning at each start.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;

const SERVICE: &str = "billettigue-desk";

pub trait SecretStore: Send + Sync {
    fn get(&self, name: &str) -> Result<Option<String>>;
    fn set(&self, name: &str, value: &str) -> Result<()>;
    /// A short description for logs and `doctor` output (never the secrets).
    fn describe(&self) -> String;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretBackend {
    Os,
    Keyutils,
    File(PathBuf),
}

impl SecretBackend {
    /// The store named by `BILLETTIGUE_SECRET_STORE`, or the OS keyring when it is unset.
    pub fn from_env() -> Result<Self> {
        Self::parse(
            std::env::var("BILLETTIGUE_SECRET_STORE")
                .unwrap_or_default()
                .trim(),
        )
    }

    pub fn parse(text: &str) -> Result<Self> {
        match text {
            "" | "os" => Ok(Self::Os),
            "keyutils" => Ok(Self::Keyutils),
            other => match other.strip_prefix("file:") {
                Some(path) if !path.is_empty() => Ok(Self::File(PathBuf::from(path))),
                _ => Err(unavailable(format!(
                    "unknown secret store {other:?}; use os, keyutils or file:PATH"
                ))),
            },
        }
    }

    /// Opens the chosen store and proves it works by writing and reading back a probe.
    pub fn open(&self) -> Result<Arc<dyn SecretStore>> {
        let store: Arc<dyn SecretStore> = match self {
            Self::Os => Arc::new(KeyringStore::os()?),
            Self::Keyutils => Arc::new(KeyringStore::keyutils()?),
            Self::File(path) => Arc::new(FileStore::new(path.clone())),
        };
        store.set("probe", "ok")?;
        match store.get("probe")?.as_deref() {
            Some("ok") => Ok(store),
            _ => Err(unavailable(format!(
                "{} accepted a secret but did not give it back (for keyutils, run inside `keyctl session -`)",
                store.describe()
            ))),
        }
    }
}

fn unavailable(detail: String) -> Error {
    Error::new(
        ErrorCode::Unavailable,
        Message::SecretStoreUnavailable(detail),
    )
}

/// A store of the `keyring` ecosystem (keyring-core plus one platform store).
struct KeyringStore {
    store: Arc<keyring_core::CredentialStore>,
    label: &'static str,
}

impl KeyringStore {
    fn os() -> Result<Self> {
        #[cfg(target_os = "linux")]
        let (store, label): (Arc<keyring_core::CredentialStore>, _) = (
            zbus_secret_service_keyring_store::Store::new().map_err(|e| unavailable(format!(
                "Secret Service: {e}. On a machine without a desktop session, set BILLETTIGUE_SECRET_STORE=keyutils (inside `keyctl session -`) or file:PATH"
            )))?,
            "Secret Service",
        );
        #[cfg(target_os = "macos")]
        let (store, label): (Arc<keyring_core::CredentialStore>, _) = (
            apple_native_keyring_store::keychain::Store::new()
                .map_err(|e| unavailable(e.to_string()))?,
            "macOS Keychain",
        );
        #[cfg(target_os = "windows")]
        let (store, label): (Arc<keyring_core::CredentialStore>, _) = (
            windows_native_keyring_store::Store::new().map_err(|e| unavailable(e.to_string()))?,
            "Windows Credential Manager",
        );
        Ok(Self { store, label })
    }

    fn keyutils() -> Result<Self> {
        #[cfg(target_os = "linux")]
        {
            let store = linux_keyutils_keyring_store::Store::new()
                .map_err(|e| unavailable(format!("keyutils: {e}")))?;
            Ok(Self {
                store,
                label: "Linux keyutils (session keyring)",
            })
        }
        #[cfg(not(target_os = "linux"))]
        Err(unavailable("keyutils exists only on Linux".into()))
    }

    fn entry(&self, name: &str) -> Result<keyring_core::Entry> {
        self.store
            .build(SERVICE, name, None)
            .map_err(|e| unavailable(e.to_string()))
    }
}

impl SecretStore for KeyringStore {
    fn get(&self, name: &str) -> Result<Option<String>> {
        match self.entry(name)?.get_password() {
            Ok(value) => Ok(Some(value)),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(format!("{}: {e}", self.label))),
        }
    }

    fn set(&self, name: &str, value: &str) -> Result<()> {
        self.entry(name)?
            .set_password(value)
            .map_err(|e| unavailable(format!("{}: {e}", self.label)))
    }

    fn describe(&self) -> String {
        self.label.to_owned()
    }
}

/// The explicit fallback: a JSON file of name → secret, mode 0600, written atomically.
struct FileStore {
    path: PathBuf,
    lock: std::sync::Mutex<()>,
}

impl FileStore {
    fn new(path: PathBuf) -> Self {
        Self {
            path,
            lock: std::sync::Mutex::new(()),
        }
    }

    fn read_all(&self) -> Result<BTreeMap<String, String>> {
        match std::fs::read_to_string(&self.path) {
            Ok(text) => serde_json::from_str(&text)
                .map_err(|e| unavailable(format!("{}: {e}", self.path.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(e) => Err(unavailable(format!("{}: {e}", self.path.display()))),
        }
    }
}

impl SecretStore for FileStore {
    fn get(&self, name: &str) -> Result<Option<String>> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        Ok(self.read_all()?.remove(name))
    }

    fn set(&self, name: &str, value: &str) -> Result<()> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut all = self.read_all()?;
        all.insert(name.to_owned(), value.to_owned());
        let text = serde_json::to_string_pretty(&all).map_err(Error::internal)?;
        let io = |e: std::io::Error| unavailable(format!("{}: {e}", self.path.display()));
        if let Some(parent) = self.path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        let temporary = self.path.with_extension("tmp");
        write_private(&temporary, text.as_bytes()).map_err(io)?;
        std::fs::rename(&temporary, &self.path).map_err(io)
    }

    fn describe(&self) -> String {
        format!(
            "file {} (explicit fallback, not a keyring)",
            self.path.display()
        )
    }
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_store_names_are_refused_rather_than_falling_back() {
        assert!(SecretBackend::parse("plaintext").is_err());
        assert!(SecretBackend::parse("file:").is_err());
        assert_eq!(SecretBackend::parse("").ok(), Some(SecretBackend::Os));
    }

    #[cfg(unix)]
    #[test]
    fn the_file_fallback_keeps_secrets_readable_by_the_owner_only() -> Result<()> {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().map_err(Error::internal)?;
        let path = dir.path().join("secrets.json");
        let store = SecretBackend::File(path.clone()).open()?;
        store.set("signing-key", "s3cr3t")?;
        assert_eq!(store.get("signing-key")?.as_deref(), Some("s3cr3t"));
        assert_eq!(store.get("absent")?, None);
        let mode = std::fs::metadata(&path)
            .map_err(Error::internal)?
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        Ok(())
    }
}
