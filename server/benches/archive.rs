//! Benchmark of the portable archive: an assessment of 300 questions (the bundled
//! `miit-data-security` questionnaire enlarged in memory, its domains repeated under new ids),
//! every one answered with a note, a file of evidence for every tenth
//! question and remediation for every gap; prints the time to export it (`exchange::archive::export`)
//! and to import it into a fresh data directory (`exchange::archive::import`, every check and the
//! one write), the median of several runs each.
//!
//! `cargo bench -p ziping --bench archive`; `ZIPING_BENCH_RUNS` sets the runs (default 5).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use questionnaires::AnswerValue;
use ziping::config::ContentArgs;
use ziping::domain::{Uscc, UserName};
use ziping::exchange::archive;
use ziping::store::model::{
    AnswerInput, NewAssessment, OrganizationInput, RemediationInput, RemediationStatus,
};
use ziping::store::{NewEvidence, Store};

const QUESTIONNAIRE: &str = "miit-data-security";

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let runs: usize = std::env::var("ZIPING_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let mut library = ziping::content::load(&ContentArgs::default()).unwrap();
    let mut questionnaire = common::enlarged(
        library.questionnaire(QUESTIONNAIRE).unwrap(),
        common::QUESTIONS,
    );
    // A version of its own, loaded like any other, so that the import finds what it is pinned to.
    questionnaire.version = format!("{}-bench", questionnaire.version);
    library.questionnaires.push(questionnaire.clone());
    let user = UserName::parse("bench").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let organization = store
        .create_organization(
            OrganizationInput {
                name: "示例科技有限公司".to_owned(),
                uscc: Uscc::parse("91350100M000100Y43").unwrap(),
                industry: String::new(),
                region: String::new(),
            },
            user.clone(),
        )
        .await
        .unwrap();
    let id = store
        .create_assessment(
            NewAssessment {
                organization_id: organization.id,
                questionnaire_id: QUESTIONNAIRE.to_owned(),
                questionnaire_version: questionnaire.version.clone(),
                cycle: "2026 年度".to_owned(),
                subject: None,
                carry: None,
            },
            user.clone(),
        )
        .await
        .unwrap()
        .id;
    let questions: Vec<String> = questionnaire
        .questions()
        .map(|(_, q)| q.id.as_str().to_owned())
        .collect();
    let mut files = 0;
    for (i, question) in questions.iter().enumerate() {
        let value = [
            AnswerValue::Compliant,
            AnswerValue::Partial,
            AnswerValue::NonCompliant,
        ][i % 3];
        store
            .save_answer(
                id,
                question.clone(),
                AnswerInput {
                    value,
                    na_reason: None,
                    note: format!("{question}：已核查制度文件、访谈负责人并抽查记录。").repeat(4),
                },
                0,
                user.clone(),
            )
            .await
            .unwrap();
        if i % 10 == 0 {
            let mut incoming = store.receive_file(1 << 20).await.unwrap();
            let bytes = format!("%PDF-1.7\n% evidence {i}\n{}%%EOF\n", "x".repeat(64 * 1024));
            incoming.write(bytes.as_bytes()).await.unwrap();
            let blob = incoming.finish().await.unwrap();
            store
                .add_evidence(
                    id,
                    question.clone(),
                    NewEvidence::File {
                        name: format!("证据{i}.pdf"),
                        media_type: "application/pdf".to_owned(),
                        blob,
                        note: String::new(),
                    },
                    user.clone(),
                )
                .await
                .unwrap();
            files += 1;
        }
        if value != AnswerValue::Compliant {
            store
                .set_remediation(
                    id,
                    question.clone(),
                    RemediationInput {
                        owner: "李四".to_owned(),
                        due_date: Some("2026-12-31".to_owned()),
                        status: RemediationStatus::Open,
                        comment: "整改中".to_owned(),
                    },
                    user.clone(),
                )
                .await
                .unwrap();
        }
    }

    let mut exports = Vec::new();
    let mut imports = Vec::new();
    let mut size = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let exported = archive::export(&store, id).await.unwrap();
        exports.push(started.elapsed());
        size = exported.bytes.len();
        let target_dir = tempfile::tempdir().unwrap();
        let target = Store::open(target_dir.path()).unwrap();
        let started = Instant::now();
        archive::import(&target, &library, &exported.bytes, user.clone())
            .await
            .unwrap();
        imports.push(started.elapsed());
    }
    println!(
        "archive of {} answered questions, {files} evidence files of 64 KiB, {} bytes; median of {runs} runs (debug or release as built):",
        questions.len(),
        size
    );
    println!(
        "  export  {:>8.1} ms",
        median(&mut exports).as_secs_f64() * 1000.0
    );
    println!(
        "  import  {:>8.1} ms",
        median(&mut imports).as_secs_f64() * 1000.0
    );
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}
