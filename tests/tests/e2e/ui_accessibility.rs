//! Every page readable by everyone: axe-core's WCAG 2.1 A and AA rules find no serious or critical
//! violation on the start, profile, wizard, results (with the export menu open), history and
//! workbook import pages of a real assessment (gaps, charts, readiness reasons, evidence, history,
//! a workbook's changes and conflicts, a workbook's errors), nor in the dialogs of the normal path
//! (the user name asked on the first change, the keyboard shortcuts, a citation, submitting), nor
//! on the compare page of two review cycles (with the trend chart of the results page) and the
//! upgrade page of a draft pinned to an older questionnaire version, in Chinese and in English.

use serde_json::json;
use ziping_tests::{Browser, UpgradeFixture, edited, serious_violations, spawn_app, workbook_row};

/// Runs axe on the page as shown and keeps what it finds, so that one run lists every page's.
async fn check(browser: &Browser, page: &str, failures: &mut Vec<String>) {
    let violations = browser
        .axe_violations()
        .await
        .unwrap_or_else(|e| panic!("axe-core runs on {page}: {e:#}"));
    failures.extend(serious_violations(page, &violations));
}

#[tokio::test]
async fn axe_finds_no_serious_violation_on_any_page_in_chinese_and_in_english() {
    let app = spawn_app().await;
    let assessment = app.create_assessment().await;
    let id = assessment["id"].as_i64().unwrap();
    let (status, body) = app
        .set_profile(
            id,
            &json!({ "important_data": true, "pi_volume": "1m", "sensitive_pi": true }),
            0,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    // Answers of every kind, a critical question not met among them, so that the results page
    // has gaps of each band, coloured bars and readiness reasons.
    let (_, score) = app.get_json(&format!("/api/assessments/{id}/score")).await;
    let gaps: Vec<(String, bool)> = score["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["question"].as_str().unwrap().to_owned(),
                g["critical"] == true,
            )
        })
        .collect();
    let critical = &gaps.iter().find(|(_, c)| *c).unwrap().0;
    let others: Vec<&String> = gaps
        .iter()
        .filter(|(q, _)| q != critical)
        .map(|(q, _)| q)
        .collect();
    // The fill-in workbook as downloaded before the answers below: a file that changes an
    // unanswered question and one answered after the download (a conflict), and a file with an
    // error.
    let workbook = app
        .get(&format!("/api/assessments/{id}/workbook.xlsx"))
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let cell = |question: &str, text: &'static str| {
        let (sheet, row) = workbook_row(&workbook, question).unwrap();
        (sheet, row, text)
    };
    let unanswered = gaps.last().map(|(q, _)| q.clone()).unwrap();
    let edits = [cell(&unanswered, "符合"), cell(others[1], "部分符合")];
    let changes = edited(
        &workbook,
        &edits
            .iter()
            .map(|(sheet, row, text)| (sheet.as_str(), *row, 5, *text))
            .collect::<Vec<_>>(),
    );
    let (sheet, row, _) = cell(&unanswered, "");
    let errors = edited(&workbook, &[(sheet.as_str(), row, 5, "是")]);
    let files = tempfile::tempdir().unwrap();
    let changes_path = files.path().join("changes.xlsx");
    std::fs::write(&changes_path, changes).unwrap();
    let errors_path = files.path().join("errors.xlsx");
    std::fs::write(&errors_path, errors).unwrap();
    for (question, value) in [
        (critical, "non_compliant"),
        (others[0], "partial"),
        (others[1], "compliant"),
        (others[2], "compliant"),
        (others[3], "non_compliant"),
    ] {
        let (status, body) = app
            .save_answer(
                id,
                question,
                &json!({ "value": value, "note": "见制度汇编", "revision": 0 }),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, body) = app
        .save_answer(
            id,
            others[4],
            &json!({ "value": "not_applicable", "na_reason": "本单位不涉及", "note": "", "revision": 0 }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app
        .upload(
            id,
            others[0],
            Some(("培训记录.csv", "姓名,日期\n张三,2026-03-01\n".into())),
            Some("2026 年度培训签到表"),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let wizard = app.url(&format!(
        "/assessments/{id}/wizard?q={}&filter=all",
        others[0]
    ));

    let browser = Browser::start().await.expect("Chromium starts");
    let mut failures = Vec::new();
    let started = std::time::Instant::now();

    // The first visit: the start page, then the name dialog on the first change.
    browser.client.goto(&app.url("/")).await.unwrap();
    browser.find(".org-card .assessment-table").await.unwrap();
    browser.find("#server-version:not(:empty)").await.unwrap();
    check(&browser, "the start page (zh-CN)", &mut failures).await;
    browser.click("#new-organization").await.unwrap();
    browser.find("#user-dialog").await.unwrap();
    check(&browser, "the user-name dialog (zh-CN)", &mut failures).await;
    browser.fill("#user-name-input", "张三").await.unwrap();
    browser.click("#user-name-save").await.unwrap();
    browser
        .wait_for_text("#user-name", |t| t == "张三")
        .await
        .unwrap();

    for lang in ["zh-CN", "en"] {
        if lang == "en" {
            browser.client.goto(&app.url("/")).await.unwrap();
            browser.click("#lang-switch").await.unwrap();
            browser
                .wait_until(
                    "the page is in English",
                    "return document.documentElement.lang === 'en'",
                )
                .await
                .unwrap();
            browser.find(".org-card .assessment-table").await.unwrap();
            check(&browser, "the start page (en)", &mut failures).await;
        }

        // The start page with its forms open.
        browser.click("#new-organization").await.unwrap();
        browser.find("#organization-form").await.unwrap();
        browser.click(".new-assessment").await.unwrap();
        browser
            .find(".assessment-form .assessment-questionnaire")
            .await
            .unwrap();
        check(
            &browser,
            &format!("the start page's forms ({lang})"),
            &mut failures,
        )
        .await;
        browser
            .screenshot(&format!("a11y-home-{lang}"))
            .await
            .unwrap();
        // The same with the App questionnaire chosen, which asks for the App.
        browser
            .click(".assessment-questionnaire[value='app-pi-compliance']")
            .await
            .unwrap();
        browser.find(".assessment-app-name").await.unwrap();
        check(
            &browser,
            &format!("the start page's App form ({lang})"),
            &mut failures,
        )
        .await;

        browser
            .client
            .goto(&app.url(&format!("/assessments/{id}/profile")))
            .await
            .unwrap();
        browser.find("#profile .fact").await.unwrap();
        check(
            &browser,
            &format!("the profile page ({lang})"),
            &mut failures,
        )
        .await;
        browser
            .screenshot(&format!("a11y-profile-{lang}"))
            .await
            .unwrap();

        browser.client.goto(&wizard).await.unwrap();
        browser.find(".evidence-item").await.unwrap();
        browser
            .wait_for_attr("#answer-2", "aria-pressed", |p| p == "true")
            .await
            .unwrap();
        check(&browser, &format!("the wizard ({lang})"), &mut failures).await;
        browser
            .screenshot(&format!("a11y-wizard-{lang}"))
            .await
            .unwrap();
        browser.press("?").await.unwrap();
        browser.find("#shortcuts-dialog").await.unwrap();
        check(
            &browser,
            &format!("the shortcuts dialog ({lang})"),
            &mut failures,
        )
        .await;
        browser.press("\u{E00C}").await.unwrap();
        browser.click(".question-card .citation").await.unwrap();
        browser.find("#citation-summary").await.unwrap();
        check(
            &browser,
            &format!("the citation dialog ({lang})"),
            &mut failures,
        )
        .await;
        browser.click("#citation-close").await.unwrap();
        // A filter dims the questions it leaves out.
        browser.click("#filter-gaps").await.unwrap();
        browser.find(".chips .chip.dim").await.unwrap();
        check(
            &browser,
            &format!("the wizard filtered to gaps ({lang})"),
            &mut failures,
        )
        .await;
        browser
            .screenshot(&format!("a11y-wizard-gaps-{lang}"))
            .await
            .unwrap();

        browser.click("#tab-results").await.unwrap();
        browser.find("#gap-list tbody tr").await.unwrap();
        browser.find("#domain-chart .bar").await.unwrap();
        browser
            .wait_for_attr("#result-score", "data-score", |s| !s.is_empty())
            .await
            .unwrap();
        // Folded parts too: the further readiness reasons, the N/A list, the evidence index,
        // the export menu.
        browser
            .js("document.querySelectorAll('details').forEach(d => d.open = true)")
            .await
            .unwrap();
        check(
            &browser,
            &format!("the results page ({lang})"),
            &mut failures,
        )
        .await;
        browser.js("window.scrollTo(0, 0)").await.unwrap();
        browser
            .screenshot(&format!("a11y-results-{lang}"))
            .await
            .unwrap();
        browser
            .js("document.getElementById('domain-chart').scrollIntoView()")
            .await
            .unwrap();
        browser
            .screenshot(&format!("a11y-results-charts-{lang}"))
            .await
            .unwrap();
        browser.click("#action-submit").await.unwrap();
        browser.find("#status-dialog").await.unwrap();
        check(
            &browser,
            &format!("the submit dialog ({lang})"),
            &mut failures,
        )
        .await;
        browser.press("\u{E00C}").await.unwrap();

        browser.click("#tab-history").await.unwrap();
        browser.find("#chain-status").await.unwrap();
        browser.find("#history-table tbody tr").await.unwrap();
        check(
            &browser,
            &format!("the history page ({lang})"),
            &mut failures,
        )
        .await;
        browser
            .screenshot(&format!("a11y-history-{lang}"))
            .await
            .unwrap();

        // The workbook import page: empty, with a file's changes and conflict, with its errors.
        browser
            .client
            .goto(&app.url(&format!("/assessments/{id}/workbook")))
            .await
            .unwrap();
        browser.find("#workbook-file").await.unwrap();
        check(
            &browser,
            &format!("the workbook import page ({lang})"),
            &mut failures,
        )
        .await;
        for (path, shown, what) in [
            (
                &changes_path,
                "#workbook-conflicts",
                "changes and conflicts",
            ),
            (&errors_path, "#workbook-errors", "errors"),
        ] {
            browser
                .find("#workbook-file")
                .await
                .unwrap()
                .send_keys(path.to_str().unwrap())
                .await
                .unwrap();
            browser.click("#workbook-preview").await.unwrap();
            browser.find(shown).await.unwrap();
            check(
                &browser,
                &format!("the workbook import page with a file's {what} ({lang})"),
                &mut failures,
            )
            .await;
            browser
                .screenshot(&format!("a11y-workbook-{}-{lang}", &shown[10..]))
                .await
                .unwrap();
        }
    }
    println!("axe-core on 28 views took {:?}", started.elapsed());

    browser.close().await.unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Opens `path` of the server at `base` in `lang`, with a user name, as a returning user would.
async fn open_in(browser: &Browser, base: &str, path: &str, lang: &str) {
    browser.set_user_name(base, "张三").await.unwrap();
    browser
        .client
        .execute(
            "localStorage.setItem('ziping.lang', arguments[0])",
            vec![json!(lang)],
        )
        .await
        .unwrap();
    browser
        .client
        .goto(&format!("{}{path}", base.trim_end_matches('/')))
        .await
        .unwrap();
    browser
        .wait_until(
            "the page is in the language asked for",
            &format!("return document.documentElement.lang === '{lang}'"),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn axe_finds_no_serious_violation_on_the_compare_and_upgrade_pages_in_both_languages() {
    let app = spawn_app().await;
    let (_, _, after) = app.cycle_pair().await;
    let fixture = UpgradeFixture::older_only();
    let older = fixture.spawn().await;
    let draft = older.create_fixture_assessment("2026 年度").await;
    let id = draft["id"].as_i64().unwrap();
    let (status, body) = older
        .set_profile(id, &json!({ "important_data": true }), 0)
        .await;
    assert_eq!(status, 200, "{body}");
    older
        .save_answers(
            id,
            &[
                ("GOV-01", "compliant", ""),
                ("GOV-03", "non_compliant", "监测未覆盖"),
                ("GOV-04", "partial", ""),
                ("GOV-05", "compliant", ""),
            ],
        )
        .await;
    let (status, body) = older.upload(id, "GOV-04", None, Some("评估报告")).await;
    assert_eq!(status, 201, "{body}");
    let upgrading = fixture.with_newer_version(older).await;

    let browser = Browser::start().await.expect("Chromium starts");
    let mut failures = Vec::new();
    for lang in ["zh-CN", "en"] {
        open_in(
            &browser,
            &app.url("/"),
            &format!("/assessments/{after}/results"),
            lang,
        )
        .await;
        browser.find("#trend-chart .trend-point").await.unwrap();
        browser.find("#gap-list tbody tr").await.unwrap();
        check(
            &browser,
            &format!("the results page with its trend ({lang})"),
            &mut failures,
        )
        .await;
        browser.click("#compare-link").await.unwrap();
        browser.find("#compare-questions tbody tr").await.unwrap();
        browser.find("#compare-overdue").await.unwrap();
        check(
            &browser,
            &format!("the compare page ({lang})"),
            &mut failures,
        )
        .await;
        browser
            .find("#compare-kind")
            .await
            .unwrap()
            .select_by_value("regressed")
            .await
            .unwrap();
        browser
            .wait_until(
                "the list is filtered",
                "return document.querySelectorAll('#compare-questions tbody tr').length === 1",
            )
            .await
            .unwrap();
        check(
            &browser,
            &format!("the compare page filtered ({lang})"),
            &mut failures,
        )
        .await;
        browser
            .screenshot(&format!("a11y-compare-{lang}"))
            .await
            .unwrap();

        open_in(
            &browser,
            &upgrading.url("/"),
            &format!("/assessments/{id}/upgrade"),
            lang,
        )
        .await;
        browser.find("#upgrade-removed tbody tr").await.unwrap();
        browser.find("#upgrade-notice").await.unwrap();
        check(
            &browser,
            &format!("the upgrade page ({lang})"),
            &mut failures,
        )
        .await;
        browser
            .screenshot(&format!("a11y-upgrade-{lang}"))
            .await
            .unwrap();
    }
    browser.close().await.unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
