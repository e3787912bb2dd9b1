//! One alarm's state machine: the ISA-18.2 subset (active/cleared × unacknowledged/
//! acknowledged, shelved until a time, out of service) with on-delay, off-delay and latching.
//!
//! Pure: time is passed in (UTC milliseconds) and nothing is stored or sent here; the engine
//! persists and notifies the [`Event`]s these methods return. Hysteresis (deadband) is applied
//! before: [`AlarmState::observe`] receives the already-filtered condition.
//!
//! ```text
//!            condition for on_delay               ack
//!   Normal ─────────────────────────▶ Active,Unack ───▶ Active,Acked
//!     ▲                                  │                  │
//!     │ ack            gone for off_delay│                  │ gone for off_delay
//!     └──────────── Cleared,Unack ◀──────┘       Normal ◀───┘
//! ```
//!
//! A latching alarm does not clear while unacknowledged: it clears on the acknowledgement
//! once its condition has been gone for the off-delay (or when the condition goes, if it was
//! acknowledged already). Shelving and out-of-service do not stop evaluation: the state stays
//! true, and the engine marks the events of a suppressed alarm so they are not notified.

use serde::Serialize;

/// The timing of a rule, in milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Timing {
    /// The condition must hold this long before the alarm is raised.
    pub on_delay_ms: i64,
    /// The condition must be gone this long before the alarm clears.
    pub off_delay_ms: i64,
    /// Stays active until acknowledged.
    pub latching: bool,
}

/// What happened to an alarm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// Became active.
    Raised,
    /// Returned to normal.
    Cleared,
    /// Acknowledged by someone.
    Acknowledged,
    /// Shelved until a time.
    Shelved,
    /// The shelving ended (expired or lifted).
    Unshelved,
    /// Taken out of service.
    OutOfService,
    /// Returned to service.
    InService,
}

impl Event {
    /// The snake_case name stored in `alarm_event.event` and sent in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Event::Raised => "raised",
            Event::Cleared => "cleared",
            Event::Acknowledged => "acknowledged",
            Event::Shelved => "shelved",
            Event::Unshelved => "unshelved",
            Event::OutOfService => "out_of_service",
            Event::InService => "in_service",
        }
    }
}

/// One alarm's state.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct AlarmState {
    /// The alarm is active (raised and not cleared).
    pub active: bool,
    /// The current (or last) occurrence has been acknowledged. A never-raised alarm counts
    /// as acknowledged.
    pub acked: bool,
    /// Shelved until this time (UTC ms).
    pub shelved_until: Option<i64>,
    /// Out of service.
    pub out_of_service: bool,
    /// When the current (or last) occurrence was raised.
    pub raised_at: Option<i64>,
    /// When the last occurrence cleared (`None` while active).
    pub cleared_at: Option<i64>,
    /// The value that raised it or the latest value while active.
    pub value: Option<f64>,
    /// The (filtered) condition: true while the value is in the alarm zone.
    pub condition: bool,
    /// When `condition` last changed.
    pub condition_since: i64,
    /// The latest value observed, active or not.
    pub latest: Option<f64>,
}

impl AlarmState {
    /// A normal alarm (no condition, nothing to acknowledge), starting at `now`.
    pub fn new(now: i64) -> Self {
        AlarmState {
            acked: true,
            condition_since: now,
            ..AlarmState::default()
        }
    }

    /// Not normal: active, waiting for acknowledgement, shelved or out of service.
    pub fn is_notable(&self) -> bool {
        self.active || !self.acked || self.shelved_until.is_some() || self.out_of_service
    }

    /// Its events are not announced (shelved or out of service).
    pub fn is_suppressed(&self) -> bool {
        self.shelved_until.is_some() || self.out_of_service
    }

    /// A new observation: `condition` is the hysteresis-filtered result, `value` the value
    /// it came from. Returns the events it causes (raise or clear once a delay has run).
    pub fn observe(
        &mut self,
        condition: bool,
        value: Option<f64>,
        t: &Timing,
        now: i64,
    ) -> Option<Event> {
        if condition != self.condition {
            self.condition = condition;
            self.condition_since = now;
        }
        if value.is_some() {
            self.latest = value;
            if self.active {
                self.value = value;
            }
        }
        self.step(t, now)
    }

    /// Applies the delays at `now` without a new value.
    pub fn step(&mut self, t: &Timing, now: i64) -> Option<Event> {
        let held = now.saturating_sub(self.condition_since);
        if !self.active && self.condition && held >= t.on_delay_ms {
            self.active = true;
            self.acked = false;
            self.raised_at = Some(now);
            self.cleared_at = None;
            self.value = self.latest;
            return Some(Event::Raised);
        }
        let unlatched = !t.latching || self.acked;
        if self.active && !self.condition && held >= t.off_delay_ms && unlatched {
            self.active = false;
            self.cleared_at = Some(now);
            return Some(Event::Cleared);
        }
        None
    }

    /// Acknowledges the current occurrence. Nothing happens when there is nothing to
    /// acknowledge; a latched alarm whose condition is gone clears with it.
    pub fn ack(&mut self, t: &Timing, now: i64) -> Vec<Event> {
        if self.acked {
            return Vec::new();
        }
        self.acked = true;
        let mut out = vec![Event::Acknowledged];
        if t.latching {
            out.extend(self.step(t, now));
        }
        out
    }

    /// Shelves the alarm until `until` (later shelving replaces the time).
    pub fn shelve(&mut self, until: i64) -> Option<Event> {
        if self.shelved_until == Some(until) {
            return None;
        }
        self.shelved_until = Some(until);
        Some(Event::Shelved)
    }

    /// Lifts the shelving.
    pub fn unshelve(&mut self) -> Option<Event> {
        self.shelved_until.take().map(|_| Event::Unshelved)
    }

    /// Ends the shelving when its time has come.
    pub fn expire_shelving(&mut self, now: i64) -> Option<Event> {
        match self.shelved_until {
            Some(u) if now >= u => self.unshelve(),
            _ => None,
        }
    }

    /// Takes the alarm out of service or returns it.
    pub fn set_out_of_service(&mut self, oos: bool) -> Option<Event> {
        if self.out_of_service == oos {
            return None;
        }
        self.out_of_service = oos;
        Some(if oos {
            Event::OutOfService
        } else {
            Event::InService
        })
    }
}

/// Applies a deadband: whether a value is in the alarm zone, given whether it was.
///
/// Raised above `above` (or below `below`); once in the zone it stays there until the value
/// is back below `above - deadband` (and above `below + deadband`).
pub fn in_zone(
    value: f64,
    above: Option<f64>,
    below: Option<f64>,
    deadband: f64,
    was: bool,
) -> bool {
    let hi = above.is_some_and(|a| value > a);
    let lo = below.is_some_and(|b| value < b);
    if hi || lo {
        return true;
    }
    if !was {
        return false;
    }
    let back_hi = above.is_none_or(|a| value < a - deadband);
    let back_lo = below.is_none_or(|b| value > b + deadband);
    !(back_hi && back_lo)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Timing = Timing {
        on_delay_ms: 10_000,
        off_delay_ms: 30_000,
        latching: false,
    };

    #[test]
    fn deadband_holds_the_zone_until_the_value_is_clearly_back() {
        assert!(in_zone(401.0, Some(400.0), None, 10.0, false));
        assert!(!in_zone(395.0, Some(400.0), None, 10.0, false));
        assert!(in_zone(395.0, Some(400.0), None, 10.0, true));
        assert!(!in_zone(389.0, Some(400.0), None, 10.0, true));
        assert!(in_zone(205.0, None, Some(207.0), 3.0, false));
        assert!(in_zone(209.0, None, Some(207.0), 3.0, true));
        assert!(!in_zone(211.0, None, Some(207.0), 3.0, true));
    }

    #[test]
    fn condition_shorter_than_on_delay_raises_nothing() {
        let mut s = AlarmState::new(0);
        assert_eq!(s.observe(true, Some(1.0), &T, 0), None);
        assert_eq!(s.observe(true, Some(1.0), &T, 9_999), None);
        assert_eq!(s.observe(false, Some(0.0), &T, 10_000), None);
        assert!(!s.active);
    }

    #[test]
    fn latched_alarm_clears_on_ack_once_its_condition_is_gone() {
        let t = Timing {
            latching: true,
            ..T
        };
        let mut s = AlarmState::new(0);
        s.observe(true, Some(1.0), &t, 0);
        assert_eq!(s.step(&t, 10_000), Some(Event::Raised));
        s.observe(false, Some(0.0), &t, 20_000);
        assert_eq!(s.step(&t, 60_000), None, "latched");
        assert!(s.active);
        assert_eq!(s.ack(&t, 61_000), vec![Event::Acknowledged, Event::Cleared]);
        assert!(!s.is_notable());
    }
}
