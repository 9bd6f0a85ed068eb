//! The assessment snapshot a report is rendered from, and its digest.
//!
//! The snapshot holds everything the report prints, so that the report is a function of it (and
//! of the render options) alone. Its canonical JSON — serde's output of these structs, whose
//! fields serialise in declaration order and whose maps are `BTreeMap`s — is hashed with
//! SHA-256; the digest is printed on the cover so that an auditor can check a report against the
//! data it was made from.

use std::collections::BTreeMap;

use questionnaires::{
    AnswerValue, Answers, Catalog, CitedInstrument, Comparison, Profile, QuestionId, Questionnaire,
    Subject,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The statuses are the contract's, so the report prints what the server stores. An assessment
/// loses the "草稿 / DRAFT" marking only once it is approved.
pub use questionnaires::contract::{RemediationStatus, Status as AssessmentStatus};

/// An assessment as of the moment its report is generated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportInput {
    pub organization: Organization,
    /// The review cycle, e.g. "2026 年度".
    pub cycle: String,
    pub questionnaire: Questionnaire,
    /// The regulation catalog the questionnaire cites.
    pub catalog: Catalog,
    pub status: AssessmentStatus,
    pub profile: Profile,
    pub answers: Answers,
    /// Who last changed each answer, and when.
    #[serde(default)]
    pub answer_meta: BTreeMap<QuestionId, AnswerMeta>,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    #[serde(default)]
    pub remediation: Vec<Remediation>,
    #[serde(default)]
    pub sign_off: SignOff,
    /// The previous review cycle of the same organization, for "change since the previous
    /// cycle".
    #[serde(default)]
    pub previous: Option<PreviousCycle>,
    /// Overall scores of earlier cycles, oldest first. The current cycle is added from its own
    /// score.
    #[serde(default)]
    pub trend: Vec<TrendPoint>,
    /// The cycle this assessment was carried forward from (its profile, answers, evidence and
    /// unfinished remediation were copied), e.g. "2025 年度".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried_from: Option<String>,
    /// The App assessed, for an assessment of one App rather than the whole organization. Left
    /// out of the canonical JSON when there is none, so that the digest of such a report is what
    /// it was before subjects existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<Subject>,
    /// The instruments the questionnaire cites, with the date each is current to
    /// (`Library::instruments_cited`), for the methodology section. Left out of the canonical
    /// JSON when empty, like `subject`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instruments: Vec<CitedInstrument>,
}

/// 被评估单位.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    pub name: String,
    /// 统一社会信用代码 (validated by the store).
    pub uscc: String,
    pub industry: String,
    pub region: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerMeta {
    pub updated_by: String,
    /// As stored, e.g. `2026-03-01T09:30:00Z`; the report prints the date.
    pub updated_at: String,
    /// Carried over from the previous review cycle and not confirmed since: `updated_by` and
    /// `updated_at` are then that cycle's.
    #[serde(default)]
    pub carried: bool,
}

/// An evidence file attached to a question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub question: QuestionId,
    pub name: String,
    /// Lower-case hex.
    pub sha256: String,
    /// Bytes.
    pub size: u64,
    pub media_type: String,
}

/// The remediation plan of one gap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remediation {
    pub question: QuestionId,
    pub owner: String,
    /// `YYYY-MM-DD`.
    pub due: String,
    pub status: RemediationStatus,
    #[serde(default)]
    pub comment: String,
}

/// Who assessed, reviewed and approved, and when; a role not yet signed is `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOff {
    pub assessor: Option<Signature>,
    pub reviewer: Option<Signature>,
    pub approver: Option<Signature>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub name: String,
    /// `YYYY-MM-DD` or a full timestamp.
    pub date: String,
}

/// What the previous cycle found, to show improvements and regressions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PreviousCycle {
    pub cycle: String,
    /// Its overall score; `None` when it was not scored.
    pub overall: Option<f64>,
    /// Its answer per question (carried-over ids as in the current questionnaire).
    pub values: BTreeMap<QuestionId, AnswerValue>,
    /// What changed from it to this cycle, by `questionnaires::compare` (the numbers the app's
    /// compare page shows). Absent in the approval records of reports approved before
    /// comparisons were recorded, which then print only the two overall scores; left out of the
    /// canonical JSON when absent, so those reports keep their digest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub cycle: String,
    pub score: f64,
}

impl ReportInput {
    /// The canonical JSON of the snapshot: the bytes the digest is computed over.
    pub fn canonical_json(&self) -> Vec<u8> {
        // Serialising these types cannot fail: every map key is a string and no type has a
        // fallible `Serialize`; an empty document would still give a stable (if useless) digest.
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// SHA-256 of [`ReportInput::canonical_json`], lower-case hex.
    pub fn digest(&self) -> String {
        hex(&Sha256::digest(self.canonical_json()))
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
