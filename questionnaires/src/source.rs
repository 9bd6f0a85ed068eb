//! Source files as the loader receives them, and the mapping from byte offsets to the
//! 1-based line and column (counted in characters) that every diagnostic carries.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// A byte range in a source file.
pub type Span = Range<usize>;

/// One input file: its path (as shown in diagnostics, e.g.
/// `questionnaires/content/miit-data-security/01-gov.md`) and its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: text.into(),
        }
    }

    /// The file name: the part of the path after the last `/` (or `\`).
    pub fn file_name(&self) -> &str {
        split_path(&self.path).1
    }

    /// The directory part of the path, without the trailing separator; empty for a bare name.
    pub fn dir(&self) -> &str {
        split_path(&self.path).0
    }
}

fn split_path(path: &str) -> (&str, &str) {
    match path.rfind(['/', '\\']) {
        Some(i) => (&path[..i], &path[i + 1..]),
        None => ("", path),
    }
}

/// Line starts of a text, for turning byte offsets into positions.
#[derive(Clone, Debug)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The 1-based line and 1-based column (in characters) of a byte offset. Offsets past the
    /// end or inside a character are moved back to the nearest character boundary.
    pub(crate) fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_boundary(text, offset);
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        (line, text[start..offset].chars().count() + 1)
    }

    /// The text of a 1-based line, without its line break.
    pub(crate) fn line<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let Some(&start) = self.starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self.starts.get(line).map_or(text.len(), |&next| next - 1);
        let start = start.min(text.len());
        let end = end.clamp(start, text.len());
        text[start..end].trim_end_matches('\r')
    }
}

/// The largest character boundary at or before `offset`, within the text.
pub(crate) fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "ab\n数据安全 x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), (1, 1));
        assert_eq!(index.position(text, 3), (2, 1));
        let x = text.find('x').expect("x is in the text");
        assert_eq!(index.position(text, x), (2, 6));
        assert_eq!(index.line(text, 2), "数据安全 x");
        assert_eq!(index.line(text, 3), "");
        assert_eq!(index.line(text, 9), "");
        // Inside a character and past the end are clamped, never a panic.
        assert_eq!(index.position(text, 4), (2, 1));
        assert_eq!(index.position(text, 999), (3, 1));
    }

    #[test]
    fn paths_split_into_directory_and_name() {
        let f = SourceFile::new("questionnaires/content/q/01-gov.md", "");
        assert_eq!(f.dir(), "questionnaires/content/q");
        assert_eq!(f.file_name(), "01-gov.md");
        assert_eq!(SourceFile::new("x.md", "").dir(), "");
    }
}
