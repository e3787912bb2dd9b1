//! `ems` as a library: the parts of the energy-monitoring application that are tested without
//! spawning the binary.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod store;
