// @generated from register-maps/em6400.toml by tests/mapgen/mod.rs. Do not edit by hand:
// edit the TOML, then run `SCHNEIDER_EM_BLESS=1 cargo test --test register_maps`.

//! Schneider Electric Conzerv EM6400 (legacy DigitAN family) — register map.
//!
//! Encodes *Conzerv EM 6400 DigitAN Series Register Map; GE Multilin EPM 2000 Sub-Meter manual §6.5*, revision v03.02.01.00 (Conzerv); GE manual pp. 47-51 (EM6400 column).
//! Overall confidence: H.
//!
//! The Turbo block 3901-3999 (individual FLOAT32 registers in base units, already scaled by the
//! PT/CT ratios) and the 20-register RMS and forward-integrator blocks, which must be read whole.
//! Reserved registers inside the Turbo range read 0. Variants (EM6433, EM6436, ...) lack some
//! quantities; those read 0.0, indistinguishable from a real zero. Nothing in this map has been
//! checked on a real meter.
//!
//! Register numbers are the documented 1-based numbers; the wire address is one less.

use crate::address::RegisterNumber as N;
use crate::frame::ReadFunction;
use crate::map::{Access, Confidence, DataType, Group, IdentityRegisters, Model, ModelMap, NotAvailable, Parity, Register, RegisterRange, SerialDefaults, WordOrder, WordOrders};
use crate::quantity::{Quantity, Unit};

/// RMS Total block (read all 20 regs at once): VA
///
/// `rms_total_va`: register 3001 (wire 3000), float32 × 2 registers, VA, access R, confidence H.
pub const RMS_TOTAL_VA: Register = Register { name: "rms_total_va", number: N::from_table(3001), data_type: DataType::F32, words: 2, unit: Unit::VoltAmpere, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Total block (read all 20 regs at once): VA", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Total block (read all 20 regs at once): W
///
/// `rms_total_w`: register 3003 (wire 3002), float32 × 2 registers, W, access R, confidence H.
pub const RMS_TOTAL_W: Register = Register { name: "rms_total_w", number: N::from_table(3003), data_type: DataType::F32, words: 2, unit: Unit::Watt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Total block (read all 20 regs at once): W", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Total block (read all 20 regs at once): VAR
///
/// `rms_total_var`: register 3005 (wire 3004), float32 × 2 registers, var, access R, confidence H.
pub const RMS_TOTAL_VAR: Register = Register { name: "rms_total_var", number: N::from_table(3005), data_type: DataType::F32, words: 2, unit: Unit::Var, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Total block (read all 20 regs at once): VAR", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Total block (read all 20 regs at once): PF
///
/// `rms_total_pf`: register 3007 (wire 3006), float32 × 2 registers, access R, confidence H.
pub const RMS_TOTAL_PF: Register = Register { name: "rms_total_pf", number: N::from_table(3007), data_type: DataType::F32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Total block (read all 20 regs at once): PF", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Total block (read all 20 regs at once): VLL
///
/// `rms_total_vll`: register 3009 (wire 3008), float32 × 2 registers, V, access R, confidence H.
pub const RMS_TOTAL_VLL: Register = Register { name: "rms_total_vll", number: N::from_table(3009), data_type: DataType::F32, words: 2, unit: Unit::Volt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Total block (read all 20 regs at once): VLL", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Total block (read all 20 regs at once): VLN
///
/// `rms_total_vln`: register 3011 (wire 3010), float32 × 2 registers, V, access R, confidence H.
pub const RMS_TOTAL_VLN: Register = Register { name: "rms_total_vln", number: N::from_table(3011), data_type: DataType::F32, words: 2, unit: Unit::Volt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Total block (read all 20 regs at once): VLN", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Total block (read all 20 regs at once): A
///
/// `rms_total_a`: register 3013 (wire 3012), float32 × 2 registers, A, access R, confidence H.
pub const RMS_TOTAL_A: Register = Register { name: "rms_total_a", number: N::from_table(3013), data_type: DataType::F32, words: 2, unit: Unit::Ampere, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Total block (read all 20 regs at once): A", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Total block (read all 20 regs at once): F
///
/// `rms_total_f`: register 3015 (wire 3014), float32 × 2 registers, Hz, access R, confidence H.
pub const RMS_TOTAL_F: Register = Register { name: "rms_total_f", number: N::from_table(3015), data_type: DataType::F32, words: 2, unit: Unit::Hertz, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Total block (read all 20 regs at once): F", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Total block (read all 20 regs at once): RESERVED1
///
/// `rms_total_reserved1`: register 3017 (wire 3016), u32 × 2 registers, access R, confidence H.
///
/// Note: word order assumed, not verified on hardware
pub const RMS_TOTAL_RESERVED1: Register = Register { name: "rms_total_reserved1", number: N::from_table(3017), data_type: DataType::U32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Diagnostics, quantity: None, description: "RMS Total block (read all 20 regs at once): RESERVED1", note: "word order assumed, not verified on hardware", confidence: Confidence::High, source: "ge" };

/// RMS Total block (read all 20 regs at once): INTR
///
/// `rms_total_intr`: register 3019 (wire 3018), u32 × 2 registers, count, access R, confidence H.
///
/// Note: word order assumed, not verified on hardware
pub const RMS_TOTAL_INTR: Register = Register { name: "rms_total_intr", number: N::from_table(3019), data_type: DataType::U32, words: 2, unit: Unit::Count, factor: 1.0, access: Access::R, group: Group::Diagnostics, quantity: None, description: "RMS Total block (read all 20 regs at once): INTR", note: "word order assumed, not verified on hardware", confidence: Confidence::High, source: "ge" };

/// RMS Phase A block (read all 20 regs at once): VA_A
///
/// `rms_a_va_a`: register 3031 (wire 3030), float32 × 2 registers, VA, access R, confidence H.
pub const RMS_A_VA_A: Register = Register { name: "rms_a_va_a", number: N::from_table(3031), data_type: DataType::F32, words: 2, unit: Unit::VoltAmpere, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Phase A block (read all 20 regs at once): VA_A", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Phase A block (read all 20 regs at once): W_A
///
/// `rms_a_w_a`: register 3033 (wire 3032), float32 × 2 registers, W, access R, confidence H.
pub const RMS_A_W_A: Register = Register { name: "rms_a_w_a", number: N::from_table(3033), data_type: DataType::F32, words: 2, unit: Unit::Watt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Phase A block (read all 20 regs at once): W_A", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Phase A block (read all 20 regs at once): VAR_A
///
/// `rms_a_var_a`: register 3035 (wire 3034), float32 × 2 registers, var, access R, confidence H.
pub const RMS_A_VAR_A: Register = Register { name: "rms_a_var_a", number: N::from_table(3035), data_type: DataType::F32, words: 2, unit: Unit::Var, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Phase A block (read all 20 regs at once): VAR_A", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Phase A block (read all 20 regs at once): PF_A
///
/// `rms_a_pf_a`: register 3037 (wire 3036), float32 × 2 registers, access R, confidence H.
pub const RMS_A_PF_A: Register = Register { name: "rms_a_pf_a", number: N::from_table(3037), data_type: DataType::F32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Phase A block (read all 20 regs at once): PF_A", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Phase A block (read all 20 regs at once): V_AB
///
/// `rms_a_v_ab`: register 3039 (wire 3038), float32 × 2 registers, V, access R, confidence H.
pub const RMS_A_V_AB: Register = Register { name: "rms_a_v_ab", number: N::from_table(3039), data_type: DataType::F32, words: 2, unit: Unit::Volt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Phase A block (read all 20 regs at once): V_AB", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Phase A block (read all 20 regs at once): V_A
///
/// `rms_a_v_a`: register 3041 (wire 3040), float32 × 2 registers, V, access R, confidence H.
pub const RMS_A_V_A: Register = Register { name: "rms_a_v_a", number: N::from_table(3041), data_type: DataType::F32, words: 2, unit: Unit::Volt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Phase A block (read all 20 regs at once): V_A", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Phase A block (read all 20 regs at once): A_A
///
/// `rms_a_a_a`: register 3043 (wire 3042), float32 × 2 registers, A, access R, confidence H.
pub const RMS_A_A_A: Register = Register { name: "rms_a_a_a", number: N::from_table(3043), data_type: DataType::F32, words: 2, unit: Unit::Ampere, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Phase A block (read all 20 regs at once): A_A", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Phase A block (read all 20 regs at once): F_A
///
/// `rms_a_f_a`: register 3045 (wire 3044), float32 × 2 registers, Hz, access R, confidence H.
pub const RMS_A_F_A: Register = Register { name: "rms_a_f_a", number: N::from_table(3045), data_type: DataType::F32, words: 2, unit: Unit::Hertz, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Phase A block (read all 20 regs at once): F_A", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Phase A block (read all 20 regs at once): RESERVED2
///
/// `rms_a_reserved2`: register 3047 (wire 3046), u32 × 2 registers, access R, confidence H.
///
/// Note: word order assumed, not verified on hardware
pub const RMS_A_RESERVED2: Register = Register { name: "rms_a_reserved2", number: N::from_table(3047), data_type: DataType::U32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Diagnostics, quantity: None, description: "RMS Phase A block (read all 20 regs at once): RESERVED2", note: "word order assumed, not verified on hardware", confidence: Confidence::High, source: "ge" };

/// RMS Phase A block (read all 20 regs at once): INTR_A
///
/// `rms_a_intr_a`: register 3049 (wire 3048), u32 × 2 registers, count, access R, confidence H.
///
/// Note: word order assumed, not verified on hardware
pub const RMS_A_INTR_A: Register = Register { name: "rms_a_intr_a", number: N::from_table(3049), data_type: DataType::U32, words: 2, unit: Unit::Count, factor: 1.0, access: Access::R, group: Group::Diagnostics, quantity: None, description: "RMS Phase A block (read all 20 regs at once): INTR_A", note: "word order assumed, not verified on hardware", confidence: Confidence::High, source: "ge" };

/// RMS Phase B block (read all 20 regs at once): VA_B
///
/// `rms_b_va_b`: register 3061 (wire 3060), float32 × 2 registers, VA, access R, confidence H.
pub const RMS_B_VA_B: Register = Register { name: "rms_b_va_b", number: N::from_table(3061), data_type: DataType::F32, words: 2, unit: Unit::VoltAmpere, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Phase B block (read all 20 regs at once): VA_B", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Phase B block (read all 20 regs at once): W_B
///
/// `rms_b_w_b`: register 3063 (wire 3062), float32 × 2 registers, W, access R, confidence H.
pub const RMS_B_W_B: Register = Register { name: "rms_b_w_b", number: N::from_table(3063), data_type: DataType::F32, words: 2, unit: Unit::Watt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Phase B block (read all 20 regs at once): W_B", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Phase B block (read all 20 regs at once): VAR_B
///
/// `rms_b_var_b`: register 3065 (wire 3064), float32 × 2 registers, var, access R, confidence H.
pub const RMS_B_VAR_B: Register = Register { name: "rms_b_var_b", number: N::from_table(3065), data_type: DataType::F32, words: 2, unit: Unit::Var, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Phase B block (read all 20 regs at once): VAR_B", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Phase B block (read all 20 regs at once): PF_B
///
/// `rms_b_pf_b`: register 3067 (wire 3066), float32 × 2 registers, access R, confidence H.
pub const RMS_B_PF_B: Register = Register { name: "rms_b_pf_b", number: N::from_table(3067), data_type: DataType::F32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Phase B block (read all 20 regs at once): PF_B", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Phase B block (read all 20 regs at once): V_BC
///
/// `rms_b_v_bc`: register 3069 (wire 3068), float32 × 2 registers, V, access R, confidence H.
pub const RMS_B_V_BC: Register = Register { name: "rms_b_v_bc", number: N::from_table(3069), data_type: DataType::F32, words: 2, unit: Unit::Volt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Phase B block (read all 20 regs at once): V_BC", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Phase B block (read all 20 regs at once): V_B
///
/// `rms_b_v_b`: register 3071 (wire 3070), float32 × 2 registers, V, access R, confidence H.
pub const RMS_B_V_B: Register = Register { name: "rms_b_v_b", number: N::from_table(3071), data_type: DataType::F32, words: 2, unit: Unit::Volt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Phase B block (read all 20 regs at once): V_B", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Phase B block (read all 20 regs at once): A_B
///
/// `rms_b_a_b`: register 3073 (wire 3072), float32 × 2 registers, A, access R, confidence H.
pub const RMS_B_A_B: Register = Register { name: "rms_b_a_b", number: N::from_table(3073), data_type: DataType::F32, words: 2, unit: Unit::Ampere, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Phase B block (read all 20 regs at once): A_B", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Phase B block (read all 20 regs at once): F_B
///
/// `rms_b_f_b`: register 3075 (wire 3074), float32 × 2 registers, Hz, access R, confidence H.
pub const RMS_B_F_B: Register = Register { name: "rms_b_f_b", number: N::from_table(3075), data_type: DataType::F32, words: 2, unit: Unit::Hertz, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Phase B block (read all 20 regs at once): F_B", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Phase B block (read all 20 regs at once): RESERVED3
///
/// `rms_b_reserved3`: register 3077 (wire 3076), u32 × 2 registers, access R, confidence H.
///
/// Note: word order assumed, not verified on hardware
pub const RMS_B_RESERVED3: Register = Register { name: "rms_b_reserved3", number: N::from_table(3077), data_type: DataType::U32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Diagnostics, quantity: None, description: "RMS Phase B block (read all 20 regs at once): RESERVED3", note: "word order assumed, not verified on hardware", confidence: Confidence::High, source: "ge" };

/// RMS Phase B block (read all 20 regs at once): INTR_B
///
/// `rms_b_intr_b`: register 3079 (wire 3078), u32 × 2 registers, count, access R, confidence H.
///
/// Note: word order assumed, not verified on hardware
pub const RMS_B_INTR_B: Register = Register { name: "rms_b_intr_b", number: N::from_table(3079), data_type: DataType::U32, words: 2, unit: Unit::Count, factor: 1.0, access: Access::R, group: Group::Diagnostics, quantity: None, description: "RMS Phase B block (read all 20 regs at once): INTR_B", note: "word order assumed, not verified on hardware", confidence: Confidence::High, source: "ge" };

/// RMS Phase C block (read all 20 regs at once): VA_C
///
/// `rms_c_va_c`: register 3091 (wire 3090), float32 × 2 registers, VA, access R, confidence H.
pub const RMS_C_VA_C: Register = Register { name: "rms_c_va_c", number: N::from_table(3091), data_type: DataType::F32, words: 2, unit: Unit::VoltAmpere, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Phase C block (read all 20 regs at once): VA_C", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Phase C block (read all 20 regs at once): W_C
///
/// `rms_c_w_c`: register 3093 (wire 3092), float32 × 2 registers, W, access R, confidence H.
pub const RMS_C_W_C: Register = Register { name: "rms_c_w_c", number: N::from_table(3093), data_type: DataType::F32, words: 2, unit: Unit::Watt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Phase C block (read all 20 regs at once): W_C", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Phase C block (read all 20 regs at once): VAR_C
///
/// `rms_c_var_c`: register 3095 (wire 3094), float32 × 2 registers, var, access R, confidence H.
pub const RMS_C_VAR_C: Register = Register { name: "rms_c_var_c", number: N::from_table(3095), data_type: DataType::F32, words: 2, unit: Unit::Var, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Phase C block (read all 20 regs at once): VAR_C", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Phase C block (read all 20 regs at once): PF_C
///
/// `rms_c_pf_c`: register 3097 (wire 3096), float32 × 2 registers, access R, confidence H.
pub const RMS_C_PF_C: Register = Register { name: "rms_c_pf_c", number: N::from_table(3097), data_type: DataType::F32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Phase C block (read all 20 regs at once): PF_C", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Phase C block (read all 20 regs at once): V_CA
///
/// `rms_c_v_ca`: register 3099 (wire 3098), float32 × 2 registers, V, access R, confidence H.
pub const RMS_C_V_CA: Register = Register { name: "rms_c_v_ca", number: N::from_table(3099), data_type: DataType::F32, words: 2, unit: Unit::Volt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Phase C block (read all 20 regs at once): V_CA", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Phase C block (read all 20 regs at once): V_C
///
/// `rms_c_v_c`: register 3101 (wire 3100), float32 × 2 registers, V, access R, confidence H.
pub const RMS_C_V_C: Register = Register { name: "rms_c_v_c", number: N::from_table(3101), data_type: DataType::F32, words: 2, unit: Unit::Volt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Phase C block (read all 20 regs at once): V_C", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Phase C block (read all 20 regs at once): A_C
///
/// `rms_c_a_c`: register 3103 (wire 3102), float32 × 2 registers, A, access R, confidence H.
pub const RMS_C_A_C: Register = Register { name: "rms_c_a_c", number: N::from_table(3103), data_type: DataType::F32, words: 2, unit: Unit::Ampere, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Phase C block (read all 20 regs at once): A_C", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Phase C block (read all 20 regs at once): F_C
///
/// `rms_c_f_c`: register 3105 (wire 3104), float32 × 2 registers, Hz, access R, confidence H.
pub const RMS_C_F_C: Register = Register { name: "rms_c_f_c", number: N::from_table(3105), data_type: DataType::F32, words: 2, unit: Unit::Hertz, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: None, description: "RMS Phase C block (read all 20 regs at once): F_C", note: "", confidence: Confidence::High, source: "ge" };

/// RMS Phase C block (read all 20 regs at once): RESERVED4
///
/// `rms_c_reserved4`: register 3107 (wire 3106), u32 × 2 registers, access R, confidence H.
///
/// Note: word order assumed, not verified on hardware
pub const RMS_C_RESERVED4: Register = Register { name: "rms_c_reserved4", number: N::from_table(3107), data_type: DataType::U32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Diagnostics, quantity: None, description: "RMS Phase C block (read all 20 regs at once): RESERVED4", note: "word order assumed, not verified on hardware", confidence: Confidence::High, source: "ge" };

/// RMS Phase C block (read all 20 regs at once): INTR_C
///
/// `rms_c_intr_c`: register 3109 (wire 3108), u32 × 2 registers, count, access R, confidence H.
///
/// Note: word order assumed, not verified on hardware
pub const RMS_C_INTR_C: Register = Register { name: "rms_c_intr_c", number: N::from_table(3109), data_type: DataType::U32, words: 2, unit: Unit::Count, factor: 1.0, access: Access::R, group: Group::Diagnostics, quantity: None, description: "RMS Phase C block (read all 20 regs at once): INTR_C", note: "word order assumed, not verified on hardware", confidence: Confidence::High, source: "ge" };

/// Forward Integrator block (read all 20 regs at once): VAh_fwd
///
/// `fwd_int_vah_fwd`: register 3121 (wire 3120), float32 × 2 registers, VAh, access R, confidence H.
pub const FWD_INT_VAH_FWD: Register = Register { name: "fwd_int_vah_fwd", number: N::from_table(3121), data_type: DataType::F32, words: 2, unit: Unit::VoltAmpereHour, factor: 1.0, access: Access::R, group: Group::Energy, quantity: None, description: "Forward Integrator block (read all 20 regs at once): VAh_fwd", note: "", confidence: Confidence::High, source: "ge" };

/// Forward Integrator block (read all 20 regs at once): Wh_fwd
///
/// `fwd_int_wh_fwd`: register 3123 (wire 3122), float32 × 2 registers, Wh, access R, confidence H.
pub const FWD_INT_WH_FWD: Register = Register { name: "fwd_int_wh_fwd", number: N::from_table(3123), data_type: DataType::F32, words: 2, unit: Unit::WattHour, factor: 1.0, access: Access::R, group: Group::Energy, quantity: None, description: "Forward Integrator block (read all 20 regs at once): Wh_fwd", note: "", confidence: Confidence::High, source: "ge" };

/// Forward Integrator block (read all 20 regs at once): VARh_L_fwd
///
/// `fwd_int_varh_l_fwd`: register 3125 (wire 3124), float32 × 2 registers, varh, access R, confidence H.
pub const FWD_INT_VARH_L_FWD: Register = Register { name: "fwd_int_varh_l_fwd", number: N::from_table(3125), data_type: DataType::F32, words: 2, unit: Unit::VarHour, factor: 1.0, access: Access::R, group: Group::Energy, quantity: None, description: "Forward Integrator block (read all 20 regs at once): VARh_L_fwd", note: "", confidence: Confidence::High, source: "ge" };

/// Forward Integrator block (read all 20 regs at once): RESERVED5
///
/// `fwd_int_reserved5`: register 3127 (wire 3126), u32 × 2 registers, access R, confidence H.
///
/// Note: word order assumed, not verified on hardware
pub const FWD_INT_RESERVED5: Register = Register { name: "fwd_int_reserved5", number: N::from_table(3127), data_type: DataType::U32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Diagnostics, quantity: None, description: "Forward Integrator block (read all 20 regs at once): RESERVED5", note: "word order assumed, not verified on hardware", confidence: Confidence::High, source: "ge" };

/// Forward Integrator block (read all 20 regs at once): RESERVED6
///
/// `fwd_int_reserved6`: register 3129 (wire 3128), u32 × 2 registers, access R, confidence H.
///
/// Note: word order assumed, not verified on hardware
pub const FWD_INT_RESERVED6: Register = Register { name: "fwd_int_reserved6", number: N::from_table(3129), data_type: DataType::U32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Diagnostics, quantity: None, description: "Forward Integrator block (read all 20 regs at once): RESERVED6", note: "word order assumed, not verified on hardware", confidence: Confidence::High, source: "ge" };

/// Forward Integrator block (read all 20 regs at once): VARh_C_fwd
///
/// `fwd_int_varh_c_fwd`: register 3131 (wire 3130), float32 × 2 registers, varh, access R, confidence H.
pub const FWD_INT_VARH_C_FWD: Register = Register { name: "fwd_int_varh_c_fwd", number: N::from_table(3131), data_type: DataType::F32, words: 2, unit: Unit::VarHour, factor: 1.0, access: Access::R, group: Group::Energy, quantity: None, description: "Forward Integrator block (read all 20 regs at once): VARh_C_fwd", note: "", confidence: Confidence::High, source: "ge" };

/// Forward Integrator block (read all 20 regs at once): RESERVED7
///
/// `fwd_int_reserved7`: register 3133 (wire 3132), u32 × 2 registers, access R, confidence H.
///
/// Note: word order assumed, not verified on hardware
pub const FWD_INT_RESERVED7: Register = Register { name: "fwd_int_reserved7", number: N::from_table(3133), data_type: DataType::U32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Diagnostics, quantity: None, description: "Forward Integrator block (read all 20 regs at once): RESERVED7", note: "word order assumed, not verified on hardware", confidence: Confidence::High, source: "ge" };

/// Forward Integrator block (read all 20 regs at once): RESERVED8
///
/// `fwd_int_reserved8`: register 3135 (wire 3134), u32 × 2 registers, access R, confidence H.
///
/// Note: word order assumed, not verified on hardware
pub const FWD_INT_RESERVED8: Register = Register { name: "fwd_int_reserved8", number: N::from_table(3135), data_type: DataType::U32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Diagnostics, quantity: None, description: "Forward Integrator block (read all 20 regs at once): RESERVED8", note: "word order assumed, not verified on hardware", confidence: Confidence::High, source: "ge" };

/// Forward Integrator block (read all 20 regs at once): RESERVED9
///
/// `fwd_int_reserved9`: register 3137 (wire 3136), u32 × 2 registers, access R, confidence H.
///
/// Note: word order assumed, not verified on hardware
pub const FWD_INT_RESERVED9: Register = Register { name: "fwd_int_reserved9", number: N::from_table(3137), data_type: DataType::U32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Diagnostics, quantity: None, description: "Forward Integrator block (read all 20 regs at once): RESERVED9", note: "word order assumed, not verified on hardware", confidence: Confidence::High, source: "ge" };

/// Forward Integrator block (read all 20 regs at once): RUN_SECS_fwd
///
/// `fwd_int_run_secs_fwd`: register 3139 (wire 3138), u32 × 2 registers, s, access R, confidence H.
///
/// Note: word order assumed, not verified on hardware
pub const FWD_INT_RUN_SECS_FWD: Register = Register { name: "fwd_int_run_secs_fwd", number: N::from_table(3139), data_type: DataType::U32, words: 2, unit: Unit::Second, factor: 1.0, access: Access::R, group: Group::Diagnostics, quantity: None, description: "Forward Integrator block (read all 20 regs at once): RUN_SECS_fwd", note: "word order assumed, not verified on hardware", confidence: Confidence::High, source: "ge" };

/// Turbo/individual: VA total (apparent power, avg/total)
///
/// `apparent_power_total`: register 3901 (wire 3900), float32 × 2 registers, VA, access R, confidence H.
/// Source of [`Quantity::ApparentPowerTotal`].
pub const APPARENT_POWER_TOTAL: Register = Register { name: "apparent_power_total", number: N::from_table(3901), data_type: DataType::F32, words: 2, unit: Unit::VoltAmpere, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::ApparentPowerTotal), description: "Turbo/individual: VA total (apparent power, avg/total)", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: W total (active power)
///
/// `active_power_total`: register 3903 (wire 3902), float32 × 2 registers, W, access R, confidence H.
/// Source of [`Quantity::ActivePowerTotal`].
pub const ACTIVE_POWER_TOTAL: Register = Register { name: "active_power_total", number: N::from_table(3903), data_type: DataType::F32, words: 2, unit: Unit::Watt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::ActivePowerTotal), description: "Turbo/individual: W total (active power)", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: VAR total (reactive power)
///
/// `reactive_power_total`: register 3905 (wire 3904), float32 × 2 registers, var, access R, confidence H.
/// Source of [`Quantity::ReactivePowerTotal`].
pub const REACTIVE_POWER_TOTAL: Register = Register { name: "reactive_power_total", number: N::from_table(3905), data_type: DataType::F32, words: 2, unit: Unit::Var, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::ReactivePowerTotal), description: "Turbo/individual: VAR total (reactive power)", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: PF average
///
/// `power_factor_total`: register 3907 (wire 3906), float32 × 2 registers, access R, confidence H.
/// Source of [`Quantity::PowerFactorTotal`].
pub const POWER_FACTOR_TOTAL: Register = Register { name: "power_factor_total", number: N::from_table(3907), data_type: DataType::F32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::PowerFactorTotal), description: "Turbo/individual: PF average", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: VLL average line-line voltage
///
/// `voltage_ll_avg`: register 3909 (wire 3908), float32 × 2 registers, V, access R, confidence H.
/// Source of [`Quantity::VoltageLLAvg`].
pub const VOLTAGE_LL_AVG: Register = Register { name: "voltage_ll_avg", number: N::from_table(3909), data_type: DataType::F32, words: 2, unit: Unit::Volt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::VoltageLLAvg), description: "Turbo/individual: VLL average line-line voltage", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: VLN average line-neutral voltage
///
/// `voltage_ln_avg`: register 3911 (wire 3910), float32 × 2 registers, V, access R, confidence H.
/// Source of [`Quantity::VoltageLNAvg`].
pub const VOLTAGE_LN_AVG: Register = Register { name: "voltage_ln_avg", number: N::from_table(3911), data_type: DataType::F32, words: 2, unit: Unit::Volt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::VoltageLNAvg), description: "Turbo/individual: VLN average line-neutral voltage", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: A average current
///
/// `current_avg`: register 3913 (wire 3912), float32 × 2 registers, A, access R, confidence H.
/// Source of [`Quantity::CurrentAvg`].
pub const CURRENT_AVG: Register = Register { name: "current_avg", number: N::from_table(3913), data_type: DataType::F32, words: 2, unit: Unit::Ampere, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::CurrentAvg), description: "Turbo/individual: A average current", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: F frequency
///
/// `frequency`: register 3915 (wire 3914), float32 × 2 registers, Hz, access R, confidence H.
/// Source of [`Quantity::Frequency`].
pub const FREQUENCY: Register = Register { name: "frequency", number: N::from_table(3915), data_type: DataType::F32, words: 2, unit: Unit::Hertz, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::Frequency), description: "Turbo/individual: F frequency", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: VA1 phase 1 (R) apparent power
///
/// `apparent_power_a`: register 3917 (wire 3916), float32 × 2 registers, VA, access R, confidence H.
/// Source of [`Quantity::ApparentPowerA`].
pub const APPARENT_POWER_A: Register = Register { name: "apparent_power_a", number: N::from_table(3917), data_type: DataType::F32, words: 2, unit: Unit::VoltAmpere, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::ApparentPowerA), description: "Turbo/individual: VA1 phase 1 (R) apparent power", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: W1 phase 1 active power
///
/// `active_power_a`: register 3919 (wire 3918), float32 × 2 registers, W, access R, confidence H.
/// Source of [`Quantity::ActivePowerA`].
pub const ACTIVE_POWER_A: Register = Register { name: "active_power_a", number: N::from_table(3919), data_type: DataType::F32, words: 2, unit: Unit::Watt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::ActivePowerA), description: "Turbo/individual: W1 phase 1 active power", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: VAR1 phase 1 reactive power
///
/// `reactive_power_a`: register 3921 (wire 3920), float32 × 2 registers, var, access R, confidence H.
/// Source of [`Quantity::ReactivePowerA`].
pub const REACTIVE_POWER_A: Register = Register { name: "reactive_power_a", number: N::from_table(3921), data_type: DataType::F32, words: 2, unit: Unit::Var, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::ReactivePowerA), description: "Turbo/individual: VAR1 phase 1 reactive power", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: PF1 phase 1 power factor
///
/// `power_factor_a`: register 3923 (wire 3922), float32 × 2 registers, access R, confidence H.
/// Source of [`Quantity::PowerFactorA`].
pub const POWER_FACTOR_A: Register = Register { name: "power_factor_a", number: N::from_table(3923), data_type: DataType::F32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::PowerFactorA), description: "Turbo/individual: PF1 phase 1 power factor", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: V12 line-line voltage 1-2
///
/// `voltage_ab`: register 3925 (wire 3924), float32 × 2 registers, V, access R, confidence H.
/// Source of [`Quantity::VoltageAB`].
pub const VOLTAGE_AB: Register = Register { name: "voltage_ab", number: N::from_table(3925), data_type: DataType::F32, words: 2, unit: Unit::Volt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::VoltageAB), description: "Turbo/individual: V12 line-line voltage 1-2", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: V1 phase 1 L-N voltage
///
/// `voltage_an`: register 3927 (wire 3926), float32 × 2 registers, V, access R, confidence H.
/// Source of [`Quantity::VoltageAN`].
pub const VOLTAGE_AN: Register = Register { name: "voltage_an", number: N::from_table(3927), data_type: DataType::F32, words: 2, unit: Unit::Volt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::VoltageAN), description: "Turbo/individual: V1 phase 1 L-N voltage", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: A1 phase 1 current
///
/// `current_a`: register 3929 (wire 3928), float32 × 2 registers, A, access R, confidence H.
/// Source of [`Quantity::CurrentA`].
pub const CURRENT_A: Register = Register { name: "current_a", number: N::from_table(3929), data_type: DataType::F32, words: 2, unit: Unit::Ampere, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::CurrentA), description: "Turbo/individual: A1 phase 1 current", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: VA2 phase 2 (Y) apparent power
///
/// `apparent_power_b`: register 3931 (wire 3930), float32 × 2 registers, VA, access R, confidence H.
/// Source of [`Quantity::ApparentPowerB`].
pub const APPARENT_POWER_B: Register = Register { name: "apparent_power_b", number: N::from_table(3931), data_type: DataType::F32, words: 2, unit: Unit::VoltAmpere, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::ApparentPowerB), description: "Turbo/individual: VA2 phase 2 (Y) apparent power", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: W2 phase 2 active power
///
/// `active_power_b`: register 3933 (wire 3932), float32 × 2 registers, W, access R, confidence H.
/// Source of [`Quantity::ActivePowerB`].
pub const ACTIVE_POWER_B: Register = Register { name: "active_power_b", number: N::from_table(3933), data_type: DataType::F32, words: 2, unit: Unit::Watt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::ActivePowerB), description: "Turbo/individual: W2 phase 2 active power", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: VAR2 phase 2 reactive power
///
/// `reactive_power_b`: register 3935 (wire 3934), float32 × 2 registers, var, access R, confidence H.
/// Source of [`Quantity::ReactivePowerB`].
pub const REACTIVE_POWER_B: Register = Register { name: "reactive_power_b", number: N::from_table(3935), data_type: DataType::F32, words: 2, unit: Unit::Var, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::ReactivePowerB), description: "Turbo/individual: VAR2 phase 2 reactive power", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: PF2 phase 2 power factor
///
/// `power_factor_b`: register 3937 (wire 3936), float32 × 2 registers, access R, confidence H.
/// Source of [`Quantity::PowerFactorB`].
pub const POWER_FACTOR_B: Register = Register { name: "power_factor_b", number: N::from_table(3937), data_type: DataType::F32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::PowerFactorB), description: "Turbo/individual: PF2 phase 2 power factor", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: V23 line-line voltage 2-3
///
/// `voltage_bc`: register 3939 (wire 3938), float32 × 2 registers, V, access R, confidence H.
/// Source of [`Quantity::VoltageBC`].
pub const VOLTAGE_BC: Register = Register { name: "voltage_bc", number: N::from_table(3939), data_type: DataType::F32, words: 2, unit: Unit::Volt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::VoltageBC), description: "Turbo/individual: V23 line-line voltage 2-3", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: V2 phase 2 L-N voltage
///
/// `voltage_bn`: register 3941 (wire 3940), float32 × 2 registers, V, access R, confidence H.
/// Source of [`Quantity::VoltageBN`].
pub const VOLTAGE_BN: Register = Register { name: "voltage_bn", number: N::from_table(3941), data_type: DataType::F32, words: 2, unit: Unit::Volt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::VoltageBN), description: "Turbo/individual: V2 phase 2 L-N voltage", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: A2 phase 2 current
///
/// `current_b`: register 3943 (wire 3942), float32 × 2 registers, A, access R, confidence H.
/// Source of [`Quantity::CurrentB`].
pub const CURRENT_B: Register = Register { name: "current_b", number: N::from_table(3943), data_type: DataType::F32, words: 2, unit: Unit::Ampere, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::CurrentB), description: "Turbo/individual: A2 phase 2 current", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: VA3 phase 3 (B) apparent power
///
/// `apparent_power_c`: register 3945 (wire 3944), float32 × 2 registers, VA, access R, confidence H.
/// Source of [`Quantity::ApparentPowerC`].
pub const APPARENT_POWER_C: Register = Register { name: "apparent_power_c", number: N::from_table(3945), data_type: DataType::F32, words: 2, unit: Unit::VoltAmpere, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::ApparentPowerC), description: "Turbo/individual: VA3 phase 3 (B) apparent power", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: W3 phase 3 active power
///
/// `active_power_c`: register 3947 (wire 3946), float32 × 2 registers, W, access R, confidence H.
/// Source of [`Quantity::ActivePowerC`].
pub const ACTIVE_POWER_C: Register = Register { name: "active_power_c", number: N::from_table(3947), data_type: DataType::F32, words: 2, unit: Unit::Watt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::ActivePowerC), description: "Turbo/individual: W3 phase 3 active power", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: VAR3 phase 3 reactive power
///
/// `reactive_power_c`: register 3949 (wire 3948), float32 × 2 registers, var, access R, confidence H.
/// Source of [`Quantity::ReactivePowerC`].
pub const REACTIVE_POWER_C: Register = Register { name: "reactive_power_c", number: N::from_table(3949), data_type: DataType::F32, words: 2, unit: Unit::Var, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::ReactivePowerC), description: "Turbo/individual: VAR3 phase 3 reactive power", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: PF3 phase 3 power factor
///
/// `power_factor_c`: register 3951 (wire 3950), float32 × 2 registers, access R, confidence H.
/// Source of [`Quantity::PowerFactorC`].
pub const POWER_FACTOR_C: Register = Register { name: "power_factor_c", number: N::from_table(3951), data_type: DataType::F32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::PowerFactorC), description: "Turbo/individual: PF3 phase 3 power factor", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: V31 line-line voltage 3-1
///
/// `voltage_ca`: register 3953 (wire 3952), float32 × 2 registers, V, access R, confidence H.
/// Source of [`Quantity::VoltageCA`].
pub const VOLTAGE_CA: Register = Register { name: "voltage_ca", number: N::from_table(3953), data_type: DataType::F32, words: 2, unit: Unit::Volt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::VoltageCA), description: "Turbo/individual: V31 line-line voltage 3-1", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: V3 phase 3 L-N voltage
///
/// `voltage_cn`: register 3955 (wire 3954), float32 × 2 registers, V, access R, confidence H.
/// Source of [`Quantity::VoltageCN`].
pub const VOLTAGE_CN: Register = Register { name: "voltage_cn", number: N::from_table(3955), data_type: DataType::F32, words: 2, unit: Unit::Volt, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::VoltageCN), description: "Turbo/individual: V3 phase 3 L-N voltage", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: A3 phase 3 current
///
/// `current_c`: register 3957 (wire 3956), float32 × 2 registers, A, access R, confidence H.
/// Source of [`Quantity::CurrentC`].
pub const CURRENT_C: Register = Register { name: "current_c", number: N::from_table(3957), data_type: DataType::F32, words: 2, unit: Unit::Ampere, factor: 1.0, access: Access::R, group: Group::Instantaneous, quantity: Some(Quantity::CurrentC), description: "Turbo/individual: A3 phase 3 current", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: FwdVAh forward apparent energy
///
/// `apparent_energy_delivered`: register 3959 (wire 3958), float32 × 2 registers, VAh, access R, confidence H.
/// Source of [`Quantity::ApparentEnergyDelivered`].
pub const APPARENT_ENERGY_DELIVERED: Register = Register { name: "apparent_energy_delivered", number: N::from_table(3959), data_type: DataType::F32, words: 2, unit: Unit::VoltAmpereHour, factor: 1.0, access: Access::R, group: Group::Energy, quantity: Some(Quantity::ApparentEnergyDelivered), description: "Turbo/individual: FwdVAh forward apparent energy", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: FwdWh forward active energy (import)
///
/// `active_energy_delivered`: register 3961 (wire 3960), float32 × 2 registers, Wh, access R, confidence H.
/// Source of [`Quantity::ActiveEnergyDelivered`].
pub const ACTIVE_ENERGY_DELIVERED: Register = Register { name: "active_energy_delivered", number: N::from_table(3961), data_type: DataType::F32, words: 2, unit: Unit::WattHour, factor: 1.0, access: Access::R, group: Group::Energy, quantity: Some(Quantity::ActiveEnergyDelivered), description: "Turbo/individual: FwdWh forward active energy (import)", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: FwdVARh forward reactive energy, inductive
///
/// `reactive_energy_delivered_inductive`: register 3963 (wire 3962), float32 × 2 registers, varh, access R, confidence H.
/// Source of [`Quantity::ReactiveEnergyDeliveredInductive`].
pub const REACTIVE_ENERGY_DELIVERED_INDUCTIVE: Register = Register { name: "reactive_energy_delivered_inductive", number: N::from_table(3963), data_type: DataType::F32, words: 2, unit: Unit::VarHour, factor: 1.0, access: Access::R, group: Group::Energy, quantity: Some(Quantity::ReactiveEnergyDeliveredInductive), description: "Turbo/individual: FwdVARh forward reactive energy, inductive", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: FwdVARh forward reactive energy, capacitive
///
/// `reactive_energy_delivered_capacitive`: register 3965 (wire 3964), float32 × 2 registers, varh, access R, confidence H.
/// Source of [`Quantity::ReactiveEnergyDeliveredCapacitive`].
pub const REACTIVE_ENERGY_DELIVERED_CAPACITIVE: Register = Register { name: "reactive_energy_delivered_capacitive", number: N::from_table(3965), data_type: DataType::F32, words: 2, unit: Unit::VarHour, factor: 1.0, access: Access::R, group: Group::Energy, quantity: Some(Quantity::ReactiveEnergyDeliveredCapacitive), description: "Turbo/individual: FwdVARh forward reactive energy, capacitive", note: "", confidence: Confidence::High, source: "field" };

/// Turbo/individual: RevVAh reverse apparent energy
///
/// `apparent_energy_received`: register 3967 (wire 3966), float32 × 2 registers, VAh, access R, confidence H.
/// Source of [`Quantity::ApparentEnergyReceived`].
pub const APPARENT_ENERGY_RECEIVED: Register = Register { name: "apparent_energy_received", number: N::from_table(3967), data_type: DataType::F32, words: 2, unit: Unit::VoltAmpereHour, factor: 1.0, access: Access::R, group: Group::Energy, quantity: Some(Quantity::ApparentEnergyReceived), description: "Turbo/individual: RevVAh reverse apparent energy", note: "", confidence: Confidence::High, source: "ge" };

/// Turbo/individual: RevWh reverse active energy (export)
///
/// `active_energy_received`: register 3969 (wire 3968), float32 × 2 registers, Wh, access R, confidence H.
/// Source of [`Quantity::ActiveEnergyReceived`].
pub const ACTIVE_ENERGY_RECEIVED: Register = Register { name: "active_energy_received", number: N::from_table(3969), data_type: DataType::F32, words: 2, unit: Unit::WattHour, factor: 1.0, access: Access::R, group: Group::Energy, quantity: Some(Quantity::ActiveEnergyReceived), description: "Turbo/individual: RevWh reverse active energy (export)", note: "", confidence: Confidence::High, source: "ge" };

/// Turbo/individual: RevVARh reverse reactive energy, inductive
///
/// `reactive_energy_received_inductive`: register 3971 (wire 3970), float32 × 2 registers, varh, access R, confidence H.
/// Source of [`Quantity::ReactiveEnergyReceivedInductive`].
pub const REACTIVE_ENERGY_RECEIVED_INDUCTIVE: Register = Register { name: "reactive_energy_received_inductive", number: N::from_table(3971), data_type: DataType::F32, words: 2, unit: Unit::VarHour, factor: 1.0, access: Access::R, group: Group::Energy, quantity: Some(Quantity::ReactiveEnergyReceivedInductive), description: "Turbo/individual: RevVARh reverse reactive energy, inductive", note: "", confidence: Confidence::High, source: "ge" };

/// Turbo/individual: RevVARh reverse reactive energy, capacitive
///
/// `reactive_energy_received_capacitive`: register 3973 (wire 3972), float32 × 2 registers, varh, access R, confidence H.
/// Source of [`Quantity::ReactiveEnergyReceivedCapacitive`].
pub const REACTIVE_ENERGY_RECEIVED_CAPACITIVE: Register = Register { name: "reactive_energy_received_capacitive", number: N::from_table(3973), data_type: DataType::F32, words: 2, unit: Unit::VarHour, factor: 1.0, access: Access::R, group: Group::Energy, quantity: Some(Quantity::ReactiveEnergyReceivedCapacitive), description: "Turbo/individual: RevVARh reverse reactive energy, capacitive", note: "", confidence: Confidence::High, source: "ge" };

/// Turbo/individual: Present demand (quantity per demand setting)
///
/// `turbo_present_demand`: register 3975 (wire 3974), float32 × 2 registers, access R, confidence H.
pub const TURBO_PRESENT_DEMAND: Register = Register { name: "turbo_present_demand", number: N::from_table(3975), data_type: DataType::F32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Demand, quantity: None, description: "Turbo/individual: Present demand (quantity per demand setting)", note: "", confidence: Confidence::High, source: "ge" };

/// Turbo/individual: Rising demand
///
/// `turbo_rising_demand`: register 3977 (wire 3976), float32 × 2 registers, access R, confidence H.
pub const TURBO_RISING_DEMAND: Register = Register { name: "turbo_rising_demand", number: N::from_table(3977), data_type: DataType::F32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Demand, quantity: None, description: "Turbo/individual: Rising demand", note: "", confidence: Confidence::High, source: "ge" };

/// Turbo/individual: Maximum demand
///
/// `turbo_maximum_demand`: register 3979 (wire 3978), float32 × 2 registers, access R, confidence H.
pub const TURBO_MAXIMUM_DEMAND: Register = Register { name: "turbo_maximum_demand", number: N::from_table(3979), data_type: DataType::F32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Demand, quantity: None, description: "Turbo/individual: Maximum demand", note: "", confidence: Confidence::High, source: "ge" };

/// Turbo/individual: RESERVED 44 (reads 0)
///
/// `turbo_reserved_44`: register 3981 (wire 3980), float32 × 2 registers, access R, confidence H.
pub const TURBO_RESERVED_44: Register = Register { name: "turbo_reserved_44", number: N::from_table(3981), data_type: DataType::F32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Diagnostics, quantity: None, description: "Turbo/individual: RESERVED 44 (reads 0)", note: "", confidence: Confidence::High, source: "ge" };

/// Turbo/individual: RESERVED 45 (reads 0)
///
/// `turbo_reserved_45`: register 3983 (wire 3982), float32 × 2 registers, access R, confidence H.
pub const TURBO_RESERVED_45: Register = Register { name: "turbo_reserved_45", number: N::from_table(3983), data_type: DataType::F32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Diagnostics, quantity: None, description: "Turbo/individual: RESERVED 45 (reads 0)", note: "", confidence: Confidence::High, source: "ge" };

/// Turbo/individual: RESERVED 46 (reads 0)
///
/// `turbo_reserved_46`: register 3985 (wire 3984), float32 × 2 registers, access R, confidence H.
pub const TURBO_RESERVED_46: Register = Register { name: "turbo_reserved_46", number: N::from_table(3985), data_type: DataType::F32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Diagnostics, quantity: None, description: "Turbo/individual: RESERVED 46 (reads 0)", note: "", confidence: Confidence::High, source: "ge" };

/// Turbo/individual: RESERVED 47 (reads 0)
///
/// `turbo_reserved_47`: register 3987 (wire 3986), float32 × 2 registers, access R, confidence H.
pub const TURBO_RESERVED_47: Register = Register { name: "turbo_reserved_47", number: N::from_table(3987), data_type: DataType::F32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Diagnostics, quantity: None, description: "Turbo/individual: RESERVED 47 (reads 0)", note: "", confidence: Confidence::High, source: "ge" };

/// Turbo/individual: RESERVED 48 (reads 0)
///
/// `turbo_reserved_48`: register 3989 (wire 3988), float32 × 2 registers, access R, confidence H.
pub const TURBO_RESERVED_48: Register = Register { name: "turbo_reserved_48", number: N::from_table(3989), data_type: DataType::F32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Diagnostics, quantity: None, description: "Turbo/individual: RESERVED 48 (reads 0)", note: "", confidence: Confidence::High, source: "ge" };

/// Turbo/individual: RESERVED 49 (reads 0)
///
/// `turbo_reserved_49`: register 3991 (wire 3990), float32 × 2 registers, access R, confidence H.
pub const TURBO_RESERVED_49: Register = Register { name: "turbo_reserved_49", number: N::from_table(3991), data_type: DataType::F32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Diagnostics, quantity: None, description: "Turbo/individual: RESERVED 49 (reads 0)", note: "", confidence: Confidence::High, source: "ge" };

/// Turbo/individual: Max demand occurrence time
///
/// `turbo_max_demand_occurrence_time`: register 3993 (wire 3992), i32 × 2 registers, access R, confidence M.
pub const TURBO_MAX_DEMAND_OCCURRENCE_TIME: Register = Register { name: "turbo_max_demand_occurrence_time", number: N::from_table(3993), data_type: DataType::I32, words: 2, unit: Unit::None, factor: 1.0, access: Access::R, group: Group::Diagnostics, quantity: None, description: "Turbo/individual: Max demand occurrence time", note: "", confidence: Confidence::Medium, source: "ge" };

/// Turbo/individual: RunSecs forward (load-connected seconds; /3600 = run hours)
///
/// `run_time_delivered`: register 3995 (wire 3994), u32 × 2 registers, s, access R, confidence H.
/// Source of [`Quantity::RunTimeDelivered`].
///
/// Note: word order assumed, not verified on hardware
pub const RUN_TIME_DELIVERED: Register = Register { name: "run_time_delivered", number: N::from_table(3995), data_type: DataType::U32, words: 2, unit: Unit::Second, factor: 1.0, access: Access::R, group: Group::Diagnostics, quantity: Some(Quantity::RunTimeDelivered), description: "Turbo/individual: RunSecs forward (load-connected seconds; /3600 = run hours)", note: "word order assumed, not verified on hardware", confidence: Confidence::High, source: "ge" };

/// Turbo/individual: RunSecs reverse
///
/// `run_time_received`: register 3997 (wire 3996), u32 × 2 registers, s, access R, confidence H.
/// Source of [`Quantity::RunTimeReceived`].
///
/// Note: word order assumed, not verified on hardware
pub const RUN_TIME_RECEIVED: Register = Register { name: "run_time_received", number: N::from_table(3997), data_type: DataType::U32, words: 2, unit: Unit::Second, factor: 1.0, access: Access::R, group: Group::Diagnostics, quantity: Some(Quantity::RunTimeReceived), description: "Turbo/individual: RunSecs reverse", note: "word order assumed, not verified on hardware", confidence: Confidence::High, source: "ge" };

/// Turbo/individual: INTR number of auxiliary-supply power interruptions
///
/// `control_power_failures`: register 3999 (wire 3998), u32 × 2 registers, count, access R, confidence H.
/// Source of [`Quantity::ControlPowerFailures`].
///
/// Note: word order assumed, not verified on hardware
pub const CONTROL_POWER_FAILURES: Register = Register { name: "control_power_failures", number: N::from_table(3999), data_type: DataType::U32, words: 2, unit: Unit::Count, factor: 1.0, access: Access::R, group: Group::Diagnostics, quantity: Some(Quantity::ControlPowerFailures), description: "Turbo/individual: INTR number of auxiliary-supply power interruptions", note: "word order assumed, not verified on hardware", confidence: Confidence::High, source: "ge" };

/// Every register of the map, sorted by number.
pub static REGISTERS: [Register; 100] = [
    RMS_TOTAL_VA,
    RMS_TOTAL_W,
    RMS_TOTAL_VAR,
    RMS_TOTAL_PF,
    RMS_TOTAL_VLL,
    RMS_TOTAL_VLN,
    RMS_TOTAL_A,
    RMS_TOTAL_F,
    RMS_TOTAL_RESERVED1,
    RMS_TOTAL_INTR,
    RMS_A_VA_A,
    RMS_A_W_A,
    RMS_A_VAR_A,
    RMS_A_PF_A,
    RMS_A_V_AB,
    RMS_A_V_A,
    RMS_A_A_A,
    RMS_A_F_A,
    RMS_A_RESERVED2,
    RMS_A_INTR_A,
    RMS_B_VA_B,
    RMS_B_W_B,
    RMS_B_VAR_B,
    RMS_B_PF_B,
    RMS_B_V_BC,
    RMS_B_V_B,
    RMS_B_A_B,
    RMS_B_F_B,
    RMS_B_RESERVED3,
    RMS_B_INTR_B,
    RMS_C_VA_C,
    RMS_C_W_C,
    RMS_C_VAR_C,
    RMS_C_PF_C,
    RMS_C_V_CA,
    RMS_C_V_C,
    RMS_C_A_C,
    RMS_C_F_C,
    RMS_C_RESERVED4,
    RMS_C_INTR_C,
    FWD_INT_VAH_FWD,
    FWD_INT_WH_FWD,
    FWD_INT_VARH_L_FWD,
    FWD_INT_RESERVED5,
    FWD_INT_RESERVED6,
    FWD_INT_VARH_C_FWD,
    FWD_INT_RESERVED7,
    FWD_INT_RESERVED8,
    FWD_INT_RESERVED9,
    FWD_INT_RUN_SECS_FWD,
    APPARENT_POWER_TOTAL,
    ACTIVE_POWER_TOTAL,
    REACTIVE_POWER_TOTAL,
    POWER_FACTOR_TOTAL,
    VOLTAGE_LL_AVG,
    VOLTAGE_LN_AVG,
    CURRENT_AVG,
    FREQUENCY,
    APPARENT_POWER_A,
    ACTIVE_POWER_A,
    REACTIVE_POWER_A,
    POWER_FACTOR_A,
    VOLTAGE_AB,
    VOLTAGE_AN,
    CURRENT_A,
    APPARENT_POWER_B,
    ACTIVE_POWER_B,
    REACTIVE_POWER_B,
    POWER_FACTOR_B,
    VOLTAGE_BC,
    VOLTAGE_BN,
    CURRENT_B,
    APPARENT_POWER_C,
    ACTIVE_POWER_C,
    REACTIVE_POWER_C,
    POWER_FACTOR_C,
    VOLTAGE_CA,
    VOLTAGE_CN,
    CURRENT_C,
    APPARENT_ENERGY_DELIVERED,
    ACTIVE_ENERGY_DELIVERED,
    REACTIVE_ENERGY_DELIVERED_INDUCTIVE,
    REACTIVE_ENERGY_DELIVERED_CAPACITIVE,
    APPARENT_ENERGY_RECEIVED,
    ACTIVE_ENERGY_RECEIVED,
    REACTIVE_ENERGY_RECEIVED_INDUCTIVE,
    REACTIVE_ENERGY_RECEIVED_CAPACITIVE,
    TURBO_PRESENT_DEMAND,
    TURBO_RISING_DEMAND,
    TURBO_MAXIMUM_DEMAND,
    TURBO_RESERVED_44,
    TURBO_RESERVED_45,
    TURBO_RESERVED_46,
    TURBO_RESERVED_47,
    TURBO_RESERVED_48,
    TURBO_RESERVED_49,
    TURBO_MAX_DEMAND_OCCURRENCE_TIME,
    RUN_TIME_DELIVERED,
    RUN_TIME_RECEIVED,
    CONTROL_POWER_FAILURES,
];

/// Index into [`REGISTERS`] of each quantity's source (in `Quantity::ALL` order), `u16::MAX` when absent.
static QUANTITY_INDEX: [u16; Quantity::COUNT] = [
    64, // current_a
    71, // current_b
    78, // current_c
    u16::MAX, // current_n
    u16::MAX, // current_g
    56, // current_avg
    u16::MAX, // current_unbalance_a
    u16::MAX, // current_unbalance_b
    u16::MAX, // current_unbalance_c
    u16::MAX, // current_unbalance_worst
    62, // voltage_ab
    69, // voltage_bc
    76, // voltage_ca
    54, // voltage_ll_avg
    63, // voltage_an
    70, // voltage_bn
    77, // voltage_cn
    55, // voltage_ln_avg
    u16::MAX, // voltage_unbalance_ab
    u16::MAX, // voltage_unbalance_bc
    u16::MAX, // voltage_unbalance_ca
    u16::MAX, // voltage_unbalance_ll_worst
    u16::MAX, // voltage_unbalance_an
    u16::MAX, // voltage_unbalance_bn
    u16::MAX, // voltage_unbalance_cn
    u16::MAX, // voltage_unbalance_ln_worst
    59, // active_power_a
    66, // active_power_b
    73, // active_power_c
    51, // active_power_total
    60, // reactive_power_a
    67, // reactive_power_b
    74, // reactive_power_c
    52, // reactive_power_total
    58, // apparent_power_a
    65, // apparent_power_b
    72, // apparent_power_c
    50, // apparent_power_total
    61, // power_factor_a
    68, // power_factor_b
    75, // power_factor_c
    53, // power_factor_total
    u16::MAX, // displacement_power_factor_a
    u16::MAX, // displacement_power_factor_b
    u16::MAX, // displacement_power_factor_c
    u16::MAX, // displacement_power_factor_total
    57, // frequency
    u16::MAX, // frequency_high_speed
    80, // active_energy_delivered
    84, // active_energy_received
    u16::MAX, // active_energy_delivered_plus_received
    u16::MAX, // active_energy_net
    u16::MAX, // reactive_energy_delivered
    u16::MAX, // reactive_energy_received
    u16::MAX, // reactive_energy_delivered_plus_received
    u16::MAX, // reactive_energy_net
    79, // apparent_energy_delivered
    83, // apparent_energy_received
    u16::MAX, // apparent_energy_delivered_plus_received
    u16::MAX, // apparent_energy_net
    u16::MAX, // reactive_energy_q1
    u16::MAX, // reactive_energy_q2
    u16::MAX, // reactive_energy_q3
    u16::MAX, // reactive_energy_q4
    81, // reactive_energy_delivered_inductive
    82, // reactive_energy_delivered_capacitive
    85, // reactive_energy_received_inductive
    86, // reactive_energy_received_capacitive
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
    97, // run_time_delivered
    98, // run_time_received
    99, // control_power_failures
    u16::MAX, // metering_restarts
    u16::MAX, // processor_load
];

/// Ranges that must never be read.
static NEVER_READ: [RegisterRange; 0] = [
];

/// Ranges that may only be read whole.
static WHOLE_BLOCKS: [RegisterRange; 5] = [
    RegisterRange { first: N::from_table(3001), last: N::from_table(3020), reason: "RMS Total" },
    RegisterRange { first: N::from_table(3031), last: N::from_table(3050), reason: "RMS Phase A" },
    RegisterRange { first: N::from_table(3061), last: N::from_table(3080), reason: "RMS Phase B" },
    RegisterRange { first: N::from_table(3091), last: N::from_table(3110), reason: "RMS Phase C" },
    RegisterRange { first: N::from_table(3121), last: N::from_table(3140), reason: "Forward Integrator" },
];

/// The em6400 register map.
pub static MAP: ModelMap = ModelMap {
    model: Model::Em6400,
    title: "Schneider Electric Conzerv EM6400 (legacy DigitAN family)",
    document: "Conzerv EM 6400 DigitAN Series Register Map; GE Multilin EPM 2000 Sub-Meter manual §6.5",
    revision: "v03.02.01.00 (Conzerv); GE manual pp. 47-51",
    confidence: Confidence::High,
    notes: "The Turbo block 3901-3999 (individual FLOAT32 registers in base units, already scaled by the\nPT/CT ratios) and the 20-register RMS and forward-integrator blocks, which must be read whole.\nReserved registers inside the Turbo range read 0. Variants (EM6433, EM6436, ...) lack some\nquantities; those read 0.0, indistinguishable from a real zero. Nothing in this map has been\nchecked on a real meter.",
    sources: &[
        ("field", "nipunbatra/smart_meter (one FC03 read of wire 3900 x66, decoded low word first, in production 2013-14); Conzerv EM 6400 DigitAN v03.02.01.00 Register Map, first page"),
        ("ge", "GE Multilin EPM 2000 Sub-Meter manual §6.5 pp. 47-51 (GE prints 0-based frame addresses)"),
    ],
    read_function: ReadFunction::HoldingRegisters,
    max_registers_per_read: 100,
    undocumented_readable: false,
    not_available: NotAvailable::Zero,
    word_order: WordOrders { float32: WordOrder::LowWordFirst, int32: WordOrder::LowWordFirst, int64: WordOrder::LowWordFirst },
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
