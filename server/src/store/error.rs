//! What can go wrong in the store. Each variant says what happened in words a person can act on;
//! the HTTP layer maps variants to statuses and codes, never parses messages.

use std::path::PathBuf;

use questionnaires::Profile;
use rusqlite::ErrorCode;

use super::model::{Status, StoredAnswer, TransitionError};

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot open the database {}: {source}", path.display())]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "the database {} cannot use write-ahead logging (journal mode is `{mode}`); \
         put the data directory on a local disk",
        path.display()
    )]
    NoWal { path: PathBuf, mode: String },
    #[error(
        "the database {} has schema version {found}, but this Ziping knows versions up to \
         {known}: it was written by a newer Ziping. Run that newer version, or restore a backup \
         made with this one; the database was not changed",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("cannot bring the database {} to schema version {version}: {source}", path.display())]
    Migrate {
        path: PathBuf,
        version: i64,
        source: rusqlite::Error,
    },
    #[error("cannot prepare the evidence directory {}: {source}", path.display())]
    Evidence {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot start the database writer for {}: {source}", path.display())]
    Thread {
        path: PathBuf,
        source: std::io::Error,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The thing named does not exist, e.g. "There is no assessment 7."
    #[error("{0}")]
    NotFound(String),
    /// Another organization has this unified social credit code.
    #[error("An organization with the unified social credit code {uscc} already exists.")]
    DuplicateUscc { uscc: String },
    /// The organization already has an assessment of this questionnaire (and App) for the
    /// cycle; `message` names them and says what to do, which differs between creating and
    /// importing.
    #[error("{message}")]
    DuplicateAssessment { message: String },
    /// The assessment a new cycle is carried from changed while it was being prepared.
    #[error("Assessment {from} changed while the new cycle was being prepared from it; try again.")]
    CarryChanged { from: i64 },
    /// The organization named does not exist.
    #[error("There is no organization {id}.")]
    UnknownOrganization { id: i64 },
    /// The answer changed since the client read it; `current` is what is stored now.
    #[error(
        "This answer was changed by someone else since you loaded it; review their version and \
         save again."
    )]
    AnswerConflict { current: Option<Box<StoredAnswer>> },
    /// The profile changed since the client read it.
    #[error(
        "The profile was changed by someone else since you loaded it; review their version and \
         save again."
    )]
    ProfileConflict { profile: Profile, revision: i64 },
    #[error(
        "Assessment {id} is {status} and can no longer be changed; reopen it as a draft first \
         (with a reason)."
    )]
    ReadOnly { id: i64, status: Status },
    /// Only a draft can be upgraded to a newer questionnaire version.
    #[error(
        "Assessment {id} is {status}; only a draft moves to a newer questionnaire version, so \
         that what was submitted stays as it was. Reopen it as a draft first (with a reason)."
    )]
    NotDraft { id: i64, status: Status },
    /// The assessment changed since the client read its `revision`; `revision` is the current one.
    #[error(
        "The assessment changed since you loaded the upgrade (its revision is now {revision}); \
         look at the changes again and upgrade once more."
    )]
    RevisionConflict { revision: i64 },
    /// The status machine refused the change; the message says what is possible instead.
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// A file a backup would write exists already.
    #[error("{} exists already; a backup never overwrites. Choose a new file name.", path.display())]
    Exists { path: PathBuf },
    /// The database was written by a newer Ziping.
    #[error(
        "The database {} has schema version {found}; this Ziping knows up to {known}. Use the \
         newer Ziping that wrote it.",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    /// The data in the database is not what the schema promises.
    #[error("the database holds invalid data: {0}")]
    Corrupt(String),
    #[error("the write was not saved: {0}")]
    Commit(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Internal(String),
}

/// The extended result code and message of a constraint violation, if `error` is one. Writes
/// map these to `Duplicate`/`Invalid` instead of checking first, so there is no race between a
/// check and the write.
pub(super) fn constraint(error: &rusqlite::Error) -> Option<(i32, &str)> {
    match error {
        rusqlite::Error::SqliteFailure(e, message) if e.code == ErrorCode::ConstraintViolation => {
            Some((e.extended_code, message.as_deref().unwrap_or_default()))
        }
        _ => None,
    }
}

pub(super) const UNIQUE: i32 = rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE;
pub(super) const FOREIGN_KEY: i32 = rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY;
