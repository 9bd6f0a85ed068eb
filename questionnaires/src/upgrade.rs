//! Upgrading a draft to a newer version of its questionnaire: [`plan`] says, from the pinned
//! version, the target version and which questions hold an answer, evidence or remediation, what
//! moves where. It builds on [`crate::diff`] (what changed, question by question) and decides
//! nothing the difference does not say; the server applies the plan in one transaction and
//! records it in the audit log, the browser shows it before the user upgrades.
//!
//! The rules:
//! - an answer moves to every question of the new version that has its id or replaces it (the
//!   first of [`Question::answer_ids`] answered, as carrying a cycle forward does);
//! - it is marked for re-confirmation (the same `carried` mark carried answers have) when it
//!   moved to another id, or its question's text, citations or applicability changed;
//! - evidence and remediation move to the first successor of their question
//!   ([`Questionnaire::successor`]); remediation of a question merged into another that already
//!   takes remediation is superseded;
//! - a question no new question has or replaces is removed: the plan names it with what it
//!   held, so nothing is dropped unseen;
//! - a question with no predecessor is new and starts unanswered.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::diff::{self, ChangeKind, QuestionStatus};
use crate::model::{Profile, QuestionId, Questionnaire};

/// What an assessment holds, by the question ids of the version it is pinned to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Held {
    pub answers: BTreeSet<QuestionId>,
    pub evidence: BTreeSet<QuestionId>,
    pub remediation: BTreeSet<QuestionId>,
    /// The profile answers.
    pub profile: Profile,
}

/// What upgrading a draft from version `from` to version `to` does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpgradePlan {
    pub questionnaire: String,
    pub from: String,
    pub to: String,
    /// Every answer the upgraded draft has, in the new version's order, and the old id it comes
    /// from (the same id where the question kept it).
    pub answers: Vec<Placement>,
    /// Evidence that moves to another question id: `from` → `to`.
    pub evidence: Vec<Move>,
    /// Remediation that moves to another question id.
    pub remediation: Vec<Move>,
    /// Questions of the old version whose answer, evidence or remediation the new version has no
    /// place for.
    pub removed: Vec<Removed>,
    /// Questions of the new version that take over no earlier question: they start unanswered.
    pub added: Vec<QuestionId>,
    /// Profile facts whose answer the new version does not take (it no longer asks the fact, or
    /// no longer offers the option chosen); see [`profile`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts_dropped: Vec<String>,
}

/// Where one answer of the upgraded draft comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Placement {
    /// The question id in the new version.
    pub to: QuestionId,
    /// The question id in the old version whose answer it takes.
    pub from: QuestionId,
    /// Why the answer is to be confirmed again: `replaces` when it moved to another id, `text`,
    /// `citations`, `applies` when its question changed that; empty when it stays as it is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reconfirm: Vec<ChangeKind>,
}

/// Something held under one question id that moves to another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Move {
    pub from: QuestionId,
    pub to: QuestionId,
}

/// An old question whose contents do not come along, and what it held.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Removed {
    pub id: QuestionId,
    /// Its answer is left behind (kept in the audit log only).
    pub answer: bool,
    /// Its evidence is left behind.
    pub evidence: bool,
    /// Its remediation is left behind.
    pub remediation: bool,
    /// The new question that replaces it but takes another question's answer or remediation (a
    /// merge); `None` when the new version dropped the question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<QuestionId>,
}

/// The aspects whose change asks for an answer to be confirmed again: what the question asks,
/// the law it rests on, and to whom it applies. Weight, criticality, guidance and domain change
/// how an answer counts or is explained, not what it states.
pub const RECONFIRM: [ChangeKind; 3] =
    [ChangeKind::Text, ChangeKind::Citations, ChangeKind::Applies];

impl UpgradePlan {
    /// Whether the upgrade changes nothing the assessment holds (no answer moves or needs
    /// confirming, nothing is left behind). New questions may still be added.
    pub fn keeps_everything(&self) -> bool {
        self.answers.iter().all(|p| p.reconfirm.is_empty())
            && self.evidence.is_empty()
            && self.remediation.is_empty()
            && self.removed.is_empty()
            && self.facts_dropped.is_empty()
    }

    /// The answers that move to another question id.
    pub fn moved(&self) -> impl Iterator<Item = &Placement> {
        self.answers.iter().filter(|p| p.from != p.to)
    }

    /// The answers to confirm again after the upgrade.
    pub fn to_reconfirm(&self) -> impl Iterator<Item = &Placement> {
        self.answers.iter().filter(|p| !p.reconfirm.is_empty())
    }
}

/// The plan for upgrading an assessment that holds `held` (ids of `old`) from `old` to `new`.
/// Pure; ids in `held` that `old` does not have count as removed.
pub fn plan(old: &Questionnaire, new: &Questionnaire, held: &Held) -> UpgradePlan {
    let difference = diff::diff(old, new);
    let mut answers = Vec::new();
    let mut remediation = Vec::new();
    let mut remediation_taken: BTreeSet<&QuestionId> = BTreeSet::new();
    let mut answer_taken: BTreeSet<&QuestionId> = BTreeSet::new();
    let mut added = Vec::new();
    // Which new question took whose answer or remediation, to name it for the ones superseded.
    let mut claimed_by: Vec<(&QuestionId, &QuestionId)> = Vec::new();
    for (_, question) in new.questions() {
        let entry = difference.question(&question.id);
        if entry.is_some_and(|e| e.status == QuestionStatus::Added) {
            added.push(question.id.clone());
            continue;
        }
        // Only the ids `old` has count: a `replaces` naming a still older id moves nothing here.
        let sources: Vec<&QuestionId> = question
            .answer_ids()
            .filter(|id| old.question(id).is_some())
            .collect();
        for id in &sources {
            claimed_by.push((id, &question.id));
        }
        if let Some(from) = sources.iter().find(|id| held.answers.contains(**id)) {
            answer_taken.insert(from);
            let mut reconfirm = Vec::new();
            if *from != &question.id {
                reconfirm.push(ChangeKind::Replaces);
            }
            if let Some(entry) = entry {
                reconfirm.extend(
                    entry
                        .changes
                        .iter()
                        .map(|c| c.kind())
                        .filter(|k| RECONFIRM.contains(k)),
                );
            }
            answers.push(Placement {
                to: question.id.clone(),
                from: (*from).clone(),
                reconfirm,
            });
        }
        // Remediation is one per question: the first source that has one, where no earlier
        // question of the new version took it already (a split keeps it on the first part).
        let source = sources
            .iter()
            .find(|id| held.remediation.contains(**id) && !remediation_taken.contains(**id));
        if let Some(from) = source {
            remediation_taken.insert(from);
            if *from != &question.id {
                remediation.push(Move {
                    from: (*from).clone(),
                    to: question.id.clone(),
                });
            }
        }
    }
    let mut evidence = Vec::new();
    let mut evidence_kept: BTreeSet<&QuestionId> = BTreeSet::new();
    for id in &held.evidence {
        if let Some(successor) = old.question(id).and_then(|_| new.successor(id)) {
            evidence_kept.insert(id);
            if &successor.id != id {
                evidence.push(Move {
                    from: id.clone(),
                    to: successor.id.clone(),
                });
            }
        }
    }
    let mut removed = Vec::new();
    let ids: BTreeSet<&QuestionId> = held
        .answers
        .iter()
        .chain(&held.evidence)
        .chain(&held.remediation)
        .collect();
    // In the old version's order, then ids it does not have.
    let order: Vec<&QuestionId> = old
        .questions()
        .map(|(_, q)| &q.id)
        .filter(|id| ids.contains(id))
        .chain(ids.iter().copied().filter(|id| old.question(id).is_none()))
        .collect();
    for id in order {
        // An answer that every successor skipped for another old id's answer is left behind.
        let answer = held.answers.contains(id) && !answer_taken.contains(id);
        let evidence = held.evidence.contains(id) && !evidence_kept.contains(id);
        let remediation = held.remediation.contains(id) && !remediation_taken.contains(id);
        if answer || evidence || remediation {
            removed.push(Removed {
                id: id.clone(),
                answer,
                evidence,
                remediation,
                superseded_by: claimed_by
                    .iter()
                    .find(|(old_id, _)| *old_id == id)
                    .map(|(_, new_id)| (*new_id).clone()),
            });
        }
    }
    UpgradePlan {
        questionnaire: new.id.clone(),
        from: old.version.clone(),
        to: new.version.clone(),
        answers,
        evidence,
        remediation,
        removed,
        added,
        facts_dropped: profile(new, &held.profile).1,
    }
}

/// The profile `profile` keeps under `new`: the facts `new` still asks with a value it accepts.
/// Also returns the ids of the facts left out (asked no more, or answered with an option that
/// is gone), which a draft then answers again.
pub fn profile(new: &Questionnaire, profile: &Profile) -> (Profile, Vec<String>) {
    let mut kept = Profile::new();
    let mut dropped = Vec::new();
    for (id, value) in profile {
        if new.fact(id).is_some_and(|fact| fact.accepts(value)) {
            kept.insert(id.clone(), value.clone());
        } else {
            dropped.push(id.clone());
        }
    }
    (kept, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Citation, Condition, Domain, Question, Text, Thresholds};

    fn id(s: &str) -> QuestionId {
        QuestionId::parse(s).expect("a valid id")
    }

    fn ids(list: &[&str]) -> BTreeSet<QuestionId> {
        list.iter().map(|s| id(s)).collect()
    }

    fn question(qid: &str, article: u16, replaces: &[&str]) -> Question {
        Question {
            id: id(qid),
            text: Text::new(format!("{qid} 问"), format!("{qid} asks")),
            weight: 3,
            critical: false,
            applies: Condition::Always,
            citations: vec![Citation {
                instrument: "X".to_owned(),
                article,
                paragraph: None,
                item: None,
            }],
            guidance: Text::default(),
            evidence: Text::default(),
            remediation: Text::default(),
            check: Text::default(),
            replaces: replaces.iter().map(|r| id(r)).collect(),
        }
    }

    fn version(v: &str, questions: Vec<Question>) -> Questionnaire {
        Questionnaire {
            id: "q".to_owned(),
            version: v.to_owned(),
            title: Text::default(),
            effective: "2026-01-01".to_owned(),
            scope: Text::default(),
            subject: Default::default(),
            thresholds: Thresholds::default(),
            profile: Vec::new(),
            domains: vec![Domain {
                id: "a".to_owned(),
                title: Text::default(),
                applies: Condition::Always,
                questions,
            }],
        }
    }

    /// A-01 unchanged, A-02 reworded, A-03 renumbered as removed, A-05 with a new
    /// condition, A-06 merged with A-07 into A-16; A-20 new.
    fn pair() -> (Questionnaire, Questionnaire) {
        let old = version(
            "1",
            vec![
                question("A-01", 1, &[]),
                question("A-02", 2, &[]),
                question("A-03", 3, &[]),
                question("A-04", 4, &[]),
                question("A-05", 5, &[]),
                question("A-06", 6, &[]),
                question("A-07", 7, &[]),
            ],
        );
        let mut reworded = question("A-02", 2, &[]);
        reworded.text.en = "A-02 asks more precisely".to_owned();
        let mut conditional = question("A-05", 5, &[]);
        conditional.applies = Condition::Fact {
            fact: "ciio".to_owned(),
        };
        // Renumbered and merged questions keep the wording of their (first) predecessor.
        let mut renumbered = question("A-13", 3, &["A-03"]);
        renumbered.text = old.domains[0].questions[2].text.clone();
        let mut merged = question("A-16", 6, &["A-06", "A-07"]);
        merged.text = old.domains[0].questions[5].text.clone();
        let new = version(
            "2",
            vec![
                question("A-01", 1, &[]),
                reworded,
                renumbered,
                conditional,
                merged,
                question("A-20", 20, &[]),
            ],
        );
        (old, new)
    }

    fn placement<'a>(plan: &'a UpgradePlan, to: &str) -> Option<&'a Placement> {
        plan.answers.iter().find(|p| p.to.as_str() == to)
    }

    #[test]
    fn answers_move_through_replaces_and_changed_questions_are_to_be_confirmed_again() {
        let (old, new) = pair();
        let held = Held {
            answers: ids(&["A-01", "A-02", "A-03", "A-04", "A-05", "A-07"]),
            ..Held::default()
        };
        let plan = plan(&old, &new, &held);
        let summary: Vec<String> = plan
            .answers
            .iter()
            .map(|p| {
                let kinds: Vec<&str> = p.reconfirm.iter().map(|k| k.word()).collect();
                format!("{}←{} {}", p.to, p.from, kinds.join(","))
            })
            .collect();
        assert_eq!(
            summary,
            [
                "A-01←A-01 ",
                "A-02←A-02 text",
                "A-13←A-03 replaces",
                "A-05←A-05 applies",
                "A-16←A-07 replaces",
            ]
        );
        assert_eq!(plan.added, [id("A-20")]);
        assert_eq!(
            plan.removed,
            [Removed {
                id: id("A-04"),
                answer: true,
                evidence: false,
                remediation: false,
                superseded_by: None,
            }]
        );
        let moved: Vec<&str> = plan.moved().map(|p| p.to.as_str()).collect();
        assert_eq!(moved, ["A-13", "A-16"]);
        assert_eq!(plan.to_reconfirm().count(), 4);
        assert!(!plan.keeps_everything());
        assert_eq!((plan.from.as_str(), plan.to.as_str()), ("1", "2"));
    }

    #[test]
    fn a_merge_takes_the_first_answer_and_names_the_one_it_supersedes() {
        let (old, new) = pair();
        let held = Held {
            answers: ids(&["A-06", "A-07"]),
            remediation: ids(&["A-06", "A-07"]),
            evidence: ids(&["A-07"]),
            ..Held::default()
        };
        let plan = plan(&old, &new, &held);
        assert_eq!(
            placement(&plan, "A-16").map(|p| p.from.as_str()),
            Some("A-06")
        );
        assert_eq!(
            plan.remediation,
            [Move {
                from: id("A-06"),
                to: id("A-16")
            }]
        );
        assert_eq!(
            plan.evidence,
            [Move {
                from: id("A-07"),
                to: id("A-16")
            }]
        );
        assert_eq!(
            plan.removed,
            [Removed {
                id: id("A-07"),
                answer: true,
                evidence: false,
                remediation: true,
                superseded_by: Some(id("A-16")),
            }]
        );
    }

    #[test]
    fn evidence_and_remediation_of_a_removed_question_are_listed_not_dropped() {
        let (old, new) = pair();
        let held = Held {
            answers: BTreeSet::new(),
            evidence: ids(&["A-03", "A-04"]),
            remediation: ids(&["A-04", "A-01"]),
            ..Held::default()
        };
        let plan = plan(&old, &new, &held);
        assert!(plan.answers.is_empty());
        assert_eq!(
            plan.evidence,
            [Move {
                from: id("A-03"),
                to: id("A-13")
            }]
        );
        assert!(plan.remediation.is_empty(), "A-01 keeps its remediation");
        assert_eq!(
            plan.removed,
            [Removed {
                id: id("A-04"),
                answer: false,
                evidence: true,
                remediation: true,
                superseded_by: None,
            }]
        );
    }

    #[test]
    fn a_split_gives_each_part_the_answer_and_the_first_part_the_remediation() {
        let old = version("1", vec![question("A-01", 1, &[])]);
        let new = version(
            "2",
            vec![
                question("A-02", 1, &["A-01"]),
                question("A-03", 2, &["A-01"]),
            ],
        );
        let held = Held {
            answers: ids(&["A-01"]),
            evidence: ids(&["A-01"]),
            remediation: ids(&["A-01"]),
            ..Held::default()
        };
        let plan = plan(&old, &new, &held);
        let to: Vec<&str> = plan.answers.iter().map(|p| p.to.as_str()).collect();
        assert_eq!(to, ["A-02", "A-03"]);
        assert!(
            plan.answers
                .iter()
                .all(|p| p.reconfirm.contains(&ChangeKind::Replaces))
        );
        assert_eq!(plan.remediation[0].to, id("A-02"));
        assert_eq!(plan.evidence[0].to, id("A-02"));
        assert!(plan.removed.is_empty());
    }

    #[test]
    fn an_unchanged_version_keeps_everything_and_ids_the_old_version_lacks_are_removed() {
        let (old, _) = pair();
        let held = Held {
            answers: ids(&["A-01", "A-02"]),
            ..Held::default()
        };
        let same = plan(&old, &old, &held);
        assert!(same.keeps_everything());
        assert!(same.added.is_empty());
        assert_eq!(same.answers.len(), 2);

        let stray = Held {
            answers: ids(&["Z-01"]),
            ..Held::default()
        };
        let plan = plan(&old, &old, &stray);
        assert!(plan.answers.is_empty());
        assert_eq!(plan.removed[0].id, id("Z-01"));
        assert!(plan.removed[0].answer);
    }

    #[test]
    fn profile_facts_no_longer_asked_or_with_a_vanished_option_are_dropped() {
        use crate::model::{Fact, FactKind, FactOption, FactValue};
        let (old, mut new) = pair();
        let fact = |id: &str, kind: FactKind| Fact {
            id: id.to_owned(),
            text: Text::default(),
            help: Text::default(),
            kind,
            citations: Vec::new(),
        };
        let option = |id: &str| FactOption {
            id: id.to_owned(),
            label: Text::default(),
        };
        new.profile = vec![
            fact("ciio", FactKind::YesNo),
            fact(
                "volume",
                FactKind::OneOf {
                    options: vec![option("small"), option("large")],
                },
            ),
        ];
        let held = Held {
            profile: [
                ("ciio".to_owned(), FactValue::Bool(true)),
                ("volume".to_owned(), FactValue::Choice("huge".to_owned())),
                ("gone".to_owned(), FactValue::Bool(false)),
            ]
            .into_iter()
            .collect(),
            ..Held::default()
        };
        let plan = plan(&old, &new, &held);
        assert_eq!(plan.facts_dropped, ["gone", "volume"]);
        assert!(!plan.keeps_everything());
        let (kept, _) = profile(&new, &held.profile);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept.get("ciio"), Some(&FactValue::Bool(true)));
    }

    #[test]
    fn the_plan_serialises_with_the_change_words() {
        let (old, new) = pair();
        let held = Held {
            answers: ids(&["A-03"]),
            ..Held::default()
        };
        let json = serde_json::to_value(plan(&old, &new, &held)).expect("serialisable");
        assert_eq!(
            json["answers"][0],
            serde_json::json!({ "to": "A-13", "from": "A-03", "reconfirm": ["replaces"] })
        );
        assert_eq!(json["added"], serde_json::json!(["A-20"]));
    }
}
