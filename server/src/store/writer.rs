//! The one writer and its group commit. Writes arrive on a channel; the writer takes every write
//! that is pending (up to `MAX_BATCH`), runs each in its own savepoint inside one transaction, so
//! that a failing write rolls back alone, commits once — one fsync for the whole batch — and
//! only then answers each caller. A caller is told "saved" only after its write is durable; if
//! the commit fails, every write of the batch is reported as failed.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::thread;

use rusqlite::{Connection, TransactionBehavior};
use tokio::sync::oneshot;

use super::StoreError;

/// Most writes in one transaction; bounds the latency a batch adds to its first write.
const MAX_BATCH: usize = 512;

pub(super) struct Writer {
    jobs: mpsc::Sender<Box<dyn Job>>,
}

impl Writer {
    pub(super) fn start(conn: Connection) -> std::io::Result<Writer> {
        let (jobs, queue) = mpsc::channel::<Box<dyn Job>>();
        thread::Builder::new()
            .name("ziping-store-writer".to_owned())
            .spawn(move || run(conn, &queue))?;
        Ok(Writer { jobs })
    }

    pub(super) async fn submit<R, F>(&self, op: F) -> Result<R, StoreError>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> Result<R, StoreError> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job = Box::new(Typed {
            op: Some(op),
            result: None,
            reply,
        });
        self.jobs.send(job).map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

fn stopped() -> StoreError {
    StoreError::Internal("the database writer has stopped; restart Ziping".to_owned())
}

/// A write waiting for the writer, its result type erased.
trait Job: Send {
    /// Runs the write; true when it succeeded (and its savepoint is to be kept).
    fn run(&mut self, conn: &Connection) -> bool;
    /// Answers the caller once the fate of the transaction is known.
    fn finish(self: Box<Self>, committed: Result<(), &str>);
}

struct Typed<R, F> {
    op: Option<F>,
    result: Option<Result<R, StoreError>>,
    reply: oneshot::Sender<Result<R, StoreError>>,
}

impl<R, F> Job for Typed<R, F>
where
    R: Send + 'static,
    F: FnOnce(&Connection) -> Result<R, StoreError> + Send + 'static,
{
    fn run(&mut self, conn: &Connection) -> bool {
        let Some(op) = self.op.take() else {
            return false;
        };
        // A bug in one write must not take the writer, and every later write, down with it.
        let result = catch_unwind(AssertUnwindSafe(|| op(conn))).unwrap_or_else(|_| {
            Err(StoreError::Internal(
                "a write failed unexpectedly; it was not saved".to_owned(),
            ))
        });
        let ok = result.is_ok();
        self.result = Some(result);
        ok
    }

    fn finish(self: Box<Self>, committed: Result<(), &str>) {
        let result = match (self.result, committed) {
            (Some(Ok(value)), Ok(())) => Ok(value),
            (Some(Ok(_)), Err(error)) => Err(StoreError::Commit(error.to_owned())),
            (Some(Err(error)), _) => Err(error),
            (None, _) => Err(StoreError::Commit(
                committed
                    .err()
                    .unwrap_or("the write did not run")
                    .to_owned(),
            )),
        };
        // The caller may have gone away (client disconnected); the write stands regardless.
        let _ = self.reply.send(result);
    }
}

fn run(mut conn: Connection, queue: &mpsc::Receiver<Box<dyn Job>>) {
    let mut batch: Vec<Box<dyn Job>> = Vec::with_capacity(MAX_BATCH);
    // Ends when every `Store` handle is gone.
    while let Ok(first) = queue.recv() {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let outcome = apply(&mut conn, &mut batch);
        if let Err(error) = &outcome {
            tracing::error!(%error, writes = batch.len(), "a batch of writes failed to commit");
        }
        let committed = outcome.as_ref().map(|_| ()).map_err(String::as_str);
        for job in batch.drain(..) {
            job.finish(committed);
        }
    }
}

/// Runs the batch in one transaction; `Err` when the transaction as a whole failed.
fn apply(conn: &mut Connection, batch: &mut [Box<dyn Job>]) -> Result<(), String> {
    let mut tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| format!("cannot begin a transaction: {e}"))?;
    for job in batch.iter_mut() {
        let savepoint = tx
            .savepoint()
            .map_err(|e| format!("cannot set a savepoint: {e}"))?;
        if job.run(&savepoint) {
            savepoint
                .commit()
                .map_err(|e| format!("cannot release a savepoint: {e}"))?;
        }
        // A failed write's savepoint rolls back when dropped.
    }
    tx.commit().map_err(|e| format!("cannot commit: {e}"))
}
