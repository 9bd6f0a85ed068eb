//! The audit-ready PDF readiness report of an assessment, in Chinese or English.
//!
//! [`render`] is a pure function: the assessment snapshot ([`ReportInput`]), the fonts (loaded
//! once with [`Fonts::load`], from a file or the face built into the binary) and the options (language,
//! generation time, report id) go in, PDF bytes come out. The same arguments always give the
//! same bytes: the time is passed in, and every identifier in the file (report id, font subset
//! tags, the PDF file id) is derived from the SHA-256 digest of the snapshot, which the cover
//! prints so that an auditor can check the report against the data.
//!
//! Code map, in pipeline order: `input` (the snapshot and its digest) → `check` (every printed
//! character is in the font) → `content` (the sections as layout blocks, with the score from
//! `questionnaires::score`) → `layout` (our own engine: line breaking, pages, tables, charts,
//! contents) → `subset` (the report's font program) → `paint` (printpdf operations, header and footer with the page count, outline,
//! metadata). Only `fonts`, `subset` and `paint` know printpdf; the layout engine measures through a trait.

mod check;
mod content;
mod docx;
mod error;
pub mod fonts;
mod input;
pub mod layout;
mod paint;
mod subset;

use questionnaires::Lang;
use sha2::{Digest, Sha256};

pub use docx::docx;
pub use error::ReportError;
pub use fonts::{FontError, FontSource, Fonts};
pub use input::{
    AnswerMeta, AssessmentStatus, Evidence, Organization, PreviousCycle, Remediation,
    RemediationStatus, ReportInput, SignOff, Signature, TrendPoint,
};

use crate::layout::{LayoutOptions, PageGeometry};

/// The scoring method as the report prints it (both languages; the report takes its own).
const METHOD: &str = include_str!("../../../questionnaires/METHOD.md");

/// How to render: everything that is not the snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    pub lang: Lang,
    /// When the report is generated, in Unix seconds (UTC): printed on the cover and written as
    /// the PDF's creation date. Passed in so that a render can be repeated exactly.
    pub generated_at: i64,
    /// The report id printed on the cover and in the footer; `None` derives it from the digest
    /// ([`report_id`]).
    pub report_id: Option<String>,
}

/// Renders the report of `input` as PDF bytes.
pub fn render(
    input: &ReportInput,
    fonts: &Fonts,
    options: &RenderOptions,
) -> Result<Vec<u8>, ReportError> {
    let Prepared {
        blocks,
        digest,
        report_id,
    } = prepare(input, options)?;
    let laid = paginate(input, &blocks, fonts, options)?;
    let lang = options.lang;

    let title = content::title(lang);
    let chrome = chrome(input, lang, &report_id);
    let meta = paint::Meta {
        title: format!("{title} · {} · {}", input.organization.name, input.cycle),
        author: input.organization.name.clone(),
        subject: format!(
            "{} {} ({})",
            input.questionnaire.title.get(lang),
            input.questionnaire.version,
            ctx_label(lang, "就绪度评估", "readiness assessment")
        ),
        keywords: vec![
            ctx_label(lang, "数据安全", "data security").to_owned(),
            ctx_label(lang, "合规自评估", "compliance self-assessment").to_owned(),
            input.cycle.clone(),
            format!("sha256:{digest}"),
        ],
        creator: "Ziping".to_owned(),
        created: options.generated_at,
        identifier: report_id.clone(),
        lang: lang.tag(),
        file_id: file_id(&digest, options, &report_id),
        font_tag: subset_tag(&digest, 0),
    };
    paint::paint(&laid, fonts, &chrome, &meta)
}

/// The running header and footer of every page but the cover, shared by the PDF and the Word
/// report.
pub(crate) fn chrome(input: &ReportInput, lang: Lang, report_id: &str) -> paint::Chrome {
    let draft = input.status != AssessmentStatus::Approved;
    paint::Chrome {
        header_left: format!(
            "{} · {} · {}",
            input.organization.name,
            content::title(lang),
            input.cycle
        ),
        header_right: draft.then(|| (DRAFT_MARK.to_owned(), content::RED)),
        footer_left: format!("{} {}", ctx_label(lang, "报告编号", "Report"), report_id),
        page_label: match lang {
            Lang::Zh => ["第 ", " 页 / 共 ", " 页"],
            Lang::En => ["Page ", " of ", ""],
        },
    }
}

/// The marking of every report of an assessment that is not approved.
pub(crate) const DRAFT_MARK: &str = "草稿 / DRAFT";

/// The report's pages as laid out, before they are painted: for checking where pages break.
pub fn report_pages(
    input: &ReportInput,
    fonts: &Fonts,
    options: &RenderOptions,
) -> Result<layout::Laid, ReportError> {
    paginate(input, &prepare(input, options)?.blocks, fonts, options)
}

/// Checks every character against the font, then flows the blocks into A4 pages.
fn paginate(
    input: &ReportInput,
    blocks: &[layout::Block],
    fonts: &Fonts,
    options: &RenderOptions,
) -> Result<layout::Laid, ReportError> {
    check::check_glyphs(input, fonts, options.lang)?;
    Ok(layout::layout(
        blocks,
        fonts,
        LayoutOptions {
            geometry: PageGeometry::a4(),
            chrome_on_first_page: false,
        },
    )?)
}

/// The report's content as layout blocks, before pagination: what [`render`] lays out and
/// paints. For printing the same content another way, as the benchmark does with HTML.
pub fn report_blocks(
    input: &ReportInput,
    options: &RenderOptions,
) -> Result<Vec<layout::Block>, ReportError> {
    Ok(prepare(input, options)?.blocks)
}

pub(crate) struct Prepared {
    blocks: Vec<layout::Block>,
    digest: String,
    report_id: String,
}

/// Scores the snapshot and builds the content.
pub(crate) fn prepare(
    input: &ReportInput,
    options: &RenderOptions,
) -> Result<Prepared, ReportError> {
    let score = questionnaires::score::score(
        &input.questionnaire,
        &input.catalog,
        &input.profile,
        &input.answers,
    )
    .map_err(|e| ReportError::Score(e.to_string()))?;
    let digest = input.digest();
    let report_id = options
        .report_id
        .clone()
        .unwrap_or_else(|| report_id(&digest));
    let generated = format_utc(options.generated_at);
    let anchor = match options.lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    };
    let ctx = content::Ctx {
        input,
        score: &score,
        lang: options.lang,
        digest: &digest,
        report_id: &report_id,
        generated: &generated,
        method: content::language_section(METHOD, anchor),
    };
    let blocks = content::build(&ctx);
    Ok(Prepared {
        blocks,
        digest,
        report_id,
    })
}

/// The report id derived from a snapshot digest: `ZP-` and the digest's first 16 hex digits in
/// two groups, e.g. `ZP-9F86D081-884C7D65`.
pub fn report_id(digest: &str) -> String {
    let hex: String = digest
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(16)
        .collect::<String>()
        .to_uppercase();
    let (a, b) = hex.split_at(hex.len().min(8));
    format!("ZP-{a}-{b}")
}

fn ctx_label(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The PDF file identifier: the first 16 bytes of SHA-256 over the digest and the options, so
/// that the same report (data, language, time and id) always carries the same identifier.
fn file_id(digest: &str, options: &RenderOptions, report_id: &str) -> [u8; 16] {
    let mut h = Sha256::new();
    for part in [
        digest,
        options.lang.tag(),
        &options.generated_at.to_string(),
        report_id,
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    let full = h.finalize();
    let mut id = [0u8; 16];
    id.copy_from_slice(&full[..16]);
    id
}

/// A six-letter font subset tag (`ABCDEF+NotoSansCJKsc-Regular`), different for each face.
fn subset_tag(digest: &str, face: u8) -> String {
    let h = Sha256::digest([digest.as_bytes(), &[face]].concat());
    h.iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

/// `2026-11-29 03:30 UTC` from Unix seconds.
pub fn format_utc(unix: i64) -> String {
    let t = civil(unix);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year, t.month, t.day, t.hour, t.minute
    )
}

/// A moment in UTC as calendar date and time of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Civil {
    pub year: i64,
    pub month: i64,
    pub day: i64,
    pub hour: i64,
    pub minute: i64,
    pub second: i64,
}

/// The UTC calendar date and time of Unix seconds.
pub(crate) fn civil(unix: i64) -> Civil {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    Civil {
        year: yoe + era * 400 + i64::from(month <= 2),
        month,
        day,
        hour: secs / 3600,
        minute: secs % 3600 / 60,
        second: secs % 60,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_seconds_format_as_utc_dates() {
        assert_eq!(format_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_utc(1_709_251_200), "2024-03-01 00:00 UTC");
        assert_eq!(format_utc(1_795_923_000), "2026-11-29 03:30 UTC");
        assert_eq!(format_utc(-1), "1969-12-31 23:59 UTC");
        assert_eq!(format_utc(951_782_400), "2000-02-29 00:00 UTC");
    }

    #[test]
    fn report_ids_and_subset_tags_come_from_the_digest() {
        let digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        assert_eq!(report_id(digest), "ZP-9F86D081-884C7D65");
        let (a, b) = (subset_tag(digest, 0), subset_tag(digest, 1));
        assert_ne!(a, b);
        assert!(a.len() == 6 && a.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(a, subset_tag(digest, 0));
    }
}
