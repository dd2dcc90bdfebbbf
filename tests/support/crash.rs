//! A `billettigue-cli batch` process fed a stream of commands and killed with SIGKILL at a
//! chosen instant, and the seeded random source that picks the commands and the instants.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;

/// A small seeded generator (splitmix64): enough to pick sales and kill instants, and the same
/// seed gives the same picks, so a failure can be replayed.
pub struct SeededRng(u64);

impl SeededRng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next_u64() % (high - low + 1)
    }

    /// An index into a collection of `len` items (`len` > 0).
    pub fn index(&mut self, len: usize) -> usize {
        usize::try_from(self.next_u64() % len as u64).unwrap_or(0)
    }

    /// True once in `times`.
    pub fn one_in(&mut self, times: u64) -> bool {
        self.next_u64().is_multiple_of(times)
    }
}

/// The seed in the environment variable `name`, or a fresh one from the system time.
pub fn seed_from_env(name: &str) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|raw| raw.trim().parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|elapsed| elapsed.as_nanos() as u64)
                .unwrap_or(0x5EED)
        })
}

/// When the process is killed.
#[derive(Debug, Clone, Copy)]
pub enum KillAt {
    /// This long after it was started: often while it opens the database (and recovers the
    /// previous crash's write-ahead log), before any command.
    AfterStart(Duration),
    /// This long after its first reply, while it works through the stream.
    AfterFirstReply(Duration),
}

/// What one killed `batch` run left behind.
#[derive(Debug)]
pub struct KilledRun {
    /// Command lines written to the process, in order.
    pub sent: usize,
    /// Its complete reply lines, in order: the `i`-th answers the `i`-th command.
    pub replies: Vec<Value>,
    /// A last reply cut short by the kill (no newline yet): not an acknowledgement.
    pub torn_reply: Option<String>,
}

/// How long to wait for the first reply before calling the process stuck. A guard against a
/// hang, not a timing assertion: a debug build on a slow machine answers in about a second.
const FIRST_REPLY_GUARD: Duration = Duration::from_secs(120);

/// Runs `billettigue-cli --db DB --secret-store STORE batch`, writing the lines `next_command`
/// gives (at most `window` ahead of the replies, so that the process always has the next
/// command waiting but the stream stays short), kills it with SIGKILL at `kill_at`, and
/// returns what it answered. `next_command` returning `None` pauses the stream; standard input
/// stays open, so the process waits for more until it is killed. Its standard error goes to
/// `stderr_log`.
pub fn run_and_kill(
    binary: &Path,
    db: &Path,
    secret_store: &str,
    stderr_log: &Path,
    window: usize,
    kill_at: KillAt,
    next_command: &mut (dyn FnMut() -> Option<Value> + Send),
) -> KilledRun {
    let stderr = File::create(stderr_log).expect("create the stderr log");
    let mut child = Command::new(binary)
        .arg("--db")
        .arg(db)
        .args(["--secret-store", secret_store, "batch"])
        .env_remove("BILLETTIGUE_TOKEN")
        .env_remove("BILLETTIGUE_LANG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::from(stderr))
        .spawn()
        .expect("start billettigue-cli batch");
    let stdin = child.stdin.take().expect("piped stdin");
    let stdout = child.stdout.take().expect("piped stdout");
    let (reply_tx, reply_rx) = mpsc::channel::<()>();
    let (first_tx, first_rx) = mpsc::sync_channel::<()>(1);

    std::thread::scope(|scope| {
        let writer = scope.spawn(move || feed(stdin, next_command, &reply_rx, window));
        let reader = scope.spawn(move || collect(stdout, &reply_tx, &first_tx));
        let wait = match kill_at {
            KillAt::AfterStart(delay) => delay,
            KillAt::AfterFirstReply(delay) => match first_rx.recv_timeout(FIRST_REPLY_GUARD) {
                Ok(()) => delay,
                // The process ended (or closed its output) without a reply: reported below.
                Err(RecvTimeoutError::Disconnected) => Duration::ZERO,
                Err(RecvTimeoutError::Timeout) => {
                    let _ = child.kill();
                    panic!(
                        "billettigue-cli batch gave no reply in {FIRST_REPLY_GUARD:?}: {}",
                        std::fs::read_to_string(stderr_log).unwrap_or_default()
                    );
                }
            },
        };
        std::thread::sleep(wait);
        // A process that already ended on its own (it could not open the desk, say) is a
        // failure to report, not a kill.
        let running = matches!(child.try_wait(), Ok(None));
        if running {
            // `Child::kill` is SIGKILL on Unix: no destructor, no flush, no rollback in the
            // process; whatever SQLite left in the file and its WAL is what the next start finds.
            child.kill().expect("SIGKILL billettigue-cli");
        }
        let status = child.wait().expect("reap billettigue-cli");
        let sent = writer.join().expect("the writer thread");
        let (replies, torn_reply) = reader.join().expect("the reader thread");
        assert!(
            running,
            "billettigue-cli batch ended on its own ({status}) instead of being killed; replies {replies:?}; stderr: {}",
            std::fs::read_to_string(stderr_log).unwrap_or_default()
        );
        KilledRun {
            sent,
            replies,
            torn_reply,
        }
    })
}

/// Writes commands while fewer than `window` are unanswered; stops when the process is gone.
fn feed(
    mut stdin: ChildStdin,
    next_command: &mut (dyn FnMut() -> Option<Value> + Send),
    replies: &Receiver<()>,
    window: usize,
) -> usize {
    let (mut sent, mut answered) = (0_usize, 0_usize);
    loop {
        while sent < answered + window {
            let Some(command) = next_command() else {
                break;
            };
            if writeln!(stdin, "{command}")
                .and_then(|()| stdin.flush())
                .is_err()
            {
                // Broken pipe: the process was killed while we wrote.
                return sent;
            }
            sent += 1;
        }
        match replies.recv() {
            Ok(()) => answered += 1,
            // The reader saw the end of the output: the process is dead.
            Err(_) => return sent,
        }
    }
}

/// Reads reply lines until the output closes; a line without its newline was cut by the kill.
fn collect(
    stdout: ChildStdout,
    each_reply: &Sender<()>,
    first_reply: &SyncSender<()>,
) -> (Vec<Value>, Option<String>) {
    let mut reader = BufReader::new(stdout);
    let mut replies = Vec::new();
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return (replies, None),
            Ok(_) if !line.ends_with('\n') => return (replies, Some(line)),
            Ok(_) => {
                let reply = serde_json::from_str(&line)
                    .unwrap_or_else(|e| panic!("a reply line is not JSON ({e}): {line}"));
                replies.push(reply);
                let _ = first_reply.try_send(());
                let _ = each_reply.send(());
            }
        }
    }
}
