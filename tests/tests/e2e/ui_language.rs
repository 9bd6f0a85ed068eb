//! The language switch changes the interface and the questionnaire's own text, on every page of
//! an assessment, and the choice survives a reload.

use ziping_tests::{Browser, spawn_app};

#[tokio::test]
async fn switching_to_english_changes_the_interface_and_the_question_text() {
    let app = spawn_app().await;
    let assessment = app.create_assessment().await;
    let id = assessment["id"].as_i64().unwrap();
    let (_, questionnaire) = app.get_json("/api/questionnaires/miit-data-security").await;
    let browser = Browser::start().await.expect("Chromium starts");
    browser.set_user_name(&app.url("/"), "张三").await.unwrap();

    browser
        .client
        .goto(&app.url(&format!("/assessments/{id}/wizard")))
        .await
        .unwrap();
    let question = browser
        .find("#question-card")
        .await
        .unwrap()
        .attr("data-question")
        .await
        .unwrap()
        .unwrap();
    let text = questionnaire["domains"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["questions"].as_array().unwrap())
        .find(|q| q["id"] == question.as_str())
        .map(|q| q["text"].clone())
        .unwrap();
    let zh = text["zh"].as_str().unwrap();
    let en = text["en"].as_str().unwrap();
    assert_ne!(zh, en);

    assert_eq!(browser.text_of("#question-title").await.unwrap(), zh);
    assert_eq!(browser.text_of("#tab-wizard").await.unwrap(), "评估项");
    assert_eq!(browser.text_of("#answer-1").await.unwrap(), "1\n符合");

    browser.click("#lang-switch").await.unwrap();

    browser
        .wait_for_text("#question-title", |t| t == en)
        .await
        .unwrap();
    assert_eq!(browser.text_of("#tab-wizard").await.unwrap(), "Questions");
    assert_eq!(browser.text_of("#answer-1").await.unwrap(), "1\nCompliant");
    let citation = browser.text_of(".citation").await.unwrap();
    assert!(citation.contains("Art."), "{citation}");
    let lang = browser
        .js("return document.documentElement.lang")
        .await
        .unwrap();
    assert_eq!(lang, "en");

    // The profile and the results follow, and a reload keeps English.
    browser.click("#tab-profile").await.unwrap();
    browser
        .wait_for_text("#profile-title", |t| t == "Organization profile")
        .await
        .unwrap();
    let fact = browser
        .text_of("#fact-important_data legend")
        .await
        .unwrap();
    assert_eq!(fact, "Does the organization process important data?");
    browser.client.refresh().await.unwrap();
    browser
        .wait_for_text("#profile-title", |t| t == "Organization profile")
        .await
        .unwrap();
    browser.click("#tab-results").await.unwrap();
    browser
        .wait_for_text("#overall-title", |t| t == "Overall score")
        .await
        .unwrap();
    browser.screenshot("results-en").await.unwrap();

    browser.close().await.unwrap();
}
