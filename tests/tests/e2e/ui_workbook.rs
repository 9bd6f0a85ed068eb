//! The files of an assessment in the browser: the results page's export menu lists every format,
//! in the page's language, each link answering with its file; the workbook import page takes an
//! answered fill-in workbook, previews its changes (or its errors by sheet and cell, applying
//! nothing), shows a conflict with both values, applies the file on confirmation, and the wizard
//! then shows the answers. An approved assessment takes no workbook, and the page says why.

use serde_json::{Value, json};
use ziping_tests::{Browser, TestApp, edited, sheets, spawn_app, workbook_row};

/// The export menu's links, in order, with the media type each file is served as.
const EXPORTS: [(&str, &str); 11] = [
    ("export-report-pdf", "application/pdf"),
    (
        "export-report-docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "export-answers-xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("export-answers-csv", "text/csv; charset=utf-8"),
    (
        "export-remediation-xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("export-remediation-csv", "text/csv; charset=utf-8"),
    (
        "export-workbook",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    (
        "export-workbook-domain",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("export-archive", "application/zip"),
    ("export-oscal-ar", "json"),
    ("export-oscal-catalog", "json"),
];

/// An assessment whose profile makes every question of 组织与责任 apply, GOV-02 answered 不符合.
async fn assessment(app: &TestApp) -> i64 {
    let id = app.create_assessment().await["id"].as_i64().unwrap();
    let (status, body) = app
        .set_profile(id, &json!({ "important_data": true }), 0)
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app
        .save_answer(
            id,
            "GOV-02",
            &json!({ "value": "non_compliant", "note": "", "revision": 0 }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    id
}

/// The `id` and `href` of every link in the open export menu, in order.
async fn menu_links(browser: &Browser) -> Vec<(String, String)> {
    let links = browser
        .js("return [...document.querySelectorAll('#export-list a')].map(a => [a.id, a.getAttribute('href')])")
        .await
        .unwrap();
    links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l[0].as_str().unwrap().to_owned(),
                l[1].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Fetches a link's address and checks it answers 200 with the media type; returns the bytes.
async fn fetch(app: &TestApp, href: &str, media_type: &str) -> Vec<u8> {
    let response = app.get(href).await;
    assert_eq!(response.status(), 200, "{href}");
    let served = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        served == media_type || (media_type == "json" && served.contains("json")),
        "{href} is served as {served}, not {media_type}"
    );
    response.bytes().await.unwrap().to_vec()
}

/// The workbook with the answer (and note) of each question changed, found by its id.
fn filled(xlsx: &[u8], answers: &[(&str, &str, Option<&str>)]) -> Vec<u8> {
    let rows: Vec<(String, usize, &str, Option<&str>)> = answers
        .iter()
        .map(|&(question, answer, note)| {
            let (sheet, row) = workbook_row(xlsx, question)
                .unwrap_or_else(|| panic!("{question} is not in the workbook"));
            (sheet, row, answer, note)
        })
        .collect();
    let mut edits: Vec<(&str, usize, usize, &str)> = Vec::new();
    for (sheet, row, answer, note) in &rows {
        edits.push((sheet, *row, 5, answer));
        if let Some(note) = note {
            edits.push((sheet, *row, 7, note));
        }
    }
    edited(xlsx, &edits)
}

/// Writes a file for the browser's file input; the directory lives as long as the result.
fn on_disk(name: &str, bytes: &[u8]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path.to_str().unwrap().to_owned())
}

async fn answers(app: &TestApp, id: i64) -> Value {
    app.get_json(&format!("/api/assessments/{id}")).await.1["answers"].clone()
}

#[tokio::test]
async fn the_export_menu_lists_every_format_in_the_page_language_and_each_link_serves_its_file() {
    let app = spawn_app().await;
    let id = assessment(&app).await;
    let browser = Browser::start().await.expect("Chromium starts");
    browser.set_user_name(&app.url("/"), "王五").await.unwrap();
    browser
        .client
        .goto(&app.url(&format!("/assessments/{id}/results")))
        .await
        .unwrap();
    browser
        .wait_for_attr("#result-score", "data-score", |s| !s.is_empty())
        .await
        .unwrap();
    // Closed at first; the button opens it.
    let open = "return document.getElementById('export-menu').open";
    assert_eq!(browser.js(open).await.unwrap(), json!(false));
    browser.click("#export-button").await.unwrap();
    browser.find("#export-list a").await.unwrap();
    assert_eq!(browser.js(open).await.unwrap(), json!(true));
    browser.screenshot("workbook-export-menu").await.unwrap();

    let links = menu_links(&browser).await;
    let ids: Vec<&str> = links.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, EXPORTS.map(|(id, _)| id), "the menu's links");
    let base = format!("/api/assessments/{id}/");
    let expected_paths = [
        "report.pdf?lang=zh-CN",
        "report.docx?lang=zh-CN",
        "export/answers.xlsx?lang=zh-CN",
        "export/answers.csv?lang=zh-CN",
        "export/remediation.xlsx?lang=zh-CN",
        "export/remediation.csv?lang=zh-CN",
        "workbook.xlsx?lang=zh-CN",
        "workbook.xlsx?lang=zh-CN&domain=gov",
        "export/archive.zip",
        "export/oscal-ar.json?lang=zh-CN",
        "export/oscal-catalog.json?lang=zh-CN",
    ];
    for ((link, href), path) in links.iter().zip(expected_paths) {
        assert_eq!(href, &format!("{base}{path}"), "{link}");
    }
    assert_eq!(links.len(), expected_paths.len());
    for ((link, href), (_, media_type)) in links.iter().zip(EXPORTS) {
        let bytes = fetch(&app, href, media_type).await;
        assert!(!bytes.is_empty(), "{link}");
    }
    // The one-domain workbook follows the domain chosen.
    browser
        .click("#export-domain-choice option[value='class']")
        .await
        .unwrap();
    let href = browser
        .wait_for_attr("#export-workbook-domain", "href", |h| {
            h.ends_with("&domain=class")
        })
        .await
        .unwrap();
    let one = fetch(&app, &href, EXPORTS[7].1).await;
    let names: Vec<String> = sheets(&one).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names[0].starts_with("数据分类分级"), "{names:?}");

    // Escape closes the menu and gives the focus back to its button.
    browser
        .js("document.getElementById('export-report-pdf').focus()")
        .await
        .unwrap();
    browser.press("\u{E00C}").await.unwrap();
    browser
        .wait_until(
            "the menu is closed with the focus on its button",
            "return !document.getElementById('export-menu').open \
             && document.activeElement.id === 'export-button'",
        )
        .await
        .unwrap();
    // Enter opens it again from the keyboard.
    browser.press("\u{E007}").await.unwrap();
    browser
        .wait_until("the menu is open again", &format!("{open} === true"))
        .await
        .unwrap();

    // In English, every localized file is asked for in English.
    browser.click("#lang-switch").await.unwrap();
    browser
        .wait_for_attr("#export-report-pdf", "href", |h| h.ends_with("?lang=en"))
        .await
        .unwrap();
    let english = menu_links(&browser).await;
    for ((link, href), path) in english.iter().zip(expected_paths) {
        let path = path
            .replace("lang=zh-CN", "lang=en")
            .replace("gov", "class");
        assert_eq!(href, &format!("{base}{path}"), "{link}");
    }
    let text = browser.text_of("#export-button").await.unwrap();
    assert_eq!(text, "Export");
    let csv = fetch(&app, &english[3].1, EXPORTS[3].1).await;
    assert!(
        String::from_utf8_lossy(&csv).contains("Question"),
        "the English answers"
    );
    browser.close().await.unwrap();
}

#[tokio::test]
async fn a_filled_workbook_is_previewed_then_applied_and_the_wizard_shows_its_answers() {
    let app = spawn_app().await;
    let id = assessment(&app).await;
    let browser = Browser::start().await.expect("Chromium starts");
    browser.set_user_name(&app.url("/"), "王五").await.unwrap();
    browser
        .client
        .goto(&app.url(&format!("/assessments/{id}/results")))
        .await
        .unwrap();
    browser.click("#workbook-link").await.unwrap();
    browser
        .wait_until(
            "the workbook page is open",
            &format!("return location.pathname === '/assessments/{id}/workbook'"),
        )
        .await
        .unwrap();
    // The page's own link to the workbook, fetched at the address it carries.
    let href = browser
        .find("#workbook-download")
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        href,
        format!("/api/assessments/{id}/workbook.xlsx?lang=zh-CN")
    );
    let xlsx = fetch(&app, &href, EXPORTS[6].1).await;
    let file = filled(
        &xlsx,
        &[
            ("GOV-01", "符合", Some("任命文件已于三月发布")),
            ("GOV-02", "部分符合", None),
        ],
    );
    let (_dir, path) = on_disk("部门填报.xlsx", &file);

    browser
        .find("#workbook-file")
        .await
        .unwrap()
        .send_keys(&path)
        .await
        .unwrap();
    browser.click("#workbook-preview").await.unwrap();
    browser.find("#workbook-changes").await.unwrap();
    let summary = browser.text_of("#workbook-summary").await.unwrap();
    assert!(summary.contains("更改 2 个答案"), "{summary}");
    let row = |q: &str, column: &str| {
        format!("#workbook-changes tr[data-question='{q}'] td.{column} [data-value]")
    };
    for (question, before, after) in [
        ("GOV-01", "", "compliant"),
        ("GOV-02", "non_compliant", "partial"),
    ] {
        let shown = browser
            .find(&row(question, "before"))
            .await
            .unwrap()
            .attr("data-value")
            .await
            .unwrap();
        assert_eq!(shown.as_deref(), Some(before), "{question} before");
        let shown = browser
            .find(&row(question, "after"))
            .await
            .unwrap()
            .attr("data-value")
            .await
            .unwrap();
        assert_eq!(shown.as_deref(), Some(after), "{question} after");
    }
    let gov01 = browser
        .text_of("#workbook-changes tr[data-question='GOV-01']")
        .await
        .unwrap();
    assert!(gov01.contains("任命文件已于三月发布"), "{gov01}");
    assert!(gov01.contains("组织与责任!F2"), "{gov01}");
    browser.screenshot("workbook-preview").await.unwrap();
    // The preview changed nothing.
    let before = answers(&app, id).await;
    assert!(before["GOV-01"].is_null(), "{before}");
    assert_eq!(before["GOV-02"]["value"], "non_compliant");

    browser.click("#workbook-apply").await.unwrap();
    let saved = browser
        .wait_for_attr("#workbook-applied", "data-saved", |s| !s.is_empty())
        .await
        .unwrap();
    assert_eq!(saved, "2");
    let now = answers(&app, id).await;
    assert_eq!(now["GOV-01"]["value"], "compliant");
    assert_eq!(now["GOV-01"]["note"], "任命文件已于三月发布");
    assert_eq!(now["GOV-01"]["updated_by"], "王五");
    assert_eq!(now["GOV-02"]["value"], "partial");
    assert_eq!(now["GOV-02"]["revision"], 2);

    // The wizard, reached through the page's link, shows the applied answers.
    browser.click("#workbook-to-wizard").await.unwrap();
    browser.find("#wizard").await.unwrap();
    // The wizard leads back to the page.
    let back = browser
        .find("#wizard-workbook-link")
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap();
    assert_eq!(back, Some(format!("/assessments/{id}/workbook")));
    for (question, label) in [("GOV-01", "符合"), ("GOV-02", "部分符合")] {
        let chip = format!(".chips button[aria-label^='{question} ']");
        let text = browser
            .wait_for_attr(&chip, "aria-label", |l| l == format!("{question} {label}"))
            .await
            .unwrap();
        assert_eq!(text, format!("{question} {label}"));
    }
    browser
        .click(".chips button[aria-label^='GOV-01 ']")
        .await
        .unwrap();
    browser
        .wait_for_attr("#question-card", "data-question", |q| q == "GOV-01")
        .await
        .unwrap();
    browser
        .wait_for_attr("#answer-1", "aria-pressed", |p| p == "true")
        .await
        .unwrap();
    let note = browser
        .find("#note")
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(note.as_deref(), Some("任命文件已于三月发布"));
    // Nothing is left to save: the workspace took the saved revisions.
    browser.wait_saved().await.unwrap();
    browser.close().await.unwrap();
}

#[tokio::test]
async fn a_workbook_with_a_bad_cell_shows_it_by_sheet_and_cell_and_applies_nothing() {
    let app = spawn_app().await;
    let id = assessment(&app).await;
    let xlsx = fetch(
        &app,
        &format!("/api/assessments/{id}/workbook.xlsx?lang=zh-CN"),
        EXPORTS[6].1,
    )
    .await;
    let bad = filled(&xlsx, &[("GOV-01", "符合", None), ("GOV-03", "是", None)]);
    let (_bad_dir, bad_path) = on_disk("bad.xlsx", &bad);
    let before = app.get_json(&format!("/api/assessments/{id}")).await.1;

    let browser = Browser::start().await.expect("Chromium starts");
    browser.set_user_name(&app.url("/"), "王五").await.unwrap();
    browser
        .client
        .goto(&app.url(&format!("/assessments/{id}/workbook")))
        .await
        .unwrap();
    browser
        .find("#workbook-file")
        .await
        .unwrap()
        .send_keys(&bad_path)
        .await
        .unwrap();
    browser.click("#workbook-preview").await.unwrap();
    let cell = browser
        .text_of("#workbook-errors tr[data-cell='组织与责任!F4']")
        .await
        .unwrap();
    assert!(cell.contains("组织与责任!F4"), "{cell}");
    assert!(cell.contains("“是”不是可选答案"), "{cell}");
    let alert = browser.text_of("#workbook-errors-summary").await.unwrap();
    assert!(alert.contains("1 处错误"), "{alert}");
    let rows = browser
        .js("return document.querySelectorAll('#workbook-errors tbody tr').length")
        .await
        .unwrap();
    assert_eq!(rows, json!(1));
    // No button to apply it, and nothing changed.
    let apply = browser
        .js("return document.getElementById('workbook-apply') === null")
        .await
        .unwrap();
    assert_eq!(apply, json!(true));
    browser.screenshot("workbook-errors").await.unwrap();
    let after = app.get_json(&format!("/api/assessments/{id}")).await.1;
    assert_eq!(after, before, "a workbook with an error changes nothing");

    // A row changed in Ziping since the download: both values shown, applied only once the
    // overwrite is confirmed.
    let (status, body) = app
        .save_answer(
            id,
            "GOV-02",
            &json!({ "value": "compliant", "note": "已整改", "revision": 1 }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let conflicting = filled(&xlsx, &[("GOV-02", "部分符合", None)]);
    let (_conflict_dir, conflict_path) = on_disk("conflict.xlsx", &conflicting);
    browser
        .find("#workbook-file")
        .await
        .unwrap()
        .send_keys(&conflict_path)
        .await
        .unwrap();
    browser.click("#workbook-preview").await.unwrap();
    let row = "#workbook-conflicts tr[data-question='GOV-02']";
    browser.find(row).await.unwrap();
    let file = browser
        .find(&format!("{row} td.file [data-value]"))
        .await
        .unwrap()
        .attr("data-value")
        .await
        .unwrap();
    assert_eq!(file.as_deref(), Some("partial"));
    let current = browser.text_of(&format!("{row} td.current")).await.unwrap();
    assert!(
        current.contains("符合") && current.contains("已整改"),
        "{current}"
    );
    assert!(current.contains("张三"), "who changed it: {current}");
    let disabled = browser
        .find("#workbook-apply")
        .await
        .unwrap()
        .attr("disabled")
        .await
        .unwrap();
    assert!(
        disabled.is_some(),
        "apply waits for the overwrite to be confirmed"
    );
    browser.click("#workbook-overwrite").await.unwrap();
    browser.click("#workbook-apply").await.unwrap();
    let text = browser.text_of("#workbook-applied").await.unwrap();
    assert!(text.contains("1 个覆盖了自评中的修改"), "{text}");
    assert_eq!(answers(&app, id).await["GOV-02"]["value"], "partial");

    // An approved assessment takes no workbook: the page says why and offers no upload.
    let (status, body) = app.set_status(id, "submitted", None).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app.set_status(id, "approved", None).await;
    assert_eq!(status, 200, "{body}");
    browser
        .client
        .goto(&app.url(&format!("/assessments/{id}/workbook")))
        .await
        .unwrap();
    let refusal = browser.text_of("#workbook-refusal").await.unwrap();
    assert!(refusal.contains("已批准或已归档"), "{refusal}");
    for control in ["#workbook-file", "#workbook-preview"] {
        let enabled = browser
            .find(control)
            .await
            .unwrap()
            .is_enabled()
            .await
            .unwrap();
        assert!(!enabled, "{control} is disabled");
    }
    browser.close().await.unwrap();
}
