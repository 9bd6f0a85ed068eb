//! The questionnaires and the regulation catalog the server works with: the copy built into the
//! binary, or a directory given on the command line. Content with errors is refused with the
//! same diagnostics `ziping check` prints.

use std::path::{Path, PathBuf};

use anyhow::Context;
use questionnaires::{Library, SourceFile};

use crate::config::ContentArgs;

/// Loads and validates the content; errors make this fail with every diagnostic rendered.
pub fn load(args: &ContentArgs) -> anyhow::Result<Library> {
    let (catalog, questionnaires) = sources(args.questionnaires.as_deref())?;
    let loaded = questionnaires::load(&catalog, &questionnaires);
    if loaded.diagnostics.iter().any(|d| d.is_error()) {
        anyhow::bail!(
            "the questionnaires have errors; nothing was started:\n{}",
            questionnaires::render(&loaded.diagnostics)
        );
    }
    Ok(loaded.library)
}

/// The source files: `(catalog, questionnaires)`, from `dir` or built in.
pub fn sources(dir: Option<&Path>) -> anyhow::Result<(Vec<SourceFile>, Vec<SourceFile>)> {
    match dir {
        None => Ok(questionnaires::bundled_sources()),
        Some(dir) => Ok((
            read_markdown(dir, &dir.join("catalog"))?,
            read_markdown(dir, &dir.join("content"))?,
        )),
    }
}

/// Every `.md` file below `dir`, sorted by path, named relative to `root`.
fn read_markdown(root: &Path, dir: &Path) -> anyhow::Result<Vec<SourceFile>> {
    let mut paths = Vec::new();
    collect(dir, &mut paths)?;
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let name = path.strip_prefix(root).unwrap_or(&path);
            Ok(SourceFile::new(
                name.to_string_lossy().replace('\\', "/"),
                text,
            ))
        })
        .collect()
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
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    Ok(())
}
