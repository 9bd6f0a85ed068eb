//! The results page: overall score, readiness with the rules that decided it, completion, the
//! domain and instrument charts, the prioritised gap list whose owner, due date and status are
//! edited here (saved like answers), and the export menu with every file the assessment can be
//! taken out as. The figures are the server's (`GET /score`); while changes are still being
//! saved, the live score is shown and says so.

use leptos::prelude::*;
use leptos_router::components::A;
use questionnaires::contract::limits;
use questionnaires::score::{Band, ReadinessLevel, Score, display_score};
use questionnaires::{Lang, QuestionId};

use crate::api::{self, RemediationStatus};
use crate::charts::{Bar, BarChart, Line, TrendChart};
use crate::components::{Citations, EvidenceLink};
use crate::format;
use crate::i18n::{self, Key, t, use_lang};
use crate::pages::export::ExportMenu;
use crate::workspace::{SaveKey, Workspace};

#[component]
pub fn ResultsPage() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let server = LocalResource::new(move || api::score(ws.id));
    // Once every answer and the profile are saved, the server's figures are fetched again.
    // Remediation edits do not change the score, and refetching under them would re-render the
    // field being typed in.
    let settled = Memo::new(move |_| {
        ws.saves
            .with_states(|s| s.keys().all(|k| matches!(k, SaveKey::Remediation(_))))
    });
    Effect::new(move |previous: Option<bool>| {
        let now = settled.get();
        if now && previous == Some(false) {
            server.refetch();
        }
        now
    });
    let content = move || {
        let live = ws.score.get();
        let (score, source) = match (server.get(), settled.get()) {
            (Some(Ok(s)), true) => (Ok(s), Key::ScoreFromServer),
            (Some(Err(e)), _) if live.is_err() => {
                return view! { <p class="error" role="alert">{e.message}</p> }.into_any();
            }
            (None, true) => {
                return view! { <p class="muted">{t(Key::Loading)}</p> }.into_any();
            }
            (Some(Err(_)), _) | (_, false) => (live.map_err(|e| e.to_string()), Key::ScoreLive),
        };
        match score {
            Ok(score) => view! { <Results score=score source=source/> }.into_any(),
            Err(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
        }
    };
    view! {
        <section class="results" id="results" aria-labelledby="results-title">
            {content}
        </section>
    }
}

#[component]
fn Results(score: Score, source: Key) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let lang = use_lang();
    let thresholds = score.thresholds;
    let level = score.readiness.level;
    let level_class = match level {
        ReadinessLevel::Ready => "badge large ready",
        ReadinessLevel::LargelyReady => "badge large largely",
        ReadinessLevel::NotReady => "badge large not-ready",
    };
    let overall = score.overall.clone();
    let counts = overall.counts;
    let verdict = score.readiness.verdict();
    let reason_groups = score.readiness.groups();
    let assessment_id = ws.id;
    let domain_titles = ws.questionnaire.with_value(|q| {
        q.domains
            .iter()
            .map(|d| (d.id.clone(), d.title.clone()))
            .collect::<Vec<_>>()
    });
    let domain_bars = {
        let score = score.clone();
        let titles = domain_titles.clone();
        move |lang: Lang| {
            score
                .domains
                .iter()
                .filter(|d| d.applies && d.tally.applicable > 0)
                .map(|d| Bar {
                    label: titles
                        .iter()
                        .find(|(id, _)| id == &d.domain)
                        .map_or_else(|| d.domain.clone(), |(_, t)| t.get(lang).to_owned()),
                    value: d.tally.score,
                    text: display_score(d.tally.score, lang),
                })
                .collect::<Vec<_>>()
        }
    };
    let instrument_bars = {
        let score = score.clone();
        move |lang: Lang| {
            ws.catalog.with_value(|catalog| {
                score
                    .instruments
                    .iter()
                    .filter(|i| i.tally.applicable > 0)
                    .map(|i| Bar {
                        label: catalog
                            .instrument(&i.instrument)
                            .map_or_else(|| i.instrument.clone(), |x| x.short.get(lang).to_owned()),
                        value: i.tally.score,
                        text: display_score(i.tally.score, lang),
                    })
                    .collect::<Vec<_>>()
            })
        }
    };
    let gaps = score.gaps.clone();
    let not_applicable = score.not_applicable.clone();
    let excluded = score.excluded.len();
    // Carried-over answers nobody has confirmed: counted in the score, so said next to it.
    let carried = move || ws.carried_count();
    let carried_href = format!("/assessments/{}/wizard?filter=carried", ws.id);

    let workbook_href = format!("/assessments/{}/workbook", ws.id);
    view! {
        <div class="page-head">
            <div>
                <h2 id="results-title">{t(Key::TabResults)}</h2>
                <p class="muted small" id="score-source">{t(source)}</p>
            </div>
            <div class="report-links">
                <ExportMenu/>
                <A href=workbook_href attr:class="button" attr:id="workbook-link">{t(Key::WorkbookLink)}</A>
            </div>
        </div>
        <div class="results-summary">
            <section class="card summary-card" aria-labelledby="overall-title">
                <h3 id="overall-title" class="panel-title">{t(Key::OverallScore)}</h3>
                <p
                    class="big-number"
                    id="result-score"
                    data-score=overall.score.map(|s| s.to_string()).unwrap_or_default()
                >
                    {move || display_score(overall.score, lang.get())}
                </p>
                <p>
                    <span class=level_class id="result-readiness">{move || level.label().get(lang.get()).to_owned()}</span>
                </p>
                <p class="small">
                    {t(Key::Completion)}": "
                    <span id="result-completion">{format::percent(overall.completion)}</span>
                    " ("{overall.answered}" / "{overall.applicable}")"
                </p>
                {move || (carried() > 0).then(|| view! {
                    <p class="small carried-count">
                        <a href=carried_href.clone() id="result-carried">
                            {move || i18n::carried_count(lang.get(), carried())}
                        </a>
                    </p>
                })}
            </section>
            <section class="card" aria-labelledby="reasons-title">
                <h3 id="reasons-title" class="panel-title">{t(Key::ReadinessReasons)}</h3>
                <p id="readiness-verdict" class="verdict">
                    {move || verdict.get(lang.get()).to_owned()}
                </p>
                // One item per rule, with every question it concerns, linked into the wizard.
                <ul id="readiness-reasons">
                    {reason_groups
                        .into_iter()
                        .map(|group| {
                            let rule = format!("{:?}", group.rule);
                            let title = group.title.clone();
                            let questions = group
                                .questions
                                .iter()
                                .enumerate()
                                .map(|(i, q)| {
                                    let href = format!(
                                        "/assessments/{assessment_id}/wizard?q={}&filter=all",
                                        api::encode(q.as_str())
                                    );
                                    view! {
                                        {(i > 0).then_some(", ")}
                                        <a href=href>{q.as_str().to_owned()}</a>
                                    }
                                })
                                .collect_view();
                            let has_questions = !group.questions.is_empty();
                            view! {
                                <li data-rule=rule>
                                    <strong>{move || title.get(lang.get()).to_owned()}</strong>
                                    {has_questions.then(|| view! {
                                        {t(Key::ListColon)}
                                        <span class="reason-questions">{questions}</span>
                                    })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <p class="muted small">
                    {move || i18n::method_line(&thresholds, lang.get())}
                </p>
            </section>
            <section class="card" aria-labelledby="counts-title">
                <h3 id="counts-title" class="panel-title">{t(Key::Answers)}</h3>
                <dl class="counts" id="answer-counts">
                    <dt>{move || questionnaires::AnswerValue::Compliant.label().get(lang.get()).to_owned()}</dt>
                    <dd>{counts.compliant}</dd>
                    <dt>{move || questionnaires::AnswerValue::Partial.label().get(lang.get()).to_owned()}</dt>
                    <dd>{counts.partial}</dd>
                    <dt>{move || questionnaires::AnswerValue::NonCompliant.label().get(lang.get()).to_owned()}</dt>
                    <dd>{counts.non_compliant}</dd>
                    <dt>{move || questionnaires::AnswerValue::NotApplicable.label().get(lang.get()).to_owned()}</dt>
                    <dd>{counts.not_applicable}</dd>
                    <dt>{t(Key::Unanswered)}</dt>
                    <dd>{counts.unanswered}</dd>
                    <dt>{t(Key::ExcludedByProfile)}</dt>
                    <dd>{excluded}</dd>
                </dl>
            </section>
        </div>

        <section class="card" aria-labelledby="domain-chart-heading">
            <h3 id="domain-chart-heading" class="panel-title">{t(Key::ByDomain)}</h3>
            {move || {
                let lang = lang.get();
                view! {
                    <BarChart
                        id="domain-chart"
                        title=Key::ByDomain.text(lang).to_owned()
                        description=Key::ChartDescription.text(lang).to_owned()
                        bars=domain_bars(lang)
                        thresholds=thresholds
                    />
                }
            }}
        </section>
        <section class="card" aria-labelledby="instrument-chart-heading">
            <h3 id="instrument-chart-heading" class="panel-title">{t(Key::ByInstrument)}</h3>
            {move || {
                let lang = lang.get();
                view! {
                    <BarChart
                        id="instrument-chart"
                        title=Key::ByInstrument.text(lang).to_owned()
                        description=Key::ChartDescription.text(lang).to_owned()
                        bars=instrument_bars(lang)
                        thresholds=thresholds
                    />
                }
            }}
        </section>

        <TrendSection thresholds=thresholds/>

        <section class="card" aria-labelledby="gaps-title">
            <h3 id="gaps-title" class="panel-title">
                {t(Key::GapList)}" "<span class="count" id="gap-count">{gaps.len()}</span>
            </h3>
            <p class="muted small">{t(Key::GapListHelp)}</p>
            <table class="table gap-table" id="gap-list">
                <thead>
                    <tr>
                        <th scope="col">{t(Key::Priority)}</th>
                        <th scope="col">{t(Key::Question)}</th>
                        <th scope="col">{t(Key::Answer)}</th>
                        <th scope="col">{t(Key::Owner)}</th>
                        <th scope="col">{t(Key::DueDate)}</th>
                        <th scope="col">{t(Key::RemediationStatusLabel)}</th>
                    </tr>
                </thead>
                <tbody>
                    {gaps.into_iter().map(|gap| view! { <GapRow gap=gap/> }).collect_view()}
                </tbody>
            </table>
        </section>

        {(!not_applicable.is_empty()).then(|| view! {
            <details class="card">
                <summary>{t(Key::NotApplicableList)}" ("{not_applicable.len()}")"</summary>
                <ul>
                    {not_applicable.into_iter().map(|na| view! {
                        <li><strong>{na.question.to_string()}</strong>" "{na.reason}</li>
                    }).collect_view()}
                </ul>
            </details>
        })}
        <EvidenceIndex/>
    }
}

#[component]
fn GapRow(gap: questionnaires::score::Gap) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let lang = use_lang();
    let id = gap.question.clone();
    let row_id = id.to_string();
    let text = ws.question(&id).map(|q| q.text).unwrap_or_default();
    let band_class = match gap.band {
        Band::High => "badge high",
        Band::Medium => "badge medium",
        Band::Low => "badge low",
    };
    let draft = {
        let id = id.clone();
        Memo::new(move |_| ws.remediation_drafts.with(|d| d.get(&id).cloned()))
    };
    let read_only = move || ws.read_only();
    let key = SaveKey::Remediation(id.clone());
    let edit = {
        let id = id.clone();
        move |typing: bool, change: Box<dyn FnOnce(&mut api::RemediationUpdate)>| {
            ws.edit_remediation(&id, change);
            let key = SaveKey::Remediation(id.clone());
            if typing {
                ws.save_after_typing(key);
            } else {
                ws.save_now(key);
            }
        }
    };
    let edit_owner = edit.clone();
    let edit_due = edit.clone();
    let edit_status = edit;
    let answer = gap.answer;
    let href = format!(
        "/assessments/{}/wizard?q={}&filter=all",
        ws.id,
        api::encode(id.as_str())
    );
    let owner_id = format!("owner-{id}");
    let due_id = format!("due-{id}");
    let status_id = format!("status-{id}");
    let penalties = gap.penalties.clone();
    view! {
        <tr class="gap" data-question=row_id>
            <td>
                <span class=band_class>{move || gap.band.label().get(lang.get()).to_owned()}</span>
                {gap.critical.then(|| view! { <span class="badge critical">{t(Key::Critical)}</span> })}
                <span class="muted small">" "{questionnaires::score::display(gap.priority)}</span>
            </td>
            <td class="gap-question">
                <A href=href attr:class="gap-link">{id.to_string()}</A>
                " "
                <span>{move || text.get(lang.get()).to_owned()}</span>
                <Citations citations=gap.citations.clone()/>
                {(!penalties.is_empty()).then(|| view! {
                    <div class="small muted">
                        {t(Key::PenaltyArticle)}
                        <Citations citations=penalties/>
                    </div>
                })}
            </td>
            <td>
                {move || {
                    answer.map_or_else(
                        || Key::Unanswered.text(lang.get()).to_owned(),
                        |a| a.label().get(lang.get()).to_owned(),
                    )
                }}
            </td>
            <td>
                <label class="visually-hidden" for=owner_id.clone()>{t(Key::Owner)}</label>
                <input
                    type="text"
                    id=owner_id
                    class="owner"
                    maxlength=limits::OWNER_MAX.to_string()
                    disabled=read_only
                    prop:value=move || draft.get().map(|d| d.owner).unwrap_or_default()
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        edit_owner(true, Box::new(move |d| d.owner = value));
                    }
                    on:blur={
                        let key = key.clone();
                        move |_| ws.flush(key.clone())
                    }
                />
            </td>
            <td>
                <label class="visually-hidden" for=due_id.clone()>{t(Key::DueDate)}</label>
                <input
                    type="date"
                    id=due_id
                    class="due"
                    disabled=read_only
                    prop:value=move || draft.get().and_then(|d| d.due_date).unwrap_or_default()
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        edit_due(false, Box::new(move |d| {
                            d.due_date = (!value.is_empty()).then_some(value)
                        }));
                    }
                />
            </td>
            <td>
                <label class="visually-hidden" for=status_id.clone()>{t(Key::RemediationStatusLabel)}</label>
                <select
                    id=status_id
                    class="remediation-status"
                    disabled=read_only
                    prop:value=move || draft.get().map(|d| d.status).unwrap_or_default().as_str()
                    on:change=move |ev| {
                        if let Some(status) = RemediationStatus::parse(&event_target_value(&ev)) {
                            edit_status(false, Box::new(move |d| d.status = status));
                        }
                    }
                >
                    {RemediationStatus::ALL
                        .into_iter()
                        .map(|s| view! {
                            <option value=s.as_str()>{move || s.label().get(lang.get()).to_owned()}</option>
                        })
                        .collect_view()}
                </select>
            </td>
        </tr>
    }
}

/// The organization's review cycles of this questionnaire (and App) as a chart, overall and per
/// domain, with a link to the compare page when there is another cycle.
#[component]
fn TrendSection(thresholds: questionnaires::Thresholds) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let lang = use_lang();
    let organization = ws.info.with_untracked(|i| i.organization.id);
    let trend = LocalResource::new(move || api::trend(organization));
    let content = move || {
        let lang = lang.get();
        let trend = match trend.get() {
            None => return view! { <p class="muted">{Key::Loading.text(lang)}</p> }.into_any(),
            Some(Err(e)) => {
                return view! { <p class="error" role="alert">{e.message}</p> }.into_any();
            }
            Some(Ok(trend)) => trend,
        };
        let questionnaire = ws.questionnaire.with_value(|q| q.id.clone());
        let subject = ws.info.with(|i| i.subject.clone());
        let Some(series) = trend.series_of(&questionnaire, subject.as_ref()).cloned() else {
            return view! { <p class="muted">{Key::TrendNone.text(lang)}</p> }.into_any();
        };
        // The compare page takes the cycle before this one, or the one after the first cycle.
        let compare = (series.cycles.len() > 1).then(|| {
            let href = format!("/assessments/{}/compare", ws.id);
            view! {
                <p>
                    <A href=href attr:id="compare-link" attr:class="button">{Key::CompareLink.text(lang)}</A>
                </p>
            }
        });
        view! {
            <TrendChart
                id="trend-chart"
                title=Key::Trend.text(lang).to_owned()
                description=Key::TrendDescription.text(lang).to_owned()
                cycles=series.cycles.iter().map(|c| c.cycle.clone()).collect()
                lines=trend_lines(&series, lang)
                thresholds=thresholds
                cycle_header=Key::Cycle.text(lang).to_owned()
            />
            {compare}
        }
        .into_any()
    };
    view! {
        <section class="card" aria-labelledby="trend-heading" id="trend">
            <h3 id="trend-heading" class="panel-title">{t(Key::Trend)}</h3>
            {content}
        </section>
    }
}

/// The overall line, then one line per domain of any cycle (in order of first appearance, titled
/// as the latest cycle that has it).
fn trend_lines(series: &api::TrendSeries, lang: Lang) -> Vec<Line> {
    let line = |label: String, values: Vec<Option<f64>>, overall: bool| Line {
        label,
        texts: values.iter().map(|v| display_score(*v, lang)).collect(),
        values,
        overall,
    };
    let mut lines = vec![line(
        Key::OverallScore.text(lang).to_owned(),
        series.cycles.iter().map(|c| c.overall).collect(),
        true,
    )];
    let mut domains: Vec<&str> = Vec::new();
    for cycle in &series.cycles {
        for d in &cycle.domains {
            if !domains.contains(&d.domain.as_str()) {
                domains.push(&d.domain);
            }
        }
    }
    for domain in domains {
        let title = series
            .cycles
            .iter()
            .rev()
            .flat_map(|c| &c.domains)
            .find(|d| d.domain == domain)
            .map_or_else(|| domain.to_owned(), |d| d.title.get(lang).to_owned());
        let values = series
            .cycles
            .iter()
            .map(|c| {
                c.domains
                    .iter()
                    .find(|d| d.domain == domain)
                    .and_then(|d| d.score)
            })
            .collect();
        lines.push(line(title, values, false));
    }
    lines
}

/// Every evidence file of the assessment with its hash, for the auditor.
#[component]
fn EvidenceIndex() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let lang = use_lang();
    move || {
        let all = ws.evidence.get();
        if all.is_empty() {
            return None;
        }
        let lang = lang.get();
        let count = all.len();
        Some(view! {
            <details class="card" id="evidence-index">
                <summary>{Key::EvidenceIndex.text(lang)}" ("{count}")"</summary>
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">{Key::Question.text(lang)}</th>
                            <th scope="col">{Key::File.text(lang)}</th>
                            <th scope="col">"SHA-256"</th>
                            <th scope="col">{Key::AddedBy.text(lang)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {all.into_iter().map(|e| {
                            let q: QuestionId = e.question_id.clone();
                            view! {
                                <tr>
                                    <td>{q.to_string()}</td>
                                    <td>
                                        <EvidenceLink evidence=e.id name=e.name.clone().unwrap_or_default() class="evidence-name"/>
                                    </td>
                                    <td class="mono small">{e.sha256.clone().unwrap_or_default()}</td>
                                    <td>{format!("{} · {}", e.created_by, format::datetime(&e.created_at))}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        })
    }
}
