//! The layout engine with a fixed-pitch measure: page flow, tables that split and repeat their
//! header, headings kept with what follows, the contents' page numbers, missing glyphs.

#![allow(clippy::unwrap_used)]

use ziping_report::layout::{
    Block, Cell, Column, FontKind, Heading, Item, Laid, LayoutError, LayoutOptions, Measure,
    PageGeometry, Paragraph, Row, Table, TextContent, layout,
};

/// Ideographs and fullwidth forms 1 em, everything else half an em; no glyph for emoji.
struct Fixed;

impl Measure for Fixed {
    fn advance(&self, _: FontKind, c: char) -> Option<f32> {
        match u32::from(c) {
            0x1F000.. => None,
            0x2E80.. => Some(1.0),
            _ => Some(0.5),
        }
    }
}

fn options() -> LayoutOptions {
    LayoutOptions {
        geometry: PageGeometry::a4(),
        chrome_on_first_page: true,
    }
}

fn run(blocks: &[Block]) -> Laid {
    layout(blocks, &Fixed, options()).unwrap()
}

/// The literal texts of a page, top to bottom.
fn texts(laid: &Laid, page: usize) -> Vec<(f32, String)> {
    let mut v: Vec<(f32, String)> = laid.pages[page]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => t.content.as_literal().map(|s| (t.baseline, s.to_owned())),
            _ => None,
        })
        .collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    v
}

fn heading(level: u8, text: &str) -> Block {
    Block::Heading(Heading {
        level,
        text: text.to_owned(),
        toc: true,
        new_page: level == 1,
    })
}

fn big_table(rows: usize) -> Table {
    Table {
        columns: vec![Column::new(0.2), Column::new(0.8)],
        header: Some(vec![Cell::text("编号"), Cell::text("评估项")]),
        rows: (0..rows)
            .map(|i| {
                Row::new(vec![
                    Cell::text(format!("Q-{i:03}")),
                    Cell::text("是否建立了全流程数据安全管理制度？".repeat(1 + i % 3)),
                ])
            })
            .collect(),
        size: 8.0,
        zebra: true,
    }
}

#[test]
fn a_long_table_continues_on_new_pages_with_its_header_repeated() {
    let laid = run(&[heading(1, "分领域评估结果"), Block::Table(big_table(150))]);
    assert!(
        laid.pages.len() >= 4,
        "150 rows should need several pages, got {}",
        laid.pages.len()
    );
    for page in 0..laid.pages.len() {
        let t = texts(&laid, page);
        let first_row = t.iter().position(|(_, s)| s.starts_with("Q-")).unwrap();
        let header = t
            .iter()
            .position(|(_, s)| s == "编号")
            .unwrap_or_else(|| panic!("page {page} has no header"));
        assert!(
            header < first_row,
            "page {page}: the header must come before the rows"
        );
        assert_eq!(t.iter().filter(|(_, s)| s == "编号").count(), 1);
    }
    // Every row exactly once, in order, and no row split (rows are shorter than a page).
    let ids: Vec<String> = (0..laid.pages.len())
        .flat_map(|p| texts(&laid, p))
        .filter(|(_, s)| s.starts_with("Q-"))
        .map(|(_, s)| s)
        .collect();
    assert_eq!(
        ids,
        (0..150).map(|i| format!("Q-{i:03}")).collect::<Vec<_>>()
    );
}

#[test]
fn content_stays_inside_the_margins() {
    let laid = run(&[
        heading(1, "标题"),
        Block::Table(big_table(80)),
        Block::Paragraph(Paragraph::text("数据".repeat(3000))),
    ]);
    let geo = laid.geometry;
    for (p, page) in laid.pages.iter().enumerate() {
        for item in &page.items {
            if let Item::Text(t) = item {
                assert!(
                    t.baseline > geo.top && t.baseline <= geo.content_bottom() + 0.5,
                    "page {p}: baseline {} outside",
                    t.baseline
                );
                assert!(
                    t.x >= geo.left - 12.0 && t.x < geo.width - geo.right,
                    "page {p}: x {} outside",
                    t.x
                );
            }
        }
    }
}

#[test]
fn a_row_taller_than_a_page_is_split_between_its_lines_and_the_header_repeats() {
    let tall = "很长的说明。".repeat(900);
    let table = Table {
        columns: vec![Column::new(0.3), Column::new(0.7)],
        header: Some(vec![Cell::text("编号"), Cell::text("说明")]),
        rows: vec![
            Row::new(vec![Cell::text("TALL-01"), Cell::text(tall)]),
            Row::new(vec![Cell::text("NEXT-01"), Cell::text("短")]),
        ],
        size: 8.0,
        zebra: false,
    };
    let laid = run(&[Block::Table(table)]);
    assert!(laid.pages.len() >= 3);
    for page in 0..laid.pages.len() {
        assert_eq!(
            texts(&laid, page).first().map(|(_, s)| s.as_str()),
            Some("编号"),
            "page {page}"
        );
    }
    let last = texts(&laid, laid.pages.len() - 1);
    assert!(last.iter().any(|(_, s)| s == "NEXT-01"));
}

#[test]
fn a_heading_is_never_the_last_thing_on_a_page() {
    let mut blocks = vec![heading(1, "第一章")];
    for i in 0..60 {
        blocks.push(heading(2, &format!("小节 {i}")));
        blocks.push(Block::Paragraph(Paragraph::text(
            "正文内容，".repeat(10 + i % 17),
        )));
    }
    let laid = run(&blocks);
    for (p, _) in laid.pages.iter().enumerate() {
        let t = texts(&laid, p);
        let last = &t.last().unwrap().1;
        assert!(
            !last.starts_with("小节"),
            "page {p} ends with the heading {last}"
        );
    }
}

#[test]
fn the_contents_point_at_the_pages_the_headings_landed_on() {
    let mut blocks = vec![heading(1, "目录"), Block::Toc];
    for i in 0..5 {
        blocks.push(heading(1, &format!("第 {i} 章")));
        blocks.push(Block::Paragraph(Paragraph::text(
            "内容".repeat(200 * (i + 1)),
        )));
    }
    let laid = run(&blocks);
    let page_refs: Vec<usize> = laid.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => match t.content {
                TextContent::PageOf(h) => Some(h),
                _ => None,
            },
            _ => None,
        })
        .collect();
    assert_eq!(page_refs.len(), 6, "every heading with toc set is listed");
    let chapters: Vec<&str> = laid.headings.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(chapters[1], "第 0 章");
    let pages: Vec<usize> = laid.headings[1..].iter().map(|h| h.page).collect();
    assert!(
        pages.windows(2).all(|w| w[0] < w[1]),
        "level 1 headings start new pages: {pages:?}"
    );
    for h in &laid.headings {
        let found = texts(&laid, h.page).iter().any(|(_, s)| *s == h.text);
        assert!(found, "heading {} is on page {}", h.text, h.page);
    }
}

#[test]
fn a_character_the_font_lacks_is_an_error_naming_it_and_its_section() {
    let blocks = [
        heading(1, "执行摘要"),
        Block::Paragraph(Paragraph::text("风险很低 😀 无需处理")),
    ];
    let err = layout(&blocks, &Fixed, options()).unwrap_err();
    let LayoutError::MissingGlyphs { chars, r#where } = &err;
    assert_eq!(chars, &['😀']);
    assert!(
        r#where.contains("执行摘要") && r#where.contains("风险很低"),
        "{where}"
    );
    assert!(err.to_string().contains("U+1F600"), "{err}");
}
