//! The loader: from the text of the catalog and questionnaire files to the model, with every
//! diagnostic found on the way. It never stops at the first mistake and never panics; what
//! cannot be understood is reported and left out of the model.
//!
//! The pipeline per file: front matter and outline (`outline`), then the meaning of each section
//! per file kind (`catalog`, `questionnaire`, `changes`), then the checks that need everything
//! loaded (citations against the catalog and its versions, ids across files, each version's
//! declared changes against its difference from the version before).

mod catalog;
mod changes;
mod questionnaire;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Reporter};
use crate::keyvalue::Entry;
use crate::model::{Library, Text};
use crate::outline::Fields;
use crate::source::{SourceFile, Span};

/// The result of loading: the model, and the diagnostics that say what is wrong with it. The
/// model is only fit for use when there are no errors.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Loaded {
    pub library: Library,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.error_count()
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }
}

/// Loads the regulation catalog (one file per instrument, `catalog/<ID>.md`) and the
/// questionnaires (every file of every questionnaire directory `content/<id>/`: the files are
/// grouped by their directory; each directory holds `questionnaire.md` and `NN-<domain>.md`
/// files). The order of the given files does not matter.
pub fn load(catalog: &[SourceFile], questionnaires: &[SourceFile]) -> Loaded {
    let mut diagnostics = Vec::new();
    let (catalog, index, histories) = catalog::load(catalog, &mut diagnostics);
    let law = questionnaire::Law {
        catalog: &catalog,
        index: &index,
        histories: &histories,
    };
    let (questionnaires, changes) = questionnaire::load_all(questionnaires, &law, &mut diagnostics);
    Loaded {
        library: Library {
            catalog,
            questionnaires,
            histories,
            changes,
        },
        diagnostics,
    }
}

/// Moves a file's diagnostics to the list, in the order of their position in the file.
fn flush(r: Reporter, out: &mut Vec<Diagnostic>) {
    let mut diagnostics = r.diagnostics;
    diagnostics.sort_by_key(|d| (d.line, d.column));
    out.extend(diagnostics);
}

/// How a pair of `.zh`/`.en` fields is required.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    /// The Chinese text is required (error); the English one expected (warning).
    Required,
    /// Expected (warning when missing), e.g. guidance.
    Expected,
    /// Optional; but when one language is given, the other is expected.
    Optional,
}

/// Reads the fields `<base>.zh` and `<base>.en` of an entity.
fn text_fields(
    r: &mut Reporter,
    fields: &mut Fields,
    (zh_name, en_name): (&'static str, &'static str),
    need: Need,
    what: &str,
    anchor: &Span,
) -> Text {
    let zh = fields.take(r, zh_name);
    let en = fields.take(r, en_name);
    match (&zh, &en) {
        (None, _) if need == Need::Required => {
            r.error(
                anchor.clone(),
                format!("{what} has no `{zh_name}`"),
                format!("add a field `### {zh_name}` with the Chinese text"),
            );
        }
        (None, None) if need == Need::Expected => {
            r.warning(
                anchor.clone(),
                format!("{what} has no `{zh_name}`"),
                format!("add a field `### {zh_name}`"),
            );
        }
        (None, Some(en)) => {
            r.error(
                en.heading.clone(),
                format!("{what} has `{en_name}` but no `{zh_name}`"),
                "Chinese text is required wherever English text is given",
            );
        }
        (Some(_), None) => {
            r.warning(
                anchor.clone(),
                format!("{what} has no `{en_name}`"),
                format!("add a field `### {en_name}` with the English text"),
            );
        }
        _ => {}
    }
    Text {
        zh: zh.map(|f| f.value).unwrap_or_default(),
        en: en.map(|f| f.value).unwrap_or_default(),
    }
}

/// Reads the keys `<base>.zh` (required) and `<base>.en` (warning when missing) of a front
/// matter or meta block. Also returns the span of the Chinese value.
fn text_keys(
    r: &mut Reporter,
    entries: &mut crate::keyvalue::Entries,
    (zh_key, en_key): (&'static str, &'static str),
    what: &str,
    anchor: &Span,
) -> (Text, Option<Span>) {
    let zh = non_empty(entries.required(r, zh_key, anchor, what), r);
    let en = non_empty(entries.one(r, en_key), r);
    if en.is_none() && zh.is_some() {
        r.warning(
            anchor.clone(),
            format!("{what} has no `{en_key}`"),
            format!("add a line `{en_key}: ...` with the English text"),
        );
    }
    let zh_at = zh.as_ref().map(|e| e.value_at.clone());
    (
        Text {
            zh: zh.map(|e| e.value).unwrap_or_default(),
            en: en.map(|e| e.value).unwrap_or_default(),
        },
        zh_at,
    )
}

/// An entry with an empty value is reported and treated as missing.
/// A `<zh label> | <en label>` value: a missing Chinese label is an error (with `hint` saying
/// how to write the line), a missing English one a warning. `what` names the thing labelled.
fn bilingual_label(r: &mut Reporter, label: &str, at: &Span, what: &str, hint: &str) -> Text {
    let (zh, en) = label.split_once('|').unwrap_or((label, ""));
    let (zh, en) = (zh.trim(), en.trim());
    if zh.is_empty() {
        r.error(at.clone(), format!("{what} has no Chinese label"), hint);
    } else if en.is_empty() {
        r.warning(
            at.clone(),
            format!("{what} has no English label"),
            "add ` | <en label>` after the Chinese label",
        );
    }
    Text::new(zh, en)
}

fn non_empty(entry: Option<Entry>, r: &mut Reporter) -> Option<Entry> {
    let entry = entry?;
    if entry.value.is_empty() {
        r.error(
            entry.key_at.clone(),
            format!("`{}` is empty", entry.key),
            "give it a value or remove the line",
        );
        return None;
    }
    Some(entry)
}

/// Checks a `YYYY-MM-DD` date.
fn date(entry: Option<Entry>, r: &mut Reporter) -> String {
    let Some(entry) = non_empty(entry, r) else {
        return String::new();
    };
    if !is_date(&entry.value) {
        r.error(
            entry.value_at.clone(),
            format!("`{}` is not a date", entry.value),
            "write dates as YYYY-MM-DD, e.g. 2026-01-01",
        );
    }
    entry.value
}

fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts[..] else { return false };
    let number = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (number(y, 4), number(m, 2), number(d, 2)) else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// `yes` / `no`, the values of flags.
fn yes_no(entry: Option<Entry>, r: &mut Reporter) -> bool {
    match entry {
        None => false,
        Some(e) if e.value == "yes" => true,
        Some(e) if e.value == "no" => false,
        Some(e) => {
            r.error(
                e.value_at.clone(),
                format!("`{}` is not `yes` or `no`", e.value),
                format!("write `{}: yes` or `{}: no`", e.key, e.key),
            );
            false
        }
    }
}

/// Lower-case words joined by `sep`, starting with a letter: `miit-data-security`, `pi_volume`.
fn is_lower_id(s: &str, sep: char) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && !s.ends_with(sep)
        && !s.contains(&format!("{sep}{sep}"))
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == sep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_for_real_days() {
        assert!(is_date("2026-01-01"));
        assert!(is_date("2024-02-29"));
        for bad in [
            "2025-02-29",
            "2026-13-01",
            "2026-1-01",
            "26-01-01",
            "2026-01-00",
            "2026/01/01",
            "",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn lower_ids_are_words_joined_by_the_separator() {
        assert!(is_lower_id("miit-data-security", '-'));
        assert!(is_lower_id("pi_volume", '_'));
        for bad in ["", "Gov", "gov-", "a--b", "1gov", "gov_x"] {
            assert!(!is_lower_id(bad, '-'), "{bad}");
        }
    }
}
