//! The core's error type and the `{code, message, field}` payload every command returns on failure.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::i18n::{Locale, Message};

/// The closed list of error codes the UI can match on. Never match on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Validation,
    InvalidCredentials,
    AccountLocked,
    AccountDisabled,
    Unauthenticated,
    SessionExpired,
    Forbidden,
    NotFound,
    Conflict,
    SetupRequired,
    AlreadyInitialized,
    Unavailable,
    /// The desk's own database failed its integrity check: the window offers a guided restore.
    DatabaseDamaged,
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Validation => "validation",
            Self::InvalidCredentials => "invalid_credentials",
            Self::AccountLocked => "account_locked",
            Self::AccountDisabled => "account_disabled",
            Self::Unauthenticated => "unauthenticated",
            Self::SessionExpired => "session_expired",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::Conflict => "conflict",
            Self::SetupRequired => "setup_required",
            Self::AlreadyInitialized => "already_initialized",
            Self::Unavailable => "unavailable",
            Self::DatabaseDamaged => "database_damaged",
            Self::Internal => "internal",
        }
    }
}

/// What a failed command sends back: a code to branch on, a message already translated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ErrorPayload {
    pub code: ErrorCode,
    pub message: String,
    /// The argument at fault, when one is (e.g. `email`), so the UI can point at it.
    pub field: Option<String>,
}

/// An error of the core: a code, a translatable message, and optionally the field at fault.
#[derive(Debug, thiserror::Error)]
#[error("{code:?}: {message:?}")]
pub struct Error {
    pub code: ErrorCode,
    pub message: Message,
    pub field: Option<String>,
    /// The underlying cause of an internal error, for logs only; never shown to the user.
    #[source]
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(code: ErrorCode, message: Message) -> Self {
        Self {
            code,
            message,
            field: None,
            source: None,
        }
    }

    /// Bad input in the named argument (`seats`, or a path such as `passengers[1].phone`).
    pub fn invalid(field: impl Into<String>, message: Message) -> Self {
        Self::new(ErrorCode::Validation, message).at(field)
    }

    /// The same error, blaming the named argument.
    pub fn at(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// The same error, its field named by its full path under `parent` (`template.price`).
    pub fn within(mut self, parent: &str) -> Self {
        self.field = self.field.map(|field| format!("{parent}.{field}"));
        self
    }

    pub fn forbidden() -> Self {
        Self::new(ErrorCode::Forbidden, Message::Forbidden)
    }

    pub fn not_found(message: Message) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }

    pub fn internal(source: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self {
            code: ErrorCode::Internal,
            message: Message::Internal,
            field: None,
            source: Some(Box::new(source)),
        }
    }

    pub fn payload(&self, locale: Locale) -> ErrorPayload {
        ErrorPayload {
            code: self.code,
            message: self.message.text(locale),
            field: self.field.clone(),
        }
    }
}

impl From<sqlx::Error> for Error {
    fn from(err: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &err {
            if db.is_unique_violation() {
                return Self::new(ErrorCode::Conflict, Message::AlreadyExists);
            }
        }
        if reports_damage(&err) {
            return Self {
                source: Some(Box::new(err)),
                ..Self::new(ErrorCode::DatabaseDamaged, Message::DatabaseDamaged)
            };
        }
        Self::internal(err)
    }
}

impl From<sqlx::migrate::MigrateError> for Error {
    fn from(err: sqlx::migrate::MigrateError) -> Self {
        Self::from(sqlx::Error::Migrate(Box::new(err)))
    }
}

/// SQLITE_CORRUPT (11) or SQLITE_NOTADB (26), with their extended codes, however sqlx wraps
/// it (a damaged file is often first noticed while the migrations read their table).
fn reports_damage(err: &sqlx::Error) -> bool {
    use sqlx::migrate::MigrateError;
    let database_error = match err {
        sqlx::Error::Database(db) => Some(db.as_ref()),
        sqlx::Error::Migrate(migrate) => match migrate.as_ref() {
            MigrateError::Execute(sqlx::Error::Database(db))
            | MigrateError::ExecuteMigration(sqlx::Error::Database(db), _) => Some(db.as_ref()),
            _ => None,
        },
        _ => None,
    };
    database_error
        .and_then(|db| db.code())
        .and_then(|code| code.parse::<i64>().ok())
        .is_some_and(|code| matches!(code & 0xff, 11 | 26))
}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Self {
        Self::internal(err)
    }
}
