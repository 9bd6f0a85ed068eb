//! The wizard: the domain list with per-domain progress and the live score on the left, one
//! question at a time on the right with its answer buttons, N/A reason, note, evidence, guidance,
//! how to check it on a device and citations; filters; and the keyboard (1–4 answer, j/k or
//! arrows next/previous, n note, ? the list of shortcuts). The current question and filter live
//! in the address (`?q=GOV-01&filter=gaps`), so a reload or a link from the results page lands
//! on it.

mod keys;
mod question;
mod side;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use questionnaires::{AnswerValue, QuestionId};

use crate::api;
use crate::i18n::{Key, t};
use crate::pages::workbook::WorkbookAside;
use crate::workspace::{Entry, Workspace};

use keys::{ShortcutHelp, on_key};
use question::QuestionCard;
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
