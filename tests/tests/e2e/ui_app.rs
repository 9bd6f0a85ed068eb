//! Assessing one App in the browser, start to finish: the start page explains both
//! questionnaires and keeps the organization-wide one as the default; choosing the App
//! questionnaire asks for the App (checked as it is typed); the profile and a few questions are
//! answered in the page, with each question's device check shown beside its guidance, the rest
//! over the API; the results page and the PDF report name the App; and the App's next release
//! starts from that App's cycle, while a new App starts blank.

use std::process::Command;

use serde_json::{Value, json};
use ziping_tests::{Browser, TestApp, spawn_app, target_dir};

const APP_QUESTIONNAIRE: &str = "app-pi-compliance";

/// The text of a PDF as `pdftotext` reads it, white space removed.
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (apt-get install poppler-utils)");
    assert!(output.status.success(), "pdftotext failed on the report");
    String::from_utf8(output.stdout)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Answers every applicable question not answered yet as compliant, over the API.
async fn answer_the_rest(app: &TestApp, id: i64) -> usize {
    let (_, questionnaire) = app
        .get_json(&format!("/api/questionnaires/{APP_QUESTIONNAIRE}"))
        .await;
    let (_, score) = app.get_json(&format!("/api/assessments/{id}/score")).await;
    let (_, assessment) = app.get_json(&format!("/api/assessments/{id}")).await;
    let excluded: Vec<&Value> = score["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["question"])
        .collect();
    let mut saved = 0;
    for domain in questionnaire["domains"].as_array().unwrap() {
        for question in domain["questions"].as_array().unwrap() {
            let qid = &question["id"];
            if excluded.contains(&qid) || assessment["answers"][qid.as_str().unwrap()].is_object() {
                continue;
            }
            app.save_answers(id, &[(qid.as_str().unwrap(), "compliant", "")])
                .await;
            saved += 1;
        }
    }
    saved
}

#[tokio::test]
async fn an_app_is_assessed_from_the_start_page_to_its_report_and_its_next_release_carries_on() {
    let app = spawn_app().await;
    let organization = app.create_organization("示例科技有限公司").await;
    let org = organization["id"].as_i64().unwrap();
    let browser = Browser::start().await.expect("Chromium starts");
    browser.set_user_name(&app.url("/"), "张三").await.unwrap();
    browser.client.goto(&app.url("/")).await.unwrap();

    // Both questionnaires are explained; the organization-wide one is chosen by default.
    browser.click(".new-assessment").await.unwrap();
    let choice = browser
        .wait_for_text(".questionnaire-choice", |t| t.contains("App个人信息保护"))
        .await
        .unwrap();
    for expected in [
        "工业和信息化领域数据安全合规自评估",
        "评估整个单位",
        "App个人信息保护合规自评估",
        "一次评估一个App",
        "面向App运营者，一次评估一个App",
    ] {
        assert!(choice.contains(expected), "{expected}: {choice}");
    }
    let checked = browser
        .js("return document.querySelector('input.assessment-questionnaire:checked')?.value")
        .await
        .unwrap();
    assert_eq!(checked, "miit-data-security");
    assert!(
        browser
            .js("return document.querySelector('.assessment-app-name') === null")
            .await
            .unwrap()
            == Value::Bool(true),
        "no App is asked for the organization-wide questionnaire"
    );

    // The App questionnaire asks for the App; nothing can be created without it.
    browser
        .click(&format!(
            "#assessment-questionnaire-{org}-{APP_QUESTIONNAIRE}"
        ))
        .await
        .unwrap();
    browser.find(".assessment-app-name").await.unwrap();
    let submit = browser.find(".assessment-submit").await.unwrap();
    assert!(!submit.is_enabled().await.unwrap());
    browser
        .fill(".assessment-app-name", "示例商城")
        .await
        .unwrap();
    let problem = format!("#assessment-app-problem-{org}");
    browser
        .wait_for_text(&problem, |t| t.contains("请选择平台"))
        .await
        .unwrap();
    browser
        .find(".assessment-app-platform")
        .await
        .unwrap()
        .select_by_value("android")
        .await
        .unwrap();
    browser
        .fill(".assessment-app-version", "5.2.0")
        .await
        .unwrap();
    browser
        .fill(".assessment-app-package", "com.example/shop")
        .await
        .unwrap();
    browser
        .wait_for_text(&problem, |t| t.contains("不能包含“/”"))
        .await
        .unwrap();
    assert!(!submit.is_enabled().await.unwrap());
    browser
        .fill(".assessment-app-package", "com.example.shop")
        .await
        .unwrap();
    browser
        .wait_for_text(&problem, str::is_empty)
        .await
        .unwrap();
    browser
        .axe("the start page with the App form")
        .await
        .unwrap();
    browser.screenshot("start-app-form").await.unwrap();
    browser.click(".assessment-submit").await.unwrap();

    // It opens at the profile, named after the App.
    browser.find("#profile").await.unwrap();
    let url = browser.client.current_url().await.unwrap();
    let id: i64 = url
        .path()
        .split('/')
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no assessment id in {url}"));
    let header = browser
        .wait_for_text("#assessment-app", |t| t.contains("示例商城"))
        .await
        .unwrap();
    assert!(
        header.contains("Android") && header.contains("5.2.0"),
        "{header}"
    );
    let (_, created) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(created["questionnaire_id"], APP_QUESTIONNAIRE);
    assert_eq!(
        created["subject"],
        json!({ "name": "示例商城", "platform": "android", "version": "5.2.0", "package_id": "com.example.shop" })
    );

    // The profile, in the page: an Android shopping App with accounts and SDKs.
    for fact in [
        "#fact-android-0",
        "#fact-ios-1",
        "#fact-app_type-5",
        "#fact-accounts-0",
        "#fact-sdks-0",
    ] {
        browser.click(fact).await.unwrap();
    }
    browser.wait_saved().await.unwrap();
    let (_, assessment) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(
        assessment["profile"],
        json!({ "android": true, "ios": false, "app_type": "shopping", "accounts": true, "sdks": true })
    );

    // The wizard shows how to check each question on a device, after its guidance.
    browser.click("#to-wizard").await.unwrap();
    let check = browser.text_of("#device-check").await.unwrap();
    assert!(check.starts_with("设备上如何检查"), "{check}");
    let order = browser
        .js("const g = document.getElementById('guidance-title'), c = document.getElementById('device-check-title');
             return !!g && !!c && !!(g.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING)")
        .await
        .unwrap();
    assert_eq!(
        order,
        Value::Bool(true),
        "the device check follows the guidance"
    );
    browser.click("#answer-1").await.unwrap();
    browser.wait_question_saved().await.unwrap();
    let first = browser
        .find("#question-card")
        .await
        .unwrap()
        .attr("data-question")
        .await
        .unwrap()
        .unwrap();
    browser.press("j").await.unwrap();
    browser
        .wait_for_attr("#question-card", "data-question", |q| q != first)
        .await
        .unwrap();
    browser.press("2").await.unwrap();
    browser.wait_question_saved().await.unwrap();
    let (_, assessment) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(assessment["answers"].as_object().unwrap().len(), 2);
    assert!(answer_the_rest(&app, id).await > 20);

    // The results page, then the report its button downloads.
    browser
        .client
        .goto(&app.url(&format!("/assessments/{id}/results")))
        .await
        .unwrap();
    let (_, score) = app.get_json(&format!("/api/assessments/{id}/score")).await;
    let shown = browser
        .wait_for_attr("#result-score", "data-score", |s| !s.is_empty())
        .await
        .unwrap();
    assert_eq!(
        shown.parse::<f64>().ok(),
        score["overall"]["score"].as_f64()
    );
    let href = browser
        .find("#export-report-pdf")
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert!(href.ends_with("?lang=zh-CN"), "{href}");
    let response = app.get(&href).await;
    assert_eq!(response.status(), 200);
    let pdf = response.bytes().await.unwrap();
    // Kept beside the screenshots for a person to look at.
    let dir = target_dir().join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("app-report-zh.pdf"), &pdf).unwrap();
    let text = pdf_text(&pdf);
    for expected in [
        "示例科技有限公司·示例商城·2026年度",
        "被评估App示例商城",
        "平台Android",
        "版本5.2.0",
        "包名com.example.shop",
        "设备上如何检查：",
    ] {
        assert!(text.contains(expected), "the report lacks {expected}");
    }
    // In English, the same link asks for the English report.
    browser.click("#lang-switch").await.unwrap();
    let href = browser
        .wait_for_attr("#export-report-pdf", "href", |h| h.ends_with("?lang=en"))
        .await
        .unwrap();
    let text = pdf_text(&app.get(&href).await.bytes().await.unwrap());
    for expected in [
        "Appassessed示例商城",
        "PlatformAndroid",
        "Version5.2.0",
        "Packagenamecom.example.shop",
        "Howtocheckonadevice:",
    ] {
        assert!(
            text.contains(expected),
            "the English report lacks {expected}"
        );
    }
    browser.click("#lang-switch").await.unwrap();

    // The start page names the App on the assessment's row.
    browser.client.goto(&app.url("/")).await.unwrap();
    let row = browser
        .wait_for_text(&format!("tr[data-assessment-id='{id}']"), |t| {
            t.contains("示例商城")
        })
        .await
        .unwrap();
    assert!(row.contains("Android · 版本 5.2.0"), "{row}");

    // Its next release: picking the App assessed before offers its 2026 cycle as the start.
    browser.click(".new-assessment").await.unwrap();
    browser
        .click(&format!(
            "#assessment-questionnaire-{org}-{APP_QUESTIONNAIRE}"
        ))
        .await
        .unwrap();
    let known = browser.find(".assessment-known-app").await.unwrap();
    known.select_by_value("0").await.unwrap();
    browser
        .wait_until(
            "the App's last cycle is offered as the starting point",
            &format!("return document.querySelector('.assessment-carry')?.value === '{id}'"),
        )
        .await
        .unwrap();
    let cycle = browser
        .js("return document.querySelector('.assessment-cycle').value")
        .await
        .unwrap();
    assert_eq!(cycle, "2027 年度");
    let version = browser
        .js("return document.querySelector('.assessment-app-version').value")
        .await
        .unwrap();
    assert_eq!(version, "5.2.0");

    // Another App of the organization has no earlier cycle to start from …
    known.select_by_value("").await.unwrap();
    browser
        .fill(".assessment-app-name", "示例出行")
        .await
        .unwrap();
    browser
        .find(".assessment-app-platform")
        .await
        .unwrap()
        .select_by_value("android")
        .await
        .unwrap();
    browser
        .wait_until(
            "no cycle is offered for another App",
            "return document.querySelector('.assessment-carry') === null",
        )
        .await
        .unwrap();

    // … while the shop's new release, typed by hand, does.
    browser
        .fill(".assessment-app-name", "示例商城")
        .await
        .unwrap();
    browser
        .fill(".assessment-app-version", "6.0.0")
        .await
        .unwrap();
    browser
        .wait_until(
            "the shop's last cycle is offered again",
            &format!("return document.querySelector('.assessment-carry')?.value === '{id}'"),
        )
        .await
        .unwrap();
    browser
        .axe("the start page offering an App's last cycle")
        .await
        .unwrap();
    browser.click(".assessment-submit").await.unwrap();
    browser
        .wait_until(
            "the new cycle opens at its profile",
            &format!(
                "return location.pathname.endsWith('/profile') && !location.pathname.startsWith('/assessments/{id}/')"
            ),
        )
        .await
        .unwrap();
    let (_, list) = app.get_json("/api/assessments").await;
    let next = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["cycle"] == "2027 年度")
        .expect("the 2027 cycle exists");
    assert_eq!(next["subject"]["version"], "6.0.0");
    assert_eq!(next["subject"]["package_id"], "com.example.shop");
    let (_, next) = app
        .get_json(&format!("/api/assessments/{}", next["id"]))
        .await;
    assert_eq!(next["carried_from"]["id"], id);
    browser.close().await.unwrap();
}
