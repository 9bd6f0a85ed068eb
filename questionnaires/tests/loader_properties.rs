//! Properties of the loader over arbitrary input: whatever the text, loading never panics, and
//! every diagnostic points at a real position whose source line it quotes. Inputs are random
//! Markdown-like text built from the tokens the format gives meaning to, and the valid sample
//! fixture with random edits.

#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::Path;

use proptest::prelude::*;
use questionnaires::{Cmp, Condition, Loaded, SourceFile, load};

/// Pieces of text that steer the loader into its different paths.
fn fragment() -> impl Strategy<Value = String> {
    let tokens = [
        "---\n",
        "```meta\n",
        "```\n",
        "~~~meta\n",
        "# ",
        "## ",
        "### ",
        "#### ",
        "text.zh",
        "text.en",
        "guidance.zh",
        "summary.zh",
        "{#gov}",
        "{#profile}",
        "\n",
        "\n\n",
        "\r\n",
        "\t",
        " ",
        "id: ",
        "version: ",
        "kind: yes-no",
        "kind: one-of",
        "option: a = 甲 | A",
        "cite: ",
        "DSL 27.1",
        "DSL 27.2.1",
        "CSL-2016 21",
        "《数据安全法》",
        "第",
        "二十七",
        "条",
        "款",
        "（一）项",
        "applies: ",
        "(",
        ")",
        " and ",
        " or ",
        "not ",
        ">=",
        "==",
        "important_data",
        "weight: ",
        "critical: yes",
        "replaces: GOV-1",
        "GOV-01",
        "第二十七条",
        "paragraphs: 2",
        "divisions: parts\n",
        "item_numbering: arabic\n",
        "parts: 3\n",
        "## 三、\n",
        "## 三、2\n",
        "## 二、（一）\n",
        "APP-191 3.2",
        "《认定方法》三、2",
        "《认定方法》第三部分",
        "、",
        "check.zh",
        "former: 21",
        ":",
        "：",
        ";",
        "；",
        "|",
        "<!--",
        "-->",
        "> ",
        "- ",
        "1. ",
        "`",
        "*",
        "\\",
        "[x]: /y",
        "|a|b|\n|-|-|\n",
    ];
    prop_oneof![
        4 => proptest::sample::select(tokens.to_vec()).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
        1 => "[a-z0-9_\\-. ]{0,8}",
    ]
}

fn markdown_like() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..80).prop_map(|parts| parts.concat())
}

/// The files of the valid sample fixture: (catalog, questionnaire files).
fn sample() -> (Vec<SourceFile>, Vec<SourceFile>) {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid-sample");
    let read_dir = |dir: &Path| {
        let mut paths: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        paths
            .into_iter()
            .map(|p| {
                let shown = p
                    .strip_prefix(&case)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                SourceFile::new(shown, fs::read_to_string(&p).unwrap())
            })
            .collect::<Vec<_>>()
    };
    (
        read_dir(&case.join("catalog")),
        read_dir(&case.join("content/sample")),
    )
}

/// Every diagnostic names a file that was loaded (or a directory of one), and its line, column
/// and quoted source line agree with that file.
fn assert_positions_are_real(loaded: &Loaded, files: &[&SourceFile]) {
    for d in &loaded.diagnostics {
        assert!(d.line >= 1 && d.column >= 1 && d.width >= 1, "{d:?}");
        let Some(file) = files.iter().find(|f| f.path == d.file) else {
            assert!(
                files.iter().any(|f| f.dir() == d.file),
                "unknown file in {d:?}"
            );
            continue;
        };
        let line = file
            .text
            .split('\n')
            .nth(d.line - 1)
            .unwrap_or("")
            .trim_end_matches('\r');
        assert_eq!(d.source_line, line, "{d:?}");
        assert!(d.column <= line.chars().count() + 1, "{d:?}");
    }
}

/// Applies an edit to a text at a position given as a fraction of its length.
fn edit(text: &str, at: f64, len: usize, insert: &str) -> String {
    let mut start = ((text.len() as f64) * at) as usize;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + len).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    format!("{}{insert}{}", &text[..start], &text[end..])
}

fn condition() -> impl Strategy<Value = Condition> {
    let fact = "[a-z][a-z_]{0,6}".prop_filter("not a keyword", |s| {
        !["and", "or", "not", "always"].contains(&s.as_str())
    });
    let cmp = proptest::sample::select(vec![Cmp::Eq, Cmp::Ne, Cmp::Lt, Cmp::Le, Cmp::Gt, Cmp::Ge]);
    let leaf = prop_oneof![
        Just(Condition::Always),
        fact.clone().prop_map(|fact| Condition::Fact { fact }),
        (fact, cmp, "[a-z0-9]{1,4}")
            .prop_filter("not a keyword", |(_, _, v)| !["and", "or", "not"]
                .contains(&v.as_str()))
            .prop_map(|(fact, cmp, value)| Condition::Compare { fact, cmp, value }),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            inner
                .clone()
                .prop_map(|c| Condition::Not { arg: Box::new(c) }),
            prop::collection::vec(inner.clone(), 2..4).prop_map(|args| Condition::And { args }),
            prop::collection::vec(inner, 2..4).prop_map(|args| Condition::Or { args }),
        ]
    })
}

// 256 cases each by default; set PROPTEST_CASES for a longer run.
proptest! {
    #[test]
    fn arbitrary_text_in_any_file_never_panics(
        catalog in markdown_like(),
        main in markdown_like(),
        domain in markdown_like(),
        raw in any::<String>(),
    ) {
        let catalog = vec![SourceFile::new("catalog/DSL.md", catalog), SourceFile::new("catalog/X.md", raw.clone())];
        let content = vec![
            SourceFile::new("content/q/questionnaire.md", main),
            SourceFile::new("content/q/01-gov.md", domain),
            SourceFile::new("content/q/02-raw.md", raw),
        ];
        let loaded = load(&catalog, &content);
        let files: Vec<&SourceFile> = catalog.iter().chain(&content).collect();
        assert_positions_are_real(&loaded, &files);
    }

    #[test]
    fn edited_sample_files_never_panic(
        file in 0usize..9,
        at in 0.0f64..1.0,
        len in 0usize..40,
        insert in markdown_like(),
    ) {
        let (mut catalog, mut content) = sample();
        let target = if file < catalog.len() { &mut catalog[file] } else {
            let i = (file - catalog.len()).min(content.len() - 1);
            &mut content[i]
        };
        target.text = edit(&target.text, at, len, &insert);
        let loaded = load(&catalog, &content);
        let files: Vec<&SourceFile> = catalog.iter().chain(&content).collect();
        assert_positions_are_real(&loaded, &files);
    }

    #[test]
    fn conditions_print_in_a_form_that_parses_back(c in condition()) {
        let printed = c.to_string();
        let parsed = Condition::parse(&printed).unwrap();
        prop_assert_eq!(parsed.to_string(), printed);
        prop_assert_eq!(parsed, c);
    }
}
