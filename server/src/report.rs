//! The readiness report of an assessment: the snapshot of what the store holds, handed to
//! `ziping-report`, which renders it. Shared by `GET /api/assessments/{id}/report.pdf` and
//! `ziping report`.
//!
//! Everything printed comes from the data, so the same assessment renders to the same bytes: the
//! report's date is the assessment's last change, the report id derives from the snapshot's
//! digest, which the cover prints, so that a report handed to an auditor can be traced to its
//! data. Rendering writes nothing: what the report of record prints beyond the assessment's own
//! data is fixed once, at approval ([`approval_record`], kept in the approval's audit event).

use std::sync::{Arc, OnceLock};

use questionnaires::{AnswerValue, Answers, Lang, Library, QuestionId};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ziping_report::{
    AnswerMeta, AssessmentStatus, Evidence, FontSource, Fonts, Organization, PreviousCycle,
    Remediation, RemediationStatus, RenderOptions, ReportInput, SignOff, Signature, TrendPoint,
};

use crate::config::FontArgs;
use crate::store::model::{
    self as stored, Assessment, AuditAction, AuditEntity, EvidenceKind, Status,
};
use crate::store::{Store, StoreError, hex};

/// A rendered report and what identifies it.
#[derive(Debug)]
pub struct Report {
    pub pdf: Vec<u8>,
    /// SHA-256 of the PDF, lower-case hex.
    pub sha256: String,
    /// SHA-256 of the snapshot's canonical JSON, as printed on the cover.
    pub digest: String,
    pub report_id: String,
    /// The assessment was approved, so this is the report of record.
    pub approved: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportFailure {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the report font cannot be used: {0}; give another with --font")]
    NoFonts(String),
    #[error(
        "assessment {assessment} uses questionnaire {id} {version}, which this Ziping does not have"
    )]
    UnknownQuestionnaire {
        assessment: i64,
        id: String,
        version: String,
    },
    #[error("{0}")]
    Render(#[from] ziping_report::ReportError),
    #[error("the report task failed: {0}")]
    Task(String),
}

/// The report's font. Which face is decided at start-up (`--font`, else the system's Noto Sans
/// CJK, else the face built into the binary); it is parsed when the first report is rendered, so
/// a server that renders no report never holds it in memory.
#[derive(Clone)]
pub struct ReportFonts(Arc<LazyFonts>);

struct LazyFonts {
    source: FontSource,
    loaded: OnceLock<Result<Arc<Fonts>, String>>,
}

impl ReportFonts {
    pub fn new(args: &FontArgs) -> ReportFonts {
        let source = match &args.font {
            Some(path) => FontSource::File {
                path: path.clone(),
                face: None,
            },
            None if args.font_dirs.is_empty() => FontSource::find(&FontSource::system_dirs()),
            None => FontSource::find(&args.font_dirs),
        };
        tracing::info!(font = %source, "report font");
        ReportFonts(Arc::new(LazyFonts {
            source,
            loaded: OnceLock::new(),
        }))
    }

    /// Where the report's face comes from.
    pub fn source(&self) -> &FontSource {
        &self.0.source
    }

    /// The parsed face; the first call parses it (tens of milliseconds: call it off the async
    /// threads).
    fn get(&self) -> Result<Arc<Fonts>, ReportFailure> {
        self.0
            .loaded
            .get_or_init(|| {
                Fonts::load(&self.0.source).map(Arc::new).map_err(|error| {
                    tracing::error!(%error, "the report font cannot be used");
                    error.to_string()
                })
            })
            .clone()
            .map_err(ReportFailure::NoFonts)
    }
}

/// Renders the report of assessment `id` in `lang`.
pub async fn generate(
    store: &Store,
    library: &Library,
    fonts: &ReportFonts,
    id: i64,
    lang: Lang,
) -> Result<Report, ReportFailure> {
    let assessment = store.assessment(id).await?;
    let input = snapshot(store, library, &assessment).await?;
    let options = RenderOptions {
        lang,
        generated_at: generated_at(&assessment),
        report_id: None,
    };
    let digest = input.digest();
    let fonts = fonts.clone();
    // Rendering is tens of milliseconds of CPU (the first time also parsing the font): keep it
    // off the async threads.
    let pdf = tokio::task::spawn_blocking(move || {
        ziping_report::render(&input, &*fonts.get()?, &options).map_err(ReportFailure::from)
    })
    .await
    .map_err(|e| ReportFailure::Task(e.to_string()))??;
    let sha256 = hex(&Sha256::digest(&pdf));
    let report_id = ziping_report::report_id(&digest);
    Ok(Report {
        pdf,
        sha256,
        digest,
        report_id,
        approved: assessment.status == Status::Approved,
    })
}

/// The report's date: the assessment's last change, so that the same data prints the same.
pub fn generated_at(assessment: &Assessment) -> i64 {
    unix_seconds(&assessment.updated_at)
}

/// The snapshot of an assessment: its data, the questionnaire version it is pinned to, who
/// signed it off (from the audit log), and the earlier cycles of the same organization and
/// questionnaire for the comparison and the trend.
pub async fn snapshot(
    store: &Store,
    library: &Library,
    assessment: &Assessment,
) -> Result<ReportInput, ReportFailure> {
    let mut questionnaire = library
        .version(
            &assessment.questionnaire_id,
            &assessment.questionnaire_version,
        )
        .ok_or_else(|| ReportFailure::UnknownQuestionnaire {
            assessment: assessment.id,
            id: assessment.questionnaire_id.clone(),
            version: assessment.questionnaire_version.clone(),
        })?
        .clone();
    // The report does not print the scope (it is for choosing a questionnaire); left out of the
    // snapshot, it does not change the digest and bytes of reports approved before it existed.
    questionnaire.scope = questionnaires::Text::default();
    let events = store.audit_events(assessment.id).await?;

    let mut answers = Answers::new();
    let mut answer_meta = std::collections::BTreeMap::new();
    for (question, answer) in &assessment.answers {
        let Ok(id) = QuestionId::parse(question) else {
            continue;
        };
        answers.insert(
            id.clone(),
            questionnaires::Answer {
                value: answer.value,
                na_reason: answer.na_reason.clone(),
                note: answer.note.clone(),
            },
        );
        answer_meta.insert(
            id,
            AnswerMeta {
                updated_by: answer.updated_by.clone(),
                updated_at: answer.updated_at.clone(),
                carried: answer.carried,
            },
        );
    }
    let evidence = assessment
        .evidence
        .iter()
        .filter_map(|e| {
            let question = QuestionId::parse(&e.question_id).ok()?;
            let name = match e.kind {
                EvidenceKind::File => e.name.clone().unwrap_or_default(),
                EvidenceKind::Note => note_title(&e.note),
            };
            Some(Evidence {
                question,
                name,
                sha256: e.sha256.clone(),
                size: u64::try_from(e.size).unwrap_or(0),
                media_type: e
                    .media_type
                    .clone()
                    .unwrap_or_else(|| "text/plain".to_owned()),
            })
        })
        .collect();
    let remediation = assessment
        .remediation
        .values()
        .filter_map(|r| {
            Some(Remediation {
                question: QuestionId::parse(&r.question_id).ok()?,
                owner: r.owner.clone(),
                due: r.due_date.clone().unwrap_or_default(),
                status: match r.status {
                    stored::RemediationStatus::Open => RemediationStatus::Open,
                    stored::RemediationStatus::InProgress => RemediationStatus::InProgress,
                    stored::RemediationStatus::Done => RemediationStatus::Done,
                    stored::RemediationStatus::Accepted => RemediationStatus::Accepted,
                },
                comment: r.comment.clone(),
            })
        })
        .collect();

    let ApprovalRecord {
        organization,
        previous,
        trend,
    } = match approved_record(store, assessment).await? {
        Some(record) => record,
        None => live_context(store, library, assessment).await?,
    };

    let instruments = library.instruments_cited(&questionnaire);
    Ok(ReportInput {
        instruments,
        carried_from: assessment.carried_from.as_ref().map(|c| c.cycle.clone()),
        subject: assessment.subject.clone(),
        organization,
        cycle: assessment.cycle.clone(),
        questionnaire,
        catalog: library.catalog.clone(),
        status: match assessment.status {
            Status::Draft => AssessmentStatus::Draft,
            Status::Submitted => AssessmentStatus::Submitted,
            Status::Approved => AssessmentStatus::Approved,
            Status::Archived => AssessmentStatus::Archived,
        },
        profile: assessment.profile.clone(),
        answers,
        answer_meta,
        evidence,
        remediation,
        sign_off: sign_off(&events),
        previous,
        trend,
    })
}

/// What the report prints beyond the assessment's own data: the organization's details and the
/// earlier cycles it is compared with. Fixed when the assessment is approved
/// ([`approval_record`]), so that the report of record stays the same.
#[derive(Serialize, Deserialize)]
struct ApprovalRecord {
    organization: Organization,
    previous: Option<PreviousCycle>,
    trend: Vec<TrendPoint>,
}

/// The approval record of assessment `id` as of now, for `Store::set_status` to keep.
pub async fn approval_record(
    store: &Store,
    library: &Library,
    id: i64,
) -> Result<serde_json::Value, ReportFailure> {
    let assessment = store.assessment(id).await?;
    serde_json::to_value(live_context(store, library, &assessment).await?)
        .map_err(|e| ReportFailure::Task(format!("cannot encode the approval record: {e}")))
}

/// The record kept at approval, for an assessment that is approved (or archived since).
async fn approved_record(
    store: &Store,
    assessment: &Assessment,
) -> Result<Option<ApprovalRecord>, ReportFailure> {
    if !assessment.status.is_read_only() {
        return Ok(None);
    }
    let Some(record) = store.approval_record(assessment.id).await? else {
        return Ok(None);
    };
    let record = serde_json::from_value(record).map_err(|e| {
        StoreError::Corrupt(format!(
            "the approval record of assessment {}: {e}",
            assessment.id
        ))
    })?;
    Ok(Some(record))
}

/// The organization and the comparison with earlier cycles, from the data as it is now.
async fn live_context(
    store: &Store,
    library: &Library,
    assessment: &Assessment,
) -> Result<ApprovalRecord, ReportFailure> {
    let earlier = earlier_cycles(store, library, assessment).await?;
    let comparison = match earlier.last() {
        Some(previous) => comparison(store, library, previous.id, assessment).await?,
        None => None,
    };
    let previous = earlier.last().map(|cycle| PreviousCycle {
        cycle: cycle.cycle.clone(),
        overall: cycle.overall,
        values: cycle.values.clone(),
        comparison,
    });
    let trend = earlier
        .iter()
        .filter_map(|c| {
            Some(TrendPoint {
                cycle: c.cycle.clone(),
                score: c.overall?,
            })
        })
        .collect();

    Ok(ApprovalRecord {
        organization: Organization {
            name: assessment.organization.name.clone(),
            uscc: assessment.organization.uscc.clone(),
            industry: assessment.organization.industry.clone(),
            region: assessment.organization.region.clone(),
        },
        previous,
        trend,
    })
}

/// What changed from the previous cycle `previous` to `current`, by the same function as the
/// compare page; overdue is decided as of the report's date (the day of the last change). A
/// previous cycle that cannot be compared (its questionnaire version is not loaded, or its
/// answers cannot be scored) leaves the comparison out, as it leaves out that cycle's score.
async fn comparison(
    store: &Store,
    library: &Library,
    previous: i64,
    current: &Assessment,
) -> Result<Option<questionnaires::Comparison>, ReportFailure> {
    let before = store.assessment(previous).await?;
    let Some(as_of) = current
        .updated_at
        .get(..10)
        .and_then(questionnaires::compare::Date::parse)
    else {
        return Err(StoreError::Corrupt(format!(
            "assessment {} has the change time {:?}, which does not start with a date",
            current.id, current.updated_at
        ))
        .into());
    };
    match crate::cycles::compare_cycles(library, &before, current, as_of) {
        Ok(comparison) => Ok(Some(comparison)),
        Err(crate::cycles::CycleError::Store(e)) => Err(e.into()),
        Err(error) => {
            tracing::warn!(%error, previous, current = current.id, "the previous cycle is not compared");
            Ok(None)
        }
    }
}

/// An earlier review cycle, reduced to what the report compares.
struct Earlier {
    id: i64,
    cycle: String,
    overall: Option<f64>,
    values: std::collections::BTreeMap<QuestionId, AnswerValue>,
}

/// The earlier assessments (smaller ids) of the same organization, questionnaire and App (see
/// `questionnaires::same_subject`), oldest first, each scored with its own questionnaire version. Answers of questions that were
/// replaced are carried to their successors' ids.
async fn earlier_cycles(
    store: &Store,
    library: &Library,
    current: &Assessment,
) -> Result<Vec<Earlier>, ReportFailure> {
    let Some(questionnaire) =
        library.version(&current.questionnaire_id, &current.questionnaire_version)
    else {
        return Ok(Vec::new());
    };
    let mut earlier: Vec<_> = store
        .assessments()
        .await?
        .into_iter()
        .filter(|a| {
            a.id < current.id
                && a.organization.id == current.organization.id
                && a.questionnaire_id == current.questionnaire_id
                && questionnaires::same_subject(a.subject.as_ref(), current.subject.as_ref())
        })
        .collect();
    earlier.sort_by_key(|a| a.id);
    Ok(earlier
        .into_iter()
        .map(|a| {
            let overall = library
                .version(&a.questionnaire_id, &a.questionnaire_version)
                .and_then(|q| {
                    questionnaires::score::score(q, &library.catalog, &a.profile, &a.answers).ok()
                })
                .and_then(|s| s.overall.score);
            let mut values = std::collections::BTreeMap::new();
            for (_, question) in questionnaire.questions() {
                let answer = question.answer_ids().find_map(|id| a.answers.get(id));
                if let Some(answer) = answer {
                    values.insert(question.id.clone(), answer.value);
                }
            }
            Earlier {
                id: a.id,
                cycle: a.cycle,
                overall,
                values,
            }
        })
        .collect())
}

/// Who submitted (the assessor) and who approved, from the latest such events of the audit log.
fn sign_off(events: &[stored::AuditEvent]) -> SignOff {
    let latest = |action: AuditAction| {
        events
            .iter()
            .rev()
            .find(|e| e.entity == AuditEntity::Assessment && e.action == action)
            .map(|e| Signature {
                name: e.actor.clone(),
                date: e.at.get(..10).unwrap_or(&e.at).to_owned(),
            })
    };
    SignOff {
        assessor: latest(AuditAction::Submit),
        reviewer: None,
        approver: latest(AuditAction::Approve),
    }
}

/// The first line of a text note, short enough for the evidence index.
fn note_title(note: &str) -> String {
    let line = note.lines().next().unwrap_or_default().trim();
    let mut title: String = line.chars().take(40).collect();
    if line.chars().count() > 40 {
        title.push('…');
    }
    title
}

/// Unix seconds of an RFC 3339 timestamp as the store writes them; 0 if it cannot be read.
fn unix_seconds(timestamp: &str) -> i64 {
    time::OffsetDateTime::parse(timestamp, &time::format_description::well_known::Rfc3339)
        .map(|t| t.unix_timestamp())
        .unwrap_or(0)
}
