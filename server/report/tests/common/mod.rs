//! Fixtures shared by the report tests: a small hand-written assessment whose strings the tests
//! look for in the PDF, a synthetic assessment of any size, the system fonts, and helpers that
//! run poppler's tools.

#![allow(clippy::unwrap_used, dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use questionnaires::{
    Answer, AnswerValue, Article, Catalog, Citation, CitedInstrument, Condition, Divisions, Domain,
    Fact, FactKind, FactOption, FactValue, Instrument, InstrumentStatus, InstrumentVersion, Lang,
    Question, QuestionId, Questionnaire, Text, Thresholds,
};
use ziping_report::{
    AnswerMeta, AssessmentStatus, Evidence, Fonts, Organization, PreviousCycle, Remediation,
    RemediationStatus, RenderOptions, ReportInput, SignOff, Signature, TrendPoint,
};

/// 2026-03-15 08:00 UTC.
pub const GENERATED_AT: i64 = 1_773_561_600;

/// The face built into the binary, what a machine without Chinese fonts renders with; loaded
/// once per test binary.
pub fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| Fonts::embedded().unwrap_or_else(|e| panic!("the built-in face: {e}")))
}

pub fn options(lang: Lang) -> RenderOptions {
    RenderOptions {
        lang,
        generated_at: GENERATED_AT,
        report_id: None,
    }
}

pub fn qid(s: &str) -> QuestionId {
    QuestionId::parse(s).unwrap()
}

fn cite(s: &str) -> Citation {
    let (instrument, rest) = s.split_once(' ').unwrap();
    let mut parts = rest.split('.');
    Citation {
        instrument: instrument.to_owned(),
        article: parts.next().unwrap().parse().unwrap(),
        paragraph: parts.next().map(|p| p.parse().unwrap()),
        item: parts.next().map(|p| p.parse().unwrap()),
    }
}

fn article(
    number: u16,
    summary: (&str, &str),
    penalty: Option<&str>,
    official: Option<&str>,
) -> Article {
    Article {
        number,
        paragraphs: 2,
        summary: Text::new(summary.0, summary.1),
        penalty: penalty.map(cite),
        paragraph_penalties: Vec::new(),
        official_text: official.map(str::to_owned),
    }
}

fn instrument(
    id: &str,
    name: (&str, &str),
    short: (&str, &str),
    articles: Vec<Article>,
) -> Instrument {
    Instrument {
        id: id.to_owned(),
        name: Text::new(name.0, name.1),
        short: Text::new(short.0, short.1),
        issuer: Text::new("全国人民代表大会常务委员会", "NPC Standing Committee"),
        doc_no: "主席令第八十四号".to_owned(),
        promulgated: "2021-06-10".to_owned(),
        effective: "2021-09-01".to_owned(),
        status: InstrumentStatus::InForce,
        article_count: 80,
        divisions: Divisions::default(),
        articles,
    }
}

pub fn catalog() -> Catalog {
    Catalog {
        instruments: vec![
            instrument(
                "DSL",
                (
                    "中华人民共和国数据安全法",
                    "Data Security Law of the People's Republic of China",
                ),
                ("数据安全法", "Data Security Law"),
                vec![
                    article(
                        21,
                        (
                            "国家实行数据分类分级保护。",
                            "The state protects data by category and grade.",
                        ),
                        Some("DSL 45.2"),
                        None,
                    ),
                    article(
                        27,
                        (
                            "开展数据处理活动应当建立健全全流程数据安全管理制度。",
                            "Data processors must run a data security management system.",
                        ),
                        Some("DSL 45.1"),
                        Some(
                            "开展数据处理活动应当依照法律、法规的规定，建立健全全流程数据安全管理制度，组织开展数据安全教育培训。",
                        ),
                    ),
                    article(
                        45,
                        (
                            "违反第二十七条等规定的罚则。",
                            "Penalties for breaching art. 27 and others.",
                        ),
                        None,
                        None,
                    ),
                ],
            ),
            instrument(
                "PIPL",
                (
                    "中华人民共和国个人信息保护法",
                    "Personal Information Protection Law of the People's Republic of China",
                ),
                ("个人信息保护法", "PIPL"),
                vec![
                    article(
                        51,
                        (
                            "个人信息处理者应当采取措施确保个人信息处理活动合规。",
                            "PI handlers must take measures to keep processing lawful.",
                        ),
                        Some("PIPL 66.1"),
                        None,
                    ),
                    article(
                        55,
                        (
                            "特定情形应当事前进行个人信息保护影响评估。",
                            "A PI protection impact assessment is required beforehand in certain cases.",
                        ),
                        Some("PIPL 66.1"),
                        None,
                    ),
                    article(
                        66,
                        (
                            "违反本法规定处理个人信息的罚则。",
                            "Penalties for unlawful processing.",
                        ),
                        None,
                        None,
                    ),
                ],
            ),
        ],
    }
}

fn question(id: &str, zh: &str, en: &str, weight: u8, critical: bool, cites: &[&str]) -> Question {
    Question {
        id: qid(id),
        text: Text::new(zh, en),
        weight,
        critical,
        applies: Condition::Always,
        citations: cites.iter().map(|c| cite(c)).collect(),
        guidance: Text::default(),
        evidence: Text::default(),
        remediation: Text::default(),
        check: Text::default(),
        replaces: Vec::new(),
    }
}

pub fn questionnaire() -> Questionnaire {
    Questionnaire {
        id: "fixture".to_owned(),
        version: "2026.1".to_owned(),
        title: Text::new("数据安全管理测试问卷", "Data security test questionnaire"),
        effective: "2026-01-01".to_owned(),
        scope: questionnaires::Text::default(),
        subject: questionnaires::SubjectKind::default(),
        thresholds: Thresholds::default(),
        profile: vec![
            Fact {
                id: "important_data".to_owned(),
                text: Text::new(
                    "是否处理重要数据？",
                    "Does the organization process important data?",
                ),
                help: Text::default(),
                kind: FactKind::YesNo,
                citations: Vec::new(),
            },
            Fact {
                id: "cii".to_owned(),
                text: Text::new(
                    "是否为关键信息基础设施运营者？",
                    "Is the organization a CII operator?",
                ),
                help: Text::default(),
                kind: FactKind::YesNo,
                citations: Vec::new(),
            },
            Fact {
                id: "pi_volume".to_owned(),
                text: Text::new("处理个人信息的规模", "Volume of personal information"),
                help: Text::default(),
                kind: FactKind::OneOf {
                    options: vec![
                        FactOption {
                            id: "lt1m".to_owned(),
                            label: Text::new("不满 100 万人", "under 1 million"),
                        },
                        FactOption {
                            id: "1m".to_owned(),
                            label: Text::new("100 万人以上", "1 million or more"),
                        },
                    ],
                },
                citations: Vec::new(),
            },
        ],
        domains: vec![
            Domain {
                id: "gov".to_owned(),
                title: Text::new("组织与责任", "Organization and accountability"),
                applies: Condition::Always,
                questions: vec![
                    question(
                        "GOV-01",
                        "是否以正式文件明确了数据安全负责人和管理机构？",
                        "Has a data security officer been formally designated?",
                        5,
                        true,
                        &["DSL 27.2"],
                    ),
                    question(
                        "GOV-02",
                        "是否建立了全流程数据安全管理制度？",
                        "Is there a data security management system?",
                        4,
                        false,
                        &["DSL 27.1", "PIPL 51"],
                    ),
                    question(
                        "GOV-03",
                        "是否定期组织数据安全教育培训？",
                        "Is data security training held regularly?",
                        2,
                        false,
                        &["DSL 27.1"],
                    ),
                ],
            },
            Domain {
                id: "data".to_owned(),
                title: Text::new("数据分类分级", "Data classification"),
                applies: Condition::Always,
                questions: vec![
                    question(
                        "DAT-01",
                        "是否制定了数据分类分级规则并形成数据目录？",
                        "Are there classification rules and a data catalogue?",
                        4,
                        true,
                        &["DSL 21.1"],
                    ),
                    question(
                        "DAT-02",
                        "处理敏感个人信息前是否进行个人信息保护影响评估？",
                        "Is a PI impact assessment done before processing sensitive PI?",
                        3,
                        false,
                        &["PIPL 55"],
                    ),
                ],
            },
            Domain {
                id: "cii".to_owned(),
                title: Text::new("关键信息基础设施", "Critical information infrastructure"),
                applies: Condition::Fact {
                    fact: "cii".to_owned(),
                },
                questions: vec![question(
                    "CII-01",
                    "关键信息基础设施是否落实安全保护措施？",
                    "Are CII protection measures in place?",
                    5,
                    true,
                    &["DSL 27.1"],
                )],
            },
        ],
    }
}

fn answer(value: AnswerValue, note: &str) -> Answer {
    Answer {
        value,
        na_reason: None,
        note: note.to_owned(),
    }
}

/// The fixture assessment: draft, every kind of answer, evidence, a plan, a previous cycle.
pub fn fixture() -> ReportInput {
    let mut answers = BTreeMap::new();
    answers.insert(
        qid("GOV-01"),
        answer(
            AnswerValue::Partial,
            "已任命数据安全负责人（见 2025 年第 3 号文件），但管理机构的职责尚未成文。Verification pending: https://intranet.example.com/policies/data-security/appointment-letter-2025-03.pdf",
        ),
    );
    answers.insert(
        qid("GOV-02"),
        answer(
            AnswerValue::Compliant,
            "《数据安全管理办法》已于 2025 年 6 月发布。",
        ),
    );
    answers.insert(
        qid("GOV-03"),
        Answer {
            value: AnswerValue::NotApplicable,
            na_reason: Some("本年度培训由集团统一组织，不单独评估。".to_owned()),
            note: String::new(),
        },
    );
    answers.insert(
        qid("DAT-01"),
        answer(AnswerValue::NonCompliant, "尚未形成数据目录。"),
    );
    // An answer kept from an earlier questionnaire version: listed, not scored.
    answers.insert(qid("OLD-09"), answer(AnswerValue::Compliant, ""));
    let mut answer_meta = BTreeMap::new();
    answer_meta.insert(
        qid("GOV-01"),
        AnswerMeta {
            updated_by: "张敏".to_owned(),
            updated_at: "2026-03-01T09:30:00Z".to_owned(),
            carried: false,
        },
    );
    answer_meta.insert(
        qid("DAT-01"),
        AnswerMeta {
            updated_by: "李强".to_owned(),
            updated_at: "2025-03-02T10:00:00Z".to_owned(),
            // Carried over from the 2025 cycle and not confirmed yet.
            carried: true,
        },
    );
    let mut profile = BTreeMap::new();
    profile.insert("important_data".to_owned(), FactValue::Bool(true));
    profile.insert("cii".to_owned(), FactValue::Bool(false));
    profile.insert("pi_volume".to_owned(), FactValue::Choice("1m".to_owned()));
    let mut previous_values = BTreeMap::new();
    previous_values.insert(qid("GOV-01"), AnswerValue::NonCompliant);
    previous_values.insert(qid("GOV-02"), AnswerValue::Compliant);
    previous_values.insert(qid("DAT-01"), AnswerValue::Partial);
    let mut input = ReportInput {
        organization: Organization {
            name: "示例数据科技有限公司".to_owned(),
            uscc: "91110000MA01ABCD1X".to_owned(),
            industry: "信息传输、软件和信息技术服务业".to_owned(),
            region: "北京市".to_owned(),
        },
        cycle: "2026 年度".to_owned(),
        questionnaire: questionnaire(),
        catalog: catalog(),
        status: AssessmentStatus::Draft,
        profile,
        answers,
        answer_meta,
        evidence: vec![
            Evidence {
                question: qid("GOV-01"),
                name: "任命决议.pdf".to_owned(),
                sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
                    .to_owned(),
                size: 245_760,
                media_type: "application/pdf".to_owned(),
            },
            Evidence {
                question: qid("GOV-02"),
                name: "data-security-policy-v3.docx".to_owned(),
                sha256: "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"
                    .to_owned(),
                size: 1_258_291,
                media_type:
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                        .to_owned(),
            },
        ],
        remediation: vec![Remediation {
            question: qid("DAT-01"),
            owner: "李强".to_owned(),
            due: "2026-06-30".to_owned(),
            status: RemediationStatus::InProgress,
            comment: "委托外部机构梳理数据资产。".to_owned(),
        }],
        sign_off: SignOff {
            assessor: Some(Signature {
                name: "张敏".to_owned(),
                date: "2026-03-10".to_owned(),
            }),
            reviewer: Some(Signature {
                name: "王芳".to_owned(),
                date: "2026-03-12".to_owned(),
            }),
            approver: None,
        },
        previous: Some(PreviousCycle {
            cycle: "2025 年度".to_owned(),
            overall: Some(48.5),
            values: previous_values,
            comparison: None,
        }),
        trend: vec![
            TrendPoint {
                cycle: "2024 年度".to_owned(),
                score: 35.0,
            },
            TrendPoint {
                cycle: "2025 年度".to_owned(),
                score: 48.5,
            },
        ],
        carried_from: Some("2025 年度".to_owned()),
        subject: None,
        instruments: vec![CitedInstrument {
            instrument: "DSL".to_owned(),
            current_to: "2021-09-01".to_owned(),
            version: Some(InstrumentVersion {
                effective: "2021-09-01".to_owned(),
                label: Text::new("2021年6月10日通过", "adopted on 10 June 2021"),
            }),
            later_versions: Vec::new(),
            changed_since: Vec::new(),
        }],
    };
    with_comparison(&mut input);
    input
}

/// Fills in the previous cycle's comparison the way the server does, by
/// `questionnaires::compare`, from its answers under the same questionnaire and profile, with
/// the overdue items decided as of 2026-07-01.
pub fn with_comparison(input: &mut ReportInput) {
    use questionnaires::compare::{Date, PlanItem, Side};
    let Some(previous) = &mut input.previous else {
        return;
    };
    let before: questionnaires::Answers = previous
        .values
        .iter()
        .map(|(id, value)| {
            let mut a = answer(*value, "");
            if *value == AnswerValue::NotApplicable {
                a.na_reason = Some("上一周期不涉及".to_owned());
            }
            (id.clone(), a)
        })
        .collect();
    let plan: Vec<PlanItem> = input
        .remediation
        .iter()
        .map(|r| PlanItem {
            question: r.question.clone(),
            owner: r.owner.clone(),
            due: Some(r.due.clone()),
            status: r.status,
        })
        .collect();
    previous.comparison = Some(
        questionnaires::compare(
            &Side {
                cycle: &previous.cycle,
                questionnaire: &input.questionnaire,
                profile: &input.profile,
                answers: &before,
            },
            &Side {
                cycle: &input.cycle,
                questionnaire: &input.questionnaire,
                profile: &input.profile,
                answers: &input.answers,
            },
            &input.catalog,
            &plan,
            Date::parse("2026-07-01").expect("a date"),
        )
        .expect("the fixture compares"),
    );
}

/// A synthetic assessment of `n` questions in domains of 15, all answered, with a note on each
/// question and evidence on every third, for size and speed tests.
pub fn synthetic(n: usize) -> ReportInput {
    let mut input = fixture();
    let cites = ["DSL 27.1", "DSL 21.1", "PIPL 51", "PIPL 55"];
    let values = [
        AnswerValue::Compliant,
        AnswerValue::Partial,
        AnswerValue::Compliant,
        AnswerValue::NonCompliant,
        AnswerValue::Compliant,
    ];
    let mut domains = Vec::new();
    let mut answers = BTreeMap::new();
    let mut evidence = Vec::new();
    for d in 0..n.div_ceil(15) {
        let prefix: String = format!("S{}", char::from(b'A' + (d % 26) as u8));
        let mut questions = Vec::new();
        for k in 0..15.min(n - d * 15) {
            let id = format!("{prefix}-{:02}", k + 1);
            let i = d * 15 + k;
            questions.push(question(
                &id,
                &format!("第 {i} 项：是否按照制度要求对数据处理活动开展了风险监测，并记录、分析和处置发现的问题？"),
                &format!("Question {i}: is data processing monitored for risks as the policy requires, with findings recorded, analysed and handled?"),
                (i % 5 + 1) as u8,
                i % 7 == 0,
                &[cites[i % 4], cites[(i + 1) % 4]],
            ));
            answers.insert(
                qid(&id),
                answer(
                    values[i % 5],
                    "已在季度报告中记录监测结果，相关证据见附件；下一步将完善自动化告警。",
                ),
            );
            if i % 3 == 0 {
                evidence.push(Evidence {
                    question: qid(&id),
                    name: format!("evidence-{i:03}.pdf"),
                    sha256: format!("{:064x}", i * 7919),
                    size: 10_000 + i as u64 * 37,
                    media_type: "application/pdf".to_owned(),
                });
            }
        }
        domains.push(Domain {
            id: format!("d{d}"),
            title: Text::new(
                format!("合成领域 {}", d + 1),
                format!("Synthetic domain {}", d + 1),
            ),
            applies: Condition::Always,
            questions,
        });
    }
    input.questionnaire.domains = domains;
    input.answers = answers;
    input.answer_meta.clear();
    input.evidence = evidence;
    input.remediation.clear();
    input.previous = None;
    input
}

/// Runs a tool on a PDF written to a temporary file and returns its stdout.
pub fn run_tool(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!(
        "ziping-report-{}-{tool}-{}",
        std::process::id(),
        unique()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("report.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new(tool)
        .args(args)
        .arg(&path)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("cannot run {tool} (install poppler-utils and qpdf): {e}"));
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success() || tool == "qpdf",
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// The text of a PDF with all whitespace removed, so that line breaks and the spacing poppler
/// guesses between CJK characters do not matter.
pub fn squeezed_text(pdf: &[u8]) -> String {
    run_tool("pdftotext", &["-enc", "UTF-8"], pdf)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The text of each page (pdftotext separates pages with form feeds).
pub fn page_texts(pdf: &[u8]) -> Vec<String> {
    let text = run_tool("pdftotext", &["-enc", "UTF-8", "-layout"], pdf);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Asserts that `needles` occur in `haystack` in this order (whitespace ignored).
pub fn assert_in_order(haystack: &str, needles: &[&str]) {
    let mut from = 0;
    for needle in needles {
        let squeezed: String = needle.chars().filter(|c| !c.is_whitespace()).collect();
        match haystack[from..].find(&squeezed) {
            Some(at) => from += at + squeezed.len(),
            None => {
                let found_earlier = haystack.contains(&squeezed);
                panic!(
                    "“{needle}” not found after position {from} (present elsewhere: {found_earlier})"
                );
            }
        }
    }
}

/// `target/report-pages`, next to the build output.
pub fn pages_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("report-pages")
}

/// The report of bundled questionnaire `id` (its latest version) with every profile fact set
/// so that every question applies, every question answered (a mix of all four answers, with
/// notes, evidence and remediation), signed off and compared with earlier cycles; the number
/// of errors when the bundled content does not load.
pub fn bundled_input(id: &str) -> Result<ReportInput, usize> {
    let loaded = questionnaires::load_bundled();
    let mut input = fixture();
    let Some(q) = loaded
        .library
        .questionnaires
        .iter()
        .filter(|q| q.id == id)
        .max_by(|a, b| a.version.cmp(&b.version))
        .filter(|_| !loaded.has_errors())
        .cloned()
    else {
        return Err(loaded.error_count().max(1));
    };
    input.profile = q
        .profile
        .iter()
        .map(|f| {
            let value = match &f.kind {
                FactKind::YesNo => FactValue::Bool(true),
                FactKind::OneOf { options } => {
                    FactValue::Choice(options.last().map(|o| o.id.clone()).unwrap_or_default())
                }
            };
            (f.id.clone(), value)
        })
        .collect();
    input.catalog = loaded.library.catalog.clone();
    input.questionnaire = q;
    input.status = AssessmentStatus::Approved;
    input.answers.clear();
    input.answer_meta.clear();
    input.evidence.clear();
    input.remediation.clear();
    let mut previous = BTreeMap::new();
    let cycle = [
        AnswerValue::Compliant,
        AnswerValue::Compliant,
        AnswerValue::Partial,
        AnswerValue::Compliant,
        AnswerValue::NonCompliant,
        AnswerValue::Compliant,
        AnswerValue::Partial,
    ];
    let ids: Vec<_> = input
        .questionnaire
        .questions()
        .map(|(_, q)| q.id.clone())
        .collect();
    for (i, id) in ids.into_iter().enumerate() {
        let value = if i % 17 == 16 {
            AnswerValue::NotApplicable
        } else {
            cycle[i % cycle.len()]
        };
        let na_reason = (value == AnswerValue::NotApplicable)
            .then(|| "本单位不存在该项所述的处理活动，经法务部确认。".to_owned());
        let note = "已建立相应制度并于 2025 年第四季度执行；相关记录保存在合规管理平台，抽查 3 份记录均符合要求。".to_owned();
        input.answers.insert(
            id.clone(),
            Answer {
                value,
                na_reason,
                note,
            },
        );
        input.answer_meta.insert(
            id.clone(),
            AnswerMeta {
                updated_by: "张敏".to_owned(),
                updated_at: "2026-03-01T09:30:00Z".to_owned(),
                carried: false,
            },
        );
        if i % 2 == 0 {
            input.evidence.push(Evidence {
                question: id.clone(),
                name: format!("{id}-记录-{i:03}.pdf"),
                sha256: format!("{:064x}", (i as u128 + 1) * 0x9e37_79b9_7f4a_7c15),
                size: 40_000 + i as u64 * 1_311,
                media_type: "application/pdf".to_owned(),
            });
        }
        if matches!(value, AnswerValue::Partial | AnswerValue::NonCompliant) {
            input.remediation.push(Remediation {
                question: id.clone(),
                owner: "李强".to_owned(),
                due: "2026-09-30".to_owned(),
                status: if i % 3 == 0 {
                    RemediationStatus::InProgress
                } else {
                    RemediationStatus::Open
                },
                comment: "制定整改方案，下季度完成。".to_owned(),
            });
        }
        previous.insert(id, cycle[(i + 3) % cycle.len()]);
    }
    input.sign_off = SignOff {
        assessor: Some(Signature {
            name: "张敏".to_owned(),
            date: "2026-03-10".to_owned(),
        }),
        reviewer: Some(Signature {
            name: "王芳".to_owned(),
            date: "2026-03-12".to_owned(),
        }),
        approver: Some(Signature {
            name: "陈刚".to_owned(),
            date: "2026-03-14".to_owned(),
        }),
    };
    input.previous = Some(PreviousCycle {
        cycle: "2025 年度".to_owned(),
        overall: Some(71.2),
        values: previous,
        comparison: None,
    });
    with_comparison(&mut input);
    input.trend = vec![
        TrendPoint {
            cycle: "2023 年度".to_owned(),
            score: 52.0,
        },
        TrendPoint {
            cycle: "2024 年度".to_owned(),
            score: 63.5,
        },
        TrendPoint {
            cycle: "2025 年度".to_owned(),
            score: 71.2,
        },
    ];
    Ok(input)
}
