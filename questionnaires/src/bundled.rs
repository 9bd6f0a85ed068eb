//! The content embedded at compile time (feature `bundled`): the files under
//! `questionnaires/catalog/` and `questionnaires/content/<id>/`, as `build.rs` found them.

use crate::load::{Loaded, load};
use crate::source::SourceFile;

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// The embedded catalog files and questionnaire files, sorted by path, ready for [`load`].
/// Paths read `questionnaires/catalog/DSL.md`, `questionnaires/content/<id>/01-gov.md`.
pub fn bundled_sources() -> (Vec<SourceFile>, Vec<SourceFile>) {
    let files = |list: &[(&str, &str)]| {
        list.iter()
            .map(|(path, text)| SourceFile::new(*path, *text))
            .collect()
    };
    (files(CATALOG), files(CONTENT))
}

/// Loads the embedded content.
pub fn load_bundled() -> Loaded {
    let (catalog, content) = bundled_sources();
    load(&catalog, &content)
}
