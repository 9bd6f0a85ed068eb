//! Remediation of gaps: one record per question of an assessment, replaced as a whole.

use std::collections::BTreeMap;

use rusqlite::{Connection, params};
use serde_json::json;

use super::assessments::{require_writable, touch};
use super::audit::{self, Change};
use super::model::AuditEntity;
use super::model::{Remediation, RemediationInput, RemediationStatus};
use super::{Store, StoreError};
use crate::domain::UserName;

const COLUMNS: &str = "question_id, owner, due_date, status, comment, updated_at, updated_by";

fn from_row(row: &rusqlite::Row<'_>) -> Result<Remediation, StoreError> {
    let status: String = row.get(3)?;
    Ok(Remediation {
        question_id: row.get(0)?,
        owner: row.get(1)?,
        due_date: row.get(2)?,
        status: RemediationStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown remediation status `{status}`")))?,
        comment: row.get(4)?,
        updated_at: row.get(5)?,
        updated_by: row.get(6)?,
    })
}

pub(super) fn of_assessment(
    conn: &Connection,
    assessment: i64,
) -> Result<BTreeMap<String, Remediation>, StoreError> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM remediation WHERE assessment_id = ?1"
    ))?;
    let mut rows = statement.query([assessment])?;
    let mut all = BTreeMap::new();
    while let Some(row) = rows.next()? {
        let remediation = from_row(row)?;
        all.insert(remediation.question_id.clone(), remediation);
    }
    Ok(all)
}

fn current(
    conn: &Connection,
    assessment: i64,
    question: &str,
) -> Result<Option<Remediation>, StoreError> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM remediation WHERE assessment_id = ?1 AND question_id = ?2"
    ))?;
    let mut rows = statement.query(params![assessment, question])?;
    rows.next()?.map(from_row).transpose()
}

fn snapshot(r: &Remediation) -> serde_json::Value {
    json!({ "owner": r.owner, "due_date": r.due_date, "status": r.status, "comment": r.comment })
}

impl Store {
    /// Creates or replaces the remediation of one question's gap.
    pub async fn set_remediation(
        &self,
        assessment: i64,
        question: String,
        input: RemediationInput,
        actor: UserName,
    ) -> Result<Remediation, StoreError> {
        self.write(move |conn| {
            require_writable(conn, assessment)?;
            let before = current(conn, assessment, &question)?;
            let mut saved = Remediation {
                question_id: question,
                owner: input.owner,
                due_date: input.due_date,
                status: input.status,
                comment: input.comment,
                updated_at: String::new(),
                updated_by: actor.as_str().to_owned(),
            };
            saved.updated_at = audit::append(
                conn,
                Change::per_question(
                    actor.as_str(),
                    assessment,
                    AuditEntity::Remediation,
                    &saved.question_id,
                    before.as_ref().map(snapshot),
                    snapshot(&saved),
                ),
            )?;
            conn.prepare_cached(
                "INSERT INTO remediation (assessment_id, question_id, owner, due_date, status,
                     comment, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (assessment_id, question_id) DO UPDATE SET
                     owner = excluded.owner, due_date = excluded.due_date,
                     status = excluded.status, comment = excluded.comment,
                     updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            )?
            .execute(params![
                assessment,
                saved.question_id,
                saved.owner,
                saved.due_date,
                saved.status.as_str(),
                saved.comment,
                saved.updated_at,
                saved.updated_by
            ])?;
            touch(conn, assessment, &saved.updated_at)?;
            Ok(saved)
        })
        .await
    }
}
