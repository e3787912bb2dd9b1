//! The poll schedule of one bus: which (meter, poll class) read to send next, and when the bus
//! may rest. Pure logic on a clock the caller passes in (time since the bus started), so it is
//! tested by simulation without a bus; the worker ([`super::worker`]) runs it for real.
//!
//! Rules:
//! * **Rate-monotonic priority.** Among the reads that are due, the class with the shortest
//!   interval goes first (total kW every 3 s before the dashboard every 60 s); a back-to-back
//!   class (interval 0) only fills time nothing else wants. Within a class, the earliest due
//!   read goes first. Slow classes therefore fill the bus's spare time and never starve fast
//!   ones.
//! * **Never faster than configured.** A class's reads of a meter stay on a grid of its
//!   interval: a read that started late does not move the next one earlier than its slot,
//!   delays do not accumulate, and a read that fell a whole interval behind skips the slots it
//!   missed rather than catching up in a burst. Over any window a meter is read at most once
//!   per interval, plus one.
//! * **Covering reads count.** A read of a class refreshes every other class of the same meter
//!   whose quantities it covers (a dashboard read is also a total-kW read): their next due time
//!   moves to this read's start plus their interval, so the bus only carries what is due.
//! * **Never idle while work is due.** `next` returns a read whenever one is due, otherwise the
//!   time of the earliest due read.
//! * **Staggered start.** The meters' first reads of a class are spread over its interval, so a
//!   3 s class on 79 meters is a steady stream, not a burst every 3 s.
//! * **Suspension.** A meter the health tracker took offline is skipped until its backoff ends;
//!   then only its highest-priority class is tried (one cheap probe), until it answers.

use std::time::Duration;

use schneider_em::QuantitySet;

/// One meter's part in a poll class: the quantities it reads there and how often.
#[derive(Clone, Debug, PartialEq)]
pub struct MeterClass {
    /// The class's index (the worker's and the configuration's numbering).
    pub class: usize,
    /// The quantities the read covers (what the plan actually reads).
    pub quantities: QuantitySet,
    /// How often; zero = back to back, as fast as the bus allows.
    pub interval: Duration,
    /// Due at start instead of staggered over the interval (the identity: a replaced meter
    /// must be noticed at once, not up to a day later).
    pub at_start: bool,
}

/// What the bus should do now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Read this task (see [`Schedule::task`]).
    Read(usize),
    /// Nothing is due before this time.
    IdleUntil(Duration),
    /// Nothing will ever be due (no tasks).
    Nothing,
}

/// One (meter, class) read.
#[derive(Clone, Debug)]
pub struct Task {
    /// The meter's index.
    pub meter: usize,
    /// The class's index.
    pub class: usize,
    /// When it is due next.
    pub due: Duration,
    /// When it last started (its own read or a covering one).
    pub last: Option<Duration>,
    /// How often it is read (zero = back to back).
    pub interval: Duration,
    /// Tasks of the same meter this task's read covers.
    covers: Vec<usize>,
    quantities: QuantitySet,
}

/// The schedule of one bus.
#[derive(Clone, Debug)]
pub struct Schedule {
    tasks: Vec<Task>,
    /// Per meter: suspended until this time (offline backoff).
    suspended: Vec<Option<Duration>>,
    /// Per meter: its task of the highest priority (the probe when it comes back).
    probe: Vec<Option<usize>>,
    /// Task indices in priority order (class rank, then meter order).
    order: Vec<usize>,
}

/// Priority rank of an interval: shorter first, back-to-back last.
fn rank(interval: Duration) -> (bool, Duration) {
    (interval.is_zero(), interval)
}

impl Schedule {
    /// A schedule for `meters` (each with the classes it takes part in).
    pub fn new(meters: &[Vec<MeterClass>]) -> Self {
        let mut tasks = Vec::new();
        let n = meters.len().max(1) as u128;
        for (m, mcs) in meters.iter().enumerate() {
            for mc in mcs {
                // Spread the first reads over the interval; classes offset from each other so
                // two classes of equal interval do not start together.
                let iv = mc.interval.as_nanos();
                let frac = (m as u128 * 1_000_000 / n + mc.class as u128 * 370_000) % 1_000_000;
                let due = if mc.at_start {
                    Duration::ZERO
                } else {
                    Duration::from_nanos((iv * frac / 1_000_000).min(u64::MAX as u128) as u64)
                };
                tasks.push(Task {
                    meter: m,
                    class: mc.class,
                    due,
                    last: None,
                    interval: mc.interval,
                    covers: Vec::new(),
                    quantities: mc.quantities,
                });
            }
        }
        for i in 0..tasks.len() {
            let covers = (0..tasks.len())
                .filter(|&j| {
                    j != i
                        && tasks[j].meter == tasks[i].meter
                        && !tasks[j].quantities.is_empty()
                        && tasks[j]
                            .quantities
                            .difference(&tasks[i].quantities)
                            .is_empty()
                })
                .collect();
            tasks[i].covers = covers;
        }
        let mut order: Vec<usize> = (0..tasks.len()).collect();
        order.sort_by_key(|&i| (rank(tasks[i].interval), tasks[i].meter));
        let mut probe = vec![None; meters.len()];
        for &i in &order {
            let m = tasks[i].meter;
            if probe[m].is_none() {
                probe[m] = Some(i);
            }
        }
        Schedule {
            tasks,
            suspended: vec![None; meters.len()],
            probe,
            order,
        }
    }

    /// A task.
    pub fn task(&self, i: usize) -> &Task {
        &self.tasks[i]
    }

    /// All tasks.
    pub fn tasks(&self) -> &[Task] {
        &self.tasks
    }

    /// When task `i` may run: its due time, or for a suspended meter its probe at the end of
    /// the backoff (other tasks of that meter not at all).
    fn runnable(&self, i: usize) -> Option<Duration> {
        let t = &self.tasks[i];
        match self.suspended[t.meter] {
            Some(until) => (self.probe[t.meter] == Some(i)).then_some(until),
            None => Some(t.due),
        }
    }

    /// What to do at `now`.
    pub fn next(&self, now: Duration) -> Next {
        let mut best: Option<(usize, (bool, Duration), Duration)> = None;
        let mut earliest: Option<Duration> = None;
        for &i in &self.order {
            let Some(due) = self.runnable(i) else {
                continue;
            };
            if due > now {
                earliest = Some(earliest.map_or(due, |e| e.min(due)));
                continue;
            }
            let r = rank(self.tasks[i].interval);
            let better = match best {
                None => true,
                Some((_, br, bd)) => r < br || (r == br && due < bd),
            };
            if better {
                best = Some((i, r, due));
            }
        }
        match (best, earliest) {
            (Some((i, _, _)), _) => Next::Read(i),
            (None, Some(e)) => Next::IdleUntil(e),
            (None, None) => Next::Nothing,
        }
    }

    /// Records that task `i`'s read started at `started` (whatever its outcome: a failed read
    /// is retried at the next interval, not at once; health decides about backoff). Returns
    /// the measured interval of every class it refreshed, as (class, time since that class's
    /// previous read of this meter, whether it was the class's own read rather than a
    /// covering one).
    pub fn done(&mut self, i: usize, started: Duration) -> Vec<(usize, Duration, bool)> {
        let mut measured = Vec::new();
        let t = &mut self.tasks[i];
        if let Some(prev) = t.last {
            measured.push((t.class, started.saturating_sub(prev), true));
        }
        t.last = Some(started);
        // Anchored to its own grid, so delays do not accumulate and the mean interval is the
        // configured one; a task that fell a whole interval behind skips the missed slots
        // instead of catching up in a burst.
        let next = t.due + t.interval;
        t.due = if next + t.interval <= started {
            started + t.interval
        } else {
            next.max(started)
        };
        for k in 0..self.tasks[i].covers.len() {
            let j = self.tasks[i].covers[k];
            let u = &mut self.tasks[j];
            if let Some(prev) = u.last {
                measured.push((u.class, started.saturating_sub(prev), false));
            }
            u.last = Some(started);
            u.due = u.due.max(started + u.interval);
        }
        measured
    }

    /// Takes meter `m` offline until `until` (`None`: back online; its reads are due at once).
    pub fn suspend(&mut self, m: usize, until: Option<Duration>) {
        if let Some(s) = self.suspended.get_mut(m) {
            *s = until;
        }
    }

    /// Whether meter `m` is suspended.
    pub fn is_suspended(&self, m: usize) -> bool {
        self.suspended.get(m).is_some_and(|s| s.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use schneider_em::Quantity;

    fn q(list: &[Quantity]) -> QuantitySet {
        QuantitySet::from_slice(list)
    }

    fn mc(class: usize, quantities: QuantitySet, ms: u64) -> MeterClass {
        MeterClass {
            class,
            quantities,
            interval: Duration::from_millis(ms),
            at_start: false,
        }
    }

    #[test]
    fn the_shorter_interval_goes_first_and_back_to_back_goes_last() {
        let meter = vec![
            mc(0, q(&[Quantity::ThdCurrentA]), 0),
            mc(1, q(&[Quantity::Frequency]), 60_000),
            mc(2, q(&[Quantity::ActivePowerTotal]), 3_000),
        ];
        let mut s = Schedule::new(&[meter]);
        // All due at some point; force everything due now.
        for t in 0..3 {
            s.tasks[t].due = Duration::ZERO;
        }
        let now = Duration::from_secs(1);
        let Next::Read(i) = s.next(now) else { panic!() };
        assert_eq!(s.task(i).class, 2, "fast first");
        s.done(i, now);
        let Next::Read(i) = s.next(now) else { panic!() };
        assert_eq!(s.task(i).class, 1, "then the 60 s class");
        s.done(i, now);
        let Next::Read(i) = s.next(now) else { panic!() };
        assert_eq!(
            s.task(i).class,
            0,
            "back to back only when nothing else is due"
        );
        s.done(i, now);
        // The back-to-back class is due again at once; the others are not.
        let Next::Read(i) = s.next(now) else { panic!() };
        assert_eq!(s.task(i).class, 0);
    }

    #[test]
    fn a_covering_read_postpones_the_classes_it_covers() {
        let meter = vec![
            mc(0, q(&[Quantity::ActivePowerTotal]), 3_000),
            mc(
                1,
                q(&[Quantity::ActivePowerTotal, Quantity::Frequency]),
                60_000,
            ),
        ];
        let mut s = Schedule::new(&[meter]);
        let dash = s.tasks().iter().position(|t| t.class == 1).unwrap();
        let fast = 1 - dash;
        s.tasks[dash].due = Duration::ZERO;
        s.tasks[fast].due = Duration::from_millis(2_000);
        s.done(dash, Duration::from_millis(1_000));
        assert_eq!(s.task(fast).due, Duration::from_millis(4_000), "1 s + 3 s");
        assert_eq!(
            s.task(dash).due,
            Duration::from_millis(60_000),
            "on its grid"
        );
        // A fast read does not cover the dashboard.
        s.done(fast, Duration::from_millis(4_000));
        assert_eq!(s.task(dash).due, Duration::from_millis(60_000));
    }

    #[test]
    fn idle_until_the_earliest_due_read_and_suspended_meters_only_probe() {
        let m = |_| {
            vec![
                mc(0, q(&[Quantity::ActivePowerTotal]), 3_000),
                mc(1, q(&[Quantity::Frequency]), 60_000),
            ]
        };
        let mut s = Schedule::new(&[m(0), m(1)]);
        for t in &mut s.tasks {
            t.due = Duration::from_secs(10);
        }
        assert_eq!(
            s.next(Duration::from_secs(1)),
            Next::IdleUntil(Duration::from_secs(10))
        );
        s.suspend(0, Some(Duration::from_secs(30)));
        // At 10 s only meter 1's reads run.
        let mut seen = Vec::new();
        let now = Duration::from_secs(10);
        while let Next::Read(i) = s.next(now) {
            seen.push((s.task(i).meter, s.task(i).class));
            s.done(i, now);
        }
        assert_eq!(seen, [(1, 0), (1, 1)]);
        // At 30 s meter 0 gets one probe of its fast class, not its slow one.
        let now = Duration::from_secs(30);
        let mut seen = Vec::new();
        while let Next::Read(i) = s.next(now) {
            seen.push((s.task(i).meter, s.task(i).class));
            s.done(i, now);
            if s.task(i).meter == 0 {
                // Still suspended (the probe failed and health extended the backoff).
                s.suspend(0, Some(Duration::from_secs(90)));
            }
        }
        // Meter 1's fast read (due since 13 s) goes first, then meter 0's one probe of its
        // fast class; not its slow one.
        assert_eq!(seen, [(1, 0), (0, 0)]);
        assert!(s.is_suspended(0));
    }
}
