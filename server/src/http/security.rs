//! The local security layer, in front of every route: a request must name this server in its
//! `Host` (a web page on another name that resolves here — DNS rebinding — is refused); a
//! change (any method but GET, HEAD, OPTIONS) coming from a page of another origin is refused
//! (CSRF); and with an access token configured, every API request must carry it. Refusals use
//! the API's JSON error format and change nothing.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use questionnaires::contract::ErrorCode;

use super::{ApiError, AppState};

/// What the layer checks against; built once at start-up.
#[derive(Clone, Debug)]
pub struct Security {
    inner: Arc<Rules>,
}

#[derive(Debug)]
struct Rules {
    port: u16,
    /// Host names and IP literals (IPv6 in brackets) accepted, lower case.
    names: Vec<String>,
    /// Listening on every interface: any IP literal names this machine.
    any_ip: bool,
    token: Option<String>,
}

impl Security {
    /// Rules for a server listening on `address`.
    pub fn new(address: SocketAddr, token: Option<String>, extra_hosts: &[String]) -> Security {
        let mut names: Vec<String> = ["localhost", "127.0.0.1", "[::1]"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        let ip = address.ip();
        if !ip.is_unspecified() {
            names.push(ip_literal(ip));
        }
        names.extend(
            extra_hosts
                .iter()
                .map(|h| h.trim().to_ascii_lowercase())
                .filter(|h| !h.is_empty()),
        );
        Security {
            inner: Arc::new(Rules {
                port: address.port(),
                names,
                any_ip: ip.is_unspecified(),
                token,
            }),
        }
    }

    /// Whether `authority` (`host[:port]`, as in `Host` or an origin) names this server.
    fn is_this_server(&self, authority: &str) -> bool {
        let authority = authority.trim().to_ascii_lowercase();
        let (host, port) = split_authority(&authority);
        let port_ok = match port {
            Some(port) => port.parse::<u16>() == Ok(self.inner.port),
            None => self.inner.port == 80,
        };
        if !port_ok {
            return false;
        }
        self.inner.names.iter().any(|name| name == host)
            || (self.inner.any_ip && parse_ip_literal(host).is_some())
    }

    fn token_ok(&self, headers: &HeaderMap) -> bool {
        let Some(token) = &self.inner.token else {
            return true;
        };
        let presented = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        constant_time_eq(presented.trim().as_bytes(), token.as_bytes())
    }
}

fn ip_literal(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// `host:port`, `[v6]:port`, `host` → (host, port).
fn split_authority(authority: &str) -> (&str, Option<&str>) {
    if authority.starts_with('[') {
        return match authority.find(']') {
            Some(end) => {
                let host = &authority[..=end];
                let rest = &authority[end + 1..];
                (host, rest.strip_prefix(':'))
            }
            None => (authority, None),
        };
    }
    match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    }
}

fn parse_ip_literal(host: &str) -> Option<IpAddr> {
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    bare.parse().ok()
}

/// Compares without stopping at the first difference, so the time taken does not tell an
/// attacker how much of a guess was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn is_change(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The middleware.
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let security = &state.security;
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| request.uri().authority().map(|a| a.to_string()))
        .unwrap_or_default();
    if !security.is_this_server(&host) {
        return ApiError::coded(
            StatusCode::FORBIDDEN,
            ErrorCode::ForbiddenHost,
            format!(
                "This Ziping answers only at its own address (e.g. http://127.0.0.1:{}/); the \
                 request was addressed to “{host}”. To reach it under another name, start it \
                 with --allow-host NAME.",
                security.inner.port
            ),
        )
        .into_response();
    }
    if is_change(request.method()) {
        let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
        let same_origin = match origin {
            None => true,
            Some(origin) => origin
                .strip_prefix("http://")
                .is_some_and(|authority| security.is_this_server(authority)),
        };
        let cross_site = headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|site| site == "cross-site");
        if !same_origin || cross_site {
            return ApiError::coded(
                StatusCode::FORBIDDEN,
                ErrorCode::ForbiddenOrigin,
                format!(
                    "Changes are accepted only from Ziping's own pages; this one came from “{}”.",
                    origin.unwrap_or("another site")
                ),
            )
            .into_response();
        }
    }
    if request.uri().path().starts_with("/api") && !security.token_ok(headers) {
        let mut response = ApiError::coded(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "This Ziping requires its access token: send `Authorization: Bearer TOKEN` with the \
             token it was started with (--token or ZIPING_TOKEN).",
        )
        .into_response();
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"ziping\""),
        );
        return response;
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(port: u16) -> Security {
        Security::new(SocketAddr::from(([127, 0, 0, 1], port)), None, &[])
    }

    #[test]
    fn loopback_names_with_the_right_port_are_this_server() {
        let security = local(8770);
        for host in [
            "127.0.0.1:8770",
            "localhost:8770",
            "LOCALHOST:8770",
            "[::1]:8770",
        ] {
            assert!(security.is_this_server(host), "{host}");
        }
        for host in [
            "127.0.0.1:8771",
            "evil.example:8770",
            "localhost.evil.example:8770",
            "127.0.0.1",
            "",
            "[::1",
            "192.168.1.5:8770",
        ] {
            assert!(!security.is_this_server(host), "{host}");
        }
    }

    #[test]
    fn every_ip_literal_is_accepted_when_listening_everywhere_but_no_other_name() {
        let security = Security::new(
            SocketAddr::from(([0, 0, 0, 0], 9000)),
            Some("0123456789abcdef".to_owned()),
            &["ziping.lan".to_owned()],
        );
        assert!(security.is_this_server("192.168.1.5:9000"));
        assert!(security.is_this_server("[fe80::1]:9000"));
        assert!(security.is_this_server("ziping.lan:9000"));
        assert!(!security.is_this_server("evil.example:9000"));
        assert!(!security.is_this_server("192.168.1.5:9001"));
    }

    #[test]
    fn tokens_are_compared_whole() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }
}
