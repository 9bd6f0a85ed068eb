//! The display list of a page as printpdf operations: rectangles, lines and polygons first, then
//! every text run in one text section, with link annotations for the contents' entries.

use printpdf::{
    Actions, BorderArray, Destination, FontId, LineDashPattern, LinePoint, LinkAnnotation, Op,
    PaintMode, PdfFontHandle, Point, Polygon, PolygonRing, Pt, Rect, Rgb, TextItem,
    TextRenderingMode, WindingOrder,
};

use crate::fonts::{BOLD_STROKE, Fonts};
use crate::layout::{Color, FontKind, Item, Measure, PlacedHeading, Stroke, TextContent, TextRun};

/// The operations that draw one page's items: graphics first, then all text in one section.
pub(super) fn page(
    items: &[Item],
    headings: &[PlacedHeading],
    height: f32,
    font: &FontId,
    fonts: &Fonts,
) -> Vec<Op> {
    let mut painter = Painter::new(height, font, fonts);
    for item in items {
        painter.graphics(item, headings);
    }
    painter.ops.push(Op::StartTextSection);
    painter.line = (0, 0);
    for item in items {
        if let Item::Text(run) = item {
            painter.text(run, headings);
        }
    }
    painter.ops.push(Op::EndTextSection);
    painter.ops
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
pub(super) fn run_text(run: &TextRun, headings: &[PlacedHeading]) -> String {
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
