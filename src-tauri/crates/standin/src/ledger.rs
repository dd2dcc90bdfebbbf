//! The stand-in's books: payments, refunds, idempotency keys, the approval policy and the
//! fault scripts. Pure bookkeeping under one lock; knows nothing of HTTP but status numbers.

use std::collections::{HashMap, VecDeque};
use std::str::FromStr;
use std::time::Duration;

use serde::Serialize;

/// A payer phone ending with this is declined for insufficient balance.
pub const DECLINED_PHONE_SUFFIX: &str = "99";
/// The message of a payment declined by the `…99` convention.
pub const INSUFFICIENT_BALANCE: &str = "Solde insuffisant";

const PENDING_MESSAGE: &str = "En attente de confirmation sur le téléphone";
const SUCCEEDED_MESSAGE: &str = "Paiement accepté";
const REFUNDED_MESSAGE: &str = "Remboursé";

/// When a mobile money customer answers on the phone (approves, or is declined by the
/// `…99` convention). Cards always answer at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Approval {
    /// The payment is created already answered.
    Immediate,
    /// The payment is created `pending` and answered on the n-th `GET` of it (0 = at once).
    AfterPolls(u32),
}

impl Default for Approval {
    fn default() -> Self {
        Approval::AfterPolls(1)
    }
}

impl FromStr for Approval {
    type Err = String;

    /// `immediate` or `after-polls:N`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text == "immediate" {
            return Ok(Approval::Immediate);
        }
        text.strip_prefix("after-polls:")
            .and_then(|n| n.parse().ok())
            .map(Approval::AfterPolls)
            .ok_or_else(|| format!("expected `immediate` or `after-polls:N`, got `{text}`"))
    }
}

/// One scripted misbehaviour, consumed by one incoming request of the scripted kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// No fault: this request is handled normally (to script a fault for a later request).
    Pass,
    /// Handle the request normally (charge recorded), but answer after this delay.
    Slow(Duration),
    /// The payment (or refund) created by this request is `failed` with this message.
    Decline(String),
    /// Handle the request normally (charge recorded), then drop the connection unanswered.
    DropAfterCharge,
    /// Answer `500` without charging anything.
    ServerError,
    /// Answer this 4xx status with this message, without charging anything.
    Refuse(u16, String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    MobileMoney,
    Card,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pending,
    Succeeded,
    Failed,
}

/// A payment as the stand-in keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payment {
    pub id: String,
    pub idempotency_key: String,
    pub amount: i64,
    pub currency: String,
    pub method: Method,
    pub payer_phone: Option<String>,
    pub description: Option<String>,
    pub reference: Option<String>,
    pub status: Status,
    pub message: String,
    /// Sum of the succeeded refunds.
    pub refunded: i64,
    /// `GET`s of this payment so far.
    pub polls: u32,
    /// While pending: the poll on which the customer answers.
    answer_on_poll: u32,
}

/// A refund as the stand-in keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refund {
    pub id: String,
    pub payment_id: String,
    pub idempotency_key: String,
    pub amount: i64,
    pub reason: String,
    pub status: Status,
    pub message: String,
}

/// A request for a payment, already validated.
#[derive(Clone, Debug)]
pub(crate) struct NewPayment {
    pub amount: i64,
    pub currency: String,
    pub method: Method,
    pub payer_phone: Option<String>,
    pub description: Option<String>,
    pub reference: Option<String>,
}

/// A refusal: the HTTP status and the `{"error": {code, message}}` body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }
}

/// What a create or refund request led to: `true` when new (201), `false` when replayed (200).
pub(crate) type Outcome<T> = Result<(bool, T), ApiError>;

#[derive(Debug, Default)]
pub(crate) struct Ledger {
    pub approval: Approval,
    pub payments: Vec<Payment>,
    pub refunds: Vec<Refund>,
    pub create_requests: usize,
    pub payment_faults: VecDeque<Fault>,
    pub refund_faults: VecDeque<Fault>,
    payment_keys: HashMap<String, usize>,
    refund_keys: HashMap<String, usize>,
}

impl Ledger {
    pub fn new(approval: Approval) -> Self {
        Ledger {
            approval,
            ..Ledger::default()
        }
    }

    /// Records a payment under `key`, or finds the one already recorded under it.
    pub fn create_payment(
        &mut self,
        key: &str,
        request: NewPayment,
        decline: Option<String>,
    ) -> Outcome<Payment> {
        if let Some(&index) = self.payment_keys.get(key) {
            let existing = &self.payments[index];
            if existing.amount != request.amount
                || existing.method != request.method
                || existing.payer_phone != request.payer_phone
            {
                return Err(ApiError::new(
                    409,
                    "idempotency_mismatch",
                    "Cette clé d'idempotence a déjà servi pour un autre paiement",
                ));
            }
            return Ok((false, existing.clone()));
        }
        let answer_on_poll = match (request.method, self.approval) {
            (Method::Card, _) | (_, Approval::Immediate) => 0,
            (Method::MobileMoney, Approval::AfterPolls(n)) => n,
        };
        let mut payment = Payment {
            id: format!("pay_{}", uuid::Uuid::now_v7().simple()),
            idempotency_key: key.to_owned(),
            amount: request.amount,
            currency: request.currency,
            method: request.method,
            payer_phone: request.payer_phone,
            description: request.description,
            reference: request.reference,
            status: Status::Pending,
            message: PENDING_MESSAGE.to_owned(),
            refunded: 0,
            polls: 0,
            answer_on_poll,
        };
        match decline {
            Some(message) => settle(&mut payment, Status::Failed, message),
            None if answer_on_poll == 0 => answer(&mut payment),
            None => {}
        }
        self.payment_keys
            .insert(key.to_owned(), self.payments.len());
        self.payments.push(payment.clone());
        Ok((true, payment))
    }

    /// The payment's current state; counts the poll, which may bring the customer's answer.
    pub fn poll_payment(&mut self, id: &str) -> Result<Payment, ApiError> {
        let payment = self
            .payments
            .iter_mut()
            .find(|payment| payment.id == id)
            .ok_or_else(|| ApiError::new(404, "payment_not_found", "Paiement inconnu"))?;
        payment.polls = payment.polls.saturating_add(1);
        if payment.status == Status::Pending && payment.polls >= payment.answer_on_poll {
            answer(payment);
        }
        Ok(payment.clone())
    }

    /// Refunds part or all of a succeeded payment under `key`, or finds the refund already
    /// recorded under it.
    pub fn refund(
        &mut self,
        payment_id: &str,
        key: &str,
        amount: i64,
        reason: String,
        decline: Option<String>,
    ) -> Outcome<Refund> {
        let index = self
            .payments
            .iter()
            .position(|payment| payment.id == payment_id)
            .ok_or_else(|| ApiError::new(404, "payment_not_found", "Paiement inconnu"))?;
        if let Some(&existing) = self.refund_keys.get(key) {
            let existing = &self.refunds[existing];
            if existing.payment_id != payment_id || existing.amount != amount {
                return Err(ApiError::new(
                    409,
                    "idempotency_mismatch",
                    "Cette clé d'idempotence a déjà servi pour un autre remboursement",
                ));
            }
            return Ok((false, existing.clone()));
        }
        let payment = &mut self.payments[index];
        if payment.status != Status::Succeeded {
            return Err(ApiError::new(
                409,
                "payment_not_refundable",
                "Seul un paiement réussi peut être remboursé",
            ));
        }
        if amount > payment.amount - payment.refunded {
            return Err(ApiError::new(
                422,
                "amount_exceeds_payment",
                format!(
                    "Le remboursement dépasse le reste du paiement ({} restant)",
                    payment.amount - payment.refunded
                ),
            ));
        }
        let (status, message) = match decline {
            Some(message) => (Status::Failed, message),
            None => {
                payment.refunded += amount;
                (Status::Succeeded, REFUNDED_MESSAGE.to_owned())
            }
        };
        let refund = Refund {
            id: format!("ref_{}", uuid::Uuid::now_v7().simple()),
            payment_id: payment_id.to_owned(),
            idempotency_key: key.to_owned(),
            amount,
            reason,
            status,
            message,
        };
        self.refund_keys.insert(key.to_owned(), self.refunds.len());
        self.refunds.push(refund.clone());
        Ok((true, refund))
    }

    pub fn find_refund(&self, id: &str) -> Result<Refund, ApiError> {
        self.refunds
            .iter()
            .find(|refund| refund.id == id)
            .cloned()
            .ok_or_else(|| ApiError::new(404, "refund_not_found", "Remboursement inconnu"))
    }
}

/// The customer's answer: declined for a phone ending in `99`, approved otherwise.
fn answer(payment: &mut Payment) {
    let declined = payment
        .payer_phone
        .as_deref()
        .is_some_and(|phone| phone.ends_with(DECLINED_PHONE_SUFFIX));
    if declined {
        settle(payment, Status::Failed, INSUFFICIENT_BALANCE.to_owned());
    } else {
        settle(payment, Status::Succeeded, SUCCEEDED_MESSAGE.to_owned());
    }
}

fn settle(payment: &mut Payment, status: Status, message: String) {
    payment.status = status;
    payment.message = message;
}
