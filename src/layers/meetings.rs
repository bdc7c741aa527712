//! The `meetings` layer: one Point per meeting, at its venue, with its participants.

use super::properties::{core, extend_user, names, title};
use super::{style, Feature, Geometry};
use crate::geodesy::LonLat;
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
            let place = e.place.as_ref()?;
            let at = places.get(place)?;
            let mut p = core(
                &e.id,
                "meeting",
                &title(e, places),
                e,
                Some(place),
                Some(at),
            );
            p.insert("from".into(), names(from));
            extend_user(&mut p, e);
            style::point(&mut p, style::MEETING, "town-hall");
            Some(Feature {
                id: e.id.clone(),
                geometry: Geometry::Point(LonLat::new(at.lon, at.lat)),
                properties: p,
            })
        })
        .collect()
}
