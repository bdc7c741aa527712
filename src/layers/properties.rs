//! The core properties every feature carries, in one fixed order: `id`, `kind`, `title`,
//! `description`, `start`, `end`, `place` (as written), `resolved_name`, `country`,
//! `participants`, `source`, `tags`. Layers then add their own, the scenario's free
//! `[properties]`, and the style. Missing values are written as `null`, so every feature of a
//! layer has the same fields (QGIS and GDAL build one attribute table from them).

use serde_json::{json, Map, Value};

use crate::scenario::resolve::{Places, Resolved};
use crate::scenario::{Detail, Event, PlaceRef};

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
    p.insert("id".into(), json!(id));
    p.insert("kind".into(), json!(kind));
    p.insert("title".into(), json!(title));
    p.insert("description".into(), json!(event.description));
    p.insert("start".into(), json!(event.start.map(|w| w.to_string())));
    p.insert("end".into(), json!(event.end.map(|w| w.to_string())));
    p.insert("place".into(), json!(place.map(|p| &p.name)));
    p.insert("resolved_name".into(), json!(resolved.map(|r| &r.name)));
    p.insert(
        "country".into(),
        json!(resolved.and_then(|r| r.country.as_ref())),
    );
    let participants: Vec<&str> = match &event.detail {
        Detail::Meeting { participants, .. } => {
            participants.iter().map(|p| p.name.as_str()).collect()
        }
        _ => Vec::new(),
    };
    p.insert("participants".into(), json!(participants));
    p.insert("source".into(), json!(event.source));
    p.insert("tags".into(), json!(event.tags));
    p
}

/// The scenario's free properties, after diplomap's own.
pub fn extend_user(p: &mut Map<String, Value>, event: &Event) {
    for (k, v) in &event.properties {
        p.insert(k.clone(), v.clone());
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

/// The Point feature of an event at its resolved place: core properties, then `extra` (the
/// layer's own), the scenario's `[properties]`, and a point style. `None` when the event has no
/// resolved place.
pub fn event_point(
    event: &Event,
    places: &Places,
    kind: &str,
    color: &str,
    symbol: &str,
    extra: impl FnOnce(&mut Map<String, Value>),
) -> Option<super::Feature> {
    let place = event.place.as_ref()?;
    let at = places.get(place)?;
    let mut p = core(
        &event.id,
        kind,
        &title(event, places),
        event,
        Some(place),
        Some(at),
    );
    extra(&mut p);
    extend_user(&mut p, event);
    super::style::point(&mut p, color, symbol);
    Some(super::Feature {
        id: event.id.clone(),
        geometry: super::Geometry::Point(crate::geodesy::LonLat::new(at.lon, at.lat)),
        properties: p,
    })
}
