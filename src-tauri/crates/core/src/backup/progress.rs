//! The running backup's progress, which the window polls while it runs, and its cancel switch.
//! One backup at a time per desk.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BackupPhase {
    /// `VACUUM INTO`: a consistent copy of the live database.
    Snapshot,
    /// Compressing the copy into the archive.
    Compress,
    /// Copying the archive to the second folder.
    Copy,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BackupProgress {
    pub phase: BackupPhase,
    #[ts(type = "number")]
    pub done_bytes: u64,
    /// 0 while unknown (during the snapshot).
    #[ts(type = "number")]
    pub total_bytes: u64,
    pub started_at: DateTime<Utc>,
}

#[derive(Default)]
pub struct ProgressBoard {
    current: Mutex<Option<BackupProgress>>,
    cancel: AtomicBool,
}

impl ProgressBoard {
    /// Claims the board for a new backup, or refuses if one is running.
    pub(crate) fn start(self: &Arc<Self>, now: DateTime<Utc>) -> Result<RunningBackup> {
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if current.is_some() {
            return Err(Error::new(ErrorCode::Conflict, Message::BackupRunning));
        }
        *current = Some(BackupProgress {
            phase: BackupPhase::Snapshot,
            done_bytes: 0,
            total_bytes: 0,
            started_at: now,
        });
        self.cancel.store(false, Ordering::SeqCst);
        Ok(RunningBackup {
            board: Arc::clone(self),
        })
    }

    /// The running backup's progress, if one runs.
    pub fn current(&self) -> Option<BackupProgress> {
        self.current
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Asks the running backup to stop; false if none runs.
    pub fn cancel(&self) -> bool {
        let running = self.current().is_some();
        if running {
            self.cancel.store(true, Ordering::SeqCst);
        }
        running
    }

    /// Records how far the running backup is (nothing if none runs).
    pub(crate) fn report(&self, phase: BackupPhase, done_bytes: u64, total_bytes: u64) {
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(progress) = current.as_mut() {
            progress.phase = phase;
            progress.done_bytes = done_bytes;
            progress.total_bytes = total_bytes;
        }
    }

    /// An error once someone asked to cancel.
    pub(crate) fn check_cancelled(&self) -> Result<()> {
        if self.cancel.load(Ordering::SeqCst) {
            return Err(Error::new(ErrorCode::Conflict, Message::BackupCancelled));
        }
        Ok(())
    }
}

/// The claim on the board; releases it when dropped, however the backup ends.
pub(crate) struct RunningBackup {
    board: Arc<ProgressBoard>,
}

impl RunningBackup {
    /// Where this backup reports its progress (shared with blocking tasks).
    pub(crate) fn board(&self) -> Arc<ProgressBoard> {
        Arc::clone(&self.board)
    }
}

impl Drop for RunningBackup {
    fn drop(&mut self) {
        *self
            .board
            .current
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = None;
        self.board.cancel.store(false, Ordering::SeqCst);
    }
}
