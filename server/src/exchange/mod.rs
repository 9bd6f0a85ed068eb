//! The files people exchange with Ziping, as plain functions from the store, the loaded content,
//! an assessment id and a language to bytes (so the HTTP handlers and the command line call the
//! same code): `tables` writes the answers and the gap and remediation plan as XLSX and CSV;
//! `workbook` writes the fill-in workbook that departments answer offline and reads it back,
//! validated cell by cell; `archive` writes and reads the portable archive of an assessment
//! (versioned JSON, the evidence files, a manifest of SHA-256 sums); `docx` the readiness report
//! as an editable Word document; `oscal` the questionnaire version as an OSCAL catalog and the
//! assessment as OSCAL assessment results. This file keeps only what they share.

pub mod archive;
pub mod docx;
pub mod oscal;
pub mod tables;
pub mod workbook;

use questionnaires::{AnswerValue, Lang, Library, Questionnaire};

use crate::store::model::Assessment;
use crate::store::{Store, StoreError};

/// Why an export or an import could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "this assessment uses questionnaire `{id}` version {version}, which this Ziping does not \
         have; start Ziping with content that includes that version"
    )]
    QuestionnaireUnavailable { id: String, version: String },
    #[error("the stored answers cannot be scored: {0}")]
    Unscorable(String),
    #[error("questionnaire `{questionnaire}` has no domain `{domain}`")]
    UnknownDomain {
        questionnaire: String,
        domain: String,
    },
    #[error("the OSCAL document could not be written: {0}")]
    Oscal(String),
    #[error("the spreadsheet could not be written: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

/// The media type of an XLSX file.
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The media type of a CSV file, UTF-8.
pub const CSV_TYPE: &str = "text/csv; charset=utf-8";

/// An assessment with the questionnaire version it is pinned to.
pub struct Pinned<'a> {
    pub assessment: Assessment,
    pub questionnaire: &'a Questionnaire,
}

/// Reads assessment `id` whole and finds its questionnaire version in `library`.
pub async fn load<'a>(
    store: &Store,
    library: &'a Library,
    id: i64,
) -> Result<Pinned<'a>, ExchangeError> {
    let assessment = store.assessment(id).await?;
    let questionnaire = library
        .version(
            &assessment.questionnaire_id,
            &assessment.questionnaire_version,
        )
        .ok_or_else(|| ExchangeError::QuestionnaireUnavailable {
            id: assessment.questionnaire_id.clone(),
            version: assessment.questionnaire_version.clone(),
        })?;
    Ok(Pinned {
        assessment,
        questionnaire,
    })
}

/// Text in the chosen language.
pub(crate) fn pick(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// An answer as a person reads it in `lang`.
pub(crate) fn answer_label(value: AnswerValue, lang: Lang) -> String {
    value.label().get(lang).to_owned()
}

/// A worksheet name Excel accepts, made from `title`: no `[ ] : * ? / \`, not starting or ending
/// with an apostrophe, at most 31 characters, and different (ignoring case, as Excel does) from
/// every name in `taken`, to which it is added.
pub(crate) fn sheet_name(title: &str, taken: &mut Vec<String>) -> String {
    const MAX: usize = 31;
    let cleaned: String = title
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim().trim_matches('\'').trim();
    let base = if cleaned.is_empty() { "Sheet" } else { cleaned };
    let mut n = 1;
    loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!(" ({n})")
        };
        let room = MAX - suffix.chars().count();
        let mut name: String = base.chars().take(room).collect();
        name = name.trim_end_matches('\'').to_owned();
        name.push_str(&suffix);
        let lower = name.to_lowercase();
        if !taken.iter().any(|t| t.to_lowercase() == lower) {
            taken.push(name.clone());
            return name;
        }
        n += 1;
    }
}

/// CSV as Excel opens it correctly: UTF-8 with a byte order mark, CRLF line ends, and every field
/// that holds a comma, a quote or a line break quoted, its quotes doubled (RFC 4180).
pub(crate) fn csv(rows: impl IntoIterator<Item = Vec<String>>) -> Vec<u8> {
    let mut out = "\u{feff}".to_owned();
    for row in rows {
        let fields: Vec<String> = row
            .iter()
            .map(|field| {
                if field.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", field.replace('"', "\"\""))
                } else {
                    field.clone()
                }
            })
            .collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_follow_excels_rules() {
        let mut taken = Vec::new();
        assert_eq!(sheet_name("组织与责任", &mut taken), "组织与责任");
        assert_eq!(sheet_name("A/B: [x]?*\\", &mut taken), "A_B_ _x____");
        let long = "Data classification, grading and the catalogue of important data";
        let first = sheet_name(long, &mut taken);
        assert_eq!(first.chars().count(), 31);
        let second = sheet_name(long, &mut taken);
        assert_eq!(second.chars().count(), 31);
        assert!(second.ends_with(" (2)"), "{second}");
        assert_eq!(sheet_name("组织与责任", &mut taken), "组织与责任 (2)");
        assert_eq!(sheet_name("'quoted'", &mut taken), "quoted");
        assert_eq!(sheet_name("  ", &mut taken), "Sheet");
    }

    #[test]
    fn csv_quotes_what_needs_quoting_and_starts_with_a_bom() {
        let bytes = csv([
            vec!["a".to_owned(), "b,c".to_owned()],
            vec!["say \"hi\"".to_owned(), "two\nlines".to_owned()],
        ]);
        let text = String::from_utf8(bytes).unwrap_or_default();
        assert_eq!(
            text,
            "\u{feff}a,\"b,c\"\r\n\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
        );
    }
}
