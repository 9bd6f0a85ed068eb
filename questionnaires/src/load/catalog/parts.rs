//! Instruments organised in parts rather than articles: normative documents and notices written
//! `一、…` with items `1.` or `（一）`. Their catalog sections are parts (`## 三、`) and items
//! (`## 三、2`, `## 二、（一）`); a citation names a part and an item (`APP-191 3.2`,
//! `《认定方法》三、2`), and only a catalogued item resolves.

use super::{CatalogIndex, Need, text_fields};
use crate::citation::{Form, RawCitation, part_item_label};
use crate::diagnostic::Reporter;
use crate::keyvalue::{Entries, Entry};
use crate::model::{Article, Citation, Instrument, Item, ItemNumbering};
use crate::numeral;
use crate::outline::{Fields, Section};
use crate::source::Span;

/// A section heading of an instrument in parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Heading {
    /// `三、`
    Part(u16),
    /// `三、2` or `二、（一）`, with the numbering it is written in.
    Item(u16, u8, ItemNumbering),
}

/// Parses `三、`, `三、2`, `二、（一）` (also `二、(一)`); `None` for anything else.
pub(super) fn parse_heading(title: &str) -> Option<Heading> {
    let (part, rest) = title.split_once('、')?;
    let part = u16::try_from(numeral::parse(part.trim())?).ok()?;
    let rest = rest.trim();
    if rest.is_empty() {
        return Some(Heading::Part(part));
    }
    let (numeral, numbering) = if let Some(inner) = rest
        .strip_prefix(['（', '('])
        .and_then(|r| r.strip_suffix(['）', ')']))
    {
        (inner.trim(), ItemNumbering::Chinese)
    } else if rest.bytes().all(|b| b.is_ascii_digit()) {
        (rest, ItemNumbering::Arabic)
    } else {
        return None;
    };
    let item = u8::try_from(numeral::parse(numeral)?).ok()?;
    Some(Heading::Item(part, item, numbering))
}

/// What the sections of an instrument in parts hold.
pub(super) struct Parts {
    /// The parts, as articles numbered by part.
    pub parts: Vec<Article>,
    pub items: Vec<Item>,
    /// (part, `None`, entry) of each part's `penalty:`, resolved once the whole catalog is
    /// loaded, like the penalties of articles.
    pub penalties: Vec<(u16, Option<u8>, Entry)>,
}

/// Reads the sections of an instrument in parts.
pub(super) fn sections(
    r: &mut Reporter,
    sections: Vec<Section>,
    part_count: u16,
    numbering: ItemNumbering,
) -> Parts {
    let mut parts: Vec<Article> = Vec::new();
    let mut items: Vec<(Item, Span)> = Vec::new();
    let mut penalties = Vec::new();
    for section in sections {
        let h = &section.heading;
        let at = h.text_at.clone();
        let title = h.text.trim().to_owned();
        let Some(heading) = parse_heading(&title) else {
            r.error(
                at,
                format!("`{title}` is not a part or item heading"),
                format!(
                    "the instrument is organised in parts: a part is `## 三、`, an item `## {}`",
                    part_item_label(3, 2, numbering)
                ),
            );
            continue;
        };
        let part = match heading {
            Heading::Part(part) | Heading::Item(part, _, _) => part,
        };
        if part_count > 0 && part > part_count {
            r.error(
                at.clone(),
                format!(
                    "part {} is beyond the {part_count} parts of the instrument",
                    numeral::format(part.into())
                ),
                "check the number, or the `parts` count in the front matter",
            );
        }
        match heading {
            Heading::Part(part) => {
                let (article, penalty) = part_section(r, section, part);
                if parts.iter().any(|a| a.number == part) {
                    r.error(
                        at,
                        format!("part {} is declared twice", numeral::format(part.into())),
                        "keep one of them",
                    );
                    continue;
                }
                penalties.extend(penalty.map(|e| (part, None, e)));
                parts.push(article);
            }
            Heading::Item(part, number, written) => {
                let item = item_section(r, section, part, number);
                if written != numbering {
                    // Left out, so that the item written correctly is not reported twice.
                    r.error(
                        at,
                        format!("`{title}` is not numbered like the items of this instrument"),
                        format!("write `## {}`", part_item_label(part, number, numbering)),
                    );
                    continue;
                }
                if items
                    .iter()
                    .any(|(i, _)| i.part == part && i.number == number)
                {
                    r.error(
                        at,
                        format!(
                            "item {} is declared twice",
                            part_item_label(part, number, numbering)
                        ),
                        "keep one of them",
                    );
                    continue;
                }
                items.push((item, at));
            }
        }
    }
    // An item is cited as part of its part, whose entry the reports show; so the part must be
    // there too.
    let mut kept = Vec::new();
    for (item, at) in items {
        if parts.iter().any(|p| p.number == item.part) {
            kept.push(item);
            continue;
        }
        let part = numeral::format(item.part.into());
        r.error(
            at,
            format!(
                "item {} belongs to part {part}, which is not in the catalog",
                part_item_label(item.part, item.number, numbering)
            ),
            format!("add `## {part}、` with the part's summary"),
        );
    }
    parts.sort_by_key(|a| a.number);
    kept.sort_by_key(|i| (i.part, i.number));
    Parts {
        parts,
        items: kept,
        penalties,
    }
}

fn part_section(r: &mut Reporter, section: Section, part: u16) -> (Article, Option<Entry>) {
    let h = &section.heading;
    let what = format!("part {}", numeral::format(part.into()));
    let mut kv = Entries::new(section.meta_entries());
    let penalty = kv.one(r, "penalty");
    kv.finish(r, "the meta block of a part");
    let mut fields = Fields::new(section.fields);
    let summary = text_fields(
        r,
        &mut fields,
        ("summary.zh", "summary.en"),
        Need::Required,
        &what,
        &h.text_at,
    );
    let official_text = fields.take(r, "text.zh").map(|f| f.value);
    fields.finish(r, "a part");
    let article = Article {
        number: part,
        paragraphs: 1,
        summary,
        penalty: None,
        paragraph_penalties: Vec::new(),
        official_text,
    };
    (article, penalty)
}

fn item_section(r: &mut Reporter, section: Section, part: u16, number: u8) -> Item {
    let h = &section.heading;
    let what = format!("item {}", h.text.trim());
    // An item is cited within its part and penalised as its part, so it has no data of its own.
    for e in section.meta_entries() {
        r.error(
            e.key_at.clone(),
            format!("an item takes no `{}`", e.key),
            format!(
                "an item is penalised as its part: give `penalty:` in the meta block of `## {}、`",
                numeral::format(part.into())
            ),
        );
    }
    let mut fields = Fields::new(section.fields);
    let summary = text_fields(
        r,
        &mut fields,
        ("summary.zh", "summary.en"),
        Need::Required,
        &what,
        &h.text_at,
    );
    let official_text = fields.take(r, "text.zh").map(|f| f.value);
    fields.finish(r, "an item");
    Item {
        part,
        number,
        summary,
        official_text,
    }
}

impl CatalogIndex {
    /// Resolves a citation of an instrument organised in parts: `APP-191 3.2`,
    /// `《认定方法》三、2` or a whole part, `APP-191 3`. The part and the item must be in the
    /// catalog.
    pub(super) fn resolve_part(
        &self,
        r: &mut Reporter,
        entry: &Entry,
        raw: &RawCitation,
        instrument: &Instrument,
        numbering: ItemNumbering,
    ) -> Option<Citation> {
        let id = &instrument.id;
        let example = format!(
            "e.g. `{id} 3.2` or `《{}》{}`",
            instrument.short.zh,
            part_item_label(3, 2, numbering)
        );
        let item = match raw.form {
            Form::Articles => {
                r.error(
                    entry.sub(raw.at.clone()),
                    format!("`{id}` is organised in parts and has no articles"),
                    format!("cite a part and an item, {example}"),
                );
                return None;
            }
            // In the compact form the second number is the item, and there is no third.
            Form::Compact => {
                if let Some((_, at)) = &raw.item {
                    r.error(
                        entry.sub(at.clone()),
                        format!("a citation of `{id}` names a part and an item, no more"),
                        format!("cite `<part>.<item>`, {example}"),
                    );
                    return None;
                }
                raw.paragraph.clone()
            }
            Form::Parts => raw.item.clone(),
        };
        let part = raw.article;
        let part_at = entry.sub(raw.article_at.clone());
        let part_zh = numeral::format(part.into());
        if instrument.article_count > 0 && part > instrument.article_count {
            r.error(
                part_at,
                format!(
                    "`{id}` has {} parts; there is no part {part_zh}",
                    instrument.article_count
                ),
                "check the part number",
            );
            return None;
        }
        if !instrument.articles.iter().any(|a| a.number == part) {
            r.error(
                part_at,
                format!("part {part_zh} of `{id}` is not in the catalog"),
                format!("add `## {part_zh}、` with its summary to {}", self.file(id)),
            );
            return None;
        }
        if let Some((number, at)) = &item {
            let catalogued: Vec<String> = instrument
                .items()
                .iter()
                .filter(|i| i.part == part)
                .map(|i| part_item_label(part, i.number, numbering))
                .collect();
            if !catalogued.contains(&part_item_label(part, *number, numbering)) {
                let label = part_item_label(part, *number, numbering);
                let has = if catalogued.is_empty() {
                    format!("part {part_zh} has no items in the catalog")
                } else {
                    format!("the catalog has {}", catalogued.join(", "))
                };
                r.error(
                    entry.sub(at.clone()),
                    format!("item {label} of `{id}` is not in the catalog"),
                    format!(
                        "{has}; add `## {label}` with its summary to {}, or cite another item",
                        self.file(id)
                    ),
                );
                return None;
            }
        }
        Some(Citation {
            instrument: id.clone(),
            article: part,
            paragraph: None,
            item: item.map(|(n, _)| n),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_parts_or_items_in_either_numbering() {
        assert_eq!(parse_heading("三、"), Some(Heading::Part(3)));
        assert_eq!(
            parse_heading("三、2"),
            Some(Heading::Item(3, 2, ItemNumbering::Arabic))
        );
        assert_eq!(
            parse_heading("二、（一）"),
            Some(Heading::Item(2, 1, ItemNumbering::Chinese))
        );
        assert_eq!(
            parse_heading("十二、(十)"),
            Some(Heading::Item(12, 10, ItemNumbering::Chinese))
        );
        for bad in [
            "第三条",
            "三",
            "三、二",
            "、2",
            "三、2a",
            "三、（）",
            "三、300",
        ] {
            assert_eq!(parse_heading(bad), None, "{bad}");
        }
    }
}
