//! The domain library of Ziping: questionnaire model, Markdown loader with diagnostics, the
//! regulation catalog and the scoring method. It does no IO and builds for wasm32 too, so the
//! server (authoritative) and the browser (live) score with the same code.

pub mod model;
pub mod score;

pub use model::*;
