//! The life of an assessment and of a remediation item: the statuses with their names on the
//! wire and their labels in both languages, written once for the server, the browser and the
//! report, and the status machine — which changes are allowed, what each is called in the audit
//! log, and that reopening needs a reason — as a pure function.

use serde::{Deserialize, Serialize};

use crate::Text;

/// An assessment's status. Approved and archived assessments are read-only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Submitted,
    Approved,
    Archived,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Draft,
        Status::Submitted,
        Status::Approved,
        Status::Archived,
    ];

    /// The name on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Approved => "approved",
            Status::Archived => "archived",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.as_str() == s)
    }

    /// Whether answers, profile, evidence and remediation can no longer change.
    pub fn is_read_only(self) -> bool {
        matches!(self, Status::Approved | Status::Archived)
    }

    pub fn label(self) -> Text {
        match self {
            Status::Draft => Text::new("草稿", "Draft"),
            Status::Submitted => Text::new("已提交", "Submitted"),
            Status::Approved => Text::new("已批准", "Approved"),
            Status::Archived => Text::new("已归档", "Archived"),
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An allowed change of status, as the audit log names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Submit,
    Approve,
    Archive,
    /// Back to draft from submitted or approved; needs a reason.
    Reopen,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Approve => "approve",
            Action::Archive => "archive",
            Action::Reopen => "reopen",
        }
    }
}

/// Why a status change is refused; the message says what is possible instead.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error(
        "An assessment that is {from} cannot become {to}; from {from} it can become {}.",
        allowed_from(*from)
    )]
    NotAllowed { from: Status, to: Status },
    #[error(
        "Reopening a {from} assessment as a draft needs a reason in `reason`; it is recorded in \
         the audit log."
    )]
    ReasonRequired { from: Status },
}

/// The change from `from` to `to`, if it is allowed; reopening needs a `reason` that is not
/// blank.
pub fn transition(
    from: Status,
    to: Status,
    reason: Option<&str>,
) -> Result<Action, TransitionError> {
    let action = step(from, to).ok_or(TransitionError::NotAllowed { from, to })?;
    if action == Action::Reopen && reason.is_none_or(|r| r.trim().is_empty()) {
        return Err(TransitionError::ReasonRequired { from });
    }
    Ok(action)
}

/// The allowed steps.
fn step(from: Status, to: Status) -> Option<Action> {
    match (from, to) {
        (Status::Draft, Status::Submitted) => Some(Action::Submit),
        (Status::Submitted, Status::Approved) => Some(Action::Approve),
        (Status::Approved, Status::Archived) => Some(Action::Archive),
        (Status::Submitted | Status::Approved, Status::Draft) => Some(Action::Reopen),
        _ => None,
    }
}

/// Where an assessment that is `from` can go, for people: `submitted or draft`.
fn allowed_from(from: Status) -> String {
    let next: Vec<&str> = Status::ALL
        .into_iter()
        .filter(|&to| step(from, to).is_some())
        .map(Status::as_str)
        .collect();
    if next.is_empty() {
        "nothing: it is final".to_owned()
    } else {
        next.join(" or ")
    }
}

/// Where a remediation item stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RemediationStatus {
    #[default]
    Open,
    InProgress,
    Done,
    /// The risk is accepted rather than fixed.
    Accepted,
}

impl RemediationStatus {
    pub const ALL: [RemediationStatus; 4] = [
        RemediationStatus::Open,
        RemediationStatus::InProgress,
        RemediationStatus::Done,
        RemediationStatus::Accepted,
    ];

    /// The name on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            RemediationStatus::Open => "open",
            RemediationStatus::InProgress => "in_progress",
            RemediationStatus::Done => "done",
            RemediationStatus::Accepted => "accepted",
        }
    }

    pub fn parse(s: &str) -> Option<RemediationStatus> {
        RemediationStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
    }

    /// The label the app, the report and the exported tables all print.
    pub fn label(self) -> Text {
        match self {
            RemediationStatus::Open => Text::new("待整改", "Open"),
            RemediationStatus::InProgress => Text::new("整改中", "In progress"),
            RemediationStatus::Done => Text::new("已完成", "Done"),
            RemediationStatus::Accepted => Text::new("接受风险", "Risk accepted"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    #[test]
    fn the_status_moves_forward_one_step_at_a_time_and_reopens_with_a_reason() {
        assert_eq!(transition(Draft, Submitted, None), Ok(Action::Submit));
        assert_eq!(transition(Submitted, Approved, None), Ok(Action::Approve));
        assert_eq!(transition(Approved, Archived, None), Ok(Action::Archive));
        assert_eq!(
            transition(Submitted, Draft, Some("补充证据")),
            Ok(Action::Reopen)
        );
        assert_eq!(
            transition(Approved, Draft, Some("审计发现问题")),
            Ok(Action::Reopen)
        );
        for reason in [None, Some(""), Some("  ")] {
            assert_eq!(
                transition(Approved, Draft, reason),
                Err(TransitionError::ReasonRequired { from: Approved })
            );
        }
        for (from, to) in [
            (Draft, Approved),
            (Draft, Archived),
            (Draft, Draft),
            (Submitted, Archived),
            (Submitted, Submitted),
            (Archived, Draft),
            (Archived, Approved),
            (Approved, Submitted),
        ] {
            assert_eq!(
                transition(from, to, Some("reason")),
                Err(TransitionError::NotAllowed { from, to }),
                "{from} → {to}"
            );
        }
    }

    #[test]
    fn a_refusal_says_where_the_assessment_can_go_instead() {
        let message = |from, to| {
            transition(from, to, Some("r"))
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert_eq!(
            message(Draft, Approved),
            "An assessment that is draft cannot become approved; from draft it can become \
             submitted."
        );
        assert!(
            message(Approved, Submitted).ends_with("it can become draft or archived."),
            "{}",
            message(Approved, Submitted)
        );
        assert!(message(Archived, Draft).ends_with("nothing: it is final."));
    }

    #[test]
    fn every_status_reads_back_from_its_name() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
            assert_eq!(
                serde_json::to_value(status).ok(),
                Some(serde_json::Value::from(status.as_str()))
            );
        }
        for status in RemediationStatus::ALL {
            assert_eq!(RemediationStatus::parse(status.as_str()), Some(status));
            assert_eq!(
                serde_json::to_value(status).ok(),
                Some(serde_json::Value::from(status.as_str()))
            );
        }
        assert_eq!(Status::parse("Draft"), None);
        assert_eq!(RemediationStatus::parse("closed"), None);
    }
}
