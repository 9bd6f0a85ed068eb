//! The OSCAL exports from the real server: the assessment as assessment results and its
//! questionnaire version as a catalog, their content checked against the API (the score's
//! counts and gaps, the evidence's SHA-256, the pinned version), the same bytes twice, and both
//! documents validated by compliance-trestle, an independent OSCAL implementation, through
//! `tests/oscal/validate.py` in the venv `target/oscal` that `tests/run.sh` makes. The venv
//! missing fails the tests. Broken documents are shown to be rejected by the same validator.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use ziping_tests::{TestApp, pdf_bytes, spawn_app, target_dir};

/// The validator's Python, in the venv `tests/run.sh` makes.
fn python() -> PathBuf {
    let python = target_dir().join("oscal/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run `bash tests/run.sh` once, or make the venv with \
         `python3 -m venv target/oscal && target/oscal/bin/pip install -r tests/oscal/requirements.txt`",
        python.display()
    );
    python
}

/// Runs the validator on `document` as `model`: whether it was accepted, and what it said.
fn validate(model: &str, document: &Value) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("document.json");
    std::fs::write(&path, serde_json::to_vec_pretty(document).unwrap()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("oscal/validate.py");
    let output = Command::new(python())
        .arg(&script)
        .arg(model)
        .arg(&path)
        .output()
        .expect("the validator runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    match output.status.code() {
        Some(0) => (true, said),
        Some(1) => (false, said),
        _ => panic!("the validator failed to run: {said}"),
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// An assessment with important data: GOV-01 符合 with a note and a file, GOV-02 部分符合 with a
/// remediation in progress, GOV-03 不符合 with a written note, GOV-04 不适用. Returns its id and
/// the SHA-256 of the file and of the note.
async fn assessment(app: &TestApp) -> (i64, String, String) {
    let id = app.create_assessment().await["id"].as_i64().unwrap();
    let (status, body) = app
        .set_profile(id, &json!({ "important_data": true }), 0)
        .await;
    assert_eq!(status, 200, "{body}");
    app.save_answers(
        id,
        &[
            ("GOV-01", "compliant", "任命文件已发布\n见附件一"),
            ("GOV-02", "partial", ""),
            ("GOV-03", "non_compliant", ""),
        ],
    )
    .await;
    let (status, body) = app
        .save_answer(
            id,
            "GOV-04",
            &json!({ "value": "not_applicable", "na_reason": "不涉及", "note": "", "revision": 0 }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let file = pdf_bytes("任命文件");
    let (status, uploaded) = app
        .upload(id, "GOV-01", Some(("任命文件.pdf", file.clone())), None)
        .await;
    assert_eq!(status, 201, "{uploaded}");
    assert_eq!(uploaded["sha256"], sha256_hex(&file));
    let (status, note) = app
        .upload(id, "GOV-03", None, Some("尚未建立制度，计划明年完成"))
        .await;
    assert_eq!(status, 201, "{note}");
    let (status, body) = app
        .put_json(
            &format!("/api/assessments/{id}/remediation/GOV-02"),
            &json!({ "owner": "李四", "due_date": "2027-06-30", "status": "in_progress", "comment": "制度起草中" }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    (
        id,
        sha256_hex(&file),
        note["sha256"].as_str().unwrap().to_owned(),
    )
}

/// Downloads a document: its bytes, checked to be a JSON attachment named `file_name`.
async fn download(app: &TestApp, path: &str, file_name: &str) -> Vec<u8> {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(
        response.headers()["content-disposition"],
        format!("attachment; filename=\"{file_name}\"").as_str()
    );
    response.bytes().await.unwrap().to_vec()
}

fn props<'a>(value: &'a Value, name: &str) -> Vec<&'a Value> {
    value["props"]
        .as_array()
        .map(|props| {
            props
                .iter()
                .filter(|p| p["name"] == name)
                .map(|p| &p["value"])
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn the_oscal_documents_match_the_api_and_trestle_accepts_them() {
    let app = spawn_app().await;
    let (id, file_sha, note_sha) = assessment(&app).await;
    let (status, score) = app.get_json(&format!("/api/assessments/{id}/score")).await;
    assert_eq!(status, 200, "{score}");
    let (_, whole) = app.get_json(&format!("/api/assessments/{id}")).await;

    for lang in ["en", "zh-CN"] {
        let ar_path = format!("/api/assessments/{id}/export/oscal-ar.json?lang={lang}");
        let catalog_path = format!("/api/assessments/{id}/export/oscal-catalog.json?lang={lang}");
        let ar_bytes = download(&app, &ar_path, &format!("ziping-{id}-oscal-ar.json")).await;
        let catalog_bytes = download(
            &app,
            &catalog_path,
            &format!("ziping-{id}-oscal-catalog.json"),
        )
        .await;
        // A GET changes nothing: the same bytes again.
        assert_eq!(
            download(&app, &ar_path, &format!("ziping-{id}-oscal-ar.json")).await,
            ar_bytes
        );
        let ar: Value = serde_json::from_slice(&ar_bytes).unwrap();
        let catalog: Value = serde_json::from_slice(&catalog_bytes).unwrap();

        // The catalog is the pinned version, a control per question, and the results name it.
        let cat = &catalog["catalog"];
        assert_eq!(cat["metadata"]["version"], whole["questionnaire_version"]);
        assert_eq!(cat["metadata"]["oscal-version"], "1.1.2");
        let control_ids: Vec<&str> = cat["groups"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["controls"].as_array().unwrap())
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        let results = &ar["assessment-results"];
        assert_eq!(
            props(&results["metadata"], "catalog-uuid"),
            vec![&cat["uuid"]]
        );
        let result = &results["results"][0];

        // A finding per applicable question not answered 不适用; satisfied exactly for 符合.
        let counts = &score["overall"]["counts"];
        let n = |v: &Value| v.as_u64().unwrap();
        let findings = result["findings"].as_array().unwrap();
        assert_eq!(
            findings.len() as u64,
            n(&score["overall"]["applicable"]) - n(&counts["not_applicable"])
        );
        let satisfied = findings
            .iter()
            .filter(|f| f["target"]["status"]["state"] == "satisfied")
            .count() as u64;
        assert_eq!(satisfied, n(&counts["compliant"]));
        assert_eq!(
            findings.len() as u64 - satisfied,
            n(&counts["partial"]) + n(&counts["non_compliant"]) + n(&counts["unanswered"])
        );
        for finding in findings {
            let target = finding["target"]["target-id"].as_str().unwrap();
            assert!(control_ids.contains(&target), "{target} is not a control");
        }
        let finding = |q: &str| findings.iter().find(|f| f["target"]["target-id"] == q);
        assert_eq!(
            finding("GOV-02").unwrap()["target"]["status"]["state"],
            "not-satisfied"
        );
        assert_eq!(props(finding("GOV-02").unwrap(), "answer"), vec!["partial"]);
        assert!(finding("GOV-04").is_none(), "不适用 has no finding");

        // A risk per gap, in the score's order, with its priority band; GOV-02's is being fixed.
        let gaps = score["gaps"].as_array().unwrap();
        let risks = result["risks"].as_array().unwrap();
        assert_eq!(risks.len(), gaps.len());
        for (risk, gap) in risks.iter().zip(gaps) {
            assert_eq!(props(risk, "question"), vec![&gap["question"]]);
            assert_eq!(props(risk, "priority"), vec![&gap["band"]]);
        }
        let gov02 = risks
            .iter()
            .find(|r| props(r, "question") == vec!["GOV-02"])
            .unwrap();
        assert_eq!(gov02["status"], "remediating");
        assert_eq!(
            finding("GOV-02").unwrap()["related-risks"][0]["risk-uuid"],
            gov02["uuid"]
        );

        // The evidence with its SHA-256: the file in the back matter, the note as an observation.
        let hashes: Vec<&Value> = results["back-matter"]["resources"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r["rlinks"][0]["hashes"].as_array())
            .flatten()
            .collect();
        assert_eq!(
            hashes,
            vec![&json!({ "algorithm": "SHA-256", "value": file_sha })]
        );
        let observations = result["observations"].as_array().unwrap();
        let shas: Vec<&Value> = observations
            .iter()
            .flat_map(|o| props(o, "sha256"))
            .collect();
        assert_eq!(shas, vec![&json!(file_sha), &json!(note_sha)]);
        assert_eq!(
            observations.len(),
            3,
            "GOV-01's note and two pieces of evidence"
        );
        assert_eq!(
            finding("GOV-01").unwrap()["related-observations"]
                .as_array()
                .unwrap()
                .len(),
            2
        );

        // An independent implementation accepts both.
        let (ok, said) = validate("catalog", &catalog);
        assert!(ok, "trestle rejected the catalog ({lang}): {said}");
        let (ok, said) = validate("assessment-results", &ar);
        assert!(
            ok,
            "trestle rejected the assessment results ({lang}): {said}"
        );
    }

    // Refusals: a language Ziping does not have, an assessment that does not exist.
    let response = app
        .get(&format!(
            "/api/assessments/{id}/export/oscal-ar.json?lang=fr"
        ))
        .await;
    assert_eq!(response.status(), 400);
    let response = app
        .get("/api/assessments/999999/export/oscal-catalog.json")
        .await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn the_validator_rejects_broken_oscal_documents() {
    let app = spawn_app().await;
    let (id, _, _) = assessment(&app).await;
    let ar: Value = app
        .get(&format!("/api/assessments/{id}/export/oscal-ar.json"))
        .await
        .json()
        .await
        .unwrap();
    let catalog: Value = app
        .get(&format!("/api/assessments/{id}/export/oscal-catalog.json"))
        .await
        .json()
        .await
        .unwrap();
    assert!(validate("assessment-results", &ar).0);
    assert!(validate("catalog", &catalog).0);

    let broken = |document: &Value, edit: &dyn Fn(&mut Value)| {
        let mut copy = document.clone();
        edit(&mut copy);
        copy
    };
    // A status OSCAL does not have.
    let (ok, said) = validate(
        "assessment-results",
        &broken(&ar, &|d| {
            d["assessment-results"]["results"][0]["findings"][0]["target"]["status"]["state"] =
                json!("maybe");
        }),
    );
    assert!(!ok && said.contains("state"), "{said}");
    // A required field missing.
    let (ok, said) = validate(
        "assessment-results",
        &broken(&ar, &|d| {
            d["assessment-results"]
                .as_object_mut()
                .unwrap()
                .remove("import-ap");
        }),
    );
    assert!(!ok && said.contains("import-ap"), "{said}");
    // A field OSCAL does not have.
    let (ok, said) = validate(
        "assessment-results",
        &broken(&ar, &|d| {
            d["assessment-results"]["results"][0]["findings"][0]["associated-risks"] = json!([]);
        }),
    );
    assert!(!ok && said.contains("associated-risks"), "{said}");
    // A control id that is not a token, and a UUID that is not one.
    let (ok, said) = validate(
        "catalog",
        &broken(&catalog, &|d| {
            d["catalog"]["groups"][0]["controls"][0]["id"] = json!("GOV 01");
        }),
    );
    assert!(!ok && said.contains("id"), "{said}");
    let (ok, said) = validate(
        "catalog",
        &broken(&catalog, &|d| d["catalog"]["uuid"] = json!("not-a-uuid")),
    );
    assert!(!ok && said.contains("uuid"), "{said}");
    // A time without its offset: trestle's models take it, NIST's schema does not.
    let (ok, said) = validate(
        "assessment-results",
        &broken(&ar, &|d| {
            d["assessment-results"]["metadata"]["last-modified"] = json!("2026-03-01T09:30:00");
        }),
    );
    assert!(
        !ok && said.contains("a valid assessment-results for trestle")
            && said.contains("oscal/1.1.2/oscal-ar-schema.json")
            && said.contains("/assessment-results/metadata/last-modified"),
        "{said}"
    );
}

#[tokio::test]
async fn an_app_assessment_names_the_app_and_trestle_accepts_it() {
    let app = spawn_app().await;
    let organization = app.create_organization("示例科技有限公司").await;
    let (status, created) = app
        .post_json(
            "/api/assessments",
            &json!({
                "organization_id": organization["id"],
                "questionnaire_id": "app-pi-compliance",
                "cycle": "2026 年度",
                "subject": {
                    "name": "示例商城",
                    "platform": "android",
                    "version": "5.2.0",
                    "package_id": "com.example.shop",
                },
            }),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    app.save_answers(id, &[("CON-01", "non_compliant", "首次启动未弹窗")])
        .await;
    let (_, score) = app.get_json(&format!("/api/assessments/{id}/score")).await;

    let ar: Value = app
        .get(&format!(
            "/api/assessments/{id}/export/oscal-ar.json?lang=en"
        ))
        .await
        .json()
        .await
        .unwrap();
    let result = &ar["assessment-results"]["results"][0];
    assert!(
        result["title"].as_str().unwrap().contains("示例商城"),
        "{}",
        result["title"]
    );
    assert_eq!(
        result["risks"].as_array().unwrap().len(),
        score["gaps"].as_array().unwrap().len()
    );
    let con01 = result["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["target"]["target-id"] == "CON-01")
        .unwrap();
    assert_eq!(con01["target"]["status"]["state"], "not-satisfied");
    let (ok, said) = validate("assessment-results", &ar);
    assert!(ok, "{said}");
    let catalog: Value = app
        .get(&format!(
            "/api/assessments/{id}/export/oscal-catalog.json?lang=en"
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        catalog["catalog"]["metadata"]["version"],
        created["questionnaire_version"]
    );
    let (ok, said) = validate("catalog", &catalog);
    assert!(ok, "{said}");
}
