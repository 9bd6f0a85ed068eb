//! The loaded content: `GET /api/questionnaires` (a summary of each), `GET
//! /api/questionnaires/{id}[?version=V]` (the latest or a given version, whole) and `GET /api/regulations` (the
//! regulation catalog).

use ::questionnaires::{Catalog, Questionnaire, SubjectKind, Text};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::extract::{PathParams, QueryParams};
use super::{ApiError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/questionnaires", get(list))
        .route("/questionnaires/{id}", get(one))
        .route("/regulations", get(regulations))
}

/// One questionnaire version, in short.
#[derive(Serialize, ToSchema)]
pub struct QuestionnaireSummary {
    id: String,
    version: String,
    title: Text,
    /// `YYYY-MM-DD`
    effective: String,
    /// What the questionnaire assesses and for whom; empty texts when the content gives none.
    scope: Text,
    /// `organization`, or `app` when each assessment covers one App (and must name it).
    subject: SubjectKind,
    domains: usize,
    questions: usize,
    profile_facts: usize,
}

#[utoipa::path(get, path = "/api/questionnaires", tag = "content",
    summary = "A summary of each questionnaire version loaded",
    responses((status = 200, description = "OK", body = [QuestionnaireSummary])))]
pub async fn list(State(state): State<AppState>) -> Json<Vec<QuestionnaireSummary>> {
    let summaries = state
        .library
        .questionnaires
        .iter()
        .map(|q| QuestionnaireSummary {
            id: q.id.clone(),
            version: q.version.clone(),
            title: q.title.clone(),
            effective: q.effective.clone(),
            scope: q.scope.clone(),
            subject: q.subject,
            domains: q.domains.len(),
            questions: q.questions().count(),
            profile_facts: q.profile.len(),
        })
        .collect();
    Json(summaries)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Version {
    /// A given version, e.g. `2026.1` (an assessment is pinned to one); the latest when absent.
    version: Option<String>,
}

#[utoipa::path(get, path = "/api/questionnaires/{id}", tag = "content",
    summary = "The latest or a given version of a questionnaire, whole",
    params(("id" = String, Path, description = "A questionnaire id from `GET /api/questionnaires`"), Version),
    responses(
        (status = 200, description = "OK", body = Questionnaire),
        (status = 400, description = "`invalid_query`: `version` given twice"),
        (status = 404, description = "`not_found`: no such questionnaire, or not in that version"),
    ))]
pub async fn one(
    State(state): State<AppState>,
    PathParams(id): PathParams<String>,
    QueryParams(Version { version }): QueryParams<Version>,
) -> Result<Json<Questionnaire>, ApiError> {
    let found = match &version {
        None => state.library.questionnaire(&id),
        Some(version) => state.library.version(&id, version),
    };
    found.cloned().map(Json).ok_or_else(|| {
        ApiError::NotFound(match version {
            None => format!("There is no questionnaire with id `{id}`."),
            Some(version) => format!("There is no version {version} of questionnaire `{id}`."),
        })
    })
}

#[utoipa::path(get, path = "/api/regulations", tag = "content",
    summary = "The regulation catalog: every instrument a questionnaire may cite",
    responses((status = 200, description = "OK", body = Catalog)))]
pub async fn regulations(State(state): State<AppState>) -> Json<Catalog> {
    Json(state.library.catalog.clone())
}
