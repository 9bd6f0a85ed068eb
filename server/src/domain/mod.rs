//! Validated values that come from outside: a unified social credit code with its check digit,
//! the local user name sent with every change, and bounded free text. Each has a `parse`
//! constructor, so an invalid value cannot exist inside the server.

mod text;
mod uscc;

pub use text::{CONTROL, TextError, UserName, WHITESPACE, bounded, line, required};
pub use uscc::{USCC_SHAPE, Uscc, UsccError};
