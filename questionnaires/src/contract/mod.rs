//! What the server, the browser and the report agree on about values that cross the wire: the
//! error body and its codes, the limit of every text field, bounded free text and the local user
//! name, and the unified social credit code with its check character. One definition each,
//! compiled into all three, so that a limit the browser enforces with `maxlength` is the limit
//! the server refuses beyond, and a code the browser matches on is one the server sends.

mod audit;
mod error;
pub mod limits;
mod profile;
mod status;
mod text;
mod uscc;

pub use audit::{AuditAction, AuditEntity};
pub use error::{ErrorBody, ErrorCode, ErrorDetail};
pub use profile::{ProfileError, check_profile};
pub use status::{Action, RemediationStatus, Status, TransitionError, transition};
pub use text::{CONTROL, TextError, UserName, WHITESPACE, bounded, line, required};
pub use uscc::{USCC_SHAPE, Uscc, UsccError, normalize as normalize_uscc};
