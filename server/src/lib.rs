//! Ziping (自评): a local web application for data-security self-assessments against Chinese
//! regulations. This crate is the server: configuration and command line, the questionnaire
//! content it loads at start-up, the store (SQLite), the HTTP API and the embedded front end.

pub mod cli;
pub mod config;
pub mod content;
pub mod domain;
pub mod exchange;
pub mod http;
pub mod report;
pub mod startup;
pub mod store;
pub mod telemetry;

pub use startup::Application;
