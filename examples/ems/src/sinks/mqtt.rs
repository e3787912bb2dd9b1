//! The MQTT sink (to be written).

use anyhow::Result;

use super::{SinkContext, SinkHandle};
use crate::collector::Pipeline;
use crate::config::sinks::MqttSink;

/// Starts the MQTT sink.
pub fn spawn(
    _ctx: &SinkContext,
    _cfg: &MqttSink,
    _runtime: &tokio::runtime::Handle,
    _pipeline: &mut Pipeline,
) -> Result<SinkHandle> {
    anyhow::bail!("the MQTT sink is not built yet")
}
