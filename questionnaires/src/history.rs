//! The versions of an instrument: its original text and its amendments, each with the date it
//! took effect, and what each changed among the articles the catalog holds (their wording, or
//! their number, as the 2025 amendment of the Cybersecurity Law renumbered most of it). A
//! questionnaire is written against the texts in force on its effective date; this is what tells
//! the checker that a cited article changed after that date, and a report up to which version of
//! each instrument its questionnaire is current.
//!
//! The catalog file declares it (`version:` lines in the front matter, `amended:` and `former:`
//! in an article's meta block); the loader keeps it in [`Library::histories`], beside the
//! catalog rather than inside its types, so that code building a [`crate::Catalog`] by hand is
//! unaffected.

use serde::{Deserialize, Serialize};

use crate::model::{Citation, Library, Questionnaire, Text};

/// The recorded versions of one instrument and the changes of its catalogued articles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    /// The instrument's id in the catalog.
    pub instrument: String,
    /// Oldest first. The last is the text in force; its date is the instrument's `effective`.
    pub versions: Vec<InstrumentVersion>,
    /// The catalogued articles that a version after the first amended, added or renumbered, in
    /// article order. An article not listed reads the same in every version.
    pub articles: Vec<ArticleHistory>,
}

/// One version of an instrument's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstrumentVersion {
    /// The date this text took effect, `YYYY-MM-DD`.
    pub effective: String,
    /// What the version is, e.g. 2025年10月28日修正 / amended on 28 October 2025.
    pub label: Text,
}

/// What the versions after the first did to one article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleHistory {
    /// The article's number in the text in force.
    pub article: u16,
    /// The versions (by their effective date) that changed the article's wording or added it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amended: Vec<String>,
    /// The article's number before the latest version, where that version renumbered it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renumbered_from: Option<u16>,
}

/// What changed in one article after a given date: the versions that amended it, and its former
/// number if the renumbering version came later.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaterChange {
    /// The versions after the date that amended or added the article, oldest first.
    pub amended: Vec<InstrumentVersion>,
    /// The renumbering version, when it took effect after the date, and the former number.
    pub renumbered: Option<(InstrumentVersion, u16)>,
}

impl History {
    /// The version in force on `date` (`YYYY-MM-DD`): the latest one that took effect on or before
    /// it; the first one when the date precedes them all.
    pub fn version_on(&self, date: &str) -> Option<&InstrumentVersion> {
        self.versions
            .iter()
            .rev()
            .find(|v| v.effective.as_str() <= date)
            .or(self.versions.first())
    }

    /// The versions that took effect after `date`, oldest first.
    pub fn versions_after<'a>(
        &'a self,
        date: &'a str,
    ) -> impl Iterator<Item = &'a InstrumentVersion> + 'a {
        self.versions
            .iter()
            .filter(move |v| v.effective.as_str() > date)
    }

    /// What a version after `date` changed in `article`; `None` when nothing did.
    pub fn changed_after(&self, article: u16, date: &str) -> Option<LaterChange> {
        let history = self.articles.iter().find(|a| a.article == article)?;
        let version = |effective: &str| self.versions.iter().find(|v| v.effective == effective);
        let amended: Vec<InstrumentVersion> = history
            .amended
            .iter()
            .filter(|d| d.as_str() > date)
            .filter_map(|d| version(d).cloned())
            .collect();
        let renumbered = history.renumbered_from.and_then(|from| {
            let latest = self.versions.last()?;
            (latest.effective.as_str() > date).then(|| (latest.clone(), from))
        });
        (!amended.is_empty() || renumbered.is_some()).then_some(LaterChange {
            amended,
            renumbered,
        })
    }
}

/// An instrument a questionnaire cites, and how current the questionnaire is with it: what the
/// methodology section of a report states ("cites the Cybersecurity Law as amended on 28 October
/// 2025, in force from 2026-01-01").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitedInstrument {
    /// The instrument's id in the catalog.
    pub instrument: String,
    /// The date from which the text the questionnaire follows is in force: the instrument's
    /// version in force on the questionnaire's effective date (the instrument's own `effective`
    /// when the catalog records no versions of it).
    pub current_to: String,
    /// That version, where the catalog records versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<InstrumentVersion>,
    /// Versions that took effect after the questionnaire's effective date, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub later_versions: Vec<InstrumentVersion>,
    /// The questionnaire's citations (of questions and profile facts, as written, without
    /// repeats) of articles that one of those later versions amended or renumbered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changed_since: Vec<Citation>,
}

impl Library {
    /// The recorded versions of an instrument; `None` where the catalog records none.
    pub fn history(&self, instrument: &str) -> Option<&History> {
        self.histories.iter().find(|h| h.instrument == instrument)
    }

    /// Every instrument `questionnaire` cites (in its questions and profile facts), in the order
    /// of first citation, with the date it is current to.
    pub fn instruments_cited(&self, questionnaire: &Questionnaire) -> Vec<CitedInstrument> {
        let date = questionnaire.effective.as_str();
        let citations = questionnaire
            .profile
            .iter()
            .flat_map(|f| &f.citations)
            .chain(questionnaire.questions().flat_map(|(_, q)| &q.citations));
        let mut out: Vec<CitedInstrument> = Vec::new();
        for c in citations {
            let history = self.history(&c.instrument);
            let index = match out.iter().position(|i| i.instrument == c.instrument) {
                Some(index) => index,
                None => {
                    let version = history.and_then(|h| h.version_on(date)).cloned();
                    let current_to = version.as_ref().map_or_else(
                        || {
                            self.catalog
                                .instrument(&c.instrument)
                                .map(|i| i.effective.clone())
                                .unwrap_or_default()
                        },
                        |v| v.effective.clone(),
                    );
                    out.push(CitedInstrument {
                        instrument: c.instrument.clone(),
                        current_to,
                        version,
                        later_versions: history
                            .map(|h| h.versions_after(date).cloned().collect())
                            .unwrap_or_default(),
                        changed_since: Vec::new(),
                    });
                    out.len() - 1
                }
            };
            let changed = history.is_some_and(|h| h.changed_after(c.article, date).is_some());
            let entry = &mut out[index];
            if changed && !entry.changed_since.contains(c) {
                entry.changed_since.push(c.clone());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history() -> History {
        let version = |effective: &str| InstrumentVersion {
            effective: effective.to_owned(),
            label: Text::new(effective, effective),
        };
        History {
            instrument: "CSL".to_owned(),
            versions: vec![version("2017-06-01"), version("2026-01-01")],
            articles: vec![
                ArticleHistory {
                    article: 23,
                    amended: Vec::new(),
                    renumbered_from: Some(21),
                },
                ArticleHistory {
                    article: 61,
                    amended: vec!["2026-01-01".to_owned()],
                    renumbered_from: Some(59),
                },
            ],
        }
    }

    #[test]
    fn the_version_on_a_date_is_the_latest_in_force_then() {
        let h = history();
        let on = |date: &str| h.version_on(date).map(|v| v.effective.as_str());
        assert_eq!(on("2025-12-31"), Some("2017-06-01"));
        assert_eq!(on("2026-01-01"), Some("2026-01-01"));
        assert_eq!(on("2010-01-01"), Some("2017-06-01"));
        assert_eq!(h.versions_after("2025-12-31").count(), 1);
        assert_eq!(h.versions_after("2026-01-01").count(), 0);
    }

    #[test]
    fn an_article_changed_after_a_date_only_by_a_later_version() {
        let h = history();
        let before = h.changed_after(61, "2025-06-01").expect("present");
        assert_eq!(before.amended.len(), 1);
        assert_eq!(before.renumbered.as_ref().map(|(_, n)| *n), Some(59));
        let renumbered = h.changed_after(23, "2025-06-01").expect("present");
        assert!(renumbered.amended.is_empty() && renumbered.renumbered.is_some());
        assert!(h.changed_after(61, "2026-01-01").is_none());
        assert!(h.changed_after(24, "2025-06-01").is_none());
    }
}
