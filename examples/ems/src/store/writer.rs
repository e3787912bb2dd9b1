//! The single writer: a thread that owns the read-write connection and commits what arrives on
//! a bounded channel in batches (one transaction each, at most every `batch_interval` or every
//! `batch_rows` rows). When a commit fails (disk full, read-only) the batch stays in memory,
//! up to `max_pending_rows`, and is retried; the error is reported by [`StoreWriter::status`]
//! and [`StoreWriter::flush`]. Requests (flush, prune, close) travel on a second, unbounded
//! channel so they get through while the data channel is full. This module must not read for
//! anyone but itself: readers open their own connections ([`super::StoreReader`]).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::Connection;

use super::rollup::{self, Batch, Ids, PruneReport};
use super::{now_ms, schema, EnergyDelta, MeterInfo, Reading, StoreError, StoreOptions};

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

/// Data, on the bounded channel.
enum Msg {
    Readings(Vec<Reading>),
    Energy(Vec<EnergyDelta>),
    Meters(Vec<MeterInfo>),
    /// Nothing to store: wakes the writer to look at the control channel.
    Wake,
}

/// Requests, on their own unbounded channel so they get through while the data channel is full
/// (a full disk): `flush`, `close` and `set_max_pages` never wait behind data.
enum Ctrl {
    Flush(SyncSender<Result<(), StoreError>>),
    Prune(i64, SyncSender<Result<PruneReport, StoreError>>),
    MaxPages(Option<u32>, SyncSender<Result<(), StoreError>>),
    Shutdown,
}

/// The handle the collector writes through. Cloning is not offered: one owner; share it behind
/// an `Arc` (every method takes `&self`). Dropping it commits what is queued and stops the thread.
pub struct StoreWriter {
    tx: Option<SyncSender<Msg>>,
    ctrl: mpsc::Sender<Ctrl>,
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
        let (ctrl, ctrl_rx) = mpsc::channel();
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
            .spawn(move || worker.run(rx, ctrl_rx))
            .map_err(|e| StoreError::Closed(format!("cannot start the writer thread: {e}")))?;
        Ok(StoreWriter {
            tx: Some(tx),
            ctrl,
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

    fn control(&self, c: Ctrl) -> Result<(), StoreError> {
        self.ctrl.send(c).map_err(|_| self.stopped())?;
        // If the data channel is full the writer is draining it or polling the control channel.
        if let Some(tx) = &self.tx {
            let _ = tx.try_send(Msg::Wake);
        }
        Ok(())
    }

    fn ask<T>(
        &self,
        make: impl FnOnce(SyncSender<Result<T, StoreError>>) -> Ctrl,
    ) -> Result<T, StoreError> {
        let (reply, answer) = mpsc::sync_channel(1);
        self.control(make(reply))?;
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

    /// Queues the values of one meter read without blocking: `Ok(None)` when queued,
    /// `Ok(Some(readings))` (handed back) when the channel is full because the writer is behind
    /// or cannot write (full disk, see [`status`](Self::status)).
    pub fn try_write_readings(
        &self,
        readings: Vec<Reading>,
    ) -> Result<Option<Vec<Reading>>, StoreError> {
        let Some(tx) = &self.tx else {
            return Err(self.stopped());
        };
        match tx.try_send(Msg::Readings(readings)) {
            Ok(()) => Ok(None),
            Err(mpsc::TrySendError::Full(Msg::Readings(v))) => Ok(Some(v)),
            Err(_) => Err(self.stopped()),
        }
    }

    /// Queues energy deltas. Blocks while the channel is full.
    pub fn write_energy(&self, deltas: Vec<EnergyDelta>) -> Result<(), StoreError> {
        self.send(Msg::Energy(deltas))
    }

    /// Commits everything queued before this call; returns the commit's error if it failed (the
    /// rows are then kept and retried).
    pub fn flush(&self) -> Result<(), StoreError> {
        self.ask(Ctrl::Flush)
    }

    /// Commits what is queued, then deletes raw rows and 1-minute rollups older than the
    /// retention allows, counted back from `now_ms` (UTC ms).
    pub fn prune(&self, now_ms: i64) -> Result<PruneReport, StoreError> {
        self.ask(|r| Ctrl::Prune(now_ms, r))
    }

    /// Changes the size cap of the database in pages (`None`: no cap). Reaching the cap behaves
    /// as a full disk.
    pub fn set_max_pages(&self, pages: Option<u32>) -> Result<(), StoreError> {
        self.ask(|r| Ctrl::MaxPages(pages, r))
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
        if self.tx.is_some() {
            let _ = self.control(Ctrl::Shutdown);
            self.tx = None;
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

    /// Whether the batch is at its memory bound while commits fail: then no more data is taken.
    fn full(&self) -> bool {
        self.retry_at.is_some() && self.batch.rows() >= self.opts.max_pending_rows
    }

    fn data(&mut self, msg: Msg) {
        match msg {
            Msg::Readings(v) => self.take(|b| b.readings.extend(v)),
            Msg::Energy(v) => self.take(|b| b.deltas.extend(v)),
            Msg::Meters(v) => self.take(|b| b.meters.extend(v)),
            Msg::Wake => {}
        }
    }

    /// Takes what is already in the data channel (sent before a request), as far as memory
    /// allows.
    fn drain(&mut self, rx: &mpsc::Receiver<Msg>) {
        while !self.full() {
            match rx.try_recv() {
                Ok(m) => self.data(m),
                Err(_) => break,
            }
        }
    }

    /// Handles a request; `false` on shutdown.
    fn control(&mut self, c: Ctrl, rx: &mpsc::Receiver<Msg>) -> bool {
        match c {
            Ctrl::Flush(reply) => {
                self.drain(rx);
                let _ = reply.send(self.commit());
            }
            Ctrl::Prune(now, reply) => {
                self.drain(rx);
                let r = self.commit().and_then(|_| {
                    rollup::prune(&mut self.conn, &self.path, now, &self.opts.retention)
                });
                let _ = reply.send(r);
            }
            Ctrl::MaxPages(p, reply) => {
                let r = schema::set_max_pages(&self.conn, p)
                    .map_err(|e| StoreError::sqlite(&self.path, "setting max_page_count", e));
                if r.is_ok() {
                    self.opts.max_pages = p;
                }
                let _ = reply.send(r);
            }
            Ctrl::Shutdown => {
                self.drain(rx);
                return false;
            }
        }
        true
    }

    fn run(
        &mut self,
        rx: mpsc::Receiver<Msg>,
        ctrl: mpsc::Receiver<Ctrl>,
    ) -> Result<(), StoreError> {
        loop {
            while let Ok(c) = ctrl.try_recv() {
                if !self.control(c, &rx) {
                    return self.finish(&rx);
                }
            }
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
            if self.full() {
                // Take nothing more, so senders block instead of memory growing; keep an eye
                // on requests (close, flush) meanwhile.
                let wait = due.map_or(Duration::from_millis(20), |d| {
                    d.saturating_duration_since(Instant::now())
                });
                std::thread::sleep(wait.min(Duration::from_millis(20)));
            } else {
                let msg = match due {
                    Some(d) => rx.recv_timeout(d.saturating_duration_since(Instant::now())),
                    None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
                };
                match msg {
                    Ok(m) => self.data(m),
                    Err(RecvTimeoutError::Timeout) => {}
                    // The handle is gone without a shutdown request (it cannot be: shutdown is
                    // sent first), but stop cleanly anyway.
                    Err(RecvTimeoutError::Disconnected) => return self.finish(&rx),
                }
            }
            let now = Instant::now();
            if !self.batch.is_empty() {
                let ready = match self.retry_at {
                    Some(r) => now >= r,
                    None => {
                        self.batch.rows() >= self.opts.batch_rows.min(self.opts.max_pending_rows)
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
    fn finish(&mut self, rx: &mpsc::Receiver<Msg>) -> Result<(), StoreError> {
        let mut failures = 0;
        let last = loop {
            // Everything sent before the shutdown request is in the channel; take it all, as
            // far as memory allows, and commit; repeat until the channel is empty.
            self.drain(rx);
            let all_taken = !self.full();
            match self.commit() {
                Ok(()) if all_taken => return Ok(()),
                Ok(()) => {}
                Err(e) => {
                    failures += 1;
                    if failures == 3 {
                        break e;
                    }
                    std::thread::sleep(self.opts.retry_interval);
                }
            }
        };
        let mut lost = self.batch.rows();
        while let Ok(m) = rx.try_recv() {
            lost += match m {
                Msg::Readings(v) => v.len(),
                Msg::Energy(v) => v.len(),
                Msg::Meters(v) => v.len(),
                Msg::Wake => 0,
            };
        }
        Err(StoreError::Closed(format!(
            "{lost} rows received were not written: {last}"
        )))
    }
}
