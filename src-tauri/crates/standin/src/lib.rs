//! The stand-in payment provider: a loopback server that speaks `docs/provider-api.md`, for
//! the tests, the benchmark and anyone trying the desk without a provider contract. This
//! module owns the server's lifecycle (start, stop, Ctrl-C) and the handle a test holds to
//! script faults and inspect what was charged.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use billettigue_standin::{Fault, StandIn};
//! let standin = StandIn::start().await?;
//! standin.script_payments([Fault::DropAfterCharge]);
//! // ... point the desk at standin.base_url() with standin.api_key() ...
//! assert_eq!(standin.payments().len(), 1);
//! # Ok(()) }
//! ```

mod http;
mod ledger;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use ledger::{
    Approval, Fault, Method, Payment, Refund, Status, DECLINED_PHONE_SUFFIX, INSUFFICIENT_BALANCE,
};

/// The API key the stand-in expects unless configured otherwise.
pub const DEFAULT_API_KEY: &str = "sk_test_standin";
/// The merchant id the stand-in expects unless configured otherwise.
pub const DEFAULT_MERCHANT_ID: &str = "M-STANDIN";

/// How to start a stand-in.
#[derive(Clone, Debug)]
pub struct StandInConfig {
    /// Where to listen; port 0 picks a free one.
    pub listen: SocketAddr,
    pub api_key: String,
    pub merchant_id: String,
    pub approval: Approval,
}

impl Default for StandInConfig {
    fn default() -> Self {
        StandInConfig {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            api_key: DEFAULT_API_KEY.to_owned(),
            merchant_id: DEFAULT_MERCHANT_ID.to_owned(),
            approval: Approval::default(),
        }
    }
}

/// A running stand-in. Dropping it, or [`StandIn::stop`], shuts the server down.
#[derive(Debug)]
pub struct StandIn {
    shared: Arc<http::Shared>,
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<std::io::Result<()>>>,
}

impl StandIn {
    /// Starts on 127.0.0.1 with a free port, the default API key and merchant id.
    pub async fn start() -> std::io::Result<StandIn> {
        StandIn::start_with(StandInConfig::default()).await
    }

    pub async fn start_with(config: StandInConfig) -> std::io::Result<StandIn> {
        let listener = TcpListener::bind(config.listen).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(http::Shared {
            api_key: config.api_key,
            merchant_id: config.merchant_id,
            ledger: Mutex::new(ledger::Ledger::new(config.approval)),
        });
        let app = http::router(Arc::clone(&shared));
        let (shutdown, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
        });
        Ok(StandIn {
            shared,
            addr,
            shutdown: Some(shutdown),
            server: Some(server),
        })
    }

    /// `http://127.0.0.1:PORT` (loopback when listening on every interface).
    pub fn base_url(&self) -> String {
        let mut addr = self.addr;
        if addr.ip().is_unspecified() {
            addr.set_ip(Ipv4Addr::LOCALHOST.into());
        }
        format!("http://{addr}")
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn api_key(&self) -> &str {
        &self.shared.api_key
    }

    pub fn merchant_id(&self) -> &str {
        &self.shared.merchant_id
    }

    /// Appends faults for the next payment creation requests, one each, in order.
    pub fn script_payments(&self, faults: impl IntoIterator<Item = Fault>) {
        self.shared.ledger().payment_faults.extend(faults);
    }

    /// Appends faults for the next refund requests, one each, in order.
    pub fn script_refunds(&self, faults: impl IntoIterator<Item = Fault>) {
        self.shared.ledger().refund_faults.extend(faults);
    }

    /// The approval policy of mobile money payments created from now on.
    pub fn set_approval(&self, approval: Approval) {
        self.shared.ledger().approval = approval;
    }

    /// Every payment recorded, in creation order.
    pub fn payments(&self) -> Vec<Payment> {
        self.shared.ledger().payments.clone()
    }

    /// Every refund recorded, in creation order.
    pub fn refunds(&self) -> Vec<Refund> {
        self.shared.ledger().refunds.clone()
    }

    /// `POST /v1/payments` requests received, whatever their answer.
    pub fn create_requests(&self) -> usize {
        self.shared.ledger().create_requests
    }

    /// Sum of the succeeded payments' amounts (refunds not deducted).
    pub fn charged_total(&self) -> i64 {
        let ledger = self.shared.ledger();
        let succeeded = ledger
            .payments
            .iter()
            .filter(|p| p.status == Status::Succeeded);
        succeeded.map(|payment| payment.amount).sum()
    }

    /// Sum of the succeeded refunds' amounts.
    pub fn refunded_total(&self) -> i64 {
        let ledger = self.shared.ledger();
        let succeeded = ledger
            .refunds
            .iter()
            .filter(|r| r.status == Status::Succeeded);
        succeeded.map(|refund| refund.amount).sum()
    }

    /// Stops accepting connections and waits for the requests under way to be answered.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        match self.server.take() {
            Some(server) => server.await.map_err(std::io::Error::other)?,
            None => Ok(()),
        }
    }

    /// Serves until Ctrl-C, then stops.
    pub async fn serve_until_ctrl_c(self) -> std::io::Result<()> {
        tokio::signal::ctrl_c().await?;
        self.stop().await
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}
