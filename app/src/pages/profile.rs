//! The profile step (单位画像): the facts that decide which questions apply, each with its help
//! text and the articles that set its threshold, and a summary of how many questions apply and
//! which domains the answers switch off.

use leptos::prelude::*;
use leptos_router::components::A;
use questionnaires::{Fact, FactKind, FactValue, Lang};

use crate::components::Citations;
use crate::i18n::{self, Key, t, use_lang};
use crate::markdown::Markdown;
use crate::workspace::{SaveKey, SaveState, Workspace};

#[component]
pub fn ProfilePage() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let lang = use_lang();
    let total = ws.questionnaire.with_value(|q| q.questions().count());
    let applicable = Memo::new(move |_| ws.applicable().len());
    let switched_off = Memo::new(move |_| {
        let profile = ws.profile.get();
        ws.questionnaire.with_value(|q| {
            q.domains
                .iter()
                .filter(|d| !d.applies.eval(&q.profile, &profile))
                .map(|d| d.title.clone())
                .collect::<Vec<_>>()
        })
    });
    let answered = Memo::new(move |_| ws.profile.with(|p| p.len()));
    let facts = ws.questionnaire.with_value(|q| q.profile.clone());
    let fact_count = facts.len();
    let profile_error = move || match ws.saves.state(&SaveKey::Profile) {
        Some(SaveState::Invalid(problem)) => Some(i18n::problem_text(&problem, lang.get())),
        _ => None,
    };

    view! {
        <section class="profile-page" id="profile" aria-labelledby="profile-title">
            <div class="page-head">
                <div>
                    <h2 id="profile-title">{t(Key::ProfileTitle)}</h2>
                    <p class="lead">{t(Key::ProfileIntro)}</p>
                </div>
            </div>
            <div class="profile-layout">
                <div class="facts">
                    {facts.into_iter().map(|fact| view! { <FactField fact=fact/> }).collect_view()}
                </div>
                <aside class="card profile-summary" aria-labelledby="profile-summary-title">
                    <h3 id="profile-summary-title">{t(Key::ProfileSummary)}</h3>
                    <p>
                        {t(Key::FactsAnswered)}": "
                        <span id="facts-answered">
                            {move || format!("{} / {fact_count}", answered.get())}
                        </span>
                    </p>
                    <p>
                        {t(Key::ApplicableQuestions)}": "
                        <strong id="applicable-count">{move || applicable.get()}</strong>
                        " / "
                        <span id="question-total">{total}</span>
                    </p>
                    <h4>{t(Key::DomainsSwitchedOff)}</h4>
                    <ul id="domains-off" class="plain">
                        {move || {
                            let off = switched_off.get();
                            if off.is_empty() {
                                view! { <li class="muted">{t(Key::NoneSwitchedOff)}</li> }.into_any()
                            } else {
                                off.into_iter()
                                    .map(|title| view! { <li>{move || title.get(lang.get()).to_owned()}</li> })
                                    .collect_view()
                                    .into_any()
                            }
                        }}
                    </ul>
                    <p class="muted small">{t(Key::UnansweredFactNote)}</p>
                    {move || profile_error().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                    <A href=format!("/assessments/{}/wizard", ws.id) attr:class="button primary" attr:id="to-wizard">
                        {t(Key::ContinueToQuestions)}
                    </A>
                </aside>
            </div>
        </section>
    }
}

/// One profile fact: its question, the choices, the articles and the help text.
#[component]
fn FactField(fact: Fact) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let lang = use_lang();
    let id = fact.id.clone();
    let legend_id = format!("fact-{id}-legend");
    let current = {
        let id = id.clone();
        Memo::new(move |_| ws.profile.with(|p| p.get(&id).cloned()))
    };
    let disabled = move || ws.read_only();
    // Yes and no in both languages, like the options of a one-of fact.
    let both = |key: Key| questionnaires::Text::new(key.text(Lang::Zh), key.text(Lang::En));
    let choices: Vec<(FactValue, questionnaires::Text)> = match &fact.kind {
        FactKind::YesNo => vec![
            (FactValue::Bool(true), both(Key::Yes)),
            (FactValue::Bool(false), both(Key::No)),
        ],
        FactKind::OneOf { options } => options
            .iter()
            .map(|o| (FactValue::Choice(o.id.clone()), o.label.clone()))
            .collect(),
    };
    let inputs = choices
        .into_iter()
        .enumerate()
        .map(|(index, (value, label))| {
            let input_id = format!("fact-{id}-{index}");
            let label_for = input_id.clone();
            let fact_id = id.clone();
            let checked = {
                let value = value.clone();
                move || current.get().as_ref() == Some(&value)
            };
            let tag = match &value {
                FactValue::Bool(b) => b.to_string(),
                FactValue::Choice(c) => c.clone(),
            };
            view! {
                <label class="choice" for=label_for>
                    <input
                        type="radio"
                        id=input_id
                        name=format!("fact-{}", fact_id)
                        value=tag
                        prop:checked=checked
                        disabled=disabled
                        on:change=move |_| ws.set_fact(&fact_id, value.clone())
                    />
                    <span>{move || label.get(lang.get()).to_owned()}</span>
                </label>
            }
        })
        .collect_view();
    let text = fact.text.clone();
    let help = fact.help.clone();
    let has_help = !fact.help.zh.trim().is_empty();
    let citations = fact.citations.clone();
    view! {
        <fieldset class="card fact" id=format!("fact-{id}") data-fact=id.clone() aria-describedby=format!("fact-{id}-help")>
            <legend id=legend_id>{move || text.get(lang.get()).to_owned()}</legend>
            <div class="choices" class:answered=move || current.get().is_some()>{inputs}</div>
            {(!citations.is_empty())
                .then(|| {
                    view! {
                        <div class="fact-citations">
                            <span class="muted small">{t(Key::ThresholdSetBy)}</span>
                            <Citations citations=citations/>
                        </div>
                    }
                })}
            {has_help
                .then(|| {
                    view! {
                        <details class="help" id=format!("fact-{id}-help")>
                            <summary>{t(Key::HelpAndThresholds)}</summary>
                            {move || view! { <Markdown text=help.get(lang.get()).to_owned()/> }}
                        </details>
                    }
                })}
        </fieldset>
    }
}
