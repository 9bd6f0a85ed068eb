//! Local security: requests must name this server in `Host` (DNS rebinding), changes must come
//! from its own origin (CSRF), a configured access token is required on every API call, binding
//! beyond loopback needs a token, and bodies are limited in size.

use std::net::SocketAddr;

use serde_json::json;
use ziping::Application;
use ziping::config::ServeArgs;
use ziping_tests::{pdf_bytes, spawn_app, spawn_app_with, valid_uscc};

const TOKEN: &str = "s3cret-token-0123456789";

#[tokio::test]
async fn a_request_for_a_foreign_host_is_403_forbidden_host() {
    let app = spawn_app().await;
    let port = app.address.port();

    for host in [
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
    ] {
        for path in ["/api/health", "/"] {
            let (status, body) = app
                .send(app.http.get(app.url(path)).header("host", &host))
                .await;
            assert_eq!(status, 403, "{host} {path}");
            assert_eq!(body["error"]["code"], "forbidden_host");
            assert!(body["error"]["message"].as_str().unwrap().contains(&host));
        }
    }
}

#[tokio::test]
async fn localhost_and_loopback_addresses_are_accepted_as_hosts() {
    let app = spawn_app().await;
    let port = app.address.port();

    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        let (status, body) = app
            .send(app.http.get(app.url("/api/health")).header("host", &host))
            .await;
        assert_eq!(status, 200, "{host}: {body}");
    }
}

#[tokio::test]
async fn a_change_from_a_foreign_origin_is_403_forbidden_origin_and_changes_nothing() {
    let app = spawn_app().await;
    let body = json!({ "name": "甲", "uscc": valid_uscc(1) });

    for origin in ["http://evil.example", "https://127.0.0.1:1", "null"] {
        let (status, error) = app
            .send(
                app.as_user(reqwest::Method::POST, "/api/organizations")
                    .header("origin", origin)
                    .json(&body),
            )
            .await;
        assert_eq!(status, 403, "{origin}");
        assert_eq!(error["error"]["code"], "forbidden_origin");
    }
    let (status, error) = app
        .send(
            app.as_user(reqwest::Method::POST, "/api/organizations")
                .header("sec-fetch-site", "cross-site")
                .json(&body),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(error["error"]["code"], "forbidden_origin");
    let (_, list) = app.get_json("/api/organizations").await;
    assert_eq!(list, json!([]));
}

#[tokio::test]
async fn a_change_from_the_servers_own_origin_is_accepted() {
    let app = spawn_app().await;
    let origin = format!("http://{}", app.address);

    let (status, body) = app
        .send(
            app.as_user(reqwest::Method::POST, "/api/organizations")
                .header("origin", &origin)
                .header("sec-fetch-site", "same-origin")
                .json(&json!({ "name": "甲", "uscc": valid_uscc(1) })),
        )
        .await;

    assert_eq!(status, 201, "{body}");
}

#[tokio::test]
async fn with_a_token_every_api_call_needs_it_but_the_page_loads() {
    let app = spawn_app_with(tempfile::tempdir().unwrap(), |config| {
        config.security.token = Some(TOKEN.to_owned());
    })
    .await;

    let (status, body) = app.send(app.http.get(app.url("/api/health"))).await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "unauthorized");
    let response = app.get("/api/health").await;
    assert_eq!(
        response.headers()["www-authenticate"],
        "Bearer realm=\"ziping\""
    );

    let (status, _) = app
        .send(
            app.http
                .get(app.url("/api/health"))
                .bearer_auth("wrong-token-0123456789"),
        )
        .await;
    assert_eq!(status, 401);

    let (status, _) = app
        .send(
            app.as_user(reqwest::Method::POST, "/api/organizations")
                .json(&json!({ "name": "甲", "uscc": valid_uscc(1) })),
        )
        .await;
    assert_eq!(status, 401, "changes need the token too");

    let (status, _) = app
        .send(app.http.get(app.url("/api/health")).bearer_auth(TOKEN))
        .await;
    assert_eq!(status, 200);
    let (status, _) = app
        .send(
            app.as_user(reqwest::Method::POST, "/api/organizations")
                .bearer_auth(TOKEN)
                .json(&json!({ "name": "甲", "uscc": valid_uscc(1) })),
        )
        .await;
    assert_eq!(status, 201);

    let page = app.get("/").await;
    assert_eq!(
        page.status(),
        200,
        "the page loads so that it can ask for the token"
    );
}

#[tokio::test]
async fn listening_beyond_loopback_without_a_token_is_refused_at_start() {
    let data_dir = tempfile::tempdir().unwrap();
    let config = ServeArgs::new(
        SocketAddr::from(([0, 0, 0, 0], 0)),
        Some(data_dir.path().to_path_buf()),
    );

    let error = Application::build(config).await.err().expect("refused");

    let message = format!("{error:#}");
    assert!(message.contains("--token"), "{message}");
}

#[tokio::test]
async fn a_short_token_is_refused_at_start() {
    let data_dir = tempfile::tempdir().unwrap();
    let mut config = ServeArgs::new(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        Some(data_dir.path().to_path_buf()),
    );
    config.security.token = Some("short".to_owned());

    let error = Application::build(config).await.err().expect("refused");

    assert!(format!("{error:#}").contains("at least 16"), "{error:#}");
}

#[tokio::test]
async fn listening_everywhere_with_a_token_accepts_ip_hosts_and_allowed_names_only() {
    let app = spawn_app_with(tempfile::tempdir().unwrap(), |config| {
        config.bind = SocketAddr::from(([0, 0, 0, 0], 0));
        config.security.token = Some(TOKEN.to_owned());
        config.security.allow_hosts = vec!["ziping.lan".to_owned()];
    })
    .await;
    let port = app.address.port();
    let url = format!("http://127.0.0.1:{port}/api/health");

    for (host, expected) in [
        (format!("192.168.10.20:{port}"), 200),
        (format!("ziping.lan:{port}"), 200),
        (format!("evil.example:{port}"), 403),
    ] {
        let (status, _) = app
            .send(app.http.get(&url).header("host", &host).bearer_auth(TOKEN))
            .await;
        assert_eq!(status, expected, "{host}");
    }
}

#[tokio::test]
async fn a_json_body_over_1_mib_is_413_too_large() {
    let app = spawn_app().await;
    let id = app.create_assessment().await["id"].as_i64().unwrap();

    let (status, body) = app
        .save_answer(
            id,
            "GOV-01",
            &json!({ "value": "compliant", "note": "x".repeat(1024 * 1024), "revision": 0 }),
        )
        .await;

    assert_eq!(status, 413);
    assert_eq!(body["error"]["code"], "too_large");
    assert!(body["error"]["message"].as_str().unwrap().contains("1 MiB"));
}

/// The bytes of the database and its write-ahead log: every committed write appends to the
/// log, so a request that wrote anything changes them.
fn database_bytes(app: &ziping_tests::TestApp) -> Vec<Vec<u8>> {
    let db = app.data_dir.path().join(ziping::store::DATABASE_FILE);
    let wal = db.with_extension("db-wal");
    [db, wal]
        .iter()
        .map(|path| std::fs::read(path).unwrap_or_default())
        .collect()
}

#[tokio::test]
async fn cross_site_gets_with_forged_names_write_nothing() {
    let app = spawn_app().await;
    let assessment = app.create_assessment().await;
    let id = assessment["id"].as_i64().unwrap();
    let organization = assessment["organization"]["id"].as_i64().unwrap();
    app.save_answers(id, &[("GOV-01", "compliant", "")]).await;
    let (status, evidence) = app
        .upload(id, "GOV-01", Some(("任命.pdf", pdf_bytes("任命"))), None)
        .await;
    assert_eq!(status, 201, "{evidence}");
    let evidence = evidence["id"].as_i64().unwrap();
    for to in ["submitted", "approved"] {
        let (status, body) = app.set_status(id, to, None).await;
        assert_eq!(status, 200, "{body}");
    }
    // A next cycle, so that the comparison with the cycle before has one to compare with.
    let (status, next) = app
        .post_json(
            "/api/assessments",
            &json!({
                "organization_id": organization,
                "questionnaire_id": "miit-data-security",
                "cycle": "2027 年度",
                "carry_from": id,
            }),
        )
        .await;
    assert_eq!(status, 201, "{next}");
    let next = next["id"].as_i64().unwrap();
    let (_, document) = app.get_json("/api/openapi.json").await;
    let (_, audit_before) = app.get_json(&format!("/api/assessments/{id}/audit")).await;
    let files_before = database_bytes(&app);

    let mut paths: Vec<String> = document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, item)| item["get"].is_object())
        .map(|(path, _)| {
            let id = if path.ends_with("/compare") {
                next.to_string()
            } else if path.starts_with("/api/organizations") {
                organization.to_string()
            } else if path.starts_with("/api/questionnaires") {
                "miit-data-security".to_owned()
            } else {
                id.to_string()
            };
            path.replace("{id}", &id)
                .replace("{question}", "GOV-01")
                .replace("{evidence}", &evidence.to_string())
                .replace("{version}", "2026.1")
        })
        .collect();
    assert!(paths.len() >= 12, "{paths:?}");
    paths.extend(["/".to_owned(), format!("/assessments/{id}")]);
    for path in &paths {
        for query in ["", "?user=Mallory&lang=en&actor=Mallory"] {
            let response = app
                .http
                .get(app.url(&format!("{path}{query}")))
                .header("origin", "https://evil.example")
                .header("referer", "https://evil.example/page")
                .header("sec-fetch-site", "cross-site")
                .header("x-ziping-user", "Mallory")
                .send()
                .await
                .unwrap();
            assert!(
                response.status().is_success(),
                "GET {path}{query}: {}",
                response.status()
            );
        }
    }

    let (_, audit_after) = app.get_json(&format!("/api/assessments/{id}/audit")).await;
    assert_eq!(audit_after, audit_before, "the audit log is unchanged");
    assert!(
        !audit_after.to_string().contains("Mallory"),
        "no event names the forged user"
    );
    assert!(
        database_bytes(&app) == files_before,
        "the database and its log are byte for byte unchanged"
    );
    let (_, verification) = app.get_json("/api/audit/verify").await;
    assert_eq!(verification["ok"], true, "{verification}");
}
