//! The one command layer: every action of the window and of `billettigue-cli call` goes through
//! [`dispatch`], which authenticates, checks the permission, parses the arguments and runs the
//! command. The list itself is in [`registry`].

mod registry;
mod session;

use std::future::Future;
use std::pin::Pin;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::auth::{self, Permission, Session};
use crate::desk::Desk;
use crate::error::{Error, ErrorCode, ErrorPayload, Result};
use crate::i18n::{Locale, Message};

pub use registry::COMMANDS;
pub use session::{ChangePasswordArgs, LoginArgs, Me, SessionInfo};

/// Who may run a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (setup, sign-in).
    Public,
    /// Any signed-in staff member.
    SignedIn,
    /// A signed-in staff member whose role grants this permission.
    Requires(Permission),
}

/// The caller of a command: its session, once authenticated.
pub struct Caller {
    pub session: Option<Session>,
}

impl Caller {
    /// The session; dispatch guarantees it exists for every non-public command.
    pub fn session(&self) -> Result<&Session> {
        self.session
            .as_ref()
            .ok_or_else(|| Error::new(ErrorCode::Unauthenticated, Message::Unauthenticated))
    }
}

pub type Reply<'a> = Pin<Box<dyn Future<Output = Result<Value>> + Send + 'a>>;
pub type Handler = for<'a> fn(&'a Desk, &'a Caller, Value) -> Reply<'a>;

/// One entry of the registry.
pub struct CommandSpec {
    pub name: &'static str,
    pub summary: &'static str,
    pub access: Access,
    pub handler: Handler,
    /// TypeScript names of the argument and result types.
    pub args_ts: fn() -> String,
    pub result_ts: fn() -> String,
    /// Visits the argument and result types, for the bindings generator.
    pub visit_types: fn(&mut crate::bindings::Collector),
}

/// An empty argument object, for commands that take none.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Empty {}

pub fn find(name: &str) -> Option<&'static CommandSpec> {
    COMMANDS.iter().find(|spec| spec.name == name)
}

/// Runs a command by name. On failure the error is translated into `locale`.
pub async fn dispatch(
    desk: &Desk,
    name: &str,
    args: Value,
    token: Option<&str>,
    locale: Locale,
) -> std::result::Result<Value, ErrorPayload> {
    run(desk, name, args, token).await.map_err(|error| {
        if error.code == ErrorCode::Internal {
            eprintln!("billettigue: command {name} failed: {error:?}");
        }
        error.payload(locale)
    })
}

async fn run(desk: &Desk, name: &str, args: Value, token: Option<&str>) -> Result<Value> {
    let (spec, caller) = authorize(desk, name, token).await?;
    (spec.handler)(desk, &caller, args).await
}

/// Finds a command and checks its caller: signed in, and granted its permission.
pub(crate) async fn authorize(
    desk: &Desk,
    name: &str,
    token: Option<&str>,
) -> Result<(&'static CommandSpec, Caller)> {
    let spec = find(name).ok_or_else(|| {
        Error::new(
            ErrorCode::NotFound,
            Message::UnknownCommand(name.chars().take(64).collect()),
        )
    })?;
    let session = match (spec.access, token.filter(|t| !t.is_empty())) {
        (Access::Public, _) => None,
        (_, None) => {
            return Err(Error::new(
                ErrorCode::Unauthenticated,
                Message::Unauthenticated,
            ))
        }
        (_, Some(token)) => Some(auth::authenticate(desk, token).await?),
    };
    if let (Access::Requires(permission), Some(session)) = (spec.access, &session) {
        if !session.can(permission) {
            return Err(Error::forbidden());
        }
    }
    Ok((spec, Caller { session }))
}

/// Reads a command's arguments, naming the field at fault in a translated message.
pub fn parse_args<T: DeserializeOwned>(args: Value) -> Result<T> {
    let args = if args.is_null() {
        Value::Object(Default::default())
    } else {
        args
    };
    if !args.is_object() {
        return Err(Error::new(ErrorCode::Validation, Message::BadArguments));
    }
    serde_path_to_error::deserialize(args).map_err(|error| {
        let path = error.path().to_string();
        let detail = error.inner().to_string();
        let quoted = detail.split('`').nth(1).unwrap_or_default();
        // A missing field is reported at its parent: name it by its full path too, so that a
        // field is always named the same way (`template.price`).
        let child = if path == "." {
            quoted.to_owned()
        } else {
            format!("{path}.{quoted}")
        };
        let (message, field) = if detail.starts_with("missing field") {
            (Message::MissingField(child.clone()), child)
        } else if detail.starts_with("unknown field") {
            (Message::UnknownField(path.clone()), path)
        } else if detail.starts_with("unknown variant") {
            (Message::UnknownValue(path.clone()), path)
        } else {
            (Message::WrongType(path.clone()), path)
        };
        Error::invalid(field, message)
    })
}

pub fn to_reply<T: Serialize>(value: T) -> Result<Value> {
    serde_json::to_value(value).map_err(Error::internal)
}

/// What `billettigue-cli commands` prints for each command.
#[derive(Debug, Serialize)]
pub struct CommandDescription {
    pub name: &'static str,
    pub summary: &'static str,
    pub permission: Option<&'static str>,
    pub signed_in: bool,
    pub args: String,
    pub result: String,
    pub types: std::collections::BTreeMap<String, String>,
}

pub fn describe_all() -> Vec<CommandDescription> {
    COMMANDS
        .iter()
        .map(|spec| {
            let mut collector = crate::bindings::Collector::default();
            (spec.visit_types)(&mut collector);
            CommandDescription {
                name: spec.name,
                summary: spec.summary,
                permission: match spec.access {
                    Access::Requires(permission) => Some(permission.code()),
                    _ => None,
                },
                signed_in: spec.access != Access::Public,
                args: (spec.args_ts)(),
                result: (spec.result_ts)(),
                types: collector.into_declarations(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_names_are_unique() {
        let mut names: Vec<_> = COMMANDS.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), COMMANDS.len());
    }

    #[test]
    fn bad_arguments_name_the_field_at_fault() {
        let missing = parse_args::<LoginArgs>(serde_json::json!({ "email": "a@b.sn" }))
            .err()
            .map(|e| e.message);
        assert_eq!(missing, Some(Message::MissingField("password".into())));
        let wrong = parse_args::<LoginArgs>(serde_json::json!({ "email": 5, "password": "x" }))
            .err()
            .map(|e| e.message);
        assert_eq!(wrong, Some(Message::WrongType("email".into())));
        let not_object = parse_args::<LoginArgs>(serde_json::json!([1, 2]))
            .err()
            .map(|e| e.message);
        assert_eq!(not_object, Some(Message::BadArguments));
    }
}
