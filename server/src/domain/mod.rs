//! The rules of the domain, free of HTTP and SQL: validated values that come from outside (a
//! unified social credit code with its check digit, the local user name sent with every change,
//! bounded free text — each with a `parse` constructor, so an invalid value cannot exist inside
//! the server, and defined once in `questionnaires::contract`, which the browser and the report
//! build too), and `carry`, what the next review cycle takes over from the last.

pub mod carry;

pub use questionnaires::contract::{
    CONTROL, TextError, USCC_SHAPE, Uscc, UsccError, UserName, WHITESPACE, bounded, line, required,
};
