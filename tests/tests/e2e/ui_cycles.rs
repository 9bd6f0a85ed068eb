//! The next review cycle in the browser: started from the organization's card with the last
//! cycle offered as its starting point, its carried-over answers listed by a filter, confirmed
//! with the button or by choosing the same answer again, counted on the results page, and told
//! in the history tab.

use serde_json::json;
use ziping_tests::{Browser, spawn_app};

#[tokio::test]
async fn the_next_cycle_starts_from_the_last_and_its_carried_answers_are_confirmed() {
    let app = spawn_app().await;
    let earlier = app.create_assessment().await;
    let id = earlier["id"].as_i64().unwrap();
    let organization = earlier["organization"]["id"].as_i64().unwrap();
    let (status, body) = app
        .set_profile(id, &json!({ "important_data": true }), 0)
        .await;
    assert_eq!(status, 200, "{body}");
    let answers = [
        ("GOV-01", "compliant", "任命文件 2026-003"),
        ("GOV-02", "partial", "职责尚未成文"),
    ];
    app.save_answers(id, &answers).await;
    for to in ["submitted", "approved"] {
        let (status, body) = app.set_status(id, to, None).await;
        assert_eq!(status, 200, "{body}");
    }

    let browser = Browser::start().await.expect("Chromium starts");
    browser.set_user_name(&app.url("/"), "王五").await.unwrap();
    browser.client.goto(&app.url("/")).await.unwrap();

    // The card's new-assessment form offers the approved 2026 cycle and names the next one.
    browser
        .click(&format!(
            "article[data-org-id='{organization}'] .new-assessment"
        ))
        .await
        .unwrap();
    browser
        .wait_until(
            "the last cycle is offered as the starting point",
            &format!("return document.querySelector('.assessment-carry')?.value === '{id}'"),
        )
        .await
        .unwrap();
    let cycle = browser
        .js("return document.querySelector('.assessment-cycle').value")
        .await
        .unwrap();
    assert_eq!(cycle, "2027 年度");
    let offered = browser.text_of(".assessment-carry").await.unwrap();
    assert!(
        offered.contains("2026 年度") && offered.contains("空白评估"),
        "{offered}"
    );
    browser.click(".assessment-submit").await.unwrap();

    // It opens at the profile, which came along.
    browser
        .wait_until(
            "the new assessment opens at its profile",
            "return location.pathname.endsWith('/profile')",
        )
        .await
        .unwrap();
    let (_, list) = app.get_json("/api/assessments").await;
    let next = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["cycle"] == "2027 年度")
        .expect("the 2027 assessment exists")["id"]
        .as_i64()
        .unwrap();
    let (_, created) = app.get_json(&format!("/api/assessments/{next}")).await;
    assert_eq!(created["carried_from"]["id"], id);
    assert_eq!(created["profile"], json!({ "important_data": true }));

    // The results page counts the two answers nobody has confirmed and links to them.
    browser
        .client
        .goto(&app.url(&format!("/assessments/{next}/results")))
        .await
        .unwrap();
    browser
        .wait_for_text("#result-carried", |t| t.contains("2 个答案沿用自上一周期"))
        .await
        .unwrap();
    // Submitting them unconfirmed is possible, after a warning.
    browser.click("#action-submit").await.unwrap();
    browser
        .wait_for_text("#status-carried-warning", |t| {
            t.contains("2 个答案沿用自上一周期") && t.contains("请先逐项确认或修改")
        })
        .await
        .unwrap();
    browser
        .js("document.querySelector('#status-dialog .dialog-actions .button').click()")
        .await
        .unwrap();
    browser
        .wait_until(
            "the dialog is closed",
            "return !document.getElementById('status-dialog')",
        )
        .await
        .unwrap();
    browser.click("#result-carried").await.unwrap();

    // The filter lists them; the note says where each one came from.
    browser
        .wait_for_text("#filter-carried .count", |t| t == "2")
        .await
        .unwrap();
    browser
        .wait_for_text("#carried-note", |t| t.contains("沿用自 2026 年度"))
        .await
        .unwrap();
    assert_eq!(browser.text_of("#question-id").await.unwrap(), "GOV-01");
    browser.screenshot("cycles-carried").await.unwrap();

    // The domain's question buttons mark them too.
    let marked = "return document.querySelectorAll('.chips .chip.carried').length";
    assert_eq!(browser.js(marked).await.unwrap(), json!(2));

    // Confirming with the button saves the answer as it is.
    browser.click("#confirm-carried").await.unwrap();
    browser
        .wait_for_text("#filter-carried .count", |t| t == "1")
        .await
        .unwrap();
    assert_eq!(browser.js(marked).await.unwrap(), json!(1));
    browser.wait_saved().await.unwrap();

    // Choosing the same answer again confirms it too.
    browser.click("#next-question").await.unwrap();
    browser
        .wait_for_text("#question-id", |t| t == "GOV-02")
        .await
        .unwrap();
    browser.click("#answer-2").await.unwrap();
    browser
        .wait_for_text("#filter-carried .count", |t| t == "0")
        .await
        .unwrap();
    browser.wait_saved().await.unwrap();

    let (_, after) = app.get_json(&format!("/api/assessments/{next}")).await;
    for (question, value, note) in answers {
        let answer = &after["answers"][question];
        assert_eq!(answer["carried"], false, "{question}: {answer}");
        assert_eq!(answer["value"], value);
        assert_eq!(answer["note"], note);
        assert_eq!(answer["updated_by"], "王五");
        assert_eq!(answer["revision"], 2);
    }

    // The history tab says all of it in words, newest first, and that the chain is intact.
    browser.click("#tab-history").await.unwrap();
    browser
        .wait_for_attr("#chain-status", "data-ok", |ok| ok == "true")
        .await
        .unwrap();
    let history = browser
        .wait_for_text("#history-table tbody", |t| t.contains("创建评估"))
        .await
        .unwrap();
    let lines: Vec<&str> = history.lines().collect();
    assert!(
        lines[0].contains("GOV-02：确认沿用的答案“部分符合”"),
        "{history}"
    );
    assert!(
        history.contains("GOV-01：确认沿用的答案“符合”"),
        "{history}"
    );
    assert!(
        history.contains(&format!(
            "创建评估（2027 年度），沿用评估 #{id} 的单位画像、2 个答案、0 份证据和 0 项整改"
        )),
        "{history}"
    );
    browser.screenshot("history").await.unwrap();

    // In English too.
    browser.click("#lang-switch").await.unwrap();
    browser
        .wait_for_text("#history-table tbody", |t| {
            t.contains("GOV-02: confirmed the carried-over answer “Partially compliant”")
        })
        .await
        .unwrap();
    browser
        .wait_for_text("#chain-status", |t| {
            t.starts_with("The audit chain is intact")
        })
        .await
        .unwrap();
    browser.screenshot("history-en").await.unwrap();
    browser.close().await.unwrap();
}
