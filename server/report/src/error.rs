//! The errors of rendering a report. Each says what went wrong and where, so that a person can
//! fix the data (or install the font) and try again.

use crate::layout::describe_chars;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Text needs characters the font cannot draw. `where` names the first place found, e.g.
    /// "the note of question GOV-01".
    #[error(
        "the report font has no glyph for {} (in {where}); remove or replace the character",
        describe_chars(chars)
    )]
    MissingGlyphs { chars: Vec<char>, r#where: String },
    /// The snapshot cannot be scored, e.g. a 不适用 answer without its reason.
    #[error("the assessment cannot be scored: {0}")]
    Score(String),
    /// printpdf or lopdf could not build the document.
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
    /// The Word package could not be written.
    #[error("the Word document could not be written: {0}")]
    Docx(String),
}
