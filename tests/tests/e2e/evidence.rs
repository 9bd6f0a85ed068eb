//! Evidence: notes and files attached to questions, stored once by SHA-256 under the data
//! directory, downloaded with their original name, limited in size and type, and removed with
//! the last piece of evidence that names them.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use ziping_tests::{TestApp, USER, pdf_bytes, spawn_app};

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn stored_file(app: &TestApp, sha256: &str) -> PathBuf {
    app.data_dir
        .path()
        .join("evidence")
        .join(&sha256[..2])
        .join(&sha256[2..])
}

/// Every file under the evidence directory, temporary uploads included.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

async fn assessment_id(app: &TestApp) -> i64 {
    app.create_assessment().await["id"].as_i64().unwrap()
}

#[tokio::test]
async fn an_uploaded_pdf_is_stored_by_its_hash_and_downloads_with_its_name() {
    let app = spawn_app().await;
    let id = assessment_id(&app).await;
    let bytes = pdf_bytes("数据安全管理制度");

    let (status, evidence) = app
        .upload(
            id,
            "GOV-01",
            Some(("数据安全管理制度 v2.pdf", bytes.clone())),
            Some("2026 版"),
        )
        .await;

    assert_eq!(status, 201, "{evidence}");
    let sha256 = sha256_hex(&bytes);
    assert_eq!(evidence["question_id"], "GOV-01");
    assert_eq!(evidence["kind"], "file");
    assert_eq!(evidence["name"], "数据安全管理制度 v2.pdf");
    assert_eq!(evidence["media_type"], "application/pdf");
    assert_eq!(evidence["size"], bytes.len());
    assert_eq!(evidence["sha256"], sha256);
    assert_eq!(evidence["note"], "2026 版");
    assert_eq!(evidence["created_by"], USER);
    assert_eq!(std::fs::read(stored_file(&app, &sha256)).unwrap(), bytes);

    let response = app
        .get(&format!(
            "/api/assessments/{id}/evidence/{}",
            evidence["id"]
        ))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains(
            "filename*=UTF-8''%E6%95%B0%E6%8D%AE%E5%AE%89%E5%85%A8%E7%AE%A1%E7%90%86%E5%88%B6%E5%BA%A6%20v2.pdf"
        ),
        "{disposition}"
    );
    assert_eq!(response.bytes().await.unwrap(), bytes);

    let (_, whole) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(whole["evidence"], json!([evidence]));
}

#[tokio::test]
async fn a_note_is_evidence_with_the_hash_of_its_text_and_downloads_as_that_text() {
    let app = spawn_app().await;
    let id = assessment_id(&app).await;

    let (status, evidence) = app
        .upload(
            id,
            "GOV-02",
            None,
            Some("  已于 2026-03-01 召开数据安全委员会会议 "),
        )
        .await;

    assert_eq!(status, 201, "{evidence}");
    let text = "已于 2026-03-01 召开数据安全委员会会议";
    assert_eq!(evidence["kind"], "note");
    assert_eq!(evidence["note"], text);
    assert_eq!(evidence["name"], Value::Null);
    assert_eq!(evidence["media_type"], Value::Null);
    assert_eq!(evidence["size"], text.len());
    assert_eq!(evidence["sha256"], sha256_hex(text.as_bytes()));
    // Downloaded, a note is its text: the bytes of its hash.
    let response = app
        .get(&format!(
            "/api/assessments/{id}/evidence/{}",
            evidence["id"]
        ))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; charset=utf-8"
    );
    let bytes = response.bytes().await.unwrap();
    assert_eq!(sha256_hex(&bytes), evidence["sha256"]);
}

#[tokio::test]
async fn the_same_file_twice_is_stored_once_and_removed_with_the_last_reference() {
    let app = spawn_app().await;
    let id = assessment_id(&app).await;
    let bytes = pdf_bytes("共用的制度文件");
    let path = stored_file(&app, &sha256_hex(&bytes));
    let (_, first) = app
        .upload(id, "GOV-01", Some(("制度.pdf", bytes.clone())), None)
        .await;
    let (_, second) = app
        .upload(id, "GOV-02", Some(("制度-副本.pdf", bytes.clone())), None)
        .await;
    assert_eq!(first["sha256"], second["sha256"]);
    let evidence_dir = app.data_dir.path().join("evidence");
    assert_eq!(files_under(&evidence_dir), vec![path.clone()]);

    let (status, body) = app
        .send(app.as_user(
            reqwest::Method::DELETE,
            &format!("/api/assessments/{id}/evidence/{}", first["id"]),
        ))
        .await;
    assert_eq!(status, 204, "{body}");
    assert!(
        path.exists(),
        "the second piece of evidence still needs the file"
    );
    let response = app
        .get(&format!("/api/assessments/{id}/evidence/{}", second["id"]))
        .await;
    assert_eq!(response.bytes().await.unwrap(), bytes);

    let (status, _) = app
        .send(app.as_user(
            reqwest::Method::DELETE,
            &format!("/api/assessments/{id}/evidence/{}", second["id"]),
        ))
        .await;
    assert_eq!(status, 204);
    assert_eq!(files_under(&evidence_dir), Vec::<PathBuf>::new());
    let (_, whole) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(whole["evidence"], json!([]));
}

#[tokio::test]
async fn a_file_over_20_mib_is_413_and_leaves_nothing_behind() {
    let app = spawn_app().await;
    let id = assessment_id(&app).await;
    let mut bytes = pdf_bytes("large");
    bytes.resize(20 * 1024 * 1024 + 1, b' ');

    let (status, body) = app
        .upload(id, "GOV-01", Some(("large.pdf", bytes)), None)
        .await;

    assert_eq!(status, 413, "{body}");
    assert_eq!(body["error"]["code"], "too_large");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("20 MiB")
    );
    assert_eq!(
        files_under(&app.data_dir.path().join("evidence")),
        Vec::<PathBuf>::new()
    );
    let (_, whole) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(whole["evidence"], json!([]));
}

#[tokio::test]
async fn a_file_of_exactly_20_mib_is_accepted() {
    let app = spawn_app().await;
    let id = assessment_id(&app).await;
    let mut bytes = pdf_bytes("at the limit");
    bytes.resize(20 * 1024 * 1024, b' ');

    let (status, body) = app
        .upload(id, "GOV-01", Some(("limit.pdf", bytes)), None)
        .await;

    assert_eq!(status, 201, "{body}");
    assert_eq!(body["size"], 20 * 1024 * 1024);
}

#[tokio::test]
async fn a_type_not_on_the_allow_list_is_415() {
    let app = spawn_app().await;
    let id = assessment_id(&app).await;

    let (status, body) = app
        .upload(
            id,
            "GOV-01",
            Some(("setup.exe", b"MZ\x90\x00".to_vec())),
            None,
        )
        .await;

    assert_eq!(status, 415);
    assert_eq!(body["error"]["code"], "unsupported_type");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("pdf"),
        "{body}"
    );
}

#[tokio::test]
async fn a_file_whose_content_does_not_match_its_extension_is_415() {
    let app = spawn_app().await;
    let id = assessment_id(&app).await;

    let (status, body) = app
        .upload(
            id,
            "GOV-01",
            Some(("renamed.pdf", b"MZ\x90\x00 not a pdf".to_vec())),
            None,
        )
        .await;

    assert_eq!(status, 415);
    assert_eq!(body["error"]["code"], "unsupported_type");
    assert_eq!(
        files_under(&app.data_dir.path().join("evidence")),
        Vec::<PathBuf>::new()
    );
}

#[tokio::test]
async fn an_uploaded_name_with_directories_is_kept_as_a_name_only() {
    let app = spawn_app().await;
    let id = assessment_id(&app).await;
    let bytes = b"plain text".to_vec();

    let (status, evidence) = app
        .upload(
            id,
            "GOV-01",
            Some(("../../../outside.txt", bytes.clone())),
            None,
        )
        .await;

    assert_eq!(status, 201, "{evidence}");
    assert_eq!(evidence["name"], "outside.txt");
    assert_eq!(
        files_under(&app.data_dir.path().join("evidence")),
        vec![stored_file(&app, &sha256_hex(&bytes))]
    );
    assert!(!app.data_dir.path().join("outside.txt").exists());
}

#[tokio::test]
async fn evidence_needs_a_known_question_and_a_file_or_a_note() {
    let app = spawn_app().await;
    let id = assessment_id(&app).await;

    let (status, body) = app.upload(id, "", None, Some("note")).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "question_required");

    let (status, body) = app.upload(id, "ZZZ-999", None, Some("note")).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "unknown_question");

    let (status, body) = app.upload(id, "GOV-01", None, Some("   ")).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "evidence_required");

    let (status, body) = app
        .upload(id, "GOV-01", None, Some(&"字".repeat(10_001)))
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "too_long");

    let (_, whole) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(whole["evidence"], json!([]));
}

#[tokio::test]
async fn evidence_sent_as_json_is_415() {
    let app = spawn_app().await;
    let id = assessment_id(&app).await;

    let (status, body) = app
        .post_json(
            &format!("/api/assessments/{id}/evidence"),
            &json!({ "question_id": "GOV-01", "note": "x" }),
        )
        .await;

    assert_eq!(status, 415);
    assert_eq!(body["error"]["code"], "unsupported_media_type");
}

#[tokio::test]
async fn unknown_evidence_and_assessments_are_404() {
    let app = spawn_app().await;
    let id = assessment_id(&app).await;

    let (status, _) = app
        .get_json(&format!("/api/assessments/{id}/evidence/5"))
        .await;
    assert_eq!(status, 404);
    let (status, body) = app
        .send(app.as_user(
            reqwest::Method::DELETE,
            &format!("/api/assessments/{id}/evidence/5"),
        ))
        .await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
    let (status, _) = app.upload(999, "GOV-01", None, Some("note")).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn evidence_of_one_assessment_is_not_reachable_through_another() {
    let app = spawn_app().await;
    let first = assessment_id(&app).await;
    let second = app
        .post_json(
            "/api/assessments",
            &json!({ "organization_id": app.create_organization("乙").await["id"], "questionnaire_id": ziping_tests::QUESTIONNAIRE, "cycle": "2026 年度" }),
        )
        .await
        .1["id"]
        .as_i64()
        .unwrap();
    let (_, evidence) = app
        .upload(first, "GOV-01", Some(("a.txt", b"a".to_vec())), None)
        .await;

    let (status, _) = app
        .get_json(&format!(
            "/api/assessments/{second}/evidence/{}",
            evidence["id"]
        ))
        .await;

    assert_eq!(status, 404);
}
