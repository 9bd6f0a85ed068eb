//! What the report says: the snapshot and its score turned into layout blocks, in Chinese or
//! English. The order of the sections is the design's: cover · contents · executive summary ·
//! charts · results by domain · gaps and remediation plan · evidence index · methodology ·
//! sign-off · appendix of the cited articles.

mod appendix;
mod charts;
mod comparison;
mod cover;
mod domains;
mod evidence;
mod gaps;
mod markdown;
mod method;
mod sign_off;
mod summary;

use questionnaires::score::{Band, ReadinessLevel, Score, display};
use questionnaires::{AnswerValue, Citation, Lang, Question, QuestionId, Text};

use crate::input::ReportInput;
use crate::layout::{Block, Cell, Color, Column, Heading, Paragraph, Row, Table};

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
    cover::cover(ctx, &mut b);
    b.push(heading(1, ctx.t("目录", "Contents"), false));
    b.push(Block::Toc);
    summary::summary(ctx, &mut b);
    charts::charts(ctx, &mut b);
    domains::domains(ctx, &mut b);
    gaps::gaps(ctx, &mut b);
    evidence::evidence(ctx, &mut b);
    method::method(ctx, &mut b);
    sign_off::sign_off(ctx, &mut b);
    appendix::appendix(ctx, &mut b);
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
