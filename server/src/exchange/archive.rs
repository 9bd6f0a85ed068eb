//! The portable archive of an assessment (`ziping-archive`, version 1; the format is described
//! in `server/ARCHIVE.md`): a zip with `manifest.json`, `assessment.json` and the evidence files
//! under `evidence/<sha256>`. Export is a pure function of the stored data — the same data
//! always gives the same bytes (fixed entry order, times and permissions). Import checks
//! everything before writing anything: the zip, every file against the manifest's SHA-256 and
//! size, the format version, the questionnaire version, each answer, evidence and remediation
//! against that questionnaire, and the hash chain of the audit record the archive carries;
//! then the store writes the new assessment in one transaction.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read, Write};

use questionnaires::{AnswerValue, Lang, Library, Profile, QuestionId, Questionnaire, Subject};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;

use crate::domain::{Uscc, UserName, bounded};
use crate::http::limits;
use crate::store::blobs::blob_path;
use crate::store::model::{
    Evidence, EvidenceKind, OrganizationInput, Remediation, Status, StoredAnswer,
};
use crate::store::{
    ArchiveSource, AuditRecord, ImportPlan, Imported, ImportedRecord, RawEvent, Store, StoreError,
    UploadError,
};

/// The `format` of the manifest and the document.
pub const FORMAT: &str = "ziping-archive";
/// The one version this Ziping writes and reads.
pub const VERSION: u32 = 1;
/// The largest archive accepted, in bytes.
pub const ARCHIVE_LIMIT: usize = 256 * 1024 * 1024;
/// The largest `assessment.json` or `manifest.json`, unpacked.
const JSON_LIMIT: u64 = 64 * 1024 * 1024;
/// The largest archive unpacked, all files together.
const UNPACKED_LIMIT: u64 = 1024 * 1024 * 1024;
/// Most files in one archive.
const MAX_FILES: usize = 100_000;

const MANIFEST: &str = "manifest.json";
const DOCUMENT: &str = "assessment.json";
const EVIDENCE_PREFIX: &str = "evidence/";

/// `assessment.json`: the assessment, whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub format: String,
    pub version: u32,
    /// The Ziping that wrote the archive.
    pub generator: String,
    pub organization: OrganizationDoc,
    pub questionnaire: QuestionnaireRef,
    pub subject: Option<Subject>,
    pub cycle: String,
    pub status: Status,
    /// Creation and every status change, oldest first, from the audit records.
    pub status_history: Vec<StatusChange>,
    pub profile: Profile,
    pub profile_revision: i64,
    /// What the approval fixed for the report of record; null unless approved.
    pub approval_record: Option<serde_json::Value>,
    pub created_at: String,
    pub updated_at: String,
    /// By question id.
    pub answers: Vec<StoredAnswer>,
    /// Oldest first; a file's bytes are `evidence/<sha256>`.
    pub evidence: Vec<Evidence>,
    /// By question id.
    pub remediation: Vec<Remediation>,
    /// Comment threads; empty in this version.
    pub comments: Vec<serde_json::Value>,
    /// The exporting installation's audit events of the assessment with the links between
    /// them.
    pub audit: AuditRecord,
    /// The records earlier imports of the assessment brought, the most recent first.
    pub imported: Vec<ImportedRecord>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationDoc {
    pub name: String,
    pub uscc: String,
    pub industry: String,
    pub region: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionnaireRef {
    pub id: String,
    pub version: String,
}

/// One step of the status history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    pub at: String,
    pub actor: String,
    /// `create`, `submit`, `approve`, `archive` or `reopen`.
    pub action: String,
    /// The status after the step.
    pub status: Status,
    pub reason: Option<String>,
}

/// `manifest.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    /// Every other file of the archive, in the order of the zip.
    pub files: Vec<ManifestFile>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestFile {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

/// An archive as written.
#[derive(Clone, Debug)]
pub struct Exported {
    pub bytes: Vec<u8>,
    /// SHA-256 (hex) of `bytes`.
    pub sha256: String,
    /// A name to save it under.
    pub file_name: String,
}

/// Why an archive could not be written or was refused. Each message names the file and the
/// place; nothing was written when import fails.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// Not a zip, or a truncated or damaged one.
    #[error("{0}")]
    Unreadable(String),
    /// A file does not match the manifest.
    #[error("{0}")]
    Tampered(String),
    /// Another format, or a version of it this Ziping does not read.
    #[error("{0}")]
    UnsupportedVersion(String),
    /// The questionnaire version is not loaded here.
    #[error("{0}")]
    UnknownQuestionnaire(String),
    /// The document breaks a rule of the format or of the questionnaire.
    #[error("{0}")]
    Invalid(String),
    /// The audit record's hash chain is broken.
    #[error("{0}")]
    BrokenRecord(String),
    #[error("{0}")]
    TooLarge(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Writes the archive of assessment `id`.
pub async fn export(store: &Store, id: i64) -> Result<Exported, ArchiveError> {
    let source = store.archive_source(id).await?;
    let evidence_dir = store.evidence_dir().to_path_buf();
    let bytes = tokio::task::spawn_blocking(move || pack(&source, &evidence_dir))
        .await
        .map_err(|e| StoreError::Internal(format!("the archive task failed: {e}")))??;
    Ok(Exported {
        sha256: sha256_hex(&bytes),
        bytes,
        file_name: format!("ziping-assessment-{id}.zip"),
    })
}

/// The archive as an export format of `ziping export`: the language does not matter, the
/// archive carries the data, not a rendering of it.
pub async fn export_bytes(
    store: &Store,
    _library: &Library,
    id: i64,
    _lang: Lang,
) -> anyhow::Result<Vec<u8>> {
    Ok(export(store, id).await?.bytes)
}

/// Checks the archive and imports it as a new assessment.
pub async fn import(
    store: &Store,
    library: &Library,
    bytes: &[u8],
    actor: UserName,
) -> Result<Imported, ArchiveError> {
    if bytes.len() > ARCHIVE_LIMIT {
        return Err(ArchiveError::TooLarge(format!(
            "The archive has {} bytes; at most {ARCHIVE_LIMIT} are accepted.",
            bytes.len()
        )));
    }
    let archive_sha256 = sha256_hex(bytes);
    let unpacked = unpack(bytes)?;
    let (mut plan, files) = plan(library, unpacked, archive_sha256)?;
    for content in files.values() {
        let mut incoming = store.receive_file(content.len() as u64).await?;
        incoming.write(content).await.map_err(upload_error)?;
        plan.blobs
            .push(incoming.finish().await.map_err(upload_error)?);
    }
    Ok(store.import_archive(plan, actor).await?)
}

fn upload_error(error: UploadError) -> ArchiveError {
    match error {
        UploadError::Io(e) => ArchiveError::Store(StoreError::Io(e)),
        other => ArchiveError::Store(StoreError::Internal(other.to_string())),
    }
}

/// The files of an archive whose manifest, format and version have been checked.
#[derive(Debug)]
pub struct Unpacked {
    pub document: Document,
    /// Evidence files by SHA-256.
    pub files: BTreeMap<String, Vec<u8>>,
}

/// Reads the zip, checks every file against the manifest and parses the document.
pub fn unpack(bytes: &[u8]) -> Result<Unpacked, ArchiveError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        ArchiveError::Unreadable(format!(
            "The file cannot be read as a zip archive ({e}); it is truncated, damaged or not an \
             archive exported by Ziping. Nothing was imported."
        ))
    })?;
    if zip.len() > MAX_FILES {
        return Err(ArchiveError::Invalid(format!(
            "The archive holds {} files; a Ziping archive holds at most {MAX_FILES}.",
            zip.len()
        )));
    }
    let mut entries: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut order = Vec::with_capacity(zip.len());
    let mut unpacked_total = 0_u64;
    for index in 0..zip.len() {
        let mut entry = zip.by_index(index).map_err(|e| {
            ArchiveError::Unreadable(format!(
                "File {} of the archive cannot be read ({e}); the archive is truncated or \
                 damaged. Nothing was imported.",
                index + 1
            ))
        })?;
        let name = entry
            .name()
            .map_err(|e| {
                ArchiveError::Invalid(format!(
                    "File {} of the archive has a name that is not UTF-8 ({e}). Nothing was \
                     imported.",
                    index + 1
                ))
            })?
            .into_owned();
        let limit = match name.as_str() {
            MANIFEST | DOCUMENT => JSON_LIMIT,
            other if evidence_sha(other).is_some() => limits::EVIDENCE_FILE as u64,
            _ => {
                return Err(ArchiveError::Invalid(format!(
                    "The archive holds `{name}`, which has no place in a Ziping archive (only \
                     {MANIFEST}, {DOCUMENT} and {EVIDENCE_PREFIX}<SHA-256>). Nothing was imported."
                )));
            }
        };
        if entries.contains_key(&name) {
            return Err(ArchiveError::Invalid(format!(
                "The archive holds `{name}` twice. Nothing was imported."
            )));
        }
        let mut content = Vec::new();
        (&mut entry)
            .take(limit + 1)
            .read_to_end(&mut content)
            .map_err(|e| {
                ArchiveError::Unreadable(format!(
                    "`{name}` in the archive is damaged ({e}); the archive is truncated or was \
                     changed. Nothing was imported."
                ))
            })?;
        if content.len() as u64 > limit {
            return Err(ArchiveError::TooLarge(format!(
                "`{name}` in the archive is larger than {limit} bytes. Nothing was imported."
            )));
        }
        unpacked_total += content.len() as u64;
        if unpacked_total > UNPACKED_LIMIT {
            return Err(ArchiveError::TooLarge(format!(
                "The archive unpacks to more than {UNPACKED_LIMIT} bytes. Nothing was imported."
            )));
        }
        order.push(name.clone());
        entries.insert(name, content);
    }
    let manifest_bytes = entries.remove(MANIFEST).ok_or_else(|| {
        ArchiveError::Invalid(format!(
            "The archive has no {MANIFEST}; it was not exported by Ziping. Nothing was imported."
        ))
    })?;
    check_header(MANIFEST, &manifest_bytes)?;
    let manifest: Manifest = parse_json(MANIFEST, &manifest_bytes)?;
    let mut listed = BTreeSet::new();
    for file in &manifest.files {
        if !listed.insert(file.path.as_str()) {
            return Err(ArchiveError::Invalid(format!(
                "{MANIFEST} lists `{}` twice. Nothing was imported.",
                file.path
            )));
        }
        let content = entries.get(&file.path).ok_or_else(|| {
            ArchiveError::Tampered(format!(
                "{MANIFEST} lists `{}`, which is not in the archive: a file was removed. Nothing \
                 was imported.",
                file.path
            ))
        })?;
        let sha256 = sha256_hex(content);
        if sha256 != file.sha256 || content.len() as u64 != file.size {
            return Err(ArchiveError::Tampered(format!(
                "`{}` does not match {MANIFEST}: it has {} bytes with SHA-256 {sha256}, the \
                 manifest says {} bytes with SHA-256 {}. The archive was changed or damaged after \
                 it was exported. Nothing was imported.",
                file.path,
                content.len(),
                file.size,
                file.sha256
            )));
        }
    }
    if let Some(extra) = order
        .iter()
        .find(|name| name.as_str() != MANIFEST && !listed.contains(name.as_str()))
    {
        return Err(ArchiveError::Tampered(format!(
            "`{extra}` is in the archive but not in {MANIFEST}: a file was added. Nothing was \
             imported."
        )));
    }
    let document_bytes = entries.remove(DOCUMENT).ok_or_else(|| {
        ArchiveError::Invalid(format!(
            "The archive has no {DOCUMENT}. Nothing was imported."
        ))
    })?;
    check_header(DOCUMENT, &document_bytes)?;
    let document: Document = parse_json(DOCUMENT, &document_bytes)?;
    let mut files = BTreeMap::new();
    for (name, content) in entries {
        if let Some(sha) = evidence_sha(&name) {
            if sha256_hex(&content) != sha {
                return Err(ArchiveError::Tampered(format!(
                    "`{name}` is not named by its SHA-256 ({}). Nothing was imported.",
                    sha256_hex(&content)
                )));
            }
            files.insert(sha.to_owned(), content);
        }
    }
    Ok(Unpacked { document, files })
}

/// The SHA-256 of an evidence file's name, if it is one.
fn evidence_sha(name: &str) -> Option<&str> {
    let sha = name.strip_prefix(EVIDENCE_PREFIX)?;
    (sha.len() == 64
        && sha
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
    .then_some(sha)
}

/// Refuses another format or version before the whole document is parsed, so that the error
/// says so rather than naming the first field that differs.
fn check_header(file: &str, bytes: &[u8]) -> Result<(), ArchiveError> {
    #[derive(Deserialize)]
    struct Header {
        format: Option<serde_json::Value>,
        version: Option<serde_json::Value>,
    }
    let header: Header = parse_json(file, bytes)?;
    if header.format.as_ref().and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(ArchiveError::UnsupportedVersion(format!(
            "{file} is not of the format `{FORMAT}` (its `format` is {}). Nothing was imported.",
            header
                .format
                .map_or_else(|| "missing".to_owned(), |f| f.to_string())
        )));
    }
    if header.version.as_ref().and_then(|v| v.as_u64()) != Some(u64::from(VERSION)) {
        return Err(ArchiveError::UnsupportedVersion(format!(
            "{file} is of `{FORMAT}` version {}, but this Ziping reads version {VERSION} only; \
             import it with the Ziping that wrote it, or a newer one. Nothing was imported.",
            header
                .version
                .map_or_else(|| "(missing)".to_owned(), |v| v.to_string())
        )));
    }
    Ok(())
}

fn parse_json<'a, T: Deserialize<'a>>(file: &str, bytes: &'a [u8]) -> Result<T, ArchiveError> {
    serde_json::from_slice(bytes).map_err(|e| {
        ArchiveError::Invalid(format!(
            "{file} does not follow `{FORMAT}` version {VERSION}: {e}. Nothing was imported."
        ))
    })
}

/// The status history from audit records, oldest record first.
fn status_history<'a>(events: impl Iterator<Item = &'a RawEvent>) -> Vec<StatusChange> {
    events
        .filter(|e| {
            e.entity == "assessment"
                && matches!(
                    e.action.as_str(),
                    "create" | "submit" | "approve" | "archive" | "reopen"
                )
        })
        .filter_map(|e| {
            let after: serde_json::Value = serde_json::from_str(&e.after).ok()?;
            let status = Status::parse(after.get("status")?.as_str()?)?;
            Some(StatusChange {
                at: e.at.clone(),
                actor: e.actor.clone(),
                action: e.action.clone(),
                status,
                reason: after
                    .get("reason")
                    .and_then(|r| r.as_str())
                    .map(str::to_owned),
            })
        })
        .collect()
}

/// Every event of the records, the oldest record first: those of earlier imports (listed most
/// recent first), then `own`.
fn chronological<'a>(
    imported: &'a [ImportedRecord],
    own: &'a [RawEvent],
) -> impl Iterator<Item = &'a RawEvent> {
    imported
        .iter()
        .rev()
        .flat_map(|r| r.events.iter())
        .chain(own.iter())
}

/// The document and the files of an assessment.
fn pack(source: &ArchiveSource, evidence_dir: &std::path::Path) -> Result<Vec<u8>, ArchiveError> {
    let a = &source.assessment;
    let document = Document {
        format: FORMAT.to_owned(),
        version: VERSION,
        generator: format!("ziping {}", env!("CARGO_PKG_VERSION")),
        organization: OrganizationDoc {
            name: a.organization.name.clone(),
            uscc: a.organization.uscc.clone(),
            industry: a.organization.industry.clone(),
            region: a.organization.region.clone(),
        },
        questionnaire: QuestionnaireRef {
            id: a.questionnaire_id.clone(),
            version: a.questionnaire_version.clone(),
        },
        subject: a.subject.clone(),
        cycle: a.cycle.clone(),
        status: a.status,
        status_history: status_history(chronological(&source.imported, &source.audit.events)),
        profile: a.profile.clone(),
        profile_revision: a.profile_revision,
        approval_record: source.approval_record.clone(),
        created_at: a.created_at.clone(),
        updated_at: a.updated_at.clone(),
        answers: a.answers.values().cloned().collect(),
        evidence: a.evidence.clone(),
        remediation: a.remediation.values().cloned().collect(),
        comments: Vec::new(),
        audit: source.audit.clone(),
        imported: source.imported.clone(),
    };
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for evidence in a.evidence.iter().filter(|e| e.kind == EvidenceKind::File) {
        if files.contains_key(&evidence.sha256) {
            continue;
        }
        let path = blob_path(evidence_dir, &evidence.sha256);
        let content = std::fs::read(&path).map_err(|e| {
            StoreError::Internal(format!(
                "cannot read the file of evidence {} ({}): {e}; `ziping verify` checks the \
                 evidence files",
                evidence.id,
                path.display()
            ))
        })?;
        if sha256_hex(&content) != evidence.sha256 {
            return Err(StoreError::Corrupt(format!(
                "the file of evidence {} ({}) no longer matches its SHA-256; the archive was not \
                 written. `ziping verify` lists the altered files",
                evidence.id,
                path.display()
            ))
            .into());
        }
        files.insert(evidence.sha256.clone(), content);
    }
    let json = serde_json::to_vec_pretty(&document)
        .map_err(|e| StoreError::Internal(format!("cannot encode the archive document: {e}")))?;
    write_zip(&json, &files)
}

/// The zip: `manifest.json`, `assessment.json`, then the evidence files by hash. Fixed time
/// (1980-01-01 00:00, the zip format's first), permissions and compression, so the same input
/// gives the same bytes. JSON is deflated; evidence files, mostly compressed formats already,
/// are stored.
pub fn write_zip(
    document: &[u8],
    files: &BTreeMap<String, Vec<u8>>,
) -> Result<Vec<u8>, ArchiveError> {
    let mut listed = vec![ManifestFile {
        path: DOCUMENT.to_owned(),
        size: document.len() as u64,
        sha256: sha256_hex(document),
    }];
    for (sha, content) in files {
        listed.push(ManifestFile {
            path: format!("{EVIDENCE_PREFIX}{sha}"),
            size: content.len() as u64,
            sha256: sha.clone(),
        });
    }
    let manifest = serde_json::to_vec_pretty(&Manifest {
        format: FORMAT.to_owned(),
        version: VERSION,
        files: listed,
    })
    .map_err(|e| StoreError::Internal(format!("cannot encode the manifest: {e}")))?;
    let failed = |e: &dyn std::fmt::Display| {
        ArchiveError::Store(StoreError::Internal(format!("cannot write the zip: {e}")))
    };
    let base = SimpleFileOptions::default()
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let deflated = base
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6));
    let stored = base.compression_method(zip::CompressionMethod::Stored);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content, options) in [
        (MANIFEST, &manifest[..], deflated),
        (DOCUMENT, document, deflated),
    ] {
        zip.start_file(name, options).map_err(|e| failed(&e))?;
        zip.write_all(content).map_err(|e| failed(&e))?;
    }
    for (sha, content) in files {
        zip.start_file(format!("{EVIDENCE_PREFIX}{sha}"), stored)
            .map_err(|e| failed(&e))?;
        zip.write_all(content).map_err(|e| failed(&e))?;
    }
    Ok(zip.finish().map_err(|e| failed(&e))?.into_inner())
}

/// Checks the document against the format's rules and the questionnaire, and turns it into
/// what the store writes.
fn plan(
    library: &Library,
    unpacked: Unpacked,
    archive_sha256: String,
) -> Result<(ImportPlan, BTreeMap<String, Vec<u8>>), ArchiveError> {
    let Unpacked { document: d, files } = unpacked;
    let invalid = |place: String, what: String| {
        ArchiveError::Invalid(format!(
            "{DOCUMENT}: `{place}`: {what}. Nothing was imported."
        ))
    };
    let questionnaire = library
        .version(&d.questionnaire.id, &d.questionnaire.version)
        .ok_or_else(|| {
            let have: Vec<String> = library
                .versions(&d.questionnaire.id)
                .iter()
                .map(|q| q.version.clone())
                .collect();
            ArchiveError::UnknownQuestionnaire(format!(
                "The archive's assessment uses questionnaire `{}` version {}, which this Ziping \
                 does not have ({}); import it into a Ziping that has that version. Nothing was \
                 imported.",
                d.questionnaire.id,
                d.questionnaire.version,
                if have.is_empty() {
                    "it has no questionnaire of that id".to_owned()
                } else {
                    format!("it has version {}", have.join(", "))
                }
            ))
        })?;
    let uscc = Uscc::parse(&d.organization.uscc)
        .map_err(|e| invalid("organization.uscc".to_owned(), e.to_string()))?;
    for (field, value, max) in [
        (
            "organization.name",
            &d.organization.name,
            limits::ORGANIZATION_NAME,
        ),
        (
            "organization.industry",
            &d.organization.industry,
            limits::LABEL,
        ),
        ("organization.region", &d.organization.region, limits::LABEL),
        ("cycle", &d.cycle, limits::CYCLE),
    ] {
        bounded(field, value, max).map_err(|e| invalid(field.to_owned(), e.to_string()))?;
    }
    for (field, value) in [
        ("organization.name", &d.organization.name),
        ("cycle", &d.cycle),
    ] {
        if value.trim().is_empty() {
            return Err(invalid(field.to_owned(), "must not be blank".to_owned()));
        }
    }
    if let Some(subject) = &d.subject {
        let parsed = Subject::parse(
            &subject.name,
            subject.platform.tag(),
            &subject.version,
            &subject.package_id,
        )
        .map_err(|e| invalid("subject".to_owned(), e.to_string()))?;
        if &parsed != subject {
            return Err(invalid(
                "subject".to_owned(),
                "has surrounding spaces or is not in the form Ziping stores".to_owned(),
            ));
        }
    }
    for fact in d.profile.keys() {
        if questionnaire.fact(fact).is_none() {
            return Err(invalid(
                format!("profile.{fact}"),
                format!("is not a profile fact of {}", name_of(questionnaire)),
            ));
        }
    }
    let known = |place: String, question: &str| -> Result<(), ArchiveError> {
        let found = QuestionId::parse(question)
            .ok()
            .is_some_and(|q| questionnaire.question(&q).is_some());
        if found {
            Ok(())
        } else {
            Err(invalid(
                place,
                format!(
                    "`{question}` is not a question of {}",
                    name_of(questionnaire)
                ),
            ))
        }
    };
    let mut seen = BTreeSet::new();
    for (i, a) in d.answers.iter().enumerate() {
        known(format!("answers[{i}].question_id"), &a.question_id)?;
        if !seen.insert(a.question_id.as_str()) {
            return Err(invalid(
                format!("answers[{i}]"),
                format!("question `{}` is answered twice", a.question_id),
            ));
        }
        let needs_reason = a.value == AnswerValue::NotApplicable;
        let has_reason = a.na_reason.as_deref().is_some_and(|r| !r.trim().is_empty());
        if needs_reason != has_reason {
            return Err(invalid(
                format!("answers[{i}].na_reason"),
                "is given exactly when the answer is not_applicable, and then not blank".to_owned(),
            ));
        }
        bounded("note", &a.note, limits::NOTE)
            .map_err(|e| invalid(format!("answers[{i}].note"), e.to_string()))?;
        bounded(
            "na_reason",
            a.na_reason.as_deref().unwrap_or(""),
            limits::NA_REASON,
        )
        .map_err(|e| invalid(format!("answers[{i}].na_reason"), e.to_string()))?;
        if a.revision < 1 {
            return Err(invalid(
                format!("answers[{i}].revision"),
                "must be 1 or more".to_owned(),
            ));
        }
    }
    let mut used = BTreeSet::new();
    for (i, e) in d.evidence.iter().enumerate() {
        known(format!("evidence[{i}].question_id"), &e.question_id)?;
        bounded("note", &e.note, limits::NOTE)
            .map_err(|err| invalid(format!("evidence[{i}].note"), err.to_string()))?;
        match e.kind {
            EvidenceKind::File => {
                if e.name.as_deref().is_none_or(|n| n.trim().is_empty()) || e.media_type.is_none() {
                    return Err(invalid(
                        format!("evidence[{i}]"),
                        "a file needs its `name` and `media_type`".to_owned(),
                    ));
                }
                let content = files.get(&e.sha256).ok_or_else(|| {
                    invalid(
                        format!("evidence[{i}].sha256"),
                        format!(
                            "names {EVIDENCE_PREFIX}{}, which is not in the archive",
                            e.sha256
                        ),
                    )
                })?;
                if content.len() as i64 != e.size {
                    return Err(invalid(
                        format!("evidence[{i}].size"),
                        format!("is {}, but the file has {} bytes", e.size, content.len()),
                    ));
                }
                used.insert(e.sha256.as_str());
            }
            EvidenceKind::Note => {
                if e.note.trim().is_empty() {
                    return Err(invalid(
                        format!("evidence[{i}].note"),
                        "a note must not be blank".to_owned(),
                    ));
                }
                if sha256_hex(e.note.as_bytes()) != e.sha256 || e.note.len() as i64 != e.size {
                    return Err(invalid(
                        format!("evidence[{i}]"),
                        "the note's `sha256` and `size` are not those of its text".to_owned(),
                    ));
                }
            }
        }
    }
    if let Some(unused) = files.keys().find(|sha| !used.contains(sha.as_str())) {
        return Err(invalid(
            "evidence".to_owned(),
            format!("no evidence names the file {EVIDENCE_PREFIX}{unused}"),
        ));
    }
    let mut seen = BTreeSet::new();
    for (i, r) in d.remediation.iter().enumerate() {
        known(format!("remediation[{i}].question_id"), &r.question_id)?;
        if !seen.insert(r.question_id.as_str()) {
            return Err(invalid(
                format!("remediation[{i}]"),
                format!("question `{}` has remediation twice", r.question_id),
            ));
        }
        bounded("owner", &r.owner, limits::OWNER)
            .map_err(|e| invalid(format!("remediation[{i}].owner"), e.to_string()))?;
        bounded("comment", &r.comment, limits::NOTE)
            .map_err(|e| invalid(format!("remediation[{i}].comment"), e.to_string()))?;
    }
    if !d.comments.is_empty() {
        return Err(invalid(
            "comments".to_owned(),
            format!("{FORMAT} version {VERSION} has no comments; the list must be empty"),
        ));
    }
    let source_assessment = verify_record("audit", &d.audit)?;
    for (i, record) in d.imported.iter().enumerate() {
        let id = verify_record(&format!("imported[{i}]"), &record.record())?;
        if id != record.source_assessment_id {
            return Err(ArchiveError::BrokenRecord(format!(
                "{DOCUMENT}: `imported[{i}]`: the events belong to assessment {id}, not {}. \
                 Nothing was imported.",
                record.source_assessment_id
            )));
        }
    }
    let history = status_history(chronological(&d.imported, &d.audit.events));
    if history != d.status_history {
        return Err(invalid(
            "status_history".to_owned(),
            "does not match the status changes of the audit record".to_owned(),
        ));
    }
    if history.last().is_some_and(|last| last.status != d.status) {
        return Err(invalid(
            "status".to_owned(),
            format!(
                "is {}, but the audit record's last status change leaves it {}",
                d.status,
                history.last().map_or(d.status, |l| l.status)
            ),
        ));
    }
    let mut records = vec![ImportedRecord {
        archive_sha256: archive_sha256.clone(),
        source_assessment_id: source_assessment,
        events: d.audit.events,
        links: d.audit.links,
    }];
    records.extend(d.imported);
    let plan = ImportPlan {
        archive_sha256,
        organization: OrganizationInput {
            name: d.organization.name,
            uscc,
            industry: d.organization.industry,
            region: d.organization.region,
        },
        questionnaire_id: d.questionnaire.id,
        questionnaire_version: d.questionnaire.version,
        cycle: d.cycle,
        subject: d.subject,
        status: d.status,
        profile: d.profile,
        profile_revision: d.profile_revision,
        approval_record: d.approval_record,
        created_at: d.created_at,
        updated_at: d.updated_at,
        answers: d.answers,
        evidence: d.evidence,
        remediation: d.remediation,
        records,
        blobs: Vec::new(),
    };
    Ok((plan, files))
}

/// Verifies a record's chain; returns the assessment its events belong to.
fn verify_record(place: &str, record: &AuditRecord) -> Result<i64, ArchiveError> {
    let broken = |reason: String| {
        ArchiveError::BrokenRecord(format!(
            "{DOCUMENT}: the audit record `{place}` is broken: {reason}. The archive was changed \
             after it was exported, or its source's audit log was. Nothing was imported."
        ))
    };
    let assessment = record
        .events
        .first()
        .and_then(|e| e.assessment_id)
        .ok_or_else(|| broken("it has no events of an assessment".to_owned()))?;
    record.verify(assessment).map_err(broken)?;
    Ok(assessment)
}

fn name_of(questionnaire: &Questionnaire) -> String {
    format!(
        "questionnaire `{}` version {}",
        questionnaire.id, questionnaire.version
    )
}

fn sha256_hex(bytes: &[u8]) -> String {
    crate::store::hex(&Sha256::digest(bytes))
}
