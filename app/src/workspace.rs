//! The state of one open assessment and the autosave that keeps the server in step with it.
//!
//! Every edit changes the local state at once (the page and the live score follow it) and puts
//! the changed item in a save queue. One request is in flight at a time; a request carries the
//! revision the edit was based on, so a stale edit comes back as a 409 conflict and is shown
//! with both versions instead of overwriting someone else's answer. When the server cannot be
//! reached the queue pauses and retries with backoff, the item stays "failed" in the interface
//! until it is saved, and unsaved answers are also kept in local storage so that a closed tab or
//! a browser crash during an outage loses nothing (they come back, based on their old revision,
//! the next time the assessment is opened).

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use questionnaires::score::{Score, ScoreError, score};
use questionnaires::{
    Answer, AnswerValue, Answers, Catalog, FactValue, Profile, Question, QuestionId, Questionnaire,
};

use crate::api::{
    self, AnswerUpdate, ApiError, Assessment, Evidence, Organization, ProfileUpdate, Remediation,
    RemediationUpdate, Status, StoredAnswer,
};
use crate::format;
use crate::local::{self, UnsavedAnswer};

/// Everything the pages of an open assessment share. `Copy`: every field is a reactive handle.
#[derive(Clone, Copy)]
pub struct Workspace {
    pub id: i64,
    pub questionnaire: StoredValue<Questionnaire>,
    pub catalog: StoredValue<Catalog>,
    pub info: RwSignal<Info>,
    pub profile: RwSignal<Profile>,
    profile_base: StoredValue<u64>,
    pub answers: RwSignal<BTreeMap<QuestionId, Entry>>,
    pub evidence: RwSignal<Vec<Evidence>>,
    pub remediation: RwSignal<BTreeMap<QuestionId, Remediation>>,
    pub remediation_drafts: RwSignal<BTreeMap<QuestionId, RemediationUpdate>>,
    pub saves: Saver,
    /// The live score of the local state, by the same code as the server's `/score`.
    pub score: Memo<Result<Score, ScoreError>>,
}

/// What the header of an open assessment shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Info {
    pub organization: Organization,
    pub cycle: String,
    /// The App assessed; `None` for the whole organization.
    pub subject: Option<questionnaires::Subject>,
    pub status: Status,
    pub questionnaire_version: String,
    /// The review cycle this assessment was carried forward from.
    pub carried_from: Option<String>,
    /// The server sent another version of the questionnaire than the assessment is pinned to.
    pub version_mismatch: Option<String>,
    pub updated_at: String,
}

/// An answer as being edited.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    pub value: Option<AnswerValue>,
    pub na_reason: String,
    pub note: String,
}

impl Draft {
    pub fn of(stored: &StoredAnswer) -> Draft {
        Draft {
            value: Some(stored.value),
            na_reason: stored.na_reason.clone().unwrap_or_default(),
            note: stored.note.clone(),
        }
    }

    /// The form that decides whether two drafts say the same: the N/A reason only counts for
    /// 不适用, and surrounding space does not count.
    fn canonical(&self) -> (Option<AnswerValue>, &str, &str) {
        let reason = if self.value == Some(AnswerValue::NotApplicable) {
            self.na_reason.trim()
        } else {
            ""
        };
        (self.value, reason, self.note.trim())
    }

    pub fn same_as(&self, other: &Draft) -> bool {
        self.canonical() == other.canonical()
    }

    /// What is wrong with saving this draft, if anything.
    pub fn problem(&self) -> Option<Problem> {
        match self.value {
            None => Some(Problem::NeedsValue),
            Some(AnswerValue::NotApplicable) if self.na_reason.trim().is_empty() => {
                Some(Problem::NeedsReason)
            }
            Some(_) => None,
        }
    }

    fn update(&self, base: u64) -> Option<AnswerUpdate> {
        let value = self.value?;
        Some(AnswerUpdate {
            value,
            na_reason: (value == AnswerValue::NotApplicable).then(|| self.na_reason.clone()),
            note: self.note.clone(),
            revision: base,
        })
    }
}

/// One question's answer: what the user sees, what the server has, and the server revision the
/// edit is based on.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entry {
    pub draft: Draft,
    pub saved: Option<StoredAnswer>,
    pub base: u64,
}

impl Entry {
    fn from_saved(stored: StoredAnswer) -> Entry {
        Entry {
            draft: Draft::of(&stored),
            base: stored.revision,
            saved: Some(stored),
        }
    }

    fn saved_draft(&self) -> Draft {
        self.saved.as_ref().map(Draft::of).unwrap_or_default()
    }

    /// The draft differs from the server's answer.
    pub fn is_dirty(&self) -> bool {
        !self.draft.same_as(&self.saved_draft())
    }

    /// The answer is as carried over from the previous cycle: nobody has confirmed or changed
    /// it in this one.
    pub fn is_carried(&self) -> bool {
        self.saved.as_ref().is_some_and(|s| s.carried) && !self.is_dirty()
    }

    /// The answer as the server will score it once saving is done: the draft when it can be
    /// saved, else the server's copy.
    fn scored(&self) -> Option<Answer> {
        if !self.is_dirty() {
            return self.saved.as_ref().map(|s| Answer {
                value: s.value,
                na_reason: s.na_reason.clone(),
                note: s.note.clone(),
            });
        }
        if self.draft.problem().is_none()
            && let Some(value) = self.draft.value
        {
            return Some(Answer {
                value,
                na_reason: (value == AnswerValue::NotApplicable)
                    .then(|| self.draft.na_reason.clone()),
                note: self.draft.note.clone(),
            });
        }
        self.saved.as_ref().map(|s| Answer {
            value: s.value,
            na_reason: s.na_reason.clone(),
            note: s.note.clone(),
        })
    }
}

/// What the autosave is doing with one item.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SaveKey {
    Profile,
    Answer(QuestionId),
    Remediation(QuestionId),
}

#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    /// Changed, waiting to be sent.
    Pending,
    Saving,
    /// The server could not be reached or failed; retried automatically.
    Failed(String),
    /// This change cannot be saved as it is.
    Invalid(Problem),
    /// Someone else saved first; the user chooses.
    Conflict(Conflict),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    NeedsValue,
    NeedsReason,
    /// The server refused it, with its message.
    Server(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Conflict {
    Answer(StoredAnswer),
    Profile(ProfileUpdate),
}

/// The state of the whole autosave, for the indicator in the header.
#[derive(Clone, Debug, PartialEq)]
pub enum Overall {
    /// Nothing changed in this visit.
    Idle,
    /// Everything is saved; the time of the last save.
    Saved(String),
    Saving,
    Failed(String),
    Conflict,
    /// Changes that cannot be saved as they are (missing answer or N/A reason, refused).
    Invalid,
}

/// The save queue. Items leave it only when saved, in conflict or refused.
#[derive(Clone, Copy)]
pub struct Saver {
    pub states: RwSignal<BTreeMap<SaveKey, SaveState>>,
    pub last_saved: RwSignal<Option<String>>,
    /// The last transient failure, until a request succeeds again.
    pub failing: RwSignal<Option<String>>,
    queue: StoredValue<VecDeque<SaveKey>>,
    busy: StoredValue<bool>,
    paused: StoredValue<bool>,
    attempt: StoredValue<u32>,
    retry_generation: StoredValue<u64>,
    debounce: StoredValue<BTreeMap<SaveKey, u64>>,
}

impl Saver {
    fn new() -> Saver {
        Saver {
            states: RwSignal::new(BTreeMap::new()),
            last_saved: RwSignal::new(None),
            failing: RwSignal::new(None),
            queue: StoredValue::new(VecDeque::new()),
            busy: StoredValue::new(false),
            paused: StoredValue::new(false),
            attempt: StoredValue::new(0),
            retry_generation: StoredValue::new(0),
            debounce: StoredValue::new(BTreeMap::new()),
        }
    }

    pub fn overall(&self) -> Overall {
        let states = self.states.get();
        if states.values().any(|s| matches!(s, SaveState::Conflict(_))) {
            return Overall::Conflict;
        }
        if let Some(message) = self.failing.get() {
            return Overall::Failed(message);
        }
        if states
            .values()
            .any(|s| matches!(s, SaveState::Pending | SaveState::Saving))
        {
            return Overall::Saving;
        }
        if states.values().any(|s| matches!(s, SaveState::Invalid(_))) {
            return Overall::Invalid;
        }
        match self.last_saved.get() {
            Some(at) => Overall::Saved(at),
            None => Overall::Idle,
        }
    }

    /// Whether leaving the page now would lose something.
    pub fn has_unsaved(&self) -> bool {
        self.states.with_untracked(|s| !s.is_empty())
    }

    pub fn state(&self, key: &SaveKey) -> Option<SaveState> {
        self.states.with(|s| s.get(key).cloned())
    }

    fn set(&self, key: &SaveKey, state: Option<SaveState>) {
        self.states.update(|s| match state {
            Some(state) => {
                s.insert(key.clone(), state);
            }
            None => {
                s.remove(key);
            }
        });
    }

    fn enqueue(&self, key: SaveKey) {
        self.queue.update_value(|q| {
            if !q.contains(&key) {
                q.push_back(key);
            }
        });
    }
}

/// How long typing pauses before a text is saved (leaving the field saves at once).
const TYPING_PAUSE: Duration = Duration::from_millis(600);
/// The longest wait between automatic retries.
const MAX_RETRY: Duration = Duration::from_secs(4);

impl Workspace {
    /// Builds the state of a loaded assessment, restoring answers left unsaved by an earlier
    /// visit and sending them.
    pub fn new(assessment: Assessment, questionnaire: Questionnaire, catalog: Catalog) -> Self {
        let version_mismatch = (questionnaire.version != assessment.questionnaire_version)
            .then(|| questionnaire.version.clone());
        let info = Info {
            organization: assessment.organization.clone(),
            cycle: assessment.cycle.clone(),
            subject: assessment.subject.clone(),
            status: assessment.status,
            questionnaire_version: assessment.questionnaire_version.clone(),
            carried_from: assessment.carried_from.as_ref().map(|c| c.cycle.clone()),
            version_mismatch,
            updated_at: assessment.updated_at.clone(),
        };
        let mut answers: BTreeMap<QuestionId, Entry> = assessment
            .answers
            .into_iter()
            .map(|(id, stored)| (id, Entry::from_saved(stored)))
            .collect();
        let saves = Saver::new();
        let mut restored = Vec::new();
        if !assessment.status.is_read_only() {
            for (id, unsaved) in local::unsaved_answers(assessment.id) {
                if questionnaire.question(&id).is_none() {
                    continue;
                }
                let entry = answers.entry(id.clone()).or_default();
                entry.draft = Draft {
                    value: unsaved.value,
                    na_reason: unsaved.na_reason,
                    note: unsaved.note,
                };
                entry.base = unsaved.base;
                let stale = entry.saved.as_ref().map_or(0, |s| s.revision) != unsaved.base;
                if entry.is_dirty() || stale {
                    restored.push(SaveKey::Answer(id));
                }
            }
        }
        let remediation_drafts = assessment
            .remediation
            .iter()
            .map(|(id, r)| (id.clone(), update_of(r)))
            .collect();

        let questionnaire = StoredValue::new(questionnaire);
        let catalog = StoredValue::new(catalog);
        let profile = RwSignal::new(assessment.profile);
        let answers = RwSignal::new(answers);
        let score = Memo::new(move |_| {
            let profile = profile.get();
            let answers: Answers = answers.with(|entries| {
                entries
                    .iter()
                    .filter_map(|(id, entry)| entry.scored().map(|a| (id.clone(), a)))
                    .collect()
            });
            questionnaire.with_value(|q| catalog.with_value(|c| score(q, c, &profile, &answers)))
        });
        let ws = Workspace {
            id: assessment.id,
            questionnaire,
            catalog,
            info: RwSignal::new(info),
            profile,
            profile_base: StoredValue::new(assessment.profile_revision),
            answers,
            evidence: RwSignal::new(assessment.evidence),
            remediation: RwSignal::new(assessment.remediation),
            remediation_drafts: RwSignal::new(remediation_drafts),
            saves,
            score,
        };

        // Unsaved answers live in local storage until the server has them.
        let id = ws.id;
        Effect::new(move |_| {
            let unsaved: BTreeMap<QuestionId, UnsavedAnswer> = answers.with(|entries| {
                entries
                    .iter()
                    .filter(|(_, e)| {
                        e.is_dirty() || e.base != e.saved.as_ref().map_or(0, |s| s.revision)
                    })
                    .map(|(id, e)| {
                        (
                            id.clone(),
                            UnsavedAnswer {
                                value: e.draft.value,
                                na_reason: e.draft.na_reason.clone(),
                                note: e.draft.note.clone(),
                                base: e.base,
                            },
                        )
                    })
                    .collect()
            });
            local::store_unsaved_answers(id, &unsaved);
        });

        for key in restored {
            ws.saves.set(&key, Some(SaveState::Pending));
            ws.saves.enqueue(key);
        }
        ws.pump();
        ws
    }

    pub fn read_only(&self) -> bool {
        self.info.with(|i| i.status.is_read_only())
    }

    /// The applicable questions for the current profile, in questionnaire order, with the index
    /// of their domain.
    pub fn applicable(&self) -> Vec<(usize, QuestionId)> {
        let profile = self.profile.get();
        self.questionnaire.with_value(|q| {
            q.domains
                .iter()
                .enumerate()
                .filter(|(_, d)| d.applies.eval(&q.profile, &profile))
                .flat_map(|(i, d)| {
                    d.questions
                        .iter()
                        .filter(|question| question.applies.eval(&q.profile, &profile))
                        .map(move |question| (i, question.id.clone()))
                })
                .collect()
        })
    }

    pub fn question(&self, id: &QuestionId) -> Option<Question> {
        self.questionnaire.with_value(|q| q.question(id).cloned())
    }

    pub fn entry(&self, id: &QuestionId) -> Entry {
        self.answers
            .with(|a| a.get(id).cloned())
            .unwrap_or_default()
    }

    /// Chooses an answer; saved at once unless 不适用 still needs its reason.
    pub fn set_value(&self, id: &QuestionId, value: AnswerValue) {
        if self.read_only() {
            return;
        }
        self.edit(id, |d| d.value = Some(value));
        self.save_now(SaveKey::Answer(id.clone()));
    }

    /// How many answers are carried over and not confirmed yet (tracked).
    pub fn carried_count(&self) -> usize {
        self.answers
            .with(|a| a.values().filter(|e| e.is_carried()).count())
    }

    /// [`Workspace::carried_count`] without subscribing to changes.
    pub fn carried_count_untracked(&self) -> usize {
        self.answers
            .with_untracked(|a| a.values().filter(|e| e.is_carried()).count())
    }

    /// Confirms a carried-over answer as it is for this cycle.
    pub fn confirm(&self, id: &QuestionId) {
        if self.read_only() || !self.entry(id).is_carried() {
            return;
        }
        self.save_now(SaveKey::Answer(id.clone()));
    }

    pub fn set_na_reason(&self, id: &QuestionId, reason: String) {
        if self.read_only() {
            return;
        }
        self.edit(id, |d| d.na_reason = reason);
        self.save_after_typing(SaveKey::Answer(id.clone()));
    }

    pub fn set_note(&self, id: &QuestionId, note: String) {
        if self.read_only() {
            return;
        }
        self.edit(id, |d| d.note = note);
        self.save_after_typing(SaveKey::Answer(id.clone()));
    }

    pub fn set_fact(&self, fact: &str, value: FactValue) {
        if self.read_only() {
            return;
        }
        self.profile.update(|p| {
            p.insert(fact.to_owned(), value);
        });
        self.save_now(SaveKey::Profile);
    }

    pub fn edit_remediation(&self, id: &QuestionId, edit: impl FnOnce(&mut RemediationUpdate)) {
        self.remediation_drafts.update(|drafts| {
            let draft = drafts
                .entry(id.clone())
                .or_insert_with(|| RemediationUpdate {
                    owner: String::new(),
                    due_date: None,
                    status: api::RemediationStatus::Open,
                    comment: String::new(),
                });
            edit(draft);
        });
    }

    fn edit(&self, id: &QuestionId, edit: impl FnOnce(&mut Draft)) {
        self.answers
            .update(|a| edit(&mut a.entry(id.clone()).or_default().draft));
    }

    /// Sends an item as soon as the queue reaches it.
    pub fn save_now(&self, key: SaveKey) {
        if matches!(self.saves.state(&key), Some(SaveState::Conflict(_))) {
            return;
        }
        self.saves.debounce.update_value(|d| {
            d.remove(&key);
        });
        self.saves.set(&key, Some(SaveState::Pending));
        self.saves.enqueue(key);
        self.pump();
    }

    /// Marks an item changed and sends it once typing pauses.
    pub fn save_after_typing(&self, key: SaveKey) {
        if matches!(self.saves.state(&key), Some(SaveState::Conflict(_))) {
            return;
        }
        self.saves.set(&key, Some(SaveState::Pending));
        let mut generation = 0;
        self.saves.debounce.update_value(|d| {
            let g = d.entry(key.clone()).or_insert(0);
            *g += 1;
            generation = *g;
        });
        let ws = *self;
        set_timeout(
            move || {
                let current = ws.saves.debounce.with_value(|d| d.get(&key).copied());
                if current == Some(generation) {
                    ws.save_now(key);
                }
            },
            TYPING_PAUSE,
        );
    }

    /// Sends a changed item now (when its field loses focus).
    pub fn flush(&self, key: SaveKey) {
        let pending = self.saves.debounce.with_value(|d| d.contains_key(&key));
        if pending {
            self.save_now(key);
        }
    }

    /// Retries at once after a failure, instead of waiting for the next automatic retry.
    pub fn retry(&self) {
        self.saves.retry_generation.update_value(|g| *g += 1);
        self.saves.paused.set_value(false);
        self.pump();
    }

    /// Resolves a conflict by keeping the local version (saved over the other one) or taking
    /// the server's.
    pub fn resolve(&self, key: &SaveKey, keep_mine: bool) {
        let Some(SaveState::Conflict(conflict)) = self.saves.state(key) else {
            return;
        };
        match (conflict, key) {
            (Conflict::Answer(current), SaveKey::Answer(id)) => {
                self.answers.update(|a| {
                    let entry = a.entry(id.clone()).or_default();
                    entry.base = current.revision;
                    if !keep_mine {
                        entry.draft = Draft::of(&current);
                    }
                    entry.saved = Some(current);
                });
            }
            (Conflict::Profile(current), SaveKey::Profile) => {
                self.profile_base.set_value(current.revision);
                if !keep_mine {
                    self.profile.set(current.profile);
                }
            }
            _ => {}
        }
        self.saves.set(key, None);
        if keep_mine {
            self.save_now(key.clone());
        }
    }

    /// Sends the next item of the queue, if none is in flight and the queue is not paused.
    fn pump(&self) {
        let saves = self.saves;
        if saves.busy.get_value() || saves.paused.get_value() {
            return;
        }
        let Some(key) = saves.queue.try_update_value(|q| q.pop_front()).flatten() else {
            return;
        };
        match key.clone() {
            SaveKey::Answer(id) => self.send_answer(key, id),
            SaveKey::Profile => self.send_profile(key),
            SaveKey::Remediation(id) => self.send_remediation(key, id),
        }
    }

    fn send_answer(&self, key: SaveKey, id: QuestionId) {
        let ws = *self;
        let entry = self
            .answers
            .with_untracked(|a| a.get(&id).cloned())
            .unwrap_or_default();
        if let Some(problem) = entry.draft.problem() {
            // A note typed before choosing an answer, or 不适用 without its reason: kept here,
            // saved once complete.
            ws.saves.set(&key, Some(SaveState::Invalid(problem)));
            return ws.pump();
        }
        let saved_revision = entry.saved.as_ref().map_or(0, |s| s.revision);
        // An unchanged answer is not sent again, unless it is carried over: saving it is what
        // confirms it for this cycle.
        if !entry.is_dirty() && entry.base == saved_revision && !entry.is_carried() {
            ws.saves.set(&key, None);
            return ws.pump();
        }
        let Some(update) = entry.draft.update(entry.base) else {
            return ws.pump();
        };
        let sent = entry.draft.clone();
        ws.begin(&key);
        spawn_local(async move {
            let result = api::put_answer(ws.id, &id, &update).await;
            ws.saves.busy.set_value(false);
            match result {
                Ok(stored) => {
                    let mut unchanged = false;
                    ws.answers.update(|a| {
                        let entry = a.entry(id.clone()).or_default();
                        entry.base = stored.revision;
                        entry.saved = Some(stored);
                        unchanged = entry.draft.same_as(&sent);
                    });
                    ws.succeeded(&key, unchanged);
                }
                Err(error) if error.is_conflict() => {
                    let current = error
                        .current
                        .clone()
                        .and_then(|v| serde_json::from_value::<StoredAnswer>(v).ok());
                    match current {
                        Some(current) => {
                            ws.reached();
                            ws.saves
                                .set(&key, Some(SaveState::Conflict(Conflict::Answer(current))));
                        }
                        None => ws.rejected(&key, &error),
                    }
                }
                Err(error) => ws.failed(&key, &error),
            }
            ws.pump();
        });
    }

    fn send_profile(&self, key: SaveKey) {
        let ws = *self;
        let update = ProfileUpdate {
            profile: self.profile.get_untracked(),
            revision: self.profile_base.get_value(),
        };
        ws.begin(&key);
        spawn_local(async move {
            let result = api::put_profile(ws.id, &update).await;
            ws.saves.busy.set_value(false);
            match result {
                Ok(saved) => {
                    ws.profile_base.set_value(saved.revision);
                    let unchanged = ws.profile.with_untracked(|p| *p == update.profile);
                    ws.succeeded(&key, unchanged);
                }
                Err(error) if error.is_conflict() => {
                    let current = error
                        .current
                        .clone()
                        .and_then(|v| serde_json::from_value::<ProfileUpdate>(v).ok());
                    match current {
                        Some(current) => {
                            ws.reached();
                            ws.saves
                                .set(&key, Some(SaveState::Conflict(Conflict::Profile(current))));
                        }
                        None => ws.rejected(&key, &error),
                    }
                }
                Err(error) => ws.failed(&key, &error),
            }
            ws.pump();
        });
    }

    fn send_remediation(&self, key: SaveKey, id: QuestionId) {
        let ws = *self;
        let Some(update) = self
            .remediation_drafts
            .with_untracked(|d| d.get(&id).cloned())
        else {
            ws.saves.set(&key, None);
            return ws.pump();
        };
        ws.begin(&key);
        spawn_local(async move {
            let result = api::put_remediation(ws.id, &id, &update).await;
            ws.saves.busy.set_value(false);
            match result {
                Ok(saved) => {
                    ws.remediation.update(|r| {
                        r.insert(id.clone(), saved);
                    });
                    let unchanged = ws
                        .remediation_drafts
                        .with_untracked(|d| d.get(&id) == Some(&update));
                    ws.succeeded(&key, unchanged);
                }
                Err(error) => ws.failed(&key, &error),
            }
            ws.pump();
        });
    }

    fn begin(&self, key: &SaveKey) {
        self.saves.busy.set_value(true);
        self.saves.set(key, Some(SaveState::Saving));
    }

    /// The server answered: whatever failed before is no longer a reason to show "failed".
    fn reached(&self) {
        self.saves.attempt.set_value(0);
        self.saves.failing.set(None);
    }

    fn succeeded(&self, key: &SaveKey, unchanged: bool) {
        let saves = self.saves;
        self.reached();
        saves.last_saved.set(Some(format::time_now()));
        if unchanged {
            // A newer edit may be waiting for typing to pause; it keeps its pending state.
            let typing = saves.debounce.with_value(|d| d.contains_key(key));
            if !typing {
                saves.set(key, None);
            }
        } else {
            saves.set(key, Some(SaveState::Pending));
            saves.enqueue(key.clone());
        }
    }

    fn rejected(&self, key: &SaveKey, error: &ApiError) {
        self.reached();
        self.saves.set(
            key,
            Some(SaveState::Invalid(Problem::Server(error.message.clone()))),
        );
        if error.code == "read_only" {
            self.info.update(|i| {
                if !i.status.is_read_only() {
                    i.status = Status::Approved;
                }
            });
        }
    }

    /// A failed request: transient failures pause the queue and retry with backoff; others are
    /// the change's own fault and wait for the user.
    fn failed(&self, key: &SaveKey, error: &ApiError) {
        if !error.is_transient() {
            return self.rejected(key, error);
        }
        let saves = self.saves;
        saves.queue.update_value(|q| {
            q.retain(|k| k != key);
            q.push_front(key.clone());
        });
        saves.set(key, Some(SaveState::Failed(error.message.clone())));
        saves.failing.set(Some(error.message.clone()));
        saves.paused.set_value(true);
        let attempt = saves.attempt.try_update_value(|a| {
            *a += 1;
            *a
        });
        let exponent = attempt.unwrap_or(1).saturating_sub(1).min(6);
        let delay = Duration::from_millis(500 * (1 << exponent)).min(MAX_RETRY);
        let generation = saves
            .retry_generation
            .try_update_value(|g| {
                *g += 1;
                *g
            })
            .unwrap_or_default();
        let ws = *self;
        set_timeout(
            move || {
                if ws.saves.retry_generation.get_value() == generation {
                    ws.saves.paused.set_value(false);
                    ws.pump();
                }
            },
            delay,
        );
    }

    /// Applies an assessment returned by a status change.
    pub fn apply_status(&self, assessment: &Assessment) {
        self.info.update(|i| {
            i.status = assessment.status;
            i.updated_at = assessment.updated_at.clone();
        });
    }

    /// Takes answers the server saved outside the autosave (an applied workbook) as the
    /// current ones, so the pages and the next saves start from their revisions.
    pub fn accept_saved(&self, saved: Vec<StoredAnswer>) {
        self.answers.update(|entries| {
            for stored in saved {
                entries.insert(stored.question_id.clone(), Entry::from_saved(stored));
            }
        });
    }
}

fn update_of(r: &Remediation) -> RemediationUpdate {
    RemediationUpdate {
        owner: r.owner.clone(),
        due_date: r.due_date.clone(),
        status: r.status,
        comment: r.comment.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(value: AnswerValue, reason: Option<&str>, note: &str) -> StoredAnswer {
        StoredAnswer {
            question_id: QuestionId::parse("GOV-01").unwrap_or_else(|e| panic!("{e}")),
            value,
            na_reason: reason.map(str::to_owned),
            note: note.to_owned(),
            revision: 3,
            updated_at: "2026-03-01T08:00:00Z".to_owned(),
            updated_by: "张三".to_owned(),
            carried: false,
        }
    }

    #[test]
    fn a_carried_answer_stays_carried_until_it_is_changed_or_saved() {
        let mut carried = stored(AnswerValue::Partial, None, "去年的说明");
        carried.carried = true;
        let mut entry = Entry::from_saved(carried);
        assert!(entry.is_carried());
        entry.draft.note = "今年补充了制度".to_owned();
        assert!(
            !entry.is_carried(),
            "a changed answer is no longer the carried one"
        );
        entry.draft.note = "去年的说明".to_owned();
        assert!(entry.is_carried());
        entry.saved = Some(stored(AnswerValue::Partial, None, "去年的说明"));
        assert!(!entry.is_carried(), "saved in this cycle");
    }

    #[test]
    fn a_reason_kept_after_leaving_not_applicable_and_surrounding_space_are_no_change() {
        let saved = Entry::from_saved(stored(AnswerValue::Compliant, None, "见制度"));
        let mut entry = saved.clone();
        entry.draft.na_reason = "typed while N/A, then changed the answer".to_owned();
        entry.draft.note = " 见制度 \n".to_owned();
        assert!(!entry.is_dirty());
        entry.draft.note = "见制度第三条".to_owned();
        assert!(entry.is_dirty());
    }

    #[test]
    fn the_live_score_counts_a_draft_only_once_the_server_would_take_it() {
        let mut entry = Entry::from_saved(stored(AnswerValue::Compliant, None, ""));
        entry.draft.value = Some(AnswerValue::NotApplicable);
        assert_eq!(entry.draft.problem(), Some(Problem::NeedsReason));
        assert_eq!(
            entry.scored().map(|a| a.value),
            Some(AnswerValue::Compliant)
        );
        entry.draft.na_reason = "不处理个人信息".to_owned();
        let scored = entry.scored();
        assert_eq!(
            scored.as_ref().map(|a| a.value),
            Some(AnswerValue::NotApplicable)
        );
        assert_eq!(
            scored.and_then(|a| a.na_reason).as_deref(),
            Some("不处理个人信息")
        );
    }

    #[test]
    fn a_note_without_an_answer_waits_for_the_answer() {
        let entry = Entry {
            draft: Draft {
                value: None,
                na_reason: String::new(),
                note: "先记下".to_owned(),
            },
            saved: None,
            base: 0,
        };
        assert_eq!(entry.draft.problem(), Some(Problem::NeedsValue));
        assert!(entry.is_dirty());
        assert_eq!(entry.scored(), None);
        assert_eq!(entry.draft.update(0), None);
    }

    #[test]
    fn an_update_carries_the_reason_only_for_not_applicable_and_the_base_revision() {
        let draft = Draft {
            value: Some(AnswerValue::Partial),
            na_reason: "left over".to_owned(),
            note: "n".to_owned(),
        };
        let update = draft.update(7);
        assert_eq!(
            update,
            Some(AnswerUpdate {
                value: AnswerValue::Partial,
                na_reason: None,
                note: "n".to_owned(),
                revision: 7,
            })
        );
    }
}
