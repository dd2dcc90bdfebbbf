//! The payment provider's configuration: base URL and merchant id in `system_config`, the API
//! key in the OS keyring (never in the database, never shown again once saved).

use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::http::HttpProvider;
use super::provider::PaymentProvider;
use crate::auth::Session;
use crate::config;
use crate::desk::Desk;
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;

const API_KEY_MAX: usize = 200;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ProviderSettingsView {
    /// Mobile money and card can be taken (URL, merchant and key are all set).
    pub configured: bool,
    pub base_url: Option<String>,
    pub merchant_id: Option<String>,
    /// Whether an API key is saved in the keyring; the key itself is never shown.
    pub has_api_key: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ConfigureProviderArgs {
    pub base_url: String,
    pub merchant_id: String,
    /// A new API key; none keeps the one saved.
    #[serde(default)]
    pub api_key: Option<String>,
}

fn api_key_name(desk: &Desk) -> String {
    format!("payments-provider-api-key:{}", desk.desk_uid())
}

async fn setting(conn: &mut SqliteConnection, key: &str) -> Result<Option<String>> {
    Ok(Some(config::text(conn, key, "").await?).filter(|v| !v.trim().is_empty()))
}

pub async fn view(desk: &Desk) -> Result<ProviderSettingsView> {
    let mut conn = desk.pool().acquire().await?;
    let base_url = setting(&mut conn, config::PROVIDER_BASE_URL).await?;
    let merchant_id = setting(&mut conn, config::PROVIDER_MERCHANT_ID).await?;
    let has_api_key = desk.secrets().get(&api_key_name(desk))?.is_some();
    Ok(ProviderSettingsView {
        configured: base_url.is_some() && merchant_id.is_some() && has_api_key,
        base_url,
        merchant_id,
        has_api_key,
    })
}

/// Saves the provider's URL, merchant id and (when given) API key.
pub async fn configure(
    desk: &Desk,
    session: &Session,
    args: ConfigureProviderArgs,
) -> Result<ProviderSettingsView> {
    let api_key = match args.api_key.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(key) if key.len() > API_KEY_MAX => {
            return Err(Error::invalid("api_key", Message::TextTooLong(API_KEY_MAX)))
        }
        Some(key) if !key.chars().all(|c| c.is_ascii_graphic()) => {
            return Err(Error::invalid(
                "api_key",
                Message::ConfigValueInvalid("api_key".into()),
            ))
        }
        Some(key) => Some(key.to_owned()),
    };
    if api_key.is_none() && desk.secrets().get(&api_key_name(desk))?.is_none() {
        return Err(Error::invalid("api_key", Message::ProviderKeyRequired));
    }
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    config::store(
        &mut tx,
        session,
        config::PROVIDER_BASE_URL,
        &args.base_url,
        now,
    )
    .await
    .map_err(|e| e.at("base_url"))?;
    config::store(
        &mut tx,
        session,
        config::PROVIDER_MERCHANT_ID,
        &args.merchant_id,
        now,
    )
    .await
    .map_err(|e| e.at("merchant_id"))?;
    if let Some(key) = &api_key {
        crate::audit::record(
            &mut tx,
            Some(session.compte_id),
            "payments.api_key_set",
            Some("system_config"),
            None,
            serde_json::json!({}),
            now,
        )
        .await?;
        // Saved before the commit: a keyring failure leaves the configuration unchanged.
        desk.secrets().set(&api_key_name(desk), key)?;
    }
    tx.commit().await?;
    view(desk).await
}

/// The configured provider, or why mobile money and card cannot be taken now.
pub async fn provider(
    desk: &Desk,
    conn: &mut SqliteConnection,
) -> Result<Box<dyn PaymentProvider>> {
    let not_configured = || Error::new(ErrorCode::Unavailable, Message::ProviderNotConfigured);
    let base_url = setting(conn, config::PROVIDER_BASE_URL)
        .await?
        .ok_or_else(not_configured)?;
    let merchant_id = setting(conn, config::PROVIDER_MERCHANT_ID)
        .await?
        .ok_or_else(not_configured)?;
    let api_key = desk
        .secrets()
        .get(&api_key_name(desk))?
        .ok_or_else(not_configured)?;
    let timeout = config::integer(conn, config::PROVIDER_TIMEOUT_SECONDS, 20).await?;
    Ok(Box::new(HttpProvider::new(
        desk.http_client(),
        &base_url,
        &merchant_id,
        &api_key,
        Duration::from_secs(u64::try_from(timeout.max(1)).unwrap_or(20)),
    )))
}
