//! The "导出 / Export" menu of the results page: every file an assessment can be taken out as,
//! from one list ([`EXPORTS`]), each a download link in the page's language. The menu is a
//! disclosure (`<details>`, whose summary the browser exposes as a button with its expanded
//! state): Enter or Space opens it, Tab walks its links, Escape closes it and gives the focus
//! back to its button. A link cannot carry the access token, so with a token the file is fetched
//! and handed over by [`api::download`].

use leptos::prelude::*;
use leptos::task::spawn_local;
use questionnaires::Lang;

use crate::api;
use crate::i18n::{Key, t, use_lang};
use crate::workspace::Workspace;

/// One file of the menu.
pub struct Export {
    /// Names the file in element ids (`export-{slug}`) and in the saved file's name.
    pub slug: &'static str,
    pub label: Key,
    /// The path under `/api/assessments/{id}/`.
    pub path: &'static str,
    /// Whether the file is written in a language, asked for with `?lang=`.
    pub localized: bool,
    /// One domain of the questionnaire, chosen beside the link (`&domain=`).
    pub per_domain: bool,
    pub extension: &'static str,
}

/// Every export, in the menu's order. The OSCAL assessment results come from
/// `GET …/export/oscal-ar.json`.
pub static EXPORTS: [Export; 11] = [
    Export {
        slug: "report-pdf",
        label: Key::ExportReportPdf,
        path: "report.pdf",
        localized: true,
        per_domain: false,
        extension: "pdf",
    },
    Export {
        slug: "report-docx",
        label: Key::ExportReportDocx,
        path: "report.docx",
        localized: true,
        per_domain: false,
        extension: "docx",
    },
    Export {
        slug: "answers-xlsx",
        label: Key::ExportAnswersXlsx,
        path: "export/answers.xlsx",
        localized: true,
        per_domain: false,
        extension: "xlsx",
    },
    Export {
        slug: "answers-csv",
        label: Key::ExportAnswersCsv,
        path: "export/answers.csv",
        localized: true,
        per_domain: false,
        extension: "csv",
    },
    Export {
        slug: "remediation-xlsx",
        label: Key::ExportRemediationXlsx,
        path: "export/remediation.xlsx",
        localized: true,
        per_domain: false,
        extension: "xlsx",
    },
    Export {
        slug: "remediation-csv",
        label: Key::ExportRemediationCsv,
        path: "export/remediation.csv",
        localized: true,
        per_domain: false,
        extension: "csv",
    },
    Export {
        slug: "workbook",
        label: Key::ExportWorkbookAll,
        path: "workbook.xlsx",
        localized: true,
        per_domain: false,
        extension: "xlsx",
    },
    Export {
        slug: "workbook-domain",
        label: Key::ExportWorkbookDomain,
        path: "workbook.xlsx",
        localized: true,
        per_domain: true,
        extension: "xlsx",
    },
    Export {
        slug: "archive",
        label: Key::ExportArchive,
        path: "export/archive.zip",
        localized: false,
        per_domain: false,
        extension: "zip",
    },
    Export {
        slug: "oscal-ar",
        label: Key::ExportOscal,
        path: "export/oscal-ar.json",
        localized: true,
        per_domain: false,
        extension: "json",
    },
    Export {
        slug: "oscal-catalog",
        label: Key::ExportOscalCatalog,
        path: "export/oscal-catalog.json",
        localized: true,
        per_domain: false,
        extension: "json",
    },
];

impl Export {
    /// The export with this slug.
    pub fn find(slug: &str) -> Option<&'static Export> {
        EXPORTS.iter().find(|e| e.slug == slug)
    }

    /// Where the file of assessment `id` is served, in `lang`, for `domain` when per domain.
    pub fn url(&self, id: i64, lang: Lang, domain: Option<&str>) -> String {
        let mut query = Vec::new();
        if self.localized {
            query.push(format!("lang={}", lang.tag()));
        }
        if let (true, Some(domain)) = (self.per_domain, domain) {
            query.push(format!("domain={}", api::encode(domain)));
        }
        api::assessment_file_url(id, self.path, &query.join("&"))
    }

    /// The name the file is saved under: `ziping-7-answers-xlsx-en.xlsx`.
    pub fn file_name(&self, id: i64, lang: Lang, domain: Option<&str>) -> String {
        let mut name = format!("ziping-{id}-{}", self.slug);
        if let (true, Some(domain)) = (self.per_domain, domain) {
            name = format!("ziping-{id}-workbook-{domain}");
        }
        if self.localized {
            name = format!("{name}-{}", lang.tag());
        }
        format!("{name}.{}", self.extension)
    }
}

/// The menu: a button that opens the list of every export.
#[component]
pub fn ExportMenu() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let details = NodeRef::<leptos::html::Details>::new();
    let summary = NodeRef::<leptos::html::Summary>::new();
    let domains: Vec<(String, questionnaires::Text)> = ws.questionnaire.with_value(|q| {
        q.domains
            .iter()
            .map(|d| (d.id.clone(), d.title.clone()))
            .collect()
    });
    let domain = RwSignal::new(domains.first().map(|(id, _)| id.clone()));
    let domains = StoredValue::new(domains);
    let close = move || {
        if let Some(details) = details.get() {
            details.set_open(false);
        }
        if let Some(summary) = summary.get() {
            let _ = summary.focus();
        }
    };
    let items = EXPORTS
        .iter()
        .map(|export| {
            let link = view! { <ExportLink export=export id=format!("export-{}", export.slug) domain=domain/> };
            if export.per_domain {
                view! {
                    <li class="export-domain">
                        <label for="export-domain-choice">{t(Key::ExportDomain)}</label>
                        <DomainChoice domains=domains domain=domain/>
                        {link}
                    </li>
                }
                .into_any()
            } else {
                view! { <li>{link}</li> }.into_any()
            }
        })
        .collect_view();
    view! {
        <details
            class="export-menu"
            id="export-menu"
            node_ref=details
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    close();
                }
            }
        >
            <summary class="button" id="export-button" node_ref=summary>{t(Key::Export)}</summary>
            <ul class="export-list" id="export-list" aria-labelledby="export-button">{items}</ul>
        </details>
    }
}

/// The domain whose workbook the per-domain link gives.
#[component]
fn DomainChoice(
    domains: StoredValue<Vec<(String, questionnaires::Text)>>,
    domain: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <select
            id="export-domain-choice"
            prop:value=move || domain.get().unwrap_or_default()
            on:change=move |ev| domain.set(Some(event_target_value(&ev)))
        >
            {domains
                .get_value()
                .into_iter()
                .map(|(id, title)| {
                    view! { <option value=id.clone()>{move || title.get(lang.get()).to_owned()}</option> }
                })
                .collect_view()}
        </select>
    }
}

/// The download link of one export of the open assessment, in the page's language.
#[component]
pub fn ExportLink(
    export: &'static Export,
    #[prop(into)] id: String,
    /// The domain chosen for a per-domain export.
    #[prop(optional)]
    domain: Option<RwSignal<Option<String>>>,
) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let lang = use_lang();
    let error = RwSignal::new(None::<String>);
    let chosen = move || domain.and_then(|d| d.get());
    let url = move || export.url(ws.id, lang.get(), chosen().as_deref());
    let name = move || export.file_name(ws.id, lang.get(), chosen().as_deref());
    view! {
        <a
            class="export-link"
            id=id
            href=url
            download=name
            data-format=export.extension
            on:click=move |ev| {
                error.set(None);
                if api::has_token() {
                    ev.prevent_default();
                    let (link, name) = (url(), name());
                    spawn_local(async move {
                        if let Err(e) = api::download(&link, &name).await {
                            error.set(Some(e.message));
                        }
                    });
                }
            }
        >
            {t(export.label)}
        </a>
        {move || error.get().map(|e| view! { <span class="error small" role="alert">{e}</span> })}
    }
}
