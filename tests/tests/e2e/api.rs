//! The JSON API's basics: health, the error format for unknown endpoints, and the content.

use ziping_tests::spawn_app;

#[tokio::test]
async fn health_reports_name_version_and_the_number_of_questionnaires() {
    let app = spawn_app().await;

    let (status, body) = app.get_json("/api/health").await;

    assert_eq!(status, 200);
    assert_eq!(body["name"], "ziping");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert!(body["questionnaires"].as_u64().unwrap() >= 1, "{body}");
}

#[tokio::test]
async fn an_unknown_api_path_is_a_json_404_that_names_the_path() {
    let app = spawn_app().await;

    let (status, body) = app.get_json("/api/no-such-thing").await;

    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("/api/no-such-thing"), "{message}");
}

#[tokio::test]
async fn api_responses_are_compressed_when_the_client_accepts_it() {
    let app = spawn_app().await;

    let response = app
        .http
        .get(app.url("/api/regulations"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-encoding"], "gzip");
}
