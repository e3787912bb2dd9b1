//! The one error type of the meter API. Link errors (timeout, the bus's own error), frame
//! errors (CRC, wrong unit, bad length) and device exceptions stay distinguishable.

use core::fmt::Debug;

use crate::frame::{ExceptionCode, FrameError};
use crate::map::Model;
use crate::plan::PlanError;

/// An error from a link (serial port, UART, socket): a timeout or the link's own error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum LinkError<E: Debug> {
    /// No (complete) reply within the response timeout.
    #[error("no reply within the response timeout")]
    Timeout,
    /// The link itself failed.
    #[error("bus error: {0:?}")]
    Bus(E),
}

/// Everything that can go wrong talking to a meter. `E` is the transport's own error type.
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Error<E: Debug> {
    /// No (complete) reply within the response timeout.
    #[error("no reply within the response timeout")]
    Timeout,
    /// The transport failed (I/O error, port closed, …).
    #[error("bus error: {0:?}")]
    Bus(E),
    /// A reply arrived but was malformed or not ours.
    #[error("bad frame: {0}")]
    Frame(FrameError),
    /// The device answered with a Modbus exception.
    #[error("device answered {0}")]
    Exception(ExceptionCode),
    /// The requested read could not be planned.
    #[error("cannot plan the read: {0}")]
    Plan(PlanError),
    /// The plan was made for another model than the meter's.
    #[error("plan is for {plan}, meter is {meter}")]
    ModelMismatch {
        /// The meter's model.
        meter: Model,
        /// The plan's model.
        plan: Model,
    },
    /// The meter's register map has no register for this.
    #[error("the {0} map does not have this register")]
    Unsupported(Model),
}

impl<E: Debug> Error<E> {
    /// A timeout or bus error: nothing (complete) came back.
    pub fn is_link(&self) -> bool {
        matches!(self, Error::Timeout | Error::Bus(_))
    }

    /// A reply came back but was corrupt or not ours.
    pub fn is_frame(&self) -> bool {
        matches!(self, Error::Frame(_))
    }

    /// The device said no.
    pub fn exception(&self) -> Option<ExceptionCode> {
        match self {
            Error::Exception(code) => Some(*code),
            _ => None,
        }
    }
}

impl<E: Debug> From<LinkError<E>> for Error<E> {
    fn from(e: LinkError<E>) -> Self {
        match e {
            LinkError::Timeout => Error::Timeout,
            LinkError::Bus(e) => Error::Bus(e),
        }
    }
}

impl<E: Debug> From<FrameError> for Error<E> {
    fn from(e: FrameError) -> Self {
        Error::Frame(e)
    }
}

impl<E: Debug> From<PlanError> for Error<E> {
    fn from(e: PlanError) -> Self {
        Error::Plan(e)
    }
}
