//! The start page: every organization with its assessments (cycle, App, status, score,
//! readiness, completion, last change; a later cycle linked to its comparison with the one
//! before), and the forms that create an organization (its unified
//! social credit code checked as it is typed) or changes one, and creates an assessment: the
//! questionnaire chosen from the list with what each one covers, the App for a questionnaire that
//! assesses one App at a time, blank or starting from that App's (or the organization's) earlier
//! cycle.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use questionnaires::contract::{Uscc, UsccError, limits, normalize_uscc};
use questionnaires::score::display_score;
use questionnaires::{Platform, Subject, SubjectKind, same_subject};

use crate::api::{
    self, ApiError, AssessmentSummary, NewAssessment, NewOrganization, Organization,
    QuestionnaireSummary, Readiness,
};
use crate::format;
use crate::i18n::{self, Key, t, use_lang};
use crate::shell::use_user_gate;

type Loaded<T> = LocalResource<Result<T, ApiError>>;

#[component]
pub fn Home() -> impl IntoView {
    let organizations: Loaded<Vec<Organization>> = LocalResource::new(api::organizations);
    let assessments: Loaded<Vec<AssessmentSummary>> = LocalResource::new(api::assessments);
    let questionnaires: Loaded<Vec<QuestionnaireSummary>> = LocalResource::new(api::questionnaires);
    let creating = RwSignal::new(false);
    let gate = use_user_gate();
    let refresh = move || {
        organizations.refetch();
        assessments.refetch();
    };

    let content = move || {
        let (orgs, list) = match (organizations.get(), assessments.get()) {
            (Some(o), Some(a)) => (o, a),
            _ => return view! { <p class="muted">{t(Key::Loading)}</p> }.into_any(),
        };
        let error = orgs.as_ref().err().or(list.as_ref().err()).map(|e| {
            view! {
                <p class="error" role="alert">{t(Key::CannotLoad)}": "{e.message.clone()}</p>
            }
        });
        let orgs = orgs.clone().unwrap_or_default();
        let list = list.clone().unwrap_or_default();
        let empty = list.is_empty();
        let heading = if empty {
            Key::NoAssessmentsTitle
        } else {
            Key::AssessmentsTitle
        };
        let cards = orgs
            .into_iter()
            .map(|org| {
                let mine: Vec<AssessmentSummary> = list
                    .iter()
                    .filter(|a| a.organization.id == org.id)
                    .cloned()
                    .collect();
                view! {
                    <OrganizationCard
                        organization=org
                        assessments=mine
                        questionnaires=questionnaires
                        on_changed=Callback::new(move |_| refresh())
                    />
                }
            })
            .collect_view();
        view! {
            <div class="page-head">
                <h1>{t(heading)}</h1>
                <button
                    type="button"
                    class="button primary"
                    id="new-organization"
                    aria-expanded=move || creating.get().to_string()
                    on:click=move |_| {
                        if gate.ensure() {
                            creating.update(|c| *c = !*c);
                        }
                    }
                >
                    {t(Key::NewOrganization)}
                </button>
            </div>
            {empty.then(|| view! { <p class="lead">{t(Key::NoAssessmentsBody)}</p> })}
            {error}
            <Show when=move || creating.get()>
                <OrganizationForm existing=None on_done=Callback::new(move |created: bool| {
                    creating.set(false);
                    if created {
                        refresh();
                    }
                })/>
            </Show>
            <div class="org-list">{cards}</div>
        }
        .into_any()
    };

    view! {
        <section class="home" id="home">
            {content}
            // Outside `content`, so that the result stays when the lists reload after an import.
            <ImportArchive on_imported=Callback::new(move |_| refresh())/>
        </section>
    }
}

/// "导入 / Import": an archive file sent to `POST /api/archives`, then the result or the error,
/// with a link to the new assessment.
#[component]
fn ImportArchive(on_imported: Callback<()>) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    let error = RwSignal::new(None::<String>);
    let imported = RwSignal::new(None::<i64>);
    let busy = RwSignal::new(false);
    let gate = use_user_gate();
    let no_file = t(Key::ImportNoFile);
    let import = move |_| {
        if !gate.ensure() {
            return;
        }
        let file = input
            .get()
            .and_then(|i| i.files())
            .and_then(|files| files.get(0));
        let Some(file) = file else {
            error.set(Some(no_file().to_owned()));
            return;
        };
        error.set(None);
        imported.set(None);
        busy.set(true);
        spawn_local(async move {
            match api::import_archive(&file).await {
                Ok(done) => {
                    imported.set(Some(done.assessment_id));
                    on_imported.run(());
                }
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="import-archive" aria-labelledby="import-title">
            <h2 id="import-title">{t(Key::ImportTitle)}</h2>
            <p class="muted small">{t(Key::ImportHelp)}</p>
            <label for="archive-file">{t(Key::ImportFile)}</label>
            " "
            <input type="file" id="archive-file" accept=".zip,application/zip" node_ref=input/>
            " "
            <button
                type="button"
                class="button"
                id="import-archive"
                disabled=move || busy.get()
                on:click=import
            >
                {t(Key::ImportButton)}
            </button>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || {
                imported
                    .get()
                    .map(|id| {
                        view! {
                            <p role="status">
                                {t(Key::ImportDone)}" "
                                <A href=format!("/assessments/{id}") attr:id="imported-link">
                                    {t(Key::OpenImported)}
                                </A>
                            </p>
                        }
                    })
            }}
        </section>
    }
}

#[component]
fn OrganizationCard(
    organization: Organization,
    assessments: Vec<AssessmentSummary>,
    questionnaires: Loaded<Vec<QuestionnaireSummary>>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let adding = RwSignal::new(false);
    let editing = RwSignal::new(false);
    let current = organization.clone();
    let gate = use_user_gate();
    let org_id = organization.id;
    let details = [
        organization.uscc.clone(),
        organization.industry.clone(),
        organization.region.clone(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" · ");
    let title_id = format!("org-{org_id}-title");
    let labelled_by = title_id.clone();
    // The App column only where an assessment of this organization names an App.
    let show_app = assessments.iter().any(|a| a.subject.is_some());
    let rows = assessments
        .iter()
        .map(|a| {
            // A cycle with an earlier one of the same questionnaire and App can be compared.
            let has_earlier = assessments.iter().any(|b| {
                b.id < a.id
                    && b.questionnaire_id == a.questionnaire_id
                    && same_subject(b.subject.as_ref(), a.subject.as_ref())
            });
            assessment_row(a.clone(), lang, questionnaires, show_app, has_earlier)
        })
        .collect_view();
    let has_assessments = !assessments.is_empty();
    let earlier = assessments.clone();
    view! {
        <article class="card org-card" data-org-id=org_id.to_string() aria-labelledby=labelled_by>
            <header class="org-head">
                <div>
                    <h2 id=title_id>{organization.name.clone()}</h2>
                    <p class="muted org-details">{details}</p>
                </div>
                <button
                    type="button"
                    class="button edit-organization"
                    aria-expanded=move || editing.get().to_string()
                    on:click=move |_| {
                        if gate.ensure() {
                            editing.update(|e| *e = !*e);
                        }
                    }
                >
                    {t(Key::EditOrganization)}
                </button>
                <button
                    type="button"
                    class="button new-assessment"
                    aria-expanded=move || adding.get().to_string()
                    on:click=move |_| {
                        if gate.ensure() {
                            adding.update(|a| *a = !*a);
                        }
                    }
                >
                    {t(Key::NewAssessment)}
                </button>
            </header>
            <Show when=move || editing.get()>
                <OrganizationForm
                    existing=Some(current.clone())
                    on_done=Callback::new(move |changed: bool| {
                        editing.set(false);
                        if changed {
                            on_changed.run(());
                        }
                    })
                />
            </Show>
            <Show when=move || adding.get()>
                <AssessmentForm
                    organization=org_id
                    earlier=earlier.clone()
                    questionnaires=questionnaires
                    on_cancel=Callback::new(move |_| adding.set(false))
                />
            </Show>
            {if has_assessments {
                view! {
                    <table class="table assessment-table">
                        <thead>
                            <tr>
                                <th scope="col">{t(Key::Cycle)}</th>
                                {show_app.then(|| view! { <th scope="col">{t(Key::AppColumn)}</th> })}
                                <th scope="col">{t(Key::Questionnaire)}</th>
                                <th scope="col">{t(Key::Status)}</th>
                                <th scope="col" class="num">{t(Key::Score)}</th>
                                <th scope="col">{t(Key::Readiness)}</th>
                                <th scope="col" class="num">{t(Key::Completion)}</th>
                                <th scope="col">{t(Key::LastChange)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
                    .into_any()
            } else {
                view! { <p class="muted">{t(Key::NoAssessmentsForOrganization)}</p> }.into_any()
            }}
        </article>
    }
}

fn assessment_row(
    a: AssessmentSummary,
    lang: i18n::LangSignal,
    titles: Loaded<Vec<QuestionnaireSummary>>,
    show_app: bool,
    has_earlier: bool,
) -> impl IntoView {
    let subject = a.subject.clone();
    let compare = has_earlier.then(|| {
        let href = format!("/assessments/{}/compare", a.id);
        view! {
            " "
            <A href=href attr:class="compare-cycle-link small">{t(Key::CompareWithPrevious)}</A>
        }
    });
    let app = show_app.then(move || {
        let cell = move || match &subject {
            Some(app) => view! { <span>{i18n::subject_line(app, lang.get())}</span> }.into_any(),
            None => view! { <span class="muted">{t(Key::WholeOrganization)}</span> }.into_any(),
        };
        view! { <td class="assessment-app">{cell}</td> }
    });
    let href = format!("/assessments/{}", a.id);
    let questionnaire = a.questionnaire_id.clone();
    let version = a.questionnaire_version.clone();
    let status = a.status;
    let readiness = a.readiness;
    let score = a.score;
    view! {
        <tr data-assessment-id=a.id.to_string()>
            <td>
                <A href=href attr:class="assessment-link">{a.cycle.clone()}</A>
                {compare}
            </td>
            {app}
            <td>
                {move || {
                    let title = titles
                        .get()
                        .and_then(Result::ok)
                        .and_then(|list| list.into_iter().find(|q| q.id == questionnaire))
                        .map_or_else(|| questionnaire.clone(), |q| q.title.get(lang.get()).to_owned());
                    format!("{title} · {version}")
                }}
            </td>
            <td>
                <span class=api::status_css(status)>{move || status.label().get(lang.get()).to_owned()}</span>
            </td>
            <td class="num">{move || display_score(score, lang.get())}</td>
            <td>
                {move || {
                    readiness
                        .map(|r| {
                            let (key, class) = match r {
                                Readiness::Ready => (Key::LevelReady, "badge ready"),
                                Readiness::LargelyReady => (Key::LevelLargelyReady, "badge largely"),
                                Readiness::NotReady => (Key::LevelNotReady, "badge not-ready"),
                            };
                            view! { <span class=class>{key.text(lang.get())}</span> }
                        })
                }}
            </td>
            <td class="num">{format::percent(a.completion)}</td>
            <td>{format::datetime(&a.updated_at)}</td>
        </tr>
    }
}

/// The form that creates an organization, or changes `existing`. The code is checked on every
/// keystroke; the server checks again.
#[component]
fn OrganizationForm(existing: Option<Organization>, on_done: Callback<bool>) -> impl IntoView {
    let lang = use_lang();
    let id = existing.as_ref().map(|o| o.id);
    let field = |f: fn(&Organization) -> &String| {
        RwSignal::new(existing.as_ref().map(f).cloned().unwrap_or_default())
    };
    let name = field(|o| &o.name);
    let code = field(|o| &o.uscc);
    let industry = field(|o| &o.industry);
    let region = field(|o| &o.region);
    // Field ids are unique on the page: the edit form of each card has its own.
    let prefix = id.map_or_else(|| "org".to_owned(), |id| format!("org-{id}"));
    let ids = move |what: &str| format!("{prefix}-{what}");
    // The create form keeps the id the page has always had.
    let form_id = id.map_or_else(
        || "organization-form".to_owned(),
        |id| format!("organization-form-{id}"),
    );
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let check = move || Uscc::parse(&code.get());
    let code_message = move || {
        let typed = code.get();
        if typed.trim().is_empty() {
            return None;
        }
        match check() {
            Ok(_) => Some((true, Key::UsccValid.text(lang.get()).to_owned())),
            // While typing, only a too-short code is not yet an error.
            Err(UsccError::Length { len, .. }) if len < limits::USCC_LEN => None,
            Err(e) => Some((false, i18n::uscc_error(&e, lang.get()))),
        }
    };
    let can_submit = move || !name.get().trim().is_empty() && check().is_ok() && !busy.get();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !can_submit() {
            return;
        }
        busy.set(true);
        let new = NewOrganization {
            name: name.get_untracked().trim().to_owned(),
            uscc: normalize_uscc(&code.get_untracked()),
            industry: industry.get_untracked().trim().to_owned(),
            region: region.get_untracked().trim().to_owned(),
        };
        spawn_local(async move {
            let result = match id {
                Some(id) => api::update_organization(id, &new).await,
                None => api::create_organization(&new).await,
            };
            match result {
                Ok(_) => on_done.run(true),
                Err(e) => {
                    error.set(Some(e.message));
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <form class="card form" id=form_id on:submit=submit>
            <h2>{t(if id.is_some() { Key::EditOrganization } else { Key::NewOrganization })}</h2>
            <div class="field">
                <label for=ids("name")>{t(Key::OrganizationName)}</label>
                <input
                    id=ids("name")
                    type="text"
                    required
                    maxlength=limits::ORGANIZATION_NAME_MAX.to_string()
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
            </div>
            <div class="field">
                <label for=ids("uscc")>{t(Key::Uscc)}</label>
                <input
                    id=ids("uscc")
                    type="text"
                    required
                    maxlength=limits::USCC_LEN.to_string()
                    autocomplete="off"
                    spellcheck="false"
                    class="mono"
                    aria-describedby=ids("uscc-message")
                    aria-invalid=move || code_message().is_some_and(|(ok, _)| !ok).to_string()
                    prop:value=move || code.get()
                    on:input=move |ev| code.set(event_target_value(&ev).to_ascii_uppercase())
                />
                <p
                    id=ids("uscc-message")
                    class=move || match code_message() {
                        Some((true, _)) => "hint ok",
                        Some((false, _)) => "hint error",
                        None => "hint",
                    }
                    aria-live="polite"
                >
                    {move || {
                        code_message()
                            .map(|(_, m)| m)
                            .unwrap_or_else(|| Key::UsccHint.text(lang.get()).to_owned())
                    }}
                </p>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for=ids("industry")>{t(Key::Industry)}</label>
                    <input
                        id=ids("industry")
                        type="text"
                        list=ids("industries")
                        maxlength=limits::LABEL_MAX.to_string()
                        prop:value=move || industry.get()
                        on:input=move |ev| industry.set(event_target_value(&ev))
                    />
                    <datalist id=ids("industries")>
                        {move || {
                            i18n::industries(lang.get())
                                .iter()
                                .map(|i| view! { <option value=*i></option> })
                                .collect_view()
                        }}
                    </datalist>
                </div>
                <div class="field">
                    <label for=ids("region")>{t(Key::Region)}</label>
                    <input
                        id=ids("region")
                        type="text"
                        maxlength=limits::LABEL_MAX.to_string()
                        prop:value=move || region.get()
                        on:input=move |ev| region.set(event_target_value(&ev))
                    />
                </div>
            </div>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <div class="form-actions">
                <button type="button" class="button" on:click=move |_| on_done.run(false)>
                    {t(Key::Cancel)}
                </button>
                <button
                    type="submit"
                    class="button primary"
                    id=ids("submit")
                    disabled=move || !can_submit()
                >
                    {t(if id.is_some() { Key::Save } else { Key::Create })}
                </button>
            </div>
        </form>
    }
}

/// The new-assessment form inside an organization's card; on success the assessment opens at its
/// profile. The questionnaires are offered with what each one covers, those of the whole
/// organization first, so the first of them is the default whatever order the server lists them
/// in. A questionnaire that assesses one App at a time asks for the App (an App assessed before
/// can be picked). With earlier assessments of the chosen questionnaire and the same App (or of
/// the whole organization), the newest is offered as the starting point (the next review cycle)
/// and the cycle after it as the name.
#[component]
fn AssessmentForm(
    organization: i64,
    earlier: Vec<AssessmentSummary>,
    questionnaires: Loaded<Vec<QuestionnaireSummary>>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let chosen = RwSignal::new(String::new());
    let cycle = RwSignal::new(i18n::default_cycle(
        lang.get_untracked(),
        format::current_year(),
    ));
    let app_name = RwSignal::new(String::new());
    let app_platform = RwSignal::new(String::new());
    let app_version = RwSignal::new(String::new());
    let app_package = RwSignal::new(String::new());
    let list = move || {
        let mut all = questionnaires
            .get()
            .and_then(Result::ok)
            .unwrap_or_default();
        // Stable: within each kind, the server's order.
        all.sort_by_key(|q| q.subject != SubjectKind::Organization);
        all
    };
    let per_app = move || {
        let id = chosen.get();
        list()
            .iter()
            .any(|q| q.id == id && q.subject == SubjectKind::App)
    };
    // The App as typed, checked with the server's own rules.
    let subject = Memo::new(move |_| {
        Subject::parse(
            &app_name.get(),
            &app_platform.get(),
            &app_version.get(),
            &app_package.get(),
        )
    });
    let typed = move || {
        if per_app() { subject.get().ok() } else { None }
    };
    // The earlier assessments of the chosen questionnaire and App, newest first (ids grow with
    // time).
    let earlier = StoredValue::new(earlier);
    let candidates = move || {
        let questionnaire = chosen.get();
        let app = typed();
        let mut list: Vec<AssessmentSummary> = earlier.with_value(|all| {
            all.iter()
                .filter(|a| {
                    a.questionnaire_id == questionnaire
                        && same_subject(a.subject.as_ref(), app.as_ref())
                })
                .cloned()
                .collect()
        });
        list.sort_by_key(|a| std::cmp::Reverse(a.id));
        list
    };
    // The Apps assessed before with the chosen questionnaire, each once, as last assessed.
    let known_apps = move || {
        let questionnaire = chosen.get();
        let mut apps: Vec<Subject> = Vec::new();
        earlier.with_value(|all| {
            let mut mine: Vec<&AssessmentSummary> = all
                .iter()
                .filter(|a| a.questionnaire_id == questionnaire)
                .collect();
            mine.sort_by_key(|a| std::cmp::Reverse(a.id));
            for app in mine.into_iter().filter_map(|a| a.subject.as_ref()) {
                if !apps.iter().any(|known| known.same_app(app)) {
                    apps.push(app.clone());
                }
            }
        });
        apps
    };
    let carry_from = RwSignal::new(None::<i64>);
    // A new newest earlier cycle (another questionnaire or App chosen) proposes itself and the
    // cycle after it.
    let newest = Memo::new(move |_| {
        candidates()
            .into_iter()
            .next()
            .map(|a| (a.id, a.cycle.clone()))
    });
    Effect::new(move |_| {
        let newest = newest.get();
        carry_from.set(newest.as_ref().map(|(id, _)| *id));
        if let Some(next) =
            newest.and_then(|(_, cycle)| i18n::next_cycle(lang.get_untracked(), &cycle))
        {
            cycle.set(next);
        }
    });
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // The first questionnaire (of the whole organization, if there is one) is preselected once
    // the list arrives.
    Effect::new(move |_| {
        if chosen.get_untracked().is_empty()
            && let Some(first) = list().first()
        {
            chosen.set(first.id.clone());
        }
    });
    // What is wrong with the App typed so far; nothing while no field is filled in.
    let subject_problem = move || {
        if !per_app() {
            return None;
        }
        let started = [app_name, app_version, app_package]
            .iter()
            .any(|field| !field.get().trim().is_empty());
        match subject.get() {
            Err(e) if started => Some(i18n::subject_error(&e, lang.get())),
            _ => None,
        }
    };
    let can_submit = move || {
        !chosen.get().is_empty()
            && !cycle.get().trim().is_empty()
            && !busy.get()
            && (!per_app() || subject.get().is_ok())
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !can_submit() {
            return;
        }
        busy.set(true);
        let new = NewAssessment {
            organization_id: organization,
            questionnaire_id: chosen.get_untracked(),
            cycle: cycle.get_untracked().trim().to_owned(),
            subject: untrack(typed),
            carry_from: carry_from.get_untracked(),
        };
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::create_assessment(&new).await {
                Ok(created) => navigate(
                    &format!("/assessments/{}/profile", created.id),
                    NavigateOptions::default(),
                ),
                Err(e) => {
                    error.set(Some(e.message));
                    busy.set(false);
                }
            }
        });
    };
    // Picking an App assessed before fills in its fields (its version too, to be changed for a
    // new release); "a new App" empties them.
    let pick_app = move |choice: String| {
        let app = choice
            .parse::<usize>()
            .ok()
            .and_then(|i| untrack(known_apps).into_iter().nth(i));
        let (name, platform, version, package) = match app {
            Some(app) => (
                app.name,
                app.platform.tag().to_owned(),
                app.version,
                app.package_id,
            ),
            None => Default::default(),
        };
        app_name.set(name);
        app_platform.set(platform);
        app_version.set(version);
        app_package.set(package);
    };
    let picked = move || {
        let app = typed();
        known_apps()
            .iter()
            .position(|known| app.as_ref().is_some_and(|a| known.same_app(a)))
            .map(|i| i.to_string())
            .unwrap_or_default()
    };
    let ids = move |what: &str| format!("assessment-{what}-{organization}");
    let group_name = ids("questionnaire");
    let cycle_id = ids("cycle");
    let carry_id = ids("carry");
    let carry_help_id = ids("carry-help");
    let app_problem_id = ids("app-problem");
    let choices = move || {
        let lang = lang.get();
        list()
            .into_iter()
            .map(|q| {
                let id = format!("{group_name}-{}", q.id);
                let scope_id = format!("{id}-scope");
                let (value, checked) = (q.id.clone(), q.id.clone());
                let kind = match q.subject {
                    SubjectKind::App => Key::PerAppQuestionnaire,
                    SubjectKind::Organization => Key::WholeOrganizationQuestionnaire,
                };
                let facts = format!(
                    "{} {} · {} {} · {}",
                    Key::VersionShort.text(lang),
                    q.version,
                    q.questions,
                    Key::QuestionsUnit.text(lang),
                    kind.text(lang),
                );
                view! {
                    <div class="questionnaire-option" data-questionnaire=q.id.clone()>
                        <input
                            type="radio"
                            id=id.clone()
                            name=group_name.clone()
                            class="assessment-questionnaire"
                            value=q.id.clone()
                            aria-describedby=scope_id.clone()
                            prop:checked=move || chosen.get() == checked
                            on:change=move |_| chosen.set(value.clone())
                        />
                        <label for=id>
                            <span class="option-title">{q.title.get(lang).to_owned()}</span>
                            " "
                            <span class="option-facts">{facts}</span>
                        </label>
                        <p class="hint option-scope" id=scope_id>{q.scope.get(lang).to_owned()}</p>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <form class="form inline-form assessment-form" on:submit=submit>
            <fieldset class="questionnaire-choice">
                <legend>{t(Key::Questionnaire)}</legend>
                {choices}
            </fieldset>
            <Show when=per_app>
                <fieldset class="app-fields">
                    <legend>{t(Key::AppFields)}</legend>
                    <Show when=move || !known_apps().is_empty()>
                        <div class="field">
                            <label for=ids("known-app")>{t(Key::AppAssessedBefore)}</label>
                            <select
                                id=ids("known-app")
                                class="assessment-known-app"
                                prop:value=picked
                                on:change=move |ev| pick_app(event_target_value(&ev))
                            >
                                {move || {
                                    known_apps()
                                        .into_iter()
                                        .enumerate()
                                        .map(|(i, app)| {
                                            let label = i18n::subject_line(&app, lang.get());
                                            view! { <option value=i.to_string()>{label}</option> }
                                        })
                                        .collect_view()
                                }}
                                <option value="">{t(Key::AppNew)}</option>
                            </select>
                        </div>
                    </Show>
                    <div class="field-row">
                        <div class="field">
                            <label for=ids("app-name")>{t(Key::AppNameField)}</label>
                            <input
                                id=ids("app-name")
                                class="assessment-app-name"
                                type="text"
                                required
                                maxlength=Subject::NAME_MAX.to_string()
                                aria-describedby=app_problem_id.clone()
                                prop:value=move || app_name.get()
                                on:input=move |ev| app_name.set(event_target_value(&ev))
                            />
                        </div>
                        <div class="field">
                            <label for=ids("app-platform")>{t(Key::AppPlatform)}</label>
                            <select
                                id=ids("app-platform")
                                class="assessment-app-platform"
                                required
                                prop:value=move || app_platform.get()
                                on:change=move |ev| app_platform.set(event_target_value(&ev))
                            >
                                <option value="">{t(Key::AppPlatformChoose)}</option>
                                {Platform::ALL
                                    .into_iter()
                                    .map(|p| {
                                        view! {
                                            <option value=p.tag()>
                                                {move || i18n::platform(p, lang.get())}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                    </div>
                    <div class="field-row">
                        <div class="field">
                            <label for=ids("app-version")>{t(Key::AppVersion)}</label>
                            <input
                                id=ids("app-version")
                                class="assessment-app-version"
                                type="text"
                                maxlength=Subject::VERSION_MAX.to_string()
                                aria-describedby=ids("app-version-hint")
                                prop:value=move || app_version.get()
                                on:input=move |ev| app_version.set(event_target_value(&ev))
                            />
                            <p class="hint" id=ids("app-version-hint")>{t(Key::AppVersionHint)}</p>
                        </div>
                        <div class="field">
                            <label for=ids("app-package")>{t(Key::AppPackageId)}</label>
                            <input
                                id=ids("app-package")
                                class="assessment-app-package mono"
                                type="text"
                                autocomplete="off"
                                spellcheck="false"
                                maxlength=Subject::PACKAGE_ID_MAX.to_string()
                                aria-describedby=ids("app-package-hint")
                                prop:value=move || app_package.get()
                                on:input=move |ev| app_package.set(event_target_value(&ev))
                            />
                            <p class="hint" id=ids("app-package-hint")>{t(Key::AppPackageIdHint)}</p>
                        </div>
                    </div>
                    <p class="hint error" id=app_problem_id.clone() aria-live="polite">
                        {subject_problem}
                    </p>
                </fieldset>
            </Show>
            <Show when=move || !candidates().is_empty()>
                <div class="field">
                    <label for=carry_id.clone()>{t(Key::StartFrom)}</label>
                    <select
                        id=carry_id.clone()
                        class="assessment-carry"
                        aria-describedby=carry_help_id.clone()
                        prop:value=move || carry_from.get().map(|id| id.to_string()).unwrap_or_default()
                        on:change=move |ev| carry_from.set(event_target_value(&ev).parse().ok())
                    >
                        {move || {
                            candidates()
                                .into_iter()
                                .map(|a| {
                                    let label = format!(
                                        "{} · {}",
                                        a.cycle,
                                        a.status.label().get(lang.get()),
                                    );
                                    view! { <option value=a.id.to_string()>{label}</option> }
                                })
                                .collect_view()
                        }}
                        <option value="">{t(Key::StartBlank)}</option>
                    </select>
                    <p class="hint" id=carry_help_id.clone()>
                        {t(Key::CarryHelp)}
                        {move || per_app().then(|| format!(" {}", Key::CarryHelpApp.text(lang.get())))}
                    </p>
                </div>
            </Show>
            <div class="field">
                <label for=cycle_id.clone()>{t(Key::Cycle)}</label>
                <input
                    id=cycle_id
                    class="assessment-cycle"
                    type="text"
                    maxlength=limits::CYCLE_MAX.to_string()
                    prop:value=move || cycle.get()
                    on:input=move |ev| cycle.set(event_target_value(&ev))
                />
            </div>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <div class="form-actions">
                <button type="button" class="button" on:click=move |_| on_cancel.run(())>
                    {t(Key::Cancel)}
                </button>
                <button
                    type="submit"
                    class="button primary assessment-submit"
                    disabled=move || !can_submit()
                >
                    {t(Key::Create)}
                </button>
            </div>
        </form>
    }
}
