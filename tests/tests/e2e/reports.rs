//! The readiness report over HTTP and from the command line: real PDFs, read back with
//! poppler, and the Word document, read back with quick-xml; the same data gives the same bytes;
//! an approved report is recorded in the audit log.

use std::process::Command;

use serde_json::json;
use ziping_tests::{TestApp, spawn_app};

/// Text of a PDF, extracted by `pdftotext` (poppler-utils).
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (apt-get install poppler-utils)");
    assert!(output.status.success(), "pdftotext failed on the report");
    String::from_utf8(output.stdout).unwrap()
}

async fn report(app: &TestApp, assessment: i64, lang: &str) -> reqwest::Response {
    app.get(&format!(
        "/api/assessments/{assessment}/report.pdf?lang={lang}"
    ))
    .await
}

/// An assessment with a profile, two answers and a note.
async fn answered_assessment(app: &TestApp) -> i64 {
    let assessment = app.create_assessment().await;
    let id = assessment["id"].as_i64().unwrap();
    let (status, body) = app
        .save_answer(
            id,
            "GOV-01",
            &json!({ "value": "compliant", "note": "任命文件见附件", "revision": 0 }),
        )
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

#[tokio::test]
async fn the_report_is_a_searchable_pdf_in_the_language_asked_for() {
    let app = spawn_app().await;
    let id = answered_assessment(&app).await;

    let zh = report(&app, id, "zh-CN").await;
    assert_eq!(zh.status(), 200);
    assert_eq!(zh.headers()["content-type"], "application/pdf");
    let zh = zh.bytes().await.unwrap();
    assert!(zh.starts_with(b"%PDF-"));
    let text = pdf_text(&zh);
    assert!(text.contains("示例科技有限公司"), "{text}");
    assert!(
        text.contains("草稿 / DRAFT"),
        "a draft must say so:\n{text}"
    );
    assert!(text.contains("GOV-02"), "{text}");

    let en = report(&app, id, "en").await.bytes().await.unwrap();
    let text = pdf_text(&en);
    assert!(text.contains("Executive summary"), "{text}");
}

#[tokio::test]
async fn the_methodology_names_the_questionnaire_version_and_how_current_each_instrument_is() {
    let app = spawn_app().await;
    let id = answered_assessment(&app).await;
    let (_, assessment) = app.get_json(&format!("/api/assessments/{id}")).await;
    let version = assessment["questionnaire_version"]
        .as_str()
        .unwrap()
        .to_owned();
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();

    let zh = report(&app, id, "zh-CN").await.bytes().await.unwrap();
    let text = squeeze(&pdf_text(&zh));
    let method = &text[text.rfind("六、评估方法").expect("the methodology section")..];
    assert!(
        method.contains(&format!("问卷版本{version}依据各文件")),
        "{method}"
    );
    assert!(method.contains("现行文本施行日期"), "{method}");
    // The CSL as amended in 2025, in force from 2026-01-01: the text the bundled questions cite.
    assert!(method.contains("中华人民共和国网络安全法"), "{method}");
    assert!(method.contains("2026-01-01"), "{method}");
    assert!(method.contains("2025年10月28日修正"), "{method}");

    let en = report(&app, id, "en").await.bytes().await.unwrap();
    let text = squeeze(&pdf_text(&en));
    let method = &text[text
        .rfind("6.Methodology")
        .expect("the methodology section")..];
    assert!(
        method.contains(&format!("Questionnaireversion{version}follows")),
        "{method}"
    );
    // The table is read row by row, so a label wrapped in its cell may have a neighbour's text
    // inside it: look for its start only.
    assert!(method.contains("amendedon28"), "{method}");
}

#[tokio::test]
async fn the_same_data_gives_the_same_bytes_and_a_change_gives_others() {
    let app = spawn_app().await;
    let id = answered_assessment(&app).await;

    let first = report(&app, id, "zh-CN").await.bytes().await.unwrap();
    let second = report(&app, id, "zh-CN").await.bytes().await.unwrap();
    assert_eq!(first, second);

    let (_, assessment) = app.get_json(&format!("/api/assessments/{id}")).await;
    let revision = assessment["answers"]["GOV-02"]["revision"]
        .as_i64()
        .unwrap();
    let (status, _) = app
        .save_answer(
            id,
            "GOV-02",
            &json!({ "value": "partial", "note": "", "revision": revision }),
        )
        .await;
    assert_eq!(status, 200);
    let third = report(&app, id, "zh-CN").await.bytes().await.unwrap();
    assert_ne!(first, third);
}

#[tokio::test]
async fn an_approved_report_loses_the_draft_mark_and_downloading_it_writes_nothing() {
    let app = spawn_app().await;
    let id = answered_assessment(&app).await;
    for to in ["submitted", "approved"] {
        let (status, body) = app.set_status(id, to, None).await;
        assert_eq!(status, 200, "{body}");
    }

    let response = report(&app, id, "zh-CN").await;
    assert_eq!(response.status(), 200);
    let pdf = response.bytes().await.unwrap();

    assert!(!pdf_text(&pdf).contains("DRAFT"));
    let (_, events) = app.get_json(&format!("/api/assessments/{id}/audit")).await;
    let events = events.as_array().unwrap();
    assert!(
        events.iter().all(|e| e["entity"] != "report"),
        "a download is not an event: {events:?}"
    );
    let approval = events
        .iter()
        .find(|e| e["after"]["status"] == "approved")
        .expect("the approval in the audit log");
    assert!(
        approval["after"]["record"].is_object(),
        "the approval keeps what the report of record prints: {approval}"
    );
    let (_, verification) = app.get_json("/api/audit/verify").await;
    assert_eq!(verification["ok"], true, "{verification}");
}

#[tokio::test]
async fn the_report_of_record_keeps_what_was_true_at_approval() {
    let app = spawn_app().await;
    let id = answered_assessment(&app).await;
    for to in ["submitted", "approved"] {
        let (status, body) = app.set_status(id, to, None).await;
        assert_eq!(status, 200, "{body}");
    }
    let approved = report(&app, id, "zh-CN").await.bytes().await.unwrap();
    let (_, events) = app.get_json(&format!("/api/assessments/{id}/audit")).await;
    let approval = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "approve")
        .unwrap();
    assert_eq!(
        approval["after"]["record"]["organization"]["name"],
        "示例科技有限公司"
    );

    // The organization is renamed and a later cycle is started: the approved report stays the
    // same, byte for byte; the new cycle's report prints the new name.
    let (_, assessment) = app.get_json(&format!("/api/assessments/{id}")).await;
    let organization = &assessment["organization"];
    let (status, body) = app
        .put_json(
            &format!("/api/organizations/{}", organization["id"]),
            &json!({ "name": "示例科技集团有限公司", "uscc": organization["uscc"],
                     "industry": organization["industry"], "region": organization["region"] }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, next) = app
        .post_json(
            "/api/assessments",
            &json!({ "organization_id": organization["id"], "questionnaire_id": "miit-data-security",
                     "cycle": "2027 年度", "carry_from": id }),
        )
        .await;
    assert_eq!(status, 201, "{next}");
    let again = report(&app, id, "zh-CN").await.bytes().await.unwrap();
    assert!(again == approved, "the approved report changed");
    let next_pdf = report(&app, next["id"].as_i64().unwrap(), "zh-CN")
        .await
        .bytes()
        .await
        .unwrap();
    let next_text = pdf_text(&next_pdf);
    assert!(next_text.contains("示例科技集团有限公司"), "{next_text}");
    let squeezed = next_text.replace(char::is_whitespace, "");
    assert!(
        squeezed.contains("在2026年度评估的基础上开展"),
        "the cover names the cycle carried from: {next_text}"
    );

    // Reopened, the assessment is a draft again and its report shows the data as it is now.
    let (status, body) = app.set_status(id, "draft", Some("更正单位名称")).await;
    assert_eq!(status, 200, "{body}");
    let reopened = pdf_text(&report(&app, id, "zh-CN").await.bytes().await.unwrap());
    assert!(reopened.contains("示例科技集团有限公司"), "{reopened}");
    assert!(reopened.contains("DRAFT"));
}

#[tokio::test]
async fn a_report_of_an_unknown_assessment_or_language_is_refused_clearly() {
    let app = spawn_app().await;
    let id = answered_assessment(&app).await;

    let (status, body) = app.get_json("/api/assessments/9999/report.pdf").await;
    assert_eq!(status, 404, "{body}");

    let (status, body) = app
        .get_json(&format!("/api/assessments/{id}/report.pdf?lang=fr"))
        .await;
    assert_eq!(status, 400);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("lang=fr"),
        "{body}"
    );
}

#[tokio::test]
async fn ziping_report_writes_the_same_pdf_as_the_api() {
    let app = spawn_app().await;
    let id = answered_assessment(&app).await;
    let from_api = report(&app, id, "en").await.bytes().await.unwrap();
    let out = app.data_dir.path().join("report-en.pdf");
    let args = [
        "ziping",
        "report",
        "--assessment",
        &id.to_string(),
        "--lang",
        "en",
        "--out",
        out.to_str().unwrap(),
        "--data-dir",
        app.data_dir.path().to_str().unwrap(),
    ];
    let cli = <ziping::config::Cli as clap::Parser>::parse_from(args);

    let code = tokio::task::spawn_blocking(move || ziping::cli::run(cli))
        .await
        .unwrap()
        .expect("ziping report succeeds");

    assert_eq!(code, std::process::ExitCode::SUCCESS);
    assert_eq!(std::fs::read(&out).unwrap(), from_api.to_vec());
}

/// `pdffonts` of a PDF: one row per font (name, type, encoding, emb, sub, uni, object, id).
fn pdf_fonts(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = Command::new("pdffonts")
        .arg(&path)
        .output()
        .expect("pdffonts (apt-get install poppler-utils)");
    assert!(output.status.success(), "pdffonts failed on the report");
    String::from_utf8(output.stdout).unwrap()
}

#[tokio::test]
async fn with_no_system_font_the_report_uses_the_face_built_into_the_binary() {
    let no_fonts = tempfile::tempdir().unwrap();
    let fonts_dir = no_fonts.path().to_owned();
    let app = ziping_tests::spawn_app_with(tempfile::tempdir().unwrap(), move |config| {
        config.fonts.font_dirs = vec![fonts_dir];
    })
    .await;
    let id = answered_assessment(&app).await;

    for (lang, expected) in [("zh-CN", "执行摘要"), ("en", "Executive summary")] {
        let response = report(&app, id, lang).await;
        assert_eq!(response.status(), 200, "{lang}");
        let pdf = response.bytes().await.unwrap();

        assert!(pdf_text(&pdf).contains(expected), "{lang}");
        let fonts = pdf_fonts(&pdf);
        let rows: Vec<Vec<&str>> = fonts
            .lines()
            .skip(2)
            .map(|row| row.split_whitespace().collect())
            .collect();
        assert_eq!(rows.len(), 1, "one font in the {lang} report:\n{fonts}");
        let row = &rows[0];
        assert!(
            row[0].ends_with("+NotoSansCJKsc-Regular"),
            "a subset of the built-in face: {fonts}"
        );
        // emb, sub, uni: embedded, a subset, with a ToUnicode map (searchable text).
        assert_eq!(
            &row[row.len() - 5..row.len() - 2],
            ["yes", "yes", "yes"],
            "{fonts}"
        );
    }
}

/// The paragraphs of a Word document's body, each with its style, read with quick-xml.
fn docx_paragraphs(docx: &[u8]) -> Vec<(String, String)> {
    use std::io::Read;

    use quick_xml::events::Event;

    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip package");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("word/document.xml")
        .read_to_string(&mut xml)
        .unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut paragraphs = Vec::new();
    let (mut style, mut text, mut in_text) = (String::new(), String::new(), false);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "w:pStyle" => {
                if let Some(v) = e.try_get_attribute("w:val").unwrap() {
                    style = v
                        .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                        .unwrap()
                        .into_owned();
                }
            }
            Event::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_text = false,
            Event::Text(t) if in_text => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                let s = match r.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                        .unwrap()
                        .to_owned(),
                };
                text.push_str(&s);
            }
            Event::End(e) if e.name().as_ref() == "w:p" => {
                paragraphs.push((std::mem::take(&mut style), std::mem::take(&mut text)));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    paragraphs
}

#[tokio::test]
async fn the_word_report_from_the_server_has_the_sections_and_the_score_of_the_api() {
    let app = spawn_app().await;
    let id = answered_assessment(&app).await;
    let score: serde_json::Value = app
        .get(&format!("/api/assessments/{id}/score"))
        .await
        .json()
        .await
        .unwrap();
    let overall = questionnaires::score::display_score(
        score["overall"]["score"].as_f64(),
        questionnaires::Lang::Zh,
    );

    let response = app
        .get(&format!("/api/assessments/{id}/report.docx?lang=zh-CN"))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    let docx = response.bytes().await.unwrap();
    let paragraphs = docx_paragraphs(&docx);
    let headings: Vec<&str> = paragraphs
        .iter()
        .filter(|(style, _)| style == "Heading1")
        .map(|(_, text)| text.as_str())
        .collect();
    assert!(headings.len() >= 5, "{headings:?}");
    assert!(
        headings.iter().any(|h| h.contains("执行摘要")),
        "{headings:?}"
    );
    let all: String = paragraphs.iter().map(|(_, t)| t.as_str()).collect();
    assert!(all.contains("示例科技有限公司"), "{all}");
    assert!(all.contains("GOV-02"), "{all}");
    assert!(
        all.contains(&overall),
        "overall score {overall} not in the document"
    );

    // The same data gives the same bytes; an unknown language or assessment is refused.
    let again = app
        .get(&format!("/api/assessments/{id}/report.docx?lang=zh-CN"))
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(docx, again);
    let bad = app
        .get(&format!("/api/assessments/{id}/report.docx?lang=fr"))
        .await;
    assert_eq!(bad.status(), 400);
    let missing = app.get("/api/assessments/999999/report.docx").await;
    assert_eq!(missing.status(), 404);
}
