//! The front end in a real headless Chromium: the WebAssembly application renders, shows the
//! server's version, and switches language.

use ziping_tests::{Browser, spawn_app};

#[tokio::test]
async fn the_shell_renders_shows_the_server_version_and_switches_to_english() {
    let app = spawn_app().await;
    let (_, health) = app.get_json("/api/health").await;
    let version = health["version"].as_str().unwrap().to_owned();
    let browser = Browser::start().await.expect("Chromium starts");

    browser.client.goto(&app.url("/")).await.unwrap();

    // Only the WebAssembly application puts the version in the footer: this fails if it does
    // not load.
    let footer = browser
        .wait_for_text("#server-version", |t| t.contains(&version))
        .await
        .expect("the application renders the server version");
    assert!(footer.contains("ziping"), "{footer}");
    let title = browser.text_of("#home h1").await.unwrap();
    assert_eq!(title, "还没有评估");
    browser.screenshot("home-zh").await.unwrap();

    browser
        .client
        .find(fantoccini::Locator::Id("lang-switch"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    let title = browser
        .wait_for_text("#home h1", |t| t != "还没有评估")
        .await
        .expect("the heading changes language");
    assert_eq!(title, "No assessments yet");
    let lang = browser
        .client
        .execute("return document.documentElement.lang", vec![])
        .await
        .unwrap();
    assert_eq!(lang, "en");
    browser.screenshot("home-en").await.unwrap();

    // The choice is remembered across a reload.
    browser.client.refresh().await.unwrap();
    browser
        .wait_for_text("#home h1", |t| t == "No assessments yet")
        .await
        .unwrap();

    browser.close().await.unwrap();
}
