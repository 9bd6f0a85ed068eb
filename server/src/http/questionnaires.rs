//! The loaded content: `GET /api/questionnaires` (a summary of each), `GET
//! /api/questionnaires/{id}[?version=V]` (the latest or a given version, whole) and `GET /api/regulations` (the
//! regulation catalog).

use ::questionnaires::{Catalog, Questionnaire, SubjectKind, Text};
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::{ApiError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/questionnaires", get(list))
        .route("/questionnaires/{id}", get(one))
        .route("/regulations", get(regulations))
}

#[derive(Serialize)]
struct Summary {
    id: String,
    version: String,
    title: Text,
    effective: String,
    /// What the questionnaire assesses and for whom; empty texts when the content gives none.
    scope: Text,
    /// `organization`, or `app` when each assessment covers one App (and must name it).
    subject: SubjectKind,
    domains: usize,
    questions: usize,
    profile_facts: usize,
}

async fn list(State(state): State<AppState>) -> Json<Vec<Summary>> {
    let summaries = state
        .library
        .questionnaires
        .iter()
        .map(|q| Summary {
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

#[derive(Deserialize)]
struct Version {
    /// A given version (an assessment is pinned to one); the latest when absent.
    version: Option<String>,
}

async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(Version { version }): Query<Version>,
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

async fn regulations(State(state): State<AppState>) -> Json<Catalog> {
    Json(state.library.catalog.clone())
}
