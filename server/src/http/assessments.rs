//! `/api/assessments`: the assessment list for the home page, creating an assessment (pinned to
//! the latest questionnaire version), reading one whole, its profile, its answers (with the
//! revision the client last saw) and its score by the shared scoring method.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use questionnaires::contract::{ErrorCode, check_profile};
use questionnaires::score::{ReadinessLevel, Score, score};
use questionnaires::{
    AnswerValue, Answers, Library, Profile, QuestionId, Questionnaire, Subject, SubjectError,
    SubjectKind,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{Actor, JsonBody, PathParams, integer, optional_integer};
use super::schema::{self, KnownProfile, KnownQuestionId, KnownQuestionnaire};
use super::{ApiError, AppState};
use crate::domain::{bounded, carry, required};
use crate::report::{self, ReportFailure};
use crate::store::StoreError;
use crate::store::model::{
    AnswerInput, Assessment, NewAssessment, OrganizationRef, Pinned, Status, StoredAnswer,
};
pub use questionnaires::contract::limits::{CYCLE_MAX, NA_REASON_MAX, NOTE_MAX};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/assessments", get(list).post(create))
        .route("/assessments/{id}", get(one))
        .route("/assessments/{id}/profile", put(set_profile))
        .route("/assessments/{id}/answers/{question}", put(save_answer))
        .route("/assessments/{id}/score", get(get_score))
        .route("/assessments/{id}/status", post(set_status))
}

/// One line of the home page's assessment list.
#[derive(Serialize, ToSchema)]
pub struct AssessmentSummary {
    pub id: i64,
    pub organization: OrganizationRef,
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    pub cycle: String,
    /// The App assessed; null for an assessment of the whole organization.
    pub subject: Option<Subject>,
    pub status: Status,
    /// Overall score 0–100, unrounded; null when nothing is scored yet or the questionnaire
    /// version is not loaded.
    pub score: Option<f64>,
    /// Null when the questionnaire version is not loaded.
    pub readiness: Option<ReadinessLevel>,
    /// Answered share of the applicable questions, 0–100, unrounded.
    pub completion: Option<f64>,
    pub updated_at: String,
}

#[derive(Deserialize, ToSchema)]
pub struct NewAssessmentBody {
    /// An organization from `GET /api/organizations`; 404 `unknown_organization` when there is
    /// none with this id.
    #[serde(deserialize_with = "integer")]
    pub organization_id: i64,
    /// A questionnaire id from `GET /api/questionnaires`; its latest version is pinned.
    #[schema(value_type = KnownQuestionnaire)]
    pub questionnaire_id: String,
    /// 评估周期, e.g. `2026 年度`: one line, not blank.
    #[schema(schema_with = cycle_schema)]
    pub cycle: String,
    /// The App to assess. Required by a questionnaire that assesses one App at a time (its
    /// `subject` is `app` in `GET /api/questionnaires`), optional otherwise. With `carry_from`
    /// it may be left out: the earlier assessment's App is taken over; given, it must be the same
    /// App (the same package id, or the same name on the same platform), typically in a new
    /// version; a version or package id it leaves out is the earlier assessment's.
    #[serde(default)]
    pub subject: Option<SubjectBody>,
    /// An earlier assessment of the same organization, questionnaire and App to start from (the
    /// next review cycle): its profile, answers, evidence and unfinished remediation are copied,
    /// the answers marked as carried over until they are saved again. Answers to questions that a
    /// newer questionnaire version replaced move to their successors.
    #[serde(default, deserialize_with = "optional_integer")]
    pub carry_from: Option<i64>,
}

fn cycle_schema() -> utoipa::openapi::ObjectBuilder {
    schema::required_line(CYCLE_MAX)
}

/// The App an assessment is about, as a request names it. Every field is trimmed.
#[derive(Deserialize, ToSchema)]
pub struct SubjectBody {
    /// The App's name as users see it; required, at most 100 characters.
    #[serde(default)]
    #[schema(example = "示例商城")]
    pub name: Option<String>,
    /// `android`, `ios`, `harmonyos` or `mini_program`; required.
    #[serde(default)]
    #[schema(example = "android")]
    pub platform: Option<String>,
    /// The version assessed, e.g. `5.2.0`; optional, at most 50 characters.
    #[serde(default)]
    pub version: Option<String>,
    /// The Android package name, iOS bundle id, HarmonyOS bundle name or mini program AppID;
    /// optional, at most 255 characters, ASCII letters, digits, `.`, `_` and `-` only.
    #[serde(default)]
    #[schema(example = "com.example.shop")]
    pub package_id: Option<String>,
}

impl SubjectBody {
    fn parse(&self) -> Result<Subject, ApiError> {
        let text = |field: &Option<String>| field.clone().unwrap_or_default();
        Subject::parse(
            &text(&self.name),
            &text(&self.platform),
            &text(&self.version),
            &text(&self.package_id),
        )
        .map_err(subject_error)
    }
}

/// A refused subject as a 422 whose code says what is wrong and whose message names the field.
fn subject_error(error: SubjectError) -> ApiError {
    let code = match error {
        SubjectError::Blank { .. } => ErrorCode::Blank,
        SubjectError::TooLong { .. } => ErrorCode::TooLong,
        SubjectError::Control { .. } => ErrorCode::InvalidText,
        SubjectError::Platform { .. } => ErrorCode::InvalidPlatform,
        SubjectError::PackageId { .. } => ErrorCode::InvalidPackageId,
    };
    ApiError::invalid(code, super::error::capitalise(&error.to_string()))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct ProfileBody {
    /// Fact id → `true`/`false` (yes/no facts) or an option id (one-of facts).
    #[schema(value_type = KnownProfile)]
    pub profile: Profile,
    /// The `profile_revision` the client last saw.
    #[serde(deserialize_with = "integer")]
    pub revision: i64,
}

/// An answer to save. Its schema is written out in `schema::answer_body`, because it says what
/// a derived one cannot: `not_applicable` needs a reason.
#[derive(Deserialize)]
pub struct AnswerBody {
    pub value: AnswerValue,
    #[serde(default)]
    pub na_reason: Option<String>,
    #[serde(default)]
    pub note: String,
    #[serde(deserialize_with = "integer")]
    pub revision: i64,
}

/// A status change; its schema is `schema::status_body` (reopening needs a reason).
#[derive(Deserialize)]
pub struct StatusBody {
    pub to: Status,
    #[serde(default)]
    pub reason: Option<String>,
}

#[utoipa::path(get, path = "/api/assessments", tag = "assessments",
    responses((status = 200, description = "OK", body = [AssessmentSummary])))]
pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<AssessmentSummary>>, ApiError> {
    let items = state.store.assessments().await?;
    let library = Arc::clone(&state.library);
    let summaries = items
        .into_iter()
        .map(|item| {
            let pinned = Pinned {
                questionnaire_id: item.questionnaire_id.clone(),
                questionnaire_version: item.questionnaire_version.clone(),
            };
            let scored = score_of(&library, &pinned, &item.profile, &item.answers).ok();
            AssessmentSummary {
                id: item.id,
                organization: item.organization,
                questionnaire_id: item.questionnaire_id,
                questionnaire_version: item.questionnaire_version,
                cycle: item.cycle,
                subject: item.subject,
                status: item.status,
                score: scored.as_ref().and_then(|s| s.overall.score),
                readiness: scored.as_ref().map(|s| s.readiness.level),
                completion: scored.as_ref().and_then(|s| s.overall.completion),
                updated_at: item.updated_at,
            }
        })
        .collect();
    Ok(Json(summaries))
}

#[utoipa::path(post, path = "/api/assessments", tag = "assessments",
    params(Actor),
    request_body = NewAssessmentBody,
    responses(
        (status = 201, description = "Created", body = Assessment),
        (status = 404, description = "`unknown_organization`: no organization has the id `organization_id`; `carry_not_found`: there is no assessment `carry_from`"),
        (status = 409, description = "`duplicate_assessment`: the organization already has one for this questionnaire, App and cycle; `carry_mismatch`: `carry_from` is not an assessment of the same organization, questionnaire and App; `carry_changed`: the assessment to carry from changed meanwhile (try again)"),
        (status = 422, description = "`unknown_questionnaire`; `blank`, `too_long`, `invalid_text` (`cycle` or a `subject` field, named in the message); `invalid_platform`, `invalid_package_id`; `subject_required` when the questionnaire assesses one App at a time and no App is named"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Actor(actor): Actor,
    JsonBody(body): JsonBody<NewAssessmentBody>,
) -> Result<(StatusCode, Json<Assessment>), ApiError> {
    let cycle = required("cycle", &body.cycle, CYCLE_MAX)?;
    let questionnaire = state
        .library
        .questionnaire(&body.questionnaire_id)
        .ok_or_else(|| {
            ApiError::invalid(
                ErrorCode::UnknownQuestionnaire,
                format!(
                    "There is no questionnaire `{}`; GET /api/questionnaires lists them.",
                    body.questionnaire_id
                ),
            )
        })?;
    let requested = body.subject.as_ref().map(SubjectBody::parse).transpose()?;
    let (subject, carry) = match body.carry_from {
        Some(from) => {
            let source = match state.store.assessment(from).await {
                Ok(source) => source,
                Err(StoreError::NotFound(_)) => {
                    return Err(ApiError::coded(
                        StatusCode::NOT_FOUND,
                        ErrorCode::CarryNotFound,
                        format!("There is no assessment {from} to carry forward from."),
                    ));
                }
                Err(e) => return Err(e.into()),
            };
            let (carry, earlier) = carry::plan(source, body.organization_id, questionnaire)?;
            (carry::subject(from, earlier, requested)?, Some(carry))
        }
        None => (requested, None),
    };
    if questionnaire.subject == SubjectKind::App && subject.is_none() {
        return Err(ApiError::invalid(
            ErrorCode::SubjectRequired,
            format!(
                "Questionnaire `{}` assesses one App at a time: name the App in `subject`, with \
                 at least `name` and `platform`.",
                questionnaire.id
            ),
        ));
    }
    let new = NewAssessment {
        organization_id: body.organization_id,
        questionnaire_id: questionnaire.id.clone(),
        questionnaire_version: questionnaire.version.clone(),
        cycle,
        subject,
        carry,
    };
    let created = state.store.create_assessment(new, actor).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

#[utoipa::path(get, path = "/api/assessments/{id}", tag = "assessments",
    params(("id" = i64, Path)),
    responses((status = 200, description = "OK", body = Assessment), (status = 404, description = "`not_found`")))]
pub async fn one(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
) -> Result<Json<Assessment>, ApiError> {
    Ok(Json(state.store.assessment(id).await?))
}

#[utoipa::path(put, path = "/api/assessments/{id}/profile", tag = "assessments",
    params(("id" = i64, Path), Actor),
    request_body = ProfileBody,
    responses(
        (status = 200, description = "OK", body = ProfileBody),
        (status = 404, description = "`not_found`"),
        (status = 409, description = "`conflict` with `current: {profile, revision}` when the revision is stale; `read_only` when approved or archived"),
        (status = 422, description = "`invalid_profile`: an unknown fact or a value of the wrong kind"),
    ))]
pub async fn set_profile(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
    Actor(actor): Actor,
    JsonBody(body): JsonBody<ProfileBody>,
) -> Result<Json<ProfileBody>, ApiError> {
    let pinned = state.store.pinned(id).await?;
    let questionnaire = pinned_questionnaire(&state.library, &pinned)?;
    check_profile(questionnaire, &body.profile)
        .map_err(|e| ApiError::invalid(ErrorCode::InvalidProfile, e.to_string()))?;
    let (profile, revision) = state
        .store
        .set_profile(id, body.profile, body.revision, actor)
        .await?;
    Ok(Json(ProfileBody { profile, revision }))
}

#[utoipa::path(put, path = "/api/assessments/{id}/answers/{question}", tag = "assessments",
    params(("id" = i64, Path), ("question" = KnownQuestionId, Path), Actor),
    request_body = schema::AnswerBodySchema,
    responses(
        (status = 200, description = "OK", body = StoredAnswer),
        (status = 404, description = "no such assessment, or the question is not in its questionnaire"),
        (status = 409, description = "`conflict` with `current` (the stored answer, or null) when the revision is stale; `read_only` when approved or archived"),
        (status = 422, description = "`na_reason_required`, `too_long`, `invalid_revision`"),
    ))]
pub async fn save_answer(
    State(state): State<AppState>,
    PathParams((id, question)): PathParams<(i64, String)>,
    Actor(actor): Actor,
    JsonBody(body): JsonBody<AnswerBody>,
) -> Result<Json<StoredAnswer>, ApiError> {
    let pinned = state.store.pinned(id).await?;
    require_question(&state.library, &pinned, &question, ApiError::NotFound)?;
    let input = body_to_answer(&body)?;
    if body.revision < 0 {
        return Err(ApiError::invalid(
            ErrorCode::InvalidRevision,
            "`revision` is the revision last seen: 0 or more.",
        ));
    }
    let saved = state
        .store
        .save_answer(id, question, input, body.revision, actor)
        .await?;
    Ok(Json(saved))
}

#[utoipa::path(post, path = "/api/assessments/{id}/status", tag = "assessments",
    params(("id" = i64, Path), Actor),
    request_body = schema::StatusBodySchema,
    responses(
        (status = 200, description = "OK", body = Assessment),
        (status = 404, description = "`not_found`"),
        (status = 409, description = "`invalid_transition`: allowed are draft → submitted → approved → archived, and submitted/approved → draft; `questionnaire_unavailable` when approving an assessment whose questionnaire version is not loaded"),
        (status = 422, description = "`reason_required` when reopening without a reason; `too_long`"),
    ))]
pub async fn set_status(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
    Actor(actor): Actor,
    JsonBody(body): JsonBody<StatusBody>,
) -> Result<Json<Assessment>, ApiError> {
    if let Some(reason) = &body.reason {
        bounded("reason", reason, NA_REASON_MAX)?;
    }
    let reason = body
        .reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    // Approval fixes what the report of record prints beyond the assessment's own data.
    let record = if body.to == Status::Approved {
        let record = report::approval_record(&state.store, &state.library, id)
            .await
            .map_err(|failure| match failure {
                ReportFailure::Store(e) => ApiError::from(e),
                other => ApiError::Internal(anyhow::Error::new(other)),
            })?;
        Some(record)
    } else {
        None
    };
    Ok(Json(
        state
            .store
            .set_status(id, body.to, reason, record, actor)
            .await?,
    ))
}

fn body_to_answer(body: &AnswerBody) -> Result<AnswerInput, ApiError> {
    bounded("note", &body.note, NOTE_MAX)?;
    if let Some(reason) = &body.na_reason {
        bounded("na_reason", reason, NA_REASON_MAX)?;
    }
    let na_reason = match body.value {
        AnswerValue::NotApplicable => {
            let reason = body.na_reason.as_deref().map(str::trim).unwrap_or_default();
            if reason.is_empty() {
                return Err(ApiError::invalid(
                    ErrorCode::NaReasonRequired,
                    "An answer of 不适用 (not applicable) needs a reason in `na_reason`.",
                ));
            }
            Some(reason.to_owned())
        }
        _ => None,
    };
    Ok(AnswerInput {
        value: body.value,
        na_reason,
        note: body.note.clone(),
    })
}

#[utoipa::path(get, path = "/api/assessments/{id}/score", tag = "assessments",
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "Overall, domains, instruments, readiness with reasons, gaps, exclusions", body = Score),
        (status = 404, description = "`not_found`"),
        (status = 409, description = "`questionnaire_unavailable`: the pinned questionnaire version is not loaded; `unscorable`: the stored answers cannot be scored"),
    ))]
pub async fn get_score(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
) -> Result<Json<Score>, ApiError> {
    let input = state.store.scoring_input(id).await?;
    let scored = score_of(
        &state.library,
        &input.pinned,
        &input.profile,
        &input.answers,
    )?;
    Ok(Json(scored))
}

/// Whether `question` names a question of the questionnaire.
/// Checks that `question` is in the questionnaire version the assessment is pinned to. The caller
/// chooses the error for an unknown question (404 for a path, 422 for a form field); its message
/// names the question and the version.
pub(super) fn require_question(
    library: &Library,
    pinned: &Pinned,
    question: &str,
    unknown: impl FnOnce(String) -> ApiError,
) -> Result<(), ApiError> {
    let questionnaire = pinned_questionnaire(library, pinned)?;
    let known = QuestionId::parse(question)
        .ok()
        .is_some_and(|q| questionnaire.question(&q).is_some());
    if known {
        Ok(())
    } else {
        Err(unknown(format!(
            "Question `{question}` is not in questionnaire `{}` version {}.",
            pinned.questionnaire_id, pinned.questionnaire_version
        )))
    }
}

/// The questionnaire version an assessment is pinned to, from the loaded content.
pub(super) fn pinned_questionnaire<'a>(
    library: &'a Library,
    pinned: &Pinned,
) -> Result<&'a Questionnaire, ApiError> {
    library
        .version(&pinned.questionnaire_id, &pinned.questionnaire_version)
        .ok_or_else(|| {
            ApiError::coded(
                StatusCode::CONFLICT,
                ErrorCode::QuestionnaireUnavailable,
                format!(
                    "This assessment uses questionnaire `{}` version {}, which this Ziping does \
                     not have; start Ziping with content that includes that version.",
                    pinned.questionnaire_id, pinned.questionnaire_version
                ),
            )
        })
}

fn score_of(
    library: &Library,
    pinned: &Pinned,
    profile: &Profile,
    answers: &Answers,
) -> Result<Score, ApiError> {
    let questionnaire = pinned_questionnaire(library, pinned)?;
    // What is stored cannot be scored: a conflict with the assessment's state, not a bad request.
    score(questionnaire, &library.catalog, profile, answers).map_err(|e| {
        ApiError::coded(
            StatusCode::CONFLICT,
            ErrorCode::Unscorable,
            super::error::capitalise(&e.to_string()),
        )
    })
}
