//! The provider's HTTP API (docs/provider-api.md) spoken with reqwest: JSON bodies, bearer key,
//! `Idempotency-Key` header. Maps every transport failure to "outcome unknown".

use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::provider::{
    ChargeRequest, PaymentProvider, ProviderAnswer, ProviderError, ProviderResult, ProviderStatus,
    RefundRequest,
};

pub struct HttpProvider {
    client: reqwest::Client,
    base_url: String,
    merchant_id: String,
    api_key: String,
    timeout: Duration,
}

impl HttpProvider {
    pub fn new(
        client: reqwest::Client,
        base_url: &str,
        merchant_id: &str,
        api_key: &str,
        timeout: Duration,
    ) -> Self {
        Self {
            client,
            base_url: base_url.trim_end_matches('/').to_owned(),
            merchant_id: merchant_id.to_owned(),
            api_key: api_key.to_owned(),
            timeout,
        }
    }

    /// The client every provider call of a desk shares (one connection pool).
    pub fn client() -> reqwest::Client {
        reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .build()
            // Builder failure means the TLS backend could not start: still a client, which
            // fails each call as "unknown" and keeps payments pending rather than panicking.
            .unwrap_or_default()
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> ProviderResult {
        let response = request
            .bearer_auth(&self.api_key)
            .timeout(self.timeout)
            .send()
            .await
            .map_err(|e| ProviderError::Unknown(describe(&e)))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|e| ProviderError::Unknown(describe(&e)))?;
        if status.is_success() {
            let object: WireObject = serde_json::from_slice(&body).map_err(|e| {
                ProviderError::Unknown(format!("réponse illisible du fournisseur : {e}"))
            })?;
            return object.into_answer();
        }
        let message = serde_json::from_slice::<WireError>(&body)
            .map(|e| format!("{} ({})", e.error.message, e.error.code))
            .unwrap_or_else(|_| format!("HTTP {}", status.as_u16()));
        if status.is_client_error() && status.as_u16() != 408 && status.as_u16() != 429 {
            Err(ProviderError::Refused(message))
        } else {
            Err(ProviderError::Unknown(message))
        }
    }
}

fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "le fournisseur n'a pas répondu à temps".to_owned()
    } else if error.is_connect() {
        "fournisseur injoignable".to_owned()
    } else {
        format!("connexion interrompue avec le fournisseur ({error})")
    }
}

#[derive(Serialize)]
struct WireCharge<'a> {
    merchant_id: &'a str,
    amount: i64,
    currency: &'a str,
    method: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    payer_phone: Option<&'a str>,
    description: &'a str,
    reference: &'a str,
}

#[derive(Serialize)]
struct WireRefund<'a> {
    amount: i64,
    reason: &'a str,
}

/// A payment or refund object as the provider answers it.
#[derive(Deserialize)]
struct WireObject {
    id: String,
    status: String,
    amount: i64,
    #[serde(default)]
    message: Option<String>,
}

impl WireObject {
    fn into_answer(self) -> ProviderResult {
        let status = match self.status.as_str() {
            "pending" => ProviderStatus::Pending,
            "succeeded" => ProviderStatus::Succeeded,
            "failed" => ProviderStatus::Failed,
            other => {
                return Err(ProviderError::Unknown(format!(
                    "statut inconnu du fournisseur : {other}"
                )))
            }
        };
        Ok(ProviderAnswer {
            reference: self.id,
            status,
            amount: self.amount,
            message: self.message,
        })
    }
}

#[derive(Deserialize)]
struct WireError {
    error: WireErrorBody,
}

#[derive(Deserialize)]
struct WireErrorBody {
    code: String,
    message: String,
}

#[async_trait]
impl PaymentProvider for HttpProvider {
    fn name(&self) -> &str {
        "http"
    }

    async fn create(&self, request: &ChargeRequest) -> ProviderResult {
        let body = WireCharge {
            merchant_id: &self.merchant_id,
            amount: request.amount,
            currency: &request.currency,
            method: request.method.as_str(),
            payer_phone: request.payer_phone.as_deref(),
            description: &request.description,
            reference: &request.reference,
        };
        self.send(
            self.client
                .post(format!("{}/v1/payments", self.base_url))
                .header("Idempotency-Key", &request.idempotency_key)
                .json(&body),
        )
        .await
    }

    async fn payment(&self, reference: &str) -> ProviderResult {
        self.send(
            self.client
                .get(format!("{}/v1/payments/{reference}", self.base_url)),
        )
        .await
    }

    async fn refund(&self, request: &RefundRequest) -> ProviderResult {
        self.send(
            self.client
                .post(format!(
                    "{}/v1/payments/{}/refunds",
                    self.base_url, request.provider_payment
                ))
                .header("Idempotency-Key", &request.idempotency_key)
                .json(&WireRefund {
                    amount: request.amount,
                    reason: &request.reason,
                }),
        )
        .await
    }

    async fn refund_status(&self, reference: &str) -> ProviderResult {
        self.send(
            self.client
                .get(format!("{}/v1/refunds/{reference}", self.base_url)),
        )
        .await
    }
}
