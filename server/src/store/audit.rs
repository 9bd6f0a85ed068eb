//! The audit log: an append-only table in which each event carries the hash of the one before
//! it. `hash = SHA-256(prev_hash, id, at, actor, assessment_id, entity, entity_id, action,
//! before, after)`, each field as its 8-byte big-endian length and its UTF-8 bytes, exactly as
//! stored, so the stored text is what is protected and no JSON re-encoding is involved. The
//! first event's `prev_hash` is 64 zeros. Triggers refuse UPDATE and DELETE; the chain catches
//! what goes around them (an edit with another tool, a deleted or reordered row).

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use super::model::{AuditAction, AuditEntity, AuditEvent};
use super::{Store, StoreError, clock};

/// The `prev_hash` of the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A change to record, as built by a write.
pub(super) struct Change<'a> {
    pub actor: &'a str,
    pub assessment_id: Option<i64>,
    pub entity: AuditEntity,
    pub entity_id: String,
    pub action: AuditAction,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

impl<'a> Change<'a> {
    /// The creation (no `before`) or replacement of one question's record of an assessment:
    /// its answer or its remediation.
    pub fn per_question(
        actor: &'a str,
        assessment: i64,
        entity: AuditEntity,
        question: &str,
        before: Option<serde_json::Value>,
        after: serde_json::Value,
    ) -> Change<'a> {
        Change {
            actor,
            assessment_id: Some(assessment),
            entity,
            entity_id: question.to_owned(),
            action: if before.is_some() {
                AuditAction::Update
            } else {
                AuditAction::Create
            },
            before: before.unwrap_or(serde_json::Value::Null),
            after,
        }
    }
}

/// The result of checking the whole chain.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct Verification {
    /// True when every event's links and hash are intact.
    pub ok: bool,
    /// Events checked.
    pub events: i64,
    /// The first event whose link or hash is wrong.
    pub first_broken: Option<BrokenLink>,
}

#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct BrokenLink {
    pub id: i64,
    pub reason: String,
}

/// Appends an event inside the caller's transaction, returning its timestamp. Runs on the
/// writer only, so reading the last event and appending the next cannot interleave.
pub(super) fn append(conn: &Connection, change: Change<'_>) -> Result<String, StoreError> {
    let last: Option<(i64, String)> = conn
        .prepare_cached("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1")?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let (id, prev_hash) = match last {
        Some((id, hash)) => (id + 1, hash),
        None => (1, GENESIS.to_owned()),
    };
    let at = clock::now();
    let before = change.before.to_string();
    let after = change.after.to_string();
    let fields = Fields {
        id,
        at: &at,
        actor: change.actor,
        assessment_id: change.assessment_id,
        entity: change.entity.as_str(),
        entity_id: &change.entity_id,
        action: change.action.as_str(),
        before: &before,
        after: &after,
    };
    let hash = fields.hash(&prev_hash);
    conn.prepare_cached(
        "INSERT INTO audit_events
             (id, at, actor, assessment_id, entity, entity_id, action, before, after, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        id,
        at,
        change.actor,
        change.assessment_id,
        change.entity.as_str(),
        change.entity_id,
        change.action.as_str(),
        before,
        after,
        prev_hash,
        hash
    ])?;
    Ok(at)
}

/// The hashed fields of an event, borrowed from wherever they are.
struct Fields<'a> {
    id: i64,
    at: &'a str,
    actor: &'a str,
    assessment_id: Option<i64>,
    entity: &'a str,
    entity_id: &'a str,
    action: &'a str,
    before: &'a str,
    after: &'a str,
}

impl Fields<'_> {
    fn hash(&self, prev_hash: &str) -> String {
        let id = self.id.to_string();
        let assessment = self
            .assessment_id
            .map(|a| a.to_string())
            .unwrap_or_default();
        let mut hasher = Sha256::new();
        for field in [
            prev_hash,
            &id,
            self.at,
            self.actor,
            &assessment,
            self.entity,
            self.entity_id,
            self.action,
            self.before,
            self.after,
        ] {
            hasher.update((field.len() as u64).to_be_bytes());
            hasher.update(field.as_bytes());
        }
        hex(&hasher.finalize())
    }
}

/// An event exactly as stored, `before` and `after` as the JSON text that was hashed: the form
/// in which an archive carries the audit record of an assessment, so that its hashes can be
/// checked again anywhere.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub assessment_id: Option<i64>,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub before: String,
    pub after: String,
    pub prev_hash: String,
    pub hash: String,
}

impl RawEvent {
    fn computed_hash(&self) -> String {
        Fields {
            id: self.id,
            at: &self.at,
            actor: &self.actor,
            assessment_id: self.assessment_id,
            entity: &self.entity,
            entity_id: &self.entity_id,
            action: &self.action,
            before: &self.before,
            after: &self.after,
        }
        .hash(&self.prev_hash)
    }
}

/// An event of the chain that is not part of a record (another assessment's), kept as its
/// hashes only so that the record's events can be linked across it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainLink {
    pub id: i64,
    pub prev_hash: String,
    pub hash: String,
}

/// The audit events of one assessment with the links between them: a contiguous piece of a
/// hash chain.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditRecord {
    pub events: Vec<RawEvent>,
    pub links: Vec<ChainLink>,
}

impl AuditRecord {
    /// Checks the record as `verify` checks the whole log: the events and links, in id order,
    /// have consecutive ids, each links to the one before it (the first to 64 zeros when it is
    /// the chain's first event), and each event's contents match its hash. Every event belongs
    /// to `assessment`. The error names the first event or link that is wrong.
    pub fn verify(&self, assessment: i64) -> Result<(), String> {
        let mut chain: Vec<(i64, &str, &str, Option<&RawEvent>)> = self
            .events
            .iter()
            .map(|e| (e.id, e.prev_hash.as_str(), e.hash.as_str(), Some(e)))
            .chain(
                self.links
                    .iter()
                    .map(|l| (l.id, l.prev_hash.as_str(), l.hash.as_str(), None)),
            )
            .collect();
        chain.sort_by_key(|entry| entry.0);
        let mut previous: Option<(i64, &str)> = None;
        for (id, prev_hash, hash, event) in chain {
            match previous {
                None if id == 1 && prev_hash != GENESIS => {
                    return Err(format!(
                        "event 1 is the first of the chain but does not link to {GENESIS}"
                    ));
                }
                None if id < 1 => return Err(format!("event {id} has an id below 1")),
                None => {}
                Some((before, _)) if id == before => {
                    return Err(format!("event {id} appears twice"));
                }
                Some((before, _)) if id != before + 1 => {
                    return Err(format!(
                        "event {id} follows event {before}: the events in between are missing"
                    ));
                }
                Some((before, before_hash)) if prev_hash != before_hash => {
                    return Err(format!(
                        "event {id} does not link to event {before} (its previous hash is \
                         {prev_hash}, but that event's hash is {before_hash})"
                    ));
                }
                Some(_) => {}
            }
            if let Some(event) = event {
                if event.assessment_id != Some(assessment) {
                    return Err(format!(
                        "event {id} belongs to another assessment than the record's"
                    ));
                }
                if event.computed_hash() != hash {
                    return Err(format!(
                        "the contents of event {id} do not match its hash: the event was \
                         edited after it was written"
                    ));
                }
            }
            previous = Some((id, hash));
        }
        Ok(())
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

/// Checks every event in id order; stops at the first broken one.
pub(super) fn verify(conn: &Connection) -> Result<Verification, StoreError> {
    let tx = conn.unchecked_transaction()?;
    let mut statement = tx.prepare(
        "SELECT id, at, actor, assessment_id, entity, entity_id, action, before, after,
                prev_hash, hash
         FROM audit_events ORDER BY id",
    )?;
    let mut rows = statement.query([])?;
    let mut expected_prev = GENESIS.to_owned();
    let mut expected_id = 1_i64;
    let mut events = 0_i64;
    while let Some(row) = rows.next()? {
        events += 1;
        let id: i64 = row.get(0)?;
        let text = |i: usize| -> Result<String, rusqlite::Error> { row.get::<_, String>(i) };
        let (at, actor, entity, entity_id, action, before, after, prev_hash, hash) = (
            text(1)?,
            text(2)?,
            text(4)?,
            text(5)?,
            text(6)?,
            text(7)?,
            text(8)?,
            text(9)?,
            text(10)?,
        );
        let assessment_id: Option<i64> = row.get(3)?;
        let broken = |reason: String| Verification {
            ok: false,
            events,
            first_broken: Some(BrokenLink { id, reason }),
        };
        if id != expected_id {
            return Ok(broken(format!(
                "event {id} follows event {}: the events in between are missing",
                expected_id - 1
            )));
        }
        if prev_hash != expected_prev {
            return Ok(broken(format!(
                "event {id} does not link to the event before it (its previous hash is \
                 {prev_hash}, but that event's hash is {expected_prev}): an event before it \
                 was removed or replaced"
            )));
        }
        let fields = Fields {
            id,
            at: &at,
            actor: &actor,
            assessment_id,
            entity: &entity,
            entity_id: &entity_id,
            action: &action,
            before: &before,
            after: &after,
        };
        let computed = fields.hash(&prev_hash);
        if computed != hash {
            return Ok(broken(format!(
                "the contents of event {id} do not match its hash: the event was edited after \
                 it was written"
            )));
        }
        expected_prev = hash;
        expected_id = id + 1;
    }
    Ok(Verification {
        ok: true,
        events,
        first_broken: None,
    })
}

fn event_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEvent> {
    let json = |i: usize| -> rusqlite::Result<serde_json::Value> {
        let text: String = row.get(i)?;
        serde_json::from_str(&text).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        })
    };
    // An entity or action this Ziping has never written: the row is not what the schema holds.
    fn named<T>(
        row: &rusqlite::Row<'_>,
        i: usize,
        parse: fn(&str) -> Option<T>,
    ) -> rusqlite::Result<T> {
        let text: String = row.get(i)?;
        parse(&text).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                i,
                rusqlite::types::Type::Text,
                format!("`{text}` is not a kind of audit event Ziping writes").into(),
            )
        })
    }
    Ok(AuditEvent {
        id: row.get(0)?,
        at: row.get(1)?,
        actor: row.get(2)?,
        assessment_id: row.get(3)?,
        entity: named(row, 4, AuditEntity::parse)?,
        entity_id: row.get(5)?,
        action: named(row, 6, AuditAction::parse)?,
        before: json(7)?,
        after: json(8)?,
        hash: row.get(9)?,
    })
}

impl Store {
    /// The audit events of one assessment, oldest first.
    pub async fn audit_events(&self, assessment_id: i64) -> Result<Vec<AuditEvent>, StoreError> {
        self.read(move |conn| {
            super::assessments::require(conn, assessment_id)?;
            let mut statement = conn.prepare(
                "SELECT id, at, actor, assessment_id, entity, entity_id, action, before, after, hash
                 FROM audit_events WHERE assessment_id = ?1 ORDER BY id",
            )?;
            let events = statement
                .query_map([assessment_id], event_from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(events)
        })
        .await
    }

    /// Checks the whole audit chain.
    pub async fn verify_audit(&self) -> Result<Verification, StoreError> {
        self.read(verify).await
    }
}
