//! Hand-computed scenarios for scoring method v1 (`score_fixtures/*.json`, each with its
//! arithmetic written out), the input the method rejects, and how numbers and readiness reasons
//! are printed.

#![allow(clippy::unwrap_used)]

mod score_support;

use std::fs;
use std::path::Path;

use questionnaires::score::{
    Band, ReadinessLevel, ReadinessReason, ScoreError, display, display_score, score,
};
use questionnaires::{AnswerValue, Answers, Catalog, Condition, Lang, Profile, Thresholds};
use score_support::{Fixture, answer, contains, domain, id, na, question, questionnaire};

#[test]
fn every_fixture_scores_to_its_hand_computed_figures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/score_fixtures");
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 10,
        "expected the scenario fixtures in {}",
        dir.display()
    );

    let mut failures = Vec::new();
    for path in &paths {
        let text = fs::read_to_string(path).unwrap();
        let fixture: Fixture =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let result = score(
            &fixture.questionnaire(),
            &fixture.catalog(),
            &fixture.profile,
            &fixture.answers(),
        );
        let file = path.file_name().unwrap().to_string_lossy();
        match result {
            Err(e) => failures.push(format!("{file} ({}): {e}", fixture.name)),
            Ok(s) => {
                let actual = serde_json::to_value(&s).unwrap();
                if std::env::var_os("SCORE_FIXTURE_PRINT").is_some() {
                    println!(
                        "{file}:\n{}",
                        serde_json::to_string_pretty(&actual).unwrap()
                    );
                }
                for m in contains(&actual, &fixture.expect, "score") {
                    failures.push(format!("{file} ({}): {m}", fixture.name));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_score_survives_a_json_round_trip_unchanged() {
    let text = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/score_fixtures/09-worked-example.json"),
    )
    .unwrap();
    let fixture: Fixture = serde_json::from_str(&text).unwrap();
    let s = score(
        &fixture.questionnaire(),
        &fixture.catalog(),
        &fixture.profile,
        &fixture.answers(),
    )
    .unwrap();
    let json = serde_json::to_string(&s).unwrap();
    let back: questionnaires::score::Score = serde_json::from_str(&json).unwrap();
    assert_eq!(back, s);
    assert_eq!(serde_json::to_string(&back).unwrap(), json);
}

fn two_questions() -> questionnaires::Questionnaire {
    questionnaire(
        Thresholds::default(),
        Vec::new(),
        vec![domain(
            "gov",
            Condition::Always,
            vec![
                question("GOV-01", 3, true, Condition::Always, &["DSL 27.1"]),
                question("GOV-02", 2, false, Condition::Always, &["DSL 29"]),
            ],
        )],
    )
}

#[test]
fn not_applicable_without_a_reason_is_rejected_naming_every_such_question() {
    let q = two_questions();
    for blank in [None, Some(""), Some("  \n\t")] {
        let mut answers = Answers::new();
        for q_id in ["GOV-01", "GOV-02"] {
            let mut a = answer(AnswerValue::NotApplicable);
            a.na_reason = blank.map(str::to_owned);
            answers.insert(id(q_id), a);
        }
        let err = score(&q, &Catalog::default(), &Profile::new(), &answers).unwrap_err();
        assert_eq!(
            err,
            ScoreError::MissingNaReason {
                questions: vec![id("GOV-01"), id("GOV-02")]
            }
        );
        let message = err.to_string();
        assert!(
            message.contains("GOV-01, GOV-02") && message.contains("reason"),
            "{message}"
        );
    }
}

#[test]
fn not_applicable_without_a_reason_is_rejected_even_on_an_excluded_question() {
    let mut q = two_questions();
    q.domains[0].questions[1].applies = Condition::Fact {
        fact: "ciio".into(),
    };
    let answers = Answers::from([(id("GOV-02"), answer(AnswerValue::NotApplicable))]);
    let err = score(&q, &Catalog::default(), &Profile::new(), &answers).unwrap_err();
    assert_eq!(
        err,
        ScoreError::MissingNaReason {
            questions: vec![id("GOV-02")]
        }
    );
}

#[test]
fn a_weight_outside_one_to_five_is_rejected() {
    for weight in [0, 6] {
        let mut q = two_questions();
        q.domains[0].questions[1].weight = weight;
        let err = score(&q, &Catalog::default(), &Profile::new(), &Answers::new()).unwrap_err();
        assert_eq!(
            err,
            ScoreError::InvalidWeight {
                question: id("GOV-02"),
                weight
            }
        );
    }
}

#[test]
fn a_question_id_used_twice_is_rejected() {
    let mut q = two_questions();
    q.domains.push(domain(
        "dat",
        Condition::Always,
        vec![question("GOV-02", 1, false, Condition::Always, &["DSL 21"])],
    ));
    let err = score(&q, &Catalog::default(), &Profile::new(), &Answers::new()).unwrap_err();
    assert_eq!(
        err,
        ScoreError::DuplicateQuestion {
            question: id("GOV-02")
        }
    );
}

#[test]
fn thresholds_out_of_range_or_inverted_are_rejected() {
    for (ready, largely_ready) in [(80.0, 90.0), (101.0, 70.0), (85.0, -1.0), (f64::NAN, 70.0)] {
        let mut q = two_questions();
        q.thresholds = Thresholds {
            ready,
            largely_ready,
        };
        let err = score(&q, &Catalog::default(), &Profile::new(), &Answers::new()).unwrap_err();
        assert!(
            matches!(err, ScoreError::InvalidThresholds { .. }),
            "{ready}/{largely_ready}: {err}"
        );
    }
}

#[test]
fn equal_thresholds_are_accepted() {
    let mut q = two_questions();
    q.thresholds = Thresholds {
        ready: 80.0,
        largely_ready: 80.0,
    };
    let answers = Answers::from([
        (id("GOV-01"), answer(AnswerValue::Compliant)),
        (id("GOV-02"), answer(AnswerValue::Partial)),
    ]);
    // 3 + 1 = 4 of 5 → 80: meets both.
    let s = score(&q, &Catalog::default(), &Profile::new(), &answers).unwrap();
    assert_eq!(s.overall.score, Some(80.0));
    assert_eq!(s.readiness.level, ReadinessLevel::Ready);
}

#[test]
fn answers_to_unknown_questions_are_listed_as_ignored_and_not_validated() {
    let q = two_questions();
    let answers = Answers::from([
        (id("GOV-01"), answer(AnswerValue::Compliant)),
        (id("OLD-01"), answer(AnswerValue::NotApplicable)),
        (id("ABC-7"), answer(AnswerValue::NonCompliant)),
    ]);
    let s = score(&q, &Catalog::default(), &Profile::new(), &answers).unwrap();
    assert_eq!(s.ignored_answers, vec![id("ABC-7"), id("OLD-01")]);
    // GOV-01 3 of 3, GOV-02 unanswered 0 of 2 → 60.
    assert_eq!(s.overall.score, Some(60.0));
    assert_eq!(s.overall.answered, 1);
}

#[test]
fn a_questionnaire_without_questions_is_not_scored() {
    let q = questionnaire(Thresholds::default(), Vec::new(), Vec::new());
    let s = score(&q, &Catalog::default(), &Profile::new(), &Answers::new()).unwrap();
    assert_eq!(s.overall.score, None);
    assert_eq!(s.overall.completion, None);
    assert_eq!(s.readiness.level, ReadinessLevel::NotReady);
    assert_eq!(s.readiness.reasons, vec![ReadinessReason::NotScored]);
}

#[test]
fn a_score_that_prints_as_the_threshold_but_is_below_it_is_below_it() {
    // 199 questions of weight 5 and 5 of weight 1: Σw = 1000. 169 of the weight-5 questions and
    // 4 of the weight-1 ones 符合, one weight-1 部分符合: Σw·v = 845 + 4 + 0.5 = 849.5 → 84.95.
    let mut questions: Vec<_> = (1..=199)
        .map(|n| {
            question(
                &format!("A-{n:03}"),
                5,
                false,
                Condition::Always,
                &["DSL 27"],
            )
        })
        .collect();
    questions.extend((1..=5).map(|n| {
        question(
            &format!("B-{n:03}"),
            1,
            false,
            Condition::Always,
            &["DSL 27"],
        )
    }));
    let q = questionnaire(
        Thresholds::default(),
        Vec::new(),
        vec![domain("all", Condition::Always, questions)],
    );
    let mut answers = Answers::new();
    for n in 1..=199 {
        let value = if n <= 169 {
            AnswerValue::Compliant
        } else {
            AnswerValue::NonCompliant
        };
        answers.insert(id(&format!("A-{n:03}")), answer(value));
    }
    for n in 1..=5 {
        let value = if n <= 4 {
            AnswerValue::Compliant
        } else {
            AnswerValue::Partial
        };
        answers.insert(id(&format!("B-{n:03}")), answer(value));
    }

    let s = score(&q, &Catalog::default(), &Profile::new(), &answers).unwrap();

    assert_eq!((s.overall.earned, s.overall.possible), (849.5, 1000));
    let overall = s.overall.score.unwrap();
    assert_eq!(display(overall), "85.0");
    assert_eq!(s.readiness.level, ReadinessLevel::LargelyReady);
    assert_eq!(
        s.readiness.reasons,
        vec![ReadinessReason::ScoreBelow {
            score: overall,
            threshold: 85.0
        }]
    );
    let text = s.readiness.reasons[0].text();
    assert_eq!(text.zh, "总分 84.95 低于门槛 85.00");
    assert_eq!(text.en, "The score 84.95 is below the threshold 85.00");
    let plain = ReadinessReason::ScoreBelow {
        score: 62.0,
        threshold: 70.0,
    };
    assert_eq!(
        plain.text().en,
        "The score 62.0 is below the threshold 70.0"
    );
}

#[test]
fn readiness_reasons_and_labels_read_in_both_languages() {
    assert_eq!(ReadinessLevel::Ready.label().zh, "就绪");
    assert_eq!(ReadinessLevel::LargelyReady.label().zh, "基本就绪");
    assert_eq!(ReadinessLevel::NotReady.label().zh, "未就绪");
    assert_eq!(
        ReadinessLevel::LargelyReady.label().get(Lang::En),
        "Largely ready"
    );
    assert_eq!(Band::High.label().zh, "高");
    assert_eq!(Band::Medium.label().zh, "中");
    assert_eq!(Band::Low.label().zh, "低");

    let partial = ReadinessReason::CriticalPartial {
        question: id("IMP-01"),
    }
    .text();
    assert_eq!(partial.zh, "关键项 IMP-01 为部分符合");
    assert_eq!(
        partial.en,
        "Critical question IMP-01 is Partially compliant"
    );
    let unanswered = ReadinessReason::CriticalUnanswered {
        question: id("GOV-06"),
    }
    .text();
    assert_eq!(unanswered.zh, "关键项 GOV-06 未作答（按不符合计）");

    let one = ReadinessReason::Incomplete {
        unanswered: vec![id("IMP-03")],
    }
    .text();
    assert_eq!(one.zh, "1 个适用评估项未作答：IMP-03");
    assert_eq!(one.en, "1 applicable question is unanswered: IMP-03");
    let many: Vec<_> = (1..=12).map(|n| id(&format!("Q-{n:02}"))).collect();
    let many = ReadinessReason::Incomplete { unanswered: many }.text();
    assert!(
        many.zh.starts_with("12 个适用评估项未作答：Q-01, Q-02"),
        "{}",
        many.zh
    );
    assert!(many.zh.ends_with("Q-10 等（另 2 项）"), "{}", many.zh);
    assert!(many.en.ends_with("Q-10 and 2 more"), "{}", many.en);

    let met = ReadinessReason::AllMet {
        score: 92.5,
        threshold: 85.0,
    }
    .text();
    assert!(
        met.zh.starts_with("总分 92.5 不低于就绪门槛 85.0"),
        "{}",
        met.zh
    );
}

#[test]
fn display_rounds_half_up_to_one_decimal() {
    let cases = [
        (0.0, "0.0"),
        (100.0, "100.0"),
        (81.25, "81.3"),
        (83.25, "83.3"),
        (69.44444444444444, "69.4"),
        (66.66666666666667, "66.7"),
        (84.96, "85.0"),
        (84.94999, "84.9"),
        (99.99, "100.0"),
        // 1401 / 20 = 70.05 exactly; as a double it is 70.049999…, printed as a person rounds.
        (1401.0 / 20.0, "70.1"),
        (0.05, "0.1"),
        (0.04, "0.0"),
        (-0.04, "0.0"),
        (-2.25, "-2.3"),
    ];
    for (value, expected) in cases {
        assert_eq!(display(value), expected, "display({value})");
    }
    assert_eq!(display_score(Some(70.0), Lang::Zh), "70.0");
    assert_eq!(display_score(None, Lang::Zh), "未计分");
    assert_eq!(display_score(None, Lang::En), "not scored");
}

#[test]
fn an_exact_percentage_is_computed_exactly() {
    // 57 of 100 questions of weight 1 符合: dividing first (0.57 × 100) would give
    // 56.99999999999999 and fail a threshold of 57.
    let questions: Vec<_> = (1..=100)
        .map(|n| {
            question(
                &format!("Q-{n:03}"),
                1,
                false,
                Condition::Always,
                &["DSL 27"],
            )
        })
        .collect();
    let q = questionnaire(
        Thresholds {
            ready: 57.0,
            largely_ready: 57.0,
        },
        Vec::new(),
        vec![domain("all", Condition::Always, questions)],
    );
    let answers: Answers = (1..=100)
        .map(|n| {
            let value = if n <= 57 {
                AnswerValue::Compliant
            } else {
                AnswerValue::NonCompliant
            };
            (id(&format!("Q-{n:03}")), answer(value))
        })
        .collect();

    let s = score(&q, &Catalog::default(), &Profile::new(), &answers).unwrap();

    assert_eq!(s.overall.score, Some(57.0));
    assert_eq!(s.readiness.level, ReadinessLevel::Ready);
}

#[test]
fn a_critical_not_applicable_question_does_not_block_readiness() {
    let q = two_questions();
    let answers = Answers::from([
        (id("GOV-01"), na("本单位不处理重要数据")),
        (id("GOV-02"), answer(AnswerValue::Compliant)),
    ]);
    let s = score(&q, &Catalog::default(), &Profile::new(), &answers).unwrap();
    assert_eq!(s.overall.score, Some(100.0));
    assert_eq!(s.readiness.level, ReadinessLevel::Ready);
    assert_eq!(s.not_applicable.len(), 1);
    assert!(s.not_applicable[0].critical);
    assert_eq!(s.not_applicable[0].reason, "本单位不处理重要数据");
}

#[test]
fn the_method_text_prints_the_figures_of_the_worked_example() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let method = fs::read_to_string(root.join("METHOD.md")).unwrap();
    let (zh, en) = method
        .split_once("\n# Scoring method, version 1 {#en}\n")
        .expect("an English half under `# … {#en}`");
    assert!(
        zh.contains("\n# 计分方法（第 1 版） {#zh}\n"),
        "a Chinese half under `# … {{#zh}}`"
    );

    let fixture: Fixture = serde_json::from_str(
        &fs::read_to_string(root.join("tests/score_fixtures/09-worked-example.json")).unwrap(),
    )
    .unwrap();
    let s = score(
        &fixture.questionnaire(),
        &fixture.catalog(),
        &fixture.profile,
        &fixture.answers(),
    )
    .unwrap();
    let figures = [
        s.overall.score.unwrap(),
        s.overall.completion.unwrap(),
        s.domain("gov").unwrap().tally.score.unwrap(),
        s.domain("imp").unwrap().tally.score.unwrap(),
        s.instrument("DSL").unwrap().tally.score.unwrap(),
        s.instrument("NDSR").unwrap().tally.score.unwrap(),
    ];
    for half in [zh, en] {
        for figure in figures {
            assert!(
                half.contains(&format!("**{}**", display(figure))),
                "{} missing",
                display(figure)
            );
        }
    }
    assert_eq!(s.readiness.level, ReadinessLevel::LargelyReady);
    for reason in &s.readiness.reasons {
        let zh_reason = reason.text().zh;
        assert!(
            zh.contains(&zh_reason),
            "`{zh_reason}` missing from the Chinese text"
        );
    }
    let order: Vec<_> = s.gaps.iter().map(|g| g.question.as_str()).collect();
    assert_eq!(order, ["IMP-01", "IMP-02", "IMP-03", "GOV-02"]);
}

#[test]
fn readiness_reasons_group_by_rule_with_every_question_of_each() {
    use questionnaires::score::{ReadinessReason, ReasonRule};
    let q = |s: &str| questionnaires::QuestionId::parse(s).unwrap();
    let readiness = questionnaires::score::Readiness {
        level: questionnaires::score::ReadinessLevel::NotReady,
        reasons: vec![
            ReadinessReason::ScoreBelow {
                score: 52.5,
                threshold: 70.0,
            },
            ReadinessReason::CriticalNonCompliant {
                question: q("GOV-01"),
            },
            ReadinessReason::CriticalUnanswered {
                question: q("GOV-02"),
            },
            ReadinessReason::CriticalNonCompliant {
                question: q("PI-03"),
            },
            ReadinessReason::CriticalUnanswered {
                question: q("XB-01"),
            },
        ],
    };

    let groups = readiness.groups();

    let rules: Vec<ReasonRule> = groups.iter().map(|g| g.rule).collect();
    assert_eq!(
        rules,
        [
            ReasonRule::ScoreBelow,
            ReasonRule::CriticalNonCompliant,
            ReasonRule::CriticalUnanswered
        ]
    );
    assert_eq!(groups[0].title.zh, "总分 52.5 低于门槛 70.0");
    assert!(groups[0].questions.is_empty());
    assert_eq!(groups[1].title.en, "Critical questions Non-compliant");
    assert_eq!(groups[1].questions, [q("GOV-01"), q("PI-03")]);
    assert_eq!(groups[2].questions, [q("GOV-02"), q("XB-01")]);
    assert!(readiness.verdict().zh.starts_with("未就绪"));
}
