//! Helpers for the end-to-end tests: `spawn_app()` starts the real application on a free port with
//! a fresh data directory, and `Browser` drives a headless Chromium through chromedriver, cleaning
//! up Chromium and its profile even when a test fails.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use fantoccini::{Client, ClientBuilder, Locator};
use tempfile::TempDir;
use tokio::sync::oneshot;
use ziping::Application;
use ziping::config::{ContentArgs, DataArgs, ServeArgs};

/// A running application. Dropping it stops the server and removes its data directory.
pub struct TestApp {
    pub address: SocketAddr,
    pub http: reqwest::Client,
    pub data_dir: TempDir,
    _stop: oneshot::Sender<()>,
}

/// Starts the application on `127.0.0.1:0` with a fresh data directory and the bundled content.
pub async fn spawn_app() -> TestApp {
    let data_dir = tempfile::tempdir().expect("a temporary data directory");
    let config = ServeArgs {
        bind: SocketAddr::from(([127, 0, 0, 1], 0)),
        data: DataArgs {
            data_dir: Some(data_dir.path().to_path_buf()),
        },
        content: ContentArgs::default(),
        no_browser: true,
    };
    let app = Application::build(config)
        .await
        .expect("the application starts");
    let address = app.address();
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(app.run_until(async {
        let _ = stopped.await;
    }));
    let http = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("an HTTP client");
    TestApp {
        address,
        http,
        data_dir,
        _stop: stop,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(self.url(path))
            .send()
            .await
            .expect("the request is answered")
    }

    pub async fn get_json(&self, path: &str) -> (reqwest::StatusCode, serde_json::Value) {
        let response = self.get(path).await;
        let status = response.status();
        let body = response.json().await.expect("the body is JSON");
        (status, body)
    }
}

/// How long to wait for a condition in the browser before failing.
pub const BROWSER_TIMEOUT: Duration = Duration::from_secs(30);

/// A headless Chromium driven through chromedriver. `close()` ends the session; `Drop` kills
/// chromedriver and every Chromium process that uses this browser's profile directory (killing
/// chromedriver alone leaves Chromium running), then removes the profile.
pub struct Browser {
    pub client: Client,
    _processes: Processes,
}

/// chromedriver and the profile directory of the Chromium it starts.
struct Processes {
    driver: Child,
    profile: TempDir,
}

impl Browser {
    pub async fn start() -> anyhow::Result<Browser> {
        let chromium = program("ZIPING_CHROMIUM", "/usr/bin/chromium");
        let chromedriver = program("ZIPING_CHROMEDRIVER", "/usr/bin/chromedriver");
        let profile = tempfile::Builder::new()
            .prefix("ziping-chromium-")
            .tempdir()
            .context("creating a Chromium profile directory")?;
        let port = free_port()?;
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| {
                format!(
                    "starting {} (apt-get install chromium-driver)",
                    chromedriver.display()
                )
            })?;
        // From here on, `Drop` cleans up whatever happens.
        let processes = Processes { driver, profile };
        let webdriver = format!("http://127.0.0.1:{port}");
        wait_for_driver(&webdriver).await?;
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1280,900",
            &format!("--user-data-dir={}", processes.profile.path().display()),
        ];
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            serde_json::json!({ "binary": chromium, "args": args }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&webdriver)
            .await
            .with_context(|| format!("starting {} through chromedriver", chromium.display()))?;
        Ok(Browser {
            client,
            _processes: processes,
        })
    }

    /// Waits until an element matching the CSS selector exists and returns its text.
    pub async fn text_of(&self, selector: &str) -> anyhow::Result<String> {
        let element = self
            .client
            .wait()
            .at_most(BROWSER_TIMEOUT)
            .for_element(Locator::Css(selector))
            .await
            .with_context(|| format!("waiting for `{selector}`"))?;
        Ok(element.text().await?)
    }

    /// Waits until the text of the element matching `selector` satisfies `predicate`; returns it.
    pub async fn wait_for_text(
        &self,
        selector: &str,
        predicate: impl Fn(&str) -> bool,
    ) -> anyhow::Result<String> {
        let deadline = Instant::now() + BROWSER_TIMEOUT;
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(element) = self.client.find(Locator::Css(selector)).await {
                last = element.text().await.unwrap_or_default();
                if predicate(&last) {
                    return Ok(last);
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        bail!("`{selector}` never reached the expected text; last seen: {last:?}")
    }

    /// Saves a PNG screenshot of the page under `target/screenshots/`.
    pub async fn screenshot(&self, name: &str) -> anyhow::Result<PathBuf> {
        let png = self.client.screenshot().await?;
        let dir = target_dir().join("screenshots");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Ends the WebDriver session, which closes Chromium; `Drop` still checks nothing is left.
    pub async fn close(self) -> anyhow::Result<()> {
        self.client.clone().close().await?;
        Ok(())
    }
}

impl Drop for Processes {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        kill_processes_using(self.profile.path());
    }
}

/// The workspace's `target/` directory, where test artefacts for people to look at go.
pub fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(|root| root.join("target"))
        .unwrap_or_else(|| PathBuf::from("target"))
}

fn program(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default))
}

fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}

async fn wait_for_driver(webdriver: &str) -> anyhow::Result<()> {
    let http = reqwest::Client::builder().no_proxy().build()?;
    let deadline = Instant::now() + BROWSER_TIMEOUT;
    while Instant::now() < deadline {
        if let Ok(response) = http.get(format!("{webdriver}/status")).send().await
            && response.status().is_success()
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    bail!("chromedriver did not answer at {webdriver}")
}

/// Kills every process whose command line mentions `profile` (Chromium and its helpers).
fn kill_processes_using(profile: &Path) {
    let needle = profile.to_string_lossy().into_owned();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        if String::from_utf8_lossy(&cmdline).contains(&needle) {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
        }
    }
}
