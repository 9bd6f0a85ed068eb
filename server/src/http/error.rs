//! The one error type of the HTTP API. Every failure becomes `{"error": {"code", "message"}}`
//! (409 conflicts add `"current"`, the stored state the client has to look at) with a status and
//! a message a person can act on; internal errors are logged with their context and never
//! echoed to the client.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use questionnaires::contract::{ErrorBody, ErrorCode, ErrorDetail};

use crate::domain::TextError;
use crate::domain::carry::CarryError;
use crate::store::StoreError;
use crate::store::model::TransitionError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unprocessable(String),
    /// Any other refusal, with its own status and machine-readable code.
    #[error("{message}")]
    Coded {
        status: StatusCode,
        code: ErrorCode,
        message: String,
        /// For conflicts: what is stored now.
        current: Option<serde_json::Value>,
    },
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    pub fn coded(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError::Coded {
            status,
            code,
            message: message.into(),
            current: None,
        }
    }

    /// 422 with a code naming the rule that was broken.
    pub fn invalid(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError::coded(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    }

    fn status_and_code(&self) -> (StatusCode, ErrorCode) {
        match self {
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, ErrorCode::NotFound),
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, ErrorCode::BadRequest),
            ApiError::Unprocessable(_) => (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Invalid),
            ApiError::Coded { status, code, .. } => (*status, *code),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let message = match &self {
            ApiError::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "request failed");
                "Something went wrong inside Ziping; the details are in its log.".to_owned()
            }
            other => other.to_string(),
        };
        let current = match self {
            ApiError::Coded { current, .. } => current,
            _ => None,
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code,
                message,
                current,
            },
        };
        (status, Json(body)).into_response()
    }
}

/// The one place where what happened in the store becomes a status, a code and a message.
impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        let message = error.to_string();
        let conflict = |code, current| ApiError::Coded {
            status: StatusCode::CONFLICT,
            code,
            message: message.clone(),
            current,
        };
        match error {
            StoreError::NotFound(message) => ApiError::NotFound(message),
            StoreError::DuplicateUscc { .. } => conflict(ErrorCode::DuplicateUscc, None),
            StoreError::DuplicateAssessment { .. } => {
                conflict(ErrorCode::DuplicateAssessment, None)
            }
            StoreError::CarryChanged { .. } => conflict(ErrorCode::CarryChanged, None),
            // A reference to something that does not exist is a 404, as for a path (JSON:API:
            // "a request that references a related resource that does not exist"): the same body
            // succeeds once the organization exists, so the body itself is not invalid.
            StoreError::UnknownOrganization { .. } => ApiError::coded(
                StatusCode::NOT_FOUND,
                ErrorCode::UnknownOrganization,
                message,
            ),
            StoreError::AnswerConflict { current } => conflict(
                ErrorCode::Conflict,
                Some(serde_json::to_value(current).unwrap_or_default()),
            ),
            StoreError::ProfileConflict { profile, revision } => conflict(
                ErrorCode::Conflict,
                Some(json!({ "profile": profile, "revision": revision })),
            ),
            StoreError::RevisionConflict { revision } => {
                conflict(ErrorCode::Conflict, Some(json!({ "revision": revision })))
            }
            StoreError::ReadOnly { .. } => conflict(ErrorCode::ReadOnly, None),
            StoreError::NotDraft { .. } => conflict(ErrorCode::NotDraft, None),
            StoreError::Transition(TransitionError::NotAllowed { .. }) => {
                conflict(ErrorCode::InvalidTransition, None)
            }
            StoreError::Transition(TransitionError::ReasonRequired { .. }) => {
                ApiError::invalid(ErrorCode::ReasonRequired, message)
            }
            StoreError::TooNew { .. } => ApiError::invalid(ErrorCode::TooNew, message),
            other => ApiError::Internal(anyhow::Error::new(other)),
        }
    }
}

/// An assessment that cannot be carried into the new one is of another organization,
/// questionnaire or App: a conflict with the state of that assessment, not a malformed request.
impl From<CarryError> for ApiError {
    fn from(error: CarryError) -> ApiError {
        ApiError::coded(
            StatusCode::CONFLICT,
            ErrorCode::CarryMismatch,
            error.to_string(),
        )
    }
}

impl From<TextError> for ApiError {
    fn from(error: TextError) -> ApiError {
        let code = match error {
            TextError::Blank { .. } => ErrorCode::Blank,
            TextError::TooLong { .. } => ErrorCode::TooLong,
            TextError::Control { .. } => ErrorCode::InvalidText,
        };
        ApiError::invalid(code, capitalise(&error.to_string()))
    }
}

/// Messages from lower layers start in lower case; the API's are sentences.
pub fn capitalise(message: &str) -> String {
    let mut chars = message.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if !out.ends_with(['.', '?', '!']) {
        out.push('.');
    }
    out
}

/// The fallback for `/api/*` paths that name no endpoint.
pub async fn api_not_found(uri: axum::extract::OriginalUri) -> ApiError {
    ApiError::NotFound(format!("There is no API endpoint at {}.", uri.0.path()))
}

/// The fallback for an endpoint that exists but not with this method.
pub async fn api_method_not_allowed(
    method: axum::http::Method,
    uri: axum::extract::OriginalUri,
) -> ApiError {
    ApiError::coded(
        StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::MethodNotAllowed,
        format!("{} does not accept {method}.", uri.0.path()),
    )
}
