//! The `ems` application's library: configuration, validation, energy accounting and the store.
//!
//! The binary (`main.rs` and its command modules) parses arguments and prints; everything
//! that can be tested without spawning the binary or opening a port lives here.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod budget;
pub mod bus;
pub mod config;
pub mod energy;
pub mod http;
pub mod live;
pub mod store;
pub mod validate;
