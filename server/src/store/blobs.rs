//! Evidence files, content-addressed: a file is stored once under
//! `<data dir>/evidence/<first two hex digits of its SHA-256>/<the other 62>`, whatever its name
//! and however many times it is attached. An upload is streamed into `evidence/tmp/` while it
//! is hashed and measured, synced, and moved into place by the writer in the same step that
//! records it, so that the writer's order decides between an upload and the removal of the last
//! reference to the same content. The original file name never becomes part of a path.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use super::audit::hex;

/// The directory under the data directory that holds evidence files.
pub const EVIDENCE_DIR: &str = "evidence";
const TMP_DIR: &str = "tmp";

static NEXT: AtomicU64 = AtomicU64::new(0);

/// Where the file with this hash lives.
pub fn blob_path(evidence_dir: &Path, sha256: &str) -> PathBuf {
    let (head, tail) = sha256.split_at(2.min(sha256.len()));
    evidence_dir.join(head).join(tail)
}

/// Creates the evidence directories and removes uploads a crash left half-written.
pub(super) fn prepare(evidence_dir: &Path) -> io::Result<()> {
    let tmp = evidence_dir.join(TMP_DIR);
    std::fs::create_dir_all(&tmp)?;
    for entry in std::fs::read_dir(&tmp)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// A temporary file that is removed when dropped, unless it was moved away.
#[derive(Debug)]
struct TempPath(PathBuf);

impl Drop for TempPath {
    fn drop(&mut self) {
        // Gone already when it was moved into place.
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Why an upload stopped.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("the file is larger than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("cannot write the uploaded file: {0}")]
    Io(#[from] io::Error),
}

/// An upload being received.
#[derive(Debug)]
pub struct Incoming {
    file: tokio::fs::File,
    temp: TempPath,
    hasher: Sha256,
    size: u64,
    limit: u64,
}

impl Incoming {
    pub(super) async fn create(evidence_dir: &Path, limit: u64) -> io::Result<Incoming> {
        let name = format!(
            "{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let path = evidence_dir.join(TMP_DIR).join(name);
        let file = tokio::fs::File::create(&path).await?;
        Ok(Incoming {
            file,
            temp: TempPath(path),
            hasher: Sha256::new(),
            size: 0,
            limit,
        })
    }

    pub async fn write(&mut self, chunk: &[u8]) -> Result<(), UploadError> {
        self.size += chunk.len() as u64;
        if self.size > self.limit {
            return Err(UploadError::TooLarge { limit: self.limit });
        }
        self.hasher.update(chunk);
        self.file.write_all(chunk).await?;
        Ok(())
    }

    /// Syncs the file to disk and returns it with its hash and size.
    pub async fn finish(mut self) -> Result<Blob, UploadError> {
        self.file.flush().await?;
        self.file.sync_all().await?;
        Ok(Blob {
            temp: self.temp,
            sha256: hex(&self.hasher.finalize()),
            size: self.size,
        })
    }
}

/// A received, synced upload waiting to be moved into place.
#[derive(Debug)]
pub struct Blob {
    temp: TempPath,
    pub sha256: String,
    pub size: u64,
}

impl Blob {
    /// Moves the file to its content address, unless the same content is there already; the
    /// directory entry is synced so that the file survives a crash once the row is committed.
    pub(super) fn place(&self, evidence_dir: &Path) -> io::Result<()> {
        let target = blob_path(evidence_dir, &self.sha256);
        if target.exists() {
            return Ok(());
        }
        let parent = target
            .parent()
            .ok_or_else(|| io::Error::other("an evidence path has no directory"))?;
        std::fs::create_dir_all(parent)?;
        std::fs::rename(&self.temp.0, &target)?;
        std::fs::File::open(parent)?.sync_all()?;
        Ok(())
    }
}

/// Hashes a file on disk, for `verify`.
pub fn sha256_of(path: &Path) -> io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    io::copy(&mut file, &mut hasher)?;
    Ok(hex(&hasher.finalize()))
}
