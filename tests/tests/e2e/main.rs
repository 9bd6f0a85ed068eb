//! End-to-end tests of the real application: one test binary, a fresh server on a free port per
//! test (`spawn_app`), HTTP through reqwest and the front end in headless Chromium.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod answers;
mod api;
mod archive;
mod assessments;
mod audit;
mod browser;
mod compare;
mod cycles;
mod evidence;
mod exchange;
mod openapi;
mod organizations;
mod oscal;
mod remediation;
mod reports;
mod schemathesis;
mod security;
mod site;
mod status;
mod subjects;
mod ui_accessibility;
mod ui_app;
mod ui_archive;
mod ui_compare;
mod ui_conflict;
mod ui_cycles;
mod ui_flow;
mod ui_language;
mod ui_offline;
mod ui_results;
mod ui_token;
mod ui_upgrade;
mod ui_workbook;
mod upgrade;
