//! Executing a plan against a meter, sans-IO: which request to send next, what each reply or
//! failure means for the read, and what to tell the caller. [`crate::Meter`] and
//! [`crate::AsyncMeter`] drive the same `ReadSession`; this module never touches a transport.
//!
//! Two ways to read a plan:
//! * strict ([`crate::Meter::read`]): the first failing request ends the read, and its error
//!   ([`ReadError`]) names the request: function, registers, and the quantities it covered;
//! * partial ([`crate::Meter::read_partial`]): every request is tried; the result
//!   ([`PartialRead`]) holds what was read plus each failure with its request. A merged request
//!   the meter refuses with exception 02 (illegal data address) or 03 (illegal data value) is
//!   retried as smaller pieces of the plan (halving, down to one value or whole block), and the
//!   pieces it still refuses are reported as [`Refusal`]s, so a collector can re-plan the meter
//!   without them ([`crate::Plan::excluding`]). A timeout or bus error ends the read: the meter
//!   (or the line) is gone, and trying the other requests would cost a timeout each.
//!
//! [`PipelinedRead`] runs the partial read with several requests under way at once, for a
//! transport that can carry them together (a Modbus TCP connection, whose replies carry their
//! transaction ids): the caller sends what it hands out, completes each request by its
//! [`RequestToken`] in whatever order the replies come, and gets the same [`PartialRead`].

use core::fmt::{self, Debug};
use core::ops::Deref;

use crate::address::{RegisterNumber, WireAddress};
use crate::error::Error;
use crate::frame::{ExceptionCode, FrameError, ReadFunction};
use crate::map::{RegisterRange, WordOrders};
use crate::plan::{Plan, DEFAULT_PLAN_REQUESTS};
use crate::quantity::QuantitySet;
use crate::snapshot::Snapshot;

/// One request of a read, as sent: enough to say which registers and values it covered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct RequestInfo {
    /// Function code.
    pub function: ReadFunction,
    /// First register (documented, 1-based).
    pub first: RegisterNumber,
    /// Registers read.
    pub count: u16,
    /// The quantities the request was to decode.
    pub quantities: QuantitySet,
}

impl RequestInfo {
    /// The first wire address (0-based), as in the frame.
    pub const fn start(&self) -> WireAddress {
        self.first.wire()
    }

    /// The last register read (documented, 1-based).
    pub const fn last(&self) -> u16 {
        // first + count − 1 ≤ 65535: requests are validated before they are sent.
        self.first
            .get()
            .saturating_add(self.count.saturating_sub(1))
    }
}

impl fmt::Display for RequestInfo {
    /// `FC03 registers 3000–3005 (6 registers: voltage_ab, voltage_bc)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "FC{:02} registers {}-{} ({} register{}",
            self.function.code(),
            self.first.get(),
            self.last(),
            self.count,
            if self.count == 1 { "" } else { "s" }
        )?;
        for (shown, q) in self.quantities.iter().enumerate() {
            if shown == 4 {
                write!(f, ", … {} more", self.quantities.len() - shown)?;
                break;
            }
            let sep = if shown == 0 { ": " } else { ", " };
            write!(f, "{sep}{}", q.name())?;
        }
        f.write_str(")")
    }
}

/// An error of a read, with the request that failed (`None` when the read failed before any
/// request: a plan for another model, or a plan that could not be made).
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ReadError<E: Debug> {
    /// The request that failed.
    pub request: Option<RequestInfo>,
    /// What went wrong.
    pub error: Error<E>,
}

impl<E: Debug> ReadError<E> {
    /// The error of `request`.
    pub const fn new(request: RequestInfo, error: Error<E>) -> Self {
        ReadError {
            request: Some(request),
            error,
        }
    }

    /// A timeout or bus error: nothing (complete) came back.
    pub fn is_link(&self) -> bool {
        self.error.is_link()
    }
}

impl<E: Debug> fmt::Display for ReadError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.request {
            Some(r) => write!(f, "{r}: {}", self.error),
            None => write!(f, "{}", self.error),
        }
    }
}

impl<E: Debug> core::error::Error for ReadError<E> {}

impl<E: Debug> From<Error<E>> for ReadError<E> {
    fn from(error: Error<E>) -> Self {
        ReadError {
            request: None,
            error,
        }
    }
}

impl<E: Debug> From<ReadError<E>> for Error<E> {
    /// Drops the request context.
    fn from(e: ReadError<E>) -> Self {
        e.error
    }
}

impl<E: Debug> From<crate::plan::PlanError> for ReadError<E> {
    fn from(e: crate::plan::PlanError) -> Self {
        Error::Plan(e).into()
    }
}

/// A range of registers the meter refused to read even as the smallest piece of its plan (one
/// value, or one whole block).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Refusal {
    /// The registers refused; pass these to [`crate::Plan::excluding`].
    pub range: RegisterRange,
    /// The quantities that live there.
    pub quantities: QuantitySet,
    /// The meter's exception.
    pub code: ExceptionCode,
}

/// Failures kept with their requests in a [`PartialRead`]; more are counted.
pub const MAX_FAILURES: usize = 8;
/// Refusals kept in a [`PartialRead`]; more are counted (their quantities are all listed).
pub const MAX_REFUSALS: usize = 16;

/// The outcome of [`crate::Meter::read_partial`]: what was read, what failed and why.
#[derive(Clone, Debug)]
pub struct PartialRead<E: Debug> {
    /// The values read.
    pub snapshot: Snapshot,
    /// Requests that failed (other than refusals), with their errors, in the order sent (in
    /// the order they ended, for a [`PipelinedRead`]).
    pub failures: heapless::Vec<ReadError<E>, MAX_FAILURES>,
    /// Failures beyond [`MAX_FAILURES`], counted only.
    pub more_failures: u16,
    /// Ranges the meter refused (exception 02/03 on the smallest piece), in address order (in
    /// the order found, for a [`PipelinedRead`]).
    pub refused: heapless::Vec<Refusal, MAX_REFUSALS>,
    /// Refusals beyond [`MAX_REFUSALS`], counted only.
    pub more_refusals: u16,
    /// Every quantity in a refused range (also those beyond [`MAX_REFUSALS`]).
    pub refused_quantities: QuantitySet,
    /// Quantities whose requests failed.
    pub failed_quantities: QuantitySet,
    /// Quantities not asked for because a link failure (timeout, bus error) ended the read.
    pub skipped: QuantitySet,
    /// Requests sent (pieces of split requests included).
    pub requests_sent: u16,
}

impl<E: Debug> PartialRead<E> {
    /// Whether every planned request succeeded.
    pub fn is_complete(&self) -> bool {
        self.failures.is_empty()
            && self.failed_quantities.is_empty()
            && self.more_failures == 0
            && self.refused.is_empty()
            && self.more_refusals == 0
            && self.skipped.is_empty()
    }

    /// Whether the read ended early on a timeout or bus error.
    pub fn link_failed(&self) -> bool {
        self.failures.iter().any(|f| f.is_link())
    }

    /// The refused ranges, for [`crate::Plan::excluding`].
    pub fn refused_ranges(&self) -> impl Iterator<Item = RegisterRange> + '_ {
        self.refused.iter().map(|r| r.range)
    }

    /// Quantities of the plan without a value: failed, refused or skipped.
    pub fn missing(&self) -> QuantitySet {
        self.failed_quantities
            .union(&self.refused_quantities)
            .union(&self.skipped)
    }
}

/// The request to send next, as handed out by a [`ReadSession`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NextRequest {
    pub function: ReadFunction,
    pub start: WireAddress,
    pub count: u16,
}

/// Requests of one [`PipelinedRead`] under way at once, at most.
pub const MAX_IN_FLIGHT: usize = 16;

/// Pieces waiting to be sent: (first field, last field) of a split request. Every request under
/// way may be refused at once and leave two halves; from then on pieces go one at a time, and
/// halving adds at most one sibling per level.
const MAX_PIECES: usize = 2 * MAX_IN_FLIGHT + 16;

/// A piece of a request in flight: which fields of the plan it reads, and from where.
#[derive(Clone, Copy, Debug)]
struct Piece {
    first_field: usize,
    last_field: usize,
    first: u16,
    last: u16,
}

/// Executes a plan, sans-IO: `next_request`, then `complete` with the transport's result,
/// until `next_request` says `None`; then `finish`. One request at a time through
/// `next_request`/`complete`; several through `issue`/`complete_slot` ([`PipelinedRead`]).
pub(crate) struct ReadSession<P, E: Debug, const R: usize>
where
    P: Deref<Target = Plan<R>>,
{
    plan: P,
    orders: WordOrders,
    strict: bool,
    next_planned: usize,
    pending: heapless::Vec<(usize, usize), MAX_PIECES>,
    /// Pieces sent and not completed, by slot.
    open: [Option<Piece>; MAX_IN_FLIGHT],
    /// The slot `next_request` handed out last (what `complete` completes).
    last: Option<usize>,
    out: PartialRead<E>,
    /// A failure ended the read (a link failure, or any failure of a strict read).
    stopped: bool,
}

impl<P, E: Debug, const R: usize> ReadSession<P, E, R>
where
    P: Deref<Target = Plan<R>>,
{
    /// A session over `plan`. A `strict` session stops at the first failure and never splits.
    pub fn new(plan: P, orders: WordOrders, strict: bool) -> Self {
        let model = plan.model();
        ReadSession {
            plan,
            orders,
            strict,
            next_planned: 0,
            pending: heapless::Vec::new(),
            open: [None; MAX_IN_FLIGHT],
            last: None,
            out: PartialRead {
                snapshot: Snapshot::new(model),
                failures: heapless::Vec::new(),
                more_failures: 0,
                refused: heapless::Vec::new(),
                more_refusals: 0,
                refused_quantities: QuantitySet::EMPTY,
                failed_quantities: QuantitySet::EMPTY,
                skipped: QuantitySet::EMPTY,
                requests_sent: 0,
            },
            stopped: false,
        }
    }

    fn piece(&self, first_field: usize, last_field: usize) -> Piece {
        let mut first = u16::MAX;
        let mut last = 0;
        for f in first_field..=last_field {
            let (a, b) = self.plan.field_extent(f);
            first = first.min(a);
            last = last.max(b);
        }
        Piece {
            first_field,
            last_field,
            first,
            last,
        }
    }

    /// The next request to send, or `None` when the read is over.
    pub fn next_request(&mut self) -> Option<NextRequest> {
        let (slot, request) = self.issue()?;
        self.last = Some(slot);
        Some(request)
    }

    /// Whether nothing is left to send: every planned request and split piece has gone out,
    /// or a failure ended the read.
    fn exhausted(&self) -> bool {
        self.stopped || (self.pending.is_empty() && self.next_planned >= self.plan.requests().len())
    }

    /// Pieces sent and not completed.
    fn open_count(&self) -> usize {
        self.open.iter().filter(|p| p.is_some()).count()
    }

    /// The next request to send and the slot it is open in, or `None` when nothing is left to
    /// send or every slot is open.
    fn issue(&mut self) -> Option<(usize, NextRequest)> {
        if self.exhausted() {
            return None;
        }
        // Pieces of refused requests go one at a time, as in the one-at-a-time read, so that
        // their halves cannot outgrow the stack.
        if !self.pending.is_empty() && self.open_count() > 0 {
            return None;
        }
        let slot = self.open.iter().position(Option::is_none)?;
        let piece = if let Some((a, b)) = self.pending.pop() {
            self.piece(a, b)
        } else {
            let i = self.next_planned;
            let req = *self.plan.requests().get(i)?;
            self.next_planned += 1;
            let fields = self.plan.request_fields(i);
            let first = req.start.get().saturating_add(1);
            Piece {
                first_field: fields.start,
                last_field: fields.end.saturating_sub(1),
                first,
                last: first.saturating_add(req.count.saturating_sub(1)),
            }
        };
        self.open[slot] = Some(piece);
        self.out.requests_sent = self.out.requests_sent.saturating_add(1);
        Some((
            slot,
            NextRequest {
                function: self.plan.model().map().read_function,
                start: WireAddress::new(piece.first.saturating_sub(1)),
                count: piece.last - piece.first + 1,
            },
        ))
    }

    fn info(&self, p: &Piece) -> RequestInfo {
        RequestInfo {
            function: self.plan.model().map().read_function,
            first: RegisterNumber::from_table(p.first),
            count: p.last - p.first + 1,
            quantities: self.quantities(p),
        }
    }

    fn quantities(&self, p: &Piece) -> QuantitySet {
        Self::piece_quantities(&self.plan, p)
    }

    fn piece_quantities(plan: &Plan<R>, p: &Piece) -> QuantitySet {
        if p.first_field > p.last_field {
            return QuantitySet::EMPTY;
        }
        plan.fields_quantities(p.first_field..p.last_field + 1)
    }

    /// Where a refused piece may be split: the field after which no later field shares a
    /// register with an earlier one, nearest the middle.
    fn split_point(&self, p: &Piece) -> Option<usize> {
        if p.first_field >= p.last_field {
            return None;
        }
        let mid = (p.first_field + p.last_field) / 2;
        let mut best: Option<usize> = None;
        let mut reach = 0u16;
        for k in p.first_field..p.last_field {
            reach = reach.max(self.plan.field_extent(k).1);
            let next_start = self.plan.field_extent(k + 1).0;
            if next_start > reach {
                // Fields first..=k and k+1..=last can be read apart.
                let better = match best {
                    None => true,
                    Some(b) => k.abs_diff(mid) < b.abs_diff(mid),
                };
                if better {
                    best = Some(k);
                }
            }
        }
        best
    }

    fn fail(&mut self, p: &Piece, error: Error<E>) {
        let q = self.quantities(p);
        self.out.failed_quantities = self.out.failed_quantities.union(&q);
        let e = ReadError::new(self.info(p), error);
        if self.strict || e.is_link() {
            self.stopped = true;
        }
        if self.out.failures.push(e).is_err() {
            self.out.more_failures = self.out.more_failures.saturating_add(1);
        }
    }

    /// Takes the transport's result for the request last handed out: `Ok(words)` with exactly
    /// the words asked for, or the error.
    pub fn complete(&mut self, result: Result<&[u16], Error<E>>) {
        if let Some(slot) = self.last.take() {
            self.complete_slot(slot, result);
        }
    }

    /// Takes the transport's result for the request open in `slot` (ignored when none is).
    /// A refused piece's halves are sent after it, in address order; a piece whose words
    /// are not the count asked for fails as a damaged reply.
    fn complete_slot(&mut self, slot: usize, result: Result<&[u16], Error<E>>) {
        let Some(p) = self.open.get_mut(slot).and_then(Option::take) else {
            return;
        };
        let asked = usize::from(p.last - p.first + 1);
        let result = match result {
            Ok(words) if words.len() != asked => Err(Error::Frame(FrameError::Length {
                expected: 2 * asked + 5,
                received: 2 * words.len() + 5,
            })),
            other => other,
        };
        match result {
            Ok(words) => {
                self.plan.decode_fields(
                    p.first_field..p.last_field + 1,
                    p.first,
                    words,
                    self.orders,
                    &mut self.out.snapshot,
                );
            }
            Err(Error::Exception(
                code @ (ExceptionCode::IllegalDataAddress | ExceptionCode::IllegalDataValue),
            )) if !self.strict => match self.split_point(&p) {
                // Address order: the lower half is popped first. Halving keeps the stack
                // at one sibling per level, far below its capacity.
                Some(k) if self.pending.capacity() - self.pending.len() >= 2 => {
                    let _ = self.pending.push((k + 1, p.last_field));
                    let _ = self.pending.push((p.first_field, k));
                }
                Some(_) => self.fail(&p, Error::Exception(code)),
                None => self.refuse(&p, code),
            },
            Err(e) => self.fail(&p, e),
        }
    }

    fn refuse(&mut self, p: &Piece, code: ExceptionCode) {
        let q = self.quantities(p);
        self.out.refused_quantities = self.out.refused_quantities.union(&q);
        let refusal = Refusal {
            range: RegisterRange {
                first: RegisterNumber::from_table(p.first),
                last: RegisterNumber::from_table(p.last),
                reason: "refused by the meter",
            },
            quantities: q,
            code,
        };
        if self.out.refused.push(refusal).is_err() {
            self.out.more_refusals = self.out.more_refusals.saturating_add(1);
        }
    }

    /// The strict outcome: the snapshot, or the first failure with its request.
    pub fn finish_strict(self) -> Result<Snapshot, ReadError<E>> {
        let mut out = self.out;
        match out.failures.first() {
            Some(_) => Err(out.failures.swap_remove(0)),
            None => Ok(out.snapshot),
        }
    }

    /// The partial outcome.
    pub fn finish(mut self) -> PartialRead<E> {
        self.settle();
        self.out
    }

    /// Ends the read where it stands: requests never completed (their caller gave up on
    /// them) count as failed, and what a failure left unasked as skipped. Calling it again
    /// changes nothing.
    pub fn settle(&mut self) {
        let abandoned = self
            .open
            .iter_mut()
            .filter_map(Option::take)
            .fold(QuantitySet::EMPTY, |q, p| {
                q.union(&Self::piece_quantities(&self.plan, &p))
            });
        self.out.failed_quantities = self.out.failed_quantities.union(&abandoned);
        if self.stopped {
            // What the failure left unasked.
            let mut skipped = QuantitySet::EMPTY;
            while let Some((a, b)) = self.pending.pop() {
                skipped = skipped.union(&self.plan.fields_quantities(a..b + 1));
            }
            for i in self.next_planned..self.plan.requests().len() {
                skipped = skipped.union(&self.plan.fields_quantities(self.plan.request_fields(i)));
            }
            self.next_planned = self.plan.requests().len();
            self.out.skipped = self
                .out
                .skipped
                .union(&skipped)
                .difference(&self.out.failed_quantities);
        }
    }

    /// The outcome so far (complete once [`settle`](Self::settle)d).
    pub fn out(&self) -> &PartialRead<E> {
        &self.out
    }
}

/// Names one request of a [`PipelinedRead`] under way; hand it back with the request's
/// result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct RequestToken(u8);

impl RequestToken {
    /// A small number, unique among the requests of one read under way at once (below
    /// [`MAX_IN_FLIGHT`]).
    pub const fn index(self) -> usize {
        self.0 as usize
    }
}

/// A request handed out by a [`PipelinedRead`]: what to send, and its token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct PipelinedRequest {
    /// Hand this back to [`PipelinedRead::complete`] with the result.
    pub token: RequestToken,
    /// Function code.
    pub function: ReadFunction,
    /// First wire address.
    pub start: WireAddress,
    /// Registers to read.
    pub count: u16,
}

/// A partial read ([`crate::Meter::read_partial`]'s rules) with up to `window` requests under
/// way at once, sans-IO: for transports that carry several requests to one meter together and
/// match the replies to them (Modbus TCP's transaction id), so that a read costs one round
/// trip instead of one per request.
///
/// The caller sends every request [`next_request`](Self::next_request) hands out, then
/// [`complete`](Self::complete)s them in whatever order their replies come, until nothing is
/// in flight and nothing more is handed out; then [`finish`](Self::finish):
///
/// ```
/// use schneider_em::{Error, LinkParams, Model, PipelinedRead, Plan, Preset};
/// let plan: Plan = Plan::preset(Model::Em6400Ng, Preset::Dashboard, &LinkParams::new(19200))?;
/// let orders = Model::Em6400Ng.map().word_order;
/// let mut read = PipelinedRead::<(), _>::new(&plan, orders, 8);
/// let mut sent = Vec::new();
/// loop {
///     while let Some(request) = read.next_request() {
///         sent.push(request); // a real caller writes the request here
///     }
///     // ...and completes each as its reply comes; here every meter is silent.
///     let Some(request) = sent.pop() else { break };
///     read.complete(request.token, Err(Error::Timeout));
/// }
/// let outcome = read.finish();
/// assert!(outcome.link_failed() && outcome.snapshot.iter().next().is_none());
/// # Ok::<(), schneider_em::PlanError>(())
/// ```
///
/// Outcomes are those of the one-at-a-time read, with the differences that concurrency
/// makes: failures and refusals are listed in the order they were completed, and a timeout or
/// bus error stops only what has not been sent yet (the requests already under way still
/// count). Once a request is refused, its pieces (and the requests after them) go out one at
/// a time. A
/// caller that does not know whether the meter answers should begin with a window of 1 and
/// widen it ([`set_window`](Self::set_window)) once a reply came, so that a dead meter costs
/// one timeout, not one per request.
pub struct PipelinedRead<E: Debug, P, const R: usize = DEFAULT_PLAN_REQUESTS>
where
    P: Deref<Target = Plan<R>>,
{
    session: ReadSession<P, E, R>,
    window: usize,
}

impl<E: Debug, P, const R: usize> PipelinedRead<E, P, R>
where
    P: Deref<Target = Plan<R>>,
{
    /// A read of `plan` (a `&Plan`, or an owner of one such as an `Arc<Plan>`, for a read
    /// that must not borrow) decoded with `orders`, with at most `window` requests under way
    /// (1 to [`MAX_IN_FLIGHT`]; values outside are clamped).
    pub fn new(plan: P, orders: WordOrders, window: usize) -> Self {
        PipelinedRead {
            session: ReadSession::new(plan, orders, false),
            window: window.clamp(1, MAX_IN_FLIGHT),
        }
    }

    /// Changes how many requests may be under way at once (clamped to 1..=[`MAX_IN_FLIGHT`]);
    /// requests already under way are not affected.
    pub fn set_window(&mut self, window: usize) {
        self.window = window.clamp(1, MAX_IN_FLIGHT);
    }

    /// The next request to send now, or `None` when the window is full or nothing is left to
    /// send (the read is over once [`in_flight`](Self::in_flight) is 0 too).
    pub fn next_request(&mut self) -> Option<PipelinedRequest> {
        if self.in_flight() >= self.window {
            return None;
        }
        let (slot, r) = self.session.issue()?;
        Some(PipelinedRequest {
            // `slot` < MAX_IN_FLIGHT = 16.
            token: RequestToken(slot as u8),
            function: r.function,
            start: r.start,
            count: r.count,
        })
    }

    /// Takes the result of the request `token` names: `Ok(words)` with the words of the
    /// reply (a count other than the one asked for fails the request as a damaged reply), or
    /// the error. A token that is not under way is ignored.
    pub fn complete(&mut self, token: RequestToken, result: Result<&[u16], Error<E>>) {
        self.session.complete_slot(token.index(), result);
    }

    /// Requests sent and not completed.
    pub fn in_flight(&self) -> usize {
        self.session.open_count()
    }

    /// Whether the read is over: nothing under way and nothing left to send.
    pub fn is_done(&self) -> bool {
        self.in_flight() == 0 && self.session.exhausted()
    }

    /// The outcome. Requests still under way count as failed.
    pub fn finish(self) -> PartialRead<E> {
        self.session.finish()
    }

    /// The outcome in place, for a read that is over or given up: what
    /// [`finish`](Self::finish) would return, without moving it (a few kB) out of the read.
    /// Requests still under way count as failed. Asking again gives the same outcome.
    pub fn outcome(&mut self) -> &PartialRead<E> {
        self.session.settle();
        self.session.out()
    }
}
