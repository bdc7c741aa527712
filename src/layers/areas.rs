//! The `areas` layer: the outline of every area an event happens at or comes from — a sea, a
//! strait, a gulf, a region, a disputed area, a county — one feature per event and area, with a
//! `role` (`place` for where it happened, `from` for a strike's launch area or a meeting's place
//! of departure) and the area's `area_kind`. Each feature has its event's dates, so a strike in
//! the Red Sea lights the sea up while it lasts. The event itself stays a Point in its own layer,
//! at the area's representative point; an area the gazetteer has no outline for (a strait known
//! only as a point) has no feature here.

use serde_json::json;

use super::properties::{core, extend_user, title};
use super::{style, Feature, Geometry};
use crate::gazetteer::ResolvedKind;
use crate::scenario::resolve::{Places, Resolved};
use crate::scenario::{Detail, Event, PlaceRef};

/// Features of every area the events name, event by event.
pub fn features(events: &[&Event], places: &Places) -> Vec<Feature> {
    let mut out = Vec::new();
    for e in events {
        let mut named: Vec<(&str, &PlaceRef)> = Vec::new();
        named.extend(e.place.iter().map(|p| ("place", p)));
        match &e.detail {
            Detail::Strike { from: Some(p), .. } => named.push(("from", p)),
            Detail::Meeting { from, .. } => named.extend(from.iter().map(|p| ("from", p))),
            _ => {}
        }
        let event_title = title(e, places);
        let mut seen: Vec<&str> = Vec::new();
        for (role, p) in named {
            let Some(r) = places.get(p) else { continue };
            let Some(outline) = r.outline() else { continue };
            if seen.contains(&r.name.as_str()) {
                continue;
            }
            seen.push(&r.name);
            let id = format!("{}/{role}/{}", e.id, crate::scenario::ids::slug(&r.name));
            let feature_title = format!("{} ({}, {event_title})", r.name, r.kind.as_str());
            let mut props = core(&id, "area", &feature_title, e, Some(p), Some(r));
            props.insert("role".into(), json!(role));
            props.insert("event".into(), json!(e.id));
            props.insert("area_kind".into(), json!(r.kind.as_str()));
            extend_user(&mut props, e);
            let (color, opacity) = look(r);
            style::polygon(&mut props, color, opacity);
            out.push(Feature {
                id,
                geometry: Geometry::from_multipolygon(outline),
                properties: props,
            });
        }
    }
    out
}

/// Fill colour and opacity by kind of area: water blue, disputed areas in the strike red's
/// neighbour, land regions and counties a muted brown.
fn look(r: &Resolved) -> (&'static str, f64) {
    match r.kind {
        ResolvedKind::Ocean
        | ResolvedKind::Sea
        | ResolvedKind::Gulf
        | ResolvedKind::Bay
        | ResolvedKind::Strait => (style::WATER_AREA, 0.25),
        ResolvedKind::Disputed => (style::DISPUTED_AREA, 0.3),
        _ => (style::LAND_AREA, 0.2),
    }
}
