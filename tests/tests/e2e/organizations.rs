//! `/api/organizations`: creating, listing, reading and updating organizations, the check of the
//! unified social credit code, and the error format for bad requests.

use serde_json::json;
use ziping_tests::{USER_HEADER, spawn_app, valid_uscc};

#[tokio::test]
async fn a_created_organization_is_201_and_can_be_listed_and_read() {
    let app = spawn_app().await;

    let (status, created) = app
        .post_json(
            "/api/organizations",
            &json!({ "name": "  示例科技有限公司 ", "uscc": "91350100m000100y43", "industry": "制造业", "region": "福建省" }),
        )
        .await;

    assert_eq!(status, 201, "{created}");
    assert_eq!(created["name"], "示例科技有限公司");
    assert_eq!(created["uscc"], "91350100M000100Y43");
    assert_eq!(created["industry"], "制造业");
    assert_eq!(created["region"], "福建省");
    assert!(created["created_at"].as_str().unwrap().ends_with('Z'));
    let id = created["id"].as_i64().unwrap();
    let (status, list) = app.get_json("/api/organizations").await;
    assert_eq!(status, 200);
    assert_eq!(list, json!([created]));
    let (status, one) = app.get_json(&format!("/api/organizations/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(one, created);
}

#[tokio::test]
async fn an_invalid_uscc_is_422_naming_the_expected_check_character() {
    let app = spawn_app().await;

    let (status, body) = app
        .post_json(
            "/api/organizations",
            &json!({ "name": "示例", "uscc": "91350100M000100Y44", "industry": "", "region": "" }),
        )
        .await;

    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "invalid_uscc");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("`4`") && message.contains("`3`"),
        "{message}"
    );
    let (_, list) = app.get_json("/api/organizations").await;
    assert_eq!(list, json!([]), "nothing was created");
}

#[tokio::test]
async fn a_uscc_with_a_letter_never_used_names_its_position() {
    let app = spawn_app().await;

    let (status, body) = app
        .post_json(
            "/api/organizations",
            &json!({ "name": "示例", "uscc": "91350100O000100Y43" }),
        )
        .await;

    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "invalid_uscc");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("Character 9") && message.contains("`O`"),
        "{message}"
    );
}

#[tokio::test]
async fn a_second_organization_with_the_same_uscc_is_409() {
    let app = spawn_app().await;
    let first = app.create_organization("甲公司").await;

    let (status, body) = app
        .post_json(
            "/api/organizations",
            &json!({ "name": "乙公司", "uscc": first["uscc"], "industry": "", "region": "" }),
        )
        .await;

    assert_eq!(status, 409);
    assert_eq!(body["error"]["code"], "duplicate_uscc");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains(first["uscc"].as_str().unwrap())
    );
}

#[tokio::test]
async fn updating_an_organization_replaces_its_fields() {
    let app = spawn_app().await;
    let created = app.create_organization("甲公司").await;
    let id = created["id"].as_i64().unwrap();

    let (status, updated) = app
        .put_json(
            &format!("/api/organizations/{id}"),
            &json!({ "name": "甲科技股份有限公司", "uscc": valid_uscc(99), "industry": "电信", "region": "上海市" }),
        )
        .await;

    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["id"], id);
    assert_eq!(updated["name"], "甲科技股份有限公司");
    assert_eq!(updated["uscc"], valid_uscc(99));
    assert_eq!(updated["created_at"], created["created_at"]);
    let (_, one) = app.get_json(&format!("/api/organizations/{id}")).await;
    assert_eq!(one, updated);
}

#[tokio::test]
async fn updating_to_another_organizations_uscc_is_409_and_changes_nothing() {
    let app = spawn_app().await;
    let first = app.create_organization("甲公司").await;
    let second = app.create_organization("乙公司").await;

    let (status, body) = app
        .put_json(
            &format!("/api/organizations/{}", second["id"]),
            &json!({ "name": "乙公司", "uscc": first["uscc"], "industry": "", "region": "" }),
        )
        .await;

    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "duplicate_uscc");
    let (_, after) = app
        .get_json(&format!("/api/organizations/{}", second["id"]))
        .await;
    assert_eq!(after, second);
}

#[tokio::test]
async fn an_unknown_organization_is_a_json_404() {
    let app = spawn_app().await;

    let (status, body) = app.get_json("/api/organizations/4242").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
    assert!(body["error"]["message"].as_str().unwrap().contains("4242"));

    let (status, body) = app
        .put_json(
            "/api/organizations/4242",
            &json!({ "name": "甲", "uscc": valid_uscc(1), "industry": "", "region": "" }),
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");

    let (status, body) = app.get_json("/api/organizations/abc").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn a_blank_or_overlong_name_is_422() {
    let app = spawn_app().await;

    let (status, body) = app
        .post_json(
            "/api/organizations",
            &json!({ "name": "  ", "uscc": valid_uscc(1) }),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "blank");

    let (status, body) = app
        .post_json(
            "/api/organizations",
            &json!({ "name": "名".repeat(201), "uscc": valid_uscc(1) }),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "too_long");
}

#[tokio::test]
async fn a_change_without_a_user_name_is_400_user_required() {
    let app = spawn_app().await;
    let body = json!({ "name": "甲", "uscc": valid_uscc(1) });

    let (status, error) = app
        .send(app.http.post(app.url("/api/organizations")).json(&body))
        .await;
    assert_eq!(status, 400);
    assert_eq!(error["error"]["code"], "user_required");

    let (status, error) = app
        .send(
            app.http
                .post(app.url("/api/organizations"))
                .header(USER_HEADER, "   ")
                .json(&body),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(error["error"]["code"], "user_required");

    let (status, error) = app
        .send(
            app.http
                .post(app.url("/api/organizations"))
                .header(USER_HEADER, "x".repeat(65))
                .json(&body),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(error["error"]["code"], "invalid_user");
    let (_, list) = app.get_json("/api/organizations").await;
    assert_eq!(list, json!([]));
}

#[tokio::test]
async fn malformed_json_is_400_malformed_json() {
    let app = spawn_app().await;

    let (status, body) = app
        .send(
            app.as_user(reqwest::Method::POST, "/api/organizations")
                .header("content-type", "application/json")
                .body("{\"name\": \"甲\", "),
        )
        .await;

    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "malformed_json");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("line 1"),
        "{body}"
    );
}

#[tokio::test]
async fn json_of_the_wrong_shape_is_422_naming_the_field() {
    let app = spawn_app().await;

    let (status, body) = app
        .post_json("/api/organizations", &json!({ "name": "甲" }))
        .await;

    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "invalid_body");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("uscc"),
        "{body}"
    );
}

#[tokio::test]
async fn a_body_that_is_not_declared_json_is_415() {
    let app = spawn_app().await;

    let (status, body) = app
        .send(
            app.as_user(reqwest::Method::POST, "/api/organizations")
                .header("content-type", "text/plain")
                .body("{}"),
        )
        .await;

    assert_eq!(status, 415);
    assert_eq!(body["error"]["code"], "unsupported_media_type");
}
