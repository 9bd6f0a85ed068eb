//! One question of the wizard as a card: its answer buttons, the note on an answer carried over,
//! the N/A reason, the note, its save state, previous/next, citations, guidance, how to check it
//! on a device, typical evidence and remediation advice; and its evidence files with upload,
//! evidence notes and delete.

use leptos::prelude::*;
use leptos::task::spawn_local;
use questionnaires::contract::limits;
use questionnaires::{AnswerValue, Question, QuestionId};

use crate::api::{self, Evidence, EvidenceKind};
use crate::components::{Citations, EvidenceLink};
use crate::format;
use crate::i18n::{self, Key, t, use_lang};
use crate::markdown::Markdown;
use crate::workspace::{Problem, SaveKey, SaveState, Workspace};

use super::filter::passes;
use super::{Nav, VALUES};

#[component]
pub(super) fn QuestionCard(id: QuestionId, nav: Nav, shortcuts: RwSignal<bool>) -> impl IntoView {
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
