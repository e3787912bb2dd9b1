//! The typed vocabulary shared by every model: [`Quantity`], its SI [`Unit`], sets of
//! quantities ([`QuantitySet`]) and the named [`Preset`]s.
//!
//! This module knows nothing about registers; which register of which model serves a quantity
//! is the business of the generated maps (`crate::maps`).

use core::fmt;

/// A physical unit: the normalised unit of a [`Quantity`], or the native unit a register map
/// documents for a register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Unit {
    /// Dimensionless (power factor, codes, bit fields).
    None,
    /// Ampere.
    Ampere,
    /// Milliampere (native only).
    Milliampere,
    /// Volt.
    Volt,
    /// Watt.
    Watt,
    /// Kilowatt (native only).
    Kilowatt,
    /// Volt-ampere reactive.
    Var,
    /// Kilovar (native only).
    Kilovar,
    /// Volt-ampere.
    VoltAmpere,
    /// Kilovolt-ampere (native only).
    KiloVoltAmpere,
    /// Watt-hour.
    WattHour,
    /// Kilowatt-hour (native only).
    KilowattHour,
    /// Var-hour.
    VarHour,
    /// Kilovar-hour (native only).
    KilovarHour,
    /// Volt-ampere-hour.
    VoltAmpereHour,
    /// Kilovolt-ampere-hour (native only).
    KiloVoltAmpereHour,
    /// Hertz.
    Hertz,
    /// Percent.
    Percent,
    /// Second.
    Second,
    /// Minute (native only).
    Minute,
    /// Millisecond (native only).
    Millisecond,
    /// A count of events.
    Count,
}

impl Unit {
    /// Every unit, in declaration order.
    pub const ALL: [Unit; 22] = [
        Unit::None,
        Unit::Ampere,
        Unit::Milliampere,
        Unit::Volt,
        Unit::Watt,
        Unit::Kilowatt,
        Unit::Var,
        Unit::Kilovar,
        Unit::VoltAmpere,
        Unit::KiloVoltAmpere,
        Unit::WattHour,
        Unit::KilowattHour,
        Unit::VarHour,
        Unit::KilovarHour,
        Unit::VoltAmpereHour,
        Unit::KiloVoltAmpereHour,
        Unit::Hertz,
        Unit::Percent,
        Unit::Second,
        Unit::Minute,
        Unit::Millisecond,
        Unit::Count,
    ];

    /// The symbol used in the register-map files and in printed output (`""` when
    /// dimensionless).
    pub const fn symbol(self) -> &'static str {
        match self {
            Unit::None => "",
            Unit::Ampere => "A",
            Unit::Milliampere => "mA",
            Unit::Volt => "V",
            Unit::Watt => "W",
            Unit::Kilowatt => "kW",
            Unit::Var => "var",
            Unit::Kilovar => "kvar",
            Unit::VoltAmpere => "VA",
            Unit::KiloVoltAmpere => "kVA",
            Unit::WattHour => "Wh",
            Unit::KilowattHour => "kWh",
            Unit::VarHour => "varh",
            Unit::KilovarHour => "kvarh",
            Unit::VoltAmpereHour => "VAh",
            Unit::KiloVoltAmpereHour => "kVAh",
            Unit::Hertz => "Hz",
            Unit::Percent => "%",
            Unit::Second => "s",
            Unit::Minute => "min",
            Unit::Millisecond => "ms",
            Unit::Count => "count",
        }
    }

    /// Parses a symbol as written by [`Unit::symbol`].
    pub fn from_symbol(symbol: &str) -> Option<Unit> {
        Unit::ALL.iter().copied().find(|u| u.symbol() == symbol)
    }

    /// The normalised unit this unit converts to, and the factor to multiply by
    /// (e.g. kW → (W, 1000)).
    pub const fn normalised(self) -> (Unit, f64) {
        match self {
            Unit::Milliampere => (Unit::Ampere, 0.001),
            Unit::Kilowatt => (Unit::Watt, 1000.0),
            Unit::Kilovar => (Unit::Var, 1000.0),
            Unit::KiloVoltAmpere => (Unit::VoltAmpere, 1000.0),
            Unit::KilowattHour => (Unit::WattHour, 1000.0),
            Unit::KilovarHour => (Unit::VarHour, 1000.0),
            Unit::KiloVoltAmpereHour => (Unit::VoltAmpereHour, 1000.0),
            Unit::Minute => (Unit::Second, 60.0),
            Unit::Millisecond => (Unit::Second, 0.001),
            other => (other, 1.0),
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// What kind of value a quantity is, mirroring the register-map groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum QuantityKind {
    /// Instantaneous (about 1 s) measurements.
    Instantaneous,
    /// Energy counters.
    Energy,
    /// Demand values.
    Demand,
    /// Total harmonic distortion.
    Thd,
    /// Minimum and maximum values since the last min/max reset.
    MinMax,
    /// Timers and diagnostic counters.
    Diagnostics,
}

macro_rules! quantities {
    ($( $(#[doc = $doc:literal])+ $variant:ident = $name:literal, $unit:ident, $kind:ident; )+) => {
        /// A measured quantity, named the same way for every meter model.
        ///
        /// Values are always in the quantity's normalised [`Unit`] (see [`Quantity::unit`]),
        /// whatever the meter's native unit. Signed quantities follow the meter's convention:
        /// positive = delivered to the load (import).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[repr(u8)]
        #[non_exhaustive]
        pub enum Quantity {
            $( $(#[doc = $doc])+ #[cfg_attr(feature = "serde", serde(rename = $name))] $variant, )+
        }

        impl Quantity {
            /// Every quantity, in declaration order (the order of [`Quantity::index`]).
            pub const ALL: [Quantity; Quantity::COUNT] = [$(Quantity::$variant),+];
            /// The number of quantities.
            pub const COUNT: usize = [$($name),+].len();

            /// The stable snake_case name (used in map files, JSON and on the command line).
            pub const fn name(self) -> &'static str {
                match self { $(Quantity::$variant => $name,)+ }
            }

            /// The normalised unit every value of this quantity is expressed in.
            pub const fn unit(self) -> Unit {
                match self { $(Quantity::$variant => Unit::$unit,)+ }
            }

            /// What kind of value this is.
            pub const fn kind(self) -> QuantityKind {
                match self { $(Quantity::$variant => QuantityKind::$kind,)+ }
            }

            /// A one-line human description.
            pub const fn description(self) -> &'static str {
                match self { $(Quantity::$variant => concat!($($doc),+),)+ }
            }
        }
    };
}

quantities! {
    /// Current, phase A
    CurrentA = "current_a", Ampere, Instantaneous;
    /// Current, phase B
    CurrentB = "current_b", Ampere, Instantaneous;
    /// Current, phase C
    CurrentC = "current_c", Ampere, Instantaneous;
    /// Current, neutral
    CurrentN = "current_n", Ampere, Instantaneous;
    /// Current, ground (only when there is no neutral and all phases are metered)
    CurrentG = "current_g", Ampere, Instantaneous;
    /// Current, average of the phases
    CurrentAvg = "current_avg", Ampere, Instantaneous;
    /// Current unbalance, phase A
    CurrentUnbalanceA = "current_unbalance_a", Percent, Instantaneous;
    /// Current unbalance, phase B
    CurrentUnbalanceB = "current_unbalance_b", Percent, Instantaneous;
    /// Current unbalance, phase C
    CurrentUnbalanceC = "current_unbalance_c", Percent, Instantaneous;
    /// Current unbalance, worst phase
    CurrentUnbalanceWorst = "current_unbalance_worst", Percent, Instantaneous;
    /// Voltage, line to line A-B
    VoltageAB = "voltage_ab", Volt, Instantaneous;
    /// Voltage, line to line B-C
    VoltageBC = "voltage_bc", Volt, Instantaneous;
    /// Voltage, line to line C-A
    VoltageCA = "voltage_ca", Volt, Instantaneous;
    /// Voltage, line to line average
    VoltageLLAvg = "voltage_ll_avg", Volt, Instantaneous;
    /// Voltage, line to neutral A-N
    VoltageAN = "voltage_an", Volt, Instantaneous;
    /// Voltage, line to neutral B-N
    VoltageBN = "voltage_bn", Volt, Instantaneous;
    /// Voltage, line to neutral C-N
    VoltageCN = "voltage_cn", Volt, Instantaneous;
    /// Voltage, line to neutral average
    VoltageLNAvg = "voltage_ln_avg", Volt, Instantaneous;
    /// Voltage unbalance A-B
    VoltageUnbalanceAB = "voltage_unbalance_ab", Percent, Instantaneous;
    /// Voltage unbalance B-C
    VoltageUnbalanceBC = "voltage_unbalance_bc", Percent, Instantaneous;
    /// Voltage unbalance C-A
    VoltageUnbalanceCA = "voltage_unbalance_ca", Percent, Instantaneous;
    /// Voltage unbalance, worst line to line
    VoltageUnbalanceLLWorst = "voltage_unbalance_ll_worst", Percent, Instantaneous;
    /// Voltage unbalance A-N
    VoltageUnbalanceAN = "voltage_unbalance_an", Percent, Instantaneous;
    /// Voltage unbalance B-N
    VoltageUnbalanceBN = "voltage_unbalance_bn", Percent, Instantaneous;
    /// Voltage unbalance C-N
    VoltageUnbalanceCN = "voltage_unbalance_cn", Percent, Instantaneous;
    /// Voltage unbalance, worst line to neutral
    VoltageUnbalanceLNWorst = "voltage_unbalance_ln_worst", Percent, Instantaneous;
    /// Active power, phase A
    ActivePowerA = "active_power_a", Watt, Instantaneous;
    /// Active power, phase B
    ActivePowerB = "active_power_b", Watt, Instantaneous;
    /// Active power, phase C
    ActivePowerC = "active_power_c", Watt, Instantaneous;
    /// Active power, total
    ActivePowerTotal = "active_power_total", Watt, Instantaneous;
    /// Reactive power, phase A
    ReactivePowerA = "reactive_power_a", Var, Instantaneous;
    /// Reactive power, phase B
    ReactivePowerB = "reactive_power_b", Var, Instantaneous;
    /// Reactive power, phase C
    ReactivePowerC = "reactive_power_c", Var, Instantaneous;
    /// Reactive power, total
    ReactivePowerTotal = "reactive_power_total", Var, Instantaneous;
    /// Apparent power, phase A
    ApparentPowerA = "apparent_power_a", VoltAmpere, Instantaneous;
    /// Apparent power, phase B
    ApparentPowerB = "apparent_power_b", VoltAmpere, Instantaneous;
    /// Apparent power, phase C
    ApparentPowerC = "apparent_power_c", VoltAmpere, Instantaneous;
    /// Apparent power, total
    ApparentPowerTotal = "apparent_power_total", VoltAmpere, Instantaneous;
    /// Power factor, phase A (signed; see Snapshot::power_factor for the quadrant)
    PowerFactorA = "power_factor_a", None, Instantaneous;
    /// Power factor, phase B (signed; see Snapshot::power_factor for the quadrant)
    PowerFactorB = "power_factor_b", None, Instantaneous;
    /// Power factor, phase C (signed; see Snapshot::power_factor for the quadrant)
    PowerFactorC = "power_factor_c", None, Instantaneous;
    /// Power factor, total (signed; see Snapshot::power_factor for the quadrant)
    PowerFactorTotal = "power_factor_total", None, Instantaneous;
    /// Displacement power factor, phase A
    DisplacementPowerFactorA = "displacement_power_factor_a", None, Instantaneous;
    /// Displacement power factor, phase B
    DisplacementPowerFactorB = "displacement_power_factor_b", None, Instantaneous;
    /// Displacement power factor, phase C
    DisplacementPowerFactorC = "displacement_power_factor_c", None, Instantaneous;
    /// Displacement power factor, total
    DisplacementPowerFactorTotal = "displacement_power_factor_total", None, Instantaneous;
    /// Frequency
    Frequency = "frequency", Hertz, Instantaneous;
    /// Frequency, high-speed (fast update) value
    FrequencyHighSpeed = "frequency_high_speed", Hertz, Instantaneous;
    /// Active energy delivered (into the load, import)
    ActiveEnergyDelivered = "active_energy_delivered", WattHour, Energy;
    /// Active energy received (out of the load, export)
    ActiveEnergyReceived = "active_energy_received", WattHour, Energy;
    /// Active energy delivered plus received
    ActiveEnergyDeliveredPlusReceived = "active_energy_delivered_plus_received", WattHour, Energy;
    /// Active energy delivered minus received (net)
    ActiveEnergyNet = "active_energy_net", WattHour, Energy;
    /// Reactive energy delivered
    ReactiveEnergyDelivered = "reactive_energy_delivered", VarHour, Energy;
    /// Reactive energy received
    ReactiveEnergyReceived = "reactive_energy_received", VarHour, Energy;
    /// Reactive energy delivered plus received
    ReactiveEnergyDeliveredPlusReceived = "reactive_energy_delivered_plus_received", VarHour, Energy;
    /// Reactive energy delivered minus received (net)
    ReactiveEnergyNet = "reactive_energy_net", VarHour, Energy;
    /// Apparent energy delivered
    ApparentEnergyDelivered = "apparent_energy_delivered", VoltAmpereHour, Energy;
    /// Apparent energy received
    ApparentEnergyReceived = "apparent_energy_received", VoltAmpereHour, Energy;
    /// Apparent energy delivered plus received
    ApparentEnergyDeliveredPlusReceived = "apparent_energy_delivered_plus_received", VoltAmpereHour, Energy;
    /// Apparent energy delivered minus received (net)
    ApparentEnergyNet = "apparent_energy_net", VoltAmpereHour, Energy;
    /// Reactive energy in quadrant I
    ReactiveEnergyQ1 = "reactive_energy_q1", VarHour, Energy;
    /// Reactive energy in quadrant II
    ReactiveEnergyQ2 = "reactive_energy_q2", VarHour, Energy;
    /// Reactive energy in quadrant III
    ReactiveEnergyQ3 = "reactive_energy_q3", VarHour, Energy;
    /// Reactive energy in quadrant IV
    ReactiveEnergyQ4 = "reactive_energy_q4", VarHour, Energy;
    /// Reactive energy delivered (forward), inductive
    ReactiveEnergyDeliveredInductive = "reactive_energy_delivered_inductive", VarHour, Energy;
    /// Reactive energy delivered (forward), capacitive
    ReactiveEnergyDeliveredCapacitive = "reactive_energy_delivered_capacitive", VarHour, Energy;
    /// Reactive energy received (reverse), inductive
    ReactiveEnergyReceivedInductive = "reactive_energy_received_inductive", VarHour, Energy;
    /// Reactive energy received (reverse), capacitive
    ReactiveEnergyReceivedCapacitive = "reactive_energy_received_capacitive", VarHour, Energy;
    /// Active power demand, last completed interval
    ActivePowerDemandLast = "active_power_demand_last", Watt, Demand;
    /// Active power demand, present interval
    ActivePowerDemandPresent = "active_power_demand_present", Watt, Demand;
    /// Active power demand, predicted for the present interval
    ActivePowerDemandPredicted = "active_power_demand_predicted", Watt, Demand;
    /// Active power demand, peak since the last peak reset
    ActivePowerDemandPeak = "active_power_demand_peak", Watt, Demand;
    /// Reactive power demand, last completed interval
    ReactivePowerDemandLast = "reactive_power_demand_last", Var, Demand;
    /// Reactive power demand, present interval
    ReactivePowerDemandPresent = "reactive_power_demand_present", Var, Demand;
    /// Reactive power demand, predicted for the present interval
    ReactivePowerDemandPredicted = "reactive_power_demand_predicted", Var, Demand;
    /// Reactive power demand, peak since the last peak reset
    ReactivePowerDemandPeak = "reactive_power_demand_peak", Var, Demand;
    /// Apparent power demand, last completed interval
    ApparentPowerDemandLast = "apparent_power_demand_last", VoltAmpere, Demand;
    /// Apparent power demand, present interval
    ApparentPowerDemandPresent = "apparent_power_demand_present", VoltAmpere, Demand;
    /// Apparent power demand, predicted for the present interval
    ApparentPowerDemandPredicted = "apparent_power_demand_predicted", VoltAmpere, Demand;
    /// Apparent power demand, peak since the last peak reset
    ApparentPowerDemandPeak = "apparent_power_demand_peak", VoltAmpere, Demand;
    /// Average current demand, last completed interval
    CurrentDemandLast = "current_demand_last", Ampere, Demand;
    /// Average current demand, present interval
    CurrentDemandPresent = "current_demand_present", Ampere, Demand;
    /// Average current demand, predicted for the present interval
    CurrentDemandPredicted = "current_demand_predicted", Ampere, Demand;
    /// Average current demand, peak since the last peak reset
    CurrentDemandPeak = "current_demand_peak", Ampere, Demand;
    /// Total harmonic distortion of current A
    ThdCurrentA = "thd_current_a", Percent, Thd;
    /// Total harmonic distortion of current B
    ThdCurrentB = "thd_current_b", Percent, Thd;
    /// Total harmonic distortion of current C
    ThdCurrentC = "thd_current_c", Percent, Thd;
    /// Total harmonic distortion of current N
    ThdCurrentN = "thd_current_n", Percent, Thd;
    /// Total harmonic distortion of current G
    ThdCurrentG = "thd_current_g", Percent, Thd;
    /// Total harmonic distortion of voltage A-B
    ThdVoltageAB = "thd_voltage_ab", Percent, Thd;
    /// Total harmonic distortion of voltage B-C
    ThdVoltageBC = "thd_voltage_bc", Percent, Thd;
    /// Total harmonic distortion of voltage C-A
    ThdVoltageCA = "thd_voltage_ca", Percent, Thd;
    /// Total harmonic distortion of voltage, line to line
    ThdVoltageLL = "thd_voltage_ll", Percent, Thd;
    /// Total harmonic distortion of voltage A-N
    ThdVoltageAN = "thd_voltage_an", Percent, Thd;
    /// Total harmonic distortion of voltage B-N
    ThdVoltageBN = "thd_voltage_bn", Percent, Thd;
    /// Total harmonic distortion of voltage C-N
    ThdVoltageCN = "thd_voltage_cn", Percent, Thd;
    /// Total harmonic distortion of voltage, line to neutral
    ThdVoltageLN = "thd_voltage_ln", Percent, Thd;
    /// Maximum average current since the last min/max reset
    MaxCurrentAvg = "max_current_avg", Ampere, MinMax;
    /// Maximum line-to-line average voltage since the last min/max reset
    MaxVoltageLLAvg = "max_voltage_ll_avg", Volt, MinMax;
    /// Maximum line-to-neutral average voltage since the last min/max reset
    MaxVoltageLNAvg = "max_voltage_ln_avg", Volt, MinMax;
    /// Maximum total active power since the last min/max reset
    MaxActivePowerTotal = "max_active_power_total", Watt, MinMax;
    /// Maximum total reactive power since the last min/max reset
    MaxReactivePowerTotal = "max_reactive_power_total", Var, MinMax;
    /// Maximum total apparent power since the last min/max reset
    MaxApparentPowerTotal = "max_apparent_power_total", VoltAmpere, MinMax;
    /// Maximum total power factor since the last min/max reset
    MaxPowerFactorTotal = "max_power_factor_total", None, MinMax;
    /// Maximum frequency since the last min/max reset
    MaxFrequency = "max_frequency", Hertz, MinMax;
    /// Minimum average current since the last min/max reset
    MinCurrentAvg = "min_current_avg", Ampere, MinMax;
    /// Minimum line-to-line average voltage since the last min/max reset
    MinVoltageLLAvg = "min_voltage_ll_avg", Volt, MinMax;
    /// Minimum line-to-neutral average voltage since the last min/max reset
    MinVoltageLNAvg = "min_voltage_ln_avg", Volt, MinMax;
    /// Minimum total active power since the last min/max reset
    MinActivePowerTotal = "min_active_power_total", Watt, MinMax;
    /// Minimum total reactive power since the last min/max reset
    MinReactivePowerTotal = "min_reactive_power_total", Var, MinMax;
    /// Minimum total apparent power since the last min/max reset
    MinApparentPowerTotal = "min_apparent_power_total", VoltAmpere, MinMax;
    /// Minimum total power factor since the last min/max reset
    MinPowerFactorTotal = "min_power_factor_total", None, MinMax;
    /// Minimum frequency since the last min/max reset
    MinFrequency = "min_frequency", Hertz, MinMax;
    /// Meter operation time (divide by 3600 for run hours)
    OperatingTime = "operating_time", Second, Diagnostics;
    /// Active load time: time the average current exceeded the load-timer setpoint
    ActiveLoadTime = "active_load_time", Second, Diagnostics;
    /// Run time with energy delivered (into the load)
    RunTimeDelivered = "run_time_delivered", Second, Diagnostics;
    /// Run time with energy received (out of the load)
    RunTimeReceived = "run_time_received", Second, Diagnostics;
    /// Number of control (auxiliary) power failures
    ControlPowerFailures = "control_power_failures", Count, Diagnostics;
    /// Number of metering-system restarts
    MeteringRestarts = "metering_restarts", Count, Diagnostics;
    /// Processor load of the meter
    ProcessorLoad = "processor_load", Percent, Diagnostics;
}

impl Quantity {
    /// The position of this quantity in [`Quantity::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }

    /// Looks a quantity up by its [`name`](Quantity::name).
    pub fn from_name(name: &str) -> Option<Quantity> {
        Quantity::ALL.iter().copied().find(|q| q.name() == name)
    }

    /// Whether the value is a power factor that may carry a quadrant
    /// (see [`crate::Snapshot::power_factor`]).
    pub const fn is_power_factor(self) -> bool {
        matches!(
            self,
            Quantity::PowerFactorA
                | Quantity::PowerFactorB
                | Quantity::PowerFactorC
                | Quantity::PowerFactorTotal
                | Quantity::DisplacementPowerFactorA
                | Quantity::DisplacementPowerFactorB
                | Quantity::DisplacementPowerFactorC
                | Quantity::DisplacementPowerFactorTotal
        )
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl core::str::FromStr for Quantity {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Quantity::from_name(s).ok_or(UnknownName)
    }
}

/// A name that matches no quantity, model or preset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[error("unknown name")]
pub struct UnknownName;

const SET_WORDS: usize = Quantity::COUNT.div_ceil(32);

/// A set of quantities, stored as a bit set: `Copy`, allocation-free and usable in `const`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct QuantitySet {
    bits: [u32; SET_WORDS],
}

impl QuantitySet {
    /// The empty set.
    pub const EMPTY: QuantitySet = QuantitySet {
        bits: [0; SET_WORDS],
    };

    /// The set of every quantity.
    pub const fn all() -> QuantitySet {
        QuantitySet::from_slice(&Quantity::ALL)
    }

    /// A set holding the given quantities (duplicates are ignored).
    pub const fn from_slice(quantities: &[Quantity]) -> QuantitySet {
        let mut set = QuantitySet::EMPTY;
        let mut i = 0;
        while i < quantities.len() {
            set = set.with(quantities[i]);
            i += 1;
        }
        set
    }

    /// This set plus `q`.
    pub const fn with(mut self, q: Quantity) -> QuantitySet {
        let i = q.index();
        self.bits[i / 32] |= 1 << (i % 32);
        self
    }

    /// Adds `q`; returns whether it was new.
    pub fn insert(&mut self, q: Quantity) -> bool {
        let had = self.contains(q);
        *self = self.with(q);
        !had
    }

    /// Removes `q`; returns whether it was present.
    pub fn remove(&mut self, q: Quantity) -> bool {
        let had = self.contains(q);
        let i = q.index();
        self.bits[i / 32] &= !(1 << (i % 32));
        had
    }

    /// Whether `q` is in the set.
    pub const fn contains(&self, q: Quantity) -> bool {
        let i = q.index();
        self.bits[i / 32] & (1 << (i % 32)) != 0
    }

    /// The number of quantities in the set.
    pub const fn len(&self) -> usize {
        let mut n = 0;
        let mut i = 0;
        while i < SET_WORDS {
            n += self.bits[i].count_ones() as usize;
            i += 1;
        }
        n
    }

    /// Whether the set is empty.
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The quantities in both sets.
    pub const fn intersection(&self, other: &QuantitySet) -> QuantitySet {
        let mut out = QuantitySet::EMPTY;
        let mut i = 0;
        while i < SET_WORDS {
            out.bits[i] = self.bits[i] & other.bits[i];
            i += 1;
        }
        out
    }

    /// The quantities in `self` but not in `other`.
    pub const fn difference(&self, other: &QuantitySet) -> QuantitySet {
        let mut out = QuantitySet::EMPTY;
        let mut i = 0;
        while i < SET_WORDS {
            out.bits[i] = self.bits[i] & !other.bits[i];
            i += 1;
        }
        out
    }

    /// The quantities in either set.
    pub const fn union(&self, other: &QuantitySet) -> QuantitySet {
        let mut out = QuantitySet::EMPTY;
        let mut i = 0;
        while i < SET_WORDS {
            out.bits[i] = self.bits[i] | other.bits[i];
            i += 1;
        }
        out
    }

    /// Iterates the quantities in [`Quantity::ALL`] order, set bit by set bit (it knows its
    /// length, so a collection of it is sized once).
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Quantity> + '_ {
        SetIter {
            bits: self.bits,
            word: 0,
            left: self.len(),
        }
    }
}

/// [`QuantitySet::iter`]: the set's words, consumed bit by bit.
struct SetIter {
    bits: [u32; SET_WORDS],
    /// The word the next set bit is looked for in.
    word: usize,
    /// Set bits not yet returned.
    left: usize,
}

impl Iterator for SetIter {
    type Item = Quantity;

    fn next(&mut self) -> Option<Quantity> {
        while let Some(w) = self.bits.get_mut(self.word) {
            if *w == 0 {
                self.word += 1;
                continue;
            }
            let bit = w.trailing_zeros() as usize;
            *w &= *w - 1;
            self.left -= 1;
            return Quantity::ALL.get(self.word * 32 + bit).copied();
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for SetIter {}

impl fmt::Debug for QuantitySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl FromIterator<Quantity> for QuantitySet {
    fn from_iter<I: IntoIterator<Item = Quantity>>(iter: I) -> Self {
        let mut set = QuantitySet::EMPTY;
        for q in iter {
            set.insert(q);
        }
        set
    }
}

impl From<&[Quantity]> for QuantitySet {
    fn from(quantities: &[Quantity]) -> Self {
        QuantitySet::from_slice(quantities)
    }
}

/// Named selections of quantities.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Preset {
    /// What a live dashboard shows: per-phase currents and line-to-neutral voltages, total
    /// active, reactive and apparent power, total power factor, frequency and delivered active
    /// energy.
    Dashboard,
    /// Every measurement the model has.
    All,
}

impl Preset {
    /// The quantities of the dashboard preset.
    pub const DASHBOARD: QuantitySet = QuantitySet::from_slice(&[
        Quantity::CurrentA,
        Quantity::CurrentB,
        Quantity::CurrentC,
        Quantity::VoltageAN,
        Quantity::VoltageBN,
        Quantity::VoltageCN,
        Quantity::ActivePowerTotal,
        Quantity::ReactivePowerTotal,
        Quantity::ApparentPowerTotal,
        Quantity::PowerFactorTotal,
        Quantity::Frequency,
        Quantity::ActiveEnergyDelivered,
    ]);

    /// The preset's quantities, before intersecting with what a model has.
    pub const fn quantities(self) -> QuantitySet {
        match self {
            Preset::Dashboard => Preset::DASHBOARD,
            Preset::All => QuantitySet::all(),
        }
    }

    /// The quantities to ask a `model` meter for: [`Preset::All`] means everything the model
    /// has; a fixed preset stays as it is, so a plan lists what the model lacks as
    /// unsupported.
    pub fn quantities_for(self, model: crate::map::Model) -> QuantitySet {
        match self {
            Preset::All => model.map().quantities(),
            Preset::Dashboard => Preset::DASHBOARD,
        }
    }

    /// The stable name (`dashboard`, `all`).
    pub const fn name(self) -> &'static str {
        match self {
            Preset::Dashboard => "dashboard",
            Preset::All => "all",
        }
    }
}

impl core::str::FromStr for Preset {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "dashboard" => Ok(Preset::Dashboard),
            "all" => Ok(Preset::All),
            _ => Err(UnknownName),
        }
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;
    use proptest::prelude::*;
    use std::vec::Vec;

    /// The set's quantities the slow way: every quantity, asked one by one.
    fn members(set: &QuantitySet) -> Vec<Quantity> {
        Quantity::ALL
            .iter()
            .copied()
            .filter(|q| set.contains(*q))
            .collect()
    }

    /// Iterates `set`, checking at every step that the iterator knows what is left.
    fn iterated(set: &QuantitySet) -> Vec<Quantity> {
        let mut it = set.iter();
        let mut out = Vec::new();
        loop {
            let left = members(set).len() - out.len();
            assert_eq!((it.len(), it.size_hint()), (left, (left, Some(left))));
            match it.next() {
                Some(q) => out.push(q),
                None => return out,
            }
        }
    }

    #[test]
    fn iterating_the_empty_the_full_and_the_edge_sets() {
        assert!(iterated(&QuantitySet::EMPTY).is_empty());
        assert_eq!(iterated(&QuantitySet::all()), Quantity::ALL.to_vec());
        let last = Quantity::ALL[Quantity::COUNT - 1];
        let edges = QuantitySet::from_slice(&[Quantity::ALL[0], Quantity::ALL[31], last]);
        assert_eq!(
            iterated(&edges),
            [Quantity::ALL[0], Quantity::ALL[31], last]
        );
    }

    proptest! {
        #[test]
        fn iteration_yields_the_members_in_order(keep in proptest::collection::vec(any::<bool>(), Quantity::COUNT)) {
            let set: QuantitySet = Quantity::ALL
                .iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(q, _)| *q)
                .collect();
            prop_assert_eq!(iterated(&set), members(&set));
        }
    }
}
