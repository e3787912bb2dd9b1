//! Which outbox batches the broker has acknowledged: the bookkeeping behind the MQTT sink's
//! high-water mark. No I/O and no clock; the connection loop feeds it what rumqttc reports.
//!
//! Every publish is queued here in the order it was handed to the client, tagged with the
//! batch its row came from (or none: availability and discovery). rumqttc reports each
//! publish as `Outgoing::Publish(pkid)` in that same order, which binds a packet id to the
//! tag; the broker's `PubAck(pkid)` then settles it. A batch is done once all its rows were
//! handed over and settled, and the mark moves over done batches in commit order only, so a
//! batch whose acknowledgement is still missing holds the mark (and is sent again after a
//! reconnect).

use std::collections::{BTreeMap, HashMap, VecDeque};

/// The in-flight accounting of one connection.
#[derive(Debug, Default)]
pub(crate) struct Ledger {
    /// Publishes handed to the client but not yet seen leaving, in order.
    handed: VecDeque<Option<i64>>,
    /// Packet id → tags waiting for the broker's acknowledgement (a list, in case an id is
    /// reused before its first use was acknowledged).
    waiting: HashMap<u16, VecDeque<Option<i64>>>,
    /// Batch seq → (unsettled rows, all rows handed over).
    batches: BTreeMap<i64, (usize, bool)>,
    /// Data messages handed over and not yet settled.
    unsettled: usize,
    /// The mark: every batch up to it is settled.
    mark: i64,
}

/// What settling one publish did.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Settled {
    /// It carried a reading (a state message).
    pub row: bool,
}

impl Ledger {
    /// A ledger whose batches up to `mark` are settled.
    pub fn new(mark: i64) -> Ledger {
        Ledger {
            mark,
            ..Ledger::default()
        }
    }

    /// The mark: the last batch whose rows are all settled, with every batch before it.
    pub fn mark(&self) -> i64 {
        self.mark
    }

    /// State messages handed over and not yet settled.
    pub fn unsettled(&self) -> usize {
        self.unsettled
    }

    /// A state message of batch `seq` was handed to the client.
    pub fn handed_row(&mut self, seq: i64) {
        self.handed.push_back(Some(seq));
        self.batches.entry(seq).or_insert((0, false)).0 += 1;
        self.unsettled += 1;
    }

    /// Some other message (availability, discovery) was handed to the client.
    pub fn handed_other(&mut self) {
        self.handed.push_back(None);
    }

    /// Every row of batch `seq` has been handed over (possibly none: all filtered out).
    pub fn batch_complete(&mut self, seq: i64) {
        self.batches.entry(seq).or_insert((0, false)).1 = true;
        self.advance();
    }

    /// The client sent the oldest handed-over publish with packet id `pkid` (0 for QoS 0,
    /// which is settled by being sent).
    pub fn sent(&mut self, pkid: u16) -> Settled {
        let Some(tag) = self.handed.pop_front() else {
            return Settled::default();
        };
        if pkid == 0 {
            return self.settle(tag);
        }
        self.waiting.entry(pkid).or_default().push_back(tag);
        Settled::default()
    }

    /// The broker acknowledged packet id `pkid`.
    pub fn acked(&mut self, pkid: u16) -> Settled {
        let tag = match self.waiting.get_mut(&pkid) {
            Some(q) => {
                let t = q.pop_front();
                if q.is_empty() {
                    self.waiting.remove(&pkid);
                }
                t
            }
            None => None,
        };
        match tag {
            Some(tag) => self.settle(tag),
            None => Settled::default(),
        }
    }

    fn settle(&mut self, tag: Option<i64>) -> Settled {
        let Some(seq) = tag else {
            return Settled { row: false };
        };
        if let Some(b) = self.batches.get_mut(&seq) {
            b.0 = b.0.saturating_sub(1);
            self.unsettled = self.unsettled.saturating_sub(1);
        }
        self.advance();
        Settled { row: true }
    }

    fn advance(&mut self) {
        while let Some((&seq, &(open, complete))) = self.batches.first_key_value() {
            if open > 0 || !complete {
                break;
            }
            self.batches.remove(&seq);
            self.mark = self.mark.max(seq);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Ledger;

    #[test]
    fn mark_moves_only_over_batches_fully_acknowledged_in_commit_order() {
        let mut l = Ledger::new(10);
        // Batch 11: two rows; batch 12: one row; an availability message in between.
        l.handed_row(11);
        l.handed_other();
        l.handed_row(11);
        l.batch_complete(11);
        l.handed_row(12);
        l.batch_complete(12);
        assert_eq!(l.unsettled(), 3);
        for pkid in 1..=4 {
            assert!(!l.sent(pkid).row);
        }
        // Batch 12's ack first: the mark waits for 11.
        assert!(l.acked(4).row);
        assert_eq!(l.mark(), 10);
        assert!(l.acked(1).row);
        assert!(!l.acked(2).row);
        assert_eq!(l.mark(), 10);
        assert!(l.acked(3).row);
        assert_eq!(l.mark(), 12);
        assert_eq!(l.unsettled(), 0);
    }

    #[test]
    fn a_batch_not_fully_handed_over_holds_the_mark() {
        let mut l = Ledger::new(0);
        l.handed_row(1);
        l.sent(1);
        l.acked(1);
        assert_eq!(l.mark(), 0);
        l.batch_complete(1);
        assert_eq!(l.mark(), 1);
        // An empty batch (every row filtered out) passes at once.
        l.batch_complete(2);
        assert_eq!(l.mark(), 2);
    }

    #[test]
    fn qos0_is_settled_when_sent_and_unknown_acks_are_ignored() {
        let mut l = Ledger::new(5);
        l.handed_row(6);
        l.batch_complete(6);
        assert!(!l.acked(9).row);
        assert!(l.sent(0).row);
        assert_eq!(l.mark(), 6);
    }

    #[test]
    fn a_reused_packet_id_settles_its_uses_in_order() {
        let mut l = Ledger::new(0);
        l.handed_row(1);
        l.handed_row(2);
        l.batch_complete(1);
        l.batch_complete(2);
        l.sent(7);
        l.sent(7);
        l.acked(7);
        assert_eq!(l.mark(), 1);
        l.acked(7);
        assert_eq!(l.mark(), 2);
    }
}
