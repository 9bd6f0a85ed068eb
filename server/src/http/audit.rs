//! The audit log: `GET /api/assessments/{id}/audit` (an assessment's events, oldest first) and
//! `GET /api/audit/verify` (the whole hash chain checked, with the first broken link).

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};

use super::extract::PathParams;
use super::{ApiError, AppState};
use crate::store::Verification;
use crate::store::model::AuditEvent;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/assessments/{id}/audit", get(events))
        .route("/audit/verify", get(verify))
}

#[utoipa::path(get, path = "/api/assessments/{id}/audit", tag = "audit",
    params(("id" = i64, Path)),
    responses((status = 200, description = "OK", body = [AuditEvent]), (status = 404, description = "`not_found`")))]
pub async fn events(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
) -> Result<Json<Vec<AuditEvent>>, ApiError> {
    Ok(Json(state.store.audit_events(id).await?))
}

#[utoipa::path(get, path = "/api/audit/verify", tag = "audit",
    responses((status = 200, description = "OK", body = Verification)))]
pub async fn verify(State(state): State<AppState>) -> Result<Json<Verification>, ApiError> {
    Ok(Json(state.store.verify_audit().await?))
}
