//! The audit-ready PDF readiness report of an assessment, in Chinese or English.
//!
//! Only this crate knows printpdf. It is a crate of its own because printpdf is heavy to build
//! and the layout engine should not be recompiled with every server edit; the benchmark reuses
//! it too. The report is built on `layout`, our own small layout engine, and set in the fonts of
//! `fonts` (Noto Sans CJK SC, loaded once at start-up).

pub mod fonts;
pub mod layout;

pub use fonts::{FontError, Fonts};
