//! The core properties every feature carries, in one fixed order: `id`, `kind`, `title`,
//! `description`, `start`, `end`, `place` (as written), `resolved_name`, `country`,
//! `participants`, `source`, `tags`. Layers then add their own, the scenario's free
//! `[properties]`, and the style. Missing values are written as `null`, so every feature of a
//! layer has the same fields (QGIS and GDAL build one attribute table from them).
//!
//! Properties go to a [`Props`] sink: serde_json's [`Map`], for the writers that need a whole
//! feature, or JSON text written straight into a buffer
//! ([`crate::output::point_json::JsonProps`], for streaming a million table rows without
//! building a map per row). The property code of the point layers is written once against
//! [`Props`], so the two cannot differ; `tests/it/tables.rs` builds tables both ways and compares the
//! bytes.

use std::sync::OnceLock;

use serde_json::{json, Map, Value};

use crate::geodesy::LonLat;
use crate::scenario::resolve::{Places, Resolved};
use crate::scenario::{Detail, Event, PlaceRef, When};

/// One property value.
#[derive(Debug, Clone, Copy)]
pub enum Prop<'a> {
    Null,
    Str(&'a str),
    /// A string, or null.
    OptStr(Option<&'a str>),
    F64(f64),
    U64(u64),
    /// Place names as written, as a list of strings.
    Names(&'a [PlaceRef]),
    /// Words, as a list of strings.
    Words(&'a [String]),
    /// A date or date-time in its normal form (`2024-07-09`), or null.
    When(Option<When>),
}

/// A sink for properties, set in order; a key is set once.
pub trait Props {
    /// One of diplomap's own properties: its name is a plain ASCII constant.
    fn set(&mut self, key: &'static str, value: Prop<'_>);
    /// A property named by the user (a scenario's `[properties]`, a table's extra column).
    fn set_user(&mut self, key: &str, value: &Value);
    /// A run of properties that is the same for every feature (a layer's style), set in order.
    fn set_fixed(&mut self, fixed: &Fixed) {
        for (key, value) in fixed.props {
            self.set(key, *value);
        }
    }
}

/// Properties that every feature of a kind carries alike (its style). A JSON sink writes
/// them as one copy of their JSON text, made once.
pub struct Fixed {
    props: &'static [(&'static str, Prop<'static>)],
    json: OnceLock<Vec<u8>>,
}

impl Fixed {
    pub const fn new(props: &'static [(&'static str, Prop<'static>)]) -> Self {
        Self {
            props,
            json: OnceLock::new(),
        }
    }

    /// The properties, in order.
    pub fn props(&self) -> &'static [(&'static str, Prop<'static>)] {
        self.props
    }

    /// Their text as a sink writes them, made by `make` the first time it is asked for.
    pub fn text(&self, make: impl FnOnce() -> Vec<u8>) -> &[u8] {
        self.json.get_or_init(make)
    }
}

impl Props for Map<String, Value> {
    fn set_user(&mut self, key: &str, value: &Value) {
        self.insert(key.to_string(), value.clone());
    }

    fn set(&mut self, key: &'static str, value: Prop<'_>) {
        let v = match value {
            Prop::Null => Value::Null,
            Prop::Str(s) => Value::from(s),
            Prop::OptStr(s) => s.map_or(Value::Null, Value::from),
            Prop::F64(n) => Value::from(n),
            Prop::U64(n) => Value::from(n),
            Prop::Names(list) => {
                Value::Array(list.iter().map(|p| Value::from(p.name.as_str())).collect())
            }
            Prop::Words(list) => {
                Value::Array(list.iter().map(|w| Value::from(w.as_str())).collect())
            }
            Prop::When(w) => w.map_or(Value::Null, |w| Value::from(w.to_string())),
        };
        self.insert(key.to_string(), v);
    }
}

/// Core properties of a feature drawn for `event`.
pub fn core(
    id: &str,
    kind: &str,
    title: &str,
    event: &Event,
    place: Option<&PlaceRef>,
    resolved: Option<&Resolved>,
) -> Map<String, Value> {
    let mut p = Map::new();
    core_into(&mut p, id, kind, title, event, place, resolved);
    p
}

/// [`fn@core`], into any [`Props`].
pub fn core_into<P: Props + ?Sized>(
    p: &mut P,
    id: &str,
    kind: &str,
    title: &str,
    event: &Event,
    place: Option<&PlaceRef>,
    resolved: Option<&Resolved>,
) {
    p.set("id", Prop::Str(id));
    p.set("kind", Prop::Str(kind));
    p.set("title", Prop::Str(title));
    p.set("description", Prop::OptStr(event.description.as_deref()));
    p.set("start", Prop::When(event.start));
    p.set("end", Prop::When(event.end));
    p.set("place", Prop::OptStr(place.map(|p| p.name.as_str())));
    p.set(
        "resolved_name",
        Prop::OptStr(resolved.map(|r| r.name.as_str())),
    );
    p.set(
        "country",
        Prop::OptStr(
            resolved
                .and_then(|r| r.country.as_ref())
                .map(|c| c.as_str()),
        ),
    );
    let participants: &[PlaceRef] = match &event.detail {
        Detail::Meeting { participants, .. } => participants,
        _ => &[],
    };
    p.set("participants", Prop::Names(participants));
    p.set("source", Prop::OptStr(event.source.as_deref()));
    p.set("tags", Prop::Words(&event.tags));
}

/// The scenario's free properties, after diplomap's own.
pub fn extend_user<P: Props + ?Sized>(p: &mut P, event: &Event) {
    for (k, v) in &event.properties {
        p.set_user(k, v);
    }
}

/// Names of places, as written, for list properties (`hosts`, `via`…).
pub fn names(list: &[PlaceRef]) -> Value {
    json!(list.iter().map(|p| p.name.as_str()).collect::<Vec<_>>())
}

/// The event's title, or one made from its kind and place ("Meeting in Moscow").
pub fn title(event: &Event, places: &Places) -> String {
    if let Some(t) = &event.title {
        return t.clone();
    }
    let at = event
        .place
        .as_ref()
        .map(|p| places.get(p).map_or(p.name.as_str(), |r| r.name.as_str()))
        .unwrap_or("");
    match &event.detail {
        Detail::Meeting { .. } => format!("Meeting in {at}"),
        Detail::Strike { .. } => format!("Strike on {at}"),
        Detail::Summit {
            organization: Some(org),
            ..
        } => format!("{org} summit in {at}"),
        Detail::Summit { .. } => format!("Summit in {at}"),
        Detail::Corridor { from, to, .. } => format!("{} – {} corridor", from.name, to.name),
    }
}

/// Properties of a line between places: ends and waypoints as written, mode and length.
pub fn line(
    p: &mut Map<String, Value>,
    from: &PlaceRef,
    to: &PlaceRef,
    via: &[PlaceRef],
    mode: &str,
    length_km: f64,
) {
    use crate::geodesy::{length::km_to_nm, precision::round1};
    p.insert("from".into(), json!(from.name));
    p.insert("to".into(), json!(to.name));
    p.insert("via".into(), names(via));
    p.insert("mode".into(), json!(mode));
    p.insert("length_km".into(), json!(round1(length_km)));
    p.insert("length_nm".into(), json!(round1(km_to_nm(length_km))));
}

/// How a point layer draws its events. A `static`, so that its style's JSON text is made once.
pub struct PointKind {
    /// The `kind` property.
    pub kind: &'static str,
    /// Its style ([`super::style::point`]).
    pub style: Fixed,
}

/// The properties of an event's Point feature at its resolved place, into any [`Props`]: core
/// properties, then `extra` (the layer's own), the scenario's `[properties]`, and a point
/// style. Returns the point, or `None` (nothing written) when the event has no resolved place.
pub fn point_into<P: Props + ?Sized>(
    p: &mut P,
    event: &Event,
    places: &Places,
    look: &PointKind,
    extra: impl FnOnce(&mut P),
) -> Option<LonLat> {
    let place = event.place.as_ref()?;
    let at = places.get(place)?;
    core_into(
        p,
        &event.id,
        look.kind,
        &title(event, places),
        event,
        Some(place),
        Some(at),
    );
    extra(p);
    extend_user(p, event);
    p.set_fixed(&look.style);
    Some(LonLat::new(at.lon, at.lat))
}

/// An event's Point feature, its properties filled into a map by `fill` (a point layer's
/// `point`, which gives the point); `None` when `fill` gives none.
pub fn point_feature(
    event: &Event,
    fill: impl FnOnce(&mut Map<String, Value>) -> Option<LonLat>,
) -> Option<super::Feature> {
    let mut p = Map::new();
    let at = fill(&mut p)?;
    Some(super::Feature {
        id: event.id.clone(),
        geometry: super::Geometry::Point(at),
        properties: p,
    })
}
