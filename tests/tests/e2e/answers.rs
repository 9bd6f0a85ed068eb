//! `PUT /api/assessments/{id}/answers/{question}`: revisions, conflicts between two people,
//! the 不适用 reason, text limits and unknown questions.

use serde_json::json;
use ziping_tests::{USER, USER_HEADER, spawn_app};

#[tokio::test]
async fn a_first_answer_saved_with_revision_0_gets_revision_1_and_who_saved_it() {
    let app = spawn_app().await;
    let id = app.create_assessment().await["id"].as_i64().unwrap();

    let (status, saved) = app
        .save_answer(
            id,
            "GOV-01",
            &json!({ "value": "partial", "note": "制度草案待审批", "revision": 0 }),
        )
        .await;

    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["question_id"], "GOV-01");
    assert_eq!(saved["value"], "partial");
    assert_eq!(saved["na_reason"], serde_json::Value::Null);
    assert_eq!(saved["note"], "制度草案待审批");
    assert_eq!(saved["revision"], 1);
    assert_eq!(saved["updated_by"], USER);
    let (_, whole) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(whole["answers"]["GOV-01"], saved);
    assert_eq!(whole["updated_at"], saved["updated_at"]);
}

#[tokio::test]
async fn saving_with_the_current_revision_increments_it() {
    let app = spawn_app().await;
    let id = app.create_assessment().await["id"].as_i64().unwrap();
    let (_, first) = app
        .save_answer(
            id,
            "GOV-01",
            &json!({ "value": "partial", "note": "", "revision": 0 }),
        )
        .await;

    let (status, second) = app
        .save_answer(
            id,
            "GOV-01",
            &json!({ "value": "compliant", "note": "已审批", "revision": first["revision"] }),
        )
        .await;

    assert_eq!(status, 200, "{second}");
    assert_eq!(second["revision"], 2);
    assert_eq!(second["value"], "compliant");
}

#[tokio::test]
async fn saving_a_stale_answer_returns_409_with_the_current_value() {
    let app = spawn_app().await;
    let id = app.create_assessment().await["id"].as_i64().unwrap();
    let (_, first) = app
        .save_answer(
            id,
            "GOV-01",
            &json!({ "value": "partial", "note": "A", "revision": 0 }),
        )
        .await;
    let (_, second) = app
        .save_answer(
            id,
            "GOV-01",
            &json!({ "value": "compliant", "note": "B", "revision": 1 }),
        )
        .await;

    let (status, body) = app
        .save_answer(
            id,
            "GOV-01",
            &json!({ "value": "non_compliant", "note": "C", "revision": first["revision"] }),
        )
        .await;

    assert_eq!(status, 409);
    assert_eq!(body["error"]["code"], "conflict");
    assert_eq!(body["error"]["current"], second);
    let (_, whole) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(
        whole["answers"]["GOV-01"], second,
        "the stale save changed nothing"
    );
}

#[tokio::test]
async fn a_new_answer_claiming_a_revision_is_409_with_current_null() {
    let app = spawn_app().await;
    let id = app.create_assessment().await["id"].as_i64().unwrap();

    let (status, body) = app
        .save_answer(
            id,
            "GOV-01",
            &json!({ "value": "compliant", "note": "", "revision": 3 }),
        )
        .await;

    assert_eq!(status, 409);
    assert_eq!(body["error"]["code"], "conflict");
    assert_eq!(body["error"]["current"], serde_json::Value::Null);
}

#[tokio::test]
async fn two_people_saving_the_same_answer_at_once_exactly_one_wins_and_the_other_sees_it() {
    let app = spawn_app().await;
    let id = app.create_assessment().await["id"].as_i64().unwrap();
    let path = app.url(&format!("/api/assessments/{id}/answers/GOV-01"));

    // Each round both start from the revision they last saw and save at the same moment.
    for revision in 0..10 {
        let save = |user: &'static str, value: &'static str| {
            app.send(
                app.http
                    .put(path.clone())
                    .header(USER_HEADER, user)
                    .json(&json!({ "value": value, "note": user, "revision": revision })),
            )
        };
        let ((status_a, body_a), (status_b, body_b)) =
            tokio::join!(save("alice", "compliant"), save("bob", "non_compliant"));

        let (winner, loser) = match (status_a.as_u16(), status_b.as_u16()) {
            (200, 409) => (body_a, body_b),
            (409, 200) => (body_b, body_a),
            other => panic!("revision {revision}: expected one 200 and one 409, got {other:?}"),
        };
        assert_eq!(loser["error"]["code"], "conflict");
        assert_eq!(loser["error"]["current"], winner);
        assert_eq!(winner["revision"], revision + 1);
        assert_eq!(winner["note"], winner["updated_by"]);
        let (_, whole) = app.get_json(&format!("/api/assessments/{id}")).await;
        assert_eq!(whole["answers"]["GOV-01"], winner);
    }
}

#[tokio::test]
async fn not_applicable_without_a_reason_is_422_and_saves_nothing() {
    let app = spawn_app().await;
    let id = app.create_assessment().await["id"].as_i64().unwrap();

    for body in [
        json!({ "value": "not_applicable", "note": "", "revision": 0 }),
        json!({ "value": "not_applicable", "na_reason": "   ", "note": "", "revision": 0 }),
    ] {
        let (status, error) = app.save_answer(id, "GOV-01", &body).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(error["error"]["code"], "na_reason_required");
    }
    let (_, whole) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(whole["answers"], json!({}));

    let (status, saved) = app
        .save_answer(
            id,
            "GOV-01",
            &json!({ "value": "not_applicable", "na_reason": " 本单位不处理重要数据 ", "note": "", "revision": 0 }),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(saved["na_reason"], "本单位不处理重要数据");
}

#[tokio::test]
async fn a_reason_sent_with_another_value_is_dropped() {
    let app = spawn_app().await;
    let id = app.create_assessment().await["id"].as_i64().unwrap();

    let (_, saved) = app
        .save_answer(
            id,
            "GOV-01",
            &json!({ "value": "compliant", "na_reason": "left over", "note": "", "revision": 0 }),
        )
        .await;

    assert_eq!(saved["na_reason"], serde_json::Value::Null);
}

#[tokio::test]
async fn a_note_over_10000_characters_is_422_too_long() {
    let app = spawn_app().await;
    let id = app.create_assessment().await["id"].as_i64().unwrap();

    let (status, _) = app
        .save_answer(
            id,
            "GOV-01",
            &json!({ "value": "compliant", "note": "注".repeat(10_000), "revision": 0 }),
        )
        .await;
    assert_eq!(status, 200, "10,000 characters are allowed");

    let (status, body) = app
        .save_answer(
            id,
            "GOV-01",
            &json!({ "value": "compliant", "note": "注".repeat(10_001), "revision": 1 }),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "too_long");
    assert!(body["error"]["message"].as_str().unwrap().contains("10000"));
}

#[tokio::test]
async fn a_question_not_in_the_questionnaire_is_404() {
    let app = spawn_app().await;
    let id = app.create_assessment().await["id"].as_i64().unwrap();

    for question in ["ZZZ-999", "not-an-id"] {
        let (status, body) = app
            .save_answer(
                id,
                question,
                &json!({ "value": "compliant", "note": "", "revision": 0 }),
            )
            .await;
        assert_eq!(status, 404, "{question}");
        assert_eq!(body["error"]["code"], "not_found");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains(question)
        );
    }
}

#[tokio::test]
async fn an_unknown_answer_value_is_422_naming_the_values() {
    let app = spawn_app().await;
    let id = app.create_assessment().await["id"].as_i64().unwrap();

    let (status, body) = app
        .save_answer(
            id,
            "GOV-01",
            &json!({ "value": "yes", "note": "", "revision": 0 }),
        )
        .await;

    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "invalid_body");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("compliant"),
        "{body}"
    );
}
