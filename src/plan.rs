//! Read planning: from "these quantities of this model over this link" to the set of Modbus
//! reads with the minimum modelled bus time.
//!
//! Cost of one read of n registers (holes included), from the first request byte until the
//! master may send again: `(8 + 5 + 2n)·τ + T + t3.5`, with τ the character time and T the
//! meter's turnaround. The planner sorts the wanted values, joins overlapping ones, and runs an
//! exact dynamic program over contiguous groups: a group is one read, allowed only if it stays
//! within the request limit, reads no never-read register, and touches a whole-block region
//! only by being exactly that block. Contiguous groups are enough: a read covering values i and
//! j also covers every value between them. Costs are integer nanoseconds, so the output is
//! deterministic. Fixed capacity; too small a capacity is an error, never a panic.

use crate::address::{RegisterNumber, WireAddress};
use crate::decode::{decode_numeric, Numeric};
use crate::frame::{ReadFunction, MAX_READ_REGISTERS};
use crate::map::{ModelMap, Parity, RegisterRange, WordOrders};
use crate::quantity::{Preset, Quantity, QuantitySet};
use crate::snapshot::Snapshot;
use crate::timing::{bits_per_char, RtuTiming};
use crate::Model;

/// Default number of requests a [`Plan`] can hold.
pub const DEFAULT_PLAN_REQUESTS: usize = 32;

/// The serial link a plan is costed for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LinkParams {
    /// Baud rate.
    pub baud: u32,
    /// Data bits per character (8 for RTU).
    pub data_bits: u8,
    /// Parity.
    pub parity: Parity,
    /// Stop bits (1 or 2).
    pub stop_bits: u8,
    /// The meter's turnaround: from the end of the request to the first reply byte, in µs.
    pub turnaround_us: u32,
    /// A cap on registers per read below the model's limit (e.g. for a fussy gateway).
    pub max_registers: Option<u16>,
}

impl LinkParams {
    /// Default turnaround assumed for energy meters when none was measured (10 ms).
    pub const DEFAULT_TURNAROUND_US: u32 = 10_000;

    /// 8E1 at `baud` with the default turnaround.
    pub const fn new(baud: u32) -> Self {
        LinkParams {
            baud,
            data_bits: 8,
            parity: Parity::Even,
            stop_bits: 1,
            turnaround_us: Self::DEFAULT_TURNAROUND_US,
            max_registers: None,
        }
    }

    /// The model's documented factory serial settings with the default turnaround.
    pub fn for_model(model: Model) -> Self {
        let s = model.map().serial;
        LinkParams {
            baud: s.baud,
            data_bits: 8,
            parity: s.parity,
            stop_bits: s.stop_bits,
            turnaround_us: Self::DEFAULT_TURNAROUND_US,
            max_registers: None,
        }
    }

    /// Returns a copy with another turnaround (µs).
    pub const fn with_turnaround_us(mut self, us: u32) -> Self {
        self.turnaround_us = us;
        self
    }

    /// Returns a copy with another parity.
    pub const fn with_parity(mut self, parity: Parity, stop_bits: u8) -> Self {
        self.parity = parity;
        self.stop_bits = stop_bits;
        self
    }

    /// Returns a copy with a cap on registers per read.
    pub const fn with_max_registers(mut self, max: u16) -> Self {
        self.max_registers = Some(max);
        self
    }

    /// Bits per character on the wire: start + data + parity + stop (11 for 8E1 and 8N2).
    #[inline]
    pub const fn bits_per_char(&self) -> u64 {
        self.timing().bits_per_char as u64
    }

    /// The line timing of these settings (turnaround allowance = the modelled turnaround).
    #[inline]
    pub const fn timing(&self) -> RtuTiming {
        RtuTiming {
            baud: self.baud,
            bits_per_char: bits_per_char(self.data_bits, self.parity, self.stop_bits),
            turnaround_allowance_us: self.turnaround_us,
        }
    }

    fn valid(&self) -> bool {
        self.baud > 0 && (5..=8).contains(&self.data_bits) && (1..=2).contains(&self.stop_bits)
    }

    /// Time of `chars` characters in ns ([`RtuTiming::chars_ns`]: 0 at baud 0, which cannot
    /// plan).
    #[inline]
    pub const fn chars_ns(&self, chars: u64) -> u64 {
        self.timing().chars_ns(chars)
    }

    /// Character time τ in ns.
    pub const fn char_time_ns(&self) -> u64 {
        self.chars_ns(1)
    }

    /// The inter-frame silence t3.5 in ns: 3.5 characters, fixed at 1.75 ms above 19200 baud.
    #[inline]
    pub const fn t35_ns(&self) -> u64 {
        self.timing().t35_ns()
    }

    /// The inter-character timeout t1.5 in ns: 1.5 characters, fixed at 0.75 ms above 19200.
    #[inline]
    pub const fn t15_ns(&self) -> u64 {
        self.timing().t15_ns()
    }

    /// Modelled bus time of one read of `registers` registers, in ns:
    /// `(13 + 2n)·τ + T + t3.5`.
    #[inline]
    pub const fn request_cost_ns(&self, registers: u16) -> u64 {
        self.chars_ns(13 + 2 * registers as u64) + self.turnaround_us as u64 * 1000 + self.t35_ns()
    }

    /// The largest read allowed for `map` over this link.
    pub fn max_registers_for(&self, map: &ModelMap) -> u16 {
        let mut max = map.max_registers_per_read.min(MAX_READ_REGISTERS);
        if let Some(cap) = self.max_registers {
            max = max.min(cap);
        }
        max
    }
}

/// Why a plan could not be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum PlanError {
    /// The plan needs more requests than its capacity.
    #[error("the plan needs {needed} requests but has room for {capacity}")]
    Capacity {
        /// Requests the optimum needs.
        needed: usize,
        /// The plan's capacity.
        capacity: usize,
    },
    /// One value (or whole block) is larger than the request limit.
    #[error("register {register} needs a read of {registers} registers, above the limit of {max}")]
    ValueTooLarge {
        /// First register of the value or block.
        register: u16,
        /// Registers it needs in one read.
        registers: u16,
        /// The limit.
        max: u16,
    },
    /// The link parameters are impossible (baud 0, 9 data bits, …).
    #[error("invalid link parameters")]
    InvalidLink,
    /// The register cannot be read under the map's rules.
    #[error("register {0} may not be read")]
    NotReadable(u16),
}

/// One read of a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct PlannedRequest {
    /// Function code.
    pub function: ReadFunction,
    /// First wire address.
    pub start: WireAddress,
    /// Registers to read.
    pub count: u16,
    first_field: u16,
    field_count: u16,
}

impl PlannedRequest {
    /// The first documented register number read.
    pub fn first_register(&self) -> RegisterNumber {
        // start = number − 1 with number ≥ 1, so start + 1 never overflows.
        self.start
            .register()
            .unwrap_or(RegisterNumber::from_table(1))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PlannedField {
    quantity: Quantity,
    register: u16,
}

/// The one-request-per-value baseline a plan is compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Baseline {
    /// Requests (one per value).
    pub requests: u32,
    /// Registers read.
    pub registers: u32,
    /// Modelled bus time per meter, ns.
    pub bus_time_ns: u64,
}

/// A read plan: the requests to send to one meter and how to decode their replies.
#[derive(Clone, Debug)]
pub struct Plan<const R: usize = DEFAULT_PLAN_REQUESTS> {
    model: Model,
    link: LinkParams,
    requests: heapless::Vec<PlannedRequest, R>,
    fields: heapless::Vec<PlannedField, { Quantity::COUNT }>,
    wanted: QuantitySet,
    unsupported: QuantitySet,
    excluded: QuantitySet,
    registers_read: u32,
    bus_time_ns: u64,
    naive: Baseline,
}

#[derive(Clone, Copy, Debug)]
struct Item {
    start: u16,
    end: u16,
    /// Whether `start..=end` is a whole-block region.
    block: bool,
    quantity: Quantity,
    register: u16,
}

/// A span to read: `start..=end` in documented numbers, `block` when it is a whole block.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Span {
    pub start: u16,
    pub end: u16,
    pub block: bool,
}

const MAX_SPANS: usize = Quantity::COUNT;

/// The exact optimum over contiguous groups of sorted, non-overlapping spans. Writes each
/// chosen read as (first span, last span) into `out`; returns the total cost in ns.
pub(crate) fn optimise<const R: usize>(
    map: &ModelMap,
    spans: &[Span],
    link: &LinkParams,
    max: u16,
    excluded: &[RegisterRange],
    out: &mut heapless::Vec<(u16, u16), R>,
) -> Result<u64, PlanError> {
    let m = spans.len().min(MAX_SPANS);
    let spans = &spans[..m];
    let mut gap_ok = [false; MAX_SPANS];
    for k in 0..m.saturating_sub(1) {
        let (a, b) = (spans[k], spans[k + 1]);
        gap_ok[k] = !a.block
            && !b.block
            && (u32::from(b.start) == u32::from(a.end) + 1 || {
                let (first, last) = (a.end + 1, b.start - 1);
                map.range_readable(first, last)
                    && !map.whole_blocks.iter().any(|w| w.overlaps(first, last))
                    && !excluded.iter().any(|w| w.overlaps(first, last))
            });
    }
    let mut best = [0u64; MAX_SPANS + 1];
    let mut choice = [0u16; MAX_SPANS];
    for i in (0..m).rev() {
        let mut best_i = u64::MAX;
        let mut choice_i = i;
        for j in i..m {
            if j > i && !gap_ok[j - 1] {
                break;
            }
            let len = u32::from(spans[j].end) - u32::from(spans[i].start) + 1;
            if len > u32::from(max) {
                if j == i {
                    return Err(PlanError::ValueTooLarge {
                        register: spans[i].start,
                        registers: len.min(u32::from(u16::MAX)) as u16,
                        max,
                    });
                }
                break;
            }
            let cost = link.request_cost_ns(len as u16).saturating_add(best[j + 1]);
            if cost < best_i {
                best_i = cost;
                choice_i = j;
            }
        }
        best[i] = best_i;
        choice[i] = choice_i as u16;
    }
    out.clear();
    let mut needed = 0usize;
    let mut i = 0usize;
    while i < m {
        needed += 1;
        i = usize::from(choice[i]) + 1;
    }
    if needed > R {
        return Err(PlanError::Capacity {
            needed,
            capacity: R,
        });
    }
    let mut i = 0usize;
    while i < m {
        let j = usize::from(choice[i]);
        // Capacity was checked above.
        let _ = out.push((i as u16, j as u16));
        i = j + 1;
    }
    Ok(if m == 0 { 0 } else { best[0] })
}

impl<const R: usize> Plan<R> {
    /// Plans reads of `quantities` from a `model` meter over `link`. Quantities the model does
    /// not have are listed in [`Plan::unsupported`] and not read.
    pub fn new(
        model: Model,
        quantities: &QuantitySet,
        link: &LinkParams,
    ) -> Result<Self, PlanError> {
        Self::excluding(model, quantities, link, &[])
    }

    /// As [`Plan::new`], leaving out every quantity whose registers touch one of `excluded`
    /// and never reading across those ranges: for a meter that refused them (see
    /// [`crate::read::PartialRead::refused`]). The quantities left out are listed in
    /// [`Plan::excluded`].
    pub fn excluding(
        model: Model,
        quantities: &QuantitySet,
        link: &LinkParams,
        excluded: &[RegisterRange],
    ) -> Result<Self, PlanError> {
        if !link.valid() {
            return Err(PlanError::InvalidLink);
        }
        let map = model.map();
        let max = link.max_registers_for(map);
        let function = map.read_function;
        let mut excluded_set = QuantitySet::EMPTY;
        let mut items: heapless::Vec<Item, { Quantity::COUNT }> = heapless::Vec::new();
        let mut unsupported = QuantitySet::EMPTY;
        let mut naive = Baseline {
            requests: 0,
            registers: 0,
            bus_time_ns: 0,
        };
        for q in quantities.iter() {
            let Some(idx) = map.source_index(q) else {
                unsupported.insert(q);
                continue;
            };
            let reg = &map.registers[idx];
            let (start, end, block) = match map.whole_block_containing(reg.number.get()) {
                Some(b) => (b.first.get(), b.last.get(), true),
                None => (reg.number.get(), reg.last(), false),
            };
            if excluded.iter().any(|r| r.overlaps(start, end)) {
                excluded_set.insert(q);
                continue;
            }
            let len = end - start + 1;
            if len > max {
                return Err(PlanError::ValueTooLarge {
                    register: start,
                    registers: len,
                    max,
                });
            }
            naive.requests += 1;
            naive.registers += u32::from(len);
            naive.bus_time_ns += link.request_cost_ns(len);
            // At most one item per quantity: capacity is Quantity::COUNT.
            let _ = items.push(Item {
                start,
                end,
                block,
                quantity: q,
                register: idx as u16,
            });
        }
        items.sort_unstable_by_key(|it| (it.start, it.end, it.quantity));

        let mut spans: heapless::Vec<Span, MAX_SPANS> = heapless::Vec::new();
        for it in &items {
            let block = it.block;
            match spans.last_mut() {
                Some(last) if it.start <= last.end => {
                    last.end = last.end.max(it.end);
                    last.block |= block;
                }
                _ => {
                    let _ = spans.push(Span {
                        start: it.start,
                        end: it.end,
                        block,
                    });
                }
            }
        }

        let mut groups: heapless::Vec<(u16, u16), R> = heapless::Vec::new();
        let bus_time_ns = optimise(map, &spans, link, max, excluded, &mut groups)?;

        let mut requests: heapless::Vec<PlannedRequest, R> = heapless::Vec::new();
        let mut fields: heapless::Vec<PlannedField, { Quantity::COUNT }> = heapless::Vec::new();
        let mut registers_read = 0u32;
        let mut next_item = 0usize;
        for &(i, j) in &groups {
            let first = spans[usize::from(i)].start;
            let last = spans[usize::from(j)].end;
            let first_field = fields.len() as u16;
            while next_item < items.len() && items[next_item].start <= last {
                let it = items[next_item];
                let _ = fields.push(PlannedField {
                    quantity: it.quantity,
                    register: it.register,
                });
                next_item += 1;
            }
            let count = last - first + 1;
            registers_read += u32::from(count);
            let _ = requests.push(PlannedRequest {
                function,
                start: WireAddress::new(first - 1),
                count,
                first_field,
                field_count: fields.len() as u16 - first_field,
            });
        }
        Ok(Plan {
            model,
            link: *link,
            requests,
            fields,
            wanted: *quantities,
            unsupported,
            excluded: excluded_set,
            registers_read,
            bus_time_ns,
            naive,
        })
    }

    /// Plans a [`Preset`] (intersected with what the model has).
    pub fn preset(model: Model, preset: Preset, link: &LinkParams) -> Result<Self, PlanError> {
        Self::new(model, &preset.quantities_for(model), link)
    }

    /// The model planned for.
    pub const fn model(&self) -> Model {
        self.model
    }

    /// The link the plan was costed for.
    pub const fn link(&self) -> &LinkParams {
        &self.link
    }

    /// The reads, in address order.
    pub fn requests(&self) -> &[PlannedRequest] {
        &self.requests
    }

    /// The quantities asked for.
    pub const fn wanted(&self) -> QuantitySet {
        self.wanted
    }

    /// Quantities asked for that the model does not have.
    pub const fn unsupported(&self) -> QuantitySet {
        self.unsupported
    }

    /// Quantities asked for that were left out because their registers touch an excluded
    /// range ([`Plan::excluding`]).
    pub const fn excluded(&self) -> QuantitySet {
        self.excluded
    }

    /// The quantities the plan reads: asked for, supported and not excluded.
    pub fn planned(&self) -> QuantitySet {
        self.fields.iter().map(|f| f.quantity).collect()
    }

    /// The index range of request `request`'s fields in `self.fields`.
    pub(crate) fn request_fields(&self, request: usize) -> core::ops::Range<usize> {
        match self.requests.get(request) {
            Some(r) => {
                let a = usize::from(r.first_field);
                a..a + usize::from(r.field_count)
            }
            None => 0..0,
        }
    }

    /// The registers field `field` needs in one read: its value, or its whole block.
    pub(crate) fn field_extent(&self, field: usize) -> (u16, u16) {
        let map = self.model.map();
        let Some(f) = self.fields.get(field) else {
            return (1, 1);
        };
        let reg = &map.registers[usize::from(f.register)];
        match map.whole_block_containing(reg.number.get()) {
            Some(b) => (b.first.get(), b.last.get()),
            None => (reg.number.get(), reg.last()),
        }
    }

    /// The quantities of fields `fields`.
    pub(crate) fn fields_quantities(&self, fields: core::ops::Range<usize>) -> QuantitySet {
        self.fields
            .get(fields)
            .unwrap_or(&[])
            .iter()
            .map(|f| f.quantity)
            .collect()
    }

    /// Decodes fields `fields` from `words`, read from documented register `first` on. Fields
    /// whose registers `words` does not hold are left alone.
    pub(crate) fn decode_fields(
        &self,
        fields: core::ops::Range<usize>,
        first: u16,
        words: &[u16],
        orders: WordOrders,
        snapshot: &mut Snapshot,
    ) {
        let map = self.model.map();
        for f in self.fields.get(fields).unwrap_or(&[]) {
            let reg = &map.registers[usize::from(f.register)];
            let Some(start) = reg.number.get().checked_sub(first) else {
                continue;
            };
            let start = usize::from(start);
            let Some(slice) = words.get(start..start + usize::from(reg.words)) else {
                continue;
            };
            match decode_numeric(reg.data_type, slice, orders, map.not_available) {
                Some(Numeric::Number(v)) => snapshot.set(f.quantity, v * reg.factor),
                Some(Numeric::PowerFactor(pf)) => snapshot.set_power_factor(f.quantity, pf),
                None => snapshot.clear(f.quantity),
            }
        }
    }

    /// Registers read per meter, holes included.
    pub const fn registers_read(&self) -> u32 {
        self.registers_read
    }

    /// Modelled bus time per meter and cycle, in ns.
    pub const fn bus_time_ns(&self) -> u64 {
        self.bus_time_ns
    }

    /// Modelled bus time for a cycle over `meters` meters of this plan, in ns.
    pub const fn cycle_time_ns(&self, meters: u32) -> u64 {
        self.bus_time_ns.saturating_mul(meters as u64)
    }

    /// The one-request-per-value baseline.
    pub const fn naive(&self) -> Baseline {
        self.naive
    }

    /// The quantities a request decodes, with the documented register each comes from.
    pub fn request_quantities(
        &self,
        request: usize,
    ) -> impl Iterator<Item = (Quantity, RegisterNumber)> + '_ {
        let map = self.model.map();
        let fields: &[PlannedField] = match self.requests.get(request) {
            Some(r) => {
                let a = usize::from(r.first_field);
                let b = a + usize::from(r.field_count);
                self.fields.get(a..b).unwrap_or(&[])
            }
            None => &[],
        };
        fields
            .iter()
            .map(move |f| (f.quantity, map.registers[usize::from(f.register)].number))
    }

    /// The documented register a quantity of this plan is read from.
    pub fn source(&self, q: Quantity) -> Option<RegisterNumber> {
        let map = self.model.map();
        self.fields
            .iter()
            .find(|f| f.quantity == q)
            .map(|f| map.registers[usize::from(f.register)].number)
    }

    /// Decodes the reply to request `request` (its `count` words) into `snapshot`.
    /// Values that are not available are removed from the snapshot.
    pub fn decode(
        &self,
        request: usize,
        words: &[u16],
        orders: WordOrders,
        snapshot: &mut Snapshot,
    ) -> Result<(), DecodeError> {
        let Some(req) = self.requests.get(request) else {
            return Err(DecodeError::NoSuchRequest(request));
        };
        if words.len() != usize::from(req.count) {
            return Err(DecodeError::WrongLength {
                expected: req.count,
                received: words.len(),
            });
        }
        let first = req.start.get() + 1;
        self.decode_fields(self.request_fields(request), first, words, orders, snapshot);
        Ok(())
    }
}

/// A reply that does not fit the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum DecodeError {
    /// The plan has no such request.
    #[error("the plan has no request {0}")]
    NoSuchRequest(usize),
    /// The reply holds another number of registers than the request asked for.
    #[error("{received} registers for a request of {expected}")]
    WrongLength {
        /// Registers requested.
        expected: u16,
        /// Registers supplied.
        received: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_spans(
        model: Model,
        spans: &[Span],
        link: &LinkParams,
    ) -> Result<heapless::Vec<(u16, u16), 16>, PlanError> {
        let mut out: heapless::Vec<(u16, u16), 16> = heapless::Vec::new();
        let map = model.map();
        optimise(map, spans, link, link.max_registers_for(map), &[], &mut out)?;
        Ok(out
            .iter()
            .map(|&(i, j)| (spans[usize::from(i)].start, spans[usize::from(j)].end))
            .collect())
    }

    #[test]
    fn whole_blocks_are_read_alone_and_exactly() {
        // The legacy RMS Total (3001-3020) and RMS Phase A (3031-3050) blocks, with a huge
        // turnaround that would make merging them pay if it were allowed.
        let link = LinkParams::new(9600).with_turnaround_us(1_000_000);
        let spans = [
            Span {
                start: 3001,
                end: 3020,
                block: true,
            },
            Span {
                start: 3031,
                end: 3050,
                block: true,
            },
        ];
        let reads = plan_spans(Model::Em6400, &spans, &link).unwrap();
        assert_eq!(reads.as_slice(), &[(3001, 3020), (3031, 3050)]);
        // A block never absorbs a neighbouring Turbo value, and a Turbo read never runs into
        // a block.
        let spans = [
            Span {
                start: 3121,
                end: 3140,
                block: true,
            },
            Span {
                start: 3901,
                end: 3902,
                block: false,
            },
        ];
        assert_eq!(
            plan_spans(Model::Em6400, &spans, &link).unwrap().as_slice(),
            &[(3121, 3140), (3901, 3902)]
        );
    }
}
