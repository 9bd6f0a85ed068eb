//! `changes.md`: what a questionnaire version declares it changed against the version before,
//! one level-2 section per question or fact id with a `change:` line and the reason, and the
//! check of that declaration against [`crate::diff::diff`] of the two versions. Every
//! disagreement is reported: a change that happened but is not declared, and a declared change
//! that did not happen.

use std::collections::HashMap;

use super::{Need, flush, text_fields};
use crate::diagnostic::{Diagnostic, Reporter};
use crate::diff::{
    Change, ChangeKind, ChangeLog, DeclaredChange, FactChange, QuestionnaireDiff, diff,
};
use crate::keyvalue::{Entries, Entry};
use crate::model::{QuestionId, Questionnaire, compare_versions};
use crate::outline::{Fields, front_matter, outline};
use crate::source::{SourceFile, Span};

/// The file name of a declaration in a questionnaire directory.
pub(super) const FILE: &str = "changes.md";

/// A place in a file, for diagnostics raised after the file was read.
#[derive(Clone, Debug)]
pub(super) struct Place {
    pub path: String,
    pub at: Span,
}

/// A `changes.md` as read, with the places of what it says.
pub(super) struct Declaration {
    pub path: String,
    /// The first line of the file, where findings about the whole file point.
    pub anchor: Span,
    /// The `from:` version and its span.
    pub from: Option<(String, Span)>,
    pub entries: Vec<DeclaredEntry>,
}

pub(super) struct DeclaredEntry {
    pub id: String,
    pub heading_at: Span,
    /// The value of the `change:` line (the heading where it is missing).
    pub change_at: Span,
    /// Each kind declared, with the span of its word.
    pub kinds: Vec<(ChangeKind, Span)>,
    pub reason: crate::model::Text,
}

/// Where the entities of one questionnaire version are defined, and its declaration.
pub(super) struct Version {
    /// Index in the loaded questionnaires.
    pub index: usize,
    /// The `version:` value in questionnaire.md.
    pub version_at: Place,
    /// Question id or fact id → its heading.
    pub places: HashMap<String, Place>,
    pub declaration: Option<Declaration>,
}

/// Reads a `changes.md`: front matter with `from:`, an optional level-1 title, and one section
/// per changed question or fact.
pub(super) fn read(r: &mut Reporter) -> Declaration {
    let fm = front_matter(r);
    let anchor = fm.at.clone();
    let mut from = None;
    match fm.entries {
        None => r.error(
            anchor.clone(),
            "changes.md starts with front matter",
            "start the file with `---`, a line `from: <the version before this one>` and `---`",
        ),
        Some(entries) => {
            let mut kv = Entries::new(entries);
            if let Some(e) = kv.required(r, "from", &anchor, "changes.md") {
                from = Some((e.value.clone(), e.value_at.clone()));
            }
            kv.finish(r, "the front matter of changes.md");
        }
    }
    let outline = outline(r, fm.body_start);
    if outline.titled.len() > 1 {
        r.error(
            outline.titled[1].heading.at.clone(),
            "changes.md has at most one level-1 heading (its title)",
            "make each change a level-2 section: `## <question or fact id>`",
        );
    }
    let mut sections = outline.loose;
    for title in outline.titled {
        if let Some(meta) = &title.meta {
            r.error(
                meta.at.start..meta.at.start + 3,
                "the title of changes.md takes no meta block",
                "put the `from:` line in the front matter",
            );
        }
        sections.extend(title.entities);
    }
    let mut entries: Vec<DeclaredEntry> = Vec::new();
    for section in sections {
        let h = &section.heading;
        let id = h.text.trim().to_owned();
        let is_question = QuestionId::parse(&id).is_ok();
        let is_fact = super::is_lower_id(&id, '_');
        let valid = is_question || is_fact;
        if !valid {
            r.error(
                h.text_at.clone(),
                format!("`{id}` is not a question or fact id"),
                "a section of changes.md is headed by the id of the question (`## XB-02`) or profile fact (`## ciio`) that changed",
            );
        }
        let what = format!("the change of `{id}`");
        let mut kv = Entries::new(section.meta_entries());
        let change = kv.required(r, "change", &h.text_at, &what);
        kv.finish(r, "the meta block of a change");
        let allowed: &[ChangeKind] = if is_fact {
            &ChangeKind::FACT
        } else {
            &ChangeKind::QUESTION
        };
        let kinds = change
            .as_ref()
            .map(|e| kinds(r, e, allowed))
            .unwrap_or_default();
        let mut fields = Fields::new(section.fields);
        let reason = text_fields(
            r,
            &mut fields,
            ("reason.zh", "reason.en"),
            Need::Required,
            &what,
            &h.text_at,
        );
        fields.finish(r, "a change");
        if !valid {
            continue;
        }
        if entries.iter().any(|e| e.id == id) {
            r.error(
                h.text_at.clone(),
                format!("`{id}` is declared twice"),
                "declare all changes of one question or fact in one section",
            );
            continue;
        }
        entries.push(DeclaredEntry {
            id,
            heading_at: h.text_at.clone(),
            change_at: change.map_or_else(|| h.text_at.clone(), |e| e.value_at),
            kinds,
            reason,
        });
    }
    Declaration {
        path: r.path().to_owned(),
        anchor,
        from,
        entries,
    }
}

/// Reads `change: text, citations`.
fn kinds(r: &mut Reporter, e: &Entry, allowed: &[ChangeKind]) -> Vec<(ChangeKind, Span)> {
    let mut out: Vec<(ChangeKind, Span)> = Vec::new();
    let mut offset = 0;
    for part in e.value.split(',') {
        let lead = part.len() - part.trim_start().len();
        let word = part.trim();
        let at = e.sub(offset + lead..offset + lead + word.len());
        offset += part.len() + 1;
        let list = || {
            allowed
                .iter()
                .map(|k| k.word())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match ChangeKind::parse(word) {
            Some(kind) if allowed.contains(&kind) => {
                if out.iter().any(|(k, _)| *k == kind) {
                    r.error(
                        at,
                        format!("`{word}` is given twice"),
                        "name each kind of change once",
                    );
                } else {
                    out.push((kind, at));
                }
            }
            Some(_) => r.error(
                at,
                format!("`{word}` is not a change of a {}", noun(allowed)),
                format!("the changes of a {} are: {}", noun(allowed), list()),
            ),
            None => r.error(
                at,
                format!("unknown change `{word}`"),
                format!("the changes of a {} are: {}", noun(allowed), list()),
            ),
        }
    }
    out
}

fn noun(allowed: &[ChangeKind]) -> &'static str {
    if allowed.contains(&ChangeKind::Options) {
        "profile fact"
    } else {
        "question"
    }
}

/// One finding of the check, in some file.
pub(super) struct Finding {
    pub place: Place,
    pub warning: bool,
    pub message: String,
    pub hint: String,
}

/// Checks the declaration of every loaded questionnaire version that has an earlier version, and
/// returns the change logs of the declarations whose base version is loaded.
pub(super) fn check(
    questionnaires: &[Questionnaire],
    versions: &[Version],
    files: &[SourceFile],
    out: &mut Vec<Diagnostic>,
) -> Vec<ChangeLog> {
    let versions_of = |id: &str| {
        let mut list: Vec<&Questionnaire> = questionnaires.iter().filter(|q| q.id == id).collect();
        list.sort_by(|a, b| compare_versions(&a.version, &b.version));
        list
    };
    let mut findings = Vec::new();
    let mut logs = Vec::new();
    for version in versions {
        let q = &questionnaires[version.index];
        let previous = versions_of(&q.id)
            .into_iter()
            .rev()
            .find(|p| compare_versions(&p.version, &q.version).is_lt());
        let Some(declaration) = &version.declaration else {
            if let Some(previous) = previous {
                findings.push(Finding {
                    place: version.version_at.clone(),
                    warning: true,
                    message: format!(
                        "version {} of `{}` declares no changes from {}",
                        q.version, q.id, previous.version
                    ),
                    hint: format!(
                        "add a {FILE} next to questionnaire.md with a section for each changed question and fact (`ziping check --diff {} {}` lists them)",
                        previous.version, q.version
                    ),
                });
            }
            continue;
        };
        let Some((from, from_at)) = &declaration.from else {
            continue;
        };
        let at_from = Place {
            path: declaration.path.clone(),
            at: from_at.clone(),
        };
        let base = match previous {
            Some(p) if p.version == *from => p,
            Some(p) => {
                findings.push(Finding {
                    place: at_from,
                    warning: false,
                    message: format!(
                        "the version of `{}` before {} is {}, not {from}",
                        q.id, q.version, p.version
                    ),
                    hint: format!(
                        "declare the changes from the version just before this one: `from: {}`",
                        p.version
                    ),
                });
                continue;
            }
            None => {
                let later = versions_of(&q.id).iter().any(|v| v.version == *from);
                let (message, hint) = if later || compare_versions(from, &q.version).is_ge() {
                    (
                        format!("version {from} is not earlier than {}", q.version),
                        "`from` names the version this one changes".to_owned(),
                    )
                } else {
                    (
                        format!(
                            "version {from} of `{}` is not loaded, so the declared changes cannot be checked",
                            q.id
                        ),
                        "load the earlier version too (it stays in its own directory for the assessments made with it)".to_owned(),
                    )
                };
                findings.push(Finding {
                    place: at_from,
                    warning: !later,
                    message,
                    hint,
                });
                continue;
            }
        };
        let d = diff(base, q);
        compare(&d, declaration, version, &mut findings);
        logs.push(ChangeLog {
            questionnaire: q.id.clone(),
            version: q.version.clone(),
            from: base.version.clone(),
            entries: declaration
                .entries
                .iter()
                .map(|e| DeclaredChange {
                    id: e.id.clone(),
                    changes: e.kinds.iter().map(|(k, _)| *k).collect(),
                    reason: e.reason.clone(),
                })
                .collect(),
        });
    }
    report(findings, files, out);
    logs
}

/// A question or fact that changed: what the declaration must say about it.
struct Changed {
    id: String,
    noun: &'static str,
    kinds: Vec<ChangeKind>,
    /// What changed, per kind, for hints.
    details: Vec<(ChangeKind, String)>,
}

/// Compares a declaration with the difference, entry by entry.
fn compare(
    d: &QuestionnaireDiff,
    declaration: &Declaration,
    version: &Version,
    findings: &mut Vec<Finding>,
) {
    let in_changes = |at: &Span| Place {
        path: declaration.path.clone(),
        at: at.clone(),
    };
    let mut changed: Vec<Changed> = Vec::new();
    for q in &d.questions {
        let details = q
            .changes
            .iter()
            .map(|c| (c.kind(), detail(c)))
            .chain((!q.replaces.is_empty()).then(|| {
                let ids: Vec<&str> = q.replaces.iter().map(QuestionId::as_str).collect();
                (
                    ChangeKind::Replaces,
                    format!("it takes over the answers of {}", ids.join(", ")),
                )
            }))
            .collect();
        changed.push(Changed {
            id: q.id.to_string(),
            noun: "question",
            kinds: q.kinds(),
            details,
        });
    }
    for f in &d.facts {
        let details = f
            .changes
            .iter()
            .map(|c| (c.kind(), fact_detail(c)))
            .collect();
        changed.push(Changed {
            id: f.id.clone(),
            noun: "fact",
            kinds: f.kinds(),
            details,
        });
    }

    for Changed {
        id,
        noun,
        kinds,
        details,
    } in &changed
    {
        let list: Vec<&str> = kinds.iter().map(|k| k.word()).collect();
        let Some(entry) = declaration.entries.iter().find(|e| e.id == *id) else {
            let place = version
                .places
                .get(id)
                .cloned()
                .unwrap_or_else(|| in_changes(&declaration.anchor));
            let happened = match kinds.as_slice() {
                [ChangeKind::Added] => "was added".to_owned(),
                [ChangeKind::Removed] => "was removed".to_owned(),
                _ => format!("changed ({})", list.join(", ")),
            };
            findings.push(Finding {
                place,
                warning: false,
                message: format!("{noun} `{id}` {happened}, but {FILE} does not declare it"),
                hint: format!(
                    "add `## {id}` with `change: {}` and the reason to {}",
                    list.join(", "),
                    declaration.path
                ),
            });
            continue;
        };
        for kind in kinds {
            if entry.kinds.iter().any(|(k, _)| k == kind) {
                continue;
            }
            let detail = details
                .iter()
                .find(|(k, _)| k == kind)
                .map(|(_, d)| format!(": {d}"))
                .unwrap_or_default();
            findings.push(Finding {
                place: in_changes(&entry.change_at),
                warning: false,
                message: format!("{FILE} does not declare that {noun} `{id}` {}", what(*kind)),
                hint: format!("add `{}` to its `change:` line{detail}", kind.word()),
            });
        }
        for (kind, at) in &entry.kinds {
            if !kinds.contains(kind) {
                findings.push(Finding {
                    place: in_changes(at),
                    warning: false,
                    message: format!(
                        "{FILE} declares that {noun} `{id}` {}, but it did not",
                        what(*kind)
                    ),
                    hint: format!(
                        "remove `{}` from the `change:` line, or make the change it declares",
                        kind.word()
                    ),
                });
            }
        }
    }
    for entry in &declaration.entries {
        if changed.iter().any(|c| c.id == entry.id) {
            continue;
        }
        let (message, hint) = if version.places.contains_key(&entry.id) {
            (
                format!(
                    "{FILE} declares changes of `{}`, which is the same in {} and {}",
                    entry.id, d.from, d.to
                ),
                "remove the section, or make the change it declares".to_owned(),
            )
        } else {
            (
                format!(
                    "neither {} nor {} has a question or fact `{}`",
                    d.from, d.to, entry.id
                ),
                "check the id; a removed question is declared under its old id".to_owned(),
            )
        };
        findings.push(Finding {
            place: in_changes(&entry.heading_at),
            warning: false,
            message,
            hint,
        });
    }
}

/// "changed its citations", "was added", … for messages.
fn what(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Added => "was added",
        ChangeKind::Removed => "was removed",
        ChangeKind::Replaces => "replaces earlier questions",
        ChangeKind::Text => "changed its text",
        ChangeKind::Guidance => "changed its guidance, evidence, remediation or check",
        ChangeKind::Citations => "changed its citations",
        ChangeKind::Weight => "changed its weight",
        ChangeKind::Critical => "changed whether it is critical",
        ChangeKind::Applies => "changed when it applies",
        ChangeKind::Domain => "moved to another domain",
        ChangeKind::Options => "changed its kind or options",
    }
}

fn detail(change: &Change) -> String {
    match change {
        Change::Text => "its text.zh or text.en differs".to_owned(),
        Change::Guidance => "its guidance, evidence, remediation or check text differs".to_owned(),
        other => other.to_string(),
    }
}

fn fact_detail(change: &FactChange) -> String {
    match change {
        FactChange::Text => "its text, help or an option label differs".to_owned(),
        FactChange::Options => "its kind, or its options' ids or order, differ".to_owned(),
        other => other.to_string(),
    }
}

/// Turns findings into diagnostics, file by file, in the order of their position.
fn report(findings: Vec<Finding>, files: &[SourceFile], out: &mut Vec<Diagnostic>) {
    let mut by_file: Vec<(&SourceFile, Vec<Finding>)> = Vec::new();
    for finding in findings {
        let Some(file) = files.iter().find(|f| f.path == finding.place.path) else {
            continue;
        };
        match by_file.iter_mut().find(|(f, _)| f.path == file.path) {
            Some((_, list)) => list.push(finding),
            None => by_file.push((file, vec![finding])),
        }
    }
    for (file, findings) in by_file {
        let mut r = Reporter::new(file);
        for f in findings {
            if f.warning {
                r.warning(f.place.at, f.message, f.hint);
            } else {
                r.error(f.place.at, f.message, f.hint);
            }
        }
        flush(r, out);
    }
}
