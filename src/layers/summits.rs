//! The `summits` layer: one Point per summit, at its venue, with the organisation, hosts,
//! members and absentees (whose outlines go to the `countries` layer).

use serde_json::json;

use super::properties::{core, extend_user, names, title};
use super::{style, Feature, Geometry};
use crate::geodesy::LonLat;
use crate::scenario::resolve::Places;
use crate::scenario::{Detail, Event};

/// Features of every summit, in scenario order.
pub fn features(events: &[&Event], places: &Places) -> Vec<Feature> {
    events
        .iter()
        .filter_map(|e| {
            let Detail::Summit {
                organization,
                hosts,
                members,
                absent,
            } = &e.detail
            else {
                return None;
            };
            let place = e.place.as_ref()?;
            let at = places.get(place)?;
            let mut p = core(&e.id, "summit", &title(e, places), e, Some(place), Some(at));
            p.insert("organization".into(), json!(organization));
            p.insert("hosts".into(), names(hosts));
            p.insert("members".into(), names(members));
            p.insert("absent".into(), names(absent));
            extend_user(&mut p, e);
            style::point(&mut p, style::SUMMIT, "star");
            Some(Feature {
                id: e.id.clone(),
                geometry: Geometry::Point(LonLat::new(at.lon, at.lat)),
                properties: p,
            })
        })
        .collect()
}
