//! The one interface every payment provider implements: create a payment under an idempotency
//! key, ask its status, refund it. A second provider is a new file implementing this trait.

use async_trait::async_trait;

use super::PaymentMethod;

/// A payment to create at the provider.
#[derive(Debug, Clone)]
pub struct ChargeRequest {
    /// Sent again unchanged on every retry, so the provider never charges twice.
    pub idempotency_key: String,
    pub amount: i64,
    pub currency: String,
    pub method: PaymentMethod,
    /// The mobile money payer's phone (E.164); none for a card.
    pub payer_phone: Option<String>,
    pub description: String,
    /// The desk's own payment uid, for the provider's statements.
    pub reference: String,
}

#[derive(Debug, Clone)]
pub struct RefundRequest {
    pub idempotency_key: String,
    pub provider_payment: String,
    pub amount: i64,
    pub reason: String,
}

/// Where a payment or refund stands at the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderStatus {
    /// Not settled yet (mobile money: the customer has not approved on the phone).
    Pending,
    Succeeded,
    Failed,
}

/// The provider's answer about one payment or refund.
#[derive(Debug, Clone)]
pub struct ProviderAnswer {
    pub reference: String,
    pub status: ProviderStatus,
    pub amount: i64,
    pub message: Option<String>,
}

/// Why no answer came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderError {
    /// The provider refused the request (4xx): nothing was charged or refunded.
    Refused(String),
    /// Timeout, dropped connection, 5xx or an unreadable answer: the outcome is unknown and
    /// the same request (same idempotency key) must be asked again later.
    Unknown(String),
}

impl ProviderError {
    pub fn message(&self) -> &str {
        match self {
            Self::Refused(message) | Self::Unknown(message) => message,
        }
    }
}

pub type ProviderResult = std::result::Result<ProviderAnswer, ProviderError>;

#[async_trait]
pub trait PaymentProvider: Send + Sync {
    /// The name stored in `paiements.provider`.
    fn name(&self) -> &str;
    /// Creates the payment, or answers the one already created under the same key.
    async fn create(&self, request: &ChargeRequest) -> ProviderResult;
    /// The current state of a payment the provider knows by its reference.
    async fn payment(&self, reference: &str) -> ProviderResult;
    /// Refunds (part of) a succeeded payment, or answers the refund already made under the key.
    async fn refund(&self, request: &RefundRequest) -> ProviderResult;
    /// The current state of a refund.
    async fn refund_status(&self, reference: &str) -> ProviderResult;
}
