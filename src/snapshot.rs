//! [`Snapshot`]: one reading of many quantities from one meter, in normalised units, with
//! `None` for anything not available or not supported. Fixed size, no allocation.

use crate::decode::{PfCharacter, PowerFactor, Quadrant};
use crate::map::Model;
use crate::quantity::{Quantity, QuantitySet};

/// Values of many quantities read from one meter, in each quantity's normalised unit.
#[derive(Clone, PartialEq)]
pub struct Snapshot {
    model: Model,
    present: QuantitySet,
    values: [f64; Quantity::COUNT],
    /// Power-factor detail: 0 none, bit 0..1 character (1 lagging, 2 leading, 3 unity),
    /// bits 2..4 quadrant + 1.
    pf: [u8; Quantity::COUNT],
}

impl core::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut m = f.debug_map();
        for (q, v) in self.iter() {
            m.entry(&q, &v);
        }
        m.finish()
    }
}

impl Snapshot {
    /// An empty snapshot for `model`.
    pub const fn new(model: Model) -> Self {
        Snapshot {
            model,
            present: QuantitySet::EMPTY,
            values: [0.0; Quantity::COUNT],
            pf: [0; Quantity::COUNT],
        }
    }

    /// The model the values came from.
    pub const fn model(&self) -> Model {
        self.model
    }

    /// The value of `q` in its normalised unit, or `None` when not read or not available.
    pub fn get(&self, q: Quantity) -> Option<f64> {
        self.present.contains(q).then(|| self.values[q.index()])
    }

    /// Sets a value (in the quantity's normalised unit).
    pub fn set(&mut self, q: Quantity, value: f64) {
        self.present.insert(q);
        self.values[q.index()] = value;
        self.pf[q.index()] = 0;
    }

    /// Sets a power factor with its character and quadrant.
    pub fn set_power_factor(&mut self, q: Quantity, pf: PowerFactor) {
        self.set(q, f64::from(pf.value));
        self.set_pf_detail(q, pf.character, pf.quadrant);
    }

    /// Records lagging/leading and the quadrant of a power factor already set.
    fn set_pf_detail(&mut self, q: Quantity, character: PfCharacter, quadrant: Option<Quadrant>) {
        let pf = PowerFactor {
            value: 0.0,
            character,
            quadrant,
        };
        let character = match pf.character {
            PfCharacter::Lagging => 1,
            PfCharacter::Leading => 2,
            PfCharacter::Unity => 3,
        };
        let quadrant = match pf.quadrant {
            None => 0,
            Some(Quadrant::Q1) => 1,
            Some(Quadrant::Q2) => 2,
            Some(Quadrant::Q3) => 3,
            Some(Quadrant::Q4) => 4,
        };
        self.pf[q.index()] = character | (quadrant << 2);
    }

    /// Removes a value.
    pub fn clear(&mut self, q: Quantity) {
        self.present.remove(q);
        self.pf[q.index()] = 0;
    }

    /// A power factor with its lagging/leading character and quadrant, where the meter
    /// encodes them (four-quadrant registers). For meters that send a plain power factor only
    /// the value is known: `None` is returned here and [`Snapshot::get`] has the value.
    pub fn power_factor(&self, q: Quantity) -> Option<PowerFactor> {
        let value = self.get(q)?;
        let code = self.pf[q.index()];
        let character = match code & 3 {
            1 => PfCharacter::Lagging,
            2 => PfCharacter::Leading,
            3 => PfCharacter::Unity,
            _ => return None,
        };
        let quadrant = match code >> 2 {
            1 => Some(Quadrant::Q1),
            2 => Some(Quadrant::Q2),
            3 => Some(Quadrant::Q3),
            4 => Some(Quadrant::Q4),
            _ => None,
        };
        Some(PowerFactor {
            value: value as f32,
            character,
            quadrant,
        })
    }

    /// The quantities that have a value.
    pub const fn available(&self) -> QuantitySet {
        self.present
    }

    /// The number of values.
    pub const fn len(&self) -> usize {
        self.present.len()
    }

    /// Whether there is no value.
    pub const fn is_empty(&self) -> bool {
        self.present.is_empty()
    }

    /// The values, in [`Quantity::ALL`] order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (Quantity, f64)> + '_ {
        self.present.iter().map(|q| (q, self.values[q.index()]))
    }
}

#[cfg(feature = "serde")]
mod serde_impl {
    use super::*;
    use serde::de::{MapAccess, Visitor};
    use serde::ser::SerializeMap;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Lagging/leading and quadrant of a power factor, as serialised.
    #[derive(Serialize, Deserialize)]
    struct PfDetail {
        character: PfCharacter,
        quadrant: Option<Quadrant>,
    }

    /// Serialises as `{"model": "em6400ng", "values": {"current_a": 12.5, …}}`, plus
    /// `"power_factors": {"power_factor_total": {"character": "lagging", "quadrant": "Q1"}}`
    /// where the meter reported four-quadrant detail.
    impl Serialize for Snapshot {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            struct Values<'a>(&'a Snapshot);
            impl Serialize for Values<'_> {
                fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    let mut m = s.serialize_map(Some(self.0.len()))?;
                    for (q, v) in self.0.iter() {
                        m.serialize_entry(&q, &v)?;
                    }
                    m.end()
                }
            }
            struct Pfs<'a>(&'a Snapshot);
            impl Serialize for Pfs<'_> {
                fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    let mut m = s.serialize_map(None)?;
                    for (q, _) in self.0.iter() {
                        if let Some(pf) = self.0.power_factor(q) {
                            let detail = PfDetail {
                                character: pf.character,
                                quadrant: pf.quadrant,
                            };
                            m.serialize_entry(&q, &detail)?;
                        }
                    }
                    m.end()
                }
            }
            let has_pf = self.iter().any(|(q, _)| self.power_factor(q).is_some());
            let mut m = s.serialize_map(Some(2 + usize::from(has_pf)))?;
            m.serialize_entry("model", &self.model)?;
            m.serialize_entry("values", &Values(self))?;
            if has_pf {
                m.serialize_entry("power_factors", &Pfs(self))?;
            }
            m.end()
        }
    }

    impl<'de> Deserialize<'de> for Snapshot {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            #[derive(Default)]
            struct Values(heapless::Vec<(Quantity, f64), { Quantity::COUNT }>);
            impl<'de> Deserialize<'de> for Values {
                fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    struct V;
                    impl<'de> Visitor<'de> for V {
                        type Value = Values;
                        fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                            f.write_str("a map of quantity names to numbers")
                        }
                        fn visit_map<A: MapAccess<'de>>(
                            self,
                            mut a: A,
                        ) -> Result<Values, A::Error> {
                            let mut out = Values::default();
                            while let Some((q, v)) = a.next_entry::<Quantity, f64>()? {
                                if out.0.iter().any(|(seen, _)| *seen == q) {
                                    return Err(serde::de::Error::custom("duplicate quantity"));
                                }
                                out.0
                                    .push((q, v))
                                    .map_err(|_| serde::de::Error::custom("too many values"))?;
                            }
                            Ok(out)
                        }
                    }
                    d.deserialize_map(V)
                }
            }
            #[derive(Default)]
            struct Pfs(heapless::Vec<(Quantity, PfDetail), 16>);
            impl<'de> Deserialize<'de> for Pfs {
                fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    struct V;
                    impl<'de> Visitor<'de> for V {
                        type Value = Pfs;
                        fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                            f.write_str("a map of power-factor quantities to their detail")
                        }
                        fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Pfs, A::Error> {
                            let mut out = Pfs::default();
                            while let Some((q, d)) = a.next_entry::<Quantity, PfDetail>()? {
                                out.0.push((q, d)).map_err(|_| {
                                    serde::de::Error::custom("too many power factors")
                                })?;
                            }
                            Ok(out)
                        }
                    }
                    d.deserialize_map(V)
                }
            }
            struct S;
            impl<'de> Visitor<'de> for S {
                type Value = Snapshot;
                fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    f.write_str("a snapshot object with model and values")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Snapshot, A::Error> {
                    let mut model: Option<Model> = None;
                    let mut values: Option<Values> = None;
                    let mut pfs: Option<Pfs> = None;
                    while let Some(key) = a.next_key::<heapless::String<16>>()? {
                        match key.as_str() {
                            "model" => model = Some(a.next_value()?),
                            "values" => values = Some(a.next_value()?),
                            "power_factors" => pfs = Some(a.next_value()?),
                            _ => {
                                return Err(serde::de::Error::unknown_field(
                                    &key,
                                    &["model", "values", "power_factors"],
                                ))
                            }
                        }
                    }
                    let model = model.ok_or_else(|| serde::de::Error::missing_field("model"))?;
                    let values = values.ok_or_else(|| serde::de::Error::missing_field("values"))?;
                    let mut snap = Snapshot::new(model);
                    for (q, v) in values.0 {
                        snap.set(q, v);
                    }
                    for (q, d) in pfs.map(|p| p.0).unwrap_or_default() {
                        if !q.is_power_factor() {
                            return Err(serde::de::Error::custom(format_args!(
                                "{q} is not a power factor"
                            )));
                        }
                        if snap.get(q).is_none() {
                            return Err(serde::de::Error::custom(format_args!(
                                "power-factor detail for {q}, which has no value"
                            )));
                        }
                        snap.set_pf_detail(q, d.character, d.quadrant);
                    }
                    Ok(snap)
                }
            }
            d.deserialize_map(S)
        }
    }
}
