//! Review cycles of one organization, questionnaire and App (a series), compared and followed
//! over time, from what the store holds: the comparison of two cycles by
//! `questionnaires::compare` (served by `GET /api/assessments/{id}/compare` and printed in the
//! report's comparison section) and the organization's trend across every cycle. It reads, never
//! writes.

use questionnaires::compare::{Date, PlanItem, Side};
pub use questionnaires::compare::{Trend, TrendCycle, TrendDomain, TrendSeries};
use questionnaires::score::score;
use questionnaires::{Answers, Comparison, Library, QuestionId};

use crate::store::model::{Assessment, AssessmentListItem, StoredAnswer};
use crate::store::{Store, StoreError};

/// Why two assessments could not be compared.
#[derive(Debug, thiserror::Error)]
pub enum CycleError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("an assessment cannot be compared with itself; choose another cycle")]
    SameAssessment,
    /// Two assessments of different series: another organization, questionnaire or App.
    #[error("{0}")]
    NotComparable(String),
    #[error(
        "assessment {assessment} uses questionnaire {id} {version}, which this Ziping does not have"
    )]
    QuestionnaireUnavailable {
        assessment: i64,
        id: String,
        version: String,
    },
    #[error("{0}")]
    Compare(#[from] questionnaires::compare::CompareError),
}

/// Whether `a` and `b` are cycles of the same series; the refusal says what differs.
pub fn comparable(a: &Assessment, b: &Assessment) -> Result<(), CycleError> {
    if a.organization.id != b.organization.id {
        return Err(CycleError::NotComparable(format!(
            "Assessment {} is of organization “{}” and assessment {} of “{}”; only cycles of the same organization can be compared.",
            a.id, a.organization.name, b.id, b.organization.name
        )));
    }
    if a.questionnaire_id != b.questionnaire_id {
        return Err(CycleError::NotComparable(format!(
            "Assessment {} uses questionnaire `{}` and assessment {} `{}`; only cycles of the same questionnaire can be compared.",
            a.id, a.questionnaire_id, b.id, b.questionnaire_id
        )));
    }
    if !questionnaires::same_subject(a.subject.as_ref(), b.subject.as_ref()) {
        return Err(CycleError::NotComparable(format!(
            "Assessments {} and {} are of different Apps (or one is of the whole organization); only cycles of the same App can be compared.",
            a.id, b.id
        )));
    }
    Ok(())
}

/// The cycle before `current` in its series (the latest one created before it), if any.
pub async fn previous_cycle(
    store: &Store,
    current: &Assessment,
) -> Result<Option<i64>, StoreError> {
    Ok(store
        .assessments()
        .await?
        .into_iter()
        .filter(|a| a.id < current.id && in_series(a, current))
        .map(|a| a.id)
        .max())
}

/// Compares two cycles of a series: the earlier (created first) with the later, whose
/// remediation plan decides what is overdue as of `as_of`.
pub fn compare_cycles(
    library: &Library,
    a: &Assessment,
    b: &Assessment,
    as_of: Date,
) -> Result<Comparison, CycleError> {
    if a.id == b.id {
        return Err(CycleError::SameAssessment);
    }
    comparable(a, b)?;
    let (before, after) = if a.id < b.id { (a, b) } else { (b, a) };
    let questionnaire = |x: &Assessment| {
        library
            .version(&x.questionnaire_id, &x.questionnaire_version)
            .ok_or_else(|| CycleError::QuestionnaireUnavailable {
                assessment: x.id,
                id: x.questionnaire_id.clone(),
                version: x.questionnaire_version.clone(),
            })
    };
    let (qb, qa) = (questionnaire(before)?, questionnaire(after)?);
    let (answers_before, answers_after) = (answers(&before.answers), answers(&after.answers));
    let plan = plan(after);
    Ok(questionnaires::compare(
        &Side {
            cycle: &before.cycle,
            questionnaire: qb,
            profile: &before.profile,
            answers: &answers_before,
        },
        &Side {
            cycle: &after.cycle,
            questionnaire: qa,
            profile: &after.profile,
            answers: &answers_after,
        },
        &library.catalog,
        &plan,
        as_of,
    )?)
}

/// The answers of a stored assessment as the scoring method takes them (ids that are not
/// question ids cannot be stored, and are skipped).
pub fn answers(stored: &std::collections::BTreeMap<String, StoredAnswer>) -> Answers {
    stored
        .values()
        .filter_map(|a| {
            Some((
                QuestionId::parse(&a.question_id).ok()?,
                questionnaires::Answer {
                    value: a.value,
                    na_reason: a.na_reason.clone(),
                    note: a.note.clone(),
                },
            ))
        })
        .collect()
}

fn plan(assessment: &Assessment) -> Vec<PlanItem> {
    assessment
        .remediation
        .values()
        .filter_map(|r| {
            Some(PlanItem {
                question: QuestionId::parse(&r.question_id).ok()?,
                owner: r.owner.clone(),
                due: r.due_date.clone(),
                status: r.status,
            })
        })
        .collect()
}

fn in_series(a: &AssessmentListItem, current: &Assessment) -> bool {
    a.organization.id == current.organization.id
        && a.questionnaire_id == current.questionnaire_id
        && questionnaires::same_subject(a.subject.as_ref(), current.subject.as_ref())
}

/// Every cycle of organization `id`, scored with its own questionnaire version.
pub async fn trend(store: &Store, library: &Library, id: i64) -> Result<Trend, StoreError> {
    // Unknown organization: NotFound.
    store.organization(id).await?;
    let mut items: Vec<AssessmentListItem> = store
        .assessments()
        .await?
        .into_iter()
        .filter(|a| a.organization.id == id)
        .collect();
    items.sort_by_key(|a| a.id);
    let mut series: Vec<TrendSeries> = Vec::new();
    for item in items {
        let questionnaire = library.version(&item.questionnaire_id, &item.questionnaire_version);
        let scored = questionnaire
            .and_then(|q| score(q, &library.catalog, &item.profile, &item.answers).ok());
        let domains = questionnaire
            .map(|q| {
                q.domains
                    .iter()
                    .map(|d| TrendDomain {
                        domain: d.id.clone(),
                        title: d.title.clone(),
                        score: scored
                            .as_ref()
                            .and_then(|s| s.domain(&d.id))
                            .and_then(|s| s.tally.score),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let cycle = TrendCycle {
            assessment_id: item.id,
            cycle: item.cycle,
            questionnaire_version: item.questionnaire_version,
            status: item.status,
            overall: scored.as_ref().and_then(|s| s.overall.score),
            readiness: scored.as_ref().map(|s| s.readiness.level),
            domains,
        };
        let found = series.iter_mut().find(|s| {
            s.questionnaire_id == item.questionnaire_id
                && questionnaires::same_subject(s.subject.as_ref(), item.subject.as_ref())
        });
        match found {
            Some(s) => s.cycles.push(cycle),
            None => series.push(TrendSeries {
                questionnaire_id: item.questionnaire_id,
                subject: item.subject,
                cycles: vec![cycle],
            }),
        }
    }
    Ok(Trend {
        organization_id: id,
        series,
    })
}
