//! The single writer: a thread that owns the read-write connection and commits what arrives on
//! a bounded channel in batches (one transaction each, at most every `batch_interval` or every
//! `batch_rows` rows). When a commit fails (disk full, read-only) the batch stays in memory,
//! up to `max_pending_rows`, and is retried; the error is reported by [`StoreWriter::status`]
//! and [`StoreWriter::flush`]. This module must not read for anyone but itself: readers open
//! their own connections ([`super::StoreReader`]).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::Connection;

use super::rollup::{self, Batch, Ids, PruneReport};
use super::{schema, EnergyDelta, MeterInfo, Reading, StoreError, StoreOptions};

/// Counters and the last error of the writer, for health pages and logs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WriterStatus {
    /// Transactions committed.
    pub committed_batches: u64,
    /// Values (readings) stored.
    pub committed_values: u64,
    /// Energy deltas stored.
    pub committed_deltas: u64,
    /// Values and deltas that were already stored (replays) and were ignored.
    pub duplicates: u64,
    /// Values and deltas refused (not finite, empty or overlapping interval).
    pub rejected: u64,
    /// Why the last one was refused.
    pub last_rejection: Option<String>,
    /// Rows received and not yet committed.
    pub pending_rows: usize,
    /// Commits that failed (each is retried).
    pub failed_commits: u64,
    /// The error of the last failed commit, cleared by the next successful one.
    pub last_error: Option<StoreError>,
}

enum Msg {
    Readings(Vec<Reading>),
    Energy(Vec<EnergyDelta>),
    Meters(Vec<MeterInfo>),
    Flush(SyncSender<Result<(), StoreError>>),
    Prune(i64, SyncSender<Result<PruneReport, StoreError>>),
    MaxPages(Option<u32>, SyncSender<Result<(), StoreError>>),
    Shutdown,
}

/// The handle the collector writes through. Cloning is not offered: one owner; share it behind
/// an `Arc` (every method takes `&self`). Dropping it commits what is queued and stops the thread.
pub struct StoreWriter {
    tx: Option<SyncSender<Msg>>,
    thread: Option<JoinHandle<Result<(), StoreError>>>,
    status: Arc<Mutex<WriterStatus>>,
    path: PathBuf,
}

impl std::fmt::Debug for StoreWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreWriter")
            .field("path", &self.path)
            .finish()
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

impl StoreWriter {
    /// Opens (creating if needed) `<data_dir>/ems.sqlite`, migrates it and starts the writer
    /// thread. Errors (read-only directory, damaged file, newer schema) are returned here, before
    /// anything is written.
    pub fn open(data_dir: &Path, options: StoreOptions) -> Result<StoreWriter, StoreError> {
        if options.batch_rows == 0 || options.channel_capacity == 0 || options.max_pending_rows == 0
        {
            return Err(StoreError::Invalid(
                "batch_rows, channel_capacity and max_pending_rows must be at least 1".into(),
            ));
        }
        let path = super::db_path(data_dir);
        let conn = schema::open_writer(data_dir, options.sync_full, options.max_pages)?;
        if let Some(tz) = &options.time_zone {
            jiff::tz::TimeZone::get(tz).map_err(|e| {
                StoreError::Invalid(format!(
                    "unknown time zone '{tz}' ({e}); use an IANA name such as Asia/Kolkata"
                ))
            })?;
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('time_zone', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [tz],
            )
            .map_err(|e| StoreError::sqlite(&path, "recording the time zone", e))?;
        }
        let (tx, rx) = mpsc::sync_channel(options.channel_capacity);
        let status = Arc::new(Mutex::new(WriterStatus::default()));
        let mut worker = Worker {
            conn,
            path: path.clone(),
            next_prune: options.prune_every.map(|p| Instant::now() + p),
            opts: options,
            batch: Batch::default(),
            first_at: None,
            retry_at: None,
            ids: Ids::default(),
            status: status.clone(),
        };
        let thread = std::thread::Builder::new()
            .name("ems-store-writer".into())
            .spawn(move || worker.run(rx))
            .map_err(|e| StoreError::Closed(format!("cannot start the writer thread: {e}")))?;
        Ok(StoreWriter {
            tx: Some(tx),
            thread: Some(thread),
            status,
            path,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn send(&self, msg: Msg) -> Result<(), StoreError> {
        match &self.tx {
            Some(tx) => tx.send(msg).map_err(|_| self.stopped()),
            None => Err(self.stopped()),
        }
    }

    fn stopped(&self) -> StoreError {
        let last = self.status().last_error;
        StoreError::Closed(match last {
            Some(e) => e.to_string(),
            None => "it has shut down".into(),
        })
    }

    fn ask<T>(
        &self,
        make: impl FnOnce(SyncSender<Result<T, StoreError>>) -> Msg,
    ) -> Result<T, StoreError> {
        let (reply, answer) = mpsc::sync_channel(1);
        self.send(make(reply))?;
        answer.recv().map_err(|_| self.stopped())?
    }

    /// Adds or updates meters (name is the key), e.g. from the configuration at start-up.
    pub fn upsert_meters(&self, meters: Vec<MeterInfo>) -> Result<(), StoreError> {
        self.send(Msg::Meters(meters))
    }

    /// Queues one value. Blocks while the channel is full.
    pub fn write(&self, reading: Reading) -> Result<(), StoreError> {
        self.send(Msg::Readings(vec![reading]))
    }

    /// Queues the values of one meter read (cheaper than one [`write`](Self::write) per value).
    /// Blocks while the channel is full.
    pub fn write_readings(&self, readings: Vec<Reading>) -> Result<(), StoreError> {
        self.send(Msg::Readings(readings))
    }

    /// Queues energy deltas. Blocks while the channel is full.
    pub fn write_energy(&self, deltas: Vec<EnergyDelta>) -> Result<(), StoreError> {
        self.send(Msg::Energy(deltas))
    }

    /// Commits everything queued before this call; returns the commit's error if it failed (the
    /// rows are then kept and retried).
    pub fn flush(&self) -> Result<(), StoreError> {
        self.ask(Msg::Flush)
    }

    /// Commits what is queued, then deletes raw rows and 1-minute rollups older than the
    /// retention allows, counted back from `now_ms` (UTC ms).
    pub fn prune(&self, now_ms: i64) -> Result<PruneReport, StoreError> {
        self.ask(|r| Msg::Prune(now_ms, r))
    }

    /// Changes the size cap of the database in pages (`None`: no cap). Reaching the cap behaves
    /// as a full disk.
    pub fn set_max_pages(&self, pages: Option<u32>) -> Result<(), StoreError> {
        self.ask(|r| Msg::MaxPages(pages, r))
    }

    /// A copy of the writer's counters and last error.
    pub fn status(&self) -> WriterStatus {
        self.status
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Commits what is queued and stops the thread. An error means rows could not be written
    /// (they are lost; the message says how many and why).
    pub fn close(mut self) -> Result<(), StoreError> {
        self.shutdown()
    }

    fn shutdown(&mut self) -> Result<(), StoreError> {
        if let Some(tx) = self.tx.take() {
            let _ = tx.send(Msg::Shutdown);
        }
        match self.thread.take() {
            Some(t) => t
                .join()
                .unwrap_or_else(|_| Err(StoreError::Closed("the writer thread panicked".into()))),
            None => Ok(()),
        }
    }
}

impl Drop for StoreWriter {
    fn drop(&mut self) {
        let _ = self.shutdown();
    }
}

struct Worker {
    conn: Connection,
    path: PathBuf,
    opts: StoreOptions,
    batch: Batch,
    /// When the oldest uncommitted row arrived.
    first_at: Option<Instant>,
    /// Set while commits fail: when to try again.
    retry_at: Option<Instant>,
    next_prune: Option<Instant>,
    ids: Ids,
    status: Arc<Mutex<WriterStatus>>,
}

impl Worker {
    fn status(&self) -> std::sync::MutexGuard<'_, WriterStatus> {
        self.status.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn run(&mut self, rx: mpsc::Receiver<Msg>) -> Result<(), StoreError> {
        loop {
            let due = match (self.retry_at, self.first_at) {
                _ if self.batch.is_empty() => None,
                (Some(r), _) => Some(r),
                (None, Some(f)) => Some(f + self.opts.batch_interval),
                (None, None) => None,
            };
            let due = match (due, self.next_prune) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            let msg = if self.batch.rows() >= self.opts.max_pending_rows {
                // Full while the database cannot be written: take nothing more, so senders
                // block instead of memory growing.
                std::thread::sleep(due.map_or(Duration::from_millis(100), |d| {
                    d.saturating_duration_since(Instant::now())
                }));
                Err(RecvTimeoutError::Timeout)
            } else {
                match due {
                    Some(d) => rx.recv_timeout(d.saturating_duration_since(Instant::now())),
                    None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
                }
            };
            match msg {
                Ok(Msg::Readings(v)) => self.take(|b| b.readings.extend(v)),
                Ok(Msg::Energy(v)) => self.take(|b| b.deltas.extend(v)),
                Ok(Msg::Meters(v)) => self.take(|b| b.meters.extend(v)),
                Ok(Msg::Flush(reply)) => {
                    let _ = reply.send(self.commit());
                }
                Ok(Msg::Prune(now, reply)) => {
                    let r = self.commit().and_then(|_| {
                        rollup::prune(&mut self.conn, &self.path, now, &self.opts.retention)
                    });
                    let _ = reply.send(r);
                }
                Ok(Msg::MaxPages(p, reply)) => {
                    let r = schema::set_max_pages(&self.conn, p)
                        .map_err(|e| StoreError::sqlite(&self.path, "setting max_page_count", e));
                    if r.is_ok() {
                        self.opts.max_pages = p;
                    }
                    let _ = reply.send(r);
                }
                Ok(Msg::Shutdown) | Err(RecvTimeoutError::Disconnected) => return self.finish(),
                Err(RecvTimeoutError::Timeout) => {}
            }
            let now = Instant::now();
            if !self.batch.is_empty() {
                let ready = match self.retry_at {
                    Some(r) => now >= r,
                    None => {
                        self.batch.rows() >= self.opts.batch_rows
                            || self
                                .first_at
                                .is_some_and(|f| now >= f + self.opts.batch_interval)
                    }
                };
                if ready {
                    let _ = self.commit();
                }
            }
            if let Some(p) = self.next_prune {
                if now >= p && self.retry_at.is_none() {
                    self.next_prune = self.opts.prune_every.map(|every| now + every);
                    if let Err(e) =
                        rollup::prune(&mut self.conn, &self.path, now_ms(), &self.opts.retention)
                    {
                        self.status().last_error = Some(e);
                    }
                }
            }
        }
    }

    fn take(&mut self, add: impl FnOnce(&mut Batch)) {
        if self.batch.is_empty() {
            self.first_at = Some(Instant::now());
        }
        add(&mut self.batch);
        let rows = self.batch.rows();
        self.status().pending_rows = rows;
    }

    fn commit(&mut self) -> Result<(), StoreError> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let mut rejection = None;
        match rollup::apply(
            &mut self.conn,
            &self.path,
            &self.batch,
            &mut self.ids,
            &mut rejection,
        ) {
            Ok(a) => {
                self.batch = Batch::default();
                self.first_at = None;
                self.retry_at = None;
                let mut s = self.status();
                s.committed_batches += 1;
                s.committed_values += a.values;
                s.committed_deltas += a.deltas;
                s.duplicates += a.duplicates;
                s.rejected += a.rejected;
                if rejection.is_some() {
                    s.last_rejection = rejection;
                }
                s.pending_rows = 0;
                s.last_error = None;
                Ok(())
            }
            Err(e) => {
                // The transaction rolled back: ids it created are gone.
                self.ids.clear();
                self.retry_at = Some(Instant::now() + self.opts.retry_interval);
                let mut s = self.status();
                s.failed_commits += 1;
                s.last_error = Some(e.clone());
                Err(e)
            }
        }
    }

    /// Commits what is left, retrying a few times; what still cannot be written is reported.
    fn finish(&mut self) -> Result<(), StoreError> {
        let mut last = Ok(());
        for attempt in 0..3 {
            if attempt > 0 {
                std::thread::sleep(self.opts.retry_interval);
            }
            last = self.commit();
            if last.is_ok() {
                return Ok(());
            }
        }
        last.map_err(|e| {
            StoreError::Closed(format!(
                "{} rows received were not written: {e}",
                self.batch.rows()
            ))
        })
    }
}
