//! The wizard's filters: which questions a filter keeps (all, unanswered, gaps, critical, carried
//! over and not confirmed yet), its tag in the address, and the bar of filter buttons with their
//! counts above the question.

use leptos::prelude::*;
use questionnaires::{AnswerValue, QuestionId};

use crate::i18n::{Key, t};
use crate::workspace::{Entry, Workspace};

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

    pub(super) fn tag(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::Unanswered => "unanswered",
            Filter::Gaps => "gaps",
            Filter::Critical => "critical",
            Filter::Carried => "carried",
        }
    }

    pub(super) fn parse(tag: &str) -> Option<Filter> {
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
pub(super) fn passes(ws: &Workspace, id: &QuestionId, filter: Filter) -> bool {
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

#[component]
pub(super) fn FilterBar(
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
