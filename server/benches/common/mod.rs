//! What the benchmarks share: the bundled questionnaire enlarged to the size the product
//! promises, so that every figure is for an assessment of that many questions.

use questionnaires::{QuestionId, Questionnaire};

/// The questions every benchmark assessment has.
pub const QUESTIONS: usize = 300;

/// `questionnaire` with its domains repeated under new ids (`GOV` → `GOVR1`, domain `gov` →
/// `gov1`) until it has exactly `n` questions.
pub fn enlarged(questionnaire: &Questionnaire, n: usize) -> Questionnaire {
    let mut questionnaire = questionnaire.clone();
    let originals = questionnaire.domains.clone();
    let mut round = 0;
    while questionnaire.questions().count() < n {
        round += 1;
        for domain in &originals {
            let mut copy = domain.clone();
            copy.id = format!("{}{round}", domain.id);
            copy.title.zh = format!("{}（{round}）", domain.title.zh);
            copy.title.en = format!("{} ({round})", domain.title.en);
            for q in &mut copy.questions {
                let (prefix, number) = q.id.as_str().split_once('-').expect("ids are PREFIX-NN");
                q.id =
                    QuestionId::parse(&format!("{prefix}R{round}-{number}")).expect("a valid id");
                q.replaces.clear();
            }
            questionnaire.domains.push(copy);
        }
    }
    let mut keep = questionnaire.questions().count();
    while keep > n {
        let Some(last) = questionnaire.domains.last_mut() else {
            break;
        };
        last.questions.pop();
        if last.questions.is_empty() {
            questionnaire.domains.pop();
        }
        keep -= 1;
    }
    questionnaire
}
