//! Painting laid-out pages into a PDF: with `fonts` and `subset`, the only modules that know
//! printpdf.
//!
//! It resolves the symbolic page numbers, adds the running header and footer ("第 X 页 / 共 Y
//! 页") now that the page count is known, counts the characters drawn so that `subset` can make
//! the font program, has `ops` turn the display list into printpdf operations, and has `finish`
//! complete the document with lopdf: a nested outline (printpdf's own bookmarks are flat and
//! sorted by name within a page), the document language, a file identifier derived from the data
//! instead of printpdf's process-global counter (the same input must give the same bytes), and
//! glyph strings written as literal instead of hexadecimal strings.
//!
//! One font is embedded: bold text is the regular face filled and stroked (text rendering mode
//! 2) with an outline of [`BOLD_STROKE`](crate::fonts::BOLD_STROKE) ems and as much extra
//! character spacing.

mod finish;
mod ops;

use std::collections::BTreeMap;

use printpdf::{FontId, PdfDocument, PdfPage, PdfParseErrorSeverity, PdfSaveOptions, Pt};

use crate::error::ReportError;
use crate::fonts::Fonts;
use crate::layout::{
    Color, FontKind, Item, Laid, LayoutError, Measure, Stroke, TextContent, TextRun,
};
use crate::subset;
use finish::{LEVEL, compress, finish, literal_strings};
use ops::run_text;

/// The running header and footer of every page but the cover.
#[derive(Clone, Debug)]
pub(crate) struct Chrome {
    pub header_left: String,
    /// A marking at the right of the header, such as "草稿 / DRAFT".
    pub header_right: Option<(String, Color)>,
    pub footer_left: String,
    /// "第 ", " 页 / 共 ", " 页": the text before the page number, between it and the page
    /// count, and after the count.
    pub page_label: [&'static str; 3],
}

impl Chrome {
    /// "第 3 页 / 共 12 页".
    pub fn page_label(&self, page: usize, count: usize) -> String {
        let [before, between, after] = self.page_label;
        format!("{before}{page}{between}{count}{after}")
    }
}

/// Document metadata and the identifiers that make the output reproducible.
#[derive(Clone, Debug)]
pub(crate) struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    pub creator: String,
    /// Unix seconds, UTC: the creation and modification date.
    pub created: i64,
    pub identifier: String,
    /// BCP 47 tag for the catalog's /Lang.
    pub lang: &'static str,
    /// The PDF file identifier (trailer /ID).
    pub file_id: [u8; 16],
    /// Resource name of the font; its first six letters become the subset tag
    /// (`ABCDEF+NotoSansCJKsc-Regular`).
    pub font_tag: String,
}

const HEADER_SIZE: f32 = 7.5;

pub(crate) fn paint(
    laid: &Laid,
    fonts: &Fonts,
    chrome: &Chrome,
    meta: &Meta,
) -> Result<Vec<u8>, ReportError> {
    check_chrome(fonts, chrome)?;
    let geo = laid.geometry;
    let count = laid.pages.len();
    let font = FontId(meta.font_tag.clone());

    let page_items: Vec<Vec<Item>> = laid
        .pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let mut items = page.items.clone();
            if page.chrome {
                items.extend(chrome_items(laid, chrome, i + 1, count));
            }
            items
        })
        .collect();
    // Which characters are drawn, and how often: the font program is made for them.
    let mut chars: BTreeMap<char, usize> = BTreeMap::new();
    for item in page_items.iter().flatten() {
        if let Item::Text(run) = item {
            for c in run_text(run, &laid.headings).chars() {
                *chars.entry(c).or_default() += 1;
            }
        }
    }
    let tag = meta.font_tag.get(..6).unwrap_or(&meta.font_tag);
    let prepared = subset::prepare(&fonts.regular.font, &chars, tag);

    let pages: Vec<PdfPage> = page_items
        .iter()
        .map(|items| {
            let ops = ops::page(items, &laid.headings, geo.height, &font, fonts);
            PdfPage::new(Pt(geo.width).into(), Pt(geo.height).into(), ops)
        })
        .collect();

    let mut doc = PdfDocument::new(&meta.title);
    let info = &mut doc.metadata.info;
    info.author = meta.author.clone();
    info.subject = meta.subject.clone();
    info.keywords = meta.keywords.clone();
    info.creator = meta.creator.clone();
    info.producer = format!("Ziping {} (printpdf)", env!("CARGO_PKG_VERSION"));
    info.identifier = meta.identifier.clone();
    let date = printpdf::OffsetDateTime::from_unix_timestamp(meta.created)
        .map_err(|e| ReportError::Pdf(format!("generation time {}: {e}", meta.created)))?;
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
    // One font program: bold text is the same face, stroked. printpdf subsets the face only
    // when it could not be prepared here.
    let subset_fonts = prepared.is_none();
    let face = prepared.unwrap_or_else(|| fonts.regular.font.clone());
    doc.resources
        .fonts
        .map
        .insert(font.clone(), printpdf::font::PdfFont::new(face));
    doc.pages = pages;

    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut pdf = doc.to_lopdf_document(&options, &mut warnings);
    if let Some(w) = warnings
        .iter()
        .find(|w| w.severity == PdfParseErrorSeverity::Error)
    {
        return Err(ReportError::Pdf(w.msg.clone()));
    }
    finish(&mut pdf, laid, meta)?;
    literal_strings(&mut pdf);
    compress(&mut pdf);
    // Object and cross-reference streams (PDF 1.5) compress the page, font and outline
    // dictionaries too, which are a tenth of a long report.
    let save = lopdf::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .max_objects_per_stream(200)
        .compression_level(LEVEL)
        .build();
    let mut bytes = Vec::new();
    pdf.save_with_options(&mut bytes, save)
        .map_err(|e| ReportError::Pdf(format!("writing the PDF: {e}")))?;
    Ok(bytes)
}

/// Header and footer strings come from labels and the input; they are checked like the body.
fn check_chrome(fonts: &Fonts, chrome: &Chrome) -> Result<(), ReportError> {
    let label = chrome.page_label(1234567890, 1234567890);
    let texts = [
        Some(chrome.header_left.as_str()),
        chrome.header_right.as_ref().map(|(t, _)| t.as_str()),
        Some(chrome.footer_left.as_str()),
        Some(label.as_str()),
    ];
    for text in texts.into_iter().flatten() {
        let missing: Vec<char> = text
            .chars()
            .filter(|&c| {
                fonts.advance(FontKind::Regular, c).is_none()
                    || fonts.advance(FontKind::Bold, c).is_none()
            })
            .collect();
        if !missing.is_empty() {
            let e = LayoutError::MissingGlyphs {
                chars: missing,
                r#where: format!("the page header or footer: “{text}”"),
            };
            return Err(e.into());
        }
    }
    Ok(())
}

fn chrome_items(laid: &Laid, chrome: &Chrome, page: usize, count: usize) -> Vec<Item> {
    let geo = laid.geometry;
    let mm = 72.0 / 25.4;
    let (left, right) = (geo.left, geo.width - geo.right);
    let header_base = 13.0 * mm;
    let footer_base = geo.height - 11.0 * mm;
    let text = |x: f32, baseline: f32, s: &str, color: Color, font: FontKind, align_right: bool| {
        Item::Text(TextRun {
            x,
            baseline,
            size: HEADER_SIZE,
            font,
            color,
            content: TextContent::Literal(s.to_owned()),
            align_right,
        })
    };
    let rule = |y: f32| Item::Path {
        points: vec![(left, y), (right, y)],
        stroke: Some(Stroke::solid(Color::RULE, 0.5)),
        fill: None,
        closed: false,
    };
    let mut items = vec![
        text(
            left,
            header_base,
            &chrome.header_left,
            Color::MUTED,
            FontKind::Regular,
            false,
        ),
        rule(header_base + 3.5 * mm),
        rule(footer_base - 4.5 * mm),
        text(
            left,
            footer_base,
            &chrome.footer_left,
            Color::MUTED,
            FontKind::Regular,
            false,
        ),
        text(
            right,
            footer_base,
            &chrome.page_label(page, count),
            Color::MUTED,
            FontKind::Regular,
            true,
        ),
    ];
    if let Some((marking, color)) = &chrome.header_right {
        items.push(text(
            right,
            header_base,
            marking,
            *color,
            FontKind::Bold,
            true,
        ));
    }
    items
}

impl From<LayoutError> for ReportError {
    fn from(e: LayoutError) -> ReportError {
        match e {
            LayoutError::MissingGlyphs { chars, r#where } => {
                ReportError::MissingGlyphs { chars, r#where }
            }
        }
    }
}
