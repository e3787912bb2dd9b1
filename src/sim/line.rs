//! A line-timed, half-duplex, multi-drop RS-485 bus emulator, in process.
//!
//! Each byte written by an endpoint is scheduled on the one shared line at
//! `max(now, line free at) + τ` and delivered to **every other** endpoint at that instant, as
//! on a real segment: all endpoints see all traffic, transmissions queue behind each other
//! (overlaps are counted as collisions), and a reader only sees a byte once its time has come.
//! This is what makes cycle-time measurements meaningful on a machine without RS-485.
//!
//! Readers sleep until the byte they need is due, once per chunk rather than once per byte,
//! so the emulation is accurate to the scheduler's wake-up latency (tens of µs).

use std::collections::VecDeque;
use std::io;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::error::LinkError;
use crate::transport::{RtuTiming, SerialLink};

#[derive(Debug)]
struct State {
    line_free_at: Instant,
    last_writer: Option<usize>,
    queues: Vec<VecDeque<(Instant, u8)>>,
    collisions: u64,
    bytes: u64,
    closed: bool,
}

#[derive(Debug)]
struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    timing: RtuTiming,
}

/// One RS-485 segment.
#[derive(Clone, Debug)]
pub struct LineBus {
    shared: Arc<Shared>,
}

/// Statistics of a bus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BusStats {
    /// Bytes carried.
    pub bytes: u64,
    /// Transmissions that started while another endpoint's bytes were still on the line.
    pub collisions: u64,
}

impl LineBus {
    /// A bus with the character time of `timing` (e.g. 11 bits at 19200 baud).
    pub fn new(timing: RtuTiming) -> Self {
        LineBus {
            shared: Arc::new(Shared {
                state: Mutex::new(State {
                    line_free_at: Instant::now(),
                    last_writer: None,
                    queues: Vec::new(),
                    collisions: 0,
                    bytes: 0,
                    closed: false,
                }),
                changed: Condvar::new(),
                timing,
            }),
        }
    }

    /// The bus timing.
    pub fn timing(&self) -> RtuTiming {
        self.shared.timing
    }

    /// Attaches a new endpoint (a transceiver on the segment).
    pub fn attach(&self) -> Port {
        let mut st = self.lock();
        st.queues.push(VecDeque::new());
        Port {
            shared: self.shared.clone(),
            id: st.queues.len() - 1,
        }
    }

    /// Bytes carried and collisions so far.
    pub fn stats(&self) -> BusStats {
        let st = self.lock();
        BusStats {
            bytes: st.bytes,
            collisions: st.collisions,
        }
    }

    /// Wakes every blocked reader with an error; used to stop server threads.
    pub fn close(&self) {
        self.lock().closed = true;
        self.shared.changed.notify_all();
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.shared.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Why a read on the bus ended without data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PortError {
    /// The deadline passed.
    Timeout,
    /// The bus was closed.
    Closed,
}

/// One endpoint of a [`LineBus`].
#[derive(Debug)]
pub struct Port {
    shared: Arc<Shared>,
    id: usize,
}

impl Port {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.shared.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The bus timing.
    pub fn timing(&self) -> RtuTiming {
        self.shared.timing
    }

    /// Transmits `bytes`, the first no earlier than `not_before`; returns the instant the last
    /// byte is fully on the line.
    pub fn write_at(&self, not_before: Instant, bytes: &[u8]) -> Instant {
        let tau = Duration::from_nanos(self.shared.timing.char_ns());
        let mut st = self.lock();
        let now = Instant::now();
        let start = not_before.max(now);
        if st.line_free_at > start && st.last_writer.is_some_and(|w| w != self.id) {
            st.collisions += 1;
        }
        let mut t = start.max(st.line_free_at);
        for &b in bytes {
            t += tau;
            for (k, q) in st.queues.iter_mut().enumerate() {
                if k != self.id {
                    q.push_back((t, b));
                }
            }
        }
        st.bytes += bytes.len() as u64;
        st.line_free_at = t;
        st.last_writer = Some(self.id);
        drop(st);
        self.shared.changed.notify_all();
        t
    }

    /// Transmits now (or as soon as the line is free).
    pub fn write(&self, bytes: &[u8]) -> Instant {
        self.write_at(Instant::now(), bytes)
    }

    /// When the line becomes (or became) free.
    pub fn line_free_at(&self) -> Instant {
        self.lock().line_free_at
    }

    /// Discards the bytes that reach this endpoint no later than `until` (stale input); later
    /// bytes stay queued, as on a real line. Returns how many were discarded.
    pub fn discard_until(&self, until: Instant) -> usize {
        let mut st = self.lock();
        let q = &mut st.queues[self.id];
        let n = q.iter().take_while(|(t, _)| *t <= until).count();
        q.drain(..n);
        n
    }

    /// Fills `buf` with the next bytes once they have arrived; returns the arrival time of the
    /// last one. Fails with [`PortError::Timeout`] if the last byte would arrive after
    /// `deadline` (the bytes stay queued).
    pub fn read(&self, buf: &mut [u8], deadline: Instant) -> Result<Instant, PortError> {
        let n = buf.len();
        if n == 0 {
            return Ok(Instant::now());
        }
        let mut st = self.lock();
        loop {
            if st.closed {
                return Err(PortError::Closed);
            }
            let now = Instant::now();
            if st.queues[self.id].len() >= n {
                let due = st.queues[self.id][n - 1].0;
                if due > deadline {
                    drop(st);
                    sleep_until(deadline);
                    return Err(PortError::Timeout);
                }
                if due <= now {
                    for (slot, (_, b)) in buf.iter_mut().zip(st.queues[self.id].drain(..n)) {
                        *slot = b;
                    }
                    return Ok(due);
                }
                drop(st);
                sleep_until(due);
                st = self.lock();
                continue;
            }
            if now >= deadline {
                return Err(PortError::Timeout);
            }
            let (guard, _) = self
                .shared
                .changed
                .wait_timeout(st, deadline - now)
                .unwrap_or_else(|e| e.into_inner());
            st = guard;
        }
    }

    /// Waits for a frame as a slave does: the first byte (until `deadline`), then every byte
    /// that follows with gaps shorter than t3.5. Returns the bytes and the end time of the last.
    pub fn read_frame(
        &self,
        deadline: Instant,
        max_len: usize,
    ) -> Result<(Vec<u8>, Instant), PortError> {
        let t35 = Duration::from_nanos(self.shared.timing.t35_ns());
        let mut first = [0u8];
        let mut last = self.read(&mut first, deadline)?;
        let mut frame = vec![first[0]];
        // A byte that starts within t3.5 of the previous one belongs to the same frame.
        let gap = t35 + Duration::from_nanos(self.shared.timing.char_ns());
        loop {
            let mut b = [0u8];
            match self.read(&mut b, last + gap) {
                Ok(t) => {
                    if frame.len() < max_len {
                        frame.push(b[0]);
                    }
                    last = t;
                }
                Err(PortError::Timeout) => return Ok((frame, last)),
                Err(e) => return Err(e),
            }
        }
    }
}

fn sleep_until(t: Instant) {
    let now = Instant::now();
    if t > now {
        std::thread::sleep(t - now);
    }
}

/// The master's side of the bus as a [`SerialLink`]: t3.5 after the line goes quiet before each
/// request, stale input discarded, replies timed out from the expected length.
#[derive(Debug)]
pub struct BusLink {
    port: Port,
    timing: RtuTiming,
    deadline: Instant,
    /// Until when the line is kept quiet after a reply that did not complete.
    guard_until: Option<Instant>,
    discarded: u64,
}

impl BusLink {
    /// A master link on `port`; `timing` sets the response timeout (its baud should match the
    /// bus).
    pub fn new(port: Port, timing: RtuTiming) -> Self {
        BusLink {
            port,
            timing,
            deadline: Instant::now(),
            guard_until: None,
            discarded: 0,
        }
    }

    /// The port.
    pub fn port(&self) -> &Port {
        &self.port
    }

    /// Stale bytes discarded before requests so far (late replies).
    pub fn discarded_bytes(&self) -> u64 {
        self.discarded
    }
}

impl SerialLink for BusLink {
    type Error = io::Error;

    fn send(&mut self, frame: &[u8], reply_len: usize) -> Result<(), LinkError<io::Error>> {
        // Start once the line has been quiet for t3.5 and any late-reply guard has passed;
        // what arrived meanwhile is dropped below.
        let quiet = self.port.line_free_at() + Duration::from_nanos(self.timing.t35_ns());
        let start = match self.guard_until.take() {
            Some(guard) => quiet.max(guard),
            None => quiet,
        };
        let end = self.port.write_at(start, frame);
        self.discarded += self.port.discard_until(end) as u64;
        self.deadline = end + Duration::from_nanos(self.timing.reply_timeout_ns(reply_len));
        Ok(())
    }

    fn receive(&mut self, buf: &mut [u8]) -> Result<(), LinkError<io::Error>> {
        match self.port.read(buf, self.deadline) {
            Ok(_) => Ok(()),
            Err(PortError::Timeout) => {
                let guard = Duration::from_nanos(self.timing.late_reply_guard_ns());
                self.guard_until = Some(Instant::now() + guard);
                Err(LinkError::Timeout)
            }
            Err(PortError::Closed) => Err(LinkError::Bus(io::ErrorKind::BrokenPipe.into())),
        }
    }
}
