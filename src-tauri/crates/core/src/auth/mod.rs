//! Who is calling: roles, permissions, passwords, tokens and sessions.

pub mod password;
mod session;
pub mod token;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use session::{authenticate, login, logout, purge_expired_revocations, LoginOutcome};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Agent,
    Transporteur,
    User,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Agent => "agent",
            Self::Transporteur => "transporteur",
            Self::User => "user",
        }
    }

    pub fn from_db(text: &str) -> Option<Self> {
        [Self::Admin, Self::Agent, Self::Transporteur, Self::User]
            .into_iter()
            .find(|role| role.as_str() == text)
    }
}

/// A permission code, as seeded in `permissions` and granted per role in `role_permissions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    AccountsManage,
    AuditRead,
    ConfigManage,
    AgenciesManage,
    ReportsRead,
    SyncManage,
    TrajetsManage,
    SalesSell,
    SalesCancel,
    ParcelsManage,
    ParcelsTariffs,
    TillOperate,
    ManifestsRead,
    BackupsManage,
}

impl Permission {
    pub fn code(self) -> &'static str {
        match self {
            Self::AccountsManage => "accounts.manage",
            Self::AuditRead => "audit.read",
            Self::ConfigManage => "config.manage",
            Self::AgenciesManage => "agencies.manage",
            Self::ReportsRead => "reports.read",
            Self::SyncManage => "sync.manage",
            Self::TrajetsManage => "trajets.manage",
            Self::SalesSell => "sales.sell",
            Self::SalesCancel => "sales.cancel",
            Self::ParcelsManage => "parcels.manage",
            Self::ParcelsTariffs => "parcels.tariffs",
            Self::TillOperate => "till.operate",
            Self::ManifestsRead => "manifests.read",
            Self::BackupsManage => "backups.manage",
        }
    }
}

/// A signed-in caller, re-read from the database on every command.
#[derive(Debug, Clone)]
pub struct Session {
    pub compte_id: i64,
    pub compte_uid: String,
    pub role: Role,
    pub agence_id: Option<i64>,
    pub permissions: Vec<String>,
    pub token_fingerprint: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

impl Session {
    pub fn can(&self, permission: Permission) -> bool {
        self.permissions
            .iter()
            .any(|code| code == permission.code())
    }
}
