//! `GET /api/health`: the server's name and version and how many questionnaires it loaded.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use super::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

#[derive(Serialize)]
struct Health {
    name: &'static str,
    version: &'static str,
    questionnaires: usize,
}

async fn health(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        name: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
        questionnaires: state.library.questionnaires.len(),
    })
}
