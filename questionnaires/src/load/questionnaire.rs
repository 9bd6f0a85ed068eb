//! Questionnaire directories: `questionnaire.md` (front matter and the profile facts) and one
//! `NN-<domain>.md` file per domain, in file-name order. Conditions are checked against the
//! profile, citations against the catalog, and ids across all files of the questionnaire.

use std::collections::{BTreeMap, HashMap};

use super::catalog::CatalogIndex;
use super::changes::{self, Place, Version};
use super::{Need, date, flush, is_lower_id, non_empty, text_fields, text_keys, yes_no};
use crate::condition::parse_checked;
use crate::diagnostic::{Diagnostic, Reporter};
use crate::diff::ChangeLog;
use crate::history::History;
use crate::keyvalue::{Entries, Entry};
use crate::model::{
    Catalog, Citation, Condition, Domain, Fact, FactKind, FactOption, Question, QuestionId,
    Questionnaire, SubjectKind, Text, Thresholds,
};
use crate::outline::{Fields, Section, front_matter, outline};
use crate::source::{SourceFile, Span};

/// The catalog as the questionnaires see it: the instruments, the index for resolving
/// citations, and the recorded versions of the instruments.
pub(super) struct Law<'a> {
    pub catalog: &'a Catalog,
    pub index: &'a CatalogIndex,
    pub histories: &'a [History],
}

/// The lookups every part of one questionnaire needs.
struct Context<'a> {
    law: &'a Law<'a>,
    facts: Vec<Fact>,
    /// The questionnaire's effective date (empty when it has none), against which a cited
    /// article's later amendments are found.
    effective: String,
}

impl Context<'_> {
    fn citations(&self, r: &mut Reporter, entry: &Entry) -> Vec<Citation> {
        let cited = self.law.index.resolve_spanned(self.law.catalog, r, entry);
        for (c, at) in &cited {
            self.amendments(r, c, at);
        }
        cited.into_iter().map(|(c, _)| c).collect()
    }

    /// Warns when a version of the cited instrument that took effect after the questionnaire's
    /// effective date amended or renumbered the cited article: the question was written against
    /// a text that has changed since.
    fn amendments(&self, r: &mut Reporter, c: &Citation, at: &crate::source::Span) {
        if self.effective.is_empty() {
            return;
        }
        let Some(history) = self
            .law
            .histories
            .iter()
            .find(|h| h.instrument == c.instrument)
        else {
            return;
        };
        let Some(change) = history.changed_after(c.article, &self.effective) else {
            return;
        };
        // One phrase per version: "amended and renumbered (it was article 21 before) by the
        // version in force from 2026-01-01 (2025年10月28日修正)".
        let mut versions: Vec<&crate::history::InstrumentVersion> = change.amended.iter().collect();
        if let Some((v, _)) = &change.renumbered
            && !versions.contains(&v)
        {
            versions.push(v);
        }
        let what: Vec<String> = versions
            .iter()
            .map(|v| {
                let mut verbs = Vec::new();
                if change.amended.contains(v) {
                    verbs.push("amended".to_owned());
                }
                if let Some((by, from)) = &change.renumbered
                    && by == *v
                {
                    verbs.push(format!("renumbered (it was article {from} before)"));
                }
                format!(
                    "{} by the version in force from {} ({})",
                    verbs.join(" and "),
                    v.effective,
                    v.label.zh
                )
            })
            .collect();
        r.warning(
            at.clone(),
            format!(
                "article {} of `{}` was {}, after this questionnaire's effective date {}",
                c.article,
                c.instrument,
                what.join("; "),
                self.effective
            ),
            "check the question against the text in force, then publish it in a new questionnaire version with a later `effective` date",
        );
    }

    /// Parses an `applies:` entry; a missing entry means `always`.
    fn condition(&self, entry: Option<Entry>, r: &mut Reporter) -> Condition {
        let Some(entry) = entry else {
            return Condition::Always;
        };
        let (condition, errors) = parse_checked(&entry.value, Some(&self.facts));
        for e in errors {
            r.error(entry.sub(e.at), e.message, e.hint);
        }
        condition.unwrap_or(Condition::Always)
    }
}

/// Loads every questionnaire directory, then checks each version's `changes.md` against its
/// difference from the version before. Returns the questionnaires and the checked change logs.
pub(super) fn load_all(
    files: &[SourceFile],
    law: &Law,
    out: &mut Vec<Diagnostic>,
) -> (Vec<Questionnaire>, Vec<ChangeLog>) {
    let mut dirs: BTreeMap<&str, Vec<&SourceFile>> = BTreeMap::new();
    for file in files {
        dirs.entry(file.dir()).or_default().push(file);
    }
    let mut questionnaires: Vec<Questionnaire> = Vec::new();
    let mut versions: Vec<Version> = Vec::new();
    let mut seen: HashMap<(String, String), String> = HashMap::new();
    for (dir, mut files) in dirs {
        files.sort_by(|a, b| a.file_name().cmp(b.file_name()));
        let Some((q, mut version)) = load_dir(dir, &files, law, &mut seen, out) else {
            continue;
        };
        // A duplicate (id, version) is an error already; checking its changes would only repeat it.
        if seen.get(&(q.id.clone(), q.version.clone())) == Some(&version.version_at.path) {
            version.index = questionnaires.len();
            versions.push(version);
        }
        questionnaires.push(q);
    }
    let logs = changes::check(&questionnaires, &versions, files, out);
    (questionnaires, logs)
}

/// Loads one questionnaire directory. `None` when it has no `questionnaire.md`.
fn load_dir(
    dir: &str,
    files: &[&SourceFile],
    law: &Law,
    seen: &mut HashMap<(String, String), String>,
    out: &mut Vec<Diagnostic>,
) -> Option<(Questionnaire, Version)> {
    let Some(main) = files.iter().find(|f| f.file_name() == "questionnaire.md") else {
        let placeholder = SourceFile::new(dir, "");
        let mut r = Reporter::new(&placeholder);
        r.error(
            0..0,
            format!("the questionnaire directory `{dir}` has no questionnaire.md"),
            "add questionnaire.md with the front matter and the profile",
        );
        flush(r, out);
        return None;
    };
    let mut r = Reporter::new(main);
    let (mut q, id_at, version_at, mut places) = questionnaire_file(&mut r, law);
    if !q.id.is_empty() && !q.version.is_empty() {
        let key = (q.id.clone(), q.version.clone());
        if let Some(first) = seen.get(&key) {
            r.error(
                id_at,
                format!(
                    "questionnaire `{}` version {} is also defined in {first}",
                    q.id, q.version
                ),
                "give this copy a new version, or remove one of them",
            );
        } else {
            seen.insert(key, main.path.clone());
        }
    }
    flush(r, out);

    let ctx = Context {
        law,
        facts: std::mem::take(&mut q.profile),
        effective: q.effective.clone(),
    };
    // Where each question and domain id was first defined, for duplicate errors.
    let mut question_ids: HashMap<QuestionId, String> = HashMap::new();
    let mut domain_ids: HashMap<String, String> = HashMap::new();
    let mut declaration = None;
    for file in files.iter().filter(|f| f.file_name() != "questionnaire.md") {
        let mut r = Reporter::new(file);
        if file.file_name() == changes::FILE {
            declaration = Some(changes::read(&mut r));
            flush(r, out);
            continue;
        }
        match domain_file_id(file.file_name()) {
            Some(expected) => {
                let ids = &mut question_ids;
                for domain in domain_file(&mut r, &ctx, expected, ids, &mut domain_ids) {
                    for question in &domain.questions {
                        let at = question_heading(file, question.id.as_str());
                        places.entry(question.id.to_string()).or_insert(Place {
                            path: file.path.clone(),
                            at,
                        });
                    }
                    q.domains.push(domain);
                }
            }
            None => r.error(
                0..0,
                format!("unexpected file `{}` in a questionnaire directory", file.file_name()),
                "a questionnaire directory holds questionnaire.md, one `NN-<domain-id>.md` file per domain, e.g. `01-gov.md`, and for a later version changes.md",
            ),
        }
        flush(r, out);
    }
    if q.domains.is_empty() {
        let mut r = Reporter::new(main);
        r.error(
            0..0,
            format!("questionnaire `{}` has no domains", q.id),
            "add a domain file such as `01-gov.md` next to questionnaire.md",
        );
        flush(r, out);
    }
    q.profile = ctx.facts;
    let version = Version {
        index: 0,
        version_at: Place {
            path: main.path.clone(),
            at: version_at,
        },
        places,
        declaration,
    };
    Some((q, version))
}

/// The span of the text of the heading `## <id>` in a domain file (the file's start when it
/// cannot be found, which does not happen for a question the loader read from it).
fn question_heading(file: &SourceFile, id: &str) -> crate::source::Span {
    let text = &file.text;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("## ")
            && rest.trim() == id
        {
            let start = offset + 3 + (rest.len() - rest.trim_start().len());
            return start..start + id.len();
        }
        offset += line.len();
    }
    0..0
}

/// The domain id a domain file's name announces: `01-gov.md` → `gov`.
fn domain_file_id(name: &str) -> Option<&str> {
    let stem = name.strip_suffix(".md")?;
    let (number, id) = stem.split_once('-')?;
    (!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) && !id.is_empty())
        .then_some(id)
}

/// Reads questionnaire.md. Also returns the span of the id (for duplicate errors), of the
/// version, and the place of each fact's heading.
fn questionnaire_file(
    r: &mut Reporter,
    law: &Law,
) -> (Questionnaire, Span, Span, HashMap<String, Place>) {
    let fm = front_matter(r);
    let anchor = fm.at.clone();
    let mut id_at = anchor.clone();
    let mut version_at = anchor.clone();
    let mut places = HashMap::new();
    let mut q = Questionnaire {
        id: String::new(),
        version: String::new(),
        title: Text::default(),
        effective: String::new(),
        scope: Text::default(),
        subject: SubjectKind::default(),
        thresholds: Thresholds::default(),
        profile: Vec::new(),
        domains: Vec::new(),
    };
    match fm.entries {
        None => r.error(anchor.clone(), "questionnaire.md starts with front matter", "start the file with `---`, the lines `id: ...`, `version: ...`, `title.zh: ...`, `title.en: ...`, `effective: ...` and `---`"),
        Some(entries) => {
            let (id, version) = front(r, &mut q, Entries::new(entries), &anchor);
            if let Some(at) = id {
                id_at = at;
            }
            if let Some(at) = version {
                version_at = at;
            }
        }
    }

    let outline = outline(r, fm.body_start);
    for stray in &outline.loose {
        r.error(
            stray.heading.text_at.clone(),
            "this fact comes before the profile heading",
            "put `# 单位画像 | Profile {#profile}` before the facts",
        );
    }
    let mut titled = outline.titled.into_iter();
    let Some(profile) = titled.next() else {
        r.error(anchor, "questionnaire.md has no profile section", "add `# 单位画像 | Profile {#profile}` followed by the facts as `## <fact_id>` sections");
        return (q, id_at, version_at, places);
    };
    if profile.heading.id.as_deref() != Some("profile") {
        r.error(
            profile.heading.text_at.clone(),
            "the first level-1 heading of questionnaire.md must be the profile",
            "write it as `# 单位画像 | Profile {#profile}`",
        );
    }
    if let Some(meta) = &profile.meta {
        r.error(
            meta.at.start..meta.at.start + 3,
            "the profile heading takes no meta block",
            "remove the block",
        );
    }
    for other in titled {
        r.error(
            other.heading.text_at.clone(),
            "questionnaire.md holds only the profile",
            "put each domain in its own file `NN-<domain-id>.md`",
        );
    }
    let ctx = Context {
        law,
        facts: Vec::new(),
        effective: q.effective.clone(),
    };
    let mut facts: Vec<Fact> = Vec::new();
    for section in profile.entities {
        let at = section.heading.text_at.clone();
        let Some(f) = fact(r, &ctx, section) else {
            continue;
        };
        places.entry(f.id.clone()).or_insert(Place {
            path: r.path().to_owned(),
            at: at.clone(),
        });
        if facts.iter().any(|g| g.id == f.id) {
            r.error(
                at,
                format!("fact `{}` is declared twice", f.id),
                "keep one of them",
            );
            continue;
        }
        facts.push(f);
    }
    q.profile = facts;
    (q, id_at, version_at, places)
}

/// Reads the front matter of questionnaire.md into `q`; returns the spans of the id and the
/// version.
fn front(
    r: &mut Reporter,
    q: &mut Questionnaire,
    mut kv: Entries,
    anchor: &Span,
) -> (Option<Span>, Option<Span>) {
    let what = "the questionnaire";
    let mut id_at = None;
    let mut version_at = None;
    if let Some(e) = non_empty(kv.required(r, "id", anchor, what), r) {
        id_at = Some(e.value_at.clone());
        if !is_lower_id(&e.value, '-') {
            r.error(
                e.value_at.clone(),
                format!("`{}` is not a questionnaire id", e.value),
                "use lower-case words joined by `-`, e.g. `miit-data-security`",
            );
        }
        q.id = e.value;
    }
    if let Some(e) = non_empty(kv.required(r, "version", anchor, what), r) {
        version_at = Some(e.value_at.clone());
        let valid = e
            .value
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if !valid {
            r.error(
                e.value_at.clone(),
                format!("`{}` is not a version", e.value),
                "write numbers separated by dots, e.g. `2026.1`",
            );
        }
        q.version = e.value;
    }
    q.title = text_keys(r, &mut kv, ("title.zh", "title.en"), what, anchor).0;
    q.effective = date(kv.required(r, "effective", anchor, what), r);
    q.scope = optional_text_keys(r, &mut kv, ("scope.zh", "scope.en"), what, anchor);
    if let Some(e) = non_empty(kv.one(r, "subject"), r) {
        match SubjectKind::parse(&e.value) {
            Some(kind) => q.subject = kind,
            None => r.error(
                e.value_at.clone(),
                format!("`{}` is not a subject", e.value),
                "write `subject: app` for a questionnaire that assesses one App at a time, or leave the line out for one that assesses the whole organization",
            ),
        }
    }
    let mut threshold = |r: &mut Reporter, key, default: f64| match kv.one(r, key) {
        None => (default, None),
        Some(e) => match e.value.parse::<f64>() {
            Ok(v) if (0.0..=100.0).contains(&v) => (v, Some(e.value_at)),
            _ => {
                r.error(
                    e.value_at.clone(),
                    format!("`{}` is not a threshold", e.value),
                    "thresholds are scores from 0 to 100",
                );
                (default, None)
            }
        },
    };
    let defaults = Thresholds::default();
    let (ready, ready_at) = threshold(r, "threshold.ready", defaults.ready);
    let (largely_ready, largely_at) =
        threshold(r, "threshold.largely_ready", defaults.largely_ready);
    if ready < largely_ready {
        let at = ready_at.or(largely_at).unwrap_or_else(|| anchor.clone());
        r.error(
            at,
            format!(
                "the ready threshold {ready} is below the largely-ready threshold {largely_ready}"
            ),
            "`threshold.ready` must be at least `threshold.largely_ready`",
        );
    }
    q.thresholds = Thresholds {
        ready,
        largely_ready,
    };
    kv.finish(r, "the front matter of questionnaire.md");
    (id_at, version_at)
}

/// An optional text in two front-matter keys: none at all is fine, English without Chinese is an
/// error, Chinese without English a warning (as for the title).
fn optional_text_keys(
    r: &mut Reporter,
    kv: &mut Entries,
    (zh_key, en_key): (&'static str, &'static str),
    what: &str,
    anchor: &Span,
) -> Text {
    let zh = non_empty(kv.one(r, zh_key), r);
    let en = non_empty(kv.one(r, en_key), r);
    match (&zh, &en) {
        (None, Some(en)) => r.error(
            en.key_at.clone(),
            format!("{what} has `{en_key}` but no `{zh_key}`"),
            "Chinese text is required wherever English text is given",
        ),
        (Some(_), None) => r.warning(
            anchor.clone(),
            format!("{what} has no `{en_key}`"),
            format!("add a line `{en_key}: ...` with the English text"),
        ),
        _ => {}
    }
    Text {
        zh: zh.map(|e| e.value).unwrap_or_default(),
        en: en.map(|e| e.value).unwrap_or_default(),
    }
}

const KEYWORDS: [&str; 4] = ["and", "or", "not", "always"];

fn fact(r: &mut Reporter, ctx: &Context, section: Section) -> Option<Fact> {
    let h = &section.heading;
    let id = h.text.trim().to_owned();
    let valid = is_lower_id(&id, '_') && !KEYWORDS.contains(&id.as_str());
    if !valid {
        r.error(h.text_at.clone(), format!("`{id}` is not a fact id"), "fact ids are snake_case, e.g. `important_data`, and not `and`, `or`, `not` or `always`");
    }
    let what = format!("fact `{id}`");
    let mut kv = Entries::new(section.meta_entries());
    let kind = kv.required(r, "kind", &h.text_at, &what);
    let option_entries = kv.all("option");
    let citations = kv
        .one(r, "cite")
        .map(|e| ctx.citations(r, &e))
        .unwrap_or_default();
    kv.finish(r, "the meta block of a fact");
    let options = fact_options(r, &option_entries);
    // When the kind is missing or wrong (an error already), the options decide, so that the
    // conditions using the fact are still checked sensibly instead of failing as "unknown".
    let guessed = |options: Vec<FactOption>| match options.is_empty() {
        true => FactKind::YesNo,
        false => FactKind::OneOf { options },
    };
    let kind = match kind {
        None => guessed(options),
        Some(k) if k.value == "yes-no" => {
            for e in &option_entries {
                r.error(
                    e.key_at.clone(),
                    format!("{what} is yes-no and has no options"),
                    "remove the options, or make it `kind: one-of`",
                );
            }
            FactKind::YesNo
        }
        Some(k) if k.value == "one-of" => {
            if options.len() < 2 {
                r.error(
                    k.value_at.clone(),
                    format!("{what} is one-of but has {} option(s)", options.len()),
                    "list at least two options, lowest first: `option: <id> = <zh> | <en>`",
                );
            }
            FactKind::OneOf { options }
        }
        Some(k) => {
            r.error(
                k.value_at.clone(),
                format!("unknown fact kind `{}`", k.value),
                "the kinds are `yes-no` and `one-of`",
            );
            guessed(options)
        }
    };
    let mut fields = Fields::new(section.fields);
    let text = text_fields(
        r,
        &mut fields,
        ("text.zh", "text.en"),
        Need::Required,
        &what,
        &h.text_at,
    );
    let help = text_fields(
        r,
        &mut fields,
        ("help.zh", "help.en"),
        Need::Optional,
        &what,
        &h.text_at,
    );
    fields.finish(r, "a fact");
    if !valid {
        return None;
    }
    Some(Fact {
        id,
        text,
        help,
        kind,
        citations,
    })
}

/// Reads `option: <id> = <zh label> | <en label>` lines.
fn fact_options(r: &mut Reporter, entries: &[Entry]) -> Vec<FactOption> {
    let mut options: Vec<FactOption> = Vec::new();
    for e in entries {
        let Some((id, label)) = e.value.split_once('=') else {
            r.error(
                e.value_at.clone(),
                "an option is `<id> = <zh label> | <en label>`",
                "e.g. `option: 1m = 100万至1000万人 | 1 million to 10 million people`",
            );
            continue;
        };
        let id_trimmed = id.trim();
        let id_start = id.len() - id.trim_start().len();
        let id_at = e.sub(id_start..id_start + id_trimmed.len());
        if id_trimmed.is_empty()
            || !id_trimmed
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            r.error(
                id_at,
                format!("`{id_trimmed}` is not an option id"),
                "option ids are letters, digits and `_`, e.g. `lt100k`, `1m`",
            );
            continue;
        }
        if options.iter().any(|o| o.id == id_trimmed) {
            r.error(
                id_at,
                format!("option `{id_trimmed}` is given twice"),
                "option ids are unique within a fact",
            );
            continue;
        }
        let label = super::bilingual_label(
            r,
            label,
            &e.value_at,
            &format!("option `{id_trimmed}`"),
            "write `<id> = <zh label> | <en label>`",
        );
        options.push(FactOption {
            id: id_trimmed.to_owned(),
            label,
        });
    }
    options
}

/// Reads a domain file: one level-1 domain heading and its questions.
fn domain_file(
    r: &mut Reporter,
    ctx: &Context,
    expected_id: &str,
    question_ids: &mut HashMap<QuestionId, String>,
    domain_ids: &mut HashMap<String, String>,
) -> Vec<Domain> {
    let outline = outline(r, 0);
    for stray in &outline.loose {
        r.error(
            stray.heading.text_at.clone(),
            "this question comes before the domain heading",
            "start the file with `# <zh title> | <en title> {#<domain-id>}`",
        );
    }
    if outline.titled.is_empty() {
        r.error(
            0..0,
            "a domain file starts with the domain heading",
            format!("add `# <zh title> | <en title> {{#{expected_id}}}`"),
        );
    }
    let mut domains = Vec::new();
    for (i, section) in outline.titled.into_iter().enumerate() {
        if i == 1 {
            r.error(
                section.heading.text_at.clone(),
                "a domain file holds one domain",
                "move this domain to a file of its own",
            );
        }
        domains.push(domain(
            r,
            ctx,
            section,
            expected_id,
            question_ids,
            domain_ids,
        ));
    }
    domains
}

fn domain(
    r: &mut Reporter,
    ctx: &Context,
    section: Section,
    expected_id: &str,
    question_ids: &mut HashMap<QuestionId, String>,
    domain_ids: &mut HashMap<String, String>,
) -> Domain {
    let h = &section.heading;
    let (zh, en) = h.text.split_once('|').unwrap_or((&h.text, ""));
    let title = Text::new(zh.trim(), en.trim());
    if title.zh.is_empty() {
        r.error(
            h.text_at.clone(),
            "the domain has no Chinese title",
            "write the heading as `# <zh title> | <en title> {#<domain-id>}`",
        );
    } else if title.en.is_empty() {
        r.warning(
            h.text_at.clone(),
            "the domain has no English title",
            "write the heading as `# <zh title> | <en title> {#<domain-id>}`",
        );
    }
    let id = match &h.id {
        None => {
            r.error(
                h.text_at.clone(),
                "the domain heading has no id",
                format!("end the heading with `{{#{expected_id}}}`"),
            );
            expected_id.to_owned()
        }
        Some(id) => {
            if !is_lower_id(id, '-') {
                r.error(
                    h.id_at.clone(),
                    format!("`{id}` is not a domain id"),
                    "use lower-case words joined by `-`, e.g. `{#gov}`",
                );
            } else if id != expected_id {
                r.error(
                    h.id_at.clone(),
                    format!("the domain id `{id}` does not match the file name"),
                    format!("rename the file to `NN-{id}.md`, or the id to `{{#{expected_id}}}`"),
                );
            }
            id.clone()
        }
    };
    let here = format!("{}:{}", r.path(), r.line_of(h.at.start));
    if let Some(first) = domain_ids.get(&id) {
        r.error(
            h.id_at.clone(),
            format!("domain `{id}` is already defined in {first}"),
            "domain ids are unique within a questionnaire",
        );
    } else {
        domain_ids.insert(id.clone(), here);
    }
    let mut kv = Entries::new(section.meta_entries());
    let applies = ctx.condition(kv.one(r, "applies"), r);
    kv.finish(r, "the meta block of a domain");

    let mut questions = Vec::new();
    for q in section.entities {
        if let Some(q) = question(r, ctx, q, question_ids) {
            questions.push(q);
        }
    }
    if questions.is_empty() {
        r.error(
            h.text_at.clone(),
            format!("domain `{id}` has no questions"),
            "add questions as `## <QUESTION-ID>` sections, e.g. `## GOV-01`",
        );
    }
    Domain {
        id,
        title,
        applies,
        questions,
    }
}

fn question(
    r: &mut Reporter,
    ctx: &Context,
    section: Section,
    ids: &mut HashMap<QuestionId, String>,
) -> Option<Question> {
    let h = &section.heading;
    let id = match QuestionId::parse(h.text.trim()) {
        Ok(id) => {
            let here = format!("{}:{}", r.path(), r.line_of(h.at.start));
            if let Some(first) = ids.get(&id) {
                r.error(
                    h.text_at.clone(),
                    format!("question `{id}` is already defined in {first}"),
                    "question ids are unique within a questionnaire; give this one a new id",
                );
                None
            } else {
                ids.insert(id.clone(), here);
                Some(id)
            }
        }
        Err(message) => {
            r.error(
                h.text_at.clone(),
                message,
                "a question heading is `## <ID>`, e.g. `## GOV-01`",
            );
            None
        }
    };
    let what = format!("question `{}`", h.text.trim());
    let mut kv = Entries::new(section.meta_entries());
    let weight =
        kv.required(r, "weight", &h.text_at, &what)
            .map_or(1, |e| match e.value.parse::<u8>() {
                Ok(w) if (1..=5).contains(&w) => w,
                _ => {
                    r.error(
                        e.value_at.clone(),
                        format!("weight `{}` is out of range", e.value),
                        "the weight is a whole number from 1 (minor) to 5 (fundamental)",
                    );
                    1
                }
            });
    let critical = yes_no(kv.one(r, "critical"), r);
    let applies = ctx.condition(kv.one(r, "applies"), r);
    let citations = match kv.required(r, "cite", &h.text_at, &what) {
        None => Vec::new(),
        Some(e) if e.value.trim_matches([';', '；', ' ']).is_empty() => {
            r.error(
                e.key_at.clone(),
                format!("{what} has no citation"),
                "cite the article(s) the question checks, e.g. `cite: DSL 27.1`",
            );
            Vec::new()
        }
        Some(e) => ctx.citations(r, &e),
    };
    let replaces = kv
        .one(r, "replaces")
        .map(|e| replaced_ids(r, &e, id.as_ref()))
        .unwrap_or_default();
    kv.finish(r, "the meta block of a question");
    let mut fields = Fields::new(section.fields);
    let anchor = &h.text_at;
    let text = text_fields(
        r,
        &mut fields,
        ("text.zh", "text.en"),
        Need::Required,
        &what,
        anchor,
    );
    let guidance = text_fields(
        r,
        &mut fields,
        ("guidance.zh", "guidance.en"),
        Need::Expected,
        &what,
        anchor,
    );
    let evidence = text_fields(
        r,
        &mut fields,
        ("evidence.zh", "evidence.en"),
        Need::Optional,
        &what,
        anchor,
    );
    let remediation = text_fields(
        r,
        &mut fields,
        ("remediation.zh", "remediation.en"),
        Need::Optional,
        &what,
        anchor,
    );
    let check = text_fields(
        r,
        &mut fields,
        ("check.zh", "check.en"),
        Need::Optional,
        &what,
        anchor,
    );
    fields.finish(r, "a question");
    Some(Question {
        id: id?,
        text,
        weight,
        critical,
        applies,
        citations,
        guidance,
        evidence,
        remediation,
        check,
        replaces,
    })
}

/// Reads `replaces: GOV-1, GOV-2`.
fn replaced_ids(r: &mut Reporter, e: &Entry, own: Option<&QuestionId>) -> Vec<QuestionId> {
    let mut ids = Vec::new();
    let mut offset = 0;
    for part in e.value.split(',') {
        let lead = part.len() - part.trim_start().len();
        let at = e.sub(offset + lead..offset + lead + part.trim().len());
        offset += part.len() + 1;
        match QuestionId::parse(part.trim()) {
            Ok(id) if Some(&id) == own => r.error(
                at,
                "a question cannot replace itself",
                "name the ids the question had in earlier versions",
            ),
            Ok(id) => ids.push(id),
            Err(message) => r.error(
                at,
                message,
                "`replaces` lists question ids separated by commas, e.g. `replaces: GOV-1, GOV-2`",
            ),
        }
    }
    ids
}
