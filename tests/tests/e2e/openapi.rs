//! `GET /api/openapi.json`: an OpenAPI 3.1 document that lists every endpoint of the API with
//! its schemas.

use ziping_tests::spawn_app;

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
