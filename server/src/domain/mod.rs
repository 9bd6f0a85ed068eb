//! Validated values that come from outside: a unified social credit code with its check digit,
//! the local user name sent with every change, and bounded free text. Each has a `parse`
//! constructor, so an invalid value cannot exist inside the server.

mod text;
mod uscc;

pub use text::{TextError, UserName, bounded, required};
pub use uscc::{Uscc, UsccError};
