//! Citations of the regulation catalog: the list of citation buttons the profile, wizard and
//! results pages show, and the dialog that opens on one, with the article's instrument, our
//! summary, the official text where the catalog has it, and the penalty article. The open
//! citation is shared through the `OpenCitation` context the workspace provides.

use leptos::prelude::*;
use questionnaires::Citation;

use crate::i18n::{Key, use_lang};
use crate::workspace::Workspace;

/// The citation the citation dialog shows, if open.
#[derive(Clone, Copy)]
pub struct OpenCitation(pub RwSignal<Option<Citation>>);

/// A list of citations as buttons that open the article in the citation dialog.
#[component]
pub fn Citations(citations: Vec<Citation>) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let OpenCitation(open) = expect_context::<OpenCitation>();
    let lang = use_lang();
    view! {
        <ul class="citations">
            {citations
                .into_iter()
                .map(|c| {
                    let label = {
                        let c = c.clone();
                        move || ws.catalog.with_value(|catalog| c.long_form(catalog, lang.get()))
                    };
                    let compact = c.to_string();
                    view! {
                        <li>
                            <button
                                type="button"
                                class="citation"
                                data-citation=compact
                                aria-haspopup="dialog"
                                on:click=move |_| open.set(Some(c.clone()))
                            >
                                {label}
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// The article a citation points at: instrument, our summary, the official text where the
/// catalog has it, and the penalty article.
#[component]
pub fn CitationDialog() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let OpenCitation(open) = expect_context::<OpenCitation>();
    let lang = use_lang();
    // The dialog itself takes the focus, so that it opens at its top (focusing the close button
    // at the bottom would scroll a long article out of view).
    let dialog = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if open.with(Option::is_some)
            && let Some(dialog) = dialog.get()
        {
            let _ = dialog.focus();
        }
    });
    move || {
        open.get().map(|citation| {
            let lang = lang.get();
            let content = ws.catalog.with_value(|catalog| {
                let heading = citation.long_form(catalog, lang);
                let instrument = catalog.instrument(&citation.instrument).map(|i| {
                    format!(
                        "{} · {} · {} {} · {} {}",
                        i.name.get(lang),
                        i.issuer.get(lang),
                        i.doc_no,
                        Key::Promulgated.text(lang),
                        i.effective,
                        Key::Effective.text(lang),
                    )
                });
                let article = catalog.article(&citation);
                let summary = article.map(|a| a.summary.get(lang).to_owned());
                let official = article.and_then(|a| a.official_text.clone());
                let penalty = article.and_then(|a| a.penalty_for(citation.paragraph).cloned()).map(|p| {
                    let summary = catalog
                        .article(&p)
                        .map(|a| a.summary.get(lang).to_owned())
                        .unwrap_or_default();
                    (p.long_form(catalog, lang), summary)
                });
                (heading, instrument, summary, official, penalty)
            });
            let (heading, instrument, summary, official, penalty) = content;
            view! {
                <div class="overlay" on:click=move |_| open.set(None)>
                    <div
                        class="dialog wide"
                        role="dialog"
                        aria-modal="true"
                        aria-labelledby="citation-title"
                        id="citation-dialog"
                        tabindex="-1"
                        node_ref=dialog
                        on:click=|ev| ev.stop_propagation()
                        on:keydown=move |ev| {
                            crate::dialog::trap_focus(&ev);
                            if ev.key() == "Escape" {
                                open.set(None);
                            }
                        }
                    >
                        <h2 id="citation-title">{heading}</h2>
                        {instrument.map(|i| view! { <p class="muted">{i}</p> })}
                        <h3>{Key::ArticleSummary.text(lang)}</h3>
                        <p id="citation-summary">
                            {summary.unwrap_or_else(|| Key::NotInCatalog.text(lang).to_owned())}
                        </p>
                        <h3>{Key::OfficialText.text(lang)}</h3>
                        {match official {
                            Some(text) => view! {
                                <blockquote class="official-text" lang="zh-CN" id="citation-official">
                                    {text}
                                </blockquote>
                            }
                            .into_any(),
                            None => view! { <p class="muted">{Key::NoOfficialText.text(lang)}</p> }
                                .into_any(),
                        }}
                        {penalty
                            .map(|(cite, summary)| {
                                view! {
                                    <h3>{Key::PenaltyArticle.text(lang)}</h3>
                                    <p>
                                        <strong>{cite}</strong>
                                        " "
                                        {summary}
                                    </p>
                                }
                            })}
                        <div class="dialog-actions">
                            <button
                                type="button"
                                class="button primary"
                                id="citation-close"
                                on:click=move |_| open.set(None)
                            >
                                {Key::Close.text(lang)}
                            </button>
                        </div>
                    </div>
                </div>
            }
        })
    }
}
