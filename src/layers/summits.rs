//! The `summits` layer: one Point per summit, at its venue, with the organisation, hosts,
//! members and absentees (whose outlines go to the `countries` layer).

use serde_json::json;

use super::properties::{event_point, names};
use super::{style, Feature};
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
            event_point(e, places, "summit", style::SUMMIT, "star", |p| {
                p.insert("organization".into(), json!(organization));
                p.insert("hosts".into(), names(hosts));
                p.insert("members".into(), names(members));
                p.insert("absent".into(), names(absent));
            })
        })
        .collect()
}
