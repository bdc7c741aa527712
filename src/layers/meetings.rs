//! The `meetings` layer: one Point per meeting, at its venue, with its participants and the
//! places they came from (whose arcs are in the `travel` layer).

use super::properties::Fixed;
use super::properties::{point_feature, point_into, PointKind};
use super::properties::{Prop, Props};
use super::{style, Feature};
use crate::geodesy::LonLat;
use crate::scenario::resolve::Places;
use crate::scenario::{Detail, Event};

/// How meetings are drawn.
pub static LOOK: PointKind = PointKind {
    kind: "meeting",
    style: Fixed::new(&style::point(style::MEETING, "town-hall")),
};

/// The properties of a meeting's Point into any [`Props`]; the point, or `None` when the event
/// is not a meeting or has no resolved place.
pub fn point<P: Props + ?Sized>(p: &mut P, e: &Event, places: &Places) -> Option<LonLat> {
    let Detail::Meeting { from, .. } = &e.detail else {
        return None;
    };
    point_into(p, e, places, &LOOK, |p| p.set("from", Prop::Names(from)))
}

/// Features of every meeting, in scenario order.
pub fn features(events: &[&Event], places: &Places) -> Vec<Feature> {
    events
        .iter()
        .filter_map(|e| point_feature(e, |p| point(p, e, places)))
        .collect()
}
