//! Checks the catalog and the questionnaires of a content directory and prints what the loader
//! found, like a compiler: `cargo run -p questionnaires --example check [DIR] [--format json]`.
//! DIR (default `questionnaires`) holds `catalog/*.md` and `content/<id>/*`. Exits with 1 when
//! there are errors. With `--diff FROM TO [--questionnaire ID]` it prints what changed between two
//! versions of a questionnaire instead.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use questionnaires::diff::Rendered;
use questionnaires::{Library, SourceFile, Stats, load, render};

fn main() -> ExitCode {
    let mut dir = PathBuf::from("questionnaires");
    let mut json = false;
    let mut compare: Option<(String, String)> = None;
    let mut questionnaire: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--format" => match args.next().as_deref() {
                Some("json") => json = true,
                Some("human") => json = false,
                other => return usage(&format!("unknown format {other:?}")),
            },
            "--format=json" => json = true,
            "--diff" => match (args.next(), args.next()) {
                (Some(from), Some(to)) => compare = Some((from, to)),
                _ => return usage("--diff needs two versions"),
            },
            "--questionnaire" => match args.next() {
                Some(id) => questionnaire = Some(id),
                None => return usage("--questionnaire needs an id"),
            },
            "-h" | "--help" => return usage(""),
            _ if arg.starts_with('-') => return usage(&format!("unknown option {arg}")),
            _ => dir = PathBuf::from(arg),
        }
    }
    let (catalog, content) = match read_content(&dir) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let loaded = load(&catalog, &content);
    if let Some((from, to)) = compare {
        return print_diff(&loaded.library, questionnaire.as_deref(), &from, &to, json);
    }
    let stats = Stats::of(&loaded.library);
    let output = if json {
        let report = serde_json::json!({ "diagnostics": loaded.diagnostics, "stats": stats });
        serde_json::to_string_pretty(&report)
            .map(|s| s + "\n")
            .unwrap_or_else(|e| e.to_string())
    } else {
        format!("{}{stats}", render(&loaded.diagnostics))
    };
    // A closed pipe (`check | head`) is not an error worth a panic.
    let _ = std::io::stdout().lock().write_all(output.as_bytes());
    if loaded.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints what changed between two versions of a questionnaire, with the declared reasons.
fn print_diff(
    library: &Library,
    questionnaire: Option<&str>,
    from: &str,
    to: &str,
    json: bool,
) -> ExitCode {
    let d = match library.compare(questionnaire, from, to) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let declared = library.changes(&d.questionnaire, &d.to);
    let output = if json {
        let report = serde_json::json!({ "diff": d, "declared": declared });
        serde_json::to_string_pretty(&report)
            .map(|s| s + "\n")
            .unwrap_or_else(|e| e.to_string())
    } else {
        Rendered { diff: &d, declared }.to_string()
    };
    let _ = std::io::stdout().lock().write_all(output.as_bytes());
    ExitCode::SUCCESS
}

fn usage(problem: &str) -> ExitCode {
    if !problem.is_empty() {
        eprintln!("error: {problem}");
    }
    eprintln!("usage: check [DIR] [--format human|json] [--diff FROM TO [--questionnaire ID]]");
    ExitCode::from(2)
}

/// Reads `DIR/catalog/*.md` and every file of every directory `DIR/content/<id>/`.
fn read_content(dir: &Path) -> Result<(Vec<SourceFile>, Vec<SourceFile>), String> {
    if !dir.is_dir() {
        return Err(format!("{} is not a directory", dir.display()));
    }
    let catalog = files(&dir.join("catalog"))?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"));
    let catalog = catalog.map(|p| read(&p)).collect::<Result<_, _>>()?;
    let mut content = Vec::new();
    for sub in files(&dir.join("content"))?
        .into_iter()
        .filter(|p| p.is_dir())
    {
        for file in files(&sub)?.into_iter().filter(|p| p.is_file()) {
            content.push(read(&file)?);
        }
    }
    Ok((catalog, content))
}

/// The entries of a directory, sorted, without hidden ones; none if it does not exist.
fn files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .path();
        if !path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

fn read(path: &Path) -> Result<SourceFile, String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(SourceFile::new(
        path.to_string_lossy().replace('\\', "/"),
        text,
    ))
}
