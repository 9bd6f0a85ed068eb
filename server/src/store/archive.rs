//! The store's side of the portable archive (`exchange::archive`): everything an archive of one
//! assessment holds, read in one read transaction, and the import of an archive as one write —
//! organization (matched by USCC or created), assessment, answers, evidence, remediation, the
//! audit record it brought and this installation's `import` event — all or nothing.

use questionnaires::{Profile, Subject};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::json;

use super::assessments::load;
use super::audit::{self, AuditRecord, ChainLink, Change, RawEvent};
use super::blobs::Blob;
use super::error::{UNIQUE, constraint};
use super::model::{
    Assessment, Evidence, EvidenceKind, OrganizationInput, Remediation, Status, StoredAnswer,
};
use super::model::{AuditAction, AuditEntity};
use super::{Store, StoreError, clock};
use crate::domain::UserName;

/// An audit record that came with an earlier import, with the digest of its archive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportedRecord {
    /// SHA-256 (hex) of the archive the record came in.
    pub archive_sha256: String,
    /// The assessment's id in the installation the record comes from.
    pub source_assessment_id: i64,
    pub events: Vec<RawEvent>,
    pub links: Vec<ChainLink>,
}

impl ImportedRecord {
    pub fn record(&self) -> AuditRecord {
        AuditRecord {
            events: self.events.clone(),
            links: self.links.clone(),
        }
    }
}

/// What an archive of an assessment is made from.
#[derive(Clone, Debug)]
pub struct ArchiveSource {
    pub assessment: Assessment,
    pub approval_record: Option<serde_json::Value>,
    /// This installation's events of the assessment, with the links between them.
    pub audit: AuditRecord,
    /// The records earlier imports of the assessment brought, oldest import first.
    pub imported: Vec<ImportedRecord>,
}

/// A verified archive to write.
#[derive(Debug)]
pub struct ImportPlan {
    pub archive_sha256: String,
    pub organization: OrganizationInput,
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    pub cycle: String,
    pub subject: Option<Subject>,
    pub status: Status,
    pub profile: Profile,
    pub profile_revision: i64,
    pub approval_record: Option<serde_json::Value>,
    pub created_at: String,
    pub updated_at: String,
    pub answers: Vec<StoredAnswer>,
    pub evidence: Vec<Evidence>,
    pub remediation: Vec<Remediation>,
    /// The archive's own record first (tagged with `archive_sha256`), then those it carried.
    pub records: Vec<ImportedRecord>,
    /// The evidence files, received and hashed, to move into the content-addressed store.
    pub blobs: Vec<Blob>,
}

/// What an import created.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Imported {
    /// The new assessment.
    pub assessment_id: i64,
    pub organization_id: i64,
    /// False when the organization was found by its USCC.
    pub organization_created: bool,
    /// SHA-256 (hex) of the archive, as recorded in the `import` audit event.
    pub archive_sha256: String,
    pub answers: usize,
    pub evidence: usize,
    pub remediation: usize,
    /// Events of the audit record kept with the assessment (links not counted).
    pub audit_events: usize,
}

const RAW_COLUMNS: &str =
    "id, at, actor, assessment_id, entity, entity_id, action, before, after, prev_hash, hash";

fn raw_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<RawEvent> {
    Ok(RawEvent {
        id: row.get(0)?,
        at: row.get(1)?,
        actor: row.get(2)?,
        assessment_id: row.get(3)?,
        entity: row.get(4)?,
        entity_id: row.get(5)?,
        action: row.get(6)?,
        before: row.get(7)?,
        after: row.get(8)?,
        prev_hash: row.get(9)?,
        hash: row.get(10)?,
    })
}

/// The assessment's events of this installation's log and the links between them.
fn own_record(conn: &Connection, id: i64) -> Result<AuditRecord, StoreError> {
    let events = conn
        .prepare_cached(&format!(
            "SELECT {RAW_COLUMNS} FROM audit_events WHERE assessment_id = ?1 ORDER BY id"
        ))?
        .query_map([id], raw_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    let (Some(first), Some(last)) = (events.first(), events.last()) else {
        return Ok(AuditRecord::default());
    };
    let links = conn
        .prepare_cached(
            "SELECT id, prev_hash, hash FROM audit_events
             WHERE id > ?1 AND id < ?2 AND assessment_id IS NOT ?3 ORDER BY id",
        )?
        .query_map(params![first.id, last.id, id], |row| {
            Ok(ChainLink {
                id: row.get(0)?,
                prev_hash: row.get(1)?,
                hash: row.get(2)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(AuditRecord { events, links })
}

fn imported_records(conn: &Connection, id: i64) -> Result<Vec<ImportedRecord>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT archive_sha256, source_id, at, actor, source_assessment_id, entity, entity_id,
                action, before, after, prev_hash, hash
         FROM imported_audit_events WHERE assessment_id = ?1
         ORDER BY position, source_id",
    )?;
    let mut rows = statement.query([id])?;
    let mut records: Vec<ImportedRecord> = Vec::new();
    while let Some(row) = rows.next()? {
        let archive: String = row.get(0)?;
        let source_id: i64 = row.get(1)?;
        let at: Option<String> = row.get(2)?;
        if records.last().is_none_or(|r| r.archive_sha256 != archive) {
            records.push(ImportedRecord {
                archive_sha256: archive,
                source_assessment_id: 0,
                events: Vec::new(),
                links: Vec::new(),
            });
        }
        let Some(record) = records.last_mut() else {
            continue;
        };
        let prev_hash: String = row.get(10)?;
        let hash: String = row.get(11)?;
        match at {
            Some(at) => {
                let source_assessment: Option<i64> = row.get(4)?;
                record.source_assessment_id = source_assessment.unwrap_or_default();
                let text = |i: usize| -> Result<String, StoreError> {
                    row.get::<_, Option<String>>(i)?.ok_or_else(|| {
                        StoreError::Corrupt("an imported audit event lacks a field".to_owned())
                    })
                };
                record.events.push(RawEvent {
                    id: source_id,
                    at,
                    actor: text(3)?,
                    assessment_id: source_assessment,
                    entity: text(5)?,
                    entity_id: text(6)?,
                    action: text(7)?,
                    before: text(8)?,
                    after: text(9)?,
                    prev_hash,
                    hash,
                });
            }
            None => record.links.push(ChainLink {
                id: source_id,
                prev_hash,
                hash,
            }),
        }
    }
    Ok(records)
}

fn approval_record_of(conn: &Connection, id: i64) -> Result<Option<serde_json::Value>, StoreError> {
    let text: Option<String> = conn
        .prepare_cached("SELECT approval_record FROM assessments WHERE id = ?1")?
        .query_row([id], |row| row.get(0))?;
    text.map(|t| {
        serde_json::from_str(&t).map_err(|e| {
            StoreError::Corrupt(format!("the approval record of assessment {id}: {e}"))
        })
    })
    .transpose()
}

/// The organization with this USCC, or a new one; true when it was created.
fn organization_for(
    conn: &Connection,
    input: &OrganizationInput,
    actor: &UserName,
) -> Result<(i64, bool), StoreError> {
    let uscc = input.uscc.as_str();
    let found: Option<i64> = conn
        .prepare_cached("SELECT id FROM organizations WHERE uscc = ?1")?
        .query_row([uscc], |row| row.get(0))
        .optional()?;
    if let Some(id) = found {
        return Ok((id, false));
    }
    let now = clock::now();
    conn.prepare_cached(
        "INSERT INTO organizations (name, uscc, industry, region, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
    )?
    .execute(params![input.name, uscc, input.industry, input.region, now])?;
    let id = conn.last_insert_rowid();
    audit::append(
        conn,
        Change {
            actor: actor.as_str(),
            assessment_id: None,
            entity: AuditEntity::Organization,
            entity_id: id.to_string(),
            action: AuditAction::Create,
            before: serde_json::Value::Null,
            after: json!({
                "name": input.name, "uscc": uscc, "industry": input.industry,
                "region": input.region, "imported_from_archive": true,
            }),
        },
    )?;
    Ok((id, true))
}

fn insert_records(
    conn: &Connection,
    id: i64,
    records: &[ImportedRecord],
) -> Result<usize, StoreError> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO imported_audit_events (assessment_id, archive_sha256, position, source_id,
             at, actor, source_assessment_id, entity, entity_id, action, before, after,
             prev_hash, hash)
         VALUES (?1, ?2, ?14, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    let mut events = 0;
    for (position, record) in records.iter().enumerate() {
        let position = i64::try_from(position).unwrap_or(i64::MAX);
        for e in &record.events {
            insert.execute(params![
                id,
                record.archive_sha256,
                e.id,
                e.at,
                e.actor,
                e.assessment_id,
                e.entity,
                e.entity_id,
                e.action,
                e.before,
                e.after,
                e.prev_hash,
                e.hash,
                position
            ])?;
            events += 1;
        }
        for l in &record.links {
            insert.execute(params![
                id,
                record.archive_sha256,
                l.id,
                None::<String>,
                None::<String>,
                None::<i64>,
                None::<String>,
                None::<String>,
                None::<String>,
                None::<String>,
                None::<String>,
                l.prev_hash,
                l.hash,
                position
            ])?;
        }
    }
    Ok(events)
}

fn insert_content(conn: &Connection, id: i64, plan: &ImportPlan) -> Result<(), StoreError> {
    let mut answer = conn.prepare_cached(
        "INSERT INTO answers (assessment_id, question_id, value, na_reason, note, revision,
             updated_at, updated_by, carried)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for a in &plan.answers {
        answer.execute(params![
            id,
            a.question_id,
            a.value.as_str(),
            a.na_reason,
            a.note,
            a.revision,
            a.updated_at,
            a.updated_by,
            a.carried
        ])?;
    }
    let mut evidence = conn.prepare_cached(
        "INSERT INTO evidence (assessment_id, question_id, kind, name, media_type, size, sha256,
             note, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for e in &plan.evidence {
        let kind = match e.kind {
            EvidenceKind::File => "file",
            EvidenceKind::Note => "note",
        };
        evidence.execute(params![
            id,
            e.question_id,
            kind,
            e.name,
            e.media_type,
            e.size,
            e.sha256,
            e.note,
            e.created_at,
            e.created_by
        ])?;
    }
    let mut remediation = conn.prepare_cached(
        "INSERT INTO remediation (assessment_id, question_id, owner, due_date, status, comment,
             updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for r in &plan.remediation {
        remediation.execute(params![
            id,
            r.question_id,
            r.owner,
            r.due_date,
            r.status.as_str(),
            r.comment,
            r.updated_at,
            r.updated_by
        ])?;
    }
    Ok(())
}

impl Store {
    /// Everything an archive of the assessment holds, from one snapshot.
    pub async fn archive_source(&self, id: i64) -> Result<ArchiveSource, StoreError> {
        self.read(move |conn| {
            let tx = conn.unchecked_transaction()?;
            let source = ArchiveSource {
                assessment: load(&tx, id)?,
                approval_record: approval_record_of(&tx, id)?,
                audit: own_record(&tx, id)?,
                imported: imported_records(&tx, id)?,
            };
            tx.finish()?;
            Ok(source)
        })
        .await
    }

    /// Writes a verified archive as a new assessment in one write: a constraint that refuses
    /// any row (a cycle the organization has already) rolls back everything, and the evidence
    /// files are moved into place only after every row is written.
    pub async fn import_archive(
        &self,
        plan: ImportPlan,
        actor: UserName,
    ) -> Result<Imported, StoreError> {
        let evidence_dir = self.inner.evidence_dir.clone();
        self.write(move |conn| {
            let (organization_id, organization_created) =
                organization_for(conn, &plan.organization, &actor)?;
            let subject = plan.subject.as_ref();
            conn.prepare_cached(
                "INSERT INTO assessments (organization_id, questionnaire_id, questionnaire_version,
                     cycle, status, profile, profile_revision, approval_record, created_at,
                     updated_at, subject_name, subject_platform, subject_version,
                     subject_package_id, subject_name_key, subject_package_key)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            )?
            .execute(params![
                organization_id,
                plan.questionnaire_id,
                plan.questionnaire_version,
                plan.cycle,
                plan.status.as_str(),
                serde_json::to_string(&plan.profile)
                    .map_err(|e| StoreError::Internal(format!("cannot encode a profile: {e}")))?,
                plan.profile_revision,
                plan.approval_record.as_ref().map(|r| r.to_string()),
                plan.created_at,
                plan.updated_at,
                subject.map(|s| &s.name),
                subject.map(|s| s.platform.tag()),
                subject.map(|s| &s.version),
                subject.map(|s| &s.package_id),
                subject.map(Subject::name_key),
                subject.and_then(Subject::package_key),
            ])
            .map_err(|error| match constraint(&error) {
                Some((UNIQUE, _)) => StoreError::DuplicateAssessment {
                    message: format!(
                        "Organization {} ({}) already has an assessment with questionnaire `{}`{} \
                         for the cycle “{}”; the archive was not imported. Import it into \
                         another data directory, or rename that cycle's assessment first.",
                        plan.organization.name,
                        plan.organization.uscc.as_str(),
                        plan.questionnaire_id,
                        match &plan.subject {
                            Some(subject) => format!(" of the App {subject}"),
                            None => String::new(),
                        },
                        plan.cycle
                    ),
                },
                _ => error.into(),
            })?;
            let id = conn.last_insert_rowid();
            insert_content(conn, id, &plan)?;
            let audit_events = insert_records(conn, id, &plan.records)?;
            audit::append(
                conn,
                Change {
                    actor: actor.as_str(),
                    assessment_id: Some(id),
                    entity: AuditEntity::Assessment,
                    entity_id: id.to_string(),
                    action: AuditAction::Import,
                    before: serde_json::Value::Null,
                    after: json!({
                        "archive_sha256": plan.archive_sha256,
                        "organization_id": organization_id,
                        "questionnaire_id": plan.questionnaire_id,
                        "questionnaire_version": plan.questionnaire_version,
                        "cycle": plan.cycle,
                        "status": plan.status,
                        "answers": plan.answers.len(),
                        "evidence": plan.evidence.len(),
                        "remediation": plan.remediation.len(),
                        "imported_audit_events": audit_events,
                    }),
                },
            )?;
            for blob in &plan.blobs {
                blob.place(&evidence_dir)?;
            }
            Ok(Imported {
                assessment_id: id,
                organization_id,
                organization_created,
                archive_sha256: plan.archive_sha256.clone(),
                answers: plan.answers.len(),
                evidence: plan.evidence.len(),
                remediation: plan.remediation.len(),
                audit_events,
            })
        })
        .await
    }
}
