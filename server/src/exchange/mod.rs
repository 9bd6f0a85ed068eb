//! The formats an assessment is exchanged in, each written from the store and read back by an
//! independent reader in the tests.

pub mod archive;
