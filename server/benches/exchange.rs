//! Benchmark of the Excel exchange for an assessment of 300 questions: the answers export as
//! XLSX and CSV, the fill-in workbook, the validation of an uploaded workbook in which every
//! question is answered, and the OSCAL assessment results and catalog. The bundled questionnaire is enlarged in memory to 300 questions (its
//! domains repeated under new ids), so the figures are for the size the product promises.
//!
//! `cargo bench -p ziping --bench exchange`; `ZIPING_BENCH_RUNS` sets the runs per step
//! (default 20). Prints the median and the slowest run of each step.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use questionnaires::{AnswerValue, Lang, load_bundled};
use ziping::exchange::Pinned;
use ziping::exchange::oscal::{self, Document};
use ziping::exchange::tables;
use ziping::exchange::workbook::{self, WorkbookOptions};
use ziping::store::model::{Assessment, Organization, Status, StoredAnswer};

use common::QUESTIONS;

fn main() {
    let runs: usize = std::env::var("ZIPING_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let library = load_bundled().library;
    let questionnaire = common::enlarged(
        library
            .questionnaire("miit-data-security")
            .expect("the bundled questionnaire"),
        QUESTIONS,
    );
    let profile = questionnaire
        .profile
        .iter()
        .filter(|f| matches!(f.kind, questionnaires::FactKind::YesNo))
        .map(|f| (f.id.clone(), questionnaires::FactValue::Bool(true)))
        .collect();
    let answers: BTreeMap<String, StoredAnswer> = questionnaire
        .questions()
        .enumerate()
        .map(|(i, (_, q))| {
            let value = AnswerValue::ALL[i % 3];
            (
                q.id.as_str().to_owned(),
                StoredAnswer {
                    question_id: q.id.as_str().to_owned(),
                    value,
                    na_reason: None,
                    note: format!("第 {i} 项的说明：制度已发布，见附件。"),
                    revision: 1,
                    updated_at: "2026-12-01T08:00:00Z".to_owned(),
                    updated_by: "张三".to_owned(),
                    carried: false,
                },
            )
        })
        .collect();
    let assessment = Assessment {
        id: 1,
        organization: Organization {
            id: 1,
            name: "示例科技有限公司".to_owned(),
            uscc: "91350100M000100Y43".to_owned(),
            industry: "软件和信息技术服务业".to_owned(),
            region: "北京市".to_owned(),
            created_at: "2026-12-01T08:00:00Z".to_owned(),
        },
        questionnaire_id: questionnaire.id.clone(),
        questionnaire_version: questionnaire.version.clone(),
        cycle: "2026 年度".to_owned(),
        subject: None,
        status: Status::Draft,
        carried_from: None,
        profile,
        profile_revision: 1,
        answers,
        evidence: Vec::new(),
        remediation: BTreeMap::new(),
        assessors: vec!["张三".to_owned()],
        created_at: "2026-12-01T08:00:00Z".to_owned(),
        updated_at: "2026-12-01T08:00:00Z".to_owned(),
    };
    let pinned = Pinned {
        assessment,
        questionnaire: &questionnaire,
    };
    let questions = questionnaire.questions().count();
    println!(
        "exchange benchmark: {questions} questions in {} domains, {runs} runs per step",
        questionnaire.domains.len()
    );

    let options = WorkbookOptions {
        lang: Lang::Zh,
        domain: None,
    };
    let file = workbook::write(&pinned, &options).unwrap();
    // Every answer changed in the upload, as a person would in the answer column: the
    // validation's slowest case.
    let upload = every_answer_changed(&file);
    let plan = workbook::plan(&pinned, &upload, Lang::Zh).unwrap();
    assert!(plan.valid, "{:?}", plan.errors.first());

    step("answers.xlsx export", runs, || {
        tables::xlsx(&tables::answers(&pinned, Lang::Zh))
            .unwrap()
            .len()
    });
    step("answers.csv export", runs, || {
        tables::to_csv(&tables::answers(&pinned, Lang::Zh)).len()
    });
    step("fill-in workbook", runs, || {
        workbook::write(&pinned, &options).unwrap().len()
    });
    step("workbook upload validation", runs, || {
        workbook::plan(&pinned, &upload, Lang::Zh)
            .unwrap()
            .changes
            .len()
    });
    step("OSCAL assessment results", runs, || {
        oscal::render(&pinned, &library, Document::AssessmentResults, Lang::Zh)
            .unwrap()
            .len()
    });
    step("OSCAL catalog", runs, || {
        oscal::render(&pinned, &library, Document::Catalog, Lang::Zh)
            .unwrap()
            .len()
    });
    println!(
        "workbook: {} bytes; upload validation found {} changes",
        file.len(),
        plan.changes.len()
    );
}

/// Runs `f` `runs` times and prints the median and the slowest run, and what it returned.
fn step(name: &str, runs: usize, mut f: impl FnMut() -> usize) {
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut size = 0;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        size = f();
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "{name:<28} median {:>8.1} ms   max {:>8.1} ms   ({size})",
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0,
    );
}

/// The workbook with the answer column (F) of every applicable question's row set to 部分符合 where it said
/// 符合 and to 符合 otherwise; every other cell kept as text.
fn every_answer_changed(file: &[u8]) -> Vec<u8> {
    let mut source: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(file.to_vec())).unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    for name in source.sheet_names() {
        let range = source.worksheet_range(&name).unwrap();
        let sheet = out.add_worksheet();
        sheet.set_name(&name).unwrap();
        for (r, row) in range.rows().enumerate() {
            let applies = matches!(row.get(3), Some(Data::String(d)) if d == "适用");
            for (c, cell) in row.iter().enumerate() {
                let mut text = match cell {
                    Data::Empty => continue,
                    Data::Float(f) => format!("{f:.0}"),
                    other => other.to_string(),
                };
                if c == 5 && r > 0 && applies && name != workbook::META_SHEET {
                    text = if text == "符合" {
                        "部分符合"
                    } else {
                        "符合"
                    }
                    .to_owned();
                }
                sheet.write_string(r as u32, c as u16, text).unwrap();
            }
        }
    }
    out.save_to_buffer().unwrap()
}
