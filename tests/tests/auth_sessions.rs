//! Signing in and out on a real desk file: first-run setup, lockout, revocation, expiry,
//! forged tokens, suspended accounts, password changes, and how passwords are stored.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use billettigue_core::ErrorCode;
use billettigue_tests::desk::{
    assert_code, count, open_desk, text, token_of, TestDesk, ADMIN_EMAIL, ADMIN_PASSWORD,
    STAFF_PASSWORD,
};
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const WRONG_PASSWORD: &str = "Mauvais-Mot-De-Passe-1";

#[derive(Debug, sqlx::FromRow)]
struct LoginState {
    login_attempts: i64,
    failed_logins: i64,
    last_failed_login: Option<DateTime<Utc>>,
    last_login: Option<DateTime<Utc>>,
    account_locked: bool,
}

async fn login_state(desk: &TestDesk, email: &str) -> LoginState {
    sqlx::query_as("SELECT login_attempts, failed_logins, last_failed_login, last_login, account_locked FROM comptes WHERE email = ?")
        .bind(email)
        .fetch_one(desk.pool())
        .await
        .expect("the compte exists")
}

async fn revoked_fingerprints(desk: &TestDesk) -> Vec<String> {
    sqlx::query_scalar("SELECT token FROM revoked_tokens ORDER BY id")
        .fetch_all(desk.pool())
        .await
        .expect("read revoked_tokens")
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A desk with its administrator and one agent; returns (desk, admin token, agent email).
async fn desk_with_agent() -> (TestDesk, String, String) {
    let desk = TestDesk::new().await;
    let admin = desk.setup_admin().await;
    let agent = desk
        .create_agent(&admin, "fatou.ndiaye@billettigue.sn")
        .await;
    (desk, admin, agent.email)
}

#[tokio::test]
async fn first_run_setup_creates_the_administrator_once_and_refuses_a_second_one() {
    let desk = TestDesk::new().await;
    let status = desk.ok("setup.status", json!({}), None).await;
    assert_eq!(status["initialized"], json!(false));

    let session = desk
        .ok("setup.create_admin", json!({ "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "first_name": "Awa", "last_name": "Diop" }), None)
        .await;
    assert_eq!(session["account"]["role"], json!("admin"));
    assert_eq!(session["account"]["email"], json!(ADMIN_EMAIL));
    let me = desk
        .ok("auth.me", json!({}), Some(&token_of(&session)))
        .await;
    assert_eq!(me["account"]["email"], json!(ADMIN_EMAIL));
    assert_eq!(
        desk.ok("setup.status", json!({}), None).await["initialized"],
        json!(true)
    );

    let before = desk.snapshot().await;
    let second = desk
        .call("setup.create_admin", json!({ "email": "intrus@billettigue.sn", "password": "Un-Autre-Admin-1", "first_name": "I", "last_name": "N" }), None)
        .await;
    assert_code(&second, ErrorCode::AlreadyInitialized);
    assert_eq!(
        desk.snapshot().await,
        before,
        "a refused second setup writes nothing"
    );
    assert_eq!(count(desk.pool(), "comptes").await, 1);
    assert_eq!(count(desk.pool(), "administrateurs").await, 1);
    assert_eq!(
        count(
            desk.pool(),
            "admin_logs WHERE action = 'setup.first_admin' AND actor_compte_id IS NULL"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn signing_in_records_the_last_login_and_clears_the_consecutive_failures() {
    let (desk, _admin, agent) = desk_with_agent().await;
    assert_code(
        &desk.login(&agent, WRONG_PASSWORD).await.map(Value::String),
        ErrorCode::InvalidCredentials,
    );
    desk.advance(Duration::minutes(3));

    let token = desk
        .login(&agent, STAFF_PASSWORD)
        .await
        .expect("the right password signs in");
    assert!(token.starts_with("bt1."), "{token}");
    let state = login_state(&desk, &agent).await;
    assert_eq!(state.last_login, Some(desk.now()));
    assert_eq!(
        state.login_attempts, 0,
        "consecutive failures start again from zero"
    );
    assert_eq!(
        state.failed_logins, 1,
        "the total of failures is kept for the administrator"
    );
    assert!(!state.account_locked);
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_counted_on_the_account() {
    let (desk, _admin, agent) = desk_with_agent().await;
    let first = desk
        .call(
            "auth.login",
            json!({ "email": agent, "password": WRONG_PASSWORD }),
            None,
        )
        .await;
    assert_code(&first, ErrorCode::InvalidCredentials);
    let failed_at = desk.now();
    desk.advance(Duration::seconds(30));
    let second = desk
        .call(
            "auth.login",
            json!({ "email": agent.to_uppercase(), "password": "" }),
            None,
        )
        .await;
    assert_code(&second, ErrorCode::InvalidCredentials);

    let state = login_state(&desk, &agent).await;
    assert_eq!(state.login_attempts, 2);
    assert_eq!(state.failed_logins, 2);
    assert_eq!(
        state.last_failed_login,
        Some(failed_at + Duration::seconds(30))
    );
    assert_eq!(state.last_login, None);
    assert!(!state.account_locked);
    let message = first.err().map(|e| e.message).unwrap_or_default();
    assert!(
        message.contains("mot de passe"),
        "the message is French and does not say which of the two was wrong: {message}"
    );
}

#[tokio::test]
async fn five_consecutive_failures_lock_the_account_and_then_even_the_right_password_is_refused() {
    let (desk, _admin, agent) = desk_with_agent().await;
    let open_session = desk
        .login(&agent, STAFF_PASSWORD)
        .await
        .expect("sign in before the attack");
    for attempt in 1..=4 {
        let result = desk
            .call(
                "auth.login",
                json!({ "email": agent, "password": WRONG_PASSWORD }),
                None,
            )
            .await;
        assert_code(&result, ErrorCode::InvalidCredentials);
        assert!(
            !login_state(&desk, &agent).await.account_locked,
            "not locked after {attempt} failures"
        );
    }
    let fifth = desk
        .call(
            "auth.login",
            json!({ "email": agent, "password": WRONG_PASSWORD }),
            None,
        )
        .await;
    assert_code(&fifth, ErrorCode::AccountLocked);

    let state = login_state(&desk, &agent).await;
    assert!(state.account_locked);
    assert_eq!(state.login_attempts, 5);
    let uid: String = sqlx::query_scalar("SELECT uid FROM comptes WHERE email = ?")
        .bind(&agent)
        .fetch_one(desk.pool())
        .await
        .expect("uid");
    let logged = count(desk.pool(), &format!("admin_logs WHERE action = 'account.locked' AND entity_type = 'comptes' AND entity_uid = '{uid}'")).await;
    assert_eq!(logged, 1, "the lock is written to the administration log");

    let right = desk
        .call(
            "auth.login",
            json!({ "email": agent, "password": STAFF_PASSWORD }),
            None,
        )
        .await;
    assert_code(&right, ErrorCode::AccountLocked);
    assert_code(
        &desk.call("auth.me", json!({}), Some(&open_session)).await,
        ErrorCode::AccountLocked,
    );
}

#[tokio::test]
async fn the_lockout_follows_the_configured_number_of_failures() {
    let (desk, admin, agent) = desk_with_agent().await;
    desk.ok(
        "config.set",
        json!({ "key": "auth.max_failed_logins", "value": "3" }),
        Some(&admin),
    )
    .await;
    for _ in 0..2 {
        assert_code(
            &desk
                .call(
                    "auth.login",
                    json!({ "email": agent, "password": WRONG_PASSWORD }),
                    None,
                )
                .await,
            ErrorCode::InvalidCredentials,
        );
    }
    assert_code(
        &desk
            .call(
                "auth.login",
                json!({ "email": agent, "password": WRONG_PASSWORD }),
                None,
            )
            .await,
        ErrorCode::AccountLocked,
    );
    assert!(login_state(&desk, &agent).await.account_locked);
    assert_eq!(login_state(&desk, &agent).await.login_attempts, 3);
}

#[tokio::test]
async fn an_administrator_unlocking_an_account_lets_its_owner_sign_in_again() {
    let (desk, admin, agent) = desk_with_agent().await;
    desk.ok(
        "config.set",
        json!({ "key": "auth.max_failed_logins", "value": "2" }),
        Some(&admin),
    )
    .await;
    for _ in 0..2 {
        let _ = desk
            .call(
                "auth.login",
                json!({ "email": agent, "password": WRONG_PASSWORD }),
                None,
            )
            .await;
    }
    assert_code(
        &desk
            .call(
                "auth.login",
                json!({ "email": agent, "password": STAFF_PASSWORD }),
                None,
            )
            .await,
        ErrorCode::AccountLocked,
    );

    let uid: String = sqlx::query_scalar("SELECT uid FROM comptes WHERE email = ?")
        .bind(&agent)
        .fetch_one(desk.pool())
        .await
        .expect("uid");
    let unlocked = desk
        .ok("accounts.unlock", json!({ "uid": uid }), Some(&admin))
        .await;
    assert_eq!(unlocked["account_locked"], json!(false));
    let token = desk
        .login(&agent, STAFF_PASSWORD)
        .await
        .expect("unlocked: the right password works again");
    desk.ok("auth.me", json!({}), Some(&token)).await;
    assert_eq!(login_state(&desk, &agent).await.login_attempts, 0);
}

#[tokio::test]
async fn signing_out_revokes_the_token_and_keeps_only_its_sha256() {
    let desk = TestDesk::new().await;
    let token = desk.setup_admin().await;
    desk.ok("auth.me", json!({}), Some(&token)).await;
    desk.ok("auth.logout", json!({}), Some(&token)).await;

    assert_code(
        &desk.call("auth.me", json!({}), Some(&token)).await,
        ErrorCode::SessionExpired,
    );
    assert_code(
        &desk.call("auth.logout", json!({}), Some(&token)).await,
        ErrorCode::SessionExpired,
    );
    assert_eq!(revoked_fingerprints(&desk).await, vec![sha256_hex(&token)]);
    let reason: Option<String> = sqlx::query_scalar("SELECT reason FROM revoked_tokens")
        .fetch_one(desk.pool())
        .await
        .expect("reason");
    assert_eq!(reason.as_deref(), Some("logout"));
    let dump = desk.snapshot().await;
    assert!(
        dump.0
            .iter()
            .all(|(_, rows)| rows.iter().all(|row| !row.contains(&token))),
        "the bearer token is stored nowhere"
    );

    let other = desk
        .login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .expect("a new sign-in");
    desk.ok("auth.me", json!({}), Some(&other)).await;
}

#[tokio::test]
async fn a_session_expires_after_the_configured_lifetime() {
    let desk = TestDesk::new().await;
    let admin = desk.setup_admin().await;
    desk.ok(
        "config.set",
        json!({ "key": "auth.session_ttl_minutes", "value": "30" }),
        Some(&admin),
    )
    .await;
    let token = desk
        .login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .expect("sign in");
    let me = desk.ok("auth.me", json!({}), Some(&token)).await;
    assert_eq!(me["expires_at"], json!(desk.now() + Duration::minutes(30)));

    desk.advance(Duration::minutes(29));
    desk.ok("auth.me", json!({}), Some(&token)).await;
    desk.advance(Duration::minutes(1));
    assert_code(
        &desk.call("auth.me", json!({}), Some(&token)).await,
        ErrorCode::SessionExpired,
    );
    // The first session used the default lifetime of 8 hours: it is still alive.
    desk.ok("auth.me", json!({}), Some(&admin)).await;
    desk.advance(Duration::hours(8));
    assert_code(
        &desk.call("auth.me", json!({}), Some(&admin)).await,
        ErrorCode::SessionExpired,
    );
}

#[tokio::test]
async fn expired_revocations_are_purged_at_the_next_sign_in_and_sign_out() {
    let desk = TestDesk::new().await;
    let first = desk.setup_admin().await;
    desk.ok("auth.logout", json!({}), Some(&first)).await;
    assert_eq!(revoked_fingerprints(&desk).await.len(), 1);

    // Past the first token's own expiry (8 h), its revocation is no longer needed.
    desk.advance(Duration::hours(8) + Duration::minutes(1));
    let second = desk
        .login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .expect("sign in");
    assert!(
        revoked_fingerprints(&desk).await.is_empty(),
        "purged at sign-in"
    );

    desk.ok("auth.logout", json!({}), Some(&second)).await;
    desk.advance(Duration::minutes(10));
    let third = desk
        .login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .expect("sign in");
    assert_eq!(
        revoked_fingerprints(&desk).await,
        vec![sha256_hex(&second)],
        "a revocation still needed is kept"
    );

    // The second token's expiry passes, the third is still alive: signing out purges the second.
    desk.advance(Duration::hours(8) - Duration::minutes(5));
    desk.ok("auth.logout", json!({}), Some(&third)).await;
    assert_eq!(
        revoked_fingerprints(&desk).await,
        vec![sha256_hex(&third)],
        "purged at sign-out"
    );
    assert_code(
        &desk.call("auth.me", json!({}), Some(&second)).await,
        ErrorCode::SessionExpired,
    );
}

#[tokio::test]
async fn a_forged_or_altered_token_is_refused() {
    let desk = TestDesk::new().await;
    let token = desk.setup_admin().await;
    let agent = desk
        .create_agent(&token, "fatou.ndiaye@billettigue.sn")
        .await;
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "bt1.<payload>.<mac>: {token}");

    let mut claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).expect("payload is base64"))
            .expect("payload is JSON");
    claims["exp"] = json!(claims["exp"].as_i64().unwrap_or_default() + 365 * 24 * 3_600_000);
    let longer = format!(
        "bt1.{}.{}",
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        parts[2]
    );
    claims["sub"] = json!(agent.uid);
    let someone_else = format!(
        "bt1.{}.{}",
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        parts[2]
    );
    let mut flipped_mac = parts[2].to_owned();
    let last = if flipped_mac.ends_with('A') { "B" } else { "A" };
    flipped_mac.replace_range(flipped_mac.len() - 1.., last);
    let bad_mac = format!("bt1.{}.{flipped_mac}", parts[1]);
    let no_mac = format!("bt1.{}.", parts[1]);
    let other_prefix = format!("bt2.{}.{}", parts[1], parts[2]);
    let unsigned = format!("bt1.{}", parts[1]);

    let before = desk.snapshot().await;
    for forged in [
        longer,
        someone_else,
        bad_mac,
        no_mac,
        other_prefix,
        unsigned,
        "bt1..".into(),
        "n'importe quoi".into(),
        format!("{token}x"),
    ] {
        let result = desk.call("auth.me", json!({}), Some(&forged)).await;
        assert_code(&result, ErrorCode::SessionExpired);
        let result = desk.call("accounts.list", json!({}), Some(&forged)).await;
        assert_code(&result, ErrorCode::SessionExpired);
    }
    assert_code(
        &desk.call("auth.me", json!({}), Some("")).await,
        ErrorCode::Unauthenticated,
    );
    assert_eq!(desk.snapshot().await, before);
    desk.ok("auth.me", json!({}), Some(&token)).await;
}

#[tokio::test]
async fn a_token_signed_by_another_desk_is_refused_even_for_the_same_account() {
    let original = TestDesk::new().await;
    let token = original.setup_admin().await;
    original.ok("auth.me", json!({}), Some(&token)).await;
    original.desk.pool().close().await;

    // A copy of the same database with its own secret store: same accounts, different key.
    let copy_dir = tempfile::tempdir().expect("temporary directory");
    for name in ["desk.db", "desk.db-wal", "desk.db-shm"] {
        let from = original.dir.path().join(name);
        if from.exists() {
            std::fs::copy(&from, copy_dir.path().join(name)).expect("copy the database");
        }
    }
    let copy = TestDesk::open_in(copy_dir).await;
    assert_eq!(
        count(
            copy.pool(),
            &format!("comptes WHERE email = '{ADMIN_EMAIL}'")
        )
        .await,
        1
    );
    assert_code(
        &copy.call("auth.me", json!({}), Some(&token)).await,
        ErrorCode::SessionExpired,
    );

    // The same desk re-opened with its own secret store still accepts it.
    let reopened = open_desk(original.dir.path(), original.clock.clone()).await;
    let me = billettigue_core::commands::dispatch(
        &reopened,
        "auth.me",
        json!({}),
        Some(&token),
        billettigue_core::Locale::Fr,
    )
    .await;
    assert!(me.is_ok(), "{me:?}");
}

#[tokio::test]
async fn a_suspended_account_cannot_sign_in_and_its_open_session_stops_working() {
    let (desk, admin, agent) = desk_with_agent().await;
    let session = desk.login(&agent, STAFF_PASSWORD).await.expect("sign in");
    let uid: String = sqlx::query_scalar("SELECT uid FROM comptes WHERE email = ?")
        .bind(&agent)
        .fetch_one(desk.pool())
        .await
        .expect("uid");
    let suspended = desk
        .ok("accounts.suspend", json!({ "uid": uid }), Some(&admin))
        .await;
    assert_eq!(suspended["status"], json!("suspended"));

    assert_code(
        &desk.call("auth.me", json!({}), Some(&session)).await,
        ErrorCode::AccountDisabled,
    );
    assert_code(
        &desk.login(&agent, STAFF_PASSWORD).await.map(Value::String),
        ErrorCode::AccountDisabled,
    );

    desk.ok("accounts.reactivate", json!({ "uid": uid }), Some(&admin))
        .await;
    desk.ok("auth.me", json!({}), Some(&session)).await;
    desk.login(&agent, STAFF_PASSWORD)
        .await
        .expect("reactivated: signs in again");
}

#[tokio::test]
async fn an_administrator_resetting_a_password_ends_the_open_sessions_of_that_account() {
    let (desk, admin, agent) = desk_with_agent().await;
    let session = desk.login(&agent, STAFF_PASSWORD).await.expect("sign in");
    desk.advance(Duration::minutes(5));
    let uid: String = sqlx::query_scalar("SELECT uid FROM comptes WHERE email = ?")
        .bind(&agent)
        .fetch_one(desk.pool())
        .await
        .expect("uid");
    desk.ok(
        "accounts.reset_password",
        json!({ "uid": uid, "new_password": "Nouveau-Depart-2026" }),
        Some(&admin),
    )
    .await;

    assert_code(
        &desk.call("auth.me", json!({}), Some(&session)).await,
        ErrorCode::SessionExpired,
    );
    assert_code(
        &desk.login(&agent, STAFF_PASSWORD).await.map(Value::String),
        ErrorCode::InvalidCredentials,
    );
    let fresh = desk
        .login(&agent, "Nouveau-Depart-2026")
        .await
        .expect("the new password works");
    desk.ok("auth.me", json!({}), Some(&fresh)).await;
    desk.ok("auth.me", json!({}), Some(&admin)).await;
}

#[tokio::test]
async fn changing_ones_own_password_returns_a_new_session_and_ends_the_old_one() {
    let desk = TestDesk::new().await;
    let old = desk.setup_admin().await;
    desk.advance(Duration::minutes(5));

    let wrong = desk
        .call(
            "auth.change_password",
            json!({ "current_password": WRONG_PASSWORD, "new_password": "Encore-Plus-Long-2026" }),
            Some(&old),
        )
        .await;
    assert_code(&wrong, ErrorCode::Validation);
    assert_eq!(
        wrong.err().and_then(|e| e.field).as_deref(),
        Some("current_password")
    );

    let session = desk
        .ok(
            "auth.change_password",
            json!({ "current_password": ADMIN_PASSWORD, "new_password": "Encore-Plus-Long-2026" }),
            Some(&old),
        )
        .await;
    let new = token_of(&session);
    assert_ne!(new, old);
    assert_eq!(text(&session["account"], "email"), ADMIN_EMAIL);
    desk.ok("auth.me", json!({}), Some(&new)).await;
    assert_code(
        &desk.call("auth.me", json!({}), Some(&old)).await,
        ErrorCode::SessionExpired,
    );
    assert_code(
        &desk
            .login(ADMIN_EMAIL, ADMIN_PASSWORD)
            .await
            .map(Value::String),
        ErrorCode::InvalidCredentials,
    );
    desk.login(ADMIN_EMAIL, "Encore-Plus-Long-2026")
        .await
        .expect("the new password signs in");
    assert_eq!(
        count(
            desk.pool(),
            "admin_logs WHERE action = 'account.change_own_password'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn passwords_are_stored_as_argon2id_with_the_owasp_parameters() {
    let (desk, _admin, agent) = desk_with_agent().await;
    let hashes: Vec<Option<String>> =
        sqlx::query_scalar("SELECT password_hash FROM comptes ORDER BY id")
            .fetch_all(desk.pool())
            .await
            .expect("hashes");
    assert_eq!(hashes.len(), 2);
    for hash in &hashes {
        let hash = hash.as_deref().unwrap_or_default();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
    }
    assert_ne!(hashes[0], hashes[1], "each hash has its own salt");
    assert!(!agent.is_empty());
}

#[tokio::test]
async fn no_password_or_token_is_ever_written_in_clear_to_the_database_files() {
    let desk = TestDesk::new().await;
    let admin = desk.setup_admin().await;
    let agent = desk
        .create_agent(&admin, "fatou.ndiaye@billettigue.sn")
        .await;
    let _ = desk.login(&agent.email, WRONG_PASSWORD).await;
    let agent_token = desk
        .login(&agent.email, STAFF_PASSWORD)
        .await
        .expect("sign in");
    desk.ok("auth.logout", json!({}), Some(&agent_token)).await;
    desk.advance(Duration::minutes(1));
    desk.ok(
        "accounts.reset_password",
        json!({ "uid": agent.uid, "new_password": "Reinitialise-Par-Awa" }),
        Some(&admin),
    )
    .await;
    desk.ok(
        "auth.change_password",
        json!({ "current_password": ADMIN_PASSWORD, "new_password": "Admin-Change-Son-Mot" }),
        Some(&admin),
    )
    .await;

    let dir = desk.dir.path().to_owned();
    let TestDesk {
        dir: _keep,
        desk: inner,
        ..
    } = desk;
    let mut bytes = Vec::new();
    // Before and after the WAL is folded into the main file at close.
    for _ in 0..2 {
        for entry in std::fs::read_dir(&dir)
            .expect("read the directory")
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("desk.db") {
                bytes.extend(std::fs::read(entry.path()).expect("read a database file"));
            }
        }
        inner.pool().close().await;
    }
    assert!(bytes.len() > 4096);
    for secret in [
        ADMIN_PASSWORD,
        STAFF_PASSWORD,
        WRONG_PASSWORD,
        "Reinitialise-Par-Awa",
        "Admin-Change-Son-Mot",
        agent_token.as_str(),
    ] {
        let found = bytes
            .windows(secret.len())
            .any(|window| window == secret.as_bytes());
        assert!(!found, "{secret:?} appears in clear in the database files");
    }
}

#[tokio::test]
async fn customer_comptes_cannot_sign_in_even_with_a_password_hash() {
    let desk = TestDesk::new().await;
    let admin = desk.setup_admin().await;
    let hash = billettigue_core::auth::password::hash("Client-Du-Guichet-1".into())
        .await
        .expect("hash");
    let now = desk.now();
    for (email, hash) in [
        ("client.sans.mdp@example.sn", None),
        ("client.web@example.sn", Some(hash)),
    ] {
        sqlx::query(
            "INSERT INTO comptes (uid, email, password_hash, role_id, created_at, updated_at) \
             VALUES (?, ?, ?, (SELECT id FROM roles WHERE name = 'user'), ?, ?)",
        )
        .bind(billettigue_core::new_uid())
        .bind(email)
        .bind(hash)
        .bind(now)
        .bind(now)
        .execute(desk.pool())
        .await
        .expect("insert a customer compte");
    }
    let before = desk.snapshot().await;
    for (email, password) in [
        ("client.sans.mdp@example.sn", ""),
        ("client.sans.mdp@example.sn", "Nimporte-Quoi-1"),
        ("client.web@example.sn", "Client-Du-Guichet-1"),
    ] {
        assert_code(
            &desk.login(email, password).await.map(Value::String),
            ErrorCode::InvalidCredentials,
        );
    }
    assert_eq!(
        desk.snapshot().await,
        before,
        "a customer's attempts are not even counted: the desk does not know them as staff"
    );
    let create = desk
        .call("accounts.create", json!({ "email": "client@example.sn", "password": "Client-Du-Guichet-1", "role": "user", "first_name": "A", "last_name": "B" }), Some(&admin))
        .await;
    assert_code(&create, ErrorCode::Validation);
}
