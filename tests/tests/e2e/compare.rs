//! Two review cycles compared (`GET /api/assessments/{id}/compare`) and an organization's trend
//! (`GET /api/organizations/{id}/trend`), on a pair of assessments whose differences are worked
//! out by hand below, and the report's comparison section printing the same numbers.

use std::process::Command;

use serde_json::{Value, json};
use ziping_tests::spawn_app;

fn row<'a>(comparison: &'a Value, question: &str) -> &'a Value {
    comparison["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["question"] == question)
        .unwrap_or_else(|| panic!("{question} is not in the comparison"))
}

fn close(a: &Value, b: f64) -> bool {
    a.as_f64().is_some_and(|a| (a - b).abs() < 1e-9)
}

#[tokio::test]
async fn two_cycles_compare_question_by_question_with_the_changes_worked_out_by_hand() {
    let app = spawn_app().await;
    let (_, before, after) = app.cycle_pair().await;
    let (status, c) = app
        .get_json(&format!(
            "/api/assessments/{after}/compare?as_of=2026-06-30"
        ))
        .await;
    assert_eq!(status, 200, "{c}");
    let (_, score_before) = app
        .get_json(&format!("/api/assessments/{before}/score"))
        .await;
    let (_, score_after) = app
        .get_json(&format!("/api/assessments/{after}/score"))
        .await;

    assert_eq!(c["before"]["cycle"], "2026 年度");
    assert_eq!(c["after"]["cycle"], "2027 年度");
    assert_eq!(row(&c, "GOV-01")["movement"], "improved");
    assert_eq!(
        row(&c, "GOV-01")["before"],
        json!({ "state": "answered", "answer": "non_compliant" })
    );
    assert_eq!(
        row(&c, "GOV-01")["after"],
        json!({ "state": "answered", "answer": "compliant" })
    );
    assert_eq!(row(&c, "GOV-02")["movement"], "regressed");
    assert_eq!(row(&c, "CLS-01")["movement"], "unchanged");
    // Same version and profile on both sides: nothing new or removed; every other applicable
    // question is unchanged.
    let applicable = score_after["overall"]["applicable"].as_u64().unwrap();
    assert_eq!(
        c["counts"],
        json!({ "improved": 1, "regressed": 1, "unchanged": applicable - 2, "new": 0, "removed": 0 })
    );
    assert_eq!(c["gaps_closed"], json!(["GOV-01"]));
    assert_eq!(c["gaps_opened"], json!(["GOV-02"]));
    let gaps_after = score_after["gaps"].as_array().unwrap().len();
    assert_eq!(
        c["gaps_still_open"].as_array().unwrap().len(),
        gaps_after - 1
    );

    // Earned points move by GOV-01 (weight 5) 0 → 1: +5, and GOV-02 (weight 4) 1 → 0.5: −2,
    // so +3 over the same Σ weight on both sides: overall +3/possible×100, domain gov likewise.
    let possible = score_after["overall"]["possible"].as_f64().unwrap();
    assert_eq!(
        score_before["overall"]["possible"],
        score_after["overall"]["possible"]
    );
    assert!(close(
        &c["overall"]["before"],
        score_before["overall"]["score"].as_f64().unwrap()
    ));
    assert!(close(
        &c["overall"]["after"],
        score_after["overall"]["score"].as_f64().unwrap()
    ));
    assert!(
        close(&c["overall"]["change"], 300.0 / possible),
        "{}",
        c["overall"]
    );
    let gov = c["domains"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["domain"] == "gov")
        .unwrap();
    let gov_possible = score_after["domains"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["domain"] == "gov")
        .unwrap()["tally"]["possible"]
        .as_f64()
        .unwrap();
    assert!(close(&gov["change"], 300.0 / gov_possible), "{gov}");
    // The classification domain (CLS-01 partial in both) did not change.
    let cls = c["domains"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["domain"] == "class")
        .unwrap();
    assert!(close(&cls["change"], 0.0), "{cls}");

    // Overdue on 2026-06-30: GOV-02, open, due 2026-03-01: 31 (to 04-01) + 30 (to 05-01) +
    // 31 (to 06-01) + 29 (to 06-30) = 121 days. CLS-01 is due later.
    assert_eq!(
        c["overdue"],
        json!([{ "question": "GOV-02", "owner": "王芳", "due": "2026-03-01", "status": "open", "days": 121 }])
    );
    // With no `with`, the cycle before; naming it gives the same; the order does not matter.
    let (_, default) = app
        .get_json(&format!(
            "/api/assessments/{after}/compare?as_of=2026-06-30&with={before}"
        ))
        .await;
    assert_eq!(default, c);
    let (_, reversed) = app
        .get_json(&format!(
            "/api/assessments/{before}/compare?as_of=2026-06-30&with={after}"
        ))
        .await;
    assert_eq!(reversed, c);
}

#[tokio::test]
async fn the_report_prints_the_numbers_of_the_compare_endpoint() {
    let app = spawn_app().await;
    let (_, _, after) = app.cycle_pair().await;
    let (_, assessment) = app.get_json(&format!("/api/assessments/{after}")).await;
    // The report decides overdue as of its own date, the day of the last change.
    let day = &assessment["updated_at"].as_str().unwrap()[..10];
    let (status, c) = app
        .get_json(&format!("/api/assessments/{after}/compare?as_of={day}"))
        .await;
    assert_eq!(status, 200, "{c}");
    let pdf = app
        .get(&format!("/api/assessments/{after}/report.pdf?lang=en"))
        .await
        .bytes()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout".as_ref(), path.as_os_str(), "-".as_ref()])
        .output()
        .expect("pdftotext (apt-get install poppler-utils)");
    assert!(out.status.success());
    let text: String = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let n = &c["counts"];
    let expected = format!(
        "improved {}, regressed {}, unchanged {}, new {}, removed {}; gaps closed {}, gaps opened {}, gaps still open {}; remediation items overdue as of {}: {}.",
        n["improved"],
        n["regressed"],
        n["unchanged"],
        n["new"],
        n["removed"],
        c["gaps_closed"].as_array().unwrap().len(),
        c["gaps_opened"].as_array().unwrap().len(),
        c["gaps_still_open"].as_array().unwrap().len(),
        day,
        c["overdue"].as_array().unwrap().len(),
    );
    assert!(
        text.contains(&expected),
        "{expected} not in the report:\n{text}"
    );
}

#[tokio::test]
async fn cycles_that_cannot_be_compared_are_refused_with_a_code() {
    let app = spawn_app().await;
    let (_, before, after) = app.cycle_pair().await;
    // Another organization's assessment.
    let stranger = app.create_assessment().await["id"].as_i64().unwrap();
    for (path, status, code) in [
        (
            format!("/api/assessments/{after}/compare?with={stranger}"),
            409,
            "not_comparable",
        ),
        (
            format!("/api/assessments/{after}/compare?with={after}"),
            409,
            "not_comparable",
        ),
        (
            format!("/api/assessments/{before}/compare"),
            404,
            "no_previous_cycle",
        ),
        ("/api/assessments/999/compare".to_owned(), 404, "not_found"),
        (
            format!("/api/assessments/{after}/compare?with=999"),
            404,
            "not_found",
        ),
        (
            format!("/api/assessments/{after}/compare?as_of=2026-02-30"),
            422,
            "invalid_date",
        ),
        (
            format!("/api/assessments/{after}/compare?with=x"),
            400,
            "invalid_query",
        ),
    ] {
        let (got, body) = app.get_json(&path).await;
        assert_eq!(got.as_u16(), status, "{path}: {body}");
        assert_eq!(body["error"]["code"], code, "{path}: {body}");
        assert!(!body["error"]["message"].as_str().unwrap().is_empty());
    }
}

#[tokio::test]
async fn the_trend_lists_every_cycle_with_its_scores() {
    let app = spawn_app().await;
    let (organization, before, after) = app.cycle_pair().await;
    let (status, trend) = app
        .get_json(&format!("/api/organizations/{}/trend", organization["id"]))
        .await;
    assert_eq!(status, 200, "{trend}");
    let series = trend["series"].as_array().unwrap();
    assert_eq!(series.len(), 1, "{trend}");
    let cycles = series[0]["cycles"].as_array().unwrap();
    let ids: Vec<i64> = cycles
        .iter()
        .map(|c| c["assessment_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [before, after]);
    for cycle in cycles {
        let (_, score) = app
            .get_json(&format!(
                "/api/assessments/{}/score",
                cycle["assessment_id"]
            ))
            .await;
        assert_eq!(cycle["overall"], score["overall"]["score"]);
        assert_eq!(cycle["readiness"], score["readiness"]["level"]);
        let domains: Vec<&Value> = cycle["domains"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| &d["score"])
            .collect();
        let expected: Vec<&Value> = score["domains"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| &d["tally"]["score"])
            .collect();
        assert_eq!(domains, expected);
    }
    let (status, body) = app.get_json("/api/organizations/999/trend").await;
    assert_eq!(status, 404, "{body}");
}
