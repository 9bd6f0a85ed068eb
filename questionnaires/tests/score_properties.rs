//! Properties of scoring method v1 over generated questionnaires, profiles and answers: scores
//! stay in 0..=100, the order questions and domains are written in changes no number, raising an answer never lowers a
//! score, 不适用 is the same as removing the question, and questions the profile excludes never
//! count.

#![allow(clippy::unwrap_used)]

mod score_support;

use proptest::prelude::*;
use proptest::sample::Index;
use questionnaires::score::{ReadinessReason, Score, score};
use questionnaires::{
    Answer, AnswerValue, Answers, Catalog, Cmp, Condition, FactValue, Profile, QuestionId,
    Questionnaire, Thresholds,
};
use score_support::{
    answer, catalog, domain, fact, id, na, one_of, question, questionnaire, yes_no,
};

const PI_VOLUME: [&str; 4] = ["lt100k", "100k", "1m", "10m"];
const INSTRUMENTS: [&str; 3] = ["DSL", "PIPL", "NDSR"];

/// The applicability conditions questions and domains draw from.
fn condition(n: usize) -> Condition {
    let ge_1m = || Condition::Compare {
        fact: "pi_volume".into(),
        cmp: Cmp::Ge,
        value: "1m".into(),
    };
    match n {
        0..=2 => Condition::Always,
        3 => fact("important_data"),
        4 => Condition::Not {
            arg: Box::new(fact("important_data")),
        },
        5 => ge_1m(),
        6 => Condition::Or {
            args: vec![fact("important_data"), ge_1m()],
        },
        _ => Condition::And {
            args: vec![fact("ciio"), ge_1m()],
        },
    }
}

#[derive(Clone, Debug)]
struct QuestionSpec {
    weight: u8,
    critical: bool,
    applies: usize,
    cites: Vec<(usize, u16)>,
    /// 0 unanswered, 1 不符合, 2 部分符合, 3 符合, 4 不适用.
    answer: u8,
}

#[derive(Clone, Debug)]
struct Case {
    questionnaire: Questionnaire,
    profile: Profile,
    answers: Answers,
}

impl Case {
    fn score(&self) -> Score {
        score(
            &self.questionnaire,
            &the_catalog(),
            &self.profile,
            &self.answers,
        )
        .unwrap()
    }

    fn question_ids(&self) -> Vec<QuestionId> {
        self.questionnaire
            .questions()
            .map(|(_, q)| q.id.clone())
            .collect()
    }

    fn without(&self, removed: &[QuestionId]) -> Case {
        let mut case = self.clone();
        for d in &mut case.questionnaire.domains {
            d.questions.retain(|q| !removed.contains(&q.id));
        }
        for id in removed {
            case.answers.remove(id);
        }
        case
    }
}

fn the_catalog() -> Catalog {
    catalog(&[
        ("DSL", 1, Some("DSL 45.1")),
        ("DSL", 2, Some("DSL 45.1")),
        ("DSL", 3, None),
        ("PIPL", 1, Some("PIPL 66")),
        ("PIPL", 2, Some("PIPL 66")),
        ("NDSR", 4, Some("NDSR 57")),
    ])
}

fn answer_for(code: u8) -> Option<Answer> {
    match code {
        1 => Some(answer(AnswerValue::NonCompliant)),
        2 => Some(answer(AnswerValue::Partial)),
        3 => Some(answer(AnswerValue::Compliant)),
        4 => Some(na("本单位不涉及该项业务")),
        _ => None,
    }
}

fn question_spec() -> impl Strategy<Value = QuestionSpec> {
    (
        1u8..=5,
        any::<bool>(),
        0usize..8,
        prop::collection::vec((0usize..INSTRUMENTS.len(), 1u16..=4), 1..=3),
        0u8..=4,
    )
        .prop_map(|(weight, critical, applies, cites, answer)| QuestionSpec {
            weight,
            critical,
            applies,
            cites,
            answer,
        })
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(
            (0usize..8, prop::collection::vec(question_spec(), 0..7)),
            1..5,
        ),
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
        prop::option::of(0usize..PI_VOLUME.len()),
        (50.0f64..=100.0, 0.0f64..=1.0),
    )
        .prop_map(
            |(domains, important_data, ciio, pi_volume, (ready, fraction))| {
                let mut answers = Answers::new();
                let domains = domains
                    .into_iter()
                    .enumerate()
                    .map(|(d, (applies, specs))| {
                        let prefix = format!("D{}", char::from(b'A' + d as u8));
                        let questions = specs
                            .iter()
                            .enumerate()
                            .map(|(n, spec)| {
                                let qid = format!("{prefix}-{}", n + 1);
                                if let Some(a) = answer_for(spec.answer) {
                                    answers.insert(id(&qid), a);
                                }
                                let cites: Vec<String> = spec
                                    .cites
                                    .iter()
                                    .map(|(i, article)| format!("{} {article}", INSTRUMENTS[*i]))
                                    .collect();
                                let cites: Vec<&str> = cites.iter().map(String::as_str).collect();
                                question(
                                    &qid,
                                    spec.weight,
                                    spec.critical,
                                    condition(spec.applies),
                                    &cites,
                                )
                            })
                            .collect();
                        domain(&prefix.to_lowercase(), condition(applies), questions)
                    })
                    .collect();
                let mut profile = Profile::new();
                if let Some(v) = important_data {
                    profile.insert("important_data".into(), FactValue::Bool(v));
                }
                if let Some(v) = ciio {
                    profile.insert("ciio".into(), FactValue::Bool(v));
                }
                if let Some(v) = pi_volume {
                    profile.insert("pi_volume".into(), FactValue::Choice(PI_VOLUME[v].into()));
                }
                let thresholds = Thresholds {
                    ready,
                    largely_ready: ready * fraction,
                };
                let facts = vec![
                    yes_no("important_data"),
                    yes_no("ciio"),
                    one_of("pi_volume", &PI_VOLUME),
                ];
                Case {
                    questionnaire: questionnaire(thresholds, facts, domains),
                    profile,
                    answers,
                }
            },
        )
}

/// Every score of a result, labelled: overall, each domain, each instrument.
fn scores(s: &Score) -> Vec<(String, Option<f64>)> {
    let mut all = vec![("overall".to_owned(), s.overall.score)];
    all.extend(
        s.domains
            .iter()
            .map(|d| (format!("domain {}", d.domain), d.tally.score)),
    );
    all.extend(
        s.instruments
            .iter()
            .map(|i| (format!("instrument {}", i.instrument), i.tally.score)),
    );
    all
}

/// A score with every list in id order, so that two scores of the same questionnaire written in
/// another order compare equal exactly when they agree on every number and every item.
fn in_id_order(mut s: Score) -> Score {
    s.domains.sort_by(|a, b| a.domain.cmp(&b.domain));
    s.instruments
        .sort_by(|a, b| a.instrument.cmp(&b.instrument));
    s.gaps.sort_by(|a, b| a.question.cmp(&b.question));
    s.excluded.sort_by(|a, b| a.question.cmp(&b.question));
    s.not_applicable.sort_by(|a, b| a.question.cmp(&b.question));
    for reason in &mut s.readiness.reasons {
        if let ReadinessReason::Incomplete { unanswered } = reason {
            unanswered.sort();
        }
    }
    s.readiness
        .reasons
        .sort_by_key(|reason| format!("{reason:?}"));
    s
}

/// The position of an answer on the scale: unanswered and 不符合 are both 0 but unanswered is
/// lower (it is also incomplete); 不适用 is off the scale.
fn rank(a: Option<&Answer>) -> Option<u8> {
    match a.map(|a| a.value) {
        None => Some(0),
        Some(AnswerValue::NonCompliant) => Some(1),
        Some(AnswerValue::Partial) => Some(2),
        Some(AnswerValue::Compliant) => Some(3),
        Some(AnswerValue::NotApplicable) => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn every_score_and_completion_is_between_0_and_100(case in case()) {
        let s = case.score();
        let tallies = std::iter::once(&s.overall)
            .chain(s.domains.iter().map(|d| &d.tally))
            .chain(s.instruments.iter().map(|i| &i.tally));
        for t in tallies {
            for value in [t.score, t.completion].into_iter().flatten() {
                prop_assert!((0.0..=100.0).contains(&value), "{value} in {t:?}");
            }
            prop_assert!(t.earned <= f64::from(t.possible));
            prop_assert_eq!(t.score.is_none(), t.possible == 0);
        }
        for g in &s.gaps {
            prop_assert!(g.priority > 0.0 && g.priority <= 10.0, "{g:?}");
        }
        prop_assert!(s.gaps.windows(2).all(|w| w[0].priority >= w[1].priority));
    }

    #[test]
    fn the_order_questions_are_written_in_changes_no_number(
        (case, domain_order, question_orders) in case().prop_flat_map(|case| {
            let domains: Vec<usize> = (0..case.questionnaire.domains.len()).collect();
            let questions: Vec<_> = case
                .questionnaire
                .domains
                .iter()
                .map(|d| Just((0..d.questions.len()).collect::<Vec<usize>>()).prop_shuffle())
                .collect();
            (Just(case), Just(domains).prop_shuffle(), questions)
        })
    ) {
        let mut reordered = case.clone();
        let mut domains = Vec::new();
        for &d in &domain_order {
            let mut domain = case.questionnaire.domains[d].clone();
            domain.questions = question_orders[d]
                .iter()
                .map(|&q| case.questionnaire.domains[d].questions[q].clone())
                .collect();
            domains.push(domain);
        }
        reordered.questionnaire.domains = domains;
        prop_assert_eq!(in_id_order(reordered.score()), in_id_order(case.score()));
    }

    #[test]
    fn raising_one_answer_never_lowers_any_score_or_the_readiness_level(
        case in case(),
        which in any::<Index>(),
        step in 1u8..=3,
    ) {
        let ids = case.question_ids();
        prop_assume!(!ids.is_empty());
        let target = which.get(&ids).clone();
        let Some(from) = rank(case.answers.get(&target)) else {
            return Ok(()); // 不适用 is not on the scale
        };
        prop_assume!(from < 3);
        let mut raised = case.clone();
        let to = (from + step).min(3);
        raised.answers.insert(target.clone(), answer_for(to).unwrap());

        let (before, after) = (case.score(), raised.score());
        for ((label, b), (_, a)) in scores(&before).into_iter().zip(scores(&after)) {
            match (b, a) {
                (Some(b), Some(a)) => prop_assert!(a >= b, "{label}: {b} → {a} raising {target}"),
                (b, a) => prop_assert_eq!(b.is_some(), a.is_some(), "{}", label),
            }
        }
        prop_assert!(after.readiness.level >= before.readiness.level);
        prop_assert!(after.overall.completion >= before.overall.completion);
    }

    #[test]
    fn marking_a_question_not_applicable_equals_removing_it(case in case(), which in any::<Index>()) {
        let ids = case.question_ids();
        prop_assume!(!ids.is_empty());
        let target = which.get(&ids).clone();
        let mut marked = case.clone();
        marked.answers.insert(target.clone(), na("该业务已停止"));
        let removed = case.without(std::slice::from_ref(&target));

        let (marked, removed) = (marked.score(), removed.score());
        prop_assert_eq!(marked.overall.score, removed.overall.score);
        prop_assert_eq!(marked.overall.earned, removed.overall.earned);
        prop_assert_eq!(marked.overall.possible, removed.overall.possible);
        prop_assert_eq!(marked.domains.len(), removed.domains.len());
        for (m, r) in marked.domains.iter().zip(&removed.domains) {
            prop_assert_eq!(m.tally.score, r.tally.score, "domain {}", m.domain);
        }
        for m in &marked.instruments {
            match removed.instrument(&m.instrument) {
                Some(r) => prop_assert_eq!(m.tally.score, r.tally.score, "{}", m.instrument),
                // Cited by the removed question only: N/A leaves it without a score.
                None => prop_assert_eq!(m.tally.score, None, "{}", m.instrument),
            }
        }
        prop_assert_eq!(&marked.readiness, &removed.readiness);
        prop_assert_eq!(&marked.gaps, &removed.gaps);
    }

    #[test]
    fn questions_excluded_by_the_profile_never_affect_the_result(
        case in case(),
        replacement in prop::collection::vec(0u8..=4, 40),
    ) {
        let s = case.score();
        let excluded: Vec<QuestionId> = s.excluded.iter().map(|e| e.question.clone()).collect();
        prop_assume!(!excluded.is_empty());

        // Other answers to the excluded questions: the result is identical, field for field.
        let mut reanswered = case.clone();
        for (q, code) in excluded.iter().zip(&replacement) {
            match answer_for(*code) {
                Some(a) => reanswered.answers.insert(q.clone(), a),
                None => reanswered.answers.remove(q),
            };
        }
        prop_assert_eq!(&reanswered.score(), &s);

        // Without the excluded questions at all: the same scores, readiness and gaps.
        let removed = case.without(&excluded).score();
        prop_assert_eq!(&removed.overall, &s.overall);
        let tallies = |x: &Score| x.domains.iter().map(|d| d.tally.clone()).collect::<Vec<_>>();
        prop_assert_eq!(tallies(&removed), tallies(&s));
        for i in &s.instruments {
            match removed.instrument(&i.instrument) {
                Some(r) => prop_assert_eq!(&r.tally, &i.tally),
                None => prop_assert_eq!(i.tally.applicable, 0),
            }
        }
        prop_assert_eq!(&removed.readiness, &s.readiness);
        prop_assert_eq!(&removed.gaps, &s.gaps);
        prop_assert!(removed.excluded.is_empty());
    }
}
