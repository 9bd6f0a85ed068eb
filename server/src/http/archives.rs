//! The portable archive over HTTP: `GET /api/assessments/{id}/export/archive.zip` downloads an
//! assessment's archive (it changes nothing), `POST /api/archives` imports one sent as the raw
//! body (`application/zip`). The format and the checks are in `exchange::archive`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use questionnaires::contract::ErrorCode;

use super::extract::{Actor, PathParams, too_large};
use super::{ApiError, AppState};
use crate::exchange::archive::{self, ARCHIVE_LIMIT, ArchiveError};
use crate::store::Imported;

/// The media types a browser or a client may send an archive as.
const ZIP_TYPES: &[&str] = &[
    "application/zip",
    "application/x-zip-compressed",
    "application/octet-stream",
];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/assessments/{id}/export/archive.zip", get(download))
        .route(
            "/archives",
            post(import).layer(DefaultBodyLimit::max(ARCHIVE_LIMIT)),
        )
}

#[utoipa::path(get, path = "/api/assessments/{id}/export/archive.zip", tag = "assessments",
    summary = "The assessment as a portable archive (ziping-archive version 1)",
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The zip, as an attachment, with its SHA-256 in `X-Ziping-Archive-Sha256`; the same data always gives the same bytes",
            content_type = "application/zip", body = Vec<u8>),
        (status = 404, description = "`not_found`: no such assessment"),
    ))]
pub async fn download(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
) -> Result<Response, ApiError> {
    let exported = archive::export(&state.store, id)
        .await
        .map_err(ApiError::from)?;
    let mut response = exported.bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/zip"),
    );
    if let Ok(value) =
        HeaderValue::from_str(&format!("attachment; filename=\"{}\"", exported.file_name))
    {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    if let Ok(value) = HeaderValue::from_str(&exported.sha256) {
        headers.insert("x-ziping-archive-sha256", value);
    }
    Ok(response)
}

#[utoipa::path(post, path = "/api/archives", tag = "assessments",
    summary = "Import an archive as a new assessment",
    description = "The body is the archive's bytes. Everything is checked before anything is \
        written; the assessment is created in one transaction with new ids, the organization \
        found by its USCC or created, the archive's audit record kept, and an `import` event \
        naming the archive's SHA-256 appended to the audit log.",
    params(Actor),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
        description = "A `ziping-archive` version 1 zip, sent as `application/octet-stream` (or `application/zip`, `application/x-zip-compressed`)"),
    responses(
        (status = 201, description = "Imported", body = Imported),
        (status = 409, description = "`duplicate_assessment`: the organization already has an assessment of that questionnaire (and App) for that cycle"),
        (status = 413, description = "`too_large`: the archive, or a file in it, exceeds its limit"),
        (status = 415, description = "`unsupported_media_type`: the body is not sent as `application/octet-stream`, `application/zip` or `application/x-zip-compressed`"),
        (status = 422, description = "`corrupt_archive`: not a zip, or a truncated or damaged one; `tampered_archive`: a file does not match the manifest; `unsupported_archive`: another format or version; `unknown_questionnaire_version`: this server does not have the questionnaire version; `invalid_archive`: the document breaks a rule (named with its place); `broken_audit_record`: the audit record's hash chain is broken"),
    ))]
pub async fn import(
    State(state): State<AppState>,
    Actor(actor): Actor,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Imported>), ApiError> {
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
    if !media_type.is_some_and(|t| ZIP_TYPES.contains(&t.as_str())) {
        return Err(ApiError::coded(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            "Send the archive as the request body with `Content-Type: application/zip`.",
        ));
    }
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large(ARCHIVE_LIMIT)
        } else {
            ApiError::BadRequest(format!("The archive could not be received: {rejection}."))
        }
    })?;
    let imported = archive::import(&state.store, &state.library, &body, actor).await?;
    Ok((StatusCode::CREATED, Json(imported)))
}

impl From<ArchiveError> for ApiError {
    fn from(error: ArchiveError) -> ApiError {
        let invalid = |code, message: String| ApiError::invalid(code, message);
        match error {
            ArchiveError::Unreadable(m) => invalid(ErrorCode::CorruptArchive, m),
            ArchiveError::Tampered(m) => invalid(ErrorCode::TamperedArchive, m),
            ArchiveError::UnsupportedVersion(m) => invalid(ErrorCode::UnsupportedArchive, m),
            ArchiveError::UnknownQuestionnaire(m) => {
                invalid(ErrorCode::UnknownQuestionnaireVersion, m)
            }
            ArchiveError::Invalid(m) => invalid(ErrorCode::InvalidArchive, m),
            ArchiveError::BrokenRecord(m) => invalid(ErrorCode::BrokenAuditRecord, m),
            ArchiveError::TooLarge(m) => {
                ApiError::coded(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::TooLarge, m)
            }
            ArchiveError::Store(e) => ApiError::from(e),
        }
    }
}
