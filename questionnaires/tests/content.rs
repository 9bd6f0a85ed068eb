//! The bundled content as a compliance officer relies on it: every version of the questionnaires
//! `miit-data-security` and `app-pi-compliance` and the regulation catalog, checked for what the
//! loader cannot know on its own. Every citation points at an article (or a catalogued item) of
//! an instrument in force, every question can be answered and acted on in both languages, every
//! profile fact decides something, question ids stay stable across versions, critical questions
//! follow the content rule, and unverified articles are cited only with their official text in
//! the catalog. For the App questionnaire also: every question says how to check it on a device,
//! the regulators' own criteria are cited beside the binding article and all of them are used,
//! and the normative documents carry no penalty. For the MIIT questionnaire's later versions:
//! every version declares its changes, a CII operator whose only transfers abroad are exempt does
//! not fail the security assessment, and no gap shows a penalty of a regime the organization is
//! outside of.
//!
//! Runs with the embedded content: `cargo test -p questionnaires --features bundled --test
//! content`. After a deliberate change of a question set, refresh the committed id lists in
//! `tests/content_ids/` with `UPDATE_EXPECT=1` and review the diff: ids that a version drops are
//! added to the questionnaire's retired list with that version, and no later version may reuse
//! them.

#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use questionnaires::numeral;
use questionnaires::{
    Answer, AnswerValue, Answers, Catalog, ChangeKind, Citation, Condition, Divisions, FactKind,
    FactValue, InstrumentStatus, Lang, Library, Profile, Question, QuestionId, Questionnaire,
    SubjectKind, load_bundled, render,
};

/// What each bundled questionnaire is held to, in every version.
struct Spec {
    id: &'static str,
    /// Per version, the range of the question count its issue sets (issue 4 for
    /// `miit-data-security` 2026.1, issue 15 for the questions 2026.2 adds; issue 16).
    questions: &'static [(&'static str, RangeInclusive<usize>)],
    /// Every question says how to check it by hand (`### check.zh` / `### check.en`).
    checks: bool,
    /// Every profile fact explains itself (`### help.zh` / `### help.en`).
    help: bool,
    /// What one assessment is about (`subject:`).
    subject: SubjectKind,
}

const QUESTIONNAIRES: [Spec; 2] = [
    Spec {
        id: "miit-data-security",
        questions: &[("2026.1", 100..=140), ("2026.2", 150..=170)],
        checks: false,
        help: false,
        subject: SubjectKind::Organization,
    },
    Spec {
        id: "app-pi-compliance",
        questions: &[("2026.1", 45..=70)],
        checks: true,
        help: true,
        subject: SubjectKind::App,
    },
];

const APP: &str = "app-pi-compliance";
const MIIT: &str = "miit-data-security";

/// Words of `text.zh` that name a duty towards a regulator: to report (报告, 报送), to file (备案,
/// 申报) or to submit to a review (审查).
const REGULATOR_DUTIES: &[&str] = &["报告", "报送", "备案", "申报", "审查"];

/// The regulators' own criteria for Apps: the 191 identification method and the necessary-PI
/// rules. They state how a duty of the PIPL, CSL and NDSR is read for Apps, and set no duty or
/// penalty of their own that a report could stand on; so a question cites them only after an
/// article of the binding instrument it checks ("cite the full texts first").
const CRITERIA: &[&str] = &["APP-191", "APP-NPI"];

/// Instruments that set no penalty of their own (normative documents and notices, and rules
/// without a penalty article): none of their articles, parts or items may name one. The loader
/// rejects a penalty from another instrument; this keeps these free of their own as well.
const WITHOUT_PENALTIES: &[&str] = &[
    "APP-191",
    "APP-NPI",
    "APP-INFO",
    "MIIT-DSM",
    "PIO-NOTICE",
    "XB-2024",
];

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
    let versions: BTreeSet<(&str, &str)> = loaded
        .library
        .questionnaires
        .iter()
        .map(|q| (q.id.as_str(), q.version.as_str()))
        .collect();
    let expected: BTreeSet<(&str, &str)> = QUESTIONNAIRES
        .iter()
        .flat_map(|s| s.questions.iter().map(|(v, _)| (s.id, *v)))
        .collect();
    assert_eq!(
        versions, expected,
        "every content directory is embedded and loads"
    );
}

#[test]
fn every_citation_points_at_a_catalogued_article_or_item_of_an_instrument_in_force() {
    let library = library();
    let catalog = &library.catalog;
    for (_, q) in versions(&library) {
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
        cited.extend(penalties(catalog));
        assert!(
            cited.len() > 150,
            "{}: only {} citations",
            q.id,
            cited.len()
        );

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
            match (catalog.article(c), &instrument.divisions) {
                (None, _) => wrong.push(format!("{from}: {c}: article or part not in the catalog")),
                (Some(a), Divisions::Articles) => {
                    if c.paragraph.is_some_and(|p| p > a.paragraphs) {
                        wrong.push(format!(
                            "{from}: {c}: the article has {} paragraphs",
                            a.paragraphs
                        ));
                    }
                }
                (Some(_), Divisions::Parts { .. }) => {
                    if c.paragraph.is_some() {
                        wrong.push(format!("{from}: {c}: a part has no paragraphs"));
                    }
                    if c.item.is_some() && catalog.item(c).is_none() {
                        wrong.push(format!("{from}: {c}: item not in the catalog"));
                    }
                }
            }
        }
        assert!(wrong.is_empty(), "{}:\n{}", q.id, wrong.join("\n"));
    }
}

/// The loader checks paragraphs but cannot know how many items an article has. Where the catalog
/// quotes the article, the item cited must be in the quote: `APP-NPI 5.1.7` would fail, since the
/// catalog carries the necessary-PI rules' article 5 only up to its item （六）.
#[test]
fn a_cited_item_of_a_quoted_article_is_in_its_quote() {
    let library = library();
    let catalog = &library.catalog;
    let mut wrong = Vec::new();
    for (_, q) in versions(&library) {
        let facts = q.profile.iter().flat_map(|f| &f.citations);
        let questions = q.questions().flat_map(|(_, x)| &x.citations);
        for c in facts.chain(questions) {
            let (Some(item), Some(instrument)) = (c.item, catalog.instrument(&c.instrument)) else {
                continue;
            };
            if !instrument.divisions.is_articles() {
                continue;
            }
            let Some(text) = catalog.article(c).and_then(|a| a.official_text.as_deref()) else {
                continue;
            };
            let marker = format!("（{}）", numeral::format(item.into()));
            if !text.contains(&marker) {
                wrong.push(format!("{}: {c} has no {marker} in its quoted text", q.id));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// An item's official text is quoted twice, on its own and within its part (which is what a
/// report's appendix of the cited articles prints); the two may not drift apart.
#[test]
fn the_text_of_every_catalogued_item_is_in_the_text_of_its_part() {
    let library = library();
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let mut wrong = Vec::new();
    for instrument in &library.catalog.instruments {
        for item in instrument.items() {
            let Some(text) = &item.official_text else {
                continue;
            };
            let part = instrument
                .articles
                .iter()
                .find(|a| a.number == item.part)
                .and_then(|a| a.official_text.as_deref())
                .unwrap_or_default();
            if !squeeze(part).contains(&squeeze(text)) {
                wrong.push(format!(
                    "{} {}.{}: not in the text of its part",
                    instrument.id, item.part, item.number
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_question_can_be_answered_and_acted_on_in_both_languages() {
    let library = library();
    let mut missing = Vec::new();
    for (spec, q) in versions(&library) {
        for (_, question) in q.questions() {
            let mut fields = vec![
                ("text", &question.text),
                ("guidance", &question.guidance),
                ("evidence", &question.evidence),
                ("remediation", &question.remediation),
            ];
            if spec.checks {
                fields.push(("check", &question.check));
            }
            for (name, text) in fields {
                for (lang, value) in [("zh", &text.zh), ("en", &text.en)] {
                    if value.trim().is_empty() {
                        missing.push(format!(
                            "{} {} {} {name}.{lang}",
                            q.id, q.version, question.id
                        ));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "missing: {}", missing.join(", "));
}

#[test]
fn every_profile_fact_decides_some_condition_and_explains_itself_where_required() {
    let library = library();
    for (spec, q) in versions(&library) {
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
        assert!(
            unused.is_empty(),
            "{}: facts no condition uses: {unused:?}",
            q.id
        );
        // The loader already rejects unknown facts; this keeps the walk above honest.
        assert!(used.iter().all(|id| q.fact(id).is_some()), "{used:?}");
        if spec.help {
            let silent: Vec<&str> = q
                .profile
                .iter()
                .filter(|f| f.help.zh.trim().is_empty() || f.help.en.trim().is_empty())
                .map(|f| f.id.as_str())
                .collect();
            assert!(
                silent.is_empty(),
                "{}: facts without help: {silent:?}",
                q.id
            );
        }
    }
}

#[test]
fn the_order_24_duties_apply_to_telecom_operators_app_operators_and_internet_services_alike() {
    // MIIT Order 24 binds "电信业务经营者、互联网信息服务提供者" (arts. 2, 12, 14, 16): a website
    // that collects users' details is enough, without a licence or an app.
    let library = library();
    for q in library.versions(MIIT) {
        order_24_duties_apply_alike(q);
    }
}

fn order_24_duties_apply_alike(q: &Questionnaire) {
    let applies = |fact: Option<&str>, id: &str| {
        let mut profile = Profile::new();
        if let Some(fact) = fact {
            profile.insert(fact.to_owned(), FactValue::Bool(true));
        }
        applies_to(q, id, &profile)
    };
    for id in ["PIR-20", "PIR-21", "PIR-22"] {
        assert!(
            question(q, id)
                .citations
                .iter()
                .any(|c| c.instrument == "ORD24"),
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
    for q in library.versions(MIIT) {
        officer_notice_is_cited_by_parts(&library, q);
    }
}

fn officer_notice_is_cited_by_parts(library: &Library, q: &Questionnaire) {
    let catalog = &library.catalog;
    let citations: Vec<&Citation> = question(q, "PIR-16")
        .citations
        .iter()
        .filter(|c| c.instrument == "PIO-NOTICE")
        .collect();
    let shown: Vec<String> = citations
        .iter()
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
    assert_eq!(
        citations[1].long_form(catalog, Lang::En),
        "PI Officer Filing Notice, II(1)"
    );
    // A notice sets no penalty: the penalty comes with PIPL art. 52, which the question cites.
    assert!(citations.iter().all(|c| catalog.penalty_for(c).is_none()));
    let penalties: Vec<String> = question(q, "PIR-16")
        .citations
        .iter()
        .filter_map(|c| catalog.penalty_for(c))
        .map(ToString::to_string)
        .collect();
    assert_eq!(penalties, ["PIPL 66"]);
}

#[test]
fn every_domain_has_questions_under_one_id_prefix_of_its_own() {
    let library = library();
    for (_, q) in versions(&library) {
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
        assert!(wrong.is_empty(), "{}:\n{}", q.id, wrong.join("\n"));
    }
}

#[test]
fn question_ids_are_unique_and_are_the_committed_ones() {
    let library = library();
    for spec in &QUESTIONNAIRES {
        check_ids(spec.id, &library.versions(spec.id));
    }
}

#[test]
fn each_questionnaire_has_the_number_of_questions_its_issue_sets() {
    let library = library();
    for (spec, q) in versions(&library) {
        let n = q.questions().count();
        let range = spec
            .questions
            .iter()
            .find(|(v, _)| *v == q.version)
            .map(|(_, range)| range)
            .unwrap_or_else(|| panic!("{} {} has no question range", q.id, q.version));
        assert!(range.contains(&n), "{} {}: {n} questions", q.id, q.version);
    }
}

/// The content rule (the content brief and issue 4): a question is critical when its obligation
/// carries a direct penalty or a duty towards a regulator; such an obligation is never minor, so
/// its weight is 3 or more. "Direct penalty" is checked as: the catalog names a penalty for at
/// least one cited article or paragraph; "duty towards a regulator" as: the question's Chinese
/// text asks about reporting, filing or review (`REGULATOR_DUTIES`).
///
/// The App questionnaire is held to the same rule, unchanged. The normative documents it cites
/// (the 191 method, the necessary-PI rules, the App information service rules) set no penalty,
/// and the catalog gives them none (`normative_documents_carry_no_penalty`); so a citation of
/// them never makes a question critical. That is right: what the regulators' criteria describe is
/// penalised, if at all, under the law they apply, and a critical question has to cite that law's
/// article, which `the_regulators_criteria_are_cited_after_the_binding_article_they_apply` makes
/// every such question do anyway.
#[test]
fn critical_questions_weigh_3_or_more_and_carry_a_penalty_or_a_duty_to_a_regulator() {
    let library = library();
    let catalog = &library.catalog;
    for (_, q) in versions(&library) {
        let mut wrong = Vec::new();
        let mut critical = 0;
        for (_, question) in q.questions() {
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
        assert!(
            critical > 0,
            "{} {} has no critical question",
            q.id,
            q.version
        );
        assert!(
            wrong.is_empty(),
            "{} {}:\n{}",
            q.id,
            q.version,
            wrong.join("\n")
        );
    }
}

#[test]
fn unverified_articles_are_cited_only_with_their_official_text() {
    let library = library();
    let catalog = &library.catalog;
    let mut wrong = Vec::new();
    for (_, q) in versions(&library) {
        for (_, question) in q.questions() {
            for c in &question.citations {
                let unverified = UNVERIFIED
                    .iter()
                    .any(|(id, articles)| c.instrument == *id && articles.contains(&c.article));
                let quoted = catalog
                    .article(c)
                    .and_then(|a| a.official_text.as_deref())
                    .is_some_and(|t| !t.trim().is_empty());
                if unverified && !quoted {
                    wrong.push(format!("{} {} {} cites {c}", q.id, q.version, question.id));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "articles marked unverified, cited without official text in the catalog: {}",
        wrong.join(", ")
    );
}

/// The App questionnaire shows in its report the exact regulator criterion a question matches:
/// every item of the 191 method the catalog holds is cited by some question. The test walks the
/// catalog, so an item added there needs a question too.
#[test]
fn every_item_of_the_191_method_in_the_catalog_is_cited_by_the_app_questionnaire() {
    let library = library();
    let q = app(&library);
    let instrument = library.catalog.instrument("APP-191").unwrap();
    let cited: BTreeSet<(u16, u8)> = q
        .questions()
        .flat_map(|(_, x)| &x.citations)
        .filter(|c| c.instrument == "APP-191")
        .filter_map(|c| Some((c.article, c.item?)))
        .collect();
    let uncited: Vec<String> = instrument
        .items()
        .iter()
        .filter(|i| !cited.contains(&(i.part, i.number)))
        .map(|i| format!("APP-191 {}.{}", i.part, i.number))
        .collect();
    assert!(instrument.items().len() >= 12);
    assert!(uncited.is_empty(), "not cited: {}", uncited.join(", "));
}

/// "Cite the full texts first": a question citing one of the regulators' criteria (`CRITERIA`)
/// cites, before it, an article of the binding instrument the criterion applies; and every
/// question of the App questionnaire opens with such an article.
#[test]
fn the_regulators_criteria_are_cited_after_the_binding_article_they_apply() {
    let library = library();
    let mut wrong = Vec::new();
    for (spec, q) in versions(&library) {
        for (_, question) in q.questions() {
            let criterion = |c: &Citation| CRITERIA.contains(&c.instrument.as_str());
            let first = question.citations.first().is_some_and(|c| !criterion(c));
            let cites_criterion = question.citations.iter().any(criterion);
            if (spec.id == APP || cites_criterion) && !first {
                wrong.push(format!(
                    "{} {} does not open with a binding article",
                    spec.id, question.id
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn normative_documents_carry_no_penalty() {
    let library = library();
    for id in WITHOUT_PENALTIES {
        let instrument = library.catalog.instrument(id).unwrap();
        for article in &instrument.articles {
            assert!(
                article.penalty.is_none() && article.paragraph_penalties.is_empty(),
                "{id} {} names a penalty",
                article.number
            );
        }
    }
}

/// Each of the App types whose necessary personal information the catalog quotes (the
/// necessary-PI rules, art. 5 items （一）–（六）) has a question that applies exactly to it and
/// cites its own item, in the order of the `app_type` options; "another type" gets the general
/// question, which cites no item.
#[test]
fn each_app_type_gets_the_necessary_pi_question_of_its_own_item() {
    let library = library();
    let q = app(&library);
    let FactKind::OneOf { options } = &q.fact("app_type").unwrap().kind else {
        panic!("app_type is one-of");
    };
    for (index, option) in options.iter().enumerate() {
        let profile =
            Profile::from([("app_type".to_owned(), FactValue::Choice(option.id.clone()))]);
        let items: BTreeSet<u8> = q
            .questions()
            .filter(|(_, x)| applies_to(q, x.id.as_str(), &profile))
            .flat_map(|(_, x)| &x.citations)
            .filter(|c| c.instrument == "APP-NPI" && c.article == 5)
            .filter_map(|c| c.item)
            .collect();
        let expected: BTreeSet<u8> = if option.id == "other" {
            BTreeSet::new()
        } else {
            BTreeSet::from([u8::try_from(index + 1).unwrap()])
        };
        assert_eq!(items, expected, "app_type {}", option.id);
    }
}

#[test]
fn each_questionnaire_says_what_it_assesses_and_whether_per_app_in_both_languages() {
    let library = library();
    for (spec, q) in versions(&library) {
        assert_eq!(q.subject, spec.subject, "{} {}", q.id, q.version);
        for lang in [Lang::Zh, Lang::En] {
            let scope = match lang {
                Lang::Zh => &q.scope.zh,
                Lang::En => &q.scope.en,
            };
            assert!(
                scope.chars().count() >= 20,
                "{} has no scope in {lang:?}: {scope:?}",
                q.id
            );
        }
    }
}

/// Every version after the first declares its changes, and the declaration is exactly the
/// difference from the version before (the loader reports any disagreement as an error, and the
/// content loads without errors; this keeps that check from being skipped by a missing file).
#[test]
fn every_later_version_declares_exactly_what_changed() {
    let library = library();
    for spec in &QUESTIONNAIRES {
        for pair in library.versions(spec.id).windows(2) {
            let (old, new) = (pair[0], pair[1]);
            let log = library
                .changes(&new.id, &new.version)
                .unwrap_or_else(|| panic!("{} {} has no changes.md", new.id, new.version));
            assert_eq!(log.from, old.version);
            let d = questionnaires::diff(old, new);
            let mut computed: Vec<(String, Vec<ChangeKind>)> = d
                .questions
                .iter()
                .map(|q| (q.id.to_string(), q.kinds()))
                .chain(d.facts.iter().map(|f| (f.id.clone(), f.kinds())))
                .collect();
            let mut declared: Vec<(String, Vec<ChangeKind>)> = log
                .entries
                .iter()
                .map(|e| (e.id.clone(), e.changes.clone()))
                .collect();
            for list in [&mut computed, &mut declared] {
                for (_, kinds) in list.iter_mut() {
                    kinds.sort();
                }
                list.sort();
            }
            assert_eq!(declared, computed, "{} {}", new.id, new.version);
            assert!(
                log.entries
                    .iter()
                    .all(|e| !e.reason.zh.trim().is_empty() && !e.reason.en.trim().is_empty()),
                "every declared change gives its reason in both languages"
            );
        }
    }
}

/// A CII operator whose only personal information sent abroad is its employees' (cross-border
/// HR management, Cross-border Provisions art. 5 para. 1 item 2) keeps that exemption (art. 7
/// para. 2): the security assessment question does not apply, so even an assessment answered
/// all 不符合 has no gap and no readiness reason on it, while the exemption record does apply.
#[test]
fn a_ciio_with_only_exempt_hr_transfers_does_not_fail_the_security_assessment() {
    let library = library();
    let q = library.questionnaire(MIIT).unwrap();
    let profile = Profile::from([
        ("ciio".to_owned(), FactValue::Bool(true)),
        (
            "cross_border".to_owned(),
            FactValue::Choice("100k".to_owned()),
        ),
        (
            "cross_border_sensitive".to_owned(),
            FactValue::Choice("none".to_owned()),
        ),
        ("cross_border_important".to_owned(), FactValue::Bool(false)),
        ("cross_border_exempt_only".to_owned(), FactValue::Bool(true)),
    ]);
    let answers = all(q, AnswerValue::NonCompliant);
    let score = questionnaires::score::score(q, &library.catalog, &profile, &answers).unwrap();
    let xb02 = QuestionId::parse("XB-02").unwrap();
    assert!(score.excluded.iter().any(|e| e.question == xb02));
    assert!(score.gaps.iter().all(|g| g.question != xb02));
    let blocking = score.readiness.groups();
    assert!(blocking.iter().all(|g| !g.questions.contains(&xb02)));
    for id in ["XB-03", "XB-07", "XB-16"] {
        assert!(!applies_to(q, id, &profile), "{id} applies");
    }
    for id in ["XB-11", "XB-12", "XB-15", "CII-07"] {
        assert!(applies_to(q, id, &profile), "{id} does not apply");
    }
    // The same operator with a transfer outside the exemptions must file.
    let mut filing = profile.clone();
    filing.insert(
        "cross_border_exempt_only".to_owned(),
        FactValue::Bool(false),
    );
    assert!(applies_to(q, "XB-02", &filing));
}

/// A report never shows a penalty that cannot apply to the organization: for one that is neither
/// a CII operator nor a telecom operator or internet information service provider, with every
/// other profile fact at its widest, no gap of an all-不符合 assessment carries the CII
/// operators' penalty (CSL art. 61 para. 2) or Order 24's (art. 23).
#[test]
fn no_gap_of_an_organization_outside_a_regime_shows_that_regimes_penalty() {
    let library = library();
    let q = library.questionnaire(MIIT).unwrap();
    let mut profile = Profile::new();
    for fact in &q.profile {
        let value = match &fact.kind {
            FactKind::YesNo => FactValue::Bool(true),
            FactKind::OneOf { options } => FactValue::Choice(options.last().unwrap().id.clone()),
        };
        profile.insert(fact.id.clone(), value);
    }
    for fact in [
        "ciio",
        "telecom_licence",
        "app_operator",
        "internet_info_service",
        "cross_border_exempt_only",
    ] {
        profile.insert(fact.to_owned(), FactValue::Bool(false));
    }
    let answers = all(q, AnswerValue::NonCompliant);
    let score = questionnaires::score::score(q, &library.catalog, &profile, &answers).unwrap();
    assert!(score.gaps.len() > 100, "{} gaps", score.gaps.len());
    let forbidden = [
        cite("CSL", 61, Some(2), None),
        cite("ORD24", 23, None, None),
    ];
    let wrong: Vec<String> = score
        .gaps
        .iter()
        .flat_map(|g| {
            g.penalties
                .iter()
                .filter(|p| forbidden.contains(p))
                .map(move |p| format!("{} shows {p}", g.question))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join(", "));
}

/// The same answer to every question of a questionnaire.
fn all(q: &Questionnaire, value: AnswerValue) -> Answers {
    q.questions()
        .map(|(_, x)| {
            (
                x.id.clone(),
                Answer {
                    value,
                    na_reason: None,
                    note: String::new(),
                },
            )
        })
        .collect()
}

fn cite(instrument: &str, article: u16, paragraph: Option<u8>, item: Option<u8>) -> Citation {
    Citation {
        instrument: instrument.to_owned(),
        article,
        paragraph,
        item,
    }
}

fn library() -> Library {
    load_bundled().library
}

/// Every bundled version of every questionnaire, with what it is held to.
fn versions(library: &Library) -> Vec<(&'static Spec, &Questionnaire)> {
    let mut out = Vec::new();
    for spec in &QUESTIONNAIRES {
        let versions = library.versions(spec.id);
        assert!(!versions.is_empty(), "{} is bundled", spec.id);
        out.extend(versions.into_iter().map(|q| (spec, q)));
    }
    out
}

fn app(library: &Library) -> &Questionnaire {
    library.questionnaire(APP).unwrap()
}

fn question<'a>(q: &'a Questionnaire, id: &str) -> &'a Question {
    q.questions()
        .map(|(_, x)| x)
        .find(|x| x.id.as_str() == id)
        .unwrap_or_else(|| panic!("{id} is in {}", q.id))
}

/// Whether a question applies for a profile: its domain's condition and its own.
fn applies_to(q: &Questionnaire, id: &str, profile: &Profile) -> bool {
    let (domain, question) = q
        .questions()
        .find(|(_, x)| x.id.as_str() == id)
        .unwrap_or_else(|| panic!("{id} is in {}", q.id));
    domain.applies.eval(&q.profile, profile) && question.applies.eval(&q.profile, profile)
}

/// Every penalty the catalog names, with where it is named.
fn penalties(catalog: &Catalog) -> Vec<(String, &Citation)> {
    let mut out = Vec::new();
    for instrument in &catalog.instruments {
        for article in &instrument.articles {
            let from = format!("penalty of {} {}", instrument.id, article.number);
            out.extend(article.penalty.iter().map(|c| (from.clone(), c)));
            out.extend(
                article
                    .paragraph_penalties
                    .iter()
                    .map(|pp| (format!("{from}.{}", pp.paragraph), &pp.penalty)),
            );
        }
    }
    out
}

/// Compares the ids of each version of a questionnaire with its committed list
/// `tests/content_ids/<id>-<version>.txt`, and checks them against the retired list
/// `<id>.retired.txt` (or rewrites the lists with `UPDATE_EXPECT`).
///
/// The retired list has one id a line, optionally followed by the version that retired it: an
/// id without a version was dropped before the first version was published and may appear in no
/// version; an id with one may appear only in versions before it. Every id that a version drops
/// from the one before must be on the list with that version, so a later version can never bring
/// it back under another meaning.
fn check_ids(id: &str, versions: &[&Questionnaire]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/content_ids");
    let retired_list = dir.join(format!("{id}.retired.txt"));
    let mut retired_text = fs::read_to_string(&retired_list).unwrap();
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut previous: Option<(&str, BTreeSet<String>)> = None;
    for q in versions {
        let ids: Vec<String> = q.questions().map(|(_, x)| x.id.to_string()).collect();
        let now: BTreeSet<String> = ids.iter().cloned().collect();
        assert_eq!(
            now.len(),
            ids.len(),
            "{id} {}: repeated ids in {ids:?}",
            q.version
        );

        if let Some((before, earlier)) = &previous {
            for gone in earlier.difference(&now) {
                let listed =
                    retired(&retired_text).any(|(r, v)| r == gone && v == Some(q.version.as_str()));
                if listed {
                    continue;
                }
                assert!(
                    update,
                    "{id} {}: `{gone}` of {before} is gone; add it to {} as `{gone} {}` \
                     (UPDATE_EXPECT=1 does it)",
                    q.version,
                    retired_list.display(),
                    q.version
                );
                retired_text.push_str(&format!("{gone} {}\n", q.version));
            }
        }
        let reused: Vec<&String> = now
            .iter()
            .filter(|x| {
                retired(&retired_text).any(|(r, v)| {
                    r == x.as_str()
                        && v.is_none_or(|v| questionnaires::compare_versions(&q.version, v).is_ge())
                })
            })
            .collect();
        assert!(
            reused.is_empty(),
            "{id} {}: retired ids are used again (an id never changes meaning): {reused:?}",
            q.version
        );

        let list: PathBuf = dir.join(format!("{id}-{}.txt", q.version));
        let committed = fs::read_to_string(&list).unwrap_or_default();
        if update {
            if committed != expected_list(&ids) {
                fs::write(&list, expected_list(&ids)).unwrap();
            }
        } else {
            let committed_ids: BTreeSet<String> = id_lines(&committed).map(str::to_owned).collect();
            let added: Vec<&String> = now.difference(&committed_ids).collect();
            let removed: Vec<&String> = committed_ids.difference(&now).collect();
            assert!(
                added.is_empty() && removed.is_empty(),
                "the question ids differ from {}: added {added:?}, removed {removed:?}; \
                 if this is deliberate, run with UPDATE_EXPECT=1 and review the diff",
                list.display()
            );
        }
        previous = Some((&q.version, now));
    }
    if update {
        fs::write(&retired_list, &retired_text).unwrap();
    }
}

/// The entries of a retired list: the id, and the version that retired it where given.
fn retired(text: &str) -> impl Iterator<Item = (&str, Option<&str>)> {
    id_lines(text).map(|line| {
        let mut words = line.split_whitespace();
        (words.next().unwrap_or_default(), words.next())
    })
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

/// An id list as it should read: the ids in questionnaire order, one a line.
fn expected_list(ids: &[String]) -> String {
    ids.iter().map(|id| format!("{id}\n")).collect()
}
