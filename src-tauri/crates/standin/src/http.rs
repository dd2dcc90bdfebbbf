//! The stand-in's HTTP face: routes, bearer auth, idempotency keys, request validation, JSON
//! answers, and the scripted faults applied around the ledger (refuse, delay, drop).

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::ledger::{ApiError, Fault, Ledger, Method, NewPayment, Outcome, Payment, Refund};

/// The one currency the stand-in accepts.
const CURRENCY: &str = "XOF";

#[derive(Debug)]
pub(crate) struct Shared {
    pub api_key: String,
    pub merchant_id: String,
    pub ledger: Mutex<Ledger>,
}

impl Shared {
    pub fn ledger(&self) -> MutexGuard<'_, Ledger> {
        self.ledger.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v1/payments", post(create_payment))
        .route("/v1/payments/{id}", get(get_payment))
        .route("/v1/payments/{id}/refunds", post(create_refund))
        .route("/v1/refunds/{id}", get(get_refund))
        .fallback(|| async { error_response(ApiError::new(404, "not_found", "Route inconnue")) })
        .with_state(shared)
}

#[derive(Deserialize)]
struct PaymentRequest {
    merchant_id: String,
    amount: i64,
    currency: String,
    method: String,
    #[serde(default)]
    payer_phone: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    reference: Option<String>,
}

#[derive(Deserialize)]
struct RefundRequest {
    amount: i64,
    #[serde(default)]
    reason: String,
}

async fn create_payment(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let fault = {
        let mut ledger = shared.ledger();
        ledger.create_requests += 1;
        ledger.payment_faults.pop_front()
    };
    let outcome = match refusal(fault.as_ref()) {
        Some(error) => Err(error),
        None => charge(&shared, &headers, &body, declined(fault.as_ref())),
    };
    deliver(
        fault,
        outcome.map(|(new, payment)| (new, payment_json(&payment))),
    )
    .await
}

fn charge(
    shared: &Shared,
    headers: &HeaderMap,
    body: &[u8],
    decline: Option<String>,
) -> Outcome<Payment> {
    authorize(shared, headers)?;
    let key = idempotency_key(headers)?;
    let request: PaymentRequest = parse(body)?;
    if request.merchant_id != shared.merchant_id {
        return Err(ApiError::new(
            403,
            "merchant_mismatch",
            "Ce marchand n'appartient pas à cette clé d'API",
        ));
    }
    let request = validate(request)?;
    shared.ledger().create_payment(key, request, decline)
}

fn validate(request: PaymentRequest) -> Result<NewPayment, ApiError> {
    let invalid = |code, message: &str| Err(ApiError::new(422, code, message));
    if request.amount <= 0 {
        return invalid("invalid_amount", "Le montant doit être positif");
    }
    if request.currency != CURRENCY {
        return invalid("unsupported_currency", "Seule la devise XOF est acceptée");
    }
    let method = match request.method.as_str() {
        "mobile_money" => Method::MobileMoney,
        "card" => Method::Card,
        _ => {
            return invalid(
                "invalid_method",
                "Moyen de paiement inconnu (mobile_money, card)",
            )
        }
    };
    let phone = request.payer_phone.filter(|phone| !phone.is_empty());
    match (method, &phone) {
        (Method::MobileMoney, None) => {
            return invalid("missing_payer_phone", "Le numéro du payeur est requis");
        }
        (Method::MobileMoney, Some(phone)) if !is_phone(phone) => {
            return invalid("invalid_payer_phone", "Numéro de téléphone invalide");
        }
        (Method::Card, Some(_)) => {
            return invalid(
                "unexpected_payer_phone",
                "Un paiement par carte n'a pas de numéro",
            );
        }
        _ => {}
    }
    Ok(NewPayment {
        amount: request.amount,
        currency: request.currency,
        method,
        payer_phone: phone,
        description: request.description,
        reference: request.reference,
    })
}

/// `+` then 6 to 15 digits, or the digits alone.
fn is_phone(phone: &str) -> bool {
    let digits = phone.strip_prefix('+').unwrap_or(phone);
    (6..=15).contains(&digits.len()) && digits.bytes().all(|byte| byte.is_ascii_digit())
}

async fn get_payment(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let payment = authorize(&shared, &headers).and_then(|()| shared.ledger().poll_payment(&id));
    match payment {
        Ok(payment) => Json(payment_json(&payment)).into_response(),
        Err(error) => error_response(error),
    }
}

async fn create_refund(
    State(shared): State<Arc<Shared>>,
    Path(payment_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let fault = shared.ledger().refund_faults.pop_front();
    let outcome = match refusal(fault.as_ref()) {
        Some(error) => Err(error),
        None => refund(
            &shared,
            &payment_id,
            &headers,
            &body,
            declined(fault.as_ref()),
        ),
    };
    deliver(
        fault,
        outcome.map(|(new, refund)| (new, refund_json(&refund))),
    )
    .await
}

fn refund(
    shared: &Shared,
    payment_id: &str,
    headers: &HeaderMap,
    body: &[u8],
    decline: Option<String>,
) -> Outcome<Refund> {
    authorize(shared, headers)?;
    let key = idempotency_key(headers)?;
    let request: RefundRequest = parse(body)?;
    if request.amount <= 0 {
        return Err(ApiError::new(
            422,
            "invalid_amount",
            "Le montant doit être positif",
        ));
    }
    shared
        .ledger()
        .refund(payment_id, key, request.amount, request.reason, decline)
}

async fn get_refund(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let refund = authorize(&shared, &headers).and_then(|()| shared.ledger().find_refund(&id));
    match refund {
        Ok(refund) => Json(refund_json(&refund)).into_response(),
        Err(error) => error_response(error),
    }
}

fn authorize(shared: &Shared, headers: &HeaderMap) -> Result<(), ApiError> {
    let key = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    if key == Some(shared.api_key.as_str()) {
        Ok(())
    } else {
        Err(ApiError::new(
            401,
            "unauthorized",
            "Clé d'API absente ou invalide",
        ))
    }
}

fn idempotency_key(headers: &HeaderMap) -> Result<&str, ApiError> {
    let value = headers.get("idempotency-key").ok_or_else(|| {
        ApiError::new(
            400,
            "missing_idempotency_key",
            "L'en-tête Idempotency-Key est requis",
        )
    })?;
    value
        .to_str()
        .ok()
        .filter(|key| (1..=100).contains(&key.chars().count()))
        .ok_or_else(|| {
            ApiError::new(
                400,
                "invalid_idempotency_key",
                "L'en-tête Idempotency-Key doit compter de 1 à 100 caractères",
            )
        })
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|error| {
        ApiError::new(
            422,
            "invalid_request",
            format!("Corps de requête invalide : {error}"),
        )
    })
}

/// The answer a scripted fault gives instead of handling the request.
fn refusal(fault: Option<&Fault>) -> Option<ApiError> {
    match fault? {
        Fault::ServerError => Some(ApiError::new(
            500,
            "internal_error",
            "Erreur interne du prestataire",
        )),
        Fault::Refuse(status, message) => Some(ApiError::new(*status, "refused", message.clone())),
        _ => None,
    }
}

fn declined(fault: Option<&Fault>) -> Option<String> {
    match fault? {
        Fault::Decline(message) => Some(message.clone()),
        _ => None,
    }
}

/// The answer to a create request, delayed or dropped if the script says so.
async fn deliver(fault: Option<Fault>, outcome: Result<(bool, Value), ApiError>) -> Response {
    let response = match outcome {
        Ok((true, body)) => (StatusCode::CREATED, Json(body)).into_response(),
        Ok((false, body)) => Json(body).into_response(),
        Err(error) => error_response(error),
    };
    match fault {
        Some(Fault::Slow(delay)) => {
            tokio::time::sleep(delay).await;
            response
        }
        Some(Fault::DropAfterCharge) => dropped_connection(),
        _ => response,
    }
}

/// A response whose body fails before its first byte: hyper then closes the connection
/// without writing anything, so the client sees the connection closed mid-request.
fn dropped_connection() -> Response {
    let broken = futures_util::stream::iter([Err::<Bytes, _>(std::io::Error::new(
        std::io::ErrorKind::ConnectionAborted,
        "stand-in: connection dropped after charging (scripted fault)",
    ))]);
    Response::new(Body::from_stream(broken))
}

fn error_response(error: ApiError) -> Response {
    let status = StatusCode::from_u16(error.status).unwrap_or(StatusCode::BAD_REQUEST);
    let body = json!({ "error": { "code": error.code, "message": error.message } });
    (status, Json(body)).into_response()
}

fn payment_json(payment: &Payment) -> Value {
    json!({
        "id": payment.id,
        "status": payment.status,
        "amount": payment.amount,
        "currency": payment.currency,
        "method": payment.method,
        "message": payment.message,
    })
}

fn refund_json(refund: &Refund) -> Value {
    json!({
        "id": refund.id,
        "payment_id": refund.payment_id,
        "status": refund.status,
        "amount": refund.amount,
        "message": refund.message,
    })
}
