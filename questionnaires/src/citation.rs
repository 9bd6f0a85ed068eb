//! Citations (依据): the compact form `DSL 27.1` / `PIPL 13.1.2` and the form Chinese lawyers
//! write, `《数据安全法》第二十七条第一款第（二）项`; for an instrument organised in parts,
//! `APP-191 3.2` and `《认定方法》三、2`. Parsing here is syntax only; the loader resolves
//! instrument names and checks the numbers against the catalog, which knows how each instrument
//! is divided.

use crate::model::{Catalog, Citation, Divisions, ItemNumbering, Lang};
use crate::numeral;
use crate::source::Span;

/// How a citation names its instrument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum InstrumentName {
    /// The catalog id of the compact form, e.g. `DSL` or `CSL-2016`.
    Id(String),
    /// The name inside 《》: short name, full name or an alias.
    Title(String),
}

/// How a citation is written, which says what its numbers mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    /// `DSL 27.1.2`: numbers whose meaning depends on how the instrument is divided (article,
    /// paragraph, item; or part, item).
    Compact,
    /// `《数据安全法》第二十七条第一款第（二）项`.
    Articles,
    /// `《认定方法》三、2`, `《认定方法》第三部分`: a part and its item.
    Parts,
}

/// A citation as written, with the byte spans (relative to the parsed text) of its parts, so that
/// an error points at the part that is wrong. In the parts form, `article` is the part; in the
/// compact form the loader reads the second number as the item when the instrument is organised
/// in parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawCitation {
    pub form: Form,
    pub instrument: InstrumentName,
    pub instrument_at: Span,
    pub article: u16,
    pub article_at: Span,
    pub paragraph: Option<(u8, Span)>,
    pub item: Option<(u8, Span)>,
    pub at: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub at: Span,
    pub message: String,
    pub hint: String,
}

const FORMS: &str = "write `DSL 27`, `DSL 27.1`, `PIPL 13.1.2` or `《数据安全法》第二十七条第一款`; for an instrument in parts, `APP-191 3.2` or `《认定方法》三、2`";

/// Parses a list of citations separated by `;` or `；`. Empty entries (a trailing `;`) are
/// skipped.
pub(crate) fn parse_list(src: &str) -> Vec<Result<RawCitation, SyntaxError>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in src.char_indices().chain([(src.len(), ';')]) {
        if c != ';' && c != '；' {
            continue;
        }
        let part = &src[start..i];
        let lead = part.len() - part.trim_start().len();
        let trimmed = part.trim();
        if !trimmed.is_empty() {
            out.push(parse_one(trimmed, start + lead));
        }
        start = i + c.len_utf8();
    }
    out
}

fn parse_one(s: &str, base: usize) -> Result<RawCitation, SyntaxError> {
    let at = base..base + s.len();
    if s.starts_with('《') {
        parse_chinese(s, base)
    } else if s.starts_with(|c: char| c.is_ascii_uppercase()) {
        parse_compact(s, base)
    } else {
        Err(SyntaxError {
            at,
            message: format!("`{s}` is not a citation"),
            hint: FORMS.to_owned(),
        })
    }
}

fn parse_compact(s: &str, base: usize) -> Result<RawCitation, SyntaxError> {
    let err = |at: Span, message: String| SyntaxError {
        at,
        message,
        hint: FORMS.to_owned(),
    };
    let Some(space) = s.find(char::is_whitespace) else {
        return Err(err(
            base..base + s.len(),
            format!("`{s}` has no article number"),
        ));
    };
    let id = &s[..space];
    let id_at = base..base + space;
    if !id
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(SyntaxError {
            at: id_at,
            message: format!("`{id}` is not an instrument id"),
            hint: "instrument ids are capital letters, digits and `-`, e.g. `DSL`, `MIIT-DSM`"
                .to_owned(),
        });
    }
    let rest = s[space..].trim_start();
    let mut offset = base + s.len() - rest.len();
    let mut numbers = Vec::new();
    for part in rest.split('.') {
        let part_at = offset..offset + part.len();
        offset += part.len() + 1;
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(part_at, format!("`{part}` is not a number")));
        }
        let n: u32 = part.parse().unwrap_or(u32::MAX);
        numbers.push((n, part_at));
    }
    if numbers.len() > 3 {
        return Err(err(
            numbers[3].1.clone(),
            "a citation has at most article, paragraph and item".to_owned(),
        ));
    }
    let mut numbers = numbers.into_iter();
    let (article, article_at) = numbers.next().unwrap_or((0, offset..offset));
    Ok(RawCitation {
        form: Form::Compact,
        instrument: InstrumentName::Id(id.to_owned()),
        instrument_at: id_at,
        article: checked(article, &article_at, "article")?,
        article_at,
        paragraph: numbers
            .next()
            .map(|(n, at)| checked(n, &at, "paragraph").map(|n| (n, at)))
            .transpose()?,
        item: numbers
            .next()
            .map(|(n, at)| checked(n, &at, "item").map(|n| (n, at)))
            .transpose()?,
        at: base..base + s.len(),
    })
}

/// A number in the range of its field (articles up to 65535, paragraphs and items up to 255),
/// and not zero.
fn checked<T: TryFrom<u32>>(n: u32, at: &Span, what: &str) -> Result<T, SyntaxError> {
    match T::try_from(n) {
        Ok(v) if n > 0 => Ok(v),
        _ => Err(SyntaxError {
            at: at.clone(),
            message: format!("{what} number {n} is out of range"),
            hint: "articles, paragraphs and items are numbered from 1".to_owned(),
        }),
    }
}

fn parse_chinese(s: &str, base: usize) -> Result<RawCitation, SyntaxError> {
    let mut p = Cursor { s, pos: 0, base };
    p.eat("《");
    let Some(close) = s.find('》') else {
        return Err(p.error_at(
            0..s.len(),
            "the instrument name has no closing `》`".to_owned(),
        ));
    };
    let name = s[p.pos..close].trim();
    let instrument_at = base + p.pos..base + close;
    if name.is_empty() {
        return Err(p.error_at(
            0..close + '》'.len_utf8(),
            "the instrument name is empty".to_owned(),
        ));
    }
    p.pos = close + '》'.len_utf8();
    p.skip_space();
    if p.starts_part() {
        return parse_part(p, name, instrument_at);
    }
    let (article, article_at) = p.numbered("第", "条", "article")?;
    let article = checked(article, &article_at, "article")?;
    let mut paragraph = None;
    let mut item = None;
    p.skip_space();
    // `第一款` and `第（一）项` both start with 第; whichever unit comes first tells them apart.
    let paragraph_first = match (p.rest().find('款'), p.rest().find('项')) {
        (Some(k), Some(x)) => k < x,
        (k, _) => k.is_some(),
    };
    if p.rest().starts_with('第') && paragraph_first {
        let (n, at) = p.numbered("第", "款", "paragraph")?;
        paragraph = Some((checked(n, &at, "paragraph")?, at));
    }
    p.skip_space();
    if !p.rest().is_empty() {
        let (n, at) = p.item()?;
        item = Some((checked(n, &at, "item")?, at));
    }
    p.end()?;
    Ok(RawCitation {
        form: Form::Articles,
        instrument: InstrumentName::Title(name.to_owned()),
        instrument_at,
        article,
        article_at,
        paragraph,
        item,
        at: base..base + s.len(),
    })
}

/// The parts form after the instrument name: `三、2`, `二、（一）`, `三、` or `第三部分`.
fn parse_part(mut p: Cursor, name: &str, instrument_at: Span) -> Result<RawCitation, SyntaxError> {
    let s = p.s;
    let base = p.base;
    let (part, part_at) = if p.rest().starts_with('第') {
        p.numbered("第", "部分", "part")?
    } else {
        p.numbered("", "、", "part")?
    };
    let part = checked(part, &part_at, "part")?;
    p.skip_space();
    let mut item = None;
    if !p.rest().is_empty() {
        let (n, at) = p.part_item()?;
        item = Some((checked(n, &at, "item")?, at));
    }
    p.end()?;
    Ok(RawCitation {
        form: Form::Parts,
        instrument: InstrumentName::Title(name.to_owned()),
        instrument_at,
        article: part,
        article_at: part_at,
        paragraph: None,
        item,
        at: base..base + s.len(),
    })
}

struct Cursor<'a> {
    s: &'a str,
    pos: usize,
    base: usize,
}

impl Cursor<'_> {
    fn rest(&self) -> &str {
        &self.s[self.pos..]
    }

    fn eat(&mut self, prefix: &str) -> bool {
        let found = self.rest().starts_with(prefix);
        if found {
            self.pos += prefix.len();
        }
        found
    }

    fn skip_space(&mut self) {
        self.pos = self.s.len() - self.rest().trim_start().len();
    }

    /// Whether the rest is a part (`三、…`, `第三部分`) rather than an article (`第三条`).
    fn starts_part(&self) -> bool {
        let rest = self.rest();
        if let Some(after) = rest.strip_prefix('第') {
            let part = after.find("部分");
            let article = after.find(['条', '款', '项']);
            return part.is_some_and(|p| article.is_none_or(|a| p < a));
        }
        rest.split_once('、')
            .is_some_and(|(numeral, _)| numeral::parse(numeral.trim()).is_some())
    }

    /// Nothing but white space may follow the citation.
    fn end(&mut self) -> Result<(), SyntaxError> {
        self.skip_space();
        if self.rest().is_empty() {
            return Ok(());
        }
        Err(self.error_at(
            self.pos..self.s.len(),
            format!("unexpected `{}` after the citation", self.rest()),
        ))
    }

    fn error_at(&self, at: Span, message: String) -> SyntaxError {
        SyntaxError {
            at: self.base + at.start..self.base + at.end,
            message,
            hint: FORMS.to_owned(),
        }
    }

    /// `第<numeral><unit>` (or `<numeral><unit>` when `open` is empty), returning the number and
    /// the span of the numeral.
    fn numbered(&mut self, open: &str, unit: &str, what: &str) -> Result<(u32, Span), SyntaxError> {
        self.skip_space();
        let start = self.pos;
        if !self.eat(open) {
            let end = self
                .rest()
                .chars()
                .next()
                .map_or(self.pos, |c| self.pos + c.len_utf8());
            return Err(self.error_at(
                start..end,
                format!("expected `{open}` and the {what} number"),
            ));
        }
        let Some(len) = self.rest().find(unit) else {
            return Err(self.error_at(
                start..self.s.len(),
                format!("expected `{unit}` after the {what} number"),
            ));
        };
        let numeral = &self.s[self.pos..self.pos + len];
        let at = self.pos..self.pos + len;
        let abs = self.base + at.start..self.base + at.end;
        self.pos += len + unit.len();
        match numeral::parse(numeral.trim()) {
            Some(n) => Ok((n, abs)),
            None => Err(self.error_at(at, format!("`{numeral}` is not a number"))),
        }
    }

    /// The item of a part: `2`, `（二）` or `(二)`.
    fn part_item(&mut self) -> Result<(u32, Span), SyntaxError> {
        let start = self.pos;
        let open = self.eat("（") || self.eat("(");
        let numeral = if open {
            let Some(len) = self.rest().find(['）', ')']) else {
                return Err(self.error_at(
                    start..self.s.len(),
                    "expected `）` after the item number".to_owned(),
                ));
            };
            let at = self.pos..self.pos + len;
            self.pos += len;
            self.pos += self.rest().chars().next().map_or(0, char::len_utf8);
            at
        } else {
            let len = self
                .rest()
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(self.rest().len());
            let at = self.pos..self.pos + len;
            self.pos += len;
            at
        };
        match numeral::parse(self.s[numeral.clone()].trim()) {
            Some(n) => Ok((n, self.base + numeral.start..self.base + numeral.end)),
            None => Err(self.error_at(
                start..self.s.len(),
                format!("`{}` is not an item number", &self.s[start..]),
            )),
        }
    }

    /// `第（二）项`, also `第(二)项` and `第二项`.
    fn item(&mut self) -> Result<(u32, Span), SyntaxError> {
        let start = self.pos;
        if !self.eat("第") {
            return Err(self.error_at(
                start..self.s.len(),
                format!("unexpected `{}` after the citation", self.rest()),
            ));
        }
        let open = self.eat("（") || self.eat("(");
        let Some(len) = self.rest().find("项") else {
            return Err(self.error_at(
                start..self.s.len(),
                "expected `项` after the item number".to_owned(),
            ));
        };
        let mut numeral = &self.s[self.pos..self.pos + len];
        if open {
            numeral = numeral.trim_end().trim_end_matches(['）', ')']);
        }
        let at = self.pos..self.pos + numeral.len();
        self.pos += len + "项".len();
        match numeral::parse(numeral.trim()) {
            Some(n) => Ok((n, self.base + at.start..self.base + at.end)),
            None => Err(self.error_at(at, format!("`{numeral}` is not a number"))),
        }
    }
}

impl Citation {
    /// The citation for display: `《数据安全法》第二十七条第一款第（二）项` in Chinese,
    /// `Data Security Law, Art. 27(1)(2)` in English; for an instrument organised in parts,
    /// `《认定方法》三、2` and `191 Method, III.2` (items numbered （一） read `二、（一）` and
    /// `II(1)`), and a whole part `《认定方法》第三部分`, `191 Method, Part III`. An instrument
    /// missing from the catalog is shown by its id (`PIPL 第十三条`).
    pub fn long_form(&self, catalog: &Catalog, lang: Lang) -> String {
        let instrument = catalog.instrument(&self.instrument);
        if let Some(i) = instrument
            && let Divisions::Parts { numbering, .. } = &i.divisions
        {
            return self.part_form(i.short.get(lang), *numbering, lang);
        }
        match lang {
            Lang::Zh => {
                let name = match instrument {
                    Some(i) => format!("《{}》", i.short.get(Lang::Zh)),
                    None => format!("{} ", self.instrument),
                };
                let mut s = format!("{name}第{}条", numeral::format(self.article.into()));
                if let Some(p) = self.paragraph {
                    s.push_str(&format!("第{}款", numeral::format(p.into())));
                }
                if let Some(i) = self.item {
                    s.push_str(&format!("第（{}）项", numeral::format(i.into())));
                }
                s
            }
            Lang::En => {
                let name = instrument.map_or(self.instrument.as_str(), |i| i.short.get(Lang::En));
                let mut s = format!("{name}, Art. {}", self.article);
                if let Some(p) = self.paragraph {
                    s.push_str(&format!("({p})"));
                }
                if let Some(i) = self.item {
                    s.push_str(&format!("({i})"));
                }
                s
            }
        }
    }
}

impl Citation {
    fn part_form(&self, short: &str, numbering: ItemNumbering, lang: Lang) -> String {
        let part = u32::from(self.article);
        match (lang, self.item) {
            (Lang::Zh, None) => format!("《{short}》第{}部分", numeral::format(part)),
            (Lang::Zh, Some(item)) => {
                format!(
                    "《{short}》{}",
                    part_item_label(self.article, item, numbering)
                )
            }
            (Lang::En, None) => format!("{short}, Part {}", numeral::roman(part)),
            (Lang::En, Some(item)) => match numbering {
                ItemNumbering::Arabic => format!("{short}, {}.{item}", numeral::roman(part)),
                ItemNumbering::Chinese => format!("{short}, {}({item})", numeral::roman(part)),
            },
        }
    }
}

/// An item as the official text numbers it, with its part: `三、2`, `二、（一）`.
pub(crate) fn part_item_label(part: u16, item: u8, numbering: ItemNumbering) -> String {
    let part = numeral::format(part.into());
    match numbering {
        ItemNumbering::Arabic => format!("{part}、{item}"),
        ItemNumbering::Chinese => format!("{part}、（{}）", numeral::format(item.into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> Result<RawCitation, SyntaxError> {
        let mut list = parse_list(s);
        assert_eq!(list.len(), 1, "{s}");
        list.remove(0)
    }

    /// Article (or part), paragraph and item, without their spans.
    fn numbers(c: &RawCitation) -> (u16, Option<u8>, Option<u8>) {
        (
            c.article,
            c.paragraph.as_ref().map(|p| p.0),
            c.item.as_ref().map(|i| i.0),
        )
    }

    #[test]
    fn long_forms_read_as_lawyers_write_them() {
        use crate::model::{Instrument, InstrumentStatus, Text};
        let dsl = Instrument {
            id: "DSL".to_owned(),
            name: Text::new("中华人民共和国数据安全法", "Data Security Law of the PRC"),
            short: Text::new("数据安全法", "Data Security Law"),
            issuer: Text::default(),
            doc_no: String::new(),
            promulgated: String::new(),
            effective: String::new(),
            status: InstrumentStatus::InForce,
            article_count: 55,
            articles: Vec::new(),
            divisions: Divisions::Articles,
        };
        let catalog = Catalog {
            instruments: vec![dsl],
        };
        let cite = |instrument: &str, article, paragraph, item| Citation {
            instrument: instrument.to_owned(),
            article,
            paragraph,
            item,
        };
        let c = cite("DSL", 27, Some(1), None);
        assert_eq!(
            c.long_form(&catalog, Lang::Zh),
            "《数据安全法》第二十七条第一款"
        );
        assert_eq!(
            c.long_form(&catalog, Lang::En),
            "Data Security Law, Art. 27(1)"
        );
        let c = cite("DSL", 45, Some(2), Some(3));
        assert_eq!(
            c.long_form(&catalog, Lang::Zh),
            "《数据安全法》第四十五条第二款第（三）项"
        );
        assert_eq!(
            c.long_form(&catalog, Lang::En),
            "Data Security Law, Art. 45(2)(3)"
        );
        let c = cite("PIPL", 13, None, None);
        assert_eq!(c.long_form(&catalog, Lang::Zh), "PIPL 第十三条");
        assert_eq!(c.long_form(&catalog, Lang::En), "PIPL, Art. 13");
    }

    #[test]
    fn compact_citations_parse_into_their_parts() {
        let c = one("PIPL 13.1.2").expect("valid");
        assert_eq!(c.instrument, InstrumentName::Id("PIPL".to_owned()));
        assert_eq!(
            (c.form, numbers(&c)),
            (Form::Compact, (13, Some(1), Some(2)))
        );
        assert_eq!(c.article_at, 5..7);
        let c = one("MIIT-DSM 8").expect("valid");
        assert_eq!(numbers(&c), (8, None, None));
    }

    #[test]
    fn chinese_citations_parse_into_their_parts() {
        let c = one("《数据安全法》第二十七条第一款第（二）项").expect("valid");
        assert_eq!(c.instrument, InstrumentName::Title("数据安全法".to_owned()));
        assert_eq!(
            (c.form, numbers(&c)),
            (Form::Articles, (27, Some(1), Some(2)))
        );
        let c = one("《个人信息保护法》第十三条第（一）项").expect("valid");
        assert_eq!(numbers(&c), (13, None, Some(1)));
        let c = one("《网络数据安全管理条例》第一百零五条").expect("valid");
        assert_eq!(c.article, 105);
        let c = one("《个人信息保护法》第十三条第二项").expect("valid");
        assert_eq!(numbers(&c), (13, None, Some(2)));
        let c = one("《个人信息保护法》第13条第1款").expect("valid");
        assert_eq!((c.article, c.paragraph.map(|p| p.0)), (13, Some(1)));
    }

    #[test]
    fn part_citations_name_a_part_and_an_item_as_the_document_numbers_them() {
        for (src, expected) in [
            ("《认定方法》三、2", (3, None, Some(2))),
            ("《认定方法》 三、 2", (3, None, Some(2))),
            ("《公告》二、（一）", (2, None, Some(1))),
            ("《公告》二、(三)", (2, None, Some(3))),
            ("《公告》十二、（十一）", (12, None, Some(11))),
            ("《认定方法》三、", (3, None, None)),
            ("《认定方法》第三部分", (3, None, None)),
        ] {
            let c = one(src).expect(src);
            assert_eq!((c.form, numbers(&c)), (Form::Parts, expected), "{src}");
        }
        let src = "《认定方法》三、2";
        let c = one(src).expect("valid");
        assert_eq!(&src[c.article_at.clone()], "三");
        assert_eq!(c.item.map(|(_, at)| &src[at]), Some("2"));
        // The compact form is the same as for articles; the loader reads it by the instrument.
        let c = one("APP-191 3.2").expect("valid");
        assert_eq!((c.form, numbers(&c)), (Form::Compact, (3, Some(2), None)));
    }

    #[test]
    fn long_forms_of_parts_follow_the_item_numbering_of_the_document() {
        use crate::model::{Instrument, InstrumentStatus, Text};
        let instrument = |id: &str, short: Text, numbering| Instrument {
            id: id.to_owned(),
            name: short.clone(),
            short,
            issuer: Text::default(),
            doc_no: String::new(),
            promulgated: String::new(),
            effective: String::new(),
            status: InstrumentStatus::InForce,
            article_count: 6,
            articles: Vec::new(),
            divisions: Divisions::Parts {
                numbering,
                items: Vec::new(),
            },
        };
        let catalog = Catalog {
            instruments: vec![
                instrument(
                    "APP-191",
                    Text::new("认定方法", "191 Method"),
                    ItemNumbering::Arabic,
                ),
                instrument(
                    "NOTICE",
                    Text::new("公告", "Notice"),
                    ItemNumbering::Chinese,
                ),
            ],
        };
        let cite = |instrument: &str, part, item| Citation {
            instrument: instrument.to_owned(),
            article: part,
            paragraph: None,
            item,
        };
        for (c, zh, en) in [
            (
                cite("APP-191", 3, Some(2)),
                "《认定方法》三、2",
                "191 Method, III.2",
            ),
            (
                cite("APP-191", 1, None),
                "《认定方法》第一部分",
                "191 Method, Part I",
            ),
            (
                cite("NOTICE", 2, Some(1)),
                "《公告》二、（一）",
                "Notice, II(1)",
            ),
            (
                cite("NOTICE", 4, None),
                "《公告》第四部分",
                "Notice, Part IV",
            ),
        ] {
            assert_eq!(c.long_form(&catalog, Lang::Zh), zh);
            assert_eq!(c.long_form(&catalog, Lang::En), en);
            // What is displayed parses back to the same part and item.
            let back = one(zh).expect(zh);
            assert_eq!((back.article, back.item.map(|i| i.0)), (c.article, c.item));
        }
        assert_eq!(cite("APP-191", 3, Some(2)).to_string(), "APP-191 3.2");
    }

    #[test]
    fn lists_split_on_both_semicolons_and_keep_offsets() {
        let src = "DSL 27.1；《数据安全法》第三十条; PIPL 51;";
        let list = parse_list(src);
        assert_eq!(list.len(), 3);
        let second = list[1].as_ref().expect("valid");
        assert_eq!(&src[second.at.clone()], "《数据安全法》第三十条");
        assert_eq!(&src[second.instrument_at.clone()], "数据安全法");
        assert_eq!(&src[second.article_at.clone()], "三十");
    }

    #[test]
    fn bad_citations_point_at_the_wrong_part() {
        for (src, bad, message) in [
            ("DSL", "DSL", "`DSL` has no article number"),
            ("DSL 27.x", "x", "`x` is not a number"),
            ("DSL 0", "0", "article number 0 is out of range"),
            (
                "DSL 1.2.3.4",
                "4",
                "a citation has at most article, paragraph and item",
            ),
            ("DSL 1.300", "300", "paragraph number 300 is out of range"),
            ("dsl 27", "dsl 27", "`dsl 27` is not a citation"),
            ("D_L 27", "D_L", "`D_L` is not an instrument id"),
            ("《数据安全法》第二七条", "二七", "`二七` is not a number"),
            (
                "《数据安全法第二十七条",
                "《数据安全法第二十七条",
                "the instrument name has no closing `》`",
            ),
            (
                "《数据安全法》二十七条",
                "二",
                "expected `第` and the article number",
            ),
            (
                "《数据安全法》第二十七条之一",
                "之一",
                "unexpected `之一` after the citation",
            ),
            ("《认定方法》三、二", "二", "`二` is not an item number"),
            (
                "《认定方法》三、2项",
                "项",
                "unexpected `项` after the citation",
            ),
            (
                "《认定方法》三、（2",
                "（2",
                "expected `）` after the item number",
            ),
        ] {
            let e = one(src).expect_err(src);
            assert_eq!(
                (&src[e.at.clone()], e.message.as_str()),
                (bad, message),
                "{src}"
            );
        }
    }
}
