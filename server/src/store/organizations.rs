//! Organizations (被评估单位): list, read, create, replace. The USCC is unique; a second
//! organization with the same code is refused by the database's constraint.

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use super::audit::{self, Change};
use super::error::{UNIQUE, constraint};
use super::model::{AuditAction, AuditEntity};
use super::model::{Organization, OrganizationInput};
use super::{Store, StoreError, clock};
use crate::domain::UserName;

const COLUMNS: &str = "id, name, uscc, industry, region, created_at";

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Organization> {
    Ok(Organization {
        id: row.get(0)?,
        name: row.get(1)?,
        uscc: row.get(2)?,
        industry: row.get(3)?,
        region: row.get(4)?,
        created_at: row.get(5)?,
    })
}

pub(super) fn get(conn: &Connection, id: i64) -> Result<Organization, StoreError> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM organizations WHERE id = ?1"
    ))?
    .query_row([id], from_row)
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("There is no organization {id}.")))
}

fn snapshot(o: &Organization) -> serde_json::Value {
    json!({ "name": o.name, "uscc": o.uscc, "industry": o.industry, "region": o.region })
}

fn duplicate(error: rusqlite::Error, uscc: &str) -> StoreError {
    match constraint(&error) {
        Some((UNIQUE, message)) if message.contains("organizations.uscc") => {
            StoreError::DuplicateUscc {
                uscc: uscc.to_owned(),
            }
        }
        _ => error.into(),
    }
}

impl Store {
    pub async fn organizations(&self) -> Result<Vec<Organization>, StoreError> {
        self.read(|conn| {
            let mut statement = conn.prepare(&format!(
                "SELECT {COLUMNS} FROM organizations ORDER BY name, id"
            ))?;
            let all = statement
                .query_map([], from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(all)
        })
        .await
    }

    pub async fn organization(&self, id: i64) -> Result<Organization, StoreError> {
        self.read(move |conn| get(conn, id)).await
    }

    pub async fn create_organization(
        &self,
        input: OrganizationInput,
        actor: UserName,
    ) -> Result<Organization, StoreError> {
        self.write(move |conn| {
            let now = clock::now();
            let uscc = input.uscc.as_str();
            conn.prepare_cached(
                "INSERT INTO organizations (name, uscc, industry, region, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            )?
            .execute(params![input.name, uscc, input.industry, input.region, now])
            .map_err(|e| duplicate(e, uscc))?;
            let created = get(conn, conn.last_insert_rowid())?;
            audit::append(
                conn,
                Change {
                    actor: actor.as_str(),
                    assessment_id: None,
                    entity: AuditEntity::Organization,
                    entity_id: created.id.to_string(),
                    action: AuditAction::Create,
                    before: serde_json::Value::Null,
                    after: snapshot(&created),
                },
            )?;
            Ok(created)
        })
        .await
    }

    pub async fn update_organization(
        &self,
        id: i64,
        input: OrganizationInput,
        actor: UserName,
    ) -> Result<Organization, StoreError> {
        self.write(move |conn| {
            let before = get(conn, id)?;
            let uscc = input.uscc.as_str();
            conn.prepare_cached(
                "UPDATE organizations SET name = ?2, uscc = ?3, industry = ?4, region = ?5,
                     updated_at = ?6
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                input.name,
                uscc,
                input.industry,
                input.region,
                clock::now()
            ])
            .map_err(|e| duplicate(e, uscc))?;
            let after = get(conn, id)?;
            audit::append(
                conn,
                Change {
                    actor: actor.as_str(),
                    assessment_id: None,
                    entity: AuditEntity::Organization,
                    entity_id: id.to_string(),
                    action: AuditAction::Update,
                    before: snapshot(&before),
                    after: snapshot(&after),
                },
            )?;
            Ok(after)
        })
        .await
    }
}
