//! The application shell: language context, router, header with navigation and the language
//! switch, and the footer with the server's version.

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

use crate::api;
use crate::i18n::{self, Key, Lang, t};
use crate::pages::{Home, NotFound};

#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(i18n::stored_lang());
    provide_context(lang);
    Effect::new(move |_| i18n::remember_lang(lang.get()));
    let health = LocalResource::new(api::health);
    provide_context(health);

    view! {
        <Router>
            <Header/>
            <main id="main" class="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    let lang = i18n::use_lang();
    let toggle = move |_| {
        lang.update(|l| {
            *l = match l {
                Lang::Zh => Lang::En,
                Lang::En => Lang::Zh,
            }
        })
    };
    view! {
        <header class="header">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"自"</span>
                <span class="brand-name">{t(Key::AppName)}</span>
                <span class="brand-tagline">{t(Key::Tagline)}</span>
            </A>
            <nav class="nav" aria-label="main">
                <A href="/">{t(Key::NavAssessments)}</A>
            </nav>
            <button
                class="lang-switch"
                id="lang-switch"
                type="button"
                on:click=toggle
                aria-label=t(Key::SwitchLanguageLabel)
            >
                {t(Key::SwitchLanguage)}
            </button>
        </header>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let health = expect_context::<LocalResource<Result<api::Health, api::ApiError>>>();
    let version = move || match health.get() {
        None => String::new(),
        Some(Ok(h)) => format!("{} {}", h.name, h.version),
        Some(Err(_)) => "—".to_owned(),
    };
    view! {
        <footer class="footer">
            <span>{t(Key::FooterLocal)}</span>
            <span class="footer-version">
                {t(Key::Version)}" "<span id="server-version">{version}</span>
            </span>
        </footer>
    }
}
