//! Builders shared by the scoring tests: questionnaires, catalogs and answers written in a few
//! lines of Rust (or read from the compact JSON of `score_fixtures/`), independent of the
//! Markdown loader.

#![allow(dead_code)]

use std::collections::BTreeMap;

use questionnaires::{
    Answer, AnswerValue, Article, Catalog, Citation, Condition, Divisions, Domain, Fact, FactKind,
    FactOption, Instrument, InstrumentStatus, Question, QuestionId, Questionnaire, Text,
    Thresholds,
};
use serde::Deserialize;

/// `DSL 27`, `DSL 27.1` or `PIPL 13.1.2`.
pub fn citation(compact: &str) -> Citation {
    let (instrument, numbers) = compact
        .split_once(' ')
        .unwrap_or_else(|| panic!("citation `{compact}` needs an instrument and an article"));
    let mut parts = numbers.split('.');
    let mut next = || {
        parts
            .next()
            .map(|n| n.parse::<u16>().expect("a citation number"))
    };
    let article = next().expect("an article number");
    let paragraph = next().map(|n| u8::try_from(n).expect("a paragraph number"));
    let item = next().map(|n| u8::try_from(n).expect("an item number"));
    Citation {
        instrument: instrument.to_owned(),
        article,
        paragraph,
        item,
    }
}

pub fn id(s: &str) -> QuestionId {
    QuestionId::parse(s).expect("a valid question id")
}

pub fn question(
    id_: &str,
    weight: u8,
    critical: bool,
    applies: Condition,
    cites: &[&str],
) -> Question {
    Question {
        id: id(id_),
        text: Text::new(format!("{id_} 的评估项"), format!("Question {id_}")),
        weight,
        critical,
        applies,
        citations: cites.iter().map(|c| citation(c)).collect(),
        guidance: Text::default(),
        evidence: Text::default(),
        remediation: Text::default(),
        check: Text::default(),
        replaces: Vec::new(),
    }
}

pub fn domain(id_: &str, applies: Condition, questions: Vec<Question>) -> Domain {
    Domain {
        id: id_.to_owned(),
        title: Text::new(id_, id_),
        applies,
        questions,
    }
}

pub fn questionnaire(
    thresholds: Thresholds,
    profile: Vec<Fact>,
    domains: Vec<Domain>,
) -> Questionnaire {
    Questionnaire {
        id: "score-test".to_owned(),
        version: "2026.1".to_owned(),
        title: Text::new("计分测试", "Scoring test"),
        effective: "2026-01-01".to_owned(),
        scope: questionnaires::Text::default(),
        subject: questionnaires::SubjectKind::default(),
        thresholds,
        profile,
        domains,
    }
}

pub fn yes_no(id_: &str) -> Fact {
    Fact {
        id: id_.to_owned(),
        text: Text::new(id_, id_),
        help: Text::default(),
        kind: FactKind::YesNo,
        citations: Vec::new(),
    }
}

/// A one-of fact whose options are ordered as given (lowest bracket first).
pub fn one_of(id_: &str, options: &[&str]) -> Fact {
    Fact {
        kind: FactKind::OneOf {
            options: options
                .iter()
                .map(|o| FactOption {
                    id: (*o).to_owned(),
                    label: Text::new(*o, *o),
                })
                .collect(),
        },
        ..yes_no(id_)
    }
}

pub fn fact(name: &str) -> Condition {
    Condition::Fact {
        fact: name.to_owned(),
    }
}

pub fn answer(value: AnswerValue) -> Answer {
    Answer {
        value,
        na_reason: None,
        note: String::new(),
    }
}

pub fn na(reason: &str) -> Answer {
    Answer {
        value: AnswerValue::NotApplicable,
        na_reason: Some(reason.to_owned()),
        note: String::new(),
    }
}

/// A catalog from `(instrument, article, penalty)` rows, e.g. `("DSL", 27, Some("DSL 45.1"))`;
/// instruments appear in the order of their first row.
pub fn catalog(rows: &[(&str, u16, Option<&str>)]) -> Catalog {
    let mut catalog = Catalog::default();
    for (instrument, number, penalty) in rows {
        let article = Article {
            number: *number,
            paragraphs: 3,
            summary: Text::default(),
            penalty: penalty.map(citation),
            paragraph_penalties: Vec::new(),
            official_text: None,
        };
        match catalog.instruments.iter_mut().find(|i| i.id == *instrument) {
            Some(i) => i.articles.push(article),
            None => catalog.instruments.push(Instrument {
                id: (*instrument).to_owned(),
                name: Text::new(*instrument, *instrument),
                short: Text::new(*instrument, *instrument),
                issuer: Text::default(),
                doc_no: String::new(),
                promulgated: "2021-01-01".to_owned(),
                effective: "2021-01-01".to_owned(),
                status: InstrumentStatus::InForce,
                article_count: 200,
                articles: vec![article],
                divisions: Divisions::Articles,
            }),
        }
    }
    catalog
}

/// A scenario as written in `score_fixtures/*.json`: a compact questionnaire, profile, catalog
/// and answers, and the expected score as a partial copy of the score's JSON (keys left out are
/// not checked; numbers match to 1e-9).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    pub name: String,
    /// What the scenario shows and the arithmetic, worked by hand.
    pub working: Vec<String>,
    #[serde(default)]
    pub thresholds: Thresholds,
    #[serde(default)]
    pub facts: Vec<FixtureFact>,
    #[serde(default)]
    pub profile: questionnaires::Profile,
    /// instrument → article → penalty article (or null).
    #[serde(default)]
    pub catalog: BTreeMap<String, BTreeMap<u16, Option<String>>>,
    pub domains: Vec<FixtureDomain>,
    /// question id → answer value, or a full answer (`{"value": "not_applicable", "na_reason": …}`).
    #[serde(default)]
    pub answers: BTreeMap<String, FixtureAnswer>,
    pub expect: serde_json::Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureFact {
    pub id: String,
    /// Present for a one-of fact, lowest bracket first; absent for a yes/no fact.
    #[serde(default)]
    pub options: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureDomain {
    pub id: String,
    #[serde(default = "always")]
    pub applies: Condition,
    pub questions: Vec<FixtureQuestion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureQuestion {
    pub id: String,
    pub weight: u8,
    #[serde(default)]
    pub critical: bool,
    #[serde(default = "always")]
    pub applies: Condition,
    pub cite: Vec<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
pub enum FixtureAnswer {
    Value(AnswerValue),
    Full(Answer),
}

fn always() -> Condition {
    Condition::Always
}

impl Fixture {
    pub fn questionnaire(&self) -> Questionnaire {
        let facts = self
            .facts
            .iter()
            .map(|f| match &f.options {
                None => yes_no(&f.id),
                Some(options) => one_of(
                    &f.id,
                    &options.iter().map(String::as_str).collect::<Vec<_>>(),
                ),
            })
            .collect();
        let domains = self
            .domains
            .iter()
            .map(|d| {
                let questions = d
                    .questions
                    .iter()
                    .map(|q| {
                        let cites: Vec<&str> = q.cite.iter().map(String::as_str).collect();
                        question(&q.id, q.weight, q.critical, q.applies.clone(), &cites)
                    })
                    .collect();
                domain(&d.id, d.applies.clone(), questions)
            })
            .collect();
        questionnaire(self.thresholds, facts, domains)
    }

    pub fn catalog(&self) -> Catalog {
        let rows: Vec<_> = self
            .catalog
            .iter()
            .flat_map(|(i, articles)| articles.iter().map(|(n, p)| (i.as_str(), *n, p.as_deref())))
            .collect();
        catalog(&rows)
    }

    pub fn answers(&self) -> questionnaires::Answers {
        self.answers
            .iter()
            .map(|(q, a)| {
                let a = match a {
                    FixtureAnswer::Value(v) => answer(*v),
                    FixtureAnswer::Full(a) => a.clone(),
                };
                (id(q), a)
            })
            .collect()
    }
}

/// Checks that `actual` contains `expected`: objects by the keys `expected` has, arrays element
/// by element with equal length, numbers to 1e-9. Returns every mismatch with its JSON path.
pub fn contains(
    actual: &serde_json::Value,
    expected: &serde_json::Value,
    path: &str,
) -> Vec<String> {
    use serde_json::Value;
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => e
            .iter()
            .flat_map(|(k, ev)| match a.get(k) {
                Some(av) => contains(av, ev, &format!("{path}.{k}")),
                None => vec![format!("{path}.{k}: missing, expected {ev}")],
            })
            .collect(),
        (Value::Array(a), Value::Array(e)) if a.len() == e.len() => a
            .iter()
            .zip(e)
            .enumerate()
            .flat_map(|(i, (av, ev))| contains(av, ev, &format!("{path}[{i}]")))
            .collect(),
        (Value::Number(a), Value::Number(e)) => {
            let (a, e) = (
                a.as_f64().unwrap_or(f64::NAN),
                e.as_f64().unwrap_or(f64::NAN),
            );
            if (a - e).abs() <= 1e-9 {
                Vec::new()
            } else {
                vec![format!("{path}: got {a}, expected {e}")]
            }
        }
        (a, e) if a == e => Vec::new(),
        (a, e) => vec![format!("{path}: got {a}, expected {e}")],
    }
}
