//! The limit of every free-text field the API takes, in characters (not bytes, so that a Chinese
//! note has the same limit as an English one). The server refuses a longer value with 422 and
//! its OpenAPI schemas say `maxLength`; the browser's inputs carry the same number as
//! `maxlength`. The App's fields have theirs on [`crate::subject::Subject`].

/// An organization's name.
pub const ORGANIZATION_NAME_MAX: usize = 200;
/// An organization's industry and region.
pub const LABEL_MAX: usize = 100;
/// A unified social credit code has exactly this many characters.
pub const USCC_LEN: usize = 18;
/// The review cycle of an assessment (`2026`, `2026H1`).
pub const CYCLE_MAX: usize = 64;
/// An answer's note, a remediation item's comment, a note kept as evidence.
pub const NOTE_MAX: usize = 10_000;
/// Why a question does not apply, and why an assessment is reopened.
pub const NA_REASON_MAX: usize = 2_000;
/// The owner of a remediation item.
pub const OWNER_MAX: usize = 100;
/// The name of an evidence file as uploaded.
pub const EVIDENCE_NAME_MAX: usize = 255;
/// The local user name recorded with every change.
pub const USER_NAME_MAX: usize = 64;
