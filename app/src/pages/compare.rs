//! `/assessments/:id/compare[?with=OTHER]`: two review cycles of one organization, questionnaire
//! and App side by side, exactly as `GET /api/assessments/{id}/compare` computes them (the
//! function the report's comparison section prints, so the page and the report show the same
//! numbers): the overall score change and how many questions moved each way, the score change of
//! every domain and instrument, every question with both answers and how it moved (filtered by
//! kind and by domain, each linked into the wizard of the cycle that asks it), the gaps closed and
//! opened, and the remediation items overdue today. The other cycle is chosen from the
//! organization's trend; without `with` it is the cycle before this one, or else the one after.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use questionnaires::compare::{Movement, QuestionChange, ScoreChange, Standing, display_change};
use questionnaires::score::display_score;
use questionnaires::{Comparison, Lang, QuestionId};

use crate::api::{self, TrendCycle};
use crate::i18n::{self, Key, t, use_lang};
use crate::workspace::Workspace;

/// The kinds of movement, in the order the page lists them.
const MOVEMENTS: [Movement; 5] = [
    Movement::Improved,
    Movement::Regressed,
    Movement::Unchanged,
    Movement::New,
    Movement::Removed,
];

/// The route `/assessments/:id/compare`.
#[component]
pub fn ComparePage() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let query = use_query_map();
    let navigate = use_navigate();
    let lang = use_lang();
    let organization = ws.info.with_untracked(|i| i.organization.id);
    let trend = LocalResource::new(move || api::trend(organization));
    // The cycles of this assessment's series (questionnaire and App), oldest first.
    let cycles = move || -> Option<Vec<TrendCycle>> {
        let questionnaire = ws.questionnaire.with_value(|q| q.id.clone());
        let subject = ws.info.with(|i| i.subject.clone());
        trend.get()?.ok().map(|t| {
            t.series_of(&questionnaire, subject.as_ref())
                .map(|s| s.cycles.clone())
                .unwrap_or_default()
        })
    };
    let asked = Memo::new(move |_| {
        query
            .with(|q| q.get("with"))
            .and_then(|s| s.parse::<i64>().ok())
    });
    let other = Memo::new(move |_| {
        asked
            .get()
            .or_else(|| cycles().and_then(|c| default_other(&c, ws.id)))
    });
    let comparison = LocalResource::new(move || {
        let other = other.get();
        async move {
            match other {
                Some(with) => Some((with, api::compare(ws.id, with).await)),
                None => None,
            }
        }
    });

    let picker = move || {
        let others: Vec<TrendCycle> = cycles()?
            .into_iter()
            .filter(|c| c.assessment_id != ws.id)
            .collect();
        if others.is_empty() {
            return None;
        }
        let navigate = navigate.clone();
        Some(view! {
            <div class="field compare-picker">
                <label for="compare-with">{t(Key::CompareWith)}</label>
                <select
                    id="compare-with"
                    prop:value=move || other.get().map(|o| o.to_string()).unwrap_or_default()
                    on:change=move |ev| {
                        let target = format!(
                            "/assessments/{}/compare?with={}",
                            ws.id,
                            api::encode(&event_target_value(&ev))
                        );
                        navigate(&target, NavigateOptions::default());
                    }
                >
                    {others
                        .into_iter()
                        .map(|c| {
                            let value = c.assessment_id.to_string();
                            let label = move || {
                                format!(
                                    "{} · {} {} · {}",
                                    c.cycle,
                                    Key::VersionShort.text(lang.get()),
                                    c.questionnaire_version,
                                    c.status.label().get(lang.get())
                                )
                            };
                            view! { <option value=value>{label}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
        })
    };

    let content = move || match (other.get(), comparison.get()) {
        (None, _) => match trend.get() {
            None => view! { <p class="muted">{t(Key::Loading)}</p> }.into_any(),
            Some(Err(e)) => {
                view! { <p class="error" role="alert" id="compare-error">{e.message}</p> }
                    .into_any()
            }
            Some(Ok(_)) => {
                view! { <p class="muted" id="compare-none">{t(Key::CompareNoOther)}</p> }.into_any()
            }
        },
        // The comparison with the cycle chosen, not one still shown from before.
        (Some(wanted), Some(Some((with, result)))) if wanted == with => match result {
            Ok(comparison) => view! { <CompareView comparison=comparison other=with/> }.into_any(),
            Err(e) => view! { <p class="error" role="alert" id="compare-error">{e.message}</p> }
                .into_any(),
        },
        (Some(_), _) => view! { <p class="muted">{t(Key::Loading)}</p> }.into_any(),
    };
    view! {
        <section class="compare" id="compare" aria-labelledby="compare-title">
            <div class="page-head">
                <h2 id="compare-title">{t(Key::CompareTitle)}</h2>
                {picker}
            </div>
            {content}
        </section>
    }
}

/// The cycle compared with by default: the one before `current` in its series, else the one
/// after it (the same choice as the API's default, which has only the one before).
fn default_other(cycles: &[TrendCycle], current: i64) -> Option<i64> {
    let position = cycles.iter().position(|c| c.assessment_id == current)?;
    position
        .checked_sub(1)
        .and_then(|p| cycles.get(p))
        .or_else(|| cycles.get(position + 1))
        .map(|c| c.assessment_id)
}

#[component]
fn CompareView(comparison: Comparison, other: i64) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let lang = use_lang();
    // The API compares the cycle created first with the later one; ids grow with creation.
    let (before_id, after_id) = (ws.id.min(other), ws.id.max(other));
    let c = comparison;
    let before_cycle = c.before.cycle.clone();
    let after_cycle = c.after.cycle.clone();
    let intro = {
        let (before, after) = (c.before.clone(), c.after.clone());
        move || {
            i18n::compare_intro(
                lang.get(),
                &before.cycle,
                &before.questionnaire_version,
                &after.cycle,
                &after.questionnaire_version,
            )
        }
    };
    let readiness = {
        let (before, after) = (c.before.readiness, c.after.readiness);
        move || {
            let lang = lang.get();
            format!("{} → {}", before.label().get(lang), after.label().get(lang))
        }
    };
    let overall = c.overall;
    let counts = c.counts;
    let count_rows = MOVEMENTS
        .into_iter()
        .map(|m| {
            view! {
                <dt>{t(movement_key(m))}</dt>
                <dd id=format!("count-{}", movement_tag(m))>{counts.of(m)}</dd>
            }
        })
        .collect_view();

    let domain_rows = c
        .domains
        .iter()
        .map(|d| {
            let title = d.title.clone();
            let label = move || title.get(lang.get()).to_owned();
            change_row("domain", d.domain.clone(), label, d.score, lang)
        })
        .collect_view();
    let instrument_rows = c
        .instruments
        .iter()
        .map(|i| {
            let id = i.instrument.clone();
            let label = {
                let id = id.clone();
                move || {
                    ws.catalog.with_value(|catalog| {
                        catalog
                            .instrument(&id)
                            .map_or_else(|| id.clone(), |x| x.short.get(lang.get()).to_owned())
                    })
                }
            };
            change_row("instrument", id, label, i.score, lang)
        })
        .collect_view();

    let questions = StoredValue::new(c.questions.clone());
    let domains = StoredValue::new(c.domains.clone());
    let kind = RwSignal::new(String::new());
    let domain = RwSignal::new(String::new());
    let shown = move || {
        let (k, d) = (kind.get(), domain.get());
        questions.with_value(|list| {
            list.iter()
                .filter(|q| k.is_empty() || movement_tag(q.movement) == k)
                .filter(|q| d.is_empty() || q.domain == d)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let total = c.questions.len();
    let shown_count = move || {
        let n = shown().len();
        i18n::compare_shown(lang.get(), n, total)
    };
    let kind_options = MOVEMENTS
        .into_iter()
        .map(|m| {
            let label = move || format!("{} ({})", movement_key(m).text(lang.get()), counts.of(m));
            view! { <option value=movement_tag(m)>{label}</option> }
        })
        .collect_view();
    let domain_options = c
        .domains
        .iter()
        .map(|d| {
            let title = d.title.clone();
            view! { <option value=d.domain.clone()>{move || title.get(lang.get()).to_owned()}</option> }
        })
        .collect_view();
    let (bc, ac) = (before_cycle.clone(), after_cycle.clone());
    let rows = move || {
        shown()
            .into_iter()
            .map(|q| {
                let domain_title = domains.with_value(|list| {
                    list.iter()
                        .find(|d| d.domain == q.domain)
                        .map(|d| d.title.clone())
                });
                view! {
                    <QuestionRow
                        change=q
                        domain=domain_title
                        before_id=before_id
                        after_id=after_id
                    />
                }
            })
            .collect_view()
    };

    let title_of = move |id: &QuestionId| {
        questions.with_value(|list| {
            list.iter()
                .find(|q| &q.question == id)
                .map(|q| q.text.clone())
                .unwrap_or_default()
        })
    };
    let gap_list = move |list_id: &'static str, ids: Vec<QuestionId>| {
        if ids.is_empty() {
            return view! { <p class="muted" id=list_id>{t(Key::UpgradeNothing)}</p> }.into_any();
        }
        view! {
            <ul class="plain gap-changes" id=list_id>
                {ids
                    .into_iter()
                    .map(|id| {
                        let text = title_of(&id);
                        let href = wizard_href(after_id, &id);
                        let (tag, label) = (id.to_string(), id.to_string());
                        view! {
                            <li data-question=tag>
                                <A href=href>{label}</A>
                                " "
                                {move || text.get(lang.get()).to_owned()}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    let closed = gap_list("gaps-closed", c.gaps_closed.clone());
    let opened = gap_list("gaps-opened", c.gaps_opened.clone());
    let still_open = c.gaps_still_open.len();
    let as_of = c.as_of.clone();
    let overdue_heading = {
        let as_of = as_of.clone();
        move || i18n::compare_overdue(lang.get(), &as_of)
    };
    let overdue = if c.overdue.is_empty() {
        view! { <p class="muted" id="compare-overdue">{t(Key::UpgradeNothing)}</p> }.into_any()
    } else {
        view! {
            <table class="table" id="compare-overdue">
                <thead>
                    <tr>
                        <th scope="col">{t(Key::Question)}</th>
                        <th scope="col">{t(Key::Owner)}</th>
                        <th scope="col">{t(Key::DueDate)}</th>
                        <th scope="col">{t(Key::RemediationStatusLabel)}</th>
                        <th scope="col" class="num">{t(Key::CompareDaysOverdue)}</th>
                    </tr>
                </thead>
                <tbody>
                    {c
                        .overdue
                        .clone()
                        .into_iter()
                        .map(|o| {
                            let text = title_of(&o.question);
                            let status = o.status;
                            let href = wizard_href(after_id, &o.question);
                            let (tag, label) = (o.question.to_string(), o.question.to_string());
                            view! {
                                <tr data-question=tag>
                                    <td>
                                        <A href=href>{label}</A>
                                        " "
                                        {move || text.get(lang.get()).to_owned()}
                                    </td>
                                    <td>{o.owner}</td>
                                    <td>{o.due}</td>
                                    <td>{move || status.label().get(lang.get()).to_owned()}</td>
                                    <td class="num">{o.days}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };

    let change_head = move |first: Key| {
        let (bc, ac) = (before_cycle.clone(), after_cycle.clone());
        view! {
            <thead>
                <tr>
                    <th scope="col">{t(first)}</th>
                    <th scope="col" class="num">{bc}</th>
                    <th scope="col" class="num">{ac}</th>
                    <th scope="col" class="num">{t(Key::CompareChange)}</th>
                </tr>
            </thead>
        }
    };

    view! {
        <p
            class="lead"
            id="compare-intro"
            data-before-cycle=c.before.cycle.clone()
            data-after-cycle=c.after.cycle.clone()
        >
            {intro}
        </p>
        <div class="results-summary">
            <section class="card summary-card" aria-labelledby="compare-overall-title">
                <h3 class="panel-title" id="compare-overall-title">{t(Key::OverallScore)}</h3>
                <p class="big-number" id="compare-overall-change">{display_change(overall.change)}</p>
                <p id="compare-overall">
                    {move || display_score(overall.before, lang.get())}
                    " → "
                    {move || display_score(overall.after, lang.get())}
                </p>
                <p class="small">
                    {t(Key::Readiness)}": "<span id="compare-readiness">{readiness}</span>
                </p>
            </section>
            <section class="card" aria-labelledby="compare-counts-title">
                <h3 class="panel-title" id="compare-counts-title">{t(Key::CompareCounts)}</h3>
                <dl class="counts" id="compare-counts">{count_rows}</dl>
            </section>
            <section class="card" aria-labelledby="compare-gaps-title">
                <h3 class="panel-title" id="compare-gaps-title">{t(Key::CompareGaps)}</h3>
                <h4 class="small">{t(Key::CompareGapsClosed)}</h4>
                {closed}
                <h4 class="small">{t(Key::CompareGapsOpened)}</h4>
                {opened}
                <p class="small muted" id="gaps-still-open" data-count=still_open.to_string()>
                    {move || i18n::compare_still_open(lang.get(), still_open)}
                </p>
            </section>
        </div>

        <section class="card" aria-labelledby="compare-domains-title">
            <h3 class="panel-title" id="compare-domains-title">{t(Key::CompareByDomain)}</h3>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="compare-domains-title">
                <table class="table" id="compare-domains">
                    {change_head(Key::Domain)}
                    <tbody>{domain_rows}</tbody>
                </table>
            </div>
        </section>
        <section class="card" aria-labelledby="compare-instruments-title">
            <h3 class="panel-title" id="compare-instruments-title">{t(Key::CompareByInstrument)}</h3>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="compare-instruments-title">
                <table class="table" id="compare-instruments">
                    {change_head(Key::Instrument)}
                    <tbody>{instrument_rows}</tbody>
                </table>
            </div>
        </section>

        <section class="card" aria-labelledby="compare-questions-title">
            <h3 class="panel-title" id="compare-questions-title">{t(Key::CompareQuestions)}</h3>
            <div class="compare-filters" role="group" aria-label=t(Key::Filter)>
                <div class="field">
                    <label for="compare-kind">{t(Key::CompareKind)}</label>
                    <select
                        id="compare-kind"
                        prop:value=move || kind.get()
                        on:change=move |ev| kind.set(event_target_value(&ev))
                    >
                        <option value="">{t(Key::CompareAllKinds)}</option>
                        {kind_options}
                    </select>
                </div>
                <div class="field">
                    <label for="compare-domain">{t(Key::Domain)}</label>
                    <select
                        id="compare-domain"
                        prop:value=move || domain.get()
                        on:change=move |ev| domain.set(event_target_value(&ev))
                    >
                        <option value="">{t(Key::CompareAllDomains)}</option>
                        {domain_options}
                    </select>
                </div>
            </div>
            <p class="small muted" id="compare-shown" role="status" aria-live="polite">{shown_count}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="compare-questions-title">
                <table class="table" id="compare-questions">
                    <thead>
                        <tr>
                            <th scope="col">{t(Key::Question)}</th>
                            <th scope="col">{t(Key::Domain)}</th>
                            <th scope="col">{bc}</th>
                            <th scope="col">{ac}</th>
                            <th scope="col">{t(Key::CompareKind)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>

        <section class="card" aria-labelledby="compare-overdue-title">
            <h3 class="panel-title" id="compare-overdue-title">{overdue_heading}</h3>
            {overdue}
        </section>
    }
}

/// A domain's or an instrument's score before, after and the change; `kind` is `domain` or
/// `instrument`.
fn change_row(
    kind: &'static str,
    id: String,
    label: impl Fn() -> String + Send + Sync + 'static,
    change: ScoreChange,
    lang: i18n::LangSignal,
) -> impl IntoView {
    view! {
        <tr data-kind=kind data-id=id>
            <th scope="row">{label}</th>
            <td class="num before">{move || display_score(change.before, lang.get())}</td>
            <td class="num after">{move || display_score(change.after, lang.get())}</td>
            <td class="num change">{display_change(change.change)}</td>
        </tr>
    }
}

/// One question: its id linked into the wizard of the cycle that asks it (the later one when it
/// applies there, else the earlier one under its earlier id), both answers and the movement.
#[component]
fn QuestionRow(
    change: QuestionChange,
    domain: Option<questionnaires::Text>,
    before_id: i64,
    after_id: i64,
) -> impl IntoView {
    let lang = use_lang();
    let q = change;
    let link = if applies(q.after) {
        Some(wizard_href(after_id, &q.question))
    } else if applies(q.before) {
        Some(wizard_href(
            before_id,
            q.before_id.as_ref().unwrap_or(&q.question),
        ))
    } else {
        None
    };
    let id = q.question.to_string();
    let label = id.clone();
    let id_cell = match link {
        Some(href) => view! { <A href=href attr:class="compare-link">{label}</A> }.into_any(),
        None => view! { <span class="mono">{label}</span> }.into_any(),
    };
    let earlier_id = q
        .before_id
        .as_ref()
        .map(|b| view! { <span class="muted small">" ← "{b.to_string()}</span> });
    let text = q.text.clone();
    let critical = q.critical;
    let domain_id = q.domain.clone();
    let domain_label = move || {
        domain
            .as_ref()
            .map_or_else(|| domain_id.clone(), |d| d.get(lang.get()).to_owned())
    };
    let movement = q.movement;
    let (before, after) = (q.before, q.after);
    view! {
        <tr
            class="compare-question"
            data-question=id
            data-movement=movement_tag(movement)
            data-before=standing_tag(before)
            data-after=standing_tag(after)
        >
            <td>
                {id_cell}
                {earlier_id}
                " "
                <span>{move || text.get(lang.get()).to_owned()}</span>
                {critical.then(|| view! { <span class="badge critical">{t(Key::Critical)}</span> })}
            </td>
            <td>{domain_label}</td>
            <td class="before">{move || standing_label(before, lang.get())}</td>
            <td class="after">{move || standing_label(after, lang.get())}</td>
            <td>
                <span class=movement_class(movement)>{t(movement_key(movement))}</span>
            </td>
        </tr>
    }
}

fn applies(standing: Standing) -> bool {
    matches!(standing, Standing::Unanswered | Standing::Answered(_))
}

fn wizard_href(assessment: i64, question: &QuestionId) -> String {
    format!(
        "/assessments/{assessment}/wizard?q={}&filter=all",
        api::encode(question.as_str())
    )
}

/// The movement as the API names it (`improved`, …), the value of the kind filter.
fn movement_tag(movement: Movement) -> &'static str {
    match movement {
        Movement::Improved => "improved",
        Movement::Regressed => "regressed",
        Movement::Unchanged => "unchanged",
        Movement::New => "new",
        Movement::Removed => "removed",
    }
}

fn movement_key(movement: Movement) -> Key {
    match movement {
        Movement::Improved => Key::MovementImproved,
        Movement::Regressed => Key::MovementRegressed,
        Movement::Unchanged => Key::MovementUnchanged,
        Movement::New => Key::MovementNew,
        Movement::Removed => Key::MovementRemoved,
    }
}

fn movement_class(movement: Movement) -> &'static str {
    match movement {
        Movement::Improved => "badge ready",
        Movement::Regressed => "badge not-ready",
        Movement::Unchanged => "badge low",
        Movement::New | Movement::Removed => "badge largely",
    }
}

/// The standing as the API names it: `absent`, `excluded`, `unanswered`, or the answer value
/// (`compliant`, `partial`, `non_compliant`, `not_applicable`).
fn standing_tag(standing: Standing) -> &'static str {
    match standing {
        Standing::Absent => "absent",
        Standing::Excluded => "excluded",
        Standing::Unanswered => "unanswered",
        Standing::Answered(value) => value.as_str(),
    }
}

fn standing_label(standing: Standing, lang: Lang) -> String {
    match standing {
        Standing::Answered(value) => value.label().get(lang).to_owned(),
        Standing::Unanswered => Key::Unanswered.text(lang).to_owned(),
        Standing::Excluded => Key::ExcludedByProfile.text(lang).to_owned(),
        Standing::Absent => Key::StandingAbsent.text(lang).to_owned(),
    }
}
