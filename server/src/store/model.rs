//! The values the store takes and returns. They serialise to the JSON the API serves (see
//! ARCHITECTURE.md for the endpoint table), so the HTTP layer passes them through unchanged.

use std::collections::BTreeMap;
use std::fmt;

use questionnaires::{AnswerValue, Answers, Profile};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::Uscc;

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

/// An assessment's status. Approved and archived assessments are read-only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Submitted,
    Approved,
    Archived,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Approved => "approved",
            Status::Archived => "archived",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "draft" => Some(Status::Draft),
            "submitted" => Some(Status::Submitted),
            "approved" => Some(Status::Approved),
            "archived" => Some(Status::Archived),
            _ => None,
        }
    }

    /// Whether answers, profile, evidence and remediation can no longer change.
    pub fn is_read_only(self) -> bool {
        matches!(self, Status::Approved | Status::Archived)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An answer as stored: the value with its revision and who saved it when.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct StoredAnswer {
    pub question_id: String,
    /// `compliant`, `partial`, `non_compliant` or `not_applicable`.
    #[schema(value_type = String, example = "compliant")]
    pub value: AnswerValue,
    /// Why the question does not apply; present exactly when `value` is `not_applicable`.
    pub na_reason: Option<String>,
    pub note: String,
    /// 1 for the first save, one more on each save.
    pub revision: i64,
    pub updated_at: String,
    pub updated_by: String,
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
    pub status: Status,
    /// Profile fact id → `true`/`false` or the chosen option id.
    #[schema(value_type = Object)]
    pub profile: Profile,
    pub profile_revision: i64,
    /// Question id → answer; unanswered questions are absent.
    pub answers: BTreeMap<String, StoredAnswer>,
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
    /// `organization`, `assessment`, `profile`, `answer`, `status`, `evidence` or `remediation`.
    pub entity: String,
    /// The entity's id within its kind: a question id, an evidence id, an organization id.
    pub entity_id: String,
    /// `create`, `update`, `delete`, or for status changes the new status.
    pub action: String,
    /// The state before the change; `null` for a creation.
    #[schema(value_type = Object)]
    pub before: serde_json::Value,
    /// The state after the change; `null` for a deletion.
    #[schema(value_type = Object)]
    pub after: serde_json::Value,
    /// SHA-256 (hex) over the previous event's hash and this event's fields.
    pub hash: String,
}
