//! The live feed: what the collector publishes after each reading (values, per-meter health,
//! alarm changes) on a `tokio::sync::broadcast` channel, and the in-memory "latest per meter"
//! that the dashboard shows on page load. This module must not talk to a bus or the store.

use std::borrow::Cow;
use std::sync::{Arc, RwLock};

use crate::fasthash::FxMap;

use serde::Serialize;

/// One event of the live feed, serialised to WebSocket clients as JSON with a `type` field
/// (`reading`, `health`, `alarm`).
///
/// Cheap to clone (every receiver of the broadcast gets a clone of every event): names and
/// value lists are shared, not copied.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveEvent {
    /// Values of one meter read at one time (one poll).
    Reading {
        /// The meter's name (as configured).
        meter: Arc<str>,
        /// When the values were read, UTC ms since the Unix epoch.
        time_ms: i64,
        /// The values, with the quantity names of `ems read --json`.
        values: Arc<[LiveValue]>,
        /// The meter's health after this poll, if the collector attaches it.
        #[serde(skip_serializing_if = "Option::is_none")]
        health: Option<LiveHealth>,
        /// When the collector published the values (the read complete, validated and handed
        /// to the store), UTC ms: what a push delay is measured from.
        #[serde(skip_serializing_if = "Option::is_none")]
        published_ms: Option<i64>,
    },
    /// A change of a meter's health without values (a failed poll, going offline).
    Health {
        /// The meter's name.
        meter: Arc<str>,
        /// When the change happened, UTC ms.
        time_ms: i64,
        /// The new health.
        health: LiveHealth,
    },
    /// An alarm was raised, cleared, acknowledged or shelved; `json` is the alarm object of
    /// `GET /api/alarms`.
    Alarm {
        /// The alarm as the alarms module serialises it.
        json: serde_json::Value,
    },
}

impl LiveEvent {
    /// The meter the event is about (`None` for alarms).
    pub fn meter(&self) -> Option<&str> {
        match self {
            LiveEvent::Reading { meter, .. } | LiveEvent::Health { meter, .. } => Some(meter),
            LiveEvent::Alarm { .. } => None,
        }
    }
}

/// One value of a reading.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LiveValue {
    /// The quantity's snake_case name (`active_power_total`).
    pub quantity: &'static str,
    /// The value in `unit`.
    pub value: f64,
    /// The unit symbol (`W`, `V`, `Hz`, `Wh`; empty for a power factor).
    pub unit: &'static str,
}

impl LiveValue {
    /// A value of a library quantity, with its unit symbol.
    pub fn of(quantity: schneider_em::Quantity, value: f64) -> LiveValue {
        LiveValue {
            quantity: quantity.name(),
            value,
            unit: quantity.unit().symbol(),
        }
    }
}

/// A meter's communication health, as the collector sees it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LiveHealth {
    /// `online`, `retrying`, `offline` or `unknown`.
    pub state: &'static str,
    /// When the meter last answered, UTC ms.
    pub last_seen_ms: Option<i64>,
    /// The last error, if the last poll failed.
    pub error: Option<String>,
    /// Polls attempted.
    pub reads: u64,
    /// Polls that failed.
    pub errors: u64,
    /// Latency of the last successful poll, ms.
    pub latency_ms: Option<f64>,
    /// When the next attempt is due while backing off, UTC ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backoff_until_ms: Option<i64>,
}

/// The latest health per meter name, shared between the collector (writer) and the HTTP layer.
pub type HealthMap = Arc<RwLock<FxMap<String, LiveHealth>>>;

/// The latest values of one meter, kept in memory from the live feed.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LatestReading {
    /// When the newest value arrived (reading time), UTC ms.
    pub time_ms: i64,
    /// Latest value per quantity: `(value, unit, time_ms)`. Names and units that came with
    /// the live feed are the library's static strings (no copy, and each update compares
    /// them where they sit in the program's read-only data instead of chasing heap strings:
    /// the tracker does this for every value read).
    pub values: FxMap<QuantityName, (f64, Cow<'static, str>, i64)>,
}

/// A quantity's name as a key of [`LatestReading::values`]. Hashes and compares as the name;
/// two of the library's static names compare by address first, so the tracker's lookup for
/// every value read does not compare the text.
#[derive(Clone, Debug, Eq, Serialize)]
#[serde(transparent)]
pub struct QuantityName(pub Cow<'static, str>);

impl QuantityName {
    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl PartialEq for QuantityName {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.as_str(), other.as_str());
        std::ptr::eq(a, b) || a == b
    }
}

impl std::hash::Hash for QuantityName {
    /// As the `str` it holds, so that maps keyed by it can be searched with a `&str`.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl std::borrow::Borrow<str> for QuantityName {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

/// The latest values per meter name.
pub type LatestMap = Arc<RwLock<FxMap<String, LatestReading>>>;

/// Applies one event to the health and latest maps (what the HTTP layer's tracker task does
/// for every event of the broadcast).
pub fn apply(event: &LiveEvent, health: &HealthMap, latest: &LatestMap) {
    match event {
        LiveEvent::Reading {
            meter,
            time_ms,
            values,
            health: h,
            ..
        } => {
            if let Some(h) = h {
                set_health(health, meter, h);
            }
            // In place: this runs for every reading of every meter, and after the first one
            // the keys are all there (no key or unit string is copied again).
            let mut l = write(latest);
            let e = match l.get_mut(&**meter) {
                Some(e) => e,
                None => l.entry(meter.to_string()).or_default(),
            };
            e.time_ms = e.time_ms.max(*time_ms);
            for v in values.iter() {
                let name = QuantityName(Cow::Borrowed(v.quantity));
                match e.values.get_mut(&name) {
                    Some(slot) => {
                        slot.0 = v.value;
                        slot.2 = *time_ms;
                        // The same static unit as last time (the usual case) is the same
                        // address: no text to compare. Anything else, an owned unit loaded
                        // from the store included, becomes the feed's static one.
                        let same = matches!(&slot.1, Cow::Borrowed(u) if std::ptr::eq(*u, v.unit));
                        if !same {
                            slot.1 = Cow::Borrowed(v.unit);
                        }
                    }
                    None => {
                        e.values
                            .insert(name, (v.value, Cow::Borrowed(v.unit), *time_ms));
                    }
                }
            }
        }
        LiveEvent::Health {
            meter, health: h, ..
        } => set_health(health, meter, h),
        LiveEvent::Alarm { .. } => {}
    }
}

fn set_health(health: &HealthMap, meter: &str, h: &LiveHealth) {
    let mut map = write(health);
    match map.get_mut(meter) {
        Some(old) => old.clone_from(h),
        None => {
            map.insert(meter.to_string(), h.clone());
        }
    }
}

/// A write lock that survives a panicked writer (the maps hold plain data).
pub(crate) fn write<T>(l: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    l.write().unwrap_or_else(|e| e.into_inner())
}

/// A read lock that survives a panicked writer.
pub(crate) fn read<T>(l: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    l.read().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantity_names_match_by_text_whatever_their_address() {
        let stat = QuantityName(Cow::Borrowed(schneider_em::Quantity::Frequency.name()));
        let owned = QuantityName(Cow::Owned(String::from("frequency")));
        assert_eq!(stat, owned);
        assert_ne!(stat, QuantityName(Cow::Borrowed("frequency_avg")));
        let mut m: FxMap<QuantityName, i32> = FxMap::default();
        m.insert(owned, 1);
        // Found from the static name (the live feed) and from a plain `&str` (the API).
        *m.get_mut(&stat).unwrap() += 1;
        assert_eq!(m.get("frequency"), Some(&2));
    }

    #[test]
    fn each_reading_updates_value_time_and_unit_in_place() {
        let (health, latest) = (HealthMap::default(), LatestMap::default());
        let reading = |t: i64, v: f64, unit: &'static str| LiveEvent::Reading {
            meter: "M1".into(),
            time_ms: t,
            values: vec![LiveValue {
                quantity: "active_power_total",
                value: v,
                unit,
            }]
            .into(),
            health: None,
            published_ms: None,
        };
        // Loaded from the store at start-up: owned strings.
        write(&latest)
            .entry("M1".into())
            .or_default()
            .values
            .insert(
                QuantityName(Cow::Owned("active_power_total".into())),
                (1.0, Cow::Owned("W".into()), 0),
            );
        // Same text, now static.
        apply(&reading(10, 2.0, "W"), &health, &latest);
        let l = read(&latest);
        let (v, unit, t) = &l["M1"].values["active_power_total"];
        assert_eq!((*v, &**unit, *t, l["M1"].time_ms), (2.0, "W", 10, 10));
        assert!(
            matches!(unit, Cow::Borrowed(_)),
            "the static unit replaces the owned one"
        );
        drop(l);
        // Another unit: the unit follows the feed.
        apply(&reading(20, 3.0, "kW"), &health, &latest);
        apply(&reading(15, 4.0, "kW"), &health, &latest);
        let l = read(&latest);
        let (v, unit, t) = &l["M1"].values["active_power_total"];
        assert_eq!((*v, &**unit, *t), (4.0, "kW", 15));
        // The meter's time is the newest reading's, not the last applied.
        assert_eq!(l["M1"].time_ms, 20);
        assert_eq!(l["M1"].values.len(), 1);
    }
}
