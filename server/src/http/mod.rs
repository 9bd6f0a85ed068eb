//! The HTTP layer: the JSON API under `/api` (one module per resource, each with its own
//! `router()`), and the embedded front end for every other path.

mod archives;
mod assessments;
mod audit;
mod cycles;
mod error;
mod evidence;
mod exchange;
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
mod upgrade;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use ::questionnaires::Library;
pub use assessments::{NA_REASON_MAX, NOTE_MAX};
pub use error::ApiError;

use crate::store::Store;

/// The limits of the API's fields and uploads, for the other ways data comes in (an imported
/// archive), so that they are the same.
pub mod limits {
    pub use super::assessments::{
        CYCLE_MAX as CYCLE, NA_REASON_MAX as NA_REASON, NOTE_MAX as NOTE,
    };
    pub use super::evidence::UPLOAD_LIMIT as EVIDENCE_FILE;
    pub use super::organizations::{LABEL_MAX as LABEL, NAME_MAX as ORGANIZATION_NAME};
    pub use super::remediation::OWNER_MAX as OWNER;
}

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
        .merge(upgrade::router())
        .merge(exchange::router())
        .merge(archives::router())
        .merge(cycles::router())
        .merge(formats::router())
        .fallback(error::api_not_found)
        .method_not_allowed_fallback(error::api_method_not_allowed)
        // JSON bodies are small; the evidence upload and the archive import set their own, larger
        // limits.
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
