//! Addresses: the documented 1-based [`RegisterNumber`], the 0-based [`WireAddress`] that goes
//! into a frame, and the Modbus [`UnitId`]. They are distinct types so that the classic
//! off-by-one (sending the documented number on the wire) cannot compile.

use core::fmt;

/// A register number as printed in the manufacturer's documents (1-based, without the 4xxxx
/// prefix). Register 3000 is sent on the wire as address 2999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "u16", into = "u16"))]
pub struct RegisterNumber(u16);

impl TryFrom<u16> for RegisterNumber {
    type Error = InvalidRegisterNumber;
    fn try_from(n: u16) -> Result<Self, Self::Error> {
        RegisterNumber::new(n).ok_or(InvalidRegisterNumber)
    }
}

impl From<RegisterNumber> for u16 {
    fn from(n: RegisterNumber) -> u16 {
        n.0
    }
}

/// Register number 0, which no 1-based document uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[error("register numbers start at 1")]
pub struct InvalidRegisterNumber;

impl RegisterNumber {
    /// A documented register number. Returns `None` for 0, which no 1-based document uses.
    pub const fn new(number: u16) -> Option<RegisterNumber> {
        if number == 0 {
            None
        } else {
            Some(RegisterNumber(number))
        }
    }

    /// For generated tables: panics at compile time on 0.
    pub(crate) const fn from_table(number: u16) -> RegisterNumber {
        match RegisterNumber::new(number) {
            Some(n) => n,
            None => panic!("register number 0 in a map"),
        }
    }

    /// The number as printed.
    pub const fn get(self) -> u16 {
        self.0
    }

    /// The address that goes into the Modbus frame: number − 1.
    pub const fn wire(self) -> WireAddress {
        WireAddress(self.0 - 1)
    }
}

impl fmt::Display for RegisterNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The 0-based register address carried in a Modbus PDU.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct WireAddress(u16);

impl WireAddress {
    /// A raw PDU address.
    pub const fn new(address: u16) -> WireAddress {
        WireAddress(address)
    }

    /// The raw PDU address.
    pub const fn get(self) -> u16 {
        self.0
    }

    /// The documented register number this address reads (address + 1), or `None` for
    /// 65535, which has no 1-based number.
    pub const fn register(self) -> Option<RegisterNumber> {
        if self.0 == u16::MAX {
            None
        } else {
            Some(RegisterNumber(self.0 + 1))
        }
    }
}

impl fmt::Display for WireAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A Modbus unit (slave) id that a meter can answer to: 1–247.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "u8", into = "u8"))]
pub struct UnitId(u8);

impl UnitId {
    /// The lowest unit id a device may use.
    pub const MIN: u8 = 1;
    /// The highest unit id a device may use.
    pub const MAX: u8 = 247;

    /// A unit id in 1–247; `None` otherwise (0 is broadcast, 248–255 are reserved).
    pub const fn new(id: u8) -> Option<UnitId> {
        if id >= Self::MIN && id <= Self::MAX {
            Some(UnitId(id))
        } else {
            None
        }
    }

    /// The raw id.
    pub const fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for UnitId {
    type Error = InvalidUnitId;
    fn try_from(id: u8) -> Result<Self, Self::Error> {
        UnitId::new(id).ok_or(InvalidUnitId(id))
    }
}

impl From<UnitId> for u8 {
    fn from(id: UnitId) -> u8 {
        id.0
    }
}

impl fmt::Display for UnitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A unit id outside 1–247.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[error("unit id {0} is outside 1-247")]
pub struct InvalidUnitId(pub u8);
