//! The meter driver: glues the sans-IO core (plan, frame, decode) to a transport, once
//! blocking ([`Meter`]) and once async ([`AsyncMeter`]).

use crate::address::{RegisterNumber, UnitId, WireAddress};
use crate::decode::{combine32, decode_datetime, decode_utf8, DateTime};
use crate::error::Error;
use crate::frame::{ReadFunction, MAX_READ_REGISTERS};
use crate::map::{Model, ModelMap, WordOrder, WordOrders};
use crate::plan::{optimise, LinkParams, Plan, Span};
use crate::quantity::{Preset, Quantity, QuantitySet};
use crate::read::{PartialRead, ReadError, ReadSession};
use crate::snapshot::Snapshot;
use crate::transport::{AsyncTransport, Transport};

/// A firmware version as the PMC meters report it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FirmwareVersion {
    /// Major (X).
    pub major: u16,
    /// Minor (Y).
    pub minor: u16,
    /// Quality (Z).
    pub quality: u16,
    /// Internal evolution (T).
    pub internal: u16,
}

/// What a meter says about itself. Fields the model's map has no register for, or that the
/// meter reports as not available, are `None`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Identity {
    /// The model the meter was addressed as.
    pub model: Model,
    /// Model string, e.g. "EM6400NG".
    pub model_name: Option<heapless::String<40>>,
    /// Manufacturer string.
    pub manufacturer: Option<heapless::String<40>>,
    /// User-settable meter name.
    pub meter_name: Option<heapless::String<40>>,
    /// Product id (15511 = EM6400 NG, 15510 = EM6400 NG without communication).
    pub product_id: Option<u16>,
    /// Serial number.
    pub serial_number: Option<u32>,
    /// Date of manufacture.
    pub manufacture_date: Option<DateTime>,
    /// Hardware revision.
    pub hardware_revision: Option<heapless::String<10>>,
    /// Firmware version.
    pub firmware: Option<FirmwareVersion>,
}

impl Identity {
    fn empty(model: Model) -> Self {
        Identity {
            model,
            model_name: None,
            manufacturer: None,
            meter_name: None,
            product_id: None,
            serial_number: None,
            manufacture_date: None,
            hardware_revision: None,
            firmware: None,
        }
    }
}

const MAX_IDENTITY_READS: usize = 8;

/// The reads that fetch a model's identity registers: (start, count) in documented numbers.
fn identity_reads(
    map: &ModelMap,
    link: &LinkParams,
) -> Result<heapless::Vec<(u16, u16), MAX_IDENTITY_READS>, crate::plan::PlanError> {
    let id = &map.identity;
    let mut numbers: heapless::Vec<(u16, u16), 8> = heapless::Vec::new();
    for n in [
        id.meter_name,
        id.model_name,
        id.manufacturer,
        id.product_id,
        id.serial_number,
        id.manufacture_date,
        id.hardware_revision,
    ]
    .into_iter()
    .flatten()
    {
        if let Some(r) = map.register(n) {
            let _ = numbers.push((n.get(), r.last()));
        }
    }
    if let Some(n) = id.firmware_version {
        let _ = numbers.push((n.get(), n.get() + 4));
    }
    numbers.sort_unstable();
    let mut spans: heapless::Vec<Span, 8> = heapless::Vec::new();
    for (start, end) in numbers {
        match spans.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => {
                let _ = spans.push(Span {
                    start,
                    end,
                    block: false,
                });
            }
        }
    }
    let mut groups: heapless::Vec<(u16, u16), MAX_IDENTITY_READS> = heapless::Vec::new();
    optimise(
        map,
        &spans,
        link,
        link.max_registers_for(map),
        &[],
        &mut groups,
    )?;
    Ok(groups
        .iter()
        .map(|&(i, j)| {
            let (a, b) = (spans[usize::from(i)].start, spans[usize::from(j)].end);
            (a, b - a + 1)
        })
        .collect())
}

/// Decodes the identity fields held in `words`, read from `start`.
fn apply_identity(
    map: &ModelMap,
    orders: WordOrders,
    start: u16,
    words: &[u16],
    out: &mut Identity,
) {
    let get = |n: Option<RegisterNumber>, len: u16| -> Option<&[u16]> {
        let n = n?.get();
        let off = usize::from(n.checked_sub(start)?);
        words.get(off..off + usize::from(len))
    };
    let words_of = |n: Option<RegisterNumber>| -> u16 {
        n.and_then(|n| map.register(n)).map_or(0, |r| r.words)
    };
    let id = &map.identity;
    let text = |n: Option<RegisterNumber>| -> Option<heapless::String<40>> {
        let s = decode_utf8::<40>(get(n, words_of(n))?);
        (!s.is_empty()).then_some(s)
    };
    if let Some(s) = text(id.model_name) {
        out.model_name = Some(s);
    }
    if let Some(s) = text(id.manufacturer) {
        out.manufacturer = Some(s);
    }
    if let Some(s) = text(id.meter_name) {
        out.meter_name = Some(s);
    }
    if let Some(w) = get(id.hardware_revision, words_of(id.hardware_revision)) {
        let s = decode_utf8::<10>(w);
        if !s.is_empty() {
            out.hardware_revision = Some(s);
        }
    }
    if let Some(&[w]) = get(id.product_id, 1) {
        if w != 0xFFFF {
            out.product_id = Some(w);
        }
    }
    if let Some(&[a, b]) = get(id.serial_number, 2) {
        let v = combine32([a, b], orders.int32);
        if v != 0xFFFF_FFFF {
            out.serial_number = Some(v);
        }
    }
    if let Some(&[a, b, c, d]) = get(id.manufacture_date, 4) {
        out.manufacture_date = decode_datetime([a, b, c, d]);
    }
    if let Some(&[_, major, minor, quality, internal]) = get(id.firmware_version, 5) {
        if major != 0xFFFF {
            out.firmware = Some(FirmwareVersion {
                major,
                minor,
                quality,
                internal,
            });
        }
    }
}

/// Plans for `read_quantities` and `read_preset`.
const CONVENIENCE_PLAN: usize = Quantity::COUNT;

macro_rules! meter_common {
    () => {
        /// Uses other link parameters for planning (baud, turnaround, request cap).
        pub fn with_link(mut self, link: LinkParams) -> Self {
            self.link = link;
            self
        }

        /// Overrides the float word order of the model's map (for variants that differ,
        /// e.g. some EM6436 firmware).
        pub fn with_float_word_order(mut self, order: WordOrder) -> Self {
            self.orders.float32 = order;
            self
        }

        /// Overrides all word orders.
        pub fn with_word_orders(mut self, orders: WordOrders) -> Self {
            self.orders = orders;
            self
        }

        /// The unit id.
        pub const fn unit(&self) -> UnitId {
            self.unit
        }

        /// The model.
        pub const fn model(&self) -> Model {
            self.model
        }

        /// The link parameters used for planning.
        pub const fn link(&self) -> &LinkParams {
            &self.link
        }

        /// The word orders used for decoding.
        pub const fn word_orders(&self) -> WordOrders {
            self.orders
        }

        /// Gives the transport back.
        pub fn free(self) -> T {
            self.transport
        }

        /// The transport.
        pub fn transport(&mut self) -> &mut T {
            &mut self.transport
        }

        fn check_plan<const R: usize>(&self, plan: &Plan<R>) -> Result<(), Error<T::Error>> {
            if plan.model() != self.model {
                return Err(Error::ModelMismatch {
                    meter: self.model,
                    plan: plan.model(),
                });
            }
            Ok(())
        }

        fn function(&self) -> ReadFunction {
            self.model.map().read_function
        }

        fn raw_start(
            &self,
            first: RegisterNumber,
            out: &[u16],
        ) -> Result<WireAddress, Error<T::Error>> {
            let map = self.model.map();
            // Length checked before any arithmetic on it.
            let too_long = out.is_empty() || out.len() > usize::from(MAX_READ_REGISTERS);
            let last = u32::from(first.get())
                + (out.len().min(usize::from(MAX_READ_REGISTERS)) as u32).saturating_sub(1);
            if too_long || last > u32::from(u16::MAX) {
                return Err(Error::Plan(crate::plan::PlanError::ValueTooLarge {
                    register: first.get(),
                    registers: out.len().min(usize::from(u16::MAX)) as u16,
                    max: MAX_READ_REGISTERS,
                }));
            }
            if !map.range_readable(first.get(), last as u16) {
                return Err(Error::Plan(crate::plan::PlanError::NotReadable(
                    first.get(),
                )));
            }
            Ok(first.wire())
        }
    };
}

/// A meter on a blocking transport.
///
/// ```
/// # use schneider_em::*;
/// # fn demo<T: Transport>(transport: T) -> Result<(), Error<T::Error>> {
/// let mut meter = Meter::new(transport, UnitId::new(1).unwrap(), Model::Em6400Ng);
/// let snapshot = meter.read_preset(Preset::Dashboard)?;
/// if let Some(watts) = snapshot.get(Quantity::ActivePowerTotal) {
///     // always W, whatever the meter's native unit
///     let _ = watts;
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Meter<T> {
    transport: T,
    unit: UnitId,
    model: Model,
    link: LinkParams,
    orders: WordOrders,
}

impl<T: Transport> Meter<T> {
    /// A meter of `model` answering to `unit` on `transport`, planned with the model's
    /// factory serial settings and a 10 ms turnaround.
    pub fn new(transport: T, unit: UnitId, model: Model) -> Self {
        Meter {
            transport,
            unit,
            model,
            link: LinkParams::for_model(model),
            orders: model.map().word_order,
        }
    }

    meter_common!();

    /// Executes a plan: one read per planned request, decoded into a snapshot. Stops at the
    /// first failing request; the error names that request (function, registers, and the
    /// quantities it covered).
    pub fn read<const R: usize>(
        &mut self,
        plan: &Plan<R>,
    ) -> Result<Snapshot, ReadError<T::Error>> {
        self.check_plan(plan)?;
        let mut session = ReadSession::new(plan, self.orders, true);
        self.drive(&mut session);
        session.finish_strict()
    }

    /// Executes a plan as far as the meter allows: every request is tried, and the result
    /// holds the values read plus each failed request with its error. A request the meter
    /// refuses with exception 02 or 03 is retried as smaller pieces of the plan (down to one
    /// value or whole block); what it still refuses is listed in
    /// [`PartialRead::refused`], to re-plan the meter with [`Plan::excluding`]. A timeout or
    /// bus error ends the read (the rest is listed as [`PartialRead::skipped`]): a meter that
    /// does not answer costs one timeout, not one per request.
    pub fn read_partial<const R: usize>(
        &mut self,
        plan: &Plan<R>,
    ) -> Result<PartialRead<T::Error>, Error<T::Error>> {
        self.check_plan(plan)?;
        let mut session = ReadSession::new(plan, self.orders, false);
        self.drive(&mut session);
        Ok(session.finish())
    }

    fn drive<const R: usize>(&mut self, session: &mut ReadSession<&Plan<R>, T::Error, R>) {
        let mut buf = [0u16; MAX_READ_REGISTERS as usize];
        while let Some(req) = session.next_request() {
            let words = &mut buf[..usize::from(req.count)];
            let result = self
                .transport
                .read_registers(self.unit, req.function, req.start, words);
            session.complete(result.map(|()| &*words));
        }
    }

    /// Plans and reads a list of quantities.
    pub fn read_quantities(
        &mut self,
        quantities: &[Quantity],
    ) -> Result<Snapshot, ReadError<T::Error>> {
        let plan: Plan<CONVENIENCE_PLAN> =
            Plan::new(self.model, &QuantitySet::from_slice(quantities), &self.link)?;
        self.read(&plan)
    }

    /// Plans and reads a preset.
    pub fn read_preset(&mut self, preset: Preset) -> Result<Snapshot, ReadError<T::Error>> {
        let plan: Plan<CONVENIENCE_PLAN> = Plan::preset(self.model, preset, &self.link)?;
        self.read(&plan)
    }

    /// Reads the identification registers the model's map knows. A group of registers the
    /// meter refuses with an exception is left `None`; link and frame errors are returned.
    pub fn identify(&mut self) -> Result<Identity, Error<T::Error>> {
        let map = self.model.map();
        let mut identity = Identity::empty(self.model);
        let function = self.function();
        let mut buf = [0u16; MAX_READ_REGISTERS as usize];
        for (start, count) in identity_reads(map, &self.link)? {
            let words = &mut buf[..usize::from(count)];
            let wire = RegisterNumber::from_table(start).wire();
            match self
                .transport
                .read_registers(self.unit, function, wire, words)
            {
                Ok(()) => apply_identity(map, self.orders, start, words, &mut identity),
                // A variant without some identity registers: keep what the others give.
                Err(Error::Exception(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(identity)
    }

    /// Reads raw registers from `first` on (documented number) into `out`, refusing ranges
    /// the map says must not be read.
    pub fn read_raw(
        &mut self,
        first: RegisterNumber,
        out: &mut [u16],
    ) -> Result<(), Error<T::Error>> {
        let start = self.raw_start(first, out)?;
        let function = self.function();
        self.transport
            .read_registers(self.unit, function, start, out)
    }
}

/// A meter on an async transport; the same API as [`Meter`] with `async` methods.
#[derive(Debug)]
pub struct AsyncMeter<T> {
    transport: T,
    unit: UnitId,
    model: Model,
    link: LinkParams,
    orders: WordOrders,
}

impl<T: AsyncTransport> AsyncMeter<T> {
    /// As [`Meter::new`].
    pub fn new(transport: T, unit: UnitId, model: Model) -> Self {
        AsyncMeter {
            transport,
            unit,
            model,
            link: LinkParams::for_model(model),
            orders: model.map().word_order,
        }
    }

    meter_common!();

    /// As [`Meter::read`].
    pub async fn read<const R: usize>(
        &mut self,
        plan: &Plan<R>,
    ) -> Result<Snapshot, ReadError<T::Error>> {
        self.check_plan(plan)?;
        let mut session = ReadSession::new(plan, self.orders, true);
        self.drive(&mut session).await;
        session.finish_strict()
    }

    /// As [`Meter::read_partial`].
    pub async fn read_partial<const R: usize>(
        &mut self,
        plan: &Plan<R>,
    ) -> Result<PartialRead<T::Error>, Error<T::Error>> {
        self.check_plan(plan)?;
        let mut session = ReadSession::new(plan, self.orders, false);
        self.drive(&mut session).await;
        Ok(session.finish())
    }

    async fn drive<const R: usize>(&mut self, session: &mut ReadSession<&Plan<R>, T::Error, R>) {
        let mut buf = [0u16; MAX_READ_REGISTERS as usize];
        while let Some(req) = session.next_request() {
            let words = &mut buf[..usize::from(req.count)];
            let result = self
                .transport
                .read_registers(self.unit, req.function, req.start, words)
                .await;
            session.complete(result.map(|()| &*words));
        }
    }

    /// As [`Meter::read_quantities`].
    pub async fn read_quantities(
        &mut self,
        quantities: &[Quantity],
    ) -> Result<Snapshot, ReadError<T::Error>> {
        let plan: Plan<CONVENIENCE_PLAN> =
            Plan::new(self.model, &QuantitySet::from_slice(quantities), &self.link)?;
        self.read(&plan).await
    }

    /// As [`Meter::read_preset`].
    pub async fn read_preset(&mut self, preset: Preset) -> Result<Snapshot, ReadError<T::Error>> {
        let plan: Plan<CONVENIENCE_PLAN> = Plan::preset(self.model, preset, &self.link)?;
        self.read(&plan).await
    }

    /// As [`Meter::identify`].
    pub async fn identify(&mut self) -> Result<Identity, Error<T::Error>> {
        let map = self.model.map();
        let mut identity = Identity::empty(self.model);
        let function = self.function();
        let mut buf = [0u16; MAX_READ_REGISTERS as usize];
        for (start, count) in identity_reads(map, &self.link)? {
            let words = &mut buf[..usize::from(count)];
            let wire = RegisterNumber::from_table(start).wire();
            match self
                .transport
                .read_registers(self.unit, function, wire, words)
                .await
            {
                Ok(()) => apply_identity(map, self.orders, start, words, &mut identity),
                Err(Error::Exception(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(identity)
    }

    /// As [`Meter::read_raw`].
    pub async fn read_raw(
        &mut self,
        first: RegisterNumber,
        out: &mut [u16],
    ) -> Result<(), Error<T::Error>> {
        let start = self.raw_start(first, out)?;
        let function = self.function();
        self.transport
            .read_registers(self.unit, function, start, out)
            .await
    }
}
