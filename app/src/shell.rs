//! The application shell: language and user context, router, header with navigation, the user
//! name and the language switch, the dialog that asks for the user name once, and the footer
//! with the server's version.

use leptos::prelude::*;
use leptos_router::components::{A, ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::api;
use crate::i18n::{self, Key, Lang, t};
use crate::local::{self, USER_NAME_MAX};
use crate::pages::NotFound;
use crate::pages::assessment::{AssessmentPage, AssessmentStart};
use crate::pages::compare::ComparePage;
use crate::pages::history::HistoryPage;
use crate::pages::home::Home;
use crate::pages::profile::ProfilePage;
use crate::pages::results::ResultsPage;
use crate::pages::upgrade::UpgradePage;
use crate::pages::wizard::WizardPage;
use crate::pages::workbook::WorkbookPage;

#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(i18n::stored_lang());
    provide_context(lang);
    Effect::new(move |_| i18n::remember_lang(lang.get()));
    let user = RwSignal::new(local::user_name());
    provide_context(user);
    let health = LocalResource::new(api::health);
    provide_context(health);
    // Asked when first needed (opening an assessment, creating something), not on arrival.
    let asking = RwSignal::new(false);
    provide_context(UserDialog(asking));
    // A server started with an access token refuses every request until the user gives it.
    let token_needed = RwSignal::new(false);
    api::on_unauthorized(move || token_needed.set(true));

    view! {
        <Router>
            <a class="skip-link" href="#main">{t(Key::SkipToContent)}</a>
            <Header/>
            <main id="main" class="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                    <ParentRoute path=path!("/assessments/:id") view=AssessmentPage>
                        <Route path=path!("") view=AssessmentStart/>
                        <Route path=path!("profile") view=ProfilePage/>
                        <Route path=path!("wizard") view=WizardPage/>
                        <Route path=path!("results") view=ResultsPage/>
                        <Route path=path!("history") view=HistoryPage/>
                        <Route path=path!("compare") view=ComparePage/>
                        <Route path=path!("upgrade") view=UpgradePage/>
                        <Route path=path!("workbook") view=WorkbookPage/>
                    </ParentRoute>
                </Routes>
            </main>
            <Footer/>
            <Show when=move || asking.get() && !token_needed.get()>
                <UserNameDialog/>
            </Show>
            <Show when=move || token_needed.get()>
                <TokenDialog/>
            </Show>
        </Router>
    }
}

/// Whether the user-name dialog is open; the header's name button opens it.
#[derive(Clone, Copy)]
pub struct UserDialog(pub RwSignal<bool>);

/// Checks for the user name before a change; taken in a component body, used in its handlers.
#[derive(Clone, Copy)]
pub struct UserGate {
    user: RwSignal<String>,
    asking: Option<RwSignal<bool>>,
}

pub fn use_user_gate() -> UserGate {
    UserGate {
        user: local::use_user(),
        asking: use_context::<UserDialog>().map(|UserDialog(a)| a),
    }
}

impl UserGate {
    /// Whether a user name is known; if not, asks for it and returns false (the user then
    /// repeats the action that needed it).
    pub fn ensure(&self) -> bool {
        if self.user.get_untracked().is_empty() {
            if let Some(asking) = self.asking {
                asking.set(true);
            }
            false
        } else {
            true
        }
    }
}

#[component]
fn Header() -> impl IntoView {
    let lang = i18n::use_lang();
    let user = local::use_user();
    let UserDialog(asking) = expect_context::<UserDialog>();
    let other = |l: Lang| match l {
        Lang::Zh => Lang::En,
        Lang::En => Lang::Zh,
    };
    let toggle = move |_| lang.update(|l| *l = other(*l));
    view! {
        <header class="header">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"自"</span>
                <span class="brand-name">{t(Key::AppName)}</span>
                <span class="brand-tagline">{t(Key::Tagline)}</span>
            </A>
            <nav class="nav" aria-label=t(Key::MainNavigation)>
                <A href="/" exact=true>{t(Key::NavAssessments)}</A>
            </nav>
            <button
                class="user-button"
                id="user-button"
                type="button"
                on:click=move |_| asking.set(true)
                title=t(Key::ChangeUserName)
            >
                <span class="muted">{t(Key::UserLabel)}": "</span>
                <span id="user-name">
                    {move || {
                        let name = user.get();
                        if name.is_empty() { "—".to_owned() } else { name }
                    }}
                </span>
            </button>
            // Named by its visible text, the other language's name in that language; what it
            // does is its description.
            <button
                class="lang-switch"
                id="lang-switch"
                type="button"
                on:click=toggle
                title=t(Key::SwitchLanguageLabel)
            >
                <span lang=move || other(lang.get()).tag()>{t(Key::SwitchLanguage)}</span>
            </button>
        </header>
    }
}

/// Asks for the local user name, which is recorded with every change. Shown on the first visit
/// and when the name button in the header is pressed.
#[component]
fn UserNameDialog() -> impl IntoView {
    let user = local::use_user();
    let UserDialog(asking) = expect_context::<UserDialog>();
    let name = RwSignal::new(user.get_untracked());
    let input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = input.get() {
            let _ = input.focus();
        }
    });
    let valid = move || local::valid_user_name(&name.get());
    let save = move || {
        if valid() {
            let value = name.get_untracked().trim().to_owned();
            local::set_user_name(&value);
            user.set(value);
            asking.set(false);
        }
    };
    let can_cancel = move || !user.get().is_empty();
    view! {
        <div class="overlay">
            <form
                class="dialog"
                id="user-dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby="user-dialog-title"
                on:submit=move |ev| {
                    ev.prevent_default();
                    save();
                }
                on:keydown=move |ev| {
                    crate::dialog::trap_focus(&ev);
                    if ev.key() == "Escape" && can_cancel() {
                        asking.set(false);
                    }
                }
            >
                <h2 id="user-dialog-title">{t(Key::UserDialogTitle)}</h2>
                <p class="muted">{t(Key::UserDialogBody)}</p>
                <label for="user-name-input">{t(Key::UserNameField)}</label>
                <input
                    id="user-name-input"
                    type="text"
                    autocomplete="name"
                    maxlength=USER_NAME_MAX.to_string()
                    node_ref=input
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <div class="dialog-actions">
                    <Show when=can_cancel>
                        <button type="button" class="button" on:click=move |_| asking.set(false)>
                            {t(Key::Cancel)}
                        </button>
                    </Show>
                    <button
                        type="submit"
                        class="button primary"
                        id="user-name-save"
                        disabled=move || !valid()
                    >
                        {t(Key::Save)}
                    </button>
                </div>
            </form>
        </div>
    }
}

/// Asks for the access token of a server that requires one, then reloads the page so that
/// everything is fetched again with it.
#[component]
fn TokenDialog() -> impl IntoView {
    let token = RwSignal::new(String::new());
    let had_one = !local::access_token().is_empty();
    crate::dialog::focus_soon("token-input");
    let save = move || {
        let value = token.get_untracked();
        if value.trim().is_empty() {
            return;
        }
        local::set_access_token(&value);
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };
    view! {
        <div class="overlay">
            <form
                class="dialog"
                id="token-dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby="token-dialog-title"
                on:submit=move |ev| {
                    ev.prevent_default();
                    save();
                }
                on:keydown=|ev| crate::dialog::trap_focus(&ev)
            >
                <h2 id="token-dialog-title">{t(Key::TokenDialogTitle)}</h2>
                <p class="muted">{t(Key::TokenDialogBody)}</p>
                {had_one.then(|| view! { <p class="error" role="alert">{t(Key::TokenRefused)}</p> })}
                <label for="token-input">{t(Key::TokenField)}</label>
                <input
                    id="token-input"
                    type="password"
                    autocomplete="off"
                    prop:value=move || token.get()
                    on:input=move |ev| token.set(event_target_value(&ev))
                />
                <div class="dialog-actions">
                    <button
                        type="submit"
                        class="button primary"
                        id="token-save"
                        disabled=move || token.get().trim().is_empty()
                    >
                        {t(Key::Save)}
                    </button>
                </div>
            </form>
        </div>
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
