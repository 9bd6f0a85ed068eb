//! Painting laid-out pages into a PDF: with `fonts` and `embed`, the only code that knows PDF.
//!
//! It resolves the symbolic page numbers, adds the running header and footer ("第 X 页 / 共 Y
//! 页") now that the page count is known, writes each page's display list as a content stream,
//! embeds the font subset (`crate::embed`) and assembles the document with lopdf: pages sharing
//! one resource dictionary, link annotations, a nested outline, metadata, the document language,
//! and a file identifier derived from the data — the same input must give the same bytes.
//!
//! The content streams are written by hand because, after the font, they are most of a
//! report's size: one text object per page, a font, colour or text state set only when it
//! changes, relative moves, numbers with no more digits than a device can show, and strings of
//! the one- and two-byte codes of `crate::embed`. Bold text is the regular face filled and
//! stroked (text rendering mode 2) with an outline of [`BOLD_STROKE`] ems, spaced by the same
//! amount ([`Measure`] adds it to bold advances), so that one font program serves both weights.

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use crate::embed::{self, Glyphs};
use crate::error::ReportError;
use crate::fonts::{BOLD_STROKE, Fonts};
use crate::layout::{
    Color, FontKind, Item, Laid, LayoutError, Measure, PlacedHeading, Stroke, TextContent, TextRun,
};

/// The running header and footer of every page but the cover.
#[derive(Clone, Debug)]
pub(crate) struct Chrome {
    pub header_left: String,
    /// A marking at the right of the header, such as "草稿 / DRAFT".
    pub header_right: Option<(String, Color)>,
    pub footer_left: String,
    /// "第 {} 页 / 共 {} 页" with the two numbers filled in.
    pub page_label: fn(usize, usize) -> String,
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
    /// The six-letter subset tag of the font (`ABCDEF+NotoSansCJKsc-Regular`).
    pub font_tag: String,
}

const HEADER_SIZE: f32 = 7.5;

/// The font's resource name in every page's content stream.
const FONT: &str = "F";

/// A page's display list with the page numbers resolved and the header and footer added.
struct ResolvedPage {
    items: Vec<Item>,
    /// The text of each `Item::Text` in `items`, in order.
    texts: Vec<String>,
}

pub(crate) fn paint(
    laid: &Laid,
    fonts: &Fonts,
    chrome: &Chrome,
    meta: &Meta,
) -> Result<Vec<u8>, ReportError> {
    check_chrome(fonts, chrome)?;
    let geo = laid.geometry;
    let count = laid.pages.len();
    let pages: Vec<ResolvedPage> = laid
        .pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let mut items = page.items.clone();
            if page.chrome {
                items.extend(chrome_items(laid, chrome, i + 1, count));
            }
            let texts = items
                .iter()
                .filter_map(|item| match item {
                    Item::Text(run) => Some(resolve(run, &laid.headings)),
                    _ => None,
                })
                .collect();
            ResolvedPage { items, texts }
        })
        .collect();
    let glyphs = Glyphs::new(
        &fonts.regular,
        pages
            .iter()
            .flat_map(|p| p.texts.iter().map(String::as_str)),
    );

    let mut pdf = lopdf::Document::with_version("1.5");
    let pages_id = pdf.new_object_id();
    let page_ids: Vec<ObjectId> = (0..count).map(|_| pdf.new_object_id()).collect();
    let height = geo.height;
    for (page, &page_id) in pages.iter().zip(&page_ids) {
        let mut painter = Painter::new(height, fonts, &glyphs);
        let mut annots = Vec::new();
        for item in &page.items {
            match item {
                Item::Link { x, y, w, h, target } => {
                    if let Some(heading) = laid.headings.get(*target) {
                        annots.push(link(
                            [*x, height - y - h, x + w, height - y],
                            page_ids.get(heading.page),
                            height - heading.y + 8.0,
                        ));
                    }
                }
                other => painter.graphics(other),
            }
        }
        let runs = page.items.iter().filter_map(|item| match item {
            Item::Text(run) => Some(run),
            _ => None,
        });
        painter.out.extend_from_slice(b"BT\n");
        for (run, text) in runs.zip(&page.texts) {
            painter.text(run, text);
        }
        painter.out.extend_from_slice(b"ET\n");
        let contents = pdf.add_object(Stream::new(Dictionary::new(), painter.out));
        let mut dict = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Page".to_vec())),
            ("Parent", Object::Reference(pages_id)),
            ("Contents", Object::Reference(contents)),
        ]);
        if !annots.is_empty() {
            dict.set("Annots", Object::Array(annots));
        }
        pdf.objects.insert(page_id, Object::Dictionary(dict));
    }

    let font = embed::embed(&mut pdf, &fonts.regular, &glyphs, &meta.font_tag)?;
    // Every page inherits the page size and the one font from the page tree.
    let resources = Dictionary::from_iter(vec![(
        "Font",
        Object::Dictionary(Dictionary::from_iter(vec![(FONT, Object::Reference(font))])),
    )]);
    let media_box = [0.0, 0.0, geo.width, geo.height]
        .iter()
        .map(|&v| Object::Real((v * 1000.0).round() / 1000.0))
        .collect();
    pdf.objects.insert(
        pages_id,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Pages".to_vec())),
            (
                "Kids",
                Object::Array(page_ids.iter().map(|&id| Object::Reference(id)).collect()),
            ),
            ("Count", Object::Integer(count as i64)),
            ("MediaBox", Object::Array(media_box)),
            ("Resources", Object::Dictionary(resources)),
        ])),
    );

    finish(&mut pdf, pages_id, &page_ids, laid, meta)?;
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

/// The text of a run, with a late page number filled in.
fn resolve(run: &TextRun, headings: &[PlacedHeading]) -> String {
    match &run.content {
        TextContent::Literal(s) => s.clone(),
        TextContent::PageOf(i) => headings
            .get(*i)
            .map_or_else(String::new, |h| (h.page + 1).to_string()),
    }
}

/// A link annotation over `rect` (left, bottom, right, top) that jumps to `top` on `page`.
fn link(rect: [f32; 4], page: Option<&ObjectId>, top: f32) -> Object {
    let mut dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Annot".to_vec())),
        ("Subtype", Object::Name(b"Link".to_vec())),
        (
            "Rect",
            Object::Array(rect.iter().map(|&v| Object::Real(round2(v))).collect()),
        ),
        ("Border", Object::Array(vec![Object::Integer(0); 3])),
    ]);
    if let Some(&page) = page {
        dict.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(page),
                Object::Name(b"XYZ".to_vec()),
                Object::Null,
                Object::Real(round2(top)),
                Object::Null,
            ]),
        );
    }
    Object::Dictionary(dict)
}

fn round2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// Writes one page's content stream.
struct Painter<'a> {
    out: Vec<u8>,
    height: f32,
    fonts: &'a Fonts,
    glyphs: &'a Glyphs,
    fill: Option<Color>,
    stroke_color: Option<Color>,
    line_width: Option<f32>,
    dash: Option<Option<(f32, f32)>>,
    /// The font size set with `Tf`.
    size: Option<f32>,
    /// The size the bold outline and spacing were set for; `None` while text is not bold.
    bold: Option<f32>,
    /// Start of the current text line in tenths of a point (the text line matrix).
    line: (i64, i64),
}

impl<'a> Painter<'a> {
    fn new(height: f32, fonts: &'a Fonts, glyphs: &'a Glyphs) -> Painter<'a> {
        Painter {
            out: Vec::new(),
            height,
            fonts,
            glyphs,
            fill: None,
            stroke_color: None,
            line_width: None,
            dash: None,
            size: None,
            bold: None,
            line: (0, 0),
        }
    }

    fn num(&mut self, v: f32, decimals: u32) {
        push_num(&mut self.out, v, decimals);
        self.out.push(b' ');
    }

    fn op(&mut self, op: &str) {
        self.out.extend_from_slice(op.as_bytes());
        self.out.push(b'\n');
    }

    /// A point in PDF coordinates (y up), to 1/100 pt.
    fn point(&mut self, x: f32, y: f32) {
        self.num(x, 2);
        self.num(self.height - y, 2);
    }

    // Colours and line styles are set only when they change.
    fn set_fill(&mut self, color: Color) {
        if self.fill != Some(color) {
            push_color(&mut self.out, color, false);
            self.fill = Some(color);
        }
    }

    fn set_stroke_color(&mut self, color: Color) {
        if self.stroke_color != Some(color) {
            push_color(&mut self.out, color, true);
            self.stroke_color = Some(color);
        }
    }

    fn set_line_width(&mut self, width: f32) {
        if self.line_width != Some(width) {
            self.num(width, 3);
            self.op("w");
            self.line_width = Some(width);
        }
    }

    fn set_stroke(&mut self, stroke: &Stroke) {
        self.set_stroke_color(stroke.color);
        self.set_line_width(stroke.width);
        if self.dash != Some(stroke.dash) {
            match stroke.dash {
                Some((on, off)) => {
                    self.out.push(b'[');
                    push_num(&mut self.out, on, 2);
                    self.out.push(b' ');
                    push_num(&mut self.out, off, 2);
                    self.op("]0 d");
                }
                None => self.op("[]0 d"),
            }
            self.dash = Some(stroke.dash);
        }
    }

    /// Everything but text and links; drawn first so that text is always on top.
    fn graphics(&mut self, item: &Item) {
        match item {
            Item::Text(_) | Item::Link { .. } => {}
            Item::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                if let Some(fill) = fill {
                    self.set_fill(*fill);
                }
                if let Some(stroke) = stroke {
                    self.set_stroke(stroke);
                }
                self.point(*x, y + h);
                self.num(*w, 2);
                self.num(*h, 2);
                self.op(match (fill, stroke) {
                    (Some(_), Some(_)) => "re B",
                    (None, Some(_)) => "re S",
                    _ => "re f",
                });
            }
            Item::Path {
                points,
                stroke,
                fill,
                closed,
            } => {
                if let Some(fill) = fill {
                    self.set_fill(*fill);
                }
                if let Some(stroke) = stroke {
                    self.set_stroke(stroke);
                }
                for (i, &(x, y)) in points.iter().enumerate() {
                    self.point(x, y);
                    self.op(if i == 0 { "m" } else { "l" });
                }
                // Filling closes the path by itself; `s` and `b` close it before stroking.
                self.op(match (fill, stroke, closed) {
                    (Some(_), Some(_), true) => "b",
                    (Some(_), Some(_), false) => "B",
                    (Some(_), None, _) => "f",
                    (None, _, true) => "s",
                    (None, _, false) => "S",
                });
            }
        }
    }

    fn text(&mut self, run: &TextRun, text: &str) {
        if text.is_empty() {
            return;
        }
        let x = if run.align_right {
            let w: f32 = text
                .chars()
                .filter_map(|c| self.fonts.advance(run.font, c))
                .sum::<f32>()
                * run.size;
            run.x - w
        } else {
            run.x
        };
        if self.size != Some(run.size) {
            self.out.push(b'/');
            self.out.extend_from_slice(FONT.as_bytes());
            self.out.push(b' ');
            self.num(run.size, 2);
            self.op("Tf");
            self.size = Some(run.size);
        }
        self.set_fill(run.color);
        match run.font {
            FontKind::Bold => {
                // Fill and stroke the glyphs in the text colour; the outline and the extra
                // spacing scale with the size.
                if self.bold.is_none() {
                    self.op("2 Tr");
                }
                if self.bold != Some(run.size) {
                    let extra = BOLD_STROKE * run.size;
                    self.set_line_width((extra * 1000.0).round() / 1000.0);
                    self.num(extra, 3);
                    self.op("Tc");
                    self.bold = Some(run.size);
                }
                self.set_stroke_color(run.color);
            }
            FontKind::Regular => {
                if self.bold.take().is_some() {
                    self.op("0 Tr 0 Tc");
                }
            }
        }
        // `Td` moves relative to the start of the previous line: small deltas in tenths of a
        // point are shorter than absolute matrices and repeat (the same line height again and
        // again), so they compress well.
        let at = (tenths(x), tenths(self.height - run.baseline));
        let (dx, dy) = (at.0 - self.line.0, at.1 - self.line.1);
        self.line = at;
        self.num(dx as f32 / 10.0, 1);
        self.num(dy as f32 / 10.0, 1);
        self.op("Td");
        let mut codes = Vec::with_capacity(text.len());
        self.glyphs.encode(text, &mut codes);
        push_string(&mut self.out, &codes);
        self.op("Tj");
    }
}

fn tenths(v: f32) -> i64 {
    (f64::from(v) * 10.0).round() as i64
}

/// A number with at most `decimals` digits after the point, trailing zeros and a leading zero
/// left out (`0.5` is written `.5`, `2.0` as `2`).
fn push_num(out: &mut Vec<u8>, v: f32, decimals: u32) {
    let scale = 10i64.pow(decimals);
    let n = (f64::from(v) * scale as f64).round() as i64;
    if n < 0 {
        out.push(b'-');
    }
    let n = n.unsigned_abs();
    let (whole, mut frac) = (n / scale as u64, n % scale as u64);
    if whole > 0 || frac == 0 {
        out.extend_from_slice(whole.to_string().as_bytes());
    }
    if frac > 0 {
        let mut digits = decimals as usize;
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        out.push(b'.');
        out.extend_from_slice(format!("{frac:0digits$}").as_bytes());
    }
}

/// `r g b rg` (or `RG`), or `v g` (`G`) for a grey, to 1/100: finer than 8-bit colour needs.
fn push_color(out: &mut Vec<u8>, c: Color, stroke: bool) {
    let channel = |v: u8| f32::from(v) / 255.0;
    if c.0 == c.1 && c.1 == c.2 {
        push_num(out, channel(c.0), 2);
        out.extend_from_slice(if stroke { b" G\n" } else { b" g\n" });
    } else {
        for v in [c.0, c.1, c.2] {
            push_num(out, channel(v), 2);
            out.push(b' ');
        }
        out.extend_from_slice(if stroke { b"RG\n" } else { b"rg\n" });
    }
}

/// A literal string of character codes; only the delimiters, the escape character and the
/// carriage return (which a reader would turn into a line feed) are escaped.
fn push_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

/// Catalog (outline, language, viewer preferences), document information and file identifier.
fn finish(
    pdf: &mut lopdf::Document,
    pages_id: ObjectId,
    page_ids: &[ObjectId],
    laid: &Laid,
    meta: &Meta,
) -> Result<(), ReportError> {
    let outline = build_outline(pdf, laid, page_ids);
    let mut catalog = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Catalog".to_vec())),
        ("Pages", Object::Reference(pages_id)),
        ("Lang", Object::string_literal(meta.lang)),
        ("PageLayout", Object::Name(b"OneColumn".to_vec())),
        (
            "ViewerPreferences",
            Object::Dictionary(Dictionary::from_iter(vec![(
                "DisplayDocTitle",
                Object::Boolean(true),
            )])),
        ),
    ]);
    if let Some(outline) = outline {
        catalog.set("Outlines", Object::Reference(outline));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    let catalog_id = pdf.add_object(catalog);

    let date = pdf_date(meta.created)?;
    let info = Dictionary::from_iter(vec![
        ("Title", text_string(&meta.title)),
        ("Author", text_string(&meta.author)),
        ("Subject", text_string(&meta.subject)),
        ("Keywords", text_string(&meta.keywords.join(","))),
        ("Creator", text_string(&meta.creator)),
        (
            "Producer",
            text_string(&format!("Ziping {}", env!("CARGO_PKG_VERSION"))),
        ),
        ("Identifier", text_string(&meta.identifier)),
        ("CreationDate", Object::string_literal(date.clone())),
        ("ModDate", Object::string_literal(date)),
        ("Trapped", Object::Name(b"False".to_vec())),
    ]);
    let info_id = pdf.add_object(info);

    pdf.trailer.set("Root", Object::Reference(catalog_id));
    pdf.trailer.set("Info", Object::Reference(info_id));
    let id = Object::String(meta.file_id.to_vec(), StringFormat::Hexadecimal);
    pdf.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    Ok(())
}

/// `D:20260315080000+00'00'` from Unix seconds.
fn pdf_date(unix: i64) -> Result<String, ReportError> {
    let utc = crate::format_utc(unix);
    // "2026-03-15 08:00 UTC" has the date and the minutes; the seconds come from `unix`.
    let digits: String = utc.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 12 {
        return Err(ReportError::Pdf(format!(
            "generation time {unix} is out of range"
        )));
    }
    Ok(format!("D:{digits}{:02}+00'00'", unix.rem_euclid(60)))
}

/// A PDF text string: ASCII as it is, anything else in UTF-16BE with a byte order mark.
fn text_string(text: &str) -> Object {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        Object::string_literal(text)
    } else {
        utf16_string(text)
    }
}

/// Header and footer strings come from labels and the input; they are checked like the body.
fn check_chrome(fonts: &Fonts, chrome: &Chrome) -> Result<(), ReportError> {
    let label = (chrome.page_label)(1234567890, 1234567890);
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
            &(chrome.page_label)(page, count),
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

/// Deflates every stream not yet compressed. lopdf's own `compress` uses the best (slowest)
/// level, which took a quarter of the render time for under two per cent of the size; the
/// default level is the better trade for a report generated on request.
fn compress(pdf: &mut lopdf::Document) {
    use std::io::Write;

    for object in pdf.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.get(b"Filter").is_ok() || stream.content.is_empty() {
            continue;
        }
        let mut encoder =
            flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(LEVEL));
        if encoder.write_all(&stream.content).is_err() {
            continue;
        }
        if let Ok(compressed) = encoder.finish()
            && compressed.len() < stream.content.len()
        {
            stream
                .dict
                .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(compressed);
        }
    }
}

const LEVEL: u32 = 6;

/// Level 1 headings at the top of the outline, level 2 under the level 1 before them; level 1
/// entries start closed so that the panel stays short.
fn build_outline(
    pdf: &mut lopdf::Document,
    laid: &Laid,
    page_ids: &[lopdf::ObjectId],
) -> Option<lopdf::ObjectId> {
    use lopdf::{Dictionary, Object};

    struct Node {
        id: lopdf::ObjectId,
        heading: usize,
        children: Vec<(lopdf::ObjectId, usize)>,
    }

    let mut top: Vec<Node> = Vec::new();
    for (i, h) in laid.headings.iter().enumerate() {
        match h.level {
            1 => top.push(Node {
                id: pdf.new_object_id(),
                heading: i,
                children: Vec::new(),
            }),
            2 => {
                if let Some(parent) = top.last_mut() {
                    parent.children.push((pdf.new_object_id(), i));
                }
            }
            _ => {}
        }
    }
    if top.is_empty() {
        return None;
    }
    let root = pdf.new_object_id();
    let height = laid.geometry.height;
    let entry =
        |parent, heading: usize, prev: Option<lopdf::ObjectId>, next: Option<lopdf::ObjectId>| {
            let h = &laid.headings[heading];
            let mut d = Dictionary::new();
            d.set("Title", utf16_string(&h.text));
            d.set("Parent", Object::Reference(parent));
            if let Some(page) = page_ids.get(h.page) {
                d.set(
                    "Dest",
                    Object::Array(vec![
                        Object::Reference(*page),
                        Object::Name(b"XYZ".to_vec()),
                        Object::Null,
                        Object::Real(height - h.y + 8.0),
                        Object::Null,
                    ]),
                );
            }
            if let Some(prev) = prev {
                d.set("Prev", Object::Reference(prev));
            }
            if let Some(next) = next {
                d.set("Next", Object::Reference(next));
            }
            d
        };
    for (k, node) in top.iter().enumerate() {
        let prev = k.checked_sub(1).map(|p| top[p].id);
        let next = top.get(k + 1).map(|n| n.id);
        let mut d = entry(root, node.heading, prev, next);
        if let (Some(first), Some(last)) = (node.children.first(), node.children.last()) {
            d.set("First", Object::Reference(first.0));
            d.set("Last", Object::Reference(last.0));
            d.set("Count", Object::Integer(-(node.children.len() as i64)));
        }
        for (c, (child_id, heading)) in node.children.iter().enumerate() {
            let prev = c.checked_sub(1).map(|p| node.children[p].0);
            let next = node.children.get(c + 1).map(|n| n.0);
            pdf.objects.insert(
                *child_id,
                Object::Dictionary(entry(node.id, *heading, prev, next)),
            );
        }
        pdf.objects.insert(node.id, Object::Dictionary(d));
    }
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    outlines.set("First", Object::Reference(top[0].id));
    outlines.set("Last", Object::Reference(top[top.len() - 1].id));
    outlines.set("Count", Object::Integer(top.len() as i64));
    pdf.objects.insert(root, Object::Dictionary(outlines));
    Some(root)
}

/// A PDF text string in UTF-16BE with its byte order mark, as outline titles need for Chinese.
fn utf16_string(text: &str) -> lopdf::Object {
    let mut bytes = vec![0xfe, 0xff];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal)
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
