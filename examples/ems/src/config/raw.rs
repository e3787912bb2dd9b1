//! The configuration file as written: serde structures with source spans, before any check.
//! Unknown keys are errors. Nothing here judges values; [`super`] does.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConfig {
    pub site: Spanned<String>,
    pub timezone: Spanned<String>,
    #[serde(default)]
    pub bus: Vec<RawBus>,
    #[serde(default)]
    pub meter: Vec<RawMeter>,
    #[serde(default)]
    pub poll: BTreeMap<Spanned<String>, RawPoll>,
    #[serde(default)]
    pub storage: RawStorage,
    #[serde(default)]
    pub http: RawHttp,
    #[serde(default)]
    pub alarm: Vec<RawAlarm>,
    #[serde(default)]
    pub alarms: RawAlarms,
    #[serde(default)]
    pub tariff: Option<super::tariff::RawTariff>,
    #[serde(default)]
    pub report: super::tariff::RawReport,
    #[serde(default)]
    pub sinks: super::sinks::RawSinks,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBus {
    pub name: Spanned<String>,
    pub port: Option<Spanned<String>>,
    pub tcp: Option<Spanned<String>>,
    pub rtu_over_tcp: Option<Spanned<String>>,
    pub baud: Option<Spanned<i64>>,
    pub parity: Option<Spanned<String>>,
    pub stop_bits: Option<Spanned<i64>>,
    pub turnaround_ms: Option<Spanned<f64>>,
    pub max_registers: Option<Spanned<i64>>,
    pub in_flight: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMeter {
    pub name: Spanned<String>,
    pub bus: Spanned<String>,
    pub unit: Spanned<i64>,
    pub model: Spanned<String>,
    #[serde(default)]
    pub parent: Option<Spanned<String>>,
    #[serde(default)]
    pub tags: Vec<Spanned<String>>,
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub word_order: Option<RawWordOrder>,
    #[serde(default)]
    pub poll: BTreeMap<Spanned<String>, RawPoll>,
    pub max_kva: Option<Spanned<f64>>,
    pub nominal_voltage_ln: Option<Spanned<f64>>,
    pub nominal_voltage_ll: Option<Spanned<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWordOrder {
    pub float32: Option<Spanned<String>>,
    pub int32: Option<Spanned<String>>,
    pub int64: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPoll {
    pub preset: Option<Spanned<String>>,
    pub quantities: Option<Spanned<Vec<Spanned<String>>>>,
    pub interval: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStorage {
    pub data_dir: Option<Spanned<String>>,
    pub retention_raw: Option<Spanned<String>>,
    pub retention_1m: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawHttp {
    pub listen: Option<Spanned<String>>,
    pub token: Option<Spanned<String>>,
    pub token_file: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAlarm {
    pub name: Option<Spanned<String>>,
    pub kind: Spanned<String>,
    pub meter: Option<Spanned<String>>,
    pub tag: Option<Spanned<String>>,
    pub level: Option<Spanned<i64>>,
    pub quantity: Option<Spanned<String>>,
    pub above: Option<Spanned<f64>>,
    pub below: Option<Spanned<f64>>,
    pub percent: Option<Spanned<f64>>,
    pub deadband: Option<Spanned<f64>>,
    pub on_delay: Option<Spanned<String>>,
    pub off_delay: Option<Spanned<String>>,
    pub priority: Option<Spanned<String>>,
    pub latching: Option<bool>,
    pub enabled: Option<bool>,
    pub message: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAlarms {
    pub demand_block_minutes: Option<Spanned<i64>>,
    pub contract_demand_kva: Option<Spanned<f64>>,
    pub webhook: Option<Spanned<RawWebhook>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWebhook {
    pub url: Spanned<String>,
    pub timeout: Option<Spanned<String>>,
    pub max_queue: Option<Spanned<i64>>,
}
