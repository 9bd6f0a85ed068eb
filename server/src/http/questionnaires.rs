//! The loaded content: `GET /api/questionnaires` (a summary of each), `GET
//! /api/questionnaires/{id}` (the latest version, whole) and `GET /api/regulations` (the
//! regulation catalog).

use ::questionnaires::{Catalog, Questionnaire, Text};
use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

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
            domains: q.domains.len(),
            questions: q.questions().count(),
            profile_facts: q.profile.len(),
        })
        .collect();
    Json(summaries)
}

async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Questionnaire>, ApiError> {
    state
        .library
        .questionnaire(&id)
        .cloned()
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("There is no questionnaire with id `{id}`.")))
}

async fn regulations(State(state): State<AppState>) -> Json<Catalog> {
    Json(state.library.catalog.clone())
}
