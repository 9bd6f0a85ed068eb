//! Extractors whose failures use the API's error format: a JSON body (malformed JSON, a wrong
//! shape, a missing content type and an oversized body each get their own code), path and query
//! parameters, and the local user name of the `X-Ziping-User` header that every change carries
//! (which is also documented here, as a parameter of every operation that takes it).

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use questionnaires::contract::ErrorCode;
use serde::de::DeserializeOwned;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::{ObjectBuilder, Required, Type};

use super::ApiError;
use super::error::capitalise;
use crate::domain::{TextError, UserName};

/// The header with the local user name. Browsers only send Latin-1 header values, so the name
/// is sent percent-encoded UTF-8 (`encodeURIComponent("张三")`); plain ASCII needs no encoding.
pub const USER_HEADER: &str = "x-ziping-user";

/// The largest JSON body accepted, in bytes.
pub const JSON_LIMIT: usize = 1024 * 1024;

/// A JSON request body.
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(JsonBody(value)),
            Err(rejection) => Err(json_rejection(&rejection)),
        }
    }
}

fn json_rejection(rejection: &JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::JsonDataError(e) => ApiError::coded(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidBody,
            format!(
                "The request body does not have the expected fields: {}",
                serde_detail(&e.body_text())
            ),
        ),
        JsonRejection::JsonSyntaxError(e) => ApiError::coded(
            StatusCode::BAD_REQUEST,
            ErrorCode::MalformedJson,
            format!(
                "The request body is not valid JSON: {}",
                serde_detail(&e.body_text())
            ),
        ),
        JsonRejection::MissingJsonContentType(_) => ApiError::coded(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            "Send the request body as JSON with the header `Content-Type: application/json`.",
        ),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => too_large(JSON_LIMIT),
        other => ApiError::coded(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadRequest,
            capitalise(&other.body_text()),
        ),
    }
}

/// Reads an integer field of a JSON body the way JSON Schema counts integers: `3` and `3.0`
/// alike, since the document's `"type": "integer"` allows both. (serde alone refuses `3.0`.)
pub fn integer<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    use serde::Deserialize;
    let number = serde_json::Number::deserialize(deserializer)?;
    number_as_i64(&number).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "invalid value: {number}, expected a 64-bit integer"
        ))
    })
}

/// [`integer`] for an optional field (`null` or absent is `None`).
pub fn optional_integer<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    use serde::Deserialize;
    match Option::<serde_json::Number>::deserialize(deserializer)? {
        None => Ok(None),
        Some(number) => number_as_i64(&number).map(Some).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid value: {number}, expected a 64-bit integer"
            ))
        }),
    }
}

fn number_as_i64(number: &serde_json::Number) -> Option<i64> {
    if let Some(n) = number.as_i64() {
        return Some(n);
    }
    // 2^63 is exactly representable; every float below it with no fraction fits in an i64.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    let f = number.as_f64()?;
    #[allow(clippy::cast_possible_truncation)]
    (f.fract() == 0.0 && (-LIMIT..LIMIT).contains(&f)).then_some(f as i64)
}

/// 413 naming the limit.
pub fn too_large(limit: usize) -> ApiError {
    ApiError::coded(
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::TooLarge,
        format!(
            "The request body is larger than the limit of {}.",
            human_size(limit)
        ),
    )
}

pub fn human_size(bytes: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// axum prefixes serde's message with its own sentence; keep serde's part, which names the
/// field and the position.
fn serde_detail(text: &str) -> String {
    let detail = text.rsplit_once(": ").map_or(text, |(_, d)| d);
    capitalise(detail)
}

/// Path parameters.
pub struct PathParams<T>(pub T);

impl<S, T> FromRequestParts<S> for PathParams<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(PathParams(value)),
            Err(PathRejection::FailedToDeserializePathParams(e)) => {
                Err(ApiError::NotFound(format!(
                    "There is nothing at {}: {}",
                    parts.uri.path(),
                    e.body_text()
                )))
            }
            Err(other) => Err(ApiError::Internal(anyhow::anyhow!(
                "path parameters: {}",
                other.body_text()
            ))),
        }
    }
}

/// Query parameters. A query that does not fit (a value of the wrong kind, a parameter given
/// twice) is a 400 naming the problem.
pub struct QueryParams<T>(pub T);

impl<S, T> FromRequestParts<S> for QueryParams<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(QueryParams(value)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => Err(ApiError::coded(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidQuery,
                format!(
                    "The query string does not fit: {}",
                    serde_detail(&e.body_text())
                ),
            )),
            Err(other) => Err(ApiError::coded(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidQuery,
                capitalise(&other.body_text()),
            )),
        }
    }
}

/// The local user making a change, from the `X-Ziping-User` header.
#[derive(Clone, Debug)]
pub struct Actor(pub UserName);

impl<S: Send + Sync> FromRequestParts<S> for Actor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let required = || {
            ApiError::coded(
                StatusCode::BAD_REQUEST,
                ErrorCode::UserRequired,
                "Every change needs the user's name in the `X-Ziping-User` header \
                 (percent-encoded UTF-8).",
            )
        };
        let value = parts.headers.get(USER_HEADER).ok_or_else(required)?;
        let name = decode_user(value.as_bytes()).ok_or_else(|| {
            ApiError::coded(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidUser,
                "The `X-Ziping-User` header is not percent-encoded UTF-8.",
            )
        })?;
        match UserName::parse(&name) {
            Ok(user) => Ok(Actor(user)),
            Err(TextError::Blank { .. }) => Err(required()),
            Err(error) => Err(ApiError::coded(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidUser,
                capitalise(&error.to_string()),
            )),
        }
    }
}

/// In the API document: the header, required on every operation that takes an `Actor`.
impl utoipa::IntoParams for Actor {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        // A character is at most 4 UTF-8 bytes, each `%XX` when encoded.
        let max_length = UserName::MAX * 4 * 3;
        let schema = ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .max_length(Some(max_length))
            .pattern(Some(r"^(?:[\x20-\x24\x26-\x7E]|%[0-9A-Fa-f]{2})+$"))
            .examples(["%E5%BC%A0%E4%B8%89"]);
        vec![
            ParameterBuilder::new()
                .name("X-Ziping-User")
                .parameter_in(ParameterIn::Header)
                .required(Required::True)
                .description(Some(format!(
                    "Who makes the change: the local user's name, percent-encoded UTF-8 \
                     (`encodeURIComponent`), which must decode to 1 to {} characters that are \
                     not all white space, without control characters. Recorded in the audit log.",
                    UserName::MAX
                )))
                .schema(Some(schema))
                .build(),
        ]
    }
}

/// Percent-decodes a header value into UTF-8 text; raw UTF-8 (from clients other than
/// browsers) is accepted as it is.
fn decode_user(bytes: &[u8]) -> Option<String> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_names_are_percent_decoded() {
        assert_eq!(decode_user(b"%E5%BC%A0%E4%B8%89").as_deref(), Some("张三"));
        assert_eq!(decode_user(b"Li Si").as_deref(), Some("Li Si"));
        assert_eq!(decode_user("王五".as_bytes()).as_deref(), Some("王五"));
        assert_eq!(decode_user(b"%E5%BC"), None);
        assert_eq!(decode_user(b"%G1"), None);
        assert_eq!(decode_user(b"50%"), None);
    }

    #[test]
    fn integers_may_be_written_with_a_zero_fraction() {
        #[derive(serde::Deserialize)]
        struct Body {
            #[serde(deserialize_with = "integer")]
            n: i64,
            #[serde(default, deserialize_with = "optional_integer")]
            m: Option<i64>,
        }
        let read = |json: &str| serde_json::from_str::<Body>(json).map(|b| (b.n, b.m)).ok();
        assert_eq!(read(r#"{"n": 3}"#), Some((3, None)));
        assert_eq!(read(r#"{"n": 3.0, "m": -2.0}"#), Some((3, Some(-2))));
        assert_eq!(read(r#"{"n": 1, "m": null}"#), Some((1, None)));
        assert_eq!(read(r#"{"n": 3.5}"#), None);
        assert_eq!(read(r#"{"n": 1e19}"#), None);
        assert_eq!(read(r#"{"n": "3"}"#), None);
    }

    #[test]
    fn sizes_are_named_in_binary_units() {
        assert_eq!(human_size(1024 * 1024), "1 MiB");
        assert_eq!(human_size(20 * 1024 * 1024), "20 MiB");
        assert_eq!(human_size(1536), "1536 bytes");
    }
}
