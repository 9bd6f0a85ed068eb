//! `GET /api/openapi.json`: an OpenAPI 3.1 document that lists every endpoint of the API with
//! its schemas.

use serde_json::json;
use ziping_tests::{QUESTIONNAIRE, spawn_app};

#[tokio::test]
async fn the_openapi_document_lists_every_endpoint_and_its_schemas() {
    let app = spawn_app().await;

    let (status, document) = app.get_json("/api/openapi.json").await;

    assert_eq!(status, 200);
    assert_eq!(document["openapi"], "3.1.0");
    let endpoints = [
        ("get", "/api/health"),
        ("get", "/api/questionnaires"),
        ("get", "/api/questionnaires/{id}"),
        ("get", "/api/regulations"),
        ("get", "/api/organizations"),
        ("post", "/api/organizations"),
        ("get", "/api/organizations/{id}"),
        ("put", "/api/organizations/{id}"),
        ("get", "/api/assessments"),
        ("post", "/api/assessments"),
        ("get", "/api/assessments/{id}"),
        ("put", "/api/assessments/{id}/profile"),
        ("put", "/api/assessments/{id}/answers/{question}"),
        ("get", "/api/assessments/{id}/score"),
        ("post", "/api/assessments/{id}/status"),
        ("post", "/api/assessments/{id}/evidence"),
        ("get", "/api/assessments/{id}/evidence/{evidence}"),
        ("delete", "/api/assessments/{id}/evidence/{evidence}"),
        ("put", "/api/assessments/{id}/remediation/{question}"),
        ("get", "/api/assessments/{id}/audit"),
        ("get", "/api/audit/verify"),
        ("get", "/api/assessments/{id}/report.pdf"),
    ];
    for (method, path) in endpoints {
        assert!(
            document["paths"][path][method].is_object(),
            "{} {path} is missing",
            method.to_uppercase()
        );
    }
    // A response object without a description is invalid OpenAPI.
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for (status, response) in operation["responses"].as_object().unwrap() {
                assert!(
                    response["description"].is_string(),
                    "{method} {path} {status} has no description"
                );
            }
        }
    }
    let schemas = &document["components"]["schemas"];
    for schema in [
        "Organization",
        "Assessment",
        "AssessmentSummary",
        "StoredAnswer",
        "AnswerBody",
        "Evidence",
        "Remediation",
        "AuditEvent",
        "Verification",
        "ErrorBody",
    ] {
        assert!(schemas[schema].is_object(), "schema {schema} is missing");
    }
    let answer = &schemas["StoredAnswer"]["properties"];
    for field in [
        "question_id",
        "value",
        "na_reason",
        "note",
        "revision",
        "updated_at",
        "updated_by",
        "carried",
    ] {
        assert!(answer[field].is_object(), "StoredAnswer.{field}");
    }
    // The next review cycle: where an assessment came from, and how to ask for it.
    assert!(schemas["CarriedFrom"]["properties"]["cycle"].is_object());
    assert!(schemas["Assessment"]["properties"]["carried_from"].is_object());
    assert!(schemas["NewAssessmentBody"]["properties"]["carry_from"].is_object());
}

#[tokio::test]
async fn the_openapi_document_states_what_the_server_returns_and_refuses() {
    let app = spawn_app().await;

    let (_, document) = app.get_json("/api/openapi.json").await;

    let schemas = &document["components"]["schemas"];
    let operation = |method: &str, path: &str| document["paths"][path][method].clone();
    let ok_schema = |method: &str, path: &str| {
        operation(method, path)["responses"]["200"]["content"]["application/json"]["schema"].clone()
    };
    // The questionnaire list is an array, not an object.
    assert_eq!(ok_schema("get", "/api/questionnaires")["type"], "array");
    assert_eq!(
        ok_schema("get", "/api/questionnaires")["items"]["$ref"],
        "#/components/schemas/QuestionnaireSummary"
    );
    assert_eq!(
        ok_schema("get", "/api/assessments/{id}/score")["$ref"],
        "#/components/schemas/Score"
    );
    // An audit event's states are any JSON value, null included.
    let event = &schemas["AuditEvent"]["properties"];
    for state in ["before", "after"] {
        assert!(
            event[state].get("type").is_none(),
            "AuditEvent.{state}: {}",
            event[state]
        );
    }
    // Every operation lists the refusals of the layers in front of it, with the error body; one
    // with a JSON body also those of the body.
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let responses = &operation["responses"];
            let mut statuses = vec!["401", "403", "500"];
            if operation["requestBody"]["content"]["application/json"].is_object() {
                statuses.extend(["400", "413", "415", "422"]);
            }
            if path.contains('{') {
                statuses.push("404");
            }
            for status in statuses {
                assert_eq!(
                    responses[status]["content"]["application/json"]["schema"]["$ref"],
                    "#/components/schemas/ErrorBody",
                    "{method} {path} {status}"
                );
            }
            let takes_user = operation["parameters"]
                .as_array()
                .is_some_and(|p| p.iter().any(|p| p["name"] == "X-Ziping-User"));
            assert_eq!(
                takes_user,
                method != "get",
                "{method} {path}: X-Ziping-User"
            );
        }
    }
    // Limits, formats and enums.
    let organization = &schemas["OrganizationBody"]["properties"];
    assert!(organization["name"]["maxLength"].is_u64());
    assert_eq!(organization["uscc"]["format"], "uscc");
    assert!(organization["uscc"]["pattern"].is_string());
    let answer = &schemas["AnswerBody"];
    assert_eq!(
        answer["properties"]["value"]["enum"],
        json!(["compliant", "partial", "non_compliant", "not_applicable"])
    );
    assert!(answer["properties"]["note"]["maxLength"].is_u64());
    assert!(
        answer["anyOf"].is_array(),
        "not_applicable needs a reason: {answer}"
    );
    assert_eq!(
        schemas["RemediationStatus"]["enum"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
    // The content this server loaded.
    assert_eq!(
        schemas["KnownQuestionnaire"]["enum"],
        json!(["app-pi-compliance", QUESTIONNAIRE])
    );
    assert!(
        schemas["KnownQuestionId"]["enum"]
            .as_array()
            .unwrap()
            .contains(&json!("GOV-01"))
    );
    assert_eq!(schemas["KnownProfile"]["additionalProperties"], false);
    // The upload form: its fields, the file as binary, nothing else.
    let form = &schemas["EvidenceForm"];
    assert_eq!(form["properties"]["file"]["format"], "binary");
    assert_eq!(form["additionalProperties"], false);
    // The report takes the language and nothing else; it changes nothing, so no user.
    let report = operation("get", "/api/assessments/{id}/report.pdf");
    let names: Vec<&str> = report["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["id", "lang"]);
    assert_eq!(schemas["Lang"]["enum"], json!(["zh-CN", "en"]));
    assert!(report["responses"]["200"]["content"]["application/pdf"].is_object());
}
