//! The client of the server's JSON API. Every request of the front end goes through here, and
//! every failure becomes an `ApiError` with a message that can be shown to the user.

use serde::Deserialize;
use serde::de::DeserializeOwned;

/// `GET /api/health`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Health {
    pub name: String,
    pub version: String,
    pub questionnaires: usize,
}

/// What went wrong with a request, in words fit for the user.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    pub status: Option<u16>,
    pub message: String,
}

/// The server's error body: `{"error": {"code", "message"}}`.
#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    message: String,
}

pub async fn health() -> Result<Health, ApiError> {
    get("/api/health").await
}

async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let response = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| ApiError {
            status: None,
            message: e.to_string(),
        })?;
    let status = response.status();
    if response.ok() {
        response.json::<T>().await.map_err(|e| ApiError {
            status: Some(status),
            message: e.to_string(),
        })
    } else {
        let message = match response.json::<ErrorBody>().await {
            Ok(body) => body.error.message,
            Err(_) => response.status_text(),
        };
        Err(ApiError {
            status: Some(status),
            message,
        })
    }
}
