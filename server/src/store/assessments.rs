//! Assessments (评估): one organization × one questionnaire version × one review cycle, with
//! its status and profile. Reading a whole assessment runs in one read transaction, so its
//! answers and the rest are one consistent snapshot.

use std::collections::BTreeMap;
use std::sync::{Arc, PoisonError};

use questionnaires::{Answer, Answers, Platform, Profile, QuestionId, Subject};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use super::answers::{self, stored_from_row};
use super::audit::{self, Change};
use super::error::{FOREIGN_KEY, UNIQUE, constraint};
use super::model::{
    Assessment, AssessmentListItem, CarriedFrom, Carry, EvidenceKind, NewAssessment,
    OrganizationRef, Pinned, ScoringInput, Status, StoredAnswer, transition,
};
use super::model::{AuditAction, AuditEntity};
use super::{Store, StoreError, clock, evidence, organizations, remediation};
use crate::domain::UserName;

/// The status of an assessment, or `NotFound`.
pub(super) fn require(conn: &Connection, id: i64) -> Result<Status, StoreError> {
    let status: Option<String> = conn
        .prepare_cached("SELECT status FROM assessments WHERE id = ?1")?
        .query_row([id], |row| row.get(0))
        .optional()?;
    let status = status.ok_or_else(|| not_found(id))?;
    parse_status(&status)
}

/// Like `require`, but refuses an assessment that is read-only in its status.
pub(super) fn require_writable(conn: &Connection, id: i64) -> Result<Status, StoreError> {
    let status = require(conn, id)?;
    if status.is_read_only() {
        return Err(StoreError::ReadOnly { id, status });
    }
    Ok(status)
}

/// Records that the assessment changed now.
pub(super) fn touch(conn: &Connection, id: i64, at: &str) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE assessments SET updated_at = ?2 WHERE id = ?1")?
        .execute(params![id, at])?;
    Ok(())
}

fn not_found(id: i64) -> StoreError {
    StoreError::NotFound(format!("There is no assessment {id}."))
}

fn parse_status(s: &str) -> Result<Status, StoreError> {
    Status::parse(s).ok_or_else(|| StoreError::Corrupt(format!("unknown assessment status `{s}`")))
}

pub(super) fn parse_profile(text: &str) -> Result<Profile, StoreError> {
    serde_json::from_str(text)
        .map_err(|e| StoreError::Corrupt(format!("an assessment profile is not valid JSON: {e}")))
}

/// The subject columns, in the order `subject_of_row` reads them.
const SUBJECT_COLUMNS: &str = "subject_name, subject_platform, subject_version, subject_package_id";

/// The subject from the four `SUBJECT_COLUMNS` starting at column `at`.
fn subject_of_row(row: &rusqlite::Row, at: usize) -> Result<Option<Subject>, StoreError> {
    let name: Option<String> = row.get(at)?;
    let platform: Option<String> = row.get(at + 1)?;
    let (Some(name), Some(platform)) = (name, platform) else {
        return Ok(None);
    };
    let platform = Platform::parse(&platform)
        .ok_or_else(|| StoreError::Corrupt(format!("unknown App platform `{platform}`")))?;
    Ok(Some(Subject {
        name,
        platform,
        version: row.get::<_, Option<String>>(at + 2)?.unwrap_or_default(),
        package_id: row.get::<_, Option<String>>(at + 3)?.unwrap_or_default(),
    }))
}

fn answers_of(conn: &Connection, id: i64) -> Result<BTreeMap<String, StoredAnswer>, StoreError> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {} FROM answers WHERE assessment_id = ?1",
        answers::COLUMNS
    ))?;
    let mut rows = statement.query([id])?;
    let mut all = BTreeMap::new();
    while let Some(row) = rows.next()? {
        let answer = stored_from_row(row)?;
        all.insert(answer.question_id.clone(), answer);
    }
    Ok(all)
}

/// Everyone who changed the assessment, from its audit log, in order of their first change.
fn assessors_of(conn: &Connection, id: i64) -> Result<Vec<String>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT actor FROM audit_events WHERE assessment_id = ?1 GROUP BY actor ORDER BY min(id)",
    )?;
    let names = statement
        .query_map([id], |row| row.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(names)
}

/// The answers in the form the scoring method takes.
fn scoring_answers(conn: &Connection, id: i64) -> Result<Answers, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT question_id, value, na_reason, note FROM answers WHERE assessment_id = ?1",
    )?;
    let mut rows = statement.query([id])?;
    let mut all = Answers::new();
    while let Some(row) = rows.next()? {
        let question: String = row.get(0)?;
        let value: String = row.get(1)?;
        let question = QuestionId::parse(&question).map_err(StoreError::Corrupt)?;
        let answer = Answer {
            value: answers::parse_value(&value)?,
            na_reason: row.get(2)?,
            note: row.get(3)?,
        };
        all.insert(question, answer);
    }
    Ok(all)
}

/// The whole assessment, in one read transaction.
fn get(conn: &Connection, id: i64) -> Result<Assessment, StoreError> {
    let tx = conn.unchecked_transaction()?;
    let assessment = load(&tx, id)?;
    tx.finish()?;
    Ok(assessment)
}

/// The whole assessment, read in the caller's transaction.
pub(super) fn load(tx: &Connection, id: i64) -> Result<Assessment, StoreError> {
    let mut statement = tx.prepare_cached(&format!(
        "SELECT organization_id, questionnaire_id, questionnaire_version, cycle, status,
                profile, profile_revision, created_at, updated_at, carried_from, {SUBJECT_COLUMNS}
         FROM assessments WHERE id = ?1"
    ))?;
    let mut rows = statement.query([id])?;
    let row = rows.next()?.ok_or_else(|| not_found(id))?;
    let subject = subject_of_row(row, 10)?;
    let row = (
        row.get::<_, i64>(0)?,
        row.get::<_, String>(1)?,
        row.get::<_, String>(2)?,
        row.get::<_, String>(3)?,
        row.get::<_, String>(4)?,
        row.get::<_, String>(5)?,
        row.get::<_, i64>(6)?,
        row.get::<_, String>(7)?,
        row.get::<_, String>(8)?,
        row.get::<_, Option<i64>>(9)?,
    );
    drop(rows);
    drop(statement);
    let (organization_id, questionnaire_id, questionnaire_version, cycle, status, profile) =
        (row.0, row.1, row.2, row.3, row.4, row.5);
    let assessment = Assessment {
        id,
        organization: organizations::get(tx, organization_id)?,
        questionnaire_id,
        questionnaire_version,
        cycle,
        subject,
        status: parse_status(&status)?,
        carried_from: row.9.map(|from| carried_from(tx, from)).transpose()?,
        profile: parse_profile(&profile)?,
        profile_revision: row.6,
        answers: answers_of(tx, id)?,
        evidence: evidence::of_assessment(tx, id)?,
        remediation: remediation::of_assessment(tx, id)?,
        assessors: assessors_of(tx, id)?,
        created_at: row.7,
        updated_at: row.8,
    };
    Ok(assessment)
}

fn carried_from(conn: &Connection, id: i64) -> Result<CarriedFrom, StoreError> {
    let cycle = conn
        .prepare_cached("SELECT cycle FROM assessments WHERE id = ?1")?
        .query_row([id], |row| row.get(0))?;
    Ok(CarriedFrom { id, cycle })
}

fn pinned_of(conn: &Connection, id: i64) -> Result<Pinned, StoreError> {
    conn.prepare_cached(
        "SELECT questionnaire_id, questionnaire_version FROM assessments WHERE id = ?1",
    )?
    .query_row([id], |row| {
        Ok(Pinned {
            questionnaire_id: row.get(0)?,
            questionnaire_version: row.get(1)?,
        })
    })
    .optional()?
    .ok_or_else(|| not_found(id))
}

/// Writes what a new assessment `id` takes over from an earlier one.
fn copy_carried(conn: &Connection, id: i64, carry: &Carry) -> Result<(), StoreError> {
    let mut answer = conn.prepare_cached(
        "INSERT INTO answers (assessment_id, question_id, value, na_reason, note, revision,
             updated_at, updated_by, carried)
         VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, 1)",
    )?;
    for a in &carry.answers {
        answer.execute(params![
            id,
            a.question_id,
            a.value.as_str(),
            a.na_reason,
            a.note,
            a.updated_at,
            a.updated_by
        ])?;
    }
    let mut evidence = conn.prepare_cached(
        "INSERT INTO evidence (assessment_id, question_id, kind, name, media_type, size, sha256,
             note, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for e in &carry.evidence {
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
    for r in &carry.remediation {
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
    /// Every assessment with what the home page shows and what scoring needs, most recently
    /// changed first.
    pub async fn assessments(&self) -> Result<Vec<AssessmentListItem>, StoreError> {
        self.read(|conn| {
            let tx = conn.unchecked_transaction()?;
            let mut statement = tx.prepare(
                "SELECT a.id, o.id, o.name, a.questionnaire_id, a.questionnaire_version, a.cycle,
                        a.status, a.updated_at, a.profile, a.subject_name, a.subject_platform,
                        a.subject_version, a.subject_package_id
                 FROM assessments a JOIN organizations o ON o.id = a.organization_id
                 ORDER BY a.updated_at DESC, a.id DESC",
            )?;
            let mut rows = statement.query([])?;
            let mut all = Vec::new();
            while let Some(row) = rows.next()? {
                let id: i64 = row.get(0)?;
                let status: String = row.get(6)?;
                let profile: String = row.get(8)?;
                all.push(AssessmentListItem {
                    id,
                    organization: OrganizationRef {
                        id: row.get(1)?,
                        name: row.get(2)?,
                    },
                    questionnaire_id: row.get(3)?,
                    questionnaire_version: row.get(4)?,
                    cycle: row.get(5)?,
                    subject: subject_of_row(row, 9)?,
                    status: parse_status(&status)?,
                    updated_at: row.get(7)?,
                    profile: parse_profile(&profile)?,
                    answers: scoring_answers(&tx, id)?,
                });
            }
            Ok(all)
        })
        .await
    }

    /// Creates an assessment; with `new.carry`, it starts from the earlier assessment: its
    /// profile, answers (marked as carried over, keeping who saved them when), evidence and the
    /// remediation that is not done are copied in the same transaction.
    pub async fn create_assessment(
        &self,
        new: NewAssessment,
        actor: UserName,
    ) -> Result<Assessment, StoreError> {
        self.write(move |conn| {
            let now = clock::now();
            if let Some(carry) = &new.carry {
                let seen: Option<String> = conn
                    .prepare_cached("SELECT updated_at FROM assessments WHERE id = ?1")?
                    .query_row([carry.from], |row| row.get(0))
                    .optional()?;
                if seen.as_deref() != Some(carry.seen_updated_at.as_str()) {
                    return Err(StoreError::CarryChanged { from: carry.from });
                }
            }
            let profile = match &new.carry {
                Some(carry) => serde_json::to_string(&carry.profile)
                    .map_err(|e| StoreError::Internal(format!("cannot encode a profile: {e}")))?,
                None => "{}".to_owned(),
            };
            let carried_from = new.carry.as_ref().map(|c| c.from);
            let subject = new.subject.as_ref();
            conn.prepare_cached(
                "INSERT INTO assessments (organization_id, questionnaire_id, questionnaire_version,
                     cycle, profile, profile_revision, carried_from, created_at, updated_at,
                     subject_name, subject_platform, subject_version, subject_package_id,
                     subject_name_key, subject_package_key)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?
            .execute(params![
                new.organization_id,
                new.questionnaire_id,
                new.questionnaire_version,
                new.cycle,
                profile,
                i64::from(carried_from.is_some()),
                carried_from,
                now,
                subject.map(|s| &s.name),
                subject.map(|s| s.platform.tag()),
                subject.map(|s| &s.version),
                subject.map(|s| &s.package_id),
                subject.map(Subject::name_key),
                subject.and_then(Subject::package_key),
            ])
            .map_err(|error| match constraint(&error) {
                Some((FOREIGN_KEY, _)) => StoreError::UnknownOrganization {
                    id: new.organization_id,
                },
                Some((UNIQUE, _)) => StoreError::DuplicateAssessment {
                    message: match &new.subject {
                        None => format!(
                            "Organization {} already has an assessment with questionnaire `{}` \
                             for the cycle “{}”; open that one, or name another cycle.",
                            new.organization_id, new.questionnaire_id, new.cycle
                        ),
                        Some(subject) => format!(
                            "Organization {} already has an assessment with questionnaire `{}` \
                             of the App {subject} (the same name on the same platform, or the \
                             same package id) for the cycle “{}”; open that one, or name another \
                             cycle.",
                            new.organization_id, new.questionnaire_id, new.cycle
                        ),
                    },
                },
                _ => error.into(),
            })?;
            let id = conn.last_insert_rowid();
            let mut after = json!({
                "organization_id": new.organization_id,
                "questionnaire_id": new.questionnaire_id,
                "questionnaire_version": new.questionnaire_version,
                "cycle": new.cycle,
                "status": Status::Draft,
            });
            if let Some(subject) = &new.subject {
                after["subject"] = json!(subject);
            }
            if let Some(carry) = &new.carry {
                copy_carried(conn, id, carry)?;
                after["carried_from"] = json!(carry.from);
                after["profile"] = json!(carry.profile);
                after["carried"] = json!({
                    "answers": carry.answers.iter().map(|a| &a.question_id).collect::<Vec<_>>(),
                    "evidence": carry.evidence.len(),
                    "remediation": carry.remediation.len(),
                });
            }
            audit::append(
                conn,
                Change {
                    actor: actor.as_str(),
                    assessment_id: Some(id),
                    entity: AuditEntity::Assessment,
                    entity_id: id.to_string(),
                    action: AuditAction::Create,
                    before: serde_json::Value::Null,
                    after,
                },
            )?;
            load(conn, id)
        })
        .await
    }

    pub async fn assessment(&self, id: i64) -> Result<Assessment, StoreError> {
        self.read(move |conn| get(conn, id)).await
    }

    /// The questionnaire version the assessment is pinned to (cached: it never changes).
    pub async fn pinned(&self, id: i64) -> Result<Arc<Pinned>, StoreError> {
        let cached = self
            .inner
            .pinned
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&id)
            .cloned();
        if let Some(pinned) = cached {
            return Ok(pinned);
        }
        let pinned = Arc::new(self.read(move |conn| pinned_of(conn, id)).await?);
        self.inner
            .pinned
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id, Arc::clone(&pinned));
        Ok(pinned)
    }

    /// The pinned questionnaire, profile and answers, from one snapshot.
    pub async fn scoring_input(&self, id: i64) -> Result<ScoringInput, StoreError> {
        self.read(move |conn| {
            let tx = conn.unchecked_transaction()?;
            let pinned = pinned_of(&tx, id)?;
            let profile: String = tx
                .prepare_cached("SELECT profile FROM assessments WHERE id = ?1")?
                .query_row([id], |row| row.get(0))?;
            let input = ScoringInput {
                pinned,
                profile: parse_profile(&profile)?,
                answers: scoring_answers(&tx, id)?,
            };
            tx.finish()?;
            Ok(input)
        })
        .await
    }

    /// Replaces the profile if `revision` is the one stored; returns the new profile and
    /// revision.
    pub async fn set_profile(
        &self,
        id: i64,
        profile: Profile,
        revision: i64,
        actor: UserName,
    ) -> Result<(Profile, i64), StoreError> {
        self.write(move |conn| {
            require_writable(conn, id)?;
            let (stored, current): (String, i64) = conn
                .prepare_cached("SELECT profile, profile_revision FROM assessments WHERE id = ?1")?
                .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))?;
            let before = parse_profile(&stored)?;
            if revision != current {
                return Err(StoreError::ProfileConflict {
                    profile: before,
                    revision: current,
                });
            }
            let text = serde_json::to_string(&profile)
                .map_err(|e| StoreError::Internal(format!("cannot encode a profile: {e}")))?;
            let next = current + 1;
            let at = audit::append(
                conn,
                Change {
                    actor: actor.as_str(),
                    assessment_id: Some(id),
                    entity: AuditEntity::Profile,
                    entity_id: id.to_string(),
                    action: AuditAction::Update,
                    before: json!({ "profile": before, "revision": current }),
                    after: json!({ "profile": profile, "revision": next }),
                },
            )?;
            conn.prepare_cached(
                "UPDATE assessments SET profile = ?2, profile_revision = ?3, updated_at = ?4
                 WHERE id = ?1",
            )?
            .execute(params![id, text, next, at])?;
            Ok((profile, next))
        })
        .await
    }

    /// Moves the assessment to another status by the rules of `model::transition`. Approving
    /// stores `record` (what the report of record prints beyond the assessment's own data; also
    /// written to the audit event); reopening as a draft clears it.
    pub async fn set_status(
        &self,
        id: i64,
        to: Status,
        reason: Option<String>,
        record: Option<serde_json::Value>,
        actor: UserName,
    ) -> Result<Assessment, StoreError> {
        self.write(move |conn| {
            let from = require(conn, id)?;
            let action = transition(from, to, reason.as_deref())?;
            let record = record.filter(|_| to == Status::Approved);
            let mut after = json!({ "status": to, "reason": reason });
            if let Some(record) = &record {
                after["record"] = record.clone();
            }
            let at = audit::append(
                conn,
                Change {
                    actor: actor.as_str(),
                    assessment_id: Some(id),
                    entity: AuditEntity::Assessment,
                    entity_id: id.to_string(),
                    action: action.into(),
                    before: json!({ "status": from }),
                    after,
                },
            )?;
            conn.prepare_cached(
                "UPDATE assessments SET status = ?2, updated_at = ?3 WHERE id = ?1",
            )?
            .execute(params![id, to.as_str(), at])?;
            if to == Status::Approved || to == Status::Draft {
                let text = record.map(|r| r.to_string());
                conn.prepare_cached("UPDATE assessments SET approval_record = ?2 WHERE id = ?1")?
                    .execute(params![id, text])?;
            }
            load(conn, id)
        })
        .await
    }

    /// What the approval of the assessment fixed for its report, if it is approved (or archived
    /// after approval).
    pub async fn approval_record(&self, id: i64) -> Result<Option<serde_json::Value>, StoreError> {
        self.read(move |conn| {
            let text: Option<String> = conn
                .prepare_cached("SELECT approval_record FROM assessments WHERE id = ?1")?
                .query_row([id], |row| row.get(0))
                .optional()?
                .ok_or_else(|| not_found(id))?;
            text.map(|t| {
                serde_json::from_str(&t).map_err(|e| {
                    StoreError::Corrupt(format!("the approval record of assessment {id}: {e}"))
                })
            })
            .transpose()
        })
        .await
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::domain::Uscc;
    use crate::store::model::{Carry, OrganizationInput};

    #[tokio::test]
    async fn carrying_from_an_assessment_that_changed_meanwhile_is_refused_and_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let user = UserName::parse("张三").unwrap();
        let organization = store
            .create_organization(
                OrganizationInput {
                    name: "示例科技有限公司".to_owned(),
                    uscc: Uscc::parse("91350100M000100Y43").unwrap(),
                    industry: String::new(),
                    region: String::new(),
                },
                user.clone(),
            )
            .await
            .unwrap();
        let new = |cycle: &str, carry: Option<Carry>| NewAssessment {
            organization_id: organization.id,
            questionnaire_id: "q".to_owned(),
            questionnaire_version: "1".to_owned(),
            cycle: cycle.to_owned(),
            subject: None,
            carry,
        };
        let earlier = store
            .create_assessment(new("2026 年度", None), user.clone())
            .await
            .unwrap();
        let carry = |seen: &str| Carry {
            from: earlier.id,
            seen_updated_at: seen.to_owned(),
            profile: Profile::new(),
            answers: Vec::new(),
            evidence: Vec::new(),
            remediation: Vec::new(),
        };

        let refused = store
            .create_assessment(
                new("2027 年度", Some(carry("2000-01-01T00:00:00Z"))),
                user.clone(),
            )
            .await
            .unwrap_err();
        assert!(
            matches!(refused, StoreError::CarryChanged { .. }),
            "{refused:?}"
        );
        assert_eq!(store.assessments().await.unwrap().len(), 1);

        let next = store
            .create_assessment(new("2027 年度", Some(carry(&earlier.updated_at))), user)
            .await
            .unwrap();
        assert_eq!(
            next.carried_from,
            Some(CarriedFrom {
                id: earlier.id,
                cycle: "2026 年度".to_owned()
            })
        );
    }
}
