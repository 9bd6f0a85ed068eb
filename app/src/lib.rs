//! The Ziping front end: a Leptos application rendered in the browser (client-side), compiled to
//! wasm32 and embedded in the `ziping` binary. It talks to the server only through the JSON API
//! under `/api` (see `api`), and scores live with the same `questionnaires` code as the server.

mod api;
mod i18n;
mod pages;
mod shell;

use wasm_bindgen::prelude::wasm_bindgen;

/// Entry point called by the generated JavaScript once the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(shell::App);
}
