//! The `meetings` layer: one Point per meeting, at its venue, with its participants and the
//! places they came from (whose arcs are in the `travel` layer).

use super::properties::{event_point, names};
use super::{style, Feature};
use crate::scenario::resolve::Places;
use crate::scenario::{Detail, Event};

/// Features of every meeting, in scenario order.
pub fn features(events: &[&Event], places: &Places) -> Vec<Feature> {
    events
        .iter()
        .filter_map(|e| {
            let Detail::Meeting { from, .. } = &e.detail else {
                return None;
            };
            event_point(e, places, "meeting", style::MEETING, "town-hall", |p| {
                p.insert("from".into(), names(from));
            })
        })
        .collect()
}
