//! Sync with head office's central database (docs/sync.md): the outbox every local write records
//! itself in, push and pull rounds against MySQL / MariaDB, and how conflicts merge.

pub mod allotments;
pub mod catalog;
pub mod central;
pub mod fetch;
pub mod merge;
pub mod outbox;
pub mod pull;
pub mod push;
pub mod round;
pub mod row;
pub mod scope;
pub mod service;
pub mod set_aside;

pub use central::Central;
pub use round::{run as run_round, RoundOptions, RoundSummary};
