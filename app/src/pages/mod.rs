//! The pages of the application, one component each.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::i18n::{Key, t};

/// The start page. With no assessment yet it explains how one starts.
#[component]
pub fn Home() -> impl IntoView {
    let health = expect_context::<LocalResource<Result<api::Health, api::ApiError>>>();
    let status = move || match health.get() {
        None => view! { <p class="muted">{t(Key::Loading)}</p> }.into_any(),
        Some(Ok(h)) => view! {
            <p class="muted">{t(Key::QuestionnairesLoaded)}": "{h.questionnaires}</p>
        }
        .into_any(),
        Some(Err(e)) => view! {
            <p class="error" role="alert">{t(Key::ServerUnreachable)}": "{e.message}</p>
        }
        .into_any(),
    };
    view! {
        <section class="empty-state" id="home">
            <h1>{t(Key::NoAssessmentsTitle)}</h1>
            <p>{t(Key::NoAssessmentsBody)}</p>
            {status}
        </section>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="empty-state">
            <h1>{t(Key::NotFoundTitle)}</h1>
            <p>{t(Key::NotFoundBody)}</p>
            <A href="/">{t(Key::BackHome)}</A>
        </section>
    }
}
