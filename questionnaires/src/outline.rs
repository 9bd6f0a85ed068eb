//! The shape of a content file: front matter, then headings that open entities (level 1 and 2),
//! meta blocks right after them, and level-3 field headings whose bodies are Markdown. One walk
//! over pulldown-cmark's events (with source offsets) finds these pieces; the loader then gives
//! them meaning per file kind.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diagnostic::Reporter;
use crate::keyvalue::{Entry, parse_lines};
use crate::source::Span;

/// The front matter of a file, and where the Markdown after it starts.
pub(crate) struct FrontMatter {
    /// `None` when the file does not start with `---` (an error the caller reports).
    pub entries: Option<Vec<Entry>>,
    /// The first line of the file: where "missing key" errors point.
    pub at: Span,
    pub body_start: usize,
}

#[derive(Clone, Debug)]
pub(crate) struct Heading {
    pub level: u8,
    /// The heading's text without its `{#id}` attribute.
    pub text: String,
    pub text_at: Span,
    pub id: Option<String>,
    /// The `{#id}` attribute in the source (the whole heading when there is none).
    pub id_at: Span,
    pub at: Span,
}

#[derive(Clone, Debug)]
pub(crate) struct Meta {
    pub entries: Vec<Entry>,
    pub at: Span,
}

/// A level-3 field: its name (the heading text) and its trimmed Markdown body.
#[derive(Clone, Debug)]
pub(crate) struct Field {
    pub name: String,
    pub heading: Span,
    pub value: String,
}

/// An entity: a heading of level 1 or 2 with its meta block, fields and (for level 1) the
/// level-2 entities under it.
#[derive(Clone, Debug)]
pub(crate) struct Section {
    pub heading: Heading,
    pub meta: Option<Meta>,
    pub fields: Vec<Field>,
    pub entities: Vec<Section>,
}

/// The sections of a file: level-1 sections, and level-2 sections that come before any level-1
/// heading (catalog files have no level-1 heading to hang them on).
#[derive(Debug, Default)]
pub(crate) struct Outline {
    pub titled: Vec<Section>,
    pub loose: Vec<Section>,
}

/// Reads the front matter: a first line `---`, `key: value` lines, and a closing `---`.
pub(crate) fn front_matter(r: &mut Reporter) -> FrontMatter {
    let text = r.text();
    let start = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let first_end = text[start..]
        .find('\n')
        .map_or(text.len(), |i| start + i + 1);
    let first = text[start..first_end].trim_end();
    let at = start..start + first.len();
    if first != "---" {
        return FrontMatter {
            entries: None,
            at,
            body_start: start,
        };
    }
    let mut offset = first_end;
    let mut recovery_end = None;
    for line in text[first_end..].split_inclusive('\n') {
        let content = line.trim_end();
        if content == "---" {
            let entries = parse_lines(r, first_end..offset);
            return FrontMatter {
                entries: Some(entries),
                at,
                body_start: offset + line.len(),
            };
        }
        if recovery_end.is_none() && !looks_like_entry(content) {
            recovery_end = Some(offset);
        }
        offset += line.len();
    }
    // Not closed: take the lines that look like entries as the front matter and read the rest
    // as Markdown, so that one missing line does not hide the whole file.
    let end = recovery_end.unwrap_or(text.len());
    r.error(
        at.clone(),
        "the front matter is not closed",
        "add a line `---` after the last `key: value` line",
    );
    let entries = parse_lines(r, first_end..end);
    FrontMatter {
        entries: Some(entries),
        at,
        body_start: end,
    }
}

fn looks_like_entry(line: &str) -> bool {
    line.split_once(':').is_some_and(|(key, _)| {
        !key.is_empty()
            && key
                .trim()
                .chars()
                .all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_' | '.'))
    })
}

/// Walks the Markdown from `from` to the end and groups it into sections.
pub(crate) fn outline(r: &mut Reporter, from: usize) -> Outline {
    let mut nodes = Vec::new();
    walk(r, from, false, &mut nodes);
    group(r, nodes)
}

enum Node {
    Heading(Heading),
    Meta(Meta),
    /// A block outside any field: ignored, with a warning.
    Stray(Span),
}

/// Collects the top-level blocks that matter. Headings of level 4 and below and all other
/// blocks inside a field belong to the field's body, which is cut from the source later.
fn walk(r: &mut Reporter, from: usize, mut in_field: bool, nodes: &mut Vec<Node>) {
    let text = r.text();
    let mut depth = 0usize;
    let mut heading: Option<Heading> = None;
    let parser = Parser::new_ext(&text[from..], Options::ENABLE_HEADING_ATTRIBUTES);
    for (event, range) in parser.into_offset_iter() {
        let at = range.start + from..range.end + from;
        match event {
            Event::Start(tag) => {
                depth += 1;
                if depth > 1 {
                    continue;
                }
                match tag {
                    Tag::Heading { level, id, .. } => {
                        let text_at = at.start..at.start;
                        let id = id.map(|id| id.to_string());
                        let id_at = attribute_span(text, &at);
                        heading = Some(Heading {
                            level: level_number(level),
                            text: String::new(),
                            text_at,
                            id,
                            id_at,
                            at,
                        });
                    }
                    Tag::CodeBlock(CodeBlockKind::Fenced(info)) if info.trim() == "meta" => {
                        if let Some(resume) = meta_block(r, at, nodes) {
                            // An unclosed fence swallows the rest of the file: read on after
                            // the lines that look like the meta block's own.
                            walk(r, resume, in_field, nodes);
                            return;
                        }
                    }
                    Tag::HtmlBlock if text[at.clone()].trim_start().starts_with("<!--") => {}
                    _ if !in_field => nodes.push(Node::Stray(at)),
                    _ => {}
                }
            }
            Event::End(TagEnd::Heading(_)) if depth == 1 => {
                depth -= 1;
                let Some(h) = heading.take() else { continue };
                if h.level <= 3 {
                    in_field = h.level == 3;
                    nodes.push(Node::Heading(h));
                } else if !in_field {
                    nodes.push(Node::Stray(h.at));
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Text(s) | Event::Code(s) => {
                if let Some(h) = heading.as_mut() {
                    if h.text.is_empty() {
                        h.text_at = at.clone();
                    }
                    h.text.push_str(&s);
                    h.text_at.end = at.end;
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(h) = heading.as_mut() {
                    h.text.push(' ');
                }
            }
            _ if depth == 0 && !in_field => nodes.push(Node::Stray(at)),
            _ => {}
        }
    }
}

/// The span of a heading's `{...}` attribute block, or the whole heading.
fn attribute_span(text: &str, heading: &Span) -> Span {
    let src = text[heading.clone()].trim_end();
    let Some(open) = src.rfind('{') else {
        return heading.clone();
    };
    let end = src[open..]
        .find('}')
        .map_or(src.len(), |close| open + close + 1);
    heading.start + open..heading.start + end
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Reads a meta block from its source lines (first line: the opening fence). Returns where to
/// resume reading when the block is not closed.
fn meta_block(r: &mut Reporter, at: Span, nodes: &mut Vec<Node>) -> Option<usize> {
    let text = r.text();
    let block = &text[at.clone()];
    let first_len = block.find('\n').map_or(block.len(), |i| i + 1);
    let opening = block[..first_len].trim();
    let fence_char = opening.chars().next().unwrap_or('`');
    let fence_len = opening.chars().take_while(|&c| c == fence_char).count();
    let body = &block[first_len..];
    let trimmed = body.trim_end();
    let last_line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
    let last = trimmed[last_line_start..].trim();
    let closed = last.len() >= fence_len && last.chars().all(|c| c == fence_char);
    let content_start = at.start + first_len;
    if closed {
        let entries = parse_lines(r, content_start..content_start + last_line_start);
        nodes.push(Node::Meta(Meta { entries, at }));
        return None;
    }
    let mut end = content_start;
    for line in body.split_inclusive('\n') {
        let t = line.trim();
        if t.is_empty() || t.starts_with(['#', '`', '~']) {
            break;
        }
        end += line.len();
    }
    let opening_at = at.start..at.start + block[..first_len].trim_end().len();
    r.error(
        opening_at,
        "the meta block is not closed",
        format!(
            "add a line `{}` after its last line",
            fence_char.to_string().repeat(fence_len)
        ),
    );
    let entries = parse_lines(r, content_start..end);
    nodes.push(Node::Meta(Meta {
        entries,
        at: at.start..end,
    }));
    Some(end)
}

fn group(r: &mut Reporter, nodes: Vec<Node>) -> Outline {
    let text = r.text();
    // A field's body runs to the next heading of level 1–3 (the only headings kept as nodes).
    let mut ends = vec![text.len(); nodes.len()];
    let mut next = text.len();
    for (i, node) in nodes.iter().enumerate().rev() {
        ends[i] = next;
        if let Node::Heading(h) = node {
            next = h.at.start;
        }
    }

    #[derive(PartialEq)]
    enum Last {
        Nothing,
        Title,
        Entity,
        Other,
    }
    let mut outline = Outline::default();
    let mut in_entity = false;
    let mut last = Last::Nothing;
    for (node, end) in nodes.into_iter().zip(ends) {
        match node {
            Node::Heading(h) if h.level == 1 => {
                outline.titled.push(Section::new(h));
                in_entity = false;
                last = Last::Title;
            }
            Node::Heading(h) if h.level == 2 => {
                let list = match outline.titled.last_mut() {
                    Some(title) => &mut title.entities,
                    None => &mut outline.loose,
                };
                list.push(Section::new(h));
                in_entity = true;
                last = Last::Entity;
            }
            Node::Heading(h) => {
                let body_start = h.at.end.min(end);
                let value = text[body_start..end].trim().to_owned();
                let field = Field {
                    name: h.text.trim().to_owned(),
                    heading: h.text_at.clone(),
                    value,
                };
                match current_entity(&mut outline) {
                    Some(entity) if in_entity => entity.fields.push(field),
                    _ => r.error(
                        h.at.clone(),
                        format!("field `{}` is not under an entity", field.name),
                        "a level-3 field heading belongs under a level-2 heading (a fact, question or article)",
                    ),
                }
                last = Last::Other;
            }
            Node::Meta(m) => {
                let section = match last {
                    Last::Title => outline.titled.last_mut(),
                    Last::Entity => current_entity(&mut outline),
                    Last::Nothing | Last::Other => None,
                };
                match section {
                    Some(s) => s.meta = Some(m),
                    None => r.error(
                        m.at.start..m.at.start + 3,
                        "this meta block does not follow a heading",
                        "a ```meta block goes directly after the heading of the entity it describes",
                    ),
                }
                last = Last::Other;
            }
            Node::Stray(at) => {
                let at = at.start..text[at.clone()].trim_end().len() + at.start;
                r.warning(
                    at,
                    "this text is not in a field and is ignored",
                    "put it under a field heading such as `### text.zh`, or into an HTML comment `<!-- ... -->`",
                );
                last = Last::Other;
            }
        }
    }
    outline
}

fn current_entity(outline: &mut Outline) -> Option<&mut Section> {
    match outline.titled.last_mut() {
        Some(title) => title.entities.last_mut(),
        None => outline.loose.last_mut(),
    }
}

impl Section {
    fn new(heading: Heading) -> Section {
        Section {
            heading,
            meta: None,
            fields: Vec::new(),
            entities: Vec::new(),
        }
    }

    /// The meta block's entries (none when there is no meta block).
    pub(crate) fn meta_entries(&self) -> Vec<Entry> {
        self.meta
            .as_ref()
            .map(|m| m.entries.clone())
            .unwrap_or_default()
    }
}

/// The fields of one entity, consumed by name; unknown and repeated fields are errors.
pub(crate) struct Fields {
    fields: Vec<Field>,
    used: Vec<bool>,
    known: Vec<&'static str>,
}

impl Fields {
    pub(crate) fn new(fields: Vec<Field>) -> Fields {
        let used = vec![false; fields.len()];
        Fields {
            fields,
            used,
            known: Vec::new(),
        }
    }

    /// The field's body, or `None` when the field is missing or empty.
    pub(crate) fn take(&mut self, r: &mut Reporter, name: &'static str) -> Option<Field> {
        self.known.push(name);
        let mut found = None;
        for (field, used) in self.fields.iter().zip(&mut self.used) {
            if field.name != name {
                continue;
            }
            *used = true;
            if found.is_none() {
                found = Some(field.clone());
            } else {
                r.error(
                    field.heading.clone(),
                    format!("field `{name}` is given twice"),
                    "keep one of them",
                );
            }
        }
        found.filter(|f| !f.value.is_empty())
    }

    pub(crate) fn finish(self, r: &mut Reporter, what: &str) {
        for (field, used) in self.fields.iter().zip(&self.used) {
            if !used {
                r.error(
                    field.heading.clone(),
                    format!("unknown field `{}` in {what}", field.name),
                    format!("known fields: {}", self.known.join(", ")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn read(text: &str) -> (FrontMatter, Outline, Vec<String>) {
        let file = SourceFile::new("a.md", text);
        let mut r = Reporter::new(&file);
        let fm = front_matter(&mut r);
        let outline = outline(&mut r, fm.body_start);
        r.diagnostics.sort_by_key(|d| (d.line, d.column));
        let messages = r
            .diagnostics
            .iter()
            .map(|d| format!("{}:{} {}", d.line, d.column, d.message))
            .collect();
        (fm, outline, messages)
    }

    #[test]
    fn sections_have_meta_fields_and_markdown_bodies() {
        let (fm, o, messages) = read(
            "---\nid: x\n---\n# 领域 | Domain {#gov}\n```meta\napplies: always\n```\n\n## GOV-01\n```meta\nweight: 5\n```\n### text.zh\n正文\n\n#### 小标题\n- 列表\n### text.en\nText\n## GOV-02\n",
        );
        assert_eq!(messages, Vec::<String>::new());
        assert_eq!(fm.entries.map(|e| e.len()), Some(1));
        assert!(o.loose.is_empty());
        let domain = &o.titled[0];
        assert_eq!(domain.heading.text, "领域 | Domain");
        assert_eq!(domain.heading.id.as_deref(), Some("gov"));
        assert_eq!(
            domain.meta.as_ref().map(|m| m.entries[0].value.as_str()),
            Some("always")
        );
        let q = &domain.entities[0];
        assert_eq!(q.heading.text, "GOV-01");
        assert_eq!(q.fields[0].name, "text.zh");
        assert_eq!(q.fields[0].value, "正文\n\n#### 小标题\n- 列表");
        assert_eq!(q.fields[1].value, "Text");
        assert_eq!(domain.entities[1].heading.text, "GOV-02");
    }

    #[test]
    fn misplaced_pieces_are_reported_and_reading_goes_on() {
        let (_, o, messages) = read(
            "---\nid: x\n\n## A\nstray\n### text.zh\nt\n```meta\nk: v\n```\n### f\n```meta\nweight: 1\n\n## B\n",
        );
        assert_eq!(
            messages,
            [
                "1:1 the front matter is not closed",
                "5:1 this text is not in a field and is ignored",
                "8:1 this meta block does not follow a heading",
                "12:1 the meta block is not closed",
                "12:1 this meta block does not follow a heading",
            ]
        );
        let names: Vec<_> = o.loose.iter().map(|s| s.heading.text.as_str()).collect();
        assert_eq!(names, ["A", "B"]);
    }

    #[test]
    fn a_file_without_front_matter_is_all_body() {
        let (fm, o, _) = read("## A\n");
        assert!(fm.entries.is_none());
        assert_eq!(o.loose.len(), 1);
    }
}
