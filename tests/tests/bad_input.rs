//! The bad-input battery: every registered command, called by an administrator (so permission is
//! never what refuses), with each of its arguments broken in every way a caller can break it.
//! Each refusal must carry a code from the closed list and a non-empty French message, and must
//! leave the database exactly as it was.
//!
//! The battery iterates `billettigue_core::commands::COMMANDS`: a command added to the registry
//! without a template below makes the first test fail, so it cannot escape the battery.

use billettigue_core::commands::COMMANDS;
use billettigue_core::{ErrorCode, ErrorPayload, Locale};
use billettigue_tests::desk::{Snapshot, TestDesk};
use serde_json::{json, Map, Value};

const SQL_QUOTE: &str = "'; DROP TABLE comptes; --";
const SQL_OR: &str = "\" OR 1=1 --";
const HUGE_LEN: usize = 100 * 1024;

/// One way of breaking one argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mutation {
    /// A number where the argument is not one.
    Number,
    /// A string where the argument is a number.
    Text,
    Object,
    Array,
    Bool,
    Missing,
    Empty,
    /// 100 KB of text, or a number no integer type holds.
    Huge,
    SqlQuote,
    SqlOr,
    /// A value outside the enum (`"superuser"` for a role).
    UnknownVariant,
    Negative,
}

use Mutation::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    /// A role: `admin`, `agent`, `transporteur`, `user`.
    Role,
    /// An integer, with the negative sample to try.
    Int(i64),
}

impl Kind {
    fn mutations(self) -> &'static [Mutation] {
        match self {
            Kind::Text => &[
                Number, Object, Array, Bool, Missing, Empty, Huge, SqlQuote, SqlOr,
            ],
            Kind::Role => &[
                Number,
                Object,
                Array,
                Bool,
                Missing,
                Empty,
                Huge,
                SqlQuote,
                SqlOr,
                UnknownVariant,
            ],
            Kind::Int(_) => &[Text, Object, Array, Bool, Missing, Huge, Negative],
        }
    }
}

/// One argument of a command: how to break it and what the command must answer.
#[derive(Debug, Clone)]
struct Field {
    name: &'static str,
    kind: Kind,
    /// Absent from the JSON is a parse error (no `#[serde(default)]`).
    serde_required: bool,
    /// The code for a well-typed but bad value (empty, huge, SQL text, negative, or absent when
    /// the type allows absence but the command does not).
    refused_as: ErrorCode,
    /// Mutations that are still valid input: the command then succeeds. They are run by
    /// `mutations_that_remain_valid_input_succeed_and_store_sql_text_as_typed`.
    accepts: &'static [Mutation],
}

fn text(name: &'static str) -> Field {
    Field {
        name,
        kind: Kind::Text,
        serde_required: true,
        refused_as: ErrorCode::Validation,
        accepts: &[],
    }
}

fn role(name: &'static str) -> Field {
    Field {
        kind: Kind::Role,
        ..text(name)
    }
}

fn int(name: &'static str, negative: i64) -> Field {
    Field {
        kind: Kind::Int(negative),
        serde_required: false,
        ..text(name)
    }
}

impl Field {
    fn optional(self) -> Self {
        Self {
            serde_required: false,
            ..self
        }
    }

    fn refused_as(self, code: ErrorCode) -> Self {
        Self {
            refused_as: code,
            ..self
        }
    }

    fn accepts(self, accepts: &'static [Mutation]) -> Self {
        Self { accepts, ..self }
    }

    fn value(&self, mutation: Mutation) -> Option<Value> {
        Some(match (mutation, self.kind) {
            (Number, _) => json!(42),
            (Text, _) => json!("1 OR 1=1"),
            (Object, _) => json!({ "$ne": null }),
            (Array, _) => json!(["admin"]),
            (Bool, _) => json!(true),
            (Missing, _) => return None,
            (Empty, _) => json!(""),
            (Huge, Kind::Int(_)) => json!(1e20),
            (Huge, _) => json!("x".repeat(HUGE_LEN)),
            (SqlQuote, _) => json!(SQL_QUOTE),
            (SqlOr, _) => json!(SQL_OR),
            (UnknownVariant, _) => json!("superuser"),
            (Negative, Kind::Int(n)) => json!(n),
            (Negative, _) => json!(-1),
        })
    }

    /// What the command must answer to this mutation: `None` when it is still valid input.
    fn expected(&self, mutation: Mutation) -> Option<ErrorCode> {
        if self.accepts.contains(&mutation) {
            return None;
        }
        // A wrong JSON type, or a missing argument the type requires, fails while the arguments
        // are read, before any lookup: always `validation`.
        let unreadable = matches!(
            mutation,
            Number | Text | Object | Array | Bool | UnknownVariant
        ) || (mutation == Missing && self.serde_required);
        Some(if unreadable {
            ErrorCode::Validation
        } else {
            self.refused_as
        })
    }
}

/// What the unchanged template answers, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AsIs {
    Succeeds,
    Refused(ErrorCode),
}

struct Template {
    args: Value,
    fields: Vec<Field>,
    /// The argument type has `#[serde(deny_unknown_fields)]`.
    denies_unknown_fields: bool,
    as_is: AsIs,
}

/// What the templates refer to: records that exist on the desk under test.
struct Ctx {
    agency_uid: String,
    agent_uid: String,
}

/// A template of valid arguments for every registered command.
fn template(name: &str, ctx: &Ctx) -> Option<Template> {
    let none = |as_is| Template {
        args: json!({}),
        fields: vec![],
        denies_unknown_fields: true,
        as_is,
    };
    Some(match name {
        "setup.status" | "auth.me" | "auth.logout" | "config.list" | "agencies.list" => {
            none(AsIs::Succeeds)
        }
        // The desk under test is set up: any well-typed request is refused as already done,
        // before its values are even looked at.
        "setup.create_admin" => Template {
            args: json!({ "email": "cheikh.ba@billettigue.sn", "password": "Un-Second-Admin-1", "first_name": "Cheikh", "last_name": "Ba" }),
            fields: ["email", "password", "first_name", "last_name"]
                .into_iter()
                .map(|f| text(f).refused_as(ErrorCode::AlreadyInitialized))
                .collect(),
            denies_unknown_fields: false,
            as_is: AsIs::Refused(ErrorCode::AlreadyInitialized),
        },
        // An unknown email, so that no failed attempt is counted on any account: a readable
        // email with any password is `invalid_credentials`, and nothing is written.
        "auth.login" => Template {
            args: json!({ "email": "inconnu@billettigue.sn", "password": "Un-Mot-De-Passe-1" }),
            fields: vec![
                text("email"),
                text("password").refused_as(ErrorCode::InvalidCredentials),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Refused(ErrorCode::InvalidCredentials),
        },
        // SQL text is a perfectly good password: it is hashed, never run.
        "auth.change_password" => Template {
            args: json!({ "current_password": billettigue_tests::desk::ADMIN_PASSWORD, "new_password": "Un-Nouveau-Secret-1" }),
            fields: vec![
                text("current_password"),
                text("new_password").accepts(&[SqlQuote, SqlOr]),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // A search text is data: blank means no filter, SQL text simply matches nobody.
        "accounts.list" => Template {
            args: json!({ "query": "diop", "role": "agent" }),
            fields: vec![
                text("query")
                    .optional()
                    .accepts(&[Missing, Empty, SqlQuote, SqlOr]),
                role("role").optional().accepts(&[Missing]),
            ],
            denies_unknown_fields: false,
            as_is: AsIs::Succeeds,
        },
        // A transporteur: company name and phone are then required although optional in the type.
        // Names and passwords may contain SQL text (stored as typed / hashed); the agency is
        // optional for a carrier.
        "accounts.create" => Template {
            args: json!({
                "email": "depot@senegal-express.sn", "password": "Un-Nouveau-Depot-1", "role": "transporteur",
                "first_name": "Mariama", "last_name": "Sy", "phone_number": "+225 07 08 09 10 11",
                "company_name": "Sénégal Express Voyages", "agence_uid": ctx.agency_uid,
            }),
            fields: vec![
                text("email"),
                text("password").accepts(&[SqlQuote, SqlOr]),
                role("role"),
                text("first_name").accepts(&[SqlQuote, SqlOr]),
                text("last_name").accepts(&[SqlQuote, SqlOr]),
                text("phone_number").optional(),
                text("company_name").optional().accepts(&[SqlQuote, SqlOr]),
                text("agence_uid").optional().accepts(&[Missing, Empty]),
            ],
            denies_unknown_fields: false,
            as_is: AsIs::Succeeds,
        },
        // An unknown uid is `not_found`; the agent becomes a transporteur (it has a phone).
        "accounts.change_role" => Template {
            args: json!({ "uid": ctx.agent_uid, "role": "transporteur", "company_name": "Sénégal Express Voyages", "agence_uid": ctx.agency_uid }),
            fields: vec![
                text("uid").refused_as(ErrorCode::NotFound),
                role("role"),
                text("company_name").optional().accepts(&[SqlQuote, SqlOr]),
                text("agence_uid").optional().accepts(&[Missing, Empty]),
            ],
            denies_unknown_fields: false,
            as_is: AsIs::Succeeds,
        },
        "accounts.suspend" | "accounts.reactivate" | "accounts.unlock" => Template {
            args: json!({ "uid": ctx.agent_uid }),
            fields: vec![text("uid").refused_as(ErrorCode::NotFound)],
            denies_unknown_fields: false,
            as_is: AsIs::Succeeds,
        },
        "accounts.reset_password" => Template {
            args: json!({ "uid": ctx.agent_uid, "new_password": "Un-Nouveau-Depart-1" }),
            fields: vec![
                text("uid").refused_as(ErrorCode::NotFound),
                text("new_password").accepts(&[SqlQuote, SqlOr]),
            ],
            denies_unknown_fields: false,
            as_is: AsIs::Succeeds,
        },
        // Both optional; a negative page position is refused like a negative page size.
        "audit.list" => Template {
            args: json!({ "limit": 10, "before_id": 1000 }),
            fields: vec![
                int("limit", -1).accepts(&[Missing]),
                int("before_id", -5).accepts(&[Missing]),
            ],
            denies_unknown_fields: false,
            as_is: AsIs::Succeeds,
        },
        "config.set" => Template {
            args: json!({ "key": "auth.max_failed_logins", "value": "6" }),
            fields: vec![text("key"), text("value")],
            denies_unknown_fields: false,
            as_is: AsIs::Succeeds,
        },
        // Names and addresses may contain SQL text; address and phone are optional.
        "agencies.create" => Template {
            args: json!({ "name": "Gare d'Adjamé", "city": "Abidjan", "address": "Boulevard Nangui Abrogoua", "phone_number": "+225 27 20 00 00 00" }),
            fields: vec![
                text("name").accepts(&[SqlQuote, SqlOr]),
                text("city").accepts(&[SqlQuote, SqlOr]),
                text("address")
                    .optional()
                    .accepts(&[Missing, Empty, SqlQuote, SqlOr]),
                text("phone_number").optional().accepts(&[Missing, Empty]),
            ],
            denies_unknown_fields: false,
            as_is: AsIs::Succeeds,
        },
        _ => return None,
    })
}

/// One call of the battery.
struct Case {
    command: &'static str,
    what: String,
    args: Value,
    /// The field broken, when one is.
    field: Option<&'static str>,
    /// `None`: still valid input, the command succeeds.
    expected: Option<ErrorCode>,
}

fn with_field(args: &Value, field: &str, value: Option<Value>) -> Value {
    let mut object = args.as_object().cloned().unwrap_or_default();
    match value {
        Some(value) => object.insert(field.to_owned(), value),
        None => object.remove(field),
    };
    Value::Object(object)
}

/// Every case for one command.
fn cases(command: &'static str, template: &Template) -> Vec<Case> {
    let mut out = Vec::new();
    for field in &template.fields {
        for &mutation in field.kind.mutations() {
            out.push(Case {
                command,
                what: format!("{}: {mutation:?}", field.name),
                args: with_field(&template.args, field.name, field.value(mutation)),
                field: Some(field.name),
                expected: field.expected(mutation),
            });
        }
    }
    // `null` arguments read as "no arguments": refused when something is required, valid
    // otherwise (the window sends null for commands that take nothing).
    let needs_something = template.fields.iter().any(|f| f.serde_required);
    out.push(Case {
        command,
        what: "null arguments".into(),
        args: Value::Null,
        // Null reads as `{}`: the first required field (in declaration order) is the one missing.
        field: template
            .fields
            .iter()
            .find(|f| f.serde_required)
            .map(|f| f.name),
        expected: needs_something.then_some(ErrorCode::Validation),
    });
    let whole = [
        ("an array instead of an object", json!([])),
        (
            "the arguments wrapped in an array",
            json!([template.args.clone()]),
        ),
        (
            "a string instead of an object",
            json!(template.args.to_string()),
        ),
        ("a number instead of an object", json!(-1)),
        ("a boolean instead of an object", json!(false)),
    ];
    for (what, args) in whole {
        out.push(Case {
            command,
            what: what.into(),
            args,
            field: None,
            expected: Some(ErrorCode::Validation),
        });
    }
    if template.denies_unknown_fields {
        out.push(Case {
            command,
            what: "an unknown extra field".into(),
            args: with_field(&template.args, "champ_inconnu", Some(json!(SQL_QUOTE))),
            field: Some("champ_inconnu"),
            expected: Some(ErrorCode::Validation),
        });
    }
    out
}

/// A desk with its administrator, an agency and an agent (with a phone) the templates refer to.
async fn prepared() -> (TestDesk, String, Ctx) {
    let desk = TestDesk::new().await;
    let admin = desk.setup_admin().await;
    let agent = desk
        .create_agent(&admin, "fatou.ndiaye@billettigue.sn")
        .await;
    let agency_uid = desk.ok("agencies.list", json!({}), Some(&admin)).await[0]["uid"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    (
        desk,
        admin,
        Ctx {
            agency_uid,
            agent_uid: agent.uid,
        },
    )
}

/// Checks one refusal; returns what is wrong with it, if anything.
fn judge(case: &Case, expected: ErrorCode, result: &Result<Value, ErrorPayload>) -> Option<String> {
    let error = match result {
        Ok(value) => {
            return Some(format!(
                "accepted (expected {expected:?}): {}",
                shorten(&value.to_string())
            ))
        }
        Err(error) => error,
    };
    if error.code != expected {
        return Some(format!(
            "code {:?}, expected {expected:?}: {}",
            error.code, error.message
        ));
    }
    if error.message.trim().is_empty() {
        return Some("empty message".into());
    }
    if error.message.len() > 500 {
        return Some(format!(
            "a {}-byte message echoes the input",
            error.message.len()
        ));
    }
    if let (Some(field), ErrorCode::Validation) = (case.field, expected) {
        let points = error.field.as_deref() == Some(field) || error.message.contains(field);
        if !points {
            return Some(format!("does not point at {field:?}: {error:?}"));
        }
    }
    if let Some(other) = error.field.as_deref().filter(|f| Some(*f) != case.field) {
        return Some(format!(
            "blames field {other:?} instead of {:?}",
            case.field
        ));
    }
    None
}

fn shorten(text: &str) -> String {
    text.chars().take(200).collect()
}

fn describe(case: &Case) -> String {
    format!(
        "{} [{}] {}",
        case.command,
        case.what,
        shorten(&case.args.to_string())
    )
}

#[tokio::test]
async fn every_command_refuses_every_kind_of_bad_input_with_a_clear_french_error_and_writes_nothing(
) {
    let (desk, admin, ctx) = prepared().await;
    let missing: Vec<&str> = COMMANDS
        .iter()
        .map(|c| c.name)
        .filter(|name| template(name, &ctx).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "registered commands without a bad-input template (add them to `template`): {missing:?}"
    );

    let mut failures = Vec::new();
    let mut baseline = desk.snapshot().await;
    let mut refused = 0;
    for spec in COMMANDS {
        let Some(template) = template(spec.name, &ctx) else {
            continue;
        };
        for case in cases(spec.name, &template) {
            let Some(expected) = case.expected else {
                continue;
            };
            let result = desk
                .call(case.command, case.args.clone(), Some(&admin))
                .await;
            refused += 1;
            if let Some(problem) = judge(&case, expected, &result) {
                failures.push(format!("{}: {problem}", describe(&case)));
            }
            let after = desk.snapshot().await;
            if after != baseline {
                failures.push(format!(
                    "{}: the database changed:\n{}",
                    describe(&case),
                    baseline.diff(&after)
                ));
                baseline = after;
            }
        }
    }
    assert!(refused > 250, "only {refused} refusal cases ran");
    assert!(
        failures.is_empty(),
        "{} of {refused} cases went wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The table names and row counts: nothing may disappear.
fn shape(snapshot: &Snapshot) -> Vec<(String, usize)> {
    snapshot
        .0
        .iter()
        .map(|(table, rows)| (table.clone(), rows.len()))
        .collect()
}

#[tokio::test]
async fn mutations_that_remain_valid_input_succeed_and_store_sql_text_as_typed() {
    let probe = Ctx {
        agency_uid: String::new(),
        agent_uid: String::new(),
    };
    let mut failures = Vec::new();
    let mut ran = 0;
    for spec in COMMANDS {
        let Some(probe_template) = template(spec.name, &probe) else {
            continue;
        };
        let accepted: Vec<String> = cases(spec.name, &probe_template)
            .into_iter()
            .filter(|c| c.expected.is_none())
            .map(|c| c.what)
            .collect();
        for what in accepted {
            // Each on its own desk: a success changes what the next case would meet.
            let (desk, admin, ctx) = prepared().await;
            let Some(template) = template(spec.name, &ctx) else {
                continue;
            };
            let Some(case) = cases(spec.name, &template)
                .into_iter()
                .find(|c| c.what == what)
            else {
                continue;
            };
            let before = desk.snapshot().await;
            ran += 1;
            if let Err(error) = desk
                .call(case.command, case.args.clone(), Some(&admin))
                .await
            {
                failures.push(format!(
                    "{}: refused although valid: {error:?}",
                    describe(&case)
                ));
                continue;
            }
            let after = desk.snapshot().await;
            let grown = shape(&before)
                .iter()
                .zip(shape(&after))
                .all(|((t1, n1), (t2, n2))| *t1 == t2 && n2 >= *n1);
            if before.0.len() != after.0.len() || !grown {
                failures.push(format!(
                    "{}: a table or rows disappeared:\n{}",
                    describe(&case),
                    before.diff(&after)
                ));
            }
            let sql = case
                .args
                .get(case.field.unwrap_or_default())
                .and_then(Value::as_str)
                .filter(|v| *v == SQL_QUOTE || *v == SQL_OR);
            let secret = case.field.is_some_and(|f| f.contains("password"));
            if let (Some(sql), false, true) = (sql, secret, after != before) {
                let quoted = sql.replace('\'', "''");
                if !after
                    .0
                    .iter()
                    .any(|(_, rows)| rows.iter().any(|row| row.contains(&quoted)))
                {
                    failures.push(format!(
                        "{}: the text was not stored as typed",
                        describe(&case)
                    ));
                }
            }
        }
    }
    assert!(ran >= 30, "only {ran} still-valid cases ran");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn every_template_is_answered_as_documented_so_each_refusal_comes_from_its_mutation() {
    let mut failures = Vec::new();
    for spec in COMMANDS {
        let (desk, admin, ctx) = prepared().await;
        let Some(template) = template(spec.name, &ctx) else {
            failures.push(format!("{}: no template", spec.name));
            continue;
        };
        let result = desk
            .call(spec.name, template.args.clone(), Some(&admin))
            .await;
        let answered = match &result {
            Ok(_) => AsIs::Succeeds,
            Err(error) => AsIs::Refused(error.code),
        };
        if answered != template.as_is {
            failures.push(format!(
                "{}: answered {answered:?} ({result:?}), documented {:?}",
                spec.name, template.as_is
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn an_unknown_command_is_not_found_whoever_asks_and_writes_nothing() {
    let (desk, admin, _ctx) = prepared().await;
    let before = desk.snapshot().await;
    let huge = "x".repeat(HUGE_LEN);
    for name in [
        "accounts.drop",
        "Accounts.List",
        "accounts.list ",
        SQL_QUOTE,
        "",
        huge.as_str(),
    ] {
        for token in [Some(admin.as_str()), None] {
            let error = desk
                .call(name, json!({}), token)
                .await
                .err()
                .unwrap_or_else(|| panic!("{name:?} should not exist"));
            assert_eq!(error.code, ErrorCode::NotFound, "{name:?}: {error:?}");
            assert!(
                error.message.starts_with("Commande inconnue")
                    || error.message.contains("inconnue"),
                "{}",
                error.message
            );
            assert!(
                error.message.len() < 300,
                "the message does not echo a 100 KB name"
            );
        }
    }
    assert_eq!(desk.snapshot().await, before);
}

#[tokio::test]
async fn errors_are_in_english_when_the_caller_asks_for_english() {
    let (desk, admin, _ctx) = prepared().await;
    let cases: [(&str, Value, Option<&str>, &str, &str); 7] = [
        (
            "accounts.list",
            json!({ "role": "superuser" }),
            Some(&admin),
            "Unrecognised value",
            "role",
        ),
        (
            "config.set",
            json!({ "key": "auth.max_failed_logins" }),
            Some(&admin),
            "required",
            "value",
        ),
        (
            "audit.list",
            json!({ "limit": "dix" }),
            Some(&admin),
            "wrong type",
            "limit",
        ),
        (
            "config.set",
            json!({ "key": "auth.max_failed_logins", "value": "99" }),
            Some(&admin),
            "between 1 and 50",
            "",
        ),
        (
            "auth.login",
            json!({ "email": "inconnu@billettigue.sn", "password": "Un-Mot-De-Passe-1" }),
            None,
            "Wrong email address or password",
            "",
        ),
        (
            "auth.me",
            json!({}),
            Some("bt1.faux.jeton"),
            "sign in again",
            "",
        ),
        (
            "nope.nothing",
            json!({}),
            None,
            "Unknown command",
            "nope.nothing",
        ),
    ];
    for (command, args, token, english, mentions) in cases {
        let en = desk
            .call_in(Locale::En, command, args.clone(), token)
            .await
            .err()
            .unwrap_or_else(|| panic!("{command} should fail"));
        let fr = desk
            .call_in(Locale::Fr, command, args.clone(), token)
            .await
            .err()
            .unwrap_or_else(|| panic!("{command} should fail"));
        assert_eq!(en.code, fr.code, "the code does not depend on the language");
        assert_eq!(en.field, fr.field);
        assert!(
            en.message.contains(english),
            "{command}: {:?} should contain {english:?}",
            en.message
        );
        assert!(
            en.message.contains(mentions),
            "{command}: {:?} should mention {mentions:?}",
            en.message
        );
        assert_ne!(
            en.message, fr.message,
            "{command}: French and English differ"
        );
        assert!(
            !en.message.contains("champ") && !en.message.contains("mot de passe"),
            "{:?}",
            en.message
        );
    }
}

#[test]
fn the_battery_covers_each_argument_of_a_template() {
    let ctx = Ctx {
        agency_uid: "a".into(),
        agent_uid: "b".into(),
    };
    for spec in COMMANDS {
        let Some(template) = template(spec.name, &ctx) else {
            continue;
        };
        let args: Map<String, Value> = template.args.as_object().cloned().unwrap_or_default();
        let described: Vec<&str> = template.fields.iter().map(|f| f.name).collect();
        let listed: Vec<&str> = args.keys().map(String::as_str).collect();
        assert_eq!(
            listed.len(),
            described.len(),
            "{}: every argument of the template has a field rule",
            spec.name
        );
        for key in listed {
            assert!(
                described.contains(&key),
                "{}: {key} has no field rule",
                spec.name
            );
        }
    }
}
