//! The next review cycle: what a new assessment takes over from an earlier one of the same
//! organization, questionnaire and App. Pure functions of the earlier assessment and the
//! questionnaire version the new one is pinned to; the store writes the plan, the HTTP layer
//! only fetches the earlier assessment and reports a refusal.

use questionnaires::{QuestionId, Questionnaire, Subject};

use crate::store::model::{Assessment, Carry, Evidence, RemediationStatus, StoredAnswer};

/// Why an assessment cannot be carried into a new one; each message says what to do instead.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CarryError {
    #[error(
        "Assessment {from} is of organization {found} ({name}), not of organization {wanted}; \
         a new cycle carries forward an assessment of the same organization."
    )]
    OtherOrganization {
        from: i64,
        found: i64,
        name: String,
        wanted: i64,
    },
    #[error(
        "Assessment {from} uses questionnaire `{found}`, not `{wanted}`; a new cycle carries \
         forward an assessment of the same questionnaire."
    )]
    OtherQuestionnaire {
        from: i64,
        found: String,
        wanted: String,
    },
    #[error(
        "Assessment {from} is of the App {earlier}, not of {requested}; the next cycle of an App \
         carries forward an assessment of the same App (the same package id, or the same name on \
         the same platform). Start the other App's assessment without `carry_from`, or from one \
         of its own."
    )]
    OtherApp {
        from: i64,
        earlier: Box<Subject>,
        requested: Box<Subject>,
    },
}

/// What a new assessment of `organization` with `questionnaire` takes over from `source`: the
/// profile facts the questionnaire still asks, the answers of its questions (under a replaced
/// question's successor where ids changed), their evidence, and the remediation not yet done.
/// Also returns the App `source` assessed.
pub fn plan(
    source: Assessment,
    organization: i64,
    questionnaire: &Questionnaire,
) -> Result<(Carry, Option<Subject>), CarryError> {
    let from = source.id;
    if source.organization.id != organization {
        return Err(CarryError::OtherOrganization {
            from,
            found: source.organization.id,
            name: source.organization.name,
            wanted: organization,
        });
    }
    if source.questionnaire_id != questionnaire.id {
        return Err(CarryError::OtherQuestionnaire {
            from,
            found: source.questionnaire_id,
            wanted: questionnaire.id.clone(),
        });
    }
    // The id a stored question id has in `questionnaire`: itself, or the question replacing it.
    let successor = |old: &str| -> Option<String> {
        let old = QuestionId::parse(old).ok()?;
        Some(questionnaire.successor(&old)?.id.as_str().to_owned())
    };
    let (profile, _) = questionnaires::upgrade::profile(questionnaire, &source.profile);
    let answers = questionnaire
        .questions()
        .filter_map(|(_, q)| {
            let answer = q
                .answer_ids()
                .find_map(|id| source.answers.get(id.as_str()))?;
            Some(StoredAnswer {
                question_id: q.id.as_str().to_owned(),
                ..answer.clone()
            })
        })
        .collect();
    let evidence = source
        .evidence
        .into_iter()
        .filter_map(|e| {
            Some(Evidence {
                question_id: successor(&e.question_id)?,
                ..e
            })
        })
        .collect();
    let remediation = source
        .remediation
        .into_values()
        .filter(|r| r.status != RemediationStatus::Done)
        .filter_map(|r| {
            Some(crate::store::model::Remediation {
                question_id: successor(&r.question_id)?,
                ..r
            })
        })
        .collect();
    let carry = Carry {
        from,
        seen_updated_at: source.updated_at,
        profile,
        answers,
        evidence,
        remediation,
    };
    Ok((carry, source.subject))
}

/// The App of the next cycle of assessment `from`, which assessed `earlier`: the App asked for,
/// if it is the same App (typically in a new version), with the version and package id of the
/// earlier one where the request leaves them out; without a request, the earlier one as it was.
pub fn subject(
    from: i64,
    earlier: Option<Subject>,
    requested: Option<Subject>,
) -> Result<Option<Subject>, CarryError> {
    match (earlier, requested) {
        (Some(earlier), Some(requested)) if earlier.same_app(&requested) => {
            let or_earlier = |given: String, before: String| {
                if given.is_empty() { before } else { given }
            };
            Ok(Some(Subject {
                version: or_earlier(requested.version, earlier.version),
                package_id: or_earlier(requested.package_id, earlier.package_id),
                ..requested
            }))
        }
        (Some(earlier), Some(requested)) => Err(CarryError::OtherApp {
            from,
            earlier: Box::new(earlier),
            requested: Box::new(requested),
        }),
        (earlier, requested) => Ok(requested.or(earlier)),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use questionnaires::{AnswerValue, FactValue, Platform};

    use super::*;
    use crate::store::model::{EvidenceKind, Organization, Remediation, Status};

    fn library() -> questionnaires::Library {
        questionnaires::load_bundled().library
    }

    fn answer(id: &str, value: AnswerValue) -> (String, StoredAnswer) {
        (
            id.to_owned(),
            StoredAnswer {
                question_id: id.to_owned(),
                value,
                na_reason: None,
                note: format!("{id} 的说明"),
                revision: 3,
                updated_at: "2026-03-01T09:30:00Z".to_owned(),
                updated_by: "王五".to_owned(),
                carried: false,
            },
        )
    }

    fn evidence(id: i64, question: &str) -> Evidence {
        Evidence {
            id,
            question_id: question.to_owned(),
            kind: EvidenceKind::Note,
            name: None,
            media_type: None,
            size: 6,
            sha256: "ab".repeat(32),
            note: "制度".to_owned(),
            created_at: "2026-03-01T09:30:00Z".to_owned(),
            created_by: "王五".to_owned(),
        }
    }

    fn remediation(question: &str, status: RemediationStatus) -> (String, Remediation) {
        (
            question.to_owned(),
            Remediation {
                question_id: question.to_owned(),
                owner: "李强".to_owned(),
                due_date: Some("2026-06-30".to_owned()),
                status,
                comment: String::new(),
                updated_at: "2026-03-01T09:30:00Z".to_owned(),
                updated_by: "王五".to_owned(),
            },
        )
    }

    /// An approved 2026.1 assessment with answers to a question 2026.2 keeps (GOV-01) and one it
    /// splits into LIF-23 and LIF-24 (LIF-18), evidence on both, and a done and an open
    /// remediation item.
    fn source() -> Assessment {
        Assessment {
            id: 7,
            organization: Organization {
                id: 1,
                name: "示例科技有限公司".to_owned(),
                uscc: "91350100M000100Y43".to_owned(),
                industry: String::new(),
                region: String::new(),
                created_at: "2026-01-01T00:00:00Z".to_owned(),
            },
            questionnaire_id: "miit-data-security".to_owned(),
            questionnaire_version: "2026.1".to_owned(),
            cycle: "2026 年度".to_owned(),
            subject: None,
            status: Status::Approved,
            carried_from: None,
            profile: BTreeMap::from([
                (
                    "cross_border".to_owned(),
                    FactValue::Choice("lt100k".to_owned()),
                ),
                ("no_such_fact".to_owned(), FactValue::Bool(true)),
            ]),
            profile_revision: 2,
            answers: BTreeMap::from([
                answer("GOV-01", AnswerValue::Compliant),
                answer("LIF-18", AnswerValue::Partial),
            ]),
            evidence: vec![evidence(11, "GOV-01"), evidence(12, "LIF-18")],
            remediation: BTreeMap::from([
                remediation("GOV-01", RemediationStatus::Done),
                remediation("LIF-18", RemediationStatus::InProgress),
            ]),
            assessors: vec!["王五".to_owned()],
            created_at: "2026-01-02T00:00:00Z".to_owned(),
            updated_at: "2026-03-01T09:30:00Z".to_owned(),
        }
    }

    #[test]
    fn the_next_cycle_takes_answers_evidence_and_open_remediation_under_the_new_ids() {
        let library = library();
        let next = library
            .version("miit-data-security", "2026.2")
            .unwrap_or_else(|| panic!("2026.2 is bundled"));
        let (carry, subject) = plan(source(), 1, next).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(carry.from, 7);
        assert_eq!(carry.seen_updated_at, "2026-03-01T09:30:00Z");
        assert_eq!(subject, None);
        let answered: Vec<(&str, AnswerValue)> = carry
            .answers
            .iter()
            .map(|a| (a.question_id.as_str(), a.value))
            .collect();
        assert!(
            answered.contains(&("GOV-01", AnswerValue::Compliant)),
            "{answered:?}"
        );
        // Both questions LIF-18 was split into start from its answer; LIF-18 itself is gone.
        assert!(
            answered.contains(&("LIF-23", AnswerValue::Partial)),
            "{answered:?}"
        );
        assert!(
            answered.contains(&("LIF-24", AnswerValue::Partial)),
            "{answered:?}"
        );
        assert!(
            !answered.iter().any(|(id, _)| *id == "LIF-18"),
            "{answered:?}"
        );
        let evidence: Vec<(i64, &str)> = carry
            .evidence
            .iter()
            .map(|e| (e.id, e.question_id.as_str()))
            .collect();
        assert_eq!(evidence, [(11, "GOV-01"), (12, "LIF-23")]);
        // Done remediation stays behind; the open item follows its question.
        let plans: Vec<(&str, RemediationStatus)> = carry
            .remediation
            .iter()
            .map(|r| (r.question_id.as_str(), r.status))
            .collect();
        assert_eq!(plans, [("LIF-23", RemediationStatus::InProgress)]);
        // Only the facts the questionnaire still asks.
        assert!(
            carry.profile.contains_key("cross_border"),
            "{:?}",
            carry.profile
        );
        assert!(!carry.profile.contains_key("no_such_fact"));
    }

    #[test]
    fn another_organization_or_questionnaire_is_refused_with_what_it_is() {
        let library = library();
        let q = library
            .questionnaire("miit-data-security")
            .unwrap_or_else(|| panic!("bundled"));
        assert_eq!(
            plan(source(), 2, q).err(),
            Some(CarryError::OtherOrganization {
                from: 7,
                found: 1,
                name: "示例科技有限公司".to_owned(),
                wanted: 2,
            })
        );
        let other = library
            .questionnaires
            .iter()
            .find(|q| q.id != "miit-data-security")
            .unwrap_or_else(|| panic!("a second questionnaire is bundled"));
        let error = plan(source(), 1, other).err();
        assert!(
            matches!(&error, Some(CarryError::OtherQuestionnaire { found, .. }) if found == "miit-data-security"),
            "{error:?}"
        );
    }

    fn app(name: &str, platform: Platform, version: &str, package_id: &str) -> Subject {
        Subject {
            name: name.to_owned(),
            platform,
            version: version.to_owned(),
            package_id: package_id.to_owned(),
        }
    }

    #[test]
    fn the_next_cycle_of_an_app_is_the_same_app_in_its_new_version() {
        let earlier = app("示例商城", Platform::Android, "5.1.0", "com.example.shop");
        // A new version of the same App: what the request leaves out comes from the earlier one.
        let requested = app("示例商城", Platform::Android, "5.2.0", "");
        assert_eq!(
            subject(7, Some(earlier.clone()), Some(requested)),
            Ok(Some(app(
                "示例商城",
                Platform::Android,
                "5.2.0",
                "com.example.shop"
            )))
        );
        assert_eq!(
            subject(7, Some(earlier.clone()), None),
            Ok(Some(earlier.clone()))
        );
        assert_eq!(subject(7, None, None), Ok(None));
        let other = app("另一个App", Platform::Ios, "1.0", "com.example.other");
        let refused = subject(7, Some(earlier), Some(other));
        assert!(
            matches!(&refused, Err(CarryError::OtherApp { from: 7, .. })),
            "{refused:?}"
        );
        let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            message.contains("示例商城") && message.contains("另一个App"),
            "{message}"
        );
    }
}
