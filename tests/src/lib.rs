//! Helpers for the end-to-end tests: `spawn_app()` starts the real application on a free port with
//! a fresh data directory, and `Browser` drives a headless Chromium through chromedriver, cleaning
//! up Chromium and its profile even when a test fails.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::sync::oneshot;
use ziping::Application;
use ziping::config::ServeArgs;

/// A running application. Dropping it stops the server and removes its data directory; `stop`
/// and `restart` take it away and bring it back on the same address with the same data, for
/// tests of what the front end does while the server is away.
pub struct TestApp {
    pub address: SocketAddr,
    pub http: reqwest::Client,
    pub data_dir: TempDir,
    /// Numbers the organizations the helpers create, for unique codes.
    next: AtomicU32,
    /// The configuration it was started with, to start it again.
    config: ServeArgs,
    running: Option<(
        oneshot::Sender<()>,
        tokio::task::JoinHandle<std::io::Result<()>>,
    )>,
}

/// Starts the application on `127.0.0.1:0` with a fresh data directory and the bundled content.
pub async fn spawn_app() -> TestApp {
    let data_dir = tempfile::tempdir().expect("a temporary data directory");
    spawn_app_with(data_dir, |_| {}).await
}

/// Starts the application like `spawn_app`, with its configuration changed by `configure`.
pub async fn spawn_app_with(data_dir: TempDir, configure: impl FnOnce(&mut ServeArgs)) -> TestApp {
    let mut config = ServeArgs::new(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        Some(data_dir.path().to_path_buf()),
    );
    configure(&mut config);
    let mut app = TestApp {
        address: config.bind,
        http: reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("an HTTP client"),
        data_dir,
        next: AtomicU32::new(1),
        config,
        running: None,
    };
    app.run().await;
    app
}

impl TestApp {
    /// Stops the server (gracefully: requests in flight finish) and waits until it has.
    pub async fn stop(&mut self) {
        if let Some((stop, handle)) = self.running.take() {
            let _ = stop.send(());
            let _ = handle.await;
        }
    }

    /// Starts the server again on the same address with the same data and configuration.
    pub async fn restart(&mut self) {
        self.stop().await;
        self.config.bind = self.address;
        self.run().await;
    }

    async fn run(&mut self) {
        let app = Application::build(self.config.clone())
            .await
            .expect("the application starts");
        self.address = app.address();
        let (stop, stopped) = oneshot::channel::<()>();
        let handle = tokio::spawn(app.run_until(async {
            let _ = stopped.await;
        }));
        self.running = Some((stop, handle));
    }

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

    /// A request that carries the test user's name, as every change must.
    pub fn as_user(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, self.url(path))
            .header(USER_HEADER, USER_ENCODED)
    }

    /// Sends a request and returns the status and the JSON body (`null` for an empty body).
    pub async fn send(&self, request: reqwest::RequestBuilder) -> (reqwest::StatusCode, Value) {
        let response = request.send().await.expect("the request is answered");
        let status = response.status();
        let bytes = response.bytes().await.expect("the body is read");
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                panic!(
                    "the body is not JSON ({e}): {}",
                    String::from_utf8_lossy(&bytes)
                )
            })
        };
        (status, body)
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> (reqwest::StatusCode, Value) {
        self.send(self.as_user(reqwest::Method::POST, path).json(body))
            .await
    }

    pub async fn put_json(&self, path: &str, body: &Value) -> (reqwest::StatusCode, Value) {
        self.send(self.as_user(reqwest::Method::PUT, path).json(body))
            .await
    }

    /// Creates an organization with a valid, unique USCC; returns it.
    pub async fn create_organization(&self, name: &str) -> Value {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let (status, body) = self
            .post_json(
                "/api/organizations",
                &json!({ "name": name, "uscc": valid_uscc(n), "industry": "软件和信息技术服务业", "region": "北京市" }),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        body
    }

    /// Creates an organization and a draft assessment of the bundled questionnaire; returns the
    /// assessment.
    pub async fn create_assessment(&self) -> Value {
        let organization = self.create_organization("示例科技有限公司").await;
        let (status, body) = self
            .post_json(
                "/api/assessments",
                &json!({
                    "organization_id": organization["id"],
                    "questionnaire_id": QUESTIONNAIRE,
                    "cycle": "2026 年度",
                }),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        body
    }

    /// Replaces an assessment's profile as the test user, naming the revision last seen.
    pub async fn set_profile(
        &self,
        assessment: i64,
        profile: &Value,
        revision: i64,
    ) -> (reqwest::StatusCode, Value) {
        self.put_json(
            &format!("/api/assessments/{assessment}/profile"),
            &json!({ "profile": profile, "revision": revision }),
        )
        .await
    }

    /// Saves first answers (value and note) to several questions; each save must succeed.
    pub async fn save_answers(&self, assessment: i64, answers: &[(&str, &str, &str)]) {
        for (question, value, note) in answers {
            let (status, body) = self
                .save_answer(
                    assessment,
                    question,
                    &json!({ "value": value, "note": note, "revision": 0 }),
                )
                .await;
            assert_eq!(status, 200, "{question}: {body}");
        }
    }

    /// Saves an answer as the test user.
    pub async fn save_answer(
        &self,
        assessment: i64,
        question: &str,
        body: &Value,
    ) -> (reqwest::StatusCode, Value) {
        self.put_json(
            &format!("/api/assessments/{assessment}/answers/{question}"),
            body,
        )
        .await
    }
}

impl TestApp {
    /// Uploads evidence for a question: a file (name and bytes), a note, or both.
    pub async fn upload(
        &self,
        assessment: i64,
        question: &str,
        file: Option<(&str, Vec<u8>)>,
        note: Option<&str>,
    ) -> (reqwest::StatusCode, Value) {
        let mut form = reqwest::multipart::Form::new().text("question_id", question.to_owned());
        if let Some((name, bytes)) = file {
            form = form.part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
            );
        }
        if let Some(note) = note {
            form = form.text("note", note.to_owned());
        }
        self.send(
            self.as_user(
                reqwest::Method::POST,
                &format!("/api/assessments/{assessment}/evidence"),
            )
            .multipart(form),
        )
        .await
    }

    /// Moves an assessment to another status.
    pub async fn set_status(
        &self,
        assessment: i64,
        to: &str,
        reason: Option<&str>,
    ) -> (reqwest::StatusCode, Value) {
        self.post_json(
            &format!("/api/assessments/{assessment}/status"),
            &json!({ "to": to, "reason": reason }),
        )
        .await
    }
}

// Spreadsheets: the cells of a workbook as text, and a fill-in workbook edited the way a person
// does it in a spreadsheet program.

/// Every sheet of an XLSX workbook as rows of text, in order.
pub fn sheets(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let mut workbook: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec()))
        .expect("the file is an XLSX workbook");
    let names = workbook.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = workbook
                .worksheet_range(&name)
                .expect("every listed sheet can be read");
            let rows = range
                .rows()
                .map(|r| {
                    r.iter()
                        .map(|c| match c {
                            Data::Empty => String::new(),
                            Data::String(s) => s.clone(),
                            Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .collect();
            (name, rows)
        })
        .collect()
}

/// The workbook rewritten with `edits` (sheet, 0-based row, 0-based column, text) applied, as a
/// person editing it in a spreadsheet would: every sheet and cell kept, as text.
pub fn edited(bytes: &[u8], edits: &[(&str, usize, usize, &str)]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for (name, mut rows) in sheets(bytes) {
        for &(sheet, row, col, text) in edits {
            if sheet == name {
                if rows.len() <= row {
                    rows.resize(row + 1, Vec::new());
                }
                if rows[row].len() <= col {
                    rows[row].resize(col + 1, String::new());
                }
                rows[row][col] = text.to_owned();
            }
        }
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(&name).expect("a sheet name Excel takes");
        for (r, cells) in rows.iter().enumerate() {
            for (c, text) in cells.iter().enumerate() {
                if !text.is_empty() {
                    let (r, c) = (
                        u32::try_from(r).expect("a row Excel has"),
                        u16::try_from(c).expect("a column Excel has"),
                    );
                    worksheet
                        .write_string(r, c, text)
                        .expect("a cell Excel takes");
                }
            }
        }
    }
    workbook.save_to_buffer().expect("the workbook is written")
}

/// Where a question's row is in a fill-in workbook: its sheet and 0-based row (the question id
/// is in the first column).
pub fn workbook_row(bytes: &[u8], question: &str) -> Option<(String, usize)> {
    sheets(bytes).into_iter().find_map(|(name, rows)| {
        rows.iter()
            .position(|r| r.first().map(String::as_str) == Some(question))
            .map(|row| (name, row))
    })
}

/// A minimal PDF: enough for the type check, which looks at the first bytes.
pub fn pdf_bytes(text: &str) -> Vec<u8> {
    format!("%PDF-1.7\n% {text}\n%%EOF\n").into_bytes()
}

/// The header with the local user name.
pub const USER_HEADER: &str = "X-Ziping-User";
/// The test user, 张三, and its percent-encoded form as browsers send it.
pub const USER: &str = "张三";
pub const USER_ENCODED: &str = "%E5%BC%A0%E4%B8%89";
/// The bundled questionnaire the tests assess against.
pub const QUESTIONNAIRE: &str = "miit-data-security";

/// A valid unified social credit code (GB 32100-2015) that differs for each `n`.
pub fn valid_uscc(n: u32) -> String {
    const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [usize; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let body = format!("91110108{n:09}");
    let sum: usize = body
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| {
            w * ALPHABET
                .iter()
                .position(|&a| a == b)
                .expect("a code character")
        })
        .sum();
    let check = ALPHABET[(31 - sum % 31) % 31];
    format!("{body}{}", char::from(check))
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

// Helpers of the front-end tests: driving the page like a user does, and a server that can be
// stopped and started again on the same address and data directory.

impl Browser {
    /// Waits until an element matching the CSS selector exists and returns it.
    pub async fn find(&self, selector: &str) -> anyhow::Result<fantoccini::elements::Element> {
        self.client
            .wait()
            .at_most(BROWSER_TIMEOUT)
            .for_element(Locator::Css(selector))
            .await
            .with_context(|| format!("waiting for `{selector}`"))
    }

    /// Waits until the element exists and is enabled, then clicks it.
    pub async fn click(&self, selector: &str) -> anyhow::Result<()> {
        let deadline = Instant::now() + BROWSER_TIMEOUT;
        loop {
            let element = self.find(selector).await?;
            if element.is_enabled().await.unwrap_or(false) {
                return element
                    .click()
                    .await
                    .with_context(|| format!("clicking `{selector}`"));
            }
            if Instant::now() > deadline {
                bail!("`{selector}` stayed disabled");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Replaces the text of an input or text area, typing it like a user.
    pub async fn fill(&self, selector: &str, text: &str) -> anyhow::Result<()> {
        let element = self.find(selector).await?;
        element.clear().await?;
        element
            .send_keys(text)
            .await
            .with_context(|| format!("typing into `{selector}`"))
    }

    /// Presses keys one after the other on whatever has the focus (the page's shortcuts).
    pub async fn press(&self, keys: &str) -> anyhow::Result<()> {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".to_owned());
        for key in keys.chars() {
            actions = actions
                .then(KeyAction::Down { value: key })
                .then(KeyAction::Up { value: key });
        }
        self.client
            .perform_actions(actions)
            .await
            .with_context(|| format!("pressing {keys:?}"))
    }

    /// Runs a script in the page and returns its result.
    pub async fn js(&self, script: &str) -> anyhow::Result<serde_json::Value> {
        self.client
            .execute(script, vec![])
            .await
            .with_context(|| format!("running {script}"))
    }

    /// Waits until the attribute of the element matching `selector` satisfies `predicate`.
    pub async fn wait_for_attr(
        &self,
        selector: &str,
        attribute: &str,
        predicate: impl Fn(&str) -> bool,
    ) -> anyhow::Result<String> {
        let deadline = Instant::now() + BROWSER_TIMEOUT;
        let mut last = None;
        while Instant::now() < deadline {
            if let Ok(element) = self.client.find(Locator::Css(selector)).await {
                last = element.attr(attribute).await.unwrap_or_default();
                if let Some(value) = &last
                    && predicate(value)
                {
                    return Ok(value.clone());
                }
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        bail!("`{selector}` [{attribute}] never reached the expected value; last seen: {last:?}")
    }

    /// Waits until a script returns `true`.
    pub async fn wait_until(&self, what: &str, script: &str) -> anyhow::Result<()> {
        let deadline = Instant::now() + BROWSER_TIMEOUT;
        while Instant::now() < deadline {
            if self.js(script).await? == serde_json::Value::Bool(true) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        bail!("timed out waiting until {what}")
    }

    /// Waits until the page's autosave has nothing left to save ("saved", or "idle" when
    /// nothing was changed since the page was loaded).
    pub async fn wait_saved(&self) -> anyhow::Result<()> {
        self.wait_for_attr("#save-state", "data-state", |s| s == "saved" || s == "idle")
            .await
            .map(|_| ())
    }

    /// Waits until the open question's answer is saved and the page has nothing left to save.
    pub async fn wait_question_saved(&self) -> anyhow::Result<()> {
        self.wait_for_attr("#question-save", "data-state", |s| s == "saved")
            .await?;
        self.wait_saved().await
    }

    /// Opens the start page and stores the local user name the way the name dialog does, so
    /// that the dialog does not ask again.
    pub async fn set_user_name(&self, base_url: &str, name: &str) -> anyhow::Result<()> {
        self.client.goto(base_url).await?;
        self.find("#server-version").await?;
        self.client
            .execute(
                "localStorage.setItem('ziping.user', arguments[0])",
                vec![serde_json::Value::String(name.to_owned())],
            )
            .await?;
        Ok(())
    }
}

/// The rules the accessibility check runs: WCAG 2.0 and 2.1, levels A and AA.
const AXE_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// axe-core's browser build, installed under `tests/node_modules` by `bash tests/run.sh`.
fn axe_script() -> anyhow::Result<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).with_context(|| {
        format!(
            "reading {} (axe-core, the accessibility checker of the browser tests): \
             run `bash tests/run.sh`, which installs it",
            path.display()
        )
    })
}

/// One rule axe-core found broken, with the elements that break it.
#[derive(Debug)]
pub struct AxeViolation {
    pub rule: String,
    pub impact: String,
    pub help: String,
    /// Per element: its CSS selector and what is wrong with it.
    pub nodes: Vec<(String, String)>,
}

impl Browser {
    /// Runs axe-core's WCAG 2.1 A and AA rules on the page as it is now shown; returns every
    /// violation whatever its impact. The page must be rendered: wait for it first.
    pub async fn axe_violations(&self) -> anyhow::Result<Vec<AxeViolation>> {
        let loaded = self.js("return typeof window.axe === 'object'").await?;
        if loaded != Value::Bool(true) {
            let script = axe_script()?;
            self.client
                .execute(&format!("{script}\nreturn true;"), vec![])
                .await
                .context("loading axe-core into the page")?;
        }
        let result = self
            .client
            .execute_async(
                "const [tags, done] = arguments;
                 axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
                   .then(r => done(r.violations.map(v => ({
                       rule: v.id, impact: v.impact || '', help: v.help,
                       nodes: v.nodes.map(n => [
                         n.target.join(' '),
                         [...n.any, ...n.all, ...n.none].map(c => c.message).join('; '),
                       ]),
                     }))),
                     e => done('axe-core failed: ' + e));",
                vec![json!(AXE_TAGS)],
            )
            .await
            .context("running axe-core")?;
        if let Some(failure) = result.as_str() {
            bail!("{failure}");
        }
        let violations = result
            .as_array()
            .context("axe-core's result is a list")?
            .iter()
            .map(|v| AxeViolation {
                rule: v["rule"].as_str().unwrap_or_default().to_owned(),
                impact: v["impact"].as_str().unwrap_or_default().to_owned(),
                help: v["help"].as_str().unwrap_or_default().to_owned(),
                nodes: v["nodes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|n| {
                        (
                            n[0].as_str().unwrap_or_default().to_owned(),
                            n[1].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect(),
            })
            .collect();
        Ok(violations)
    }

    /// Fails, naming each rule, its help and every element with what is wrong with it, when
    /// axe-core finds a serious or critical WCAG 2.1 A/AA violation on the page as it is shown.
    /// `page` names the page in the message.
    pub async fn axe(&self, page: &str) -> anyhow::Result<()> {
        match serious_violations(page, &self.axe_violations().await?) {
            Some(report) => bail!("{report}"),
            None => Ok(()),
        }
    }
}

/// The serious and critical violations among `violations`, one rule a paragraph with its help
/// and each element's selector and fault; `None` when there are none.
pub fn serious_violations(page: &str, violations: &[AxeViolation]) -> Option<String> {
    let serious: Vec<&AxeViolation> = violations
        .iter()
        .filter(|v| v.impact == "serious" || v.impact == "critical")
        .collect();
    if serious.is_empty() {
        return None;
    }
    let mut report = format!(
        "axe-core: {} serious or critical violation(s) on {page}:",
        serious.iter().map(|v| v.nodes.len()).sum::<usize>()
    );
    for v in serious {
        report.push_str(&format!(
            "\n- {} ({}): {} — {} element(s)",
            v.rule,
            v.impact,
            v.help,
            v.nodes.len()
        ));
        for (target, message) in &v.nodes {
            report.push_str(&format!("\n    {target}: {message}"));
        }
    }
    Some(report)
}

/// The two versions of questionnaire `q` in `tests/fixtures/upgrade` (2026.1 → 2026.2: GOV-01's
/// text and GOV-02's condition changed, GOV-03 removed, GOV-04 split into GOV-06 and GOV-07,
/// GOV-05 renumbered GOV-09, GOV-08 new), served first with 2026.1 alone, so that assessments
/// are pinned to it, then with both.
pub struct UpgradeFixture {
    pub content: TempDir,
}

/// The fixture questionnaire's id.
pub const UPGRADE_QUESTIONNAIRE: &str = "q";

impl UpgradeFixture {
    /// A content directory with the catalog and version 2026.1 only.
    pub fn older_only() -> UpgradeFixture {
        let content = tempfile::tempdir().expect("a temporary content directory");
        for sub in ["catalog", "content/q"] {
            copy_fixture_dir(sub, content.path());
        }
        UpgradeFixture { content }
    }

    /// Starts the application on this content with a fresh data directory.
    pub async fn spawn(&self) -> TestApp {
        let data_dir = tempfile::tempdir().expect("a temporary data directory");
        self.spawn_on(data_dir).await
    }

    /// Adds version 2026.2, stops `app` and starts it again on the same data.
    pub async fn with_newer_version(&self, app: TestApp) -> TestApp {
        copy_fixture_dir("content/q-2026.2", self.content.path());
        let TestApp { data_dir, .. } = app;
        self.spawn_on(data_dir).await
    }

    async fn spawn_on(&self, data_dir: TempDir) -> TestApp {
        let content = self.content.path().to_path_buf();
        spawn_app_with(data_dir, move |args| {
            args.content.questionnaires = Some(content);
        })
        .await
    }
}

fn copy_fixture_dir(sub: &str, into: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/upgrade")
        .join(sub);
    let to = into.join(sub);
    std::fs::create_dir_all(&to).expect("the content directory is created");
    for entry in std::fs::read_dir(&from).expect("the fixture is readable") {
        let path = entry.expect("a fixture file").path();
        std::fs::copy(&path, to.join(path.file_name().expect("a file name")))
            .expect("the fixture file is copied");
    }
}

impl TestApp {
    /// Creates an organization and a draft of the upgrade fixture's questionnaire for `cycle`;
    /// returns the assessment.
    pub async fn create_fixture_assessment(&self, cycle: &str) -> Value {
        let organization = self.create_organization("示例科技有限公司").await;
        let (status, body) = self
            .post_json(
                "/api/assessments",
                &json!({
                    "organization_id": organization["id"],
                    "questionnaire_id": UPGRADE_QUESTIONNAIRE,
                    "cycle": cycle,
                }),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        body
    }

    /// A draft of the upgrade fixture's 2026.1 with `important_data` and an answer to each of
    /// GOV-01 to GOV-05 (the changed, the removed, the split and the renumbered question among
    /// them); returns its id.
    pub async fn answered_fixture_draft(&self) -> i64 {
        let draft = self.create_fixture_assessment("2026 年度").await;
        let id = draft["id"].as_i64().expect("an assessment id");
        let (status, body) = self
            .set_profile(id, &json!({ "important_data": true }), 0)
            .await;
        assert_eq!(status, 200, "{body}");
        self.save_answers(
            id,
            &[
                ("GOV-01", "compliant", "制度 2025 版"),
                ("GOV-02", "partial", ""),
                ("GOV-03", "non_compliant", "监测未覆盖"),
                ("GOV-04", "partial", "报告缺数量"),
                ("GOV-05", "compliant", ""),
            ],
        )
        .await;
        id
    }
}

impl TestApp {
    /// Two review cycles whose comparison `compare.rs` works out by hand, shared by the API and
    /// the browser tests: 2026 年度 (profile `important_data`, `pi_volume` 1m) with GOV-01 不符合,
    /// GOV-02 符合, CLS-01 部分符合; 2027 年度 carried from it, then GOV-01 → 符合 (improved),
    /// GOV-02 → 部分符合 (regressed), CLS-01 kept (unchanged); a remediation item of GOV-02 open
    /// and due 2026-03-01, one of CLS-01 in progress and due 2026-12-31. Returns the
    /// organization and the ids of the earlier and the later assessment.
    pub async fn cycle_pair(&self) -> (Value, i64, i64) {
        let first = self.create_assessment().await;
        let before = first["id"].as_i64().expect("an assessment id");
        let profile = json!({ "important_data": true, "pi_volume": "1m" });
        let (status, body) = self.set_profile(before, &profile, 0).await;
        assert_eq!(status, 200, "{body}");
        self.save_answers(
            before,
            &[
                ("GOV-01", "non_compliant", ""),
                ("GOV-02", "compliant", ""),
                ("CLS-01", "partial", ""),
            ],
        )
        .await;
        let (status, next) = self
            .post_json(
                "/api/assessments",
                &json!({
                    "organization_id": first["organization"]["id"],
                    "questionnaire_id": QUESTIONNAIRE,
                    "cycle": "2027 年度",
                    "carry_from": before,
                }),
            )
            .await;
        assert_eq!(status, 201, "{next}");
        let after = next["id"].as_i64().expect("an assessment id");
        for (question, value, revision) in [("GOV-01", "compliant", 1), ("GOV-02", "partial", 1)] {
            let (status, body) = self
                .put_json(
                    &format!("/api/assessments/{after}/answers/{question}"),
                    &json!({ "value": value, "note": "", "revision": revision }),
                )
                .await;
            assert_eq!(status, 200, "{body}");
        }
        for (question, due, state) in [
            ("GOV-02", "2026-03-01", "open"),
            ("CLS-01", "2026-12-31", "in_progress"),
        ] {
            let (status, body) = self
                .put_json(
                    &format!("/api/assessments/{after}/remediation/{question}"),
                    &json!({ "owner": "王芳", "due_date": due, "status": state }),
                )
                .await;
            assert_eq!(status, 200, "{body}");
        }
        (first["organization"].clone(), before, after)
    }
}
