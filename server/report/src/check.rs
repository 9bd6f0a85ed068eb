//! The glyph check before rendering: every character the report will print from the snapshot
//! must be in both faces. A missing one is an error naming the characters and the field they are
//! in ("the note of question GOV-01"), so that a person can correct the data; the layout engine
//! repeats the check for the report's own texts as a backstop.

use std::collections::BTreeSet;

use questionnaires::{Citation, FactKind, Lang};

use crate::error::ReportError;
use crate::fonts::Fonts;
use crate::input::ReportInput;

/// Checks the printed fields of `input` in the order they appear in the report.
pub(crate) fn check_glyphs(
    input: &ReportInput,
    fonts: &Fonts,
    lang: Lang,
) -> Result<(), ReportError> {
    let mut c = Checker { fonts, found: None };
    let org = &input.organization;
    c.check("the organization name", &org.name);
    c.check("the unified social credit code", &org.uscc);
    c.check("the industry", &org.industry);
    c.check("the region", &org.region);
    c.check("the review cycle", &input.cycle);
    let q = &input.questionnaire;
    c.check("the questionnaire title", q.title.get(lang));
    c.check("the questionnaire version", &q.version);
    c.check("the questionnaire effective date", &q.effective);
    for domain in &q.domains {
        c.check(
            &format!("the title of domain {}", domain.id),
            domain.title.get(lang),
        );
        for question in &domain.questions {
            c.check(
                &format!("the text of question {}", question.id),
                question.text.get(lang),
            );
        }
    }
    for fact in &q.profile {
        c.check(
            &format!("the text of profile fact {}", fact.id),
            fact.text.get(lang),
        );
        if let FactKind::OneOf { options } = &fact.kind {
            for o in options {
                c.check(
                    &format!("option {} of profile fact {}", o.id, fact.id),
                    o.label.get(lang),
                );
            }
        }
    }
    for (id, answer) in &input.answers {
        c.check(&format!("the note of question {id}"), &answer.note);
        if let Some(reason) = &answer.na_reason {
            c.check(&format!("the reason for N/A of question {id}"), reason);
        }
    }
    for (id, meta) in &input.answer_meta {
        c.check(&format!("who last changed question {id}"), &meta.updated_by);
        c.check(
            &format!("when question {id} was last changed"),
            &meta.updated_at,
        );
    }
    for e in &input.evidence {
        c.check(
            &format!("the name of an evidence file of question {}", e.question),
            &e.name,
        );
        c.check(
            &format!("the media type of evidence file “{}”", e.name),
            &e.media_type,
        );
        c.check(
            &format!("the SHA-256 of evidence file “{}”", e.name),
            &e.sha256,
        );
    }
    for r in &input.remediation {
        c.check(
            &format!("the remediation owner of question {}", r.question),
            &r.owner,
        );
        c.check(
            &format!("the remediation due date of question {}", r.question),
            &r.due,
        );
        c.check(
            &format!("the remediation comment of question {}", r.question),
            &r.comment,
        );
    }
    let so = &input.sign_off;
    for (role, sig) in [
        ("assessor", &so.assessor),
        ("reviewer", &so.reviewer),
        ("approver", &so.approver),
    ] {
        if let Some(sig) = sig {
            c.check(&format!("the {role}'s name"), &sig.name);
            c.check(&format!("the {role}'s sign-off date"), &sig.date);
        }
    }
    if let Some(prev) = &input.previous {
        c.check("the previous review cycle", &prev.cycle);
    }
    for p in &input.trend {
        c.check("a review cycle of the trend", &p.cycle);
    }
    // The catalog entries the report prints: instruments and articles the questionnaire cites.
    let cited: BTreeSet<(&str, u16)> = q
        .questions()
        .flat_map(|(_, q)| {
            q.citations
                .iter()
                .map(|c| (c.instrument.as_str(), c.article))
        })
        .collect();
    let mut instruments_seen = BTreeSet::new();
    for &(instrument, article) in &cited {
        let Some(ins) = input.catalog.instrument(instrument) else {
            continue;
        };
        if instruments_seen.insert(instrument) {
            c.check(
                &format!("the catalog entry of {instrument}"),
                ins.name.get(lang),
            );
            c.check(
                &format!("the catalog entry of {instrument}"),
                ins.short.get(lang),
            );
            c.check(
                &format!("the catalog entry of {instrument}"),
                ins.issuer.get(lang),
            );
            c.check(&format!("the catalog entry of {instrument}"), &ins.doc_no);
        }
        let citation = Citation {
            instrument: instrument.to_owned(),
            article,
            paragraph: None,
            item: None,
        };
        if let Some(a) = input.catalog.article(&citation) {
            c.check(
                &format!("the catalog summary of {citation}"),
                a.summary.get(lang),
            );
            if let Some(text) = &a.official_text {
                c.check(&format!("the official text of {citation}"), text);
            }
        }
    }
    match c.found {
        Some((chars, r#where)) => Err(ReportError::MissingGlyphs {
            chars: chars.into_iter().collect(),
            r#where,
        }),
        None => Ok(()),
    }
}

struct Checker<'a> {
    fonts: &'a Fonts,
    /// The missing characters of the first field that has any, and that field.
    found: Option<(BTreeSet<char>, String)>,
}

impl Checker<'_> {
    fn check(&mut self, r#where: &str, text: &str) {
        if self.found.is_some() {
            return;
        }
        // Line breaks and tabs are layout, not glyphs.
        let missing: BTreeSet<char> = text
            .chars()
            .filter(|&c| !matches!(c, '\n' | '\r' | '\t') && !self.fonts.has_char(c))
            .collect();
        if !missing.is_empty() {
            self.found = Some((missing, r#where.to_owned()));
        }
    }
}
