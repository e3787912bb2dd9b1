//! The `[sinks.mqtt]` and `[sinks.postgres]` sections: where `ems` hands its readings on. Both
//! are optional and off unless present. This module parses and checks them with file:line
//! errors; the sinks themselves are `crate::sinks`.
//!
//! ```toml
//! [sinks.mqtt]
//! host = "127.0.0.1"
//! port = 1883                    # default 1883 (8883 with tls_ca_file)
//! username = "ems"               # optional
//! password_file = "/etc/ems/mqtt.secret"   # or password = "…"
//! tls_ca_file = "/etc/ems/ca.pem"          # optional: TLS with this CA
//! client_id = "ems-falta"        # default "ems-<site>"
//! topic_prefix = "ems"           # default "ems"
//! qos = 1                        # 0 | 1
//! ha_discovery = true            # Home Assistant MQTT discovery (default false)
//! discovery_prefix = "homeassistant"
//! quantities = ["active_power_total", "active_energy_delivered"]  # default: all read
//! interval = "0s"                # at most one state message per meter per interval
//! queue = 10000                  # readings held in memory while the broker is away
//!
//! [sinks.postgres]
//! url = "postgres://ems@db.example:5432/energy"
//! password_file = "/etc/ems/pg.secret"     # optional
//! tls = "disable"                # disable | require
//! tls_ca_file = "/etc/ems/pg-ca.pem"       # optional, with tls = "require"
//! schema = "ems"                 # default "ems"
//! batch_rows = 5000              # rows per transaction while catching up
//! ```

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use super::tariff::Errs;

/// `[sinks]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSinks {
    pub mqtt: Option<RawMqtt>,
    pub postgres: Option<RawPostgres>,
}

/// `[sinks.mqtt]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMqtt {
    pub host: Spanned<String>,
    pub port: Option<Spanned<i64>>,
    pub username: Option<Spanned<String>>,
    pub password: Option<Spanned<String>>,
    pub password_file: Option<Spanned<String>>,
    pub tls_ca_file: Option<Spanned<String>>,
    pub client_id: Option<Spanned<String>>,
    pub topic_prefix: Option<Spanned<String>>,
    pub qos: Option<Spanned<i64>>,
    #[serde(default)]
    pub ha_discovery: bool,
    pub discovery_prefix: Option<Spanned<String>>,
    pub quantities: Option<Vec<Spanned<String>>>,
    pub interval: Option<Spanned<String>>,
    pub queue: Option<Spanned<i64>>,
}

/// `[sinks.postgres]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPostgres {
    pub url: Spanned<String>,
    pub password_file: Option<Spanned<String>>,
    pub tls: Option<Spanned<String>>,
    pub tls_ca_file: Option<Spanned<String>>,
    pub schema: Option<Spanned<String>>,
    pub batch_rows: Option<Spanned<i64>>,
}

/// The configured sinks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sinks {
    /// `[sinks.mqtt]`.
    pub mqtt: Option<MqttSink>,
    /// `[sinks.postgres]`.
    pub postgres: Option<PostgresSink>,
}

/// Where and how to publish to an MQTT broker.
#[derive(Clone, Debug, PartialEq)]
pub struct MqttSink {
    /// Broker host name or address.
    pub host: String,
    /// Broker port.
    pub port: u16,
    /// User name, if the broker wants one.
    pub username: Option<String>,
    /// Password, given inline (`password`).
    pub password: Option<String>,
    /// File holding the password (`password_file`; trailing newline ignored; relative to the
    /// configuration file).
    pub password_file: Option<PathBuf>,
    /// CA certificate (PEM): when set, the connection uses TLS.
    pub tls_ca_file: Option<PathBuf>,
    /// MQTT client id.
    pub client_id: String,
    /// First topic level.
    pub topic_prefix: String,
    /// QoS of state and availability messages (0 or 1).
    pub qos: u8,
    /// Publish Home Assistant discovery configs.
    pub ha_discovery: bool,
    /// Home Assistant's discovery prefix.
    pub discovery_prefix: String,
    /// Quantities (library names) to publish; empty = every value read.
    pub quantities: Vec<String>,
    /// At most one state message per meter per interval (zero: every read).
    pub interval: Duration,
    /// Readings held in memory while the broker is unreachable before falling back to replay
    /// from the store.
    pub queue: usize,
}

/// TLS towards PostgreSQL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PgTls {
    /// Plain TCP (loopback, or a tunnel).
    Disable,
    /// TLS required (verified against Mozilla's root list, or `tls_ca_file`; needs the
    /// `pg-tls` feature).
    Require,
}

/// Where and how to write to PostgreSQL.
#[derive(Clone, Debug, PartialEq)]
pub struct PostgresSink {
    /// libpq URI, e.g. `postgres://ems@db.example:5432/energy`.
    pub url: String,
    /// File holding the password (keeps the secret out of the config; relative to the
    /// configuration file).
    pub password_file: Option<PathBuf>,
    /// TLS mode.
    pub tls: PgTls,
    /// CA certificate (PEM) for `tls = "require"`.
    pub tls_ca_file: Option<PathBuf>,
    /// Schema the tables live in.
    pub schema: String,
    /// Rows per transaction while catching up.
    pub batch_rows: usize,
}

/// Makes `s` safe as one MQTT topic level or identifier: ASCII letters, digits, `-` and `_`
/// are kept, letters lower-cased, everything else (spaces, `/`, `+`, `#`, non-ASCII) becomes
/// `_`, runs of `_` collapse, and `_` at either end is dropped. An empty result is `_`.
pub fn topic_safe(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = if c.is_ascii_alphanumeric() || c == '-' {
            c.to_ascii_lowercase()
        } else {
            '_'
        };
        if c == '_' && (out.is_empty() || out.ends_with('_')) {
            continue;
        }
        out.push(c);
    }
    while out.ends_with('_') {
        out.pop();
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

/// Reads a secret from `path` (a `password_file`), without the trailing line break; the
/// error names `field` and the file, never the secret.
pub fn read_secret(path: &std::path::Path, field: &str) -> Result<String, String> {
    let s =
        std::fs::read_to_string(path).map_err(|e| format!("{field} {}: {e}", path.display()))?;
    Ok(s.trim_end_matches(['\r', '\n']).to_string())
}

fn non_empty(v: &Option<Spanned<String>>, field: &str, errs: &mut Errs) -> Option<String> {
    let s = v.as_ref()?;
    let t = s.get_ref().trim();
    if t.is_empty() {
        errs.push((s.span(), field.into(), "must not be empty".into()));
        None
    } else {
        Some(t.to_string())
    }
}

/// Checks `[sinks]`.
pub(crate) fn sinks(raw: &RawSinks, site: &str, errs: &mut Errs) -> Sinks {
    Sinks {
        mqtt: raw.mqtt.as_ref().map(|m| mqtt(m, site, errs)),
        postgres: raw.postgres.as_ref().map(|p| postgres(p, errs)),
    }
}

fn mqtt(raw: &RawMqtt, site: &str, errs: &mut Errs) -> MqttSink {
    let host = raw.host.get_ref().trim().to_string();
    if host.is_empty() {
        errs.push((
            raw.host.span(),
            "sinks.mqtt: host".into(),
            "must not be empty; the broker's host name or address".into(),
        ));
    }
    let tls_ca_file =
        non_empty(&raw.tls_ca_file, "sinks.mqtt: tls_ca_file", errs).map(PathBuf::from);
    let port = match &raw.port {
        None if tls_ca_file.is_some() => 8883,
        None => 1883,
        Some(p) => match u16::try_from(*p.get_ref()) {
            Ok(v) if v > 0 => v,
            _ => {
                errs.push((
                    p.span(),
                    "sinks.mqtt: port".into(),
                    format!("{}; allowed: 1–65535", p.get_ref()),
                ));
                1883
            }
        },
    };
    if let (Some(a), Some(_)) = (&raw.password, &raw.password_file) {
        errs.push((
            a.span(),
            "sinks.mqtt: password".into(),
            "give either password or password_file, not both".into(),
        ));
    }
    let qos = match &raw.qos {
        None => 1,
        Some(q) => match *q.get_ref() {
            0 => 0,
            1 => 1,
            o => {
                errs.push((
                    q.span(),
                    "sinks.mqtt: qos".into(),
                    format!("{o}; allowed: 0 (at most once), 1 (at least once)"),
                ));
                1
            }
        },
    };
    let mut quantities = Vec::new();
    for q in raw.quantities.iter().flatten() {
        let name = q.get_ref().trim();
        if schneider_em::Quantity::from_name(name).is_none() {
            errs.push((
                q.span(),
                "sinks.mqtt: quantities".into(),
                format!("unknown quantity \"{name}\"; `ems read --help` lists the names"),
            ));
        } else {
            quantities.push(name.to_string());
        }
    }
    let interval = match &raw.interval {
        None => Duration::ZERO,
        Some(s) => match super::parse_duration(s.get_ref()) {
            Ok(Some(d)) => d,
            Ok(None) => Duration::ZERO,
            Err(e) => {
                errs.push((s.span(), "sinks.mqtt: interval".into(), e));
                Duration::ZERO
            }
        },
    };
    let queue = match &raw.queue {
        None => 10_000,
        Some(q) => match usize::try_from(*q.get_ref()) {
            Ok(v) if (1..=10_000_000).contains(&v) => v,
            _ => {
                errs.push((
                    q.span(),
                    "sinks.mqtt: queue".into(),
                    format!("{}; allowed: 1–10000000 readings", q.get_ref()),
                ));
                10_000
            }
        },
    };
    let topic_prefix = match &raw.topic_prefix {
        None => "ems".to_string(),
        Some(p) => {
            let t = p.get_ref().trim().trim_matches('/');
            if t.is_empty() || t.contains(['+', '#', '\0']) {
                errs.push((
                    p.span(),
                    "sinks.mqtt: topic_prefix".into(),
                    format!("\"{}\"; a non-empty topic without + or #", p.get_ref()),
                ));
                "ems".to_string()
            } else {
                t.to_string()
            }
        }
    };
    MqttSink {
        host,
        port,
        username: non_empty(&raw.username, "sinks.mqtt: username", errs),
        password: raw.password.as_ref().map(|p| p.get_ref().clone()),
        password_file: non_empty(&raw.password_file, "sinks.mqtt: password_file", errs)
            .map(PathBuf::from),
        tls_ca_file,
        client_id: non_empty(&raw.client_id, "sinks.mqtt: client_id", errs)
            .unwrap_or_else(|| format!("ems-{}", topic_safe(site))),
        topic_prefix,
        qos,
        ha_discovery: raw.ha_discovery,
        discovery_prefix: non_empty(&raw.discovery_prefix, "sinks.mqtt: discovery_prefix", errs)
            .unwrap_or_else(|| "homeassistant".to_string()),
        quantities,
        interval,
        queue,
    }
}

fn postgres(raw: &RawPostgres, errs: &mut Errs) -> PostgresSink {
    let url = raw.url.get_ref().trim().to_string();
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        errs.push((
            raw.url.span(),
            "sinks.postgres: url".into(),
            "a libpq URI such as \"postgres://ems@db.example:5432/energy\" (put the password in password_file)".into(),
        ));
    }
    let tls = match raw.tls.as_ref().map(|t| (t.get_ref().as_str(), t)) {
        None | Some(("disable", _)) => PgTls::Disable,
        Some(("require", _)) => PgTls::Require,
        Some((o, t)) => {
            errs.push((
                t.span(),
                "sinks.postgres: tls".into(),
                format!("\"{o}\"; allowed: disable, require"),
            ));
            PgTls::Disable
        }
    };
    let schema = match &raw.schema {
        None => "ems".to_string(),
        Some(s) => {
            let t = s.get_ref().trim();
            let ok = !t.is_empty()
                && t.len() <= 63
                && t.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
                && t.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !ok {
                errs.push((
                    s.span(),
                    "sinks.postgres: schema".into(),
                    format!("\"{t}\"; allowed: a lower-case SQL identifier (a-z, 0-9, _; at most 63 characters)"),
                ));
            }
            t.to_string()
        }
    };
    let batch_rows = match &raw.batch_rows {
        None => 5000,
        Some(b) => match usize::try_from(*b.get_ref()) {
            Ok(v) if (1..=1_000_000).contains(&v) => v,
            _ => {
                errs.push((
                    b.span(),
                    "sinks.postgres: batch_rows".into(),
                    format!("{}; allowed: 1–1000000", b.get_ref()),
                ));
                5000
            }
        },
    };
    PostgresSink {
        url,
        password_file: non_empty(&raw.password_file, "sinks.postgres: password_file", errs)
            .map(PathBuf::from),
        tls,
        tls_ca_file: non_empty(&raw.tls_ca_file, "sinks.postgres: tls_ca_file", errs)
            .map(PathBuf::from),
        schema,
        batch_rows,
    }
}

#[cfg(test)]
mod tests {
    use super::topic_safe;

    #[test]
    fn topic_safe_names() {
        assert_eq!(topic_safe("Grid Incomer"), "grid_incomer");
        assert_eq!(topic_safe("33 KV INCOMER"), "33_kv_incomer");
        assert_eq!(topic_safe("Panel #2 / DG+"), "panel_2_dg");
        assert_eq!(topic_safe("Borewell-Pump"), "borewell-pump");
        assert_eq!(topic_safe("  "), "_");
        assert_eq!(topic_safe("Pümpe"), "p_mpe");
    }
}
