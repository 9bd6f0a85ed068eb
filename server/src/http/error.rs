//! The one error type of the HTTP API. Every failure becomes `{"error": {"code", "message"}}`
//! (409 conflicts add `"current"`, the stored state the client has to look at) with a status and
//! a message a person can act on; internal errors are logged with their context and never
//! echoed to the client.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::domain::TextError;
use crate::store::StoreError;

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
        code: &'static str,
        message: String,
        /// For conflicts: what is stored now.
        current: Option<serde_json::Value>,
    },
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    pub fn coded(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::Coded {
            status,
            code,
            message: message.into(),
            current: None,
        }
    }

    /// 422 with a code naming the rule that was broken.
    pub fn invalid(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::coded(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::Unprocessable(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
            ApiError::Coded { status, code, .. } => (*status, code),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
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
        let body = match self {
            ApiError::Coded {
                current: Some(current),
                ..
            } => json!({ "error": { "code": code, "message": message, "current": current } }),
            _ => json!({ "error": { "code": code, "message": message } }),
        };
        (status, Json(body)).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        let message = error.to_string();
        match error {
            StoreError::NotFound(message) => ApiError::NotFound(message),
            StoreError::Duplicate { code, message } => {
                ApiError::coded(StatusCode::CONFLICT, code, message)
            }
            StoreError::Invalid { code, message } => ApiError::invalid(code, message),
            StoreError::AnswerConflict { current } => ApiError::Coded {
                status: StatusCode::CONFLICT,
                code: "conflict",
                message,
                current: Some(serde_json::to_value(current).unwrap_or_default()),
            },
            StoreError::ProfileConflict { profile, revision } => ApiError::Coded {
                status: StatusCode::CONFLICT,
                code: "conflict",
                message,
                current: Some(json!({ "profile": profile, "revision": revision })),
            },
            StoreError::ReadOnly { .. } => {
                ApiError::coded(StatusCode::CONFLICT, "read_only", message)
            }
            StoreError::NotDraft { .. } => {
                ApiError::coded(StatusCode::CONFLICT, "not_draft", message)
            }
            StoreError::RevisionConflict { revision } => ApiError::Coded {
                status: StatusCode::CONFLICT,
                code: "conflict",
                message,
                current: Some(json!({ "revision": revision })),
            },
            StoreError::InvalidTransition(message) => {
                ApiError::coded(StatusCode::CONFLICT, "invalid_transition", message)
            }
            StoreError::ReasonRequired(message) => ApiError::invalid("reason_required", message),
            other => ApiError::Internal(anyhow::Error::new(other)),
        }
    }
}

impl From<TextError> for ApiError {
    fn from(error: TextError) -> ApiError {
        let code = match error {
            TextError::Blank { .. } => "blank",
            TextError::TooLong { .. } => "too_long",
            TextError::Control { .. } => "invalid_text",
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
        "method_not_allowed",
        format!("{} does not accept {method}.", uri.0.path()),
    )
}
