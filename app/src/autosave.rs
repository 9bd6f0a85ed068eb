//! The autosave as a pure state machine: events in, commands out, no Leptos, no clock, no
//! network. The open assessment (`workspace.rs`) feeds it what happens — an edit, a field left,
//! a timer that fired, the outcome of a request — and carries out what it asks for: send an
//! item, wait and then report an event, mark the assessment read-only. So every rule of saving
//! (the typing pause, one request at a time in queue order, a stale edit becoming a conflict,
//! the backoff while the server cannot be reached, retrying at once on demand) is tested here
//! natively, step by step.

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use questionnaires::QuestionId;

use crate::api::{ProfileUpdate, StoredAnswer};

/// How long typing pauses before a text is saved (leaving the field saves at once).
pub const TYPING_PAUSE: Duration = Duration::from_millis(600);
/// The first wait before an automatic retry; each further failure doubles it.
pub const FIRST_RETRY: Duration = Duration::from_millis(500);
/// The longest wait between automatic retries.
pub const MAX_RETRY: Duration = Duration::from_secs(4);

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

/// What happened.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// The item changed and should be sent soon: at once for a choice, after the typing pause
    /// for text (`typing`).
    Changed { key: SaveKey, typing: bool },
    /// The user left the field: send a change still waiting for the typing pause now.
    Left(SaveKey),
    /// The typing-pause timer of `Command::Wait` fired.
    TypingPaused { key: SaveKey, generation: u64 },
    /// The retry timer of `Command::Wait` fired.
    RetryDue { generation: u64 },
    /// The user asked to retry now.
    RetryNow,
    /// The user settled a conflict (the workspace has already taken the chosen version).
    Resolved { key: SaveKey, keep_mine: bool },
    /// The item asked for with `Command::Send` was not sent: nothing to send (`None`), or not
    /// sendable as it is.
    NotSent {
        key: SaveKey,
        problem: Option<Problem>,
    },
    /// The server stored it, at `at`; `unchanged` when nothing was edited while it was in
    /// flight.
    Saved {
        key: SaveKey,
        unchanged: bool,
        at: String,
    },
    /// Someone else saved first; `conflict` is what the server holds now.
    Conflicted { key: SaveKey, conflict: Conflict },
    /// The server refused the change itself; `read_only` when because the assessment no
    /// longer takes changes.
    Refused {
        key: SaveKey,
        message: String,
        read_only: bool,
    },
    /// No answer, or a failure on the server's side: the same request may succeed later.
    Unreachable { key: SaveKey, message: String },
}

/// What the workspace is asked to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Build the request for this item from the current local state and send it; report its
    /// outcome (or `NotSent`).
    Send(SaveKey),
    /// Report `then` after `after`.
    Wait { after: Duration, then: Event },
    /// The assessment turned out to be approved or archived.
    MarkReadOnly,
}

/// The save queue and the state of each item. Items leave it only when saved, in conflict or
/// refused.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Autosave {
    states: BTreeMap<SaveKey, SaveState>,
    queue: VecDeque<SaveKey>,
    in_flight: Option<SaveKey>,
    /// Paused after a transient failure until the retry timer fires or the user retries.
    paused: bool,
    /// Transient failures in a row.
    attempt: u32,
    /// Tells the current retry timer from older ones.
    retry_generation: u64,
    /// Items waiting for typing to pause, with the generation of their latest timer.
    typing: BTreeMap<SaveKey, u64>,
    last_saved: Option<String>,
    /// The last transient failure, until the server answers again.
    failing: Option<String>,
}

impl Autosave {
    pub fn state(&self, key: &SaveKey) -> Option<&SaveState> {
        self.states.get(key)
    }

    pub fn states(&self) -> &BTreeMap<SaveKey, SaveState> {
        &self.states
    }

    /// Whether leaving the page now would lose something.
    pub fn has_unsaved(&self) -> bool {
        !self.states.is_empty()
    }

    pub fn overall(&self) -> Overall {
        let any = |f: fn(&SaveState) -> bool| self.states.values().any(f);
        if any(|s| matches!(s, SaveState::Conflict(_))) {
            Overall::Conflict
        } else if let Some(message) = &self.failing {
            Overall::Failed(message.clone())
        } else if any(|s| matches!(s, SaveState::Pending | SaveState::Saving)) {
            Overall::Saving
        } else if any(|s| matches!(s, SaveState::Invalid(_))) {
            Overall::Invalid
        } else {
            match &self.last_saved {
                Some(at) => Overall::Saved(at.clone()),
                None => Overall::Idle,
            }
        }
    }

    /// Takes one event and returns what to do, in order.
    pub fn handle(&mut self, event: Event) -> Vec<Command> {
        let mut commands = Vec::new();
        match event {
            Event::Changed { key, typing } if !self.in_conflict(&key) => {
                self.states.insert(key.clone(), SaveState::Pending);
                if typing {
                    let generation = self.typing.entry(key.clone()).or_insert(0);
                    *generation += 1;
                    commands.push(Command::Wait {
                        after: TYPING_PAUSE,
                        then: Event::TypingPaused {
                            key,
                            generation: *generation,
                        },
                    });
                } else {
                    self.send_soon(key);
                }
            }
            Event::Changed { .. } => {}
            Event::Left(key) => {
                if self.typing.contains_key(&key) && !self.in_conflict(&key) {
                    self.send_soon(key);
                }
            }
            Event::TypingPaused { key, generation } => {
                if self.typing.get(&key) == Some(&generation) && !self.in_conflict(&key) {
                    self.send_soon(key);
                }
            }
            Event::RetryDue { generation } => {
                if generation == self.retry_generation {
                    self.paused = false;
                }
            }
            Event::RetryNow => {
                self.retry_generation += 1;
                self.paused = false;
            }
            Event::Resolved { key, keep_mine } => {
                if self.in_conflict(&key) {
                    self.states.remove(&key);
                    if keep_mine {
                        self.states.insert(key.clone(), SaveState::Pending);
                        self.send_soon(key);
                    }
                }
            }
            Event::NotSent { key, problem } => {
                self.finish(&key);
                match problem {
                    Some(problem) => self.states.insert(key, SaveState::Invalid(problem)),
                    None => self.states.remove(&key),
                };
            }
            Event::Saved { key, unchanged, at } => {
                self.finish(&key);
                self.reached();
                self.last_saved = Some(at);
                if !unchanged {
                    // Edited while in flight: the newer version goes next.
                    self.states.insert(key.clone(), SaveState::Pending);
                    self.enqueue(key);
                } else if !self.typing.contains_key(&key) {
                    // A newer edit still waiting for typing to pause keeps its pending state.
                    self.states.remove(&key);
                }
            }
            Event::Conflicted { key, conflict } => {
                self.finish(&key);
                self.reached();
                self.typing.remove(&key);
                self.queue.retain(|k| k != &key);
                self.states.insert(key, SaveState::Conflict(conflict));
            }
            Event::Refused {
                key,
                message,
                read_only,
            } => {
                self.finish(&key);
                self.reached();
                self.states
                    .insert(key, SaveState::Invalid(Problem::Server(message)));
                if read_only {
                    commands.push(Command::MarkReadOnly);
                }
            }
            Event::Unreachable { key, message } => {
                self.finish(&key);
                self.queue.retain(|k| k != &key);
                self.queue.push_front(key.clone());
                self.states.insert(key, SaveState::Failed(message.clone()));
                self.failing = Some(message);
                self.paused = true;
                self.attempt += 1;
                self.retry_generation += 1;
                commands.push(Command::Wait {
                    after: retry_delay(self.attempt),
                    then: Event::RetryDue {
                        generation: self.retry_generation,
                    },
                });
            }
        }
        commands.extend(self.pump());
        commands
    }

    fn in_conflict(&self, key: &SaveKey) -> bool {
        matches!(self.states.get(key), Some(SaveState::Conflict(_)))
    }

    /// Queues an item to be sent when its turn comes, no longer waiting for typing to pause.
    fn send_soon(&mut self, key: SaveKey) {
        self.typing.remove(&key);
        self.states.insert(key.clone(), SaveState::Pending);
        self.enqueue(key);
    }

    fn enqueue(&mut self, key: SaveKey) {
        if !self.queue.contains(&key) {
            self.queue.push_back(key);
        }
    }

    /// The request for `key` is over.
    fn finish(&mut self, key: &SaveKey) {
        if self.in_flight.as_ref() == Some(key) {
            self.in_flight = None;
        }
    }

    /// The server answered: whatever failed before is no longer a reason to show "failed".
    fn reached(&mut self) {
        self.attempt = 0;
        self.failing = None;
    }

    /// Sends the next item of the queue, if none is in flight and the queue is not paused.
    fn pump(&mut self) -> Option<Command> {
        if self.in_flight.is_some() || self.paused {
            return None;
        }
        let key = self.queue.pop_front()?;
        self.states.insert(key.clone(), SaveState::Saving);
        self.in_flight = Some(key.clone());
        Some(Command::Send(key))
    }
}

/// The wait before the `attempt`-th automatic retry: 0.5 s, 1 s, 2 s, then 4 s.
pub fn retry_delay(attempt: u32) -> Duration {
    let doublings = attempt.saturating_sub(1).min(6);
    (FIRST_RETRY * (1 << doublings)).min(MAX_RETRY)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(id: &str) -> SaveKey {
        SaveKey::Answer(QuestionId::parse(id).unwrap_or_else(|e| panic!("{e}")))
    }

    fn saved(key: &SaveKey) -> Event {
        Event::Saved {
            key: key.clone(),
            unchanged: true,
            at: "10:00".to_owned(),
        }
    }

    fn unreachable(key: &SaveKey) -> Event {
        Event::Unreachable {
            key: key.clone(),
            message: "offline".to_owned(),
        }
    }

    fn changed(key: &SaveKey, typing: bool) -> Event {
        Event::Changed {
            key: key.clone(),
            typing,
        }
    }

    fn stored(revision: i64) -> StoredAnswer {
        serde_json::from_value(serde_json::json!({
            "question_id": "GOV-01", "value": "compliant", "na_reason": null, "note": "",
            "revision": revision, "updated_at": "2026-03-01T09:30:00Z", "updated_by": "王五",
            "carried": false
        }))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_choice_is_sent_at_once_and_leaves_nothing_behind_once_saved() {
        let mut a = Autosave::default();
        let gov = answer("GOV-01");
        assert_eq!(a.overall(), Overall::Idle);
        assert_eq!(a.handle(changed(&gov, false)), [Command::Send(gov.clone())]);
        assert_eq!(a.state(&gov), Some(&SaveState::Saving));
        assert_eq!(a.overall(), Overall::Saving);
        assert_eq!(a.handle(saved(&gov)), []);
        assert_eq!(a.state(&gov), None);
        assert!(!a.has_unsaved());
        assert_eq!(a.overall(), Overall::Saved("10:00".to_owned()));
    }

    #[test]
    fn typing_is_sent_once_it_pauses_and_only_the_latest_pause_counts() {
        let mut a = Autosave::default();
        let gov = answer("GOV-01");
        let first = a.handle(changed(&gov, true));
        let second = a.handle(changed(&gov, true));
        assert_eq!(a.state(&gov), Some(&SaveState::Pending));
        let [Command::Wait { after, then: early }] = first.as_slice() else {
            panic!("{first:?}");
        };
        assert_eq!(*after, TYPING_PAUSE);
        let [Command::Wait { then: late, .. }] = second.as_slice() else {
            panic!("{second:?}");
        };
        // The first timer is stale: typing went on after it was set.
        assert_eq!(a.handle(early.clone()), []);
        assert_eq!(a.handle(late.clone()), [Command::Send(gov.clone())]);
        // A timer that fires after the item was sent changes nothing.
        assert_eq!(a.handle(late.clone()), []);
    }

    #[test]
    fn leaving_the_field_sends_at_once_but_only_what_waits_for_a_pause() {
        let mut a = Autosave::default();
        let gov = answer("GOV-01");
        assert_eq!(a.handle(Event::Left(gov.clone())), []);
        a.handle(changed(&gov, true));
        assert_eq!(
            a.handle(Event::Left(gov.clone())),
            [Command::Send(gov.clone())]
        );
    }

    #[test]
    fn one_request_is_in_flight_at_a_time_in_the_order_of_the_changes() {
        let mut a = Autosave::default();
        let (one, two) = (answer("GOV-01"), answer("GOV-02"));
        assert_eq!(a.handle(changed(&one, false)), [Command::Send(one.clone())]);
        assert_eq!(a.handle(changed(&two, false)), []);
        assert_eq!(a.handle(changed(&SaveKey::Profile, false)), []);
        assert_eq!(a.state(&two), Some(&SaveState::Pending));
        assert_eq!(a.handle(saved(&one)), [Command::Send(two.clone())]);
        assert_eq!(a.handle(saved(&two)), [Command::Send(SaveKey::Profile)]);
        assert_eq!(a.handle(saved(&SaveKey::Profile)), []);
        assert!(!a.has_unsaved());
    }

    #[test]
    fn an_edit_made_while_in_flight_is_sent_again_after_the_first_save() {
        let mut a = Autosave::default();
        let gov = answer("GOV-01");
        a.handle(changed(&gov, false));
        // Edited again while the request is in flight: queued, not sent twice at once.
        assert_eq!(a.handle(changed(&gov, false)), []);
        let next = a.handle(Event::Saved {
            key: gov.clone(),
            unchanged: false,
            at: "10:00".to_owned(),
        });
        assert_eq!(next, [Command::Send(gov.clone())]);
        // Typing that began during the flight keeps the item pending after an unchanged save.
        a.handle(changed(&gov, true));
        assert_eq!(a.handle(saved(&gov)), []);
        assert_eq!(a.state(&gov), Some(&SaveState::Pending));
    }

    #[test]
    fn an_unsendable_item_waits_for_the_user_and_the_queue_goes_on() {
        let mut a = Autosave::default();
        let (one, two) = (answer("GOV-01"), answer("GOV-02"));
        a.handle(changed(&one, true));
        a.handle(changed(&two, false));
        a.handle(Event::Left(one.clone()));
        let next = a.handle(Event::NotSent {
            key: two.clone(),
            problem: Some(Problem::NeedsReason),
        });
        assert_eq!(next, [Command::Send(one.clone())]);
        assert_eq!(
            a.state(&two),
            Some(&SaveState::Invalid(Problem::NeedsReason))
        );
        a.handle(saved(&one));
        assert_eq!(a.overall(), Overall::Invalid);
        // Nothing to send at all (an unchanged answer): the item is simply done.
        a.handle(changed(&one, false));
        a.handle(Event::NotSent {
            key: one.clone(),
            problem: None,
        });
        assert_eq!(a.state(&one), None);
    }

    #[test]
    fn a_conflict_stops_the_item_until_the_user_chooses() {
        let mut a = Autosave::default();
        let gov = answer("GOV-01");
        a.handle(changed(&gov, false));
        let theirs = Conflict::Answer(stored(3));
        assert_eq!(
            a.handle(Event::Conflicted {
                key: gov.clone(),
                conflict: theirs.clone()
            }),
            []
        );
        assert_eq!(a.state(&gov), Some(&SaveState::Conflict(theirs)));
        assert_eq!(a.overall(), Overall::Conflict);
        // Further edits do not send over the other version.
        assert_eq!(a.handle(changed(&gov, false)), []);
        assert_eq!(a.handle(Event::Left(gov.clone())), []);
        // Keeping mine sends it (based on their revision, which the workspace took).
        let keep = a.handle(Event::Resolved {
            key: gov.clone(),
            keep_mine: true,
        });
        assert_eq!(keep, [Command::Send(gov.clone())]);
        a.handle(Event::Conflicted {
            key: gov.clone(),
            conflict: Conflict::Answer(stored(4)),
        });
        // Taking theirs ends it.
        let take = a.handle(Event::Resolved {
            key: gov.clone(),
            keep_mine: false,
        });
        assert_eq!(take, []);
        assert!(!a.has_unsaved());
    }

    #[test]
    fn while_the_server_cannot_be_reached_the_queue_pauses_and_retries_with_backoff() {
        let mut a = Autosave::default();
        let (one, two) = (answer("GOV-01"), answer("GOV-02"));
        a.handle(changed(&one, false));
        a.handle(changed(&two, false));
        let mut waits = Vec::new();
        for _ in 0..5 {
            let commands = a.handle(unreachable(&one));
            let [Command::Wait { after, then }] = commands.as_slice() else {
                panic!("{commands:?}");
            };
            waits.push(after.as_millis());
            assert_eq!(a.overall(), Overall::Failed("offline".to_owned()));
            assert_eq!(
                a.state(&one),
                Some(&SaveState::Failed("offline".to_owned()))
            );
            // Paused: more edits wait, nothing is sent before the timer.
            assert_eq!(a.handle(changed(&SaveKey::Profile, false)), []);
            // The failed item goes first again when the timer fires.
            assert_eq!(a.handle(then.clone()), [Command::Send(one.clone())]);
        }
        assert_eq!(waits, [500, 1000, 2000, 4000, 4000]);
        // Back online: the failure is forgotten and the rest of the queue follows in order.
        assert_eq!(a.handle(saved(&one)), [Command::Send(two.clone())]);
        assert_eq!(a.overall(), Overall::Saving);
        assert_eq!(a.handle(saved(&two)), [Command::Send(SaveKey::Profile)]);
        a.handle(unreachable(&SaveKey::Profile));
        let commands = a.handle(unreachable(&SaveKey::Profile));
        // The count started again after the server answered.
        assert!(
            matches!(commands.as_slice(), [Command::Wait { after, .. }] if after.as_millis() == 1000),
            "{commands:?}"
        );
    }

    #[test]
    fn retrying_now_makes_the_pending_timer_stale() {
        let mut a = Autosave::default();
        let gov = answer("GOV-01");
        a.handle(changed(&gov, false));
        let commands = a.handle(unreachable(&gov));
        let [Command::Wait { then: timer, .. }] = commands.as_slice() else {
            panic!("{commands:?}");
        };
        assert_eq!(a.handle(Event::RetryNow), [Command::Send(gov.clone())]);
        a.handle(unreachable(&gov));
        // The timer of the first failure fires during the second pause: it must not end it.
        assert_eq!(a.handle(timer.clone()), []);
        assert_eq!(
            a.state(&gov),
            Some(&SaveState::Failed("offline".to_owned()))
        );
    }

    #[test]
    fn a_refusal_keeps_the_message_and_one_for_a_read_only_assessment_says_so() {
        let mut a = Autosave::default();
        let gov = answer("GOV-01");
        a.handle(changed(&gov, false));
        let commands = a.handle(Event::Refused {
            key: gov.clone(),
            message: "Assessment 1 is approved".to_owned(),
            read_only: true,
        });
        assert_eq!(commands, [Command::MarkReadOnly]);
        assert_eq!(
            a.state(&gov),
            Some(&SaveState::Invalid(Problem::Server(
                "Assessment 1 is approved".to_owned()
            )))
        );
        assert_eq!(a.overall(), Overall::Invalid);
    }
}
