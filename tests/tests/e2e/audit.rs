//! The audit log: every change appends an event with its actor and before/after state, the
//! events form a hash chain, and an event edited or removed behind Ziping's back breaks the
//! chain exactly there.

use serde_json::{Value, json};
use ziping_tests::{TestApp, USER, spawn_app};

/// An assessment with a few changes of every kind; returns its id.
async fn assessment_with_history(app: &TestApp) -> i64 {
    let id = app.create_assessment().await["id"].as_i64().unwrap();
    app.set_profile(id, &json!({ "important_data": true }), 0)
        .await;
    app.save_answer(
        id,
        "GOV-01",
        &json!({ "value": "partial", "note": "草案", "revision": 0 }),
    )
    .await;
    app.save_answer(
        id,
        "GOV-01",
        &json!({ "value": "compliant", "note": "已发布", "revision": 1 }),
    )
    .await;
    app.upload(id, "GOV-01", None, Some("会议纪要")).await;
    app.put_json(
        &format!("/api/assessments/{id}/remediation/GOV-02"),
        &json!({ "owner": "李四", "due_date": "2026-06-30", "status": "open", "comment": "" }),
    )
    .await;
    app.set_status(id, "submitted", None).await;
    app.set_status(id, "draft", Some("补充证据")).await;
    id
}

fn kinds(events: &Value) -> Vec<(String, String, String)> {
    events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["entity"].as_str().unwrap().to_owned(),
                e["entity_id"].as_str().unwrap().to_owned(),
                e["action"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn every_change_to_an_assessment_is_an_event_with_actor_and_before_and_after() {
    let app = spawn_app().await;
    let id = assessment_with_history(&app).await;

    let (status, events) = app.get_json(&format!("/api/assessments/{id}/audit")).await;

    assert_eq!(status, 200, "{events}");
    let expected: Vec<(String, String, String)> = [
        ("assessment", id.to_string(), "create"),
        ("profile", id.to_string(), "update"),
        ("answer", "GOV-01".to_owned(), "create"),
        ("answer", "GOV-01".to_owned(), "update"),
        ("evidence", "1".to_owned(), "create"),
        ("remediation", "GOV-02".to_owned(), "create"),
        ("assessment", id.to_string(), "submit"),
        ("assessment", id.to_string(), "reopen"),
    ]
    .into_iter()
    .map(|(a, b, c)| (a.to_owned(), b, c.to_owned()))
    .collect();
    assert_eq!(kinds(&events), expected);
    let events = events.as_array().unwrap();
    for event in events {
        assert_eq!(event["actor"], USER);
        assert_eq!(event["assessment_id"], id);
        assert_eq!(event["hash"].as_str().unwrap().len(), 64);
    }
    assert_eq!(
        events[3]["before"],
        json!({ "value": "partial", "na_reason": null, "note": "草案", "revision": 1 })
    );
    assert_eq!(
        events[3]["after"],
        json!({ "value": "compliant", "na_reason": null, "note": "已发布", "revision": 2 })
    );
    assert_eq!(events[2]["before"], Value::Null);
    assert_eq!(events[7]["before"], json!({ "status": "submitted" }));
    assert_eq!(
        events[7]["after"],
        json!({ "status": "draft", "reason": "补充证据" })
    );
}

#[tokio::test]
async fn refused_changes_leave_no_event() {
    let app = spawn_app().await;
    let id = app.create_assessment().await["id"].as_i64().unwrap();
    let (_, before) = app.get_json(&format!("/api/assessments/{id}/audit")).await;

    app.save_answer(
        id,
        "GOV-01",
        &json!({ "value": "compliant", "note": "", "revision": 5 }),
    )
    .await;
    app.save_answer(
        id,
        "GOV-01",
        &json!({ "value": "not_applicable", "note": "", "revision": 0 }),
    )
    .await;
    app.set_status(id, "approved", None).await;

    let (_, after) = app.get_json(&format!("/api/assessments/{id}/audit")).await;
    assert_eq!(after, before);
}

#[tokio::test]
async fn the_audit_of_an_unknown_assessment_is_404() {
    let app = spawn_app().await;

    let (status, body) = app.get_json("/api/assessments/77/audit").await;

    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn an_untouched_chain_verifies() {
    let app = spawn_app().await;
    assessment_with_history(&app).await;

    let (status, verification) = app.get_json("/api/audit/verify").await;

    assert_eq!(status, 200);
    // The organization's creation is an event too, outside any assessment.
    assert_eq!(
        verification,
        json!({ "ok": true, "events": 9, "first_broken": null })
    );
}

/// Opens the application's database behind its back, as someone with file access could.
fn tamper(app: &TestApp, sql: &str) {
    let conn = rusqlite::Connection::open(app.data_dir.path().join("ziping.db")).unwrap();
    // The triggers stop an honest mistake; someone tampering drops them first.
    conn.execute_batch("DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;")
        .unwrap();
    conn.execute_batch(sql).unwrap();
}

#[tokio::test]
async fn an_edited_event_breaks_the_chain_at_that_event() {
    let app = spawn_app().await;
    assessment_with_history(&app).await;

    tamper(
        &app,
        r#"UPDATE audit_events SET after = '{"note":"已发布","revision":2,"value":"non_compliant","na_reason":null}' WHERE id = 5"#,
    );

    let (_, verification) = app.get_json("/api/audit/verify").await;
    assert_eq!(verification["ok"], false);
    assert_eq!(verification["first_broken"]["id"], 5);
    let reason = verification["first_broken"]["reason"].as_str().unwrap();
    assert!(reason.contains("edited"), "{reason}");
}

#[tokio::test]
async fn an_edited_actor_is_caught_too() {
    let app = spawn_app().await;
    assessment_with_history(&app).await;

    tamper(&app, "UPDATE audit_events SET actor = '王五' WHERE id = 8");

    let (_, verification) = app.get_json("/api/audit/verify").await;
    assert_eq!(verification["first_broken"]["id"], 8);
}

#[tokio::test]
async fn a_removed_event_breaks_the_chain_at_the_next_one() {
    let app = spawn_app().await;
    assessment_with_history(&app).await;

    tamper(&app, "DELETE FROM audit_events WHERE id = 4");

    let (_, verification) = app.get_json("/api/audit/verify").await;
    assert_eq!(verification["ok"], false);
    assert_eq!(verification["first_broken"]["id"], 5);
    let reason = verification["first_broken"]["reason"].as_str().unwrap();
    assert!(reason.contains("missing"), "{reason}");
}

/// The event hash as ARCHITECTURE.md states it: SHA-256 over the previous hash and the event's
/// fields, each as its 8-byte big-endian length and its bytes.
fn event_hash(fields: &[String]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for field in fields {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn an_event_rewritten_with_a_correct_hash_still_breaks_the_next_link() {
    let app = spawn_app().await;
    assessment_with_history(&app).await;
    let conn = rusqlite::Connection::open(app.data_dir.path().join("ziping.db")).unwrap();
    let mut fields: Vec<String> = conn
        .query_row(
            "SELECT prev_hash, id, at, actor, coalesce(assessment_id, ''), entity, entity_id,
                    action, before, after, hash
             FROM audit_events WHERE id = 6",
            [],
            |row| {
                (0..11)
                    .map(|i| {
                        row.get::<_, rusqlite::types::Value>(i).map(|v| match v {
                            rusqlite::types::Value::Integer(n) => n.to_string(),
                            rusqlite::types::Value::Text(t) => t,
                            other => panic!("unexpected {other:?}"),
                        })
                    })
                    .collect()
            },
        )
        .unwrap();
    let stored = fields.pop().unwrap();
    assert_eq!(
        event_hash(&fields),
        stored,
        "the hash scheme is the documented one"
    );
    drop(conn);

    fields[3] = "王五".to_owned();
    tamper(
        &app,
        &format!(
            "UPDATE audit_events SET actor = '王五', hash = '{}' WHERE id = 6",
            event_hash(&fields)
        ),
    );

    let (_, verification) = app.get_json("/api/audit/verify").await;
    assert_eq!(verification["ok"], false);
    assert_eq!(verification["first_broken"]["id"], 7);
    let reason = verification["first_broken"]["reason"].as_str().unwrap();
    assert!(reason.contains("does not link"), "{reason}");
}

#[tokio::test]
async fn the_database_refuses_edits_of_the_audit_log() {
    let app = spawn_app().await;
    assessment_with_history(&app).await;
    let conn = rusqlite::Connection::open(app.data_dir.path().join("ziping.db")).unwrap();

    let update = conn.execute("UPDATE audit_events SET actor = 'x' WHERE id = 1", []);
    let delete = conn.execute("DELETE FROM audit_events WHERE id = 1", []);

    assert!(update.unwrap_err().to_string().contains("append-only"));
    assert!(delete.unwrap_err().to_string().contains("append-only"));
}
