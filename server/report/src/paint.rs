//! Painting laid-out pages into a PDF: with `fonts` and `subset`, the only modules that know
//! printpdf.
//!
//! It resolves the symbolic page numbers, adds the running header and footer ("第 X 页 / 共 Y
//! 页") now that the page count is known, counts the characters drawn so that `subset` can make
//! the font program, turns the display list into printpdf operations, and finishes the document
//! with lopdf: a nested outline (printpdf's own bookmarks are flat and sorted by name within a
//! page), the document language, a file identifier derived from the data instead of printpdf's
//! process-global counter (the same input must give the same bytes), and glyph strings written
//! as literal instead of hexadecimal strings.
//!
//! One font is embedded: bold text is the regular face filled and stroked (text rendering mode
//! 2) with an outline of [`BOLD_STROKE`] ems and as much extra character spacing.

use std::collections::BTreeMap;

use printpdf::{
    Actions, BorderArray, Destination, FontId, LineDashPattern, LinePoint, LinkAnnotation, Op,
    PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfParseErrorSeverity, PdfSaveOptions, Point,
    Polygon, PolygonRing, Pt, Rect, Rgb, TextItem, TextRenderingMode, WindingOrder,
};

use crate::error::ReportError;
use crate::fonts::{BOLD_STROKE, Fonts};
use crate::layout::{
    Color, FontKind, Item, Laid, LayoutError, Measure, PlacedHeading, Stroke, TextContent, TextRun,
};
use crate::subset;

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
            let mut painter = Painter::new(geo.height, &font, fonts);
            for item in items {
                painter.graphics(item, &laid.headings);
            }
            painter.ops.push(Op::StartTextSection);
            painter.line = (0, 0);
            for item in items {
                if let Item::Text(run) = item {
                    painter.text(run, &laid.headings);
                }
            }
            painter.ops.push(Op::EndTextSection);
            PdfPage::new(Pt(geo.width).into(), Pt(geo.height).into(), painter.ops)
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

struct Painter<'a> {
    ops: Vec<Op>,
    height: f32,
    fonts: &'a Fonts,
    font_id: &'a FontId,
    /// The font size set with `Tf`.
    size: Option<f32>,
    /// The size the bold outline and spacing were set for; `None` while text is not bold.
    bold: Option<f32>,
    fill: Option<Color>,
    stroke: Option<Stroke>,
    /// Start of the current text line in hundredths of a point (the text line matrix), reset
    /// at every `BT`.
    line: (i64, i64),
}

impl<'a> Painter<'a> {
    fn new(height: f32, font_id: &'a FontId, fonts: &'a Fonts) -> Painter<'a> {
        Painter {
            ops: Vec::new(),
            height,
            fonts,
            font_id,
            size: None,
            bold: None,
            fill: None,
            stroke: None,
            line: (0, 0),
        }
    }

    fn point(&self, (x, y): (f32, f32)) -> LinePoint {
        LinePoint {
            p: Point {
                x: pt(x),
                y: pt(self.height - y),
            },
            bezier: false,
        }
    }

    // Colours and line styles are set only when they change: the content streams are most of
    // a report's size after the fonts.
    fn set_fill(&mut self, color: Color) {
        if self.fill != Some(color) {
            self.ops.push(Op::SetFillColor { col: rgb(color) });
            self.fill = Some(color);
        }
    }

    fn set_stroke(&mut self, stroke: &Stroke) {
        let last = self.stroke.replace(*stroke);
        if last.map(|l| l.color) != Some(stroke.color) {
            self.ops.push(Op::SetOutlineColor {
                col: rgb(stroke.color),
            });
        }
        if last.map(|l| l.width) != Some(stroke.width) {
            self.ops.push(Op::SetOutlineThickness {
                pt: Pt(stroke.width),
            });
        }
        if last.map(|l| l.dash) != Some(stroke.dash) {
            let dash = match stroke.dash {
                Some((on, off)) => LineDashPattern::new(0.0, &[on, off]),
                None => LineDashPattern::solid(),
            };
            self.ops.push(Op::SetLineDashPattern { dash });
        }
    }

    /// Everything but text; drawn first so that text is always on top.
    fn graphics(&mut self, item: &Item, headings: &[PlacedHeading]) {
        match item {
            Item::Text(_) => {}
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
                let mode = match (fill, stroke) {
                    (Some(_), Some(_)) => PaintMode::FillStroke,
                    (None, Some(_)) => PaintMode::Stroke,
                    _ => PaintMode::Fill,
                };
                self.ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: pt(*x),
                        y: pt(self.height - y - h),
                        width: pt(*w),
                        height: pt(*h),
                        mode: Some(mode),
                        winding_order: Some(WindingOrder::NonZero),
                    },
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
                let points: Vec<LinePoint> = points.iter().map(|&p| self.point(p)).collect();
                let mode = match (fill, stroke) {
                    (Some(_), Some(_)) => PaintMode::FillStroke,
                    (Some(_), None) => PaintMode::Fill,
                    _ => PaintMode::Stroke,
                };
                if fill.is_none() && !closed {
                    self.ops.push(Op::DrawLine {
                        line: printpdf::Line {
                            points,
                            is_closed: false,
                        },
                    });
                } else {
                    self.ops.push(Op::DrawPolygon {
                        polygon: Polygon {
                            rings: vec![PolygonRing { points }],
                            mode,
                            winding_order: WindingOrder::NonZero,
                        },
                    });
                }
            }
            Item::Link { x, y, w, h, target } => {
                let Some(heading) = headings.get(*target) else {
                    return;
                };
                self.ops.push(Op::LinkAnnotation {
                    link: LinkAnnotation::new(
                        Rect::from_xywh(Pt(*x), Pt(self.height - y - h), Pt(*w), Pt(*h)),
                        Actions::go_to(Destination::Xyz {
                            page: heading.page + 1,
                            left: None,
                            top: Some(self.height - heading.y + 8.0),
                            zoom: None,
                        }),
                        Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                        None,
                        None,
                    ),
                });
            }
        }
    }

    /// Bold is the regular face filled and stroked in the text colour, with an outline and
    /// extra spacing that scale with the size ([`BOLD_STROKE`]; the layout measured bold text
    /// with the same spacing).
    fn set_bold(&mut self, run: &TextRun) {
        if self.bold.is_none() {
            self.ops.push(Op::SetTextRenderingMode {
                mode: TextRenderingMode::FillStroke,
            });
        }
        let extra = (BOLD_STROKE * run.size * 1000.0).round() / 1000.0;
        if self.bold != Some(run.size) {
            self.ops.push(Op::SetCharacterSpacing { multiplier: extra });
            self.bold = Some(run.size);
        }
        // The outline shares the line width and stroke colour with the graphics drawn before
        // the text; `set_stroke` sets only what differs.
        self.set_stroke(&Stroke::solid(run.color, extra));
    }

    fn text(&mut self, run: &TextRun, headings: &[PlacedHeading]) {
        let text = run_text(run, headings);
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
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(self.font_id.clone()),
                size: Pt(run.size),
            });
            self.size = Some(run.size);
        }
        self.set_fill(run.color);
        match run.font {
            FontKind::Bold => self.set_bold(run),
            FontKind::Regular => {
                if self.bold.take().is_some() {
                    self.ops.push(Op::SetTextRenderingMode {
                        mode: TextRenderingMode::Fill,
                    });
                    self.ops.push(Op::SetCharacterSpacing { multiplier: 0.0 });
                }
            }
        }
        // `Td` moves relative to the start of the previous line: small deltas in whole
        // hundredths of a point are shorter than absolute matrices and repeat (the same line
        // height again and again), so they compress well.
        let at = (hundredths(x), hundredths(self.height - run.baseline));
        let (dx, dy) = (at.0 - self.line.0, at.1 - self.line.1);
        self.line = at;
        self.ops.push(Op::SetTextCursor {
            pos: Point {
                x: Pt(dx as f32 / 100.0),
                y: Pt(dy as f32 / 100.0),
            },
        });
        self.ops.push(Op::ShowText {
            items: vec![TextItem::Text(text)],
        });
    }
}

/// What a run prints, with a page reference resolved to the page's number.
fn run_text(run: &TextRun, headings: &[PlacedHeading]) -> String {
    match &run.content {
        TextContent::Literal(s) => s.clone(),
        TextContent::PageOf(i) => headings
            .get(*i)
            .map_or_else(String::new, |h| (h.page + 1).to_string()),
    }
}

fn hundredths(v: f32) -> i64 {
    (f64::from(v) * 100.0).round() as i64
}

/// A coordinate rounded to 1/100 pt, far below what any device shows: shorter numbers in the
/// content streams, which compress better.
fn pt(v: f32) -> Pt {
    Pt((v * 100.0).round() / 100.0)
}

fn rgb(c: Color) -> printpdf::Color {
    let channel = |v: u8| (f32::from(v) / 255.0 * 1000.0).round() / 1000.0;
    printpdf::Color::Rgb(Rgb {
        r: channel(c.0),
        g: channel(c.1),
        b: channel(c.2),
        icc_profile: None,
    })
}

/// Rewrites the strings of the page contents as literal strings.
///
/// printpdf writes every string of glyph codes in hexadecimal (`<4E2D6587>`), two characters
/// per byte; as literal strings, escaped where PDF requires it, the content streams of a full
/// report are 7 % smaller after compression. Nothing else in the streams changes.
fn literal_strings(pdf: &mut lopdf::Document) {
    let contents: Vec<lopdf::ObjectId> = pdf
        .get_pages()
        .into_values()
        .flat_map(|page| pdf.get_page_contents(page))
        .collect();
    for id in contents {
        let Ok(lopdf::Object::Stream(stream)) = pdf.get_object_mut(id) else {
            continue;
        };
        if stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        if let Some(bytes) = hex_to_literal(&stream.content) {
            stream.set_content(bytes);
        }
    }
}

/// A content stream with its hexadecimal strings written as literal strings; literal strings,
/// dictionaries and everything else are copied as they are. `None` when a string is not
/// closed (the stream is then left alone).
fn hex_to_literal(content: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(content.len());
    let mut i = 0;
    while let Some(&byte) = content.get(i) {
        match byte {
            b'(' => {
                let start = i;
                let mut depth = 0usize;
                loop {
                    let b = *content.get(i)?;
                    i += 1;
                    match b {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                out.extend_from_slice(content.get(start..i)?);
            }
            b'<' if content.get(i + 1) == Some(&b'<') => {
                out.extend_from_slice(b"<<");
                i += 2;
            }
            b'<' => {
                let end = i + content.get(i..)?.iter().position(|&b| b == b'>')?;
                let digits: Vec<u8> = content
                    .get(i + 1..end)?
                    .iter()
                    .filter(|b| !b.is_ascii_whitespace())
                    .map(|&b| (b as char).to_digit(16).map(|d| d as u8))
                    .collect::<Option<_>>()?;
                out.push(b'(');
                // A missing final digit is 0 (ISO 32000-1, 7.3.4.3).
                for pair in digits.chunks(2) {
                    let value = pair[0] << 4 | pair.get(1).copied().unwrap_or(0);
                    match value {
                        b'(' | b')' | b'\\' => out.extend([b'\\', value]),
                        b'\r' => out.extend_from_slice(b"\\r"),
                        _ => out.push(value),
                    }
                }
                out.push(b')');
                i = end + 1;
            }
            _ => {
                out.push(byte);
                i += 1;
            }
        }
    }
    Some(out)
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

/// Outline, language, viewer preferences and file identifier, written into the lopdf document.
fn finish(pdf: &mut lopdf::Document, laid: &Laid, meta: &Meta) -> Result<(), ReportError> {
    use lopdf::{Dictionary, Object, StringFormat};

    let page_ids: Vec<lopdf::ObjectId> = pdf.get_pages().into_values().collect();
    let catalog_id = pdf
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| ReportError::Pdf(format!("the document has no catalog: {e}")))?;

    let outline = build_outline(pdf, laid, &page_ids);

    let catalog = pdf
        .get_object_mut(catalog_id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| ReportError::Pdf(format!("the catalog is not a dictionary: {e}")))?;
    catalog.set("Lang", Object::string_literal(meta.lang));
    catalog.set(
        "ViewerPreferences",
        Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]),
    );
    if let Some(outline) = outline {
        catalog.set("Outlines", Object::Reference(outline));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }

    // Not a PDF/X file: drop the empty conformance entry printpdf always writes.
    if let Ok(info_id) = pdf.trailer.get(b"Info").and_then(Object::as_reference)
        && let Ok(info) = pdf.get_object_mut(info_id).and_then(Object::as_dict_mut)
    {
        info.remove(b"GTS_PDFXVersion");
    }

    let id = Object::String(meta.file_id.to_vec(), StringFormat::Hexadecimal);
    pdf.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    Ok(())
}

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

#[cfg(test)]
mod tests {
    use super::hex_to_literal;
    use lopdf::content::Content;
    use lopdf::{Object, StringFormat};

    /// The operations of a content stream, with every string's format set aside.
    fn operations(content: &[u8]) -> Vec<(String, Vec<Object>)> {
        fn plain(object: &Object) -> Object {
            match object {
                Object::String(bytes, _) => Object::String(bytes.clone(), StringFormat::Literal),
                Object::Array(items) => Object::Array(items.iter().map(plain).collect()),
                other => other.clone(),
            }
        }
        Content::decode(content)
            .expect("decodes")
            .operations
            .iter()
            .map(|op| (op.operator.clone(), op.operands.iter().map(plain).collect()))
            .collect()
    }

    #[test]
    fn hexadecimal_strings_become_literal_strings_with_the_same_bytes() {
        // Glyph codes that are a backslash, parentheses, a carriage return and a line feed;
        // an odd number of digits; spaces between digits; a literal string with nested and
        // escaped parentheses; a dictionary operand; an array of strings and numbers.
        let content: &[u8] = b"BT\n/F1 9 Tf\n<4E2D5C28290D0A00> Tj\n<4E2 D 5> Tj\n\
            (a (b) \\) c) Tj\n/Span <</MCID 3>> BDC\n[<0012> -250 <0029>] TJ\nEMC\nET\n";
        let out = hex_to_literal(content).expect("converts");
        let text = String::from_utf8_lossy(&out);
        assert!(!text.contains("<4E") && !text.contains("<00"), "{text}");
        assert!(text.contains("<</MCID 3>>"), "{text}");
        assert!(out.windows(6).any(|w| w == b"\\(\\)\\r"), "{text}");
        assert_eq!(operations(&out), operations(content));
        assert!(out.len() < content.len());
    }

    #[test]
    fn a_stream_with_an_unclosed_string_is_left_alone() {
        assert_eq!(hex_to_literal(b"BT <4E2D Tj ET"), None);
        assert_eq!(hex_to_literal(b"BT (open Tj ET"), None);
        assert_eq!(hex_to_literal(b"BT <4X> Tj ET"), None);
    }
}
