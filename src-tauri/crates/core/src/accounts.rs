//! Staff accounts: a `comptes` row with exactly one profile row, and what administrators do to them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::audit;
use crate::auth::{password, Role, Session};
use crate::config;
use crate::desk::Desk;
use crate::domain::{Email, Password, PhoneNumber, Text};
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;

pub const NAME_MAX: usize = 80;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    Active,
    Inactive,
    Suspended,
    Deleted,
}

impl AccountStatus {
    fn from_db(text: &str) -> Self {
        match text {
            "active" => Self::Active,
            "suspended" => Self::Suspended,
            "deleted" => Self::Deleted,
            _ => Self::Inactive,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AccountSummary {
    pub uid: String,
    pub email: Option<String>,
    pub role: Role,
    pub status: AccountStatus,
    pub account_locked: bool,
    pub failed_logins: i64,
    pub last_login: Option<DateTime<Utc>>,
    pub first_name: String,
    pub last_name: String,
    pub display_name: String,
    pub phone_number: Option<String>,
    pub company_name: Option<String>,
    /// The carrier (`transporteurs.uid`) a transporteur account operates, to name it in trajets.
    pub transporteur_uid: Option<String>,
    pub agence_uid: Option<String>,
    pub agence_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CreateAccountArgs {
    pub email: String,
    pub password: String,
    pub role: Role,
    pub first_name: String,
    pub last_name: String,
    #[serde(default)]
    pub phone_number: Option<String>,
    #[serde(default)]
    pub company_name: Option<String>,
    #[serde(default)]
    pub agence_uid: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ListAccountsArgs {
    #[serde(default)]
    pub query: Option<String>,
    #[serde(default)]
    pub role: Option<Role>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AccountRef {
    pub uid: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ChangeRoleArgs {
    pub uid: String,
    pub role: Role,
    /// Needed when the account has none and the new role requires one (transporteur).
    #[serde(default)]
    pub phone_number: Option<String>,
    #[serde(default)]
    pub company_name: Option<String>,
    #[serde(default)]
    pub agence_uid: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ResetPasswordArgs {
    pub uid: String,
    pub new_password: String,
}

/// The profile details a role needs, already validated.
struct Profile {
    first_name: Text,
    last_name: Text,
    phone_number: Option<PhoneNumber>,
    company_name: Option<Text>,
    agence_id: Option<i64>,
}

impl Profile {
    fn table(role: Role) -> &'static str {
        match role {
            Role::Admin => "administrateurs",
            Role::Agent => "agents",
            Role::Transporteur => "transporteurs",
            Role::User => "utilisateurs",
        }
    }
}

/// The configured minimum password length.
pub(crate) async fn password_rule(conn: &mut SqliteConnection) -> Result<usize> {
    Ok(
        usize::try_from(config::integer(conn, config::PASSWORD_MIN_LENGTH, 10).await?)
            .unwrap_or(10),
    )
}

/// Validates everything before any write; the hash is computed outside the transaction.
pub(crate) struct NewAccount {
    email: Email,
    password_hash: String,
    role: Role,
    profile: Profile,
}

impl NewAccount {
    pub(crate) async fn parse(desk: &Desk, args: CreateAccountArgs) -> Result<Self> {
        let email = Email::parse("email", &args.email)?;
        let min_len = password_rule(&mut *desk.pool().acquire().await?).await?;
        let new_password = Password::parse("password", &args.password, min_len)?;
        if args.role == Role::User {
            return Err(Error::invalid("role", Message::CustomersCannotSignIn));
        }
        let profile = parse_profile(
            desk,
            args.role,
            &args.first_name,
            &args.last_name,
            args.phone_number.as_deref(),
            args.company_name.as_deref(),
            args.agence_uid.as_deref(),
        )
        .await?;
        let password_hash = password::hash(new_password.expose().to_owned()).await?;
        Ok(Self {
            email,
            password_hash,
            role: args.role,
            profile,
        })
    }
}

async fn parse_profile(
    desk: &Desk,
    role: Role,
    first_name: &str,
    last_name: &str,
    phone_number: Option<&str>,
    company_name: Option<&str>,
    agence_uid: Option<&str>,
) -> Result<Profile> {
    let first_name = Text::parse("first_name", first_name, NAME_MAX)?;
    let last_name = Text::parse("last_name", last_name, NAME_MAX)?;
    let phone_number = match phone_number.map(str::trim).filter(|p| !p.is_empty()) {
        Some(raw) => Some(PhoneNumber::parse("phone_number", raw)?),
        None => None,
    };
    let company_name = Text::parse_optional("company_name", company_name, 120)?;
    if role == Role::Transporteur && company_name.is_none() {
        return Err(Error::invalid("company_name", Message::CompanyNameRequired));
    }
    if role == Role::Transporteur && phone_number.is_none() {
        return Err(Error::invalid("phone_number", Message::PhoneRequired));
    }
    let agence_id = match agence_uid.map(str::trim).filter(|u| !u.is_empty()) {
        Some(uid) => Some(crate::agencies::id_of(desk.pool(), uid).await?),
        None if role == Role::Agent => {
            return Err(Error::invalid("agence_uid", Message::AgencyRequired))
        }
        None => None,
    };
    Ok(Profile {
        first_name,
        last_name,
        phone_number,
        company_name,
        agence_id,
    })
}

/// Inserts the compte and its profile row; returns the compte's id and uid.
pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    account: &NewAccount,
    now: DateTime<Utc>,
) -> Result<(i64, String)> {
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM comptes WHERE email = ?")
        .bind(account.email.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    if taken.is_some() {
        return Err(Error {
            code: ErrorCode::Conflict,
            ..Error::invalid("email", Message::EmailTaken)
        });
    }
    let uid = crate::new_uid();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO comptes (uid, email, password_hash, status, role_id, agence_id, password_changed_at, created_at, updated_at) \
         VALUES (?, ?, ?, 'active', (SELECT id FROM roles WHERE name = ?), ?, ?, ?, ?) RETURNING id",
    )
    .bind(&uid)
    .bind(account.email.as_str())
    .bind(&account.password_hash)
    .bind(account.role.as_str())
    .bind(account.profile.agence_id)
    .bind(now)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    write_profile(conn, id, account.role, &account.profile, now).await?;
    Ok((id, uid))
}

/// Creates the role's profile row, or revives the one the compte had before a role change.
async fn write_profile(
    conn: &mut SqliteConnection,
    compte_id: i64,
    role: Role,
    profile: &Profile,
    now: DateTime<Utc>,
) -> Result<()> {
    let table = Profile::table(role);
    let phone = profile.phone_number.as_ref().map(PhoneNumber::as_str);
    let (columns, values): (&str, Vec<Option<&str>>) = match role {
        Role::Admin => ("first_name, last_name", vec![]),
        Role::Agent => ("first_name, last_name, phone_number", vec![phone]),
        Role::Transporteur => (
            "first_name, last_name, phone_number, company_name",
            vec![phone, profile.company_name.as_ref().map(Text::as_str)],
        ),
        Role::User => ("first_name, last_name, phone_number", vec![phone]),
    };
    let placeholders = vec!["?"; values.len()].join(", ");
    let extra = if placeholders.is_empty() {
        String::new()
    } else {
        format!(", {placeholders}")
    };
    let updates: String = columns
        .split(", ")
        .map(|c| format!("{c} = excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "INSERT INTO {table} (uid, compte_id, {columns}, created_at, updated_at) VALUES (?, ?, ?, ?{extra}, ?, ?) \
         ON CONFLICT(compte_id) DO UPDATE SET {updates}, deleted_at = NULL, updated_at = excluded.updated_at, version = version + 1"
    );
    let mut query = sqlx::query(&sql)
        .bind(crate::new_uid())
        .bind(compte_id)
        .bind(profile.first_name.as_str())
        .bind(profile.last_name.as_str());
    for value in values {
        query = query.bind(value);
    }
    query.bind(now).bind(now).execute(conn).await?;
    Ok(())
}

const SELECT_SUMMARY: &str = "SELECT c.uid, c.email, r.name AS role, c.status, c.account_locked, c.failed_logins, c.last_login, c.created_at, \
       COALESCE(ad.first_name, ag.first_name, t.first_name, u.first_name, '') AS first_name, \
       COALESCE(ad.last_name, ag.last_name, t.last_name, u.last_name, '') AS last_name, \
       COALESCE(ag.phone_number, t.phone_number, u.phone_number) AS phone_number, \
       t.company_name, t.uid AS transporteur_uid, g.uid AS agence_uid, g.name AS agence_name \
  FROM comptes c JOIN roles r ON r.id = c.role_id \
  LEFT JOIN administrateurs ad ON ad.compte_id = c.id AND ad.deleted_at IS NULL AND r.name = 'admin' \
  LEFT JOIN agents ag ON ag.compte_id = c.id AND ag.deleted_at IS NULL AND r.name = 'agent' \
  LEFT JOIN transporteurs t ON t.compte_id = c.id AND t.deleted_at IS NULL AND r.name = 'transporteur' \
  LEFT JOIN utilisateurs u ON u.compte_id = c.id AND u.deleted_at IS NULL AND r.name = 'user' \
  LEFT JOIN agences g ON g.id = c.agence_id \
 WHERE c.deleted_at IS NULL";

#[derive(sqlx::FromRow)]
struct SummaryRow {
    uid: String,
    email: Option<String>,
    role: String,
    status: String,
    account_locked: bool,
    failed_logins: i64,
    last_login: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    first_name: String,
    last_name: String,
    phone_number: Option<String>,
    company_name: Option<String>,
    transporteur_uid: Option<String>,
    agence_uid: Option<String>,
    agence_name: Option<String>,
}

impl From<SummaryRow> for AccountSummary {
    fn from(row: SummaryRow) -> Self {
        let person = format!("{} {}", row.first_name, row.last_name)
            .trim()
            .to_owned();
        let display_name = match (&row.company_name, person.is_empty()) {
            (Some(company), true) => company.clone(),
            (Some(company), false) => format!("{person} ({company})"),
            (None, _) => person,
        };
        Self {
            uid: row.uid,
            email: row.email,
            role: Role::from_db(&row.role).unwrap_or(Role::User),
            status: AccountStatus::from_db(&row.status),
            account_locked: row.account_locked,
            failed_logins: row.failed_logins,
            last_login: row.last_login,
            first_name: row.first_name,
            last_name: row.last_name,
            display_name,
            phone_number: row.phone_number,
            company_name: row.company_name,
            transporteur_uid: row.transporteur_uid,
            agence_uid: row.agence_uid,
            agence_name: row.agence_name,
            created_at: row.created_at,
        }
    }
}

pub async fn summary(conn: &mut SqliteConnection, uid: &str) -> Result<AccountSummary> {
    let row: Option<SummaryRow> = sqlx::query_as(&format!("{SELECT_SUMMARY} AND c.uid = ?"))
        .bind(uid)
        .fetch_optional(conn)
        .await?;
    row.map(AccountSummary::from)
        .ok_or_else(|| Error::not_found(Message::AccountNotFound))
}

pub async fn list(desk: &Desk, args: ListAccountsArgs) -> Result<Vec<AccountSummary>> {
    let query = Text::parse_optional("query", args.query.as_deref(), 120)?
        .map(|q| format!("%{}%", q.as_str().to_lowercase()));
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SELECT_SUMMARY} AND (? IS NULL OR r.name = ?) AND (? IS NULL OR lower(coalesce(c.email, '') || ' ' || \
         coalesce(ad.first_name, ag.first_name, t.first_name, u.first_name, '') || ' ' || \
         coalesce(ad.last_name, ag.last_name, t.last_name, u.last_name, '') || ' ' || coalesce(t.company_name, '')) LIKE ?) \
         AND r.name <> 'user' ORDER BY c.id LIMIT 1000"
    ))
    .bind(args.role.map(Role::as_str))
    .bind(args.role.map(Role::as_str))
    .bind(query.as_deref())
    .bind(query.as_deref())
    .fetch_all(desk.pool())
    .await?;
    Ok(rows.into_iter().map(AccountSummary::from).collect())
}

pub async fn create(
    desk: &Desk,
    session: &Session,
    args: CreateAccountArgs,
) -> Result<AccountSummary> {
    let account = NewAccount::parse(desk, args).await?;
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let (_, uid) = insert(&mut tx, &account, now).await?;
    let details =
        serde_json::json!({ "email": account.email.as_str(), "role": account.role.as_str() });
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "account.create",
        Some("comptes"),
        Some(&uid),
        details,
        now,
    )
    .await?;
    let created = summary(&mut tx, &uid).await?;
    tx.commit().await?;
    Ok(created)
}

/// The target compte's id and role, refusing an administrator's own account.
async fn target(
    conn: &mut SqliteConnection,
    session: &Session,
    uid: &str,
) -> Result<(i64, AccountSummary)> {
    let summary = summary(&mut *conn, uid).await?;
    if summary.role == Role::User {
        return Err(Error::not_found(Message::AccountNotFound));
    }
    let id: i64 = sqlx::query_scalar("SELECT id FROM comptes WHERE uid = ?")
        .bind(uid)
        .fetch_one(&mut *conn)
        .await?;
    if id == session.compte_id {
        return Err(Error::invalid("uid", Message::CannotChangeOwnAccess));
    }
    Ok((id, summary))
}

/// One administrative change to a compte: `sql` binds (updated_at, id), then the log row.
async fn administer(
    desk: &Desk,
    session: &Session,
    uid: &str,
    action: &str,
    sql: &str,
    details: serde_json::Value,
) -> Result<AccountSummary> {
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let (id, _) = target(&mut tx, session, uid).await?;
    sqlx::query(sql)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        Some(session.compte_id),
        action,
        Some("comptes"),
        Some(uid),
        details,
        now,
    )
    .await?;
    let changed = summary(&mut tx, uid).await?;
    tx.commit().await?;
    Ok(changed)
}

pub async fn suspend(desk: &Desk, session: &Session, args: AccountRef) -> Result<AccountSummary> {
    administer(desk, session, &args.uid, "account.suspend", "UPDATE comptes SET status = 'suspended', updated_at = ?, version = version + 1 WHERE id = ?", serde_json::json!({})).await
}

pub async fn reactivate(
    desk: &Desk,
    session: &Session,
    args: AccountRef,
) -> Result<AccountSummary> {
    administer(
        desk,
        session,
        &args.uid,
        "account.reactivate",
        "UPDATE comptes SET status = 'active', updated_at = ?, version = version + 1 WHERE id = ?",
        serde_json::json!({}),
    )
    .await
}

pub async fn unlock(desk: &Desk, session: &Session, args: AccountRef) -> Result<AccountSummary> {
    administer(
        desk,
        session,
        &args.uid,
        "account.unlock",
        "UPDATE comptes SET account_locked = 0, login_attempts = 0, updated_at = ?, version = version + 1 WHERE id = ?",
        serde_json::json!({}),
    )
    .await
}

pub async fn reset_password(
    desk: &Desk,
    session: &Session,
    args: ResetPasswordArgs,
) -> Result<AccountSummary> {
    let min_len = password_rule(&mut *desk.pool().acquire().await?).await?;
    let new_password = Password::parse("new_password", &args.new_password, min_len)?;
    let hash = password::hash(new_password.expose().to_owned()).await?;
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let (id, _) = target(&mut tx, session, &args.uid).await?;
    // A reset also clears the lock: the administrator has just vouched for the person.
    sqlx::query(
        "UPDATE comptes SET password_hash = ?, password_changed_at = ?, account_locked = 0, login_attempts = 0, \
         updated_at = ?, version = version + 1 WHERE id = ?",
    )
    .bind(hash)
    .bind(now)
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "account.reset_password",
        Some("comptes"),
        Some(&args.uid),
        serde_json::json!({}),
        now,
    )
    .await?;
    let changed = summary(&mut tx, &args.uid).await?;
    tx.commit().await?;
    Ok(changed)
}

pub async fn change_role(
    desk: &Desk,
    session: &Session,
    args: ChangeRoleArgs,
) -> Result<AccountSummary> {
    if args.role == Role::User {
        return Err(Error::invalid("role", Message::CustomersCannotSignIn));
    }
    let current = summary(&mut *desk.pool().acquire().await?, &args.uid).await?;
    let phone = args
        .phone_number
        .as_deref()
        .or(current.phone_number.as_deref());
    let company = args
        .company_name
        .as_deref()
        .or(current.company_name.as_deref());
    let agence = args.agence_uid.as_deref().or(current.agence_uid.as_deref());
    let profile = parse_profile(
        desk,
        args.role,
        &current.first_name,
        &current.last_name,
        phone,
        company,
        agence,
    )
    .await?;
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let (id, before) = target(&mut tx, session, &args.uid).await?;
    if before.role != args.role {
        let old_table = Profile::table(before.role);
        sqlx::query(&format!("UPDATE {old_table} SET deleted_at = ?, updated_at = ?, version = version + 1 WHERE compte_id = ?"))
            .bind(now)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    write_profile(&mut tx, id, args.role, &profile, now).await?;
    sqlx::query("UPDATE comptes SET role_id = (SELECT id FROM roles WHERE name = ?), agence_id = ?, updated_at = ?, version = version + 1 WHERE id = ?")
        .bind(args.role.as_str())
        .bind(profile.agence_id)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let details = serde_json::json!({ "from": before.role.as_str(), "to": args.role.as_str() });
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "account.change_role",
        Some("comptes"),
        Some(&args.uid),
        details,
        now,
    )
    .await?;
    let changed = summary(&mut tx, &args.uid).await?;
    tx.commit().await?;
    Ok(changed)
}
