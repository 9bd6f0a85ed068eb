//! Scoring method v1: from a questionnaire, a profile and the answers to the overall, per-domain
//! and per-instrument scores, completion, the readiness level with the rules that decided it, and
//! the prioritised gap list. The server (authoritative, for reports) and the browser (live, in
//! wasm) call the same [`score`] function, so the two agree to the last bit: every sum runs in
//! questionnaire order, nothing is rounded inside, and [`display`] is the one place where a number
//! becomes text. `questionnaires/METHOD.md` states the method in words for the report.

use serde::{Deserialize, Serialize};

use crate::model::{
    Answer, AnswerValue, Answers, Catalog, Citation, Condition, Instrument, Lang, Profile,
    Question, QuestionId, Questionnaire, Text, Thresholds,
};

/// The version of the scoring method implemented here; printed in every report.
pub const METHOD_VERSION: &str = "v1";

/// The result of scoring one assessment. Lists are in questionnaire order unless stated
/// otherwise, so the same input always serialises to the same JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Score {
    /// The scoring method, [`METHOD_VERSION`].
    pub method: String,
    /// The thresholds applied (the questionnaire's).
    pub thresholds: Thresholds,
    /// All applicable questions.
    pub overall: Tally,
    /// Every domain of the questionnaire, applicable or not.
    pub domains: Vec<DomainScore>,
    /// Every instrument cited by any question, in order of first citation; each tallies the
    /// applicable questions citing it (a question citing an instrument twice counts once).
    pub instruments: Vec<InstrumentScore>,
    pub readiness: Readiness,
    /// Applicable, not-N/A questions below 符合 (unanswered ones included), highest priority
    /// first; ties keep questionnaire order.
    pub gaps: Vec<Gap>,
    /// Questions whose domain or own applicability condition is false for the profile.
    pub excluded: Vec<Excluded>,
    /// Applicable questions answered 不适用, with their reasons.
    pub not_applicable: Vec<NotApplicable>,
    /// Answers whose question id is not in the questionnaire (e.g. kept from an earlier
    /// version); they take no part in the score. In id order.
    pub ignored_answers: Vec<QuestionId>,
}

impl Score {
    pub fn domain(&self, id: &str) -> Option<&DomainScore> {
        self.domains.iter().find(|d| d.domain == id)
    }

    pub fn instrument(&self, id: &str) -> Option<&InstrumentScore> {
        self.instruments.iter().find(|i| i.instrument == id)
    }
}

/// The figures of one set of questions (overall, a domain, an instrument).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    /// Σ weight·value / Σ weight × 100 over the applicable, not-N/A questions; `None` (not
    /// scored) when there are none. Unrounded.
    pub score: Option<f64>,
    /// Σ weight·value (unanswered questions add 0).
    pub earned: f64,
    /// Σ weight over the applicable, not-N/A questions (answered or not).
    pub possible: u32,
    /// Applicable questions (N/A included).
    pub applicable: u32,
    /// Applicable questions with an answer, 不适用 included.
    pub answered: u32,
    /// answered / applicable × 100; `None` when nothing applies. Unrounded.
    pub completion: Option<f64>,
    pub counts: Counts,
}

/// Applicable questions by answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counts {
    /// 符合
    pub compliant: u32,
    /// 部分符合
    pub partial: u32,
    /// 不符合
    pub non_compliant: u32,
    /// 不适用
    pub not_applicable: u32,
    /// 未作答
    pub unanswered: u32,
}

impl Counts {
    /// The count of one answer value.
    pub fn of(&self, value: AnswerValue) -> u32 {
        match value {
            AnswerValue::Compliant => self.compliant,
            AnswerValue::Partial => self.partial,
            AnswerValue::NonCompliant => self.non_compliant,
            AnswerValue::NotApplicable => self.not_applicable,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DomainScore {
    pub domain: String,
    /// Whether the domain's condition holds for the profile; when false every question in it is
    /// excluded and the tally is empty.
    pub applies: bool,
    pub tally: Tally,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstrumentScore {
    /// Instrument id as cited, e.g. `DSL`.
    pub instrument: String,
    pub tally: Tally,
}

/// The readiness level (就绪度) and why it is that level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Readiness {
    pub level: ReadinessLevel,
    /// For Ready, `[AllMet]`. Otherwise every reason that blocks the next higher level, in this
    /// order: the score, then critical questions in questionnaire order, then completeness.
    pub reasons: Vec<ReadinessReason>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReadinessLevel {
    /// 未就绪
    NotReady,
    /// 基本就绪
    LargelyReady,
    /// 就绪
    Ready,
}

impl ReadinessLevel {
    pub fn label(self) -> Text {
        match self {
            ReadinessLevel::Ready => Text::new("就绪", "Ready"),
            ReadinessLevel::LargelyReady => Text::new("基本就绪", "Largely ready"),
            ReadinessLevel::NotReady => Text::new("未就绪", "Not ready"),
        }
    }
}

impl Readiness {
    /// The verdict in a few words: the level and whether its rules are all met.
    pub fn verdict(&self) -> Text {
        match self.level {
            ReadinessLevel::Ready => {
                Text::new("就绪：全部判定条件均满足", "Ready: every condition is met")
            }
            ReadinessLevel::LargelyReady => Text::new(
                "基本就绪：尚未满足以下就绪条件",
                "Largely ready: these conditions for Ready are not met",
            ),
            ReadinessLevel::NotReady => Text::new(
                "未就绪：尚未满足以下基本就绪条件",
                "Not ready: these conditions for Largely ready are not met",
            ),
        }
    }

    /// The reasons grouped by rule, in the order of [`Readiness::reasons`]: one entry for the
    /// score, one per kind of critical-question finding with every question it concerns, one
    /// for the unanswered questions. What the results page and the report list under the
    /// verdict.
    pub fn groups(&self) -> Vec<ReasonGroup> {
        let mut groups: Vec<ReasonGroup> = Vec::new();
        for reason in &self.reasons {
            let (rule, questions) = match reason {
                ReadinessReason::AllMet { .. } => (ReasonRule::AllMet, Vec::new()),
                ReadinessReason::ScoreBelow { .. } => (ReasonRule::ScoreBelow, Vec::new()),
                ReadinessReason::NotScored => (ReasonRule::NotScored, Vec::new()),
                ReadinessReason::CriticalNonCompliant { question } => {
                    (ReasonRule::CriticalNonCompliant, vec![question.clone()])
                }
                ReadinessReason::CriticalUnanswered { question } => {
                    (ReasonRule::CriticalUnanswered, vec![question.clone()])
                }
                ReadinessReason::CriticalPartial { question } => {
                    (ReasonRule::CriticalPartial, vec![question.clone()])
                }
                ReadinessReason::Incomplete { unanswered } => {
                    (ReasonRule::Incomplete, unanswered.clone())
                }
            };
            match groups.iter_mut().find(|g| g.rule == rule) {
                Some(group) => group.questions.extend(questions),
                None => groups.push(ReasonGroup {
                    rule,
                    title: reason.group_title(),
                    questions,
                }),
            }
        }
        groups
    }
}

/// The readiness rules a reason can belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonRule {
    AllMet,
    ScoreBelow,
    NotScored,
    CriticalNonCompliant,
    CriticalUnanswered,
    CriticalPartial,
    Incomplete,
}

/// The reasons of one rule together: a title in both languages and the questions concerned
/// (none for the score rules), in questionnaire order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReasonGroup {
    pub rule: ReasonRule,
    pub title: Text,
    pub questions: Vec<QuestionId>,
}

/// One readiness rule as it applied to the assessment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum ReadinessReason {
    /// Every rule for Ready holds: the score reaches `threshold`, every applicable critical
    /// question is 符合 or 不适用, and every applicable question is answered.
    AllMet { score: f64, threshold: f64 },
    /// The score is below the threshold of the next higher level.
    ScoreBelow { score: f64, threshold: f64 },
    /// No applicable question has a scored answer (all are 不适用 or none applies), so there is
    /// no score to compare with a threshold.
    NotScored,
    /// A critical question is 不符合 (blocks 基本就绪).
    CriticalNonCompliant { question: QuestionId },
    /// A critical question is unanswered, which counts as 不符合 (blocks 基本就绪).
    CriticalUnanswered { question: QuestionId },
    /// A critical question is 部分符合 (blocks 就绪).
    CriticalPartial { question: QuestionId },
    /// Applicable questions are unanswered (blocks 就绪); in questionnaire order.
    Incomplete { unanswered: Vec<QuestionId> },
}

impl ReadinessReason {
    /// The title of the rule's group ([`Readiness::groups`]); the questions are listed apart.
    fn group_title(&self) -> Text {
        match self {
            ReadinessReason::CriticalNonCompliant { .. } => {
                Text::new("关键项为不符合", "Critical questions Non-compliant")
            }
            ReadinessReason::CriticalUnanswered { .. } => Text::new(
                "关键项未作答（按不符合计）",
                "Critical questions unanswered (count as Non-compliant)",
            ),
            ReadinessReason::CriticalPartial { .. } => {
                Text::new("关键项为部分符合", "Critical questions Partially compliant")
            }
            ReadinessReason::Incomplete { unanswered } => {
                let n = unanswered.len();
                Text::new(
                    format!("{n} 个适用评估项未作答"),
                    format!(
                        "{n} applicable question{} unanswered",
                        if n == 1 { " is" } else { "s are" }
                    ),
                )
            }
            other => other.text(),
        }
    }

    /// The reason as a sentence in both languages.
    pub fn text(&self) -> Text {
        match self {
            ReadinessReason::AllMet { score, threshold } => {
                let (s, t) = (display(*score), display(*threshold));
                Text::new(
                    format!(
                        "总分 {s} 不低于就绪门槛 {t}，关键项均为符合（或不适用），适用评估项均已作答"
                    ),
                    format!(
                        "The score {s} reaches the Ready threshold {t}, every critical question is Compliant (or not applicable) and every applicable question is answered"
                    ),
                )
            }
            ReadinessReason::ScoreBelow { score, threshold } => {
                let (s, t) = display_apart(*score, *threshold);
                Text::new(
                    format!("总分 {s} 低于门槛 {t}"),
                    format!("The score {s} is below the threshold {t}"),
                )
            }
            ReadinessReason::NotScored => Text::new(
                "未计分：没有可计分的适用评估项（均不适用或均被单位画像排除）",
                "Not scored: no applicable question has a scored answer (all are not applicable or excluded by the profile)",
            ),
            ReadinessReason::CriticalNonCompliant { question } => Text::new(
                format!("关键项 {question} 为不符合"),
                format!("Critical question {question} is Non-compliant"),
            ),
            ReadinessReason::CriticalUnanswered { question } => Text::new(
                format!("关键项 {question} 未作答（按不符合计）"),
                format!("Critical question {question} is unanswered (counts as Non-compliant)"),
            ),
            ReadinessReason::CriticalPartial { question } => Text::new(
                format!("关键项 {question} 为部分符合"),
                format!("Critical question {question} is Partially compliant"),
            ),
            ReadinessReason::Incomplete { unanswered } => {
                let n = unanswered.len();
                let listed = abbreviated_ids(unanswered);
                Text::new(
                    format!("{n} 个适用评估项未作答：{}", listed.zh),
                    format!(
                        "{n} applicable question{} unanswered: {}",
                        if n == 1 { " is" } else { "s are" },
                        listed.en
                    ),
                )
            }
        }
    }
}

/// A question below 符合: what to fix, how urgently, and what the law says about it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Gap {
    pub question: QuestionId,
    pub domain: String,
    pub weight: u8,
    pub critical: bool,
    /// The answer; `None` when unanswered.
    pub answer: Option<AnswerValue>,
    /// True when the question has no answer yet (its value then counts as 0).
    pub unanswered: bool,
    /// 0 or 0.5.
    pub value: f64,
    /// weight × (1 − value) × (2 if critical else 1).
    pub priority: f64,
    pub band: Band,
    /// The articles the question cites.
    pub citations: Vec<Citation>,
    /// The penalty articles the catalog gives for the cited articles (for a cited paragraph, its
    /// own penalty where it has one: [`Catalog::penalty_for`]), in citation order without
    /// repeats; empty where the catalog names none.
    pub penalties: Vec<Citation>,
}

/// The priority band of a gap: 高 ≥ 6, 中 ≥ 3, else 低.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Low,
    Medium,
    High,
}

impl Band {
    pub fn of(priority: f64) -> Band {
        if priority >= 6.0 {
            Band::High
        } else if priority >= 3.0 {
            Band::Medium
        } else {
            Band::Low
        }
    }

    pub fn label(self) -> Text {
        match self {
            Band::High => Text::new("高", "High"),
            Band::Medium => Text::new("中", "Medium"),
            Band::Low => Text::new("低", "Low"),
        }
    }
}

/// A question the profile excludes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Excluded {
    pub question: QuestionId,
    pub domain: String,
    /// Whose condition is false; the domain's is checked first.
    pub by: ExcludedBy,
    /// The condition that is false for the profile.
    pub condition: Condition,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExcludedBy {
    Domain,
    Question,
}

/// An applicable question answered 不适用.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotApplicable {
    pub question: QuestionId,
    pub domain: String,
    pub critical: bool,
    pub reason: String,
}

/// Input the method cannot score. Nothing is scored when any of these is found.
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ScoreError {
    #[error(
        "answers marked 不适用 (not applicable) need a written reason; these have none: {}",
        join_ids(questions)
    )]
    MissingNaReason { questions: Vec<QuestionId> },
    #[error("question {question} has weight {weight}; a weight must be 1 to 5")]
    InvalidWeight { question: QuestionId, weight: u8 },
    #[error("question id {question} appears more than once in the questionnaire")]
    DuplicateQuestion { question: QuestionId },
    #[error(
        "thresholds ready = {ready} and largely_ready = {largely_ready} are invalid: each must be between 0 and 100, and ready must not be below largely_ready"
    )]
    InvalidThresholds { ready: f64, largely_ready: f64 },
}

/// Scores an assessment by scoring method v1 (see `METHOD.md`).
///
/// Every question of the questionnaire is applicable when its domain's and its own condition
/// hold for `profile`. Answers to ids the questionnaire does not have are listed in
/// [`Score::ignored_answers`]. `catalog` supplies the penalty articles of the gaps; a cited
/// article missing from it simply has no penalty listed (the loader reports unresolved
/// citations).
pub fn score(
    questionnaire: &Questionnaire,
    catalog: &Catalog,
    profile: &Profile,
    answers: &Answers,
) -> Result<Score, ScoreError> {
    let thresholds = questionnaire.thresholds;
    check_thresholds(&thresholds)?;
    let (answer_of, ignored_answers) = match_answers(questionnaire, answers)?;
    let facts = &questionnaire.profile;

    let mut overall = Sum::default();
    let mut domains = Vec::with_capacity(questionnaire.domains.len());
    let mut instruments: Vec<InstrumentSum> = Vec::new();
    let mut gaps = Vec::new();
    let mut excluded = Vec::new();
    let mut not_applicable = Vec::new();
    let mut missing_reason = Vec::new();
    let mut blocks_largely_ready = Vec::new();
    let mut critical_partial = Vec::new();
    let mut unanswered = Vec::new();
    // Per question: the instrument index of each citation, and the instruments it cites once.
    let mut citation_instrument: Vec<usize> = Vec::new();
    let mut cited: Vec<usize> = Vec::new();

    let mut answer_of = answer_of.into_iter();
    for domain in &questionnaire.domains {
        let domain_applies = domain.applies.eval(facts, profile);
        let mut sum = Sum::default();
        for question in &domain.questions {
            let answer = answer_of.next().flatten();
            if !(1..=5).contains(&question.weight) {
                return Err(ScoreError::InvalidWeight {
                    question: question.id.clone(),
                    weight: question.weight,
                });
            }
            if let Some(a) = answer
                && a.value == AnswerValue::NotApplicable
                && a.na_reason.as_deref().is_none_or(|r| r.trim().is_empty())
            {
                missing_reason.push(question.id.clone());
            }

            citation_instrument.clear();
            cited.clear();
            for c in &question.citations {
                let index = match instruments.iter().position(|i| i.id == c.instrument) {
                    Some(index) => index,
                    None => {
                        instruments.push(InstrumentSum {
                            id: &c.instrument,
                            in_catalog: catalog.instrument(&c.instrument),
                            sum: Sum::default(),
                        });
                        instruments.len() - 1
                    }
                };
                citation_instrument.push(index);
                if !cited.contains(&index) {
                    cited.push(index);
                }
            }

            let exclusion = if !domain_applies {
                Some((ExcludedBy::Domain, &domain.applies))
            } else if !question.applies.eval(facts, profile) {
                Some((ExcludedBy::Question, &question.applies))
            } else {
                None
            };
            if let Some((by, condition)) = exclusion {
                excluded.push(Excluded {
                    question: question.id.clone(),
                    domain: domain.id.clone(),
                    by,
                    condition: condition.clone(),
                });
                continue;
            }

            let value = answer.map(|a| a.value);
            sum.add(question.weight, value);
            overall.add(question.weight, value);
            for &index in &cited {
                instruments[index].sum.add(question.weight, value);
            }

            match value {
                Some(AnswerValue::NotApplicable) => {
                    not_applicable.push(NotApplicable {
                        question: question.id.clone(),
                        domain: domain.id.clone(),
                        critical: question.critical,
                        reason: answer.and_then(|a| a.na_reason.clone()).unwrap_or_default(),
                    });
                    continue;
                }
                Some(AnswerValue::Compliant) => continue,
                Some(AnswerValue::Partial) if question.critical => {
                    critical_partial.push(ReadinessReason::CriticalPartial {
                        question: question.id.clone(),
                    });
                }
                Some(AnswerValue::NonCompliant) if question.critical => {
                    blocks_largely_ready.push(ReadinessReason::CriticalNonCompliant {
                        question: question.id.clone(),
                    });
                }
                None => {
                    unanswered.push(question.id.clone());
                    if question.critical {
                        blocks_largely_ready.push(ReadinessReason::CriticalUnanswered {
                            question: question.id.clone(),
                        });
                    }
                }
                Some(AnswerValue::Partial | AnswerValue::NonCompliant) => {}
            }
            let penalties = penalties(question, &citation_instrument, &instruments);
            gaps.push(gap(&domain.id, question, value, penalties));
        }
        domains.push(DomainScore {
            domain: domain.id.clone(),
            applies: domain_applies,
            tally: sum.tally(),
        });
    }
    if !missing_reason.is_empty() {
        return Err(ScoreError::MissingNaReason {
            questions: missing_reason,
        });
    }

    // Stable: equal priorities keep questionnaire order.
    gaps.sort_by(|a, b| b.priority.total_cmp(&a.priority));

    let overall = overall.tally();
    let readiness = readiness(
        &thresholds,
        overall.score,
        blocks_largely_ready,
        critical_partial,
        unanswered,
    );
    Ok(Score {
        method: METHOD_VERSION.to_owned(),
        thresholds,
        overall,
        domains,
        instruments: instruments
            .into_iter()
            .map(|i| InstrumentScore {
                instrument: i.id.to_owned(),
                tally: i.sum.tally(),
            })
            .collect(),
        readiness,
        gaps,
        excluded,
        not_applicable,
        ignored_answers,
    })
}

/// A number as the UI and the report print it: one decimal, rounded half up (83.25 → 83.3,
/// 84.96 → 85.0). Comparisons with thresholds always use the unrounded value.
pub fn display(value: f64) -> String {
    display_with(value, 1)
}

/// A score as printed: one decimal, or "未计分" / "not scored" when there is none.
pub fn display_score(score: Option<f64>, lang: Lang) -> String {
    match score {
        Some(s) => display(s),
        None => Text::new("未计分", "not scored").get(lang).to_owned(),
    }
}

/// `value` rounded half up (away from zero) to `decimals` places. The rounding works on the
/// decimal expansion to nine places, so a score whose exact value ends in 5 (e.g. 70.05, which
/// as a binary double is 70.04999…) rounds up as a person would expect.
fn display_with(value: f64, decimals: usize) -> String {
    const WORKING: usize = 9;
    if !value.is_finite() || value.abs() >= 1e9 || decimals >= WORKING {
        return format!("{value:.decimals$}");
    }
    let expanded = format!("{:.WORKING$}", value.abs());
    let Some((int, frac)) = expanded.split_once('.') else {
        return format!("{value:.decimals$}");
    };
    let Ok(mut scaled) = int.parse::<u64>() else {
        return format!("{value:.decimals$}");
    };
    let frac = frac.as_bytes();
    for &digit in &frac[..decimals] {
        scaled = scaled * 10 + u64::from(digit - b'0');
    }
    if frac[decimals] >= b'5' {
        scaled += 1;
    }
    let sign = if value < 0.0 && scaled != 0 { "-" } else { "" };
    if decimals == 0 {
        return format!("{sign}{scaled}");
    }
    let unit = 10u64.pow(decimals as u32);
    format!("{sign}{}.{:0decimals$}", scaled / unit, scaled % unit)
}

/// `a` and `b` printed with one decimal, or with as many more as it takes to tell them apart,
/// so that a score of 84.96 is shown as "84.96" below a threshold of "85.00" and never as
/// "85.0 below 85.0".
fn display_apart(a: f64, b: f64) -> (String, String) {
    for decimals in 1..=6 {
        let (x, y) = (display_with(a, decimals), display_with(b, decimals));
        if x != y || a == b {
            return (x, y);
        }
    }
    (a.to_string(), b.to_string())
}

fn abbreviated_ids(ids: &[QuestionId]) -> Text {
    const SHOWN: usize = 10;
    let listed = join_ids(&ids[..ids.len().min(SHOWN)]);
    let rest = ids.len().saturating_sub(SHOWN);
    if rest == 0 {
        Text::new(listed.clone(), listed)
    } else {
        Text::new(
            format!("{listed} 等（另 {rest} 项）"),
            format!("{listed} and {rest} more"),
        )
    }
}

fn join_ids(ids: &[QuestionId]) -> String {
    ids.iter()
        .map(QuestionId::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

fn check_thresholds(thresholds: &Thresholds) -> Result<(), ScoreError> {
    let Thresholds {
        ready,
        largely_ready,
    } = *thresholds;
    let in_range = |t: f64| (0.0..=100.0).contains(&t);
    if in_range(ready) && in_range(largely_ready) && ready >= largely_ready {
        Ok(())
    } else {
        Err(ScoreError::InvalidThresholds {
            ready,
            largely_ready,
        })
    }
}

/// Pairs each question (in questionnaire order) with its answer, and lists the answers whose id
/// is not in the questionnaire. A merge of the ids, sorted, with the answer map (sorted by id):
/// it also finds a repeated question id, and costs one sort instead of a map lookup a question.
fn match_answers<'a>(
    questionnaire: &Questionnaire,
    answers: &'a Answers,
) -> Result<(Vec<Option<&'a Answer>>, Vec<QuestionId>), ScoreError> {
    let mut by_id: Vec<(&QuestionId, usize)> = questionnaire
        .questions()
        .enumerate()
        .map(|(i, (_, q))| (&q.id, i))
        .collect();
    by_id.sort_unstable_by(|a, b| a.0.cmp(b.0));
    if let Some(pair) = by_id.windows(2).find(|pair| pair[0].0 == pair[1].0) {
        return Err(ScoreError::DuplicateQuestion {
            question: pair[1].0.clone(),
        });
    }
    let mut answer_of = vec![None; by_id.len()];
    let mut ignored = Vec::new();
    let mut questions = by_id.iter().peekable();
    for (id, answer) in answers {
        while questions.next_if(|(q, _)| *q < id).is_some() {}
        match questions.next_if(|(q, _)| *q == id) {
            Some(&(_, index)) => answer_of[index] = Some(answer),
            None => ignored.push(id.clone()),
        }
    }
    Ok((answer_of, ignored))
}

/// The running sums of one cited instrument, with its catalog entry looked up once.
struct InstrumentSum<'a> {
    id: &'a str,
    in_catalog: Option<&'a Instrument>,
    sum: Sum,
}

/// The penalty articles of a question's citations, in citation order without repeats. Same
/// lookup as [`Catalog::penalty_for`], with each instrument found once per question.
/// `citation_instrument[k]` is the index in `instruments` of the k-th citation's instrument.
fn penalties(
    question: &Question,
    citation_instrument: &[usize],
    instruments: &[InstrumentSum],
) -> Vec<Citation> {
    let mut penalties: Vec<Citation> = Vec::new();
    for (citation, &index) in question.citations.iter().zip(citation_instrument) {
        let penalty = instruments[index]
            .in_catalog
            .and_then(|i| i.articles.iter().find(|a| a.number == citation.article))
            .and_then(|a| a.penalty_for(citation.paragraph));
        if let Some(penalty) = penalty
            && !penalties.contains(penalty)
        {
            penalties.push(penalty.clone());
        }
    }
    penalties
}

fn gap(
    domain: &str,
    question: &Question,
    answer: Option<AnswerValue>,
    penalties: Vec<Citation>,
) -> Gap {
    let value = answer.and_then(AnswerValue::score).unwrap_or(0.0);
    let factor = if question.critical { 2.0 } else { 1.0 };
    let priority = f64::from(question.weight) * (1.0 - value) * factor;
    Gap {
        question: question.id.clone(),
        domain: domain.to_owned(),
        weight: question.weight,
        critical: question.critical,
        answer,
        unanswered: answer.is_none(),
        value,
        priority,
        band: Band::of(priority),
        citations: question.citations.clone(),
        penalties,
    }
}

fn readiness(
    thresholds: &Thresholds,
    score: Option<f64>,
    critical_blocks: Vec<ReadinessReason>,
    critical_partial: Vec<ReadinessReason>,
    unanswered: Vec<QuestionId>,
) -> Readiness {
    let mut reasons = Vec::new();
    match score {
        None => reasons.push(ReadinessReason::NotScored),
        Some(s) if s < thresholds.largely_ready => reasons.push(ReadinessReason::ScoreBelow {
            score: s,
            threshold: thresholds.largely_ready,
        }),
        Some(_) => {}
    }
    reasons.extend(critical_blocks);
    if !reasons.is_empty() {
        return Readiness {
            level: ReadinessLevel::NotReady,
            reasons,
        };
    }
    // A score exists from here on: `None` was a reason above.
    let score = score.unwrap_or(0.0);
    if score < thresholds.ready {
        reasons.push(ReadinessReason::ScoreBelow {
            score,
            threshold: thresholds.ready,
        });
    }
    reasons.extend(critical_partial);
    if !unanswered.is_empty() {
        reasons.push(ReadinessReason::Incomplete { unanswered });
    }
    if reasons.is_empty() {
        Readiness {
            level: ReadinessLevel::Ready,
            reasons: vec![ReadinessReason::AllMet {
                score,
                threshold: thresholds.ready,
            }],
        }
    } else {
        Readiness {
            level: ReadinessLevel::LargelyReady,
            reasons,
        }
    }
}

/// A running tally; sums of weight × {0, 0.5, 1} are exact in `f64`, so the order of additions
/// cannot change them and the one rounding happens in the final division.
#[derive(Default)]
struct Sum {
    earned: f64,
    possible: u32,
    counts: Counts,
}

impl Sum {
    fn add(&mut self, weight: u8, answer: Option<AnswerValue>) {
        match answer {
            None => self.counts.unanswered += 1,
            Some(AnswerValue::Compliant) => self.counts.compliant += 1,
            Some(AnswerValue::Partial) => self.counts.partial += 1,
            Some(AnswerValue::NonCompliant) => self.counts.non_compliant += 1,
            Some(AnswerValue::NotApplicable) => self.counts.not_applicable += 1,
        }
        if answer == Some(AnswerValue::NotApplicable) {
            return;
        }
        let value = answer.and_then(AnswerValue::score).unwrap_or(0.0);
        self.earned += f64::from(weight) * value;
        self.possible += u32::from(weight);
    }

    fn tally(self) -> Tally {
        let c = self.counts;
        let applicable =
            c.compliant + c.partial + c.non_compliant + c.not_applicable + c.unanswered;
        let answered = applicable - c.unanswered;
        // 100·Σwv / Σw: the numerator is exact, so the single division is the only rounding and
        // an exact 57 % prints as 57.0 (dividing first would give 56.99999999999999).
        let percent = |part: f64, whole: u32| (whole > 0).then(|| part * 100.0 / f64::from(whole));
        Tally {
            score: percent(self.earned, self.possible),
            earned: self.earned,
            possible: self.possible,
            applicable,
            answered,
            completion: percent(f64::from(answered), applicable),
            counts: c,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::{SourceFile, load};

    const DSL: &str = "---\nid: DSL\nname.zh: 中华人民共和国数据安全法\nname.en: Data Security Law\nshort.zh: 数据安全法\nshort.en: Data Security Law\nissuer.zh: 全国人民代表大会常务委员会\nissuer.en: NPC Standing Committee\ndoc_no: 主席令第八十四号\npromulgated: 2021-06-10\neffective: 2021-09-01\nstatus: in_force\narticles: 55\n---\n\n## 第二十一条\n```meta\nparagraphs: 3\npenalty.2: DSL 45.2\n```\n### summary.zh\n分类分级。\n\n## 第二十七条\n```meta\nparagraphs: 2\npenalty: DSL 45.1\n```\n### summary.zh\n保护义务。\n\n## 第四十五条\n```meta\nparagraphs: 2\n```\n### summary.zh\n罚则。\n";

    const QUESTIONNAIRE: &str = "---\nid: q\nversion: 1\ntitle.zh: 问卷\neffective: 2026-01-01\n---\n\n# 单位画像 | Profile {#profile}\n";

    const DOMAIN: &str = "# 数据 | Data {#data}\n\n## D-01\n```meta\nweight: 3\ncite: DSL 21.2\n```\n### text.zh\n一\n\n## D-02\n```meta\nweight: 3\ncite: DSL 21.1; DSL 21\n```\n### text.zh\n二\n\n## D-03\n```meta\nweight: 3\ncite: DSL 27.2; DSL 21.2; DSL 27\n```\n### text.zh\n三\n";

    #[test]
    fn a_gap_lists_the_penalty_of_each_cited_paragraph() {
        let loaded = load(
            &[SourceFile::new("catalog/DSL.md", DSL)],
            &[
                SourceFile::new("content/q/questionnaire.md", QUESTIONNAIRE),
                SourceFile::new("content/q/01-data.md", DOMAIN),
            ],
        );
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let catalog = &loaded.library.catalog;
        let q = &loaded.library.questionnaires[0];
        let s = score(q, catalog, &Profile::new(), &Answers::new()).unwrap();
        let penalties: Vec<(&str, Vec<String>)> = s
            .gaps
            .iter()
            .map(|g| {
                let p = g.penalties.iter().map(ToString::to_string).collect();
                (g.question.as_str(), p)
            })
            .collect();
        assert_eq!(
            penalties,
            [
                ("D-01", vec!["DSL 45.2".to_owned()]),
                ("D-02", vec![]),
                ("D-03", vec!["DSL 45.1".to_owned(), "DSL 45.2".to_owned()]),
            ]
        );
        // The same lookup, one citation at a time.
        let show = |c: &str| {
            let (article, paragraph) = c.split_once('.').map_or((c, None), |(a, p)| (a, Some(p)));
            let citation = Citation {
                instrument: "DSL".to_owned(),
                article: article.parse().unwrap(),
                paragraph: paragraph.map(|p| p.parse().unwrap()),
                item: None,
            };
            catalog.penalty_for(&citation).map(ToString::to_string)
        };
        assert_eq!(show("21"), None);
        assert_eq!(show("21.1"), None);
        assert_eq!(show("21.2").as_deref(), Some("DSL 45.2"));
        assert_eq!(show("27").as_deref(), Some("DSL 45.1"));
        assert_eq!(show("27.1").as_deref(), Some("DSL 45.1"));
        assert_eq!(show("45.1"), None);
        assert_eq!(show("30"), None);
    }
}
