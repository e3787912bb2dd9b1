//! The alarm part of the configuration: `[[alarm]]` rules and the `[alarms]` table (demand
//! block, contract demand, `[alarms.webhook]`), checked with file:line:column like the rest.
//!
//! This module only reads and checks text; compiling rules for evaluation is
//! [`crate::alarms::rules`].
//!
//! ```toml
//! [alarms]
//! demand_block_minutes = 30          # the tariff's demand integration period
//! contract_demand_kva = 5000         # needed by `kind = "demand"` rules
//!
//! [alarms.webhook]
//! url = "http://127.0.0.1:9000/ems"  # one JSON POST per transition
//! timeout = "5s"
//! max_queue = 1000
//!
//! [[alarm]]
//! name = "feeder-overcurrent"        # unique; defaults to the kind
//! kind = "over_current"              # see AlarmKind
//! tag = "panel"                      # or meter = "…", or level = 2; none of them: every meter
//! above = 900                        # A
//! deadband = 20                      # A: clears below 880
//! on_delay = "10s"
//! off_delay = "30s"
//! priority = "high"                  # low | medium | high | critical
//! latching = false
//! enabled = true
//! message = "feeder overloaded"      # optional text shown with the alarm
//! ```

use std::collections::HashSet;
use std::time::Duration;

use schneider_em::Quantity;
use toml::Spanned;

use super::raw::{RawAlarm, RawConfig};
use super::{by_name, name_of, names, parse_duration, Builder, MeterConfig};

/// What a rule watches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AlarmKind {
    /// The highest phase current (`current_a/b/c`) above `above` A.
    OverCurrent,
    /// The lowest line-to-neutral voltage (`voltage_an/bn/cn`) below `below` V.
    UnderVoltage,
    /// The highest line-to-neutral voltage above `above` V.
    OverVoltage,
    /// `frequency` above `above` Hz.
    OverFrequency,
    /// `frequency` below `below` Hz.
    UnderFrequency,
    /// |`power_factor_total`| below `below` (0–1; the sign, which says import or export, is
    /// ignored).
    LowPowerFactor,
    /// Voltage unbalance above `above` %: the meter's `voltage_unbalance_ln_worst`, or the
    /// largest deviation of a phase voltage from their mean, in % of the mean.
    VoltageUnbalance,
    /// Current unbalance above `above` %: `current_unbalance_worst`, or computed likewise
    /// from the phase currents.
    CurrentUnbalance,
    /// Predicted block demand above `percent` % of `[alarms] contract_demand_kva`.
    Demand,
    /// The meter does not answer (from the collector's health, not from a value).
    Offline,
    /// Any `quantity` above `above` and/or below `below`.
    Threshold,
}

impl AlarmKind {
    /// Every kind, as named in the file.
    pub const ALL: [(&'static str, AlarmKind); 11] = [
        ("over_current", AlarmKind::OverCurrent),
        ("under_voltage", AlarmKind::UnderVoltage),
        ("over_voltage", AlarmKind::OverVoltage),
        ("over_frequency", AlarmKind::OverFrequency),
        ("under_frequency", AlarmKind::UnderFrequency),
        ("low_pf", AlarmKind::LowPowerFactor),
        ("voltage_unbalance", AlarmKind::VoltageUnbalance),
        ("current_unbalance", AlarmKind::CurrentUnbalance),
        ("demand", AlarmKind::Demand),
        ("offline", AlarmKind::Offline),
        ("threshold", AlarmKind::Threshold),
    ];

    /// Parses a kind name.
    pub fn from_name(name: &str) -> Option<AlarmKind> {
        by_name(&Self::ALL, name)
    }

    /// The name in the file.
    pub fn name(self) -> &'static str {
        name_of(&Self::ALL, &self)
    }

    /// Which thresholds the kind takes: (`above`, `below`, `percent`), each
    /// `Some(true)` required, `Some(false)` optional, `None` not allowed.
    fn thresholds(self) -> (Option<bool>, Option<bool>, Option<bool>) {
        use AlarmKind::*;
        match self {
            OverCurrent | OverVoltage | OverFrequency | VoltageUnbalance | CurrentUnbalance => {
                (Some(true), None, None)
            }
            UnderVoltage | UnderFrequency | LowPowerFactor => (None, Some(true), None),
            Demand => (None, None, Some(true)),
            Offline => (None, None, None),
            Threshold => (Some(false), Some(false), None),
        }
    }
}

/// How urgent an alarm is (ISA-18.2 priorities).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Low.
    Low,
    /// Medium (the default).
    Medium,
    /// High.
    High,
    /// Critical.
    Critical,
}

impl Priority {
    /// Every priority, as named in the file.
    pub const ALL: [(&'static str, Priority); 4] = [
        ("low", Priority::Low),
        ("medium", Priority::Medium),
        ("high", Priority::High),
        ("critical", Priority::Critical),
    ];

    /// Parses a priority name.
    pub fn from_name(name: &str) -> Option<Priority> {
        by_name(&Self::ALL, name)
    }

    /// The name in the file.
    pub fn name(self) -> &'static str {
        name_of(&Self::ALL, &self)
    }
}

/// Which meters a rule applies to, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AlarmTarget {
    /// Every enabled meter (no `meter`, `tag` or `level` given).
    All,
    /// One meter by name.
    Meter(String),
    /// Every meter with this tag.
    Tag(String),
    /// Every meter at this depth of the hierarchy (0: top-level meters).
    Level(u32),
}

/// One `[[alarm]]` rule, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct AlarmRuleConfig {
    /// Unique name (the kind's name when not given).
    pub name: String,
    /// What it watches.
    pub kind: AlarmKind,
    /// The quantity of a `threshold` rule.
    pub quantity: Option<Quantity>,
    /// Which meters, as written.
    pub target: AlarmTarget,
    /// The meters it applies to: indices into [`super::Config::meters`], enabled meters only.
    pub meters: Vec<usize>,
    /// Raised above this value (the quantity's unit; % for unbalance).
    pub above: Option<f64>,
    /// Raised below this value.
    pub below: Option<f64>,
    /// `demand`: raised when the predicted block demand exceeds this % of contract demand.
    pub percent: Option<f64>,
    /// Hysteresis, in the threshold's unit (percentage points for `demand`): an alarm raised
    /// above `above` clears below `above - deadband`.
    pub deadband: f64,
    /// The condition must hold this long before the alarm is raised.
    pub on_delay: Duration,
    /// The condition must be gone this long before the alarm clears.
    pub off_delay: Duration,
    /// Priority.
    pub priority: Priority,
    /// A latching alarm stays active after its condition is gone until acknowledged.
    pub latching: bool,
    /// Disabled rules are checked but not evaluated.
    pub enabled: bool,
    /// Optional text shown with the alarm.
    pub message: Option<String>,
}

/// `[alarms.webhook]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookConfig {
    /// Where transitions are POSTed (`http://…`; `https://` needs the `webhook-tls` feature).
    pub url: String,
    /// Timeout of one POST.
    pub timeout: Duration,
    /// Transitions waiting to be sent at most; beyond it new ones are dropped and counted.
    pub max_queue: usize,
}

/// Default `[alarms] demand_block_minutes`.
pub const DEFAULT_DEMAND_BLOCK_MINUTES: u32 = 30;
/// Default `[alarms.webhook] timeout`.
pub const DEFAULT_WEBHOOK_TIMEOUT: Duration = Duration::from_secs(5);
/// Default `[alarms.webhook] max_queue`.
pub const DEFAULT_WEBHOOK_MAX_QUEUE: usize = 1000;

/// The alarm settings: `[alarms]` and every `[[alarm]]`.
#[derive(Clone, Debug, PartialEq)]
pub struct AlarmSettings {
    /// The rules, in file order.
    pub rules: Vec<AlarmRuleConfig>,
    /// The demand integration period: the `[tariff]`'s `demand_block_minutes` (the block the
    /// utility bills), or `[alarms] demand_block_minutes` on a site without a tariff.
    pub demand_block: Duration,
    /// The contract demand, kVA: the `[tariff]` version in force on the day the configuration
    /// was loaded, or `[alarms] contract_demand_kva` on a site without a tariff.
    pub contract_demand_kva: Option<f64>,
    /// The webhook, if configured.
    pub webhook: Option<WebhookConfig>,
}

impl Default for AlarmSettings {
    fn default() -> Self {
        AlarmSettings {
            rules: Vec::new(),
            demand_block: Duration::from_secs(60 * u64::from(DEFAULT_DEMAND_BLOCK_MINUTES)),
            contract_demand_kva: None,
            webhook: None,
        }
    }
}

/// The depth of each meter in the hierarchy (0: top level).
fn depths(meters: &[MeterConfig]) -> Vec<u32> {
    (0..meters.len())
        .map(|i| {
            let mut d = 0u32;
            let mut at = i;
            while let Some(p) = meters[at].parent {
                d += 1;
                at = p;
                if d as usize > meters.len() {
                    break;
                }
            }
            d
        })
        .collect()
}

impl Builder<'_> {
    pub(super) fn alarms(&mut self, raw: &RawConfig, meters: &[MeterConfig]) -> AlarmSettings {
        let mut out = AlarmSettings::default();
        let a = &raw.alarms;
        if let (None, Some(b)) = (&raw.tariff, &a.demand_block_minutes) {
            match u32::try_from(*b.get_ref()) {
                Ok(v) if (1..=60).contains(&v) && 60 % v == 0 => {
                    out.demand_block = Duration::from_secs(60 * u64::from(v));
                }
                _ => self.err(
                    b.span(),
                    "alarms: demand_block_minutes",
                    format!(
                        "{}; allowed: a divisor of 60 such as 15 or 30 (blocks start on the hour)",
                        b.get_ref()
                    ),
                ),
            }
        }
        // One source for alarms and bills: with a [tariff] table, the demand alarms take its
        // contract demand and block length, and [alarms] must not give them again.
        if let Some(t) = &raw.tariff {
            for (given, key) in [
                (
                    a.contract_demand_kva.as_ref().map(|c| c.span()),
                    "contract_demand_kva",
                ),
                (
                    a.demand_block_minutes.as_ref().map(|b| b.span()),
                    "demand_block_minutes",
                ),
            ] {
                if let Some(span) = given {
                    self.err(
                        span,
                        format!("alarms: {key}"),
                        format!("the [tariff] table sets {key} for alarms and bills alike; remove it here"),
                    );
                }
            }
            // Known here for the demand rules' check; `Config` then takes the block length and
            // the contract demand in force today from the checked tariff.
            out.contract_demand_kva = t
                .contract_demand_kva
                .as_ref()
                .map(|c| *c.get_ref())
                .filter(|v| v.is_finite() && *v > 0.0);
        } else if let Some(c) = &a.contract_demand_kva {
            let v = *c.get_ref();
            if v.is_finite() && v > 0.0 {
                out.contract_demand_kva = Some(v);
            } else {
                self.err(
                    c.span(),
                    "alarms: contract_demand_kva",
                    format!("{v}; allowed: a positive number of kVA"),
                );
            }
        }
        if let Some(w) = &a.webhook {
            out.webhook = self.webhook(w);
        }
        let depth = depths(meters);
        let mut seen: HashSet<String> = HashSet::new();
        for (i, r) in raw.alarm.iter().enumerate() {
            if let Some(rule) = self.alarm_rule(i, r, meters, &depth, &out, &mut seen) {
                out.rules.push(rule);
            }
        }
        out
    }

    fn webhook(&mut self, w: &Spanned<super::raw::RawWebhook>) -> Option<WebhookConfig> {
        let w = w.get_ref();
        let url = w.url.get_ref().trim().to_string();
        let mut ok = true;
        let tls = cfg!(feature = "webhook-tls");
        let scheme_ok = url.starts_with("http://") || (tls && url.starts_with("https://"));
        if !scheme_ok || url.len() <= "http://".len() {
            ok = false;
            let allowed = if tls {
                "an http:// or https:// URL"
            } else {
                "an http:// URL (https:// needs ems built with the `webhook-tls` feature)"
            };
            self.err(
                w.url.span(),
                "alarms.webhook: url",
                format!("\"{url}\"; allowed: {allowed}"),
            );
        }
        let mut timeout = DEFAULT_WEBHOOK_TIMEOUT;
        if let Some(t) = &w.timeout {
            match parse_duration(t.get_ref()) {
                Ok(Some(d)) if !d.is_zero() && d <= Duration::from_secs(300) => timeout = d,
                Ok(_) => {
                    ok = false;
                    self.err(
                        t.span(),
                        "alarms.webhook: timeout",
                        "allowed: a duration from \"100ms\" to \"5m\"",
                    );
                }
                Err(m) => {
                    ok = false;
                    self.err(t.span(), "alarms.webhook: timeout", m);
                }
            }
        }
        let mut max_queue = DEFAULT_WEBHOOK_MAX_QUEUE;
        if let Some(q) = &w.max_queue {
            match usize::try_from(*q.get_ref()) {
                Ok(v) if (1..=1_000_000).contains(&v) => max_queue = v,
                _ => {
                    ok = false;
                    self.err(
                        q.span(),
                        "alarms.webhook: max_queue",
                        format!("{}; allowed: 1–1000000 transitions", q.get_ref()),
                    );
                }
            }
        }
        ok.then_some(WebhookConfig {
            url,
            timeout,
            max_queue,
        })
    }

    fn alarm_rule(
        &mut self,
        i: usize,
        r: &RawAlarm,
        meters: &[MeterConfig],
        depth: &[u32],
        settings: &AlarmSettings,
        seen: &mut HashSet<String>,
    ) -> Option<AlarmRuleConfig> {
        let errors_before = self.errors.len();
        let kind_name = r.kind.get_ref().trim();
        let kind = AlarmKind::from_name(kind_name);
        let name = r
            .name
            .as_ref()
            .map_or_else(|| kind_name.to_string(), |n| n.get_ref().trim().to_string());
        let label = format!("alarm #{} ({name})", i + 1);
        let field = |f: &str| format!("{label}: {f}");
        let name_span = r.name.as_ref().map_or(r.kind.span(), |n| n.span());
        if name.is_empty() {
            self.err(name_span, field("name"), "must not be empty");
        } else if !seen.insert(name.clone()) {
            self.err(
                name_span,
                field("name"),
                format!("duplicate alarm name \"{name}\"; give each rule its own name = \"…\""),
            );
        }
        let Some(kind) = kind else {
            self.err(
                r.kind.span(),
                field("kind"),
                format!(
                    "unknown alarm kind \"{kind_name}\"; allowed: {}",
                    names(AlarmKind::ALL.iter().map(|(n, _)| *n))
                ),
            );
            return None;
        };

        // Target.
        let given = [r.meter.is_some(), r.tag.is_some(), r.level.is_some()]
            .iter()
            .filter(|g| **g)
            .count();
        let mut target = AlarmTarget::All;
        let mut chosen: Vec<usize> = Vec::new();
        if given > 1 {
            let span = r
                .tag
                .as_ref()
                .map(|t| t.span())
                .or(r.level.as_ref().map(|l| l.span()))
                .unwrap_or(r.kind.span());
            self.err(
                span,
                field("meter"),
                "give at most one of meter = \"…\", tag = \"…\" or level = N (none: every meter)",
            );
        } else if let Some(m) = &r.meter {
            let n = m.get_ref().trim();
            match meters.iter().position(|x| x.name == n) {
                Some(ix) => {
                    target = AlarmTarget::Meter(n.to_string());
                    chosen.push(ix);
                }
                None => self.err(
                    m.span(),
                    field("meter"),
                    format!("unknown meter \"{n}\"; allowed: the name of a [[meter]]"),
                ),
            }
        } else if let Some(t) = &r.tag {
            let n = t.get_ref().trim();
            chosen = (0..meters.len())
                .filter(|&ix| meters[ix].tags.iter().any(|x| x == n))
                .collect();
            if chosen.is_empty() {
                self.err(
                    t.span(),
                    field("tag"),
                    format!("no meter has the tag \"{n}\""),
                );
            }
            target = AlarmTarget::Tag(n.to_string());
        } else if let Some(l) = &r.level {
            let max = depth.iter().copied().max().unwrap_or(0);
            match u32::try_from(*l.get_ref()) {
                Ok(v) if v <= max => {
                    chosen = (0..meters.len()).filter(|&ix| depth[ix] == v).collect();
                    target = AlarmTarget::Level(v);
                }
                _ => self.err(
                    l.span(),
                    field("level"),
                    format!(
                        "{}; allowed: 0 (top-level meters) to {max} (the deepest level)",
                        l.get_ref()
                    ),
                ),
            }
        } else {
            chosen = (0..meters.len()).collect();
        }
        chosen.retain(|&ix| meters[ix].enabled);

        // Quantity.
        let mut quantity = None;
        match (&r.quantity, kind) {
            (Some(q), AlarmKind::Threshold) => match Quantity::from_name(q.get_ref().trim()) {
                Some(x) => quantity = Some(x),
                None => self.err(
                    q.span(),
                    field("quantity"),
                    format!(
                        "unknown quantity \"{}\"; allowed: a name as `ems read --list` prints it, e.g. \"active_power_total\"",
                        q.get_ref()
                    ),
                ),
            },
            (None, AlarmKind::Threshold) => self.err(
                r.kind.span(),
                field("quantity"),
                "a threshold rule needs quantity = \"…\" (e.g. \"active_power_total\")",
            ),
            (Some(q), _) => self.err(
                q.span(),
                field("quantity"),
                format!("only kind = \"threshold\" takes a quantity; \"{kind_name}\" watches its own"),
            ),
            (None, _) => {}
        }

        // Thresholds.
        let (above_rule, below_rule, percent_rule) = kind.thresholds();
        let mut value = |v: &Option<Spanned<f64>>, rule: Option<bool>, key: &str| -> Option<f64> {
            match (v, rule) {
                (Some(x), Some(_)) => {
                    let f = *x.get_ref();
                    if f.is_finite() {
                        Some(f)
                    } else {
                        self.err(x.span(), field(key), "must be a finite number");
                        None
                    }
                }
                (Some(x), None) => {
                    self.err(
                        x.span(),
                        field(key),
                        format!("kind \"{kind_name}\" takes no {key}"),
                    );
                    None
                }
                (None, Some(true)) => {
                    self.err(
                        r.kind.span(),
                        field(key),
                        format!("kind \"{kind_name}\" needs {key} = …"),
                    );
                    None
                }
                (None, _) => None,
            }
        };
        let above = value(&r.above, above_rule, "above");
        let below = value(&r.below, below_rule, "below");
        let percent = value(&r.percent, percent_rule, "percent");
        if kind == AlarmKind::Threshold && r.above.is_none() && r.below.is_none() {
            self.err(
                r.kind.span(),
                field("above"),
                "a threshold rule needs above = … and/or below = …",
            );
        }
        if kind == AlarmKind::LowPowerFactor {
            if let (Some(b), Some(s)) = (below, &r.below) {
                if !(0.0..=1.0).contains(&b) {
                    self.err(s.span(), field("below"), format!("{b}; allowed: 0–1"));
                }
            }
        }
        if let (Some(p), Some(s)) = (percent, &r.percent) {
            if !(p > 0.0 && p <= 200.0) {
                self.err(s.span(), field("percent"), format!("{p}; allowed: 1–200 %"));
            }
        }
        if kind == AlarmKind::Demand && settings.contract_demand_kva.is_none() {
            self.err(
                r.kind.span(),
                field("kind"),
                "a demand rule needs the contract demand: [tariff] contract_demand_kva = … (kVA), or [alarms] contract_demand_kva without a tariff",
            );
        }
        let mut deadband = 0.0;
        if let Some(d) = &r.deadband {
            let v = *d.get_ref();
            if kind == AlarmKind::Offline {
                self.err(
                    d.span(),
                    field("deadband"),
                    "an offline rule takes no deadband",
                );
            } else if !(v.is_finite() && v >= 0.0) {
                self.err(
                    d.span(),
                    field("deadband"),
                    format!("{v}; allowed: 0 or more, in the threshold's unit"),
                );
            } else {
                deadband = v;
            }
        }
        if let (Some(a), Some(b), Some(s)) = (above, below, &r.above) {
            if b + deadband >= a - deadband {
                self.err(
                    s.span(),
                    field("above"),
                    format!("above ({a}) must exceed below ({b}) by more than twice the deadband ({deadband})"),
                );
            }
        }

        let mut delay = |d: &Option<Spanned<String>>, key: &str| -> Duration {
            let Some(d) = d else {
                return Duration::ZERO;
            };
            match parse_duration(d.get_ref()) {
                Ok(Some(v)) if v <= Duration::from_secs(86_400) => v,
                Ok(_) => {
                    self.err(
                        d.span(),
                        field(key),
                        "allowed: a duration from \"0s\" to \"24h\"",
                    );
                    Duration::ZERO
                }
                Err(m) => {
                    self.err(d.span(), field(key), m);
                    Duration::ZERO
                }
            }
        };
        let on_delay = delay(&r.on_delay, "on_delay");
        let off_delay = delay(&r.off_delay, "off_delay");

        let mut priority = Priority::Medium;
        if let Some(p) = &r.priority {
            match Priority::from_name(p.get_ref().trim()) {
                Some(v) => priority = v,
                None => self.err(
                    p.span(),
                    field("priority"),
                    format!(
                        "unknown priority \"{}\"; allowed: {}",
                        p.get_ref(),
                        names(Priority::ALL.iter().map(|(n, _)| *n))
                    ),
                ),
            }
        }
        let message = r
            .message
            .as_ref()
            .map(|m| m.get_ref().trim().to_string())
            .filter(|m| !m.is_empty());

        if self.errors.len() != errors_before {
            return None;
        }
        if chosen.is_empty() {
            self.warnings
                .push(format!("alarm \"{name}\" applies to no enabled meter"));
        }
        Some(AlarmRuleConfig {
            name,
            kind,
            quantity,
            target,
            meters: chosen,
            above,
            below,
            percent,
            deadband,
            on_delay,
            off_delay,
            priority,
            latching: r.latching.unwrap_or(false),
            enabled: r.enabled.unwrap_or(true),
            message,
        })
    }
}
