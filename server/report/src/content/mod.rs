//! What the report says: the snapshot and its score turned into layout blocks, in Chinese or
//! English. The order of the sections is the design's: cover · contents · executive summary ·
//! charts · results by domain · gaps and remediation plan · evidence index · methodology ·
//! sign-off · appendix of the cited articles.

mod markdown;

use std::collections::{BTreeMap, BTreeSet};

use questionnaires::compare::{Movement, Standing};
use questionnaires::score::{
    Band, Excluded, ExcludedBy, Gap, ReadinessLevel, Score, display, display_score,
};
use questionnaires::{
    AnswerValue, Citation, FactKind, FactValue, InstrumentStatus, Lang, Question, QuestionId, Text,
};

use crate::input::{AssessmentStatus, RemediationStatus, ReportInput};
use crate::layout::{
    Align, Bar, BarChart, Block, Cell, Color, Column, Figure, Heading, LineChart, Marker,
    Paragraph, Row, Span, Table,
};

pub(crate) use markdown::{language_section, markdown_blocks, markdown_spans};

pub(crate) const GREEN: Color = Color(0x2e, 0x7d, 0x32);
pub(crate) const AMBER: Color = Color(0xb2, 0x6a, 0x00);
pub(crate) const RED: Color = Color(0xc6, 0x28, 0x28);
const BLUE: Color = Color(0x1f, 0x5f, 0x9f);
const TINT: Color = Color(0xf1, 0xf5, 0xfa);

/// Table text size.
const TABLE_SIZE: f32 = 8.0;

/// Everything the sections need, in one place.
pub(crate) struct Ctx<'a> {
    pub input: &'a ReportInput,
    pub score: &'a Score,
    pub lang: Lang,
    pub digest: &'a str,
    pub report_id: &'a str,
    /// The generation time as printed.
    pub generated: &'a str,
    /// The methodology text (Markdown) in the report's language.
    pub method: &'a str,
}

impl Ctx<'_> {
    fn t(&self, zh: &'static str, en: &'static str) -> &'static str {
        match self.lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    fn tx<'t>(&self, text: &'t Text) -> &'t str {
        text.get(self.lang)
    }

    fn question(&self, id: &QuestionId) -> Option<&Question> {
        self.input.questionnaire.question(id)
    }

    fn cite(&self, c: &Citation) -> String {
        c.long_form(&self.input.catalog, self.lang)
    }

    fn cites(&self, cs: &[Citation]) -> String {
        cs.iter()
            .map(|c| self.cite(c))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn answer_label(&self, value: Option<AnswerValue>) -> (String, Color) {
        match value {
            Some(v) => (self.tx(&v.label()).to_owned(), answer_color(v)),
            None => (self.t("未作答", "Unanswered").to_owned(), RED),
        }
    }

    fn sep(&self) -> &'static str {
        self.t("；", "; ")
    }
}

/// The report title in the snapshot's language.
pub(crate) fn title(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "数据安全合规自评估报告",
        Lang::En => "Data Security Compliance Self-Assessment Report",
    }
}

/// The whole report as blocks.
pub(crate) fn build(ctx: &Ctx) -> Vec<Block> {
    let mut b = Vec::new();
    cover(ctx, &mut b);
    b.push(heading(1, ctx.t("目录", "Contents"), false));
    b.push(Block::Toc);
    summary(ctx, &mut b);
    charts(ctx, &mut b);
    domains(ctx, &mut b);
    gaps(ctx, &mut b);
    evidence(ctx, &mut b);
    method(ctx, &mut b);
    sign_off(ctx, &mut b);
    appendix(ctx, &mut b);
    b
}

fn heading(level: u8, text: impl Into<String>, toc: bool) -> Block {
    Block::Heading(Heading {
        level,
        text: text.into(),
        toc,
        new_page: level == 1,
    })
}

fn para(text: impl Into<String>) -> Block {
    Block::Paragraph(Paragraph::text(text))
}

fn muted(text: impl Into<String>, size: f32) -> Block {
    Block::Paragraph(Paragraph {
        size,
        color: Color::MUTED,
        ..Paragraph::text(text)
    })
}

/// A table with a header row; each column is given with its heading.
fn table(columns: &[(Column, &str)], rows: Vec<Row>) -> Block {
    Block::Table(Table {
        columns: columns.iter().map(|(c, _)| *c).collect(),
        header: Some(columns.iter().map(|(_, h)| Cell::text(*h)).collect()),
        rows,
        size: TABLE_SIZE,
        zebra: true,
    })
}

/// A table without a header row.
fn bare_table(columns: Vec<Column>, rows: Vec<Row>) -> Block {
    Block::Table(Table {
        columns,
        header: None,
        rows,
        size: TABLE_SIZE,
        zebra: true,
    })
}

fn answer_color(v: AnswerValue) -> Color {
    match v {
        AnswerValue::Compliant => GREEN,
        AnswerValue::Partial => AMBER,
        AnswerValue::NonCompliant => RED,
        AnswerValue::NotApplicable => Color::MUTED,
    }
}

fn readiness_color(level: ReadinessLevel) -> Color {
    match level {
        ReadinessLevel::Ready => GREEN,
        ReadinessLevel::LargelyReady => AMBER,
        ReadinessLevel::NotReady => RED,
    }
}

fn band_color(band: Band) -> Color {
    match band {
        Band::High => RED,
        Band::Medium => AMBER,
        Band::Low => BLUE,
    }
}

fn score_color(ctx: &Ctx, score: Option<f64>) -> Color {
    let t = ctx.score.thresholds;
    match score {
        Some(s) if s >= t.ready => GREEN,
        Some(s) if s >= t.largely_ready => AMBER,
        Some(_) => RED,
        None => Color::MUTED,
    }
}

fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{}%", display(v)))
}

/// The date part of a stored timestamp (`2026-03-01T09:30:00Z` → `2026-03-01`).
fn date_of(stamp: &str) -> &str {
    let b = stamp.as_bytes();
    if b.len() > 10 && b[4] == b'-' && b[7] == b'-' && (b[10] == b'T' || b[10] == b' ') {
        &stamp[..10]
    } else {
        stamp
    }
}

/// A file size for people: `812 B`, `12.3 KB`, `4.5 MB`.
pub(crate) fn file_size(bytes: u64) -> String {
    const K: f64 = 1024.0;
    let b = bytes as f64;
    if b < K {
        format!("{bytes} B")
    } else if b < K * K {
        format!("{:.1} KB", b / K)
    } else if b < K * K * K {
        format!("{:.1} MB", b / K / K)
    } else {
        format!("{:.1} GB", b / K / K / K)
    }
}

fn cover(ctx: &Ctx, b: &mut Vec<Block>) {
    let input = ctx.input;
    let q = &input.questionnaire;
    b.push(Block::Spacer(70.0));
    b.push(Block::Paragraph(Paragraph {
        size: 24.0,
        color: Color::ACCENT,
        space_after: 10.0,
        ..Paragraph::new(vec![Span::bold(title(ctx.lang))])
    }));
    b.push(Block::Paragraph(Paragraph {
        size: 13.0,
        color: Color::MUTED,
        space_after: 28.0,
        ..Paragraph::text(match &input.subject {
            Some(app) => format!(
                "{} · {} · {}",
                input.organization.name, app.name, input.cycle
            ),
            None => format!("{} · {}", input.organization.name, input.cycle),
        })
    }));
    if input.status != AssessmentStatus::Approved {
        b.push(Block::Stamp {
            text: crate::DRAFT_MARK.to_owned(),
            color: RED,
            size: 20.0,
        });
        b.push(Block::Spacer(16.0));
    }
    let status = status_label(ctx, input.status);
    let kv = |k: &str, v: String| Row::new(vec![Cell::bold(k), Cell::text(v)]);
    let mut rows = vec![
        kv(
            ctx.t("被评估单位", "Organization"),
            input.organization.name.clone(),
        ),
        kv(
            ctx.t("统一社会信用代码", "Unified social credit code"),
            input.organization.uscc.clone(),
        ),
        kv(
            ctx.t("行业 / 地区", "Industry / region"),
            format!(
                "{} / {}",
                input.organization.industry, input.organization.region
            ),
        ),
    ];
    if let Some(app) = &input.subject {
        let given = |value: &str| {
            if value.is_empty() {
                ctx.t("未填写", "Not given").to_owned()
            } else {
                value.to_owned()
            }
        };
        rows.extend([
            kv(ctx.t("被评估App", "App assessed"), app.name.clone()),
            kv(
                ctx.t("平台", "Platform"),
                ctx.tx(&app.platform.label()).to_owned(),
            ),
            kv(ctx.t("版本", "Version"), given(&app.version)),
            kv(
                ctx.tx(&app.platform.package_label()),
                given(&app.package_id),
            ),
        ]);
    }
    rows.push(kv(ctx.t("评估周期", "Review cycle"), input.cycle.clone()));
    if let Some(from) = &input.carried_from {
        rows.push(kv(
            ctx.t("起点", "Started from"),
            match ctx.lang {
                Lang::Zh => format!(
                    "在 {from} 评估的基础上开展：沿用其单位画像、答案、证据和未完成的整改，答案逐项复核"
                ),
                Lang::En => format!(
                    "Carried forward from the {from} assessment: its profile, answers, evidence and unfinished remediation, each answer to be confirmed"
                ),
            },
        ));
    }
    rows.extend([
        kv(
            ctx.t("问卷", "Questionnaire"),
            format!(
                "{}\n{} {} · {} {}",
                ctx.tx(&q.title),
                ctx.t("版本", "version"),
                q.version,
                ctx.t("生效", "effective"),
                q.effective
            ),
        ),
        kv(ctx.t("评估状态", "Status"), status),
        kv(ctx.t("生成时间", "Generated"), ctx.generated.to_owned()),
        kv(ctx.t("报告编号", "Report ID"), ctx.report_id.to_owned()),
        kv(
            ctx.t("数据摘要（SHA-256）", "Data digest (SHA-256)"),
            ctx.digest.to_owned(),
        ),
    ]);
    b.push(Block::Table(Table {
        columns: vec![Column::new(0.3), Column::new(0.7)],
        header: None,
        rows,
        size: 9.0,
        zebra: false,
    }));
    b.push(muted(
        ctx.t(
            "数据摘要是生成本报告所用评估快照（规范 JSON）的 SHA-256 值。以同一快照重新计算摘要，即可核对本报告与评估数据是否一致。",
            "The data digest is the SHA-256 of the assessment snapshot (canonical JSON) this report was generated from. Recomputing it from the same snapshot verifies that the report matches the data.",
        ),
        8.0,
    ));
}

fn status_label(ctx: &Ctx, status: AssessmentStatus) -> String {
    match status {
        AssessmentStatus::Draft => ctx.t("草稿", "Draft"),
        AssessmentStatus::Submitted => ctx.t("已提交（待批准）", "Submitted (awaiting approval)"),
        AssessmentStatus::Approved => ctx.t("已批准", "Approved"),
        AssessmentStatus::Archived => ctx.t("已归档", "Archived"),
    }
    .to_owned()
}

fn summary(ctx: &Ctx, b: &mut Vec<Block>) {
    let s = ctx.score;
    let o = &s.overall;
    b.push(heading(
        1,
        ctx.t("一、执行摘要", "1. Executive summary"),
        true,
    ));

    let by_band = |band: Band| s.gaps.iter().filter(|g| g.band == band).count();
    let (high, medium, low) = (
        by_band(Band::High),
        by_band(Band::Medium),
        by_band(Band::Low),
    );
    b.push(Block::Figures(vec![
        Figure {
            value: display_score(o.score, ctx.lang),
            label: ctx
                .t("总分（满分 100）", "Overall score (of 100)")
                .to_owned(),
            color: score_color(ctx, o.score),
        },
        Figure {
            value: ctx.tx(&s.readiness.level.label()).to_owned(),
            label: ctx.t("就绪度", "Readiness").to_owned(),
            color: readiness_color(s.readiness.level),
        },
        Figure {
            value: percent(o.completion),
            label: format!(
                "{} {} / {}",
                ctx.t("完成度", "Completion"),
                o.answered,
                o.applicable
            ),
            color: Color::ACCENT,
        },
        Figure {
            value: s.gaps.len().to_string(),
            label: match ctx.lang {
                Lang::Zh => format!("差距项（高 {high} · 中 {medium} · 低 {low}）"),
                Lang::En => format!("Gaps (high {high}, medium {medium}, low {low})"),
            },
            color: if high > 0 { RED } else { Color::ACCENT },
        },
    ]));

    // The verdict in a line, then the reasons as a list grouped by rule, each with the
    // questions it concerns (the results page shows the same groups).
    b.push(Block::Paragraph(Paragraph {
        boxed: Some((TINT, Color::ACCENT)),
        space_after: 4.0,
        ..Paragraph::new(vec![
            Span::bold(ctx.t("就绪度判定：", "Readiness: ")),
            Span::bold(ctx.tx(&s.readiness.verdict())).colored(readiness_color(s.readiness.level)),
        ])
    }));
    let groups = s.readiness.groups();
    let last = groups.len().saturating_sub(1);
    for (i, group) in groups.iter().enumerate() {
        let mut spans = vec![Span::bold(ctx.tx(&group.title))];
        if !group.questions.is_empty() {
            let ids: Vec<&str> = group.questions.iter().map(|q| q.as_str()).collect();
            spans.push(Span::regular(format!(
                "{}{}",
                ctx.t("：", ": "),
                ids.join(", ")
            )));
        }
        b.push(Block::Paragraph(Paragraph {
            indent: 14.0,
            marker: Some("•".to_owned()),
            space_after: if i == last { 10.0 } else { 2.0 },
            ..Paragraph::new(spans)
        }));
    }

    // Answers copied from the previous cycle that nobody has confirmed are the reader's first
    // question about a new cycle's figures.
    let carried = ctx.input.answer_meta.values().filter(|m| m.carried).count();
    if carried > 0 {
        b.push(Block::Paragraph(Paragraph {
            boxed: Some((TINT, AMBER)),
            space_after: 10.0,
            ..Paragraph::new(vec![Span::bold(match ctx.lang {
                Lang::Zh => format!(
                    "有 {carried} 个答案沿用自上一周期，尚未经本周期复核；它们计入上述得分，在分领域评估结果中标为“沿用上一周期，未经复核”。"
                ),
                Lang::En => format!(
                    "{carried} answer{} carried over from the previous cycle {} not been confirmed in this cycle; {} counted in the figures above and marked “Carried over, not confirmed” in the results by domain.",
                    if carried == 1 { " was" } else { "s were" },
                    if carried == 1 { "and has" } else { "and have" },
                    if carried == 1 { "it is" } else { "they are" }
                ),
            })])
        }));
    }

    b.push(para(match ctx.lang {
        Lang::Zh => format!(
            "本次评估依据问卷《{}》（版本 {}），按单位画像适用 {} 个评估项，已作答 {} 个；另有 {} 个评估项按单位画像排除。就绪门槛为 {} 分，基本就绪门槛为 {} 分。",
            ctx.tx(&ctx.input.questionnaire.title),
            ctx.input.questionnaire.version,
            o.applicable,
            o.answered,
            s.excluded.len(),
            display(s.thresholds.ready),
            display(s.thresholds.largely_ready)
        ),
        Lang::En => format!(
            "This assessment uses the questionnaire “{}” (version {}). The profile makes {} questions applicable, of which {} are answered; {} more are excluded by the profile. The Ready threshold is {} and the Largely ready threshold {}.",
            ctx.tx(&ctx.input.questionnaire.title),
            ctx.input.questionnaire.version,
            o.applicable,
            o.answered,
            s.excluded.len(),
            display(s.thresholds.ready),
            display(s.thresholds.largely_ready)
        ),
    }));

    b.push(heading(2, ctx.t("答题情况", "Answers"), false));
    let c = &o.counts;
    let center = |w| Column {
        weight: w,
        align: Align::Center,
    };
    b.push(table(
        &[
            (center(1.0), ctx.t("符合", "Compliant")),
            (center(1.0), ctx.t("部分符合", "Partial")),
            (center(1.0), ctx.t("不符合", "Non-compliant")),
            (center(1.0), ctx.t("不适用", "N/A")),
            (center(1.0), ctx.t("未作答", "Unanswered")),
            (center(1.0), ctx.t("按画像排除", "Excluded")),
            (center(1.0), ctx.t("合计", "Total")),
        ],
        vec![Row::new(
            [
                c.compliant,
                c.partial,
                c.non_compliant,
                c.not_applicable,
                c.unanswered,
                s.excluded.len() as u32,
                o.applicable + s.excluded.len() as u32,
            ]
            .iter()
            .map(|n| Cell::text(n.to_string()))
            .collect(),
        )],
    ));

    b.push(heading(2, ctx.t("差距分布", "Gaps by priority"), false));
    let critical = |band: Band| {
        s.gaps
            .iter()
            .filter(|g| g.band == band && g.critical)
            .count()
    };
    b.push(table(
        &[
            (Column::new(2.0), ctx.t("优先级", "Priority")),
            (Column::right(1.0), ctx.t("差距项", "Gaps")),
            (Column::right(1.0), ctx.t("其中关键项", "Of which critical")),
        ],
        [Band::High, Band::Medium, Band::Low]
            .iter()
            .map(|&band| {
                Row::new(vec![
                    Cell::new(vec![
                        Span::bold(ctx.tx(&band.label())).colored(band_color(band)),
                    ]),
                    Cell::text(by_band(band).to_string()),
                    Cell::text(critical(band).to_string()),
                ])
            })
            .collect(),
    ));
    b.push(muted(
        ctx.t(
            "优先级 = 权重 ×（1 − 得分值）×（关键项为 2，否则为 1）；≥ 6 为高，≥ 3 为中，其余为低。",
            "Priority = weight × (1 − value) × (2 for a critical question, else 1); 6 or more is high, 3 or more medium, the rest low.",
        ),
        8.0,
    ));

    b.push(heading(
        2,
        ctx.t("优先整改的前 10 项差距", "Top 10 gaps"),
        false,
    ));
    if s.gaps.is_empty() {
        b.push(para(ctx.t(
            "没有差距：所有适用评估项均为符合或不适用。",
            "No gaps: every applicable question is Compliant or not applicable.",
        )));
    } else {
        let rows = s
            .gaps
            .iter()
            .take(10)
            .enumerate()
            .map(|(i, g)| gap_row(ctx, i, g, false))
            .collect();
        b.push(table(
            &[
                (Column::new(0.05), "#"),
                (Column::new(0.42), ctx.t("评估项", "Question")),
                (Column::new(0.15), ctx.t("结论", "Answer")),
                (Column::new(0.13), ctx.t("优先级", "Priority")),
                (Column::new(0.25), ctx.t("依据", "Citations")),
            ],
            rows,
        ));
    }

    previous_cycle(ctx, b);
}

/// A row of the top-10 table (`plan` false) or of the remediation plan (`plan` true).
fn gap_row(ctx: &Ctx, i: usize, g: &Gap, plan: bool) -> Row {
    let text = ctx.question(&g.question).map_or("", |q| ctx.tx(&q.text));
    let mut question = vec![Span::bold(format!("{} ", g.question))];
    if g.critical {
        question.push(Span::bold(format!("{} ", ctx.t("关键项", "critical"))).colored(RED));
    }
    question.push(Span::regular(text));
    let (answer, color) = ctx.answer_label(g.answer);
    let priority = Cell::new(vec![
        Span::bold(ctx.tx(&g.band.label())).colored(band_color(g.band)),
        Span::regular(format!(" {}", display(g.priority))).colored(Color::MUTED),
    ]);
    if !plan {
        return Row::new(vec![
            Cell::text((i + 1).to_string()),
            Cell::new(question),
            Cell::new(vec![Span::bold(answer).colored(color)]),
            priority,
            Cell::text(ctx.cites(&g.citations)),
        ]);
    }
    question.push(
        Span::regular(format!("\n{}{}", ctx.t("结论：", "Answer: "), answer)).colored(Color::MUTED),
    );
    let plan_entry = ctx
        .input
        .remediation
        .iter()
        .find(|r| r.question == g.question);
    if let Some(r) = plan_entry.filter(|r| !r.comment.trim().is_empty()) {
        question.push(Span::regular(format!(
            "\n{}{}",
            ctx.t("整改说明：", "Remediation note: "),
            r.comment
        )));
    }
    let mut law = vec![Span::regular(ctx.cites(&g.citations))];
    if !g.penalties.is_empty() {
        law.push(Span::bold(format!("\n{}", ctx.t("罚则：", "Penalty: "))));
        law.push(Span::regular(ctx.cites(&g.penalties)));
    }
    let (owner, due, status) = match plan_entry {
        Some(r) => {
            let (label, color) = match r.status {
                RemediationStatus::Open => (ctx.t("未开始", "Open"), RED),
                RemediationStatus::InProgress => (ctx.t("进行中", "In progress"), AMBER),
                RemediationStatus::Done => (ctx.t("已完成", "Done"), GREEN),
                RemediationStatus::Accepted => (ctx.t("风险已接受", "Risk accepted"), AMBER),
            };
            (
                Cell::text(&r.owner),
                Cell::text(&r.due),
                Cell::new(vec![Span::bold(label).colored(color)]),
            )
        }
        None => {
            let none = || {
                Cell::new(vec![
                    Span::regular(ctx.t("未指定", "not set")).colored(Color::MUTED),
                ])
            };
            (none(), none(), none())
        }
    };
    Row::new(vec![
        Cell::text((i + 1).to_string()),
        Cell::new(question),
        priority,
        Cell::new(law),
        owner,
        due,
        status,
    ])
}

/// An answer (or its absence) in the comparison table.
fn standing_span(ctx: &Ctx, standing: Standing, bold: bool) -> Span {
    let (text, color) = match standing {
        Standing::Answered(v) => (ctx.tx(&v.label()).to_owned(), answer_color(v)),
        Standing::Unanswered => (ctx.t("未作答", "Unanswered").to_owned(), RED),
        Standing::Excluded => (
            ctx.t("不适用（画像排除）", "Excluded by the profile")
                .to_owned(),
            Color::MUTED,
        ),
        Standing::Absent => (
            ctx.t("（无此项）", "(not in that version)").to_owned(),
            Color::MUTED,
        ),
    };
    let span = if bold {
        Span::bold(text)
    } else {
        Span::regular(text)
    };
    span.colored(color)
}

fn movement_span(ctx: &Ctx, movement: Movement) -> Span {
    let (text, color) = match movement {
        Movement::Improved => (ctx.t("改善", "Improved"), GREEN),
        Movement::Regressed => (ctx.t("退步", "Regressed"), RED),
        Movement::Unchanged => (ctx.t("不变", "Unchanged"), Color::MUTED),
        Movement::New => (ctx.t("新增", "New"), AMBER),
        Movement::Removed => (ctx.t("移除", "Removed"), AMBER),
    };
    Span::bold(text).colored(color)
}

/// A change of score as printed: `+3.5`, `−2.0`, or nothing when either side is not scored.
fn signed(change: Option<f64>) -> String {
    match change {
        Some(d) => format!("{}{}", if d >= 0.0 { "+" } else { "−" }, display(d.abs())),
        None => "—".to_owned(),
    }
}

fn previous_cycle(ctx: &Ctx, b: &mut Vec<Block>) {
    b.push(heading(
        2,
        ctx.t("与上一周期相比", "Change since the previous cycle"),
        false,
    ));
    let Some(prev) = &ctx.input.previous else {
        b.push(para(match ctx.input.subject {
            Some(_) => ctx.t(
                "没有上一周期的评估数据；本报告为该App的首次评估，无法比较变化。",
                "There is no previous cycle to compare with; this is the App's first assessment.",
            ),
            None => ctx.t(
                "没有上一周期的评估数据；本报告为该单位的首次评估，无法比较变化。",
                "There is no previous cycle to compare with; this is the organization's first assessment.",
            ),
        }));
        return;
    };
    let Some(c) = &prev.comparison else {
        // A report of record approved before comparisons were recorded: only the scores.
        let now = ctx.score.overall.score;
        let change = prev.overall.zip(now).map(|(p, n)| n - p);
        b.push(para(match ctx.lang {
            Lang::Zh => format!(
                "上一周期（{}）总分 {}，本周期 {}（{}）。",
                prev.cycle,
                display_score(prev.overall, ctx.lang),
                display_score(now, ctx.lang),
                signed(change)
            ),
            Lang::En => format!(
                "The previous cycle ({}) scored {}, this cycle {} ({}).",
                prev.cycle,
                display_score(prev.overall, ctx.lang),
                display_score(now, ctx.lang),
                signed(change)
            ),
        }));
        return;
    };
    let n = &c.counts;
    b.push(para(match ctx.lang {
        Lang::Zh => format!(
            "上一周期（{}）总分 {}，本周期 {}（{}）。与上一周期相比，{} 个评估项改善，{} 个退步，{} 个不变，{} 个新增，{} 个移除；关闭差距 {} 个，新增差距 {} 个，{} 个差距仍未解决；截至 {} 逾期的整改项 {} 个。",
            c.before.cycle,
            display_score(c.overall.before, ctx.lang),
            display_score(c.overall.after, ctx.lang),
            signed(c.overall.change),
            n.improved, n.regressed, n.unchanged, n.new, n.removed,
            c.gaps_closed.len(), c.gaps_opened.len(), c.gaps_still_open.len(),
            c.as_of, c.overdue.len()
        ),
        Lang::En => format!(
            "The previous cycle ({}) scored {}, this cycle {} ({}). Compared with it: improved {}, regressed {}, unchanged {}, new {}, removed {}; gaps closed {}, gaps opened {}, gaps still open {}; remediation items overdue as of {}: {}.",
            c.before.cycle,
            display_score(c.overall.before, ctx.lang),
            display_score(c.overall.after, ctx.lang),
            signed(c.overall.change),
            n.improved, n.regressed, n.unchanged, n.new, n.removed,
            c.gaps_closed.len(), c.gaps_opened.len(), c.gaps_still_open.len(),
            c.as_of, c.overdue.len()
        ),
    }));
    let score_row = |label: String, s: &questionnaires::compare::ScoreChange| {
        Row::new(vec![
            Cell::text(label),
            Cell::text(display_score(s.before, ctx.lang)),
            Cell::text(display_score(s.after, ctx.lang)),
            Cell::text(signed(s.change)),
        ])
    };
    let rows = std::iter::once(score_row(ctx.t("总分", "Overall").to_owned(), &c.overall))
        .chain(
            c.domains
                .iter()
                .map(|d| score_row(ctx.tx(&d.title).to_owned(), &d.score)),
        )
        .collect();
    b.push(table(
        &[
            (Column::new(0.55), ctx.t("领域", "Domain")),
            (Column::new(0.15), ctx.t("上一周期", "Previous")),
            (Column::new(0.15), ctx.t("本周期", "Now")),
            (Column::new(0.15), ctx.t("变化", "Change")),
        ],
        rows,
    ));
    let changed: Vec<&questionnaires::compare::QuestionChange> = [
        Movement::Regressed,
        Movement::Improved,
        Movement::New,
        Movement::Removed,
    ]
    .iter()
    .flat_map(|m| c.questions.iter().filter(move |q| q.movement == *m))
    .collect();
    if !changed.is_empty() {
        let rows = changed
            .iter()
            .map(|q| {
                Row::new(vec![
                    Cell::new(vec![
                        Span::bold(format!("{} ", q.question)),
                        Span::regular(ctx.tx(&q.text)),
                    ]),
                    Cell::new(vec![standing_span(ctx, q.before, false)]),
                    Cell::new(vec![standing_span(ctx, q.after, true)]),
                    Cell::new(vec![movement_span(ctx, q.movement)]),
                ])
            })
            .collect();
        b.push(table(
            &[
                (Column::new(0.55), ctx.t("评估项", "Question")),
                (Column::new(0.15), ctx.t("上一周期", "Previous")),
                (Column::new(0.15), ctx.t("本周期", "Now")),
                (Column::new(0.15), ctx.t("变化", "Change")),
            ],
            rows,
        ));
    }
    if !c.overdue.is_empty() {
        b.push(para(ctx.t("逾期的整改项：", "Remediation items overdue:")));
        let rows = c
            .overdue
            .iter()
            .map(|o| {
                Row::new(vec![
                    Cell::text(o.question.to_string()),
                    Cell::text(&o.owner),
                    Cell::text(&o.due),
                    Cell::new(vec![
                        Span::bold(match ctx.lang {
                            Lang::Zh => format!("{} 天", o.days),
                            Lang::En => format!("{} days", o.days),
                        })
                        .colored(RED),
                    ]),
                ])
            })
            .collect();
        b.push(table(
            &[
                (Column::new(0.25), ctx.t("评估项", "Question")),
                (Column::new(0.35), ctx.t("负责人", "Owner")),
                (Column::new(0.2), ctx.t("完成期限", "Due")),
                (Column::new(0.2), ctx.t("已逾期", "Overdue by")),
            ],
            rows,
        ));
    }
}

fn markers(ctx: &Ctx) -> Vec<Marker> {
    let t = ctx.score.thresholds;
    vec![
        Marker {
            value: t.largely_ready,
            label: format!(
                "{} {}",
                ctx.t("基本就绪", "Largely ready"),
                display(t.largely_ready)
            ),
            color: AMBER,
        },
        Marker {
            value: t.ready,
            label: format!("{} {}", ctx.t("就绪", "Ready"), display(t.ready)),
            color: GREEN,
        },
    ]
}

fn charts(ctx: &Ctx, b: &mut Vec<Block>) {
    let s = ctx.score;
    b.push(heading(
        1,
        ctx.t("二、评分图表", "2. Scores in charts"),
        true,
    ));
    b.push(heading(2, ctx.t("各领域得分", "Score by domain"), false));
    let bars = ctx
        .input
        .questionnaire
        .domains
        .iter()
        .filter_map(|d| {
            let ds = s.domain(&d.id)?;
            Some(Bar {
                label: ctx.tx(&d.title).to_owned(),
                value: ds.tally.score,
                color: score_color(ctx, ds.tally.score),
            })
        })
        .collect();
    b.push(Block::BarChart(BarChart {
        bars,
        markers: markers(ctx),
        none_label: ctx.t("不适用", "n/a").to_owned(),
    }));

    b.push(heading(
        2,
        ctx.t("各法规得分", "Score by instrument"),
        false,
    ));
    b.push(muted(
        ctx.t(
            "每部法规的得分按引用该法规的适用评估项计算。",
            "Each instrument's score is computed over the applicable questions that cite it.",
        ),
        8.5,
    ));
    let bars = s
        .instruments
        .iter()
        .map(|i| {
            let label = ctx
                .input
                .catalog
                .instrument(&i.instrument)
                .map_or(i.instrument.clone(), |ins| ctx.tx(&ins.short).to_owned());
            Bar {
                label,
                value: i.tally.score,
                color: score_color(ctx, i.tally.score),
            }
        })
        .collect();
    b.push(Block::BarChart(BarChart {
        bars,
        markers: markers(ctx),
        none_label: ctx.t("不适用", "n/a").to_owned(),
    }));

    b.push(heading(
        2,
        ctx.t("历次评估总分趋势", "Overall score across review cycles"),
        false,
    ));
    let mut points: Vec<(String, f64)> = ctx
        .input
        .trend
        .iter()
        // A score that is not a number (possible only through the Rust API) cannot be drawn.
        .filter(|p| p.score.is_finite())
        .map(|p| (p.cycle.clone(), p.score))
        .collect();
    if let Some(now) = s.overall.score
        && points.last().is_none_or(|(c, _)| *c != ctx.input.cycle)
    {
        points.push((ctx.input.cycle.clone(), now));
    }
    if points.len() < 2 {
        b.push(para(ctx.t(
            "只有本周期的评估结果，趋势将在下一周期评估后显示。",
            "Only this cycle has a score so far; the trend appears after the next cycle.",
        )));
    }
    b.push(Block::LineChart(LineChart {
        points,
        markers: markers(ctx),
        color: Color::ACCENT,
    }));
}

fn domains(ctx: &Ctx, b: &mut Vec<Block>) {
    let s = ctx.score;
    b.push(heading(
        1,
        ctx.t("三、分领域评估结果", "3. Results by domain"),
        true,
    ));
    let has_checks = ctx
        .input
        .questionnaire
        .questions()
        .any(|(_, q)| !q.check.is_empty());
    b.push(muted(
        match has_checks {
            false => ctx.t(
                "每个领域列出全部评估项：结论、说明（含不适用理由、最近修改人）和所依据的条款。按单位画像排除的评估项不计分。",
                "Each domain lists all its questions: the answer, the note (with the reason for N/A and who changed it last) and the articles it checks. Questions excluded by the profile are not scored.",
            ),
            true => ctx.t(
                "每个领域列出全部评估项：结论、说明（含不适用理由、最近修改人）和所依据的条款；评估项下方写明在设备上如何检查。按单位画像排除的评估项不计分。",
                "Each domain lists all its questions: the answer, the note (with the reason for N/A and who changed it last) and the articles it checks; beneath each question, how to check it on a device. Questions excluded by the profile are not scored.",
            ),
        },
        8.5,
    ));
    let excluded: BTreeMap<&QuestionId, &Excluded> =
        s.excluded.iter().map(|e| (&e.question, e)).collect();
    let evidence_count = |id: &QuestionId| {
        ctx.input
            .evidence
            .iter()
            .filter(|e| &e.question == id)
            .count()
    };
    for (n, domain) in ctx.input.questionnaire.domains.iter().enumerate() {
        let ds = s.domain(&domain.id);
        b.push(Block::Heading(Heading {
            level: 2,
            text: format!("{}.{} {}", 3, n + 1, ctx.tx(&domain.title)),
            toc: true,
            new_page: false,
        }));
        match ds {
            Some(ds) if ds.applies => {
                let t = &ds.tally;
                let c = &t.counts;
                b.push(Block::Paragraph(Paragraph {
                    size: 8.5,
                    color: Color::MUTED,
                    ..Paragraph::new(vec![
                        Span::bold(format!("{} {}", ctx.t("得分", "Score"), display_score(t.score, ctx.lang))).colored(score_color(ctx, t.score)),
                        Span::regular(match ctx.lang {
                            Lang::Zh => format!(
                                " · 完成度 {} · 符合 {} · 部分符合 {} · 不符合 {} · 不适用 {} · 未作答 {}",
                                percent(t.completion), c.compliant, c.partial, c.non_compliant, c.not_applicable, c.unanswered
                            ),
                            Lang::En => format!(
                                " | completion {} | compliant {} | partial {} | non-compliant {} | N/A {} | unanswered {}",
                                percent(t.completion), c.compliant, c.partial, c.non_compliant, c.not_applicable, c.unanswered
                            ),
                        }),
                    ])
                }));
            }
            _ => b.push(muted(
                ctx.t(
                    "本领域的适用条件对本单位画像不成立，其评估项均按画像排除，不计分。",
                    "This domain's condition does not hold for the profile: all its questions are excluded and not scored.",
                ),
                8.5,
            )),
        }
        let rows = domain
            .questions
            .iter()
            .map(|q| {
                let mut id = vec![Span::bold(q.id.to_string())];
                id.push(
                    Span::regular(format!("\n{} {}", ctx.t("权重", "weight"), q.weight))
                        .colored(Color::MUTED),
                );
                if q.critical {
                    id.push(Span::bold(format!("\n{}", ctx.t("关键项", "critical"))).colored(RED));
                }
                let answer = ctx.input.answers.get(&q.id);
                let (label, color) = if excluded.contains_key(&q.id) {
                    (
                        ctx.t("按画像排除", "Excluded by profile").to_owned(),
                        Color::MUTED,
                    )
                } else {
                    ctx.answer_label(answer.map(|a| a.value))
                };
                let mut note: Vec<Span> = Vec::new();
                // The method requires an excluded question to show the condition that excludes
                // it; the fact ids are those of the profile table in the methodology.
                if let Some(e) = excluded.get(&q.id) {
                    note.push(Span::bold(match e.by {
                        ExcludedBy::Domain => {
                            ctx.t("领域适用条件不成立：", "Domain condition not met: ")
                        }
                        ExcludedBy::Question => ctx.t("适用条件不成立：", "Condition not met: "),
                    }));
                    note.push(Span::regular(format!("{}\n", e.condition)));
                }
                if let Some(a) = answer {
                    if let Some(reason) = a.na_reason.as_deref().filter(|r| !r.trim().is_empty()) {
                        note.push(Span::bold(ctx.t("不适用理由：", "Reason for N/A: ")));
                        note.push(Span::regular(format!("{reason}\n")));
                    }
                    if !a.note.trim().is_empty() {
                        note.push(Span::regular(format!("{}\n", a.note.trim_end())));
                    }
                }
                let files = evidence_count(&q.id);
                if files > 0 {
                    note.push(
                        Span::regular(match ctx.lang {
                            Lang::Zh => format!("证据 {files} 份\n"),
                            Lang::En => format!(
                                "{files} evidence file{}\n",
                                if files == 1 { "" } else { "s" }
                            ),
                        })
                        .colored(Color::MUTED),
                    );
                }
                if let Some(meta) = ctx.input.answer_meta.get(&q.id) {
                    if meta.carried {
                        note.push(Span::bold(
                            ctx.t("沿用上一周期，未经复核：", "Carried over, not confirmed: "),
                        ));
                    } else {
                        note.push(
                            Span::regular(ctx.t("修改：", "Changed: ")).colored(Color::MUTED),
                        );
                    }
                    note.push(
                        Span::regular(format!("{} {}", meta.updated_by, date_of(&meta.updated_at)))
                            .colored(Color::MUTED),
                    );
                }
                let mut question = vec![Span::regular(ctx.tx(&q.text))];
                let check = ctx.tx(&q.check).trim();
                if !check.is_empty() {
                    question.push(
                        Span::bold(format!(
                            "\n{}",
                            ctx.t("设备上如何检查：", "How to check on a device: ")
                        ))
                        .colored(Color::MUTED),
                    );
                    question.extend(
                        markdown_spans(check)
                            .into_iter()
                            .map(|span| span.colored(Color::MUTED)),
                    );
                }
                Row::new(vec![
                    Cell::new(id),
                    Cell::new(question),
                    Cell::new(vec![Span::bold(label).colored(color)]),
                    Cell::new(note),
                    Cell::text(ctx.cites(&q.citations)),
                ])
            })
            .collect();
        b.push(table(
            &[
                (Column::new(0.1), ctx.t("编号", "ID")),
                (Column::new(0.36), ctx.t("评估项", "Question")),
                (Column::new(0.11), ctx.t("结论", "Answer")),
                (Column::new(0.24), ctx.t("说明", "Note")),
                (Column::new(0.19), ctx.t("依据", "Citations")),
            ],
            rows,
        ));
    }
    if !s.ignored_answers.is_empty() {
        b.push(heading(2, ctx.t("已忽略的答案", "Ignored answers"), true));
        let ids: Vec<String> = s.ignored_answers.iter().map(ToString::to_string).collect();
        b.push(para(match ctx.lang {
            Lang::Zh => format!(
                "以下答案所对应的评估项编号不在本问卷中（例如来自旧版问卷、且未被新版评估项承接），不参与计分：{}。请复核人确认没有遗漏需要承接的答案。",
                ids.join("、")
            ),
            Lang::En => format!(
                "These answers are to question ids this questionnaire does not have (e.g. from an earlier version, not carried over) and take no part in the score: {}. The reviewer should confirm that no answer needed carrying over.",
                ids.join(", ")
            ),
        }));
    }
}

fn gaps(ctx: &Ctx, b: &mut Vec<Block>) {
    b.push(heading(
        1,
        ctx.t("四、差距与整改计划", "4. Gaps and remediation plan"),
        true,
    ));
    if ctx.score.gaps.is_empty() {
        b.push(para(ctx.t(
            "没有差距：所有适用评估项均为符合或不适用。",
            "No gaps: every applicable question is Compliant or not applicable.",
        )));
        return;
    }
    b.push(muted(
        ctx.t(
            "差距按优先级从高到低排列；同一优先级按问卷顺序。每项列出所依据的条款和该法规规定的罚则条款，以及整改责任人、期限和状态。",
            "Gaps are listed from the highest priority down, in questionnaire order within a priority. Each shows the articles it checks and the penalty article of the instrument, with the remediation owner, due date and status.",
        ),
        8.5,
    ));
    let rows = ctx
        .score
        .gaps
        .iter()
        .enumerate()
        .map(|(i, g)| gap_row(ctx, i, g, true))
        .collect();
    b.push(table(
        &[
            (Column::new(0.05), "#"),
            (Column::new(0.32), ctx.t("评估项", "Question")),
            (Column::new(0.1), ctx.t("优先级", "Priority")),
            (
                Column::new(0.22),
                ctx.t("依据与罚则", "Citations and penalty"),
            ),
            (Column::new(0.09), ctx.t("责任人", "Owner")),
            (Column::new(0.12), ctx.t("期限", "Due")),
            (Column::new(0.1), ctx.t("状态", "Status")),
        ],
        rows,
    ));
}

fn evidence(ctx: &Ctx, b: &mut Vec<Block>) {
    b.push(heading(1, ctx.t("五、证据索引", "5. Evidence index"), true));
    if ctx.input.evidence.is_empty() {
        b.push(para(ctx.t(
            "本次评估未附证据文件。",
            "No evidence files are attached to this assessment.",
        )));
        return;
    }
    b.push(muted(
        ctx.t(
            "每个证据文件的 SHA-256 值可用于核对所存文件未被改动。",
            "The SHA-256 of each evidence file verifies that the stored file is unchanged.",
        ),
        8.5,
    ));
    let order: BTreeMap<&QuestionId, usize> = ctx
        .input
        .questionnaire
        .questions()
        .enumerate()
        .map(|(i, (_, q))| (&q.id, i))
        .collect();
    let mut files: Vec<_> = ctx.input.evidence.iter().collect();
    files.sort_by(|a, b| {
        let key = |e: &crate::input::Evidence| {
            (
                order.get(&e.question).copied().unwrap_or(usize::MAX),
                e.question.clone(),
            )
        };
        key(a).cmp(&key(b)).then_with(|| a.name.cmp(&b.name))
    });
    let rows = files
        .iter()
        .enumerate()
        .map(|(i, e)| {
            Row::new(vec![
                Cell::text((i + 1).to_string()),
                Cell::bold(e.question.to_string()),
                Cell::new(vec![
                    Span::regular(&e.name),
                    Span::regular(format!("\n{}", e.media_type)).colored(Color::MUTED),
                ]),
                Cell::text(file_size(e.size)),
                Cell::text(&e.sha256),
            ])
        })
        .collect();
    b.push(Block::Table(Table {
        columns: vec![
            Column::new(0.05),
            Column::new(0.1),
            Column::new(0.33),
            Column::right(0.1),
            Column::new(0.42),
        ],
        header: Some(
            [
                "#",
                ctx.t("评估项", "Question"),
                ctx.t("文件", "File"),
                ctx.t("大小", "Size"),
                "SHA-256",
            ]
            .into_iter()
            .map(Cell::text)
            .collect(),
        ),
        rows,
        size: 7.5,
        zebra: true,
    }));
}

fn method(ctx: &Ctx, b: &mut Vec<Block>) {
    let q = &ctx.input.questionnaire;
    let s = ctx.score;
    b.push(heading(1, ctx.t("六、评估方法", "6. Methodology"), true));
    b.extend(markdown_blocks(ctx.method));

    b.push(heading(
        2,
        ctx.t("本报告采用的参数", "Parameters of this report"),
        true,
    ));
    let kv = |k: &str, v: String| Row::new(vec![Cell::bold(k), Cell::text(v)]);
    b.push(bare_table(
        vec![Column::new(0.35), Column::new(0.65)],
        vec![
            kv(ctx.t("评分方法", "Scoring method"), s.method.clone()),
            kv(
                ctx.t("就绪门槛", "Ready threshold"),
                display(s.thresholds.ready),
            ),
            kv(
                ctx.t("基本就绪门槛", "Largely ready threshold"),
                display(s.thresholds.largely_ready),
            ),
            kv(
                ctx.t("问卷", "Questionnaire"),
                format!("{} ({})", ctx.tx(&q.title), q.id),
            ),
            kv(
                ctx.t("问卷版本", "Questionnaire version"),
                q.version.clone(),
            ),
            kv(
                ctx.t("问卷生效日期", "Questionnaire effective"),
                q.effective.clone(),
            ),
        ],
    ));

    b.push(heading(2, ctx.t("单位画像", "Profile"), true));
    b.push(muted(
        ctx.t(
            "单位画像决定哪些评估项适用。",
            "The profile decides which questions apply.",
        ),
        8.5,
    ));
    let rows = q
        .profile
        .iter()
        .map(|fact| {
            let value = match (ctx.input.profile.get(&fact.id), &fact.kind) {
                (Some(FactValue::Bool(true)), _) => ctx.t("是", "Yes").to_owned(),
                (Some(FactValue::Bool(false)), _) => ctx.t("否", "No").to_owned(),
                (Some(FactValue::Choice(c)), FactKind::OneOf { options }) => options
                    .iter()
                    .find(|o| &o.id == c)
                    .map_or(c.clone(), |o| ctx.tx(&o.label).to_owned()),
                (Some(FactValue::Choice(c)), FactKind::YesNo) => c.clone(),
                (None, _) => ctx.t("未填写", "Not answered").to_owned(),
            };
            Row::new(vec![
                Cell::new(vec![
                    Span::regular(ctx.tx(&fact.text)),
                    Span::regular(format!("\n{}", fact.id)).colored(Color::MUTED),
                ]),
                Cell::bold(value),
            ])
        })
        .collect();
    b.push(table(
        &[
            (Column::new(0.7), ctx.t("画像事实", "Fact")),
            (Column::new(0.3), ctx.t("本单位", "This organization")),
        ],
        rows,
    ));

    b.push(heading(2, ctx.t("引用的法规", "Instruments cited"), true));
    b.push(muted(
        format!(
            "{} {}{}",
            ctx.t("问卷版本", "Questionnaire version"),
            q.version,
            ctx.t(
                "依据各文件自“现行文本施行日期”起施行的文本；其后施行的版本另行列出。",
                " follows the text of each instrument in force from the date under “Current to”; versions in force after it are listed.",
            ),
        ),
        8.5,
    ));
    let rows = s
        .instruments
        .iter()
        .filter_map(|i| ctx.input.catalog.instrument(&i.instrument))
        .map(|ins| {
            let status = match ins.status {
                InstrumentStatus::InForce => ctx.t("现行有效", "In force"),
                InstrumentStatus::Amended => ctx.t("已修正", "Amended"),
                InstrumentStatus::Repealed => ctx.t("已废止", "Repealed"),
                InstrumentStatus::Draft => ctx.t("草案", "Draft"),
            };
            // How current the questionnaire is with the instrument (`Library::instruments_cited`);
            // a snapshot without that says only when the instrument took effect.
            let cited = ctx
                .input
                .instruments
                .iter()
                .find(|c| c.instrument == ins.id);
            let mut current = cited.map_or(ins.effective.clone(), |c| c.current_to.clone());
            if let Some(version) = cited.and_then(|c| c.version.as_ref()) {
                current.push_str(&format!("\n{}", ctx.tx(&version.label)));
            }
            let mut title = ctx.tx(&ins.name).to_owned();
            for later in cited
                .map(|c| c.later_versions.as_slice())
                .unwrap_or_default()
            {
                title.push_str(&format!(
                    "\n{} {} {}",
                    ctx.t("其后：", "Later:"),
                    later.effective,
                    ctx.tx(&later.label)
                ));
            }
            Row::new(vec![
                Cell::bold(&ins.id),
                Cell::text(title),
                Cell::text(format!("{}\n{}", ctx.tx(&ins.issuer), ins.doc_no)),
                Cell::text(current),
                Cell::text(status),
            ])
        })
        .collect();
    b.push(table(
        &[
            (Column::new(0.1), ctx.t("简称", "Id")),
            (Column::new(0.32), ctx.t("名称", "Title")),
            (
                Column::new(0.28),
                ctx.t("发布机关 / 文号", "Issuer / number"),
            ),
            (Column::new(0.18), ctx.t("现行文本施行日期", "Current to")),
            (Column::new(0.12), ctx.t("状态", "Status")),
        ],
        rows,
    ));
}

fn sign_off(ctx: &Ctx, b: &mut Vec<Block>) {
    b.push(heading(1, ctx.t("七、签署", "7. Sign-off"), true));
    b.push(para(ctx.t(
        "评估人确认已按问卷逐项评估并如实填写；复核人确认已核对答案与证据；批准人确认本报告的结论。签署后的报告以封面所列数据摘要与评估数据对应。",
        "The assessor confirms that every question was assessed and answered truthfully; the reviewer confirms that answers and evidence were checked; the approver accepts the findings of this report. A signed report corresponds to the assessment data through the digest on its cover.",
    )));
    let so = &ctx.input.sign_off;
    let row = |role: &str, sig: &Option<crate::input::Signature>| match sig {
        Some(s) => Row::new(vec![
            Cell::bold(role),
            Cell::text(&s.name),
            Cell::text(date_of(&s.date)),
            Cell::text("\n\n"),
        ]),
        None => Row::new(vec![
            Cell::bold(role),
            Cell::new(vec![
                Span::regular(ctx.t("（未签署）", "(not signed)")).colored(Color::MUTED),
            ]),
            Cell::text(""),
            Cell::text("\n\n"),
        ]),
    };
    b.push(Block::Table(Table {
        columns: vec![
            Column::new(0.2),
            Column::new(0.25),
            Column::new(0.2),
            Column::new(0.35),
        ],
        header: Some(
            [
                ctx.t("角色", "Role"),
                ctx.t("姓名", "Name"),
                ctx.t("日期", "Date"),
                ctx.t("签字", "Signature"),
            ]
            .into_iter()
            .map(Cell::text)
            .collect(),
        ),
        rows: vec![
            row(ctx.t("评估人", "Assessor"), &so.assessor),
            row(ctx.t("复核人", "Reviewer"), &so.reviewer),
            row(ctx.t("批准人", "Approver"), &so.approver),
        ],
        size: 9.5,
        zebra: false,
    }));
}

fn appendix(ctx: &Ctx, b: &mut Vec<Block>) {
    b.push(heading(
        1,
        ctx.t("附录  引用条款", "Appendix: the cited articles"),
        true,
    ));
    b.push(muted(
        ctx.t(
            "按法规列出问卷引用的全部条款：条款要点（本系统的概括）和官方原文（目录收录原文的）。",
            "Every article the questionnaire cites, by instrument: the gist (our summary) and the official Chinese text where the catalog has it.",
        ),
        8.5,
    ));
    let mut cited: BTreeMap<&str, BTreeSet<u16>> = BTreeMap::new();
    for (_, q) in ctx.input.questionnaire.questions() {
        for c in &q.citations {
            cited
                .entry(c.instrument.as_str())
                .or_default()
                .insert(c.article);
        }
    }
    for i in &ctx.score.instruments {
        let Some(ins) = ctx.input.catalog.instrument(&i.instrument) else {
            continue;
        };
        let Some(numbers) = cited.get(ins.id.as_str()) else {
            continue;
        };
        b.push(Block::Heading(Heading {
            level: 2,
            text: ctx.tx(&ins.name).to_owned(),
            toc: false,
            new_page: false,
        }));
        for &number in numbers {
            let citation = Citation {
                instrument: ins.id.clone(),
                article: number,
                paragraph: None,
                item: None,
            };
            // A heading, so that an article's name never stays behind at the foot of a page.
            b.push(Block::Heading(Heading {
                level: 3,
                text: ctx.cite(&citation),
                toc: false,
                new_page: false,
            }));
            let Some(article) = ctx.input.catalog.article(&citation) else {
                b.push(muted(
                    ctx.t("（目录未收录本条）", "(not in the catalog)"),
                    8.5,
                ));
                continue;
            };
            b.push(Block::Paragraph(Paragraph {
                space_after: 3.0,
                ..Paragraph::text(ctx.tx(&article.summary))
            }));
            let mut penalties: Vec<String> = article
                .paragraph_penalties
                .iter()
                .map(|pp| match ctx.lang {
                    Lang::Zh => format!(
                        "第{}款：{}",
                        questionnaires::numeral::format(pp.paragraph.into()),
                        ctx.cite(&pp.penalty)
                    ),
                    Lang::En => format!("para. {}: {}", pp.paragraph, ctx.cite(&pp.penalty)),
                })
                .collect();
            if let Some(penalty) = &article.penalty {
                penalties.push(if penalties.is_empty() {
                    ctx.cite(penalty)
                } else {
                    format!(
                        "{}{}",
                        ctx.t("其他各款：", "other paragraphs: "),
                        ctx.cite(penalty)
                    )
                });
            }
            if !penalties.is_empty() {
                b.push(Block::Paragraph(Paragraph {
                    size: 8.5,
                    space_after: 3.0,
                    ..Paragraph::new(vec![
                        Span::bold(ctx.t("罚则：", "Penalty: ")),
                        Span::regular(penalties.join(ctx.sep())),
                    ])
                }));
            }
            if let Some(text) = &article.official_text {
                let label = ctx.t("原文：", "Official text (Chinese): ");
                b.push(Block::Paragraph(Paragraph {
                    size: 8.5,
                    color: Color::MUTED,
                    indent: 12.0,
                    space_after: 8.0,
                    ..Paragraph::new(vec![Span::bold(label), Span::regular(text.trim())])
                }));
            } else {
                b.push(Block::Spacer(5.0));
            }
        }
    }
}
