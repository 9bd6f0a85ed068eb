//! The results page and the assessment's life: the gap list with owner, due date and status
//! edited in place, links back to the questions, evidence deleted from a question, and the status
//! actions (submit, approve — read-only afterwards — and reopen with a reason).

use serde_json::json;
use ziping_tests::{Browser, spawn_app};

#[tokio::test]
async fn gaps_are_planned_on_the_results_page_and_approval_makes_the_assessment_read_only() {
    let app = spawn_app().await;
    let assessment = app.create_assessment().await;
    let id = assessment["id"].as_i64().unwrap();
    let (_, score) = app.get_json(&format!("/api/assessments/{id}/score")).await;
    // Three applicable questions: a critical one not met, one partly met, one with evidence.
    let gaps = score["gaps"].as_array().unwrap();
    let critical = gaps.iter().find(|g| g["critical"] == true).unwrap()["question"]
        .as_str()
        .unwrap()
        .to_owned();
    let other = gaps
        .iter()
        .find(|g| g["question"] != critical.as_str())
        .unwrap()["question"]
        .as_str()
        .unwrap()
        .to_owned();
    for (question, value) in [(&critical, "non_compliant"), (&other, "partial")] {
        let (status, body) = app
            .save_answer(
                id,
                question,
                &json!({ "value": value, "note": "", "revision": 0 }),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, evidence) = app
        .upload(
            id,
            &other,
            Some((
                "培训记录.csv",
                "姓名,日期\n张三,2026-03-01\n".as_bytes().to_vec(),
            )),
            None,
        )
        .await;
    assert_eq!(status, 201, "{evidence}");

    let browser = Browser::start().await.expect("Chromium starts");
    browser.set_user_name(&app.url("/"), "王五").await.unwrap();
    browser
        .client
        .goto(&app.url(&format!("/assessments/{id}/results")))
        .await
        .unwrap();

    // The critical gap comes first, with its band; the readiness reasons name it.
    let first = browser
        .find("#gap-list tbody tr")
        .await
        .unwrap()
        .attr("data-question")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first, critical);
    let verdict = browser.text_of("#readiness-verdict").await.unwrap();
    assert!(verdict.starts_with("未就绪"), "{verdict}");
    let reasons = browser
        .text_of("#readiness-reasons li[data-rule=CriticalNonCompliant]")
        .await
        .unwrap();
    assert!(
        reasons.starts_with("关键项为不符合") && reasons.contains(&critical),
        "{reasons}"
    );

    // Owner, due date and status are saved as they are changed.
    browser
        .fill(&format!("#owner-{critical}"), "数据安全部 王五")
        .await
        .unwrap();
    browser
        .find(&format!("#due-{critical}"))
        .await
        .unwrap()
        .send_keys("12312026")
        .await
        .unwrap();
    browser
        .find(&format!("#status-{critical}"))
        .await
        .unwrap()
        .select_by_value("in_progress")
        .await
        .unwrap();
    browser.wait_saved().await.unwrap();
    browser
        .wait_until(
            "the remediation is stored",
            "return !document.querySelector('#save-state[data-state=saving]')",
        )
        .await
        .unwrap();
    let (_, stored) = app.get_json(&format!("/api/assessments/{id}")).await;
    let plan = &stored["remediation"][&critical];
    assert_eq!(plan["owner"], "数据安全部 王五", "{stored}");
    assert_eq!(plan["due_date"], "2026-12-31");
    assert_eq!(plan["status"], "in_progress");
    assert_eq!(plan["updated_by"], "王五");
    browser.screenshot("results-gaps").await.unwrap();

    // The export menu's report link gives the PDF in the page's language.
    browser.click("#export-button").await.unwrap();
    for link in ["#export-report-pdf"] {
        let fetched = browser
            .client
            .execute_async(
                "const [link, done] = arguments;
                 fetch(document.querySelector(link).href)
                   .then(async r => [r.status, r.headers.get('content-type'),
                                     new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5))])
                   .then(done, e => done(['failed', String(e)]));",
                vec![json!(link)],
            )
            .await
            .unwrap();
        assert_eq!(fetched, json!([200, "application/pdf", "%PDF-"]), "{link}");
    }

    // A gap links back to its question; there its evidence file is deleted.
    browser
        .click(&format!("#gap-list tr[data-question='{other}'] .gap-link"))
        .await
        .unwrap();
    browser
        .wait_for_attr("#question-card", "data-question", |q| q == other)
        .await
        .unwrap();
    browser
        .wait_for_text(".evidence-item .evidence-name", |t| t == "培训记录.csv")
        .await
        .unwrap();
    browser.click(".evidence-delete").await.unwrap();
    browser
        .wait_for_text("#evidence-list", |t| t.contains("尚无证据文件"))
        .await
        .unwrap();
    let (_, stored) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(stored["evidence"], json!([]));

    // Submit, then approve: the answers can no longer change.
    browser.click("#action-submit").await.unwrap();
    browser.click("#status-confirm").await.unwrap();
    browser
        .wait_for_attr("#assessment-status", "data-status", |s| s == "submitted")
        .await
        .unwrap();
    browser.click("#action-approve").await.unwrap();
    browser.click("#status-confirm").await.unwrap();
    browser
        .wait_for_attr("#assessment-status", "data-status", |s| s == "approved")
        .await
        .unwrap();
    for button in ["#answer-1", "#note", "#evidence-file"] {
        let enabled = browser
            .find(button)
            .await
            .unwrap()
            .is_enabled()
            .await
            .unwrap();
        assert!(!enabled, "{button} is still enabled after approval");
    }
    browser.press("1").await.unwrap();
    let (_, stored) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(stored["answers"][&other]["value"], "partial");
    assert_eq!(stored["status"], "approved");

    // Reopening needs a reason; then answering works again.
    browser.click("#action-reopen").await.unwrap();
    let confirm = browser.find("#status-confirm").await.unwrap();
    assert!(!confirm.is_enabled().await.unwrap());
    browser
        .fill("#reopen-reason", "补充培训记录后重新评估")
        .await
        .unwrap();
    browser.click("#status-confirm").await.unwrap();
    browser
        .wait_for_attr("#assessment-status", "data-status", |s| s == "draft")
        .await
        .unwrap();
    browser.click("#answer-1").await.unwrap();
    browser.wait_saved().await.unwrap();
    let (_, stored) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(stored["answers"][&other]["value"], "compliant");
    assert_eq!(stored["status"], "draft");

    browser.close().await.unwrap();
}

#[tokio::test]
async fn every_page_fits_a_1024_pixel_wide_window() {
    let app = spawn_app().await;
    let assessment = app.create_assessment().await;
    let id = assessment["id"].as_i64().unwrap();
    let browser = Browser::start().await.expect("Chromium starts");
    browser.set_user_name(&app.url("/"), "张三").await.unwrap();
    browser.client.set_window_size(1024, 768).await.unwrap();

    for (page, ready) in [
        ("", "#home .org-card"),
        ("profile", "#profile .fact"),
        ("wizard", "#question-card"),
        ("results", "#gap-list"),
        ("workbook", "#workbook-file"),
    ] {
        let path = if page.is_empty() {
            "/".to_owned()
        } else {
            format!("/assessments/{id}/{page}")
        };
        browser.client.goto(&app.url(&path)).await.unwrap();
        browser.find(ready).await.unwrap();
        // Nothing is wider than the window: no horizontal scrolling.
        let overflow = browser
            .js("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            .await
            .unwrap();
        assert_eq!(overflow, json!(0), "{path} scrolls sideways");
        let name = if page.is_empty() { "home" } else { page };
        browser.screenshot(&format!("{name}-1024")).await.unwrap();
    }
    // The export menu opens within the window too.
    browser
        .client
        .goto(&app.url(&format!("/assessments/{id}/results")))
        .await
        .unwrap();
    browser.click("#export-button").await.unwrap();
    browser.find("#export-list a").await.unwrap();
    let overflow = browser
        .js("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        .await
        .unwrap();
    assert_eq!(overflow, json!(0), "the open export menu scrolls sideways");

    browser.close().await.unwrap();
}
