//! Tables: relative column widths, cells that wrap, rows that never overflow a page. A row
//! that does not fit moves to the next page; a row taller than a whole page is split between
//! its lines. Every page a table continues on starts with its header row again.

use super::page::{Ending, Layouter, LineRuns, Slot};
use super::{Align, Color, FontKind, Item, Span, Stroke};

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    /// Repeated at the top of every page the table occupies.
    pub header: Option<Vec<Cell>>,
    pub rows: Vec<Row>,
    /// Font size of the cells.
    pub size: f32,
    /// Alternate rows get a light tint.
    pub zebra: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Column {
    /// Share of the table width, relative to the other columns.
    pub weight: f32,
    pub align: Align,
}

impl Column {
    pub fn new(weight: f32) -> Column {
        Column {
            weight,
            align: Align::Left,
        }
    }

    pub fn right(weight: f32) -> Column {
        Column {
            weight,
            align: Align::Right,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// Background of the row, overriding the zebra tint.
    pub fill: Option<Color>,
}

impl Row {
    pub fn new(cells: Vec<Cell>) -> Row {
        Row { cells, fill: None }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cell {
    pub spans: Vec<Span>,
}

impl Cell {
    pub fn new(spans: Vec<Span>) -> Cell {
        Cell { spans }
    }

    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            spans: vec![Span::regular(text)],
        }
    }

    pub fn bold(text: impl Into<String>) -> Cell {
        Cell {
            spans: vec![Span::bold(text)],
        }
    }
}

const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 3.2;
const CELL_LEADING: f32 = 1.45;

/// A row broken into lines per cell, not yet placed.
struct LaidRow {
    cells: Vec<Vec<LineRuns>>,
    fill: Option<Color>,
}

impl LaidRow {
    fn lines(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(0).max(1)
    }
}

impl Layouter<'_> {
    pub(super) fn table(&mut self, table: &Table) {
        let total: f32 = table.columns.iter().map(|c| c.weight).sum();
        if table.columns.is_empty() || total <= 0.0 {
            return;
        }
        let width = self.geo.content_width();
        let widths: Vec<f32> = table
            .columns
            .iter()
            .map(|c| width * c.weight / total)
            .collect();
        let lh = table.size * CELL_LEADING;
        let height = |lines: usize| lines as f32 * lh + 2.0 * PAD_Y;

        let header = table.header.as_ref().map(|cells| {
            let row = Row {
                cells: cells.clone(),
                fill: Some(Color::HEADER_FILL),
            };
            self.lay_row(&row, &widths, table.size, FontKind::Bold)
        });
        let header_h = header.as_ref().map_or(0.0, |h| height(h.lines()));

        let rows: Vec<LaidRow> = table
            .rows
            .iter()
            .map(|r| self.lay_row(r, &widths, table.size, FontKind::Regular))
            .collect();

        // Start where the header and the first two rows fit, so that a header never stands
        // alone at the foot of a page (header and one line when those rows are taller than a
        // page).
        self.ensure(self.table_start(header_h, &rows, lh));
        if let Some(h) = &header {
            self.draw_row(&h.cells, h.fill, &widths, table, 0, h.lines(), true);
            self.mark(Ending::TableHeader);
        }
        for (i, row) in rows.iter().enumerate() {
            let fill = row
                .fill
                .or((table.zebra && i % 2 == 1).then_some(Color::ZEBRA));
            let mut from = 0;
            let mut just_broke = false;
            let n = row.lines();
            while from < n {
                let fits = ((self.remaining() - 2.0 * PAD_Y) / lh).floor().max(0.0) as usize;
                let whole_page =
                    ((self.geo.content_height() - header_h - 2.0 * PAD_Y) / lh).floor() as usize;
                let rest = n - from;
                // Move the row (or the rest of it) to a new page when it fits there whole; split
                // it only when it is taller than any page. A page too small for a single line
                // still takes one, so the flow always ends.
                let take = if fits >= rest || just_broke {
                    rest.min(fits.max(1))
                } else if rest <= whole_page || fits == 0 {
                    self.new_page();
                    if let Some(h) = &header {
                        self.draw_row(&h.cells, h.fill, &widths, table, 0, h.lines(), true);
                        self.mark(Ending::TableHeader);
                    }
                    just_broke = true;
                    continue;
                } else {
                    fits
                };
                self.draw_row(&row.cells, fill, &widths, table, from, from + take, false);
                from += take;
                just_broke = false;
            }
        }
        self.y += 8.0;
    }

    /// The height a table needs where it starts: its header and first two rows, or its header
    /// and one line when that is more than a page.
    fn table_start(&self, header_h: f32, rows: &[LaidRow], lh: f32) -> f32 {
        let height = |lines: usize| lines as f32 * lh + 2.0 * PAD_Y;
        let first_rows: f32 = rows.iter().take(2).map(|r| height(r.lines())).sum();
        let want = header_h + first_rows;
        if want <= self.geo.content_height() {
            want
        } else {
            header_h + height(1)
        }
    }

    /// What [`Self::table`] asks for where the table starts, for a heading kept with it.
    pub(super) fn table_lead(&mut self, table: &Table) -> f32 {
        let total: f32 = table.columns.iter().map(|c| c.weight).sum();
        if table.columns.is_empty() || total <= 0.0 {
            return 0.0;
        }
        let width = self.geo.content_width();
        let widths: Vec<f32> = table
            .columns
            .iter()
            .map(|c| width * c.weight / total)
            .collect();
        let lh = table.size * CELL_LEADING;
        let header_h = table.header.as_ref().map_or(0.0, |cells| {
            let row = Row {
                cells: cells.clone(),
                fill: None,
            };
            self.lay_row(&row, &widths, table.size, FontKind::Bold)
                .lines() as f32
                * lh
                + 2.0 * PAD_Y
        });
        let rows: Vec<LaidRow> = table
            .rows
            .iter()
            .take(2)
            .map(|r| self.lay_row(r, &widths, table.size, FontKind::Regular))
            .collect();
        self.table_start(header_h, &rows, lh)
    }

    fn lay_row(&mut self, row: &Row, widths: &[f32], size: f32, font: FontKind) -> LaidRow {
        let cells = widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let Some(cell) = row.cells.get(i) else {
                    return Vec::new();
                };
                let spans: Vec<Span> = cell
                    .spans
                    .iter()
                    .map(|s| {
                        if font == FontKind::Bold {
                            Span { font, ..s.clone() }
                        } else {
                            s.clone()
                        }
                    })
                    .collect();
                self.lay_spans(&spans, size, w - 2.0 * PAD_X, Color::TEXT)
            })
            .collect();
        LaidRow {
            cells,
            fill: row.fill,
        }
    }

    /// Draws lines `from..to` of every cell of `row` at the cursor and advances it.
    #[allow(clippy::too_many_arguments)]
    fn draw_row(
        &mut self,
        cells: &[Vec<LineRuns>],
        fill: Option<Color>,
        widths: &[f32],
        table: &Table,
        from: usize,
        to: usize,
        header: bool,
    ) {
        let lh = table.size * CELL_LEADING;
        let h = (to - from) as f32 * lh + 2.0 * PAD_Y;
        let (x0, top) = (self.geo.left, self.y);
        let total: f32 = widths.iter().sum();
        if let Some(fill) = fill {
            self.push(Item::Rect {
                x: x0,
                y: top,
                w: total,
                h,
                fill: Some(fill),
                stroke: None,
            });
        }
        let mut x = x0;
        for (i, w) in widths.iter().enumerate() {
            let align = table.columns.get(i).map_or(Align::Left, |c| c.align);
            if let Some(lines) = cells.get(i) {
                for (k, line) in lines.iter().enumerate().take(to).skip(from) {
                    let line_top = top + PAD_Y + (k - from) as f32 * lh;
                    self.place_line(
                        line,
                        Slot {
                            x: x + PAD_X,
                            top: line_top,
                            width: w - 2.0 * PAD_X,
                        },
                        table.size,
                        lh,
                        align,
                    );
                }
            }
            x += w;
        }
        let (color, width) = if header {
            (Color::ACCENT, 0.8)
        } else {
            (Color::RULE, 0.5)
        };
        if header {
            self.push(Item::Path {
                points: vec![(x0, top), (x0 + total, top)],
                stroke: Some(Stroke::solid(color, width)),
                fill: None,
                closed: false,
            });
        }
        self.push(Item::Path {
            points: vec![(x0, top + h), (x0 + total, top + h)],
            stroke: Some(Stroke::solid(color, width)),
            fill: None,
            closed: false,
        });
        self.y = top + h;
    }
}
