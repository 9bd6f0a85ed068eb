//! Review cycles side by side: `GET /api/assessments/{id}/compare[?with=&as_of=]` (what changed
//! between two cycles of one organization, questionnaire and App, by `questionnaires::compare`,
//! the function the report's comparison section prints) and `GET /api/organizations/{id}/trend`
//! (every cycle's overall and per-domain score and readiness). Both only read.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use questionnaires::Comparison;
use questionnaires::compare::Date;
use questionnaires::contract::ErrorCode;
use serde::Deserialize;
use utoipa::ToSchema;

use super::error::capitalise;
use super::extract::{PathParams, QueryParams};
use super::{ApiError, AppState};
use crate::cycles::{self, CycleError, Trend};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/assessments/{id}/compare", get(compare))
        .route("/organizations/{id}/trend", get(trend))
}

#[derive(Deserialize)]
pub struct CompareParams {
    with: Option<i64>,
    as_of: Option<IsoDate>,
}

/// A calendar date, `YYYY-MM-DD`.
#[derive(Deserialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = String, format = Date)]
pub struct IsoDate(String);

#[utoipa::path(get, path = "/api/assessments/{id}/compare", tag = "assessments",
    summary = "What changed between two review cycles",
    params(
        ("id" = i64, Path),
        ("with" = Option<i64>, Query, description = "The other assessment; by default the cycle before this one of the same organization, questionnaire and App. The one created first is the earlier cycle."),
        ("as_of" = Option<IsoDate>, Query, description = "The date remediation items are overdue on; today (UTC) when absent"),
    ),
    responses(
        (status = 200, description = "Per question improved / regressed / unchanged / new / removed with both answers, domain and instrument score changes, gaps closed and opened, overdue remediation", body = Comparison),
        (status = 400, description = "`invalid_query`: `with` is not an integer, or a parameter is given twice"),
        (status = 404, description = "`not_found`: no such assessment (or `with`); `no_previous_cycle`: no `with` and this is the first cycle"),
        (status = 409, description = "`not_comparable`: the two are of another organization, questionnaire or App, or the same assessment; `questionnaire_unavailable`: a pinned questionnaire version is not loaded; `unscorable`: stored answers or remediation dates cannot be compared"),
        (status = 422, description = "`invalid_date`: `as_of` is not a date YYYY-MM-DD"),
    ))]
pub async fn compare(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
    QueryParams(params): QueryParams<CompareParams>,
) -> Result<Json<Comparison>, ApiError> {
    let as_of = match params.as_of.as_ref().map(|d| d.0.as_str()) {
        Some(text) => Date::parse(text).ok_or_else(|| {
            ApiError::invalid(
                ErrorCode::InvalidDate,
                format!("`as_of` is “{text}”; write a date as YYYY-MM-DD, e.g. 2026-06-30."),
            )
        })?,
        None => today()?,
    };
    let current = state.store.assessment(id).await?;
    let other = match params.with {
        Some(with) => with,
        None => cycles::previous_cycle(&state.store, &current)
            .await?
            .ok_or_else(|| {
                ApiError::coded(
                    StatusCode::NOT_FOUND,
                    ErrorCode::NoPreviousCycle,
                    format!(
                        "Assessment {id} is the first cycle of its organization, questionnaire and App; there is no earlier cycle to compare it with."
                    ),
                )
            })?,
    };
    let other = state.store.assessment(other).await?;
    cycles::compare_cycles(&state.library, &current, &other, as_of)
        .map(Json)
        .map_err(|e| match e {
            CycleError::Store(e) => e.into(),
            e @ (CycleError::SameAssessment | CycleError::NotComparable(_)) => ApiError::coded(
                StatusCode::CONFLICT,
                ErrorCode::NotComparable,
                capitalise(&e.to_string()),
            ),
            e @ CycleError::QuestionnaireUnavailable { .. } => ApiError::coded(
                StatusCode::CONFLICT,
                ErrorCode::QuestionnaireUnavailable,
                capitalise(&e.to_string()),
            ),
            e @ CycleError::Compare(_) => ApiError::coded(
                StatusCode::CONFLICT,
                ErrorCode::Unscorable,
                capitalise(&e.to_string()),
            ),
        })
}

#[utoipa::path(get, path = "/api/organizations/{id}/trend", tag = "organizations",
    summary = "Every review cycle of an organization, scored",
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "One series per questionnaire and App, each cycle with its overall and per-domain score and readiness, oldest first", body = Trend),
        (status = 404, description = "`not_found`: no such organization"),
    ))]
pub async fn trend(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
) -> Result<Json<Trend>, ApiError> {
    Ok(Json(cycles::trend(&state.store, &state.library, id).await?))
}

/// Today's date in UTC, the default day overdue is decided on.
fn today() -> Result<Date, ApiError> {
    let now = time::OffsetDateTime::now_utc().date();
    let text = format!(
        "{:04}-{:02}-{:02}",
        now.year(),
        u8::from(now.month()),
        now.day()
    );
    Date::parse(&text)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("today's date {text} does not parse")))
}
