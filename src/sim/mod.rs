//! Simulated meters (feature `sim`): EM6400NG, EM6400 and EM1200 devices that answer from the
//! register maps with physically consistent, time-varying values, apply the models' protocol
//! rules, and inject faults on request. The links that carry them (a line-timed RS-485 bus
//! emulator, ptys, Modbus TCP and RTU-over-TCP listeners) are in [`mod@line`] and [`server`].
//!
//! Everything a simulator served is recorded ([`SimHandle::served`]) so tests can assert
//! decoded values exactly against what the meter held when it answered.

pub mod line;
pub mod server;

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::decode::{encode_datetime, encode_pf4q, encode_utf8, split32, split64, DateTime};
use crate::frame::crc16;
use crate::map::{DataType, Model, ModelMap, NotAvailable, Register};
use crate::quantity::{Quantity, QuantitySet};

/// A small deterministic random generator (xorshift64*), so simulations are reproducible.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (0 is replaced by a fixed non-zero value).
    pub fn new(seed: u64) -> Self {
        // splitmix64 spreads nearby seeds (unit 2 vs unit 3) over the whole state.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A uniform float in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A uniform float in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
}

/// Faults a simulated meter injects.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Faults {
    /// Never answers (a dead or disconnected meter).
    pub dead: bool,
    /// Probability that a request gets no reply.
    pub no_reply_probability: f64,
    /// Time windows (from the simulation start) in which the meter is offline.
    pub offline: Vec<(Duration, Duration)>,
    /// Probability that a reply's CRC is corrupted.
    pub corrupt_crc_probability: f64,
    /// Probability that garbage bytes precede a reply.
    pub garbage_probability: f64,
    /// Turnaround added to the meter's own.
    pub extra_turnaround: Duration,
    /// The energy counters restart from zero once this long after the start.
    pub energy_reset_after: Option<Duration>,
}

/// Quantities served in one reply with their normalised values (`None` = served as N/A).
pub type ServedValues = Vec<(Quantity, Option<f64>)>;

/// What the simulator served for one request: the ground truth for tests.
#[derive(Clone, Debug, PartialEq)]
pub struct Served {
    /// Unit id.
    pub unit: u8,
    /// Function code.
    pub function: u8,
    /// First wire address.
    pub start: u16,
    /// The words sent.
    pub words: Vec<u16>,
    /// Every quantity whose register lies wholly in the reply, with the normalised value the
    /// meter held (`None` where it served "not available").
    pub values: Vec<(Quantity, Option<f64>)>,
    /// When the request was answered.
    pub at: Instant,
}

/// Instantaneous electrical state of one simulated meter.
#[derive(Clone, Copy, Debug, Default)]
struct Electrical {
    v: [f64; 3],
    i: [f64; 3],
    pf: [f64; 3],
    leading: bool,
    f: f64,
}

impl Electrical {
    fn p(&self, k: usize) -> f64 {
        self.v[k] * self.i[k] * self.pf[k]
    }
    fn q(&self, k: usize) -> f64 {
        let sin = (1.0 - self.pf[k] * self.pf[k]).max(0.0).sqrt();
        self.v[k] * self.i[k] * sin * if self.leading { -1.0 } else { 1.0 }
    }
    fn s(&self, k: usize) -> f64 {
        self.v[k] * self.i[k]
    }
    fn total(&self, f: impl Fn(usize) -> f64) -> f64 {
        f(0) + f(1) + f(2)
    }
    fn vll(&self, a: usize, b: usize) -> f64 {
        // Phasors 120° apart: |Va − Vb|² = Va² + Vb² + Va·Vb.
        (self.v[a] * self.v[a] + self.v[b] * self.v[b] + self.v[a] * self.v[b]).sqrt()
    }
    fn neutral(&self) -> f64 {
        let (mut re, mut im) = (0.0, 0.0);
        for k in 0..3 {
            let phi = self.pf[k].acos() * if self.leading { 1.0 } else { -1.0 };
            let angle = -2.0 * core::f64::consts::PI / 3.0 * k as f64 + phi;
            re += self.i[k] * angle.cos();
            im += self.i[k] * angle.sin();
        }
        (re * re + im * im).sqrt()
    }
}

fn unbalance(x: [f64; 3], k: Option<usize>) -> f64 {
    let avg = (x[0] + x[1] + x[2]) / 3.0;
    if avg == 0.0 {
        return 0.0;
    }
    let dev = |i: usize| (x[i] - avg).abs() / avg * 100.0;
    match k {
        Some(i) => dev(i),
        None => dev(0).max(dev(1)).max(dev(2)),
    }
}

/// An outside load model for [`SimMeter::with_load`]: total (P W, Q var) at a wall-clock time.
pub type LoadFn = Arc<dyn Fn(SystemTime) -> (f64, f64) + Send + Sync>;

/// A [`LoadFn`] in a meter (shown as `LoadModel` when debugging).
#[derive(Clone)]
struct LoadModel(LoadFn);

impl core::fmt::Debug for LoadModel {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("LoadModel")
    }
}

/// One simulated meter.
#[derive(Clone, Debug)]
pub struct SimMeter {
    model: Model,
    unit: u8,
    name: String,
    seed: u64,
    turnaround: Duration,
    faults: Faults,
    unavailable: QuantitySet,
    refused: Vec<(u16, u16)>,
    max_registers: u16,
    base_v: [f64; 3],
    base_i: [f64; 3],
    base_pf: [f64; 3],
    leading: bool,
    phase: f64,
    started: Instant,
    last: Instant,
    energy: [f64; 3],
    energy_was_reset: bool,
    initial_energy: [f64; 3],
    /// An outside load model: (P W, Q var) at a wall-clock time.
    load: Option<LoadModel>,
    /// Wall-clock time at `started`, for the load model.
    wall_started: SystemTime,
    max_p: f64,
    min_p: f64,
    /// The electrical state at `last`, computed once per advance, not once per register.
    state: Electrical,
}

impl SimMeter {
    /// A meter of `model` at `unit`, with values drawn from `seed`: about 230 V, a load of
    /// 5–120 A per phase, power factor 0.80–0.98, 50 Hz; 10 ms turnaround; no faults.
    pub fn new(model: Model, unit: u8, seed: u64) -> Self {
        let mut rng = Rng::new(seed.wrapping_mul(31).wrapping_add(u64::from(unit)));
        let load = rng.range(5.0, 120.0);
        let now = Instant::now();
        let mut meter = SimMeter {
            model,
            unit,
            name: format!("Meter {unit}"),
            seed,
            turnaround: Duration::from_millis(10),
            faults: Faults::default(),
            unavailable: QuantitySet::EMPTY,
            refused: Vec::new(),
            max_registers: model.map().max_registers_per_read,
            base_v: [
                rng.range(226.0, 234.0),
                rng.range(226.0, 234.0),
                rng.range(226.0, 234.0),
            ],
            base_i: [
                load * rng.range(0.9, 1.1),
                load * rng.range(0.9, 1.1),
                load * rng.range(0.9, 1.1),
            ],
            base_pf: [
                rng.range(0.8, 0.98),
                rng.range(0.8, 0.98),
                rng.range(0.8, 0.98),
            ],
            leading: rng.unit() < 0.15,
            phase: rng.range(0.0, core::f64::consts::TAU),
            started: now,
            last: now,
            energy: [0.0; 3],
            energy_was_reset: false,
            initial_energy: {
                let base = rng.range(1.0e5, 5.0e7).round();
                [base, (base * 0.3).round(), (base * 1.15).round()]
            },
            load: None,
            wall_started: SystemTime::now(),
            max_p: f64::MIN,
            min_p: f64::MAX,
            state: Electrical::default(),
        };
        meter.state = meter.electrical(now);
        meter
    }

    /// Sets the meter name served in the identity registers.
    pub fn with_name(mut self, name: &str) -> Self {
        self.name = name.to_string();
        self
    }

    /// Sets the turnaround (end of request to first reply byte).
    pub fn with_turnaround(mut self, t: Duration) -> Self {
        self.turnaround = t;
        self
    }

    /// Sets the faults.
    pub fn with_faults(mut self, faults: Faults) -> Self {
        self.faults = faults;
        self
    }

    /// Quantities this meter variant lacks: served as the N/A sentinel (or 0 on maps
    /// without sentinels).
    pub fn without(mut self, quantities: QuantitySet) -> Self {
        self.unavailable = quantities;
        self
    }

    /// A firmware variant without some registers: any read touching one of these ranges
    /// (documented numbers, inclusive) is answered with exception 02, as a real meter answers a
    /// read of registers it does not implement.
    pub fn refusing(mut self, ranges: &[(u16, u16)]) -> Self {
        self.refused = ranges.to_vec();
        self
    }

    /// Drives the meter from an outside load model instead of its own random load: `load`
    /// gives the total active and reactive power (W, var; negative var = leading) at a
    /// wall-clock time. Voltages, frequency and the split between phases stay the meter's
    /// own; currents and power factors follow from the load. A plant model uses this to make
    /// every parent meter read the sum of its children.
    pub fn with_load(mut self, load: LoadFn) -> Self {
        self.load = Some(LoadModel(load));
        self.state = self.electrical(self.started);
        self
    }

    /// Sets the energy counters at start: active (Wh), reactive (varh), apparent (VAh) —
    /// e.g. where a recorded history of the same load left them.
    pub fn with_energy(mut self, counters: [f64; 3]) -> Self {
        self.initial_energy = counters;
        self
    }

    /// Lowers the largest read the meter accepts (exception 03 above it).
    pub fn with_max_registers(mut self, max: u16) -> Self {
        self.max_registers = max.clamp(1, 125);
        self
    }

    /// The model.
    pub fn model(&self) -> Model {
        self.model
    }

    /// The unit id.
    pub fn unit(&self) -> u8 {
        self.unit
    }

    /// The meter's own turnaround plus any injected extra.
    pub fn turnaround(&self) -> Duration {
        self.turnaround + self.faults.extra_turnaround
    }

    /// The faults in force.
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    fn electrical(&self, at: Instant) -> Electrical {
        let t = at.saturating_duration_since(self.started).as_secs_f64();
        let w = |period: f64, k: f64| (core::f64::consts::TAU * t / period + self.phase + k).sin();
        let mut e = Electrical {
            v: [0.0; 3],
            i: [0.0; 3],
            pf: [0.0; 3],
            leading: self.leading,
            f: 50.0 + 0.04 * w(37.0, 0.0),
        };
        for k in 0..3 {
            let kf = k as f64 * 2.1;
            e.v[k] = self.base_v[k] * (1.0 + 0.008 * w(61.0, kf));
            e.i[k] = self.base_i[k] * (1.0 + 0.15 * w(23.0 + k as f64, kf));
            e.pf[k] = (self.base_pf[k] + 0.02 * w(47.0, kf)).clamp(0.5, 0.999);
        }
        if let Some(LoadModel(load)) = &self.load {
            let wall = self.wall_started + at.saturating_duration_since(self.started);
            let (p, q) = load(wall);
            let share: f64 = self.base_i.iter().sum();
            let s_total = p.hypot(q);
            e.leading = q < 0.0;
            for k in 0..3 {
                let part = if share > 0.0 {
                    self.base_i[k] / share
                } else {
                    1.0 / 3.0
                };
                let s_k = s_total * part;
                e.i[k] = if e.v[k] > 0.0 { s_k / e.v[k] } else { 0.0 };
                e.pf[k] = if s_total > 0.0 {
                    (p.abs() / s_total).clamp(0.0, 1.0)
                } else {
                    1.0
                };
            }
        }
        e
    }

    /// Integrates energy up to `now`.
    pub fn advance(&mut self, now: Instant) {
        if now <= self.last {
            return;
        }
        if let Some(after) = self.faults.energy_reset_after {
            if !self.energy_was_reset && now >= self.started + after {
                self.energy_was_reset = true;
                self.energy = [0.0; 3];
                self.initial_energy = [0.0; 3];
            }
        }
        let (a, b) = (self.state, self.electrical(now));
        let hours = (now - self.last).as_secs_f64() / 3600.0;
        self.energy[0] += (a.total(|k| a.p(k)) + b.total(|k| b.p(k))) / 2.0 * hours;
        self.energy[1] += (a.total(|k| a.q(k)) + b.total(|k| b.q(k))).abs() / 2.0 * hours;
        self.energy[2] += (a.total(|k| a.s(k)) + b.total(|k| b.s(k))) / 2.0 * hours;
        let p = b.total(|k| b.p(k));
        self.max_p = self.max_p.max(p);
        self.min_p = self.min_p.min(p);
        self.last = now;
        self.state = b;
    }

    /// The value of `q` (normalised unit) at the last [`advance`](Self::advance), with
    /// whether a power factor is leading; `None` if this variant lacks it.
    pub fn value(&self, q: Quantity) -> Option<(f64, bool)> {
        if self.unavailable.contains(q) {
            return None;
        }
        let e = self.state;
        let up = self
            .last
            .saturating_duration_since(self.started)
            .as_secs_f64();
        let p_tot = e.total(|k| e.p(k));
        let q_tot = e.total(|k| e.q(k));
        let s_tot = e.total(|k| e.s(k));
        let lead = e.leading;
        let plain = |v: f64| Some((v, false));
        let pf = |v: f64| Some((v, lead));
        let energy = |k: usize| Some(((self.initial_energy[k] + self.energy[k]).round(), false));
        use Quantity as Q;
        match q {
            Q::CurrentA => plain(e.i[0]),
            Q::CurrentB => plain(e.i[1]),
            Q::CurrentC => plain(e.i[2]),
            Q::CurrentN => plain(e.neutral()),
            Q::CurrentG => None,
            Q::CurrentAvg => plain(e.i.iter().sum::<f64>() / 3.0),
            Q::CurrentUnbalanceA => plain(unbalance(e.i, Some(0))),
            Q::CurrentUnbalanceB => plain(unbalance(e.i, Some(1))),
            Q::CurrentUnbalanceC => plain(unbalance(e.i, Some(2))),
            Q::CurrentUnbalanceWorst => plain(unbalance(e.i, None)),
            Q::VoltageAB => plain(e.vll(0, 1)),
            Q::VoltageBC => plain(e.vll(1, 2)),
            Q::VoltageCA => plain(e.vll(2, 0)),
            Q::VoltageLLAvg => plain((e.vll(0, 1) + e.vll(1, 2) + e.vll(2, 0)) / 3.0),
            Q::VoltageAN => plain(e.v[0]),
            Q::VoltageBN => plain(e.v[1]),
            Q::VoltageCN => plain(e.v[2]),
            Q::VoltageLNAvg => plain(e.v.iter().sum::<f64>() / 3.0),
            Q::VoltageUnbalanceAB
            | Q::VoltageUnbalanceBC
            | Q::VoltageUnbalanceCA
            | Q::VoltageUnbalanceLLWorst => {
                let ll = [e.vll(0, 1), e.vll(1, 2), e.vll(2, 0)];
                let k = match q {
                    Q::VoltageUnbalanceAB => Some(0),
                    Q::VoltageUnbalanceBC => Some(1),
                    Q::VoltageUnbalanceCA => Some(2),
                    _ => None,
                };
                plain(unbalance(ll, k))
            }
            Q::VoltageUnbalanceAN => plain(unbalance(e.v, Some(0))),
            Q::VoltageUnbalanceBN => plain(unbalance(e.v, Some(1))),
            Q::VoltageUnbalanceCN => plain(unbalance(e.v, Some(2))),
            Q::VoltageUnbalanceLNWorst => plain(unbalance(e.v, None)),
            Q::ActivePowerA => plain(e.p(0)),
            Q::ActivePowerB => plain(e.p(1)),
            Q::ActivePowerC => plain(e.p(2)),
            Q::ActivePowerTotal => plain(p_tot),
            Q::ReactivePowerA => plain(e.q(0)),
            Q::ReactivePowerB => plain(e.q(1)),
            Q::ReactivePowerC => plain(e.q(2)),
            Q::ReactivePowerTotal => plain(q_tot),
            Q::ApparentPowerA => plain(e.s(0)),
            Q::ApparentPowerB => plain(e.s(1)),
            Q::ApparentPowerC => plain(e.s(2)),
            Q::ApparentPowerTotal => plain(s_tot),
            Q::PowerFactorA | Q::DisplacementPowerFactorA => pf(e.pf[0]),
            Q::PowerFactorB | Q::DisplacementPowerFactorB => pf(e.pf[1]),
            Q::PowerFactorC | Q::DisplacementPowerFactorC => pf(e.pf[2]),
            Q::PowerFactorTotal | Q::DisplacementPowerFactorTotal => pf(p_tot / s_tot),
            Q::Frequency | Q::FrequencyHighSpeed => plain(e.f),
            Q::ActiveEnergyDelivered
            | Q::ActiveEnergyDeliveredPlusReceived
            | Q::ActiveEnergyNet => energy(0),
            Q::ReactiveEnergyDelivered
            | Q::ReactiveEnergyDeliveredPlusReceived
            | Q::ReactiveEnergyNet => energy(1),
            Q::ApparentEnergyDelivered
            | Q::ApparentEnergyDeliveredPlusReceived
            | Q::ApparentEnergyNet => energy(2),
            Q::ReactiveEnergyQ1 | Q::ReactiveEnergyDeliveredInductive => {
                if lead {
                    plain(0.0)
                } else {
                    energy(1)
                }
            }
            Q::ReactiveEnergyQ4 | Q::ReactiveEnergyDeliveredCapacitive => {
                if lead {
                    energy(1)
                } else {
                    plain(0.0)
                }
            }
            Q::ActiveEnergyReceived
            | Q::ReactiveEnergyReceived
            | Q::ApparentEnergyReceived
            | Q::ReactiveEnergyQ2
            | Q::ReactiveEnergyQ3
            | Q::ReactiveEnergyReceivedInductive
            | Q::ReactiveEnergyReceivedCapacitive => plain(0.0),
            Q::ActivePowerDemandLast
            | Q::ActivePowerDemandPresent
            | Q::ActivePowerDemandPredicted => plain(p_tot),
            Q::ActivePowerDemandPeak => plain(self.max_p.max(p_tot)),
            Q::ReactivePowerDemandLast
            | Q::ReactivePowerDemandPresent
            | Q::ReactivePowerDemandPredicted => plain(q_tot),
            Q::ReactivePowerDemandPeak => plain(q_tot.abs() * 1.05),
            Q::ApparentPowerDemandLast
            | Q::ApparentPowerDemandPresent
            | Q::ApparentPowerDemandPredicted => plain(s_tot),
            Q::ApparentPowerDemandPeak => plain(s_tot * 1.05),
            Q::CurrentDemandLast | Q::CurrentDemandPresent | Q::CurrentDemandPredicted => {
                plain(e.i.iter().sum::<f64>() / 3.0)
            }
            Q::CurrentDemandPeak => plain(e.i.iter().sum::<f64>() / 3.0 * 1.1),
            Q::ThdCurrentA | Q::ThdCurrentB | Q::ThdCurrentC => {
                plain(4.0 + (self.unit % 5) as f64 * 0.5)
            }
            Q::ThdCurrentN => plain(9.0),
            Q::ThdCurrentG => None,
            Q::ThdVoltageAB | Q::ThdVoltageBC | Q::ThdVoltageCA | Q::ThdVoltageLL => plain(2.1),
            Q::ThdVoltageAN | Q::ThdVoltageBN | Q::ThdVoltageCN | Q::ThdVoltageLN => plain(2.4),
            Q::MaxCurrentAvg => plain(e.i.iter().sum::<f64>() / 3.0 * 1.2),
            Q::MinCurrentAvg => plain(e.i.iter().sum::<f64>() / 3.0 * 0.8),
            Q::MaxVoltageLLAvg => plain(e.vll(0, 1) * 1.02),
            Q::MinVoltageLLAvg => plain(e.vll(0, 1) * 0.98),
            Q::MaxVoltageLNAvg => plain(e.v[0] * 1.02),
            Q::MinVoltageLNAvg => plain(e.v[0] * 0.98),
            Q::MaxActivePowerTotal => plain(self.max_p.max(p_tot)),
            Q::MinActivePowerTotal => plain(self.min_p.min(p_tot)),
            Q::MaxReactivePowerTotal => plain(q_tot.abs() * 1.2),
            Q::MinReactivePowerTotal => plain(q_tot.abs() * 0.8),
            Q::MaxApparentPowerTotal => plain(s_tot * 1.2),
            Q::MinApparentPowerTotal => plain(s_tot * 0.8),
            Q::MaxPowerFactorTotal => plain(0.99),
            Q::MinPowerFactorTotal => plain(0.7),
            Q::MaxFrequency => plain(50.1),
            Q::MinFrequency => plain(49.9),
            Q::OperatingTime => plain((3.0e7 + up).floor()),
            Q::ActiveLoadTime => plain((2.0e7 + up).floor()),
            Q::RunTimeDelivered => plain((2.5e7 + up).floor()),
            Q::RunTimeReceived => plain(0.0),
            Q::ControlPowerFailures => plain(3.0),
            Q::MeteringRestarts => plain(4.0),
            Q::ProcessorLoad => plain(17.0),
        }
    }

    /// The words of one register at the last advance.
    fn encode(
        &self,
        map: &ModelMap,
        reg: &Register,
        out: &mut [u16],
    ) -> Option<(Quantity, Option<f64>)> {
        let orders = map.word_order;
        let sentinel = map.not_available == NotAvailable::Sentinel;
        let na = |ty: DataType, out: &mut [u16]| {
            let fill: &[u16] = match (ty, sentinel) {
                (_, false) => &[0, 0, 0, 0],
                (DataType::F32 | DataType::Pf4q, _) => &[0xFFC0, 0x0000],
                (DataType::U16 | DataType::U32, _) => &[0xFFFF, 0xFFFF],
                (DataType::I16 | DataType::I32 | DataType::I64 | DataType::U64, _) => {
                    &[0x8000, 0, 0, 0]
                }
                _ => &[0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF],
            };
            for (i, w) in out.iter_mut().enumerate() {
                *w = fill.get(i).copied().unwrap_or(0);
            }
            if sentinel && matches!(ty, DataType::F32 | DataType::Pf4q) {
                let w = split32(0xFFC0_0000, orders.float32);
                out[..2].copy_from_slice(&w);
            }
        };
        if let Some(q) = reg.quantity {
            let Some((v, leading)) = self.value(q) else {
                na(reg.data_type, out);
                return Some((q, None));
            };
            let raw = v / reg.factor;
            match reg.data_type {
                DataType::F32 => {
                    out.copy_from_slice(&split32((raw as f32).to_bits(), orders.float32))
                }
                DataType::Pf4q => {
                    let enc = encode_pf4q(raw as f32, leading);
                    out.copy_from_slice(&split32(enc.to_bits(), orders.float32));
                    // The value the specification's decoding (2 − x, −2 − x) gives back.
                    let back = if enc > 1.0 {
                        2.0f32 - enc
                    } else if enc < -1.0 {
                        -2.0f32 - enc
                    } else {
                        enc
                    };
                    return Some((q, Some(f64::from(back))));
                }
                DataType::U16 | DataType::I16 => out[0] = raw.round() as i64 as u16,
                DataType::U32 | DataType::I32 => {
                    out.copy_from_slice(&split32(raw.round() as i64 as u32, orders.int32))
                }
                DataType::U64 | DataType::I64 => {
                    out.copy_from_slice(&split64(raw.round() as i64 as u64, orders.int64))
                }
                _ => {}
            }
            // What a decoder must see: the value as encoded (f32 precision for floats).
            let served = match reg.data_type {
                DataType::F32 => f64::from(raw as f32) * reg.factor,
                _ => raw.round() * reg.factor,
            };
            return Some((q, Some(served)));
        }
        self.encode_other(map, reg, out);
        None
    }

    /// Identity, setup and clock registers.
    fn encode_other(&self, map: &ModelMap, reg: &Register, out: &mut [u16]) {
        let id = &map.identity;
        let n = Some(reg.number);
        let orders = map.word_order;
        out.fill(0);
        if n == id.model_name {
            encode_utf8(
                match self.model {
                    Model::Em6400Ng => "EM6400NG",
                    Model::Em6400 => "EM6400",
                    _ => "EM1220H",
                },
                out,
            );
        } else if n == id.manufacturer {
            encode_utf8("Schneider Electric", out);
        } else if n == id.meter_name {
            encode_utf8(&self.name, out);
        } else if n == id.product_id {
            out[0] = 15511;
        } else if n == id.serial_number {
            let serial = 2_300_000 + (self.seed % 1000) as u32 * 1000 + u32::from(self.unit);
            out.copy_from_slice(&split32(serial, orders.int32));
        } else if n == id.hardware_revision {
            encode_utf8("A2", out);
        } else if reg.data_type == DataType::DateTime {
            let dt = if n == id.manufacture_date {
                (2023, 6, 15, 9, 30)
            } else {
                (2025, 1, 2, 3, 4)
            };
            out.copy_from_slice(&encode_datetime(&DateTime {
                year: dt.0,
                month: dt.1,
                day: dt.2,
                weekday: 0,
                hour: dt.3,
                minute: dt.4,
                millisecond: 0,
                dst: false,
                quality_flag: false,
            }));
        } else if let Some(fw) = id.firmware_version {
            let k = reg.number.get().wrapping_sub(fw.get());
            if k <= 4 {
                out[0] = [10530, 1, 5, 3, 0][usize::from(k)];
                return;
            }
            self.encode_setup(reg, out);
        } else {
            self.encode_setup(reg, out);
        }
    }

    fn encode_setup(&self, reg: &Register, out: &mut [u16]) {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let v: Option<u16> = match reg.name {
            "number_of_phases" => Some(3),
            "number_of_wires" => Some(4),
            "power_system_configuration" => Some(11),
            "nominal_frequency" => Some(50),
            "it_ct_primary" => Some(200),
            "it_ct_secondary" => Some(5),
            "it_vt_secondary" => Some(415),
            "rs485_rs_485_comm_port_address" => Some(u16::from(self.unit)),
            "rs485_rs_485_comm_port_baud_rate" => Some(2),
            "demand_power_power_demand_method" | "demand_current_current_demand_method" => Some(2),
            "demand_power_power_demand_interval_duration"
            | "demand_current_current_demand_interval_durat" => Some(15),
            "clock_year" => Some(2025),
            "clock_second" => Some((secs % 60) as u16),
            "clock_minute" => Some((secs / 60 % 60) as u16),
            "clock_hour" => Some((secs / 3600 % 24) as u16),
            _ => None,
        };
        if let Some(v) = v {
            out[0] = v;
        } else if reg.data_type == DataType::F32 {
            let value = match reg.name {
                "nominal_voltage" => 230.0f32,
                "nominal_current" => 5.0,
                "it_vt_primary" => 415.0,
                _ => 0.0,
            };
            out.copy_from_slice(&split32(
                value.to_bits(),
                self.model.map().word_order.float32,
            ));
        }
    }

    /// Answers a register read (PDU level): `Ok(words)` or `Err(exception code)`, applying the
    /// model's rules, and records what was served.
    pub fn read(
        &mut self,
        function: u8,
        start: u16,
        count: u16,
        now: Instant,
    ) -> Result<(Vec<u16>, ServedValues), u8> {
        if function != 3 {
            return Err(0x01);
        }
        if count == 0 || count > 125 || count > self.max_registers {
            return Err(0x03);
        }
        let first = u32::from(start) + 1;
        let last = first + u32::from(count) - 1;
        if last > u32::from(u16::MAX) {
            return Err(0x02);
        }
        let (first, last) = (first as u16, last as u16);
        let map = self.model.map();
        if !map.range_readable(first, last)
            || self.refused.iter().any(|&(a, b)| first <= b && last >= a)
        {
            return Err(0x02);
        }
        for block in map.whole_blocks {
            if block.overlaps(first, last)
                && (block.first.get() != first || block.last.get() != last)
            {
                return Err(0x02);
            }
        }
        self.advance(now);
        let mut words = vec![0u16; usize::from(count)];
        let mut values = Vec::new();
        let mut scratch = [0u16; 125];
        // Registers are sorted and non-overlapping: start at the first one reaching `first`.
        let from = map.registers.partition_point(|r| r.last() < first);
        for reg in map.registers[from..]
            .iter()
            .take_while(|r| r.number.get() <= last)
        {
            let w = &mut scratch[..usize::from(reg.words)];
            let served = self.encode(map, reg, w);
            let whole = reg.number.get() >= first && reg.last() <= last;
            if let (Some(v), true) = (served, whole) {
                values.push(v);
            }
            for (k, word) in w.iter().enumerate() {
                let n = reg.number.get() + k as u16;
                if (first..=last).contains(&n) {
                    words[usize::from(n - first)] = *word;
                }
            }
        }
        Ok((words, values))
    }
}

/// What to send back for one request frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SimReply {
    /// Stay silent (not our unit, corrupt request, dead or offline meter).
    Silent,
    /// Send `bytes` after `turnaround` from the end of the request.
    Send {
        /// The reply ADU.
        bytes: Vec<u8>,
        /// Delay from the end of the request.
        turnaround: Duration,
    },
}

const LOG_LIMIT: usize = 100_000;

/// The simulated devices behind one link: many meters (unit ids 1–247) and the truth log.
#[derive(Debug)]
pub struct SimDevices {
    meters: BTreeMap<u8, SimMeter>,
    log: VecDeque<Served>,
    rng: Rng,
    started: Instant,
    requests: u64,
}

/// A shared handle on simulated devices, used by the servers and by tests.
#[derive(Clone, Debug)]
pub struct SimHandle(Arc<Mutex<SimDevices>>);

impl SimHandle {
    /// Wraps devices for sharing.
    pub fn new(devices: SimDevices) -> Self {
        SimHandle(Arc::new(Mutex::new(devices)))
    }

    /// Locks the devices.
    pub fn lock(&self) -> MutexGuard<'_, SimDevices> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A copy of everything served so far (the most recent 100 000 replies).
    pub fn served(&self) -> Vec<Served> {
        self.lock().log.iter().cloned().collect()
    }

    /// Takes and clears the log.
    pub fn take_served(&self) -> Vec<Served> {
        self.lock().log.drain(..).collect()
    }

    /// Requests seen (for any unit).
    pub fn requests(&self) -> u64 {
        self.lock().requests
    }
}

impl SimDevices {
    /// No meters yet; `seed` drives fault injection.
    pub fn new(seed: u64) -> Self {
        SimDevices {
            meters: BTreeMap::new(),
            log: VecDeque::new(),
            rng: Rng::new(seed),
            started: Instant::now(),
            requests: 0,
        }
    }

    /// One meter of `model` at each of `units`, all seeded from `seed`.
    pub fn with_meters(model: Model, units: impl IntoIterator<Item = u8>, seed: u64) -> Self {
        let mut d = SimDevices::new(seed);
        for u in units {
            d.add(SimMeter::new(model, u, seed));
        }
        d
    }

    /// Adds (or replaces) a meter.
    pub fn add(&mut self, meter: SimMeter) {
        self.meters.insert(meter.unit, meter);
    }

    /// A meter by unit id.
    pub fn meter(&mut self, unit: u8) -> Option<&mut SimMeter> {
        self.meters.get_mut(&unit)
    }

    /// The unit ids simulated.
    pub fn units(&self) -> Vec<u8> {
        self.meters.keys().copied().collect()
    }

    fn offline(&mut self, unit: u8, now: Instant) -> bool {
        let t = now.saturating_duration_since(self.started);
        let roll = self.rng.unit();
        let Some(m) = self.meters.get(&unit) else {
            return true;
        };
        m.faults.dead
            || m.faults.offline.iter().any(|&(a, b)| t >= a && t < b)
            || roll < m.faults.no_reply_probability
    }

    /// Answers a PDU-level read for `unit` (Modbus TCP): `None` = silent; otherwise the reply
    /// PDU and the turnaround.
    pub fn handle_pdu(
        &mut self,
        unit: u8,
        pdu: &[u8],
        now: Instant,
    ) -> Option<(Vec<u8>, Duration)> {
        self.requests += 1;
        if !self.meters.contains_key(&unit) || self.offline(unit, now) {
            return None;
        }
        let meter = self.meters.get_mut(&unit)?;
        let turnaround = meter.turnaround();
        let function = *pdu.first()?;
        // The function code first: the meters read with FC03 only (exception 01 otherwise),
        // then the request's shape (exception 03 for a malformed read).
        if function != 3 {
            return Some((vec![function | 0x80, 0x01], turnaround));
        }
        if pdu.len() != 5 {
            return Some((vec![function | 0x80, 0x03], turnaround));
        }
        let start = u16::from_be_bytes([pdu[1], pdu[2]]);
        let count = u16::from_be_bytes([pdu[3], pdu[4]]);
        match meter.read(function, start, count, now) {
            Err(code) => Some((vec![function | 0x80, code], turnaround)),
            Ok((words, values)) => {
                let mut out = Vec::with_capacity(2 + 2 * words.len());
                out.push(function);
                out.push((2 * words.len()) as u8);
                for w in &words {
                    out.extend_from_slice(&w.to_be_bytes());
                }
                self.log.push_back(Served {
                    unit,
                    function,
                    start,
                    words,
                    values,
                    at: now,
                });
                if self.log.len() > LOG_LIMIT {
                    self.log.pop_front();
                }
                Some((out, turnaround))
            }
        }
    }

    /// Answers an RTU request frame (CRC checked; a corrupt request gets no reply, as on a
    /// real bus), with the meter's faults applied.
    pub fn handle_rtu(&mut self, frame: &[u8], now: Instant) -> SimReply {
        if frame.len() < 4 {
            return SimReply::Silent;
        }
        let (body, crc) = frame.split_at(frame.len() - 2);
        if crc16(body).to_le_bytes() != [crc[0], crc[1]] {
            return SimReply::Silent;
        }
        let unit = body[0];
        let Some((pdu, turnaround)) = self.handle_pdu(unit, &body[1..], now) else {
            return SimReply::Silent;
        };
        let mut bytes = Vec::with_capacity(pdu.len() + 3);
        bytes.push(unit);
        bytes.extend_from_slice(&pdu);
        let c = crc16(&bytes);
        bytes.extend_from_slice(&c.to_le_bytes());
        let faults = self
            .meters
            .get(&unit)
            .map(|m| m.faults.clone())
            .unwrap_or_default();
        if self.rng.unit() < faults.corrupt_crc_probability {
            let n = bytes.len();
            bytes[n - 1] ^= 0xA5;
        }
        if self.rng.unit() < faults.garbage_probability {
            let junk = 1 + (self.rng.next_u64() % 6) as usize;
            let mut g: Vec<u8> = (0..junk).map(|_| self.rng.next_u64() as u8).collect();
            g.extend_from_slice(&bytes);
            bytes = g;
        }
        SimReply::Send { bytes, turnaround }
    }
}
