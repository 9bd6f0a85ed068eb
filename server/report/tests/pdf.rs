//! The rendered report read back with poppler and qpdf: its text in order, page numbers, fonts,
//! outline, metadata, determinism, the errors, and PNG pages of the fixture for a person to look
//! at (under `target/report-pages/`).

#![allow(clippy::unwrap_used)]

mod common;

use std::process::Command;
use std::sync::OnceLock;

use common::{
    assert_in_order, fixture, fonts, options, page_texts, qid, run_tool, squeezed_text, synthetic,
};
use questionnaires::{Answer, AnswerValue, Lang};
use ziping_report::{AssessmentStatus, ReportError, render, report_id};

fn zh() -> &'static [u8] {
    static PDF: OnceLock<Vec<u8>> = OnceLock::new();
    PDF.get_or_init(|| render(&fixture(), fonts(), &options(Lang::Zh)).unwrap())
}

fn en() -> &'static [u8] {
    static PDF: OnceLock<Vec<u8>> = OnceLock::new();
    PDF.get_or_init(|| render(&fixture(), fonts(), &options(Lang::En)).unwrap())
}

#[test]
fn the_chinese_report_reads_back_with_every_section_in_order() {
    let input = fixture();
    let digest = input.digest();
    let text = squeezed_text(zh());
    assert_in_order(
        &text,
        &[
            "数据安全合规自评估报告",
            "示例数据科技有限公司 · 2026 年度",
            "草稿 / DRAFT",
            "统一社会信用代码",
            "91110000MA01ABCD1X",
            "数据安全管理测试问卷",
            "版本 2026.1",
            "2026-03-15 08:00 UTC",
            &report_id(&digest),
            &digest,
            "目录",
            "一、执行摘要",
            "总分（满分 100）",
            "未就绪",
            "关键项为不符合：DAT-01",
            "优先整改的前 10 项差距",
            "与上一周期相比",
            // The comparison by `questionnaires::compare` of the previous answers (GOV-01
            // 不符合, GOV-02 符合, DAT-01 部分符合) with this cycle's.
            "上一周期（2025 年度）总分 33.3，本周期 40.6（+7.3）",
            "1 个评估项改善，1 个退步，2 个不变，0 个新增，1 个移除",
            "二、评分图表",
            "各领域得分",
            "历次评估总分趋势",
            "三、分领域评估结果",
            "3.1 组织与责任",
            "GOV-01",
            "是否以正式文件明确了数据安全负责人和管理机构？",
            "部分符合",
            "已任命数据安全负责人（见 2025 年第 3 号文件），但管理机构的职责尚未成文。",
            // pdftotext joins a word broken after a hyphen, so look at the URL in parts.
            "Verification pending: https://intranet.example.com/policies/data-security/appointment",
            "letter-2025-03.pdf",
            "修改：张敏 2026-03-01",
            "《数据安全法》第二十七条第二款",
            "不适用理由：本年度培训由集团统一组织，不单独评估。",
            "3.3 关键信息基础设施",
            "按画像排除",
            "领域适用条件不成立：cii",
            "已忽略的答案",
            "OLD-09",
            "四、差距与整改计划",
            "DAT-01",
            "罚则：",
            "《数据安全法》第四十五条第二款",
            "李强",
            "2026-06-30",
            "整改中",
            "五、证据索引",
            "任命决议.pdf",
            "data-security-policy-v3.docx",
            "六、评估方法",
            "计分方法（第 1 版）",
            "本报告采用的参数",
            "单位画像",
            "引用的法规",
            "问卷版本2026.1依据各文件自“现行文本施行日期”起施行的文本",
            "现行文本施行日期",
            "中华人民共和国数据安全法",
            "七、签署",
            "评估人",
            "张敏",
            "2026-03-10",
            "批准人",
            "（未签署）",
            "附录 引用条款",
            "《数据安全法》第二十七条",
            "原文：开展数据处理活动应当依照法律、法规的规定",
        ],
    );
    // Table columns may be read column by column; these only need to be there.
    for needle in [
        "2021-09-012021年6月10日通过",
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "1.2MB",
        "240.0KB",
    ] {
        assert!(text.contains(needle), "{needle}");
    }
}

#[test]
fn the_english_report_reads_back_in_english() {
    let text = squeezed_text(en());
    assert_in_order(
        &text,
        &[
            "Data Security Compliance Self",
            "示例数据科技有限公司 · 2026 年度",
            "DRAFT",
            "Unified social credit code",
            "Contents",
            "1. Executive summary",
            "Not ready",
            "Critical questions Non-compliant: DAT-01",
            "Top 10 gaps",
            "Change since the previous cycle",
            "2. Scores in charts",
            "3. Results by domain",
            "Has a data security officer been formally designated?",
            "Partially compliant",
            "Data Security Law, Art. 27(2)",
            "4. Gaps and remediation plan",
            "Penalty:",
            "5. Evidence index",
            "6. Methodology",
            "Scoring method, version 1",
            "Instruments cited",
            "Questionnaire version 2026.1 follows the text of each instrument in force from the date",
            "Current to",
            "7. Sign-off",
            "(not signed)",
            "Appendix: the cited articles",
            "Official text (Chinese):",
        ],
    );
    assert!(
        !text.contains("计分方法（第1版）"),
        "the English report prints the English method only"
    );
}

#[test]
fn a_carried_forward_cycle_names_its_start_and_counts_and_marks_unconfirmed_answers() {
    let zh_text = squeezed_text(zh());
    assert_in_order(
        &zh_text,
        &[
            "起点在2025年度评估的基础上开展：沿用其单位画像、答案、证据和未完成的整改",
            "一、执行摘要",
            "有1个答案沿用自上一周期，尚未经本周期复核",
            "沿用上一周期，未经复核：李强2025-03-02",
        ],
    );
    assert_eq!(zh_text.matches("沿用上一周期，未经复核：").count(), 1);
    let en_text = run_tool("pdftotext", &["-enc", "UTF-8"], en()).replace(char::is_whitespace, "");
    assert!(
        en_text.contains("1answerwascarriedoverfromthepreviouscycleandhasnotbeenconfirmed"),
        "{en_text}"
    );
    assert!(en_text.contains("Carriedover,notconfirmed:李强2025-03-02"));
    assert!(en_text.contains("StartedfromCarriedforwardfromthe2025年度assessment"));

    // Without a cycle carried from and carried answers there is no such remark.
    let mut input = fixture();
    input
        .answer_meta
        .values_mut()
        .for_each(|m| m.carried = false);
    input.carried_from = None;
    let pdf = render(&input, fonts(), &options(Lang::Zh)).unwrap();
    assert!(!squeezed_text(&pdf).contains("沿用"));
}

#[test]
fn an_app_assessment_names_the_app_on_its_cover_and_each_question_says_how_to_check_it() {
    let mut input = fixture();
    input.subject = Some(
        questionnaires::Subject::parse("示例商城", "harmonyos", "5.2.0", "com.example.shop")
            .unwrap(),
    );
    input.questionnaire.domains[0].questions[0].check = questionnaires::Text::new(
        "全新安装后首次启动，**不操作**任何功能，截图保存。",
        "Fresh install, first launch: use **no** function and keep a screenshot.",
    );
    let zh_text = squeezed_text(&render(&input, fonts(), &options(Lang::Zh)).unwrap());
    assert_in_order(
        &zh_text,
        &[
            "示例数据科技有限公司·示例商城·2026年度",
            "被评估App示例商城",
            "平台鸿蒙（HarmonyOS）",
            "版本5.2.0",
            "包名（bundleName）com.example.shop",
            "评估周期2026年度",
            "三、分领域评估结果",
            "设备上如何检查：全新安装后首次启动，不操作任何功能，截图保存。",
        ],
    );
    let en = render(&input, fonts(), &options(Lang::En)).unwrap();
    let en_text = run_tool("pdftotext", &["-enc", "UTF-8"], &en).replace(char::is_whitespace, "");
    assert_in_order(
        &en_text,
        &[
            "App assessed示例商城",
            "Platform HarmonyOS",
            "Version 5.2.0",
            "Bundle name com.example.shop",
            "How to check on a device: Fresh install, first launch: use no function and keep a screenshot.",
        ],
    );

    // An assessment of the whole organization, with no checks in its questionnaire, has neither.
    let plain = squeezed_text(zh());
    assert!(!plain.contains("被评估App"), "{plain}");
    assert!(!plain.contains("设备上如何检查"), "{plain}");
}

#[test]
fn every_page_but_the_cover_is_numbered_page_x_of_y() {
    let zh_label: fn(usize, usize) -> String = |p, n| format!("第{p}页/共{n}页");
    let en_label: fn(usize, usize) -> String = |p, n| format!("Page{p}of{n}");
    for (pdf, label) in [(zh(), zh_label), (en(), en_label)] {
        let pages = page_texts(pdf);
        let n = pages.len();
        assert!(n >= 8, "the fixture report has {n} pages");
        for (i, page) in pages.iter().enumerate() {
            let squeezed: String = page.chars().filter(|c| !c.is_whitespace()).collect();
            let expected = label(i + 1, n);
            if i == 0 {
                assert!(
                    !squeezed.contains(&expected),
                    "the cover has no page number"
                );
            } else {
                assert!(
                    squeezed.contains(&expected),
                    "page {} lacks “{expected}”",
                    i + 1
                );
            }
        }
    }
}

#[test]
fn the_font_is_one_embedded_subset_with_a_unicode_map() {
    // Bold text is the regular face stroked: one font program in the file.
    let out = run_tool("pdffonts", &[], zh());
    let rows: Vec<&str> = out.lines().skip(2).collect();
    assert_eq!(rows.len(), 1, "{out}");
    let cols: Vec<&str> = rows[0].split_whitespace().collect();
    let name = cols[0];
    let face = "NotoSansCJKsc-Regular";
    assert!(
        name.len() == 7 + face.len()
            && name.ends_with(&format!("+{face}"))
            && name[..6].chars().all(|c| c.is_ascii_uppercase()),
        "{name}"
    );
    // name, type (3 words), encoding, emb, sub, uni, object, generation
    let n = cols.len();
    assert_eq!(
        &cols[n - 5..n - 2],
        ["yes", "yes", "yes"],
        "emb sub uni: {}",
        rows[0]
    );
}

/// The embedded font program (decompressed) and the Unicode map, read with lopdf.
fn font_program(pdf: &[u8]) -> (Vec<u8>, String) {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let mut program = None;
    let mut unicode = None;
    for object in doc.objects.values() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"CIDFontType0C") {
            program = Some(stream.decompressed_content().unwrap());
        }
        let content = stream.decompressed_content().unwrap_or_default();
        if content.starts_with(b"/CIDInit") {
            unicode = Some(String::from_utf8(content).unwrap());
        }
    }
    (program.unwrap(), unicode.unwrap())
}

#[test]
fn the_font_program_holds_the_drawn_glyphs_numbered_by_use_without_hints_or_subroutines() {
    use allsorts::binary::read::ReadScope;
    use allsorts::cff::charstring::{
        ArgumentsStack, CharStringVisitor, CharStringVisitorContext, VisitOp,
    };
    use allsorts::cff::{CFF, CFFError, CFFFont, CFFVariant, MAX_OPERANDS};

    /// The operator codes of a glyph, subroutines followed.
    struct Ops(Vec<u8>);
    impl CharStringVisitor<f32, CFFError> for Ops {
        fn visit(&mut self, op: VisitOp, _: &ArgumentsStack<'_, f32>) -> Result<(), CFFError> {
            self.0.push(u8::from(op));
            Ok(())
        }
    }

    let (program, unicode) = font_program(zh());
    let cff = ReadScope::new(&program).read::<CFF<'_>>().unwrap();
    let font = &cff.fonts[0];
    let CFFVariant::CID(cid) = &font.data else {
        panic!("the program must stay CID-keyed");
    };
    assert_eq!(cid.private_dicts.len(), 1, "one font dictionary");
    assert!(cid.local_subr_indices.iter().all(Option::is_none));
    assert_eq!(cff.global_subr_index.len(), 0);

    // One glyph per code of the Unicode map, plus .notdef; the codes are 1..=n.
    let mut codes: Vec<u32> = Vec::new();
    let mut in_block = false;
    for line in unicode.lines() {
        match line.split_whitespace().last() {
            Some("beginbfchar" | "beginbfrange") => in_block = true,
            Some("endbfchar" | "endbfrange") => in_block = false,
            _ if in_block => {
                let hex: Vec<u32> = line
                    .split_whitespace()
                    .map(|t| u32::from_str_radix(t.trim_matches(['<', '>']), 16).unwrap())
                    .collect();
                match hex[..] {
                    [code, _] => codes.push(code),
                    [from, to, _] => codes.extend(from..=to),
                    _ => panic!("unexpected line in the Unicode map: {line}"),
                }
            }
            _ => {}
        }
    }
    let glyphs = font.char_strings_index.len();
    assert!(glyphs > 300, "{glyphs} glyphs");
    assert_eq!(codes.len(), glyphs - 1);
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (1..glyphs as u32).collect::<Vec<_>>());

    let mut empty = 0;
    for gid in 0..glyphs as u16 {
        let mut ctx = CharStringVisitorContext::new(
            gid,
            &font.char_strings_index,
            None,
            &cff.global_subr_index,
            None,
        );
        let mut data = [0.0f32; MAX_OPERANDS];
        let mut stack = ArgumentsStack {
            data: &mut data,
            len: 0,
            max_len: MAX_OPERANDS,
        };
        let mut ops = Ops(Vec::new());
        ctx.visit(CFFFont::CFF(font), &mut stack, &mut ops).unwrap();
        // hstem, vstem, return, hstemhm, hintmask, cntrmask, vstemhm (TN 5177, appendix A).
        let hints_or_return = [1, 3, 11, 18, 19, 20, 23];
        assert!(
            !ops.0.iter().any(|op| hints_or_return.contains(op)),
            "glyph {gid}: {:?}",
            ops.0
        );
        assert_eq!(ops.0.last(), Some(&14), "glyph {gid} ends with endchar");
        if ops.0.len() == 1 {
            empty += 1;
        }
    }
    // Only the space (and at most .notdef) draws nothing.
    assert!((1..=2).contains(&empty), "{empty} empty glyphs");

    // The most drawn glyph comes first (the space, or a common character), the least drawn
    // last.
    let char_of = |code: usize| {
        let line = unicode
            .lines()
            .find(|l| l.starts_with(&format!("<{code:04X}>")))
            .unwrap();
        let target = line
            .split_whitespace()
            .nth(1)
            .unwrap()
            .trim_matches(['<', '>']);
        char::from_u32(u32::from_str_radix(target, 16).unwrap()).unwrap()
    };
    let text = squeezed_text(zh());
    let count = |c: char| text.chars().filter(|&x| x == c).count();
    let (first, last) = (char_of(1), char_of(glyphs - 1));
    assert!(
        first == ' ' || count(first) >= 20.max(count(last)),
        "glyph 1 is {first:?} ({} times), the last {last:?} ({} times)",
        count(first),
        count(last)
    );
}

/// A TrueType (not CFF) Chinese face, as someone might give with `--font`.
const TRUETYPE_CJK: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

#[test]
fn a_truetype_font_is_subset_by_printpdf_and_reads_back() {
    let path = std::path::Path::new(TRUETYPE_CJK);
    assert!(
        path.is_file(),
        "this test needs {TRUETYPE_CJK} (apt-get install fonts-wqy-microhei)"
    );
    let fonts = ziping_report::Fonts::load(&ziping_report::FontSource::File {
        path: path.to_owned(),
        face: Some(0),
    })
    .unwrap();
    let pdf = render(&fixture(), &fonts, &options(Lang::Zh)).unwrap();

    let out = run_tool("pdffonts", &[], &pdf);
    let rows: Vec<&str> = out.lines().skip(2).collect();
    assert_eq!(rows.len(), 1, "{out}");
    assert!(rows[0].contains("CID TrueType"), "{out}");
    let cols: Vec<&str> = rows[0].split_whitespace().collect();
    let n = cols.len();
    assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{out}");
    assert!(
        run_tool("qpdf", &["--check"], &pdf).contains("No syntax or stream encoding errors found")
    );
    assert_in_order(
        &squeezed_text(&pdf),
        &["数据安全合规自评估报告", "一、执行摘要", "附录"],
    );
}

#[test]
fn qpdf_finds_no_errors() {
    for pdf in [zh(), en()] {
        let out = run_tool("qpdf", &["--check"], pdf);
        assert!(
            out.contains("No syntax or stream encoding errors found"),
            "{out}"
        );
    }
}

#[test]
fn the_outline_nests_the_domains_under_their_section() {
    let json = run_tool("qpdf", &["--json", "--json-key=outlines"], zh());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let top = v["outlines"].as_array().unwrap();
    let titles: Vec<&str> = top.iter().map(|o| o["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "目录",
            "一、执行摘要",
            "二、评分图表",
            "三、分领域评估结果",
            "四、差距与整改计划",
            "五、证据索引",
            "六、评估方法",
            "七、签署",
            "附录  引用条款"
        ]
    );
    let domains: Vec<&str> = top[3]["kids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        domains,
        [
            "3.1 组织与责任",
            "3.2 数据分类分级",
            "3.3 关键信息基础设施",
            "已忽略的答案"
        ]
    );
    let pages: Vec<u64> = top
        .iter()
        .map(|o| o["destpageposfrom1"].as_u64().unwrap())
        .collect();
    assert!(
        pages.windows(2).all(|w| w[0] < w[1]),
        "sections in page order: {pages:?}"
    );
}

#[test]
fn the_metadata_names_the_report_and_its_creation_time() {
    let info = run_tool("pdfinfo", &["-isodates"], zh());
    assert!(
        info.contains("Title:           数据安全合规自评估报告 · 示例数据科技有限公司 · 2026 年度"),
        "{info}"
    );
    assert!(
        info.contains("Author:          示例数据科技有限公司"),
        "{info}"
    );
    assert!(
        info.contains("Subject:         数据安全管理测试问卷 2026.1"),
        "{info}"
    );
    assert!(
        info.contains("CreationDate:    2026-03-15T08:00:00Z"),
        "{info}"
    );
    assert!(
        info.contains("Page size:       595.276 x 841.89 pts (A4)"),
        "{info}"
    );
}

#[test]
fn the_same_snapshot_and_options_give_the_same_bytes() {
    let again = render(&fixture(), fonts(), &options(Lang::Zh)).unwrap();
    assert!(again == zh(), "two renders differ");
}

#[test]
fn renders_on_several_threads_at_once_give_the_same_bytes() {
    let expected = zh();
    std::thread::scope(|scope| {
        let runs: Vec<_> = (0..2)
            .map(|_| scope.spawn(|| render(&fixture(), fonts(), &options(Lang::Zh)).unwrap()))
            .collect();
        for run in runs {
            assert!(run.join().unwrap() == expected);
        }
    });
}

#[test]
fn changing_one_answer_changes_the_digest_and_the_bytes() {
    let mut changed = fixture();
    changed.answers.insert(
        qid("DAT-01"),
        Answer {
            value: AnswerValue::Compliant,
            na_reason: None,
            note: String::new(),
        },
    );
    assert_ne!(changed.digest(), fixture().digest());
    let pdf = render(&changed, fonts(), &options(Lang::Zh)).unwrap();
    assert!(pdf != zh());
    assert!(squeezed_text(&pdf).contains(&changed.digest()));
}

#[test]
fn an_approved_report_carries_no_draft_marking() {
    let mut approved = fixture();
    approved.status = AssessmentStatus::Approved;
    let pdf = render(&approved, fonts(), &options(Lang::Zh)).unwrap();
    let text = squeezed_text(&pdf);
    assert!(
        !text.contains("DRAFT") && !text.contains("草稿"),
        "an approved report must not say DRAFT"
    );
    assert!(
        squeezed_text(zh()).matches("草稿/DRAFT").count() >= 8,
        "a draft says so on every page"
    );
}

#[test]
fn a_given_report_id_is_printed_instead_of_the_derived_one() {
    let mut opts = options(Lang::Zh);
    opts.report_id = Some("RPT-2026-0042".to_owned());
    let text = squeezed_text(&render(&fixture(), fonts(), &opts).unwrap());
    assert!(text.contains("报告编号RPT-2026-0042"));
    assert!(!text.contains(&report_id(&fixture().digest())));
}

#[test]
fn a_character_missing_from_the_font_is_a_clear_error() {
    let mut input = fixture();
    input.answers.insert(
        qid("GOV-02"),
        Answer {
            value: AnswerValue::Compliant,
            na_reason: None,
            note: "制度已发布 😀".to_owned(),
        },
    );
    let err = render(&input, fonts(), &options(Lang::Zh)).unwrap_err();
    match &err {
        ReportError::MissingGlyphs { chars, r#where } => {
            assert_eq!(chars, &['😀']);
            assert_eq!(r#where, "the note of question GOV-02");
        }
        other => panic!("expected MissingGlyphs, got {other:?}"),
    }
    assert!(err.to_string().contains("U+1F600"), "{err}");
}

#[test]
fn an_unscorable_snapshot_is_refused_with_the_scoring_error() {
    let mut input = fixture();
    input.answers.insert(
        qid("GOV-02"),
        Answer {
            value: AnswerValue::NotApplicable,
            na_reason: None,
            note: String::new(),
        },
    );
    let err = render(&input, fonts(), &options(Lang::Zh)).unwrap_err();
    assert!(matches!(err, ReportError::Score(_)), "{err:?}");
    assert!(err.to_string().contains("GOV-02"), "{err}");
}

#[test]
fn an_assessment_nothing_applies_to_and_nobody_answered_still_renders() {
    let mut empty = fixture();
    empty.answers.clear();
    empty.answer_meta.clear();
    empty.evidence.clear();
    empty.remediation.clear();
    empty.sign_off = Default::default();
    empty.previous = None;
    empty.trend.clear();
    for lang in [Lang::Zh, Lang::En] {
        let pdf = render(&empty, fonts(), &options(lang)).unwrap();
        assert!(
            run_tool("qpdf", &["--check"], &pdf)
                .contains("No syntax or stream encoding errors found")
        );
    }
    // Every domain excluded by the profile: nothing is scored.
    let mut none = empty.clone();
    for domain in &mut none.questionnaire.domains {
        domain.applies = questionnaires::Condition::Fact {
            fact: "cii".to_owned(),
        };
    }
    let text = squeezed_text(&render(&none, fonts(), &options(Lang::Zh)).unwrap());
    assert!(
        text.contains("未计分"),
        "the overall score reads “not scored”"
    );
    assert!(text.contains("没有上一周期的评估数据"));
}

#[test]
fn a_300_question_assessment_renders_every_question() {
    let input = synthetic(300);
    let pdf = render(&input, fonts(), &options(Lang::Zh)).unwrap();
    let text = squeezed_text(&pdf);
    let ids: Vec<String> = input
        .questionnaire
        .questions()
        .map(|(_, q)| q.id.to_string())
        .collect();
    assert_eq!(ids.len(), 300);
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    assert_in_order(&text, &refs);
    assert!(
        run_tool("qpdf", &["--check"], &pdf).contains("No syntax or stream encoding errors found")
    );
    assert!(pdf.len() < 600 * 1024, "{} bytes", pdf.len());
}

#[test]
fn the_fixture_pages_are_written_as_png_for_review() {
    let dir = common::pages_dir();
    std::fs::create_dir_all(&dir).unwrap();
    for (pdf, name) in [(zh(), "fixture-zh"), (en(), "fixture-en")] {
        // Pages of an earlier, longer render would be counted (and looked at) otherwise.
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            if entry
                .file_name()
                .to_string_lossy()
                .starts_with(&format!("{name}-"))
            {
                std::fs::remove_file(entry.path()).unwrap();
            }
        }
        let path = dir.join(format!("{name}.pdf"));
        std::fs::write(&path, pdf).unwrap();
        let status = Command::new("pdftoppm")
            .args(["-r", "50", "-png"])
            .arg(&path)
            .arg(dir.join(name))
            .status()
            .expect("pdftoppm (poppler-utils) must be installed");
        assert!(status.success());
        let pages = page_texts(pdf).len();
        let pngs = std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| {
                let n = e.as_ref().unwrap().file_name().into_string().unwrap();
                n.starts_with(&format!("{name}-")) && n.ends_with(".png")
            })
            .count();
        assert_eq!(pngs, pages, "one PNG per page of {name}");
    }
}
