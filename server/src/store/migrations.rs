//! Versioned schema migrations. `PRAGMA user_version` holds the number of migrations applied;
//! at start-up the missing ones run in one transaction together with the version bump, so a
//! database is always at a version this list describes. A database newer than the binary is
//! refused untouched. Migrations run with foreign key enforcement off, so that one can rebuild a
//! table that others refer to (SQLite's way of changing a constraint); every foreign key is
//! checked before the transaction commits, and enforcement is on again afterwards.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use super::OpenError;

/// The migrations in order; migration `i` brings the schema to version `i + 1`. Released files
/// are never edited.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_evidence_remediation.sql"),
    include_str!("migrations/0003_review_cycles.sql"),
    include_str!("migrations/0004_approval_record.sql"),
    include_str!("migrations/0005_assessment_subject.sql"),
    include_str!("migrations/0006_imported_audit_events.sql"),
];

/// The schema version this binary writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Fails with `TooNew` when the database was written by a newer Ziping.
pub(super) fn refuse_newer(conn: &Connection, path: &Path) -> Result<(), OpenError> {
    let found: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|source| OpenError::Open {
            path: path.to_path_buf(),
            source,
        })?;
    if found > SCHEMA_VERSION {
        return Err(OpenError::TooNew {
            path: path.to_path_buf(),
            found,
            known: SCHEMA_VERSION,
        });
    }
    Ok(())
}

pub(super) fn migrate(conn: &mut Connection, path: &Path) -> Result<(), OpenError> {
    // Outside a transaction: inside one, SQLite ignores the pragma.
    conn.pragma_update(None, "foreign_keys", "OFF")
        .map_err(|source| OpenError::Migrate {
            path: path.to_path_buf(),
            version: SCHEMA_VERSION,
            source,
        })?;
    let migrated = apply(conn, path);
    let restored = conn
        .pragma_update(None, "foreign_keys", "ON")
        .map_err(|source| OpenError::Migrate {
            path: path.to_path_buf(),
            version: SCHEMA_VERSION,
            source,
        });
    migrated.and(restored)
}

/// Applies the missing migrations in one transaction, with foreign keys checked at the end.
fn apply(conn: &mut Connection, path: &Path) -> Result<(), OpenError> {
    let failed = |version: i64| {
        move |source: rusqlite::Error| OpenError::Migrate {
            path: path.to_path_buf(),
            version,
            source,
        }
    };
    // IMMEDIATE: two processes starting at once cannot both apply the same migration.
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(failed(SCHEMA_VERSION))?;
    let found: i64 = tx
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(failed(SCHEMA_VERSION))?;
    if found > SCHEMA_VERSION {
        return Err(OpenError::TooNew {
            path: path.to_path_buf(),
            found,
            known: SCHEMA_VERSION,
        });
    }
    for (index, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .skip(usize::try_from(found).unwrap_or(0))
    {
        let version = index as i64 + 1;
        tx.execute_batch(sql).map_err(failed(version))?;
        tx.pragma_update(None, "user_version", version)
            .map_err(failed(version))?;
        tracing::info!(version, "database schema migrated");
    }
    let broken: Option<String> = tx
        .query_row("PRAGMA foreign_key_check", [], |row| row.get(0))
        .optional()
        .map_err(failed(SCHEMA_VERSION))?;
    if let Some(table) = broken {
        return Err(OpenError::Migrate {
            path: path.to_path_buf(),
            version: SCHEMA_VERSION,
            source: rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
                Some(format!(
                    "a row of `{table}` refers to a row that does not exist"
                )),
            ),
        });
    }
    tx.commit().map_err(failed(SCHEMA_VERSION))
}
