//! With the `bundled` feature, embeds the catalog and questionnaire files: writes
//! `$OUT_DIR/bundled.rs` with one `include_bytes!` per file under `catalog/` and `content/`
//! that `src/role.rs` does not pass over (a misplaced file is embedded too, so that the loader
//! warns about it as it does for a directory given at run time), sorted by path, so that the server binary
//! carries its content and rebuilds when a file changes. Decoding happens in the loader, which
//! reports a file that is not UTF-8 like any other mistake.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

#[path = "src/role.rs"]
mod role;

fn main() -> io::Result<()> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/role.rs");
    if std::env::var_os("CARGO_FEATURE_BUNDLED").is_none() {
        return Ok(());
    }
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(io::Error::other)?);
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(io::Error::other)?);
    // A directory given to rerun-if-changed is scanned for changes to any file inside it.
    println!("cargo::rerun-if-changed=catalog");
    println!("cargo::rerun-if-changed=content");

    let mut files = Vec::new();
    for dir in ["catalog", "content"] {
        walk(&root.join(dir), &mut files)?;
    }
    let mut embedded = Vec::new();
    for file in files {
        let relative = file
            .strip_prefix(&root)
            .map_err(io::Error::other)?
            .to_string_lossy()
            .replace('\\', "/");
        if role::role(&relative) != role::Role::Ignored {
            embedded.push((relative, file));
        }
    }
    embedded.sort();
    let mut code =
        String::from("// Written by build.rs: the content files embedded at compile time.\n");
    code.push_str("pub(crate) static FILES: &[(&str, &[u8])] = &[\n");
    for (relative, file) in &embedded {
        code.push_str(&format!(
            "    ({relative:?}, include_bytes!({:?})),\n",
            file.to_string_lossy()
        ));
    }
    code.push_str("];\n");
    fs::write(out.join("bundled.rs"), code)
}

/// Every regular file below `dir`; nothing when the directory does not exist.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.is_file() {
            out.push(path);
        }
    }
    Ok(())
}
