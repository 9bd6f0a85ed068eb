//! The server goes away in the middle of a session: the page says the answer is not saved,
//! keeps it, and saves it by itself once the server is back on the same address.

use ziping_tests::{Browser, spawn_app};

#[tokio::test]
async fn an_answer_given_while_the_server_is_down_is_saved_when_it_is_back() {
    let mut app = spawn_app().await;
    let id = app.create_assessment().await["id"]
        .as_i64()
        .expect("an assessment id");
    let browser = Browser::start().await.expect("Chromium starts");
    browser.set_user_name(&app.url("/"), "张三").await.unwrap();
    browser
        .client
        .goto(&app.url(&format!("/assessments/{id}/wizard")))
        .await
        .unwrap();
    let first = browser
        .find("#question-card")
        .await
        .unwrap()
        .attr("data-question")
        .await
        .unwrap()
        .unwrap();
    browser.click("#answer-1").await.unwrap();
    browser.wait_saved().await.unwrap();

    app.stop().await;

    // Next question, answered and noted while nobody listens.
    browser.press("j").await.unwrap();
    let second = browser
        .wait_for_attr("#question-card", "data-question", |q| q != first)
        .await
        .unwrap();
    browser.press("2").await.unwrap();
    browser
        .wait_for_attr("#save-state", "data-state", |s| s == "failed")
        .await
        .unwrap();
    browser
        .wait_for_attr("#question-save", "data-state", |s| s == "failed")
        .await
        .unwrap();
    browser.fill("#note", "服务器停机期间填写").await.unwrap();
    browser.find("#save-retry").await.unwrap();
    // The unsaved answer is also in local storage, where a closed tab would leave it.
    let kept = browser
        .js(&format!(
            "return JSON.parse(localStorage.getItem('ziping.unsaved.{id}') || '{{}}')"
        ))
        .await
        .unwrap();
    assert_eq!(kept[&second]["value"], "partial", "{kept}");
    browser
        .wait_until(
            "the note is kept too",
            &format!(
                "const u = JSON.parse(localStorage.getItem('ziping.unsaved.{id}') || '{{}}');
                 return !!u['{second}'] && u['{second}'].note === '服务器停机期间填写'"
            ),
        )
        .await
        .unwrap();
    browser.screenshot("wizard-offline").await.unwrap();
    // Leaving now would lose the answer: the page asks first.
    let warns = browser
        .js("const e = new Event('beforeunload', { cancelable: true });
             window.dispatchEvent(e); return e.defaultPrevented;")
        .await
        .unwrap();
    assert_eq!(warns, serde_json::Value::Bool(true));

    app.restart().await;

    // The automatic retry saves the answer with its note.
    browser
        .wait_for_attr("#save-state", "data-state", |s| s == "saved")
        .await
        .unwrap();
    let (status, assessment) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(status, 200, "{assessment}");
    let answer = &assessment["answers"][&second];
    assert_eq!(answer["value"], "partial", "{assessment}");
    assert_eq!(answer["note"], "服务器停机期间填写");
    assert_eq!(assessment["answers"][&first]["value"], "compliant");
    let warns = browser
        .js("const e = new Event('beforeunload', { cancelable: true });
             window.dispatchEvent(e); return e.defaultPrevented;")
        .await
        .unwrap();
    assert_eq!(warns, serde_json::Value::Bool(false));
    let kept = browser
        .js(&format!(
            "return localStorage.getItem('ziping.unsaved.{id}')"
        ))
        .await
        .unwrap();
    assert_eq!(kept, serde_json::Value::Null);

    browser.close().await.unwrap();
}
