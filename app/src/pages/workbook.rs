//! `/assessments/:id/workbook`: an answered fill-in workbook brought back. The file chosen is
//! sent to `POST …/workbook/preview`, which changes nothing; the page shows every error by sheet
//! and cell (and then offers nothing to apply), or the answers the file changes (before →
//! after) and the conflicts (rows also changed in Ziping since the download, with both values,
//! applied only when the user agrees to overwrite them). "Apply" sends the same file to
//! `POST …/workbook/apply`, which saves it all or nothing; the saved answers become the
//! workspace's, so the wizard shows them at once. Approved and archived assessments take no
//! workbook, and the page says why.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use questionnaires::QuestionId;

use crate::api::{self, RowAnswer, RowChange, RowConflict, StoredAnswer, WorkbookPlan};
use crate::format;
use crate::i18n::{self, Key, t, use_lang};
use crate::pages::export::{Export, ExportLink};
use crate::shell::use_user_gate;
use crate::workspace::Workspace;

/// The route `/assessments/:id/workbook`.
#[component]
pub fn WorkbookPage() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let lang = use_lang();
    let gate = use_user_gate();
    let input = NodeRef::<leptos::html::Input>::new();
    let plan = RwSignal::new(None::<WorkbookPlan>);
    let applied = RwSignal::new(None::<api::WorkbookApplied>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let read_only = move || ws.read_only();
    let chosen = move || {
        input
            .get()
            .and_then(|i| i.files())
            .and_then(|files| files.get(0))
    };
    let reset = move || {
        plan.set(None);
        applied.set(None);
        error.set(None);
    };
    let preview = move |_| {
        if busy.get_untracked() || read_only() || !gate.ensure() {
            return;
        }
        let Some(file) = chosen() else {
            error.set(Some(
                Key::WorkbookNoFile.text(lang.get_untracked()).to_owned(),
            ));
            return;
        };
        reset();
        busy.set(true);
        let lang = lang.get_untracked();
        spawn_local(async move {
            match api::preview_workbook(ws.id, &file, lang).await {
                Ok(found) => plan.set(Some(found)),
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    let apply = Callback::new(move |overwrite: bool| {
        if busy.get_untracked() || read_only() || !gate.ensure() {
            return;
        }
        let Some(file) = chosen() else {
            error.set(Some(
                Key::WorkbookNoFile.text(lang.get_untracked()).to_owned(),
            ));
            return;
        };
        error.set(None);
        busy.set(true);
        let lang = lang.get_untracked();
        spawn_local(async move {
            match api::apply_workbook(ws.id, &file, lang, overwrite).await {
                Ok(done) => {
                    ws.accept_saved(done.saved.clone());
                    plan.set(None);
                    applied.set(Some(done));
                }
                Err(e) => error.set(Some(format!(
                    "{}{}",
                    Key::WorkbookFailed.text(lang),
                    e.message
                ))),
            }
            busy.set(false);
        });
    });
    let workbook = Export::find("workbook");
    view! {
        <section class="workbook" id="workbook" aria-labelledby="workbook-title">
            <h2 id="workbook-title">{t(Key::WorkbookTitle)}</h2>
            <p class="lead">{t(Key::WorkbookIntro)}</p>
            {workbook.map(|export| view! {
                <p><ExportLink export=export id="workbook-download"/></p>
            })}
            <div class="card workbook-upload">
                <label for="workbook-file">{t(Key::WorkbookFile)}</label>
                " "
                <input
                    type="file"
                    id="workbook-file"
                    accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    node_ref=input
                    disabled=read_only
                    aria-describedby=move || read_only().then_some("workbook-refusal")
                    on:change=move |_| reset()
                />
                " "
                <button
                    type="button"
                    class="button"
                    id="workbook-preview"
                    disabled=move || busy.get() || read_only()
                    on:click=preview
                >
                    {move || {
                        if busy.get() && plan.with(Option::is_none) {
                            Key::WorkbookChecking.text(lang.get())
                        } else {
                            Key::WorkbookPreview.text(lang.get())
                        }
                    }}
                </button>
                {move || read_only().then(|| view! {
                    <p class="warning" id="workbook-refusal">{t(Key::WorkbookReadOnly)}</p>
                })}
            </div>
            {move || error.get().map(|e| view! { <p class="error" role="alert" id="workbook-error">{e}</p> })}
            {move || plan.get().map(|plan| view! { <PlanView plan=plan busy=busy apply=apply/> })}
            {move || applied.get().map(|done| {
                let wizard = format!("/assessments/{}/wizard", ws.id);
                let count = done.saved.len();
                let overwritten = done.overwritten;
                view! {
                    <div class="card workbook-applied" id="workbook-applied" role="status" data-saved=count.to_string()>
                        <p>{move || i18n::workbook_applied(lang.get(), count, overwritten)}</p>
                        <p><A href=wizard attr:id="workbook-to-wizard" attr:class="button primary">{t(Key::WorkbookToWizard)}</A></p>
                    </div>
                }
            })}
        </section>
    }
}

/// What the previewed file would do: its errors, or its changes and conflicts with the button.
#[component]
fn PlanView(plan: WorkbookPlan, busy: RwSignal<bool>, apply: Callback<bool>) -> impl IntoView {
    let lang = use_lang();
    if !plan.errors.is_empty() {
        let count = plan.errors.len();
        return view! {
            <section class="card" id="workbook-errors" aria-labelledby="workbook-errors-title">
                <h3 class="panel-title" id="workbook-errors-title">{t(Key::WorkbookErrorsTitle)}</h3>
                <p class="error" role="alert" id="workbook-errors-summary">
                    {move || i18n::workbook_errors(lang.get(), count)}
                </p>
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">{t(Key::WorkbookCell)}</th>
                            <th scope="col">{t(Key::WorkbookProblem)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {plan
                            .errors
                            .into_iter()
                            .map(|e| {
                                let cell = e.cell.clone();
                                view! {
                                    <tr data-cell=cell>
                                        <td class="mono">{e.cell}</td>
                                        <td>{e.message}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </section>
        }
        .into_any();
    }
    let (changes, conflicts, unchanged) =
        (plan.changes.len(), plan.conflicts.len(), plan.unchanged);
    let overwrite = RwSignal::new(false);
    view! {
        <p class="lead" id="workbook-summary" role="status">
            {move || i18n::workbook_summary(lang.get(), changes, conflicts, unchanged)}
        </p>
        {(changes > 0).then(|| view! { <ChangesTable changes=plan.changes.clone()/> })}
        {(conflicts > 0).then(|| view! { <ConflictsTable conflicts=plan.conflicts.clone() overwrite=overwrite/> })}
        <ApplyButton busy=busy apply=apply overwrite=overwrite nothing={changes + conflicts == 0} conflicts={conflicts > 0}/>
    }
    .into_any()
}

#[component]
fn ChangesTable(changes: Vec<RowChange>) -> impl IntoView {
    view! {
        <section class="card" id="workbook-changes" aria-labelledby="workbook-changes-title">
            <h3 class="panel-title" id="workbook-changes-title">{t(Key::WorkbookChangesTitle)}</h3>
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{t(Key::Question)}</th>
                        <th scope="col">{t(Key::WorkbookBefore)}</th>
                        <th scope="col">{t(Key::WorkbookAfter)}</th>
                        <th scope="col">{t(Key::WorkbookCell)}</th>
                    </tr>
                </thead>
                <tbody>
                    {changes
                        .into_iter()
                        .map(|c| {
                            let before = c.before.as_ref().map(stored_row);
                            view! {
                                <tr data-question=c.question_id.to_string()>
                                    <td><QuestionTitle id=c.question_id.clone()/></td>
                                    <td class="before"><AnswerCell answer=before/></td>
                                    <td class="after"><AnswerCell answer=Some(c.after)/></td>
                                    <td class="mono small">{c.cell}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn ConflictsTable(conflicts: Vec<RowConflict>, overwrite: RwSignal<bool>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card" id="workbook-conflicts" aria-labelledby="workbook-conflicts-title">
            <h3 class="panel-title" id="workbook-conflicts-title">{t(Key::WorkbookConflictsTitle)}</h3>
            <p class="muted">{t(Key::WorkbookConflictsHelp)}</p>
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{t(Key::Question)}</th>
                        <th scope="col">{t(Key::WorkbookInFile)}</th>
                        <th scope="col">{t(Key::WorkbookInZiping)}</th>
                        <th scope="col">{t(Key::WorkbookCell)}</th>
                    </tr>
                </thead>
                <tbody>
                    {conflicts
                        .into_iter()
                        .map(|c| {
                            let current = c.current.as_ref().map(stored_row);
                            let by = c.current.as_ref().map(|s| (s.updated_by.clone(), format::datetime(&s.updated_at)));
                            view! {
                                <tr data-question=c.question_id.to_string()>
                                    <td><QuestionTitle id=c.question_id.clone()/></td>
                                    <td class="file"><AnswerCell answer=Some(c.file)/></td>
                                    <td class="current">
                                        <AnswerCell answer=current/>
                                        {by.map(|(by, at)| view! {
                                            <div class="muted small">{move || i18n::changed_by(lang.get(), &by, &at)}</div>
                                        })}
                                    </td>
                                    <td class="mono small">{c.cell}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <p>
                <input
                    type="checkbox"
                    id="workbook-overwrite"
                    prop:checked=move || overwrite.get()
                    on:change=move |ev| overwrite.set(event_target_checked(&ev))
                />
                " "
                <label for="workbook-overwrite">{t(Key::WorkbookOverwrite)}</label>
            </p>
        </section>
    }
}

/// "Apply", with the reason when it cannot be pressed yet.
#[component]
fn ApplyButton(
    busy: RwSignal<bool>,
    apply: Callback<bool>,
    overwrite: RwSignal<bool>,
    nothing: bool,
    conflicts: bool,
) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let lang = use_lang();
    let refusal = move || {
        if ws.read_only() {
            Some(Key::WorkbookReadOnly)
        } else if nothing {
            Some(Key::WorkbookNothing)
        } else if ws.saves.any_unsaved() {
            Some(Key::WorkbookUnsaved)
        } else if conflicts && !overwrite.get() {
            Some(Key::WorkbookConfirmOverwrite)
        } else {
            None
        }
    };
    view! {
        <div class="workbook-actions">
            <button
                type="button"
                class="button primary"
                id="workbook-apply"
                disabled=move || busy.get() || refusal().is_some()
                aria-describedby=move || refusal().map(|_| "workbook-apply-refusal")
                on:click=move |_| apply.run(overwrite.get_untracked())
            >
                {move || {
                    if busy.get() {
                        Key::WorkbookApplying.text(lang.get())
                    } else {
                        Key::WorkbookApply.text(lang.get())
                    }
                }}
            </button>
            {move || refusal().map(|key| view! {
                <p class="muted" id="workbook-apply-refusal">{t(key)}</p>
            })}
        </div>
    }
}

/// A question's id and text in the pinned questionnaire.
#[component]
fn QuestionTitle(id: QuestionId) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let lang = use_lang();
    let text = ws.question(&id).map(|q| q.text).unwrap_or_default();
    view! {
        <span class="mono">{id.to_string()}</span>
        " "
        <span>{move || text.get(lang.get()).to_owned()}</span>
    }
}

/// An answer with its N/A reason and note; "Unanswered" for none.
#[component]
fn AnswerCell(answer: Option<RowAnswer>) -> impl IntoView {
    let lang = use_lang();
    let Some(answer) = answer else {
        return view! { <span class="muted" data-value="">{t(Key::Unanswered)}</span> }.into_any();
    };
    let value = answer.value;
    view! {
        <strong data-value=value.as_str()>{move || value.label().get(lang.get()).to_owned()}</strong>
        {answer.na_reason.filter(|r| !r.is_empty()).map(|reason| view! {
            <div class="small">{t(Key::NaReason)}{t(Key::ListColon)}{reason}</div>
        })}
        {(!answer.note.is_empty()).then(|| {
            let note = answer.note.clone();
            view! { <div class="small muted">{t(Key::Note)}{t(Key::ListColon)}{note}</div> }
        })}
    }
    .into_any()
}

fn stored_row(stored: &StoredAnswer) -> RowAnswer {
    RowAnswer {
        value: stored.value,
        na_reason: stored.na_reason.clone(),
        note: stored.note.clone(),
    }
}

/// The wizard's pointer to this page.
#[component]
pub fn WorkbookAside() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let href = format!("/assessments/{}/workbook", ws.id);
    view! {
        <section class="card workbook-aside" aria-labelledby="workbook-aside-title">
            <h2 id="workbook-aside-title" class="panel-title">{t(Key::WorkbookAsideTitle)}</h2>
            <p class="small muted">{t(Key::WorkbookAsideBody)}</p>
            <A href=href attr:id="wizard-workbook-link">{t(Key::WorkbookLink)}</A>
        </section>
    }
}
