//! The demo plant: a physically coherent model of the seed plant's 79 meters (a solar-cell
//! factory: grid incomer → 33 kV incomer → transformers → panels → equipment). Every leaf
//! draws a load shaped by its kind (furnaces on three shifts, chillers following the afternoon
//! heat, compressors loading and unloading, lights at night, weekends lighter); every parent
//! reads the sum of its children plus its own unmetered load and losses, so the hierarchy
//! balances the way a real one does. Deterministic: the same meter at the same instant always
//! draws the same power, so recorded history and the live simulation agree.
//!
//! It owns no meters and no bus: the demo feeds it to the simulator (`SimMeter::with_load`)
//! and to the history writer.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::config::Config;

/// What a meter feeds, as far as its load shape goes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// A panel, transformer or incomer: the sum of what hangs below it.
    Feeder,
    /// Resistive process heat (furnaces): high PF, slow thermostat cycling, three shifts.
    Furnace,
    /// Other production machines on three shifts.
    Process,
    /// Chillers and cooling-tower fans: follow the outside temperature.
    Cooling,
    /// Air handling and scrubbers: nearly constant.
    Ventilation,
    /// Air compressors: load/unload cycles, more during shifts.
    Compressor,
    /// Always-on electronics (UPS, servers).
    Steady,
    /// Pumps and plants running on fixed hours.
    Pump,
    /// Fire pump: idle except its weekly test run.
    FirePump,
    /// Indoor lighting: full at night, part by day.
    Lighting,
    /// Street lighting: dusk to dawn only.
    StreetLighting,
    /// Offices: working hours on weekdays.
    Office,
    /// Canteen: meal times.
    Canteen,
}

/// One meter of the plant.
#[derive(Clone, Debug)]
pub struct Node {
    /// Its name.
    pub name: String,
    /// Its load shape.
    pub kind: Kind,
    /// Rated apparent power (VA) of a leaf; unused for feeders.
    pub rating_va: f64,
    /// Power factor of a leaf at full load.
    pub pf: f64,
    /// Children (indices into the plant's nodes).
    pub children: Vec<usize>,
    seed: u64,
}

/// The plant.
#[derive(Clone, Debug)]
pub struct Plant {
    /// Its meters, in the configuration's order.
    pub nodes: Vec<Node>,
    /// Indices, children before parents (evaluation order).
    order: Vec<usize>,
    /// UTC offset of the site, seconds (shifts and daylight are local).
    offset_s: i64,
}

fn classify(name: &str, tags: &[String], has_children: bool) -> (Kind, f64, f64) {
    if has_children {
        return (Kind::Feeder, 0.0, 1.0);
    }
    let n = name.to_ascii_lowercase();
    let has = |s: &str| n.contains(s);
    let kva = 1000.0;
    // (kind, rating kVA, PF at full load)
    let (kind, rating, pf) = if has("diffusion") {
        (Kind::Furnace, 160.0, 0.97)
    } else if has("firing") {
        (Kind::Furnace, 110.0, 0.97)
    } else if has("pecvd") {
        (Kind::Process, 120.0, 0.90)
    } else if has("texturing") {
        (Kind::Process, 90.0, 0.86)
    } else if has("printer") {
        (Kind::Process, 45.0, 0.88)
    } else if has("stringer") {
        (Kind::Process, 25.0, 0.90)
    } else if has("laminator") {
        (Kind::Process, 40.0, 0.93)
    } else if has("tester") {
        (Kind::Process, 15.0, 0.92)
    } else if has("chiller") {
        (Kind::Cooling, 220.0, 0.86)
    } else if has("cooling tower") {
        (Kind::Cooling, 22.0, 0.84)
    } else if has("ahu") || has("scrubber") {
        (
            Kind::Ventilation,
            if has("ahu") { 30.0 } else { 18.0 },
            0.85,
        )
    } else if has("compressor") {
        (Kind::Compressor, 110.0, 0.87)
    } else if has("ups") {
        (Kind::Steady, 80.0, 0.96)
    } else if has("server") {
        (Kind::Steady, 40.0, 0.95)
    } else if has("fire pump") {
        (Kind::FirePump, 75.0, 0.86)
    } else if has("vacuum") || has("nitrogen") || has("di water") {
        (Kind::Pump, if has("nitrogen") { 90.0 } else { 40.0 }, 0.85)
    } else if has("borewell") || has("etp") || has("stp") {
        (Kind::Pump, 18.0, 0.83)
    } else if has("street") {
        (Kind::StreetLighting, 12.0, 0.95)
    } else if has("lighting") {
        (Kind::Lighting, 25.0, 0.95)
    } else if has("admin") || has("office") {
        (Kind::Office, 40.0, 0.92)
    } else if has("canteen") {
        (Kind::Canteen, 30.0, 0.94)
    } else if tags.iter().any(|t| t == "hvac") {
        (Kind::Ventilation, 30.0, 0.85)
    } else if tags.iter().any(|t| t == "lighting") {
        (Kind::Lighting, 20.0, 0.95)
    } else {
        (Kind::Process, 50.0, 0.88)
    };
    (kind, rating * kva, pf)
}

/// A deterministic value in [0, 1) for (seed, step).
fn hash01(seed: u64, step: i64) -> f64 {
    let mut x = seed ^ (step as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 30;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// Smooth noise in [0, 1): deterministic values every `period_s`, linearly interpolated.
fn smooth(seed: u64, t: f64, period_s: f64) -> f64 {
    let k = (t / period_s).floor();
    let f = t / period_s - k;
    let a = hash01(seed, k as i64);
    let b = hash01(seed, k as i64 + 1);
    a + (b - a) * f
}

/// A smooth cycle in [-1, 1] of `period_s` at `t`, its phase from the seed.
fn cycle(seed: u64, t: f64, period_s: f64) -> f64 {
    let phase = hash01(seed, -1) * std::f64::consts::TAU;
    (t / period_s * std::f64::consts::TAU + phase).sin()
}

impl Plant {
    /// The plant of a configuration: its meters, hierarchy and site time zone.
    pub fn from_config(config: &Config) -> Plant {
        let n = config.meters.len();
        let mut children = vec![Vec::new(); n];
        for (i, m) in config.meters.iter().enumerate() {
            if let Some(p) = m.parent {
                children[p].push(i);
            }
        }
        let nodes: Vec<Node> = config
            .meters
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let (kind, rating, pf) = classify(&m.name, &m.tags, !children[i].is_empty());
                let rating = match (kind, m.max_power_va) {
                    (Kind::Feeder, _) => 0.0,
                    (_, Some(cap)) => rating.min(cap),
                    _ => rating,
                };
                Node {
                    name: m.name.clone(),
                    kind,
                    rating_va: rating,
                    pf,
                    children: children[i].clone(),
                    seed: 0x5EED_0000 + i as u64 * 7919,
                }
            })
            .collect();
        // Children before parents: depth-first post-order from the roots.
        let mut order = Vec::with_capacity(n);
        let mut seen = vec![false; n];
        fn visit(i: usize, nodes: &[Node], seen: &mut [bool], order: &mut Vec<usize>) {
            if seen[i] {
                return;
            }
            seen[i] = true;
            for &c in &nodes[i].children {
                visit(c, nodes, seen, order);
            }
            order.push(i);
        }
        for i in 0..n {
            visit(i, &nodes, &mut seen, &mut order);
        }
        let now = jiff::Timestamp::now();
        let offset_s = i64::from(config.timezone.to_offset(now).seconds());
        Plant {
            nodes,
            order,
            offset_s,
        }
    }

    /// Local hour of day (0–24) and weekday (0 = Monday) at Unix time `t`.
    fn local(&self, t: f64) -> (f64, u32) {
        let local = t + self.offset_s as f64;
        let day = (local / 86_400.0).floor();
        let hour = (local - day * 86_400.0) / 3600.0;
        // 1970-01-01 was a Thursday (3 with Monday = 0).
        let weekday = ((day as i64 + 3).rem_euclid(7)) as u32;
        (hour, weekday)
    }

    /// The production level: three shifts Monday to Saturday (dips at the shift changes at
    /// 06:00, 14:00 and 22:00), a maintenance crew on Sunday.
    fn shift(&self, hour: f64, weekday: u32) -> f64 {
        if weekday == 6 {
            return 0.35;
        }
        let change = [6.0, 14.0, 22.0]
            .iter()
            .any(|&c| (hour - c).abs() < 0.25 || (hour + 24.0 - c).abs() < 0.25);
        if change {
            0.7
        } else {
            1.0
        }
    }

    /// The fraction of its rating a leaf draws at Unix time `t`.
    fn level(&self, node: &Node, t: f64) -> f64 {
        let (h, wd) = self.local(t);
        let shift = self.shift(h, wd);
        let noise = smooth(node.seed, t, 60.0);
        let slow = smooth(node.seed ^ 0xA5A5, t, 900.0);
        let between = |a: f64, b: f64| {
            if a <= b {
                h >= a && h < b
            } else {
                h >= a || h < b
            }
        };
        // Outside temperature shape: coolest at 05:00, hottest at 15:00.
        let heat = 0.5 - 0.5 * ((h - 15.0) / 24.0 * std::f64::consts::TAU).cos();
        let level = match node.kind {
            Kind::Feeder => 0.0,
            Kind::Furnace => {
                // Thermostat cycling, as the heater banks' combined draw: smooth at the scale
                // of a poll (sampling skew between a panel and its feeders must not make the
                // unmetered share jump).
                shift * (0.74 + 0.18 * cycle(node.seed, t, 420.0 + 60.0 * slow)) + 0.03 * noise
            }
            Kind::Process => shift * (0.55 + 0.25 * slow) + 0.05 * noise,
            Kind::Cooling => (0.35 + 0.5 * heat) * (0.85 + 0.15 * shift) + 0.05 * noise,
            Kind::Ventilation => 0.62 + 0.08 * slow + 0.03 * noise,
            Kind::Compressor => {
                // Load/unload cycles, ramped over tens of seconds as the inlet valve moves.
                let c = 0.5 + 0.5 * cycle(node.seed, t, 240.0 + 120.0 * slow);
                let loaded = (c - (0.65 - 0.45 * shift)).clamp(0.0, 0.3) / 0.3;
                0.3 + 0.6 * loaded + 0.03 * noise
            }
            Kind::Steady => 0.55 + 0.04 * slow + 0.02 * noise,
            Kind::Pump => {
                if between(5.0, 9.0) || between(17.0, 19.0) || node.rating_va > 30_000.0 {
                    (0.6 + 0.2 * slow) * (0.7 + 0.3 * shift) + 0.03 * noise
                } else {
                    0.05
                }
            }
            Kind::FirePump => {
                if wd == 0 && between(10.0, 10.34) {
                    0.85
                } else {
                    0.002
                }
            }
            Kind::Lighting => {
                if between(18.5, 6.5) {
                    0.9
                } else {
                    0.3 + 0.1 * slow
                }
            }
            Kind::StreetLighting => {
                if between(18.5, 6.0) {
                    0.95
                } else {
                    0.0
                }
            }
            Kind::Office => {
                if wd < 5 && between(9.0, 18.0) {
                    0.75 + 0.1 * slow
                } else {
                    0.12
                }
            }
            Kind::Canteen => {
                if between(7.0, 9.0) || between(12.0, 14.0) || between(19.5, 21.0) {
                    0.85 + 0.1 * noise
                } else {
                    0.22 + 0.05 * noise
                }
            }
        };
        level.clamp(0.0, 1.05)
    }

    /// Every meter's (P W, Q var) at `t`, computed once each, children before parents.
    pub fn loads_at(&self, t: SystemTime) -> Vec<(f64, f64)> {
        let ts = t
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64());
        let mut out = vec![(0.0, 0.0); self.nodes.len()];
        for &i in &self.order {
            out[i] = self.node_load(i, ts, &out);
        }
        out
    }

    /// Meter `i`'s (P W, Q var) at `t`.
    pub fn load(&self, i: usize, t: SystemTime) -> (f64, f64) {
        let ts = t
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64());
        self.load_rec(i, ts)
    }

    fn load_rec(&self, i: usize, t: f64) -> (f64, f64) {
        let node = &self.nodes[i];
        if node.kind != Kind::Feeder {
            return self.leaf(node, t);
        }
        let (mut p, mut q) = (0.0, 0.0);
        for &c in &node.children {
            let (cp, cq) = self.load_rec(c, t);
            p += cp;
            q += cq;
        }
        self.feeder(node, t, p, q)
    }

    fn node_load(&self, i: usize, t: f64, done: &[(f64, f64)]) -> (f64, f64) {
        let node = &self.nodes[i];
        if node.kind != Kind::Feeder {
            return self.leaf(node, t);
        }
        let (p, q) = node
            .children
            .iter()
            .fold((0.0, 0.0), |(p, q), &c| (p + done[c].0, q + done[c].1));
        self.feeder(node, t, p, q)
    }

    fn leaf(&self, node: &Node, t: f64) -> (f64, f64) {
        let level = self.level(node, t);
        // Power factor drops at light load, as induction motors' does.
        let pf =
            (node.pf - 0.12 * (1.0 - level).max(0.0) * (1.0 - node.pf) * 4.0).clamp(0.6, 0.999);
        let s = node.rating_va * level;
        let p = s * pf;
        let q = s * (1.0 - pf * pf).sqrt();
        (p, q)
    }

    /// A feeder: its children, plus what is not metered below it (3 % and a 1.5 kW base,
    /// at PF 0.9), plus losses (1 % of P; 3 % of Q for magnetising).
    fn feeder(&self, node: &Node, t: f64, p: f64, q: f64) -> (f64, f64) {
        let wobble = 0.9 + 0.2 * smooth(node.seed, t, 300.0);
        let unmetered_p = (0.03 * p + 1500.0) * wobble;
        let unmetered_q = unmetered_p * 0.484; // PF 0.9
        let p = p + unmetered_p;
        let q = q + unmetered_q;
        (p * 1.01, q * 1.03)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plant() -> (Config, Plant) {
        let text = include_str!("../plant.toml");
        let config = Config::parse(text, "plant.toml").unwrap();
        let plant = Plant::from_config(&config);
        (config, plant)
    }

    #[test]
    fn every_parent_reads_more_than_its_children_and_the_gap_is_small() {
        let (config, plant) = plant();
        let t = UNIX_EPOCH + std::time::Duration::from_secs(1_764_000_000);
        let loads = plant.loads_at(t);
        for (i, node) in plant.nodes.iter().enumerate() {
            if node.children.is_empty() {
                assert!(loads[i].0 >= 0.0, "{}", node.name);
                continue;
            }
            let children: f64 = node.children.iter().map(|&c| loads[c].0).sum();
            let share = (loads[i].0 - children) / loads[i].0;
            assert!(
                (0.01..0.15).contains(&share),
                "{}: unmetered share {share:.3}",
                config.meters[i].name
            );
            // The recursive and the bottom-up evaluations agree.
            assert!((plant.load(i, t).0 - loads[i].0).abs() < 1e-6);
        }
        let incomer = config
            .meters
            .iter()
            .position(|m| m.name == "Grid Incomer")
            .unwrap();
        let mw = loads[incomer].0 / 1e6;
        assert!((0.8..6.0).contains(&mw), "plant draws {mw:.2} MW");
    }

    #[test]
    fn sunday_is_lighter_than_a_weekday_and_night_lights_are_on() {
        let (config, plant) = plant();
        let incomer = config
            .meters
            .iter()
            .position(|m| m.name == "Grid Incomer")
            .unwrap();
        // 2026-11-30 is a Monday; 11:00 IST = 05:30 UTC.
        let monday = 1_796_016_600u64;
        let sunday = monday - 86_400;
        let at = |s: u64| UNIX_EPOCH + std::time::Duration::from_secs(s);
        let avg = |start: u64| -> f64 {
            (0..24)
                .map(|k| plant.loads_at(at(start + k * 600))[incomer].0)
                .sum::<f64>()
                / 24.0
        };
        assert!(avg(sunday) < 0.8 * avg(monday));
        let street = config
            .meters
            .iter()
            .position(|m| m.name == "Street Lighting")
            .unwrap();
        assert_eq!(
            plant.loads_at(at(monday)).get(street).unwrap().0,
            0.0,
            "11:00"
        );
        assert!(
            plant
                .loads_at(at(monday + 11 * 3600))
                .get(street)
                .unwrap()
                .0
                > 0.0,
            "22:00"
        );
    }
}
