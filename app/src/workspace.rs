//! The state of one open assessment and the autosave that keeps the server in step with it.
//!
//! Every edit changes the local state at once (the page and the live score follow it) and tells
//! the autosave (`autosave.rs`, a pure state machine) that the item changed. The workspace
//! carries out what the machine asks for: it builds each request from the local state — one
//! generic `request` for answers, the profile and remediation — with the revision the edit was
//! based on, so a stale edit comes back as a 409 conflict and is shown with both versions instead
//! of overwriting someone else's answer, and it runs the machine's timers (typing pause, retry
//! backoff). Unsaved answers are also kept in local storage so that a closed tab or a browser
//! crash during an outage loses nothing (they come back, based on their old revision, the next
//! time the assessment is opened).

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use questionnaires::score::{Score, ScoreError, score};
use questionnaires::{
    Answer, AnswerValue, Answers, Catalog, FactValue, Profile, Question, QuestionId, Questionnaire,
};

use crate::api::{
    self, AnswerUpdate, ApiError, Assessment, ErrorCode, Evidence, Organization, ProfileUpdate,
    Remediation, RemediationUpdate, Status, StoredAnswer,
};
use crate::autosave::{Autosave, Command, Event};
pub use crate::autosave::{Conflict, Overall, Problem, SaveKey, SaveState};
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
    profile_base: StoredValue<i64>,
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

    fn update(&self, base: i64) -> Option<AnswerUpdate> {
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
    pub base: i64,
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

/// The autosave as the pages see it: the state machine of `autosave.rs` in a signal, changed
/// only through `Workspace::dispatch`.
#[derive(Clone, Copy)]
pub struct Saver {
    machine: RwSignal<Autosave>,
}

impl Saver {
    pub fn overall(&self) -> Overall {
        self.machine.with(Autosave::overall)
    }

    /// Whether leaving the page now would lose something (not tracked).
    pub fn has_unsaved(&self) -> bool {
        self.machine.with_untracked(Autosave::has_unsaved)
    }

    /// Whether anything is unsaved, tracked for the view.
    pub fn any_unsaved(&self) -> bool {
        self.machine.with(Autosave::has_unsaved)
    }

    pub fn state(&self, key: &SaveKey) -> Option<SaveState> {
        self.machine.with(|m| m.state(key).cloned())
    }

    /// Reads every item not yet saved, with its state.
    pub fn with_states<R>(&self, read: impl FnOnce(&BTreeMap<SaveKey, SaveState>) -> R) -> R {
        self.machine.with(|m| read(m.states()))
    }
}

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
        let saves = Saver {
            machine: RwSignal::new(Autosave::default()),
        };
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
            ws.dispatch(Event::Changed { key, typing: false });
        }
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
        self.dispatch(Event::Changed { key, typing: false });
    }

    /// Marks an item changed and sends it once typing pauses.
    pub fn save_after_typing(&self, key: SaveKey) {
        self.dispatch(Event::Changed { key, typing: true });
    }

    /// Sends a changed item now (when its field loses focus).
    pub fn flush(&self, key: SaveKey) {
        self.dispatch(Event::Left(key));
    }

    /// Retries at once after a failure, instead of waiting for the next automatic retry.
    pub fn retry(&self) {
        self.dispatch(Event::RetryNow);
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
        self.dispatch(Event::Resolved {
            key: key.clone(),
            keep_mine,
        });
    }

    /// Feeds the autosave one event and carries out what it asks for.
    fn dispatch(&self, event: Event) {
        let mut commands = Vec::new();
        self.saves.machine.update(|m| commands = m.handle(event));
        for command in commands {
            match command {
                Command::Send(key) => self.send(key),
                Command::Wait { after, then } => {
                    let ws = *self;
                    set_timeout(move || ws.dispatch(then), after);
                }
                Command::MarkReadOnly => self.info.update(|i| {
                    if !i.status.is_read_only() {
                        i.status = Status::Approved;
                    }
                }),
            }
        }
    }

    /// Builds the request for one item from the local state and sends it.
    fn send(&self, key: SaveKey) {
        match key.clone() {
            SaveKey::Answer(id) => {
                let entry = self
                    .answers
                    .with_untracked(|a| a.get(&id).cloned())
                    .unwrap_or_default();
                let saved_revision = entry.saved.as_ref().map_or(0, |s| s.revision);
                // A note typed before choosing an answer, or 不适用 without its reason: kept
                // here, saved once complete. An unchanged answer is not sent again, unless it is
                // carried over: saving it is what confirms it for this cycle.
                let update = match entry.draft.problem() {
                    Some(problem) => Err(Some(problem)),
                    None if !entry.is_dirty()
                        && entry.base == saved_revision
                        && !entry.is_carried() =>
                    {
                        Err(None)
                    }
                    None => entry.draft.update(entry.base).ok_or(None),
                };
                let update = match update {
                    Ok(update) => update,
                    Err(problem) => return self.dispatch(Event::NotSent { key, problem }),
                };
                let (ws, sent, question) = (*self, entry.draft, id.clone());
                self.request(
                    key,
                    async move { api::put_answer(ws.id, &id, &update).await },
                    move |stored| {
                        let mut unchanged = false;
                        ws.answers.update(|a| {
                            let entry = a.entry(question).or_default();
                            entry.base = stored.revision;
                            unchanged = entry.draft.same_as(&sent);
                            entry.saved = Some(stored);
                        });
                        unchanged
                    },
                    |current| serde_json::from_value(current).ok().map(Conflict::Answer),
                );
            }
            SaveKey::Profile => {
                let ws = *self;
                let update = ProfileUpdate {
                    profile: self.profile.get_untracked(),
                    revision: self.profile_base.get_value(),
                };
                let sent = update.profile.clone();
                self.request(
                    key,
                    async move { api::put_profile(ws.id, &update).await },
                    move |saved| {
                        ws.profile_base.set_value(saved.revision);
                        ws.profile.with_untracked(|p| *p == sent)
                    },
                    |current| serde_json::from_value(current).ok().map(Conflict::Profile),
                );
            }
            SaveKey::Remediation(id) => {
                let ws = *self;
                let Some(update) = self
                    .remediation_drafts
                    .with_untracked(|d| d.get(&id).cloned())
                else {
                    return self.dispatch(Event::NotSent { key, problem: None });
                };
                let (sent, question) = (update.clone(), id.clone());
                self.request(
                    key,
                    async move { api::put_remediation(ws.id, &id, &update).await },
                    move |saved| {
                        ws.remediation.update(|r| {
                            r.insert(question.clone(), saved);
                        });
                        ws.remediation_drafts
                            .with_untracked(|d| d.get(&question) == Some(&sent))
                    },
                    |_| None,
                );
            }
        }
    }

    /// Sends one request and reports its outcome: `stored` takes the server's copy and says
    /// whether the item is unchanged since it was sent; `conflict` reads the `current` of a 409.
    fn request<T: 'static>(
        &self,
        key: SaveKey,
        request: impl Future<Output = Result<T, ApiError>> + 'static,
        stored: impl FnOnce(T) -> bool + 'static,
        conflict: fn(serde_json::Value) -> Option<Conflict>,
    ) {
        let ws = *self;
        spawn_local(async move {
            let event = match request.await {
                Ok(saved) => Event::Saved {
                    unchanged: stored(saved),
                    at: format::time_now(),
                    key,
                },
                Err(error) => {
                    let current = error.current.clone().filter(|_| error.is_conflict());
                    match current.and_then(conflict) {
                        Some(conflict) => Event::Conflicted { key, conflict },
                        None if error.is_transient() => Event::Unreachable {
                            key,
                            message: error.message,
                        },
                        None => Event::Refused {
                            key,
                            read_only: error.code == Some(ErrorCode::ReadOnly),
                            message: error.message,
                        },
                    }
                }
            };
            ws.dispatch(event);
        });
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
