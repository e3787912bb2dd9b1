//! What the MQTT sink publishes: topic names, the state message of one reading and Home
//! Assistant's device-discovery config. Pure functions of the configuration and a row; the
//! connection loop ([`super`]) decides when.

use std::fmt::Write as _;

use schneider_em::{Quantity, QuantityKind, Unit};

use crate::config::sinks::{topic_safe, MqttSink};
use crate::config::{Config, Interval, PollWhat};
use crate::store::ChangedRow;

/// The topics of one site, its names made topic-safe once.
#[derive(Clone, Debug)]
pub(crate) struct Topics {
    /// `<prefix>/<site>`.
    base: String,
    /// `<prefix>/<site>/availability`: the collector's own, also its last will.
    pub site_availability: String,
    /// `<discovery_prefix>/status`: Home Assistant's birth and will.
    pub ha_status: String,
    discovery_prefix: String,
    site: String,
    /// Topic-safe level of each configured meter, by index.
    meters: Vec<String>,
}

impl Topics {
    /// The topics for `config` under `cfg`; an error when two meter names make the same topic
    /// level (they would overwrite each other's messages).
    pub fn new(config: &Config, cfg: &MqttSink) -> anyhow::Result<Topics> {
        let site = topic_safe(&config.site);
        let base = format!("{}/{site}", cfg.topic_prefix);
        let meters: Vec<String> = config.meters.iter().map(|m| topic_safe(&m.name)).collect();
        for (i, a) in meters.iter().enumerate() {
            if let Some(j) = meters[..i].iter().position(|b| b == a) {
                anyhow::bail!(
                    "sinks.mqtt: meters \"{}\" and \"{}\" both become the topic level \"{a}\"; \
                     rename one (names are made topic-safe: lower case, letters, digits, - and _)",
                    config.meters[j].name,
                    config.meters[i].name
                );
            }
        }
        Ok(Topics {
            site_availability: format!("{base}/availability"),
            ha_status: format!("{}/status", cfg.discovery_prefix),
            discovery_prefix: cfg.discovery_prefix.clone(),
            base,
            site,
            meters,
        })
    }

    /// The topic level of a meter: its configured one, or the name made topic-safe for a
    /// meter the store knows but the configuration no longer has.
    pub fn meter_level(&self, index: Option<usize>, name: &str) -> String {
        match index.and_then(|i| self.meters.get(i)) {
            Some(l) => l.clone(),
            None => topic_safe(name),
        }
    }

    /// `<prefix>/<site>/<meter>/state`.
    pub fn state(&self, level: &str) -> String {
        format!("{}/{level}/state", self.base)
    }

    /// `<prefix>/<site>/alarm`: one message per alarm transition.
    pub fn alarm_events(&self) -> String {
        format!("{}/alarm", self.base)
    }

    /// `<prefix>/<site>/<meter>/alarm/<rule>` (retained): the alarm point's state after its
    /// latest transition.
    pub fn alarm_state(&self, meter_level: &str, rule: &str) -> String {
        format!("{}/{meter_level}/alarm/{}", self.base, topic_safe(rule))
    }

    /// `<prefix>/<site>/<meter>/availability` (retained).
    pub fn meter_availability(&self, index: usize) -> String {
        format!("{}/{}/availability", self.base, self.meters[index])
    }

    /// `<discovery_prefix>/device/<site>_<meter>/config`.
    pub fn discovery(&self, index: usize) -> String {
        format!(
            "{}/device/{}/config",
            self.discovery_prefix,
            self.object_id(index)
        )
    }

    fn object_id(&self, index: usize) -> String {
        format!("ems_{}_{}", self.site, self.meters[index])
    }
}

/// Writes `v` as a JSON number (`null` when not finite, which validation never lets through).
fn number(out: &mut String, v: f64) {
    if v.is_finite() {
        // Display prints the shortest round-trip decimal, never an exponent: valid JSON.
        let _ = write!(out, "{v}");
    } else {
        out.push_str("null");
    }
}

/// The normalised unit symbol of a quantity named `name` (`""` when unknown/dimensionless).
pub(crate) fn unit_of(name: &str) -> &'static str {
    Quantity::from_name(name).map_or("", |q| q.unit().normalised().0.symbol())
}

/// The state message of one reading:
/// `{"meter":…,"time":"…Z","time_ms":…,"health":…,"values":{…},"units":{…}}` with only the
/// quantities `keep` accepts. `None` when none is left.
pub(crate) fn state(row: &ChangedRow, health: &str, keep: impl Fn(&str) -> bool) -> Option<String> {
    let mut values = String::with_capacity(32 * row.values.len());
    let mut units = String::with_capacity(24 * row.values.len());
    for (name, v) in row.values.iter().filter(|(n, _)| keep(n)) {
        let sep = if values.is_empty() { "" } else { "," };
        // Quantity names are [a-z0-9_]: no escaping needed.
        let _ = write!(values, "{sep}\"{name}\":");
        number(&mut values, *v);
        let _ = write!(units, "{sep}\"{name}\":\"{}\"", unit_of(name));
    }
    if values.is_empty() {
        return None;
    }
    let time = jiff::Timestamp::from_millisecond(row.time_ms)
        .map(|t| t.to_string())
        .unwrap_or_default();
    let meter = serde_json::Value::String(row.meter.clone()).to_string();
    Some(format!(
        "{{\"meter\":{meter},\"time\":\"{time}\",\"time_ms\":{},\"health\":\"{health}\",\
         \"values\":{{{values}}},\"units\":{{{units}}}}}",
        row.time_ms
    ))
}

/// The quantities meter `index` is polled for, filtered by `cfg.quantities` when set.
pub(crate) fn meter_quantities(config: &Config, cfg: &MqttSink, index: usize) -> Vec<Quantity> {
    let m = &config.meters[index];
    let mut out: Vec<Quantity> = Vec::new();
    for p in &m.poll {
        if p.interval == Interval::Off {
            continue;
        }
        if let PollWhat::Quantities(set) = &p.what {
            for q in set.iter() {
                let wanted =
                    cfg.quantities.is_empty() || cfg.quantities.iter().any(|n| n == q.name());
                if wanted && !out.contains(&q) {
                    out.push(q);
                }
            }
        }
    }
    out.sort_by_key(|q| q.name());
    out
}

/// Home Assistant's device class, unit and state class of a quantity.
fn ha_classes(q: Quantity) -> (Option<&'static str>, &'static str, Option<&'static str>) {
    let unit = q.unit().normalised().0;
    let state_class = match q.kind() {
        // A net counter (delivered minus received) may fall.
        QuantityKind::Energy if q.name().ends_with("_net") => Some("total"),
        // The other counters only grow (a reset is a new cycle to HA's statistics).
        QuantityKind::Energy => Some("total_increasing"),
        QuantityKind::Diagnostics => None,
        _ => Some("measurement"),
    };
    let device_class = if q.is_power_factor() {
        Some("power_factor")
    } else {
        match unit {
            Unit::Ampere => Some("current"),
            Unit::Volt => Some("voltage"),
            Unit::Watt => Some("power"),
            Unit::Var => Some("reactive_power"),
            Unit::VoltAmpere => Some("apparent_power"),
            Unit::WattHour => Some("energy"),
            Unit::VarHour => Some("reactive_energy"),
            Unit::Hertz => Some("frequency"),
            Unit::Second | Unit::Minute | Unit::Millisecond => Some("duration"),
            _ => None,
        }
    };
    (device_class, unit.symbol(), state_class)
}

/// Home Assistant device discovery for meter `index`: one `device` config with a sensor
/// component per quantity, all reading the meter's state topic, available while both the
/// collector and the meter are.
pub(crate) fn discovery(config: &Config, cfg: &MqttSink, topics: &Topics, index: usize) -> String {
    use serde_json::{json, Map, Value};
    let m = &config.meters[index];
    let object_id = topics.object_id(index);
    let mut cmps = Map::new();
    for q in meter_quantities(config, cfg, index) {
        let (device_class, unit, state_class) = ha_classes(q);
        let n = q.name();
        let mut c = Map::new();
        c.insert("p".into(), "sensor".into());
        c.insert("name".into(), q.description().trim().into());
        c.insert("unique_id".into(), format!("{object_id}_{n}").into());
        // A state message holds only what that read fetched: keep the last value otherwise.
        c.insert(
            "value_template".into(),
            format!(
                "{{% if '{n}' in value_json['values'] %}}{{{{ value_json['values']['{n}'] }}}}\
                 {{% else %}}{{{{ this.state }}}}{{% endif %}}"
            )
            .into(),
        );
        if !unit.is_empty() {
            c.insert("unit_of_measurement".into(), unit.into());
        }
        if let Some(d) = device_class {
            c.insert("device_class".into(), d.into());
        }
        if let Some(s) = state_class {
            c.insert("state_class".into(), s.into());
        }
        if q.kind() == QuantityKind::Diagnostics {
            c.insert("entity_category".into(), "diagnostic".into());
        }
        cmps.insert(format!("{}_{n}", topics.meters[index]), Value::Object(c));
    }
    let mut dev = json!({
        "ids": [object_id],
        "name": m.name,
        "mf": "Schneider Electric",
        "mdl": m.model.to_string(),
    });
    if let Some(p) = m.parent {
        dev["via_device"] = Value::String(topics.object_id(p));
    }
    json!({
        "dev": dev,
        "o": {"name": "ems", "sw": env!("CARGO_PKG_VERSION")},
        "cmps": cmps,
        "state_topic": topics.state(&topics.meters[index]),
        "availability": [
            {"topic": topics.site_availability},
            {"topic": topics.meter_availability(index)},
        ],
        "availability_mode": "all",
        "qos": cfg.qos,
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> ChangedRow {
        ChangedRow {
            meter: "Grid \"Incomer\"".into(),
            time_ms: 1_767_225_600_250,
            values: vec![
                ("active_power_total".into(), 12_345.5),
                ("active_energy_delivered".into(), 1.0e9),
                ("frequency".into(), 50.0),
            ],
        }
    }

    #[test]
    fn state_message_is_json_with_time_values_units_and_health() {
        let s = state(&row(), "online", |n| n != "frequency").unwrap();
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["meter"], "Grid \"Incomer\"");
        assert_eq!(v["time"], "2026-01-01T00:00:00.25Z");
        assert_eq!(v["time_ms"], 1_767_225_600_250_i64);
        assert_eq!(v["health"], "online");
        assert_eq!(v["values"]["active_power_total"], 12_345.5);
        assert_eq!(v["values"]["active_energy_delivered"], 1.0e9);
        assert_eq!(v["units"]["active_power_total"], "W");
        assert_eq!(v["units"]["active_energy_delivered"], "Wh");
        assert!(v["values"].get("frequency").is_none());
        assert!(state(&row(), "online", |_| false).is_none());
    }

    fn plant(meters: &[&str]) -> Config {
        let mut t = String::from(
            "site = \"Falta Works\"\ntimezone = \"UTC\"\n[[bus]]\nname = \"gw\"\n\
             tcp = \"127.0.0.1:1\"\n[sinks.mqtt]\nhost = \"b\"\ntopic_prefix = \"plant/ems\"\n",
        );
        for (i, m) in meters.iter().enumerate() {
            t.push_str(&format!(
                "[[meter]]\nname = {m:?}\nbus = \"gw\"\nunit = {}\nmodel = \"em6400ng\"\n",
                i + 1
            ));
        }
        Config::parse(&t, "test").unwrap()
    }

    #[test]
    fn topics_use_topic_safe_levels_under_the_prefix() {
        let c = plant(&["Grid Incomer", "MCC-1"]);
        let t = Topics::new(&c, c.sinks.mqtt.as_ref().unwrap()).unwrap();
        assert_eq!(t.site_availability, "plant/ems/falta_works/availability");
        assert_eq!(
            t.state(&t.meter_level(Some(0), "Grid Incomer")),
            "plant/ems/falta_works/grid_incomer/state"
        );
        assert_eq!(
            t.meter_availability(1),
            "plant/ems/falta_works/mcc-1/availability"
        );
        assert_eq!(
            t.discovery(1),
            "homeassistant/device/ems_falta_works_mcc-1/config"
        );
        assert_eq!(t.ha_status, "homeassistant/status");
        // A stored meter the configuration no longer has.
        assert_eq!(t.meter_level(None, "Old / Pump"), "old_pump");
    }

    #[test]
    fn two_meters_with_the_same_topic_level_are_refused_by_name() {
        let c = plant(&["Pump 1", "pump_1"]);
        let e = Topics::new(&c, c.sinks.mqtt.as_ref().unwrap())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("\"Pump 1\" and \"pump_1\"") && e.contains("\"pump_1\""),
            "{e}"
        );
    }

    #[test]
    fn energy_counters_are_total_increasing_energy_in_wh() {
        assert_eq!(
            ha_classes(Quantity::ActiveEnergyDelivered),
            (Some("energy"), "Wh", Some("total_increasing"))
        );
        assert_eq!(
            ha_classes(Quantity::ActivePowerTotal),
            (Some("power"), "W", Some("measurement"))
        );
        assert_eq!(
            ha_classes(Quantity::PowerFactorTotal).0,
            Some("power_factor")
        );
        // Net energy may fall: a plain total.
        assert_eq!(ha_classes(Quantity::ActiveEnergyNet).2, Some("total"));
    }
}
