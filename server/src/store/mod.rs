//! The store: every piece of SQL in Ziping lives under this module, behind plain async methods
//! that take and return the types of `model`, so that a later PostgreSQL backend replaces this
//! module and nothing else.
//!
//! SQLite (rusqlite, bundled) in WAL mode with foreign keys on and `synchronous = FULL`. Every
//! write goes to one writer thread (`writer`), which applies whatever writes are pending in one
//! transaction, syncs once, and only then answers each of them: an acknowledged write is on disk
//! (group commit). Reads run on a small pool of read-only connections in `spawn_blocking`; WAL
//! lets them proceed while the writer commits. The schema is versioned (`migrations`).

mod answers;
mod archive;
mod assessments;
mod audit;
pub mod blobs;
mod clock;
mod error;
mod evidence;
pub mod maintenance;
mod migrations;
pub mod model;
mod organizations;
mod remediation;
mod upgrade;
mod writer;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use answers::BatchAnswer;
pub use archive::{ArchiveSource, ImportPlan, Imported, ImportedRecord};
pub(crate) use audit::hex;
pub use audit::{AuditRecord, BrokenLink, ChainLink, GENESIS, RawEvent, Verification};
pub use blobs::{Blob, Incoming, UploadError};
pub use error::{OpenError, StoreError};
pub use evidence::NewEvidence;
pub use migrations::{MIGRATIONS, SCHEMA_VERSION};

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "ziping.db";

/// How long a connection waits for a lock held by another connection before giving up.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Idle read connections kept open.
const MAX_IDLE_READERS: usize = 8;

/// A handle on the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    evidence_dir: PathBuf,
    writer: writer::Writer,
    readers: Mutex<Vec<Connection>>,
    /// The questionnaire each assessment is pinned to. It changes only when a draft is upgraded
    /// to a newer version (which removes its entry), so it is cached to spare every answer save
    /// a read.
    pinned: Mutex<HashMap<i64, Arc<model::Pinned>>>,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir`, brings its schema up to date,
    /// prepares the evidence directory and starts the writer thread.
    pub fn open(data_dir: &Path) -> Result<Store, OpenError> {
        let path = data_dir.join(DATABASE_FILE);
        let evidence_dir = data_dir.join(blobs::EVIDENCE_DIR);
        blobs::prepare(&evidence_dir).map_err(|source| OpenError::Evidence {
            path: evidence_dir.clone(),
            source,
        })?;
        let mut conn = connect(&path).map_err(|source| OpenError::Open {
            path: path.clone(),
            source,
        })?;
        // A database from a newer Ziping is refused before anything, even the journal mode,
        // is written to it.
        migrations::refuse_newer(&conn, &path)?;
        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
            .map_err(|source| OpenError::Open {
                path: path.clone(),
                source,
            })?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(OpenError::NoWal { path, mode });
        }
        migrations::migrate(&mut conn, &path)?;
        let writer = writer::Writer::start(conn).map_err(|source| OpenError::Thread {
            path: path.clone(),
            source,
        })?;
        Ok(Store {
            inner: Arc::new(Inner {
                path,
                evidence_dir,
                writer,
                readers: Mutex::new(Vec::new()),
                pinned: Mutex::new(HashMap::new()),
            }),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// The directory of the evidence files.
    pub fn evidence_dir(&self) -> &Path {
        &self.inner.evidence_dir
    }

    /// Runs `f` on a read-only connection, off the async threads.
    async fn read<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> Result<R, StoreError> + Send + 'static,
    {
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || inner.with_reader(f))
            .await
            .map_err(|e| StoreError::Internal(format!("a read task failed: {e}")))?
    }

    /// Runs `f` in the writer's next transaction; returns once that transaction is durable.
    async fn write<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> Result<R, StoreError> + Send + 'static,
    {
        self.inner.writer.submit(f).await
    }
}

impl Inner {
    fn with_reader<R>(
        &self,
        f: impl FnOnce(&Connection) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let idle = self
            .readers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let conn = match idle {
            Some(conn) => conn,
            None => connect_reader(&self.path)?,
        };
        let result = f(&conn);
        let mut readers = self.readers.lock().unwrap_or_else(PoisonError::into_inner);
        if readers.len() < MAX_IDLE_READERS {
            readers.push(conn);
        }
        result
    }
}

/// A read-write connection with the settings every connection needs.
fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    configure(&conn)?;
    Ok(conn)
}

fn connect_reader(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    configure(&conn)?;
    // Read connections never write; this makes a mistake an error instead of a second writer.
    conn.pragma_update(None, "query_only", "ON")?;
    Ok(conn)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // FULL: a commit is synced to disk before it returns, so an acknowledged answer survives a
    // power cut, not only a crash of the process.
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(())
}
