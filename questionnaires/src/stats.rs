//! Counts over a loaded library, as `check` prints them: questions per domain and per cited
//! instrument, and the distinct articles cited.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

use crate::model::{Library, Questionnaire};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Instruments in the catalog.
    pub instruments: usize,
    /// Articles in the catalog, over all instruments.
    pub catalog_articles: usize,
    pub questionnaires: Vec<QuestionnaireStats>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct QuestionnaireStats {
    pub id: String,
    pub version: String,
    pub facts: usize,
    pub questions: usize,
    pub critical: usize,
    /// Questions per domain, in the questionnaire's order.
    pub per_domain: Vec<DomainCount>,
    /// Instrument id → number of questions citing it (a question citing it twice counts once).
    pub per_instrument: BTreeMap<String, usize>,
    /// Distinct articles cited by the questions (paragraphs and items of one article count once).
    pub articles_cited: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DomainCount {
    pub domain: String,
    pub questions: usize,
}

impl Stats {
    pub fn of(library: &Library) -> Stats {
        Stats {
            instruments: library.catalog.instruments.len(),
            catalog_articles: library
                .catalog
                .instruments
                .iter()
                .map(|i| i.articles.len())
                .sum(),
            questionnaires: library
                .questionnaires
                .iter()
                .map(QuestionnaireStats::of)
                .collect(),
        }
    }
}

impl QuestionnaireStats {
    pub fn of(q: &Questionnaire) -> QuestionnaireStats {
        let mut per_instrument = BTreeMap::new();
        let mut articles = BTreeSet::new();
        for (_, question) in q.questions() {
            let instruments: BTreeSet<&str> = question
                .citations
                .iter()
                .map(|c| c.instrument.as_str())
                .collect();
            for id in instruments {
                *per_instrument.entry(id.to_owned()).or_insert(0) += 1;
            }
            articles.extend(
                question
                    .citations
                    .iter()
                    .map(|c| (c.instrument.as_str(), c.article)),
            );
        }
        QuestionnaireStats {
            id: q.id.clone(),
            version: q.version.clone(),
            facts: q.profile.len(),
            questions: q.questions().count(),
            critical: q
                .questions()
                .filter(|(_, question)| question.critical)
                .count(),
            per_domain: q
                .domains
                .iter()
                .map(|d| DomainCount {
                    domain: d.id.clone(),
                    questions: d.questions.len(),
                })
                .collect(),
            per_instrument,
            articles_cited: articles.len(),
        }
    }
}

impl fmt::Display for Stats {
    /// A short plain-text summary, one block per questionnaire.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "catalog: {}, {}",
            count(self.instruments, "instrument"),
            count(self.catalog_articles, "article")
        )?;
        for q in &self.questionnaires {
            writeln!(
                f,
                "{} {}: {} ({} critical), {}, {} cited",
                q.id,
                q.version,
                count(q.questions, "question"),
                q.critical,
                count(q.facts, "profile fact"),
                count(q.articles_cited, "article"),
            )?;
            let domains: Vec<String> = q
                .per_domain
                .iter()
                .map(|d| format!("{} {}", d.domain, d.questions))
                .collect();
            writeln!(f, "  questions per domain: {}", domains.join(", "))?;
            let instruments: Vec<String> = q
                .per_instrument
                .iter()
                .map(|(i, n)| format!("{i} {n}"))
                .collect();
            writeln!(f, "  questions per instrument: {}", instruments.join(", "))?;
        }
        Ok(())
    }
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
