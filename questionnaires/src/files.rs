//! Content as files arrive from a directory or the binary: bytes that may not be text, sorted
//! into catalog and questionnaire files by [`role`]. A file that cannot be read or is not UTF-8
//! becomes one diagnostic at `file:1:1`, and loading goes on with every other file, so that an
//! author sees every problem in one pass.

use crate::diagnostic::{Diagnostic, Severity};
use crate::load::{Loaded, load};
pub use crate::role::{Role, role};
use crate::source::SourceFile;

/// A file found under the content root, before it is decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawFile {
    /// Relative to the content root, `/`-separated: `catalog/DSL.md`.
    pub path: String,
    /// The file's bytes, or why they could not be read.
    pub bytes: Result<Vec<u8>, String>,
}

/// The content files, decoded, and what was wrong with the others.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sources {
    pub catalog: Vec<SourceFile>,
    pub questionnaires: Vec<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Sorts `files` by their role and decodes them; diagnostics name each file as `prefix` +
/// its path. Files come out sorted by path.
pub fn sources(mut files: Vec<RawFile>, prefix: &str) -> Sources {
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut out = Sources::default();
    for file in files {
        let shown = format!("{prefix}{}", file.path);
        let list = match role(&file.path) {
            Role::Catalog => &mut out.catalog,
            Role::Questionnaire => &mut out.questionnaires,
            Role::Ignored => continue,
            Role::Misplaced => {
                out.diagnostics.push(whole_file(
                    Severity::Warning,
                    shown,
                    "this file is not read: content is the Markdown files in catalog/ and in \
                     each questionnaire directory content/<id>/"
                        .to_owned(),
                    "move it there as a `.md` file, or out of catalog/ and content/",
                ));
                continue;
            }
        };
        match file.bytes {
            Err(reason) => out.diagnostics.push(whole_file(
                Severity::Error,
                shown,
                format!("cannot read the file: {reason}"),
                "check that the file exists and can be read",
            )),
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => list.push(SourceFile::new(shown, text)),
                Err(error) => {
                    let bytes = error.as_bytes();
                    let offset = error.utf8_error().valid_up_to();
                    let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
                    out.diagnostics.push(whole_file(
                        Severity::Error,
                        shown,
                        format!(
                            "the file is not valid UTF-8: the first invalid byte sequence is at \
                             byte {offset} (line {line})"
                        ),
                        "save the file as UTF-8 (without other encodings such as GBK)",
                    ));
                }
            },
        }
    }
    out
}

/// Loads content from raw files: [`sources`], then [`load`], with the diagnostics of both.
pub fn load_files(files: Vec<RawFile>, prefix: &str) -> Loaded {
    let sources = sources(files, prefix);
    let mut loaded = load(&sources.catalog, &sources.questionnaires);
    let mut diagnostics = sources.diagnostics;
    diagnostics.append(&mut loaded.diagnostics);
    loaded.diagnostics = diagnostics;
    loaded
}

/// A diagnostic about a whole file, at its first line and column.
fn whole_file(severity: Severity, file: String, message: String, hint: &str) -> Diagnostic {
    Diagnostic {
        severity,
        file,
        line: 1,
        column: 1,
        width: 1,
        message,
        hint: hint.to_owned(),
        source_line: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(path: &str, bytes: &[u8]) -> RawFile {
        RawFile {
            path: path.to_owned(),
            bytes: Ok(bytes.to_vec()),
        }
    }

    #[test]
    fn files_are_sorted_by_role() {
        assert_eq!(role("catalog/DSL.md"), Role::Catalog);
        assert_eq!(role("content/q/01-gov.md"), Role::Questionnaire);
        assert_eq!(role("content/q/drafts/01-gov.md"), Role::Misplaced);
        assert_eq!(role("content/README.md"), Role::Misplaced);
        assert_eq!(role("notes.md"), Role::Misplaced);
        assert_eq!(role("content/q/notes.txt"), Role::Misplaced);
        assert_eq!(role("content/q/.01-gov.md.swp"), Role::Ignored);
        assert_eq!(role("content/.git/x.md"), Role::Ignored);
    }

    #[test]
    fn an_invalid_utf8_file_is_one_error_at_its_start_naming_the_byte() {
        let files = vec![
            raw("content/q/02-b.md", b"ok\n\xff\xfe"),
            raw("catalog/DSL.md", b"text"),
            RawFile {
                path: "content/q/03-c.md".to_owned(),
                bytes: Err("permission denied".to_owned()),
            },
            raw("content/q/01-a.md", b"text"),
        ];
        let s = sources(files, "root/");
        assert_eq!(s.catalog.len(), 1);
        assert_eq!(s.questionnaires.len(), 1);
        assert_eq!(s.questionnaires[0].path, "root/content/q/01-a.md");
        assert_eq!(s.diagnostics.len(), 2);
        let utf8 = &s.diagnostics[0];
        assert_eq!(
            (utf8.file.as_str(), utf8.line, utf8.column),
            ("root/content/q/02-b.md", 1, 1)
        );
        assert!(utf8.is_error());
        assert!(utf8.message.contains("byte 3 (line 2)"), "{}", utf8.message);
        assert!(s.diagnostics[1].message.contains("permission denied"));
    }
}
