//! Validated values that come from outside: a unified social credit code with its check digit,
//! the local user name sent with every change, and bounded free text. Each has a `parse`
//! constructor, so an invalid value cannot exist inside the server. They are defined once, in
//! `questionnaires::contract`, which the browser and the report build too.

pub use questionnaires::contract::{
    CONTROL, TextError, USCC_SHAPE, Uscc, UsccError, UserName, WHITESPACE, bounded, line, required,
};
