//! The wizard: the domain list with per-domain progress and the live score on the left, one
//! question at a time on the right with its answer buttons, N/A reason, note, evidence, guidance,
//! how to check it on a device and citations; filters; and the keyboard (1–4 answer, j/k or
//! arrows next/previous, n note, ? the list of shortcuts). The current question and filter live
//! in the address (`?q=GOV-01&filter=gaps`), so a reload or a link from the results page lands
//! on it.

mod keys;
mod side;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use questionnaires::contract::limits;
use questionnaires::{AnswerValue, Question, QuestionId};

use crate::api::{self, Evidence, EvidenceKind};
use crate::components::{Citations, EvidenceLink};
use crate::format;
use crate::i18n::{self, Key, t, use_lang};
use crate::markdown::Markdown;
use crate::pages::workbook::WorkbookAside;
use crate::workspace::{Entry, Problem, SaveKey, SaveState, Workspace};

use keys::{ShortcutHelp, on_key};
use side::{DomainNav, LiveScore};

/// The answer values in button (and shortcut) order.
const VALUES: [AnswerValue; 4] = [
    AnswerValue::Compliant,
    AnswerValue::Partial,
    AnswerValue::NonCompliant,
    AnswerValue::NotApplicable,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    All,
    Unanswered,
    Gaps,
    Critical,
    /// Answers carried over from the previous cycle and not confirmed yet.
    Carried,
}

impl Filter {
    const ALL: [Filter; 5] = [
        Filter::All,
        Filter::Unanswered,
        Filter::Gaps,
        Filter::Critical,
        Filter::Carried,
    ];

    fn tag(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::Unanswered => "unanswered",
            Filter::Gaps => "gaps",
            Filter::Critical => "critical",
            Filter::Carried => "carried",
        }
    }

    fn parse(tag: &str) -> Option<Filter> {
        Filter::ALL.into_iter().find(|f| f.tag() == tag)
    }

    fn key(self) -> Key {
        match self {
            Filter::All => Key::FilterAll,
            Filter::Unanswered => Key::FilterUnanswered,
            Filter::Gaps => Key::FilterGaps,
            Filter::Critical => Key::FilterCritical,
            Filter::Carried => Key::FilterCarried,
        }
    }
}

/// Whether a question passes a filter, by its current (local) answer.
fn passes(ws: &Workspace, id: &QuestionId, filter: Filter) -> bool {
    match filter {
        Filter::All => true,
        Filter::Unanswered => ws
            .answers
            .with(|a| a.get(id).is_none_or(|e| e.draft.value.is_none())),
        Filter::Gaps => ws.answers.with(|a| {
            a.get(id).is_some_and(|e| {
                matches!(
                    e.draft.value,
                    Some(AnswerValue::Partial | AnswerValue::NonCompliant)
                )
            })
        }),
        Filter::Critical => ws
            .questionnaire
            .with_value(|q| q.question(id).is_some_and(|q| q.critical)),
        Filter::Carried => ws
            .answers
            .with(|a| a.get(id).is_some_and(Entry::is_carried)),
    }
}

/// The router's navigate function, shared by the wizard's parts.
type Navigate = std::sync::Arc<dyn Fn(&str, NavigateOptions) + Send + Sync>;

/// Moves between questions by rewriting the address.
#[derive(Clone)]
struct Nav {
    ws: Workspace,
    navigate: Navigate,
    filter: Memo<Filter>,
    applicable: Memo<Vec<(usize, QuestionId)>>,
    current: Memo<Option<QuestionId>>,
}

impl Nav {
    fn go(&self, id: &QuestionId, filter: Filter) {
        let url = format!(
            "/assessments/{}/wizard?q={}&filter={}",
            self.ws.id,
            api::encode(id.as_str()),
            filter.tag()
        );
        (self.navigate)(
            &url,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    }

    /// The next (or previous) applicable question after the current one that passes the filter.
    fn step(&self, forward: bool) -> Option<QuestionId> {
        let list = self.applicable.get_untracked();
        let filter = self.filter.get_untracked();
        let current = self.current.get_untracked()?;
        let position = list.iter().position(|(_, id)| id == &current)?;
        let candidates: Box<dyn Iterator<Item = &(usize, QuestionId)>> = if forward {
            Box::new(list.iter().skip(position + 1))
        } else {
            Box::new(list.iter().take(position).rev())
        };
        candidates
            .map(|(_, id)| id)
            .find(|id| passes(&self.ws, id, filter))
            .cloned()
    }

    fn next(&self) {
        if let Some(id) = self.step(true) {
            self.go(&id, self.filter.get_untracked());
        }
    }

    fn previous(&self) {
        if let Some(id) = self.step(false) {
            self.go(&id, self.filter.get_untracked());
        }
    }
}

#[component]
pub fn WizardPage() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let query = use_query_map();
    let navigate = use_navigate();
    let filter = Memo::new(move |_| {
        query.with(|q| {
            q.get("filter")
                .and_then(|f| Filter::parse(&f))
                .unwrap_or(Filter::All)
        })
    });
    let applicable = Memo::new(move |_| ws.applicable());
    let wanted = Memo::new(move |_| {
        query
            .with(|q| q.get("q"))
            .and_then(|s| QuestionId::parse(&s).ok())
    });
    let current = Memo::new(move |_| {
        let list = applicable.get();
        match wanted.get() {
            Some(id) if list.iter().any(|(_, q)| q == &id) => Some(id),
            _ => {
                let f = filter.get_untracked();
                list.iter()
                    .find(|(_, id)| passes(&ws, id, f))
                    .or(list.first())
                    .map(|(_, id)| id.clone())
            }
        }
    });
    let nav = Nav {
        ws,
        navigate: std::sync::Arc::new(navigate),
        filter,
        applicable,
        current,
    };
    // The question shown is always in the address, so answering under a filter does not jump.
    {
        let nav = nav.clone();
        Effect::new(move |_| {
            if let Some(id) = current.get()
                && wanted.get().as_ref() != Some(&id)
            {
                nav.go(&id, filter.get_untracked());
            }
        });
    }
    let shortcuts = RwSignal::new(false);
    let keys = {
        let nav = nav.clone();
        window_event_listener(leptos::ev::keydown, move |ev| {
            on_key(&ev, &nav, shortcuts);
        })
    };
    on_cleanup(move || keys.remove());

    let set_filter = {
        let nav = nav.clone();
        move |f: Filter| {
            let list = applicable.get_untracked();
            let keep = current.get_untracked().filter(|id| passes(&ws, id, f));
            let target = keep.or_else(|| {
                list.iter()
                    .find(|(_, id)| passes(&ws, id, f))
                    .map(|(_, id)| id.clone())
            });
            match target {
                Some(id) => nav.go(&id, f),
                None => {
                    if let Some(id) = current.get_untracked() {
                        nav.go(&id, f);
                    }
                }
            }
        }
    };

    let card_nav = nav.clone();
    view! {
        <div class="wizard" id="wizard">
            <aside class="wizard-side">
                <LiveScore/>
                <DomainNav nav=nav.clone()/>
                <WorkbookAside/>
            </aside>
            <section class="wizard-main" aria-label=t(Key::TabWizard)>
                <FilterBar filter=filter applicable=applicable on_change=Callback::new(set_filter)/>
                {move || {
                    let nav = card_nav.clone();
                    match current.get() {
                        Some(id) => view! { <QuestionCard id=id nav=nav shortcuts=shortcuts/> }.into_any(),
                        None => view! {
                            <div class="card empty-state" id="no-questions">
                                <h2>{t(Key::NoApplicableQuestions)}</h2>
                                <p>{t(Key::NoApplicableQuestionsBody)}</p>
                            </div>
                        }
                        .into_any(),
                    }
                }}
            </section>
            <Show when=move || shortcuts.get()>
                <ShortcutHelp close=Callback::new(move |_| shortcuts.set(false))/>
            </Show>
        </div>
    }
}

#[component]
fn FilterBar(
    filter: Memo<Filter>,
    applicable: Memo<Vec<(usize, QuestionId)>>,
    on_change: Callback<Filter>,
) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    // Only an assessment carried forward from an earlier cycle, or upgraded to a newer
    // questionnaire version, has answers to confirm.
    let carried =
        ws.info.with_untracked(|i| i.carried_from.is_some()) || ws.carried_count_untracked() > 0;
    let buttons = Filter::ALL
        .into_iter()
        .filter(|&f| f != Filter::Carried || carried)
        .map(|f| {
            let count = move || {
                applicable
                    .get()
                    .iter()
                    .filter(|(_, id)| passes(&ws, id, f))
                    .count()
            };
            view! {
                <button
                    type="button"
                    class="segment"
                    id=format!("filter-{}", f.tag())
                    aria-pressed=move || (filter.get() == f).to_string()
                    on:click=move |_| on_change.run(f)
                >
                    {t(f.key())}
                    " "
                    <span class="count">{count}</span>
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="filter-bar" role="group" aria-label=t(Key::Filter)>
            {buttons}
        </div>
    }
}

#[component]
fn QuestionCard(id: QuestionId, nav: Nav, shortcuts: RwSignal<bool>) -> impl IntoView {
    let ws = nav.ws;
    let lang = use_lang();
    let Some(question) = ws.question(&id) else {
        return view! { <p class="error">{id.to_string()}</p> }.into_any();
    };
    let domain = ws.questionnaire.with_value(|q| {
        q.domains
            .iter()
            .find(|d| d.questions.iter().any(|x| x.id == id))
            .map(|d| d.title.clone())
            .unwrap_or_default()
    });
    let entry = {
        let id = id.clone();
        Memo::new(move |_| ws.answers.with(|a| a.get(&id).cloned()).unwrap_or_default())
    };
    let key = SaveKey::Answer(id.clone());
    let save_state = {
        let key = key.clone();
        Memo::new(move |_| ws.saves.state(&key))
    };
    let position = {
        let id = id.clone();
        move || {
            let filter = nav.filter.get();
            let list: Vec<QuestionId> = nav
                .applicable
                .get()
                .into_iter()
                .map(|(_, q)| q)
                .filter(|q| q == &id || passes(&ws, q, filter))
                .collect();
            let index = list.iter().position(|q| q == &id).map_or(0, |i| i + 1);
            (index, list.len())
        }
    };
    let read_only = move || ws.read_only();

    // Focus moves to the question when it changes, for keyboard and screen-reader users.
    let title_ref = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        if let Some(title) = title_ref.get() {
            let focused_inside = document()
                .active_element()
                .is_some_and(|a| a.closest("#question-card").ok().flatten().is_some());
            if !focused_inside {
                let _ = title.focus_with_options(&{
                    let options = web_sys::FocusOptions::new();
                    options.set_prevent_scroll(true);
                    options
                });
            }
        }
    });

    let answer_buttons = VALUES
        .into_iter()
        .enumerate()
        .map(|(index, value)| {
            let id = id.clone();
            let pressed = move || entry.get().draft.value == Some(value);
            let class = match value {
                AnswerValue::Compliant => "answer compliant",
                AnswerValue::Partial => "answer partial",
                AnswerValue::NonCompliant => "answer non-compliant",
                AnswerValue::NotApplicable => "answer na",
            };
            view! {
                <button
                    type="button"
                    class=class
                    id=format!("answer-{}", index + 1)
                    data-value=format!("{value:?}")
                    aria-pressed=move || pressed().to_string()
                    aria-keyshortcuts=(index + 1).to_string()
                    disabled=read_only
                    on:click=move |_| {
                        ws.set_value(&id, value);
                        if value == AnswerValue::NotApplicable {
                            crate::dialog::focus_soon("na-reason");
                        }
                    }
                >
                    <kbd aria-hidden="true">{index + 1}</kbd>
                    <span>{move || value.label().get(lang.get()).to_owned()}</span>
                </button>
            }
        })
        .collect_view();

    let question_state = move || {
        let lang = lang.get();
        match save_state.get() {
            None => match entry.get().saved {
                Some(saved) => (
                    "saved",
                    format!(
                        "{} {} · {}",
                        Key::SavedBy.text(lang),
                        saved.updated_by,
                        format::datetime(&saved.updated_at)
                    ),
                ),
                None => ("idle", Key::NotAnsweredYet.text(lang).to_owned()),
            },
            Some(SaveState::Pending) | Some(SaveState::Saving) => {
                ("saving", Key::Saving.text(lang).to_owned())
            }
            Some(SaveState::Failed(message)) => (
                "failed",
                format!("{} ({message})", Key::SaveFailedRetrying.text(lang)),
            ),
            Some(SaveState::Invalid(problem)) => ("invalid", i18n::problem_text(&problem, lang)),
            Some(SaveState::Conflict(_)) => ("conflict", Key::SaveConflict.text(lang).to_owned()),
        }
    };

    let na_id = id.clone();
    let note_id = id.clone();
    let confirm_id = id.clone();
    let flush_key = key.clone();
    let flush_key_2 = key.clone();
    let needs_reason = move || {
        matches!(
            save_state.get(),
            Some(SaveState::Invalid(Problem::NeedsReason))
        )
    };
    let prev_nav = nav.clone();
    let next_nav = nav.clone();
    let has_prev = {
        let nav = nav.clone();
        move || {
            nav.filter.track();
            nav.applicable.track();
            ws.answers.track();
            nav.step(false).is_some()
        }
    };
    let has_next = {
        let nav = nav.clone();
        move || {
            nav.filter.track();
            nav.applicable.track();
            ws.answers.track();
            nav.step(true).is_some()
        }
    };
    let text = question.text.clone();
    let guidance = question.guidance.clone();
    let check = question.check.clone();
    let evidence_text = question.evidence.clone();
    let remediation = question.remediation.clone();
    let has_guidance = !question.guidance.zh.trim().is_empty();
    let has_check = !question.check.zh.trim().is_empty();
    let has_evidence_text = !question.evidence.zh.trim().is_empty();
    let has_remediation = !question.remediation.zh.trim().is_empty();
    let Question {
        weight,
        critical,
        citations,
        ..
    } = question;

    view! {
        <article class="card question-card" id="question-card" data-question=id.to_string()>
            <header class="question-head">
                <p class="question-meta">
                    <span class="domain-name">{move || domain.get(lang.get()).to_owned()}</span>
                    " · "
                    <span class="question-id" id="question-id">{id.to_string()}</span>
                    " · "
                    <span>{t(Key::Weight)}" "{weight}</span>
                    {critical.then(|| view! { <span class="badge critical" title=t(Key::CriticalHelp)>{t(Key::Critical)}</span> })}
                    <span class="position" id="question-position">
                        {move || {
                            let (index, total) = position();
                            format!("{index} / {total}")
                        }}
                    </span>
                </p>
                <h2 id="question-title" tabindex="-1" node_ref=title_ref>
                    {move || text.get(lang.get()).to_owned()}
                </h2>
            </header>

            <div class="answers" role="group" aria-labelledby="question-title">{answer_buttons}</div>

            {move || {
                let entry = entry.get();
                let saved = entry.saved.as_ref().filter(|_| entry.is_carried())?.clone();
                // Without an earlier cycle, the mark comes from upgrading the questionnaire.
                let cycle = ws.info.with(|i| i.carried_from.clone());
                let id = confirm_id.clone();
                Some(view! {
                    <div class="carried-note" id="carried-note" role="note">
                        <p>
                            {move || match &cycle {
                                Some(cycle) => i18n::carried_notice(
                                    lang.get(),
                                    cycle,
                                    &saved.updated_by,
                                    &format::datetime(&saved.updated_at),
                                ),
                                None => Key::UpgradedNote.text(lang.get()).to_owned(),
                            }}
                        </p>
                        <button
                            type="button"
                            class="button"
                            id="confirm-carried"
                            disabled=read_only
                            on:click=move |_| ws.confirm(&id)
                        >
                            {t(Key::ConfirmCarried)}
                        </button>
                    </div>
                })
            }}

            <Show when=move || entry.get().draft.value == Some(AnswerValue::NotApplicable)>
                <div class="field">
                    <label for="na-reason">{t(Key::NaReasonRequired)}</label>
                    <textarea
                        id="na-reason"
                        rows="2"
                        maxlength=limits::NA_REASON_MAX.to_string()
                        aria-required="true"
                        aria-invalid=move || needs_reason().to_string()
                        disabled=read_only
                        prop:value=move || entry.get().draft.na_reason
                        on:input={
                            let id = na_id.clone();
                            move |ev| ws.set_na_reason(&id, event_target_value(&ev))
                        }
                        on:blur={
                            let key = flush_key.clone();
                            move |_| ws.flush(key.clone())
                        }
                    ></textarea>
                </div>
            </Show>

            <div class="field">
                <label for="note">{t(Key::Note)}" "<span class="muted small">"(n)"</span></label>
                <textarea
                    id="note"
                    rows="3"
                    maxlength=limits::NOTE_MAX.to_string()
                    placeholder=t(Key::NotePlaceholder)
                    disabled=read_only
                    prop:value=move || entry.get().draft.note
                    on:input=move |ev| ws.set_note(&note_id, event_target_value(&ev))
                    on:blur=move |_| ws.flush(flush_key_2.clone())
                ></textarea>
            </div>

            <p class="question-save" id="question-save" data-state=move || question_state().0 role="status">
                {move || question_state().1}
            </p>

            <nav class="question-nav" aria-label=t(Key::QuestionNavigation)>
                <button
                    type="button"
                    class="button"
                    id="previous-question"
                    disabled=move || !has_prev()
                    on:click=move |_| prev_nav.previous()
                >
                    "← "{t(Key::Previous)}" "<kbd>"k"</kbd>
                </button>
                <button type="button" class="link-button" id="show-shortcuts" on:click=move |_| shortcuts.set(true)>
                    {t(Key::KeyboardShortcuts)}" "<kbd>"?"</kbd>
                </button>
                <button
                    type="button"
                    class="button primary"
                    id="next-question"
                    disabled=move || !has_next()
                    on:click=move |_| next_nav.next()
                >
                    {t(Key::Next)}" "<kbd>"j"</kbd>" →"
                </button>
            </nav>

            <section class="question-section" aria-labelledby="citations-title">
                <h3 id="citations-title">{t(Key::Citations)}</h3>
                <Citations citations=citations/>
            </section>

            {has_guidance.then(|| view! {
                <section class="question-section" aria-labelledby="guidance-title">
                    <h3 id="guidance-title">{t(Key::Guidance)}</h3>
                    {move || view! { <Markdown text=guidance.get(lang.get()).to_owned() class="guidance"/> }}
                </section>
            })}
            {has_check.then(|| view! {
                <section class="question-section" id="device-check" aria-labelledby="device-check-title">
                    <h3 id="device-check-title">{t(Key::DeviceCheck)}</h3>
                    {move || view! { <Markdown text=check.get(lang.get()).to_owned() class="guidance"/> }}
                </section>
            })}

            <EvidenceSection question=id.clone()/>

            {has_evidence_text.then(|| view! {
                <details class="question-section">
                    <summary>{t(Key::TypicalEvidence)}</summary>
                    {move || view! { <Markdown text=evidence_text.get(lang.get()).to_owned()/> }}
                </details>
            })}
            {has_remediation.then(|| view! {
                <details class="question-section">
                    <summary>{t(Key::RemediationAdvice)}</summary>
                    {move || view! { <Markdown text=remediation.get(lang.get()).to_owned()/> }}
                </details>
            })}
        </article>
    }
    .into_any()
}

/// The evidence files of a question: list with download links, upload, delete.
#[component]
fn EvidenceSection(question: QuestionId) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let lang = use_lang();
    let uploading = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let input = NodeRef::<leptos::html::Input>::new();
    let items = {
        let question = question.clone();
        move || {
            ws.evidence.with(|all| {
                all.iter()
                    .filter(|e| e.question_id == question)
                    .cloned()
                    .collect::<Vec<Evidence>>()
            })
        }
    };
    let upload = {
        let question = question.clone();
        move |_| {
            let Some(input) = input.get() else {
                return;
            };
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            let question = question.clone();
            uploading.set(true);
            error.set(None);
            spawn_local(async move {
                let result = api::upload_evidence(ws.id, &question, &file).await;
                uploading.set(false);
                input.set_value("");
                match result {
                    Ok(evidence) => ws.evidence.update(|all| all.push(evidence)),
                    Err(e) => error.set(Some(e.message)),
                }
            });
        }
    };
    let note = RwSignal::new(String::new());
    let add_note = {
        let question = question.clone();
        move |_| {
            let text = note.get_untracked().trim().to_owned();
            if text.is_empty() {
                return;
            }
            let question = question.clone();
            uploading.set(true);
            error.set(None);
            spawn_local(async move {
                let result = api::add_evidence_note(ws.id, &question, &text).await;
                uploading.set(false);
                match result {
                    Ok(evidence) => {
                        ws.evidence.update(|all| all.push(evidence));
                        note.set(String::new());
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        }
    };
    let delete = move |evidence: i64| {
        spawn_local(async move {
            match api::delete_evidence(ws.id, evidence).await {
                Ok(()) => ws.evidence.update(|all| all.retain(|e| e.id != evidence)),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <section class="question-section evidence" aria-labelledby="evidence-title">
            <h3 id="evidence-title">{t(Key::Evidence)}</h3>
            <ul class="evidence-list" id="evidence-list">
                {move || {
                    let lang = lang.get();
                    let list = items();
                    if list.is_empty() {
                        return view! { <li class="muted">{Key::NoEvidence.text(lang)}</li> }.into_any();
                    }
                    list.into_iter()
                        .map(|e| {
                            let eid = e.id;
                            let name = e.name.clone().unwrap_or_else(|| {
                                e.note.clone().unwrap_or_default()
                            });
                            let detail = format!(
                                "{}{} · {} · {}",
                                e.size.map(format::size).unwrap_or_default(),
                                e.sha256
                                    .as_ref()
                                    .map(|h| format!(" · SHA-256 {}…", &h[..h.len().min(12)]))
                                    .unwrap_or_default(),
                                e.created_by,
                                format::datetime(&e.created_at)
                            );
                            let label = format!("{} {}", Key::Delete.text(lang), name);
                            view! {
                                <li class="evidence-item" data-evidence-id=eid.to_string()>
                                    {match e.kind {
                                        EvidenceKind::File => view! {
                                            <EvidenceLink evidence=eid name=name.clone() class="evidence-name"/>
                                        }
                                        .into_any(),
                                        EvidenceKind::Note => view! { <span class="evidence-name note">{name.clone()}</span> }.into_any(),
                                    }}
                                    <span class="muted small">{detail}</span>
                                    <button
                                        type="button"
                                        class="link-button danger evidence-delete"
                                        aria-label=label
                                        disabled=move || ws.read_only()
                                        on:click=move |_| delete(eid)
                                    >
                                        {Key::Delete.text(lang)}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </ul>
            <div class="upload">
                // The native file input shows the browser's own words; a label in the page's
                // language stands in for it and the input stays focusable for the keyboard.
                <input
                    type="file"
                    id="evidence-file"
                    class="visually-hidden"
                    node_ref=input
                    disabled=move || ws.read_only() || uploading.get()
                    on:change=upload
                />
                <label for="evidence-file" class="button upload-button">{t(Key::UploadEvidence)}</label>
                <Show when=move || uploading.get()>
                    <span class="muted small" id="evidence-uploading">{t(Key::Uploading)}</span>
                </Show>
            </div>
            <div class="field evidence-note">
                <label for="evidence-note">{t(Key::EvidenceNote)}</label>
                <textarea
                    id="evidence-note"
                    rows="2"
                    maxlength=limits::NOTE_MAX.to_string()
                    disabled=move || ws.read_only()
                    prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))
                ></textarea>
                <button
                    type="button"
                    class="button"
                    id="evidence-note-add"
                    disabled=move || {
                        ws.read_only() || uploading.get() || note.get().trim().is_empty()
                    }
                    on:click=add_note
                >
                    {t(Key::AddEvidenceNote)}
                </button>
            </div>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}
