//! Upgrading a draft to a newer questionnaire version through the API, on the fixture versions of
//! `tests/fixtures/upgrade`: every category of the plan, the audit event, and the refusals.

use serde_json::{Value, json};
use ziping_tests::{TestApp, UpgradeFixture};

async fn offer(app: &TestApp, id: i64) -> Value {
    let (status, body) = app
        .get_json(&format!("/api/assessments/{id}/upgrade"))
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn upgrade(app: &TestApp, id: i64, to: &str, revision: &Value) -> (u16, Value) {
    let (status, body) = app
        .post_json(
            &format!("/api/assessments/{id}/upgrade"),
            &json!({ "to_version": to, "revision": revision }),
        )
        .await;
    (status.as_u16(), body)
}

fn ids(list: &Value, field: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| v[field].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn upgrading_a_draft_moves_marks_lists_and_adds_as_the_plan_says_and_is_audited() {
    let fixture = UpgradeFixture::older_only();
    let app = fixture.spawn().await;
    let id = app.answered_fixture_draft().await;
    let (status, body) = app.upload(id, "GOV-03", None, Some("监测记录")).await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = app.upload(id, "GOV-04", None, Some("评估报告")).await;
    assert_eq!(status, 201, "{body}");
    for question in ["GOV-03", "GOV-04"] {
        let (status, body) = app
            .put_json(
                &format!("/api/assessments/{id}/remediation/{question}"),
                &json!({ "owner": "李四", "due_date": "2026-12-31", "status": "open", "comment": "" }),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let on_newest = offer(&app, id).await;
    assert_eq!(on_newest["plan"], Value::Null, "{on_newest}");
    assert_eq!(on_newest["latest_version"], "2026.1");

    let app = fixture.with_newer_version(app).await;
    let offered = offer(&app, id).await;
    assert_eq!(offered["current_version"], "2026.1");
    assert_eq!(offered["latest_version"], "2026.2");
    assert_eq!(offered["status"], "draft");
    let plan = &offered["plan"];
    let placements: Vec<String> = plan["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let why: Vec<&str> = p["reconfirm"]
                .as_array()
                .map(|r| r.iter().map(|k| k.as_str().unwrap()).collect())
                .unwrap_or_default();
            format!(
                "{}←{} {}",
                p["to"].as_str().unwrap(),
                p["from"].as_str().unwrap(),
                why.join(",")
            )
        })
        .collect();
    assert_eq!(
        placements,
        [
            "GOV-01←GOV-01 text",
            "GOV-02←GOV-02 applies",
            "GOV-06←GOV-04 replaces,text,citations",
            "GOV-07←GOV-04 replaces,text,citations",
            "GOV-09←GOV-05 replaces",
        ]
    );
    assert_eq!(ids(&plan["removed"], "id"), ["GOV-03"]);
    assert_eq!(
        plan["removed"][0],
        json!({ "id": "GOV-03", "answer": true, "evidence": true, "remediation": true })
    );
    assert_eq!(plan["added"], json!(["GOV-08"]));
    assert_eq!(
        plan["evidence"],
        json!([{ "from": "GOV-04", "to": "GOV-06" }])
    );
    assert_eq!(
        plan["remediation"],
        json!([{ "from": "GOV-04", "to": "GOV-06" }])
    );
    assert_eq!(
        offered["titles"]["GOV-03"]["zh"],
        "本单位是否开展风险监测并及时处置安全事件？"
    );
    assert_eq!(
        offered["titles"]["GOV-08"]["en"],
        "Does the organization manage core data more strictly?"
    );
    // Looking changed nothing.
    assert_eq!(offer(&app, id).await, offered);

    // A stale revision is refused and changes nothing.
    let stale = offered["revision"].as_i64().unwrap() - 1;
    let (status, body) = upgrade(&app, id, "2026.2", &json!(stale)).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "conflict");
    assert_eq!(body["error"]["current"]["revision"], offered["revision"]);
    let (status, body) = upgrade(&app, id, "2027.1", &offered["revision"]).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "unknown_version");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("2026.2")
    );
    let (status, body) = upgrade(&app, id, "2026.1", &offered["revision"]).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "not_newer");
    assert_eq!(offer(&app, id).await, offered);

    let (status, upgraded) = upgrade(&app, id, "2026.2", &offered["revision"]).await;
    assert_eq!(status, 200, "{upgraded}");
    assert_eq!(upgraded["questionnaire_version"], "2026.2");
    let answers = upgraded["answers"].as_object().unwrap();
    assert_eq!(
        answers.keys().collect::<Vec<_>>(),
        ["GOV-01", "GOV-02", "GOV-06", "GOV-07", "GOV-09"]
    );
    for (question, value) in [
        ("GOV-01", "compliant"),
        ("GOV-02", "partial"),
        ("GOV-06", "partial"),
        ("GOV-07", "partial"),
        ("GOV-09", "compliant"),
    ] {
        assert_eq!(answers[question]["question_id"], question);
        assert_eq!(answers[question]["value"], value, "{question}");
        assert_eq!(
            answers[question]["carried"], true,
            "{question} is to be confirmed"
        );
    }
    assert_eq!(answers["GOV-01"]["note"], "制度 2025 版");
    assert_eq!(answers["GOV-01"]["revision"], 1);
    assert!(
        answers.get("GOV-08").is_none(),
        "new questions start unanswered"
    );
    assert_eq!(ids(&upgraded["evidence"], "question_id"), ["GOV-06"]);
    assert_eq!(
        upgraded["remediation"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["GOV-06"]
    );
    assert_eq!(upgraded["profile"], json!({ "important_data": true }));

    // Saving a moved answer again confirms it under its new id.
    let (status, saved) = app
        .save_answer(
            id,
            "GOV-09",
            &json!({ "value": "compliant", "revision": 1 }),
        )
        .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["carried"], false);
    let (status, body) = app
        .save_answer(
            id,
            "GOV-03",
            &json!({ "value": "compliant", "revision": 0 }),
        )
        .await;
    assert_eq!(status, 404, "GOV-03 is not in 2026.2: {body}");

    let (status, events) = app.get_json(&format!("/api/assessments/{id}/audit")).await;
    assert_eq!(status, 200);
    let upgrades: Vec<&Value> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "upgrade")
        .collect();
    assert_eq!(upgrades.len(), 1, "{events}");
    let event = upgrades[0];
    assert_eq!(event["entity"], "assessment");
    assert_eq!(event["actor"], ziping_tests::USER);
    assert_eq!(event["before"]["questionnaire_version"], "2026.1");
    assert_eq!(event["after"]["questionnaire_version"], "2026.2");
    assert_eq!(event["before"]["answers"]["GOV-03"]["note"], "监测未覆盖");
    assert_eq!(event["before"]["evidence"][0]["note"], "监测记录");
    assert_eq!(event["before"]["remediation"]["GOV-03"]["owner"], "李四");
    assert_eq!(event["after"]["plan"], offered["plan"]);
    let (status, verified) = app.get_json("/api/audit/verify").await;
    assert_eq!(status, 200);
    assert_eq!(verified["ok"], true, "{verified}");

    let after = offer(&app, id).await;
    assert_eq!(after["current_version"], "2026.2");
    assert_eq!(after["plan"], Value::Null);
    let (status, score) = app.get_json(&format!("/api/assessments/{id}/score")).await;
    assert_eq!(status, 200, "{score}");
}

#[tokio::test]
async fn submitted_and_approved_assessments_are_not_upgraded() {
    let fixture = UpgradeFixture::older_only();
    let app = fixture.spawn().await;
    let mut ids = Vec::new();
    for (cycle, to) in [
        ("2025 年度", &["submitted"][..]),
        ("2026 年度", &["submitted", "approved"][..]),
    ] {
        let assessment = app.create_fixture_assessment(cycle).await;
        let id = assessment["id"].as_i64().unwrap();
        app.save_answers(id, &[("GOV-01", "compliant", "")]).await;
        for status in to {
            let (code, body) = app.set_status(id, status, None).await;
            assert_eq!(code, 200, "{body}");
        }
        ids.push(id);
    }
    let app = fixture.with_newer_version(app).await;
    for (id, code) in ids.into_iter().zip(["not_draft", "read_only"]) {
        let offered = offer(&app, id).await;
        assert!(offered["plan"].is_object(), "the plan is shown: {offered}");
        let (status, body) = upgrade(&app, id, "2026.2", &offered["revision"]).await;
        assert_eq!(status, 409, "{body}");
        assert_eq!(body["error"]["code"], code, "{body}");
        let (_, assessment) = app.get_json(&format!("/api/assessments/{id}")).await;
        assert_eq!(assessment["questionnaire_version"], "2026.1");
        assert!(assessment["answers"]["GOV-01"].is_object());
        assert_eq!(offer(&app, id).await, offered, "nothing changed");
    }
}
