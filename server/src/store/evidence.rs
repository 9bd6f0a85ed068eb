//! Evidence rows: notes and files attached to a question of an assessment. A file's content is
//! placed by the writer in the same step that inserts its row; when the last row naming some
//! content is deleted, a second write removes the file, after the deletion is committed.

use std::path::PathBuf;

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::assessments::{require, require_writable, touch};
use super::audit::{self, Change, hex};
use super::blobs::{Blob, Incoming, blob_path};
use super::model::{AuditAction, AuditEntity};
use super::model::{Evidence, EvidenceKind};
use super::{Store, StoreError};
use crate::domain::UserName;

const COLUMNS: &str =
    "id, question_id, kind, name, media_type, size, sha256, note, created_at, created_by";

/// What to attach.
#[derive(Debug)]
pub enum NewEvidence {
    File {
        name: String,
        media_type: String,
        blob: Blob,
        /// A description; may be empty.
        note: String,
    },
    Note(String),
}

fn from_row(row: &rusqlite::Row<'_>) -> Result<Evidence, StoreError> {
    let kind: String = row.get(2)?;
    let kind = match kind.as_str() {
        "file" => EvidenceKind::File,
        "note" => EvidenceKind::Note,
        other => {
            return Err(StoreError::Corrupt(format!(
                "unknown evidence kind `{other}`"
            )));
        }
    };
    Ok(Evidence {
        id: row.get(0)?,
        question_id: row.get(1)?,
        kind,
        name: row.get(3)?,
        media_type: row.get(4)?,
        size: row.get(5)?,
        sha256: row.get(6)?,
        note: row.get(7)?,
        created_at: row.get(8)?,
        created_by: row.get(9)?,
    })
}

pub(super) fn of_assessment(
    conn: &Connection,
    assessment: i64,
) -> Result<Vec<Evidence>, StoreError> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM evidence WHERE assessment_id = ?1 ORDER BY id"
    ))?;
    let mut rows = statement.query([assessment])?;
    let mut all = Vec::new();
    while let Some(row) = rows.next()? {
        all.push(from_row(row)?);
    }
    Ok(all)
}

fn one(conn: &Connection, assessment: i64, id: i64) -> Result<Evidence, StoreError> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM evidence WHERE assessment_id = ?1 AND id = ?2"
    ))?;
    let mut rows = statement.query(params![assessment, id])?;
    match rows.next()? {
        Some(row) => from_row(row),
        None => Err(StoreError::NotFound(format!(
            "Assessment {assessment} has no evidence {id}."
        ))),
    }
}

fn snapshot(e: &Evidence) -> serde_json::Value {
    json!({
        "question_id": e.question_id,
        "kind": e.kind,
        "name": e.name,
        "media_type": e.media_type,
        "size": e.size,
        "sha256": e.sha256,
        "note": e.note,
    })
}

impl Store {
    /// Starts receiving an uploaded file of at most `limit` bytes.
    pub async fn receive_file(&self, limit: u64) -> Result<Incoming, StoreError> {
        Ok(Incoming::create(&self.inner.evidence_dir, limit).await?)
    }

    pub async fn add_evidence(
        &self,
        assessment: i64,
        question: String,
        new: NewEvidence,
        actor: UserName,
    ) -> Result<Evidence, StoreError> {
        let evidence_dir = self.inner.evidence_dir.clone();
        self.write(move |conn| {
            require_writable(conn, assessment)?;
            let (kind, name, media_type, size, sha256, note) = match &new {
                NewEvidence::File {
                    name,
                    media_type,
                    blob,
                    note,
                } => {
                    blob.place(&evidence_dir)?;
                    (
                        "file",
                        Some(name.as_str()),
                        Some(media_type.as_str()),
                        blob.size,
                        blob.sha256.clone(),
                        note.as_str(),
                    )
                }
                NewEvidence::Note(text) => (
                    "note",
                    None,
                    None,
                    text.len() as u64,
                    hex(&Sha256::digest(text.as_bytes())),
                    text.as_str(),
                ),
            };
            let size = i64::try_from(size)
                .map_err(|_| StoreError::Internal("an evidence file is too large".to_owned()))?;
            let at = super::clock::now();
            conn.prepare_cached(
                "INSERT INTO evidence (assessment_id, question_id, kind, name, media_type, size,
                     sha256, note, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                assessment,
                question,
                kind,
                name,
                media_type,
                size,
                sha256,
                note,
                at,
                actor.as_str()
            ])?;
            let created = one(conn, assessment, conn.last_insert_rowid())?;
            audit::append(
                conn,
                Change {
                    actor: actor.as_str(),
                    assessment_id: Some(assessment),
                    entity: AuditEntity::Evidence,
                    entity_id: created.id.to_string(),
                    action: AuditAction::Create,
                    before: serde_json::Value::Null,
                    after: snapshot(&created),
                },
            )?;
            touch(conn, assessment, &at)?;
            Ok(created)
        })
        .await
    }

    /// An evidence row and, for a file, where its content is (`None` for a note).
    pub async fn evidence_file(
        &self,
        assessment: i64,
        id: i64,
    ) -> Result<(Evidence, Option<PathBuf>), StoreError> {
        let evidence_dir = self.inner.evidence_dir.clone();
        self.read(move |conn| {
            require(conn, assessment)?;
            let evidence = one(conn, assessment, id)?;
            let path = (evidence.kind == EvidenceKind::File)
                .then(|| blob_path(&evidence_dir, &evidence.sha256));
            Ok((evidence, path))
        })
        .await
    }

    pub async fn delete_evidence(
        &self,
        assessment: i64,
        id: i64,
        actor: UserName,
    ) -> Result<(), StoreError> {
        let deleted = self
            .write(move |conn| {
                require_writable(conn, assessment)?;
                let evidence = one(conn, assessment, id)?;
                conn.prepare_cached("DELETE FROM evidence WHERE id = ?1")?
                    .execute([id])?;
                let at = audit::append(
                    conn,
                    Change {
                        actor: actor.as_str(),
                        assessment_id: Some(assessment),
                        entity: AuditEntity::Evidence,
                        entity_id: id.to_string(),
                        action: AuditAction::Delete,
                        before: snapshot(&evidence),
                        after: serde_json::Value::Null,
                    },
                )?;
                touch(conn, assessment, &at)?;
                Ok(evidence)
            })
            .await?;
        if deleted.kind == EvidenceKind::File {
            self.collect(deleted.sha256).await;
        }
        Ok(())
    }

    /// Removes the file with this hash if no evidence names it any more. Runs as a write of its
    /// own, after the deletion committed, so a failed deletion never loses a file.
    pub(super) async fn collect(&self, sha256: String) {
        let evidence_dir = self.inner.evidence_dir.clone();
        let result = self
            .write(move |conn| {
                let referenced = conn
                    .prepare_cached(
                        "SELECT 1 FROM evidence WHERE sha256 = ?1 AND kind = 'file' LIMIT 1",
                    )?
                    .query_row([&sha256], |_| Ok(()))
                    .optional()?
                    .is_some();
                if !referenced {
                    match std::fs::remove_file(blob_path(&evidence_dir, &sha256)) {
                        Ok(()) => {}
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        Err(e) => return Err(e.into()),
                    }
                }
                Ok(())
            })
            .await;
        if let Err(error) = result {
            // The file stays behind unreferenced; `ziping verify` lists such files.
            tracing::warn!(%error, "could not remove an unreferenced evidence file");
        }
    }
}
