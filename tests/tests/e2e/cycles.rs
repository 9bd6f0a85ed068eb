//! Review cycles: a new assessment carried forward from an earlier one of the same organization
//! and questionnaire (profile, answers marked as carried over, evidence, unfinished
//! remediation), confirming carried answers, the refusals, and question ids that a newer
//! questionnaire version replaced.

use std::path::Path;

use serde_json::{Value, json};
use ziping_tests::{QUESTIONNAIRE, TestApp, USER, pdf_bytes, spawn_app, spawn_app_with};

/// Creates the next cycle's assessment from `from`.
async fn carry(app: &TestApp, organization: &Value, from: &Value, cycle: &str) -> (u16, Value) {
    let (status, body) = app
        .post_json(
            "/api/assessments",
            &json!({
                "organization_id": organization["id"],
                "questionnaire_id": QUESTIONNAIRE,
                "cycle": cycle,
                "carry_from": from["id"],
            }),
        )
        .await;
    (status.as_u16(), body)
}

async fn assessment(app: &TestApp, id: &Value) -> Value {
    let (status, body) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// A 2026 assessment with a profile, three answers, evidence on two questions and remediation
/// in two states, approved.
async fn approved_2026(app: &TestApp) -> (Value, Value) {
    let earlier = app.create_assessment().await;
    let id = earlier["id"].as_i64().unwrap();
    let profile = json!({ "important_data": true, "pi_volume": "1m" });
    let (status, body) = app.set_profile(id, &profile, 0).await;
    assert_eq!(status, 200, "{body}");
    app.save_answers(
        id,
        &[
            (
                "GOV-01",
                "compliant",
                "《数据安全管理制度》第 3 条任命了负责人。",
            ),
            ("GOV-02", "partial", "机构已设立，职责未成文。"),
            ("CLS-01", "non_compliant", ""),
        ],
    )
    .await;
    let (status, body) = app
        .upload(
            id,
            "GOV-01",
            Some(("任命文件.pdf", pdf_bytes("appointment"))),
            None,
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = app
        .upload(id, "GOV-02", None, Some("机构设立通知，见 OA 2026-017。"))
        .await;
    assert_eq!(status, 201, "{body}");
    for (question, state) in [("GOV-02", "in_progress"), ("CLS-01", "done")] {
        let (status, body) = app
            .put_json(
                &format!("/api/assessments/{id}/remediation/{question}"),
                &json!({ "owner": "王芳", "due_date": "2026-12-31", "status": state }),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    for to in ["submitted", "approved"] {
        let (status, body) = app.set_status(id, to, None).await;
        assert_eq!(status, 200, "{body}");
    }
    let earlier = assessment(app, &earlier["id"]).await;
    (earlier["organization"].clone(), earlier)
}

#[tokio::test]
async fn the_next_cycle_starts_from_the_last_with_its_answers_marked_as_carried_over() {
    let app = spawn_app().await;
    let (organization, earlier) = approved_2026(&app).await;

    let (status, next) = carry(&app, &organization, &earlier, "2027 年度").await;
    assert_eq!(status, 201, "{next}");
    assert_eq!(next["cycle"], "2027 年度");
    assert_eq!(next["status"], "draft");
    assert_eq!(
        next["carried_from"],
        json!({ "id": earlier["id"], "cycle": "2026 年度" })
    );
    assert_eq!(next["profile"], earlier["profile"]);
    assert_eq!(next["profile_revision"], 1);

    // Answers: the same values and notes, revision 1, still naming who answered them when.
    let answers = next["answers"].as_object().unwrap();
    assert_eq!(answers.len(), 3);
    for (question, answer) in answers {
        let before = &earlier["answers"][question];
        for field in ["value", "na_reason", "note", "updated_at", "updated_by"] {
            assert_eq!(answer[field], before[field], "{question}.{field}");
        }
        assert_eq!(answer["revision"], 1);
        assert_eq!(answer["carried"], true);
        assert_eq!(before["carried"], false);
    }

    // Evidence: both pieces, the file still downloadable under the new assessment.
    let evidence = next["evidence"].as_array().unwrap();
    assert_eq!(evidence.len(), 2);
    for (new, old) in evidence.iter().zip(earlier["evidence"].as_array().unwrap()) {
        assert_ne!(new["id"], old["id"]);
        for field in [
            "question_id",
            "kind",
            "name",
            "sha256",
            "size",
            "note",
            "created_by",
        ] {
            assert_eq!(new[field], old[field], "{field}");
        }
    }
    let file = evidence.iter().find(|e| e["kind"] == "file").unwrap();
    let response = app
        .get(&format!(
            "/api/assessments/{}/evidence/{}",
            next["id"], file["id"]
        ))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.bytes().await.unwrap().to_vec(),
        pdf_bytes("appointment")
    );

    // Remediation: what is not done yet.
    let remediation = next["remediation"].as_object().unwrap();
    assert_eq!(
        remediation.keys().collect::<Vec<_>>(),
        ["GOV-02"],
        "{remediation:?}"
    );
    assert_eq!(remediation["GOV-02"]["status"], "in_progress");

    // The same figures as the earlier cycle until something changes.
    let (_, score_before) = app
        .get_json(&format!("/api/assessments/{}/score", earlier["id"]))
        .await;
    let (_, score_now) = app
        .get_json(&format!("/api/assessments/{}/score", next["id"]))
        .await;
    assert_eq!(score_now["overall"], score_before["overall"]);

    // Saving a carried answer, even unchanged, confirms it.
    let id = next["id"].as_i64().unwrap();
    let (status, saved) = app
        .save_answer(
            id,
            "GOV-01",
            &json!({ "value": "compliant", "note": answers["GOV-01"]["note"], "revision": 1 }),
        )
        .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["carried"], false);
    assert_eq!(saved["revision"], 2);
    assert_eq!(saved["updated_by"], USER);
    let next = assessment(&app, &next["id"]).await;
    assert_eq!(next["answers"]["GOV-02"]["carried"], true);

    // The audit log says where the assessment came from, and what the confirmation replaced.
    let (_, events) = app.get_json(&format!("/api/assessments/{id}/audit")).await;
    let events = events.as_array().unwrap();
    let created = &events[0];
    assert_eq!(created["action"], "create");
    assert_eq!(created["after"]["carried_from"], earlier["id"]);
    assert_eq!(
        created["after"]["carried"]["answers"],
        json!(["GOV-01", "GOV-02", "CLS-01"])
    );
    let confirmed = events.last().unwrap();
    assert_eq!(confirmed["entity_id"], "GOV-01");
    assert_eq!(confirmed["before"]["carried"], true);

    // Deleting the carried file from the new cycle leaves the earlier cycle's copy alone.
    let (status, body) = app
        .send(app.as_user(
            reqwest::Method::DELETE,
            &format!("/api/assessments/{id}/evidence/{}", file["id"]),
        ))
        .await;
    assert!(status.is_success(), "{status} {body}");
    let old_file = earlier["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "file")
        .unwrap();
    let response = app
        .get(&format!(
            "/api/assessments/{}/evidence/{}",
            earlier["id"], old_file["id"]
        ))
        .await;
    assert_eq!(response.status(), 200);

    // The earlier cycle is as it was.
    let unchanged = assessment(&app, &earlier["id"]).await;
    assert_eq!(unchanged, earlier);
}

#[tokio::test]
async fn carrying_from_another_organization_an_unknown_assessment_or_into_a_taken_cycle_is_refused()
{
    let app = spawn_app().await;
    let (organization, earlier) = approved_2026(&app).await;
    let other = app.create_organization("另一家公司").await;
    let (_, before) = app.get_json("/api/assessments").await;

    let (status, body) = carry(&app, &other, &earlier, "2027 年度").await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "carry_mismatch");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("示例科技有限公司"),
        "{body}"
    );

    let (status, body) = carry(&app, &organization, &json!({ "id": 9999 }), "2027 年度").await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"]["code"], "carry_not_found");
    assert!(body["error"]["message"].as_str().unwrap().contains("9999"));

    let (status, body) = carry(&app, &organization, &earlier, "2026 年度").await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "duplicate_assessment");

    let (_, after) = app.get_json("/api/assessments").await;
    assert_eq!(after, before, "nothing was created");
}

/// Copies the bundled catalog and questionnaire into `dir`.
fn copy_content(dir: &Path) {
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("../questionnaires");
    for sub in ["catalog", "content/miit-data-security"] {
        let to = dir.join(sub);
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(bundled.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
}

#[tokio::test]
async fn answers_to_replaced_questions_move_to_their_successors_in_a_newer_version() {
    let content = tempfile::tempdir().unwrap();
    copy_content(content.path());
    let with_content = |args: &mut ziping::config::ServeArgs| {
        args.content.questionnaires = Some(content.path().to_path_buf());
    };
    let app = spawn_app_with(tempfile::tempdir().unwrap(), with_content).await;
    let earlier = app.create_assessment().await;
    let id = earlier["id"].as_i64().unwrap();
    for question in ["GOV-01", "GOV-10"] {
        let (status, body) = app
            .save_answer(id, question, &json!({ "value": "partial", "revision": 0 }))
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, body) = app
        .upload(id, "GOV-01", None, Some("任命文件见 OA 2026-003。"))
        .await;
    assert_eq!(status, 201, "{body}");
    let organization = earlier["organization"].clone();
    let TestApp { data_dir, .. } = app;

    // Version 2026.2: GOV-01 is renumbered GOV-11 (replacing GOV-01), GOV-10 is dropped.
    let v2 = content.path().join("content/miit-data-security-2026.2");
    std::fs::create_dir_all(&v2).unwrap();
    for entry in std::fs::read_dir(content.path().join("content/miit-data-security")).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "questionnaire.md" {
            text = text.replacen("version: 2026.1", "version: 2026.2", 1);
        }
        if name == "01-gov.md" {
            text = text.replacen(
                "## GOV-01\n```meta\n",
                "## GOV-11\n```meta\nreplaces: GOV-01\n",
                1,
            );
            let gov10 = text.find("## GOV-10").unwrap();
            let end = text[gov10 + 1..]
                .find("\n## ")
                .map_or(text.len(), |i| gov10 + 1 + i + 1);
            text.replace_range(gov10..end, "");
        }
        std::fs::write(v2.join(&name), text).unwrap();
    }

    let app = spawn_app_with(data_dir, with_content).await;
    let (status, next) = carry(&app, &organization, &earlier, "2027 年度").await;
    assert_eq!(status, 201, "{next}");
    assert_eq!(next["questionnaire_version"], "2026.2");
    let answers = next["answers"].as_object().unwrap();
    assert_eq!(
        answers.keys().collect::<Vec<_>>(),
        ["GOV-11"],
        "{answers:?}"
    );
    assert_eq!(answers["GOV-11"]["question_id"], "GOV-11");
    assert_eq!(answers["GOV-11"]["value"], "partial");
    assert_eq!(answers["GOV-11"]["carried"], true);
    assert_eq!(next["evidence"][0]["question_id"], "GOV-11");
    // The earlier assessment stays on its own version with its own ids.
    let earlier = assessment(&app, &earlier["id"]).await;
    assert_eq!(earlier["questionnaire_version"], "2026.1");
    assert!(earlier["answers"]["GOV-01"].is_object());
}
