//! Remediation of gaps: owner, due date, status and comment per question.

use serde_json::{Value, json};
use ziping_tests::{USER, spawn_app};

#[tokio::test]
async fn a_remediation_is_created_replaced_and_shown_with_the_assessment() {
    let app = spawn_app().await;
    let id = app.create_assessment().await["id"].as_i64().unwrap();
    let path = format!("/api/assessments/{id}/remediation/GOV-01");

    let (status, first) = app
        .put_json(
            &path,
            &json!({ "owner": " 李四 ", "due_date": "2026-06-30", "status": "open", "comment": "制定制度" }),
        )
        .await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["question_id"], "GOV-01");
    assert_eq!(first["owner"], "李四");
    assert_eq!(first["due_date"], "2026-06-30");
    assert_eq!(first["status"], "open");
    assert_eq!(first["comment"], "制定制度");
    assert_eq!(first["updated_by"], USER);

    let (status, second) = app
        .put_json(
            &path,
            &json!({ "owner": "李四", "due_date": null, "status": "in_progress", "comment": "" }),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(second["due_date"], Value::Null);
    assert_eq!(second["status"], "in_progress");

    let (_, whole) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(whole["remediation"], json!({ "GOV-01": second }));
}

#[tokio::test]
async fn a_due_date_that_is_not_a_calendar_date_is_422() {
    let app = spawn_app().await;
    let id = app.create_assessment().await["id"].as_i64().unwrap();

    for date in ["2026-02-30", "30.06.2026", "soon"] {
        let (status, body) = app
            .put_json(
                &format!("/api/assessments/{id}/remediation/GOV-01"),
                &json!({ "owner": "李四", "due_date": date, "status": "open", "comment": "" }),
            )
            .await;
        assert_eq!(status, 422, "{date}");
        assert_eq!(body["error"]["code"], "invalid_date");
    }
}

#[tokio::test]
async fn an_unknown_status_or_question_is_refused() {
    let app = spawn_app().await;
    let id = app.create_assessment().await["id"].as_i64().unwrap();

    let (status, body) = app
        .put_json(
            &format!("/api/assessments/{id}/remediation/GOV-01"),
            &json!({ "owner": "李四", "due_date": null, "status": "forgotten", "comment": "" }),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "invalid_body");

    let (status, body) = app
        .put_json(
            &format!("/api/assessments/{id}/remediation/ZZZ-1"),
            &json!({ "owner": "李四", "due_date": null, "status": "open", "comment": "" }),
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
}
