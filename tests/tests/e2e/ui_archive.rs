//! The archive in the browser: the results page links the download, and an archive from another
//! server is imported from the start page, which shows the result and opens the new assessment,
//! or shows why a damaged file was refused.

use serde_json::json;
use ziping_tests::{Browser, spawn_app};

#[tokio::test]
async fn an_archive_is_imported_from_the_start_page_and_opens_the_new_assessment() {
    let source = spawn_app().await;
    let assessment = source.create_assessment().await;
    let id = assessment["id"].as_i64().unwrap();
    let (status, body) = source
        .save_answer(
            id,
            "GOV-01",
            &json!({ "value": "compliant", "note": "任命文件已发布", "revision": 0 }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let response = source
        .get(&format!("/api/assessments/{id}/export/archive.zip"))
        .await;
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap().to_vec();
    let files = tempfile::tempdir().unwrap();
    let archive = files.path().join("archive.zip");
    std::fs::write(&archive, &bytes).unwrap();
    let damaged = files.path().join("damaged.zip");
    std::fs::write(&damaged, &bytes[..bytes.len() / 2]).unwrap();

    let browser = Browser::start().await.expect("Chromium starts");
    // The results page's export menu offers the archive.
    browser
        .set_user_name(&source.url("/"), "王五")
        .await
        .unwrap();
    browser
        .client
        .goto(&source.url(&format!("/assessments/{id}/results")))
        .await
        .unwrap();
    let link = browser.find("#export-archive").await.unwrap();
    assert_eq!(
        link.attr("href").await.unwrap().as_deref(),
        Some(format!("/api/assessments/{id}/export/archive.zip").as_str())
    );

    let target = spawn_app().await;
    browser
        .set_user_name(&target.url("/"), "王五")
        .await
        .unwrap();
    browser.client.goto(&target.url("/")).await.unwrap();
    // A damaged file: the server's reason is shown, nothing imported.
    browser
        .find("#archive-file")
        .await
        .unwrap()
        .send_keys(damaged.to_str().unwrap())
        .await
        .unwrap();
    browser.click("#import-archive").await.unwrap();
    let alert = browser.find(".import-archive [role=alert]").await.unwrap();
    let message = alert.text().await.unwrap();
    assert!(message.contains("truncated"), "{message}");
    let (_, list) = target.get_json("/api/assessments").await;
    assert_eq!(list, json!([]));

    browser
        .find("#archive-file")
        .await
        .unwrap()
        .send_keys(archive.to_str().unwrap())
        .await
        .unwrap();
    browser.click("#import-archive").await.unwrap();
    browser.click("#imported-link").await.unwrap();
    let (_, list) = target.get_json("/api/assessments").await;
    let new_id = list[0]["id"].as_i64().unwrap();
    browser
        .wait_until(
            "the imported assessment is open",
            &format!("return location.pathname.startsWith('/assessments/{new_id}')"),
        )
        .await
        .unwrap();
    let (_, copy) = target.get_json(&format!("/api/assessments/{new_id}")).await;
    assert_eq!(copy["answers"]["GOV-01"]["note"], "任命文件已发布");
    browser.close().await.unwrap();
}
