//! The pages of the application: the start page with organizations and their assessments, and
//! the pages of an open assessment (profile, wizard, results with its export menu, history,
//! compare, upgrade, workbook import) inside `assessment`, the frame that loads it and holds
//! its workspace.

pub mod assessment;
pub mod compare;
pub mod export;
pub mod history;
pub mod home;
pub mod profile;
pub mod results;
pub mod upgrade;
pub mod wizard;
pub mod workbook;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{Key, t};

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
