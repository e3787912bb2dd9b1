//! Plausibility of one reading: which values may be stored as valid readings and which are
//! flagged, with the reason.
//!
//! Not-available values never reach here (the driver leaves them out of the [`Snapshot`], so
//! "no value" stays no value, never a 0). This module judges single values against physics
//! and the meter's nominal voltage; it keeps no history (counter continuity is
//! [`crate::energy`]'s job) and does no I/O.

use schneider_em::{Quantity, QuantityKind, Snapshot};

/// The limits a meter's readings are judged against.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    /// Nominal line-to-neutral voltage, V.
    pub nominal_ln_v: f64,
    /// Nominal line-to-line voltage, V.
    pub nominal_ll_v: f64,
    /// A voltage above this multiple of nominal is implausible.
    pub voltage_factor: f64,
    /// Lowest plausible system frequency, Hz.
    pub min_frequency_hz: f64,
    /// Highest plausible system frequency, Hz.
    pub max_frequency_hz: f64,
}

impl Limits {
    /// Indian LV defaults: 230 V L-N, 415 V L-L, voltages up to 2× nominal, 40–70 Hz.
    pub const DEFAULT: Limits = Limits {
        nominal_ln_v: 230.0,
        nominal_ll_v: 415.0,
        voltage_factor: 2.0,
        min_frequency_hz: 40.0,
        max_frequency_hz: 70.0,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// Why a value was flagged.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Reason {
    /// NaN or infinite.
    NotFinite,
    /// System frequency outside the plausible band.
    FrequencyOutOfRange {
        /// Lowest allowed, Hz.
        min_hz: f64,
        /// Highest allowed, Hz.
        max_hz: f64,
    },
    /// A current (or current demand) below zero.
    NegativeCurrent,
    /// A voltage below zero.
    NegativeVoltage,
    /// A voltage above the limit.
    VoltageTooHigh {
        /// The limit, V (factor × nominal).
        limit_v: f64,
    },
    /// A power factor with magnitude above 1.
    PowerFactorAboveOne,
    /// A monotonic energy counter below zero.
    NegativeCounter,
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::NotFinite => f.write_str("not a finite number"),
            Reason::FrequencyOutOfRange { min_hz, max_hz } => {
                write!(f, "frequency outside {min_hz}–{max_hz} Hz")
            }
            Reason::NegativeCurrent => f.write_str("negative current"),
            Reason::NegativeVoltage => f.write_str("negative voltage"),
            Reason::VoltageTooHigh { limit_v } => write!(f, "voltage above {limit_v} V"),
            Reason::PowerFactorAboveOne => f.write_str("power factor magnitude above 1"),
            Reason::NegativeCounter => f.write_str("negative energy counter"),
        }
    }
}

/// A value that was not accepted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Flagged {
    /// The quantity.
    pub quantity: Quantity,
    /// The value as read.
    pub value: f64,
    /// Why it was flagged.
    pub reason: Reason,
}

/// The outcome of validating one reading.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Validated {
    /// Values that may be stored as valid readings, in [`Quantity::ALL`] order.
    pub valid: Vec<(Quantity, f64)>,
    /// Values that must not be, with the reason.
    pub flagged: Vec<Flagged>,
}

/// Which nominal a voltage quantity is judged against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum VoltageKind {
    LineToNeutral,
    LineToLine,
}

fn voltage_kind(q: Quantity) -> Option<VoltageKind> {
    use Quantity::*;
    match q {
        VoltageAN | VoltageBN | VoltageCN | VoltageLNAvg | MaxVoltageLNAvg | MinVoltageLNAvg => {
            Some(VoltageKind::LineToNeutral)
        }
        VoltageAB | VoltageBC | VoltageCA | VoltageLLAvg | MaxVoltageLLAvg | MinVoltageLLAvg => {
            Some(VoltageKind::LineToLine)
        }
        _ => None,
    }
}

fn is_current(q: Quantity) -> bool {
    use Quantity::*;
    matches!(
        q,
        CurrentA
            | CurrentB
            | CurrentC
            | CurrentN
            | CurrentG
            | CurrentAvg
            | CurrentDemandLast
            | CurrentDemandPresent
            | CurrentDemandPredicted
            | CurrentDemandPeak
            | MaxCurrentAvg
            | MinCurrentAvg
    )
}

fn is_power_factor(q: Quantity) -> bool {
    use Quantity::*;
    q.is_power_factor() || matches!(q, MaxPowerFactorTotal | MinPowerFactorTotal)
}

/// Judges one value; `Ok` when it may be stored.
pub fn check(q: Quantity, v: f64, limits: &Limits) -> Result<(), Reason> {
    if !v.is_finite() {
        return Err(Reason::NotFinite);
    }
    if matches!(q, Quantity::Frequency | Quantity::FrequencyHighSpeed)
        && !(limits.min_frequency_hz..=limits.max_frequency_hz).contains(&v)
    {
        return Err(Reason::FrequencyOutOfRange {
            min_hz: limits.min_frequency_hz,
            max_hz: limits.max_frequency_hz,
        });
    }
    if is_current(q) && v < 0.0 {
        return Err(Reason::NegativeCurrent);
    }
    if let Some(kind) = voltage_kind(q) {
        if v < 0.0 {
            return Err(Reason::NegativeVoltage);
        }
        let nominal = match kind {
            VoltageKind::LineToNeutral => limits.nominal_ln_v,
            VoltageKind::LineToLine => limits.nominal_ll_v,
        };
        let limit_v = limits.voltage_factor * nominal;
        if v > limit_v {
            return Err(Reason::VoltageTooHigh { limit_v });
        }
    }
    // float32 registers round 1.0 to within 1e-6; anything clearly above is a bad read.
    if is_power_factor(q) && v.abs() > 1.0 + 1e-6 {
        return Err(Reason::PowerFactorAboveOne);
    }
    if q.kind() == QuantityKind::Energy && crate::energy::is_monotonic(q) && v < 0.0 {
        return Err(Reason::NegativeCounter);
    }
    Ok(())
}

/// Splits `values` into valid values and flagged ones.
pub fn validate_values(
    values: impl IntoIterator<Item = (Quantity, f64)>,
    limits: &Limits,
) -> Validated {
    let values = values.into_iter();
    let mut out = Validated {
        // Sized once from what the values say of their number (a snapshot knows it): this runs
        // for every reading, and nearly every value is valid.
        valid: Vec::with_capacity(values.size_hint().0),
        flagged: Vec::new(),
    };
    for (quantity, value) in values {
        match check(quantity, value, limits) {
            Ok(()) => out.valid.push((quantity, value)),
            Err(reason) => out.flagged.push(Flagged {
                quantity,
                value,
                reason,
            }),
        }
    }
    out
}

/// Splits a snapshot's values into valid values and flagged ones.
pub fn validate(snapshot: &Snapshot, limits: &Limits) -> Validated {
    validate_values(snapshot.iter(), limits)
}
