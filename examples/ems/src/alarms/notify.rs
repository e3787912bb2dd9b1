//! The webhook notifier: one JSON POST per announced transition, from a bounded queue on a
//! background thread, retried with capped exponential backoff.
//!
//! The body is the [`Transition`]'s JSON (documented in `SCHEMA.md`, "Alarm JSON"); its
//! `event_id` is the stored event's id, so a receiver can drop the duplicate a retry after a
//! lost reply produces. Suppressed transitions (shelved, out of service) are not sent. A full
//! queue drops the new transition and counts it: a dead receiver never blocks the engine and
//! never causes a storm when it comes back (each transition is sent once, then forgotten).
//!
//! Retries: network errors, timeouts, 408, 429 and 5xx are retried after `initial_backoff`,
//! doubling up to `max_backoff`, at most `max_attempts` tries; any other status is final.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::config::WebhookConfig;

use super::engine::{Transition, TransitionSink};

/// How the notifier posts and retries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookOptions {
    /// Where to POST.
    pub url: String,
    /// Timeout of one POST (connect, send and reply).
    pub timeout: Duration,
    /// Transitions waiting at most.
    pub max_queue: usize,
    /// The first retry's delay.
    pub initial_backoff: Duration,
    /// The longest delay between retries.
    pub max_backoff: Duration,
    /// Tries per transition, the first included.
    pub max_attempts: u32,
}

impl WebhookOptions {
    /// Options for `url` with the defaults: 5 s timeout, 1000 queued, retries after 1 s
    /// doubling up to 60 s, 10 tries (about 5 minutes).
    pub fn new(url: impl Into<String>) -> Self {
        WebhookOptions {
            url: url.into(),
            timeout: Duration::from_secs(5),
            max_queue: 1000,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(60),
            max_attempts: 10,
        }
    }
}

impl From<&WebhookConfig> for WebhookOptions {
    fn from(c: &WebhookConfig) -> Self {
        WebhookOptions {
            timeout: c.timeout,
            max_queue: c.max_queue,
            ..WebhookOptions::new(c.url.clone())
        }
    }
}

/// The notifier's counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NotifyCounts {
    /// Transitions queued.
    pub queued: u64,
    /// Delivered (2xx).
    pub sent: u64,
    /// Dropped because the queue was full or the notifier was closing.
    pub dropped: u64,
    /// Given up after `max_attempts` or a final status.
    pub failed: u64,
    /// POSTs tried (retries included).
    pub attempts: u64,
}

#[derive(Debug, Default)]
struct Counters {
    queued: AtomicU64,
    sent: AtomicU64,
    dropped: AtomicU64,
    failed: AtomicU64,
    attempts: AtomicU64,
}

impl Counters {
    fn bump(c: &AtomicU64) {
        c.fetch_add(1, Ordering::Relaxed);
    }
}

/// The webhook notifier: a [`TransitionSink`] for [`super::AlarmEngine::add_sink`].
#[derive(Debug)]
pub struct Notifier {
    tx: Option<SyncSender<String>>,
    counters: Arc<Counters>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Notifier {
    /// Starts the background thread.
    pub fn start(options: WebhookOptions) -> std::io::Result<Notifier> {
        let (tx, rx) = sync_channel::<String>(options.max_queue.max(1));
        let counters = Arc::new(Counters::default());
        let stop = Arc::new(AtomicBool::new(false));
        let (c, s) = (counters.clone(), stop.clone());
        let thread = std::thread::Builder::new()
            .name("ems-webhook".into())
            .spawn(move || run(options, rx, &c, &s))?;
        Ok(Notifier {
            tx: Some(tx),
            counters,
            stop,
            thread: Some(thread),
        })
    }

    /// The counters so far.
    pub fn counts(&self) -> NotifyCounts {
        let c = &self.counters;
        NotifyCounts {
            queued: c.queued.load(Ordering::Relaxed),
            sent: c.sent.load(Ordering::Relaxed),
            dropped: c.dropped.load(Ordering::Relaxed),
            failed: c.failed.load(Ordering::Relaxed),
            attempts: c.attempts.load(Ordering::Relaxed),
        }
    }

    /// A handle that can close the notifier after it was given to the engine.
    pub fn closer(&self) -> NotifierCloser {
        NotifierCloser {
            stop: self.stop.clone(),
            counters: self.counters.clone(),
        }
    }

    /// Stops: the transition being sent gets its current try, queued ones are dropped
    /// (they are in the database). Waits for the thread.
    pub fn close(mut self) -> NotifyCounts {
        self.shutdown();
        self.counts()
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.tx.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Notifier {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Stops a notifier owned by the engine and reads its counters.
#[derive(Clone, Debug)]
pub struct NotifierCloser {
    stop: Arc<AtomicBool>,
    counters: Arc<Counters>,
}

impl NotifierCloser {
    /// Asks the notifier to stop retrying and sending (it ends when the engine drops it).
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// Delivered so far.
    pub fn sent(&self) -> u64 {
        self.counters.sent.load(Ordering::Relaxed)
    }

    /// Dropped so far (queue full, or closing).
    pub fn dropped(&self) -> u64 {
        self.counters.dropped.load(Ordering::Relaxed)
    }
}

impl TransitionSink for Notifier {
    fn send(&self, t: &Transition) {
        if t.suppressed {
            return;
        }
        let Some(tx) = &self.tx else {
            return;
        };
        let body = match serde_json::to_string(t) {
            Ok(b) => b,
            Err(_) => return,
        };
        match tx.try_send(body) {
            Ok(()) => Counters::bump(&self.counters.queued),
            Err(TrySendError::Full(_)) | Err(TrySendError::Disconnected(_)) => {
                Counters::bump(&self.counters.dropped)
            }
        }
    }
}

/// Sleeps `d` unless asked to stop; returns false when stopping.
fn pause(d: Duration, stop: &AtomicBool) -> bool {
    let end = Instant::now() + d;
    while !stop.load(Ordering::Relaxed) {
        let now = Instant::now();
        if now >= end {
            return true;
        }
        std::thread::sleep((end - now).min(Duration::from_millis(50)));
    }
    false
}

enum Outcome {
    Sent,
    Retry,
    Final,
}

fn post(agent: &ureq::Agent, url: &str, body: &str) -> Outcome {
    match agent
        .post(url)
        .header("content-type", "application/json")
        .send(body)
    {
        Ok(resp) => {
            let s = resp.status().as_u16();
            if (200..300).contains(&s) {
                Outcome::Sent
            } else if s == 408 || s == 429 || s >= 500 {
                Outcome::Retry
            } else {
                Outcome::Final
            }
        }
        Err(_) => Outcome::Retry,
    }
}

fn run(o: WebhookOptions, rx: Receiver<String>, c: &Counters, stop: &AtomicBool) {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(o.timeout))
        .http_status_as_error(false)
        .build();
    let agent = ureq::Agent::new_with_config(config);
    for body in rx {
        if stop.load(Ordering::Relaxed) {
            Counters::bump(&c.dropped);
            continue;
        }
        let mut backoff = o.initial_backoff;
        let mut attempt = 0;
        loop {
            attempt += 1;
            Counters::bump(&c.attempts);
            match post(&agent, &o.url, &body) {
                Outcome::Sent => {
                    Counters::bump(&c.sent);
                    break;
                }
                Outcome::Final => {
                    Counters::bump(&c.failed);
                    break;
                }
                Outcome::Retry => {}
            }
            if attempt >= o.max_attempts || !pause(backoff, stop) {
                Counters::bump(&c.failed);
                break;
            }
            backoff = (backoff * 2).min(o.max_backoff);
        }
    }
}
