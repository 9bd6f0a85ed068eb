//! The regulation catalog: one file per instrument, its front matter describing the instrument,
//! its level-2 headings (`## 第二十七条`) the articles that questionnaires cite, or the parts and
//! items (`## 三、`, `## 三、2`) of an instrument organised in parts (`parts`). Also the
//! resolution of citations against the loaded catalog, used for questions, facts and the
//! catalog's own penalty references.

mod parts;

use std::collections::HashMap;

use super::{Need, date, flush, is_date, non_empty, text_fields, text_keys};
use crate::citation::{Form, InstrumentName, RawCitation, parse_list};
use crate::diagnostic::{Diagnostic, Reporter};
use crate::history::{ArticleHistory, History, InstrumentVersion};
use crate::keyvalue::{Entries, Entry};
use crate::model::{
    Article, Catalog, Citation, Divisions, Instrument, InstrumentStatus, ItemNumbering,
    ParagraphPenalty,
};
use crate::numeral;
use crate::outline::{Fields, Section, front_matter, outline};
use crate::source::{SourceFile, Span};

/// What the loader needs to resolve citations beyond the model itself: the names accepted in
/// 《》, the former ids (`CSL-2016`) and the former article numbers.
#[derive(Debug, Default)]
pub(crate) struct CatalogIndex {
    /// Short name, full name and aliases → instrument id.
    names: HashMap<String, String>,
    /// Former id → the instrument's current id.
    former_ids: HashMap<String, String>,
    /// (current id, former article number) → current article number.
    former_articles: HashMap<(String, u16), u16>,
    /// Instrument id → the path of its catalog file, for hints.
    files: HashMap<String, String>,
}

struct PendingPenalty {
    file: usize,
    instrument: usize,
    article: usize,
    /// `None` for `penalty:`, the paragraph for `penalty.N:`.
    paragraph: Option<u8>,
    entry: Entry,
}

pub(super) fn load(
    files: &[SourceFile],
    out: &mut Vec<Diagnostic>,
) -> (Catalog, CatalogIndex, Vec<History>) {
    let mut files: Vec<&SourceFile> = files.iter().collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut reporters: Vec<Reporter> = files.iter().map(|f| Reporter::new(f)).collect();
    let mut catalog = Catalog::default();
    let mut index = CatalogIndex::default();
    let mut penalties = Vec::new();
    let mut histories = Vec::new();
    // Where each id and name was first declared, for duplicate errors.
    let mut first_seen: HashMap<String, String> = HashMap::new();

    for (file_no, (file, r)) in files.iter().zip(&mut reporters).enumerate() {
        let Some(loaded) = instrument(r, file) else {
            continue;
        };
        let id = loaded.instrument.id.clone();
        let here = format!("{}:{}", file.path, r.line_of(loaded.id_at.start));
        let mut claim = |r: &mut Reporter, key: String, at: &Span, what: &str| {
            if let Some(first) = first_seen.get(&key) {
                r.error(
                    at.clone(),
                    format!("{what} `{key}` is already used by {first}"),
                    "ids and names must be unique across the catalog",
                );
                false
            } else {
                first_seen.insert(key, here.clone());
                true
            }
        };
        if !claim(r, id.clone(), &loaded.id_at, "instrument id") {
            continue;
        }
        if let Some((former, at)) = &loaded.former_id
            && claim(r, former.clone(), at, "instrument id")
        {
            index.former_ids.insert(former.clone(), id.clone());
        }
        for (name, at) in &loaded.names {
            if claim(r, format!("《{name}》"), at, "name") {
                index.names.insert(name.clone(), id.clone());
            }
        }
        for (former, current) in loaded.former_articles {
            index.former_articles.insert((id.clone(), former), current);
        }
        index.files.insert(id, file.path.clone());
        histories.extend(loaded.history);
        let instrument_no = catalog.instruments.len();
        penalties.extend(
            loaded
                .penalties
                .into_iter()
                .map(|(article, paragraph, entry)| PendingPenalty {
                    file: file_no,
                    instrument: instrument_no,
                    article,
                    paragraph,
                    entry,
                }),
        );
        catalog.instruments.push(loaded.instrument);
    }

    // Penalty references can point at any instrument, so they are resolved once all are known;
    // the articles' own penalties first, so that a paragraph's can be compared with them.
    penalties.sort_by_key(|p| p.paragraph.is_some());
    for p in penalties {
        let r = &mut reporters[p.file];
        let cited = index.resolve(&catalog, r, &p.entry);
        if cited.len() > 1 {
            r.error(
                p.entry.value_at.clone(),
                format!("`{}` names one article", p.entry.key),
                "keep the article that sets the penalty",
            );
        }
        let Some(c) = cited.into_iter().next() else {
            continue;
        };
        let own = &catalog.instruments[p.instrument].id;
        if c.instrument != *own {
            r.error(
                p.entry.value_at.clone(),
                format!(
                    "`{}` names an article of `{}`: a penalty is set by an article of `{own}` itself",
                    p.entry.key, c.instrument
                ),
                format!(
                    "remove the line; where `{own}` restates a duty of `{}`, the question cites that duty's article of `{}`, which carries the penalty",
                    c.instrument, c.instrument
                ),
            );
            continue;
        }
        let article = &mut catalog.instruments[p.instrument].articles[p.article];
        match p.paragraph {
            None => article.penalty = Some(c),
            Some(paragraph) => {
                if article.penalty.as_ref() == Some(&c) {
                    r.warning(
                        p.entry.key_at.clone(),
                        format!("`{}` repeats `penalty`", p.entry.key),
                        "remove the line: `penalty` applies to every paragraph without its own",
                    );
                }
                article.paragraph_penalties.push(ParagraphPenalty {
                    paragraph,
                    penalty: c,
                });
                article.paragraph_penalties.sort_by_key(|pp| pp.paragraph);
            }
        }
    }
    for r in reporters {
        flush(r, out);
    }
    (catalog, index, histories)
}

struct LoadedInstrument {
    instrument: Instrument,
    id_at: Span,
    former_id: Option<(String, Span)>,
    names: Vec<(String, Span)>,
    former_articles: Vec<(u16, u16)>,
    /// (article index, paragraph, the entry) of each `penalty:` (paragraph `None`) and
    /// `penalty.N:` line.
    penalties: Vec<(usize, Option<u8>, Entry)>,
    /// The versions and what they changed, where the front matter declares versions.
    history: Option<History>,
}

const KNOWN_STATUS: &str = "in_force, amended, repealed, draft";

/// Reads one catalog file. `None` when it has no usable id (nothing could refer to it).
fn instrument(r: &mut Reporter, file: &SourceFile) -> Option<LoadedInstrument> {
    let fm = front_matter(r);
    let anchor = fm.at.clone();
    let Some(entries) = fm.entries else {
        r.error(
            anchor,
            "a catalog file starts with front matter",
            "start the file with `---`, the instrument's `key: value` lines and `---`",
        );
        return None;
    };
    let mut kv = Entries::new(entries);
    let what = "the instrument";
    let id_entry = non_empty(kv.required(r, "id", &anchor, what), r);
    let (name, name_at) = text_keys(r, &mut kv, ("name.zh", "name.en"), what, &anchor);
    let (short, short_at) = text_keys(r, &mut kv, ("short.zh", "short.en"), what, &anchor);
    let (issuer, _) = text_keys(r, &mut kv, ("issuer.zh", "issuer.en"), what, &anchor);
    let doc_no = non_empty(kv.required(r, "doc_no", &anchor, what), r)
        .map(|e| e.value)
        .unwrap_or_default();
    let promulgated = date(kv.required(r, "promulgated", &anchor, what), r);
    let effective = date(kv.required(r, "effective", &anchor, what), r);
    let status = kv.required(r, "status", &anchor, what).and_then(|e| {
        let status = match e.value.as_str() {
            "in_force" => InstrumentStatus::InForce,
            "amended" => InstrumentStatus::Amended,
            "repealed" => InstrumentStatus::Repealed,
            "draft" => InstrumentStatus::Draft,
            _ => {
                r.error(
                    e.value_at.clone(),
                    format!("unknown status `{}`", e.value),
                    format!("the statuses are: {KNOWN_STATUS}"),
                );
                return None;
            }
        };
        Some(status)
    });
    let numbering = divisions(r, &mut kv);
    let article_count = division_count(r, &mut kv, numbering.is_some(), &anchor);
    let aliases = kv.all("alias");
    let former_id = kv.one(r, "former_id").and_then(|e| {
        if numbering.is_some() {
            r.error(
                e.key_at.clone(),
                "a former numbering applies to articles, not to parts",
                "remove `former_id`",
            );
            return None;
        }
        valid_instrument_id(r, &e).then(|| (e.value.clone(), e.value_at.clone()))
    });
    let versions = versions(r, kv.all("version"), &effective, former_id.as_ref());
    kv.finish(r, "the front matter of a catalog file");

    let id_entry = id_entry.filter(|e| valid_instrument_id(r, e))?;
    let id = id_entry.value.clone();
    let stem = file
        .file_name()
        .strip_suffix(".md")
        .unwrap_or(file.file_name());
    if stem != id {
        r.error(
            id_entry.value_at.clone(),
            format!(
                "the id `{id}` does not match the file name `{}`",
                file.file_name()
            ),
            format!("name the file `{id}.md`"),
        );
    }

    // The names accepted inside 《》: the full name, the short name and the aliases.
    let mut names: Vec<(String, Span)> = Vec::new();
    for (text, at) in [(&name.zh, name_at), (&short.zh, short_at)] {
        if let Some(at) = at.filter(|_| !names.iter().any(|(n, _)| n == text)) {
            names.push((text.clone(), at));
        }
    }
    for alias in aliases {
        if alias.value.is_empty() {
            r.error(
                alias.key_at.clone(),
                "`alias` is empty",
                "give the other name, or remove the line",
            );
        } else if names.iter().any(|(n, _)| *n == alias.value) {
            r.warning(
                alias.value_at.clone(),
                format!("the alias `{}` repeats the name", alias.value),
                "remove the line: the full and short names are accepted anyway",
            );
        } else {
            names.push((alias.value.clone(), alias.value_at.clone()));
        }
    }

    let outline = outline(r, fm.body_start);
    if outline.titled.len() > 1 {
        r.error(
            outline.titled[1].heading.at.clone(),
            "a catalog file has at most one level-1 heading (its title)",
            "make the articles level-2 headings: `## 第二十七条`",
        );
    }
    let mut sections: Vec<Section> = outline.loose;
    for title in outline.titled {
        if let Some(meta) = &title.meta {
            r.error(
                meta.at.start..meta.at.start + 3,
                "the title of a catalog file takes no meta block",
                "put the instrument's data in the front matter",
            );
        }
        sections.extend(title.entities);
    }
    let mut articles: Vec<Article> = Vec::new();
    let mut penalties: Vec<(u16, Option<u8>, Entry)> = Vec::new();
    let mut former_articles: Vec<(u16, u16)> = Vec::new();
    let mut divisions = Divisions::Articles;
    // An instrument in parts has no article sections: its sections are read as parts and items.
    let article_sections = match numbering {
        None => sections,
        Some(numbering) => {
            let loaded = parts::sections(r, sections, article_count, numbering);
            articles = loaded.parts;
            penalties = loaded.penalties;
            divisions = Divisions::Parts {
                numbering,
                items: loaded.items,
            };
            Vec::new()
        }
    };
    let mut changed: Vec<ArticleHistory> = Vec::new();
    for section in article_sections {
        let Some(loaded) = article(r, section, article_count, former_id.is_some(), &versions)
        else {
            continue;
        };
        let number = loaded.article.number;
        if articles.iter().any(|a| a.number == number) {
            r.error(
                loaded.at,
                format!("article {number} is declared twice"),
                "keep one of them",
            );
            continue;
        }
        // The former numbering is the one before the latest version, when versions are given.
        let renumbered_from = loaded
            .former
            .as_ref()
            .map(|(former, _)| *former)
            .filter(|former| *former != number && versions.len() > 1);
        if !loaded.amended.is_empty() || renumbered_from.is_some() {
            changed.push(ArticleHistory {
                article: number,
                amended: loaded.amended.clone(),
                renumbered_from,
            });
        }
        if let Some((former, at)) = loaded.former {
            match former_articles.iter().find(|(f, _)| *f == former) {
                Some((_, current)) => r.error(
                    at,
                    format!("former article {former} is already declared by article {current}"),
                    "each former number maps to one article",
                ),
                None => former_articles.push((former, number)),
            }
        }
        penalties.extend(loaded.penalty.map(|e| (number, None, e)));
        penalties.extend(
            loaded
                .paragraph_penalties
                .into_iter()
                .map(|(paragraph, e)| (number, Some(paragraph), e)),
        );
        articles.push(loaded.article);
    }
    articles.sort_by_key(|a| a.number);
    let penalties = penalties
        .into_iter()
        .filter_map(|(number, paragraph, entry)| {
            articles
                .iter()
                .position(|a| a.number == number)
                .map(|i| (i, paragraph, entry))
        })
        .collect();

    changed.sort_by_key(|a| a.article);
    let history = (!versions.is_empty()).then(|| History {
        instrument: id.clone(),
        versions,
        articles: changed,
    });
    let instrument = Instrument {
        id,
        name,
        short,
        issuer,
        doc_no,
        promulgated,
        effective,
        status: status.unwrap_or(InstrumentStatus::InForce),
        article_count,
        articles,
        divisions,
    };
    Some(LoadedInstrument {
        instrument,
        id_at: id_entry.value_at,
        former_id,
        names,
        former_articles,
        penalties,
        history,
    })
}

/// Reads the `version: <date> = <zh label> | <en label>` lines of the front matter: oldest first,
/// each date later than the one before, the last one the instrument's `effective` date. A former
/// numbering (`former_id`) is the numbering before the latest version, so it needs two versions.
fn versions(
    r: &mut Reporter,
    entries: Vec<Entry>,
    effective: &str,
    former_id: Option<&(String, Span)>,
) -> Vec<InstrumentVersion> {
    let mut versions: Vec<InstrumentVersion> = Vec::new();
    let mut last_at = None;
    for e in entries {
        let (date, label) = e.value.split_once('=').unwrap_or((&e.value, ""));
        let date = date.trim();
        let date_at = e.sub(0..e.value.find('=').unwrap_or(e.value.len()));
        if !is_date(date) {
            r.error(
                date_at,
                format!("`{date}` is not a date"),
                "write `version: <YYYY-MM-DD the text took effect> = <zh label> | <en label>`, e.g. `version: 2026-01-01 = 2025年10月28日修正 | amended on 28 October 2025`",
            );
            continue;
        }
        if let Some(before) = versions.last()
            && before.effective.as_str() >= date
        {
            r.error(
                date_at,
                format!(
                    "version {date} does not come after version {}",
                    before.effective
                ),
                "list the versions oldest first, each with the date its text took effect",
            );
            continue;
        }
        let label = super::bilingual_label(
            r,
            label,
            &e.value_at,
            &format!("version {date}"),
            "write `<date> = <zh label> | <en label>`, e.g. `2016年11月7日通过 | adopted on 7 November 2016`",
        );
        versions.push(InstrumentVersion {
            effective: date.to_owned(),
            label,
        });
        last_at = Some(e.value_at.clone());
    }
    if let (Some(last), Some(at)) = (versions.last(), last_at)
        && !effective.is_empty()
        && last.effective != effective
    {
        r.error(
            at,
            format!(
                "the latest version takes effect on {}, but the instrument's `effective` is {effective}",
                last.effective
            ),
            "the last `version` line is the text in force: give it the `effective` date, or add the version in force",
        );
    }
    if let Some((former, at)) = former_id
        && versions.len() == 1
    {
        r.error(
            at.clone(),
            format!("the former numbering `{former}` needs the version that renumbered the articles"),
            "declare the versions before and after the renumbering with `version:` lines, or none at all",
        );
    }
    versions
}

/// Reads `divisions:` and `item_numbering:`. `Some(numbering)` for an instrument organised in
/// parts, `None` for one in articles.
fn divisions(r: &mut Reporter, kv: &mut Entries) -> Option<ItemNumbering> {
    let parts = match kv.one(r, "divisions") {
        None => false,
        Some(e) if e.value == "articles" => false,
        Some(e) if e.value == "parts" => true,
        Some(e) => {
            r.error(
                e.value_at.clone(),
                format!("unknown divisions `{}`", e.value),
                "write `divisions: articles` (第X条, the default) or `divisions: parts` (一、二、 with items)",
            );
            false
        }
    };
    let numbering = kv.one(r, "item_numbering").and_then(|e| {
        if !parts {
            r.error(
                e.key_at.clone(),
                "`item_numbering` needs `divisions: parts`",
                "the items of articles are always numbered （一）; remove the line, or add `divisions: parts`",
            );
            return None;
        }
        match e.value.as_str() {
            "arabic" => Some(ItemNumbering::Arabic),
            "chinese" => Some(ItemNumbering::Chinese),
            _ => {
                r.error(
                    e.value_at.clone(),
                    format!("unknown item numbering `{}`", e.value),
                    "write `item_numbering: arabic` (items 1. 2. …) or `item_numbering: chinese` (items （一）（二）…)",
                );
                None
            }
        }
    });
    parts.then(|| numbering.unwrap_or_default())
}

/// Reads `articles: N`, or `parts: N` for an instrument in parts: the total the citations are
/// checked against (0 when it is not known).
fn division_count(r: &mut Reporter, kv: &mut Entries, parts: bool, anchor: &Span) -> u16 {
    let (key, other, noun) = if parts {
        ("parts", "articles", "parts")
    } else {
        ("articles", "parts", "articles")
    };
    if let Some(e) = kv.one(r, other) {
        let (message, hint) = if parts {
            (
                "an instrument in parts gives `parts`, not `articles`",
                "write `parts: <number of parts>`",
            )
        } else {
            (
                "`parts` needs `divisions: parts`",
                "add `divisions: parts`, or give the number of articles with `articles:`",
            )
        };
        r.error(e.key_at.clone(), message, hint);
    }
    let what = "the instrument";
    kv.required(r, key, anchor, what)
        .and_then(|e| match e.value.parse::<u16>() {
            Ok(n) => Some(n),
            Err(_) => {
                r.error(
                    e.value_at.clone(),
                    format!("`{}` is not a number of {noun}", e.value),
                    format!(
                        "write the total number of {noun} of the instrument, e.g. `{key}: 55`, or `{key}: 0` when it is not known"
                    ),
                );
                None
            }
        })
        .unwrap_or(0)
}

fn valid_instrument_id(r: &mut Reporter, e: &Entry) -> bool {
    let ok = e.value.starts_with(|c: char| c.is_ascii_uppercase())
        && e.value
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
    if !ok {
        r.error(e.value_at.clone(), format!("`{}` is not an instrument id", e.value), "instrument ids are capital letters, digits and `-`, starting with a letter, e.g. `DSL`, `MIIT-DSM`");
    }
    ok
}

struct LoadedArticle {
    article: Article,
    /// The number in the former numbering, with the span of the value.
    former: Option<(u16, Span)>,
    /// The `penalty:` entry, resolved once the whole catalog is loaded.
    penalty: Option<Entry>,
    /// The valid `penalty.N:` entries with their paragraph, resolved likewise.
    paragraph_penalties: Vec<(u8, Entry)>,
    /// The versions (by date) that amended or added the article (`amended:`).
    amended: Vec<String>,
    /// The heading's text.
    at: Span,
}

/// Reads one article section.
fn article(
    r: &mut Reporter,
    section: Section,
    article_count: u16,
    has_former_id: bool,
    versions: &[InstrumentVersion],
) -> Option<LoadedArticle> {
    let h = &section.heading;
    let title = h.text.trim();
    let number = title
        .strip_prefix('第')
        .and_then(|s| s.strip_suffix('条'))
        .and_then(numeral::parse);
    let Some(number) = number.and_then(|n| u16::try_from(n).ok()) else {
        let hint = if parts::parse_heading(title).is_some() {
            "a part or item heading needs `divisions: parts` in the front matter; an article heading is `## 第<number>条`"
        } else {
            "an article heading is `## 第<number>条`, e.g. `## 第二十七条`"
        };
        r.error(
            h.text_at.clone(),
            format!("`{title}` is not an article heading"),
            hint,
        );
        return None;
    };
    if article_count > 0 && number > article_count {
        r.error(
            h.text_at.clone(),
            format!("article {number} is beyond the {article_count} articles of the instrument"),
            "check the number, or the `articles` count in the front matter",
        );
    }
    let what = format!("article {number}");
    let mut kv = Entries::new(section.meta_entries());
    let paragraphs = match kv.one(r, "paragraphs") {
        None => 1,
        Some(e) => match e.value.parse::<u8>() {
            Ok(n) if n >= 1 => n,
            _ => {
                r.error(
                    e.value_at.clone(),
                    format!("`{}` is not a number of paragraphs", e.value),
                    "write how many paragraphs (款) the article has, 1 or more",
                );
                1
            }
        },
    };
    let penalty = kv.one(r, "penalty");
    let paragraph_penalties =
        paragraph_penalties(r, kv.prefixed("penalty.", "penalty.N"), number, paragraphs);
    let former = kv.one(r, "former").and_then(|e| {
        if !has_former_id {
            r.error(
                e.key_at.clone(),
                "`former` needs a `former_id` in the front matter",
                "declare the id of the former numbering, e.g. `former_id: CSL-2016`",
            );
            return None;
        }
        match e.value.parse::<u16>() {
            Ok(n) if n >= 1 => Some((n, e.value_at.clone())),
            _ => {
                r.error(
                    e.value_at.clone(),
                    format!("`{}` is not an article number", e.value),
                    "write the article's number in the former numbering, e.g. `former: 21`",
                );
                None
            }
        }
    });
    let amended = amended(r, kv.all("amended"), versions);
    kv.finish(r, "the meta block of an article");
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
    fields.finish(r, "an article");
    let article = Article {
        number,
        paragraphs,
        summary,
        penalty: None,
        paragraph_penalties: Vec::new(),
        official_text,
    };
    Some(LoadedArticle {
        article,
        former,
        penalty,
        paragraph_penalties,
        amended,
        at: h.text_at.clone(),
    })
}

/// Reads the `amended: <date>` lines of an article: each names a declared version after the
/// first (the first version is the original text, which amends nothing).
fn amended(r: &mut Reporter, entries: Vec<Entry>, versions: &[InstrumentVersion]) -> Vec<String> {
    let mut dates: Vec<String> = Vec::new();
    for e in entries {
        let later = versions.get(1..).unwrap_or_default();
        if versions.is_empty() {
            r.error(
                e.key_at.clone(),
                "`amended` needs the instrument's versions in the front matter",
                "declare them with `version: <date> = <zh label> | <en label>` lines, oldest first",
            );
        } else if !later.iter().any(|v| v.effective == e.value) {
            let dates: Vec<&str> = later.iter().map(|v| v.effective.as_str()).collect();
            r.error(
                e.value_at.clone(),
                format!("`{}` is not a version that amended the instrument", e.value),
                if dates.is_empty() {
                    "the instrument has one version; an article of its original text is not amended"
                        .to_owned()
                } else {
                    format!("the amending versions are: {}", dates.join(", "))
                },
            );
        } else if dates.contains(&e.value) {
            r.error(
                e.key_at.clone(),
                format!("`amended: {}` is given twice", e.value),
                "keep one of them",
            );
        } else {
            dates.push(e.value);
        }
    }
    dates.sort();
    dates
}

/// Checks the keys of the `penalty.N:` lines of an article: N is one of its paragraphs, and
/// each paragraph has one. Returns the valid ones with their paragraph.
fn paragraph_penalties(
    r: &mut Reporter,
    entries: Vec<Entry>,
    article: u16,
    paragraphs: u8,
) -> Vec<(u8, Entry)> {
    let mut valid: Vec<(u8, Entry)> = Vec::new();
    for e in entries {
        let suffix = &e.key["penalty.".len()..];
        let Some(paragraph) = suffix
            .parse::<u8>()
            .ok()
            .filter(|_| suffix.chars().all(|c| c.is_ascii_digit()))
        else {
            r.error(
                e.key_at.clone(),
                format!("`{}` is not a paragraph penalty", e.key),
                "write `penalty.<paragraph number>: <citation>`, e.g. `penalty.2: DSL 45.2`",
            );
            continue;
        };
        if paragraphs == 1 {
            r.error(
                e.key_at.clone(),
                format!("article {article} is not divided into paragraphs"),
                "give the penalty of an undivided article with `penalty:`, or set its `paragraphs`",
            );
            continue;
        }
        if paragraph == 0 || paragraph > paragraphs {
            r.error(
                e.key_at.clone(),
                format!("article {article} has {paragraphs} paragraphs; there is no paragraph {paragraph}"),
                "check the number after `penalty.`, or the article's `paragraphs`",
            );
            continue;
        }
        if valid.iter().any(|(p, _)| *p == paragraph) {
            r.error(
                e.key_at.clone(),
                format!("the penalty of paragraph {paragraph} is given twice"),
                "keep one of them",
            );
            continue;
        }
        valid.push((paragraph, e));
    }
    valid
}

impl CatalogIndex {
    /// Resolves the citations of a `cite:` (or `penalty:`) entry, reporting each one that does
    /// not resolve. Only the valid ones are returned.
    pub(crate) fn resolve(
        &self,
        catalog: &Catalog,
        r: &mut Reporter,
        entry: &Entry,
    ) -> Vec<Citation> {
        self.resolve_spanned(catalog, r, entry)
            .into_iter()
            .map(|(c, _)| c)
            .collect()
    }

    /// Like [`CatalogIndex::resolve`], with the span of each citation in the file.
    pub(crate) fn resolve_spanned(
        &self,
        catalog: &Catalog,
        r: &mut Reporter,
        entry: &Entry,
    ) -> Vec<(Citation, Span)> {
        let mut out = Vec::new();
        for parsed in parse_list(&entry.value) {
            match parsed {
                Ok(raw) => {
                    if let Some(c) = self.resolve_one(catalog, r, entry, &raw) {
                        out.push((c, entry.sub(raw.at.clone())));
                    }
                }
                Err(e) => r.error(entry.sub(e.at), e.message, e.hint),
            }
        }
        out
    }

    fn resolve_one(
        &self,
        catalog: &Catalog,
        r: &mut Reporter,
        entry: &Entry,
        raw: &RawCitation,
    ) -> Option<Citation> {
        let instrument_at = entry.sub(raw.instrument_at.clone());
        let article_at = entry.sub(raw.article_at.clone());
        let (id, former) = match &raw.instrument {
            InstrumentName::Id(id) if catalog.instrument(id).is_some() => (id.clone(), None),
            InstrumentName::Id(id) => match self.former_ids.get(id) {
                Some(current) => (current.clone(), Some(id.clone())),
                None => {
                    let ids: Vec<&str> =
                        catalog.instruments.iter().map(|i| i.id.as_str()).collect();
                    r.error(
                        instrument_at,
                        format!("unknown instrument `{id}`"),
                        format!("the catalog has: {}", ids.join(", ")),
                    );
                    return None;
                }
            },
            InstrumentName::Title(name) => match self.names.get(name) {
                Some(id) => (id.clone(), None),
                None => {
                    let mut names: Vec<&str> = catalog
                        .instruments
                        .iter()
                        .map(|i| i.short.zh.as_str())
                        .collect();
                    names.sort_unstable();
                    r.error(
                        instrument_at,
                        format!("no instrument in the catalog is called 《{name}》"),
                        format!(
                            "use a short name, full name or alias from the catalog: {}",
                            names.join("、")
                        ),
                    );
                    return None;
                }
            },
        };
        let instrument = catalog.instrument(&id)?;
        match instrument.status {
            InstrumentStatus::Draft => {
                r.error(
                    instrument_at,
                    format!("`{id}` is a draft and cannot be cited"),
                    "cite only instruments in force",
                );
                return None;
            }
            InstrumentStatus::Repealed => {
                r.error(
                    instrument_at,
                    format!("`{id}` is repealed and cannot be cited"),
                    "cite the instrument that replaced it",
                );
                return None;
            }
            InstrumentStatus::InForce | InstrumentStatus::Amended => {}
        }
        if let Divisions::Parts { numbering, .. } = &instrument.divisions {
            return self.resolve_part(r, entry, raw, instrument, *numbering);
        }
        if raw.form == Form::Parts {
            r.error(
                entry.sub(raw.at.clone()),
                format!("`{id}` is divided into articles, not parts"),
                format!(
                    "cite an article, e.g. `{id} 1` or `《{}》第一条`",
                    instrument.short.zh
                ),
            );
            return None;
        }
        let mut number = raw.article;
        if let Some(former_id) = &former {
            let Some(&current) = self.former_articles.get(&(id.clone(), raw.article)) else {
                r.error(
                    article_at,
                    format!("no article of `{id}` declares `former: {}`", raw.article),
                    format!(
                        "add `former: {}` to the meta block of the article it became, in {}",
                        raw.article,
                        self.file(&id)
                    ),
                );
                return None;
            };
            number = current;
            let now = Citation {
                instrument: id.clone(),
                article: current,
                paragraph: raw.paragraph.as_ref().map(|p| p.0),
                item: raw.item.as_ref().map(|i| i.0),
            };
            r.warning(
                entry.sub(raw.at.clone()),
                format!("`{former_id} {}` is in the former numbering: it is article {current} of `{id}` as in force since {}", raw.article, instrument.effective),
                format!("cite `{now}`"),
            );
        }
        // A count of 0 means the catalog file does not give it (already an error there).
        if instrument.article_count > 0 && number > instrument.article_count {
            r.error(
                article_at,
                format!(
                    "`{id}` has {} articles; there is no article {number}",
                    instrument.article_count
                ),
                "check the article number",
            );
            return None;
        }
        let Some(article) = instrument.articles.iter().find(|a| a.number == number) else {
            r.error(
                article_at,
                format!("article {number} of `{id}` is not in the catalog"),
                format!(
                    "add `## 第{}条` with its summary to {}",
                    numeral::format(number.into()),
                    self.file(&id)
                ),
            );
            return None;
        };
        if let Some((p, at)) = &raw.paragraph
            && *p > article.paragraphs
        {
            let has = if article.paragraphs == 1 {
                "is not divided into paragraphs".to_owned()
            } else {
                format!("has {} paragraphs", article.paragraphs)
            };
            r.error(
                entry.sub(at.clone()),
                format!("article {number} of `{id}` {has}"),
                "check the paragraph (款) number, or the article's `paragraphs` in the catalog",
            );
            return None;
        }
        // `第十三条第（一）项` leaves the paragraph out. That is only unambiguous when the article
        // has one paragraph; the model always names it, so that `PIPL 51.1.5` is never
        // mistaken for `PIPL 51.5`.
        let mut paragraph = raw.paragraph.as_ref().map(|p| p.0);
        let item = raw.item.as_ref().map(|i| i.0);
        if paragraph.is_none() && item.is_some() {
            if article.paragraphs > 1 {
                r.error(
                    entry.sub(raw.at.clone()),
                    format!(
                        "article {number} of `{id}` has {} paragraphs: say which one the item is in",
                        article.paragraphs
                    ),
                    format!(
                        "e.g. `第{}条第一款第（{}）项` or `{id} {number}.1.{}`",
                        numeral::format(number.into()),
                        numeral::format(item.unwrap_or(1).into()),
                        item.unwrap_or(1)
                    ),
                );
                return None;
            }
            paragraph = Some(1);
        }
        Some(Citation {
            instrument: id,
            article: number,
            paragraph,
            item,
        })
    }

    fn file(&self, id: &str) -> &str {
        self.files.get(id).map_or("the catalog", String::as_str)
    }
}
