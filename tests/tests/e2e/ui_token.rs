//! A server started with an access token: the page asks for it once, then every request carries
//! it, including evidence downloads (which a plain link could not authorise).

use serde_json::{Value, json};
use ziping_tests::{Browser, QUESTIONNAIRE, spawn_app_with, valid_uscc};

const TOKEN: &str = "team-token-0123456789abcdef";

#[tokio::test]
async fn the_page_asks_for_the_access_token_once_and_then_works_as_usual() {
    let app = spawn_app_with(tempfile::tempdir().unwrap(), |config| {
        config.security.token = Some(TOKEN.to_owned());
    })
    .await;
    let (status, organization) = app
        .send(
            app.as_user(reqwest::Method::POST, "/api/organizations")
                .bearer_auth(TOKEN)
                .json(&json!({ "name": "令牌测试有限公司", "uscc": valid_uscc(7), "industry": "", "region": "" })),
        )
        .await;
    assert_eq!(status, 201, "{organization}");
    let (status, assessment) = app
        .send(
            app.as_user(reqwest::Method::POST, "/api/assessments")
                .bearer_auth(TOKEN)
                .json(&json!({ "organization_id": organization["id"], "questionnaire_id": QUESTIONNAIRE, "cycle": "2026 年度" })),
        )
        .await;
    assert_eq!(status, 201, "{assessment}");
    let id = assessment["id"].as_i64().unwrap();

    let browser = Browser::start().await.expect("Chromium starts");
    browser.set_user_name(&app.url("/"), "张三").await.unwrap();
    browser.client.refresh().await.unwrap();

    // Refused without the token, the page asks for it, then shows the data.
    browser.find("#token-dialog").await.unwrap();
    browser.fill("#token-input", TOKEN).await.unwrap();
    browser.click("#token-save").await.unwrap();
    browser
        .wait_for_text(".org-card h2", |t| t == "令牌测试有限公司")
        .await
        .unwrap();

    // Answers and evidence go through with it.
    browser
        .client
        .goto(&app.url(&format!("/assessments/{id}/wizard")))
        .await
        .unwrap();
    browser.click("#answer-1").await.unwrap();
    browser.wait_saved().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("records.csv");
    std::fs::write(&file, "date,what\n2026-03-01,drill\n").unwrap();
    browser
        .find("#evidence-file")
        .await
        .unwrap()
        .send_keys(&file.to_string_lossy())
        .await
        .unwrap();
    browser
        .wait_for_text(".evidence-item .evidence-name", |t| t == "records.csv")
        .await
        .unwrap();

    // The download is fetched with the token and handed to the browser as a file.
    browser
        .js("window.downloads = [];
             const click = HTMLAnchorElement.prototype.click;
             HTMLAnchorElement.prototype.click = function () {
               if (this.href.startsWith('blob:')) {
                 const name = this.download;
                 window.downloads.push(fetch(this.href).then(r => r.text()).then(t => [name, t]));
                 return;
               }
               return click.call(this);
             };")
        .await
        .unwrap();
    browser.click(".evidence-item a").await.unwrap();
    browser
        .wait_until(
            "the file is downloaded",
            "return window.downloads.length === 1",
        )
        .await
        .unwrap();
    let downloaded = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.downloads[0].then(done, e => done(['failed', String(e)]));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        downloaded,
        json!(["records.csv", "date,what\n2026-03-01,drill\n"])
    );

    let (status, stored) = app
        .send(
            app.http
                .get(app.url(&format!("/api/assessments/{id}")))
                .bearer_auth(TOKEN),
        )
        .await;
    assert_eq!(status, 200);
    let answered: Vec<&Value> = stored["answers"].as_object().unwrap().values().collect();
    assert_eq!(answered.len(), 1);
    assert_eq!(answered[0]["value"], "compliant");

    browser.close().await.unwrap();
}
