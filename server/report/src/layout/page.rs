//! Flowing blocks into pages: the cursor, page breaks, headings, paragraphs, the table of
//! contents and the small fixed-size blocks (key figures, stamps). Tables and charts live in
//! their own modules and use the same [`Layouter`].

use std::collections::BTreeSet;

use super::text::break_lines;
use super::{
    Align, Block, Color, Figure, FontKind, Heading, Item, LEADING, Measure, PageGeometry,
    Paragraph, Span, Stroke, TextContent, TextRun,
};

/// Options of one layout run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayoutOptions {
    pub geometry: PageGeometry,
    /// Whether the first page (the cover) gets the running header and footer.
    pub chrome_on_first_page: bool,
}

/// The laid-out document: pages of positioned items, and where each heading landed.
#[derive(Clone, Debug, PartialEq)]
pub struct Laid {
    pub pages: Vec<Page>,
    /// Every heading in document order, with the page it starts on.
    pub headings: Vec<PlacedHeading>,
    pub geometry: PageGeometry,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
    /// Whether the running header and footer are painted on this page.
    pub chrome: bool,
    /// What was placed last on the page; the layout keeps headings and table headers with
    /// what follows them, so only the last page may end with one.
    pub ends_with: Ending,
}

/// The kind of the last thing placed on a page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Ending {
    #[default]
    Content,
    Heading,
    TableHeader,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlacedHeading {
    pub level: u8,
    pub text: String,
    /// 0-based page index.
    pub page: usize,
    /// Top of the heading, down from the page's top edge.
    pub y: f32,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    /// Text needs characters the font cannot draw; `where` names the first place found.
    #[error(
        "the font has no glyph for {} (first in {where})",
        describe_chars(chars)
    )]
    MissingGlyphs { chars: Vec<char>, r#where: String },
}

/// Lists characters with their code points, e.g. `“😀” (U+1F600)`.
pub fn describe_chars(chars: &[char]) -> String {
    chars
        .iter()
        .map(|c| format!("“{c}” (U+{:04X})", u32::from(*c)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Flows `blocks` into pages.
pub fn layout(
    blocks: &[Block],
    measure: &dyn Measure,
    options: LayoutOptions,
) -> Result<Laid, LayoutError> {
    let toc: Vec<(usize, u8, String)> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(h) => Some(h),
            _ => None,
        })
        .enumerate()
        .filter(|(_, h)| h.toc)
        .map(|(i, h)| (i, h.level, h.text.clone()))
        .collect();

    let mut l = Layouter::new(measure, options);
    for (i, block) in blocks.iter().enumerate() {
        match block {
            Block::Heading(h) => {
                // The text measured for the lead belongs to this heading's section.
                l.section = h.text.clone();
                let lead = l.lead(&blocks[i + 1..]);
                l.heading(h, lead);
            }
            Block::Paragraph(p) => l.paragraph(p),
            Block::Table(t) => l.table(t),
            Block::Figures(f) => l.figures(f),
            Block::BarChart(c) => l.bar_chart(c),
            Block::LineChart(c) => l.line_chart(c),
            Block::Stamp { text, color, size } => l.stamp(text, *color, *size),
            Block::Toc => l.toc(&toc),
            Block::Spacer(h) => {
                if !l.fresh {
                    l.y += h;
                }
            }
            Block::PageBreak => {
                if !l.fresh {
                    l.new_page();
                }
            }
        }
    }
    if !l.missing.is_empty() {
        return Err(LayoutError::MissingGlyphs {
            chars: l.missing.into_iter().collect(),
            r#where: l.missing_where.unwrap_or_default(),
        });
    }
    Ok(Laid {
        pages: l.pages,
        headings: l.headings,
        geometry: options.geometry,
    })
}

/// Where a line goes: its box's left edge and width, and the top of its line box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Slot {
    pub x: f32,
    pub top: f32,
    pub width: f32,
}

/// A line of laid-out spans: runs of one font and colour, with x offsets from the line start.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct LineRuns {
    pub runs: Vec<(f32, FontKind, Color, String)>,
    pub width: f32,
}

pub(super) struct Layouter<'a> {
    measure: &'a dyn Measure,
    pub geo: PageGeometry,
    pub pages: Vec<Page>,
    /// The cursor, down from the page's top edge.
    pub y: f32,
    /// Nothing has been placed on the current page yet.
    pub fresh: bool,
    headings: Vec<PlacedHeading>,
    section: String,
    missing: BTreeSet<char>,
    missing_where: Option<String>,
}

impl<'a> Layouter<'a> {
    fn new(measure: &'a dyn Measure, options: LayoutOptions) -> Layouter<'a> {
        let geo = options.geometry;
        Layouter {
            measure,
            geo,
            pages: vec![Page {
                items: Vec::new(),
                chrome: options.chrome_on_first_page,
                ends_with: Ending::Content,
            }],
            y: geo.top,
            fresh: true,
            headings: Vec::new(),
            section: String::new(),
            missing: BTreeSet::new(),
            missing_where: None,
        }
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page {
            items: Vec::new(),
            chrome: true,
            ends_with: Ending::Content,
        });
        self.y = self.geo.top;
        self.fresh = true;
    }

    pub fn remaining(&self) -> f32 {
        self.geo.content_bottom() - self.y
    }

    /// Starts a new page unless `h` points still fit on this one (or the page is empty).
    pub fn ensure(&mut self, h: f32) {
        if h > self.remaining() + 0.01 && !self.fresh {
            self.new_page();
        }
    }

    pub fn push(&mut self, item: Item) {
        self.fresh = false;
        if let Some(page) = self.pages.last_mut() {
            page.items.push(item);
            page.ends_with = Ending::Content;
        }
    }

    /// Records what the page's last items were, after they are pushed.
    pub fn mark(&mut self, ending: Ending) {
        if let Some(page) = self.pages.last_mut() {
            page.ends_with = ending;
        }
    }

    pub fn page_index(&self) -> usize {
        self.pages.len() - 1
    }

    /// Advance of `c` in points; a character the font lacks is recorded for the error.
    pub fn char_width(&mut self, font: FontKind, size: f32, c: char, context: &str) -> f32 {
        // A line feed is a break, not a glyph.
        if c == '\n' {
            return 0.0;
        }
        match self.measure.advance(font, c) {
            Some(em) => em * size,
            None => {
                self.missing.insert(c);
                if self.missing_where.is_none() {
                    let snippet: String = context.chars().take(40).collect();
                    let section = if self.section.is_empty() {
                        "the cover"
                    } else {
                        self.section.as_str()
                    };
                    self.missing_where = Some(format!("{section}: “{snippet}”"));
                }
                size / 2.0
            }
        }
    }

    pub fn text_width(&mut self, font: FontKind, size: f32, text: &str) -> f32 {
        text.chars()
            .map(|c| self.char_width(font, size, c, text))
            .sum()
    }

    /// Breaks spans into lines of at most `max_width` points.
    pub fn lay_spans(
        &mut self,
        spans: &[Span],
        size: f32,
        max_width: f32,
        color: Color,
    ) -> Vec<LineRuns> {
        let mut full = String::new();
        // (byte offset where the span starts, font, colour)
        let mut starts: Vec<(usize, FontKind, Color)> = Vec::with_capacity(spans.len());
        for span in spans {
            starts.push((full.len(), span.font, span.color.unwrap_or(color)));
            full.extend(normalize(&span.text));
        }
        let span_at = |byte: usize| starts.iter().rposition(|s| s.0 <= byte).unwrap_or(0);

        let mut widths: Vec<f32> = Vec::with_capacity(full.len());
        let lines = break_lines(&full, max_width, |byte, c| {
            let w = self.char_width(starts[span_at(byte)].1, size, c, &full);
            widths.resize(byte + 1, 0.0);
            widths[byte] = w;
            w
        });

        lines
            .into_iter()
            .map(|line| {
                let mut runs: Vec<(f32, FontKind, Color, String)> = Vec::new();
                let mut x = 0.0;
                let mut current: Option<usize> = None;
                for (offset, c) in full[line.range.clone()].char_indices() {
                    let byte = line.range.start + offset;
                    let s = span_at(byte);
                    if current != Some(s) {
                        runs.push((x, starts[s].1, starts[s].2, String::new()));
                        current = Some(s);
                    }
                    if let Some(run) = runs.last_mut() {
                        run.3.push(c);
                    }
                    x += widths.get(byte).copied().unwrap_or(0.0);
                }
                LineRuns {
                    runs,
                    width: line.width,
                }
            })
            .collect()
    }

    /// Places one laid-out line in `slot`, aligned within its width.
    pub fn place_line(&mut self, line: &LineRuns, slot: Slot, size: f32, lh: f32, align: Align) {
        let Slot { x, top, width } = slot;
        let x0 = match align {
            Align::Left => x,
            Align::Center => x + (width - line.width) / 2.0,
            Align::Right => x + width - line.width,
        };
        let baseline = baseline(top, size, lh);
        for (dx, font, color, text) in &line.runs {
            if text.trim().is_empty() {
                continue;
            }
            self.push(Item::Text(TextRun {
                x: x0 + dx,
                baseline,
                size,
                font: *font,
                color: *color,
                content: TextContent::Literal(text.clone()),
                align_right: false,
            }));
        }
    }

    /// The height the start of `rest` (what follows a heading) needs at the foot of a page for
    /// the heading to stay with it: a table's header and first two rows, a paragraph's first two
    /// lines, a chart or the key figures whole (a bar chart its first bar), a heading with what
    /// it keeps in turn; three lines of body text for anything else.
    fn lead(&mut self, rest: &[Block]) -> f32 {
        let three_lines = 3.0 * super::BODY_SIZE * LEADING;
        let Some(at) = rest.iter().position(|b| !matches!(b, Block::Spacer(_))) else {
            return 0.0;
        };
        match &rest[at] {
            Block::Table(t) => self.table_lead(t),
            Block::Paragraph(p) => {
                let pad = if p.boxed.is_some() { 14.0 } else { 0.0 };
                let width = self.geo.content_width() - p.indent - pad;
                let lines = self.lay_spans(&p.spans, p.size, width, p.color).len();
                lines.clamp(1, 2) as f32 * p.size * LEADING + pad
            }
            Block::LineChart(c) if !c.points.is_empty() => super::chart::LINE_CHART_NEEDS,
            Block::BarChart(c) if !c.bars.is_empty() => super::chart::BAR_CHART_NEEDS,
            Block::Figures(f) if !f.is_empty() => FIGURES_NEEDS,
            Block::Heading(h) if !h.new_page => {
                let (size, before, after) = heading_metrics(h.level);
                let lines = self
                    .lay_spans(
                        &[Span::bold(&h.text)],
                        size,
                        self.geo.content_width(),
                        Color::ACCENT,
                    )
                    .len();
                before + lines as f32 * size * 1.35 + after + self.lead(&rest[at + 1..])
            }
            _ => three_lines,
        }
    }

    fn heading(&mut self, h: &Heading, lead: f32) {
        self.section = h.text.clone();
        if h.new_page && !self.fresh {
            self.new_page();
        }
        let (size, before, after) = heading_metrics(h.level);
        let lh = size * 1.35;
        let width = self.geo.content_width();
        let lines = self.lay_spans(&[Span::bold(&h.text)], size, width, Color::ACCENT);
        let height = lines.len() as f32 * lh + if h.level == 1 { 6.0 } else { 0.0 };
        // Keep the heading with the start of what follows (when that fits on a page at all).
        let keep = (before + height + after + lead).min(self.geo.content_height());
        self.ensure(keep);
        if !self.fresh {
            self.y += before;
        }
        self.headings.push(PlacedHeading {
            level: h.level,
            text: h.text.clone(),
            page: self.page_index(),
            y: self.y,
        });
        let x = self.geo.left;
        for line in &lines {
            let top = self.y;
            self.place_line(line, Slot { x, top, width }, size, lh, Align::Left);
            self.y += lh;
        }
        if h.level == 1 {
            self.y += 3.0;
            let y = self.y;
            self.push(Item::Path {
                points: vec![(x, y), (x + width, y)],
                stroke: Some(Stroke::solid(Color::ACCENT, 1.2)),
                fill: None,
                closed: false,
            });
            self.y += 3.0;
        }
        self.y += after;
        self.mark(Ending::Heading);
    }

    fn paragraph(&mut self, p: &Paragraph) {
        let lh = p.size * LEADING;
        let pad = if p.boxed.is_some() { 7.0 } else { 0.0 };
        let width = self.geo.content_width() - p.indent - 2.0 * pad;
        let lines = self.lay_spans(&p.spans, p.size, width, p.color);
        if lines.is_empty() {
            return;
        }
        let x = self.geo.left + p.indent + pad;
        let total = lines.len() as f32 * lh + 2.0 * pad;
        let boxed = p.boxed.filter(|_| total <= self.geo.content_height());
        if let Some((fill, bar)) = boxed {
            self.ensure(total);
            let (left, y, w) = (
                self.geo.left + p.indent,
                self.y,
                self.geo.content_width() - p.indent,
            );
            self.push(Item::Rect {
                x: left,
                y,
                w,
                h: total,
                fill: Some(fill),
                stroke: None,
            });
            self.push(Item::Rect {
                x: left,
                y,
                w: 2.5,
                h: total,
                fill: Some(bar),
                stroke: None,
            });
            self.y += pad;
        } else {
            // No single line at the foot of a page when the paragraph has more.
            self.ensure(lines.len().min(2) as f32 * lh);
        }
        for (i, line) in lines.iter().enumerate() {
            self.ensure(lh);
            let top = self.y;
            if i == 0
                && let Some(marker) = &p.marker
            {
                let marker_line = LineRuns {
                    runs: vec![(0.0, FontKind::Regular, p.color, marker.clone())],
                    width: 0.0,
                };
                self.place_line(
                    &marker_line,
                    Slot {
                        x: self.geo.left + p.indent - 11.0,
                        top,
                        width: 0.0,
                    },
                    p.size,
                    lh,
                    Align::Left,
                );
            }
            self.place_line(line, Slot { x, top, width }, p.size, lh, p.align);
            self.y += lh;
        }
        self.y += pad + p.space_after;
    }

    fn toc(&mut self, entries: &[(usize, u8, String)]) {
        let right = self.geo.left + self.geo.content_width();
        let number_width = 36.0;
        for (target, level, text) in entries {
            let (font, size, indent, before) = match level {
                1 => (FontKind::Bold, 10.5, 0.0, 6.0),
                _ => (FontKind::Regular, 9.5, 16.0, 0.0),
            };
            let lh = size * 1.5;
            let x = self.geo.left + indent;
            let avail = right - number_width - 8.0 - x;
            let lines = self.lay_spans(
                &[Span {
                    text: text.clone(),
                    font,
                    color: None,
                }],
                size,
                avail,
                Color::TEXT,
            );
            let h = before + lines.len() as f32 * lh;
            self.ensure(h);
            if !self.fresh {
                self.y += before;
            }
            let top = self.y;
            for line in &lines {
                let t = self.y;
                self.place_line(
                    line,
                    Slot {
                        x,
                        top: t,
                        width: avail,
                    },
                    size,
                    lh,
                    Align::Left,
                );
                self.y += lh;
            }
            let last_top = self.y - lh;
            let base = baseline(last_top, size, lh);
            let end = x + lines.last().map_or(0.0, |l| l.width);
            if right - number_width - 4.0 > end + 8.0 {
                self.push(Item::Path {
                    points: vec![(end + 4.0, base), (right - number_width + 2.0, base)],
                    stroke: Some(Stroke {
                        color: Color::MUTED,
                        width: 0.7,
                        dash: Some((0.7, 2.6)),
                    }),
                    fill: None,
                    closed: false,
                });
            }
            self.push(Item::Text(TextRun {
                x: right,
                baseline: base,
                size,
                font,
                color: Color::TEXT,
                content: TextContent::PageOf(*target),
                align_right: true,
            }));
            self.push(Item::Link {
                x: self.geo.left,
                y: top,
                w: right - self.geo.left,
                h: self.y - top,
                target: *target,
            });
        }
        self.y += 6.0;
    }

    fn figures(&mut self, figures: &[Figure]) {
        if figures.is_empty() {
            return;
        }
        let gap = 8.0;
        let h = FIGURES_HEIGHT;
        self.ensure(FIGURES_NEEDS);
        let n = figures.len() as f32;
        let w = (self.geo.content_width() - gap * (n - 1.0)) / n;
        let top = self.y;
        for (i, f) in figures.iter().enumerate() {
            let x = self.geo.left + i as f32 * (w + gap);
            self.push(Item::Rect {
                x,
                y: top,
                w,
                h,
                fill: Some(Color::ZEBRA),
                stroke: Some(Stroke::solid(Color::RULE, 0.6)),
            });
            self.push(Item::Rect {
                x,
                y: top,
                w,
                h: 3.0,
                fill: Some(f.color),
                stroke: None,
            });
            let value_size = self.fit_size(FontKind::Bold, &f.value, 20.0, w - 12.0);
            self.centered(
                &f.value,
                FontKind::Bold,
                value_size,
                f.color,
                Slot {
                    x,
                    top: top + 12.0 + (20.0 - value_size) / 2.0,
                    width: w,
                },
            );
            let label_size = self.fit_size(FontKind::Regular, &f.label, 8.5, w - 10.0);
            self.centered(
                &f.label,
                FontKind::Regular,
                label_size,
                Color::MUTED,
                Slot {
                    x,
                    top: top + 42.0,
                    width: w,
                },
            );
        }
        self.y = top + h + 10.0;
    }

    fn stamp(&mut self, text: &str, color: Color, size: f32) {
        let text_w = self.text_width(FontKind::Bold, size, text);
        let (w, h) = (text_w + 2.0 * size, size * 2.0);
        self.ensure(h + 12.0);
        let x = self.geo.left + (self.geo.content_width() - w) / 2.0;
        let top = self.y + 4.0;
        self.push(Item::Rect {
            x,
            y: top,
            w,
            h,
            fill: None,
            stroke: Some(Stroke::solid(color, 1.8)),
        });
        self.push(Item::Rect {
            x: x + 3.0,
            y: top + 3.0,
            w: w - 6.0,
            h: h - 6.0,
            fill: None,
            stroke: Some(Stroke::solid(color, 0.6)),
        });
        self.centered(
            text,
            FontKind::Bold,
            size,
            color,
            Slot {
                x,
                top: top + (h - size * 1.2) / 2.0,
                width: w,
            },
        );
        self.y = top + h + 8.0;
    }

    /// The largest size up to `max` at which `text` fits in `width`.
    pub fn fit_size(&mut self, font: FontKind, text: &str, max: f32, width: f32) -> f32 {
        let w = self.text_width(font, max, text);
        if w <= width || w <= 0.0 {
            max
        } else {
            (max * width / w).max(5.0)
        }
    }

    /// One line of text centred in the slot.
    pub fn centered(&mut self, text: &str, font: FontKind, size: f32, color: Color, slot: Slot) {
        let w = self.text_width(font, size, text);
        let line = LineRuns {
            runs: vec![(0.0, font, color, text.to_owned())],
            width: w,
        };
        self.place_line(&line, slot, size, size * 1.2, Align::Center);
    }
}

/// The baseline of text at `size` in a line box of height `lh` starting at `top`: the em box is
/// centred in the line box, and the baseline sits at the em box's ascent (0.88 em in Noto Sans
/// CJK).
/// The boxes of key figures, and what they need on a page with the space under them.
const FIGURES_HEIGHT: f32 = 62.0;
const FIGURES_NEEDS: f32 = FIGURES_HEIGHT + 10.0;

/// Size, space before and space after a heading of `level`.
fn heading_metrics(level: u8) -> (f32, f32, f32) {
    match level {
        1 => (16.0, 18.0, 10.0),
        2 => (12.5, 14.0, 6.0),
        _ => (10.5, 10.0, 4.0),
    }
}

pub(super) fn baseline(top: f32, size: f32, lh: f32) -> f32 {
    top + (lh - size) / 2.0 + size * 0.88
}

fn normalize(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .filter(|&c| c != '\r')
        .map(|c| if c == '\t' { ' ' } else { c })
}
