//! The HTTP layer: the JSON API under `/api` (one module per resource, each with its own
//! `router()`), and the embedded front end for every other path.

mod assessments;
mod audit;
mod error;
mod evidence;
pub mod extract;
mod formats;
mod health;
mod openapi;
mod organizations;
mod questionnaires;
mod remediation;
mod reports;
mod schema;
pub mod security;
pub mod site;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use ::questionnaires::Library;
pub use error::ApiError;

use crate::store::Store;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub library: Arc<Library>,
    pub store: Store,
    pub security: security::Security,
    /// Loaded once at start-up; reports explain what to install when there are none.
    pub fonts: crate::report::ReportFonts,
}

/// The whole application: API, then the front end as the fallback.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .merge(health::router())
        .merge(questionnaires::router())
        .merge(organizations::router())
        .merge(assessments::router())
        .merge(evidence::router())
        .merge(remediation::router())
        .merge(audit::router())
        .merge(openapi::router(&state.library))
        .merge(reports::router())
        .merge(formats::router())
        .fallback(error::api_not_found)
        .method_not_allowed_fallback(error::api_method_not_allowed)
        // JSON bodies are small; the evidence upload sets its own, larger limit.
        .layer(DefaultBodyLimit::max(extract::JSON_LIMIT))
        // API bodies are compressed on the fly (the questionnaire is several hundred kilobytes of
        // JSON); the front end's assets are compressed once at build time.
        .layer(CompressionLayer::new().quality(CompressionLevel::Fastest));
    Router::new()
        .nest("/api", api)
        .fallback(site::serve)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::guard,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
