//! The questionnaires and the regulation catalog the server works with: the copy built into the
//! binary, or a directory given on the command line. Which files count is decided by
//! `questionnaires::files`, the same for both; a file that cannot be read or decoded is one
//! diagnostic among the others. Content with errors is refused with the same diagnostics
//! `ziping check` prints.

use std::path::{Path, PathBuf};

use anyhow::Context;
use questionnaires::{Library, Loaded, RawFile};

use crate::config::ContentArgs;

/// Loads and validates the content; errors make this fail with every diagnostic rendered.
pub fn load(args: &ContentArgs) -> anyhow::Result<Library> {
    let loaded = load_all(args.questionnaires.as_deref())?;
    if loaded.diagnostics.iter().any(|d| d.is_error()) {
        anyhow::bail!(
            "the questionnaires have errors; nothing was started:\n{}",
            questionnaires::render(&loaded.diagnostics)
        );
    }
    Ok(loaded.library)
}

/// Loads the content of `dir` (its `catalog/` and `content/`), or the built-in copy, with every
/// diagnostic. Fails only when `dir` itself cannot be read.
pub fn load_all(dir: Option<&Path>) -> anyhow::Result<Loaded> {
    Ok(match dir {
        None => questionnaires::load_bundled(),
        Some(dir) => questionnaires::load_files(read_tree(dir)?, ""),
    })
}

/// Every file below `dir`'s `catalog/` and `content/`, named relative to `dir`; a file that
/// cannot be read carries the reason instead of its bytes.
fn read_tree(dir: &Path) -> anyhow::Result<Vec<RawFile>> {
    std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the directory {}", dir.display()))?;
    let mut paths = Vec::new();
    for part in ["catalog", "content"] {
        let sub = dir.join(part);
        if sub.is_dir() {
            collect(&sub, &mut paths)?;
        }
    }
    Ok(paths
        .into_iter()
        .map(|path| {
            let name = path.strip_prefix(dir).unwrap_or(&path);
            RawFile {
                path: name.to_string_lossy().replace('\\', "/"),
                bytes: std::fs::read(&path).map_err(|e| e.to_string()),
            }
        })
        .collect())
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the directory {}", dir.display()))?;
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot read {}", dir.display()))?
            .path();
        if path.is_dir() {
            collect(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}
