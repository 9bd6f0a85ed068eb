//! Upgrading to a newer questionnaire version in the browser, on the fixture versions of
//! `tests/fixtures/upgrade` (`UpgradeFixture`): a draft pinned to 2026.1 shows the notice, the
//! upgrade page lists what moves, what is to be confirmed again and why, what is removed and
//! what is new, exactly as `GET /api/assessments/{id}/upgrade` plans it; the button upgrades it and
//! the wizard then shows 2026.2 with the answers marked for confirmation that the API marked; a
//! submitted assessment is offered no upgrade, with the reason.

use serde_json::{Value, json};
use ziping_tests::{Browser, UpgradeFixture};

/// `[data-…]` of every row of a table or list on the page.
async fn listed(browser: &Browser, selector: &str, attributes: &[&str]) -> Value {
    let fields = attributes
        .iter()
        .map(|a| format!("e.getAttribute('{a}')"))
        .collect::<Vec<_>>()
        .join(", ");
    browser
        .js(&format!(
            "return [...document.querySelectorAll(\"{selector}\")].map(e => [{fields}])"
        ))
        .await
        .unwrap()
}

#[tokio::test]
async fn a_draft_is_upgraded_from_the_page_and_a_submitted_assessment_is_not() {
    let fixture = UpgradeFixture::older_only();
    let app = fixture.spawn().await;
    let id = app.answered_fixture_draft().await;
    let (status, body) = app.upload(id, "GOV-04", None, Some("评估报告")).await;
    assert_eq!(status, 201, "{body}");
    let submitted = app.create_fixture_assessment("2026 年度").await;
    let submitted = submitted["id"].as_i64().unwrap();
    app.save_answers(submitted, &[("GOV-01", "compliant", "")])
        .await;
    let (status, body) = app.set_status(submitted, "submitted", None).await;
    assert_eq!(status, 200, "{body}");
    let app = fixture.with_newer_version(app).await;
    let (status, offer) = app
        .get_json(&format!("/api/assessments/{id}/upgrade"))
        .await;
    assert_eq!(status, 200, "{offer}");
    let plan = &offer["plan"];

    let browser = Browser::start().await.expect("Chromium starts");
    browser.set_user_name(&app.url("/"), "王五").await.unwrap();
    browser
        .client
        .goto(&app.url(&format!("/assessments/{id}/wizard")))
        .await
        .unwrap();
    // The notice names the newer version and leads to the page.
    let version = browser
        .wait_for_attr("#upgrade-notice", "data-version", |v| !v.is_empty())
        .await
        .unwrap();
    assert_eq!(version, "2026.2");
    assert!(
        browser
            .text_of("#upgrade-notice")
            .await
            .unwrap()
            .contains("2026.2")
    );
    browser.click("#upgrade-notice a").await.unwrap();
    browser.find("#upgrade-intro").await.unwrap();

    // Moved, to confirm again (with why), removed and new: as the API plans it.
    let answers = plan["answers"].as_array().unwrap();
    let moved: Vec<Value> = answers
        .iter()
        .filter(|p| p["from"] != p["to"])
        .map(|p| json!([p["from"], p["to"]]))
        .collect();
    assert_eq!(
        moved,
        [
            json!(["GOV-04", "GOV-06"]),
            json!(["GOV-04", "GOV-07"]),
            json!(["GOV-05", "GOV-09"])
        ]
    );
    assert_eq!(
        listed(
            &browser,
            "#upgrade-moved tbody tr",
            &["data-from", "data-to"]
        )
        .await,
        json!(moved)
    );
    let reconfirm: Vec<Value> = answers
        .iter()
        .filter(|p| p["reconfirm"].as_array().is_some_and(|r| !r.is_empty()))
        .map(|p| {
            let why: Vec<&str> = p["reconfirm"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k.as_str().unwrap())
                .collect();
            json!([p["to"], why.join(" ")])
        })
        .collect();
    assert_eq!(
        listed(
            &browser,
            "#upgrade-reconfirm tbody tr",
            &["data-question", "data-reasons"]
        )
        .await,
        json!(reconfirm)
    );
    let gov06 = browser
        .text_of("#upgrade-reconfirm tr[data-question='GOV-06']")
        .await
        .unwrap();
    assert!(
        gov06.contains("编号变更")
            && gov06.contains("题目文字变更")
            && gov06.contains("依据条款变更"),
        "{gov06}"
    );
    assert_eq!(
        listed(&browser, "#upgrade-removed tbody tr", &["data-question"]).await,
        json!([["GOV-03"]])
    );
    let removed = browser
        .text_of("#upgrade-removed tr[data-question='GOV-03']")
        .await
        .unwrap();
    assert!(
        removed.contains(offer["titles"]["GOV-03"]["zh"].as_str().unwrap())
            && removed.contains("不符合"),
        "{removed}"
    );
    assert_eq!(plan["added"], json!(["GOV-08"]));
    assert_eq!(
        listed(&browser, "#upgrade-added li", &["data-question"]).await,
        json!([["GOV-08"]])
    );
    browser.screenshot("upgrade").await.unwrap();
    browser.client.set_window_size(1024, 768).await.unwrap();
    let overflow = browser
        .js("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        .await
        .unwrap();
    assert_eq!(overflow, json!(0), "the upgrade page scrolls sideways");
    browser.client.set_window_size(1280, 900).await.unwrap();

    // Someone saves meanwhile: the upgrade is refused, and the page says so and shows the plan
    // again as of the new revision.
    let (status, body) = app
        .save_answer(
            id,
            "GOV-01",
            &json!({ "value": "compliant", "note": "制度 2026 版", "revision": 1 }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, current) = app
        .get_json(&format!("/api/assessments/{id}/upgrade"))
        .await;
    assert_ne!(current["revision"], offer["revision"]);
    assert_eq!(current["plan"], offer["plan"]);
    let revision = current["revision"].to_string();
    browser.click("#upgrade-submit").await.unwrap();
    browser.find("#upgrade-stale").await.unwrap();
    browser
        .wait_for_attr("#upgrade-submit", "data-revision", |r| r == revision)
        .await
        .unwrap();
    let (_, unchanged) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(unchanged["questionnaire_version"], "2026.1");

    // One action upgrades it; the wizard opens on 2026.2 at the answers to confirm.
    browser.click("#upgrade-submit").await.unwrap();
    browser
        .wait_for_text("#assessment-version", |v| v == "2026.2")
        .await
        .unwrap();
    let (_, upgraded) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(upgraded["questionnaire_version"], "2026.2");
    let carried: Vec<&str> = upgraded["answers"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, a)| a["carried"] == true)
        .map(|(q, _)| q.as_str())
        .collect();
    let expected: Vec<&str> = reconfirm.iter().map(|r| r[0].as_str().unwrap()).collect();
    assert_eq!(carried, expected);
    browser
        .wait_for_text("#filter-carried .count", |n| n == carried.len().to_string())
        .await
        .unwrap();
    let path = browser
        .js("return location.pathname + location.search")
        .await
        .unwrap();
    assert!(
        path.as_str()
            .unwrap()
            .starts_with(&format!("/assessments/{id}/wizard?")),
        "{path}"
    );
    assert_eq!(
        browser
            .find("#filter-carried")
            .await
            .unwrap()
            .attr("aria-pressed")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    // Each one carries the mark, saying it comes from the upgrade; the new question does not.
    for question in &carried {
        browser
            .client
            .goto(&app.url(&format!("/assessments/{id}/wizard?q={question}&filter=all")))
            .await
            .unwrap();
        browser
            .wait_for_text("#question-id", |t| t == *question)
            .await
            .unwrap();
        browser
            .wait_for_text("#carried-note", |t| t.contains("来自问卷版本升级"))
            .await
            .unwrap();
    }
    // GOV-08 applies to core data, a fact 2026.1 did not ask.
    let (status, body) = app
        .set_profile(
            id,
            &json!({ "important_data": true, "core_data": true }),
            upgraded["profile_revision"].as_i64().unwrap(),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    browser
        .client
        .goto(&app.url(&format!("/assessments/{id}/wizard?q=GOV-08&filter=all")))
        .await
        .unwrap();
    browser
        .wait_for_text("#question-id", |t| t == "GOV-08")
        .await
        .unwrap();
    let note = browser
        .js("return document.getElementById('carried-note') === null")
        .await
        .unwrap();
    assert_eq!(note, json!(true), "GOV-08 is new and unanswered");
    // Nothing newer is left.
    browser
        .client
        .goto(&app.url(&format!("/assessments/{id}/upgrade")))
        .await
        .unwrap();
    browser.find("#upgrade-none").await.unwrap();

    // The submitted assessment: the notice and the plan, but the action is refused with why.
    browser
        .client
        .goto(&app.url(&format!("/assessments/{submitted}/upgrade")))
        .await
        .unwrap();
    browser
        .wait_for_attr("#upgrade-notice", "data-version", |v| v == "2026.2")
        .await
        .unwrap();
    let refusal = browser.text_of("#upgrade-refusal").await.unwrap();
    assert!(refusal.contains("已提交的评估不能升级"), "{refusal}");
    let button = browser.find("#upgrade-submit").await.unwrap();
    assert!(!button.is_enabled().await.unwrap());
    assert_eq!(
        button.attr("aria-describedby").await.unwrap().as_deref(),
        Some("upgrade-refusal")
    );
    let (_, still) = app.get_json(&format!("/api/assessments/{submitted}")).await;
    assert_eq!(still["questionnaire_version"], "2026.1");
    browser.close().await.unwrap();
}
