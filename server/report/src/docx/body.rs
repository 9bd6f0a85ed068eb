//! The report's layout blocks as WordprocessingML: the body of `word/document.xml`.
//!
//! Each block becomes what a person editing the report in Word expects: a heading is a paragraph
//! in the Heading 1–3 style (so the navigation pane and Word's own contents list it), a table is a
//! table whose header row repeats on every page, the contents is a TOC field whose cached entries
//! link to the headings (Word fills in the page numbers when it updates the field, which
//! `settings.xml` asks it to do on opening). Charts have no Word equivalent worth their weight:
//! a bar or line chart becomes a table of the same labels and values, with the thresholds below
//! it, which is what a reader of an edited report needs anyway.

use crate::layout::{Align, Block, Cell, Color, Figure, FontKind, Paragraph, Row, Span, Table};

use super::xml::Xml;

/// Width of the text area in twentieths of a point: A4 less 20 mm on each side.
pub(super) const TEXT_WIDTH: u32 = 9638;

/// Writes the blocks into `x`, inside `<w:body>`.
pub(super) fn blocks(x: &mut Xml, blocks: &[Block]) {
    let toc: Vec<(usize, &crate::layout::Heading)> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(h) => Some(h),
            _ => None,
        })
        .enumerate()
        .filter(|(_, h)| h.toc)
        .collect();
    let mut heading_index = 0;
    for block in blocks {
        match block {
            Block::Heading(h) => {
                heading(x, h, heading_index);
                heading_index += 1;
            }
            Block::Paragraph(p) => paragraph(x, p),
            Block::Table(t) => table(x, t),
            Block::Figures(figures) => figures_table(x, figures),
            Block::BarChart(chart) => {
                let rows = chart
                    .bars
                    .iter()
                    .map(|bar| {
                        let value = bar
                            .value
                            .map_or_else(|| chart.none_label.clone(), |v| format!("{v:.1}"));
                        Row::new(vec![
                            Cell::text(bar.label.clone()),
                            Cell::new(vec![Span::bold(value).colored(bar.color)]),
                        ])
                    })
                    .collect();
                chart_table(x, rows, &chart.markers);
            }
            Block::LineChart(chart) => {
                let rows = chart
                    .points
                    .iter()
                    .map(|(label, v)| {
                        Row::new(vec![
                            Cell::text(label.clone()),
                            Cell::new(vec![Span::bold(format!("{v:.1}")).colored(chart.color)]),
                        ])
                    })
                    .collect();
                chart_table(x, rows, &chart.markers);
            }
            Block::Stamp { text, color, size } => stamp(x, text, *color, *size),
            Block::Toc => contents(x, &toc),
            Block::Spacer(points) => {
                let twips = twips(*points).to_string();
                x.open("w:p", &[]).open("w:pPr", &[]);
                x.empty(
                    "w:spacing",
                    &[
                        ("w:before", "0"),
                        ("w:after", "0"),
                        ("w:line", &twips),
                        ("w:lineRule", "exact"),
                    ],
                );
                x.close("w:pPr").close("w:p");
            }
            Block::PageBreak => {
                x.open("w:p", &[]).open("w:r", &[]);
                x.empty("w:br", &[("w:type", "page")]);
                x.close("w:r").close("w:p");
            }
        }
    }
}

/// Points to twentieths of a point, Word's unit for lengths.
pub(super) fn twips(points: f32) -> u32 {
    (points * 20.0).round().max(0.0) as u32
}

/// Points to half-points, Word's unit for font sizes.
fn half_points(points: f32) -> String {
    ((points * 2.0).round().max(1.0) as u32).to_string()
}

pub(super) fn hex(c: Color) -> String {
    format!("{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// The bookmark a heading carries, which the contents links to.
fn bookmark(index: usize) -> String {
    format!("_Toc{:08}", index + 1)
}

fn heading(x: &mut Xml, h: &crate::layout::Heading, index: usize) {
    // The heading of the contents itself is not an entry of it nor of the navigation pane:
    // Word's own "TOC Heading" style, which looks like Heading 1 and has no outline level.
    let style = if h.level == 1 && !h.toc {
        "TOCHeading".to_owned()
    } else {
        format!("Heading{}", h.level.clamp(1, 3))
    };
    x.open("w:p", &[]).open("w:pPr", &[]);
    x.empty("w:pStyle", &[("w:val", &style)]);
    if h.new_page {
        x.empty("w:pageBreakBefore", &[]);
    }
    x.close("w:pPr");
    let name = bookmark(index);
    let id = index.to_string();
    x.empty("w:bookmarkStart", &[("w:id", &id), ("w:name", &name)]);
    run(x, &Span::regular(h.text.clone()), None, None);
    x.empty("w:bookmarkEnd", &[("w:id", &id)]);
    x.close("w:p");
}

/// The contents: a TOC field over the outline levels of the listed headings, its cached result
/// the entries themselves, linked to their headings.
fn contents(x: &mut Xml, entries: &[(usize, &crate::layout::Heading)]) {
    let field = |x: &mut Xml, kind: &str| {
        x.open("w:r", &[]);
        x.empty("w:fldChar", &[("w:fldCharType", kind)]);
        x.close("w:r");
    };
    if entries.is_empty() {
        return;
    }
    for (n, (index, h)) in entries.iter().enumerate() {
        let style = format!("TOC{}", h.level.clamp(1, 3));
        x.open("w:p", &[]).open("w:pPr", &[]);
        x.empty("w:pStyle", &[("w:val", &style)]);
        x.close("w:pPr");
        if n == 0 {
            field(x, "begin");
            x.open("w:r", &[]);
            x.element(
                "w:instrText",
                &[("xml:space", "preserve")],
                " TOC \\o \"1-2\" \\h \\z \\u ",
            );
            x.close("w:r");
            field(x, "separate");
        }
        x.open(
            "w:hyperlink",
            &[("w:anchor", &bookmark(*index)), ("w:history", "1")],
        );
        run(x, &Span::regular(h.text.clone()), None, None);
        x.close("w:hyperlink");
        if n + 1 == entries.len() {
            field(x, "end");
        }
        x.close("w:p");
    }
}

fn paragraph(x: &mut Xml, p: &Paragraph) {
    x.open("w:p", &[]).open("w:pPr", &[]);
    if let Some((fill, bar)) = p.boxed {
        x.open("w:pBdr", &[]);
        x.empty(
            "w:left",
            &[
                ("w:val", "single"),
                ("w:sz", "18"),
                ("w:space", "6"),
                ("w:color", &hex(bar)),
            ],
        );
        x.close("w:pBdr");
        x.empty(
            "w:shd",
            &[
                ("w:val", "clear"),
                ("w:color", "auto"),
                ("w:fill", &hex(fill)),
            ],
        );
    }
    x.empty(
        "w:spacing",
        &[
            ("w:before", "0"),
            ("w:after", &twips(p.space_after).to_string()),
        ],
    );
    if p.indent > 0.0 {
        let indent = twips(p.indent).to_string();
        let hanging = if p.marker.is_some() {
            indent.as_str()
        } else {
            "0"
        };
        x.empty("w:ind", &[("w:left", &indent), ("w:hanging", hanging)]);
    }
    justify(x, p.align);
    x.close("w:pPr");
    let size = Some(p.size);
    if let Some(marker) = &p.marker {
        run(
            x,
            &Span::regular(marker.clone()).colored(p.color),
            size,
            None,
        );
        x.open("w:r", &[]);
        x.empty("w:tab", &[]);
        x.close("w:r");
    }
    for span in &p.spans {
        run(x, span, size, Some(p.color));
    }
    x.close("w:p");
}

fn justify(x: &mut Xml, align: Align) {
    let value = match align {
        Align::Left => return,
        Align::Center => "center",
        Align::Right => "right",
    };
    x.empty("w:jc", &[("w:val", value)]);
}

/// One run of text; line feeds become line breaks, tabs stay tabs.
fn run(x: &mut Xml, span: &Span, size: Option<f32>, color: Option<Color>) {
    x.open("w:r", &[]);
    let color = span.color.or(color);
    if span.font == FontKind::Bold || size.is_some() || color.is_some() {
        x.open("w:rPr", &[]);
        if span.font == FontKind::Bold {
            x.empty("w:b", &[]).empty("w:bCs", &[]);
        }
        if let Some(c) = color {
            x.empty("w:color", &[("w:val", &hex(c))]);
        }
        if let Some(size) = size {
            let hp = half_points(size);
            x.empty("w:sz", &[("w:val", &hp)])
                .empty("w:szCs", &[("w:val", &hp)]);
        }
        x.close("w:rPr");
    }
    for (i, line) in span.text.replace('\r', "").split('\n').enumerate() {
        if i > 0 {
            x.empty("w:br", &[]);
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                x.empty("w:tab", &[]);
            }
            if !piece.is_empty() {
                x.element("w:t", &[("xml:space", "preserve")], piece);
            }
        }
    }
    x.close("w:r");
}

/// Column widths in twips from relative weights, summing to the text width.
fn grid(weights: &[f32]) -> Vec<u32> {
    let total: f32 = weights.iter().filter(|w| **w > 0.0).sum();
    if total <= 0.0 {
        let n = weights.len().max(1) as u32;
        return vec![TEXT_WIDTH / n; weights.len()];
    }
    weights
        .iter()
        .map(|w| ((w.max(0.0) / total) * TEXT_WIDTH as f32).round() as u32)
        .collect()
}

fn table(x: &mut Xml, t: &Table) {
    let widths = grid(&t.columns.iter().map(|c| c.weight).collect::<Vec<_>>());
    let aligns: Vec<Align> = t.columns.iter().map(|c| c.align).collect();
    table_start(x, &widths);
    if let Some(header) = &t.header {
        x.open("w:tr", &[]).open("w:trPr", &[]);
        x.empty("w:tblHeader", &[]).empty("w:cantSplit", &[]);
        x.close("w:trPr");
        for (i, cell) in header.iter().enumerate() {
            let bold: Vec<Span> = cell
                .spans
                .iter()
                .map(|s| Span {
                    font: FontKind::Bold,
                    ..s.clone()
                })
                .collect();
            table_cell(
                x,
                &bold,
                widths.get(i).copied(),
                aligns.get(i).copied(),
                t.size,
                Some(Color::HEADER_FILL),
            );
        }
        x.close("w:tr");
    }
    for (n, row) in t.rows.iter().enumerate() {
        let fill = row.fill.or((t.zebra && n % 2 == 1).then_some(Color::ZEBRA));
        x.open("w:tr", &[]).open("w:trPr", &[]);
        x.empty("w:cantSplit", &[]);
        x.close("w:trPr");
        for (i, cell) in row.cells.iter().enumerate() {
            table_cell(
                x,
                &cell.spans,
                widths.get(i).copied(),
                aligns.get(i).copied(),
                t.size,
                fill,
            );
        }
        x.close("w:tr");
    }
    x.close("w:tbl");
    // Word needs a paragraph between two tables, or it joins them; it also spaces what follows.
    x.open("w:p", &[]).open("w:pPr", &[]);
    x.empty("w:spacing", &[("w:before", "0"), ("w:after", "120")]);
    x.close("w:pPr").close("w:p");
}

fn table_start(x: &mut Xml, widths: &[u32]) {
    x.open("w:tbl", &[]).open("w:tblPr", &[]);
    x.empty("w:tblStyle", &[("w:val", "ReportTable")]);
    x.empty("w:tblW", &[("w:w", "5000"), ("w:type", "pct")]);
    x.empty("w:tblLayout", &[("w:type", "fixed")]);
    x.empty("w:tblLook", &[("w:val", "0420"), ("w:firstRow", "1")]);
    x.close("w:tblPr").open("w:tblGrid", &[]);
    for w in widths {
        x.empty("w:gridCol", &[("w:w", &w.to_string())]);
    }
    x.close("w:tblGrid");
}

fn table_cell(
    x: &mut Xml,
    spans: &[Span],
    width: Option<u32>,
    align: Option<Align>,
    size: f32,
    fill: Option<Color>,
) {
    x.open("w:tc", &[]).open("w:tcPr", &[]);
    if let Some(w) = width {
        x.empty("w:tcW", &[("w:w", &w.to_string()), ("w:type", "dxa")]);
    }
    if let Some(fill) = fill {
        x.empty(
            "w:shd",
            &[
                ("w:val", "clear"),
                ("w:color", "auto"),
                ("w:fill", &hex(fill)),
            ],
        );
    }
    x.close("w:tcPr");
    // A cell holds at least one paragraph.
    x.open("w:p", &[]).open("w:pPr", &[]);
    x.empty("w:spacing", &[("w:before", "0"), ("w:after", "0")]);
    justify(x, align.unwrap_or_default());
    x.close("w:pPr");
    for span in spans {
        run(x, span, Some(size), None);
    }
    x.close("w:p").close("w:tc");
}

/// Key figures side by side: one row of cells, the value large over its label.
fn figures_table(x: &mut Xml, figures: &[Figure]) {
    if figures.is_empty() {
        return;
    }
    let widths = grid(&vec![1.0; figures.len()]);
    table_start(x, &widths);
    x.open("w:tr", &[]).open("w:trPr", &[]);
    x.empty("w:cantSplit", &[]);
    x.close("w:trPr");
    for (f, w) in figures.iter().zip(&widths) {
        x.open("w:tc", &[]).open("w:tcPr", &[]);
        x.empty("w:tcW", &[("w:w", &w.to_string()), ("w:type", "dxa")]);
        x.open("w:tcBorders", &[]);
        x.empty(
            "w:top",
            &[
                ("w:val", "single"),
                ("w:sz", "24"),
                ("w:space", "0"),
                ("w:color", &hex(f.color)),
            ],
        );
        x.close("w:tcBorders");
        x.empty(
            "w:shd",
            &[
                ("w:val", "clear"),
                ("w:color", "auto"),
                ("w:fill", &hex(Color::ZEBRA)),
            ],
        );
        x.close("w:tcPr");
        for (span, size) in [
            (Span::bold(f.value.clone()).colored(f.color), 20.0),
            (Span::regular(f.label.clone()).colored(Color::MUTED), 8.0),
        ] {
            x.open("w:p", &[]).open("w:pPr", &[]);
            x.empty("w:spacing", &[("w:before", "60"), ("w:after", "60")]);
            justify(x, Align::Center);
            x.close("w:pPr");
            run(x, &span, Some(size), None);
            x.close("w:p");
        }
        x.close("w:tc");
    }
    x.close("w:tr").close("w:tbl");
    x.open("w:p", &[]).close("w:p");
}

/// A chart as a table of its labels and values, then its thresholds in a line.
fn chart_table(x: &mut Xml, rows: Vec<Row>, markers: &[crate::layout::Marker]) {
    table(
        x,
        &Table {
            columns: vec![
                crate::layout::Column::new(0.7),
                crate::layout::Column::right(0.3),
            ],
            header: None,
            rows,
            size: 8.5,
            zebra: true,
        },
    );
    if !markers.is_empty() {
        let mut spans = Vec::new();
        for (i, m) in markers.iter().enumerate() {
            if i > 0 {
                spans.push(Span::regular(" · "));
            }
            spans.push(Span::regular(m.label.clone()).colored(m.color));
        }
        paragraph(
            x,
            &Paragraph {
                size: 8.0,
                color: Color::MUTED,
                ..Paragraph::new(spans)
            },
        );
    }
}

/// A framed marking such as "草稿 / DRAFT", centred, as on the PDF's cover.
fn stamp(x: &mut Xml, text: &str, color: Color, size: f32) {
    x.open("w:p", &[]).open("w:pPr", &[]);
    x.open("w:pBdr", &[]);
    let c = hex(color);
    for side in ["w:top", "w:left", "w:bottom", "w:right"] {
        x.empty(
            side,
            &[
                ("w:val", "double"),
                ("w:sz", "12"),
                ("w:space", "4"),
                ("w:color", &c),
            ],
        );
    }
    x.close("w:pBdr");
    // Indents narrow the frame to about the marking's width.
    let indent = (TEXT_WIDTH / 3).to_string();
    x.empty("w:ind", &[("w:left", &indent), ("w:right", &indent)]);
    justify(x, Align::Center);
    x.close("w:pPr");
    run(
        x,
        &Span::bold(text.to_owned()).colored(color),
        Some(size),
        None,
    );
    x.close("w:p");
}
