//! Diagnostics: what the loader says about the content, each pinned to a file, line and column,
//! with a hint that says how to fix it. They render like rustc's messages so that authors read
//! them the way they read compiler output, and serialise to JSON for tools.

use std::fmt;

use serde::Serialize;

use crate::source::{LineIndex, SourceFile, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The content cannot be used until it is fixed.
    Error,
    /// The content works, but something is missing or dated (an English text, an old citation).
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One finding of the loader.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The path of the file as given to the loader.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters of the line.
    pub column: usize,
    /// How many characters the finding covers on its line (at least 1): the caret's length.
    pub width: usize,
    pub message: String,
    /// What to do about it.
    pub hint: String,
    /// The source line the finding is on, so that the diagnostic renders on its own.
    pub source_line: String,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// Renders like rustc:
    ///
    /// ```text
    /// error: unknown instrument `DSLX`
    ///   --> questionnaires/content/q/01-gov.md:12:7
    ///    |
    /// 12 | cite: DSLX 27.1
    ///    |       ^^^^
    ///    = hint: the catalog has DSL, PIPL
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let number = self.line.to_string();
        let pad = " ".repeat(number.len());
        writeln!(f, "{}: {}", self.severity, self.message)?;
        writeln!(f, "{pad}--> {}:{}:{}", self.file, self.line, self.column)?;
        if !self.source_line.is_empty() {
            // Pad with the line's own tabs and with two columns for wide (CJK) characters, so
            // that the caret sits under the offending text in a terminal.
            let mut indent = String::new();
            for c in self.source_line.chars().take(self.column.saturating_sub(1)) {
                match c {
                    '\t' => indent.push('\t'),
                    c if is_wide(c) => indent.push_str("  "),
                    _ => indent.push(' '),
                }
            }
            let carets: usize = self
                .source_line
                .chars()
                .skip(self.column.saturating_sub(1))
                .take(self.width.max(1))
                .map(|c| if is_wide(c) { 2 } else { 1 })
                .sum();
            writeln!(f, "{pad} |")?;
            writeln!(f, "{number} | {}", self.source_line)?;
            writeln!(f, "{pad} | {indent}{}", "^".repeat(carets.max(1)))?;
        }
        if !self.hint.is_empty() {
            writeln!(f, "{pad} = hint: {}", self.hint)?;
        }
        Ok(())
    }
}

/// Renders diagnostics one after the other, separated by blank lines, followed by a summary
/// line such as `2 errors, 1 warning` (nothing when there are none).
pub fn render(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if !diagnostics.is_empty() {
        out.push_str(&format!(
            "{}, {}\n",
            plural(errors, "error"),
            plural(warnings, "warning")
        ));
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Whether a character takes two columns in a terminal (East Asian wide and full-width).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Collects the diagnostics of one file, turning byte spans into lines and columns.
pub(crate) struct Reporter<'a> {
    file: &'a SourceFile,
    lines: LineIndex,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl<'a> Reporter<'a> {
    pub(crate) fn new(file: &'a SourceFile) -> Reporter<'a> {
        Reporter {
            file,
            lines: LineIndex::new(&file.text),
            diagnostics: Vec::new(),
        }
    }

    pub(crate) fn text(&self) -> &'a str {
        &self.file.text
    }

    pub(crate) fn path(&self) -> &'a str {
        &self.file.path
    }

    /// The 1-based line of a byte offset.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.lines.position(self.text(), offset).0
    }

    pub(crate) fn error(&mut self, at: Span, message: impl Into<String>, hint: impl Into<String>) {
        self.push(Severity::Error, at, message.into(), hint.into());
    }

    pub(crate) fn warning(
        &mut self,
        at: Span,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(Severity::Warning, at, message.into(), hint.into());
    }

    fn push(&mut self, severity: Severity, at: Span, message: String, hint: String) {
        let text = self.text();
        let (line, column) = self.lines.position(text, at.start);
        let source_line = self.lines.line(text, line);
        // The caret covers the span up to the end of its first line.
        let rest: usize = source_line.chars().count().saturating_sub(column - 1);
        let start = crate::source::floor_boundary(text, at.start);
        let end = crate::source::floor_boundary(text, at.end.max(start));
        let width = text[start..end]
            .chars()
            .take_while(|&c| c != '\n')
            .count()
            .min(rest)
            .max(1);
        self.diagnostics.push(Diagnostic {
            severity,
            file: self.file.path.clone(),
            line,
            column,
            width,
            message,
            hint,
            source_line: source_line.to_owned(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_rustc_with_the_caret_under_wide_characters() {
        let file = SourceFile::new("q/01-gov.md", "x\ncite: 《数据法》第一条\n");
        let mut r = Reporter::new(&file);
        let at = file.text.find('《').expect("present");
        r.error(
            at..at + "《数据法》".len(),
            "unknown instrument `数据法`",
            "check the name",
        );
        let d = &r.diagnostics[0];
        assert_eq!((d.line, d.column, d.width), (2, 7, 5));
        assert_eq!(
            d.to_string(),
            "error: unknown instrument `数据法`\n --> q/01-gov.md:2:7\n  |\n2 | cite: 《数据法》第一条\n  |       ^^^^^^^^^^\n  = hint: check the name\n"
        );
        assert_eq!(
            render(&r.diagnostics).lines().last(),
            Some("1 error, 0 warnings")
        );
    }

    #[test]
    fn diagnostics_serialise_for_tools() {
        let file = SourceFile::new("a.md", "weight: 9\n");
        let mut r = Reporter::new(&file);
        r.error(8..9, "weight `9` is out of range", "1 to 5");
        let json = serde_json::to_value(&r.diagnostics[0]).expect("serialisable");
        assert_eq!(
            json,
            serde_json::json!({
                "severity": "error", "file": "a.md", "line": 1, "column": 9, "width": 1,
                "message": "weight `9` is out of range", "hint": "1 to 5", "source_line": "weight: 9"
            })
        );
    }

    #[test]
    fn a_span_at_the_end_of_the_file_still_has_a_caret() {
        let file = SourceFile::new("a.md", "abc");
        let mut r = Reporter::new(&file);
        r.warning(3..3, "m", "h");
        let d = &r.diagnostics[0];
        assert_eq!((d.line, d.column, d.width), (1, 4, 1));
    }
}
