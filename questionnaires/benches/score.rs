//! Time to score a synthetic 300-question assessment with every question answered: the browser
//! rescores on every answer, so this must stay well under a frame (target: < 100 µs). Plain
//! `std::time`, no harness: `cargo bench -p questionnaires --bench score` prints the figures.

use std::hint::black_box;
use std::time::{Duration, Instant};

use questionnaires::score::score;
use questionnaires::{
    Answer, AnswerValue, Answers, Article, Catalog, Citation, Condition, Divisions, Domain, Fact,
    FactKind, FactValue, Instrument, InstrumentStatus, Profile, Question, QuestionId,
    Questionnaire, Text, Thresholds,
};

const DOMAINS: usize = 10;
const PER_DOMAIN: usize = 30;
const INSTRUMENTS: [&str; 6] = ["DSL", "PIPL", "NDSR", "CSL", "MIIT-DSM", "AUDIT"];

fn main() {
    let (questionnaire, catalog, profile, answers) = synthetic();
    let questions = questionnaire.questions().count();
    let first = score(&questionnaire, &catalog, &profile, &answers)
        .unwrap_or_else(|e| panic!("the synthetic assessment is valid: {e}"));
    println!(
        "scoring {questions} questions, {} answers, {} instruments, {} gaps",
        answers.len(),
        first.instruments.len(),
        first.gaps.len()
    );

    for _ in 0..200 {
        black_box(score(black_box(&questionnaire), &catalog, &profile, &answers).ok());
    }
    // Batches of 100 calls; the median batch is the figure to report, the fastest shows the floor.
    let mut per_call = Vec::new();
    for _ in 0..50 {
        let start = Instant::now();
        for _ in 0..100 {
            black_box(score(black_box(&questionnaire), &catalog, &profile, &answers).ok());
        }
        per_call.push(start.elapsed() / 100);
    }
    per_call.sort();
    let median = per_call[per_call.len() / 2];
    let fastest = per_call[0];
    let slowest = per_call[per_call.len() - 1];
    println!(
        "score(): median {} µs, fastest {} µs, slowest {} µs per call (target < 100 µs)",
        micros(median),
        micros(fastest),
        micros(slowest)
    );
}

fn micros(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1e6)
}

fn synthetic() -> (Questionnaire, Catalog, Profile, Answers) {
    let text = |s: &str| Text::new(s, s);
    let cite = |i: usize, article: u16| Citation {
        instrument: INSTRUMENTS[i % INSTRUMENTS.len()].to_owned(),
        article,
        paragraph: Some(1),
        item: None,
    };
    let mut domains = Vec::new();
    let mut answers = Answers::new();
    for d in 0..DOMAINS {
        let prefix = format!("D{}", (b'A' + d as u8) as char);
        let mut questions = Vec::new();
        for n in 0..PER_DOMAIN {
            let k = d * PER_DOMAIN + n;
            let id = QuestionId::parse(&format!("{prefix}-{:02}", n + 1))
                .unwrap_or_else(|e| panic!("{e}"));
            let applies = if k.is_multiple_of(5) {
                Condition::Or {
                    args: vec![
                        Condition::Fact {
                            fact: "important_data".into(),
                        },
                        Condition::Fact {
                            fact: "ciio".into(),
                        },
                    ],
                }
            } else {
                Condition::Always
            };
            questions.push(Question {
                id: id.clone(),
                text: text("q"),
                weight: (k % 5 + 1) as u8,
                critical: k.is_multiple_of(7),
                applies,
                citations: vec![
                    cite(k, (k % 40 + 1) as u16),
                    cite(k + 1, (k % 30 + 1) as u16),
                ],
                guidance: Text::default(),
                evidence: Text::default(),
                remediation: Text::default(),
                check: Text::default(),
                replaces: Vec::new(),
            });
            let value = match k % 4 {
                0 => AnswerValue::Compliant,
                1 => AnswerValue::Partial,
                2 => AnswerValue::NonCompliant,
                _ if k % 8 == 3 => AnswerValue::NotApplicable,
                _ => AnswerValue::Compliant,
            };
            let na_reason =
                (value == AnswerValue::NotApplicable).then(|| "不涉及该业务".to_owned());
            answers.insert(
                id,
                Answer {
                    value,
                    na_reason,
                    note: String::new(),
                },
            );
        }
        domains.push(Domain {
            id: prefix.to_lowercase(),
            title: text("d"),
            applies: Condition::Always,
            questions,
        });
    }
    let questionnaire = Questionnaire {
        id: "bench".into(),
        version: "1".into(),
        title: text("bench"),
        effective: "2026-01-01".into(),
        scope: questionnaires::Text::default(),
        subject: questionnaires::SubjectKind::default(),
        thresholds: Thresholds::default(),
        profile: ["important_data", "ciio"]
            .iter()
            .map(|f| Fact {
                id: (*f).to_owned(),
                text: text(f),
                help: Text::default(),
                kind: FactKind::YesNo,
                citations: Vec::new(),
            })
            .collect(),
        domains,
    };
    let catalog = Catalog {
        instruments: INSTRUMENTS
            .iter()
            .map(|id| Instrument {
                id: (*id).to_owned(),
                name: text(id),
                short: text(id),
                issuer: Text::default(),
                doc_no: String::new(),
                promulgated: "2021-01-01".into(),
                effective: "2021-01-01".into(),
                status: InstrumentStatus::InForce,
                article_count: 80,
                articles: (1..=40)
                    .map(|number| Article {
                        number,
                        paragraphs: 2,
                        summary: Text::default(),
                        penalty: Some(Citation {
                            instrument: (*id).to_owned(),
                            article: 60 + number % 5,
                            paragraph: None,
                            item: None,
                        }),
                        paragraph_penalties: Vec::new(),
                        official_text: None,
                    })
                    .collect(),
                divisions: Divisions::default(),
            })
            .collect(),
    };
    let profile = Profile::from([
        ("important_data".to_owned(), FactValue::Bool(true)),
        ("ciio".to_owned(), FactValue::Bool(false)),
    ]);
    (questionnaire, catalog, profile, answers)
}
