//! Polling a bus: the schedule of poll classes ([`schedule`]), each meter's health with
//! capped exponential backoff ([`health`]), and the worker that owns one bus and runs both
//! against a transport ([`worker`]). Nothing here stores or shows data: readings leave the
//! worker through a callback.

pub mod health;
pub mod mux;
pub mod schedule;
pub mod worker;
