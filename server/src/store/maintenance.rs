//! Offline care of a data directory, for the `verify` and `backup` subcommands: both open the
//! database read-only and never migrate it, and both work while a server is running on the same
//! directory (WAL lets them read a consistent snapshot).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};

use super::audit::{self, Verification};
use super::blobs::{self, EVIDENCE_DIR, blob_path};
use super::{BUSY_TIMEOUT, DATABASE_FILE, SCHEMA_VERSION, StoreError};

/// What `verify` found.
#[derive(Debug)]
pub struct Check {
    pub database: PathBuf,
    pub schema_version: i64,
    /// Problems `PRAGMA quick_check` reported; empty when the file is sound.
    pub integrity: Vec<String>,
    pub audit: Verification,
    pub evidence: EvidenceCheck,
}

impl Check {
    pub fn ok(&self) -> bool {
        self.integrity.is_empty() && self.audit.ok && self.evidence.ok()
    }
}

/// The evidence files against the rows that name them.
#[derive(Debug, Default)]
pub struct EvidenceCheck {
    /// Distinct files the database names.
    pub files: usize,
    /// Evidence ids whose file is missing.
    pub missing: Vec<(i64, PathBuf)>,
    /// Evidence ids whose file's SHA-256 is not the recorded one.
    pub altered: Vec<(i64, PathBuf)>,
    /// Files no evidence names (left by an interrupted removal; harmless).
    pub unreferenced: Vec<PathBuf>,
}

impl EvidenceCheck {
    pub fn ok(&self) -> bool {
        self.missing.is_empty() && self.altered.is_empty()
    }
}

/// Opens the database of `data_dir` read-only, refusing a missing one or one newer than this
/// binary.
fn open_read_only(data_dir: &Path) -> Result<(Connection, PathBuf, i64), StoreError> {
    let path = data_dir.join(DATABASE_FILE);
    if !path.is_file() {
        return Err(StoreError::NotFound(format!(
            "There is no Ziping database at {}; name the data directory with --data-dir.",
            path.display()
        )));
    }
    let conn = Connection::open_with_flags(
        &path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    Ok((conn, path, version))
}

/// Checks the database file, the audit chain and the evidence files of a data directory.
pub fn check(data_dir: &Path) -> Result<Check, StoreError> {
    let (conn, database, schema_version) = open_read_only(data_dir)?;
    let integrity: Vec<String> = conn
        .prepare("PRAGMA quick_check")?
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|line| line != "ok")
        .collect();
    let audit = audit::verify(&conn)?;
    let evidence = if schema_version >= 2 {
        check_evidence(&conn, &data_dir.join(EVIDENCE_DIR))?
    } else {
        EvidenceCheck::default()
    };
    Ok(Check {
        database,
        schema_version,
        integrity,
        audit,
        evidence,
    })
}

fn check_evidence(conn: &Connection, evidence_dir: &Path) -> Result<EvidenceCheck, StoreError> {
    let mut check = EvidenceCheck::default();
    let mut statement =
        conn.prepare("SELECT id, sha256 FROM evidence WHERE kind = 'file' ORDER BY id")?;
    let rows = statement
        .query_map([], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut seen: HashSet<String> = HashSet::new();
    let mut bad: HashSet<String> = HashSet::new();
    for (id, sha256) in rows {
        let path = blob_path(evidence_dir, &sha256);
        if seen.insert(sha256.clone()) {
            check.files += 1;
            match blobs::sha256_of(&path) {
                Ok(actual) if actual == sha256 => {}
                Ok(_) => {
                    bad.insert(sha256.clone());
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    bad.insert(sha256.clone());
                }
                Err(e) => return Err(e.into()),
            }
        }
        if bad.contains(&sha256) {
            if path.exists() {
                check.altered.push((id, path));
            } else {
                check.missing.push((id, path));
            }
        }
    }
    for entry in std::fs::read_dir(evidence_dir)
        .into_iter()
        .flatten()
        .flatten()
    {
        let dir = entry.path();
        let Some(head) = dir.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        if head.len() != 2 || !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir)?.flatten() {
            let tail = file.file_name().to_string_lossy().into_owned();
            if !seen.contains(&format!("{head}{tail}")) {
                check.unreferenced.push(file.path());
            }
        }
    }
    check.unreferenced.sort();
    Ok(check)
}

/// What a backup wrote.
#[derive(Debug)]
pub struct BackupReport {
    pub database: PathBuf,
    pub evidence_dir: PathBuf,
    pub evidence_files: usize,
}

/// Copies the database of `data_dir` to `target` with SQLite's online backup (a consistent
/// snapshot even while a server writes), then the evidence files that snapshot names to
/// `<target>.evidence/`. Refuses to overwrite anything.
pub fn backup(data_dir: &Path, target: &Path) -> Result<BackupReport, StoreError> {
    let evidence_target = evidence_backup_dir(target);
    for existing in [target, evidence_target.as_path()] {
        if existing.exists() {
            return Err(StoreError::Exists {
                path: existing.to_path_buf(),
            });
        }
    }
    let (source, _, _) = open_read_only(data_dir)?;
    let mut copy = Connection::open(target)?;
    {
        let backup = Backup::new(&source, &mut copy)?;
        // Pages in steps, pausing between them, so that a running server is not held up.
        backup.run_to_completion(256, Duration::from_millis(5), None)?;
    }
    // The copy is a database of its own: make it a single file without a WAL.
    copy.pragma_update(None, "journal_mode", "DELETE")?;
    let has_evidence: bool = copy.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'evidence'",
        [],
        |row| row.get::<_, i64>(0).map(|n| n > 0),
    )?;
    let mut hashes: Vec<String> = Vec::new();
    if has_evidence {
        let mut statement = copy
            .prepare("SELECT DISTINCT sha256 FROM evidence WHERE kind = 'file' ORDER BY sha256")?;
        hashes = statement
            .query_map([], |row| row.get(0))?
            .collect::<Result<Vec<_>, _>>()?;
    }
    drop(copy);
    let evidence_dir = data_dir.join(EVIDENCE_DIR);
    std::fs::create_dir_all(&evidence_target)?;
    for sha256 in &hashes {
        let from = blob_path(&evidence_dir, sha256);
        let to = blob_path(&evidence_target, sha256);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(&from, &to).map_err(|e| {
            StoreError::Io(std::io::Error::new(
                e.kind(),
                format!("copying evidence file {}: {e}", from.display()),
            ))
        })?;
    }
    Ok(BackupReport {
        database: target.to_path_buf(),
        evidence_dir: evidence_target,
        evidence_files: hashes.len(),
    })
}

/// Where `backup` puts the evidence files of a backup at `target`.
pub fn evidence_backup_dir(target: &Path) -> PathBuf {
    let mut name = target.as_os_str().to_owned();
    name.push(".evidence");
    PathBuf::from(name)
}
