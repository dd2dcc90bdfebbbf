//! Billettigue Desk core: everything the desk does, without any GUI.
//!
//! Storage is a local SQLite file ([`db`]); every action is a named command ([`commands`])
//! run against a [`Desk`].

pub mod accounts;
pub mod agencies;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod bindings;
pub mod clock;
pub mod commands;
pub mod config;
pub mod customers;
pub mod db;
pub mod demo;
pub mod departures;
mod desk;
pub mod documents;
pub mod domain;
pub mod error;
pub mod host;
pub mod i18n;
pub mod maintenance;
pub mod parcels;
pub mod paths;
pub mod payments;
pub mod reports;
pub mod sales;
pub mod secrets;
pub mod setup;
pub mod sync;
pub mod tickets;
pub mod till;
pub mod trajets;

pub use desk::Desk;
pub use error::{Error, ErrorCode, ErrorPayload, Result};
pub use i18n::Locale;

/// A new global id (UUIDv7): unique across desks, roughly ordered by creation time.
pub fn new_uid() -> String {
    uuid::Uuid::now_v7().to_string()
}
