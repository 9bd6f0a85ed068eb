//! The JSON API's basics: health, the error format for unknown endpoints, and the content.

use serde_json::Value;
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

#[tokio::test]
async fn the_questionnaire_list_summarises_each_questionnaire() {
    let app = spawn_app().await;

    let (status, body) = app.get_json("/api/questionnaires").await;

    assert_eq!(status, 200);
    let list = body.as_array().unwrap();
    let versions: Vec<&Value> = list
        .iter()
        .filter(|q| q["id"] == "miit-data-security")
        .map(|q| &q["version"])
        .collect();
    assert_eq!(versions, ["2026.1", "2026.2"], "every version is listed");
    let miit = list
        .iter()
        .find(|q| q["id"] == "miit-data-security")
        .expect("the MIIT questionnaire");
    assert!(!miit["title"]["zh"].as_str().unwrap().is_empty());
    assert!(miit["questions"].as_u64().unwrap() >= 100, "{miit}");
    assert!(miit["domains"].as_u64().unwrap() >= 8, "{miit}");
}

#[tokio::test]
async fn a_questionnaire_is_served_whole_with_profile_domains_and_citations() {
    let app = spawn_app().await;

    let (status, body) = app.get_json("/api/questionnaires/miit-data-security").await;

    assert_eq!(status, 200);
    assert!(!body["profile"].as_array().unwrap().is_empty());
    let first = &body["domains"][0]["questions"][0];
    assert!(first["id"].as_str().unwrap().contains('-'), "{first}");
    assert!(
        !first["citations"].as_array().unwrap().is_empty(),
        "{first}"
    );
    assert!(!first["text"]["zh"].as_str().unwrap().is_empty(), "{first}");
}

#[tokio::test]
async fn an_unknown_questionnaire_is_a_404_naming_it() {
    let app = spawn_app().await;

    let (status, body) = app
        .get_json("/api/questionnaires/no-such-questionnaire")
        .await;

    assert_eq!(status, 404);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no-such-questionnaire")
    );
}

#[tokio::test]
async fn the_regulation_catalog_lists_instruments_in_force_with_their_articles() {
    let app = spawn_app().await;

    let (status, body) = app.get_json("/api/regulations").await;

    assert_eq!(status, 200);
    let instruments = body["instruments"].as_array().unwrap();
    let dsl = instruments
        .iter()
        .find(|i| i["id"] == "DSL")
        .expect("the Data Security Law");
    assert_eq!(dsl["effective"], "2021-09-01");
    assert_eq!(dsl["status"], "in_force");
    assert!(
        dsl["articles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["number"] == 27)
    );
}

#[tokio::test]
async fn a_questionnaire_can_be_asked_for_in_a_given_version() {
    let app = spawn_app().await;

    let (status, body) = app
        .get_json("/api/questionnaires/miit-data-security?version=2026.1")
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["version"], "2026.1");

    let (status, body) = app
        .get_json("/api/questionnaires/miit-data-security?version=1999.1")
        .await;
    assert_eq!(status, 404);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("1999.1"),
        "{body}"
    );
}
