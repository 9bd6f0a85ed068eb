//! The Ziping front end: a Leptos application rendered in the browser (client-side), compiled to
//! wasm32 and embedded in the `ziping` binary. It talks to the server only through the JSON API
//! under `/api` (see `api`), and scores live with the same `questionnaires` code as the server.
//!
//! Code map: `shell` (router, header, footer, user name) → `pages` (start page, and the profile,
//! wizard and results of an open assessment) and `components` (what several pages show: citations
//! with their dialog, the evidence link) on top of `workspace` (the open assessment's state and its
//! autosave queue); `api` is the server's client, `local` what the browser remembers,
//! `i18n` every interface string in both languages, `markdown` the safe rendering of the
//! questionnaires' Markdown, `charts` the SVG bar charts, `dialog` the modal dialogs' focus handling, `uscc` the credit-code check, `format`
//! dates, sizes and percentages.

mod api;
mod autosave;
mod charts;
mod components;
mod dialog;
mod format;
mod i18n;
mod local;
mod markdown;
mod pages;
mod shell;
mod workspace;

use wasm_bindgen::prelude::wasm_bindgen;

/// Entry point called by the generated JavaScript once the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(shell::App);
}
