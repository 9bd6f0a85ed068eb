//! The front end's main path in headless Chromium, as a compliance officer walks it: create an
//! organization and an assessment, fill the profile, answer by mouse and by keyboard, write a
//! note, upload and download evidence, reload and find everything again, with the live score
//! equal to the server's. Saves screenshots of the four pages and prints the timing figures.

use std::time::{Duration, Instant};

use serde_json::Value;
use ziping_tests::{Browser, TestApp, spawn_app};

/// The id of the question the wizard shows.
async fn current_question(browser: &Browser) -> String {
    browser
        .find("#question-card")
        .await
        .unwrap()
        .attr("data-question")
        .await
        .unwrap()
        .unwrap()
}

/// Moves to the next question with the keyboard and returns its id.
async fn next_by_keyboard(browser: &Browser, from: &str) -> String {
    browser.press("j").await.unwrap();
    browser
        .wait_for_attr("#question-card", "data-question", |q| q != from)
        .await
        .unwrap()
}

async fn server_score(app: &TestApp, id: i64) -> Value {
    let (status, score) = app.get_json(&format!("/api/assessments/{id}/score")).await;
    assert_eq!(status, 200, "{score}");
    score
}

/// The live score as the page holds it (unrounded), compared with the server's.
async fn assert_live_score_is_the_servers(browser: &Browser, app: &TestApp, id: i64) {
    browser.wait_saved().await.unwrap();
    let score = server_score(app, id).await;
    let expected = score["overall"]["score"].as_f64();
    let live = browser
        .wait_for_attr("#live-score", "data-score", |s| {
            s.parse::<f64>().ok() == expected
        })
        .await;
    assert!(
        live.is_ok(),
        "live {live:?}, server {}",
        score["overall"]["score"]
    );
}

#[tokio::test]
async fn an_assessment_is_created_filled_in_by_mouse_and_keyboard_and_survives_a_reload() {
    let app = spawn_app().await;
    let browser = Browser::start().await.expect("Chromium starts");

    // The start page of an empty store, then the name dialog on the first change.
    browser.client.goto(&app.url("/")).await.unwrap();
    browser
        .wait_for_text("#home h1", |t| t == "还没有评估")
        .await
        .unwrap();
    browser.click("#new-organization").await.unwrap();
    browser.fill("#user-name-input", "张三").await.unwrap();
    browser.click("#user-name-save").await.unwrap();
    browser
        .wait_for_text("#user-name", |t| t == "张三")
        .await
        .unwrap();

    // The organization: a wrong check digit is named as it is typed.
    browser.click("#new-organization").await.unwrap();
    browser.fill("#org-name", "示例制造有限公司").await.unwrap();
    browser
        .fill("#org-uscc", "91350100M000100Y44")
        .await
        .unwrap();
    let message = browser
        .wait_for_text("#org-uscc-message", |t| t.contains("校验位"))
        .await
        .unwrap();
    assert!(message.contains("“3”"), "{message}");
    assert!(
        !browser
            .find("#org-submit")
            .await
            .unwrap()
            .is_enabled()
            .await
            .unwrap()
    );
    browser
        .fill("#org-uscc", "91350100m000100y43")
        .await
        .unwrap();
    browser
        .wait_for_text("#org-uscc-message", |t| t.contains('✓'))
        .await
        .unwrap();
    browser
        .fill("#org-industry", "工业（制造业）")
        .await
        .unwrap();
    browser.fill("#org-region", "福建省福州市").await.unwrap();
    browser.click("#org-submit").await.unwrap();
    browser
        .wait_for_text(".org-card h2", |t| t == "示例制造有限公司")
        .await
        .unwrap();

    // Its details can be corrected in place; the code is checked the same way.
    let org = browser
        .find(".org-card")
        .await
        .unwrap()
        .attr("data-org-id")
        .await
        .unwrap()
        .unwrap();
    browser.click(".edit-organization").await.unwrap();
    let shown = browser
        .find(&format!("#org-{org}-uscc"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(shown.as_deref(), Some("91350100M000100Y43"));
    browser
        .fill(&format!("#org-{org}-uscc"), "91350100M000100Y44")
        .await
        .unwrap();
    browser
        .wait_for_text(&format!("#org-{org}-uscc-message"), |t| {
            t.contains("校验位")
        })
        .await
        .unwrap();
    browser
        .fill(&format!("#org-{org}-uscc"), "91350100M000100Y43")
        .await
        .unwrap();
    browser
        .fill(&format!("#org-{org}-region"), "福建省福州市鼓楼区")
        .await
        .unwrap();
    browser.click(&format!("#org-{org}-submit")).await.unwrap();
    browser
        .wait_for_text(".org-details", |t| t.contains("福建省福州市鼓楼区"))
        .await
        .unwrap();
    let (_, stored) = app.get_json(&format!("/api/organizations/{org}")).await;
    assert_eq!(stored["region"], "福建省福州市鼓楼区");
    assert_eq!(stored["uscc"], "91350100M000100Y43");

    // The assessment opens at its profile.
    browser.click(".new-assessment").await.unwrap();
    browser.click(".assessment-submit").await.unwrap();
    browser.find("#profile").await.unwrap();
    let url = browser.client.current_url().await.unwrap();
    let id: i64 = url
        .path()
        .split('/')
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no assessment id in {url}"));
    let (_, organizations) = app.get_json("/api/organizations").await;
    assert_eq!(organizations[0]["uscc"], "91350100M000100Y43");

    // The profile: three facts; the count of applicable questions is the server's.
    browser.click("#fact-important_data-0").await.unwrap();
    browser.click("#fact-pi_volume-2").await.unwrap();
    browser.click("#fact-sensitive_pi-1").await.unwrap();
    browser.wait_saved().await.unwrap();
    let (_, assessment) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(
        assessment["profile"],
        serde_json::json!({ "important_data": true, "pi_volume": "1m", "sensitive_pi": false })
    );
    let applicable = server_score(&app, id).await["overall"]["applicable"]
        .as_u64()
        .unwrap();
    let shown = browser.text_of("#applicable-count").await.unwrap();
    assert_eq!(shown, applicable.to_string());
    let switched_off = browser.text_of("#domains-off").await.unwrap();
    assert!(switched_off.contains("数据出境"), "{switched_off}");
    browser.js("window.scrollTo(0, 0)").await.unwrap();
    browser.screenshot("profile").await.unwrap();

    // The wizard: the first question by mouse.
    browser.click("#to-wizard").await.unwrap();
    let q1 = current_question(&browser).await;
    browser.click("#answer-1").await.unwrap();
    browser.wait_question_saved().await.unwrap();

    // Then by keyboard: j moves on, 2 and 3 answer, 4 asks for the reason.
    let q2 = next_by_keyboard(&browser, &q1).await;
    browser.press("2").await.unwrap();
    browser.wait_question_saved().await.unwrap();
    let q3 = next_by_keyboard(&browser, &q2).await;
    browser.press("3").await.unwrap();
    browser.wait_question_saved().await.unwrap();
    let q4 = next_by_keyboard(&browser, &q3).await;
    browser.press("4").await.unwrap();
    browser
        .wait_until(
            "the N/A reason has the focus",
            "return document.activeElement && document.activeElement.id === 'na-reason'",
        )
        .await
        .unwrap();
    browser
        .wait_for_attr("#question-save", "data-state", |s| s == "invalid")
        .await
        .unwrap();
    let reason = "本单位未向境外提供数据，见数据流向图";
    browser.fill("#na-reason", reason).await.unwrap();
    browser.wait_question_saved().await.unwrap();

    // A note: Escape leaves the reason field, n jumps to the note.
    browser.press("\u{E00C}").await.unwrap();
    browser.press("n").await.unwrap();
    browser
        .wait_until(
            "the note has the focus",
            "return document.activeElement && document.activeElement.id === 'note'",
        )
        .await
        .unwrap();
    let note = "数据流向图见共享盘 /制度/2026/数据流向.pdf";
    browser.fill("#note", note).await.unwrap();
    browser.wait_question_saved().await.unwrap();

    // ? lists the shortcuts; Escape closes the list.
    browser.press("\u{E00C}?").await.unwrap();
    let shortcuts = browser.text_of("#shortcuts-dialog").await.unwrap();
    assert!(shortcuts.contains("下一项"), "{shortcuts}");
    browser.press("\u{E00C}").await.unwrap();
    browser
        .wait_until(
            "the shortcut list is closed",
            "return !document.getElementById('shortcuts-dialog')",
        )
        .await
        .unwrap();

    // Evidence: upload a file, then download it through its link in the page.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("数据安全管理制度.txt");
    let content = "数据安全管理制度（2026 年修订）\n第一条 ……\n";
    std::fs::write(&file, content).unwrap();
    browser
        .find("#evidence-file")
        .await
        .unwrap()
        .send_keys(&file.to_string_lossy())
        .await
        .unwrap();
    let listed = browser
        .wait_for_text(".evidence-item .evidence-name", |t| {
            t == "数据安全管理制度.txt"
        })
        .await
        .unwrap();
    assert_eq!(listed, "数据安全管理制度.txt");
    let downloaded = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(document.querySelector('.evidence-item a').href)
               .then(r => r.text()).then(done, e => done('failed: ' + e));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(downloaded, Value::String(content.to_owned()));

    // A written piece of evidence; the letters typed are text, not shortcuts.
    let written = "制度文号 ZP-2026-01，见 OA 系统 jkn";
    browser.fill("#evidence-note", written).await.unwrap();
    browser.click("#evidence-note-add").await.unwrap();
    browser
        .wait_for_text(".evidence-item .evidence-name.note", |t| t == written)
        .await
        .unwrap();
    let still = browser.find("#question-card").await.unwrap();
    assert_eq!(
        still.attr("data-question").await.unwrap().as_deref(),
        Some(q4.as_str())
    );
    let empty = browser
        .find("#evidence-note")
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(empty.as_deref(), Some(""));

    assert_live_score_is_the_servers(&browser, &app, id).await;
    browser.js("window.scrollTo(0, 0)").await.unwrap();
    browser.screenshot("wizard").await.unwrap();

    // The server has every answer as given.
    let (_, assessment) = app.get_json(&format!("/api/assessments/{id}")).await;
    let answers = &assessment["answers"];
    assert_eq!(answers[&q1]["value"], "compliant");
    assert_eq!(answers[&q2]["value"], "partial");
    assert_eq!(answers[&q3]["value"], "non_compliant");
    assert_eq!(answers[&q4]["value"], "not_applicable");
    assert_eq!(answers[&q4]["na_reason"], reason);
    assert_eq!(answers[&q4]["note"], note);
    assert_eq!(answers[&q4]["updated_by"], "张三");
    let evidence = assessment["evidence"].as_array().unwrap();
    let kinds: Vec<&str> = evidence
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["file", "note"]);
    assert_eq!(evidence[1]["note"], written);
    assert_eq!(evidence[1]["question_id"], q4.as_str());
    let digest: String = <sha2::Sha256 as sha2::Digest>::digest(written.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(evidence[1]["sha256"], digest);

    // Reload: the page comes back on the same question with everything in place.
    browser.client.refresh().await.unwrap();
    browser
        .wait_for_attr("#question-card", "data-question", |q| q == q4)
        .await
        .unwrap();
    let pressed = browser.find("#answer-4").await.unwrap();
    assert_eq!(pressed.attr("aria-pressed").await.unwrap().unwrap(), "true");
    let shown_note = browser
        .find("#note")
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(shown_note.as_deref(), Some(note));
    let shown_reason = browser
        .find("#na-reason")
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(shown_reason.as_deref(), Some(reason));
    browser
        .wait_for_text(".evidence-item .evidence-name", |t| {
            t == "数据安全管理制度.txt"
        })
        .await
        .unwrap();
    browser
        .wait_for_text(".evidence-item .evidence-name.note", |t| t == written)
        .await
        .unwrap();
    for (question, button) in [(&q1, "#answer-1"), (&q2, "#answer-2"), (&q3, "#answer-3")] {
        browser
            .client
            .goto(&app.url(&format!("/assessments/{id}/wizard?q={question}&filter=all")))
            .await
            .unwrap();
        browser
            .wait_for_attr(button, "aria-pressed", |p| p == "true")
            .await
            .unwrap();
    }
    assert_live_score_is_the_servers(&browser, &app, id).await;

    // Results: the server's score, the same as the live one.
    browser.click("#tab-results").await.unwrap();
    browser
        .wait_for_text("#score-source", |t| t.contains("服务器"))
        .await
        .unwrap();
    let server = server_score(&app, id).await;
    let shown = browser
        .find("#result-score")
        .await
        .unwrap()
        .attr("data-score")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        shown.parse::<f64>().ok(),
        server["overall"]["score"].as_f64()
    );
    browser.find("#domain-chart").await.unwrap();
    browser.find("#instrument-chart").await.unwrap();
    let gaps = browser.text_of("#gap-list").await.unwrap();
    assert!(gaps.contains(&q2) && gaps.contains(&q3), "{gaps}");
    browser.js("window.scrollTo(0, 0)").await.unwrap();
    browser.screenshot("results").await.unwrap();

    // The start page lists the assessment with its score.
    browser.client.goto(&app.url("/")).await.unwrap();
    browser
        .wait_for_text(".assessment-table tbody tr", |t| t.contains("草稿"))
        .await
        .unwrap();
    browser.screenshot("home").await.unwrap();

    // Opening it again goes straight to the questions, the profile being filled in.
    browser.click(".assessment-link").await.unwrap();
    browser.find("#question-card").await.unwrap();
    let url = browser.client.current_url().await.unwrap();
    assert_eq!(url.path(), format!("/assessments/{id}/wizard"));

    browser.close().await.unwrap();
}

#[tokio::test]
async fn the_wizard_is_interactive_quickly_and_an_answer_is_saved_within_a_second() {
    let app = spawn_app().await;
    let assessment = app.create_assessment().await;
    let id = assessment["id"].as_i64().unwrap();
    let browser = Browser::start().await.expect("Chromium starts");
    browser.set_user_name(&app.url("/"), "张三").await.unwrap();

    // Navigation to an interactive wizard: the first answer button can be pressed.
    let url = app.url(&format!("/assessments/{id}/wizard"));
    let mut interactive = Vec::new();
    for _ in 0..3 {
        browser.client.goto(&app.url("/")).await.unwrap();
        browser.find("#home").await.unwrap();
        let started = Instant::now();
        browser.client.goto(&url).await.unwrap();
        browser
            .wait_until(
                "the first answer button is enabled",
                "const b = document.getElementById('answer-1'); return !!b && !b.disabled",
            )
            .await
            .unwrap();
        let page = browser
            .js("return performance.now()")
            .await
            .unwrap()
            .as_f64()
            .unwrap();
        interactive.push((started.elapsed(), page));
    }

    // An answer as the user sees it saved: click to the question's state reading "saved".
    let mut saves = Vec::new();
    for round in 0..6 {
        let button = if round % 2 == 0 {
            "answer-2"
        } else {
            "answer-1"
        };
        let ms = browser
            .client
            .execute_async(
                "const [button, done] = arguments;
                 const state = document.getElementById('question-save');
                 let left = false;
                 const t0 = performance.now();
                 const observer = new MutationObserver(() => {
                   if (state.dataset.state !== 'saved') { left = true; }
                   else if (left) { observer.disconnect(); done(performance.now() - t0); }
                 });
                 observer.observe(state, { attributes: true, attributeFilter: ['data-state'] });
                 document.getElementById(button).click();",
                vec![Value::String(button.to_owned())],
            )
            .await
            .unwrap()
            .as_f64()
            .unwrap();
        saves.push(ms);
    }
    saves.sort_by(f64::total_cmp);

    let (_, assessment) = app.get_json(&format!("/api/assessments/{id}")).await;
    let revisions = assessment["answers"]
        .as_object()
        .unwrap()
        .values()
        .map(|a| a["revision"].as_i64().unwrap())
        .max();
    assert_eq!(revisions, Some(6), "every click was saved: {assessment}");

    // The size of the front end as served, for the record (this build's profile: a debug server
    // embeds the quickly built wasm, a release server the size-optimised one).
    let html = app.get("/").await.text().await.unwrap();
    let wasm = html
        .split('"')
        .find(|part| part.starts_with("/pkg/") && part.ends_with(".wasm"))
        .unwrap()
        .to_owned();
    let mut sizes = Vec::new();
    for coding in ["identity", "gzip", "br"] {
        let response = app
            .http
            .get(app.url(&wasm))
            .header("accept-encoding", coding)
            .send()
            .await
            .unwrap();
        sizes.push(format!(
            "{coding} {} B",
            response.bytes().await.unwrap().len()
        ));
    }

    let report = format!(
        "navigation to an interactive wizard (test clock / page clock): {}\n\
         answer click to \"saved\" in the page, ms (sorted): {}\n\
         wasm as served: {}\n",
        interactive
            .iter()
            .map(|(wall, page)| format!("{} ms / {page:.0} ms", wall.as_millis()))
            .collect::<Vec<_>>()
            .join(", "),
        saves
            .iter()
            .map(|ms| format!("{ms:.1}"))
            .collect::<Vec<_>>()
            .join(", "),
        sizes.join(", "),
    );
    println!("{report}");
    let dir = ziping_tests::target_dir().join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("ui-timings.txt"), &report).unwrap();
    let slowest = interactive.iter().map(|(wall, _)| *wall).max().unwrap();
    assert!(slowest < Duration::from_secs(10), "{report}");
    assert!(saves[saves.len() / 2] < 1000.0, "{report}");

    browser.close().await.unwrap();
}

#[tokio::test]
async fn citations_open_their_article_and_filters_narrow_the_questions_walked() {
    let app = spawn_app().await;
    let assessment = app.create_assessment().await;
    let id = assessment["id"].as_i64().unwrap();
    let (_, score) = app.get_json(&format!("/api/assessments/{id}/score")).await;
    let applicable = score["overall"]["applicable"].as_u64().unwrap();
    let gaps: Vec<String> = score["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["question"].as_str().unwrap().to_owned())
        .collect();
    let (gap, met) = (&gaps[3], &gaps[5]);
    for (question, value) in [(gap, "non_compliant"), (met, "compliant")] {
        let (status, body) = app
            .save_answer(
                id,
                question,
                &serde_json::json!({ "value": value, "note": "", "revision": 0 }),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let (_, questionnaire) = app.get_json("/api/questionnaires/miit-data-security").await;
    let (_, catalog) = app.get_json("/api/regulations").await;
    let browser = Browser::start().await.expect("Chromium starts");
    browser.set_user_name(&app.url("/"), "张三").await.unwrap();

    // The gaps filter shows the one question below 符合.
    browser
        .client
        .goto(&app.url(&format!("/assessments/{id}/wizard?filter=gaps")))
        .await
        .unwrap();
    browser
        .wait_for_attr("#question-card", "data-question", |q| q == gap)
        .await
        .unwrap();
    assert_eq!(browser.text_of("#filter-gaps .count").await.unwrap(), "1");
    assert_eq!(
        browser.text_of("#question-position").await.unwrap(),
        "1 / 1"
    );

    // Its first citation opens the article: the catalog's summary, and the official text when
    // the catalog has it.
    let question = questionnaire["domains"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["questions"].as_array().unwrap())
        .find(|q| q["id"] == gap.as_str())
        .unwrap();
    let citation = &question["citations"][0];
    let article = catalog["instruments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == citation["instrument"])
        .and_then(|i| {
            i["articles"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["number"] == citation["article"])
        })
        .unwrap();
    browser.click(".question-card .citation").await.unwrap();
    let summary = browser.text_of("#citation-summary").await.unwrap();
    assert_eq!(summary, article["summary"]["zh"].as_str().unwrap());
    if let Some(official) = article["official_text"].as_str() {
        let shown = browser.text_of("#citation-official").await.unwrap();
        assert_eq!(shown.trim(), official.trim());
    }
    browser.screenshot("citation").await.unwrap();
    browser.press("\u{E00C}").await.unwrap();
    browser
        .wait_until(
            "the citation dialog is closed",
            "return !document.getElementById('citation-dialog')",
        )
        .await
        .unwrap();

    // Unanswered: every step forward lands on a question without an answer.
    browser.click("#filter-unanswered").await.unwrap();
    assert_eq!(
        browser.text_of("#filter-unanswered .count").await.unwrap(),
        (applicable - 2).to_string()
    );
    let mut seen = Vec::new();
    for _ in 0..6 {
        let current = browser
            .find("#question-card")
            .await
            .unwrap()
            .attr("data-question")
            .await
            .unwrap()
            .unwrap();
        assert!(current != *gap && current != *met, "{current} is answered");
        assert!(!seen.contains(&current), "{current} came back");
        seen.push(current.clone());
        browser.press("j").await.unwrap();
        browser
            .wait_for_attr("#question-card", "data-question", |q| q != current)
            .await
            .unwrap();
    }

    // Critical: only critical questions.
    browser.click("#filter-critical").await.unwrap();
    for _ in 0..3 {
        let critical = browser.text_of(".question-meta .badge.critical").await;
        assert!(critical.is_ok(), "a non-critical question under the filter");
        let current = browser
            .find("#question-card")
            .await
            .unwrap()
            .attr("data-question")
            .await
            .unwrap()
            .unwrap();
        browser.press("j").await.unwrap();
        browser
            .wait_for_attr("#question-card", "data-question", |q| q != current)
            .await
            .unwrap();
    }

    browser.close().await.unwrap();
}
