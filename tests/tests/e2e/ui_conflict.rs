//! Two people, two browsers, one answer: the second save is stale, and instead of overwriting
//! the first the page shows both versions and lets its user choose.

use ziping_tests::{Browser, spawn_app};

#[tokio::test]
async fn the_second_of_two_browsers_editing_one_answer_sees_both_versions_and_chooses() {
    let app = spawn_app().await;
    let assessment = app.create_assessment().await;
    let id = assessment["id"].as_i64().unwrap();
    let first = Browser::start().await.expect("Chromium starts");
    let second = Browser::start().await.expect("a second Chromium starts");
    first.set_user_name(&app.url("/"), "张三").await.unwrap();
    second.set_user_name(&app.url("/"), "李四").await.unwrap();

    // Both open the same question before either answers it.
    let wizard = app.url(&format!("/assessments/{id}/wizard"));
    first.client.goto(&wizard).await.unwrap();
    second.client.goto(&wizard).await.unwrap();
    let question = first
        .find("#question-card")
        .await
        .unwrap()
        .attr("data-question")
        .await
        .unwrap()
        .unwrap();
    second
        .wait_for_attr("#question-card", "data-question", |q| q == question)
        .await
        .unwrap();

    // The first saves 符合.
    first.click("#answer-1").await.unwrap();
    first.wait_saved().await.unwrap();

    // The second, still on the page it loaded, answers 不符合 with a note: a conflict.
    second.fill("#note", "制度尚未发布").await.unwrap();
    second.click("#answer-3").await.unwrap();
    second.find("#conflict-dialog").await.unwrap();
    second
        .wait_for_attr("#save-state", "data-state", |s| s == "conflict")
        .await
        .unwrap();
    // The dialog takes the focus and keeps it: Tab from its last button wraps to its first.
    second
        .wait_until(
            "the dialog's main button has the focus",
            "return document.activeElement.id === 'conflict-keep-mine'",
        )
        .await
        .unwrap();
    second.press("\u{E004}").await.unwrap();
    second
        .wait_until(
            "Tab stays in the dialog",
            "return document.activeElement.id === 'conflict-take-theirs'",
        )
        .await
        .unwrap();
    let mine = second.text_of("#conflict-mine").await.unwrap();
    let theirs = second.text_of("#conflict-theirs").await.unwrap();
    assert!(
        mine.contains("不符合") && mine.contains("制度尚未发布"),
        "{mine}"
    );
    assert!(
        theirs.contains("符合") && !theirs.contains("不符合"),
        "{theirs}"
    );
    assert!(theirs.contains("张三"), "{theirs}");
    let (_, stored) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(stored["answers"][&question]["value"], "compliant");
    second.screenshot("conflict").await.unwrap();

    // Keeping the local version saves it over the first, knowingly.
    second.click("#conflict-keep-mine").await.unwrap();
    second.wait_saved().await.unwrap();
    let (_, stored) = app.get_json(&format!("/api/assessments/{id}")).await;
    let answer = &stored["answers"][&question];
    assert_eq!(answer["value"], "non_compliant");
    assert_eq!(answer["note"], "制度尚未发布");
    assert_eq!(answer["updated_by"], "李四");
    assert_eq!(answer["revision"], 2);

    // The first browser, now stale itself, takes the saved version when it conflicts.
    first.click("#answer-2").await.unwrap();
    first.find("#conflict-dialog").await.unwrap();
    first.click("#conflict-take-theirs").await.unwrap();
    first
        .wait_for_attr("#answer-3", "aria-pressed", |p| p == "true")
        .await
        .unwrap();
    let note = first
        .find("#note")
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(note.as_deref(), Some("制度尚未发布"));
    first.wait_saved().await.unwrap();
    let (_, stored) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(stored["answers"][&question]["revision"], 2);

    first.close().await.unwrap();
    second.close().await.unwrap();
}
