//! With the `bundled` feature, embeds the catalog and questionnaire files: writes
//! `$OUT_DIR/bundled.rs` with one `include_str!` per file, sorted by path, so that the server
//! binary carries its content and rebuilds when a file changes.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

fn main() -> io::Result<()> {
    println!("cargo::rerun-if-changed=build.rs");
    if std::env::var_os("CARGO_FEATURE_BUNDLED").is_none() {
        return Ok(());
    }
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(io::Error::other)?);
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(io::Error::other)?);
    // A directory given to rerun-if-changed is scanned for changes to any file inside it.
    println!("cargo::rerun-if-changed=catalog");
    println!("cargo::rerun-if-changed=content");

    let catalog = files_in(&root.join("catalog"))?;
    let mut content = Vec::new();
    for dir in dirs_in(&root.join("content"))? {
        content.extend(files_in(&dir)?);
    }
    let mut code =
        String::from("// Written by build.rs: the content files embedded at compile time.\n");
    for (name, files) in [("CATALOG", &catalog), ("CONTENT", &content)] {
        code.push_str(&format!("pub(crate) static {name}: &[(&str, &str)] = &[\n"));
        for file in files {
            let relative = file.strip_prefix(&root).map_err(io::Error::other)?;
            let shown = format!(
                "questionnaires/{}",
                relative.to_string_lossy().replace('\\', "/")
            );
            code.push_str(&format!(
                "    ({shown:?}, include_str!({:?})),\n",
                file.to_string_lossy()
            ));
        }
        code.push_str("];\n");
    }
    fs::write(out.join("bundled.rs"), code)
}

/// The regular files directly in `dir`, sorted; none when the directory does not exist.
fn files_in(dir: &Path) -> io::Result<Vec<PathBuf>> {
    entries(dir, |p| p.is_file())
}

fn dirs_in(dir: &Path) -> io::Result<Vec<PathBuf>> {
    entries(dir, |p| p.is_dir())
}

fn entries(dir: &Path, keep: fn(&Path) -> bool) -> io::Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if keep(&path) && !hidden {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}
