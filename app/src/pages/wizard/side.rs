//! The wizard's side column: the live score with completion, and the domain list with each
//! domain's progress and, under the current domain, its questions as chips showing their state.

use leptos::prelude::*;
use questionnaires::AnswerValue;
use questionnaires::score::display_score;

use crate::format;
use crate::i18n::{Key, t, use_lang};
use crate::workspace::{Entry, Workspace};

use super::Nav;
use super::filter::passes;

#[component]
pub(super) fn LiveScore() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let lang = use_lang();
    let content = move || {
        let lang = lang.get();
        match ws.score.get() {
            Ok(score) => {
                let level = score.readiness.level;
                let class = match level {
                    questionnaires::score::ReadinessLevel::Ready => "badge ready",
                    questionnaires::score::ReadinessLevel::LargelyReady => "badge largely",
                    questionnaires::score::ReadinessLevel::NotReady => "badge not-ready",
                };
                let tally = score.overall;
                view! {
                    <div class="live-figure">
                        <span
                            id="live-score"
                            class="big-number"
                            data-score=tally.score.map(|s| s.to_string()).unwrap_or_default()
                        >
                            {display_score(tally.score, lang)}
                        </span>
                        <span id="live-readiness" class=class>{level.label().get(lang).to_owned()}</span>
                    </div>
                    <p class="small">
                        {Key::Completion.text(lang)}": "
                        <span id="live-completion">{format::percent(tally.completion)}</span>
                        " ("{tally.answered}" / "{tally.applicable}")"
                    </p>
                    <div class="progress" aria-hidden="true">
                        <div
                            class="progress-bar"
                            style=format!("width: {}%", tally.completion.unwrap_or(0.0))
                        ></div>
                    </div>
                }
                .into_any()
            }
            Err(error) => view! { <p class="error">{error.to_string()}</p> }.into_any(),
        }
    };
    view! {
        <section class="card live-score" aria-labelledby="live-score-title" aria-live="polite">
            <h2 id="live-score-title" class="panel-title">{t(Key::LiveScore)}</h2>
            {content}
        </section>
    }
}

#[component]
pub(super) fn DomainNav(nav: Nav) -> impl IntoView {
    let ws = nav.ws;
    let lang = use_lang();
    let domains = ws.questionnaire.with_value(|q| {
        q.domains
            .iter()
            .map(|d| (d.id.clone(), d.title.clone()))
            .collect::<Vec<_>>()
    });
    let current_domain = Memo::new(move |_| {
        let current = nav.current.get()?;
        nav.applicable
            .get()
            .into_iter()
            .find(|(_, id)| id == &current)
            .map(|(d, _)| d)
    });
    let items = domains
        .into_iter()
        .enumerate()
        .map(|(index, (domain_id, title))| {
            let nav = nav.clone();
            let progress = move || {
                ws.score.with(|s| {
                    s.as_ref().ok().and_then(|s| s.domains.get(index)).map(|d| {
                        (d.applies, d.tally.answered, d.tally.applicable, d.tally.score)
                    })
                })
            };
            let applies = move || progress().is_some_and(|(a, _, applicable, _)| a && applicable > 0);
            let first = {
                let nav = nav.clone();
                move || {
                    let filter = nav.filter.get_untracked();
                    let list = nav.applicable.get_untracked();
                    let in_domain = list.iter().filter(|(d, _)| *d == index);
                    let id = in_domain
                        .clone()
                        .find(|(_, id)| passes(&ws, id, filter))
                        .or_else(|| list.iter().find(|(d, _)| *d == index))
                        .map(|(_, id)| id.clone());
                    if let Some(id) = id {
                        nav.go(&id, filter);
                    }
                }
            };
            let is_current = move || current_domain.get() == Some(index);
            let chips_nav = nav.clone();
            view! {
                <li class="domain" class:current=is_current class:off=move || !applies() data-domain=domain_id>
                    <button
                        type="button"
                        class="domain-button"
                        disabled=move || !applies()
                        aria-current=move || is_current().then_some("step")
                        on:click=move |_| first()
                    >
                        <span class="domain-title">{move || title.get(lang.get()).to_owned()}</span>
                        <span class="domain-count">
                            {move || match progress() {
                                Some((true, answered, applicable, _)) if applicable > 0 => {
                                    format!("{answered}/{applicable}")
                                }
                                _ => Key::DomainOff.text(lang.get()).to_owned(),
                            }}
                        </span>
                        <span class="progress thin" aria-hidden="true">
                            <span
                                class="progress-bar"
                                style=move || {
                                    let pct = match progress() {
                                        Some((_, answered, applicable, _)) if applicable > 0 => {
                                            f64::from(answered) / f64::from(applicable) * 100.0
                                        }
                                        _ => 0.0,
                                    };
                                    format!("width: {pct}%")
                                }
                            ></span>
                        </span>
                    </button>
                    <Show when=is_current>
                        <QuestionChips domain=index nav=chips_nav.clone()/>
                    </Show>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="card domain-nav" aria-labelledby="domain-nav-title">
            <h2 id="domain-nav-title" class="panel-title">{t(Key::Domains)}</h2>
            <ol class="domains">{items}</ol>
        </nav>
    }
}

/// The questions of the current domain as small buttons showing their state.
#[component]
fn QuestionChips(domain: usize, nav: Nav) -> impl IntoView {
    let ws = nav.ws;
    let lang = use_lang();
    let chips = move || {
        let filter = nav.filter.get();
        let current = nav.current.get();
        nav.applicable
            .get()
            .into_iter()
            .filter(|(d, _)| *d == domain)
            .map(|(_, id)| {
                let value = ws.answers.with(|a| a.get(&id).and_then(|e| e.draft.value));
                let class = match value {
                    None => "chip",
                    Some(AnswerValue::Compliant) => "chip compliant",
                    Some(AnswerValue::Partial) => "chip partial",
                    Some(AnswerValue::NonCompliant) => "chip non-compliant",
                    Some(AnswerValue::NotApplicable) => "chip na",
                };
                let dim = !passes(&ws, &id, filter);
                let carried = ws
                    .answers
                    .with(|a| a.get(&id).is_some_and(Entry::is_carried));
                let mut label = format!(
                    "{} {}",
                    id,
                    value.map_or_else(
                        || Key::Unanswered.text(lang.get()).to_owned(),
                        |v| v.label().get(lang.get()).to_owned()
                    )
                );
                if carried {
                    label = format!("{label} · {}", Key::FilterCarried.text(lang.get()));
                }
                let is_current = current.as_ref() == Some(&id);
                let nav = nav.clone();
                let target = id.clone();
                view! {
                    <button
                        type="button"
                        class=class
                        class:dim=dim
                        class:carried=carried
                        class:current=is_current
                        aria-current=is_current.then_some("true")
                        aria-label=label.clone()
                        title=label
                        on:click=move |_| nav.go(&target, nav.filter.get_untracked())
                    >
                        {id.as_str().rsplit('-').next().unwrap_or_default().to_owned()}
                    </button>
                }
            })
            .collect_view()
    };
    view! { <div class="chips">{chips}</div> }
}
