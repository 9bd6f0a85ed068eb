//! Whether a profile sent by the browser fits the questionnaire it is for: every fact named is
//! one of the questionnaire's and has a value of its kind. The server refuses a profile that
//! does not; the browser only ever sends the values its controls offer.

use crate::{FactKind, Profile, Questionnaire};

/// What is wrong with a profile; the message names the fact and what it takes.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    #[error("`{fact}` is not a profile fact of questionnaire `{questionnaire}`.")]
    UnknownFact { fact: String, questionnaire: String },
    #[error("Profile fact `{fact}` is answered with true or false.")]
    NotYesNo { fact: String },
    #[error("Profile fact `{fact}` is answered with one of: {}.", options.join(", "))]
    NotAnOption { fact: String, options: Vec<String> },
}

/// The first problem of `profile` for `questionnaire`, in the profile's order.
pub fn check_profile(questionnaire: &Questionnaire, profile: &Profile) -> Result<(), ProfileError> {
    for (id, value) in profile {
        let Some(fact) = questionnaire.fact(id) else {
            return Err(ProfileError::UnknownFact {
                fact: id.clone(),
                questionnaire: questionnaire.id.clone(),
            });
        };
        if fact.accepts(value) {
            continue;
        }
        return Err(match &fact.kind {
            FactKind::YesNo => ProfileError::NotYesNo { fact: id.clone() },
            FactKind::OneOf { options } => ProfileError::NotAnOption {
                fact: id.clone(),
                options: options.iter().map(|o| o.id.clone()).collect(),
            },
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Fact, FactOption, FactValue, SubjectKind, Text, Thresholds};

    fn questionnaire() -> Questionnaire {
        let fact = |id: &str, kind| Fact {
            id: id.to_owned(),
            text: Text::new(id, id),
            help: Text::default(),
            kind,
            citations: Vec::new(),
        };
        let option = |id: &str| FactOption {
            id: id.to_owned(),
            label: Text::new(id, id),
        };
        Questionnaire {
            id: "q".to_owned(),
            version: "1".to_owned(),
            title: Text::new("问卷", "Questionnaire"),
            effective: "2026-01-01".to_owned(),
            scope: Text::default(),
            subject: SubjectKind::default(),
            thresholds: Thresholds::default(),
            profile: vec![
                fact("important_data", FactKind::YesNo),
                fact(
                    "pi_volume",
                    FactKind::OneOf {
                        options: vec![option("lt1m"), option("1m")],
                    },
                ),
            ],
            domains: Vec::new(),
        }
    }

    fn profile(facts: &[(&str, FactValue)]) -> Profile {
        facts
            .iter()
            .map(|(id, value)| ((*id).to_owned(), value.clone()))
            .collect()
    }

    #[test]
    fn a_profile_of_known_facts_with_values_of_their_kind_fits() {
        let q = questionnaire();
        assert_eq!(check_profile(&q, &Profile::new()), Ok(()));
        let full = profile(&[
            ("important_data", FactValue::Bool(false)),
            ("pi_volume", FactValue::Choice("1m".to_owned())),
        ]);
        assert_eq!(check_profile(&q, &full), Ok(()));
    }

    #[test]
    fn an_unknown_fact_or_a_value_of_the_wrong_kind_is_named() {
        let q = questionnaire();
        let unknown = check_profile(&q, &profile(&[("ciio", FactValue::Bool(true))]));
        assert_eq!(
            unknown.map_err(|e| e.to_string()),
            Err("`ciio` is not a profile fact of questionnaire `q`.".to_owned())
        );
        let choice_for_yes_no = profile(&[("important_data", FactValue::Choice("1m".to_owned()))]);
        assert_eq!(
            check_profile(&q, &choice_for_yes_no),
            Err(ProfileError::NotYesNo {
                fact: "important_data".to_owned()
            })
        );
        let not_an_option = profile(&[("pi_volume", FactValue::Choice("10m".to_owned()))]);
        assert_eq!(
            check_profile(&q, &not_an_option).map_err(|e| e.to_string()),
            Err("Profile fact `pi_volume` is answered with one of: lt1m, 1m.".to_owned())
        );
        let bool_for_choice = profile(&[("pi_volume", FactValue::Bool(true))]);
        assert!(matches!(
            check_profile(&q, &bool_for_choice),
            Err(ProfileError::NotAnOption { .. })
        ));
    }
}
