//! Prometheus text exposition of the collector's figures (`GET /metrics`), through the
//! official `prometheus-client` crate: per bus and class the measured and modelled cycle, per
//! meter its state, reads and errors by kind, and the store's throughput. It reads shared
//! figures; it never talks to a bus or the database.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

use crate::bus::worker::BusStats;
use crate::collector::PipelineStats;
use crate::sinks::SinkStatus;

/// What `/metrics` reports on.
#[derive(Clone)]
pub struct Sources {
    /// Every bus's live figures, by name.
    pub buses: Vec<(String, Arc<Mutex<BusStats>>)>,
    /// The pipeline's counters.
    pub pipeline: Arc<PipelineStats>,
    /// Each sink's status, by name (`mqtt`, `postgres`).
    pub sinks: Vec<(&'static str, Arc<Mutex<SinkStatus>>)>,
}

type GaugeF = Gauge<f64, AtomicU64>;

/// The exposition text (Prometheus/OpenMetrics text format).
pub fn render(sources: &Sources) -> String {
    let mut registry = Registry::default();
    let cycle = Family::<Vec<(String, String)>, GaugeF>::default();
    let model = Family::<Vec<(String, String)>, GaugeF>::default();
    let busy = Family::<Vec<(String, String)>, GaugeF>::default();
    let up = Family::<Vec<(String, String)>, Gauge>::default();
    let reads = Family::<Vec<(String, String)>, Counter>::default();
    let errors = Family::<Vec<(String, String)>, Counter>::default();
    let latency = Family::<Vec<(String, String)>, GaugeF>::default();
    for (bus, stats) in &sources.buses {
        let s = stats.lock().unwrap_or_else(|e| e.into_inner()).clone();
        for c in &s.classes {
            let labels = vec![
                ("bus".to_string(), bus.clone()),
                ("class".into(), c.name.clone()),
            ];
            if let Some(m) = c.measured_interval_s {
                cycle.get_or_create(&labels).set(m);
            }
            // The modelled cycle of a class: its interval when the bus can carry it, the
            // modelled round over all meters when back to back.
            let modelled = if c.interval_s > 0.0 {
                c.interval_s.max(c.model_round_s)
            } else {
                c.model_round_s
            };
            if c.model_round_s > 0.0 {
                model.get_or_create(&labels).set(modelled);
            }
        }
        if s.elapsed_s > 0.0 {
            busy.get_or_create(&vec![("bus".to_string(), bus.clone())])
                .set(s.busy_s / s.elapsed_s);
        }
        for m in &s.meters {
            let labels = vec![("meter".to_string(), m.name.clone())];
            up.get_or_create(&labels)
                .set(i64::from(m.state == "online"));
            reads.get_or_create(&labels).inc_by(m.reads);
            for &(kind, n) in &m.errors {
                errors
                    .get_or_create(&vec![
                        ("meter".to_string(), m.name.clone()),
                        ("kind".to_string(), kind.name().to_string()),
                    ])
                    .inc_by(n);
            }
            if let Some(l) = m.latency_s {
                latency.get_or_create(&labels).set(l);
            }
        }
    }
    registry.register(
        "ems_bus_cycle_seconds",
        "Measured mean interval between reads of one meter in a poll class",
        cycle,
    );
    registry.register(
        "ems_bus_cycle_model_seconds",
        "Modelled cycle of a poll class: its interval, or the modelled round when it cannot be met",
        model,
    );
    registry.register("ems_bus_busy_ratio", "Share of time the bus was busy", busy);
    registry.register(
        "ems_meter_up",
        "1 when the meter answered its last read",
        up,
    );
    registry.register("ems_meter_reads", "Reads attempted per meter", reads);
    registry.register("ems_meter_errors", "Errors per meter and kind", errors);
    registry.register(
        "ems_meter_latency_seconds",
        "Duration of the meter's last successful read",
        latency,
    );
    let p = &sources.pipeline;
    let rows = Counter::<u64>::default();
    rows.inc_by(p.values.load(Ordering::Relaxed) + p.deltas.load(Ordering::Relaxed));
    registry.register(
        "ems_store_rows",
        "Values and energy deltas handed to the store",
        rows,
    );
    let write = GaugeF::default();
    write.set(p.store_ns.load(Ordering::Relaxed) as f64 / 1e9);
    registry.register(
        "ems_store_write_seconds",
        "Time the pipeline spent handing rows to the store writer",
        write,
    );
    let flagged = Counter::<u64>::default();
    flagged.inc_by(p.flagged.load(Ordering::Relaxed));
    registry.register(
        "ems_values_flagged",
        "Implausible values not stored",
        flagged,
    );
    let suspect = Counter::<u64>::default();
    suspect.inc_by(p.suspect.load(Ordering::Relaxed));
    registry.register(
        "ems_energy_deltas_suspect",
        "Energy deltas kept out of consumption (disagree with the measured power)",
        suspect,
    );
    let connected = Family::<Vec<(String, String)>, Gauge>::default();
    let backlog = Family::<Vec<(String, String)>, Gauge>::default();
    let delivered = Family::<Vec<(String, String)>, Counter>::default();
    for (name, st) in &sources.sinks {
        let st = st.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let labels = vec![("sink".to_string(), name.to_string())];
        connected
            .get_or_create(&labels)
            .set(i64::from(st.connected));
        backlog.get_or_create(&labels).set(st.backlog());
        delivered.get_or_create(&labels).inc_by(st.delivered_rows);
    }
    registry.register(
        "ems_sink_connected",
        "1 while the sink is connected to its broker or database",
        connected,
    );
    registry.register(
        "ems_sink_backlog_batches",
        "Store batches committed and not yet delivered by the sink (head minus mark)",
        backlog,
    );
    registry.register(
        "ems_sink_delivered_rows",
        "Meter reads delivered by the sink since start",
        delivered,
    );
    let mut out = String::new();
    if encode(&mut out, &registry).is_err() {
        out.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bus::worker::{ClassStats, MeterStats};

    #[test]
    fn exposition_names_the_issue_s_metrics_with_their_labels() {
        let stats = BusStats {
            classes: vec![{
                let mut c = ClassStats::default();
                c.name = "fast".into();
                c.interval_s = 3.0;
                c.model_round_s = 1.72;
                c.reads = 10;
                c.busy_s = 0.2;
                c.measured_interval_s = Some(2.98);
                c
            }],
            meters: vec![MeterStats {
                name: "Grid Incomer".into(),
                state: "online",
                reads: 7,
                errors: vec![(crate::bus::health::ErrorKind::Timeout, 2)],
                latency_s: Some(0.02),
                last_seen: None,
                last_error: None,
            }],
            busy_s: 0.5,
            model_busy_s: 0.5,
            elapsed_s: 1.0,
        };
        let pipeline = Arc::new(PipelineStats::default());
        pipeline.values.store(40, Ordering::Relaxed);
        pipeline.deltas.store(2, Ordering::Relaxed);
        let sink = SinkStatus {
            connected: false,
            last_error: Some("refused".into()),
            mark: 90,
            head: 120,
            delivered_rows: 5,
            delivered_items: 5,
        };
        let text = render(&Sources {
            buses: vec![("rs485-a".into(), Arc::new(Mutex::new(stats)))],
            pipeline,
            sinks: vec![("mqtt", Arc::new(Mutex::new(sink)))],
        });
        for line in [
            "ems_bus_cycle_seconds{bus=\"rs485-a\",class=\"fast\"} 2.98",
            "ems_bus_cycle_model_seconds{bus=\"rs485-a\",class=\"fast\"} 3.0",
            "ems_meter_up{meter=\"Grid Incomer\"} 1",
            "ems_meter_reads_total{meter=\"Grid Incomer\"} 7",
            "ems_meter_errors_total{meter=\"Grid Incomer\",kind=\"timeout\"} 2",
            "ems_store_rows_total 42",
            "ems_bus_busy_ratio{bus=\"rs485-a\"} 0.5",
            "ems_sink_connected{sink=\"mqtt\"} 0",
            "ems_sink_backlog_batches{sink=\"mqtt\"} 30",
            "ems_sink_delivered_rows_total{sink=\"mqtt\"} 5",
        ] {
            assert!(text.contains(line), "missing {line:?} in\n{text}");
        }
        assert!(text.contains("ems_store_write_seconds "), "{text}");
    }
}
