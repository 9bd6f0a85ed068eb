//! The Ziping front end.
