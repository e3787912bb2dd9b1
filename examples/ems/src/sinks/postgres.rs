//! The PostgreSQL sink (to be written).

use anyhow::Result;

use super::{SinkContext, SinkHandle};
use crate::config::sinks::PostgresSink;

/// Starts the PostgreSQL sink.
pub fn spawn(
    _ctx: &SinkContext,
    _cfg: &PostgresSink,
    _runtime: &tokio::runtime::Handle,
) -> Result<SinkHandle> {
    anyhow::bail!("the PostgreSQL sink is not built yet")
}
