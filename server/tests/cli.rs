//! The `ziping` command as a user runs it: `check` on the bundled and on broken content, `check
//! --diff` between two questionnaire versions, and a server that refuses to start on content with
//! errors.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn ziping(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ziping"))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("ziping runs")
}

fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../questionnaires")
}

/// A copy of the bundled content in a temporary directory, to break on purpose.
fn copy_of_content() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["catalog", "content"] {
        copy_tree(&content_dir().join(sub), &dir.path().join(sub));
    }
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Appends `extra` to the first `cite:` line of `file`; returns that line's 1-based number.
fn append_to_first_citation(file: &Path, extra: &str) -> usize {
    let text = std::fs::read_to_string(file).unwrap();
    let mut line_number = 0;
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if line_number == 0 && line.starts_with("cite:") {
                line_number = i + 1;
                format!("{line}{extra}")
            } else {
                line.to_owned()
            }
        })
        .collect();
    assert!(line_number > 0, "no cite: line in {}", file.display());
    std::fs::write(file, lines.join("\n") + "\n").unwrap();
    line_number
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn check_of_the_bundled_content_finds_no_errors_and_no_warnings() {
    let output = ziping(&["check"]);

    let text = stdout(&output);
    assert!(output.status.success(), "{text}");
    assert!(!text.contains("error"), "{text}");
    assert!(!text.contains("warning"), "{text}");
    assert!(text.contains("miit-data-security"), "{text}");
    assert!(text.contains("questions per domain"), "{text}");
}

#[test]
fn check_of_a_directory_points_at_the_file_line_and_column_of_a_bad_citation() {
    let dir = copy_of_content();
    let file = dir.path().join("content/miit-data-security/01-gov.md");
    let line = append_to_first_citation(&file, "; DSL 99");

    let output = ziping(&["check", dir.path().to_str().unwrap()]);

    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    let place = format!("content/miit-data-security/01-gov.md:{line}:");
    assert!(text.contains(&place), "expected {place} in:\n{text}");
    assert!(text.contains("DSL 99"), "{text}");
    assert!(
        text.contains('^'),
        "no caret under the source line:\n{text}"
    );
}

#[test]
fn check_diff_prints_what_changed_between_two_versions_with_the_reasons() {
    let output = ziping(&["check", "--diff", "2026.1", "2026.2"]);

    let text = stdout(&output);
    assert!(output.status.success(), "{text}");
    assert!(
        text.starts_with("miit-data-security 2026.1 → 2026.2:"),
        "{text}"
    );
    // A question removed, one split, one added, and the declared reason under a change.
    assert!(text.contains("- CLS-07"), "{text}");
    assert!(text.contains("> LIF-23     replaces LIF-18"), "{text}");
    assert!(text.contains("+ INC-10     added"), "{text}");
    assert!(text.contains("~ XB-02"), "{text}");
    assert!(text.contains("art. 7 para. 2"), "{text}");
    assert!(text.contains("+ cross_border_exempt_only"), "{text}");
}

#[test]
fn check_diff_speaks_json_and_names_a_version_that_is_not_there() {
    let output = ziping(&[
        "check",
        "--diff",
        "2026.1",
        "2026.2",
        "--questionnaire",
        "miit-data-security",
        "--format",
        "json",
    ]);

    assert!(output.status.success());
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["diff"]["from"], "2026.1");
    assert_eq!(report["diff"]["to"], "2026.2");
    let questions = report["diff"]["questions"].as_array().unwrap();
    let xb16 = questions.iter().find(|q| q["id"] == "XB-16").unwrap();
    assert_eq!(xb16["status"], "replacing");
    assert_eq!(xb16["replaces"], serde_json::json!(["XB-02"]));
    assert_eq!(report["declared"]["from"], "2026.1");

    let output = ziping(&["check", "--diff", "2026.1", "2031.9"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("2031.9"), "{stderr}");
}

#[test]
fn check_speaks_json_for_tools() {
    let dir = copy_of_content();
    append_to_first_citation(
        &dir.path().join("content/miit-data-security/01-gov.md"),
        "; DSL 99",
    );

    let output = ziping(&["check", dir.path().to_str().unwrap(), "--format", "json"]);

    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert!(!diagnostics.is_empty());
    let first = &diagnostics[0];
    assert!(
        first["file"].as_str().unwrap().ends_with("01-gov.md"),
        "{first}"
    );
    assert!(first["line"].as_u64().unwrap() > 0, "{first}");
}

#[test]
fn the_server_refuses_to_start_on_content_with_errors_and_says_why() {
    let dir = copy_of_content();
    append_to_first_citation(
        &dir.path().join("content/miit-data-security/01-gov.md"),
        "; DSL 99",
    );
    let data = tempfile::tempdir().unwrap();

    let output = ziping(&[
        "serve",
        "--bind",
        "127.0.0.1:0",
        "--no-browser",
        "--data-dir",
        data.path().to_str().unwrap(),
        "--questionnaires",
        dir.path().to_str().unwrap(),
    ]);

    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("nothing was started"), "{stderr}");
    assert!(stderr.contains("01-gov.md"), "{stderr}");
}

#[test]
fn a_taken_port_is_explained_with_a_way_out() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let data = tempfile::tempdir().unwrap();

    let output = ziping(&[
        "--bind",
        &address,
        "--no-browser",
        "--data-dir",
        data.path().to_str().unwrap(),
    ]);

    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("already in use"), "{stderr}");
    assert!(stderr.contains("--bind 127.0.0.1:0"), "{stderr}");
}

/// A content tree with a file that is not UTF-8, an unclosed meta block, a citation of an
/// article that does not exist and a stray file: one fixture for `check` and for the server.
fn broken_files() -> PathBuf {
    content_dir().join("tests/fixtures/invalid-files")
}

/// The places every problem of [`broken_files`] is reported at.
const BROKEN_FILES_PLACES: &[&str] = &[
    "content/q/02-risk.md:1:1",
    "content/q/01-gov.md:20:11",
    "content/q/03-cls.md:4:1",
    "content/q/drafts/04-old.md:1:1",
];

#[test]
fn check_lists_an_undecodable_file_among_every_other_problem_and_exits_1() {
    let output = ziping(&["check", broken_files().to_str().unwrap()]);

    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("not valid UTF-8"), "{stdout}");
    assert!(stdout.contains("at byte 83 (line 9)"), "{stdout}");
    assert!(stdout.contains("the meta block is not closed"), "{stdout}");
    assert!(stdout.contains("there is no article 99"), "{stdout}");
    for place in BROKEN_FILES_PLACES {
        assert!(stdout.contains(place), "{place} missing:\n{stdout}");
    }
    assert!(stdout.contains("3 errors"), "{stdout}");
}

#[test]
fn the_server_refuses_an_undecodable_file_with_the_same_diagnostics_as_check() {
    let data = tempfile::tempdir().unwrap();

    let output = ziping(&[
        "serve",
        "--bind",
        "127.0.0.1:0",
        "--no-browser",
        "--data-dir",
        data.path().to_str().unwrap(),
        "--questionnaires",
        broken_files().to_str().unwrap(),
    ]);

    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("nothing was started"), "{stderr}");
    for place in BROKEN_FILES_PLACES {
        assert!(stderr.contains(place), "{place} missing:\n{stderr}");
    }
    assert!(stderr.contains("3 errors"), "{stderr}");
}
