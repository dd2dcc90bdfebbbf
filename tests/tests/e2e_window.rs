//! End-to-end tests of the real desktop window: the built `billettigue-desk` binary, opened under
//! Xvfb and driven over WebDriver (tauri-driver → WebKitWebDriver), on a fresh SQLite file.
//!
//! Needs, beside the test: `target/debug/billettigue-desk` (`cargo build -p billettigue-desk`, with
//! `ui/dist` built first), `tools/bin/tauri-driver` (`cargo install tauri-driver@^2 --locked --root
//! tools`), and the Debian packages `xvfb` and `webkit2gtk-driver`. `bash .ci/run` (the README's test
//! command) provides all of them. The test starts Xvfb and tauri-driver itself and kills them (and
//! the app they started) when it ends, passed or failed.
//!
//! With `BILLETTIGUE_SCREENSHOTS=1` it also refreshes the README's pictures,
//! `docs/screenshots/sign-in.png` and `docs/screenshots/accounts.png` (off by default, so that a
//! test run leaves the work tree clean).

use std::cell::RefCell;
use std::fs::File;
use std::future::Future;
use std::io::{BufRead, BufReader, Read};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, ensure, Context, Result};
use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

/// How long an element or a state may take to appear after an action.
const WAIT: Duration = Duration::from_secs(10);
/// How long Xvfb, tauri-driver and the first page load may take (a cold start on a busy machine).
const START_WAIT: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(100);

const ADMIN_EMAIL: &str = "awa.diop@billettigue.sn";
const ADMIN_PASSWORD: &str = "Teranga-Admin-2026";
const AGENCY_NAME: &str = "Gare des Baux Maraîchers";
const AGENT_EMAIL: &str = "moussa.ndiaye@billettigue.sn";
const AGENT_PASSWORD: &str = "Guichet-Moussa-42";
const WRONG_PASSWORD: &str = "pas-le-bon-mot-de-passe";

// ------------------------------------------------------------------------------------------------
// The tests
// ------------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_out_agent_is_unlocked_by_the_admin_and_a_signed_out_token_is_refused() {
    let desk = Desk::start().await;
    desk.run(|ui| async move {
        let ui = &ui;
        step("first-run setup creates the administrator and opens the admin shell");
        ui.visible("setup-first-name").await?;
        ui.fill("setup-first-name", "Awa").await?;
        ui.fill("setup-last-name", "Diop").await?;
        ui.fill("setup-email", ADMIN_EMAIL).await?;
        ui.fill("setup-password", ADMIN_PASSWORD).await?;
        ui.fill("setup-password-confirm", ADMIN_PASSWORD).await?;
        ui.click("setup-submit").await?;
        ensure!(ui.shell_role().await? == "admin", "the first account should land in the admin shell");
        let who = ui.visible("current-user").await?.text().await?;
        ensure!(who.contains("Awa Diop"), "the header should name the administrator, shows {who:?}");

        step("the administrator adds an agency");
        ui.click("nav-agencies").await?;
        ui.visible("agencies-view").await?;
        ui.fill("agency-create-name", AGENCY_NAME).await?;
        ui.fill("agency-create-city", "Dakar").await?;
        ui.fill("agency-create-address", "Route de Rufisque").await?;
        ui.fill("agency-create-phone", "+221 33 800 00 00").await?;
        ui.click("agency-create-submit").await?;
        ui.find_css(&css_attr("agency-row", "data-name", AGENCY_NAME)).await?;

        step("the administrator creates an agent account at that agency");
        ui.click("nav-accounts").await?;
        ui.visible("accounts-view").await?;
        ui.click("account-create-open").await?;
        ui.select("account-create-role", "agent").await?;
        let agency_uid = ui
            .until("the agency among the choices of the agent's agency", || async {
                let uid = ui
                    .js_value(
                        "const select = document.querySelector('[data-testid=\"account-create-agency\"]');
                         if (!select) return null;
                         const option = [...select.options].find(o => o.value && o.textContent.includes(arguments[0]));
                         return option ? option.value : null;",
                        json!([AGENCY_NAME]),
                    )
                    .await?;
                Ok(uid.as_str().map(str::to_owned))
            })
            .await?;
        ui.select("account-create-agency", &agency_uid).await?;
        ui.fill("account-create-first-name", "Moussa").await?;
        ui.fill("account-create-last-name", "Ndiaye").await?;
        ui.fill("account-create-email", AGENT_EMAIL).await?;
        ui.fill("account-create-phone", "77 123 45 67").await?;
        ui.fill("account-create-password", AGENT_PASSWORD).await?;
        ui.click("account-create-submit").await?;
        ui.visible("notice").await?;
        let agent_row = css_attr("account-row", "data-email", AGENT_EMAIL);
        ui.attribute_becomes(&agent_row, "data-status", "active").await?;
        ui.attribute_becomes(&agent_row, "data-locked", "false").await?;
        let row_text = ui.find_css(&agent_row).await?.text().await?;
        ensure!(row_text.contains(AGENCY_NAME), "the agent's row should name the agency, shows {row_text:?}");

        step("the administrator signs out");
        ui.sign_out().await?;
        let submit = ui.visible("login-submit").await?.text().await?;
        ensure!(submit == "Se connecter", "the window should speak French first, the button says {submit:?}");
        ui.screenshot("sign-in.png").await?;

        step("four wrong passwords are refused, the fifth locks the account");
        for attempt in 1..=5 {
            let expected = if attempt < 5 { "invalid_credentials" } else { "account_locked" };
            match ui.sign_in(AGENT_EMAIL, WRONG_PASSWORD).await? {
                SignIn::Refused { code, .. } if code == expected => {}
                other => bail!("wrong password #{attempt}: expected {expected}, got {other:?}"),
            }
        }

        step("the right password is refused too while the account is locked");
        match ui.sign_in(AGENT_EMAIL, AGENT_PASSWORD).await? {
            SignIn::Refused { code, message } if code == "account_locked" => {
                ensure!(!message.is_empty(), "the locked message should be shown");
            }
            other => bail!("right password on a locked account: expected account_locked, got {other:?}"),
        }

        step("the administrator sees the locked agent and unlocks it");
        match ui.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await? {
            SignIn::Shell(role) if role == "admin" => {}
            other => bail!("the administrator should sign in, got {other:?}"),
        }
        ui.visible("accounts-view").await?;
        ui.attribute_becomes(&agent_row, "data-locked", "true").await?;
        ui.screenshot("accounts.png").await?;
        ui.click_css(&format!("{agent_row} [data-testid=\"account-unlock\"]")).await?;
        ui.attribute_becomes(&agent_row, "data-locked", "false").await?;
        ui.visible("notice").await?;

        step("the audit log shows the lock and the unlock");
        ui.click("nav-audit").await?;
        ui.visible("audit-view").await?;
        ui.find_css(&css_attr("audit-row", "data-action", "account.unlock")).await?;
        ui.find_css(&css_attr("audit-row", "data-action", "account.locked")).await?;
        ui.sign_out().await?;

        step("the agent signs in with the right password and lands in the agent shell");
        match ui.sign_in(AGENT_EMAIL, AGENT_PASSWORD).await? {
            SignIn::Shell(role) if role == "agent" => {}
            other => bail!("the unlocked agent should sign in, got {other:?}"),
        }

        step("after signing out, the token the window used is refused as expired");
        let token = ui.capture_token_of(|| ui.click("nav-me")).await?;
        ui.visible("me-view").await?;
        let me = ui.invoke_call("auth.me", &token).await?;
        let email = me.pointer("/ok/account/email").and_then(Value::as_str);
        ensure!(email == Some(AGENT_EMAIL), "before sign-out the captured token should be the agent's: {me}");
        ui.sign_out().await?;
        let after = ui.invoke_call("auth.me", &token).await?;
        let code = after.pointer("/err/code").and_then(Value::as_str);
        ensure!(code == Some("session_expired"), "a signed-out token should be refused as session_expired: {after}");
        Ok(())
    })
    .await;
}

// ------------------------------------------------------------------------------------------------
// Driving the window
// ------------------------------------------------------------------------------------------------

fn step(what: &str) {
    eprintln!("e2e: {what}");
}

fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

fn css_attr(id: &str, attribute: &str, value: &str) -> String {
    format!("[data-testid=\"{id}\"][{attribute}=\"{value}\"]")
}

/// An error worth retrying: the element is not there yet, or Svelte replaced it meanwhile.
fn transient(error: &CmdError) -> bool {
    error.is_no_such_element()
        || error.is_stale_element_reference()
        || error.is_element_not_interactable()
}

#[derive(Debug)]
enum SignIn {
    Shell(String),
    Refused { code: String, message: String },
}

struct Ui {
    client: Client,
    screenshots: PathBuf,
}

impl Ui {
    /// Polls `probe` until it gives a value, for up to `WAIT`.
    async fn until<T, F, Fut>(&self, what: &str, probe: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<Option<T>>>,
    {
        poll(what, WAIT, probe).await
    }

    async fn find_css(&self, css: &str) -> Result<Element> {
        self.until(&format!("element {css}"), || async {
            match self.client.find(Locator::Css(css)).await {
                Ok(element) => Ok(Some(element)),
                Err(error) if transient(&error) => Ok(None),
                Err(error) => Err(error.into()),
            }
        })
        .await
    }

    async fn visible(&self, id: &str) -> Result<Element> {
        let css = testid(id);
        self.until(&format!("{css} displayed"), || async {
            match self.client.find(Locator::Css(&css)).await {
                Ok(element) => match element.is_displayed().await {
                    Ok(true) => Ok(Some(element)),
                    Ok(false) => Ok(None),
                    Err(error) if transient(&error) => Ok(None),
                    Err(error) => Err(error.into()),
                },
                Err(error) if transient(&error) => Ok(None),
                Err(error) => Err(error.into()),
            }
        })
        .await
    }

    /// Clicks the element once it is there and enabled (re-finding it if Svelte re-rendered it).
    async fn click_css(&self, css: &str) -> Result<()> {
        self.until(&format!("{css} enabled and clicked"), || async {
            let element = match self.client.find(Locator::Css(css)).await {
                Ok(element) => element,
                Err(error) if transient(&error) => return Ok(None),
                Err(error) => return Err(error.into()),
            };
            match element.is_enabled().await {
                Ok(true) => {}
                Ok(false) => return Ok(None),
                Err(error) if transient(&error) => return Ok(None),
                Err(error) => return Err(error.into()),
            }
            match element.click().await {
                Ok(()) => Ok(Some(())),
                Err(error) if transient(&error) => Ok(None),
                Err(error) => Err(error.into()),
            }
        })
        .await
    }

    async fn click(&self, id: &str) -> Result<()> {
        self.click_css(&testid(id)).await
    }

    /// Types `text` into an input as a person would (after clearing it), and checks it took.
    async fn fill(&self, id: &str, text: &str) -> Result<()> {
        let css = testid(id);
        self.until(&format!("{css} filled"), || async {
            let element = match self.client.find(Locator::Css(&css)).await {
                Ok(element) => element,
                Err(error) if transient(&error) => return Ok(None),
                Err(error) => return Err(error.into()),
            };
            let typed = async {
                element.clear().await?;
                element.send_keys(text).await?;
                element.prop("value").await
            };
            match typed.await {
                Ok(value) if value.as_deref() == Some(text) => Ok(Some(())),
                Ok(_) => Ok(None),
                Err(error) if transient(&error) => Ok(None),
                Err(error) => Err(error.into()),
            }
        })
        .await
    }

    async fn select(&self, id: &str, value: &str) -> Result<()> {
        let css = testid(id);
        self.until(&format!("{css} set to {value}"), || async {
            let element = match self.client.find(Locator::Css(&css)).await {
                Ok(element) => element,
                Err(error) if transient(&error) => return Ok(None),
                Err(error) => return Err(error.into()),
            };
            let chosen = async {
                element.select_by_value(value).await?;
                element.prop("value").await
            };
            match chosen.await {
                Ok(current) if current.as_deref() == Some(value) => Ok(Some(())),
                Ok(_) => Ok(None),
                Err(error) if transient(&error) => Ok(None),
                Err(error) => Err(error.into()),
            }
        })
        .await
    }

    async fn attribute_becomes(&self, css: &str, attribute: &str, expected: &str) -> Result<()> {
        let last = RefCell::new(None::<String>);
        let outcome = self
            .until(&format!("{css} with {attribute}={expected:?}"), || async {
                match self.client.find(Locator::Css(css)).await {
                    Ok(element) => match element.attr(attribute).await {
                        Ok(value) => {
                            let done = value.as_deref() == Some(expected);
                            *last.borrow_mut() = value;
                            Ok(done.then_some(()))
                        }
                        Err(error) if transient(&error) => Ok(None),
                        Err(error) => Err(error.into()),
                    },
                    Err(error) if transient(&error) => Ok(None),
                    Err(error) => Err(error.into()),
                }
            })
            .await;
        outcome.with_context(|| format!("last {attribute} seen: {:?}", last.borrow()))
    }

    async fn js_value(&self, script: &str, args: Value) -> Result<Value> {
        let args = match args {
            Value::Array(items) => items,
            other => vec![other],
        };
        Ok(self.client.execute(script, args).await?)
    }

    /// The role of the signed-in shell, once it is shown.
    async fn shell_role(&self) -> Result<String> {
        let shell = self.visible("shell").await?;
        shell
            .attr("data-role")
            .await?
            .ok_or_else(|| anyhow!("the shell has no data-role"))
    }

    async fn sign_out(&self) -> Result<()> {
        self.click("logout").await?;
        self.visible("login-form").await?;
        Ok(())
    }

    /// Signs in through the form and reports what the window answered: the shell it opened, or the
    /// error under the form. An error already on screen is marked first, so that only the answer to
    /// this attempt counts.
    async fn sign_in(&self, email: &str, password: &str) -> Result<SignIn> {
        self.visible("login-form").await?;
        self.client
            .execute(
                "document.querySelectorAll('[data-testid=\"login-error\"]').forEach(e => e.dataset.e2eStale = '1')",
                vec![],
            )
            .await?;
        self.fill("login-email", email).await?;
        self.fill("login-password", password).await?;
        self.click("login-submit").await?;
        let answer = self
            .until("the answer to the sign-in", || async {
                let answer = self
                    .js_value(
                        "const shell = document.querySelector('[data-testid=\"shell\"]');
                         if (shell) return { shell: shell.dataset.role };
                         const error = document.querySelector('[data-testid=\"login-error\"]:not([data-e2e-stale])');
                         const submit = document.querySelector('[data-testid=\"login-submit\"]');
                         if (error && submit && !submit.disabled) {
                           return { code: error.dataset.code, message: error.textContent.trim() };
                         }
                         return null;",
                        json!([]),
                    )
                    .await?;
                Ok((!answer.is_null()).then_some(answer))
            })
            .await?;
        let text = |key: &str| answer.get(key).and_then(Value::as_str).map(str::to_owned);
        Ok(match text("shell") {
            Some(role) => SignIn::Shell(role),
            None => SignIn::Refused {
                code: text("code").unwrap_or_default(),
                message: text("message").unwrap_or_default(),
            },
        })
    }

    /// Runs `action` in the window and returns the session token the window's own IPC sent meanwhile.
    ///
    /// `window.__TAURI_INTERNALS__.invoke` (what `invoke` of @tauri-apps/api calls) cannot be wrapped:
    /// Tauri defines it, and `__TAURI_INTERNALS__` itself, with `Object.defineProperty` as
    /// non-writable, non-configurable. Underneath, that `invoke` posts each call with `fetch` to the
    /// `ipc:` custom protocol (its JSON body holds `command`, `args`, `token`, `locale`), and `fetch`
    /// is an ordinary writable global: the test records the token from there. If Tauri ever fell back
    /// to its `postMessage` transport, no token would be seen and this fails loudly.
    async fn capture_token_of<F, Fut>(&self, action: F) -> Result<String>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<()>>,
    {
        self.client
            .execute(
                "if (!window.__e2eFetch) {
                   window.__e2eFetch = window.fetch;
                   window.fetch = function (input, init) {
                     try {
                       const url = typeof input === 'string' ? input : String(input && input.url);
                       if (url.startsWith('ipc:') || url.startsWith('http://ipc.localhost')) {
                         const body = init && typeof init.body === 'string' ? JSON.parse(init.body) : null;
                         if (body && body.token) window.__e2eLastToken = body.token;
                       }
                     } catch (_) { /* not a JSON call: nothing to record */ }
                     return window.__e2eFetch.apply(this, arguments);
                   };
                 }
                 window.__e2eLastToken = null;",
                vec![],
            )
            .await?;
        action().await?;
        self.until("a token sent by the window's IPC", || async {
            let token = self
                .js_value("return window.__e2eLastToken", json!([]))
                .await?;
            Ok(token.as_str().map(str::to_owned))
        })
        .await
    }

    /// Sends one `call` command straight through Tauri's IPC with the given token; returns
    /// `{"ok": result}` or `{"err": rejection}`.
    async fn invoke_call(&self, command: &str, token: &str) -> Result<Value> {
        let script = "const [command, token, done] = arguments;
             window.__TAURI_INTERNALS__
               .invoke('call', { command, args: {}, token, locale: 'fr' })
               .then(ok => done({ ok }), err => done({ err }));";
        Ok(self
            .client
            .execute_async(script, vec![json!(command), json!(token)])
            .await?)
    }

    async fn screenshot(&self, name: &str) -> Result<()> {
        if std::env::var_os("BILLETTIGUE_SCREENSHOTS").is_none() {
            return Ok(());
        }
        // Let fonts and the last paint settle; the picture is for people, not an assertion.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let png = self.client.screenshot().await?;
        std::fs::create_dir_all(&self.screenshots)?;
        let path = self.screenshots.join(name);
        std::fs::write(&path, png).with_context(|| format!("writing {}", path.display()))?;
        step(&format!("saved {}", path.display()));
        Ok(())
    }
}

async fn poll<T, F, Fut>(what: &str, limit: Duration, mut probe: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>>>,
{
    let started = Instant::now();
    loop {
        if let Some(value) = probe()
            .await
            .with_context(|| format!("while waiting for {what}"))?
        {
            return Ok(value);
        }
        if started.elapsed() > limit {
            bail!("timed out after {limit:?} waiting for {what}");
        }
        tokio::time::sleep(POLL).await;
    }
}

// ------------------------------------------------------------------------------------------------
// Xvfb, tauri-driver and the app, started here and always stopped
// ------------------------------------------------------------------------------------------------

/// A child started in its own process group; dropping it kills the whole group (tauri-driver's
/// group holds WebKitWebDriver, the app and WebKit's helper processes).
struct Group {
    name: &'static str,
    child: Child,
}

impl Group {
    fn spawn(name: &'static str, command: &mut Command) -> Result<Self> {
        let child = command
            .process_group(0)
            .spawn()
            .with_context(|| format!("cannot start {name} ({:?})", command.get_program()))?;
        Ok(Self { name, child })
    }

    fn signal_group(&self, signal: &str) {
        let _ = Command::new("kill")
            .args([signal, "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
    }

    fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        self.signal_group("-TERM");
        let deadline = Instant::now() + Duration::from_secs(3);
        while self.running() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        // Whatever is left of the group (the leader or its children) goes now.
        self.signal_group("-KILL");
        let _ = self.child.kill();
        let _ = self.child.wait();
        eprintln!("e2e: stopped {}", self.name);
    }
}

/// Everything one test needs. Field order is drop order: the driver (and the app) before the X
/// server, the temporary folder last.
struct Desk {
    _driver: Group,
    driver_port: u16,
    _xvfb: Group,
    app: PathBuf,
    workspace: PathBuf,
    screenshots: PathBuf,
    logs: Vec<PathBuf>,
    dir: tempfile::TempDir,
}

impl Desk {
    async fn start() -> Self {
        match Self::try_start().await {
            Ok(desk) => desk,
            Err(error) => panic!("cannot start the window test: {error:#}"),
        }
    }

    async fn try_start() -> Result<Self> {
        let workspace = billettigue_tests::binaries::workspace();
        let app = billettigue_tests::binaries::debug_path("billettigue-desk");
        let tauri_driver = workspace.join("tools/bin/tauri-driver");
        let how = "run the README's test command (`bash .ci/run`), or at least `npm --prefix ui run build && \
                   cargo build -p billettigue-desk && cargo install tauri-driver@^2 --locked --root tools`";
        ensure!(
            app.is_file(),
            "the app binary {} is missing: {how}",
            app.display()
        );
        ensure!(
            tauri_driver.is_file(),
            "tauri-driver {} is missing: {how}",
            tauri_driver.display()
        );
        for (program, package) in [("Xvfb", "xvfb"), ("WebKitWebDriver", "webkit2gtk-driver")] {
            ensure!(
                on_path(program),
                "{program} is not installed: apt-get install {package} (or run `.ci/setup`)"
            );
        }

        let dir = tempfile::Builder::new()
            .prefix("billettigue-e2e-")
            .tempdir()?;
        let xvfb_log = dir.path().join("xvfb.log");
        let driver_log = dir.path().join("tauri-driver.log");

        // Xvfb picks a free display itself and writes its number to stdout (-displayfd 1) once it
        // accepts connections: no guessing, no race with another test or a desktop session.
        let mut xvfb_command = Command::new("Xvfb");
        xvfb_command
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(File::create(&xvfb_log)?);
        let mut xvfb = Group::spawn("Xvfb", &mut xvfb_command)?;
        let display = read_display(&mut xvfb)
            .with_context(|| format!("Xvfb did not start; see {}", xvfb_log.display()))?;

        let driver_port = free_port()?;
        let native_port = free_port()?;
        let log = File::create(&driver_log)?;
        let mut driver_command = Command::new(&tauri_driver);
        driver_command
            .args([
                "--port",
                &driver_port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", format!(":{display}"))
            .env("BILLETTIGUE_DB", dir.path().join("desk.db"))
            // The webview keeps its storage (the chosen language…) in the user's data and cache
            // folders: give each run its own, so that a window starts as a new user's would.
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("XDG_CACHE_HOME", dir.path().join("cache"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env(
                "BILLETTIGUE_SECRET_STORE",
                format!("file:{}", dir.path().join("secrets.json").display()),
            )
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        let driver = Group::spawn("tauri-driver", &mut driver_command)?;
        let desk = Self {
            _driver: driver,
            driver_port,
            _xvfb: xvfb,
            app,
            screenshots: workspace.join("docs/screenshots"),
            workspace,
            logs: vec![driver_log, xvfb_log],
            dir,
        };
        poll("tauri-driver to listen", START_WAIT, || async {
            Ok(TcpStream::connect(("127.0.0.1", driver_port))
                .is_ok()
                .then_some(()))
        })
        .await?;
        step(&format!(
            "Xvfb on :{display}, tauri-driver on {driver_port}, data in {}",
            desk.dir.path().display()
        ));
        Ok(desk)
    }

    /// Opens the window, runs `scenario`, and closes the window, whatever happened; on failure
    /// saves a screenshot to target/ and shows the drivers' logs.
    async fn run<F, Fut>(self, scenario: F)
    where
        F: FnOnce(Ui) -> Fut,
        Fut: Future<Output = Result<()>>,
    {
        let client = match self.connect().await {
            Ok(client) => client,
            Err(error) => {
                self.show_logs();
                panic!("cannot open the app's window over WebDriver: {error:#}");
            }
        };
        let ui = Ui {
            client: client.clone(),
            screenshots: self.screenshots.clone(),
        };
        let outcome = scenario(ui).await;
        if let Err(error) = &outcome {
            let shot = self.workspace.join("target/e2e-window-failure.png");
            if let Ok(png) = client.screenshot().await {
                if std::fs::write(&shot, png).is_ok() {
                    eprintln!("e2e: screenshot of the failure: {}", shot.display());
                }
            }
            eprintln!("e2e: failed: {error:#}");
        }
        let _ = client.close().await;
        if let Err(error) = outcome {
            self.show_logs();
            panic!("{error:#}");
        }
    }

    async fn connect(&self) -> Result<Client> {
        let mut capabilities = serde_json::Map::new();
        // No browserName: WebKitWebDriver refuses a session that names one ("wry").
        capabilities.insert("tauri:options".into(), json!({ "application": self.app }));
        let url = format!("http://127.0.0.1:{}", self.driver_port);
        let client = tokio::time::timeout(
            START_WAIT,
            ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities)
                .connect(&url),
        )
        .await
        .context("no WebDriver session in time")??;
        Ok(client)
    }

    fn show_logs(&self) {
        for log in &self.logs {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            let tail: Vec<&str> = text.lines().rev().take(40).collect();
            eprintln!("---- {} (last lines)", log.display());
            for line in tail.iter().rev() {
                eprintln!("{line}");
            }
        }
    }
}

/// The display number Xvfb writes on its stdout when ready (`-displayfd 1`).
fn read_display(xvfb: &mut Group) -> Result<u32> {
    let stdout = xvfb.child.stdout.take().context("Xvfb's stdout")?;
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let _ = sender.send(reader.read_line(&mut line).map(|_| line));
        // Keep the pipe open (and drained) for as long as Xvfb lives.
        let _ = reader.read_to_end(&mut Vec::new());
    });
    let line = receiver
        .recv_timeout(START_WAIT)
        .context("Xvfb gave no display number in time")??;
    line.trim()
        .parse()
        .with_context(|| format!("Xvfb wrote {line:?} instead of a display number"))
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind(("127.0.0.1", 0))?.local_addr()?.port())
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}
