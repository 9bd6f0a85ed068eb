//! `key: value` lines, the syntax of front matter and of meta blocks. Deliberately not YAML:
//! every value is a string the loader interprets itself, so there are no type surprises
//! (`no` becoming `false`, `1.10` becoming `1.1`) and every key and value has an exact position.

use crate::diagnostic::Reporter;
use crate::source::Span;

/// One `key: value` line. The value is trimmed; both spans are byte ranges in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub key: String,
    pub key_at: Span,
    pub value: String,
    pub value_at: Span,
}

impl Entry {
    /// The span of a part of the value, given as a byte range within the value.
    pub(crate) fn sub(&self, part: Span) -> Span {
        self.value_at.start + part.start..self.value_at.start + part.end
    }
}

/// Parses the lines in `range` of the reporter's text. Blank lines and lines starting with `#`
/// are skipped; anything else must be `key: value` with a key of lower-case ASCII letters,
/// digits, `_` and `.`.
pub(crate) fn parse_lines(r: &mut Reporter, range: Span) -> Vec<Entry> {
    let text = r.text();
    let mut entries = Vec::new();
    let mut start = range.start;
    for raw in text[range.clone()].split_inclusive('\n') {
        let line_start = start;
        start += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        let content_at = line_start + indent..line_start + line.len();
        let Some(colon) = content.find(':') else {
            let hint = if content.contains('：') {
                "write the colon after the key as an ASCII `:` (not the full-width `：`)"
            } else {
                "each line is `key: value`; a line starting with `#` is a comment"
            };
            r.error(content_at, "expected `key: value`", hint);
            continue;
        };
        let key = content[..colon].trim_end();
        let key_at = content_at.start..content_at.start + key.len();
        if key.is_empty()
            || !key
                .chars()
                .all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_' | '.'))
        {
            r.error(
                key_at.clone(),
                format!("`{key}` is not a valid key"),
                "keys are lower-case ASCII letters, digits, `_` and `.`, e.g. `title.zh`",
            );
            continue;
        }
        let after = &content[colon + 1..];
        let value = after.trim();
        let value_start = content_at.start + colon + 1 + (after.len() - after.trim_start().len());
        entries.push(Entry {
            key: key.to_owned(),
            key_at,
            value: value.to_owned(),
            value_at: value_start..value_start + value.len(),
        });
    }
    entries
}

/// The entries of one front matter or meta block, consumed key by key. Whatever is not asked for
/// is reported as unknown at the end, with the list of keys that were asked for.
pub(crate) struct Entries {
    entries: Vec<Entry>,
    used: Vec<bool>,
    known: Vec<&'static str>,
}

impl Entries {
    pub(crate) fn new(entries: Vec<Entry>) -> Entries {
        let used = vec![false; entries.len()];
        Entries {
            entries,
            used,
            known: Vec::new(),
        }
    }

    /// The value of a key that may appear once. A repetition is an error.
    pub(crate) fn one(&mut self, r: &mut Reporter, key: &'static str) -> Option<Entry> {
        let mut found = self.take(key).into_iter();
        let first = found.next();
        for again in found {
            r.error(
                again.key_at,
                format!("`{key}` is given twice"),
                "keep one of them",
            );
        }
        first
    }

    /// Like [`Entries::one`], with an error at `anchor` when the key is missing.
    pub(crate) fn required(
        &mut self,
        r: &mut Reporter,
        key: &'static str,
        anchor: &Span,
        what: &str,
    ) -> Option<Entry> {
        let entry = self.one(r, key);
        if entry.is_none() {
            r.error(
                anchor.clone(),
                format!("{what} has no `{key}`"),
                format!("add a line `{key}: ...`"),
            );
        }
        entry
    }

    /// All values of a key that may repeat, in order.
    pub(crate) fn all(&mut self, key: &'static str) -> Vec<Entry> {
        self.take(key)
    }

    /// All entries whose key is `prefix` followed by at least one character (`penalty.2` for
    /// the prefix `penalty.`), in order. `shown` names them in the list of known keys, e.g.
    /// `penalty.N`.
    pub(crate) fn prefixed(&mut self, prefix: &'static str, shown: &'static str) -> Vec<Entry> {
        self.known.push(shown);
        let mut found = Vec::new();
        for (entry, used) in self.entries.iter().zip(&mut self.used) {
            if entry.key.len() > prefix.len() && entry.key.starts_with(prefix) {
                *used = true;
                found.push(entry.clone());
            }
        }
        found
    }

    fn take(&mut self, key: &'static str) -> Vec<Entry> {
        self.known.push(key);
        let mut found = Vec::new();
        for (entry, used) in self.entries.iter().zip(&mut self.used) {
            if entry.key == key {
                *used = true;
                found.push(entry.clone());
            }
        }
        found
    }

    /// Reports every key nobody asked for.
    pub(crate) fn finish(self, r: &mut Reporter, what: &str) {
        for (entry, used) in self.entries.iter().zip(&self.used) {
            if !used {
                r.error(
                    entry.key_at.clone(),
                    format!("unknown key `{}` in {what}", entry.key),
                    format!("known keys: {}", self.known.join(", ")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn lines_split_at_the_first_colon_and_keep_positions() {
        let file = SourceFile::new(
            "a.md",
            "# comment\n\n  weight: 5\ntitle.en: A: B  \nbad line\n键: x\nk：v\n",
        );
        let mut r = Reporter::new(&file);
        let entries = parse_lines(&mut r, 0..file.text.len());
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].key, "weight");
        assert_eq!(&file.text[entries[0].value_at.clone()], "5");
        assert_eq!(entries[1].value, "A: B");
        assert_eq!(&file.text[entries[1].value_at.clone()], "A: B");
        let messages: Vec<_> = r
            .diagnostics
            .iter()
            .map(|d| (d.line, d.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                (5, "expected `key: value`"),
                (6, "`键` is not a valid key"),
                (7, "expected `key: value`")
            ]
        );
        assert!(r.diagnostics[2].hint.contains("full-width"));
    }

    #[test]
    fn unknown_and_repeated_keys_are_reported() {
        let file = SourceFile::new("a.md", "id: a\nid: b\nfoo: c\n");
        let mut r = Reporter::new(&file);
        let mut e = Entries::new(parse_lines(&mut r, 0..file.text.len()));
        assert_eq!(e.one(&mut r, "id").map(|e| e.value), Some("a".to_owned()));
        e.finish(&mut r, "the front matter");
        let messages: Vec<_> = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`id` is given twice",
                "unknown key `foo` in the front matter"
            ]
        );
        assert_eq!(r.diagnostics[1].hint, "known keys: id");
    }

    #[test]
    fn prefixed_keys_are_taken_together_and_named_in_the_known_keys() {
        let file = SourceFile::new(
            "a.md",
            "penalty: X 1\npenalty.2: X 2\npenalty.: X 3\npenalty.x: X 4\n",
        );
        let mut r = Reporter::new(&file);
        let mut e = Entries::new(parse_lines(&mut r, 0..file.text.len()));
        let keys: Vec<String> = e
            .prefixed("penalty.", "penalty.N")
            .into_iter()
            .map(|e| e.key)
            .collect();
        assert_eq!(keys, ["penalty.2", "penalty.x"]);
        e.finish(&mut r, "the meta block");
        let messages: Vec<_> = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown key `penalty` in the meta block",
                "unknown key `penalty.` in the meta block"
            ]
        );
        assert_eq!(r.diagnostics[0].hint, "known keys: penalty.N");
    }
}
