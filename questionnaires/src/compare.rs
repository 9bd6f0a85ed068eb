//! Two review cycles side by side: what changed from an earlier scored assessment to a later one,
//! question by question, by domain and by instrument, which gaps were closed and opened, and which
//! remediation items of the later cycle are overdue. The compare page of the app (through the
//! server's API) and the report's comparison section both show the result of [`compare`], so the
//! two always print the same numbers.
//!
//! The two assessments may use different versions of a questionnaire: a question of the later
//! version is matched with the question of the earlier version that has its id or, failing that,
//! the first id it `replaces`. Each side is scored by [`crate::score::score`] with its own
//! version and profile. The date that decides what is overdue is passed in; nothing here reads a
//! clock.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::Subject;
use crate::contract::RemediationStatus;
use crate::model::{
    AnswerValue, Answers, Catalog, Profile, Question, QuestionId, Questionnaire, Text,
};
use crate::score::{ReadinessLevel, Score, ScoreError, Tally, score};

/// One side of a comparison: an assessment as it is scored.
#[derive(Clone, Copy, Debug)]
pub struct Side<'a> {
    /// The review cycle, e.g. "2025 年度".
    pub cycle: &'a str,
    pub questionnaire: &'a Questionnaire,
    pub profile: &'a Profile,
    pub answers: &'a Answers,
}

/// A remediation item of the later cycle, as far as overdue is concerned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanItem {
    pub question: QuestionId,
    pub owner: String,
    /// `YYYY-MM-DD`; `None` when no due date is set (such an item is never overdue).
    pub due: Option<String>,
    /// Only open and in-progress items can be overdue.
    pub status: RemediationStatus,
}

/// A calendar date, `YYYY-MM-DD`, checked to exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD` (years 1000–9999); `None` for anything else or a day that does not
    /// exist (2026-02-30).
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())
                .flatten()
        };
        let year = digits(0..4)?;
        let month = digits(5..7)?;
        let day = digits(8..10)?;
        if year < 1000 || !(1..=12).contains(&month) {
            return None;
        }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if !(1..=days).contains(&day) {
            return None;
        }
        Some(Date {
            year: i32::try_from(year).ok()?,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
        })
    }

    /// Days since 1970-01-01 (proleptic Gregorian calendar).
    fn days(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// What changed from one cycle to the next. Lists are in the later questionnaire's order, the
/// removed questions and the domains and instruments only the earlier version has after them in
/// the earlier one's order, so the same input always gives the same JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comparison {
    pub before: CycleSummary,
    pub after: CycleSummary,
    /// The date overdue is decided on, `YYYY-MM-DD`.
    pub as_of: String,
    /// The overall score, before → after.
    pub overall: ScoreChange,
    /// Every domain of either version, matched by id.
    pub domains: Vec<DomainChange>,
    /// Every instrument cited by either version, matched by id.
    pub instruments: Vec<InstrumentChange>,
    /// Every question that applies in at least one of the two cycles.
    pub questions: Vec<QuestionChange>,
    pub counts: ChangeCounts,
    /// Gaps of the earlier cycle whose question applies in the later one and is no longer a gap
    /// there (now 符合 or 不适用), by the later ids.
    pub gaps_closed: Vec<QuestionId>,
    /// Gaps of the later cycle that were not gaps in the earlier one (including new questions
    /// still unanswered), by the later ids.
    pub gaps_opened: Vec<QuestionId>,
    /// Gaps in both cycles, by the later ids.
    pub gaps_still_open: Vec<QuestionId>,
    /// Remediation items of the later cycle, open or in progress, due before `as_of`; most
    /// overdue first, then by question id.
    pub overdue: Vec<Overdue>,
}

/// One cycle as the comparison names it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CycleSummary {
    pub cycle: String,
    pub questionnaire_version: String,
    pub readiness: ReadinessLevel,
}

/// A score before and after; `change` is after − before when both are scored. Unrounded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreChange {
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub change: Option<f64>,
}

impl ScoreChange {
    fn of(before: Option<&Tally>, after: Option<&Tally>) -> ScoreChange {
        let before = before.and_then(|t| t.score);
        let after = after.and_then(|t| t.score);
        ScoreChange {
            before,
            after,
            change: before.zip(after).map(|(b, a)| a - b),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DomainChange {
    pub domain: String,
    /// The later version's title where it has the domain, else the earlier one's.
    pub title: Text,
    #[serde(flatten)]
    pub score: ScoreChange,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstrumentChange {
    /// Instrument id as cited, e.g. `DSL`.
    pub instrument: String,
    #[serde(flatten)]
    pub score: ScoreChange,
}

/// How a question moved between the two cycles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Movement {
    /// Scored in both, worth more now (符合 1 > 部分符合 0.5 > 不符合 = unanswered 0).
    Improved,
    /// Scored in both, worth less now.
    Regressed,
    /// Scored in both and worth the same, or 不适用 in both.
    Unchanged,
    /// Counts now but did not before: a question the earlier version lacks, one the earlier
    /// profile excluded, or one no longer 不适用.
    New,
    /// Counted before but does not now: a question the later version lacks, one the later
    /// profile excludes, or one now 不适用.
    Removed,
}

/// One question in both cycles.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionChange {
    /// The later version's id; for a question only the earlier version has, its id there.
    pub question: QuestionId,
    /// The id in the earlier version when it differs (the question was replaced).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_id: Option<QuestionId>,
    /// The domain (the later version's; the earlier one's for a question only it has).
    pub domain: String,
    pub text: Text,
    pub weight: u8,
    pub critical: bool,
    pub before: Standing,
    pub after: Standing,
    pub movement: Movement,
}

/// Where a question stood in one cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", content = "answer", rename_all = "snake_case")]
pub enum Standing {
    /// The questionnaire version of that cycle does not have the question.
    Absent,
    /// The profile of that cycle excludes it.
    Excluded,
    /// Applicable and not answered (counts as 0).
    Unanswered,
    /// Applicable and answered (不适用 included).
    Answered(AnswerValue),
}

impl Standing {
    /// The value the score counts; `None` when the question takes no part in the score.
    fn value(self) -> Option<f64> {
        match self {
            Standing::Unanswered => Some(0.0),
            Standing::Answered(v) => v.score(),
            Standing::Absent | Standing::Excluded => None,
        }
    }

    fn applies(self) -> bool {
        matches!(self, Standing::Unanswered | Standing::Answered(_))
    }

    /// A gap as the score lists it: applicable, not 不适用, below 符合.
    fn is_gap(self) -> bool {
        self.value().is_some_and(|v| v < 1.0)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeCounts {
    pub improved: u32,
    pub regressed: u32,
    pub unchanged: u32,
    pub new: u32,
    pub removed: u32,
}

impl ChangeCounts {
    pub fn of(&self, movement: Movement) -> u32 {
        match movement {
            Movement::Improved => self.improved,
            Movement::Regressed => self.regressed,
            Movement::Unchanged => self.unchanged,
            Movement::New => self.new,
            Movement::Removed => self.removed,
        }
    }

    fn add(&mut self, movement: Movement) {
        let count = match movement {
            Movement::Improved => &mut self.improved,
            Movement::Regressed => &mut self.regressed,
            Movement::Unchanged => &mut self.unchanged,
            Movement::New => &mut self.new,
            Movement::Removed => &mut self.removed,
        };
        *count += 1;
    }
}

/// A remediation item past its due date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overdue {
    pub question: QuestionId,
    pub owner: String,
    /// `YYYY-MM-DD`.
    pub due: String,
    pub status: RemediationStatus,
    /// Whole days from the due date to `as_of` (at least 1).
    pub days: u32,
}

/// Why two assessments cannot be compared.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CompareError {
    #[error(
        "the two assessments use different questionnaires ({before} and {after}); only cycles of the same questionnaire can be compared"
    )]
    DifferentQuestionnaires { before: String, after: String },
    #[error("the {side} cycle cannot be scored: {error}")]
    Score {
        /// `earlier` or `later`.
        side: &'static str,
        error: ScoreError,
    },
    #[error("remediation item of {question} has due date {due:?}, which is not a date YYYY-MM-DD")]
    BadDueDate { question: QuestionId, due: String },
}

/// Compares the `before` cycle with the `after` cycle; `plan` is the later cycle's remediation
/// plan, and an item is overdue when it is open or in progress and due before `as_of`.
pub fn compare(
    before: &Side<'_>,
    after: &Side<'_>,
    catalog: &Catalog,
    plan: &[PlanItem],
    as_of: Date,
) -> Result<Comparison, CompareError> {
    if before.questionnaire.id != after.questionnaire.id {
        return Err(CompareError::DifferentQuestionnaires {
            before: before.questionnaire.id.clone(),
            after: after.questionnaire.id.clone(),
        });
    }
    let scored = |side: &Side<'_>, name| {
        score(side.questionnaire, catalog, side.profile, side.answers)
            .map_err(|error| CompareError::Score { side: name, error })
    };
    let score_before = scored(before, "earlier")?;
    let score_after = scored(after, "later")?;
    let excluded_before: BTreeSet<&QuestionId> =
        score_before.excluded.iter().map(|e| &e.question).collect();
    let excluded_after: BTreeSet<&QuestionId> =
        score_after.excluded.iter().map(|e| &e.question).collect();
    let standing = |side: &Side<'_>, excluded: &BTreeSet<&QuestionId>, q: Option<&Question>| {
        let Some(q) = q else {
            return Standing::Absent;
        };
        if excluded.contains(&q.id) {
            return Standing::Excluded;
        }
        side.answers
            .get(&q.id)
            .map_or(Standing::Unanswered, |a| Standing::Answered(a.value))
    };

    let mut questions = Vec::new();
    let mut matched: BTreeSet<&QuestionId> = BTreeSet::new();
    for (domain, q) in after.questionnaire.questions() {
        let earlier = q
            .answer_ids()
            .find_map(|id| before.questionnaire.question(id));
        if let Some(e) = earlier {
            matched.insert(&e.id);
        }
        let row = QuestionChange {
            question: q.id.clone(),
            before_id: earlier.filter(|e| e.id != q.id).map(|e| e.id.clone()),
            domain: domain.id.clone(),
            text: q.text.clone(),
            weight: q.weight,
            critical: q.critical,
            before: standing(before, &excluded_before, earlier),
            after: standing(after, &excluded_after, Some(q)),
            movement: Movement::Unchanged,
        };
        questions.push(row);
    }
    for (domain, q) in before.questionnaire.questions() {
        if matched.contains(&q.id) {
            continue;
        }
        questions.push(QuestionChange {
            question: q.id.clone(),
            before_id: None,
            domain: domain.id.clone(),
            text: q.text.clone(),
            weight: q.weight,
            critical: q.critical,
            before: standing(before, &excluded_before, Some(q)),
            after: Standing::Absent,
            movement: Movement::Unchanged,
        });
    }
    // A question that applies in neither cycle did not take part in either: leave it out.
    questions.retain(|q| q.before.applies() || q.after.applies());

    let mut counts = ChangeCounts::default();
    let (mut gaps_closed, mut gaps_opened, mut gaps_still_open) =
        (Vec::new(), Vec::new(), Vec::new());
    for q in &mut questions {
        q.movement = movement(q.before, q.after);
        counts.add(q.movement);
        match (q.before.is_gap(), q.after.is_gap()) {
            (true, true) => gaps_still_open.push(q.question.clone()),
            (true, false) if q.after.applies() => gaps_closed.push(q.question.clone()),
            (false, true) => gaps_opened.push(q.question.clone()),
            _ => {}
        }
    }

    let mut domains: Vec<DomainChange> = after
        .questionnaire
        .domains
        .iter()
        .map(|d| DomainChange {
            domain: d.id.clone(),
            title: d.title.clone(),
            score: ScoreChange::of(
                score_before.domain(&d.id).map(|s| &s.tally),
                score_after.domain(&d.id).map(|s| &s.tally),
            ),
        })
        .collect();
    for d in &before.questionnaire.domains {
        if score_after.domain(&d.id).is_none() {
            domains.push(DomainChange {
                domain: d.id.clone(),
                title: d.title.clone(),
                score: ScoreChange::of(score_before.domain(&d.id).map(|s| &s.tally), None),
            });
        }
    }
    let mut instruments: Vec<InstrumentChange> = score_after
        .instruments
        .iter()
        .map(|i| InstrumentChange {
            instrument: i.instrument.clone(),
            score: ScoreChange::of(
                score_before.instrument(&i.instrument).map(|s| &s.tally),
                Some(&i.tally),
            ),
        })
        .collect();
    for i in &score_before.instruments {
        if score_after.instrument(&i.instrument).is_none() {
            instruments.push(InstrumentChange {
                instrument: i.instrument.clone(),
                score: ScoreChange::of(Some(&i.tally), None),
            });
        }
    }

    let overdue = overdue(plan, as_of)?;
    Ok(Comparison {
        before: summary(before, &score_before),
        after: summary(after, &score_after),
        as_of: as_of.to_string(),
        overall: ScoreChange::of(Some(&score_before.overall), Some(&score_after.overall)),
        domains,
        instruments,
        questions,
        counts,
        gaps_closed,
        gaps_opened,
        gaps_still_open,
        overdue,
    })
}

/// The remediation items of `plan` that are open or in progress and due before `as_of`.
pub fn overdue(plan: &[PlanItem], as_of: Date) -> Result<Vec<Overdue>, CompareError> {
    let mut overdue = Vec::new();
    for item in plan {
        let Some(due_text) = item.due.as_deref().filter(|d| !d.trim().is_empty()) else {
            continue;
        };
        let due = Date::parse(due_text).ok_or_else(|| CompareError::BadDueDate {
            question: item.question.clone(),
            due: due_text.to_owned(),
        })?;
        if !matches!(
            item.status,
            RemediationStatus::Open | RemediationStatus::InProgress
        ) || due >= as_of
        {
            continue;
        }
        overdue.push(Overdue {
            question: item.question.clone(),
            owner: item.owner.clone(),
            due: due.to_string(),
            status: item.status,
            days: u32::try_from(as_of.days() - due.days()).unwrap_or(u32::MAX),
        });
    }
    overdue.sort_by(|a, b| {
        b.days
            .cmp(&a.days)
            .then_with(|| a.question.cmp(&b.question))
    });
    Ok(overdue)
}

fn movement(before: Standing, after: Standing) -> Movement {
    match (before.value(), after.value()) {
        (Some(b), Some(a)) if a > b => Movement::Improved,
        (Some(b), Some(a)) if a < b => Movement::Regressed,
        (Some(_), Some(_)) => Movement::Unchanged,
        (None, Some(_)) => Movement::New,
        (Some(_), None) => Movement::Removed,
        // Neither counts: 不适用 in both is unchanged; 不适用 against absent or excluded follows
        // whether the question applies at all.
        (None, None) => match (before.applies(), after.applies()) {
            (false, true) => Movement::New,
            (true, false) => Movement::Removed,
            _ => Movement::Unchanged,
        },
    }
}

/// A change of score as the compare page and the report print it: `+3.5`, `−2.0` (a minus sign, one decimal
/// rounded as [`crate::score::display`] rounds), or `—` when either side is not scored.
pub fn display_change(change: Option<f64>) -> String {
    match change {
        Some(d) => format!(
            "{}{}",
            if d >= 0.0 { "+" } else { "\u{2212}" },
            crate::score::display(d.abs())
        ),
        None => "—".to_owned(),
    }
}

fn summary(side: &Side<'_>, score: &Score) -> CycleSummary {
    CycleSummary {
        cycle: side.cycle.to_owned(),
        questionnaire_version: side.questionnaire.version.clone(),
        readiness: score.readiness.level,
    }
}

/// An organization's review cycles, one series per questionnaire and App: what
/// `GET /api/organizations/{id}/trend` answers and the results page charts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Trend {
    pub organization_id: i64,
    /// In order of each series' first cycle.
    pub series: Vec<TrendSeries>,
}

impl Trend {
    /// The series of a questionnaire and App.
    pub fn series_of(
        &self,
        questionnaire: &str,
        subject: Option<&Subject>,
    ) -> Option<&TrendSeries> {
        self.series.iter().find(|s| {
            s.questionnaire_id == questionnaire && crate::same_subject(s.subject.as_ref(), subject)
        })
    }
}

/// The cycles of one questionnaire (and App), oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrendSeries {
    pub questionnaire_id: String,
    /// The App; null for assessments of the whole organization.
    pub subject: Option<Subject>,
    pub cycles: Vec<TrendCycle>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrendCycle {
    pub assessment_id: i64,
    pub cycle: String,
    pub questionnaire_version: String,
    pub status: crate::contract::Status,
    /// Overall score 0–100, unrounded; null when not scored (or not scorable with the loaded
    /// content).
    pub overall: Option<f64>,
    /// Null when the assessment cannot be scored with the loaded content.
    pub readiness: Option<ReadinessLevel>,
    /// Every domain of the cycle's questionnaire version.
    pub domains: Vec<TrendDomain>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrendDomain {
    pub domain: String,
    pub title: Text,
    /// Null when the domain does not apply or nothing in it is scored.
    pub score: Option<f64>,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::model::{Answer, Citation, Condition, Domain, FactValue, SubjectKind, Thresholds};

    #[test]
    fn a_change_prints_with_its_sign_and_one_decimal() {
        assert_eq!(display_change(Some(3.0 / 7.0 * 100.0)), "+42.9");
        assert_eq!(display_change(Some(-2.25)), "\u{2212}2.3");
        assert_eq!(display_change(Some(0.0)), "+0.0");
        assert_eq!(display_change(None), "—");
    }

    fn question(id: &str, weight: u8, critical: bool, cite: &str, replaces: &[&str]) -> Question {
        Question {
            id: QuestionId::parse(id).unwrap(),
            text: Text::new(format!("问题 {id}"), format!("Question {id}")),
            weight,
            critical,
            applies: Condition::Always,
            citations: vec![Citation {
                instrument: cite.to_owned(),
                article: 1,
                paragraph: None,
                item: None,
            }],
            guidance: Text::default(),
            evidence: Text::default(),
            remediation: Text::default(),
            check: Text::default(),
            replaces: replaces
                .iter()
                .map(|r| QuestionId::parse(r).unwrap())
                .collect(),
        }
    }

    fn questionnaire(version: &str, domains: Vec<(&str, Vec<Question>)>) -> Questionnaire {
        Questionnaire {
            id: "q".to_owned(),
            version: version.to_owned(),
            title: Text::new("问卷", "Questionnaire"),
            effective: "2026-01-01".to_owned(),
            scope: Text::default(),
            subject: SubjectKind::default(),
            thresholds: Thresholds::default(),
            profile: Vec::new(),
            domains: domains
                .into_iter()
                .map(|(id, questions)| Domain {
                    id: id.to_owned(),
                    title: Text::new(id, id),
                    applies: Condition::Always,
                    questions,
                })
                .collect(),
        }
    }

    fn answers(list: &[(&str, AnswerValue)]) -> Answers {
        list.iter()
            .map(|(id, value)| {
                (
                    QuestionId::parse(id).unwrap(),
                    Answer {
                        value: *value,
                        na_reason: (*value == AnswerValue::NotApplicable)
                            .then(|| "不涉及".to_owned()),
                        note: String::new(),
                    },
                )
            })
            .collect()
    }

    fn id(s: &str) -> QuestionId {
        QuestionId::parse(s).unwrap()
    }

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    use AnswerValue::{Compliant as C, NonCompliant as N, NotApplicable as NA, Partial as P};

    /// Version 1: A-01 (w2, DSL), A-02 (w3, DSL), A-03 (w1, PIPL) in domain a; B-01 (w4, PIPL),
    /// B-02 (w1, DSL) in domain b. Version 2 replaces A-02 by A-04, drops B-02, adds B-03 (w2,
    /// PIPL).
    fn versions() -> (Questionnaire, Questionnaire) {
        let v1 = questionnaire(
            "1",
            vec![
                (
                    "a",
                    vec![
                        question("A-01", 2, false, "DSL", &[]),
                        question("A-02", 3, true, "DSL", &[]),
                        question("A-03", 1, false, "PIPL", &[]),
                    ],
                ),
                (
                    "b",
                    vec![
                        question("B-01", 4, false, "PIPL", &[]),
                        question("B-02", 1, false, "DSL", &[]),
                    ],
                ),
            ],
        );
        let v2 = questionnaire(
            "2",
            vec![
                (
                    "a",
                    vec![
                        question("A-01", 2, false, "DSL", &[]),
                        question("A-04", 3, true, "DSL", &["A-02"]),
                        question("A-03", 1, false, "PIPL", &[]),
                    ],
                ),
                (
                    "b",
                    vec![
                        question("B-01", 4, false, "PIPL", &[]),
                        question("B-03", 2, false, "PIPL", &[]),
                    ],
                ),
            ],
        );
        (v1, v2)
    }

    fn run(
        before: (&Questionnaire, &Answers),
        after: (&Questionnaire, &Answers),
        plan: &[PlanItem],
    ) -> Comparison {
        let profile = Profile::new();
        compare(
            &Side {
                cycle: "2025",
                questionnaire: before.0,
                profile: &profile,
                answers: before.1,
            },
            &Side {
                cycle: "2026",
                questionnaire: after.0,
                profile: &profile,
                answers: after.1,
            },
            &Catalog::default(),
            plan,
            date("2026-06-30"),
        )
        .unwrap()
    }

    #[test]
    fn questions_move_through_replaces_and_each_gets_its_movement() {
        let (v1, v2) = versions();
        let before = answers(&[
            ("A-01", N),
            ("A-02", P),
            ("A-03", C),
            ("B-01", P),
            ("B-02", N),
        ]);
        let after = answers(&[("A-01", C), ("A-04", N), ("A-03", C), ("B-01", P)]);
        let c = run((&v1, &before), (&v2, &after), &[]);
        let rows: Vec<(&str, Option<&str>, Standing, Standing, Movement)> = c
            .questions
            .iter()
            .map(|q| {
                (
                    q.question.as_str(),
                    q.before_id.as_ref().map(QuestionId::as_str),
                    q.before,
                    q.after,
                    q.movement,
                )
            })
            .collect();
        use Standing::{Absent, Answered, Unanswered};
        assert_eq!(
            rows,
            [
                ("A-01", None, Answered(N), Answered(C), Movement::Improved),
                (
                    "A-04",
                    Some("A-02"),
                    Answered(P),
                    Answered(N),
                    Movement::Regressed
                ),
                ("A-03", None, Answered(C), Answered(C), Movement::Unchanged),
                ("B-01", None, Answered(P), Answered(P), Movement::Unchanged),
                ("B-03", None, Absent, Unanswered, Movement::New),
                ("B-02", None, Answered(N), Absent, Movement::Removed),
            ]
        );
        assert_eq!(
            c.counts,
            ChangeCounts {
                improved: 1,
                regressed: 1,
                unchanged: 2,
                new: 1,
                removed: 1
            }
        );
        // Gaps before: , B-01, B-02; after: A-04, B-01, B-03.
        assert_eq!(c.gaps_closed, [id("A-01")]);
        assert_eq!(c.gaps_opened, [id("B-03")]);
        assert_eq!(c.gaps_still_open, [id("A-04"), id("B-01")]);
    }

    #[test]
    fn domain_instrument_and_overall_changes_are_each_sides_own_score() {
        let (v1, v2) = versions();
        let before = answers(&[
            ("A-01", N),
            ("A-02", P),
            ("A-03", C),
            ("B-01", P),
            ("B-02", N),
        ]);
        let after = answers(&[("A-01", C), ("A-04", N), ("A-03", C), ("B-01", P)]);
        let c = run((&v1, &before), (&v2, &after), &[]);
        // Before: a = (2·0 + 3·0.5 + 1·1) / 6 = 2.5/6; b = (4·0.5 + 1·0) / 5 = 2/5;
        // overall = 4.5 / 11. After: a = (2·1 + 3·0 + 1·1) / 6 = 3/6; b = (4·0.5 + 2·0) / 6;
        // overall = 5 / 12.
        let close = |x: Option<f64>, y: f64| (x.unwrap() - y).abs() < 1e-9;
        assert!(close(c.overall.before, 450.0 / 11.0));
        assert!(close(c.overall.after, 500.0 / 12.0));
        assert!(close(c.overall.change, 500.0 / 12.0 - 450.0 / 11.0));
        let a = &c.domains[0];
        assert_eq!(a.domain, "a");
        assert!(close(a.score.before, 250.0 / 6.0));
        assert!(close(a.score.after, 50.0));
        let b = &c.domains[1];
        assert!(close(b.score.before, 40.0));
        assert!(close(b.score.after, 200.0 / 6.0));
        // DSL before, B-02 = (0 + 1.5 + 0) / 6; after: A-01, A-04 = 2 / 5.
        // PIPL before: A-03, B-01 = (1 + 2) / 5; after: A-03, B-01, B-03 = (1 + 2 + 0) / 7.
        let ins: Vec<(&str, Option<f64>, Option<f64>)> = c
            .instruments
            .iter()
            .map(|i| (i.instrument.as_str(), i.score.before, i.score.after))
            .collect();
        assert_eq!(ins.len(), 2);
        assert_eq!(ins[0].0, "DSL");
        assert!(close(ins[0].1, 25.0) && close(ins[0].2, 40.0));
        assert_eq!(ins[1].0, "PIPL");
        assert!(close(ins[1].1, 60.0) && close(ins[1].2, 300.0 / 7.0));
        assert_eq!(c.before.questionnaire_version, "1");
        assert_eq!(c.after.questionnaire_version, "2");
        assert_eq!(c.before.readiness, ReadinessLevel::NotReady);
    }

    #[test]
    fn not_applicable_and_profile_exclusion_take_a_question_in_and_out_of_the_score() {
        let mut v = versions().1;
        v.profile.push(crate::model::Fact {
            id: "cii".to_owned(),
            text: Text::new("关基", "CII"),
            help: Text::default(),
            kind: crate::model::FactKind::YesNo,
            citations: Vec::new(),
        });
        v.domains[1].questions[1].applies = Condition::Fact {
            fact: "cii".to_owned(),
        };
        let before_answers = answers(&[("A-01", NA), ("A-03", NA), ("B-01", C)]);
        let after_answers = answers(&[("A-01", C), ("A-03", NA), ("B-01", NA), ("B-03", C)]);
        let mut before_profile = Profile::new();
        before_profile.insert("cii".to_owned(), FactValue::Bool(false));
        let mut after_profile = Profile::new();
        after_profile.insert("cii".to_owned(), FactValue::Bool(true));
        let c = compare(
            &Side {
                cycle: "2025",
                questionnaire: &v,
                profile: &before_profile,
                answers: &before_answers,
            },
            &Side {
                cycle: "2026",
                questionnaire: &v,
                profile: &after_profile,
                answers: &after_answers,
            },
            &Catalog::default(),
            &[],
            date("2026-01-01"),
        )
        .unwrap();
        let moved = |q: &str| {
            c.questions
                .iter()
                .find(|r| r.question.as_str() == q)
                .unwrap()
        };
        assert_eq!(moved("A-01").movement, Movement::New);
        assert_eq!(moved("A-03").movement, Movement::Unchanged);
        assert_eq!(moved("B-01").movement, Movement::Removed);
        assert_eq!(moved("B-03").before, Standing::Excluded);
        assert_eq!(moved("B-03").movement, Movement::New);
        // A-04 was unanswered before and is unanswered now: 0 and 0.
        assert_eq!(moved("A-04").movement, Movement::Unchanged);
        assert_eq!(c.gaps_still_open, [id("A-04")]);
        assert!(c.gaps_closed.is_empty() && c.gaps_opened.is_empty());
    }

    #[test]
    fn overdue_items_are_open_or_in_progress_and_due_before_the_date_given() {
        let item = |q: &str, due: Option<&str>, status| PlanItem {
            question: id(q),
            owner: "王芳".to_owned(),
            due: due.map(str::to_owned),
            status,
        };
        let plan = [
            item("A-01", Some("2026-06-29"), RemediationStatus::Open),
            item("A-03", Some("2026-06-30"), RemediationStatus::Open),
            item("A-04", Some("2026-03-01"), RemediationStatus::InProgress),
            item("B-01", Some("2025-12-31"), RemediationStatus::Done),
            item("B-03", None, RemediationStatus::Open),
            item("B-02", Some("2024-02-28"), RemediationStatus::Accepted),
        ];
        let found = overdue(&plan, date("2026-06-30")).unwrap();
        // 2026-03-01 → 2026-06-30: to 04-01 31 days, to 05-01 30, to 06-01 31, to 06-30 29:
        // 121 days. 2026-06-29 → 2026-06-30: 1 day; an item due on the date itself is not late.
        let days: Vec<(&str, u32)> = found
            .iter()
            .map(|o| (o.question.as_str(), o.days))
            .collect();
        assert_eq!(days, [("A-04", 121), ("A-01", 1)]);
        let later = overdue(&plan, date("2027-01-01")).unwrap();
        assert_eq!(later.len(), 3);
        assert_eq!(
            overdue(
                &[item("A-01", Some("2026-02-30"), RemediationStatus::Open)],
                date("2026-06-30")
            ),
            Err(CompareError::BadDueDate {
                question: id("A-01"),
                due: "2026-02-30".to_owned()
            })
        );
    }

    #[test]
    fn dates_are_checked_and_counted_across_leap_years() {
        assert_eq!(
            Date::parse("2024-02-29").map(|d| d.to_string()).as_deref(),
            Some("2024-02-29")
        );
        for bad in [
            "2025-02-29",
            "2026-13-01",
            "2026-1-01",
            "２０２６-01-01",
            "",
            "2026-04-31",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert_eq!(date("1970-01-01").days(), 0);
        assert_eq!(date("2024-03-01").days() - date("2024-02-28").days(), 2);
        assert_eq!(date("2027-01-01").days() - date("2026-01-01").days(), 365);
    }

    #[test]
    fn cycles_of_different_questionnaires_are_refused() {
        let (v1, _) = versions();
        let mut other = v1.clone();
        other.id = "other".to_owned();
        let profile = Profile::new();
        let none = Answers::new();
        let side = |q| Side {
            cycle: "x",
            questionnaire: q,
            profile: &profile,
            answers: &none,
        };
        let err = compare(
            &side(&v1),
            &side(&other),
            &Catalog::default(),
            &[],
            date("2026-01-01"),
        )
        .unwrap_err();
        assert!(
            matches!(err, CompareError::DifferentQuestionnaires { .. }),
            "{err}"
        );
    }
}
