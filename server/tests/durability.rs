//! Nothing acknowledged is ever lost: a `ziping` process killed with SIGKILL while clients stream
//! answer saves keeps every save it acknowledged; a database of the first schema is migrated
//! with its data and audit chain; a backup taken while saves stream in restores to the same
//! assessment; `ziping verify` finds an edited audit event and an altered evidence file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rusqlite::OptionalExtension;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::sync::oneshot;
use ziping::Application;
use ziping::config::ServeArgs;
use ziping::store::{MIGRATIONS, SCHEMA_VERSION};

use common::Process;

const USER: &str = "%E5%BC%A0%E4%B8%89";
const QUESTIONNAIRE: &str = "miit-data-security";

fn ziping(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ziping"))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("ziping runs")
}

fn http() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

/// A random number from the standard library's per-process random hash keys.
fn random() -> u64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(0);
    hasher.finish()
}

async fn get(http: &reqwest::Client, url: String) -> Value {
    let response = http.get(url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn post(http: &reqwest::Client, url: String, body: Value) -> Value {
    let response = http
        .post(url)
        .header("x-ziping-user", USER)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

/// Creates an organization and an assessment; returns the assessment id.
async fn new_assessment(http: &reqwest::Client, base: &str) -> i64 {
    let organization = post(
        http,
        format!("{base}/api/organizations"),
        json!({ "name": "示例科技有限公司", "uscc": "91350100M000100Y43" }),
    )
    .await;
    let assessment = post(
        http,
        format!("{base}/api/assessments"),
        json!({ "organization_id": organization["id"], "questionnaire_id": QUESTIONNAIRE, "cycle": "2026 年度" }),
    )
    .await;
    assessment["id"].as_i64().unwrap()
}

async fn question_ids(http: &reqwest::Client, base: &str, n: usize) -> Vec<String> {
    let questionnaire = get(http, format!("{base}/api/questionnaires/{QUESTIONNAIRE}")).await;
    questionnaire["domains"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["questions"].as_array().unwrap().iter())
        .map(|q| q["id"].as_str().unwrap().to_owned())
        .take(n)
        .collect()
}

/// One save a client sent: acknowledged, or cut off by the crash.
#[derive(Clone, Debug)]
struct Save {
    question: String,
    revision: i64,
    note: String,
}

/// What one client did in a round.
#[derive(Debug, Default)]
struct Log {
    /// The last acknowledged save per question.
    acked: HashMap<String, Save>,
    /// The save that got no answer, if any: it may or may not have been committed.
    in_flight: Option<Save>,
    count: usize,
}

#[derive(Clone)]
struct Client {
    http: reqwest::Client,
    base: String,
    assessment: i64,
    round: usize,
    number: usize,
}

impl Client {
    /// Saves the given questions in turn, each from its current revision, until the server
    /// stops answering; whoever makes the `kill_at`-th acknowledgement kills the server.
    async fn stream(
        self,
        mut revisions: HashMap<String, i64>,
        questions: Vec<String>,
        acked: Arc<AtomicUsize>,
        kill_at: usize,
        victim: Arc<Mutex<Option<Child>>>,
    ) -> Log {
        let mut log = Log::default();
        let values = ["compliant", "partial", "non_compliant"];
        for seq in 0.. {
            let question = &questions[seq % questions.len()];
            let revision = revisions[question];
            let save = Save {
                question: question.clone(),
                revision: revision + 1,
                note: format!("round {} client {} save {seq}", self.round, self.number),
            };
            let result = self
                .http
                .put(format!(
                    "{}/api/assessments/{}/answers/{question}",
                    self.base, self.assessment
                ))
                .header("x-ziping-user", USER)
                .json(&json!({
                    "value": values[seq % values.len()],
                    "note": save.note,
                    "revision": revision,
                }))
                .send()
                .await;
            let response = match result {
                Ok(response) => response,
                Err(_) => {
                    log.in_flight = Some(save);
                    return log;
                }
            };
            let status = response.status();
            let body: Result<Value, _> = response.json().await;
            match body {
                Ok(body) if status == 200 => {
                    assert_eq!(body["revision"], save.revision, "{body}");
                    revisions.insert(question.clone(), save.revision);
                    log.acked.insert(question.clone(), save);
                    log.count += 1;
                    if acked.fetch_add(1, Ordering::SeqCst) + 1 == kill_at {
                        let mut child = victim.lock().unwrap().take().unwrap();
                        child.kill().unwrap();
                        child.wait().unwrap();
                    }
                }
                Ok(body) => panic!("a save was refused with {status}: {body}"),
                // The connection broke while the answer was on its way.
                Err(_) => {
                    log.in_flight = Some(save);
                    return log;
                }
            }
        }
        unreachable!("the loop only ends by returning")
    }
}

const CLIENTS: usize = 8;
const QUESTIONS_PER_CLIENT: usize = 3;
const ROUNDS: usize = 5;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_acknowledged_save_survives_sigkill_round_after_round() {
    let data_dir = tempfile::tempdir().unwrap();
    let http = http();
    let mut process = Process::start(data_dir.path());
    let base = process.url("");
    let assessment = new_assessment(&http, &base).await;
    let questions = question_ids(&http, &base, CLIENTS * QUESTIONS_PER_CLIENT).await;
    let mut stored: HashMap<String, (i64, String)> = questions
        .iter()
        .map(|q| (q.clone(), (0, String::new())))
        .collect();
    let mut total_acked = 0;

    for round in 0..ROUNDS {
        let base = process.url("");
        let kill_at = 20 + (random() % 400) as usize;
        let victim = Arc::new(Mutex::new(Some(std::mem::replace(
            &mut process.child,
            Command::new("true").spawn().unwrap(),
        ))));
        let acked = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for number in 0..CLIENTS {
            let own: Vec<String> = questions
                [number * QUESTIONS_PER_CLIENT..(number + 1) * QUESTIONS_PER_CLIENT]
                .to_vec();
            let revisions = own.iter().map(|q| (q.clone(), stored[q].0)).collect();
            let client = Client {
                http: http.clone(),
                base: base.clone(),
                assessment,
                round,
                number,
            };
            tasks.push(tokio::spawn(client.stream(
                revisions,
                own,
                Arc::clone(&acked),
                kill_at,
                Arc::clone(&victim),
            )));
        }
        let mut logs = Vec::new();
        for task in tasks {
            logs.push(task.await.unwrap());
        }
        assert!(victim.lock().unwrap().is_none(), "the server was killed");
        total_acked += logs.iter().map(|l| l.count).sum::<usize>();

        process = Process::start(data_dir.path());
        let base = process.url("");
        let whole = get(&http, format!("{base}/api/assessments/{assessment}")).await;
        for log in &logs {
            let in_flight = log.in_flight.as_ref();
            for question in log.acked.keys().chain(in_flight.map(|s| &s.question)) {
                let answer = &whole["answers"][question];
                let found = (
                    answer["revision"].as_i64().unwrap_or(0),
                    answer["note"].as_str().unwrap_or_default().to_owned(),
                );
                let acked = log.acked.get(question).map_or_else(
                    || stored[question].clone(),
                    |s| (s.revision, s.note.clone()),
                );
                let committed_in_flight = in_flight
                    .filter(|s| &s.question == question)
                    .map(|s| (s.revision, s.note.clone()));
                assert!(
                    found == acked || Some(&found) == committed_in_flight.as_ref(),
                    "round {round}, {question}: acknowledged {acked:?}, in flight \
                     {committed_in_flight:?}, stored {found:?}"
                );
                stored.insert(question.clone(), found);
            }
        }
        // Each stored revision has exactly one audit event, and the chain is intact.
        let events = get(&http, format!("{base}/api/assessments/{assessment}/audit")).await;
        let answer_events = events
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["entity"] == "answer")
            .count() as i64;
        assert_eq!(answer_events, stored.values().map(|(r, _)| r).sum::<i64>());
        let verification = get(&http, format!("{base}/api/audit/verify")).await;
        assert_eq!(verification["ok"], true, "{verification}");
    }
    assert!(
        total_acked >= ROUNDS * 20,
        "{total_acked} saves acknowledged"
    );
    eprintln!("crash test: {ROUNDS} rounds, {total_acked} acknowledged saves, none lost");
}

/// An application in this process on a free port; stopped when dropped.
struct InProcess {
    address: SocketAddr,
    _stop: oneshot::Sender<()>,
}

impl InProcess {
    async fn start(data_dir: &Path) -> InProcess {
        let config = ServeArgs::new(
            SocketAddr::from(([127, 0, 0, 1], 0)),
            Some(data_dir.to_path_buf()),
        );
        let app = Application::build(config)
            .await
            .expect("the application starts");
        let address = app.address();
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(app.run_until(async {
            let _ = stopped.await;
        }));
        InProcess {
            address,
            _stop: stop,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Appends an audit event by hand the way the first schema's Ziping did.
fn append_event(conn: &rusqlite::Connection, fields: [&str; 8]) {
    let (prev, id): (String, i64) = conn
        .query_row(
            "SELECT hash, id + 1 FROM audit_events ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap_or(("0".repeat(64), 1));
    let id_text = id.to_string();
    let mut hasher = Sha256::new();
    for field in [prev.as_str(), id_text.as_str()].into_iter().chain(fields) {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    let hash: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let [
        at,
        actor,
        assessment,
        entity,
        entity_id,
        action,
        before,
        after,
    ] = fields;
    conn.execute(
        "INSERT INTO audit_events (id, at, actor, assessment_id, entity, entity_id, action,
             before, after, prev_hash, hash)
         VALUES (?1, ?2, ?3, nullif(?4, ''), ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        rusqlite::params![
            id, at, actor, assessment, entity, entity_id, action, before, after, prev, hash
        ],
    )
    .unwrap();
}

#[tokio::test]
async fn a_database_of_the_first_schema_is_migrated_with_its_data_and_audit_chain() {
    let data_dir = tempfile::tempdir().unwrap();
    let version = {
        let http = http();
        let probe = InProcess::start(tempfile::tempdir().unwrap().path()).await;
        let questionnaire = get(
            &http,
            probe.url(&format!("/api/questionnaires/{QUESTIONNAIRE}")),
        )
        .await;
        questionnaire["version"].as_str().unwrap().to_owned()
    };
    {
        let conn = rusqlite::Connection::open(data_dir.path().join("ziping.db")).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        let at = "2026-01-05T09:00:00.000Z";
        conn.execute(
            "INSERT INTO organizations (id, name, uscc, industry, region, created_at, updated_at)
             VALUES (1, '示例科技有限公司', '91350100M000100Y43', '制造业', '福建省', ?1, ?1)",
            [at],
        )
        .unwrap();
        append_event(
            &conn,
            [
                at,
                "张三",
                "",
                "organization",
                "1",
                "create",
                "null",
                r#"{"name":"示例科技有限公司"}"#,
            ],
        );
        conn.execute(
            "INSERT INTO assessments (id, organization_id, questionnaire_id, questionnaire_version,
                 cycle, created_at, updated_at)
             VALUES (1, 1, ?1, ?2, '2025 年度', ?3, ?3)",
            rusqlite::params![QUESTIONNAIRE, version, at],
        )
        .unwrap();
        append_event(
            &conn,
            [
                at,
                "张三",
                "1",
                "assessment",
                "1",
                "create",
                "null",
                r#"{"cycle":"2025 年度"}"#,
            ],
        );
        conn.execute(
            "INSERT INTO answers (assessment_id, question_id, value, na_reason, note, revision,
                 updated_at, updated_by)
             VALUES (1, 'GOV-01', 'partial', NULL, '制度草案', 1, ?1, '张三')",
            [at],
        )
        .unwrap();
        append_event(
            &conn,
            [
                at,
                "张三",
                "1",
                "answer",
                "GOV-01",
                "create",
                "null",
                r#"{"value":"partial","note":"制度草案","revision":1}"#,
            ],
        );
    }

    let app = InProcess::start(data_dir.path()).await;
    let http = http();

    let whole = get(&http, app.url("/api/assessments/1")).await;
    assert_eq!(whole["cycle"], "2025 年度");
    assert_eq!(
        whole["subject"],
        Value::Null,
        "an old assessment has no App"
    );
    assert_eq!(whole["answers"]["GOV-01"]["value"], "partial");
    assert_eq!(whole["answers"]["GOV-01"]["note"], "制度草案");
    assert_eq!(whole["evidence"], json!([]));
    assert_eq!(whole["remediation"], json!({}));
    let verification = get(&http, app.url("/api/audit/verify")).await;
    assert_eq!(
        verification,
        json!({ "ok": true, "events": 3, "first_broken": null })
    );

    let response = http
        .put(app.url("/api/assessments/1/answers/GOV-01"))
        .header("x-ziping-user", USER)
        .json(&json!({ "value": "compliant", "note": "已发布", "revision": 1 }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let form = reqwest::multipart::Form::new()
        .text("question_id", "GOV-01")
        .text("note", "迁移后的第一条证据");
    let response = http
        .post(app.url("/api/assessments/1/evidence"))
        .header("x-ziping-user", USER)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201, "the second schema's tables exist");
    let verification = get(&http, app.url("/api/audit/verify")).await;
    assert_eq!(
        verification,
        json!({ "ok": true, "events": 5, "first_broken": null })
    );
    let conn = rusqlite::Connection::open(data_dir.path().join("ziping.db")).unwrap();
    let user_version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(user_version, SCHEMA_VERSION);
    // The rebuilt assessments table is still the one every foreign key points at, and one cycle
    // per organization and questionnaire still holds for assessments without an App.
    let broken: Option<String> = conn
        .query_row("PRAGMA foreign_key_check", [], |row| row.get(0))
        .optional()
        .unwrap();
    assert_eq!(broken, None);
    let duplicate = conn.execute(
        "INSERT INTO assessments (organization_id, questionnaire_id, questionnaire_version, cycle,
             created_at, updated_at)
         SELECT organization_id, questionnaire_id, questionnaire_version, cycle, created_at,
             updated_at FROM assessments WHERE id = 1",
        [],
    );
    assert!(duplicate.is_err(), "{duplicate:?}");
}

#[tokio::test]
async fn a_database_from_a_newer_ziping_is_refused_and_left_untouched() {
    let data_dir = tempfile::tempdir().unwrap();
    let path = data_dir.path().join("ziping.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        for migration in MIGRATIONS {
            conn.execute_batch(migration).unwrap();
        }
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let before = hex_sha256(&std::fs::read(&path).unwrap());

    let config = ServeArgs::new(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        Some(data_dir.path().to_path_buf()),
    );
    let error = Application::build(config).await.err().expect("refused");

    let message = format!("{error:#}");
    assert!(message.contains("newer Ziping"), "{message}");
    assert!(
        message.contains(&format!("version {}", SCHEMA_VERSION + 1)),
        "{message}"
    );
    assert_eq!(
        hex_sha256(&std::fs::read(&path).unwrap()),
        before,
        "the file is unchanged"
    );
    assert!(!data_dir.path().join("ziping.db-wal").exists());
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// The restore steps of the README: the backup file becomes `ziping.db` of an empty data
/// directory, and the evidence directory's contents go to its `evidence/`.
fn restore(backup: &Path, data_dir: &Path) {
    std::fs::copy(backup, data_dir.join("ziping.db")).unwrap();
    let mut evidence = backup.as_os_str().to_owned();
    evidence.push(".evidence");
    copy_dir(&PathBuf::from(evidence), &data_dir.join("evidence"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_while_saves_stream_in_restores_to_a_consistent_copy() {
    let data_dir = tempfile::tempdir().unwrap();
    let app = InProcess::start(data_dir.path()).await;
    let http = http();
    let base = app.url("");
    let assessment = new_assessment(&http, &base).await;
    let pdf = b"%PDF-1.7\n% evidence for the backup\n".to_vec();
    let form = reqwest::multipart::Form::new()
        .text("question_id", "GOV-01")
        .part(
            "file",
            reqwest::multipart::Part::bytes(pdf.clone()).file_name("制度.pdf"),
        );
    let evidence: Value = http
        .post(format!("{base}/api/assessments/{assessment}/evidence"))
        .header("x-ziping-user", USER)
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // Saves keep streaming while the backup runs.
    let stop = Arc::new(AtomicBool::new(false));
    let streaming = {
        let (http, base, stop) = (http.clone(), base.clone(), Arc::clone(&stop));
        tokio::spawn(async move {
            let mut revision = 0;
            while !stop.load(Ordering::SeqCst) {
                let response = http
                    .put(format!("{base}/api/assessments/{assessment}/answers/GOV-02"))
                    .header("x-ziping-user", USER)
                    .json(&json!({ "value": "partial", "note": format!("save {revision}"), "revision": revision }))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 200);
                revision += 1;
            }
            revision
        })
    };
    let backups = tempfile::tempdir().unwrap();
    let backup = backups.path().join("ziping-backup.db");

    let output = ziping(&[
        "backup",
        backup.to_str().unwrap(),
        "--data-dir",
        data_dir.path().to_str().unwrap(),
    ]);
    stop.store(true, Ordering::SeqCst);
    let saved = streaming.await.unwrap();

    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("1 evidence file"), "{stdout}");
    assert!(saved > 0);
    let restored_dir = tempfile::tempdir().unwrap();
    restore(&backup, restored_dir.path());
    let verify = ziping(&[
        "verify",
        "--data-dir",
        restored_dir.path().to_str().unwrap(),
    ]);
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
    let restored = InProcess::start(restored_dir.path()).await;
    let copy = get(
        &http,
        restored.url(&format!("/api/assessments/{assessment}")),
    )
    .await;
    let original = get(&http, app.url(&format!("/api/assessments/{assessment}"))).await;
    // The copy is the original as it was at some moment during the saves.
    let copied_revision = copy["answers"]["GOV-02"]["revision"].as_i64().unwrap_or(0);
    assert!(copied_revision <= saved, "{copied_revision} > {saved}");
    let mut expected = original.clone();
    expected["answers"]["GOV-02"] = copy["answers"]["GOV-02"].clone();
    if copied_revision == 0 {
        expected["answers"]
            .as_object_mut()
            .unwrap()
            .remove("GOV-02");
    }
    expected["updated_at"] = copy["updated_at"].clone();
    assert_eq!(copy, expected);
    let events = get(
        &http,
        restored.url(&format!("/api/assessments/{assessment}/audit")),
    )
    .await;
    let answer_events = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["entity"] == "answer")
        .count() as i64;
    assert_eq!(
        answer_events, copied_revision,
        "the audit log matches the answers"
    );
    let file = http
        .get(restored.url(&format!(
            "/api/assessments/{assessment}/evidence/{}",
            evidence["id"]
        )))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(file.as_ref(), pdf.as_slice());

    let again = ziping(&[
        "backup",
        backup.to_str().unwrap(),
        "--data-dir",
        data_dir.path().to_str().unwrap(),
    ]);
    assert!(!again.status.success(), "a backup never overwrites");
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
}

#[tokio::test]
async fn verify_reports_an_edited_audit_event_and_an_altered_evidence_file() {
    let data_dir = tempfile::tempdir().unwrap();
    let app = InProcess::start(data_dir.path()).await;
    let http = http();
    let base = app.url("");
    let assessment = new_assessment(&http, &base).await;
    for revision in 0..3 {
        let response = http
            .put(format!(
                "{base}/api/assessments/{assessment}/answers/GOV-01"
            ))
            .header("x-ziping-user", USER)
            .json(
                &json!({ "value": "partial", "note": format!("{revision}"), "revision": revision }),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }
    let bytes = b"evidence text\n".to_vec();
    let form = reqwest::multipart::Form::new()
        .text("question_id", "GOV-01")
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes.clone()).file_name("a.txt"),
        );
    let response = http
        .post(format!("{base}/api/assessments/{assessment}/evidence"))
        .header("x-ziping-user", USER)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let dir = data_dir.path().to_str().unwrap();

    let clean = ziping(&["verify", "--data-dir", dir]);
    let stdout = String::from_utf8_lossy(&clean.stdout);
    assert!(clean.status.success(), "{stdout}");
    assert!(stdout.contains("6 events, hash chain intact"), "{stdout}");
    assert!(
        stdout.contains("1 file, each matching its SHA-256"),
        "{stdout}"
    );

    {
        let conn = rusqlite::Connection::open(data_dir.path().join("ziping.db")).unwrap();
        conn.execute_batch(
            "DROP TRIGGER audit_events_no_update;
             UPDATE audit_events SET before = replace(before, '\"0\"', '\"x\"') WHERE id = 4;",
        )
        .unwrap();
    }
    let sha = hex_sha256(&bytes);
    std::fs::write(
        data_dir
            .path()
            .join("evidence")
            .join(&sha[..2])
            .join(&sha[2..]),
        b"replaced\n",
    )
    .unwrap();

    let tampered = ziping(&["verify", "--data-dir", dir]);
    let stdout = String::from_utf8_lossy(&tampered.stdout);
    assert!(!tampered.status.success(), "{stdout}");
    assert!(stdout.contains("BROKEN at event 4"), "{stdout}");
    assert!(stdout.contains("ALTERED file of evidence 1"), "{stdout}");
}

#[test]
fn verify_without_a_database_says_where_it_looked() {
    let data_dir = tempfile::tempdir().unwrap();

    let output = ziping(&["verify", "--data-dir", data_dir.path().to_str().unwrap()]);

    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("There is no Ziping database"), "{stderr}");
}
