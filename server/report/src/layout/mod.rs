//! The report's own small layout engine: blocks in, positioned pages out.
//!
//! Content code describes the report as a list of [`Block`]s (headings, paragraphs, tables,
//! charts, a table of contents…). [`layout`] flows them into A4 pages and returns a display list
//! per page ([`Item`]s at absolute positions, y measured down from the top edge) together with
//! the place of every heading. Page numbers that are only known once the flow is done (the
//! table of contents, "page X of Y") stay symbolic ([`TextContent::PageOf`]) and are resolved when
//! the pages are painted — the two passes of the design: layout, then paint with the page count.
//!
//! The engine knows nothing of PDF: it measures text through the [`Measure`] trait, so it is
//! tested with a fixed-pitch measure, and `crate::paint` turns its output into printpdf
//! operations.

mod chart;
mod page;
mod table;
pub mod text;

pub use chart::{Bar, BarChart, LineChart, Marker};
pub use page::{
    Ending, Laid, LayoutError, LayoutOptions, Page, PlacedHeading, describe_chars, layout,
};
pub use table::{Cell, Column, Row, Table};

/// Advance widths of characters, in ems, for the regular and the bold face.
pub trait Measure {
    /// The advance width of `c` in ems, or `None` when the font has no glyph for it.
    fn advance(&self, font: FontKind, c: char) -> Option<f32>;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontKind {
    Regular,
    Bold,
}

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Color(pub u8, pub u8, pub u8);

impl Color {
    pub const BLACK: Color = Color(0x1a, 0x1f, 0x29);
    pub const TEXT: Color = Color(0x24, 0x29, 0x33);
    pub const MUTED: Color = Color(0x5f, 0x67, 0x73);
    pub const RULE: Color = Color(0xd3, 0xd8, 0xde);
    pub const ACCENT: Color = Color(0x1f, 0x3a, 0x5f);
    pub const HEADER_FILL: Color = Color(0xe9, 0xee, 0xf4);
    pub const ZEBRA: Color = Color(0xf7, 0xf8, 0xfa);
    pub const WHITE: Color = Color(0xff, 0xff, 0xff);
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// A piece of text in one font and colour. Tabs become spaces and carriage returns are dropped
/// when the text is laid out; line feeds break lines.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    pub text: String,
    pub font: FontKind,
    /// `None` takes the colour of the enclosing block.
    pub color: Option<Color>,
}

impl Span {
    pub fn regular(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            font: FontKind::Regular,
            color: None,
        }
    }

    pub fn bold(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            font: FontKind::Bold,
            color: None,
        }
    }

    pub fn colored(mut self, color: Color) -> Span {
        self.color = Some(color);
        self
    }
}

/// A unit of the flow.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Heading(Heading),
    Paragraph(Paragraph),
    Table(Table),
    /// Key figures side by side in boxes (overall score, readiness, completion…).
    Figures(Vec<Figure>),
    BarChart(BarChart),
    LineChart(LineChart),
    /// A framed marking such as "草稿 / DRAFT", centred.
    Stamp {
        text: String,
        color: Color,
        size: f32,
    },
    /// The table of contents: every heading with `toc` set, with its page number.
    Toc,
    /// Vertical space; dropped at the top of a page.
    Spacer(f32),
    /// Continue on a new page (no-op at the top of an empty page).
    PageBreak,
}

/// A section heading (levels 1–3). Level 1 and 2 headings become PDF bookmarks.
#[derive(Clone, Debug, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    /// Listed in the table of contents.
    pub toc: bool,
    /// Starts on a new page.
    pub new_page: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Paragraph {
    pub spans: Vec<Span>,
    pub size: f32,
    pub color: Color,
    pub align: Align,
    /// Left indent of every line, in points.
    pub indent: f32,
    /// Text set in the indent of the first line (a list bullet or number).
    pub marker: Option<String>,
    pub space_after: f32,
    /// A tinted box behind the paragraph, with an accent bar on its left.
    pub boxed: Option<(Color, Color)>,
}

impl Paragraph {
    /// Body text at the report's body size.
    pub fn new(spans: Vec<Span>) -> Paragraph {
        Paragraph {
            spans,
            size: BODY_SIZE,
            color: Color::TEXT,
            align: Align::Left,
            indent: 0.0,
            marker: None,
            space_after: 6.0,
            boxed: None,
        }
    }

    pub fn text(text: impl Into<String>) -> Paragraph {
        Paragraph::new(vec![Span::regular(text)])
    }
}

/// One key figure: a large value over a small label.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub value: String,
    pub label: String,
    pub color: Color,
}

/// Body text size in points.
pub const BODY_SIZE: f32 = 9.5;
/// Line height as a multiple of the font size; generous, as Chinese text needs.
pub const LEADING: f32 = 1.55;

/// The page size and margins, in points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PageGeometry {
    pub width: f32,
    pub height: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
    pub left: f32,
}

impl PageGeometry {
    /// A4 portrait with 20 mm side margins and room for the running header and footer.
    pub fn a4() -> PageGeometry {
        let mm = 72.0 / 25.4;
        PageGeometry {
            width: 210.0 * mm,
            height: 297.0 * mm,
            top: 24.0 * mm,
            right: 20.0 * mm,
            bottom: 22.0 * mm,
            left: 20.0 * mm,
        }
    }

    pub fn content_width(&self) -> f32 {
        self.width - self.left - self.right
    }

    /// The y (down from the top) where content must end.
    pub fn content_bottom(&self) -> f32 {
        self.height - self.bottom
    }

    pub fn content_height(&self) -> f32 {
        self.content_bottom() - self.top
    }
}

/// A drawing instruction at an absolute position (points, y down from the top edge).
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Text(TextRun),
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Color>,
        stroke: Option<Stroke>,
    },
    /// An open or closed polyline.
    Path {
        points: Vec<(f32, f32)>,
        stroke: Option<Stroke>,
        fill: Option<Color>,
        closed: bool,
    },
    /// A clickable area that jumps to the page of heading `target` (its index in
    /// [`Laid::headings`]).
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        target: usize,
    },
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stroke {
    pub color: Color,
    pub width: f32,
    /// Dash and gap lengths.
    pub dash: Option<(f32, f32)>,
}

impl Stroke {
    pub fn solid(color: Color, width: f32) -> Stroke {
        Stroke {
            color,
            width,
            dash: None,
        }
    }
}

/// One line (or part of a line) of text in one font.
#[derive(Clone, Debug, PartialEq)]
pub struct TextRun {
    pub x: f32,
    pub baseline: f32,
    pub size: f32,
    pub font: FontKind,
    pub color: Color,
    pub content: TextContent,
    /// Right-align the text at `x` instead of starting there (used for numbers resolved late).
    pub align_right: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TextContent {
    Literal(String),
    /// The 1-based page number of heading `n` (an index into [`Laid::headings`]).
    PageOf(usize),
}

impl TextContent {
    pub fn as_literal(&self) -> Option<&str> {
        match self {
            TextContent::Literal(s) => Some(s),
            TextContent::PageOf(_) => None,
        }
    }
}
