//! Sync with head office's central database. So far: the outbox every local write records
//! itself in (migration 0009), what waits in it, and how to write rows it must not record.

pub mod outbox;
