//! Payments: cash at the till, mobile money and card through a provider. Owns the `paiements`
//! rows, their allocations to reservations, refunds and the payment transaction log.
//!
//! A provider payment is written `pending` (with its idempotency key) and committed *before*
//! the provider is called, then settled from the answer in a second transaction. A timeout or
//! dropped connection leaves it pending; `reconcile` asks again with the same key, so a payment
//! is never lost and never charged twice.

mod charge;
mod http;
pub mod log;
mod provider;
mod reconcile;
pub mod refunds;
pub mod settings;
pub(crate) mod view;

pub use charge::{
    charge, payer_phone, record_cash, retry, start_provider_payment, Payee, PaymentStart,
    RetryArgs, RetryReceipt,
};
pub use http::HttpProvider;
pub use log::PaymentLogEntry;
pub use provider::{
    ChargeRequest, PaymentProvider, ProviderAnswer, ProviderError, ProviderResult, ProviderStatus,
    RefundRequest,
};
pub use reconcile::{check, reconcile, release_expired_holds, ReconcileSummary};
pub use refunds::{pay_out, refunds_due, RefundDue, RefundRef};
pub use settings::{ConfigureProviderArgs, ProviderSettingsView};
pub use view::{get, list, payment_log, ListPaymentsArgs, PaymentRef, PaymentView};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// Notes and coins into the till's drawer; always available, offline included.
    #[default]
    Cash,
    /// Orange Money, Wave, MTN MoMo style: the customer approves on the phone.
    MobileMoney,
    /// On the provider's card terminal: the desk never sees the card.
    Card,
}

impl PaymentMethod {
    pub const ALL: [Self; 3] = [Self::Cash, Self::MobileMoney, Self::Card];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cash => "cash",
            Self::MobileMoney => "mobile_money",
            Self::Card => "card",
        }
    }

    pub fn from_db(text: &str) -> Self {
        match text {
            "mobile_money" => Self::MobileMoney,
            "card" => Self::Card,
            _ => Self::Cash,
        }
    }

    /// Goes through the payment provider (not the drawer).
    pub fn through_provider(self) -> bool {
        self != Self::Cash
    }

    /// The method's name for people.
    pub fn label(self, locale: crate::i18n::Locale) -> String {
        match self {
            Self::Cash => crate::i18n::Message::MethodCash,
            Self::MobileMoney => crate::i18n::Message::MethodMobileMoney,
            Self::Card => crate::i18n::Message::MethodCard,
        }
        .text(locale)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    /// Sent to the provider, no final answer yet (or the answer was lost).
    Pending,
    Completed,
    /// Declined or refused: nothing was charged.
    Failed,
    /// Completed, then given back in full.
    Refunded,
}

impl PaymentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Completed => "completed",
            Self::Failed => "failed",
            Self::Refunded => "refunded",
        }
    }

    pub fn from_db(text: &str) -> Self {
        match text {
            "completed" => Self::Completed,
            "failed" => Self::Failed,
            "refunded" => Self::Refunded,
            _ => Self::Pending,
        }
    }
}
