//! What administrators do to staff accounts, settings and the audit log, and what nobody else
//! may do: every check here runs through the command layer on a real desk file.

use billettigue_core::commands::describe_all;
use billettigue_core::ErrorCode;
use billettigue_tests::desk::{assert_code, count, text, TestDesk, ADMIN_EMAIL, STAFF_PASSWORD};
use chrono::Duration;
use serde_json::{json, Value};

const PROFILE_TABLES: &[&str] = &["administrateurs", "agents", "transporteurs", "utilisateurs"];

/// The profile tables holding a live row for this compte.
async fn live_profiles(desk: &TestDesk, email: &str) -> Vec<&'static str> {
    let id = desk.compte_id(email).await;
    let mut found = Vec::new();
    for table in PROFILE_TABLES {
        let n = count(
            desk.pool(),
            &format!("{table} WHERE compte_id = {id} AND deleted_at IS NULL"),
        )
        .await;
        for _ in 0..n {
            found.push(*table);
        }
    }
    found
}

async fn admin_log_rows(desk: &TestDesk, action: &str) -> Vec<(Option<i64>, Option<String>)> {
    sqlx::query_as(
        "SELECT actor_compte_id, entity_uid FROM admin_logs WHERE action = ? ORDER BY id",
    )
    .bind(action)
    .fetch_all(desk.pool())
    .await
    .expect("read admin_logs")
}

fn transporteur_args() -> Value {
    json!({ "company_name": "Ndiaga Ndiaye Transports", "phone_number": "+221 77 555 00 11" })
}

#[tokio::test]
async fn an_administrator_creates_an_agent_a_transporteur_and_an_admin_each_with_exactly_one_profile(
) {
    let desk = TestDesk::new().await;
    let admin = desk.setup_admin().await;
    let agency = desk
        .create_agency(&admin, "Agence Thiès Gare", "Thiès")
        .await;

    let agent = desk
        .create_account(
            &admin,
            "agent",
            "khady.fall@billettigue.sn",
            json!({ "agence_uid": agency }),
        )
        .await;
    let carrier = desk
        .create_account(
            &admin,
            "transporteur",
            "depot@ndiaga-ndiaye.sn",
            transporteur_args(),
        )
        .await;
    let second_admin = desk
        .create_account(&admin, "admin", "cheikh.ba@billettigue.sn", json!({}))
        .await;

    assert_eq!(live_profiles(&desk, &agent.email).await, vec!["agents"]);
    assert_eq!(
        live_profiles(&desk, &carrier.email).await,
        vec!["transporteurs"]
    );
    assert_eq!(
        live_profiles(&desk, &second_admin.email).await,
        vec!["administrateurs"]
    );
    assert_eq!(
        live_profiles(&desk, ADMIN_EMAIL).await,
        vec!["administrateurs"]
    );

    let listed = desk.ok("accounts.list", json!({}), Some(&admin)).await;
    let summary = |email: &str| {
        listed
            .as_array()
            .and_then(|l| l.iter().find(|a| a["email"] == json!(email)).cloned())
            .unwrap_or_default()
    };
    assert_eq!(summary(&agent.email)["role"], json!("agent"));
    assert_eq!(summary(&agent.email)["agence_uid"], json!(agency));
    assert_eq!(
        summary(&agent.email)["agence_name"],
        json!("Agence Thiès Gare")
    );
    assert_eq!(summary(&carrier.email)["role"], json!("transporteur"));
    assert_eq!(
        summary(&carrier.email)["company_name"],
        json!("Ndiaga Ndiaye Transports")
    );
    assert_eq!(
        summary(&carrier.email)["phone_number"],
        json!("+221775550011"),
        "phone numbers are stored normalised"
    );
    assert_eq!(summary(&second_admin.email)["role"], json!("admin"));
    for account in [&agent, &carrier, &second_admin] {
        let token = desk
            .login(&account.email, STAFF_PASSWORD)
            .await
            .expect("a new account signs in");
        desk.ok("auth.me", json!({}), Some(&token)).await;
    }
    assert_eq!(admin_log_rows(&desk, "account.create").await.len(), 3);
}

#[tokio::test]
async fn an_agent_works_at_the_agency_given_at_creation() {
    // The agency is held once, on the compte (docs/schema.md): the agents profile does not repeat it.
    let desk = TestDesk::new().await;
    let admin = desk.setup_admin().await;
    let agent = desk.create_agent(&admin, "khady.fall@billettigue.sn").await;
    let compte_agency: Option<String> = sqlx::query_scalar(
        "SELECT g.uid FROM comptes c JOIN agences g ON g.id = c.agence_id WHERE c.uid = ?",
    )
    .bind(&agent.uid)
    .fetch_one(desk.pool())
    .await
    .expect("the agent's compte");
    let created_agency: String = sqlx::query_scalar("SELECT uid FROM agences")
        .fetch_one(desk.pool())
        .await
        .expect("the one agency create_agent made");
    assert_eq!(compte_agency, Some(created_agency));
}

#[tokio::test]
async fn an_agent_needs_an_agency_and_a_transporteur_needs_a_company_name_and_a_phone() {
    let desk = TestDesk::new().await;
    let admin = desk.setup_admin().await;
    let before = desk.snapshot().await;
    let base = |role: &str, extra: Value| {
        let mut args = json!({ "email": "nouveau@billettigue.sn", "password": STAFF_PASSWORD, "role": role, "first_name": "Ousmane", "last_name": "Sow" });
        if let (Some(args), Some(extra)) = (args.as_object_mut(), extra.as_object()) {
            args.extend(extra.clone());
        }
        args
    };
    let cases = [
        (base("agent", json!({})), "agence_uid"),
        (
            base(
                "agent",
                json!({ "agence_uid": billettigue_core::new_uid() }),
            ),
            "agence_uid",
        ),
        (
            base("transporteur", json!({ "phone_number": "77 555 00 11" })),
            "company_name",
        ),
        (
            base(
                "transporteur",
                json!({ "company_name": "Sénégal Express Voyages" }),
            ),
            "phone_number",
        ),
        (
            base(
                "transporteur",
                json!({ "company_name": "   ", "phone_number": "77 555 00 11" }),
            ),
            "company_name",
        ),
    ];
    for (args, field) in cases {
        let error = desk
            .err("accounts.create", args.clone(), Some(&admin))
            .await;
        assert_eq!(error.code, ErrorCode::Validation, "{args}: {error:?}");
        assert_eq!(error.field.as_deref(), Some(field), "{args}: {error:?}");
        assert!(!error.message.is_empty());
    }
    assert_eq!(
        desk.snapshot().await,
        before,
        "refused creations write nothing"
    );
}

#[tokio::test]
async fn creating_an_account_with_an_email_already_in_use_is_a_conflict() {
    let desk = TestDesk::new().await;
    let admin = desk.setup_admin().await;
    desk.create_account(&admin, "admin", "cheikh.ba@billettigue.sn", json!({}))
        .await;
    let before = desk.snapshot().await;
    for email in [
        "cheikh.ba@billettigue.sn",
        "Cheikh.BA@Billettigue.SN",
        ADMIN_EMAIL,
    ] {
        let error = desk
            .err("accounts.create", json!({ "email": email, "password": STAFF_PASSWORD, "role": "transporteur", "first_name": "C", "last_name": "B", "company_name": "X", "phone_number": "771234567" }), Some(&admin))
            .await;
        assert_eq!(error.code, ErrorCode::Conflict, "{email}: {error:?}");
        assert_eq!(error.field.as_deref(), Some("email"));
    }
    assert_eq!(desk.snapshot().await, before);
}

#[tokio::test]
async fn a_customer_role_cannot_be_given_to_a_staff_account() {
    let desk = TestDesk::new().await;
    let admin = desk.setup_admin().await;
    let agent = desk.create_agent(&admin, "khady.fall@billettigue.sn").await;
    let before = desk.snapshot().await;
    let create = desk.err("accounts.create", json!({ "email": "x@billettigue.sn", "password": STAFF_PASSWORD, "role": "user", "first_name": "X", "last_name": "Y" }), Some(&admin)).await;
    assert_eq!(
        (create.code, create.field.as_deref()),
        (ErrorCode::Validation, Some("role"))
    );
    let change = desk
        .err(
            "accounts.change_role",
            json!({ "uid": agent.uid, "role": "user" }),
            Some(&admin),
        )
        .await;
    assert_eq!(
        (change.code, change.field.as_deref()),
        (ErrorCode::Validation, Some("role"))
    );
    assert_eq!(desk.snapshot().await, before);
}

#[tokio::test]
async fn changing_an_agent_into_a_transporteur_moves_the_profile_and_the_permissions_follow_at_the_next_command(
) {
    let desk = TestDesk::new().await;
    let admin = desk.setup_admin().await;
    let agent = desk.create_agent(&admin, "khady.fall@billettigue.sn").await;
    let session = desk
        .login(&agent.email, STAFF_PASSWORD)
        .await
        .expect("sign in");
    let me = desk.ok("auth.me", json!({}), Some(&session)).await;
    assert_eq!(
        me["permissions"],
        json!([
            "manifests.read",
            "parcels.manage",
            "sales.cancel",
            "sales.sell",
            "till.operate"
        ])
    );
    desk.advance(Duration::minutes(1));

    let changed = desk
        .ok("accounts.change_role", json!({ "uid": agent.uid, "role": "transporteur", "company_name": "Sénégal Express Voyages" }), Some(&admin))
        .await;
    assert_eq!(changed["role"], json!("transporteur"));
    assert_eq!(changed["company_name"], json!("Sénégal Express Voyages"));
    assert_eq!(
        changed["phone_number"],
        json!("+221771234567"),
        "the phone number follows the person"
    );
    assert_eq!(
        live_profiles(&desk, &agent.email).await,
        vec!["transporteurs"]
    );
    let id = desk.compte_id(&agent.email).await;
    let old: Option<String> =
        sqlx::query_scalar("SELECT deleted_at FROM agents WHERE compte_id = ?")
            .bind(id)
            .fetch_one(desk.pool())
            .await
            .expect("the old profile is kept");
    assert!(
        old.is_some(),
        "the agent profile is soft-deleted, not removed"
    );

    let me = desk.ok("auth.me", json!({}), Some(&session)).await;
    assert_eq!(me["account"]["role"], json!("transporteur"));
    assert_eq!(
        me["permissions"],
        json!([
            "manifests.read",
            "parcels.manage",
            "parcels.tariffs",
            "reports.read",
            "till.operate",
            "trajets.manage"
        ])
    );

    // And back: the agent profile is revived, the carrier one soft-deleted; still exactly one.
    desk.ok(
        "accounts.change_role",
        json!({ "uid": agent.uid, "role": "agent" }),
        Some(&admin),
    )
    .await;
    assert_eq!(live_profiles(&desk, &agent.email).await, vec!["agents"]);
    assert_eq!(
        count(desk.pool(), &format!("agents WHERE compte_id = {id}")).await,
        1
    );
    assert_eq!(
        count(
            desk.pool(),
            &format!("transporteurs WHERE compte_id = {id} AND deleted_at IS NOT NULL")
        )
        .await,
        1
    );
    let me = desk.ok("auth.me", json!({}), Some(&session)).await;
    assert_eq!(me["account"]["role"], json!("agent"));

    let admin_id = desk.compte_id(ADMIN_EMAIL).await;
    let rows = admin_log_rows(&desk, "account.change_role").await;
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter()
            .all(|(actor, uid)| *actor == Some(admin_id)
                && uid.as_deref() == Some(agent.uid.as_str()))
    );
}

#[tokio::test]
async fn an_account_without_a_phone_becomes_a_transporteur_when_the_administrator_gives_one() {
    // A transporteur profile needs a phone; an administrator (or an agent created without one)
    // has none, so `accounts.change_role` must let the administrator supply it.
    let desk = TestDesk::new().await;
    let admin = desk.setup_admin().await;
    let other_admin = desk
        .create_account(&admin, "admin", "cheikh.ba@billettigue.sn", json!({}))
        .await;
    let changed = desk
        .call(
            "accounts.change_role",
            json!({ "uid": other_admin.uid, "role": "transporteur", "company_name": "Sénégal Express Voyages", "phone_number": "77 654 32 10" }),
            Some(&admin),
        )
        .await;
    let changed =
        changed.unwrap_or_else(|e| panic!("the phone given with the new role is used: {e:?}"));
    assert_eq!(changed["phone_number"], json!("+221776543210"));
    assert_eq!(
        live_profiles(&desk, &other_admin.email).await,
        vec!["transporteurs"]
    );
}

#[tokio::test]
async fn suspend_reactivate_unlock_and_reset_password_are_each_written_to_the_audit_log_with_their_actor(
) {
    let desk = TestDesk::new().await;
    let admin = desk.setup_admin().await;
    let admin_id = desk.compte_id(ADMIN_EMAIL).await;
    let agent = desk.create_agent(&admin, "khady.fall@billettigue.sn").await;
    let uid = json!({ "uid": agent.uid });
    let steps = [
        ("accounts.suspend", uid.clone(), "account.suspend"),
        ("accounts.reactivate", uid.clone(), "account.reactivate"),
        ("accounts.unlock", uid.clone(), "account.unlock"),
        (
            "accounts.reset_password",
            json!({ "uid": agent.uid, "new_password": "Mot-De-Passe-Remis-1" }),
            "account.reset_password",
        ),
    ];
    for (command, args, action) in steps {
        desk.advance(Duration::minutes(1));
        desk.ok(command, args, Some(&admin)).await;
        let rows = admin_log_rows(&desk, action).await;
        assert_eq!(
            rows,
            vec![(Some(admin_id), Some(agent.uid.clone()))],
            "{command}"
        );
        let at: String = sqlx::query_scalar("SELECT created_at FROM admin_logs WHERE action = ?")
            .bind(action)
            .fetch_one(desk.pool())
            .await
            .expect("when");
        assert!(
            at.starts_with(&desk.now().format("%Y-%m-%dT%H:%M").to_string()),
            "{at} is the clock's time"
        );
    }
    let listed = desk
        .ok("audit.list", json!({ "limit": 4 }), Some(&admin))
        .await;
    let actions: Vec<&str> = listed
        .as_array()
        .map(|l| l.iter().filter_map(|e| e["action"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        actions,
        [
            "account.reset_password",
            "account.unlock",
            "account.reactivate",
            "account.suspend"
        ]
    );
    assert!(listed.as_array().is_some_and(|l| l
        .iter()
        .all(|e| e["actor_email"] == json!(ADMIN_EMAIL) && e["entity_uid"] == json!(agent.uid))));
}

#[tokio::test]
async fn an_administrator_cannot_change_their_own_role_or_status() {
    let desk = TestDesk::new().await;
    let admin = desk.setup_admin().await;
    let me = desk.ok("auth.me", json!({}), Some(&admin)).await;
    let own = text(&me["account"], "uid");
    let agency = desk
        .create_agency(&admin, "Agence Bouaké Centre", "Bouaké")
        .await;
    let before = desk.snapshot().await;
    for (command, args) in [
        (
            "accounts.change_role",
            json!({ "uid": own, "role": "agent", "agence_uid": agency }),
        ),
        (
            "accounts.change_role",
            json!({ "uid": own, "role": "admin" }),
        ),
        ("accounts.suspend", json!({ "uid": own })),
        ("accounts.reactivate", json!({ "uid": own })),
        ("accounts.unlock", json!({ "uid": own })),
        (
            "accounts.reset_password",
            json!({ "uid": own, "new_password": "Mon-Propre-Mot-2026" }),
        ),
    ] {
        let error = desk.err(command, args.clone(), Some(&admin)).await;
        assert_eq!(
            error.code,
            ErrorCode::Validation,
            "{command} {args}: {error:?}"
        );
        assert_eq!(error.field.as_deref(), Some("uid"), "{command}: {error:?}");
        assert!(error.message.contains("propre compte"), "{}", error.message);
    }
    assert_eq!(desk.snapshot().await, before);
    desk.ok("auth.me", json!({}), Some(&admin)).await;
}

#[tokio::test]
async fn the_audit_log_pages_newest_first_with_before_id() {
    let desk = TestDesk::new().await;
    let admin = desk.setup_admin().await;
    for value in 2..=8 {
        desk.ok(
            "config.set",
            json!({ "key": "auth.max_failed_logins", "value": value.to_string() }),
            Some(&admin),
        )
        .await;
    }
    let total = count(desk.pool(), "admin_logs").await;
    assert_eq!(total, 8, "setup + 7 settings");

    let mut seen: Vec<i64> = Vec::new();
    let mut before: Option<i64> = None;
    loop {
        let args = match before {
            Some(id) => json!({ "limit": 3, "before_id": id }),
            None => json!({ "limit": 3 }),
        };
        let page = desk.ok("audit.list", args, Some(&admin)).await;
        let ids: Vec<i64> = page
            .as_array()
            .map(|p| p.iter().filter_map(|e| e["id"].as_i64()).collect())
            .unwrap_or_default();
        if ids.is_empty() {
            break;
        }
        assert!(ids.len() <= 3);
        seen.extend(&ids);
        before = ids.last().copied();
    }
    let mut expected: Vec<i64> = sqlx::query_scalar("SELECT id FROM admin_logs")
        .fetch_all(desk.pool())
        .await
        .expect("ids");
    expected.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(seen, expected, "every entry once, newest first");

    let newest = desk
        .ok("audit.list", json!({ "limit": 1 }), Some(&admin))
        .await;
    assert_eq!(newest[0]["action"], json!("config.set"));
    assert_eq!(
        newest[0]["details"]
            .as_str()
            .map(|d| serde_json::from_str::<Value>(d).ok()),
        Some(Some(json!({ "from": "7", "to": "8" })))
    );
}

#[tokio::test]
async fn staff_without_the_permission_are_forbidden_every_administrative_command_and_nothing_is_written(
) {
    let desk = TestDesk::new().await;
    let admin = desk.setup_admin().await;
    let agent = desk.create_agent(&admin, "khady.fall@billettigue.sn").await;
    let carrier = desk
        .create_account(
            &admin,
            "transporteur",
            "depot@ndiaga-ndiaye.sn",
            transporteur_args(),
        )
        .await;
    let explicit = |name: &str| match name {
        "accounts.list" => json!({ "role": "admin" }),
        "accounts.create" => {
            json!({ "email": "pirate@billettigue.sn", "password": STAFF_PASSWORD, "role": "admin", "first_name": "P", "last_name": "R" })
        }
        "config.set" => json!({ "key": "auth.max_failed_logins", "value": "50" }),
        "audit.list" => json!({ "limit": 10 }),
        "accounts.suspend" | "accounts.reactivate" | "accounts.unlock" => {
            json!({ "uid": agent.uid })
        }
        "accounts.reset_password" => {
            json!({ "uid": agent.uid, "new_password": "Pris-Par-Un-Autre-1" })
        }
        "accounts.change_role" => json!({ "uid": agent.uid, "role": "admin" }),
        "agencies.create" => json!({ "name": "Fausse agence", "city": "Dakar" }),
        _ => json!({}),
    };
    let mut checked = Vec::new();
    for account in [&agent, &carrier] {
        let token = desk
            .login(&account.email, STAFF_PASSWORD)
            .await
            .expect("sign in");
        let granted: Vec<String> = desk.ok("auth.me", json!({}), Some(&token)).await["permissions"]
            .as_array()
            .map(|p| {
                p.iter()
                    .filter_map(|c| c.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let before = desk.snapshot().await;
        for command in describe_all() {
            let Some(permission) = command.permission else {
                continue;
            };
            if granted.iter().any(|g| g == permission) {
                continue;
            }
            for args in [explicit(command.name), json!({}), json!(null)] {
                let result = desk.call(command.name, args.clone(), Some(&token)).await;
                let error = result.err().unwrap_or_else(|| {
                    panic!(
                        "{} as {} with {args} should be forbidden",
                        command.name, account.email
                    )
                });
                assert_eq!(
                    error.code,
                    ErrorCode::Forbidden,
                    "{} {args}: {error:?}",
                    command.name
                );
                assert!(!error.message.is_empty());
            }
            checked.push(command.name);
        }
        assert_eq!(
            desk.snapshot().await,
            before,
            "{}: a forbidden command writes nothing",
            account.email
        );
    }
    for required in [
        "accounts.list",
        "accounts.create",
        "config.set",
        "audit.list",
    ] {
        assert!(checked.contains(&required), "{required} was checked");
    }
}

#[tokio::test]
async fn without_a_token_every_signed_in_command_asks_to_sign_in_and_nothing_is_written() {
    let desk = TestDesk::new().await;
    let _admin = desk.setup_admin().await;
    let before = desk.snapshot().await;
    let mut checked = 0;
    for command in describe_all().into_iter().filter(|c| c.signed_in) {
        for token in [None, Some("")] {
            let result = desk.call(command.name, json!({}), token).await;
            assert_code(&result, ErrorCode::Unauthenticated);
        }
        checked += 1;
    }
    assert!(checked >= 14, "{checked} signed-in commands");
    assert_eq!(desk.snapshot().await, before);
}

#[tokio::test]
async fn settings_refuse_unknown_keys_and_out_of_range_values_and_record_who_changed_them() {
    let desk = TestDesk::new().await;
    let admin = desk.setup_admin().await;
    let before = desk.snapshot().await;
    let refused = [
        ("auth.max_failed_logins_typo", "5", "key"),
        ("AUTH.MAX_FAILED_LOGINS", "5", "key"),
        ("", "5", "key"),
        ("auth.max_failed_logins", "0", "value"),
        ("auth.max_failed_logins", "51", "value"),
        ("auth.max_failed_logins", "-3", "value"),
        ("auth.max_failed_logins", "cinq", "value"),
        ("auth.max_failed_logins", "5.5", "value"),
        ("auth.session_ttl_minutes", "4", "value"),
        ("auth.session_ttl_minutes", "1441", "value"),
        ("auth.password_min_length", "7", "value"),
        ("currency", "xof", "value"),
        ("currency", "FCFA", "value"),
        ("locale.default", "de", "value"),
    ];
    for (key, value, field) in refused {
        let error = desk
            .err(
                "config.set",
                json!({ "key": key, "value": value }),
                Some(&admin),
            )
            .await;
        assert_eq!(
            error.code,
            ErrorCode::Validation,
            "{key}={value}: {error:?}"
        );
        assert_eq!(
            error.field.as_deref(),
            Some(field),
            "{key}={value}: {error:?}"
        );
        assert!(!error.message.is_empty());
    }
    assert_eq!(
        desk.snapshot().await,
        before,
        "refused settings write nothing"
    );

    desk.advance(Duration::minutes(2));
    let entry = desk
        .ok(
            "config.set",
            json!({ "key": "currency", "value": " GHS " }),
            Some(&admin),
        )
        .await;
    assert_eq!(entry["value"], json!("GHS"));
    assert_eq!(entry["updated_by_email"], json!(ADMIN_EMAIL));
    let listed = desk.ok("config.list", json!({}), Some(&admin)).await;
    assert!(listed.as_array().is_some_and(|l| l
        .iter()
        .any(|e| e["key"] == json!("currency") && e["value"] == json!("GHS"))));
    let (updated_by, version): (Option<i64>, i64) =
        sqlx::query_as("SELECT updated_by, version FROM system_config WHERE key = 'currency'")
            .fetch_one(desk.pool())
            .await
            .expect("row");
    assert_eq!(updated_by, Some(desk.compte_id(ADMIN_EMAIL).await));
    assert_eq!(version, 2);
    let admin_id = desk.compte_id(ADMIN_EMAIL).await;
    assert_eq!(count(desk.pool(), &format!("admin_logs WHERE action = 'config.set' AND entity_uid = 'currency' AND actor_compte_id = {admin_id}")).await, 1);
}
