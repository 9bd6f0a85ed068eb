//! Files in and out: the answers and the gap and remediation plan as XLSX and CSV, the fill-in
//! workbook, and its upload (every kind of bad row, a conflict, a valid file). Each file is read
//! back with independent readers: calamine for cells, the zip archive's XML for the drop-down,
//! the protection and the frozen header, the csv crate for CSV.

use std::io::{Cursor, Read};

use serde_json::{Value, json};
use ziping_tests::{TestApp, USER, edited, sheets, spawn_app};

fn sheet<'a>(all: &'a [(String, Vec<Vec<String>>)], name: &str) -> &'a [Vec<String>] {
    &all.iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
        .1
}

/// The XML of one part of an XLSX file.
fn part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// An assessment whose profile makes every question of 组织与责任 apply (and 数据出境 not), with
/// GOV-01 and GOV-02 answered.
async fn assessment(app: &TestApp) -> i64 {
    let id = app.create_assessment().await["id"].as_i64().unwrap();
    let (status, body) = app
        .set_profile(id, &json!({ "important_data": true }), 0)
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app
        .save_answer(
            id,
            "GOV-01",
            &json!({ "value": "compliant", "note": "任命文件, 见 \"附件一\"\n第二行", "revision": 0 }),
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

async fn download(app: &TestApp, path: &str) -> (String, Vec<u8>) {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    let disposition = response
        .headers()
        .get("content-disposition")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    let media = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    (media, response.bytes().await.unwrap().to_vec())
}

async fn upload(
    app: &TestApp,
    id: i64,
    action: &str,
    bytes: Vec<u8>,
) -> (reqwest::StatusCode, Value) {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name("workbook.xlsx"),
    );
    app.send(
        app.as_user(
            reqwest::Method::POST,
            &format!("/api/assessments/{id}/workbook/{action}"),
        )
        .multipart(form),
    )
    .await
}

#[tokio::test]
async fn the_answers_export_reads_back_in_xlsx_and_csv_with_chinese_or_english_headers() {
    let app = spawn_app().await;
    let id = assessment(&app).await;

    let (media, xlsx) = download(&app, &format!("/api/assessments/{id}/export/answers.xlsx")).await;
    assert!(media.contains("spreadsheetml"), "{media}");
    let all = sheets(&xlsx);
    let rows = sheet(&all, "答案");
    assert_eq!(rows[0][0], "评估项编号");
    assert_eq!(rows[0][6], "答案");
    let gov01 = rows.iter().find(|r| r[0] == "GOV-01").unwrap();
    assert_eq!(gov01[1], "组织与责任");
    assert_eq!(gov01[6], "符合");
    assert_eq!(gov01[8], "任命文件, 见 \"附件一\"\n第二行");
    assert_eq!(gov01[9], "1");
    assert_eq!(gov01[10], USER);
    let xml = part(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(xml.contains("<autoFilter"), "no filter");
    assert!(
        xml.contains(r#"ySplit="1""#) && xml.contains(r#"state="frozen""#),
        "header not frozen"
    );
    assert!(xml.contains("<col "), "no column widths");

    let (media, csv) = download(
        &app,
        &format!("/api/assessments/{id}/export/answers.csv?lang=en"),
    )
    .await;
    assert!(media.starts_with("text/csv"), "{media}");
    assert_eq!(&csv[..3], b"\xEF\xBB\xBF", "no byte order mark");
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "Question");
    assert_eq!(&headers[6], "Answer");
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let gov01 = records.iter().find(|r| &r[0] == "GOV-01").unwrap();
    assert_eq!(&gov01[1], "Organization and accountability");
    assert_eq!(&gov01[6], "Compliant");
    assert_eq!(&gov01[8], "任命文件, 见 \"附件一\"\n第二行");
    assert!(
        records.len() > 100,
        "every question is a row: {}",
        records.len()
    );
}

#[tokio::test]
async fn the_remediation_export_lists_gaps_by_priority_with_their_plan() {
    let app = spawn_app().await;
    let id = assessment(&app).await;
    let (status, body) = app
        .put_json(
            &format!("/api/assessments/{id}/remediation/GOV-02"),
            &json!({ "owner": "李四", "due_date": "2026-06-30", "status": "in_progress", "comment": "制度起草中，预计六月发布" }),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    let (_, xlsx) = download(
        &app,
        &format!("/api/assessments/{id}/export/remediation.xlsx"),
    )
    .await;
    let all = sheets(&xlsx);
    let rows = sheet(&all, "差距与整改");
    assert_eq!(
        rows[0],
        [
            "评估项编号",
            "领域",
            "评估项",
            "优先级",
            "优先级分值",
            "答案",
            "依据",
            "责任人",
            "完成期限",
            "整改状态",
            "说明"
        ]
    );
    assert!(
        rows.iter().all(|r| r[0] != "GOV-01"),
        "a compliant answer is no gap"
    );
    let gov02 = rows.iter().find(|r| r[0] == "GOV-02").unwrap();
    assert_eq!(gov02[5], "不符合");
    assert_eq!(gov02[7], "李四");
    assert_eq!(gov02[8], "2026-06-30");
    assert_eq!(gov02[9], "整改中");
    assert_eq!(gov02[10], "制度起草中，预计六月发布");
    let priorities: Vec<f64> = rows[1..].iter().map(|r| r[4].parse().unwrap()).collect();
    assert!(
        priorities.windows(2).all(|w| w[0] >= w[1]),
        "{priorities:?}"
    );
    let unanswered = rows.iter().find(|r| r[5] == "未作答");
    assert!(unanswered.is_some(), "unanswered questions are gaps too");

    let (_, csv) = download(
        &app,
        &format!("/api/assessments/{id}/export/remediation.csv?lang=en"),
    )
    .await;
    assert_eq!(&csv[..3], b"\xEF\xBB\xBF");
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    assert_eq!(&reader.headers().unwrap()[9], "Status");
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let gov02 = records.iter().find(|r| &r[0] == "GOV-02").unwrap();
    assert_eq!(&gov02[9], "In progress");
    assert_eq!(&gov02[3], "High");
    assert_eq!(records.len(), rows.len() - 1);
}

#[tokio::test]
async fn an_export_of_an_unknown_assessment_or_language_is_refused() {
    let app = spawn_app().await;
    let id = assessment(&app).await;
    let (status, body) = app
        .get_json("/api/assessments/999/export/answers.xlsx")
        .await;
    assert_eq!(status, 404, "{body}");
    let (status, body) = app
        .get_json(&format!("/api/assessments/{id}/export/answers.csv?lang=fr"))
        .await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = app
        .get_json(&format!("/api/assessments/{id}/workbook.xlsx?domain=nope"))
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"]["code"], "unknown_domain");
}

#[tokio::test]
async fn the_fill_in_workbook_has_a_protected_sheet_per_domain_with_a_drop_down() {
    let app = spawn_app().await;
    let id = assessment(&app).await;

    let (_, xlsx) = download(&app, &format!("/api/assessments/{id}/workbook.xlsx")).await;
    let all = sheets(&xlsx);
    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.len(), 14, "{names:?}");
    assert_eq!(names[0], "组织与责任");
    assert_eq!(names[13], "_ziping");
    assert!(names.iter().all(|n| n.chars().count() <= 31), "{names:?}");
    let gov = sheet(&all, "组织与责任");
    assert_eq!(
        gov[0][..8],
        [
            "评估项编号",
            "领域",
            "评估项",
            "适用性",
            "简要指引",
            "答案",
            "不适用理由",
            "备注"
        ]
    );
    assert_eq!(gov[1][0], "GOV-01");
    assert!(gov[1][2].contains("数据安全负责人"), "{}", gov[1][2]);
    assert_eq!(gov[1][3], "适用");
    assert!(!gov[1][4].is_empty(), "guidance");
    assert_eq!(gov[1][5], "符合");
    assert_eq!(gov[1][7], "任命文件, 见 \"附件一\"\n第二行");
    // The hidden columns: the answer as downloaded and its revision.
    assert_eq!(gov[1][8], "compliant");
    assert_eq!(gov[1][9], "1");
    assert_eq!(gov[3][5], "", "GOV-03 is unanswered");
    assert_eq!(gov[3][9], "0");
    let xb = sheet(&all, "数据出境");
    assert!(xb[1][3].starts_with("不适用于本单位画像"), "{}", xb[1][3]);

    let xml = part(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains("<sheetProtection"),
        "the sheet is not protected"
    );
    assert!(
        xml.contains(r#"<dataValidation type="list""#)
            && xml.contains("符合,部分符合,不符合,不适用"),
        "no drop-down of the four answers"
    );
    assert!(xml.contains(r#"hidden="1""#), "no hidden columns");
    assert!(xml.contains(r#"state="frozen""#), "header not frozen");
    let styles = part(&xlsx, "xl/styles.xml");
    assert!(styles.contains(r#"locked="0""#), "no editable cells");
    let workbook_xml = part(&xlsx, "xl/workbook.xml");
    let meta = workbook_xml
        .split("<sheet ")
        .find(|s| s.contains(r#"name="_ziping""#))
        .unwrap();
    assert!(meta.contains(r#"state="hidden""#), "{meta}");

    let (_, english) = download(
        &app,
        &format!("/api/assessments/{id}/workbook.xlsx?lang=en&domain=gov"),
    )
    .await;
    let all = sheets(&english);
    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Organization and accountability", "_ziping"]);
    let rows = sheet(&all, "Organization and accountability");
    assert_eq!(rows[0][5], "Answer");
    assert_eq!(rows[1][5], "Compliant");
    assert_eq!(
        rows.len(),
        11,
        "the ten questions of the domain and the header"
    );
    let xml = part(&english, "xl/worksheets/sheet1.xml");
    assert!(xml.contains("Compliant,Partially compliant,Non-compliant,Not applicable"));
}

#[tokio::test]
async fn every_kind_of_bad_row_is_named_by_sheet_and_cell_and_nothing_is_applied() {
    let app = spawn_app().await;
    let id = assessment(&app).await;
    let (_, xlsx) = download(&app, &format!("/api/assessments/{id}/workbook.xlsx")).await;
    let (_, before) = app.get_json(&format!("/api/assessments/{id}")).await;
    let long = "长".repeat(10_001);
    let bad = edited(
        &xlsx,
        &[
            ("组织与责任", 3, 5, "是"),       // GOV-03: not an answer
            ("组织与责任", 4, 5, "不适用"),   // GOV-04: N/A without a reason
            ("组织与责任", 5, 5, "部分符合"), // GOV-05: a note too long
            ("组织与责任", 5, 7, &long),
            ("组织与责任", 6, 0, "GOV-99"), // unknown question
            ("组织与责任", 6, 5, "符合"),
            ("数据出境", 1, 5, "符合"), // XB-01 does not apply to the profile
            ("组织与责任", 2, 5, "部分符合"), // GOV-02: a valid change
        ],
    );

    let (status, plan) = upload(&app, id, "preview", bad.clone()).await;
    assert_eq!(status, 200, "{plan}");
    assert_eq!(plan["valid"], false);
    let errors: Vec<(&str, &str)> = plan["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["cell"].as_str().unwrap(), e["message"].as_str().unwrap()))
        .collect();
    let message = |cell: &str| {
        errors
            .iter()
            .find(|(c, _)| *c == cell)
            .unwrap_or_else(|| panic!("no error at {cell}: {errors:?}"))
            .1
    };
    assert_eq!(
        message("组织与责任!F4"),
        "组织与责任!F4: “是”不是可选答案；请使用 符合、部分符合、不符合、不适用。"
    );
    assert!(message("组织与责任!G5").contains("理由"));
    assert!(message("组织与责任!H6").contains("10001"));
    assert!(message("组织与责任!A7").contains("GOV-99"));
    assert!(message("数据出境!F2").contains("不适用于本单位画像"));
    assert_eq!(errors.len(), 5, "{errors:?}");
    assert_eq!(plan["changes"].as_array().unwrap().len(), 1, "{plan}");
    assert_eq!(plan["changes"][0]["question_id"], "GOV-02");

    // The same errors in English, with the workbook's own answers listed.
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bad.clone()).file_name("w.xlsx"),
    );
    let (_, english) = app
        .send(
            app.as_user(
                reqwest::Method::POST,
                &format!("/api/assessments/{id}/workbook/preview?lang=en"),
            )
            .multipart(form),
        )
        .await;
    let first = english["errors"][0]["message"].as_str().unwrap();
    assert_eq!(
        first,
        "组织与责任!F4: \"是\" is not an answer; use 符合, 部分符合, 不符合 or 不适用."
    );

    let (status, body) = upload(&app, id, "apply", bad).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "invalid_workbook");
    assert_eq!(body["error"]["current"].as_array().unwrap().len(), 5);
    let (_, after) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(after, before, "a refused file changes nothing");

    // A moved header, a deleted sheet, a file that is no workbook, another assessment's file.
    let header = edited(&xlsx, &[("组织与责任", 0, 5, "结论")]);
    let (_, plan) = upload(&app, id, "preview", header).await;
    assert!(
        plan["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("组织与责任!F1: 表头应为“答案”"),
        "{plan}"
    );
    let (status, body) = upload(&app, id, "preview", b"PK\x03\x04 not really".to_vec()).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "invalid_workbook");
    let other = assessment(&app).await;
    let (status, body) = upload(&app, other, "preview", xlsx.clone()).await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains(&format!("评估 {id}")),
        "{body}"
    );
    let mut without = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets(&xlsx).into_iter().filter(|(n, _)| n != "数据出境") {
        let worksheet = without.add_worksheet();
        worksheet.set_name(&name).unwrap();
        for (r, cells) in rows.iter().enumerate() {
            for (c, text) in cells.iter().enumerate() {
                worksheet.write_string(r as u32, c as u16, text).unwrap();
            }
        }
    }
    let (_, plan) = upload(&app, id, "preview", without.save_to_buffer().unwrap()).await;
    assert!(
        plan["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("工作表“数据出境”不见了"),
        "{plan}"
    );
}

#[tokio::test]
async fn a_row_also_changed_in_ziping_is_a_conflict_shown_with_both_values() {
    let app = spawn_app().await;
    let id = assessment(&app).await;
    let (_, xlsx) = download(&app, &format!("/api/assessments/{id}/workbook.xlsx")).await;
    // Someone changes GOV-02 in Ziping after the download; the file changes it too.
    let (status, body) = app
        .save_answer(
            id,
            "GOV-02",
            &json!({ "value": "partial", "note": "已起草", "revision": 1 }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    // A row left as downloaded is no conflict, though Ziping changed GOV-02 meanwhile.
    let file = edited(
        &xlsx,
        &[("组织与责任", 2, 5, "符合"), ("组织与责任", 3, 5, "不符合")],
    );

    let (status, plan) = upload(&app, id, "preview", file.clone()).await;
    assert_eq!(status, 200, "{plan}");
    assert_eq!(plan["valid"], true);
    let conflicts = plan["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{plan}");
    assert_eq!(conflicts[0]["cell"], "组织与责任!F3");
    assert_eq!(conflicts[0]["downloaded_revision"], 1);
    assert_eq!(conflicts[0]["current"]["value"], "partial");
    assert_eq!(conflicts[0]["current"]["revision"], 2);
    assert_eq!(conflicts[0]["file"]["value"], "compliant");
    assert_eq!(plan["changes"].as_array().unwrap().len(), 1);
    assert_eq!(plan["changes"][0]["question_id"], "GOV-03");

    let (status, body) = upload(&app, id, "apply", file.clone()).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "workbook_conflicts");
    let (_, now) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(now["answers"]["GOV-02"]["value"], "partial");
    assert!(now["answers"]["GOV-03"].is_null(), "nothing applied");

    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(file).file_name("w.xlsx"),
    );
    let (status, applied) = app
        .send(
            app.as_user(
                reqwest::Method::POST,
                &format!("/api/assessments/{id}/workbook/apply?overwrite_conflicts=true"),
            )
            .multipart(form),
        )
        .await;
    assert_eq!(status, 200, "{applied}");
    assert_eq!(applied["overwritten"], 1);
    let (_, now) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(now["answers"]["GOV-02"]["value"], "compliant");
    assert_eq!(now["answers"]["GOV-02"]["revision"], 3);
    assert_eq!(now["answers"]["GOV-03"]["value"], "non_compliant");
}

#[tokio::test]
async fn a_valid_workbook_applies_through_the_save_path_all_at_once() {
    let app = spawn_app().await;
    let earlier = assessment(&app).await;
    let (status, body) = app.set_status(earlier, "submitted", None).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app.set_status(earlier, "approved", None).await;
    assert_eq!(status, 200, "{body}");
    // An approved assessment takes no workbook.
    let (_, old) = download(&app, &format!("/api/assessments/{earlier}/workbook.xlsx")).await;
    let (status, body) = upload(&app, earlier, "apply", old).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "read_only");

    let (_, whole) = app.get_json(&format!("/api/assessments/{earlier}")).await;
    let (status, next) = app
        .post_json(
            "/api/assessments",
            &json!({
                "organization_id": whole["organization"]["id"],
                "questionnaire_id": ziping_tests::QUESTIONNAIRE,
                "cycle": "2027 年度",
                "carry_from": earlier,
            }),
        )
        .await;
    assert_eq!(status, 201, "{next}");
    let id = next["id"].as_i64().unwrap();
    assert_eq!(next["answers"]["GOV-01"]["carried"], true);
    let (_, xlsx) = download(&app, &format!("/api/assessments/{id}/workbook.xlsx")).await;
    let file = edited(
        &xlsx,
        &[
            ("组织与责任", 1, 5, "部分符合"),
            ("组织与责任", 1, 7, "任命文件待更新"),
            ("组织与责任", 3, 5, "不适用"),
            ("组织与责任", 3, 6, "本单位不处理重要数据之外的数据"),
        ],
    );
    let (_, events_before) = app.get_json(&format!("/api/assessments/{id}/audit")).await;

    let (status, plan) = upload(&app, id, "preview", file.clone()).await;
    assert_eq!(status, 200, "{plan}");
    assert_eq!(plan["valid"], true);
    assert_eq!(plan["changes"].as_array().unwrap().len(), 2, "{plan}");
    assert_eq!(plan["changes"][0]["before"]["value"], "compliant");
    assert_eq!(plan["changes"][0]["after"]["value"], "partial");
    let (_, unchanged) = app.get_json(&format!("/api/assessments/{id}")).await;
    assert_eq!(
        unchanged["answers"]["GOV-01"]["value"], "compliant",
        "a preview changes nothing"
    );

    let (status, applied) = upload(&app, id, "apply", file).await;
    assert_eq!(status, 200, "{applied}");
    assert_eq!(applied["saved"].as_array().unwrap().len(), 2);
    let (_, now) = app.get_json(&format!("/api/assessments/{id}")).await;
    let gov01 = &now["answers"]["GOV-01"];
    assert_eq!(gov01["value"], "partial");
    assert_eq!(gov01["note"], "任命文件待更新");
    assert_eq!(gov01["revision"], 2);
    assert_eq!(gov01["carried"], false);
    assert_eq!(gov01["updated_by"], USER);
    let gov03 = &now["answers"]["GOV-03"];
    assert_eq!(gov03["value"], "not_applicable");
    assert_eq!(gov03["na_reason"], "本单位不处理重要数据之外的数据");
    assert_eq!(gov03["revision"], 1);
    // GOV-02 was left as it was: still carried over.
    assert_eq!(now["answers"]["GOV-02"]["carried"], true);
    let (_, events) = app.get_json(&format!("/api/assessments/{id}/audit")).await;
    let new: Vec<&Value> = events.as_array().unwrap()[events_before.as_array().unwrap().len()..]
        .iter()
        .collect();
    assert_eq!(new.len(), 2, "{events}");
    for event in new {
        assert_eq!(event["actor"], USER);
        assert_eq!(event["entity"], "answer");
    }
    let (_, verified) = app.get_json("/api/audit/verify").await;
    assert_eq!(verified["ok"], true, "{verified}");
}
