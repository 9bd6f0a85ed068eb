//! The portable archive over HTTP between two real servers with their own data directories:
//! downloaded, imported into the second, equal there with new ids, the source's audit record
//! kept and verified, the target's own chain intact; the download changes nothing and is the
//! same bytes each time; bad uploads are refused with the error format and write nothing.

use reqwest::Method;
use serde_json::{Value, json};
use ziping_tests::{QUESTIONNAIRE, TestApp, pdf_bytes, spawn_app, valid_uscc};

/// An assessment with a profile, answers, a file, a note, remediation, and submitted.
async fn filled(app: &TestApp) -> i64 {
    let assessment = app.create_assessment().await;
    let id = assessment["id"].as_i64().unwrap();
    let (_, questionnaire) = app
        .get_json(&format!("/api/questionnaires/{QUESTIONNAIRE}"))
        .await;
    let questions: Vec<String> = questionnaire["domains"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["questions"].as_array().unwrap().iter())
        .map(|q| q["id"].as_str().unwrap().to_owned())
        .take(3)
        .collect();
    let fact = questionnaire["profile"][0]["id"].as_str().unwrap();
    let (status, body) = app.set_profile(id, &json!({ fact: true }), 0).await;
    assert_eq!(status, 200, "{body}");
    app.save_answers(
        id,
        &[
            (&questions[0], "compliant", "制度已发布"),
            (&questions[1], "partial", "部分落实"),
            (&questions[2], "non_compliant", ""),
        ],
    )
    .await;
    let (status, body) = app
        .upload(
            id,
            &questions[0],
            Some(("制度.pdf", pdf_bytes("制度"))),
            Some("2026 版"),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = app.upload(id, &questions[1], None, Some("访谈记录")).await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = app
        .put_json(
            &format!("/api/assessments/{id}/remediation/{}", questions[2]),
            &json!({ "owner": "李四", "due_date": "2026-12-31", "status": "open", "comment": "年内完成" }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app.set_status(id, "submitted", None).await;
    assert_eq!(status, 200, "{body}");
    id
}

async fn download(app: &TestApp, id: i64) -> (Vec<u8>, String) {
    let response = app
        .get(&format!("/api/assessments/{id}/export/archive.zip"))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/zip");
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let sha = response.headers()["x-ziping-archive-sha256"]
        .to_str()
        .unwrap()
        .to_owned();
    (response.bytes().await.unwrap().to_vec(), sha)
}

async fn upload(app: &TestApp, bytes: Vec<u8>, content_type: &str) -> (reqwest::StatusCode, Value) {
    app.send(
        app.as_user(Method::POST, "/api/archives")
            .header("content-type", content_type)
            .body(bytes),
    )
    .await
}

/// What must be equal between the two sides: everything but ids and who imported.
fn content(assessment: &Value) -> Value {
    let evidence: Vec<Value> = assessment["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            json!([
                e["question_id"],
                e["kind"],
                e["name"],
                e["media_type"],
                e["size"],
                e["sha256"],
                e["note"],
                e["created_at"],
                e["created_by"]
            ])
        })
        .collect();
    json!({
        "organization": [assessment["organization"]["name"], assessment["organization"]["uscc"],
                         assessment["organization"]["industry"], assessment["organization"]["region"]],
        "questionnaire": [assessment["questionnaire_id"], assessment["questionnaire_version"]],
        "cycle": assessment["cycle"],
        "status": assessment["status"],
        "profile": assessment["profile"],
        "profile_revision": assessment["profile_revision"],
        "answers": assessment["answers"],
        "remediation": assessment["remediation"],
        "evidence": evidence,
    })
}

#[tokio::test]
async fn an_archive_downloaded_from_one_server_imports_into_another_as_an_equal_assessment() {
    let source = spawn_app().await;
    let id = filled(&source).await;
    let (_, events_before) = source
        .get_json(&format!("/api/assessments/{id}/audit"))
        .await;
    let (bytes, sha) = download(&source, id).await;
    let (again, _) = download(&source, id).await;
    assert!(bytes == again, "two downloads differ");
    let (_, events_after) = source
        .get_json(&format!("/api/assessments/{id}/audit"))
        .await;
    assert_eq!(
        events_before, events_after,
        "the download changed the audit log"
    );

    let target = spawn_app().await;
    // Something in the target first, so that the new ids differ from the source's.
    let (status, body) = target
        .post_json(
            "/api/organizations",
            &json!({ "name": "另一家公司", "uscc": valid_uscc(99) }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, imported) = upload(&target, bytes.clone(), "application/zip").await;
    assert_eq!(status, 201, "{imported}");
    assert_eq!(imported["archive_sha256"], sha);
    assert_eq!(imported["organization_created"], true);
    assert_eq!(imported["answers"], 3);
    assert_eq!(imported["evidence"], 2);
    let new_id = imported["assessment_id"].as_i64().unwrap();

    let (_, original) = source.get_json(&format!("/api/assessments/{id}")).await;
    let (status, copy) = target.get_json(&format!("/api/assessments/{new_id}")).await;
    assert_eq!(status, 200);
    assert_eq!(content(&copy), content(&original));
    assert_ne!(copy["organization"]["id"], original["organization"]["id"]);
    // The file's bytes, downloaded from the target.
    let file = copy["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "file")
        .unwrap();
    let response = target
        .get(&format!(
            "/api/assessments/{new_id}/evidence/{}",
            file["id"]
        ))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes().await.unwrap().to_vec(), pdf_bytes("制度"));
    // The target's chain: intact, with the import event naming the archive.
    let (_, verification) = target.get_json("/api/audit/verify").await;
    assert_eq!(verification["ok"], true, "{verification}");
    let (_, events) = target
        .get_json(&format!("/api/assessments/{new_id}/audit"))
        .await;
    let import = events.as_array().unwrap().last().unwrap();
    assert_eq!(import["action"], "import");
    assert_eq!(import["after"]["archive_sha256"], sha);
    assert_eq!(
        import["after"]["imported_audit_events"],
        events_before.as_array().unwrap().len()
    );
    // The same archive again: 409, and nothing more written.
    let (_, list_before) = target.get_json("/api/assessments").await;
    let (status, body) = upload(&target, bytes, "application/zip").await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "duplicate_assessment");
    let (_, list_after) = target.get_json("/api/assessments").await;
    assert_eq!(list_before, list_after);
}

#[tokio::test]
async fn an_archive_of_a_known_organization_is_filed_under_it() {
    let source = spawn_app().await;
    let id = filled(&source).await;
    let (bytes, _) = download(&source, id).await;
    let target = spawn_app().await;
    // The same counter gives the same USCC as the source's organization.
    let organization = target.create_organization("本地名称").await;
    let (status, imported) = upload(&target, bytes, "application/octet-stream").await;
    assert_eq!(status, 201, "{imported}");
    assert_eq!(imported["organization_created"], false);
    assert_eq!(imported["organization_id"], organization["id"]);
}

#[tokio::test]
async fn a_bad_archive_upload_is_refused_with_the_error_format_and_writes_nothing() {
    let app = spawn_app().await;
    let id = filled(&app).await;
    let (bytes, _) = download(&app, id).await;
    let (_, before) = app.get_json("/api/assessments").await;

    let (status, body) = upload(&app, bytes.clone(), "application/json").await;
    assert_eq!(status, 415, "{body}");
    assert_eq!(body["error"]["code"], "unsupported_media_type");
    let (status, body) = upload(&app, b"PK\x03\x04 not really".to_vec(), "application/zip").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "corrupt_archive");
    let (status, body) = upload(&app, bytes[..bytes.len() / 2].to_vec(), "application/zip").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "corrupt_archive");
    let (status, body) = app
        .send(
            app.http
                .post(app.url("/api/archives"))
                .header("content-type", "application/zip")
                .body(bytes),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"]["code"], "user_required");
    let (status, body) = app
        .get_json("/api/assessments/999/export/archive.zip")
        .await;
    assert_eq!(status, 404, "{body}");

    let (_, after) = app.get_json("/api/assessments").await;
    assert_eq!(before, after);
}
