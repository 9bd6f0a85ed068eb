//! A small Markdown renderer for the methodology text: headings, paragraphs with bold and code
//! spans, bulleted and numbered lists, block quotes, code blocks and tables become layout
//! blocks. Anything else (images, HTML) is reduced to its text. The text is ours (METHOD.md),
//! so the aim is a faithful, plain rendering rather than full CommonMark.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::layout::{Block, Cell, Color, Column, FontKind, Heading, Paragraph, Row, Span, Table};

/// Renders `markdown` as blocks. `#` headings become level 2 (the methodology section itself is
/// level 1), deeper ones level 3; heading attributes such as `{#zh}` are dropped.
pub(crate) fn markdown_blocks(markdown: &str) -> Vec<Block> {
    let mut r = Renderer::default();
    let options = Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES;
    for event in Parser::new_ext(markdown, options) {
        r.event(event);
    }
    r.flush();
    r.blocks
}

/// Renders short Markdown (a question's check) as spans for a table cell: the text of each
/// paragraph or list item on a line of its own, bold kept, list markers in front.
pub(crate) fn markdown_spans(markdown: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    for block in markdown_blocks(markdown) {
        let Block::Paragraph(paragraph) = block else {
            continue;
        };
        if !spans.is_empty() {
            spans.push(Span::regular("\n"));
        }
        if let Some(marker) = paragraph.marker {
            spans.push(Span::regular(format!("{marker} ")));
        }
        spans.extend(paragraph.spans);
    }
    spans
}

#[derive(Default)]
struct Renderer {
    blocks: Vec<Block>,
    spans: Vec<Span>,
    bold: usize,
    heading: Option<u8>,
    /// One entry per open list: the next number, or `None` for bullets.
    lists: Vec<Option<u64>>,
    /// The marker of the list item whose first paragraph is pending.
    marker: Option<String>,
    quote: usize,
    code_block: bool,
    table: Option<TableState>,
}

#[derive(Default)]
struct TableState {
    columns: usize,
    header: Option<Vec<Cell>>,
    rows: Vec<Row>,
    current: Vec<Cell>,
}

impl Renderer {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            // Comments and other HTML are notes for the file's editors, not for the reader.
            Event::Html(_) | Event::InlineHtml(_) => {}
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                let font = if self.bold > 0 || self.heading.is_some() {
                    FontKind::Bold
                } else {
                    FontKind::Regular
                };
                self.spans.push(Span {
                    text: plain_digits(&t),
                    font,
                    color: None,
                });
            }
            Event::SoftBreak => self.spans.push(Span::regular(" ")),
            Event::HardBreak => self.spans.push(Span::regular("\n")),
            Event::Rule => {
                self.flush();
                self.blocks.push(Block::Spacer(6.0));
            }
            Event::FootnoteReference(t) => self.spans.push(Span::regular(format!("[{t}]"))),
            Event::TaskListMarker(done) => {
                self.spans
                    .push(Span::regular(if done { "[x] " } else { "[ ] " }))
            }
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush();
                self.heading = Some(if level == HeadingLevel::H1 { 2 } else { 3 });
            }
            Tag::Paragraph => self.flush(),
            Tag::List(first) => {
                self.flush();
                self.lists.push(first);
            }
            Tag::Item => {
                self.flush();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}.", *n - 1)
                    }
                    _ => "•".to_owned(),
                };
                self.marker = Some(marker);
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.quote += 1;
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.code_block = true;
            }
            Tag::Strong => self.bold += 1,
            Tag::Table(alignments) => {
                self.flush();
                self.table = Some(TableState {
                    columns: alignments.len(),
                    ..TableState::default()
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.current.clear();
                }
            }
            Tag::TableCell => self.spans.clear(),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                let text: String = self.spans.drain(..).map(|s| s.text).collect();
                if let Some(level) = self.heading.take() {
                    self.blocks.push(Block::Heading(Heading {
                        level,
                        text,
                        toc: false,
                        new_page: false,
                    }));
                }
            }
            TagEnd::Paragraph | TagEnd::Item | TagEnd::CodeBlock => {
                self.flush();
                self.code_block = false;
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                if self.lists.is_empty() {
                    self.blocks.push(Block::Spacer(4.0));
                }
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote = self.quote.saturating_sub(1);
            }
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::TableCell => {
                let spans = std::mem::take(&mut self.spans);
                if let Some(t) = &mut self.table {
                    t.current.push(Cell::new(spans));
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.header = Some(std::mem::take(&mut t.current));
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = &mut self.table {
                    let cells = std::mem::take(&mut t.current);
                    t.rows.push(Row::new(cells));
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.blocks.push(Block::Table(Table {
                        columns: vec![Column::new(1.0); t.columns.max(1)],
                        header: t.header,
                        rows: t.rows,
                        size: 8.0,
                        zebra: true,
                    }));
                }
            }
            _ => {}
        }
    }

    /// Emits the pending inline text as a paragraph (or list item, quote, code block).
    fn flush(&mut self) {
        if self.table.is_some() || self.heading.is_some() {
            return;
        }
        let marker = self.marker.take();
        if self.spans.iter().all(|s| s.text.trim().is_empty()) {
            // An item whose content starts with a nested block keeps its marker for it.
            if marker.is_some() && self.spans.is_empty() {
                self.marker = marker;
            }
            self.spans.clear();
            return;
        }
        let spans = std::mem::take(&mut self.spans);
        let depth = self.lists.len() as f32;
        let mut p = Paragraph::new(spans);
        if depth > 0.0 {
            p.indent = 14.0 * depth;
            p.marker = marker;
            p.space_after = 2.0;
        }
        if self.quote > 0 {
            p.indent += 10.0;
            p.color = Color::MUTED;
        }
        if self.code_block {
            p.size = 8.5;
            p.boxed = Some((Color::ZEBRA, Color::RULE));
        }
        self.blocks.push(Block::Paragraph(p));
    }
}

/// Subscript and superscript digits as plain ones (`T₁` → `T1`): Noto Sans CJK has no glyphs
/// for them, and a formula is better printed plainly than refused.
fn plain_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2080}'..='\u{2089}' => char::from(b'0' + (u32::from(c) - 0x2080) as u8),
            '\u{2070}' => '0',
            '\u{00b9}' => '1',
            '\u{00b2}' => '2',
            '\u{00b3}' => '3',
            '\u{2074}'..='\u{2079}' => char::from(b'0' + (u32::from(c) - 0x2070) as u8),
            _ => c,
        })
        .collect()
}

/// The part of a bilingual Markdown text for one language: from the level-1 heading marked
/// `{#zh}` or `{#en}` to the next level-1 heading. The whole text when there is no such mark.
pub(crate) fn language_section<'a>(markdown: &'a str, anchor: &str) -> &'a str {
    let mark = format!("{{#{anchor}}}");
    let mut offset = 0;
    let mut start = None;
    let mut fence = false;
    for line in markdown.split_inclusive('\n') {
        if line.trim_start().starts_with("```") {
            fence = !fence;
        }
        if !fence && line.starts_with("# ") {
            match start {
                Some(s) => return &markdown[s..offset],
                None if line.contains(&mark) => start = Some(offset),
                None => {}
            }
        }
        offset += line.len();
    }
    start.map_or(markdown, |s| &markdown[s..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(h) => Some(format!("H{} {}", h.level, h.text)),
                Block::Paragraph(p) => Some(format!(
                    "{}{}",
                    p.marker
                        .as_deref()
                        .map(|m| format!("{m} "))
                        .unwrap_or_default(),
                    p.spans.iter().map(|s| s.text.as_str()).collect::<String>()
                )),
                Block::Table(t) => Some(format!("table {}x{}", t.rows.len(), t.columns.len())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn headings_paragraphs_lists_and_tables_become_blocks() {
        let md = "# 评分方法\n\n答案取值：**符合** = 1。\n\n- 第一\n- 第二\n\n1. one\n2. two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let got = texts(&markdown_blocks(md));
        assert_eq!(
            got,
            [
                "H2 评分方法",
                "答案取值：符合 = 1。",
                "• 第一",
                "• 第二",
                "1. one",
                "2. two",
                "table 1x2"
            ]
        );
    }

    #[test]
    fn a_language_section_runs_to_the_next_level_one_heading() {
        let md = "<!-- note -->\n# 方法 {#zh}\n中文\n## 小节\n# Method {#en}\nEnglish\n";
        assert_eq!(language_section(md, "zh"), "# 方法 {#zh}\n中文\n## 小节\n");
        assert_eq!(language_section(md, "en"), "# Method {#en}\nEnglish\n");
        assert_eq!(language_section("plain", "en"), "plain");
        assert_eq!(
            texts(&markdown_blocks(language_section(md, "zh"))),
            ["H2 方法", "中文", "H3 小节"]
        );
    }

    #[test]
    fn subscript_digits_are_printed_plainly() {
        assert_eq!(
            plain_digits("T₁ = 85、T₂ = 70，x² + y³"),
            "T1 = 85、T2 = 70，x2 + y3"
        );
    }

    #[test]
    fn short_markdown_becomes_the_spans_of_a_cell_one_line_a_paragraph() {
        let spans = markdown_spans("全新安装，**不操作**任何功能。\n\n1. 录屏\n2. 截图");
        let text: String = spans.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(text, "全新安装，不操作任何功能。\n1. 录屏\n2. 截图");
        assert!(
            spans
                .iter()
                .any(|s| s.text == "不操作" && matches!(s.font, FontKind::Bold))
        );
    }

    #[test]
    fn bold_text_is_set_in_the_bold_face() {
        let blocks = markdown_blocks("a **b** c");
        let Block::Paragraph(p) = &blocks[0] else {
            panic!("expected a paragraph")
        };
        let bold: Vec<&str> = p
            .spans
            .iter()
            .filter(|s| s.font == FontKind::Bold)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(bold, ["b"]);
    }
}
