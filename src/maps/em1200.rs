// @generated from register-maps/em1200.toml by tests/mapgen/mod.rs. Do not edit by hand:
// edit the TOML, then run `SCHNEIDER_EM_BLESS=1 cargo test --test register_maps`.

//! Schneider Electric EM1220H (new generation; PMC-style map subset) — register map.
//!
//! Encodes *Public EM1220H field script (FC03, FLOAT32 high word first), names from the Public_EM6400_PM2xxx PMC Register List v1050_6*, revision n/a (EM1220H column).
//! Overall confidence: L.
//!
//! Only the EM1220H subset is known. The legacy EM1200 uses low-word-first floats and different,
//! unpublished register numbers: this map does not apply to it. The power-factor registers
//! 3078-3082 are typed four-quadrant (4Q_FP_PF) as in the PMC list this map follows; whether the
//! EM1220H encodes them that way is not confirmed. The four-quadrant decoding returns any plain
//! power factor in -1..+1 unchanged, so a meter sending plain values still decodes correctly.
//!
//! Register numbers are the documented 1-based numbers; the wire address is one less.

use crate::address::RegisterNumber as N;
use crate::frame::ReadFunction;
use crate::map::{Access, Confidence, DataType, Group, IdentityRegisters, Model, ModelMap, NotAvailable, Parity, Register, RegisterRange, SerialDefaults, WordOrder, WordOrders};
use crate::quantity::{Quantity, Unit};

/// [EM1220H PMC-style] Current A
///
/// `current_a`: register 3000 (wire 2999), float32 × 2 registers, A, access R, confidence L.
/// Source of [`Quantity::CurrentA`].
pub const CURRENT_A: Register = Register { name: "current_a", number: N::from_table(3000), data_type: DataType::F32, words: 2, unit: Unit::Ampere, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::CurrentA), description: "[EM1220H PMC-style] Current A", note: "", confidence: Confidence::Low, source: "em1220h_script" };

/// [EM1220H PMC-style] Current B
///
/// `current_b`: register 3002 (wire 3001), float32 × 2 registers, A, access R, confidence L.
/// Source of [`Quantity::CurrentB`].
pub const CURRENT_B: Register = Register { name: "current_b", number: N::from_table(3002), data_type: DataType::F32, words: 2, unit: Unit::Ampere, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::CurrentB), description: "[EM1220H PMC-style] Current B", note: "", confidence: Confidence::Low, source: "em1220h_script" };

/// [EM1220H PMC-style] Current C
///
/// `current_c`: register 3004 (wire 3003), float32 × 2 registers, A, access R, confidence L.
/// Source of [`Quantity::CurrentC`].
pub const CURRENT_C: Register = Register { name: "current_c", number: N::from_table(3004), data_type: DataType::F32, words: 2, unit: Unit::Ampere, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::CurrentC), description: "[EM1220H PMC-style] Current C", note: "", confidence: Confidence::Low, source: "em1220h_script" };

/// [EM1220H PMC-style] Voltage A-B
///
/// `voltage_ab`: register 3020 (wire 3019), float32 × 2 registers, V, access R, confidence L.
/// Source of [`Quantity::VoltageAB`].
pub const VOLTAGE_AB: Register = Register { name: "voltage_ab", number: N::from_table(3020), data_type: DataType::F32, words: 2, unit: Unit::Volt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::VoltageAB), description: "[EM1220H PMC-style] Voltage A-B", note: "", confidence: Confidence::Low, source: "em1220h_script" };

/// [EM1220H PMC-style] Voltage B-C
///
/// `voltage_bc`: register 3022 (wire 3021), float32 × 2 registers, V, access R, confidence L.
/// Source of [`Quantity::VoltageBC`].
pub const VOLTAGE_BC: Register = Register { name: "voltage_bc", number: N::from_table(3022), data_type: DataType::F32, words: 2, unit: Unit::Volt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::VoltageBC), description: "[EM1220H PMC-style] Voltage B-C", note: "", confidence: Confidence::Low, source: "em1220h_script" };

/// [EM1220H PMC-style] Voltage C-A
///
/// `voltage_ca`: register 3024 (wire 3023), float32 × 2 registers, V, access R, confidence L.
/// Source of [`Quantity::VoltageCA`].
pub const VOLTAGE_CA: Register = Register { name: "voltage_ca", number: N::from_table(3024), data_type: DataType::F32, words: 2, unit: Unit::Volt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::VoltageCA), description: "[EM1220H PMC-style] Voltage C-A", note: "", confidence: Confidence::Low, source: "em1220h_script" };

/// [EM1220H PMC-style] Voltage A-N
///
/// `voltage_an`: register 3028 (wire 3027), float32 × 2 registers, V, access R, confidence L.
/// Source of [`Quantity::VoltageAN`].
pub const VOLTAGE_AN: Register = Register { name: "voltage_an", number: N::from_table(3028), data_type: DataType::F32, words: 2, unit: Unit::Volt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::VoltageAN), description: "[EM1220H PMC-style] Voltage A-N", note: "", confidence: Confidence::Low, source: "em1220h_script" };

/// [EM1220H PMC-style] Voltage B-N
///
/// `voltage_bn`: register 3030 (wire 3029), float32 × 2 registers, V, access R, confidence L.
/// Source of [`Quantity::VoltageBN`].
pub const VOLTAGE_BN: Register = Register { name: "voltage_bn", number: N::from_table(3030), data_type: DataType::F32, words: 2, unit: Unit::Volt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::VoltageBN), description: "[EM1220H PMC-style] Voltage B-N", note: "", confidence: Confidence::Low, source: "em1220h_script" };

/// [EM1220H PMC-style] Voltage C-N
///
/// `voltage_cn`: register 3032 (wire 3031), float32 × 2 registers, V, access R, confidence L.
/// Source of [`Quantity::VoltageCN`].
pub const VOLTAGE_CN: Register = Register { name: "voltage_cn", number: N::from_table(3032), data_type: DataType::F32, words: 2, unit: Unit::Volt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::VoltageCN), description: "[EM1220H PMC-style] Voltage C-N", note: "", confidence: Confidence::Low, source: "em1220h_script" };

/// [EM1220H PMC-style] Power Factor A (PMC lists 4Q_FP_PF encoding)
///
/// `power_factor_a`: register 3078 (wire 3077), pf4q × 2 registers, access R, confidence L.
/// Source of [`Quantity::PowerFactorA`].
pub const POWER_FACTOR_A: Register = Register { name: "power_factor_a", number: N::from_table(3078), data_type: DataType::Pf4q, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::PowerFactorA), description: "[EM1220H PMC-style] Power Factor A (PMC lists 4Q_FP_PF encoding)", note: "", confidence: Confidence::Low, source: "em1220h_script" };

/// [EM1220H PMC-style] Power Factor B (4Q_FP_PF?)
///
/// `power_factor_b`: register 3080 (wire 3079), pf4q × 2 registers, access R, confidence L.
/// Source of [`Quantity::PowerFactorB`].
pub const POWER_FACTOR_B: Register = Register { name: "power_factor_b", number: N::from_table(3080), data_type: DataType::Pf4q, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::PowerFactorB), description: "[EM1220H PMC-style] Power Factor B (4Q_FP_PF?)", note: "", confidence: Confidence::Low, source: "em1220h_script" };

/// [EM1220H PMC-style] Power Factor C (4Q_FP_PF?)
///
/// `power_factor_c`: register 3082 (wire 3081), pf4q × 2 registers, access R, confidence L.
/// Source of [`Quantity::PowerFactorC`].
pub const POWER_FACTOR_C: Register = Register { name: "power_factor_c", number: N::from_table(3082), data_type: DataType::Pf4q, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::PowerFactorC), description: "[EM1220H PMC-style] Power Factor C (4Q_FP_PF?)", note: "", confidence: Confidence::Low, source: "em1220h_script" };

/// [EM1220H PMC-style] Frequency
///
/// `frequency`: register 3110 (wire 3109), float32 × 2 registers, Hz, access R, confidence L.
/// Source of [`Quantity::Frequency`].
pub const FREQUENCY: Register = Register { name: "frequency", number: N::from_table(3110), data_type: DataType::F32, words: 2, unit: Unit::Hertz, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::Frequency), description: "[EM1220H PMC-style] Frequency", note: "", confidence: Confidence::Low, source: "em1220h_script" };

/// Every register of the map, sorted by number.
pub static REGISTERS: [Register; 13] = [
    CURRENT_A,
    CURRENT_B,
    CURRENT_C,
    VOLTAGE_AB,
    VOLTAGE_BC,
    VOLTAGE_CA,
    VOLTAGE_AN,
    VOLTAGE_BN,
    VOLTAGE_CN,
    POWER_FACTOR_A,
    POWER_FACTOR_B,
    POWER_FACTOR_C,
    FREQUENCY,
];

/// Index into [`REGISTERS`] of each quantity's source (in `Quantity::ALL` order), `u16::MAX` when absent.
static QUANTITY_INDEX: [u16; Quantity::COUNT] = [
    0, // current_a
    1, // current_b
    2, // current_c
    u16::MAX, // current_n
    u16::MAX, // current_g
    u16::MAX, // current_avg
    u16::MAX, // current_unbalance_a
    u16::MAX, // current_unbalance_b
    u16::MAX, // current_unbalance_c
    u16::MAX, // current_unbalance_worst
    3, // voltage_ab
    4, // voltage_bc
    5, // voltage_ca
    u16::MAX, // voltage_ll_avg
    6, // voltage_an
    7, // voltage_bn
    8, // voltage_cn
    u16::MAX, // voltage_ln_avg
    u16::MAX, // voltage_unbalance_ab
    u16::MAX, // voltage_unbalance_bc
    u16::MAX, // voltage_unbalance_ca
    u16::MAX, // voltage_unbalance_ll_worst
    u16::MAX, // voltage_unbalance_an
    u16::MAX, // voltage_unbalance_bn
    u16::MAX, // voltage_unbalance_cn
    u16::MAX, // voltage_unbalance_ln_worst
    u16::MAX, // active_power_a
    u16::MAX, // active_power_b
    u16::MAX, // active_power_c
    u16::MAX, // active_power_total
    u16::MAX, // reactive_power_a
    u16::MAX, // reactive_power_b
    u16::MAX, // reactive_power_c
    u16::MAX, // reactive_power_total
    u16::MAX, // apparent_power_a
    u16::MAX, // apparent_power_b
    u16::MAX, // apparent_power_c
    u16::MAX, // apparent_power_total
    9, // power_factor_a
    10, // power_factor_b
    11, // power_factor_c
    u16::MAX, // power_factor_total
    u16::MAX, // displacement_power_factor_a
    u16::MAX, // displacement_power_factor_b
    u16::MAX, // displacement_power_factor_c
    u16::MAX, // displacement_power_factor_total
    12, // frequency
    u16::MAX, // frequency_high_speed
    u16::MAX, // active_energy_delivered
    u16::MAX, // active_energy_received
    u16::MAX, // active_energy_delivered_plus_received
    u16::MAX, // active_energy_net
    u16::MAX, // reactive_energy_delivered
    u16::MAX, // reactive_energy_received
    u16::MAX, // reactive_energy_delivered_plus_received
    u16::MAX, // reactive_energy_net
    u16::MAX, // apparent_energy_delivered
    u16::MAX, // apparent_energy_received
    u16::MAX, // apparent_energy_delivered_plus_received
    u16::MAX, // apparent_energy_net
    u16::MAX, // reactive_energy_q1
    u16::MAX, // reactive_energy_q2
    u16::MAX, // reactive_energy_q3
    u16::MAX, // reactive_energy_q4
    u16::MAX, // reactive_energy_delivered_inductive
    u16::MAX, // reactive_energy_delivered_capacitive
    u16::MAX, // reactive_energy_received_inductive
    u16::MAX, // reactive_energy_received_capacitive
    u16::MAX, // active_power_demand_last
    u16::MAX, // active_power_demand_present
    u16::MAX, // active_power_demand_predicted
    u16::MAX, // active_power_demand_peak
    u16::MAX, // reactive_power_demand_last
    u16::MAX, // reactive_power_demand_present
    u16::MAX, // reactive_power_demand_predicted
    u16::MAX, // reactive_power_demand_peak
    u16::MAX, // apparent_power_demand_last
    u16::MAX, // apparent_power_demand_present
    u16::MAX, // apparent_power_demand_predicted
    u16::MAX, // apparent_power_demand_peak
    u16::MAX, // current_demand_last
    u16::MAX, // current_demand_present
    u16::MAX, // current_demand_predicted
    u16::MAX, // current_demand_peak
    u16::MAX, // thd_current_a
    u16::MAX, // thd_current_b
    u16::MAX, // thd_current_c
    u16::MAX, // thd_current_n
    u16::MAX, // thd_current_g
    u16::MAX, // thd_voltage_ab
    u16::MAX, // thd_voltage_bc
    u16::MAX, // thd_voltage_ca
    u16::MAX, // thd_voltage_ll
    u16::MAX, // thd_voltage_an
    u16::MAX, // thd_voltage_bn
    u16::MAX, // thd_voltage_cn
    u16::MAX, // thd_voltage_ln
    u16::MAX, // max_current_avg
    u16::MAX, // max_voltage_ll_avg
    u16::MAX, // max_voltage_ln_avg
    u16::MAX, // max_active_power_total
    u16::MAX, // max_reactive_power_total
    u16::MAX, // max_apparent_power_total
    u16::MAX, // max_power_factor_total
    u16::MAX, // max_frequency
    u16::MAX, // min_current_avg
    u16::MAX, // min_voltage_ll_avg
    u16::MAX, // min_voltage_ln_avg
    u16::MAX, // min_active_power_total
    u16::MAX, // min_reactive_power_total
    u16::MAX, // min_apparent_power_total
    u16::MAX, // min_power_factor_total
    u16::MAX, // min_frequency
    u16::MAX, // operating_time
    u16::MAX, // active_load_time
    u16::MAX, // run_time_delivered
    u16::MAX, // run_time_received
    u16::MAX, // control_power_failures
    u16::MAX, // metering_restarts
    u16::MAX, // processor_load
];

/// Ranges that must never be read.
static NEVER_READ: [RegisterRange; 0] = [
];

/// Ranges that may only be read whole.
static WHOLE_BLOCKS: [RegisterRange; 0] = [
];

/// The em1200 register map.
pub static MAP: ModelMap = ModelMap {
    model: Model::Em1200,
    title: "Schneider Electric EM1220H (new generation; PMC-style map subset)",
    document: "Public EM1220H field script (FC03, FLOAT32 high word first), names from the Public_EM6400_PM2xxx PMC Register List v1050_6",
    revision: "n/a",
    confidence: Confidence::Low,
    notes: "Only the EM1220H subset is known. The legacy EM1200 uses low-word-first floats and different,\nunpublished register numbers: this map does not apply to it. The power-factor registers\n3078-3082 are typed four-quadrant (4Q_FP_PF) as in the PMC list this map follows; whether the\nEM1220H encodes them that way is not confirmed. The four-quadrant decoding returns any plain\npower factor in -1..+1 unchanged, so a meter sending plain values still decodes correctly.",
    sources: &[
        ("em1220h_script", "A public GitHub EM1220H script reading wire 2999-3109 with minimalmodbus read_float (FC03, big-endian, 9600 8E1, unit 5); names from the Schneider PMC register list v1050_6"),
    ],
    read_function: ReadFunction::HoldingRegisters,
    max_registers_per_read: 60,
    undocumented_readable: false,
    not_available: NotAvailable::Sentinel,
    word_order: WordOrders { float32: WordOrder::HighWordFirst, int32: WordOrder::HighWordFirst, int64: WordOrder::HighWordFirst },
    serial: SerialDefaults { unit_id: 1, baud: 9600, parity: Parity::Even, stop_bits: 1 },
    identity: IdentityRegisters {
        meter_name: None,
        model_name: None,
        manufacturer: None,
        product_id: None,
        serial_number: None,
        manufacture_date: None,
        hardware_revision: None,
        firmware_version: None,
    },
    never_read: &NEVER_READ,
    whole_blocks: &WHOLE_BLOCKS,
    registers: &REGISTERS,
    quantity_index: &QUANTITY_INDEX,
};
