//! Upgrading a draft to a newer version of its questionnaire: the plan (`questionnaires::upgrade`,
//! made by the API from the assessment as it was at `revision`) applied in one transaction, with
//! one audit event `upgrade` whose before-state keeps everything the plan moves or leaves behind.

use std::collections::BTreeMap;
use std::sync::PoisonError;

use questionnaires::upgrade::UpgradePlan;
use rusqlite::{Connection, params};
use serde_json::json;

use super::assessments::{load, require};
use super::audit::{self, Change};
use super::model::{Assessment, EvidenceKind, Status, StoredAnswer};
use super::model::{AuditAction, AuditEntity};
use super::{Store, StoreError};
use crate::domain::UserName;

/// The assessment's revision: the id of its latest audit event. Every change appends one, in
/// its own transaction, so the revision is the same exactly while nothing changed.
pub(super) fn revision(conn: &Connection, id: i64) -> Result<i64, StoreError> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(id), 0) FROM audit_events WHERE assessment_id = ?1")?
        .query_row([id], |row| row.get(0))?)
}

impl Store {
    /// The whole assessment and its revision, from one snapshot.
    pub async fn assessment_at_revision(&self, id: i64) -> Result<(Assessment, i64), StoreError> {
        self.read(move |conn| {
            let tx = conn.unchecked_transaction()?;
            let assessment = load(&tx, id)?;
            let revision = revision(&tx, id)?;
            tx.finish()?;
            Ok((assessment, revision))
        })
        .await
    }

    /// Re-pins draft `id` to `plan.to` and moves its answers, evidence, remediation and profile
    /// as the plan says, if the assessment is still at `revision` and pinned to `plan.from`.
    /// `profile` is the profile the new version keeps.
    pub async fn upgrade_assessment(
        &self,
        id: i64,
        plan: UpgradePlan,
        profile: questionnaires::Profile,
        revision: i64,
        actor: UserName,
    ) -> Result<Assessment, StoreError> {
        let (assessment, collect) = self
            .write(move |conn| {
                let status = require(conn, id)?;
                if status.is_read_only() {
                    return Err(StoreError::ReadOnly { id, status });
                }
                if status != Status::Draft {
                    return Err(StoreError::NotDraft { id, status });
                }
                let current = self::revision(conn, id)?;
                let before = load(conn, id)?;
                if current != revision || before.questionnaire_version != plan.from {
                    return Err(StoreError::RevisionConflict { revision: current });
                }
                let collect = apply(conn, id, &plan, &profile, &before)?;
                let at = audit::append(
                    conn,
                    Change {
                        actor: actor.as_str(),
                        assessment_id: Some(id),
                        entity: AuditEntity::Assessment,
                        entity_id: id.to_string(),
                        action: AuditAction::Upgrade,
                        before: json!({
                            "questionnaire_version": before.questionnaire_version,
                            "profile": before.profile,
                            "answers": before.answers,
                            "evidence": before.evidence,
                            "remediation": before.remediation,
                        }),
                        after: json!({
                            "questionnaire_version": plan.to,
                            "profile": profile,
                            "plan": plan,
                        }),
                    },
                )?;
                conn.prepare_cached(
                    "UPDATE assessments SET questionnaire_version = ?2, updated_at = ?3
                     WHERE id = ?1",
                )?
                .execute(params![id, plan.to, at])?;
                Ok((load(conn, id)?, collect))
            })
            .await?;
        self.inner
            .pinned
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&id);
        for sha256 in collect {
            self.collect(sha256).await;
        }
        Ok(assessment)
    }
}

/// Writes the plan; returns the hashes of evidence files whose rows it deleted.
fn apply(
    conn: &Connection,
    id: i64,
    plan: &UpgradePlan,
    profile: &questionnaires::Profile,
    before: &Assessment,
) -> Result<Vec<String>, StoreError> {
    let mismatch = |what: String| StoreError::Internal(format!("the upgrade plan {what}"));
    // Answers: the new set replaces the old one whole.
    let placed: Vec<StoredAnswer> = plan
        .answers
        .iter()
        .map(|p| {
            let from = before
                .answers
                .get(p.from.as_str())
                .ok_or_else(|| mismatch(format!("names no answer to {}", p.from)))?;
            Ok(StoredAnswer {
                question_id: p.to.as_str().to_owned(),
                carried: from.carried || !p.reconfirm.is_empty(),
                ..from.clone()
            })
        })
        .collect::<Result<_, StoreError>>()?;
    conn.prepare_cached("DELETE FROM answers WHERE assessment_id = ?1")?
        .execute([id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO answers (assessment_id, question_id, value, na_reason, note, revision,
             updated_at, updated_by, carried)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for a in &placed {
        insert.execute(params![
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

    // Evidence: moved rows change their question; rows of removed questions go.
    let mut collect = Vec::new();
    for removed in plan.removed.iter().filter(|r| r.evidence) {
        for e in before
            .evidence
            .iter()
            .filter(|e| e.question_id == removed.id.as_str())
        {
            conn.prepare_cached("DELETE FROM evidence WHERE id = ?1")?
                .execute([e.id])?;
            if e.kind == EvidenceKind::File {
                collect.push(e.sha256.clone());
            }
        }
    }
    for m in &plan.evidence {
        conn.prepare_cached(
            "UPDATE evidence SET question_id = ?3 WHERE assessment_id = ?1 AND question_id = ?2",
        )?
        .execute(params![id, m.from.as_str(), m.to.as_str()])?;
    }

    // Remediation: one per question, so the rows are rewritten under their new ids.
    let moves: BTreeMap<&str, &str> = plan
        .remediation
        .iter()
        .map(|m| (m.from.as_str(), m.to.as_str()))
        .collect();
    let left: Vec<&str> = plan
        .removed
        .iter()
        .filter(|r| r.remediation)
        .map(|r| r.id.as_str())
        .collect();
    conn.prepare_cached("DELETE FROM remediation WHERE assessment_id = ?1")?
        .execute([id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO remediation (assessment_id, question_id, owner, due_date, status, comment,
             updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for r in before.remediation.values() {
        if left.contains(&r.question_id.as_str()) {
            continue;
        }
        let question = moves
            .get(r.question_id.as_str())
            .copied()
            .unwrap_or(&r.question_id);
        insert.execute(params![
            id,
            question,
            r.owner,
            r.due_date,
            r.status.as_str(),
            r.comment,
            r.updated_at,
            r.updated_by
        ])?;
    }

    let text = serde_json::to_string(profile)
        .map_err(|e| StoreError::Internal(format!("cannot encode a profile: {e}")))?;
    if *profile != before.profile {
        conn.prepare_cached(
            "UPDATE assessments SET profile = ?2, profile_revision = profile_revision + 1
             WHERE id = ?1",
        )?
        .execute(params![id, text])?;
    }
    Ok(collect)
}
