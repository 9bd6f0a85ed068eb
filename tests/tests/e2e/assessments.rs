//! `/api/assessments`: creating (pinned to the latest questionnaire version), listing with score
//! and completion, reading whole, the profile with its revision, and the score by the shared
//! scoring method.

use serde_json::{Value, json};
use ziping_tests::{QUESTIONNAIRE, USER, spawn_app};

#[tokio::test]
async fn a_new_assessment_is_a_draft_pinned_to_the_latest_questionnaire_version() {
    let app = spawn_app().await;
    let organization = app.create_organization("示例科技有限公司").await;
    let (_, questionnaire) = app
        .get_json(&format!("/api/questionnaires/{QUESTIONNAIRE}"))
        .await;

    let (status, created) = app
        .post_json(
            "/api/assessments",
            &json!({ "organization_id": organization["id"], "questionnaire_id": QUESTIONNAIRE, "cycle": " 2026 年度 " }),
        )
        .await;

    assert_eq!(status, 201, "{created}");
    assert_eq!(created["organization"], organization);
    assert_eq!(created["questionnaire_id"], QUESTIONNAIRE);
    assert_eq!(created["questionnaire_version"], questionnaire["version"]);
    assert_eq!(created["cycle"], "2026 年度");
    assert_eq!(created["status"], "draft");
    assert_eq!(created["profile"], json!({}));
    assert_eq!(created["profile_revision"], 0);
    assert_eq!(created["answers"], json!({}));
    assert_eq!(created["evidence"], json!([]));
    assert_eq!(created["remediation"], json!({}));
    assert_eq!(created["assessors"], json!([USER]));
    let (status, one) = app
        .get_json(&format!("/api/assessments/{}", created["id"]))
        .await;
    assert_eq!(status, 200);
    assert_eq!(one, created);
}

#[tokio::test]
async fn an_assessment_of_an_unknown_organization_is_404_and_of_an_unknown_questionnaire_422() {
    let app = spawn_app().await;
    let organization = app.create_organization("甲").await;

    let (status, body) = app
        .post_json(
            "/api/assessments",
            &json!({ "organization_id": 777, "questionnaire_id": QUESTIONNAIRE, "cycle": "2026 年度" }),
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "unknown_organization");

    let (status, body) = app
        .post_json(
            "/api/assessments",
            &json!({ "organization_id": organization["id"], "questionnaire_id": "no-such", "cycle": "2026 年度" }),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "unknown_questionnaire");

    let (status, body) = app
        .post_json(
            "/api/assessments",
            &json!({ "organization_id": organization["id"], "questionnaire_id": QUESTIONNAIRE, "cycle": "" }),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "blank");
    let (_, list) = app.get_json("/api/assessments").await;
    assert_eq!(list, json!([]));
}

#[tokio::test]
async fn a_second_assessment_for_the_same_cycle_is_409() {
    let app = spawn_app().await;
    let first = app.create_assessment().await;

    let (status, body) = app
        .post_json(
            "/api/assessments",
            &json!({ "organization_id": first["organization"]["id"], "questionnaire_id": QUESTIONNAIRE, "cycle": "2026 年度" }),
        )
        .await;

    assert_eq!(status, 409);
    assert_eq!(body["error"]["code"], "duplicate_assessment");
    let (status, _) = app
        .post_json(
            "/api/assessments",
            &json!({ "organization_id": first["organization"]["id"], "questionnaire_id": QUESTIONNAIRE, "cycle": "2027 年度" }),
        )
        .await;
    assert_eq!(status, 201, "another cycle is another assessment");
}

#[tokio::test]
async fn the_list_shows_each_assessment_with_score_readiness_and_completion() {
    let app = spawn_app().await;
    let assessment = app.create_assessment().await;
    let id = assessment["id"].as_i64().unwrap();
    // A question that applies whatever the profile: the first gap of the empty assessment.
    let (_, before) = app.get_json(&format!("/api/assessments/{id}/score")).await;
    let question = before["gaps"][0]["question"].as_str().unwrap().to_owned();
    let (status, answer) = app
        .save_answer(
            id,
            &question,
            &json!({ "value": "compliant", "note": "", "revision": 0 }),
        )
        .await;
    assert_eq!(status, 200, "{answer}");

    let (status, list) = app.get_json("/api/assessments").await;

    assert_eq!(status, 200);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    let line = &list[0];
    assert_eq!(line["id"], id);
    assert_eq!(
        line["organization"],
        json!({ "id": assessment["organization"]["id"], "name": "示例科技有限公司" })
    );
    assert_eq!(line["questionnaire_id"], QUESTIONNAIRE);
    assert_eq!(line["cycle"], "2026 年度");
    assert_eq!(line["status"], "draft");
    assert_eq!(line["readiness"], "not_ready");
    let (_, score) = app.get_json(&format!("/api/assessments/{id}/score")).await;
    assert_eq!(line["score"], score["overall"]["score"]);
    assert_eq!(line["completion"], score["overall"]["completion"]);
    let completion = line["completion"].as_f64().unwrap();
    assert!(completion > 0.0 && completion < 100.0, "{completion}");
    assert_eq!(line["updated_at"], answer["updated_at"]);
}

#[tokio::test]
async fn the_score_is_the_scoring_method_applied_to_the_stored_profile_and_answers() {
    let app = spawn_app().await;
    let assessment = app.create_assessment().await;
    let id = assessment["id"].as_i64().unwrap();
    let profile = json!({ "important_data": true, "pi_volume": "lt100k" });
    let (status, body) = app.set_profile(id, &profile, 0).await;
    assert_eq!(status, 200, "{body}");
    let answers = [
        (
            "GOV-01",
            json!({ "value": "compliant", "note": "制度已发布", "revision": 0 }),
        ),
        (
            "GOV-02",
            json!({ "value": "partial", "note": "", "revision": 0 }),
        ),
        (
            "GOV-03",
            json!({ "value": "non_compliant", "note": "", "revision": 0 }),
        ),
        (
            "GOV-04",
            json!({ "value": "not_applicable", "na_reason": "无此业务", "note": "", "revision": 0 }),
        ),
    ];
    for (question, body) in &answers {
        let (status, saved) = app.save_answer(id, question, body).await;
        assert_eq!(status, 200, "{question}: {saved}");
    }

    let (status, score) = app.get_json(&format!("/api/assessments/{id}/score")).await;

    assert_eq!(status, 200, "{score}");
    let library = questionnaires::load_bundled().library;
    let questionnaire = library.questionnaire(QUESTIONNAIRE).unwrap();
    let profile: questionnaires::Profile = serde_json::from_value(profile).unwrap();
    let answers: questionnaires::Answers = answers
        .iter()
        .map(|(q, body)| {
            let mut answer = body.clone();
            answer.as_object_mut().unwrap().remove("revision");
            (
                questionnaires::QuestionId::parse(q).unwrap(),
                serde_json::from_value(answer).unwrap(),
            )
        })
        .collect();
    let expected =
        questionnaires::score::score(questionnaire, &library.catalog, &profile, &answers).unwrap();
    assert_eq!(score, serde_json::to_value(expected).unwrap());
}

#[tokio::test]
async fn the_profile_is_saved_with_its_revision_and_a_stale_one_is_409_with_the_current() {
    let app = spawn_app().await;
    let assessment = app.create_assessment().await;
    let path = format!("/api/assessments/{}/profile", assessment["id"]);
    let first = json!({ "important_data": true });

    let (status, saved) = app
        .put_json(&path, &json!({ "profile": first, "revision": 0 }))
        .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved, json!({ "profile": first, "revision": 1 }));

    let (status, conflict) = app
        .put_json(
            &path,
            &json!({ "profile": { "important_data": false }, "revision": 0 }),
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(conflict["error"]["code"], "conflict");
    assert_eq!(
        conflict["error"]["current"],
        json!({ "profile": first, "revision": 1 })
    );

    let (_, whole) = app
        .get_json(&format!("/api/assessments/{}", assessment["id"]))
        .await;
    assert_eq!(whole["profile"], first);
    assert_eq!(whole["profile_revision"], 1);
}

#[tokio::test]
async fn a_profile_with_an_unknown_fact_or_a_wrong_value_is_422() {
    let app = spawn_app().await;
    let assessment = app.create_assessment().await;
    let path = format!("/api/assessments/{}/profile", assessment["id"]);

    for (profile, needle) in [
        (json!({ "no_such_fact": true }), "no_such_fact"),
        (json!({ "important_data": "yes" }), "true or false"),
        (json!({ "pi_volume": "lots" }), "lt100k"),
        (json!({ "pi_volume": true }), "lt100k"),
    ] {
        let (status, body) = app
            .put_json(&path, &json!({ "profile": profile, "revision": 0 }))
            .await;
        assert_eq!(status, 422, "{profile}");
        assert_eq!(body["error"]["code"], "invalid_profile");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(needle), "{message}");
    }
}

#[tokio::test]
async fn unknown_assessments_are_404_on_every_endpoint() {
    let app = spawn_app().await;

    for path in ["/api/assessments/99", "/api/assessments/99/score"] {
        let (status, body) = app.get_json(path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(body["error"]["code"], "not_found");
    }
    let (status, body) = app
        .save_answer(
            99,
            "GOV-01",
            &json!({ "value": "compliant", "note": "", "revision": 0 }),
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
    let (status, _) = app
        .put_json(
            "/api/assessments/99/profile",
            &json!({ "profile": {}, "revision": 0 }),
        )
        .await;
    assert_eq!(status, 404);
}

/// The name recorded with a change is the decoded header value.
#[tokio::test]
async fn the_user_name_is_recorded_as_sent() {
    let app = spawn_app().await;
    let assessment = app.create_assessment().await;

    let (_, saved) = app
        .save_answer(
            assessment["id"].as_i64().unwrap(),
            "GOV-01",
            &json!({ "value": "compliant", "note": "", "revision": 0 }),
        )
        .await;

    assert_eq!(saved["updated_by"], Value::from(USER));
}

#[tokio::test]
async fn the_assessors_are_everyone_who_changed_the_assessment_in_order() {
    let app = spawn_app().await;
    let id = app.create_assessment().await["id"].as_i64().unwrap();
    let save = |user: &'static str, revision: i64| {
        app.send(
            app.http
                .put(app.url(&format!("/api/assessments/{id}/answers/GOV-01")))
                .header(ziping_tests::USER_HEADER, user)
                .json(&json!({ "value": "partial", "note": "", "revision": revision })),
        )
    };
    save("Li%20Si", 0).await;
    save("%E7%8E%8B%E4%BA%94", 1).await;
    save("Li%20Si", 2).await;

    let (_, whole) = app.get_json(&format!("/api/assessments/{id}")).await;

    assert_eq!(whole["assessors"], json!([USER, "Li Si", "王五"]));
}

#[tokio::test]
async fn a_method_an_endpoint_does_not_accept_is_a_json_405() {
    let app = spawn_app().await;
    let id = app.create_assessment().await["id"].as_i64().unwrap();

    let (status, body) = app
        .send(app.as_user(reqwest::Method::DELETE, &format!("/api/assessments/{id}")))
        .await;

    assert_eq!(status, 405);
    assert_eq!(body["error"]["code"], "method_not_allowed");
    let (status, _) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(status, 200);
}
