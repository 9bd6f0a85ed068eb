//! The bundled content as a compliance officer relies on it: the questionnaire
//! `miit-data-security` and the regulation catalog, checked for what the loader cannot know on
//! its own. Every citation points at an article of an instrument in force, every question can be
//! answered and acted on in both languages, every profile fact decides something, question ids
//! stay stable, critical questions follow the content rule, and unverified articles are cited
//! only with their official text in the catalog.
//!
//! Runs with the embedded content: `cargo test -p questionnaires --features bundled --test
//! content`. After a deliberate change of the question set, refresh the committed id list with
//! `UPDATE_EXPECT=1` and review the diff: ids that left the list are added to the retired list,
//! which no later question may reuse.

#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use questionnaires::{
    Catalog, Citation, Condition, FactValue, InstrumentStatus, Lang, Library, Profile, Question,
    Questionnaire, load_bundled, render,
};

const QUESTIONNAIRE: &str = "miit-data-security";

/// The range of the question count that issue 4 sets for the questionnaire.
const QUESTION_COUNT: RangeInclusive<usize> = 100..=140;

/// Words of `text.zh` that name a duty towards a regulator: to report (报告, 报送), to file (备案,
/// 申报) or to submit to a review (审查).
const REGULATOR_DUTIES: &[&str] = &["报告", "报送", "备案", "申报", "审查"];

/// Articles marked ❌ (could not be verified) in the research map of the instruments,
/// `shared/reference/regulations.md` (registry §1, §5.1, §7.1, §8 and the list in §13):
///
/// - MIIT Data Security Measures arts 30 and 32–42 (our text of the Measures ends at art 29);
/// - Outbound Data Security Assessment Measures (Order 11) beyond art 4;
/// - Cross-border Provisions (Order 16) arts 6 and 10;
/// - Outbound PI Certification Measures (Order 20): all article numbers;
/// - Telecom and Internet User PI Provisions (MIIT Order 24) arts 7–8 and 11–25.
///
/// The rule checked: an article on this list may be cited only when its catalog entry carries the
/// official text (`### text.zh`). The catalog quotes official text only from the full texts in
/// `shared/reference/laws/`, so the quote shows that the number and content were checked against
/// a full text after the research map was written. An article with no full text anywhere (MIIT
/// Measures art 30 onwards) therefore cannot be cited at all.
const UNVERIFIED: &[(&str, RangeInclusive<u16>)] = &[
    ("MIIT-DSM", 30..=30),
    ("MIIT-DSM", 32..=42),
    ("XB-ASSESS", 5..=20),
    ("XB-2024", 6..=6),
    ("XB-2024", 10..=10),
    ("PI-CERT", 1..=19),
    ("ORD24", 7..=8),
    ("ORD24", 11..=25),
];

#[test]
fn the_bundled_content_loads_without_errors_or_warnings() {
    let loaded = load_bundled();
    assert!(
        loaded.diagnostics.is_empty(),
        "{}",
        render(&loaded.diagnostics)
    );
}

#[test]
fn every_citation_points_at_a_catalog_article_of_an_instrument_in_force() {
    let library = library();
    let q = questionnaire(&library);
    let catalog = &library.catalog;
    let mut cited: Vec<(String, &Citation)> = Vec::new();
    for fact in &q.profile {
        cited.extend(
            fact.citations
                .iter()
                .map(|c| (format!("fact {}", fact.id), c)),
        );
    }
    for (_, question) in q.questions() {
        cited.extend(
            question
                .citations
                .iter()
                .map(|c| (question.id.to_string(), c)),
        );
    }
    for instrument in &catalog.instruments {
        for article in &instrument.articles {
            let from = format!("penalty of {} {}", instrument.id, article.number);
            cited.extend(article.penalty.iter().map(|c| (from.clone(), c)));
            cited.extend(
                article
                    .paragraph_penalties
                    .iter()
                    .map(|pp| (format!("{from}.{}", pp.paragraph), &pp.penalty)),
            );
        }
    }
    assert!(cited.len() > 300, "only {} citations found", cited.len());

    let mut wrong = Vec::new();
    for (from, c) in cited {
        let Some(instrument) = catalog.instrument(&c.instrument) else {
            wrong.push(format!("{from}: {c}: no such instrument"));
            continue;
        };
        if instrument.status != InstrumentStatus::InForce {
            wrong.push(format!("{from}: {c}: {:?}", instrument.status));
        }
        // Dates are YYYY-MM-DD, so text order is date order.
        if instrument.effective.as_str() > q.effective.as_str() {
            wrong.push(format!(
                "{from}: {c}: in force only from {}, after the questionnaire's {}",
                instrument.effective, q.effective
            ));
        }
        match catalog.article(c) {
            None => wrong.push(format!("{from}: {c}: article not in the catalog")),
            Some(a) if c.paragraph.is_some_and(|p| p > a.paragraphs) => {
                wrong.push(format!(
                    "{from}: {c}: the article has {} paragraphs",
                    a.paragraphs
                ));
            }
            Some(_) => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_question_has_text_guidance_evidence_and_remediation_in_both_languages() {
    let library = library();
    let mut missing = Vec::new();
    for (_, question) in questionnaire(&library).questions() {
        let fields = [
            ("text", &question.text),
            ("guidance", &question.guidance),
            ("evidence", &question.evidence),
            ("remediation", &question.remediation),
        ];
        for (name, text) in fields {
            for (lang, value) in [("zh", &text.zh), ("en", &text.en)] {
                if value.trim().is_empty() {
                    missing.push(format!("{} {name}.{lang}", question.id));
                }
            }
        }
    }
    assert!(missing.is_empty(), "missing: {}", missing.join(", "));
}

#[test]
fn every_profile_fact_decides_some_condition() {
    let library = library();
    let q = questionnaire(&library);
    let mut used = BTreeSet::new();
    for domain in &q.domains {
        facts_in(&domain.applies, &mut used);
        for question in &domain.questions {
            facts_in(&question.applies, &mut used);
        }
    }
    let unused: Vec<&str> = q
        .profile
        .iter()
        .map(|f| f.id.as_str())
        .filter(|id| !used.contains(*id))
        .collect();
    assert!(unused.is_empty(), "facts no condition uses: {unused:?}");
    // The loader already rejects unknown facts; this keeps the walk above honest.
    assert!(used.iter().all(|id| q.fact(id).is_some()), "{used:?}");
}

#[test]
fn the_order_24_duties_apply_to_telecom_operators_app_operators_and_internet_services_alike() {
    // MIIT Order 24 binds "电信业务经营者、互联网信息服务提供者" (arts. 2, 12, 14, 16): a website
    // that collects users' details is enough, without a licence or an app.
    let library = library();
    let q = questionnaire(&library);
    let applies = |fact: Option<&str>, id: &str| {
        let mut profile = Profile::new();
        if let Some(fact) = fact {
            profile.insert(fact.to_owned(), FactValue::Bool(true));
        }
        let (domain, question) = q
            .questions()
            .find(|(_, x)| x.id.as_str() == id)
            .unwrap_or_else(|| panic!("{id} is in the questionnaire"));
        domain.applies.eval(&q.profile, &profile) && question.applies.eval(&q.profile, &profile)
    };
    for id in ["PIR-20", "PIR-21", "PIR-22"] {
        let question = q
            .questions()
            .find(|(_, x)| x.id.as_str() == id)
            .map(|(_, x)| x)
            .unwrap();
        assert!(
            question.citations.iter().any(|c| c.instrument == "ORD24"),
            "{id} cites Order 24"
        );
        assert!(!applies(None, id), "{id} without any of the three");
        for fact in ["telecom_licence", "app_operator", "internet_info_service"] {
            assert!(applies(Some(fact), id), "{id} with {fact}");
        }
    }
}

#[test]
fn the_officer_filing_notice_is_cited_by_its_sections_and_points_not_by_articles() {
    let library = library();
    let q = questionnaire(&library);
    let catalog = &library.catalog;
    let question = q
        .questions()
        .map(|(_, x)| x)
        .find(|x| x.id.as_str() == "PIR-16")
        .unwrap();
    let shown: Vec<String> = question
        .citations
        .iter()
        .filter(|c| c.instrument == "PIO-NOTICE")
        .map(|c| c.long_form(catalog, Lang::Zh))
        .collect();
    assert_eq!(
        shown,
        [
            "《个人信息保护负责人信息报送公告》第一部分",
            "《个人信息保护负责人信息报送公告》二、（一）",
            "《个人信息保护负责人信息报送公告》二、（二）",
            "《个人信息保护负责人信息报送公告》二、（三）",
            "《个人信息保护负责人信息报送公告》第三部分",
        ]
    );
    // The points of section 二 are penalised as the section is.
    let penalties: Vec<String> = question
        .citations
        .iter()
        .filter(|c| c.instrument == "PIO-NOTICE")
        .map(|c| {
            catalog
                .penalty_for(c)
                .map(ToString::to_string)
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(penalties, ["PIPL 66", "PIPL 66", "PIPL 66", "PIPL 66", ""]);
}

#[test]
fn every_domain_has_questions_under_one_id_prefix_of_its_own() {
    let library = library();
    let q = questionnaire(&library);
    let mut owner: BTreeMap<&str, &str> = BTreeMap::new();
    let mut wrong = Vec::new();
    for domain in &q.domains {
        if domain.questions.is_empty() {
            wrong.push(format!("domain {} has no questions", domain.id));
        }
        let prefixes: BTreeSet<&str> = domain.questions.iter().map(prefix).collect();
        if prefixes.len() > 1 {
            wrong.push(format!("domain {} mixes prefixes {prefixes:?}", domain.id));
        }
        for p in prefixes {
            if let Some(other) = owner.insert(p, &domain.id) {
                wrong.push(format!("prefix {p} is used by {other} and {}", domain.id));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn question_ids_are_unique_and_are_the_committed_ones() {
    let library = library();
    let ids: Vec<String> = questionnaire(&library)
        .questions()
        .map(|(_, q)| q.id.to_string())
        .collect();
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "repeated ids in {ids:?}");

    let list = tests_dir().join("content_ids.txt");
    let retired_list = tests_dir().join("content_retired_ids.txt");
    let committed = fs::read_to_string(&list).unwrap_or_default();
    let committed_ids: BTreeSet<&str> = id_lines(&committed).collect();
    let retired_text = fs::read_to_string(&retired_list).unwrap();
    let retired: BTreeSet<&str> = id_lines(&retired_text).collect();

    let now: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
    let reused: Vec<&&str> = now.intersection(&retired).collect();
    assert!(
        reused.is_empty(),
        "retired ids are used again (an id never changes meaning): {reused:?}"
    );

    if std::env::var_os("UPDATE_EXPECT").is_some() {
        let gone: Vec<&&str> = committed_ids.difference(&now).collect();
        if !gone.is_empty() {
            let mut text = retired_text.clone();
            for id in gone {
                text.push_str(id);
                text.push('\n');
            }
            fs::write(&retired_list, text).unwrap();
        }
        if committed != expected_list(&ids) {
            fs::write(&list, expected_list(&ids)).unwrap();
        }
        return;
    }
    if now == committed_ids {
        return;
    }
    let added: Vec<&&str> = now.difference(&committed_ids).collect();
    let removed: Vec<&&str> = committed_ids.difference(&now).collect();
    panic!(
        "the question ids differ from {}: added {added:?}, removed {removed:?}; \
         if this is deliberate, run with UPDATE_EXPECT=1 and review the diff",
        list.display()
    );
}

#[test]
fn the_questionnaire_has_between_100_and_140_questions() {
    let library = library();
    let n = questionnaire(&library).questions().count();
    assert!(QUESTION_COUNT.contains(&n), "{n} questions");
}

/// The content rule (the content brief and issue 4): a question is critical when its obligation
/// carries a direct penalty or a duty towards a regulator; such an obligation is never minor, so
/// its weight is 3 or more. "Direct penalty" is checked as: the catalog names a penalty for at
/// least one cited article or paragraph; "duty towards a regulator" as: the question's Chinese
/// text asks about reporting, filing or review (`REGULATOR_DUTIES`).
#[test]
fn critical_questions_weigh_3_or_more_and_carry_a_penalty_or_a_duty_to_a_regulator() {
    let library = library();
    let catalog = &library.catalog;
    let mut wrong = Vec::new();
    let mut critical = 0;
    for (_, question) in questionnaire(&library).questions() {
        if !question.critical {
            continue;
        }
        critical += 1;
        if question.weight < 3 {
            wrong.push(format!("{} has weight {}", question.id, question.weight));
        }
        if !penalised(catalog, question)
            && !REGULATOR_DUTIES
                .iter()
                .any(|w| question.text.zh.contains(w))
        {
            wrong.push(format!(
                "{} is critical, but no cited article has a penalty and it names no duty to report, file or submit to review",
                question.id
            ));
        }
    }
    assert!(critical > 0);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn unverified_articles_are_cited_only_with_their_official_text() {
    let library = library();
    let catalog = &library.catalog;
    let mut wrong = Vec::new();
    for (_, question) in questionnaire(&library).questions() {
        for c in &question.citations {
            let unverified = UNVERIFIED
                .iter()
                .any(|(id, articles)| c.instrument == *id && articles.contains(&c.article));
            let quoted = catalog
                .article(c)
                .and_then(|a| a.official_text.as_deref())
                .is_some_and(|t| !t.trim().is_empty());
            if unverified && !quoted {
                wrong.push(format!("{} cites {c}", question.id));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "articles marked unverified, cited without official text in the catalog: {}",
        wrong.join(", ")
    );
}

fn library() -> Library {
    load_bundled().library
}

fn questionnaire(library: &Library) -> &Questionnaire {
    library.questionnaire(QUESTIONNAIRE).unwrap()
}

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn prefix(q: &Question) -> &str {
    q.id.as_str().split_once('-').unwrap().0
}

fn penalised(catalog: &Catalog, q: &Question) -> bool {
    q.citations.iter().any(|c| catalog.penalty_for(c).is_some())
}

fn facts_in<'a>(c: &'a Condition, out: &mut BTreeSet<&'a str>) {
    match c {
        Condition::Always => {}
        Condition::Fact { fact } | Condition::Compare { fact, .. } => {
            out.insert(fact);
        }
        Condition::Not { arg } => facts_in(arg, out),
        Condition::And { args } | Condition::Or { args } => {
            for a in args {
                facts_in(a, out);
            }
        }
    }
}

/// The ids of a list file: one a line; blank lines and `#` comments are skipped.
fn id_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// `content_ids.txt` as it should read: the ids in questionnaire order, one a line.
fn expected_list(ids: &[String]) -> String {
    ids.iter().map(|id| format!("{id}\n")).collect()
}
