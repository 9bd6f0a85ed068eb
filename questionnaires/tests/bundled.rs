//! With the `bundled` feature, the embedded files are exactly the content files on disk: every
//! catalog file and every Markdown file of every questionnaire directory, sorted, with the same
//! text.
//! Run with `cargo test -p questionnaires --features bundled --test bundled`.

#![cfg(feature = "bundled")]
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};

use questionnaires::bundled_sources;

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    paths.retain(|p| {
        let name = p.file_name().unwrap().to_string_lossy();
        !name.starts_with('.') && (p.is_dir() || name.ends_with(".md"))
    });
    paths.sort();
    paths
}

#[test]
fn the_embedded_content_is_the_content_on_disk() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut on_disk: Vec<PathBuf> = files(&root.join("catalog"));
    for dir in files(&root.join("content"))
        .into_iter()
        .filter(|p| p.is_dir())
    {
        on_disk.extend(files(&dir));
    }
    // The embedded files are sorted by their path as text (`miit-data-security-2026.2/` before
    // `miit-data-security/`, since `-` sorts before `/`), not directory by directory.
    on_disk.sort_by_key(|p| p.to_string_lossy().replace('\\', "/"));
    let sources = bundled_sources();
    assert!(sources.diagnostics.is_empty(), "{:?}", sources.diagnostics);
    let (catalog, content) = (sources.catalog, sources.questionnaires);
    let embedded: Vec<_> = catalog.iter().chain(&content).collect();
    assert_eq!(embedded.len(), on_disk.len());
    for (file, path) in embedded.iter().zip(&on_disk) {
        let relative = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        assert_eq!(file.path, format!("questionnaires/{relative}"));
        assert_eq!(
            file.text,
            fs::read_to_string(path).unwrap(),
            "{}",
            file.path
        );
    }
    assert!(
        catalog
            .iter()
            .all(|f| f.path.starts_with("questionnaires/catalog/"))
    );
}
