//! Data-driven loader tests. Each directory under `tests/fixtures/` is a case: a small
//! `catalog/` and one or more questionnaire directories under `content/`, read the way the
//! server reads a directory (`questionnaires::files` decides which files count), with the expected
//! output beside them in `expected.txt` (the rendered diagnostics, the counts and a dump of the
//! model) and, for valid cases, `model.json` (the full model). Cases named `valid-*` must load
//! without errors.
//!
//! After a deliberate change, refresh the snapshots with `UPDATE_EXPECT=1 cargo test -p
//! questionnaires --test fixtures` and review the diff.

#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use questionnaires::{
    Condition, Divisions, FactKind, Library, Loaded, RawFile, Stats, load_files, render,
};

#[test]
fn every_fixture_matches_its_snapshot() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut cases: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 5,
        "fixtures are missing from {}",
        root.display()
    );
    let failures: Vec<String> = cases.iter().filter_map(|case| check(case).err()).collect();
    assert!(
        failures.is_empty(),
        "{} fixture(s) differ:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Loads one case and compares the output with its snapshots (or rewrites them when
/// `UPDATE_EXPECT` is set).
fn check(case: &Path) -> Result<(), String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let loaded = load_files(read_case(case), "");
    if name.starts_with("valid") && loaded.has_errors() {
        return Err(format!(
            "{name}: a valid case has errors:\n{}",
            render(&loaded.diagnostics)
        ));
    }
    let mut snapshots = vec![("expected.txt", output(&loaded))];
    if name.starts_with("valid") {
        snapshots.push((
            "model.json",
            serde_json::to_string_pretty(&loaded.library).unwrap() + "\n",
        ));
    }
    let mut differ = Vec::new();
    for (file, actual) in snapshots {
        let path = case.join(file);
        let expected = fs::read_to_string(&path).unwrap_or_default();
        if expected == actual {
            continue;
        }
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            fs::write(&path, &actual).unwrap();
        } else {
            differ.push(format!("{name}/{file}:\n{}", diff(&expected, &actual)));
        }
    }
    if differ.is_empty() {
        Ok(())
    } else {
        Err(differ.join("\n"))
    }
}

/// Every file of a case below `catalog/` and `content/`, with paths relative to the case, as
/// the server reads a directory given with `--questionnaires`.
fn read_case(case: &Path) -> Vec<RawFile> {
    let mut paths = Vec::new();
    for part in ["catalog", "content"] {
        walk(&case.join(part), &mut paths);
    }
    paths
        .into_iter()
        .map(|path| RawFile {
            path: path
                .strip_prefix(case)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/"),
            bytes: fs::read(&path).map_err(|e| e.to_string()),
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for path in entries.map(|e| e.unwrap().path()) {
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn output(loaded: &Loaded) -> String {
    let mut out = String::from("## diagnostics\n\n");
    out.push_str(&render(&loaded.diagnostics));
    out.push_str("\n## counts\n\n");
    out.push_str(&Stats::of(&loaded.library).to_string());
    out.push_str("\n## model\n\n");
    out.push_str(&dump(&loaded.library));
    let versions = versions(&loaded.library);
    if !versions.is_empty() {
        out.push_str("\n## versions\n\n");
        out.push_str(&versions);
    }
    out
}

/// The recorded versions of the instruments, how current each questionnaire is with what it
/// cites (where an instrument records versions), and the difference of every questionnaire
/// version from the one before, as `ziping check --diff` prints it.
fn versions(library: &Library) -> String {
    let mut s = String::new();
    for h in &library.histories {
        let versions: Vec<String> = h
            .versions
            .iter()
            .map(|v| format!("{} ({} | {})", v.effective, v.label.zh, v.label.en))
            .collect();
        let _ = writeln!(s, "history {}: {}", h.instrument, versions.join(", "));
        for a in &h.articles {
            let mut what = Vec::new();
            if !a.amended.is_empty() {
                what.push(format!("amended {}", a.amended.join(", ")));
            }
            if let Some(from) = a.renumbered_from {
                what.push(format!("renumbered from {from}"));
            }
            let _ = writeln!(s, "  article {}: {}", a.article, what.join("; "));
        }
    }
    for q in &library.questionnaires {
        for i in library.instruments_cited(q) {
            if i.version.is_none() {
                continue;
            }
            let later: Vec<&str> = i
                .later_versions
                .iter()
                .map(|v| v.effective.as_str())
                .collect();
            let changed: Vec<String> = i.changed_since.iter().map(ToString::to_string).collect();
            let _ = writeln!(
                s,
                "{} {} cites {} current to {}; later versions [{}]; changed since [{}]",
                q.id,
                q.version,
                i.instrument,
                i.current_to,
                later.join(", "),
                changed.join("; ")
            );
        }
    }
    for q in &library.questionnaires {
        if let Some(previous) = library.previous(q) {
            let d = questionnaires::diff(previous, q);
            let declared = library.changes(&q.id, &q.version);
            if !s.is_empty() {
                s.push('\n');
            }
            s.push_str(&questionnaires::diff::Rendered { diff: &d, declared }.to_string());
        }
    }
    s
}

/// A compact, reviewable outline of the model: every field except the long texts, which
/// `model.json` holds in full.
fn dump(library: &Library) -> String {
    let mut s = String::new();
    for i in &library.catalog.instruments {
        let divisions = match &i.divisions {
            Divisions::Articles => format!("{} articles", i.article_count),
            Divisions::Parts { numbering, .. } => {
                format!("{} parts, items numbered {numbering:?}", i.article_count)
            }
        };
        let _ = writeln!(
            s,
            "instrument {} {:?} ({} | {}), {divisions}, effective {}",
            i.id, i.status, i.short.zh, i.short.en, i.effective
        );
        let unit = match i.divisions {
            Divisions::Articles => "article",
            Divisions::Parts { .. } => "part",
        };
        for a in &i.articles {
            let mut penalty = a
                .penalty
                .as_ref()
                .map(|p| format!(", penalty {p}"))
                .unwrap_or_default();
            for pp in &a.paragraph_penalties {
                let _ = write!(penalty, ", penalty.{} {}", pp.paragraph, pp.penalty);
            }
            let text = if a.official_text.is_some() {
                ", with official text"
            } else {
                ""
            };
            let paragraphs = match i.divisions {
                Divisions::Articles => format!("{} paragraphs", a.paragraphs),
                Divisions::Parts { .. } => "part".to_owned(),
            };
            let _ = writeln!(s, "  {unit} {} ({paragraphs}{penalty}{text})", a.number);
            for item in i.items().iter().filter(|item| item.part == a.number) {
                let text = if item.official_text.is_some() {
                    " (with official text)"
                } else {
                    ""
                };
                let _ = writeln!(s, "    item {}.{}{text}", item.part, item.number);
            }
        }
    }
    for q in &library.questionnaires {
        let t = q.thresholds;
        let _ = writeln!(
            s,
            "questionnaire {} {} ({} | {}), effective {}, thresholds {}/{}",
            q.id, q.version, q.title.zh, q.title.en, q.effective, t.ready, t.largely_ready
        );
        for f in &q.profile {
            let kind = match &f.kind {
                FactKind::YesNo => "yes-no".to_owned(),
                FactKind::OneOf { options } => {
                    let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
                    format!("one-of {}", ids.join(" < "))
                }
            };
            let _ = writeln!(s, "  fact {} {kind}{}", f.id, cites(&f.citations));
        }
        for d in &q.domains {
            let _ = writeln!(
                s,
                "  domain {} ({} | {}){}",
                d.id,
                d.title.zh,
                d.title.en,
                applies(&d.applies)
            );
            for question in &d.questions {
                let critical = if question.critical { " critical" } else { "" };
                let replaces: Vec<&str> = question.replaces.iter().map(|r| r.as_str()).collect();
                let replaces = if replaces.is_empty() {
                    String::new()
                } else {
                    format!(", replaces {}", replaces.join(", "))
                };
                let _ = writeln!(
                    s,
                    "    {} weight {}{critical}{}{}{replaces}",
                    question.id,
                    question.weight,
                    applies(&question.applies),
                    cites(&question.citations)
                );
            }
        }
    }
    s
}

fn cites(citations: &[questionnaires::Citation]) -> String {
    if citations.is_empty() {
        return String::new();
    }
    let list: Vec<String> = citations.iter().map(|c| c.to_string()).collect();
    format!(", cite {}", list.join("; "))
}

fn applies(c: &Condition) -> String {
    if *c == Condition::Always {
        String::new()
    } else {
        format!(", applies {c}")
    }
}

/// A line diff good enough to see what changed: lines only in the snapshot (-) and only in the
/// output (+), in order.
fn diff(expected: &str, actual: &str) -> String {
    let old: Vec<&str> = expected.lines().collect();
    let new: Vec<&str> = actual.lines().collect();
    // Longest common subsequence by dynamic programming; the files are small.
    let mut lcs = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            lcs[i][j] = if old[i] == new[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            i += 1;
            j += 1;
        } else if j < new.len() && (i == old.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            let _ = writeln!(out, "+{}", new[j]);
            j += 1;
        } else {
            let _ = writeln!(out, "-{}", old[i]);
            i += 1;
        }
    }
    out
}
