//! Consumption from energy-counter readings: one [`CounterTracker`] per (meter, counter) turns
//! successive readings into [`Delta`]s (energy per interval) and [`Event`]s (confirmed resets,
//! meter replacements, rejected glitches, flagged mismatches).
//!
//! Pure logic: no I/O, no clock, no storage. It must never guess: an interval whose
//! consumption cannot be known is left out, or estimated from integrated power and marked
//! [`Quality::Estimated`]; it is never filled with a spike or a negative value.
//!
//! The rules, each traced to a failure of another system (see the project's collector notes):
//!
//! * **A drop is a reset only once a later, higher reading confirms it.** One bad read (a `0`,
//!   a sentinel, a reboot) is held, not taken as the new baseline; if the next reading is back
//!   on the old series the drop is rejected as a glitch (evcc's 53.7 MWh slot, HA's spikes).
//! * **An absurd rise is held the same way**: above the meter's power cap, or far above the
//!   integrated power of the interval. Contradicted by the next reading, it is a glitch; if the
//!   counter stays up, the jump is booked as a [`Quality::Suspect`] delta, not as consumption.
//! * **A changed serial number is a replacement**: the two meters' counters are never
//!   subtracted from each other.
//! * **Missed polls** make one delta that spans the gap ([`Quality::SpansGap`]); the store
//!   spreads it over the slots it covers.
//! * **Float counters lose precision as they grow** (a float32 Wh counter at 1 GWh moves in
//!   64 Wh steps): a reading is only as exact as the counter's resolution at that magnitude,
//!   so a delta is emitted once the counter has moved several resolution steps (or after a
//!   bounded hold), dips within the resolution are noise, and tolerances include it.
//! * **Each delta is checked against the integrated active power** of the same interval when
//!   the collector provides it; a disagreement beyond the tolerance is flagged and the delta
//!   marked [`Quality::Suspect`].
//! * Never a negative delta: accepted readings are made monotonic.
//!
//! Rejected readings lose no energy: the next accepted reading's delta spans them.
//!
//! Units: the fields say Wh and W; for reactive and apparent counters read varh/var and
//! VAh/VA. Only monotonic counters belong here (see [`is_monotonic`]); net counters are not.

use std::time::Duration;

use schneider_em::{DataType, Model, Quantity, QuantityKind};

use crate::config::MeterConfig;

/// One reading of an energy counter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    /// When the counter was read, ms since the Unix epoch (UTC).
    pub time_ms: i64,
    /// The counter's value in its normalised unit (Wh, varh or VAh).
    pub value_wh: f64,
    /// The meter's serial number, when known (a change means the meter was replaced).
    pub meter_serial: Option<u32>,
    /// The average rate at which this counter should have advanced since the previous sample,
    /// from the collector's power readings (W, var or VA; for a delivered counter the import
    /// part of active power). Negative values count as 0. `None` when unknown.
    pub avg_power_w: Option<f64>,
}

impl Sample {
    /// A reading with no serial number and no power information.
    pub const fn new(time_ms: i64, value_wh: f64) -> Self {
        Sample {
            time_ms,
            value_wh,
            meter_serial: None,
            avg_power_w: None,
        }
    }

    /// Returns a copy with the meter's serial number.
    pub const fn with_serial(mut self, serial: u32) -> Self {
        self.meter_serial = Some(serial);
        self
    }

    /// Returns a copy with the average power over the interval since the previous sample.
    pub const fn with_avg_power_w(mut self, watts: f64) -> Self {
        self.avg_power_w = Some(watts);
        self
    }
}

/// How a counter register encodes its value, which sets its resolution.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Encoding {
    /// An integer register: one count is `step_wh` (1 for the EM6400NG's INT64 Wh counters).
    Integer {
        /// Normalised units per count.
        step_wh: f64,
    },
    /// A float32 register (the legacy EM6400 counters): resolution is one unit in the last
    /// place of the float at the counter's magnitude, times `wh_per_unit`.
    Float32 {
        /// Normalised units per unit of the register (1000 for a kWh register).
        wh_per_unit: f64,
    },
}

impl Encoding {
    /// The smallest step the counter can show at `value_wh` (normalised units).
    ///
    /// For float32 this is the float's ULP at that magnitude: e.g. a Wh counter at 1e9 Wh
    /// moves in 64 Wh steps.
    pub fn resolution_wh(self, value_wh: f64) -> f64 {
        match self {
            Encoding::Integer { step_wh } => step_wh.abs(),
            Encoding::Float32 { wh_per_unit } => {
                let scale = wh_per_unit.abs();
                if scale == 0.0 || !value_wh.is_finite() {
                    return 0.0;
                }
                let native = (value_wh / scale).abs() as f32;
                let exponent = ((native.to_bits() >> 23) & 0xff) as i32;
                // Subnormals (and zero) share the smallest spacing, 2^-149.
                let ulp = if exponent == 0 {
                    2f64.powi(-149)
                } else {
                    2f64.powi(exponent - 127 - 23)
                };
                ulp * scale
            }
        }
    }

    /// The encoding of `model`'s source register for `quantity`, if the model has one.
    pub fn of(model: Model, quantity: Quantity) -> Option<Encoding> {
        let reg = model
            .map()
            .registers
            .iter()
            .find(|r| r.quantity == Some(quantity))?;
        Some(match reg.data_type {
            DataType::F32 => Encoding::Float32 {
                wh_per_unit: reg.factor,
            },
            _ => Encoding::Integer {
                step_wh: reg.factor,
            },
        })
    }
}

/// Whether `quantity` is an energy counter that only ever rises (between resets), so a
/// [`CounterTracker`] applies. Net counters (delivered − received) may fall and are not.
pub fn is_monotonic(quantity: Quantity) -> bool {
    quantity.kind() == QuantityKind::Energy
        && !matches!(
            quantity,
            Quantity::ActiveEnergyNet | Quantity::ReactiveEnergyNet | Quantity::ApparentEnergyNet
        )
}

/// How far a delta may stray from the integrated power before it is flagged.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tolerance {
    /// Relative part, of the integrated energy (0.05 = 5 %).
    pub relative: f64,
    /// Absolute floor, Wh (covers power sampled only every few seconds).
    pub absolute_wh: f64,
    /// Floor in counter resolution steps (covers the rounding of both readings).
    pub resolution_steps: f64,
}

impl Default for Tolerance {
    fn default() -> Self {
        Tolerance {
            relative: 0.05,
            absolute_wh: 5.0,
            resolution_steps: 2.0,
        }
    }
}

impl Tolerance {
    /// The allowed |delta − expected| for an `expected_wh` interval of a counter whose
    /// resolution there is `resolution_wh`: `max(relative·expected, steps·resolution,
    /// absolute)`.
    pub fn allowed_wh(&self, expected_wh: f64, resolution_wh: f64) -> f64 {
        (self.relative * expected_wh.abs())
            .max(self.resolution_steps * resolution_wh)
            .max(self.absolute_wh)
    }

    /// The floor alone (what `allowed_wh` gives for no expected energy).
    pub fn floor_wh(&self, resolution_wh: f64) -> f64 {
        self.allowed_wh(0.0, resolution_wh)
    }
}

/// Settings of one [`CounterTracker`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrackerConfig {
    /// How the counter is encoded (sets its resolution).
    pub encoding: Encoding,
    /// The highest power the metered circuit can draw, W (the plausibility cap); `None` when
    /// not configured.
    pub max_power_w: Option<f64>,
    /// Tolerance of the power cross-check.
    pub tolerance: Tolerance,
    /// A rise is absurd (held for confirmation) when it exceeds this multiple of the
    /// integrated power plus the tolerance floor.
    pub glitch_factor: f64,
    /// Emit a delta once the counter has moved this many resolution steps since the last
    /// one, so the rounding of two readings is a small part of each delta.
    pub emit_steps: f64,
    /// Emit a delta at the latest after this long, even if the counter barely moved, ms.
    pub max_hold_ms: i64,
    /// Accepted readings further apart than this make a [`Quality::SpansGap`] delta, ms;
    /// `None` = never.
    pub gap_ms: Option<i64>,
}

impl TrackerConfig {
    /// Defaults for a counter of this encoding: no power cap, 5 % tolerance, glitch factor 3,
    /// 10 resolution steps per delta, at most 15 min held, no gap threshold.
    pub fn new(encoding: Encoding) -> Self {
        TrackerConfig {
            encoding,
            max_power_w: None,
            tolerance: Tolerance::default(),
            glitch_factor: 3.0,
            emit_steps: 10.0,
            max_hold_ms: 15 * 60 * 1000,
            gap_ms: None,
        }
    }

    /// Settings for `quantity` on a configured meter: the encoding of its model's register,
    /// the meter's rating (`max_kva`) as the cap, and a gap threshold of 2.5 times the
    /// interval the counter is polled at (if given). `None` when the model has no such
    /// counter or it is not monotonic.
    pub fn for_meter(
        meter: &MeterConfig,
        quantity: Quantity,
        poll_interval: Option<Duration>,
    ) -> Option<Self> {
        if !is_monotonic(quantity) {
            return None;
        }
        let mut config = TrackerConfig::new(Encoding::of(meter.model, quantity)?);
        config.max_power_w = meter.max_power_va;
        config.gap_ms = poll_interval.map(|d| (d.as_millis() as i64).saturating_mul(5) / 2);
        Some(config)
    }

    /// Returns a copy with a power cap.
    pub fn with_max_power_w(mut self, watts: f64) -> Self {
        self.max_power_w = Some(watts);
        self
    }

    /// Returns a copy with a gap threshold (typically 2.5 poll intervals).
    pub fn with_gap_ms(mut self, ms: i64) -> Self {
        self.gap_ms = Some(ms);
        self
    }
}

/// How much a delta can be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Quality {
    /// The counter's difference between two accepted readings, consistent with the power
    /// cross-check where there was one.
    Measured,
    /// As `Measured`, but the readings are further apart than the gap threshold: how the
    /// energy spreads over the interval is not known.
    SpansGap,
    /// No counter difference exists (reset or replacement inside the interval); the energy is
    /// integrated active power.
    Estimated,
    /// Disagrees with the integrated power or exceeds the power cap: kept for review, not
    /// consumption.
    Suspect,
}

impl Quality {
    /// Whether the delta counts as consumption (everything but [`Quality::Suspect`]).
    pub const fn is_consumption(self) -> bool {
        !matches!(self, Quality::Suspect)
    }
}

/// Energy over one interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Delta {
    /// Start of the interval (the earlier reading), ms UTC.
    pub from_ms: i64,
    /// End of the interval (the later reading), ms UTC.
    pub to_ms: i64,
    /// Energy in the interval, ≥ 0 (Wh, varh or VAh).
    pub wh: f64,
    /// Counter value at `from_ms`.
    pub counter_first: f64,
    /// Counter value at `to_ms` (for [`Quality::Estimated`] deltas, possibly another meter's
    /// or a cleared counter's).
    pub counter_last: f64,
    /// How much to trust it.
    pub quality: Quality,
}

/// Why a reading was not used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Glitch {
    /// Below the previous reading, and the next reading did not confirm a reset.
    Drop,
    /// An absurd rise that the next reading contradicted.
    Jump,
    /// NaN or infinite.
    NotFinite,
    /// Negative (a counter is never negative).
    Negative,
    /// Not later than a reading already seen.
    OutOfOrder,
}

/// Why a delta was flagged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mismatch {
    /// Disagrees with the integrated power by more than the tolerance.
    Power,
    /// Above what the meter's power cap allows over the interval.
    AboveCap,
}

/// Something the operator (and the store's event log) should know.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Event {
    /// The counter was cleared: a lower reading, confirmed by a later higher one.
    ResetConfirmed {
        /// Time of the first low reading, ms.
        at_ms: i64,
        /// Last reading before the reset.
        before_wh: f64,
        /// First reading after it.
        after_wh: f64,
    },
    /// The meter's serial number changed.
    Replacement {
        /// Time of the first reading of the new meter, ms.
        at_ms: i64,
        /// The old serial number.
        old_serial: u32,
        /// The new serial number.
        new_serial: u32,
        /// The old meter's last accepted reading.
        old_wh: f64,
        /// The new meter's first reading.
        new_wh: f64,
    },
    /// A reading was not used.
    GlitchRejected {
        /// Time of the reading, ms.
        at_ms: i64,
        /// Its value.
        value_wh: f64,
        /// Why.
        reason: Glitch,
    },
    /// A delta disagreed with the power readings or the cap: emitted as [`Quality::Suspect`].
    MismatchFlagged {
        /// Start of the interval, ms.
        from_ms: i64,
        /// End of the interval, ms.
        to_ms: i64,
        /// The counter's difference.
        wh: f64,
        /// What the integrated power says, if known.
        expected_wh: Option<f64>,
        /// Which check failed.
        reason: Mismatch,
    },
}

/// What one [`CounterTracker::push`] produced.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Update {
    /// Deltas, in time order, not overlapping.
    pub deltas: Vec<Delta>,
    /// Events, in the order they were recognised.
    pub events: Vec<Event>,
}

/// Energy of `watts` held for `ms` milliseconds, in Wh (multiplied before dividing, so whole
/// numbers stay exact: 3000 W for 60 000 ms is exactly 50 Wh).
fn wh_over(watts: f64, ms: i64) -> f64 {
    watts * ms as f64 / 3_600_000.0
}

/// Integrated power: a running total of Wh, restarted (new epoch) whenever an interval has no
/// power information. The energy between two points is known only within one epoch.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Odometer {
    epoch: u64,
    wh: f64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Point {
    t: i64,
    v: f64,
    odo: Odometer,
}

impl Point {
    fn integral_to(&self, later: &Point) -> Option<f64> {
        (self.odo.epoch == later.odo.epoch).then(|| (later.odo.wh - self.odo.wh).max(0.0))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Held {
    Drop,
    Jump,
}

#[derive(Clone, Copy, Debug)]
struct State {
    /// Start of the next delta.
    anchor: Point,
    /// The last accepted reading (value monotonic).
    last: Point,
    /// A reading awaiting confirmation.
    pending: Option<(Point, Held)>,
    /// Longest time between accepted readings since `anchor`, ms.
    max_step_ms: i64,
    serial: Option<u32>,
}

/// Turns one counter's readings into deltas and events. See the module documentation.
#[derive(Clone, Debug)]
pub struct CounterTracker {
    config: TrackerConfig,
    state: Option<State>,
    latest_ms: Option<i64>,
    odo: Odometer,
}

impl CounterTracker {
    /// A tracker with no readings yet.
    pub fn new(config: TrackerConfig) -> Self {
        CounterTracker {
            config,
            state: None,
            latest_ms: None,
            odo: Odometer { epoch: 0, wh: 0.0 },
        }
    }

    /// A tracker that continues from a reading accepted before (e.g. the last one the store
    /// holds, after a restart): the first new reading then makes a delta spanning the
    /// downtime, checked like any other, instead of starting afresh and losing it.
    pub fn resume(config: TrackerConfig, last: Sample) -> Self {
        let mut t = CounterTracker::new(config);
        let p = Point {
            t: last.time_ms,
            v: last.value_wh,
            odo: t.odo,
        };
        t.state = Some(State {
            anchor: p,
            last: p,
            pending: None,
            max_step_ms: 0,
            serial: last.meter_serial,
        });
        t.latest_ms = Some(last.time_ms);
        t
    }

    /// The settings.
    pub fn config(&self) -> &TrackerConfig {
        &self.config
    }

    /// The last accepted reading: (time ms, value).
    pub fn last_accepted(&self) -> Option<(i64, f64)> {
        self.state.map(|s| (s.last.t, s.last.v))
    }

    /// Whether a reading is held awaiting confirmation (a possible reset or jump).
    pub fn has_pending(&self) -> bool {
        self.state.is_some_and(|s| s.pending.is_some())
    }

    /// Takes one reading.
    pub fn push(&mut self, sample: Sample) -> Update {
        let mut out = Update::default();
        if let Some(latest) = self.latest_ms {
            if sample.time_ms <= latest {
                out.events.push(Event::GlitchRejected {
                    at_ms: sample.time_ms,
                    value_wh: sample.value_wh,
                    reason: Glitch::OutOfOrder,
                });
                return out;
            }
            let power = sample.avg_power_w.filter(|p| p.is_finite());
            match power {
                Some(p) => self.odo.wh += wh_over(p.max(0.0), sample.time_ms - latest),
                None => {
                    self.odo = Odometer {
                        epoch: self.odo.epoch + 1,
                        wh: 0.0,
                    };
                }
            }
        }
        self.latest_ms = Some(sample.time_ms);

        let v = sample.value_wh;
        if !v.is_finite() || v < 0.0 {
            out.events.push(Event::GlitchRejected {
                at_ms: sample.time_ms,
                value_wh: v,
                reason: if v.is_finite() {
                    Glitch::Negative
                } else {
                    Glitch::NotFinite
                },
            });
            return out;
        }
        let cur = Point {
            t: sample.time_ms,
            v,
            odo: self.odo,
        };

        let Some(mut st) = self.state else {
            self.state = Some(State {
                anchor: cur,
                last: cur,
                pending: None,
                max_step_ms: 0,
                serial: sample.meter_serial,
            });
            return out;
        };

        match (st.serial, sample.meter_serial) {
            (Some(old), Some(new)) if old != new => {
                self.flush_state(&mut st, &mut out);
                if let Some(wh) = st.last.integral_to(&cur) {
                    out.deltas.push(Delta {
                        from_ms: st.last.t,
                        to_ms: cur.t,
                        wh,
                        counter_first: st.last.v,
                        counter_last: cur.v,
                        quality: Quality::Estimated,
                    });
                }
                out.events.push(Event::Replacement {
                    at_ms: cur.t,
                    old_serial: old,
                    new_serial: new,
                    old_wh: st.last.v,
                    new_wh: cur.v,
                });
                self.state = Some(State {
                    anchor: cur,
                    last: cur,
                    pending: None,
                    max_step_ms: 0,
                    serial: Some(new),
                });
                return out;
            }
            (None, Some(new)) => st.serial = Some(new),
            _ => {}
        }

        self.step(&mut st, cur, &mut out);
        self.state = Some(st);
        out
    }

    /// Emits the delta held back for resolution (if the counter has a reading later than the
    /// last delta), e.g. before shutting down. A reading awaiting confirmation stays held.
    pub fn flush(&mut self) -> Update {
        let mut out = Update::default();
        if let Some(mut st) = self.state {
            self.flush_state(&mut st, &mut out);
            self.state = Some(st);
        }
        out
    }

    fn resolution(&self, v: f64) -> f64 {
        self.config.encoding.resolution_wh(v)
    }

    /// A dip this small is rounding, not a reset.
    fn noise(&self, v: f64) -> f64 {
        self.config.tolerance.resolution_steps * self.resolution(v)
    }

    /// Whether the rise from `a` to `b` is beyond belief (held for confirmation).
    fn absurd(&self, a: &Point, b: &Point) -> bool {
        let d = b.v - a.v;
        let floor = self.config.tolerance.floor_wh(self.resolution(b.v));
        if d <= floor {
            return false;
        }
        if let Some(cap) = self.config.max_power_w {
            if d > wh_over(cap, b.t - a.t) * (1.0 + self.config.tolerance.relative) + floor {
                return true;
            }
        }
        match a.integral_to(b) {
            Some(expected) => d > self.config.glitch_factor * expected + floor,
            None => false,
        }
    }

    /// Judges a counter difference `d` between `a` and `b`: `None` when consistent.
    fn mismatch(&self, a: &Point, b: &Point, d: f64) -> Option<(Mismatch, Option<f64>)> {
        let resolution = self.resolution(b.v);
        if let Some(expected) = a.integral_to(b) {
            let allowed = self.config.tolerance.allowed_wh(expected, resolution);
            if (d - expected).abs() > allowed {
                return Some((Mismatch::Power, Some(expected)));
            }
        }
        if let Some(cap) = self.config.max_power_w {
            let limit = wh_over(cap, b.t - a.t) * (1.0 + self.config.tolerance.relative)
                + self.config.tolerance.floor_wh(resolution);
            if d > limit {
                return Some((Mismatch::AboveCap, a.integral_to(b)));
            }
        }
        None
    }

    fn step(&self, st: &mut State, cur: Point, out: &mut Update) {
        let noise = self.noise(st.last.v);
        match st.pending {
            None => self.classify(st, cur, out),
            Some((p, Held::Drop)) => {
                if cur.v >= st.last.v - noise {
                    self.reject(p, Glitch::Drop, out);
                    st.pending = None;
                    self.classify(st, cur, out);
                } else if cur.v > p.v {
                    // Confirmed: the counter was cleared at or before `p`.
                    self.flush_state(st, out);
                    if let Some(wh) = st.last.integral_to(&p) {
                        out.deltas.push(Delta {
                            from_ms: st.last.t,
                            to_ms: p.t,
                            wh,
                            counter_first: st.last.v,
                            counter_last: p.v,
                            quality: Quality::Estimated,
                        });
                    }
                    out.events.push(Event::ResetConfirmed {
                        at_ms: p.t,
                        before_wh: st.last.v,
                        after_wh: p.v,
                    });
                    st.anchor = p;
                    st.last = p;
                    st.max_step_ms = 0;
                    st.pending = None;
                    self.classify(st, cur, out);
                } else if cur.v < p.v - self.noise(p.v) {
                    self.reject(p, Glitch::Drop, out);
                    st.pending = Some((cur, Held::Drop));
                }
                // Otherwise level with the held low reading: keep waiting for a rise.
            }
            Some((c, Held::Jump)) => {
                if cur.v >= st.last.v - noise && !self.absurd(&st.last, &cur) {
                    self.reject(c, Glitch::Jump, out);
                    st.pending = None;
                    self.accept(st, cur, out);
                } else if cur.v >= c.v - self.noise(c.v) {
                    // The counter stayed up: book the jump as suspect, go on from there.
                    self.flush_state(st, out);
                    let d = c.v - st.last.v;
                    let (reason, expected) = self
                        .mismatch(&st.last, &c, d)
                        .unwrap_or((Mismatch::Power, st.last.integral_to(&c)));
                    out.deltas.push(Delta {
                        from_ms: st.last.t,
                        to_ms: c.t,
                        wh: d,
                        counter_first: st.last.v,
                        counter_last: c.v,
                        quality: Quality::Suspect,
                    });
                    out.events.push(Event::MismatchFlagged {
                        from_ms: st.last.t,
                        to_ms: c.t,
                        wh: d,
                        expected_wh: expected,
                        reason,
                    });
                    st.anchor = c;
                    st.last = c;
                    st.max_step_ms = 0;
                    st.pending = None;
                    self.classify(st, cur, out);
                } else if cur.v < st.last.v - noise {
                    self.reject(c, Glitch::Jump, out);
                    st.pending = Some((cur, Held::Drop));
                } else {
                    self.reject(c, Glitch::Jump, out);
                    st.pending = Some((cur, Held::Jump));
                }
            }
        }
    }

    /// A reading with nothing pending: accept it, or hold it.
    fn classify(&self, st: &mut State, cur: Point, out: &mut Update) {
        if cur.v < st.last.v - self.noise(st.last.v) {
            st.pending = Some((cur, Held::Drop));
        } else if self.absurd(&st.last, &cur) {
            st.pending = Some((cur, Held::Jump));
        } else {
            self.accept(st, cur, out);
        }
    }

    fn reject(&self, p: Point, reason: Glitch, out: &mut Update) {
        out.events.push(Event::GlitchRejected {
            at_ms: p.t,
            value_wh: p.v,
            reason,
        });
    }

    fn accept(&self, st: &mut State, cur: Point, out: &mut Update) {
        st.max_step_ms = st.max_step_ms.max(cur.t - st.last.t);
        // A dip within the resolution keeps the higher value: never a negative delta, and
        // the next delta does not count the dip twice.
        st.last = Point {
            t: cur.t,
            v: cur.v.max(st.last.v),
            odo: cur.odo,
        };
        let moved = st.last.v - st.anchor.v;
        let enough = moved > 0.0 && moved >= self.config.emit_steps * self.resolution(st.last.v);
        if enough || st.last.t - st.anchor.t >= self.config.max_hold_ms {
            self.emit(st, out);
        }
    }

    fn flush_state(&self, st: &mut State, out: &mut Update) {
        if st.last.t > st.anchor.t {
            self.emit(st, out);
        }
    }

    fn emit(&self, st: &mut State, out: &mut Update) {
        let (a, b) = (st.anchor, st.last);
        let d = (b.v - a.v).max(0.0);
        let quality = match self.mismatch(&a, &b, d) {
            Some((reason, expected_wh)) => {
                out.events.push(Event::MismatchFlagged {
                    from_ms: a.t,
                    to_ms: b.t,
                    wh: d,
                    expected_wh,
                    reason,
                });
                Quality::Suspect
            }
            None if self.config.gap_ms.is_some_and(|g| st.max_step_ms > g) => Quality::SpansGap,
            None => Quality::Measured,
        };
        out.deltas.push(Delta {
            from_ms: a.t,
            to_ms: b.t,
            wh: d,
            counter_first: a.v,
            counter_last: b.v,
            quality,
        });
        st.anchor = b;
        st.max_step_ms = 0;
    }
}
