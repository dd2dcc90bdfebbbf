//! Head office for sync tests: a fresh MariaDB database prepared by the application's own
//! `central migrate`, dropped afterwards, and helpers to run rounds from test desks.

use std::future::Future;

use billettigue_core::sync::pull::Progress;
use billettigue_core::sync::{self, Central, RoundOptions, RoundSummary};
use billettigue_core::Desk;
use sqlx::MySqlPool;

use crate::db::{create_mysql_database, drop_mysql_database, mysql_server_url, raise_again};

/// One head office database.
#[derive(Clone)]
pub struct TestCentral {
    pub url: String,
    pub central: Central,
    /// A plain connection pool, as another program (the web platform) would have.
    pub pool: MySqlPool,
}

impl TestCentral {
    /// One sync round of `desk`, which must succeed.
    pub async fn sync(&self, desk: &Desk) -> RoundSummary {
        self.try_sync(desk, &RoundOptions::default())
            .await
            .unwrap_or_else(|error| panic!("the sync round should succeed: {error:?}"))
    }

    pub async fn try_sync(
        &self,
        desk: &Desk,
        options: &RoundOptions,
    ) -> billettigue_core::Result<RoundSummary> {
        let ignore = |_: Progress| {};
        let summary = sync::run_round(desk, &self.central, options, &ignore).await;
        // Shown with a failing test's output: why rows were set aside.
        if let Ok(rows) = sync::set_aside::list(desk.pool()).await {
            for row in rows {
                eprintln!("set aside: {row:?}");
            }
        }
        summary
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(&self.pool)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }
}

/// `host:port` of the test server, and `url` with its server swapped for `host:port`.
fn swap_server(url: &str, host_port: Option<&str>) -> (String, String) {
    let scheme_end = url.find("://").map_or(0, |i| i + 3);
    let authority_start = url[scheme_end..]
        .find('@')
        .map_or(scheme_end, |i| scheme_end + i + 1);
    let authority_end = url[authority_start..]
        .find('/')
        .map_or(url.len(), |i| authority_start + i);
    let server = url[authority_start..authority_end].to_owned();
    let swapped = format!(
        "{}{}{}",
        &url[..authority_start],
        host_port.unwrap_or(&server),
        &url[authority_end..]
    );
    (server, swapped)
}

impl TestCentral {
    /// The test server's `host:port`, for a proxy in front of it.
    pub fn server_address(&self) -> String {
        swap_server(&self.url, None).0
    }

    /// Head office's URL for a desk whose link goes through `proxy`.
    pub fn url_through(&self, proxy: &crate::proxy::Proxy) -> String {
        swap_server(&self.url, Some(&format!("127.0.0.1:{}", proxy.port))).1
    }
}

/// The URL of database `name` on the test server.
pub fn database_url(name: &str) -> String {
    let server = mysql_server_url();
    format!("{}/{name}", server.trim_end_matches('/'))
}

/// Runs `test` against a fresh head office migrated by `Central::migrate`, then drops the
/// database whether the test passed or panicked (the panic is raised again afterwards).
pub async fn with_central<F, Fut>(test: F)
where
    F: FnOnce(TestCentral) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let (name, pool) = create_mysql_database().await;
    let url = database_url(&name);
    let central = Central::connect(&url)
        .await
        .expect("connect to head office");
    central.migrate().await.expect("central migrate");
    let outcome = tokio::spawn(test(TestCentral {
        url,
        central: central.clone(),
        pool: pool.clone(),
    }))
    .await;
    central.close().await;
    pool.close().await;
    drop_mysql_database(&name).await;
    raise_again(outcome);
}
