//! What an audit event is about and what was done, as the server writes them and the browser
//! reads them: every kind Ziping has ever written, so that an old log still reads. The stored
//! text is what the hash chain protects; these are its names, spelled once.

use serde::{Deserialize, Serialize};

use super::Action;

/// What an audit event changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditEntity {
    Organization,
    Assessment,
    Profile,
    Answer,
    Evidence,
    Remediation,
    /// The report of an approved assessment, as generated (written by earlier versions when a
    /// report was downloaded; kept so that their logs still read).
    Report,
}

/// What was done to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Create,
    Update,
    Delete,
    /// A status change (see [`Action`]).
    Submit,
    Approve,
    Archive,
    Reopen,
    /// Moved to a newer questionnaire version.
    Upgrade,
    /// Created from a portable archive.
    Import,
    /// A report generated (old logs only, like [`AuditEntity::Report`]).
    Generate,
}

impl AuditEntity {
    pub const ALL: [AuditEntity; 7] = [
        AuditEntity::Organization,
        AuditEntity::Assessment,
        AuditEntity::Profile,
        AuditEntity::Answer,
        AuditEntity::Evidence,
        AuditEntity::Remediation,
        AuditEntity::Report,
    ];

    /// The name on the wire and in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditEntity::Organization => "organization",
            AuditEntity::Assessment => "assessment",
            AuditEntity::Profile => "profile",
            AuditEntity::Answer => "answer",
            AuditEntity::Evidence => "evidence",
            AuditEntity::Remediation => "remediation",
            AuditEntity::Report => "report",
        }
    }

    pub fn parse(s: &str) -> Option<AuditEntity> {
        AuditEntity::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

impl AuditAction {
    pub const ALL: [AuditAction; 10] = [
        AuditAction::Create,
        AuditAction::Update,
        AuditAction::Delete,
        AuditAction::Submit,
        AuditAction::Approve,
        AuditAction::Archive,
        AuditAction::Reopen,
        AuditAction::Upgrade,
        AuditAction::Import,
        AuditAction::Generate,
    ];

    /// The name on the wire and in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Delete => "delete",
            AuditAction::Submit => "submit",
            AuditAction::Approve => "approve",
            AuditAction::Archive => "archive",
            AuditAction::Reopen => "reopen",
            AuditAction::Upgrade => "upgrade",
            AuditAction::Import => "import",
            AuditAction::Generate => "generate",
        }
    }

    pub fn parse(s: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

impl From<Action> for AuditAction {
    fn from(action: Action) -> AuditAction {
        match action {
            Action::Submit => AuditAction::Submit,
            Action::Approve => AuditAction::Approve,
            Action::Archive => AuditAction::Archive,
            Action::Reopen => AuditAction::Reopen,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entity_and_action_reads_back_from_its_name_on_the_wire() {
        for e in AuditEntity::ALL {
            assert_eq!(AuditEntity::parse(e.as_str()), Some(e));
            assert_eq!(
                serde_json::to_value(e).ok(),
                Some(serde_json::Value::from(e.as_str()))
            );
        }
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(a));
            assert_eq!(
                serde_json::to_value(a).ok(),
                Some(serde_json::Value::from(a.as_str()))
            );
        }
        for action in [
            Action::Submit,
            Action::Approve,
            Action::Archive,
            Action::Reopen,
        ] {
            assert_eq!(AuditAction::from(action).as_str(), action.as_str());
        }
        assert_eq!(AuditEntity::parse("Answer"), None);
    }
}
