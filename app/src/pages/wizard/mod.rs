//! The wizard: the domain list with per-domain progress and the live score on the left, one
//! question at a time on the right, filters above it, and the keyboard. The current question and
//! filter live in the address (`?q=GOV-01&filter=gaps`), so a reload or a link from the results
//! page lands on it. This module is the page itself and what its parts share: the navigation
//! between questions (`Nav`) and the answer values in button order; `filter` has the filters,
//! `side` the side column, `question` the question card, `keys` the keyboard shortcuts and their
//! help dialog.

mod filter;
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
use crate::workspace::Workspace;

use filter::{Filter, FilterBar, passes};
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
