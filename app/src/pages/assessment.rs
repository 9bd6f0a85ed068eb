//! An open assessment: loads the assessment, its questionnaire and the regulation catalog, holds
//! the `Workspace` state for its pages (profile, wizard, results), and shows what they share: the
//! header with the tabs, the save indicator and the status actions, the conflict dialog, the
//! citation dialog, and the warning before leaving with unsaved changes.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::{A, Outlet};
use leptos_router::hooks::{use_navigate, use_params_map};
use questionnaires::contract::limits;
use questionnaires::{AnswerValue, Catalog, FactKind, FactValue, Lang, Questionnaire};

use crate::api::{self, ApiError, Assessment, ErrorCode, Status, StoredAnswer};
use crate::components::{CitationDialog, OpenCitation};
use crate::format;
use crate::i18n::{self, Key, t, use_lang};
use crate::pages::upgrade::{Offer, UpgradeNotice};
use crate::shell::use_user_gate;
use crate::workspace::{Conflict, Draft, Overall, SaveKey, SaveState, Workspace};

#[derive(Clone)]
struct Loaded {
    assessment: Assessment,
    questionnaire: Questionnaire,
    catalog: Catalog,
}

async fn load(id: Option<i64>) -> Result<Loaded, ApiError> {
    let Some(id) = id else {
        return Err(ApiError {
            status: Some(404),
            code: Some(ErrorCode::NotFound),
            message: "—".to_owned(),
            current: None,
        });
    };
    let assessment = api::assessment(id).await?;
    let questionnaire = api::questionnaire(
        &assessment.questionnaire_id,
        &assessment.questionnaire_version,
    )
    .await?;
    let catalog = api::regulations().await?;
    Ok(Loaded {
        assessment,
        questionnaire,
        catalog,
    })
}

/// The route `/assessments/:id`: loads, then shows the workspace around the current page.
#[component]
pub fn AssessmentPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok())));
    let loaded = LocalResource::new(move || load(id.get()));
    let gate = use_user_gate();
    // Whoever opens an assessment is about to change it: the name is asked now, once.
    Effect::new(move |_| {
        gate.ensure();
    });
    move || match loaded.get() {
        None => view! { <p class="muted" id="workspace-loading">{t(Key::Loading)}</p> }.into_any(),
        Some(Err(e)) => view! {
            <section class="empty-state">
                <h1>{t(Key::CannotOpenAssessment)}</h1>
                <p class="error" role="alert">{e.message}</p>
                <A href="/">{t(Key::BackHome)}</A>
            </section>
        }
        .into_any(),
        Some(Ok(data)) => view! { <WorkspaceView data=data/> }.into_any(),
    }
}

#[component]
fn WorkspaceView(data: Loaded) -> impl IntoView {
    let ws = Workspace::new(data.assessment, data.questionnaire, data.catalog);
    provide_context(ws);
    let citation = OpenCitation(RwSignal::new(None));
    provide_context(citation);
    provide_context(Offer::new(ws.id));

    // A warning before leaving (closing the tab, reloading) while something is not saved.
    let handle = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if ws.saves.has_unsaved() {
            ev.prevent_default();
            ev.set_return_value("unsaved");
        }
    });
    on_cleanup(move || handle.remove());

    view! {
        <div class="workspace" id="workspace" data-assessment-id=ws.id.to_string()>
            <WorkspaceHeader/>
            <Outlet/>
            <ConflictDialog/>
            <CitationDialog/>
        </div>
    }
}

/// `/assessments/:id`: the profile first while nothing in it is answered, else the wizard.
#[component]
pub fn AssessmentStart() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let navigate = use_navigate();
    let page = if ws.profile.get_untracked().is_empty() {
        "profile"
    } else {
        "wizard"
    };
    let target = format!("/assessments/{}/{page}", ws.id);
    request_animation_frame(move || {
        navigate(
            &target,
            NavigateOptions {
                replace: true,
                ..NavigateOptions::default()
            },
        )
    });
}

#[component]
fn WorkspaceHeader() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let lang = use_lang();
    let base = format!("/assessments/{}", ws.id);
    let title = move || {
        ws.questionnaire
            .with_value(|q| q.title.get(lang.get()).to_owned())
    };
    let status = move || ws.info.with(|i| i.status);
    view! {
        <header class="ws-head">
            <div class="ws-title">
                <h1 id="organization-name">{move || ws.info.with(|i| i.organization.name.clone())}</h1>
                {move || {
                    ws.info
                        .with(|i| i.subject.clone())
                        .map(|app| {
                            view! {
                                <p class="ws-app" id="assessment-app">
                                    {move || i18n::subject_line(&app, lang.get())}
                                </p>
                            }
                        })
                }}
                <p class="muted">
                    <span id="assessment-cycle">{move || ws.info.with(|i| i.cycle.clone())}</span>
                    " · "
                    {title}
                    " · "
                    {t(Key::VersionShort)}
                    " "
                    <span id="assessment-version">
                        {move || ws.info.with(|i| i.questionnaire_version.clone())}
                    </span>
                    " "
                    <span class=move || api::status_css(status()) id="assessment-status" data-status=move || {
                        format!("{:?}", status()).to_lowercase()
                    }>{move || status().label().get(lang.get()).to_owned()}</span>
                </p>
                {move || {
                    ws.info
                        .with(|i| i.version_mismatch.clone())
                        .map(|served| {
                            view! {
                                <p class="warning" role="status">
                                    {t(Key::VersionMismatch)}" "{served}
                                </p>
                            }
                        })
                }}
                <UpgradeNotice id="upgrade-notice"/>
            </div>
            <nav class="tabs" aria-label=t(Key::AssessmentSections)>
                <A href=format!("{base}/profile") attr:id="tab-profile">{t(Key::TabProfile)}</A>
                <A href=format!("{base}/wizard") attr:id="tab-wizard">{t(Key::TabWizard)}</A>
                <A href=format!("{base}/results") attr:id="tab-results">{t(Key::TabResults)}</A>
                <A href=format!("{base}/compare") attr:id="tab-compare">{t(Key::TabCompare)}</A>
                <A href=format!("{base}/history") attr:id="tab-history">{t(Key::TabHistory)}</A>
            </nav>
            <div class="ws-side">
                <SaveIndicator/>
                <StatusActions/>
            </div>
        </header>
    }
}

/// Saving / saved / failed (with a retry button) / conflict, for the whole assessment.
#[component]
fn SaveIndicator() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let lang = use_lang();
    let overall = Memo::new(move |_| ws.saves.overall());
    let state = move || match overall.get() {
        Overall::Idle => "idle",
        Overall::Saved(_) => "saved",
        Overall::Saving => "saving",
        Overall::Failed(_) => "failed",
        Overall::Conflict => "conflict",
        Overall::Invalid => "invalid",
    };
    let text = move || {
        let lang = lang.get();
        match overall.get() {
            Overall::Idle => Key::AllSaved.text(lang).to_owned(),
            Overall::Saved(at) => format!("{} {at}", Key::SavedAt.text(lang)),
            Overall::Saving => Key::Saving.text(lang).to_owned(),
            Overall::Failed(_) => Key::SaveFailed.text(lang).to_owned(),
            Overall::Conflict => Key::SaveConflict.text(lang).to_owned(),
            Overall::Invalid => Key::SaveInvalid.text(lang).to_owned(),
        }
    };
    view! {
        <div class="save-state" id="save-state" data-state=state role="status" aria-live="polite">
            <span class="save-dot" aria-hidden="true"></span>
            <span id="save-text">{text}</span>
            <Show when=move || matches!(overall.get(), Overall::Failed(_))>
                <button type="button" class="link-button" id="save-retry" on:click=move |_| ws.retry()>
                    {t(Key::RetryNow)}
                </button>
            </Show>
        </div>
    }
}

/// Submit, approve, reopen (with a reason) and archive, as the status allows.
#[component]
fn StatusActions() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let lang = use_lang();
    let gate = use_user_gate();
    let pending = RwSignal::new(None::<Status>);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let status = move || ws.info.with(|i| i.status);
    let unsaved = move || ws.saves.any_unsaved();
    let run = move |to: Status| {
        if !gate.ensure() {
            return;
        }
        let needs_reason = to == Status::Draft;
        let text = reason.get_untracked().trim().to_owned();
        if needs_reason && text.is_empty() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api::set_status(ws.id, to, needs_reason.then_some(text.as_str())).await;
            busy.set(false);
            match result {
                Ok(assessment) => {
                    ws.apply_status(&assessment);
                    pending.set(None);
                    reason.set(String::new());
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let actions = move || {
        let buttons: Vec<(Status, Key, &'static str)> = match status() {
            Status::Draft => vec![(Status::Submitted, Key::Submit, "action-submit")],
            Status::Submitted => vec![
                (Status::Approved, Key::Approve, "action-approve"),
                (Status::Draft, Key::Reopen, "action-reopen"),
            ],
            Status::Approved => vec![
                (Status::Archived, Key::Archive, "action-archive"),
                (Status::Draft, Key::Reopen, "action-reopen"),
            ],
            Status::Archived => vec![],
        };
        buttons
            .into_iter()
            .map(|(to, key, id)| {
                view! {
                    <button
                        type="button"
                        class="button"
                        id=id
                        disabled=move || busy.get() || (to != Status::Draft && unsaved())
                        on:click=move |_| {
                            error.set(None);
                            pending.set(Some(to));
                        }
                    >
                        {t(key)}
                    </button>
                }
            })
            .collect_view()
    };
    let confirm = move || {
        pending.get().map(|to| {
            let (title, body) = match to {
                Status::Submitted => (Key::SubmitTitle, Key::SubmitBody),
                Status::Approved => (Key::ApproveTitle, Key::ApproveBody),
                Status::Archived => (Key::ArchiveTitle, Key::ArchiveBody),
                Status::Draft => (Key::ReopenTitle, Key::ReopenBody),
            };
            let needs_reason = to == Status::Draft;
            crate::dialog::focus_soon(if needs_reason { "reopen-reason" } else { "status-confirm" });
            view! {
                <div class="overlay">
                    <div
                        class="dialog"
                        role="dialog"
                        aria-modal="true"
                        aria-labelledby="status-dialog-title"
                        id="status-dialog"
                        on:keydown=move |ev| {
                            crate::dialog::trap_focus(&ev);
                            if ev.key() == "Escape" {
                                pending.set(None);
                            }
                        }
                    >
                        <h2 id="status-dialog-title">{t(title)}</h2>
                        <p>{t(body)}</p>
                        {move || {
                            let carried = ws.carried_count();
                            (carried > 0 && matches!(to, Status::Submitted | Status::Approved)).then(|| {
                                view! {
                                    <p class="warning" id="status-carried-warning">
                                        {move || i18n::carried_count(lang.get(), carried)}
                                        {t(Key::CarriedBeforeSignOff)}
                                    </p>
                                }
                            })
                        }}
                        {needs_reason
                            .then(|| {
                                view! {
                                    <label for="reopen-reason">{t(Key::ReopenReason)}</label>
                                    <textarea
                                        id="reopen-reason"
                                        rows="3"
                                        maxlength=limits::NA_REASON_MAX.to_string()
                                        prop:value=move || reason.get()
                                        on:input=move |ev| reason.set(event_target_value(&ev))
                                    ></textarea>
                                }
                            })}
                        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                        <div class="dialog-actions">
                            <button type="button" class="button" on:click=move |_| pending.set(None)>
                                {t(Key::Cancel)}
                            </button>
                            <button
                                type="button"
                                class="button primary"
                                id="status-confirm"
                                disabled=move || {
                                    busy.get() || (needs_reason && reason.get().trim().is_empty())
                                }
                                on:click=move |_| run(to)
                            >
                                {t(Key::Confirm)}
                            </button>
                        </div>
                    </div>
                </div>
            }
        })
    };
    view! {
        <div class="status-actions">{actions}</div>
        {confirm}
    }
}

/// Shows the first save conflict: the local version and the one saved by someone else, and lets
/// the user keep either.
#[component]
fn ConflictDialog() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let lang = use_lang();
    let first = Memo::new(move |_| {
        ws.saves.with_states(|s| {
            s.iter().find_map(|(key, state)| match state {
                SaveState::Conflict(conflict) => Some((key.clone(), conflict.clone())),
                _ => None,
            })
        })
    });
    move || {
        first.get().map(|(key, conflict)| {
            let lang = lang.get();
            let (subject, mine, theirs, by) = match (&key, &conflict) {
                (SaveKey::Answer(id), Conflict::Answer(current)) => {
                    let entry = ws.entry(id);
                    (
                        id.to_string(),
                        answer_lines(&entry.draft, lang),
                        answer_lines(&Draft::of(current), lang),
                        by_line(current, lang),
                    )
                }
                (SaveKey::Profile, Conflict::Profile(current)) => (
                    Key::TabProfile.text(lang).to_owned(),
                    profile_lines(&ws, &ws.profile.get_untracked(), lang),
                    profile_lines(&ws, &current.profile, lang),
                    String::new(),
                ),
                _ => (String::new(), Vec::new(), Vec::new(), String::new()),
            };
            let keep = key.clone();
            let take = key.clone();
            crate::dialog::focus_soon("conflict-keep-mine");
            view! {
                <div class="overlay">
                    <div
                        class="dialog wide"
                        role="alertdialog"
                        aria-modal="true"
                        aria-labelledby="conflict-title"
                        aria-describedby="conflict-body"
                        id="conflict-dialog"
                        on:keydown=|ev| crate::dialog::trap_focus(&ev)
                    >
                        <h2 id="conflict-title">{Key::ConflictTitle.text(lang)}" · "{subject}</h2>
                        <p id="conflict-body">{Key::ConflictBody.text(lang)}</p>
                        <div class="conflict-columns">
                            <section class="conflict-version" id="conflict-mine">
                                <h3>{Key::YourVersion.text(lang)}</h3>
                                <ul>{mine.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                            </section>
                            <section class="conflict-version" id="conflict-theirs">
                                <h3>{Key::SavedVersion.text(lang)}</h3>
                                <p class="muted">{by}</p>
                                <ul>{theirs.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                            </section>
                        </div>
                        <div class="dialog-actions">
                            <button
                                type="button"
                                class="button"
                                id="conflict-take-theirs"
                                on:click=move |_| ws.resolve(&take, false)
                            >
                                {Key::UseSaved.text(lang)}
                            </button>
                            <button
                                type="button"
                                class="button primary"
                                id="conflict-keep-mine"
                                on:click=move |_| ws.resolve(&keep, true)
                            >
                                {Key::KeepMine.text(lang)}
                            </button>
                        </div>
                    </div>
                </div>
            }
        })
    }
}

fn answer_lines(draft: &Draft, lang: Lang) -> Vec<String> {
    let mut lines = vec![format!(
        "{}: {}",
        Key::Answer.text(lang),
        draft.value.map_or_else(
            || Key::Unanswered.text(lang).to_owned(),
            |v| v.label().get(lang).to_owned()
        )
    )];
    if draft.value == Some(AnswerValue::NotApplicable) {
        lines.push(format!("{}: {}", Key::NaReason.text(lang), draft.na_reason));
    }
    lines.push(format!(
        "{}: {}",
        Key::Note.text(lang),
        if draft.note.trim().is_empty() {
            "—"
        } else {
            &draft.note
        }
    ));
    lines
}

fn by_line(current: &StoredAnswer, lang: Lang) -> String {
    format!(
        "{} {} · {}",
        Key::SavedBy.text(lang),
        current.updated_by,
        format::datetime(&current.updated_at)
    )
}

fn profile_lines(ws: &Workspace, profile: &questionnaires::Profile, lang: Lang) -> Vec<String> {
    ws.questionnaire.with_value(|q| {
        q.profile
            .iter()
            .map(|fact| {
                let value = match (profile.get(&fact.id), &fact.kind) {
                    (Some(FactValue::Bool(true)), _) => Key::Yes.text(lang).to_owned(),
                    (Some(FactValue::Bool(false)), _) => Key::No.text(lang).to_owned(),
                    (Some(FactValue::Choice(c)), FactKind::OneOf { options }) => options
                        .iter()
                        .find(|o| &o.id == c)
                        .map_or_else(|| c.clone(), |o| o.label.get(lang).to_owned()),
                    (Some(FactValue::Choice(c)), FactKind::YesNo) => c.clone(),
                    (None, _) => Key::Unanswered.text(lang).to_owned(),
                };
                format!("{}: {value}", fact.text.get(lang))
            })
            .collect()
    })
}
