//! The assessment's status: draft → submitted → approved → archived, reopening with a reason,
//! and approved or archived assessments being read-only.

use serde_json::json;
use ziping_tests::{pdf_bytes, spawn_app};

#[tokio::test]
async fn an_assessment_goes_from_draft_to_archived_one_step_at_a_time() {
    let app = spawn_app().await;
    let id = app.create_assessment().await["id"].as_i64().unwrap();

    for to in ["submitted", "approved", "archived"] {
        let (status, body) = app.set_status(id, to, None).await;
        assert_eq!(status, 200, "{to}: {body}");
        assert_eq!(body["status"], to);
        assert_eq!(body["id"], id);
    }
    let (_, whole) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(whole["status"], "archived");
}

#[tokio::test]
async fn skipping_a_step_is_409_invalid_transition_naming_the_next_step() {
    let app = spawn_app().await;
    let id = app.create_assessment().await["id"].as_i64().unwrap();

    let (status, body) = app.set_status(id, "approved", None).await;

    assert_eq!(status, 409);
    assert_eq!(body["error"]["code"], "invalid_transition");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("submitted"),
        "{body}"
    );
    let (_, whole) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(whole["status"], "draft");
}

#[tokio::test]
async fn an_archived_assessment_cannot_move_at_all() {
    let app = spawn_app().await;
    let id = app.create_assessment().await["id"].as_i64().unwrap();
    for to in ["submitted", "approved", "archived"] {
        app.set_status(id, to, None).await;
    }

    let (status, body) = app.set_status(id, "draft", Some("重新评估")).await;

    assert_eq!(status, 409);
    assert_eq!(body["error"]["code"], "invalid_transition");
}

#[tokio::test]
async fn reopening_needs_a_reason() {
    let app = spawn_app().await;
    let id = app.create_assessment().await["id"].as_i64().unwrap();
    app.set_status(id, "submitted", None).await;
    app.set_status(id, "approved", None).await;

    let (status, body) = app.set_status(id, "draft", Some("  ")).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "reason_required");

    let (status, body) = app
        .set_status(id, "draft", Some("审计发现 GOV-03 证据不足"))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "draft");
}

#[tokio::test]
async fn an_unknown_status_is_422() {
    let app = spawn_app().await;
    let id = app.create_assessment().await["id"].as_i64().unwrap();

    let (status, body) = app.set_status(id, "finished", None).await;

    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "invalid_body");
}

#[tokio::test]
async fn every_write_to_an_approved_assessment_is_409_read_only_and_changes_nothing() {
    let app = spawn_app().await;
    let id = app.create_assessment().await["id"].as_i64().unwrap();
    let (_, answer) = app
        .save_answer(
            id,
            "GOV-01",
            &json!({ "value": "partial", "note": "", "revision": 0 }),
        )
        .await;
    let (_, evidence) = app
        .upload(id, "GOV-01", Some(("制度.pdf", pdf_bytes("制度"))), None)
        .await;
    app.set_status(id, "submitted", None).await;
    let (_, approved) = app.set_status(id, "approved", None).await;

    let refusals = [
        app.save_answer(
            id,
            "GOV-01",
            &json!({ "value": "compliant", "note": "", "revision": answer["revision"] }),
        )
        .await,
        app.set_profile(id, &json!({ "important_data": true }), 0)
            .await,
        app.upload(id, "GOV-02", None, Some("note")).await,
        app.send(app.as_user(
            reqwest::Method::DELETE,
            &format!("/api/assessments/{id}/evidence/{}", evidence["id"]),
        ))
        .await,
        app.put_json(
            &format!("/api/assessments/{id}/remediation/GOV-01"),
            &json!({ "owner": "李四", "due_date": null, "status": "open", "comment": "" }),
        )
        .await,
    ];

    for (i, (status, body)) in refusals.iter().enumerate() {
        assert_eq!(*status, 409, "write {i}: {body}");
        assert_eq!(body["error"]["code"], "read_only", "write {i}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains("approved"), "{message}");
    }
    let (_, whole) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(whole, approved, "nothing changed");
}
