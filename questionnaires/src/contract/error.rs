//! The error body of every API failure and the machine-readable codes it carries. The server
//! builds it from its own errors in one place (`server/src/http/error.rs`); the browser reads it
//! back and matches on [`ErrorCode`], so a code one side knows and the other does not is a
//! compile error rather than a string that silently stops matching. The OpenAPI document lists
//! the same codes, from this enum.

use serde::{Deserialize, Serialize};

/// `{"error": {"code", "message", "current"?}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// What went wrong, for programs.
    pub code: ErrorCode,
    /// A sentence a person can act on.
    pub message: String,
    /// For 409 conflicts: what is stored now (the stored answer, or null for none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Value, required = false))]
    pub current: Option<serde_json::Value>,
}

/// Writes the enum, its wire names and the list of all codes from one table. The wire name is
/// the variant's name in snake case (serde and the OpenAPI schema derive it); `as_str` spells it
/// out, and a test checks that the two agree.
macro_rules! codes {
    ($( $(#[doc = $doc:literal])+ $variant:ident = $code:literal, )+) => {
        /// Every code the API answers with. `Unknown` stands for a code this build does not know
        /// (a page loaded before the server was upgraded); the server never sends it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode {
            $( $(#[doc = $doc])+ $variant, )+
            #[serde(other)]
            Unknown,
        }

        impl ErrorCode {
            /// Every code the server can send.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),+];

            /// The code as it is written on the wire.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)+
                    ErrorCode::Unknown => "unknown",
                }
            }
        }
    };
}

codes! {
    // Requests the server cannot read.
    /// The request is not well formed in a way no other code names.
    BadRequest = "bad_request",
    /// The JSON body does not have the fields and types the endpoint takes.
    InvalidBody = "invalid_body",
    /// The body is not JSON at all.
    MalformedJson = "malformed_json",
    /// A multipart upload could not be read.
    MalformedMultipart = "malformed_multipart",
    /// The body's content type is not one the endpoint takes.
    UnsupportedMediaType = "unsupported_media_type",
    /// A query parameter is missing or not of its type.
    InvalidQuery = "invalid_query",
    /// The body or upload is larger than the endpoint allows.
    TooLarge = "too_large",
    /// No endpoint or record at this path.
    NotFound = "not_found",
    /// The endpoint exists but not with this method.
    MethodNotAllowed = "method_not_allowed",

    // Who is asking, and from where.
    /// The request needs the API token and came without it, or with another one.
    Unauthorized = "unauthorized",
    /// The `Host` header names a host this server does not answer for.
    ForbiddenHost = "forbidden_host",
    /// The request came from a page of another site.
    ForbiddenOrigin = "forbidden_origin",
    /// A change needs the user's name and none was given.
    UserRequired = "user_required",
    /// The user's name is not a valid name.
    InvalidUser = "invalid_user",

    // Text and values.
    /// A required text is empty or only white space.
    Blank = "blank",
    /// A text is longer than its limit.
    TooLong = "too_long",
    /// A text holds control characters.
    InvalidText = "invalid_text",
    /// The unified social credit code is malformed or its check character is wrong.
    InvalidUscc = "invalid_uscc",
    /// A date is not a calendar date `YYYY-MM-DD`.
    InvalidDate = "invalid_date",
    /// A revision is not a revision of this record.
    InvalidRevision = "invalid_revision",
    /// An App's platform is not one Ziping knows.
    InvalidPlatform = "invalid_platform",
    /// An App's package or bundle id is malformed.
    InvalidPackageId = "invalid_package_id",
    /// The profile does not fit the questionnaire's profile questions.
    InvalidProfile = "invalid_profile",
    /// A rule of the data is broken in a way no other code names.
    Invalid = "invalid",

    // What a request refers to.
    /// The organization named does not exist.
    UnknownOrganization = "unknown_organization",
    /// The questionnaire named is not loaded.
    UnknownQuestionnaire = "unknown_questionnaire",
    /// The questionnaire version named is not loaded.
    UnknownQuestionnaireVersion = "unknown_questionnaire_version",
    /// The version to upgrade to is not loaded.
    UnknownVersion = "unknown_version",
    /// The question named is not in the assessment's questionnaire.
    UnknownQuestion = "unknown_question",
    /// The domain named is not in the assessment's questionnaire.
    UnknownDomain = "unknown_domain",
    /// The questionnaire an assessment is pinned to is not loaded by this server.
    QuestionnaireUnavailable = "questionnaire_unavailable",
    /// An App questionnaire's assessment needs the App it covers.
    SubjectRequired = "subject_required",

    // Uniqueness and concurrent changes.
    /// An organization with this unified social credit code exists.
    DuplicateUscc = "duplicate_uscc",
    /// The organization already has an assessment of this questionnaire (and App) for the cycle.
    DuplicateAssessment = "duplicate_assessment",
    /// What the client read was changed by someone else; `current` holds what is stored now.
    Conflict = "conflict",
    /// The assessment a new cycle is carried from changed while it was being prepared.
    CarryChanged = "carry_changed",
    /// The assessment to carry from does not exist.
    CarryNotFound = "carry_not_found",
    /// The assessment to carry from is of another organization or questionnaire.
    CarryMismatch = "carry_mismatch",

    // The life of an assessment.
    /// The assessment is approved or archived and takes no more changes.
    ReadOnly = "read_only",
    /// Only a draft can be upgraded to a newer questionnaire version.
    NotDraft = "not_draft",
    /// The version offered is not newer than the assessment's.
    NotNewer = "not_newer",
    /// The status cannot move from where it is to where it was asked to.
    InvalidTransition = "invalid_transition",
    /// Reopening or archiving needs a reason.
    ReasonRequired = "reason_required",
    /// "Not applicable" needs a reason.
    NaReasonRequired = "na_reason_required",
    /// The answer cannot be scored as it stands.
    Unscorable = "unscorable",
    /// There is no earlier cycle of this organization to compare with.
    NoPreviousCycle = "no_previous_cycle",
    /// The two assessments cannot be compared (another organization or questionnaire).
    NotComparable = "not_comparable",

    // Evidence.
    /// The upload has no file.
    FileRequired = "file_required",
    /// The uploaded file has no name.
    FileNameRequired = "file_name_required",
    /// The uploaded file is empty.
    EmptyFile = "empty_file",
    /// The file's type is not one evidence may have.
    UnsupportedType = "unsupported_type",
    /// The upload does not say which question the evidence supports.
    QuestionRequired = "question_required",
    /// The request names no evidence file.
    EvidenceRequired = "evidence_required",
    /// An evidence file the database lists is not on disk.
    EvidenceMissing = "evidence_missing",

    // Reports.
    /// No font for the report: the built-in one is missing and none was found.
    NoFonts = "no_fonts",
    /// The report font lacks characters the report needs.
    MissingGlyphs = "missing_glyphs",

    // Files people exchange.
    /// The upload is not a fill-in workbook of this assessment, or rows in it are invalid.
    InvalidWorkbook = "invalid_workbook",
    /// Rows of the workbook were changed in Ziping since it was downloaded.
    WorkbookConflicts = "workbook_conflicts",
    /// The file is not a readable Ziping archive.
    CorruptArchive = "corrupt_archive",
    /// An archive's files do not match its manifest.
    TamperedArchive = "tampered_archive",
    /// The archive's format version is not one this Ziping reads.
    UnsupportedArchive = "unsupported_archive",
    /// The archive's content breaks a rule of the data.
    InvalidArchive = "invalid_archive",
    /// The archive's audit record does not verify.
    BrokenAuditRecord = "broken_audit_record",
    /// The database was written by a newer Ziping.
    TooNew = "too_new",

    /// Something went wrong inside the server; the details are in its log.
    Internal = "internal",
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_written_on_the_wire_as_its_name() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(code).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", code.as_str()), "{code:?}");
            let back: ErrorCode = serde_json::from_str(&json).unwrap_or(ErrorCode::Unknown);
            assert_eq!(back, *code);
        }
        let names: std::collections::BTreeSet<_> =
            ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), ErrorCode::ALL.len(), "two codes share a name");
    }

    #[test]
    fn a_code_this_build_does_not_know_reads_as_unknown() {
        let body: ErrorBody =
            serde_json::from_str(r#"{"error":{"code":"from_the_future","message":"m"}}"#)
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(body.error.code, ErrorCode::Unknown);
        assert_eq!(body.error.current, None);
    }
}
