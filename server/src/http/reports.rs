//! `GET /api/assessments/{id}/report.pdf?lang=zh-CN|en`: the readiness report as a PDF. Like every
//! GET it changes nothing: the report of record is fixed at approval, not when it is downloaded.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use questionnaires::Lang;
use serde::Deserialize;

use super::{ApiError, AppState};
use crate::report::{self, ReportFailure};

pub fn router() -> Router<AppState> {
    Router::new().route("/assessments/{id}/report.pdf", get(pdf))
}

#[derive(Deserialize)]
struct Params {
    lang: Option<String>,
}

async fn pdf(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(params): Query<Params>,
) -> Result<Response, ApiError> {
    let lang = match params.lang.as_deref() {
        None => Lang::Zh,
        Some(tag) => Lang::parse(tag).ok_or_else(|| {
            ApiError::BadRequest(format!(
                "`lang={tag}` is not a report language; use `zh-CN` or `en`."
            ))
        })?,
    };
    let report = report::generate(&state.store, &state.library, &state.fonts, id, lang)
        .await
        .map_err(|failure| match failure {
            ReportFailure::Store(e) => ApiError::from(e),
            ReportFailure::NoFonts(_) => ApiError::coded(
                StatusCode::SERVICE_UNAVAILABLE,
                "no_fonts",
                failure.to_string(),
            ),
            ReportFailure::Render(ziping_report::ReportError::MissingGlyphs { .. })
            | ReportFailure::Render(ziping_report::ReportError::Score(_)) => {
                ApiError::Unprocessable(failure.to_string())
            }
            other => ApiError::Internal(anyhow::Error::new(other)),
        })?;
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
