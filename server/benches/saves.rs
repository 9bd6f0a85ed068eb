//! Load benchmark of answer saves: starts the real `ziping` binary on loopback with a fresh data
//! directory and drives `PUT /api/assessments/{id}/answers/{question}` from 1, 8 and 64
//! concurrent clients, each saving its own questions one after another (a closed loop, so the
//! concurrency is bounded), and prints durable saves per second with p50 and p99 latency.
//!
//! `cargo bench -p ziping --bench saves`; `ZIPING_BENCH_SECONDS` sets the measuring time per
//! level (default 5), `ZIPING_BENCH_CLIENTS` the levels (default `1,8,64`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use serde_json::{Value, json};

const USER: &str = "bench";
const QUESTIONNAIRE: &str = "miit-data-security";
/// Saves before measuring, per client: connections open, caches warm.
const WARM_UP: usize = 20;

struct Level {
    clients: usize,
    saves: usize,
    seconds: f64,
    p50: Duration,
    p99: Duration,
    max: Duration,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let seconds: u64 = std::env::var("ZIPING_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let levels: Vec<usize> = std::env::var("ZIPING_BENCH_CLIENTS")
        .unwrap_or_else(|_| "1,8,64".to_owned())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let data_dir = tempfile::tempdir().unwrap();
    let server = common::Process::start(data_dir.path());
    let base = server.url("");
    let http = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(256)
        .build()
        .unwrap();
    let questions = question_ids(&http, &base).await;
    let organization = post(
        &http,
        &format!("{base}/api/organizations"),
        json!({ "name": "基准测试有限公司", "uscc": "91350100M000100Y43" }),
    )
    .await;

    println!(
        "answer saves against {} (durable: synchronous=FULL, group commit), {seconds} s per level",
        env!("CARGO_BIN_EXE_ziping")
    );
    println!("clients   saves/s     p50 ms   p99 ms   max ms   saves");
    let mut results = Vec::new();
    for (i, &clients) in levels.iter().enumerate() {
        let assessment = post(
            &http,
            &format!("{base}/api/assessments"),
            json!({ "organization_id": organization["id"], "questionnaire_id": QUESTIONNAIRE, "cycle": format!("bench {i}") }),
        )
        .await["id"]
            .as_i64()
            .unwrap();
        let level = run(&http, &base, assessment, &questions, clients, seconds).await;
        println!(
            "{:>7} {:>9.0} {:>10.2} {:>8.2} {:>8.2} {:>7}",
            level.clients,
            level.saves as f64 / level.seconds,
            ms(level.p50),
            ms(level.p99),
            ms(level.max),
            level.saves
        );
        results.push(level);
    }
    let verification = get(&http, &format!("{base}/api/audit/verify")).await;
    assert_eq!(verification["ok"], true, "{verification}");
    println!(
        "audit chain verified: {} events",
        verification["events"].as_i64().unwrap_or(0)
    );
    drop(server);
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn run(
    http: &reqwest::Client,
    base: &str,
    assessment: i64,
    questions: &[String],
    clients: usize,
    seconds: u64,
) -> Level {
    assert!(
        clients <= questions.len(),
        "each client saves its own question; the questionnaire has {}",
        questions.len()
    );
    let mut tasks = Vec::new();
    let measure_for = Duration::from_secs(seconds);
    for question in &questions[..clients] {
        let http = http.clone();
        let url = format!("{base}/api/assessments/{assessment}/answers/{question}");
        tasks.push(tokio::spawn(async move {
            let mut revision = 0;
            let mut latencies = Vec::new();
            let mut measuring_since = None;
            loop {
                if revision as usize == WARM_UP {
                    measuring_since = Some(Instant::now());
                }
                let sent = Instant::now();
                let response = http
                    .put(&url)
                    .header("x-ziping-user", USER)
                    .json(&json!({ "value": if revision % 2 == 0 { "partial" } else { "compliant" }, "note": format!("save {revision}"), "revision": revision }))
                    .send()
                    .await
                    .unwrap();
                let status = response.status();
                let _ = response.bytes().await.unwrap();
                assert_eq!(status, 200, "a save failed");
                let took = sent.elapsed();
                revision += 1;
                if let Some(since) = measuring_since {
                    latencies.push(took);
                    if since.elapsed() >= measure_for {
                        return (latencies, since.elapsed());
                    }
                }
            }
        }));
    }
    let mut all = Vec::new();
    let mut longest = Duration::ZERO;
    for task in tasks {
        let (latencies, took) = task.await.unwrap();
        all.extend(latencies);
        longest = longest.max(took);
    }
    all.sort();
    let at = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
    Level {
        clients,
        saves: all.len(),
        seconds: longest.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
        max: *all.last().unwrap(),
    }
}

async fn question_ids(http: &reqwest::Client, base: &str) -> Vec<String> {
    let questionnaire = get(http, &format!("{base}/api/questionnaires/{QUESTIONNAIRE}")).await;
    questionnaire["domains"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["questions"].as_array().unwrap().iter())
        .map(|q| q["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn get(http: &reqwest::Client, url: &str) -> Value {
    http.get(url).send().await.unwrap().json().await.unwrap()
}

async fn post(http: &reqwest::Client, url: &str, body: Value) -> Value {
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
