//! The Word report read back: the package unzipped with `zip`, its XML parsed with quick-xml
//! (independent of the writer), and checked for the sections as Word headings, the scores of
//! `questionnaires::score`, the tables with their header rows, the citations, the East Asian
//! font, the running header and footer, and identical bytes for the same input.

#![allow(clippy::unwrap_used)]

mod common;

use std::io::{Cursor, Read};

use common::{fixture, options, qid};
use questionnaires::Lang;
use questionnaires::score::{display, display_score};
use quick_xml::events::Event;
use ziping_report::{AssessmentStatus, ReportInput, docx, report_id};

/// What a reader of `word/document.xml` sees: paragraphs with their style, and tables.
#[derive(Debug)]
enum Part {
    Paragraph { style: String, text: String },
    Table(Vec<TableRow>),
}

#[derive(Debug)]
struct TableRow {
    header: bool,
    cells: Vec<String>,
}

/// The package's parts by name.
fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let name = file.name().unwrap().into_owned();
            assert_eq!(
                file.compression(),
                zip::CompressionMethod::Deflated,
                "{name}"
            );
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            (name, text)
        })
        .collect()
}

fn part<'a>(parts: &'a [(String, String)], name: &str) -> &'a str {
    parts
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, t)| t.as_str())
        .unwrap_or_else(|| panic!("no part {name}"))
}

fn attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.try_get_attribute(name).unwrap().map(|a| {
        a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
            .unwrap()
            .into_owned()
    })
}

/// Parses a WordprocessingML body (or header, footer) into paragraphs and tables. Fails on XML
/// that is not well-formed.
fn read_body(xml: &str) -> Vec<Part> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut parts = Vec::new();
    let mut depth_in_table = 0usize;
    let mut rows: Vec<TableRow> = Vec::new();
    let mut row: Option<TableRow> = None;
    let mut cell: Option<String> = None;
    let mut para: Option<(String, String)> = None;
    let mut in_text = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "w:tbl" => {
                depth_in_table += 1;
                rows.clear();
            }
            Event::End(e) if e.name().as_ref() == "w:tbl" => {
                depth_in_table -= 1;
                parts.push(Part::Table(std::mem::take(&mut rows)));
            }
            Event::Start(e) => match e.name().as_ref() {
                "w:tr" => {
                    row = Some(TableRow {
                        header: false,
                        cells: Vec::new(),
                    })
                }
                "w:tc" => cell = Some(String::new()),
                "w:p" => {
                    if let Some(c) = cell.as_mut()
                        && !c.is_empty()
                    {
                        c.push('\n');
                    }
                    para = Some((String::new(), String::new()));
                }
                "w:t" => in_text = true,
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                "w:tblHeader" => {
                    if let Some(r) = row.as_mut() {
                        r.header = true;
                    }
                }
                "w:pStyle" => {
                    if let Some(p) = para.as_mut() {
                        p.0 = attr(&e, "w:val").unwrap_or_default();
                    }
                }
                "w:br" => push(&mut cell, &mut para, "\n"),
                "w:tab" => push(&mut cell, &mut para, "\t"),
                _ => {}
            },
            Event::Text(t) if in_text => push(&mut cell, &mut para, &t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                let s = match r.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                        .unwrap()
                        .to_owned(),
                };
                push(&mut cell, &mut para, &s);
            }
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_text = false,
                "w:p" => {
                    if let Some((style, text)) = para.take()
                        && depth_in_table == 0
                    {
                        parts.push(Part::Paragraph { style, text });
                    }
                }
                "w:tc" => {
                    if let (Some(r), Some(c)) = (row.as_mut(), cell.take()) {
                        r.cells.push(c);
                    }
                }
                "w:tr" => rows.extend(row.take()),
                _ => {}
            },
            _ => {}
        }
    }
    parts
}

fn push(cell: &mut Option<String>, para: &mut Option<(String, String)>, s: &str) {
    if let Some(c) = cell.as_mut() {
        c.push_str(s);
    }
    if let Some(p) = para.as_mut() {
        p.1.push_str(s);
    }
}

fn paragraphs(parts: &[Part]) -> Vec<(&str, &str)> {
    parts
        .iter()
        .filter_map(|p| match p {
            Part::Paragraph { style, text } => Some((style.as_str(), text.as_str())),
            Part::Table(_) => None,
        })
        .collect()
}

fn tables(parts: &[Part]) -> Vec<&[TableRow]> {
    parts
        .iter()
        .filter_map(|p| match p {
            Part::Table(rows) => Some(rows.as_slice()),
            Part::Paragraph { .. } => None,
        })
        .collect()
}

fn headings<'a>(parts: &'a [Part], style: &str) -> Vec<&'a str> {
    paragraphs(parts)
        .into_iter()
        .filter(|(s, _)| *s == style)
        .map(|(_, t)| t)
        .collect()
}

fn report(input: &ReportInput, lang: Lang) -> (Vec<(String, String)>, Vec<Part>) {
    let parts = unzip(&docx(input, &options(lang)).unwrap());
    let body = read_body(part(&parts, "word/document.xml"));
    (parts, body)
}

#[test]
fn the_chinese_word_report_has_every_section_as_a_word_heading() {
    let (_, body) = report(&fixture(), Lang::Zh);
    assert_eq!(
        headings(&body, "Heading1"),
        [
            "一、执行摘要",
            "二、评分图表",
            "三、分领域评估结果",
            "四、差距与整改计划",
            "五、证据索引",
            "六、评估方法",
            "七、签署",
            "附录  引用条款",
        ]
    );
    assert_eq!(headings(&body, "TOCHeading"), ["目录"]);
    let h2 = headings(&body, "Heading2");
    for needle in [
        "优先整改的前 10 项差距",
        "与上一周期相比",
        "各领域得分",
        "历次评估总分趋势",
        "3.1 组织与责任",
        "3.3 关键信息基础设施",
        "本报告采用的参数",
    ] {
        assert!(h2.contains(&needle), "{needle} is not a Heading 2: {h2:?}");
    }
    // The contents lists the sections, linked to them.
    let toc = headings(&body, "TOC1");
    assert_eq!(toc.first(), Some(&"一、执行摘要"));
    assert!(toc.contains(&"七、签署"), "{toc:?}");
}

#[test]
fn the_word_report_prints_the_scores_that_scoring_computes() {
    let input = fixture();
    let score = questionnaires::score::score(
        &input.questionnaire,
        &input.catalog,
        &input.profile,
        &input.answers,
    )
    .unwrap();
    let (_, body) = report(&input, Lang::Zh);
    // The key figures: value over label, in one row.
    let figures = tables(&body)
        .into_iter()
        .find(|rows| {
            rows.first()
                .is_some_and(|r| r.cells.iter().any(|c| c.contains("总分（满分 100）")))
        })
        .expect("the key figures");
    let overall = &figures[0].cells[0];
    assert_eq!(
        overall,
        &format!(
            "{}\n总分（满分 100）",
            display_score(score.overall.score, Lang::Zh)
        )
    );
    assert!(figures[0].cells[1].starts_with("未就绪"), "{figures:?}");

    // The first domain's score, in the line under its heading.
    let gov = score
        .domain(&input.questionnaire.domains[0].id)
        .unwrap()
        .tally
        .score
        .unwrap();
    let paras = paragraphs(&body);
    let at = paras
        .iter()
        .position(|(s, t)| *s == "Heading2" && *t == "3.1 组织与责任")
        .unwrap();
    let line = paras[at + 1].1;
    assert!(
        line.starts_with(&format!("得分 {} · 完成度", display(gov))),
        "{line}"
    );
    // And in the chart of domain scores, which is a table of the same labels and values.
    assert!(
        tables(&body).iter().any(|rows| rows
            .iter()
            .any(|r| r.cells == ["组织与责任".to_owned(), format!("{gov:.1}")])),
        "no row with the domain's score {gov}"
    );
}

#[test]
fn the_answer_tables_have_header_rows_answers_and_citations() {
    let (_, body) = report(&fixture(), Lang::Zh);
    let tables = tables(&body);
    let answers = tables
        .iter()
        .find(|rows| {
            rows.first()
                .is_some_and(|r| r.cells.iter().any(|c| c == "依据"))
                && rows
                    .iter()
                    .any(|r| r.cells.first().is_some_and(|c| c.starts_with("GOV-01")))
        })
        .expect("the table of the first domain");
    assert!(answers[0].header, "the first row repeats on every page");
    assert!(answers[1..].iter().all(|r| !r.header));
    let gov01 = answers
        .iter()
        .find(|r| r.cells[0].starts_with("GOV-01"))
        .unwrap()
        .cells
        .join("|");
    for needle in [
        "是否以正式文件明确了数据安全负责人和管理机构？",
        "部分符合",
        "《数据安全法》第二十七条第二款",
        "已任命数据安全负责人（见 2025 年第 3 号文件）",
    ] {
        assert!(gov01.contains(needle), "{needle} not in {gov01}");
    }
    // Every table with a header has as many header cells as cells in each row.
    for rows in &tables {
        if rows.first().is_some_and(|r| r.header) {
            let n = rows[0].cells.len();
            assert!(rows.iter().all(|r| r.cells.len() == n), "{rows:?}");
        }
    }
    let all: String = paragraphs(&body).iter().map(|(_, t)| *t).collect();
    assert!(all.contains("原文：开展数据处理活动应当依照法律、法规的规定"));
}

#[test]
fn the_styles_make_word_headings_and_name_a_chinese_font() {
    let (parts, _) = report(&fixture(), Lang::Zh);
    let styles = part(&parts, "word/styles.xml");
    let mut reader = quick_xml::Reader::from_str(styles);
    let mut style = String::new();
    let mut outline = Vec::new();
    let mut east_asia = None;
    let mut in_defaults = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == "w:style" => {
                style = attr(&e, "w:styleId").unwrap();
            }
            Event::Start(e) if e.name().as_ref() == "w:docDefaults" => in_defaults = true,
            Event::End(e) if e.name().as_ref() == "w:docDefaults" => in_defaults = false,
            Event::Empty(e) if e.name().as_ref() == "w:outlineLvl" => {
                outline.push((style.clone(), attr(&e, "w:val").unwrap()));
            }
            Event::Empty(e) if e.name().as_ref() == "w:rFonts" && in_defaults => {
                east_asia = attr(&e, "w:eastAsia");
            }
            _ => {}
        }
    }
    assert_eq!(east_asia.as_deref(), Some("Noto Sans CJK SC"));
    for (id, level) in [("Heading1", "0"), ("Heading2", "1"), ("Heading3", "2")] {
        assert!(
            outline.contains(&(id.to_owned(), level.to_owned())),
            "{id} has outline level {level}: {outline:?}"
        );
    }
    assert!(styles.contains("<w:name w:val=\"heading 1\"/>"));
    assert!(part(&parts, "word/fontTable.xml").contains("w:name=\"Noto Sans CJK SC\""));
}

#[test]
fn pages_carry_the_draft_marking_the_report_id_and_page_numbers() {
    let input = fixture();
    let (parts, body) = report(&input, Lang::Zh);
    let header = read_body(part(&parts, "word/header1.xml"));
    assert_eq!(
        paragraphs(&header)[0].1,
        "示例数据科技有限公司 · 数据安全合规自评估报告 · 2026 年度\t草稿 / DRAFT"
    );
    let footer = part(&parts, "word/footer1.xml");
    assert_eq!(
        paragraphs(&read_body(footer))[0].1,
        format!("报告编号 {}\t第 1 页 / 共 1 页", report_id(&input.digest()))
    );
    assert!(footer.contains("w:instr=\" PAGE \""));
    assert!(footer.contains("w:instr=\" NUMPAGES \""));
    assert!(
        paragraphs(&body).contains(&("", "草稿 / DRAFT")),
        "the cover's marking"
    );

    let mut approved = fixture();
    approved.status = AssessmentStatus::Approved;
    let (parts, body) = report(&approved, Lang::En);
    assert!(!part(&parts, "word/header1.xml").contains("DRAFT"));
    assert!(!paragraphs(&body).iter().any(|(_, t)| t.contains("DRAFT")));
    let footer = paragraphs(&read_body(part(&parts, "word/footer1.xml")))[0]
        .1
        .to_owned();
    assert!(footer.ends_with("\tPage 1 of 1"), "{footer}");
}

#[test]
fn the_english_word_report_is_in_english() {
    let (parts, body) = report(&fixture(), Lang::En);
    let h1 = headings(&body, "Heading1");
    assert_eq!(h1.first(), Some(&"1. Executive summary"));
    assert!(h1.contains(&"7. Sign-off"), "{h1:?}");
    assert!(part(&parts, "docProps/core.xml").contains("<dc:language>en</dc:language>"));
    let text: String = tables(&body)
        .iter()
        .flat_map(|rows| rows.iter().flat_map(|r| r.cells.iter().cloned()))
        .collect();
    assert!(text.contains("Data Security Law, Art. 27(2)"));
    assert!(text.contains("Partially compliant"));
}

#[test]
fn the_same_input_gives_the_same_bytes_with_the_generation_time_as_timestamp() {
    let input = fixture();
    let a = docx(&input, &options(Lang::Zh)).unwrap();
    let b = docx(&input, &options(Lang::Zh)).unwrap();
    assert!(a == b, "two exports of the same input differ");
    let mut archive = zip::ZipArchive::new(Cursor::new(&a)).unwrap();
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    assert_eq!(names[0], "[Content_Types].xml");
    for i in 0..archive.len() {
        let file = archive.by_index(i).unwrap();
        let t = file.last_modified().unwrap();
        // 2026-03-15 08:00 UTC, the options' generation time.
        assert_eq!(
            (t.year(), t.month(), t.day(), t.hour(), t.minute()),
            (2026, 3, 15, 8, 0),
            "{:?}",
            file.name()
        );
    }
    let mut other = input.clone();
    other.answers.get_mut(&qid("GOV-02")).unwrap().note = "改了".to_owned();
    assert!(docx(&other, &options(Lang::Zh)).unwrap() != a);
}
