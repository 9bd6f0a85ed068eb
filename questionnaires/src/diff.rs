//! What changed from one version of a questionnaire to another, question by question and fact by
//! fact: [`diff`] computes it from the two models, [`QuestionnaireDiff`] holds it (it serialises
//! for the API), and [`ChangeLog`] is what a version's `changes.md` declares, which the loader
//! checks against the computed difference.
//!
//! Built for three readers: the checker (an undeclared change, or a declared one that did not
//! happen, is an error), the upgrade of a draft to a newer version (which answers move where,
//! which questions are new and need an answer, which ones changed what they ask), and a compare
//! page or report section ("2026.2 added INC-10, split RSK-03 into RSK-06 and RSK-07, …").
//!
//! How questions are matched: a question of the new version is *kept* when the old version has
//! its id; it *replaces* the old ids it names in `replaces` (a renumbering, a split when several
//! new questions replace one, a merge when one replaces several); it is *added* when neither
//! holds. An old id that no new question has or replaces is *removed*. The aspects that changed
//! ([`Change`]) compare a question with its predecessor: its own id when kept, else the first old
//! id it replaces.
//!
//! ```
//! # let library = questionnaires::Library::default();
//! use questionnaires::diff;
//! // With `library` loaded, the difference between two versions:
//! if let (Some(old), Some(new)) = (
//!     library.version("miit-data-security", "2026.1"),
//!     library.version("miit-data-security", "2026.2"),
//! ) {
//!     for question in &diff::diff(old, new).questions {
//!         println!("{} {:?}: {:?}", question.id, question.status, question.kinds());
//!     }
//! }
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{
    Citation, Condition, Domain, Fact, Library, Question, QuestionId, Questionnaire, Text,
    Thresholds,
};

/// The difference between two versions of one questionnaire. Lists hold only what changed: the
/// questions in the new version's order, then the removed ones in the old version's order; the
/// facts likewise.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionnaireDiff {
    pub questionnaire: String,
    /// The old version.
    pub from: String,
    /// The new version.
    pub to: String,
    pub questions: Vec<QuestionDiff>,
    pub facts: Vec<FactDiff>,
    /// The readiness thresholds, where they changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thresholds: Option<ThresholdsChange>,
}

/// One question that is not the same in both versions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionDiff {
    /// The id in the new version; for a removed question, its id in the old one.
    pub id: QuestionId,
    pub status: QuestionStatus,
    /// The old ids, other than its own, whose answers this question takes over (`replaces`, as
    /// far as the old version has them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaces: Vec<QuestionId>,
    /// What differs from the predecessor; empty for added and removed questions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
}

/// How a question of one version relates to the other version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionStatus {
    /// A new id that takes over no old answer.
    Added,
    /// An old id that no new question has or replaces.
    Removed,
    /// The same id in both versions (it may also take over other old ids: a merge).
    Kept,
    /// A new id that takes over the answers of the old ids in `replaces`: renumbered, split or
    /// merged.
    Replacing,
}

/// One aspect of a question that differs from its predecessor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "aspect", rename_all = "snake_case")]
pub enum Change {
    /// The question's text (`text.zh` or `text.en`).
    Text,
    /// The guidance, evidence, remediation or check texts.
    Guidance,
    /// The citations, as sets: order alone is no change.
    Citations {
        added: Vec<Citation>,
        removed: Vec<Citation>,
    },
    Weight {
        from: u8,
        to: u8,
    },
    Critical {
        from: bool,
        to: bool,
    },
    /// When the question applies: its domain's condition and its own, together.
    Applies {
        from: Condition,
        to: Condition,
    },
    /// The domain it is asked in.
    Domain {
        from: String,
        to: String,
    },
}

/// One profile fact that is not the same in both versions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FactDiff {
    pub id: String,
    pub status: FactStatus,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<FactChange>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactStatus {
    Added,
    Removed,
    Kept,
}

/// One aspect of a fact that differs between the versions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "aspect", rename_all = "snake_case")]
pub enum FactChange {
    /// The question asked, its help, or an option's label.
    Text,
    /// The kind (yes-no, one-of) or the options' ids and order, which conditions compare.
    Options,
    Citations {
        added: Vec<Citation>,
        removed: Vec<Citation>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThresholdsChange {
    pub from: Thresholds,
    pub to: Thresholds,
}

/// The words a `changes.md` declares a change with, one per kind of difference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    /// Takes over the answers of other old ids (renumbered, split, merged).
    Replaces,
    Text,
    Guidance,
    Citations,
    Weight,
    Critical,
    Applies,
    Domain,
    /// A fact's kind or options.
    Options,
}

impl ChangeKind {
    /// Every kind, in the order they are listed.
    pub const ALL: [ChangeKind; 11] = [
        ChangeKind::Added,
        ChangeKind::Removed,
        ChangeKind::Replaces,
        ChangeKind::Text,
        ChangeKind::Guidance,
        ChangeKind::Citations,
        ChangeKind::Weight,
        ChangeKind::Critical,
        ChangeKind::Applies,
        ChangeKind::Domain,
        ChangeKind::Options,
    ];

    /// The kinds a question can have.
    pub const QUESTION: [ChangeKind; 10] = [
        ChangeKind::Added,
        ChangeKind::Removed,
        ChangeKind::Replaces,
        ChangeKind::Text,
        ChangeKind::Guidance,
        ChangeKind::Citations,
        ChangeKind::Weight,
        ChangeKind::Critical,
        ChangeKind::Applies,
        ChangeKind::Domain,
    ];

    /// The kinds a profile fact can have.
    pub const FACT: [ChangeKind; 5] = [
        ChangeKind::Added,
        ChangeKind::Removed,
        ChangeKind::Text,
        ChangeKind::Options,
        ChangeKind::Citations,
    ];

    /// The word in `changes.md`: `added`, `citations`, …
    pub fn word(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Replaces => "replaces",
            ChangeKind::Text => "text",
            ChangeKind::Guidance => "guidance",
            ChangeKind::Citations => "citations",
            ChangeKind::Weight => "weight",
            ChangeKind::Critical => "critical",
            ChangeKind::Applies => "applies",
            ChangeKind::Domain => "domain",
            ChangeKind::Options => "options",
        }
    }

    pub fn parse(word: &str) -> Option<ChangeKind> {
        ChangeKind::ALL.into_iter().find(|k| k.word() == word)
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

impl Change {
    pub fn kind(&self) -> ChangeKind {
        match self {
            Change::Text => ChangeKind::Text,
            Change::Guidance => ChangeKind::Guidance,
            Change::Citations { .. } => ChangeKind::Citations,
            Change::Weight { .. } => ChangeKind::Weight,
            Change::Critical { .. } => ChangeKind::Critical,
            Change::Applies { .. } => ChangeKind::Applies,
            Change::Domain { .. } => ChangeKind::Domain,
        }
    }
}

impl fmt::Display for Change {
    /// `text`, `citations +DSL 31 −CSL 39`, `weight 4 → 5`, `applies ciio → always`, …
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Text | Change::Guidance => f.write_str(self.kind().word()),
            Change::Citations { added, removed } => {
                f.write_str("citations")?;
                write_citations(f, added, removed)
            }
            Change::Weight { from, to } => write!(f, "weight {from} → {to}"),
            Change::Critical { from, to } => {
                let word = |b: &bool| if *b { "critical" } else { "not critical" };
                write!(f, "critical: {} → {}", word(from), word(to))
            }
            Change::Applies { from, to } => {
                // The domain's condition comes first; shown once where both versions share it.
                match (from, to) {
                    (Condition::And { args: a }, Condition::And { args: b })
                        if a.len() == 2 && b.len() == 2 && a[0] == b[0] =>
                    {
                        write!(
                            f,
                            "applies: … and {} → … and {}",
                            Paren(&a[1]),
                            Paren(&b[1])
                        )
                    }
                    _ => write!(f, "applies: {from} → {to}"),
                }
            }
            Change::Domain { from, to } => write!(f, "domain {from} → {to}"),
        }
    }
}

impl FactChange {
    pub fn kind(&self) -> ChangeKind {
        match self {
            FactChange::Text => ChangeKind::Text,
            FactChange::Options => ChangeKind::Options,
            FactChange::Citations { .. } => ChangeKind::Citations,
        }
    }
}

impl fmt::Display for FactChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FactChange::Text | FactChange::Options => f.write_str(self.kind().word()),
            FactChange::Citations { added, removed } => {
                f.write_str("citations")?;
                write_citations(f, added, removed)
            }
        }
    }
}

/// A condition as the right operand of `and`: in parentheses where it is an `or`.
struct Paren<'a>(&'a Condition);

impl fmt::Display for Paren<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Condition::Or { .. } => write!(f, "({})", self.0),
            c => write!(f, "{c}"),
        }
    }
}

fn write_citations(
    f: &mut fmt::Formatter<'_>,
    added: &[Citation],
    removed: &[Citation],
) -> fmt::Result {
    for c in added {
        write!(f, " +{c}")?;
    }
    for c in removed {
        write!(f, " −{c}")?;
    }
    Ok(())
}

impl QuestionDiff {
    /// The kinds of change this entry stands for, as `changes.md` must declare them: `added`,
    /// `removed` or `replaces` for the status, then one per changed aspect.
    pub fn kinds(&self) -> Vec<ChangeKind> {
        let mut kinds = Vec::new();
        match self.status {
            QuestionStatus::Added => kinds.push(ChangeKind::Added),
            QuestionStatus::Removed => kinds.push(ChangeKind::Removed),
            QuestionStatus::Kept | QuestionStatus::Replacing => {}
        }
        if !self.replaces.is_empty() {
            kinds.push(ChangeKind::Replaces);
        }
        kinds.extend(self.changes.iter().map(Change::kind));
        kinds
    }

    /// The change of one aspect, if it changed.
    pub fn change(&self, kind: ChangeKind) -> Option<&Change> {
        self.changes.iter().find(|c| c.kind() == kind)
    }
}

impl FactDiff {
    /// The kinds of change this entry stands for, as `changes.md` must declare them.
    pub fn kinds(&self) -> Vec<ChangeKind> {
        let mut kinds = Vec::new();
        match self.status {
            FactStatus::Added => kinds.push(ChangeKind::Added),
            FactStatus::Removed => kinds.push(ChangeKind::Removed),
            FactStatus::Kept => {}
        }
        kinds.extend(self.changes.iter().map(FactChange::kind));
        kinds
    }
}

impl QuestionnaireDiff {
    /// Whether the versions ask the same questions in the same way.
    pub fn is_empty(&self) -> bool {
        self.questions.is_empty() && self.facts.is_empty() && self.thresholds.is_none()
    }

    /// The entry of a question (by its new id, or the old id of a removed one).
    pub fn question(&self, id: &QuestionId) -> Option<&QuestionDiff> {
        self.questions.iter().find(|q| &q.id == id)
    }

    /// The entry of a fact.
    pub fn fact(&self, id: &str) -> Option<&FactDiff> {
        self.facts.iter().find(|f| f.id == id)
    }

    /// The new ids that take over the answer to an old id: the id itself when kept unchanged or
    /// changed, the questions replacing it otherwise; none when it was removed. Unchanged
    /// questions are not in the diff, so this needs the new version to tell "kept unchanged"
    /// apart from "removed": see [`successors`].
    pub fn replacing(&self, old: &QuestionId) -> Vec<&QuestionId> {
        self.questions
            .iter()
            .filter(|q| q.replaces.contains(old))
            .map(|q| &q.id)
            .collect()
    }

    /// Counts for a summary line: (added, removed, replacing, changed).
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let count = |status| self.questions.iter().filter(|q| q.status == status).count();
        (
            count(QuestionStatus::Added),
            count(QuestionStatus::Removed),
            count(QuestionStatus::Replacing),
            count(QuestionStatus::Kept),
        )
    }
}

/// The new ids that take over the answer given to `old` in the earlier version: `old` itself if
/// `new` has it, and every question of `new` that replaces it. What an upgrade of a draft to `new`
/// moves an answer to (the server's carry-forward takes the first).
pub fn successors<'a>(new: &'a Questionnaire, old: &QuestionId) -> Vec<&'a QuestionId> {
    new.questions()
        .map(|(_, q)| q)
        .filter(|q| &q.id == old || q.replaces.contains(old))
        .map(|q| &q.id)
        .collect()
}

/// The difference between two versions of a questionnaire, `old` first. Pure: it compares the
/// models only (no catalog), so it works the same in the server and the browser.
pub fn diff(old: &Questionnaire, new: &Questionnaire) -> QuestionnaireDiff {
    let old_questions: Vec<(&Domain, &Question)> = old.questions().collect();
    let find_old = |id: &QuestionId| old_questions.iter().find(|(_, q)| &q.id == id).copied();
    let mut questions = Vec::new();
    let mut taken: Vec<&QuestionId> = Vec::new();
    for (domain, question) in new.questions() {
        let kept = find_old(&question.id);
        let replaces: Vec<QuestionId> = question
            .replaces
            .iter()
            .filter(|id| **id != question.id && find_old(id).is_some())
            .cloned()
            .collect();
        taken.push(&question.id);
        taken.extend(question.replaces.iter());
        let (status, predecessor) = match (kept, replaces.first()) {
            (Some(p), _) => (QuestionStatus::Kept, Some(p)),
            (None, Some(first)) => (QuestionStatus::Replacing, find_old(first)),
            (None, None) => (QuestionStatus::Added, None),
        };
        let changes = predecessor
            .map(|(old_domain, old_question)| {
                question_changes((old_domain, old_question), (domain, question))
            })
            .unwrap_or_default();
        if status != QuestionStatus::Kept || !replaces.is_empty() || !changes.is_empty() {
            questions.push(QuestionDiff {
                id: question.id.clone(),
                status,
                replaces,
                changes,
            });
        }
    }
    for (_, question) in &old_questions {
        if !taken.contains(&&question.id) {
            questions.push(QuestionDiff {
                id: question.id.clone(),
                status: QuestionStatus::Removed,
                replaces: Vec::new(),
                changes: Vec::new(),
            });
        }
    }

    let mut facts = Vec::new();
    for fact in &new.profile {
        match old.fact(&fact.id) {
            None => facts.push(FactDiff {
                id: fact.id.clone(),
                status: FactStatus::Added,
                changes: Vec::new(),
            }),
            Some(before) => {
                let changes = fact_changes(before, fact);
                if !changes.is_empty() {
                    facts.push(FactDiff {
                        id: fact.id.clone(),
                        status: FactStatus::Kept,
                        changes,
                    });
                }
            }
        }
    }
    for fact in &old.profile {
        if new.fact(&fact.id).is_none() {
            facts.push(FactDiff {
                id: fact.id.clone(),
                status: FactStatus::Removed,
                changes: Vec::new(),
            });
        }
    }

    QuestionnaireDiff {
        questionnaire: new.id.clone(),
        from: old.version.clone(),
        to: new.version.clone(),
        questions,
        facts,
        thresholds: (old.thresholds != new.thresholds).then_some(ThresholdsChange {
            from: old.thresholds,
            to: new.thresholds,
        }),
    }
}

/// The condition under which a question is asked: its domain's and its own, and-ed.
pub fn applies(domain: &Domain, question: &Question) -> Condition {
    match (&domain.applies, &question.applies) {
        (Condition::Always, own) => own.clone(),
        (inherited, Condition::Always) => inherited.clone(),
        (inherited, own) => Condition::And {
            args: vec![inherited.clone(), own.clone()],
        },
    }
}

fn question_changes(
    (old_domain, old): (&Domain, &Question),
    (new_domain, new): (&Domain, &Question),
) -> Vec<Change> {
    let mut changes = Vec::new();
    if old.text != new.text {
        changes.push(Change::Text);
    }
    let guidance = |q: &Question| -> [Text; 4] {
        [
            q.guidance.clone(),
            q.evidence.clone(),
            q.remediation.clone(),
            q.check.clone(),
        ]
    };
    if guidance(old) != guidance(new) {
        changes.push(Change::Guidance);
    }
    if let Some((added, removed)) = citation_change(&old.citations, &new.citations) {
        changes.push(Change::Citations { added, removed });
    }
    if old.weight != new.weight {
        changes.push(Change::Weight {
            from: old.weight,
            to: new.weight,
        });
    }
    if old.critical != new.critical {
        changes.push(Change::Critical {
            from: old.critical,
            to: new.critical,
        });
    }
    let (from, to) = (applies(old_domain, old), applies(new_domain, new));
    if from != to {
        changes.push(Change::Applies { from, to });
    }
    if old_domain.id != new_domain.id {
        changes.push(Change::Domain {
            from: old_domain.id.clone(),
            to: new_domain.id.clone(),
        });
    }
    changes
}

fn fact_changes(old: &Fact, new: &Fact) -> Vec<FactChange> {
    use crate::model::FactKind;
    let mut changes = Vec::new();
    let labels = |f: &Fact| -> Vec<Text> {
        match &f.kind {
            FactKind::YesNo => Vec::new(),
            FactKind::OneOf { options } => options.iter().map(|o| o.label.clone()).collect(),
        }
    };
    let ids = |f: &Fact| -> Option<Vec<String>> {
        match &f.kind {
            FactKind::YesNo => None,
            FactKind::OneOf { options } => Some(options.iter().map(|o| o.id.clone()).collect()),
        }
    };
    if old.text != new.text || old.help != new.help || labels(old) != labels(new) {
        changes.push(FactChange::Text);
    }
    if ids(old) != ids(new) {
        changes.push(FactChange::Options);
    }
    if let Some((added, removed)) = citation_change(&old.citations, &new.citations) {
        changes.push(FactChange::Citations { added, removed });
    }
    changes
}

/// The citations only in `new` and only in `old`, each in its list's order without repeats;
/// `None` when the two hold the same citations.
fn citation_change(old: &[Citation], new: &[Citation]) -> Option<(Vec<Citation>, Vec<Citation>)> {
    let only = |a: &[Citation], b: &[Citation]| {
        let mut out: Vec<Citation> = Vec::new();
        for c in a {
            if !b.contains(c) && !out.contains(c) {
                out.push(c.clone());
            }
        }
        out
    };
    let (added, removed) = (only(new, old), only(old, new));
    (!added.is_empty() || !removed.is_empty()).then_some((added, removed))
}

/// What a questionnaire version declares it changed against the version before (its
/// `changes.md`), entry by entry, with the reasons. The loader has checked every entry against
/// [`diff`]: the kinds declared are exactly the kinds that happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeLog {
    pub questionnaire: String,
    /// The version that declares the changes.
    pub version: String,
    /// The version the changes are from.
    pub from: String,
    pub entries: Vec<DeclaredChange>,
}

/// One entry of a `changes.md`: a question or fact id, what changed and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeclaredChange {
    /// A question id (the new one; the old one for a removed question) or a fact id.
    pub id: String,
    pub changes: Vec<ChangeKind>,
    /// Why, in a sentence or two (Markdown).
    pub reason: Text,
}

impl ChangeLog {
    /// The entry of a question or fact.
    pub fn entry(&self, id: &str) -> Option<&DeclaredChange> {
        self.entries.iter().find(|e| e.id == id)
    }
}

impl Library {
    /// What a questionnaire version declares it changed, if it declares anything.
    pub fn changes(&self, id: &str, version: &str) -> Option<&ChangeLog> {
        self.changes
            .iter()
            .find(|c| c.questionnaire == id && c.version == version)
    }

    /// The difference between two loaded versions of a questionnaire; `None` when either is not
    /// loaded.
    pub fn diff(&self, id: &str, from: &str, to: &str) -> Option<QuestionnaireDiff> {
        Some(diff(self.version(id, from)?, self.version(id, to)?))
    }

    /// The difference between versions `from` and `to` of the questionnaire `id`, or, without an
    /// id, of the only questionnaire that has both versions: what `check --diff` prints.
    pub fn compare(
        &self,
        id: Option<&str>,
        from: &str,
        to: &str,
    ) -> Result<QuestionnaireDiff, DiffError> {
        let id = match id {
            Some(id) => id.to_owned(),
            None => {
                let mut ids: Vec<&str> = self
                    .questionnaires
                    .iter()
                    .map(|q| q.id.as_str())
                    .filter(|id| self.version(id, from).is_some() && self.version(id, to).is_some())
                    .collect();
                ids.dedup();
                match ids.as_slice() {
                    [one] => (*one).to_owned(),
                    [] => {
                        return Err(DiffError::NoneHasBoth {
                            from: from.to_owned(),
                            to: to.to_owned(),
                        });
                    }
                    many => {
                        return Err(DiffError::Ambiguous {
                            from: from.to_owned(),
                            to: to.to_owned(),
                            ids: many.join(", "),
                        });
                    }
                }
            }
        };
        let versions = self.versions(&id);
        if versions.is_empty() {
            return Err(DiffError::UnknownQuestionnaire(id));
        }
        let find = |version: &str| {
            self.version(&id, version)
                .ok_or_else(|| DiffError::UnknownVersion {
                    id: id.clone(),
                    version: version.to_owned(),
                    available: versions
                        .iter()
                        .map(|q| q.version.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                })
        };
        Ok(diff(find(from)?, find(to)?))
    }
}

/// Why two versions cannot be compared ([`Library::compare`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DiffError {
    #[error("no questionnaire `{0}` is loaded")]
    UnknownQuestionnaire(String),
    #[error("questionnaire `{id}` has no version {version}; its versions are {available}")]
    UnknownVersion {
        id: String,
        version: String,
        available: String,
    },
    #[error("no questionnaire has both versions {from} and {to}")]
    NoneHasBoth { from: String, to: String },
    #[error(
        "several questionnaires have versions {from} and {to} ({ids}); name the one to compare"
    )]
    Ambiguous {
        from: String,
        to: String,
        ids: String,
    },
}

/// The difference as a person reads it, one line per question or fact, with the reasons a
/// declaration gives (in English, falling back to Chinese):
///
/// ```text
/// miit-data-security 2026.1 → 2026.2: 12 added, 1 removed, 6 replacing, 30 changed
///
///   + INC-10      added
///   ~ XB-02       text, guidance, citations +DSL 31 −CSL 39, applies: … → …
///       A CII operator's exempt transfers (Provisions art. 7 para. 2) no longer fail it.
///   > RSK-06      replaces RSK-03; text, citations +NDSR 33.2
///   - CLS-07      removed
/// ```
pub struct Rendered<'a> {
    pub diff: &'a QuestionnaireDiff,
    pub declared: Option<&'a ChangeLog>,
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diff;
        let (added, removed, replacing, changed) = d.counts();
        writeln!(
            f,
            "{} {} → {}: {added} added, {removed} removed, {replacing} replacing, {changed} changed",
            d.questionnaire, d.from, d.to
        )?;
        let reason = |id: &str| {
            self.declared
                .and_then(|c| c.entry(id))
                .map(|e| e.reason.get(crate::model::Lang::En).replace('\n', " "))
        };
        if !d.questions.is_empty() {
            writeln!(f, "\nquestions")?;
        }
        for q in &d.questions {
            let (mark, mut what) = match q.status {
                QuestionStatus::Added => ('+', vec!["added".to_owned()]),
                QuestionStatus::Removed => ('-', vec!["removed".to_owned()]),
                QuestionStatus::Kept if q.replaces.is_empty() => ('~', Vec::new()),
                QuestionStatus::Kept | QuestionStatus::Replacing => {
                    let ids: Vec<&str> = q.replaces.iter().map(QuestionId::as_str).collect();
                    ('>', vec![format!("replaces {}", ids.join(", "))])
                }
            };
            what.extend(q.changes.iter().map(ToString::to_string));
            writeln!(f, "  {mark} {:<10} {}", q.id.as_str(), what.join("; "))?;
            if let Some(reason) = reason(q.id.as_str()) {
                writeln!(f, "      {reason}")?;
            }
        }
        if !d.facts.is_empty() {
            writeln!(f, "\nprofile facts")?;
        }
        for fact in &d.facts {
            let (mark, mut what) = match fact.status {
                FactStatus::Added => ('+', vec!["added".to_owned()]),
                FactStatus::Removed => ('-', vec!["removed".to_owned()]),
                FactStatus::Kept => ('~', Vec::new()),
            };
            what.extend(fact.changes.iter().map(ToString::to_string));
            writeln!(f, "  {mark} {:<24} {}", fact.id, what.join("; "))?;
            if let Some(reason) = reason(&fact.id) {
                writeln!(f, "      {reason}")?;
            }
        }
        if let Some(t) = &d.thresholds {
            writeln!(
                f,
                "\nthresholds: ready {} → {}, largely ready {} → {}",
                t.from.ready, t.to.ready, t.from.largely_ready, t.to.largely_ready
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Thresholds;

    fn id(s: &str) -> QuestionId {
        QuestionId::parse(s).expect("a valid id")
    }

    fn cite(s: &str) -> Citation {
        let (instrument, article) = s.split_once(' ').unwrap_or((s, "1"));
        Citation {
            instrument: instrument.to_owned(),
            article: article.parse().unwrap_or(1),
            paragraph: None,
            item: None,
        }
    }

    fn question(id: &str, cites: &[&str], replaces: &[&str]) -> Question {
        Question {
            id: QuestionId::parse(id).expect("a valid id"),
            text: Text::new(format!("{id} 问"), format!("{id} asks")),
            weight: 3,
            critical: false,
            applies: Condition::Always,
            citations: cites.iter().map(|c| cite(c)).collect(),
            guidance: Text::default(),
            evidence: Text::default(),
            remediation: Text::default(),
            check: Text::default(),
            replaces: replaces
                .iter()
                .map(|r| QuestionId::parse(r).expect("a valid id"))
                .collect(),
        }
    }

    fn version(v: &str, domains: Vec<(&str, Vec<Question>)>) -> Questionnaire {
        Questionnaire {
            id: "q".to_owned(),
            version: v.to_owned(),
            title: Text::default(),
            effective: "2026-01-01".to_owned(),
            scope: Text::default(),
            subject: Default::default(),
            thresholds: Thresholds::default(),
            profile: Vec::new(),
            domains: domains
                .into_iter()
                .map(|(id, questions)| Domain {
                    id: id.to_owned(),
                    title: Text::default(),
                    applies: Condition::Always,
                    questions,
                })
                .collect(),
        }
    }

    fn summary(d: &QuestionnaireDiff) -> Vec<String> {
        d.questions
            .iter()
            .map(|q| {
                let kinds: Vec<&str> = q.kinds().iter().map(|k| k.word()).collect();
                format!("{} {}", q.id, kinds.join(","))
            })
            .collect()
    }

    #[test]
    fn same_versions_differ_in_nothing() {
        let v = version("1", vec![("a", vec![question("A-01", &["X 1"], &[])])]);
        assert!(diff(&v, &v).is_empty());
    }

    #[test]
    fn splits_merges_renumbering_additions_and_removals_are_told_apart() {
        let old = version(
            "1",
            vec![(
                "a",
                vec![
                    question("A-01", &["X 1"], &[]),
                    question("A-02", &["X 2"], &[]),
                    question("A-03", &["X 3"], &[]),
                    question("A-04", &["X 4"], &[]),
                    question("A-05", &["X 5", "X 6"], &[]),
                ],
            )],
        );
        let mut kept = question("A-01", &["X 1"], &["A-04"]);
        kept.weight = 4;
        let new = version(
            "2",
            vec![
                (
                    "a",
                    vec![
                        kept,
                        question("A-06", &["X 2"], &["A-02"]),
                        question("A-07", &["X 2", "X 7"], &["A-02", "A-99"]),
                        question("A-08", &["X 8"], &[]),
                    ],
                ),
                ("b", vec![question("A-05", &["X 6", "X 5"], &[])]),
            ],
        );
        let d = diff(&old, &new);
        assert_eq!(
            summary(&d),
            [
                "A-01 replaces,weight",
                "A-06 replaces,text",
                "A-07 replaces,text,citations",
                "A-08 added",
                "A-05 domain",
                "A-03 removed",
            ]
        );
        let a07 = d.question(&id("A-07")).expect("present");
        assert_eq!(a07.status, QuestionStatus::Replacing);
        // A-99 is in no version compared: not listed.
        assert_eq!(a07.replaces, [id("A-02")]);
        assert_eq!(
            a07.change(ChangeKind::Citations),
            Some(&Change::Citations {
                added: vec![cite("X 7")],
                removed: Vec::new()
            })
        );
        let a02 = id("A-02");
        assert_eq!(d.replacing(&a02).len(), 2);
        let ids: Vec<&str> = successors(&new, &a02).iter().map(|i| i.as_str()).collect();
        assert_eq!(ids, ["A-06", "A-07"]);
        assert_eq!(d.counts(), (1, 1, 2, 2));
    }

    #[test]
    fn a_domain_condition_counts_as_the_questions_condition() {
        let old = version("1", vec![("a", vec![question("A-01", &["X 1"], &[])])]);
        let mut new = old.clone();
        new.version = "2".to_owned();
        new.domains[0].applies = Condition::Fact {
            fact: "ciio".to_owned(),
        };
        let d = diff(&old, &new);
        assert_eq!(summary(&d), ["A-01 applies"]);
        assert_eq!(
            d.questions[0].changes[0].to_string(),
            "applies: always → ciio"
        );
    }

    #[test]
    fn the_diff_serialises_with_tagged_aspects() {
        let old = version("1", vec![("a", vec![question("A-01", &["X 1"], &[])])]);
        let mut new = old.clone();
        new.version = "2".to_owned();
        new.domains[0].questions[0].weight = 5;
        let json = serde_json::to_value(diff(&old, &new)).expect("serialisable");
        assert_eq!(
            json["questions"][0],
            serde_json::json!({
                "id": "A-01", "status": "kept",
                "changes": [{ "aspect": "weight", "from": 3, "to": 5 }]
            })
        );
    }
}
