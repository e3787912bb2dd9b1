//! One meter's health: online → retrying → offline with capped exponential backoff and
//! jitter, automatic recovery, and the counters an operator needs (requests, errors by kind,
//! latency, last seen). Pure state on a clock the caller passes in; the worker applies the
//! backoff to its schedule.
//!
//! Only link failures (no reply, bus error) count toward offline: a meter that answers with a
//! CRC error or an exception is there, and is read again at its next interval. While offline a
//! meter gets one probe read per backoff period, so it costs at most one reply timeout per
//! period, never one per value or per cycle.

use std::time::Duration;

/// What the meter is doing, as shown to people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Answered its last read.
    Online,
    /// Its last read(s) failed; still polled as usual.
    Retrying {
        /// Consecutive link failures.
        failures: u32,
    },
    /// Not answering: polled once per backoff period.
    Offline {
        /// Consecutive link failures.
        failures: u32,
        /// When the next probe is due (bus clock).
        until: Duration,
    },
    /// Never read yet.
    Unknown,
}

impl State {
    /// A short name (`online`, `retrying`, `offline`, `unknown`).
    pub fn name(&self) -> &'static str {
        match self {
            State::Online => "online",
            State::Retrying { .. } => "retrying",
            State::Offline { .. } => "offline",
            State::Unknown => "unknown",
        }
    }
}

/// How failures turn into backoff.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BackoffPolicy {
    /// Consecutive link failures before a meter is offline.
    pub failures_before_offline: u32,
    /// The first backoff period.
    pub initial: Duration,
    /// The longest backoff period.
    pub cap: Duration,
    /// Random spread of each period, as a fraction (0.2 = ±20 %), so that meters that went
    /// offline together (a breaker tripped) are not probed in lockstep.
    pub jitter: f64,
}

impl Default for BackoffPolicy {
    fn default() -> Self {
        BackoffPolicy {
            failures_before_offline: 3,
            initial: Duration::from_secs(5),
            cap: Duration::from_secs(300),
            jitter: 0.2,
        }
    }
}

impl BackoffPolicy {
    /// The backoff after `offline_failures` failed probes (1 = just went offline), before
    /// jitter: initial × 2^(n−1), capped.
    pub fn period(&self, offline_failures: u32) -> Duration {
        let shift = offline_failures.saturating_sub(1).min(30);
        self.initial
            .checked_mul(1u32 << shift)
            .unwrap_or(self.cap)
            .min(self.cap)
    }
}

/// Kinds of error counted per meter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorKind {
    /// No (complete) reply.
    Timeout,
    /// The link failed (port, socket).
    Bus,
    /// A reply arrived but was damaged or not ours (CRC, byte count, unit).
    Frame,
    /// The meter answered with an exception.
    Exception,
    /// The meter refused a range (exception 02 on the smallest piece): re-planned without it.
    Refused,
}

impl ErrorKind {
    /// Every kind, for exposition.
    pub const ALL: [ErrorKind; 5] = [
        ErrorKind::Timeout,
        ErrorKind::Bus,
        ErrorKind::Frame,
        ErrorKind::Exception,
        ErrorKind::Refused,
    ];

    /// The label used in metrics.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Timeout => "timeout",
            ErrorKind::Bus => "bus",
            ErrorKind::Frame => "frame",
            ErrorKind::Exception => "exception",
            ErrorKind::Refused => "refused",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// Whether this kind means the meter did not answer.
    pub fn is_link(self) -> bool {
        matches!(self, ErrorKind::Timeout | ErrorKind::Bus)
    }
}

/// A change of state worth telling (for logs, alarms and the dashboard).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transition {
    /// Offline → answering again.
    Recovered,
    /// Went offline; the next probe after this period.
    WentOffline(Duration),
}

/// Health and counters of one meter.
#[derive(Clone, Debug)]
pub struct Health {
    state: State,
    policy: BackoffPolicy,
    /// Reads attempted (each planned read, whatever its number of requests).
    pub reads: u64,
    /// Requests sent.
    pub requests: u64,
    errors: [u64; 5],
    /// Duration of the last successful read.
    pub last_latency: Option<Duration>,
    /// When it last answered (bus clock).
    pub last_seen: Option<Duration>,
    /// The last error, as text for people.
    pub last_error: Option<String>,
    rng: u64,
}

impl Health {
    /// A meter not read yet; `seed` makes its jitter differ from its neighbours'.
    pub fn new(policy: BackoffPolicy, seed: u64) -> Self {
        Health {
            state: State::Unknown,
            policy,
            reads: 0,
            requests: 0,
            errors: [0; 5],
            last_latency: None,
            last_seen: None,
            last_error: None,
            rng: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
        }
    }

    /// The state.
    pub fn state(&self) -> State {
        self.state
    }

    /// Whether the meter is offline.
    pub fn is_offline(&self) -> bool {
        matches!(self.state, State::Offline { .. })
    }

    /// Errors of a kind so far.
    pub fn errors(&self, kind: ErrorKind) -> u64 {
        self.errors[kind.index()]
    }

    /// Errors of every kind so far.
    pub fn errors_total(&self) -> u64 {
        self.errors.iter().sum()
    }

    /// Counts errors that did not end the read (a damaged reply among good ones, a refusal).
    pub fn count(&mut self, kind: ErrorKind, n: u64) {
        self.errors[kind.index()] += n;
    }

    fn unit(&mut self) -> f64 {
        // xorshift64*: jitter only, not cryptography.
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        (self.rng.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A read that got an answer (possibly with some failed requests) at `now`, taking `took`.
    pub fn answered(&mut self, now: Duration, took: Duration) -> Option<Transition> {
        self.reads += 1;
        self.last_seen = Some(now);
        self.last_latency = Some(took);
        let was_offline = self.is_offline();
        self.state = State::Online;
        was_offline.then_some(Transition::Recovered)
    }

    /// A read that failed with `kind` at `now`. Returns the new offline period when this
    /// failure took the meter offline or extended its backoff.
    pub fn failed(&mut self, now: Duration, kind: ErrorKind, what: String) -> Option<Transition> {
        self.reads += 1;
        self.errors[kind.index()] += 1;
        self.last_error = Some(what);
        if !kind.is_link() {
            // It answered, badly: still there.
            self.last_seen = Some(now);
            if !matches!(self.state, State::Offline { .. }) {
                self.state = State::Online;
            }
            return None;
        }
        let failures = match self.state {
            State::Online | State::Unknown => 1,
            State::Retrying { failures } | State::Offline { failures, .. } => failures + 1,
        };
        if failures < self.policy.failures_before_offline {
            self.state = State::Retrying { failures };
            return None;
        }
        let n = failures + 1 - self.policy.failures_before_offline;
        let base = self.policy.period(n).as_secs_f64();
        let spread = self.policy.jitter.clamp(0.0, 0.9);
        let factor = 1.0 + spread * (2.0 * self.unit() - 1.0);
        let period = Duration::from_secs_f64((base * factor).max(0.001));
        let period = period.min(self.policy.cap.mul_f64(1.0 + spread));
        self.state = State::Offline {
            failures,
            until: now + period,
        };
        Some(Transition::WentOffline(period))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: u64) -> Duration {
        Duration::from_secs(x)
    }

    #[test]
    fn backoff_doubles_from_the_initial_period_to_the_cap() {
        let p = BackoffPolicy::default();
        let periods: Vec<u64> = (1..=9).map(|n| p.period(n).as_secs()).collect();
        assert_eq!(periods, [5, 10, 20, 40, 80, 160, 300, 300, 300]);
        assert_eq!(p.period(u32::MAX), s(300));
    }

    #[test]
    fn three_timeouts_take_a_meter_offline_with_jittered_capped_backoff() {
        let policy = BackoffPolicy::default();
        let mut h = Health::new(policy, 7);
        assert_eq!(h.state(), State::Unknown);
        assert_eq!(h.failed(s(0), ErrorKind::Timeout, "no reply".into()), None);
        assert_eq!(h.state(), State::Retrying { failures: 1 });
        assert_eq!(h.failed(s(3), ErrorKind::Timeout, "no reply".into()), None);
        let Some(Transition::WentOffline(p)) = h.failed(s(6), ErrorKind::Timeout, "x".into())
        else {
            panic!("offline after the third failure")
        };
        assert!(p >= s(4) && p <= s(6), "5 s ± 20 %: {p:?}");
        let mut now = s(6) + p;
        let mut last = p;
        // Each failed probe doubles the period (± jitter) up to 300 s (+20 %).
        for n in 2..12 {
            let Some(Transition::WentOffline(p)) = h.failed(now, ErrorKind::Timeout, "x".into())
            else {
                panic!()
            };
            let base = policy.period(n).as_secs_f64();
            assert!(
                p.as_secs_f64() >= base * 0.8 - 1e-9 && p.as_secs_f64() <= base * 1.2 + 1e-9,
                "probe {n}: {p:?} vs {base}"
            );
            assert!(p <= s(360));
            now += p;
            last = p;
        }
        assert!(last >= s(240), "capped, not reset: {last:?}");
        assert_eq!(h.errors(ErrorKind::Timeout), 13);
        assert_eq!(
            h.answered(now, Duration::from_millis(150)),
            Some(Transition::Recovered)
        );
        assert_eq!(h.state(), State::Online);
        assert_eq!(h.last_seen, Some(now));
    }

    #[test]
    fn damaged_replies_do_not_take_a_meter_offline() {
        let mut h = Health::new(BackoffPolicy::default(), 1);
        for t in 0..10 {
            assert_eq!(h.failed(s(t), ErrorKind::Frame, "CRC".into()), None);
        }
        assert_eq!(h.state(), State::Online);
        assert_eq!(h.errors(ErrorKind::Frame), 10);
        assert_eq!(h.errors_total(), 10);
    }

    #[test]
    fn jitter_differs_between_meters() {
        let p = BackoffPolicy::default();
        let periods: Vec<Duration> = (0..8)
            .map(|seed| {
                let mut h = Health::new(p, seed);
                h.failed(s(0), ErrorKind::Timeout, String::new());
                h.failed(s(0), ErrorKind::Timeout, String::new());
                match h.failed(s(0), ErrorKind::Timeout, String::new()) {
                    Some(Transition::WentOffline(d)) => d,
                    other => panic!("{other:?}"),
                }
            })
            .collect();
        let distinct: std::collections::BTreeSet<_> = periods.iter().collect();
        assert!(distinct.len() >= 6, "{periods:?}");
    }
}
