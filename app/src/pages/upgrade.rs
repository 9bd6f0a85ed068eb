//! `/assessments/:id/upgrade`: what moving the assessment to the newest version of its
//! questionnaire changes (answers moved, answers to confirm again and why, questions removed with
//! what they held, new questions, profile facts dropped), and the button that does it for a
//! draft. The notice that leads here is [`UpgradeNotice`], in the workspace header, so on every
//! page of the assessment.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use questionnaires::upgrade::{Placement, Removed, UpgradePlan};
use questionnaires::{ChangeKind, Lang, QuestionId, Text};

use crate::api::{self, ApiError, Status, UpgradeOffer};
use crate::i18n::{self, Key, t, use_lang};
use crate::shell::use_user_gate;
use crate::workspace::Workspace;

/// The workspace's view of the upgrade offer, fetched once when the assessment opens.
#[derive(Clone, Copy)]
pub struct Offer(pub LocalResource<Result<UpgradeOffer, ApiError>>);

impl Offer {
    pub fn new(id: i64) -> Offer {
        Offer(LocalResource::new(move || api::upgrade_offer(id)))
    }
}

/// "A newer questionnaire version X is available", linking to the upgrade page; nothing when the
/// assessment is on the newest version (or the offer could not be read).
#[component]
pub fn UpgradeNotice(#[prop(into)] id: String) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let Offer(offer) = expect_context::<Offer>();
    let lang = use_lang();
    let href = format!("/assessments/{}/upgrade", ws.id);
    move || {
        let newer = offer
            .get()
            .and_then(|o| o.ok())
            .and_then(|o| o.newer().map(str::to_owned))?;
        let href = href.clone();
        let version = newer.clone();
        Some(view! {
            <p class="warning upgrade-notice" id=id.clone() role="status" data-version=version>
                {move || i18n::upgrade_available(lang.get(), &newer)}
                " "
                <A href=href>{t(Key::UpgradeSeeChanges)}</A>
            </p>
        })
    }
}

/// The route `/assessments/:id/upgrade`: the offer fetched afresh, so that its revision is the
/// assessment's current one, and fetched again when the upgrade is refused because the
/// assessment changed since (someone saved in the meantime), saying so.
#[component]
pub fn UpgradePage() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let offer = LocalResource::new(move || api::upgrade_offer(ws.id));
    let stale = RwSignal::new(false);
    let refresh = Callback::new(move |()| {
        stale.set(true);
        offer.refetch();
    });
    let content = move || match offer.get() {
        None => view! { <p class="muted">{t(Key::Loading)}</p> }.into_any(),
        Some(Err(e)) => {
            view! { <p class="error" role="alert" id="upgrade-error">{e.message}</p> }.into_any()
        }
        Some(Ok(offer)) => view! { <UpgradeView offer=offer on_stale=refresh/> }.into_any(),
    };
    view! {
        <section class="upgrade" id="upgrade" aria-labelledby="upgrade-title">
            <h2 id="upgrade-title">{t(Key::UpgradeTitle)}</h2>
            <Show when=move || stale.get()>
                <p class="warning" role="alert" id="upgrade-stale">{t(Key::UpgradeStale)}</p>
            </Show>
            {content}
        </section>
    }
}

#[component]
fn UpgradeView(offer: UpgradeOffer, on_stale: Callback<()>) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let lang = use_lang();
    let Some(plan) = offer.plan.clone() else {
        return view! { <p id="upgrade-none">{t(Key::UpgradeNone)}</p> }.into_any();
    };
    let titles = StoredValue::new(offer.titles.clone());
    let title = move |id: &QuestionId| {
        titles.with_value(|t| {
            t.get(id.as_str())
                .map(|text| text.get(lang.get()).to_owned())
                .unwrap_or_default()
        })
    };
    let questionnaire = move || {
        ws.questionnaire
            .with_value(|q| q.title.get(lang.get()).to_owned())
    };
    let intro = {
        let (from, to) = (offer.current_version.clone(), offer.latest_version.clone());
        move || i18n::upgrade_intro(lang.get(), &questionnaire(), &from, &to)
    };
    let moved: Vec<Placement> = plan.moved().cloned().collect();
    let reconfirm: Vec<Placement> = plan.to_reconfirm().cloned().collect();
    let files = view! { <FilesMoved plan=plan.clone() titles=offer.titles.clone()/> };
    view! {
        <p class="lead" id="upgrade-intro">{intro}</p>
        <Section id="upgrade-moved" heading=Key::UpgradeMoved help=Key::UpgradeMovedHelp empty=moved.is_empty()>
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{t(Key::UpgradeOldId)}</th>
                        <th scope="col">{t(Key::UpgradeNewId)}</th>
                        <th scope="col">{t(Key::Question)}</th>
                    </tr>
                </thead>
                <tbody>
                    {moved
                        .iter()
                        .map(|p| {
                            let to = p.to.clone();
                            view! {
                                <tr data-from=p.from.to_string() data-to=p.to.to_string()>
                                    <td class="mono">{p.from.to_string()}</td>
                                    <td class="mono">{p.to.to_string()}</td>
                                    <td>{move || title(&to)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </Section>
        <Section
            id="upgrade-reconfirm"
            heading=Key::UpgradeReconfirm
            help=Key::UpgradeReconfirmHelp
            empty=reconfirm.is_empty()
        >
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{t(Key::Question)}</th>
                        <th scope="col">{t(Key::UpgradeReason)}</th>
                    </tr>
                </thead>
                <tbody>
                    {reconfirm
                        .iter()
                        .map(|p| {
                            let to = p.to.clone();
                            let kinds = p.reconfirm.clone();
                            let reasons = move || {
                                kinds
                                    .iter()
                                    .map(|k| reason(*k).text(lang.get()))
                                    .collect::<Vec<_>>()
                                    .join(list_separator(lang.get()))
                            };
                            let tags = p
                                .reconfirm
                                .iter()
                                .map(|k| format!("{k:?}").to_lowercase())
                                .collect::<Vec<_>>()
                                .join(" ");
                            view! {
                                <tr data-question=p.to.to_string() data-reasons=tags>
                                    <td>
                                        <span class="mono">{p.to.to_string()}</span>
                                        " "
                                        {move || title(&to)}
                                    </td>
                                    <td>{reasons}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </Section>
        <Section
            id="upgrade-removed"
            heading=Key::UpgradeRemoved
            help=Key::UpgradeRemovedHelp
            empty=plan.removed.is_empty()
        >
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{t(Key::Question)}</th>
                        <th scope="col">{t(Key::UpgradeHeld)}</th>
                    </tr>
                </thead>
                <tbody>
                    {plan
                        .removed
                        .iter()
                        .map(|r| {
                            let id = r.id.clone();
                            let held = {
                                let r = r.clone();
                                move || held_line(&ws, &r, lang.get())
                            };
                            view! {
                                <tr data-question=r.id.to_string()>
                                    <td>
                                        <span class="mono">{r.id.to_string()}</span>
                                        " "
                                        {move || title(&id)}
                                    </td>
                                    <td>{held}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </Section>
        <Section id="upgrade-added" heading=Key::UpgradeAdded help=Key::UpgradeAddedHelp empty=plan.added.is_empty()>
            <ul class="plain">
                {plan
                    .added
                    .iter()
                    .map(|id| {
                        let q = id.clone();
                        view! {
                            <li data-question=id.to_string()>
                                <span class="mono">{id.to_string()}</span>
                                " "
                                {move || title(&q)}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </Section>
        {files}
        <Section
            id="upgrade-facts"
            heading=Key::UpgradeFactsDropped
            help=Key::UpgradeFactsDroppedHelp
            empty=plan.facts_dropped.is_empty()
        >
            <ul class="plain">
                {plan
                    .facts_dropped
                    .iter()
                    .map(|fact| {
                        let label = fact_label(&ws, fact);
                        let label = move || label.get(lang.get()).to_owned();
                        view! { <li data-fact=fact.clone()>{label}</li> }
                    })
                    .collect_view()}
            </ul>
        </Section>
        <UpgradeButton to=offer.latest_version.clone() revision=offer.revision on_stale=on_stale/>
    }
    .into_any()
}

/// A heading, a line of help and the list, or "None" when the list is empty.
#[component]
fn Section(
    id: &'static str,
    heading: Key,
    help: Key,
    empty: bool,
    children: Children,
) -> impl IntoView {
    let heading_id = format!("{id}-title");
    let labelled_by = heading_id.clone();
    view! {
        <section class="card" id=id aria-labelledby=labelled_by>
            <h3 class="panel-title" id=heading_id>{t(heading)}</h3>
            <p class="muted">{t(help)}</p>
            {if empty {
                view! { <p class="muted empty">{t(Key::UpgradeNothing)}</p> }.into_any()
            } else {
                children().into_any()
            }}
        </section>
    }
}

/// Evidence and remediation that move to another question id; nothing when none does.
#[component]
fn FilesMoved(plan: UpgradePlan, titles: BTreeMap<String, Text>) -> impl IntoView {
    let lang = use_lang();
    let rows: Vec<(Key, QuestionId, QuestionId, Text)> = plan
        .evidence
        .iter()
        .map(|m| (Key::Evidence, m.from.clone(), m.to.clone()))
        .chain(
            plan.remediation
                .iter()
                .map(|m| (Key::UpgradeHeldRemediation, m.from.clone(), m.to.clone())),
        )
        .map(|(kind, from, to)| {
            let title = titles.get(to.as_str()).cloned().unwrap_or_default();
            (kind, from, to, title)
        })
        .collect();
    (!rows.is_empty()).then(|| {
        view! {
            <section class="card" id="upgrade-files" aria-labelledby="upgrade-files-title">
                <h3 class="panel-title" id="upgrade-files-title">{t(Key::UpgradeFilesMoved)}</h3>
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">{t(Key::UpgradeWhat)}</th>
                            <th scope="col">{t(Key::UpgradeOldId)}</th>
                            <th scope="col">{t(Key::UpgradeNewId)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|(kind, from, to, title)| {
                                view! {
                                    <tr>
                                        <td>{t(kind)}</td>
                                        <td class="mono">{from.to_string()}</td>
                                        <td>
                                            <span class="mono">{to.to_string()}</span>
                                            " "
                                            {move || title.get(lang.get()).to_owned()}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </section>
        }
    })
}

/// "Upgrade to X", for a draft whose changes are all saved; otherwise disabled with the reason.
#[component]
fn UpgradeButton(to: String, revision: i64, on_stale: Callback<()>) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let lang = use_lang();
    let gate = use_user_gate();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let status = move || ws.info.with(|i| i.status);
    let unsaved = move || ws.saves.any_unsaved();
    let refusal = move || match status() {
        Status::Draft if unsaved() => Some(Key::UpgradeUnsaved),
        Status::Draft => None,
        Status::Submitted => Some(Key::UpgradeNotDraft),
        Status::Approved | Status::Archived => Some(Key::UpgradeReadOnly),
    };
    let label = {
        let to = to.clone();
        move || {
            if busy.get() {
                Key::UpgradeRunning.text(lang.get()).to_owned()
            } else {
                i18n::upgrade_to(lang.get(), &to)
            }
        }
    };
    let run = move |_| {
        if busy.get_untracked() || refusal().is_some() || !gate.ensure() {
            return;
        }
        busy.set(true);
        error.set(None);
        let to = to.clone();
        spawn_local(async move {
            match api::upgrade(ws.id, &to, revision).await {
                Ok(_) => {
                    // The workspace holds the old version's questionnaire: load it all afresh,
                    // at the wizard, showing the answers to confirm again.
                    let target = format!("/assessments/{}/wizard?filter=carried", ws.id);
                    let moved = web_sys::window().map(|w| w.location().set_href(&target));
                    if !matches!(moved, Some(Ok(()))) {
                        busy.set(false);
                    }
                }
                // The plan shown is no longer the assessment's: show the current one.
                Err(e) if e.is_conflict() => {
                    busy.set(false);
                    on_stale.run(());
                }
                Err(e) => {
                    busy.set(false);
                    error.set(Some(e.message));
                }
            }
        });
    };
    view! {
        <div class="upgrade-actions">
            <button
                type="button"
                class="button primary"
                id="upgrade-submit"
                data-revision=revision.to_string()
                disabled=move || busy.get() || refusal().is_some()
                aria-describedby=move || refusal().map(|_| "upgrade-refusal")
                on:click=run
            >
                {label}
            </button>
            {move || {
                refusal()
                    .map(|key| {
                        view! {
                            <p class="warning" id="upgrade-refusal">{t(key)}</p>
                        }
                    })
            }}
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! {
                            <p class="error" role="alert" id="upgrade-error">
                                {move || Key::UpgradeFailed.text(lang.get())}
                                {message.clone()}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

fn reason(kind: ChangeKind) -> Key {
    match kind {
        ChangeKind::Replaces => Key::ReasonReplaces,
        ChangeKind::Text => Key::ReasonText,
        ChangeKind::Citations => Key::ReasonCitations,
        ChangeKind::Applies => Key::ReasonApplies,
        _ => Key::ReasonOther,
    }
}

fn list_separator(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    }
}

/// What a removed question held: its answer (with the value), evidence, remediation, and the
/// question that supersedes it.
fn held_line(ws: &Workspace, removed: &Removed, lang: Lang) -> String {
    let mut parts = Vec::new();
    if removed.answer {
        let value = ws.answers.with(|a| {
            a.get(&removed.id)
                .and_then(|e| e.saved.as_ref())
                .map(|s| s.value.label().get(lang).to_owned())
        });
        parts.push(match value {
            Some(value) => match lang {
                Lang::Zh => format!("{}（{value}）", Key::Answer.text(lang)),
                Lang::En => format!("{} ({value})", Key::Answer.text(lang)),
            },
            None => Key::Answer.text(lang).to_owned(),
        });
    }
    if removed.evidence {
        let count = ws
            .evidence
            .with(|e| e.iter().filter(|e| e.question_id == removed.id).count());
        parts.push(format!("{} × {count}", Key::Evidence.text(lang)));
    }
    if removed.remediation {
        parts.push(Key::UpgradeHeldRemediation.text(lang).to_owned());
    }
    let mut line = if parts.is_empty() {
        Key::UpgradeHeldNothing.text(lang).to_owned()
    } else {
        parts.join(list_separator(lang))
    };
    if let Some(by) = &removed.superseded_by {
        line = format!(
            "{line}{}{}",
            list_separator(lang),
            i18n::superseded_by(lang, by.as_str())
        );
    }
    line
}

/// A profile fact's question text in the pinned version, or its id when it has none.
fn fact_label(ws: &Workspace, fact: &str) -> Text {
    ws.questionnaire.with_value(|q| {
        q.profile
            .iter()
            .find(|f| f.id == fact)
            .map_or_else(|| Text::new(fact, fact), |f| f.text.clone())
    })
}
