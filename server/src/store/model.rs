//! The values the store takes and returns. They serialise to the JSON the API serves (see
//! ARCHITECTURE.md for the endpoint table), so the HTTP layer passes them through unchanged.

use std::collections::BTreeMap;

use questionnaires::{AnswerValue, Answers, Profile, Subject};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::Uscc;

pub use questionnaires::contract::{
    Action, AuditAction, AuditEntity, RemediationStatus, Status, TransitionError, transition,
};

/// 被评估单位: the organization an assessment is about.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct Organization {
    pub id: i64,
    pub name: String,
    /// 统一社会信用代码, upper case, check digit verified.
    pub uscc: String,
    pub industry: String,
    pub region: String,
    pub created_at: String,
}

/// A validated organization to create or to replace an existing one with.
#[derive(Clone, Debug)]
pub struct OrganizationInput {
    pub name: String,
    pub uscc: Uscc,
    pub industry: String,
    pub region: String,
}

/// The organization as named in a list.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct OrganizationRef {
    pub id: i64,
    pub name: String,
}

/// An answer as stored: the value with its revision and who saved it when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct StoredAnswer {
    pub question_id: String,
    pub value: AnswerValue,
    /// Why the question does not apply; present exactly when `value` is `not_applicable`.
    pub na_reason: Option<String>,
    pub note: String,
    /// 1 for the first save, one more on each save.
    pub revision: i64,
    pub updated_at: String,
    pub updated_by: String,
    /// True while the answer is as it was carried over from the previous review cycle (with
    /// that cycle's `updated_at` and `updated_by`); saving it, changed or not, confirms it.
    pub carried: bool,
}

/// A validated answer to save.
#[derive(Clone, Debug)]
pub struct AnswerInput {
    pub value: AnswerValue,
    pub na_reason: Option<String>,
    pub note: String,
}

/// The questionnaire version an assessment is pinned to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pinned {
    pub questionnaire_id: String,
    pub questionnaire_version: String,
}

/// A validated assessment to create.
#[derive(Clone, Debug)]
pub struct NewAssessment {
    pub organization_id: i64,
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    pub cycle: String,
    /// The App assessed; `None` for an assessment of the whole organization.
    pub subject: Option<Subject>,
    /// The earlier assessment this one starts from, with what it takes over.
    pub carry: Option<Carry>,
}

/// What a new assessment takes over from an earlier one of the same organization and
/// questionnaire: planned by the API (which maps question ids through the questionnaire's
/// `replaces`), written by `Store::create_assessment` in the same transaction.
#[derive(Clone, Debug)]
pub struct Carry {
    pub from: i64,
    /// The earlier assessment's `updated_at` when the plan was made; if it has changed since,
    /// the creation is refused and can be tried again.
    pub seen_updated_at: String,
    pub profile: Profile,
    /// The earlier answers under the ids of the new questionnaire version.
    pub answers: Vec<StoredAnswer>,
    pub evidence: Vec<Evidence>,
    pub remediation: Vec<Remediation>,
}

/// The assessment another one was carried forward from.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct CarriedFrom {
    pub id: i64,
    pub cycle: String,
}

/// A whole assessment, as the wizard loads it.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct Assessment {
    pub id: i64,
    pub organization: Organization,
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    /// 评估周期, e.g. `2026 年度`.
    pub cycle: String,
    /// The App assessed (name, platform, version, package name or bundle id); null for an
    /// assessment of the whole organization.
    pub subject: Option<Subject>,
    pub status: Status,
    /// The earlier review cycle this assessment started from, if any.
    pub carried_from: Option<CarriedFrom>,
    /// Profile fact id → `true`/`false` or the chosen option id.
    #[schema(value_type = BTreeMap<String, questionnaires::FactValue>)]
    pub profile: Profile,
    pub profile_revision: i64,
    /// Question id → answer; unanswered questions are absent.
    pub answers: BTreeMap<String, StoredAnswer>,
    /// Every piece of evidence, oldest first.
    pub evidence: Vec<Evidence>,
    /// Question id → remediation of its gap.
    pub remediation: BTreeMap<String, Remediation>,
    /// Everyone in the assessment's audit log (who created or changed it), in the order they
    /// first appear.
    pub assessors: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// One line of the assessment list, before scoring.
#[derive(Clone, Debug)]
pub struct AssessmentListItem {
    pub id: i64,
    pub organization: OrganizationRef,
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    pub cycle: String,
    pub subject: Option<Subject>,
    pub status: Status,
    pub updated_at: String,
    pub profile: Profile,
    pub answers: Answers,
}

/// What the scoring method needs of an assessment.
#[derive(Clone, Debug)]
pub struct ScoringInput {
    pub pinned: Pinned,
    pub profile: Profile,
    pub answers: Answers,
}

/// One event of the audit log.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct AuditEvent {
    pub id: i64,
    pub at: String,
    pub actor: String,
    /// The assessment the change belongs to; absent for organization changes.
    pub assessment_id: Option<i64>,
    pub entity: AuditEntity,
    /// The entity's id within its kind: a question id, an evidence id, an organization id.
    pub entity_id: String,
    /// For status changes `submit`, `approve`, `archive` or `reopen` (with the reason in
    /// `after`).
    pub action: AuditAction,
    /// The state before the change; `null` for a creation.
    #[schema(value_type = Value)]
    pub before: serde_json::Value,
    /// The state after the change; `null` for a deletion.
    #[schema(value_type = Value)]
    pub after: serde_json::Value,
    /// SHA-256 (hex) over the previous event's hash and this event's fields.
    pub hash: String,
}

/// A piece of evidence (证据): an uploaded file or a written note, attached to one question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Evidence {
    pub id: i64,
    pub question_id: String,
    pub kind: EvidenceKind,
    /// The file's original name (files only).
    pub name: Option<String>,
    /// The file's media type, decided from its extension (files only).
    pub media_type: Option<String>,
    /// Bytes of the file, or of the note's UTF-8 text.
    pub size: i64,
    /// Hex SHA-256 of the file, or of the note's UTF-8 text.
    pub sha256: String,
    /// The note, or a file's description; may be empty for a file.
    pub note: String,
    pub created_at: String,
    pub created_by: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    File,
    Note,
}

/// Remediation (整改) of a gap: who fixes it, by when, and how far it is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Remediation {
    pub question_id: String,
    pub owner: String,
    /// `YYYY-MM-DD`
    pub due_date: Option<String>,
    pub status: RemediationStatus,
    pub comment: String,
    pub updated_at: String,
    pub updated_by: String,
}

/// A validated remediation to store.
#[derive(Clone, Debug)]
pub struct RemediationInput {
    pub owner: String,
    pub due_date: Option<String>,
    pub status: RemediationStatus,
    pub comment: String,
}
