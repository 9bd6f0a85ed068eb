//! The embedded front end: hashed assets with a long cache life, served precompressed when the
//! browser accepts it, and `index.html` for every other path so that front-end routes survive a
//! reload.

use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

/// A file of the built front end.
pub struct Asset {
    pub path: &'static str,
    pub content_type: &'static str,
    pub body: &'static [u8],
    pub gzip: &'static [u8],
    pub brotli: &'static [u8],
}

include!(concat!(env!("OUT_DIR"), "/site.rs"));

/// Serves an asset, or `index.html` for a path that looks like a page. A missing file (a path
/// with an extension) is a 404, so that a stale script URL fails loudly instead of receiving HTML.
pub async fn serve(uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path();
    if let Some(asset) = find(path).filter(|a| a.path != "/index.html") {
        return respond(asset, &headers, "public, max-age=31536000, immutable");
    }
    let last = path.rsplit('/').next().unwrap_or_default();
    if last.contains('.') && path != "/index.html" {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    match find("/index.html") {
        Some(index) => respond(index, &headers, "no-cache"),
        None => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "the front end is missing",
        )
            .into_response(),
    }
}

fn find(path: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.path == path)
}

fn respond(asset: &Asset, request: &HeaderMap, cache: &'static str) -> Response {
    let accepts = |coding: &str| {
        request
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|part| {
                let mut fields = part.split(';');
                let name = fields.next().unwrap_or_default().trim();
                let refused = fields.any(|f| matches!(f.trim(), "q=0" | "q=0.0" | "q=0.00"));
                name.eq_ignore_ascii_case(coding) && !refused
            })
    };
    let (body, encoding) = if accepts("br") {
        (asset.brotli, Some("br"))
    } else if accepts("gzip") {
        (asset.gzip, Some("gzip"))
    } else {
        (asset.body, None)
    };
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(encoding) = encoding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    response
}
