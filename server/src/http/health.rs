//! `GET /api/health`: the server's name and version and how many questionnaires it loaded.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use utoipa::ToSchema;

use super::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `ziping`.
    name: &'static str,
    /// The server's version.
    version: &'static str,
    /// How many questionnaire versions are loaded.
    questionnaires: usize,
}

#[utoipa::path(get, path = "/api/health", tag = "content",
    summary = "The server's name and version and how many questionnaires it loaded",
    responses((status = 200, description = "OK", body = Health)))]
pub async fn health(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        name: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
        questionnaires: state.library.questionnaires.len(),
    })
}
