//! Answers with optimistic concurrency: each save names the revision the client last saw (0 for
//! a question it saw unanswered); a save against any other revision is refused with the stored
//! answer, so two people never silently overwrite each other.

use questionnaires::AnswerValue;
use rusqlite::{Connection, params};
use serde_json::json;

use super::assessments::{require_writable, touch};
use super::audit::{self, Change};
use super::model::AuditEntity;
use super::model::{AnswerInput, StoredAnswer};
use super::{Store, StoreError};
use crate::domain::UserName;

pub(super) const COLUMNS: &str =
    "question_id, value, na_reason, note, revision, updated_at, updated_by, carried";

pub(super) fn stored_from_row(row: &rusqlite::Row<'_>) -> Result<StoredAnswer, StoreError> {
    let value: String = row.get(1)?;
    Ok(StoredAnswer {
        question_id: row.get(0)?,
        value: parse_value(&value)?,
        na_reason: row.get(2)?,
        note: row.get(3)?,
        revision: row.get(4)?,
        updated_at: row.get(5)?,
        updated_by: row.get(6)?,
        carried: row.get(7)?,
    })
}

pub(super) fn parse_value(s: &str) -> Result<AnswerValue, StoreError> {
    AnswerValue::parse(s).ok_or_else(|| StoreError::Corrupt(format!("unknown answer value `{s}`")))
}

fn current(
    conn: &Connection,
    assessment: i64,
    question: &str,
) -> Result<Option<StoredAnswer>, StoreError> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM answers WHERE assessment_id = ?1 AND question_id = ?2"
    ))?;
    let mut rows = statement.query(params![assessment, question])?;
    rows.next()?.map(stored_from_row).transpose()
}

fn snapshot(answer: &StoredAnswer) -> serde_json::Value {
    let mut snapshot = json!({
        "value": answer.value,
        "na_reason": answer.na_reason,
        "note": answer.note,
        "revision": answer.revision,
    });
    if answer.carried {
        snapshot["carried"] = json!(true);
    }
    snapshot
}

/// One answer of [`Store::save_answers`]: the question, the validated answer and the revision
/// it replaces (0: none stored).
#[derive(Clone, Debug)]
pub struct BatchAnswer {
    pub question: String,
    pub input: AnswerInput,
    pub revision: i64,
}

/// Saves one answer in the caller's transaction, if `revision` is the stored one.
fn save(
    conn: &Connection,
    assessment: i64,
    question: String,
    input: AnswerInput,
    revision: i64,
    actor: &UserName,
) -> Result<StoredAnswer, StoreError> {
    let before = current(conn, assessment, &question)?;
    let stored_revision = before.as_ref().map_or(0, |a| a.revision);
    if revision != stored_revision {
        return Err(StoreError::AnswerConflict {
            current: before.map(Box::new),
        });
    }
    let na_reason = match input.value {
        AnswerValue::NotApplicable => input.na_reason,
        _ => None,
    };
    let mut saved = StoredAnswer {
        question_id: question,
        value: input.value,
        na_reason,
        note: input.note,
        revision: stored_revision + 1,
        updated_at: String::new(),
        updated_by: actor.as_str().to_owned(),
        carried: false,
    };
    saved.updated_at = audit::append(
        conn,
        Change::per_question(
            actor.as_str(),
            assessment,
            AuditEntity::Answer,
            &saved.question_id,
            before.as_ref().map(snapshot),
            snapshot(&saved),
        ),
    )?;
    conn.prepare_cached(
        "INSERT INTO answers (assessment_id, question_id, value, na_reason, note,
             revision, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (assessment_id, question_id) DO UPDATE SET
             value = excluded.value, na_reason = excluded.na_reason,
             note = excluded.note, revision = excluded.revision,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by,
             carried = 0",
    )?
    .execute(params![
        assessment,
        saved.question_id,
        saved.value.as_str(),
        saved.na_reason,
        saved.note,
        saved.revision,
        saved.updated_at,
        saved.updated_by
    ])?;
    touch(conn, assessment, &saved.updated_at)?;
    Ok(saved)
}

impl Store {
    /// Saves an answer if `revision` is the stored one (0: none stored yet). The question id
    /// must already be checked against the pinned questionnaire.
    pub async fn save_answer(
        &self,
        assessment: i64,
        question: String,
        input: AnswerInput,
        revision: i64,
        actor: UserName,
    ) -> Result<StoredAnswer, StoreError> {
        self.write(move |conn| {
            require_writable(conn, assessment)?;
            save(conn, assessment, question, input, revision, &actor)
        })
        .await
    }

    /// Saves several answers all or nothing, each as [`Store::save_answer`] would (its revision
    /// checked, its revision bumped, its audit event appended, its carried mark cleared), in
    /// one transaction: if any one is refused, none is saved.
    pub async fn save_answers(
        &self,
        assessment: i64,
        answers: Vec<BatchAnswer>,
        actor: UserName,
    ) -> Result<Vec<StoredAnswer>, StoreError> {
        self.write(move |conn| {
            require_writable(conn, assessment)?;
            answers
                .into_iter()
                .map(|a| save(conn, assessment, a.question, a.input, a.revision, &actor))
                .collect()
        })
        .await
    }

    /// The stored answer to one question, if any.
    pub async fn answer(
        &self,
        assessment: i64,
        question: String,
    ) -> Result<Option<StoredAnswer>, StoreError> {
        self.read(move |conn| {
            super::assessments::require(conn, assessment)?;
            current(conn, assessment, &question)
        })
        .await
    }
}
