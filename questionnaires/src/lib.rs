//! The domain library of Ziping: questionnaire model, Markdown loader with diagnostics, the
//! regulation catalog and the scoring method. It does no IO and builds for wasm32 too, so the
//! server (authoritative) and the browser (live) score with the same code.
//!
//! Code map, in pipeline order: `files` with `role` (which files are content, decoded) →
//! `source` (files and positions) → `outline` (front matter,
//! headings, meta blocks and fields, from pulldown-cmark events) with `keyvalue` (the
//! `key: value` lines) → `load` (the meaning of each file kind and every check) using
//! `citation`, `numeral` and `condition` → `model`; `diagnostic` renders what the loader found
//! and `stats` counts what it loaded. `contract` has the limits and validators of what crosses the wire (text limits, the unified
//! social credit code), shared by server, browser and report. `subject` is the App an assessment names, with its limits
//! and the rule that decides whether two are the same App. `history` holds the versions of the
//! instruments (which cited articles changed after a questionnaire's effective date), `diff` the
//! difference between two versions of a questionnaire and what a version declares it changed,
//! `upgrade` what moving a draft to a newer version does with its answers, and `compare` what
//! changed from one review cycle to the next.

#[cfg(feature = "bundled")]
mod bundled;
mod citation;
pub mod compare;
mod condition;
pub mod contract;
pub mod diagnostic;
pub mod diff;
pub mod files;
pub mod history;
mod keyvalue;
mod load;
pub mod model;
pub mod numeral;
mod outline;
mod role;
pub mod score;
mod source;
pub mod stats;
pub mod subject;
pub mod upgrade;

#[cfg(feature = "bundled")]
pub use bundled::{bundled_files, bundled_sources, load_bundled};
pub use compare::{Comparison, compare};
pub use condition::ConditionError;
pub use diagnostic::{Diagnostic, Severity, render};
pub use diff::{ChangeKind, ChangeLog, QuestionnaireDiff, diff};
pub use files::{RawFile, Sources, load_files};
pub use history::{CitedInstrument, History, InstrumentVersion};
pub use load::{Loaded, load};
pub use model::*;
pub use source::{SourceFile, Span};
pub use stats::Stats;
pub use subject::{Platform, Subject, SubjectError, same_subject};
