//! The complete example in FORMAT.md is what authors copy from, so it must load: this test cuts
//! the example files out of the document and checks them.

#![allow(clippy::unwrap_used)]

use questionnaires::{SourceFile, load, render};

/// The ````markdown block that follows the line naming `path` in FORMAT.md.
fn example(doc: &str, path: &str) -> SourceFile {
    let intro = format!("`{path}`");
    let start = doc
        .find(&intro)
        .unwrap_or_else(|| panic!("FORMAT.md names {path}"));
    let open = start + doc[start..].find("````markdown\n").unwrap() + "````markdown\n".len();
    let close = open + doc[open..].find("\n````").unwrap();
    SourceFile::new(path, &doc[open..close + 1])
}

#[test]
fn the_complete_example_in_the_format_guide_loads_without_diagnostics() {
    let doc = include_str!("../FORMAT.md");
    // PIPL, cited by the example's pi_volume fact, comes from the valid fixture.
    let pipl = include_str!("fixtures/valid-sample/catalog/PIPL.md");
    let catalog = [
        example(doc, "catalog/DSL.md"),
        SourceFile::new("catalog/PIPL.md", pipl),
    ];
    let content = [
        example(doc, "content/sample/questionnaire.md"),
        example(doc, "content/sample/01-gov.md"),
    ];
    let loaded = load(&catalog, &content);
    assert!(
        loaded.diagnostics.is_empty(),
        "{}",
        render(&loaded.diagnostics)
    );
    let q = &loaded.library.questionnaires[0];
    assert_eq!(
        (q.id.as_str(), q.profile.len(), q.questions().count()),
        ("sample", 2, 2)
    );
}
