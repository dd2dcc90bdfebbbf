//! The stand-in through a real HTTP client: the API of docs/provider-api.md, the approval
//! policy, the `…99` decline convention and every scripted fault.

use std::time::{Duration, Instant};

use billettigue_standin::{Approval, Fault, Method, StandIn, StandInConfig, Status};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn client() -> Result<Client, reqwest::Error> {
    Client::builder().no_proxy().build()
}

fn card(standin: &StandIn, amount: i64) -> Value {
    json!({ "merchant_id": standin.merchant_id(), "amount": amount, "currency": "XOF",
            "method": "card", "description": "2 billets", "reference": "desk-uid-1" })
}

fn momo(standin: &StandIn, amount: i64, phone: &str) -> Value {
    json!({ "merchant_id": standin.merchant_id(), "amount": amount, "currency": "XOF",
            "method": "mobile_money", "payer_phone": phone })
}

async fn create(
    client: &Client,
    standin: &StandIn,
    key: &str,
    body: &Value,
) -> Result<(StatusCode, Value), reqwest::Error> {
    let response = client
        .post(format!("{}/v1/payments", standin.base_url()))
        .bearer_auth(standin.api_key())
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await?;
    let status = response.status();
    Ok((status, response.json().await?))
}

async fn get(
    client: &Client,
    standin: &StandIn,
    path: &str,
) -> Result<(StatusCode, Value), reqwest::Error> {
    let response = client
        .get(format!("{}{path}", standin.base_url()))
        .bearer_auth(standin.api_key())
        .send()
        .await?;
    let status = response.status();
    Ok((status, response.json().await?))
}

async fn refund(
    client: &Client,
    standin: &StandIn,
    payment_id: &str,
    key: &str,
    amount: i64,
) -> Result<(StatusCode, Value), reqwest::Error> {
    let response = client
        .post(format!(
            "{}/v1/payments/{payment_id}/refunds",
            standin.base_url()
        ))
        .bearer_auth(standin.api_key())
        .header("Idempotency-Key", key)
        .json(&json!({ "amount": amount, "reason": "annulation" }))
        .send()
        .await?;
    let status = response.status();
    Ok((status, response.json().await?))
}

fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("<no error code>")
}

#[tokio::test]
async fn card_payment_succeeds_and_the_same_key_answers_the_same_payment() -> TestResult {
    let standin = StandIn::start().await?;
    let client = client()?;
    let (status, first) = create(&client, &standin, "k1", &card(&standin, 1_500_000)).await?;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(first["status"], "succeeded");
    assert_eq!(first["amount"], 1_500_000);
    assert_eq!(first["currency"], "XOF");
    assert_eq!(first["method"], "card");
    assert!(first["id"]
        .as_str()
        .is_some_and(|id| id.starts_with("pay_")));

    let (status, again) = create(&client, &standin, "k1", &card(&standin, 1_500_000)).await?;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again, first);

    let payments = standin.payments();
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0].idempotency_key, "k1");
    assert_eq!(payments[0].method, Method::Card);
    assert_eq!(payments[0].payer_phone, None);
    assert_eq!(payments[0].reference.as_deref(), Some("desk-uid-1"));
    assert_eq!(standin.create_requests(), 2);
    assert_eq!(standin.charged_total(), 1_500_000);

    let (status, fetched) = get(
        &client,
        &standin,
        &format!("/v1/payments/{}", payments[0].id),
    )
    .await?;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fetched, first);
    Ok(())
}

#[tokio::test]
async fn the_same_key_for_another_request_is_an_idempotency_mismatch() -> TestResult {
    let standin = StandIn::start().await?;
    let client = client()?;
    let phone = "+221770000001";
    create(&client, &standin, "k", &momo(&standin, 1000, phone)).await?;
    for other in [
        momo(&standin, 2000, phone),
        momo(&standin, 1000, "+221770000002"),
        card(&standin, 1000),
    ] {
        let (status, body) = create(&client, &standin, "k", &other).await?;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(error_code(&body), "idempotency_mismatch");
    }
    assert_eq!(standin.payments().len(), 1);
    Ok(())
}

#[tokio::test]
async fn credentials_merchant_and_idempotency_key_are_checked() -> TestResult {
    let standin = StandIn::start().await?;
    let client = client()?;
    let url = format!("{}/v1/payments", standin.base_url());
    let body = card(&standin, 1000);

    let missing = client
        .post(&url)
        .header("Idempotency-Key", "a")
        .json(&body)
        .send()
        .await?;
    assert_eq!(missing.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&missing.json().await?), "unauthorized");
    let wrong = client
        .post(&url)
        .bearer_auth("sk_wrong")
        .header("Idempotency-Key", "a")
        .json(&body)
        .send()
        .await?;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let (status, _) = get(&client, &standin, "/v1/payments/pay_x").await?;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let unauthorized_get = client
        .get(format!("{}/v1/payments/pay_x", standin.base_url()))
        .send()
        .await?;
    assert_eq!(unauthorized_get.status(), StatusCode::UNAUTHORIZED);

    let no_key = client
        .post(&url)
        .bearer_auth(standin.api_key())
        .json(&body)
        .send()
        .await?;
    assert_eq!(no_key.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&no_key.json().await?), "missing_idempotency_key");
    let long_key = "k".repeat(101);
    let (status, body) = create(&client, &standin, &long_key, &card(&standin, 1000)).await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&body), "invalid_idempotency_key");

    let mut other_merchant = card(&standin, 1000);
    other_merchant["merchant_id"] = json!("M-OTHER");
    let (status, body) = create(&client, &standin, "b", &other_merchant).await?;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error_code(&body), "merchant_mismatch");

    assert!(standin.payments().is_empty());
    assert_eq!(standin.create_requests(), 5);
    Ok(())
}

#[tokio::test]
async fn invalid_requests_are_refused_with_422() -> TestResult {
    let standin = StandIn::start().await?;
    let client = client()?;
    let mut card_with_phone = card(&standin, 1000);
    card_with_phone["payer_phone"] = json!("+221770000000");
    let mut euros = card(&standin, 1000);
    euros["currency"] = json!("EUR");
    let mut cheque = card(&standin, 1000);
    cheque["method"] = json!("cheque");
    let cases = [
        (card(&standin, 0), "invalid_amount"),
        (card(&standin, -5), "invalid_amount"),
        (euros, "unsupported_currency"),
        (cheque, "invalid_method"),
        (card_with_phone, "unexpected_payer_phone"),
        (momo(&standin, 1000, ""), "missing_payer_phone"),
        (momo(&standin, 1000, "77 abc"), "invalid_payer_phone"),
        (json!({ "amount": 1000 }), "invalid_request"),
    ];
    for (index, (body, code)) in cases.into_iter().enumerate() {
        let (status, answer) = create(&client, &standin, &format!("k{index}"), &body).await?;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(error_code(&answer), code, "{body}");
    }
    let not_json = client
        .post(format!("{}/v1/payments", standin.base_url()))
        .bearer_auth(standin.api_key())
        .header("Idempotency-Key", "raw")
        .body("amount=1000")
        .send()
        .await?;
    assert_eq!(not_json.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(&not_json.json().await?), "invalid_request");
    assert!(standin.payments().is_empty());
    Ok(())
}

#[tokio::test]
async fn mobile_money_is_pending_until_polled_then_succeeded() -> TestResult {
    let standin = StandIn::start().await?;
    let client = client()?;
    let (status, created) = create(
        &client,
        &standin,
        "m1",
        &momo(&standin, 500_000, "+221770000000"),
    )
    .await?;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(created["status"], "pending");
    assert_eq!(
        created["message"],
        "En attente de confirmation sur le téléphone"
    );
    assert_eq!(standin.charged_total(), 0);
    // A replay is not a poll: still pending.
    let (_, replay) = create(
        &client,
        &standin,
        "m1",
        &momo(&standin, 500_000, "+221770000000"),
    )
    .await?;
    assert_eq!(replay["status"], "pending");

    let path = format!(
        "/v1/payments/{}",
        created["id"].as_str().unwrap_or_default()
    );
    let (_, polled) = get(&client, &standin, &path).await?;
    assert_eq!(polled["status"], "succeeded");
    assert_eq!(standin.charged_total(), 500_000);
    let (status, replay) = create(
        &client,
        &standin,
        "m1",
        &momo(&standin, 500_000, "+221770000000"),
    )
    .await?;
    assert_eq!(
        (status, &replay["status"]),
        (StatusCode::OK, &json!("succeeded"))
    );

    standin.set_approval(Approval::AfterPolls(3));
    let (_, slow) = create(
        &client,
        &standin,
        "m2",
        &momo(&standin, 1000, "+221770000003"),
    )
    .await?;
    let path = format!("/v1/payments/{}", slow["id"].as_str().unwrap_or_default());
    let mut seen = Vec::new();
    for _ in 0..4 {
        seen.push(get(&client, &standin, &path).await?.1["status"].clone());
    }
    assert_eq!(seen, ["pending", "pending", "succeeded", "succeeded"]);
    assert_eq!(standin.payments()[1].polls, 4);

    standin.set_approval(Approval::Immediate);
    let (_, at_once) = create(
        &client,
        &standin,
        "m3",
        &momo(&standin, 1000, "+221770000004"),
    )
    .await?;
    assert_eq!(at_once["status"], "succeeded");
    Ok(())
}

#[tokio::test]
async fn a_phone_ending_in_99_is_declined_for_insufficient_balance() -> TestResult {
    let standin = StandIn::start().await?;
    let client = client()?;
    let (_, created) = create(
        &client,
        &standin,
        "d1",
        &momo(&standin, 1000, "+221770000099"),
    )
    .await?;
    assert_eq!(created["status"], "pending");
    let path = format!(
        "/v1/payments/{}",
        created["id"].as_str().unwrap_or_default()
    );
    let (_, polled) = get(&client, &standin, &path).await?;
    assert_eq!(polled["status"], "failed");
    assert_eq!(polled["message"], "Solde insuffisant");

    let immediate = StandIn::start_with(StandInConfig {
        approval: Approval::Immediate,
        ..StandInConfig::default()
    })
    .await?;
    let (status, at_once) = create(
        &client,
        &immediate,
        "d2",
        &momo(&immediate, 1000, "+225070000099"),
    )
    .await?;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(at_once["status"], "failed");
    assert_eq!(immediate.payments()[0].status, Status::Failed);
    assert_eq!(standin.charged_total() + immediate.charged_total(), 0);
    Ok(())
}

#[tokio::test]
async fn refunds_are_partial_idempotent_and_never_exceed_the_payment() -> TestResult {
    let standin = StandIn::start().await?;
    let client = client()?;
    let (_, paid) = create(&client, &standin, "p", &card(&standin, 10_000)).await?;
    let id = paid["id"].as_str().unwrap_or_default().to_owned();

    let (status, first) = refund(&client, &standin, &id, "r1", 4_000).await?;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(first["status"], "succeeded");
    assert_eq!(first["payment_id"], id.as_str());
    assert_eq!(first["message"], "Remboursé");
    let (status, again) = refund(&client, &standin, &id, "r1", 4_000).await?;
    assert_eq!((status, &again), (StatusCode::OK, &first));
    let (status, body) = refund(&client, &standin, &id, "r1", 5_000).await?;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "idempotency_mismatch")
    );

    let (status, body) = refund(&client, &standin, &id, "r2", 6_001).await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(&body), "amount_exceeds_payment");
    let (status, _) = refund(&client, &standin, &id, "r3", 6_000).await?;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) = refund(&client, &standin, &id, "r4", 1).await?;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "amount_exceeds_payment")
    );
    let (status, body) = refund(&client, &standin, &id, "r5", 0).await?;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_amount")
    );

    let refund_id = first["id"].as_str().unwrap_or_default();
    let (status, fetched) = get(&client, &standin, &format!("/v1/refunds/{refund_id}")).await?;
    assert_eq!((status, &fetched), (StatusCode::OK, &first));
    let (status, body) = get(&client, &standin, "/v1/refunds/ref_unknown").await?;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "refund_not_found")
    );

    assert_eq!(standin.payments()[0].refunded, 10_000);
    assert_eq!(standin.refunded_total(), 10_000);
    assert_eq!(standin.refunds().len(), 2);
    assert_eq!(standin.refunds()[0].reason, "annulation");

    let (_, pending) = create(
        &client,
        &standin,
        "q",
        &momo(&standin, 1000, "+221770000000"),
    )
    .await?;
    let pending_id = pending["id"].as_str().unwrap_or_default();
    let (status, body) = refund(&client, &standin, pending_id, "r6", 500).await?;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "payment_not_refundable")
    );
    let (status, body) = refund(&client, &standin, "pay_unknown", "r7", 500).await?;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "payment_not_found")
    );
    Ok(())
}

#[tokio::test]
async fn slow_answers_late_but_charges_at_once() -> TestResult {
    let standin = StandIn::start().await?;
    standin.script_payments([Fault::Slow(Duration::from_millis(400))]);
    let impatient = Client::builder()
        .no_proxy()
        .timeout(Duration::from_millis(100))
        .build()?;
    let timed_out = create(&impatient, &standin, "s", &card(&standin, 700)).await;
    assert!(
        timed_out.as_ref().is_err_and(reqwest::Error::is_timeout),
        "{timed_out:?}"
    );
    assert_eq!(
        standin.charged_total(),
        700,
        "charged although the answer is late"
    );

    standin.script_payments([Fault::Slow(Duration::from_millis(300))]);
    let started = Instant::now();
    let (status, body) = create(&client()?, &standin, "s", &card(&standin, 700)).await?;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(
        (status, &body["status"]),
        (StatusCode::OK, &json!("succeeded"))
    );
    assert_eq!(standin.payments().len(), 1);
    Ok(())
}

#[tokio::test]
async fn decline_fails_the_payment_it_creates() -> TestResult {
    let standin = StandIn::start().await?;
    standin.script_payments([Fault::Decline("Carte refusée".into())]);
    let client = client()?;
    let (status, body) = create(&client, &standin, "c", &card(&standin, 900)).await?;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        (&body["status"], &body["message"]),
        (&json!("failed"), &json!("Carte refusée"))
    );
    assert_eq!(standin.payments()[0].status, Status::Failed);
    assert_eq!(standin.charged_total(), 0);
    // The script is consumed: the next payment goes through.
    let (_, next) = create(&client, &standin, "c2", &card(&standin, 900)).await?;
    assert_eq!(next["status"], "succeeded");
    Ok(())
}

#[tokio::test]
async fn drop_after_charge_loses_the_answer_and_the_retry_finds_the_charge() -> TestResult {
    let standin = StandIn::start().await?;
    standin.script_payments([Fault::DropAfterCharge]);
    let client = client()?;
    let lost = client
        .post(format!("{}/v1/payments", standin.base_url()))
        .bearer_auth(standin.api_key())
        .header("Idempotency-Key", "lost")
        .json(&card(&standin, 2_500))
        .send()
        .await;
    // Nothing at all comes back: `send` itself fails (reqwest: kind Request, caused by
    // hyper's IncompleteMessage, "connection closed before message completed").
    let error = lost.err().ok_or("the dropped connection answered")?;
    let mut source = std::error::Error::source(&error);
    while let Some(s) = source {
        eprintln!("  caused by: {s:?}");
        source = s.source();
    }
    assert!(error.is_request(), "{error:?}");
    assert!(!error.is_timeout() && error.status().is_none(), "{error:?}");
    assert_eq!(standin.payments().len(), 1, "the charge was recorded");
    assert_eq!(standin.charged_total(), 2_500);

    let (status, retried) = create(&client, &standin, "lost", &card(&standin, 2_500)).await?;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(retried["id"], standin.payments()[0].id.as_str());
    assert_eq!(standin.payments().len(), 1);
    assert_eq!(standin.charged_total(), 2_500);
    assert_eq!(standin.create_requests(), 2);
    Ok(())
}

#[tokio::test]
async fn server_error_and_refuse_charge_nothing() -> TestResult {
    let standin = StandIn::start().await?;
    standin.script_payments([
        Fault::ServerError,
        Fault::Refuse(429, "Trop de requêtes".into()),
    ]);
    let client = client()?;
    let (status, body) = create(&client, &standin, "e", &card(&standin, 300)).await?;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::INTERNAL_SERVER_ERROR, "internal_error")
    );
    let (status, body) = create(&client, &standin, "e", &card(&standin, 300)).await?;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["error"]["message"], "Trop de requêtes");
    assert!(standin.payments().is_empty());
    let (status, _) = create(&client, &standin, "e", &card(&standin, 300)).await?;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        (standin.create_requests(), standin.charged_total()),
        (3, 300)
    );
    Ok(())
}

#[tokio::test]
async fn refund_faults_follow_their_own_script() -> TestResult {
    let standin = StandIn::start().await?;
    let client = client()?;
    standin.script_refunds([
        Fault::ServerError,
        Fault::DropAfterCharge,
        Fault::Pass,
        Fault::Decline("Compte fermé".into()),
        Fault::Refuse(403, "Remboursements suspendus".into()),
    ]);
    let (_, paid) = create(&client, &standin, "p", &card(&standin, 1_000)).await?;
    assert_eq!(
        paid["status"], "succeeded",
        "the refund script leaves payments alone"
    );
    let id = paid["id"].as_str().unwrap_or_default();

    let (status, _) = refund(&client, &standin, id, "r", 400).await?;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(standin.refunds().is_empty());
    let dropped = refund(&client, &standin, id, "r", 400).await;
    assert!(dropped.is_err(), "{dropped:?}");
    assert_eq!(standin.refunds().len(), 1);
    let (status, retried) = refund(&client, &standin, id, "r", 400).await?;
    assert_eq!(
        (status, &retried["status"]),
        (StatusCode::OK, &json!("succeeded"))
    );

    let (status, declined) = refund(&client, &standin, id, "r2", 600).await?;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        (&declined["status"], &declined["message"]),
        (&json!("failed"), &json!("Compte fermé"))
    );
    let (status, body) = refund(&client, &standin, id, "r3", 600).await?;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::FORBIDDEN, "refused")
    );
    assert_eq!(standin.refunded_total(), 400);
    assert_eq!(standin.payments()[0].refunded, 400);
    Ok(())
}

#[tokio::test]
async fn stop_closes_the_port() -> TestResult {
    let standin = StandIn::start().await?;
    let url = standin.base_url();
    let client = client()?;
    let (status, _) = get(&client, &standin, "/v1/refunds/none").await?;
    assert_eq!(status, StatusCode::NOT_FOUND);
    standin.stop().await?;
    let after = Client::builder()
        .no_proxy()
        .build()?
        .get(format!("{url}/v1/refunds/none"))
        .send()
        .await;
    assert!(
        after.as_ref().is_err_and(reqwest::Error::is_connect),
        "{after:?}"
    );
    Ok(())
}

#[test]
fn approval_parses_from_the_command_line() {
    assert_eq!("immediate".parse(), Ok(Approval::Immediate));
    assert_eq!("after-polls:3".parse(), Ok(Approval::AfterPolls(3)));
    assert!("after-polls:x".parse::<Approval>().is_err());
    assert!("later".parse::<Approval>().is_err());
}
