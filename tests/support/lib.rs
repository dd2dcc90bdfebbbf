//! Shared helpers for the integration tests: fresh SQLite files and MariaDB databases.

pub mod binaries;
pub mod central;
pub mod counter;
pub mod crash;
pub mod db;

pub mod desk;
pub mod parcels;
pub mod proxy;
