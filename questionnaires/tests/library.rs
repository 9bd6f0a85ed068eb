//! The library's look-ups that the server's API relies on: the latest version of a questionnaire,
//! the versions in order and version ordering.

#![allow(clippy::unwrap_used)]

use std::cmp::Ordering;

use questionnaires::{Library, Questionnaire, Text, Thresholds, compare_versions};

fn version(id: &str, version: &str) -> Questionnaire {
    Questionnaire {
        id: id.to_owned(),
        version: version.to_owned(),
        title: Text::default(),
        effective: String::new(),
        scope: questionnaires::Text::default(),
        subject: questionnaires::SubjectKind::default(),
        thresholds: Thresholds::default(),
        profile: Vec::new(),
        domains: Vec::new(),
    }
}

#[test]
fn versions_compare_number_by_number() {
    assert_eq!(compare_versions("2026.10", "2026.9"), Ordering::Greater);
    assert_eq!(compare_versions("2026.1", "2026.1"), Ordering::Equal);
    assert_eq!(compare_versions("2026", "2026.1"), Ordering::Less);
    assert_eq!(compare_versions("2027.1", "2026.12"), Ordering::Greater);
}

#[test]
fn the_latest_version_of_a_questionnaire_is_found_by_id() {
    let library = Library {
        catalog: Default::default(),
        questionnaires: vec![
            version("a", "2026.9"),
            version("a", "2026.10"),
            version("b", "1"),
        ],
        ..Library::default()
    };
    assert_eq!(library.questionnaire("a").unwrap().version, "2026.10");
    assert_eq!(library.version("a", "2026.9").unwrap().version, "2026.9");
    assert!(library.questionnaire("c").is_none());
}

#[test]
fn versions_come_oldest_first_and_each_knows_the_one_before() {
    let library = Library {
        questionnaires: vec![
            version("a", "2026.10"),
            version("b", "1"),
            version("a", "2026.2"),
            version("a", "2026.9"),
        ],
        ..Library::default()
    };
    let listed: Vec<&str> = library
        .versions("a")
        .iter()
        .map(|q| q.version.as_str())
        .collect();
    assert_eq!(listed, ["2026.2", "2026.9", "2026.10"]);
    let latest = library.questionnaire("a").unwrap();
    assert_eq!(library.previous(latest).unwrap().version, "2026.9");
    let first = library.version("a", "2026.2").unwrap();
    assert!(library.previous(first).is_none());
}
