//! The register-map data model: what one register is ([`Register`]), what a whole model's map
//! holds ([`ModelMap`]) and the [`Model`]s we have maps for.
//!
//! The tables themselves are generated from `register-maps/*.toml` into `crate::maps`; this
//! module only defines their shape and the queries the planner and decoder need. No I/O.

use core::fmt;

use crate::address::RegisterNumber;
use crate::frame::ReadFunction;
use crate::quantity::{Quantity, QuantitySet, Unit, UnknownName};

/// A supported meter model (one register map each).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
#[non_exhaustive]
pub enum Model {
    /// EasyLogic EM6400NG / EM6400NG+ (PMC register list, shared with PM2000).
    Em6400Ng,
    /// Legacy Conzerv EM6400 family (Turbo block and 20-register blocks).
    Em6400,
    /// EM1200 family; only the EM1220H (PMC-style) subset is known. Low confidence.
    Em1200,
}

impl Model {
    /// Every model.
    pub const ALL: [Model; 3] = [Model::Em6400Ng, Model::Em6400, Model::Em1200];

    /// The model's register map.
    pub fn map(self) -> &'static ModelMap {
        match self {
            Model::Em6400Ng => &crate::maps::em6400ng::MAP,
            Model::Em6400 => &crate::maps::em6400::MAP,
            Model::Em1200 => &crate::maps::em1200::MAP,
        }
    }

    /// The stable lowercase name (`em6400ng`, `em6400`, `em1200`).
    pub const fn name(self) -> &'static str {
        match self {
            Model::Em6400Ng => "em6400ng",
            Model::Em6400 => "em6400",
            Model::Em1200 => "em1200",
        }
    }
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl core::str::FromStr for Model {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Model::ALL
            .iter()
            .copied()
            .find(|m| m.name().eq_ignore_ascii_case(s))
            .ok_or(UnknownName)
    }
}

/// How a register's value is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum DataType {
    /// Unsigned 16-bit integer.
    U16,
    /// Signed 16-bit integer.
    I16,
    /// Unsigned 32-bit integer, 2 registers.
    U32,
    /// Signed 32-bit integer, 2 registers.
    I32,
    /// Unsigned 64-bit integer, 4 registers.
    U64,
    /// Signed 64-bit integer, 4 registers.
    I64,
    /// IEEE-754 single precision, 2 registers.
    F32,
    /// Four-quadrant power factor: an F32 in −2…+2 (see [`crate::decode::decode_pf4q`]).
    Pf4q,
    /// UTF-8 text, two bytes per register, high byte first, NUL-padded.
    Utf8,
    /// Date and time, 4 registers (see [`crate::decode::DateTime`]).
    DateTime,
    /// A bit field.
    Bitmap,
}

impl DataType {
    /// The number of registers a value of this type occupies, or `None` for the variable
    /// length types ([`DataType::Utf8`], [`DataType::Bitmap`]).
    pub const fn fixed_words(self) -> Option<u16> {
        match self {
            DataType::U16 | DataType::I16 => Some(1),
            DataType::U32 | DataType::I32 | DataType::F32 | DataType::Pf4q => Some(2),
            DataType::U64 | DataType::I64 | DataType::DateTime => Some(4),
            DataType::Utf8 | DataType::Bitmap => None,
        }
    }

    /// Whether the type decodes to a number.
    pub const fn is_numeric(self) -> bool {
        !matches!(self, DataType::Utf8 | DataType::DateTime | DataType::Bitmap)
    }

    /// The name used in the map files.
    pub const fn name(self) -> &'static str {
        match self {
            DataType::U16 => "u16",
            DataType::I16 => "i16",
            DataType::U32 => "u32",
            DataType::I32 => "i32",
            DataType::U64 => "u64",
            DataType::I64 => "i64",
            DataType::F32 => "float32",
            DataType::Pf4q => "pf4q",
            DataType::Utf8 => "utf8",
            DataType::DateTime => "datetime",
            DataType::Bitmap => "bitmap",
        }
    }

    /// Parses a map-file type name.
    pub fn from_name(name: &str) -> Option<DataType> {
        [
            DataType::U16,
            DataType::I16,
            DataType::U32,
            DataType::I32,
            DataType::U64,
            DataType::I64,
            DataType::F32,
            DataType::Pf4q,
            DataType::Utf8,
            DataType::DateTime,
            DataType::Bitmap,
        ]
        .into_iter()
        .find(|t| t.name() == name)
    }
}

/// The order of the 16-bit words of a multi-register value. Bytes within a word are always
/// big-endian (standard Modbus).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum WordOrder {
    /// Most significant word first ("ABCD", "big").
    HighWordFirst,
    /// Least significant word first ("CDAB", "word-swapped").
    LowWordFirst,
}

impl WordOrder {
    /// The map-file name (`high-word-first`, `low-word-first`).
    pub const fn name(self) -> &'static str {
        match self {
            WordOrder::HighWordFirst => "high-word-first",
            WordOrder::LowWordFirst => "low-word-first",
        }
    }
}

/// The word order a model uses per data-type family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct WordOrders {
    /// FLOAT32 (and four-quadrant power factor).
    pub float32: WordOrder,
    /// INT32 and UINT32.
    pub int32: WordOrder,
    /// INT64 and UINT64.
    pub int64: WordOrder,
}

/// How a meter reports a value it does not have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum NotAvailable {
    /// The data type's sentinel (0xFFC00000 for floats, 0xFFFF, 0x8000, …) means "not available".
    Sentinel,
    /// Unavailable values read 0, indistinguishable from a real zero.
    Zero,
}

/// Read/write access of a register as documented.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Access {
    /// Read only.
    R,
    /// Read, and write directly.
    Rw,
    /// Read; write only through the command interface.
    Rwc,
    /// Write only, through the command interface; never read.
    Wc,
}

impl Access {
    /// Whether the register may be read.
    pub const fn readable(self) -> bool {
        !matches!(self, Access::Wc)
    }

    /// The map-file name.
    pub const fn name(self) -> &'static str {
        match self {
            Access::R => "R",
            Access::Rw => "RW",
            Access::Rwc => "RWC",
            Access::Wc => "WC",
        }
    }
}

/// What a register holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Group {
    /// Instantaneous measurements.
    Instantaneous,
    /// Energy counters.
    Energy,
    /// Demand.
    Demand,
    /// Total harmonic distortion.
    Thd,
    /// Minimum/maximum values.
    MinMax,
    /// Identification (names, serial, firmware).
    Identity,
    /// Configuration.
    Setup,
    /// Diagnostics, clocks, timers.
    Diagnostics,
}

impl Group {
    /// The map-file name.
    pub const fn name(self) -> &'static str {
        match self {
            Group::Instantaneous => "instantaneous",
            Group::Energy => "energy",
            Group::Demand => "demand",
            Group::Thd => "thd",
            Group::MinMax => "min_max",
            Group::Identity => "identity",
            Group::Setup => "setup",
            Group::Diagnostics => "diagnostics",
        }
    }
}

/// How sure the sources are of a register (or a whole map).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Confidence {
    /// Low: a single unverified source.
    Low,
    /// Medium.
    Medium,
    /// High: the manufacturer's list or several agreeing field sources.
    High,
}

impl Confidence {
    /// The map-file letter (`L`, `M`, `H`).
    pub const fn letter(self) -> &'static str {
        match self {
            Confidence::Low => "L",
            Confidence::Medium => "M",
            Confidence::High => "H",
        }
    }
}

/// Serial parity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Parity {
    /// No parity bit.
    None,
    /// Even parity.
    Even,
    /// Odd parity.
    Odd,
}

/// A model's documented factory serial settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct SerialDefaults {
    /// Unit id.
    pub unit_id: u8,
    /// Baud rate.
    pub baud: u32,
    /// Parity.
    pub parity: Parity,
    /// Stop bits.
    pub stop_bits: u8,
}

/// The registers that identify a meter, where the map knows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct IdentityRegisters {
    /// User-settable meter name (UTF-8).
    pub meter_name: Option<RegisterNumber>,
    /// Model string (UTF-8), e.g. "EM6400NG".
    pub model_name: Option<RegisterNumber>,
    /// Manufacturer (UTF-8).
    pub manufacturer: Option<RegisterNumber>,
    /// Product id (INT16U).
    pub product_id: Option<RegisterNumber>,
    /// Serial number (INT32U).
    pub serial_number: Option<RegisterNumber>,
    /// Date of manufacture (DATETIME).
    pub manufacture_date: Option<RegisterNumber>,
    /// Hardware revision (UTF-8).
    pub hardware_revision: Option<RegisterNumber>,
    /// Firmware version: the packed register followed by major, minor, quality and internal
    /// revision (five INT16U registers).
    pub firmware_version: Option<RegisterNumber>,
}

/// An inclusive range of documented register numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct RegisterRange {
    /// First register of the range.
    pub first: RegisterNumber,
    /// Last register of the range (inclusive).
    pub last: RegisterNumber,
    /// Why the range is special.
    pub reason: &'static str,
}

impl RegisterRange {
    /// Whether `number` lies in the range.
    pub const fn contains(&self, number: u16) -> bool {
        number >= self.first.get() && number <= self.last.get()
    }

    /// Whether the range shares a register with `first..=last`.
    pub const fn overlaps(&self, first: u16, last: u16) -> bool {
        first <= self.last.get() && last >= self.first.get()
    }

    /// The number of registers in the range.
    pub const fn len(&self) -> u16 {
        self.last.get() - self.first.get() + 1
    }

    /// Always false: a range holds at least one register.
    pub const fn is_empty(&self) -> bool {
        false
    }
}

/// One documented register (or multi-register value).
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub struct Register {
    /// Stable snake_case name, unique within the model.
    pub name: &'static str,
    /// Documented (1-based) number of the first register.
    pub number: RegisterNumber,
    /// Encoding.
    pub data_type: DataType,
    /// Number of 16-bit registers.
    pub words: u16,
    /// Native unit as documented.
    pub unit: Unit,
    /// Multiplier from the raw decoded value to the normalised unit (e.g. 1000 for kW → W).
    pub factor: f64,
    /// Access as documented.
    pub access: Access,
    /// What the register holds.
    pub group: Group,
    /// The quantity this register is the model's source for, if any.
    pub quantity: Option<Quantity>,
    /// Description as the source prints it.
    pub description: &'static str,
    /// Caveats (empty when none).
    pub note: &'static str,
    /// Confidence in the address, name, type and unit.
    pub confidence: Confidence,
    /// Key of the source in [`ModelMap::sources`].
    pub source: &'static str,
}

impl Register {
    /// The last register number the value occupies.
    pub const fn last(&self) -> u16 {
        self.number.get() + self.words - 1
    }

    /// Whether `number` is one of this value's registers.
    pub const fn contains(&self, number: u16) -> bool {
        number >= self.number.get() && number <= self.last()
    }
}

/// A whole model's register map.
#[derive(Debug)]
#[non_exhaustive]
pub struct ModelMap {
    /// The model.
    pub model: Model,
    /// Human title.
    pub title: &'static str,
    /// The document the map encodes.
    pub document: &'static str,
    /// Its revision.
    pub revision: &'static str,
    /// Overall confidence.
    pub confidence: Confidence,
    /// Scope and caveats.
    pub notes: &'static str,
    /// Source keys and their full citations.
    pub sources: &'static [(&'static str, &'static str)],
    /// The function used to read (holding registers on every model so far).
    pub read_function: ReadFunction,
    /// The largest read (in registers) the meter is taken to accept.
    pub max_registers_per_read: u16,
    /// Whether registers the map does not describe may be read as filler.
    pub undocumented_readable: bool,
    /// How unavailable values are reported.
    pub not_available: NotAvailable,
    /// Word orders per data-type family.
    pub word_order: WordOrders,
    /// Factory serial settings.
    pub serial: SerialDefaults,
    /// Identification registers.
    pub identity: IdentityRegisters,
    /// Ranges that must never be read.
    pub never_read: &'static [RegisterRange],
    /// Ranges that may only be read whole, in one request of exactly that range.
    pub whole_blocks: &'static [RegisterRange],
    /// Every register, sorted by number, non-overlapping.
    pub registers: &'static [Register],
    /// For each quantity (in [`Quantity::ALL`] order), the index of its source register in
    /// `registers`, or `u16::MAX`.
    pub(crate) quantity_index: &'static [u16; Quantity::COUNT],
}

impl ModelMap {
    /// The register whose value starts at `number`, if any.
    pub fn register(&self, number: RegisterNumber) -> Option<&'static Register> {
        self.registers
            .binary_search_by_key(&number.get(), |r| r.number.get())
            .ok()
            .map(|i| &self.registers[i])
    }

    /// The register holding `number` (which may be the second word of a value), if any.
    pub fn register_containing(&self, number: u16) -> Option<&'static Register> {
        let i = self.index_containing(number)?;
        Some(&self.registers[i])
    }

    fn index_containing(&self, number: u16) -> Option<usize> {
        let i = match self
            .registers
            .binary_search_by_key(&number, |r| r.number.get())
        {
            Ok(i) => i,
            Err(0) => return None,
            Err(i) => i - 1,
        };
        if self.registers[i].contains(number) {
            Some(i)
        } else {
            None
        }
    }

    /// Looks a register up by its name.
    pub fn register_by_name(&self, name: &str) -> Option<&'static Register> {
        self.registers.iter().find(|r| r.name == name)
    }

    /// The register this model reads `quantity` from, if the model has it.
    pub fn source(&self, quantity: Quantity) -> Option<&'static Register> {
        self.source_index(quantity).map(|i| &self.registers[i])
    }

    pub(crate) fn source_index(&self, quantity: Quantity) -> Option<usize> {
        let i = self.quantity_index[quantity.index()];
        if i == u16::MAX {
            None
        } else {
            Some(usize::from(i))
        }
    }

    /// Every quantity this model has.
    pub fn quantities(&self) -> QuantitySet {
        Quantity::ALL
            .iter()
            .copied()
            .filter(|q| self.quantity_index[q.index()] != u16::MAX)
            .collect()
    }

    /// The whole-block region holding `number`, if any.
    pub fn whole_block_containing(&self, number: u16) -> Option<&'static RegisterRange> {
        self.whole_blocks.iter().find(|b| b.contains(number))
    }

    /// Whether a single register may be read (as part of any request).
    pub fn is_readable(&self, number: u16) -> bool {
        self.range_readable(number, number)
    }

    /// Whether every register in `first..=last` may be read: none is in a never-read range,
    /// and each is described by a readable register (unless the map allows undocumented
    /// registers). Whole-block rules are not checked here.
    pub fn range_readable(&self, first: u16, last: u16) -> bool {
        if first > last || first == 0 {
            return false;
        }
        if self.never_read.iter().any(|r| r.overlaps(first, last)) {
            return false;
        }
        if self.undocumented_readable {
            return true;
        }
        let Some(mut i) = self.index_containing(first) else {
            return false;
        };
        let mut next = first;
        loop {
            let r = &self.registers[i];
            if r.number.get() > next || !r.access.readable() {
                return false;
            }
            if r.last() >= last {
                return true;
            }
            next = r.last() + 1;
            i += 1;
            if i >= self.registers.len() {
                return false;
            }
        }
    }

    /// The citation for a source key.
    pub fn source_citation(&self, key: &str) -> Option<&'static str> {
        self.sources
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
    }
}
