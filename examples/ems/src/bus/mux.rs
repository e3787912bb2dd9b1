//! Pipelined Modbus TCP: one connection carrying requests to several meters at once, told
//! apart by the MBAP transaction id.
//!
//! A [`Mux`] owns the connection; requests join one outgoing buffer, sent by the bus worker
//! for its many reads through one [`MuxReads`] (each reply goes back with its read's key, in
//! the order replies end), or by a read of its own through a [`MuxHandle`] (an
//! [`AsyncTransport`]). The driver ([`Mux::drive`]) writes whatever is queued in one system
//! call, reads whatever replies have arrived in one, hands each reply to whoever waits for its
//! transaction id and times out the ones that stay silent. A read sends all its requests at
//! once ([`MeterRead`], the core's [`PipelinedRead`]), so it costs one round trip, and the
//! worker drives its reads itself, with no task and no wake-up per read. After the first
//! reply of a burst the thread naps (`GATHER`, 1 ms) and then takes everything that came
//! meanwhile in one read per connection. With many meters in flight the process wakes a few
//! times per burst of replies instead of once per reply, which is where a collector's CPU
//! goes on a fast link.
//!
//! Timing and reconnecting follow [`TcpOptions`], as the one-request-at-a-time clients do: a
//! request's reply must arrive within its reply timeout, plus the serial time of the requests
//! sent before it that are still unanswered (a gateway or device answers them in order); a
//! connection the peer closes fails only the requests sent on it; failed connects back off
//! from `reconnect_backoff` doubling to `max_reconnect_backoff`, and a read in that window
//! fails at once.
//!
//! Not every device queues: some answer the first request of a burst and drop the rest
//! (pymodbus 3.16's TCP server does), or drop what does not fit a short queue. A unit that
//! stays silent while a request written after its one, or another of its own written with it,
//! is answered is suspect: its next request goes out alone. A suspect unit that answers alone
//! is a strike: the device drops requests sent together, or the meter dropped one reply. Two
//! strikes make the connection fall back to one request at a time, with a warning, only if
//! requests silent in company are not rare next to those answered in company (at least one
//! per ten, counted over the last few thousand requests, not over time): a dropping device
//! leaves many unanswered, while behind a gateway that serves the others a flaky meter's
//! silences are a few among thousands of answers. Nothing else changes for the reads. After
//! 5 minutes requests go together again, and one more strike is then enough to fall back; a
//! fall-back within the hour of the previous one's end doubles the wait, up to an hour. A unit
//! that stays silent alone too is taken for dead (a meter switched off behind a gateway that
//! serves the others meanwhile) until it answers again: its requests go out with the others'
//! again, and its silence says nothing about the device.

use std::collections::HashMap;
use std::future::poll_fn;
use std::io;
use std::ops::Deref;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Poll, Waker};
use std::time::Duration;

use schneider_em::frame::{mbap, registers_to_words, Expectation, Reply};
use schneider_em::plan::DEFAULT_PLAN_REQUESTS;
use schneider_em::transport::tcp::TcpOptions;
use schneider_em::{
    AsyncTransport, Error, PartialRead, PipelinedRead, Plan, ReadFunction, RequestToken, UnitId,
    WireAddress, WordOrders,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Notify;
use tokio::time::Instant;

/// One request waiting for its reply.
struct Pending {
    expect: Expectation,
    /// The request as it goes on the wire.
    frame: [u8; mbap::REQUEST_LEN],
    /// Its place in the order of writing (0 until written).
    seq: u64,
    /// The write it left in (0 until written).
    batch: u64,
    /// Written after another request in the same write.
    in_company: bool,
    /// The reply timeout of this request alone.
    timeout: Duration,
    /// Its serial-side cost (request and reply on the wire, t3.5): what it adds to the wait
    /// of the requests sent after it.
    service: Duration,
    /// Set when it has been written.
    deadline: Option<Instant>,
    result: Option<Result<Vec<u16>, Error<io::Error>>>,
    waker: Option<Waker>,
    /// For a request of [`MuxReads`]: its read's key and token (its result then goes to the
    /// ready queue instead of waking a waiter).
    owner: Option<(u32, RequestToken)>,
}

/// Hashes a transaction id by one multiplication (Fibonacci hashing): the ids are ours, not
/// an attacker's, and SipHash cost more than the rest of a lookup.
#[derive(Default, Clone, Copy)]
struct TidHasher(u64);

impl std::hash::Hasher for TidHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u16(&mut self, n: u16) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type TidMap<V> = HashMap<u16, V, std::hash::BuildHasherDefault<TidHasher>>;

struct State {
    next_tid: u16,
    /// Requests not written yet, in order.
    queued: std::collections::VecDeque<u16>,
    pending: TidMap<Pending>,
    /// Connecting failed: no attempt before this instant, and why.
    down: Option<(Instant, String)>,
    /// Requests written and unanswered at most: unlimited (the worker's `in_flight` bounds
    /// the reads, each read its requests) until the device is seen dropping requests sent
    /// while others were under way, then 1 until [`held_until`](State::held_until).
    cap: usize,
    /// When requests may go together again after a fall-back.
    held_until: Option<Instant>,
    /// How long the latest fall-back holds: [`HOLD_MIN`], doubled by each fall-back within
    /// [`HOLD_MAX`] of the end of the previous one, up to [`HOLD_MAX`].
    hold: Duration,
    /// When the latest hold ended (requests went together again).
    resumed_at: Option<Instant>,
    /// What the device did with requests sent together lately.
    evidence: Evidence,
    /// The time the driver last gave (writing, or timing out): what a fall-back's hold is
    /// counted from.
    clock: Instant,
    /// Write order of the next request written.
    next_seq: u64,
    /// The latest write order that was answered.
    answered_seq: u64,
    /// Units that stayed silent while a request written after theirs, or another of theirs
    /// written with it, was answered: dead, or dropped by the device. Their next request goes
    /// out alone to tell.
    suspect: [bool; 256],
    /// Units silent alone too: taken for dead until they answer. Their requests go out with
    /// the others, and their silence says nothing about the device.
    dead: [bool; 256],
    /// Per unit, the write its latest answered request left in (0: none).
    answered_batch: [u64; 256],
    /// Number of the next write.
    next_batch: u64,
    /// The request under way alone (nothing is written while it is unanswered).
    solo: Option<u16>,
    /// Set when the cap fell to 1, for the driver to log once.
    fell_back: Option<String>,
    /// Set when requests may go together again, for the driver to log once.
    resumed: bool,
    /// Requests of [`MuxReads`] that have ended, in the order they ended.
    ready: std::collections::VecDeque<u16>,
    /// Who waits for [`ready`](State::ready).
    ready_waker: Option<Waker>,
}

impl Default for State {
    fn default() -> Self {
        State {
            next_tid: 0,
            queued: Default::default(),
            pending: TidMap::default(),
            down: None,
            cap: usize::MAX,
            held_until: None,
            hold: HOLD_MIN,
            resumed_at: None,
            evidence: Evidence::default(),
            clock: Instant::now(),
            next_seq: 1,
            answered_seq: 0,
            suspect: [false; 256],
            dead: [false; 256],
            answered_batch: [0; 256],
            next_batch: 1,
            solo: None,
            fell_back: None,
            resumed: false,
            ready: Default::default(),
            ready_waker: None,
        }
    }
}

impl State {
    fn settle(&mut self, tid: u16, result: Result<Vec<u16>, Error<io::Error>>) {
        let Some(p) = self.pending.get(&tid).filter(|p| p.result.is_none()) else {
            return;
        };
        // Any reply (values, exception, even a damaged one) means the device took the request.
        if matches!(result, Ok(_) | Err(Error::Exception(_) | Error::Frame(_))) {
            let unit = usize::from(p.expect.unit.get());
            let (seq, batch, in_company) = (p.seq, p.batch, p.in_company);
            self.answered_seq = self.answered_seq.max(seq);
            self.answered_batch[unit] = self.answered_batch[unit].max(batch);
            self.dead[unit] = false;
            if self.suspect[unit] {
                // Silent in company, answering alone: the device drops requests, or the meter
                // dropped one reply. A device does it every time; a meter now and then.
                self.suspect[unit] = false;
                if self.solo == Some(tid) && self.cap > 1 {
                    self.strike(unit);
                }
            }
            if in_company {
                self.evidence.together += 1;
                self.evidence.decay();
            }
        }
        let Some(p) = self.pending.get_mut(&tid) else {
            return;
        };
        p.result = Some(result);
        if p.owner.is_some() {
            self.ready.push_back(tid);
            if let Some(w) = self.ready_waker.take() {
                w.wake();
            }
        } else if let Some(w) = p.waker.take() {
            w.wake();
        }
    }

    /// Counts one suspect unit that answered a request sent alone. The connection falls back
    /// to one request at a time for a while (see [`State::hold`]) when the evidence says the
    /// device drops requests sent together (see [`Evidence::says_drops`]).
    fn strike(&mut self, unit: usize) {
        self.evidence.strikes += 1;
        if !self.evidence.says_drops() {
            return;
        }
        let Evidence {
            together,
            silent,
            strikes,
        } = self.evidence;
        // The evidence stays, one strike short: a device that drops requests sent together
        // strikes again at its first burst after the hold and falls back at once, without
        // losing more reads to find out again.
        self.evidence.strikes = STRIKES - 1;
        let now = self.clock;
        self.hold = match self.resumed_at {
            Some(r) if now.saturating_duration_since(r) < HOLD_MAX => (self.hold * 2).min(HOLD_MAX),
            _ => HOLD_MIN,
        };
        self.cap = 1;
        self.held_until = Some(now + self.hold);
        self.fell_back = Some(format!(
            "{strikes} times a unit stayed silent while other requests were under way and then \
             answered a request sent alone (the latest: unit {unit}); lately {silent} requests \
             sent in company went unanswered against {together} answered; requests go together \
             again in {} min",
            self.hold.as_secs() / 60
        ));
    }

    /// The result of request `tid` if it has ended (the request is then forgotten), else
    /// `None`, with `waker` to be woken when it ends. A request the connection no longer knows
    /// (its read was dropped) ends as a timeout.
    fn take_or_wait(
        &mut self,
        tid: u16,
        waker: &Waker,
    ) -> Option<Result<Vec<u16>, Error<io::Error>>> {
        let Some(p) = self.pending.get_mut(&tid) else {
            return Some(Err(Error::Timeout));
        };
        match p.result.take() {
            Some(r) => {
                self.pending.remove(&tid);
                Some(r)
            }
            None => {
                if !p.waker.as_ref().is_some_and(|w| w.will_wake(waker)) {
                    p.waker = Some(waker.clone());
                }
                None
            }
        }
    }

    /// Requests written and not answered yet.
    fn in_flight(&self) -> impl Iterator<Item = (&u16, &Pending)> {
        self.pending
            .iter()
            .filter(|(_, p)| p.deadline.is_some() && p.result.is_none())
    }

    /// Fails the requests not answered yet: those written (`written_only`) or all.
    fn fail_open(&mut self, written_only: bool, kind: io::ErrorKind, why: &str) {
        let open: Vec<u16> = self
            .pending
            .iter()
            .filter(|(_, p)| p.result.is_none() && (p.deadline.is_some() || !written_only))
            .map(|(&t, _)| t)
            .collect();
        for tid in open {
            self.settle(tid, Err(Error::Bus(io::Error::new(kind, why.to_string()))));
        }
    }

    /// Fails every request that was written and is still unanswered.
    fn fail_sent(&mut self, kind: io::ErrorKind, why: &str) {
        self.fail_open(true, kind, why);
    }

    /// Fails every request not answered yet, written or not, and drops the queue.
    fn fail_all(&mut self, kind: io::ErrorKind, why: &str) {
        self.fail_open(false, kind, why);
        self.queued.clear();
    }

    /// Takes the queued requests for writing (as many as the cap allows) and starts their
    /// clocks.
    fn take_outbox(&mut self, now: Instant) -> Vec<u8> {
        self.clock = now;
        // Requests answered in order: each waits for those still unanswered before it.
        let (unanswered, mut ahead) = self
            .in_flight()
            .fold((0, Duration::ZERO), |(n, d), (_, p)| (n + 1, d + p.service));
        let mut bytes = Vec::new();
        let solo_open = self
            .solo
            .and_then(|t| self.pending.get(&t))
            .is_some_and(|p| p.result.is_none());
        if solo_open {
            return bytes;
        }
        self.solo = None;
        if self.held_until.is_some_and(|t| now >= t) {
            self.held_until = None;
            self.cap = usize::MAX;
            self.resumed_at = Some(now);
            self.resumed = true;
        }
        let room = self.cap.saturating_sub(unanswered);
        let batch = self.next_batch;
        self.next_batch += 1;
        while bytes.len() / mbap::REQUEST_LEN < room {
            let Some(&tid) = self.queued.front() else {
                break;
            };
            // A request whose read was dropped meanwhile is not sent.
            let Some(p) = self.pending.get_mut(&tid) else {
                self.queued.pop_front();
                continue;
            };
            let alone = self.suspect[usize::from(p.expect.unit.get())];
            if alone && (unanswered > 0 || !bytes.is_empty()) {
                break;
            }
            self.queued.pop_front();
            p.deadline = Some(now + ahead + p.timeout);
            p.seq = self.next_seq;
            p.batch = batch;
            p.in_company = !bytes.is_empty();
            self.next_seq += 1;
            ahead += p.service;
            bytes.extend_from_slice(&p.frame);
            if alone {
                self.solo = Some(tid);
                break;
            }
        }
        bytes
    }

    fn earliest_deadline(&self) -> Option<Instant> {
        self.pending
            .values()
            .filter(|p| p.result.is_none())
            .filter_map(|p| p.deadline)
            .min()
    }

    fn expire(&mut self, now: Instant) {
        self.clock = now;
        let late: Vec<u16> = self
            .pending
            .iter()
            .filter(|(_, p)| p.result.is_none() && p.deadline.is_some_and(|d| d <= now))
            .map(|(&t, _)| t)
            .collect();
        for tid in late {
            if let Some(p) = self.pending.get(&tid) {
                // Silent while a request written after its one, or another of the same unit
                // written with it, was answered: the device dropped a request it got while
                // busy with another, or the meter is gone (a device that serves several units
                // answers the live ones meanwhile, even one that answered until now). Its next
                // request goes out alone to tell; silent alone too, it is dead. Either way it is
                // evidence, weighed against the requests answered in company.
                let unit = usize::from(p.expect.unit.get());
                let later_answered = self.answered_seq > p.seq;
                let sibling_answered = p.batch > 0 && self.answered_batch[unit] == p.batch;
                if self.solo == Some(tid) {
                    self.suspect[unit] = false;
                    self.dead[unit] = true;
                } else if self.cap > 1 && !self.dead[unit] && (later_answered || sibling_answered) {
                    self.suspect[unit] = true;
                    self.evidence.silent += 1;
                    self.evidence.decay();
                }
            }
            self.settle(tid, Err(Error::Timeout));
        }
    }

    /// Requests written and not answered yet.
    fn unanswered(&self) -> usize {
        self.in_flight().count()
    }

    fn has_work(&self) -> bool {
        !self.queued.is_empty()
    }

    /// Hands out every complete reply in `buf` and removes it. `Err` when the stream is no
    /// longer Modbus TCP (a header that cannot be one): the connection must go.
    fn dispatch(&mut self, buf: &mut Vec<u8>) -> Result<(), String> {
        let mut at = 0;
        while buf.len() - at >= mbap::HEADER_LEN {
            let head: &[u8; mbap::HEADER_LEN] = buf[at..at + mbap::HEADER_LEN]
                .try_into()
                .expect("a slice of the header's length");
            let header = match mbap::parse_header(head) {
                Ok(h) => h,
                Err(e) => {
                    buf.clear();
                    return Err(format!("not a Modbus TCP reply: {e}"));
                }
            };
            let end = at + mbap::HEADER_LEN + header.pdu_len;
            if buf.len() < end {
                break;
            }
            let pdu = &buf[at + mbap::HEADER_LEN..end];
            // A reply nobody waits for (its read timed out or was dropped) is skipped.
            if let Some(p) = self.pending.get(&header.transaction) {
                let result = match mbap::parse_read_pdu(&header, pdu, &p.expect) {
                    Ok(Reply::Registers(data)) => {
                        let mut words = vec![0u16; usize::from(p.expect.count)];
                        if registers_to_words(data, &mut words) {
                            Ok(words)
                        } else {
                            Err(Error::Frame(schneider_em::FrameError::Length {
                                expected: 2 * words.len() + 2,
                                received: pdu.len(),
                            }))
                        }
                    }
                    Ok(Reply::Exception(code)) => Err(Error::Exception(code)),
                    Err(e) => Err(Error::Frame(e)),
                };
                self.settle(header.transaction, result);
            }
            at = end;
        }
        buf.drain(..at);
        Ok(())
    }
}

struct Shared {
    state: Mutex<State>,
    wake_driver: Notify,
    options: TcpOptions,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A pipelined Modbus TCP connection to one address (see the module documentation).
#[derive(Clone)]
pub struct Mux {
    shared: Arc<Shared>,
    addr: String,
}

impl Mux {
    /// A connection to `addr` (`host:port`), timed as `options` says. Nothing connects until
    /// [`Mux::drive`] runs and a request is queued.
    pub fn new(addr: &str, options: TcpOptions) -> Mux {
        Mux {
            shared: Arc::new(Shared {
                state: Mutex::new(State::default()),
                wake_driver: Notify::new(),
                options,
            }),
            addr: addr.to_string(),
        }
    }

    /// The requests of many reads, driven by their owner: the bus worker's one queue (there
    /// is one ready queue per mux, and dropping it forgets every request sent through it).
    pub(crate) fn reads(&self) -> MuxReads {
        MuxReads {
            shared: self.shared.clone(),
        }
    }

    /// A transport for one read.
    pub fn handle(&self) -> MuxHandle {
        MuxHandle {
            shared: self.shared.clone(),
            mine: Vec::new(),
        }
    }

    /// Connects when there is something to send, writes, reads and dispatches, forever (the
    /// task is dropped with its runtime). It naps its thread after replies (see `nap`): run
    /// it on a runtime that has the thread to itself and the pipelined buses (as
    /// `run_pipelined` does), not on one shared with other work.
    pub async fn drive(self) {
        let options = self.shared.options;
        let mut backoff = options.reconnect_backoff;
        let mut buf: Vec<u8> = Vec::with_capacity(8192);
        loop {
            let woken = self.shared.wake_driver.notified();
            if !self.shared.lock().has_work() {
                woken.await;
                continue;
            }
            drop(woken);
            let connected = tokio::time::timeout(
                options.connect_timeout.max(Duration::from_millis(1)),
                TcpStream::connect(self.addr.as_str()),
            )
            .await;
            let stream = match connected {
                Ok(Ok(s)) => s,
                failed => {
                    let (kind, why) = match failed {
                        Ok(Err(e)) => (e.kind(), format!("cannot connect to {}: {e}", self.addr)),
                        _ => (
                            io::ErrorKind::TimedOut,
                            format!(
                                "cannot connect to {}: no answer within {} ms",
                                self.addr,
                                options.connect_timeout.as_millis()
                            ),
                        ),
                    };
                    let until = Instant::now() + backoff;
                    {
                        let mut st = self.shared.lock();
                        st.fail_all(kind, &why);
                        st.down = Some((until, why));
                    }
                    backoff = (backoff * 2).min(options.max_reconnect_backoff);
                    tokio::time::sleep_until(until).await;
                    continue;
                }
            };
            let _ = stream.set_nodelay(true);
            backoff = options.reconnect_backoff;
            self.shared.lock().down = None;
            let (mut rd, mut wr) = stream.into_split();
            buf.clear();
            let (kind, why) = 'connection: loop {
                let woken = self.shared.wake_driver.notified();
                let (bytes, deadline, fell_back, resumed) = {
                    let mut st = self.shared.lock();
                    let bytes = st.take_outbox(Instant::now());
                    let deadline = st.earliest_deadline();
                    (
                        bytes,
                        deadline,
                        st.fell_back.take(),
                        std::mem::take(&mut st.resumed),
                    )
                };
                self.log_changes(fell_back, resumed);
                if !bytes.is_empty() {
                    // A peer that stops reading must not hold the bus: a write that cannot
                    // finish within the connect timeout ends the connection.
                    let limit = options.connect_timeout.max(Duration::from_millis(100));
                    match tokio::time::timeout(limit, wr.write_all(&bytes)).await {
                        Ok(Ok(())) => {}
                        Ok(Err(e)) => {
                            break (e.kind(), format!("connection to {} lost: {e}", self.addr))
                        }
                        Err(_) => {
                            break (
                                io::ErrorKind::TimedOut,
                                format!(
                                    "{} took no requests for {} ms",
                                    self.addr,
                                    limit.as_millis()
                                ),
                            )
                        }
                    }
                }
                tokio::select! {
                    _ = woken => {}
                    r = rd.read_buf(&mut buf) => {
                        if let Err(lost) = self.received(r, &mut buf) {
                            break 'connection lost;
                        }
                        // Replies to requests written together come close together: take
                        // the rest in one read after a nap, before the reads they end run, so
                        // that their next requests leave in one write too (see `nap`).
                        if self.shared.lock().unanswered() > 0 && nap() {
                            loop {
                                match rd.try_read_buf(&mut buf) {
                                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                                    r => {
                                        if let Err(lost) = self.received(r, &mut buf) {
                                            break 'connection lost;
                                        }
                                    }
                                }
                            }
                        }
                    }
                    _ = tokio::time::sleep_until(deadline.unwrap_or_else(Instant::now)), if deadline.is_some() => {
                        self.shared.lock().expire(Instant::now());
                    }
                }
            };
            // What was written on this connection fails; what is still queued goes on the next.
            self.shared.lock().fail_sent(kind, &why);
        }
    }
}

impl Mux {
    /// Logs a fall-back to one request at a time, or the end of one, once.
    fn log_changes(&self, fell_back: Option<String>, resumed: bool) {
        if let Some(why) = fell_back {
            tracing::warn!(
                gateway = %self.addr,
                reason = %why,
                "the device drops requests sent together: one request at a time for a while \
                 (set in_flight = 1 for this bus if this recurs)"
            );
        }
        if resumed {
            tracing::info!(gateway = %self.addr, "sending requests together again");
        }
    }

    /// Dispatches what a read of the socket brought; `Err` when the connection is gone.
    fn received(
        &self,
        read: io::Result<usize>,
        buf: &mut Vec<u8>,
    ) -> Result<(), (io::ErrorKind, String)> {
        match read {
            Ok(0) => Err((
                io::ErrorKind::UnexpectedEof,
                format!("{} closed the connection", self.addr),
            )),
            Ok(_) => self
                .shared
                .lock()
                .dispatch(buf)
                .map_err(|why| (io::ErrorKind::InvalidData, why)),
            Err(e) => Err((e.kind(), format!("connection to {} lost: {e}", self.addr))),
        }
    }
}

/// How many suspect units answering alone (strikes) it takes, besides the evidence of
/// [`Evidence::says_drops`], to fall back. One is not enough: a meter that drops a reply now
/// and then looks the same once.
const STRIKES: u32 = 2;

/// A device that drops requests sent together leaves at least one of them unanswered per this
/// many answered in company.
const ANSWERED_PER_SILENT: u32 = 10;

/// When answered and silent requests in company reach this many, all counts are halved: the
/// evidence follows what the device does lately, counted in requests, not in time (a meter
/// read once an hour weighs as much as one read back to back).
const EVIDENCE_SPAN: u32 = 10_000;

/// What the device did lately with requests sent together.
#[derive(Clone, Copy, Debug, Default)]
struct Evidence {
    /// Answered requests that were written after another one in the same write.
    together: u32,
    /// Requests that stayed silent while others were answered (each made its unit suspect).
    silent: u32,
    /// Suspect units that answered a request sent alone.
    strikes: u32,
}

impl Evidence {
    /// Halves every count once the span is reached.
    fn decay(&mut self) {
        if self.together.saturating_add(self.silent) >= EVIDENCE_SPAN {
            self.together /= 2;
            self.silent /= 2;
            self.strikes /= 2;
        }
    }

    /// The device drops requests sent together: [`STRIKES`] strikes, and requests silent in
    /// company not rare next to those answered in company. A pymodbus-like device answers
    /// none of a burst but the first; one with a short queue drops what does not fit; behind a
    /// gateway that serves the others, a flaky meter's silences are a few among thousands of
    /// answers.
    fn says_drops(&self) -> bool {
        self.strikes >= STRIKES && self.silent.saturating_mul(ANSWERED_PER_SILENT) >= self.together
    }
}

/// The first fall-back lasts this long; then requests go together again.
const HOLD_MIN: Duration = Duration::from_secs(5 * 60);

/// The longest fall-back: each one within this long of the end of the previous one doubles
/// the hold, up to this.
const HOLD_MAX: Duration = Duration::from_secs(60 * 60);

/// How long the thread naps after a reply while requests are unanswered (see [`nap`]).
const GATHER: Duration = Duration::from_millis(1);

thread_local! {
    /// When the calling thread last napped.
    static LAST_NAP: std::cell::Cell<Option<std::time::Instant>> =
        const { std::cell::Cell::new(None) };
}

/// Blocks the thread for [`GATHER`] unless it did less than that ago; `true` if it napped.
///
/// The thread of the pipelined buses runs nothing but them, and each wake-up of it costs more
/// than handling a dozen replies (≈ 9 µs on a virtual machine). Waiting for the rest of a
/// burst in the event loop would not help: every reply that arrives wakes it again (the
/// sockets are watched edge-triggered). Asleep outside it, the thread lets every bus's
/// replies pile up in the kernel, then takes them in one read per connection. The others'
/// drivers, run right after, find theirs waiting and do not nap again. Replies, reply
/// timeouts and new requests are late by at most this much.
fn nap() -> bool {
    let now = std::time::Instant::now();
    if LAST_NAP
        .get()
        .is_some_and(|t| now.duration_since(t) < GATHER)
    {
        return false;
    }
    std::thread::sleep(GATHER);
    LAST_NAP.set(Some(std::time::Instant::now()));
    true
}

/// One read's way to the connection of a [`Mux`]: one request at a time as an
/// [`AsyncTransport`], or several at once ([`send`](MuxHandle::send),
/// [`next_reply`](MuxHandle::next_reply)) for a [`PipelinedRead`].
pub struct MuxHandle {
    shared: Arc<Shared>,
    /// Requests sent with [`send`](MuxHandle::send) and not handed back yet: transaction id,
    /// and the token the read named them by.
    mine: Vec<(u16, RequestToken)>,
}

impl Drop for MuxHandle {
    /// Forgets the requests of a read dropped before their replies came.
    fn drop(&mut self) {
        if !self.mine.is_empty() {
            let mut st = self.shared.lock();
            for (tid, _) in self.mine.drain(..) {
                st.pending.remove(&tid);
            }
        }
    }
}

/// Forgets a request whose read was dropped before its reply came.
struct Forget<'a> {
    shared: &'a Shared,
    tid: u16,
}

impl Drop for Forget<'_> {
    fn drop(&mut self) {
        self.shared.lock().pending.remove(&self.tid);
    }
}

impl Shared {
    /// Queues a request (of `owner`, for [`MuxReads`]), wakes the driver and returns its
    /// transaction id; `Err` at once during the connect backoff, or for a request that cannot
    /// be framed.
    fn submit(
        &self,
        unit: UnitId,
        function: ReadFunction,
        start: WireAddress,
        registers: usize,
        owner: Option<(u32, RequestToken)>,
    ) -> Result<u16, Error<io::Error>> {
        let options = &self.options;
        let mut st = self.lock();
        if let Some((until, why)) = &st.down {
            let now = Instant::now();
            if now < *until {
                return Err(Error::Bus(io::Error::new(
                    io::ErrorKind::NotConnected,
                    format!(
                        "reconnect backoff: next attempt in {} ms ({why})",
                        (*until - now).as_millis()
                    ),
                )));
            }
        }
        let mut tid = st.next_tid;
        while st.pending.contains_key(&tid) {
            tid = tid.wrapping_add(1);
        }
        st.next_tid = tid.wrapping_add(1);
        let (frame, expect) =
            mbap::read_request(tid, unit, function, start, registers).map_err(Error::Frame)?;
        let reply_rtu = expect.reply_len();
        let timeout = options.reply_timeout(8, reply_rtu);
        let serial = options.serial;
        let service =
            Duration::from_nanos(serial.chars_ns((8 + reply_rtu) as u64) + serial.t35_ns());
        st.queued.push_back(tid);
        st.pending.insert(
            tid,
            Pending {
                expect,
                frame,
                seq: 0,
                batch: 0,
                in_company: false,
                timeout,
                service,
                deadline: None,
                result: None,
                waker: None,
                owner,
            },
        );
        drop(st);
        // The requests queued before the driver runs leave in one write.
        self.wake_driver.notify_one();
        Ok(tid)
    }
}

impl MuxHandle {
    /// Queues a request of a read with several under way, named by `token`, and wakes the
    /// driver (the requests queued before it runs leave in one write). `Err` at once during
    /// the connect backoff.
    pub fn send(
        &mut self,
        token: RequestToken,
        unit: UnitId,
        function: ReadFunction,
        start: WireAddress,
        registers: u16,
    ) -> Result<(), Error<io::Error>> {
        let tid = self
            .shared
            .submit(unit, function, start, usize::from(registers), None)?;
        self.mine.push((tid, token));
        Ok(())
    }

    /// The next request sent with [`send`](MuxHandle::send) to end, with its words or why it
    /// failed; `None` when none is under way.
    pub async fn next_reply(
        &mut self,
    ) -> Option<(RequestToken, Result<Vec<u16>, Error<io::Error>>)> {
        if self.mine.is_empty() {
            return None;
        }
        let shared = self.shared.clone();
        let mine = &mut self.mine;
        poll_fn(|cx| {
            let mut st = shared.lock();
            for i in 0..mine.len() {
                let (tid, token) = mine[i];
                if let Some(result) = st.take_or_wait(tid, cx.waker()) {
                    mine.swap_remove(i);
                    return Poll::Ready(Some((token, result)));
                }
            }
            Poll::Pending
        })
        .await
    }
}

/// One meter's read with its requests under way together: the core's [`PipelinedRead`] plus
/// the rule for a meter not known to answer, which gets one request first and the rest once
/// it has answered, so that a dead meter costs one reply timeout, not one per request. The
/// caller carries the requests ([`send_due`](MeterRead::send_due)) and hands back their
/// results ([`complete`](MeterRead::complete)): a task of its own ([`read_pipelined`]), or a
/// worker driving many reads through one [`MuxReads`].
pub struct MeterRead<P: Deref<Target = Plan<R>>, const R: usize = DEFAULT_PLAN_REQUESTS> {
    // On the heap: the session is a few kB, moved with the read otherwise.
    read: Box<PipelinedRead<io::Error, P, R>>,
    unit: UnitId,
    window: usize,
    widened: bool,
}

impl<P: Deref<Target = Plan<R>>, const R: usize> MeterRead<P, R> {
    /// A read of `plan` on meter `unit` with up to `window` requests under way (1 until it
    /// answers unless `answering`).
    pub fn new(plan: P, unit: UnitId, orders: WordOrders, window: usize, answering: bool) -> Self {
        MeterRead {
            read: Box::new(PipelinedRead::new(
                plan,
                orders,
                if answering { window } else { 1 },
            )),
            unit,
            window,
            widened: answering,
        }
    }

    /// Sends, through `send`, every request that may go now; one that cannot be sent fails
    /// at once with `send`'s error.
    pub fn send_due(
        &mut self,
        mut send: impl FnMut(
            RequestToken,
            UnitId,
            ReadFunction,
            WireAddress,
            u16,
        ) -> Result<(), Error<io::Error>>,
    ) {
        while let Some(r) = self.read.next_request() {
            if let Err(e) = send(r.token, self.unit, r.function, r.start, r.count) {
                self.read.complete(r.token, Err(e));
            }
        }
    }

    /// Takes the result of the request `token` names.
    pub fn complete(&mut self, token: RequestToken, result: Result<Vec<u16>, Error<io::Error>>) {
        if !self.widened && matches!(result, Ok(_) | Err(Error::Exception(_) | Error::Frame(_))) {
            // The meter is there: the rest may go together.
            self.read.set_window(self.window);
            self.widened = true;
        }
        match result {
            Ok(words) => self.read.complete(token, Ok(&words)),
            Err(e) => self.read.complete(token, Err(e)),
        }
    }

    /// Whether the read is over (call [`send_due`](Self::send_due) first).
    pub fn is_done(&self) -> bool {
        self.read.is_done()
    }

    /// The outcome; requests still under way count as failed.
    pub fn finish(self) -> PartialRead<io::Error> {
        (*self.read).finish()
    }

    /// The outcome in place (see [`PipelinedRead::outcome`]): for a read that is over, or
    /// given up, without moving its few kB.
    pub fn outcome(&mut self) -> &PartialRead<io::Error> {
        self.read.outcome()
    }

    /// Starts another read in this one's place, as [`new`](Self::new) would, reusing its
    /// allocation: a worker keeps its finished reads for the next ones.
    pub fn restart(
        &mut self,
        plan: P,
        unit: UnitId,
        orders: WordOrders,
        window: usize,
        answering: bool,
    ) {
        *self.read = PipelinedRead::new(plan, orders, if answering { window } else { 1 });
        self.unit = unit;
        self.window = window;
        self.widened = answering;
    }
}

/// Runs `plan` on meter `unit` through `link` as a [`MeterRead`]: with up to `window`
/// requests under way at once, one round trip for a whole read instead of one per request.
pub async fn read_pipelined<const R: usize>(
    mut link: MuxHandle,
    unit: UnitId,
    orders: WordOrders,
    plan: &Plan<R>,
    window: usize,
    answering: bool,
) -> PartialRead<io::Error> {
    let mut read = MeterRead::new(plan, unit, orders, window, answering);
    loop {
        read.send_due(|token, unit, function, start, count| {
            link.send(token, unit, function, start, count)
        });
        if read.is_done() {
            break;
        }
        if let Some((token, result)) = link.next_reply().await {
            read.complete(token, result);
        }
    }
    read.finish()
}

/// A request of [`MuxReads`] that has ended: its read's key, its token, and its words or why
/// it failed.
pub type Ended = (u32, RequestToken, Result<Vec<u16>, Error<io::Error>>);

/// The requests of many reads over one [`Mux`], whose results come back through one queue in
/// the order they end: a worker drives its reads ([`MeterRead`]) itself this way, with no task
/// and no wake-up per read. Each request carries the key of its read and its token.
pub struct MuxReads {
    shared: Arc<Shared>,
}

impl MuxReads {
    /// Queues a request of read `key` and wakes the driver (the requests queued before it
    /// runs leave in one write). `Err` at once during the connect backoff, or for a request
    /// that cannot be framed.
    pub fn send(
        &mut self,
        key: u32,
        token: RequestToken,
        unit: UnitId,
        function: ReadFunction,
        start: WireAddress,
        registers: u16,
    ) -> Result<(), Error<io::Error>> {
        self.shared.submit(
            unit,
            function,
            start,
            usize::from(registers),
            Some((key, token)),
        )?;
        Ok(())
    }

    /// The next request that has ended, if any: its read's key, its token and its result.
    pub fn try_next(&mut self) -> Option<Ended> {
        Self::pop(&mut self.shared.lock())
    }

    /// Waits for the next request to end (forever if none is under way).
    pub async fn next(&mut self) -> Ended {
        poll_fn(|cx| {
            let mut st = self.shared.lock();
            match Self::pop(&mut st) {
                Some(done) => Poll::Ready(done),
                None => {
                    if !st
                        .ready_waker
                        .as_ref()
                        .is_some_and(|w| w.will_wake(cx.waker()))
                    {
                        st.ready_waker = Some(cx.waker().clone());
                    }
                    Poll::Pending
                }
            }
        })
        .await
    }

    fn pop(st: &mut State) -> Option<Ended> {
        while let Some(tid) = st.ready.pop_front() {
            if let Some(Pending {
                owner: Some((key, token)),
                result: Some(result),
                ..
            }) = st.pending.remove(&tid)
            {
                return Some((key, token, result));
            }
        }
        None
    }
}

impl Drop for MuxReads {
    /// Forgets the requests whose results nobody will take.
    fn drop(&mut self) {
        let mut st = self.shared.lock();
        st.pending.retain(|_, p| p.owner.is_none());
        st.ready.clear();
        st.ready_waker = None;
    }
}

impl AsyncTransport for MuxHandle {
    type Error = io::Error;

    async fn read_registers(
        &mut self,
        unit: UnitId,
        function: ReadFunction,
        start: WireAddress,
        out: &mut [u16],
    ) -> Result<(), Error<io::Error>> {
        let tid = self.shared.submit(unit, function, start, out.len(), None)?;
        let _forget = Forget {
            shared: &self.shared,
            tid,
        };
        let result = poll_fn(
            |cx| match self.shared.lock().take_or_wait(tid, cx.waker()) {
                Some(r) => Poll::Ready(r),
                None => Poll::Pending,
            },
        )
        .await;
        let words = result?;
        if words.len() == out.len() {
            out.copy_from_slice(&words);
            Ok(())
        } else {
            Err(Error::Frame(schneider_em::FrameError::Length {
                expected: 2 * out.len() + 5,
                received: 2 * words.len() + 5,
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use schneider_em::transport::RtuTiming;
    use schneider_em::{ExceptionCode, Parity};

    fn mux() -> Mux {
        Mux::new(
            "127.0.0.1:9",
            TcpOptions::new(RtuTiming::new(19200, Parity::Even, 1)),
        )
    }

    fn unit(u: u8) -> UnitId {
        UnitId::new(u).unwrap()
    }

    fn submit(m: &Mux, u: u8, start: u16, count: usize) -> u16 {
        m.shared
            .submit(
                unit(u),
                ReadFunction::HoldingRegisters,
                WireAddress::new(start),
                count,
                None,
            )
            .unwrap()
    }

    /// Hands `st` unit `u`'s one-register reply (7) to transaction `tid`.
    fn answer(st: &mut State, tid: u16, u: u8) {
        let mut buf = reply(tid, u, &[3, 2, 0, 7]);
        st.dispatch(&mut buf).unwrap();
    }

    /// An MBAP reply: header, then `pdu`.
    fn reply(tid: u16, u: u8, pdu: &[u8]) -> Vec<u8> {
        let mut v = tid.to_be_bytes().to_vec();
        v.extend_from_slice(&[0, 0]);
        v.extend_from_slice(&((pdu.len() + 1) as u16).to_be_bytes());
        v.push(u);
        v.extend_from_slice(pdu);
        v
    }

    #[test]
    fn requests_leave_together_and_each_waits_for_those_sent_before_it() {
        let m = mux();
        assert_eq!(submit(&m, 1, 2999, 10), 0);
        assert_eq!(submit(&m, 2, 3059, 20), 1);
        let now = Instant::now();
        let mut st = m.shared.lock();
        let bytes = st.take_outbox(now);
        // Two MBAP requests, transaction ids 0 and 1, in one buffer.
        assert_eq!(
            bytes,
            [
                &[0, 0, 0, 0, 0, 6, 1, 3, 0x0b, 0xb7, 0, 10][..],
                &[0, 1, 0, 0, 0, 6, 2, 3, 0x0b, 0xf3, 0, 20][..],
            ]
            .concat()
        );
        // Serial time of a 10-register read at 19200 8E1: request 8 + reply 25 characters of
        // 11 bits, plus t3.5; the second request waits for it on top of its own timeout.
        let o = m.shared.options;
        let serial = RtuTiming::new(19200, Parity::Even, 1);
        let first = Duration::from_nanos(serial.chars_ns(8 + 25) + serial.t35_ns());
        assert_eq!(st.pending[&0].deadline, Some(now + o.reply_timeout(8, 25)));
        assert_eq!(
            st.pending[&1].deadline,
            Some(now + first + o.reply_timeout(8, 45))
        );
        assert_eq!(st.unanswered(), 2);
        assert!(st.take_outbox(now).is_empty());
    }

    #[test]
    fn replies_reach_their_transaction_whatever_the_order() {
        let m = mux();
        submit(&m, 1, 0, 1);
        submit(&m, 2, 0, 2);
        let mut st = m.shared.lock();
        st.take_outbox(Instant::now());
        // Transaction 1 first, then a late reply nobody waits for, then transaction 0, then the
        // first bytes of another frame.
        let mut buf = [
            reply(1, 2, &[3, 4, 0x12, 0x34, 0xab, 0xcd]),
            reply(7, 1, &[3, 2, 0, 0]),
            reply(0, 1, &[3, 2, 0x00, 0x2a]),
            vec![0, 9, 0],
        ]
        .concat();
        st.dispatch(&mut buf).unwrap();
        assert_eq!(
            buf,
            [0, 9, 0],
            "an incomplete frame stays for the next read"
        );
        let r1 = st.pending.get_mut(&1).unwrap().result.take().unwrap();
        assert_eq!(r1.unwrap(), [0x1234, 0xabcd]);
        let r0 = st.pending.get_mut(&0).unwrap().result.take().unwrap();
        assert_eq!(r0.unwrap(), [42]);
    }

    #[test]
    fn exceptions_wrong_units_and_silence_fail_only_their_request() {
        let m = mux();
        submit(&m, 1, 0, 1);
        submit(&m, 2, 0, 1);
        submit(&m, 3, 0, 1);
        let now = Instant::now();
        let mut st = m.shared.lock();
        st.take_outbox(now);
        let mut buf = [reply(0, 1, &[0x83, 0x02]), reply(1, 9, &[3, 2, 0, 1])].concat();
        st.dispatch(&mut buf).unwrap();
        assert!(matches!(
            st.pending.get_mut(&0).unwrap().result.take(),
            Some(Err(Error::Exception(ExceptionCode::IllegalDataAddress)))
        ));
        assert!(matches!(
            st.pending.get_mut(&1).unwrap().result.take(),
            Some(Err(Error::Frame(
                schneider_em::FrameError::UnexpectedUnit {
                    expected: 2,
                    received: 9
                }
            )))
        ));
        // Unit 3 never answers: not before its deadline, then a timeout.
        let deadline = st.pending[&2].deadline.unwrap();
        st.expire(deadline - Duration::from_millis(1));
        assert!(st.pending[&2].result.is_none());
        st.expire(deadline);
        assert!(matches!(
            st.pending.get_mut(&2).unwrap().result.take(),
            Some(Err(Error::Timeout))
        ));
    }

    #[test]
    fn a_stream_that_is_not_modbus_tcp_is_refused_and_the_link_errors_fail_what_was_sent() {
        let m = mux();
        submit(&m, 1, 0, 1);
        let mut st = m.shared.lock();
        st.take_outbox(Instant::now());
        let mut buf = vec![0, 0, 0, 1, 0, 3, 1, 3, 0];
        let why = st.dispatch(&mut buf).unwrap_err();
        assert!(why.contains("not a Modbus TCP reply"), "{why}");
        assert!(buf.is_empty());
        // Written requests fail with the link's reason; one queued after stays for the next
        // connection.
        drop(st);
        submit(&m, 2, 0, 1);
        let mut st = m.shared.lock();
        st.fail_sent(
            io::ErrorKind::UnexpectedEof,
            "gateway closed the connection",
        );
        match st.pending.get_mut(&0).unwrap().result.take() {
            Some(Err(Error::Bus(e))) => {
                assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
                assert_eq!(e.to_string(), "gateway closed the connection");
            }
            other => panic!("{other:?}"),
        }
        assert!(st.pending[&1].result.is_none());
        assert_eq!(st.queued.len(), 1);
    }

    /// One burst to a device that drops requests sent together, at `now`: unit `u`'s two
    /// requests go in one write, the first is answered and the second dropped, so `u` is
    /// suspect; its next request goes out alone and is answered: a strike. Its read takes
    /// every result.
    fn strike_of_a_dropping_device(m: &Mux, u: u8, now: Instant) {
        let (a, b) = (submit(m, u, 0, 1), submit(m, u, 10, 1));
        let mut st = m.shared.lock();
        assert_eq!(st.take_outbox(now).len(), 2 * mbap::REQUEST_LEN);
        answer(&mut st, a, u);
        let d = st.pending[&b].deadline.unwrap();
        st.expire(d);
        assert!(st.suspect[usize::from(u)]);
        st.pending.retain(|t, _| ![a, b].contains(t));
        drop(st);
        let (c, e) = (submit(m, u, 0, 1), submit(m, u, 10, 1));
        let mut st = m.shared.lock();
        assert_eq!(st.take_outbox(now), st.pending[&c].frame);
        assert!(st.take_outbox(now).is_empty(), "nothing goes with it");
        answer(&mut st, c, u);
        assert_eq!(st.take_outbox(now), st.pending[&e].frame);
        answer(&mut st, e, u);
        st.pending.retain(|t, _| ![c, e].contains(t));
    }

    /// `n` units in one write, all answered: `n - 1` answered in company.
    fn answered_together(m: &Mux, n: u8, now: Instant) {
        let t: Vec<u16> = (1..=n).map(|u| submit(m, u, 0, 1)).collect();
        let mut st = m.shared.lock();
        assert_eq!(
            st.take_outbox(now).len(),
            usize::from(n) * mbap::REQUEST_LEN
        );
        for (&tid, u) in t.iter().zip(1..) {
            answer(&mut st, tid, u);
        }
        st.pending.clear();
    }

    #[test]
    fn a_device_that_drops_requests_sent_together_gets_one_at_a_time_for_a_while() {
        let m = mux();
        let now = Instant::now();
        // One strike: a meter that dropped a reply, perhaps.
        strike_of_a_dropping_device(&m, 1, now);
        assert_eq!(m.shared.lock().cap, usize::MAX);
        assert!(m.shared.lock().fell_back.is_none());
        // The second, with nothing ever answered in company: the device drops requests.
        strike_of_a_dropping_device(&m, 2, now);
        let mut st = m.shared.lock();
        assert_eq!(st.cap, 1);
        let why = st.fell_back.take().unwrap();
        assert!(
            why.contains("unit 2") && why.contains("2 requests") && why.contains("in 5 min"),
            "{why}"
        );
        drop(st);
        // One request is written at a time, the next when it is answered.
        let (a, b, c) = (
            submit(&m, 1, 0, 1),
            submit(&m, 2, 0, 1),
            submit(&m, 1, 10, 1),
        );
        let mut st = m.shared.lock();
        assert_eq!(st.take_outbox(now), st.pending[&a].frame);
        assert!(st.take_outbox(now).is_empty());
        answer(&mut st, a, 1);
        assert_eq!(st.take_outbox(now), st.pending[&b].frame);
        answer(&mut st, b, 2);
        // Five minutes on, requests go together again (and the driver says so once).
        let later = now + HOLD_MIN;
        assert_eq!(st.take_outbox(later), st.pending[&c].frame);
        assert!(std::mem::take(&mut st.resumed));
        assert_eq!((st.cap, st.resumed_at), (usize::MAX, Some(later)));
        answer(&mut st, c, 1);
        st.pending.clear();
        drop(st);
        // The device has not changed: its first strike after the hold is enough, and within
        // the hour of the resumption the wait doubles.
        strike_of_a_dropping_device(&m, 1, later);
        let mut st = m.shared.lock();
        assert_eq!((st.cap, st.hold), (1, 2 * HOLD_MIN));
        assert!(st.fell_back.take().unwrap().contains("in 10 min"));
        // Resumed over an hour before the next fall-back: back to the shortest wait.
        let resumed = later + 2 * HOLD_MIN;
        st.take_outbox(resumed);
        assert_eq!(st.cap, usize::MAX);
        st.resumed_at = Instant::now().checked_sub(HOLD_MAX);
        drop(st);
        strike_of_a_dropping_device(&m, 2, resumed);
        assert_eq!(m.shared.lock().hold, HOLD_MIN);
    }

    #[test]
    fn a_dropping_device_polled_once_an_hour_is_found_out_too() {
        let m = mux();
        let now = Instant::now();
        let hour = Duration::from_secs(3600);
        strike_of_a_dropping_device(&m, 1, now);
        strike_of_a_dropping_device(&m, 1, now + hour);
        assert_eq!(m.shared.lock().cap, 1);
    }

    #[test]
    fn strikes_among_many_answers_in_company_are_a_flaky_meter() {
        let m = mux();
        let now = Instant::now();
        answered_together(&m, 41, now);
        assert_eq!(m.shared.lock().evidence.together, 40);
        // Each strike comes with one request silent in company: three are fewer than one per
        // ten answered in company, and nothing falls back...
        for _ in 0..3 {
            strike_of_a_dropping_device(&m, 7, now);
        }
        assert_eq!(m.shared.lock().cap, usize::MAX);
        // ...a fourth is one per ten.
        strike_of_a_dropping_device(&m, 7, now);
        let mut st = m.shared.lock();
        assert_eq!(st.cap, 1);
        let why = st.fell_back.take().unwrap();
        assert!(
            why.contains("4 times") && why.contains("4 requests"),
            "{why}"
        );
        assert!(why.contains("against 40 answered"), "{why}");
    }

    #[test]
    fn a_device_that_answers_only_the_last_request_of_a_write_is_found_out() {
        let m = mux();
        let now = Instant::now();
        let t: Vec<u16> = (1..=3).map(|u| submit(&m, u, 0, 1)).collect();
        let mut st = m.shared.lock();
        st.take_outbox(now);
        answer(&mut st, t[2], 3);
        let d = st.pending[&t[1]].deadline.unwrap();
        st.expire(d);
        assert!(st.suspect[1] && st.suspect[2]);
        assert_eq!((st.evidence.together, st.evidence.silent), (1, 2));
        st.pending.clear();
        drop(st);
        // Each goes out alone, and answers: two strikes.
        each_answers_alone(&m, &[1, 2], now);
        assert_eq!(m.shared.lock().cap, 1);
    }

    #[test]
    fn a_device_with_a_short_queue_is_found_out() {
        let m = mux();
        let now = Instant::now();
        // 15 units in one write; the device takes the first 12 and drops the rest, which a
        // later write's answer shows.
        let t: Vec<u16> = (1..=15).map(|u| submit(&m, u, 0, 1)).collect();
        let mut st = m.shared.lock();
        st.take_outbox(now);
        for (&tid, u) in t.iter().zip(1..=12) {
            answer(&mut st, tid, u);
        }
        drop(st);
        let next = submit(&m, 1, 10, 1);
        let mut st = m.shared.lock();
        st.take_outbox(now);
        answer(&mut st, next, 1);
        let d = st.pending[&t[14]].deadline.unwrap();
        st.expire(d);
        assert_eq!((st.evidence.together, st.evidence.silent), (11, 3));
        st.pending.clear();
        drop(st);
        each_answers_alone(&m, &[13, 14], now);
        assert_eq!(m.shared.lock().cap, 1);
    }

    /// Suspect `units`' next requests go out one after the other, each alone, and are
    /// answered: a strike each.
    fn each_answers_alone(m: &Mux, units: &[u8], now: Instant) {
        let t: Vec<u16> = units.iter().map(|&u| submit(m, u, 0, 1)).collect();
        let mut st = m.shared.lock();
        for (tid, &u) in t.into_iter().zip(units) {
            assert_eq!(st.take_outbox(now), st.pending[&tid].frame);
            answer(&mut st, tid, u);
        }
    }

    #[test]
    fn the_evidence_follows_the_latest_requests() {
        let mut e = Evidence {
            together: EVIDENCE_SPAN - 1,
            silent: 0,
            strikes: 3,
        };
        e.decay();
        assert_eq!(e.together, EVIDENCE_SPAN - 1);
        e.silent += 1;
        e.decay();
        assert_eq!(
            (e.together, e.silent, e.strikes),
            (EVIDENCE_SPAN / 2 - 1, 0, 1)
        );
    }

    /// Unit 1's request, alone in its write, stays silent while unit 2's, written next, is
    /// answered: unit 1 is suspect. Both reads take their results.
    fn silent_while_a_later_write_is_answered(m: &Mux, now: Instant) {
        let a = submit(m, 1, 0, 1);
        m.shared.lock().take_outbox(now);
        let b = submit(m, 2, 0, 1);
        let mut st = m.shared.lock();
        st.take_outbox(now);
        answer(&mut st, b, 2);
        let d = st.pending[&a].deadline.unwrap();
        st.expire(d);
        assert!(st.suspect[1]);
        st.pending.clear();
    }

    #[test]
    fn a_meter_that_drops_a_reply_now_and_then_does_not_end_pipelining() {
        let m = mux();
        let now = Instant::now();
        answered_together(&m, 41, now);
        // Three times unit 1's request is dropped while a later one is answered; each time it
        // answers alone. Three silences against 40 answers in company: a flaky meter.
        for _ in 0..3 {
            silent_while_a_later_write_is_answered(&m, now);
            each_answers_alone(&m, &[1], now);
            m.shared.lock().pending.clear();
        }
        let st = m.shared.lock();
        assert_eq!(st.evidence.strikes, 3);
        assert_eq!(st.cap, usize::MAX);
        assert!(st.fell_back.is_none());
        drop(st);
        // Requests go together as before.
        submit(&m, 1, 0, 1);
        submit(&m, 2, 0, 1);
        assert_eq!(
            m.shared.lock().take_outbox(now).len(),
            2 * mbap::REQUEST_LEN
        );
    }

    #[test]
    fn a_meter_that_goes_silent_behind_a_device_serving_the_others_does_not_end_pipelining() {
        let m = mux();
        // Units 1 and 2 answer, together.
        let (a, b) = (submit(&m, 1, 0, 1), submit(&m, 2, 0, 1));
        let mut st = m.shared.lock();
        let now = Instant::now();
        st.take_outbox(now);
        answer(&mut st, a, 1);
        answer(&mut st, b, 2);
        st.pending.clear();
        drop(st);
        // Unit 1 is switched off: silent at the end of its write while a later write of
        // unit 2 is answered...
        silent_while_a_later_write_is_answered(&m, now);
        // ...and silent alone too: dead, not a device that drops requests.
        let a = submit(&m, 1, 0, 1);
        let mut st = m.shared.lock();
        assert_eq!(st.take_outbox(now), st.pending[&a].frame);
        let d = st.pending[&a].deadline.unwrap();
        st.expire(d);
        // (Its read takes the result and forgets the request.)
        assert!(matches!(
            st.pending.remove(&a).unwrap().result,
            Some(Err(Error::Timeout))
        ));
        assert!(st.dead[1] && !st.suspect[1]);
        assert_eq!((st.cap, st.evidence.strikes), (usize::MAX, 0));
        assert!(st.fell_back.is_none());
        drop(st);
        // Dead: its requests leave with the others' again (no stall behind it), and its
        // silence in company makes it suspect no more.
        let a = submit(&m, 1, 0, 1);
        m.shared.lock().take_outbox(now);
        let b = submit(&m, 2, 0, 1);
        let mut st = m.shared.lock();
        assert_eq!(st.take_outbox(now), st.pending[&b].frame);
        answer(&mut st, b, 2);
        let d = st.pending[&a].deadline.unwrap();
        st.expire(d);
        assert!(!st.suspect[1]);
        st.pending.clear();
        drop(st);
        // Switched on again, it answers in company: nothing falls back.
        let (a, b) = (submit(&m, 1, 0, 1), submit(&m, 2, 0, 1));
        let mut st = m.shared.lock();
        assert_eq!(st.take_outbox(now).len(), 2 * mbap::REQUEST_LEN);
        answer(&mut st, a, 1);
        answer(&mut st, b, 2);
        assert_eq!(st.cap, usize::MAX);
        assert!(st.fell_back.is_none());
        assert!(!st.dead[1]);
    }

    #[test]
    fn a_read_dropped_before_its_replies_leaves_nothing_behind() {
        let m = mux();
        let mut h = m.handle();
        let plan = plan();
        let mut read = PipelinedRead::<io::Error, _>::new(&plan, plan.model().map().word_order, 8);
        while let Some(r) = read.next_request() {
            h.send(r.token, unit(1), r.function, r.start, r.count)
                .unwrap();
        }
        assert_eq!(m.shared.lock().pending.len(), 3);
        drop(h);
        let mut st = m.shared.lock();
        assert!(st.pending.is_empty());
        assert!(
            st.take_outbox(Instant::now()).is_empty(),
            "nothing of it is written"
        );
        assert!(st.queued.is_empty());
    }

    #[test]
    fn during_the_connect_backoff_a_read_fails_at_once_with_the_reason() {
        let m = mux();
        m.shared.lock().down = Some((
            Instant::now() + Duration::from_secs(2),
            "cannot connect to 127.0.0.1:9: refused".into(),
        ));
        let e = m
            .shared
            .submit(
                unit(1),
                ReadFunction::HoldingRegisters,
                WireAddress::new(0),
                1,
                None,
            )
            .unwrap_err();
        let text = format!("{e:?}");
        assert!(
            text.contains("reconnect backoff: next attempt in"),
            "{text}"
        );
        assert!(text.contains("refused"), "{text}");
        assert!(m.shared.lock().pending.is_empty());
    }

    /// A gateway on loopback for one connection: `serve` gets the stream and the register image
    /// of unit 1 (V A-N 230.5 V at 3028, P/Q/S totals 7.25 kW, −1.5 kvar, 7.5 kVA at
    /// 3060/3068/3076, 50 Hz at 3110, FLOAT32 ABCD: the EM6400NG list).
    fn gateway(
        serve: impl FnOnce(std::net::TcpStream, &dyn Fn(&[u8]) -> Vec<u8>) + Send + 'static,
    ) -> (String, std::thread::JoinHandle<()>) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let thread = std::thread::spawn(move || {
            let mut image = std::collections::HashMap::new();
            for (register, v) in [
                (3028u16, 230.5f32),
                (3060, 7.25),
                (3068, -1.5),
                (3076, 7.5),
                (3110, 50.0),
            ] {
                let b = v.to_bits();
                image.insert(register - 1, (b >> 16) as u16);
                image.insert(register, b as u16);
            }
            // The reply to one 12-byte MBAP read request.
            let answer = move |req: &[u8]| {
                let start = u16::from_be_bytes([req[8], req[9]]);
                let count = u16::from_be_bytes([req[10], req[11]]);
                let mut pdu = vec![3, (2 * count) as u8];
                for a in start..start + count {
                    pdu.extend_from_slice(&image.get(&a).copied().unwrap_or(0).to_be_bytes());
                }
                reply(u16::from_be_bytes([req[0], req[1]]), req[6], &pdu)
            };
            let (stream, _) = listener.accept().unwrap();
            serve(stream, &answer);
        });
        (addr, thread)
    }

    /// A [`gateway`] that answers nothing until `n` requests are in (a read that waited for
    /// each reply would never end), lets `check` look at them, then answers them all newest
    /// first in one segment, and waits for the client to close.
    fn gateway_answering_together(
        n: usize,
        check: impl FnOnce(&[Vec<u8>]) + Send + 'static,
    ) -> (String, std::thread::JoinHandle<()>) {
        gateway(move |mut s, answer| {
            use std::io::Write;
            s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let reqs = requests(&mut s, n);
            assert_eq!(reqs.len(), n, "the requests came one by one");
            check(&reqs);
            let out: Vec<u8> = reqs.iter().rev().flat_map(|r| answer(r)).collect();
            s.write_all(&out).unwrap();
            let _ = requests(&mut s, 1);
        })
    }

    /// Reads requests from `s` until `n` are in (or the read times out): their bytes.
    fn requests(s: &mut std::net::TcpStream, n: usize) -> Vec<Vec<u8>> {
        use std::io::Read;
        let mut buf = Vec::new();
        let mut chunk = [0u8; 512];
        while buf.len() < n * mbap::REQUEST_LEN {
            match s.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(k) => buf.extend_from_slice(&chunk[..k]),
            }
        }
        buf.chunks(mbap::REQUEST_LEN).map(<[u8]>::to_vec).collect()
    }

    fn plan() -> Plan {
        use schneider_em::{LinkParams, Model, Quantity, QuantitySet};
        let q = [
            Quantity::VoltageAN,
            Quantity::ActivePowerTotal,
            Quantity::ReactivePowerTotal,
            Quantity::ApparentPowerTotal,
            Quantity::Frequency,
        ];
        Plan::new(
            Model::Em6400Ng,
            &QuantitySet::from_slice(&q),
            &LinkParams::new(19200),
        )
        .unwrap()
    }

    /// A runtime, and a mux to `addr` (19200 baud timing) with its driver running on it.
    fn connected(addr: &str) -> (tokio::runtime::Runtime, Mux) {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let m = Mux::new(
            addr,
            TcpOptions::new(RtuTiming::new(19200, Parity::Even, 1)),
        );
        rt.spawn(m.clone().drive());
        (rt, m)
    }

    fn read(addr: &str, answering: bool) -> (PartialRead<io::Error>, Duration) {
        let (rt, m) = connected(addr);
        let plan = plan();
        let orders = plan.model().map().word_order;
        rt.block_on(async {
            let t0 = Instant::now();
            let r = read_pipelined(m.handle(), unit(1), orders, &plan, 8, answering).await;
            (r, t0.elapsed())
        })
    }

    #[test]
    fn a_read_sends_all_its_requests_at_once_and_takes_the_replies_in_any_order() {
        // The gateway answers nothing until all three requests of the read are in (a read
        // that waited for each reply would never end), then answers them newest first, in
        // one segment.
        let (addr, gw) = gateway_answering_together(3, |reqs| {
            let starts: Vec<u16> = reqs
                .iter()
                .map(|r| u16::from_be_bytes([r[8], r[9]]))
                .collect();
            assert_eq!(starts, [3027, 3059, 3109]);
        });
        let (r, _) = read(&addr, true);
        assert!(r.is_complete(), "{r:?}");
        assert_eq!(r.requests_sent, 3);
        use schneider_em::Quantity::*;
        assert_eq!(r.snapshot.get(VoltageAN), Some(230.5));
        assert_eq!(r.snapshot.get(ActivePowerTotal), Some(7250.0));
        assert_eq!(r.snapshot.get(ReactivePowerTotal), Some(-1500.0));
        assert_eq!(r.snapshot.get(ApparentPowerTotal), Some(7500.0));
        assert_eq!(r.snapshot.get(Frequency), Some(50.0));
        gw.join().unwrap();
    }

    #[test]
    fn a_meter_not_known_to_answer_gets_one_request_first_and_the_rest_once_it_answered() {
        let (addr, gw) = gateway(|mut s, answer| {
            use std::io::Write;
            // A request sent with the first would be here well within 20 ms (loopback), and
            // the first's reply timeout is longer.
            s.set_read_timeout(Some(Duration::from_millis(20))).unwrap();
            let first = requests(&mut s, 2);
            assert_eq!(first.len(), 1, "only one request before the meter answered");
            s.write_all(&answer(&first[0])).unwrap();
            s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let rest = requests(&mut s, 2);
            assert_eq!(rest.len(), 2);
            let out: Vec<u8> = rest.iter().flat_map(|r| answer(r)).collect();
            s.write_all(&out).unwrap();
            let _ = requests(&mut s, 1);
        });
        let (r, _) = read(&addr, false);
        assert!(r.is_complete(), "{r:?}");
        assert_eq!(r.requests_sent, 3);
        gw.join().unwrap();
    }

    #[test]
    fn a_silent_meter_not_known_to_answer_costs_one_request_and_one_timeout() {
        let (addr, gw) = gateway(|mut s, _| {
            s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
            // Everything the client sends until it closes the connection.
            let got = requests(&mut s, 3);
            assert_eq!(got.len(), 1, "more than one request to a silent meter");
        });
        let (r, took) = read(&addr, false);
        assert_eq!(r.requests_sent, 1);
        assert_eq!(r.failures.len(), 1);
        assert!(matches!(r.failures[0].error, Error::Timeout));
        use schneider_em::Quantity::*;
        assert_eq!(
            r.skipped,
            schneider_em::QuantitySet::from_slice(&[
                ActivePowerTotal,
                ReactivePowerTotal,
                ApparentPowerTotal,
                Frequency
            ])
        );
        // One reply timeout of the first request (at 19200 8E1, well under a second).
        let options = TcpOptions::new(RtuTiming::new(19200, Parity::Even, 1));
        let timeout = options.reply_timeout(8, 9);
        assert!(took >= timeout, "{took:?} < {timeout:?}");
        assert!(took < timeout + Duration::from_millis(500), "{took:?}");
        gw.join().unwrap();
    }

    #[test]
    fn reads_driven_through_one_queue_each_get_their_own_replies() {
        // Two meters' reads, three requests each, leave in one write; the gateway answers
        // only once all six are in, newest first, so unit 2's replies come before unit 1's.
        let (addr, gw) = gateway_answering_together(6, |reqs| {
            let units: Vec<u8> = reqs.iter().map(|r| r[6]).collect();
            assert_eq!(units, [1, 1, 1, 2, 2, 2]);
        });
        let (rt, m) = connected(&addr);
        let plan = Arc::new(plan());
        let orders = plan.model().map().word_order;
        rt.block_on(async {
            let mut queue = m.reads();
            let mut reads: Vec<MeterRead<Arc<Plan>>> = [1, 2]
                .map(|u| MeterRead::new(plan.clone(), unit(u), orders, 8, true))
                .into();
            for (key, r) in reads.iter_mut().enumerate() {
                r.send_due(|t, u, f, start, n| queue.send(key as u32, t, u, f, start, n));
            }
            let mut keys = Vec::new();
            while reads.iter().any(|r| !r.is_done()) {
                let (key, token, result) = queue.next().await;
                keys.push(key);
                let r = &mut reads[key as usize];
                r.complete(token, result);
                r.send_due(|t, u, f, start, n| queue.send(key, t, u, f, start, n));
            }
            assert_eq!(keys, [1, 1, 1, 0, 0, 0]);
            assert!(queue.try_next().is_none());
            for r in reads {
                let r = r.finish();
                assert!(r.is_complete(), "{r:?}");
                assert_eq!(r.requests_sent, 3);
                use schneider_em::Quantity::*;
                assert_eq!(r.snapshot.get(VoltageAN), Some(230.5));
                assert_eq!(r.snapshot.get(ApparentPowerTotal), Some(7500.0));
                assert_eq!(r.snapshot.get(Frequency), Some(50.0));
            }
        });
        assert!(m.shared.lock().pending.is_empty());
        gw.join().unwrap();
    }

    #[test]
    fn a_queue_dropped_before_its_replies_leaves_nothing_behind() {
        let m = mux();
        let plan = plan();
        let mut queue = m.reads();
        let mut read = MeterRead::new(&plan, unit(1), plan.model().map().word_order, 8, true);
        read.send_due(|t, u, f, start, n| queue.send(0, t, u, f, start, n));
        assert_eq!(m.shared.lock().pending.len(), 3);
        // One ends (silence), the others are still under way.
        let tid = *m.shared.lock().pending.keys().next().unwrap();
        m.shared.lock().settle(tid, Err(Error::Timeout));
        assert_eq!(m.shared.lock().ready.len(), 1);
        drop(queue);
        let st = m.shared.lock();
        assert!(st.pending.is_empty() && st.ready.is_empty());
    }
}
