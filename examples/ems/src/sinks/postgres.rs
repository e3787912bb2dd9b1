//! The PostgreSQL sink: delivers the store's raw readings, 15-minute rollups, meter list and
//! alarm transitions to a PostgreSQL database (plain, or TimescaleDB where installed), every row
//! tagged with the site so many plants can share one database (POSTGRES.md).
//!
//! It owns the connection, the retry loop, the sink's status and its progress log. The store
//! stays the system of record: the sink reads committed batches after its high-water mark
//! (`local`), writes each delivery in one PostgreSQL transaction (`write`), and moves the
//! mark only once that transaction committed, so delivery is at least once and the idempotent
//! writes (keyed by site, meter, quantity and time) make it exactly once in the tables. It never
//! makes the collector wait: an unreachable or misconfigured database shows in the status and
//! the log while the store goes on filling, and the sink catches up from its mark later.

mod ddl;
mod local;
mod write;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use tokio_util::sync::CancellationToken;

use super::{SinkContext, SinkHandle, SinkStatus};
use crate::config::sinks::{PgTls, PostgresSink};
use local::{Delivery, Local};

/// The longest wait between connection attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(10);
/// How long one delivery (one transaction) may take before the connection is dropped.
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(120);
/// How often catching up logs its progress.
const PROGRESS_EVERY: Duration = Duration::from_secs(5);
/// A backlog of more batches than this at connect is logged as a catch-up (the store commits
/// about one batch a second).
const CATCH_UP_BATCHES: i64 = 10;
/// How long the sink keeps delivering after `ems` was asked to stop.
const STOP_FLUSH: Duration = Duration::from_secs(3);

/// Starts the PostgreSQL sink on `runtime`. A password file or CA file that cannot be read, or
/// `tls = "require"` in a build without the `pg-tls` feature, is an error here; an unreachable
/// database or refused credentials are not: the sink retries with backoff and reports them in
/// its status and the log.
pub fn spawn(
    ctx: &SinkContext,
    cfg: &PostgresSink,
    runtime: &tokio::runtime::Handle,
) -> Result<SinkHandle> {
    let pg = pg_config(cfg)?;
    let tls = Tls::new(cfg)?;
    let status = Arc::new(Mutex::new(SinkStatus::default()));
    let sink = Sink {
        pg,
        tls,
        target: redacted(&cfg.url),
        schema: cfg.schema.clone(),
        site: ctx.config.site.clone(),
        time_zone: ctx.config.timezone_name.clone(),
        batch_rows: cfg.batch_rows.max(1),
        data_dir: ctx.data_dir.clone(),
        cancel: ctx.cancel.clone(),
        wake: ctx.wake.clone(),
        status: status.clone(),
    };
    let task = runtime.spawn(sink.run());
    Ok(SinkHandle {
        name: "postgres",
        status,
        task,
    })
}

/// The connection settings: the URL, with the password from `password_file`, else the URL,
/// else `PGPASSWORD`; the user from the URL, else `PGUSER`, else `USER`.
fn pg_config(cfg: &PostgresSink) -> Result<tokio_postgres::Config> {
    let mut pg: tokio_postgres::Config = cfg
        .url
        .parse()
        .with_context(|| format!("sinks.postgres: url {}", redacted(&cfg.url)))?;
    if let Some(f) = &cfg.password_file {
        let secret = crate::config::sinks::read_secret(f, "sinks.postgres: password_file")
            .map_err(anyhow::Error::msg)?;
        pg.password(secret);
    } else if pg.get_password().is_none() {
        if let Ok(p) = std::env::var("PGPASSWORD") {
            pg.password(p);
        }
    }
    if pg.get_user().is_none() {
        if let Some(u) = std::env::var("PGUSER")
            .ok()
            .or_else(|| std::env::var("USER").ok())
        {
            pg.user(u);
        }
    }
    pg.ssl_mode(match cfg.tls {
        PgTls::Disable => tokio_postgres::config::SslMode::Disable,
        PgTls::Require => tokio_postgres::config::SslMode::Require,
    });
    pg.connect_timeout(Duration::from_secs(10));
    pg.keepalives(true);
    pg.keepalives_idle(Duration::from_secs(30));
    pg.application_name("ems");
    Ok(pg)
}

/// How the connection is made: plain TCP, or TLS verified against Mozilla's roots (webpki-roots)
/// or the certificates of `tls_ca_file` (feature `pg-tls`).
#[derive(Clone)]
enum Tls {
    Plain,
    #[cfg(feature = "pg-tls")]
    Rustls(tokio_postgres_rustls::MakeRustlsConnect),
}

impl Tls {
    #[cfg(not(feature = "pg-tls"))]
    fn new(cfg: &PostgresSink) -> Result<Tls> {
        if cfg.tls == PgTls::Require {
            anyhow::bail!(
                "sinks.postgres: tls = \"require\" but this build of ems has no TLS for \
                 PostgreSQL (build with the pg-tls feature, or use tls = \"disable\" over \
                 loopback or a tunnel)"
            );
        }
        Ok(Tls::Plain)
    }

    #[cfg(feature = "pg-tls")]
    fn new(cfg: &PostgresSink) -> Result<Tls> {
        use rustls_pki_types::pem::PemObject;
        if cfg.tls == PgTls::Disable {
            return Ok(Tls::Plain);
        }
        let mut roots = rustls::RootCertStore::empty();
        match &cfg.tls_ca_file {
            Some(f) => {
                let ctx = || format!("sinks.postgres: tls_ca_file {}", f.display());
                for cert in rustls_pki_types::CertificateDer::pem_file_iter(f).with_context(ctx)? {
                    roots.add(cert.with_context(ctx)?).with_context(ctx)?;
                }
                if roots.is_empty() {
                    anyhow::bail!("{}: no certificate in it", ctx());
                }
            }
            None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
        }
        let config = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .context("sinks.postgres: TLS set-up")?
        .with_root_certificates(roots)
        .with_no_client_auth();
        Ok(Tls::Rustls(tokio_postgres_rustls::MakeRustlsConnect::new(
            config,
        )))
    }

    /// Connects and spawns the connection's task.
    async fn connect(
        &self,
        pg: &tokio_postgres::Config,
    ) -> Result<(tokio_postgres::Client, tokio::task::JoinHandle<()>)> {
        match self {
            Tls::Plain => spawn_connection(pg, tokio_postgres::NoTls).await,
            #[cfg(feature = "pg-tls")]
            Tls::Rustls(tls) => spawn_connection(pg, tls.clone()).await,
        }
    }
}

/// Connects with `tls` and runs the connection on its own task.
async fn spawn_connection<T>(
    pg: &tokio_postgres::Config,
    tls: T,
) -> Result<(tokio_postgres::Client, tokio::task::JoinHandle<()>)>
where
    T: tokio_postgres::tls::MakeTlsConnect<tokio_postgres::Socket>,
    T::Stream: Send + 'static,
{
    let (client, conn) = pg.connect(tls).await?;
    let task = tokio::spawn(async move {
        if let Err(e) = conn.await {
            tracing::debug!("postgres: connection closed: {}", pg_error_text(&e));
        }
    });
    Ok((client, task))
}

/// `url` with any password replaced by `***` (for logs and errors).
fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let auth_end = rest.find(['/', '?']).unwrap_or(rest.len());
    match rest[..auth_end].rfind('@') {
        Some(at) => match rest[..at].split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***{}", &rest[at..]),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

/// A PostgreSQL error as a user reads it: the server's message (with its SQLSTATE) when the
/// server sent one, else the client's error and its cause.
pub(crate) fn pg_error_text(e: &tokio_postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return format!("{}: {} ({})", db.severity(), db.message(), db.code().code());
    }
    match std::error::Error::source(e) {
        Some(src) => format!("{e}: {src}"),
        None => e.to_string(),
    }
}

/// An error chain (anyhow) with the PostgreSQL server's message where there is one.
fn error_text(e: &anyhow::Error) -> String {
    match e.downcast_ref::<tokio_postgres::Error>() {
        Some(pe) => {
            let ctx = e.to_string();
            let pg = pg_error_text(pe);
            if ctx == pe.to_string() {
                pg
            } else {
                format!("{ctx}: {pg}")
            }
        }
        None => format!("{e:#}"),
    }
}

/// The sink's task state.
struct Sink {
    pg: tokio_postgres::Config,
    tls: Tls,
    target: String,
    schema: String,
    site: String,
    time_zone: String,
    batch_rows: usize,
    data_dir: std::path::PathBuf,
    cancel: CancellationToken,
    wake: Arc<tokio::sync::Notify>,
    status: Arc<Mutex<SinkStatus>>,
}

/// Catch-up accounting between two progress lines.
struct Progress {
    started: Instant,
    last_log: Instant,
    /// The mark when this catch-up started.
    from_seq: i64,
    rows: u64,
    values: u64,
    /// A line was logged, so the end is logged too.
    logged: bool,
}

impl Progress {
    fn new(from_seq: i64) -> Progress {
        let now = Instant::now();
        Progress {
            started: now,
            last_log: now,
            from_seq,
            rows: 0,
            values: 0,
            logged: false,
        }
    }
}

/// Runs `f` on the blocking pool with the store's reader.
async fn blocking<T: Send + 'static>(
    local: &Arc<Mutex<Local>>,
    f: impl FnOnce(&mut Local) -> Result<T> + Send + 'static,
) -> Result<T> {
    let local = local.clone();
    tokio::task::spawn_blocking(move || {
        let mut l = local.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut l)
    })
    .await
    .context("the store reader task failed")?
}

/// Where a session is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Delivering as the store commits.
    Live,
    /// `ems` is stopping: deliver what is committed until this deadline.
    Draining(Instant),
    /// Caught up after the stop: one last pass over the open rollup slots.
    Sweep,
}

/// Why a connected session ended.
enum Ended {
    /// `ems` is stopping.
    Stopped,
    /// The connection or a delivery failed: reconnect.
    Failed(anyhow::Error),
}

impl Sink {
    fn set_status(&self, f: impl FnOnce(&mut SinkStatus)) {
        f(&mut self.status.lock().unwrap_or_else(|e| e.into_inner()));
    }

    async fn run(self) {
        // The collector has created the store before the sinks start; a missing one is retried.
        let local = loop {
            let dir = self.data_dir.clone();
            match tokio::task::spawn_blocking(move || Local::open(&dir)).await {
                Ok(Ok(l)) => break Arc::new(Mutex::new(l)),
                Ok(Err(e)) => {
                    let text = format!("opening the store: {e:#}");
                    tracing::warn!("postgres: {text}");
                    self.set_status(|s| s.last_error = Some(text));
                }
                Err(e) => tracing::warn!("postgres: opening the store: {e}"),
            }
            tokio::select! {
                () = self.cancel.cancelled() => return,
                () = tokio::time::sleep(Duration::from_secs(1)) => {}
            }
        };
        let mut backoff = Duration::from_secs(1);
        let mut last_error = String::new();
        loop {
            if self.cancel.is_cancelled() {
                break;
            }
            let (ended, connected) = self.session(&local).await;
            if connected {
                backoff = Duration::from_secs(1);
            }
            match ended {
                Ended::Stopped => break,
                Ended::Failed(e) => {
                    let text = error_text(&e);
                    // One warning per distinct error, not one per retry.
                    if text != last_error {
                        tracing::warn!(
                            "postgres: {} (schema {}): {text}; retrying, readings stay in the local store",
                            self.target,
                            self.schema
                        );
                        last_error = text.clone();
                    }
                    self.set_status(|s| {
                        s.connected = false;
                        s.last_error = Some(text);
                    });
                }
            }
            tokio::select! {
                () = self.cancel.cancelled() => break,
                () = tokio::time::sleep(backoff) => {}
            }
            backoff = (backoff * 2).min(MAX_BACKOFF);
        }
        self.set_status(|s| s.connected = false);
    }

    /// One connection: connect, migrate, deliver until stopped or failed. Also says whether
    /// the connection was made (the backoff starts again from 1 s).
    async fn session(&self, local: &Arc<Mutex<Local>>) -> (Ended, bool) {
        match self.connect().await {
            Ok(Some((client, conn_task, installed))) => {
                let _abort = AbortOnDrop(conn_task);
                (self.deliver_loop(client, installed, local).await, true)
            }
            Ok(None) => (Ended::Stopped, false),
            Err(e) => (Ended::Failed(e), false),
        }
    }

    /// Connects, migrates and prepares the session (`None`: stopped meanwhile).
    async fn connect(
        &self,
    ) -> Result<
        Option<(
            tokio_postgres::Client,
            tokio::task::JoinHandle<()>,
            ddl::Installed,
        )>,
    > {
        let connect = async {
            let (mut client, conn_task) = self.tls.connect(&self.pg).await?;
            let installed = ddl::migrate(&mut client, &self.schema).await?;
            write::prepare(&client).await?;
            write::upsert_site(&client, &self.schema, &self.site, &self.time_zone).await?;
            anyhow::Ok((client, conn_task, installed))
        };
        tokio::select! {
            () = self.cancel.cancelled() => Ok(None),
            r = connect => r.map(Some),
        }
    }

    /// Delivers on a connected session until stopped or failed.
    async fn deliver_loop(
        &self,
        mut client: tokio_postgres::Client,
        installed: ddl::Installed,
        local: &Arc<Mutex<Local>>,
    ) -> Ended {
        tracing::info!(
            "postgres: connected to {} (schema {}{}{})",
            self.target,
            self.schema,
            if installed.applied > 0 {
                format!(", {} migration(s) applied", installed.applied)
            } else {
                String::new()
            },
            if installed.timescale {
                ", TimescaleDB hypertable"
            } else {
                ""
            }
        );
        if let Err(e) = blocking(local, |l| {
            l.reset_sent();
            Ok(())
        })
        .await
        {
            return Ended::Failed(e);
        }
        let marks = blocking(local, |l| {
            let m = l.marks()?;
            let span = l.span()?;
            Ok((m, span))
        })
        .await;
        let ((mut seq, mut alarm_id), (first, head)) = match marks {
            Ok(m) => m,
            Err(e) => return Ended::Failed(e),
        };
        if let Some(first) = first {
            if seq + 1 < first && seq > 0 {
                tracing::warn!(
                    "postgres: batches {} to {} were pruned from the store before delivery (raw retention); they are missing in PostgreSQL",
                    seq + 1,
                    first - 1
                );
            }
        }
        if seq == 0 && head > 0 {
            tracing::info!("postgres: first delivery: sending the whole store ({head} batches)");
        }
        self.set_status(|s| {
            s.connected = true;
            s.last_error = None;
            s.mark = seq;
            s.head = head;
        });
        // A backlog at connect (first start, or after an outage) is a catch-up: it is announced,
        // reported every few seconds while it lasts, and summed up at its end.
        let mut progress: Option<Progress> = None;
        if head - seq > CATCH_UP_BATCHES {
            tracing::info!(
                "postgres: catching up {} batches (delivered up to {seq}, the store is at {head})",
                head - seq
            );
            let mut p = Progress::new(seq);
            p.logged = true;
            progress = Some(p);
        }
        let mut phase = Phase::Live;
        loop {
            let sweep = phase == Phase::Sweep;
            let max_rows = self.batch_rows;
            let next = blocking(local, move |l| {
                // On stop, the last slots of every meter once more: energy booked in a batch
                // without raw rows has no outbox entry of its own.
                let from = if sweep {
                    l.latest_ms.map(|t| t - 30 * 60_000)
                } else {
                    None
                };
                let d = l.next(seq, alarm_id, max_rows, from)?;
                let head = l.span()?.1;
                Ok((d, head))
            })
            .await;
            let (d, head) = match next {
                Ok(x) => x,
                Err(e) => return Ended::Failed(e),
            };
            self.set_status(|s| s.head = head);
            if !d.is_empty() {
                let (rows, values) = (d.raw.len() as u64, d.values as u64);
                match self.deliver(&mut client, local, d).await {
                    Ok(m) => (seq, alarm_id) = m,
                    Err(e) => return Ended::Failed(e),
                }
                self.log_progress(&mut progress, rows, values, seq, head);
            }
            if sweep {
                return Ended::Stopped;
            }
            if phase == Phase::Live && self.cancel.is_cancelled() {
                phase = Phase::Draining(Instant::now() + STOP_FLUSH);
            }
            if seq < head {
                match phase {
                    Phase::Draining(deadline) if Instant::now() > deadline => {
                        tracing::warn!(
                            "postgres: stopping with {} batches undelivered (they follow at the next start)",
                            head - seq
                        );
                        return Ended::Stopped;
                    }
                    _ => continue,
                }
            }
            if let Some(p) = progress.take() {
                if p.logged {
                    let secs = p.started.elapsed().as_secs_f64().max(1e-3);
                    tracing::info!(
                        "postgres: caught up: {} reads ({} values) in {:.1} s ({:.0} reads/s, {:.0} values/s)",
                        p.rows,
                        p.values,
                        secs,
                        p.rows as f64 / secs,
                        p.values as f64 / secs
                    );
                }
            }
            if let Phase::Draining(_) = phase {
                phase = Phase::Sweep;
                continue;
            }
            // Live: wait for the pipeline's next readings (or a tick for alarm transitions),
            // then let the store commit its batch (1 s by default) so one transaction carries
            // one store batch rather than one per reading.
            tokio::select! {
                () = self.cancel.cancelled() => continue,
                () = self.wake.notified() => {}
                () = tokio::time::sleep(Duration::from_secs(2)) => continue,
            }
            tokio::select! {
                () = self.cancel.cancelled() => {}
                () = tokio::time::sleep(Duration::from_millis(1000)) => {}
            }
        }
    }

    /// Writes one delivery and, once PostgreSQL committed it, moves the marks; returns them.
    async fn deliver(
        &self,
        client: &mut tokio_postgres::Client,
        local: &Arc<Mutex<Local>>,
        d: Delivery,
    ) -> Result<(i64, i64)> {
        let started = Instant::now();
        match tokio::time::timeout(
            DELIVERY_TIMEOUT,
            write::deliver(client, &self.schema, &self.site, &d),
        )
        .await
        {
            Ok(r) => r.context("writing a batch")?,
            Err(_) => anyhow::bail!("writing a batch took over {DELIVERY_TIMEOUT:?}"),
        };
        let (seq, alarm_id) = (d.seq, d.alarm_id);
        let (rows, items) = (d.raw.len() as u64, d.items());
        blocking(local, move |l| {
            l.delivered(&d);
            l.set_marks(seq, alarm_id)
        })
        .await?;
        tracing::debug!(
            "postgres: delivered up to batch {seq}: {rows} reads, {items} rows in {:?}",
            started.elapsed()
        );
        self.set_status(|s| {
            s.mark = seq;
            s.delivered_rows += rows;
            s.delivered_items += items;
        });
        Ok((seq, alarm_id))
    }

    /// Counts a delivery into the catch-up progress and logs it every [`PROGRESS_EVERY`] while
    /// batches remain.
    fn log_progress(
        &self,
        progress: &mut Option<Progress>,
        rows: u64,
        values: u64,
        seq: i64,
        head: i64,
    ) {
        let remaining = head - seq;
        let p = progress.get_or_insert_with(|| Progress::new(seq));
        p.rows += rows;
        p.values += values;
        if remaining > 0 && p.last_log.elapsed() >= PROGRESS_EVERY {
            let secs = p.started.elapsed().as_secs_f64().max(1e-3);
            let per_batch = p.rows as f64 / ((seq - p.from_seq).max(1) as f64);
            tracing::info!(
                "postgres: catching up: {} reads ({} values) delivered, {:.0} reads/s ({:.0} values/s); {remaining} batches (~{:.0} reads) remaining",
                p.rows,
                p.values,
                p.rows as f64 / secs,
                p.values as f64 / secs,
                remaining as f64 * per_batch
            );
            p.last_log = Instant::now();
            p.logged = true;
        }
    }
}

/// Ends the connection task with the session.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::{pg_config, redacted};
    use crate::config::sinks::{PgTls, PostgresSink};

    fn sink(url: &str, password_file: Option<std::path::PathBuf>) -> PostgresSink {
        PostgresSink {
            url: url.into(),
            password_file,
            tls: PgTls::Disable,
            tls_ca_file: None,
            schema: "ems".into(),
            batch_rows: 5000,
        }
    }

    #[test]
    fn password_file_wins_over_the_url_and_its_newline_is_dropped() {
        let f = std::env::temp_dir().join(format!("ems-pg-secret-{}", std::process::id()));
        std::fs::write(&f, "from-file\n").unwrap();
        let c = pg_config(&sink("postgres://ems:from-url@db/energy", Some(f.clone()))).unwrap();
        assert_eq!(c.get_password(), Some(&b"from-file"[..]));
        let c = pg_config(&sink("postgres://ems:from-url@db/energy", None)).unwrap();
        assert_eq!(c.get_password(), Some(&b"from-url"[..]));
        assert_eq!(c.get_user(), Some("ems"));
        std::fs::remove_file(&f).unwrap();
        let err = pg_config(&sink("postgres://ems@db/energy", Some(f))).unwrap_err();
        assert!(format!("{err:#}").contains("password_file"), "{err:#}");
    }

    #[test]
    fn urls_in_logs_hide_the_password() {
        assert_eq!(
            redacted("postgres://ems:s3cret@db:5432/energy"),
            "postgres://ems:***@db:5432/energy"
        );
        assert_eq!(
            redacted("postgres://ems@db/energy"),
            "postgres://ems@db/energy"
        );
        assert_eq!(
            redacted("postgresql://db/e?x=a@b"),
            "postgresql://db/e?x=a@b"
        );
    }
}
