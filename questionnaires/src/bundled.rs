//! The content embedded at compile time (feature `bundled`): the files under
//! `questionnaires/catalog/` and `questionnaires/content/`, as `build.rs` found them, sorted
//! into catalog and questionnaire files by the same rules as a directory given at run time.

use crate::files::{RawFile, Sources, load_files, sources};
use crate::load::Loaded;

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// Where the embedded files are shown to come from in diagnostics.
const PREFIX: &str = "questionnaires/";

/// The embedded files, paths relative to `questionnaires/`.
pub fn bundled_files() -> Vec<RawFile> {
    FILES
        .iter()
        .map(|(path, bytes)| RawFile {
            path: (*path).to_owned(),
            bytes: Ok(bytes.to_vec()),
        })
        .collect()
}

/// The embedded catalog and questionnaire files, decoded and sorted by path. Paths read
/// `questionnaires/catalog/DSL.md`, `questionnaires/content/<id>/01-gov.md`.
pub fn bundled_sources() -> Sources {
    sources(bundled_files(), PREFIX)
}

/// Loads the embedded content.
pub fn load_bundled() -> Loaded {
    load_files(bundled_files(), PREFIX)
}
