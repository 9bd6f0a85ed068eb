//! The exchange formats of an assessment over HTTP: `GET /api/assessments/{id}/report.docx`.
//! Each route calls the plain function of `crate::exchange` that the command line can call too;
//! like every GET, none changes anything.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::extract::{PathParams, QueryParams};
use super::reports::{Params, report_error};
use super::{ApiError, AppState};
use crate::exchange::docx::report_docx;

const DOCX_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

pub fn router() -> Router<AppState> {
    Router::new().route("/assessments/{id}/report.docx", get(docx))
}

#[utoipa::path(get, path = "/api/assessments/{id}/report.docx", tag = "assessments",
    summary = "The readiness report as an editable Word document",
    params(
        ("id" = i64, Path),
        ("lang" = Option<questionnaires::Lang>, Query, description = "The report's language; `zh-CN` when absent"),
    ),
    responses(
        (status = 200, description = "The .docx, as an attachment, with the digest of its data in `X-Ziping-Data-Digest`",
            content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = Vec<u8>),
        (status = 400, description = "`bad_request`: `lang` is not `zh-CN` or `en`; `invalid_query`: a parameter given twice"),
        (status = 404, description = "`not_found`: no such assessment"),
        (status = 409, description = "`questionnaire_unavailable`: the pinned questionnaire version is not loaded; `unscorable`: the stored answers cannot be scored"),
    ))]
pub async fn docx(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
    QueryParams(params): QueryParams<Params>,
) -> Result<Response, ApiError> {
    let lang = super::exchange::language(params.lang.as_deref())?;
    let report = report_docx(&state.store, &state.library, id, lang)
        .await
        .map_err(report_error)?;
    let filename = format!("{}-{}.docx", report.report_id, lang.tag());
    let mut response = report.docx.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(DOCX_TYPE));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    if let Ok(value) = HeaderValue::from_str(&report.digest) {
        headers.insert("x-ziping-data-digest", value);
    }
    Ok(response)
}
