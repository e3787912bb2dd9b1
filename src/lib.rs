#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![doc = include_str!("../README.md")]

pub mod address;
pub mod decode;
pub mod error;
pub mod frame;
pub mod map;
pub mod maps;
pub mod meter;
pub mod plan;
pub mod quantity;
pub mod read;
#[cfg(feature = "sim")]
pub mod sim;
pub mod snapshot;
pub mod timing;
pub mod transport;

pub use address::{InvalidRegisterNumber, InvalidUnitId, RegisterNumber, UnitId, WireAddress};
pub use decode::{DateTime, PfCharacter, PowerFactor, Quadrant};
pub use error::{Error, LinkError};
pub use frame::{ExceptionCode, FrameError, ReadFunction};
pub use map::{
    Access, Confidence, DataType, Group, Model, ModelMap, NotAvailable, Parity, Register,
    RegisterRange, WordOrder, WordOrders,
};
pub use meter::{AsyncMeter, FirmwareVersion, Identity, Meter};
pub use plan::{Baseline, DecodeError, LinkParams, Plan, PlanError, PlannedRequest};
pub use quantity::{Preset, Quantity, QuantityKind, QuantitySet, Unit, UnknownName};
pub use read::{
    PartialRead, PipelinedRead, PipelinedRequest, ReadError, Refusal, RequestInfo, RequestToken,
    MAX_IN_FLIGHT,
};
pub use snapshot::Snapshot;
pub use transport::{AsyncSerialLink, AsyncTransport, Rtu, SerialLink, Transport};
