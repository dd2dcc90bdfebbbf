//! A TCP proxy on loopback in front of the MariaDB server, for sync tests: a desk's link to head
//! office that the test can cut (connections refused: a partition) or make drop every
//! connection after a number of bytes (a connection lost in the middle of a batch).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How the proxy treats connections from now on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Up,
    /// Connections are closed as soon as they are accepted.
    Down,
    /// Each new connection is cut once this many bytes went through it, either way.
    CutAfter(u64),
}

impl Link {
    fn encode(self) -> u64 {
        match self {
            Link::Up => 0,
            Link::Down => 1,
            Link::CutAfter(bytes) => bytes.max(2),
        }
    }

    fn decode(raw: u64) -> Self {
        match raw {
            0 => Link::Up,
            1 => Link::Down,
            bytes => Link::CutAfter(bytes),
        }
    }
}

pub struct Proxy {
    pub port: u16,
    link: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Proxy {
    /// Listens on a free loopback port and forwards to `upstream` (`host:port`).
    pub async fn start(upstream: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let port = listener.local_addr().expect("proxy address").port();
        let link = Arc::new(AtomicU64::new(Link::Up.encode()));
        let state = link.clone();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let mode = Link::decode(state.load(Ordering::SeqCst));
                if mode == Link::Down {
                    drop(client);
                    continue;
                }
                let upstream = upstream.clone();
                tokio::spawn(async move {
                    if let Ok(server) = TcpStream::connect(&upstream).await {
                        let budget = match mode {
                            Link::CutAfter(bytes) => bytes,
                            _ => u64::MAX,
                        };
                        forward(client, server, budget).await;
                    }
                });
            }
        });
        Self { port, link, task }
    }

    pub fn set(&self, link: Link) {
        self.link.store(link.encode(), Ordering::SeqCst);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Copies both ways until either side closes or `budget` bytes have gone through in all.
async fn forward(client: TcpStream, server: TcpStream, budget: u64) {
    let used = Arc::new(AtomicU64::new(0));
    let (client_read, client_write) = client.into_split();
    let (server_read, server_write) = server.into_split();
    let up = pipe(client_read, server_write, used.clone(), budget);
    let down = pipe(server_read, client_write, used, budget);
    // Whichever way stops first (closed, or the budget spent) ends both: the halves drop.
    tokio::select! {
        _ = up => {}
        _ = down => {}
    }
}

async fn pipe(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    used: Arc<AtomicU64>,
    budget: u64,
) {
    let mut buffer = vec![0u8; 16 * 1024];
    loop {
        let read = match from.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(read) => read,
        };
        let before = used.fetch_add(read as u64, Ordering::SeqCst);
        let allowed = budget.saturating_sub(before).min(read as u64) as usize;
        if allowed > 0 && to.write_all(&buffer[..allowed]).await.is_err() {
            return;
        }
        if allowed < read {
            return;
        }
    }
}
