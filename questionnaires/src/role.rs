//! Which files are content: decided here for every way content is read (the copy built into
//! the binary by `build.rs`, which includes this file, and a directory given at run time), so
//! that a file counts, or does not, the same way everywhere.
//!
//! Paths are relative to the content root and `/`-separated: `catalog/DSL.md` is a catalog
//! file, `content/<questionnaire>/<file>.md` a questionnaire file. Any other file is misplaced:
//! it is not read, and the loader says so in a warning, since an author who put it there may
//! have meant it to be read. Hidden files and directories (`.git`, editors' swap files) are not
//! content and are passed over in silence.

/// What a file under the content root is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Catalog,
    Questionnaire,
    Misplaced,
    Ignored,
}

/// The role of the file at `relative` (to the content root, `/`-separated).
pub fn role(relative: &str) -> Role {
    let parts: Vec<&str> = relative.split('/').collect();
    if parts.iter().any(|p| p.starts_with('.') || p.is_empty()) {
        return Role::Ignored;
    }
    match parts.as_slice() {
        ["catalog", name] if name.ends_with(".md") => Role::Catalog,
        ["content", _, name] if name.ends_with(".md") => Role::Questionnaire,
        _ => Role::Misplaced,
    }
}
