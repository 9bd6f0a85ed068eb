//! `GET /api/assessments/{id}/report.pdf?lang=zh-CN|en`: the readiness report as a PDF. Like every
//! GET it changes nothing: the report of record is fixed at approval, not when it is downloaded.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use questionnaires::Lang;
use questionnaires::contract::ErrorCode;
use serde::Deserialize;

use super::error::capitalise;
use super::extract::{PathParams, QueryParams};
use super::{ApiError, AppState};
use crate::report::{self, ReportFailure};

pub fn router() -> Router<AppState> {
    Router::new().route("/assessments/{id}/report.pdf", get(pdf))
}

#[derive(Deserialize)]
pub struct Params {
    pub(super) lang: Option<String>,
}

#[utoipa::path(get, path = "/api/assessments/{id}/report.pdf", tag = "assessments",
    summary = "The readiness report as a PDF",
    params(
        ("id" = i64, Path),
        ("lang" = Option<Lang>, Query, description = "The report's language; `zh-CN` when absent"),
    ),
    responses(
        (status = 200, description = "The PDF, as an attachment, with its SHA-256 in `X-Ziping-Report-Sha256` and the digest of its data in `X-Ziping-Data-Digest`",
            content_type = "application/pdf", body = Vec<u8>),
        (status = 400, description = "`bad_request`: `lang` is not `zh-CN` or `en`; `invalid_query`: a parameter given twice"),
        (status = 404, description = "`not_found`: no such assessment"),
        (status = 409, description = "`questionnaire_unavailable`: the pinned questionnaire version is not loaded; `missing_glyphs`: the assessment's text has characters the report font lacks (named in the message); `unscorable`: the stored answers cannot be scored"),
        (status = 503, description = "`no_fonts`: the server has no font for reports"),
    ))]
pub async fn pdf(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
    QueryParams(params): QueryParams<Params>,
) -> Result<Response, ApiError> {
    let lang = super::exchange::language(params.lang.as_deref())?;
    let report = report::generate(&state.store, &state.library, &state.fonts, id, lang)
        .await
        .map_err(report_error)?;

    let filename = format!("{}-{}.pdf", report.report_id, lang.tag());
    let mut response = report.pdf.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    if let Ok(value) = HeaderValue::from_str(&report.sha256) {
        headers.insert("x-ziping-report-sha256", value);
    }
    if let Ok(value) = HeaderValue::from_str(&report.digest) {
        headers.insert("x-ziping-data-digest", value);
    }
    Ok(response)
}

/// A report that cannot be made, as the API answers it.
pub(super) fn report_error(failure: ReportFailure) -> ApiError {
    match failure {
        ReportFailure::Store(e) => ApiError::from(e),
        ReportFailure::NoFonts(_) => ApiError::coded(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::NoFonts,
            failure.to_string(),
        ),
        // The request is fine; what is stored cannot be printed (a character the font
        // lacks) or scored. A conflict with the assessment's state, which the user can fix.
        ReportFailure::Render(ziping_report::ReportError::MissingGlyphs { .. }) => ApiError::coded(
            StatusCode::CONFLICT,
            ErrorCode::MissingGlyphs,
            capitalise(&failure.to_string()),
        ),
        ReportFailure::Render(ziping_report::ReportError::Score(_)) => ApiError::coded(
            StatusCode::CONFLICT,
            ErrorCode::Unscorable,
            capitalise(&failure.to_string()),
        ),
        other => ApiError::Internal(anyhow::Error::new(other)),
    }
}
